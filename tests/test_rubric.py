"""Session rubric: scores, bands, stance-aware advice, talk and wait time, feedback items, ISTE, rubric files."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convocoach.model.errors import InputError, InputErrors
from convocoach.evaluate.calibrate import roc_auc
from convocoach.model.analysis import Analysis, Move
from convocoach.model.conversation import Conversation, Role, Turn
from convocoach.model.moves import load_moves
from convocoach.scoring.feedback import Rewriter
from convocoach.scoring.rubric import RATIO_KEYS, Band, Rubric, load_rubric
from convocoach.scoring.score import RubricResult, score
from convocoach.transcripts import read_transcript

DIMENSIONS = load_moves().dimensions
MOVE_NAMES = load_moves().names

RUBRICS = Path(__file__).parent / "fixtures" / "rubrics"

STANCE_OF = {
    "advice": "consulting", "question.leading": "consulting", "self_focus": "consulting",
    "judgment": "evaluating", "collaboration": "collaborating",
}


def analysis(text: str, *names: str, stance: str | None = None) -> Analysis:
    """A hand-built Analysis: moves in order, each spanning a slice of the text."""
    moves = tuple(Move(n, i, i + 1, text[i:i + 1], "TEST", "") for i, n in enumerate(names))
    if stance is None:
        stance = next((STANCE_OF[n] for n in names if n in STANCE_OF), "coaching" if names else "neutral")
    n_q = sum(1 for n in names if n in ("question.open", "question.closed", "question.leading"))
    return Analysis(text=text, moves=moves, stance=stance, n_words=len(text.split()), n_questions=n_q)


def turn(index: int, role: str, speaker: str, text: str, a: Analysis | None = None, start: float | None = None,
         end: float | None = None, requested_advice: bool = False) -> Turn:
    assert role in ("coach", "teacher")
    r: Role = "coach" if role == "coach" else "teacher"
    return Turn(index=index, role=r, speaker=speaker, text=text, analysis=a, start=start, end=end,
                asks="advice" if requested_advice else None)


def score_session(turns: list[Turn], rubric: Rubric | None = None, rewrite: Rewriter | None = None) -> RubricResult:
    return score(Conversation(source="test", format="test", turns=tuple(turns)), rubric, rewrite=rewrite)


def session(*items: tuple[str, str] | tuple[str, str, tuple[str, ...]]) -> list[Turn]:
    """('teacher', text) or ('coach', text, (move names...)) -> turns indexed from 0."""
    out: list[Turn] = []
    for i, item in enumerate(items):
        if item[0] == "teacher":
            out.append(turn(i, "teacher", "Teacher", item[1]))
        else:
            names: tuple[str, ...] = item[2] if len(item) > 2 else ()
            out.append(turn(i, "coach", "Coach", item[1], analysis(item[1], *names)))
    return out


STRONG = session(
    ("teacher", "My fourth period never settles and I am exhausted by the end of the day."),
    ("coach", "It sounds like fourth period is draining you. What might be going on in those first minutes?",
     ("reflection", "tentative", "question.open")),
    ("teacher", "They come in from lunch wired and I start talking right away, and nobody listens to me."),
    ("coach", "So the transition from lunch is where it starts.", ("reflection",)),
    ("teacher", "Yes, that is exactly it, I think that transition is the whole problem for us."),
    ("coach", "What would you want that first minute to look like?", ("question.open", "invitational")),
    ("teacher", "Honestly I do not know. What should I do? Any ideas would help me right now."),
    ("coach", "Some teachers use a short silent warm-up on the board.", ("advice",)),
    ("teacher", "Maybe, I could try that on Monday and see how they respond to it."),
    ("coach", "You know them best. It sounds like Monday feels like a good start. How will you know it worked?",
     ("autonomy", "reflection", "question.open")),
)

WEAK = session(
    ("teacher", "My fourth period never settles and I am exhausted by the end of the day."),
    ("coach", "You should use a seating chart and a timer, and call home for the worst ones right away.",
     ("advice",)),
    ("teacher", "I tried that."),
    ("coach", "Did you try it for long enough? Was it the timing?", ("question.closed", "question.closed",
                                                                     "question.stacked")),
    ("teacher", "I guess."),
    ("coach", "Why did you stop? When I taught, I always kept at it for a month.", ("question.open", "question.why",
                                                                                    "self_focus")),
    ("teacher", "Okay."),
    ("coach", "You need to be consistent. Great job trying though.", ("advice", "judgment")),
)


def test_default_rubric_loads_with_miti_bands() -> None:
    r = load_rubric()
    assert r.name == "convocoach-default"
    assert set(r.weights) == set(DIMENSIONS)
    rq, op = r.bands["reflection_to_question"], r.bands["open_question_share"]
    assert (rq.fair, rq.good) == (1.0, 2.0)
    assert (op.fair, op.good) == (0.5, 0.7)
    assert load_rubric() is load_rubric()  # cached


def test_band_curve_and_labels() -> None:
    b = Band(fair=1.0, good=2.0)
    assert b.score(0) == 0 and b.score(1.0) == 60 and b.score(2.0) == 85 and b.score(3.0) == 100
    assert b.score(10) == 100
    assert [b.label(v) for v in (0.5, 1.0, 2.5)] == ["below fair", "fair", "good"]
    low = Band(fair=0.55, good=0.45, best=0.35, zero=0.85, direction="lower")
    assert low.score(0.30) == 100 and low.score(0.45) == 85 and low.score(0.9) == 0
    assert [low.label(v) for v in (0.4, 0.5, 0.7)] == ["good", "fair", "below fair"]
    with pytest.raises(ValueError):
        Band(fair=0.8, good=0.7)


def test_strong_session_outscores_weak_session() -> None:
    strong, weak = score_session(STRONG), score_session(WEAK)
    assert isinstance(strong, RubricResult)
    assert strong.overall > weak.overall + 25
    for res in (strong, weak):
        assert 0 <= res.overall <= 100
        assert set(res.dimensions) == set(DIMENSIONS) and all(0 <= v <= 100 for v in res.dimensions.values())
        assert set(res.ratios) == set(RATIO_KEYS)
        assert set(MOVE_NAMES) <= set(res.counts)
    assert strong.dimensions["listening"] > weak.dimensions["listening"]
    assert strong.dimensions["stance"] > weak.dimensions["stance"]
    assert strong.dimensions["questioning"] > weak.dimensions["questioning"]


def test_ratios_and_bands() -> None:
    res = score_session(STRONG)
    assert res.ratios["reflection_to_question"] == pytest.approx(3 / 3)  # 3 reflections, 3 open questions
    assert res.ratios["open_question_share"] == 1.0
    assert res.bands["reflection_to_question"] == "fair" and res.bands["open_question_share"] == "good"
    assert res.ratios["wait_time_median"] is None and "wait_time_3s_share" not in res.bands
    weak = score_session(WEAK)
    assert weak.ratios["reflection_to_question"] == 0.0 and weak.bands["reflection_to_question"] == "below fair"
    assert weak.ratios["open_question_share"] == pytest.approx(1 / 3)


def test_advice_after_teacher_request_is_a_skilled_shift_and_return_is_credited() -> None:
    res = score_session(STRONG)
    assert res.metrics["skilled_shift_share"] == 1.0
    assert res.metrics["unsolicited_advice_rate"] == 0.0
    assert res.metrics["return_to_coaching_share"] == 1.0
    titles = {s.title: s for s in res.strengths}
    assert "A skilled move into consulting" in titles and titles["A skilled move into consulting"].turns == [7]
    assert all(t.move != "advice" for t in res.to_try)


def test_requested_advice_flag_and_permission_sanction_advice() -> None:
    flagged = [
        turn(0, "teacher", "T", "Hmm, I am stuck with this class.", requested_advice=True),
        turn(1, "coach", "C", "You could try a timer.", analysis("You could try a timer.", "advice")),
    ]
    assert score_session(flagged).metrics["skilled_shift_share"] == 1.0
    permitted = session(
        ("teacher", "I am stuck with this class."),
        ("coach", "Would it help if I shared an idea?", ("permission", "question.closed")),
        ("teacher", "Sure."),
        ("coach", "You could try a timer.", ("advice",)),
    )
    assert score_session(permitted).metrics["skilled_shift_share"] == 1.0
    same_turn = session(
        ("teacher", "I am stuck with this class."),
        ("coach", "Can I offer a thought? You could try a timer.", ("permission", "advice")),
    )
    assert score_session(same_turn).metrics["skilled_shift_share"] == 1.0
    refused = session(
        ("teacher", "I am stuck with this class."),
        ("coach", "Would it help if I shared an idea?", ("permission", "question.closed")),
        ("teacher", "No, not now."),
        ("coach", "You could try a timer.", ("advice",)),
    )
    res = score_session(refused)
    assert res.metrics["skilled_shift_share"] == 0.0 and res.to_try[0].turns == [3]


def test_information_after_permission_and_a_menu_then_which_fits_is_credited() -> None:
    s = session(
        ("teacher", "I have no idea what to try next with them."),
        ("coach", "Would it help if I shared a couple of options?", ("permission", "question.closed")),
        ("teacher", "Sure."),
        ("coach", "Some teachers use a silent warm-up; others start with partner talk. You know your students "
                  "best. Which of those might fit?", ("information", "autonomy", "question.open")),
    )
    res = score_session(s)
    assert res.metrics["skilled_shift_share"] == 1.0 and res.metrics["return_to_coaching_share"] == 1.0
    titles = [t.title for t in res.strengths]
    assert "A skilled move into consulting" in titles and "Back to coaching after consulting" in titles
    # Unasked-for information is neutral (MITI): not flagged as advice.
    plain = session(("teacher", "They never settle."), ("coach", "Some teachers use a timer.", ("information",)))
    res = score_session(plain)
    assert res.metrics["unsolicited_advice_rate"] == 0.0 and all(t.move != "advice" for t in res.to_try)


def test_repeated_unsolicited_advice_is_flagged_first_with_turns() -> None:
    res = score_session(WEAK)
    first = res.to_try[0]
    assert first.title == "Repeated advice nobody asked for"
    assert first.turns == [1, 7] and first.move == "advice"
    assert "Try instead:" in first.message and first.source
    assert len(res.to_try) == 3 and len(res.strengths) <= 3
    coach_idx = {t.index for t in WEAK if t.role == "coach"}
    for item in res.to_try + res.strengths:
        assert item.turns and set(item.turns) <= {t.index for t in WEAK}
    assert set(res.to_try[0].turns) <= coach_idx


def test_things_to_try_quote_the_coach_and_carry_a_rewrite_when_asked() -> None:
    first = score_session(WEAK).to_try[0]
    sentence = "You should use a seating chart and a timer, and call home for the worst ones right away."
    assert first.example == sentence  # the sentence around the move, not just the matched words
    assert first.message.endswith(f'For example: "{sentence}"') and first.rewrite is None

    seen: list[tuple[str, str]] = []

    def fake_rewrite(a: Analysis, m: Move) -> str | None:
        seen.append((a.text, m.name))
        return "What might it look like to use a seating chart?"

    first = score_session(WEAK, rewrite=fake_rewrite).to_try[0]
    assert seen[0] == (WEAK[1].text, "advice")
    assert first.rewrite == "What might it look like to use a seating chart?"
    assert first.message.endswith('could become "What might it look like to use a seating chart?"')


def test_consulting_run_without_return_is_flagged() -> None:
    s = session(
        ("teacher", "Just tell me what to do."),
        ("coach", "Use a timer.", ("advice",)),
        ("teacher", "Okay."),
        ("coach", "And post the agenda.", ("advice",)),
        ("teacher", "Fine."),
        ("coach", "Also call home.", ("advice",)),
        ("teacher", "Right."),
        ("coach", "And seat them by skill.", ("advice",)),
    )
    res = score_session(s)
    # three sanctioned turns (max_sanctioned_run), then the fourth is advice nobody asked for
    assert res.metrics["skilled_shift_share"] == pytest.approx(3 / 4)
    titles = [t.title for t in res.to_try]
    assert "Stayed in consulting" in titles and "Advice nobody asked for" in titles


def test_paraphrase_before_question() -> None:
    res = score_session(STRONG)
    assert res.metrics["paraphrase_before_question"] == pytest.approx(2 / 3)
    assert res.strengths[0].title == "You paraphrased before you asked" and res.strengths[0].turns == [1, 9]


def test_an_over_hedged_question_is_not_held_up_as_tentative_language() -> None:
    hedged = session(
        ("teacher", "The warm-up ran long again."),
        ("coach", "I just maybe kind of wonder if perhaps we could look at it?",
         ("question.closed", "tentative", "tentative", "over_hedging")),
        ("teacher", "Fine."),
        ("coach", "What might you try first?", ("question.open", "tentative")),
    )
    item = next(s for s in score_session(hedged).strengths if s.title == "Tentative, invitational questions")
    assert item.turns == [3]  # the plain tentative question, not the pile of hedges
    titles = [s.title for s in score_session(hedged[:2]).strengths]
    assert "Tentative, invitational questions" not in titles


def test_talk_share_by_words_and_by_seconds() -> None:
    words = session(("teacher", "one two three"), ("coach", "a b c d e f g", ("question.open",)))
    assert score_session(words).ratios["coach_talk_share"] == pytest.approx(7 / 10)
    timed = [
        turn(0, "teacher", "T", "one two three", start=0.0, end=9.0),
        turn(1, "coach", "C", "a b c d e f g", analysis("a b c d e f g", "question.open"), start=10.0, end=13.0),
    ]
    assert score_session(timed).ratios["coach_talk_share"] == pytest.approx(3 / 12)


def test_wait_time_after_coach_questions() -> None:
    turns = [
        turn(0, "coach", "C", "What stands out?", analysis("What stands out?", "question.open"), 0.0, 2.0),
        turn(1, "teacher", "T", "The noise.", None, 6.0, 8.0),
        turn(2, "coach", "C", "What else?", analysis("What else?", "question.open"), 8.5, 9.0),
        turn(3, "teacher", "T", "Nothing.", None, 10.0, 11.0),
        turn(4, "coach", "C", "Okay.", analysis("Okay."), 11.5, 12.0),
        turn(5, "teacher", "T", "Bye.", None, 20.0, 21.0),
        turn(6, "coach", "C", "How will you know?", analysis("How will you know?", "question.open"), 22.0, 23.0),
        turn(7, "teacher", "T", "By the tally.", None, 26.5, 28.0),
    ]
    res = score_session(turns)
    # gaps after questions: 4.0, 1.0, 3.5 (the statement at turn 4 is not a question)
    assert res.ratios["wait_time_median"] == pytest.approx(3.5)
    assert res.ratios["wait_time_3s_share"] == pytest.approx(2 / 3)
    assert res.bands["wait_time_3s_share"] == "fair"
    assert any(t.title == "More wait time after a question" and t.turns == [2] for t in res.to_try)


def test_iste_indicators_and_json() -> None:
    res = score_session(STRONG)
    assert any(s.startswith("4.3.a Cultivate Coaching Relationships") for s in res.iste)
    assert any(s.startswith("4.5.a") for s in res.iste)
    assert not any(s.startswith("4.3.a") for s in score_session(WEAK).iste)
    data = json.loads(json.dumps(res.to_dict()))
    assert data["overall"] == res.overall and data["dimensions"] == res.dimensions
    assert {d["indicator"] for d in data["iste_detail"]} >= {"4.3.a", "4.2.c"}
    assert set(data["strengths"][0]) == {"title", "message", "turns", "source", "move", "example", "rewrite"}


def test_empty_and_teacher_only_sessions() -> None:
    assert score_session([]).overall == 0
    res = score_session([turn(0, "teacher", "T", "Hello?")])
    assert res.overall == 0 and res.strengths == [] and res.to_try == [] and res.iste == []


def test_programme_rubric_changes_the_score() -> None:
    custom = load_rubric(RUBRICS / "listening_only.yml")
    assert custom.name == "listening-only"
    res = score_session(STRONG, custom)
    assert res.rubric == "listening-only"
    assert res.overall == res.dimensions["listening"]


BAD = {
    "unknown_key.yml": ("unknown_key.yml:2:1", "did you mean 'weights'?"),
    "unknown_metric.yml": ("unknown_metric.yml:6:5", "did you mean 'open_question_share'?"),
    "unknown_dimension.yml": ("unknown_dimension.yml:4:3", "did you mean 'listening'?"),
    "band_order.yml": ("band_order.yml:8:24", "ordered zero < fair < good < best"),
    "duplicate_key.yml": ("duplicate_key.yml:4:3", "duplicate key 'questioning'"),
    "syntax_error.yml": ("syntax_error.yml:4:11", "YAML syntax error"),
    "wrong_type.yml": ("wrong_type.yml:3:16", "valid number"),
    "negative_weight.yml": ("negative_weight.yml:3:3", "weight must be a number >= 0"),
    "missing_band.yml": ("missing_band.yml:6:5", "add bands.reflection_to_question"),
    "empty.yml": ("empty.yml:1", "file is empty"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_rubric_files_name_file_line_col(name: str) -> None:
    where, what = BAD[name]
    with pytest.raises((InputError, InputErrors)) as info:
        load_rubric(RUBRICS / name)
    text = str(info.value)
    assert where in text and what in text, text


def test_missing_rubric_file() -> None:
    with pytest.raises(InputError, match="file not found"):
        load_rubric(RUBRICS / "nope.yml")


def test_roc_auc_known_values() -> None:
    assert roc_auc([3, 4, 1, 2], [True, True, False, False]) == 1.0
    assert roc_auc([1, 2, 3, 4], [True, True, False, False]) == 0.0
    assert roc_auc([5, 5, 5, 5], [True, False, True, False]) == 0.5
    assert roc_auc([0.9, 0.4, 0.6, 0.2], [True, True, False, False]) == 0.75
    with pytest.raises(ValueError):
        roc_auc([1, 2], [True, True])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.booleans()), min_size=2, max_size=40).filter(
    lambda xs: any(y for _, y in xs) and not all(y for _, y in xs)))
def test_roc_auc_matches_pairwise_definition(data: list[tuple[int, bool]]) -> None:
    scores = [s for s, _ in data]
    labels = [y for _, y in data]
    pos = [s for s, y in data if y]
    neg = [s for s, y in data if not y]
    pairs = list(itertools.product(pos, neg))
    expected = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in pairs) / len(pairs)
    assert roc_auc(scores, labels) == pytest.approx(expected)


def test_calibration_reads_name_lines_with_the_plain_reader(tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Coach: Hi there.\nHow are you?\nTeacher: Tired.\nTeacher: Very tired.\n\nCoach: Okay.\n",
                 encoding="utf-8")
    assert [(t.role, t.speaker, t.text) for t in read_transcript(f).with_roles(()).turns] == [
        ("coach", "Coach", "Hi there. How are you?"),
        ("teacher", "Teacher", "Tired. Very tired."),
        ("coach", "Coach", "Okay."),
    ]
    bad = tmp_path / "bad.txt"
    bad.write_text("no speaker here\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_transcript(bad)
    assert "bad.txt:1" in str(info.value)


def test_rubric_and_feedback_do_not_import_spacy() -> None:
    code = ("import sys, convocoach.scoring.score, convocoach.scoring.explain, convocoach.scoring.rewrites; "
            "from convocoach.scoring.rubric import load_rubric; load_rubric(); "
            "assert 'spacy' not in sys.modules, 'spacy imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


_ROLES = st.sampled_from(["coach", "teacher"])
_MOVES = st.lists(st.sampled_from(list(MOVE_NAMES)), max_size=5)
_TIMES = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_ROLES, st.text(max_size=40), _MOVES, _TIMES, _TIMES, st.booleans()), max_size=12))
def test_score_session_never_fails_and_stays_in_range(items: list[tuple[str, str, list[str], float | None,
                                                                         float | None, bool]]) -> None:
    turns = []
    for i, (role, text, names, start, end, asked) in enumerate(items):
        a = analysis(text or "x", *names) if role == "coach" else None
        turns.append(turn(i, role, role, text, a, start, end, requested_advice=asked))
    res = score_session(turns)
    assert 0 <= res.overall <= 100 and all(0 <= v <= 100 for v in res.dimensions.values())
    assert len(res.strengths) <= 3 and len(res.to_try) <= 3
    indexes = {t.index for t in turns}
    assert all(set(f.turns) <= indexes and f.turns for f in res.strengths + res.to_try)
    json.dumps(res.to_dict())
