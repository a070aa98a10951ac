"""What every reader shares: decoding, cues merged into turns, times, and the checks on a conversation.

A reader turns a file into `Piece`s (one cue, line or segment each, as the file gives it) and
`finish` merges them into the turns of a `Conversation`. A piece's speaker is None when the file
does not say who spoke: it is never guessed, and such pieces are left out of turns (their count
goes into `Conversation.meta["unattributed"]`). A turn's `talk` is the sum of its pieces' speech,
never its end minus its start, so a pause inside a turn is not talk.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..io import fileio
from ..model.conversation import Conversation, Turn
from ..model.errors import InputError

__all__ = ["Conversation", "Turn", "Piece", "Cue", "ReaderError", "merge_pieces", "check_times", "finish",
           "require_conversation", "parse_time", "clock", "ms", "stamp", "relative_clock", "read_text", "decode",
           "MAX_BYTES", "MAX_SECONDS", "FORMAT_NAMES"]

#: Largest transcript file read, in bytes. A one-hour Zoom VTT is ~100 KB; anything near this
#: limit is almost certainly not a transcript. Tests monkeypatch this rather than write big files.
MAX_BYTES = 20 * 1024 * 1024

#: A cue may start this much (seconds) before the previous cue's start before the file is refused
#: as out of time order (ASR segment boundaries jitter). Overlap with the previous cue's *end* is
#: allowed: people talk over each other.
ORDER_TOLERANCE = 0.5

#: Times beyond this (1,000 hours) are refused as malformed: no recording is that long, and
#: arithmetic on absurd values overflows (SRT hours beyond a C int, JSON 1e999 = infinity).
MAX_SECONDS = 1000 * 3600

TIMING_HINT = "a timing line looks like 00:01:02.000 --> 00:01:05.000"
SRT_HINT = "a timing line looks like 00:01:02,000 --> 00:01:05,000"

#: Human names of the formats, for reports and messages (keys are the READERS names).
FORMAT_NAMES = {
    "vtt": "WebVTT", "srt": "SRT", "text": "plain text", "zoom_txt": "Zoom TXT transcript",
    "zoom_captions": "Zoom saved captions", "otter_txt": "Otter.ai TXT", "whisperx_txt": "WhisperX TXT",
    "whisper_json": "Whisper JSON", "aws_json": "AWS Transcribe JSON", "podcast_json": "Podcast Namespace JSON",
    "json": "convocoach JSON", "csv": "CSV", "zoom_chat": "Zoom chat log", "session": "practice session",
}


class ReaderError(InputError):
    """An InputError raised inside a reader, before it knows the file: `finish` adds the path and
    the format's name ("... (read as WebVTT)")."""

    def __init__(self, message: str, line: int | None = None, col: int | None = None, hint: str | None = None,
                 fmt: str | None = None) -> None:
        super().__init__(message, None, line, col, hint)
        self.fmt = fmt


# --------------------------------------------------------------------------- reading bytes

_WHAT = "a transcript"
_HINT = "give a .txt, .vtt, .srt, .csv or .json transcript"


def read_text(path: Path, encoding: str | None = None) -> str:
    """Read a transcript file as text: regular files only, size limit while reading, BOMs, UTF-16,
    binary detection, CRLF (all by `fileio`, the decoding path every reader shares), or the named
    `encoding` (`--encoding cp1252`).

    Raises:
        InputError: a missing, oversized, binary or undecodable file (with the line of a bad byte).
    """
    data = fileio.read_bytes(path, MAX_BYTES, _WHAT, hint="split the recording's transcript into smaller files",
                             stdin_hint=True)
    return decode(data, path, encoding)


def decode(data: bytes, path: str | Path, encoding: str | None = None) -> str:
    """Bytes -> text with "\\n" line ends (see `read_text` and `fileio.decode`)."""
    if not encoding:
        try:
            return fileio.decode(data, path, _WHAT, hint=_HINT)
        except InputError as exc:
            if exc.message.startswith("not valid"):
                exc.hint = "if the file comes from an older Windows program, pass --encoding cp1252"
            raise
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=path,
                         hint="e.g. --encoding cp1252 or --encoding latin-1") from None
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"not valid {name} text (byte 0x{data[exc.start]:02x})", path=path, line=line, col=col,
                         hint="check the encoding the file was saved in") from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return fileio.check_printable(text, path, _WHAT)


# --------------------------------------------------------------------------- pieces and turns


