"""Rewrites of the coach's own sentence: advice, leading, closed, why and judgment moves become open,
tentative questions built from the coach's verb phrase and object; a yes-but keeps its
acknowledgement with 'and'; an over-hedged sentence keeps one hedge.

Works on the analysed spaCy Doc (`get_analyzer().doc(text)`): tokens, sentence boundaries, and the
POS/TAG the rule-based tagger gives closed-class words and common verbs. It never walks a dependency
tree. Where no safe rewrite exists it returns a template suggestion that starts with "Template: ",
never a broken sentence. This module does not import spaCy at import time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Sequence

from ..model.moves import load_moves
from ..nlp import lexicon_words, word_list, word_map, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..model.analysis import Analysis, Move

TEMPLATE_PREFIX = "Template: "

# A new thing put forward as the fix ("A visual timer would help"): the advice detector's words.
PROPOSAL_DETERMINERS = word_set("advice.proposal_determiners")
QUANTITY_NOUNS = word_set("advice.quantity_nouns")
FIX_VERBS = word_set("advice.fix_verbs")

# --- word lists (lowercase). Closed classes, plus the verbs coaches use most in advice. -------------

DISCOURSE = word_set("rewrites.discourse")
FILLER_ADVERBS = word_set("rewrites.filler_adverbs")
PRONOUN_OBJECT = word_map("rewrites.pronoun_object")
DETERMINERS = word_set("rewrites.determiners")
SUBJECT_PRONOUNS = word_set("rewrites.subject_pronouns")
AUX_PRESENT = word_set("rewrites.aux_present")
AUX_PAST = word_set("rewrites.aux_past")
MODALS = word_set("rewrites.modals")
ALL_AUX = AUX_PRESENT | AUX_PAST | MODALS | word_set("rewrites.all_aux_extra")
PREPOSITIONS = word_set("rewrites.prepositions")
PARTICLES = word_set("rewrites.particles")
BOUNDARY_ADVERBS = word_set("rewrites.boundary_adverbs")
MENTAL_VERBS = word_set("rewrites.mental_verbs")
TAG_ENDINGS = [tuple(p.split()) for p in word_list("rewrites.tag_endings")]

#: Verbs of liking, knowing and wanting: "You must like that statue" is not a plan to try.
STATIVE_VERBS = word_set("rewrites.stative_verbs")

#: Base-form verbs for imperatives (the tagger's list is checked too, via tag VB).
#: Past tense and participle forms -> base form (the tagger gives no lemmas for these).
PAST_TO_BASE = word_map("rewrites.past_to_base")
#: Gerund -> base, for "have you considered moving ..." style objects we keep as they are (no change).
LEADING_TRY = word_set("rewrites.leading_try")
LEADING_CONSIDER = word_set("rewrites.leading_consider")
LEADING_PREP_VERBS = frozenset(tuple(p.split()) for p in word_list("rewrites.leading_prep_verbs"))
POSITIVE_EVAL = word_set("rewrites.positive_eval")
NEGATIVE_EVAL = word_set("rewrites.negative_eval")
FUTURE_NEG = [tuple(p.split()) for p in word_list("rewrites.future_neg")]


#: Words a finished clause does not end with; an output ending in one is refused.
DANGLING = word_set("rewrites.dangling")


_REPEAT = re.compile(r"\b(\w+)-\1\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _base_verbs() -> frozenset[str]:
    """Base-form verbs for imperatives: the instruction verbs of lexicons/advice_verbs.yml and the
    rest wordsets.yml lists for rewrites."""
    return lexicon_words("ADVICE_VERB") | word_set("rewrites.base_verbs")


def _sound(out: str) -> bool:
    """A last check on an assembled rewrite: plain spacing and punctuation, no dangling function word."""
    if "  " in out or " ," in out or " ?" in out or " ." in out or ",," in out or "??" in out:
        return False
    # Speech disfluencies ("it-- was it", "that-that", "me- tell me") make no clean sentence.
    if "--" in out or "—" in out or " -" in out or "- " in out or "-?" in out or "-." in out:
        return False
    if _REPEAT.search(out):
        return False
    if not out.endswith(("?", ".")):
        return False
    last = out.rstrip("?.").split(" ")[-1].lower().strip(",")
    if last in DANGLING or last.endswith(("'s", "n't")) and last not in {"isn't", "wasn't", "can't"}:
        return False
    return "," not in out.split(" ")[-1][:-1]


class _W:
    """A lightweight view of a token: its text, lowercase form, trailing space and tag."""

    __slots__ = ("text", "lower", "ws", "tag", "pos")

    def __init__(self, text: str, ws: str, tag: str = "", pos: str = "") -> None:
        self.text = text
        self.lower = text.lower()
        self.ws = ws
        self.tag = tag
        self.pos = pos

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return self.text


def _join(words: Sequence[_W]) -> str:
    out = "".join(w.text + w.ws for w in words).strip()
    return out


def _frag(words: Sequence[_W], object_case: bool = False) -> str:
    """Words as a fragment inside a new sentence: first word lowercased if it is a closed-class word."""
    if not words:
        return ""
    first = words[0]
    text = first.text
    if first.lower in PRONOUN_OBJECT and object_case:
        text = PRONOUN_OBJECT[first.lower]
    elif (first.lower in DETERMINERS or first.lower in SUBJECT_PRONOUNS or first.lower in FILLER_ADVERBS
          or first.lower in PRONOUN_OBJECT.values()) and first.lower != "i":
        text = first.lower
    rest = _join(words[1:])
    return (text + first.ws + rest).strip() if rest else text


def _sentence(doc: Doc, span: tuple[int, int] | None) -> Span:
    try:
        sents = list(doc.sents)
    except ValueError:
        sents = [doc[:]]
    if not sents:
        return doc[:]
    if span is None:
        # The first sentence that is not a bare discourse marker ("Okay.", "Right.").
        for s in sents:
            if sum(1 for t in s if not t.is_punct and t.lower_ not in DISCOURSE) >= 2:
                return s
        return sents[0]
    start = span[0]
    for s in sents:
        if s.start_char <= start < s.end_char:
            return s
    return sents[0]


def _words(sent: Span | Doc | Sequence[Token]) -> list[_W]:
    """Token views; words joined by an in-word hyphen ("warm-up", "turn-and-talk") become one word."""
    toks = list(sent)
    out: list[_W] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (out and t.text == "-" and not out[-1].ws and not t.whitespace_ and i + 1 < len(toks)
                and toks[i + 1].text[:1].isalnum()):
            prev = out.pop()
            nxt = toks[i + 1]
            out.append(_W(prev.text + "-" + nxt.text, nxt.whitespace_, "", ""))
            i += 2
            continue
        out.append(_W(t.text, t.whitespace_, t.tag_, t.pos_))
        i += 1
    return out


def _restart(sent: Span, span: tuple[int, int] | None) -> list[_W]:
    """Speech restarts ("It sounds-- That sounds good."): keep the part with the move, or the last part.

    A part that still holds a cut-off word ("to-- I am", "it-") is refused later by `_sound`.
    """
    def is_cut(t: Token) -> bool:
        return t.text in {"--", "—", "–", "..."} or t.text.endswith(("--", "—"))

    if not any(is_cut(t) for t in sent):
        return _words(sent)
    parts: list[list[Token]] = [[]]
    for t in sent:
        if t.text in {"--", "—", "–", "..."}:
            parts.append([])
        elif is_cut(t):
            parts[-1].append(t)  # "sounds--": the word was cut off; its part is refused below
            parts.append([])
        else:
            parts[-1].append(t)
    parts = [p for p in parts if any(not t.is_punct for t in p)]
    if not parts:
        return []
    chosen = parts[-1]
    if span is not None:
        for p in parts:
            if p[0].idx <= span[0] < p[-1].idx + len(p[-1].text):
                chosen = p
                break
    if any(t.text.endswith("-") and len(t.text) > 1 for t in chosen):
        return []
    return _words(chosen)


def _clean(words: list[_W]) -> tuple[list[_W], str]:
    """Strip leading discourse markers and fillers and trailing punctuation/tags; return (words, end mark)."""
    end = ""
    while words and (words[-1].text in {".", "?", "!", "…", "...", ",", ";", ":", "-", "--"}):
        if words[-1].text in {"?", ".", "!"} and not end:
            end = words[-1].text
        words = words[:-1]
    # A tag at the end: ", right", ", don't you think"
    for tag in sorted(TAG_ENDINGS, key=len, reverse=True):
        n = len(tag)
        if len(words) > n + 1 and tuple(w.lower for w in words[-n:]) == tag and words[-n - 1].text == ",":
            words = words[: -n - 1]
            end = end or "?"
            break
    while words and words[-1].text in {",", ";", ":", "-", "--"}:
        words = words[:-1]
    changed = True
    while changed and words:
        changed = False
        if words[0].lower in DISCOURSE | {"just", "maybe", "perhaps", "honestly", "personally", "frankly"} \
                or words[0].text in {",", "-", "--", "—", "..."}:
            # "So," / "Okay," but never strip "look at"/"see if" when they start a verb phrase.
            if words[0].lower in {"look", "see", "listen"} and len(words) > 1 and words[1].text != ",":
                break
            if words[0].lower == "right" and len(words) > 1 and words[1].text != ",":
                break
            words = words[1:]
            changed = True
        elif _starts(words, ("i", "think")) or _starts(words, ("i", "feel", "like")) or _starts(
                words, ("i", "guess")) or _starts(words, ("to", "be", "honest")) or _starts(
                words, ("if", "i", "were", "you")) or _starts(words, ("in", "my", "opinion")) or _starts(
                words, ("i", "mean")):
            n = 3 if words[1].lower == "feel" else 2
            if words[0].lower == "to" or words[0].lower == "in":
                n = 3
            if words[0].lower == "if":
                n = 4
            words = words[n:]
            if words and words[0].lower == "that":
                words = words[1:]
            changed = True
    return words, end


def _starts(words: Sequence[_W], seq: Sequence[str]) -> bool:
    return len(words) >= len(seq) and all(w.lower == s for w, s in zip(words, seq))


def _is_base_verb(w: _W) -> bool:
    if w.lower in _base_verbs() or w.tag == "VB":
        return True
    head, _, tail = w.lower.partition("-")
    return head in {"pre", "re", "co"} and tail in _base_verbs()  # "pre-teach", "re-group", "co-plan"


def _vp_ok(vp: Sequence[_W]) -> bool:
    """A verb phrase we can put after 'to': starts with a base verb, and is plain words."""
    if not vp or not _is_base_verb(vp[0]) or vp[0].lower in STATIVE_VERBS:
        return False
    if any(w.text in {"?", "!", ";", ":", ",", '"', "“", "”", "(", ")"} for w in vp):
        return False
    if vp[-1].lower in DANGLING:
        return False
    return len(vp) <= 25


def _strip_fillers(words: list[_W]) -> list[_W]:
    while words and words[0].lower in FILLER_ADVERBS and words[0].lower != "please":
        words = words[1:]
    while words and words[0].lower == "please":
        words = words[1:]
    return words


def _drop_at_all(words: list[_W]) -> list[_W]:
    """'... at all about X' -> '... about X' (it only makes sense in a yes/no question)."""
    for i in range(len(words) - 1):
        if words[i].lower == "at" and words[i + 1].lower == "all":
            return words[:i] + words[i + 2:]
    return words


def _first_clause(vp: list[_W]) -> list[_W]:
    """'try the lozenge, that would be another option' -> 'try the lozenge' (a new clause after a comma)."""
    for i, w in enumerate(vp):
        if w.text == "," and i >= 2 and i + 1 < len(vp) and (
                vp[i + 1].lower in SUBJECT_PRONOUNS | {"and", "but", "so", "or", "which", "because"}):
            return vp[:i]
    return vp


def _vp_question(vp: Sequence[_W], tail: str = "") -> str:
    first = vp[0]
    head = first.lower if _is_base_verb(first) else first.text
    rest = _join(vp[1:])
    body = (head + first.ws + rest).strip() if rest else head
    return f"What might it look like to {body}{tail}?"


def _np_question(np: Sequence[_W]) -> str:
    return f"How might {_frag(np)} work in your classroom?"


def _noun_phrase(words: Sequence[_W]) -> list[_W]:
    """A noun phrase at the start of `words`: up to a preposition, conjunction, or boundary adverb."""
    out: list[_W] = []
    for i, w in enumerate(words):
        if w.text in {",", ".", "?", "!", ";", ":"}:
            break
        if i > 0 and (w.lower in PREPOSITIONS or w.lower in {"and", "or", "but", "because", "when", "if",
                                                              "so", "since", "while", "that", "which",
                                                              "who"} or w.lower in BOUNDARY_ADVERBS):
            break
        if i > 0 and (w.lower in ALL_AUX or w.lower in PAST_TO_BASE or w.tag in {"VBD", "VBN"}
                      or (w.pos == "" and w.lower.endswith("ed") and len(w.lower) > 4)):
            break
        out.append(w)
    return out


def _looks_np(words: Sequence[_W]) -> bool:
    """True if `words` start like a noun phrase (determiner, possessive, noun) rather than a clause."""
    if not words:
        return False
    w = words[0]
    if w.lower in DETERMINERS or w.lower in {"them", "him", "her", "it", "me", "us"}:
        return True
    if w.pos in {"NOUN", "PROPN"}:
        return True
    return w.pos == "" and w.tag == "" and w.lower.isalpha() and w.lower not in ALL_AUX and \
        w.lower not in PREPOSITIONS and w.lower not in _base_verbs() and w.lower not in FILLER_ADVERBS


def _subject(words: Sequence[_W]) -> tuple[list[_W], list[_W]]:
    """Split a clause into (subject, rest): the subject runs up to the first auxiliary or verb."""
    if not words:
        return [], []
    if words[0].lower in SUBJECT_PRONOUNS - {"this", "that", "these", "those"} or (
            words[0].lower in {"this", "that", "these", "those"}
            and (len(words) == 1 or words[1].lower in ALL_AUX or words[1].pos in {"VERB", "AUX", "ADV", "PART"}
                 or words[1].lower in PAST_TO_BASE or words[1].lower in {"n't", "not", "went", "goes", "looks",
                                                                         "sounds", "seems", "worked", "works"})):
        return list(words[:1]), list(words[1:])
    subj: list[_W] = []
    for i, w in enumerate(words):
        if i > 0 and words[i - 1].lower in DETERMINERS and w.lower not in ALL_AUX and w.text.isalpha() \
                and len(subj) == i:
            subj.append(w)  # "your questioning", "the closing": a noun right after a determiner
            continue
        if i > 0 and w.lower not in ALL_AUX and w.pos in {"VERB"} and i + 1 < len(words) and \
                w.lower not in PAST_TO_BASE and w.tag not in {"VBD", "VBN"} and \
                words[i + 1].pos == "VERB" and words[i + 1].lower not in ALL_AUX and \
                words[i - 1].lower not in PRONOUN_OBJECT:
            # "the new schedule help": a noun that the tagger's verb list also holds
            subj.append(w)
            continue
        if i > 0 and (w.lower in ALL_AUX or w.lower in {"'s", "went", "goes", "go", "worked", "works",
                                                          "seemed", "seems", "looks", "looked", "felt",
                                                          "feels", "ran", "runs", "did", "n't", "not"}
                      or w.pos in {"VERB", "AUX"} or w.lower in PAST_TO_BASE):
            return subj, list(words[i:])
        if w.text in {",", "?", "."} or i >= 6:
            return [], list(words)
        subj.append(w)
    return [], list(words)


WH_AND_INDEFINITE = word_set("rewrites.wh_and_indefinite")
NUMBER_WORDS = word_set("rewrites.number_words")
NOT_ADJECTIVES = word_set("rewrites.not_adjectives")


def _adjective_predicate(words: Sequence[_W]) -> bool:
    """'hard', 'hard for you', 'frustrating to you': a lone adjective-like word (+ 'for/to you')."""
    ws = [x for x in words if x.text not in {"?", ".", "!"}]
    if not ws or len(ws) > 3:
        return False
    head = ws[0]
    if head.lower in NOT_ADJECTIVES or head.lower in NUMBER_WORDS or not head.lower.isalpha():
        return False
    if head.pos not in {"", "ADJ"} or head.tag == "CD" or head.lower in DETERMINERS or head.lower in ALL_AUX:
        return False
    tail = [x.lower for x in ws[1:]]
    return tail in ([], ["for", "you"], ["to", "you"])


def _clause_ok(words: Sequence[_W]) -> bool:
    return bool(words) and all(w.text not in {'"', "“", "”", ";", ":", ",", "-", "--", "—"} for w in words)


# --- per-move rewriting ----------------------------------------------------------------------------


def _proposal(w: list[_W]) -> str | None:
    """'A timer would really help you.' -> 'How might a timer help you?' (the shape A001:proposal finds)."""
    if len(w) < 4 or w[0].lower not in PROPOSAL_DETERMINERS or w[1].lower in QUANTITY_NOUNS:
        return None
    for k in range(1, min(len(w) - 1, 5)):
        if w[k].lower in {"would", "could", "might", "will", "'d", "'ll"}:
            rest = [x for x in w[k + 1:] if x.lower not in FILLER_ADVERBS]
            np = w[:k]
            if k < 2 or not rest or rest[0].lower not in FIX_VERBS:
                return None
            if not all(x.lower.replace("-", "").isalpha() for x in np + rest):
                return None
            return f"How might {_frag(np)} {_join(rest)}?"
    return None


def _advice(words: list[_W]) -> str | None:
    w = _strip_fillers(words)
    proposal = _proposal(w)
    if proposal:
        return proposal
    op: tuple[str, ...]
    # "you should/could/need to/have to/must/ought to/might want to ..." (+ fillers) VP
    openers: list[tuple[str, ...]] = [
        ("you", "might", "want", "to"), ("you", "may", "want", "to"), ("you", "'ll", "want", "to"),
        ("you", "will", "want", "to"), ("you", "want", "to"), ("you", "need", "to"), ("you", "have", "to"),
        ("you", "'ve", "got", "to"), ("you", "'ve", "got", "ta"), ("you", "got", "ta"), ("you", "got", "to"),
        ("you", "ought", "to"), ("you", "'d", "better"), ("you", "had", "better"), ("you", "should"),
        ("you", "could"), ("you", "must"), ("you", "can"), ("you", "'ll"), ("you", "will"), ("you", "may"),
        ("you", "might"),
        ("i", "would", "recommend", "that", "you"), ("i", "'d", "recommend", "that", "you"),
        ("i", "would", "suggest", "that", "you"), ("i", "'d", "suggest", "that", "you"),
        ("i", "recommend", "that", "you"), ("i", "suggest", "that", "you"), ("i", "recommend", "you"),
        ("i", "suggest", "you"), ("i", "would", "recommend", "you"), ("i", "'d", "recommend", "you"),
        ("i", "would", "suggest", "you"), ("i", "'d", "suggest", "you"),
        ("i", "would", "probably"), ("i", "'d", "probably"), ("i", "would", "just"), ("i", "'d", "just"),
        ("i", "would"), ("i", "'d"),
        ("it", "'s", "important", "to"), ("it", "is", "important", "to"), ("it", "'s", "best", "to"),
        ("it", "is", "best", "to"), ("it", "'s", "a", "good", "idea", "to"), ("it", "is", "a", "good", "idea", "to"),
        ("it", "would", "be", "good", "to"), ("it", "'d", "be", "good", "to"), ("the", "best", "way", "is", "to"),
        ("the", "key", "is", "to"), ("my", "advice", "is", "to"), ("my", "suggestion", "is", "to"),
        ("the", "best", "thing", "is", "to"), ("what", "you", "should", "do", "is"),
        ("what", "you", "need", "to", "do", "is"), ("all", "you", "need", "to", "do", "is"),
        ("what", "i", "would", "do", "is"), ("what", "i", "'d", "do", "is"), ("make", "sure", "to"), ("make", "sure", "you"), ("be", "sure", "to"),
        ("remember", "to"), ("do", "n't", "forget", "to"), ("why", "do", "n't", "you"), ("why", "not"),
        ("what", "if", "you", "just"), ("what", "if", "you"), ("how", "about", "you"),
        ("have", "you", "thought", "about", "trying", "to"), ("let", "'s"), ("we", "should"),
        ("could", "n't", "you", "just"), ("could", "n't", "you"), ("should", "n't", "you"), ("ca", "n't", "you"),
        ("wo", "n't", "you"), ("why", "wo", "n't", "you"), ("could", "you", "just"), ("could", "you", "maybe"),
        ("can", "you", "just"), ("could", "you"), ("can", "you"), ("should", "you"),
        ("we", "could"), ("we", "need", "to"),
    ]
    for op in sorted(openers, key=len, reverse=True):
        if _starts(w, op):
            rest = _strip_fillers(list(w[len(op):]))
            if op[-1] in {"you", "if"} or op[:2] in {("what", "if")}:
                # "what if you tried X": past tense back to base
                if rest and rest[0].lower in PAST_TO_BASE:
                    base = PAST_TO_BASE[rest[0].lower]
                    rest = [_W(base, rest[0].ws, "VB", "VERB")] + rest[1:]
            if op[:2] == ("i", "would") or op[:2] == ("i", "'d"):
                if rest and rest[0].lower in {"like", "love", "be", "say", "think", "guess", "imagine",
                                              "wonder", "recommend", "suggest", "have"}:
                    break
            rest = _first_clause(rest)
            if _vp_ok(rest):
                return _vp_question(rest)
            break
    # "I recommend/suggest NP" -> NP
    for op in (("i", "recommend"), ("i", "suggest"), ("i", "would", "recommend"), ("i", "'d", "recommend"),
               ("i", "would", "suggest"), ("i", "'d", "suggest"), ("how", "about"), ("what", "about"),
               ("try", "using"), ("consider", "using")):
        if _starts(w, op):
            rest = list(w[len(op):])
            np = _noun_phrase(rest)
            if np and len(np) == len(rest) and _looks_np(np) and np[0].lower not in {"you", "that"}:
                return _np_question(np)
            break
    # Negative imperatives ("Don't let them...") have no safe positive rewrite.
    if not w or w[0].lower in {"never", "stop"} or (len(w) > 1 and w[1].lower in {"n't", "not"}):
        return None
    # Imperative: a base verb first.
    if w and _is_base_verb(w[0]) and w[0].lower not in {"be", "have", "do", "let", "think", "look", "go",
                                                         "come", "see", "stop", "keep"}:
        if _vp_ok(w):
            return _vp_question(w)
    if w and w[0].lower in {"look", "think", "keep", "go", "come"} and len(w) > 1 and \
            w[1].lower in PREPOSITIONS | PARTICLES | {"going", "trying", "using"}:
        if _vp_ok(w):
            return _vp_question(w)
    return None


class _NoMatch:
    """A rewrite rule's shape did not match (as opposed to matching with no safe rewrite: None)."""


