"""Playing an assignment: the attempts to play in order, their replies files, and continuing a
submission that was started before."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..model.errors import InputError
from .submission import SubmissionFile, load_submission

if TYPE_CHECKING:
    from ..io.records import SessionRecord
    from .assignment import AssignedScenario, LoadedAssignment

REPLY_SUFFIXES = (".txt", ".yml", ".yaml")

#: (scenario, attempt number, its replies file or None when played at the terminal)
Attempt = tuple["AssignedScenario", int, "Path | None"]


def find_replies(replies_dir: Path, item: AssignedScenario, attempt: int) -> Path | None:
    """`<id>.<attempt>.txt|yml|yaml`, else `<id>.txt|yml|yaml`, in the folder."""
    for stem in (f"{item.id}.{attempt}", item.id):
        for suffix in REPLY_SUFFIXES:
            p = replies_dir / f"{stem}{suffix}"
            if p.is_file():
                return p
    return None


def plan_attempts(la: LoadedAssignment, replies_dir: Path | None) -> list[Attempt]:
    """Every attempt the assignment asks for, in order, with its replies file (with `replies_dir`).

    Raises:
        InputError: a replies file is missing (all missing ones named at once).
    """
    plan: list[Attempt] = []
    missing: list[str] = []
    for item in la.scenarios:
        for n in range(1, item.attempts + 1):
            src = find_replies(replies_dir, item, n) if replies_dir is not None else None
            if replies_dir is not None and src is None:
                missing.append(f"{item.id}.txt" if n == 1 else f"{item.id}.{n}.txt (or {item.id}.txt)")
            plan.append((item, n, src))
    if missing:
        raise InputError("no replies file for " + ", ".join(dict.fromkeys(missing)), path=replies_dir,
                         hint="one file per scenario id: <id>.txt (one reply per line) or <id>.yml (a list)")
    return plan


def play_from_replies(item: AssignedScenario, replies: list[str], coach: str) -> tuple[SessionRecord, int]:
    """An attempt played from its replies file: its record, and how many replies were left over."""
    from ..nlp.analyzer import get_analyzer
    from ..practice.session import play_scripted

    analyzer = get_analyzer()
    session, unused = play_scripted(item.loaded, replies, lambda t, p: analyzer.analyze(t, previous=p),
                                    seed=item.seed, lexicon_hash=analyzer.lexicon_hash, coach=coach)
    return session.record, unused


def submission_to_continue(path: Path, la: LoadedAssignment, pid: str) -> SubmissionFile:
    """The submission to continue, after checking it is this participant's, for this assignment."""
    parsed = load_submission(path)
    if parsed.assignment_id != la.id:
        raise InputError(f"this submission is for assignment '{parsed.assignment_id}', not '{la.id}'", path=path,
                         line=parsed.assignment_line, hint="choose another file with -o PATH")
    if parsed.participant_id != pid:
        raise InputError(f"this submission belongs to participant '{parsed.participant_id}', not '{pid}'",
                         path=path, line=parsed.participant_line,
                         hint="check --participant / --participant-id, or choose another file with -o")
    for at in parsed.attempts:
        item = la.scenario(at.scenario)
        if item is None or item.version != at.scenario_version:
            raise InputError(f"attempt at '{at.scenario}' (version {at.scenario_version}) does not fit the "
                             "assignment any more", path=path, line=at.line, hint="start over with --force")
    return parsed.file
