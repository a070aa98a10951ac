"""Reflections: statements that give back what the teacher said or seems to feel (MITI simple/complex)."""

from __future__ import annotations

from typing import Any, Iterator

from ..findings import Move
from .base import SECOND_PERSON, Detector, Sentence, Utt, register

# Second-person openings that are not reflections: fillers, advice frames, thanks.
YOU_ADVISE_OR_PREDICT = frozenset("should gotta ought can could might may will 'll better".split())
NOT_REFLECTIVE_AFTER_YOU = YOU_ADVISE_OR_PREDICT | frozenset("know guys must need have 'd".split())
CLOSED_TAGS = frozenset("MD VBZ VBP VBD VB VBN VBG PRP PRP$ DT IN CC TO WP WP$ WRB WDT UH RB".split())
STANCE_BLOCKERS = ("advice", "permission", "self_focus", "judgment", "information", "affirmation", "collaboration",
                   "autonomy")


def content_lemmas(utt: Utt, tokens: Any) -> set[str]:
    """Content words (lemmatised where the table knows them) for overlap with the teacher's line."""
    out: set[str] = set()
    for tok in tokens:
        if tok.is_punct or tok.is_space or tok.like_num or len(tok.text) < 3:
            continue
        low = tok.lower_
        lemma = utt.grammar.lemmas.get(low)
        if lemma in ("be", "have", "do", "get", "go", "say", "think", "know", "feel", "make", "want", "like"):
            continue
        if tok.tag_ in CLOSED_TAGS or (tok.pos_ and tok.pos_ in ("AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ",
                                                                     "INTJ", "PART")):
            continue
        if lemma is None and low.endswith("s") and not low.endswith("ss") and len(low) > 4:
            lemma = low[:-1]
        out.add(lemma or low)
    return out


# "you" in these is no statement about the teacher: fillers ("you know", "you see"), formulas
# ("thank you", "you're welcome", "bless you") and conditions ("if you let us know", "unless you").
YOU_FILLERS = frozenset(["bet", "guys", "welcome"])
BEFORE_YOU_NOT_ABOUT = frozenset(["thank", "if", "unless", "bless", "mind"])


def _speaks_of_teacher(utt: Utt, start: int, end: int) -> bool:
    """Does the sentence say something about the teacher in the second person ('you feel', 'your
    class')? A 'you' in a filler, a formula, a condition or before a modal of advice or prediction
    ('you can avoid', 'you'll notice') does not."""
    lows = utt.low
    for k in range(start, end):
        low = lows[k]
        if low not in SECOND_PERSON:
            continue
        nxt = lows[k + 1] if k + 1 < end else ""
        before = lows[k - 1] if k > start else ""
        if low == "you" and nxt in ("know", "see"):
            after = lows[k + 2] if k + 2 < end else ""
            if not after[:1].isalpha() or after in ("like", "um", "uh", "i"):
                continue  # "you know," / "you see." as fillers; "you know that..." says what they know
        elif low == "you" and (nxt in YOU_FILLERS or nxt in YOU_ADVISE_OR_PREDICT):
            continue
        if low in ("you", "you've") and nxt in ("have", "need", "got") and "to" in lows[k + 2 : min(end, k + 4)]:
            continue  # "you have to", "you need to", "you've got to": an obligation, not their experience
        if (low == "you're" and nxt == "welcome") or (low == "you" and nxt in ("'re", "are") and
                                                      k + 2 < end and lows[k + 2] == "welcome"):
            continue
        as_long_as = before == "as" and k >= start + 3 and lows[k - 3 : k - 1] == ["as", "long"]
        if before in BEFORE_YOU_NOT_ABOUT or as_long_as:
            continue
        return True
    return False


PERSON_NOUNS = frozenset("principal colleague mentor partner student son daughter boy girl husband wife mom dad "
                         "mother father boss coach teacher aide para parent".split())


def _teacher_named(utt: Utt, pronoun: str) -> bool:
    """Did the teacher's line mention someone the coach's 'they'/'he'/'she' can stand for: a plural
    noun or 'they/them' for 'they'; a name or 'he/she/him/her' for 'he'/'she'?"""
    prev = utt.prev_doc
    if prev is None:
        return False
    toks = list(prev)
    if pronoun == "they":
        return any(t.lower_ in ("they", "them", "kids", "students", "children", "class", "parents", "families")
                   or (t.tag_ in ("NNS", "") and t.is_alpha and t.lower_.endswith("s") and len(t) > 3
                       and k > 0 and toks[k - 1].lower_ in ("the", "my", "these", "those", "our", "some", "all"))
                   for k, t in enumerate(toks))
    return any(t.lower_ in ("he", "she", "him", "her") or t.lower_ in PERSON_NOUNS
               or (t.is_title and k > 0 and not t.tag_ and t.is_alpha) for k, t in enumerate(toks))


