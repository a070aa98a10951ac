"""The read-only per-utterance context detectors work on: tokens, sentences, signals, the previous line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from .questions import analyse_sentence
from .tokens import Sig, Tok
from .words import DISCOURSE, FILLERS, SUBJECT_PRONOUNS

if TYPE_CHECKING:
    from .lexicons import Grammar
    from .tokens import Reading

#: Where the lexicon signals go on a Doc when they are asked for (the component's `signals_key`).
SIGNALS_KEY = "cc_signals"
ANNOTATION_RE = re.compile(r"\[[^\[\]\n]{1,60}\]")
# Quoted speech: double quotes, curly quotes, and single quotes whose inside may hold contractions
# ("'Why didn't you call?'") but whose ends are not apostrophes inside a word.
QUOTE_RE = re.compile(
    r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”|‘(?:[^’\n]|(?<=\w)’(?=\w)){1,400}’"
    r"|(?<![\w'])'(?:[^'\n]|(?<=\w)'(?=\w)){2,400}'(?![\w])"
)


class SentSpan:
    """A sentence's token range over the utterance's cached tokens (no spaCy objects re-created)."""

    __slots__ = ("start", "end", "start_char", "end_char", "_toks")

    def __init__(self, toks: list[Tok], start: int, end: int, start_char: int, end_char: int) -> None:
        self._toks = toks
        self.start, self.end, self.start_char, self.end_char = start, end, start_char, end_char

    def __iter__(self) -> Iterator[Tok]:
        return iter(self._toks[self.start : self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, key: Any) -> Any:
        return self._toks[self.start : self.end][key]


@dataclass(frozen=True)
class Sentence:
    """One sentence of the utterance with its question reading (nlp/questions.py); read-only."""

    span: SentSpan
    start: int  # first content token (doc index) after discourse markers
    is_question: bool = False
    qtype: str | None = None  # open | closed | leading
    qrule: str = ""
    qstart: int = 0  # doc token index where the question clause starts
    why: bool = False
    has_qmark: bool = False
    quoted: bool = False
    heads: list[int] = field(default_factory=list)  # starts of further question clauses (stacking)
    reflective: bool = False  # a '?'-ended declarative that gives back the teacher's words (MITI: a reflection)
    index: int = 0  # position in the utterance's sentence list


class Context:
    """Everything detectors read about one utterance: tokens, sentences with their question reading,
    lexicon signals outside quoted speech, and the teacher's previous line.

    Built once per utterance before the detectors run, and read-only for them: detectors return
    their moves (the runner collects them) and see earlier detectors' moves only through the
    `Found` view of what they declare they require. `memo` caches derived structure (clauses,
    stems) computed on first use.
    """

    def __init__(self, reading: Reading, prev_doc: list[Tok] | None, grammar: Grammar) -> None:
        # Tokens were read once into plain tuples (nlp/tokens.py); detectors index this list.
        toks = reading.tokens
        self.doc = toks
        self.low = [t.lower_ for t in toks]
        self.orth = [t.orth for t in toks]  # word-form ids, for per-form memos (cheaper than to_array on short docs)
        self.text = reading.text
        self.n_words = sum(1 for w in self.low if w[:1].isalnum() or (len(w) > 1 and w[1:2].isalnum()))
        self.prev_doc = prev_doc
        self.grammar = grammar
        text = self.text
        # An apostrophe inside a word ("it's") opens no quotation: only look when one could.
        self.quoted = [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)] if (
            '"' in text or "“" in text or "‘" in text or " '" in text or text.startswith("'")) else []
        # Transcribers' notes ("[crosstalk]", "[chuckles]", "[unintelligible 00:09:55]") are not speech.
        self.annotations: set[int] = set()
        if "[" in text:
            for m in ANNOTATION_RE.finditer(text):
                self.annotations.update(t.i for t in toks if m.start() <= t.idx < m.end())
        self.cache: dict[Any, Any] = {}  # derived structure (clauses, stems), computed once per utterance
        self.signals: dict[str, list[Sig]] = {}
        self._signal_at: dict[tuple[str, int], Sig] = {}
        self._signals_in: dict[tuple[str, int, int], list[Sig]] = {}
        for sig in reading.signals:
            if self.quoted and self.in_quote(sig.start_char, sig.end_char):
                continue
            label = sig.label_
            self.signals.setdefault(label, []).append(sig)
            self._signal_at.setdefault((label, sig.start), sig)
        sentences: list[Sentence] = []
        n = len(toks)
        bounds = [i for i, t in enumerate(toks) if i == 0 or t.is_sent_start] if n else []
        for k, start in enumerate(bounds):
            end = bounds[k + 1] if k + 1 < len(bounds) else n
            last = toks[end - 1]
            span = SentSpan(toks, start, end, toks[start].idx, last.idx + len(last.text))
            quoted = bool(self.quoted) and self.in_quote(span.start_char, span.end_char)
            s = Sentence(span=span, start=self.content_start(start, end), index=k, quoted=quoted)
            if not quoted:
                analyse_sentence(self, s)
            sentences.append(s)
        self.sentences: tuple[Sentence, ...] = tuple(sentences)

    # --- tokens -------------------------------------------------------------------------------
    def lemma(self, tok: Tok) -> str:
        low = tok.lower_
        return self.grammar.lemmas.get(low) or tok.lemma_.lower() or low

    def is_word(self, tok: Tok) -> bool:
        return not (tok.is_punct or tok.is_space or tok.i in self.annotations)

    def content_start(self, start: int, end: int) -> int:
        """Index of the first token after discourse markers, fillers, punctuation and a vocative."""
        doc = self.doc
        lows = self.low
        i = start
        while i < end:
            low = lows[i]
            if low in DISCOURSE or low in ("-", "--", "—", "…"):
                i += 1
                continue
            tok = doc[i]
            if tok.is_punct or tok.is_space or i in self.annotations:
                i += 1
                continue
            # A stutter: "Wh-What", "would-would", "I-I": the word comes again after a hyphen.
            if i + 2 < end and lows[i + 1] in ("-", "--") and lows[i + 2].startswith(low):
                i += 2
                continue
            # "you know," / "I mean," / "I guess," as fillers
            if i + 1 < end and (low, lows[i + 1]) in FILLERS:
                if i + 2 >= end or doc[i + 2].is_punct or (low, lows[i + 1]) == ("i", "mean") or \
                        lows[i + 2] in ("what", "how", "why", "so", "when", "where", "who", "which"):
                    i += 2
                    continue
            # A vocative name: "Maria, what ...", "Tom, ..."
            if (
                tok.is_title
                and not tok.tag_
                and i + 1 < end
                and doc[i + 1].text == ","
                and low not in SUBJECT_PRONOUNS
            ):
                i += 2
                continue
            break
        return i

    # --- quoted speech -------------------------------------------------------------------------
    def in_quote(self, start_char: int, end_char: int) -> bool:
        for qs, qe in self.quoted:
            if qs <= start_char and end_char <= qe:
                return True
        return False

    # --- signals and sentences --------------------------------------------------------------------
    def signals_in(self, label: str, sent: Sentence | None = None) -> list[Sig]:
        spans = self.signals.get(label)
        if sent is None:
            return [] if spans is None else spans
        if not spans:
            return []
        # Detectors ask for the same label in the same sentence again and again: filter once.
        start, end = sent.span.start, sent.span.end
        key = (label, start, end)
        inside = self._signals_in.get(key)
        if inside is None:
            inside = self._signals_in[key] = [s for s in spans if start <= s.start and s.end <= end]
        return list(inside)

    def signal_at(self, label: str, index: int) -> Sig | None:
        """A signal of this label that starts at token `index`."""
        return self._signal_at.get((label, index))

    def sentence_of(self, start_char: int) -> Sentence | None:
        for s in self.sentences:
            if s.span.start_char <= start_char < max(s.span.end_char, s.span.start_char + 1):
                return s
        return None
