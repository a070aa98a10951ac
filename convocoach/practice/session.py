"""The practice service: one session's lifecycle (start, resume, step, undo, finish, debrief, score).

`convocoach play`, `assignment play` (interactive or from replies files) and grading all run a
session through this class, so a reply gets the same analysis, the same debrief and the same score
on every path. The session keeps its record (io.records.SessionRecord) in step with the
conversation; the caller decides when and where to save it. No terminal, no files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from ..io.records import PersonaRef, ScenarioRef, SessionRecord, exchanges, now
from ..model.analysis import Analysis
from ..model.conversation import Conversation, Turn
from .debrief import Debrief, build_debrief
from .engine import AnalyzeFn, Engine

if TYPE_CHECKING:
    from ..scoring.rubric import Rubric
    from ..scoring.score import RubricResult
    from .scenario import LoadedScenario


def score_conversation(conversation: Conversation, rubric: Rubric | None = None,
                       rewrites: bool = True) -> RubricResult:
    """The one path from a played conversation to a score: the rubric, with rewrites of the coach's
    own words in the things to try (`rewrites=False` where only the numbers are shown: they are the
    same either way)."""
    from ..scoring.rewrites import suggest_rewrite
    from ..scoring.score import score

    return score(conversation, rubric, rewrite=suggest_rewrite if rewrites else None)


@dataclass(frozen=True)
class Replay:
    """What replaying a stored record found: replies whose stored analysis or node differs from the
    replay's, and stored replies that came after the replayed conversation ended."""

    analysis_differs: tuple[int, ...] = ()
    path_differs: tuple[int, ...] = ()
    dropped: int = 0


@dataclass
class PracticeSession:
    """One practice conversation with a scripted teacher, and its record.

    Args:
        loaded: the scenario.
        analyze: analyze(reply, teacher's line) -> Analysis.
        seed: chooses among line variants.
        coach: the coach's name (the participant's, in an assignment).
        feedback: "turn" or "end" (kept in the record).
        lexicon_hash: the analyzer's lexicon hash (kept in the record); may be set later.
    """

    loaded: LoadedScenario
    analyze: AnalyzeFn | None
    seed: int = 0
    coach: str = "Coach"
    feedback: str = "turn"
    lexicon_hash: str | None = None
    engine: Engine = field(init=False)
    record: SessionRecord = field(init=False)

    def __post_init__(self) -> None:
        sc = self.loaded.scenario
        self.engine = Engine(sc, self.analyze, seed=self.seed, coach=self.coach)
        started = now()
        self.record = SessionRecord(
            scenario=ScenarioRef(id=sc.id, title=sc.title, path=self.loaded.path, hash=self.loaded.content_hash),
            lexicon_hash=self.lexicon_hash, seed=self.seed, feedback=self.feedback, started=started, updated=started,
            coach=self.coach, persona=PersonaRef(name=sc.persona.name))

    @classmethod
    def resume(cls, record: SessionRecord, loaded: LoadedScenario, analyze: AnalyzeFn) -> tuple[PracticeSession,
                                                                                              Replay]:
        """Continue a stored session: every stored reply is analysed again and walks the graph again
        (nothing stored is trusted); the stored analyses and nodes are only compared."""
        session = cls(loaded, analyze, seed=record.seed, coach=record.coach, feedback=record.feedback,
                      lexicon_hash=record.lexicon_hash)
        session.record = record.model_copy(update={"status": "in_progress"})
        replay = session.replay(record.conversation().exchanges())
        session.record.scenario = record.scenario.model_copy(update={"path": loaded.path,
                                                                     "hash": loaded.content_hash})
        session._sync()
        return session, replay

    def replay(self, stored: Sequence[tuple[Turn | None, Turn]]) -> Replay:
        """Step through stored replies with fresh analyses; compare what the record says."""
        differ: list[int] = []
        moved: list[int] = []
        for k, (_prompt, old) in enumerate(stored):
            if self.finished:
                return Replay(tuple(differ), tuple(moved), len(stored) - k)
            turn = self.step(old.text)
            if old.analysis is None or turn.analysis is None or old.analysis.signature() != turn.analysis.signature():
                differ.append(turn.index)
            if turn.node != old.node:
                moved.append(turn.index)
        return Replay(tuple(differ), tuple(moved), 0)

    # -- the conversation ---------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.engine.finished

    @property
    def replies(self) -> list[Turn]:
        return self.engine.replies

    @property
    def conversation(self) -> Conversation:
        return self.engine.conversation

    def teacher_line(self) -> str:
        return self.engine.teacher_line()

    def hint(self) -> str:
        return self.engine.hint()

    def step(self, reply: str, analysis: Analysis | None = None) -> Turn:
        """The coach's reply: analysed, reacted to, followed to the next node; the record follows."""
        turn = self.engine.step(reply, analysis)
        self._sync()
        return turn

    def undo(self) -> Turn | None:
        """Take back the last reply (None when there is nothing to take back)."""
        turn = self.engine.undo()
        self._sync()
        return turn

    def _sync(self) -> None:
        self.record.turns = exchanges(self.engine.conversation)

    # -- results ------------------------------------------------------------------------------
    def score(self, rubric: Rubric | None = None) -> RubricResult:
        """The rubric's verdict on the replies so far."""
        return score_conversation(self.engine.conversation, rubric)

    def debrief(self) -> Debrief:
        """Outcome, goals, strongest and weakest reply, a rewrite and things to try."""
        return build_debrief(self.engine, self.score())

    def finish(self) -> Debrief | None:
        """When the conversation has ended: the debrief, kept in the record (status finished, outcome,
        score). None while it goes on."""
        if not self.finished:
            self.record.status = "in_progress"
            return None
        debrief = self.debrief()
        self.record.status = "finished"
        self.record.outcome = debrief.outcome_record()
        self.record.score = debrief.score_record()
        return debrief


def play_scripted(loaded: LoadedScenario, replies: Sequence[str], analyze: AnalyzeFn, seed: int = 0,
                  lexicon_hash: str | None = None, coach: str = "Coach") -> tuple[PracticeSession, int]:
    """Play a scenario with scripted replies; returns the session (finished when the replies reached
    an ending, its record complete) and how many replies were left over."""
    session = PracticeSession(loaded, analyze, seed=seed, coach=coach, feedback="end", lexicon_hash=lexicon_hash)
    used = 0
    for reply in replies:
        if session.finished:
            break
        session.step(reply)
        used += 1
    session.finish()
    return session, len(replies) - used
