"""The consultant's moves other than advice: giving information, turning to the coach's own story
(self-focus), and asking permission before either (MITI Giving Information and Persuade with
Permission; Cognitive Coaching's autobiographical listening).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..model.analysis import Move
from ..nlp.lexicons import word_list, word_set
from ..nlp.context import Context, Sentence
from ..nlp.overlap import overlap
from ..nlp.syntax import clauses
from ..nlp.words import SECOND_PERSON
from .base import Found, register
from .language import LexiconMove, inside_perspective_stem

if TYPE_CHECKING:
    from ..nlp.tokens import Sig

# --- permission ------------------------------------------------------------------------------------

CONSENT = word_set("consulting.consent")
OFFER_NOUNS = word_set("consulting.offer_nouns")
OFFER_VERBS = word_set("consulting.offer_verbs")
NOT_OFFER = word_set("consulting.not_offer")
CONDITIONAL_CONSENT = word_list("consulting.conditional_consent")
SELF_OFFER = word_list("consulting.self_offer")
# "Yes, ...", "Sure, ...": a turn that opens by answering her request or question.
ANSWER_PARTICLES = word_set("consulting.answer_particles")
# Colleagues and services whose practice or offer is information ("the counselor runs a group").
COLLEAGUE_ROLES = word_set("consulting.colleague_roles")
# Adverbs between a subject and its verb ("fourth graders typically read").
SUBJECT_ADVERBS = word_set("consulting.subject_adverbs")
TITLES = word_set("syntax.titles")


def _text(utt: Context, s: Sentence) -> str:
    """The sentence in lowercase, words separated by single spaces, clitics joined ("i've", "don't")."""
    out = ""
    for w in utt.low[s.span.start : s.span.end]:
        out += w if (w.startswith("'") or w in ("n't",)) else " " + w
    return out + " "


@register
class Permission(LexiconMove):
    """Permission: '{match}' asks before offering ideas, the skilled way into consulting.

    **Anti-pattern**: "You should try sticky-note critiques." (unasked)
    **Best practice**: "I have an idea or two about critiques. Want to hear them?"
    """

    code = "S001"
    name = "permission"
    label = "PERMISSION"

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
        """'Is it okay if I ask you a couple of things?' asks to ask, and 'Would you like me to cover
        your class?' offers a task: neither is permission to consult."""
        after = utt.low[span.end : span.end + 4]
        if any(w in ("ask", "interrupt", "check", "come", "cover", "watch", "observe", "visit", "sit", "stop", "join",
                     "call", "grab", "get", "help", "take", "record", "film", "bring") for w in after[:2]):
            return bool(set(after) & {"ideas", "idea", "suggestion", "suggestions", "thought", "thoughts"})
        return True

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        moves: list[Move] = list(super().detect(utt, found))
        starts = {m.start for m in moves}
        for k, s in enumerate(utt.sentences):
            if s.quoted or any(s.span.start_char <= st < s.span.end_char + 1 for st in starts):
                continue
            text = _text(utt, s)
            if (" ask " in text and not any(f" {v} " in text for v in ("share", "suggest", "offer", "idea", "ideas"))) \
                    or " if i ask " in text or " i ask you " in text:
                continue  # asking permission to ask questions is not permission to consult
            if utt.signals_in("COLLABORATION", s):
                continue  # "Do you want to plan it together?": shared work, not an offer
            answering = self._answers_her(utt, k)
            if self._offer_question(utt, s, text) or (self._conditional_offer(text) and not answering) or \
                    (k > 0 and not self._answers_her(utt, k - 1) and
                     self._consent_after_offer(utt, s, utt.sentences[k - 1])):
                moves.append(self.finding(utt, s.span.start_char, s.span.end_char, rule=f"{self.code}:offer",
                                          message="'{match}' asks before offering: the skilled way into consulting."))
        yield from sorted(moves, key=lambda m: m.start)

    @staticmethod
    def _offer_question(utt: Context, s: Sentence, text: str) -> bool:
        """A question asking for consent to the coach's content: 'Want my notes?', 'Would a
        suggestion be welcome?', 'Okay if I suggest a structure?'"""
        if not s.is_question or s.qtype == "open":
            return False  # "What would you like feedback on?" asks what she wants, not for consent
        words = text.split()
        if not CONSENT & set(words) and " mind if " not in text:
            return False
        if any(v in words for v in NOT_OFFER) and not OFFER_NOUNS - {"one", "it", "them", "look", "something"} & set(words):
            return False
        nouns = OFFER_NOUNS - {"one", "it", "them", "something", "couple", "few", "look"}
        if nouns & set(words) or " two cents " in text or " a look " in text:
            return True
        for k, w in enumerate(words):
            if w in OFFER_VERBS and k > 0 and (words[k - 1] in ("i", "me", "to") or
                                               (k > 1 and words[k - 2] in ("i", "me"))):
                if w == "be" and not (k + 1 < len(words) and words[k + 1] in ("direct", "honest", "blunt", "frank",
                                                                               "candid", "straight")):
                    continue
                if w in ("to",):
                    continue
                if words[k - 1] == "to" and "me" not in words[: k] and "i" not in words[: k] and \
                        not any(x in words for x in ("see", "hear")):
                    continue
                return True
        return (" useful to see " in text or " helpful to see " in text or " useful to hear " in text
                or " helpful to hear " in text or " worth seeing " in text or " worth hearing about " in text)

    @staticmethod
    def _answers_her(utt: Context, k: int) -> bool:
        """'Yes, I'll come in fourth period, happy to.', 'Sure. There's a short-answer item.': a
        sentence that opens with an answer particle, or follows one that is nothing else, answers
        what she asked. The content or the task was hers to ask for, so a self-offer cue in it
        ('happy to', 'there's a', 'I've got') is a reply, not consent asked for the coach's content."""
        def opens_with_answer(j: int) -> bool:
            sent = utt.sentences[j]
            words = [w for w in utt.low[sent.span.start : sent.span.end] if w[:1].isalpha()]
            return bool(words) and words[0] in ANSWER_PARTICLES
        if opens_with_answer(k):
            return True
        return k > 0 and opens_with_answer(k - 1) and k - 1 == 0

    @staticmethod
    def _conditional_offer(text: str) -> bool:
        """'I've got a script other teachers use, but only if you want it.'"""
        return any(f" {c}" in text for c in CONDITIONAL_CONSENT) and (
            any(f" {o} " in text for o in SELF_OFFER) or any(f" {v} " in text for v in ("share", "suggest", "offer")))

    @staticmethod
    def _consent_after_offer(utt: Context, s: Sentence, before: Sentence) -> bool:
        """'I picked up a resource at the clinic. Interested?': a short consent question after the
        coach names something she has."""
        if not s.is_question or len([t for t in s.span if utt.is_word(t)]) > 12:
            return False
        words = set(_text(utt, s).split())
        if not CONSENT & words and not words & {"look", "see", "it", "them"}:
            return False
        prior = _text(utt, before)
        return any(f" {o} " in prior for o in SELF_OFFER) or bool(OFFER_NOUNS & set(prior.split()) - {"one", "it"}) \
            and ("i" in prior.split() or prior.split()[:1] == ["a"])


