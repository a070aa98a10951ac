"""`convocoach review` end to end: formats, -o, roles, redaction, batches, exit codes, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Callable

import pytest

from typer.testing import CliRunner

from convocoach.cli import app
from convocoach.cli.common import handle_errors
from convocoach.reports.model import ReportDocument

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
OK = FIXTURES / "ok"
BAD = FIXTURES / "bad"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run like the `convocoach` script does (handle_errors maps errors to exit codes)."""
    code = handle_errors(lambda: app(args=["review", *args], prog_name="convocoach", standalone_mode=False))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())  # rich wraps long messages


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


def test_terminal_report_with_cli_runner() -> None:
    result = CliRunner().invoke(app, ["review", str(OK / "zoom.vtt")])
    assert result.exit_code == 0, result.output
    for piece in ["Review:", "zoom.vtt", "Coach:", "Maria Lopez:", "Scores", "overall", "Legend", "Feedback"]:
        assert piece in result.output, piece


def test_json_on_stdout_only_and_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(OK / "session.srt"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    report = ReportDocument.model_validate(data)
    assert data["schema_version"] and data["coach"] == "Coach" and report.summary.coach_turns == 2
    assert [t["role"] for t in data["turns"]] == ["coach", "teacher", "coach", "teacher"]
    assert data["turns"][0]["start"] == 1.0 and data["summary"]["ratios"]["wait_time_median"] is not None
    assert all(t["moves"] == [] and t["stance"] is None for t in data["turns"] if t["role"] == "teacher")
    assert 0 <= data["summary"]["overall"] <= 100 and set(data["summary"]["dimensions"])


@pytest.mark.parametrize(("suffix", "check"), [
    (".html", lambda s: s.startswith("<!DOCTYPE html>") and "<svg" in s),
    (".md", lambda s: s.startswith("# zoom.vtt\n")),
    (".json", lambda s: ReportDocument.model_validate_json(s) is not None),
    (".jsonl", lambda s: len(s.splitlines()) == 1),
    (".csv", lambda s: len(list(csv.DictReader(io.StringIO(s)))) == 4),
    (".txt", lambda s: "Scores" in s and "\x1b[" not in s),
])
def test_format_from_output_extension(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str,
                                      check: Callable[[str], bool]) -> None:
    target = tmp_path / f"report{suffix}"
    code, out, err = run(capsys, str(OK / "zoom.vtt"), "-o", str(target))
    assert code == 0, err
    assert out == "" and "wrote" in err
    assert check(target.read_text(encoding="utf-8"))


def test_unknown_output_extension_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(OK / "zoom.vtt"), "-o", str(tmp_path / "r.docx"))
    assert code == 2 and "--format" in err


def test_coach_option_is_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(OK / "teams_bom.vtt"), "--coach", "sam PATEL", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["coach"] == "Sam Patel"
    assert [t["role"] for t in data["turns"]] == ["teacher", "coach", "teacher", "coach"]


def test_no_coach_lists_speakers_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(OK / "teams_bom.vtt"))
    assert code == 2 and out == ""
    assert "teams_bom.vtt" in err and "'Jordan Kim', 'Sam Patel'" in err and "--coach" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
