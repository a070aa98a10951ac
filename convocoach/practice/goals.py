"""Scenario goals: how each goal is checked, the rate policy for conversations an ending cut short,
and the warnings a scenario author (and a programme) sees when a goal's text and check disagree or
an ending can make a goal unattainable.

One module for every reader of goals: the debrief of `play`, grading (`convocoach grade`) and both
validators (`convocoach scenario validate`, `convocoach assignment validate`).

The policy, as the README states it:

- `at_least: {move, count: N}` asks for N of the move in a conversation as long as the scenario's
  `max_turns`. When an ending comes sooner, after T replies, the goal is judged as a rate over the
  replies played: it asks for ceil(N * T / max_turns), and at least one. A coach whose skilled
  replies bring the teacher to a breakthrough early is not failed on a count the ending cut short.
  An unfinished conversation is judged on the full N (and never counts toward a grade anyway).
- `at_most`, `avoid_before` and `stance_share` are judged on the replies played, as written.
- Moves are counted as the goal's text means them: `question` counts each question once (a stacked
  or why-question is not two), and `question.open` leaves out why- and leading questions, which the
  analyzer also tags as open.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from ..model.analysis import Analysis
    from ..model.conversation import Turn
    from .scenario import Goal, Scenario

POLICY = ("Count goals (\"at least N\") are written for a conversation of the scenario's full length "
          "(max_turns replies); when an ending comes sooner, after T replies, they ask for "
          "ceil(N x T / max_turns), at least one. Other goals are judged on the replies played. Goals count "
          "the move they name: a why- or leading question is not an open question.")


#: Moves that, on the same words, make a move something other than what a goal names: a why-question
#: ("Why did you stop?") or a leading one is tagged question.open too, but it is not the open question
#: "ask three open questions" asks for.
_NOT_WHEN: dict[str, tuple[str, ...]] = {"question.open": ("question.why", "question.leading")}
#: The moves that are questions themselves (question.stacked marks a turn, not a question).
_QUESTIONS = ("question.open", "question.closed", "question.leading", "question.why")


@dataclass(frozen=True)
class GoalResult:
    """Whether a goal was met, with a short reason."""

    id: str
    text: str
    met: bool
    detail: str


def count_move(analysis: Analysis, move: str) -> int:
    """How many of the move a goal names are in one analysed reply, counted as its text means them:
    `question` counts each question once (not once per tag, not the stacked-question marker), and
    `question.open` leaves out why- and leading questions on the same words."""
    if move == "question":
        return len({(m.start, m.end) for m in analysis.moves if m.name in _QUESTIONS})
    named = [m for m in analysis.moves if m.name == move or m.name.startswith(move + ".")]
    other = [m for m in analysis.moves if m.name in _NOT_WHEN.get(move, ())]
    return sum(1 for m in named if not any(m.start < o.end and o.start < m.end for o in other))


def _count(turn: Turn, move: str) -> int:
    return count_move(turn.analysis, move) if turn.analysis is not None else 0


def required(goal: Goal, scenario: Scenario, replies: int, finished: bool) -> int | None:
    """How many of its move an `at_least` goal asks for after `replies` replies (None for other kinds)."""
    if goal.at_least is None:
        return None
    full = goal.at_least.count
    if not finished or replies >= scenario.max_turns or full <= 0:
        return full
    return max(1, min(full, math.ceil(full * replies / scenario.max_turns)))


def evaluate_goal(goal: Goal, scenario: Scenario, replies: Sequence[Turn], finished: bool) -> GoalResult:
    """Check one goal against the coach's replies, with the rate policy for early endings."""
    if goal.at_least is not None:
        move = goal.at_least.move
        n = sum(_count(t, move) for t in replies)
        need = required(goal, scenario, len(replies), finished)
        assert need is not None
        detail = f"{move}: {n} of {need}"
        if need != goal.at_least.count:
            detail += (f"; the ending came after {len(replies)} of {scenario.max_turns} replies, "
                       f"{goal.at_least.count} in a full conversation")
        return GoalResult(goal.id, goal.text, n >= need, detail)
    if goal.at_most is not None:
        n = sum(_count(t, goal.at_most.move) for t in replies)
        return GoalResult(goal.id, goal.text, n <= goal.at_most.count,
                          f"{goal.at_most.move}: {n} (at most {goal.at_most.count})")
    if goal.avoid_before is not None:
        ab = goal.avoid_before
        offenders: list[int] = []
        for t in replies:
            if t.node == ab.node:
                break
            if _count(t, ab.move) > 0:
                offenders.append(t.index)
        detail = f"{ab.move} in turn {', '.join(map(str, offenders))}" if offenders else f"no {ab.move} early"
        return GoalResult(goal.id, goal.text, not offenders, detail)
    share_goal = goal.stance_share
    assert share_goal is not None
    if not replies:
        return GoalResult(goal.id, goal.text, False, "no replies")
    share = sum(1 for t in replies if t.stance == share_goal.stance) / len(replies)
    ok = (share_goal.min is None or share >= share_goal.min) and (share_goal.max is None or share <= share_goal.max)
    return GoalResult(goal.id, goal.text, ok, f"{share_goal.stance}: {share:.0%} of replies")


