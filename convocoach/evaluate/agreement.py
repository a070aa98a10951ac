"""Agreement with human coders: precision, recall and F1 of the moves against labelled replies.

Two label formats are read, told apart by their fields:

- **coaching** (../shared/data/coaching-dev/coaching_dev.jsonl): `{"id", "context", "previous",
  "text", "moves": [...], "disputed": [...], "stance"}`: every move of the vocabulary, coded by
  coaches. Scored per move (a move is skipped on a reply where it is `disputed`), with macro-F1,
  stance accuracy and the two errors a coach feels most: faults missed and false faults.
- **annomi** (../shared/data/annomi-dev/annomi_utterances.jsonl): `{"id", "transcript_id",
  "text", "previous", "question": open|closed|null, "reflection": simple|complex|null,
  "input": information|advice|negotiation|options|null}`: MITI-style codes on counselling talk.

`folds` splits the rows into k deterministic folds by group (an AnnoMI transcript, a coaching
situation), so that a rule change can be judged by whether it helps across folds, not on one.
"""

from __future__ import annotations

import hashlib
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..model.errors import InputError
from ..model.analysis import Analysis
from ..model.moves import load_moves

CONSULTING_INPUTS = ("advice", "information", "options")
#: Moves a coach most needs flagged: missing one of them is the misread that teaches the wrong lesson.
FAULTS = ("advice", "judgment", "question.why", "question.leading", "yes_but", "self_focus")
#: Moves with fewer gold items than this are listed but left out of macro-F1 (too few to measure).
MACRO_MIN_SUPPORT = 10
#: Rules of leading questions that propose an action (lexicons/leading.yml and the question detector).
SUGGESTION_RULES = frozenset(["LEA-003", "LEA-004", "LEA-005", "LEA-006", "LEA-007", "Q003:could", "Q003:suggest",
                              "Q003:advice", "Q003:better"])
ANNOMI_MEASURES = ("question", "question.open", "question.closed", "reflection", "advice")
ANNOMI_LABELS = {"question": "question present", "reflection": "reflection present"}


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

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "support": self.support, "predicted": self.tp + self.fp}


@dataclass(frozen=True)
class Misread:
    """One disagreement with the coders, for `eval --errors`."""

    measure: str
    kind: str  # "missed" (gold, not detected) or "extra" (detected, not gold)
    id: str
    text: str
    previous: str | None
    gold: tuple[str, ...]
    predicted: tuple[str, ...]


@dataclass
class Scores:
    """The agreement figures of one set of rows (the whole file, or one fold)."""

    kind: str
    n: int = 0
    metrics: dict[str, Counts] = field(default_factory=dict)
    stance_total: int = 0
    stance_agree: int = 0
    stance_confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    with_faults: int = 0
    faults_missed: int = 0
    without_faults: int = 0
    false_faults: int = 0
    misreads: list[Misread] = field(default_factory=list)
    #: The moves macro-F1 averages over; a fold uses the whole file's, so folds compare like with like.
    macro_over: tuple[str, ...] | None = None

    @property
    def stance_accuracy(self) -> float:
        return self.stance_agree / self.stance_total if self.stance_total else 0.0

    @property
    def macro_moves(self) -> list[str]:
        if self.macro_over is not None:
            return list(self.macro_over)
        return [m for m, c in self.metrics.items() if c.support >= MACRO_MIN_SUPPORT]

    @property
    def macro_f1(self) -> float:
        moves = self.macro_moves
        return sum(self.metrics[m].f1 for m in moves) / len(moves) if moves else 0.0

    @property
    def faults_missed_rate(self) -> float:
        return self.faults_missed / self.with_faults if self.with_faults else 0.0

    @property
    def false_faults_rate(self) -> float:
        return self.false_faults / self.without_faults if self.without_faults else 0.0

    def headline(self) -> dict[str, float]:
        """The measures reported per fold: the figures a rule change is judged by."""
        if self.kind == "annomi":
            out = {m: self.metrics[m].f1 for m in ANNOMI_MEASURES}
            out["stance"] = self.stance_accuracy
            return out
        out = {"macro_f1": self.macro_f1, "stance": self.stance_accuracy,
               "faults_missed": self.faults_missed_rate, "false_faults": self.false_faults_rate}
        out.update({m: c.f1 for m, c in self.metrics.items()})
        return out

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "n": self.n,
            "metrics": {k: v.to_dict() for k, v in self.metrics.items()},
            "stance": {"agreement": round(self.stance_accuracy, 3), "n": self.stance_total,
                       "confusion": self.stance_confusion},
        }
        if self.kind == "coaching":
            data["macro_f1"] = round(self.macro_f1, 3)
            data["macro_moves"] = self.macro_moves
            data["faults"] = {
                "moves": list(FAULTS),
                "missed": round(self.faults_missed_rate, 3), "n_missed": self.faults_missed,
                "n_with_faults": self.with_faults,
                "false": round(self.false_faults_rate, 3), "n_false": self.false_faults,
                "n_without_faults": self.without_faults,
            }
        return data


