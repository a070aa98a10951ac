"""OpenAI Whisper / WhisperX JSON: segments with start, end, text, and speaker where diarised.
"""

from __future__ import annotations

from pathlib import Path

from .base import Conversation, Cue, ReaderError, finish, ms
from .jsondoc import Located, checked_cues, segments, speaker_field


def read_cues(text: str) -> list[Cue]:
    """OpenAI Whisper / WhisperX JSON: {"segments": [{"start", "end", "text", "speaker"?,
    "words"?: [{"word", "start", "end", "speaker"?}]}]} (a bare list of segments too).

    A segment's speech is the sum of its word timings when it has them (WhisperX leaves numbers it
    cannot align without times; they add nothing), else end - start. Segments without "speaker"
    have no speaker; a file in which no segment has one was not diarised and is refused."""
    doc = Located(text, "whisper_json")
    hint = 'expected {"segments": [{"start": 0.0, "end": 2.5, "text": "...", "speaker": "SPEAKER_00"}]}'
    segs = segments(doc, doc.data, 'a "segments" list', hint)
    cues: list[Cue] = []
    for seg in segs:
        start, end = doc.seconds(seg, "start"), doc.seconds(seg, "end")
        body = seg.get("text")
        if not isinstance(body, str):
            raise ReaderError('segment has no "text" string', line=doc.line(seg), hint=hint, fmt=doc.fmt)
        speech = None
        words = seg.get("words")
        if isinstance(words, list) and words:
            spans = []
            for w in words:
                if isinstance(w, dict) and w.get("start") is not None and w.get("end") is not None:
                    ws, we = doc.seconds(w, "start"), doc.seconds(w, "end")
                    assert ws is not None and we is not None
                    if we < ws:
                        raise ReaderError(f"word ends ({we}) before it starts ({ws})", line=doc.line(w), fmt=doc.fmt)
                    spans.append(we - ws)
            speech = ms(sum(spans)) if spans else None
        cues.append(Cue(speaker_field(seg, "speaker"), " ".join(body.split()), start, end, doc.line(seg), speech=speech))
    return checked_cues(cues, doc.fmt, "no segment has a speaker: this Whisper output was not diarised",
                        "run WhisperX with --diarize (or give a transcript with speaker names)")


def parse_whisper_json(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "whisper_json")