def ms(seconds: float) -> float:
    """Seconds rounded to milliseconds (no float noise such as 0.6900000000000546)."""
    value = round(seconds, 3)
    return 0.0 if value == 0 else value


@dataclass(frozen=True)
class Piece:
    """A cue, line or segment before merging: one speaker's words with optional times and its line.

    `speaker` is None when the file does not say who spoke. `speech` is the summed word timings
    when the format has them (AWS items, Whisper words); otherwise the piece's speech is its end
    minus its start, and None when it has no end.
    """

    speaker: str | None
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None
    #: what a teacher's line asks for ("advice", ...), from a session record
    asks: str | None = None
    speech: float | None = None

    @property
    def duration(self) -> float | None:
        """Seconds of speech in this piece, or None when the format has no end times."""
        if self.speech is not None:
            return self.speech
        if self.start is not None and self.end is not None:
            return ms(max(0.0, self.end - self.start))
        return None


#: The name the readers use for a piece (a cue of a caption file, a line, a segment).
Cue = Piece


def merge_pieces(pieces: Iterable[Piece]) -> tuple[Turn, ...]:
    """Merge consecutive pieces of one speaker into turns (roles not yet assigned); drop empty text
    and pieces without a speaker. A turn's talk is the sum of its pieces' durations."""
    turns: list[Turn] = []
    cur: Piece | None = None
    parts: list[str] = []
    end: float | None = None
    asks: str | None = None
    talk: float | None = None

    def flush() -> None:
        if cur is not None and cur.speaker is not None and parts:
            turns.append(Turn(index=len(turns), role=None, speaker=cur.speaker, text=" ".join(parts),
                              start=cur.start, end=end, line=cur.line, asks=asks, talk=talk))

    for p in pieces:
        text = " ".join(p.text.split())
        if not text or p.speaker is None:
            continue
        d = p.duration
        if cur is not None and p.speaker == cur.speaker:
            parts.append(text)
            end = p.end if p.end is not None else end
            asks = "advice" if "advice" in (asks, p.asks) else (asks or p.asks)
            talk = talk if d is None else ms((talk or 0.0) + d)
            continue
        flush()
        cur, parts, end, asks, talk = p, [text], p.end, p.asks, d
    flush()
    return tuple(turns)


def finish(read: Callable[[], list[Piece]], path: str | Path, fmt: str) -> Conversation:
    """Run a reader's `read()`, merge its pieces into turns and check the conversation; a
    ReaderError gets the path and the format's name."""
    try:
        pieces = read()
    except ReaderError as exc:
        raise located(exc, path, exc.fmt or fmt) from None
    turns = merge_pieces(pieces)
    require_conversation(turns, path, FORMAT_NAMES.get(fmt, fmt))
    lost = sum(1 for p in pieces if p.speaker is None and p.text.strip())
    meta = {"unattributed": str(lost)} if lost else {}
    return Conversation(source=str(path), format=fmt, turns=turns, meta=meta)


def located(exc: InputError, path: str | Path, fmt: str) -> InputError:
    """The same error, at `path`, naming the format it was read as."""
    return InputError(f"{exc.message} (read as {FORMAT_NAMES.get(fmt, fmt)})", path=path, line=exc.line,
                      col=exc.col, hint=exc.hint)


# --------------------------------------------------------------------------- times


def stamp(seconds: float) -> str:
    """Seconds -> 'hh:mm:ss.mmm'."""
    total = int(round(seconds * 1000))
    h, rest = divmod(total, 3_600_000)
    m, rest = divmod(rest, 60_000)
    return f"{h:02d}:{m:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


_CLOCK_RE = re.compile(r"^(?:(\d{1,7}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,6}))?$")


def clock(value: str) -> float | None:
    """'01:02:03.500', '1:02', '0:00:06.8' -> seconds (to the millisecond); None if malformed or out of range."""
    m = _CLOCK_RE.match(value.strip())
    if not m:
        return None
    h, mi, s, frac = m.groups()
    if int(s) >= 60 or (h is not None and int(mi) >= 60):
        return None
    seconds = int(h or 0) * 3600 + int(mi) * 60 + int(s) + (int(frac) / 10 ** len(frac) if frac else 0.0)
    return ms(seconds) if seconds <= MAX_SECONDS else None


