"""The Markdown report: summary tables, feedback, and the transcript with move spans in bold.

User text is escaped with backslashes, only where a character could start Markdown or HTML
(Markdown renderers pass raw HTML through): "Q&A" stays "Q&A" (never "&amp;"), "a < b" stays, while
"<b>" becomes "&lt;b>"; a file name's underscores inside a word are left alone. Paths are shown in
code spans.
"""

from __future__ import annotations

import re
from typing import Sequence

from .common import RATIO_LABELS, fmt_ratio, fmt_time, label, select_turns, turn_no, turn_refs, visible
from ..model.conversation import Turn
from .model import Report

#: Characters that can start Markdown inline syntax anywhere; "_" only at a word's edge (inside a
#: word it never makes emphasis); "<" only before a tag, "&" only before an entity.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|~])|(?<![^\W_])_|_(?![^\W_])|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


#: A tag or an entity in the text is written as an entity, so no raw HTML ever reaches a renderer.
_ENTITIES = {"<": "&lt;", "&": "&amp;"}


def md(text: str) -> str:
    """Escape text for inline Markdown (and the HTML Markdown passes through), one line."""
    text = visible(" ".join(str(text).split()))
    return _MD_SPECIAL.sub(lambda m: _ENTITIES.get(m.group(0), "\\" + m.group(0)), text)


def code(text: str) -> str:
    """A code span (file paths): shown as is, with enough backticks around it."""
    text = visible(" ".join(str(text).split()))
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _highlighted(turn: Turn) -> str:
    """Bold the union of all move spans (overlapping spans would nest badly in Markdown)."""
    text = turn.text
    n = len(text)
    ranges = sorted((max(0, min(m.start, n)), max(0, min(m.end, n))) for m in turn.moves)
    merged: list[list[int]] = []
    for a, b in ranges:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        # Bold markers must hug non-space characters.
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        out.append(md(text[pos:a]) + (" " if a > pos and text[a - 1].isspace() else ""))
        out.append(f"**{md(text[a:b])}**")
        pos = b
        if b < n and text[b].isspace():
            out.append(" ")
    out.append(md(text[pos:]))
    return "".join(out).replace("  ", " ").strip()


def _turn(turn: Turn) -> list[str]:
    when = f" `{fmt_time(turn.start)}`" if turn.start is not None else ""
    who = md(turn.speaker)
    if turn.role != "coach":
        return [f"{turn_no(turn.index)}{when} {who}: _{md(turn.text)}_", ""]
    lines = [f"{turn_no(turn.index)}{when} **{who}**: {_highlighted(turn)}", ""]
    tags = []
    if turn.stance:
        tags.append(f"stance: {md(turn.stance)}")
    for m in turn.moves:
        tags.append(f"{md(label(m.name))} “{md(m.text)}”")
    if tags:
        lines[-1:] = [f"> {' · '.join(tags)}", ""]
    return lines


def render_markdown_report(report: Report, context: int | None = None) -> str:
    s = report.summary
    out = [f"# {md(report.title)}", ""]
    if s.next_step:
        out += [f"**Work on this next:** {md(s.next_step)}", ""]
    out += [f"{code(report.source)} · read as {md(report.format_name)}", ""]
    meta = f"Coach: {md(report.coach)} · {s.coach_turns} coach turns, {s.teacher_turns} other turns"
    if report.redacted:
        meta += " · names redacted"
    if s.unattributed:
        meta += f" · {s.unattributed} cues with no speaker left out"
    out += [meta, "", f"**Overall: {s.overall}/100**", "", "| dimension | score | band |", "|---|---:|---|"]
    out += [f"| {md(k)} | {v} | {md(s.bands.get(k, ''))} |" for k, v in s.dimensions.items()]
    out += ["", "## Feedback", ""]
    for heading, items in (("Strengths", report.strengths), ("Things to try", report.to_try)):
        out += [f"### {heading}", ""]
        if not items:
            out.append("- none this time")
        for f in items:
            refs = f" ({turn_refs(f.turns)})" if f.turns else ""
            src = f" _Source: {md(f.source)}_" if f.source else ""
            out.append(f"- **{md(f.title)}**{refs}: {md(f.message)}{src}")
        out.append("")
    out += ["## Summary", "", "| measure | value | band |", "|---|---:|---|"]
    out += [f"| {md(RATIO_LABELS.get(k, k))} | {fmt_ratio(k, v)} | {md(s.bands.get(k, ''))} |" for k, v in s.ratios.items()]
    if s.talk is not None:
        out.append(f"| talk ({s.talk.unit}): coach / teacher | {s.talk.coach:g} / {s.talk.teacher:g} | |")
    unit = " s" if s.talk is not None and s.talk.unit == "seconds" else " words"
    out += ["", "| speaker | role | turns | talk | share |", "|---|---|---:|---:|---:|"]
    out += [f"| {md(p.speaker)} | {p.role} | {p.turns} | {p.talk:g}{unit} | {fmt_ratio('coach_talk_share', p.share)} |"
            for p in s.participants]
    if s.waits:
        waits = ", ".join(f"{turn_no(w.index)} → {md(w.to)} {w.seconds:g} s" for w in s.waits)
        out += ["", f"Wait after each question: {waits}"]
    out += ["", "| move | count |", "|---|---:|"]
    out += [f"| {md(label(k))} | {v} |" for k, v in sorted(s.counts.items(), key=lambda kv: (-kv[1], kv[0])) if v]
    timeline = " ".join(f"{turn_no(p.index)} {p.stance}" for p in s.stance_timeline)
    out += ["", f"Stance timeline: {md(timeline) if timeline else 'no coach turns'}", "", "## Transcript", ""]
    for t in select_turns(report, context):
        out += ["…", ""] if t is None else _turn(t)
    return "\n".join(out).rstrip() + "\n"


def render_markdown(reports: Sequence[Report], context: int | None = None) -> str:
    """One Markdown document for one or more reports."""
    parts = []
    if len(reports) > 1:
        rows = [f"| {md(r.title)} | {md(r.coach)} | {r.summary.coach_turns} | {r.summary.overall} |" for r in reports]
        parts.append("\n".join(["# Reviews", "", "| file | coach | coach turns | overall |", "|---|---|---:|---:|", *rows, ""]))
    parts += [render_markdown_report(r, context) for r in reports]
    return "\n---\n\n".join(parts)