NO_MATCH = _NoMatch()


def _leading(words: list[_W]) -> str | None:
    w = _strip_fillers(words)
    for shape in (_tried, _dont_you_think, _wouldnt_it_be):
        out = shape(w)
        if not isinstance(out, _NoMatch):
            return out
    # "Shouldn't/Couldn't/Can't/Could/Can/Why don't you VP", "What if you VP", "What about NP", an
    # imperative: the suggestion itself, rewritten as advice is.
    return _advice(w)


def _tried(w: list[_W]) -> str | None | _NoMatch:
    """'Have/Did you (ever/already) tried/considered/thought about X?'"""
    # "Have/Did you (ever/already) tried/considered/thought about X?"
    for aux in ("have", "did", "'ve"):
        if _starts(w, (aux, "you")):
            i = 2
            while i < len(w) and w[i].lower in {"ever", "already", "maybe", "just", "even", "also", "considered"} \
                    and not (w[i].lower == "considered" and i == 2):
                i += 1
            if i >= len(w):
                return None
            verb = w[i].lower
            rest = list(w[i + 1:])
            if i + 1 < len(w) and (verb, w[i + 1].lower) in LEADING_PREP_VERBS:
                rest = list(w[i + 2:])
                verb = "consider"
            if rest and rest[0].lower == "to":
                vp = rest[1:]
                return _vp_question(vp) if _vp_ok(vp) else None
            if not rest or not _clause_ok(rest) or rest[0].lower in {"that", "if", "whether", "how", "what"}:
                return None
            if rest[0].lower in {"about", "with", "on"} or any(x.text == "," for x in rest):
                return None
            if len(rest) > 8:
                np = _noun_phrase(rest)
                if not np or len(np) > 6 or rest[len(np)].lower not in {"and", "or"} | PREPOSITIONS:
                    return None
                rest = np
            if verb in LEADING_TRY:
                np = _noun_phrase(rest)
                if np and len(np) < len(rest) and rest[len(np)].lower == "with":
                    rest = np  # "a seating chart with that class": keep the object only
                return f"What have you tried so far with {_frag(rest, object_case=True)}?"
            if verb in LEADING_CONSIDER or verb == "consider":
                return f"How might {_frag(rest, object_case=True)} fit with what you're already doing?"
            return None
    return NO_MATCH


