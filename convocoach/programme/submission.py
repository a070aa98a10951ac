"""Submissions: one participant's attempts at an assignment, as one JSON file written atomically.

The file is a pydantic model (`convocoach schema submission` prints its JSON Schema): the
assignment and participant, and per attempt the scenario, its version and hash, and the session
record of the attempt (io.records.SessionRecord, the same record `play` writes). Nothing stored
here is trusted by grading: `convocoach grade` replays every reply through the current engine and
analyzer, and flags stored analyses, outcomes and scores that differ.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..io import fileio
from ..io.records import MAX_REPLY_CHARS, SessionRecord, now, read_record
from ..model.errors import InputError

if TYPE_CHECKING:
    from .assignment import AssignedScenario, LoadedAssignment

SUBMISSION_SCHEMA_VERSION: Final = "1"
SUBMISSION_KIND: Final = "convocoach.submission"
#: A submission holds a few dozen short replies; anything far larger is the wrong file.
MAX_SUBMISSION_BYTES = 20_000_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignmentRef(_Model):
    id: str
    title: Optional[str] = None
    hash: Optional[str] = None


class ParticipantRef(_Model):
    id: str
    name: Optional[str] = None


class AttemptRecord(_Model):
    """One attempt at a scenario of the assignment, with its session record."""

    scenario: str
    scenario_version: int
    scenario_hash: Optional[str] = None
    attempt: int = 1
    record: SessionRecord


class SubmissionFile(_Model):
    """A participant's submission file (`convocoach assignment play`)."""

    schema_version: Literal["1"] = SUBMISSION_SCHEMA_VERSION
    kind: Literal["convocoach.submission"] = SUBMISSION_KIND
    assignment: AssignmentRef
    participant: ParticipantRef
    convocoach_version: Optional[str] = __version__
    lexicon_hash: Optional[str] = None
    created: str = ""
    updated: str = ""
    attempts: list[AttemptRecord] = Field(default_factory=list)

    def attempt(self, scenario_id: str, n: int) -> AttemptRecord | None:
        """Attempt n (1-based) at a scenario, if there is one."""
        mine = [a for a in self.attempts if a.scenario == scenario_id]
        return mine[n - 1] if len(mine) >= n else None

    def put_attempt(self, item: AssignedScenario, n: int, record: SessionRecord) -> AttemptRecord:
        """Attempt n of a scenario: replace an earlier (unfinished) one, or append."""
        earlier = self.attempt(item.id, n)
        entry = AttemptRecord(scenario=item.id, scenario_version=item.version,
                              scenario_hash=item.loaded.content_hash, attempt=n, record=record)
        if earlier is None:
            self.attempts.append(entry)
        else:
            entry.attempt = earlier.attempt
            self.attempts[self.attempts.index(earlier)] = entry
        if record.lexicon_hash and not self.lexicon_hash:
            self.lexicon_hash = record.lexicon_hash
        return entry


