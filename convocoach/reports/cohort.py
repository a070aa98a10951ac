"""The cohort report: one self-contained HTML page (inline CSS and SVG, no JavaScript, no network).

Sections: a summary, pass rates per scenario, the distribution of each rubric dimension across
participants (an SVG strip per dimension), the most common growth areas, a section per
participant, and the files that could not be graded. Every string is escaped with html.escape;
invisible/bidi controls are shown as visible markers.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from ..model.moves import load_moves
from ..programme.assignment import describe_criteria
from .common import visible

if TYPE_CHECKING:
    from ..programme.grading import Gradebook, ParticipantGrade

CSS = """
:root { --fg:#1d1d1f; --dim:#6b6b70; --line:#e3e3e8; --good:#2e7d32; --bad:#c62828; --warn:#b06a00;
  --accent:#1565c0; }
* { box-sizing: border-box; }
/* Words wrap whole ("breakthrough", never "breakthroug h"): break-word only breaks a string longer
   than its whole line (a pasted URL, a hostile name), and in a table cell it lets the column grow to
   the longest word first. File paths and messages may break anywhere. */
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); overflow-wrap: break-word;
  background: #fff; margin: 0 auto; max-width: 62rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .3rem; }
.dim { color: var(--dim); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .9rem; }
.big { font-size: 1.8rem; font-weight: 700; line-height: 1.1; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: .2rem .45rem; border-bottom: 1px solid var(--line); vertical-align: top;
  overflow-wrap: break-word; hyphens: manual; }