def _dont_you_think(w: list[_W]) -> str | None | _NoMatch:
    """'Don't you think / Wouldn't you agree / Do you not think (that) CLAUSE'"""
    op: tuple[str, ...]
    # "Don't you think / Wouldn't you agree / Do you not think (that) CLAUSE"
    for op in (("do", "n't", "you", "think"), ("do", "you", "not", "think"), ("would", "n't", "you", "agree"),
               ("do", "n't", "you", "feel", "like"), ("do", "n't", "you", "feel"),
               ("is", "n't", "it", "true"), ("do", "you", "think", "maybe"), ("do", "you", "think")):
        if _starts(w, op):
            clause = list(w[len(op):])
            if len(clause) > 2 and clause[0].lower == "that" and clause[1].lower not in ALL_AUX | {"n't", "not"}:
                clause = clause[1:]
            if clause and clause[0].lower == "you":
                return _advice(clause)
            subj, rest = _subject(clause)
            if not (subj and rest and _clause_ok(subj) and len(subj) <= 5):
                return None
            if rest[0].lower in {"would", "could", "might", "will", "can", "'d", "'ll"}:
                vp = _strip_fillers(rest[1:])
                if _vp_ok(vp):
                    return f"How might {_frag(subj)} {_frag(vp)}?"  # "a rubric would help" -> "How might a rubric help?"
            if subj[0].lower in {"a", "an", "some", "any"}:
                return None  # the coach's own idea, not something the teacher has seen
            return f"What are you noticing about {_frag(subj, object_case=True)}?"
    return NO_MATCH


