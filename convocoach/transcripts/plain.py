"""Plain-text transcripts: 'Name: text' lines, continuation lines, optional [00:01:02] times.

Hand-written: there is no standard to parse. A label is a speaker only if it recurs (see `speakers`).
"""

from __future__ import annotations

import re
from pathlib import Path

from dataclasses import replace

from .base import Conversation, Cue, ReaderError, bad_stamp, check_times, clock, finish
from .speakers import accepted_speakers, speaker_label


PLAIN_STAMP = re.compile(r"^\s*[\[(](\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)[\])]\s*")


def read_cues(text: str) -> list[Cue]:
    """'Name: text' lines; a line without an accepted label continues the current speaker (its text
    kept whole, 'Note: ...' included); lines before the first speaker (a title) are ignored; an
    optional leading '[00:01:02]' gives the line's start. A label is a speaker only if it recurs."""
    entries: list[tuple[int, float | None, str, tuple[str, str, int] | None]] = []
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        start = None
        m = PLAIN_STAMP.match(line)
        if m:
            start = clock(m.group(1))
            if start is None:
                raise bad_stamp(m.group(1), lineno, raw.index(m.group(1)) + 1, "text",
                                 hint="write times as [hh:mm:ss] or [mm:ss], e.g. [00:01:02]")
            line = line[m.end():]
        entries.append((lineno, start, line, speaker_label(line)))
    accepted = accepted_speakers(lab[0] for _, _, _, lab in entries if lab)
    if not accepted:
        raise ReaderError("no speaker turns found: no 'Name:' at the start of a line recurs (a label seen once is text, not a speaker)",
                          line=entries[0][0] if entries else 1,
                          hint="each turn starts with its speaker, e.g. 'Dana Ruiz: What are you noticing?'", fmt="text")
    cues: list[Cue] = []
    for lineno, start, line, lab in entries:
        if lab is not None and lab[0] in accepted:
            cues.append(Cue(lab[0], " ".join(lab[1].split()), start, None, lineno))
        elif cues:
            last = cues[-1]
            cues[-1] = replace(last, text=" ".join(f"{last.text} {line}".split()))
    check_times(cues, "text")
    return cues


def parse_plain(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "text")
