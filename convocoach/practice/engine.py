"""The scenario engine: a deterministic turn loop over a scenario graph, appending to a Conversation.

Each coach reply is analysed (by an `analyze` callable the caller supplies, so this module never
imports spaCy), the persona's reactions move the meters, and the first matching branch picks the
next node or ending. Every exchange adds two turns to the conversation: the teacher's line and
the coach's reply, both numbered with the exchange (1, 2, ...). The same replies and seed always
give the same path and the same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..model.analysis import Analysis
from ..model.conversation import Conversation, Turn
from ..model.moves import Valence, load_moves
from . import content
from .conditions import ASKS_FOR_IDEAS, Situation, in_ranges
from .scenario import Ending, Line, Scenario

#: analyze(reply, previous_teacher_line) -> Analysis
AnalyzeFn = Callable[[str, Optional[str]], Analysis]


@dataclass(frozen=True)
class _State:
    node: str
    meters: dict[str, int]
    conversation: Conversation
    ending: str | None = None
    #: the reply that led to this node, as its conditions saw it (for lines with `after`)
    last: Situation | None = None


@dataclass
class Engine:
    """Plays one scenario. Use `teacher_line()`, then `step(reply)` until `finished`.

    Args:
        scenario: a validated Scenario.
        analyze: analyze(reply, previous_teacher_line) -> Analysis; may be None when every
            `step` call passes an analysis.
        seed: chooses among line variants with several texts.
        coach: the coach's name in the conversation.
    """

    scenario: Scenario
    analyze: AnalyzeFn | None = None
    seed: int = 0
    coach: str = "Coach"
    _state: _State = field(init=False)
    _history: list[_State] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._state = self._initial()

    def _initial(self) -> _State:
        sc = self.scenario
        return _State(node=sc.start, meters={k: m.start for k, m in sc.meters.items()},
                      conversation=Conversation(source=sc.id, format="session", turns=(), coach=(self.coach,)))

    # -- state -------------------------------------------------------------------------------
    @property
    def node_id(self) -> str:
        return self._state.node

    @property
    def meters(self) -> dict[str, int]:
        return dict(self._state.meters)

    @property
    def conversation(self) -> Conversation:
        """Everything said so far: the teacher's line and the coach's reply of each exchange."""
        return self._state.conversation

    @property
    def replies(self) -> list[Turn]:
        """The coach's replies so far (each carries its analysis, node, meters, notes and goto)."""
        return self._state.conversation.coach_turns

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
        replies = self.replies
        return bool(self.finished and replies and replies[-1].goto != self._state.ending)

    # -- the loop ----------------------------------------------------------------------------
    def teacher_line(self) -> str:
        """What the teacher says now: the node's first line variant whose meter ranges hold and whose
        `after` condition held for the reply that led here (or the ending's line once finished);
        among several texts, a seeded choice."""
        if self._state.ending is not None:
            return self.scenario.endings[self._state.ending].line
        texts = self._line().texts()
        rng = random.Random(f"{self.seed}|{self._state.node}|{len(self.replies)}")
        return texts[rng.randrange(len(texts))] if len(texts) > 1 else texts[0]

    def _line(self) -> Line:
        state = self._state
        node = self.scenario.nodes[state.node]
        for line in node.lines:
            if in_ranges(state.meters, line.when) and (
                    line.after is None or (state.last is not None and line.after.holds(state.last))):
                return line
        return node.lines[-1]  # validated scenarios: the last variant has no when/after

    def asks(self) -> str | None:
        """What the teacher's current line asks for (the line's own `asks`, else the node's)."""
        if self._state.ending is not None:
            return None
        return self._line().asks or self.scenario.nodes[self._state.node].asks

    def step(self, reply: str, analysis: Analysis | None = None) -> Turn:
        """Take the coach's reply: analyse it, apply reactions, follow the first matching branch.

        Returns the coach's turn (its analysis, node, meters before and after, notes and goto).
        """
        if self.finished:
            raise RuntimeError("the conversation has ended")
        teacher = self.teacher_line()
        if analysis is None:
            if self.analyze is None:
                raise RuntimeError("no analyze callable and no stored analysis")
            analysis = self.analyze(reply, teacher)
        sc, state = self.scenario, self._state
        node = sc.nodes[state.node]
        index = len(self.replies) + 1
        previous = self.replies[-1].analysis if self.replies else None
        asks = self.asks()
        permitted = (asks in ASKS_FOR_IDEAS or content.requests_ideas(teacher) or analysis.count("permission") > 0
                     or (previous is not None and previous.count("permission") > 0))

        def situation(meters: dict[str, int]) -> Situation:
            return Situation(analysis, meters, index, permitted, asks, node.feeling, teacher,
                             state.conversation, node.question, tuple(node.topics))

        before = dict(state.meters)
        meters, notes = dict(before), []
        for reaction in sc.reactions:
            if reaction.when.holds(situation(before)):
                for name, delta in reaction.delta.items():
                    m = sc.meters[name]
                    meters[name] = max(m.min, min(m.max, meters[name] + delta))
                if reaction.note:
                    notes.append(reaction.note)
        goto = next((b.goto for b in node.branches if b.when.holds(situation(meters))), node.default)
        teacher_turn = Turn(index=index, role="teacher", speaker=sc.persona.name, text=teacher, asks=asks,
                            node=state.node)
        turn = Turn(index=index, role="coach", speaker=self.coach, text=reply, analysis=analysis, node=state.node,
                    meters_before=before, meters=meters, notes=tuple(notes), goto=goto)
        self._history.append(state)
        ending = goto if goto in sc.endings else (sc.timeout_ending() if index >= sc.max_turns else None)
        self._state = _State(node=state.node if goto in sc.endings else goto, meters=meters,
                             conversation=state.conversation.append(teacher_turn, turn), ending=ending,
                             last=situation(meters))
        return turn

    def undo(self) -> Turn | None:
        """Take back the last reply; returns it, or None when there is nothing to undo."""
        if not self.replies:
            return None
        last = self.replies[-1]
        self._state = self._history.pop()
        return last

    # -- help ------------------------------------------------------------------------------
    def hint(self) -> str:
        """A move that would help now (the node's own hint, or one read off its branches)."""
        node = self.scenario.nodes[self._state.node]
        if self.finished:
            return "The conversation is over."
        if node.hint:
            return node.hint
        if node.question is not None:
            return ("She asked you a direct question" + (f" ({node.question.text})" if node.question.text else "")
                    + ": answer it plainly first, then hand the thinking back with a question.")
        if self.asks() in ASKS_FOR_IDEAS or content.requests_ideas(self.teacher_line()):
            return ("They asked for ideas: ask permission (\"Would it help if I shared a couple of options?\"), "
                    "offer two or three, then hand the choice back.")
        if node.feeling:
            return "They voiced a feeling: reflect it before asking anything (\"It sounds like...\")."
        bad_targets = {e for e, end in self.scenario.endings.items() if end.outcome == "stalled"}
        moves = load_moves()
        for branch in node.branches:
            names = branch.when.value("any") or branch.when.value("all") or []
            good = [n for n in names if n in moves and moves[n].valence == Valence.STRENGTH]
            if good and branch.goto not in bad_targets:
                return "Try: " + " or ".join(f"{n} ({moves[n].summary})" for n in good[:2])
        return "Try an open question with tentative language: \"What might...?\""
