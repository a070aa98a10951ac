"""Session rubric: dimension scores, MITI-style bands, strengths, things to try, ISTE indicators.

Reads only analyses (convocoach.model.analysis); never imports spaCy. Weights, bands, stance settings and
the ISTE mapping live in a YAML rubric (`rubric_default.yml`, bundled), which a programme can replace.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

from ..model.errors import InputError
from .explain import move_feedback
from ..model.analysis import Analysis, Move
from ..model.moves import load_moves

DEFAULT_RUBRIC_PATH = Path(__file__).with_name("rubric_default.yml")

#: Every metric the rubric can measure (dimension parts, bands and ISTE evidence name these).
METRICS: dict[str, str] = {
    "open_question_share": "open questions / all questions",
    "stacking_rate": "question turns with stacked questions / question turns",
    "leading_why_share": "(leading + why questions) / all questions",
    "tentative_rate": "coach turns with tentative language / coach turns",
    "invitational_rate": "coach turns with invitational language / coach turns",
    "hedging_fault_rate": "coach turns with over-hedging / coach turns",
    "reflection_to_question": "reflections / questions (denominator at least 1)",
    "reflection_rate": "coach turns with a reflection / coach turns",
    "paraphrase_before_question": "question turns after a teacher turn that paraphrase first / such turns",
    "listening_fault_rate": "coach turns with self-focus or yes-but / coach turns",
    "coaching_share": "coach turns in the coaching stance / coach turns with a stance",
    "unsolicited_advice_rate": "advice or leading turns nobody asked for / coach turns",
    "skilled_shift_share": "advice turns after permission or a request / advice turns",
    "return_to_coaching_share": "consulting runs followed by a return to coaching / consulting runs",
    "judgment_rate": "coach turns with judgment / coach turns",
    "coach_talk_share": "coach words (or seconds) / all words (or seconds)",
    "wait_time_median": "median seconds between a coach question and the teacher's reply",
    "wait_time_3s_share": "coach questions followed by at least 3 s of wait time / timed questions",
    "goal_talk_rate": "coach turns that ask about goals or success / coach turns",
}

#: The ratios shown in reports (a contract: other modules read these keys).
RATIO_KEYS: tuple[str, ...] = (
    "reflection_to_question",
    "open_question_share",
    "coach_talk_share",
    "wait_time_median",
    "wait_time_3s_share",
    "coaching_share",
)

BandLabel = Literal["below fair", "fair", "good"]


# ----------------------------------------------------------------------------- rubric file schema


class Band(BaseModel):
    """Thresholds for one metric, and the curve that turns it into 0-100."""

    model_config = ConfigDict(extra="forbid", strict=True)

    fair: float
    good: float
    best: Optional[float] = None
    zero: Optional[float] = None
    direction: Literal["higher", "lower"] = "higher"
    source: StrictStr = ""

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        pts = self.points()
        xs = [x for x, _ in pts]
        if self.direction == "higher":
            ok = all(a < b for a, b in zip(xs, xs[1:]))
            what = "zero < fair < good < best"
        else:
            ok = all(a > b for a, b in zip(xs, xs[1:]))
            what = "zero > fair > good > best (direction: lower)"
        if not ok:
            raise ValueError(f"band thresholds must be ordered {what}")
        return self

    def points(self) -> list[tuple[float, float]]:
        """The curve's points (value, score), in order of rising score."""
        f, g = float(self.fair), float(self.good)
        step = g - f
        if self.direction == "higher":
            zero = 0.0 if self.zero is None else float(self.zero)
            if self.zero is None and f <= 0:
                zero = f - 2.4 * abs(step)
        else:
            zero = f - 2.4 * step if self.zero is None else float(self.zero)
        best = g + step if self.best is None else float(self.best)
        return [(zero, 0.0), (f, 60.0), (g, 85.0), (best, 100.0)]

    def score(self, value: float) -> float:
        """0-100 for a metric value (piecewise linear, clamped)."""
        pts = self.points()
        sign = 1.0 if self.direction == "higher" else -1.0
        v = sign * value
        xs = [sign * x for x, _ in pts]
        if v <= xs[0]:
            return 0.0
        if v >= xs[-1]:
            return 100.0
        for (x0, y0), (x1, y1) in zip(zip(xs, (p[1] for p in pts)), zip(xs[1:], (p[1] for p in pts[1:]))):
            if x0 <= v <= x1:
                return y0 + (y1 - y0) * (v - x0) / (x1 - x0)
        return 100.0  # pragma: no cover - unreachable with ordered points

    def label(self, value: float) -> BandLabel:
        """'good', 'fair' or 'below fair' for a metric value."""
        if self.direction == "higher":
            return "good" if value >= self.good else "fair" if value >= self.fair else "below fair"
        return "good" if value <= self.good else "fair" if value <= self.fair else "below fair"


class StanceSettings(BaseModel):
    """How advice is judged: which teacher lines ask for ideas, how long a sanctioned run lasts."""

    model_config = ConfigDict(extra="forbid", strict=True)

    max_sanctioned_run: StrictInt = Field(default=3, ge=1, le=50)
    return_window: StrictInt = Field(default=2, ge=1, le=20)
    advice_requests: list[StrictStr] = Field(default_factory=list)
    refusals: list[StrictStr] = Field(default_factory=list)


