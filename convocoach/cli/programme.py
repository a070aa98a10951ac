"""`convocoach grade`, `convocoach history`, `convocoach progress` and `convocoach assignment validate|play|schema`.

Nothing heavy at import time: the analyzer (spaCy) is only built inside commands that replay or play.
"""

from __future__ import annotations

import inspect
import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

import typer

from .common import EXIT_CHECK_FAILED, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, app, make_console, read_stdin_leniently

if TYPE_CHECKING:
    from rich.console import Console

    from ..programme.assignment import AssignedScenario, LoadedAssignment
    from ..programme.grading import Gradebook

PANEL_PROGRAMMES = "Programmes"
PANEL_PRACTICE = "Practice"

assignment_app = typer.Typer(
    name="assignment",
    help="Check and play a certificate programme's assignment file.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(assignment_app, name="assignment", rich_help_panel=PANEL_PROGRAMMES)


class TableFormat(str, Enum):
    table = "table"
    json = "json"


class TextFormat(str, Enum):
    text = "text"
    json = "json"


# ---------------------------------------------------------------------------------------------
# assignment validate / schema
# ---------------------------------------------------------------------------------------------
@assignment_app.command("validate")
def assignment_validate(
    file: Annotated[Path, typer.Argument(help="The assignment .yml file.", show_default=False)],
    fmt: Annotated[TextFormat, typer.Option("--format", help="text or json.")] = TextFormat.text,
) -> int:
    """Check an assignment file: schema, scenarios, goal ids, rubric minimums (exit 2 if bad)."""
    from rich.text import Text

    from ..programme.assignment import describe_criteria, load_assignment

    la = load_assignment(file)
    if fmt == TextFormat.json:
        sys.stdout.write(json.dumps({"schema_version": "1", "ok": True, "assignment": la.describe()},
                                    ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    out = make_console()
    a = la.assignment
    out.print(Text("ok ", style="cc.good") + Text(str(file)) +
              Text(f"  ({a.id}: {len(la.scenarios)} scenario(s)"
                   + (f", due {a.due.isoformat()}" if a.due else "") + f", rubric {la.rubric.name})", style="cc.dim"))
    out.print(Text(a.title, style="cc.title"))
    for i, s in enumerate(la.scenarios, start=1):
        out.print(Text(f"  {i}. ") + Text(s.title) + Text(f"  [{s.id} v{s.version}]", style="cc.dim"))
        crit = ", ".join(describe_criteria(s.criteria))
        out.print(Text(f"     {s.attempts} attempt(s); pass: {crit}", style="cc.dim"))
    return EXIT_OK


@assignment_app.command("schema")
def assignment_schema() -> int:
    """Print the JSON Schema of assignment files (for YAML editors)."""
    from ..programme.assignment import assignment_json_schema

    sys.stdout.write(json.dumps(assignment_json_schema(), indent=2) + "\n")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# assignment play
# ---------------------------------------------------------------------------------------------
REPLY_SUFFIXES = (".txt", ".yml", ".yaml")


def find_replies(replies_dir: Path, item: AssignedScenario, attempt: int) -> Path | None:
    """`<id>.<attempt>.txt|yml|yaml`, else `<id>.txt|yml|yaml`, in the folder."""
    for stem in (f"{item.id}.{attempt}", item.id):
        for suffix in REPLY_SUFFIXES:
            p = replies_dir / f"{stem}{suffix}"
            if p.is_file():
                return p
    return None


def _read_replies(path: Path) -> list[str]:
    reader: Callable[[str], list[tuple[str, int | None]]] | None
    try:
        from .play import read_replies

        reader = read_replies
    except ImportError:  # pragma: no cover - play.py always has it today
        reader = None
    if reader is not None:
        return [r for r, _line in reader(str(path))]
    from ..io.yamlio import read_text

    return [line.strip() for line in read_text(path).splitlines() if line.strip()]


def _call_play(**kwargs: Any) -> int:
    """Run the interactive `convocoach play` loop with the keyword arguments it accepts."""
    from . import play as play_module

    fn = play_module.play
    accepted = inspect.signature(fn).parameters
    result = fn(**{k: v for k, v in kwargs.items() if k in accepted})
    return int(result or 0)


def run_assignment_play(
    assignment: Path,
    participant: str | None = None,
    participant_id: str | None = None,
    replies_dir: Path | None = None,
    output: Path | None = None,
    force: bool = False,
    no_record: bool = False,
    resume: bool = False,
) -> int:
    """Play an assignment's scenarios in order and write the participant's submission file.

    With `replies_dir`, each attempt is played without a terminal from `<scenario-id>.txt` (or
    `<scenario-id>.<attempt>.txt`, .yml/.yaml lists too); otherwise the interactive play loop runs
    each attempt. The submission is saved atomically after every attempt. Every attempt's session
    record also goes to the data folder (for `convocoach history`) unless `no_record`. With
    `resume`, an existing submission is continued: finished attempts are kept, an unfinished one
    continues where it stopped (interactive) or is played again (replies files).
    Returns an exit code (130 when interrupted; the attempts so far are saved).
    """
    from rich.text import Text

    from ..programme.assignment import load_assignment
    from ..model.errors import InputError
    from ..io.records import default_record_path, load_record, save_record
    from ..programme.submission import new_submission, participant_slug, play_scripted, save_submission

    la = load_assignment(assignment)
    err = make_console(stderr=True)
    ui = make_console()
    if participant is None or not participant.strip():
        if replies_dir is not None or not sys.stdin.isatty():
            raise InputError("name the participant with --participant NAME")
        from ..io.fileio import SURROGATE

        read_stdin_leniently()
        participant = ui.input(Text("Your name: ", style="cc.coach")).strip()
        if SURROGATE.search(participant):
            raise InputError("the name is not valid UTF-8 text", hint="pass --participant NAME")
        if not participant:
            raise InputError("the participant name is empty", hint="pass --participant NAME")
    pid = (participant_id or "").strip() or participant_slug(participant)
    out_path = output or Path(f"submission-{la.id}-{pid}.json")
    if out_path.is_dir():
        out_path = out_path / f"submission-{la.id}-{pid}.json"
    if out_path.exists() and not (force or resume):
        raise InputError("the submission file already exists", path=out_path,
                         hint="pass --resume to continue it, --force to start over, or -o PATH for another file")

    plan: list[tuple[AssignedScenario, int, Path | None]] = []
    missing: list[str] = []
    for item in la.scenarios:
        for n in range(1, item.attempts + 1):
            src = find_replies(replies_dir, item, n) if replies_dir is not None else None
            if replies_dir is not None and src is None:
                missing.append(f"{item.id}.txt" if n == 1 else f"{item.id}.{n}.txt (or {item.id}.txt)")
            plan.append((item, n, src))
    if missing:
        raise InputError("no replies file for " + ", ".join(dict.fromkeys(missing)), path=replies_dir,
                         hint="one file per scenario id: <id>.txt (one reply per line) or <id>.yml (a list)")
    scripted_by_path: dict[Path, list[str]] = {}
    for _item, _n, src in plan:
        if src is not None and src not in scripted_by_path:
            scripted_by_path[src] = _read_replies(src)

    from ..io.fileio import remove_stale_temp

    remove_stale_temp(out_path.parent)  # what a killed run left
    if resume and out_path.exists():
        sub = _load_to_continue(out_path, la, pid)
    else:
        sub = new_submission(la, participant, pid)
    save_submission(sub, out_path)  # an unwritable -o fails before anyone plays
    analyzer = None
    if replies_dir is not None:
        from ..nlp.analyzer import get_analyzer

        analyzer = get_analyzer()
        sub["lexicon_hash"] = analyzer.lexicon_hash
    total = len(plan)
    for k, (item, n, src) in enumerate(plan, start=1):
        label = f"{k}/{total} {item.title}" + (f" (attempt {n} of {item.attempts})" if item.attempts > 1 else "")
        earlier = _attempt_entry(sub, item.id, n)
        if earlier is not None and earlier["record"].get("status") == "finished":
            err.print(Text(f"{label}: already done", style="cc.dim"))
            continue
        if src is not None and analyzer is not None:
            an = analyzer

            def analyze(text: str, previous: str | None, an: Any = an) -> Any:
                return an.analyze(text, previous=previous)

            rec, unused = play_scripted(item.loaded, scripted_by_path[src], analyze, seed=item.seed,
                                        lexicon_hash=analyzer.lexicon_hash, coach=participant)
            if rec["status"] != "finished":
                err.print(Text(f"warning: {src}: the replies ran out before {item.id} ended "
                               f"({len(rec['turns'])} turn(s)); the attempt is unfinished", style="cc.warning"))
            elif unused:
                err.print(Text(f"note: {src}: {unused} reply(ies) left over after {item.id} ended", style="cc.dim"))
            if not no_record:
                save_record(rec, default_record_path(item.id))
            _put_attempt(sub, item, n, rec)
            save_submission(sub, out_path)
            outcome = (rec.get("outcome") or {}).get("outcome") or "unfinished"
            err.print(Text(f"{label}: ", style="cc.dim") + Text(outcome))
            continue
        # Interactive: the play command's own loop, recording to a session file we then collect.
        # An unfinished attempt from an earlier run continues where it stopped (play --resume).
        ui.rule(Text(label, style="cc.title"))
        rec_path = default_record_path(item.id)
        resume_from = None
        if earlier is not None:
            save_record(earlier["record"], rec_path)
            resume_from = rec_path
        code = _call_play(scenario=str(item.loaded.path), seed=item.seed, record=rec_path, resume=resume_from,
                          no_record=False, replies=None)
        played: dict[str, Any] | None
        try:
            played = load_record(rec_path)
        except InputError:
            played = None
        if played is not None and played.get("turns"):
            _put_attempt(sub, item, n, played)
            save_submission(sub, out_path)
        if no_record:
            try:
                rec_path.unlink()
            except OSError:
                pass
        if code == EXIT_INTERRUPTED or played is None or played.get("status") != "finished":
            done = sum(1 for a in sub["attempts"] if a["record"].get("status") == "finished")
            err.print(Text(f"Stopped after {done} finished attempt(s) of {total}; saved to {out_path}. "
                           "Continue with --resume.", style="cc.warning"))
            return EXIT_INTERRUPTED if code == EXIT_INTERRUPTED else EXIT_OK
    err.print(Text("Submission saved to ", style="cc.dim") + Text(str(out_path)))
    return EXIT_OK


def _attempt_entry(sub: dict[str, Any], scenario_id: str, n: int) -> dict[str, Any] | None:
    mine = [a for a in sub["attempts"] if a.get("scenario") == scenario_id]
    return mine[n - 1] if len(mine) >= n else None


def _put_attempt(sub: dict[str, Any], item: AssignedScenario, n: int, rec: dict[str, Any]) -> None:
    """Attempt n of a scenario: replace an earlier unfinished one, or append."""
    from ..programme.submission import add_attempt

    earlier = _attempt_entry(sub, item.id, n)
    if earlier is None:
        add_attempt(sub, item, rec)
        return
    earlier.update(scenario_version=item.version, scenario_hash=item.loaded.content_hash, record=rec)
    if rec.get("lexicon_hash") and not sub.get("lexicon_hash"):
        sub["lexicon_hash"] = rec["lexicon_hash"]


def _load_to_continue(path: Path, la: LoadedAssignment, pid: str) -> dict[str, Any]:
    """The raw submission to continue, after checking it is this participant's, for this assignment."""
    from ..model.errors import InputError
    from ..programme.submission import load_submission

    parsed = load_submission(path)
    if parsed.assignment_id != la.id:
        raise InputError(f"this submission is for assignment '{parsed.assignment_id}', not '{la.id}'", path=path,
                         line=parsed.assignment_line, hint="choose another file with -o PATH")
    if parsed.participant_id != pid:
        raise InputError(f"this submission belongs to participant '{parsed.participant_id}', not '{pid}'",
                         path=path, line=parsed.participant_line,
                         hint="check --participant / --participant-id, or choose another file with -o")
    for at in parsed.attempts:
        item = la.scenario(at.scenario)
        if item is None or item.version != at.scenario_version:
            raise InputError(f"attempt at '{at.scenario}' (version {at.scenario_version}) does not fit the "
                             "assignment any more", path=path, line=at.line, hint="start over with --force")
    from ..io import fileio
    from ..programme.submission import MAX_SUBMISSION_BYTES

    data: dict[str, Any] = fileio.load_json(fileio.read_text(path, MAX_SUBMISSION_BYTES, "a submission"), path,
                                            what="a submission")
    return data


@assignment_app.command("play")
def assignment_play(
    file: Annotated[Path, typer.Argument(help="The assignment .yml file.", show_default=False)],
    participant: Annotated[Optional[str], typer.Option(
        "--participant", help="Your name, as the programme knows you.", metavar="NAME")] = None,
    participant_id: Annotated[Optional[str], typer.Option(
        "--participant-id", help="An id for the gradebook (default: made from the name).", metavar="ID")] = None,
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
    return run_assignment_play(file, participant=participant, participant_id=participant_id,
                               replies_dir=replies_dir, output=output, force=force, no_record=no_record,
                               resume=resume)


# ---------------------------------------------------------------------------------------------
# grade
# ---------------------------------------------------------------------------------------------
def _render_grade_table(console: Console, book: Gradebook) -> None:
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


@app.command("grade", rich_help_panel=PANEL_PROGRAMMES)
def grade(
    submissions: Annotated[list[Path], typer.Argument(
        help="Submission .json files (or folders of them).", show_default=False)],
    assignment: Annotated[Path, typer.Option(
        "--assignment", "-a", help="The assignment .yml file the submissions answer.", metavar="FILE")],
    out_dir: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Write gradebook.csv, gradebook.json and cohort.html into DIR.",
        metavar="DIR")] = None,
    fmt: Annotated[TableFormat, typer.Option(
        "--format", help="table, or json: the gradebook as JSON on stdout.")] = TableFormat.table,
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
    from ..reports.gradebook import render_gradebook_csv, render_gradebook_json

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
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            from ..model.errors import InputError

            raise InputError("not a folder", path=out_dir, hint="-o takes a folder for the gradebook files")
    err.print(Text(f"grading {len(files)} file(s) against {la.id}...", style="cc.dim"))
    book = grade_submissions(files, la)
    for prob in book.problems:
        err.print(Text("error: ", style="cc.error") + Text(prob.message))
    shown = redact_book(book) if redact else book
    if out_dir is not None:
        from ..io.fileio import remove_stale_temp, write_files_atomic

        # All three files or none: each is rendered, then written to a temp file, then all renamed,
        # so a failure leaves the previous run's gradebook whole (it used to truncate the CSV).
        outputs = {out_dir / "gradebook.csv": render_gradebook_csv(shown),
                   out_dir / "gradebook.json": render_gradebook_json(shown),
                   out_dir / "cohort.html": render_cohort_html(shown)}
        remove_stale_temp(out_dir)
        written = write_files_atomic(outputs, "the gradebook", "choose another folder with -o DIR")
        for w in written:
            err.print(Text("wrote ", style="cc.dim") + Text(str(w)))
    if fmt == TableFormat.json:
        sys.stdout.write(render_gradebook_json(shown))
    else:
        _render_grade_table(make_console(), shown)
    if book.problems:
        return EXIT_INPUT
    return EXIT_CHECK_FAILED if book.any_failed else EXIT_OK


# ---------------------------------------------------------------------------------------------
# history / progress
# ---------------------------------------------------------------------------------------------
@app.command("history", rich_help_panel=PANEL_PRACTICE)
def history(
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="Only the last N sessions.", min=1)] = None,
    scenario: Annotated[Optional[str], typer.Option("--scenario", help="Only sessions of this scenario id.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table or json.")] = TableFormat.table,
) -> int:
    """List your past practice sessions (from the convocoach data folder), oldest first."""
    from rich.table import Table
    from rich.text import Text

    from ..programme.progress import history_json, load_history
    from ..io.records import sessions_dir

    err = make_console(stderr=True)
    items = load_history(warn=lambda m: err.print(Text("warning: " + m, style="cc.warning")))
    if scenario is not None:
        items = [s for s in items if s.scenario == scenario]
    if limit is not None:
        items = items[-limit:]
    if fmt == TableFormat.json:
        sys.stdout.write(history_json(items))
        return EXIT_OK
    out = make_console()
    if not items:
        out.print(Text(f"No sessions yet in {sessions_dir()}. Start one with: convocoach play ID", style="cc.dim"))
        return EXIT_OK
    table = Table(title="Practice sessions", title_justify="left", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("started", no_wrap=True)
    table.add_column("scenario", ratio=3)
    table.add_column("turns", justify="right", no_wrap=True)
    table.add_column("outcome", no_wrap=True)
    table.add_column("overall", justify="right", no_wrap=True)
    styles = {"breakthrough": "cc.good", "partial": "cc.warning", "stalled": "cc.bad"}
    for i, s in enumerate(items, start=1):
        outcome = s.outcome or ("unfinished" if s.status != "finished" else "")
        table.add_row(str(i), Text(s.started.replace("T", " ").rstrip("Z")), Text(s.title) +
                      Text(f"\n{Path(s.path).name}", style="cc.dim"), str(s.turns),
                      Text(outcome, style=styles.get(outcome, "cc.dim")), "" if s.overall is None else str(s.overall))
    out.print(table)
    out.print(Text(f"{len(items)} session(s) · see trends with: convocoach progress", style="cc.dim"))
    return EXIT_OK


@app.command("progress", rich_help_panel=PANEL_PRACTICE)
def progress(
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a chart page to PATH.",
                                                 metavar="PATH")] = None,
    fmt: Annotated[TextFormat, typer.Option("--format", help="text or json.")] = TextFormat.text,
    window: Annotated[int, typer.Option("--window", help="Recent sessions that decide the weakest dimension.",
                                        min=1)] = 5,
) -> int:
    """Trends per rubric dimension and per move across your sessions, and what to practise next."""
    from rich.table import Table
    from rich.text import Text

    from ..programme.progress import compute_progress, load_history, render_progress_html, sparkline

    err = make_console(stderr=True)
    items = load_history(warn=lambda m: err.print(Text("warning: " + m, style="cc.warning")))
    prog = compute_progress(items, window=window)
    if html is not None:
        from ..io.fileio import write_text_atomic

        write_text_atomic(render_progress_html(prog, items), html, "the page", "choose another path with --html")
        err.print(Text("wrote ", style="cc.dim") + Text(str(html)))
    if fmt == TextFormat.json:
        sys.stdout.write(json.dumps(prog.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    out = make_console()
    if not prog.scored:
        out.print(Text("No sessions with replies yet. Start one with: convocoach play ID", style="cc.dim"))
        return EXIT_OK
    out.print(Text(f"Progress over {prog.scored} session(s)", style="cc.title"))
    table = Table(expand=False, box=None, pad_edge=False)
    table.add_column("dimension")
    table.add_column("sessions", no_wrap=True)
    table.add_column("last", justify="right")
    table.add_column("change", justify="right")
    rows = ([prog.overall] if prog.overall else []) + list(prog.dimensions)
    for t in rows:
        style = "cc.good" if t.better else "cc.bad" if t.better is False else "cc.dim"
        last = "" if t.last is None else f"{t.last:g}"
        table.add_row(Text(t.name, style="cc.title" if t.name == prog.weakest else ""),
                      Text(sparkline(t.values[-30:]), style="cc.meter"), last,
                      Text(f"{t.change:+.0f}" if t.direction != "flat" else "·", style=style))
    out.print(table)
    moving = [t for t in prog.moves if t.direction != "flat"]
    if moving:
        out.print(Text("Moves per reply (early sessions → recent ones)", style="cc.title"))
        for t in moving:
            style = "cc.good" if t.better else "cc.bad" if t.better is False else "cc.dim"
            out.print(Text(f"  {t.name:<18} ") + Text(sparkline(t.values[-30:], 0, max(1.0, max(t.values))),
                                                      style="cc.meter")
                      + Text(f"  {t.early:.2f} → {t.recent:.2f}", style=style))
    if prog.weakest is not None:
        out.print(Text("Weakest lately: ", style="cc.dim") + Text(f"{prog.weakest} ({prog.weakest_mean:g})"))
    if prog.suggestion is not None:
        s = prog.suggestion
        out.print(Text("Next: ", style="cc.title") + Text(s.title) + Text(f"  ({s.reason})", style="cc.dim"))
        out.print(Text("      convocoach play " + s.scenario, style="cc.dim"))
    return EXIT_OK
