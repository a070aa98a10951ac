"""Podcast Namespace JSON transcripts: {"version", "segments": [{"speaker", "startTime", "endTime", "body"}]}.
"""

from __future__ import annotations

from pathlib import Path

from .base import Conversation, Cue, ReaderError, finish
from .jsondoc import Located, checked_cues, segments, speaker_field


def read_cues(text: str) -> list[Cue]:
    """Podcast Namespace JSON: {"version", "segments": [{"speaker"?, "startTime", "endTime"?, "body"}]}.
    Segments are often one word each; merging makes turns. Speech is endTime - startTime when given."""
    doc = Located(text, "podcast_json")
    hint = 'expected {"version": "1.0.0", "segments": [{"speaker": "Dana", "startTime": 0.5, "endTime": 0.9, "body": "..."}]}'
    segs = segments(doc, doc.data, 'a "segments" list', hint)
    cues = []
    for seg in segs:
        body = seg.get("body")
        if not isinstance(body, str):
            raise ReaderError('segment has no "body" string', line=doc.line(seg), hint=hint, fmt=doc.fmt)
        start = doc.seconds(seg, "startTime")
        end = doc.seconds(seg, "endTime", required=False)
        if body.strip():
            cues.append(Cue(speaker_field(seg, "speaker"), " ".join(body.split()), start, end, doc.line(seg)))
    return checked_cues(cues, doc.fmt, 'no segment has a "speaker"',
                        "a review needs who spoke; regenerate the transcript with speaker names")


def parse_podcast_json(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "podcast_json")
