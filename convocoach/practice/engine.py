"""The scenario engine: a deterministic turn loop over a scenario graph.

Each coach reply is analysed (by an `analyze` callable the caller supplies, so this module never
imports spaCy), the persona's reactions move the meters, and the first matching branch picks the
next node or ending. The same replies and seed always give the same path and the same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..model.analysis import Analysis
from ..model.moves import Valence, load_moves
from .scenario import Condition, Ending, Goal, Range, Scenario

#: analyze(reply, previous_teacher_line) -> Analysis
AnalyzeFn = Callable[[str, Optional[str]], Analysis]


@dataclass(frozen=True)
class Turn:
    """One exchange: the teacher's line, the coach's reply, what it did, and where it led."""

    index: int
    node: str
    teacher: str
    reply: str
    analysis: Analysis
    meters_before: dict[str, int]
    meters: dict[str, int]
    notes: tuple[str, ...]
    goto: str
    asks: str | None = None

    @property
    def deltas(self) -> dict[str, int]:
        return {k: self.meters[k] - self.meters_before.get(k, 0) for k in self.meters}


@dataclass(frozen=True)
class GoalResult:
    """Whether a goal was met, with a short reason."""

    id: str
    text: str
    met: bool
    detail: str


@dataclass
class _State:
    node: str
    meters: dict[str, int]
    turns: list[Turn] = field(default_factory=list)
    ending: str | None = None


def _has(analysis: Analysis, name: str) -> bool:
    return analysis.count(name) > 0


def _in_ranges(values: dict[str, int], ranges: dict[str, Range] | None) -> bool:
    return all(r.contains(values.get(k, 0)) for k, r in (ranges or {}).items())


class Engine:
    """Plays one scenario. Use `teacher_line()`, then `step(reply)` until `finished`.

    Args:
        scenario: a validated Scenario.
        analyze: analyze(reply, previous_teacher_line) -> Analysis; may be None when every
            `step` call passes a stored analysis (replaying a session record).
        seed: chooses among line variants with several texts.
    """

    def __init__(self, scenario: Scenario, analyze: AnalyzeFn | None = None, seed: int = 0) -> None:
        self.scenario = scenario
        self.analyze = analyze
        self.seed = seed
        self._state = _State(node=scenario.start, meters={k: m.start for k, m in scenario.meters.items()})
        self._history: list[_State] = []

    # -- state -------------------------------------------------------------------------------
    @property
    def node_id(self) -> str:
        return self._state.node

    @property
    def meters(self) -> dict[str, int]:
        return dict(self._state.meters)

    @property
    def turns(self) -> list[Turn]:
        return list(self._state.turns)

    @property
    def finished(self) -> bool:
        return self._state.ending is not None

    @property
    def ending_id(self) -> str | None:
        return self._state.ending

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings[self._state.ending] if self._state.ending else None

    @property
    def outcome(self) -> str | None:
        ending = self.ending
        return ending.outcome if ending else None

    @property
    def timed_out(self) -> bool:
        """True when the turn limit, not a branch, ended the conversation."""
        turns = self._state.turns
        return bool(self.finished and turns and turns[-1].goto != self._state.ending)

    # -- the loop ----------------------------------------------------------------------------
    def teacher_line(self) -> str:
        """What the teacher says now: the node's first line variant whose meter ranges hold
        (or the ending's line once finished); among several texts, a seeded choice."""
        if self._state.ending is not None:
            return self.scenario.endings[self._state.ending].line
        node = self.scenario.nodes[self._state.node]
        for line in node.lines:
            if _in_ranges(self._state.meters, line.when):
                texts = line.texts()
                rng = random.Random(f"{self.seed}|{self._state.node}|{len(self._state.turns)}")
                return texts[rng.randrange(len(texts))] if len(texts) > 1 else texts[0]
        return node.lines[-1].texts()[0]  # unreachable for validated scenarios

    def step(self, reply: str, analysis: Analysis | None = None) -> Turn:
        """Take the coach's reply: analyse it, apply reactions, follow the first matching branch."""
        if self.finished:
            raise RuntimeError("the conversation has ended")
        teacher = self.teacher_line()
        if analysis is None:
            if self.analyze is None:
                raise RuntimeError("no analyze callable and no stored analysis")
            analysis = self.analyze(reply, teacher)
        sc = self.scenario
        state = self._state
        node = sc.nodes[state.node]
        index = len(state.turns) + 1
        prev_analysis = state.turns[-1].analysis if state.turns else None
        permitted = (
            node.asks == "advice"
            or _has(analysis, "permission")
            or (prev_analysis is not None and _has(prev_analysis, "permission"))
        )
        before = dict(state.meters)
        meters = dict(state.meters)
        notes: list[str] = []
        for reaction in sc.reactions:
            if self._matches(reaction.when, analysis, before, index, permitted, node.asks, node.feeling):
                for name, delta in reaction.delta.items():
                    m = sc.meters[name]
                    meters[name] = max(m.min, min(m.max, meters[name] + delta))
                if reaction.note:
                    notes.append(reaction.note)
        goto = node.default
        for branch in node.branches:
            if self._matches(branch.when, analysis, meters, index, permitted, node.asks, node.feeling):
                goto = branch.goto
                break
        turn = Turn(
            index=index,
            node=state.node,
            teacher=teacher,
            reply=reply,
            analysis=analysis,
            meters_before=before,
            meters=meters,
            notes=tuple(notes),
            goto=goto,
            asks=node.asks,
        )
        self._history.append(_State(node=state.node, meters=dict(state.meters), turns=list(state.turns),
                                    ending=state.ending))
        new = _State(node=state.node, meters=meters, turns=[*state.turns, turn])
        if goto in sc.endings:
            new.ending = goto
        else:
            new.node = goto
            if index >= sc.max_turns:
                new.ending = sc.timeout_ending()
        self._state = new
        return turn

    def undo(self) -> Turn | None:
        """Take back the last reply; returns it, or None when there is nothing to undo."""
        if not self._state.turns:
            return None
        last = self._state.turns[-1]
        if self._history:
            self._state = self._history.pop()
        else:  # replayed state without history: rebuild from the turns
            self._replay(self._state.turns[:-1])
        return last

    def _replay(self, turns: list[Turn]) -> None:
        self._state = _State(node=self.scenario.start,
                             meters={k: m.start for k, m in self.scenario.meters.items()})
        self._history = []
        for t in turns:
            self.step(t.reply, t.analysis)

    @staticmethod
    def _matches(cond: Condition, analysis: Analysis, meters: dict[str, int], index: int, permitted: bool,
                 asks: str | None, feeling: bool) -> bool:
        if cond.any is not None and not any(_has(analysis, n) for n in cond.any):
            return False
        if cond.all is not None and not all(_has(analysis, n) for n in cond.all):
            return False
        if cond.none is not None and any(_has(analysis, n) for n in cond.none):
            return False
        stances = cond.stances()
        if stances and analysis.stance not in stances:
            return False
        if cond.meters is not None and not _in_ranges(meters, cond.meters):
            return False
        if cond.turn is not None and not cond.turn.contains(index):
            return False
        if cond.permitted is not None and cond.permitted != permitted:
            return False
        if cond.asked is not None and asks not in cond.asked:
            return False
        if cond.feeling is not None and cond.feeling != feeling:
            return False
        return True

    # -- results -----------------------------------------------------------------------------
    def goal_results(self) -> list[GoalResult]:
        """Every goal of the scenario, met or missed, over the turns played so far."""
        return [evaluate_goal(g, self._state.turns) for g in self.scenario.goals]

    def hint(self) -> str:
        """A move that would help now (the node's own hint, or one read off its branches)."""
        node = self.scenario.nodes[self._state.node]
        if self.finished:
            return "The conversation is over."
        if node.hint:
            return node.hint
        if node.asks == "advice":
            return ("They asked for ideas: ask permission (\"Would it help if I shared a couple of options?\"), "
                    "offer two or three, then hand the choice back.")
        if node.feeling:
            return "They voiced a feeling: reflect it before asking anything (\"It sounds like...\")."
        bad_targets = {e for e, end in self.scenario.endings.items() if end.outcome == "stalled"}
        for branch in node.branches:
            names = branch.when.any or branch.when.all or []
            moves = load_moves()
            good = [n for n in names if n in moves and moves[n].valence == Valence.STRENGTH]
            if good and branch.goto not in bad_targets:
                return "Try: " + " or ".join(f"{n} ({moves[n].summary})" for n in good[:2])
        return "Try an open question with tentative language: \"What might...?\""


def evaluate_goal(goal: Goal, turns: list[Turn]) -> GoalResult:
    """Check one goal against the turns played."""
    if goal.at_least is not None:
        n = sum(t.analysis.count(goal.at_least.move) for t in turns)
        return GoalResult(goal.id, goal.text, n >= goal.at_least.count, f"{goal.at_least.move}: {n}")
    if goal.at_most is not None:
        n = sum(t.analysis.count(goal.at_most.move) for t in turns)
        return GoalResult(goal.id, goal.text, n <= goal.at_most.count, f"{goal.at_most.move}: {n}")
    if goal.avoid_before is not None:
        ab = goal.avoid_before
        offenders: list[int] = []
        for t in turns:
            if t.node == ab.node:
                break
            if t.analysis.count(ab.move) > 0:
                offenders.append(t.index)
        detail = f"{ab.move} in turn {', '.join(map(str, offenders))}" if offenders else f"no {ab.move} early"
        return GoalResult(goal.id, goal.text, not offenders, detail)
    share_goal = goal.stance_share
    assert share_goal is not None
    if not turns:
        return GoalResult(goal.id, goal.text, False, "no replies")
    share = sum(1 for t in turns if t.analysis.stance == share_goal.stance) / len(turns)
    ok = (share_goal.min is None or share >= share_goal.min) and (share_goal.max is None or share <= share_goal.max)
    return GoalResult(goal.id, goal.text, ok, f"{share_goal.stance}: {share:.0%} of replies")
