"""From a scored Conversation to the Report renderers read: summary figures and feedback items."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Literal

from ..model.conversation import Conversation
from ..scoring.metrics import talk, wait_gaps
from .model import FeedbackOut, Report, StancePoint, Summary, Talk

if TYPE_CHECKING:
    from ..scoring.feedback import FeedbackItem
    from ..scoring.score import RubricResult

QUESTION_PREFIX = "question."


def build_report(conversation: Conversation, result: RubricResult) -> Report:
    """A Report of a conversation (roles assigned, coach turns analysed) and its rubric result."""
    coach = conversation.coach_turns
    counts = {str(k): int(v) for k, v in result.counts.items()}
    summary = Summary(
        overall=int(result.overall),
        dimensions={str(k): int(v) for k, v in result.dimensions.items()},
        bands={str(k): str(v) for k, v in result.bands.items()},
        counts=counts,
        ratios={str(k): (None if v is None else float(v)) for k, v in result.ratios.items()},
        question_types={k: v for k, v in counts.items() if k.startswith(QUESTION_PREFIX)},
        stance_counts=dict(Counter(t.stance for t in coach if t.stance)),
        stance_timeline=[StancePoint(index=t.index, stance=t.stance or "neutral", start=t.start) for t in coach],
        talk=talk_summary(conversation),
        wait_times=[round(g, 3) for _, g in wait_gaps(conversation)],
        iste=[str(x) for x in result.iste],
        coach_turns=len(coach),
        teacher_turns=len(conversation.turns) - len(coach),
    )
    feedback = [_feedback("strength", f) for f in result.strengths] + [_feedback("to_try", f) for f in result.to_try]
    return Report(conversation=conversation, summary=summary, feedback=feedback)


def talk_summary(conversation: Conversation) -> Talk:
    """Talk per side as the report shows it (scoring.metrics.talk, rounded)."""
    totals = talk(conversation)
    share = totals.share
    unit: Literal["words", "seconds"] = totals.unit
    return Talk(unit=unit, coach=round(totals.coach, 3), teacher=round(totals.teacher, 3),
                coach_share=round(share, 4) if share is not None else None,
                coach_words=totals.coach_words, teacher_words=totals.teacher_words)


def _feedback(kind: Literal["strength", "to_try"], item: FeedbackItem) -> FeedbackOut:
    return FeedbackOut(kind=kind, title=item.title, message=item.message, turns=list(item.turns),
                       source=item.source or None)
