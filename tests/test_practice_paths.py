"""One answer on every path: a reply played with `play`, played in an assignment and graded gets the
same analysis, the same debrief and the same score, down to the turn numbers feedback points at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from convocoach.cli.assignment_play import run_assignment_play
from convocoach.io.records import SessionRecord
from convocoach.programme.assignment import load_assignment
from convocoach.programme.grading import grade_submissions
from convocoach.programme.submission import load_submission

FIX = Path(__file__).parent / "fixtures" / "programme"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")


def _feedback(items: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(i["title"], i["turns"], i["message"]) for i in items]


@pytest.mark.parametrize("replies", ["replies-telling", "replies-skilled"])
def test_play_assignment_and_grade_name_the_same_turns(replies: str, run: Run, tmp_path: Path) -> None:
    assignment = load_assignment(FIX / "assignment.yml")
    out = tmp_path / "sub.json"
    assert run_assignment_play(FIX / "assignment.yml", participant="Pat", replies_dir=FIX / replies, output=out,
                               no_record=True) == 0
    submitted = {a.scenario: a.record for a in load_submission(out).attempts}
    book = grade_submissions([out], assignment)
    graded = {s.scenario: s.best for s in book.participants[0].scenarios}
    for item in assignment.scenarios:
        src = next(p for p in sorted((FIX / replies).iterdir()) if p.stem == item.id)
        code, stdout, err = run("play", str(item.loaded.path), "--replies", str(src), "--seed", str(item.seed),
                                "--format", "json", "--no-record")
        assert code == 0, err
        played = SessionRecord.model_validate(json.loads(stdout))
        stored = submitted[item.id]
        best = graded[item.id]
        assert played.score is not None and stored.score is not None and best is not None and best.score
        # the same replies, the same analyses and the same path
        assert [t.analysis for t in played.turns] == [t.analysis for t in stored.turns]
        assert [t.node for t in played.turns] == [t.node for t in stored.turns]
        # the same score and the same things to try, pointing at the same turns (the debrief's numbering)
        assert played.score.model_dump() == stored.score.model_dump()
        regraded = [f.to_dict() for f in best.score.to_try]
        assert _feedback([f.model_dump() for f in played.score.to_try]) == _feedback(regraded)
        assert best.score.overall == played.score.overall
        # the same debrief
        assert played.outcome is not None and stored.outcome is not None
        assert played.outcome.model_dump() == stored.outcome.model_dump()
        numbers = {t.index for t in played.turns}
        assert all(set(f.turns) <= numbers for f in played.score.to_try + played.score.strengths)
        if played.outcome.weakest_turn is not None:
            assert played.outcome.weakest_turn in numbers
