"""When telling is a skill: advice sorted into invited (permission, a request) and unsolicited, runs of
consulting, and returns to coaching afterwards (Lipton & Wellman; MITI persuade with permission).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from ..model.analysis import Analysis
from ..model.conversation import Turn
from .readings import TELLING, first_start
from .rubric import Rubric



@dataclass
class Consulting:
    """Turn indexes: consulting turns, those invited (and how), unsolicited ones, and returns."""

    consult: list[int] = field(default_factory=list)
    sanctioned: list[int] = field(default_factory=list)
    via_permission: list[int] = field(default_factory=list)
    via_request: list[int] = field(default_factory=list)
    unsolicited: list[int] = field(default_factory=list)
    returns: list[int] = field(default_factory=list)
    runs_without_return: list[int] = field(default_factory=list)
    runs: int = 0


def phrase_re(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """One regular expression for a list of phrases (whole words, any spacing, longest first)."""
    items = [re.escape(p.strip().lower()).replace("\\ ", r"\s+") for p in phrases if p.strip()]
    if not items:
        return None
    return re.compile(r"(?<![\w'])(?:" + "|".join(sorted(items, key=len, reverse=True)) + r")(?![\w'])")


def hands_back(a: Analysis) -> bool:
    """An open question, invitation or autonomy move after the turn's last telling move."""
    last_tell = max((m.start for m in a.moves if m.name in TELLING), default=-1)
    return any(m.name in ("question.open", "invitational", "autonomy") and m.start > last_tell for m in a.moves)


def consults(a: Analysis) -> bool:
    return a.has("advice") or a.has("question.leading")


class _Judge:
    """Walks the coach turns in order, keeping the state of the current consulting run."""

    def __init__(self, rubric: Rubric) -> None:
        self.out = Consulting()
        self.requests = phrase_re(rubric.stance.advice_requests)
        self.refusals = phrase_re(rubric.stance.refusals)
        self.max_run = rubric.stance.max_sanctioned_run
        self.window = rubric.stance.return_window
        self.last_teacher: Turn | None = None
        self.prev_coach: Turn | None = None
        self.prev_sanctioned = False
        self.run_len = 0
        self.pending_run_end: int | None = None  # coach turns since a sanctioned run ended, or None

    def coach_turn(self, t: Turn, a: Analysis) -> None:
        lt = self.last_teacher
        teacher_asked = lt is not None and (
            lt.requested_advice or bool(self.requests and self.requests.search(lt.text.lower())))
        refused = bool(lt is not None and self.refusals and self.refusals.match(lt.text.strip().lower()))
        # Information is neutral (MITI): never a fault, but after permission or a request it is a
        # skilled move into consulting like advice.
        informs = a.has("information") and not consults(a)
        first_advice = first_start(a, ["advice", "question.leading", "information"])
        perm_here = a.has("permission") and (first_start(a, ["permission"]) or 0) < (first_advice or 0)
        prev = self.prev_coach.analysis if self.prev_coach is not None else None
        perm_before = prev is not None and prev.has("permission") and not consults(prev) and not refused
        continuing = self.prev_sanctioned and not refused and self.run_len < self.max_run
        sanctioned = perm_here or perm_before or teacher_asked or continuing
        if consults(a) or (informs and sanctioned):
            self.out.consult.append(t.index)
            if sanctioned:
                self._sanctioned(t, a, via_permission=perm_here or perm_before, via_request=teacher_asked)
            else:
                self._unsolicited(t)
        else:
            self._coaching(t, a)
        self.prev_coach = t

    def _sanctioned(self, t: Turn, a: Analysis, via_permission: bool, via_request: bool) -> None:
        out = self.out
        out.sanctioned.append(t.index)
        if via_permission:
            out.via_permission.append(t.index)
        elif via_request:
            out.via_request.append(t.index)
        if not self.prev_sanctioned:
            out.runs += 1
            self.run_len = 0
        self.run_len += 1
        self.prev_sanctioned = True
        self.pending_run_end = None
        if hands_back(a):
            # A menu of options, then "Which fits your students?": back to coaching in one turn.
            out.returns.append(t.index)
            self.prev_sanctioned = False
            self.run_len = 0

    def _unsolicited(self, t: Turn) -> None:
        self.out.unsolicited.append(t.index)
        if self.prev_sanctioned:
            self.out.runs_without_return.append(self.out.sanctioned[-1])
        self.prev_sanctioned = False
        self.pending_run_end = None

    def _coaching(self, t: Turn, a: Analysis) -> None:
        if self.prev_sanctioned:
            self.pending_run_end = 0
        self.prev_sanctioned = False
        self.run_len = 0
        if self.pending_run_end is not None:
            self.pending_run_end += 1
            # Back to coaching = handing the thinking back: an open question, an invitation, or
            # autonomy ("Which of these fits your students?"); a paraphrase alone does not do that.
            if hands_back(a):
                self.out.returns.append(t.index)
                self.pending_run_end = None
            elif self.pending_run_end >= self.window:
                self.out.runs_without_return.append(self.out.sanctioned[-1])
                self.pending_run_end = None

    def finish(self) -> Consulting:
        out = self.out
        if self.prev_sanctioned or self.pending_run_end is not None:
            if out.sanctioned and out.sanctioned[-1] not in out.runs_without_return:
                out.runs_without_return.append(out.sanctioned[-1])
        return out


def judge_consulting(turns: Sequence[Turn], rubric: Rubric) -> Consulting:
    """Sort advice turns into sanctioned (permission/request) and unsolicited; credit returns."""
    judge = _Judge(rubric)
    for t in turns:
        if t.role != "coach":
            if t.role == "teacher":
                judge.last_teacher = t
            continue
        if t.analysis is not None:
            judge.coach_turn(t, t.analysis)
    return judge.finish()
