"""SRT transcripts with 'Name: text' speaker prefixes, parsed with the `srt` package."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.errors import InputError
from .base import (
    MAX_SECONDS,
    Piece,
    Conversation,
    check_order,
    merge_pieces,
    parse_time,
    require_conversation,
    split_speaker,
)
from .vtt import UNKNOWN

_GOOD_TIMING = re.compile(
    r"^\s*\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}\s*-->\s*\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}(?:\s|$)"
)
_STAMP = re.compile(r"\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}")
_TAGS = re.compile(r"</?(?:[biu]|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)
_SPEAKER_DASH = re.compile(r"^\s*-\s*")


def parse_srt(text: str, path: str | Path) -> Conversation:
    """Parse SRT text (decoded, "\\n" line ends). Formatting tags like <i> and {\\an8} are removed."""
    import srt as srtlib

    lines = text.split("\n")
    for i, line in enumerate(lines, start=1):
        if "-->" in line and not _GOOD_TIMING.match(line):
            raise InputError(
                f"malformed timing line {line.strip()!r}",
                path=path, line=i, hint="expected a timestamp line like 00:01:02,000 --> 00:01:05,000",
            )
        if "-->" in line:
            for stamp in _STAMP.findall(line):
                if parse_time(stamp.replace(",", ".")) is None:
                    raise InputError(
                        f"timestamp {stamp!r} is out of range (more than {MAX_SECONDS // 3600:,} hours)",
                        path=path, line=i, hint="expected a timestamp line like 00:01:02,000 --> 00:01:05,000",
                    )
    try:
        subs = list(srtlib.parse(text))
    except srtlib.SRTParseError as exc:
        offset = exc.expected_start
        raise InputError(
            "expected a subtitle block (a number, a timing line like 00:01:02,000 --> 00:01:05,000, "
            f"then text); found {exc.unmatched_content.strip()[:60]!r}",
            path=path, line=text.count("\n", 0, offset) + 1,
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise InputError(f"not a valid SRT file: {exc}", path=path) from None
    timing_lines = [i for i, line in enumerate(lines, start=1) if "-->" in line]
    if len(timing_lines) != len(subs):
        timing_lines = [None] * len(subs)  # type: ignore[list-item]

    pieces: list[Piece] = []
    speaker: str | None = None
    for sub, lineno in zip(subs, timing_lines):
        body = _TAGS.sub("", sub.content)
        body = _SPEAKER_DASH.sub("", body)
        name, words = split_speaker(body)
        if name is not None:
            speaker = name
        pieces.append(
            Piece(speaker or UNKNOWN, words, sub.start.total_seconds(), sub.end.total_seconds(), lineno)
        )
    check_order(pieces, path)
    turns = merge_pieces(pieces)
    require_conversation(turns, path, "SRT")
    return Conversation(source=str(path), format="srt", turns=turns)
