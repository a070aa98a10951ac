"""Every `--format` choice, defined once (str Enums, as typer's docs show them).

The report formats come from the renderer registry (reports.RENDERERS): a new renderer is a new
`review --format` choice without an edit here.
"""

from __future__ import annotations

from enum import Enum

from ..reports import RENDERERS


class TextFormat(str, Enum):
    """Human text, or the JSON document on stdout."""

    text = "text"
    json = "json"


class TableFormat(str, Enum):
    """A table, or the JSON document on stdout."""

    table = "table"
    json = "json"


class TerminalFormat(str, Enum):
    """The terminal view, or the JSON document on stdout."""

    terminal = "terminal"
    json = "json"


class AnalyzeFormat(str, Enum):
    """A table, a JSON array, or JSON Lines (one object per utterance)."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


class FeedbackMode(str, Enum):
    """When `play` shows what a reply did: after each turn, or only in the debrief."""

    turn = "turn"
    end = "end"


#: review's report formats, one per registered renderer.
ReportFormat = Enum("ReportFormat", {name: name for name in RENDERERS}, type=str)  # type: ignore[misc]
