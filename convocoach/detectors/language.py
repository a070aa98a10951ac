"""Moves carried mostly by wording: tentative and invitational language, permission, autonomy,
presupposition, affirmation, collaboration, judgment, self-focus, information; plus the two
patterns over whole sentences: over-hedging and yes-but.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..model.analysis import Move
from .base import Detector, Sentence, Utt, register

if TYPE_CHECKING:
    from spacy.tokens import Span


class LexiconMove(Detector):
    """A move yielded by a lexicon's spans (label -> move), filtered by sentence context."""

    label = ""
    order = 30
    in_questions = True  # keep spans inside question sentences
    in_statements = True

    def keep(self, utt: Utt, span: Span, sent: Sentence | None) -> bool:
        return True

    def __init__(self, lexicons, grammar) -> None:  # type: ignore[no-untyped-def]
        super().__init__(lexicons, grammar)
        # Every lexicon whose spans are this move: the built-in one and any a programme adds.
        self.labels = sorted({self.label} | {lex.label for lex in lexicons.lexicons if lex.spec.move == self.name})

    def detect(self, utt: Utt) -> Iterator[Move]:
        spans = [sp for label in self.labels for sp in utt.signals_in(label)] if len(self.labels) > 1 \
            else utt.signals_in(self.label)
        last_end = -1
        for span in spans:
            if span.start_char < last_end:
                continue  # overlaps the span just yielded ("reminds me of my" + "my own classroom"): one move
            sent = utt.sentence_of(span.start_char)
            if sent is not None and sent.quoted:
                continue
            if sent is not None and sent.is_question and not self.in_questions:
                continue
            if sent is not None and not sent.is_question and not self.in_statements:
                continue
            if not self.keep(utt, span, sent):
                continue
            entry = self.lexicons.entries.get(span.id_)
            message = entry[1].message if entry and entry[1].message else None
            last_end = span.end_char
            yield self.span_finding(utt, span, rule=span.id_ or self.code, message=message)


NOT_HEDGE_BEFORE_KIND = frozenset("what which this that the a any some every each no one another these those".split())


@register
class Tentative(LexiconMove):
    """Tentative language: '{match}' keeps the teacher's thinking open.

    **Anti-pattern**: "What is the reason they failed?"
    **Better move**: "What might be some reasons they struggled?"
    """

    code = "T001"
    name = "tentative"
    label = "TENTATIVE"
    examples = {
        "match": ["What might be getting in the way?", "Perhaps the timing was tight?", "I wonder what made it feel rushed.",
                  "It took about twenty minutes.", "The late buses probably explain some of it."],
        "no_match": ["You should use a timer.", "Could you tell me more about it?", "In May we test.",
                     "What kind of support would help?", "We could try it on Friday.", "I think you should call home.",
                     "It took twenty minutes."],
    }

    def detect(self, utt: Utt) -> Iterator[Move]:
        found = list(super().detect(utt))
        taken = {m.start for m in found}
        approx = utt.grammar.words("approximators")
        for k, low in enumerate(utt.low[:-1]):
            if low in approx and utt.doc[k + 1].like_num and utt.doc[k].idx not in taken:
                sent = utt.sentence_of(utt.doc[k].idx)
                if sent is None or sent.quoted or (utt.found("advice", sent) and not utt.found("over_hedging", sent)):
                    continue
                found.append(self.finding(utt, utt.doc[k].idx, utt.doc[k + 1].idx + len(utt.doc[k + 1].text),
                                          rule=f"{self.code}:approx",
                                          message="'{match}' gives an approximate figure: a hedge on precision."))
        yield from sorted(found, key=lambda m: m.start)

    def keep(self, utt: Utt, span: Span, sent: Sentence | None) -> bool:
        doc = utt.doc
        first = doc[span.start]
        # "May" the month; "could you tell me" is a polite request, not a hedge.
        if first.lower_ == "may" and first.text == "May" and span.start > (sent.span.start if sent else 0):
            return False
        if first.lower_ in ("could", "would", "can") and span.end < len(doc) and doc[span.end].lower_ == "you":
            return False
        low = utt.low[span.start : span.end]
        before = utt.low[span.start - 1] if span.start > 0 else ""
        if low in (["kind", "of"], ["sort", "of"]) and before in NOT_HEDGE_BEFORE_KIND:
            return False  # "what kind of support": a noun phrase, not a hedge
        if low == ["could"] and before in ("i", "we", "you", "and"):
            return False  # "we could try", "I could come Thursday": a proposal or an offer, not a possibility
        if sent is not None and low in (["i", "think"], ["i", "believe"]) and (
                utt.found("judgment", sent) or utt.signals_in("JUDGMENT", sent) or utt.signals_in("ADVICE", sent)):
            return False  # "I think you should...", "I think it's great": an opinion, not a hedge
        # Hedged advice is still advice (the hedge does not soften the instruction), except where the
        # hedges pile up: over-hedging always carries tentative language.
        if sent is not None and utt.found("advice", sent):
            return len({h.start for h in utt.signals_in("HEDGE", sent)}) >= 3
        return True


