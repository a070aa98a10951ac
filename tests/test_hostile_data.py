"""Nothing is lost and nothing stored is trusted: concurrent sessions, gradebooks beside a bad
submission, temp files after a kill or hang-up, edited records on resume and in progress.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

import convocoach.nlp.analyzer as analyzer_mod
from conftest import real_doc
from convocoach.io import fileio
from convocoach.io.records import default_record_path, sessions_dir
from test_engine import fake_analyze
from test_hostile_input import SCENARIO, cli, one_reply
from convocoach.nlp.analyzer import Analyzer

PROGRAMME = Path(__file__).parent / "fixtures" / "programme"
REPLIES = [
    "It sounds like you have seen a lot of programmes come and go. What has that been like?",
    "So the ones that lasted were the ones teachers had a say in. What made the difference?",
    "What would make this time worthwhile for you?",
    "What might a first small step look like?",
]


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "home"


class Fake:
    """The deterministic keyword analyzer of test_engine, as an Analyzer; `hook` runs before each call."""

    lexicon_hash = "fake-lexicons"

    def __init__(self) -> None:
        self.hook: Any = None

    def analyze(self, text: str, previous: str | None = None, id: str | None = None) -> Any:
        if self.hook is not None:
            hook, self.hook = self.hook, None
            hook()
        return fake_analyze(text, previous)

    def analyze_many(self, items: Any, batch_size: int = 256) -> Any:
        return (fake_analyze(u.text, u.previous) for u in items)

    def doc(self, text: str, previous: str | None = None) -> Any:
        return real_doc(text, previous)


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> Fake:
    an = Fake()
    monkeypatch.setattr(analyzer_mod, "get_analyzer", lambda *a, **k: an)
    return an


def _replies(tmp_path: Path, replies: list[str], name: str) -> Path:
    p = tmp_path / name
    p.write_text("\n".join(replies) + "\n", encoding="utf-8")
    return p


# --------------------------------------------------------------------------- concurrent sessions


def test_default_record_names_are_taken_when_chosen(_home: Path) -> None:
    now = time.time()
    first, second = default_record_path(SCENARIO, now), default_record_path(SCENARIO, now)
    assert first != second and first.exists() and second.exists()
    assert second.name.endswith("-2.json")


def test_two_sessions_started_in_the_same_second_keep_their_own_records(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fake: Fake,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = time.time()
    monkeypatch.setattr(time, "time", lambda: frozen)  # both sessions start in this second
    a = _replies(tmp_path, REPLIES[:2], "a.txt")
    b = _replies(tmp_path, ["You should map the curriculum first.", "Have you tried exit tickets?"], "b.txt")

    def second_session() -> None:
        # Session B starts and ends while session A, already started, is about to analyse its
        # first reply: A's record name was chosen at A's start.
        try:
            from convocoach.cli import main

            main(["play", SCENARIO, "--replies", str(b)])
        except SystemExit as exc:
            assert exc.code in (0, None)

    fake.hook = second_session
    code, _, err = cli(capsysbinary, "play", SCENARIO, "--replies", str(a))
    assert code == 0, err
    records = sorted(sessions_dir().glob("*.json"))
    replies = sorted(tuple(t["reply"] for t in json.loads(p.read_text(encoding="utf-8"))["turns"]) for p in records)
    assert len(records) == 2 and replies == sorted([tuple(REPLIES[:2]), tuple(b.read_text().splitlines())])


def test_a_session_without_replies_leaves_no_record(capsysbinary: pytest.CaptureFixture[bytes], fake: Fake, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, _ = cli(capsysbinary, "play", SCENARIO, stdin=b"/quit\n", monkeypatch=monkeypatch)
    assert code == 0 and not list(sessions_dir().glob("*.json"))


# --------------------------------------------------------------------------- temp files


def _stale_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    while True:
        try:
            os.kill(dead, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            pass
        dead += 1
    files = {
        "dead": folder / f".20260101-000000-x.json.{dead}.k3j4h5.tmp",
        "old": folder / ".20260101-000000-y.json.q1w2e3r4.tmp",  # written before temp names had a pid
        "live": folder / f".20260101-000000-z.json.{os.getpid()}.a1b2c3.tmp",
        "young": folder / ".20260101-000000-w.json.z9x8c7v6.tmp",
        "record": folder / "20260101-000000-x.json",
    }
    for p in files.values():
        p.write_text("{}", encoding="utf-8")
    hour_ago = time.time() - 2 * fileio.STALE_TMP_SECONDS
    os.utime(files["old"], (hour_ago, hour_ago))
    return files


def test_temp_files_a_killed_session_left_are_removed_on_the_next_start(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fake: Fake) -> None:
    files = _stale_files(sessions_dir())
    code, _, err = cli(capsysbinary, "play", SCENARIO, "--replies", str(_replies(tmp_path, REPLIES[:1], "r.txt")))
    assert code == 0, err
    assert not files["dead"].exists() and not files["old"].exists()
    assert files["live"].exists() and files["young"].exists() and files["record"].exists()


@pytest.mark.parametrize("command", ["review", "grade", "assignment"])
def test_every_writer_removes_the_temp_files_a_killed_run_left(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], analyzer: Analyzer,
                                                               command: str) -> None:
    out = tmp_path / "out"
    files = _stale_files(out)
    assignment = str(PROGRAMME / "assignment.yml")
    transcript = tmp_path / "t.txt"
    transcript.write_text("Coach: What stands out?\nTeacher: The mornings.\n", encoding="utf-8")
    args = {
        "review": ["review", str(transcript), "-o", str(out / "report.html")],
        "grade": ["grade", str(files["record"]), "-a", assignment, "-o", str(out)],
        "assignment": ["assignment", "play", assignment, "--participant", "Ana", "--replies-dir",
                       str(PROGRAMME / "replies-skilled"), "-o", str(out / "ana.json"), "--no-record"],
    }[command]
    cli(capsysbinary, *args)
    assert not files["dead"].exists() and not files["old"].exists()
    assert files["live"].exists() and files["young"].exists()


def test_a_hang_up_during_a_save_removes_the_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from convocoach.cli.process import hangup_as_exit

    target = tmp_path / "rec.json"
    target.write_text('{"kept": true}\n', encoding="utf-8")
    real_fsync = os.fsync

    def hang_up(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGHUP)
        time.sleep(1)  # the signal is handled here at the latest

    monkeypatch.setattr(os, "fsync", hang_up)
    with pytest.raises(SystemExit) as info, hangup_as_exit():
        fileio.write_json_atomic({"new": True}, target, "the record", "")
    assert info.value.code == 128 + signal.SIGHUP
    assert target.read_text(encoding="utf-8") == '{"kept": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["rec.json"]
    assert signal.getsignal(signal.SIGHUP) == signal.SIG_DFL  # restored


# --------------------------------------------------------------------------- the gradebook


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> Path:
    from convocoach.cli.assignment_play import run_assignment_play

    d = tmp_path_factory.mktemp("subs")
    for name, replies in (("Ana Ruiz", "replies-skilled"), ("Bob Lee", "replies-telling")):
        code = run_assignment_play(PROGRAMME / "assignment.yml", participant=name, replies_dir=PROGRAMME / replies,
                                   output=d / f"{name.split()[0].lower()}.json", no_record=True)
        assert code == 0
    return d


def _bad_submission(folder: Path, good: Path) -> Path:
    """A copy of a good submission whose participant name holds a lone surrogate."""
    text = good.read_text(encoding="utf-8").replace('"Bob Lee"', '"Eve \\udc80"').replace('"bob-lee"', '"eve"')
    bad = folder / "eve.json"
    bad.write_text(text, encoding="utf-8")
    return bad


def test_a_bad_submission_beside_good_ones_rewrites_every_gradebook_file(tmp_path: Path, submissions: Path,
                                                                         capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    for p in submissions.glob("*.json"):
        (subs / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "gradebook"
    assignment = str(PROGRAMME / "assignment.yml")
    code, _, err = cli(capsysbinary, "grade", str(subs), "-a", assignment, "-o", str(out))
    assert code == 1, err  # Bob fails
    _bad_submission(subs, subs / "bob.json")
    code, _, err = cli(capsysbinary, "grade", str(subs), "-a", assignment, "-o", str(out))
    assert code == 2 and "eve.json:" in err and "lone surrogate" in err
    import csv

    rows = list(csv.DictReader((out / "gradebook.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["status"] for r in rows] == ["pass", "fail", "invalid"]
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    assert book["summary"]["participants"] == 2 and book["summary"]["invalid_files"] == 1
    assert "eve.json" in (out / "cohort.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["cohort.html", "gradebook.csv", "gradebook.json"]


def test_the_gradebook_is_written_all_or_none(tmp_path: Path, submissions: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "gradebook"
    assignment = str(PROGRAMME / "assignment.yml")
    cli(capsysbinary, "grade", str(submissions / "ana.json"), "-a", assignment, "-o", str(out))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_fsync = os.fsync
    calls = []

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    code, _, err = cli(capsysbinary, "grade", str(submissions), "-a", assignment, "-o", str(out))
    assert code == 2 and "cannot write the gradebook: No space left on device" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# --------------------------------------------------------------------------- stored results are not trusted


def _edit_record(rec: Path) -> None:
    data = json.loads(rec.read_text(encoding="utf-8"))
    t0 = data["turns"][0]
    t0["analysis"]["moves"] = [
        {"name": "reflection", "start": 0, "end": 99999, "text": "x", "rule": "R", "message": ""},
        {"name": "made.up", "start": -5, "end": 3, "text": "x", "rule": "R", "message": ""},
    ]
    t0["analysis"]["stance"] = "coaching"
    t0["meters"] = {"trust": 10, "openness": 10}
    data["turns"][1]["analysis"] = {"garbage": True}
    rec.write_text(json.dumps(data, indent=1), encoding="utf-8")


def _telling(tmp_path: Path) -> tuple[Path, Path]:
    first = _replies(tmp_path, ["You should try a timer.", "Have you tried exit tickets?"], "first.txt")
    rest = _replies(tmp_path, REPLIES[2:], "rest.txt")
    return first, rest


def test_resume_analyses_the_stored_replies_again(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fake: Fake) -> None:
    first, rest = _telling(tmp_path)
    rec = tmp_path / "rec.json"
    code, _, err = cli(capsysbinary, "play", SCENARIO, "--replies", str(first), "--record", str(rec), "--seed", "3")
    assert code == 0, err
    _edit_record(rec)
    code, out, err = cli(capsysbinary, "play", "--resume", str(rec), "--replies", str(rest), "--format", "json")
    assert code == 0, err
    assert "the stored analysis of turn(s) 1, 2 differs from a fresh analysis" in err
    resumed = json.loads(out)
    both = _replies(tmp_path, first.read_text().splitlines() + rest.read_text().splitlines(), "both.txt")
    code, out, _ = cli(capsysbinary, "play", SCENARIO, "--replies", str(both), "--no-record", "--seed", "3",
                       "--format", "json")
    clean = json.loads(out)

    def path(r: dict[str, Any]) -> list[Any]:
        return [(t["node"], t["meters"], [m["name"] for m in t["analysis"]["moves"]]) for t in r["turns"]]

    assert path(resumed) == path(clean)
    assert resumed["outcome"] == clean["outcome"] and resumed["score"] == clean["score"]


def test_progress_and_history_score_the_replies_not_what_was_stored(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fake: Fake,
                                                                    _home: Path) -> None:
    from convocoach.programme.progress import load_history

    first, _ = _telling(tmp_path)
    rec = sessions_dir() / "edited.json"
    code, _, err = cli(capsysbinary, "play", SCENARIO, "--replies", str(first), "--record", str(rec))
    assert code == 0, err
    honest = load_history()
    _edit_record(rec)
    edited = load_history()
    assert [(s.overall, s.moves) for s in edited] == [(s.overall, s.moves) for s in honest]
    assert "reflection" not in edited[0].moves and "made.up" not in edited[0].moves


@pytest.mark.parametrize("seed", ['"abc"', "1.5", "true", "[1]"])
def test_a_record_seed_that_is_not_a_number_is_a_located_error(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], seed: str) -> None:
    rec = tmp_path / "rec.json"
    rec.write_text('{"schema_version": "1", "kind": "convocoach.session",\n "scenario": {"id": "%s"},\n'
                   ' "seed": %s,\n "turns": []}\n' % (SCENARIO, seed), encoding="utf-8")
    code, _, err = cli(capsysbinary, "play", "--resume", str(rec), "--replies", str(one_reply(tmp_path)))
    assert code == 2 and f"{rec}:3:10: session record is damaged: seed: must be a whole number" in err
