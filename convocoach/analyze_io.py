"""Reading utterances for `convocoach analyze --file`: plain text (one per line) or JSONL, streamed."""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from .analyzer import Utterance
from .errors import InputError

#: One utterance longer than this is refused (spaCy's own limit is 1,000,000 characters).
MAX_UTTERANCE_CHARS = 1_000_000


@dataclass(frozen=True)
class BadLine:
    """A line that could not be read (kept in order when --skip-bad is on)."""

    lineno: int
    id: str
    error: InputError


def check_text(text: str, where: str = "<text>", line: int | None = None) -> str:
    """Refuse input that cannot be analysed, with a message that says what to do."""
    if not text.strip():
        raise InputError("nothing to analyse: the text is empty", path=where, line=line,
                         hint='pass the coach\'s words, e.g. convocoach analyze "What are you noticing?"')
    if len(text) > MAX_UTTERANCE_CHARS:
        raise InputError(
            f"utterance is {len(text):,} characters; the limit is {MAX_UTTERANCE_CHARS:,}",
            path=where, line=line, hint="split it into utterances, one per line, and use --file",
        )
    return text


def _open(path: str) -> tuple[IO[bytes], str]:
    if path == "-":
        return sys.stdin.buffer, "<stdin>"
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, expected a file", path=p, hint="name a .txt or .jsonl file inside it")
    try:
        return p.open("rb"), str(p)
    except FileNotFoundError:
        raise InputError("file not found", path=p, hint="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=p) from None


def read_utterances(path: str, jsonl: bool | None = None, skip_bad: bool = False) -> Iterator[Utterance | BadLine]:
    """Stream utterances from a file ('-' for stdin).

    Plain text: one utterance per non-blank line, id = line number. JSONL: {"id", "text", "previous"?}.

    Raises:
        InputError: a line is not UTF-8 or not valid JSON or lacks "text" (naming file:line), unless
            skip_bad, in which case a BadLine is yielded in its place.
    """
    handle, where = _open(path)
    lines = iter(handle)
    first: list[bytes] = []
    if jsonl is None:
        jsonl = where.endswith((".jsonl", ".ndjson", ".json"))
        if not jsonl:
            # A file of JSON objects with another name (or on stdin) is still JSONL.
            for raw in lines:
                first.append(raw)
                if raw.strip():
                    jsonl = _looks_like_jsonl(raw)
                    break
    try:
        for lineno, raw in enumerate(itertools.chain(first, lines), 1):
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                err = InputError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})",
                                 path=where, line=lineno, col=exc.start + 1, hint="save the file as UTF-8")
                if skip_bad:
                    yield BadLine(lineno, str(lineno), err)
                    continue
                raise err from None
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            try:
                yield _parse_line(line, lineno, where, jsonl)
            except InputError as err:
                if not skip_bad:
                    raise
                yield BadLine(lineno, str(lineno), err)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def _looks_like_jsonl(raw: bytes) -> bool:
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(obj, dict) and isinstance(obj.get("text"), str)


def _parse_line(line: str, lineno: int, where: str, jsonl: bool) -> Utterance:
    if not jsonl:
        return Utterance(check_text(line, where, lineno), None, str(lineno))
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=where, line=lineno, col=exc.colno,
                         hint='each line must be an object like {"id": "1", "text": "..."}') from None
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object", path=where, line=lineno,
                         hint='each line must be an object like {"id": "1", "text": "..."}')
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError('missing "text" (a string)', path=where, line=lineno,
                         hint='each line must be an object like {"id": "1", "text": "..."}')
    previous = obj.get("previous")
    if previous is not None and not isinstance(previous, str):
        raise InputError('"previous" must be a string or null', path=where, line=lineno)
    ident = obj.get("id", lineno)
    return Utterance(check_text(text, where, lineno), previous, str(ident))