class IsteIndicator(BaseModel):
    """One ISTE Standards for Coaches indicator and the scores that evidence it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    indicator: StrictStr
    title: StrictStr
    standard: StrictStr = ""
    evidence: dict[StrictStr, float] = Field(min_length=1)
    met: StrictStr
    not_met: StrictStr = ""


class RubricFile(BaseModel):
    """A rubric YAML file (see rubric_default.yml for the documented default)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    rubric: StrictStr
    version: StrictInt = 1
    title: StrictStr = ""
    weights: dict[StrictStr, float]
    dimensions: dict[StrictStr, dict[StrictStr, float]]
    bands: dict[StrictStr, Band]
    stance: StanceSettings = Field(default_factory=StanceSettings)
    iste: list[IsteIndicator] = Field(default_factory=list)


@dataclass(frozen=True)
class Rubric:
    """A validated rubric, ready to score with."""

    name: str
    version: int
    title: str
    weights: dict[str, float]
    dimensions: dict[str, dict[str, float]]
    bands: dict[str, Band]
    stance: StanceSettings
    iste: tuple[IsteIndicator, ...]
    path: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.name,
            "version": self.version,
            "title": self.title,
            "path": self.path,
            "weights": dict(self.weights),
            "dimensions": {k: dict(v) for k, v in self.dimensions.items()},
            "bands": {k: b.model_dump(exclude_none=True) for k, b in self.bands.items()},
        }


def load_rubric(path: str | Path | None = None) -> Rubric:
    """The bundled default rubric, or a programme's rubric file, validated.

    Raises:
        InputError / InputErrors: the file is missing, not YAML, or does not fit the schema; every
            message names file:line:col.
    """
    if path is None:
        return _default_rubric()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_rubric() -> Rubric:
    return _load(DEFAULT_RUBRIC_PATH)


def _load(path: Path) -> Rubric:
    from ..model.errors import InputErrors
    from ..io.yamlio import compose, error_at_node, key_node_at, load_model, read_text

    model = load_model(path, RubricFile)
    # Names that pydantic cannot check (they are dict keys): report them all, with line numbers.
    root = compose(read_text(path), path)[1]
    errors: list[InputError] = []

    def bad(loc: tuple[str | int, ...], message: str, choices: Sequence[str], hint: str | None = None) -> None:
        import difflib

        close = difflib.get_close_matches(str(loc[-1]), list(choices), n=1)
        if hint is None:
            hint = f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(choices)
        errors.append(error_at_node(key_node_at(root, loc), message, path, hint))

    def non_negative(loc: tuple[str | int, ...], value: float) -> None:
        if value < 0 or math.isnan(value) or math.isinf(value):
            errors.append(error_at_node(
                key_node_at(root, loc), f"{'.'.join(str(p) for p in loc)}: weight must be a number >= 0 (got {value})",
                path))

    dimensions = load_moves().dimensions
    for name, w in model.weights.items():
        if name not in dimensions:
            bad(("weights", name), f"weights.{name}: unknown dimension", dimensions)
        non_negative(("weights", name), w)
    if model.weights and sum(max(0.0, w) for w in model.weights.values()) <= 0:
        errors.append(error_at_node(key_node_at(root, ("weights",)), "weights: at least one weight must be above 0",
                                    path, hint="give at least one dimension a positive weight"))
    for dim, parts in model.dimensions.items():
        if dim not in dimensions:
            bad(("dimensions", dim), f"dimensions.{dim}: unknown dimension", dimensions)
        for metric, w in parts.items():
            if metric not in METRICS:
                bad(("dimensions", dim, metric), f"dimensions.{dim}.{metric}: unknown metric", list(METRICS))
            elif metric not in model.bands:
                bad(
                    ("dimensions", dim, metric),
                    f"dimensions.{dim}.{metric}: metric has no band",
                    list(model.bands),
                    hint=f"add bands.{metric}: {{fair: ..., good: ...}}",
                )
            non_negative(("dimensions", dim, metric), w)
    for metric in model.bands:
        if metric not in METRICS:
            bad(("bands", metric), f"bands.{metric}: unknown metric", list(METRICS))
    for i, ind in enumerate(model.iste):
        for name in ind.evidence:
            if name not in dimensions and name not in METRICS:
                bad(("iste", i, "evidence", name), f"iste[{i}].evidence.{name}: unknown dimension or metric",
                    list(dimensions) + list(METRICS))
            elif name in METRICS and name not in model.bands:
                bad(("iste", i, "evidence", name), f"iste[{i}].evidence.{name}: metric has no band",
                    list(model.bands), hint=f"add bands.{name}: {{fair: ..., good: ...}}")
    if errors:
        raise InputErrors(errors)
    return Rubric(
        name=model.rubric,
        version=model.version,
        title=model.title,
        weights={k: float(v) for k, v in model.weights.items()},
        dimensions={k: {m: float(w) for m, w in v.items()} for k, v in model.dimensions.items()},
        bands=dict(model.bands),
        stance=model.stance,
        iste=tuple(model.iste),
        path=str(path),
    )