@dataclass(frozen=True)
class FoldSpread:
    """One measure across folds."""

    values: tuple[float, ...]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.values) if self.values else 0.0

    @property
    def worst_gap(self) -> float:
        """How far the worst fold falls from the mean (the figure a fitted rule shows up in)."""
        return max((abs(v - self.mean) for v in self.values), default=0.0)

    @property
    def stdev(self) -> float:
        return statistics.pstdev(self.values) if len(self.values) > 1 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"per_fold": [round(v, 3) for v in self.values], "mean": round(self.mean, 3),
                "min": round(min(self.values, default=0.0), 3), "max": round(max(self.values, default=0.0), 3),
                "stdev": round(self.stdev, 3), "worst_gap": round(self.worst_gap, 3)}


@dataclass
class EvalResult:
    """Agreement on a whole file, and per fold when folds were asked for."""

    overall: Scores
    fold_by: str = ""
    folds: list[Scores] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.overall.kind

    @property
    def n(self) -> int:
        return self.overall.n

    def spreads(self) -> dict[str, FoldSpread]:
        if not self.folds:
            return {}
        names = list(self.overall.headline())
        per = [f.headline() for f in self.folds]
        return {name: FoldSpread(tuple(p[name] for p in per)) for name in names}

    def to_dict(self) -> dict[str, Any]:
        data = {"schema_version": "1.0", **self.overall.to_dict()}
        if self.folds:
            data["folds"] = {"k": len(self.folds), "by": self.fold_by, "sizes": [f.n for f in self.folds],
                             "measures": {k: v.to_dict() for k, v in self.spreads().items()}}
        return data


# --- reading ---------------------------------------------------------------------------------------

