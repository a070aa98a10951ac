"""Every lexicon entry's examples run as tests: `match` sentences must fire the entry, `no_match` must not."""

from __future__ import annotations

import pytest

from convocoach.nlp.lexicons import load_lexicons
from convocoach.nlp.context import SIGNALS_KEY
from spacy.language import Language

LEXICONS = load_lexicons()
CASES = [
    pytest.param(entry.id, kind, text, id=f"{entry.id}-{kind}-{i}")
    for lex in LEXICONS.lexicons
    for entry in lex.spec.entries
    for kind in ("match", "no_match")
    for i, text in enumerate(getattr(entry.examples, kind))
]


@pytest.fixture(scope="module")
def signals_nlp() -> Language:
    """convocoach's pipeline with the lexicon signals asked for as a span group."""
    from convocoach.nlp.pipeline import blank_english

    nlp = blank_english()
    nlp.add_pipe("convocoach", config={"signals_key": SIGNALS_KEY})
    return nlp


@pytest.mark.parametrize("entry_id,kind,text", CASES)
def test_lexicon_example(signals_nlp: Language, entry_id: str, kind: str, text: str) -> None:
    doc = signals_nlp(text)
    fired = [s for s in doc.spans[SIGNALS_KEY] if s.id_ == entry_id]
    if kind == "match":
        assert fired, f"False negative {entry_id}: {text!r} should match"
    else:
        assert not fired, f"False positive {entry_id}: {text!r} matched {[s.text for s in fired]}"


def test_every_entry_has_examples() -> None:
    for lex in LEXICONS.lexicons:
        for entry in lex.spec.entries:
            assert entry.examples.match, f"{lex.path.name}: {entry.id} has no match examples"


def test_entry_ids_are_unique_and_prefixed_consistently() -> None:
    seen: set[str] = set()
    for lex in LEXICONS.lexicons:
        prefixes = {e.id.split("-")[0] for e in lex.spec.entries}
        assert len(prefixes) == 1, f"{lex.path.name} mixes id prefixes {prefixes}"
        for entry in lex.spec.entries:
            assert entry.id not in seen
            seen.add(entry.id)