# ----------------------------------------------------------------------------- session input/output


@dataclass(frozen=True)
class ScoredTurn:
    """One turn of a session, as the rubric sees it.

    Attributes:
        index: the turn's index in the session (feedback points at these).
        role: "coach" or "teacher".
        speaker: the speaker's name as shown.
        text: what was said.
        analysis: the Analysis of a coach turn; None for teacher turns.
        start, end: seconds, when the source has timestamps.
        requested_advice: the teacher asked for ideas in this turn (a scenario node tag).
    """

    index: int
    role: str
    speaker: str
    text: str
    analysis: Analysis | None = None
    start: float | None = None
    end: float | None = None
    requested_advice: bool = False


@dataclass(frozen=True)
class FeedbackItem:
    """A strength or a thing to try, pointing at the turns it is about."""

    title: str
    message: str
    turns: list[int]
    source: str
    move: str | None = None
    example: str | None = None
    rewrite: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "message": self.message,
            "turns": list(self.turns),
            "source": self.source,
            "move": self.move,
            "example": self.example,
            "rewrite": self.rewrite,
        }


@dataclass(frozen=True)
class RubricResult:
    """The rubric's verdict on a session (all numbers deterministic)."""

    overall: int
    dimensions: dict[str, int]
    counts: dict[str, int]
    ratios: dict[str, float | None]
    bands: dict[str, str]
    strengths: list[FeedbackItem]
    to_try: list[FeedbackItem]
    iste: list[str]
    metrics: dict[str, float | None] = field(default_factory=dict)
    iste_detail: list[dict[str, Any]] = field(default_factory=list)
    rubric: str = "convocoach-default"
    coach_turns: int = 0
    teacher_turns: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric,
            "overall": self.overall,
            "dimensions": dict(self.dimensions),
            "counts": dict(self.counts),
            "ratios": {k: _round(v) for k, v in self.ratios.items()},
            "bands": dict(self.bands),
            "metrics": {k: _round(v) for k, v in self.metrics.items()},
            "strengths": [s.to_dict() for s in self.strengths],
            "to_try": [t.to_dict() for t in self.to_try],
            "iste": list(self.iste),
            "iste_detail": [dict(d) for d in self.iste_detail],
            "coach_turns": self.coach_turns,
            "teacher_turns": self.teacher_turns,
        }


def _round(v: float | None) -> float | None:
    return None if v is None else round(float(v), 3)


# ----------------------------------------------------------------------------- scoring

GOAL_RE = re.compile(
    r"\b(goals?|hop(?:e|ing) (?:for|to|that)|want(?:s)? for (?:your|the|them|students)|"
    r"how will you know|what would success|success look|look like if it (?:were|was)|"
    r"on a scale|walking away with|most important (?:to|for) you|matters? (?:most )?to you|"
    r"what do you want|what would you like)\b",
    re.IGNORECASE,
)


def _words(text: str) -> int:
    return len(text.split())


def _phrase_re(phrases: Sequence[str]) -> re.Pattern[str] | None:
    items = [re.escape(p.strip().lower()).replace("\\ ", r"\s+") for p in phrases if p.strip()]
    if not items:
        return None
    return re.compile(r"(?<![\w'])(?:" + "|".join(sorted(items, key=len, reverse=True)) + r")(?![\w'])")


def _first_start(a: Analysis, names: Sequence[str]) -> int | None:
    starts = [m.start for m in a.moves if any(m.name == n or m.name.startswith(n + ".") for n in names)]
    return min(starts) if starts else None


@dataclass
class _Ctx:
    """Working data for one scoring run (not part of the public API)."""

    coach: list[ScoredTurn]
    consult: list[int] = field(default_factory=list)
    sanctioned: list[int] = field(default_factory=list)
    via_permission: list[int] = field(default_factory=list)
    via_request: list[int] = field(default_factory=list)
    unsolicited: list[int] = field(default_factory=list)
    returns: list[int] = field(default_factory=list)
    runs_without_return: list[int] = field(default_factory=list)
    runs: int = 0
    paraphrase_first: list[int] = field(default_factory=list)
    asked_without_listening: list[int] = field(default_factory=list)
    wait_gaps: list[tuple[int, float]] = field(default_factory=list)
    rewrite: Callable[[Analysis, Move], str | None] | None = None


