"""The detector base class, the registry, and the read-only view of earlier detectors' moves.

A detector is a small rule: a code (Q001...), the move it assigns (`name`), the moves of other
detectors it reads (`requires`), a docstring whose first line is its default message and which
names an **Anti-pattern** and a **Best practice** (sqlfluff style); its examples, which run as
tests (a hit names the span it must find), are data: the move's `detector_examples` in moves.yml. `detect` reads the Context and yields moves; it never
writes anything: the runner (detectors/__init__.py) collects what it returns, in an order worked
out from `requires`, and hands each detector a `Found` view of exactly what it requires.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Iterator, Mapping, Sequence

from ..model.analysis import Move

if TYPE_CHECKING:
    from ..nlp.tokens import Sig

    from ..model.moves import DetectorExample
    from ..nlp.context import Context, Sentence
    from ..nlp.lexicons import Grammar, LexiconSet

REGISTRY: dict[str, type[Detector]] = {}


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator: add a detector to the registry (codes are unique and never reused)."""
    if cls.code in REGISTRY and REGISTRY[cls.code] is not cls:
        raise ValueError(f"detector code {cls.code} registered twice")
    REGISTRY[cls.code] = cls
    return cls


class Found:
    """The moves earlier detectors returned, by name: only the names the asking detector requires."""

    __slots__ = ("_by_name",)

    def __init__(self, by_name: Mapping[str, Sequence[Move]]) -> None:
        self._by_name = by_name

    def __call__(self, name: str, sent: Sentence | None = None) -> Sequence[Move]:
        """Moves of `name` (in the sentence `sent`, when given). KeyError for a name not required."""
        out = self._by_name[name]
        if out and sent is not None:
            out = [m for m in out if sent.span.start_char <= m.start < sent.span.end_char + 1]
        return out


class Detector:
    """Base class. Subclasses set `code`, `name`, `requires` and a docstring, and implement detect();
    the examples are the move's `detector_examples` in moves.yml."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    #: the moves of other detectors this one reads (through `found`); the run order follows from them
    requires: ClassVar[frozenset[str]] = frozenset()
    suggestion: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()

    def __init__(self, lexicons: LexiconSet, grammar: Grammar) -> None:
        self.lexicons = lexicons
        self.grammar = grammar

    @property
    def assigns(self) -> str:
        """The move this detector yields (the name later detectors require)."""
        return self.name

    @classmethod
    def examples(cls) -> tuple[DetectorExample, ...]:
        """What this detector must find and must not find (moves.yml)."""
        from ..model.moves import load_moves

        return tuple(load_moves()[cls.name].detector_examples)

    @classmethod
    def message(cls) -> str:
        """The default message: the first line of the docstring."""
        return (cls.__doc__ or cls.name).strip().splitlines()[0]

    def detect(self, utt: Context, found: Found) -> Iterator[Move]:
        raise NotImplementedError

    def finding(self, utt: Context, start_char: int, end_char: int, rule: str | None = None,
                message: str | None = None) -> Move:
        """A move over text[start_char:end_char] (whitespace trimmed)."""
        text = utt.text
        while start_char < end_char and text[start_char].isspace():
            start_char += 1
        while end_char > start_char and text[end_char - 1].isspace():
            end_char -= 1
        match = text[start_char:end_char]
        msg = (message or self.message()).replace("{match}", match)
        return Move(name=self.name, start=start_char, end=end_char, text=match, rule=rule or self.code, message=msg)

    def span_finding(self, utt: Context, span: Sig, rule: str | None = None, message: str | None = None) -> Move:
        return self.finding(utt, span.start_char, span.end_char, rule=rule, message=message)

    def entry_message(self, span: Sig) -> str | None:
        """The message of the lexicon entry a span came from (None when it has none)."""
        entry = self.lexicons.entries.get(span.id_)
        return entry[1].message if entry and entry[1].message else None
