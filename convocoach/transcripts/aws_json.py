"""AWS Transcribe batch JSON with speaker partitioning (results.speaker_labels segments + results.items).
"""

from __future__ import annotations

from pathlib import Path

from dataclasses import replace

from .base import Conversation, Cue, ReaderError, check_times, finish, ms
from .jsondoc import Located, speaker_field


def read_cues(text: str) -> list[Cue]:
    """AWS Transcribe batch output with speaker partitioning: one cue per `results.speaker_labels.
    segments` entry; its words are the `results.items` its segment items point to (matched by start
    and end time), punctuation items attached to the word before them. Speech is the sum of the
    words' durations. Output without speaker_labels but with `speaker_label` on each item (newer
    jobs) is grouped by consecutive items instead."""
    doc = Located(text, "aws_json")
    data = doc.data
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, dict) or not isinstance(results.get("items"), list):
        raise ReaderError('expected an AWS Transcribe result with "results": {"items": [...]}',
                          line=doc.line(data) if isinstance(data, dict) else 1, fmt=doc.fmt)
    items = results["items"]
    words: list[tuple[int, float, float, str]] = []  # (item index, start, end, text with punctuation)
    by_time: dict[tuple[float, float], list[int]] = {}
    for idx, item in enumerate(items):
        if not isinstance(item, dict):
            raise ReaderError("an item is not an object", line=1, fmt=doc.fmt)
        alts = item.get("alternatives")
        content = alts[0].get("content") if isinstance(alts, list) and alts and isinstance(alts[0], dict) else None
        if not isinstance(content, str):
            raise ReaderError('item has no "alternatives": [{"content": ...}]', line=doc.line(item), fmt=doc.fmt)
        if item.get("type") == "punctuation":
            if words:
                words[-1] = (*words[-1][:3], words[-1][3] + content)
            continue
        s, e = doc.seconds(item, "start_time"), doc.seconds(item, "end_time")
        assert s is not None and e is not None
        if e < s:
            raise ReaderError(f"item {content!r} ends ({e}) before it starts ({s})", line=doc.line(item), fmt=doc.fmt)
        by_time.setdefault((s, e), []).append(len(words))
        words.append((idx, s, e, content))
    labels = results.get("speaker_labels")
    cues: list[Cue] = []
    if isinstance(labels, dict) and isinstance(labels.get("segments"), list):
        used: set[int] = set()
        for seg in labels["segments"]:
            if not isinstance(seg, dict):
                raise ReaderError("a speaker_labels segment is not an object", line=1, fmt=doc.fmt)
            start, end = doc.seconds(seg, "start_time"), doc.seconds(seg, "end_time")
            mine: list[int] = []
            for si in seg.get("items") or []:
                if not isinstance(si, dict):
                    raise ReaderError("a segment item is not an object", line=doc.line(seg), fmt=doc.fmt)
                key = (doc.seconds(si, "start_time"), doc.seconds(si, "end_time"))
                queue = [w for w in by_time.get(key, []) if w not in used]  # type: ignore[arg-type]
                if not queue:
                    raise ReaderError(f"segment item at {key[0]}-{key[1]} s matches no word in results.items",
                                      line=doc.line(si), hint="the file was edited by hand; export it again", fmt=doc.fmt)
                used.add(queue[0])
                mine.append(queue[0])
            text_ = " ".join(words[w][3] for w in mine)
            speech = ms(sum(words[w][2] - words[w][1] for w in mine))
            cues.append(Cue(speaker_field(seg, "speaker_label"), text_, start, end, doc.line(seg), speech=speech))
    elif any(isinstance(it, dict) and it.get("speaker_label") for it in items):
        for idx, s, e, t in words:
            spk = speaker_field(items[idx], "speaker_label")
            if cues and cues[-1].speaker == spk:
                last = cues[-1]
                cues[-1] = replace(last, text=f"{last.text} {t}", end=e, speech=ms((last.speech or 0) + e - s))
            else:
                cues.append(Cue(spk, t, s, e, doc.line(items[idx]), speech=ms(e - s)))
    else:
        raise ReaderError("no speaker labels: this AWS Transcribe job ran without speaker partitioning",
                          line=doc.line(results), hint="run the job with ShowSpeakerLabels=true and MaxSpeakerLabels "
                          "set to the number of people", fmt=doc.fmt)
    check_times(cues, doc.fmt)
    return cues


def parse_aws_json(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "aws_json")
