"""Issue 15's smaller pieces: goal warnings, one way to play an assignment, `assignment submit`,
the data folder, stable history order, and the CLI polish (flags, -f, eval jsonl, rules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convocoach.cli import app
from convocoach.cli.common import handle_errors
from convocoach.practice.goals import goal_warnings, required, text_count, text_moves
from convocoach.practice.scenario import load_scenario, parse_scenario

FIX = Path(__file__).parent / "fixtures" / "cohort"
ASSIGNMENT = FIX / "assignment.yml"
PLANNING = FIX / "scenarios" / "cohort-planning.yml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = handle_errors(lambda: app(args=list(args), prog_name="convocoach", standalone_mode=False))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))


# --------------------------------------------------------------------------- goals
def test_goal_text_names_its_moves_and_count() -> None:
    assert text_moves("Ask at least three open questions") == ["question.open"]
    assert text_moves("Pace before asking: reflect before the first question") == ["question", "reflection"]
    assert text_moves("Name one specific strength (affirmation, not praise)") == ["affirmation", "judgment"]
    assert text_count("Paraphrase at least twice") == 2 and text_count("No judgment, not even praise") == 0
    assert text_count("Ask at least one question about causes") == 1 and text_count("Keep it short") is None


def _with_goal(tmp_path: Path, goal: str) -> Path:
    text = PLANNING.read_text(encoding="utf-8")
    start = text.index("goals:\n")
    end = text.index("start: opening")
    path = tmp_path / "cohort-planning.yml"
    path.write_text(text[:start] + "goals:\n" + goal + text[end:], encoding="utf-8")
    return path


def test_a_goal_whose_check_counts_another_move_is_warned_about(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_goal(tmp_path, '  - id: G1\n    text: "Ask at least one question about causes"\n'
                                "    at_least: {move: tentative, count: 2}\n")
    warnings = [str(w) for w in goal_warnings(load_scenario(path).scenario)]
    assert any("names question, but the check counts tentative" in w for w in warnings)
    assert any("the text says 1, but the check asks for at least 2" in w for w in warnings)
    code, out, err = run(capsys, "scenario", "validate", str(path))
    assert code == 0 and "ok " in out
    assert "warning: goal G1: the text names question, but the check counts tentative" in err


def test_an_ending_that_can_cut_a_count_goal_short_is_warned_about(tmp_path: Path) -> None:
    # The planning scenario's breakthrough can come after 3 replies: too soon for 4 open questions.
    path = _with_goal(tmp_path, '  - id: G1\n    text: "Ask at least four open questions"\n'
                                "    at_least: {move: question.open, count: 4}\n")
    sc = load_scenario(path).scenario
    (w,) = [str(w) for w in goal_warnings(sc)]
    assert "ending 'breakthrough' (breakthrough) can come after 3 replies, too soon for 4" in w
    assert "judged as a rate" in w and "(2 after 3)" in w
    goal = sc.goals[0]
    assert required(goal, sc, 3, finished=True) == 2  # ceil(4 * 3 / 8)
    assert required(goal, sc, 3, finished=False) == 4  # unfinished: the full count
    assert required(goal, sc, 8, finished=True) == 4


def test_assignment_validate_warns_and_reads_an_unquoted_due_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert "due: 2026-12-01\n" in ASSIGNMENT.read_text(encoding="utf-8")  # unquoted: YAML reads a date
    code, out, _ = run(capsys, "assignment", "validate", str(ASSIGNMENT), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["assignment"]["due"] == "2026-12-01" and data["warnings"] == []
    assert data["assignment"]["rubric_hash"].startswith("sha256:")


# --------------------------------------------------------------------------- playing and submitting
def test_play_assignment_points_to_the_one_way(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "play", "--assignment", str(ASSIGNMENT), "--replies", str(tmp_path / "r.txt"))
    assert code == 2 and "convocoach assignment play" in err
    assert not list(tmp_path.glob("submission-*.json"))


def test_replies_file_plays_a_one_attempt_assignment(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    one = tmp_path / "one.yml"
    one.write_text(f"id: one\ntitle: One\ndue: 2026-12-01\nscenarios:\n  - scenario: {PLANNING.resolve()}\n",
                   encoding="utf-8")
    out = tmp_path / "sub.json"
    code, _, err = run(capsys, "assignment", "play", str(one), "--participant", "Ana", "--replies",
                       str(FIX / "replies" / "skilled" / "cohort-planning.txt"), "-o", str(out), "--no-record")
    assert code == 0, err
    (attempt,) = json.loads(out.read_text(encoding="utf-8"))["attempts"]
    assert attempt["record"]["status"] == "finished" and len(attempt["record"]["turns"]) == 3
    code, _, err = run(capsys, "assignment", "play", str(ASSIGNMENT), "--participant", "Ana", "--replies",
                       str(FIX / "replies" / "skilled" / "cohort-planning.txt"), "-o", str(tmp_path / "x.json"))
    assert code == 2 and "asks for 3" in err and "--replies-dir" in err


def test_submit_adds_practice_records_to_a_submission(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rec = tmp_path / "planning.json"
    code, _, err = run(capsys, "play", str(PLANNING), "--replies", str(FIX / "replies" / "solid" / "cohort-planning.txt"),
                       "--record", str(rec), "--seed", "2")
    assert code == 0, err
    sub = tmp_path / "sub.json"
    code, _, err = run(capsys, "assignment", "submit", str(ASSIGNMENT), str(rec), "--participant", "Bo Chen",
                       "-o", str(sub))
    assert code == 0, err
    assert "played with seed 2, the assignment sets 0" in err
    data = json.loads(sub.read_text(encoding="utf-8"))
    assert data["participant"] == {"id": "bo-chen", "name": "Bo Chen"}
    assert [(a["scenario"], a["attempt"]) for a in data["attempts"]] == [("cohort-planning", 1)]
    code, _, err = run(capsys, "assignment", "submit", str(ASSIGNMENT), str(rec), "--participant", "Bo Chen",
                       "-o", str(sub))
    assert code == 2 and "already in the submission" in err
    # A changed assignment file: a notice, not a failure.
    changed = tmp_path / "assignment.yml"
    changed.write_text(ASSIGNMENT.read_text(encoding="utf-8").replace("overall: 50", "overall: 40").replace(
        "scenarios/", str(FIX / "scenarios") + "/"), encoding="utf-8")
    code, out, err = run(capsys, "grade", str(sub), "-a", str(changed))
    assert "notice:" in err and "the assignment file changed since this submission was made" in err


# --------------------------------------------------------------------------- the data folder and order
def test_the_data_folder_follows_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import click
    import platformdirs

    from convocoach.io.records import app_dir

    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "mine"))
    assert app_dir() == tmp_path / "mine"
    monkeypatch.delenv("CONVOCOACH_HOME")
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "data" / "convocoach"))
    monkeypatch.setattr(click, "get_app_dir", lambda *a, **k: str(tmp_path / "config" / "convocoach"))
    assert app_dir() == tmp_path / "data" / "convocoach"
    (tmp_path / "config" / "convocoach" / "sessions").mkdir(parents=True)  # left by an earlier version
    assert app_dir() == tmp_path / "config" / "convocoach"
    (tmp_path / "data" / "convocoach").mkdir(parents=True)
    assert app_dir() == tmp_path / "data" / "convocoach"


def test_sessions_of_one_second_keep_their_order() -> None:
    from convocoach.programme.progress import SessionSummary, session_order

    def s(name: str) -> SessionSummary:
        return SessionSummary(path=f"/h/sessions/{name}.json", scenario="x", title="x",
                              started="2026-12-01T10:00:00Z", status="finished", outcome=None, turns=1,
                              overall=50, dimensions={}, moves={})

    made = [s("20261201-100000120-zeta"), s("20261201-100000450-alpha"), s("20261201-100000450-alpha-2"),
            s("20261201-100000450-alpha-3")]
    assert sorted(reversed(made), key=session_order) == made


# --------------------------------------------------------------------------- CLI polish
def test_flags_show_no_bool_metavar(capsys: pytest.CaptureFixture[str]) -> None:
    for cmd in (["grade", "--help"], ["assignment", "play", "--help"], ["analyze", "--help"]):
        code, out, _ = run(capsys, *cmd)
        assert code == 0 and "<bool>" not in out, cmd


def test_short_f_means_format_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", "What are you noticing?", "-f", "json")
    assert code == 0 and json.loads(out)
    code, out, _ = run(capsys, "eval", "--help")
    assert code == 0 and "jsonl" in out


def test_rules_render_bold_labels_not_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "Q003")
    assert code == 0 and "Anti-pattern" in out and "**" not in out


def test_goals_count_the_move_their_text_names() -> None:
    from convocoach.model.analysis import Analysis, Move
    from convocoach.practice.goals import count_move

    def move(name: str, start: int, end: int) -> Move:
        return Move(name=name, start=start, end=end, text="", rule="t", message="")

    why = Analysis(text="Why did you stop? What happened?", stance="neutral",
                   moves=(move("question.open", 0, 17), move("question.why", 0, 17), move("question.stacked", 0, 32),
                          move("question.open", 18, 32)))
    assert why.count("question.open") == 2 and why.count("question") == 4  # what the old check counted
    assert count_move(why, "question.open") == 1  # the why-question is not the open question asked for
    assert count_move(why, "question") == 2 and count_move(why, "question.why") == 1


def test_gradebook_cells_never_read_as_dates() -> None:
    from convocoach.reports.gradebook import cell

    for text in ("1/1", "2026-12-01", "3-4", "1.2.2026", "12:30"):
        assert cell(text) == "'" + text
    for text in ("0.1.0", "ana-ruiz", "Ana María Ruiz", "breakthrough"):
        assert cell(text) == text
    assert cell(3) == "3" and cell(87.3) == "87.3" and cell(True) == "yes"
