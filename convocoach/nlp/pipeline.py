"""build_nlp(): spaCy's blank English (with speech dashes) + the convocoach component, which reads
sentences, tags and lexicon signals itself in one pass (nlp/tokens.py).

No model download is ever needed. Built once per process (see analyzer.get_analyzer).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..model.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language



def speech_dashes(nlp: Language) -> None:
    """Split restart dashes off words: transcripts write "tell me- tell me", "I know-- I wonder",
    "-and you usually"; spaCy's English rules keep "me-" and "know--" as single tokens."""
    from spacy.util import compile_prefix_regex, compile_suffix_regex

    prefixes = [*nlp.Defaults.prefixes, r"-+"]  # type: ignore[misc]
    suffixes = [*nlp.Defaults.suffixes, r"-+"]  # type: ignore[misc]
    tokenizer: Any = nlp.tokenizer
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


TOKENIZER = "convocoach.speech_tokenizer.v1"


def _speech_tokenizer() -> Any:
    """spaCy's English tokenizer with speech_dashes' affix rules, made in one go (a registered
    tokenizer): changing the rules of a made tokenizer reloads its 4,000 special cases each time."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    def make(nlp: Language) -> Tokenizer:
        d: Any = nlp.Defaults
        return Tokenizer(nlp.vocab, rules=d.tokenizer_exceptions,
                         prefix_search=compile_prefix_regex([*d.prefixes, r"-+"]).search,
                         suffix_search=compile_suffix_regex([*d.suffixes, r"-+"]).search,
                         infix_finditer=compile_infix_regex(d.infixes).finditer,
                         token_match=d.token_match, url_match=d.url_match)

    return make


def blank_english() -> Language:
    """spacy.blank("en") with speech_dashes' tokenizer."""
    import spacy
    from spacy.util import registry

    if TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(TOKENIZER, func=_speech_tokenizer)
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})


def build_nlp(extra_lexicons: Sequence[Path] = (), model: str | None = None) -> Language:
    """Build the analysis pipeline.

    Args:
        extra_lexicons: directories of extra lexicon files (they extend the built-in set).
        model: name of an installed spaCy model to build on (its tagger/parser are kept);
            default: spaCy's blank English.

    Raises:
        InputError: a lexicon is malformed, or the model is not installed.
    """
    import spacy

    if model:
        try:
            nlp = spacy.load(model)
        except OSError:
            raise InputError(
                f"spaCy model {model!r} is not installed",
                hint="drop --model to use the built-in pipeline (it needs no download)",
            ) from None
    else:
        nlp = blank_english()
    nlp.add_pipe(
        "convocoach",
        config={"lexicons": [str(p) for p in extra_lexicons]},
    )
    return nlp