def test_bad_input_exits_2_with_location(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = run(capsys, str(BAD / name), "-f", "json")
    assert code == 2, err
    assert out == ""
    assert f"{name}:" in err and "error:" in err and "Traceback" not in err and "internal error" not in err


def test_size_limit(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from convocoach.transcripts import base

    monkeypatch.setattr(base, "MAX_BYTES", 64)
    code, _, err = run(capsys, str(OK / "zoom.vtt"))
    assert code == 2 and "too large" in err and "limit" in err


def test_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.vtt"))
    assert code == 2 and "no such file" in err


def test_batch_directory_jsonl_with_one_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name in ("zoom.vtt", "session.srt", "timestamps.txt", "play_session.json", "session.csv"):
        shutil.copy(OK / name, tmp_path / name)
    shutil.copy(BAD / "out_of_order.srt", tmp_path / "zz_out_of_order.srt")
    (tmp_path / "SOURCES.txt").write_text("Recorded in room 12. Thanks to everyone.\n", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path), "--format", "jsonl", "--coach", "coach")
    lines = out.splitlines()
    assert len(lines) == 6 and all(ReportDocument.model_validate_json(line) for line in lines[:5])
    # the failed file gets an error record a script can read; the stray file is skipped with a note
    assert json.loads(lines[5]) == {"source": str(tmp_path / "zz_out_of_order.srt"), "line": 6, "error":
                                    "cue starts at 00:00:01.000, before the cue at line 2 (00:00:05.000): cues are "
                                    "out of time order (read as SRT)"}
    assert "skipped " in err and "SOURCES.txt: not a transcript" in err
    assert code == 2 and "zz_out_of_order.srt:6:" in err  # the good files are still reported
    assert "files/s" in err and "turns/s" in err and "5 transcripts" in err


def test_batch_json_is_an_array_and_output_directory_gets_one_file_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = [str(OK / "zoom.vtt"), str(OK / "crlf.txt")]
    code, out, _ = run(capsys, *files, "-f", "json")
    assert code == 0 and isinstance(json.loads(out), list) and len(json.loads(out)) == 2
    outdir = tmp_path / "reports"
    outdir.mkdir()
    code, _, err = run(capsys, *files, "-f", "html", "-o", str(outdir))
    assert code == 0, err
    assert sorted(p.name for p in outdir.iterdir()) == ["crlf.html", "zoom.html"]


def test_terminal_batch_prints_summary_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(OK / "zoom.vtt"), str(OK / "crlf.txt"))
    assert code == 0 and "2 transcripts" in out and "mean" in out


def test_redaction_in_every_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = OK / "teams_bom.vtt"
    for fmt in ("terminal", "markdown", "html", "json", "csv"):
        code, out, err = run(capsys, str(src), "--coach", "Sam Patel", "--redact", "--redact-names", "Jordan,Kim",
                             "-f", fmt)
        assert code == 0, err
        for name in ("Sam", "Patel", "Jordan", "Kim"):
            assert name not in out, (fmt, name)
        assert "Coach" in out and "Teacher" in out


def test_redact_names_in_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = tmp_path / "names.txt"
    p.write_text("Coach: How is Devon doing with fractions?\nTeacher: Devon and Priya are stuck.\n")
    code, out, _ = run(capsys, str(p), "--redact-names", "Devon, Priya", "-f", "json")
    assert code == 0
    assert "Devon" not in out and "Priya" not in out and "[name]" in out


def test_context_limits_the_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    code, full, _ = run(capsys, str(OK / "zoom.vtt"))
    code2, short, _ = run(capsys, str(OK / "zoom.vtt"), "--context", "0")
    assert code == code2 == 0
    assert len(short.splitlines()) <= len(full.splitlines())


def test_fail_under(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(OK / "zoom.vtt"), "--fail-under", "100", "-f", "json")
    assert code == 1 and "below --fail-under 100" in err
    code, _, _ = run(capsys, str(OK / "zoom.vtt"), "--fail-under", "0", "-f", "json")
    assert code == 0


def test_help_does_not_import_spacy() -> None:
    import subprocess

    code = ("import sys\n"
            "from convocoach.cli import app\n"
            "from typer.testing import CliRunner\n"
            "r = CliRunner().invoke(app, ['review', '--help'])\n"
            "assert r.exit_code == 0, r.output\n"
            "assert 'spacy' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1],
                   env={**os.environ, "NO_COLOR": "1"})


def test_empty_coach_name_is_not_a_coach(tmp_path: Path) -> None:
    """`--coach ""` must not silently review a conversation with no coach turns."""
    from convocoach.model.errors import InputError
    from convocoach.transcripts import read_transcript

    t = read_transcript(Path(__file__).parent / "fixtures" / "transcripts" / "ok" / "teams_bom.vtt")
    with pytest.raises(InputError, match="cannot tell who the coach is"):
        t.with_roles(["", "  "])


