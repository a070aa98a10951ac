"""convocoach's spaCy component, registered with @Language.factory and the spacy_factories entry point.

`nlp.add_pipe("convocoach")` works in anyone's English pipeline. The component reads each Doc in
one pass (nlp/tokens.py) with two private parts: a lookup tagger (`LookupAttributeRuler`, the
patterns of lexicons/grammar.yml; unused after a model's tagger) and the signal ruler
(`LeanSpanRuler`, the compiled phrase trie of lexicons/*.yml).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.pipeline import AttributeRuler, SpanRuler
from spacy.tokens import Doc, Span

from ..model.analysis import Analysis, Move
from .tokens import TokenReader

if TYPE_CHECKING:
    from .build import CompiledSignals, Trie
    from .lexicons import Grammar, LexiconSet
    from .tokens import Tok


def lower_tokens(nlp: Language) -> Any:
    """text -> list of lowercase token texts, with the pipeline's tokenizer."""
    tokenizer = nlp.tokenizer

    def tokenize(text: str) -> list[str]:
        return [t.lower_ for t in tokenizer(text)]

    return tokenize


# The component's results live in one user_data entry of plain data (a dict of lists, strings and
# numbers, so that `doc.to_bytes`, `DocBin(store_user_data=True)`, `doc.to_json(underscore=[...])`
# and `nlp.pipe(n_process=2)` carry them), read through getter extensions (doc._.cc_moves,
# doc._.cc_stance, ...): one dict write per Doc instead of a `doc._` object per field. The moves are
# also a span group, doc.spans["cc_moves"] (label: the move, id: the rule).
RESULT_KEY = "convocoach.result"
PREVIOUS_KEY = "convocoach.previous"
REREAD_KEY = "convocoach.reread"  # set on the Doc of a de-hedged sentence: read once, never again
RESULTS_ONLY_KEY = "convocoach.results_only"  # set by analyze_many: no spans or token tags on the Doc
MOVES_SPANS_KEY = "cc_moves"
_RESULT_FIELDS = {"cc_moves": ("moves", None), "cc_stance": ("stance", "neutral"),
                  "cc_stance_scores": ("stance_scores", None), "cc_n_questions": ("n_questions", 0),
                  "cc_n_words": ("n_words", None)}


def _result_getter(key: str, default: Any) -> Any:
    def get(doc: Doc) -> Any:
        result = doc.user_data.get(RESULT_KEY)
        return default if result is None else result[key]

    return get


for _name, (_key, _default) in _RESULT_FIELDS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=_result_getter(_key, _default))
if not Doc.has_extension("cc_previous"):
    Doc.set_extension("cc_previous", getter=lambda doc: doc.user_data.get(PREVIOUS_KEY),
                      setter=lambda doc, value: set_previous(doc, value))


def set_previous(doc: Doc, previous: str | None) -> None:
    """Attach the teacher's previous line to a Doc before the pipeline runs (also `doc._.cc_previous = ...`)."""
    doc.user_data[PREVIOUS_KEY] = previous


class LookupAttributeRuler(AttributeRuler):
    """An AttributeRuler whose single-token `LOWER IN [...]` patterns are applied by dictionary lookup.

    Same patterns, same results (later patterns take precedence) and the same API as spaCy's
    AttributeRuler; a Matcher with dozens of IN sets costs a Python call per token per set, a dict
    lookup costs one per token. Other patterns still go through the Matcher.
    """

    def __init__(self, vocab: Any, name: str = "attribute_ruler", **kwargs: Any) -> None:
        self._table: dict[int, tuple[int, int]] | None = None
        super().__init__(vocab, name, **kwargs)
        self._lookup: dict[str, int] = {}
        self._literal_attrs: dict[int, dict[str, str]] = {}
        self._complex = False

    def clear(self) -> None:
        super().clear()
        self._table = None
        self._lookup = {}
        self._literal_attrs = {}
        self._complex = False

    def add(self, patterns: Any, attrs: dict[str, Any], index: int = 0) -> None:
        key = len(self.attrs)
        super().add(patterns, attrs, index)
        words = _literal_words(patterns) if index == 0 else None
        if words is None or set(map(str, attrs)) - {"POS", "TAG"}:
            self._complex = True  # spaCy's own path handles everything else
            return
        self._table = None
        for word in words:
            self._lookup[word] = key
        self._literal_attrs[key] = {str(k): str(v) for k, v in attrs.items()}

    def __call__(self, doc: Doc) -> Doc:
        if self._complex:
            return super().__call__(doc)
        # Fast path: every pattern is a literal word list setting POS/TAG. Work on arrays of
        # hashes so that no Token object is made.
        if not len(doc):
            return doc
        get = self.hash_table().get
        for i, h in enumerate(doc.to_array(LOWER).tolist()):
            hit = get(h)
            if hit is not None:
                tok = doc[i]
                tok.pos, tok.tag = hit
        return doc

    @property
    def is_complex(self) -> bool:
        """Has a pattern that is not a literal word list setting POS/TAG (spaCy's Matcher runs it)?"""
        return self._complex

    def hash_table(self) -> dict[int, tuple[int, int]]:
        """LOWER hash -> (POS id, TAG hash) of the literal word patterns, built on first use."""
        table = self._table
        if table is None:
            from spacy.symbols import IDS

            strings = self.vocab.strings
            table = {}
            for word, key in self._lookup.items():
                a = self._literal_attrs[key]
                pos_id = IDS.get(a.get("POS", ""), 0)
                tag_h = strings.add(a["TAG"]) if "TAG" in a else 0
                table[strings.add(word)] = (pos_id, tag_h)
            self._table = table
        return table

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        matches = super().match(doc) if self._complex else []
        strings = self.vocab.strings
        lookup = self._lookup
        for tok in doc:
            key = lookup.get(tok.lower_)
            if key is not None:
                matches.append((key, strings.add(str(key)), tok.i, tok.i + 1))
        matches.sort()
        return matches


