"""Otter.ai TXT exports: 'Speaker Name  0:00' headers (two spaces, then m:ss or h:mm:ss), then paragraphs.

Hand-written: no library reads it. Body lines are never speakers; there are no end times.
"""

from __future__ import annotations

import re
from pathlib import Path

from typing import Any

from .base import Conversation, Cue, ReaderError, bad_stamp, check_times, clock, finish


OTTER_HEADER = re.compile(r"^(\S.{0,79}?)(?: {2,}|\t)(\d{1,2}:\d{1,2}(?::\d{1,2})?)\s*$")
_OTTER_TRAILER = re.compile(r"^Transcribed by https?://otter\.ai\s*$", re.IGNORECASE)


def read_cues(text: str) -> list[Cue]:
    """Otter.ai TXT: 'Speaker Name  0:00' headers (two spaces, m:ss or h:mm:ss from the start),
    each followed by paragraph lines. A header must start a block (file start or after a blank
    line) and be followed by text; body lines are never speakers ('Emergency episode:' is text).
    Lines before the first header and Otter's 'Transcribed by https://otter.ai' trailer are
    skipped. Otter gives no end times, so cues have no duration."""
    lines = text.split("\n")
    cues: list[list[Any]] = []
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=-1)
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        at_block_start = i == 0 or not lines[i - 1].strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        m = OTTER_HEADER.match(line) if at_block_start else None
        if m and nxt and not OTTER_HEADER.match(nxt):
            t = clock(m.group(2))
            if t is None:
                raise bad_stamp(m.group(2), i + 1, line.rindex(m.group(2)) + 1, "otter_txt",
                                 hint="a header looks like 'Dana Ruiz  1:05' (name, two spaces, m:ss)")
            cues.append([" ".join(m.group(1).split()), [], t, i + 1])
        elif line.strip() and cues and not (i == last and _OTTER_TRAILER.match(line.strip())):
            cues[-1][1].append(line.strip())
    if not cues:
        raise ReaderError("no Otter speaker headers found ('Name  0:00' lines)", line=1,
                          hint="export from Otter with speaker names and timestamps", fmt="otter_txt")
    out = [Cue(name, " ".join(words), start, None, lineno) for name, words, start, lineno in cues]
    check_times(out, "otter_txt")
    return out


def parse_otter_txt(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "otter_txt")
