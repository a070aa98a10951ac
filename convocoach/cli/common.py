"""What every command shares: the typer app, consoles, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

import typer

from .. import __version__

# Shared by analyze, eval and review: programmes extend the built-in lexicons the same way everywhere.
LexiconsOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--lexicons", metavar="DIR", help="Extra lexicon directory (extends the built-in set). Repeatable.",
                 show_default=False),
]

if TYPE_CHECKING:
    from rich.console import Console

#: When the CLI was imported (`CONVOCOACH_TIMING` reports the time to the first teacher line from here).
STARTED = time.perf_counter()

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_INPUT = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


def program() -> str:
    """How to run convocoach again in hints: `uv run convocoach` when this process runs under
    `uv run` (which sets UV_RUN_RECURSION_DEPTH), else `convocoach`."""
    return "uv run convocoach" if os.environ.get("UV_RUN_RECURSION_DEPTH") else "convocoach"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"convocoach {__version__}")
        raise typer.Exit()


def _flags_without_metavar() -> None:
    """Boolean flags take no value, so their help shows none: typer's rich help printed `<bool>` after
    every flag, which read as "--redact true" (and "true" then became a file argument)."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flags_without_metavar()

app = typer.Typer(
    name="convocoach",
    help="Practise coaching conversations with scripted teachers, and see what your language does.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """convocoach: a practice partner and a mirror for instructional coaches."""


def make_console(stderr: bool = False, width: int | None = None) -> Console:
    """A rich Console with convocoach's theme; NO_COLOR and piping give plain output."""
    from rich.console import Console

    from ..reports.theme import THEME, SafeOutput

    stream = sys.stderr if stderr else sys.stdout
    console = Console(
        file=stream,
        theme=THEME,
        width=width,
        no_color="NO_COLOR" in os.environ or None,
        highlight=False,
        emoji=False,
        markup=True,
        # Messages on stderr name file:line:col: keep each on one line for editors and grep.
        soft_wrap=stderr,
    )
    console.push_render_hook(SafeOutput())
    return console


def err_console() -> Console:
    return make_console(stderr=True)


def print_error(message: str) -> None:
    """Print an error to stderr; the message is user data, never markup."""
    from rich.text import Text

    console = err_console()
    console.print(Text("error: ", style="cc.error") + Text(message), soft_wrap=True)


def handle_errors(run: Callable[[], Any]) -> int:
    """Run a click/typer invocation and map outcomes to exit codes (the only place that does)."""
    from ..model.errors import ConvocoachError

    try:
        from typer.exceptions import TyperException
    except ImportError:  # typer before it carried its own click
        import click

        TyperException = click.ClickException  # type: ignore[misc, assignment]

    try:
        result = run()
    except ConvocoachError as exc:
        print_error(str(exc))
        return exc.exit_code
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except TyperException as exc:
        # Typer carries its own copy of click: usage errors (unknown command, bad option value)
        # and "no arguments: here is the help" arrive as its ClickException subclasses.
        if type(exc).__name__ == "Abort":
            print_error("interrupted")
            return EXIT_INTERRUPTED
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        code = getattr(exc, "exit_code", EXIT_INPUT)
        return EXIT_OK if type(exc).__name__ == "NoArgsIsHelpError" else int(code or EXIT_INPUT)
    except KeyboardInterrupt:
        print_error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a traceback.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        # Plain click's exceptions: only possible once something imported click (importing it
        # up front would cost every command, --help included, several milliseconds).
        plain_click = sys.modules.get("click")
        if plain_click is not None and isinstance(exc, plain_click.exceptions.Exit):
            return int(exc.exit_code or 0)
        if plain_click is not None and isinstance(exc, plain_click.exceptions.Abort):
            print_error("interrupted")
            return EXIT_INTERRUPTED
        if plain_click is not None and isinstance(exc, plain_click.ClickException):
            exc.show()
            return EXIT_INPUT
        import traceback

        print_error(
            f"internal error ({type(exc).__name__}: {exc}). This is a bug in convocoach; "
            "please report it with the command you ran."
        )
        if os.environ.get("CONVOCOACH_DEBUG"):
            traceback.print_exc()
        return EXIT_BUG
    if isinstance(result, int):
        # typer turns Ctrl-C into a return value of 130; commands that handle it say so themselves.
        return result
    return EXIT_OK


def print_schema(kind: str) -> int:
    """Write one JSON Schema (io/schemas.py) to stdout."""
    import json

    from ..io.schemas import SCHEMAS

    sys.stdout.write(json.dumps(SCHEMAS[kind](), indent=2) + "\n")
    return EXIT_OK


def add_schema_command(group: typer.Typer, kind: str, files: str) -> None:
    """`convocoach <group> schema`: the same schema as `convocoach schema KIND`."""
    def command() -> int:
        return print_schema(kind)

    command.__doc__ = f"Print the JSON Schema of {files} (for YAML editors)."
    group.command("schema")(command)
