"""Reading a coach's replies for a session without a terminal: one per line, or a YAML list."""

from __future__ import annotations

import sys
from pathlib import Path

from ..model.errors import InputError
from . import fileio
from .yamlio import compose

#: A coaching turn is a few sentences; longer text is almost certainly a paste by mistake.
MAX_REPLY_CHARS = 2000
#: A --replies file holds a few dozen replies.
MAX_REPLIES_BYTES = 5_000_000


def clean_reply(text: str) -> str:
    """A reply as the engine sees it: control characters (terminal escapes) removed, outer space stripped."""
    return "".join(ch for ch in text if ch in "\t\n" or (ord(ch) >= 32 and ord(ch) != 127)).strip()


def read_replies(path: str) -> list[tuple[str, int | None]]:
    """Replies from a file (one per line, or a YAML list for .yml/.yaml), or '-' for stdin.

    Returns (reply, line number) pairs. Raises InputError with file:line for bad replies.
    """
    if path == "-":
        src = "<stdin>"
        text = fileio.decode(fileio.read_stream(sys.stdin.buffer, MAX_REPLIES_BYTES, src, "a file of replies"), src,
                             "a file of replies", controls=True)
    else:
        src = path
        text = fileio.read_text(Path(path), MAX_REPLIES_BYTES, "a file of replies", stdin_hint=True, controls=True)
    out: list[tuple[str, int | None]] = []
    if src.endswith((".yml", ".yaml")):
        data, root = compose(text, src)
        if not isinstance(data, list) or root is None:
            raise InputError("expected a YAML list of replies", path=src, line=1,
                             hint='e.g.\n- "What are you noticing?"\n- "It sounds like..."')
        for i, (item, node) in enumerate(zip(data, root.value)):
            line = node.start_mark.line + 1
            if not isinstance(item, str):
                raise InputError(f"reply {i + 1} is not text (got {type(item).__name__})", path=src, line=line,
                                 col=node.start_mark.column + 1, hint="quote the reply")
            if clean_reply(item):
                out.append((clean_reply(item), line))
    else:
        for n, line_text in enumerate(text.splitlines(), start=1):
            if clean_reply(line_text):
                out.append((clean_reply(line_text), n))
    for reply, line in out:
        if len(reply) > MAX_REPLY_CHARS:
            raise InputError(f"reply is {len(reply):,} characters; replies may be at most {MAX_REPLY_CHARS:,}",
                             path=src, line=line, hint="a coaching turn is a few sentences")
    if not out:
        raise InputError("no replies in the file", path=src, hint="one reply per line, or a YAML list")
    return out
