"""`convocoach review`: review recorded conversations (Zoom/Teams VTT, SRT, plain text, CSV, JSON)."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import EXIT_CHECK_FAILED, EXIT_INPUT, LexiconsOpt, app, make_console, print_error

if TYPE_CHECKING:
    from ..model.errors import InputError
    from ..reports.model import Report
    from ..transcripts import Transcript

PANEL = "Review"


class ReviewFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


SUFFIX_FORMATS = {
    ".md": ReviewFormat.markdown, ".markdown": ReviewFormat.markdown,
    ".html": ReviewFormat.html, ".htm": ReviewFormat.html,
    ".json": ReviewFormat.json, ".jsonl": ReviewFormat.jsonl, ".ndjson": ReviewFormat.jsonl,
    ".csv": ReviewFormat.csv, ".txt": ReviewFormat.terminal,
}
FORMAT_SUFFIX = {
    ReviewFormat.markdown: ".md", ReviewFormat.html: ".html", ReviewFormat.json: ".json",
    ReviewFormat.jsonl: ".jsonl", ReviewFormat.csv: ".csv", ReviewFormat.terminal: ".txt",
}


@app.command("review", rich_help_panel=PANEL)
def review_command(
    paths: Annotated[list[Path], typer.Argument(
        help="Transcript files or directories (.txt, .vtt, .srt, .json, .csv; directories are searched); "
        "- reads one transcript from standard input.",
        show_default=False)],
    format: Annotated[Optional[ReviewFormat], typer.Option(
        "--format", "-f", help="terminal, markdown, html, json, jsonl or csv. Default: from -o's extension, "
        "else terminal.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write the report here (an existing directory: one file per transcript).",
        show_default=False)] = None,
    coach: Annotated[Optional[list[str]], typer.Option(
        "--coach", "-c", help="The coach's speaker name (case-insensitive; repeat for several). "
        "Default: the speaker named Coach.", show_default=False)] = None,
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
      convocoach review sessions/ -o report.html
      convocoach review call.srt --format json --redact
      zoom-export | convocoach review - --coach "Sam Patel"
    """
    from ..model.errors import ConvocoachError, InputError
    from ..review import prepare
    from ..transcripts import read_transcript, read_transcript_stream

    fmt = _choose_format(format, output)
    names = [n for item in (redact_names or []) for n in item.split(",") if n.strip()]
    files = expand_paths(paths)
    err = make_console(stderr=True)

    transcripts: list[Transcript] = []
    errors: list[InputError] = []
    read_started = time.perf_counter()
    for f in files:
        try:
            raw = read_transcript_stream(sys.stdin.buffer) if str(f) == "-" else read_transcript(f)
            transcripts.append(prepare(raw, coach or (), redact=redact, redact_names=names))
        except InputError as exc:
            errors.append(exc)
        except ConvocoachError as exc:
            errors.append(InputError(str(exc), path=f))
    if not transcripts:
        _raise(errors)

    read_seconds = time.perf_counter() - read_started
    reports, seconds, build_seconds = _run(transcripts, rubric_path, show_progress=len(transcripts) > 1, console=err,
                                           lexicons=lexicons or [])
    seconds += read_seconds
    n_turns = sum(len(r.turns) for r in reports)
    n_coach = sum(r.summary.coach_turns for r in reports)
    if len(reports) > 1:
        err.print(
            f"reviewed {len(reports)} files ({n_turns} turns, {n_coach} coach turns analysed) in {seconds:.2f} s: "
            f"{len(reports) / seconds:.1f} files/s, {n_turns / seconds:.0f} turns/s "
            f"(reading + analysis + scoring; building the pipeline took {build_seconds:.2f} s more)",
            style="cc.dim", markup=False, highlight=False,
        )

    _emit(reports, fmt, output, context)
    if len(reports) > 1:
        to_stdout = fmt == ReviewFormat.terminal and output is None
        target = make_console() if to_stdout else err
        target.print(summary_table(reports, target.width))

    for problem in errors:
        print_error(str(problem))
    if errors:
        raise typer.Exit(EXIT_INPUT)
    if fail_under is not None:
        low = [r for r in reports if r.summary.overall < fail_under]
        if low:
            for r in low:
                print_error(f"{r.source}: overall {r.summary.overall} is below --fail-under {fail_under}")
            raise typer.Exit(EXIT_CHECK_FAILED)


def _raise(errors: list[InputError]) -> None:
    from ..model.errors import InputError, InputErrors

    if not errors:
        raise InputError("no transcripts to review")
    if len(errors) == 1:
        raise errors[0]
    raise InputErrors(errors)


