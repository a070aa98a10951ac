"""The terminal report (rich): the transcript with highlighted move spans, a legend, summary panels."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .common import (
    RATIO_LABELS,
    STANCE_LETTERS,
    fmt_ratio,
    fmt_time,
    label,
    segments,
    select_turns,
    summary_of,
    turn_no,
    turn_refs,
    valence,
    visible,
)
from ..model.conversation import Turn
from .model import Report
from .theme import VALENCE_STYLE

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

STANCE_STYLE = {
    "coaching": "cc.strength", "consulting": "cc.growth", "collaborating": "cc.neutral",
    "evaluating": "cc.bad", "neutral": "cc.dim",
}


def turn_text(turn: Turn) -> Text:
    """A turn's words with each move span styled by valence (user text is never markup)."""
    out = Text()
    for seg in segments(turn.text, turn.moves):
        style = VALENCE_STYLE.get(seg.valence or "", "")
        if seg.moves:
            style = f"{style} cc.match" if style else "cc.match"
        out.append(visible(seg.text), style=style or None)
    return out


def _tags(turn: Turn) -> Text | None:
    if turn.role != "coach" or not (turn.moves or turn.stance):
        return None
    tags = Text()
    if turn.stance:
        tags.append(f"[{turn.stance}]", style=STANCE_STYLE.get(turn.stance, "cc.dim"))
    names: dict[str, int] = {}
    for m in turn.moves:
        names[m.name] = names.get(m.name, 0) + 1
    for name, n in names.items():
        tags.append(" ")
        tags.append(label(name) + (f" ×{n}" if n > 1 else ""), style=VALENCE_STYLE[valence(name)])
    return tags


def transcript_table(report: Report, context: int | None = None) -> Table:
    """The transcript as one grid: number, time, speaker, then the words (wrapped in their column)."""
    timed = any(t.start is not None for t in report.turns)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="cc.dim", no_wrap=True)
    if timed:
        grid.add_column(style="cc.dim", no_wrap=True)
    grid.add_column(max_width=24, overflow="fold")
    grid.add_column(ratio=1, overflow="fold")
    for turn in select_turns(report, context):
        if turn is None:
            grid.add_row("…", *([""] if timed else []), "", "")
            continue
        who = Text(visible(turn.speaker) + ":", style="cc.coach" if turn.role == "coach" else "cc.teacher")
        body = turn_text(turn) if turn.role == "coach" else Text(visible(turn.text), style="cc.dim")
        tags = _tags(turn)
        if tags is not None:
            body = Text("\n").join([body, tags])
        when = [fmt_time(turn.start)] if timed else []
        grid.add_row(turn_no(turn.index), *when, who, body)
    return grid


def legend(report: Report) -> Text:
    seen = sorted({m.name for t in report.turns for m in t.moves}, key=lambda n: (valence(n), n))
    text = Text("Legend: ", style="cc.title")
    text.append("strength", style="cc.strength")
    text.append(" · ")
    text.append("try instead", style="cc.growth")
    text.append(" · ")
    text.append("neutral", style="cc.neutral")
    text.append("\nStance letters: " + "  ".join(f"{v}={k}" for k, v in STANCE_LETTERS.items()), style="cc.dim")
    for name in seen:
        text.append("\n  ")
        text.append(label(name), style=VALENCE_STYLE[valence(name)])
        text.append(f"  {summary_of(name)}", style="cc.dim")
    return text


def scores_panel(report: Report) -> Panel:
    s = report.summary
    table = Table.grid(padding=(0, 2))
    table.add_column()
    table.add_column(justify="right")
    table.add_column()
    table.add_row(Text("overall", style="cc.title"), Text(str(s.overall), style="cc.title"), _bar(s.overall))
    for dim, score in s.dimensions.items():
        band = s.bands.get(dim, "")
        table.add_row(Text(dim), Text(str(score)), _bar(score) + Text(f" {band}", style=_band_style(band)))
    return Panel(table, title="Scores", title_align="left", border_style="cc.dim")


def _band_style(band: str) -> str:
    return {"good": "cc.good", "fair": "cc.warning", "below fair": "cc.bad"}.get(band, "cc.dim")


def _bar(value: int, width: int = 20) -> Text:
    n = max(0, min(width, round(value * width / 100)))
    return Text("█" * n, style="cc.meter") + Text("░" * (width - n), style="cc.dim")


