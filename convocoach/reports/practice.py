"""Terminal views of a practice session: the scenario card, the line after each reply, the debrief.

All user and scenario text goes through rich Text, never markup; styles come from the theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.analysis import Analysis
from ..model.conversation import Turn

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ..practice.debrief import Debrief
    from ..practice.scenario import LoadedScenario
    from ..practice.walkthrough import WalkResult

VOICE_NOTE = ("Approachable voice (tone, pace, pauses) is non-verbal: convocoach reads only your words, "
              "so it cannot hear or score it.")


def _analysis(turn: Turn) -> Analysis:
    assert turn.analysis is not None, "a played reply is always analysed"
    return turn.analysis


def _meter_bar(value: int, lo: int, hi: int, width: int = 10) -> str:
    span = max(1, hi - lo)
    filled = round((value - lo) * width / span)
    return "█" * filled + "░" * (width - filled)


def _meters_text(loaded: LoadedScenario, meters: dict[str, int], before: dict[str, int] | None = None) -> Text:
    from rich.text import Text

    sc = loaded.scenario
    out = Text()
    for i, (name, m) in enumerate(sc.meters.items()):
        if i:
            out.append("   ")
        value = meters.get(name, m.start)
        out.append(f"{m.label or name} ", style="cc.dim")
        out.append(_meter_bar(value, m.min, m.max), style="cc.meter")
        out.append(f" {value}")
        if before is not None:
            d = value - before.get(name, value)
            if d > 0:
                out.append(f" +{d}", style="cc.good")
            elif d < 0:
                out.append(f" {d}", style="cc.bad")
    return out


def highlight_reply(analysis: Analysis) -> Text:
    """The reply with each move's span styled (strength green, growth yellow)."""
    from rich.text import Text

    from ..reports.theme import move_style

    text = Text(analysis.text)
    for m in analysis.moves:
        if 0 <= m.start < m.end <= len(analysis.text):
            text.stylize(move_style(m.name), m.start, m.end)
    return text


def _moves_text(analysis: Analysis) -> Text:
    from rich.text import Text

    from ..reports.theme import move_style

    out = Text()
    names = list(dict.fromkeys(m.name for m in analysis.moves))
    if not names:
        out.append("no moves detected", style="cc.dim")
    for i, name in enumerate(names):
        if i:
            out.append(" · ", style="cc.dim")
        n = analysis.names[name]
        out.append(name + (f" ×{n}" if n > 1 else ""), style=move_style(name))
    return out


def teacher_text(name: str, line: str) -> Text:
    from rich.text import Text

    return Text(f"{name}: ", style="cc.teacher") + Text(line)


def render_card(console: Console, loaded: LoadedScenario) -> None:
    """The scenario card: title, context, persona, goals, meters, and the voice note."""
    from rich.panel import Panel
    from rich.text import Text

    sc = loaded.scenario
    p = sc.persona
    body = Text()
    body.append(sc.context + "\n\n")
    body.append("Teacher  ", style="cc.dim")
    body.append(f"{p.name}", style="cc.teacher")
    body.append(f", {p.role}" + (f", {p.years} years" if p.years else "") + "\n")
    body.append("         " + p.background + "\n")
    body.append("Type     ", style="cc.dim")
    body.append(f"{sc.conversation} conversation · resistance: {p.resistance} · {sc.difficulty}\n")
    if sc.goals:
        body.append("Goals\n", style="cc.dim")
        for g in sc.goals:
            body.append(f"  • {g.text}\n")
    body.append("Meters   ", style="cc.dim")
    body.append_text(_meters_text(loaded, {k: m.start for k, m in sc.meters.items()}))
    body.append("\n")
    body.append(VOICE_NOTE, style="cc.dim")
    console.print(Panel(body, title=Text(sc.title, style="cc.title"), title_align="left", expand=True))
    console.print(Text("Type /help for commands, /hint for a nudge.", style="cc.dim"))


def render_turn_feedback(console: Console, loaded: LoadedScenario, turn: Turn) -> None:
    """The compact line after a reply: highlighted reply, moves, stance, meter change, notes."""
    from rich.text import Text

    analysis = _analysis(turn)
    console.print(Text("  you: ", style="cc.coach") + highlight_reply(analysis))
    line = Text("  ") + _moves_text(analysis)
    line.append("  stance ", style="cc.dim")
    line.append(analysis.stance)
    console.print(line)
    console.print(Text("  ") + _meters_text(loaded, dict(turn.meters or {}), dict(turn.meters_before or {})))
    for note in turn.notes:
        console.print(Text("  · " + note, style="cc.dim"))


