"""How the rubric reads one analysed coach turn: does it ask, tell, listen; what is its stance."""

from __future__ import annotations

from typing import Sequence

from ..model.analysis import Analysis

#: Moves that tell, judge or steer: a turn with any of them is not in the coaching stance.
#: Information is not among them: MITI codes giving information as neutral.
TELLING = ("advice", "question.leading", "judgment", "self_focus")


def asks(a: Analysis) -> bool:
    """The turn asks something (a question move, or a question sentence)."""
    return a.count("question") > 0 or a.n_questions > 0


def tells(a: Analysis) -> bool:
    return any(a.has(n) for n in TELLING)


def listens(a: Analysis) -> bool:
    """A turn whose reflection is listening: no advice, judgment, leading question or self-focus in it."""
    return a.has("reflection") and not tells(a)


def stance_of(a: Analysis) -> str:
    """The turn's stance, with telling moves overriding a 'coaching' label (mixed turns are not coaching)."""
    if a.stance == "coaching" and tells(a):
        if a.has("judgment") and not (a.has("advice") or a.has("question.leading") or a.has("information")):
            return "evaluating"
        return "consulting"
    return a.stance


def first_start(a: Analysis, names: Sequence[str]) -> int | None:
    """Where the first move of these names (or prefixes) starts."""
    starts = [m.start for m in a.moves if any(m.name == n or m.name.startswith(n + ".") for n in names)]
    return min(starts) if starts else None
