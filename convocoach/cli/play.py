"""`convocoach play`, `convocoach scenarios` and `convocoach scenario validate|schema|graph`.

Nothing heavy at import time: the analyzer (spaCy) is built in a background thread while the
scenario card and the teacher's first line are on screen.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

import typer

from .common import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, app, make_console, read_stdin_leniently

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ..practice.engine import Engine, Turn
    from ..model.analysis import Analysis
    from ..practice.scenario import LoadedScenario

#: A coaching turn is a few sentences; longer text is almost certainly a paste by mistake.
MAX_REPLY_CHARS = 2000
#: A --replies file holds a few dozen replies.
MAX_REPLIES_BYTES = 5_000_000
_T0 = time.perf_counter()

scenario_app = typer.Typer(
    name="scenario",
    help="Check, describe and draw scenario files.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(scenario_app, name="scenario", rich_help_panel="Practice")


class FeedbackMode(str, Enum):
    turn = "turn"
    end = "end"


class PlayFormat(str, Enum):
    text = "text"
    json = "json"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


HELP_TEXT = """\
Type your reply to the teacher and press Enter. Commands:
  /hint   a move that would help now
  /undo   take back your last reply
  /help   this help
  /quit   stop here (the session is saved; continue later with --resume)
Ctrl-C or Ctrl-D also stop and save."""

VOICE_NOTE = ("Approachable voice (tone, pace, pauses) is non-verbal: convocoach reads only your words, "
              "so it cannot hear or score it.")


# ---------------------------------------------------------------------------------------------
# Replies
# ---------------------------------------------------------------------------------------------
def clean_reply(text: str) -> str:
    """A reply as the engine sees it: control characters (terminal escapes) removed, outer space stripped."""
    return "".join(ch for ch in text if ch in "\t\n" or (ord(ch) >= 32 and ord(ch) != 127)).strip()


def read_replies(path: str) -> list[tuple[str, int | None]]:
    """Replies from a file (one per line, or a YAML list for .yml/.yaml), or '-' for stdin.

    Returns (reply, line number) pairs. Raises InputError with file:line for bad replies.
    """
    from ..io import fileio
    from ..model.errors import InputError
    from ..io.yamlio import compose

    if path == "-":
        src = "<stdin>"
        text = fileio.decode(fileio.read_stream(sys.stdin.buffer, MAX_REPLIES_BYTES, src, "a file of replies"), src,
                             "a file of replies", controls=True)
    else:
        src = path
        text = fileio.read_text(Path(path), MAX_REPLIES_BYTES, "a file of replies", stdin_hint=True, controls=True)
    out: list[tuple[str, int | None]] = []
    if src.endswith((".yml", ".yaml")):
        data, root = compose(text, src)
        if not isinstance(data, list) or root is None:
            raise InputError("expected a YAML list of replies", path=src, line=1,
                             hint='e.g.\n- "What are you noticing?"\n- "It sounds like..."')
        for i, (item, node) in enumerate(zip(data, root.value)):
            line = node.start_mark.line + 1
            if not isinstance(item, str):
                raise InputError(f"reply {i + 1} is not text (got {type(item).__name__})", path=src, line=line,
                                 col=node.start_mark.column + 1, hint="quote the reply")
            if clean_reply(item):
                out.append((clean_reply(item), line))
    else:
        for n, line_text in enumerate(text.splitlines(), start=1):
            if clean_reply(line_text):
                out.append((clean_reply(line_text), n))
    for reply, line in out:
        if len(reply) > MAX_REPLY_CHARS:
            raise InputError(f"reply is {len(reply):,} characters; replies may be at most {MAX_REPLY_CHARS:,}",
                             path=src, line=line, hint="a coaching turn is a few sentences")
    if not out:
        raise InputError("no replies in the file", path=src, hint="one reply per line, or a YAML list")
    return out


# ---------------------------------------------------------------------------------------------
# Rendering helpers (all user and scenario text goes through Text, never markup)
# ---------------------------------------------------------------------------------------------
def _meter_bar(value: int, lo: int, hi: int, width: int = 10) -> str:
    span = max(1, hi - lo)
    filled = round((value - lo) * width / span)
    return "█" * filled + "░" * (width - filled)


def _meters_text(loaded: LoadedScenario, meters: dict[str, int], before: dict[str, int] | None = None) -> Text:
    from rich.text import Text

    sc = loaded.scenario
    out = Text()
    for i, (name, m) in enumerate(sc.meters.items()):
        if i:
            out.append("   ")
        value = meters.get(name, m.start)
        out.append(f"{m.label or name} ", style="cc.dim")
        out.append(_meter_bar(value, m.min, m.max), style="cc.meter")
        out.append(f" {value}")
        if before is not None:
            d = value - before.get(name, value)
            if d > 0:
                out.append(f" +{d}", style="cc.good")
            elif d < 0:
                out.append(f" {d}", style="cc.bad")
    return out


def highlight_reply(analysis: Analysis) -> Text:
    """The reply with each move's span styled (strength green, growth yellow)."""
    from rich.text import Text

    from ..reports.theme import move_style

    text = Text(analysis.text)
    for m in analysis.moves:
        if 0 <= m.start < m.end <= len(analysis.text):
            text.stylize(move_style(m.name), m.start, m.end)
    return text


