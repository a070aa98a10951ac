"""`convocoach history` and `convocoach progress`: a coach's own practice sessions, re-scored."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import EXIT_OK, app, make_console
from .formats import TableFormat, TextFormat

PANEL = "Practice"


@app.command("history", rich_help_panel=PANEL)
def history(
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="Only the last N sessions.", min=1)] = None,
    scenario: Annotated[Optional[str], typer.Option("--scenario", help="Only sessions of this scenario id.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table or json.")] = "table",
) -> int:
    """List your past practice sessions (from the convocoach data folder), oldest first."""
    from rich.text import Text

    from ..io.records import sessions_dir
    from ..programme.progress import load_history
    from ..reports.progress import history_json, print_history

    err = make_console(stderr=True)
    items = load_history(warn=lambda m: err.print(Text("warning: " + m, style="cc.warning")))
    if scenario is not None:
        items = [s for s in items if s.scenario == scenario]
    if limit is not None:
        items = items[-limit:]
    if fmt == "json":
        sys.stdout.write(history_json(items))
        return EXIT_OK
    print_history(make_console(), items, sessions_dir())
    return EXIT_OK


@app.command("progress", rich_help_panel=PANEL)
def progress(
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a chart page to PATH.",
                                                 metavar="PATH")] = None,
    fmt: Annotated[TextFormat, typer.Option("--format", help="text or json.")] = "text",
    window: Annotated[int, typer.Option("--window", help="Recent sessions that decide the weakest dimension.",
                                        min=1)] = 5,
    submissions: Annotated[Optional[Path], typer.Option(
        "--submissions", help="A folder of submission files: show one participant's progress (with --participant).",
        metavar="DIR")] = None,
    participant: Annotated[Optional[str], typer.Option(
        "--participant", help="With --submissions: the participant id.", metavar="ID")] = None,
) -> int:
    """Trends per rubric dimension and per move across your sessions (or a participant's submitted
    attempts), and what to practise next."""
    from rich.text import Text

    from ..model.errors import InputError
    from ..programme.progress import compute_progress, load_history, load_submission_history
    from ..reports.progress import print_progress, render_progress_html

    err = make_console(stderr=True)
    warn = lambda m: err.print(Text("warning: " + m, style="cc.warning"))  # noqa: E731
    coach: str | None = None
    if (submissions is None) != (participant is None):
        raise InputError("--submissions DIR and --participant ID go together",
                         hint="convocoach progress --submissions grades/in --participant ana-ruiz")
    if submissions is not None and participant is not None:
        if not submissions.is_dir():
            raise InputError("not a folder", path=submissions, hint="--submissions takes a folder of submission files")
        coach, items = load_submission_history(submissions, participant, warn=warn)
        if coach is None:
            raise InputError(f"no submission of participant '{participant}' in this folder", path=submissions)
    else:
        items = load_history(warn=warn)
    prog = compute_progress(items, window=window)
    if html is not None:
        from ..io.fileio import write_text_atomic

        write_text_atomic(render_progress_html(prog, items, coach), html, "the page", "choose another path with --html")
        err.print(Text("wrote ", style="cc.dim") + Text(str(html)))
    if fmt == "json":
        sys.stdout.write(json.dumps(prog.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    print_progress(make_console(), prog, coach)
    return EXIT_OK
