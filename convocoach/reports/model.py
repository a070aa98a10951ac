"""The review Report: what renderers read and what `review --format json` validates against."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MoveOut(_Model):
    """A detected move in a coach turn (char offsets into the turn's text)."""

    name: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    rule: str = ""
    message: str = ""


class TurnOut(_Model):
    """One turn of the transcript; teacher turns carry no moves and no stance (they are context)."""

    index: int = Field(ge=0)
    speaker: str
    role: Literal["coach", "teacher"]
    text: str
    start: Optional[float] = None
    end: Optional[float] = None
    line: Optional[int] = None
    moves: list[MoveOut] = Field(default_factory=list)
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
    iste: list[str] = Field(default_factory=list)
    coach_turns: int = 0
    teacher_turns: int = 0


class Report(_Model):
    """A review of one transcript (DESIGN.md § Contracts)."""

    schema_version: str = REPORT_SCHEMA_VERSION
    source: str
    format: str = "text"
    coach: str
    coaches: list[str] = Field(default_factory=list)
    speakers: list[str] = Field(default_factory=list)
    redacted: bool = False
    turns: list[TurnOut]
    summary: Summary
    feedback: list[FeedbackOut] = Field(default_factory=list)

    @property
    def strengths(self) -> list[FeedbackOut]:
        return [f for f in self.feedback if f.kind == "strength"]

    @property
    def to_try(self) -> list[FeedbackOut]:
        return [f for f in self.feedback if f.kind == "to_try"]

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON document: like `model_dump`, without absent times/lines on turns."""
        data = self.model_dump(mode="json")
        for turn in data["turns"]:
            for key in ("start", "end", "line"):
                if turn.get(key) is None:
                    turn.pop(key, None)
        return data