def score_session(
    turns: Sequence[ScoredTurn],
    rubric: Rubric | None = None,
    rewrite: Callable[[Analysis, Move], str | None] | None = None,
) -> RubricResult:
    """Score a session of turns with a rubric (default: the bundled one).

    Args:
        turns: the session in order; coach turns carry an Analysis (turns without one are not scored
            for moves but still count as talk).
        rubric: from load_rubric(); None means the bundled default.
        rewrite: optional `convocoach.feedback.suggest_rewrite` (or any callable of the same shape);
            when given, things to try carry a rewrite of the coach's own first example. The rubric
            itself never imports spaCy, so the caller decides whether to pay for it.

    Returns:
        A frozen RubricResult: overall and dimension scores (0-100), counts, ratios and bands,
        strengths and things to try (top three each), and ISTE indicators evidenced.
    """
    rubric = rubric or load_rubric()
    turns = list(turns)
    coach = [t for t in turns if t.role == "coach" and t.analysis is not None]
    teacher_n = sum(1 for t in turns if t.role == "teacher")
    ctx = _Ctx(coach=coach, rewrite=rewrite)
    metrics = _measure(turns, coach, rubric, ctx)

    metric_scores = {
        name: (None if value is None or name not in rubric.bands else rubric.bands[name].score(value))
        for name, value in metrics.items()
    }
    dims: dict[str, int] = {}
    dimensions = load_moves().dimensions
    for dim in dimensions:
        parts = rubric.dimensions.get(dim, {})
        num = den = 0.0
        for metric, w in parts.items():
            s = metric_scores.get(metric)
            if s is None or w <= 0:
                continue
            num += w * s
            den += w
        dims[dim] = int(round(num / den)) if den > 0 else 50
    if not coach:
        dims = {d: 0 for d in dimensions}
    num = den = 0.0
    for dim, w in rubric.weights.items():
        if w > 0 and dim in dims:
            num += w * dims[dim]
            den += w
    overall = int(round(num / den)) if den > 0 and coach else 0

    counts = {name: 0 for name in load_moves().names}
    for t in coach:
        assert t.analysis is not None
        for m in t.analysis.moves:
            counts[m.name] = counts.get(m.name, 0) + 1

    ratios = {k: metrics.get(k) for k in RATIO_KEYS}
    bands: dict[str, str] = {}
    for name, value in metrics.items():
        if value is not None and name in rubric.bands:
            bands[name] = rubric.bands[name].label(value)

    all_scores: dict[str, float | None] = {**metric_scores, **{d: float(v) for d, v in dims.items()}}
    iste, iste_detail = _iste(rubric, all_scores, bool(coach))
    strengths = _strengths(turns, coach, ctx, metrics, rubric)
    to_try = _to_try(turns, coach, ctx, metrics, rubric)
    return RubricResult(
        overall=overall,
        dimensions=dims,
        counts=counts,
        ratios=ratios,
        bands=bands,
        strengths=strengths,
        to_try=to_try,
        iste=iste,
        metrics=metrics,
        iste_detail=iste_detail,
        rubric=rubric.name,
        coach_turns=len(coach),
        teacher_turns=teacher_n,
    )


def _measure(turns: list[ScoredTurn], coach: list[ScoredTurn], rubric: Rubric, ctx: _Ctx) -> dict[str, float | None]:
    n = len(coach)
    an = [t.analysis for t in coach]
    assert all(a is not None for a in an)
    A: list[Analysis] = [a for a in an if a is not None]

    # Rates are per substantive coach turn: a backchannel ("Mm-hmm.", "Okay.") is not a missed chance.
    S = [a for a in A if a.moves or a.n_words > 3]

    def rate(pred: Any) -> float | None:
        return (sum(1 for a in S if pred(a)) / len(S)) if S else None

    q_open = sum(a.count("question.open") for a in A)
    q_closed = sum(a.count("question.closed") for a in A)
    q_leading = sum(a.count("question.leading") for a in A)
    q_why = sum(a.count("question.why") for a in A)
    questions = q_open + q_closed + q_leading
    # A reflection counts once per turn, and only in a turn that does not also tell, judge or lead:
    # a paraphrase that sets up persuasion is not listening (MITI codes it as persuade), and a
    # monologue of restatements is talk, not several reflections.
    reflections = sum(1 for a in A if _listens(a))
    q_turns = [a for a in A if _asks(a)]

    m: dict[str, float | None] = {}
    m["open_question_share"] = q_open / questions if questions else None
    m["stacking_rate"] = (sum(1 for a in q_turns if a.has("question.stacked")) / len(q_turns)) if q_turns else None
    m["leading_why_share"] = min(1.0, (q_leading + q_why) / questions) if questions else None
    # Tentative and invitational language is credited inside a question or invitation, not when it
    # softens advice ("you could maybe try...") - Cognitive Coaching's invitational question.
    m["tentative_rate"] = rate(lambda a: a.has("tentative") and _asks(a) and not _tells(a))
    m["invitational_rate"] = rate(lambda a: a.has("invitational") and not _tells(a))
    m["hedging_fault_rate"] = rate(lambda a: a.has("over_hedging"))
    m["reflection_to_question"] = (reflections / max(questions, 1)) if (reflections or questions) else None
    m["reflection_rate"] = rate(_listens)
    m["listening_fault_rate"] = rate(lambda a: a.has("self_focus") or a.has("yes_but"))
    stanced = [a for a in A if _stance(a) != "neutral"]
    m["coaching_share"] = (sum(1 for a in stanced if _stance(a) == "coaching") / len(stanced)) if stanced else None
    m["judgment_rate"] = rate(lambda a: a.has("judgment"))
    m["goal_talk_rate"] = rate(lambda a: bool(GOAL_RE.search(a.text)) and _asks(a))

    # Paraphrase before the question: coach question turns that answer a teacher turn.
    prev_role: str | None = None
    eligible = 0
    for t in turns:
        if t.role == "coach" and t.analysis is not None and _asks(t.analysis) and prev_role == "teacher":
            eligible += 1
            a = t.analysis
            r = _first_start(a, ["reflection"])
            q = _first_start(a, ["question"])
            if r is not None and (q is None or r < q) and not _tells(a):
                ctx.paraphrase_first.append(t.index)
            elif not a.has("reflection") and not a.has("permission"):
                ctx.asked_without_listening.append(t.index)
        prev_role = t.role
    m["paraphrase_before_question"] = len(ctx.paraphrase_first) / eligible if eligible else None

    _judge_stance(turns, rubric, ctx)
    m["unsolicited_advice_rate"] = len(ctx.unsolicited) / len(S) if S else None
    m["skilled_shift_share"] = len(ctx.sanctioned) / len(ctx.consult) if ctx.consult else None
    m["return_to_coaching_share"] = len(ctx.returns) / ctx.runs if ctx.runs else None

    # Talk share: seconds when every turn has timestamps, otherwise words.
    timed = bool(turns) and all(t.start is not None and t.end is not None for t in turns)
    if timed:
        spans = [(t.role, max(0.0, float(t.end or 0.0) - float(t.start or 0.0))) for t in turns]
        c = sum(d for role, d in spans if role == "coach")
        total = sum(d for _, d in spans)
    else:
        c = float(sum((t.analysis.n_words or _words(t.text)) if t.analysis else _words(t.text)
                      for t in turns if t.role == "coach"))
        total = c + float(sum(_words(t.text) for t in turns if t.role != "coach"))
    m["coach_talk_share"] = c / total if total > 0 and n else None

    # Wait time after coach questions: the gap between the question turn's end and the reply's start.
    for i, t in enumerate(turns[:-1]):
        nxt = turns[i + 1]
        if (t.role == "coach" and t.analysis is not None and _asks(t.analysis) and nxt.role == "teacher"
                and t.end is not None and nxt.start is not None):
            ctx.wait_gaps.append((t.index, max(0.0, float(nxt.start) - float(t.end))))
    gaps = sorted(g for _, g in ctx.wait_gaps)
    if gaps:
        mid = len(gaps) // 2
        m["wait_time_median"] = gaps[mid] if len(gaps) % 2 else (gaps[mid - 1] + gaps[mid]) / 2
        m["wait_time_3s_share"] = sum(1 for g in gaps if g >= 3.0) / len(gaps)
    else:
        m["wait_time_median"] = None
        m["wait_time_3s_share"] = None
    return {k: m.get(k) for k in METRICS}


