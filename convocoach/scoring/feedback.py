"""Which strengths and things to try a conversation's feedback names, with the coach's own words
as the example and, for growth moves, a rewrite of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..model.analysis import Analysis, Move
from ..model.conversation import Turn
from .explain import move_feedback
from .metrics import Measures
from .readings import asks, listens, tells
from .rubric import Rubric

#: rewrite(analysis, move) -> a better version of the coach's sentence (scoring.rewrites.suggest_rewrite)
Rewriter = Callable[[Analysis, Move], "str | None"]


@dataclass(frozen=True)
class FeedbackItem:
    """A strength or a thing to try, pointing at the turns it is about."""

    title: str
    message: str
    turns: list[int]
    source: str
    move: str | None = None
    example: str | None = None
    rewrite: str | None = None
    #: the rubric metric the item is about, when it is about a metric rather than a move (not in JSON)
    metric: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "message": self.message,
            "turns": list(self.turns),
            "source": self.source,
            "move": self.move,
            "example": self.example,
            "rewrite": self.rewrite,
        }



def _turns_with(coach: list[Turn], name: str) -> list[int]:
    return [t.index for t in coach if t.analysis is not None and t.analysis.has(name)]


def _teach(move: str, lead: str = "") -> tuple[str, str]:
    fb = move_feedback(move)
    msg = (lead + " " if lead else "") + fb.why
    return msg, fb.source


def _better(move: str) -> str:
    return " Try instead: " + move_feedback(move).better


class _Picker:
    """Collects candidate feedback items, each with a salience, and keeps the top three."""

    def __init__(self, coach: list[Turn], ms: Measures, metrics: dict[str, float | None], rubric: Rubric,
                 rewrite: Rewriter | None = None) -> None:
        self.coach, self.ms, self.metrics, self.rubric, self.rewrite = coach, ms, metrics, rubric, rewrite
        self.cands: list[tuple[float, int, FeedbackItem]] = []

    def add(self, base: float, item: FeedbackItem) -> None:
        if item.turns:
            self.cands.append((_salience(base, len(item.turns)), len(self.cands), item))

    def item(self, title: str, msg: str, idx: list[int], src: str, move: str,
             names: Sequence[str] | None = None) -> FeedbackItem:
        """An item with the coach's own words as the example (and, for things to try, a rewrite)."""
        example, rewritten = _example(self.coach, idx, names or (move,), self.rewrite)
        if example:
            msg += f' For example: "{example[1]}"'
            if rewritten:
                msg += f' could become "{rewritten}"' if not rewritten.startswith("Template: ") else (
                    f" ({rewritten[0].lower() + rewritten[1:]})")
        return FeedbackItem(title, msg, idx, src, move, example[1] if example else None, rewritten)

    def band(self, metric: str) -> tuple[float | None, Any]:
        return self.metrics.get(metric), self.rubric.bands.get(metric)

    def top(self) -> list[FeedbackItem]:
        self.cands.sort(key=lambda c: (-c[0], c[1]))
        return [c[2] for c in self.cands[:3]]


def strengths(turns: Sequence[Turn], coach: list[Turn], ms: Measures, metrics: dict[str, float | None],
              rubric: Rubric) -> list[FeedbackItem]:
    """The top three strengths of a conversation."""
    p = _Picker(coach, ms, metrics, rubric)
    _listening_strengths(p)
    _consulting_strengths(p)
    _language_strengths(p)
    _talk_strengths(p, turns)
    return p.top()


def _listening_strengths(p: _Picker) -> None:
    coach, ms = p.coach, p.ms
    if ms.paraphrase_first:
        msg, _ = _teach("reflection")
        p.add(2.6, p.item(
            "You paraphrased before you asked",
            "Before your question you gave the teacher's words back. " + msg,
            ms.paraphrase_first, "Cognitive Coaching: paraphrase before the question", "reflection"))
    refl = [t.index for t in coach if t.analysis is not None and listens(t.analysis)
            and t.index not in ms.paraphrase_first]
    if refl:
        msg, src = _teach("reflection")
        p.add(2.2, p.item("Reflections that show you listened", msg, refl, src, "reflection"))
    opens = [t.index for t in coach if t.analysis is not None and t.analysis.has("question.open")
             and not t.analysis.has("question.why") and not t.analysis.has("question.stacked")
             and not tells(t.analysis)]
    if opens:
        msg, src = _teach("question.open")
        p.add(2.0, p.item("Open questions, one at a time", msg, opens, src, "question.open"))


