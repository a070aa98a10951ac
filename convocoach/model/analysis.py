"""Analysis results: frozen data that every later step (engine, rubric, reports) only reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Move:
    """One detected move: a span of the utterance with the rule that fired and why it matters."""

    name: str
    start: int
    end: int
    text: str
    rule: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The fields, in order: the `moves` items of `analyze --format json`."""
        return dict(vars(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Move:
        start, end = (int(data[k]) for k in ("start", "end"))
        name, text, rule = (str(data[k]) for k in ("name", "text", "rule"))
        return cls(name, start, end, text, rule, message=str(data.get("message", "")))


@dataclass(frozen=True)
class Analysis:
    """The analysis of one coach utterance.

    Attributes:
        text: the utterance as given.
        moves: detected moves, ordered by start offset.
        stance: one of coaching, consulting, collaborating, evaluating, neutral.
        stance_scores: a score per stance (sums to 1 when any stance evidence exists).
        id: the caller's id, echoed.
        previous: the teacher's line before this one, if given.
        n_words: word count (talk time when there are no timestamps).
        n_questions: question sentences (by structure or by '?').
    """

    text: str
    moves: tuple[Move, ...]
    stance: str
    stance_scores: dict[str, float] = field(default_factory=dict)
    id: str | None = None
    previous: str | None = None
    n_words: int = 0
    n_questions: int = 0

    def count(self, name: str) -> int:
        """How many moves of this name (or of this prefix, e.g. 'question')."""
        return sum(1 for m in self.moves if m.name == name or m.name.startswith(name + "."))

    def has(self, name: str) -> bool:
        return self.count(name) > 0

    def signature(self) -> tuple[Any, ...]:
        """What must match between a stored and a recomputed analysis: text, stance, move spans."""
        return (self.text, self.stance, tuple(sorted((m.name, m.start, m.end) for m in self.moves)))

    @property
    def names(self) -> Counter[str]:
        return Counter(m.name for m in self.moves)

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md contract for `analyze --format json|jsonl`."""
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "text": self.text,
            "stance": self.stance,
            "stance_scores": dict(self.stance_scores),
            "moves": [m.to_dict() for m in self.moves],
            "previous": self.previous,
            "n_words": self.n_words,
            "n_questions": self.n_questions,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            text=str(data["text"]),
            moves=tuple(Move.from_dict(m) for m in data.get("moves", [])),
            stance=str(data.get("stance", "neutral")),
            stance_scores={str(k): float(v) for k, v in (data.get("stance_scores") or {}).items()},
            id=data.get("id"),
            previous=data.get("previous"),
            n_words=int(data.get("n_words", 0)),
            n_questions=int(data.get("n_questions", 0)),
        )
