"""`convocoach assignment validate|play|submit|schema`: a certificate programme's assignment file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import add_schema_command, EXIT_OK, app, make_console
from .formats import TextFormat

if TYPE_CHECKING:
    from rich.console import Console

    from ..programme.assignment import LoadedAssignment

assignment_app = typer.Typer(name="assignment", help="Check and play a certificate programme's assignment file.",
                             no_args_is_help=True, rich_markup_mode="rich")
app.add_typer(assignment_app, name="assignment", rich_help_panel="Programmes")


@assignment_app.command("validate")
def assignment_validate(
    file: Annotated[Path, typer.Argument(help="The assignment .yml file.", show_default=False)],
    fmt: Annotated[TextFormat, typer.Option("--format", help="text or json.")] = "text",
) -> int:
    """Check an assignment file: schema, scenarios, goal ids, rubric minimums (exit 2 if bad)."""
    from rich.text import Text

    from ..programme.assignment import describe_criteria, load_assignment

    la = load_assignment(file)
    warnings = assignment_goal_warnings(la)
    if fmt == "json":
        sys.stdout.write(json.dumps({"schema_version": "1", "ok": True, "assignment": la.describe(),
                                     "warnings": warnings}, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    out = make_console()
    a = la.assignment
    out.print(Text("ok ", style="cc.good") + Text(str(file)) +
              Text(f"  ({a.id}: {len(la.scenarios)} scenario(s)"
                   + (f", due {a.due.isoformat()}" if a.due else "") + f", rubric {la.rubric.name})", style="cc.dim"))
    out.print(Text(a.title, style="cc.title"))
    for i, s in enumerate(la.scenarios, start=1):
        out.print(Text(f"  {i}. ") + Text(s.title) + Text(f"  [{s.id} v{s.version}]", style="cc.dim"))
        out.print(Text(f"     {s.attempts} attempt(s); pass: {', '.join(describe_criteria(s.criteria))}",
                       style="cc.dim"))
    print_warnings(make_console(stderr=True), str(file), warnings)
    return EXIT_OK


def assignment_goal_warnings(la: LoadedAssignment) -> list[str]:
    """The goal warnings of every scenario, saying which ones the pass criteria require."""
    from ..practice.goals import goal_warnings

    out: list[str] = []
    for s in la.scenarios:
        required = {g.id for g in s.loaded.scenario.goals} if s.criteria.goals == "all" else set(s.criteria.goals or ())
        for w in goal_warnings(s.loaded.scenario):
            out.append(f"{s.id}: {w}" + (" (a pass criterion)" if w.goal in required else ""))
    return out


def print_warnings(err: Console, where: str, warnings: list[str]) -> None:
    from rich.text import Text

    for w in warnings:
        err.print(Text(f"{where}: warning: ", style="cc.warning") + Text(w))


add_schema_command(assignment_app, "assignment", "assignment files")


@assignment_app.command("play")
def assignment_play(
    file: Annotated[Path, typer.Argument(help="The assignment .yml file.", show_default=False)],
    participant: Annotated[Optional[str], typer.Option(
        "--participant", help="Your name, as the programme knows you.", metavar="NAME")] = None,
    participant_id: Annotated[Optional[str], typer.Option(
        "--participant-id", help="An id for the gradebook (default: made from the name).", metavar="ID")] = None,
    replies: Annotated[Optional[Path], typer.Option(
        "--replies", help="Play without a terminal, for an assignment of one attempt: replies from FILE.",
        metavar="FILE")] = None,
    replies_dir: Annotated[Optional[Path], typer.Option(
        "--replies-dir", help="Play without a terminal: replies from DIR/<scenario-id>.txt (or .yml) per scenario.",
        metavar="DIR")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="The submission file (default: submission-<assignment>-<participant>.json).",
        metavar="PATH")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing submission file.")] = False,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Continue an existing submission file: keep finished attempts, play the rest.")] = False,
    no_record: Annotated[bool, typer.Option(
        "--no-record", help="Do not keep the attempts in your practice history.")] = False,
) -> int:
    """Play an assignment's scenarios in order and write your submission file (JSON)."""
    if replies_dir is not None and not replies_dir.is_dir():
        from ..model.errors import InputError

        raise InputError("not a folder", path=replies_dir, hint="--replies-dir takes a folder of <scenario-id>.txt")
    from .assignment_play import run_assignment_play

    return run_assignment_play(file, participant=participant, participant_id=participant_id,
                               replies_dir=replies_dir, output=output, force=force, no_record=no_record,
                               resume=resume, replies=replies)


@assignment_app.command("submit")
def assignment_submit(
    file: Annotated[Path, typer.Argument(help="The assignment .yml file.", show_default=False)],
    records: Annotated[list[Path], typer.Argument(
        help="Session records made with `convocoach play` (see `convocoach history`).", show_default=False)],
    participant: Annotated[Optional[str], typer.Option(
        "--participant", help="Your name, as the programme knows you.", metavar="NAME")] = None,
    participant_id: Annotated[Optional[str], typer.Option(
        "--participant-id", help="An id for the gradebook (default: made from the name).", metavar="ID")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="The submission file (default: submission-<assignment>-<participant>.json); "
        "an existing one gets the records added.", metavar="PATH")] = None,
) -> int:
    """Add practice records made with `play` to your submission file (each as the next attempt)."""
    from rich.text import Text

    from ..programme.assignment import load_assignment
    from ..programme.attempts import submit_records

    la = load_assignment(file)
    err = make_console(stderr=True)
    out_path, notices = submit_records(la, records, participant, participant_id, output)
    for n in notices:
        err.print(Text("notice: ", style="cc.warning") + Text(n))
    err.print(Text("Submission saved to ", style="cc.dim") + Text(str(out_path)))
    return EXIT_OK
