"""Agreement with human coders: precision, recall and F1 of the moves against AnnoMI-style labels.

Input lines look like ../shared/data/annomi-dev/annomi_utterances.jsonl:
{"id", "text", "previous", "question": open|closed|null, "reflection": simple|complex|null,
 "input": information|advice|negotiation|options|null}.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import InputError
from .findings import Analysis

CONSULTING_INPUTS = ("advice", "information", "options")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: bool, pred: bool) -> None:
        if gold and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
        elif gold:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "support": self.tp + self.fn, "predicted": self.tp + self.fp}


@dataclass
class EvalResult:
    n: int = 0
    metrics: dict[str, Counts] = field(default_factory=dict)
    stance_total: int = 0
    stance_agree: int = 0
    stance_confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def stance_accuracy(self) -> float:
        return self.stance_agree / self.stance_total if self.stance_total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "metrics": {k: v.to_dict() for k, v in self.metrics.items()},
            "stance": {"agreement": round(self.stance_accuracy, 3), "n": self.stance_total,
                       "confusion": self.stance_confusion},
        }


def question_type(analysis: Analysis) -> str | None:
    """One label per utterance: the type of its last question (the one the listener answers).

    A leading question is a closed question that carries advice, so it counts as closed here.
    """
    qs = [m for m in analysis.moves if m.name in ("question.open", "question.closed", "question.leading")]
    if not qs:
        return None
    last = max(qs, key=lambda m: m.start)
    return "open" if last.name == "question.open" else "closed"


def gold_stance(row: dict[str, Any]) -> str | None:
    if row.get("input") in CONSULTING_INPUTS:
        return "consulting"
    if row.get("input") is None and (row.get("question") == "open" or row.get("reflection")):
        return "coaching"
    return None


def read_gold(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Read labelled utterances; every bad line is an InputError naming file:line."""
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    with handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON: {exc.msg}", path=path, line=lineno, col=exc.colno) from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise InputError('expected an object with a "text" string', path=path, line=lineno)
            yield lineno, row


def evaluate(rows: Iterable[dict[str, Any]], analyses: Iterable[Analysis]) -> EvalResult:
    """Compare analyses with gold rows (same order)."""
    res = EvalResult()
    names = ["question", "question.open", "question.closed", "reflection", "advice"]
    res.metrics = {n: Counts() for n in names}
    for row, a in zip(rows, analyses):
        res.n += 1
        qtype = question_type(a)
        res.metrics["question"].add(row.get("question") is not None, qtype is not None)
        res.metrics["question.open"].add(row.get("question") == "open", qtype == "open")
        res.metrics["question.closed"].add(row.get("question") == "closed", qtype == "closed")
        res.metrics["reflection"].add(bool(row.get("reflection")), a.has("reflection"))
        res.metrics["advice"].add(row.get("input") == "advice", a.has("advice"))
        gold = gold_stance(row)
        if gold is not None:
            res.stance_total += 1
            pred = a.stance
            res.stance_confusion.setdefault(gold, {}).setdefault(pred, 0)
            res.stance_confusion[gold][pred] += 1
            if pred == gold:
                res.stance_agree += 1
    return res


def evaluate_file(path: Path, analyzer: Any) -> EvalResult:
    from .analyzer import Utterance

    rows = [row for _, row in read_gold(path)]
    analyses = analyzer.analyze_many(
        Utterance(r["text"], r.get("previous"), str(r.get("id"))) for r in rows
    )
    return evaluate(rows, analyses)
