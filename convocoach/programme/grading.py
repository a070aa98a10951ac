"""Grading submissions by re-scoring: every recorded reply is replayed through the current engine.

Nothing a submission stores is trusted: each reply is analysed again (with the teacher line the
engine shows at that point), the scenario engine walks the graph again, goals and the rubric are
computed again, and the pass criteria are checked on those results. Where the stored analysis,
path, outcome, goals or score differ from the recomputed ones the attempt is flagged (the file
was edited, or made with another convocoach version); a flagged submission fails its checks.

Bad files (unreadable, another assignment, an unknown scenario version, a participant id used in
two files) become `FileProblem`s with one clear message each; the other submissions are graded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Literal, Sequence

from .. import __version__
from ..model.analysis import Analysis
from ..model.errors import InputError, InputErrors
from ..practice.goals import POLICY as GOALS_POLICY
from .assignment import OUTCOME_ORDER, AssignedScenario, LoadedAssignment
from .submission import StoredAttempt, Submission, load_submission

if TYPE_CHECKING:
    from ..nlp.analyzer import Analyzer
    from ..practice.goals import GoalResult
    from ..scoring.rubric import Rubric
    from ..scoring.score import RubricResult

Severity = Literal["integrity", "info"]

#: The grading policy in one paragraph (the README says the same; the gradebook table and the
#: cohort report print it).
GRADING_POLICY = (
    "The best finished attempt of each scenario decides. Unfinished attempts are listed but never graded; "
    "a scenario without a finished attempt counts 0 in the overall. " + GOALS_POLICY
    + " A conversation without a single question earns no questioning credit (0).")


@dataclass(frozen=True)
class Flag:
    """Something in a submission that does not match the replay.

    `integrity` flags (stored analysis, path, outcome, goals or score differ; extra turns) fail the
    submission's checks; `info` flags (other convocoach or lexicon version, changed scenario file)
    only explain.
    """

    kind: str
    severity: Severity
    message: str
    scenario: str | None = None
    attempt: int | None = None
    turn: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "message": self.message,
                "scenario": self.scenario, "attempt": self.attempt, "turn": self.turn}


@dataclass(frozen=True)
class AttemptGrade:
    """One attempt, replayed: the recomputed outcome, goals and score, and whether it passes."""

    scenario: str
    attempt: int
    turns: int
    finished: bool
    outcome: str | None
    goals: tuple[GoalResult, ...]
    score: RubricResult | None
    passed: bool
    reasons: tuple[str, ...]
    flags: tuple[Flag, ...]

    @property
    def overall(self) -> int | None:
        return self.score.overall if self.score is not None and self.turns else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "attempt": self.attempt,
            "turns": self.turns,
            "finished": self.finished,
            "outcome": self.outcome,
            "passed": self.passed,
            "reasons": list(self.reasons),
            "goals": [{"id": g.id, "text": g.text, "met": g.met, "detail": g.detail} for g in self.goals],
            "overall": self.overall,
            "dimensions": dict(self.score.dimensions) if self.score is not None and self.turns else {},
            "to_try": [t.title for t in self.score.to_try] if self.score is not None else [],
            "flags": [f.to_dict() for f in self.flags],
        }


@dataclass(frozen=True)
class ScenarioGrade:
    """A participant's result for one scenario of the assignment: the best attempt decides."""

    scenario: str
    title: str
    required: int
    submitted: int
    finished: int
    best: AttemptGrade | None
    attempts: tuple[AttemptGrade, ...]
    passed: bool
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "passed": self.passed,
            "reasons": list(self.reasons),
            "attempts_required": self.required,
            "attempts_submitted": self.submitted,
            "attempts_finished": self.finished,
            "best_attempt": self.best.attempt if self.best else None,
            "outcome": self.best.outcome if self.best else None,
            "overall": self.best.overall if self.best else None,
            "dimensions": dict(self.best.score.dimensions) if self.best and self.best.score and self.best.turns
            else {},
            "attempts": [a.to_dict() for a in self.attempts],
        }