def read_gold(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Read labelled utterances (a regular file, any of the encodings `fileio` reads); every bad line
    is an InputError naming file:line."""
    from ..io.utterances import MAX_LINE_BYTES
    from ..io.fileio import iter_lines, load_json, open_regular

    with open_regular(path) as handle:
        for lineno, line in iter_lines(handle, str(path), MAX_LINE_BYTES, what="a file of labelled replies"):
            if isinstance(line, InputError):
                raise line
            if not line.strip():
                continue
            row = load_json(line, path, line=lineno, what="a labelled reply")
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise InputError('expected an object with a "text" string', path=path, line=lineno)
            yield lineno, row


def detect_kind(rows: Sequence[tuple[int, dict[str, Any]]], path: Path) -> str:
    """'coaching' when rows carry a `moves` list, 'annomi' when they carry MITI codes."""
    kinds = set()
    for lineno, row in rows:
        if isinstance(row.get("moves"), list):
            kind = "coaching"
            unknown = [m for m in row["moves"] + list(row.get("disputed") or []) if m not in load_moves()]
            if unknown:
                raise InputError(f"unknown move {unknown[0]!r}", path=path, line=lineno,
                                 hint="moves are named as in `convocoach explain`, e.g. question.open")
        elif any(k in row for k in ("question", "reflection", "input")):
            kind = "annomi"
        else:
            raise InputError('a labelled row needs "moves" (coaching format) or "question"/"reflection"/"input" '
                             "(AnnoMI format)", path=path, line=lineno)
        kinds.add(kind)
        if len(kinds) > 1:
            raise InputError("rows of both label formats in one file", path=path, line=lineno,
                             hint="keep coaching-style and AnnoMI-style rows in separate files")
    if not kinds:
        raise InputError("no labelled rows in the file", path=path)
    return kinds.pop()


def group_of(kind: str, row: dict[str, Any]) -> str:
    """The unit that must not be split across folds: a transcript, or a coaching situation."""
    if kind == "annomi":
        return str(row.get("transcript_id", row.get("id")))
    return str(row.get("context") or row.get("situation") or row.get("id"))


def assign_folds(groups: Sequence[str], k: int) -> dict[str, int]:
    """Deterministic, size-balanced folds of whole groups: the largest groups first (ties by a
    hash of the name, so the order of the file does not matter), each to the smallest fold."""
    sizes: dict[str, int] = {}
    for g in groups:
        sizes[g] = sizes.get(g, 0) + 1
    order = sorted(sizes, key=lambda g: (-sizes[g], hashlib.sha1(g.encode("utf-8")).hexdigest()))
    load = [0] * k
    out: dict[str, int] = {}
    for g in order:
        fold = min(range(k), key=lambda i: (load[i], i))
        out[g] = fold
        load[fold] += sizes[g]
    return out


# --- scoring ---------------------------------------------------------------------------------------

def question_type(analysis: Analysis) -> str | None:
    """One label per utterance: the type of its last question (the one the listener answers).

    A leading question is a closed question that carries advice, so it counts as closed here. MITI
    codes a question by its form, independently of reflection: a reflection said with a rising
    voice ("Friends?" after "My friends didn't..."), which the coaching vocabulary calls a
    reflection only, is also a closed question in MITI's terms.
    """
    qs = [m for m in analysis.moves if m.name in ("question.open", "question.closed", "question.leading")
          or (m.name == "reflection" and m.rule == "R001:rising")]
    if not qs:
        return None
    last = max(qs, key=lambda m: m.start)
    return "open" if last.name == "question.open" else "closed"


def gold_stance(row: dict[str, Any]) -> str | None:
    """AnnoMI has no stance code: consulting = advice/information/options; coaching = an open
    question or a reflection without input; anything else has no gold stance."""
    if row.get("input") in CONSULTING_INPUTS:
        return "consulting"
    if row.get("input") is None and (row.get("question") == "open" or row.get("reflection")):
        return "coaching"
    return None


def _add_stance(scores: Scores, gold: str | None, pred: str) -> None:
    if gold is None:
        return
    scores.stance_total += 1
    scores.stance_confusion.setdefault(gold, {}).setdefault(pred, 0)
    scores.stance_confusion[gold][pred] += 1
    if pred == gold:
        scores.stance_agree += 1


def _misread(measure: str, gold: bool, pred: bool, row: dict[str, Any], g: Iterable[str],
             p: Iterable[str]) -> Misread | None:
    if gold == pred:
        return None
    return Misread(measure, "missed" if gold else "extra", str(row.get("id")), row["text"], row.get("previous"),
                   tuple(sorted(g)), tuple(sorted(p)))


def score_annomi(pairs: Iterable[tuple[dict[str, Any], Analysis]]) -> Scores:
    """MITI codes against moves. MITI's Persuade (AnnoMI `advice`) includes a suggestion put as a
    question ("Why don't you...?", "What if you tried...?"); the coaching vocabulary calls that
    `question.leading` and never also `advice`, so a leading question of a suggesting form counts
    as advice here (a leading "Have you tried...?" or "Don't you think...?" asks about the past or
    an opinion, and MITI codes it as a closed question)."""
    res = Scores(kind="annomi", metrics={n: Counts() for n in ANNOMI_MEASURES})
    for row, a in pairs:
        res.n += 1
        qtype = question_type(a)
        gq = row.get("question")
        gold = {"question": gq is not None, "question.open": gq == "open", "question.closed": gq == "closed",
                "reflection": bool(row.get("reflection")), "advice": row.get("input") == "advice"}
        pred = {"question": qtype is not None, "question.open": qtype == "open", "question.closed": qtype == "closed",
                "reflection": a.has("reflection"),
                "advice": a.has("advice") or any(m.name == "question.leading" and m.rule in SUGGESTION_RULES
                                                 for m in a.moves)}
        g_names = [k for k, v in gold.items() if v]
        p_names = [k for k, v in pred.items() if v]
        for name in ANNOMI_MEASURES:
            res.metrics[name].add(gold[name], pred[name])
            miss = _misread(name, gold[name], pred[name], row, g_names, p_names)
            if miss is not None:
                res.misreads.append(miss)
        _add_stance(res, gold_stance(row), a.stance)
    return res


def score_coaching(pairs: Iterable[tuple[dict[str, Any], Analysis]]) -> Scores:
    res = Scores(kind="coaching", metrics={n: Counts() for n in load_moves().names})
    for row, a in pairs:
        res.n += 1
        gold = set(row.get("moves") or [])
        disputed = set(row.get("disputed") or [])
        pred = {m.name for m in a.moves}
        for name in load_moves().names:
            if name in disputed:
                continue
            res.metrics[name].add(name in gold, name in pred)
            miss = _misread(name, name in gold, name in pred, row, gold, pred)
            if miss is not None:
                res.misreads.append(miss)
        gold_faults = gold & set(FAULTS)
        pred_faults = pred & set(FAULTS)
        if gold_faults:
            res.with_faults += 1
            if not pred_faults:
                res.faults_missed += 1
                res.misreads.append(Misread("faults_missed", "missed", str(row.get("id")), row["text"],
                                            row.get("previous"), tuple(sorted(gold)), tuple(sorted(pred))))
        elif not disputed & set(FAULTS):
            res.without_faults += 1
            if pred_faults:
                res.false_faults += 1
                res.misreads.append(Misread("false_faults", "extra", str(row.get("id")), row["text"],
                                            row.get("previous"), tuple(sorted(gold)), tuple(sorted(pred))))
        stance = row.get("stance")
        _add_stance(res, stance if isinstance(stance, str) else None, a.stance)
    return res


SCORERS: dict[str, Callable[[Iterable[tuple[dict[str, Any], Analysis]]], Scores]] = {
    "annomi": score_annomi, "coaching": score_coaching}


def evaluate(kind: str, rows: Sequence[dict[str, Any]], analyses: Sequence[Analysis], folds: int = 0) -> EvalResult:
    """Compare analyses with gold rows (same order); with `folds` >= 2, also per fold."""
    scorer = SCORERS[kind]
    result = EvalResult(overall=scorer(zip(rows, analyses)))
    if folds >= 2:
        groups = [group_of(kind, r) for r in rows]
        fold_of = assign_folds(groups, folds)
        result.fold_by = "transcript" if kind == "annomi" else "situation"
        result.folds = [
            scorer((r, a) for r, a, g in zip(rows, analyses, groups) if fold_of[g] == k) for k in range(folds)
        ]
        for fold in result.folds:
            fold.macro_over = tuple(result.overall.macro_moves)
    return result


def evaluate_file(path: Path, analyzer: Any, folds: int = 0) -> EvalResult:
    """Read a labelled file (either format), analyse every reply and score the agreement.

    Raises:
        InputError: the file is unreadable, a line is not JSON, or its rows carry neither format.
    """
    from ..nlp.analyzer import Utterance

    numbered = list(read_gold(path))
    kind = detect_kind(numbered, path)
    rows = [row for _, row in numbered]
    analyses = list(analyzer.analyze_many(
        Utterance(r["text"], r.get("previous") if isinstance(r.get("previous"), str) else None, str(r.get("id")))
        for r in rows))
    return evaluate(kind, rows, analyses, folds=folds)
