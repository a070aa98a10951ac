"""Session records: the JSON file a practice session is saved to after every turn, as a pydantic model
of the Conversation played (`convocoach schema session` prints its JSON Schema).

A record stores one entry per exchange (the teacher's line and the coach's reply) with the
analysis, node and meters of the reply, then the outcome and the rubric score once the session
is finished. Records are written atomically (temp file + rename), so an interruption never leaves
half a file. Nothing read back is trusted: `play --resume`, `grade`, `history` and `progress`
analyse the replies again; stored analyses and scores are only compared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Final, Iterator, Literal, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import __version__
from ..model.analysis import SCHEMA_VERSION, Analysis, Move
from ..model.conversation import Conversation, Turn
from ..model.errors import InputError
from . import fileio

SESSION_SCHEMA_VERSION: Final = "1"
SESSION_KIND: Final = "convocoach.session"
#: A session record holds a few dozen short replies; anything far larger is the wrong file.
MAX_RECORD_BYTES = 20_000_000
#: The longest reply that can be analysed (nlp.analyzer.MAX_CHARS; kept here so io stays below nlp).
MAX_REPLY_CHARS = 1_000_000

M = TypeVar("M", bound=BaseModel)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MoveRecord(BaseModel):
    name: str
    start: int
    end: int
    text: str
    rule: str
    message: str = ""


class AnalysisRecord(BaseModel):
    """An Analysis as `analyze --format json` prints it (other keys are ignored when read back)."""

    schema_version: str = SCHEMA_VERSION
    id: Optional[str] = None
    text: str
    stance: str = "neutral"
    stance_scores: dict[str, float] = Field(default_factory=dict)
    moves: list[MoveRecord] = Field(default_factory=list)
    previous: Optional[str] = None
    n_words: int = 0
    n_questions: int = 0

    @classmethod
    def of(cls, a: Analysis) -> AnalysisRecord:
        return cls.model_construct(**{**a.to_dict(), "moves": [MoveRecord.model_construct(**m.to_dict())
                                                                for m in a.moves]})

    def analysis(self) -> Analysis:
        return Analysis(text=self.text, moves=tuple(Move(**m.model_dump()) for m in self.moves), stance=self.stance,
                        stance_scores=dict(self.stance_scores), id=self.id, previous=self.previous,
                        n_words=self.n_words, n_questions=self.n_questions)


class ExchangeRecord(_Model):
    """One exchange: the teacher's line, the coach's reply, what it did and where it led."""

    index: int
    node: Optional[str] = None
    teacher: Optional[str] = None
    reply: str
    analysis: Optional[AnalysisRecord] = None
    meters_before: Optional[dict[str, int]] = None
    meters: Optional[dict[str, int]] = None
    notes: list[str] = Field(default_factory=list)
    goto: Optional[str] = None
    asks: Optional[str] = None


class GoalRecord(_Model):
    id: str
    text: str
    met: bool
    detail: str


class RewriteRecord(_Model):
    turn: int
    move: str
    original: str
    suggestion: str


class OutcomeRecord(_Model):
    """How a finished session ended, and the debrief's picks."""

    ending: Optional[str] = None
    outcome: Optional[str] = None
    line: Optional[str] = None
    timed_out: bool = False
    goals: list[GoalRecord] = Field(default_factory=list)
    strongest_turn: Optional[int] = None
    weakest_turn: Optional[int] = None
    rewrite: Optional[RewriteRecord] = None
    to_try: list[str] = Field(default_factory=list)
    #: why the conversation did not end better: a meter short of an ending, a question left unanswered
    fell_short: list[str] = Field(default_factory=list)


class FeedbackRecord(_Model):
    title: str
    message: str
    turns: list[int]
    source: str
    move: Optional[str] = None
    example: Optional[str] = None
    rewrite: Optional[str] = None


class IsteRecord(_Model):
    indicator: str
    title: str
    standard: str
    met: bool
    evidence: dict[str, Optional[int]]
    message: str


class ScoreRecord(_Model):
    """The rubric's verdict (scoring.score.RubricResult.to_dict)."""

    rubric: str
    overall: int
    dimensions: dict[str, int]
    counts: dict[str, int]
    ratios: dict[str, Optional[float]]
    bands: dict[str, str]
    metrics: dict[str, Optional[float]]
    strengths: list[FeedbackRecord]
    to_try: list[FeedbackRecord]
    iste: list[str]
    iste_detail: list[IsteRecord]
    coach_turns: int
    teacher_turns: int


class ScenarioRef(_Model):
    id: str
    title: Optional[str] = None
    path: Optional[str] = None
    hash: Optional[str] = None


