"""Terminal styles (renderers name styles, never colours), and output that user data cannot hijack."""

from __future__ import annotations

import re
from typing import Iterator

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook
from rich.segment import Segment
from rich.theme import Theme

#: The style of a move's valence: the one map from valence to style every renderer uses.
VALENCE_STYLE: dict[str, str] = {"strength": "cc.strength", "growth": "cc.growth", "neutral": "cc.neutral"}


def move_style(name: str) -> str:
    """The style of a move name, by its valence (unknown names are neutral)."""
    from ..model.moves import load_moves

    return VALENCE_STYLE[load_moves().valence(name).value]


THEME = Theme(
    {
        "cc.strength": "bold green",
        "cc.growth": "bold yellow",
        "cc.neutral": "cyan",
        "cc.match": "underline",
        "cc.error": "bold red",
        "cc.warning": "yellow",
        "cc.dim": "dim",
        "cc.teacher": "bold magenta",
        "cc.coach": "bold blue",
        "cc.title": "bold",
        "cc.meter": "cyan",
        "cc.good": "green",
        "cc.bad": "red",
    }
)


#: What control characters from user data look like on a terminal: C0 controls as the Unicode
#: control pictures (ESC shows as ␛), DEL as ␡, C1 controls as U+FFFD. Tab and newline stay.
_PICTURES: dict[int, int] = {
    **{c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)},
    0x7F: 0x2421,
    **{c: 0xFFFD for c in range(0x80, 0xA0)},
}
_SURROGATES = re.compile("[\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    """Text that cannot act on a terminal: no escape sequences (screen clears, OSC titles and
    links), no C1 controls, and no lone surrogates (which cannot even be written as UTF-8)."""
    text = text.translate(_PICTURES)
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("\ufffd", text)
    return text


class SafeOutput(RenderHook):
    """A render hook that passes everything a console prints through `terminal_safe`.

    Readers already refuse control characters; this is the net under every other path by which
    user data reaches the screen (names, messages, stored records). rich's own control segments
    (cursor moves of progress bars) are left alone; styles are applied after this, so colours stay.
    """

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Safe(r) for r in renderables]


class _Safe:
    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for seg in console.render(self.renderable, options):
            if seg.control is None and seg.text:
                yield Segment(terminal_safe(seg.text), seg.style)
            else:
                yield seg