def _consulting_strengths(p: _Picker) -> None:
    c = p.ms.consulting
    if c.via_permission or c.via_request:
        idx = sorted(set(c.via_permission + c.via_request))
        msg, src = _teach("permission")
        lead = ("You offered ideas once the teacher asked or gave permission: a skilled move into "
                "consulting.")
        p.add(2.6, FeedbackItem("A skilled move into consulting", lead + " " + msg, idx, src, "permission"))
    if c.returns:
        p.add(2.5, FeedbackItem(
            "Back to coaching after consulting",
            "After sharing ideas you handed the thinking back to the teacher, so the plan stays theirs.",
            c.returns, "Lipton & Wellman: moving between stances; Aguilar", None))


def _language_strengths(p: _Picker) -> None:
    coach = p.coach
    # A pile of hedges is no model of tentative language: over-hedged turns are not held up as strengths.
    lang = [t.index for t in coach if t.analysis is not None and asks(t.analysis) and not tells(t.analysis)
            and (t.analysis.has("tentative") or t.analysis.has("invitational")) and not t.analysis.has("over_hedging")]
    if lang:
        msg, src = _teach("tentative")
        p.add(1.4, p.item("Tentative, invitational questions", msg, lang, src, "tentative"))
    for move, title, weight in (("affirmation", "Specific affirmation", 1.6),
                                ("autonomy", "You handed the decision back", 1.8),
                                ("presupposition", "Positive presuppositions", 1.6)):
        idx = _turns_with(coach, move)
        if idx:
            msg, src = _teach(move)
            p.add(weight, p.item(title, msg, idx, src, move))


def _talk_strengths(p: _Picker, turns: Sequence[Turn]) -> None:
    share, band = p.band("coach_talk_share")
    if share is not None and band is not None and band.label(share) == "good":
        teacher_turns = sorted((t for t in turns if t.role == "teacher"), key=lambda t: -len(t.text.split()))[:3]
        p.add(1.5, FeedbackItem(
            "The teacher did most of the talking",
            f"You had {share:.0%} of the talk; the teacher did the thinking aloud. "
            "Knight's partnership principles put the teacher's voice first.",
            sorted(t.index for t in teacher_turns), band.source or "Knight", None))
    waited = [i for i, g in p.ms.wait_gaps if g >= 3.0]
    if waited and (p.metrics.get("wait_time_3s_share") or 0) >= 0.5:
        p.add(1.3, FeedbackItem(
            "Wait time after your questions",
            "You left at least three seconds after asking, so the teacher had time to think before answering.",
            waited, "Cognitive Coaching: 3-5 s wait time", None))


def to_try(coach: list[Turn], ms: Measures, metrics: dict[str, float | None], rubric: Rubric,
           rewrite: Rewriter | None = None) -> list[FeedbackItem]:
    """The top three things to try, each with the coach's own words and, given `rewrite`, a rewrite."""
    p = _Picker(coach, ms, metrics, rubric, rewrite)
    _telling_to_try(p)
    _question_to_try(p)
    _talk_to_try(p)
    return p.top()


def _telling_to_try(p: _Picker) -> None:
    c = p.ms.consulting
    if c.unsolicited:
        n = len(c.unsolicited)
        title = "Repeated advice nobody asked for" if n >= 2 else "Advice nobody asked for"
        msg, src = _teach("advice")
        p.add(3.0, p.item(title, msg + _better("advice"), c.unsolicited, src, "advice",
                          ("advice", "question.leading")))
    for move, title, weight in (
        ("question.leading", "Leading questions", 2.6),
        ("question.why", "Why-questions about the teacher's choices", 2.6),
        ("judgment", "Judging the work", 2.4),
        ("question.stacked", "Stacked questions", 2.0),
        ("self_focus", "Turning the talk to yourself", 2.0),
        ("yes_but", "'Yes, but'", 2.0),
        ("over_hedging", "Over-hedging", 1.0),
    ):
        idx = _turns_with(p.coach, move)
        if move == "question.leading":
            # Leading questions nobody asked for are already shown under advice.
            idx = [i for i in idx if i not in c.unsolicited and i not in c.sanctioned]
        if idx:
            msg, src = _teach(move)
            p.add(weight, p.item(title, msg + _better(move), idx, src, move, (move,)))


