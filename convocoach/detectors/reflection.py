"""Reflections: statements that give back what the teacher said, felt, wanted or valued (MITI simple
and complex reflections; Cognitive Coaching paraphrase).

A reflection needs evidence of the teacher's words or inner state: a perspective stem ("it sounds
like", "so you..."), a feeling or wanting frame, a mental-state verb with "you" as its subject, or
content shared with her last line (an echo, a fragment, a third-person or it/that paraphrase, a
restatement of her own plan). A sentence that judges, directs, reassures over her, blames, or puts
the coach's own fix inside a reflection stem is never a reflection: the other detectors have
claimed it (judgment, advice) before this one runs.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..model.analysis import Move
from .base import DISCOURSE, SECOND_PERSON, Detector, Sentence, Utt, register
from .syntax import clauses, is_echo, is_fragment, stem

# Moves that claim a sentence for themselves: a sentence carrying one of them is not a reflection.
BLOCKERS = ("advice", "judgment", "permission", "self_focus", "information", "collaboration", "autonomy",
            "question.leading")
GENERIC_VERBS = frozenset("be have do get go say think know feel make want like let see come take put tell "
                          "seem sound look mean need try give keep".split())
# Mental-state verbs: with "you" as subject in a statement they attribute a thought or feeling to
# the teacher ("You believe...", "You're wondering whether...").
MENTAL_VERBS = frozenset("think thinking thought believe believing feel feeling felt wonder wondering worry worrying "
                         "worried hope hoping wish wishing want wanting care caring value valuing fear fearing doubt "
                         "doubting suspect suspecting sense sensing trust dread dreading regret miss missing love hate "
                         "prefer expect expecting question questioning struggle struggling".split())
PERSON_NOUNS = frozenset("principal colleague mentor partner student kid child son daughter boy girl husband wife "
                         "mom dad mother father boss coach teacher aide para parent".split())
GROUP_NOUNS = frozenset("students kids children parents families class group team colleagues teachers boys girls "
                        "seniors juniors freshmen sophomores".split())


def content_stems(utt: Utt, tokens: Any) -> set[str]:
    """Content words of a token run, stemmed and mapped through the synonym groups."""
    closed = utt.grammar.closed_class
    out: set[str] = set()
    for tok in tokens:
        if tok.is_punct or tok.is_space or tok.like_num or len(tok.text) < 3:
            continue
        low = tok.lower_
        if low in closed or low in DISCOURSE or low in SECOND_PERSON or low.startswith("'"):
            continue
        if utt.grammar.lemmas.get(low, low) in GENERIC_VERBS:
            continue
        out.add(stem(utt, low))
    return out


def previous_stems(utt: Utt) -> set[str]:
    """The teacher's last line as stems (empty when there is none)."""
    cached = utt.cache.get("prev_stems")
    if cached is None:
        cached = content_stems(utt, utt.prev_doc) if utt.prev_doc is not None else set()
        utt.cache["prev_stems"] = cached
    return cached


def previous_states_a_plan(utt: Utt) -> bool:
    """Did the teacher's line state her own intention ('I'm thinking of...', 'I might...', "I'll...")?"""
    if utt.prev_doc is None:
        return False
    lows = [t.lower_ for t in utt.prev_doc]
    intent = utt.grammar.words("intention_words")
    for k, low in enumerate(lows):
        if low == "i" and any(w in intent for w in lows[k + 1 : k + 4]):
            return True
    return False


def overlap(utt: Utt, tokens: Any) -> tuple[set[str], set[str]]:
    """(the sentence's content stems, those it shares with the teacher's last line)."""
    mine = content_stems(utt, tokens)
    return mine, mine & previous_stems(utt)


