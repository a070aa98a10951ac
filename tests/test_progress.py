"""History and progress: session records in the data folder, trends per dimension and move, the next scenario."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convocoach.cli import app
from convocoach.cli.common import handle_errors
from convocoach.io.records import SessionRecord, save_record
from convocoach.model.moves import load_moves
from convocoach.nlp.analyzer import Analyzer
from convocoach.practice.library import find_scenario, load_library
from convocoach.practice.session import play_scripted
from convocoach.programme.progress import (
    SessionSummary,
    compute_progress,
    load_history,
    suggest_scenario,
)
from convocoach.reports.progress import render_progress_html, sparkline

DIMENSIONS = load_moves().dimensions
FIX = Path(__file__).parent / "fixtures" / "programme"
TINY = FIX / "scenarios" / "tiny-check-in.yml"
WEAK = ["You should give the early finishers a worksheet.", "Great job anyway!"]
STRONG = ["It sounds like you took a real risk today. What are you noticing as you think back on the stations?",
          "So the early finishers are on your mind. What might you try for them next time?"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = handle_errors(lambda: app(args=list(args), prog_name="convocoach", standalone_mode=False))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def records(analyzer: Analyzer) -> list[SessionRecord]:
    """Three sessions of the tiny scenario, from telling to coaching (played through the engine)."""
    loaded = find_scenario(str(TINY))
    out = []
    for i, replies in enumerate([WEAK, WEAK[:1] + STRONG[1:], STRONG]):
        session, _ = play_scripted(loaded, replies, lambda text, prev: analyzer.analyze(text, previous=prev),
                                   lexicon_hash=analyzer.lexicon_hash)
        session.record.started = f"2026-11-0{i + 1}T10:00:00Z"
        out.append(session.record)
    return out


def _save_all(home: Path, records: list[SessionRecord]) -> list[Path]:
    return [save_record(rec.model_copy(deep=True), home / "sessions" / f"s{i}.json") for i, rec in enumerate(records)]


def test_history_lists_sessions_oldest_first(home: Path, records: list[SessionRecord],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _save_all(home, list(reversed(records)))  # file order must not matter
    items = load_history()
    assert [s.started[:10] for s in items] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    assert items[0].outcome == "stalled" and items[-1].outcome == "breakthrough"
    first, last = items[0].overall, items[-1].overall
    assert first is not None and last is not None and last > first
    code, out, err = run(capsys, "history")
    assert code == 0, err
    assert "A quick check-in" in out and "breakthrough" in out and "3 session(s)" in out
    code, out, _ = run(capsys, "history", "--format", "json", "--limit", "2")
    data = json.loads(out)
    assert [s["outcome"] for s in data["sessions"]] == [(records[1].outcome.outcome if records[1].outcome else None), "breakthrough"]


def test_damaged_records_are_skipped_with_a_warning(home: Path, records: list[SessionRecord],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _save_all(home, records[:1])
    (home / "sessions" / "broken.json").write_text('{"kind": "convocoach.session", "schema', encoding="utf-8")
    (home / "sessions" / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    code, out, err = run(capsys, "history")
    assert code == 0
    assert "broken.json" in err and "not valid JSON" in err and "other.json" in err
    assert "1 session(s)" in out


def test_empty_history_and_progress(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history")
    assert code == 0 and "No sessions yet" in out
    code, out, _ = run(capsys, "progress")
    assert code == 0 and "No sessions with replies yet" in out


def test_progress_trends_and_suggestion(home: Path, records: list[SessionRecord],
                                        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _save_all(home, records)
    prog = compute_progress(load_history())
    assert prog.scored == 3 and prog.overall is not None
    assert prog.overall.direction == "up" and prog.overall.better is True
    assert [t.name for t in prog.dimensions] == list(DIMENSIONS)
    moves = {t.name: t for t in prog.moves}
    assert moves["advice"].direction == "down" and moves["advice"].better is True  # less advice is better
    assert prog.weakest in DIMENSIONS and prog.suggestion is not None
    assert prog.suggestion.dimension == prog.weakest
    code, out, err = run(capsys, "progress", "--html", str(tmp_path / "p.html"))
    assert code == 0, err
    assert "Progress over 3 session(s)" in out and "Next:" in out and "convocoach play" in out
    assert any(ch in out for ch in "▁▂▃▄▅▆▇█")
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "<script" not in html
    code, out, _ = run(capsys, "progress", "--format", "json")
    data = json.loads(out)
    assert data["scored_sessions"] == 3 and data["suggestion"]["scenario"] == prog.suggestion.scenario


def _summary(i: int, dims: dict[str, int], scenario: str = "x", outcome: str | None = "partial") -> SessionSummary:
    return SessionSummary(path=f"{i}.json", scenario=scenario, title=scenario, started=f"2026-01-0{i}", status="finished",
                          outcome=outcome, turns=4, overall=sum(dims.values()) // 5, dimensions=dims,
                          moves={"reflection": i})


def test_weakest_dimension_picks_a_scenario_that_trains_it() -> None:
    lib = load_library()[0]
    hist = [_summary(i, {"questioning": 80, "language": 70, "listening": 20, "stance": 75, "talk": 60})
            for i in range(1, 4)]
    prog = compute_progress(hist, lib)
    assert prog.weakest == "listening"
    sug = prog.suggestion
    assert sug is not None
    chosen = next(ls for ls in lib if ls.scenario.id == sug.scenario)
    goal_moves = {g.move_name() for g in chosen.scenario.goals}
    assert goal_moves & {"reflection", "affirmation", "self_focus", "yes_but"}, (sug, goal_moves)
    # Mastered scenarios give way to others that train the same dimension equally well.
    again = suggest_scenario("listening", lib, hist + [_summary(4, hist[0].dimensions, sug.scenario, "breakthrough")])
    assert again is not None


def test_suggestion_is_deterministic_and_handles_no_library() -> None:
    hist = [_summary(1, {d: 50 for d in DIMENSIONS})]
    lib = load_library()[0]
    assert compute_progress(hist, lib).suggestion == compute_progress(hist, list(reversed(lib))).suggestion
    assert suggest_scenario("talk", [], hist) is None


def test_sparkline_and_html_escaping() -> None:
    assert sparkline([0, 50, 100]) == "▁▄█"
    assert sparkline([]) == ""
    hist = [SessionSummary(path="a", scenario="<b>x</b>", title="<script>alert(1)</script>", started="2026",
                           status="finished", outcome=None, turns=1, overall=40, dimensions={d: 40 for d in DIMENSIONS},
                           moves={})]
    html = render_progress_html(compute_progress(hist, []), hist)
    assert "<script>" not in html and "&lt;script&gt;" in html