def _moves_text(analysis: Analysis) -> Text:
    from rich.text import Text

    from ..reports.theme import move_style

    out = Text()
    names = list(dict.fromkeys(m.name for m in analysis.moves))
    if not names:
        out.append("no moves detected", style="cc.dim")
    for i, name in enumerate(names):
        if i:
            out.append(" · ", style="cc.dim")
        n = analysis.names[name]
        out.append(name + (f" ×{n}" if n > 1 else ""), style=move_style(name))
    return out


def _teacher_text(name: str, line: str) -> Text:
    from rich.text import Text

    return Text(f"{name}: ", style="cc.teacher") + Text(line)


def render_card(console: Console, loaded: LoadedScenario) -> None:
    """The scenario card: title, context, persona, goals, meters, and the voice note."""
    from rich.panel import Panel
    from rich.text import Text

    sc = loaded.scenario
    p = sc.persona
    body = Text()
    body.append(sc.context + "\n\n")
    body.append("Teacher  ", style="cc.dim")
    body.append(f"{p.name}", style="cc.teacher")
    body.append(f", {p.role}" + (f", {p.years} years" if p.years else "") + "\n")
    body.append("         " + p.background + "\n")
    body.append("Type     ", style="cc.dim")
    body.append(f"{sc.conversation} conversation · resistance: {p.resistance} · {sc.difficulty}\n")
    if sc.goals:
        body.append("Goals\n", style="cc.dim")
        for g in sc.goals:
            body.append(f"  • {g.text}\n")
    body.append("Meters   ", style="cc.dim")
    body.append_text(_meters_text(loaded, {k: m.start for k, m in sc.meters.items()}))
    body.append("\n")
    body.append(VOICE_NOTE, style="cc.dim")
    console.print(Panel(body, title=Text(sc.title, style="cc.title"), title_align="left", expand=True))
    console.print(Text("Type /help for commands, /hint for a nudge.", style="cc.dim"))


def render_turn_feedback(console: Console, loaded: LoadedScenario, turn: Turn) -> None:
    """The compact line after a reply: highlighted reply, moves, stance, meter change, notes."""
    from rich.text import Text

    console.print(Text("  you: ", style="cc.coach") + highlight_reply(turn.analysis))
    line = Text("  ") + _moves_text(turn.analysis)
    line.append("  stance ", style="cc.dim")
    line.append(turn.analysis.stance)
    console.print(line)
    console.print(Text("  ") + _meters_text(loaded, turn.meters, turn.meters_before))
    for note in turn.notes:
        console.print(Text("  · " + note, style="cc.dim"))


# ---------------------------------------------------------------------------------------------
# Debrief
# ---------------------------------------------------------------------------------------------
def _turn_value(turn: Turn) -> float:
    from ..model.moves import Valence, load_moves

    moves = load_moves()
    score = 0.0
    for m in turn.analysis.moves:
        info = moves.get(m.name)
        if info is not None:
            score += {Valence.STRENGTH: 1.0, Valence.GROWTH: -1.5}.get(info.valence, 0.0)
    score += sum(turn.deltas.values())
    return score


def score_turns(loaded: LoadedScenario, turns: list[Turn]) -> dict[str, Any] | None:
    """The rubric's verdict on the session, or None when the rubric is unavailable."""
    try:
        from ..scoring.rubric import ScoredTurn, load_rubric, score_session
    except ImportError:
        return None
    scored: list[Any] = []
    name = loaded.scenario.persona.name
    # Both lines of exchange N get index N, so "turn N" in feedback matches the debrief table.
    for t in turns:
        scored.append(ScoredTurn(index=t.index, role="teacher", speaker=name, text=t.teacher, analysis=None,
                                 requested_advice=t.asks == "advice"))
        scored.append(ScoredTurn(index=t.index, role="coach", speaker="Coach", text=t.reply,
                                 analysis=t.analysis))
    try:
        from ..scoring.rewrites import suggest_rewrite

        result = score_session(scored, load_rubric(), rewrite=suggest_rewrite)
    except Exception:  # noqa: BLE001 - the debrief must not die on a rubric bug
        return None
    data: dict[str, Any] = result.to_dict()
    return data


