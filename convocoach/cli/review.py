"""`convocoach review`: review recorded conversations (every common transcript export; see the README)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..reports import RENDERERS
from .common import EXIT_CHECK_FAILED, EXIT_INPUT, LexiconsOpt, app, make_console, print_error
from .formats import ReportFormat

if TYPE_CHECKING:
    from rich.console import Console

    from ..model.conversation import Conversation
    from ..reports.model import Report

PANEL = "Review"
FORMATS = ", ".join(list(RENDERERS)[:-1]) + " or " + list(RENDERERS)[-1]


@app.command("review", rich_help_panel=PANEL)
def review_command(
    paths: Annotated[list[Path], typer.Argument(
        help="Transcript files or directories (Zoom, Teams, Otter, WhisperX, Whisper, AWS Transcribe, Podcast "
        "exports; .vtt .srt .txt .json .csv; directories are searched); - reads standard input.",
        show_default=False)],
    format: Annotated[Optional[ReportFormat], typer.Option(
        "--format", "-f", help=f"{FORMATS}. Default: from -o's extension, else terminal.",
        show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write the report here (an existing directory: one file per transcript).",
        show_default=False)] = None,
    coach: Annotated[Optional[list[str]], typer.Option(
        "--coach", "-c", help="The coach's speaker name or a pattern like \"Dana*\" (case-insensitive; repeat "
        "for several). Default: the roster's coach, else the speaker named Coach.", show_default=False)] = None,
    roles: Annotated[Optional[Path], typer.Option(
        "--roles", help="A YAML roster for every file: speaker name (or pattern) -> coach, teacher or observer.",
        show_default=False)] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", help="Decode transcripts with this encoding (e.g. cp1252). Default: UTF-8, or UTF-16 by BOM.",
        show_default=False)] = None,
    redact: Annotated[bool, typer.Option(
        "--redact", help="Replace speaker names with Coach/Teacher in every output.")] = False,
    redact_names: Annotated[Optional[list[str]], typer.Option(
        "--redact-names", help="More names to replace, comma-separated (e.g. students).",
        show_default=False)] = None,
    context: Annotated[Optional[int], typer.Option(
        "--context", min=0, help="Show only turns that feedback points at or that have a move to rethink, "
        "with N turns either side.", show_default=False)] = None,
    fail_under: Annotated[Optional[int], typer.Option(
        "--fail-under", min=0, max=100, help="Exit 1 if any transcript's overall score is below N.",
        show_default=False)] = None,
    rubric_path: Annotated[Optional[Path], typer.Option(
        "--rubric", help="A programme's rubric YAML instead of the bundled one.", show_default=False)] = None,
    lexicons: LexiconsOpt = None,
) -> None:
    """Review recorded coaching conversations: moves, stance, talk and wait time, scores and feedback.

    Turns of the coach (--coach, or a speaker named Coach) are analysed; the other speakers' turns
    are context. Examples:

      convocoach review meeting.vtt --coach "Sam Patel"
      convocoach review sessions/ --roles roles.yml -o report.html
      convocoach review call.srt --format json --redact
      zoom-export | convocoach review - --coach "Sam Patel"
    """
    from ..review import read_all
    from ..review.output import choose_format, error_records
    from ..review.roles import load_roster
    from ..transcripts import transcript_files

    fmt = choose_format(format.value if format is not None else None, output)
    names = [n for item in (redact_names or []) for n in item.split(",") if n.strip()]
    err = make_console(stderr=True)
    read_started = time.perf_counter()
    roster = load_roster(roles) if roles is not None else None
    batch = read_all(transcript_files(paths), coach or (), redact, names, sys.stdin.buffer, encoding, roster)
    conversations, errors = batch.conversations, batch.errors
    for path, why in batch.skipped:
        err.print(f"skipped {path}: {why}", style="cc.dim", markup=False, highlight=False)
    read_seconds = time.perf_counter() - read_started
    reports, seconds, build_seconds = _run(conversations, rubric_path, show_progress=len(conversations) > 1,
                                           console=err, lexicons=lexicons or [])
    if len(reports) > 1:
        _print_speed(err, reports, seconds + read_seconds, build_seconds)
    _emit(reports, fmt, output, context, error_records(errors) if fmt == "jsonl" else "")
    if len(reports) > 1:
        from ..reports.terminal import summary_table

        target = make_console() if fmt == "terminal" and output is None else err
        target.print(summary_table(reports, target.width))
    for problem in errors:
        print_error(str(problem))
    if errors:
        raise typer.Exit(EXIT_INPUT)
    low = [r for r in reports if fail_under is not None and r.summary.overall < fail_under]
    for r in low:
        print_error(f"{r.source}: overall {r.summary.overall} is below --fail-under {fail_under}")
    if low:
        raise typer.Exit(EXIT_CHECK_FAILED)


def _print_speed(err: Console, reports: list[Report], seconds: float, build_seconds: float) -> None:
    n_turns = sum(len(r.turns) for r in reports)
    n_coach = sum(r.summary.coach_turns for r in reports)
    err.print(
        f"reviewed {len(reports)} files ({n_turns} turns, {n_coach} coach turns analysed) in {seconds:.2f} s: "
        f"{len(reports) / seconds:.1f} files/s, {n_turns / seconds:.0f} turns/s "
        f"(reading + analysis + scoring; building the pipeline took {build_seconds:.2f} s more)",
        style="cc.dim", markup=False, highlight=False,
    )


def _run(conversations: list[Conversation], rubric_path: Path | None, show_progress: bool, console: object,
         lexicons: list[Path]) -> tuple[list[Report], float, float]:
    """Analyse everything in one stream; a progress bar on stderr for batches."""
    import warnings

    from ..nlp.analyzer import get_analyzer
    from ..review import review_many
    from ..scoring.rubric import load_rubric

    build_started = time.perf_counter()
    rubric = load_rubric(rubric_path)
    with warnings.catch_warnings():
        # spaCy's pattern-building warnings say nothing a reviewer can act on.
        warnings.simplefilter("ignore", UserWarning)
        analyzer = get_analyzer(lexicons)
    build_seconds = time.perf_counter() - build_started
    started = time.perf_counter()
    if not show_progress:
        return list(review_many(conversations, analyzer, rubric)), max(time.perf_counter() - started, 1e-9), \
            build_seconds
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    reports: list[Report] = []
    with Progress(TextColumn("reviewing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[name]}", markup=False),
                  console=console, transient=True) as progress:  # type: ignore[arg-type]
        task = progress.add_task("review", total=len(conversations), name="")
        for report in review_many(conversations, analyzer, rubric):
            reports.append(report)
            progress.update(task, advance=1, name=Path(report.source).name)
    return reports, max(time.perf_counter() - started, 1e-9), build_seconds


def _emit(reports: list[Report], fmt: str, output: Path | None, context: int | None, extra: str = "") -> None:
    """Render and write (or print) the reports; `extra` (jsonl error records) follows them."""
    from ..io.fileio import remove_stale_temp, write_files_atomic
    from ..review.output import targets as plan

    renderer = RENDERERS[fmt]
    show = renderer.shower()
    if output is None:
        if show is not None:
            show(make_console(), reports, context)
        else:
            sys.stdout.write(renderer.renderer()(reports, context) + extra)
            sys.stdout.flush()
        return
    targets = plan(reports, output, renderer.suffixes[0])
    for folder in {path.parent for path, _ in targets}:
        remove_stale_temp(folder)  # what a killed run left
    # Rendered first, then written all or none (temp files + rename): never half a report.
    texts = {path: renderer.renderer()(group, context) for path, group in targets}
    if extra and len(targets) == 1:
        texts[targets[0][0]] += extra
    write_files_atomic(texts, "the report", "choose another place with -o PATH")
    make_console(stderr=True).print(f"wrote {', '.join(str(p) for p, _ in targets[:3])}"
                                    + (" …" if len(targets) > 3 else ""), style="cc.dim", markup=False,
                                    highlight=False)
