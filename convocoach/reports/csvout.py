"""CSV output: one row per turn, with the file's overall score and the turn's moves.

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a CR) get a
leading apostrophe, as OWASP recommends for CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Sequence

from ..model.moves import load_moves
from .model import Report

COLUMNS = ["source", "index", "speaker", "role", "start", "end", "stance", "moves", "n_words", "overall", "text"]


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def render_csv(reports: Sequence[Report], context: int | None = None) -> str:
    """A CSV document: header, then one row per turn of every report; per-move count columns."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names_all = load_moves().names
    writer.writerow(COLUMNS + [f"n_{name}" for name in names_all])
    for r in reports:
        for t in r.turns:
            names = Counter(m.name for m in t.moves)
            writer.writerow(
                [_cell(v) for v in (r.source, t.index, t.speaker, t.role, t.start, t.end, t.stance or "",
                                    " ".join(m.name for m in t.moves), t.n_words, r.summary.overall, t.text)]
                + [names.get(name, 0) if t.role == "coach" else "" for name in names_all]
            )
    return buf.getvalue()
