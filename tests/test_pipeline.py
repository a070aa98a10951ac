"""The spaCy side: components registered as factories and entry points, built once, usable elsewhere."""

from __future__ import annotations

import importlib.metadata

import pytest
import spacy
from spacy.tokens import Doc
from spacy.language import Language


def test_pipeline_is_blank_english_plus_our_rules(nlp: Language) -> None:
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["sentencizer", "convocoach_tagger", "convocoach_signals", "convocoach"]
    assert not [name for name in nlp.pipe_names if name in ("tagger", "parser", "ner")]


def test_get_analyzer_is_cached() -> None:
    from convocoach.nlp.analyzer import get_analyzer

    assert get_analyzer() is get_analyzer()
    assert get_analyzer().nlp is get_analyzer().nlp


def test_entry_point_is_declared() -> None:
    eps = importlib.metadata.entry_points(group="spacy_factories")
    assert any(ep.name == "convocoach" and ep.value == "convocoach.nlp.components:make_convocoach" for ep in eps)


def test_add_pipe_in_anyones_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("convocoach")
    doc = nlp("Have you tried exit tickets? I wonder what you noticed.")
    names = [m["name"] for m in doc._.cc_moves]
    assert "question.leading" in names and "tentative" in names
    assert doc._.cc_stance in ("consulting", "coaching")


def test_attribute_ruler_tags_closed_class_words_and_verbs(nlp: Language) -> None:
    doc = nlp("Did you try the timer, or should we wait?")
    tags = {t.text: (t.pos_, t.tag_) for t in doc}
    assert tags["Did"] == ("AUX", "VBD")
    assert tags["you"] == ("PRON", "PRP")
    assert tags["should"] == ("AUX", "MD")
    assert tags["try"][0] == "VERB"
    assert tags["the"] == ("DET", "DT")


def test_component_works_on_a_hand_annotated_doc(nlp: Language) -> None:
    """A statistical model's tags (and a parse) must not confuse the rules: build the Doc by hand."""
    words = ["Did", "you", "consider", "grouping", "them", "?"]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, True, True, False, False],
        pos=["AUX", "PRON", "VERB", "VERB", "PRON", "PUNCT"],
        tags=["VBD", "PRP", "VB", "VBG", "PRP", "."],
        deps=["aux", "nsubj", "ROOT", "xcomp", "dobj", "punct"],
        heads=[2, 2, 2, 2, 3, 2],
        sent_starts=[True, False, False, False, False, False],
    )
    doc = nlp.get_pipe("convocoach_signals")(doc)
    doc = nlp.get_pipe("convocoach")(doc)
    names = [m["name"] for m in doc._.cc_moves]
    assert "question.leading" in names and "question.closed" not in names
    # a tokenizer-exception word with a parse: we never walk .children, so no crash
    assert doc.has_annotation("DEP")


@pytest.mark.parametrize("text", ["it's", "that's fine", "let's go", "what's up?"])
def test_tokenizer_exceptions_never_crash(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc._.cc_stance is not None


EQUIVALENCE_TEXTS = [
    "Did you try the timer, or should we wait?",
    "It sounds like you might maybe want to check the IEP. I hear you, but let's look at it together.",
    "So, um, what are you noticing about the group? Have you tried exit tickets? Great job!",
    "When I taught fourth grade I always used a timer; would it help if I shared an idea?",
    "",
    "?!",
]


def test_lean_span_ruler_gives_spacys_spans_in_spacys_order(nlp: Language) -> None:
    """LeanSpanRuler only skips work (a trie instead of a PhraseMatcher): it must agree span for span
    with spaCy's SpanRuler given the lexicons' patterns."""
    from spacy.pipeline import SpanRuler

    from convocoach.nlp.components import SIGNALS_NAME, LeanSpanRuler
    from convocoach.nlp.context import SIGNALS_KEY

    from convocoach.nlp.components import lower_tokens
    from convocoach.nlp.lexicons import load_lexicons, span_ruler_patterns

    ours = nlp.get_pipe(SIGNALS_NAME)
    assert isinstance(ours, LeanSpanRuler)
    # The reference gets the lexicons' own patterns; ours matches them from the compiled trie.
    theirs = SpanRuler(nlp, name="reference", spans_key=SIGNALS_KEY, phrase_matcher_attr="LOWER")
    with nlp.select_pipes(disable=nlp.pipe_names):
        theirs.add_patterns(span_ruler_patterns(load_lexicons([]), tokenize=lower_tokens(nlp)))
    seen = 0
    for text in EQUIVALENCE_TEXTS:
        doc = nlp.make_doc(text)
        got = [(s.start, s.end, s.label_, s.id_) for s in ours.match(doc)]
        want = [(s.start, s.end, s.label_, s.id_) for s in theirs.match(doc)]
        assert got == want, text
        seen += len(got)
    assert seen > 10  # the texts do exercise the lexicons


def test_lookup_tagger_agrees_with_spacys_attribute_ruler(nlp: Language) -> None:
    from spacy.pipeline import AttributeRuler

    from convocoach.nlp.components import TAGGER_NAME, LookupAttributeRuler

    ours = nlp.get_pipe(TAGGER_NAME)
    assert isinstance(ours, LookupAttributeRuler)
    theirs = AttributeRuler(nlp.vocab, name="reference")
    theirs.add_patterns(ours.patterns)
    for text in EQUIVALENCE_TEXTS:
        a, b = ours(nlp.make_doc(text)), theirs(nlp.make_doc(text))
        assert [(t.pos_, t.tag_) for t in a] == [(t.pos_, t.tag_) for t in b], text
