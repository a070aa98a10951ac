"""The terminal side of a practice session: the analyzer built in the background, the reply loop with
its commands, and the record saved after every turn. Used by `play` and `assignment play`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .common import EXIT_INTERRUPTED, EXIT_OK, STARTED

if TYPE_CHECKING:
    from rich.console import Console

    from ..model.analysis import Analysis
    from ..model.conversation import Turn
    from ..nlp.analyzer import Analyzer
    from ..practice.session import PracticeSession

HELP_TEXT = """\
Type your reply to the teacher and press Enter. Commands:
  /hint   a move that would help now
  /undo   take back your last reply
  /help   this help
  /quit   stop here (the session is saved; continue later with --resume)
Ctrl-C or Ctrl-D also stop and save."""


class BackgroundAnalyzer:
    """The analyzer, built off the main thread so the card and the first line appear at once.

    Building starts at the first `start()` (once the first line is on screen: importing spaCy while
    the card renders would slow the card down) or the first `analyze`.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._result: Analyzer | None = None
        self._exc: BaseException | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="convocoach-analyzer", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        from ..nlp.analyzer import get_analyzer

        try:
            self._result = get_analyzer()
        except BaseException as exc:  # noqa: BLE001 - re-raised in get()
            self._exc = exc

    def get(self) -> Analyzer:
        self.start()
        assert self._thread is not None
        while self._thread.is_alive():
            self._thread.join(0.1)  # short joins keep Ctrl-C responsive
        if self._exc is not None:
            raise self._exc
        assert self._result is not None
        return self._result

    def analyze(self, text: str, previous: Optional[str]) -> Analysis:
        return self.get().analyze(text, previous=previous)


