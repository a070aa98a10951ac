"""Teachers who listen: content-aware conditions (mentions, picks_up, answers, lines `after` a move,
a request for ideas), the debrief's honesty, and the authoring commands (`scenario test`, `scenario new`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from convocoach.practice import content
from convocoach.practice.engine import Engine
from convocoach.practice.scenario import parse_scenario
from convocoach.model.errors import InputErrors
from conftest import Run
from test_engine import fake_analyze

# --- reading content -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "terms", "expected"), [
    ("The principals never see my notes.", ["principal"], True),       # plural form of the term
    ("We could look at their exit tickets.", ["exit ticket"], True),    # a phrase, as a run of words
    ("Tickets to the game, and an exit door.", ["exit ticket"], False),  # the words, not the run
    ("What are you noticing?", ["principal"], False),
    ("I said it badly.", ["i share"], False),                          # no synonyms: 'said' is not 'share'
    ("Those are my notes.", ["not"], False),                           # 'notes' is not 'not'
    ("The choice is yours.", ["your"], False),
    ("We were observing the group.", ["observe"], True),
])
def test_mentions(text: str, terms: list[str], expected: bool) -> None:
    assert content.mentions(text, terms) is expected


def test_picks_up_her_words_or_the_node_topics() -> None:
    line = "Every time, somebody from the district comes in with a binder."
    assert content.picks_up("So the binders end up on a shelf.", line)
    assert not content.picks_up("You need to step back more.", line)       # a 'you' sentence, none of hers
    assert content.picks_up("How are the early finishers doing?", "It's chaos.", topics=["early finishers"])


@pytest.mark.parametrize(("reply", "kind", "terms", "expected"), [
    ("Fair question. Nothing I see goes to the principal.", "yes_no", [], True),
    ("No, it stays between us.", "yes_no", [], True),
    ("It doesn't go anywhere.", "yes_no", [], True),                     # "doesn't" carries the no
    ("What worries you about that?", "yes_no", ["principal"], False),    # a question back is no answer
    ("I hear that it matters to you.", "yes_no", ["principal"], False),  # a statement that answers nothing
    ("I'm not sure. There's no rush.", "yes_no", [], False),             # a 'not' and a 'no', no answer
    ("Well, honestly, no. My notes stay with you.", "yes_no", [], True),
    ("I'll keep my notes with you, and you decide what I share.", "commitment", [], True),
    ("We could meet on Thursday.", "topic", ["thursday"], True),
    ("We could meet soon.", "topic", ["thursday"], False),
])
def test_answers(reply: str, kind: content.AnswerKind, terms: list[str], expected: bool) -> None:
    assert content.answers(reply, kind, terms) is expected


@pytest.mark.parametrize(("line", "expected"), [
    ("What else should I do?", True), ("You're the coach, just tell me.", True), ("Any ideas?", True),
    ("I tried that already.", False), ("What should happen next is up to them.", False),
])
def test_requests_for_ideas(line: str, expected: bool) -> None:
    # "What should happen" is not "what should I"; a request names the asker.
    assert content.requests_ideas(line) is expected


# --- in a scenario -------------------------------------------------------------------------------

SCENARIO = """
id: listening
title: A teacher who asks
summary: s
context: c
conversation: problem-resolving
persona: {name: Ms. Lee, role: teacher, background: b, resistance: advice-seeker}
meters: {trust: {start: 3}}
reactions:
  - when: {any: [advice], permitted: false}
    delta: {trust: -2}
    note: unasked
  - when: {any: [reflection], picks_up: true}
    delta: {trust: 1}
    note: heard
  - when: {any: [reflection], picks_up: false}
    delta: {trust: -1}
    note: not her words
start: opening
nodes:
  opening:
    topics: [early finishers]
    lines: [{text: "My early finishers run wild while the rest are still working."}]
    branches:
      - {when: {mentions: [finisher]}, goto: ask}
    default: drift
  drift:
    lines: [{text: "Sorry, what were we talking about?"}]
    default: partial
  ask:
    question: {text: "Does this go to the principal?", answer: yes_no, terms: [principal]}
    lines:
      - {after: {any: [reflection]}, text: "Exactly, the early finishers. Wait, does this go to the principal?"}
      - text: "Does this go to the principal?"
    branches:
      - {when: {answers: false}, goto: stalled}
    default: ideas
  ideas:
    lines: [{text: "Okay. So what should I do with them?"}]
    branches:
      - {when: {meters: {trust: {min: 4}}}, goto: breakthrough}
    default: partial
