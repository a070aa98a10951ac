"""Advice: telling the teacher what to do (MITI Persuade; Lipton & Wellman's consultant stance)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Move
from .base import DISCOURSE, Detector, Sentence, Utt, register

# Leading-question frames that put a concrete suggestion in question form.
ADVICE_AS_QUESTION = frozenset(["LEA-003", "LEA-004", "LEA-005", "Q-SUGGEST"])

SOFTENERS = frozenset("maybe perhaps just please possibly probably definitely really also then so now first "
                      "next always".split())
STATIVE = frozenset("like love feel think know want hate mean see enjoy miss".split())
# Words that may stand before an advice frame at the head of a clause.
CLAUSE_LEAD = frozenset("and but so then now maybe perhaps just really also honestly well okay ok um uh yeah "
                        "alright right actually think guess mean feel believe said say says shows suggests".split())
REPORTING = frozenset("think feel believe guess suggest recommend mean know say said says shows suggests".split())


def _clause_initial(first: str, before: str, before2: str) -> bool:
    """Does an advice frame start its clause ("I think you should", ", you should"), rather than
    sit inside a subordinate or relative clause ("that you could", "the reasons you have to")?"""
    if not before or not before[0].isalpha():
        return True
    if before == "that":
        return before2 in REPORTING  # "I think that you should..."
    if before in ("to", "wanna", "gonna", "gotta"):
        return False  # "just to make sure", "I wanna make sure": the coach's own purpose
    if before in SUBORDINATORS:
        return False
    if first != "you":
        return True  # "If I were you", "make sure", "I'd suggest": phrases that carry their own frame
    return before in CLAUSE_LEAD


EPISTEMIC = frozenset(["be", "have", "'ve", "of", "know", ""])
OBJECT_PRONOUNS = frozenset("you me him her them us".split())
CLAUSE_OPENERS = frozenset("if when whenever once before after while since as".split())
# "A visual timer would help": an indefinite noun phrase put forward as the fix (also used by rewrites).
PROPOSAL_DETERMINERS = frozenset(["a", "an", "some", "more"])
QUANTITY_NOUNS = frozenset(["lot", "few", "couple", "bit", "of"])  # "a lot of them", "a few kids"
FIX_VERBS = frozenset("help fix solve work change improve".split())
SUBJECT_WORDS = frozenset("i you he she we they it this that there".split())
# "No, wait a minute", "Here, take a look", "Yes, go ahead": an interjection, not a fronted adverbial.
INTERJECTIONS = DISCOURSE | frozenset("no here please look listen sure hey wow great good fine".split())
SUBORDINATORS = frozenset("that if whether when because how what where why though although unless".split())
# Negative imperatives that are reassurance or filler, not instructions.
DONT_OK = frozenset("know think mean mind worry apologize apologise stress panic".split())


@register
class Advice(Detector):
    """Advice: tells the teacher what to do; the idea becomes the coach's, not the teacher's.

    **Anti-pattern**: "You should use a timer."
    **Better move**: "What might help with pacing?" or, if they ask: "Would it help if I shared an idea?"
    """

    code = "A001"
    name = "advice"
    order = 20
    suggestion = "Ask what they have considered, or ask permission before offering an idea."
    examples = {
        "match": ["You should use a timer.", "Try a turn-and-talk.", "I'd group them by skill.",
                  "Make sure you check the IEP.", "Maybe try moving her seat.", "Don't give up on him.",
                  "If I were you, I would call home.", "You need to set clearer expectations.",
                  "Next time, start with the objective.", "A visual timer would really help.",
                  "Here's my plan: start with a timer."],
        "no_match": ["Tell me more about that.", "Thank you for sharing that.", "What might you try?",
                     "You said 'you should use a timer' to her.", "Don't worry, I know what you mean.",
                     "Last week, we talked about it.", "Here, take a look.", "Yes, go ahead.",
                     "That would help.", "A lot of them would help out.", "Nice work on the anchor chart."],
    }

    def detect(self, utt: Utt) -> Iterator[Move]:
        for s in utt.sentences:
            if s.quoted:
                continue
            if s.span.start == 0 and utt.low and utt.low[0] in ("-", "--", "—", "–", "…", "..."):
                # "-and model for your daughter...": the utterance finishes a sentence the other
                # speaker cut into; its opening has no subject of its own and is no instruction.
                continue
            found = False
            if not s.is_question or s.qtype == "leading":
                for span in utt.signals_in("ADVICE", s):
                    before = utt.low[span.start - 1] if span.start > s.span.start else ""
                    before2 = utt.low[span.start - 2] if span.start - 1 > s.span.start else ""
                    after = utt.low[span.end] if span.end < s.span.end else ""
                    if not _clause_initial(span[0].lower_, before, before2):
                        # "...not feeling confident that you could do it", "the reasons you have to
                        # quit", "just to make sure": reported, relative or the coach's own purpose.
                        continue
                    if span[0].lower_ == "you" and any(utt.low[k] == "must" for k in range(span.start, span.end)) \
                            and after in STATIVE:
                        # "You must like that statue": a guess about the teacher, not an instruction.
                        continue
                    if span.id_ == "ADV-001" and (after in EPISTEMIC or not after.isalpha()):
                        # "You must be tired", "you should have seen it": a guess or a regret, not advice.
                        continue
                    if after in ("i", "we") or (span[-1].lower_ == "to" and after in OBJECT_PRONOUNS):
                        # "make sure I understand" is the coach's own step; "it's important to you"
                        # names a value, not an instruction.
                        continue
                    entry = self.lexicons.entries.get(span.id_)
                    msg = entry[1].message if entry and entry[1].message else None
                    yield self.finding(utt, span.start_char, s.span.end_char, rule=span.id_, message=msg)
                    found = True
                    break
            if not found and s.is_question and s.qtype == "leading" and s.qrule in ADVICE_AS_QUESTION:
                # "Why don't you use a timer?", "How about you try...": a suggestion in question form.
                yield self.finding(utt, utt.doc[s.qstart].idx, s.span.end_char, rule=s.qrule)
                continue
            if found or s.is_question:
                continue
            for i in self._clause_heads(utt, s):
                move = self._proposed_fix(utt, s, i) or self._imperative(utt, s, i)
                if move is not None:
                    yield move
                    break

    def _proposed_fix(self, utt: Utt, s: Sentence, i: int) -> Move | None:
        """'A visual timer would really help.', 'Some structure could fix that.': a new thing (an
        indefinite noun phrase) put forward as the fix. 'That would help' and 'It might work' judge
        something already on the table and are left alone."""
        lows = utt.low
        end = s.span.end
        if i >= end or lows[i] not in PROPOSAL_DETERMINERS or (i + 1 < end and lows[i + 1] in QUANTITY_NOUNS):
            return None
        for k in range(i + 1, min(end - 1, i + 5)):
            if lows[k] == "of":
                return None  # "some of them", "a group of kids": people or amounts, not a fix
            if lows[k] in ("would", "could", "might", "will", "'d", "'ll"):
                j = k + 1
                while j < end and lows[j] in ("really", "probably", "definitely", "certainly", "totally", "also"):
                    j += 1
                if j < end and lows[j] in FIX_VERBS and k > i + 1:
                    return self.finding(utt, utt.doc[i].idx, s.span.end_char, rule=f"{self.code}:proposal",
                                        message="'{match}' puts your fix forward: the idea becomes yours, not theirs.")
                return None
            if utt.doc[k].is_punct or utt.doc[k].pos_ == "AUX" or (utt.doc[k].pos_ == "VERB" and k > i + 1):
                return None  # right after the article a verb-like word is a noun: "more practice"
        return None

    def _clause_heads(self, utt: Utt, s: Sentence) -> list[int]:
        """The sentence start, and the start of a main clause after an if/when clause ('If you need
        to relax, go for a walk') or after a comma ('Yup, just sign the papers')."""
        doc = utt.doc
        heads = [s.start]
        # A main clause coordinated after a comma: "I hear you, but try a timer", "That's hard, so
        # just start with one group".
        for tok in doc[s.start : s.span.end - 1]:
            if tok.text == "," and utt.low[tok.i + 1] in ("but", "so"):
                heads.append(utt.content_start(tok.i + 1, s.span.end))
            elif tok.text == ":":  # "Here's the plan: start with a timer."
                heads.append(utt.content_start(tok.i + 1, s.span.end))
        # A fronted adverbial ("Next time, start with...", "Tomorrow, try..."): up to three words
        # with no verb and no subject before the first comma.
        for k in range(s.start + 1, min(s.span.end - 1, s.start + 4)):
            if doc[k].text == ",":
                lead = doc[s.start : k]
                if all(t.pos_ not in ("VERB", "AUX") and t.tag_ != "MD" and t.lower_ not in SUBJECT_WORDS
                       and t.lower_ not in INTERJECTIONS and t.is_alpha for t in lead) \
                        and doc[s.start].lower_ not in CLAUSE_OPENERS:
                    heads.append(utt.content_start(k + 1, s.span.end))
                break
        if s.start < s.span.end and doc[s.start].lower_ in CLAUSE_OPENERS:
            for tok in doc[s.start : s.span.end]:
                if tok.text == "," and tok.i + 1 < s.span.end:
                    if utt.low[tok.i - 1] != "to":  # "if you were to, um, consider...": still the if-clause
                        heads.append(utt.content_start(tok.i + 1, s.span.end))
                    break
        return heads

    def _imperative(self, utt: Utt, s: Sentence, i: int) -> Move | None:
        doc = utt.doc
        while i < s.span.end and doc[i].lower_ in SOFTENERS:
            i += 1
        if i >= s.span.end:
            return None
        tok = doc[i]
        nxt = doc[i + 1] if i + 1 < s.span.end else None
        if tok.lower_ in ("do", "did") and nxt is not None and nxt.lower_ in ("n't", "not"):
            verb = doc[i + 2] if i + 2 < s.span.end else None
            if verb is not None and verb.pos_ == "VERB" and utt.lemma(verb) not in DONT_OK and tok.lower_ == "do":
                # "Don't give up on him." (an instruction); "Didn't work." is a report.
                return self.finding(utt, tok.idx, s.span.end_char, rule=f"{self.code}:imperative")
            return None
        verb_signal = utt.signal_at("ADVICE_VERB", i)
        if verb_signal is None or utt.signal_at("ELICIT", i) is not None or any(
                j.start <= i < j.end for j in utt.signals_in("JUDGMENT")):
            # "Nice work on the chart": a word a praise formula already holds is no instruction.
            # "Tell me more", "Talk to me about it": an invitation to speak, not an instruction.
            return None
        if tok.lower_ != utt.lemma(tok):  # "tried", "uses": a report, not an instruction
            return None
        if nxt is not None and (nxt.text in ("-", "--", "—") or nxt.lower_.startswith(("me-", "-"))):
            return None  # "get-getting...", "tell me- tell me": a restart, not an order
        if tok.lower_ == "go" and nxt is not None and nxt.lower_ == "ahead":
            return None  # "Go ahead": permission to carry on, not an instruction
        if nxt is not None and (nxt.lower_ in ("you", "goodness", "god", "'s", "us", "me") or nxt.pos_ == "AUX"
                                or nxt.text in (",", ".", "?", "!")):
            # "thank you"; "let's"/"let us" is collaboration; "let me" is the coach's own step;
            # "work is..." / "Plan." is a noun, not an order.
            return None
        return self.finding(utt, tok.idx, s.span.end_char, rule=verb_signal.id_ or f"{self.code}:imperative")
