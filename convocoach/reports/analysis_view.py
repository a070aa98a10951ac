"""Terminal views of single-utterance analyses (`convocoach analyze`). User text is never markup."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Iterable

from ..model.analysis import Analysis
from .theme import move_style

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

def visible(text: str) -> str:
    """Replace control and bidi-format characters one-for-one (offsets stay valid) so escapes,
    ANSI sequences and right-to-left overrides show as a marker instead of acting on the terminal.

    Unlike `reports.common.visible`, which spells a control out as ⟦U+202E⟧ for review reports,
    this keeps the length, so move offsets still point at the right characters when highlighting.
    """
    return "".join(
        "\ufffd" if (unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t") else c for c in text
    )


def highlighted(analysis: Analysis) -> Text:
    """The utterance with each move's span styled by its valence."""
    from rich.text import Text

    text = Text(visible(analysis.text))
    for m in analysis.moves:
        if m.name == "question.stacked":
            continue
        text.stylize(move_style(m.name), m.start, m.end)
    return text


def stance_line(analysis: Analysis) -> Text:
    from rich.text import Text

    scores = ", ".join(f"{k} {v:.2f}" for k, v in sorted(analysis.stance_scores.items(), key=lambda kv: -kv[1]) if v > 0)
    line = Text("stance: ", style="cc.dim") + Text(analysis.stance, style="cc.title")
    if scores and analysis.stance != "neutral":
        line += Text(f"  ({scores})", style="cc.dim")
    return line


def render_analysis(console: Console, analysis: Analysis) -> None:
    """A panel with the highlighted reply, its stance, and one line of feedback per move."""
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    console.print(Panel(highlighted(analysis), title="reply", title_align="left", expand=False))
    if analysis.previous:
        console.print(Text("after the teacher said: ", style="cc.dim") + Text(visible(analysis.previous)))
    console.print(stance_line(analysis))
    if not analysis.moves:
        console.print(Text("No coaching moves detected (backchannel, greeting or logistics).", style="cc.dim"))
        return
    # One block per move: the name, the words and the rule on one line, what it does under it.
    # (A four-column table wraps into unreadable slivers in an 80-column terminal.)
    for m in analysis.moves:
        snippet = visible(m.text if len(m.text) <= 60 else m.text[:57] + "...")
        head = Text(m.name, style=move_style(m.name)) + Text("  ") + Text(f'"{snippet}"', style="cc.match")
        head += Text(f"  {m.rule}", style="cc.dim")
        console.print(head)
        console.print(Padding(Text(visible(m.message)), (0, 0, 0, 4)))
    console.print(Text("Approachable voice (tone, pace, pauses) is non-verbal and cannot be scored from text.",
                       style="cc.dim"))


def render_analysis_row_table(console: Console, analyses: Iterable[Analysis]) -> int:
    """One line per utterance, printed as it is analysed (streams; no table held in memory)."""
    from rich.text import Text

    n = 0
    for a in analyses:
        n += 1
        line = Text(f"{a.id or n:>6}  ", style="cc.dim") + Text(f"{a.stance:<14}", style="cc.title")
        counts: dict[str, int] = {}
        for m in a.moves:
            counts[m.name] = counts.get(m.name, 0) + 1
        names = list(counts)
        for name in names:
            line += Text(name + (f"×{counts[name]}" if counts[name] > 1 else "") + " ", style=move_style(name))
        if not names:
            line += Text("-", style="cc.dim")
        line += Text("  " + visible(a.text[:80]), style="cc.dim")
        console.print(line, overflow="ellipsis", no_wrap=True)
    return n