def _asks(a: Analysis) -> bool:
    return a.count("question") > 0 or a.n_questions > 0


#: Moves that tell, judge or steer: a turn with any of them is not in the coaching stance.
#: Information is not among them: MITI codes giving information as neutral.
TELLING = ("advice", "question.leading", "judgment", "self_focus")


def _tells(a: Analysis) -> bool:
    return any(a.has(n) for n in TELLING)


def _listens(a: Analysis) -> bool:
    """A turn whose reflection is listening: no advice, judgment, leading question or self-focus in it."""
    return a.has("reflection") and not _tells(a)


def _stance(a: Analysis) -> str:
    """The turn's stance, with telling moves overriding a 'coaching' label (mixed turns are not coaching)."""
    if a.stance == "coaching" and _tells(a):
        if a.has("judgment") and not (a.has("advice") or a.has("question.leading") or a.has("information")):
            return "evaluating"
        return "consulting"
    return a.stance


def _hands_back(a: Analysis) -> bool:
    """An open question, invitation or autonomy move after the turn's last telling move."""
    last_tell = max((m.start for m in a.moves if m.name in TELLING), default=-1)
    return any(m.name in ("question.open", "invitational", "autonomy") and m.start > last_tell for m in a.moves)


def _consults(a: Analysis) -> bool:
    return a.has("advice") or a.has("question.leading")


