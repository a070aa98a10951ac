"""JSON and JSON Lines output (DESIGN.md § Contracts); validated against `reports.model.Report`."""

from __future__ import annotations

import json
from typing import Sequence

from .model import Report


def render_json(reports: Sequence[Report], context: int | None = None) -> str:
    """One report as a JSON object; several as a JSON array of objects."""
    docs = [r.to_json_dict() for r in reports]
    body = docs[0] if len(docs) == 1 else docs
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(reports: Sequence[Report], context: int | None = None) -> str:
    """One report per line."""
    return "".join(json.dumps(r.to_json_dict(), ensure_ascii=False) + "\n" for r in reports)
