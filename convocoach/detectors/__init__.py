"""Detectors: judgments that combine lexicon signals with sentence structure into moves.

Each detector is a small rule module (see base.py): a code (Q001...), the move it assigns, the
moves it requires, a docstring with its message, an Anti-pattern and a Best practice, and examples
that run as tests. The runner below orders them so that every detector runs after the ones whose
moves it requires, gives each a read-only view of just those moves, and collects what they
return. Detectors never score.

Adding a move whose lexicon says everything (`move:` in a lexicon file, no judgment needed) takes
no Python: `build_detectors` makes a plain lexicon detector for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .base import REGISTRY, Detector, Found

if TYPE_CHECKING:
    from ..model.analysis import Move
    from ..nlp.context import Context
    from ..nlp.lexicons import Grammar, LexiconSet
    from ..nlp.tokens import Reading, Tok
    from .dehedge import Reread

__all__ = ["REGISTRY", "Detector", "Found", "analyze_doc", "build_detectors", "all_detector_classes", "run_order",
           "sort_moves"]


def all_detector_classes() -> list[type[Detector]]:
    """Every registered detector class, by code."""
    from . import advice, affirmation, consulting, judgment, language, questions, reflection  # noqa: F401

    return sorted(REGISTRY.values(), key=lambda cls: cls.code)


def run_order(detectors: Sequence[Detector]) -> list[Detector]:
    """The detectors in an order where each runs after every detector whose move it requires (by code
    where the order is free).

    Raises:
        ValueError: a detector requires a move no detector assigns, or requirements form a cycle.
    """
    by_move = {d.assigns: d for d in detectors}
    for d in detectors:
        missing = sorted(d.requires - set(by_move))
        if missing:
            raise ValueError(f"detector {d.code} requires {', '.join(missing)}, which no detector assigns")
    done: set[str] = set()
    order: list[Detector] = []
    waiting = sorted(detectors, key=lambda d: d.code)
    while waiting:
        ready = next((d for d in waiting if d.requires <= done), None)
        if ready is None:
            raise ValueError("detector requirements form a cycle: " + ", ".join(d.code for d in waiting))
        waiting.remove(ready)
        order.append(ready)
        done.add(ready.assigns)
    return order


def build_detectors(lexicons: LexiconSet, grammar: Grammar) -> list[Detector]:
    """Instantiate every detector once per pipeline, in run order; plus a plain lexicon detector for
    each move that a lexicon yields and no detector claims."""
    from .language import lexicon_detector

    classes = all_detector_classes()
    claimed = {cls.name for cls in classes}
    for lex in lexicons.lexicons:
        move = lex.spec.move
        if move is not None and move not in claimed:
            classes.append(lexicon_detector(move, lex.label))
            claimed.add(move)
    return run_order([cls(lexicons, grammar) for cls in classes])


def sort_moves(moves: Sequence[Move]) -> list[Move]:
    """Moves by position; a move inside another move of the same name is dropped."""
    out: list[Move] = []
    for m in sorted(moves, key=lambda m: (m.start, -m.end, m.name)):
        if any(o.name == m.name and o.start <= m.start and m.end <= o.end for o in out):
            continue
        out.append(m)
    return out


#: The (read-only) view for a detector that requires no moves: one instance, not one per Doc.
_NOTHING_REQUIRED = Found({})


def run_detectors(utt: Context, detectors: Sequence[Detector]) -> list[Move]:
    """Every detector over one context, in run order; each sees the moves it requires."""
    results: dict[str, list[Move]] = {}
    moves: list[Move] = []
    for det in detectors:
        requires = det.requires
        found = Found({name: results.get(name, []) for name in requires}) if requires else _NOTHING_REQUIRED
        out = list(det.detect(utt, found))
        results[det.assigns] = out
        moves.extend(out)
    return sort_moves(moves)


def analyze_doc(
    reading: Reading, prev_doc: list[Tok] | None, detectors: Sequence[Detector], grammar: Grammar,
    reread: Reread | None = None,
) -> tuple[list[Move], str, dict[str, float], int, int]:
    """Run every detector over one read Doc (`prev_doc`: the teacher's line, TokenReader.read_plain); returns (moves, stance, stance scores, n_questions, n_words).

    `reread` analyses a de-hedged sentence (see dehedge.py); without it, over-hedged sentences are
    read as they stand.
    """
    from ..nlp.context import Context
    from .dehedge import merge_rereading
    from .stance import decide_stance

    utt = Context(reading, prev_doc, grammar)
    moves = run_detectors(utt, detectors)
    if reread is not None:
        moves = merge_rereading(utt, moves, reread)
    stance, scores = decide_stance(moves, utt)
    return moves, stance, scores, sum(1 for s in utt.sentences if s.is_question), utt.n_words