def bad_stamp(value: str, line: int, col: int, fmt: str, hint: str = "a timing line looks like 00:01:02.000 --> 00:01:05.000") -> ReaderError:
    """The error for a malformed timestamp, saying which part is out of range."""
    m = _CLOCK_RE.match(value)
    why = ""
    if m:
        h, mi, s, _ = m.groups()
        why = (" (seconds must be 00-59)" if int(s) >= 60 else
               " (minutes must be 00-59)" if h is not None and int(mi) >= 60 else
               f" (out of range: more than {MAX_SECONDS // 3600:,} hours)" if int(h or 0) * 3600 > MAX_SECONDS else "")
    elif re.match(r"^\d{8,}:", value):
        why = f" (out of range: more than {MAX_SECONDS // 3600:,} hours)"
    return ReaderError(f"malformed timestamp {value!r}{why}", line=line, col=col, hint=hint, fmt=fmt)


def relative_clock(values: list[float]) -> list[float]:
    """Wall-clock seconds -> seconds since the first, across midnight."""
    out: list[float] = []
    day = 0.0
    prev: float | None = None
    for v in values:
        if prev is not None and v + day < prev - 12 * 3600:
            day += 24 * 3600
        prev = v + day
        out.append(ms(prev - values[0]))
    return out


def check_times(pieces: Sequence[Piece], fmt: str) -> None:
    """Refuse a cue that ends before it starts, a cue repeated with its times and text, and cues out
    of time order (a start before the previous start, beyond `ORDER_TOLERANCE`). Overlap with the
    previous cue's end is allowed: people talk over each other."""
    prev: Piece | None = None
    for c in pieces:
        if c.start is not None and c.end is not None and c.end < c.start:
            raise ReaderError(f"cue ends ({stamp(c.end)}) before it starts ({stamp(c.start)})",
                              line=c.line, hint="fix the cue's times", fmt=fmt)
        if prev is not None and c.start is not None and prev.start is not None:
            if (c.start, c.end, c.speaker, c.text) == (prev.start, prev.end, prev.speaker, prev.text):
                raise ReaderError(f"this cue repeats the cue at line {prev.line} (same times and text)",
                                  line=c.line, hint="delete the repeated cue", fmt=fmt)
            if c.start < prev.start - ORDER_TOLERANCE:
                raise ReaderError(
                    f"cue starts at {stamp(c.start)}, before the cue at line {prev.line} ({stamp(prev.start)}): "
                    "cues are out of time order",
                    line=c.line, hint="export the transcript again, or put the cues in time order", fmt=fmt)
        if c.start is not None:
            prev = c


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
            f"only one speaker ({turns[0].speaker!r}) in this {fmt} transcript; a review needs a coach and "
            "someone to talk to",
            path=path, line=turns[0].line,
            hint="check that each turn starts with its speaker's name, e.g. 'Teacher: ...'",
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
        return ms(total) if total <= MAX_SECONDS else None
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        return None
    if seconds != seconds or seconds < 0 or seconds > MAX_SECONDS:
        return None
    return ms(seconds)


def check_timing_line(line: str, lineno: int, fmt: str, sep: str) -> tuple[float, float]:
    """Validate 'start --> end' and return both, naming the first wrong timestamp (with its column)."""
    left, arrow, right = line.partition("-->")
    stamps = [(left.strip(), len(left) - len(left.lstrip()) + 1)]
    if arrow:
        r = right.lstrip()
        stamps.append((r.split()[0] if r.split() else "", len(left) + 3 + len(right) - len(r) + 1))
    hint = TIMING_HINT if sep == "." else SRT_HINT
    frac = r"\." if sep == "." else r"[,.]"
    shape = re.compile(rf"^(?:\d+:)?\d{{1,2}}:\d{{1,2}}{frac}\d{{1,3}}$" if fmt == "vtt" else rf"^\d+:\d{{1,2}}:\d{{1,2}}{frac}\d{{1,3}}$")
    values: list[float] = []
    for text, col in stamps:
        value = clock(text) if shape.match(text) else None
        if value is None:
            if not text:
                raise ReaderError(f"malformed cue timing {line.strip()!r} (no end time)", line=lineno,
                                  col=len(line.rstrip()) + 1, hint=hint, fmt=fmt)
            raise bad_stamp(text, lineno, col, fmt, hint)
        values.append(value)
    if len(values) < 2:
        raise ReaderError(f"malformed cue timing {line.strip()!r} (expected 'start --> end')", line=lineno,
                          col=1, hint=hint, fmt=fmt)
    return values[0], values[1]


def check_order(pieces: Sequence[Piece], path: str | Path, fmt: str) -> None:
    """`check_times` for readers that know their path (JSON, CSV)."""
    try:
        check_times(pieces, fmt)
    except ReaderError as exc:
        raise located(exc, path, fmt) from None
