"""What the rubric measures in a conversation: question shares, listening, stance, talk and wait time.

Talk and wait time are defined here once; the rubric's metrics and the reports' talk figures and
wait times both come from `talk()` and `wait_gaps()`. Reads only the Conversation (never spaCy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Literal, Sequence

from ..model.analysis import Analysis
from ..model.conversation import Conversation, Turn
from .consulting import Consulting, judge_consulting
from .readings import asks, first_start, listens, stance_of, tells
from .rubric import METRICS, Rubric

GOAL_RE = re.compile(
    r"\b(goals?|hop(?:e|ing) (?:for|to|that)|want(?:s)? for (?:your|the|them|students)|"
    r"how will you know|what would success|success look|look like if it (?:were|was)|"
    r"on a scale|walking away with|most important (?:to|for) you|matters? (?:most )?to you|"
    r"what do you want|what would you like)\b",
    re.IGNORECASE,
)

# ----------------------------------------------------------------------------- talk and wait time


@dataclass(frozen=True)
class TalkTotals:
    """How much each side talked: seconds of speech when every turn has them, else words.

    `teacher` is everyone who is neither the coach nor an observer; `by_speaker` names each
    participant (seconds, or words), so a three-way meeting is not read as coach vs "the teacher".
    """

    unit: Literal["words", "seconds"]
    coach: float
    teacher: float
    coach_words: int
    teacher_words: int
    by_speaker: dict[str, float] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        """The coach's share of the talk (None when nobody talked)."""
        total = self.coach + self.teacher
        return self.coach / total if total > 0 else None


def speech(turn: Turn) -> float | None:
    """Seconds of speech in a turn: the reader's sum of cue durations or word timings (`Turn.talk`),
    else end minus start for a turn with both (a JSON or CSV turn is one cue), else None. Never the
    gaps between turns."""
    if turn.talk is not None:
        return turn.talk
    if turn.start is not None and turn.end is not None:
        return max(0.0, turn.end - turn.start)
    return None


def talk(conversation: Conversation) -> TalkTotals:
    """Talk per side and per speaker; words are counted as `Turn.n_words` counts them."""
    turns = conversation.turns
    coach_words = sum(t.n_words for t in turns if t.role == "coach")
    teacher_words = sum(t.n_words for t in turns if t.role not in ("coach", "observer"))
    seconds = [speech(t) for t in turns]
    timed = bool(turns) and all(s is not None for s in seconds)
    amounts = [float(s or 0.0) if timed else float(t.n_words) for t, s in zip(turns, seconds)]
    by_speaker: dict[str, float] = {}
    for t, amount in zip(turns, amounts):
        by_speaker[t.speaker] = round(by_speaker.get(t.speaker, 0.0) + amount, 3)
    coach = round(sum(a for t, a in zip(turns, amounts) if t.role == "coach"), 3)
    teacher = round(sum(a for t, a in zip(turns, amounts) if t.role not in ("coach", "observer")), 3)
    return TalkTotals("seconds" if timed else "words", coach, teacher, coach_words, teacher_words, by_speaker)


def wait_gaps(conversation: Conversation, questions_only: bool = True) -> list[tuple[int, float]]:
    """(turn index, seconds) from the end of each coach turn that asks something to the start of the
    next speaker's turn, when that speaker is not a coach (a co-coach taking over is not a wait) and
    both times are known. Talking over the end of the question is a wait of 0. With
    `questions_only=False`, every coach turn handing over counts (for checking readers)."""
    out: list[tuple[int, float]] = []
    turns = conversation.turns
    for t, nxt in zip(turns, turns[1:]):
        asked = not questions_only or (t.analysis is not None and asks(t.analysis))
        if (t.role == "coach" and asked and nxt.role is not None and nxt.role != "coach"
                and t.end is not None and nxt.start is not None):
            out.append((t.index, round(max(0.0, float(nxt.start) - float(t.end)), 3)))
    return out


# ----------------------------------------------------------------------------- the measures


@dataclass
class Measures:
    """The metrics of one conversation, and the turns behind them (what feedback points at)."""

    metrics: dict[str, float | None]
    coach: list[Turn]
    consulting: Consulting
    paraphrase_first: list[int] = field(default_factory=list)
    asked_without_listening: list[int] = field(default_factory=list)
    wait_gaps: list[tuple[int, float]] = field(default_factory=list)