@dataclass(frozen=True)
class ParticipantGrade:
    """One submission, graded."""

    source: str
    participant_id: str
    name: str
    scenarios: tuple[ScenarioGrade, ...]
    flags: tuple[Flag, ...]

    @property
    def all_flags(self) -> list[Flag]:
        out = list(self.flags)
        for s in self.scenarios:
            for a in s.attempts:
                out.extend(a.flags)
        return out

    @property
    def flagged(self) -> bool:
        return any(f.severity == "integrity" for f in self.all_flags)

    @property
    def passed(self) -> bool:
        """Every scenario passed and nothing was flagged."""
        return all(s.passed for s in self.scenarios) and not self.flagged

    @property
    def status(self) -> str:
        if not all(s.passed for s in self.scenarios):
            return "fail"
        return "flagged" if self.flagged else "pass"

    def _best_scores(self) -> list[RubricResult | None]:
        """Per scenario, the score of the best finished attempt (None: no finished attempt)."""
        return [s.best.score if s.best is not None and s.best.score is not None and s.best.turns else None
                for s in self.scenarios]

    @property
    def overall(self) -> float | None:
        """The mean over the assignment's scenarios of the best finished attempt's overall score; a
        scenario without a finished attempt counts 0 (unfinished attempts never count). None when
        nothing was finished."""
        scores = self._best_scores()
        if not any(r is not None for r in scores):
            return None
        return round(sum(r.overall if r is not None else 0 for r in scores) / len(scores), 1)

    @property
    def dimensions(self) -> dict[str, float]:
        """Each rubric dimension, averaged like `overall` (a scenario without a finished attempt counts 0)."""
        scores = self._best_scores()
        done = [r for r in scores if r is not None]
        if not done:
            return {}
        dims = list(done[0].dimensions)
        return {d: round(sum(r.dimensions.get(d, 0) if r is not None else 0 for r in scores) / len(scores), 1)
                for d in dims}

    @property
    def unfinished(self) -> int:
        """Attempts submitted but not finished (listed, never graded)."""
        return sum(s.submitted - s.finished for s in self.scenarios)

    @property
    def growth_areas(self) -> list[str]:
        """Things to try from the best attempts, most frequent first (ties by first appearance)."""
        seen: Counter[str] = Counter()
        order: dict[str, int] = {}
        for s in self.scenarios:
            if s.best is None or s.best.score is None:
                continue
            for item in s.best.score.to_try:
                seen[item.title] += 1
                order.setdefault(item.title, len(order))
        return sorted(seen, key=lambda t: (-seen[t], order[t]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "participant": {"id": self.participant_id, "name": self.name},
            "source": self.source,
            "status": self.status,
            "passed": self.passed,
            "flagged": self.flagged,
            "overall": self.overall,
            "dimensions": self.dimensions,
            "growth_areas": self.growth_areas,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "flags": [f.to_dict() for f in self.flags],
        }


@dataclass(frozen=True)
class FileProblem:
    """A submission file that could not be graded, and why."""

    source: str
    message: str
    participant_id: str | None = None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "message": self.message, "participant_id": self.participant_id}


@dataclass(frozen=True)
class Gradebook:
    """Every submission graded against one assignment, plus the files that could not be graded."""

    assignment: LoadedAssignment
    participants: tuple[ParticipantGrade, ...]
    problems: tuple[FileProblem, ...]
    lexicon_hash: str | None
    convocoach_version: str = __version__

    @property
    def any_failed(self) -> bool:
        return any(not p.passed for p in self.participants)


