"""Transcript readers: one module per format, one line each in `READERS`; every reader returns a
`Conversation` (roles not yet assigned).

Formats (chosen by content first, then by extension):

- WebVTT (.vtt; any file starting with "WEBVTT"): Zoom's "Name: text" cue bodies and Teams'
  `<v Name>` voice tags; NOTE/STYLE/REGION blocks are skipped; multi-line cues are one piece of
  text; a cue without a name continues the previous speaker. Parsed by webvtt-py; convocoach
  checks the timing lines itself first because webvtt-py silently drops malformed cues and keeps
  no line numbers.
- SRT (.srt): "Name: text" (or "- Name: text") cue bodies, <i>/<font> and {\\an8} tags removed.
  Parsed by the `srt` package; timing lines are checked first for the same reason.
- Plain text (.txt, .md, anything else): "Name: text" lines; lines without a name continue the
  current turn; lines before the first name (a title) are ignored; an optional leading
  "[00:01:02]" gives the turn's start. Written here: there is no standard to parse.
- JSON (.json): `play` session records and turn lists (see `jsonfile`). Written here: our format.
- CSV (.csv, .tsv): speaker,text[,start,end] with an optional header (see `csvfile`).

Every reader: UTF-8 (BOM or not), UTF-16/32 with a BOM, UTF-16 without one; CRLF/CR line ends;
a size limit (`base.MAX_BYTES`); binary files refused; cues out of time order refused; consecutive
lines or cues of one speaker merged into one turn; at least two speakers. Problems raise
`InputError` with file:line.

Adding a format: a module with a `parse_<name>(text, path) -> Conversation` function, and one
`Reader` line in `READERS` (its suffixes, and `claims` when its content can be recognised).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import BinaryIO, Callable, Sequence

from ..model.conversation import Conversation
from ..model.errors import InputError
from .base import MAX_BYTES, decode, read_text

__all__ = ["Conversation", "READERS", "Reader", "read_transcript", "read_transcript_stream", "detect_format",
           "parse_transcript", "transcript_files", "TRANSCRIPT_SUFFIXES", "MAX_BYTES", "STDIN_NAME"]

_SRT_START = re.compile(r"^\s*\d+\s*\n\s*\d+:\d+:\d+[,.]\d+\s*-->")


@dataclass(frozen=True)
class Reader:
    """A transcript format: its name, file suffixes, how to recognise it, and its parse function.

    `claims(text)` recognises the format from content alone and wins over the extension;
    `looks_like(text)` is consulted only when the extension says nothing. The parse function is
    `module:function` in this package, imported when a file of the format is read.
    """

    name: str
    suffixes: tuple[str, ...]
    parse: str
    claims: Callable[[str], bool] | None = None
    looks_like: Callable[[str], bool] | None = None

    def parser(self) -> Callable[[str, str | Path], Conversation]:
        module, _, function = self.parse.partition(":")
        fn: Callable[[str, str | Path], Conversation] = getattr(import_module(f"{__name__}.{module}"), function)
        return fn


def _head(text: str) -> str:
    return text.lstrip()[:200]


#: The readers, in the order their `claims` are tried. The last one is the default.
READERS: dict[str, Reader] = {r.name: r for r in (
    Reader("vtt", (".vtt",), "vtt:parse_vtt", claims=lambda text: _head(text).startswith("WEBVTT")),
    Reader("srt", (".srt",), "srt:parse_srt", claims=lambda text: bool(_SRT_START.match(text.lstrip("\n")))),
    Reader("json", (".json",), "jsonfile:parse_json", looks_like=lambda text: _head(text)[:1] in ("{", "[")),
    Reader("csv", (".csv", ".tsv"), "csvfile:parse_csv"),
    Reader("text", (".txt", ".text", ".md"), "plain:parse_plain"),
)}
DEFAULT_READER = "text"
#: file suffix -> reader name (the suffixes `review DIR` looks for)
TRANSCRIPT_SUFFIXES: dict[str, str] = {s: r.name for r in READERS.values() for s in r.suffixes}


def detect_format(path: Path, text: str) -> str:
    """Choose a reader: content that is unmistakably one format wins, then the extension."""
    for reader in READERS.values():
        if reader.claims is not None and reader.claims(text):
            return reader.name
    by_ext = TRANSCRIPT_SUFFIXES.get(path.suffix.lower())
    if by_ext:
        return by_ext
    head = _head(text)
    for reader in READERS.values():
        if head and reader.looks_like is not None and reader.looks_like(text):
            return reader.name
    return DEFAULT_READER


def parse_transcript(text: str, path: str | Path, fmt: str) -> Conversation:
    """Parse decoded text with the reader for `fmt`."""
    if not text.strip():
        raise InputError("the file is empty", path=path, line=1, hint="give a transcript with 'Name: text' turns")
    return READERS.get(fmt, READERS[DEFAULT_READER]).parser()(text, path)


STDIN_NAME = "<stdin>"


def read_transcript_stream(stream: BinaryIO, fmt: str | None = None, name: str = STDIN_NAME) -> Conversation:
    """Read a transcript from a byte stream (standard input): same limits, decoding and readers as a
    file; the format comes from the content (WEBVTT, SRT cue numbers, JSON), else plain text."""
    from ..io import fileio
    from . import base

    data = fileio.read_stream(stream, base.MAX_BYTES, name, "a transcript",
                              hint="split the recording's transcript into smaller files")
    text = decode(data, name)
    return parse_transcript(text, name, fmt or detect_format(Path(name), text))


def read_transcript(path: str | Path, fmt: str | None = None) -> Conversation:
    """Read a transcript file, choosing the reader by content and extension.

    Args:
        path: the file.
        fmt: force a reader (a key of READERS: "text", "vtt", "srt", "json", "csv").

    Raises:
        InputError: anything wrong with the file, with file:line where there is one.
    """
    path = Path(path)
    text = read_text(path)
    return parse_transcript(text, path, fmt or detect_format(path, text))


def transcript_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given; directories searched (recursively, sorted) for transcript files."""
    files: list[Path] = []
    for p in paths:
        if str(p) == "-":  # a transcript on standard input
            files.append(p)
        elif p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in TRANSCRIPT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise InputError("no transcripts in this directory", path=p,
                                 hint="transcripts end in " + ", ".join(sorted(TRANSCRIPT_SUFFIXES)))
            files += found
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such file or directory", path=p)
    return list(dict.fromkeys(files))
