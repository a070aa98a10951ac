"""`convocoach play`, `scenarios` and `scenario validate|schema|graph` through the real entry point."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from typer.testing import CliRunner

from conftest import real_doc
from convocoach.cli import main
from convocoach.model.analysis import Analysis
from test_engine import fake_analyze

BAD = Path(__file__).parent / "fixtures" / "scenarios" / "bad"
# The play mechanics are tested on frozen copies of two scenarios (the shipped ones are content and are
# tested by their walkthroughs in tests/test_walkthroughs.py).
PLAY = Path(__file__).parent / "fixtures" / "scenarios" / "play"
ID = "veteran-partner-agreement"
SCENARIO = str(PLAY / f"{ID}.yml")
SKILLED = [
    "It sounds like you've seen a lot of programmes come and go. What has that been like?",
    "So the ones that lasted were the ones teachers had a say in. What made the difference?",
    "It sounds like you're unsure what I'd do. What would make this time worthwhile for you?",
    "So you want to know where it goes. What agreements might you want us to have?",
    "So your meaning-makers are on your mind. What might a first small step look like?",
]


class FakeAnalyzer:
    lexicon_hash = "fake-lexicons"

    def analyze(self, text: str, previous: str | None = None, id: str | None = None) -> Analysis:
        return fake_analyze(text, previous)

    def doc(self, text: str, previous: str | None = None) -> Any:
        return real_doc(text, previous)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path / "home"


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeAnalyzer:
    import convocoach.nlp.analyzer as analyzer_mod

    an = FakeAnalyzer()
    monkeypatch.setattr(analyzer_mod, "get_analyzer", lambda *a, **k: an)
    return an


def run(args: list[str], input: str | None = None) -> tuple[int, str, str]:
    """Run `convocoach ARGS` in-process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()
    with runner.isolation(input=input) as (out, err, *_):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        sys.stdout.flush()
        sys.stderr.flush()
        return code, out.getvalue().decode(), err.getvalue().decode()


def write_replies(tmp_path: Path, replies: list[str], name: str = "replies.txt") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(replies) + "\n", encoding="utf-8")
    return p


def test_replies_json_record(tmp_path: Path, fake: FakeAnalyzer) -> None:
    rec = tmp_path / "rec.json"
    code, out, err = run(["play", SCENARIO, "--replies", str(write_replies(tmp_path, SKILLED)),
                          "--format", "json", "--record", str(rec), "--seed", "4"])
    assert code == 0, err
    data = json.loads(out)  # stdout is only JSON
    assert data["schema_version"] == "1" and data["kind"] == "convocoach.session"
    assert data["scenario"]["id"] == ID and data["scenario"]["hash"].startswith("sha256:")
    assert data["lexicon_hash"] == "fake-lexicons" and data["seed"] == 4
    assert data["convocoach_version"]
    assert data["status"] == "finished" and data["outcome"]["outcome"] == "breakthrough"
    assert len(data["turns"]) == 5
    t0 = data["turns"][0]
    assert {"teacher", "reply", "analysis", "meters", "node"} <= set(t0)
    assert t0["analysis"]["moves"] and t0["meters"]["trust"] > t0["meters_before"]["trust"]
    assert json.loads(rec.read_text()) == data
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_same_replies_and_seed_same_conversation(tmp_path: Path, fake: FakeAnalyzer) -> None:
    replies = str(write_replies(tmp_path, SKILLED[:3] + ["Okay."] * 3))

    def once() -> list[tuple[str, str]]:
        code, out, _ = run(["play", SCENARIO, "--replies", replies, "--format", "json", "--seed", "9",
                            "--no-record"])
        return [(t["node"], t["teacher"]) for t in json.loads(out)["turns"]]

    assert once() == once()


def test_text_play_prints_card_turn_feedback_and_debrief(tmp_path: Path, fake: FakeAnalyzer, home: Path) -> None:
    code, out, err = run(["play", SCENARIO, "--replies", str(write_replies(tmp_path, SKILLED))])
    assert code == 0, err
    assert "Ms. Alvarez" in out and "Goals" in out and "non-verbal" in out
    assert "stance" in out and "Trust" in out and "█" in out
    assert "Outcome: breakthrough" in out and "Turn by turn" in out and "What to try next time" in out
    assert "Strongest turn" in out
    records = list((home / "sessions").glob("*.json"))
    assert len(records) == 1 and json.loads(records[0].read_text())["status"] == "finished"


