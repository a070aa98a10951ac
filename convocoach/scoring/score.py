"""Scoring a conversation with a rubric: dimension scores, bands, counts, ISTE indicators, feedback.

`score(conversation)` is the one path from turns to a score: practice sessions, submissions,
history, calibration and transcript reviews all come through it. It never imports spaCy; the
caller passes `rewrite` (scoring.rewrites.suggest_rewrite) when the things to try should carry a
rewrite of the coach's own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.conversation import Conversation
from ..model.moves import load_moves
from .feedback import FeedbackItem, Rewriter, strengths, to_try
from .metrics import measure
from .rubric import RATIO_KEYS, Rubric, load_rubric


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


def score(conversation: Conversation, rubric: Rubric | None = None, rewrite: Rewriter | None = None) -> RubricResult:
    """Score a conversation with a rubric (default: the bundled one).

    Args:
        conversation: the turns in order; coach turns carry an Analysis (turns without one are not
            scored for moves but still count as talk).
        rubric: from load_rubric(); None means the bundled default.
        rewrite: optional `convocoach.scoring.rewrites.suggest_rewrite` (or any callable of the same
            shape); when given, things to try carry a rewrite of the coach's own first example.

    Returns:
        A frozen RubricResult: overall and dimension scores (0-100), counts, ratios and bands,
        strengths and things to try (top three each), and ISTE indicators evidenced.
    """
    rubric = rubric or load_rubric()
    ms = measure(conversation, rubric)
    coach, metrics = ms.coach, ms.metrics
    metric_scores = {
        name: (None if value is None or name not in rubric.bands else rubric.bands[name].score(value))
        for name, value in metrics.items()
    }
    dims = _dimension_scores(rubric, metric_scores, bool(coach))
    num = den = 0.0
    for dim, w in rubric.weights.items():
        if w > 0 and dim in dims:
            num += w * dims[dim]
            den += w
    overall = int(round(num / den)) if den > 0 and coach else 0
    counts = {name: 0 for name in load_moves().names}
    for t in coach:
        for m in t.moves:
            counts[m.name] = counts.get(m.name, 0) + 1
    bands: dict[str, str] = {name: rubric.bands[name].label(value) for name, value in metrics.items()
             if value is not None and name in rubric.bands}
    all_scores: dict[str, float | None] = {**metric_scores, **{d: float(v) for d, v in dims.items()}}
    iste, iste_detail = _iste(rubric, all_scores, bool(coach))
    return RubricResult(
        overall=overall,
        dimensions=dims,
        counts=counts,
        ratios={k: metrics.get(k) for k in RATIO_KEYS},
        bands=bands,
        strengths=strengths(conversation.turns, coach, ms, metrics, rubric),
        to_try=to_try(coach, ms, metrics, rubric, rewrite),
        iste=iste,
        metrics=metrics,
        iste_detail=iste_detail,
        rubric=rubric.name,
        coach_turns=len(coach),
        teacher_turns=sum(1 for t in conversation.turns if t.role == "teacher"),
    )


def _dimension_scores(rubric: Rubric, metric_scores: dict[str, float | None], any_coach: bool) -> dict[str, int]:
    """Each dimension: the weighted mean of its metrics' scores (50 when none can be measured; questioning
    is 0 when the coach asked no question)."""
    dimensions = load_moves().dimensions
    if not any_coach:
        return {d: 0 for d in dimensions}
    dims: dict[str, int] = {}
    for dim in dimensions:
        num = den = 0.0
        for metric, w in rubric.dimensions.get(dim, {}).items():
            s = metric_scores.get(metric)
            if s is None or w <= 0:
                continue
            num += w * s
            den += w
        # Nothing measurable is neutral (50), except questioning: a conversation without a single
        # question earns no questioning credit (it used to score 50, above coaches who asked badly).
        dims[dim] = int(round(num / den)) if den > 0 else (0 if dim == "questioning" else 50)
    return dims


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
