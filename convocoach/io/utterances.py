"""Reading utterances for `convocoach analyze --file`: plain text (one per line) or JSONL, streamed."""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from ..nlp.analyzer import MAX_CHARS, Utterance
from ..model.errors import InputError
from .fileio import iter_lines, load_json, open_regular

#: One utterance longer than this is refused (spaCy's own limit is 1,000,000 characters).
MAX_UTTERANCE_CHARS = MAX_CHARS


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


#: A line of `--file` input longer than this (in bytes) ends the read: it cannot be one utterance.
MAX_LINE_BYTES = 4 * MAX_UTTERANCE_CHARS + 2


class LineError(InputError):
    """A bad line of JSONL input that still names its id (echoed in --skip-bad output)."""

    def __init__(self, error: InputError, ident: str | None) -> None:
        super().__init__(error.message, error.path, error.line, error.col, error.hint)
        self.ident = ident


def _open(path: str) -> tuple[IO[bytes], str]:
    if path == "-":
        return sys.stdin.buffer, "<stdin>"
    return open_regular(path, stdin_hint=True), str(Path(path))


def read_utterances(path: str, jsonl: bool | None = None, skip_bad: bool = False) -> Iterator[Utterance | BadLine]:
    """Stream utterances from a file ('-' for stdin), decoded as every reader decodes (UTF-8 with
    or without a BOM, UTF-16/32; see `fileio.iter_lines`).

    Plain text: one utterance per non-blank line, id = line number. JSONL: {"id", "text", "previous"?}.

    Raises:
        InputError: a line is not text, not valid JSON or lacks "text" (naming file:line), unless
            skip_bad, in which case a BadLine is yielded in its place (with the line's own id
            when it has one). Binary input and overlong lines end the read even with skip_bad.
    """
    handle, where = _open(path)
    try:
        lines = iter_lines(handle, where, MAX_LINE_BYTES, what="a file of utterances")
        first: list[tuple[int, str | InputError]] = []
        if jsonl is None:
            jsonl = where.endswith((".jsonl", ".ndjson", ".json"))
            if not jsonl:
                # A file of JSON objects with another name (or on stdin) is still JSONL.
                for item in lines:
                    first.append(item)
                    if isinstance(item[1], str) and item[1].strip():
                        jsonl = _looks_like_jsonl(item[1])
                        break
        for lineno, line in itertools.chain(first, lines):
            if isinstance(line, InputError):
                if not skip_bad:
                    raise line
                yield BadLine(lineno, str(lineno), line)
                continue
            if not line.strip():
                continue
            try:
                yield _parse_line(line, lineno, where, jsonl)
            except InputError as err:
                if not skip_bad:
                    raise
                ident = err.ident if isinstance(err, LineError) and err.ident is not None else str(lineno)
                yield BadLine(lineno, ident, err)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def _looks_like_jsonl(line: str) -> bool:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(obj, dict) and isinstance(obj.get("text"), str)


def _line_id(line: str) -> str | None:
    """The id of a JSON line that `load_json` refused (lone surrogates, control characters), if it
    has one: a bad line's error row still carries the id it was given."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return None
    raw = obj.get("id") if isinstance(obj, dict) else None
    return raw if isinstance(raw, str) else None if raw is None else json.dumps(raw)


_JSONL_HINT = 'each line must be an object like {"id": "1", "text": "..."}'


def _parse_line(line: str, lineno: int, where: str, jsonl: bool) -> Utterance:
    if not jsonl:
        return Utterance(check_text(line, where, lineno), None, str(lineno))
    try:
        obj = load_json(line, where, line=lineno, what="a JSONL line", hint=_JSONL_HINT)
    except InputError as err:
        raise LineError(err, _line_id(line)) from None
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object", path=where, line=lineno, hint=_JSONL_HINT)
    raw_id = obj.get("id")
    ident = raw_id if isinstance(raw_id, str) else str(lineno) if raw_id is None else json.dumps(raw_id)
    try:
        text = obj.get("text")
        if not isinstance(text, str):
            raise InputError('missing "text" (a string)', path=where, line=lineno, hint=_JSONL_HINT)
        previous = obj.get("previous")
        if previous is not None and not isinstance(previous, str):
            raise InputError('"previous" must be a string or null', path=where, line=lineno)
        if previous is not None and len(previous) > MAX_UTTERANCE_CHARS:
            raise InputError(f'"previous" is {len(previous):,} characters; the limit is {MAX_UTTERANCE_CHARS:,}',
                             path=where, line=lineno)
        return Utterance(check_text(text, where, lineno), previous, ident)
    except InputError as err:
        raise LineError(err, ident) from None