endings:
  breakthrough: {outcome: breakthrough, line: "Thanks.", debrief: "d"}
  partial: {outcome: partial, line: "Maybe.", debrief: "d"}
  stalled: {outcome: stalled, line: "Bye.", debrief: "d"}
"""


def _engine(text: str = SCENARIO) -> Engine:
    return Engine(parse_scenario(text, "listening.yml").scenario, fake_analyze)


def test_a_paraphrase_counts_only_when_it_takes_up_her_words() -> None:
    engine = _engine()
    turn = engine.step("It sounds like the early finishers are restless.")
    assert turn.meters == {"trust": 4} and turn.goto == "ask"
    other = _engine().step("It sounds like you need a seating chart.")   # a 'reflection' of nothing she said
    assert other.meters == {"trust": 2} and other.goto == "drift"          # and no mention of her finishers


def test_line_variants_follow_what_was_said() -> None:
    engine = _engine()
    engine.step("It sounds like the early finishers are restless.")
    assert engine.teacher_line().startswith("Exactly, the early finishers")
    plain = _engine()
    plain.step("What do the early finishers do?")
    assert plain.teacher_line() == "Does this go to the principal?"    # no 'Exactly' after a question


def test_an_unanswered_question_is_not_heard() -> None:
    engine = _engine()
    engine.step("It sounds like the early finishers are restless.")
    engine.step("What worries you about the principal?")
    assert engine.outcome == "stalled"
    answered = _engine()
    answered.step("It sounds like the early finishers are restless.")
    answered.step("No, this stays between us.")
    assert answered.node_id == "ideas"


def test_advice_she_asked_for_costs_no_trust() -> None:
    engine = _engine()
    engine.step("It sounds like the early finishers are restless.")
    engine.step("No, this stays between us.")
    turn = engine.step("You should give them an extension task.")        # after "what should I do?"
    assert turn.meters == turn.meters_before and "unasked" not in turn.notes
    assert engine.outcome == "breakthrough"
    early = _engine().step("You should give the early finishers a task.")  # nobody asked yet
    assert early.meters == {"trust": 1}


@pytest.mark.parametrize(("change", "message"), [
    (("    branches:\n      - {when: {mentions: [finisher]}, goto: ask}",
      "    branches:\n      - {when: {answers: true}, goto: ask}"), "declares no `question`"),
    (('      - text: "Does this go to the principal?"', '      - {after: {any: [reflection]}, text: "x"}'),
     "the last line variant needs no `when` or `after`"),
    (("answer: yes_no, terms: [principal]", "answer: topic"), "a topic answer needs `terms`"),
    (("{mentions: [finisher]}", "{mentions: [finisher], picks_up: maybe}"), "picks_up"),
])
def test_bad_content_conditions_name_file_and_line(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in SCENARIO
    with pytest.raises(InputErrors) as exc:
        parse_scenario(SCENARIO.replace(old, new), "listening.yml")
    text = "\n".join(str(e) for e in exc.value.errors)
    assert message in text and "listening.yml:" in text


def test_schema_documents_the_new_keys(run: Run) -> None:
    code, out, _ = run("scenario", "schema")
    schema = json.loads(out)
    condition = schema["$defs"]["Condition"]["properties"]
    assert {"mentions", "picks_up", "answers"} <= set(condition)
    assert {"question", "topics"} <= set(schema["$defs"]["Node"]["properties"])
    assert {"after", "asks"} <= set(schema["$defs"]["Line"]["properties"])


# --- the debrief tells the truth -----------------------------------------------------------------


def test_strongest_turn_never_carries_a_growth_move() -> None:
    from convocoach.practice.debrief import pick_turns

    engine = _engine()
    engine.step("It sounds like the early finishers are restless, and you should give them a task.")
    engine.step("What worries you about the principal?")
    strongest, weakest = pick_turns(engine.replies)
    assert strongest == 2 and weakest == 1     # the paraphrase-plus-advice turn is never the "best"
    only_bad = _engine()
    only_bad.step("You should give them a task.")
    assert pick_turns(only_bad.replies)[0] is None


def test_debrief_names_what_fell_short() -> None:
    from convocoach.practice.debrief import fell_short

    engine = _engine()
    engine.step("It sounds like the early finishers are restless.")
    engine.step("What worries you about the principal?")
    reasons = fell_short(engine)
    assert reasons == ["Her question 'Does this go to the principal?' went unanswered in turn 2."]
    engine = _engine()
    engine.step("What do the early finishers do?")
    engine.step("No, it stays between us.")
    engine.step("What have you tried?")
    assert engine.outcome == "partial"
    assert fell_short(engine) == ["trust ended at 3; the breakthrough needed at least 4."]


# --- authoring: scenario new / scenario test -----------------------------------------------------

WALKS: dict[str, object] = {
    "scenario": "listening",
    "walkthroughs": {
        "skilled": {"kind": "skilled", "replies": [
            "It sounds like the early finishers are restless.", "No, it stays between us.",
            "Would it help if I shared a few options?"],
            "expect": {"outcome": "breakthrough", "path": ["opening", "ask", "ideas"], "no_loss_at": ["ideas"]}},
        "ignores": {"kind": "ignores-question", "replies": [
            "It sounds like the early finishers are restless.", "What do you notice about them?"],
            "expect": {"outcome": ["partial", "stalled"]}},
    },
}


def _write(tmp_path: Path, walks: dict[str, object]) -> Path:
    f = tmp_path / "listening.yml"
    f.write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "walkthroughs").mkdir()
    (tmp_path / "walkthroughs" / "listening.yml").write_text(yaml.safe_dump(walks), encoding="utf-8")
    return f


def test_scenario_test_passes_and_fails_honestly(run: Run, tmp_path: Path) -> None:
    f = _write(tmp_path, WALKS)
    code, out, err = run("scenario", "test", str(f))
    assert code == 0, out + err
    assert "2 of 2 walkthroughs pass" in out and "opening > ask > ideas > breakthrough" in out
    bad = json.loads(json.dumps(WALKS))
    bad["walkthroughs"]["ignores"]["expect"] = {"outcome": "breakthrough"}
    (tmp_path / "walkthroughs" / "listening.yml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    code, out, err = run("scenario", "test", str(f))
    assert code == 1 and "FAIL" in out and "outcome stalled, expected breakthrough" in out
    assert "What do you notice about them?" in out          # the failing run's steps are shown


def test_scenario_test_refuses_bad_walkthroughs(run: Run, tmp_path: Path) -> None:
    bad = json.loads(json.dumps(WALKS))
    bad["walkthroughs"]["skilled"]["expect"]["path"] = ["opening", "nowhere"]
    f = _write(tmp_path, bad)
    code, out, err = run("scenario", "test", str(f))
    assert code == 2 and "'nowhere' is not a node of listening" in err and "Traceback" not in err
    (tmp_path / "walkthroughs" / "listening.yml").unlink()
    code, _, err = run("scenario", "test", str(f))
    assert code == 2 and "no walkthroughs for this scenario" in err


def test_scenario_new_writes_a_file_that_validates_and_plays(run: Run, tmp_path: Path) -> None:
    f = tmp_path / "my-first.yml"
    code, out, err = run("scenario", "new", str(f))
    assert code == 0, err
    assert "id: my-first" in f.read_text(encoding="utf-8")
    code, out, err = run("scenario", "validate", str(f))
    assert code == 0 and "ok" in out, err
    code, _, err = run("scenario", "new", str(f))
    assert code == 2 and "--force" in err
    code, _, err = run("scenario", "new", str(tmp_path / "My Scenario.yml"))
    assert code == 2 and "my-scenario.yml" in err


def test_resume_hint_says_uv_run_under_uv(monkeypatch: pytest.MonkeyPatch) -> None:
    from convocoach.cli.common import program

    monkeypatch.setenv("UV_RUN_RECURSION_DEPTH", "1")
    assert program() == "uv run convocoach"
    monkeypatch.delenv("UV_RUN_RECURSION_DEPTH")
    assert program() == "convocoach"