def test_feedback_end_hides_per_turn_lines(tmp_path: Path, fake: FakeAnalyzer) -> None:
    code, out, _ = run(["play", SCENARIO, "--replies", str(write_replies(tmp_path, SKILLED)), "--feedback", "end",
                        "--no-record"])
    assert code == 0
    before_debrief = out.split("Outcome:")[0]
    assert "  stance " not in before_debrief and "  you: " not in before_debrief and "You: " in before_debrief


def test_yaml_list_replies(tmp_path: Path, fake: FakeAnalyzer) -> None:
    p = tmp_path / "r.yml"
    p.write_text("".join(f"- {json.dumps(r)}\n" for r in SKILLED), encoding="utf-8")
    code, out, _ = run(["play", SCENARIO, "--replies", str(p), "--format", "json", "--no-record"])
    assert code == 0 and json.loads(out)["outcome"]["outcome"] == "breakthrough"


def test_rich_markup_in_reply_is_shown_literally(tmp_path: Path, fake: FakeAnalyzer) -> None:
    reply = "[bold red]What[/] might [link=http://x]help[/link]?"
    code, out, _ = run(["play", SCENARIO, "--replies", str(write_replies(tmp_path, [reply])), "--no-record"])
    assert code == 0
    assert "[bold red]What[/] might [link=http://x]help[/link]?" in out


def test_control_characters_are_removed_from_replies(tmp_path: Path, fake: FakeAnalyzer) -> None:
    p = write_replies(tmp_path, ["What \x1b[2Jstands out\x07 for you?"])
    code, out, _ = run(["play", SCENARIO, "--replies", str(p), "--format", "json", "--no-record"])
    assert code == 0 and json.loads(out)["turns"][0]["reply"] == "What [2Jstands out for you?"


def test_unwritable_record_path_fails_before_playing(tmp_path: Path, fake: FakeAnalyzer) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run(["play", SCENARIO, "--record", str(blocker / "r.json")], input=SKILLED[0] + "\n")
    assert code == 2 and "cannot write the session record" in err and "Ms. Alvarez:" not in out


def test_record_reads_back_as_a_transcript(tmp_path: Path, fake: FakeAnalyzer) -> None:
    from convocoach.transcripts import read_transcript

    rec = tmp_path / "r.json"
    run(["play", SCENARIO, "--replies", str(write_replies(tmp_path, SKILLED[:2])), "--record", str(rec)])
    transcript = read_transcript(rec)
    text = repr(transcript)
    assert "Ms. Alvarez" in text and SKILLED[1][:30] in text


def test_long_reply_in_file_is_exit_2_with_line(tmp_path: Path, fake: FakeAnalyzer) -> None:
    p = write_replies(tmp_path, ["What stands out?", "x" * 10_000])
    code, out, err = run(["play", SCENARIO, "--replies", str(p)])
    assert code == 2 and f"{p}:2" in err and "10,000 characters" in err and "Traceback" not in err


def test_interactive_commands_empty_long_and_eof(tmp_path: Path, fake: FakeAnalyzer) -> None:
    rec = tmp_path / "r.json"
    keys = "\n".join(["", "/help", "/hint", "/undo", "x" * 10_000, SKILLED[0], "/undo", SKILLED[0], "/bogus"]) + "\n"
    code, out, err = run(["play", SCENARIO, "--record", str(rec)], input=keys)
    assert code == 0, err
    assert "type a reply" in out  # empty reply re-prompts
    assert "/hint" in out and "hint: " in out
    assert "Nothing to take back" in out and "Took back reply 1" in out
    assert "10,000 characters" in out
    assert "unknown command /bogus" in out
    assert "--resume" in out  # EOF: saved, and how to continue
    data = json.loads(rec.read_text())
    assert data["status"] == "in_progress" and len(data["turns"]) == 1


