"""Transcript review: transcripts -> Reports (analysis of every coach turn, rubric, feedback).

A plain function layer: no terminal, no files. All coach turns of all transcripts stream through
one `analyze_many` call, so spaCy batches across files.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, deque
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal, Sequence

from .reports.model import (
    FeedbackOut,
    MoveOut,
    Report,
    StancePoint,
    Summary,
    Talk,
    TurnOut,
)
from .transcripts.base import Transcript

if TYPE_CHECKING:
    from .nlp.analyzer import Analyzer, Utterance
    from .model.analysis import Analysis

QUESTION_PREFIX = "question."


# --------------------------------------------------------------------------- roles and redaction


def prepare(
    transcript: Transcript,
    coach_names: Sequence[str] = (),
    redact: bool = False,
    redact_names: Sequence[str] = (),
) -> Transcript:
    """Assign roles (see `Transcript.with_roles`), then redact names if asked."""
    transcript = transcript.with_roles(coach_names)
    if redact or redact_names:
        transcript = redact_transcript(transcript, speakers=redact, extra_names=redact_names)
    return transcript


def redaction_map(transcript: Transcript, speakers: bool = True, extra_names: Sequence[str] = ()) -> dict[str, str]:
    """Name -> placeholder: coaches become Coach (Coach 2, ...), other speakers Teacher (Teacher 2,
    ...), extra names "[name]". Multi-word names also map their single words ("Maria Lopez" and
    "Maria" and "Lopez"), since people address each other by first name."""
    mapping: dict[str, str] = {}
    if speakers:
        n_coach = n_teacher = 0
        for name in transcript.speakers:
            if name in transcript.coach:
                n_coach += 1
                label = "Coach" if n_coach == 1 else f"Coach {n_coach}"
            else:
                n_teacher += 1
                label = "Teacher" if n_teacher == 1 else f"Teacher {n_teacher}"
            mapping[name] = label
    for name in extra_names:
        name = name.strip()
        if name:
            mapping.setdefault(name, "[name]")
    for name, label in list(mapping.items()):
        words = [w for w in re.split(r"[\s.]+", name) if len(w) >= 2 and w[0].isupper()]
        if len(words) > 1:
            for w in words:
                if w.casefold() not in {"coach", "teacher", "mr", "mrs", "ms", "dr", "miss"}:
                    mapping.setdefault(w, label)
    # Placeholders that are themselves "names" (a speaker called Coach) need no replacing.
    return {k: v for k, v in mapping.items() if k != v}


def redact_text(text: str, mapping: dict[str, str]) -> str:
    """Replace whole-word occurrences of names (longest first; case-sensitive for speaker names so
    that e.g. a teacher called Will does not erase the verb "will")."""
    if not mapping or not text:
        return text
    pattern = _redaction_pattern(tuple(sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _redaction_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


def redact_transcript(transcript: Transcript, speakers: bool = True, extra_names: Sequence[str] = ()) -> Transcript:
    """A copy with speaker names (and `extra_names`) replaced in speakers, texts and the source."""
    mapping = redaction_map(transcript, speakers, extra_names)
    turns = tuple(
        replace(t, speaker=mapping.get(t.speaker, redact_text(t.speaker, mapping)), text=redact_text(t.text, mapping))
        for t in transcript.turns
    )
    coach = tuple(mapping.get(c, c) for c in transcript.coach)
    meta = dict(transcript.meta)
    meta["redacted"] = "yes"
    return replace(transcript, turns=turns, coach=coach, source=redact_text(transcript.source, mapping), meta=meta)


# --------------------------------------------------------------------------- analysis


def coach_utterances(transcript: Transcript, key: Any = None) -> list[Utterance]:
    """The coach turns to analyse; `previous` is the teacher turn just before, if any."""
    from .nlp.analyzer import Utterance

    items = []
    turns = transcript.turns
    for i, turn in enumerate(turns):
        if turn.role != "coach":
            continue
        prev = turns[i - 1] if i > 0 and turns[i - 1].role == "teacher" else None
        items.append(Utterance(turn.text, prev.text if prev else None, f"{key}:{turn.index}" if key is not None else str(turn.index)))
    return items


def review_many(
    transcripts: Iterable[Transcript],
    analyzer: Analyzer | None = None,
    rubric: Any = None,
    batch_size: int = 256,
) -> Iterator[Report]:
    """Review prepared transcripts (roles assigned) in order, streaming every coach turn of every
    transcript through one `analyze_many`. Yields one Report per transcript as soon as its last
    coach turn is analysed."""
    if analyzer is None:
        from .nlp.analyzer import get_analyzer

        analyzer = get_analyzer()
    if rubric is None:
        from .scoring.rubric import load_rubric

        rubric = load_rubric()

    pending: deque[tuple[Transcript, int, list[Analysis]]] = deque()

    def utterances() -> Iterator[Utterance]:
        for n, t in enumerate(transcripts):
            items = coach_utterances(t, key=n)
            pending.append((t, len(items), []))
            yield from items

    def ready() -> Iterator[Report]:
        while pending and len(pending[0][2]) >= pending[0][1]:
            t, _, analyses = pending.popleft()
            yield build_report(t, analyses, rubric)

    for analysis in analyzer.analyze_many(utterances(), batch_size=batch_size):
        yield from ready()  # transcripts with no coach turn that were queued before this one
        for entry in pending:
            if len(entry[2]) < entry[1]:
                entry[2].append(analysis)
                break
        yield from ready()
    yield from ready()


def review(transcript: Transcript, analyzer: Analyzer | None = None, rubric: Any = None) -> Report:
    """Review one prepared transcript."""
    return next(review_many([transcript], analyzer, rubric))


# --------------------------------------------------------------------------- the report


def build_report(transcript: Transcript, analyses: Sequence[Analysis], rubric: Any) -> Report:
    """Combine a transcript, the analyses of its coach turns (in order) and the rubric's scores."""
    from .scoring.rubric import ScoredTurn, score_session

    coach_turns = [t for t in transcript.turns if t.role == "coach"]
    by_index = {t.index: a for t, a in zip(coach_turns, analyses)}
    scored = [
        ScoredTurn(
            index=t.index, role=t.role or "teacher", speaker=t.speaker, text=t.text,
            analysis=by_index.get(t.index) if t.role == "coach" else None, start=t.start, end=t.end,
            requested_advice=t.requested_advice,
        )
        for t in transcript.turns
    ]
    from .scoring.rewrites import suggest_rewrite

    result = score_session(scored, rubric, rewrite=suggest_rewrite)

    turns_out: list[TurnOut] = []
    for t in transcript.turns:
        a = by_index.get(t.index)
        turns_out.append(
            TurnOut(
                index=t.index, speaker=t.speaker, role=t.role or "teacher", text=t.text, start=t.start, end=t.end,
                line=t.line,
                moves=[MoveOut(**m.to_dict()) for m in a.moves] if a else [],
                stance=a.stance if a else None,
                n_words=a.n_words if a and a.n_words else t.n_words,
            )
        )
    counts = {str(k): int(v) for k, v in dict(result.counts).items()}
    summary = Summary(
        overall=int(result.overall),
        dimensions={str(k): int(v) for k, v in dict(result.dimensions).items()},
        bands={str(k): str(v) for k, v in dict(getattr(result, "bands", {}) or {}).items()},
        counts=counts,
        ratios={str(k): (None if v is None else float(v)) for k, v in dict(result.ratios).items()},
        question_types={k: v for k, v in counts.items() if k.startswith(QUESTION_PREFIX)},
        stance_counts=dict(Counter(t.stance for t in turns_out if t.role == "coach" and t.stance)),
        stance_timeline=[StancePoint(index=t.index, stance=t.stance or "neutral", start=t.start)
                         for t in turns_out if t.role == "coach"],
        talk=talk_of(transcript, by_index),
        wait_times=wait_times(transcript, by_index),
        iste=[str(x) for x in (getattr(result, "iste", None) or [])],
        coach_turns=len(coach_turns),
        teacher_turns=len(transcript.turns) - len(coach_turns),
    )
    feedback = [_feedback("strength", f) for f in result.strengths] + [_feedback("to_try", f) for f in result.to_try]
    return Report(
        source=transcript.source,
        format=transcript.format,
        coach=", ".join(transcript.coach),
        coaches=list(transcript.coach),
        speakers=transcript.speakers,
        redacted=transcript.meta.get("redacted") == "yes",
        turns=turns_out,
        summary=summary,
        feedback=feedback,
    )