def evaluate_goals(scenario: Scenario, replies: Sequence[Turn], finished: bool) -> list[GoalResult]:
    """Every goal of the scenario, met or missed, over the replies so far."""
    return [evaluate_goal(g, scenario, replies, finished) for g in scenario.goals]


# ---------------------------------------------------------------------------------------------
# Warnings for authors
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoalWarning:
    """Something about a goal that a scenario or programme author should fix or know."""

    goal: str
    message: str

    def __str__(self) -> str:
        return f"goal {self.goal}: {self.message}"


#: Words in a goal's text and the move they name (most specific first).
_TEXT_MOVES: tuple[tuple[str, str], ...] = (
    (r"open(-ended)? questions?", "question.open"),
    (r"closed questions?|yes/no questions?", "question.closed"),
    (r"leading questions?", "question.leading"),
    (r"why[- ]questions?", "question.why"),
    (r"stacked questions?|one question at a time", "question.stacked"),
    (r"questions?", "question"),
    (r"paraphras\w*|reflect\w*|pac(e|ing)\b", "reflection"),
    (r"affirm\w*|strengths?\b", "affirmation"),
    (r"judg\w*|praise", "judgment"),
    (r"advice|advise|suggest\w*", "advice"),
    (r"permission", "permission"),
    (r"autonomy|choice back|hand\w* (the \w+ )?back", "autonomy"),
    (r"tentative", "tentative"),
    (r"invitational", "invitational"),
    (r"presuppos\w*", "presupposition"),
    (r"collaborat\w*", "collaboration"),
    (r"yes[ ,-]+but", "yes_but"),
)
_NUMBERS = {"no": 0, "zero": 0, "none": 0, "once": 1, "one": 1, "a": 1, "an": 1, "twice": 2, "two": 2,
            "three": 3, "thrice": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def text_moves(text: str) -> list[str]:
    """The moves a goal's text names, in order ('open questions' names question.open, not question)."""
    found: list[str] = []
    rest = text.lower()
    for pattern, move in _TEXT_MOVES:
        if re.search(r"\b(" + pattern + r")", rest):
            found.append(move)
            rest = re.sub(r"\b(" + pattern + r")", " ", rest)
    return found


def text_count(text: str) -> int | None:
    """The count a goal's text states ('at least three' -> 3, 'twice' -> 2, 'No judgment' -> 0)."""
    lower = text.lower()
    m = re.search(r"\b(?:at least|at most|no more than|up to)\s+(\d+|[a-z]+)\b", lower)
    words = [m.group(1)] if m else re.findall(r"\b(\d+|no|zero|none|once|one|twice|two|three|thrice|four|five|"
                                              r"six|seven|eight|nine|ten)\b", lower)
    for w in words:
        if w.isdigit():
            return int(w)
        if w in _NUMBERS:
            return _NUMBERS[w]
    return None


def _compatible(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _text_warnings(goal: Goal) -> list[GoalWarning]:
    move = goal.move_name()
    if move is None:
        return []
    kind = "at least" if goal.at_least is not None else "at most" if goal.at_most is not None else "before"
    named = text_moves(goal.text)
    out: list[GoalWarning] = []
    if not named:
        out.append(GoalWarning(goal.id, f"the text \"{goal.text}\" names no move; the check counts {move} "
                               f"({kind}{'' if goal.avoid_before else ' ' + str(_goal_count(goal))}): "
                               "say in the text what is counted"))
    elif not any(_compatible(n, move) for n in named):
        out.append(GoalWarning(goal.id, f"the text names {', '.join(named)}, but the check counts {move}: "
                               "make the text and the check name the same move"))
    stated = text_count(goal.text)
    wanted = _goal_count(goal)
    if stated is not None and wanted is not None and stated != wanted and goal.avoid_before is None:
        out.append(GoalWarning(goal.id, f"the text says {stated}, but the check asks for {kind} {wanted}"))
    return out


def _goal_count(goal: Goal) -> int | None:
    if goal.at_least is not None:
        return goal.at_least.count
    if goal.at_most is not None:
        return goal.at_most.count
    return None


def shortest_endings(scenario: Scenario) -> dict[str, int]:
    """The fewest replies after which each ending can come (branch conditions ignored: a lower bound)."""
    best: dict[str, int] = {}
    depth = {scenario.start: 1}
    frontier = [scenario.start]
    while frontier:
        nxt: list[str] = []
        for nid in frontier:
            d = depth[nid]
            for target in scenario.targets(nid):
                if target in scenario.endings:
                    best[target] = min(best.get(target, d), d)
                elif target in scenario.nodes and target not in depth and d < scenario.max_turns:
                    depth[target] = d + 1
                    nxt.append(target)
        frontier = nxt
    timeout = scenario.timeout_ending()
    best[timeout] = min(best.get(timeout, scenario.max_turns), scenario.max_turns)
    return best


def goal_warnings(scenario: Scenario) -> list[GoalWarning]:
    """Every goal whose text and check disagree, or that an ending can make unattainable."""
    out: list[GoalWarning] = []
    endings = shortest_endings(scenario)
    for goal in scenario.goals:
        out.extend(_text_warnings(goal))
        if goal.at_least is not None:
            n = goal.at_least.count
            if n > scenario.max_turns:
                out.append(GoalWarning(goal.id, f"asks for {n} {goal.at_least.move} in at most "
                                       f"{scenario.max_turns} replies (max_turns): more than one a reply"))
            # A stalled ending fails on its outcome anyway; an ending a coach can pass with must not
            # fail them on a count it cut short.
            for eid, t in sorted(endings.items(), key=lambda kv: (kv[1], kv[0])):
                if t < n and scenario.endings[eid].outcome != "stalled":
                    need = required(goal, scenario, t, finished=True)
                    out.append(GoalWarning(goal.id, f"ending '{eid}' ({scenario.endings[eid].outcome}) can come "
                                           f"after {t} repl{'y' if t == 1 else 'ies'}, too soon for {n} "
                                           f"{goal.at_least.move}; it is then judged as a rate over the replies "
                                           f"played ({need} after {t})"))
        if goal.at_most is not None and goal.at_most.count < 0:
            out.append(GoalWarning(goal.id, "at_most a negative count can never be met"))
        share = goal.stance_share
        if share is not None:
            lo, hi = share.min, share.max
            if (lo is not None and lo > 1) or (hi is not None and hi < 0) or (
                    lo is not None and hi is not None and lo > hi):
                out.append(GoalWarning(goal.id, "no share of replies can meet this stance_share (min/max are "
                                       "shares from 0 to 1)"))
    return out
