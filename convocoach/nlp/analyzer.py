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

        for doc in self._docs(tee(), batch_size=batch_size, results_only=True):
            item = pending.popleft()
            yield doc_to_analysis(doc, id=item.id, previous=item.previous, text=item.text)

    def analyze_parallel(self, items: Iterable[Utterance], jobs: int = 2, chunk: int = 500) -> Iterator[Analysis]:
        """Like analyze_many, with `jobs` forked workers; order is preserved.

        The pipeline is built (and the cached trie decoded) before forking, so workers share it
        copy-on-write; they return compact tuples, not Analysis objects (pickling those cost more
        than the analysis saved), and the parent rebuilds each Analysis from its own utterance.
        Falls back to one process where fork is unavailable.
        """
        import gc
        import multiprocessing as mp
        from collections import deque

        if jobs <= 1 or "fork" not in mp.get_all_start_methods():
            yield from self.analyze_many(items)
            return
        global _WORKER
        _WORKER = self
        self._preload()
        gc.freeze()  # the built pipeline stays shared: the workers' collector never touches its pages
        sent: deque[list[Utterance]] = deque()

        def chunks() -> Iterator[list[Utterance]]:
            for batch in _chunks(items, chunk):
                sent.append(batch)
                yield batch

        ctx = mp.get_context("fork")
        try:
            with ctx.Pool(jobs) as pool:
                for results in pool.imap(_analyze_chunk, chunks()):
                    batch = sent.popleft()
                    yield from (_expand(item, c) for item, c in zip(batch, results))
        finally:
            gc.unfreeze()

    def _preload(self) -> None:
        """Decode every lazily loaded trie node now (once, before forking)."""
        procs = [proc for _name, proc in self.nlp.pipeline]
        procs += [p for proc in procs for p in getattr(proc, "_private", [])]
        for proc in procs:
            trie = getattr(proc, "_trie", None)
            if trie is not None:
                trie.load_all()

    def _docs(self, items: Iterable[Utterance], batch_size: int = 256, results_only: bool = False) -> Iterator[Doc]:
        """Docs through the pipeline; `results_only`: the analysis is all that is wanted (no spans or
        token annotations are written)."""
        from .components import RESULTS_ONLY_KEY, set_previous

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
                if results_only:
                    doc.user_data[RESULTS_ONLY_KEY] = True
                yield doc

        docs: Iterable[Doc] = make()
        for _name, proc in self.nlp.pipeline:
            if hasattr(proc, "pipe"):
                docs = proc.pipe(docs, batch_size=batch_size)
            else:
                docs = (proc(d) for d in docs)
        yield from docs


_WORKER: Analyzer | None = None


#: An Analysis without what the parent already has (text, id, previous): (moves as tuples, stance,
#: stance scores as pairs, n_words, n_questions).
Compact = tuple[tuple[tuple[str, int, int, str, str, str], ...], str, tuple[tuple[str, float], ...], int, int]


def _analyze_chunk(batch: list[Utterance]) -> list[Compact]:
    assert _WORKER is not None
    return [(tuple((m.name, m.start, m.end, m.text, m.rule, m.message) for m in a.moves), a.stance,
             tuple(a.stance_scores.items()), a.n_words, a.n_questions) for a in _WORKER.analyze_many(batch)]


def _expand(item: Utterance, c: Compact) -> Analysis:
    from ..model.analysis import Move

    return Analysis(text=item.text, moves=tuple(Move(*m) for m in c[0]), stance=c[1], stance_scores=dict(c[2]),
                    id=item.id, previous=item.previous, n_words=c[3], n_questions=c[4])


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
