"""Grading by re-scoring: submissions made by really playing the fixture assignment (engine + analyzer),
bad files with one clear message each, tampered records flagged, gradebook CSV/JSON and cohort HTML.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from convocoach.nlp.analyzer import Analyzer

from convocoach.programme.assignment import LoadedAssignment, load_assignment
from convocoach.cli import app
from convocoach.cli.common import handle_errors
from convocoach.cli.assignment_play import run_assignment_play
from convocoach.programme.grading import grade_submissions, redact
from convocoach.reports.cohort import render_cohort_html
from convocoach.reports.gradebook import cell, render_gradebook_csv, render_gradebook_json
from convocoach.programme.submission import load_submission, participant_slug

FIX = Path(__file__).parent / "fixtures" / "programme"
ASSIGNMENT = FIX / "assignment.yml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run like the `convocoach` script does (handle_errors maps errors to exit codes)."""
    code = handle_errors(lambda: app(args=list(args), prog_name="convocoach", standalone_mode=False))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))


def _play(out: Path, name: str, replies: str, pid: str | None = None) -> Path:
    code = run_assignment_play(ASSIGNMENT, participant=name, participant_id=pid, replies_dir=FIX / replies,
                               output=out, no_record=True)
    assert code == 0
    return out


def _edit(src: Path, dst: Path, change: Callable[[Any], None]) -> Path:
    data = json.loads(src.read_text(encoding="utf-8"))
    change(data)
    dst.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return dst


