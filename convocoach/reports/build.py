"""From a scored Conversation to the Report renderers read: summary figures and feedback items."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Literal

from ..model.conversation import Conversation
from ..scoring.metrics import talk, wait_gaps
from .model import FeedbackOut, Participant, Report, StancePoint, Summary, Talk, WaitOut

if TYPE_CHECKING:
    from ..scoring.feedback import FeedbackItem
    from ..scoring.score import RubricResult

QUESTION_PREFIX = "question."


def build_report(conversation: Conversation, result: RubricResult) -> Report:
    """A Report of a conversation (roles assigned, coach turns analysed) and its rubric result."""
    coach = conversation.coach_turns
    counts = {str(k): int(v) for k, v in result.counts.items()}
    turns = conversation.turns
    gaps = wait_gaps(conversation)
    feedback = [_feedback("strength", f) for f in result.strengths] + [_feedback("to_try", f) for f in result.to_try]
    summary = Summary(
        overall=int(result.overall),
        dimensions={str(k): int(v) for k, v in result.dimensions.items()},
        bands={str(k): str(v) for k, v in result.bands.items()},
        counts=counts,
        ratios={str(k): (None if v is None else round(float(v), 4)) for k, v in result.ratios.items()},
        question_types={k: v for k, v in counts.items() if k.startswith(QUESTION_PREFIX)},
        stance_counts=dict(Counter(t.stance for t in coach if t.stance)),
        stance_timeline=[StancePoint(index=t.index, stance=t.stance or "neutral", start=t.start, end=t.end)
                         for t in coach],
        talk=talk_summary(conversation),
        wait_times=[round(g, 3) for _, g in gaps],
        waits=[WaitOut(index=i, to=turns[i + 1].speaker, seconds=round(g, 3), at=turns[i].end) for i, g in gaps],
        participants=participants(conversation),
        next_step=next_step(feedback),
        unattributed=int(conversation.meta.get("unattributed", "0") or 0),
        iste=[str(x) for x in result.iste],
        coach_turns=len(coach),
        teacher_turns=len(conversation.turns) - len(coach),
    )
    return Report(conversation=conversation, summary=summary, feedback=feedback)


def talk_summary(conversation: Conversation) -> Talk:
    """Talk per side as the report shows it (scoring.metrics.talk, rounded)."""
    totals = talk(conversation)
    share = totals.share
    unit: Literal["words", "seconds"] = totals.unit
    return Talk(unit=unit, coach=round(totals.coach, 3), teacher=round(totals.teacher, 3),
                coach_share=round(share, 4) if share is not None else None,
                coach_words=totals.coach_words, teacher_words=totals.teacher_words)


def participants(conversation: Conversation) -> list[Participant]:
    """Every speaker by name, in order of first appearance, with their role, turns, words and talk."""
    totals = talk(conversation)
    whole = sum(totals.by_speaker.values())
    out = []
    for name in conversation.speakers:
        mine = [t for t in conversation.turns if t.speaker == name]
        amount = totals.by_speaker.get(name, 0.0)
        out.append(Participant(speaker=name, role=mine[0].role or "teacher", turns=len(mine),
                               words=sum(t.n_words for t in mine), talk=round(amount, 3),
                               share=round(amount / whole, 4) if whole > 0 else None))
    return out


def next_step(feedback: list[FeedbackOut]) -> str | None:
    """One line to act on: the first thing to try (its title and first sentence), else the first
    strength, to keep."""
    to_try = [f for f in feedback if f.kind == "to_try"]
    item = to_try[0] if to_try else next(iter(feedback), None)
    if item is None:
        return None
    first = re.split(r"(?<=[.!?])\s", item.message.strip(), maxsplit=1)[0]
    lead = "" if to_try else "Keep doing this: "
    return f"{lead}{item.title}: {first}" if first else f"{lead}{item.title}"


def _feedback(kind: Literal["strength", "to_try"], item: FeedbackItem) -> FeedbackOut:
    return FeedbackOut(kind=kind, title=item.title, message=item.message, turns=list(item.turns),
                       source=item.source or None)
