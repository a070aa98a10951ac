"""Gradebook outputs: a CSV for spreadsheets (one row per participant, formula-injection and
date guarded, UTF-8 with a BOM by default), exports for the Canvas and Moodle gradebook importers,
and a JSON document.

CSV columns (the README has the legend): assignment_id, assignment_hash, rubric, rubric_hash,
convocoach_version, participant_id, participant, status (pass | fail | flagged | invalid),
scenarios_passed, scenarios_total, unfinished_attempts, "overall (0-100)", one "<dimension> (0-100)"
per rubric dimension, then per scenario "<id> passed (yes/no)", "<id> outcome", "<id> overall
(0-100)", "<id> attempts finished", "<id> attempts required", and finally flags, reasons and
source. No cell is a date or a fraction a spreadsheet could read as one; files that could not be
graded get a row with status `invalid`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any, Literal

from ..model.moves import load_moves

if TYPE_CHECKING:
    from rich.console import Console

    from ..programme.grading import Gradebook

GRADEBOOK_SCHEMA_VERSION = "2"
BOM = "\ufeff"
Lms = Literal["canvas", "moodle"]
#: Text a spreadsheet would turn into a date, a time or a fraction: 1/1, 2026-12-01, 3-4, 1.2.2026, 12:30
#: (a version such as 0.1.0 is left alone).
_DATE_LIKE = re.compile(r"^\s*(\d{1,4}\s*[-/]\s*\d{1,2}(\s*[-/]\s*\d{1,4})?|\d{1,2}\.\d{1,2}\.\d{4}"
                        r"|\d{1,2}:\d{2}(:\d{2})?)\s*$")


def cell(value: object) -> str:
    """A CSV cell. Text a spreadsheet would run as a formula (= + - @ tab CR) or read as a date
    (1/1, 2026-12-01) gets a leading apostrophe, so it stays the text it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    if isinstance(value, (int, float)):
        return text
    if text and text[0] in "=+-@\t\r" and not _is_number(text):
        return "'" + text
    if _DATE_LIKE.match(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


SCALE = "(0-100)"


def gradebook_columns(book: Gradebook) -> list[str]:
    cols = ["assignment_id", "assignment_hash", "rubric", "rubric_hash", "convocoach_version",
            "participant_id", "participant", "status", "scenarios_passed", "scenarios_total",
            "unfinished_attempts", f"overall {SCALE}", *(f"{d} {SCALE}" for d in load_moves().dimensions)]
    for s in book.assignment.scenarios:
        cols += [f"{s.id} passed (yes/no)", f"{s.id} outcome", f"{s.id} overall {SCALE}",
                 f"{s.id} attempts finished", f"{s.id} attempts required"]
    return cols + ["flags", "reasons", "source"]


def _csv_text(rows: list[list[object]], bom: bool) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return (BOM if bom else "") + buf.getvalue()


def render_gradebook_csv(book: Gradebook, bom: bool = True) -> str:
    """The gradebook as CSV text (one row per participant, then one per invalid file); `bom` starts
    it with a UTF-8 byte order mark, which spreadsheets need to read accents right."""
    a = book.assignment
    head: list[object] = [a.id, a.content_hash, a.rubric.name, a.rubric_hash, book.convocoach_version]
    cols = gradebook_columns(book)
    rows: list[list[object]] = [list(cols)]
    for p in book.participants:
        dims = p.dimensions
        row: list[object] = [*head, p.participant_id, p.name, p.status, sum(1 for s in p.scenarios if s.passed),
                             len(p.scenarios), p.unfinished, p.overall,
                             *(dims.get(d) for d in load_moves().dimensions)]
        reasons: list[str] = []
        for s in p.scenarios:
            row += [s.passed, s.best.outcome if s.best else ("unfinished" if s.submitted else "missing"),
                    s.best.overall if s.best else None, s.finished, s.required]
            reasons += [f"{s.scenario}: {r}" for r in s.reasons]
        flags = [f.message if f.scenario is None else f"{f.scenario}#{f.attempt}: {f.message}"
                 for f in p.all_flags if f.severity == "integrity"]
        rows.append(row + ["; ".join(flags), "; ".join(reasons), p.source])
    for prob in book.problems:
        row = [*head, prob.participant_id, None, "invalid", None, len(a.scenarios), None]
        row += [None] * (len(cols) - len(row) - 3)
        rows.append(row + ["", prob.message.replace("\n", " "), prob.source])
    return _csv_text(rows, bom)


def render_lms_csv(book: Gradebook, lms: Lms, bom: bool = True) -> str:
    """The overall score of every graded participant in the import format of an LMS gradebook.

    canvas: Student, ID, SIS User ID, SIS Login ID, Section, then one column named after the
    assignment, and a "Points Possible" row (Canvas's gradebook import; the participant id goes in
    SIS User ID, which Canvas matches students by). moodle: ID number (map it to the user's "ID
    number" at import), Full name, the grade item named after the assignment, and its feedback
    column ("Feedback for <item>").
    Invalid files have no row: there is no grade to import.
    """
    a = book.assignment
    item = f"{a.title} ({a.id})"
    rows: list[list[object]] = []
    if lms == "canvas":
        rows.append(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", item])
        rows.append(["Points Possible", None, None, None, None, 100])
        for p in book.participants:
            rows.append([p.name, None, p.participant_id, None, None, p.overall if p.overall is not None else 0])
    else:
        rows.append(["ID number", "Full name", item, f"Feedback for {item}"])
        for p in book.participants:
            why = "; ".join(f"{s.scenario}: {r}" for s in p.scenarios for r in s.reasons)
            rows.append([p.participant_id, p.name, p.overall if p.overall is not None else 0,
                         f"{p.status}" + (f": {why}" if why else "")])
    return _csv_text(rows, bom)


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


def _gradebook_table(console: Console, book: Gradebook) -> tuple[Any, bool]:
    """The terminal table, and whether its scenario columns are numbered (see the legend).

    No word splits mid-word at 80 columns: scenario ids that do not fit side by side become #1, #2...
    with a legend under the table, the narrow table drops its inner rules, each scenario column is
    at least as wide as "breakthrough", and the flags column only appears when something is flagged.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    a = book.assignment
    numbered = sum(len(s.id) + 3 for s in a.scenarios) + 40 > console.width
    any_flags = any(f.severity == "integrity" for p in book.participants for f in p.all_flags)
    table = Table(title=Text(f"{a.title} ({a.id})"), title_justify="left", expand=True,
                  box=box.SIMPLE_HEAD if numbered else box.HEAVY_HEAD, show_edge=not numbered,
                  padding=(0, 0) if numbered else (0, 1))
    table.add_column("participant", ratio=2, overflow="fold")
    table.add_column("status", no_wrap=True)
    for i, s in enumerate(a.scenarios, start=1):
        if numbered:  # room for "✓ breakthrough"; the score goes on the next line
            table.add_column(Text(f"#{i}"), width=len("✓ breakthrough"))
        else:
            table.add_column(Text(s.id), ratio=1, min_width=len("breakthrough"))
    table.add_column("overall", justify="right", no_wrap=True)
    if any_flags:
        table.add_column("flags", justify="right", no_wrap=True)
    styles = {"pass": "cc.good", "fail": "cc.bad", "flagged": "cc.warning"}
    for p in book.participants:
        cells: list[Any] = [Text(p.name) + Text(f"\n{p.participant_id}", style="cc.dim"),
                            Text(p.status, style=styles.get(p.status, ""))]
        for sgrade in p.scenarios:
            mark = Text("✓ ", style="cc.good") if sgrade.passed else Text("✗ ", style="cc.bad")
            outcome = (sgrade.best.outcome if sgrade.best and sgrade.best.outcome
                       else ("unfinished" if sgrade.submitted else "missing"))
            score = f" {sgrade.best.overall}" if sgrade.best and sgrade.best.overall is not None else ""
            cells.append(mark + Text(outcome + score))
        n_flags = sum(1 for f in p.all_flags if f.severity == "integrity")
        cells.append(Text("" if p.overall is None else f"{p.overall:g}"))
        if any_flags:
            cells.append(Text(str(n_flags) if n_flags else "", style="cc.warning"))
        table.add_row(*cells)
    return table, numbered


def print_gradebook(console: Console, book: Gradebook) -> None:
    """The gradebook as a terminal table, then why each participant who did not pass did not."""
    from rich.text import Text

    a = book.assignment
    styles = {"pass": "cc.good", "fail": "cc.bad", "flagged": "cc.warning"}
    table, numbered = _gradebook_table(console, book)
    console.print(table)
    if numbered:
        for i, s in enumerate(a.scenarios, start=1):
            console.print(Text(f"#{i} ", style="cc.dim") + Text(s.id) + Text(f"  {s.title}", style="cc.dim"))
    from ..programme.grading import GRADING_POLICY

    console.print(Text("Scores 0-100. " + GRADING_POLICY, style="cc.dim"))
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
