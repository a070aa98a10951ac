"""Session rubric: dimension scores, MITI-style bands, strengths, things to try, ISTE indicators.

Reads only analyses (convocoach.model.analysis); never imports spaCy. Weights, bands, stance settings and
the ISTE mapping live in a YAML rubric (`rubric_default.yml`, bundled), which a programme can replace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

from ..model.errors import InputError
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
