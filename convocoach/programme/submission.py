"""Submissions: one participant's attempts at an assignment, as one JSON file written atomically.

Format (schema_version "1")::

    {"schema_version": "1", "kind": "convocoach.submission",
     "assignment": {"id", "title", "hash"},
     "participant": {"id", "name"},
     "convocoach_version", "lexicon_hash", "created", "updated",
     "attempts": [{"scenario": ID, "scenario_version": N, "scenario_hash": "sha256:...",
                   "attempt": 1, "record": {...a session record, see convocoach.io.records...}}]}

Nothing stored here is trusted by grading: `convocoach grade` replays every reply through the
current engine and analyzer, and flags stored analyses, outcomes and scores that differ.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from .. import __version__
from ..nlp.analyzer import MAX_CHARS
from ..model.errors import InputError
from ..io import fileio
from ..io.fileio import write_json_atomic
from ..model.analysis import Analysis

SUBMISSION_SCHEMA_VERSION = "1"
SUBMISSION_KIND = "convocoach.submission"
#: A submission holds a few dozen short replies; anything far larger is the wrong file.
MAX_SUBMISSION_BYTES = 20_000_000


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def participant_slug(name: str) -> str:
    """A participant id from a name: 'Ana María Ruiz' -> 'ana-maria-ruiz'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:64] or "participant"


def new_submission(assignment: Any, participant_name: str, participant_id: str | None = None,
                   lexicon_hash: str | None = None) -> dict[str, Any]:
    """An empty submission for a LoadedAssignment and a participant."""
    name = participant_name.strip()
    if not name:
        raise InputError("the participant name is empty", hint="pass --participant NAME")
    pid = (participant_id or "").strip() or participant_slug(name)
    now = _now()
    return {
        "schema_version": SUBMISSION_SCHEMA_VERSION,
        "kind": SUBMISSION_KIND,
        "assignment": {"id": assignment.id, "title": assignment.title, "hash": assignment.content_hash},
        "participant": {"id": pid, "name": name},
        "convocoach_version": __version__,
        "lexicon_hash": lexicon_hash,
        "created": now,
        "updated": now,
        "attempts": [],
    }


def add_attempt(submission: dict[str, Any], item: Any, record: dict[str, Any]) -> dict[str, Any]:
    """Append a session record as the next attempt at an AssignedScenario; returns the attempt entry."""
    n = 1 + sum(1 for a in submission["attempts"] if a.get("scenario") == item.id)
    entry = {
        "scenario": item.id,
        "scenario_version": item.version,
        "scenario_hash": item.loaded.content_hash,
        "attempt": n,
        "record": record,
    }
    submission["attempts"].append(entry)
    if record.get("lexicon_hash") and not submission.get("lexicon_hash"):
        submission["lexicon_hash"] = record["lexicon_hash"]
    return entry


def save_submission(submission: dict[str, Any], path: str | Path) -> Path:
    """Write the submission atomically (temp file in the same folder, fsync, rename)."""
    path = Path(path)
    submission["updated"] = _now()
    return write_json_atomic(submission, path, "the submission", "choose another place with -o PATH")


@dataclass(frozen=True)
class StoredTurn:
    """A turn as the submission stored it (none of it is trusted except the reply)."""

    index: int
    reply: str
    node: str | None
    teacher: str | None
    analysis: Analysis | None
    meters: dict[str, int] | None


@dataclass(frozen=True)
class StoredAttempt:
    """One attempt as stored: which scenario and version, the seed, the turns, and stored results."""

    scenario: str
    scenario_version: int
    scenario_hash: str | None
    attempt: int
    seed: int
    status: str
    turns: tuple[StoredTurn, ...]
    outcome: str | None
    goals: dict[str, bool]
    overall: int | None
    lexicon_hash: str | None
    #: the line of the attempt in the submission file (for messages)
    line: int | None = None


@dataclass(frozen=True)
class Submission:
    """A parsed submission file."""

    path: str
    assignment_id: str
    assignment_hash: str | None
    participant_id: str
    participant_name: str
    convocoach_version: str | None
    lexicon_hash: str | None
    attempts: tuple[StoredAttempt, ...]
    #: lines of the assignment id and the participant id in the file (for messages)
    assignment_line: int | None = None
    participant_line: int | None = None


