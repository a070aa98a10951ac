"""Gradebook outputs: a CSV with one row per participant (formula-injection guarded) and a JSON document.

CSV columns: participant_id, participant, status (pass | fail | flagged | invalid), passed,
flagged, scenarios_passed, scenarios_total, overall, one column per rubric dimension, then per
scenario `<id> passed`, `<id> outcome`, `<id> overall`, `<id> attempts`, and finally flags,
reasons and source. Files that could not be graded get a row with status `invalid`.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from ..model.moves import load_moves

if TYPE_CHECKING:
    from rich.console import Console

    from ..programme.grading import Gradebook

GRADEBOOK_SCHEMA_VERSION = "1"


def cell(value: object) -> str:
    """A CSV cell; text a spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    if text and text[0] in "=+-@\t\r" and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def gradebook_columns(book: Gradebook) -> list[str]:
    cols = ["participant_id", "participant", "status", "passed", "flagged", "scenarios_passed",
            "scenarios_total", "overall", *load_moves().dimensions]
    for s in book.assignment.scenarios:
        cols += [f"{s.id} passed", f"{s.id} outcome", f"{s.id} overall", f"{s.id} attempts"]
    return cols + ["flags", "reasons", "source"]


def render_gradebook_csv(book: Gradebook) -> str:
    """The gradebook as CSV text (one row per participant, then one per invalid file)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = gradebook_columns(book)
    writer.writerow(cols)
    for p in book.participants:
        dims = p.dimensions
        row: list[object] = [p.participant_id, p.name, p.status, p.passed, p.flagged,
                             sum(1 for s in p.scenarios if s.passed), len(p.scenarios), p.overall,
                             *(dims.get(d) for d in load_moves().dimensions)]
        reasons: list[str] = []
        for s in p.scenarios:
            row += [s.passed, s.best.outcome if s.best else None, s.best.overall if s.best else None,
                    f"{s.finished}/{s.required}"]
            reasons += [f"{s.scenario}: {r}" for r in s.reasons]
        flags = [f.message if f.scenario is None else f"{f.scenario}#{f.attempt}: {f.message}"
                 for f in p.all_flags if f.severity == "integrity"]
        row += ["; ".join(flags), "; ".join(reasons), p.source]
        writer.writerow([cell(v) for v in row])
    for prob in book.problems:
        row = [prob.participant_id, None, "invalid", False, False, None, len(book.assignment.scenarios), None]
        row += [None] * (len(cols) - len(row) - 3)
        row += ["", prob.message.replace("\n", " "), prob.source]
        writer.writerow([cell(v) for v in row])
    return buf.getvalue()


def gradebook_dict(book: Gradebook) -> dict[str, Any]:
    """The whole gradebook as JSON-able data (deterministic: no timestamps)."""
    n = len(book.participants)
    return {
        "schema_version": GRADEBOOK_SCHEMA_VERSION,
        "kind": "convocoach.gradebook",
        "assignment": book.assignment.describe(),
        "convocoach_version": book.convocoach_version,
        "lexicon_hash": book.lexicon_hash,
        "summary": {
            "participants": n,
            "passed": sum(1 for p in book.participants if p.passed),
            "failed": sum(1 for p in book.participants if p.status == "fail"),
            "flagged": sum(1 for p in book.participants if p.flagged),
            "invalid_files": len(book.problems),
        },
        "participants": [p.to_dict() for p in book.participants],
        "invalid": [prob.to_dict() for prob in book.problems],
    }


def render_gradebook_json(book: Gradebook) -> str:
    return json.dumps(gradebook_dict(book), ensure_ascii=False, indent=2) + "\n"


def print_gradebook(console: Console, book: Gradebook) -> None:
    """The gradebook as a terminal table, then why each participant who did not pass did not."""
    from rich.table import Table
    from rich.text import Text

    a = book.assignment
    table = Table(title=Text(f"{a.title} ({a.id})"), title_justify="left", expand=True)
    table.add_column("participant", ratio=2)
    table.add_column("status", no_wrap=True)
    for s in a.scenarios:
        table.add_column(Text(s.id), ratio=1, overflow="fold")
    table.add_column("overall", justify="right", no_wrap=True)
    table.add_column("flags", justify="right", no_wrap=True)
    styles = {"pass": "cc.good", "fail": "cc.bad", "flagged": "cc.warning"}
    for p in book.participants:
        cells: list[Any] = [Text(p.name) + Text(f"\n{p.participant_id}", style="cc.dim"),
                            Text(p.status, style=styles.get(p.status, ""))]
        for sgrade in p.scenarios:
            mark = Text("✓ ", style="cc.good") if sgrade.passed else Text("✗ ", style="cc.bad")
            outcome = (sgrade.best.outcome if sgrade.best and sgrade.best.outcome
                       else ("unfinished" if sgrade.best else "missing"))
            score = f" {sgrade.best.overall}" if sgrade.best and sgrade.best.overall is not None else ""
            cells.append(mark + Text(outcome + score))
        n_flags = sum(1 for f in p.all_flags if f.severity == "integrity")
        cells += [Text("" if p.overall is None else f"{p.overall:g}"),
                  Text(str(n_flags) if n_flags else "", style="cc.warning")]
        table.add_row(*cells)
    console.print(table)
    for p in book.participants:
        if p.passed:
            continue
        console.print(Text(p.name, style="cc.title") + Text(f" ({p.status})", style=styles.get(p.status, "")))
        for sgrade in p.scenarios:
            for r in sgrade.reasons:
                console.print(Text(f"  {sgrade.scenario}: ") + Text(r, style="cc.dim"))
        for f in p.all_flags:
            if f.severity == "integrity":
                where = f"{f.scenario} #{f.attempt}: " if f.scenario else ""
                console.print(Text("  flag ", style="cc.warning") + Text(where + f.message))
    n = len(book.participants)
    passed = sum(1 for p in book.participants if p.passed)
    console.print(Text(f"{passed} of {n} participant(s) passed", style="cc.dim")
                  + (Text(f"; {len(book.problems)} file(s) could not be graded", style="cc.error")
                     if book.problems else Text("")))
