"""What every command shares: the typer app, consoles, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, Callable, Iterator, Optional

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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"convocoach {__version__}")
        raise typer.Exit()


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


def check_arguments(args: list[str]) -> None:
    """Refuse command-line arguments that are not UTF-8 text (Python hands undecodable bytes on as
    lone surrogates, which can be neither analysed nor printed)."""
    for i, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            # Imported only now: every command, --help included, runs this check.
            from ..model.errors import InputError
            from ..io.fileio import show_name

            raise InputError(f"argument {i} ({show_name(arg)}) is not valid UTF-8 text", path="<command line>",
                             hint="pass UTF-8 text (rename files whose names are not UTF-8)") from None


def read_stdin_leniently() -> None:
    """Let replies typed at a terminal that are not UTF-8 arrive as lone surrogates (and be refused
    with a message, see `fileio.SURROGATE`) instead of raising UnicodeDecodeError mid-session."""
    import io

    if isinstance(sys.stdin, io.TextIOWrapper):
        try:
            sys.stdin.reconfigure(errors="surrogateescape")
        except (ValueError, OSError):  # pragma: no cover - a detached or closed stdin
            pass


@contextmanager
def hangup_as_exit() -> Iterator[None]:
    """While a command runs, a hang-up (SIGHUP) or SIGTERM raises SystemExit(128 + signal) instead of
    ending the process on the spot, so that `finally` blocks run: an atomic write removes its temp
    file and `play` saves the turns so far. (kill -9 cannot be caught: the next start removes what
    it leaves, see `fileio.remove_stale_temp`.)"""
    import signal
    import threading

    pid = os.getpid()

    def stop(signum: int, _frame: object) -> None:
        if os.getpid() != pid:
            # A forked worker (analyze --jobs) inherits this handler: it must end on the spot, not
            # unwind the copy of the parent's stack it was forked with and run the command again.
            os._exit(128 + signum)
        raise SystemExit(128 + signum)

    installed: list[tuple[int, Any]] = []
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGHUP", "SIGTERM"):
            signum = getattr(signal, name, None)
            if signum is not None and signal.getsignal(signum) == signal.SIG_DFL:
                installed.append((signum, signal.signal(signum, stop)))
    try:
        yield
    finally:
        for signum, previous in installed:
            signal.signal(signum, previous)


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