class _Stop(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class SessionUI:
    """Runs a practice session at the terminal (or from scripted replies) and keeps its record saved.

    Attributes:
        record_path: where the record is saved after every turn (None: not saved).
        reserved: the record file was made for this session: removed again if nobody replied.
        quiet: print nothing but warnings (`--format json --replies`).
        per_turn: show what each reply did after it (`--feedback turn`).
        scripted: replies to play instead of reading the terminal, with their line numbers.
        json_out: print the record as JSON on stdout at the end.
    """

    session: PracticeSession
    background: BackgroundAnalyzer
    ui: Console
    err: Console
    record_path: Path | None = None
    reserved: bool = False
    quiet: bool = False
    per_turn: bool = True
    scripted: list[tuple[str, int | None]] | None = None
    json_out: bool = False

    def save(self) -> None:
        from ..io.records import save_record

        if self.record_path is not None:
            save_record(self.session.record, self.record_path)

    def _discard_if_empty(self) -> None:
        # A session nobody has replied in is not worth a file, unless --record asked for one.
        if self.reserved and self.record_path is not None and not self.session.replies:
            self.record_path.unlink(missing_ok=True)

    def run(self, resumed: bool = False) -> int:
        """The card, the conversation, the debrief; the exit code (130 after Ctrl-C)."""
        from rich.text import Text

        from ..reports.practice import render_card, teacher_text

        session, ui = self.session, self.ui
        self.save()  # the file is this session's from the start; an unwritable --record PATH fails now
        name = session.loaded.scenario.persona.name
        if not self.quiet:
            render_card(ui, session.loaded)
            if resumed and session.replies:
                last = session.replies[-1]
                ui.print(Text(f"Resumed after {len(session.replies)} turn(s). Last exchange:", style="cc.dim"))
                ui.print(teacher_text(name, session.conversation.turns[-2].text))
                ui.print(Text("You: ", style="cc.coach") + Text(last.text))
            if not session.finished:
                ui.print(teacher_text(name, session.teacher_line()))
        self.background.start()
        if os.environ.get("CONVOCOACH_TIMING"):
            self.err.print(Text(f"time to first teacher line: {(time.perf_counter() - STARTED) * 1000:.0f} ms",
                                style="cc.dim"))
        code = self._loop()
        if code == EXIT_INTERRUPTED:
            return code
        self._finish()
        return code

    def _loop(self) -> int:
        from rich.text import Text

        session, ui = self.session, self.ui
        queue = list(self.scripted) if self.scripted is not None else None
        try:
            while not session.finished:
                reply = self._next_reply(queue)
                if reply is None or self._command(reply):
                    continue
                turn = session.step(reply)
                if session.record.lexicon_hash is None:
                    session.record.lexicon_hash = self.background.get().lexicon_hash
                self.save()
                if not self.quiet:
                    self._show_turn(turn, reply, queue is not None)
        except _Stop as stop:
            self._stopped(stop)
            return stop.code
        except KeyboardInterrupt:
            self.save()
            self._discard_if_empty()
            ui.print()
            ui.print(Text("Stopped.", style="cc.dim"))
            if self.record_path is not None:
                resume_hint(ui, self.record_path, len(session.replies))
            return EXIT_INTERRUPTED
        except BaseException:
            self.save()  # never lose the turns already played, whatever went wrong
            self._discard_if_empty()
            raise
        return EXIT_OK

    def _next_reply(self, queue: list[tuple[str, int | None]] | None) -> str | None:
        """The next reply (None: nothing to do this time round); _Stop when the replies run out."""
        from rich.text import Text

        from ..io.fileio import SURROGATE
        from ..io.replies import MAX_REPLY_CHARS, clean_reply

        if queue is not None:
            if not queue:
                raise _Stop(EXIT_OK, "replies")
            return queue.pop(0)[0]
        try:
            reply = clean_reply(self.ui.input(Text("You: ", style="cc.coach")))
        except EOFError:
            self.ui.print()
            raise _Stop(EXIT_OK, "eof") from None
        if SURROGATE.search(reply):
            self.ui.print(Text("That reply is not valid UTF-8 text (the terminal sent bytes convocoach cannot "
                               "read); type it again.", style="cc.warning"))
            return None
        if not reply:
            self.ui.print(Text("(type a reply, or /help)", style="cc.dim"))
            return None
        if len(reply) > MAX_REPLY_CHARS:
            self.ui.print(Text(f"That reply is {len(reply):,} characters; a coaching turn is a few sentences. "
                               f"Keep it under {MAX_REPLY_CHARS:,} and try again.", style="cc.warning"))
            return None
        return reply

    def _command(self, reply: str) -> bool:
        """Handle /help, /hint, /undo, /quit; True when the reply was a command."""
        from rich.text import Text

        from ..reports.practice import teacher_text

        ui, session = self.ui, self.session
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
                self.save()
                ui.print(Text(f"Took back reply {undone.index}.", style="cc.dim"))
                if not self.quiet:
                    ui.print(teacher_text(session.loaded.scenario.persona.name, session.teacher_line()))
        elif command in ("/quit", "/exit"):
            raise _Stop(EXIT_OK, "quit")
        elif command.startswith("/") and " " not in command and len(command) < 12:
            ui.print(Text(f"unknown command {reply}; type /help", style="cc.warning"))
        else:
            return False
        return True

    def _show_turn(self, turn: Turn, reply: str, scripted: bool) -> None:
        from rich.text import Text

        from ..reports.practice import render_turn_feedback, teacher_text

        if self.per_turn:
            render_turn_feedback(self.ui, self.session.loaded, turn)
        elif scripted:
            self.ui.print(Text("You: ", style="cc.coach") + Text(reply))
        self.ui.print(teacher_text(self.session.loaded.scenario.persona.name, self.session.teacher_line()))

    def _stopped(self, stop: _Stop) -> None:
        from rich.text import Text

        self.save()
        self._discard_if_empty()
        n = len(self.session.replies)
        if stop.reason == "replies":
            self.err.print(Text(f"The replies ran out after {n} turn(s); the conversation is not over.",
                                style="cc.warning"))
        if self.record_path is not None and not self.quiet:
            resume_hint(self.err if self.json_out else self.ui, self.record_path, n)
        elif self.record_path is not None and stop.reason == "replies":
            resume_hint(self.err, self.record_path, n)

    def _finish(self) -> None:
        from rich.text import Text

        from ..reports.practice import render_debrief

        debrief = self.session.finish()
        if debrief is not None:
            self.save()
            if not self.quiet:
                render_debrief(self.ui, self.session.replies, debrief)
                if self.record_path is not None:
                    self.ui.print(Text(f"Session saved to {self.record_path}", style="cc.dim"))
        if self.json_out:
            sys.stdout.write(json.dumps(self.session.record.json_dict(), ensure_ascii=False, indent=2) + "\n")


def resume_hint(console: Console, path: Path, n: int) -> None:
    from rich.text import Text

    if not path.exists():
        console.print(Text("Nothing to save yet: no replies.", style="cc.dim"))
        return
    console.print(Text(f"Saved {n} turn{'s' if n != 1 else ''} to {path}", style="cc.dim"))
    console.print(Text("Continue with: ") + Text(f"convocoach play --resume {path}", style="cc.title"))

