"""Stance of a turn (coaching, consulting, collaborating, evaluating, neutral) from its moves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..moves import Stance

if TYPE_CHECKING:
    from ..findings import Move
    from .base import Utt

# How much one move of each kind says about the support function a turn serves.
STANCE_WEIGHTS: dict[str, tuple[str, float]] = {
    "question.open": ("coaching", 1.0),
    "question.closed": ("coaching", 0.3),
    "reflection": ("coaching", 1.0),
    "invitational": ("coaching", 0.6),
    "autonomy": ("coaching", 0.8),
    "presupposition": ("coaching", 0.5),
    "affirmation": ("coaching", 0.6),
    "tentative": ("coaching", 0.2),
    "advice": ("consulting", 1.2),
    "question.leading": ("consulting", 1.0),
    "self_focus": ("consulting", 0.9),
    "information": ("consulting", 1.0),
    "collaboration": ("collaborating", 1.0),
    "judgment": ("evaluating", 0.9),
}


def decide_stance(moves: Sequence[Move], utt: Utt | None = None) -> tuple[str, dict[str, float]]:
    """The stance with the most weight; neutral for backchannel, greetings and logistics.

    Ties go to the stance that asks more of the coach's attention: consulting, evaluating,
    collaborating, then coaching.
    """
    raw = dict.fromkeys(_SCORED, 0.0)
    for move in moves:
        hit = STANCE_WEIGHTS.get(move.name)
        if hit is not None:
            raw[hit[0]] += hit[1]
    total = sum(raw.values())
    if total <= 0:
        return _NEUTRAL, dict(_ALL_NEUTRAL)
    scores = {k: round(v / total, 3) for k, v in raw.items()}
    scores[_NEUTRAL] = 0.0
    best = _TIE_ORDER[0]
    for k in _TIE_ORDER[1:]:  # the first of the highest wins a tie
        if raw[k] > raw[best]:
            best = k
    return best, scores


# Enum member access is slow on a path run once per utterance: plain strings, computed once.
_NEUTRAL = Stance.NEUTRAL.value
_SCORED = tuple(s.value for s in Stance if s is not Stance.NEUTRAL)
_ALL_NEUTRAL = {s.value: (1.0 if s is Stance.NEUTRAL else 0.0) for s in Stance}
_TIE_ORDER = ("consulting", "evaluating", "collaborating", "coaching")
