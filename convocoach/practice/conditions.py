"""Scenario conditions: one small class per key a branch or reaction can test, in one registry.

The registry builds the `Condition` schema (and so `convocoach scenario schema`), and the engine
(`holds`), `scenario validate` (`problems`) and the graph labels (`describe`) all go through it.
Conditions are data, never code: every key given must hold (AND).

Adding a condition kind: a `ConditionKind` subclass with its key, value type and description,
and one line in `CONDITIONS`. A condition sees a read-only `Situation`: the reply's analysis,
the meters, the node, and the conversation so far (the teacher's last line, her earlier turns),
so content-aware kinds (topics mentioned, her question answered, her line picked up) fit too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator, Literal, Mapping, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, create_model

from ..model.analysis import Analysis
from ..model.conversation import Conversation
from ..model.moves import load_moves
from . import content
from .content import AnswerKind

StanceName = Literal["coaching", "consulting", "collaborating", "evaluating", "neutral"]
Asks = Literal["advice", "ideas", "reassurance", "permission", "information", "agreement", "feedback"]
#: what a node's `asks` tag can say that makes advice welcome
ASKS_FOR_IDEAS = ("advice", "ideas")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Range(_Strict):
    """An inclusive numeric range; either end may be left open."""

    min: Optional[float] = None
    max: Optional[float] = None

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Question(_Strict):
    """A direct question the teacher asks at a node, and what counts as an answer to it.

    `answer`: yes_no (a statement with yes/no/never/nothing..., or a term), topic (a statement that
    names one of the terms), commitment (a statement with "I'll", "I won't", "you decide"..., or a
    term). A question back, or a statement that names none of it, does not answer.
    """

    text: Optional[StrictStr] = Field(None, description="the question in a few words, for hints and the debrief")
    answer: AnswerKind = "topic"
    terms: list[StrictStr] = Field(default_factory=list, description="words or phrases an answer names")

    def answered_by(self, reply: str) -> bool:
        return content.answers(reply, self.answer, self.terms)


def in_ranges(values: Mapping[str, int], ranges: Mapping[str, Range] | None) -> bool:
    return all(r.contains(values.get(k, 0)) for k, r in (ranges or {}).items())


def did_you_mean(name: str, choices: list[str] | tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else None


@dataclass(frozen=True)
class Situation:
    """What a condition is checked against: the reply and where the conversation stands.

    Attributes:
        analysis: the analysis of the coach's reply.
        meters: the meters after this reply's reactions (for branches) or before them (reactions).
        turn: the reply's number (1 = the first reply).
        permitted: advice is welcome (the node asks for it, or the coach asked permission in this or
            the previous reply).
        asks: the node's `asks` tag.
        feeling: the teacher's line voices a feeling.
        teacher_line: the teacher's line the coach answered.
        conversation: the conversation before this reply (teacher and coach turns so far).
        question: the direct question the node asks, if it declares one.
        topics: the node's topics (words or phrases of her concern).
    """

    analysis: Analysis
    meters: Mapping[str, int]
    turn: int
    permitted: bool
    asks: str | None
    feeling: bool
    teacher_line: str = ""
    conversation: Conversation | None = None
    question: Question | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A semantic problem in a condition: where (below the condition), what, and a hint."""

    loc: tuple[int | str, ...]
    message: str
    hint: str | None = None
    key: bool = False


class ConditionKind:
    """One key of a condition: its value type, whether a reply meets it, how to say it, what to check."""

    key: ClassVar[str]
    annotation: ClassVar[Any]
    description: ClassVar[str]
    #: the value names moves (their names are checked and count as what the condition trains)
    names_moves: ClassVar[bool] = False

    def holds(self, value: Any, s: Situation) -> bool:
        raise NotImplementedError

    def describe(self, value: Any) -> list[str]:
        raise NotImplementedError

    def problems(self, value: Any, meters: Mapping[str, object]) -> Iterator[Problem]:
        """Problems the schema cannot see (unknown move or meter names); `meters` are the declared ones."""
        if self.names_moves:
            moves = load_moves()
            for i, name in enumerate(value):
                if not moves.known(name):
                    yield Problem((self.key, i), f"unknown move '{name}'",
                                  did_you_mean(name, moves.names) or "see `convocoach analyze --help`")