def _question_to_try(p: _Picker) -> None:
    open_share, band = p.band("open_question_share")
    closed = [i for i in _turns_with(p.coach, "question.closed") if i not in _turns_with(p.coach, "permission")]
    if closed and open_share is not None and band is not None and band.label(open_share) != "good":
        msg, src = _teach("question.closed")
        p.add(1.4, p.item(
            "Closed questions", f"{open_share:.0%} of your questions were open. " + msg + _better("question.closed"),
            closed, src, "question.closed", ("question.closed",)))
    rq, band = p.band("reflection_to_question")
    if rq is not None and band is not None and band.label(rq) == "below fair" and p.ms.asked_without_listening:
        p.add(1.6, FeedbackItem(
            "Reflect before you ask",
            f"Reflections to questions was {rq:.1f}:1 (fair 1:1, good 2:1). "
            "After the teacher speaks, give back what you heard before the next question: 'It sounds like...'",
            p.ms.asked_without_listening, band.source or "MITI 4.2.1", "reflection", metric="reflection_to_question"))
    if p.ms.consulting.runs_without_return:
        p.add(2.2, FeedbackItem(
            "Stayed in consulting",
            "After your ideas the conversation stayed with you. Hand the choice back: 'Which of these fits "
            "your students?'",
            sorted(set(p.ms.consulting.runs_without_return)), "Lipton & Wellman: return to the coaching stance", None))


def _talk_to_try(p: _Picker) -> None:
    share, band = p.band("coach_talk_share")
    if share is not None and band is not None and band.label(share) == "below fair":
        longest = sorted(p.coach, key=lambda t: -t.n_words)[:3]
        p.add(1.8, FeedbackItem(
            "You did most of the talking",
            f"You used {share:.0%} of the talk. When the coach talks more than the teacher, the teacher "
            "listens instead of thinking aloud; shorter turns and one question leave room for them.",
            sorted(t.index for t in longest), band.source or "Knight", None, metric="coach_talk_share"))
    short = [i for i, g in p.ms.wait_gaps if g < 3.0]
    w3, band = p.band("wait_time_3s_share")
    if short and w3 is not None and band is not None and band.label(w3) != "good":
        p.add(1.2, FeedbackItem(
            "More wait time after a question",
            "The teacher answered in under three seconds after these questions. Wait three to five seconds: "
            "thinking takes time, and the first answer is rarely the best one.",
            short, "Cognitive Coaching: 3-5 s wait time", None, metric="wait_time_3s_share"))


def _salience(base: float, n: int) -> float:
    """Order feedback by how much the move matters (base), then by how often it happened."""
    return base + 0.3 * min(max(n - 1, 0), 5)


def _sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of `text` around [start, end) (split at . ? ! followed by space)."""
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    left = 0 if left < 0 else left + 2
    rights = [i for i in (text.find(". ", end - 1), text.find("? ", end - 1), text.find("! ", end - 1)) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def _example(
    coach: list[Turn], idx: list[int], names: Sequence[str],
    rewrite: Rewriter | None,
) -> tuple[tuple[int, str] | None, str | None]:
    """The coach's own words for the first turn in `idx` with one of `names`, and its rewrite."""
    by_index = {t.index: t for t in coach}
    for i in idx:
        t = by_index.get(i)
        if t is None or t.analysis is None:
            continue
        for m in t.analysis.moves:
            if m.name in names:
                text = t.analysis.text
                span_ok = 0 <= m.start < m.end <= len(text)
                quote = " ".join((_sentence_of(text, m.start, m.end) if span_ok else m.text).split())
                if len(quote) > 120:
                    quote = quote[:117].rstrip() + "..."
                rewritten = rewrite(t.analysis, m) if rewrite is not None else None
                return (i, quote), rewritten
    return None, None


