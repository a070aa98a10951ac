"""WebVTT transcripts: Teams/Podcast `<v Name>` voices, Zoom 'Name: text' cue bodies, parsed with webvtt-py.

webvtt-py parses the cues, NOTE/STYLE/REGION blocks and cue tags; it silently skips malformed cue
blocks and keeps no line numbers, so the timing lines are checked here first (with webvtt-py's
block rules, `_vtt_blocks`) and the first bad one is reported as file:line. webvtt-py does not decode
character references (`&#237;`, `&amp;`), so `html.unescape` is applied after its tag stripping.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from typing import Iterable

from .base import TIMING_HINT, Conversation, Cue, ReaderError, check_timing_line, check_times, finish
from .speakers import Raw, assign_caption_speakers


_VTT_TS = r"(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}"
_ANY_TS = re.compile(r"\d+(?::\d+)+(?:[.,]\d+)?")
_VOICE_SPAN = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")


def _vtt_blocks(lines: list[str]) -> Iterable[tuple[int, list[str]]]:
    """Blocks as webvtt-py forms them: an empty line ends a block, and a '-->' line that cannot be
    the current block's timing line starts a new one. Yields (first line number, lines)."""
    block: list[str] = []
    start = 0
    in_header = True
    for i, line in enumerate(lines, start=1):
        if not line or (block and "-->" in line and (in_header or len(block) > 1 or "-->" in block[0])):
            if block:
                yield start, block
                block, in_header = [], False
        if line:
            if not block:
                start = i
            block.append(line)
    if block:
        yield start, block


def read_cues(text: str) -> list[Cue]:
    """WebVTT: Teams/Podcast `<v Name>` voices, Zoom 'Name: text' cue bodies; NOTE/STYLE/REGION skipped.

    Cue text is webvtt-py's (tags removed) with character references decoded; voice names are
    decoded too (`<v Carlos Far&#237;as>` -> 'Carlos Farías'). A cue with several voice spans
    becomes one cue per voice, with the cue's times.
    """
    import webvtt

    lines = text.split("\n")
    if not lines[0].startswith("WEBVTT"):
        raise ReaderError("expected a WebVTT file to start with 'WEBVTT'", line=1, col=1,
                          hint="is this an SRT file? SRT cues start with a number", fmt="vtt")
    timings: list[tuple[int, float, float]] = []
    prev_timing: tuple[int, str, bool] | None = None  # (line, timing text, block had text)
    for n, (start_line, block) in enumerate(_vtt_blocks(lines)):
        if n == 0 and block[0].startswith("WEBVTT"):
            continue
        first = block[0].strip()
        if first.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in first:
            continue
        t = 0 if "-->" in block[0] else 1 if len(block) > 1 and "-->" in block[1] else None
        if t is None:
            looks = next((i for i, ln in enumerate(block[:2]) if _ANY_TS.search(ln)), None)
            if looks is not None:
                raise ReaderError(f"malformed cue timing {block[looks].strip()[:60]!r} (expected 'start --> end')",
                                  line=start_line + looks, col=1, hint=TIMING_HINT, fmt="vtt")
            raise ReaderError(f"expected a cue timing line, found {first[:60]!r}", line=start_line, col=1,
                              hint=TIMING_HINT, fmt="vtt")
        lineno = start_line + t
        if (prev_timing is not None and not prev_timing[2] and prev_timing[0] == lineno - 1
                and prev_timing[1] == block[t].strip()):
            raise ReaderError(f"duplicated timing line: the same as line {prev_timing[0]} (a cue cannot have two)",
                              line=lineno, col=1, hint="delete one of the two timing lines", fmt="vtt")
        start, end = check_timing_line(block[t], lineno, "vtt", ".")
        timings.append((lineno, start, end))
        prev_timing = (lineno, block[t].strip(), len(block) > t + 1)
    captions = list(webvtt.from_string(text).captions)
    if len(captions) != len(timings):  # pragma: no cover - the checks above mirror webvtt-py's rules
        raise ReaderError(f"webvtt-py read {len(captions)} cues where {len(timings)} timing lines were found",
                          line=1, fmt="vtt")
    raws: list[Raw] = []
    for cap, (lineno, start, end) in zip(captions, timings):
        spans = list(_VOICE_SPAN.finditer(cap.raw_text))
        if len(spans) > 1:
            for i, sp in enumerate(spans):
                part = cap.raw_text[sp.end():spans[i + 1].start() if i + 1 < len(spans) else None]
                raws.append(Raw(html.unescape(_TAG.sub("", part)), start, end, lineno,
                                 voice=" ".join(html.unescape(sp.group(1)).split()), text_line=lineno + 1))
            continue
        voice = cap.voice
        raws.append(Raw(html.unescape(cap.text), start, end, lineno,
                         voice=" ".join(html.unescape(voice).split()) if voice else None, text_line=lineno + 1))
    cues = assign_caption_speakers(raws, "vtt")
    check_times(cues, "vtt")
    return cues


def parse_vtt(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "vtt")