def build_debrief(engine: Engine, loaded: LoadedScenario) -> dict[str, Any]:
    """Outcome, goals, strongest/weakest turn and things to try, as data (rendered or put in JSON)."""
    turns = engine.turns
    goals = [{"id": g.id, "text": g.text, "met": g.met, "detail": g.detail} for g in engine.goal_results()]
    strongest = weakest = None
    if turns:
        values = [(_turn_value(t), t.index) for t in turns]
        strongest = max(values, key=lambda v: (v[0], -v[1]))[1]
        weakest = min(values, key=lambda v: (v[0], v[1]))[1]
        if strongest == weakest:
            weakest = None
    score = score_turns(loaded, turns)
    to_try: list[str] = []
    if score and score.get("to_try"):
        to_try = [f"{item['title']}: {item['message']}" for item in score["to_try"]]
    else:
        to_try = _fallback_to_try(engine, goals)
    ending = engine.ending
    rewrite = _rewrite_weakest(turns[weakest - 1]) if weakest else None
    return {
        "rewrite": rewrite,
        "ending": engine.ending_id,
        "outcome": ending.outcome if ending else None,
        "line": ending.line if ending else None,
        "debrief": ending.debrief if ending else None,
        "timed_out": engine.timed_out,
        "goals": goals,
        "strongest_turn": strongest,
        "weakest_turn": weakest,
        "to_try": to_try,
        "score": score,
    }


def _rewrite_weakest(turn: Turn) -> dict[str, Any] | None:
    """A better version of the weakest turn's first rewritable growth move (feedback.suggest_rewrite)."""
    try:
        from ..model.moves import load_moves
        from ..scoring.rewrites import suggest_rewrite
    except ImportError:
        return None
    candidates = [m for m in turn.analysis.moves if m.name in load_moves().rewritable]
    for template_ok in (False, True):
        for move in candidates:
            try:
                better = suggest_rewrite(turn.analysis, move)
            except Exception:  # noqa: BLE001 - a rewrite is a bonus, never a reason to fail
                continue
            if better and (template_ok or not better.startswith("Template:")):
                return {"turn": turn.index, "move": move.name, "original": move.text, "suggestion": better}
    return None


def _fallback_to_try(engine: Engine, goals: list[dict[str, Any]]) -> list[str]:
    from ..model.moves import Valence, load_moves

    moves = load_moves()
    out = [f"Goal missed: {g['text']} ({g['detail']})." for g in goals if not g["met"]]
    growth: dict[str, int] = {}
    for t in engine.turns:
        for m in t.analysis.moves:
            info = moves.get(m.name)
            if info is not None and info.valence == Valence.GROWTH:
                growth[m.name] = growth.get(m.name, 0) + 1
    for name, _n in sorted(growth.items(), key=lambda kv: -kv[1])[:2]:
        better = None
        try:
            from ..scoring.explain import move_feedback

            better = move_feedback(name).better
        except Exception:  # noqa: BLE001
            better = None
        out.append(f"{name}: {better or moves[name].summary}")
    return out[:3] or ["Keep going: try the same scenario with --feedback end, closer to a real conversation."]