# ---------------------------------------------------------------------------------------------
# Comparing stored and recomputed analyses
# ---------------------------------------------------------------------------------------------
def describe_difference(stored: Analysis, now: Analysis) -> str:
    """A short account of how two analyses of one reply differ."""
    if stored.text != now.text:
        return "the stored analysis is of a different text than the reply"
    parts: list[str] = []
    s_names, n_names = stored.names, now.names
    extra = sorted((s_names - n_names).elements())
    missing = sorted((n_names - s_names).elements())
    if extra:
        parts.append("stored has " + ", ".join(dict.fromkeys(extra)) + " that the replay does not find")
    if missing:
        parts.append("replay finds " + ", ".join(dict.fromkeys(missing)) + " not in the stored analysis")
    if not parts and stored.signature()[2] != now.signature()[2]:
        parts.append("move spans differ")
    if stored.stance != now.stance:
        parts.append(f"stance stored {stored.stance}, recomputed {now.stance}")
    return "; ".join(parts) or "the analyses differ"


# ---------------------------------------------------------------------------------------------
# Replaying one attempt
# ---------------------------------------------------------------------------------------------
AnalyzeFn = Callable[[str, "str | None"], Analysis]


def _outcome_at_least(outcome: str | None, minimum: str) -> bool:
    if outcome not in OUTCOME_ORDER:
        return False
    return OUTCOME_ORDER.index(outcome) >= OUTCOME_ORDER.index(minimum)


def check_criteria(item: AssignedScenario, finished: bool, outcome: str | None, goals: Sequence[GoalResult],
                   score: RubricResult | None) -> list[str]:
    """Why an attempt does not pass (an empty list means it passes)."""
    c = item.criteria
    reasons: list[str] = []
    if not finished:
        reasons.append("not finished")
    if c.outcome is not None and finished and not _outcome_at_least(outcome, c.outcome):
        better = " or better" if c.outcome != "breakthrough" else ""
        reasons.append(f"outcome {outcome} (needs {c.outcome}{better})")
    if c.goals is not None:
        wanted = [g.id for g in goals] if c.goals == "all" else list(c.goals)
        by_id = {g.id: g for g in goals}
        for gid in wanted:
            g = by_id.get(gid)
            if g is not None and not g.met:
                reasons.append(f"goal {gid} not met ({g.detail})")
    for key, minimum in (c.rubric or {}).items():
        value = None
        if score is not None:
            value = score.overall if key == "overall" else score.dimensions.get(key)
        if value is None or value < minimum:
            reasons.append(f"{key} {value if value is not None else 'n/a'} < {minimum}")
    return reasons


def replay_attempt(item: AssignedScenario, stored: StoredAttempt, analyze: AnalyzeFn, rubric: Rubric | None,
                   default_rubric: Rubric | None = None, lexicon_hash: str | None = None,
                   other_version: bool = False) -> AttemptGrade:
    """Replay a stored attempt through a practice session with fresh analyses; grade and flag it.

    `lexicon_hash` (the grading analyzer's) lets a flag say whether a differing analysis must have
    been edited (same lexicons) or may come from another convocoach version. With `other_version`
    (the submission was made by another convocoach version) a stored analysis, outcome, goal or score
    that differs is expected, so it is noted (info), not raised as an integrity problem; the replay
    decides the grade either way.
    """
    from ..practice.goals import evaluate_goals
    from ..practice.session import PracticeSession

    session = PracticeSession(item.loaded, analyze, seed=stored.seed)
    flags: list[Flag] = []

    def flag(kind: str, message: str, turn: int | None = None, severity: Severity = "integrity") -> None:
        if other_version and severity == "integrity" and kind in ("analysis", "outcome", "goals", "score"):
            severity, message = "info", message + " (recorded with another convocoach version)"
        flags.append(Flag(kind, severity, message, scenario=item.id, attempt=stored.attempt, turn=turn))

    if stored.scenario_hash and stored.scenario_hash != item.loaded.content_hash:
        flag("scenario-changed", "the scenario file changed since this attempt was recorded "
             "(same version); the replay uses the current file", severity="info")
    if stored.seed != item.seed:
        flag("seed", f"played with seed {stored.seed}; the assignment sets {item.seed} (teacher line variants "
             "may differ; the replay uses the recorded seed)", severity="info")
    _replay_replies(session, stored, analyze, flag, lexicon_hash)
    engine = session.engine
    replies, finished, outcome = session.replies, engine.finished, engine.outcome
    goals = tuple(evaluate_goals(engine.scenario, replies, finished))
    score = session.score(rubric) if replies else None
    if stored.status == "finished" and not finished:
        flag("outcome", "stored as finished, but the replay has not reached an ending")
    elif stored.outcome is not None and stored.outcome != outcome:
        flag("outcome", f"stored outcome {stored.outcome}, the replay ends {outcome or 'unfinished'}")
    for g in goals:
        if g.id in stored.goals and stored.goals[g.id] != g.met:
            flag("goals", f"goal {g.id} stored as {'met' if stored.goals[g.id] else 'missed'}, "
                 f"recomputed {'met' if g.met else 'missed'}")
    if stored.overall is not None and replies:
        # `play` stores a score made with the bundled rubric; compare like with like.
        check = score if default_rubric is None or default_rubric is rubric else session.score(default_rubric)
        if check is not None and check.overall != stored.overall:
            flag("score", f"stored overall score {stored.overall}, recomputed {check.overall}")
    reasons = check_criteria(item, finished, outcome, goals, score)
    return AttemptGrade(scenario=item.id, attempt=stored.attempt, turns=len(replies), finished=finished,
                        outcome=outcome, goals=goals, score=score, passed=not reasons, reasons=tuple(reasons),
                        flags=tuple(flags))