# --- self-focus ------------------------------------------------------------------------------------

COMMUNICATION = word_set("consulting.communication")
HEDGING_PAST = word_set("consulting.hedging_past")


@register
class SelfFocus(LexiconMove):
    """Self-focus: '{match}' turns the talk to the coach's own experience.

    **Anti-pattern**: "When I taught fourth grade, I always used a timer."
    **Best practice**: "What have you tried so far with pacing?"
    """

    code = "A010"
    name = "self_focus"
    label = "SELF_FOCUS"
    requires = frozenset({"permission"})  # the coach's resource offered with permission is not her story
    suggestion = "Set your own story aside and stay with the teacher's experience."

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
        # "me too" answers the teacher only on its own ("Me too.", "Me too, ..."), not in "sounds to me too like".
        if utt.low[span.start : span.end] in (["me", "too"], ["me", "either"], ["me", "neither"]):
            after = utt.low[span.end] if span.end < len(utt.low) else ""
            return (span.start == 0 or utt.doc[span.start - 1].is_punct) and (not after or not after[:1].isalpha())
        return True

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        moves = list(super().detect(utt, found))
        starts = {m.start for m in moves}
        for s in utt.sentences:
            if s.quoted or s.is_question or any(s.span.start_char <= st < s.span.end_char + 1 for st in starts):
                continue
            if found("permission"):
                break  # the coach's resource offered with permission is not her life story
            move = self._narrative(utt, s)
            if move is not None:
                moves.append(move)
        yield from sorted(moves, key=lambda m: m.start)

    @staticmethod
    def _taste_of_her_work(utt: Context, s: Sentence) -> bool:
        """'I loved how the kids ran it', 'I liked the way the groups rotated': the coach's taste
        laid on what happened in her lesson is praise (judgment), though past and in the first
        person; 'I loved it when my own kids...' stays the coach's story."""
        for span in utt.signals_in("JUDGMENT", s):
            if span.id_ != "JUD-003":
                continue
            last = utt.low[span.end - 1]
            if last in ("how", "what", "your", "watching", "seeing") or \
                    last == "the" and span.end < s.span.end and utt.low[span.end] == "way":
                return True
        return False

    def _narrative(self, utt: Context, s: Sentence) -> Move | None:
        """A past-tense sentence about the coach herself, with nothing of the teacher in it."""
        lows = utt.low[s.span.start : s.span.end]
        if SECOND_PERSON & set(lows) or self._taste_of_her_work(utt, s):
            return None
        narrative = utt.grammar.words("narrative_past_verbs")
        observe = utt.grammar.words("observation_verbs")
        low = utt.low
        for k in range(s.start, s.span.end - 1):
            # "In my old building I ran...", "My first year I was...": 'I' and a past verb anywhere.
            if low[k] != "i" or (k > s.span.start and low[k - 1] in ("if", "that", "whether", "than")):
                continue
            j = k + 1
            while j < s.span.end and low[j] in ("also", "just", "once", "even", "actually", "really", "always", "never",
                                                "finally", "eventually", "basically", "literally", "totally", "had"):
                j += 1
            if j >= s.span.end:
                break
            verb = low[j]
            if verb in observe or verb in COMMUNICATION or verb in HEDGING_PAST:
                return None
            if verb in narrative and verb not in ("was", "were", "remember") or utt.doc[j].tag_ == "VBD":
                return self.finding(utt, s.span.start_char, s.span.end_char, rule=f"{self.code}:story",
                                    message="'{match}' turns the talk to your own story: autobiographical listening.")
        for c in clauses(utt, s):
            if c.subj not in ("i", "my") or c.verb_i < 0:
                continue
            k = c.verb_i
            while k < c.end and utt.low[k] in ("'d", "had", "'ve", "have", "was", "really", "also", "just", "once",
                                               "even", "actually", "always", "never", "n't", "not"):
                if utt.low[k] == "was" and (k + 1 >= c.end or not utt.low[k + 1].endswith("ing")):
                    break
                k += 1
            if k >= c.end:
                continue
            verb = utt.low[k]
            if verb in observe or verb in COMMUNICATION or verb in HEDGING_PAST:
                return None  # "I counted...", "I talked to...", "I thought maybe...": data, logistics, a hedge
            past = utt.doc[k].tag_ == "VBD" or (not utt.doc[k].tag_ and verb.endswith("ed"))
            if verb in narrative or past or (c.subj == "my" and verb in ("was", "were", "did")):
                if verb in ("was", "were") and c.subj == "i" and k + 1 < c.end and utt.low[k + 1] in ("thinking",
                                                                                                      "wondering"):
                    return None
                return self.finding(utt, s.span.start_char, s.span.end_char, rule=f"{self.code}:story",
                                    message="'{match}' turns the talk to your own story: autobiographical listening.")
        return None


