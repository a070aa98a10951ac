"""`convocoach analyze/rules/eval` as a user runs them: output contracts, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from convocoach.nlp.analyzer import Analyzer
from conftest import Run

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi-dev" / "annomi_utterances.jsonl"


def test_analyze_text_table(run: Run, analyzer: Analyzer) -> None:
    code, out, _ = run("analyze", "Have you tried exit tickets?")
    assert code == 0
    assert "question.leading" in out
    assert "stance: consulting" in out


def test_analyze_json_contract(run: Run, analyzer: Analyzer) -> None:
    code, out, _ = run("analyze", "What are you noticing?", "--format", "json", "--previous", "They never listen.")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == "1.0"
    assert {"id", "text", "stance", "moves"} <= set(data)
    move = data["moves"][0]
    assert set(move) == {"name", "start", "end", "text", "rule", "message"}
    assert data["text"][move["start"] : move["end"]] == move["text"]


def test_analyze_jsonl_file_echoes_ids_in_order(run: Run, tmp_path: Path, analyzer: Analyzer) -> None:
    src = tmp_path / "in.jsonl"
    lines = [{"id": f"u{i}", "text": t} for i, t in enumerate(["Did it work?", "Tell me more.", "Try a timer."] * 5)]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    code, out, _ = run("analyze", "--file", str(src), "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [x["id"] for x in lines]
    assert rows[0]["moves"][0]["name"] == "question.closed"


def test_analyze_plain_text_file_and_stdin(run: Run, analyzer: Analyzer) -> None:
    code, out, _ = run("analyze", "--file", "-", "--format", "jsonl", input="What happened?\n\nYou should rest.\n")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["1", "3"]
    assert rows[1]["stance"] == "consulting"


def test_bad_jsonl_line_names_the_line_and_skip_bad_keeps_the_rest(run: Run, tmp_path: Path, analyzer: Analyzer) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Did it work?"}\nnot json\n{"id": "c"}\n{"id": "d", "text": "Try it."}\n')
    code, _, err = run("analyze", "--file", str(src), "--format", "jsonl")
    assert code == 2
    assert f"{src}:2:1: not valid JSON" in err
    code, out, err = run("analyze", "--file", str(src), "--format", "jsonl", "--skip-bad")
    assert code == 2
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "2", "c", "d"]  # a bad line keeps its own id
    assert "error" in rows[1] and "error" in rows[2] and "moves" in rows[3]
    assert f"{src}:3" in err and 'missing "text"' in err


@pytest.mark.parametrize(
    "args,message",
    [
        (["analyze", ""], "nothing to analyse"),
        (["analyze", "   \n\t "], "nothing to analyse"),
        (["analyze"], "give either TEXT or --file"),
        (["analyze", "hi", "--file", "x.txt"], "give either TEXT or --file"),
        (["analyze", "--file", "/nonexistent/file.txt"], "file not found"),
        (["rules", "Q99"], "no rule named"),
    ],
)
def test_bad_input_exit_2_with_a_message(run: Run, args: list[str], message: str, analyzer: Analyzer) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_directory_and_invalid_utf8(run: Run, tmp_path: Path, analyzer: Analyzer) -> None:
    code, _, err = run("analyze", "--file", str(tmp_path))
    assert code == 2 and "is a directory" in err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Did it work?\nThis \xff is not utf-8\n")
    code, _, err = run("analyze", "--file", str(bad))
    assert code == 2 and f"{bad}:2:6: not valid UTF-8" in err


def test_markup_and_escapes_are_shown_literally(run: Run, analyzer: Analyzer) -> None:
    text = "What do you make of [bold red]this[/] and [link=http://x]that[/link]? \x1b[31mred\x1b[0m"
    code, out, _ = run("analyze", text)
    assert code == 0
    assert "[bold red]this[/]" in out and "[link=http://x]that[/link]" in out
    assert "\x1b[31m" not in out  # the escape is neutralised, not sent to the terminal


def test_huge_single_word_is_refused_or_handled(run: Run, analyzer: Analyzer) -> None:
    code, _, err = run("analyze", "x" * 1_000_001)
    assert code == 2 and "limit" in err
    code, out, _ = run("analyze", "y" * 999_000, "--format", "json")
    assert code == 0 and json.loads(out)["moves"] == []


def test_rules_lists_and_explains(run: Run, analyzer: Analyzer) -> None:
    code, out, _ = run("rules")
    assert code == 0 and "Q003" in out and "TEN-001" in out
    code, out, _ = run("rules", "question.leading")
    assert code == 0 and "Have you tried exit tickets?" in out
    code, out, _ = run("rules", "TEN-002")
    assert code == 0 and "I wonder" in out
    code, _, err = run("rules", "questoin.open")
    assert code == 2 and "did you mean" in err


def test_every_rule_a_finding_names_can_be_explained(run: Run, analyzer: Analyzer) -> None:
    """A coach who sees 'A001:proposal' or 'Q001:wh' in a report can look it up with `rules`."""
    texts = ["Have you tried pairing them up? A visual timer would really help.", "what happened",
             "Why did you skip it? Next time, start with the objective.", "It sounds like you're tired.",
             "I hear you, but we have to.", "So you want more time?", "Tell me more."]
    rules = {m.rule for t in texts for m in analyzer.analyze(t, previous="I'm so tired of this.").moves}
    assert {"A001:proposal", "Q003:tried", "Q001:wh"} <= rules
    for rule in sorted(rules):
        code, out, err = run("rules", rule)
        assert code == 0 and rule.split(":")[0] in out, (rule, err)


@pytest.mark.skipif(not DEV.exists(), reason="annomi-dev data is beside the checkout in CI and here")
def test_eval_prints_agreement_figures(run: Run, tmp_path: Path, analyzer: Analyzer) -> None:
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(DEV.read_text(encoding="utf-8").splitlines(keepends=True)[:120]), encoding="utf-8")
    code, out, _ = run("eval", str(sample), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["n"] == 120
    assert data["metrics"]["question"]["f1"] > 0.7
    assert 0 < data["stance"]["agreement"] <= 1


def test_help_and_version_do_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "from convocoach.cli import main\n"
        "for argv in (['--help'], ['--version'], ['analyze', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "assert 'spacy' not in sys.modules, 'spacy was imported'\n"
        "assert 'convocoach.nlp.analyzer' not in sys.modules\n"
        "assert 'click' not in sys.modules, 'plain click was imported'  # typer carries its own\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_python_m_convocoach_version() -> None:
    proc = subprocess.run([sys.executable, "-m", "convocoach", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.startswith("convocoach ")


def test_json_lines_are_recognised_whatever_the_file_is_called(run: Run, tmp_path: Path, analyzer: Analyzer) -> None:
    src = tmp_path / "replies.txt"
    src.write_text('{"id": "q7", "text": "What have you tried so far?", "previous": "He never listens."}\n')
    code, out, _ = run("analyze", "--file", str(src), "--format", "jsonl")
    assert code == 0
    row = json.loads(out)
    assert row["id"] == "q7" and row["previous"] == "He never listens."
    assert row["moves"][0]["name"] == "question.open"


@pytest.mark.parametrize(
    "args,code,fragment",
    [
        (["bogus"], 2, "No such command 'bogus'"),
        (["analyze", "--format", "xml", "hi"], 2, "Invalid value for '--format'"),
        (["analyze", "--jobs", "0", "--file", "x.txt"], 2, "--jobs"),
    ],
)
def test_usage_errors_exit_2_with_clicks_message(run: Run, args: list[str], code: int, fragment: str) -> None:
    got, _, err = run(*args)
    assert got == code
    assert fragment in err
    assert "internal error" not in err and "Traceback" not in err


def test_no_arguments_shows_help(run: Run) -> None:
    code, out, err = run()
    assert code == 0
    assert "Usage" in out + err and "analyze" in out + err


def test_empty_file_says_so(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n   \n")
    code, _, err = run("analyze", "--file", str(empty))
    assert code == 2 and "no utterances" in err


def test_plain_click_exceptions_still_map_to_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    import click

    from convocoach.cli.common import handle_errors

    def raising(exc: BaseException) -> Callable[[], None]:
        def run() -> None:
            raise exc

        return run

    assert handle_errors(raising(click.exceptions.Exit(3))) == 3
    assert handle_errors(raising(click.UsageError("no such option"))) == 2
    assert handle_errors(raising(click.exceptions.Abort())) == 130
    err = capsys.readouterr().err
    assert "no such option" in err and "interrupted" in err and "internal error" not in err