@register
class Reflection(Detector):
    """Reflection: gives back what the teacher said or seems to feel, so they hear their own thinking.

    **Anti-pattern**: "Have you tried a seating chart?" (jumping to a fix)
    **Better move**: "It sounds like the back row has become its own world."
    """

    code = "R001"
    name = "reflection"
    order = 40
    examples = {
        "match": [
            "It sounds like the schedule ate your planning time.",
            "So you want them talking more.",
            {"text": "You're worn out by all the new initiatives.",
             "previous": "I'm exhausted, there's a new initiative every month."},
            {"text": "That's really frustrating.", "previous": "They changed the schedule again."},
            "On one hand you see the value, and on the other you're worried about time.",
            {"text": "They come back from lunch wound up.",
             "previous": "The kids in third period just won't settle down after lunch."},
        ],
        "no_match": ["You should use a timer.", "You know, I think it's fine.", "Did you feel rushed?",
                     "I taught that unit last year.", "Thank you for coming in.",
                     {"text": "She said she would come by lunch.",
                      "previous": "The kids in third period just won't settle down after lunch."}],
    }

    def detect(self, utt: Utt) -> Iterator[Move]:
        prev = utt.content_lemmas(utt.prev_doc) if utt.prev_doc is not None else set()
        blockers = [m for name in STANCE_BLOCKERS for m in utt.found(name)]
        for s in utt.sentences:
            if s.quoted or (s.is_question and not s.reflective):
                continue
            if blockers and any(s.span.start_char <= m.start < s.span.end_char + 1 for m in blockers):
                continue
            rule, message = self._classify(utt, s, prev)
            if rule:
                yield self.finding(utt, s.span.start_char, s.span.end_char, rule=rule, message=message)

    def _classify(self, utt: Utt, s: Sentence, prev: set[str]) -> tuple[str, str]:
        doc = utt.doc
        span = s.span
        words = [t for t in span if utt.is_word(t)]
        if len(words) < 2:
            return "", ""
        mine = utt.content_lemmas(span) if prev else set()  # overlap only matters after a teacher line
        overlap = mine & prev
        kind = ""
        if prev:
            share = len(overlap) / max(1, len(mine))
            kind = "simple" if share >= 0.5 else "complex"
        suffix = f" ({kind} reflection: {'close to their words' if kind == 'simple' else 'adds meaning or feeling'})" \
            if kind else ""
        stems = utt.signals_in("REFLECTION", s)
        if stems:
            entry = self.lexicons.entries.get(stems[0].id_)
            base = entry[1].message if entry and entry[1].message else self.message()
            return stems[0].id_, base.replace("{match}", stems[0].text) + suffix
        head = doc[s.start] if s.start < span.end else None
        if head is None:
            return "", ""
        nxt = doc[s.start + 1] if s.start + 1 < span.end else None
        nlow = nxt.lower_ if nxt is not None else ""
        feeling = utt.signals_in("EMOTION", s)
        # "You're frustrated...", "That's hard", "It's been a long year" after the teacher spoke.
        if feeling and head.lower_ in ("you", "that", "it", "this", "sounds", "seems", "must") and (prev or head.lower_ == "you"):
            return f"{self.code}:feeling", "Names the feeling under the teacher's words." + suffix
        if head.lower_ in ("you", "your") and nlow not in NOT_REFLECTIVE_AFTER_YOU and nlow and \
                _speaks_of_teacher(utt, s.start, span.end):
            if nxt is not None and (nxt.pos_ in ("AUX", "VERB", "ADV", "ADJ", "NOUN") or not nxt.tag_):
                if prev or (s.start > span.start and doc[span.start].lower_ == "so"):
                    return f"{self.code}:you", "Gives the teacher's experience back in second person." + suffix
        if head.lower_ in ("i", "we", "let", "let's", "here", "thank", "thanks", "please", "welcome", "hi", "hello"):
            return "", ""
        if s.reflective:
            return f"{self.code}:check", "Checks your understanding of the teacher's words." + suffix
        second_person = _speaks_of_teacher(utt, span.start, span.end)
        lead = [t.lower_ for t in doc[span.start : s.start]]
        if prev and ("so" in lead) and len(words) >= 3:
            return f"{self.code}:so", "Sums up what the teacher said." + suffix
        if prev and (len(overlap) >= 2 or (overlap and second_person)):
            return f"{self.code}:echo", "Echoes the teacher's own words back." + suffix
        if prev and second_person and len(words) >= 4 and head.lower_ not in ("there", "it", "this", "that"):
            return f"{self.code}:you", "Gives the teacher's experience back in second person." + suffix
        if prev and overlap and head.lower_ in ("they", "he", "she") and len(words) >= 4 and \
                nxt is not None and nxt.pos_ in ("VERB", "AUX", "ADV", "") and _teacher_named(utt, head.lower_):
            # "They come back from lunch wound up." after "The kids won't settle after lunch": the
            # teacher's account of the students, given back.
            return f"{self.code}:echo", "Gives back the teacher's account of the people involved." + suffix
        return "", ""