class PersonaRef(_Model):
    name: str = "Teacher"


class SessionRecord(_Model):
    """A practice session as saved after every turn (`convocoach play`, `assignment play`)."""

    schema_version: Literal["1"] = SESSION_SCHEMA_VERSION
    kind: Literal["convocoach.session"] = SESSION_KIND
    scenario: ScenarioRef
    convocoach_version: Optional[str] = __version__
    lexicon_hash: Optional[str] = None
    seed: int = 0
    feedback: str = "turn"
    started: str = ""
    updated: str = ""
    status: Literal["in_progress", "finished"] = "in_progress"
    coach: str = "Coach"
    persona: PersonaRef = Field(default_factory=PersonaRef)
    turns: list[ExchangeRecord] = Field(default_factory=list)
    outcome: Optional[OutcomeRecord] = None
    score: Optional[ScoreRecord] = None

    def conversation(self) -> Conversation:
        """The conversation the record stores: each exchange's teacher line and coach reply (numbered
        with the exchange), with the stored analysis, node and meters (untrusted: compare, don't use)."""
        turns: list[Turn] = []
        for n, ex in enumerate(self.turns, start=1):
            turns.append(Turn(index=n, role="teacher", speaker=self.persona.name, text=ex.teacher or "",
                              asks=ex.asks, node=ex.node))
            turns.append(Turn(index=n, role="coach", speaker=self.coach, text=ex.reply,
                              analysis=ex.analysis.analysis() if ex.analysis is not None else None, node=ex.node,
                              meters_before=ex.meters_before, meters=ex.meters, notes=tuple(ex.notes), goto=ex.goto))
        return Conversation(source=self.scenario.id, format="session", turns=tuple(turns), coach=(self.coach,))

    def json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def exchanges(conversation: Conversation) -> list[ExchangeRecord]:
    """A played conversation's exchanges as record entries (teacher line + coach reply)."""
    out: list[ExchangeRecord] = []
    for prompt, reply in conversation.exchanges():
        out.append(ExchangeRecord.model_construct(
            index=reply.index, node=reply.node, teacher=prompt.text if prompt is not None else None, reply=reply.text,
            analysis=AnalysisRecord.of(reply.analysis) if reply.analysis is not None else None,
            meters_before=dict(reply.meters_before or {}), meters=dict(reply.meters or {}), notes=list(reply.notes),
            goto=reply.goto, asks=prompt.asks if prompt is not None else None))
    return out


# ----------------------------------------------------------------------------- where records go


def app_dir() -> Path:
    """convocoach's data directory: $CONVOCOACH_HOME, else the platform's user data folder
    (platformdirs.user_data_dir: ~/.local/share/convocoach on Linux, ~/Library/Application
    Support/convocoach on macOS, %LOCALAPPDATA%\\convocoach on Windows).

    A folder left by earlier versions in the config location (click's app dir, e.g.
    ~/.config/convocoach) is still used while the new one does not exist, so no history is lost;
    move it to the new place to migrate.
    """
    env = os.environ.get("CONVOCOACH_HOME")
    if env:
        return Path(env)
    import click
    import platformdirs

    new = Path(platformdirs.user_data_dir("convocoach", appauthor=False))
    old = Path(click.get_app_dir("convocoach"))
    if not new.exists() and old != new and (old / "sessions").is_dir():
        return old
    return new


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
    t = now if now is not None else time.time()
    # Milliseconds in the name order the sessions started in one second (`history` sorts by them).
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(t)) + f"{int(t * 1000) % 1000:03d}"
    base = sessions_dir() / f"{stamp}-{scenario_id}"

    def candidates() -> Iterator[Path]:
        yield base.with_suffix(".json")
        n = 2
        while True:
            yield Path(f"{base}-{n}.json")
            n += 1

    fileio.remove_stale_temp(base.parent)
    return fileio.create_exclusive(candidates(), "the session record", "set CONVOCOACH_HOME, or use --record PATH")


