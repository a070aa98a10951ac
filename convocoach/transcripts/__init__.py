"""Transcript readers: plain text, WebVTT, SRT, JSON session records and CSV -> `Transcript`.

Formats (chosen by content first, then by extension):

- WebVTT (.vtt; any file starting with "WEBVTT"): Zoom's "Name: text" cue bodies and Teams'
  `<v Name>` voice tags; NOTE/STYLE/REGION blocks are skipped; multi-line cues are one piece of
  text; a cue without a name continues the previous speaker. Parsed by webvtt-py; convocoach
  checks the timing lines itself first because webvtt-py silently drops malformed cues and keeps
  no line numbers.
- SRT (.srt): "Name: text" (or "- Name: text") cue bodies, <i>/<font> and {\an8} tags removed.
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
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from ..model.errors import InputError
from .base import MAX_BYTES, Transcript, TurnRecord, decode, read_text

__all__ = ["Transcript", "TurnRecord", "read_transcript", "read_transcript_stream", "detect_format",
           "parse_transcript", "FORMATS", "TRANSCRIPT_SUFFIXES", "MAX_BYTES", "STDIN_NAME"]

FORMATS = ("text", "vtt", "srt", "json", "csv")
TRANSCRIPT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".vtt": "vtt", ".srt": "srt",
                       ".json": "json", ".csv": "csv", ".tsv": "csv"}

_SRT_START = re.compile(r"^\s*\d+\s*\n\s*\d+:\d+:\d+[,.]\d+\s*-->")


def detect_format(path: Path, text: str) -> str:
    """Choose a reader: content that is unmistakably WebVTT/SRT/JSON wins, then the extension."""
    head = text.lstrip()[:200]
    if head.startswith("WEBVTT"):
        return "vtt"
    if _SRT_START.match(text.lstrip("\n")):
        return "srt"
    by_ext = TRANSCRIPT_SUFFIXES.get(path.suffix.lower())
    if by_ext:
        return by_ext
    if head[:1] in "{[" and head:
        return "json"
    return "text"


def parse_transcript(text: str, path: str | Path, fmt: str) -> Transcript:
    """Parse decoded text with the reader for `fmt`."""
    if not text.strip():
        raise InputError("the file is empty", path=path, line=1, hint="give a transcript with 'Name: text' turns")
    if fmt == "vtt":
        from .vtt import parse_vtt

        return parse_vtt(text, path)
    if fmt == "srt":
        from .srt import parse_srt

        return parse_srt(text, path)
    if fmt == "json":
        from .jsonfile import parse_json

        return parse_json(text, path)
    if fmt == "csv":
        from .csvfile import parse_csv

        return parse_csv(text, path)
    from .plain import parse_plain

    return parse_plain(text, path)


STDIN_NAME = "<stdin>"


def read_transcript_stream(stream: BinaryIO, fmt: str | None = None, name: str = STDIN_NAME) -> Transcript:
    """Read a transcript from a byte stream (standard input): same limits, decoding and readers as a
    file; the format comes from the content (WEBVTT, SRT cue numbers, JSON), else plain text."""
    from ..io import fileio
    from . import base

    data = fileio.read_stream(stream, base.MAX_BYTES, name, "a transcript",
                              hint="split the recording's transcript into smaller files")
    text = decode(data, name)
    return parse_transcript(text, name, fmt or detect_format(Path(name), text))


def read_transcript(path: str | Path, fmt: str | None = None) -> Transcript:
    """Read a transcript file, choosing the reader by content and extension.

    Args:
        path: the file.
        fmt: force a reader ("text", "vtt", "srt", "json", "csv").

    Raises:
        InputError: anything wrong with the file, with file:line where there is one.
    """
    path = Path(path)
    text = read_text(path)
    return parse_transcript(text, path, fmt or detect_format(path, text))