def test_ctrl_c_saves_and_exits_130(tmp_path: Path, fake: FakeAnalyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    answers: Iterator[str | BaseException] = iter([SKILLED[0], KeyboardInterrupt()])

    def fake_input(self: object, prompt: object = "", **kw: object) -> str:
        nxt = next(answers)
        if isinstance(nxt, BaseException):
            raise nxt
        return nxt

    monkeypatch.setattr(Console, "input", fake_input)
    rec = tmp_path / "r.json"
    code, out, err = run(["play", SCENARIO, "--record", str(rec)])
    assert code == 130
    assert "Traceback" not in out + err and f"convocoach play --resume {rec}" in out.replace("\n", "")
    assert len(json.loads(rec.read_text())["turns"]) == 1


def test_resume_continues_a_session(tmp_path: Path, fake: FakeAnalyzer) -> None:
    rec = tmp_path / "r.json"
    code, _, err = run(["play", SCENARIO, "--replies", str(write_replies(tmp_path, SKILLED[:2], "a.txt")),
                        "--record", str(rec), "--seed", "3"])
    assert code == 0 and "replies ran out" in err
    first = json.loads(rec.read_text())
    assert first["status"] == "in_progress" and len(first["turns"]) == 2
    code, out, err = run(["play", "--resume", str(rec), "--replies", str(write_replies(tmp_path, SKILLED[2:], "b.txt")),
                          "--format", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["seed"] == 3 and len(data["turns"]) == 5 and data["outcome"]["outcome"] == "breakthrough"
    assert data["turns"][:2] == first["turns"]
    assert json.loads(rec.read_text())["status"] == "finished"


def test_resume_bad_record(tmp_path: Path, fake: FakeAnalyzer) -> None:
    p = tmp_path / "x.json"
    p.write_text("{not json", encoding="utf-8")
    code, _, err = run(["play", "--resume", str(p)])
    assert code == 2 and f"{p}:1" in err


def test_first_line_before_analyzer_is_ready(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The card and the first teacher line are printed while the analyzer is still being built."""
    import convocoach.nlp.analyzer as analyzer_mod
    from rich.console import Console

    ready = threading.Event()
    seen: dict[str, str] = {}

    def slow_build(*a: object, **k: object) -> FakeAnalyzer:
        ready.wait(10)
        return FakeAnalyzer()

    def fake_input(self: object, prompt: object = "", **kw: object) -> str:
        seen["screen"] = sys.stdout.getvalue().decode() if hasattr(sys.stdout, "getvalue") else ""
        seen["built"] = str(ready.is_set())
        ready.set()
        raise EOFError

    monkeypatch.setattr(analyzer_mod, "get_analyzer", slow_build)
    monkeypatch.setattr(Console, "input", fake_input)
    runner = CliRunner()
    with runner.isolation() as (out, _err, *_):
        with pytest.raises(SystemExit):
            main(["play", SCENARIO, "--no-record"])
        screen = out.getvalue().decode()
    assert seen["built"] == "False"
    assert "Ms. Alvarez:" in screen.split("You")[0] or "Ms. Alvarez:" in screen


def test_bad_scenario_file_exit_2(fake: FakeAnalyzer) -> None:
    code, out, err = run(["play", str(BAD / "missing_goto.yml")])
    assert code == 2 and "missing_goto.yml:21:" in err and "Traceback" not in err


def test_unknown_scenario_did_you_mean(fake: FakeAnalyzer) -> None:
    code, _, err = run(["play", "veteran-partner-agrement"])
    assert code == 2 and "did you mean 'veteran-partner-agreement'" in err


def test_play_needs_a_scenario() -> None:
    code, _, err = run(["play"])
    assert code == 2 and "--resume" in err


def test_scenarios_list_and_filters() -> None:
    code, out, _ = run(["scenarios", "--format", "json"])
    ids = [s["id"] for s in json.loads(out)["scenarios"]]
    assert code == 0 and len(ids) >= 12
    code, out, _ = run(["scenarios", "--type", "yes-but", "--format", "json"])
    assert {s["resistance"] for s in json.loads(out)["scenarios"]} == {"yes-but"}
    code, out, _ = run(["scenarios", "--tag", "third-point", "--format", "json"])
    assert all("third-point" in s["tags"] for s in json.loads(out)["scenarios"]) and json.loads(out)["scenarios"]
    code, out, _ = run(["scenarios", "--type", "reflecting"])
    assert code == 0 and "reflecting" in out
    code, _, err = run(["scenarios", "--type", "yes_but"])
    assert code == 2 and "did you mean 'yes-but'" in err


def test_validate_good_and_bad() -> None:
    good = sorted((Path(__file__).parents[1] / "scenarios").glob("*.yml"))
    code, out, _ = run(["scenario", "validate", *map(str, good)])
    assert code == 0 and out.count("ok ") == len(good)
    code, out, err = run(["scenario", "validate", str(good[0]), str(BAD / "unknown_key.yml"), str(BAD / "alias_bomb.yml")])
    assert code == 2
    assert "unknown_key.yml:18:5" in err and "did you mean 'lines'" in err and "alias bomb" in err
    assert "2 of 3 file(s) have problems" in err and "Traceback" not in err


def test_validate_python_tag_is_refused() -> None:
    code, _, err = run(["scenario", "validate", str(BAD / "python_tag.yml")])
    assert code == 2 and "python_tag.yml:4" in err and "!!python" in err


def test_schema_and_graph() -> None:
    code, out, _ = run(["scenario", "schema"])
    assert code == 0 and json.loads(out)["title"] == "convocoach scenario"
    code, out, _ = run(["scenario", "graph", SCENARIO])
    assert code == 0 and out.startswith("flowchart TD") and "n_opening -->" in out and "breakthrough" in out
    code, out, _ = run(["scenario", "graph", SCENARIO, "--format", "dot"])
    assert code == 0 and out.startswith('digraph "veteran-partner-agreement"') and out.rstrip().endswith("}")
    assert '"opening" -> "experience"' in out


def test_help_does_not_import_spacy() -> None:
    import subprocess

    code = (
        "import sys, types, os\n"
        "p = os.path.join('convocoach', 'cli', 'analyze.py')\n"
        "if not os.path.exists(p): sys.modules['convocoach.cli.analyze'] = types.ModuleType('x')\n"
        "from convocoach.cli import app\n"
        "from typer.testing import CliRunner\n"
        "r = CliRunner().invoke(app, ['play', '--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_real_analyzer_walkthrough_via_cli(tmp_path: Path) -> None:
    """The shipped scenario's skilled walkthrough end to end through the CLI with the real analyzer."""
    import yaml

    walks = Path(__file__).parents[1] / "scenarios" / "walkthroughs" / f"{ID}.yml"
    spec = yaml.safe_load(walks.read_text(encoding="utf-8"))["walkthroughs"]["skilled"]
    code, out, err = run(["play", ID, "--replies", str(write_replies(tmp_path, spec["replies"])),
                          "--format", "json", "--no-record"])
    assert code == 0, err
    data = json.loads(out)
    assert data["outcome"]["outcome"] == "breakthrough"
    assert [t["node"] for t in data["turns"]] == spec["expect"]["path"]
    assert data["lexicon_hash"]


def test_real_analyzer_debrief_has_score_rewrite_and_goals(tmp_path: Path) -> None:
    replies = [
        "It sounds like you're carrying a lot this week.",
        "What was happening in the read-aloud that made it work?",
        "So transitions are wearing you down. What have you noticed about when they go better?",
        "You should try a timer. Great job with the read-aloud!",
        "What might you write in the log?",
        "What else?",
    ]
    code, out, err = run(["play", str(PLAY / "mentoring-first-year.yml"), "--replies", str(write_replies(tmp_path, replies)),
                          "--format", "json", "--no-record"])
    assert code == 0, err
    data = json.loads(out)
    outcome = data["outcome"]
    assert outcome["outcome"] in ("breakthrough", "partial", "stalled")
    assert outcome["weakest_turn"] == 4
    assert outcome["rewrite"] and outcome["rewrite"]["turn"] == 4 and outcome["rewrite"]["suggestion"]
    assert {g["id"]: g["met"] for g in outcome["goals"]}["G3"] is False  # the praise
    if data["score"] is not None:  # the rubric (issue 4) is present
        assert 0 <= data["score"]["overall"] <= 100


def test_quitting_before_any_reply_leaves_no_file(fake: FakeAnalyzer, home: Path) -> None:
    code, out, _ = run(["play", SCENARIO], input="/quit\n")
    assert code == 0 and "Nothing to save yet" in out
    assert not list((home / "sessions").glob("*.json")) if (home / "sessions").exists() else True


def test_play_assignment_option_points_to_assignment_play(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`play --assignment` used to ignore --replies, go interactive and write an empty submission: there
    is one way to play an assignment now, and `play --assignment` says which."""
    out = tmp_path / "sub.json"
    try:
        main(["play", "--assignment", "tests/fixtures/programme/assignment.yml", "--participant", "Ann",
              "--replies", str(tmp_path / "r.txt"), "--record", str(out)])
    except SystemExit as exc:
        assert exc.code == 2
    assert "convocoach assignment play" in capsys.readouterr().err
    assert not out.exists()
