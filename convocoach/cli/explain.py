"""CLI commands for feedback: `explain MOVE` and `calibrate DIR` (rubric vs. human quality labels)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import app, make_console
from .formats import TerminalFormat

PANEL = "Feedback"


@app.command("explain", rich_help_panel=PANEL)
def explain_command(
    move: Annotated[str, typer.Argument(help="A move name, e.g. question.closed, advice, reflection.")],
    format: Annotated[TerminalFormat, typer.Option("--format", "-f", help="terminal or json.")] = "terminal",
) -> None:
    """Explain a move: what it is, why it matters, its source, examples and a better version."""
    from rich.text import Text

    from ..model.moves import load_moves
    from ..reports.theme import VALENCE_STYLE
    from ..scoring.explain import move_feedback

    fb = move_feedback(move.strip())  # unknown move -> InputError -> exit 2 with did-you-mean
    rewrites: list[tuple[str, str]] = list(fb.rewrites)
    if fb.name in load_moves().rewritable:
        from ..scoring.rewrites import suggest_rewrite

        seen = {a for a, _ in rewrites}
        for ex in fb.examples:
            if ex not in seen:
                out = suggest_rewrite(ex, fb.name)
                if out:
                    rewrites.append((ex, out))
    if format == "json":
        data = fb.to_dict()
        data["rewrites"] = [{"original": a, "rewrite": b} for a, b in rewrites]
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = make_console()
    style = VALENCE_STYLE[fb.valence]
    console.print(Text(f"{fb.title}", style="cc.title") + Text(f"  ({fb.name}, {fb.valence})", style=style))
    console.print(Text(fb.definition))
    console.print()
    console.print(Text("Why it matters", style="cc.title"))
    console.print(Text(fb.why))
    console.print()
    console.print(Text("Source: ", style="cc.dim") + Text(fb.source))
    if fb.iste:
        console.print(Text("ISTE: ", style="cc.dim") + Text(fb.iste))
    console.print()
    console.print(Text("Examples", style="cc.title"))
    for ex in fb.examples:
        console.print(Text("  • ") + Text(ex, style="cc.coach"))
    console.print()
    console.print(Text("Better move" if fb.valence != "strength" else "Build on it", style="cc.title"))
    console.print(Text(fb.better))
    if rewrites:
        console.print()
        console.print(Text("Rewrites", style="cc.title"))
        for original, better in rewrites:
            console.print(Text("  ") + Text(original, style="cc.growth"))
            console.print(Text("  → ") + Text(better, style="cc.strength"))


@app.command("calibrate", rich_help_panel=PANEL)
def calibrate_command(
    directory: Annotated[Path, typer.Argument(help="An AnnoMI-style folder (annomi_transcripts.jsonl + annomi_transcripts/).")],
    rubric: Annotated[Optional[Path], typer.Option("--rubric", help="A rubric YAML file instead of the bundled one.")] = None,
    format: Annotated[TerminalFormat, typer.Option("--format", "-f", help="terminal or json.")] = "terminal",
    min_auc: Annotated[Optional[float], typer.Option(
        "--min-auc", min=0.0, max=1.0, help="Exit 1 when the AUC is below this (e.g. 0.9 in CI).")] = None,
) -> int:
    """Check that the rubric separates strong from weak conversations: overall score vs. human labels (ROC AUC)."""
    from rich.table import Table
    from rich.text import Text

    from ..model.moves import load_moves
    from ..scoring.rubric import load_rubric

    DIMENSIONS = load_moves().dimensions
    from ..evaluate.calibrate import calibrate

    result = calibrate(directory, load_rubric(rubric))
    failed = min_auc is not None and result.auc < min_auc
    if format == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return 1 if failed else 0
    console = make_console()
    table = Table(title="Overall score per transcript", title_style="cc.title")
    table.add_column("transcript")
    table.add_column("quality")
    table.add_column("overall", justify="right")
    for d in DIMENSIONS:
        table.add_column(d, justify="right")
    for r in sorted(result.rows, key=lambda r: (-r.overall, r.id)):
        style = "cc.good" if r.quality == "high" else "cc.bad" if r.quality == "low" else ""
        table.add_row(Text(r.id), Text(r.quality, style=style), str(r.overall),
                      *[str(r.dimensions.get(d, "")) for d in DIMENSIONS])
    console.print(table)
    console.print(
        Text("ROC AUC (overall, high vs low quality): ", style="cc.title")
        + Text(f"{result.auc:.3f}", style="cc.good" if result.auc >= 0.9 else "cc.bad")
        + Text(f"  ({result.n_high} high, {result.n_low} low)", style="cc.dim")
    )
    if failed:
        console.print(Text(f"below --min-auc {min_auc}", style="cc.bad"))
    return 1 if failed else 0


@app.command("rubric", rich_help_panel=PANEL)
def rubric_command(
    path: Annotated[Optional[Path], typer.Argument(help="A programme's rubric YAML (default: the bundled one).")] = None,
    format: Annotated[TerminalFormat, typer.Option("--format", "-f", help="terminal or json.")] = "terminal",
) -> None:
    """Check and show a rubric: dimension weights, metric bands (fair/good) and ISTE indicators."""
    from rich.table import Table
    from rich.text import Text

    from ..model.moves import load_moves
    from ..scoring.rubric import METRICS, load_rubric

    DIMENSIONS = load_moves().dimensions

    r = load_rubric(path)  # invalid file -> InputError(s) with file:line:col -> exit 2
    if format == "json":
        data = r.to_dict()
        data["iste"] = [i.model_dump() for i in r.iste]
        typer.echo(json.dumps(data, indent=2))
        return
    console = make_console()
    console.print(Text(f"{r.name} (version {r.version})", style="cc.title") + Text(f"  {r.path}", style="cc.dim"))
    if r.title:
        console.print(Text(r.title))
    total = sum(w for w in r.weights.values() if w > 0) or 1.0
    table = Table(title="Dimensions", title_style="cc.title")
    table.add_column("dimension")
    table.add_column("weight", justify="right")
    table.add_column("metrics (weight)")
    for d in DIMENSIONS:
        parts = ", ".join(f"{m} ({w:g})" for m, w in r.dimensions.get(d, {}).items())
        table.add_row(d, f"{r.weights.get(d, 0.0) / total:.0%}", Text(parts))
    console.print(table)
    bands = Table(title="Bands", title_style="cc.title")
    for col in ("metric", "fair", "good", "better is", "source"):
        bands.add_column(col)
    for name, b in r.bands.items():
        bands.add_row(Text(name), f"{b.fair:g}", f"{b.good:g}", b.direction, Text(b.source or METRICS.get(name, "")))
    console.print(bands)
    for ind in r.iste:
        need = ", ".join(f"{k} >= {v:g}" for k, v in ind.evidence.items())
        console.print(Text(f"ISTE {ind.indicator} {ind.title}", style="cc.strength") + Text(f"  when {need}", style="cc.dim"))
