"""Every detector's examples run as tests (a hit must find its span, a miss must find nothing), and the
detectors are small rules: a docstring with an Anti-pattern and a Best practice, declared
requirements that the run order honours, examples with their reasons."""

from __future__ import annotations

import inspect

import pytest

from convocoach.detectors import all_detector_classes, build_detectors, run_order
from convocoach.detectors.base import Detector
from convocoach.model.moves import DetectorExample
from convocoach.model.moves import load_moves
from convocoach.nlp.analyzer import Analyzer
from convocoach.nlp.lexicons import load_grammar, load_lexicons

DETECTORS = all_detector_classes()


def _cases() -> list[object]:
    return [pytest.param(cls, ex, id=f"{cls.code}-{'hit' if ex.hit else 'miss'}-{ex.reason}")
            for cls in DETECTORS for ex in cls.examples()]


@pytest.mark.parametrize("cls,example", _cases())
def test_detector_example(analyzer: Analyzer, cls: type[Detector], example: DetectorExample) -> None:
    analysis = analyzer.analyze(example.text, previous=example.previous)
    found = [m for m in analysis.moves if m.name == cls.name]
    if example.hit:
        assert found, f"False negative {cls.code} ({example.reason}): {example.text!r} -> " \
                      f"{[m.name for m in analysis.moves]}"
        assert example.span in [m.text for m in found], \
            f"{cls.code} ({example.reason}): {example.text!r}: expected span {example.span!r}, found " \
            f"{[m.text for m in found]}"
    else:
        assert not found, f"False positive {cls.code} ({example.reason}): {example.text!r} -> " \
                          f"{[(m.name, m.text) for m in found]}"


@pytest.mark.parametrize("cls", DETECTORS, ids=lambda c: c.code)
def test_meta_every_detector_is_a_documented_rule_with_examples(cls: type[Detector]) -> None:
    doc = inspect.getdoc(cls) or ""
    assert cls.message() and doc.splitlines()[0] == cls.message(), f"{cls.code}: the first docstring line is the message"
    assert "**Anti-pattern**:" in doc, f"{cls.code} has no **Anti-pattern** in its docstring"
    assert "**Best practice**:" in doc, f"{cls.code} has no **Best practice** in its docstring"
    assert any(e.hit for e in cls.examples()), f"{cls.code} has no hit examples"
    assert any(not e.hit for e in cls.examples()), f"{cls.code} has no miss examples"
    assert all(e.reason.strip() for e in cls.examples()), f"{cls.code}: every example says why"
    assert all(e.span is None or e.span in e.text for e in cls.examples()), f"{cls.code}: a span is a piece of the text"
    assert cls.name in load_moves(), f"{cls.code} assigns unknown move {cls.name}"
    assert cls.requires <= set(load_moves()), f"{cls.code} requires unknown moves"


def test_meta_one_detector_per_move() -> None:
    names = [cls.name for cls in DETECTORS]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_register_refuses_a_code_twice() -> None:
    from convocoach.detectors.base import REGISTRY, register

    taken = DETECTORS[0].code

    class Again(Detector):
        code, name = taken, "question.open"

    with pytest.raises(ValueError, match=f"detector code {taken} registered twice"):
        register(Again)
    assert REGISTRY[taken] is DETECTORS[0]


def test_meta_every_move_has_a_detector_or_a_lexicon() -> None:
    lexicons = load_lexicons()
    detected = {cls.name for cls in DETECTORS} | {lex.spec.move for lex in lexicons.lexicons if lex.spec.move}
    assert set(load_moves()) <= detected, f"moves without a detector or lexicon: {set(load_moves()) - detected}"


def test_run_order_honours_requires() -> None:
    detectors = build_detectors(load_lexicons(), load_grammar())
    seen: set[str] = set()
    for det in detectors:
        assert det.requires <= seen, f"{det.code} runs before {det.requires - seen}"
        seen.add(det.assigns)


def test_a_missing_or_circular_requirement_is_refused() -> None:
    lexicons, grammar = load_lexicons(), load_grammar()

    class Needy(Detector):
        code, name, requires = "X001", "question.open", frozenset({"nothing.assigns.this"})

    class A(Detector):
        code, name, requires = "X002", "question.open", frozenset({"question.closed"})

    class B(Detector):
        code, name, requires = "X003", "question.closed", frozenset({"question.open"})

    with pytest.raises(ValueError, match="no detector assigns"):
        run_order([Needy(lexicons, grammar)])
    with pytest.raises(ValueError, match="cycle"):
        run_order([A(lexicons, grammar), B(lexicons, grammar)])


def test_a_detector_sees_only_what_it_requires(analyzer: Analyzer) -> None:
    """The view a detector gets of earlier moves is read-only and limited to its `requires`."""
    from convocoach.detectors import Found

    view = Found({"advice": []})
    assert view("advice") == []
    with pytest.raises(KeyError):
        view("judgment")


def test_a_move_that_is_only_a_lexicon_needs_no_python() -> None:
    """A lexicon whose `move:` no detector claims gets a plain lexicon detector."""
    from convocoach.detectors.language import lexicon_detector

    cls = lexicon_detector("autonomy", "AUTONOMY_EXTRA")
    doc = inspect.getdoc(cls) or ""
    assert cls.name == "autonomy" and "**Anti-pattern**:" in doc and "**Best practice**:" in doc


def test_only_moves_with_a_detector_carry_detector_examples() -> None:
    detected = {cls.name for cls in DETECTORS}
    carrying = {name for name, spec in load_moves().items() if spec.detector_examples}
    assert carrying == detected


def test_an_example_span_must_be_a_piece_of_its_text() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="is not a piece of the text"):
        DetectorExample(text="Try a timer.", span="Try a clock", reason="a typo in the span")

