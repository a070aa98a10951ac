"""Calibration: does the rubric's overall score separate strong from weak conversations (ROC AUC)?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..io import fileio
from ..model.errors import InputError

if TYPE_CHECKING:
    from ..scoring.rubric import Rubric


@dataclass(frozen=True)
class CalibrationRow:
    """One transcript's score and its human quality label."""

    id: str
    quality: str
    overall: int
    dimensions: dict[str, int]
    coach_turns: int


@dataclass(frozen=True)
class Calibration:
    """Scores per transcript and the ROC AUC of `overall` for high vs. low quality."""

    rows: list[CalibrationRow]
    auc: float
    n_high: int
    n_low: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "auc": round(self.auc, 4),
            "n_high": self.n_high,
            "n_low": self.n_low,
            "transcripts": [
                {"id": r.id, "quality": r.quality, "overall": r.overall, "dimensions": r.dimensions,
                 "coach_turns": r.coach_turns}
                for r in self.rows
            ],
        }


def calibrate(directory: Path, rubric: Rubric | None = None) -> Calibration:
    """Score every transcript in an AnnoMI-style folder and compute the AUC for high vs. low quality.

    The folder holds `annomi_transcripts.jsonl` (transcript_id, mi_quality) and
    `annomi_transcripts/<id>.txt` with `Coach: ...` / `Teacher: ...` lines.

    Raises:
        InputError: the folder or its files are missing or malformed.
    """
    from ..nlp.analyzer import Utterance, get_analyzer
    from ..scoring.rubric import load_rubric
    from ..scoring.score import score
    from ..transcripts import read_transcript

    rubric = rubric or load_rubric()
    index = directory / "annomi_transcripts.jsonl"
    if not index.is_file():
        raise InputError("no annomi_transcripts.jsonl in this folder", path=directory,
                         hint="point at the annomi-dev folder (it holds annomi_transcripts.jsonl)")

    labels: list[tuple[str, str]] = []
    for lineno, line in enumerate(fileio.read_text(index, 50_000_000, "an index of transcripts").splitlines(), 1):
        if not line.strip():
            continue
        rec = fileio.load_json(line, index, line=lineno, what="a JSONL line")
        if not isinstance(rec, dict) or "transcript_id" not in rec or "mi_quality" not in rec:
            raise InputError("expected a JSON object with transcript_id and mi_quality", path=index, line=lineno)
        labels.append((str(rec["transcript_id"]), str(rec["mi_quality"])))
    conversations = [(tid, quality, read_transcript(directory / "annomi_transcripts" / f"{tid}.txt").with_roles(()))
                     for tid, quality in labels]
    utterances = [Utterance(t.text, prev, f"{tid}-{t.index}")
                  for tid, _q, conv in conversations for t, prev in conv.coach_utterances()]
    analyses = iter(list(get_analyzer().analyze_many(utterances)))
    rows: list[CalibrationRow] = []
    for tid, quality, conv in conversations:
        result = score(conv.with_analyses(next(analyses) for _ in conv.coach_turns), rubric)
        rows.append(CalibrationRow(tid, quality, result.overall, result.dimensions, result.coach_turns))
    labelled = [r for r in rows if r.quality in ("high", "low")]
    auc = roc_auc([r.overall for r in labelled], [r.quality == "high" for r in labelled])
    return Calibration(rows, auc, sum(r.quality == "high" for r in rows), sum(r.quality == "low" for r in rows))


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """ROC AUC as the Mann-Whitney U statistic: P(score of a positive > score of a negative).

    Ties count one half. Raises ValueError when either class is empty.
    """
    if len(scores) != len(labels):
        raise ValueError("scores and labels differ in length")
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        raise ValueError("AUC needs at least one positive and one negative")
    # Rank-based U: O(n log n), average ranks for ties.
    ordered = sorted((s, i) for i, s in enumerate(scores))
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1][0] == ordered[i][0]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[ordered[k][1]] = avg
        i = j + 1
    r_pos = sum(r for r, y in zip(ranks, labels) if y)
    u = r_pos - len(pos) * (len(pos) + 1) / 2
    return u / (len(pos) * len(neg))