def _choose_format(fmt: ReviewFormat | None, output: Path | None) -> ReviewFormat:
    from ..model.errors import InputError

    if fmt is not None:
        return fmt
    if output is None or output.is_dir() or not output.suffix:
        return ReviewFormat.terminal
    inferred = SUFFIX_FORMATS.get(output.suffix.lower())
    if inferred is None:
        raise InputError(
            f"cannot tell the report format from the extension {output.suffix!r}",
            path=output, hint="use .html, .md, .json, .jsonl, .csv or .txt, or pass --format",
        )
    return inferred


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; directories searched (recursively, sorted) for transcript files."""
    from ..model.errors import InputError
    from ..transcripts import TRANSCRIPT_SUFFIXES

    files: list[Path] = []
    for p in paths:
        if str(p) == "-":  # a transcript on standard input
            files.append(p)
        elif p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in TRANSCRIPT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise InputError(
                    "no transcripts in this directory", path=p,
                    hint="transcripts end in " + ", ".join(sorted(TRANSCRIPT_SUFFIXES)),
                )
            files += found
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such file or directory", path=p)
    return list(dict.fromkeys(files))


def _run(
    transcripts: list[Transcript], rubric_path: Path | None, show_progress: bool, console: object,
    lexicons: list[Path],
) -> tuple[list[Report], float, float]:
    """Analyse everything in one stream; a progress bar on stderr for batches."""
    from ..nlp.analyzer import get_analyzer
    from ..review import review_many
    from ..scoring.rubric import load_rubric

    import warnings

    build_started = time.perf_counter()
    rubric = load_rubric(rubric_path)
    with warnings.catch_warnings():
        # spaCy's pattern-building warnings say nothing a reviewer can act on.
        warnings.simplefilter("ignore", UserWarning)
        analyzer = get_analyzer(lexicons)
    build_seconds = time.perf_counter() - build_started
    started = time.perf_counter()
    reports: list[Report] = []
    if not show_progress:
        reports = list(review_many(transcripts, analyzer, rubric))
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("reviewing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[name]}", markup=False),
            console=console, transient=True,  # type: ignore[arg-type]
        ) as progress:
            task = progress.add_task("review", total=len(transcripts), name="")
            for report in review_many(transcripts, analyzer, rubric):
                reports.append(report)
                progress.update(task, advance=1, name=Path(report.source).name)
    return reports, max(time.perf_counter() - started, 1e-9), build_seconds


def render(reports: list[Report], fmt: ReviewFormat, context: int | None, for_file: bool) -> str:
    if fmt == ReviewFormat.markdown:
        from ..reports.markdown import render_markdown

        return render_markdown(reports, context)
    if fmt == ReviewFormat.html:
        from ..reports.html import render_html

        return render_html(reports, context)
    if fmt == ReviewFormat.json:
        from ..reports.jsonout import render_json

        return render_json(reports)
    if fmt == ReviewFormat.jsonl:
        from ..reports.jsonout import render_jsonl

        return render_jsonl(reports)
    if fmt == ReviewFormat.csv:
        from ..reports.csvout import render_csv

        return render_csv(reports)
    from ..reports.terminal import render_text

    return render_text(reports, context)


def _emit(reports: list[Report], fmt: ReviewFormat, output: Path | None, context: int | None) -> None:
    from ..model.errors import InputError

    if output is None:
        if fmt == ReviewFormat.terminal:
            from ..reports.terminal import print_reports

            print_reports(make_console(), reports, context)
        else:
            sys.stdout.write(render(reports, fmt, context, for_file=False))
            sys.stdout.flush()
        return
    targets: list[tuple[Path, list[Report]]]
    if output.is_dir():
        used: set[str] = set()
        targets = []
        for r in reports:
            stem = Path(r.source).stem.strip("<>") or "review"  # "<stdin>" -> stdin.html
            name, n = stem, 2
            while name in used:
                name, n = f"{stem}-{n}", n + 1
            used.add(name)
            targets.append((output / (name + FORMAT_SUFFIX[fmt]), [r]))
    else:
        if not output.parent.exists():
            raise InputError("the output directory does not exist", path=output.parent)
        targets = [(output, reports)]
    from ..io.fileio import remove_stale_temp, write_files_atomic

    for folder in {path.parent for path, _ in targets}:
        remove_stale_temp(folder)  # what a killed run left
    # Rendered first, then written all or none (temp files + rename): never half a report.
    write_files_atomic({path: render(group, fmt, context, for_file=True) for path, group in targets},
                       "the report", "choose another place with -o PATH")
    err = make_console(stderr=True)
    err.print(f"wrote {', '.join(str(p) for p, _ in targets[:3])}" + (" …" if len(targets) > 3 else ""),
              style="cc.dim", markup=False, highlight=False)


def summary_table(reports: list[Report], width: int = 120) -> object:
    """A rich table: one row per transcript with its scores and top thing to try."""
    from rich.table import Table
    from rich.text import Text

    from ..reports.common import visible

    dims: list[str] = list(dict.fromkeys(d for r in reports for d in r.summary.dimensions))
    short = {"questioning": "quest", "language": "lang", "listening": "listen", "stance": "stance", "talk": "talk"}
    table = Table(title=f"{len(reports)} transcripts", title_style="cc.title", header_style="cc.title",
                  caption="turns = coach turns; quest = questioning, lang = language, listen = listening", caption_style="cc.dim")
    table.add_column("file", no_wrap=True, overflow="ellipsis", max_width=40)
    table.add_column("turns", justify="right", no_wrap=True, min_width=5)
    table.add_column("overall", justify="right", no_wrap=True, min_width=7)
    for d in dims:
        name = short.get(d, d[:6])
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    wide = width >= 110
    if wide:
        table.add_column("top thing to try", no_wrap=True, overflow="ellipsis", max_width=40)
    for r in reports:
        s = r.summary
        top = r.to_try[0].title if r.to_try else ""
        table.add_row(
            Text(visible(Path(r.source).name)), str(s.coach_turns), Text(str(s.overall), style="cc.title"),
            *[str(s.dimensions.get(d, "")) for d in dims], *([Text(visible(top))] if wide else []),
        )
    overall = [r.summary.overall for r in reports]
    table.add_row(Text("mean", style="cc.dim"), str(sum(r.summary.coach_turns for r in reports)),
                  f"{sum(overall) / len(overall):.0f}",
                  *[f"{sum(r.summary.dimensions.get(d, 0) for r in reports) / len(reports):.0f}" for d in dims],
                  *([""] if wide else []), style="cc.dim")
    return table
