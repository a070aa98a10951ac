"""Per-move feedback that teaches: what the language does for the teacher, why it matters, its source.

The texts live in the move registry (model/moves.yml); this module shapes them for `explain`, the
rubric's feedback and reports. It never imports spaCy.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ..model.errors import InputError
from ..model.moves import load_moves


@dataclass(frozen=True)
class MoveFeedback:
    """What a move does for the teacher, why it matters, where the idea comes from, and a better move.

    Attributes:
        name: the move name (public contract, e.g. "question.closed").
        title: a short heading for reports ("Closed question").
        why: what the language does for the teacher and why that matters.
        source: the framework the idea comes from (Cognitive Coaching, Knight, Aguilar, MITI, ISTE).
        better: the move to make instead (growth moves) or how to build on it (strengths).
        definition: one sentence: what counts as this move.
        valence: "strength", "growth" or "neutral".
        examples: sentences that show the move (our own wording).
        rewrites: (original, rewrite) pairs that show the better move from the coach's own words.
        iste: the ISTE Standards for Coaches indicator the move serves or works against.
    """

    name: str
    title: str
    why: str
    source: str
    better: str
    definition: str = ""
    valence: str = "neutral"
    examples: tuple[str, ...] = ()
    rewrites: tuple[tuple[str, str], ...] = ()
    iste: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "definition": self.definition,
            "valence": self.valence,
            "why": self.why,
            "source": self.source,
            "better": self.better,
            "examples": list(self.examples),
            "rewrites": [{"original": a, "rewrite": b} for a, b in self.rewrites],
            "iste": self.iste,
        }


def move_feedback(move_name: str) -> MoveFeedback:
    """The feedback for a move name (prefix 'question' alone is not a move).

    Raises:
        InputError: the name is not a move; the hint names the closest one.
    """
    registry = load_moves()
    spec = registry.get(move_name)
    if spec is None:
        raise InputError(
            f"unknown move {move_name!r}",
            path="explain",
            hint=did_you_mean(move_name) or "moves: " + ", ".join(sorted(registry)),
        )
    fb = spec.feedback
    return MoveFeedback(
        name=spec.name,
        title=fb.title,
        why=fb.why,
        source=fb.source,
        better=fb.better,
        definition=fb.definition,
        valence=spec.valence.value,
        examples=tuple(spec.examples),
        rewrites=tuple((r.original, r.rewrite) for r in spec.rewrite.examples) if spec.rewrite else (),
        iste=registry.iste(fb.iste),
    )


def did_you_mean(name: str) -> str | None:
    """A 'did you mean ...?' hint for a mistyped move name, or None."""
    names = list(load_moves())
    low = name.lower().strip()
    candidates = difflib.get_close_matches(low, names, n=1, cutoff=0.5)
    if not candidates:
        # Allow 'why' for 'question.why', 'closed' for 'question.closed' and so on.
        suffixes = {n.split(".")[-1]: n for n in names if "." in n}
        close = difflib.get_close_matches(low, list(suffixes), n=1, cutoff=0.6)
        candidates = [suffixes[close[0]]] if close else []
    return f"did you mean '{candidates[0]}'?" if candidates else None