def _replay_replies(session: Any, stored: StoredAttempt, analyze: AnalyzeFn, flag: Callable[..., None],
                    lexicon_hash: str | None) -> None:
    """Step every stored reply with a fresh analysis (of the teacher line the replay shows), flagging
    stored analyses, nodes and meters that differ, and replies after the end."""
    old_turns = [turn for _prompt, turn in stored.record.conversation().exchanges()]
    for old in old_turns:
        if session.finished:
            left = len(old_turns) - old.index + 1
            flag("extra-turns", f"{left} stored turn(s) after the conversation had ended in the replay",
                 turn=old.index)
            break
        now = analyze(old.text, session.teacher_line())
        if old.analysis is None:
            flag("analysis", f"turn {old.index}: the stored analysis is missing or unreadable", turn=old.index)
        elif old.analysis.signature() != now.signature():
            why = ""
            if lexicon_hash and stored.lexicon_hash:
                why = ("; same lexicons, so the record was edited" if stored.lexicon_hash == lexicon_hash
                       else "; recorded with other lexicons, so a version change may explain it")
            flag("analysis", f"turn {old.index}: stored analysis differs from the recomputed one "
                 f"({describe_difference(old.analysis, now)}{why})", turn=old.index)
        turn = session.step(old.text, now)
        if old.node is not None and old.node != turn.node:
            flag("path", f"turn {old.index}: stored at node '{old.node}', the replay is at '{turn.node}'",
                 turn=old.index)
        elif old.meters is not None and dict(old.meters) != dict(turn.meters or {}):
            flag("path", f"turn {old.index}: stored meters {dict(old.meters)} differ from the replay's "
                 f"{dict(turn.meters or {})}", turn=old.index)


def grade_scenario(item: AssignedScenario, attempts: Sequence[AttemptGrade]) -> ScenarioGrade:
    """The best finished attempt decides (passing first, then the highest score, then the earliest).

    Unfinished attempts never count: they are listed (as unfinished) but never chosen as the best.
    """
    done = [a for a in attempts if a.finished]
    best = max(done, key=lambda a: (a.passed, a.overall if a.overall is not None else -1, -a.attempt)) \
        if done else None
    finished = len(done)
    reasons: list[str] = []
    if not attempts:
        reasons.append("no attempt submitted")
    elif not done:
        reasons.append(f"unfinished: {len(attempts)} attempt(s), none finished (unfinished attempts are not graded)")
    elif finished < item.attempts:
        reasons.append(f"{finished} of {item.attempts} required attempt(s) finished")
    if best is not None and not best.passed:
        reasons.extend(best.reasons)
    return ScenarioGrade(scenario=item.id, title=item.title, required=item.attempts, submitted=len(attempts),
                         finished=finished, best=best, attempts=tuple(attempts), passed=not reasons,
                         reasons=tuple(dict.fromkeys(reasons)))


