"""Zoom's saved closed captions: 'hh:mm:ss words' lines, continuation lines, '>> NAME:' marks.

Hand-written: no library reads it. Speakers by the caption rules of `speakers.assign_caption_speakers`.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import zoom_chat
from .base import Conversation, Cue, ReaderError, bad_stamp, check_times, clock, finish, relative_clock
from .speakers import Raw, assign_caption_speakers, speaker_label


CLOCK_LINE = re.compile(r"^(\d{1,2}:\d{1,2}:\d{1,2})(?:\s+(.*))?$")


def read_cues(text: str) -> list[Cue]:
    """Zoom's saved closed captions: 'hh:mm:ss words' lines (a captioner's or live transcription's),
    continuation lines without a time, speaker changes as 'Name:' or '>> NAME:' (the captioning
    convention, taken as declared). Other labels must recur (see `assign_caption_speakers`).
    Wall-clock times, made relative to the first; no end times."""
    if zoom_chat.is_chat_log(text):
        zoom_chat.read_cues(text)  # refuses it, by name
    raws: list[Raw] = []
    clocks: list[float] = []
    declared: set[str] = set()
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        m = CLOCK_LINE.match(line)
        if m:
            t = clock(m.group(1))
            if t is None:
                raise bad_stamp(m.group(1), lineno, 1, "zoom_captions", hint="a caption line looks like 11:02:09 Dana Ruiz: words")
            words = m.group(2) or ""
            if words.startswith(">>"):
                got = speaker_label(words)
                if got is not None:
                    declared.add(got[0])
            unnamed = words.startswith(">>") and speaker_label(words) is None
            raws.append(Raw(words.lstrip(">").strip() if unnamed else words, t, None, lineno, change=unnamed))
            clocks.append(t)
        elif raws:
            raws[-1].text = f"{raws[-1].text} {line}".strip()
        else:
            raise ReaderError(f"expected a caption line starting with a time (hh:mm:ss), found {line[:60]!r}",
                              line=lineno, col=1, hint="a caption line looks like 11:02:09 Dana Ruiz: words",
                              fmt="zoom_captions")
    for r, s in zip(raws, relative_clock(clocks)):
        r.start = s
    cues = assign_caption_speakers(raws, "zoom_captions", declared)
    check_times(cues, "zoom_captions")
    return cues


def parse_zoom_captions(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "zoom_captions")
