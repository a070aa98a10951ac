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


def plan_attempts(la: LoadedAssignment, replies_dir: Path | None, replies: Path | None = None) -> list[Attempt]:
    """Every attempt the assignment asks for, in order, with its replies file (from `replies_dir`, or
    the one `replies` file of an assignment with a single attempt).

    Raises:
        InputError: a replies file is missing (all missing ones named at once), or `replies` was
            given for an assignment of several attempts.
    """
    if replies is not None:
        if replies_dir is not None:
            raise InputError("give --replies or --replies-dir, not both")
        total = sum(item.attempts for item in la.scenarios)
        if total != 1:
            raise InputError(f"--replies FILE plays one attempt, and assignment '{la.id}' asks for {total}",
                             path=replies, hint="put one file per scenario in a folder: --replies-dir DIR "
                             "(<scenario-id>.txt, or <scenario-id>.<attempt>.txt)")
        if not replies.is_file():
            raise InputError("file not found", path=replies, hint="--replies takes a file of replies")
        return [(la.scenarios[0], 1, replies)]
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


def submit_records(la: LoadedAssignment, records: list[Path], participant: str | None, participant_id: str | None,
                   output: Path | None) -> tuple[Path, list[str]]:
    """Add practice session records (made with `convocoach play`) to the participant's submission,
    each as the next attempt at its scenario; returns the file written and notices for the user
    (scenario file changed since the record was made, another seed, unfinished, assignment changed).

    Raises:
        InputError: a record is not of a scenario of the assignment, or is already in the submission.
    """
    from ..io.records import load_record
    from .submission import new_submission, participant_slug, save_submission

    if not (participant or participant_id or "").strip():
        raise InputError("say who is submitting", hint="pass --participant NAME (and --participant-id ID)")
    name = (participant or participant_id or "").strip()
    pid = (participant_id or "").strip() or participant_slug(name)
    out_path = output or Path(f"submission-{la.id}-{pid}.json")
    sub = submission_to_continue(out_path, la, pid) if out_path.exists() else new_submission(la, name, pid)
    notices: list[str] = []
    if sub.assignment.hash and sub.assignment.hash != la.content_hash:
        notices.append(f"the assignment file changed since {out_path} was started; it is graded against the "
                       "current file")
    for path in records:
        record = load_record(path)
        item = la.scenario(record.scenario.id)
        if item is None:
            raise InputError(f"this record is of scenario '{record.scenario.id}', which is not part of "
                             f"assignment '{la.id}'", path=path,
                             hint="scenarios of the assignment: " + ", ".join(s.id for s in la.scenarios))
        if any(a.record.started == record.started and a.record.turns == record.turns for a in sub.attempts
               if a.scenario == item.id):
            raise InputError("this record is already in the submission", path=path, hint="submit each attempt once")
        if record.scenario.hash and record.scenario.hash != item.loaded.content_hash:
            notices.append(f"{path}: the scenario file changed since this record was played; grading replays "
                           "the replies with the current file")
        if record.seed != item.seed:
            notices.append(f"{path}: played with seed {record.seed}, the assignment sets {item.seed}; teacher "
                           "lines may differ (grading replays with the recorded seed)")
        if record.status != "finished":
            notices.append(f"{path}: unfinished; unfinished attempts are listed but never graded")
        n = sum(1 for a in sub.attempts if a.scenario == item.id) + 1
        sub.put_attempt(item, n, record)
    save_submission(sub, out_path)
    return out_path, notices