def render_debrief(console: Console, replies: list[Turn], debrief: Debrief) -> None:
    """The debrief: outcome, goals, the replies turn by turn, strongest and weakest, rubric, what to try."""
    from rich.panel import Panel
    from rich.text import Text

    outcome = debrief.outcome or "unfinished"
    style = {"breakthrough": "cc.good", "partial": "cc.warning", "stalled": "cc.bad"}.get(outcome, "cc.dim")
    body = Text()
    if debrief.timed_out:
        body.append("The turn limit was reached.\n", style="cc.dim")
    if debrief.debrief:
        body.append(debrief.debrief)
    for reason in debrief.fell_short:
        body.append("\n" + reason, style="cc.warning")
    console.print(Panel(body, title=Text(f"Outcome: {outcome}", style=style), title_align="left"))
    if debrief.goals:
        console.print(Text("Goals", style="cc.title"))
        for g in debrief.goals:
            mark = Text("  ✓ ", style="cc.good") if g.met else Text("  ✗ ", style="cc.bad")
            console.print(mark + Text(g.text) + Text(f"  ({g.detail})", style="cc.dim"))
    if replies:
        _render_replies(console, replies, debrief)
    score = debrief.score
    dims = ", ".join(f"{k} {v}" for k, v in score.dimensions.items())
    console.print(Text("Rubric ", style="cc.title") + Text(f"{score.overall}/100") + Text(f"  ({dims})", style="cc.dim"))
    if debrief.to_try:
        console.print(Text("What to try next time", style="cc.title"))
        for item in debrief.to_try:
            console.print(Text("  → " + item))
    console.print(Text(VOICE_NOTE, style="cc.dim"))


def _render_replies(console: Console, turns: list[Turn], debrief: Debrief) -> None:
    """The turn-by-turn table, then the strongest and the weakest reply (with a rewrite)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Turn by turn", title_justify="left", show_lines=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Your reply", ratio=3)
    table.add_column("Moves", ratio=2)
    table.add_column("Stance", no_wrap=True)
    table.add_column("Meters", no_wrap=True)
    for t in turns:
        reply = t.text if len(t.text) <= 160 else t.text[:157] + "..."
        meters = Text()
        before = t.meters_before or {}
        for name, v in (t.meters or {}).items():
            d = v - before.get(name, v)
            meters.append(f"{name[:5]} {v}")
            if d:
                meters.append(f"{d:+d}", style="cc.good" if d > 0 else "cc.bad")
            meters.append(" ")
        arrow = " ▲" if t.index == debrief.strongest_turn else " ▼" if t.index == debrief.weakest_turn else ""
        table.add_row(f"{t.index}{arrow}", Text(reply), _moves_text(_analysis(t)), t.stance, meters)
    console.print(table)
    if debrief.strongest_turn:
        t = turns[debrief.strongest_turn - 1]
        console.print(Text("Strongest turn ▲ ", style="cc.strength") + Text(f"{t.index}: ")
                      + highlight_reply(_analysis(t)))
    elif turns:
        console.print(Text("Strongest turn ▲ ", style="cc.strength")
                      + Text("none this time: every reply carried a move to rework.", style="cc.dim"))
    if debrief.weakest_turn:
        t = turns[debrief.weakest_turn - 1]
        console.print(Text("Weakest turn ▼ ", style="cc.growth") + Text(f"{t.index}: ")
                      + highlight_reply(_analysis(t)))
        rw = debrief.rewrite
        if rw:
            console.print(Text(f"  instead of ({rw.move}) ", style="cc.dim") + Text(rw.original))
            console.print(Text("  try  ", style="cc.dim") + Text(rw.suggestion, style="cc.strength"))


def render_walkthroughs(console: Console, loaded: LoadedScenario, path: object, results: list[WalkResult],
                        verbose: bool = False) -> None:
    """`scenario test`: one line per walkthrough (ok or not, the ending, the path), and the steps of
    each one that failed (or of all, verbose). User text is never markup."""
    from rich.text import Text

    ok = sum(1 for r in results if r.ok)
    console.print(Text(f"{loaded.scenario.id}", style="cc.title") +
                  Text(f"  {ok} of {len(results)} walkthroughs pass  ({path})", style="cc.dim"))
    for r in results:
        mark = Text("  ok   ", style="cc.good") if r.ok else Text("  FAIL ", style="cc.error")
        meters = ", ".join(f"{k} {v}" for k, v in r.meters.items())
        console.print(mark + Text(f"{r.name} ({r.walk.kind}): {r.outcome or 'unfinished'} after {len(r.steps)} "
                                  f"replies; {meters}"), soft_wrap=True)
        console.print(Text("       " + " > ".join([*(s.node for s in r.steps), str(r.ending or "...")]),
                           style="cc.dim"), soft_wrap=True)
        for problem in r.problems:
            console.print(Text(f"       {problem}", style="cc.error"), soft_wrap=True)
        if verbose or not r.ok:
            for s in r.steps:
                deltas = " ".join(f"{k} {v:+d}" for k, v in s.deltas.items() if v)
                console.print(Text(f"       [{s.node}] ", style="cc.dim") + Text(s.reply) +
                              Text(f"  {', '.join(s.moves) or 'no moves'}  {deltas} -> {s.goto}", style="cc.dim"),
                              soft_wrap=True)
