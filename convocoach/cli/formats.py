"""Every `--format` choice, defined once (typer reads a Literal as a list of choices).

The report formats come from the renderer registry (reports.RENDERERS): a new renderer is a new
`review --format` choice without an edit here.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from ..reports import RENDERERS

#: Human text, or the JSON document on stdout.
TextFormat = Literal["text", "json"]
#: A table, or the JSON document on stdout.
TableFormat = Literal["table", "json"]
#: The terminal view, or the JSON document on stdout.
TerminalFormat = Literal["terminal", "json"]
#: A table, a JSON array, or JSON Lines (one object per utterance).
AnalyzeFormat = Literal["table", "json", "jsonl"]
#: A scenario's graph: Mermaid or Graphviz dot.
GraphFormat = Literal["mermaid", "dot"]
#: The learning-management system whose gradebook import format `grade --lms` writes.
LmsFormat = Literal["canvas", "moodle"]
#: When `play` shows what a reply did: after each turn, or only in the debrief.
FeedbackMode = Literal["turn", "end"]

#: review's report formats, one per registered renderer.
ReportFormat = Enum("ReportFormat", {name: name for name in RENDERERS}, type=str)  # type: ignore[misc]