@register
class Invitational(LexiconMove):
    """Invitational language: '{match}' invites the teacher to think or choose."""

    code = "I001"
    name = "invitational"
    label = "INVITATIONAL"
    order = 37  # after tentative: an open question with a tentative marker is invitational
    examples = {
        "match": ["I'm curious what you noticed.", "What might it look like if they led the discussion?",
                  "Would you be open to trying a small experiment?", "How might we find out?",
                  "What are some ways the relay teams could share the load?",
                  "What options are you weighing for the spring concert?"],
        "no_match": ["What did you notice?", "Do this tomorrow.", "What could they do instead?"],
    }

    def detect(self, utt: Utt) -> Iterator[Move]:
        found = list(super().detect(utt))
        for s in utt.sentences:
            if not s.is_question or s.qtype != "open" or any(
                    s.span.start_char <= m.start < s.span.end_char + 1 for m in found):
                continue
            marks = [m for m in utt.found("tentative", s) if m.text.lower() not in ("could",)]
            if marks:
                # Cognitive Coaching's invitational question: open syntax with tentative language.
                found.append(self.finding(utt, utt.doc[s.qstart].idx, s.span.end_char, rule=f"{self.code}:tentative",
                                          message="An open question with tentative language ('{match}') invites "
                                                  "more than one answer."))
        yield from sorted(found, key=lambda m: m.start)

    def keep(self, utt: Utt, span: Span, sent: Sentence | None) -> bool:
        # "Picture...", "Imagine...", "Suppose..." invite only as the head of a sentence; "I can
        # imagine" is an inference and "the picture" a noun.
        if span.id_ != "INV-007" or utt.low[span.start] in ("magic", "fast", "fast-forward", "let", "think"):
            return True
        return sent is not None and span.start == sent.start


@register
class Autonomy(LexiconMove):
    """Autonomy: '{match}' hands the decision back to the teacher."""

    code = "S002"
    name = "autonomy"
    label = "AUTONOMY"
    examples = {
        "match": ["You know your students best.", "It's your call.", "Whatever you decide is fine with me.",
                  "It's totally up to you."],
        "no_match": ["It's up to the principal.", "You should decide by Friday."],
    }


LETS_NOT_WORK = frozenset("see say hope meet chat touch schedule be not just pray face call move leave go get talk "
                          "catch hear know stop wrap end pause adjourn break".split())


@register
class Collaboration(LexiconMove):
    """Collaboration: '{match}' frames the work as shared."""

    code = "S003"
    name = "collaboration"
    label = "COLLABORATION"
    examples = {
        "match": ["Let's look at the data together.", "We could try it in one class first.",
                  "How might we test this in a small way?"],
        "no_match": ["You could try it in one class first.", "Let me know.", "Let's see, Thursday works.",
                     "Let's meet at three."],
    }

    def keep(self, utt: Utt, span: Span, sent: Sentence | None) -> bool:
        words = set(utt.low[sent.span.start : sent.span.end]) if sent is not None else set()
        if span.id_ == "COL-005":
            # "let's" + a step of the work ("let's divide it", "let's lay out the week"); not
            # "let's see" (thinking aloud), "let's meet at three" (scheduling), or "the policy lets
            # teachers..." (a verb in the third person).
            nxt = utt.low[span.end] if span.end < len(utt.low) else ""
            at_head = sent is not None and (span.start == sent.start or utt.low[span.start - 1] in (",", ":", ";", "so",
                                                                                                  "and", "then", "okay"))
            return at_head and nxt[:1].isalpha() and nxt not in LETS_NOT_WORK
        if utt.low[span.start] == "co":
            # "co-plan one lesson with her": shared work only when the coach is in it
            return bool(words & {"we", "us", "let", "let's", "our"}) or "you and i" in " ".join(utt.low)
        # A bare "together" is shared work only when the sentence has the coach in it ("we", "let's",
        # "you and I"): "you and your sister drove in together" is the teacher's life.
        if utt.low[span.start : span.end] != ["together"] or sent is None:
            return True
        if words & {"we", "us", "let", "let's", "our", "i", "me"}:
            return True
        # "Would you like to rehearse it together?" offers joint work; "what would working together
        # look like?" describes the students.
        text = " ".join(utt.low[sent.span.start : sent.span.end])
        return sent.is_question and any(f in text for f in ("would you like to", "do you want to", "want to",
                                                              "shall", "how about", "could"))


