"""Per-move cases from DOMAIN.md's linguistics, asserting spans, not only labels."""

from __future__ import annotations

import pytest

from convocoach.model.analysis import Analysis
from convocoach.nlp.analyzer import Analyzer


def names(analysis: Analysis) -> list[str]:
    return [m.name for m in analysis.moves]


def span(analysis: Analysis, name: str) -> list[str]:
    return [m.text for m in analysis.moves if m.name == name]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("what else is going on with the unit", "question.open"),  # no '?'
        ("did that work for you", "question.closed"),  # no '?', subject-auxiliary inversion
        ("So how did the kids react", "question.open"),
        ("Okay and was it the seating", "question.closed"),
        ("Could you tell me more about how the group formed?", "question.open"),  # indirect open
        ("Have you tried exit tickets?", "question.leading"),
        ("Don't you think they need more structure?", "question.leading"),
        ("How many students turned it in?", "question.closed"),
        ("Which one worked better?", "question.closed"),
        ("You tried that already?", "question.closed"),  # declarative question
        ("I wonder what made the lesson feel rushed.", "question.open"),
        ("I just maybe kind of wonder if we could try it.", "question.closed"),  # hedges before 'wonder
    ],
)
def test_question_types(analyzer: Analyzer, text: str, expected: str) -> None:
    a = analyzer.analyze(text)
    qtypes = [n for n in names(a) if n in ("question.open", "question.closed", "question.leading")]
    assert qtypes == [expected], f"{text!r}: {qtypes}"


def test_each_question_sentence_gets_exactly_one_type(analyzer: Analyzer) -> None:
    a = analyzer.analyze("What happened? Did they get it? Have you tried a timer?")
    assert span(a, "question.open") == ["What happened?"]
    assert span(a, "question.closed") == ["Did they get it?"]
    assert span(a, "question.leading") == ["Have you tried a timer?"]
    assert span(a, "question.stacked") == ["What happened? Did they get it? Have you tried a timer?"]


def test_statement_with_wh_word_inside_is_not_a_question(analyzer: Analyzer) -> None:
    a = analyzer.analyze("What I'd like to do today is look at the data, which we collected Monday.")
    assert not [n for n in names(a) if n.startswith("question")]


def test_why_question_spans_the_question(analyzer: Analyzer) -> None:
    a = analyzer.analyze("Okay. Why did you skip the warm-up?")
    assert span(a, "question.why") == ["Why did you skip the warm-up?"]
    assert "question.open" in names(a)


def test_yes_but_span_runs_from_acknowledgement_to_but(analyzer: Analyzer) -> None:
    a = analyzer.analyze("I hear you, but the data says otherwise.")
    assert span(a, "yes_but") == ["I hear you, but"]


def test_quoted_speech_is_not_scored_as_the_coachs_language(analyzer: Analyzer) -> None:
    a = analyzer.analyze('You said "you should just give them a worksheet" and I wonder what you meant.')
    assert "advice" not in names(a)
    assert "question.open" in names(a)
    b = analyzer.analyze("Your principal said 'Why didn't you call home?' to you.")
    assert not [n for n in names(b) if n.startswith("question")]


def test_reflection_uses_the_teachers_previous_line(analyzer: Analyzer) -> None:
    prev = "I spent all weekend grading and I still feel behind."
    with_prev = analyzer.analyze("You're still behind even after a whole weekend of grading.", previous=prev)
    assert "reflection" in names(with_prev)
    assert with_prev.previous == prev


def test_advice_then_permission_stances(analyzer: Analyzer) -> None:
    assert analyzer.analyze("You should use a timer.").stance == "consulting"
    assert analyzer.analyze("What are you noticing about the group?").stance == "coaching"
    assert analyzer.analyze("Let's look at the data together.").stance == "collaborating"
    assert analyzer.analyze("Great job! That lesson went really well.").stance == "evaluating"
    assert analyzer.analyze("Okay.").stance == "neutral"


def test_stance_scores_sum_to_one(analyzer: Analyzer) -> None:
    a = analyzer.analyze("It sounds like a long week. You should rest.")
    assert abs(sum(a.stance_scores.values()) - 1.0) < 0.01


def test_tokenizer_exception_words_do_not_crash(analyzer: Analyzer) -> None:
    # spaCy 3.8 segfaults walking .children of "it's"/"let's" on a blank pipeline; we never walk the tree.
    a = analyzer.analyze("it's fine, that's it, let's go, what's up")
    assert a.text.startswith("it's")


