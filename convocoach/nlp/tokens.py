"""One pass over a Doc's arrays: plain-data tokens, sentence starts and lexicon signals.

A spaCy `Token` decodes its strings from the StringStore on every attribute read (`tok.lower_`,
`tok.tag_`), and detectors read the same few attributes of the same tokens hundreds of times per
utterance. `Tok` is a named tuple with the attribute names of `Token` that detectors use; `Sig` is
the same for a lexicon signal (what a `Span` of the signal ruler was). Both are read-only.

`TokenReader.read` makes them in one pass over `Doc.to_array` with a per-word-form cache: in
convocoach's own pipeline (the component alone after the tokenizer) the tags come from the
grammar's lookup table (what the AttributeRuler would set), sentence starts from spaCy's
Sentencizer rule, and signals from the compiled phrase trie, so no Token or Span object is made;
after other components (a model's tagger or parser) it reads what they set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from .components import LeanSpanRuler, LookupAttributeRuler

#: The characters that end a sentence (spaCy's Sentencizer, configured as convocoach's pipeline had it).
PUNCT_CHARS = frozenset([".", "!", "?", "…", ";"])


class Tok(NamedTuple):
    """One token: the attributes of spaCy's `Token` that detectors read, as plain values."""

    i: int
    idx: int
    is_sent_start: bool | None
    text: str
    whitespace_: str
    lower_: str
    tag_: str
    pos_: str
    lemma_: str
    orth: int
    is_punct: bool
    is_space: bool
    is_alpha: bool
    is_title: bool
    like_num: bool

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_


class Sig(NamedTuple):
    """One lexicon signal: the attributes of spaCy's `Span` that detectors read (token range,
    character range, label and the lexicon entry id)."""

    start: int
    end: int
    label_: str
    id_: str
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True)
class Reading:
    """What one pass over a Doc gives the Context."""

    tokens: list[Tok]
    signals: list[Sig]  # sorted by (start, end, label, id), as the signal ruler's span group was
    text: str


#: The part of a Tok after (i, idx, is_sent_start): the same for every occurrence of a word form
#: (with the same tag, POS, lemma and trailing space).
_Form = tuple[str, str, str, str, str, str, int, bool, bool, bool, bool, bool]
_MAX_FORMS = 200_000  # a stream of unseen word forms must not grow a cache without end
_NOT_START = 2**64 - 1  # -1 (not a sentence start) as Doc.to_array and Doc.from_array have it: unsigned
_SENT_START = {0: None, 1: True}


def _sentence_start(i: int, form: _Form, seen_period: bool) -> tuple[bool, bool]:
    """spaCy's Sentencizer rule, one token at a time: (does token i start a sentence, has a
    sentence-final character been seen since the last start). A token that is neither punctuation
    nor a sentence-final character starts a sentence when one of those characters came before it."""
    text, is_punct = form[0], form[7]
    final = text in PUNCT_CHARS
    if i == 0 or seen_period and not is_punct and not final:
        return True, final
    return False, seen_period or final


