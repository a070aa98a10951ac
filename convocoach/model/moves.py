"""The move vocabulary and stances: a public contract (JSON output, scenario conditions, rubrics).

Add new names freely; never rename one. This module never imports spaCy.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Valence(str, Enum):
    """Whether a move is usually a strength, a growth area, or neither."""

    STRENGTH = "strength"
    GROWTH = "growth"
    NEUTRAL = "neutral"


class Stance(str, Enum):
    """The support function a turn serves (Cognitive Coaching; Lipton & Wellman)."""

    COACHING = "coaching"
    CONSULTING = "consulting"
    COLLABORATING = "collaborating"
    EVALUATING = "evaluating"
    NEUTRAL = "neutral"


class MoveInfo(NamedTuple):
    name: str
    valence: Valence
    stance: Stance | None
    summary: str


MOVES: dict[str, MoveInfo] = {
    m.name: m
    for m in [
        MoveInfo("question.open", Valence.STRENGTH, Stance.COACHING,
                 "invites elaboration: what/how questions, 'tell me about', 'walk me through', 'say more'"),
        MoveInfo("question.closed", Valence.GROWTH, None,
                 "invites yes/no, a choice or one fact: auxiliary-first, either/or, tag and declarative questions"),
        MoveInfo("question.leading", Valence.GROWTH, Stance.CONSULTING,
                 "a closed question carrying the coach's own answer or advice"),
        MoveInfo("question.why", Valence.GROWTH, None,
                 "a why-question about the teacher's action, which tends to sound judgmental"),
        MoveInfo("question.stacked", Valence.GROWTH, None,
                 "two or more questions in one turn before the teacher can answer"),
        MoveInfo("tentative", Valence.STRENGTH, None,
                 "hedges and exploratory words that keep thinking open"),
        MoveInfo("invitational", Valence.STRENGTH, Stance.COACHING,
                 "invites the teacher to think or choose"),
        MoveInfo("reflection", Valence.STRENGTH, Stance.COACHING,
                 "a paraphrase or reflective statement of what the teacher said or feels"),
        MoveInfo("affirmation", Valence.STRENGTH, Stance.COACHING,
                 "names a strength or effort of the teacher, specifically"),
        MoveInfo("autonomy", Valence.STRENGTH, Stance.COACHING, "hands the decision back to the teacher"),
        MoveInfo("presupposition", Valence.STRENGTH, Stance.COACHING,
                 "a positive presupposition of the teacher's capability"),
        MoveInfo("permission", Valence.STRENGTH, None,
                 "asks before offering ideas: the skilled way into consulting"),
        MoveInfo("advice", Valence.GROWTH, Stance.CONSULTING,
                 "tells the teacher what to do: necessity modals with 'you', imperatives, recommendations"),
        MoveInfo("self_focus", Valence.GROWTH, Stance.CONSULTING,
                 "turns the talk to the coach's own experience"),
        MoveInfo("judgment", Valence.GROWTH, Stance.EVALUATING,
                 "evaluates: praise or criticism of the work or the person"),
        MoveInfo("collaboration", Valence.NEUTRAL, Stance.COLLABORATING, "shared-work language"),
        MoveInfo("yes_but", Valence.GROWTH, None, "acknowledges, then cancels it with 'but'"),
        MoveInfo("over_hedging", Valence.GROWTH, None, "so many hedges the message blurs"),
    ]
}

MOVE_NAMES: tuple[str, ...] = tuple(MOVES)
QUESTION_TYPES: tuple[str, ...] = ("question.open", "question.closed", "question.leading")
STANCES: tuple[str, ...] = tuple(s.value for s in Stance)


def is_move(name: str) -> bool:
    """True if `name` is part of the move vocabulary."""
    return name in MOVES


# Added after the first release of the table: information-giving (MITI "Giving Information"),
# which is consulting but not a fault.
MOVES["information"] = MoveInfo(
    "information", Valence.NEUTRAL, Stance.CONSULTING,
    "gives facts, research or what others do: consulting, not a fault when asked for",
)
MOVE_NAMES = tuple(MOVES)
