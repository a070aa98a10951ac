"""Stance of a turn (coaching, consulting, collaborating, evaluating, neutral): its dominant function.

The stance follows the labelling conventions (coaching-dev README), in order of precedence:

1. collaborating: shared-work language ("let's", "how might we", "you and I could"), unless the
   turn also tells the teacher what to do;
2. consulting: advice, information, self-focus, a leading question, a permission request (the way
   into consulting) or a yes-but argument; advice and information outrank a verdict beside them;
3. evaluating: a judgment, or a loaded why-question ("why would you...", "why didn't you...");
4. coaching: inquiry, reflection, invitation, affirmation, autonomy, presupposition;
5. neutral: backchannel, greetings, courtesy and logistics (a closed question about a time or a
   meeting is logistics).

`stance_scores` report the evidence: each stance's share of the turn's move weight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..model.moves import Stance, load_moves

if TYPE_CHECKING:
    from ..model.analysis import Move
    from ..nlp.context import Context

CONSULTING = ("advice", "information", "self_focus", "question.leading", "permission", "yes_but")
TELLING = ("advice", "information", "self_focus", "permission")
COACHING = ("question.open", "question.closed", "reflection", "invitational", "affirmation", "autonomy",
            "presupposition", "question.why")
LOADED_WHY = "Q004:loaded"


def decide_stance(moves: Sequence[Move], utt: Context | None = None) -> tuple[str, dict[str, float]]:
    """The turn's dominant function by the precedence above, and the evidence per stance."""
    names = {m.name for m in moves}
    scores = _scores(moves)
    loaded = any(m.rule == LOADED_WHY for m in moves)
    if "collaboration" in names and "advice" not in names:
        return _COLLABORATING, scores
    evaluating = "judgment" in names or loaded
    if names.intersection(CONSULTING):
        if evaluating and not names.intersection(TELLING):
            return _EVALUATING, scores  # "Okay, but that's the whole problem.": the verdict is the point
        return _CONSULTING, scores
    if evaluating:
        return _EVALUATING, scores
    if names.intersection(COACHING):
        if names <= {"question.closed", "tentative"} and utt is not None and _logistics(utt, moves):
            return _NEUTRAL, scores
        return _COACHING, scores
    if "tentative" in names or "over_hedging" in names:
        return _COACHING, scores
    return _NEUTRAL, scores


def _logistics(utt: Context, moves: Sequence[Move]) -> bool:
    """A closed question about a time, a day or a meeting ("Thursday at ten?") arranges; it does not inquire."""
    words = utt.grammar.words("logistics_words")
    for m in moves:
        if m.name == "question.closed":
            toks = [w.strip("?.!,").lower() for w in m.text.split()]
            if any(w in words for w in toks) or any(w[:1].isdigit() for w in toks):
                return True
    return False


def _scores(moves: Sequence[Move]) -> dict[str, float]:
    raw = dict.fromkeys(_SCORED, 0.0)
    weights = load_moves().stance_weights  # moves.yml: stance and stance_weight of each move
    for move in moves:
        hit = weights.get(move.name)
        if hit is not None:
            raw[hit[0]] += hit[1]
    total = sum(raw.values())
    if total <= 0:
        return dict(_ALL_NEUTRAL)
    scores = {k: round(v / total, 3) for k, v in raw.items()}
    scores[_NEUTRAL] = 0.0
    return scores


# Enum member access is slow on a path run once per utterance: plain strings, computed once.
_NEUTRAL = Stance.NEUTRAL.value
_COACHING = Stance.COACHING.value
_CONSULTING = Stance.CONSULTING.value
_COLLABORATING = Stance.COLLABORATING.value
_EVALUATING = Stance.EVALUATING.value
_SCORED = tuple(s.value for s in Stance if s is not Stance.NEUTRAL)
_ALL_NEUTRAL = {s.value: (1.0 if s is Stance.NEUTRAL else 0.0) for s in Stance}
