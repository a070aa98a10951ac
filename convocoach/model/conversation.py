"""The one currency: a frozen `Conversation` of `Turn`s.

Readers return a Conversation, the practice engine appends to one, the pipeline's analyses are
attached to its coach turns, the rubric scores one and the reports render one. Nothing here
imports spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Literal, Mapping, Sequence

from .analysis import Analysis, Move
from .errors import InputError

Role = Literal["coach", "teacher", "observer"]


@dataclass(frozen=True)
class Turn:
    """One turn: a speaker's words, with what the analysis and the practice engine made of them.

    Attributes:
        index: the number that feedback and reports use for the turn. In a transcript it is the
            turn's 0-based position; in a played session it is the exchange's number (1-based),
            shared by the teacher's line and the coach's reply, as the debrief table shows it.
        role: "coach", "teacher" or "observer" (from a --roles roster) once roles are assigned (None
            in a transcript as read).
        speaker: the name as written.
        text: the words (cue tags removed, lines joined).
        start, end: seconds from the start of the recording, when the source has times.
        talk: seconds of speech in the turn: the sum of its cues' durations (or word timings),
            never end minus start, so a pause inside a merged turn is not talk; None when the
            source has no end times.
        line: 1-based line in the source file where the turn starts (for messages).
        analysis: the Analysis of a coach turn, once analysed.
        asks: what a teacher turn asks for ("advice", "reassurance", ...; a scenario node tag, or
            a session record's `asks`); "advice" makes advice in the reply invited.
        node: in a played session, the scenario node of the exchange.
        meters_before, meters: in a played session, the meters before and after the coach's reply.
        notes: in a played session, the persona's reactions to the coach's reply.
        goto: in a played session, where the coach's reply led (a node or an ending).
    """

    index: int
    role: Role | None
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None
    analysis: Analysis | None = None
    asks: str | None = None
    node: str | None = None
    meters_before: Mapping[str, int] | None = None
    meters: Mapping[str, int] | None = None
    notes: tuple[str, ...] = ()
    goto: str | None = None
    talk: float | None = None

    @property
    def requested_advice(self) -> bool:
        """The teacher asked for ideas in this turn."""
        return self.asks == "advice"

    @property
    def n_words(self) -> int:
        """Words, as talk is counted: the analysis's word count for an analysed turn, else split words."""
        a = self.analysis
        return (a.n_words if a is not None else 0) or len(self.text.split())

    @property
    def moves(self) -> tuple[Move, ...]:
        return self.analysis.moves if self.analysis is not None else ()

    @property
    def stance(self) -> str | None:
        return self.analysis.stance if self.analysis is not None else None

    @property
    def deltas(self) -> dict[str, int]:
        """How the coach's reply moved each meter (played sessions)."""
        after, before = self.meters or {}, self.meters_before or {}
        return {k: after[k] - before.get(k, 0) for k in after}


@dataclass(frozen=True)
class Conversation:
    """A whole conversation: from a transcript file, a session record, or a practice session.

    Attributes:
        source: where it came from (a file name, "<stdin>", a scenario id).
        format: the reader that read it ("text", "vtt", "srt", "json", "csv") or "session".
        turns: the turns in order.
        coach: the coach's speaker names, once roles are assigned.
        coach_hint: speakers the source itself marks as coaches (role fields in JSON).
        meta: free-form notes ("redacted": "yes").
    """

    source: str
    format: str
    turns: tuple[Turn, ...]
    coach: tuple[str, ...] = ()
    coach_hint: tuple[str, ...] = ()
    meta: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def speakers(self) -> list[str]:
        """Speakers in order of first appearance."""
        return list(dict.fromkeys(t.speaker for t in self.turns))

    @property
    def coach_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.role == "coach"]

    def append(self, *turns: Turn) -> Conversation:
        """A copy with more turns at the end."""
        return replace(self, turns=(*self.turns, *turns))

    def exchanges(self) -> list[tuple[Turn | None, Turn]]:
        """Each coach turn with the teacher turn right before it (None when there is none)."""
        out: list[tuple[Turn | None, Turn]] = []
        for i, turn in enumerate(self.turns):
            if turn.role == "coach":
                prev = self.turns[i - 1] if i > 0 and self.turns[i - 1].role == "teacher" else None
                out.append((prev, turn))
        return out

    def coach_utterances(self) -> list[tuple[Turn, str | None]]:
        """Each coach turn with the teacher's line right before it (None when there is none)."""
        return [(turn, prev.text if prev is not None else None) for prev, turn in self.exchanges()]

    def with_analyses(self, analyses: Iterable[Analysis]) -> Conversation:
        """A copy whose coach turns carry these analyses, in order."""
        fresh = iter(analyses)
        turns = tuple(replace(t, analysis=next(fresh)) if t.role == "coach" else t for t in self.turns)
        return replace(self, turns=turns)

    def with_roles(self, coach_names: Sequence[str] = (), observers: Sequence[str] = ()) -> Conversation:
        """Assign roles: speakers named in `coach_names` (case-insensitive), else the ones the
        source marks as coaches, else one named Coach; `observers` (exact names, from a roster) are
        neither coach nor teacher; everyone else is a teacher.

        Raises:
            InputError: when no coach can be found, listing the speakers and how to choose.
        """
        speakers = self.speakers
        by_fold = {s.casefold(): s for s in speakers}
        if any(n.strip() for n in coach_names):
            wanted = [n.strip() for n in coach_names if n.strip()]
            missing = [n for n in wanted if n.casefold() not in by_fold]
            coaches = [by_fold[n.casefold()] for n in wanted if n.casefold() in by_fold]
            if missing and not coaches:
                # In a batch, a file may not have the named coach but say who the coach is itself.
                try:
                    return self.with_roles(())
                except InputError:
                    pass
                raise InputError(
                    f"no speaker named {_quoted(missing)}; speakers found: {_quoted(speakers)}",
                    path=self.source,
                    hint=f"choose the coach with --coach, e.g. --coach {_shell_word(self.likely_coach())}",
                )
        else:
            coaches = [s for s in speakers if s in self.coach_hint] or [
                s for s in speakers if s.casefold() == "coach"
            ]
            if not coaches:
                raise InputError(
                    f"cannot tell who the coach is; speakers found: {_quoted(speakers)}",
                    path=self.source,
                    hint="name the coach with --coach NAME (case-insensitive, repeatable), "
                    f"e.g. --coach {_shell_word(self.likely_coach())}",
                )
        coach_set = set(coaches)
        watching = set(observers) - coach_set
        if len(coach_set | watching) >= len(speakers):
            raise InputError(
                f"every speaker is a coach ({_quoted(speakers)}); there is no teacher to talk to"
                if not watching else f"no teacher among the speakers ({_quoted(speakers)}): each is a coach or an observer",
                path=self.source,
                hint="pass --coach only for the coach's own name",
            )
        turns = tuple(replace(t, role="coach" if t.speaker in coach_set else "observer" if t.speaker in watching
                              else "teacher") for t in self.turns)
        return replace(self, turns=turns, coach=tuple(dict.fromkeys(coaches)))


    def likely_coach(self) -> str:
        """The speaker a --coach hint suggests: the one with the most turns that ask something,
        passing over names that say they are not the coach (interviewee, student, guest)."""
        skip = re.compile(r"interviewee|student|guest|teacher|participant|unknown", re.IGNORECASE)
        speakers = [s for s in self.speakers if not skip.search(s)] or self.speakers
        asked = {s: sum(1 for t in self.turns if t.speaker == s and "?" in t.text) for s in speakers}
        return max(speakers, key=lambda s: (asked[s], -speakers.index(s)))


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(repr(n) for n in names)


def _shell_word(name: str) -> str:
    return name if re.fullmatch(r"[\w.-]+", name) else '"' + name.replace('"', '\\"') + '"'
