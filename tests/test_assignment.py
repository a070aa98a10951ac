"""Assignment files: schema and semantic checks with file:line:col, and the `assignment` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convocoach.programme.assignment import SCORE_KEYS, describe_criteria, load_assignment
from convocoach.cli import app
from convocoach.model.errors import InputError, InputErrors
from convocoach.model.moves import load_moves

DIMENSIONS = load_moves().dimensions

FIX = Path(__file__).parent / "fixtures" / "programme"
ASSIGNMENT = FIX / "assignment.yml"
TINY = (FIX / "scenarios" / "tiny-check-in.yml").resolve()
runner = CliRunner()


def write(tmp_path: Path, text: str, name: str = "a.yml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def errors_of(path: Path) -> list[InputError]:
    with pytest.raises((InputError, InputErrors)) as info:
        load_assignment(path)
    exc = info.value
    assert isinstance(exc, (InputError, InputErrors))
    return [exc] if isinstance(exc, InputError) else list(exc.errors)


def test_fixture_loads_with_relative_file_and_bundled_id() -> None:
    la = load_assignment(ASSIGNMENT)
    assert la.id == "cert-unit-1"
    assert [s.id for s in la.scenarios] == ["tiny-check-in", "co-planning-just-tell-me"]
    tiny, coplan = la.scenarios
    assert Path(tiny.loaded.path).resolve() == TINY
    assert tiny.criteria.outcome == "breakthrough" and tiny.criteria.goals == "all"
    assert coplan.criteria.outcome == "partial"  # the assignment-wide default
    assert describe_criteria(tiny.criteria) == ["finished", "outcome breakthrough", "all goals met", "overall >= 40"]
    assert la.describe()["due"] == "2026-12-01"
    assert la.content_hash.startswith("sha256:")


def test_score_keys_match_the_rubric_dimensions() -> None:
    assert SCORE_KEYS == ("overall", *DIMENSIONS)


def test_quoted_due_date_and_per_item_settings(tmp_path: Path) -> None:
    p = write(tmp_path, f'id: x\ntitle: X\ndue: "2027-01-31"\nattempts: 2\nscenarios:\n'
                        f'  - {{scenario: "{TINY}", attempts: 3, seed: 4, pass: {{goals: [G1]}}}}\n'
                        f'  - co-planning-just-tell-me\n')
    la = load_assignment(p)
    assert la.assignment.due is not None and la.assignment.due.isoformat() == "2027-01-31"
    assert [(s.attempts, s.seed) for s in la.scenarios] == [(3, 4), (2, 0)]
    assert la.scenarios[0].criteria.goals == ["G1"]


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("id: x\ntitle: X\nscenarioz: [a]\n", 3, "did you mean 'scenarios'"),
    ("id: x\ntitle: X\nscenarios: []\n", 3, "at least 1"),
    ("id: Bad Id\ntitle: X\nscenarios: [a]\n", 1, "id"),
    ("id: x\ntitle: X\ndue: next week\nscenarios: [co-planning-just-tell-me]\n", 3, "2026-12-01"),
    ("id: x\ntitle: X\nattempts: 0\nscenarios: [co-planning-just-tell-me]\n", 3, "attempts"),
    ("id: x\ntitle: X\npass: {outcome: great}\nscenarios: [co-planning-just-tell-me]\n", 3, "outcome"),
    ("id: x\ntitle: X\nscenarios: [no-such-scenario-here]\n", 3, "no scenario called"),
    ("id: x\ntitle: X\nscenarios:\n  - co-planning-just-tell-me\n  - co-planning-just-tell-me\n", 5, "listed twice"),
    ("id: x\ntitle: X\npass: {rubric: {overal: 50}}\nscenarios: [co-planning-just-tell-me]\n", 3,
     "did you mean 'overall'"),
    ("id: x\ntitle: X\npass: {rubric: {overall: 150}}\nscenarios: [co-planning-just-tell-me]\n", 3, "0-100"),
    ("id: x\ntitle: X\nscenarios:\n  - {scenario: co-planning-just-tell-me, pass: {goals: [G9]}}\n", 4,
     "no goal 'G9'"),
    ("id: x\ntitle: X\nscenarios:\n  - {scenario: missing.yml}\n", 4, "file not found"),
    ("id: x\ntitle: X\nrubric: nope.yml\nscenarios: [co-planning-just-tell-me]\n", 3, "cannot load the rubric"),
    ("id: x\ntitle: X\nid: y\nscenarios: [a]\n", 3, "duplicate key"),
])
def test_bad_assignments_name_file_line_and_key(tmp_path: Path, text: str, line: int, needle: str) -> None:
    p = write(tmp_path, text)
    errs = errors_of(p)
    assert any(needle in str(e) for e in errs), [str(e) for e in errs]
    hit = next(e for e in errs if needle in str(e))
    assert hit.path == str(p)
    assert hit.line == line, str(hit)


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    p = write(tmp_path, "id: x\ntitle: X\npass: {rubric: {overal: 50, talk: 101}}\n"
                        "scenarios: [co-planning-just-tell-me, nope-nope]\n")
    msgs = " | ".join(str(e) for e in errors_of(p))
    assert "overal" in msgs and "101" in msgs and "nope-nope" in msgs


def test_assignment_wide_goal_ids_must_exist_in_each_scenario(tmp_path: Path) -> None:
    p = write(tmp_path, f'id: x\ntitle: X\npass: {{goals: [G2]}}\nscenarios: ["{TINY}", reflecting-fine-i-guess]\n')
    la = load_assignment(p)  # both have a G2
    assert len(la.scenarios) == 2
    p = write(tmp_path, f'id: x\ntitle: X\npass: {{goals: [G5]}}\nscenarios: ["{TINY}"]\n', "b.yml")
    assert any("has no goal 'G5'" in str(e) for e in errors_of(p))


def test_validate_command_ok_and_bad(tmp_path: Path) -> None:
    r = runner.invoke(app, ["assignment", "validate", str(ASSIGNMENT)])
    assert r.exit_code == 0, r.output
    assert "ok" in r.output and "tiny-check-in v1" in r.output and "outcome breakthrough" in r.output
    r = runner.invoke(app, ["assignment", "validate", str(ASSIGNMENT), "--format", "json"])
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["ok"] and data["assignment"]["scenarios"][1]["id"] == "co-planning-just-tell-me"
    bad = write(tmp_path, "id: x\ntitle: X\nscenarioz: [a]\n")
    from convocoach.cli import main

    with pytest.raises(SystemExit) as info:
        main(["assignment", "validate", str(bad)])
    assert info.value.code == 2


def test_validate_through_entry_point_prints_location(tmp_path: Path) -> None:
    bad = write(tmp_path, "id: x\ntitle: X\npass: {rubric: {overal: 50}}\nscenarios: [co-planning-just-tell-me]\n")
    proc = subprocess.run([sys.executable, "-m", "convocoach", "assignment", "validate", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert f"{bad}:3:" in proc.stderr and "did you mean 'overall'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_schema_command_prints_json_schema() -> None:
    r = runner.invoke(app, ["assignment", "schema"])
    assert r.exit_code == 0
    schema = json.loads(r.stdout)
    assert "scenarios" in schema["properties"] and "pass" in schema["properties"]


def test_programme_module_does_not_import_spacy() -> None:
    code = ("import sys; import convocoach.cli; import convocoach.programme.assignment, convocoach.programme.submission, "
            "convocoach.programme.grading, convocoach.programme.progress, convocoach.reports.cohort, convocoach.reports.gradebook\n"
            "from typer.testing import CliRunner\n"
            "for argv in (['grade', '--help'], ['history', '--help'], ['progress', '--help'], "
            "['assignment', 'play', '--help'], ['assignment', 'validate', '--help']):\n"
            "    assert CliRunner().invoke(convocoach.cli.app, argv).exit_code == 0, argv\n"
            "print('spacy' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


# ------------------------------------------------------------------ assignment play (input checks only;
# playing and grading are in test_grading.py)

def test_play_needs_a_participant_with_replies_dir(tmp_path: Path) -> None:
    r = runner.invoke(app, ["assignment", "play", str(ASSIGNMENT), "--replies-dir", str(FIX / "replies-skilled"),
                            "-o", str(tmp_path / "s.json")])
    assert r.exit_code != 0
    assert "--participant" in r.output or "--participant" in str(r.exception)


def test_play_lists_missing_replies_files_before_playing(tmp_path: Path) -> None:
    d = tmp_path / "replies"
    d.mkdir()
    (d / "tiny-check-in.txt").write_text("What happened?\n", encoding="utf-8")
    from convocoach.cli.assignment_play import run_assignment_play

    with pytest.raises(InputError) as info:
        run_assignment_play(ASSIGNMENT, participant="Ana", replies_dir=d, output=tmp_path / "s.json")
    assert "co-planning-just-tell-me.txt" in str(info.value)
    assert not (tmp_path / "s.json").exists()


def test_play_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    out.write_text("{}", encoding="utf-8")
    from convocoach.cli.assignment_play import run_assignment_play

    with pytest.raises(InputError) as info:
        run_assignment_play(ASSIGNMENT, participant="Ana", replies_dir=FIX / "replies-skilled", output=out)
    assert "already exists" in str(info.value) and "--force" in str(info.value)
