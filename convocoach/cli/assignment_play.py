"""Playing an assignment at the terminal or from replies files: the loop behind `assignment play`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_INTERRUPTED, EXIT_OK, make_console
from .prompt import ask_name

if TYPE_CHECKING:
    from rich.console import Console

    from ..io.records import SessionRecord
    from ..programme.assignment import AssignedScenario


def run_assignment_play(assignment: Path, participant: str | None = None, participant_id: str | None = None,
                        replies_dir: Path | None = None, output: Path | None = None, force: bool = False,
                        no_record: bool = False, resume: bool = False, replies: Path | None = None) -> int:
    """Play an assignment's attempts in order (from replies files, or at the terminal) into the
    participant's submission file, saved atomically after every attempt. Every attempt's record also
    goes to the data folder (for `history`) unless `no_record`; with `resume` an existing submission
    is continued. Returns an exit code (130 when interrupted; the attempts so far are saved)."""
    from rich.text import Text

    from ..io.fileio import remove_stale_temp
    from ..io.replies import read_replies
    from ..model.errors import InputError
    from ..programme.assignment import load_assignment
    from ..programme.attempts import plan_attempts, submission_to_continue
    from ..programme.submission import new_submission, participant_slug, save_submission

    la = load_assignment(assignment)
    err, ui = make_console(stderr=True), make_console()
    scripted_run = replies_dir is not None or replies is not None
    name = participant if participant is not None and participant.strip() else ask_name(ui, scripted=scripted_run)
    pid = (participant_id or "").strip() or participant_slug(name)
    out_path = output or Path(f"submission-{la.id}-{pid}.json")
    if out_path.is_dir():
        out_path = out_path / f"submission-{la.id}-{pid}.json"
    if out_path.exists() and not (force or resume):
        raise InputError("the submission file already exists", path=out_path,
                         hint="pass --resume to continue it, --force to start over, or -o PATH for another file")
    plan = plan_attempts(la, replies_dir, replies)
    scripted = {src: [r for r, _line in read_replies(str(src))] for _item, _n, src in plan if src is not None}
    remove_stale_temp(out_path.parent)  # what a killed run left
    sub = submission_to_continue(out_path, la, pid) if resume and out_path.exists() else new_submission(la, name, pid)
    if sub.assignment.hash and sub.assignment.hash != la.content_hash:
        err.print(Text(f"notice: the assignment file changed since {out_path} was started; the attempts so far "
                       "are kept and graded against the current file", style="cc.warning"))
    save_submission(sub, out_path)  # an unwritable -o fails before anyone plays
    for k, (item, n, src) in enumerate(plan, start=1):
        label = f"{k}/{len(plan)} {item.title}" + (f" (attempt {n} of {item.attempts})" if item.attempts > 1 else "")
        earlier = sub.attempt(item.id, n)
        if earlier is not None and earlier.record.status == "finished":
            err.print(Text(f"{label}: already done", style="cc.dim"))
            continue
        if src is not None:
            record = _scripted_attempt(item, scripted[src], src, name, no_record, err)
            sub.put_attempt(item, n, record)
            save_submission(sub, out_path)
            err.print(Text(f"{label}: ", style="cc.dim") + Text(record.outcome.outcome or "unfinished"
                                                                  if record.outcome else "unfinished"))
            continue
        ui.rule(Text(label, style="cc.title"))
        code, record = _interactive_attempt(item, earlier.record if earlier is not None else None, no_record)
        if record.turns:
            sub.put_attempt(item, n, record)
            save_submission(sub, out_path)
        if code == EXIT_INTERRUPTED or record.status != "finished":
            done = sum(1 for a in sub.attempts if a.record.status == "finished")
            err.print(Text(f"Stopped after {done} finished attempt(s) of {len(plan)}; saved to {out_path}. "
                           f"Continue with: convocoach assignment play {assignment} --participant-id {pid} "
                           f"-o {out_path} --resume", style="cc.warning"))
            return code
    err.print(Text("Submission saved to ", style="cc.dim") + Text(str(out_path)))
    return EXIT_OK


def _scripted_attempt(item: AssignedScenario, replies: list[str], src: Path, coach: str, no_record: bool,
                      err: Console) -> SessionRecord:
    from rich.text import Text

    from ..io.records import default_record_path, save_record
    from ..programme.attempts import play_from_replies

    record, unused = play_from_replies(item, replies, coach)
    if record.status != "finished":
        err.print(Text(f"warning: {src}: the replies ran out before {item.id} ended "
                       f"({len(record.turns)} turn(s)); the attempt is unfinished", style="cc.warning"))
    elif unused:
        err.print(Text(f"note: {src}: {unused} reply(ies) left over after {item.id} ended", style="cc.dim"))
    if not no_record:
        save_record(record, default_record_path(item.id))
    return record


def _interactive_attempt(item: AssignedScenario, earlier: SessionRecord | None,
                         no_record: bool) -> tuple[int, SessionRecord]:
    """Play one attempt at the terminal (continuing an unfinished one); its record is kept in the
    data folder unless `no_record`."""
    from ..io.records import default_record_path
    from ..practice.session import PracticeSession
    from .background import BackgroundAnalyzer
    from .session import SessionUI

    background = BackgroundAnalyzer()
    if earlier is not None:
        session, _replay = PracticeSession.resume(earlier, item.loaded, background.analyze)
    else:
        session = PracticeSession(item.loaded, background.analyze, seed=item.seed)
    path = None if no_record else default_record_path(item.id)
    code = SessionUI(session, background, make_console(), make_console(stderr=True), record_path=path).run(
        resumed=earlier is not None)
    return code, session.record
