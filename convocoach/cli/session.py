"""The terminal side of a practice session: the analyzer built in the background, the reply loop with
its commands, and the record saved after every turn. Used by `play` and `assignment play`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .background import BackgroundAnalyzer
from .common import EXIT_INTERRUPTED, EXIT_OK, STARTED
from .prompt import Stop, next_reply, run_command

if TYPE_CHECKING:
    from rich.console import Console

    from ..model.conversation import Turn
    from ..practice.session import PracticeSession



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
        # spaCy's import and the cached build start now, while the card is drawn and read.
        self.background.start()
        if not self.quiet and self.scripted is None:
            self.background.on_wait = lambda: ui.print(Text("reading…", style="cc.dim"))
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
                reply = next_reply(self.ui, queue)
                if reply is None or run_command(self, reply):
                    continue
                turn = session.step(reply)
                if session.record.lexicon_hash is None:
                    session.record.lexicon_hash = self.background.get().lexicon_hash
                self.save()
                if not self.quiet:
                    self._show_turn(turn, reply, queue is not None)
                if os.environ.get("CONVOCOACH_TIMING"):
                    self._timing()
        except Stop as stop:
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

    def _timing(self) -> None:
        """`CONVOCOACH_TIMING=1`: when the pipeline was ready and when this feedback was shown."""
        from rich.text import Text

        now, ready = time.perf_counter(), self.background.ready_at or 0.0
        self.err.print(Text(f"pipeline ready at {(ready - STARTED) * 1000:.0f} ms; feedback shown at "
                            f"{(now - STARTED) * 1000:.0f} ms, {(now - ready) * 1000:.0f} ms after ready",
                            style="cc.dim"))

    def _show_turn(self, turn: Turn, reply: str, scripted: bool) -> None:
        from rich.text import Text

        from ..reports.practice import render_turn_feedback, teacher_text

        if self.per_turn:
            render_turn_feedback(self.ui, self.session.loaded, turn)
        elif scripted:
            self.ui.print(Text("You: ", style="cc.coach") + Text(reply))
        self.ui.print(teacher_text(self.session.loaded.scenario.persona.name, self.session.teacher_line()))

    def _stopped(self, stop: Stop) -> None:
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
    from .common import program

    console.print(Text("Continue with: ") + Text(f"{program()} play --resume {path}", style="cc.title"))

