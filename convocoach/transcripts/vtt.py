"""WebVTT transcripts (Zoom 'Name: text' cue bodies, Teams <v Name> voice tags), parsed with webvtt-py.

webvtt-py parses the cues, NOTE/STYLE/REGION blocks and cue tags; it silently skips malformed
cue blocks and keeps no line numbers, so this module first checks every timing line itself and
reports the first bad one as file:line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.errors import InputError
from .base import Piece, Conversation, check_order, merge_pieces, parse_time, require_conversation, split_speaker

_TS = r"(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}"
_TIMING = re.compile(rf"^\s*({_TS})\s*-->\s*({_TS})(?:\s|$)")
UNKNOWN = "Unknown speaker"


def parse_vtt(text: str, path: str | Path) -> Conversation:
    """Parse WebVTT text (already decoded, BOM removed, "\\n" line ends)."""
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    lines = text.split("\n")
    if not lines or not lines[0].startswith("WEBVTT"):
        raise InputError(
            "expected a WebVTT file to start with 'WEBVTT'",
            path=path, line=1, hint="is this an SRT file? give it the .srt extension",
        )
    timing_lines = _check_timings(lines, path)
    try:
        captions = list(webvtt.from_string(text).captions)
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise InputError(f"not a valid WebVTT file: {exc}", path=path) from None
    if len(captions) != len(timing_lines):
        timing_lines = [None] * len(captions)  # type: ignore[list-item]

    pieces: list[Piece] = []
    speaker: str | None = None
    for cap, lineno in zip(captions, timing_lines):
        voice = cap.voice
        body = cap.text
        if voice:
            speaker = " ".join(voice.split())
            words = body
        else:
            name, words = split_speaker(body)
            if name is not None:
                speaker = name
        start, end = _seconds(cap.start), _seconds(cap.end)
        pieces.append(Piece(speaker or UNKNOWN, words, start, end, lineno))
    check_order(pieces, path)
    turns = merge_pieces(pieces)
    require_conversation(turns, path, "WebVTT")
    return Conversation(source=str(path), format="vtt", turns=turns)


def _seconds(stamp: str) -> float:
    value = parse_time(stamp)
    return 0.0 if value is None else value


def _check_timings(lines: list[str], path: str | Path) -> list[int]:
    """Line numbers of the cue timing lines; InputError at the first malformed one."""
    found: list[int] = []
    block_kind: str | None = None
    block_start = 0
    block_len = 0
    block_first = ""
    in_header = True
    for i, line in enumerate(lines + [""], start=1):
        if not line.strip():
            if block_kind == "cue" and not (found and found[-1] >= block_start):
                raise InputError(
                    "expected a cue timing line in this block",
                    path=path, line=block_start,
                    hint="expected a timing line like 00:01:02.000 --> 00:01:05.000",
                )
            if block_kind is not None:
                in_header = False
            block_kind = None
            continue
        if block_kind is None:
            first = line.strip()
            block_start, block_len, block_first = i, 0, first
            block_kind = "skip" if (in_header or first.startswith(("NOTE", "STYLE", "REGION"))) else "cue"
        block_len += 1
        if block_kind == "skip" or "-->" not in line:
            if block_kind == "cue" and block_len == 2 and not (found and found[-1] >= block_start):
                if re.search(r"\d:\d", block_first):
                    raise InputError(
                        f"malformed cue timing {block_first[:60]!r}",
                        path=path, line=block_start,
                        hint="expected a timing line like 00:01:02.000 --> 00:01:05.000",
                    )
                raise InputError(
                    f"expected a cue timing line, found {line.strip()[:60]!r}",
                    path=path, line=i,
                    hint="expected a timing line like 00:01:02.000 --> 00:01:05.000",
                )
            continue
        m = _TIMING.match(line)
        bad = None
        if not m:
            bad = line.strip()
        else:
            for stamp in m.groups():
                if parse_time(stamp) is None:
                    bad = stamp
        if bad is not None:
            raise InputError(
                f"malformed cue timing {bad!r}",
                path=path, line=i,
                hint="expected a timing line like 00:01:02.000 --> 00:01:05.000",
            )
        found.append(i)
    return found
