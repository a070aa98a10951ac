"""Plain-text transcripts: 'Name: text' lines, continuation lines, blank lines, optional [00:01:02] times."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.errors import InputError
from .base import Piece, Conversation, check_order, merge_pieces, parse_time, require_conversation, split_speaker

# A leading timestamp: "[00:01:02]", "[1:02]", "(00:01:02.5)", or a bare "00:01:02" before a name.
_STAMP = re.compile(r"^\s*(?:[\[(]([^\])]{1,20})[\])]|(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)(?=\s))\s*")
_LOOKS_LIKE_TIME = re.compile(r"^[\d:.,\s]+$")


def parse_plain(text: str, path: str | Path) -> Conversation:
    """Parse plain text. Lines before the first 'Name:' line (a title, a date) are ignored.

    A line with no 'Name:' prefix continues the current speaker's turn. A bracketed or leading
    timestamp gives the turn's start time; a bracketed value that looks like a time but is not
    one (e.g. "[00:75:10]") is an error with its line.
    """
    pieces: list[Piece] = []
    current: str | None = None
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        start: float | None = None
        m = _STAMP.match(line)
        if m:
            bracketed = m.group(1) is not None
            stamp = m.group(1) if bracketed else m.group(2)
            rest = line[m.end():]
            # A bare "10:30" only counts as a timestamp when a speaker follows it.
            if _LOOKS_LIKE_TIME.match(stamp) and (bracketed or split_speaker(rest)[0] is not None):
                start = parse_time(stamp)
                if start is None:
                    raise InputError(
                        f"malformed timestamp {stamp.strip()!r}",
                        path=path, line=lineno, col=m.start(1 if bracketed else 2) + 1,
                        hint="write times as [hh:mm:ss] or [mm:ss], e.g. [00:01:02]",
                    )
                line = rest
        speaker, words = split_speaker(line)
        if speaker is None:
            if current is None:
                continue  # preamble before the first speaker
            pieces.append(Piece(current, line, None, None, lineno))
            continue
        current = speaker
        pieces.append(Piece(speaker, words, start, None, lineno))
    check_order([p for p in pieces if p.start is not None], path)
    turns = merge_pieces(pieces)
    require_conversation(turns, path, "plain-text")
    return Conversation(source=str(path), format="text", turns=turns)
