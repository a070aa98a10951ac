"""Session records: the JSON file a practice session is saved to after every turn, and resumed from.

Format (schema_version "1"):
    {"schema_version", "kind": "convocoach.session", "scenario": {"id", "title", "path", "hash"},
     "convocoach_version", "lexicon_hash", "seed", "feedback", "started", "updated",
     "status": "in_progress"|"finished", "coach", "persona": {"name"},
     "turns": [{"index", "node", "teacher", "reply", "analysis": {...}, "meters_before", "meters",
                "notes", "goto", "asks"}],
     "outcome": null | {"ending", "outcome", "line", "timed_out", "goals": [{"id", "text", "met", "detail"}]},
     "score": null | {...rubric result...}}
Records are written atomically (temp file + rename), so an interruption never leaves half a file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Iterator

from .. import __version__
from ..model.errors import InputError
from . import fileio
from .fileio import write_json_atomic
from ..model.analysis import Analysis

SESSION_SCHEMA_VERSION = "1"
SESSION_KIND = "convocoach.session"


def app_dir() -> Path:
    """convocoach's data directory: $CONVOCOACH_HOME, else click's per-user app dir."""
    env = os.environ.get("CONVOCOACH_HOME")
    if env:
        return Path(env)
    import click

    return Path(click.get_app_dir("convocoach"))


def sessions_dir() -> Path:
    """Where session records go by default."""
    return app_dir() / "sessions"


def default_record_path(scenario_id: str, now: float | None = None) -> Path:
    """A new record path in the sessions directory, created (empty) at once and exclusively.

    The name is `<UTC time>-<scenario>.json`, with `-2`, `-3`... when taken. The file is created with
    O_EXCL when the session starts, so two sessions started in the same second never get the same
    file (choosing a name that does not exist yet and creating it at the first turn let the second
    session overwrite the first). Temp files that a killed session left in the folder are removed.
    Fill it with `save_record`.

    Raises:
        InputError: the sessions directory cannot be written.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now if now is not None else time.time()))
    base = sessions_dir() / f"{stamp}-{scenario_id}"

    def candidates() -> Iterator[Path]:
        yield base.with_suffix(".json")
        n = 2
        while True:
            yield Path(f"{base}-{n}.json")
            n += 1

    fileio.remove_stale_temp(base.parent)
    return fileio.create_exclusive(candidates(), "the session record", "set CONVOCOACH_HOME, or use --record PATH")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def new_record(scenario_id: str, title: str, scenario_path: str, scenario_hash: str, seed: int,
               lexicon_hash: str | None, feedback: str, persona_name: str = "Teacher") -> dict[str, Any]:
    """A record for a session that has not started yet."""
    now = _now()
    return {
        "schema_version": SESSION_SCHEMA_VERSION,
        "kind": SESSION_KIND,
        "scenario": {"id": scenario_id, "title": title, "path": scenario_path, "hash": scenario_hash},
        "convocoach_version": __version__,
        "lexicon_hash": lexicon_hash,
        "seed": seed,
        "feedback": feedback,
        "started": now,
        "updated": now,
        "status": "in_progress",
        "coach": "Coach",
        "persona": {"name": persona_name},
        "turns": [],
        "outcome": None,
        "score": None,
    }


def turn_to_dict(turn: Any) -> dict[str, Any]:
    """An engine Turn as a JSON-able dict."""
    return {
        "index": turn.index,
        "node": turn.node,
        "teacher": turn.teacher,
        "reply": turn.reply,
        "analysis": turn.analysis.to_dict(),
        "meters_before": dict(turn.meters_before),
        "meters": dict(turn.meters),
        "notes": list(turn.notes),
        "goto": turn.goto,
        "asks": turn.asks,
    }


def save_record(record: dict[str, Any], path: str | Path) -> Path:
    """Write the record atomically (temp file in the same directory, fsync, rename)."""
    path = Path(path)
    record["updated"] = _now()
    return write_json_atomic(record, path, "the session record", "choose another place with --record PATH")


#: A session record holds a few dozen short replies; anything far larger is the wrong file.
MAX_RECORD_BYTES = 20_000_000


def load_record(path: str | Path) -> dict[str, Any]:
    """Read a session record, checking its kind, schema version and the fields a replay uses.

    Only the replies (and the scenario, seed and stored path) are used again: `play --resume`,
    `history` and `progress` analyse the replies afresh, so stored analyses are not checked here.

    Raises:
        InputError: unreadable, not JSON, not a session record, or damaged (with file:line:col).
    """
    from ..nlp.analyzer import MAX_CHARS

    path = Path(path)
    text = fileio.read_text(path, MAX_RECORD_BYTES, "a session record")
    data = fileio.load_json(text, path, what="a session record")
    if not isinstance(data, dict) or data.get("kind") != SESSION_KIND:
        raise InputError("not a convocoach session record", path=path, line=1,
                         hint="pass a file written by `convocoach play` (see --record)")
    if str(data.get("schema_version")) != SESSION_SCHEMA_VERSION:
        raise fileio.json_error(text, path, ("schema_version",),
                                f"session schema_version {data.get('schema_version')!r} is not supported "
                                f"(expected {SESSION_SCHEMA_VERSION})")

    def damaged(loc: tuple[int | str, ...], what: str) -> InputError:
        where = "".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + p for i, p in enumerate(loc))
        return fileio.json_error(text, path, loc, f"session record is damaged: {where}: {what}",
                                 hint="a record written by `convocoach play` has this; was it edited?")

    scenario = data.get("scenario")
    if not isinstance(scenario, dict):
        raise damaged(("scenario",), "expected an object")
    if not isinstance(scenario.get("id"), str) or not scenario["id"].strip():
        raise damaged(("scenario", "id"), "must be a scenario id (text)")
    for key in ("path", "hash", "title"):
        if scenario.get(key) is not None and not isinstance(scenario[key], str):
            raise damaged(("scenario", key), "must be text")
    seed = data.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise damaged(("seed",), f"must be a whole number (got {seed!r})")
    turns = data.get("turns")
    if not isinstance(turns, list):
        raise damaged(("turns",), "expected a list")
    for i, t in enumerate(turns):
        if not isinstance(t, dict) or not isinstance(t.get("reply"), str):
            raise damaged(("turns", i), "each turn needs a 'reply' text")
        if len(t["reply"]) > MAX_CHARS:
            raise damaged(("turns", i, "reply"), f"the reply is {len(t['reply']):,} characters "
                          f"(at most {MAX_CHARS:,} can be analysed)")
        for key in ("teacher", "node"):
            if t.get(key) is not None and not isinstance(t[key], str):
                raise damaged(("turns", i, key), "must be text")
    return data


def record_line(path: str | Path, loc: tuple[int | str, ...]) -> int | None:
    """The line of `loc` (e.g. ("scenario", "id")) in a record `load_record` read, for messages."""
    try:
        pos = fileio.json_position(fileio.read_text(path, MAX_RECORD_BYTES, "a session record"), loc)
    except InputError:
        return None
    return pos[0] if pos else None


def stored_analysis(turn: dict[str, Any]) -> Analysis | None:
    """The analysis a record stored for a turn, or None when it is missing or unreadable.

    Stored analyses are never used to score or branch; they are compared with a fresh analysis of
    the reply, so that a replay can say where a record was edited or made by another version.
    """
    raw = turn.get("analysis")
    if not isinstance(raw, dict):
        return None
    try:
        return Analysis.from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return None
