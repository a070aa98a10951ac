"""JSON read with the line of every object in it, so that reader errors name the segment's line."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import math
import re
from typing import Any

from .base import MAX_SECONDS, Cue, ReaderError, check_times, clock, ms

__all__ = ["Located", "speaker_field", "segments"]


class Located:
    """JSON data with the line of every object in it (for messages)."""

    def __init__(self, text: str, fmt: str) -> None:
        positions: dict[int, int] = {}
        keep: list[Any] = []

        def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            obj, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
            positions[id(obj)] = s_and_end[1] - 1
            keep.append(obj)
            return obj, end

        decoder = json.JSONDecoder(parse_constant=lambda c: math.nan)
        decoder.parse_object = parse_object  # type: ignore[attr-defined]
        decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
        try:
            self.data = decoder.decode(text)
        except json.JSONDecodeError as exc:
            raise ReaderError(f"not valid JSON: {exc.msg}", line=exc.lineno, col=exc.colno,
                              hint="the file is cut short or was edited by hand; export it again", fmt=fmt) from None
        self._positions, self._keep, self.fmt = positions, keep, fmt
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, obj: Any) -> int:
        pos = self._positions.get(id(obj))
        return 1 if pos is None else bisect.bisect_left(self._newlines, pos) + 1

    def seconds(self, obj: dict[str, Any], key: str, required: bool = True) -> float | None:
        """A time field (number, or a numeric string as AWS writes them) -> seconds."""
        if key not in obj or obj[key] is None:
            if required:
                raise ReaderError(f"missing {key!r}", line=self.line(obj), hint="every segment needs its times", fmt=self.fmt)
            return None
        value = obj[key]
        seconds: float | None = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = float(value)
        elif isinstance(value, str):
            try:
                seconds = float(value)
            except ValueError:
                seconds = clock(value)
        if seconds is None or not math.isfinite(seconds) or seconds < 0 or seconds > MAX_SECONDS:
            raise ReaderError(f"{key} {value!r} is not a time in seconds", line=self.line(obj),
                              hint="times are seconds from the start, e.g. 4.87", fmt=self.fmt)
        return ms(seconds)


def speaker_field(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def checked_cues(cues: list[Cue], fmt: str, no_speaker: str, hint: str) -> list[Cue]:
    """The segments' cues, refused when none names its speaker (`no_speaker` says why, `hint` what to
    do) or when their times are out of order (`check_times`)."""
    if cues and all(c.speaker is None for c in cues):
        raise ReaderError(no_speaker, line=cues[0].line, hint=hint, fmt=fmt)
    check_times(cues, fmt)
    return cues


def segments(doc: Located, data: Any, what: str, hint: str) -> list[Any]:
    segs = data.get("segments") if isinstance(data, dict) else data if isinstance(data, list) else None
    if not isinstance(segs, list):
        raise ReaderError(f"expected {what}", line=doc.line(data) if isinstance(data, dict) else 1, hint=hint, fmt=doc.fmt)
    for seg in segs:
        if not isinstance(seg, dict):
            raise ReaderError("a segment is not an object", line=1, hint=hint, fmt=doc.fmt)
    return segs

