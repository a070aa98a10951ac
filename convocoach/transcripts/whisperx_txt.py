"""WhisperX text: '[0:00:06.8 - 0:00:07.2] SPEAKER_00 - words', or its writer's '[SPEAKER_00]: words'.

Hand-written: no library reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import MAX_SECONDS, Conversation, Cue, ReaderError, bad_stamp, check_times, clock, finish, ms
from .speakers import Raw, accepted_speakers, declared_by_shape, speaker_label


WX_TIMED = re.compile(r"^\[\s*([^\]]*?)\s+-\s+([^\]]*?)\s*\]\s*(.*)$")
WX_UNTIMED = re.compile(r"^\[([^\[\]]{1,60})\]:\s*(.*)$")
_SECONDS = re.compile(r"^\d+(?:\.\d+)?$")


def _wx_time(value: str) -> float | None:
    if _SECONDS.match(value):
        seconds = float(value)
        return ms(seconds) if seconds <= MAX_SECONDS else None
    return clock(value)


def read_cues(text: str) -> list[Cue]:
    """WhisperX text: '[0:00:06.8 - 0:00:07.2] SPEAKER_00 - words' lines (times as h:mm:ss.f, m:ss.f
    or seconds), or WhisperX's own writer's '[SPEAKER_00]: words' (no times). The label before ' - '
    is a speaker when it is a diarisation id or recurs; lines without a bracket continue the last."""
    raws: list[Raw] = []
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        m = WX_TIMED.match(line)
        if m:
            values = []
            for g in (1, 2):
                v = _wx_time(m.group(g))
                if v is None:
                    raise bad_stamp(m.group(g), lineno, raw.index(m.group(g)) + 1, "whisperx_txt",
                                     hint="a line looks like [0:00:06.8 - 0:00:07.2] SPEAKER_00 - words")
                values.append(v)
            label, sep, words = m.group(3).partition(" - ")
            r = Raw(m.group(3), values[0], values[1], lineno)
            if sep and label.strip():
                r.label, r.rest = label.strip(), words.strip()
            raws.append(r)
            continue
        m = WX_UNTIMED.match(line)
        if m:
            raws.append(Raw(line, None, None, lineno, label=m.group(1).strip(), rest=m.group(2).strip()))
        elif raws:
            raws[-1].text += " " + line
            raws[-1].rest += " " + line
        else:
            raise ReaderError(f"expected a '[start - end] SPEAKER - words' line, found {line[:60]!r}", line=lineno,
                              col=1, hint="a line looks like [0:00:06.8 - 0:00:07.2] SPEAKER_00 - words",
                              fmt="whisperx_txt")
    named = [r.label for r in raws if r.label and (declared_by_shape(r.label) or speaker_label(r.label + ": x"))]
    accepted = accepted_speakers(named)
    if not accepted:
        raise ReaderError("no speaker labels: this WhisperX output was not diarised", line=raws[0].line if raws else 1,
                          hint="run WhisperX with --diarize", fmt="whisperx_txt")
    cues = [Cue(r.label, " ".join(r.rest.split()), r.start, r.end, r.line) if r.label in accepted
            else Cue(None, " ".join(r.text.split()), r.start, r.end, r.line) for r in raws]
    check_times(cues, "whisperx_txt")
    return cues


def parse_whisperx_txt(text: str, path: str | Path) -> Conversation:
    """A Conversation from this format's text (decoded, "\\n" line ends); see `read_cues`."""
    return finish(lambda: read_cues(text), path, "whisperx_txt")
