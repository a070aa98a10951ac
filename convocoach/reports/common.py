"""What every renderer shares: span segmentation, visible control characters, labels, turn selection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..model.moves import load_moves
from ..model.analysis import Move
from ..model.conversation import Turn
from .model import Report

#: Bidirectional controls and invisible characters that can make text display differently from
#: what it is ("Trojan Source"); human-facing renderers show them as visible markers.
INVISIBLE = {
    **{chr(c): f"U+{c:04X}" for c in range(0x202A, 0x202F)},
    **{chr(c): f"U+{c:04X}" for c in range(0x2066, 0x206A)},
    "\u200e": "U+200E", "\u200f": "U+200F", "\u061c": "U+061C",
    "\u200b": "U+200B", "\ufeff": "U+FEFF",
}

STANCE_LETTERS = {"coaching": "C", "consulting": "S", "collaborating": "L", "evaluating": "E", "neutral": "·"}
STANCE_COLOURS = {  # HTML/SVG only; the terminal uses theme styles
    "coaching": "#2e7d32", "consulting": "#c77700", "collaborating": "#1565c0",
    "evaluating": "#c62828", "neutral": "#9e9e9e",
}
RATIO_LABELS = {
    "reflection_to_question": "reflections per question",
    "open_question_share": "open share of questions",
    "coach_talk_share": "coach talk share",
    "wait_time_median": "median wait after a question (s)",
    "wait_time_3s_share": "waits of 3 s or more",
    "coaching_share": "coaching-stance share of turns",
}
PERCENT_RATIOS = {"open_question_share", "coach_talk_share", "wait_time_3s_share", "coaching_share"}


#: Characters `visible` spells out: the invisible ones above, control characters other than tab
#: and newline (terminal escapes), and lone surrogates.
MARKED = re.compile("[" + "".join(INVISIBLE) + "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(text: str) -> str:
    """Replace invisible/bidi and control characters with a visible ⟦U+202E⟧ marker."""
    if not MARKED.search(text):
        return text
    return MARKED.sub(lambda m: f"⟦U+{ord(m.group()):04X}⟧", text)


def visible_parts(text: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_marker) pairs: markers are what `visible` spells out, so a renderer
    can style them without mistaking a "⟦" or "⟧" the user typed for one."""
    parts: list[tuple[str, bool]] = []
    last = 0
    for m in MARKED.finditer(text):
        if m.start() > last:
            parts.append((text[last:m.start()], False))
        parts.append((f"⟦U+{ord(m.group()):04X}⟧", True))
        last = m.end()
    if last < len(text) or not parts:
        parts.append((text[last:], False))
    return parts


def valence(name: str) -> str:
    """'strength', 'growth' or 'neutral' for a move name (unknown names are neutral)."""
    return load_moves().valence(name).value


def summary_of(name: str) -> str:
    info = load_moves().get(name)
    return info.summary if info else ""


def label(name: str) -> str:
    """'question.open' -> 'open question'; 'self_focus' -> 'self focus'."""
    if name.startswith("question."):
        return f"{name.split('.', 1)[1]} question"
    return name.replace("_", " ")


@dataclass(frozen=True)
class Segment:
    text: str
    moves: tuple[Move, ...]

    @property
    def valence(self) -> str | None:
        """growth beats strength beats neutral, so a problem is never hidden under a strength."""
        kinds = {valence(m.name) for m in self.moves}
        for kind in ("growth", "strength", "neutral"):
            if kind in kinds:
                return kind
        return None


def segments(text: str, moves: Sequence[Move]) -> list[Segment]:
    """Cut text at every move boundary; each piece knows which moves cover it (offsets are clamped)."""
    n = len(text)
    spans = [(max(0, min(m.start, n)), max(0, min(m.end, n)), m) for m in moves]
    spans = [(s, e, m) for s, e, m in spans if e > s]
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        if b > a:
            out.append(Segment(text[a:b], tuple(m for s, e, m in spans if s <= a and b <= e)))
    return out or [Segment(text, ())]


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def fmt_ratio(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if key in PERCENT_RATIOS:
        return f"{value * 100:.0f}%"
    return f"{value:.2f}"


def focus_turns(report: Report) -> set[int]:
    """Turns worth showing with --context: those feedback points at and coach turns with growth moves."""
    focus = {i for f in report.feedback for i in f.turns}
    focus |= {t.index for t in report.turns if any(valence(m.name) == "growth" for m in t.moves)}
    return focus


def select_turns(report: Report, context: int | None) -> list[Turn | None]:
    """All turns, or (with `context`) the focus turns and `context` turns either side; None marks a gap."""
    if context is None:
        return list(report.turns)
    focus = focus_turns(report)
    keep = {i + d for i in focus for d in range(-context, context + 1)}
    out: list[Turn | None] = []
    for t in report.turns:
        if t.index in keep:
            out.append(t)
        elif out and out[-1] is not None or not out:
            out.append(None)
    return out


#: Human-facing outputs list this many turns per feedback item, then "+N more".
MAX_REFS = 8


def turn_refs(turns: Sequence[int], limit: int = MAX_REFS) -> str:
    if not turns:
        return ""
    shown = ", ".join(f"#{i + 1}" for i in turns[:limit])
    more = f" +{len(turns) - limit} more" if len(turns) > limit else ""
    return ("turn " if len(turns) == 1 else "turns ") + shown + more


def turn_no(index: int) -> str:
    """Humans count turns from 1 (JSON keeps the 0-based index)."""
    return f"#{index + 1}"