def moves_panel(report: Report) -> Panel:
    s = report.summary
    table = Table(show_header=True, header_style="cc.title", box=None, padding=(0, 1))
    table.add_column("move")
    table.add_column("count", justify="right")
    for name, n in sorted(s.counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if n:
            table.add_row(Text(label(name), style=VALENCE_STYLE[valence(name)]), str(n))
    if not table.row_count:
        table.add_row(Text("no moves detected", style="cc.dim"), "")
    return Panel(table, title="Moves", title_align="left", border_style="cc.dim")


def ratios_panel(report: Report) -> Panel:
    s = report.summary
    table = Table.grid(padding=(0, 1))
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    for key, value in s.ratios.items():
        band = s.bands.get(key, "")
        table.add_row(Text(RATIO_LABELS.get(key, key)), Text(fmt_ratio(key, value)), Text(band, style=_band_style(band)))
    if s.talk is not None:
        table.add_row(
            Text(f"talk in {s.talk.unit}: coach {s.talk.coach:g} · teacher {s.talk.teacher:g}", style="cc.dim"),
            Text(""), Text(""),
        )
    return Panel(table, title="Ratios", title_align="left", border_style="cc.dim")


def timeline(report: Report) -> Panel:
    text = Text()
    for p in report.summary.stance_timeline:
        text.append(STANCE_LETTERS.get(p.stance, "?"), style=STANCE_STYLE.get(p.stance, "cc.dim"))
    counts = report.summary.stance_counts
    text.append("\n")
    text.append("  ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])), style="cc.dim")
    return Panel(text, title="Stance timeline (coach turns)", title_align="left", border_style="cc.dim")


def feedback_panel(report: Report) -> Panel:
    text = Text()
    for kind, items, style in (("Strengths", report.strengths, "cc.strength"), ("Things to try", report.to_try, "cc.growth")):
        text.append(kind + "\n", style=f"{style}")
        if not items:
            text.append("  none this time\n", style="cc.dim")
        for f in items:
            text.append("  • ")
            text.append(visible(f.title), style="cc.title")
            refs = turn_refs(f.turns)
            if refs:
                text.append(f" ({refs})", style="cc.dim")
            text.append("\n    " + visible(f.message) + "\n")
    text.rstrip()
    return Panel(text, title="Feedback", title_align="left", border_style="cc.dim")


def render_report(report: Report, context: int | None = None) -> Group:
    """Everything for one transcript, as a rich renderable."""
    title = Text("Review: ", style="cc.title") + Text(visible(report.title), style="cc.title")
    title.append(f"  coach: {visible(report.coach)}", style="cc.coach")
    if report.redacted:
        title.append("  (names redacted)", style="cc.dim")
    parts: list[RenderableType] = [title, Text(f"read as {report.format_name} · {visible(report.source)}",
                                                style="cc.dim", overflow="fold")]
    s = report.summary
    if s.next_step:
        parts.append(Text("Work on this next: ", style="cc.title") + Text(visible(s.next_step)))
    if s.participants:
        unit = "s" if s.talk is not None and s.talk.unit == "seconds" else " words"
        parts.append(Text("Speakers: ", style="cc.dim") + Text(" · ".join(
            f"{visible(p.speaker)} ({p.role}, {p.turns} turn{'s' if p.turns != 1 else ''}, {p.talk:g}{unit})"
            for p in s.participants)))
    parts += [Text(""), transcript_table(report, context)]
    parts += [Text(""), legend(report), scores_panel(report)]
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=2)
    grid.add_column(ratio=3)
    grid.add_row(moves_panel(report), ratios_panel(report))
    parts += [grid, timeline(report), feedback_panel(report)]
    return Group(*parts)


def print_reports(console: Console, reports: Sequence[Report], context: int | None = None) -> None:
    for i, report in enumerate(reports):
        if i:
            console.rule(style="cc.dim")
        console.print(render_report(report, context))


def render_text(reports: Sequence[Report], context: int | None = None, width: int = 100, color: bool = False) -> str:
    """The terminal report as a string (for -o FILE.txt and snapshot tests)."""
    from io import StringIO

    from rich.console import Console

    from .theme import THEME, SafeOutput

    buf = StringIO()
    console = Console(file=buf, width=width, theme=THEME, force_terminal=color, no_color=not color,
                      highlight=False, emoji=False, markup=False, color_system="standard" if color else None)
    console.push_render_hook(SafeOutput())  # a .txt report is read with cat: no escapes in it either
    print_reports(console, reports, context)
    return buf.getvalue()


def summary_table(reports: Sequence[Report], width: int = 120) -> Table:
    """A rich table: one row per transcript with its scores and top thing to try."""
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