def _judge_stance(turns: list[ScoredTurn], rubric: Rubric, ctx: _Ctx) -> None:
    """Sort advice turns into sanctioned (permission/request) and unsolicited; credit returns."""
    requests = _phrase_re(rubric.stance.advice_requests)
    refusals = _phrase_re(rubric.stance.refusals)
    last_teacher: ScoredTurn | None = None
    prev_coach: ScoredTurn | None = None
    prev_sanctioned = False
    run_len = 0
    pending_run_end: int | None = None  # coach turns since a sanctioned run ended, or None
    window = rubric.stance.return_window
    for t in turns:
        if t.role != "coach":
            if t.role == "teacher":
                last_teacher = t
            continue
        a = t.analysis
        if a is None:
            continue
        teacher_asked = last_teacher is not None and (
            last_teacher.requested_advice
            or bool(requests and requests.search(last_teacher.text.lower()))
        )
        refused = bool(
            last_teacher is not None and refusals and refusals.match(last_teacher.text.strip().lower())
        )
        consults = _consults(a)
        # Information is neutral (MITI): never a fault, but after permission or a request it is a
        # skilled move into consulting like advice.
        informs = a.has("information") and not consults
        first_advice = _first_start(a, ["advice", "question.leading", "information"])
        perm_here = a.has("permission") and (_first_start(a, ["permission"]) or 0) < (first_advice or 0)
        perm_before = (
            prev_coach is not None and prev_coach.analysis is not None
            and prev_coach.analysis.has("permission") and not _consults(prev_coach.analysis)
            and not refused
        )
        continuing = prev_sanctioned and not refused and run_len < rubric.stance.max_sanctioned_run
        sanctioned = perm_here or perm_before or teacher_asked or continuing
        if consults or (informs and sanctioned):
            ctx.consult.append(t.index)
            if sanctioned:
                ctx.sanctioned.append(t.index)
                if perm_here or perm_before:
                    ctx.via_permission.append(t.index)
                elif teacher_asked:
                    ctx.via_request.append(t.index)
                if not prev_sanctioned:
                    ctx.runs += 1
                    run_len = 0
                run_len += 1
                prev_sanctioned = True
                pending_run_end = None
                if _hands_back(a):
                    # A menu of options, then "Which fits your students?": back to coaching in one turn.
                    ctx.returns.append(t.index)
                    prev_sanctioned = False
                    run_len = 0
            else:
                ctx.unsolicited.append(t.index)
                if prev_sanctioned:
                    ctx.runs_without_return.append(ctx.sanctioned[-1])
                prev_sanctioned = False
                pending_run_end = None
        else:
            if prev_sanctioned:
                pending_run_end = 0
            prev_sanctioned = False
            run_len = 0
            if pending_run_end is not None:
                pending_run_end += 1
                # Back to coaching = handing the thinking back: an open question, an invitation, or
                # autonomy ("Which of these fits your students?"); a paraphrase alone does not do that.
                if _hands_back(a):
                    ctx.returns.append(t.index)
                    pending_run_end = None
                elif pending_run_end >= window:
                    ctx.runs_without_return.append(ctx.sanctioned[-1])
                    pending_run_end = None
        prev_coach = t
    if prev_sanctioned or pending_run_end is not None:
        if ctx.sanctioned and ctx.sanctioned[-1] not in ctx.runs_without_return:
            ctx.runs_without_return.append(ctx.sanctioned[-1])


# ----------------------------------------------------------------------------- feedback selection


def _turns_with(coach: list[ScoredTurn], name: str) -> list[int]:
    return [t.index for t in coach if t.analysis is not None and t.analysis.has(name)]


def _teach(move: str, lead: str = "") -> tuple[str, str]:
    fb = move_feedback(move)
    msg = (lead + " " if lead else "") + fb.why
    return msg, fb.source


def _strengths(turns: list[ScoredTurn], coach: list[ScoredTurn], ctx: _Ctx,
               metrics: dict[str, float | None], rubric: Rubric) -> list[FeedbackItem]:
    cands: list[tuple[float, int, FeedbackItem]] = []

    def add(base: float, item: FeedbackItem) -> None:
        if item.turns:
            cands.append((_salience(base, len(item.turns)), len(cands), item))

    def item(title: str, msg: str, idx: list[int], src: str, move: str) -> FeedbackItem:
        example, _ = _example(coach, idx, (move,), None)
        if example:
            msg += f' For example: "{example[1]}"'
        return FeedbackItem(title, msg, idx, src, move, example[1] if example else None)

    if ctx.paraphrase_first:
        msg, _ = _teach("reflection")
        add(2.6, item(
            "You paraphrased before you asked",
            "Before your question you gave the teacher's words back. " + msg,
            ctx.paraphrase_first, "Cognitive Coaching: paraphrase before the question", "reflection"))
    refl = [t.index for t in coach if t.analysis is not None and _listens(t.analysis)
            and t.index not in ctx.paraphrase_first]
    if refl:
        msg, src = _teach("reflection")
        add(2.2, item("Reflections that show you listened", msg, refl, src, "reflection"))
    opens = [t.index for t in coach if t.analysis is not None and t.analysis.has("question.open")
             and not t.analysis.has("question.why") and not t.analysis.has("question.stacked")
             and not _tells(t.analysis)]
    if opens:
        msg, src = _teach("question.open")
        add(2.0, item("Open questions, one at a time", msg, opens, src, "question.open"))
    if ctx.via_permission or ctx.via_request:
        idx = sorted(set(ctx.via_permission + ctx.via_request))
        msg, src = _teach("permission")
        lead = ("You offered ideas once the teacher asked or gave permission: a skilled move into "
                "consulting.")
        add(2.6, FeedbackItem("A skilled move into consulting", lead + " " + msg, idx, src, "permission"))
    if ctx.returns:
        add(2.5, FeedbackItem(
            "Back to coaching after consulting",
            "After sharing ideas you handed the thinking back to the teacher, so the plan stays theirs.",
            ctx.returns, "Lipton & Wellman: moving between stances; Aguilar", None))
    # A pile of hedges is no model of tentative language: over-hedged turns are not held up as strengths.
    lang = [t.index for t in coach if t.analysis is not None and _asks(t.analysis) and not _tells(t.analysis)
            and (t.analysis.has("tentative") or t.analysis.has("invitational")) and not t.analysis.has("over_hedging")]
    if lang:
        msg, src = _teach("tentative")
        add(1.4, item("Tentative, invitational questions", msg, lang, src, "tentative"))
    for move, title, weight in (("affirmation", "Specific affirmation", 1.6),
                                ("autonomy", "You handed the decision back", 1.8),
                                ("presupposition", "Positive presuppositions", 1.6)):
        idx = _turns_with(coach, move)
        if idx:
            msg, src = _teach(move)
            add(weight, item(title, msg, idx, src, move))
    share = metrics.get("coach_talk_share")
    band = rubric.bands.get("coach_talk_share")
    if share is not None and band is not None and band.label(share) == "good":
        teacher_turns = sorted((t for t in turns if t.role == "teacher"), key=lambda t: -_words(t.text))[:3]
        add(1.5, FeedbackItem(
            "The teacher did most of the talking",
            f"You had {share:.0%} of the talk; the teacher did the thinking aloud. "
            "Knight's partnership principles put the teacher's voice first.",
            sorted(t.index for t in teacher_turns), band.source or "Knight", None))
    waited = [i for i, g in ctx.wait_gaps if g >= 3.0]
    if waited and (metrics.get("wait_time_3s_share") or 0) >= 0.5:
        add(1.3, FeedbackItem(
            "Wait time after your questions",
            "You left at least three seconds after asking, so the teacher had time to think before answering.",
            waited, "Cognitive Coaching: 3-5 s wait time", None))
    cands.sort(key=lambda c: (-c[0], c[1]))
    return [c[2] for c in cands[:3]]


