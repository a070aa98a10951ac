"""The debrief of a finished practice session: outcome, goals, strongest and weakest reply, a rewrite of
the weakest one, and what to try next time (from the rubric, or from the goals missed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..io.records import GoalRecord, OutcomeRecord, RewriteRecord, ScoreRecord
from ..model.conversation import Turn
from ..model.moves import Valence, load_moves

if TYPE_CHECKING:
    from ..scoring.score import RubricResult
    from .engine import Engine

KEEP_GOING = "Keep going: try the same scenario with --feedback end, closer to a real conversation."


@dataclass(frozen=True)
class Debrief:
    """What the debrief shows and the record keeps."""

    ending: str | None
    outcome: str | None
    line: str | None
    debrief: str | None
    timed_out: bool
    goals: list[GoalRecord]
    strongest_turn: int | None
    weakest_turn: int | None
    rewrite: RewriteRecord | None
    to_try: list[str]
    score: RubricResult
    fell_short: list[str]

    def outcome_record(self) -> OutcomeRecord:
        return OutcomeRecord.model_construct(
            ending=self.ending, outcome=self.outcome, line=self.line, timed_out=self.timed_out, goals=self.goals,
            strongest_turn=self.strongest_turn, weakest_turn=self.weakest_turn, rewrite=self.rewrite,
            to_try=self.to_try, fell_short=self.fell_short)

    def score_record(self) -> ScoreRecord:
        return ScoreRecord.model_validate(self.score.to_dict())

    def to_dict(self) -> dict[str, Any]:
        return {**self.outcome_record().model_dump(mode="json"), "debrief": self.debrief,
                "score": self.score.to_dict()}


def turn_value(turn: Turn) -> float:
    """How well a reply went: +1 per strength move, -1.5 per growth move, plus its meter changes."""
    moves = load_moves()
    value = 0.0
    for m in turn.moves:
        info = moves.get(m.name)
        if info is not None:
            value += {Valence.STRENGTH: 1.0, Valence.GROWTH: -1.5}.get(info.valence, 0.0)
    return value + sum(turn.deltas.values())


#: Rubric items a scripted teacher makes unavoidable: her lines are as long as the author wrote them and
#: she answers at once, so talk share and wait time say nothing about the coach in practice.
SCRIPTED_METRICS = frozenset({"coach_talk_share", "wait_time_3s_share"})


def has_growth(turn: Turn) -> bool:
    moves = load_moves()
    return any((info := moves.get(m.name)) is not None and info.valence == Valence.GROWTH for m in turn.moves)


def pick_turns(replies: list[Turn]) -> tuple[int | None, int | None]:
    """(strongest, weakest) reply. The strongest never carries a growth move (a harmful reply is never
    held up as the best); the weakest is the lowest-valued reply, when it differs from the strongest."""
    if not replies:
        return None, None
    values = [(turn_value(t), t.index) for t in replies]
    clean = [v for v, t in zip(values, replies) if not has_growth(t)]
    strongest = max(clean, key=lambda v: (v[0], -v[1]))[1] if clean else None
    weakest = min(values, key=lambda v: (v[0], v[1]))[1]
    return strongest, (None if weakest == strongest else weakest)


def _honest_to_try(engine: Engine, score: RubricResult) -> list[str]:
    """The rubric's things to try, without what a scripted teacher makes unavoidable: talk share and wait
    time, and 'reflect before you ask' when every reply that asked had taken up her line."""
    from .content import picks_up

    items = []
    for item in score.to_try:
        if item.metric in SCRIPTED_METRICS:
            continue
        if item.metric == "reflection_to_question":
            if all(picks_up(r.text, her) for r, her in engine.conversation.coach_utterances()
                   if r.index in item.turns and her is not None):
                continue
        items.append(f"{item.title}: {item.message}")
    return items


def fell_short(engine: Engine) -> list[str]:
    """Why the conversation did not end in a breakthrough, in the scenario's terms: each question she
    asked that went unanswered, and each meter below what a breakthrough branch of the last node needed."""
    sc = engine.scenario
    out: list[str] = []
    for r, her in engine.conversation.coach_utterances():
        q = sc.nodes[str(r.node)].question if r.node in sc.nodes else None
        if q is not None and not q.answered_by(r.text):
            asked = f"'{q.text or her or ''}'"
            out.append(f"Her question {asked} went unanswered in turn {r.index}.")
    if engine.outcome in (None, "breakthrough") or not engine.replies:
        return out
    last = sc.nodes.get(str(engine.replies[-1].node))
    best = [e for e, end in sc.endings.items() if end.outcome == "breakthrough"]
    for branch in (last.branches if last else []):
        ranges = branch.when.value("meters")
        if branch.goto not in best or not ranges:
            continue
        for name, rng in ranges.items():
            value = engine.meters.get(name, 0)
            label = sc.meters[name].label or name if name in sc.meters else name
            if rng.min is not None and value < rng.min:
                out.append(f"{label} ended at {value}; the breakthrough needed at least {rng.min:g}.")
            if rng.max is not None and value > rng.max:
                out.append(f"{label} ended at {value}; the breakthrough needed at most {rng.max:g}.")
        break
    return out


def build_debrief(engine: Engine, score: RubricResult) -> Debrief:
    """The debrief of the engine's session, given its rubric score."""
    replies = engine.replies
    from .goals import evaluate_goals

    goals = [GoalRecord.model_construct(id=g.id, text=g.text, met=g.met, detail=g.detail)
             for g in evaluate_goals(engine.scenario, replies, engine.finished)]
    strongest, weakest = pick_turns(replies)
    to_try = _honest_to_try(engine, score) or fallback_to_try(engine, goals)
    ending = engine.ending
    return Debrief(
        ending=engine.ending_id, outcome=ending.outcome if ending else None, line=ending.line if ending else None,
        debrief=ending.debrief if ending else None, timed_out=engine.timed_out, goals=goals,
        strongest_turn=strongest, weakest_turn=weakest,
        rewrite=rewrite_weakest(replies[weakest - 1]) if weakest else None, to_try=to_try, score=score,
        fell_short=fell_short(engine))


def rewrite_weakest(turn: Turn) -> RewriteRecord | None:
    """A better version of the weakest reply's first rewritable growth move (a real rewrite before a
    template)."""
    from ..scoring.rewrites import suggest_rewrite

    if turn.analysis is None:
        return None
    candidates = [m for m in turn.moves if m.name in load_moves().rewritable]
    for template_ok in (False, True):
        for move in candidates:
            better = suggest_rewrite(turn.analysis, move)
            if better and (template_ok or not better.startswith("Template:")):
                return RewriteRecord.model_construct(turn=turn.index, move=move.name, original=move.text,
                                                     suggestion=better)
    return None


def fallback_to_try(engine: Engine, goals: list[GoalRecord]) -> list[str]:
    """What to try when the rubric names nothing: missed goals, then the most frequent growth moves."""
    from ..scoring.explain import move_feedback

    moves = load_moves()
    out = [f"Goal missed: {g.text} ({g.detail})." for g in goals if not g.met]
    growth: dict[str, int] = {}
    for t in engine.replies:
        for m in t.moves:
            info = moves.get(m.name)
            if info is not None and info.valence == Valence.GROWTH:
                growth[m.name] = growth.get(m.name, 0) + 1
    for name, _n in sorted(growth.items(), key=lambda kv: -kv[1])[:2]:
        out.append(f"{name}: {move_feedback(name).better or moves[name].summary}")
    return out[:3] or [KEEP_GOING]