def _has(analysis: Analysis, name: str) -> bool:
    return analysis.count(name) > 0


class _MovesKind(ConditionKind):
    """A key that names moves, and how many of them the reply must have (any, all, none)."""

    annotation, names_moves = list[StrictStr], True
    #: how `describe` starts ("any advice, judgment")
    word: ClassVar[str]

    def holds(self, value: list[str], s: Situation) -> bool:
        return self.quantify(_has(s.analysis, n) for n in value)

    def describe(self, value: list[str]) -> list[str]:
        return [f"{self.word} " + ", ".join(value)] if value else []

    def quantify(self, found: Iterable[bool]) -> bool:
        raise NotImplementedError


class AnyOf(_MovesKind):
    key, word, description = "any", "any", "at least one of these moves is in the reply"

    def quantify(self, found: Iterable[bool]) -> bool:
        return any(found)


class AllOf(_MovesKind):
    key, word, description = "all", "all", "every one of these moves is in the reply"

    def quantify(self, found: Iterable[bool]) -> bool:
        return all(found)


class NoneOf(_MovesKind):
    key, word, description = "none", "no", "none of these moves is in the reply"

    def quantify(self, found: Iterable[bool]) -> bool:
        return not any(found)


def _stances(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


class StanceIs(ConditionKind):
    key, annotation = "stance", Union[StanceName, list[StanceName]]
    description = "the reply's stance is one of these"

    def holds(self, value: str | list[str], s: Situation) -> bool:
        stances = _stances(value)
        return not stances or s.analysis.stance in stances

    def describe(self, value: str | list[str]) -> list[str]:
        stances = _stances(value)
        return ["stance " + "/".join(stances)] if stances else []


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def describe_range(name: str, rng: Range) -> str:
    if rng.min is not None and rng.max is not None:
        return f"{_num(rng.min)} <= {name} <= {_num(rng.max)}"
    if rng.min is not None:
        return f"{name} >= {_num(rng.min)}"
    if rng.max is not None:
        return f"{name} <= {_num(rng.max)}"
    return name


class MetersIn(ConditionKind):
    key, annotation = "meters", dict[StrictStr, Range]
    description = "meter ranges after this reply's reactions"

    def holds(self, value: dict[str, Range], s: Situation) -> bool:
        return in_ranges(s.meters, value)

    def describe(self, value: dict[str, Range]) -> list[str]:
        return [describe_range(name, rng) for name, rng in value.items()]

    def problems(self, value: dict[str, Range], meters: Mapping[str, object]) -> Iterator[Problem]:
        for meter in value:
            if meter not in meters:
                yield Problem((self.key, meter), f"meter '{meter}' is not declared",
                              did_you_mean(meter, list(meters)) or "declare it under `meters:`", key=True)


class TurnIn(ConditionKind):
    key, annotation = "turn", Range
    description = "the reply's number (1 = first reply)"

    def holds(self, value: Range, s: Situation) -> bool:
        return value.contains(s.turn)

    def describe(self, value: Range) -> list[str]:
        return [describe_range("turn", value)]


class Permitted(ConditionKind):
    key, annotation = "permitted", StrictBool
    description = ("true when advice is welcome: the teacher asked for ideas (the node or line says `asks: advice` "
                   "or `asks: ideas`, or her line asks: 'What should I do?'), or the coach asked permission in this "
                   "or the previous reply")

    def holds(self, value: bool, s: Situation) -> bool:
        return value == s.permitted

    def describe(self, value: bool) -> list[str]:
        return ["permitted" if value else "not permitted"]


class Asked(ConditionKind):
    key, annotation = "asked", list[Asks]
    description = "the current node's `asks` tag is one of these"

    def holds(self, value: list[str], s: Situation) -> bool:
        return s.asks in value

    def describe(self, value: list[str]) -> list[str]:
        return ["asked " + "/".join(value)] if value else []


class Feeling(ConditionKind):
    key, annotation = "feeling", StrictBool
    description = "the teacher's current line voices a feeling"

    def holds(self, value: bool, s: Situation) -> bool:
        return value == s.feeling

    def describe(self, value: bool) -> list[str]:
        return ["feeling" if value else "no feeling"]


class Mentions(ConditionKind):
    key, annotation = "mentions", list[StrictStr]
    description = ("the reply mentions one of these words or phrases (compared as stems: 'principals' "
                   "mentions 'principal')")

    def holds(self, value: list[str], s: Situation) -> bool:
        return content.mentions(s.analysis.text, value)

    def describe(self, value: list[str]) -> list[str]:
        return ["mentions " + "/".join(repr(v) for v in value)] if value else []

    def problems(self, value: list[str], meters: Mapping[str, object]) -> Iterator[Problem]:
        for i, term in enumerate(value):
            if not content.words(term):
                yield Problem((self.key, i), f"'{term}' has no words to look for")


class PicksUp(ConditionKind):
    key, annotation = "picks_up", StrictBool
    description = ("true when the reply takes up her line: it shares a content word with what she just said, "
                   "or names one of the node's topics")

    def holds(self, value: bool, s: Situation) -> bool:
        return value == content.picks_up(s.analysis.text, s.teacher_line, s.topics)

    def describe(self, value: bool) -> list[str]:
        return ["picks up her line" if value else "ignores her line"]


class Answers(ConditionKind):
    key, annotation = "answers", StrictBool
    description = ("whether the reply answers the node's direct `question` (a node without a question never "
                   "meets this key, true or false)")

    def holds(self, value: bool, s: Situation) -> bool:
        return s.question is not None and value == s.question.answered_by(s.analysis.text)

    def describe(self, value: bool) -> list[str]:
        return ["answers her question" if value else "leaves her question unanswered"]


#: Every condition kind, in the order they are checked and described.
CONDITIONS: dict[str, ConditionKind] = {k.key: k for k in (
    AnyOf(), AllOf(), NoneOf(), StanceIs(), MetersIn(), TurnIn(), Permitted(), Asked(), Feeling(),
    Mentions(), PicksUp(), Answers(),
)}


class ConditionBase(_Strict):
    """When a branch or reaction applies. Every key given must hold (AND); data, never code.

    Move names are prefix-aware: `question` matches question.open, question.closed, ...
    """

    def value(self, key: str) -> Any:
        """The value given for a key (None when the key is not set)."""
        return getattr(self, key)

    def given(self) -> Iterator[tuple[ConditionKind, Any]]:
        """The keys this condition sets, with their values, in registry order."""
        for key, kind in CONDITIONS.items():
            value = getattr(self, key)
            if value is not None:
                yield kind, value

    def holds(self, s: Situation) -> bool:
        return all(kind.holds(value, s) for kind, value in self.given())

    def describe(self) -> str:
        """A short human reading, for graphs and hints ("any advice; not permitted")."""
        return "; ".join(part for kind, value in self.given() for part in kind.describe(value)) or "always"

    def move_names(self) -> list[tuple[str, int, str]]:
        """(key, index, move name) for every move the condition mentions."""
        return [(kind.key, i, name) for kind, value in self.given() if kind.names_moves
                for i, name in enumerate(value)]

    def problems(self, meters: Mapping[str, object]) -> Iterator[Problem]:
        for kind, value in self.given():
            yield from kind.problems(value, meters)


if TYPE_CHECKING:
    Condition = ConditionBase
else:
    Condition = create_model(
        "Condition",
        __base__=ConditionBase,
        __doc__=ConditionBase.__doc__,
        **{k.key: (Optional[k.annotation], Field(None, description=k.description)) for k in CONDITIONS.values()},
    )