@pytest.fixture(scope="session")
def subs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Submissions played through the real engine, plus bad and tampered copies derived from them."""
    d = tmp_path_factory.mktemp("subs")
    good = d / "good"
    bad = d / "bad"
    good.mkdir()
    bad.mkdir()
    ana = _play(good / "ana.json", "Ana María Ruiz", "replies-skilled")
    bob = _play(good / "bob.json", "Bob", "replies-telling")
    out = {"ana": ana, "bob": bob}

    def tamper_analysis(data: Any) -> None:
        data["participant"] = {"id": "cara", "name": "Cara"}
        rec = data["attempts"][0]["record"]
        rec["turns"][0]["analysis"]["moves"] = []          # hide what the reply did
        rec["turns"][0]["analysis"]["stance"] = "neutral"

    def tamper_outcome(data: Any) -> None:
        data["participant"] = {"id": "gil", "name": "Gil"}
        for at in data["attempts"]:
            rec = at["record"]
            rec["outcome"]["outcome"] = "breakthrough"     # claim a pass ...
            for g in rec["outcome"]["goals"]:
                g["met"] = True
            rec["score"]["overall"] = 95                     # ... and a high score
            for t in rec["turns"]:                           # ... with analyses edited to match
                t["analysis"]["moves"] = [{"name": "question.open", "start": 0, "end": 4, "text": t["reply"][:4],
                                           "rule": "edited", "message": ""}]

    out["cara"] = _edit(ana, bad / "cara-tampered.json", tamper_analysis)
    out["gil"] = _edit(bob, bad / "gil-outcome.json", tamper_outcome)

    def older_release(data: Any) -> None:                    # the same stored differences, from 0.1.0
        tamper_outcome(data)
        data["participant"] = {"id": "hal", "name": "Hal"}
        data["convocoach_version"] = "0.1.0"

    out["hal"] = _edit(bob, bad / "hal-older-release.json", older_release)

    def other_assignment(data: Any) -> None:
        data["assignment"]["id"] = "cert-unit-2"
        data["participant"] = {"id": "dan", "name": "Dan"}

    def old_version(data: Any) -> None:
        data["participant"] = {"id": "eve", "name": "Eve"}
        data["attempts"][1]["scenario_version"] = 7

    out["dan"] = _edit(ana, bad / "dan-other-assignment.json", other_assignment)
    out["eve"] = _edit(ana, bad / "eve-old-version.json", old_version)
    out["ana_again"] = _edit(ana, bad / "ana-again.json", lambda data: None)
    text = bob.read_text(encoding="utf-8")
    (bad / "fay-truncated.json").write_text(text[: len(text) // 2], encoding="utf-8")
    out["fay"] = bad / "fay-truncated.json"
    shutil.copy(FIX / "bad" / "session-record.json", bad / "not-a-submission.json")
    out["session"] = bad / "not-a-submission.json"
    return out


@pytest.fixture(scope="session")
def assignment() -> LoadedAssignment:
    return load_assignment(ASSIGNMENT)


# ---------------------------------------------------------------------------------------------
def test_played_submission_has_records_versions_and_hashes(subs: dict[str, Path], assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    data = json.loads(subs["ana"].read_text(encoding="utf-8"))
    assert data["kind"] == "convocoach.submission"
    assert data["participant"] == {"id": "ana-maria-ruiz", "name": "Ana María Ruiz"}
    assert data["assignment"]["id"] == "cert-unit-1" and data["assignment"]["hash"] == assignment.content_hash
    assert data["lexicon_hash"] == analyzer.lexicon_hash and data["convocoach_version"]
    assert [(a["scenario"], a["scenario_version"], a["attempt"]) for a in data["attempts"]] == [
        ("tiny-check-in", 1, 1), ("co-planning-just-tell-me", 2, 1)]
    rec = data["attempts"][0]["record"]
    assert rec["kind"] == "convocoach.session" and rec["status"] == "finished"
    assert rec["outcome"]["outcome"] == "breakthrough" and rec["score"]["overall"] > 0
    sub = load_submission(subs["ana"])
    assert sub.participant_id == "ana-maria-ruiz" and len(sub.attempts) == 2


def test_good_submissions_grade_pass_and_fail(subs: dict[str, Path], assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    book = grade_submissions([subs["bob"], subs["ana"]], assignment, analyzer)
    assert not book.problems
    by = {p.participant_id: p for p in book.participants}
    assert [p.participant_id for p in book.participants] == ["ana-maria-ruiz", "bob"]  # sorted by id
    ana, bob = by["ana-maria-ruiz"], by["bob"]
    assert ana.status == "pass" and ana.passed and not ana.flagged
    assert [s.best.outcome for s in ana.scenarios if s.best] == ["breakthrough", "breakthrough"]
    assert bob.status == "fail" and not bob.flagged
    tiny = bob.scenarios[0]
    assert not tiny.passed
    assert any("outcome stalled (needs breakthrough)" in r for r in tiny.reasons)
    assert any(r.startswith("goal G2 not met") for r in tiny.reasons)
    assert bob.growth_areas  # from the rubric's things to try
    assert book.any_failed


def test_grade_command_exit_codes(subs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "grade", str(subs["ana"]), "--assignment", str(ASSIGNMENT))
    assert code == 0, err
    assert "Ana María Ruiz" in out and "pass" in out
    code, out, err = run(capsys, "grade", str(subs["ana"]), str(subs["bob"]), "--assignment", str(ASSIGNMENT))
    assert code == 1
    assert "outcome stalled (needs breakthrough)" in out and "1 of 2 participant(s) passed" in out


def test_bad_files_get_one_clear_message_each_and_the_rest_are_graded(subs: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = [subs[k] for k in ("ana", "bob", "cara", "gil", "dan", "eve", "ana_again", "fay", "session")]
    code, out, err = run(capsys, "grade", *map(str, files), "--assignment", str(ASSIGNMENT), "-o",
                         str(tmp_path / "out"))
    assert code == 2  # unreadable or wrong input
    # Each message names the line of what it is about (the assignment id, the attempt, the participant id).
    assert re.search(re.escape(f"{subs['dan']}:") + r"\d+: this submission is for assignment 'cert-unit-2', "
                     "not 'cert-unit-1'", err)
    assert re.search(re.escape(f"{subs['eve']}:") + r"\d+: attempts\[1\] was made with version 7 of scenario "
                     "'co-planning-just-tell-me'; this assignment uses version 2", err)
    assert f"{subs['fay']}:" in err and "not valid JSON" in err and "truncated" in err
    assert f"{subs['session']}:1: not a convocoach submission" in err and "practice session record" in err
    assert "participant id 'ana-maria-ruiz' also appears in" in err
    assert re.search(re.escape(f"{subs['ana']}:") + r"\d+: participant id", err)
    assert re.search(re.escape(f"{subs['ana_again']}:") + r"\d+: participant id", err)
    # The others were graded.
    book = json.loads((tmp_path / "out" / "gradebook.json").read_text(encoding="utf-8"))
    assert [p["participant"]["id"] for p in book["participants"]] == ["bob", "cara", "gil"]
    assert book["summary"]["invalid_files"] == 6
    assert {Path(i["source"]).name for i in book["invalid"]} == {
        "ana.json", "ana-again.json", "dan-other-assignment.json", "eve-old-version.json", "fay-truncated.json",
        "not-a-submission.json"}


def test_tampered_analysis_is_flagged_and_the_replay_decides(subs: dict[str, Path], assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    book = grade_submissions([subs["cara"]], assignment, analyzer)
    (cara,) = book.participants
    assert cara.flagged and cara.status == "flagged" and not cara.passed
    flags = [f for f in cara.all_flags if f.severity == "integrity"]
    assert [(f.kind, f.scenario, f.turn) for f in flags] == [("analysis", "tiny-check-in", 1)]
    assert "stored analysis differs from the recomputed one" in flags[0].message
    assert "replay finds" in flags[0].message
    assert "same lexicons, so the record was edited" in flags[0].message
    # Grades come from the replay, so the scenario itself still passes on its merits.
    assert all(s.passed for s in cara.scenarios)


def test_tampered_outcome_and_score_do_not_pass_and_are_flagged(subs: dict[str, Path], assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    book = grade_submissions([subs["gil"]], assignment, analyzer)
    (gil,) = book.participants
    assert gil.status == "fail" and gil.flagged
    kinds = {f.kind for f in gil.all_flags if f.severity == "integrity"}
    assert {"analysis", "outcome", "goals", "score"} <= kinds
    msgs = " ".join(f.message for f in gil.all_flags)
    assert "stored outcome breakthrough, the replay ends stalled" in msgs
    assert "stored overall score 95, recomputed" in msgs
    assert [s.best.outcome for s in gil.scenarios if s.best] == ["stalled", "stalled"]


def test_an_older_release_differs_by_right_and_is_noted_not_flagged(subs: dict[str, Path], assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    """Scoring changes between releases: a submission recorded by another version is replayed and
    graded like any other, its differing stored analysis, outcome, goals and score noted (info)."""
    (hal,) = grade_submissions([subs["hal"]], assignment, analyzer).participants
    assert not hal.flagged and hal.status == "fail"
    notes = [f for f in hal.all_flags if f.kind in ("analysis", "outcome", "goals", "score")]
    assert notes and all(f.severity == "info" and "another convocoach version" in f.message for f in notes)
    assert any(f.kind == "version" and "recorded with convocoach 0.1.0" in f.message for f in hal.all_flags)


def test_unfinished_and_missing_attempts_fail_with_reasons(tmp_path: Path, assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    d = tmp_path / "replies"
    d.mkdir()
    (d / "tiny-check-in.txt").write_text("What are you noticing about the stations?\n", encoding="utf-8")
    (d / "co-planning-just-tell-me.txt").write_text("What do you want students walking away with?\n",
                                                    encoding="utf-8")
    code = run_assignment_play(ASSIGNMENT, participant="Hana", replies_dir=d, output=tmp_path / "short.json",
                               no_record=True)
    assert code == 0
    data = json.loads((tmp_path / "short.json").read_text(encoding="utf-8"))
    data["attempts"] = data["attempts"][:1]  # the co-planning attempt is missing altogether
    (tmp_path / "short.json").write_text(json.dumps(data), encoding="utf-8")
    book = grade_submissions([tmp_path / "short.json"], assignment, analyzer)
    (hana,) = book.participants
    tiny, coplan = hana.scenarios
    # Unfinished attempts are listed, never graded: no best attempt, no score toward the overall.
    assert tiny.reasons == ("unfinished: 1 attempt(s), none finished (unfinished attempts are not graded)",)
    assert tiny.best is None and tiny.submitted == 1 and tiny.finished == 0 and hana.unfinished == 1
    assert coplan.reasons == ("no attempt submitted",)
    assert hana.status == "fail" and not hana.flagged and hana.overall is None


def test_attempts_required_and_best_attempt(tmp_path: Path, analyzer: Analyzer) -> None:
    a = tmp_path / "a.yml"
    a.write_text(f'id: twice\ntitle: Twice\nscenarios:\n  - {{scenario: "{(FIX / "scenarios" / "tiny-check-in.yml").resolve()}",'
                 ' attempts: 2, pass: {outcome: breakthrough}}\n', encoding="utf-8")
    d = tmp_path / "replies"
    d.mkdir()
    shutil.copy(FIX / "replies-telling" / "tiny-check-in.txt", d / "tiny-check-in.1.txt")
    shutil.copy(FIX / "replies-skilled" / "tiny-check-in.txt", d / "tiny-check-in.txt")
    assert run_assignment_play(a, participant="Ivo", replies_dir=d, output=tmp_path / "ivo.json", no_record=True) == 0
    la = load_assignment(a)
    book = grade_submissions([tmp_path / "ivo.json"], la, analyzer)
    (s,) = book.participants[0].scenarios
    assert [x.outcome for x in s.attempts] == ["stalled", "breakthrough"]
    assert s.best is not None and s.best.attempt == 2 and s.passed
    # With only the failed first attempt, the requirement of two is not met either.
    data = json.loads((tmp_path / "ivo.json").read_text(encoding="utf-8"))
    data["attempts"] = data["attempts"][:1]
    (tmp_path / "ivo1.json").write_text(json.dumps(data), encoding="utf-8")
    (s1,) = grade_submissions([tmp_path / "ivo1.json"], la, analyzer).participants[0].scenarios
    assert "1 of 2 required attempt(s) finished" in s1.reasons and not s1.passed


def test_grading_is_deterministic(subs: dict[str, Path], assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    files = [subs["ana"], subs["bob"], subs["gil"]]
    a = render_gradebook_json(grade_submissions(files, assignment, analyzer))
    b = render_gradebook_json(grade_submissions(list(reversed(files)), assignment, analyzer))
    assert a == b


def test_json_format_prints_only_json(subs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "grade", str(subs["ana"]), str(subs["bob"]), "--assignment", str(ASSIGNMENT),
                         "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["kind"] == "convocoach.gradebook" and data["summary"] == {
        "participants": 2, "passed": 1, "failed": 1, "flagged": 0, "invalid_files": 0}
    assert data["participants"][1]["scenarios"][0]["reasons"][0] == "outcome stalled (needs breakthrough)"
    assert "grading 2 file(s)" in err


def test_redact_anonymises_every_output(subs: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = [subs["ana"], subs["bob"], subs["dan"]]
    code, out, err = run(capsys, "grade", *map(str, files), "--assignment", str(ASSIGNMENT), "--redact",
                         "-o", str(tmp_path / "out"))
    assert code == 2
    texts = [out] + [(tmp_path / "out" / n).read_text(encoding="utf-8")
                     for n in ("gradebook.csv", "gradebook.json", "cohort.html")]
    for text in texts:
        for secret in ("Ana", "María", "ana-maria-ruiz", "Bob", "bob.json", "ana.json", "dan-other",
                       str(subs["ana"].parent)):
            assert secret not in text, secret
        assert "Participant 1" in text or "participant-1" in text
    rows = list(csv.DictReader(io.StringIO(texts[1])))
    assert [r["participant_id"] for r in rows[:2]] == ["participant-1", "participant-2"]
    assert rows[2]["status"] == "invalid" and rows[2]["source"] == "file-1"


def test_csv_guards_formulas_and_html_escapes_everything(tmp_path: Path, assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    hostile = '=HYPERLINK("http://evil","x") <script>alert(1)</script>'
    out = _play(tmp_path / "h.json", hostile, "replies-telling", pid="@evil")
    book = grade_submissions([out], assignment, analyzer)
    text = render_gradebook_csv(book)
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["participant"].startswith("'=") and row["participant_id"] == "'@evil"
    assert all(not v.startswith(("=", "+", "@")) for v in row.values())
    html = render_cohort_html(book)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http-equiv=\"Content-Security-Policy\"" in html and "<script" not in html.lower()
    assert cell("-12.5") == "-12.5" and cell("-x") == "'-x" and cell("\tx") == "'\tx" and cell(None) == ""


def test_cohort_html_has_distribution_growth_areas_and_sections(subs: dict[str, Path], assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    book = grade_submissions([subs["ana"], subs["bob"], subs["gil"]], assignment, analyzer)
    html = render_cohort_html(book)
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    for piece in ("Score distribution", "Most common growth areas", "Goals most often missed", "Participants",
                  "Ana María Ruiz", "Bob", "Gil", "stored outcome breakthrough"):
        assert piece in html, piece
    assert html.count('<section class="person">') == 3
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing loads from the network
    red = render_cohort_html(redact(book))
    assert "Ana" not in red and red.count('<section class="person">') == 3


def test_participant_slug() -> None:
    assert participant_slug("Ana María Ruiz") == "ana-maria-ruiz"
    assert participant_slug("  ") == "participant"
    assert participant_slug("李雷") == "participant"


def test_play_command_writes_submission_and_history(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "sub.json"
    code, _out, err = run(capsys, "assignment", "play", str(ASSIGNMENT), "--participant", "Kim",
                          "--replies-dir", str(FIX / "replies-skilled"), "-o", str(out))
    assert code == 0, err
    assert "1/2 A quick check-in: breakthrough" in err and f"Submission saved to {out}" in err
    assert load_submission(out).participant_name == "Kim"
    sessions = sorted((tmp_path / "home" / "sessions").glob("*.json"))
    assert {p.name.split("-", 2)[2] for p in sessions} == {"co-planning-just-tell-me.json", "tiny-check-in.json"}
    code, _out, err = run(capsys, "assignment", "play", str(ASSIGNMENT), "--participant", "Kim",
                          "--replies-dir", str(FIX / "replies-skilled"), "-o", str(out))
    assert code == 2 and "already exists" in err


def test_static_truncated_fixture_is_reported_with_line_and_column(subs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    bad = FIX / "bad" / "truncated.json"
    code, out, err = run(capsys, "grade", str(bad), str(subs["bob"]), "--assignment", str(ASSIGNMENT))
    assert code == 2
    assert f"{bad}:" in err and "(the file looks truncated)" in err and "copy the whole file again" in err
    assert "Bob" in out  # still graded


def test_interactive_play_uses_the_play_loop(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    import io

    import yaml

    tiny = (FIX / "replies-skilled" / "tiny-check-in.txt").read_text(encoding="utf-8").splitlines()
    coplan = yaml.safe_load((FIX / "replies-skilled" / "co-planning-just-tell-me.yml").read_text(encoding="utf-8"))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(["/hint", *tiny, *coplan]) + "\n"))
    out = tmp_path / "live.json"
    code, stdout, err = run(capsys, "assignment", "play", str(ASSIGNMENT), "--participant", "Lou", "-o", str(out))
    assert code == 0, err
    assert "A quick check-in" in stdout and "Ms. Reed" in stdout  # the play loop's card and teacher lines
    sub = load_submission(out)
    assert [(a.scenario, a.status, a.outcome) for a in sub.attempts] == [
        ("tiny-check-in", "finished", "breakthrough"), ("co-planning-just-tell-me", "finished", "breakthrough")]
    (lou,) = grade_submissions([out], assignment, analyzer).participants
    assert lou.status == "pass", [f.message for f in lou.all_flags]


def test_interactive_play_stops_and_keeps_the_attempts_when_input_ends(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import io

    tiny = (FIX / "replies-skilled" / "tiny-check-in.txt").read_text(encoding="utf-8").splitlines()
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join([*tiny, "What do you want students to learn?"]) + "\n"))
    out = tmp_path / "part.json"
    code, _stdout, err = run(capsys, "assignment", "play", str(ASSIGNMENT), "--participant", "Mo", "-o", str(out))
    assert code == 0
    assert "Stopped after 1 finished attempt(s) of 2" in err and "--resume" in err
    sub = load_submission(out)
    assert [(a.scenario, a.status) for a in sub.attempts] == [("tiny-check-in", "finished"),
                                                             ("co-planning-just-tell-me", "in_progress")]
    first_tiny = json.loads(out.read_text(encoding="utf-8"))["attempts"][0]

    # Without --resume the file is not touched; with it, the unfinished attempt continues where it stopped.
    code, _stdout, err = run(capsys, "assignment", "play", str(ASSIGNMENT), "--participant", "Mo", "-o", str(out))
    assert code == 2 and "--resume" in err
    import yaml

    coplan = yaml.safe_load((FIX / "replies-skilled" / "co-planning-just-tell-me.yml").read_text(encoding="utf-8"))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(coplan[1:] + coplan) + "\n"))
    code, _stdout, err = run(capsys, "assignment", "play", str(ASSIGNMENT), "--participant", "Mo", "-o", str(out),
                             "--resume")
    assert code == 0, err
    assert "1/2 A quick check-in: already done" in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["attempts"][0] == first_tiny
    assert len(data["attempts"]) == 2
    coplan_rec = data["attempts"][1]["record"]
    assert coplan_rec["status"] == "finished"
    assert coplan_rec["turns"][0]["reply"] == "What do you want students to learn?"
    # Another participant cannot continue Mo's file.
    code, _stdout, err = run(capsys, "assignment", "play", str(ASSIGNMENT), "--participant", "Nia", "-o", str(out),
                             "--resume")
    assert code == 2 and "belongs to participant 'mo'" in err


def test_any_json_is_a_submission_or_a_clear_error(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from convocoach.model.errors import InputError

    base = {"schema_version": "1", "kind": "convocoach.submission", "assignment": {"id": "cert-unit-1"},
            "participant": {"id": "p"}, "attempts": []}
    leaf = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
    values = st.recursive(leaf, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids,
                                                                                           max_size=3), max_leaves=12)
    keys = st.sampled_from(["assignment", "participant", "attempts", "schema_version", "kind", "lexicon_hash"])
    attempt_keys = st.sampled_from(["scenario", "scenario_version", "attempt", "record", "scenario_hash"])

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(keys, values, attempt_keys, values)
    def check(key: str, value: Any, akey: str, avalue: Any) -> None:
        data = json.loads(json.dumps(base))
        attempt = {"scenario": "tiny-check-in", "scenario_version": 1, "attempt": 1,
                   "record": {"scenario": {"id": "tiny-check-in"}, "turns": [{"reply": "What?"}]}}
        attempt[akey] = avalue
        data["attempts"] = [attempt]
        data[key] = value
        p = tmp_path / "f.json"
        p.write_text(json.dumps(data), encoding="utf-8")
        try:
            load_submission(p)
        except InputError as exc:
            assert str(p) in str(exc)

    check()


def test_programme_rubric_scores_the_criteria_and_stored_scores_compare_with_the_default(subs: dict[str, Path], tmp_path: Path, analyzer: Analyzer) -> None:
    rubric = (Path(__file__).parent / "fixtures" / "rubrics" / "listening_only.yml").resolve()
    tiny = (FIX / "scenarios" / "tiny-check-in.yml").resolve()
    a = tmp_path / "a.yml"
    a.write_text(f'id: cert-unit-1\ntitle: Listening\nrubric: "{rubric}"\npass: {{rubric: {{overall: 101}}}}\n'
                 f'scenarios: ["{tiny}", co-planning-just-tell-me]\n', encoding="utf-8")
    from convocoach.model.errors import InputErrors

    with pytest.raises(InputErrors):
        load_assignment(a)  # 101 is out of range
    a.write_text(a.read_text(encoding="utf-8").replace("101", "60"), encoding="utf-8")
    la = load_assignment(a)
    assert la.rubric.name == "listening-only"
    (ana,) = grade_submissions([subs["ana"]], la, analyzer).participants
    s = ana.scenarios[0]
    assert s.best is not None and s.best.score is not None and s.best.score.rubric == "listening-only"
    # `play` stored a default-rubric score; comparing it with the programme rubric would be a false alarm.
    assert not [f for f in ana.all_flags if f.kind == "score"]
    assert any(f.kind == "assignment-changed" for f in ana.flags)  # another file with the same id


def test_the_same_file_twice_is_graded_once(subs: dict[str, Path], assignment: LoadedAssignment, analyzer: Analyzer) -> None:
    book = grade_submissions([subs["ana"], subs["ana"]], assignment, analyzer)
    assert not book.problems and len(book.participants) == 1


def test_resume_with_replies_dir_plays_only_what_is_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    d = tmp_path / "replies"
    shutil.copytree(FIX / "replies-skilled", d)
    (d / "co-planning-just-tell-me.yml").unlink()
    (d / "co-planning-just-tell-me.txt").write_text("What do you want them to learn?\n", encoding="utf-8")
    assert run_assignment_play(ASSIGNMENT, participant="Oz", replies_dir=d, output=out, no_record=True) == 0
    before = json.loads(out.read_text(encoding="utf-8"))
    assert [a["record"]["status"] for a in before["attempts"]] == ["finished", "in_progress"]
    assert run_assignment_play(ASSIGNMENT, participant="Oz", replies_dir=FIX / "replies-skilled", output=out,
                               no_record=True, resume=True) == 0
    after = json.loads(out.read_text(encoding="utf-8"))
    assert after["attempts"][0] == before["attempts"][0]
    assert [a["record"]["status"] for a in after["attempts"]] == ["finished", "finished"]
    assert [a["attempt"] for a in after["attempts"]] == [1, 1]
    capsys.readouterr()
