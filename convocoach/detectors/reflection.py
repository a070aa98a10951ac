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
from ..nlp.lexicons import word_set
from ..nlp.context import Context, Sentence
from ..nlp.words import SECOND_PERSON
from .base import Detector, Found, register
from ..nlp.overlap import overlap, previous_states_a_plan
from ..nlp.syntax import clauses, is_echo, is_fragment

# Moves that claim a sentence for themselves: a sentence carrying one of them is not a reflection.
BLOCKERS = ("advice", "judgment", "permission", "self_focus", "information", "collaboration", "autonomy",
            "question.leading")
# Mental-state verbs: with "you" as subject in a statement they attribute a thought or feeling to
# the teacher ("You believe...", "You're wondering whether...").
MENTAL_VERBS = word_set("reflection.mental_verbs")
PERSON_NOUNS = word_set("reflection.person_nouns")
GROUP_NOUNS = word_set("reflection.group_nouns")


def _teacher_named(utt: Context, pronoun: str) -> bool:
    """Did the teacher's line mention someone the coach's 'they'/'he'/'she' can stand for?"""
    prev = utt.prev_doc
    if prev is None:
        return False
    toks = list(prev)
    if pronoun == "they":
        return any(t.lower_ in ("they", "them") or t.lower_ in GROUP_NOUNS
                   or (t.is_alpha and t.lower_.endswith("s") and len(t.text) > 3 and k > 0
                       and toks[k - 1].lower_ in ("the", "my", "these", "those", "our", "some", "all"))
                   for k, t in enumerate(toks))
    return any(t.lower_ in ("he", "she", "him", "her") or t.lower_ in PERSON_NOUNS
               or (t.is_title and k > 0 and t.is_alpha) for k, t in enumerate(toks))


@register
class Reflection(Detector):
    """Reflection: gives back what the teacher said or seems to feel, so they hear their own thinking.

    **Anti-pattern**: "Have you tried a seating chart?" (jumping to a fix)
    **Best practice**: "It sounds like the back row has become its own world."
    """

    code = "R001"
    name = "reflection"
    requires = frozenset({*BLOCKERS, "affirmation"})

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        blockers = [m for name in BLOCKERS for m in found(name)]
        for s in utt.sentences:
            if s.quoted or (s.is_question and not s.reflective):
                continue
            if any(s.span.start_char <= m.start < s.span.end_char + 1 for m in blockers):
                continue
            if any(p.start <= s.start for p in utt.signals_in("POLITE", s)):
                continue  # "Sounds like a plan", "Thank you": courtesy, not a paraphrase
            rule, message = self._classify(utt, s, found)
            if rule:
                yield self.finding(utt, s.span.start_char, s.span.end_char, rule=rule, message=message)

    def _classify(self, utt: Context, s: Sentence, found: Found) -> tuple[str, str]:
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
        # "..., if you want it", "if you'd like": a stem inside a condition frames the coach's
        # offer or answer; it gives nothing of hers back.
        stems = [st for st in utt.signals_in("REFLECTION", s)
                 if not (st.start > span.start and utt.low[st.start - 1] in ("if", "unless", "whenever"))]
        if stems:
            base = self.entry_message(stems[0]) or self.message()
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
                and not found("affirmation", s):
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
        if subj in ("you", "your") and (len(shared) >= 2 or share >= 0.5) and not found("affirmation", s):
            return f"{self.code}:you", "Gives the teacher's experience back in second person." + suffix
        if subj in ("you", "your") and share >= 0.5:
            return f"{self.code}:you", "Gives the teacher's experience back in second person." + suffix
        if subj in ("they", "3sg") and share >= 0.3 and _teacher_named(utt, "they" if subj == "they" else "he"):
            return f"{self.code}:echo", "Gives back the teacher's account of the people involved." + suffix
        if subj in ("it", "that", "np", "there", "gerund", "none") and (len(shared) >= 2 and share >= 0.4):
            return f"{self.code}:echo", "Echoes the teacher's own words back." + suffix
        return "", ""

    @staticmethod
    def _about_her_in_passing(utt: Context, s: Sentence, words: list[Any]) -> bool:
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
    def _present_state(utt: Context, verb_i: int) -> bool:
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
    def _mental_state(utt: Context, subj_i: int, end: int) -> bool:
        """'you (are) (starting to|really)? wonder/believe/care...': not a question, not a modal."""
        k = subj_i + 1
        lows = utt.low
        while k < end and (lows[k] in ("'re", "are", "were", "'ve", "have", "still", "really", "also", "just",
                                       "clearly", "starting", "beginning", "to", "kind", "of", "sort", "do", "did")):
            k += 1
        return k < end and lows[k] in MENTAL_VERBS and lows[subj_i + 1] not in ("should", "must", "need", "have")
