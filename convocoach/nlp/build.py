"""The compiled build: lexicon phrases as a trie over LOWER hashes, cached on disk with marshal.

Compiling the lexicons (expanding token patterns into ~67,000 literal phrases and tokenizing each)
takes longer than importing spaCy; loading the compiled trie takes a fraction of that. The cache
file is keyed by everything the trie depends on: the lexicon files' digest (so each `--lexicons`
set has its own entry), grammar and word sets, convocoach's and spaCy's versions and the
tokenizer's settings. A file whose key differs is rebuilt; a damaged file is rebuilt with a note.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from .lexicons import LexiconSet

#: Bump when the artefact's layout changes.
FORMAT = 1
MAGIC = b"CCBUILD" + bytes([FORMAT])
#: The trie node key under which a phrase's hits are kept (hashes are never negative).
HITS = -1


class Trie:
    """The phrase trie: LOWER hash -> child node; a node's HITS entry lists (label hash, id hash) of
    the phrases ending there.

    Loaded lazily from the cache: each first word's subtrie is a marshal blob of its own, decoded
    the first time a text has that word, so that a one-shot command decodes a handful of nodes
    instead of 67,000 phrases (`load_all` decodes the rest, e.g. before forking workers).
    """

    __slots__ = ("_nodes", "_index", "_body")

    def __init__(self, nodes: dict[int, Any], index: dict[int, tuple[int, int]] | None = None,
                 body: bytes | memoryview = b"") -> None:
        self._nodes = nodes
        self._index = index or {}
        self._body = memoryview(body)

    def get(self, first: int) -> Any:
        node = self._nodes.get(first)
        if node is None:
            where = self._index.get(first)
            if where is not None:
                node = marshal.loads(self._body[where[0] : where[0] + where[1]])
                if isinstance(node, tuple):  # a big node, split: its children are lazy in turn
                    index, hits = node
                    node = Trie({HITS: hits} if hits else {}, index, self._body)
                self._nodes[first] = node
        return node

    def load_all(self) -> dict[int, Any]:
        """Every node decoded: the whole trie as nested dicts."""
        for first in self._index:
            self.get(first)
        return {k: v.load_all() if isinstance(v, Trie) else v for k, v in self._nodes.items()}

    def __len__(self) -> int:
        return len(self._nodes.keys() | self._index.keys())

    def __bool__(self) -> bool:  # cheap: `if trie:` runs per Doc
        return bool(self._nodes or self._index)

    def encode(self) -> tuple[dict[int, tuple[int, int]], bytes]:
        """(index: first hash -> (offset, length) in the body, body): one marshal blob per first
        word; a blob over SPLIT_BYTES is split into a blob per next word, and so on."""
        parts: list[bytes] = []
        size = [0]

        def put(blob: bytes) -> tuple[int, int]:
            parts.append(blob)
            size[0] += len(blob)
            return size[0] - len(blob), len(blob)

        def encode_children(node: dict[int, Any]) -> dict[int, tuple[int, int]]:
            index = {}
            for key, child in sorted(node.items()):
                if key == HITS:
                    continue
                blob = marshal.dumps(child)
                if len(blob) > SPLIT_BYTES:
                    blob = marshal.dumps((encode_children(child), child.get(HITS)))
                index[key] = put(blob)
            return index

        index = encode_children(self.load_all())
        return index, b"".join(parts)


#: A trie node whose marshal blob is larger than this is stored split (lazy one level further).
SPLIT_BYTES = 16 * 1024


@dataclass(frozen=True)
class CompiledSignals:
    """The lexicon signals, compiled.

    `trie`: the literal phrases (see Trie). `fallback`: SpanRuler patterns that are not literal
    phrases (for spaCy's Matcher). `strings`: labels and ids, for the StringStore (hashes alone
    would not print).
    """

    key: str
    trie: Trie
    fallback: list[dict[str, Any]]
    strings: list[str]


def tokenizer_signature(nlp: Language) -> str:
    """A digest of the tokenizer's settings (affix rules, special cases): they decide how a phrase
    tokenizes, hence what the trie holds."""
    tok: Any = nlp.tokenizer
    parts: list[str] = [str(nlp.lang)]
    for attr in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        fn = getattr(tok, attr, None)
        owner = getattr(fn, "__self__", None)
        parts.append(str(getattr(owner, "pattern", fn)))
    rules = getattr(tok, "rules", None) or {}
    parts.append(repr(sorted((k, repr(v)) for k, v in rules.items())))
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


def grammar_digest() -> str:
    """A digest of the bundled grammar table and word sets."""
    from ..io import fileio
    from ..io.bundled import builtin_dir
    from ..io.yamlio import MAX_YAML_BYTES
    from .lexicons import GRAMMAR_FILE, WORDSETS_FILE

    sha = hashlib.sha256()
    for name in (GRAMMAR_FILE, WORDSETS_FILE):
        path = builtin_dir("lexicons") / name
        if path.exists():
            sha.update(fileio.read_bytes(path, MAX_YAML_BYTES, "a lexicon"))
    return sha.hexdigest()[:16]


def build_key(nlp: Language, lexicons: LexiconSet) -> str:
    from spacy import about

    # The package is imported before any of its modules; reading its version from sys.modules
    # keeps the package's own imports (api -> nlp) from becoming a cycle.
    version = str(getattr(sys.modules["convocoach"], "__version__", "?"))
    return json.dumps({"format": FORMAT, "convocoach": version, "spacy": about.__version__,
                       "lexicons": lexicons.digest, "grammar": grammar_digest(),
                       "tokenizer": tokenizer_signature(nlp)}, sort_keys=True)


def compile_signals(nlp: Language, lexicons: LexiconSet, key: str = "") -> CompiledSignals:
    """Compile the lexicons' SpanRuler patterns: literal phrases into the trie, the rest kept as
    token patterns. The trie matches exactly the spans a PhraseMatcher on LOWER would."""
    from .lexicons import span_ruler_patterns

    strings = nlp.vocab.strings
    tokenizer: Any = nlp.tokenizer

    def lower_tokens(text: str) -> list[str]:  # as components.lower_tokens (which imports this module)
        return [t.lower_ for t in tokenizer(text)]

    trie: dict[int, Any] = {}
    fallback: list[dict[str, Any]] = []
    names: set[str] = set()
    for p in span_ruler_patterns(lexicons, tokenize=lower_tokens):
        if not isinstance(p["pattern"], str):
            fallback.append(p)
            continue
        words = [t.lower_ for t in tokenizer(p["pattern"])]
        if not words:
            continue
        node = trie
        for w in words:
            node = node.setdefault(strings.add(w), {})
        hit = (strings.add(p["label"]), strings.add(p["id"]) if p["id"] else 0)
        hits = node.setdefault(HITS, [])
        if hit not in hits:
            hits.append(hit)
        names.update(x for x in (p["label"], p["id"]) if x)
    return CompiledSignals(key, Trie(trie), fallback, sorted(names))


def cache_path(nlp: Language, lexicons: LexiconSet) -> Path:
    """The cache entry of a lexicon set: one per set of lexicon folders and tokenizer (the embedded
    pipeline's and a plain blank English one, in someone else's pipeline, do not take turns)."""
    from ..io.cache import cache_dir

    folders = sorted({str(lex.path.parent) for lex in lexicons.lexicons})
    name = hashlib.sha256("\n".join([*folders, tokenizer_signature(nlp)]).encode()).hexdigest()[:16]
    return cache_dir() / f"build-{name}.marshal"


def load_signals(nlp: Language, lexicons: LexiconSet) -> CompiledSignals:
    """The compiled signals from the cache, or compiled now (and cached) when the cache is missing,
    stale or damaged."""
    from ..io.cache import read_checked, write_checked

    key = build_key(nlp, lexicons)
    path = cache_path(nlp, lexicons)
    payload, damaged = read_checked(path, MAGIC)
    if payload is not None:
        compiled = _decode(payload)
        if compiled is None:
            damaged = "its contents do not decode"
        elif compiled.key == key:
            return compiled
    if damaged:
        sys.stderr.write(f"convocoach: note: the build cache {path} is damaged ({damaged}); rebuilding it\n")
    compiled = compile_signals(nlp, lexicons, key)
    index, body = compiled.trie.encode()
    head = marshal.dumps((compiled.key, index, compiled.fallback, compiled.strings))
    write_checked(path, MAGIC, len(head).to_bytes(4, "little") + head + body)
    return compiled


def _decode(payload: bytes) -> CompiledSignals | None:
    try:
        n = int.from_bytes(payload[:4], "little")
        key, index, fallback, strings = marshal.loads(payload[4 : 4 + n])
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(key, str) and isinstance(index, dict) and isinstance(fallback, list)
            and isinstance(strings, list)):
        return None
    return CompiledSignals(key, Trie({}, index, payload[4 + n :]), fallback, strings)
