"""What every reader shares: decoding, pieces merged into turns, time parsing and the checks on a conversation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..io import fileio
from ..model.conversation import Conversation, Turn
from ..model.errors import InputError

__all__ = ["Conversation", "Turn", "Piece", "merge_pieces", "check_order", "require_conversation", "parse_time",
           "split_speaker", "read_text", "decode", "MAX_BYTES", "MAX_SECONDS"]

#: Largest transcript file read, in bytes. A one-hour Zoom VTT is ~100 KB; anything near this
#: limit is almost certainly not a transcript. Tests monkeypatch this rather than write big files.
MAX_BYTES = 20 * 1024 * 1024

#: Cues may overlap by this much (seconds) before the file is refused as out of order.
OVERLAP_TOLERANCE = 0.5

#: Times beyond this (1,000 hours) are refused as malformed: no recording is that long, and
#: arithmetic on absurd values overflows (SRT hours beyond a C int, JSON 1e999 = infinity).
MAX_SECONDS = 1000 * 3600


# --------------------------------------------------------------------------- reading bytes

_WHAT = "a transcript"
_HINT = "give a .txt, .vtt, .srt, .csv or .json transcript"


def read_text(path: Path) -> str:
    """Read a transcript file as text: regular files only, size limit while reading, BOMs, UTF-16,
    binary detection, CRLF (all by `fileio`, the decoding path every reader shares).

    Returns text with "\\n" line ends and no BOM.

    Raises:
        InputError: a missing, oversized, binary or undecodable file (with the line of a bad byte).
    """
    data = fileio.read_bytes(path, MAX_BYTES, _WHAT, hint="split the recording's transcript into smaller files",
                             stdin_hint=True)
    return decode(data, path)


def decode(data: bytes, path: str | Path) -> str:
    """Bytes -> text with "\\n" line ends (see `read_text` and `fileio.decode`)."""
    return fileio.decode(data, path, _WHAT, hint=_HINT)


# --------------------------------------------------------------------------- building turns


@dataclass(frozen=True)
class Piece:
    """A line or cue before merging: one speaker's words with optional times and its line."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None
    #: what a teacher's line asks for ("advice", ...), from a session record
    asks: str | None = None


def merge_pieces(pieces: Iterable[Piece]) -> tuple[Turn, ...]:
    """Merge consecutive pieces of one speaker into turns (roles not yet assigned); drop empty text."""
    turns: list[Turn] = []
    cur: Piece | None = None
    parts: list[str] = []
    end: float | None = None
    asks: str | None = None

    def flush() -> None:
        if cur is not None and parts:
            turns.append(
                Turn(
                    index=len(turns), role=None, speaker=cur.speaker, text=" ".join(parts),
                    start=cur.start, end=end, line=cur.line, asks=asks,
                )
            )

    for p in pieces:
        text = " ".join(p.text.split())
        if not text:
            continue
        if cur is not None and p.speaker == cur.speaker:
            parts.append(text)
            end = p.end if p.end is not None else end
            asks = "advice" if "advice" in (asks, p.asks) else (asks or p.asks)
            continue
        flush()
        cur, parts, end, asks = p, [text], p.end, p.asks
    flush()
    return tuple(turns)


def check_order(pieces: Sequence[Piece], path: str | Path) -> None:
    """Refuse cues that start before the previous one (beyond a small overlap) or end before they start."""
    prev: Piece | None = None
    for p in pieces:
        if p.start is not None and p.end is not None and p.end < p.start:
            raise InputError(
                f"cue ends ({_precise(p.end)}) before it starts ({_precise(p.start)})",
                path=path, line=p.line, hint="fix the cue's timestamps",
            )
        if prev is not None and p.start is not None and prev.start is not None:
            limit = prev.end if prev.end is not None else prev.start
            if p.start < prev.start or p.start < limit - OVERLAP_TOLERANCE:
                raise InputError(
                    f"cue starts at {_precise(p.start)}, overlapping the previous cue "
                    f"(line {prev.line}, {_precise(prev.start)} --> {_precise(limit)})",
                    path=path, line=p.line,
                    hint="cues must be in time order to measure wait time; export the transcript "
                    "again or fix the timestamps",
                )
        if p.start is not None:
            prev = p


def _precise(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    return f"{h:02d}:{m:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def require_conversation(turns: Sequence[Turn], path: str | Path, fmt: str) -> None:
    """Refuse transcripts with no turns, a single speaker, or a turn too long to analyse."""
    if not turns:
        raise InputError(
            f"no speaker turns found in this {fmt} transcript",
            path=path, line=1,
            hint="each turn needs a speaker, e.g. 'Coach: What are you noticing?'",
        )
    from ..nlp.analyzer import MAX_CHARS

    for t in turns:
        if len(t.text) > MAX_CHARS:
            raise InputError(
                f"a turn of {t.speaker!r} is {len(t.text):,} characters; at most {MAX_CHARS:,} can be analysed",
                path=path, line=t.line,
                hint="split it into shorter turns (does every line start with its speaker's name?)",
            )
    speakers = {t.speaker for t in turns}
    if len(speakers) < 2:
        raise InputError(
            f"only one speaker ({turns[0].speaker!r}) in this transcript; a review needs a coach and a teacher",
            path=path, line=turns[0].line,
            hint="check that each line starts with its speaker's name, e.g. 'Teacher: ...'",
        )


_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_time(value: str) -> float | None:
    """'01:02:03.500', '1:02', '62.5' -> seconds; None if it is not a time (or beyond MAX_SECONDS)."""
    value = value.strip()
    m = _TIME.match(value)
    if m:
        h, mi, s, frac = m.groups()
        if int(s) >= 60 or (h is not None and int(mi) >= 60) or (h is not None and len(h) > 7):
            return None
        total = int(h or 0) * 3600 + int(mi) * 60 + int(s) + (int(frac.ljust(3, "0")) / 1000 if frac else 0.0)
        return total if total <= MAX_SECONDS else None
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        return None
    if seconds != seconds or seconds < 0 or seconds > MAX_SECONDS:
        return None
    return seconds


def split_speaker(text: str) -> tuple[str | None, str]:
    """'Name: words' -> ('Name', 'words'); a line without a plausible name -> (None, line)."""
    m = SPEAKER.match(text)
    if not m:
        return None, text
    name = m.group(1).strip()
    if len(name.split()) > 4:
        return None, text
    return name, m.group(2) or ""


#: A speaker label: starts with a letter, up to 40 name-like characters, then ':' and a space or
#: the end of the line ("https://..." has no space after the colon, so it is not a name).
SPEAKER = re.compile(r"^\s*([^\W\d_][\w .'’()&-]{0,39}?)\s*:(?:\s+(.*)|\s*$)", re.DOTALL)