class TokenReader:
    """Reads Docs into `Reading`s for one pipeline (see the module docstring).

    `tagger`: the lookup AttributeRuler of grammar.yml, or None when a tagger in the pipeline
    sets the tags; `signals`: the compiled signal ruler; `own`: the component runs right after
    the tokenizer, so that tags and sentence starts are its to give (else they are read).
    """

    def __init__(self, vocab: Vocab, tagger: LookupAttributeRuler | None, signals: LeanSpanRuler,
                 own: bool) -> None:
        from spacy.attrs import IDX, LEMMA, LOWER, ORTH, POS, SENT_START, SPACY, TAG
        from spacy.parts_of_speech import NAMES

        self._plain_attrs = [ORTH, SPACY]
        self._annotated_attrs = [ORTH, IDX, TAG, POS, LEMMA, SENT_START, SPACY, LOWER]
        self._pos_names: dict[int, str] = NAMES
        self.vocab = vocab
        self._signals = signals
        self._labels: dict[int, str] = {0: ""}
        # The lookup table serves only when it is the whole tagger: other patterns run spaCy's way.
        self._tagger = tagger
        self._table = tagger.hash_table() if tagger is not None and not tagger.is_complex else None
        self._own = own and (tagger is None or self._table is not None)
        self._forms: dict[int, tuple[_Form, int]] = {}  # orth * 2 + space -> (form, LOWER hash)
        self._read_forms: dict[tuple[int, ...], tuple[_Form, int]] = {}  # (orth, tag, pos, lemma, space) ->
        self._plain_forms: dict[int, _Form] = {}  # orth * 2 + space -> untagged form, for the teacher's line

    def read(self, doc: Doc) -> Reading:
        """Tokens, sentence starts and signals of a Doc straight from the tokenizer (own pipeline)
        or from the components before this one."""
        if not len(doc):
            return Reading([], [], "")
        if self._own:
            toks, lowers = self._read_own(doc)
        else:
            toks, lowers = self._read_annotated(doc)
        text = "".join([t.text + t.whitespace_ for t in toks])
        return Reading(toks, self._read_signals(doc, toks, lowers, text), text)

    def read_plain(self, doc: Doc) -> list[Tok]:
        """Tokens of a Doc with no tags or sentence starts (the teacher's line, tokenized only)."""
        forms = self._plain_forms
        if len(forms) > _MAX_FORMS:
            forms.clear()
        new = tuple.__new__
        out: list[Tok] = []
        idx = 0
        for i, (orth, space) in enumerate(doc.to_array(self._plain_attrs).tolist()):
            form = forms.get(orth * 2 + space)
            if form is None:
                form = forms[orth * 2 + space] = self._form(orth, space, "", "", "")
            out.append(new(Tok, (i, idx, None, *form)))
            idx += len(form[0]) + space
        return out

    def annotate(self, doc: Doc, toks: list[Tok]) -> None:
        """Write the tags and sentence starts `read` decided onto the Doc (for doc.sents, token.tag_)."""
        if not self._own or not toks:
            return
        import numpy
        from spacy.attrs import POS, SENT_START, TAG
        from spacy.symbols import IDS

        strings = self.vocab.strings
        rows = [(strings.add(t.tag_) if t.tag_ else 0, IDS.get(t.pos_, 0) if t.pos_ else 0,
                 1 if t.is_sent_start else _NOT_START) for t in toks]
        doc.from_array([TAG, POS, SENT_START], numpy.array(rows, dtype="uint64"))  # type: ignore[arg-type]

    # --- the passes ---------------------------------------------------------------------------
    def _read_own(self, doc: Doc) -> tuple[list[Tok], list[int]]:
        forms = self._forms
        if len(forms) > _MAX_FORMS:
            forms.clear()
        new = tuple.__new__
        toks: list[Tok] = []
        lowers: list[int] = []
        idx = 0
        seen_period = False
        for i, (orth, space) in enumerate(doc.to_array(self._plain_attrs).tolist()):
            entry = forms.get(orth * 2 + space)
            if entry is None:
                entry = forms[orth * 2 + space] = self._tagged_form(orth, space)
            form, lower = entry
            start, seen_period = _sentence_start(i, form, seen_period)
            toks.append(new(Tok, (i, idx, start, *form)))
            lowers.append(lower)
            idx += len(form[0]) + space
        return toks, lowers

    def _read_annotated(self, doc: Doc) -> tuple[list[Tok], list[int]]:
        if self._tagger is not None:
            doc = self._tagger(doc)
        forms = self._read_forms
        if len(forms) > _MAX_FORMS:
            forms.clear()
        strings = self.vocab.strings
        new = tuple.__new__
        sent_start = _SENT_START.get
        own_sentences = not doc.has_annotation("SENT_START")
        toks: list[Tok] = []
        lowers: list[int] = []
        seen_period = False
        rows = doc.to_array(self._annotated_attrs).tolist()
        for i, (orth, idx, tag, pos, lemma, sent, space, lower) in enumerate(rows):
            key = (orth, tag, pos, lemma, space)
            entry = forms.get(key)
            if entry is None:
                entry = forms[key] = (self._form(orth, space, strings[tag] if tag else "",
                                                 self._pos_names.get(pos, "") if pos else "",
                                                 strings[lemma] if lemma else ""), lower)
            form = entry[0]
            start: bool | None
            if own_sentences:
                start, seen_period = _sentence_start(i, form, seen_period)
            else:
                start = sent_start(sent, False)
            toks.append(new(Tok, (i, idx, start, *form)))
            lowers.append(lower)
        return toks, lowers

    def _read_signals(self, doc: Doc, toks: list[Tok], lowers: list[int], text: str) -> list[Sig]:
        labels = self._labels
        strings = self.vocab.strings
        new = tuple.__new__
        out: list[Sig] = []
        for start, end, label, span_id in self._signals.match_keys(doc, lowers):
            label_ = labels.get(label)
            if label_ is None:
                label_ = labels[label] = strings[label]
            id_ = labels.get(span_id)
            if id_ is None:
                id_ = labels[span_id] = strings[span_id]
            last = toks[end - 1]
            start_char, end_char = toks[start].idx, last.idx + len(last.text)
            out.append(new(Sig, (start, end, label_, id_, start_char, end_char, text[start_char:end_char])))
        return out

    # --- word forms ---------------------------------------------------------------------------
    def _tagged_form(self, orth: int, space: int) -> tuple[_Form, int]:
        lex = self.vocab[orth]
        tag_ = pos_ = ""
        hit = self._table.get(lex.lower) if self._table is not None else None
        if hit is not None:
            pos_id, tag_hash = hit
            pos_ = self._pos_names.get(pos_id, "") if pos_id else ""
            tag_ = self.vocab.strings[tag_hash] if tag_hash else ""
        return self._form(orth, space, tag_, pos_, ""), lex.lower

    def _form(self, orth: int, space: int, tag_: str, pos_: str, lemma_: str) -> _Form:
        lex = self.vocab[orth]
        return (lex.orth_, " " if space else "", lex.lower_, tag_, pos_, lemma_, orth,
                lex.is_punct, lex.is_space, lex.is_alpha, lex.is_title, lex.like_num)
