"""Zoom's saved transcript: '[Display Name] 11:02:09' header lines, each followed by the words.

Hand-written (one regular expression): no library reads it. The bracketed name is taken as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import Conversation, Cue, ReaderError, bad_stamp, check_times, clock, finish, relative_clock


ZOOM_HEADER = re.compile(r"^\[(.+)\]\s+(\d{1,2}:\d{1,2}:\d{1,2})\s*$")


def read_cues(text: str) -> list[Cue]:
    """Zoom's saved transcript: '[Display Name] 11:02:09' header lines, each followed by the words.

    The name in brackets is the speaker as Zoom wrote it (any display name: long, an email, a phone
    number, '[NA]'), so no evidence rule applies. Times are wall-clock; cues start relative to the
    first header. The format has no end times, so cues have no duration.
    """
    heads: list[tuple[int, str, float, list[str]]] = []
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        m = ZOOM_HEADER.match(line)
        if m:
            t = clock(m.group(2))
            if t is None:
                raise bad_stamp(m.group(2), lineno, raw.rindex(m.group(2)) + 1, "zoom_txt",
                                 hint="a header looks like [Dana Ruiz] 11:02:09")
            heads.append((lineno, " ".join(m.group(1).split()), t, []))
        elif line:
            if not heads:
                raise ReaderError(f"expected a '[Name] hh:mm:ss' header line, found {line[:60]!r}", line=lineno, col=1,
                                  hint="a header looks like [Dana Ruiz] 11:02:09", fmt="zoom_txt")
            heads[-1][3].append(line)
    if not heads:
        raise ReaderError("no '[Name] hh:mm:ss' headers found", line=1, fmt="zoom_txt")
    starts = relative_clock([h[2] for h in heads])
    cues = [Cue(name, " ".join(words), s, None, lineno) for (lineno, name, _, words), s in zip(heads, starts)]
    check_times(cues, "zoom_txt")
    return cues


def parse_zoom_txt(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "zoom_txt")
