"""`convocoach schema KIND` (and `scenario schema`, `assignment schema`): a JSON Schema on stdout."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ..io.schemas import SCHEMAS
from .common import app, print_schema

SchemaKind = Enum("SchemaKind", {k: k for k in SCHEMAS}, type=str)  # type: ignore[misc]


@app.command("schema", rich_help_panel="Programmes")
def schema_command(
    kind: Annotated[SchemaKind, typer.Argument(help="scenario, assignment, session, submission or report.",
                                               show_default=False)],
) -> int:
    """Print the JSON Schema of a scenario, assignment, session record, submission or review report."""
    return print_schema(kind.value)
