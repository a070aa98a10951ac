"""SRT transcripts: 'Name: text' (or '- Name: text') at speaker changes, parsed with the `srt` package.

Timing lines are checked here first (with their line), <i>/<font>/{\\an8} tags removed; SRT defines no
character references, so none are decoded.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import SRT_HINT, Conversation, Cue, ReaderError, check_timing_line, check_times, finish, ms
from .speakers import Raw, assign_caption_speakers


_SRT_TAGS = re.compile(r"</?(?:[biu]|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)


def read_cues(text: str) -> list[Cue]:
    """SRT with 'Name: text' (or '- Name: text') labels at speaker changes; <i>/<font>/{\\an8} removed."""
    import srt as srtlib

    lines = text.split("\n")
    prev: tuple[int, str] | None = None
    for i, line in enumerate(lines, start=1):
        if "-->" in line:
            if prev is not None and prev[0] == i - 1:
                what = "duplicated timing line: the same as" if prev[1] == line.strip() else "a second timing line right after"
                raise ReaderError(f"{what} line {prev[0]} (a cue cannot have two)",
                                  line=i, col=1, hint="delete one of the two timing lines", fmt="srt")
            check_timing_line(line, i, "srt", ",")
            prev = (i, line.strip())
    try:
        subs = list(srtlib.parse(text))
    except srtlib.SRTParseError as exc:
        raise ReaderError(
            f"expected a subtitle block (a number, a timing line, then text), found "
            f"{exc.unmatched_content.strip()[:60]!r}",
            line=text.count("\n", 0, exc.expected_start) + 1, hint=SRT_HINT, fmt="srt",
        ) from None
    starts = [text.count("\n", 0, m.start(2)) + 1 for m in srtlib.SRT_REGEX.finditer(text)]
    if len(starts) != len(subs):  # pragma: no cover - parse() uses the same expression
        raise ReaderError("could not match subtitles to their lines", line=1, fmt="srt")
    raws = []
    for sub, lineno in zip(subs, starts):
        body = re.sub(r"^\s*-\s*", "", _SRT_TAGS.sub("", sub.content))
        raws.append(Raw(body, ms(sub.start.total_seconds()), ms(sub.end.total_seconds()), lineno, text_line=lineno + 1))
    if not raws:
        raise ReaderError("no subtitles found", line=1, hint=SRT_HINT, fmt="srt")
    cues = assign_caption_speakers(raws, "srt")
    check_times(cues, "srt")
    return cues


def parse_srt(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "srt")