def render_debrief(console: Console, engine: Engine, loaded: LoadedScenario, debrief: dict[str, Any]) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    outcome = debrief["outcome"] or "unfinished"
    style = {"breakthrough": "cc.good", "partial": "cc.warning", "stalled": "cc.bad"}.get(outcome, "cc.dim")
    body = Text()
    if debrief["timed_out"]:
        body.append("The turn limit was reached.\n", style="cc.dim")
    if debrief["debrief"]:
        body.append(debrief["debrief"])
    console.print(Panel(body, title=Text(f"Outcome: {outcome}", style=style), title_align="left"))
    if debrief["goals"]:
        console.print(Text("Goals", style="cc.title"))
        for g in debrief["goals"]:
            mark = Text("  ✓ ", style="cc.good") if g["met"] else Text("  ✗ ", style="cc.bad")
            console.print(mark + Text(g["text"]) + Text(f"  ({g['detail']})", style="cc.dim"))
    turns = engine.turns
    if turns:
        table = Table(title="Turn by turn", title_justify="left", show_lines=False, expand=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("Your reply", ratio=3)
        table.add_column("Moves", ratio=2)
        table.add_column("Stance", no_wrap=True)
        table.add_column("Meters", no_wrap=True)
        for t in turns:
            reply = t.reply if len(t.reply) <= 160 else t.reply[:157] + "..."
            meters = Text()
            for name, v in t.meters.items():
                d = v - t.meters_before.get(name, v)
                meters.append(f"{name[:5]} {v}")
                if d:
                    meters.append(f"{d:+d}", style="cc.good" if d > 0 else "cc.bad")
                meters.append(" ")
            arrow = " ▲" if t.index == debrief["strongest_turn"] else " ▼" if t.index == debrief["weakest_turn"] else ""
            table.add_row(f"{t.index}{arrow}", Text(reply), _moves_text(t.analysis), t.analysis.stance, meters)
        console.print(table)
        if debrief["strongest_turn"]:
            t = turns[debrief["strongest_turn"] - 1]
            console.print(Text("Strongest turn ▲ ", style="cc.strength") + Text(f"{t.index}: ") + highlight_reply(t.analysis))
        if debrief["weakest_turn"]:
            t = turns[debrief["weakest_turn"] - 1]
            console.print(Text("Weakest turn ▼ ", style="cc.growth") + Text(f"{t.index}: ") + highlight_reply(t.analysis))
            rw = debrief.get("rewrite")
            if rw:
                console.print(Text(f"  instead of ({rw['move']}) ", style="cc.dim") + Text(rw["original"]))
                console.print(Text("  try  ", style="cc.dim") + Text(rw["suggestion"], style="cc.strength"))
    score = debrief.get("score")
    if score:
        dims = ", ".join(f"{k} {v}" for k, v in score.get("dimensions", {}).items())
        console.print(Text("Rubric ", style="cc.title") + Text(f"{score.get('overall')}/100") +
                      Text(f"  ({dims})", style="cc.dim"))
    if debrief["to_try"]:
        console.print(Text("What to try next time", style="cc.title"))
        for item in debrief["to_try"]:
            console.print(Text("  → " + item))
    console.print(Text(VOICE_NOTE, style="cc.dim"))


# ---------------------------------------------------------------------------------------------
# The session
# ---------------------------------------------------------------------------------------------
class _Background:
    """Build the analyzer off the main thread so the card and first line appear at once."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._result: Any = None
        self._exc: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(build,), name="convocoach-analyzer", daemon=True)
        self._thread.start()

    def _run(self, build: Callable[[], Any]) -> None:
        try:
            self._result = build()
        except BaseException as exc:  # noqa: BLE001 - re-raised in get()
            self._exc = exc

    def get(self) -> Any:
        while self._thread.is_alive():
            self._thread.join(0.1)  # short joins keep Ctrl-C responsive
        if self._exc is not None:
            raise self._exc
        return self._result


class _Stop(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _resume_hint(console: Console, path: Path, n: int) -> None:
    from rich.text import Text

    if not path.exists():
        console.print(Text("Nothing to save yet: no replies.", style="cc.dim"))
        return
    console.print(Text(f"Saved {n} turn{'s' if n != 1 else ''} to {path}", style="cc.dim"))
    console.print(Text("Continue with: ") + Text(f"convocoach play --resume {path}", style="cc.title"))


@app.command("play", rich_help_panel="Practice")
def play(
    scenario: Annotated[Optional[str], typer.Argument(
        help="A bundled scenario id (see `convocoach scenarios`) or a scenario .yml file.",
        show_default=False)] = None,
    feedback: Annotated[FeedbackMode, typer.Option(
        "--feedback", help="turn: show what each reply did; end: nothing until the debrief.")] = FeedbackMode.turn,
    replies: Annotated[Optional[str], typer.Option(
        "--replies", help="Play without a terminal: replies from FILE (one per line, or a YAML list; - = stdin).",
        metavar="FILE")] = None,
    fmt: Annotated[PlayFormat, typer.Option(
        "--format", help="text, or json: print the session record as JSON on stdout.")] = PlayFormat.text,
    seed: Annotated[Optional[int], typer.Option(
        "--seed", help="Chooses among teacher line variants; same replies + seed = same conversation.")] = None,
    record: Annotated[Optional[Path], typer.Option(
        "--record", help="Write the session record here (default: the convocoach data folder).",
        metavar="PATH")] = None,
    resume: Annotated[Optional[Path], typer.Option(
        "--resume", help="Continue a session from its record.", metavar="RECORD")] = None,
    no_record: Annotated[bool, typer.Option(
        "--no-record", help="Do not write a session record.")] = False,
    assignment: Annotated[Optional[Path], typer.Option(
        "--assignment", help="Play a programme's assignment (its scenarios in order) and write a submission file.",
        metavar="FILE")] = None,
    participant: Annotated[Optional[str], typer.Option(
        "--participant", help="With --assignment: your name or id, as the programme knows you.")] = None,
) -> int:
    """Practise a conversation with a scripted teacher; see what each reply does."""
    if assignment is not None:
        from .programme import run_assignment_play

        return run_assignment_play(assignment, participant=participant, output=record, no_record=no_record)
    from rich.text import Text

    from ..model.errors import InputError
    from ..practice.library import find_scenario
    from ..io.fileio import remove_stale_temp
    from ..io.records import (
        default_record_path,
        load_record,
        new_record,
        record_line,
        save_record,
        stored_analysis,
        turn_to_dict,
    )

    from ..io.fileio import SURROGATE

    ui = make_console(stderr=fmt == PlayFormat.json)
    quiet = fmt == PlayFormat.json and replies is not None
    if replies is None:
        read_stdin_leniently()
    err = make_console(stderr=True)

    resumed: dict[str, Any] | None = None
    if resume is not None:
        resumed = load_record(resume)
        ref = scenario or resumed["scenario"].get("path") or resumed["scenario"]["id"]
        if scenario is None and not Path(str(ref)).exists():
            ref = resumed["scenario"]["id"]
    elif scenario is None:
        raise InputError("name a scenario (an id or a .yml file), or --resume RECORD",
                         hint="list them with `convocoach scenarios`")
    else:
        ref = scenario
    loaded = find_scenario(str(ref))
    sc = loaded.scenario
    scripted = read_replies(replies) if replies is not None else None
    if resumed is not None:
        if resumed["scenario"]["id"] != sc.id:
            raise InputError(f"the record is for scenario '{resumed['scenario']['id']}', not '{sc.id}'",
                             path=resume, line=record_line(resume, ("scenario", "id")) if resume else None,
                             hint="resume without naming a scenario, or name the record's own")
        if resumed["scenario"].get("hash") != loaded.content_hash:
            err.print(Text("warning: the scenario file changed since this session was recorded; "
                           "replaying the stored turns anyway", style="cc.warning"))
        recorded_seed = int(resumed.get("seed") or 0)
        if seed is not None and seed != recorded_seed:
            err.print(Text(f"warning: --seed {seed} ignored; a resumed session keeps its seed ({recorded_seed})",
                           style="cc.warning"))
        seed = recorded_seed
    seed = 0 if seed is None else seed

    def build() -> Any:
        from ..nlp.analyzer import get_analyzer

        return get_analyzer()

    from ..practice.engine import Engine

    # Started once the first line is on screen: importing spaCy in parallel with rendering the
    # card would slow the card down (import lock and GIL contention).
    background: _Background | None = None

    def analyze(text: str, previous: str | None) -> Analysis:
        nonlocal background
        if background is None:
            background = _Background(build)
        an = background.get()
        return an.analyze(text, previous=previous)  # type: ignore[no-any-return]

    engine = Engine(sc, analyze, seed=seed)
    if resumed is not None:
        rec = resumed
        rec["status"] = "in_progress"
        # Nothing stored is trusted: every reply is analysed again and walks the graph again, as
        # `grade` does; stored analyses are only compared, so that an edited record is noticed.
        from ..programme.grading import analysis_signature

        differ: list[int] = []
        stored_turns = list(resumed["turns"])
        for k, stored in enumerate(stored_turns):
            if engine.finished:
                err.print(Text(f"warning: {len(stored_turns) - k} stored turn(s) come after the conversation "
                               "ended in the replay; they are dropped", style="cc.warning"))
                break
            turn = engine.step(str(stored["reply"]))
            before = stored_analysis(stored)
            if before is None or analysis_signature(before) != analysis_signature(turn.analysis):
                differ.append(turn.index)
            if turn.node != stored.get("node"):
                err.print(Text(f"warning: turn {turn.index} now follows a different path", style="cc.warning"))
        if differ:
            err.print(Text(f"warning: the stored analysis of turn(s) {', '.join(map(str, differ))} differs from a "
                           "fresh analysis of the reply (the record was edited, or made with another convocoach "
                           "version); the fresh analysis is used", style="cc.warning"))
        rec["turns"] = [turn_to_dict(t) for t in engine.turns]
        rec["scenario"].update({"path": loaded.path, "hash": loaded.content_hash})
    else:
        rec = new_record(sc.id, sc.title, loaded.path, loaded.content_hash, seed, None, feedback.value,
                         persona_name=sc.persona.name)
    rec_path: Path | None = None
    reserved = False  # the record has a default name, made (exclusively) now
    if not no_record:
        if record is None and resume is None:
            rec_path, reserved = default_record_path(sc.id), True
        else:
            rec_path = record or resume
        if rec_path is not None:
            remove_stale_temp(rec_path.parent)

    def save() -> None:
        if rec_path is not None:
            save_record(rec, rec_path)

    def discard_if_empty() -> None:
        # A session nobody has replied in is not worth a file, unless --record asked for one.
        if reserved and rec_path is not None and not engine.turns:
            rec_path.unlink(missing_ok=True)

    if rec_path is not None:
        save()  # the file is this session's from the start; an unwritable --record PATH fails now

    name = sc.persona.name
    if not quiet:
        render_card(ui, loaded)
        if resumed is not None and engine.turns:
            ui.print(Text(f"Resumed after {len(engine.turns)} turn(s). Last exchange:", style="cc.dim"))
            last = engine.turns[-1]
            ui.print(_teacher_text(name, last.teacher))
            ui.print(Text("You: ", style="cc.coach") + Text(last.reply))
        if not engine.finished:
            ui.print(_teacher_text(name, engine.teacher_line()))
    background = _Background(build)
    first_line_s = time.perf_counter() - _T0
    if os.environ.get("CONVOCOACH_TIMING"):
        err.print(Text(f"time to first teacher line: {first_line_s * 1000:.0f} ms", style="cc.dim"))

    queue = list(scripted) if scripted is not None else None
    code = EXIT_OK
    try:
        while not engine.finished:
            if queue is not None:
                if not queue:
                    raise _Stop(EXIT_OK, "replies")
                reply, _line = queue.pop(0)
            else:
                try:
                    reply = ui.input(Text("You: ", style="cc.coach"))
                except EOFError:
                    ui.print()
                    raise _Stop(EXIT_OK, "eof") from None
                reply = clean_reply(reply)
                if SURROGATE.search(reply):
                    ui.print(Text("That reply is not valid UTF-8 text (the terminal sent bytes convocoach cannot "
                                  "read); type it again.", style="cc.warning"))
                    continue
                if not reply:
                    ui.print(Text("(type a reply, or /help)", style="cc.dim"))
                    continue
                if len(reply) > MAX_REPLY_CHARS:
                    ui.print(Text(f"That reply is {len(reply):,} characters; a coaching turn is a few sentences. "
                                  f"Keep it under {MAX_REPLY_CHARS:,} and try again.", style="cc.warning"))
                    continue
            command = reply.lower()
            if command in ("/help", "/?"):
                ui.print(Text(HELP_TEXT, style="cc.dim"))
                continue
            if command == "/hint":
                ui.print(Text("hint: " + engine.hint(), style="cc.neutral"))
                continue
            if command == "/undo":
                undone = engine.undo()
                if undone is None:
                    ui.print(Text("Nothing to take back yet.", style="cc.dim"))
                else:
                    rec["turns"] = [turn_to_dict(t) for t in engine.turns]
                    save()
                    ui.print(Text(f"Took back reply {undone.index}.", style="cc.dim"))
                    if not quiet:
                        ui.print(_teacher_text(name, engine.teacher_line()))
                continue
            if command in ("/quit", "/exit"):
                raise _Stop(EXIT_OK, "quit")
            if command.startswith("/") and " " not in command and len(command) < 12:
                ui.print(Text(f"unknown command {reply}; type /help", style="cc.warning"))
                continue
            turn = engine.step(reply)
            if rec.get("lexicon_hash") is None:
                try:
                    rec["lexicon_hash"] = background.get().lexicon_hash if background else "unknown"
                except Exception:  # noqa: BLE001 - the hash is informative only
                    rec["lexicon_hash"] = "unknown"
            rec["turns"].append(turn_to_dict(turn))
            save()
            if not quiet:
                if feedback == FeedbackMode.turn:
                    render_turn_feedback(ui, loaded, turn)
                elif queue is not None:
                    ui.print(Text("You: ", style="cc.coach") + Text(reply))
                ui.print(_teacher_text(name, engine.teacher_line()))
    except _Stop as stop:
        save()
        discard_if_empty()
        if stop.reason == "replies":
            err.print(Text(f"The replies ran out after {len(engine.turns)} turn(s); the conversation is not over.",
                           style="cc.warning"))
        if rec_path is not None and not quiet:
            _resume_hint(err if fmt == PlayFormat.json else ui, rec_path, len(engine.turns))
        elif rec_path is not None and stop.reason == "replies":
            _resume_hint(err, rec_path, len(engine.turns))
        code = stop.code
    except KeyboardInterrupt:
        save()
        discard_if_empty()
        ui.print()
        ui.print(Text("Stopped.", style="cc.dim"))
        if rec_path is not None:
            _resume_hint(ui, rec_path, len(engine.turns))
        return EXIT_INTERRUPTED
    except BaseException:
        save()  # never lose the turns already played, whatever went wrong
        discard_if_empty()
        raise

    if engine.finished:
        debrief = build_debrief(engine, loaded)
        rec["status"] = "finished"
        rec["outcome"] = {k: debrief[k] for k in ("ending", "outcome", "line", "timed_out", "goals",
                                                   "strongest_turn", "weakest_turn", "rewrite", "to_try")}
        rec["score"] = debrief["score"]
        save()
        if not quiet:
            render_debrief(ui, engine, loaded, debrief)
            if rec_path is not None:
                ui.print(Text(f"Session saved to {rec_path}", style="cc.dim"))
    if fmt == PlayFormat.json:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=2) + "\n")
    return code


# ---------------------------------------------------------------------------------------------
# Listing, validating, drawing
# ---------------------------------------------------------------------------------------------
@app.command("scenarios", rich_help_panel="Practice")
def scenarios(
    tag: Annotated[Optional[str], typer.Option("--tag", help="Only scenarios with this tag.")] = None,
    type_: Annotated[Optional[str], typer.Option(
        "--type", help="Only this conversation type (e.g. reflecting) or resistance type (e.g. yes-but).")] = None,
    fmt: Annotated[PlayFormat, typer.Option("--format", help="text or json.")] = PlayFormat.text,
) -> int:
    """List the bundled scenarios."""
    from rich.table import Table
    from rich.text import Text

    from ..model.errors import InputError
    from ..practice.scenario import CONVERSATION_TYPES, RESISTANCE_TYPES
    from ..practice.library import load_library

    if type_ is not None and type_ not in CONVERSATION_TYPES + RESISTANCE_TYPES:
        import difflib

        close = difflib.get_close_matches(type_, list(CONVERSATION_TYPES + RESISTANCE_TYPES), n=1)
        raise InputError(f"unknown type '{type_}'", hint=(f"did you mean '{close[0]}'? " if close else "")
                         + "types: " + ", ".join(CONVERSATION_TYPES + RESISTANCE_TYPES))
    good, bad = load_library()
    rows = [
        ls for ls in good
        if (tag is None or tag in ls.scenario.tags)
        and (type_ is None or type_ in (ls.scenario.conversation, ls.scenario.persona.resistance))
    ]
    if fmt == PlayFormat.json:
        data = [{"id": ls.scenario.id, "title": ls.scenario.title, "conversation": ls.scenario.conversation,
                 "resistance": ls.scenario.persona.resistance, "difficulty": ls.scenario.difficulty,
                 "tags": list(ls.scenario.tags), "iste": list(ls.scenario.iste), "path": ls.path} for ls in rows]
        sys.stdout.write(json.dumps({"schema_version": "1", "scenarios": data}, indent=2) + "\n")
    else:
        console = make_console()
        table = Table(title="Scenarios", title_justify="left", expand=True)
        table.add_column("id", no_wrap=True, style="cc.title")
        table.add_column("title", ratio=3)
        table.add_column("conversation / resistance", ratio=2)
        table.add_column("level", no_wrap=True)
        for ls in rows:
            s = ls.scenario
            title = Text(s.title) + Text("\n" + ", ".join(s.tags), style="cc.dim") if s.tags else Text(s.title)
            table.add_row(Text(s.id), title, Text(f"{s.conversation}\n{s.persona.resistance}"), s.difficulty)
        console.print(table)
        if not rows:
            console.print(Text("No scenario matches.", style="cc.dim"))
        else:
            console.print(Text("Play one with: convocoach play ID", style="cc.dim"))
    if bad:
        err = make_console(stderr=True)
        for e in bad:
            err.print(Text("warning: skipped an invalid bundled scenario: " + str(e), style="cc.warning"))
    return EXIT_OK


@scenario_app.command("validate")
def scenario_validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario .yml files (or folders of them) to check.",
                                                show_default=False)],
) -> int:
    """Check scenario files: schema, gotos, reachability, move and meter names (exit 2 if any is bad)."""
    from rich.text import Text

    from ..model.errors import InputError, InputErrors
    from ..practice.scenario import load_scenario

    out = make_console()
    err = make_console(stderr=True)
    failed = 0
    expanded: list[Path] = []
    for f in files:
        if f.is_dir():
            found = sorted(p for p in f.iterdir() if p.suffix in (".yml", ".yaml"))
            if not found:
                raise InputError("no scenario files (*.yml, *.yaml) in this directory", path=f,
                                 hint="name scenario files, or a folder that holds them")
            expanded.extend(found)
        else:
            expanded.append(f)
    files = expanded
    for f in files:
        try:
            ls = load_scenario(f)
        except InputErrors as exc:
            failed += 1
            for e in exc.errors:
                err.print(Text(str(e)), soft_wrap=True)
            continue
        except InputError as exc:
            failed += 1
            err.print(Text(str(exc)), soft_wrap=True)
            continue
        s = ls.scenario
        out.print(Text("ok ", style="cc.good") + Text(f"{f}") +
                  Text(f"  ({s.id}: {len(s.nodes)} nodes, {len(s.endings)} endings)", style="cc.dim"))
    if failed:
        err.print(Text(f"{failed} of {len(files)} file(s) have problems", style="cc.error"))
        return EXIT_INPUT
    return EXIT_OK


@scenario_app.command("schema")
def scenario_schema() -> int:
    """Print the JSON Schema of scenario files (for YAML editors)."""
    from ..practice.scenario import scenario_json_schema

    sys.stdout.write(json.dumps(scenario_json_schema(), indent=2) + "\n")
    return EXIT_OK


def render_graph(loaded: LoadedScenario, fmt: str) -> str:
    """The branch graph as Mermaid or Graphviz dot text."""
    from ..practice.scenario import describe_condition

    sc = loaded.scenario

    def mm(s: str) -> str:
        return s.replace('"', "#quot;").replace("\n", " ")

    def dq(s: str) -> str:
        return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")

    def nid(s: str) -> str:
        return "n_" + "".join(c if c.isalnum() else "_" for c in s)

    lines: list[str] = []
    if fmt == "mermaid":
        lines.append("flowchart TD")
        for k, n in sc.nodes.items():
            label = f"{k}" + (f": {n.stage}" if n.stage else "") + (f" (asks {n.asks})" if n.asks else "")
            lines.append(f'  {nid(k)}["{mm(label)}"]')
        for k, e in sc.endings.items():
            lines.append(f'  {nid(k)}(["{mm(k)}: {e.outcome}"])')
        for k, n in sc.nodes.items():
            for b in n.branches:
                lines.append(f'  {nid(k)} -->|"{mm(describe_condition(b.when))}"| {nid(b.goto)}')
            lines.append(f'  {nid(k)} -.->|"default"| {nid(n.default)}')
        lines.append("  classDef ending fill:#eef,stroke:#557")
        lines.append("  class " + ",".join(nid(k) for k in sc.endings) + " ending")
    else:
        lines.append(f'digraph "{dq(sc.id)}" {{')
        lines.append("  rankdir=TB; node [shape=box, fontname=Helvetica]; edge [fontname=Helvetica, fontsize=10];")
        for k, n in sc.nodes.items():
            label = f"{k}" + (f"\\n{dq(n.stage)}" if n.stage else "")
            lines.append(f'  "{dq(k)}" [label="{label}"{", peripheries=2" if k == sc.start else ""}];')
        for k, e in sc.endings.items():
            lines.append(f'  "{dq(k)}" [label="{dq(k)}: {e.outcome}", shape=oval, style=filled, fillcolor="#eeeeff"];')
        for k, n in sc.nodes.items():
            for b in n.branches:
                lines.append(f'  "{dq(k)}" -> "{dq(b.goto)}" [label="{dq(describe_condition(b.when))}"];')
            lines.append(f'  "{dq(k)}" -> "{dq(n.default)}" [label="default", style=dashed];')
        lines.append("}")
    return "\n".join(lines) + "\n"


@scenario_app.command("graph")
def scenario_graph(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a .yml file.", show_default=False)],
    fmt: Annotated[GraphFormat, typer.Option("--format", help="mermaid or dot (Graphviz).")] = GraphFormat.mermaid,
) -> int:
    """Draw a scenario's branch graph (Mermaid or Graphviz dot) on stdout."""
    from ..practice.library import find_scenario

    sys.stdout.write(render_graph(find_scenario(scenario), fmt.value))
    return EXIT_OK
