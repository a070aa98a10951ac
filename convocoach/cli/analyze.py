"""`convocoach analyze`, `rules` and `eval`: the analysis engine from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator, Optional

import typer

from .common import EXIT_CHECK_FAILED, EXIT_INPUT, LexiconsOpt, app, make_console
from .formats import AnalyzeFormat

if TYPE_CHECKING:
    from ..model.analysis import Analysis
    from ..nlp.analyzer import Analyzer

PANEL = "Analyse"


ModelOpt = Annotated[
    Optional[str],
    typer.Option("--model", help="Build on an installed spaCy model (e.g. en_core_web_sm). Default: none needed."),
]


@app.command("analyze", rich_help_panel=PANEL)
def analyze_cmd(
    text: Annotated[Optional[str], typer.Argument(help="The coach's words. Omit and use --file for many.")] = None,
    previous: Annotated[Optional[str], typer.Option("--previous", "-p", help="The teacher's line just before.")] = None,
    file: Annotated[
        Optional[str],
        typer.Option("--file", help="Plain text (one utterance per line) or .jsonl ({id, text, previous}); - for stdin."),
    ] = None,
    fmt: Annotated[AnalyzeFormat, typer.Option("--format", "-f", help="table, json or jsonl (one object per "
                                               "reply).")] = "table",
    jsonl_in: Annotated[Optional[bool], typer.Option("--jsonl/--text", help="Read --file as JSONL or as text (default: by extension).")] = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Report bad input lines and go on with the rest.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes for --file.")] = 1,
    lexicons: LexiconsOpt = None,
    model: ModelOpt = None,
) -> None:
    """Score one reply (or a file of them): moves, stance and a line of feedback per move."""
    from ..io.utterances import check_text
    from ..model.errors import InputError
    from ..nlp.analyzer import get_analyzer

    if (text is None) == (file is None):
        raise InputError("give either TEXT or --file (not both, not neither)", path="<command line>",
                         hint='convocoach analyze "What are you noticing?"  or  convocoach analyze --file replies.txt')
    analyzer = get_analyzer(lexicons or [], model)
    out = make_console()
    if text is not None:
        check_text(text)
        analysis = analyzer.analyze(text, previous=previous, id=None)
        if fmt == "table":
            from ..reports.analysis_view import render_analysis

            render_analysis(out, analysis)
        else:
            sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2 if fmt == "json" else None) + "\n")
        return

    assert file is not None
    _analyze_file(analyzer, file, fmt, jsonl_in, skip_bad, jobs)


def _analyze_file(analyzer: Analyzer, file: str, fmt: AnalyzeFormat, jsonl_in: bool | None, skip_bad: bool,
                  jobs: int) -> None:
    """`analyze --file`: one output line per input line, in order; bad lines keep their place."""
    from ..io.utterances import BadLine, read_utterances
    from ..model.analysis import SCHEMA_VERSION
    from ..model.errors import InputError
    from ..nlp.analyzer import Utterance

    out = make_console()
    bad: dict[str, BadLine] = {}

    def stream() -> Iterator[Utterance]:
        # Bad lines keep their place (one output line per input line): they travel as empty
        # placeholders and come out as error objects.
        for item in read_utterances(file, jsonl=jsonl_in, skip_bad=skip_bad):
            if isinstance(item, BadLine):
                key = f"\x00bad:{item.lineno}"
                bad[key] = item
                yield Utterance("", None, key)
            else:
                yield item

    analyses = analyzer.analyze_parallel(stream(), jobs=jobs) if jobs > 1 else analyzer.analyze_many(stream())
    err = make_console(stderr=True)
    skipped: list[BadLine] = []
    seen = 0

    def results() -> Iterator[Analysis | BadLine]:
        nonlocal seen
        for a in analyses:
            seen += 1
            if a.id in bad:
                skipped.append(bad.pop(a.id))
                yield skipped[-1]
            else:
                yield a

    write = sys.stdout.write
    if fmt == "table":
        from ..reports.analysis_view import render_analysis_row_table

        render_analysis_row_table(out, (r for r in results() if not isinstance(r, BadLine)))
    else:
        first = True
        if fmt == "json":
            write("[")
        for r in results():
            obj = r.to_dict() if not isinstance(r, BadLine) else {
                "schema_version": SCHEMA_VERSION, "id": r.id, "error": str(r.error.message), "line": r.lineno}
            line = json.dumps(obj, ensure_ascii=False)
            if fmt == "jsonl":
                write(line + "\n")
            else:
                write(("\n  " if first else ",\n  ") + line)
            first = False
        if fmt == "json":
            write("\n]\n")
    if seen == 0:
        raise InputError("nothing to analyse: the file has no utterances", path=file if file != "-" else "<stdin>",
                         hint="one utterance per line, or JSONL objects with a \"text\"")
    if skipped:
        from rich.text import Text

        for item in skipped:
            err.print(Text("skipped: ", style="cc.warning") + Text(str(item.error)), soft_wrap=True)
        err.print(Text(f"{len(skipped)} line(s) could not be analysed; the others were.", style="cc.warning"))
        raise typer.Exit(EXIT_INPUT)



@app.command("rules", rich_help_panel=PANEL)
def rules_cmd(
    name: Annotated[Optional[str], typer.Argument(help="A detector code (Q001), move name (question.open) or lexicon id (TEN-001).")] = None,
    lexicons: LexiconsOpt = None,
) -> None:
    """List every detector and lexicon entry, or explain one with its examples."""
    from ..reports.catalog import explain_rule, list_rules

    out = make_console()
    if name is None:
        list_rules(out, lexicons or [])
    else:
        explain_rule(out, name, lexicons or [])


@app.command("eval", rich_help_panel=PANEL)
def eval_cmd(
    file: Annotated[Path, typer.Argument(help="Labelled replies: coaching-dev JSONL (moves) or AnnoMI JSONL (MITI codes).")],
    fmt: Annotated[AnalyzeFormat, typer.Option(
        "--format", "-f", help="table, json, or jsonl (the same document on one line).")] = "table",
    folds: Annotated[int, typer.Option("--folds", min=0, max=50,
                                       help="Also score K deterministic folds (by transcript or situation).")] = 0,
    errors: Annotated[Optional[str], typer.Option("--errors", metavar="MEASURE",
                                                  help="List the misreads of one measure (a move, faults_missed, false_faults).")] = None,
    lexicons: LexiconsOpt = None,
    model: ModelOpt = None,
) -> None:
    """Agreement with human coders: precision, recall and F1 per move, stance, faults missed, folds."""
    from ..nlp.analyzer import get_analyzer
    from ..evaluate.agreement import evaluate_file

    if folds == 1:
        raise typer.BadParameter("use 0 (no folds) or at least 2", param_hint="--folds")
    result = evaluate_file(file, get_analyzer(lexicons or [], model), folds=folds)
    if fmt != "table":
        sys.stdout.write(json.dumps(result.to_dict(), indent=2 if fmt == "json" else None) + "\n")
        return
    from ..reports.agreement import render_eval

    render_eval(make_console(), result, file.name, errors=errors)
    if result.n == 0:
        raise typer.Exit(EXIT_CHECK_FAILED)
