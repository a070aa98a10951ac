"""Transcript readers: one module per format, one line each in `READERS`; every reader returns a
`Conversation` (roles not yet assigned).

The format is chosen by content (each reader's `claims`, tried in `READERS` order; see `sniff`),
then by extension. The README's table lists every format, how it is recognised and what is read.
Every reader: UTF-8 (BOM or not), UTF-16/32 with a BOM, or `--encoding NAME`; CRLF/CR line ends; a
size limit (`base.MAX_BYTES`); binary files refused; cues out of time order refused (overlap is
allowed: people talk over each other); consecutive cues of one speaker merged into one turn, its
talk the sum of the cues' speech; speakers by evidence, never invented (see `speakers`); at
least two speakers. Problems raise `InputError` with file:line, naming the format read.

Adding a format: a module with a `parse_<name>(text, path) -> Conversation` function (usually
`base.finish(lambda: read_cues(text), path, name)`), its name in `base.FORMAT_NAMES`, a claim in
`sniff`, and one `Reader` line in `READERS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import BinaryIO, Callable, Sequence

from ..model.conversation import Conversation
from ..model.errors import InputError
from . import sniff
from .base import FORMAT_NAMES, MAX_BYTES, decode, read_text

__all__ = ["Conversation", "READERS", "Reader", "read_transcript", "read_transcript_stream", "detect_format",
           "sniff_format", "parse_transcript", "transcript_files", "TRANSCRIPT_SUFFIXES", "MAX_BYTES", "STDIN_NAME",
           "FORMAT_NAMES"]


@dataclass(frozen=True)
class Reader:
    """A transcript format: its name, file suffixes, how to recognise it, and its parse function.

    `claims(text, file name)` recognises the format from content (the name only breaks ties) and
    wins over the extension. The parse function is `module:function` in this package, imported
    when a file of the format is read.
    """

    name: str
    suffixes: tuple[str, ...]
    parse: str
    claims: sniff.Claim | None = None

    @property
    def title(self) -> str:
        """The format's name in reports and messages ("Zoom TXT transcript")."""
        return FORMAT_NAMES.get(self.name, self.name)

    def parser(self) -> Callable[[str, str | Path], Conversation]:
        module, _, function = self.parse.partition(":")
        fn: Callable[[str, str | Path], Conversation] = getattr(import_module(f"{__name__}.{module}"), function)
        return fn


#: The readers, in the order their `claims` are tried (the sniffing order: structure first, plain
#: "Name: text" last). For a suffix, the last reader naming it is the extension's default.
READERS: dict[str, Reader] = {r.name: r for r in (
    Reader("vtt", (".vtt",), "vtt:parse_vtt", sniff.vtt),
    Reader("aws_json", (".json",), "aws_json:parse_aws_json", sniff.json_is("aws_json")),
    Reader("podcast_json", (".json",), "podcast_json:parse_podcast_json", sniff.json_is("podcast_json")),
    Reader("whisper_json", (".json",), "whisper_json:parse_whisper_json", sniff.json_is("whisper_json")),
    Reader("json", (".json",), "jsonfile:parse_json", sniff.json_is("json")),
    Reader("srt", (".srt",), "srt:parse_srt", sniff.srt),
    Reader("zoom_chat", (".txt",), "zoom_chat:refuse_zoom_chat", sniff.zoom_chat),
    Reader("zoom_txt", (".txt",), "zoom_txt:parse_zoom_txt", sniff.zoom_txt),
    Reader("whisperx_txt", (".txt",), "whisperx_txt:parse_whisperx_txt", sniff.whisperx_txt),
    Reader("otter_txt", (".txt",), "otter:parse_otter_txt", sniff.otter_txt),
    Reader("zoom_captions", (".txt",), "zoom_captions:parse_zoom_captions", sniff.zoom_captions),
    Reader("csv", (".csv", ".tsv"), "csvfile:parse_csv", sniff.csv),
    Reader("text", (".txt", ".text", ".md"), "plain:parse_plain", sniff.text),
)}
DEFAULT_READER = "text"
#: file suffix -> the reader it means when the content says nothing (the suffixes `review DIR` looks for)
TRANSCRIPT_SUFFIXES: dict[str, str] = {s: r.name for r in READERS.values() for s in r.suffixes}


def sniff_format(text: str, name: str = "") -> str | None:
    """The reader whose format `text` is, from its content; None when no reader claims it (not a
    transcript: a README, a SOURCES.txt)."""
    if not text.strip():
        return None
    return next((r.name for r in READERS.values() if r.claims is not None and r.claims(text, name)), None)


def detect_format(path: Path, text: str) -> str:
    """Choose a reader: the content's format, else the extension's reader, else plain text."""
    return sniff_format(text, path.name) or TRANSCRIPT_SUFFIXES.get(path.suffix.lower(), DEFAULT_READER)


def parse_transcript(text: str, path: str | Path, fmt: str) -> Conversation:
    """Parse decoded text with the reader for `fmt`."""
    if not text.strip():
        raise InputError("the file is empty", path=path, line=1, hint="give a transcript with 'Name: text' turns")
    return READERS.get(fmt, READERS[DEFAULT_READER]).parser()(text, path)


STDIN_NAME = "<stdin>"


def read_transcript_stream(stream: BinaryIO, fmt: str | None = None, name: str = STDIN_NAME,
                           encoding: str | None = None) -> Conversation:
    """Read a transcript from a byte stream (standard input): same limits, decoding and readers as a
    file; the format comes from the content (WEBVTT, SRT cue numbers, JSON), else plain text."""
    from ..io import fileio
    from . import base

    data = fileio.read_stream(stream, base.MAX_BYTES, name, "a transcript",
                              hint="split the recording's transcript into smaller files")
    text = decode(data, name, encoding)
    return parse_transcript(text, name, fmt or detect_format(Path(name), text))


def read_transcript(path: str | Path, fmt: str | None = None, encoding: str | None = None) -> Conversation:
    """Read a transcript file, choosing the reader by content and extension.

    Args:
        path: the file.
        fmt: force a reader (a key of READERS: "vtt", "zoom_txt", "aws_json", ...).
        encoding: decode with this encoding (e.g. "cp1252") instead of UTF-8/UTF-16 by BOM.

    Raises:
        InputError: anything wrong with the file, with file:line where there is one.
    """
    path = Path(path)
    text = read_text(path, encoding)
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