# ---------------------------------------------------------------------------------------------
# Grading many submissions
# ---------------------------------------------------------------------------------------------
def check_submission(sub: Submission, assignment: LoadedAssignment) -> None:
    """Raise InputErrors when a submission cannot be graded against this assignment."""
    path = sub.path
    if sub.assignment_id != assignment.id:
        raise InputError(f"this submission is for assignment '{sub.assignment_id}', not '{assignment.id}'",
                         path=path, line=sub.assignment_line, hint="grade it with its own assignment file")
    errors: list[InputError] = []
    for i, at in enumerate(sub.attempts):
        item = assignment.scenario(at.scenario)
        if item is None:
            errors.append(InputError(
                f"attempts[{i}] is for scenario '{at.scenario}', which is not part of assignment '{assignment.id}'",
                path=path, line=at.line))
        elif at.scenario_version != item.version:
            errors.append(InputError(
                f"attempts[{i}] was made with version {at.scenario_version} of scenario '{at.scenario}'; "
                f"this assignment uses version {item.version}", path=path, line=at.line,
                hint="the participant should play it again with the current scenario"))
    if errors:
        raise InputErrors(errors) if len(errors) > 1 else errors[0]


def grade_submissions(paths: Sequence[str | Path], assignment: LoadedAssignment,
                      analyzer: Analyzer | None = None,
                      on_file: Callable[[str], None] | None = None) -> Gradebook:
    """Grade every submission file against the assignment (see the module docstring).

    Args:
        paths: submission JSON files.
        assignment: from convocoach.assignment.load_assignment.
        analyzer: the analyzer to replay with (default: get_analyzer()).
        on_file: called with each path as it is graded (progress).
    """
    problems: list[FileProblem] = []
    valid: list[Submission] = []
    unique: dict[Path, str | Path] = {}
    for p in paths:  # the same file named twice is one submission, not a duplicate participant
        unique.setdefault(Path(p).resolve(), p)
    for p in unique.values():
        loaded: Submission | None = None
        try:
            loaded = load_submission(p)
            check_submission(loaded, assignment)
        except (InputError, InputErrors) as exc:
            problems.append(FileProblem(str(p), str(exc),
                                        participant_id=loaded.participant_id if loaded else None,
                                        name=loaded.participant_name if loaded else None))
            continue
        valid.append(loaded)

    by_id: dict[str, list[Submission]] = {}
    for sub in valid:
        by_id.setdefault(sub.participant_id, []).append(sub)
    graded: list[Submission] = []
    for sub in valid:
        same = by_id[sub.participant_id]
        if len(same) > 1:
            others = ", ".join(s.path for s in same if s is not sub)
            problems.append(FileProblem(sub.path, str(InputError(
                f"participant id '{sub.participant_id}' also appears in {others}; none of these files was graded",
                path=sub.path, line=sub.participant_line, hint="keep one submission per participant, or give each a distinct id")),
                participant_id=sub.participant_id, name=sub.participant_name))
        else:
            graded.append(sub)

    if analyzer is None:
        from ..nlp.analyzer import get_analyzer

        analyzer = get_analyzer()
    analyze = _cached_analyze(analyzer, graded)
    lexicon_hash = analyzer.lexicon_hash
    from ..scoring.rubric import load_rubric

    default_rubric = load_rubric()
    participants: list[ParticipantGrade] = []
    for sub in sorted(graded, key=lambda s: (s.participant_id, s.path)):
        if on_file is not None:
            on_file(sub.path)
        participants.append(grade_one(sub, assignment, analyze, lexicon_hash, default_rubric))
    return Gradebook(assignment=assignment, participants=tuple(participants), problems=tuple(problems),
                     lexicon_hash=lexicon_hash)


