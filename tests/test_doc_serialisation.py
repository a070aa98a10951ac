"""Moves on a spaCy Doc are plain data: they survive to_bytes, DocBin and to_json, and so
`nlp.pipe(n_process=2)` works with the plugin; they are also a span group."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import convocoach
from convocoach.nlp.components import MOVES_SPANS_KEY, doc_to_analysis, set_previous

TEXTS = [
    ("Have you tried exit tickets? I wonder what you noticed.", None),
    ("So you felt rushed at the end.", "The end of the lesson was so rushed."),
    ("Great job today! You should try a timer.", "I tried the new seating chart."),
    ("What are you noticing about the group?", None),
]


def _plugin_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("convocoach")
    return nlp


def _docs(nlp: Language) -> list[Doc]:
    docs = []
    for text, previous in TEXTS:
        doc = nlp.make_doc(text)
        set_previous(doc, previous)
        docs.append(doc)
    return docs


def _moves(doc: Doc) -> list[dict[str, object]]:
    return list(doc._.cc_moves)


def test_the_moves_are_the_json_moves(nlp: Language) -> None:
    for doc, (text, previous) in zip(nlp.pipe(_docs(nlp)), TEXTS):
        assert _moves(doc) == convocoach.analyze(text, previous).to_dict()["moves"]
        assert _moves(doc), text


def test_doc_to_bytes_keeps_the_moves(nlp: Language) -> None:
    for doc in nlp.pipe(_docs(nlp)):
        back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        assert _moves(back) == _moves(doc)
        assert back._.cc_stance == doc._.cc_stance and back._.cc_stance_scores == doc._.cc_stance_scores
        assert back._.cc_previous == doc._.cc_previous
        assert doc_to_analysis(back) == doc_to_analysis(doc)
        assert [(s.label_, s.id_, s.start_char) for s in back.spans[MOVES_SPANS_KEY]] == \
            [(s.label_, s.id_, s.start_char) for s in doc.spans[MOVES_SPANS_KEY]]


def test_docbin_with_user_data_keeps_the_moves(nlp: Language) -> None:
    docs = list(nlp.pipe(_docs(nlp)))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [_moves(d) for d in back] == [_moves(d) for d in docs]
    assert [d._.cc_stance for d in back] == [d._.cc_stance for d in docs]


def test_to_json_with_underscore(nlp: Language) -> None:
    doc = next(nlp.pipe(_docs(nlp)))
    data = doc.to_json(underscore=["cc_moves", "cc_stance", "cc_stance_scores", "cc_n_words"])
    assert data["_"]["cc_moves"] == _moves(doc)
    assert data["_"]["cc_stance"] == doc._.cc_stance
    assert [s["label"] for s in data["spans"][MOVES_SPANS_KEY]] == [m["name"] for m in _moves(doc)]


def test_moves_are_a_span_group(nlp: Language) -> None:
    for doc in nlp.pipe(_docs(nlp)):
        spans = doc.spans[MOVES_SPANS_KEY]
        assert [(s.label_, s.id_) for s in spans] == [(m["name"], m["rule"]) for m in _moves(doc)]
        for span, move in zip(spans, _moves(doc)):
            assert span.start_char <= int(str(move["start"])) < int(str(move["end"])) <= span.end_char


def test_nlp_pipe_with_two_processes_and_the_plugin() -> None:
    nlp = _plugin_pipeline()
    one = [(_moves(d), d._.cc_stance) for d in nlp.pipe(_docs(nlp))]
    two = [(_moves(d), d._.cc_stance) for d in nlp.pipe(_docs(nlp), n_process=2, batch_size=1)]
    assert two == one
    assert any(moves for moves, _stance in one)
    texts = [t for t, _p in TEXTS]
    assert [_moves(d) for d in nlp.pipe(texts, n_process=2)] == [_moves(d) for d in nlp.pipe(texts)]


def test_no_span_group_when_asked_for_none() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("convocoach", config={"spans_key": None})
    doc = nlp("Have you tried exit tickets?")
    assert MOVES_SPANS_KEY not in doc.spans and _moves(doc)
