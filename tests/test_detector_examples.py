"""Every detector's examples run as tests, and per-move cases written from DOMAIN.md's linguistics."""

from __future__ import annotations

from typing import Any

import pytest

from convocoach.detectors import all_detector_classes
from convocoach.model.moves import load_moves

MOVES = load_moves()

DETECTORS = all_detector_classes()


def _cases() -> list[Any]:
    out = []
    for cls in DETECTORS:
        for kind in ("match", "no_match"):
            for i, item in enumerate(cls.examples.get(kind, [])):
                text, prev = (item["text"], item.get("previous")) if isinstance(item, dict) else (item, None)
                out.append(pytest.param(cls.name, cls.code, kind, text, prev, id=f"{cls.code}-{kind}-{i}"))
    return out


@pytest.mark.parametrize("move,code,kind,text,previous", _cases())
def test_detector_example(analyzer, move: str, code: str, kind: str, text: str, previous: str | None) -> None:
    analysis = analyzer.analyze(text, previous=previous)
    found = [m for m in analysis.moves if m.name == move]
    if kind == "match":
        assert found, f"False negative {code} {move}: {text!r} -> {[m.name for m in analysis.moves]}"
    else:
        assert not found, f"False positive {code} {move}: {text!r} -> {[(m.name, m.text) for m in found]}"


def test_meta_every_detector_has_examples_and_a_docstring() -> None:
    for cls in DETECTORS:
        assert cls.examples.get("match"), f"{cls.code} has no match examples"
        assert cls.examples.get("no_match"), f"{cls.code} has no no_match examples"
        assert cls.__doc__ and cls.message(), f"{cls.code} has no docstring"
        assert cls.name in MOVES, f"{cls.code} yields unknown move {cls.name}"


def test_meta_codes_are_unique() -> None:
    codes = [cls.code for cls in DETECTORS]
    assert len(codes) == len(set(codes))


def test_meta_every_move_in_the_vocabulary_has_a_detector() -> None:
    detected = {cls.name for cls in DETECTORS}
    assert set(MOVES) <= detected, f"moves without a detector: {set(MOVES) - detected}"
