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

import json
import os
import time
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError
from .fileio import write_json_atomic
from .findings import Analysis

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
    """A new, unique record path in the sessions directory."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now if now is not None else time.time()))
    base = sessions_dir() / f"{stamp}-{scenario_id}"
    path = base.with_suffix(".json")
    n = 2
    while path.exists():
        path = Path(f"{base}-{n}.json")
        n += 1
    return path


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


def load_record(path: str | Path) -> dict[str, Any]:
    """Read a session record, checking its kind and schema version. Raises InputError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("session record not found", path=path, hint="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read session record: {exc}", path=path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno, col=exc.colno) from None
    if not isinstance(data, dict) or data.get("kind") != SESSION_KIND:
        raise InputError("not a convocoach session record", path=path,
                         hint="pass a file written by `convocoach play` (see --record)")
    if str(data.get("schema_version")) != SESSION_SCHEMA_VERSION:
        raise InputError(f"session schema_version {data.get('schema_version')!r} is not supported "
                         f"(expected {SESSION_SCHEMA_VERSION})", path=path)
    try:
        for t in data["turns"]:
            str(t["reply"])
            Analysis.from_dict(t["analysis"])
        data["scenario"]["id"]
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"session record is damaged ({type(exc).__name__}: {exc})", path=path) from None
    return data


def record_analyses(record: dict[str, Any]) -> list[tuple[str, Analysis]]:
    """(reply, stored analysis) for every turn of a record, to replay it through an Engine."""
    return [(str(t["reply"]), Analysis.from_dict(t["analysis"])) for t in record["turns"]]
