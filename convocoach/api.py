"""The public Python API: analyse a coach's words, or review a transcript file.

Importing this module (or `convocoach`) loads nothing heavy; the spaCy pipeline is built on the
first call and reused for the rest of the process.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence, Union

if TYPE_CHECKING:
    from .model.analysis import Analysis
    from .nlp.analyzer import Utterance
    from .reports.model import Report
    from .scoring.rubric import Rubric

#: What `analyze_many` takes: a text, a (text, previous) pair, a mapping like one line of
#: `analyze --file` JSONL input ({"text": ..., "previous": ..., "id": ...}), or an Utterance.
Item = Union[str, "tuple[str, str | None]", "Mapping[str, str | None]", "Utterance"]


def analyze(text: str, previous: str | None = None, *, lexicons: Sequence[str | Path] = ()) -> Analysis:
    """The moves and stance of one coach utterance.

    `analyze(text).to_dict()` is the object that `convocoach analyze TEXT --format json` prints.

    Args:
        text: the coach's words.
        previous: the teacher's line just before (some moves, such as a reflection, need it).
        lexicons: extra lexicon directories, as `--lexicons`.

    Raises:
        InputError: the text is empty or too long.
    """
    from .io.utterances import check_text
    from .nlp.analyzer import get_analyzer

    return get_analyzer(lexicons).analyze(check_text(text), previous=previous, id=None)


def analyze_many(items: Iterable[Item], *, jobs: int = 1, lexicons: Sequence[str | Path] = ()) -> Iterator[Analysis]:
    """Analyse a stream of utterances, in order, in batches (with `jobs` > 1, in worker processes).

    Each result's `to_dict()` is the object `convocoach analyze --file F --format jsonl` prints
    for that line.
    """
    from .nlp.analyzer import get_analyzer

    analyzer = get_analyzer(lexicons)
    utterances = (_utterance(item) for item in items)
    return analyzer.analyze_parallel(utterances, jobs=jobs) if jobs > 1 else analyzer.analyze_many(utterances)


def review_file(path: str | Path, coach: str | Sequence[str] = (), *, rubric: Rubric | None = None,
                redact: bool = False, encoding: str | None = None) -> Report:
    """Read a transcript in any supported export (Zoom, Teams, Otter, WhisperX, Whisper, AWS
    Transcribe, Podcast, SRT, plain text, CSV, JSON; recognised from the content) and review it.

    `review_file(path).to_json_dict()` is what `convocoach review FILE --format json` prints.

    Args:
        coach: the coach's speaker name(s) or patterns ("Dana*"), case-insensitive; default: the
            speaker named Coach.
        rubric: a loaded rubric (default: the bundled one).
        redact: replace speaker names with Coach/Teacher.
        encoding: decode the file with this encoding (e.g. "cp1252") instead of UTF-8/UTF-16.

    Raises:
        InputError: the file cannot be read, or no coach can be found.
    """
    from .review import review_file as review

    return review(path, coach, rubric=rubric, redact=redact, encoding=encoding)


def _utterance(item: Item) -> Utterance:
    from .model.errors import InputError
    from .nlp.analyzer import Utterance

    if isinstance(item, Utterance):
        return item
    if isinstance(item, str):
        return Utterance(item)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        return Utterance(item[0], item[1])
    if isinstance(item, Mapping) and isinstance(item.get("text"), str):
        text = item["text"]
        assert text is not None
        return Utterance(text, item.get("previous"), item.get("id"))
    raise InputError(f"cannot analyse {type(item).__name__} {item!r:.60}",
                     hint='give a text, a (text, previous) pair, or {"text": ..., "previous": ...}')
