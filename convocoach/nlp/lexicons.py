"""Lexicons: YAML signal lists -> validated models -> SpanRuler patterns (one-to-one, traceable by id).

Also the grammar table (closed-class words and common verb forms) for the AttributeRuler.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..model.errors import InputError, InputErrors
from ..io import fileio
from ..io.bundled import builtin_dir
from .lexicon_schema import GrammarFile, LexiconEntry, LexiconFile, WordSetFile
from ..io.cache import load_model_cached
from ..io.yamlio import MAX_YAML_BYTES

GRAMMAR_FILE = "grammar.yml"
WORDSETS_FILE = "wordsets.yml"
#: Data files in the lexicon folder that are not span lexicons.
NOT_LEXICONS = frozenset([GRAMMAR_FILE, WORDSETS_FILE])


@dataclass(frozen=True)
class Lexicon:
    """A loaded lexicon file."""

    path: Path
    spec: LexiconFile

    @property
    def label(self) -> str:
        return self.spec.label


@dataclass(frozen=True)
class LexiconSet:
    """Every lexicon in use, in load order, with a content hash (recorded in session files)."""

    lexicons: tuple[Lexicon, ...]
    digest: str
    entries: dict[str, tuple[Lexicon, LexiconEntry]] = field(default_factory=dict)


def lexicon_files(directory: Path) -> list[Path]:
    """The lexicon files of a directory, sorted (the grammar table is not a lexicon)."""
    if not directory.exists():
        raise InputError("lexicon directory not found", path=directory, hint="check the --lexicons path")
    if not directory.is_dir():
        raise InputError("expected a directory of *.yml lexicon files", path=directory)
    return sorted(p for p in directory.iterdir() if p.suffix in (".yml", ".yaml") and p.name not in NOT_LEXICONS)


def load_lexicons(extra_dirs: Sequence[Path] = ()) -> LexiconSet:
    """Load the built-in lexicons plus any extra directories (which extend, never replace).

    Raises:
        InputError / InputErrors: a file is malformed (every problem, with file:line:col),
            or two entries share an id.
    """
    for d in extra_dirs:
        if not lexicon_files(Path(d)):
            raise InputError("no lexicon files (*.yml) in this directory", path=d,
                             hint="--lexicons takes a folder of lexicon .yml files (see the README's lexicon format)")
    dirs = [builtin_dir("lexicons"), *extra_dirs]
    return _load_lexicons(tuple(Path(d).resolve() for d in dirs))


@lru_cache(maxsize=8)
def _load_lexicons(dirs: tuple[Path, ...]) -> LexiconSet:
    from ..model.moves import load_moves

    moves = load_moves()

    lexicons: list[Lexicon] = []
    entries: dict[str, tuple[Lexicon, LexiconEntry]] = {}
    sha = hashlib.sha256()
    problems: list[InputError] = []
    for directory in dirs:
        for path in lexicon_files(directory):
            try:
                spec = load_model_cached(path, LexiconFile)
            except InputErrors as exc:
                problems.extend(exc.errors)
                continue
            except InputError as exc:
                problems.append(exc)
                continue
            lex = Lexicon(path, spec)
            if spec.move is not None and spec.move not in moves:
                close = difflib.get_close_matches(spec.move, list(moves), n=1)
                problems.append(_located(path, ("move",), f"move: unknown move {spec.move!r}",
                                         (f"did you mean '{close[0]}'? " if close else "") + "see `convocoach rules`"))
            for i, entry in enumerate(spec.entries):
                if entry.id in entries:
                    first = entries[entry.id][0].path
                    problems.append(_located(
                        path, ("entries", i, "id"),
                        f"entries[{i}].id: id {entry.id} is already used in {first.name}",
                        "ids are unique across all lexicons; pick a new number"))
                entries[entry.id] = (lex, entry)
            lexicons.append(lex)
            sha.update(path.name.encode())
            sha.update(fileio.read_bytes(path, MAX_YAML_BYTES, "a lexicon"))
    if problems:
        raise InputErrors(problems)
    return LexiconSet(tuple(lexicons), sha.hexdigest()[:16], entries)


def _located(path: Path, loc: tuple[int | str, ...], message: str, hint: str | None = None) -> InputError:
    """An InputError at `loc` in a YAML file that parsed (composed again: errors are rare)."""
    from ..io.yamlio import compose, error_at, read_text

    return error_at(compose(read_text(path), path)[1], path, loc, message, hint)


#: A token pattern made only of LOWER / LOWER-IN tokens (with optional "?") is expanded into literal
#: phrases for the PhraseMatcher (hash lookups) when it expands to at most this many phrases.
MAX_EXPANSION = 20000
#: "*" in a literal pattern expands to up to this many repetitions (the words it repeats are adverbs).
MAX_REPEAT = 3


def span_ruler_patterns(lexicons: LexiconSet, tokenize: Any = None) -> list[dict[str, Any]]:
    """Compile every entry to SpanRuler patterns: {"label", "pattern", "id"}.

    Token patterns of literal words are expanded into phrase patterns, which match the same spans
    far faster than Matcher patterns with IN sets. `tokenize` (text -> list of lowercase tokens)
    checks that each expanded phrase tokenizes back into the same words; without it, nothing is
    expanded.

    Raises:
        InputErrors: a token pattern spaCy's Matcher would refuse (see `check_token_patterns`).
    """
    check_token_patterns(lexicons)
    patterns: list[dict[str, Any]] = []
    for lex in lexicons.lexicons:
        for entry in lex.spec.entries:
            for pattern in _entry_patterns(entry):
                phrases = _expand(pattern, tokenize) if tokenize is not None and isinstance(pattern, list) else None
                if phrases is None:
                    patterns.append({"label": lex.label, "pattern": pattern, "id": entry.id})
                else:
                    patterns.extend({"label": lex.label, "pattern": p, "id": entry.id} for p in phrases)
    return patterns


_SPACY_MESSAGE = re.compile(r"^\[pattern -> (\d+)(?: -> ([^\]\s]+))?[^\]]*\]\s*(.*)$")


def check_token_patterns(lexicons: LexiconSet) -> None:
    """Check every token pattern as spaCy's Matcher will (spaCy's own schema: attribute names,
    value types, operators) and compile its REGEX predicates, so that a malformed programme
    lexicon fails with file:line:col and the key instead of inside spaCy. Imports spaCy.

    Raises:
        InputErrors: every problem, in every file.
    """
    from spacy.schemas import TokenPattern, validate_token_pattern

    from ..io.yamlio import compose, error_at, format_loc, read_text

    attributes = sorted(f.alias or name for name, f in TokenPattern.model_fields.items())
    problems: list[InputError] = []
    for lex in lexicons.lexicons:
        found: dict[tuple[int | str, ...], tuple[str, str | None]] = {}
        for i, entry in enumerate(lex.spec.entries):
            if not (isinstance(entry.pattern, list) and entry.pattern
                    and all(isinstance(t, dict) for t in entry.pattern)):
                continue
            pattern: list[dict[str, Any]] = [t for t in entry.pattern if isinstance(t, dict)]
            for message in validate_token_pattern(pattern):
                m = _SPACY_MESSAGE.match(message)
                if m is None:
                    found.setdefault(("entries", i, "pattern"), (message, None))
                    continue
                loc: tuple[int | str, ...] = ("entries", i, "pattern", int(m.group(1)))
                attr, text = m.group(2), m.group(3)
                hint = None
                if attr is not None:
                    loc += (attr,)
                    if "Extra inputs" in text:
                        close = difflib.get_close_matches(attr.upper(), attributes, n=1)
                        text = f"unknown token attribute {attr!r}"
                        hint = (f"did you mean '{close[0]}'? " if close else "") + "token attributes: " + \
                            ", ".join(a for a in attributes if a not in ("OP", "_"))
                found.setdefault(loc, (text, hint))
            for t, token in enumerate(pattern):
                for attr, value in token.items():
                    if not isinstance(value, dict):
                        continue
                    for key, regex in value.items():
                        if str(key).upper() != "REGEX":
                            continue
                        where = ("entries", i, "pattern", t, attr, key)
                        if not isinstance(regex, str):
                            found.setdefault(where, ("REGEX must be text", "quote the regular expression"))
                            continue
                        try:
                            re.compile(regex)
                        except re.error as exc:
                            found[where] = (f"invalid regular expression: {exc}",
                                            "check brackets and escapes; quote the expression in single quotes")
        if found:
            root = compose(read_text(lex.path), lex.path)[1]
            for loc, (text, hint) in found.items():
                problems.append(error_at(root, lex.path, loc, f"{format_loc(loc)}: {text}", hint,
                                         key=isinstance(loc[-1], str) and "unknown" in text))
    if problems:
        raise InputErrors(problems)


def _expand(pattern: list[dict[str, Any]], tokenize: Any) -> list[str] | None:
    """All literal phrases a token pattern matches, or None if it is not literal (or too many)."""
    options: list[list[str | None]] = []
    total = 1
    for tok in pattern:
        keys = set(tok) - {"OP"}
        op = tok.get("OP")
        if keys != {"LOWER"} or op not in (None, "?", "*"):
            return None
        value = tok["LOWER"]
        if isinstance(value, str):
            words: list[str | None] = [value.lower()]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = [str(w).lower() for w in value["IN"]]
        else:
            return None
        if op == "?":
            words.append(None)
        if op == "*":
            # 0 to MAX_REPEAT repetitions: that many optional slots
            for _ in range(MAX_REPEAT):
                options.append([*words, None])
            total *= (len(words) + 1) ** MAX_REPEAT
        else:
            options.append(words)
            total *= len(words)
        if total > MAX_EXPANSION:
            return None
    import itertools

    # spaCy's tokenizer handles whitespace-separated chunks independently, so a phrase round-trips
    # exactly when each of its words is a single token on its own. A word the tokenizer never
    # produces as one token ("i'm" becomes "i" + "'m") could not match the token pattern either.
    # Clitics ("'ve", "n't", "'s") are tokens only when attached to a word ("you've"): write them
    # attached and check the whole phrase.
    single = {w: tokenize(w) == [w] for opts in options for w in opts if w is not None}
    phrases: set[str] = set()
    for combo in itertools.product(*options):
        words_ = [w for w in combo if w is not None]
        if not words_:
            continue
        if any(_is_clitic(w) for w in words_):
            text = words_[0]
            for w in words_[1:]:
                text += w if _is_clitic(w) else " " + w
            if tokenize(text) == words_:
                phrases.add(text)
        elif all(single[w] for w in words_):
            phrases.add(" ".join(words_))
    return sorted(phrases)


def _is_clitic(word: str) -> bool:
    return word.startswith("'") or word in ("n't", "nt")


def _entry_patterns(entry: LexiconEntry) -> Iterable[Any]:
    pat = entry.pattern
    if isinstance(pat, str):
        yield pat.lower()
    elif pat and all(isinstance(p, str) for p in pat):
        for phrase in pat:
            yield str(phrase).lower()
    else:
        yield pat


# --- grammar -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grammar:
    """POS/TAG groups for the AttributeRuler, a form -> lemma table for verbs, and the word sets
    (lexicons/wordsets.yml) that detectors read."""

    groups: tuple[tuple[str, str, frozenset[str]], ...]
    lemmas: dict[str, str]
    verb_tags: dict[str, str]
    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    #: word -> the first word of its synonym group (a paraphrase gives the teacher's words back)
    synonyms: dict[str, str] = field(default_factory=dict)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    maps: dict[str, dict[str, str]] = field(default_factory=dict)

    @cached_property
    def memo(self) -> dict[str, dict[Any, Any]]:
        """Per-word results that depend only on the word and this grammar (e.g. a word form's
        stem), kept for the life of the process: one dict per kind."""
        return {}

    @cached_property
    def closed_class(self) -> frozenset[str]:
        """Every closed-class word of the grammar table (pronouns, auxiliaries, determiners...)."""
        return frozenset().union(*(words for _, _, words in self.groups))

    def words(self, name: str) -> frozenset[str]:
        """A named word set; KeyError for a name that wordsets.yml does not define (a bug)."""
        return self.sets[name]

    def attribute_ruler_patterns(self) -> list[dict[str, Any]]:
        """One pattern per (POS, TAG) group with an IN set: a handful of patterns, not thousands."""
        out: list[dict[str, Any]] = []
        by_tag: dict[str, set[str]] = {}
        for form, tag in self.verb_tags.items():
            by_tag.setdefault(tag, set()).add(form)
        for tag, forms in sorted(by_tag.items()):
            out.append({"patterns": [[{"LOWER": {"IN": sorted(forms)}}]], "attrs": {"POS": "VERB", "TAG": tag}})
        # Closed-class groups come last so they win over verb readings ("like", "kind").
        for pos, tag, words in self.groups:
            out.append({"patterns": [[{"LOWER": {"IN": sorted(words)}}]], "attrs": {"POS": pos, "TAG": tag}})
        return out


def _inflect(verb: str) -> dict[str, str]:
    """Regular inflections of a base verb: form -> Penn tag."""
    vowels = "aeiou"
    forms = {verb: "VB"}
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        forms[verb + "es"] = "VBZ"
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in vowels:
        forms[verb[:-1] + "ies"] = "VBZ"
    else:
        forms[verb + "s"] = "VBZ"
    stem = verb
    n_vowels = sum(1 for c in verb if c in vowels)
    if (
        len(verb) <= 4
        and n_vowels == 1
        and verb[-1] not in vowels + "wxy"
        and verb[-2] in vowels
        and verb[-3] not in vowels
    ):
        stem = verb + verb[-1]
    if verb.endswith("e"):
        forms[verb + "d"] = "VBD"
        forms[verb[:-1] + "ing"] = "VBG"
    elif verb.endswith("y") and verb[-2] not in vowels:
        forms[verb[:-1] + "ied"] = "VBD"
        forms[verb + "ing"] = "VBG"
    else:
        forms[stem + "ed"] = "VBD"
        forms[stem + "ing"] = "VBG"
    return forms


def load_grammar(path: Path | None = None) -> Grammar:
    """Load the grammar table (lexicons/grammar.yml by default) and the word sets beside it."""
    return _load_grammar((path or builtin_dir("lexicons") / GRAMMAR_FILE).resolve())


@lru_cache(maxsize=4)
def _load_grammar(path: Path) -> Grammar:
    spec = load_model_cached(path, GrammarFile)
    sets: dict[str, frozenset[str]] = {}
    synonyms: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    maps: dict[str, dict[str, str]] = {}
    wordsets_path = path.with_name(WORDSETS_FILE)
    if wordsets_path.exists():
        ws = load_model_cached(wordsets_path, WordSetFile)
        sets = {name: frozenset(w.lower() for w in s.words) for name, s in ws.sets.items()}
        lists = {name: tuple(wl.words) for name, wl in ws.lists.items()}
        maps = {name: dict(wm.pairs) for name, wm in ws.maps.items()}
        for group in ws.synonyms:
            head = group[0].lower()
            for w in group:
                synonyms.setdefault(w.lower(), head)
    closed: set[str] = set()
    groups = []
    for g in spec.groups:
        words = frozenset(w.lower() for w in g.words)
        groups.append((g.pos, g.tag, words))
        closed |= words
    lemmas: dict[str, str] = {}
    verb_tags: dict[str, str] = {}
    for verb in spec.verbs.regular:
        for form, tag in _inflect(verb.lower()).items():
            lemmas.setdefault(form, verb.lower())
            verb_tags.setdefault(form, tag)
    for lemma, forms in spec.verbs.irregular.items():
        for i, form in enumerate(forms):
            form = form.lower()
            lemmas[form] = lemma
            if i == 0:
                tag = "VB"
            elif form.endswith("ing"):
                tag = "VBG"
            elif form in (lemma + "s", lemma + "es"):
                tag = "VBZ"
            else:
                tag = "VBD"
            verb_tags[form] = tag
    # Contractions and clitics the tokenizer produces.
    lemmas.update({"'s": "be", "'re": "be", "'m": "be", "'ve": "have", "'d": "would", "'ll": "will",
                   "n't": "not", "nt": "not", "ca": "can", "wo": "will", "sha": "shall", "gotta": "have"})
    for form in list(verb_tags):
        if form in closed:
            del verb_tags[form]
    return Grammar(tuple(groups), lemmas, verb_tags, sets, synonyms, lists, maps)


def word_set(name: str) -> frozenset[str]:
    """A word set of lexicons/wordsets.yml (the bundled one, read once per process)."""
    return load_grammar().sets[name]


def word_list(name: str) -> tuple[str, ...]:
    """An ordered list of words or phrases of lexicons/wordsets.yml."""
    return load_grammar().lists[name]


def word_map(name: str) -> dict[str, str]:
    """A word table of lexicons/wordsets.yml (a copy)."""
    return dict(load_grammar().maps[name])


def lexicon_words(label: str) -> frozenset[str]:
    """Every word of the bundled lexicon entries with this label whose patterns are plain word lists
    (a phrase, phrases, or LOWER / LOWER IN tokens): e.g. the instruction verbs of ADVICE_VERB."""
    out: set[str] = set()
    for lex in load_lexicons().lexicons:
        if lex.label != label:
            continue
        for entry in lex.spec.entries:
            for pattern in _entry_patterns(entry):
                if isinstance(pattern, str):
                    out.update(pattern.split())
                    continue
                for tok in pattern:
                    value = tok.get("LOWER") if isinstance(tok, dict) else None
                    if isinstance(value, str):
                        out.add(value.lower())
                    elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                        out.update(str(w).lower() for w in value["IN"])
    return frozenset(out)