def _offset(text: str, line: int, col: int) -> int:
    """The character offset of a 1-based line and column."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + col - 1


def _damaged(path: Path, where: str, what: str, text: str | None = None) -> InputError:
    hint = "submit the file written by `convocoach assignment play` again"
    message = f"submission is damaged: {where}: {what}"
    if text is None:
        return InputError(message, path=path, hint=hint)
    return fileio.json_error(text, path, _loc(where), message, hint)


def _loc(where: str) -> tuple[int | str, ...]:
    """'attempts[0].record.turns[2]' -> ('attempts', 0, 'record', 'turns', 2)."""
    loc: list[int | str] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", where):
        loc.append(int(index) if index else name)
    return tuple(loc)


def _str(d: Any, key: str, path: Path, where: str, text: str, optional: bool = False) -> str | None:
    v = d.get(key) if isinstance(d, dict) else None
    if v is None and optional:
        return None
    if not isinstance(v, str) or (not optional and not v.strip()):
        raise _damaged(path, where, f"'{key}' must be text", text)
    return v


def _parse_attempt(raw: Any, i: int, path: Path, text: str) -> StoredAttempt:
    where = f"attempts[{i}]"
    if not isinstance(raw, dict):
        raise _damaged(path, where, "expected an object", text)
    scenario = _str(raw, "scenario", path, where, text)
    version = raw.get("scenario_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _damaged(path, where, "'scenario_version' must be a whole number", text)
    attempt = raw.get("attempt", i + 1)
    if not isinstance(attempt, int) or isinstance(attempt, bool):
        raise _damaged(path, where, "'attempt' must be a whole number", text)
    rec = raw.get("record")
    if not isinstance(rec, dict):
        raise _damaged(path, where, "'record' must be a session record object", text)
    rec_scenario = rec.get("scenario")
    if isinstance(rec_scenario, dict) and rec_scenario.get("id") not in (None, scenario):
        raise _damaged(path, where, f"the record is of scenario '{rec_scenario.get('id')}', "
                       f"but the attempt says '{scenario}'", text)
    turns_raw = rec.get("turns")
    if not isinstance(turns_raw, list):
        raise _damaged(path, where + ".record", "'turns' must be a list", text)
    turns: list[StoredTurn] = []
    for j, t in enumerate(turns_raw):
        tw = f"{where}.record.turns[{j}]"
        if not isinstance(t, dict) or not isinstance(t.get("reply"), str):
            raise _damaged(path, tw, "each turn needs a 'reply' text", text)
        if len(t["reply"]) > MAX_CHARS:
            raise _damaged(path, tw + ".reply", f"the reply is {len(t['reply']):,} characters "
                           f"(at most {MAX_CHARS:,} can be analysed)", text)
        analysis = None
        if t.get("analysis") is not None:
            try:
                analysis = Analysis.from_dict(t["analysis"])
            except (KeyError, TypeError, ValueError, AttributeError):
                analysis = None  # an unreadable stored analysis is flagged by grading, not fatal
        meters = t.get("meters")
        turns.append(StoredTurn(
            index=j + 1,
            reply=t["reply"],
            node=t.get("node") if isinstance(t.get("node"), str) else None,
            teacher=t.get("teacher") if isinstance(t.get("teacher"), str) else None,
            analysis=analysis,
            meters={str(k): v for k, v in meters.items()} if isinstance(meters, dict) else None,
        ))
    outcome_value = rec.get("outcome")
    outcome_raw: dict[Any, Any] = outcome_value if isinstance(outcome_value, dict) else {}
    goals: dict[str, bool] = {}
    for g in outcome_raw.get("goals") or []:
        if isinstance(g, dict) and isinstance(g.get("id"), str):
            goals[g["id"]] = bool(g.get("met"))
    score_value = rec.get("score")
    score: dict[Any, Any] = score_value if isinstance(score_value, dict) else {}
    overall = score.get("overall")
    seed = rec.get("seed", 0)
    return StoredAttempt(
        scenario=str(scenario),
        scenario_version=version,
        scenario_hash=raw.get("scenario_hash") if isinstance(raw.get("scenario_hash"), str) else None,
        attempt=attempt,
        seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else 0,
        status=str(rec.get("status") or "in_progress"),
        turns=tuple(turns),
        outcome=outcome_raw.get("outcome") if isinstance(outcome_raw.get("outcome"), str) else None,
        goals=goals,
        overall=overall if isinstance(overall, int) and not isinstance(overall, bool) else None,
        lexicon_hash=rec.get("lexicon_hash") if isinstance(rec.get("lexicon_hash"), str) else None,
        line=_line(text, ("attempts", i)),
    )


def _line(text: str, loc: tuple[int | str, ...]) -> int | None:
    pos = fileio.json_position(text, loc)
    return pos[0] if pos else None


def load_submission(path: str | Path) -> Submission:
    """Read and check a submission file. Raises InputError with a clear message (and line:col for JSON)."""
    path = Path(path)
    text = fileio.read_text(path, MAX_SUBMISSION_BYTES, "a submission")
    if not text.strip():
        raise InputError("file is empty", path=path, line=1, hint="expected a submission written by "
                         "`convocoach assignment play`")
    try:
        data = fileio.load_json(text, path, what="a submission")
    except InputError as exc:
        stripped = text.rstrip()
        truncated = False
        if exc.message.startswith("not valid JSON") and exc.line is not None and exc.col is not None:
            truncated = _offset(text, exc.line, exc.col) >= len(stripped) - 1 or not stripped.endswith("}")
        if truncated:
            exc.message += " (the file looks truncated)"
            exc.hint = "copy the whole file again"
        raise
    if not isinstance(data, dict) or data.get("kind") != SUBMISSION_KIND:
        kind = data.get("kind") if isinstance(data, dict) else None
        hint = ("this is a practice session record; submissions come from `convocoach assignment play`"
                if kind == "convocoach.session" else "pass a file written by `convocoach assignment play`")
        raise InputError("not a convocoach submission", path=path, line=1, hint=hint)
    if str(data.get("schema_version")) != SUBMISSION_SCHEMA_VERSION:
        raise fileio.json_error(text, path, ("schema_version",),
                                f"submission schema_version {data.get('schema_version')!r} is not supported "
                                f"(expected {SUBMISSION_SCHEMA_VERSION})", hint="was it written by a newer convocoach?")
    assignment = data.get("assignment")
    if not isinstance(assignment, dict):
        raise _damaged(path, "assignment", "expected an object", text)
    participant = data.get("participant")
    if not isinstance(participant, dict):
        raise _damaged(path, "participant", "expected an object", text)
    pid = _str(participant, "id", path, "participant", text)
    pname = _str(participant, "name", path, "participant", text, optional=True)
    attempts_raw = data.get("attempts")
    if not isinstance(attempts_raw, list):
        raise _damaged(path, "attempts", "expected a list", text)
    attempts = tuple(_parse_attempt(a, i, path, text) for i, a in enumerate(attempts_raw))
    return Submission(
        path=str(path),
        assignment_id=str(_str(assignment, "id", path, "assignment", text)),
        assignment_hash=assignment.get("hash") if isinstance(assignment.get("hash"), str) else None,
        participant_id=str(pid).strip(),
        participant_name=(pname or str(pid)).strip(),
        convocoach_version=data.get("convocoach_version") if isinstance(data.get("convocoach_version"), str)
        else None,
        lexicon_hash=data.get("lexicon_hash") if isinstance(data.get("lexicon_hash"), str) else None,
        attempts=attempts,
        assignment_line=_line(text, ("assignment", "id")),
        participant_line=_line(text, ("participant", "id")),
    )


# ---------------------------------------------------------------------------------------------
# Playing an attempt without a terminal (replies from a file)
# ---------------------------------------------------------------------------------------------
def play_scripted(loaded: Any, replies: Sequence[str], analyze: Callable[[str, str | None], Analysis],
                  seed: int = 0, lexicon_hash: str | None = None, coach: str = "Coach",
                  rubric: Any = None) -> tuple[dict[str, Any], int]:
    """Play a scenario with scripted replies through the engine; returns (session record, replies unused).

    The record has the same shape as `convocoach play` writes (convocoach.session), finished with
    an outcome and a rubric score when the conversation ended.
    """
    from ..practice.engine import Engine
    from ..io.records import new_record, turn_to_dict

    sc = loaded.scenario
    engine = Engine(sc, analyze, seed=seed)
    rec = new_record(sc.id, sc.title, loaded.path, loaded.content_hash, seed, lexicon_hash, "end",
                     persona_name=sc.persona.name)
    rec["coach"] = coach
    used = 0
    for reply in replies:
        if engine.finished:
            break
        rec["turns"].append(turn_to_dict(engine.step(reply)))
        used += 1
    finish_record(rec, engine, loaded, rubric=rubric)
    return rec, len(replies) - used


def finish_record(rec: dict[str, Any], engine: Any, loaded: Any, rubric: Any = None) -> None:
    """Set status, outcome (with goals) and score of a record from an engine's state."""
    from ..scoring.rubric import score_session

    if not engine.finished:
        rec["status"] = "in_progress"
        return
    ending = engine.ending
    rec["status"] = "finished"
    rec["outcome"] = {
        "ending": engine.ending_id,
        "outcome": ending.outcome if ending else None,
        "line": ending.line if ending else None,
        "timed_out": engine.timed_out,
        "goals": [{"id": g.id, "text": g.text, "met": g.met, "detail": g.detail} for g in engine.goal_results()],
    }
    rec["score"] = score_session(scored_turns(engine.turns, loaded.scenario.persona.name), rubric).to_dict()


def scored_turns(turns: Sequence[Any], persona: str) -> list[Any]:
    """Engine turns as the rubric's ScoredTurns (teacher line, then the coach's reply)."""
    from ..scoring.rubric import ScoredTurn

    out: list[Any] = []
    for t in turns:
        out.append(ScoredTurn(index=len(out), role="teacher", speaker=persona, text=t.teacher, analysis=None,
                              requested_advice=t.asks == "advice"))
        out.append(ScoredTurn(index=len(out), role="coach", speaker="Coach", text=t.reply, analysis=t.analysis))
    return out
