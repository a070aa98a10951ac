"""What a reply says, for the conditions that read content: terms mentioned, her line picked up,
her direct question answered, her request for ideas.

Everything here reads plain text with the grammar's word tables (no spaCy): words are lowercased,
contractions kept whole ("i'll", "doesn't"). `mentions` compares dictionary forms ("principals"
mentions "principal", never "notes" for "not"); `picks_up` compares content words as the analysis's
overlap with her line does (`nlp.syntax.content_word_stem`: crude stems with the synonym groups), so
"observing" picks up "observed" and "talk" picks up "said". A term of several words ("between us",
"exit ticket") must appear as a run of words. The cue phrases (what counts as a
yes/no answer, a commitment) are data: `lexicons/wordsets.yml`, lists `content.*`; a request for
ideas is the rubric's `stance.advice_requests`, the same list scoring reads.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Literal, Sequence

from ..nlp.lexicons import load_grammar, word_list
from ..nlp.syntax import content_word_stem

AnswerKind = Literal["yes_no", "topic", "commitment"]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def words(text: str) -> list[str]:
    """The words of a text, lowercased, with curly apostrophes straightened."""
    return _WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(list(haystack[i:i + n]) == list(needle) for i in range(len(haystack) - n + 1))


@lru_cache(maxsize=4096)
def _form(word: str) -> str:
    """A word's dictionary form, for `mentions`: the grammar's lemma ('observing' -> 'observe'), else
    a plural 's' dropped ('principals' -> 'principal'); closed-class words ('yours', 'its') and
    'ss'/'us'/'is' endings stay as they are. No synonyms: naming 'share' is not naming 'said'."""
    g = load_grammar()
    lemma = g.lemmas.get(word)
    if lemma:
        return lemma
    if word in g.closed_class or len(word) <= 3 or word.endswith(("ss", "us", "is", "'s")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def mentions(text: str, terms: Iterable[str]) -> bool:
    """Does the text mention any of the terms (a word or a run of words, each in any inflection)?"""
    mine = [_form(w) for w in words(text)]
    return any(_contains(mine, [_form(w) for w in words(term)]) for term in terms)


def content_stems(text: str) -> set[str]:
    """The content words of a text as stems, by the rule overlap with her line uses in the analysis
    (`nlp.syntax.content_word_stem`); numbers left out."""
    grammar = load_grammar()
    return {st for w in words(text) if not w.isdigit() and (st := content_word_stem(grammar, w)) is not None}


def picks_up(reply: str, line: str, topics: Iterable[str] = ()) -> bool:
    """Does the reply take up her line: a content word of hers, or one of the node's topics?"""
    return bool(content_stems(reply) & content_stems(line)) or mentions(reply, topics)


def statements(text: str) -> list[str]:
    """The sentences of a text that are not questions."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip() and not s.strip().endswith("?")]


@lru_cache(maxsize=8)
def _cues(name: str) -> re.Pattern[str] | None:
    from ..scoring.consulting import phrase_re

    return phrase_re(word_list(name))


def _has_cue(sentence: str, name: str) -> bool:
    """Does the sentence say one of the cue phrases of word list `name`, anywhere?"""
    pattern = _cues(name)
    return bool(pattern and pattern.search(" ".join(words(sentence))))


@lru_cache(maxsize=8)
def _openers(name: str) -> tuple[list[str], ...]:
    return tuple(words(cue) for cue in word_list(name))


def _opens_with(sentence: str, name: str) -> bool:
    """Does the sentence open (after lead-ins such as "well") with one of the cues of word list `name`?"""
    lead_ins = set(word_list("content.answer_lead_ins"))
    ws = [w for w in words(sentence) if w not in lead_ins]
    return any(ws[:len(c)] == c for c in _openers(name))


def answers(reply: str, kind: AnswerKind, terms: Sequence[str] = ()) -> bool:
    """Does the reply answer her direct question? Only a statement answers (a question back is not an
    answer): a yes/no answer opens with one ("No, ...", "Honestly, nothing...", "It doesn't...") or
    says one anywhere ("it stays between us"), or names a term; a topic answer names a term; a
    commitment has a first-person commitment ("I'll", "you decide") or a term."""
    for sentence in statements(reply):
        if terms and mentions(sentence, terms):
            return True
        if kind == "yes_no" and (_opens_with(sentence, "content.answer_openers")
                                 or _has_cue(sentence, "content.answer_yes_no")):
            return True
        if kind == "commitment" and _has_cue(sentence, "content.commitment"):
            return True
    return False


@lru_cache(maxsize=1)
def _requests() -> re.Pattern[str] | None:
    from ..scoring.consulting import phrase_re
    from ..scoring.rubric import load_rubric

    return phrase_re(load_rubric().stance.advice_requests)


def requests_ideas(line: str) -> bool:
    """Does the teacher's line ask for ideas ("What should I do?", "Any suggestions?")? The phrases are
    the bundled rubric's `stance.advice_requests`, so practice and scoring agree on what a request is."""
    pattern = _requests()
    return bool(pattern and pattern.search(" ".join(words(line))))
