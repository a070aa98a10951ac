"""Property tests: analysis never raises on arbitrary unicode, and every span lies inside its text."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from convocoach.nlp.analyzer import Analyzer

WORDS = st.sampled_from(
    ["what", "why", "did", "you", "try", "should", "it's", "let's", "I", "wonder", "?", "!", ",", "'", '"',
     "but", "so", "tell", "me", "more", "great", "job", "\u202e", "\x1b[31m", "[bold]", "\n", "  ",
     # the words of newer rules: verdict fragments, menus, free relatives, "honestly?"
     "nice", "lovely", "really", "seminar", "honestly", "that", "didn't", "work", "not", "true", "one",
     "option", "is", "happens", "stays", "need", "your", "team", "know", "best", "have", "could", "."]
)


def _check(analyzer: Analyzer, text: str, previous: str | None = None) -> None:
    a = analyzer.analyze(text, previous=previous)
    assert a.text == text
    for m in a.moves:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
    assert a.stance in ("coaching", "consulting", "collaborating", "evaluating", "neutral")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(analyzer: Analyzer, text: str) -> None:
    _check(analyzer, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=40).map(" ".join), st.one_of(st.none(), st.text(max_size=80)))
@example("great great", None)  # a rating adjective read as a discourse word, then the fragment rule
def test_coaching_like_word_soup_never_raises(analyzer: Analyzer, text: str, previous: str | None) -> None:
    _check(analyzer, text, previous)


def test_batch_equals_single_calls(analyzer: Analyzer) -> None:
    from convocoach.nlp.analyzer import Utterance

    texts = ["Did it work?", "", "Tell me more.", "You should rest.", "it's fine"] * 3
    batch = list(analyzer.analyze_many(Utterance(t, None, str(i)) for i, t in enumerate(texts)))
    assert [b.id for b in batch] == [str(i) for i in range(len(texts))]
    for t, b in zip(texts, batch):
        assert b.moves == analyzer.analyze(t).moves


def test_parallel_equals_serial(analyzer: Analyzer) -> None:
    from convocoach.nlp.analyzer import Utterance

    items = [Utterance(t, None, str(i)) for i, t in enumerate(["Did it work?", "What happened?", "Try it."] * 200)]
    serial = list(analyzer.analyze_many(items))
    parallel = list(analyzer.analyze_parallel(items, jobs=2, chunk=64))
    assert [a.to_dict() for a in parallel] == [a.to_dict() for a in serial]
