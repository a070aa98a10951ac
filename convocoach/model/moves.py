"""The move vocabulary as data: `moves.yml`, validated here, is the one table a move lives in.

Each move has its valence, the stance it is evidence for (and how much), the rubric dimensions it
trains, the feedback `explain` and reports give, examples (and the examples its detector runs as
tests), and how a better version is written.
Names are a public contract (JSON output, scenario conditions, rubrics): add new ones freely,
never rename one. Nothing is loaded at import time: `load_moves()` reads the file on first use.
This module never imports spaCy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictStr, model_validator

MOVES_FILE = Path(__file__).with_name("moves.yml")


class Valence(str, Enum):
    """Whether a move is usually a strength, a growth area, or neither."""

    STRENGTH = "strength"
    GROWTH = "growth"
    NEUTRAL = "neutral"


class Stance(str, Enum):
    """The support function a turn serves (Cognitive Coaching; Lipton & Wellman)."""

    COACHING = "coaching"
    CONSULTING = "consulting"
    COLLABORATING = "collaborating"
    EVALUATING = "evaluating"
    NEUTRAL = "neutral"


STANCES: tuple[str, ...] = tuple(s.value for s in Stance)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Feedback(_Strict):
    """What `explain` and the reports say about a move."""

    title: StrictStr
    definition: StrictStr
    why: StrictStr
    source: StrictStr
    better: StrictStr
    #: a key of the file's `iste` table: the ISTE Standards for Coaches indicator the move serves
    iste: StrictStr = ""


class RewriteExample(_Strict):
    original: StrictStr
    rewrite: StrictStr


class Rewrite(_Strict):
    """How a better version of the coach's sentence is written."""

    #: the rewrite rule in convocoach.scoring.rewrites (advice, leading, closed, why, judgment, ...)
    rule: StrictStr
    #: the suggestion when no safe rewrite exists ("[...]" marks what the coach fills in)
    template: StrictStr
    examples: list[RewriteExample] = Field(default_factory=list)


class DetectorExample(_Strict):
    """One example of the move's detector, run as a test (tests/test_detector_examples.py) and shown
    by `convocoach rules`: a hit names the span the detector must find; a miss has no span and the
    detector must find nothing."""

    text: StrictStr = Field(min_length=1)
    #: why it is (or is not) the move: what the example shows
    reason: StrictStr = Field(min_length=1)
    span: Optional[StrictStr] = None
    #: the teacher's line before, when the example needs one
    previous: Optional[StrictStr] = None

    @property
    def hit(self) -> bool:
        return self.span is not None

    @model_validator(mode="after")
    def _span_in_text(self) -> DetectorExample:
        if self.span is not None and self.span not in self.text:
            raise ValueError(f"span {self.span!r} is not a piece of the text {self.text!r}")
        return self


class MoveSpec(_Strict):
    """One move of the vocabulary."""

    name: StrictStr = Field(pattern=r"^[a-z_]+(\.[a-z_]+)?$")
    valence: Valence = Field(strict=False)
    summary: StrictStr
    #: the stance this move is evidence for, and how much one move weighs (stance_scores)
    stance: Optional[Stance] = Field(default=None, strict=False)
    stance_weight: StrictFloat = Field(default=0.0, ge=0.0)
    #: rubric dimensions this move works on (scenario goals that name it train them)
    dimensions: list[StrictStr] = Field(default_factory=list)
    feedback: Feedback
    examples: list[StrictStr] = Field(min_length=1)
    rewrite: Optional[Rewrite] = None
    #: the examples its detector must find and must not find (moves a lexicon yields on its own
    #: have their examples in the lexicon entries instead)
    detector_examples: list[DetectorExample] = Field(default_factory=list)

    @model_validator(mode="after")
    def _weighted_stance(self) -> MoveSpec:
        if (self.stance is None) != (self.stance_weight == 0.0):
            raise ValueError("give both stance and stance_weight, or neither")
        return self


class MovesFile(_Strict):
    """The schema of moves.yml."""

    registry: StrictStr
    version: int = 1
    dimensions: list[StrictStr] = Field(min_length=1)
    iste: dict[StrictStr, StrictStr] = Field(default_factory=dict)
    moves: list[MoveSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> MovesFile:
        seen: set[str] = set()
        for i, move in enumerate(self.moves):
            if move.name in seen:
                raise ValueError(f"moves[{i}]: move {move.name!r} is listed twice")
            seen.add(move.name)
            unknown = [d for d in move.dimensions if d not in self.dimensions]
            if unknown:
                raise ValueError(f"moves[{i}] ({move.name}): unknown dimension {unknown[0]!r}")
            if move.feedback.iste and move.feedback.iste not in self.iste:
                raise ValueError(f"moves[{i}] ({move.name}): unknown iste key {move.feedback.iste!r}")
        return self


@dataclass(frozen=True)
class MoveRegistry(Mapping[str, MoveSpec]):
    """The validated vocabulary: a mapping name -> MoveSpec, in file order, with derived views."""

    spec: MovesFile

    @cached_property
    def _by_name(self) -> dict[str, MoveSpec]:
        return {m.name: m for m in self.spec.moves}

    def __getitem__(self, name: str) -> MoveSpec:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every move name, in the file's order (the order of counts in reports)."""
        return tuple(self._by_name)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The rubric dimensions, in order."""
        return tuple(self.spec.dimensions)

    def valence(self, name: str) -> Valence:
        """The move's valence; neutral for a name that is not a move."""
        move = self._by_name.get(name)
        return move.valence if move is not None else Valence.NEUTRAL

    @cached_property
    def stance_weights(self) -> dict[str, tuple[str, float]]:
        """move name -> (stance, weight) for moves that are evidence of a stance."""
        return {m.name: (m.stance.value, m.stance_weight) for m in self.spec.moves if m.stance is not None}

    @cached_property
    def rewritable(self) -> tuple[str, ...]:
        """Moves that have a rewrite."""
        return tuple(m.name for m in self.spec.moves if m.rewrite is not None)

    def dimension_moves(self, dimension: str) -> tuple[str, ...]:
        """The moves that work on a dimension."""
        return tuple(m.name for m in self.spec.moves if dimension in m.dimensions)

    def iste(self, key: str) -> str:
        """The ISTE indicator text for a key of the file's `iste` table ('' for none)."""
        return self.spec.iste.get(key, "") if key else ""

    def known(self, name: str) -> bool:
        """A move name, or a prefix of move names ('question' stands for every question.*)."""
        return name in self._by_name or any(m.startswith(name + ".") for m in self._by_name)


def load_moves(path: str | Path | None = None) -> MoveRegistry:
    """The move registry (the bundled moves.yml by default), validated, loaded once per process.

    Raises:
        InputError / InputErrors: the file does not fit the schema (file:line:col).
    """
    return _load(Path(path).resolve() if path is not None else MOVES_FILE)


@lru_cache(maxsize=4)
def _load(path: Path) -> MoveRegistry:
    from ..io.cache import load_model_cached

    return MoveRegistry(load_model_cached(path, MovesFile))