def _literal_words(patterns: Any) -> list[str] | None:
    words: list[str] = []
    for pattern in patterns:
        if not (isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)):
            return None
        tok = pattern[0]
        if set(tok) != {"LOWER"}:
            return None
        value = tok["LOWER"]
        if isinstance(value, str):
            words.append(value.lower())
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words.extend(str(w).lower() for w in value["IN"])
        else:
            return None
    return words


class LeanSpanRuler(SpanRuler):
    """spaCy's SpanRuler, without the per-Doc costs its rules do not need.

    Same patterns, same spans, same order. spaCy's `match` also runs the (here empty) token
    Matcher inside a warnings filter, which formats a warning text for every Doc, and builds a
    Span object for every raw match before removing duplicates; this one removes duplicates on
    (start, end, label, id) first and skips an empty Matcher.
    """

    _trie: Trie | None = None

    def use_compiled(self, compiled: CompiledSignals) -> None:
        """Match the compiled lexicon phrases (nlp/build.py) with their trie, and the patterns that
        are not phrases with spaCy's Matcher: the same spans as `add_patterns` of the source
        patterns, without building a PhraseMatcher of every phrase."""
        strings = self.nlp.vocab.strings
        for s in compiled.strings:
            strings.add(s)
        self._trie = compiled.trie
        if compiled.fallback:
            self.add_patterns(compiled.fallback)

    def clear(self) -> None:
        super().clear()
        self._trie = None

    def _require_patterns(self) -> None:
        if not self._trie:
            super()._require_patterns()

    def match(self, doc: Doc) -> list[Span]:
        self._require_patterns()
        keys = self.match_keys(doc)
        return [Span(doc, start, end, label=label, span_id=span_id) for start, end, label, span_id in keys]

    def match_keys(self, doc: Doc, lowers: list[int] | None = None) -> list[tuple[int, int, int, int]]:
        """The matches as sorted, distinct (start, end, label hash, id hash); `lowers`: the Doc's
        LOWER hashes, when the caller has them."""
        matches = list(self.phrase_matcher(doc)) if len(self.phrase_matcher) else []
        if len(self.matcher):
            matches += self.matcher(doc)
        label_map = self._match_label_id_map
        strings = self.nlp.vocab.strings
        keys = set()
        for m_id, start, end in matches:
            if start != end:
                info = label_map[m_id]
                keys.add((start, end, strings.add(info["label"]), strings.add(info["id"]) if info["id"] else 0))
        if self._trie:
            keys.update(trie_matches(self._trie, doc.to_array(LOWER).tolist() if lowers is None else lowers))
        return sorted(keys)


def trie_matches(trie: Trie, hashes: list[int]) -> list[tuple[int, int, int, int]]:
    """Every (start, end, label, id) of a phrase in the trie over a token sequence of LOWER hashes."""
    out = []
    n = len(hashes)
    get = trie.get
    # Most words start no phrase: look in the decoded nodes first, and ask the lazy trie (which also
    # checks its undecoded index) only for a word that is not there.
    decoded = trie._nodes.get
    undecoded = trie._index
    for i in range(n):
        node = decoded(hashes[i])
        if node is None:
            if hashes[i] not in undecoded:
                continue
            node = get(hashes[i])
        j = i + 1
        while node is not None:
            hits = node.get(-1)
            if hits:
                for label, span_id in hits:
                    out.append((i, j, label, span_id))
            if j >= n:
                break
            node = node.get(hashes[j])
            j += 1
    return out


