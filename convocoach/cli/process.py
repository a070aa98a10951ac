"""What the CLI does to the process it runs in: refuse undecodable arguments, read stdin leniently,
and turn a hang-up or SIGTERM into an orderly exit."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Any, Iterator


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
