"""Advice: telling the teacher what to do (MITI Persuade; Lipton & Wellman's consultant stance).

Advice is read from three kinds of evidence: frames from lexicons/advice.yml at the head of a clause
("you need to", "I'd...", "make sure", "it might be worth"), imperatives (a base-form verb heading
a clause with no subject), and a new thing put forward as the fix ("A visual timer would help",
"the groups might need a checkpoint"). Leading questions carry advice too, but they are
`question.leading`, never also `advice` (the labelling conventions).

Not advice: courtesy idioms in imperative form (lexicons/politeness.yml), invitations to talk
("Describe...", "Picture..."), choices handed back ("Keep it, change it or drop it: your call"),
reassurance (a judgment), and an imperative that gives the teacher's own plan back to her.
"""

from __future__ import annotations

from typing import Iterator

from ..model.analysis import Move
from ..nlp.lexicons import word_set
from ..nlp.context import Context, Sentence
from ..nlp.overlap import overlap, previous_states_a_plan
from ..nlp.syntax import imperative_head
from ..nlp.words import DISCOURSE
from .base import Detector, Found, register

SOFTENERS = word_set("advice.softeners")
STATIVE = word_set("advice.stative")
# Words that may stand before an advice frame at the head of a clause.
CLAUSE_LEAD = word_set("advice.clause_lead")
REPORTING = word_set("advice.reporting")
EPISTEMIC = word_set("advice.epistemic")
OBJECT_PRONOUNS = word_set("advice.object_pronouns")
# "A visual timer would help": an indefinite noun phrase put forward as the fix (also used by rewrites).
PROPOSAL_DETERMINERS = word_set("advice.proposal_determiners")
QUANTITY_NOUNS = word_set("advice.quantity_nouns")
FIX_VERBS = word_set("advice.fix_verbs")
SUBORDINATORS = word_set("advice.subordinators")
# Negative imperatives that are reassurance or filler, not instructions.
DONT_OK = word_set("advice.dont_ok")
CLAUSE_OPENERS = word_set("advice.clause_openers")
SUBJECT_WORDS = word_set("advice.subject_words")
# "No, wait a minute", "Here, take a look", "Yes, go ahead": an interjection, not a fronted adverbial.
INTERJECTIONS = DISCOURSE | word_set("advice.interjections_extra")
# After "you could/might": verbs of state, perception, saying and happening are no proposal.
NOT_AGENTIVE = word_set("advice.not_agentive")
HEDGE_MODALS = word_set("advice.hedge_modals")
# After "you need": words that are no new thing put forward ("to" is the ADV-005 frame; her own "your").
NEED_NOT_OBJECT = word_set("advice.need_not_object")
# "should have + a person or noun phrase" is causative or possessive, not a regret (shared with judgment).
CAUSEE = word_set("judgment.causee")
# A noun phrase in her charge, laid under an obligation ("the mentors should step back").
NP_DETERMINERS = word_set("advice.np_determiners")
OUTSIDE_AGENTS = word_set("advice.outside_agents")
OBLIGATION_ADVERBS = word_set("advice.obligation_adverbs")
NOT_AFTER_BE = word_set("advice.not_after_be")
NEED_OBJECT_OPENERS = word_set("advice.need_object_openers")
PERSON_NOUNS = word_set("reflection.person_nouns")
GROUP_NOUNS = word_set("reflection.group_nouns")


def _comparative(word: str) -> bool:
    """'smaller', 'shorter', 'more visual', 'fewer': a change of degree."""
    return word in ("more", "less", "fewer", "bigger", "better") or (len(word) > 4 and word.endswith("er")
                                                                    and word not in ("never", "other", "over", "under",
                                                                                     "after", "together", "rather"))


def _clause_initial(first: str, before: str, before2: str) -> bool:
    """Does an advice frame start its clause ("I think you should", ", you should"), rather than
    sit inside a subordinate or relative clause ("that you could", "the reasons you have to")?"""
    if not before or not before[0].isalpha():
        return True
    if before == "that":
        return before2 in REPORTING  # "I think that you should..."
    if before in ("to", "wanna", "gonna", "gotta"):
        return False  # "just to make sure", "I wanna make sure": the coach's own purpose
    if before == "what" and first == "i":
        return True  # "What I'd recommend is that you...": a pseudo-cleft around the recommendation
    if before in SUBORDINATORS:
        return False
    if first != "you":
        return True  # "If I were you", "make sure", "I'd suggest": phrases that carry their own frame
    return before in CLAUSE_LEAD


