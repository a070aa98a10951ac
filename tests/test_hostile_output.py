"""Hostile data on the way out: no terminal escape from user data reaches a terminal, HTML stays
well-formed whatever the text holds, and long unbroken strings wrap instead of widening the page.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convocoach.nlp.analyzer import Analyzer
from convocoach.reports.model import Report
from test_hostile_input import SCENARIO, cli, one_reply

PROGRAMME = Path(__file__).parent / "fixtures" / "programme"

#: What must never reach a terminal from user data: C0 controls other than tab and newline, DEL,
#: C1 controls (CSI is U+009B), and lone surrogates (which cannot even be encoded).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
HOSTILE = ["\x1b]0;PWNED\x07", "\x1b[2J\x1b[H", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "\x9b31m",
           "\x07", "\x08\x08\x08", "\x7f", "\ud800"]


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "home"


_NASTY = st.lists(st.one_of(st.sampled_from(HOSTILE), st.characters(codec=None, max_codepoint=0xFFFF),
                            st.text(max_size=5)), max_size=12).map("".join)


# --------------------------------------------------------------------------- the terminal


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_NASTY, stderr=st.booleans())
def test_nothing_printed_through_a_console_can_act_on_the_terminal(capsys: pytest.CaptureFixture[str], text: str, stderr: bool) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from convocoach.cli.common import make_console, print_error

    console = make_console(stderr=stderr)
    table = Table(title=Text(text))
    table.add_column(Text(text))
    table.add_row(Text(text))
    console.print(Text("name: ") + Text(text, style="cc.coach"))
    console.print(Panel(Text(text), title=Text(text)))
    console.print(table)
    console.rule(Text(text))
    print_error(f"{text}: file not found")
    out, err = capsys.readouterr()
    for stream in (out, err):
        assert not RAW.search(stream), repr(stream)
        stream.encode("utf-8")


def test_colours_survive_the_filter(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.text import Text

    from convocoach.cli.common import make_console

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")  # as on a real terminal
    console = make_console()
    console.print(Text("bold", style="cc.title") + Text(" \x1b[2J"))
    out = capsys.readouterr().out
    assert "\x1b[1m" in out and "\x1b[2J" not in out and "␛[2J" in out


def _hostile_report(analyzer: Analyzer) -> Report:
    from convocoach.model.conversation import Conversation, Turn
    from convocoach.review import prepare, review

    turns = (Turn(0, None, "Coach", "What \x1b]0;PWNED\x07 stands out \x1b[2J for you?"),
             Turn(1, None, "Teacher \x1b[31m", "Hmm \x9b31m ok."),
             Turn(2, None, "Coach", "You should try \x1b]8;;https://x.example/\x1b\\this\x1b]8;;\x1b\\."))
    return review(prepare(Conversation(source="call \x1b]0;t\x07.txt", format="text", turns=turns)), analyzer)


def test_every_review_renderer_keeps_escapes_from_the_terminal(capsys: pytest.CaptureFixture[str], analyzer: Analyzer) -> None:
    from convocoach.cli.common import make_console
    from convocoach.reports.markdown import render_markdown
    from convocoach.reports.terminal import print_reports, render_text

    report = _hostile_report(analyzer)
    print_reports(make_console(), [report])
    printed = capsys.readouterr().out
    for text in (printed, render_text([report]), render_markdown([report])):
        assert not RAW.search(text), repr(RAW.search(text))
    assert "U+001B" in printed or "␛" in printed  # shown, not hidden


def test_a_file_name_with_escapes_is_printed_safely(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    name = tmp_path / "call \x1b]0;PWNED\x07.txt"
    code, out, err = cli(capsysbinary, "review", str(name))
    assert code == 2 and "no such file or directory" in err
    assert not RAW.search(err) and "␛]0;PWNED" in err


def test_json_transcript_with_escapes_is_refused_without_printing_them(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    p = tmp_path / "t.json"
    p.write_text(json.dumps({"turns": [{"speaker": "Coach", "text": "What \x1b]0;PWNED\x07 now?"},
                                       {"speaker": "Teacher", "text": "ok"}]}), encoding="utf-8")
    code, out, err = cli(capsysbinary, "review", str(p))
    assert code == 2 and f"{p}:1:" in err and "control character U+001B" in err
    assert not RAW.search(out + err)


def test_resumed_record_with_escapes_is_refused(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    rec = tmp_path / "rec.json"
    rec.write_text(json.dumps({"schema_version": "1", "kind": "convocoach.session", "seed": 0,
                               "scenario": {"id": SCENARIO},
                               "turns": [{"reply": "Fine.", "teacher": "\x1b[2JHello"}]}, indent=1),
                   encoding="utf-8")
    code, out, err = cli(capsysbinary, "play", "--resume", str(rec), "--replies", str(one_reply(tmp_path)))
    assert code == 2 and f"{rec}:" in err and "control character U+001B" in err
    assert not RAW.search(out + err)


def test_scenario_strings_with_escapes_are_refused_with_their_line(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    from convocoach.practice.library import library_files

    src = next(p for p in library_files() if p.stem == SCENARIO).read_text(encoding="utf-8")
    title = next(line for line in src.splitlines() if line.startswith("title:"))
    p = tmp_path / "s.yml"
    p.write_text(src.replace(title, 'title: "\\e]0;PWNED\\a Practice"'), encoding="utf-8")
    code, out, err = cli(capsysbinary, "play", str(p), "--replies", str(one_reply(tmp_path)))
    line = src.splitlines().index(title) + 1
    assert code == 2 and f"{p}:{line}:" in err and "control character U+001B" in err
    assert not RAW.search(out + err)


def test_participant_names_with_escapes_become_an_invalid_row(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    sub = tmp_path / "subs" / "eve.json"
    sub.parent.mkdir()
    sub.write_text(json.dumps({"schema_version": "1", "kind": "convocoach.submission",
                               "assignment": {"id": "x"}, "participant": {"id": "eve", "name": "Eve\x1b]0;PWNED\x07"},
                               "attempts": []}, indent=1), encoding="utf-8")
    code, out, err = cli(capsysbinary, "grade", str(sub), "-a", str(PROGRAMME / "assignment.yml"))
    assert code == 2 and f"{sub}:" in err and "control character U+001B" in err
    assert not RAW.search(out + err)


def test_analyze_shows_escapes_from_the_command_line_as_markers(capsysbinary: pytest.CaptureFixture[bytes], analyzer: Analyzer) -> None:
    code, out, _ = cli(capsysbinary, "analyze", "What \x1b]0;PWNED\x07 stands out?")
    assert code == 0 and not RAW.search(out)


# --------------------------------------------------------------------------- HTML


class _Spans(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.min_depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self.depth -= 1
            self.min_depth = min(self.min_depth, self.depth)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["⟧", "⟦", "⟦U+202E⟧", "\u202e", "\u200b", "<span>", "</span>", "&", "a", " "]),
                max_size=20).map("".join))
def test_html_words_balance_their_spans_whatever_the_text(text: str) -> None:
    from convocoach.reports.common import visible
    from convocoach.reports.html import _words

    parser = _Spans()
    parser.feed(f"<div>{_words(text)}</div>")
    assert parser.depth == 0 and parser.min_depth == 0
    assert "".join(parser.text) == visible(text)


def test_a_literal_closing_bracket_in_a_transcript_adds_no_span(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], analyzer: Analyzer) -> None:
    p = tmp_path / "t.txt"
    p.write_text("Coach: What does ⟧ mean ⟦ here?\nTeacher: It is \u202ea mark⟧.\n", encoding="utf-8")
    out_html = tmp_path / "r.html"
    code, _, err = cli(capsysbinary, "review", str(p), "-o", str(out_html))
    assert code == 0, err
    html = out_html.read_text(encoding="utf-8")
    assert html.count("<span") == html.count("</span>")
    assert '<span class="ctl">⟦U+202E⟧</span>a mark⟧.' in html


@pytest.mark.parametrize(("module", "rule"), [("convocoach.reports.html", "overflow-wrap: break-word"),
                                              ("convocoach.reports.cohort", "overflow-wrap: break-word")])
def test_reports_wrap_long_unbroken_strings(module: str, rule: str) -> None:
    # The review page breaks only strings too long for their line, never ordinary words (the
    # chromium tests measure both); the transcript column may shrink below its longest word.
    import importlib

    css = importlib.import_module(module).CSS
    body = re.search(r"body \{[^}]*\}", css)
    # break-word everywhere: whole words wrap, only over-long strings break (the chromium tests in
    # tests/test_html_browser.py and tests/test_cohort.py measure both).
    assert body is not None and rule in body.group()
    if module.endswith("html"):
        assert "minmax(0, 1fr)" in css


def test_progress_page_wraps_long_unbroken_strings() -> None:
    from convocoach.programme.progress import Progress
    from convocoach.reports.progress import render_progress_html

    html = render_progress_html(Progress(0, 0, None, (), (), None, None, None), [])
    body = re.search(r"body\{[^}]*\}", html)
    assert body is not None and "overflow-wrap:break-word" in body.group()  # words wrap whole


def test_stdout_json_stays_json_with_hostile_text(capsysbinary: pytest.CaptureFixture[bytes], analyzer: Analyzer) -> None:
    code, out, _ = cli(capsysbinary, "analyze", "What \x1b[2J now?", "--format", "json")
    assert code == 0 and json.loads(out)["text"] == "What \x1b[2J now?" and "\x1b" not in out
