"""Rewrites of the coach's own sentence: exact outputs for the fixture set, and never a broken sentence."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convocoach.model.analysis import Analysis, Move
from convocoach.model.moves import load_moves
from convocoach.nlp.analyzer import Analyzer
from convocoach.scoring.rewrites import TEMPLATE_PREFIX, rewrite, suggest_rewrite, template

REWRITABLE = load_moves().rewritable

FIXTURE = Path(__file__).parent / "fixtures" / "rewrites.yml"
CASES: list[dict[str, Any]] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    from convocoach.nlp.analyzer import get_analyzer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return get_analyzer()


def test_fixture_has_enough_cases() -> None:
    assert len(CASES) >= 60
    real = [c for c in CASES if not c["expected"].startswith(TEMPLATE_PREFIX)]
    assert len(real) >= 60, "at least 60 inputs must get a real rewrite, not a template"
    assert {c["move"] for c in CASES} == set(REWRITABLE)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['move']}:{c['text']}" for c in CASES])
def test_rewrite_exact(case: dict[str, Any], analyzer: Any) -> None:
    got = rewrite(case["text"], case["move"], doc=analyzer.doc(case["text"]))
    assert got == case["expected"], f"{case['move']}: {case['text']!r}"


def _well_formed(out: str) -> bool:
    if out.startswith(TEMPLATE_PREFIX):
        return out in {template(m) for m in REWRITABLE}
    return (
        out[:1].isupper()
        and out.endswith(("?", "."))
        and "  " not in out
        and " ," not in out
        and "??" not in out
        and not out.rstrip("?.").endswith((" to", " about", " with", " the", " a", " of"))
    )


def _detector_examples() -> list[tuple[str, str | None]]:
    """The coach's words of every detector example that finds a rewritable move (hits and misses)."""
    from convocoach.detectors import all_detector_classes

    return sorted({(ex.text, ex.previous) for cls in all_detector_classes() for ex in cls.examples()},
                  key=lambda pair: (pair[0], pair[1] or ""))


@pytest.mark.parametrize("text,previous", _detector_examples())
def test_rewrites_of_every_detector_example_are_well_formed(analyzer: Any, text: str, previous: str | None) -> None:
    """Not the fixture's expectations but the code's output, on sentences the fixture does not hold."""
    analysis = analyzer.analyze(text, previous=previous)
    doc = analyzer.doc(text, previous)
    for move in analysis.moves:
        if move.name in REWRITABLE:
            out = suggest_rewrite(analysis, move, doc=doc)
            assert out is not None and _well_formed(out), f"{move.name}: {text!r} -> {out!r}"


def test_issue_examples(analyzer: Any) -> None:
    def rw(text: str, move: str) -> str | None:
        return rewrite(text, move, doc=analyzer.doc(text))

    assert rw("You should try exit tickets.", "advice") == "What might it look like to try exit tickets?"
    assert rw("Why did you skip the warm-up?", "question.why") == "What was your thinking about the warm-up?"
    assert rw("Have you tried grouping them?", "question.leading") == "What have you tried so far with grouping them?"


def test_suggest_rewrite_uses_the_moves_sentence(analyzer: Any) -> None:
    text = "Okay, I hear you. You should try exit tickets. What do you think?"
    start = text.index("You should")
    move = Move("advice", start, start + len("You should try exit tickets."), "You should try", "ADV-001", "")
    analysis = Analysis(text=text, moves=(move,), stance="consulting")
    assert suggest_rewrite(analysis, move, doc=analyzer.doc(text)) == "What might it look like to try exit tickets?"
    # Without a span the first real sentence is used; a non-rewritable move gives None.
    assert suggest_rewrite("Did the warm-up work? I wonder.", "question.closed") == (
        "What did you notice about the warm-up?"
    )
    assert suggest_rewrite(analysis, "reflection") is None
    assert suggest_rewrite("", "advice") == template("advice")


def test_tokenizer_exception_words_do_not_crash(analyzer: Any) -> None:
    # spaCy 3.8 crashes on tree walks over these tokens; rewrites never walk the tree.
    for text in ("It's what's next, let's see, that's it.", "Let's try a quick check-in.", "What's that?"):
        for move in REWRITABLE:
            out = rewrite(text, move, doc=analyzer.doc(text))
            assert out is not None and _well_formed(out), (text, move, out)


_WORDS = [
    "you", "should", "try", "exit", "tickets", "why", "did", "skip", "the", "warm-up", "have", "tried",
    "grouping", "them", "that", "lesson", "went", "well", "great", "job", "do", "n't", "think", "they",
    "need", "more", "structure", "is", "it", "okay", "was", "a", "mess", "I", "'d", "group", "by", "skill",
    "what", "if", "just", "call", "home", "could", "maybe", "so", "and", "or", "not", "with", "to", ",",
    "really", "perfect", "let", "'s", "can", "we", "look", "at", "data", "would", "be", "better",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10),
       end=st.sampled_from(["?", ".", "!", ""]), move=st.sampled_from(list(REWRITABLE)))
def test_never_a_broken_sentence(words: list[str], end: str, move: str, analyzer: Any) -> None:
    text = " ".join(words).replace(" ,", ",").replace(" n't", "n't").replace(" 's", "'s").replace(" 'd", "'d") + end
    text = text[:1].upper() + text[1:]
    out = rewrite(text, move, doc=analyzer.doc(text))
    assert out is not None
    assert _well_formed(out), (text, move, out)


def test_feedback_rewrite_examples_match_the_rewriter(analyzer: Any) -> None:
    """The pairs `explain` shows come from the same rewriter the reports use."""
    from convocoach.scoring.explain import move_feedback

    for name in REWRITABLE:
        for original, better in move_feedback(name).rewrites:
            assert rewrite(original, name, doc=analyzer.doc(original)) == better, (name, original)
