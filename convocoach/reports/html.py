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
from .model import Participant, Report

VALENCE_COLOURS = {"strength": "#2e7d32", "growth": "#c77700", "neutral": "#1565c0"}

CSS = """
:root { --fg:#1d1d1f; --dim:#6b6b70; --bg:#fff; --line:#e3e3e8; --coach:#1546a0; --teacher:#8a2a7a;
  --strength:#2e7d32; --growth:#b06a00; --neutral:#1565c0; }
* { box-sizing: border-box; }
/* Words wrap whole; only a string too long for its line (an email, a pasted URL) is broken, so
   columns never split "below" into "bel / ow" and nothing widens the page. */
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  overflow-wrap: break-word; word-break: normal; hyphens: manual;
  background: var(--bg); margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.next { border-left: 4px solid var(--growth); background: #fff7e8; padding: .5rem .75rem; margin: .5rem 0 1rem; }
.card, .turn > div { min-width: 0; }
svg { display: block; max-width: 100%; }
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
/* Tables of names (speakers, files): fixed columns, so a 300-character name breaks inside its cell
   instead of widening the table past the page. */
table.names { table-layout: fixed; }
.meter { display: inline-block; width: 6rem; height: .6rem; background: var(--line); border-radius: .3rem;
  vertical-align: middle; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--neutral); }
.turn { display: grid; grid-template-columns: 3.2rem 9rem minmax(0, 1fr); gap: .5rem; padding: .35rem 0;
  border-bottom: 1px solid var(--line); }
.turn .who { font-weight: 600; }
.turn.observer .who { color: var(--dim); }
.turn.coach .who { color: var(--coach); }
.turn.teacher .who { color: var(--teacher); }
.turn.teacher .words, .turn.observer .words { color: var(--dim); }
.words { white-space: pre-wrap; unicode-bidi: plaintext; }
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


def _path(path: str) -> str:
    """A file path that a narrow window breaks after a slash, never inside a folder or file name."""
    return _e(path).replace("/", "/<wbr>").replace("\\", "\\<wbr>")


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


def _ticks(span: float, target: int = 8) -> float:
    """A tick step (seconds) that gives at most `target` ticks over `span`."""
    return next((step for step in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600) if span / step <= target),
                7200.0)


def stance_svg(report: Report) -> str:
    """The stance of each coach turn: on a time axis, each block as wide as the turn's speech, when
    the transcript has times; else in order, equal widths."""
    points = report.summary.stance_timeline
    if not points:
        return '<p class="dim">No coach turns.</p>'
    width, pad = 720, 4
    inner = width - 2 * pad
    by_index = {t.index: t for t in report.turns}
    starts = [t.start for t in report.turns if t.start is not None]
    ends = [t.end for t in report.turns if t.end is not None]
    timed = all(p.start is not None and p.end is not None for p in points) and bool(starts and ends)
    t0 = min(starts) if timed else 0.0
    span = max((max(ends) - t0) if timed else float(len(points)), 1e-9)
    rects, axis = [], []
    for i, p in enumerate(points):
        colour = STANCE_COLOURS.get(p.stance, "#9e9e9e")
        if timed and p.start is not None and p.end is not None:
            turn = by_index.get(p.index)
            dur = turn.talk if turn is not None and turn.talk is not None else p.end - p.start
            x, w = pad + (p.start - t0) / span * inner, max(dur / span * inner, 2.0)
        else:
            x, w = pad + i * inner / len(points), max(inner / len(points) - 1, 1.0)
        tip = f"turn {p.index + 1}: {p.stance}" + (f" at {fmt_time(p.start)}" if p.start is not None else "")
        rects.append(f'<rect x="{x:.2f}" y="8" width="{w:.2f}" height="34" fill="{colour}"><title>{_e(tip)}</title></rect>')
    if timed:
        step = _ticks(span)
        k = 0
        while k * step <= span:
            x = pad + k * step / span * inner
            anchor = "start" if k == 0 else "middle"
            axis.append(f'<line x1="{x:.1f}" y1="44" x2="{x:.1f}" y2="49" stroke="#6b6b70"/>'
                        f'<text x="{x:.1f}" y="61" text-anchor="{anchor}">{_e(fmt_time(t0 + k * step))}</text>')
            k += 1
        axis.append(f'<line x1="{pad}" y1="44" x2="{width - pad}" y2="44" stroke="#6b6b70"/>')
    else:
        axis.append(f'<text x="{pad}" y="61">coach turns in order (this transcript has no end times)</text>')
    legend = []
    x = pad
    for stance, colour in STANCE_COLOURS.items():
        legend.append(f'<rect x="{x}" y="72" width="10" height="10" fill="{colour}"/>'
                      f'<text x="{x + 14}" y="81">{_e(stance)}</text>')
        x += 20 + 8 * len(stance)
    label_ = "Stance of each coach turn over time" if timed else "Stance of each coach turn, in order"
    return (
        f'<svg role="img" aria-label="{label_}" viewBox="0 0 {width} 88" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">{"".join(rects)}{"".join(axis)}{"".join(legend)}</svg>'
    )


def wait_svg(report: Report) -> str:
    """Each wait after a coach question, as a bar, with the 3-second mark."""
    waits = report.summary.waits
    if not waits:
        why = ("this transcript has no end times" if report.summary.talk is None or report.summary.talk.unit == "words"
               else "no coach question was followed by another speaker")
        return f'<p class="dim">No wait times: {_e(why)}.</p>'
    row, label_w, bar_w = 22, 230, 430
    top = max(4.0, max(w.seconds for w in waits))
    height = row * len(waits) + 24
    bars = []
    for i, w in enumerate(waits):
        y = 4 + i * row
        who = w.to if len(w.to) <= 24 else w.to[:23] + "…"
        length = max(2.0, bar_w * w.seconds / top)
        colour = "#2e7d32" if w.seconds >= 3 else "#c77700"
        bars.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_e(f"#{w.index + 1} → {who}")}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="16" fill="{colour}">'
            f"<title>{_e(f'after turn {w.index + 1}, {w.to} started {w.seconds:g} s later')}</title></rect>"
            f'<text x="{label_w + length + 6:.1f}" y="{y + 14}">{w.seconds:g} s</text>')
    mark = label_w + bar_w * 3 / top
    bars.append(f'<line x1="{mark:.1f}" y1="2" x2="{mark:.1f}" y2="{height - 18}" stroke="#1d1d1f" stroke-dasharray="3 3"/>'
                f'<text x="{mark:.1f}" y="{height - 4}" text-anchor="middle">3 s</text>')
    return (
        f'<svg role="img" aria-label="Wait time after each coach question" viewBox="0 0 {label_w + bar_w + 60} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
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
    """Each participant's share of the talk, one segment each, and a table naming them."""
    talk = report.summary.talk
    people = list(report.summary.participants)
    if talk is not None and not people:  # a report built without participants: the two sides
        people = [Participant(speaker="coach", role="coach", talk=talk.coach),
                  Participant(speaker="teacher", role="teacher", talk=talk.teacher)]
    whole = sum(p.talk for p in people)
    if talk is None or whole <= 0:
        return '<p class="dim">No talk measured.</p>'
    share = talk.coach / (talk.coach + talk.teacher) if talk.coach + talk.teacher > 0 else 0.0
    width, x = 720, 4.0
    unit = " s" if talk.unit == "seconds" else " words"
    parts = []
    shades = {"coach": ["#1546a0", "#4f7fd6"], "teacher": ["#8a2a7a", "#b5579f", "#5e1d54"], "observer": ["#9e9e9e"]}
    seen: dict[str, int] = {}
    for p in people:
        w = (width - 8) * p.talk / whole
        n = seen[p.role] = seen.get(p.role, -1) + 1
        fill = shades[p.role][n % len(shades[p.role])]
        parts.append(f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="26" fill="{fill}" '
                     f'stroke="#fff"><title>{_e(f"{p.speaker} ({p.role}): {p.talk:g}{unit}")}</title></rect>')
        x += w
    caption = f"coach {share * 100:.0f}% of coach and teacher talk ({talk.coach:g}{unit} of {talk.coach + talk.teacher:g}{unit})"
    rows = "".join(
        f'<tr><td>{_words(p.speaker)}</td><td>{_e(p.role)}</td><td class="num">{p.turns}</td>'
        f'<td class="num">{p.talk:g}{unit}</td><td class="num">{_e(fmt_ratio("coach_talk_share", p.share))}</td></tr>'
        for p in people)
    return (
        f'<svg role="img" aria-label="Talk share: coach {share * 100:.0f} percent" viewBox="0 0 {width} 48" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}<text x="4" y="44">{_e(caption)}</text></svg>'
        '<table class="names"><colgroup>' + "".join(f'<col style="width:{w}%">' for w in (32, 20, 14, 20, 14))
        + '</colgroup>'
        f'<tr><th>speaker</th><th>role</th><th class="num">turns</th><th class="num">talk</th>'
        f'<th class="num">share</th></tr>{rows}</table>'
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
    lost = (f' · <span class="dim">{s.unattributed} cues with no speaker left out</span>' if s.unattributed else "")
    nxt = f'<p class="next"><strong>Work on this next:</strong> {_e(s.next_step)}</p>' if s.next_step else ""
    return f"""<section class="report">
<h1>{_e(report.title)}</h1>
<p class="meta">{_path(report.source)} · read as {_e(report.format_name)}</p>
<p class="meta">Coach: {_e(report.coach)} · {s.coach_turns} coach turns, {s.teacher_turns} other turns{redacted}{lost}</p>
{nxt}
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
<h2>Who talked</h2>
{talk_svg(report)}
<h2>Wait time after questions</h2>
{wait_svg(report)}
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
    title = "convocoach review" + (f": {reports[0].title}" if len(reports) == 1 else f" ({len(reports)} transcripts)")
    overview = ""
    if len(reports) > 1:
        rows = "".join(
            f'<tr><td title="{_e(r.source)}"><a href="#report-{i}">{_e(r.title)}</a></td><td>{_e(r.coach)}</td>'
            f'<td class="num">{r.summary.coach_turns}</td><td class="num">{r.summary.overall}</td></tr>'
            for i, r in enumerate(reports, start=1)
        )
        overview = (f'<h1>{len(reports)} transcripts</h1><table class="names"><colgroup><col style="width:45%">'
                    f'<col style="width:30%"><col><col></colgroup><tr><th>file</th><th>coach</th>'
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
