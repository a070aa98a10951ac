"""Which format a transcript is, from its content: one predicate per reader, tried in READERS order.

The file name only breaks ties (`.srt` without cue numbers, `.csv`). A text that no predicate
claims is not a transcript convocoach knows (a stray README or SOURCES.txt): `review DIR` skips it
with a note, and a file given by name goes to its extension's reader, which says what is missing.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Callable

from .otter import OTTER_HEADER
from .plain import PLAIN_STAMP
from .speakers import accepted_speakers, declared_by_shape, speaker_label
from .whisperx_txt import WX_TIMED, WX_UNTIMED
from .zoom_captions import CLOCK_LINE
from .zoom_chat import is_chat_log
from .zoom_txt import ZOOM_HEADER

__all__ = ["Claim", "json_is", "vtt", "srt", "zoom_chat", "zoom_txt", "whisperx_txt", "otter_txt", "zoom_captions",
           "csv", "text"]

#: A reader's content test: (decoded text, file name) -> True when the text is in its format.
Claim = Callable[[str, str], bool]

_SRT_HEAD = re.compile(r"^\s*\d+\s*\n\s*\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}\s*-->")
_LIST_KEYS = ("turns", "transcript", "messages", "utterances")


def _kind_of(data: Any) -> str | None:
    if isinstance(data, dict):
        results = data.get("results")
        if isinstance(results, dict) and ("items" in results or "speaker_labels" in results or "transcripts" in results):
            return "aws_json"
        segs = data.get("segments")
        if isinstance(segs, list):
            first = next((s for s in segs if isinstance(s, dict)), {})
            return "podcast_json" if "body" in first or "startTime" in first else "whisper_json"
        return "json" if any(isinstance(data.get(k), list) for k in _LIST_KEYS) else None
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        first = data[0]
        if "start" in first and "end" in first and "text" in first and "teacher" not in first:
            return "whisper_json"
        if any(k in first for k in ("speaker", "name", "role", "teacher", "reply")):
            return "json"
    return None


@lru_cache(maxsize=8)
def json_kind(text: str, name: str) -> str | None:
    """The JSON reader for `text` ("aws_json", "podcast_json", "whisper_json", "json"), or None."""
    stripped = text.strip()
    looks_json = stripped.startswith("{") or re.match(r'\[\s*[{\["\]]', stripped) is not None
    if not (looks_json or (name.lower().endswith(".json") and stripped[:1] in ("{", "["))):
        return None
    try:
        return _kind_of(json.loads(stripped))
    except (ValueError, RecursionError):  # broken JSON still goes to its reader, which names the line
        for key, kind in (('"speaker_labels"', "aws_json"), ('"jobName"', "aws_json"),
                          ('"startTime"', "podcast_json"), ('"segments"', "whisper_json")):
            if key in stripped:
                return kind
        return "json" if name.lower().endswith(".json") else None


def json_is(kind: str) -> Claim:
    """The claim of one JSON reader."""
    return lambda text, name: json_kind(text, name) == kind


def _nonblank(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def vtt(text: str, name: str) -> bool:
    return text.lstrip().startswith("WEBVTT")


def srt(text: str, name: str) -> bool:
    first = text.strip().split("\n", 1)[0]
    if _SRT_HEAD.match(text.lstrip("\n")) or re.match(r"^\d+:\d{1,2}:\d{1,2},\d{1,3}\s*-->", first):
        return True
    return name.lower().endswith(".srt") and any("-->" in ln for ln in _nonblank(text)[:10])


def zoom_chat(text: str, name: str) -> bool:
    return is_chat_log(text)


def zoom_txt(text: str, name: str) -> bool:
    lines = _nonblank(text)
    return sum(1 for ln in lines if ZOOM_HEADER.match(ln)) >= 2 or bool(lines and ZOOM_HEADER.match(lines[0]))


def whisperx_txt(text: str, name: str) -> bool:
    lines = _nonblank(text)
    timed = sum(1 for ln in lines if WX_TIMED.match(ln))
    if timed >= 2 and timed >= 0.5 * len(lines):
        return True
    return sum(1 for ln in lines if (m := WX_UNTIMED.match(ln)) and declared_by_shape(m.group(1).strip())) >= 2


def otter_txt(text: str, name: str) -> bool:
    lines = [ln.rstrip() for ln in text.split("\n")]
    return sum(1 for i, ln in enumerate(lines) if (i == 0 or not lines[i - 1].strip()) and OTTER_HEADER.match(ln)
               and i + 1 < len(lines) and lines[i + 1].strip()) >= 2


def zoom_captions(text: str, name: str) -> bool:
    lines = _nonblank(text)
    clocked = sum(1 for ln in lines if CLOCK_LINE.match(ln) and " " in ln)
    return clocked >= 2 and clocked >= 0.5 * len(lines)


def csv(text: str, name: str) -> bool:
    return name.lower().endswith((".csv", ".tsv"))


def text(text: str, name: str) -> bool:
    """Plain "Name: text": some line's label is a speaker by the evidence rule (it recurs, or is a role word)."""
    return bool(accepted_speakers(lab[0] for ln in _nonblank(text) if (lab := speaker_label(PLAIN_STAMP.sub("", ln)))))
