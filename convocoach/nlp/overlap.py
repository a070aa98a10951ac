"""What a coach's sentence shares with the teacher's last line: content words, stemmed and mapped
through the synonym groups (a paraphrase gives her words back)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.attrs import ORTH

from .context import SentSpan
from .syntax import content_word_stem

if TYPE_CHECKING:
    from .context import Context

def content_stems(utt: Context, tokens: Any) -> set[str]:
    """Content words of a token run, stemmed and mapped through the synonym groups."""
    # A token's stem (or None: not a content word) depends on its text and the grammar alone:
    # worked out once per word form (ORTH) and grammar, then looked up.
    # Read the word forms as plain ORTH ids, so that a Token object is made only for a form not seen
    # before (the teacher's line is a Doc; a sentence is a SentSpan over the Context's ORTH list).
    memo = utt.grammar.memo.setdefault("content_stem", {})
    out: set[str] = set()
    for k, orth in enumerate(_orths(utt, tokens)):
        if orth in memo:
            found = memo[orth]
        else:
            found = memo[orth] = _content_stem(utt, tokens[k])
        if found is not None:
            out.add(found)
    return out


def _orths(utt: Context, tokens: Any) -> list[int]:
    """The ORTH ids of a token run: a SentSpan of the utterance, a Doc, or any sequence of Tokens."""
    if isinstance(tokens, SentSpan) and tokens._toks is utt.doc:
        return utt.orth[tokens.start : tokens.end]
    to_array = getattr(tokens, "to_array", None)
    if to_array is not None and hasattr(tokens, "vocab"):  # a Doc
        return list(to_array(ORTH).tolist()) if len(tokens) else []
    return [tok.orth for tok in tokens]


def _content_stem(utt: Context, tok: Any) -> str | None:
    if tok.is_punct or tok.is_space or tok.like_num:
        return None
    return content_word_stem(utt.grammar, tok.lower_)


def previous_stems(utt: Context) -> set[str]:
    """The teacher's last line as stems (empty when there is none)."""
    cached = utt.cache.get("prev_stems")
    if cached is None:
        cached = content_stems(utt, utt.prev_doc) if utt.prev_doc is not None else set()
        utt.cache["prev_stems"] = cached
    return cached


def previous_states_a_plan(utt: Context) -> bool:
    """Did the teacher's line state her own intention ('I'm thinking of...', 'I might...', "I'll...")?"""
    if utt.prev_doc is None:
        return False
    lows = [t.lower_ for t in utt.prev_doc]
    intent = utt.grammar.words("intention_words")
    for k, low in enumerate(lows):
        if low == "i" and any(w in intent for w in lows[k + 1 : k + 4]):
            return True
    return False


def overlap(utt: Context, tokens: Any) -> tuple[set[str], set[str]]:
    """(the sentence's content stems, those it shares with the teacher's last line)."""
    mine = content_stems(utt, tokens)
    return mine, mine & previous_stems(utt)