def _wouldnt_it_be(w: list[_W]) -> str | None | _NoMatch:
    """'Wouldn't it be better/easier/a good idea to VP' / 'if you VP-ed'"""
    op: tuple[str, ...]
    # "Wouldn't it be better/easier/a good idea to VP" / "if you VP-ed"
    for op in (("would", "n't", "it", "be"), ("would", "it", "be"), ("would", "n't", "it", "make", "sense"),
               ("is", "n't", "it", "better"), ("would", "it", "make", "sense"), ("would", "n't", "it", "help"),
               ("would", "it", "help"), ("would", "n't", "it", "work"), ("would", "n't", "it", "make")):
        if _starts(w, op):
            rest = list(w[len(op):])
            j = 0
            while j < len(rest) and rest[j].lower not in {"to", "if"}:
                j += 1
            if j < len(rest) and rest[j].lower == "to":
                vp = _strip_fillers(rest[j + 1:])
                return _vp_question(vp) if _vp_ok(vp) else None
            if j < len(rest) and rest[j].lower == "if" and j + 1 < len(rest) and rest[j + 1].lower == "you":
                vp = _strip_fillers(rest[j + 2:])
                if vp and vp[0].lower in PAST_TO_BASE:
                    vp = [_W(PAST_TO_BASE[vp[0].lower], vp[0].ws, "VB", "VERB")] + vp[1:]
                return _vp_question(vp) if _vp_ok(vp) else None
            return None
    return NO_MATCH


