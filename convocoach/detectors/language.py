"""Moves carried mostly by wording: tentative and invitational language, permission, autonomy,
presupposition, affirmation, collaboration, judgment, self-focus, information; plus the two
patterns over whole sentences: over-hedging and yes-but.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..model.analysis import Move
from ..nlp.lexicons import word_list, word_set
from ..nlp.context import Context, Sentence
from .base import Detector, Found, register

if TYPE_CHECKING:
    from ..nlp.tokens import Sig

    from ..nlp.lexicons import Grammar, LexiconSet


# Perspective stems that frame the rest of the sentence as the teacher's own account or state.
PERSPECTIVE_STEMS = frozenset({"REF-001", "REF-002", "REF-003"})


def inside_perspective_stem(utt: Context, span: Sig, sent: Sentence | None) -> bool:
    """'It sounds like the district feels safer', 'So you want to know what other schools did before
    you decide': a perspective stem opening the sentence makes what follows her account or state
    given back, so the content words inside it (the institution, others' practice, her deciding)
    are not the coach's information or a choice handed back."""
    if sent is None:
        return False
    for st in utt.signals_in("REFLECTION", sent):
        if st.id_ in PERSPECTIVE_STEMS and st.start <= sent.start + 1 and st.end <= span.start:
            return True
    return False


class LexiconMove(Detector):
    """A move yielded by a lexicon's spans (label -> move), filtered by sentence context."""

    label = ""
    in_questions = True  # keep spans inside question sentences
    in_statements = True

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
        return True

    def __init__(self, lexicons: LexiconSet, grammar: Grammar) -> None:
        super().__init__(lexicons, grammar)
        # Every lexicon whose spans are this move: the built-in one and any a programme adds.
        self.labels = sorted({self.label} | {lex.label for lex in lexicons.lexicons if lex.spec.move == self.name})

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
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
            if not self.keep(utt, span, sent, found):
                continue
            last_end = span.end_char
            yield self.span_finding(utt, span, rule=span.id_ or self.code, message=self.entry_message(span))


def lexicon_detector(move: str, label: str) -> type[LexiconMove]:
    """A plain detector for a move a lexicon yields on its own: its spans, outside quoted speech, are
    the move (moves.yml says what the move is and what to do instead)."""
    from ..model.moves import load_moves

    spec = load_moves()[move]
    doc = (f"{spec.feedback.title}: '{{match}}' {spec.summary}.\n\n"
           f"**Anti-pattern**: {spec.feedback.definition}\n**Best practice**: {spec.feedback.better}\n")
    attrs = {"__doc__": doc, "code": f"L-{label}", "name": move, "label": label, "suggestion": spec.feedback.better}
    return type(f"LexiconDetector_{label}", (LexiconMove,), attrs)


NOT_HEDGE_BEFORE_KIND = word_set("language.not_hedge_before_kind")
MENU_COUNTS = word_set("consulting.menu_counts")  # the options a coach counts out (a menu)


@register
class Tentative(LexiconMove):
    """Tentative language: '{match}' keeps the teacher's thinking open.

    **Anti-pattern**: "What is the reason they failed?"
    **Best practice**: "What might be some reasons they struggled?"
    """

    code = "T001"
    name = "tentative"
    label = "TENTATIVE"
    requires = frozenset({"advice"})  # hedged advice is still advice

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        moves = list(super().detect(utt, found))
        taken = {m.start for m in moves}
        approx = utt.grammar.words("approximators")
        for k, low in enumerate(utt.low[:-1]):
            if low in approx and utt.doc[k + 1].like_num and utt.doc[k].idx not in taken:
                sent = utt.sentence_of(utt.doc[k].idx)
                if sent is None or sent.quoted or found("advice", sent):
                    continue
                moves.append(self.finding(utt, utt.doc[k].idx, utt.doc[k + 1].idx + len(utt.doc[k + 1].text),
                                          rule=f"{self.code}:approx",
                                          message="'{match}' gives an approximate figure: a hedge on precision."))
        yield from sorted(moves, key=lambda m: m.start)

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
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
        if low[0] in ("option", "options") and (before in MENU_COUNTS or before == "of" and
                                                                           span.start > 1 and utt.low[span.start - 2]
                                                                           in MENU_COUNTS):
            return False  # "two options:", "another option is": the coach's menu counted out (conventions);
            # "possibilities" stays tentative: counted back to her, they are her open thinking
        if sent is not None and low in (["i", "think"], ["i", "believe"]) and (
                utt.signals_in("JUDGMENT", sent) or utt.signals_in("ADVICE", sent)):
            return False  # "I think you should...", "I think it's great": an opinion, not a hedge
        # Hedged advice is still advice (the hedge does not soften the instruction), except where the
        # hedges pile up: over-hedging always carries tentative language.
        if sent is not None and found("advice", sent):
            return len({h.start for h in utt.signals_in("HEDGE", sent)}) >= 3
        return True


@register
class Invitational(LexiconMove):
    """Invitational language: '{match}' invites the teacher to think or choose.

    **Anti-pattern**: "What is the problem with the group?"
    **Best practice**: "I'm curious: what might be some things getting in the group's way?"
    """

    code = "I001"
    name = "invitational"
    label = "INVITATIONAL"
    requires = frozenset({"tentative"})  # an open question with a tentative marker is invitational

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        moves = list(super().detect(utt, found))
        for s in utt.sentences:
            if not s.is_question or s.qtype != "open" or any(
                    s.span.start_char <= m.start < s.span.end_char + 1 for m in moves):
                continue
            marks = [m for m in found("tentative", s) if m.text.lower() not in ("could",)]
            if marks:
                # Cognitive Coaching's invitational question: open syntax with tentative language.
                moves.append(self.finding(utt, utt.doc[s.qstart].idx, s.span.end_char, rule=f"{self.code}:tentative",
                                          message="An open question with tentative language ('{match}') invites "
                                                  "more than one answer."))
        yield from sorted(moves, key=lambda m: m.start)

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
        # "Picture...", "Imagine...", "Suppose..." invite only as the head of a sentence; "I can
        # imagine" is an inference and "the picture" a noun.
        if span.id_ != "INV-007" or utt.low[span.start] in ("magic", "fast", "fast-forward", "let", "think"):
            return True
        return sent is not None and span.start == sent.start


@register
class Autonomy(LexiconMove):
    """Autonomy: '{match}' hands the decision back to the teacher.

    **Anti-pattern**: "Do the exit tickets on Friday." (the coach decides)
    **Best practice**: "Those are two options; you know your students best. Which fits?"
    """

    code = "S002"
    name = "autonomy"
    label = "AUTONOMY"

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
        return not inside_perspective_stem(utt, span, sent)  # "It sounds like you want to decide..."


LETS_NOT_WORK = word_set("language.lets_not_work")
# After "what if we", "how about we": a state, not a step of shared work ("What if we're wrong?").
WE_STATE_WORDS = word_set("language.we_state_words")
OFFER_FRAMES = ("would you like to", "do you want to", "want to")


@register
class Collaboration(LexiconMove):
    """Collaboration: '{match}' frames the work as shared.

    **Anti-pattern**: "I'll draw up the new seating plan for you."
    **Best practice**: "Let's look at the data together and see what it suggests."
    """

    code = "S003"
    name = "collaboration"
    label = "COLLABORATION"

    def keep(self, utt: Context, span: Sig, sent: Sentence | None, found: Found) -> bool:
        words = set(utt.low[sent.span.start : sent.span.end]) if sent is not None else set()
        if span.id_ == "COL-005":
            # "let's" + a step of the work ("let's divide it", "let's lay out the week"); not
            # "let's see" (thinking aloud), "let's meet at three" (scheduling), or "the policy lets
            # teachers..." (a verb in the third person).
            nxt = utt.low[span.end] if span.end < len(utt.low) else ""
            at_head = sent is not None and (span.start == sent.start or utt.low[span.start - 1] in (",", ":", ";", "so",
                                                                                                  "and", "then", "okay"))
            return at_head and nxt[:1].isalpha() and nxt not in LETS_NOT_WORK
        if span.id_ == "COL-006":
            # "What if we both watched...", "how about we split...": a shared step; "What if we're
            # wrong?", "why don't we know?" ask about a state, not a step of the work.
            nxt = utt.low[span.end] if span.end < len(utt.low) else ""
            return nxt[:1].isalpha() and nxt not in WE_STATE_WORDS
        if utt.low[span.start] == "co":
            # "co-plan one lesson with her": shared work only when the coach is in it, or offered to
            # her ("Want to co-plan on Thursday?": with the coach who asks)
            text = " ".join(utt.low[sent.span.start : sent.span.end]) if sent is not None else ""
            return bool(words & {"we", "us", "let", "let's", "our"}) or "you and i" in " ".join(utt.low) or (
                sent is not None and sent.is_question and any(f in text for f in OFFER_FRAMES))
        # A bare "together" is shared work only when the sentence has the coach in it ("we", "let's",
        # "you and I"): "you and your sister drove in together" is the teacher's life.
        if utt.low[span.start : span.end] != ["together"] or sent is None:
            return True
        if words & {"we", "us", "let", "let's", "our", "i", "me"}:
            return True
        # "Would you like to rehearse it together?" offers joint work; "what would working together
        # look like?" describes the students.
        text = " ".join(utt.low[sent.span.start : sent.span.end])
        return sent.is_question and any(f in text for f in (*OFFER_FRAMES, "shall", "how about", "could"))


@register
class OverHedging(Detector):
    """Over-hedging: so many hedges that the message blurs.

    **Anti-pattern**: "I just maybe kind of wonder if perhaps you could possibly..."
    **Best practice**: "I wonder what might help." (one hedge is enough)
    """

    code = "T002"
    name = "over_hedging"
    requires = frozenset({"advice"})
    suggestion = "Keep one hedge; say necessary information plainly."

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        for s in utt.sentences:
            if s.quoted:
                continue
            hedges = utt.signals_in("HEDGE", s)
            # count distinct positions: "kind of" and "kind" are one hedge
            starts = sorted({h.start for h in hedges})
            advice = found("advice", s)
            if len(starts) >= 3 or (advice and len(starts) >= 2):
                first = min(hedges, key=lambda h: h.start)
                last = max(hedges, key=lambda h: h.end)
                yield self.finding(utt, first.start_char, last.end_char,
                                   message=f"{len(starts)} hedges in one sentence blur the message.")


SELF_HEDGES = word_list("language.self_hedges")


@register
class YesBut(Detector):
    """Yes-but: acknowledging and then cancelling it with 'but' (or however, though, still, even so).

    **Anti-pattern**: "I hear you, but the data says otherwise."
    **Best practice**: "I hear you, and I'm also wondering what the data shows."
    """

    code = "S005"
    name = "yes_but"
    suggestion = "Try 'and' instead of 'but', so the acknowledgement stands."

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
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
    def _contrast_in(utt: Context, start: int, end: int, first_only: bool) -> int | None:
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
