"""Clause structure without a parser (convocoach/nlp/syntax.py): subjects and finite verbs."""

from __future__ import annotations

import pytest

from convocoach.nlp.analyzer import Analyzer
from convocoach.nlp.context import Context
from convocoach.nlp.syntax import clauses


def _first_clause(analyzer: Analyzer, text: str) -> tuple[str, str | None]:
    comp = analyzer.nlp.get_pipe("convocoach")
    utt = Context(comp.reader.read(analyzer.nlp.make_doc(text)), None, comp.grammar)  # type: ignore[attr-defined]
    c = clauses(utt, utt.sentences[0])[0]
    return c.subj, utt.low[c.verb_i] if c.verb_i >= 0 else None


@pytest.mark.parametrize("text,verb", [
    ("Maria's group finished early.", "finished"),          # a possessive inside the subject
    ("Mr. Okafor's class uses a timer.", "uses"),
    ("Jaden's mom called twice.", "called"),
    ("Maria's tired.", "'s"),                                # 'is' + a participle
    ("Maria's late again.", "'s"),                           # 'is' + an adjective
    ("Maria's coming tomorrow.", "'s"),                      # 'is' + -ing
    ("Maria's got a plan.", "'s"),                           # 'has' + a participle
    ("Maria's really good at this.", "'s"),                  # 'is' + an adverb
])
def test_possessive_s_is_part_of_the_subject(analyzer: Analyzer, text: str, verb: str) -> None:
    subj, got = _first_clause(analyzer, text)
    assert subj == "np" and got == verb, text