GO_EVAL = word_set("rewrites.go_eval")


def _how_did_it_go(w: list[_W]) -> str | None:
    """'Did the lesson go well?' -> 'How did the lesson go?'; 'Do you think it went okay?' -> 'How do you
    think it went?'; 'Did you feel good about it?' -> 'How did you feel about it?'."""
    low = [x.lower for x in w]
    for op, lead in ((("do", "you", "think"), "How do you think"), (("did", "you", "think"), "How did you think")):
        if _starts(w, op):
            subj, rest = _subject(list(w[3:]))
            if subj and len(rest) >= 1 and rest[0].lower in {"went", "goes"} and \
                    all(x.lower in GO_EVAL | FILLER_ADVERBS | {"so", "pretty", "as", "planned"} for x in rest[1:]):
                if any(x.lower in DETERMINERS | SUBJECT_PRONOUNS for x in subj[1:]) or len(subj) > 4:
                    return None
                return f"{lead} {_frag(subj)} {rest[0].lower}?"
            return None
    if low[0] in {"did", "does", "do"} and len(w) > 2:
        if w[1].lower == "you" and low[2] == "feel" and "about" in low[3:]:
            j = low.index("about", 3)
            obj = w[j + 1:]
            if obj and _clause_ok(obj) and len(obj) <= 6 and all(x.lower in GO_EVAL | FILLER_ADVERBS | {"so", "pretty"}
                                                                  for x in w[3:j]):
                return f"How {low[0]} you feel about {_frag(obj, object_case=True)}?"
            return None
        subj, rest = _subject(list(w[1:]))
        if subj and rest and rest[0].lower == "go" and len(subj) <= 4 and \
                all(x.lower in GO_EVAL | FILLER_ADVERBS | {"so", "pretty", "as", "planned"} for x in rest[1:]) and \
                not any(x.lower in DETERMINERS | SUBJECT_PRONOUNS for x in subj[1:]):
            return f"How {low[0]} {_frag(subj)} go?"
    return None


# "Is that working?", "Was it going okay?": progress verbs that take "How" in front.
PROGRESS_VERBS = word_set("rewrites.progress_verbs")
HOW_ANSWERS = word_set("rewrites.how_answers")


INDEFINITES = word_map("rewrites.indefinites")
SUBJECT_INVERSION = word_map("rewrites.subject_inversion")


def _is_there_anyone(w: list[_W]) -> str | None:
    """'Is there anyone else who can help with childcare?' -> 'Who else can help with childcare?';
    'Is there anything else on your mind?' -> 'What else is on your mind?'"""
    if len(w) < 4 or w[0].lower not in {"is", "was"} or w[1].lower != "there" or w[2].lower not in INDEFINITES:
        return None
    wh = INDEFINITES[w[2].lower]
    k = 3
    wh_words = [wh]
    if k < len(w) and w[k].lower == "else":
        wh_words.append("else")
        k += 1
    if k < len(w) and w[k].lower in {"that", "who", "which"}:
        k += 1
    rest = w[k:]
    if len(rest) < 2 or not all(x.lower.replace("-", "").replace("'", "").isalpha() for x in rest):
        return None
    head = " ".join(wh_words)
    first = rest[0].lower
    if rest[-1].lower in DANGLING:
        return None
    if first in MODALS and first not in {"'d", "'ll"} and _is_base_verb(rest[1]):
        return f"{head} {first} {_join(rest[1:])}?"  # subject relative: "(someone who) can help"
    if first in PAST_TO_BASE or rest[0].tag in {"VBD", "VBZ"} or (
            rest[0].pos == "" and first.endswith("ed") and len(first) > 4):
        return f"{head} {_join(rest)}?"  # "(anything that) surprised you"
    if first in {"you", "we", "they"} and len(rest) >= 2:
        verb = rest[1].lower
        if verb in SUBJECT_INVERSION and len(rest) >= 3 and (_is_base_verb(rest[2]) or rest[2].lower in MENTAL_VERBS):
            return f"{head} {SUBJECT_INVERSION[verb]} {first} {_join(rest[2:])}?"
        if verb in PAST_TO_BASE:
            return f"{head} did {first} {' '.join([PAST_TO_BASE[verb], _join(rest[2:])]).strip()}?"
        if _is_base_verb(rest[1]) or verb in MENTAL_VERBS:
            return f"{head} do {first} {_join(rest[1:])}?"
    return None


def _closed(words: list[_W]) -> str | None:
    w = _strip_fillers(words)
    if not w or " or " in " " + " ".join(x.lower for x in w) + " ":
        return None
    went = _how_did_it_go(w)
    if went:
        return went
    anyone = _is_there_anyone(w)
    if anyone:
        return anyone
    first = w[0].lower
    if first not in ALL_AUX or len(w) < 2:
        return None
    if w[1].lower in {"n't", "not"}:
        return None
    aux = first
    past = aux in {"did", "was", "were", "had"}
    adj_pred = _adjective_predicate(list(w[2:]))
    if w[1].lower in SUBJECT_PRONOUNS - {"this", "that", "these", "those"} or (
            w[1].lower in {"this", "that"} and (adj_pred or len(w) == 2 or w[2].lower in ALL_AUX)):
        subj, rest = [w[1]], list(w[2:])
    else:
        subj, rest = _subject(list(w[1:]))
    if not subj and aux in AUX_PRESENT | AUX_PAST and len(w) > 2 and w[1].lower in DETERMINERS:
        np = _noun_phrase(list(w[1:]))  # "Was the lesson too long?": the lesson | too long
        if 2 <= len(np) < len(w) - 1:
            subj, rest = np, list(w[1 + len(np):])
    if not subj:
        return None
    s0 = subj[0].lower
    if s0 == "there" or s0 == "i" or s0 == "we":
        if s0 == "we" and aux in MODALS and rest and _vp_ok(_strip_fillers(rest)):
            return f"How might we {_frag(_strip_fillers(rest))}?"
        return None
    if s0 == "you" and len(subj) == 1:
        return _closed_you(aux, past, _strip_fillers(rest))
    return _closed_topic(aux, past, s0, subj, rest)


