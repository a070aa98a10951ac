"""The command-line interface: thin typer commands over plain functions.

Nothing heavy is imported here: `convocoach --help` must not import spaCy. Each command module
imports what it needs inside the command function.
"""

from __future__ import annotations

import sys
from typing import Any

from .common import app, handle_errors
from .process import check_arguments, hangup_as_exit

# Command modules register themselves on `app` when imported. Keep these imports light.
# The order is the order of `--help`.
from . import analyze as _analyze  # noqa: E402,F401
from . import play as _play  # noqa: E402,F401
from . import scenarios as _scenarios  # noqa: E402,F401
from . import scenario_tools as _scenario_tools  # noqa: E402,F401
from . import review as _review  # noqa: E402,F401
from . import explain as _explain  # noqa: E402,F401
from . import assignment as _assignment  # noqa: E402,F401
from . import grade as _grade  # noqa: E402,F401
from . import history as _history  # noqa: E402,F401
from . import schema as _schema  # noqa: E402,F401

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `convocoach` script."""
    args = sys.argv[1:] if argv is None else argv

    def run() -> Any:
        check_arguments(args)
        return app(args=args, prog_name="convocoach", standalone_mode=False)

    with hangup_as_exit():
        code = handle_errors(run)
    sys.exit(code)
