"""The HTML report: one self-contained file (inline CSS, inline SVG charts, no JavaScript, no network).

Every string from a transcript, a file name or a rubric is escaped with `html.escape`; bidi
controls are shown as visible markers so the page shows the text as it is.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

from .common import (
    MAX_REFS,
    RATIO_LABELS,
    STANCE_COLOURS,
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
    visible_parts,
)
from ..model.conversation import Turn
from .model import Report

VALENCE_COLOURS = {"strength": "#2e7d32", "growth": "#c77700", "neutral": "#1565c0"}

CSS = """
:root { --fg:#1d1d1f; --dim:#6b6b70; --bg:#fff; --line:#e3e3e8; --coach:#1546a0; --teacher:#8a2a7a;
  --strength:#2e7d32; --growth:#b06a00; --neutral:#1565c0; }
* { box-sizing: border-box; }
/* Long unbroken strings (names, pasted URLs) wrap instead of widening columns past the page. */
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); overflow-wrap: anywhere;
  background: var(--bg); margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
.meta, .dim { color: var(--dim); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .75rem; }
.cards.top { grid-template-columns: 9rem minmax(18rem, 1.3fr) minmax(16rem, 1fr); }
@media (max-width: 48rem) { .cards.top { grid-template-columns: 1fr; } }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
.overall { font-size: 2.5rem; font-weight: 700; line-height: 1; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: .15rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.meter { display: inline-block; width: 6rem; height: .6rem; background: var(--line); border-radius: .3rem;
  vertical-align: middle; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--neutral); }
.turn { display: grid; grid-template-columns: 3.2rem 9rem 1fr; gap: .5rem; padding: .35rem 0;
  border-bottom: 1px solid var(--line); }