class ConvocoachComponent:
    """Reads a Doc in one pass (nlp/tokens.py) and runs the detectors over it: moves and stance in
    `doc._` (plain data); unless the Doc asks for results only, the moves also in `doc.spans`, the
    lexicon signals in `doc.spans[signals_key]` (when one is given), and in convocoach's own
    pipeline the tags and sentence starts it read written onto the Doc's tokens.
    """

    def __init__(self, nlp: Language, name: str, lexicons: list[str], spans_key: str | None = MOVES_SPANS_KEY,
                 signals_key: str | None = None) -> None:
        from ..detectors import build_detectors
        from .build import load_signals
        from .context import SIGNALS_KEY
        from .lexicons import load_grammar, load_lexicons

        self.name = name
        self.spans_key = spans_key
        self.signals_key = signals_key
        self.lexicons: LexiconSet = load_lexicons([Path(p) for p in lexicons])
        self.grammar: Grammar = load_grammar()
        self.lexicon_hash = self.lexicons.digest
        self.detectors = build_detectors(self.lexicons, self.grammar)
        tagger = None
        if "tagger" not in nlp.pipe_names:
            tagger = LookupAttributeRuler(nlp.vocab, name="cc_private_tagger")
            tagger.add_patterns(self.grammar.attribute_ruler_patterns())
        signals = LeanSpanRuler(nlp, name="cc_private_signals", spans_key=SIGNALS_KEY, phrase_matcher_attr="LOWER")
        signals.use_compiled(load_signals(nlp, self.lexicons))
        self._private: list[Any] = [signals]
        # Right after the tokenizer (the component is the first pipe), the tags and sentence starts
        # are the reader's to give; after other components it reads what they set.
        self.reader = TokenReader(nlp.vocab, tagger, signals, own=not nlp.pipe_names)
        self._tokenizer = nlp.tokenizer
        self._nlp = nlp
        # The teacher's last line, tokenized: kept for the next Doc, which often answers the same line
        # (several replies to one line, a de-hedged sentence read again). Read-only for the detectors.
        self._last_previous: tuple[str, list[Tok]] | None = None

    def __call__(self, doc: Doc) -> Doc:
        from ..detectors import analyze_doc

        reading = self.reader.read(doc)
        user_data = doc.user_data
        previous = user_data.get(PREVIOUS_KEY)
        prev_doc = self._previous_doc(previous) if previous else None
        rereading = bool(user_data.get(REREAD_KEY))
        moves, stance, scores, n_questions, n_words = analyze_doc(
            reading, prev_doc, self.detectors, self.grammar, None if rereading else self._rereader(previous))
        user_data[RESULT_KEY] = {"moves": [m.to_dict() for m in moves], "stance": stance,
                                 "stance_scores": scores, "n_questions": n_questions, "n_words": n_words}
        if rereading or user_data.get(RESULTS_ONLY_KEY):
            return doc
        self.reader.annotate(doc, reading.tokens)
        if self.signals_key:
            doc.spans[self.signals_key] = [Span(doc, g.start, g.end, label=g.label_, span_id=g.id_)
                                           for g in reading.signals]
        if self.spans_key:
            doc.spans[self.spans_key] = [
                span for span in (doc.char_span(m.start, m.end, label=m.name, span_id=m.rule, alignment_mode="expand")
                                  for m in moves) if span is not None]
        return doc

    def _previous_doc(self, previous: str) -> list[Tok]:
        last = self._last_previous
        if last is not None and last[0] == previous:
            return last[1]
        toks = self.reader.read_plain(self._tokenizer(previous))
        self._last_previous = (previous, toks)
        return toks

    def _rereader(self, previous: str | None) -> Any:
        """text -> moves: the whole pipeline over a de-hedged sentence (once: it is not re-read again)."""
        def reread(text: str) -> list[Any]:
            sub = self._nlp.make_doc(text)
            sub.user_data[PREVIOUS_KEY] = previous
            sub.user_data[REREAD_KEY] = True
            for _name, proc in self._nlp.pipeline:
                sub = proc(sub)
            result = sub.user_data.get(RESULT_KEY)
            return [Move(**m) for m in result["moves"]] if result else []

        return reread

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(
    "convocoach",
    default_config={"lexicons": [], "spans_key": MOVES_SPANS_KEY, "signals_key": None},
    assigns=["doc._.cc_moves", "doc._.cc_stance", "doc._.cc_stance_scores", "doc.spans"],
)
def make_convocoach(nlp: Language, name: str, lexicons: list[str], spans_key: str | None,
                    signals_key: str | None) -> ConvocoachComponent:
    """Factory for the convocoach moves component (also the `spacy_factories` entry point).

    `spans_key`: the span group that gets the moves too (None: none); `signals_key`: a span group
    for the lexicon signals the detectors read (None: none)."""
    return ConvocoachComponent(nlp, name, lexicons, spans_key, signals_key)


def doc_to_analysis(doc: Doc, id: str | None = None, previous: str | None = None,
                    text: str | None = None) -> Analysis:
    """Freeze an analysed Doc into an Analysis (the data every later step reads).

    `text` is the original text when the Doc was made from a one-for-one cleaned copy of it.
    """
    result = doc.user_data.get(RESULT_KEY)
    if result is None:
        raise ValueError("doc_to_analysis needs a Doc that went through the convocoach component")
    moves = tuple(Move(**m) for m in result["moves"])
    if text is not None and "\x00" in text:
        from dataclasses import replace

        moves = tuple(replace(m, text=text[m.start : m.end]) for m in moves)
    return Analysis(
        text=doc.text if text is None else text,  # Doc.text rebuilds the string: avoid it when we can
        moves=moves,
        stance=result["stance"],
        stance_scores=dict(result["stance_scores"]),
        id=id,
        previous=previous,
        n_words=result["n_words"],
        n_questions=result["n_questions"],
    )