def _closed_you(aux: str, past: bool, rest: list[_W]) -> str | None:
    """'Did you try...?', 'Have you...?', 'Are you going to...?', 'Could you...?' about the teacher."""
    if not rest:
        return None
    if aux in {"do", "does", "did"}:
        verb = rest[0].lower
        obj = rest[1:]
        if verb in ("think", "believe") and len(obj) >= 2 and (
                obj[0].lower in SUBJECT_PRONOUNS - {"you"} or obj[0].lower in DETERMINERS) and _clause_ok(obj) \
                and any(x.lower in ALL_AUX or x.lower in PAST_TO_BASE or x.tag in {"VBD", "VBZ", "VBP"}
                        or x.pos == "VERB" for x in obj[1:]):
            # "Do you think they understood?": ask for the evidence instead of the verdict.
            clause = _frag(obj[1:] if obj[0].lower == "that" and len(obj) > 2 and obj[1].lower in
                           SUBJECT_PRONOUNS | DETERMINERS else obj)
            if past:
                return f"What did you see that told you whether {clause}?"
            return f"What are you seeing that tells you whether {clause}?"
        if (verb in MENTAL_VERBS and verb != "have") or not _is_base_verb(rest[0]):
            return None
        # "Did you try any strategies (with them)?" -> "What strategies did you try (with them)?"
        if obj and obj[0].lower in {"any", "some", "a", "an"} and len(obj) > 1:
            np = _noun_phrase(obj[1:])
            tail = obj[1 + len(np):]
            tail = _drop_at_all(tail)
            if np and all(x.lower.replace('-', '').isalpha() for x in np) and (not tail or _clause_ok(tail)):
                tail_s = (" " + _join(tail)) if tail else ""
                return f"What {_join(np)} {aux} you {verb}{tail_s}?"
        if _vp_ok(rest) and verb != "have":
            return f"What {'was' if past else 'is'} it like to {_frag(rest)}?"
        return None
    if aux in {"have", "'ve", "has"}:
        verb = rest[0].lower
        base = PAST_TO_BASE.get(verb)
        obj = rest[1:]
        if base and obj and obj[0].lower in {"any", "some"} and len(obj) > 1:
            np = _noun_phrase(obj[1:])
            tail = obj[1 + len(np):]
            if np and all(x.lower.replace('-', '').isalpha() for x in np) and (not tail or _clause_ok(tail)):
                tail_s = (" " + _join(tail)) if tail else ""
                return f"What {_join(np)} have you {rest[0].text}{tail_s}?"
        if base and base not in MENTAL_VERBS:
            vp = [_W(base, rest[0].ws, "VB", "VERB")] + list(obj)
            if _vp_ok(vp):
                return f"What has it been like to {_frag(vp)}?"
        return None
    if aux in {"are", "were"}:
        if _starts(rest, ("going", "to")) or _starts(rest, ("planning", "to")) or _starts(rest, ("hoping", "to")):
            vp = _strip_fillers(rest[2:])
            if _vp_ok(vp):
                return f"How might you {_frag(vp)}?"
        return None
    if aux in MODALS:
        if _vp_ok(rest) and rest[0].lower not in MENTAL_VERBS:
            return f"How might you {_frag(rest)}?"
        return None
    return None


def _closed_topic(aux: str, past: bool, s0: str, subj: list[_W], rest: list[_W]) -> str | None:
    """'Was the lesson too long?', 'Is that working?': ask what the teacher notices about the topic."""
    if not _clause_ok(subj) or len(subj) > 5:
        return None
    if any(x.lower in PREPOSITIONS or x.lower in FILLER_ADVERBS or x.lower in BOUNDARY_ADVERBS
           or x.lower in SUBJECT_PRONOUNS or x.lower in WH_AND_INDEFINITE or x.lower in DETERMINERS
           or x.pos == "ADV" or x.text in {",", "-", "--"} for x in subj[1:]):
        return None  # "most of it", "health always": not a plain noun phrase
    if aux in MODALS:
        return None  # "Would that help?", "Would it be okay if...": asks for a decision, not an observation
    if s0 in {"it", "that", "this"} and len(subj) == 1:
        if aux in AUX_PRESENT | AUX_PAST and _adjective_predicate(rest):
            return f"What {'was' if past else 'is'} {s0} like for you?"
        if aux in AUX_PRESENT | AUX_PAST and rest and rest[0].lower in PROGRESS_VERBS:
            # "Is that working for you?" -> "How is that working for you?"
            vp = [x for x in rest if x.lower not in HOW_ANSWERS]
            if vp and _clause_ok(vp) and all(x.lower.replace("-", "").replace("'", "").isalpha() for x in vp):
                return f"How {'was' if past else 'is'} {s0} {_join(vp)}?"
        if s0 == "it" and aux in {"is", "was", "'s"} and rest and rest[0].lower in {"the", "their", "his", "her",
                                                                                      "your"}:
            # "Was it the seating?": a guess at the cause; ask what they notice about it instead.
            np = _noun_phrase(rest)
            if len(np) == len(rest) and 2 <= len(np) <= 4 and all(x.lower.isalpha() for x in np):
                topic = _frag(np)
                return f"What did you notice about {topic}?" if past else f"What are you noticing about {topic}?"
        if aux in {"do", "does"} or aux in AUX_PRESENT | AUX_PAST:
            return None  # "Does that sound right?", "Is that what you're saying?": a check, not a topic
    topic = _frag(subj, object_case=True)
    if aux in {"did", "was", "were"}:
        return f"What did you notice about {topic}?"
    if aux in {"do", "does"}:
        return f"What do you notice about {topic}?"
    if aux in {"have", "has", "had"}:
        return f"What have you noticed about {topic}?"
    return f"What are you noticing about {topic}?"


