"""`convocoach eval`: both label formats, disputed moves, fault rates and folds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convocoach.model.errors import InputError
from convocoach.evaluate.agreement import assign_folds, detect_kind, evaluate, evaluate_file
from convocoach.model.analysis import Analysis, Move
from convocoach.nlp.analyzer import Analyzer
from conftest import Run


def _analysis(*names: str, stance: str = "coaching") -> Analysis:
    return Analysis(text="x", moves=tuple(Move(n, 0, 1, "x", "T", "") for n in names), stance=stance)


def _row(i: int, moves: list[str], disputed: list[str] | None = None, stance: str | None = "coaching",
         context: str = "a") -> dict[str, object]:
    return {"id": f"r{i}", "context": context, "text": "x", "previous": None, "moves": moves,
            "disputed": disputed or [], "stance": stance}


def test_coaching_scores_skip_disputed_moves_and_count_faults() -> None:
    rows = [
        _row(1, ["advice"]),                       # fault, caught
        _row(2, ["judgment"]),                     # fault, missed
        _row(3, ["reflection"]),                   # no fault, advice flagged: a false fault
        _row(4, ["question.open"], disputed=["tentative"]),  # tentative predicted but disputed: not scored
        _row(5, [], stance=None),                  # no agreed stance: not in stance accuracy
    ]
    analyses = [_analysis("advice", stance="consulting"), _analysis("reflection"),
                _analysis("reflection", "advice"), _analysis("question.open", "tentative"), _analysis()]
    s = evaluate("coaching", rows, analyses).overall
    assert s.metrics["advice"].tp == 1 and s.metrics["advice"].fp == 1
    assert s.metrics["judgment"].fn == 1
    assert s.metrics["tentative"].fp == 0 and s.metrics["tentative"].tp == 0
    assert (s.with_faults, s.faults_missed, s.without_faults, s.false_faults) == (2, 1, 3, 1)
    assert s.stance_total == 4 and s.stance_agree == 3  # r1 read as consulting against a coaching gold
    assert {m.id for m in s.misreads if m.measure == "faults_missed"} == {"r2"}


def test_macro_f1_averages_only_moves_with_enough_gold_items() -> None:
    rows = [_row(i, ["question.open"]) for i in range(10)] + [_row(10, ["advice"])]
    analyses = [_analysis("question.open") for _ in range(10)] + [_analysis()]
    s = evaluate("coaching", rows, analyses).overall
    assert s.macro_moves == ["question.open"] and s.macro_f1 == 1.0


def test_folds_keep_groups_whole_are_balanced_and_do_not_depend_on_row_order() -> None:
    groups = [f"g{i % 7}" for i in range(70)] + ["big"] * 20
    folds = assign_folds(groups, 5)
    assert set(folds) == set(groups) and set(folds.values()) == set(range(5))
    assert folds == assign_folds(list(reversed(groups)), 5)
    sizes = [sum(1 for g in groups if folds[g] == k) for k in range(5)]
    assert max(sizes) - min(sizes) <= 20


def test_fold_macro_f1_uses_the_whole_files_moves() -> None:
    rows = [_row(i, ["question.open"], context=f"c{i % 2}") for i in range(20)] + [_row(20, ["advice"], context="c0")]
    analyses = [_analysis("question.open") for _ in range(20)] + [_analysis("advice")]
    res = evaluate("coaching", rows, analyses, folds=2)
    assert all(f.macro_moves == ["question.open"] for f in res.folds)
    assert res.to_dict()["folds"]["measures"]["macro_f1"]["per_fold"] == [1.0, 1.0]


def test_detect_kind_reads_either_format_and_refuses_a_mix(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    assert detect_kind([(1, {"text": "a", "moves": ["advice"]})], p) == "coaching"
    assert detect_kind([(1, {"text": "a", "question": None, "reflection": "simple"})], p) == "annomi"
    with pytest.raises(InputError, match="both label formats") as exc:
        detect_kind([(1, {"text": "a", "moves": []}), (2, {"text": "b", "question": "open"})], p)
    assert exc.value.line == 2
    with pytest.raises(InputError, match="unknown move 'advise'"):
        detect_kind([(3, {"text": "a", "moves": ["advise"]})], p)


def test_eval_cli_reads_coaching_labels_with_folds(run: Run, tmp_path: Path) -> None:
    rows = [
        {"id": "a", "context": "s1", "previous": "They never finish.", "text": "You should use a timer.",
         "moves": ["advice"], "disputed": [], "stance": "consulting"},
        {"id": "b", "context": "s2", "previous": "It went badly.", "text": "What did you notice?",
         "moves": ["question.open"], "disputed": [], "stance": "coaching"},
        {"id": "c", "context": "s3", "previous": "I tried.", "text": "Great job!",
         "moves": ["judgment"], "disputed": [], "stance": "evaluating"},
    ]
    f = tmp_path / "labels.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, _ = run("eval", str(f), "--format", "json", "--folds", "3")
    assert code == 0, out
    data = json.loads(out)
    assert data["kind"] == "coaching" and data["n"] == 3
    assert data["metrics"]["advice"]["f1"] == 1.0
    assert data["faults"]["n_with_faults"] == 2 and data["faults"]["missed"] == 0.0
    assert data["folds"]["k"] == 3 and sorted(data["folds"]["sizes"]) == [1, 1, 1]
    code, out, _ = run("eval", str(f), "--errors", "advice")
    assert code == 0 and "faults missed: 0.0%" in out and "0 misread(s) of advice" in out


def test_eval_cli_names_the_line_of_a_bad_row(run: Run, tmp_path: Path) -> None:
    f = tmp_path / "labels.jsonl"
    f.write_text('{"text": "a", "moves": []}\n{"text": "b"}\n', encoding="utf-8")
    code, _, err = run("eval", str(f))
    assert code == 2 and "labels.jsonl:2" in err


def test_evaluate_file_reads_the_coaching_dev_format(analyzer: Analyzer, tmp_path: Path) -> None:
    f = tmp_path / "labels.jsonl"
    f.write_text(json.dumps({"id": "x", "context": "c", "previous": "Nothing works.", "text": "Have you tried a timer?",
                             "moves": ["question.leading"], "disputed": [], "stance": "consulting"}) + "\n",
                 encoding="utf-8")
    res = evaluate_file(f, analyzer, folds=0)
    assert res.kind == "coaching" and res.overall.metrics["question.leading"].tp == 1


def test_eval_refuses_a_fifo_and_deep_json_with_a_message(run: Run, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "labels.fifo"
    os.mkfifo(fifo)
    code, _, err = run("eval", str(fifo))
    assert code == 2 and "not a regular file" in err
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"text": "a", "moves": ' + "[" * 200 + "]" * 200 + "}\n", encoding="utf-8")
    code, _, err = run("eval", str(deep))
    assert code == 2 and "deep.jsonl:1" in err and "nested" in err
