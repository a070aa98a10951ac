"""Judgment: praise or criticism of the work, the person or the arrangement (Cognitive Coaching:
value-laden words "cause mistrust"), including verdicts, blame, counterfactual "should have" and
reassurance that overrules the teacher's own reading.

Two kinds of evidence: formulas from lexicons/judgment.yml ("great job", "I love how", "stop
beating yourself up", "you can't keep blaming"), and a verdict read from structure: a rating word
(lexicons/wordsets.yml: praise and criticism adjectives, verdict nouns, a degree word before a
size or pace word) predicated of the work ("Your checklist is too long", "That's an excuse",
"Posting the rules once is so passive"). Feeling words ("that's hard", "that sounds exhausting")
are empathy, not verdicts, and questions are never verdicts.
"""

from __future__ import annotations

from typing import Iterator

from ..model.analysis import Move
from ..nlp.lexicons import word_set
from ..nlp.context import Context, Sentence
from ..nlp.overlap import previous_stems
from ..nlp.syntax import clauses, stem
from .base import Detector, Found, register

LINKING = word_set("judgment.linking")
# Words that may stand between a linking verb and the rating word ("is, um, maybe a touch slow").
BRIDGE = word_set("judgment.bridge")
SKIP_SUBJECTS = word_set("judgment.skip_subjects")
REPORTING_MIND = word_set("judgment.reporting_mind")
VERDICT_DETERMINERS = word_set("judgment.verdict_determiners")


# After "could/should have": a person or a noun phrase makes 'have' causative or possessive.
CAUSEE = word_set("judgment.causee")
# "Calling home first was a smart move": a rating adjective before a noun for what she chose.
CHOICE_NOUNS = word_set("judgment.choice_nouns")
FRAGMENT_NOT_VERDICT = word_set("judgment.fragment_not_verdict")
FRAGMENT_NOT_RATING = word_set("judgment.fragment_not_rating")
# "You did great", "you handled it poorly": a rating adverb on how she did something.
MANNER_VERDICTS = word_set("judgment.manner_verdicts")
NOT_PERFORMANCE = word_set("judgment.not_performance")


