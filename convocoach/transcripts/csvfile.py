"""CSV transcripts: one row per line or cue, columns speaker,text[,start,end].

A header row is optional; when present its names choose the columns (speaker/name/role,
text/utterance/content, start, end, in any order). Times are seconds (12.5) or hh:mm:ss(.mmm).
Tab-separated files (.tsv, or a first line with tabs and no commas) work the same way.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..model.errors import InputError
from .base import Piece, Conversation, check_order, merge_pieces, parse_time, require_conversation

_NAMES = {
    "speaker": ("speaker", "name", "role", "who"),
    "text": ("text", "utterance", "content", "transcript", "message"),
    "start": ("start", "start_time", "begin", "start_seconds"),
    "end": ("end", "end_time", "stop", "end_seconds"),
}


def parse_csv(text: str, path: str | Path) -> Conversation:
    """Parse CSV text (see the module docstring)."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if (str(path).lower().endswith(".tsv") or ("\t" in first and "," not in first)) else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = {"speaker": 0, "text": 1, "start": 2, "end": 3}
    pieces: list[Piece] = []
    try:
        for row in reader:
            lineno = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            lowered = [c.strip().lower() for c in row]
            if not pieces and lineno == _first_row_line(text) and (
                set(lowered) & set(_NAMES["speaker"]) and set(lowered) & set(_NAMES["text"])
            ):
                columns = {
                    key: next((lowered.index(n) for n in names if n in lowered), -1)
                    for key, names in _NAMES.items()
                }
                continue
            if len(row) < 2 or columns["text"] >= len(row):
                raise InputError(
                    f"expected at least 2 columns (speaker,text), found {len(row)}",
                    path=path, line=lineno, hint="columns are speaker,text[,start,end]",
                )
            speaker = row[columns["speaker"]].strip()
            if not speaker:
                raise InputError("empty speaker", path=path, line=lineno, col=1)
            times: list[float | None] = []
            for key in ("start", "end"):
                idx = columns[key]
                cell = row[idx].strip() if 0 <= idx < len(row) else ""
                value = parse_time(cell) if cell else None
                if cell and value is None:
                    raise InputError(
                        f"malformed {key} time {cell!r}", path=path, line=lineno, col=idx + 1,
                        hint="use seconds (12.5) or hh:mm:ss(.mmm)",
                    )
                times.append(value)
            pieces.append(Piece(speaker, row[columns["text"]], times[0], times[1], lineno))
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", path=path, line=reader.line_num) from None
    check_order(pieces, path, "csv")
    turns = merge_pieces(pieces)
    require_conversation(turns, path, "CSV")
    return Conversation(source=str(path), format="csv", turns=turns)


def _first_row_line(text: str) -> int:
    for i, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            return i
    return 1
