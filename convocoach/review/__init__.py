"""Reviewing recorded conversations: Conversation -> analysis of every coach turn -> score -> Report.

A plain function layer: no terminal, no files. All coach turns of all conversations stream
through one `analyze_many` call, so spaCy batches across files.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Iterable, Iterator, Protocol, Sequence

from ..model.conversation import Conversation
from ..model.errors import InputError
from .redaction import redact_conversation
from .roles import Roster

if TYPE_CHECKING:
    from ..model.analysis import Analysis
    from ..nlp.analyzer import Utterance
    from ..reports.model import Report
    from ..scoring.rubric import Rubric

__all__ = ["prepare", "read_all", "Batch", "review", "review_many", "review_file", "build", "BatchAnalyzer"]


class BatchAnalyzer(Protocol):
    """What a review needs of an analyzer: a stream of utterances in, their analyses out, in order."""

    def analyze_many(self, items: Iterable[Utterance], batch_size: int = 256) -> Iterator[Analysis]: ...


def prepare(
    conversation: Conversation,
    coach_names: Sequence[str] = (),
    redact: bool = False,
    redact_names: Sequence[str] = (),
    roster: Roster | None = None,
) -> Conversation:
    """Assign roles (--coach names or patterns, a roster; see `roles.assign_roles`), then redact
    names if asked."""
    from .roles import assign_roles

    conversation = assign_roles(conversation, coach_names, roster)
    if redact or redact_names:
        conversation = redact_conversation(conversation, speakers=redact, extra_names=redact_names)
    return conversation


@dataclass
class Batch:
    """What reading a batch gave: the prepared conversations, the files that failed (their
    errors), and the files skipped as not transcripts (with why)."""

    conversations: list[Conversation] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def read_all(files: Sequence[Path], coach: Sequence[str], redact: bool, names: Sequence[str],
             stdin: BinaryIO | None = None, encoding: str | None = None, roster: Roster | None = None) -> Batch:
    """Read and prepare every transcript ("-" reads `stdin`); the ones that cannot be read are
    returned as errors (all of them) beside the others. In a batch (more than one file), a file no
    reader recognises (a README, a SOURCES.txt) is skipped with a note rather than failed.

    Raises:
        InputError / InputErrors: not one transcript could be read.
    """
    from ..model.errors import ConvocoachError, InputError, InputErrors
    from ..transcripts import detect_format, parse_transcript, read_transcript_stream, sniff_format
    from ..transcripts.base import read_text

    batch = Batch()
    for f in files:
        try:
            if str(f) == "-" and stdin is not None:
                raw = read_transcript_stream(stdin, encoding=encoding)
            else:
                text = read_text(f, encoding)
                fmt = sniff_format(text, f.name)
                if fmt is None and len(files) > 1:
                    batch.skipped.append((f, "not a transcript convocoach recognises (no speaker turns, cues "
                                          "or segments)"))
                    continue
                raw = parse_transcript(text, f, fmt or detect_format(f, text))
            batch.conversations.append(prepare(raw, coach, redact=redact, redact_names=names, roster=roster))
        except InputError as exc:
            batch.errors.append(exc)
        except ConvocoachError as exc:
            batch.errors.append(InputError(str(exc), path=f))
    if not batch.conversations:
        if not batch.errors:
            raise InputError("no transcripts to review" + (f" ({len(batch.skipped)} files skipped: not transcripts)"
                                                           if batch.skipped else ""))
        raise batch.errors[0] if len(batch.errors) == 1 else InputErrors(batch.errors)
    return batch


def coach_utterances(conversation: Conversation, key: object = None) -> list[Utterance]:
    """The coach turns to analyse; `previous` is the teacher turn just before, if any."""
    from ..nlp.analyzer import Utterance

    return [Utterance(turn.text, prev, f"{key}:{turn.index}" if key is not None else str(turn.index))
            for turn, prev in conversation.coach_utterances()]


def build(conversation: Conversation, analyses: Iterable[Analysis], rubric: Rubric | None = None) -> Report:
    """The Report of a prepared conversation, given the analyses of its coach turns (in order)."""
    from ..reports.build import build_report
    from ..scoring.rewrites import suggest_rewrite
    from ..scoring.score import score

    analysed = conversation.with_analyses(analyses)
    return build_report(analysed, score(analysed, rubric, rewrite=suggest_rewrite))


def review_many(
    conversations: Iterable[Conversation],
    analyzer: BatchAnalyzer | None = None,
    rubric: Rubric | None = None,
    batch_size: int = 256,
) -> Iterator[Report]:
    """Review prepared conversations (roles assigned) in order, streaming every coach turn of every
    conversation through one `analyze_many`. Yields one Report per conversation as soon as its last
    coach turn is analysed."""
    if analyzer is None:
        from ..nlp.analyzer import get_analyzer

        analyzer = get_analyzer()
    if rubric is None:
        from ..scoring.rubric import load_rubric

        rubric = load_rubric()

    pending: deque[tuple[Conversation, int, list[Analysis]]] = deque()

    def utterances() -> Iterator[Utterance]:
        for n, c in enumerate(conversations):
            items = coach_utterances(c, key=n)
            pending.append((c, len(items), []))
            yield from items

    def ready() -> Iterator[Report]:
        while pending and len(pending[0][2]) >= pending[0][1]:
            c, _, analyses = pending.popleft()
            yield build(c, analyses, rubric)

    for analysis in analyzer.analyze_many(utterances(), batch_size=batch_size):
        yield from ready()  # conversations with no coach turn that were queued before this one
        for entry in pending:
            if len(entry[2]) < entry[1]:
                entry[2].append(analysis)
                break
        yield from ready()
    yield from ready()


def review(conversation: Conversation, analyzer: BatchAnalyzer | None = None, rubric: Rubric | None = None) -> Report:
    """Review one prepared conversation."""
    return next(review_many([conversation], analyzer, rubric))


def review_file(path: str | Path, coach: str | Sequence[str] = (), rubric: Rubric | None = None,
                redact: bool = False, encoding: str | None = None, roster: Roster | None = None) -> Report:
    """Read a transcript file and review it: the same Report as `convocoach review FILE --format json`.

    Args:
        path: a transcript in any supported export (the format is recognised from the content).
        coach: the coach's speaker name(s) or patterns ("Dana*"; case-insensitive); default: the
            speaker named Coach.
        rubric: a loaded rubric (default: the bundled one).
        redact: replace speaker names with Coach/Teacher.
        encoding: decode the file with this encoding (e.g. "cp1252").
        roster: speakers' roles from a roles file (`roles.load_roster`).

    Raises:
        InputError: the file cannot be read, or no coach can be found.
    """
    from ..transcripts import read_transcript

    names = [coach] if isinstance(coach, str) else list(coach)
    return review(prepare(read_transcript(path, encoding=encoding), names, redact=redact, roster=roster),
                  rubric=rubric)
