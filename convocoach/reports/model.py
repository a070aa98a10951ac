"""The review Report: a scored Conversation, what renderers read; and the JSON document's schema.

`Report` holds the Conversation itself (its turns are what renderers show); the pydantic models
below are the contract of `review --format json` (DESIGN.md § Contracts): `Report.to_json_dict()`
builds that document and validates it against `ReportDocument`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field

from ..model.conversation import Conversation, Turn

REPORT_SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MoveDoc(_Model):
    """A detected move in a coach turn (char offsets into the turn's text)."""

    name: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    rule: str = ""
    message: str = ""


class TurnDoc(_Model):
    """One turn in the document; teacher turns carry no moves and no stance (they are context)."""

    index: int = Field(ge=0)
    speaker: str
    role: Literal["coach", "teacher", "observer"]
    text: str
    start: Optional[float] = None
    end: Optional[float] = None
    line: Optional[int] = None
    #: seconds of speech in the turn (sum of its cues or word timings), when the format has end times
    talk: Optional[float] = None
    moves: list[MoveDoc] = Field(default_factory=list)
    stance: Optional[str] = None
    n_words: int = 0


class FeedbackOut(_Model):
    """A strength or a thing to try, pointing at turn indexes."""

    kind: Literal["strength", "to_try"]
    title: str
    message: str
    turns: list[int] = Field(default_factory=list)
    source: Optional[str] = None


class StancePoint(_Model):
    index: int
    stance: str
    start: Optional[float] = None
    end: Optional[float] = None


class Participant(_Model):
    """One speaker: their role, turns, words and talk (seconds of speech when the format has them,
    else words), so a meeting of four is not read as coach vs "the teacher"."""

    speaker: str
    role: Literal["coach", "teacher", "observer"]
    turns: int = 0
    words: int = 0
    talk: float = 0.0
    share: Optional[float] = None


class WaitOut(_Model):
    """The silence after a coach question: from the end of the coach's turn to the start of the next
    speaker's (`to`)."""

    index: int
    to: str
    seconds: float = Field(ge=0)
    at: Optional[float] = None


class Talk(_Model):
    """How much each side talked: words always; seconds when the transcript has cue times."""

    unit: Literal["words", "seconds"]
    coach: float
    teacher: float
    coach_share: Optional[float] = None
    coach_words: int = 0
    teacher_words: int = 0


class Summary(_Model):
    overall: int = Field(ge=0, le=100)
    dimensions: dict[str, int]
    bands: dict[str, str] = Field(default_factory=dict)
    counts: dict[str, int]
    ratios: dict[str, Optional[float]]
    question_types: dict[str, int] = Field(default_factory=dict)
    stance_counts: dict[str, int] = Field(default_factory=dict)
    stance_timeline: list[StancePoint] = Field(default_factory=list)
    talk: Optional[Talk] = None
    wait_times: list[float] = Field(default_factory=list)
    waits: list[WaitOut] = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)
    #: the one thing to work on next (the first thing to try, else the first strength to keep)
    next_step: Optional[str] = None
    #: cues the transcript gives no speaker for (left out of turns, never guessed)
    unattributed: int = 0
    iste: list[str] = Field(default_factory=list)
    coach_turns: int = 0
    teacher_turns: int = 0


class ReportDocument(_Model):
    """The JSON document of a review of one transcript (DESIGN.md § Contracts)."""

    schema_version: str = REPORT_SCHEMA_VERSION
    source: str
    #: the file name, the report's title (the full path is `source`)
    title: str = ""
    format: str = "text"
    #: the format's name ("Zoom TXT transcript")
    format_name: str = ""
    coach: str
    coaches: list[str] = Field(default_factory=list)
    speakers: list[str] = Field(default_factory=list)
    redacted: bool = False
    turns: list[TurnDoc]
    summary: Summary
    feedback: list[FeedbackOut] = Field(default_factory=list)


def turn_doc(turn: Turn) -> TurnDoc:
    """A turn as the document shows it: moves and stance for coach turns, words counted as talk."""
    return TurnDoc(
        index=turn.index, speaker=turn.speaker, role=turn.role or "teacher", text=turn.text, start=turn.start,
        end=turn.end, line=turn.line, talk=turn.talk, moves=[MoveDoc(**m.to_dict()) for m in turn.moves], stance=turn.stance,
        n_words=turn.n_words,
    )


@dataclass(frozen=True)
class Report:
    """A review of one conversation: the Conversation (roles assigned, coach turns analysed), its
    scores and its feedback."""

    conversation: Conversation
    summary: Summary
    feedback: Sequence[FeedbackOut] = ()

    @property
    def source(self) -> str:
        return self.conversation.source

    @property
    def format(self) -> str:
        return self.conversation.format

    @property
    def title(self) -> str:
        """The file name ("<stdin>" as is): what a report is titled; the path goes in a detail line."""
        from pathlib import PurePath

        return PurePath(self.source).name or self.source

    @property
    def format_name(self) -> str:
        from ..transcripts.base import FORMAT_NAMES

        return FORMAT_NAMES.get(self.format, self.format)

    @property
    def coach(self) -> str:
        return ", ".join(self.conversation.coach)

    @property
    def redacted(self) -> bool:
        return self.conversation.meta.get("redacted") == "yes"

    @property
    def turns(self) -> tuple[Turn, ...]:
        return self.conversation.turns

    @property
    def strengths(self) -> list[FeedbackOut]:
        return [f for f in self.feedback if f.kind == "strength"]

    @property
    def to_try(self) -> list[FeedbackOut]:
        return [f for f in self.feedback if f.kind == "to_try"]

    def document(self) -> ReportDocument:
        """The JSON contract of this report, validated."""
        c = self.conversation
        return ReportDocument(source=c.source, title=self.title, format=c.format, format_name=self.format_name,
                              coach=self.coach, coaches=list(c.coach),
                              speakers=c.speakers, redacted=self.redacted, turns=[turn_doc(t) for t in c.turns],
                              summary=self.summary, feedback=list(self.feedback))

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON document: like `model_dump`, without absent times/lines on turns."""
        data = self.document().model_dump(mode="json")
        for turn in data["turns"]:
            for key in ("start", "end", "line", "talk"):
                if turn.get(key) is None:
                    turn.pop(key, None)
        return data
