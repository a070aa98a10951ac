"""`convocoach grade`: grade submissions by replaying every reply through the current engine."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import EXIT_CHECK_FAILED, EXIT_INPUT, EXIT_OK, app, make_console
from .formats import LmsFormat, TableFormat


@app.command("grade", rich_help_panel="Programmes")
def grade(
    submissions: Annotated[list[Path], typer.Argument(
        help="Submission .json files (or folders of them).", show_default=False)],
    assignment: Annotated[Path, typer.Option(
        "--assignment", "-a", help="The assignment .yml file the submissions answer.", metavar="FILE")],
    out_dir: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Write gradebook.csv, gradebook.json and cohort.html into DIR.",
        metavar="DIR")] = None,
    fmt: Annotated[TableFormat, typer.Option(
        "--format", help="table, or json: the gradebook as JSON on stdout.")] = "table",
    lms: Annotated[Optional[LmsFormat], typer.Option(
        "--lms", help="With -o: also write gradebook-<lms>.csv in the import format of the Canvas or Moodle "
        "gradebook.")] = None,
    bom: Annotated[bool, typer.Option(
        "--bom/--no-bom", help="Start the CSV files with a UTF-8 byte order mark, so spreadsheets read accents "
        "right.")] = True,
    redact: Annotated[bool, typer.Option(
        "--redact", help="Anonymise participants (Participant 1..N, no file names) in the table, JSON, CSV and "
        "cohort report; error messages on stderr still name the files so they can be fixed.")] = False,
) -> int:
    """Grade submissions by replaying every reply through the current engine (exit 1 if any fails)."""
    from rich.text import Text

    from ..programme.assignment import load_assignment
    from ..programme.grading import grade_submissions
    from ..programme.grading import redact as redact_book
    from ..reports.cohort import render_cohort_html
    from ..reports.gradebook import print_gradebook, render_gradebook_csv, render_gradebook_json, render_lms_csv

    err = make_console(stderr=True)
    la = load_assignment(assignment)
    files: list[Path] = []
    for f in submissions:
        if f.is_dir():
            files.extend(sorted(p for p in f.iterdir() if p.suffix == ".json" and not p.name.startswith(".")))
        else:
            files.append(f)
    if not files:
        from ..model.errors import InputError

        raise InputError("no submission files to grade", hint="pass submission .json files or a folder of them")
    if lms is not None and out_dir is None:
        from ..model.errors import InputError

        raise InputError("--lms writes a file: give the folder with -o DIR", hint=f"e.g. --lms {lms} -o grades/")
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            from ..model.errors import InputError

            raise InputError("not a folder", path=out_dir, hint="-o takes a folder for the gradebook files")
    err.print(Text(f"grading {len(files)} file(s) against {la.id}...", style="cc.dim"))
    book = grade_submissions(files, la)
    for prob in book.problems:
        err.print(Text("error: ", style="cc.error") + Text(prob.message))
    for p in book.participants:
        for flag in p.flags:
            if flag.kind == "assignment-changed":
                err.print(Text("notice: ", style="cc.warning") + Text(f"{p.source}: {flag.message}"))
    shown = redact_book(book) if redact else book
    if out_dir is not None:
        from ..io.fileio import remove_stale_temp, write_files_atomic

        # All three files or none: each is rendered, then written to a temp file, then all renamed,
        # so a failure leaves the previous run's gradebook whole (it used to truncate the CSV).
        outputs = {out_dir / "gradebook.csv": render_gradebook_csv(shown, bom=bom),
                   out_dir / "gradebook.json": render_gradebook_json(shown),
                   out_dir / "cohort.html": render_cohort_html(shown)}
        if lms is not None:
            outputs[out_dir / f"gradebook-{lms}.csv"] = render_lms_csv(shown, lms, bom=bom)
        remove_stale_temp(out_dir)
        written = write_files_atomic(outputs, "the gradebook", "choose another folder with -o DIR")
        for w in written:
            err.print(Text("wrote ", style="cc.dim") + Text(str(w)))
    if fmt == "json":
        sys.stdout.write(render_gradebook_json(shown))
    else:
        print_gradebook(make_console(), shown)
    if book.problems:
        return EXIT_INPUT
    return EXIT_CHECK_FAILED if book.any_failed else EXIT_OK
