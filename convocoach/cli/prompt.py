"""The reply prompt of a practice session: a reply typed at the terminal (or the next scripted one),
checked; and the /help, /hint, /undo and /quit commands."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .common import EXIT_OK

if TYPE_CHECKING:
    from rich.console import Console

    from .session import SessionUI

HELP_TEXT = """\
Type your reply to the teacher and press Enter. Commands:
  /hint   a move that would help now
  /undo   take back your last reply
  /help   this help
  /quit   stop here (the session is saved; continue later with --resume)
Ctrl-C or Ctrl-D also stop and save."""


class Stop(Exception):
    """The session stops here (replies ran out, end of input, /quit): saved, and resumable."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def next_reply(ui: Console, queue: list[tuple[str, int | None]] | None) -> str | None:
    """The next reply (None: nothing to do this time round); Stop when the replies run out."""
    from rich.text import Text

    from ..io.fileio import SURROGATE
    from ..io.replies import MAX_REPLY_CHARS, clean_reply

    if queue is not None:
        if not queue:
            raise Stop(EXIT_OK, "replies")
        return queue.pop(0)[0]
    try:
        reply = clean_reply(ui.input(Text("You: ", style="cc.coach")))
    except EOFError:
        ui.print()
        raise Stop(EXIT_OK, "eof") from None
    if SURROGATE.search(reply):
        ui.print(Text("That reply is not valid UTF-8 text (the terminal sent bytes convocoach cannot "
                           "read); type it again.", style="cc.warning"))
        return None
    if not reply:
        ui.print(Text("(type a reply, or /help)", style="cc.dim"))
        return None
    if len(reply) > MAX_REPLY_CHARS:
        ui.print(Text(f"That reply is {len(reply):,} characters; a coaching turn is a few sentences. "
                           f"Keep it under {MAX_REPLY_CHARS:,} and try again.", style="cc.warning"))
        return None
    return reply

def run_command(screen: SessionUI, reply: str) -> bool:
    """Handle /help, /hint, /undo, /quit; True when the reply was a command."""
    from rich.text import Text

    from ..reports.practice import teacher_text

    ui, session = screen.ui, screen.session
    command = reply.lower()
    if command in ("/help", "/?"):
        ui.print(Text(HELP_TEXT, style="cc.dim"))
    elif command == "/hint":
        ui.print(Text("hint: " + session.hint(), style="cc.neutral"))
    elif command == "/undo":
        undone = session.undo()
        if undone is None:
            ui.print(Text("Nothing to take back yet.", style="cc.dim"))
        else:
            screen.save()
            ui.print(Text(f"Took back reply {undone.index}.", style="cc.dim"))
            if not screen.quiet:
                ui.print(teacher_text(session.loaded.scenario.persona.name, session.teacher_line()))
    elif command in ("/quit", "/exit"):
        raise Stop(EXIT_OK, "quit")
    elif command.startswith("/") and " " not in command and len(command) < 12:
        ui.print(Text(f"unknown command {reply}; type /help", style="cc.warning"))
    else:
        return False
    return True


def ask_name(ui: Console, scripted: bool) -> str:
    """The participant's name, asked at the terminal (an error when playing from replies files)."""
    from rich.text import Text

    from ..io.fileio import SURROGATE
    from ..model.errors import InputError
    from .process import read_stdin_leniently

    if scripted or not sys.stdin.isatty():
        raise InputError("name the participant with --participant NAME")
    read_stdin_leniently()
    name = ui.input(Text("Your name: ", style="cc.coach")).strip()
    if SURROGATE.search(name):
        raise InputError("the name is not valid UTF-8 text", hint="pass --participant NAME")
    if not name:
        raise InputError("the participant name is empty", hint="pass --participant NAME")
    return name
