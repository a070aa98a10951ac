"""Clause structure over the tagger's POS, without a parser: clauses, their subjects, finite verbs,
imperatives, fragments, and word stems for overlap with the teacher's line.

The embedded pipeline has no dependency parse (DOMAIN.md), so structure is read from token order:
a clause starts after a clause break; its subject is the pronoun or noun phrase before its first
finite verb; a clause that opens with a base-form verb and no subject is an imperative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicons import word_list, word_map, word_set
from .words import DISCOURSE, SECOND_PERSON, SUBJECT_PRONOUNS

if TYPE_CHECKING:
    from .context import Context, Sentence
    from .lexicons import Grammar

BREAKS = word_set("syntax.breaks")
HARD_BREAKS = word_set("syntax.hard_breaks")
COORD = word_set("syntax.coord")
PRONOUN_SUBJECTS = word_map("syntax.pronoun_subjects")
POSSESSIVE_SUBJECTS = word_map("syntax.possessive_subjects")
NP_OPENERS = word_set("syntax.np_openers") | word_set("syntax.titles")
# Adverbs and softeners that may stand before an imperative verb ("Maybe just try...").
IMPERATIVE_LEAD = word_set("syntax.imperative_lead")
FINITE_TAGS = frozenset(["MD", "VBZ", "VBP", "VBD"])
# A subordinate clause read as its own sentence keeps its subject: "Because you know it keeps changing."
SUBORDINATORS = word_set("syntax.subordinators")


@dataclass(frozen=True)
class Clause:
    """One clause of a sentence: token range, subject and first finite verb (indexes into utt.doc)."""

    start: int  # first content token
    end: int
    subj: str  # i | you | we | they | 3sg | it | that | there | your | my | our | np | gerund | none
    subj_i: int  # first token of the subject, or -1
    verb_i: int  # first finite verb or auxiliary after the subject, or -1
    imperative: bool


def is_verbal(utt: Context, i: int) -> bool:
    """A verb or auxiliary by the tagger, or an unknown word in -ed ('color-coded', 'coached')."""
    tok = utt.doc[i]
    if tok.pos_ in ("AUX", "VERB") or tok.tag_ == "MD":
        return True
    low = utt.low[i]
    return not tok.tag_ and len(low) > 4 and low.endswith("ed") and tok.is_alpha or (
        not tok.tag_ and "-" in low and low.endswith("ed"))


def is_finite(utt: Context, i: int) -> bool:
    """An auxiliary, a modal or a verb in a finite form (or an unknown word in -ed after a subject)."""
    tok = utt.doc[i]
    if tok.pos_ == "AUX" or tok.tag_ in FINITE_TAGS:
        return True
    low = utt.low[i]
    return tok.pos_ == "VERB" and tok.tag_ in ("VB", "") and low not in ("to",) or is_verbal(utt, i) and not tok.tag_


def base_verb(utt: Context, i: int) -> bool:
    """Is token i a verb in its base form ('try', 'give'), by the grammar table or the advice verbs?
    A word the grammar does not know reads as a verb when an object pronoun follows it ('Frame it
    as an invitation', 'Loop them in')."""
    low = utt.low[i]
    if utt.signal_at("ADVICE_VERB", i) is not None:
        return True
    tok = utt.doc[i]
    if not tok.tag_ and tok.is_alpha and low not in utt.grammar.lemmas and i + 1 < len(utt.low) and \
            utt.low[i + 1] in ("it", "them", "him", "her", "us", "yourself", "everyone", "everything") and \
            not low.endswith(("s", "ed", "ing", "ly")):
        return True
    return utt.grammar.verb_tags.get(low) == "VB" or (low in ("be", "do", "have") and utt.doc[i].tag_ in ("VB", "VBP"))


def clause_starts(utt: Context, s: Sentence) -> list[int]:
    """Where clauses start: the sentence's content start, and after clause breaks and coordinators
    that introduce a new subject or verb."""
    lows = utt.low
    span = s.span
    starts = [s.start]
    for i in range(span.start, span.end - 1):
        low = lows[i]
        if low in BREAKS or (low in COORD and i > s.start):
            nxt = utt.content_start(i + 1, span.end)
            if nxt >= span.end:
                continue
            if low in HARD_BREAKS or low in BREAKS:
                starts.append(nxt)
            elif lows[nxt] in PRONOUN_SUBJECTS or lows[nxt] in POSSESSIVE_SUBJECTS or base_verb(utt, nxt):
                starts.append(nxt)
    out: list[int] = []
    for st in starts:
        if st < span.end and st not in out:
            out.append(st)
    return sorted(out)


def clauses(utt: Context, s: Sentence) -> list[Clause]:
    """The clauses of a sentence, each with its subject and first finite verb."""
    cached = utt.cache.get(("clauses", s.span.start))
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    starts = clause_starts(utt, s)
    out = []
    for k, st in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else s.span.end
        # A clause ends before the break that opened the next one.
        while end - 1 > st and (utt.low[end - 1] in BREAKS or utt.low[end - 1] in COORD):
            end -= 1
        out.append(read_clause(utt, st, end))
    utt.cache[("clauses", s.span.start)] = out
    return out


def read_clause(utt: Context, start: int, end: int) -> Clause:
    """Find the subject and the first finite verb of the clause that starts at `start`."""
    lows = utt.low
    i = start
    while i < end and (lows[i] in ("not", "never", "just", "really", "also", "only", "even", "still") or
                       lows[i] in SUBORDINATORS and i + 1 < end and lows[i + 1] in PRONOUN_SUBJECTS):
        i += 1
    if i >= end:
        return Clause(start, end, "none", -1, -1, False)
    low = lows[i]
    if low in PRONOUN_SUBJECTS and i + 1 < end and _verb_follows(utt, i + 1, end, 3):
        return Clause(start, end, PRONOUN_SUBJECTS[low], i, _first_verbal(utt, i + 1, end), False)
    if low in POSSESSIVE_SUBJECTS or low in NP_OPENERS or utt.doc[i].tag_ in ("NN", "NNS", "NNP", "CD") or (
            not utt.doc[i].tag_ and utt.doc[i].is_alpha and not base_verb(utt, i)):
        v = _first_verbal(utt, i + 1, min(end, i + 9))
        # Inside a noun phrase a verb-like word is a noun when a verb follows it ("your lab groups
        # sat", "the test results came") or when it stands right after the determiner ("the plan is").
        while v >= 0 and v + 1 < end and utt.doc[v].pos_ == "VERB" and (
                utt.doc[v].tag_ == "VBZ" or (v == i + 1 and utt.doc[v].tag_ in ("VB", "VBP"))) and (
                is_verbal(utt, v + 1) and utt.low[v + 1] not in ("to",)):
            v = _first_verbal(utt, v + 1, min(end, v + 6))
        if v >= 0 and _possessive_s(utt, v, end):
            v = _first_verbal(utt, v + 2, min(end, v + 7))  # "Maria's group finished early": the verb after
        if v >= 0 and is_finite(utt, v):
            kind = POSSESSIVE_SUBJECTS.get(low, "np")
            return Clause(start, end, kind, i, v, False)
    if utt.doc[i].tag_ == "VBG" or (low.endswith("ing") and not utt.doc[i].tag_):
        v = _first_verbal(utt, i + 1, min(end, i + 9))
        if v >= 0 and utt.doc[v].pos_ == "AUX":
            return Clause(start, end, "gerund", i, v, False)
    if base_verb(utt, i) and _imperative_shape(utt, i, end):
        return Clause(start, end, "none", -1, i, True)
    return Clause(start, end, "none", -1, _first_verbal(utt, i, end), False)


def _possessive_s(utt: Context, k: int, end: int) -> bool:
    """Is the "'s" at k a possessive inside the subject ("Maria's group finished", "Mr. Lee's class
    uses"), not 'is'/'has'? It is when a word that is no verb follows it and a finite verb comes
    after that word ("Maria's tired", "Maria's late" and "Maria's coming" keep their 'is')."""
    if utt.low[k] != "'s" or k + 2 >= end:
        return False
    nxt = utt.doc[k + 1]
    if not nxt.is_alpha or nxt.tag_ in ("RB", "DT", "IN", "JJ", "PRP", "MD", "VBG", "VBN", "VBD", "TO") or \
            nxt.pos_ == "AUX" or (is_verbal(utt, k + 1) and nxt.pos_ != "VERB") or utt.low[k + 1].endswith("ing"):
        return False
    v = _first_verbal(utt, k + 2, min(end, k + 6))
    return v >= 0 and is_finite(utt, v)


def _verb_follows(utt: Context, i: int, end: int, window: int) -> bool:
    for k in range(i, min(end, i + window)):
        if is_verbal(utt, k):
            return True
        if utt.doc[k].tag_ not in ("RB", "") or utt.doc[k].is_punct:
            return False
    return False


def _first_verbal(utt: Context, i: int, end: int) -> int:
    for k in range(i, end):
        if is_verbal(utt, k):
            return k
    return -1


def _imperative_shape(utt: Context, i: int, end: int) -> bool:
    """A base verb at the head of a clause reads as an instruction unless what follows makes it a
    noun ('Work is piling up', 'Plans change') or the clause is an inverted question ('Do they
    know...')."""
    nxt = i + 1
    if nxt < end:
        tok = utt.doc[nxt]
        # A finite auxiliary after the verb makes it a noun or a question; "having", "being" are
        # not finite ("Try having me watch the start" is try + gerund, an instruction).
        if tok.pos_ == "AUX" and utt.low[nxt] not in ("be",) and not utt.low[nxt].endswith("ing") \
                or utt.low[nxt] in ("'s", "s"):
            return utt.low[i] == "let"
    low = utt.low[i]
    if low in ("do", "does", "did", "have", "has", "be") and nxt < end:
        # "Do the kids know...?" inverts; "Do what you think they need." instructs.
        if utt.low[nxt] in SUBJECT_PRONOUNS and utt.low[nxt] not in ("that", "this", "it", "what"):
            return False
        for k in range(nxt + 1, min(end, nxt + 5)):
            if utt.doc[k].tag_ == "VB" or (low == "have" and utt.doc[k].tag_ == "VBN"):
                return low == "have" and utt.low[nxt] in ("them", "him", "her", "each", "everyone", "students")
    return True


def imperative_head(utt: Context, start: int, end: int) -> int:
    """Index of the verb of an imperative clause that starts at `start` (softeners skipped), or -1."""
    i = start
    while i < end and utt.low[i] in IMPERATIVE_LEAD:
        i += 1
    if i >= end or not base_verb(utt, i) or not _imperative_shape(utt, i, end):
        return -1
    if i > 0 and utt.low[i - 1] in ("to", "i", "you", "we", "they", "will", "would", "can", "could", "should"):
        return -1
    return i


def is_fragment(utt: Context, start: int, end: int) -> bool:
    """No clause: 'Tired.', 'Drained.', 'More time with each section.', 'The portfolio review.'
    (no auxiliary, no finite verb after a subject, no imperative)."""
    if start >= end:
        return False
    for k in range(start, end):
        tok = utt.doc[k]
        if utt.quoted and utt.in_quote(tok.idx, tok.idx + len(tok.text)):
            continue  # her words quoted inside the fragment ("One sentence and 'I'm done.'")
        if tok.pos_ == "AUX" or tok.tag_ in ("MD", "VBZ", "VBP"):
            return False
    c = read_clause(utt, start, end)
    return c.subj == "none" and not c.imperative


# --- stems for overlap ---------------------------------------------------------------------------

_SUFFIXES = word_list("syntax.suffixes")


def stem(utt: Context, word: str) -> str:
    """A crude stem: the grammar's lemma for verbs, a synonym group's head, else suffixes stripped
    ('bossiness', 'bossiest' -> 'boss'; 'spelling' -> 'spell')."""
    return stem_word(utt.grammar, word)


def stem_word(grammar: Grammar, word: str) -> str:
    """`stem` with the grammar tables given (for callers without an utterance context)."""
    low = word.lower().strip("'")
    lemma = grammar.lemmas.get(low, low)
    syn = grammar.synonyms.get(lemma) or grammar.synonyms.get(low)
    if syn is not None:
        return syn
    base = lemma
    if base == low:
        for suf in _SUFFIXES:
            if base.endswith(suf) and len(base) - len(suf) >= 3:
                base = base[: -len(suf)]
                break
    base = base.rstrip("e") if len(base) > 4 else base
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiou":
        base = base[:-1]  # 'stopp' -> 'stop'
    if base.endswith(("i", "y")) and len(base) > 3:
        base = base[:-1]
    return grammar.synonyms.get(base, base)


GENERIC_VERBS = word_set("overlap.generic_verbs")


def content_word_stem(grammar: Grammar, low: str) -> str | None:
    """The stem of a lowercase word when it is a content word (what overlap with her line counts),
    else None: short words, closed-class and discourse words, 'you'-forms, clitics, generic verbs."""
    if len(low) < 3 or low in grammar.closed_class or low in DISCOURSE or low in SECOND_PERSON or low.startswith("'"):
        return None
    if grammar.lemmas.get(low, low) in GENERIC_VERBS:
        return None
    return stem_word(grammar, low)


# The teacher's first person becomes the coach's second person in an echo.
SHIFT = word_map("syntax.shift")


def is_echo(utt: Context, start: int, end: int) -> bool:
    """Her words said back verbatim, or with the person shifted ('I guess.' -> 'You guess.'),
    discourse words aside ('25, okay.' after 'Mm, 25.')."""
    if utt.prev_doc is None:
        return False
    mine = [w for w in utt.low[start:end] if (w[:1].isalnum() or w.startswith("'")) and w not in DISCOURSE]
    if not mine or len(mine) > 8:
        return False
    prev = utt.cache.get("echo_prev")  # the teacher's words, read once per utterance
    if prev is None:
        prev = utt.cache["echo_prev"] = [SHIFT.get(t.lower_, t.lower_) for t in utt.prev_doc
                                         if t.text[:1].isalnum() or t.text.startswith("'")]
    n = len(mine)
    if n == 1 and mine[0] in utt.grammar.closed_class:
        return False
    first = mine[0]
    return any(prev[k] == first and prev[k : k + n] == mine for k in range(len(prev) - n + 1))
