"""`convocoach schema KIND`: the JSON Schema of a file convocoach reads or writes."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated, Any, Callable

import typer

from .common import EXIT_OK, app


def _scenario() -> dict[str, Any]:
    from ..practice.scenario import scenario_json_schema

    return dict(scenario_json_schema())


def _assignment() -> dict[str, Any]:
    from ..programme.assignment import assignment_json_schema

    return assignment_json_schema()


def _session() -> dict[str, Any]:
    from ..io.records import SessionRecord

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


#: What `schema` can print: scenario and assignment files (YAML), session records, submissions
#: and `review --format json` reports (JSON).
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "scenario": _scenario, "assignment": _assignment, "session": _session, "submission": _submission,
    "report": _report,
}
SchemaKind = Enum("SchemaKind", {k: k for k in SCHEMAS}, type=str)  # type: ignore[misc]


@app.command("schema", rich_help_panel="Programmes")
def schema_command(
    kind: Annotated[SchemaKind, typer.Argument(help="scenario, assignment, session, submission or report.",
                                               show_default=False)],
) -> int:
    """Print the JSON Schema of a scenario, assignment, session record, submission or review report."""
    sys.stdout.write(json.dumps(SCHEMAS[kind.value](), indent=2) + "\n")
    return EXIT_OK