def test_review_applies_a_programmes_extra_lexicons(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "district.yml").write_text(
        "lexicon: district-words\nversion: 1\nlabel: DISTRICT\nmove: invitational\nvalence: strength\n"
        "entries:\n  - id: DST-001\n    pattern: \"what do you make of\"\n"
        "    message: \"'{match}' invites their reading of it.\"\n"
        "    examples:\n      match: [\"What do you make of that?\"]\n      no_match: [\"What did you make?\"]\n",
        encoding="utf-8",
    )

    def rules(*extra: str) -> list[str]:
        code, out, err = run(capsys, str(OK / "session.srt"), "--format", "json", *extra)
        assert code == 0, err
        return [m["rule"] for t in json.loads(out)["turns"] for m in t["moves"]]

    assert "DST-001" not in rules()
    assert "DST-001" in rules("--lexicons", str(lex))
    code, _, err = run(capsys, str(OK / "session.srt"), "--lexicons", str(tmp_path / "missing"))
    assert code == 2 and "missing" in err and "Traceback" not in err


def test_review_reads_a_transcript_from_stdin() -> None:
    vtt = (OK / "zoom.vtt").read_bytes()
    result = CliRunner().invoke(app, ["review", "-", "--format", "json"], input=vtt)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "<stdin>" and data["coach"] == "Coach" and data["summary"]["coach_turns"] >= 2


def test_review_stdin_problems_name_stdin_and_line(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    bad = b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nCoach: hi\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad)))
    code, _, err = run(capsys, "-")
    assert code == 2 and "<stdin>:3:" in err and "Traceback" not in err


def test_multi_party_export_names_every_participant_and_the_format(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roles = tmp_path / "roles.yml"
    roles.write_text('Dana Ruiz: coach\n"Priya*": observer\n', encoding="utf-8")
    src = Path(__file__).parent / "fixtures" / "transcripts" / "vtt" / "silent_wait.vtt"
    code, out, err = run(capsys, str(src), "--roles", str(roles), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["title"], doc["format"], doc["format_name"]) == ("silent_wait.vtt", "vtt", "WebVTT")
    s = doc["summary"]
    assert [(p["speaker"], p["role"], p["turns"], p["talk"]) for p in s["participants"]] == [
        ("Dana Ruiz", "coach", 2, 18.0), ("Marcus Lee", "teacher", 2, 13.0), ("Priya Shah", "observer", 2, 9.0)]
    # talk is speech, not the 437 s the first merged turn spans; the observer is not the teacher
    assert (s["talk"]["unit"], s["talk"]["coach"], s["talk"]["teacher"]) == ("seconds", 18.0, 13.0)
    assert [(w["index"], w["to"], w["seconds"]) for w in s["waits"]] == [(0, "Marcus Lee", 3.0), (3, "Priya Shah", 4.0)]
    assert s["next_step"] and s["unattributed"] == 0
    assert doc["turns"][0]["talk"] == 14.0 and doc["turns"][0]["end"] - doc["turns"][0]["start"] == 437.0


def test_markdown_of_a_teams_export_has_no_entities_or_escaped_path(capsys: pytest.CaptureFixture[str]) -> None:
    src = Path(__file__).parent / "fixtures" / "transcripts" / "vtt" / "teams_entities.vtt"
    code, out, err = run(capsys, str(src), "--coach", "Carlos*", "--format", "markdown")
    assert code == 0, err
    assert out.startswith("# teams_entities.vtt\n")  # an underscore inside a word is not escaped
    assert f"`{src}` · read as WebVTT" in out and "**Work on this next:**" in out.split("## Feedback")[0]
    assert "Q&A" in out and "&amp;" not in out and "&#" not in out and "Farías" in out


def test_encoding_option_reads_a_legacy_file(capsys: pytest.CaptureFixture[str]) -> None:
    src = Path(__file__).parent / "fixtures" / "transcripts" / "text" / "legacy_cp1252.txt"
    code, _, err = run(capsys, str(src), "--coach", "Ren*", "--format", "json")
    assert code == 2 and "not valid UTF-8" in err and "--encoding cp1252" in err
    code, out, err = run(capsys, str(src), "--coach", "Ren*", "--encoding", "cp1252", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["speakers"] == ["Renée Côté", "Mr. Müller"]
