"""Personal progress: the history of a coach's practice sessions, trends, and what to practise next.

Reads the session records `convocoach play` saves in the data directory (convocoach.session),
re-scores each one from the text of its replies (analysed afresh, as `grade` does: what a record
stores about moves and scores is not trusted), and computes trends
per rubric dimension and per move, the weakest dimension over recent sessions, and a bundled
scenario whose goals and reactions work on it. `render_progress_html` draws the same as one
self-contained HTML page (inline SVG, everything escaped).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from ..io.records import SessionRecord
from ..model.analysis import Analysis
from ..model.moves import load_moves

if TYPE_CHECKING:
    from ..nlp.analyzer import Utterance
    from ..scoring.rubric import Rubric

#: Resistance types whose teachers make a dimension hard (silent teachers test talk and wait time).
DIMENSION_RESISTANCE: dict[str, tuple[str, ...]] = {
    "talk": ("silent", "deflector"),
    "stance": ("advice-seeker", "compliance-only"),
    "listening": ("overwhelmed", "yes-but"),
    "questioning": ("veteran-skeptic", "mandated"),
    "language": ("yes-but", "veteran-skeptic"),
}


@dataclass(frozen=True)
class SessionSummary:
    """One practice session, re-scored from its stored analyses."""

    path: str
    scenario: str
    title: str
    started: str
    status: str
    outcome: str | None
    turns: int
    overall: int | None
    dimensions: dict[str, int]
    moves: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "scenario": self.scenario, "title": self.title, "started": self.started,
                "status": self.status, "outcome": self.outcome, "turns": self.turns, "overall": self.overall,
                "dimensions": dict(self.dimensions), "moves": dict(self.moves)}


@dataclass(frozen=True)
class Trend:
    """A series across sessions (oldest first) and its change: recent mean minus early mean."""

    name: str
    values: tuple[float, ...]
    change: float
    early: float
    recent: float
    direction: str  # "up" | "down" | "flat"
    better: bool | None  # is the direction an improvement? None when flat or neutral
    #: least-squares slope: points gained (or lost) per session, over every session
    slope: float = 0.0

    @property
    def last(self) -> float | None:
        return self.values[-1] if self.values else None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "values": [round(v, 3) for v in self.values], "early": round(self.early, 3),
                "recent": round(self.recent, 3), "change": round(self.change, 3), "slope": round(self.slope, 3),
                "direction": self.direction, "better": self.better}


@dataclass(frozen=True)
class Suggestion:
    """The next scenario to play, and why."""

    scenario: str
    title: str
    dimension: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "title": self.title, "dimension": self.dimension, "reason": self.reason}


@dataclass(frozen=True)
class Progress:
    sessions: int
    scored: int
    overall: Trend | None
    dimensions: tuple[Trend, ...]
    moves: tuple[Trend, ...]
    weakest: str | None
    weakest_mean: float | None
    suggestion: Suggestion | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": "1",
            "sessions": self.sessions,
            "scored_sessions": self.scored,
            "overall": self.overall.to_dict() if self.overall else None,
            "dimensions": [t.to_dict() for t in self.dimensions],
            "moves": [t.to_dict() for t in self.moves],
            "weakest": self.weakest,
            "weakest_mean": self.weakest_mean,
            "suggestion": self.suggestion.to_dict() if self.suggestion else None,
        }


# ---------------------------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------------------------
def summarize_record(record: SessionRecord, path: str, rubric: Rubric | None = None,
                     analyses: Sequence[Analysis] | None = None) -> SessionSummary:
    """Re-score one session record (checked by `io.records.load_record`) from the text of its replies.

    `analyses` are fresh analyses of the replies, in order (made here with the process's analyzer
    when not given): what a record stores about moves and scores is never trusted.
    """
    from ..practice.session import score_conversation

    if analyses is None:
        from ..nlp.analyzer import get_analyzer

        analyses = list(get_analyzer().analyze_many(_utterances(record)))
    conversation = record.conversation().with_analyses(analyses)
    moves: dict[str, int] = {}
    for t in conversation.coach_turns:
        for m in t.moves:
            moves[m.name] = moves.get(m.name, 0) + 1
    n = len(record.turns)
    # History shows the numbers only: the things to try need no rewrite of the coach's words.
    score = score_conversation(conversation, rubric, rewrites=False) if n else None
    return SessionSummary(
        path=path,
        scenario=record.scenario.id,
        title=record.scenario.title or record.scenario.id,
        started=record.started,
        status=record.status,
        outcome=record.outcome.outcome if record.outcome is not None else None,
        turns=n,
        overall=score.overall if score else None,
        dimensions=dict(score.dimensions) if score else {},
        moves=moves,
    )


def _utterances(record: SessionRecord) -> list[Utterance]:
    from ..nlp.analyzer import Utterance

    return [Utterance(t.reply, t.teacher) for t in record.turns]


def load_history(directory: str | Path | None = None, warn: Callable[[str], None] | None = None,
                 rubric: Any = None, analyzer: Any = None) -> list[SessionSummary]:
    """Every readable session record in the folder (default: the data directory), oldest first,
    re-scored from the text of its replies (one batch through `analyzer`, default `get_analyzer()`).

    Unreadable or damaged records are skipped; `warn` is called with a message for each.
    """
    from ..model.errors import InputError
    from ..io.records import load_record, sessions_dir

    folder = Path(directory) if directory is not None else sessions_dir()
    if not folder.is_dir():
        return []
    records: list[tuple[Path, SessionRecord]] = []
    for f in sorted(folder.glob("*.json")):
        if f.name.startswith("."):
            continue
        try:
            records.append((f, load_record(f)))
        except InputError as exc:
            if warn is not None:
                warn(f"skipped {exc}")
    if not any(rec.turns for _, rec in records):
        return sorted((summarize_record(rec, str(f), rubric, analyses=[]) for f, rec in records),
                      key=session_order)
    if analyzer is None:
        from ..nlp.analyzer import get_analyzer

        analyzer = get_analyzer()
    fresh = iter(analyzer.analyze_many(u for _, rec in records for u in _utterances(rec)))
    out = [summarize_record(rec, str(f), rubric, [next(fresh) for _ in rec.turns]) for f, rec in records]
    return sorted(out, key=session_order)


def session_order(s: SessionSummary) -> tuple[str, str, int, str]:
    """Oldest first: by start time, then by the record's name stamp (milliseconds) and its `-N`
    suffix, so sessions started in the same second keep the order they were made in."""
    import re

    m = re.match(r"^(\d{8}-\d{6,9})-.*?(?:-(\d+))?$", Path(s.path).stem)
    return (s.started, m.group(1) if m else "", int(m.group(2)) if m and m.group(2) else 1, s.path)


# ---------------------------------------------------------------------------------------------
# Trends and the next scenario
# ---------------------------------------------------------------------------------------------
def _trend(name: str, values: Sequence[float], threshold: float, higher_is_better: bool | None) -> Trend:
    vals = tuple(float(v) for v in values)
    k = max(1, min(3, len(vals) // 2))
    early = sum(vals[:k]) / k if vals else 0.0
    recent = sum(vals[-k:]) / k if vals else 0.0
    change = recent - early if len(vals) >= 2 else 0.0
    slope = _slope(vals)
    # The direction follows the slope over all sessions (a change of `threshold` across them).
    spread = slope * (len(vals) - 1)
    direction = "up" if spread > threshold else "down" if spread < -threshold else "flat"
    better = None
    if direction != "flat" and higher_is_better is not None:
        better = (direction == "up") == higher_is_better
    return Trend(name, vals, change, early, recent, direction, better, slope)


def _slope(vals: Sequence[float]) -> float:
    """Least-squares slope of the values against the session number (0 for fewer than two)."""
    n = len(vals)
    if n < 2:
        return 0.0
    mx = (n - 1) / 2
    my = sum(vals) / n
    den = sum((i - mx) ** 2 for i in range(n))
    return sum((i - mx) * (v - my) for i, v in enumerate(vals)) / den


def _scenario_relevance(loaded: Any, dimension: str) -> int:
    sc = loaded.scenario
    moves = load_moves().dimension_moves(dimension)

    def names(m: str) -> bool:
        return any(m == x or x.startswith(m + ".") for x in moves)

    score = 0
    for g in sc.goals:
        name = g.move_name()
        if name is not None and names(name):
            score += 3
        if g.stance_share is not None and dimension == "stance":
            score += 3
    for r in sc.reactions:
        if any(names(n) for _k, _i, n in r.when.move_names()):
            score += 1
    if sc.persona.resistance in DIMENSION_RESISTANCE.get(dimension, ()):
        score += 2
    if dimension == "stance":
        score += sum(1 for n in sc.nodes.values() if n.asks == "advice")
    if dimension == "listening":
        score += sum(1 for n in sc.nodes.values() if n.feeling)
    return score


def suggest_scenario(dimension: str, library: Sequence[Any], history: Sequence[SessionSummary]) -> Suggestion | None:
    """The bundled scenario that works most on `dimension`, preferring ones not yet mastered or played less."""
    if not library:
        return None
    played: dict[str, int] = {}
    mastered: set[str] = set()
    for s in history:
        played[s.scenario] = played.get(s.scenario, 0) + 1
        if s.outcome == "breakthrough":
            mastered.add(s.scenario)

    def key(ls: Any) -> tuple[Any, ...]:
        sid = ls.scenario.id
        return (-_scenario_relevance(ls, dimension), sid in mastered, played.get(sid, 0), sid)

    best = sorted(library, key=key)[0]
    sid = best.scenario.id
    why = f"it works on {dimension}, your weakest dimension"
    goals = [g.text for g in best.scenario.goals if (g.move_name() or "") and any(
        (g.move_name() or "") == m or m.startswith((g.move_name() or "") + ".") for m in load_moves().dimension_moves(dimension))]
    if goals:
        why += f" (goal: {goals[0]})"
    if sid in played:
        why += f"; you have played it {played[sid]} time(s)" + ("" if sid in mastered else " without a breakthrough")
    return Suggestion(sid, best.scenario.title, dimension, why)


def compute_progress(history: Sequence[SessionSummary], library: Sequence[Any] | None = None,
                     window: int = 5) -> Progress:
    """Trends over the scored sessions (oldest first) and a suggestion for the weakest dimension."""
    from ..model.moves import Valence

    moves = load_moves()
    dimensions = moves.dimensions

    scored = [s for s in history if s.overall is not None]
    overall = _trend("overall", [s.overall for s in scored if s.overall is not None], 3.0, True) if scored else None
    dims = tuple(_trend(d, [s.dimensions.get(d, 0) for s in scored], 3.0, True) for d in dimensions) \
        if scored else ()
    seen = sorted({m for s in scored for m in s.moves})
    move_trends: list[Trend] = []
    for name in seen:
        info = moves.get(name)
        better = None if info is None or info.valence == Valence.NEUTRAL else info.valence == Valence.STRENGTH
        move_trends.append(_trend(name, [s.moves.get(name, 0) / s.turns for s in scored], 0.1, better))
    weakest = None
    weakest_mean = None
    if scored:
        recent = scored[-window:]
        means = {d: sum(s.dimensions.get(d, 0) for s in recent) / len(recent) for d in dimensions}
        weakest = min(dimensions, key=lambda d: (means[d], dimensions.index(d)))
        weakest_mean = round(means[weakest], 1)
    suggestion = None
    if weakest is not None:
        if library is None:
            from ..practice.library import load_library

            library = load_library()[0]
        suggestion = suggest_scenario(weakest, library, history)
    return Progress(sessions=len(history), scored=len(scored), overall=overall, dimensions=dims,
                    moves=tuple(move_trends), weakest=weakest, weakest_mean=weakest_mean, suggestion=suggestion)


def load_submission_history(folder: str | Path, participant_id: str, warn: Callable[[str], None] | None = None,
                            rubric: Any = None, analyzer: Any = None) -> tuple[str | None, list[SessionSummary]]:
    """A participant's attempts in a folder of submission files (what a programme director has), as
    sessions oldest first, re-scored from the text of their replies; and the participant's name.

    Files that are not readable submissions are skipped (`warn` says why).
    """
    from ..model.errors import InputError, InputErrors
    from .submission import load_submission

    name: str | None = None
    records: list[tuple[str, SessionRecord]] = []
    for f in sorted(Path(folder).glob("*.json")):
        if f.name.startswith("."):
            continue
        try:
            sub = load_submission(f)
        except (InputError, InputErrors) as exc:
            if warn is not None:
                warn(f"skipped {exc}")
            continue
        if sub.participant_id != participant_id:
            continue
        name = sub.participant_name
        records.extend((f"{f}#{a.scenario}.{a.attempt}", a.record) for a in sub.attempts)
    if any(rec.turns for _, rec in records) and analyzer is None:
        from ..nlp.analyzer import get_analyzer

        analyzer = get_analyzer()
    fresh = iter(analyzer.analyze_many(u for _, rec in records for u in _utterances(rec)) if analyzer else ())
    out = [summarize_record(rec, p, rubric, [next(fresh) for _ in rec.turns]) for p, rec in records]
    # Attempts started in the same second keep the order the submission holds them in.
    order = {id(s): i for i, s in enumerate(out)}
    return name, sorted(out, key=lambda s: (s.started, order[id(s)]))
