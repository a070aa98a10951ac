"""Agreement with human coders stays where it is: per data set, floors a little under today's figures.

The figures themselves are reported by `convocoach eval` (README, "Agreement with human coders").
A change that lifts one set and drops another below its floor fits one set: these tests say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from convocoach.evaluate.agreement import evaluate_file
from convocoach.nlp.analyzer import Analyzer

HERE = Path(__file__).parent
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
COACHING_DEV = SHARED / "coaching-dev" / "coaching_dev.jsonl"
ANNOMI_DEV = SHARED / "annomi-dev" / "annomi_utterances.jsonl"

# (file, macro-F1, stance accuracy, faults missed at most, false faults at most)
COACHING_FLOORS = [
    (HERE / "fixtures" / "eval" / "coaching-written-a.jsonl", 0.88, 0.86, 0.07, 0.04),
    (HERE / "fixtures" / "eval" / "coaching-written-b.jsonl", 0.89, 0.88, 0.07, 0.03),
    (HERE / "fixtures" / "eval" / "coaching-written-c.jsonl", 0.85, 0.85, 0.14, 0.05),
]


@pytest.mark.parametrize("path,macro,stance,missed,false", COACHING_FLOORS, ids=lambda v: getattr(v, "name", ""))
def test_written_coaching_sets_keep_their_agreement(analyzer: Analyzer, path: Path, macro: float, stance: float, missed: float,
                                                     false: float) -> None:
    s = evaluate_file(path, analyzer).overall
    assert s.macro_f1 >= macro, f"{path.name}: macro-F1 {s.macro_f1:.3f} < {macro}"
    assert s.stance_accuracy >= stance, f"{path.name}: stance {s.stance_accuracy:.3f} < {stance}"
    assert s.faults_missed_rate <= missed, f"{path.name}: faults missed {s.faults_missed_rate:.3f} > {missed}"
    assert s.false_faults_rate <= false, f"{path.name}: false faults {s.false_faults_rate:.3f} > {false}"


@pytest.mark.skipif(not COACHING_DEV.exists(), reason="../shared/data is beside the checkout here and in CI")
def test_coaching_dev_meets_the_targets_of_issue_10_on_every_fold(analyzer: Analyzer) -> None:
    res = evaluate_file(COACHING_DEV, analyzer, folds=5)
    s = res.overall
    assert s.macro_f1 >= 0.85 and s.stance_accuracy >= 0.85
    assert s.faults_missed_rate <= 0.10 and s.false_faults_rate <= 0.05
    assert res.spreads()["macro_f1"].worst_gap <= 0.06


@pytest.mark.skipif(not ANNOMI_DEV.exists(), reason="../shared/data is beside the checkout here and in CI")
def test_annomi_dev_keeps_its_agreement(analyzer: Analyzer) -> None:
    s = evaluate_file(ANNOMI_DEV, analyzer).overall
    floors = {"question": 0.91, "question.open": 0.82, "question.closed": 0.70, "reflection": 0.68, "advice": 0.46}
    for name, floor in floors.items():
        assert s.metrics[name].f1 >= floor, f"AnnoMI {name}: F1 {s.metrics[name].f1:.3f} < {floor}"
