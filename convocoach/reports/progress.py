"""Views of a coach's practice history: the sessions table, the progress trends, a chart page."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..programme.progress import Progress, SessionSummary, Trend

if TYPE_CHECKING:
    from rich.console import Console

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], lo: float = 0.0, hi: float = 100.0) -> str:
    """▁▂▃▄▅▆▇█ for values between lo and hi."""
    span = (hi - lo) or 1.0
    return "".join(SPARKS[max(0, min(7, int((v - lo) / span * 7.999)))] for v in values)


def _e(value: object) -> str:
    from .common import visible

    return escape(visible(str(value)), quote=True)


def _line_svg(trend: Trend, hi: float = 100.0) -> str:
    """A line chart of one score across sessions, with both axes labelled: score 0-100 up the side,
    session number (oldest first) along the bottom."""
    width, height, pad = 520, 150, 40
    vals = trend.values
    n = len(vals)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad + (i * (width - 2 * pad) / (n - 1) if n > 1 else (width - 2 * pad) / 2)
        y = height - pad - max(0.0, min(hi, v)) * (height - 2 * pad) / hi
        return x, y

    parts = [f'<svg role="img" aria-label="{_e(trend.name)} score (0-100) by session" width="100%" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="{pad}" y="14">{_e(trend.name)}: {trend.slope:+.1f} points per session</text>',
             f'<text x="10" y="{height / 2:.0f}" transform="rotate(-90 10 {height / 2:.0f})" text-anchor="middle" '
             f'fill="#6b6b70">score (0-100)</text>',
             f'<text x="{width / 2:.0f}" y="{height - 4}" text-anchor="middle" fill="#6b6b70">'
             f'session (1 = oldest)</text>']
    for tick in (0, hi / 2, hi):
        _, y = xy(0, tick)
        parts.append(f'<line x1="{pad}" y1="{y:.1f}" x2="{width - pad}" y2="{y:.1f}" stroke="#e3e3e8"/>'
                     f'<text x="{pad - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#6b6b70">{tick:g}</text>')
    step = max(1, n // 10)
    for i in range(0, n, step):
        x, _ = xy(i, 0)
        parts.append(f'<text x="{x:.1f}" y="{height - pad + 14:.1f}" text-anchor="middle" fill="#6b6b70">{i + 1}</text>')
    if vals:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(vals)))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="#1565c0" stroke-width="2"/>')
        for i, v in enumerate(vals):
            x, y = xy(i, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1565c0"><title>session {i + 1}: '
                         f'{v:g}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def render_progress_html(progress: Progress, history: Sequence[SessionSummary], coach: str | None = None) -> str:
    """A self-contained progress page: the coach's name, a line chart per dimension (score by session,
    with its slope), move rates, the suggestion."""
    css = ("body{font:15px/1.5 system-ui,sans-serif;color:#1d1d1f;max-width:46rem;margin:0 auto;padding:1.5rem;"
           "overflow-wrap:break-word}"
           "h2{font-size:1.1rem;border-bottom:1px solid #e3e3e8;margin-top:1.5rem}"
           "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.2rem .4rem;"
           "border-bottom:1px solid #e3e3e8;overflow-wrap:break-word}.dim{color:#6b6b70}"
           ".up{color:#2e7d32}.down{color:#c62828}svg text{font:11px system-ui,sans-serif;fill:#1d1d1f}")
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           f"<title>{_e(coach + ': ' if coach else '')}convocoach progress</title><style>{css}</style></head><body>",
           f"<h1>{_e(coach) + ': coaching practice' if coach else 'Your coaching practice'}</h1>",
           f'<p class="dim">{progress.sessions} session(s), {progress.scored} with replies. Each chart shows a '
           "score (0-100) by session, oldest first; the trend is the least-squares slope, in points per "
           "session.</p>"]
    if progress.suggestion:
        s = progress.suggestion
        out.append(f"<p><strong>Next:</strong> {_e(s.title)} (<code>convocoach play {_e(s.scenario)}</code>): "
                   f"{_e(s.reason)}.</p>")
    if progress.overall:
        out.append("<h2>Overall</h2>" + _line_svg(progress.overall))
    if progress.dimensions:
        out.append("<h2>Rubric dimensions</h2>")
        out.extend(_line_svg(t) for t in progress.dimensions)
    if progress.moves:
        out.append("<h2>Moves per reply</h2><p class='dim'>Early sessions against recent ones (up to three each)."
                   "</p><table><tr><th>move</th><th>early</th><th>recent</th><th>trend</th></tr>")
        for t in progress.moves:
            cls = "" if t.better is None else ("up" if t.better else "down")
            out.append(f"<tr><td>{_e(t.name)}</td><td>{t.early:.2f}</td><td>{t.recent:.2f}</td>"
                       f"<td class='{cls}'>{_e(t.direction)}</td></tr>")
        out.append("</table>")
    if history:
        out.append("<h2>Sessions</h2><table><tr><th>#</th><th>started</th><th>scenario</th><th>outcome</th>"
                   "<th>overall</th></tr>")
        for i, session in enumerate(history, start=1):
            out.append(f"<tr><td>{i}</td><td>{_e(session.started)}</td><td>{_e(session.title)}</td>"
                       f"<td>{_e(session.outcome or session.status)}</td>"
                       f"<td>{_e('' if session.overall is None else session.overall)}</td></tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def history_json(history: Sequence[SessionSummary]) -> str:
    return json.dumps({"schema_version": "1", "sessions": [s.to_dict() for s in history]}, ensure_ascii=False,
                      indent=2) + "\n"


def print_history(out: Console, items: Sequence[SessionSummary], folder: Path) -> None:
    """The practice sessions as a table (or where to start when there are none)."""
    from rich.table import Table
    from rich.text import Text

    if not items:
        out.print(Text(f"No sessions yet in {folder}. Start one with: convocoach play ID", style="cc.dim"))
        return
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




def print_progress(out: Console, prog: Progress, coach: str | None = None) -> None:
    """Trends per dimension and per move, the weakest dimension, and the scenario to play next."""
    from rich.table import Table
    from rich.text import Text

    if not prog.scored:
        out.print(Text("No sessions with replies yet. Start one with: convocoach play ID", style="cc.dim"))
        return
    out.print(Text((f"{coach}: progress" if coach else "Progress") + f" over {prog.scored} session(s)",
                   style="cc.title"))
    table = Table(expand=False, box=None, pad_edge=False)
    table.add_column("dimension")
    table.add_column("sessions", no_wrap=True)
    table.add_column("last", justify="right")
    table.add_column("per session", justify="right")
    rows = ([prog.overall] if prog.overall else []) + list(prog.dimensions)
    for t in rows:
        style = "cc.good" if t.better else "cc.bad" if t.better is False else "cc.dim"
        last = "" if t.last is None else f"{t.last:g}"
        table.add_row(Text(t.name, style="cc.title" if t.name == prog.weakest else ""),
                      Text(sparkline(t.values[-30:]), style="cc.meter"), last,
                      Text(f"{t.slope:+.1f}" if t.direction != "flat" else "·", style=style))
    out.print(table)
    out.print(Text("per session: the least-squares slope of the score (0-100) over the sessions, oldest first "
                   "(· = flat)", style="cc.dim"))
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
