"""Affirmation and positive presupposition: the coach names the teacher's strengths (MITI Affirm),
or builds her capability into the question (Cognitive Coaching's positive presupposition).

An affirmation is specific and carries no rating word: a second-person statement of what she did,
made into a statement of effort by a quantifier or aspect ("You've called every family since
September", "You kept going back to him"), or a strength named as such ("That takes patience").
Global praise ("Great teacher!") is a judgment instead. When the same statement of past success is
followed by a question in the turn ("You've run a department before. What helped then?"), it
presupposes capability and is read as presupposition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..model.analysis import Move
from ..nlp.lexicons import word_set
from ..nlp.context import Context, Sentence
from ..nlp.syntax import Clause, clauses
from .base import Detector, Found, register
from .language import LexiconMove

if TYPE_CHECKING:
    from ..nlp.tokens import Sig

NOT_EFFORT_VERBS = word_set("affirmation.not_effort_verbs")
MODALS = word_set("affirmation.modals")
PRIOR = word_set("affirmation.prior")
STRENGTH_LEADS = word_set("affirmation.strength_leads")
STRENGTH_VERBS = word_set("affirmation.strength_verbs")


def _has_later_question(utt: Context, s: Sentence) -> bool:
    k = s.index
    return any(o.is_question for o in utt.sentences[k:])


def _prior_experience(utt: Context, c: Clause) -> bool:
    """'...before', '...for years', '...in the past': a success she has had already."""
    lows = utt.low[c.start : c.end]
    return any(w in PRIOR for w in lows) or ("for" in lows and any(w.endswith("s") and w in ("years", "months")
                                                                   for w in lows))


def effort_clause(utt: Context, c: Clause) -> bool:
    """A second-person statement of what the teacher did, made specific by effort or thoroughness."""
    if c.subj != "you" or c.verb_i < 0:
        return False
    lows = utt.low
    k = c.verb_i
    if lows[k] in MODALS or lows[k] in ("n't", "not"):
        return False
    # skip auxiliaries of the perfect and progressive: "you've kept", "you're using"
    while k < c.end and lows[k] in ("'ve", "have", "had", "'re", "are", "were", "been", "really", "clearly",
                                    "already", "also", "actually", "just", "even", "still", "obviously", "not",
                                    "n't", "never", "uh", "um", "like", "so"):
        k += 1
    if k >= c.end:
        return False
    verb = lows[k]
    tag = utt.doc[k].tag_
    if verb in NOT_EFFORT_VERBS or verb in MODALS or utt.signal_at("EMOTION", k) is not None:
        return False  # "you're overwhelmed because...": a feeling, not an effort
    negated = any(w in ("n't", "not", "never") for w in lows[c.verb_i : k + 1])
    if negated and not (verb in ("giving", "given", "give", "gave", "quit", "quitting", "stopped", "stopping")):
        return False
    if negated:
        return True  # "You're not giving up on him", "you haven't quit"
    if verb in ("kept", "keep", "keeping", "stayed", "stuck", "persisted", "persisting", "stayed"):
        return True
    if not (tag in ("VBD", "VBN", "VBG") or verb.endswith(("ed", "ing")) or not tag):
        return False
    markers = utt.grammar.words("effort_markers")
    rest = lows[k + 1 : c.end]
    for cut, w in enumerate(rest):
        if w in ("because", "when", "if", "since", "while", "after", "before"):
            rest = rest[:cut]  # what follows is the reason or the time, not the effort
            break
    if lows[c.verb_i : k] and any(w == "already" for w in lows[c.verb_i : k + 1]) and verb.endswith("ing"):
        return True  # "you're already looking for a way...": initiative
    return any(w in markers for w in rest) or "instead" in rest or "exactly" in rest or (
        "own" in rest and rest[rest.index("own") - 1] in ("his", "her", "their"))


@register
class Affirmation(Detector):
    """Affirmation: '{match}' names a specific strength or effort of the teacher.

    **Anti-pattern**: "Great job!" (a rating, not a named strength)
    **Best practice**: "You've called every family on the list since September."
    """

    code = "R010"
    name = "affirmation"
    requires = frozenset({"judgment", "advice"})  # global praise is a judgment; "you kept calling" advice-free

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        for s in utt.sentences:
            if s.quoted or s.is_question or found("judgment", s) or found("advice", s):
                continue
            move = self._lexical(utt, s) or self._strength(utt, s) or self._effort(utt, s)
            if move is not None:
                yield move

    def _lexical(self, utt: Context, s: Sentence) -> Move | None:
        for span in utt.signals_in("AFFIRMATION", s):
            return self.span_finding(utt, span, rule=span.id_, message=self.entry_message(span))
        return None

    def _strength(self, utt: Context, s: Sentence) -> Move | None:
        """'That takes stamina', "That's real effort", 'a lot of expertise': a strength named."""
        nouns = utt.grammar.words("strength_nouns")
        quals = utt.grammar.words("strength_qualifiers")
        lows = utt.low
        for k in range(s.start, s.span.end):
            if lows[k] in nouns:
                j = k - 1
                while j >= s.start and (lows[j] in quals or lows[j] in ("a", "of", "lot", "so", "much", "such",
                                                                          "some", "real", "serious")):
                    j -= 1
                lead_ok = j >= s.start and lows[j] in STRENGTH_VERBS and j - 1 >= s.start and \
                    lows[j - 1] in STRENGTH_LEADS
                lot_of = k >= 2 and lows[k - 1] == "of" and lows[k - 2] == "lot"
                if (lead_ok and (j < k - 1 or lows[j] in ("takes", "took"))) or (lot_of and lows[s.start] != "i"):
                    if lows[j] in ("'s", "is", "was") and j == k - 1:
                        continue  # "that's thinking ahead" without a quality word says too little
                    return self.finding(utt, utt.doc[max(j - 1, s.start)].idx, s.span.end_char,
                                        rule=f"{self.code}:strength",
                                        message="'{match}' names a strength of the teacher's: an affirmation.")
        return None

    def _effort(self, utt: Context, s: Sentence) -> Move | None:
        for c in clauses(utt, s):
            if effort_clause(utt, c):
                if _prior_experience(utt, c) and _has_later_question(utt, s):
                    return None  # a resource the question builds on: presupposition
                end = utt.doc[c.end - 1]
                return self.finding(utt, utt.doc[c.start].idx, end.idx + len(end.text), rule=f"{self.code}:effort",
                                    message="'{match}' names the teacher's effort specifically: an affirmation.")
        return None


TEMPORAL = word_set("affirmation.temporal")
PAST_TAGS = frozenset(["VBD"])


@register
class Presupposition(LexiconMove):
    """Positive presupposition: '{match}' assumes the teacher's capability and experience.

    **Anti-pattern**: "Do you know how to run a data meeting?"
    **Best practice**: "As you plan the data meeting, what are you considering?"
    """

    code = "I002"
    name = "presupposition"
    label = "PRESUPPOSITION"

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
        if span.id_ == "PRE-005":
            # "the engineer in you": 'the' + a noun right before 'in you'
            return span.start >= 2 and utt.low[span.start - 2] == "the" and utt.doc[span.start - 1].is_alpha and \
                utt.doc[span.start - 1].pos_ not in ("VERB", "AUX", "ADP")
        return True

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        seen = set()
        for move in super().detect(utt, found):
            seen.add(move.start)
            yield move
        for s in utt.sentences:
            if s.quoted or any(s.span.start_char <= st < s.span.end_char + 1 for st in seen):
                continue
            extra = self._temporal(utt, s) or self._experience(utt, s) or self._role(utt, s) or self._not_yet(utt, s)
            if extra is not None:
                yield extra

    def _temporal(self, utt: Context, s: Sentence) -> Move | None:
        """'Once the timer is routine, what else...?': the clause takes success for granted."""
        lows = utt.low
        if not s.is_question or s.start >= s.span.end or lows[s.start] not in TEMPORAL or lows[s.start] == "as":
            return None
        for k in range(s.start + 1, s.span.end):
            if lows[k] == ",":
                verbs = [utt.doc[j] for j in range(s.start + 1, k) if utt.doc[j].pos_ in ("AUX", "VERB")]
                if verbs and verbs[0].tag_ not in PAST_TAGS and s.qstart > k:
                    return self.finding(utt, utt.doc[s.start].idx, utt.doc[k - 1].idx + len(utt.doc[k - 1].text),
                                        rule=f"{self.code}:once",
                                        message="'{match}' takes the teacher's success for granted.")
                return None
        return None

    def _experience(self, utt: Context, s: Sentence) -> Move | None:
        """'You've handled hard meetings before.' + a question: her past success as the resource."""
        if s.is_question or not _has_later_question(utt, s):
            return None
        for c in clauses(utt, s):
            if c.subj == "you" and c.verb_i >= 0 and _prior_experience(utt, c):
                tag = utt.doc[c.verb_i].tag_
                after = utt.low[c.verb_i + 1] if c.verb_i + 1 < c.end else ""
                if tag in ("VBD", "VBN") or utt.low[c.verb_i] in ("'ve", "have", "had") or after.endswith("ed"):
                    end = utt.doc[c.end - 1]
                    return self.finding(utt, utt.doc[c.start].idx, end.idx + len(end.text), rule=f"{self.code}:experience",
                                        message="'{match}' builds on the teacher's own track record.")
        return None

    def _role(self, utt: Context, s: Sentence) -> Move | None:
        """'As a cellist, ...?', 'Given all you know, ...?', 'Knowing your staff, ...?', 'As you
        draft the questions, ...?': her expertise or her ongoing work as the way into the question."""
        lows = utt.low
        i = s.start
        if not s.is_question or i + 2 >= s.span.end:
            return None
        opener = lows[i] in ("given", "knowing", "having", "coming", "drawing", "considering") or \
            lows[i : i + 2] == ["as", "you"] or (lows[i] == "with" and lows[i + 1] in ("your", "all"))
        if opener and s.qstart > i + 1:
            comma = next((k for k in range(i + 1, s.qstart) if lows[k] == ","), -1)
            if comma > i:
                return self.finding(utt, utt.doc[i].idx, utt.doc[comma - 1].idx + len(utt.doc[comma - 1].text),
                                    rule=f"{self.code}:frame", message="'{match}' builds on what the teacher brings.")
        if i + 3 < s.span.end and lows[i] == "as" and lows[i + 1] in ("a", "an", "someone") and s.is_question:
            for k in range(i + 2, min(s.span.end, i + 6)):
                if lows[k] == ",":
                    return self.finding(utt, utt.doc[i].idx, utt.doc[k - 1].idx + len(utt.doc[k - 1].text),
                                        rule=f"{self.code}:role", message="'{match}' draws on the teacher's expertise.")
        return None

    def _not_yet(self, utt: Context, s: Sentence) -> Move | None:
        """'They aren't reading fluently yet': the 'yet' presupposes they will."""
        lows = utt.low[s.start : s.span.end]
        words = [w for w in lows if w.isalpha() or w in ("n't",)]
        if s.is_question or not words or words[-1] != "yet" or not ({"n't", "not"} & set(lows)):
            return None
        return self.finding(utt, s.span.start_char, s.span.end_char, rule=f"{self.code}:yet",
                            message="'{match}': 'yet' presupposes they will get there.")