def now() -> str:
    """The time records are stamped with (UTC, to the second)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def save_record(record: SessionRecord, path: str | Path) -> Path:
    """Write the record atomically (temp file in the same directory, fsync, rename), stamped `updated`."""
    record.updated = now()
    return fileio.write_json_atomic(record.json_dict(), Path(path), "the session record",
                                    "choose another place with --record PATH")


# ----------------------------------------------------------------------------- reading records back


def load_record(path: str | Path) -> SessionRecord:
    """Read a session record, checking its kind, schema version and the fields a replay uses.

    Raises:
        InputError: unreadable, not JSON, not a session record, or damaged (with file:line:col).
    """
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
        if len(t["reply"]) > MAX_REPLY_CHARS:
            raise damaged(("turns", i, "reply"), f"the reply is {len(t['reply']):,} characters "
                          f"(at most {MAX_REPLY_CHARS:,} can be analysed)")
        for key in ("teacher", "node"):
            if t.get(key) is not None and not isinstance(t[key], str):
                raise damaged(("turns", i, key), "must be text")
    return read_record(data)


def record_line(path: str | Path, loc: tuple[int | str, ...]) -> int | None:
    """The line of `loc` (e.g. ("scenario", "id")) in a record `load_record` read, for messages."""
    try:
        pos = fileio.json_position(fileio.read_text(path, MAX_RECORD_BYTES, "a session record"), loc)
    except InputError:
        return None
    return pos[0] if pos else None


def _valid(model: type[M], value: Any) -> M | None:
    try:
        return model.model_validate(value)
    except ValidationError:
        return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def read_record(data: dict[str, Any], default_scenario: str = "") -> SessionRecord:
    """A SessionRecord from JSON data whose required fields were checked (scenario id, turns with
    replies): what does not fit the schema elsewhere (an edited analysis, meters or score) is read
    as absent, so that a replay flags it instead of failing."""
    scenario: dict[str, Any] = data["scenario"] if isinstance(data.get("scenario"), dict) else {}
    persona = data.get("persona")
    seed = data.get("seed")
    status = data.get("status")
    turns = []
    for n, t in enumerate(data.get("turns") or [], start=1):
        turns.append(ExchangeRecord.model_construct(
            index=n, node=_text(t.get("node")), teacher=_text(t.get("teacher")), reply=t["reply"],
            analysis=_valid(AnalysisRecord, t.get("analysis")),
            meters_before=_meters(t.get("meters_before")), meters=_meters(t.get("meters")),
            notes=[x for x in t.get("notes") or [] if isinstance(x, str)] if isinstance(t.get("notes"), list) else [],
            goto=_text(t.get("goto")), asks=_text(t.get("asks"))))
    return SessionRecord.model_construct(
        scenario=ScenarioRef.model_construct(id=_text(scenario.get("id")) or default_scenario,
                                             title=_text(scenario.get("title")), path=_text(scenario.get("path")),
                                             hash=_text(scenario.get("hash"))),
        convocoach_version=_text(data.get("convocoach_version")),
        lexicon_hash=_text(data.get("lexicon_hash")),
        seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else 0,
        feedback=_text(data.get("feedback")) or "turn",
        started=_text(data.get("started")) or "",
        updated=_text(data.get("updated")) or "",
        status=status if status in ("in_progress", "finished") else "in_progress",
        coach=_text(data.get("coach")) or "Coach",
        persona=PersonaRef.model_construct(name=_text(persona.get("name")) or "Teacher")
        if isinstance(persona, dict) else PersonaRef(),
        turns=turns,
        outcome=_valid(OutcomeRecord, data.get("outcome")) or _outcome(data.get("outcome")),
        score=_valid(ScoreRecord, data.get("score")) or _overall_only(data.get("score")),
    )


def _meters(value: Any) -> dict[str, int] | None:
    if not isinstance(value, dict):
        return None
    return {str(k): v for k, v in value.items()}


def _outcome(value: Any) -> OutcomeRecord | None:
    """The stored outcome, read leniently: goals keep their id and whether they were met."""
    if not isinstance(value, dict):
        return None
    goals = [GoalRecord.model_construct(id=g["id"], text=_text(g.get("text")) or "", met=bool(g.get("met")),
                                        detail=_text(g.get("detail")) or "")
             for g in value.get("goals") or [] if isinstance(g, dict) and isinstance(g.get("id"), str)]
    return OutcomeRecord.model_construct(
        ending=_text(value.get("ending")), outcome=_text(value.get("outcome")), line=_text(value.get("line")),
        timed_out=bool(value.get("timed_out")), goals=goals, strongest_turn=None, weakest_turn=None, rewrite=None,
        to_try=[])


def _overall_only(value: Any) -> ScoreRecord | None:
    """A stored score that does not fit the schema, kept for the overall it claims (flagged when it differs)."""
    overall = value.get("overall") if isinstance(value, dict) else None
    if not isinstance(overall, int) or isinstance(overall, bool):
        return None
    return ScoreRecord(rubric="", overall=overall, dimensions={}, counts={}, ratios={}, bands={}, metrics={},
                       strengths=[], to_try=[], iste=[], iste_detail=[], coach_turns=0, teacher_turns=0)