@register
class OverHedging(Detector):
    """Over-hedging: so many hedges that the message blurs.

    **Anti-pattern**: "I just maybe kind of wonder if perhaps you could possibly..."
    **Better move**: "I wonder what might help." (one hedge is enough)
    """

    code = "T002"
    name = "over_hedging"
    order = 31
    suggestion = "Keep one hedge; say necessary information plainly."
    examples = {
        "match": ["I just maybe kind of wonder if perhaps we could look at it.",
                  "You might maybe want to check the IEP."],
        "no_match": ["I wonder what might help.", "Maybe we could look at it."],
    }

    def detect(self, utt: Utt) -> Iterator[Move]:
        for s in utt.sentences:
            if s.quoted:
                continue
            hedges = utt.signals_in("HEDGE", s)
            # count distinct positions: "kind of" and "kind" are one hedge
            starts = sorted({h.start for h in hedges})
            advice = utt.found("advice", s)
            if len(starts) >= 3 or (advice and len(starts) >= 2):
                first = min(hedges, key=lambda h: h.start)
                last = max(hedges, key=lambda h: h.end)
                yield self.finding(utt, first.start_char, last.end_char,
                                   message=f"{len(starts)} hedges in one sentence blur the message.")


SELF_HEDGES = ("be wrong", "be off", "not sure", "n't know", "not certain", "mistaken", "not positive", "no expert")


@register
class YesBut(Detector):
    """Yes-but: acknowledging and then cancelling it with 'but' (or however, though, still, even so).

    **Anti-pattern**: "I hear you, but the data says otherwise."
    **Better move**: "I hear you, and I'm also wondering what the data shows."
    """

    code = "S005"
    name = "yes_but"
    order = 36
    suggestion = "Try 'and' instead of 'but', so the acknowledgement stands."
    examples = {
        "match": ["I hear you, but the data says otherwise.", "I understand. But we still have to do it.",
                  "That makes sense, however the team decided.", "Sure. Still, the lab has to be finished.",
                  "Fair enough. That said, the deadline is Friday.", "Totally, it's a lot. Even so, the kids need it.",
                  "Okay, but is that really the problem?"],
        "no_match": ["I hear you, and I wonder what the data shows.", "I tried, but it rained.",
                     "I could be wrong, but maybe the timing is off.", "I have a checklist, but only if you want it.",
                     "Okay. What happened next?", "Sure, I can still come Thursday."],
    }

    def detect(self, utt: Utt) -> Iterator[Move]:
        for ack in utt.signals_in("ACK"):
            sent = utt.sentence_of(ack.start_char)
            if sent is None or sent.quoted or ack.start > sent.start + 1:
                continue  # an acknowledgement opens its sentence ("Sure, but..."), it is not mid-clause
            turn = utt.sentences
            nxt = turn[sent.index + 1] if sent.index + 1 < len(turn) else None
            contra = self._contrast_in(utt, ack.end, sent.span.end, first_only=False)
            if contra is None and nxt is not None:
                contra = self._contrast_in(utt, nxt.span.start, nxt.span.end, first_only=True)
            if contra is not None:
                yield self.finding(utt, ack.start_char, contra)
                return

    @staticmethod
    def _contrast_in(utt: Utt, start: int, end: int, first_only: bool) -> int | None:
        """End char of a cancelling connective: 'but', 'however', 'though', 'still,', 'even so',
        'that said', 'yet' at a clause start (first_only: at the start of the next sentence)."""
        lows = utt.low
        stop = min(end, start + 3) if first_only else end
        for k in range(start, stop):
            low = lows[k]
            at_clause = k == start or lows[k - 1] in (",", ";", "-", "--", "—", ".") or first_only
            if utt.in_quote(utt.doc[k].idx, utt.doc[k].idx + 1):
                continue
            word = None
            if low in ("but", "however", "though", "although", "yet", "nonetheless", "nevertheless") and at_clause:
                word = k
            elif low == "still" and at_clause and k + 1 < end and lows[k + 1] == ",":
                word = k
            elif lows[k : k + 2] in (["even", "so"], ["that", "said"], ["having", "said"]) and at_clause:
                word = k + 1
            if word is None:
                continue
            after = lows[word + 1 : word + 3]
            if after[:1] == ["only"] or after[:2] in (["no", "pressure"], ["if", "you"]):
                return None  # "..., but only if you want it": a conditional offer, not a rebuttal
            before = " ".join(lows[max(start, k - 6) : k])
            if any(h in before for h in SELF_HEDGES):
                return None  # "I could be wrong, but...": a hedge on the coach's own view
            tok = utt.doc[word]
            return tok.idx + len(tok.text)
        return None
