"""`convocoach play`: practise a conversation with a scripted teacher.

Nothing heavy at import time: the analyzer (spaCy) is built in a background thread while the
scenario card and the teacher's first line are on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import app, make_console
from .process import read_stdin_leniently
from .formats import FeedbackMode, TextFormat

if TYPE_CHECKING:
    from rich.console import Console

    from ..io.records import SessionRecord
    from ..practice.scenario import LoadedScenario
    from ..practice.session import PracticeSession
    from .background import BackgroundAnalyzer


@app.command("play", rich_help_panel="Practice")
def play(
    scenario: Annotated[Optional[str], typer.Argument(
        help="A bundled scenario id (see `convocoach scenarios`) or a scenario .yml file.",
        show_default=False)] = None,
    feedback: Annotated[FeedbackMode, typer.Option(
        "--feedback", help="turn: show what each reply did; end: nothing until the debrief.")] = "turn",
    replies: Annotated[Optional[str], typer.Option(
        "--replies", help="Play without a terminal: replies from FILE (one per line, or a YAML list; - = stdin).",
        metavar="FILE")] = None,
    fmt: Annotated[TextFormat, typer.Option(
        "--format", help="text, or json: print the session record as JSON on stdout.")] = "text",
    seed: Annotated[Optional[int], typer.Option(
        "--seed", help="Chooses among teacher line variants; same replies + seed = same conversation.")] = None,
    record: Annotated[Optional[Path], typer.Option(
        "--record", help="Write the session record here (default: the convocoach data folder).",
        metavar="PATH")] = None,
    resume: Annotated[Optional[Path], typer.Option(
        "--resume", help="Continue a session from its record.", metavar="RECORD")] = None,
    no_record: Annotated[bool, typer.Option(
        "--no-record", help="Do not write a session record.")] = False,
    assignment: Annotated[Optional[Path], typer.Option("--assignment", hidden=True)] = None,
    participant: Annotated[Optional[str], typer.Option("--participant", hidden=True)] = None,
) -> int:
    """Practise a conversation with a scripted teacher; see what each reply does."""
    if assignment is not None:
        from ..model.errors import InputError

        # One way to play an assignment: `play --assignment` ignored --replies and resumed the wrong thing.
        raise InputError("assignments are played with `convocoach assignment play`",
                         hint=f"convocoach assignment play {assignment} --participant {participant or 'NAME'} "
                         "[--replies FILE | --replies-dir DIR]")
    from ..io.replies import read_replies
    from ..model.errors import InputError
    from .background import BackgroundAnalyzer
    from .session import SessionUI

    json_out = fmt == "json"
    ui = make_console(stderr=json_out)
    if replies is None:
        read_stdin_leniently()
    err = make_console(stderr=True)
    stored = _stored(resume)
    if stored is None and scenario is None:
        raise InputError("name a scenario (an id or a .yml file), or --resume RECORD",
                         hint="list them with `convocoach scenarios`")
    loaded = _scenario(scenario, stored)
    scripted = read_replies(replies) if replies is not None else None
    background = BackgroundAnalyzer()
    if stored is not None:
        session = _resumed(stored, loaded, resume, seed, background, err)
    else:
        from ..practice.session import PracticeSession

        session = PracticeSession(loaded, background.analyze, seed=seed or 0, feedback=feedback)
    record_path, reserved = _record_path(loaded.scenario.id, record, resume, no_record)
    return SessionUI(session, background, ui, err, record_path=record_path, reserved=reserved,
                     quiet=json_out and replies is not None, per_turn=feedback == "turn",
                     scripted=scripted, json_out=json_out).run(resumed=stored is not None)


def _stored(resume: Path | None) -> SessionRecord | None:
    from ..io.records import load_record

    return load_record(resume) if resume is not None else None


def _scenario(scenario: str | None, stored: SessionRecord | None) -> LoadedScenario:
    """The scenario named, else the one the record was played with (its file, or its id)."""
    from ..practice.library import find_scenario

    ref = scenario
    if ref is None and stored is not None:
        ref = stored.scenario.path or stored.scenario.id
        if not Path(str(ref)).exists():
            ref = stored.scenario.id
    assert ref is not None
    return find_scenario(str(ref))


def _resumed(stored: SessionRecord, loaded: LoadedScenario, resume: Path | None, seed: int | None,
             background: BackgroundAnalyzer, err: Console) -> PracticeSession:
    """The stored session replayed (every reply analysed again), with warnings where it differs."""
    from rich.text import Text

    from ..io.records import record_line
    from ..model.errors import InputError
    from ..practice.session import PracticeSession

    sc = loaded.scenario
    if stored.scenario.id != sc.id:
        raise InputError(f"the record is for scenario '{stored.scenario.id}', not '{sc.id}'",
                         path=resume, line=record_line(resume, ("scenario", "id")) if resume else None,
                         hint="resume without naming a scenario, or name the record's own")
    if stored.scenario.hash != loaded.content_hash:
        err.print(Text("warning: the scenario file changed since this session was recorded; "
                       "replaying the stored turns anyway", style="cc.warning"))
    if seed is not None and seed != stored.seed:
        err.print(Text(f"warning: --seed {seed} ignored; a resumed session keeps its seed ({stored.seed})",
                       style="cc.warning"))
    session, replay = PracticeSession.resume(stored, loaded, background.analyze)
    for index in replay.path_differs:
        err.print(Text(f"warning: turn {index} now follows a different path", style="cc.warning"))
    if replay.dropped:
        err.print(Text(f"warning: {replay.dropped} stored turn(s) come after the conversation "
                       "ended in the replay; they are dropped", style="cc.warning"))
    if replay.analysis_differs:
        err.print(Text(f"warning: the stored analysis of turn(s) {', '.join(map(str, replay.analysis_differs))} "
                       "differs from a fresh analysis of the reply (the record was edited, or made with another "
                       "convocoach version); the fresh analysis is used", style="cc.warning"))
    return session


def _record_path(scenario_id: str, record: Path | None, resume: Path | None,
                 no_record: bool) -> tuple[Path | None, bool]:
    """Where the record goes, and whether its file was made now for this session."""
    from ..io.fileio import remove_stale_temp
    from ..io.records import default_record_path

    if no_record:
        return None, False
    if record is None and resume is None:
        return default_record_path(scenario_id), True
    path = record or resume
    assert path is not None
    remove_stale_temp(path.parent)
    return path, False