def _cached_analyze(analyzer: Analyzer, subs: Sequence[Submission] = ()) -> AnalyzeFn:
    """analyze(reply, teacher line), memoised; prefilled in one batch with the stored teacher lines.

    The replay asks for the teacher line the engine shows now; where that equals the stored one
    (almost always) the batch result is used, otherwise the reply is analysed again on its own.
    """
    from ..nlp.analyzer import Utterance

    cache: dict[tuple[str, str | None], Analysis] = {}
    wanted = list(dict.fromkeys((t.reply, t.teacher) for s in subs for a in s.attempts for t in a.record.turns))
    for key, result in zip(wanted, analyzer.analyze_many(Utterance(text, prev) for text, prev in wanted)):
        cache[key] = result

    def analyze(text: str, previous: str | None) -> Analysis:
        key = (text, previous)
        if key not in cache:
            cache[key] = analyzer.analyze(text, previous=previous)
        return cache[key]

    return analyze


def grade_one(sub: Submission, assignment: LoadedAssignment, analyze: AnalyzeFn, lexicon_hash: str | None,
              default_rubric: Any = None) -> ParticipantGrade:
    """Grade one checked submission."""
    flags: list[Flag] = []
    if sub.lexicon_hash and lexicon_hash and sub.lexicon_hash != lexicon_hash:
        flags.append(Flag("lexicon", "info", f"recorded with lexicon {sub.lexicon_hash}, graded with {lexicon_hash}"))
    other_version = bool(sub.convocoach_version and sub.convocoach_version != __version__)
    if other_version:
        flags.append(Flag("version", "info",
                          f"recorded with convocoach {sub.convocoach_version}, graded with {__version__}"))
    if sub.assignment_hash and sub.assignment_hash != assignment.content_hash:
        flags.append(Flag("assignment-changed", "info",
                          f"the assignment file changed since this submission was made (made with "
                          f"{sub.assignment_hash}, graded against {assignment.content_hash}); it is graded "
                          "against the current file"))
    scenarios: list[ScenarioGrade] = []
    for item in assignment.scenarios:
        attempts = [replay_attempt(item, at, analyze, assignment.rubric, default_rubric, lexicon_hash, other_version)
                    for at in sub.attempts if at.scenario == item.id]
        scenarios.append(grade_scenario(item, attempts))
    return ParticipantGrade(source=sub.path, participant_id=sub.participant_id, name=sub.participant_name,
                            scenarios=tuple(scenarios), flags=tuple(flags))


def redact(book: Gradebook) -> Gradebook:
    """The gradebook with participants anonymised: 'Participant 1..N' (deterministic), no file names."""
    from dataclasses import replace

    import hashlib

    names: dict[str, str] = {}
    width = len(str(len(book.participants) + len(book.problems)))
    # Numbered in the order of a hash of the id, so the numbers do not give away the alphabetical order.
    shuffled = sorted(book.participants,
                      key=lambda p: (hashlib.sha256(p.participant_id.encode("utf-8")).hexdigest(), p.participant_id))
    for p in shuffled:
        names.setdefault(p.participant_id, f"participant-{len(names) + 1:0{width}d}")
    participants = tuple(
        replace(p, participant_id=names[p.participant_id], name=names[p.participant_id].replace("-", " ").title(),
                source=names[p.participant_id] + ".json")
        for p in shuffled)
    problems = []
    for i, prob in enumerate(book.problems, start=1):
        label = f"file-{i:0{width}d}"
        message = prob.message.replace(prob.source, label)
        for other in book.problems:
            message = message.replace(other.source, "another file")
        for p in book.participants:
            message = message.replace(p.source, "another file")
        for secret in (prob.participant_id, prob.name):
            if secret and len(secret) >= 3:  # shorter ids would garble the message
                message = message.replace(secret, "(redacted)")
        problems.append(FileProblem(label, message))
    return Gradebook(assignment=book.assignment, participants=participants, problems=tuple(problems),
                     lexicon_hash=book.lexicon_hash, convocoach_version=book.convocoach_version)