def _to_try(turns: list[ScoredTurn], coach: list[ScoredTurn], ctx: _Ctx,
            metrics: dict[str, float | None], rubric: Rubric) -> list[FeedbackItem]:
    cands: list[tuple[float, int, FeedbackItem]] = []

    def add(base: float, item: FeedbackItem) -> None:
        if item.turns:
            cands.append((_salience(base, len(item.turns)), len(cands), item))

    def better(move: str) -> str:
        return " Try instead: " + move_feedback(move).better

    def item(title: str, msg: str, idx: list[int], src: str, move: str, names: Sequence[str]) -> FeedbackItem:
        example, rewritten = _example(coach, idx, names, ctx.rewrite)
        if example:
            msg += f' For example: "{example[1]}"'
            if rewritten:
                msg += f' could become "{rewritten}"' if not rewritten.startswith("Template: ") else (
                    f" ({rewritten[0].lower() + rewritten[1:]})")
        return FeedbackItem(title, msg, idx, src, move, example[1] if example else None, rewritten)

    if ctx.unsolicited:
        n = len(ctx.unsolicited)
        title = "Repeated advice nobody asked for" if n >= 2 else "Advice nobody asked for"
        msg, src = _teach("advice")
        add(3.0, item(title, msg + better("advice"), ctx.unsolicited, src, "advice",
                          ("advice", "question.leading")))
    for move, title, weight in (
        ("question.leading", "Leading questions", 2.6),
        ("question.why", "Why-questions about the teacher's choices", 2.6),
        ("judgment", "Judging the work", 2.4),
        ("question.stacked", "Stacked questions", 2.0),
        ("self_focus", "Turning the talk to yourself", 2.0),
        ("yes_but", "'Yes, but'", 2.0),
        ("over_hedging", "Over-hedging", 1.0),
    ):
        idx = _turns_with(coach, move)
        if move == "question.leading":
            # Leading questions nobody asked for are already shown under advice.
            idx = [i for i in idx if i not in ctx.unsolicited and i not in ctx.sanctioned]
        if idx:
            msg, src = _teach(move)
            add(weight, item(title, msg + better(move), idx, src, move, (move,)))
    open_share = metrics.get("open_question_share")
    band = rubric.bands.get("open_question_share")
    closed = [i for i in _turns_with(coach, "question.closed") if i not in _turns_with(coach, "permission")]
    if closed and open_share is not None and band is not None and band.label(open_share) != "good":
        msg, src = _teach("question.closed")
        add(1.4, item(
            "Closed questions", f"{open_share:.0%} of your questions were open. " + msg + better("question.closed"),
            closed, src, "question.closed", ("question.closed",)))
    rq = metrics.get("reflection_to_question")
    band = rubric.bands.get("reflection_to_question")
    if rq is not None and band is not None and band.label(rq) == "below fair" and ctx.asked_without_listening:
        add(1.6, FeedbackItem(
            "Reflect before you ask",
            f"Reflections to questions was {rq:.1f}:1 (fair 1:1, good 2:1). "
            "After the teacher speaks, give back what you heard before the next question: 'It sounds like...'",
            ctx.asked_without_listening, band.source or "MITI 4.2.1", "reflection"))
    if ctx.runs_without_return:
        add(2.2, FeedbackItem(
            "Stayed in consulting",
            "After your ideas the conversation stayed with you. Hand the choice back: 'Which of these fits "
            "your students?'",
            sorted(set(ctx.runs_without_return)), "Lipton & Wellman: return to the coaching stance", None))
    share = metrics.get("coach_talk_share")
    band = rubric.bands.get("coach_talk_share")
    if share is not None and band is not None and band.label(share) == "below fair":
        longest = sorted(coach, key=lambda t: -((t.analysis.n_words if t.analysis else 0) or _words(t.text)))[:3]
        add(1.8, FeedbackItem(
            "You did most of the talking",
            f"You used {share:.0%} of the talk. When the coach talks more than the teacher, the teacher "
            "listens instead of thinking aloud; shorter turns and one question leave room for them.",
            sorted(t.index for t in longest), band.source or "Knight", None))
    short = [i for i, g in ctx.wait_gaps if g < 3.0]
    w3 = metrics.get("wait_time_3s_share")
    band = rubric.bands.get("wait_time_3s_share")
    if short and w3 is not None and band is not None and band.label(w3) != "good":
        add(1.2, FeedbackItem(
            "More wait time after a question",
            "The teacher answered in under three seconds after these questions. Wait three to five seconds: "
            "thinking takes time, and the first answer is rarely the best one.",
            short, "Cognitive Coaching: 3-5 s wait time", None))
    cands.sort(key=lambda c: (-c[0], c[1]))
    return [c[2] for c in cands[:3]]