.turn .who { font-weight: 600; overflow-wrap: anywhere; }
.turn.coach .who { color: var(--coach); }
.turn.teacher .who { color: var(--teacher); }
.turn.teacher .words { color: var(--dim); }
.words { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }
.gap { color: var(--dim); padding: .25rem 0 .25rem 3.7rem; }
.m { border-radius: .2rem; padding: 0 .1rem; }
.m.strength { background: #e3f3e4; border-bottom: 2px solid var(--strength); }
.m.growth { background: #fff1d6; border-bottom: 2px solid var(--growth); }
.m.neutral { background: #e3edf9; border-bottom: 2px solid var(--neutral); }
.tags { margin-top: .2rem; font-size: .85rem; }
.tag { display: inline-block; border-radius: 1rem; padding: 0 .5rem; margin: 0 .25rem .15rem 0;
  border: 1px solid currentColor; }
.tag.strength { color: var(--strength); } .tag.growth { color: var(--growth); }
.tag.neutral { color: var(--neutral); } .tag.stance { color: var(--dim); }
.ctl { color: #c62828; font-family: ui-monospace, monospace; font-size: .8em; }
ul.fb { padding-left: 1.2rem; } ul.fb li { margin-bottom: .4rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1d1d1f; }
@media print { .turn { break-inside: avoid; } }
"""


def _e(text: object) -> str:
    """Escape for HTML text and attributes; invisible controls become visible markers."""
    return escape(visible(str(text)), quote=True)


def _words(text: str) -> str:
    """Escape, and style the visible control-character markers (only those: a "⟧" in the text
    itself stays text)."""
    return "".join(f'<span class="ctl">{escape(piece)}</span>' if marker else escape(piece, quote=True)
                   for piece, marker in visible_parts(text))


def turn_html(turn: Turn) -> str:
    if turn.role == "coach":
        parts = []
        for seg in segments(turn.text, turn.moves):
            if seg.moves:
                title = "; ".join(f"{m.name}: {m.message}" if m.message else m.name for m in seg.moves)
                parts.append(f'<span class="m {seg.valence}" title="{_e(title)}">{_words(seg.text)}</span>')
            else:
                parts.append(_words(seg.text))
        words = "".join(parts)
    else:
        words = _words(turn.text)
    tags = ""
    if turn.role == "coach":
        chips = []
        if turn.stance:
            chips.append(f'<span class="tag stance">{_e(turn.stance)}</span>')
        seen: dict[str, int] = {}
        for m in turn.moves:
            seen[m.name] = seen.get(m.name, 0) + 1
        for name, n in seen.items():
            count = f" ×{n}" if n > 1 else ""
            chips.append(f'<span class="tag {valence(name)}" title="{_e(summary_of(name))}">{_e(label(name))}{count}</span>')
        tags = f'<div class="tags">{"".join(chips)}</div>' if chips else ""
    when = f'<div class="dim">{_e(fmt_time(turn.start))}</div>' if turn.start is not None else "<div></div>"
    return (
        f'<div class="turn {turn.role}" id="turn-{turn.index + 1}"><div class="dim">{_e(turn_no(turn.index))}</div>'
        f'<div><div class="who">{_words(turn.speaker)}</div>{when}</div>'
        f'<div><div class="words">{words}</div>{tags}</div></div>'
    )


def stance_svg(report: Report) -> str:
    points = report.summary.stance_timeline
    if not points:
        return '<p class="dim">No coach turns.</p>'
    width, height, pad = 720, 70, 4
    step = (width - 2 * pad) / len(points)
    rects = []
    for i, p in enumerate(points):
        colour = STANCE_COLOURS.get(p.stance, "#9e9e9e")
        tip = f"turn {p.index + 1}: {p.stance}" + (f" at {fmt_time(p.start)}" if p.start is not None else "")
        rects.append(
            f'<rect x="{pad + i * step:.2f}" y="8" width="{max(step - 1, 1):.2f}" height="34" fill="{colour}">'
            f"<title>{_e(tip)}</title></rect>"
        )
    legend = []
    x = pad
    for stance, colour in STANCE_COLOURS.items():
        legend.append(f'<rect x="{x}" y="52" width="10" height="10" fill="{colour}"/>'
                      f'<text x="{x + 14}" y="61">{_e(stance)}</text>')
        x += 20 + 8 * len(stance)
    return (
        f'<svg role="img" aria-label="Stance of each coach turn, in order" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">{"".join(rects)}{"".join(legend)}</svg>'
    )


def counts_svg(report: Report) -> str:
    items = sorted(((k, v) for k, v in report.summary.counts.items() if v), key=lambda kv: (-kv[1], kv[0]))
    if not items:
        return '<p class="dim">No moves detected.</p>'
    top = max(v for _, v in items)
    row, label_w, bar_w = 22, 170, 480
    height = row * len(items) + 6
    bars = []
    for i, (name, n) in enumerate(items):
        y = 4 + i * row
        w = max(2.0, bar_w * n / top)
        bars.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_e(label(name))}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="16" fill="{VALENCE_COLOURS[valence(name)]}">'
            f"<title>{_e(name)}: {n}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 14}">{n}</text>'
        )
    return (
        f'<svg role="img" aria-label="Count of each move" viewBox="0 0 {label_w + bar_w + 50} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
    )


def talk_svg(report: Report) -> str:
    talk = report.summary.talk
    if talk is None or talk.coach + talk.teacher <= 0:
        return '<p class="dim">No talk measured.</p>'
    share = talk.coach / (talk.coach + talk.teacher)
    width = 720
    cw = (width - 8) * share
    unit = "s" if talk.unit == "seconds" else " words"
    return (
        f'<svg role="img" aria-label="Talk share: coach {share * 100:.0f} percent" viewBox="0 0 {width} 56" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="4" y="4" width="{cw:.1f}" height="26" fill="#1546a0"><title>coach {talk.coach:g}{unit}</title></rect>'
        f'<rect x="{4 + cw:.1f}" y="4" width="{width - 8 - cw:.1f}" height="26" fill="#8a2a7a">'
        f"<title>teacher {talk.teacher:g}{unit}</title></rect>"
        f'<text x="4" y="48">coach {share * 100:.0f}% ({talk.coach:g}{unit})</text>'
        f'<text x="{width - 4}" y="48" text-anchor="end">teacher {(1 - share) * 100:.0f}% ({talk.teacher:g}{unit})</text>'
        "</svg>"
    )


def report_section(report: Report, context: int | None = None) -> str:
    s = report.summary
    dims = "".join(
        f'<tr><td>{_e(d)}</td><td class="num">{v}</td><td><span class="meter"><span style="width:{max(0, min(100, v))}%">'
        f'</span></span></td><td class="dim">{_e(s.bands.get(d, ""))}</td></tr>'
        for d, v in s.dimensions.items()
    )
    ratios = "".join(
        f'<tr><td>{_e(RATIO_LABELS.get(k, k))}</td><td class="num">{_e(fmt_ratio(k, v))}</td>'
        f'<td class="dim">{_e(s.bands.get(k, ""))}</td></tr>'
        for k, v in s.ratios.items()
    )
    qtypes = "".join(f'<tr><td>{_e(label(k))}</td><td class="num">{v}</td></tr>' for k, v in s.question_types.items() if v)
    fb = []
    for heading, items in (("Strengths", report.strengths), ("Things to try", report.to_try)):
        lis = "".join(
            f"<li><strong>{_e(f.title)}</strong>"
            + (f' <span class="dim">({_turn_links(f.turns)})</span>' if f.turns else "")
            + f"<br>{_e(f.message)}"
            + (f' <span class="dim">Source: {_e(f.source)}</span>' if f.source else "")
            + "</li>"
            for f in items
        ) or '<li class="dim">none this time</li>'
        fb.append(f'<div class="card"><h3>{heading}</h3><ul class="fb">{lis}</ul></div>')
    turns = "".join(
        '<div class="gap">…</div>' if t is None else turn_html(t) for t in select_turns(report, context)
    )
    redacted = ' · <span class="dim">names redacted</span>' if report.redacted else ""
    return f"""<section class="report">
<h1>Review of {_e(report.source)}</h1>
<p class="meta">Coach: {_e(report.coach)} · {s.coach_turns} coach turns, {s.teacher_turns} teacher turns · format {_e(report.format)}{redacted}</p>
<div class="cards top">
<div class="card"><div class="dim">Overall</div><div class="overall">{s.overall}</div><div class="dim">out of 100</div></div>
<div class="card"><table>{dims}</table></div>
<div class="card"><table>{ratios}</table></div>
</div>
<h2>Feedback</h2>
<div class="cards">{"".join(fb)}</div>
<h2>Stance timeline</h2>
{stance_svg(report)}
<h2>Moves</h2>
{counts_svg(report)}
{f'<table style="max-width:24rem"><tr><th>question type</th><th class="num">count</th></tr>{qtypes}</table>' if qtypes else ""}
<h2>Talk share</h2>
{talk_svg(report)}
<h2>Transcript</h2>
{turns}
</section>"""


def _turn_links(turns: Sequence[int]) -> str:
    refs = turn_refs(turns)
    head, _, _ = refs.partition("#")
    links = ", ".join(f'<a href="#turn-{i + 1}">#{i + 1}</a>' for i in turns[:MAX_REFS])
    more = f" +{len(turns) - MAX_REFS} more" if len(turns) > MAX_REFS else ""
    return f"{_e(head)}{links}{more}"


def render_html(reports: Sequence[Report], context: int | None = None) -> str:
    """A complete HTML document for one or more reports."""
    title = "convocoach review" + (f": {reports[0].source}" if len(reports) == 1 else f" ({len(reports)} transcripts)")
    overview = ""
    if len(reports) > 1:
        rows = "".join(
            f'<tr><td><a href="#report-{i}">{_e(r.source)}</a></td><td>{_e(r.coach)}</td>'
            f'<td class="num">{r.summary.coach_turns}</td><td class="num">{r.summary.overall}</td></tr>'
            for i, r in enumerate(reports, start=1)
        )
        overview = (f'<h1>{len(reports)} transcripts</h1><table><tr><th>source</th><th>coach</th>'
                    f'<th class="num">coach turns</th><th class="num">overall</th></tr>{rows}</table>')
    sections = "".join(
        f'<div id="report-{i}">{report_section(r, context)}</div>' for i, r in enumerate(reports, start=1)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>{_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
{overview}
{sections}
<footer class="dim"><p>Generated by convocoach. Highlights: <span class="m strength">strength</span>
<span class="m growth">something to try instead</span> <span class="m neutral">neutral</span>. Hover a highlight for the rule.
</p></footer>
</body>
</html>
"""
