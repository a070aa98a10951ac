"""The JSON Schemas of the files convocoach reads and writes (`convocoach schema KIND`).

Scenario and assignment files (YAML, for editors), session records, submissions and
`review --format json` reports. Each schema is built on demand from its pydantic model.
"""

from __future__ import annotations

from typing import Any, Callable


def _scenario() -> dict[str, Any]:
    from ..practice.scenario import scenario_json_schema

    return dict(scenario_json_schema())


def _assignment() -> dict[str, Any]:
    from ..programme.assignment import assignment_json_schema

    return assignment_json_schema()


def _session() -> dict[str, Any]:
    from .records import SessionRecord

    return _titled(SessionRecord.model_json_schema(), "convocoach session record")


def _submission() -> dict[str, Any]:
    from ..programme.submission import SubmissionFile

    return _titled(SubmissionFile.model_json_schema(), "convocoach submission")


def _report() -> dict[str, Any]:
    from ..reports.model import ReportDocument

    return _titled(ReportDocument.model_json_schema(), "convocoach review report")


def _titled(schema: dict[str, Any], title: str) -> dict[str, Any]:
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


#: Every schema by kind; a new file kind is one function and one entry here.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "scenario": _scenario, "assignment": _assignment, "session": _session, "submission": _submission,
    "report": _report,
}