def measure(conversation: Conversation, rubric: Rubric) -> Measures:
    """Every metric of METRICS for a conversation (None where it cannot be measured)."""
    coach = [t for t in conversation.turns if t.role == "coach" and t.analysis is not None]
    analyses = [t.analysis for t in coach if t.analysis is not None]
    m: dict[str, float | None] = {}
    _question_metrics(analyses, m)
    paraphrase_first, asked_without_listening, eligible = _paraphrase_first(conversation.turns)
    m["paraphrase_before_question"] = len(paraphrase_first) / eligible if eligible else None
    consulting = judge_consulting(conversation.turns, rubric)
    # Rates are per substantive coach turn: a backchannel ("Mm-hmm.", "Okay.") is not a missed chance.
    substantive = [a for a in analyses if a.moves or a.n_words > 3]
    m["unsolicited_advice_rate"] = len(consulting.unsolicited) / len(substantive) if substantive else None
    m["skilled_shift_share"] = len(consulting.sanctioned) / len(consulting.consult) if consulting.consult else None
    m["return_to_coaching_share"] = len(consulting.returns) / consulting.runs if consulting.runs else None
    m["coach_talk_share"] = talk(conversation).share if coach else None
    gaps = wait_gaps(conversation)
    _wait_metrics(sorted(g for _, g in gaps), m)
    return Measures({k: m.get(k) for k in METRICS}, coach, consulting, paraphrase_first, asked_without_listening,
                    gaps)


def _question_metrics(analyses: list[Analysis], m: dict[str, float | None]) -> None:
    """Shares of question types, language and listening rates, stance share, judgment, goal talk."""
    substantive = [a for a in analyses if a.moves or a.n_words > 3]

    def rate(pred: Callable[[Analysis], bool]) -> float | None:
        return (sum(1 for a in substantive if pred(a)) / len(substantive)) if substantive else None

    q_open = sum(a.count("question.open") for a in analyses)
    q_closed = sum(a.count("question.closed") for a in analyses)
    q_leading = sum(a.count("question.leading") for a in analyses)
    q_why = sum(a.count("question.why") for a in analyses)
    questions = q_open + q_closed + q_leading
    # A reflection counts once per turn, and only in a turn that does not also tell, judge or lead:
    # a paraphrase that sets up persuasion is not listening (MITI codes it as persuade), and a
    # monologue of restatements is talk, not several reflections.
    reflections = sum(1 for a in analyses if listens(a))
    q_turns = [a for a in analyses if asks(a)]
    m["open_question_share"] = q_open / questions if questions else None
    m["stacking_rate"] = (sum(1 for a in q_turns if a.has("question.stacked")) / len(q_turns)) if q_turns else None
    m["leading_why_share"] = min(1.0, (q_leading + q_why) / questions) if questions else None
    # Tentative and invitational language is credited inside a question or invitation, not when it
    # softens advice ("you could maybe try...") - Cognitive Coaching's invitational question.
    m["tentative_rate"] = rate(lambda a: a.has("tentative") and asks(a) and not tells(a))
    m["invitational_rate"] = rate(lambda a: a.has("invitational") and not tells(a))
    m["hedging_fault_rate"] = rate(lambda a: a.has("over_hedging"))
    m["reflection_to_question"] = (reflections / max(questions, 1)) if (reflections or questions) else None
    m["reflection_rate"] = rate(listens)
    m["listening_fault_rate"] = rate(lambda a: a.has("self_focus") or a.has("yes_but"))
    stanced = [a for a in analyses if stance_of(a) != "neutral"]
    m["coaching_share"] = (sum(1 for a in stanced if stance_of(a) == "coaching") / len(stanced)) if stanced else None
    m["judgment_rate"] = rate(lambda a: a.has("judgment"))
    m["goal_talk_rate"] = rate(lambda a: bool(GOAL_RE.search(a.text)) and asks(a))


def _paraphrase_first(turns: Sequence[Turn]) -> tuple[list[int], list[int], int]:
    """Coach question turns that answer a teacher turn: those that paraphrase before asking, those
    that ask without listening, and how many there are."""
    first: list[int] = []
    without: list[int] = []
    prev_role: str | None = None
    eligible = 0
    for t in turns:
        if t.role == "coach" and t.analysis is not None and asks(t.analysis) and prev_role == "teacher":
            eligible += 1
            a = t.analysis
            r = first_start(a, ["reflection"])
            q = first_start(a, ["question"])
            if r is not None and (q is None or r < q) and not tells(a):
                first.append(t.index)
            elif not a.has("reflection") and not a.has("permission"):
                without.append(t.index)
        prev_role = t.role
    return first, without, eligible


def _wait_metrics(gaps: list[float], m: dict[str, float | None]) -> None:
    if gaps:
        mid = len(gaps) // 2
        m["wait_time_median"] = gaps[mid] if len(gaps) % 2 else (gaps[mid - 1] + gaps[mid]) / 2
        m["wait_time_3s_share"] = sum(1 for g in gaps if g >= 3.0) / len(gaps)
    else:
        m["wait_time_median"] = None
        m["wait_time_3s_share"] = None
