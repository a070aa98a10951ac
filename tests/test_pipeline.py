"""The spaCy side: components registered as factories and entry points, built once, usable elsewhere."""

from __future__ import annotations

import importlib.metadata

import pytest
import spacy
from spacy.tokens import Doc


def test_pipeline_is_blank_english_plus_our_rules(nlp) -> None:  # type: ignore[no-untyped-def]
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["sentencizer", "convocoach_tagger", "convocoach_signals", "convocoach"]
    assert not [name for name in nlp.pipe_names if name in ("tagger", "parser", "ner")]


def test_get_analyzer_is_cached() -> None:
    from convocoach.analyzer import get_analyzer

    assert get_analyzer() is get_analyzer()
    assert get_analyzer().nlp is get_analyzer().nlp


def test_entry_point_is_declared() -> None:
    eps = importlib.metadata.entry_points(group="spacy_factories")
    assert any(ep.name == "convocoach" and ep.value == "convocoach.components:make_convocoach" for ep in eps)


def test_add_pipe_in_anyones_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("convocoach")
    doc = nlp("Have you tried exit tickets? I wonder what you noticed.")
    names = [m.name for m in doc._.cc_moves]
    assert "question.leading" in names and "tentative" in names
    assert doc._.cc_stance in ("consulting", "coaching")


def test_attribute_ruler_tags_closed_class_words_and_verbs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Did you try the timer, or should we wait?")
    tags = {t.text: (t.pos_, t.tag_) for t in doc}
    assert tags["Did"] == ("AUX", "VBD")
    assert tags["you"] == ("PRON", "PRP")
    assert tags["should"] == ("AUX", "MD")
    assert tags["try"][0] == "VERB"
    assert tags["the"] == ("DET", "DT")


def test_component_works_on_a_hand_annotated_doc(nlp) -> None:  # type: ignore[no-untyped-def]
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
    names = [m.name for m in doc._.cc_moves]
    assert "question.leading" in names and "question.closed" not in names
    # a tokenizer-exception word with a parse: we never walk .children, so no crash
    assert doc.has_annotation("DEP")


@pytest.mark.parametrize("text", ["it's", "that's fine", "let's go", "what's up?"])
def test_tokenizer_exceptions_never_crash(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert doc._.cc_stance is not None