# --- information -----------------------------------------------------------------------------------

GENERIC_QUANTIFIERS = word_set("consulting.generic_quantifiers")
MENU_COUNTS = word_set("consulting.menu_counts")
MENU_NOUNS = word_set("consulting.menu_nouns")


def _count_of(utt: Context, s: Sentence) -> bool:
    """'nine of the twelve', '3 out of 20', 'four of her six': a part counted against a whole is data."""
    doc, lows = utt.doc, utt.low
    for k in range(s.start, s.span.end - 2):
        if not doc[k].like_num:
            continue
        j = k + 1
        if lows[j] == "out" and j + 1 < s.span.end and lows[j + 1] == "of":
            j += 1
        if lows[j] != "of":
            continue
        j += 1
        if j < s.span.end and lows[j] in ("the", "her", "his", "their", "your", "our", "those", "these"):
            j += 1
        if j < s.span.end and doc[j].like_num:
            return True
    return False


@register
class Information(LexiconMove):
    """Information: '{match}' gives facts, research or what others do (consulting).

    **Anti-pattern**: "Research says you should..." before the teacher has asked
    **Best practice**: ask first ("Would it help to hear what other teachers have tried?"), then offer and hand it back
    """

    code = "A020"
    name = "information"
    label = "INFORMATION"
    requires = frozenset({"self_focus", "judgment", "permission", "advice", "affirmation", "autonomy"})
    in_questions = False

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
        return not inside_perspective_stem(utt, span, sent)  # "It sounds like the district..." is hers

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        moves = list(super().detect(utt, found))
        starts = {m.start for m in moves}
        for s in utt.sentences:
            if s.quoted or s.is_question or any(s.span.start_char <= st < s.span.end_char + 1 for st in starts):
                continue
            if found("self_focus", s) or found("judgment", s) or found("permission", s) \
                    or found("advice", s):
                continue
            rule = self._evidence(utt, s, found)
            if rule:
                moves.append(self.finding(utt, s.span.start_char, s.span.end_char, rule=f"{self.code}:{rule}",
                                          message="'{match}' gives information: consulting."))
        yield from sorted(moves, key=lambda m: m.start)

    def _evidence(self, utt: Context, s: Sentence, found: Found) -> str:
        words = utt.grammar.words
        lows = utt.low[s.start : s.span.end]
        wordset = set(lows)
        if not lows:
            return ""
        lead = utt.low[s.span.start : s.start]
        mine, shared = overlap(utt, s.span)
        if "so" in lead or (shared and len(shared) / max(1, len(mine)) >= 0.5):
            return ""  # the teacher's own account given back: a reflection
        cls = clauses(utt, s)
        if utt.signals_in("REFLECTION", s) or found("autonomy", s) or found("affirmation", s) or (
                cls and cls[0].subj in ("you", "your")):
            return ""  # about the teacher herself, not about the world
        if wordset & words("research_words"):
            return "research"
        if wordset & words("institution_words") and not any(c.subj in ("i", "you", "we") for c in cls[:1]):
            return "policy"
        observe = words("observation_verbs")
        for c in cls:
            if c.subj == "i" and c.verb_i >= 0:
                k = c.verb_i
                while k < c.end and utt.low[k] in ("'ve", "have", "also", "just", "actually", "maybe", "possibly"):
                    k += 1
                if k < c.end and utt.low[k] in observe and (utt.doc[k].tag_ in ("VBD", "VBN") or
                                                            utt.low[k].endswith("ed")):
                    return "observation"
            if c.subj in ("np", "they") and c.verb_i >= 0 and c.subj_i >= 0:
                if self._generic_subject(utt, c.subj_i, c.verb_i) and utt.doc[c.verb_i].tag_ in ("VB", "VBP", "VBZ", "MD", ""):
                    return "generic"
                if self._colleague_subject(utt, c.subj_i, c.verb_i) and (
                        utt.doc[c.verb_i].tag_ in ("VBP", "VBZ") or utt.low[c.verb_i].endswith("s")):
                    return "practice"  # "The counselor runs a lunch group for kids with anxiety"
            if c.subj == "gerund" and c.verb_i >= 0 and utt.doc[c.verb_i].tag_ in ("VBZ", "MD") and \
                    utt.low[c.verb_i] not in ("is", "'s", "was"):
                return "generic"  # "Reading aloud every day builds fluency": a claim about the activity
        if _count_of(utt, s):
            return "data"  # "nine of the twelve questions went to...": a count, observed
        if lows[0] in ("one", "another") and len(lows) > 2 and lows[1] in ("is", "'s", "option", "idea", "thing"):
            return "options"
        return "options" if self._menu(lows) else ""

    @staticmethod
    def _menu(lows: list[str]) -> bool:
        """'Here are two I've seen work: ...', 'A couple of options: you could..., or...': options the
        coach counts out and puts forward are a menu (information), whatever form each item takes."""
        if len(lows) > 2 and lows[0] == "here" and lows[1] in ("are", "'re", "is", "'s"):
            k = 3 if lows[2] == "a" and len(lows) > 3 else 2
            return lows[k] in MENU_COUNTS and lows[k] not in ("other", "last", "first")
        k = 1 if lows[0] in ("a", "the") else 0
        if k >= len(lows) or lows[k] not in MENU_COUNTS:
            return False
        k += 2 if k + 1 < len(lows) and lows[k + 1] == "of" else 1
        return k + 1 < len(lows) and lows[k] in MENU_NOUNS and lows[k + 1] in (":", ";", "-", "--", "—")

    @staticmethod
    def _colleague_subject(utt: Context, i: int, verb_i: int) -> bool:
        """'The counselor', 'the reading specialist', 'the library', "Mrs. Patel's class": a colleague,
        a colleague's class or a service of the school, whose practice or offer is information."""
        lows = utt.low[i:verb_i]
        if not lows or len(lows) > 5 or "your" in lows or "my" in lows:
            return False
        if lows[0] in TITLES and "'s" in lows:
            return True
        return lows[0] in ("the", "a", "our") and any(w in COLLEAGUE_ROLES for w in lows[1:])

    @staticmethod
    def _generic_subject(utt: Context, i: int, verb_i: int) -> bool:
        """'Most teachers', 'six-year-olds', 'real programmers', 'a few': people in general."""
        lows = utt.low[i:verb_i]
        generic = utt.grammar.words("generic_people")
        if not lows:
            return False
        if lows[0] in ("the", "my", "your", "our", "this", "that", "these", "those", "his", "her", "their"):
            return False  # a definite group is someone in particular
        head = lows[-1]
        if lows in (["a", "few"], ["most"], ["some"], ["many"], ["several"], ["a", "lot"], ["lots"]):
            return True  # "A few let students finish at lunch": teachers, unnamed
        if lows[0] in GENERIC_QUANTIFIERS and (len(lows) == 1 or lows[1] == "of" or any(w in generic for w in lows[1:])
                                               or head.endswith(("olds", "graders"))):
            return True
        if head in generic or (head.endswith(("olds", "graders", "ers")) and len(head) > 5):
            return True
        # The noun the phrase is about, before a relative clause or a prepositional phrase and without
        # an adverb before the verb: "Teachers in the science department grade...", "Fourth graders
        # typically read...", "Students who get feedback within a day revise more".
        cut = next((n for n, w in enumerate(lows) if n > 0 and w in ("who", "that", "which", "in", "at", "from",
                                                                       "with", "on", "across")), len(lows))
        core = lows[:cut]
        while core and core[-1] in SUBJECT_ADVERBS:
            core.pop()
        if not core or core == lows:
            return False
        head = core[-1]
        return head in generic or (head.endswith(("olds", "graders")) and len(head) > 5)
