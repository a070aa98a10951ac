"""The analysis engine's front door: text (+ the teacher's previous line) -> Analysis.

The spaCy pipeline is built once per process (`get_analyzer`) and reused; batches stream through
the pipeline's components with batching, so memory stays flat on large files.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from ..model.errors import InputError
from ..model.analysis import Analysis

#: The longest text analysed as one utterance (spaCy refuses longer ones with E088). Readers refuse
#: longer turns and replies with their file and line; this is the last line of defence.
MAX_CHARS = 1_000_000

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Utterance:
    """One coach utterance to analyse: its text, the teacher's line before it, and an id to echo."""

    text: str
    previous: str | None = None
    id: str | None = None


class Analyzer:
    """Wraps a built pipeline. Use `get_analyzer()` rather than constructing one per call."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    @property
    def lexicon_hash(self) -> str:
        """A hash of the lexicon set the pipeline was built from (recorded in session files)."""
        return str(getattr(self.nlp.get_pipe("convocoach"), "lexicon_hash"))

    def doc(self, text: str, previous: str | None = None) -> Doc:
        """The analysed spaCy Doc (moves as dicts in `doc._.cc_moves`, as spans in `doc.spans["cc_moves"]`)."""
        return next(self._docs([Utterance(text, previous)]))

    def analyze(self, text: str, previous: str | None = None, id: str | None = None) -> Analysis:
        """Analyse one utterance."""
        return next(self.analyze_many([Utterance(text, previous, id)]))

    def analyze_many(self, items: Iterable[Utterance], batch_size: int = 256) -> Iterator[Analysis]:
        """Analyse a stream of utterances, in order, batching through the pipeline."""
        from .components import doc_to_analysis

        from collections import deque

        items_iter = iter(items)
        pending: deque[Utterance] = deque()

        def tee() -> Iterator[Utterance]:
            for item in items_iter:
                pending.append(item)
                yield item

        for doc in self._docs(tee(), batch_size=batch_size):
            item = pending.popleft()
            yield doc_to_analysis(doc, id=item.id, previous=item.previous, text=item.text)

    def analyze_parallel(self, items: Iterable[Utterance], jobs: int = 2, chunk: int = 256) -> Iterator[Analysis]:
        """Like analyze_many, with `jobs` forked workers that return small Analysis objects.

        The pipeline is built before forking, so workers share it copy-on-write. Falls back to one
        process where fork is unavailable. Order is preserved.
        """
        import multiprocessing as mp

        if jobs <= 1 or "fork" not in mp.get_all_start_methods():
            yield from self.analyze_many(items)
            return
        global _WORKER
        _WORKER = self
        ctx = mp.get_context("fork")
        with ctx.Pool(jobs) as pool:
            yield from (a for batch in pool.imap(_analyze_chunk, _chunks(items, chunk)) for a in batch)

    def _docs(self, items: Iterable[Utterance], batch_size: int = 256) -> Iterator[Doc]:
        from .components import set_previous

        def make() -> Iterator[Doc]:
            for item in items:
                if len(item.text) > MAX_CHARS or len(item.previous or "") > MAX_CHARS:
                    raise InputError(
                        f"an utterance of {max(len(item.text), len(item.previous or '')):,} characters is too "
                        f"long to analyse (the limit is {MAX_CHARS:,})",
                        hint="split it into shorter turns",
                    )
                doc = self.nlp.make_doc(_clean(item.text))
                set_previous(doc, item.previous)
                yield doc

        docs: Iterable[Doc] = make()
        for _name, proc in self.nlp.pipeline:
            if hasattr(proc, "pipe"):
                docs = proc.pipe(docs, batch_size=batch_size)
            else:
                docs = (proc(d) for d in docs)
        yield from docs


_WORKER: Analyzer | None = None


def _analyze_chunk(batch: list[Utterance]) -> list[Analysis]:
    assert _WORKER is not None
    return list(_WORKER.analyze_many(batch))


def _chunks(items: Iterable[Utterance], size: int) -> Iterator[list[Utterance]]:
    batch: list[Utterance] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _clean(text: str) -> str:
    # Offsets must refer to the text as given, so only replace characters one-for-one.
    return text.replace("\x00", " ")


_LOCK = threading.Lock()
_CACHE: dict[tuple[tuple[str, ...], str | None], Analyzer] = {}


def get_analyzer(lexicon_dirs: Sequence[str | Path] = (), model: str | None = None) -> Analyzer:
    """The process-wide analyzer for this lexicon set (built on first use, then reused).

    Args:
        lexicon_dirs: extra lexicon directories that extend the built-in set.
        model: an installed spaCy model to build on instead of the blank English pipeline.
    """
    key = (tuple(str(Path(d).resolve()) for d in lexicon_dirs), model)
    with _LOCK:
        if key not in _CACHE:
            from .pipeline import build_nlp

            _CACHE[key] = Analyzer(build_nlp(extra_lexicons=[Path(d) for d in lexicon_dirs], model=model))
        return _CACHE[key]
