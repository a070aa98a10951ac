"""Question detectors: open, closed, leading, why, stacked (the question structure they read is
nlp/questions.py: every question sentence gets exactly one of open/closed/leading there)."""

from __future__ import annotations

from typing import Iterator

from ..model.analysis import Move
from ..nlp.lexicons import word_list, word_set
from ..nlp.context import Context, Sentence
from ..nlp.words import NEGATIONS
from ..nlp.questions import is_backchannel_question
from .base import Detector, Found, hit, miss, register

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
    examples = (
        hit("What are you noticing about the group?",
            "What are you noticing about the group?", "a what-question asks for her reading"),
        hit("How might you know they got it?",
            "How might you know they got it?", "a how-question with a tentative modal"),
        hit("Tell me more about that.",
            "Tell me more about that.", "an elicitation frame: an imperative that invites talk"),
        hit("Could you tell me more about the seating plan?",
            "Could you tell me more about the seating plan?",
            "a polite indirect request to elaborate is open, not yes/no"),
        hit("what else is going on with the unit",
            "what else is going on with the unit",
            "speech without a question mark: the wh-opener carries the question"),
        hit("Walk me through your warm-up.", "Walk me through your warm-up.", "'walk me through' asks her to narrate"),
        miss("Did the warm-up work?", "auxiliary-first: answered with yes or no"),
        miss("What I'd like to do is look at the data.", "a pseudo-cleft: the what-clause is the subject of 'is'"),
        miss("Tell them to sit down.", "an instruction about students, not a request to talk"),
        miss("What's going on is that the bell rings early.", "a pseudo-cleft statement, not a question"),
    )


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
    examples = (
        hit("Did the warm-up work?", "Did the warm-up work?", "auxiliary-first inversion asks yes or no"),
        hit("did that work for you",
            "did that work for you", "inversion without a question mark, as speech transcripts write it"),
        hit("You tried that already?",
            "You tried that already?", "a declarative with a rising '?' asks her to confirm"),
        hit("Is it the seating or the timing?",
            "Is it the seating or the timing?", "an either/or question offers a choice"),
        hit("How many students finished?", "How many students finished?", "'how many' asks for one fact"),
        hit("It was tough, right?", "It was tough, right?", "a tag question asks for agreement"),
        miss("What did the kids get?", "a what-question is open"),
        miss("Have you tried exit tickets?", "a question naming a strategy is leading, not closed"),
        miss("I did that too.", "a statement, not a question"),
    )


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
    examples = (
        hit("Have you tried exit tickets?",
            "Have you tried exit tickets?", "'have you tried' plus a named strategy carries the coach's answer"),
        hit("Have you tried pairing them up?",
            "Have you tried pairing them up?", "'have you tried' plus a gerund names the fix"),
        hit("Don't you think they need more structure?",
            "Don't you think they need more structure?", "a negative question carries the coach's view"),
        hit("Why don't you use a timer?",
            "Why don't you use a timer?", "'why don't you' is a suggestion put as a question"),
        hit("Wouldn't it be better to start with the data?",
            "Wouldn't it be better to start with the data?",
            "'wouldn't it be better' proposes the coach's preference"),
        hit("What if you just moved her seat?",
            "What if you just moved her seat?", "'what if you' plus an action proposes a plan"),
        hit("That went well, didn't it?", "didn't it?", "a tag question on a verdict leads to agreement"),
        miss("What have you tried so far?", "asks what she tried: no strategy named"),
        miss("Did the timer help?", "asks what happened with her timer: no new idea"),
        miss("Did you try anything new this week?", "'anything' names no strategy"),
        miss("Did you try to call?", "'try to' plus a verb asks what she did"),
        miss("What if you're right?", "'what if you're right' is a state, not a plan"),
        miss("What if you had a magic wand?", "'what if you had' imagines, it does not propose"),
        miss("What about the others?", "'what about' plus a noun asks about people"),
        miss("How about Thursday?", "'how about' plus a day arranges a time"),
    )


@register
class WhyQuestion(Detector):
    """Why-question about the teacher's action: it can sound like a demand for justification.

    **Anti-pattern**: "Why did you skip the warm-up?"
    **Best practice**: "What was your thinking about the warm-up today?"
    """

    code = "Q004"
    name = "question.why"
    suggestion = "Ask about their thinking or reasons: 'What were some of your reasons for...?'"
    examples = (
        hit("Why did you skip the warm-up?",
            "Why did you skip the warm-up?", "a why about her own action asks her to justify it"),
        hit("Why didn't you call his parents?", "Why didn't you call his parents?", "a negated why puts her on trial"),
        hit("why would you do that", "why would you do that", "'why would you' holds its verdict"),
        hit("Why is this important to you?",
            "Why is this important to you?", "a why about her values is still a why about her"),
        miss("What was your thinking there?", "asks about her thinking without a why"),
        miss("Why do you think the group stalled?", "'why do you think' asks her reading of others' behaviour"),
        miss("Why is the bell schedule so odd this year?", "a why about the schedule, not about her"),
    )

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
    examples = (
        hit("What happened? Did they get it? Or was it the timing?",
            "What happened? Did they get it? Or was it the timing?", "three questions before she can answer one"),
        hit("How did it go, and what would you change?",
            "How did it go, and what would you change?", "two question heads joined by 'and'"),
        miss("What happened in third period?", "one question"),
        miss("Was it the timing, or was it the group?", "an alternative question is one question"),
        miss("That's hard. What are you thinking of trying?", "a statement, then one question"),
    )

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
