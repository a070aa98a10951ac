"""Per-move feedback that teaches: what the language does for the teacher, why it matters, and its source.

This module never imports spaCy at import time; `suggest_rewrite` builds (or reuses) the analyzer
only when it is called without a Doc.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model.errors import InputError
from ..model.moves import MOVES

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..model.analysis import Analysis, Move


@dataclass(frozen=True)
class MoveFeedback:
    """What a move does for the teacher, why it matters, where the idea comes from, and a better move.

    Attributes:
        name: the move name (public contract, e.g. "question.closed").
        title: a short heading for reports ("Closed question").
        why: what the language does for the teacher and why that matters.
        source: the framework the idea comes from (Cognitive Coaching, Knight, Aguilar, MITI, ISTE).
        better: the move to make instead (growth moves) or how to build on it (strengths).
        definition: one sentence: what counts as this move.
        valence: "strength", "growth" or "neutral".
        examples: sentences that show the move (our own wording).
        rewrites: (original, rewrite) pairs that show the better move from the coach's own words.
        iste: the ISTE Standards for Coaches indicator the move serves or works against.
    """

    name: str
    title: str
    why: str
    source: str
    better: str
    definition: str = ""
    valence: str = "neutral"
    examples: tuple[str, ...] = ()
    rewrites: tuple[tuple[str, str], ...] = ()
    iste: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "definition": self.definition,
            "valence": self.valence,
            "why": self.why,
            "source": self.source,
            "better": self.better,
            "examples": list(self.examples),
            "rewrites": [{"original": a, "rewrite": b} for a, b in self.rewrites],
            "iste": self.iste,
        }


ISTE_TRUST = "ISTE Standards for Coaches 4.3.a Cultivate Coaching Relationships"
ISTE_GOALS = "ISTE Standards for Coaches 4.2.c Commit to Continuous Improvement"
ISTE_CULTURE = "ISTE Standards for Coaches 4.1.c Cultivate a Supportive Coaching Culture"
ISTE_CAPACITY = "ISTE Standards for Coaches 4.5.b Build Capacity"
ISTE_ADULTS = "ISTE Standards for Coaches 4.5.a Design Quality Professional Learning"
ISTE_DESIGN = "ISTE Standards for Coaches 4.4.a Collaborate on Learning Design"
ISTE_PERSONAL = "ISTE Standards for Coaches 4.3.d Personalize Support for Educators"


def _fb(
    name: str,
    title: str,
    definition: str,
    why: str,
    source: str,
    better: str,
    examples: tuple[str, ...],
    rewrites: tuple[tuple[str, str], ...] = (),
    iste: str = "",
) -> MoveFeedback:
    return MoveFeedback(
        name=name,
        title=title,
        why=why,
        source=source,
        better=better,
        definition=definition,
        valence=MOVES[name].valence.value,
        examples=examples,
        rewrites=rewrites,
        iste=iste,
    )


FEEDBACK: dict[str, MoveFeedback] = {
    f.name: f
    for f in [
        _fb(
            "question.open",
            "Open question",
            "A what/how question, or 'tell me about', 'walk me through', 'say more', that invites the "
            "teacher to elaborate.",
            "An open question hands the thinking to the teacher: they explain their reasoning, and you "
            "learn what they already know instead of testing a guess of your own.",
            "Cognitive Coaching (mediational questions); MITI 4.2.1 (open questions)",
            "Keep it to one question, and add tentative words and plural forms: 'What might be some "
            "reasons...?'",
            ("What are you noticing about the group?", "Walk me through how the warm-up went."),
            iste=ISTE_TRUST,
        ),
        _fb(
            "question.closed",
            "Closed question",
            "A question that can be answered with yes, no, a choice or one fact: auxiliary-first, "
            "either/or, tag and declarative questions.",
            "A closed question lets the teacher stop at 'yes' or 'no', so the thinking stays with you. "
            "A run of them feels like an interview, not a conversation.",
            "MITI 4.2.1 (closed questions); Cognitive Coaching (open-ended syntax)",
            "Start with what or how so the teacher explains: 'What did you notice about the warm-up?'",
            ("Did the warm-up work?", "Was it the seating or the timing?"),
            (("Did the warm-up work?", "What did you notice about the warm-up?"),),
            iste=ISTE_TRUST,
        ),
        _fb(
            "question.leading",
            "Leading question",
            "A closed question that carries your own answer or advice: 'Have you tried...?', 'Don't "
            "you think...?', 'Why don't you...?'",
            "It is advice in disguise: the teacher hears your solution and either agrees or defends. "
            "Their own ideas never come out, and trust drops when they notice the steering.",
            "Knight, Impact Cycle (dialogue, not persuasion); Cognitive Coaching (non-judgmental "
            "inquiry); MITI 4.2.1 (persuade without permission)",
            "Ask what the teacher has already tried, or ask permission before sharing your idea.",
            ("Have you tried exit tickets?", "Don't you think they need more structure?"),
            (("Have you tried grouping them?", "What have you tried so far with grouping them?"),),
            iste=ISTE_TRUST,
        ),
        _fb(
            "question.why",
            "Why-question about an action",
            "A 'why did you / why didn't you / why would you' question about the teacher's choice.",
            "'Why did you...?' asks the teacher to justify themselves, so it sounds like evaluation. "
            "People defend rather than reflect, even when you are only curious.",
            "Cognitive Coaching (non-judgmental inquiry); Aguilar, The Art of Coaching",
            "Ask about their thinking: 'What was your thinking about...?' or 'What were some of your "
            "reasons for...?'",
            ("Why did you skip the warm-up?", "Why didn't you call home?"),
            (("Why did you skip the warm-up?", "What was your thinking about the warm-up?"),),
            iste=ISTE_TRUST,
        ),
        _fb(
            "question.stacked",
            "Stacked questions",
            "Two or more questions in one turn before the teacher can answer.",
            "The teacher answers the easiest or the last question and the rest are lost; it also "
            "fills the silence they needed for thinking.",
            "Cognitive Coaching (one question at a time, wait time); MITI 4.2.1",
            "Ask one question, then wait three to five seconds.",
            ("What happened? Did they get it? Or was it the timing?",),
            iste=ISTE_TRUST,
        ),
        _fb(
            "tentative",
            "Tentative language",
            "Hedges and exploratory words inside a question or invitation: might, perhaps, maybe, some, "
            "I wonder, possible.",
            "Tentative words tell the teacher there is more than one right answer, so they can think "
            "aloud without being judged.",
            "Cognitive Coaching (invitational question: tentative language); Eduro Learning Thrive model",
            "Put it inside an open question: 'What might be some ways...?'",
            ("What might be getting in the way?", "I wonder what they would say about it."),
            iste=ISTE_TRUST,
        ),
        _fb(
            "invitational",
            "Invitational language",
            "Language that invites the teacher to think or choose: 'I'm curious...', 'What might it "
            "look like if...', 'Would you be open to...', 'How might we...'",
            "An invitation leaves the choice with the teacher, which keeps them the decision-maker "
            "about their own classroom.",
            "Cognitive Coaching (invitational questions); Eduro Learning Thrive model",
            "Combine with plural forms and a positive presupposition: 'As you think about what's "
            "working, what might you try next?'",
            ("I'm curious what you noticed.", "How might we test this in a small way?"),
            iste=ISTE_CULTURE,
        ),
        _fb(
            "reflection",
            "Reflection (paraphrase)",
            "A statement that gives back what the teacher said or feels: 'It sounds like...', 'So you "
            "want...'",
            "A paraphrase shows you listened, lets the teacher hear their own thinking, and earns the "
            "right to ask the next question.",
            "MITI 4.2.1 (reflections; reflection:question 1:1 fair, 2:1 good); Cognitive Coaching "
            "(paraphrase before the question)",
            "Paraphrase before your next question; name the emotion, the content and the goal.",
            ("It sounds like the schedule ate your planning time.", "So you want them talking more."),
            iste=ISTE_TRUST,
        ),
        _fb(
            "affirmation",
            "Specific affirmation",
            "Names a strength or an effort of the teacher, specifically, with 'you' as the subject.",
            "A specific affirmation tells the teacher what to keep doing and builds efficacy, without "
            "putting you in the judge's seat.",
            "MITI 4.2.1 (affirm); Cognitive Coaching (efficacy)",
            "Keep it specific and about their effort, not your approval.",
            ("You kept trying different ways in for him.",),
            iste=ISTE_CAPACITY,
        ),
        _fb(
            "autonomy",
            "Handing the decision back",
            "Language that leaves the decision with the teacher: 'You know your students best', 'It's "
            "your call'.",
            "Choice is what makes a plan the teacher's own; it also makes advice safe to hear.",
            "Knight, partnership principles (choice, voice); MITI 4.2.1 (emphasize autonomy)",
            "Use it right after you share an idea, then return to a question.",
            ("You know your students best.", "It's your call which one fits."),
            iste=ISTE_TRUST,
        ),
        _fb(
            "presupposition",
            "Positive presupposition",
            "Language that assumes the teacher's capability: 'As you think about what's already "
            "working...', 'Given your experience with...'",
            "It signals confidence in the teacher, so they answer from strength instead of defending.",
            "Cognitive Coaching (positive presupposition)",
            "Open questions with it: 'Given what you know about this class, what might...?'",
            ("As you think about what's already working, what stands out?",),
            iste=ISTE_CAPACITY,
        ),
        _fb(
            "permission",
            "Asking permission",
            "Asking before you offer an idea: 'Would it help if I shared an idea?', 'Can I offer a "
            "thought?'",
            "Permission makes the move into consulting a choice the teacher makes, so your idea "
            "arrives as an offer, not an instruction.",
            "MITI 4.2.1 (persuade with permission); Aguilar, The Art of Coaching (directive stances); "
            "Lipton & Wellman (stance shifts)",
            "After the idea, hand the choice back and return to coaching: 'Which of these fits your "
            "students?'",
            ("Would it help if I shared an idea?", "Can I offer a thought about grouping?"),
            iste=ISTE_ADULTS,
        ),
        _fb(
            "advice",
            "Advice",
            "Telling the teacher what to do: 'You should...', 'You need to...', imperatives ('Try...'), "
            "'I'd...', 'I recommend...'",
            "Unasked-for advice puts you in charge of the teacher's classroom; they may comply, but "
            "they rarely own it, and a skeptical teacher pushes back.",
            "Lipton & Wellman (consultant stance); MITI 4.2.1 (persuade); Knight (partnership, choice)",
            "Ask what they have tried or are considering first; if they want ideas, ask permission and "
            "offer two or three options.",
            ("You should use a timer.", "Try a turn-and-talk.", "I'd group them by skill."),
            (("You should try exit tickets.", "What might it look like to try exit tickets?"),),
            iste=ISTE_TRUST,
        ),
        _fb(
            "self_focus",
            "Talking about yourself",
            "Turning the talk to your own experience: 'When I taught fourth grade...', 'In my classroom "
            "I always...'",
            "Autobiographical listening moves the spotlight to you; the teacher's problem becomes "
            "your story, and a veteran hears 'do it my way'.",
            "Cognitive Coaching (set aside autobiographical listening); Aguilar",
            "Set your story aside and ask about theirs: 'What's that like for you?'",
            ("When I taught fourth grade, I always used a timer.",),
            iste=ISTE_TRUST,
        ),
        _fb(
            "judgment",
            "Judgment",
            "Evaluating the work or the person, with praise or criticism: 'Great job!', 'That lesson "
            "went really well.', 'That won't work.'",
            "Praise and criticism both make you the judge; the teacher starts to work for your "
            "approval instead of their own evidence. Value-laden words cause mistrust.",
            "Cognitive Coaching (non-judgmental response); MITI 4.2.1 (affirm vs. approve)",
            "Share neutral data or ask for their evidence: 'What are you noticing about that lesson?'",
            ("Great job!", "That lesson went really well.", "That won't work."),
            (("That lesson went really well.", "What do you think made that lesson work?"),),
            iste=ISTE_TRUST,
        ),
        _fb(
            "collaboration",
            "Collaboration",
            "Shared-work language: 'Let's look at the data together.', 'We could try...'",
            "Working side by side can build partnership, but ideas should not come mostly from you.",
            "Lipton & Wellman (collaborating stance); ISTE 4.4.a",
            "Balance idea production: ask for their idea before adding yours.",
            ("Let's look at the data together.", "How might we test this?"),
            iste=ISTE_DESIGN,
        ),
        _fb(
            "yes_but",
            "Yes, but",
            "Acknowledging what the teacher said, then cancelling it with 'but': 'I hear you, but...'",
            "'But' erases the acknowledgement; the teacher hears only the disagreement.",
            "Aguilar, The Art of Coaching (resistant colleagues); MITI 4.2.1",
            "Use 'and' to hold both: 'You're worried about time, and you want them talking more.'",
            ("I hear you, but they need the practice.",),
            (("I hear you, but they need the practice.", "I hear you, and they need the practice."),),
            iste=ISTE_TRUST,
        ),
        _fb(
            "over_hedging",
            "Over-hedging",
            "So many hedges in one sentence that the message blurs: 'I just maybe kind of wonder if "
            "perhaps...'",
            "One hedge invites thinking; a pile of them makes the question hard to hear and can hide "
            "information the teacher needs.",
            "Cognitive Coaching (tentative language, used sparingly); Eduro Learning Thrive model",
            "Keep one tentative word and say the rest plainly.",
            ("I just maybe kind of wonder if perhaps you could possibly try it.",),
            (("I just maybe kind of wonder if perhaps we could look at it.", "I wonder if we could look at it."),),
            iste=ISTE_TRUST,
        ),
        _fb(
            "information",
            "Giving information",
            "Facts, research or what other teachers do: 'Research on retrieval practice shows...', "
            "'Some teachers use a visible timer.'",
            "Information is consulting, not a fault: it helps when the teacher asked for it, and it "
            "lands best as an offer with the choice left to them. Unasked for, it can turn the "
            "conversation into a lecture.",
            "MITI 4.2.1 (giving information); Aguilar, The Art of Coaching (informative stance)",
            "Ask what they already know first, offer the information briefly, then ask what they make "
            "of it: 'How does that fit with what you're seeing?'",
            ("Some teachers use a visible timer for transitions.",),
            iste=ISTE_ADULTS,
        ),
    ]
}


def _fallback(name: str) -> MoveFeedback:
    """Feedback for a move added to the vocabulary after these texts were written."""
    info = MOVES[name]
    return MoveFeedback(
        name=name,
        title=name.replace("_", " ").replace(".", ": ").capitalize(),
        why=info.summary[:1].upper() + info.summary[1:] + ".",
        source="convocoach move vocabulary",
        better="",
        definition=info.summary,
        valence=info.valence.value,
    )


def move_feedback(move_name: str) -> MoveFeedback:
    """The feedback for a move name (prefix 'question' alone is not a move).

    Raises:
        InputError: the name is not a move; the hint names the closest one.
    """
    found = FEEDBACK.get(move_name)
    if found is not None:
        return found
    if move_name in MOVES:
        return _fallback(move_name)
    raise InputError(
        f"unknown move {move_name!r}",
        path="explain",
        hint=did_you_mean(move_name) or "moves: " + ", ".join(sorted(FEEDBACK)),
    )


def did_you_mean(name: str) -> str | None:
    """A 'did you mean ...?' hint for a mistyped move name, or None."""
    names = list(FEEDBACK)
    low = name.lower().strip()
    candidates = difflib.get_close_matches(low, names, n=1, cutoff=0.5)
    if not candidates:
        # Allow 'why' for 'question.why', 'closed' for 'question.closed' and so on.
        suffixes = {n.split(".")[-1]: n for n in names if "." in n}
        close = difflib.get_close_matches(low, list(suffixes), n=1, cutoff=0.6)
        candidates = [suffixes[close[0]]] if close else []
    return f"did you mean '{candidates[0]}'?" if candidates else None


#: Moves that suggest_rewrite knows how to rewrite.
REWRITABLE: tuple[str, ...] = (
    "advice",
    "question.leading",
    "question.closed",
    "question.why",
    "judgment",
    "yes_but",
    "over_hedging",
)


def suggest_rewrite(
    analysis_or_text: Analysis | str, move: Move | str, doc: Doc | None = None
) -> str | None:
    """A better version of the coach's own sentence for a growth move, or None for other moves.

    Args:
        analysis_or_text: the Analysis of the coach turn, or its text.
        move: the Move (its span picks the sentence) or a move name (the whole text is used).
        doc: the analysed spaCy Doc of the text, if the caller has one (saves a pipeline run).

    Returns:
        A rewrite sentence, a string starting with "Template: " when no safe rewrite exists, or None
        when the move is not one that is rewritten.
    """
    from .rewrites import rewrite

    text = analysis_or_text if isinstance(analysis_or_text, str) else analysis_or_text.text
    name = move if isinstance(move, str) else move.name
    if name not in REWRITABLE:
        return None
    span: tuple[int, int] | None = None if isinstance(move, str) else (move.start, move.end)
    return rewrite(text, name, span=span, doc=doc)