def _why(words: list[_W]) -> str | None:
    w = _strip_fillers(words)
    op: tuple[str, ...]
    if not w or w[0].lower != "why":
        return None
    if _starts(w, ("why", "do", "n't", "you")) or _starts(w, ("why", "not")) or _starts(w, ("why", "wo", "n't", "you")):
        return _advice(w)
    if len(w) < 3:
        return None
    for op in (("why", "do", "you", "think"), ("why", "would", "you", "say"), ("why", "do", "you", "feel")):
        if _starts(w, op):
            clause = list(w[len(op):])
            if clause and clause[0].lower == "that":
                clause = clause[1:]
            subj, rest = _subject(clause)
            if subj and rest and _clause_ok(clause) and "," not in [x.text for x in clause]:
                return f"What might be some reasons {_frag(clause)}?"
            return None
    aux = w[1].lower
    negated = len(w) > 2 and w[2].lower in {"n't", "not"}
    k = 3 if negated else 2
    if k < len(w) and w[k].lower == "you" and aux in {"did", "would", "do", "could"}:
        rest = _strip_fillers(list(w[k + 1:]))
        if len(rest) > 2 and rest[0].lower in {"decide", "choose", "plan", "opt", "want"} and rest[1].lower == "to":
            rest = _strip_fillers(rest[2:])  # "why did you decide to reteach it" -> "reteach it"
        if not rest or not _is_base_verb(rest[0]) and rest[0].lower not in MENTAL_VERBS:
            return None
        verb_end = 1
        while verb_end < len(rest) and rest[verb_end].lower in PARTICLES and verb_end < 2 and \
                not (verb_end + 1 < len(rest) and _looks_np(rest[verb_end + 1:]) and rest[verb_end].lower in PREPOSITIONS):
            verb_end += 1
        obj = rest[verb_end:]
        that_np = len(obj) > 1 and obj[0].lower == "that" and obj[1].lower not in ALL_AUX | SUBJECT_PRONOUNS
        if not negated and obj and _looks_np(obj) and (obj[0].lower not in {"so", "that"} | PARTICLES or that_np):
            np = _noun_phrase(obj)
            tail = obj[len(np):]
            adjunct = not tail or tail[0].lower in PREPOSITIONS | BOUNDARY_ADVERBS | {"so", "when", "before", "after"}
            if np and adjunct and _clause_ok(np) and np[0].lower not in {"them", "him", "her", "me", "us", "it"}:
                tense = "is" if aux == "do" else "was"
                return f"What {tense} your thinking about {_frag(np)}?"
        if obj and obj[0].lower == "that" and len(obj) == 1 and not negated:
            return f"What {'is' if aux == 'do' else 'was'} your thinking about that?"
        if not _vp_ok(rest) or not _clause_ok(rest):
            return None
        if aux == "do":
            return None if negated else f"What is your thinking about how you {_frag(rest)}?"
        neg = "not " if negated else ""
        return f"What was your thinking when you decided {neg}to {_frag(rest)}?"
    # "Why is/are/can't/would NP REST" -> "What might be some reasons NP AUX REST?"
    if aux in AUX_PRESENT | AUX_PAST | MODALS | {"do", "have", "has"}:
        subj, rest = _subject(list(w[k:]))
        if not subj or not rest or not _clause_ok(rest) or len(subj) > 5:
            return None
        if aux == "do":
            if negated or subj[0].lower not in {"they", "we", "you", "i"} or len(subj) != 1:
                return None
            return f"What might be some reasons {_frag(subj)} {_join(rest)}?"
        aux_text = w[1].lower + ("n't" if negated and w[2].lower == "n't" else " not" if negated else "")
        if aux_text == "can not":
            aux_text = "cannot"
        if aux_text.startswith("ca") and negated:
            aux_text = "can't"
        if aux_text.startswith("wo") and negated:
            aux_text = "won't"
        return f"What might be some reasons {_frag(subj)} {aux_text} {_join(rest)}?"
    return None


def _judgment(words: list[_W]) -> str | None:
    w = _strip_fillers(words)
    op: tuple[str, ...]
    low = [x.lower for x in w]
    if not w:
        return None
    # "I love/like/loved how you X" -> non-judgmental data, then a question.
    for op in (("i", "love", "how"), ("i", "loved", "how"), ("i", "like", "how"), ("i", "liked", "how"),
               ("i", "love", "the", "way"), ("i", "loved", "the", "way"), ("i", "like", "the", "way"),
               ("i", "liked", "the", "way"), ("i", "really", "liked", "how"), ("i", "really", "like", "how"),
               ("i", "really", "loved", "how"), ("i", "really", "love", "how")):
        if _starts(w, op):
            clause = list(w[len(op):])
            if clause and clause[0].lower in SUBJECT_PRONOUNS and len(clause) > 1 and _clause_ok(clause) \
                    and not any(x.lower in POSITIVE_EVAL for x in clause):
                return f"I noticed how {_join(clause)}. What were you going for there?"
            return None
    # "Nice work on the anchor chart." / "Great job with the closing!"
    if len(w) > 3 and low[0] in POSITIVE_EVAL and low[1] in {"job", "work"} and low[2] in {"on", "with"}:
        np = _noun_phrase(w[3:])
        if np and len(np) == len(w) - 3 and _looks_np(np):
            return f"What do you think made {_frag(np)} work?"
    # "You did a great job with/on NP"
    if _starts(w, ("you", "did")) or _starts(w, ("you", "'ve", "done")) or _starts(w, ("you", "have", "done")):
        for i, x in enumerate(w):
            if x.lower in {"with", "on"} and i + 1 < len(w):
                np = _noun_phrase(w[i + 1:])
                if np and len(np) == len(w) - i - 1 and _looks_np(np):
                    return f"What do you think made {_frag(np)} work?"
        return None
    # "You should have called home" (a counterfactual judgment) -> forward-looking question
    if _starts(w, ("you", "should", "have")) or _starts(w, ("you", "should", "'ve")) or _starts(
            w, ("you", "could", "have")) or _starts(w, ("you", "could", "'ve")):
        rest = _strip_fillers(list(w[3:]))
        if rest and rest[0].lower in PAST_TO_BASE:
            vp = [_W(PAST_TO_BASE[rest[0].lower], rest[0].ws, "VB", "VERB")] + rest[1:]
            if _vp_ok(vp) and not any(x.lower in {"next", "earlier", "sooner"} for x in vp):
                return _vp_question(vp, " next time")
        return None
    if low[0] in {"you", "i", "we"}:
        return None
    # "NP went/was/is (really) EVAL" or "NP won't work"
    subj, rest = _subject(w)
    if not subj or not rest or len(subj) > 5 or not _clause_ok(subj):
        return None
    if subj[0].lower not in DETERMINERS and subj[0].lower not in SUBJECT_PRONOUNS and subj[0].pos not in {"NOUN", "PROPN", ""}:
        return None
    if subj[0].lower == "there" or any(x.lower in {"you", "your"} for x in rest):
        return None
    topic = _frag(subj, object_case=True)
    rest_low = [x.lower for x in rest]
    for neg in FUTURE_NEG:
        n = len(neg)
        if tuple(rest_low[:n]) == neg:
            return f"What do you predict will happen with {topic}?"
    if any(x in NEGATIVE_EVAL for x in rest_low):
        return f"What are you noticing about {topic}?"
    if any(x in POSITIVE_EVAL for x in rest_low):
        if rest_low[0] in AUX_PRESENT or rest_low[0] in {"looks", "sounds", "seems", "feels"}:
            return f"What stands out to you about {topic}?"
        return f"What do you think made {topic} work?"
    return None


# --- yes-but and over-hedging: the coach's sentence stays; one word goes or changes -------------

