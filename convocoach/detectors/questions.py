"""Question detectors: open, closed, leading, why, stacked (the question structure they read is
nlp/questions.py: every question sentence gets exactly one of open/closed/leading there)."""

from __future__ import annotations

from typing import Iterator

from ..model.analysis import Move
from ..nlp.lexicons import word_list, word_set
from ..nlp.context import Context, Sentence
from ..nlp.words import NEGATIONS
from ..nlp.questions import is_backchannel_question
from .base import Detector, Found, register

LOADED_WORDS = word_set("questions.loaded_words")
LOADED_PHRASES = word_list("questions.loaded_phrases")


class _QuestionType(Detector):
    qtype = ""

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        for s in utt.sentences:
            if s.is_question and s.qtype == self.qtype:
                start = utt.doc[s.qstart].idx if s.qstart < len(utt.doc) else s.span.start_char
                rule = s.qrule if not s.qrule.startswith("Q-") else f"{self.code}:{s.qrule[2:].lower()}"
                yield self.finding(utt, start, s.span.end_char, rule=rule)


@register
class OpenQuestion(_QuestionType):
    """Open question: invites the teacher to think aloud and elaborate.

    **Anti-pattern**: "Did the lesson go well?"
    **Best practice**: "What stood out to you about the lesson?"
    """

    code = "Q001"
    name = "question.open"
    qtype = "open"
    suggestion = "Keep it: one open question, then wait."


@register
class ClosedQuestion(_QuestionType):
    """Closed question: invites a yes/no, a choice or one fact.

    **Anti-pattern**: "Did the lesson go well?"
    **Best practice**: "What stood out to you about the lesson?"
    """

    code = "Q002"
    name = "question.closed"
    qtype = "closed"
    suggestion = "Open with what or how to invite the teacher's reasoning."


@register
class LeadingQuestion(_QuestionType):
    """Leading question: a question that carries the coach's own answer or advice.

    **Anti-pattern**: "Have you tried exit tickets?"
    **Best practice**: "What have you tried so far?" or "Would it help if I shared an idea?"
    """

    code = "Q003"
    name = "question.leading"
    qtype = "leading"
    suggestion = "Ask what they have tried, or ask permission and offer the idea openly."


@register
class WhyQuestion(Detector):
    """Why-question about the teacher's action: it can sound like a demand for justification.

    **Anti-pattern**: "Why did you skip the warm-up?"
    **Best practice**: "What was your thinking about the warm-up today?"
    """

    code = "Q004"
    name = "question.why"
    suggestion = "Ask about their thinking or reasons: 'What were some of your reasons for...?'"

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        for s in utt.sentences:
            if s.is_question and s.why and s.qtype != "leading":
                start = utt.doc[s.qstart].idx
                if self._loaded(utt, s):
                    yield self.finding(utt, start, s.span.end_char, rule=f"{self.code}:loaded",
                                       message="A why-question with criticism built in ('{match}'): it puts the "
                                               "teacher on trial.")
                else:
                    yield self.finding(utt, start, s.span.end_char)

    @staticmethod
    def _loaded(utt: Context, s: Sentence) -> bool:
        """'why would you', 'why do you let', 'still', 'always', 'only', 'when you knew', 'why on earth',
        'why didn't/haven't you': the question already holds its verdict."""
        lows = utt.low[s.qstart : s.span.end]
        words = set(lows)
        if words & LOADED_WORDS or any(w in NEGATIONS for w in lows[:5]):
            return True
        text = " " + " ".join(lows) + " "
        return any(p in text for p in LOADED_PHRASES)


@register
class StackedQuestions(Detector):
    """Stacked questions: several questions before the teacher can answer one.

    **Anti-pattern**: "What happened? Did they get it? Or was it the timing?"
    **Best practice**: Ask one question, then wait.
    """

    code = "Q005"
    name = "question.stacked"
    suggestion = "Pick the one question you most want answered and let the silence work."

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        starts: list[int] = []
        ends: list[int] = []
        for s in utt.sentences:
            if not s.is_question or is_backchannel_question(utt, s) or s.qrule == "Q-CHECK":
                continue
            for head in [s.qstart, *s.heads]:
                starts.append(utt.doc[head].idx)
                ends.append(s.span.end_char)
        if len(starts) >= 2:
            yield self.finding(utt, starts[0], ends[-1],
                               message=f"{len(starts)} questions in one turn: the teacher can answer only one.")
