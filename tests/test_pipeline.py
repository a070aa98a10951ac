"""The spaCy side: components registered as factories and entry points, built once, usable elsewhere."""

from __future__ import annotations

import importlib.metadata
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc
from spacy.language import Language


def test_pipeline_is_blank_english_plus_our_rules(nlp: Language) -> None:
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["convocoach"]  # it reads sentences, tags and signals itself
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
    """A statistical model's tags (and a parse) must not confuse the rules: build the Doc by hand.
    After a tagger, the component reads the Doc's tags and sentence starts instead of its own."""
    model_like = spacy.blank("en")
    model_like.add_pipe("tagger")  # never run: the Doc below carries what a trained one would set
    component = model_like.add_pipe("convocoach")
    words = ["Did", "you", "consider", "grouping", "them", "?"]
    doc = Doc(
        model_like.vocab,
        words=words,
        spaces=[True, True, True, True, False, False],
        pos=["AUX", "PRON", "VERB", "VERB", "PRON", "PUNCT"],
        tags=["VBD", "PRP", "VB", "VBG", "PRP", "."],
        deps=["aux", "nsubj", "ROOT", "xcomp", "dobj", "punct"],
        heads=[2, 2, 2, 2, 3, 2],
        sent_starts=[True, False, False, False, False, False],
    )
    doc = component(doc)
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


READER_TEXTS = EQUIVALENCE_TEXTS + [
    "Okay... so what happened? Then -- well; she left!",
    "\"Why didn't you call?\" she asked. I said nothing… Really.",
    "Tell me- tell me more about, um, the warm-up. 3.5 minutes? https://example.org ok.",
    "You should TRY it!!! Won't you? It's your call, isn't it?",
    "  spaces   and\ttabs\nand a newline. Then more  ",
    "; starts with punctuation. ? Odd.",
]


def test_one_pass_reader_agrees_with_spacys_components(nlp: Language) -> None:
    """The component's own reading (nlp/tokens.py) must give what spaCy's Sentencizer,
    AttributeRuler and SpanRuler give with the same settings and patterns: the same sentences, the
    same POS/TAG on every token, the same signal spans in the same order."""
    from spacy.pipeline import SpanRuler

    from convocoach.nlp.components import lower_tokens
    from convocoach.nlp.context import SIGNALS_KEY
    from convocoach.nlp.lexicons import load_grammar, load_lexicons, span_ruler_patterns
    from convocoach.nlp.pipeline import blank_english
    from convocoach.nlp.tokens import PUNCT_CHARS

    ours = blank_english()
    ours.add_pipe("convocoach", config={"signals_key": SIGNALS_KEY})
    reference = blank_english()
    reference.add_pipe("sentencizer", config={"punct_chars": sorted(PUNCT_CHARS)})
    reference.add_pipe("attribute_ruler").add_patterns(load_grammar().attribute_ruler_patterns())  # type: ignore[attr-defined]
    ruler = reference.add_pipe("span_ruler", config={"spans_key": SIGNALS_KEY, "phrase_matcher_attr": "LOWER"})
    assert isinstance(ruler, SpanRuler)
    ruler.add_patterns(span_ruler_patterns(load_lexicons([]), tokenize=lower_tokens(reference)))
    seen = 0
    for text in READER_TEXTS:
        a, b = ours(text), reference(text)
        assert [s.text for s in a.sents] == [s.text for s in b.sents], text
        assert [(t.pos_, t.tag_) for t in a] == [(t.pos_, t.tag_) for t in b], text
        got = [(s.start, s.end, s.label_, s.id_) for s in a.spans[SIGNALS_KEY]]
        assert got == [(s.start, s.end, s.label_, s.id_) for s in b.spans[SIGNALS_KEY]], text
        seen += len(got)
    assert seen > 10  # the texts do exercise the lexicons


def test_results_only_docs_get_no_spans_or_tags(analyzer: Any) -> None:
    """analyze_many asks for results only: the Doc keeps the analysis and nothing else is built."""
    from convocoach.nlp.analyzer import Utterance

    docs = list(analyzer._docs([Utterance("Did you try the timer?")], results_only=True))
    assert docs[0]._.cc_moves and "cc_moves" not in docs[0].spans
    assert not docs[0].has_annotation("TAG")
    full = analyzer.doc("Did you try the timer?")
    assert full._.cc_moves == docs[0]._.cc_moves and "cc_moves" in full.spans and full.has_annotation("TAG")


def test_lean_span_ruler_gives_spacys_spans_in_spacys_order(nlp: Language) -> None:
    """LeanSpanRuler only skips work (a trie instead of a PhraseMatcher): it must agree span for span
    with spaCy's SpanRuler given the lexicons' patterns."""
    from spacy.pipeline import SpanRuler

    from convocoach.nlp.build import load_signals
    from convocoach.nlp.components import LeanSpanRuler, lower_tokens
    from convocoach.nlp.context import SIGNALS_KEY
    from convocoach.nlp.lexicons import load_lexicons, span_ruler_patterns

    ours = LeanSpanRuler(nlp, name="ours", spans_key=SIGNALS_KEY, phrase_matcher_attr="LOWER")
    ours.use_compiled(load_signals(nlp, load_lexicons([])))
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

    from convocoach.nlp.components import LookupAttributeRuler
    from convocoach.nlp.lexicons import load_grammar

    ours = LookupAttributeRuler(nlp.vocab, name="ours")
    ours.add_patterns(load_grammar().attribute_ruler_patterns())
    assert not ours.is_complex
    theirs = AttributeRuler(nlp.vocab, name="reference")
    theirs.add_patterns(ours.patterns)
    for text in EQUIVALENCE_TEXTS:
        a, b = ours(nlp.make_doc(text)), theirs(nlp.make_doc(text))
        assert [(t.pos_, t.tag_) for t in a] == [(t.pos_, t.tag_) for t in b], text