CANCELLERS = re.compile(r"\b(but|however|although|though)\b", re.IGNORECASE)
ADVERB_HEDGES = word_set("rewrites.adverb_hedges")
HEDGE_PREFERENCE = list(word_list("rewrites.hedge_preference"))
# Words that still carry tentativeness once the adverbs are gone: one of them is the hedge kept.
KEPT_HEDGES = word_set("rewrites.kept_hedges")
# "what kind of support", "a sort of plan": kind/sort as nouns, not hedges.
NOUN_KIND_BEFORE = DETERMINERS | word_set("rewrites.noun_kind_before_extra")


def _yes_but(text: str, span: tuple[int, int] | None, doc: Doc) -> str | None:
    """'I hear you, but the data says otherwise.' -> 'I hear you, and the data says otherwise.'
    The acknowledgement stands, and what follows is added to it rather than set against it."""
    if span is not None:
        hits = list(CANCELLERS.finditer(text, span[0], span[1]))
    else:
        hits = list(CANCELLERS.finditer(text))[:1]
    if not hits:
        return None
    hit = hits[-1]
    sents = list(doc.sents)
    at = span[0] if span else 0
    first = next((s for s in sents if s.start_char <= at < s.end_char), sents[0] if sents else None)
    last = next((s for s in sents if s.start_char <= hit.start() < s.end_char), None)
    if first is None or last is None:
        return None
    ack = text[first.start_char : hit.start()].strip().rstrip(",;:.!").rstrip()
    rest = text[hit.end() : last.end_char].strip().lstrip(",").strip()
    if not ack[:1].isalpha() or len(rest.split()) < 2:
        return None
    if rest.split()[0].lower() in ("and", "so", "but"):
        return None
    end = rest[-1] if rest[-1] in ".?!" else "."
    return f"{ack}, and {rest.rstrip('.?!').rstrip()}{'.' if end == '!' else end}"


def _over_hedging(words: list[_W], end: str) -> str | None:
    """'I just maybe kind of wonder if perhaps we could look at it.' -> 'I wonder if we could look at it.'
    Adverbial hedges go; a modal or 'wonder' stays as the one hedge, or else the first adverb does."""
    drop: list[int] = []
    i = 0
    while i < len(words):
        low = words[i].lower
        nxt = words[i + 1].lower if i + 1 < len(words) else ""
        prev = words[i - 1].lower if i > 0 else ""
        if low in ADVERB_HEDGES:
            drop.append(i)
        elif low in ("kind", "sort") and nxt == "of" and prev not in NOUN_KIND_BEFORE:
            drop += [i, i + 1]
            i += 1
        i += 1
    if not drop:
        return None
    if not any(w.lower in KEPT_HEDGES for k, w in enumerate(words) if k not in drop):
        # No modal or 'wonder' left: keep the most tentative adverb ("maybe" over "just").
        keep = min(drop, key=lambda k: (HEDGE_PREFERENCE.index(words[k].lower)
                                        if words[k].lower in HEDGE_PREFERENCE else len(HEDGE_PREFERENCE), k))
        drop = [k for k in drop if k != keep and not (words[keep].lower in ("kind", "sort") and k == keep + 1)]
        if not drop:
            return None  # one hedge is all there was to keep
    kept: list[_W] = []
    for k, w in enumerate(words):
        if k in drop:
            continue
        if w.text == "," and (not kept or kept[-1].text == ","):
            continue
        kept.append(w)
    while kept and kept[-1].text == ",":
        kept.pop()
    if len(kept) < 3 or not kept[0].text[:1].isalpha():
        return None
    return _join(kept) + (end if end in ("?", ".") else ".")


#: Rewrite rules by name (moves.yml: `rewrite.rule`). Sentence rules take the cleaned words of the
#: move's sentence and its end mark; text rules take the whole text, the move's span and the Doc.
SENTENCE_RULES: dict[str, Callable[[list[_W], str], str | None]] = {
    "advice": lambda words, end: _advice(words),
    "leading": lambda words, end: _leading(words),
    "closed": lambda words, end: _closed(words),
    "why": lambda words, end: _why(words),
    "judgment": lambda words, end: _judgment(words),
    "over_hedging": _over_hedging,
}
TEXT_RULES: dict[str, Callable[[str, "tuple[int, int] | None", "Doc"], str | None]] = {
    "yes_but": _yes_but,
}


def template(move: str) -> str:
    """The template suggestion for a rewritable move ("Template: ...")."""
    spec = load_moves()[move].rewrite
    assert spec is not None, f"{move} has no rewrite"
    return TEMPLATE_PREFIX + spec.template


def rewrite(text: str, move: str, span: tuple[int, int] | None = None, doc: Doc | None = None) -> str | None:
    """Rewrite the coach's sentence for a growth move.

    Args:
        text: the coach's utterance.
        move: a move with a `rewrite` in moves.yml (advice, question.leading, question.closed,
            question.why, judgment, yes_but, over_hedging).
        span: char offsets of the move (picks the sentence); None means the first real sentence.
        doc: the analysed Doc of `text` (from `get_analyzer().doc(text)`); built when omitted.

    Returns:
        The rewrite, a "Template: ..." suggestion when no safe rewrite exists, or None for other moves.
    """
    spec = load_moves().get(move)
    if spec is None or spec.rewrite is None:
        return None
    rule = spec.rewrite.rule
    if rule not in SENTENCE_RULES and rule not in TEXT_RULES:
        raise ValueError(f"moves.yml: {move}: unknown rewrite rule {rule!r}")
    fallback = TEMPLATE_PREFIX + spec.rewrite.template
    if not text.strip():
        return fallback
    if doc is None:
        from ..nlp.analyzer import get_analyzer

        doc = get_analyzer().doc(text)
    if rule in TEXT_RULES:
        out = TEXT_RULES[rule](text, span, doc)
        if not out or not _sound(out) or "\n" in out:
            return fallback
        return out[0].upper() + out[1:]
    sent = _sentence(doc, span)
    words, end = _clean(_restart(sent, span))
    if not words:
        return fallback
    try:
        out = SENTENCE_RULES[rule](words, end)
    except (IndexError, ValueError):  # pragma: no cover - a defensive net; tests cover the shapes
        out = None
    if not out or not _sound(out):
        return fallback
    return out[0].upper() + out[1:]


def suggest_rewrite(
    analysis_or_text: Analysis | str, move: Move | str, doc: Doc | None = None
) -> str | None:
    """A better version of the coach's own sentence for a growth move, or None for other moves.

    Args:
        analysis_or_text: the Analysis of the coach turn, or its text.
        move: the Move (its span picks the sentence) or a move name (the whole text is used).
        doc: the analysed spaCy Doc of the text, if the caller has one (saves a pipeline run).

    Returns:
        A rewrite sentence, a string starting with "Template: " when no safe rewrite exists, or None
        when the move is not one that is rewritten.
    """
    text = analysis_or_text if isinstance(analysis_or_text, str) else analysis_or_text.text
    name = move if isinstance(move, str) else move.name
    if name not in load_moves().rewritable:
        return None
    span: tuple[int, int] | None = None if isinstance(move, str) else (move.start, move.end)
    return rewrite(text, name, span=span, doc=doc)