td.path { overflow-wrap: anywhere; }
/* On a narrow screen a wide table scrolls inside its box; the page itself never gets wider. */
.scroll { overflow-x: auto; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th { white-space: nowrap; overflow-wrap: normal; }
.status { font-weight: 600; }
.status.pass { color: var(--good); } .status.fail { color: var(--bad); }
.status.flagged { color: var(--warn); } .status.invalid { color: var(--dim); }
.bar { display: inline-block; height: .6rem; background: var(--accent); border-radius: .3rem; vertical-align: middle; }
ul { padding-left: 1.2rem; } li { margin-bottom: .2rem; }
.flag { color: var(--warn); }
pre.msg { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font: inherit; }
section.person { border-top: 1px solid var(--line); margin-top: 1rem; }
svg text { font: 11px system-ui, sans-serif; fill: #1d1d1f; }
@media print { section.person { break-inside: avoid; } }
"""


def _e(value: object) -> str:
    return escape(visible(str(value)), quote=True)


def _num(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _strip_svg(label: str, values: list[float]) -> str:
    """A dot strip 0-100 with a histogram of 10-point bins behind it and the median marked."""
    width, height, left, right = 560, 46, 96, 12
    span = width - left - right

    def x(v: float) -> float:
        return left + max(0.0, min(100.0, v)) * span / 100

    bins = Counter(min(9, int(v // 10)) for v in values)
    top = max(bins.values()) if bins else 1
    parts = [f'<svg role="img" aria-label="{_e(label)} scores" width="100%" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<text x="0" y="22">{_e(label)}</text>']
    for b, n in sorted(bins.items()):
        h = 26 * n / top
        parts.append(f'<rect x="{x(b * 10) + 1:.1f}" y="{30 - h:.1f}" width="{span / 10 - 2:.1f}" '
                     f'height="{h:.1f}" fill="#dbe6f5"><title>{b * 10}-{b * 10 + 9}: {n}</title></rect>')
    parts.append(f'<line x1="{left}" y1="30" x2="{width - right}" y2="30" stroke="#b0b0b8"/>')
    for tick in (0, 50, 100):
        parts.append(f'<text x="{x(tick):.1f}" y="43" text-anchor="middle" fill="#6b6b70">{tick}</text>')
    for v in values:
        parts.append(f'<circle cx="{x(v):.1f}" cy="30" r="3.2" fill="#1565c0" fill-opacity="0.6"/>')
    if values:
        ordered = sorted(values)
        mid = len(ordered) // 2
        median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        parts.append(f'<line x1="{x(median):.1f}" y1="6" x2="{x(median):.1f}" y2="34" stroke="#c62828" '
                     f'stroke-width="2"><title>median {median:g}</title></line>')
    parts.append("</svg>")
    return "".join(parts)


def _person(p: ParticipantGrade) -> str:
    out = [f'<section class="person"><h3>{_e(p.name)} <span class="dim">({_e(p.participant_id)})</span> '
           f'<span class="status {_e(p.status)}">{_e(p.status)}</span></h3>']
    dims = p.dimensions
    out.append(f'<p class="dim">overall {_num(p.overall)}'
               + "".join(f" · {_e(d)} {_num(v)}" for d, v in dims.items()) + "</p>")
    out.append('<div class="scroll"><table><tr><th>scenario</th><th>result</th><th class="num">attempts</th><th>outcome</th>'
               '<th class="num">overall</th><th>why</th></tr>')
    for s in p.scenarios:
        status = "pass" if s.passed else "fail"
        out.append(f"<tr><td>{_e(s.title)}</td><td class='status {status}'>{status}</td>"
                   f"<td class='num'>{s.finished}/{s.required}</td>"
                   f"<td>{_e(s.best.outcome if s.best and s.best.outcome else ('unfinished' if s.submitted else 'missing'))}"
                   + (f" <span class='dim'>({s.submitted - s.finished} unfinished, not graded)</span>"
                      if s.submitted > s.finished else "") + "</td>"
                   f"<td class='num'>{_num(s.best.overall if s.best else None)}</td>"
                   f"<td>{'<br>'.join(_e(r) for r in s.reasons) or '<span class=dim>criteria met</span>'}</td></tr>")
    out.append("</table></div>")
    growth = p.growth_areas
    if growth:
        out.append("<p>Things to try: " + "; ".join(_e(g) for g in growth[:5]) + "</p>")
    flags = p.all_flags
    if flags:
        out.append("<ul>")
        for f in flags:
            where = f"{f.scenario} #{f.attempt}: " if f.scenario else ""
            cls = "flag" if f.severity == "integrity" else "dim"
            out.append(f'<li class="{cls}">{_e(f.kind)} · {_e(where + f.message)}</li>')
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def render_cohort_html(book: Gradebook) -> str:
    """The cohort report as one HTML document (pass a redacted gradebook for anonymous output)."""
    a = book.assignment
    people = book.participants
    n = len(people)
    passed = sum(1 for p in people if p.passed)
    failed = sum(1 for p in people if p.status == "fail")
    flagged = sum(1 for p in people if p.flagged)
    html = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">",
            f"<title>{_e(a.title)}: cohort report</title><style>{CSS}</style></head><body>",
            f"<h1>{_e(a.title)}</h1>",
            f'<p class="dim">assignment {_e(a.id)}'
            + (f" · due {_e(a.assignment.due.isoformat())}" if a.assignment.due else "")
            + f" · rubric {_e(a.rubric.name)} · convocoach {_e(book.convocoach_version)}"
            + f" · lexicon {_e(book.lexicon_hash or 'n/a')}</p>",
            '<div class="cards">']
    for label, value, cls in (("participants", n, ""), ("passed", passed, "pass"), ("failed", failed, "fail"),
                              ("flagged", flagged, "flagged"), ("invalid files", len(book.problems), "invalid")):
        html.append(f'<div class="card"><div class="big status {cls}">{value}</div><div class="dim">{label}</div></div>')
    html.append("</div>")

    from ..programme.grading import GRADING_POLICY

    html.append(f'<h2>Grading policy</h2><p class="policy">{_e(GRADING_POLICY)}</p>')
    html += _scenarios_section(book)
    html += _growth_section(book)
    html.append("<h2>Participants</h2>")
    if not people:
        html.append('<p class="dim">No submission could be graded.</p>')
    html.extend(_person(p) for p in people)

    if book.problems:
        html.append("<h2>Files that could not be graded</h2><table><tr><th>file</th><th>problem</th></tr>")
        for prob in book.problems:
            html.append(f"<tr><td class='path'>{_e(prob.source)}</td><td><pre class='msg'>{_e(prob.message)}</pre></td></tr>")
        html.append("</table>")
    html.append('<p class="dim">Graded offline by replaying every reply through convocoach; '
                "stored scores and outcomes are never trusted.</p></body></html>")
    return "\n".join(html) + "\n"


def _scenarios_section(book: Gradebook) -> list[str]:
    """Pass counts per scenario, and the score distribution per dimension."""
    a, people = book.assignment, book.participants
    n = len(people)
    html: list[str] = []
    html.append("<h2>Scenarios</h2><table><tr><th>scenario</th><th class='num'>passed</th>"
                "<th>pass criteria</th></tr>")
    for item in a.scenarios:
        k = sum(1 for p in people for s in p.scenarios if s.scenario == item.id and s.passed)
        width = round(60 * k / n) if n else 0
        html.append(f"<tr><td>{_e(item.title)}<br><span class='dim'>{_e(item.id)} v{item.version}</span></td>"
                    f"<td class='num'>{k}/{n} <span class='bar' style='width:{width}px'></span></td>"
                    f"<td>{_e(', '.join(describe_criteria(item.criteria)))}"
                    f"{'' if item.attempts == 1 else _e(f'; {item.attempts} attempts')}</td></tr>")
    html.append("</table>")

    html.append("<h2>Score distribution</h2>")
    html.append('<p class="dim">One dot per participant (the mean over the scenarios of their best finished '
                "attempt; a scenario without one counts 0); bars count participants per 10 points; the red "
                "line is the median. Scores are 0-100.</p>")
    for dim in ("overall", *load_moves().dimensions):
        values = [v for v in ((p.overall if dim == "overall" else p.dimensions.get(dim)) for p in people)
                  if v is not None]
        html.append(_strip_svg(dim, [float(v) for v in values]))

    return html


def _growth_section(book: Gradebook) -> list[str]:
    """The things to try and the goals missed most often across the cohort."""
    people = book.participants
    n = len(people)
    html: list[str] = []
    html.append("<h2>Most common growth areas</h2>")
    counts: Counter[str] = Counter()
    for p in people:
        counts.update(set(p.growth_areas))
    missed: Counter[str] = Counter()
    for p in people:
        for s in p.scenarios:
            if s.best is not None:
                for g in s.best.goals:
                    if not g.met:
                        missed[f"{s.title}: {g.text}"] += 1
    if counts:
        html.append("<table><tr><th>thing to try</th><th class='num'>participants</th></tr>")
        for title, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
            html.append(f"<tr><td>{_e(title)}</td><td class='num'>{k}/{n}</td></tr>")
        html.append("</table>")
    else:
        html.append('<p class="dim">None yet.</p>')
    if missed:
        html.append("<h3>Goals most often missed</h3><table><tr><th>goal</th><th class='num'>participants</th></tr>")
        for text, k in sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
            html.append(f"<tr><td>{_e(text)}</td><td class='num'>{k}/{n}</td></tr>")
        html.append("</table>")

    return html