@register
class Judgment(Detector):
    """Judgment: '{match}' evaluates the work or the person; data or a question keeps it theirs.

    **Anti-pattern**: "Great job! That lesson went really well."
    **Best practice**: "What went the way you hoped? I noticed 14 of 22 students spoke."
    """

    code = "S004"
    name = "judgment"
    requires = frozenset({"self_focus"})  # the coach rating her own past is her story, not a verdict
    suggestion = "Share data you observed, or ask what they noticed, instead of a verdict."

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        for s in utt.sentences:
            if s.quoted or s.is_question or self._own_story(utt, s, found):
                continue
            move = self._formula(utt, s) or self._verdict(utt, s) or self._works(utt, s) or \
                self._counterfactual(utt, s) or self._idle(utt, s) or self._fragment(utt, s) or \
                self._performance(utt, s)
            if move is not None:
                yield move

    @staticmethod
    def _own_story(utt: Context, s: Sentence, found: Found) -> bool:
        """'My first lab was a disaster. It was awful.': the coach rating her own past, told as a
        story (self-focus), is no verdict on the teacher."""
        k = s.index
        if found("self_focus", s):
            return True
        if k > 0 and found("self_focus", utt.sentences[k - 1]):
            return utt.low[s.start] in ("it", "that", "this", "they") if s.start < s.span.end else False
        return False

    def _formula(self, utt: Context, s: Sentence) -> Move | None:
        for span in utt.signals_in("JUDGMENT", s):
            if self._reported(utt, s, span.start):
                continue
            if span.id_ == "JUD-005" and span.end < s.span.end and utt.low[span.end] in CAUSEE:
                continue  # "You could have me tally who talks": causative 'have', a proposal
            if utt.low[span.start] == "love" and span.start > s.start and \
                    utt.low[span.start - 1] not in ("i", "just", "really", "totally", "absolutely", "so"):
                continue  # "...because you want them to love it": not the coach's praise
            return self.span_finding(utt, span, rule=span.id_, message=self.entry_message(span))
        return None

    def _verdict(self, utt: Context, s: Sentence) -> Move | None:
        """A rating word predicated of the work: subject + linking verb (+ hedges and degree words)
        + praise/criticism adjective, verdict noun, or degree + size/pace word."""
        words = utt.grammar.words
        praise, blame = words("praise_adjectives"), words("criticism_adjectives")
        verdicts, dims, feelings = words("verdict_nouns"), words("dimension_adjectives"), words("feeling_predicates")
        degree = words("degree_words")
        if utt.signals_in("AUTONOMY", s):
            return None  # "Either way is fine": a choice handed back, not a rating
        prev = previous_stems(utt)
        lows = utt.low
        subjects = {c.verb_i: c.subj for c in clauses(utt, s) if c.verb_i >= 0}
        for k in range(s.start, s.span.end):
            if lows[k] not in LINKING:
                continue
            subj = subjects.get(k) or self._subject_before(utt, s, k)
            if subj in SKIP_SUBJECTS:
                continue
            if k > s.start and lows[k - 1] in ("would", "could", "might", "will", "'d", "'ll", "may", "to", "gonna",
                                               "should", "must", "ought", "need", "needs"):
                continue  # "it would be nice if...": a wish, not a verdict
            if self._reported(utt, s, k):
                continue  # "you're worried it's a waste of time": her verdict, reported
            graded = False
            j = k + 1
            while j < s.span.end and (lows[j] in BRIDGE or lows[j] in degree) and j < k + 9:
                graded = graded or lows[j] in degree and lows[j] not in ("a", "an", "the", "just")
                j += 1
            if j >= s.span.end:
                break
            w = lows[j]
            if w in feelings or utt.signal_at("EMOTION", j) is not None and w not in blame:
                continue
            if w == "off" and lows[k] in ("went", "goes", "go", "going", "gone"):
                continue  # "the alarm went off": a phrasal verb, no rating
            if subj == "you" and w not in praise and not (lows[j - 1] == "too" and utt.doc[j].pos_ in ("ADJ", "")
                                                          and w not in feelings and w not in ("much", "many")):
                continue  # "you're exhausted" is a feeling; "you're great at this", "you're too soft" a verdict
            predicative = j + 1 >= s.span.end or utt.doc[j + 1].is_punct or utt.doc[j + 1].pos_ in ("ADP", "SCONJ",
                                                                                                "CCONJ", "PART")
            if lows[j - 1] in ("a", "an", "the") and w not in verdicts and j + 1 < s.span.end and \
                    lows[j + 1] in verdicts:
                j, w = j + 1, lows[j + 1]  # "a rehearsal problem": the verdict noun behind a modifier
            hit = (w in praise or w in blame) and predicative or (w in dims and graded and predicative and subj != "you") or (
                w in verdicts and (j == k + 1 or lows[j - 1] in VERDICT_DETERMINERS)) or \
                self._rated_choice(utt, s, j, w in praise or w in blame)
            if hit and stem(utt, w) in prev:
                continue  # her own rating word given back ("It was a mess.") is a reflection, not a verdict
            if hit:
                end = utt.doc[j].idx + len(utt.doc[j].text)
                start = utt.doc[s.start].idx
                return self.finding(utt, start, max(end, start + 1), rule=f"{self.code}:verdict",
                                    message="'{match}' is a verdict on the work: it puts you in the evaluator's chair.")
        return None

    @staticmethod
    def _rated_choice(utt: Context, s: Sentence, j: int, rating: bool) -> bool:
        """'Talking to him first was a smart move', 'that's the wrong call': a rating adjective on a
        noun naming what she chose, predicated of her action. 'It's a good idea to...' (a to-clause
        after the noun) frames advice, not a verdict."""
        lows = utt.low
        if not rating or lows[j - 1] not in ("a", "an", "the", "such") or j + 1 >= s.span.end:
            return False
        if lows[j + 1] not in CHOICE_NOUNS:
            return False
        return j + 2 >= s.span.end or lows[j + 2] not in ("to", "would", "might", "could", "if")

    def _fragment(self, utt: Context, s: Sentence) -> Move | None:
        """'Great seminar today.', 'Really sloppy handoff, honestly.': a verbless noun phrase headed
        by a rating adjective is a verdict on the work. Greetings and wishes ('Good morning',
        'Good luck') and describing words ('Clear goals, short tasks') are not."""
        lows, doc = utt.low, utt.doc
        k = s.span.start  # not s.start: "Great" opening a sentence is read as a discourse word there
        while k < s.span.end and (lows[k] in ("really", "so", "very", "pretty", "just", "such", "a", "an", "truly")):
            k += 1
        if k + 1 >= s.span.end or lows[k] in FRAGMENT_NOT_RATING:
            return None
        praise, blame = utt.grammar.words("praise_adjectives"), utt.grammar.words("criticism_adjectives")
        if lows[k] not in praise and lows[k] not in blame:
            return None
        nxt = doc[k + 1]
        if nxt.is_punct or lows[k + 1] in FRAGMENT_NOT_VERDICT or nxt.pos_ in ("ADP", "DET", "PRON", "INTJ", "PART",
                                                                              "CCONJ", "SCONJ", "AUX", "VERB"):
            return None
        if any(doc[i].pos_ == "AUX" or doc[i].pos_ == "VERB" and doc[i - 1].pos_ not in ("DET", "PRON", "ADJ")
               for i in range(k + 1, s.span.end)):
            return None  # a clause, not a fragment ("the end" after a determiner is a noun)
        prev = previous_stems(utt)
        said = {t.lower_ for t in utt.prev_doc} if utt.prev_doc is not None else set()
        if {lows[k], lows[k + 1]} & said or stem(utt, lows[k]) in prev or stem(utt, lows[k + 1]) in prev:
            return None  # her own words given back ("Nice car, nice house." -> "A nice car..."): an echo
        first = s.start if s.start <= k else s.span.start  # "Great" read as a discourse word starts no later
        return self.finding(utt, doc[first].idx, doc[k + 1].idx + len(doc[k + 1].text), rule=f"{self.code}:fragment",
                            message="'{match}' is a verdict on the work: it puts you in the evaluator's chair.")

    @staticmethod
    def _reported(utt: Context, s: Sentence, k: int) -> bool:
        """Is the rating at token k inside what the teacher thinks or feels ("part of you doubts
        it's good for them", "you're worried it's a waste")? Then it is hers, not the coach's."""
        if any(r.start < k for r in utt.signals_in("REFLECTION", s)):
            return True
        lows = utt.low
        for j in range(s.start, k):
            if lows[j] in REPORTING_MIND and j > s.start and lows[j - 1] in ("you", "'re", "are", "you're", "of"):
                return True
        return False

    @staticmethod
    def _subject_before(utt: Context, s: Sentence, k: int) -> str:
        """The pronoun right before the linking verb, else a noun phrase ('the prompt you gave them')."""
        if k - 1 >= s.span.start and utt.low[k - 1] in ("i", "we", "you", "they", "it", "that", "this", "he", "she"):
            return utt.low[k - 1]
        return "np"

    def _works(self, utt: Context, s: Sentence) -> Move | None:
        """'That could maybe kind of work', 'it might backfire': a verdict on whether the teacher's
        idea will succeed, however hedged."""
        lows = utt.low
        for k in range(s.start, min(s.span.end, s.start + 3)):
            if lows[k] in ("that", "it", "this") and k + 1 < s.span.end:
                j = k + 1
                modal = False
                while j < s.span.end and (lows[j] in ("could", "might", "may", "would", "will", "'ll", "'d", "should")
                                          or lows[j] in BRIDGE or lows[j] in ("i", "do", "n't", "know", "don't")):
                    modal = modal or lows[j] in ("could", "might", "may", "would", "will", "'ll", "'d", "should")
                    j += 1
                if modal and j < s.span.end and lows[j] in ("work", "backfire", "flop", "fail", "succeed", "bomb"):
                    return self.finding(utt, utt.doc[k].idx, utt.doc[j].idx + len(utt.doc[j].text),
                                        rule=f"{self.code}:works",
                                        message="'{match}' rates the teacher's idea: ask what she expects instead.")
                break
        return None

    def _counterfactual(self, utt: Context, s: Sentence) -> Move | None:
        """'If your labs were shorter, they'd finish': blame put as a condition
        contrary to fact about the teacher's work."""
        lows = utt.low
        if "if" not in lows[s.start : s.span.end]:
            return None
        k = lows.index("if", s.start)
        if k + 2 < s.span.end and (lows[k + 1 : k + 3] in (["i", "were"], ["i", "was"]) or
                                   lows[k + 1 : k + 4] in (["it", "were", "me"], ["it", "was", "me"])):
            return None  # "If I were you", "if it were me" frame advice
        clause = lows[k + 1 : min(s.span.end, k + 10)]
        if not ({"were", "had"} & set(clause)) or not ({"you", "your", "lesson", "unit", "class", "it", "that", "plan",
                                                        "lessons", "assignment", "prompt", "rules"} & set(clause)):
            return None
        rest = lows[k + 2 : s.span.end]
        if any(w in ("would", "'d", "wouldn't") for w in rest):
            return self.finding(utt, s.span.start_char, s.span.end_char, rule=f"{self.code}:counterfactual",
                                message="'{match}' blames through a condition contrary to fact: a verdict.")
        return None

    def _performance(self, utt: Context, s: Sentence) -> Move | None:
        """'You did great', 'you handled that poorly', "you've explained it beautifully": a rating
        adverb on how the teacher did something is a verdict on her work. Not a rating: 'well' after
        a verb of knowing or a state ('you know them well'), 'as well', and her own word given back."""
        lows, doc = utt.low, utt.doc
        prev = previous_stems(utt)
        for c in clauses(utt, s):
            if c.subj != "you" or c.verb_i < 0:
                continue
            k = c.verb_i
            while k < c.end and lows[k] in ("'ve", "have", "had", "really", "just", "also", "both", "all", "actually"):
                k += 1
            transitive = k + 1 < c.end and lows[k + 1] in ("that", "the", "it", "this", "those", "a", "an", "them",
                                                           "her", "his", "their", "your")
            if k >= c.end or lows[k] in NOT_PERFORMANCE or utt.lemma(doc[k]) in NOT_PERFORMANCE or \
                    (lows[k] in LINKING and not transitive) or doc[k].tag_ in ("MD", "VBG") or \
                    (doc[k].tag_ == "VB" and lows[k - 1] not in ("'ve", "have", "had")):  # "you've run it": a participle
                continue  # a state, a linking verb (the verdict rule's: 'it ran long'), a modal or an instruction
            for j in range(k + 1, min(c.end, k + 7)):
                w = lows[j]
                if w in MANNER_VERDICTS:
                    if w == "well" and (lows[j - 1] == "as" or (j + 1 < c.end and lows[j + 1] == "as")):
                        break  # "as well": also
                    if stem(utt, w) in prev:
                        break  # "It went well" said back: her rating, not the coach's
                    return self.finding(utt, doc[c.start].idx, doc[j].idx + len(doc[j].text),
                                        rule=f"{self.code}:performance",
                                        message="'{match}' rates how the teacher did: a verdict, not the data.")
                if doc[j].is_punct or w in ("because", "when", "if", "but", "and", "so", "since", "while"):
                    break
        return None

    def _idle(self, utt: Context, s: Sentence) -> Move | None:
        """'Your groups sat idle for half the period', 'the kids were off task most of the block':
        students' lost time laid at the teacher's door, a verdict on the arrangement."""
        lows = utt.low
        idle = utt.grammar.words("idle_words")
        cls = clauses(utt, s)
        if not cls or cls[0].subj not in ("your", "np", "they") or cls[0].verb_i < 0:
            return None
        k = cls[0].verb_i
        if lows[k] not in ("sat", "stood", "spent", "waited", "were", "was", "wandered"):
            return None
        rest = lows[k + 1 : min(s.span.end, k + 4)]
        if lows[k] == "waited" or any(w in idle for w in rest) or rest[:2] == ["off", "task"]:
            duration = {"half", "most", "whole", "entire", "all"} & set(lows[k + 1 : s.span.end])
            if duration or lows[cls[0].subj_i] == "your":
                return self.finding(utt, s.span.start_char, s.span.end_char, rule=f"{self.code}:idle",
                                    message="'{match}' lays the lost time at the teacher's door: a verdict, "
                                            "not the data itself.")
        return None