def test_offsets_point_into_the_text(analyzer: Analyzer) -> None:
    text = "  So, um, what might you try next with the group?  "
    a = analyzer.analyze(text)
    for m in a.moves:
        assert text[m.start : m.end] == m.text


def test_over_hedging(analyzer: Analyzer) -> None:
    a = analyzer.analyze("I just maybe kind of wonder if perhaps we could look at it.")
    assert "over_hedging" in names(a)
    assert "over_hedging" not in names(analyzer.analyze("I wonder what might help."))


def test_model_option_reports_missing_model() -> None:
    from convocoach.model.errors import InputError
    from convocoach.nlp.pipeline import build_nlp

    with pytest.raises(InputError, match="not installed"):
        build_nlp(model="en_core_web_nonexistent")


@pytest.mark.parametrize(
    "text",
    [
        "What's going on is that the bell rings early.",
        "What happened was the kids got loud.",
        "What the data shows is a gap in fractions.",
        "What I'm hearing is that you're tired.",
        "What would make this better is if they had more time.",
    ],
)
def test_pseudo_cleft_is_a_statement(analyzer: Analyzer, text: str) -> None:
    # A what-clause that is the subject of 'is/was' names something; it asks nothing.
    assert not [n for n in names(analyzer.analyze(text)) if n.startswith("question")]


@pytest.mark.parametrize(
    "text",
    [
        "What do you think is going on?",  # inversion inside the clause: a question
        "What is it that you want?",
        "What kind of support is most useful?",  # a wh-phrase, then the verb
        "What would happen if she wasn't there?",  # the 'was' belongs to the if-clause
        "What makes you say that it's worse?",
    ],
)
def test_what_questions_with_a_later_copula_stay_questions(analyzer: Analyzer, text: str) -> None:
    assert "question.open" in names(analyzer.analyze(text))


def test_question_cut_off_before_its_predicate_asks_nothing(analyzer: Analyzer) -> None:
    assert not [n for n in names(analyzer.analyze("Would it--")) if n.startswith("question")]
    assert span(analyzer.analyze("Would it-- what would help?"), "question.open") == ["what would help?"]


def test_so_summary_with_rising_intonation_is_a_reflection(analyzer: Analyzer) -> None:
    prev = "Every time I go out with them I end up drinking and then I'm in trouble again."
    a = analyzer.analyze("So, going out with them keeps pulling you back into trouble?", previous=prev)
    assert "reflection" in names(a)
    assert not [n for n in names(a) if n.startswith("question")]
    b = analyzer.analyze("So you tried that already?", previous=prev)  # asks the teacher to confirm
    assert "question.closed" in names(b)


def test_speech_restarts_and_stutters(analyzer: Analyzer) -> None:
    assert "question.open" in names(analyzer.analyze("Mm-hmm. Wh-What sort of side effects did you notice"))
    assert "question.closed" in names(analyzer.analyze("Would-would it work out for you"))
    a = analyzer.analyze("Okay tell me- tell me how the aides spend that block.")
    assert "question.open" in names(a) and "advice" not in names(a)


def test_instruction_after_but_is_advice(analyzer: Analyzer) -> None:
    a = analyzer.analyze("I hear you, but maybe try a timer.")
    assert "yes_but" in names(a) and span(a, "advice") == ["try a timer."]
    assert "tentative" not in names(a)  # a hedged instruction is still an instruction


PREVIOUS = "Honestly the schedule keeps changing and I can't keep up with the grading."


@pytest.mark.parametrize(
    "text",
    [
        "You're welcome, any time at all.",  # a formula
        "The district form is rare, and it's easy to change if you let us know.",  # a condition
        "Well, the deadline is high, you know, for everyone.",  # a filler
        "You can find the new rubric online this week.",  # information about what they can do
    ],
)
def test_second_person_that_says_nothing_about_the_teacher_is_no_reflection(analyzer: Analyzer, text: str) -> None:
    assert "reflection" not in names(analyzer.analyze(text, previous=PREVIOUS))


@pytest.mark.parametrize(
    "text",
    [
        "You have a lot going on with the schedule this month.",
        "Because you know it keeps changing on you.",
    ],
)
def test_second_person_about_the_teacher_is_a_reflection(analyzer: Analyzer, text: str) -> None:
    assert "reflection" in names(analyzer.analyze(text, previous=PREVIOUS))