@register
class Advice(Detector):
    """Advice: tells the teacher what to do; the idea becomes the coach's, not the teacher's.

    **Anti-pattern**: "You should use a timer."
    **Best practice**: "What might help with pacing?" or, if they ask: "Would it help if I shared an idea?"
    """

    code = "A001"
    name = "advice"
    suggestion = "Ask what they have considered, or ask permission before offering an idea."

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        for s in utt.sentences:
            if s.quoted or s.is_question:
                continue  # a suggestion in question form is question.leading, not also advice
            if s.span.start == 0 and utt.low and utt.low[0] in ("-", "--", "—", "–", "…", "..."):
                # "-and model for your daughter...": the utterance finishes a sentence the other
                # speaker cut into; its opening has no subject of its own and is no instruction.
                continue
            move = self._framed(utt, s) or self._you_could(utt, s) or self._structural(utt, s)
            if move is not None:
                yield move

    def _framed(self, utt: Context, s: Sentence) -> Move | None:
        """An advice frame from the lexicon at the head of a clause."""
        for span in utt.signals_in("ADVICE", s):
            before = utt.low[span.start - 1] if span.start > s.span.start else ""
            before2 = utt.low[span.start - 2] if span.start - 1 > s.span.start else ""
            after = utt.low[span.end] if span.end < s.span.end else ""
            if not _clause_initial(utt.low[span.start], before, before2):
                # "...not sure that you could finish it", "the reasons you have to
                # quit", "just to make sure": reported, relative or the coach's own purpose.
                continue
            if utt.low[span.start] == "you" and any(utt.low[k] == "must" for k in range(span.start, span.end)) \
                    and after in STATIVE:
                continue  # "You must like that statue": a guess about the teacher, not an instruction.
            if after in ("n't", "not"):
                after = utt.low[span.end + 1] if span.end + 1 < s.span.end else ""
            after2 = utt.low[span.end + 1] if span.end + 1 < s.span.end else ""
            if span.id_ == "ADV-001" and after == "be" and after2.endswith("ing"):
                pass  # "You should be modelling it every week": an instruction in the progressive
            elif span.id_ == "ADV-001" and (after in EPISTEMIC or not after.isalpha()) and \
                    not (after == "have" and after2 in CAUSEE):
                continue  # "You must be tired", "you should have seen it": a guess or a regret.
                # ("You should have them work in roles" is causative 'have': an instruction.)
            if span.id_ == "ADV-014" and after in ("it", "noting", "mentioning", "saying", "a", "the", "every"):
                continue  # "it's worth it", "it's worth noting that...": an evaluation or information
            if span.id_ == "ADV-016" and (not after.isalpha() or after in NEED_NOT_OBJECT or self._gives_her_back(utt, s)):
                continue  # "You need a break, it sounds like": her need given back, not prescribed
            if after in ("i", "we") or (utt.low[span.end - 1] == "to" and after in OBJECT_PRONOUNS):
                # "make sure I understand" is the coach's own step; "it's important to you"
                # names a value, not an instruction.
                continue
            return self.finding(utt, span.start_char, s.span.end_char, rule=span.id_,
                                message=self.entry_message(span))
        return None

    @staticmethod
    def _gives_her_back(utt: Context, s: Sentence) -> bool:
        """A reflection stem in the sentence, or most of its words from her last line."""
        if utt.signals_in("REFLECTION", s):
            return True
        if utt.prev_doc is None:
            return False
        mine, shared = overlap(utt, s.span)
        return len(shared) / max(1, len(mine)) >= 0.5

    def _you_could(self, utt: Context, s: Sentence) -> Move | None:
        """'You could pair them up', 'you might start with the lab': a second-person modal of
        possibility before an agentive verb puts a course of action forward. 'You could get
        hurt', 'you might be right', 'you could tell me more' do not."""
        lows = utt.low
        for k in self._clause_heads(utt, s):
            if k + 2 >= s.span.end or lows[k] != "you" or lows[k + 1] not in ("could", "might", "may"):
                continue
            j = k + 2
            while j < s.span.end and lows[j] in ("maybe", "perhaps", "just", "also", "always", "even", "possibly",
                                                 "probably", "really", "still"):
                j += 1
            doing = lows[j] == "do" and j + 1 < s.span.end and lows[j + 1] in ("a", "an", "the", "some", "that", "this")
            # "You could have me tally who talks": causative 'have' + a person + a base verb proposes a step.
            causative = lows[j] == "have" and j + 2 < s.span.end and lows[j + 1] in OBJECT_PRONOUNS | {"someone"} \
                and utt.grammar.verb_tags.get(lows[j + 2]) == "VB"
            if j < s.span.end and (utt.grammar.verb_tags.get(lows[j]) == "VB" and lows[j] not in NOT_AGENTIVE or doing
                                   or causative):
                return self.finding(utt, utt.doc[k].idx, s.span.end_char, rule=f"{self.code}:could",
                                    message="'{match}' is a suggestion, however softly it is put: advice.")
        return None

    def _structural(self, utt: Context, s: Sentence) -> Move | None:
        for i in self._clause_heads(utt, s):
            move = self._proposed_fix(utt, s, i) or self._hedged_need(utt, s, i, s.span.end) or \
                self._her_people_must(utt, s, i) or self._others_must(utt, s, i) or \
                self._imperative(utt, s, i, s.span.end)
            if move is not None:
                return move
        return None

    @staticmethod
    def _clause_heads(utt: Context, s: Sentence) -> list[int]:
        """Where a main clause can start: the sentence start; after ', but' / ', so' / ':' / ';';
        after a fronted adverbial ('Next time, start...'); after an if/when clause ('If they finish
        early, have them...'). Not after 'and' or a bare comma, where a verb is usually coordinated
        with a subject named earlier ('you go and get into trouble')."""
        doc, lows = utt.doc, utt.low
        end = s.span.end
        heads = [s.start]
        for k in range(s.start, end - 1):
            if lows[k] == "," and lows[k + 1] in ("but", "so"):
                heads.append(utt.content_start(k + 1, end))
            elif lows[k] == "that" and k > s.start and lows[k - 1] in ("possible", "likely", "think", "guess", "bet",
                                                                        "suspect", "feel", "sense", "chance"):
                heads.append(k + 1)  # "It's possible that a later deadline could help": the proposal itself
            elif lows[k] in (":", ";"):
                heads.append(utt.content_start(k + 1, end))
        for k in range(s.start + 1, min(end - 1, s.start + 4)):
            if lows[k] == ",":
                lead = doc[s.start : k]
                if all(t.pos_ not in ("VERB", "AUX") and t.tag_ != "MD" and t.lower_ not in SUBJECT_WORDS
                       and t.lower_ not in INTERJECTIONS and t.is_alpha for t in lead) \
                        and lows[s.start] not in CLAUSE_OPENERS:
                    heads.append(utt.content_start(k + 1, end))
                break
        if s.start < end and lows[s.start] in CLAUSE_OPENERS:
            for k in range(s.start, end - 1):
                if lows[k] == ",":
                    if lows[k - 1] != "to":  # "if you were to, um, consider...": still the if-clause
                        heads.append(utt.content_start(k + 1, end))
                    break
        return [h for h in dict.fromkeys(heads) if h < end]

    def _proposed_fix(self, utt: Context, s: Sentence, i: int) -> Move | None:
        """'A visual timer would really help.', 'Some structure could fix that.': a new thing (an
        indefinite noun phrase) put forward as the fix. 'That would help' and 'It might work' judge
        something already on the table and are left alone."""
        lows = utt.low
        end = s.span.end
        if i >= end or lows[i] not in PROPOSAL_DETERMINERS or (i + 1 < end and lows[i + 1] in QUANTITY_NOUNS):
            return None
        for k in range(i + 1, min(end - 1, i + 7)):
            if lows[k] == "of":
                return None  # "some of them", "a group of kids": people or amounts, not a fix
            if lows[k] in ("would", "could", "might", "will", "'d", "'ll", "may"):
                j = k + 1
                while j < end and (lows[j] in ("really", "probably", "definitely", "certainly", "totally", "also",
                                               "maybe", "perhaps", "possibly") or lows[j] in (",", "in", "a", "way")):
                    j += 1
                if j < end and utt.lemma(utt.doc[j]) in FIX_VERBS and k > i + 1:
                    return self.finding(utt, utt.doc[i].idx, s.span.end_char, rule=f"{self.code}:proposal",
                                        message="'{match}' puts your fix forward: the idea becomes yours, not theirs.")
                return None
            if utt.doc[k].is_punct or utt.doc[k].pos_ == "AUX" or (utt.doc[k].pos_ == "VERB" and k > i + 1):
                return None  # right after the article a verb-like word is a noun: "more practice"
        return None

    def _her_people_must(self, utt: Context, s: Sentence, i: int) -> Move | None:
        """'Your team should work on small-group reading', 'your sixth graders need to practise
        it': an obligation laid on her own people (a 'your' noun phrase) tells her what to have
        them do. 'Your kids should be proud' rates them (judgment), and 'your plan needs work' is
        left to the verdict detectors."""
        lows, end = utt.low, s.span.end
        if lows[i] != "your":
            return None
        for k in range(i + 1, min(end - 1, i + 5)):
            w, nxt = lows[k], lows[k + 1]
            if w in ("should", "must", "ought") or (w in ("need", "needs", "have", "has") and nxt == "to"):
                j = k + 1 if w in ("should", "must") else k + 2
                while j < end and lows[j] in ("really", "also", "probably", "definitely", "just", "all", "still"):
                    j += 1
                if j >= end or lows[j] in ("n't", "not") and w != "should" or (
                        lows[j] == "be" and not (j + 1 < end and lows[j + 1].endswith("ing"))):
                    return None
                if lows[j] in ("n't", "not") or utt.grammar.verb_tags.get(lows[j]) == "VB":
                    return self.finding(utt, utt.doc[i].idx, s.span.end_char, rule=f"{self.code}:obliged",
                                        message="'{match}' tells her what her people must do: the idea becomes yours.")
                return None
            if utt.doc[k].is_punct or utt.doc[k].pos_ in ("VERB", "AUX") or utt.doc[k].tag_ == "MD":
                return None
        return None

    def _others_must(self, utt: Context, s: Sentence, i: int) -> Move | None:
        """'The mentors should step back', 'the summaries need to be short', 'group three ought to
        go first', 'the groups could be smaller': an obligation or a change laid, in a statement, on
        a noun phrase in her charge (her students, groups, materials) tells her what to do with it.
        Not advice: the epistemic reading ('the bus should be here by now', 'the kids should be
        arriving'), a regret ('should have', a verdict), what someone outside her room should do
        ('the district should fund it'), and 'could'/'might' of anything but a change of size or
        an action by people ('the kids could hear the drill' is ability)."""
        lows, doc, end = utt.low, utt.doc, s.span.end
        k = self._subject_end(utt, i, end)
        if k is None:
            return None
        head = lows[k - 1]
        modal = lows[k]
        if modal in ("need", "needs") and k + 1 < end and lows[k + 1] in NEED_OBJECT_OPENERS and \
                lows[i] in ("the", "this", "that", "these", "those"):
            return self._others_finding(utt, s, i)  # "the class needs a clearer routine": the coach's prescription
        if modal in ("need", "needs", "have", "has", "ought"):
            if k + 1 >= end or lows[k + 1] != "to":
                return None
            j = k + 2
        elif modal in ("should", "must", "could", "might"):
            j = k + 1
        else:
            return None
        while j < end and lows[j] in OBLIGATION_ADVERBS:
            j += 1
        if j < end and lows[j] in ("n't", "not"):
            if modal not in ("should", "must", "ought"):
                return None  # "they don't need to", "could not": no obligation laid
            j += 1
        if j >= end:
            return None
        tentative = modal in ("could", "might")
        w = lows[j]
        if w == "have" and j + 1 < end and (doc[j + 1].tag_ == "VBN" or lows[j + 1].endswith(("ed", "en"))):
            return None  # "the groups should have been smaller": a regret (judgment's counterfactual)
        if w == "have" and not tentative and j + 1 < end and lows[j + 1] in ("the", "a", "an", "their", "some", "more"):
            return self._others_finding(utt, s, i)  # "students should have the rubric first": see that they do
        for b in range(j, end - 1):
            if lows[b] == "by" and (lows[b + 1] in ("the", "a", "an", "their", "his", "her", "our")
                                    or lows[b + 1] in OUTSIDE_AGENTS):
                return None  # "accounts have to be linked by the front office": a procedure, done by others
        if w == "be":
            nxt = lows[j + 1] if j + 1 < end else ""
            if not nxt[:1].isalpha() or nxt.endswith("ing") or nxt in NOT_AFTER_BE:
                return None
            if tentative and not _comparative(nxt):
                return None  # "the quiz could be hard": a possibility, not a proposal
        elif not (utt.grammar.verb_tags.get(w) == "VB" or (not doc[j].tag_ and doc[j].is_alpha)) or \
                utt.lemma(doc[j]) in NOT_AGENTIVE:
            return None  # right after the modal an untagged word is the base verb ("should swap")
        elif tentative and not (head in GROUP_NOUNS or head.rstrip("s") in PERSON_NOUNS):
            return None  # "the bell might ring": could/might of a thing is possibility
        return self._others_finding(utt, s, i)

    def _others_finding(self, utt: Context, s: Sentence, i: int) -> Move:
        return self.finding(utt, utt.doc[i].idx, s.span.end_char, rule=f"{self.code}:others",
                            message="'{match}' tells her what to do with her class or materials: the idea "
                                    "becomes yours.")

    @staticmethod
    def _subject_end(utt: Context, i: int, end: int) -> int | None:
        """Where a short third-person noun phrase at i ends ('the mentors', 'group three', 'everyone
        on the team'): the index of the word after it, or None when i starts no such phrase (a
        pronoun, a verb, a subordinator) or it names someone outside her room."""
        lows, doc = utt.low, utt.doc
        first = lows[i] if i < end else ""
        if not (first in NP_DETERMINERS or (doc[i].is_alpha and not doc[i].tag_)) if i < end else True:
            return None
        for k in range(i + 1, min(end, i + 6)):
            tok = doc[k]
            if tok.tag_ == "MD" or lows[k] in ("need", "needs", "have", "has", "ought"):
                if k == i + 1 and first in NP_DETERMINERS and first not in ("everyone", "everybody"):
                    return None  # "the should", "those need": no noun yet
                return None if lows[k - 1] in OUTSIDE_AGENTS else k
            if (tok.text == "-" and k + 1 < end and doc[k + 1].is_alpha) or (lows[k - 1] == "-" and tok.is_alpha):
                continue  # "the warm-up", "the check-in"
            # A verb form right before the modal, after a determiner, is the head noun: "the groups could".
            noun_reading = tok.pos_ == "VERB" and k > i and (tok.tag_ == "VBG" or k + 1 < end and (
                doc[k + 1].tag_ == "MD" or lows[k + 1] in ("need", "needs", "ought")))  # also "the reading groups"
            if not (tok.is_alpha or tok.like_num) or tok.pos_ in ("AUX", "PRON") or \
                    (tok.pos_ == "VERB" and not noun_reading) or \
                    (tok.tag_ and not noun_reading and tok.tag_ not in ("DT", "IN", "CD", "JJ", "NN", "NNS")):
                return None
        return None

    def _hedged_need(self, utt: Context, s: Sentence, i: int, end: int) -> Move | None:
        """'The relay teams might need a captain', 'they could probably use a checkpoint': what the
        students need, proposed by the coach. A plain generic 'six-year-olds need to move' states
        a fact (information) and is left to that detector."""
        lows = utt.low
        for k in range(i + 1, min(end, i + 9)):
            if lows[k] in ("need", "use") and lows[k - 1] in HEDGE_MODALS | {"could", "probably"}:
                if lows[k] == "use" and lows[k - 1] not in ("could", "probably"):
                    continue
                subj = lows[i]
                if subj in ("i", "we", "you") or utt.doc[i].pos_ in ("VERB",):
                    return None
                if k + 1 < end and not utt.doc[k + 1].is_punct and lows[k + 1] not in ("to", "me", "you", "help"):
                    return self.finding(utt, utt.doc[i].idx, s.span.end_char, rule=f"{self.code}:need",
                                        message="'{match}' prescribes what they need: the idea becomes yours.")
            if utt.doc[k].is_punct:
                return None
        return None

    def _imperative(self, utt: Context, s: Sentence, start: int, end: int) -> Move | None:
        doc = utt.doc
        i = start
        while i < end and utt.low[i] in SOFTENERS:
            i += 1
        if i >= end:
            return None
        tok = doc[i]
        nxt = doc[i + 1] if i + 1 < end else None
        if tok.lower_ in ("do", "did") and nxt is not None and nxt.lower_ in ("n't", "not"):
            verb = doc[i + 2] if i + 2 < end else None
            if verb is not None and verb.pos_ == "VERB" and utt.lemma(verb) not in DONT_OK and tok.lower_ == "do" \
                    and not self._courtesy(utt, s, i) and not self._reassurance(utt, i):
                # "Don't give up on him." (an instruction); "Didn't work." is a report.
                return self.finding(utt, tok.idx, s.span.end_char, rule=f"{self.code}:imperative")
            return None
        if imperative_head(utt, i, end) != i:
            return None
        if utt.signal_at("ADVICE_VERB", i) is None and not utt.grammar.verb_tags.get(utt.low[i]) == "VB":
            return None
        if utt.signal_at("ELICIT", i) is not None or utt.signal_at("INVITATIONAL", i) is not None:
            return None  # "Tell me more", "Describe...", "Picture the room...": an invitation to think
        if self._courtesy(utt, s, i) or self._reassurance(utt, i) or self._choice_handed_back(utt, s):
            return None
        if tok.lower_ != utt.lemma(tok):  # "tried", "uses": a report, not an instruction
            return None
        if nxt is not None and (nxt.text in ("-", "--", "—") or nxt.lower_.startswith(("me-", "-"))):
            return None  # "get-getting...", "tell me- tell me": a restart, not an order
        if nxt is not None and nxt.lower_ in ("me", "us") and tok.lower_ not in ("let",) and \
                self._coordinated_imperative(utt, i + 2, end):
            # "Just send me the plan and fill out the form": the request to the coach is joined to
            # an instruction that shares its missing subject, so the sentence instructs.
            return self.finding(utt, tok.idx, s.span.end_char, rule=f"{self.code}:imperative")
        if nxt is not None and (nxt.lower_ in ("you", "goodness", "god", "'s", "us", "me")
                                or nxt.pos_ == "AUX" and not nxt.lower_.endswith("ing")  # "Try having me watch"
                                or nxt.text in (",", ".", "?", "!")):
            # "thank you"; "let's"/"let us" is collaboration; "let me" is the coach's own step;
            # "work is..." / "Plan." is a noun, not an order; "Look, ..." is a discourse marker.
            return None
        if self._restates_plan(utt, s):
            return None
        rule = (utt.signal_at("ADVICE_VERB", i).id_ if utt.signal_at("ADVICE_VERB", i) is not None  # type: ignore[union-attr]
                else f"{self.code}:imperative")
        return self.finding(utt, tok.idx, s.span.end_char, rule=rule)

    @staticmethod
    def _coordinated_imperative(utt: Context, start: int, end: int) -> bool:
        """An 'and' + a base verb with no subject of its own later in the clause ('... and fill out
        the form'); 'and I'll check' or 'and we can talk' name their own subject."""
        for k in range(start, end - 1):
            if utt.low[k] == "and":
                j = k + 1
                while j < end and utt.low[j] in SOFTENERS:
                    j += 1
                return j < end and imperative_head(utt, j, end) == j and utt.low[j] not in ("let", "i", "we")
            if utt.low[k] in (",", ";", ":", "but", "so", "if", "when"):
                return False
        return False

    @staticmethod
    def _courtesy(utt: Context, s: Sentence, i: int) -> bool:
        return any(sp.start <= i < sp.end or sp.start == i for sp in utt.signals_in("POLITE", s))

    @staticmethod
    def _reassurance(utt: Context, i: int) -> bool:
        """'Stop beating yourself up': reassurance over the teacher is a judgment, not advice."""
        return any(sp.start <= i < sp.end for sp in utt.signals_in("JUDGMENT"))

    @staticmethod
    def _choice_handed_back(utt: Context, s: Sentence) -> bool:
        """'Keep it, change it or drop it. Your call.': imperatives framed by autonomy offer a choice."""
        k = s.index
        near = utt.sentences[max(0, k - 1) : k + 2]
        return any(utt.signals_in("AUTONOMY", n) for n in near)

    @staticmethod
    def _restates_plan(utt: Context, s: Sentence) -> bool:
        """An imperative that repeats the plan the teacher just stated gives her plan back (a
        reflection), it does not instruct."""
        if not previous_states_a_plan(utt):
            return False
        mine, shared = overlap(utt, s.span)
        return len(shared) >= 2 and len(shared) / max(1, len(mine)) >= 0.5