def participant_slug(name: str) -> str:
    """A participant id from a name: 'Ana María Ruiz' -> 'ana-maria-ruiz'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:64] or "participant"


def new_submission(assignment: LoadedAssignment, participant_name: str, participant_id: str | None = None,
                   lexicon_hash: str | None = None) -> SubmissionFile:
    """An empty submission for an assignment and a participant."""
    name = participant_name.strip()
    if not name:
        raise InputError("the participant name is empty", hint="pass --participant NAME")
    pid = (participant_id or "").strip() or participant_slug(name)
    stamp = now()
    return SubmissionFile(assignment=AssignmentRef(id=assignment.id, title=assignment.title,
                                                   hash=assignment.content_hash),
                          participant=ParticipantRef(id=pid, name=name), lexicon_hash=lexicon_hash,
                          created=stamp, updated=stamp)


def save_submission(submission: SubmissionFile, path: str | Path) -> Path:
    """Write the submission atomically (temp file in the same folder, fsync, rename)."""
    submission.updated = now()
    return fileio.write_json_atomic(submission.model_dump(mode="json"), Path(path), "the submission",
                                    "choose another place with -o PATH")


@dataclass(frozen=True)
class StoredAttempt:
    """One attempt as the file stores it (only the replies are trusted), and its line in the file."""

    scenario: str
    scenario_version: int
    scenario_hash: str | None
    attempt: int
    record: SessionRecord
    line: int | None = None

    @property
    def seed(self) -> int:
        return self.record.seed

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def outcome(self) -> str | None:
        return self.record.outcome.outcome if self.record.outcome is not None else None

    @property
    def goals(self) -> dict[str, bool]:
        return {g.id: g.met for g in self.record.outcome.goals} if self.record.outcome is not None else {}

    @property
    def overall(self) -> int | None:
        return self.record.score.overall if self.record.score is not None else None

    @property
    def lexicon_hash(self) -> str | None:
        return self.record.lexicon_hash


@dataclass(frozen=True)
class Submission:
    """A parsed submission file."""

    path: str
    file: SubmissionFile
    attempts: tuple[StoredAttempt, ...]
    #: lines of the assignment id and the participant id in the file (for messages)
    assignment_line: int | None = None
    participant_line: int | None = None

    @property
    def assignment_id(self) -> str:
        return self.file.assignment.id

    @property
    def assignment_hash(self) -> str | None:
        return self.file.assignment.hash

    @property
    def participant_id(self) -> str:
        return self.file.participant.id

    @property
    def participant_name(self) -> str:
        return self.file.participant.name or self.file.participant.id

    @property
    def convocoach_version(self) -> str | None:
        return self.file.convocoach_version

    @property
    def lexicon_hash(self) -> str | None:
        return self.file.lexicon_hash


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
    scenario = str(_str(raw, "scenario", path, where, text))
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
    for j, t in enumerate(turns_raw):
        tw = f"{where}.record.turns[{j}]"
        if not isinstance(t, dict) or not isinstance(t.get("reply"), str):
            raise _damaged(path, tw, "each turn needs a 'reply' text", text)
        if len(t["reply"]) > MAX_REPLY_CHARS:
            raise _damaged(path, tw + ".reply", f"the reply is {len(t['reply']):,} characters "
                           f"(at most {MAX_REPLY_CHARS:,} can be analysed)", text)
    scenario_hash = raw.get("scenario_hash")
    return StoredAttempt(scenario=scenario, scenario_version=version,
                         scenario_hash=scenario_hash if isinstance(scenario_hash, str) else None, attempt=attempt,
                         record=read_record(rec, default_scenario=scenario), line=_line(text, ("attempts", i)))


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
    pid = str(_str(participant, "id", path, "participant", text)).strip()
    pname = _str(participant, "name", path, "participant", text, optional=True)
    attempts_raw = data.get("attempts")
    if not isinstance(attempts_raw, list):
        raise _damaged(path, "attempts", "expected a list", text)
    attempts = tuple(_parse_attempt(a, i, path, text) for i, a in enumerate(attempts_raw))
    aid = str(_str(assignment, "id", path, "assignment", text))

    def text_of(d: dict[str, Any], key: str) -> str | None:
        return d[key] if isinstance(d.get(key), str) else None

    file = SubmissionFile.model_construct(
        assignment=AssignmentRef.model_construct(id=aid, title=text_of(assignment, "title"),
                                                 hash=text_of(assignment, "hash")),
        participant=ParticipantRef.model_construct(id=pid, name=(pname or pid).strip()),
        convocoach_version=text_of(data, "convocoach_version"), lexicon_hash=text_of(data, "lexicon_hash"),
        created=text_of(data, "created") or "", updated=text_of(data, "updated") or "",
        attempts=[AttemptRecord.model_construct(scenario=a.scenario, scenario_version=a.scenario_version,
                                                scenario_hash=a.scenario_hash, attempt=a.attempt, record=a.record)
                  for a in attempts])
    return Submission(path=str(path), file=file, attempts=attempts,
                      assignment_line=_line(text, ("assignment", "id")),
                      participant_line=_line(text, ("participant", "id")))
