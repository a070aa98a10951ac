"""Detectors: judgments that combine lexicon signals with sentence structure into moves.

Each detector is a class with a code (Q001...), the move name it yields, a docstring whose first
line is its default message (sqlfluff style), and examples that run as tests. Detectors never score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Sequence

from .base import REGISTRY, Detector, Utt

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .dehedge import Reread

    from ..model.analysis import Move
    from ..nlp.lexicons import Grammar, LexiconSet

__all__ = ["REGISTRY", "Detector", "Utt", "analyze_doc", "build_detectors", "all_detector_classes"]


def all_detector_classes() -> list[type[Detector]]:
    """Every registered detector class, in run order."""
    from . import advice, affirmation, consulting, judgment, language, questions, reflection, stance  # noqa: F401

    return sorted(REGISTRY.values(), key=lambda cls: (cls.order, cls.code))


def build_detectors(lexicons: LexiconSet, grammar: Grammar) -> list[Detector]:
    """Instantiate every detector once per pipeline."""
    return [cls(lexicons, grammar) for cls in all_detector_classes()]


def analyze_doc(
    doc: Doc, prev_doc: Doc | None, detectors: Sequence[Detector], grammar: Grammar,
    reread: Reread | None = None,
) -> tuple[list[Move], str, dict[str, float], int, int]:
    """Run every detector over one Doc; returns (moves, stance, stance scores, n_questions, n_words).

    `reread` analyses a de-hedged sentence (see dehedge.py); without it, over-hedged sentences are
    read as they stand.
    """
    from .dehedge import merge_rereading
    from .stance import decide_stance

    utt = Utt(doc, prev_doc, grammar)
    for det in detectors:
        for move in det.detect(utt):
            utt.add(move)
    moves = utt.sorted_moves()
    if reread is not None:
        moves = merge_rereading(utt, moves, reread)
    stance, scores = decide_stance(moves, utt)
    return moves, stance, scores, sum(1 for s in utt.sentences if s.is_question), utt.n_words


def iter_moves(doc: Doc) -> Iterator[Move]:
    """The moves stored on an analysed Doc."""
    yield from doc._.cc_moves or []
