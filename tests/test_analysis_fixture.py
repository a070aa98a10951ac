"""Analyses of a fixed corpus stay exactly as they were: speed work must not change a single move.

tests/fixtures/analysis/utterances.jsonl holds a few hundred varied utterances (every detector
example, hand-written edge cases: quotes, transcriber notes, stutters, dashes, vocatives, hedges
piled up, empty lines; and generated lines with a previous turn); expected.jsonl is their analysis
(`Analysis.to_dict()`), written by the code before the fused component and the build cache. Change
it only when a rule changes on purpose, and say so in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from convocoach.nlp.analyzer import Analyzer, Utterance

HERE = Path(__file__).parent / "fixtures" / "analysis"


def _load(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()]


def test_analyses_of_the_fixed_corpus_are_unchanged(analyzer: Analyzer) -> None:
    items = [Utterance(str(d["text"]), d.get("previous"), str(d["id"])) for d in _load("utterances.jsonl")]  # type: ignore[arg-type]
    expected = _load("expected.jsonl")
    got = [a.to_dict() for a in analyzer.analyze_many(items)]
    assert len(got) == len(expected)
    changed = [e["id"] for g, e in zip(got, expected) if g != e]
    assert not changed, f"{len(changed)} analyses changed, first: {changed[:5]}"


def test_single_calls_agree_with_the_batch(analyzer: Analyzer) -> None:
    expected = {str(e["id"]): e for e in _load("expected.jsonl")}
    for d in _load("utterances.jsonl")[::7]:
        a = analyzer.analyze(str(d["text"]), previous=d.get("previous"), id=str(d["id"]))  # type: ignore[arg-type]
        assert a.to_dict() == expected[str(d["id"])]


def test_forked_workers_give_the_same_analyses(analyzer: Analyzer) -> None:
    items = [Utterance(str(d["text"]), d.get("previous"), str(d["id"])) for d in _load("utterances.jsonl")]  # type: ignore[arg-type]
    expected = _load("expected.jsonl")
    got = [a.to_dict() for a in analyzer.analyze_parallel(items, jobs=2, chunk=50)]
    assert got == expected