def _teacher_named(utt: Utt, pronoun: str) -> bool:
    """Did the teacher's line mention someone the coach's 'they'/'he'/'she' can stand for?"""
    prev = utt.prev_doc
    if prev is None:
        return False
    toks = list(prev)
    if pronoun == "they":
        return any(t.lower_ in ("they", "them") or t.lower_ in GROUP_NOUNS
                   or (t.is_alpha and t.lower_.endswith("s") and len(t) > 3 and k > 0
                       and toks[k - 1].lower_ in ("the", "my", "these", "those", "our", "some", "all"))
                   for k, t in enumerate(toks))
    return any(t.lower_ in ("he", "she", "him", "her") or t.lower_ in PERSON_NOUNS
               or (t.is_title and k > 0 and t.is_alpha) for k, t in enumerate(toks))


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
            {"text": "Drained.", "previous": "Honestly I'm just wiped out this week."},
            {"text": "The lab partners again.", "previous": "It's the lab partners again, they never agree."},
            {"text": "You think the bell schedule is working against you.",
             "previous": "Every time we get going the bell rings."},
            {"text": "Start the unit with the field trip, then.",
             "previous": "I'm thinking of starting the unit with the field trip this year."},
            {"text": "Being heard by the department matters to you.",
             "previous": "Nobody in the department ever asks what I think."},
        ],
        "no_match": [
            "You should use a timer.", "You know, I think it's fine.", "Did you feel rushed?",
            "I taught that unit last year.", "Thank you for coming in.",
            {"text": "She said she would come by lunch.",
             "previous": "The kids in third period just won't settle down after lunch."},
            {"text": "Your warm-up ran ten minutes over.", "previous": "I don't know why we never finish."},
            {"text": "You can't keep blaming the bell schedule.", "previous": "The bell schedule kills my labs."},
            {"text": "You need to circulate more during labs.", "previous": "The labs get loud."},
            {"text": "You're doing fine, honestly.", "previous": "I feel like I'm failing these kids."},
            {"text": "It sounds like you need a seating chart.", "previous": "They talk the whole period."},
            {"text": "Start the unit with the field trip.", "previous": "How should I open the unit?"},
            {"text": "Sounds like a plan.", "previous": "I'll call the parents tonight."},
        ],
    }

    def detect(self, utt: Utt) -> Iterator[Move]:
        blockers = [m for name in BLOCKERS for m in utt.found(name)]
        for s in utt.sentences:
            if s.quoted or (s.is_question and not s.reflective):
                continue
            if any(s.span.start_char <= m.start < s.span.end_char + 1 for m in blockers):
                continue
            if any(p.start <= s.start for p in utt.signals_in("POLITE", s)):
                continue  # "Sounds like a plan", "Thank you": courtesy, not a paraphrase
            rule, message = self._classify(utt, s)
            if rule:
                yield self.finding(utt, s.span.start_char, s.span.end_char, rule=rule, message=message)

    def _classify(self, utt: Utt, s: Sentence) -> tuple[str, str]:
        span = s.span
        words = [t for t in span if utt.is_word(t)]
        if not words:
            return "", ""
        has_prev = utt.prev_doc is not None
        mine, shared = overlap(utt, span)
        share = len(shared) / max(1, len(mine))
        suffix = ""
        if has_prev:
            kind = "simple" if share >= 0.5 else "complex"
            suffix = f" ({kind} reflection: {'close to their words' if kind == 'simple' else 'adds meaning or feeling'})"
        stems = utt.signals_in("REFLECTION", s)
        if stems:
            entry = self.lexicons.entries.get(stems[0].id_)
            base = entry[1].message if entry and entry[1].message else self.message()
            return stems[0].id_, base.replace("{match}", stems[0].text) + suffix
        cls = clauses(utt, s)
        head = cls[0] if cls else None
        first = utt.low[s.start] if s.start < span.end else ""
        if first in ("i", "we", "let", "let's", "here", "thank", "thanks", "please", "welcome", "hi", "hello"):
            return "", ""
        feeling = utt.signals_in("EMOTION", s)
        if feeling and head is not None and (head.subj in ("you", "it", "that") or is_fragment(utt, s.start, span.end)) \
                and (has_prev or head.subj == "you"):
            return f"{self.code}:feeling", "Names the feeling under the teacher's words." + suffix
        for c in cls:
            if c.subj == "you" and c.verb_i >= 0 and self._mental_state(utt, c.subj_i, c.end):
                return f"{self.code}:state", "Gives back what the teacher thinks, wants or feels." + suffix
        if s.reflective and s.has_qmark and is_echo(utt, s.start, span.end):
            return f"{self.code}:rising", "Gives the teacher's words back with a rising voice." + suffix
        if s.reflective:
            return f"{self.code}:check", "Checks your understanding of the teacher's words." + suffix
        if has_prev and is_echo(utt, s.start, span.end):
            return f"{self.code}:echo", "Echoes the teacher's own words back." + suffix
        lead = utt.low[span.start : s.start]
        if has_prev and ("so" in lead or first == "so") and len(words) >= 3:
            return f"{self.code}:so", "Sums up what the teacher said." + suffix
        subj = head.subj if head is not None else "none"
        if has_prev and subj in ("you", "your") and head is not None and self._present_state(utt, head.verb_i) \
                and not utt.found("affirmation", s):
            return f"{self.code}:you", "Gives the teacher's experience back in second person." + suffix
        if has_prev and self._about_her_in_passing(utt, s, words):
            return f"{self.code}:continued", "Gives back the teacher's experience." + suffix
        if not has_prev or not shared:
            return "", ""
        if is_fragment(utt, s.start, span.end) and len(words) <= 9 and share >= 0.5:
            return f"{self.code}:echo", "Echoes the teacher's own words back." + suffix
        if head is not None and head.imperative:
            # "Write it in class, then." after "I'm thinking of having them write it in class": her own
            # plan said back (the advice detector has already left it alone for this reason).
            return (f"{self.code}:plan", "Gives the teacher's own plan back to her." + suffix) \
                if previous_states_a_plan(utt) and share >= 0.5 else ("", "")
        if subj in ("you", "your") and (len(shared) >= 2 or share >= 0.5) and not utt.found("affirmation", s):
            return f"{self.code}:you", "Gives the teacher's experience back in second person." + suffix
        if subj in ("you", "your") and share >= 0.5:
            return f"{self.code}:you", "Gives the teacher's experience back in second person." + suffix
        if subj in ("they", "3sg") and share >= 0.3 and _teacher_named(utt, "they" if subj == "they" else "he"):
            return f"{self.code}:echo", "Gives back the teacher's account of the people involved." + suffix
        if subj in ("it", "that", "np", "there", "gerund", "none") and (len(shared) >= 2 and share >= 0.4):
            return f"{self.code}:echo", "Echoes the teacher's own words back." + suffix
        return "", ""

    @staticmethod
    def _about_her_in_passing(utt: Utt, s: Sentence, words: list[Any]) -> bool:
        """'-and the choir has been your whole week.' (a reflection carried on after her 'Mm-hmm'),
        'Your new career.' (a noun phrase about her), 'they weren't looking out for your interest'
        (others, as they bear on her)."""
        lows = [t.lower_ for t in words]
        second = bool(SECOND_PERSON & set(lows))
        if not second:
            return False
        continued = s.span.start == 0 and utt.low[:1] and utt.low[0] in ("-", "--", "—", "–", "…")
        if continued and len(words) >= 3:
            return True
        if is_fragment(utt, s.start, s.span.end) and lows[0] == "your" and 2 <= len(words) <= 6:
            return True
        head = clauses(utt, s)[0] if s.start < s.span.end else None
        return head is not None and head.subj in ("they", "3sg") and _teacher_named(
            utt, "they" if head.subj == "they" else "he") and "your" in lows

    @staticmethod
    def _present_state(utt: Utt, verb_i: int) -> bool:
        """'You have a lot going on', "You're more focused on...", "you've been carrying this":
        the teacher's present situation, as opposed to a report of what she did."""
        if verb_i < 0:
            return False
        low = utt.low[verb_i]
        if low in ("'re", "are", "'m", "am", "is", "'s", "have", "has", "'ve", "feel", "seem", "sound", "know",
                   "want", "need", "care"):
            nxt = utt.low[verb_i + 1] if verb_i + 1 < len(utt.low) else ""
            return not (low in ("have", "'ve", "has") and nxt in ("to", "got")) and nxt not in ("welcome",)
        return utt.doc[verb_i].tag_ in ("VBP", "VBZ") and low not in ("do", "does")

    @staticmethod
    def _mental_state(utt: Utt, subj_i: int, end: int) -> bool:
        """'you (are) (starting to|really)? wonder/believe/care...': not a question, not a modal."""
        k = subj_i + 1
        lows = utt.low
        while k < end and (lows[k] in ("'re", "are", "were", "'ve", "have", "still", "really", "also", "just",
                                       "clearly", "starting", "beginning", "to", "kind", "of", "sort", "do", "did")):
            k += 1
        return k < end and lows[k] in MENTAL_VERBS and lows[subj_i + 1] not in ("should", "must", "need", "have")
