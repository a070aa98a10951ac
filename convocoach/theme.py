"""Terminal styles: renderers name styles, never colours."""

from __future__ import annotations

from rich.theme import Theme

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