def _feedback(kind: str, item: Any) -> FeedbackOut:
    return FeedbackOut(
        kind=kind,  # type: ignore[arg-type]
        title=str(getattr(item, "title", "")),
        message=str(getattr(item, "message", "")),
        turns=[int(i) for i in (getattr(item, "turns", None) or [])],
        source=(str(item.source) if getattr(item, "source", None) else None),
    )


def talk_of(transcript: Transcript, analyses: dict[int, Analysis] | None = None) -> Talk:
    """Talk per side: seconds when every turn has a start and an end, else words (counted as the
    rubric counts them: the analyzer's word count for coach turns)."""
    analyses = analyses or {}

    def words(t: Any) -> int:
        a = analyses.get(t.index)
        return (a.n_words if a is not None and a.n_words else 0) or t.n_words

    coach_words = sum(words(t) for t in transcript.turns if t.role == "coach")
    teacher_words = sum(t.n_words for t in transcript.turns if t.role != "coach")
    timed = transcript.turns and all(t.start is not None and t.end is not None for t in transcript.turns)
    if timed:
        coach = sum(max(0.0, (t.end or 0) - (t.start or 0)) for t in transcript.turns if t.role == "coach")
        teacher = sum(max(0.0, (t.end or 0) - (t.start or 0)) for t in transcript.turns if t.role != "coach")
        unit: Literal["words", "seconds"] = "seconds"
    else:
        coach, teacher, unit = float(coach_words), float(teacher_words), "words"
    total = coach + teacher
    return Talk(unit=unit, coach=round(coach, 3), teacher=round(teacher, 3),
                coach_share=round(coach / total, 4) if total else None,
                coach_words=coach_words, teacher_words=teacher_words)


def wait_times(transcript: Transcript, analyses: dict[int, Analysis]) -> list[float]:
    """Seconds between the end of each coach turn that asks a question and the teacher's reply."""
    out: list[float] = []
    turns = transcript.turns
    for i, t in enumerate(turns[:-1]):
        a = analyses.get(t.index)
        nxt = turns[i + 1]
        if a is None or nxt.role == "coach" or t.end is None or nxt.start is None:
            continue
        if a.n_questions or a.count("question"):
            out.append(round(max(0.0, nxt.start - t.end), 3))
    return out


def median_or_none(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None
