"""Hostile files: every reader refuses what could crash, hang or exhaust memory with a clear message
(file:line where there is one) and exit 2. Fixtures are written here, by the tests themselves.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convocoach.io import fileio
from convocoach.model.errors import InputError, InputErrors
from convocoach.nlp.analyzer import Analyzer

ROOT = Path(__file__).parents[1]
PROGRAMME = Path(__file__).parent / "fixtures" / "programme"
SCENARIO = "veteran-partner-agreement"
TRANSCRIPT = "Coach: What stands out to you this week?\nTeacher: The mornings are hard.\n"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "home"


def cli(capsysbinary: pytest.CaptureFixture[bytes], *args: str, stdin: bytes | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    """The real entry point in-process: (exit code, stdout, stderr); stdin given as bytes."""
    from convocoach.cli import main

    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    capsysbinary.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), " ".join(err.decode("utf-8").split())


def one_reply(tmp_path: Path) -> Path:
    """A replies file with one reply (for commands that must fail before playing it)."""
    p = tmp_path / "one-reply.txt"
    p.write_text("What stands out to you?\n", encoding="utf-8")
    return p


def subprocess_cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m convocoach ARGS` in a child: a crash (signal) or a hang fails the test, not the suite."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "convocoach", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


# --------------------------------------------------------------------------- FIFOs and devices


def _fifo(tmp_path: Path, name: str) -> Path:
    if not hasattr(os, "mkfifo"):  # pragma: no cover - POSIX only
        pytest.fail("this test needs os.mkfifo")
    p = tmp_path / name
    os.mkfifo(p)
    return p


def _unblock_after(path: Path, seconds: float) -> threading.Timer:
    """If a reader blocks on the FIFO, open its write end after a while so the test can fail, not hang."""

    def release() -> None:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return
        os.close(fd)

    timer = threading.Timer(seconds, release)
    timer.daemon = True
    timer.start()
    return timer


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("replies.txt", ["analyze", "--file", "{p}"]),
        ("call.txt", ["review", "{p}"]),
        ("scene.yml", ["scenario", "validate", "{p}"]),
        ("replies.txt", ["play", SCENARIO, "--replies", "{p}", "--no-record"]),
        ("rubric.yml", ["review", "-", "--rubric", "{p}"]),
    ],
)
def test_fifos_are_refused_at_once(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, name: str, args: list[str]) -> None:
    fifo = _fifo(tmp_path, name)
    timer = _unblock_after(fifo, 10)
    try:
        code, _, err = cli(capsysbinary, *[a.format(p=fifo) for a in args], stdin=TRANSCRIPT.encode(),
                           monkeypatch=monkeypatch)
    finally:
        timer.cancel()
    assert code == 2, err
    assert f"{fifo}: is a named pipe (FIFO), not a regular file" in err


_DEVICE_RUNNER = r"""
import io, json, resource, sys
# A regression must fail this test with MemoryError, not get the whole test run killed for memory.
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from convocoach.cli import main
results = []
for args in json.loads(sys.argv[1]):
    sys.stderr = io.StringIO()
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    results.append([code, " ".join(sys.stderr.getvalue().split())])
sys.__stdout__.write(json.dumps(results))
"""


def test_devices_are_refused_not_read_without_end(tmp_path: Path) -> None:
    cases = [[*command, device] for device in ("/dev/zero", "/dev/urandom") if os.path.exists(device)
             for command in (["analyze", "--file"], ["review"], ["scenario", "validate"],
                             ["play", SCENARIO, "--no-record", "--replies"])]
    assert len(cases) == 8
    env = {**os.environ, "NO_COLOR": "1", "CONVOCOACH_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", _DEVICE_RUNNER, json.dumps(cases)], capture_output=True, text=True,
                            timeout=300, env=env, check=False)
    assert result.returncode == 0, result.stderr[-1000:]
    for args, (code, err) in zip(cases, json.loads(result.stdout)):
        assert code == 2 and f"{args[-1]}: is a character device, not a regular file" in err, (args, code, err)


def test_resume_does_not_follow_a_record_to_a_fifo(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    fifo = _fifo(tmp_path, "scene.yml")
    rec = tmp_path / "rec.json"
    rec.write_text(json.dumps({"schema_version": "1", "kind": "convocoach.session", "seed": 0, "turns": [],
                               "scenario": {"id": SCENARIO, "path": str(fifo)}}), encoding="utf-8")
    timer = _unblock_after(fifo, 10)
    try:
        code, _, err = cli(capsysbinary, "play", "--resume", str(rec), "--replies", str(one_reply(tmp_path)))
    finally:
        timer.cancel()
    assert code == 2 and "is a named pipe (FIFO)" in err


class Endless(io.RawIOBase):
    """A stream that never ends (like /dev/zero piped to stdin); counts what was read."""

    #: Past this, the reader is reading without limit: fail rather than exhaust memory.
    CAP = 64_000_000

    def __init__(self, byte: bytes = b"\0") -> None:
        self.byte = byte
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.served > self.CAP:
            raise AssertionError(f"read {self.served:,} bytes of an endless stream: no limit")
        n = min(len(buffer), 1 << 20)
        buffer[:n] = self.byte * n
        self.served += n
        return n


def test_endless_standard_input_is_cut_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from convocoach.io.replies import read_replies
    from convocoach.transcripts import base, read_transcript_stream

    monkeypatch.setattr(base, "MAX_BYTES", 1000)
    endless = Endless(b"a")
    with pytest.raises(InputError, match="too large"):
        read_transcript_stream(io.BufferedReader(endless))
    assert endless.served < 100_000
    endless = Endless(b"b")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    with pytest.raises(InputError, match="too large"):
        read_replies("-")
    assert endless.served < 10_000_000


def test_endless_line_on_stdin_ends_analyze_with_a_message(capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    import convocoach.io.utterances as analyze_io

    monkeypatch.setattr(analyze_io, "MAX_LINE_BYTES", 10_000)
    endless = Endless(b"x")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    code, _, err = cli(capsysbinary, "analyze", "--file", "-", "--skip-bad")
    assert code == 2 and "<stdin>:1: line is longer than" in err
    assert endless.served < 1_000_000


def test_size_limit_is_enforced_while_reading_not_by_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 5000)
    real_stat = os.stat

    def lying_stat(*args: Any, **kwargs: Any) -> Any:  # a file that says it is empty
        st = real_stat(*args, **kwargs)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 0,
                               st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(os, "stat", lying_stat)
    with pytest.raises(InputError, match="too large"):
        fileio.read_bytes(p, 1000, "a test file")


# --------------------------------------------------------------------------- deep nesting


def _nested_json(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a": ' * depth + "1" + "}" * depth


def test_libyaml_never_sees_deep_nesting(tmp_path: Path) -> None:
    # 100 KB of "[" segfaulted libyaml's composer (exit 139): run in a child so a regression fails here.
    (tmp_path / "deep.yml").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "deep.yml").write_text("entries: " + "[" * 100_000, encoding="utf-8")
    result = subprocess_cli("scenario", "validate", "deep.yml", cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    assert "deep.yml:1:65: YAML is nested more than 64 levels deep" in result.stderr
    result = subprocess_cli("analyze", "Tell me more.", "--lexicons", "lex", cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    assert "deep.yml:1:73: YAML is nested more than 64 levels deep" in result.stderr


def _yaml_readers(tmp_path: Path) -> dict[str, Callable[[Path], object]]:
    from convocoach.programme.assignment import load_assignment
    from convocoach.nlp.lexicons import load_lexicons
    from convocoach.scoring.rubric import load_rubric
    from convocoach.practice.scenario import load_scenario

    def lexicons(p: Path) -> object:
        d = tmp_path / f"lex-{p.stem}"
        d.mkdir(exist_ok=True)
        (d / "x.yml").write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
        return load_lexicons([d])

    return {"scenario": load_scenario, "lexicon": lexicons, "rubric": load_rubric, "assignment": load_assignment}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(65, 3000), flow=st.sampled_from(["[", "{a: "]), reader=st.sampled_from(
    ["scenario", "lexicon", "rubric", "assignment"]))
def test_deep_yaml_is_refused_by_every_yaml_reader(tmp_path: Path, depth: int, flow: str, reader: str) -> None:
    p = tmp_path / "deep.yml"
    closer = "]" if flow == "[" else "}"
    p.write_text("key: " + flow * depth + "1" + closer * depth + "\n", encoding="utf-8")
    with pytest.raises((InputError, InputErrors)) as info:
        _yaml_readers(tmp_path)[reader](p)
    assert "nested more than 64 levels deep" in str(info.value)
    assert ":1:" in str(info.value)


def test_deep_yaml_through_aliases_is_refused(tmp_path: Path) -> None:
    from convocoach.practice.scenario import load_scenario

    lines = ["l0: &l0 [1]"] + [f"l{i}: &l{i} [*l{i - 1}]" for i in range(1, 80)]
    p = tmp_path / "alias.yml"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nests too deeply"):
        load_scenario(p)


def _json_readers() -> dict[str, Callable[[Path], object]]:
    from convocoach.io.records import load_record
    from convocoach.programme.submission import load_submission
    from convocoach.transcripts import read_transcript

    return {"transcript": read_transcript, "record": load_record, "submission": load_submission}


def _json_document(reader: str, value: str) -> str:
    """A JSON document for `reader` with raw JSON text `value` placed in a field nobody uses."""
    if reader == "transcript":
        return ('{"turns": [{"speaker": "Coach", "text": "What now?", "extra": ' + value + '},\n'
                ' {"speaker": "Teacher", "text": "Not sure."}]}')
    if reader == "record":
        return ('{"schema_version": "1", "kind": "convocoach.session", "scenario": {"id": "x"},\n'
                ' "extra": ' + value + ', "turns": []}')
    return ('{"schema_version": "1", "kind": "convocoach.submission", "assignment": {"id": "a"},\n'
            ' "participant": {"id": "p"}, "extra": ' + value + ', "attempts": []}')


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.one_of(st.integers(65, 400), st.integers(900, 200_000)), kind=st.sampled_from(["list", "dict"]),
       reader=st.sampled_from(["transcript", "record", "submission"]))
def test_deep_json_is_refused_by_every_json_reader(tmp_path: Path, depth: int, kind: str, reader: str) -> None:
    p = tmp_path / "deep.json"
    p.write_text(_json_document(reader, _nested_json(depth, kind)), encoding="utf-8")
    with pytest.raises(InputError) as info:
        _json_readers()[reader](p)
    assert "nested more than 64 levels deep" in info.value.message
    assert info.value.line is not None and info.value.col is not None


@given(depth=st.integers(1, 50), kind=st.sampled_from(["list", "dict"]))
@settings(max_examples=20, deadline=None)
def test_reasonable_nesting_is_still_read(depth: int, kind: str) -> None:
    data = fileio.load_json(_nested_json(depth, kind), "x.json")
    assert data is not None


def test_deep_json_line_is_skipped_and_the_rest_analysed(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], analyzer: Analyzer) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "What now?"}\n' + "[" * 50_000 + "\n" + '{"id": "c", "text": "How so?"}\n',
                   encoding="utf-8")
    code, out, err = cli(capsysbinary, "analyze", "--file", str(src), "--format", "jsonl", "--skip-bad")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and [r["id"] for r in rows] == ["a", "2", "c"] and "moves" in rows[2]
    assert f"{src}:2:65: a JSONL line is nested more than 64 levels deep" in err


def test_deep_json_in_a_reviewed_folder_is_one_error_not_the_end_of_the_batch(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                                                              analyzer: Analyzer) -> None:
    d = tmp_path / "calls"
    d.mkdir()
    (d / "a.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (d / "b.json").write_text(_nested_json(5000, "list"), encoding="utf-8")
    code, out, err = cli(capsysbinary, "review", str(d), "--format", "jsonl")
    lines = out.splitlines()
    assert code == 2 and len(lines) == 2  # a.txt's report, then b.json's error record
    assert json.loads(lines[1])["source"].endswith("b.json") and json.loads(lines[1])["line"] == 1
    assert "b.json:1:65: a transcript is nested more than 64 levels deep" in err


def test_deep_json_in_the_sessions_folder_is_skipped_by_history_and_progress(_home: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    (_home / "sessions").mkdir(parents=True)
    (_home / "sessions" / "deep.json").write_text(_nested_json(5000, "dict"), encoding="utf-8")
    for command in ("history", "progress"):
        code, _, err = cli(capsysbinary, command)
        assert code == 0 and "deep.json:1:" in err and "nested more than 64 levels deep" in err


# --------------------------------------------------------------------------- lone surrogates

_SURROGATES = st.integers(0xD800, 0xDFFF).map(lambda c: f"\\u{c:04x}")
_WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=12)


def _lone(escapes: str) -> bool:
    """The \\u escapes written form no valid surrogate pair (so a character cannot be made of them)."""
    codes = [int(e, 16) for e in escapes.split("\\u") if e]
    try:
        "".join(map(chr, codes)).encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return True
    return False


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=_WORDS, escapes=st.lists(_SURROGATES, min_size=1, max_size=3).map("".join), after=_WORDS,
       reader=st.sampled_from(["transcript", "record", "submission"]))
def test_lone_surrogates_in_json_are_refused_with_a_line(tmp_path: Path, before: str, escapes: str, after: str,
                                                         reader: str) -> None:
    if not _lone(escapes):
        return  # a valid pair is a character: json joins it
    p = tmp_path / "s.json"
    p.write_text(_json_document(reader, json.dumps(before) [:-1] + escapes + json.dumps(after)[1:]),
                 encoding="utf-8")
    with pytest.raises(InputError) as info:
        _json_readers()[reader](p)
    assert "lone surrogate" in info.value.message and info.value.line is not None


def test_surrogates_in_yaml_are_joined_when_they_pair_and_refused_when_alone(tmp_path: Path) -> None:
    from convocoach.practice.scenario import load_scenario
    from convocoach.practice.library import library_files

    src = next(p for p in library_files() if p.stem == SCENARIO).read_text(encoding="utf-8")
    title = next(line for line in src.splitlines() if line.startswith("title:"))
    paired = tmp_path / "paired.yml"
    paired.write_text(src.replace(title, 'title: "Smile \\ud83d\\ude00 please"'), encoding="utf-8")
    assert load_scenario(paired).scenario.title == "Smile \U0001F600 please"
    lone = tmp_path / "lone.yml"
    lone.write_text(src.replace(title, 'title: "Broken \\ud83d please"'), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(lone)
    line = src.splitlines().index(title) + 1
    assert info.value.line == line and "lone surrogate U+D83D" in info.value.message


def test_surrogate_pair_in_a_yaml_reply_list_plays(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    from test_play_cli import FakeAnalyzer

    import convocoach.nlp.analyzer as analyzer_mod

    fake = FakeAnalyzer()
    monkeypatch.setattr(analyzer_mod, "get_analyzer", lambda *a, **k: fake)
    replies = tmp_path / "r.yml"
    replies.write_text('- "What stands out to you \\ud83d\\ude00?"\n- "Say \\udfff more"\n', encoding="utf-8")
    code, _, err = cli(capsysbinary, "play", SCENARIO, "--replies", str(replies), "--no-record")
    assert code == 2 and f"{replies}:2:3: invalid \\u escape: a lone surrogate U+DFFF" in err


def test_undecodable_argument_bytes_are_refused(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    arg = b"What \xff now?".decode("utf-8", "surrogateescape")  # what Python makes of such argv bytes
    code, _, err = cli(capsysbinary, "analyze", arg)
    assert code == 2 and "argument 2 (What \\xff now?) is not valid UTF-8 text" in err


def test_lone_surrogate_jsonl_line_is_skipped_with_its_id(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], analyzer: Analyzer) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "What \\ud800 now?"}\n{"id": "b", "text": "How so?"}\n', encoding="utf-8")
    code, out, err = cli(capsysbinary, "analyze", "--file", str(src), "--format", "jsonl", "--skip-bad")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and [r["id"] for r in rows] == ["a", "b"] and "error" in rows[0] and "moves" in rows[1]
    assert f"{src}:1:27: invalid \\u escape" in err


def test_invalid_utf8_typed_at_the_prompt_is_refused_and_the_session_goes_on(capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    from test_play_cli import FakeAnalyzer

    import convocoach.nlp.analyzer as analyzer_mod

    fake = FakeAnalyzer()
    monkeypatch.setattr(analyzer_mod, "get_analyzer", lambda *a, **k: fake)
    typed = b"What \xe9 now?\nWhat is on your mind?\n/quit\n"
    code, out, err = cli(capsysbinary, "play", SCENARIO, "--no-record", stdin=typed, monkeypatch=monkeypatch)
    assert code == 0, err
    assert "not valid UTF-8 text" in out and "What is on your mind?" in out


# --------------------------------------------------------------------------- control characters

_CONTROLS = st.sampled_from([c for c in range(0x20) if c not in (0x09, 0x0A, 0x0C, 0x0D)] + [0x7F])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=_CONTROLS, fmt=st.sampled_from(["txt", "vtt", "srt", "csv", "json", "jsonl", "yml"]), pad=_WORDS)
def test_raw_control_characters_are_refused_by_every_reader(tmp_path: Path, code: int, fmt: str, pad: str) -> None:
    from convocoach.io.utterances import read_utterances
    from convocoach.practice.scenario import load_scenario
    from convocoach.transcripts import read_transcript

    ch = chr(code)
    body = {
        "txt": f"Coach: What {pad}{ch} now?\nTeacher: Hmm.\n",
        "vtt": f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCoach: What {pad}{ch} now?\n\n"
               "00:00:03.000 --> 00:00:04.000\nTeacher: Hmm.\n",
        "srt": f"1\n00:00:01,000 --> 00:00:02,000\nCoach: What {pad}{ch} now?\n\n"
               "2\n00:00:03,000 --> 00:00:04,000\nTeacher: Hmm.\n",
        "csv": f"speaker,text\nCoach,What {pad}{ch} now?\nTeacher,Hmm.\n",
        "json": '{"turns": [{"speaker": "Coach", "text": "What ' + json.dumps(pad)[1:-1] + ch + ' now?"}]}',
        "jsonl": '{"id": "1", "text": "What ' + json.dumps(pad)[1:-1] + ch + ' now?"}\n',
        "yml": f"id: x\ntitle: What {pad}{ch} now\n",
    }[fmt]
    p = tmp_path / f"c.{fmt}"
    p.write_bytes(body.encode("utf-8"))
    with pytest.raises((InputError, InputErrors)) as info:
        if fmt == "jsonl":
            list(read_utterances(str(p)))
        elif fmt == "yml":
            load_scenario(p)
        else:
            read_transcript(p)
    exc = info.value
    assert isinstance(exc, (InputError, InputErrors))
    err = exc if isinstance(exc, InputError) else exc.errors[0]
    assert err.line is not None, str(err)
    assert f"U+{code:04X}" in err.message or ("NUL" in err.message and code == 0), str(err)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=_CONTROLS, reader=st.sampled_from(["transcript", "record", "submission", "yaml"]))
def test_escaped_control_characters_are_refused_in_json_and_yaml(tmp_path: Path, code: int, reader: str) -> None:
    from convocoach.practice.scenario import load_scenario

    if reader == "yaml":
        p = tmp_path / "e.yml"
        p.write_text(f'id: x\ntitle: "Clear \\x{code:02x} screen"\n', encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_scenario(p)
        assert info.value.line == 2
    else:
        p = tmp_path / "e.json"
        p.write_text(_json_document(reader, f'"\\u{code:04x}]0;title"'), encoding="utf-8")
        with pytest.raises(InputError) as info:
            _json_readers()[reader](p)
        assert info.value.line is not None
    assert f"control character U+{code:04X}" in info.value.message


# --------------------------------------------------------------------------- one decoding path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("name", ["replies.txt", "replies.jsonl"])
def test_analyze_file_reads_every_encoding_review_reads(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], analyzer: Analyzer, encoding: str,
                                                        name: str) -> None:
    lines = ["What stands out to you?", "Café talk: how did it go?"]
    text = "\n".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) if name.endswith(".jsonl") else t
                     for i, t in enumerate(lines)) + "\r\n"
    src = tmp_path / name
    src.write_bytes(text.encode(encoding))
    code, out, err = cli(capsysbinary, "analyze", "--file", str(src), "--format", "jsonl")
    assert code == 0, err
    assert [json.loads(line)["text"] for line in out.splitlines()] == lines
    transcript = tmp_path / "t.txt"
    transcript.write_bytes(TRANSCRIPT.encode(encoding))
    code, out, err = cli(capsysbinary, "review", str(transcript), "--format", "json")
    assert code == 0, err


# --------------------------------------------------------------------------- sizes, times and numbers


def test_a_turn_too_long_to_analyse_is_refused_with_its_line(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    p = tmp_path / "long.txt"
    p.write_text("Teacher: Hi.\nCoach: " + "word " * 220_000 + "\nTeacher: ok\n", encoding="utf-8")
    code, _, err = cli(capsysbinary, "review", str(p))
    assert code == 2 and f"{p}:2: a turn of 'Coach' is 1,099,999 characters" in err


def test_a_reply_too_long_to_analyse_makes_a_submission_invalid(tmp_path: Path, analyzer: Analyzer) -> None:
    from convocoach.programme.submission import load_submission

    p = tmp_path / "sub.json"
    record = {"scenario": {"id": "tiny-check-in"}, "turns": [{"reply": "x" * 1_000_001}]}
    p.write_text(json.dumps({"schema_version": "1", "kind": "convocoach.submission", "assignment": {"id": "a"},
                             "participant": {"id": "p"}, "attempts": [
                                 {"scenario": "tiny-check-in", "scenario_version": 1, "record": record}]}, indent=1),
                 encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_submission(p)
    assert "1,000,001 characters" in info.value.message and info.value.line is not None


def test_the_analyzer_itself_refuses_what_spacy_cannot_take(analyzer: Analyzer) -> None:
    with pytest.raises(InputError, match="too long to analyse"):
        analyzer.analyze("a" * 1_000_001)


@pytest.mark.parametrize(
    ("name", "body", "where", "words"),
    [
        ("huge.srt", "1\n99999999999999999999:00:00,000 --> 99999999999999999999:00:01,000\nCoach: Hi?\n\n"
         "2\n00:00:02,000 --> 00:00:03,000\nTeacher: ok\n", ":2:", "out of range"),
        ("huge.vtt", "WEBVTT\n\n99999999999999999999:00:00.000 --> 99999999999999999999:00:01.000\nCoach: Hi?\n\n"
         "00:00:02.000 --> 00:00:03.000\nTeacher: ok\n", ":3:", "out of range"),
        ("inf.json", '{"turns": [{"speaker": "Coach", "text": "Hi?", "start": 1e999},\n'
         ' {"speaker": "T", "text": "ok"}]}', ":1:", "number 1e999 is out of range"),
        ("nan.json", '{"turns": [{"speaker": "Coach", "text": "Hi?", "start": NaN},\n'
         ' {"speaker": "T", "text": "ok"}]}', ":1:", "number NaN is out of range"),
        ("big.json", '{"turns": [{"speaker": "Coach", "text": "Hi?"},\n'
         ' {"speaker": "T", "text": "ok", "start": 1e300}]}', ":2:", "malformed time"),
        ("backwards.json", '{"turns": [{"speaker": "Coach", "text": "Hi?", "start": 10, "end": 12},\n'
         ' {"speaker": "T", "text": "ok", "start": 2, "end": 3}]}', ":2", "cues are out of time order"),
        ("reversed.json", '{"turns": [{"speaker": "Coach", "text": "Hi?", "start": 10, "end": 2},\n'
         ' {"speaker": "T", "text": "ok"}]}', ":1", "ends (00:00:02.000) before it starts"),
    ],
)
def test_absurd_times_are_refused_with_their_line(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], name: str, body: str, where: str,
                                                  words: str) -> None:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    for fmt in ("json", "terminal", "csv"):
        code, out, err = cli(capsysbinary, "review", str(p), "--format", fmt)
        assert code == 2 and f"{p}{where}" in err and words in err, err
        assert "Infinity" not in out and "internal error" not in err


def test_json_turn_problems_name_the_line_of_the_turn(tmp_path: Path) -> None:
    from convocoach.transcripts import read_transcript

    p = tmp_path / "t.json"
    p.write_text('{"turns": [\n  {"speaker": "Coach", "text": "Hi?"},\n  {"speaker": "T", "text": "ok"},\n'
                 '  {"speaker": "T", "start": "soon", "text": "x"}\n]}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_transcript(p)
    assert (info.value.line, info.value.message) == (4, "turns[2]: malformed time 'soon'")
    p.write_text('{"turns": [\n  {"speaker": "Coach", "text": "Hi?"},\n  7\n]}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_transcript(p)
    assert (info.value.line, info.value.col) == (3, 3)