def _salience(base: float, n: int) -> float:
    """Order feedback by how much the move matters (base), then by how often it happened."""
    return base + 0.3 * min(max(n - 1, 0), 5)


def _sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of `text` around [start, end) (split at . ? ! followed by space)."""
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    left = 0 if left < 0 else left + 2
    rights = [i for i in (text.find(". ", end - 1), text.find("? ", end - 1), text.find("! ", end - 1)) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def _example(
    coach: list[ScoredTurn], idx: list[int], names: Sequence[str],
    rewrite: Callable[[Analysis, Move], str | None] | None,
) -> tuple[tuple[int, str] | None, str | None]:
    """The coach's own words for the first turn in `idx` with one of `names`, and its rewrite."""
    by_index = {t.index: t for t in coach}
    for i in idx:
        t = by_index.get(i)
        if t is None or t.analysis is None:
            continue
        for m in t.analysis.moves:
            if m.name in names:
                text = t.analysis.text
                span_ok = 0 <= m.start < m.end <= len(text)
                quote = " ".join((_sentence_of(text, m.start, m.end) if span_ok else m.text).split())
                if len(quote) > 120:
                    quote = quote[:117].rstrip() + "..."
                rewritten = rewrite(t.analysis, m) if rewrite is not None else None
                return (i, quote), rewritten
    return None, None


def _iste(rubric: Rubric, scores: dict[str, float | None], any_coach: bool) -> tuple[list[str], list[dict[str, Any]]]:
    out: list[str] = []
    detail: list[dict[str, Any]] = []
    for ind in rubric.iste:
        vals = {name: scores.get(name) for name in ind.evidence}
        met = any_coach and all(v is not None and v >= ind.evidence[k] for k, v in vals.items())
        detail.append({
            "indicator": ind.indicator,
            "title": ind.title,
            "standard": ind.standard,
            "met": met,
            "evidence": {k: (None if v is None else int(round(v))) for k, v in vals.items()},
            "message": ind.met if met else ind.not_met,
        })
        if met:
            out.append(f"{ind.indicator} {ind.title}: {ind.met}")
    return out, detail


# ----------------------------------------------------------------------------- calibration helpers


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """ROC AUC as the Mann-Whitney U statistic: P(score of a positive > score of a negative).

    Ties count one half. Raises ValueError when either class is empty.
    """
    if len(scores) != len(labels):
        raise ValueError("scores and labels differ in length")
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        raise ValueError("AUC needs at least one positive and one negative")
    # Rank-based U: O(n log n), average ranks for ties.
    ordered = sorted((s, i) for i, s in enumerate(scores))
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1][0] == ordered[i][0]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[ordered[k][1]] = avg
        i = j + 1
    r_pos = sum(r for r, y in zip(ranks, labels) if y)
    u = r_pos - len(pos) * (len(pos) + 1) / 2
    return u / (len(pos) * len(neg))


_LINE_RE = re.compile(r"^\s*([A-Za-z][\w .'-]{0,40}?)\s*:\s?(.*)$")


def read_name_lines(path: str | Path, coach: str = "Coach") -> list[tuple[str, str, str]]:
    """A minimal `Name: text` transcript reader: [(role, speaker, text)], consecutive lines merged.

    Lines without a `Name:` prefix continue the previous turn. `coach` names the coach speaker;
    every other speaker is the teacher. (The full readers live in convocoach.transcripts.)
    """
    from ..io.yamlio import read_text

    path = Path(path)
    out: list[tuple[str, str, str]] = []
    for lineno, raw in enumerate(read_text(path).splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        m = _LINE_RE.match(line)
        if m:
            speaker, text = m.group(1).strip(), m.group(2).strip()
            role = "coach" if speaker.lower() == coach.lower() else "teacher"
            if out and out[-1][1] == speaker:
                out[-1] = (role, speaker, (out[-1][2] + " " + text).strip())
            else:
                out.append((role, speaker, text))
        elif out:
            out[-1] = (out[-1][0], out[-1][1], (out[-1][2] + " " + line).strip())
        else:
            raise InputError("expected a line like 'Coach: text'", path=path, line=lineno, col=1)
    return out
