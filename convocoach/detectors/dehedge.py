"""Over-hedged sentences read again without their hedges: hedges blur a speech act, they do not
change it ("Maybe you could, um, possibly sort of try mixing the groups?" is still advice).

The component calls `reread` with the de-hedged text of each over-hedged sentence and merges what
that reading finds back onto the whole sentence.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterable

from ..model.analysis import Move
from ..nlp.lexicons import word_set

if TYPE_CHECKING:
    from ..nlp.context import Context, Sentence

#: Moves that say what a sentence does; a de-hedged reading decides them for an over-hedged sentence.
CONTENT_MOVES = frozenset(["advice", "information", "judgment", "reflection", "permission", "self_focus",
                           "collaboration", "affirmation", "presupposition", "autonomy", "invitational"])
MODALS = word_set("dehedge.modals")
FILLERS = word_set("dehedge.fillers")
Reread = Callable[[str], Iterable[Move]]


def dehedged_text(utt: Context, s: Sentence) -> str:
    """The sentence without hedge words, asides, fillers and commas (modals stay: they carry the act)."""
    drop: set[int] = set()
    for sp in [*utt.signals_in("HEDGE", s), *utt.signals_in("ASIDE", s)]:
        if sp.end - sp.start == 1 and utt.low[sp.start] in MODALS:
            continue
        drop.update(range(sp.start, sp.end))
    lows = utt.low
    for k in range(s.span.start, s.span.end):
        if lows[k] in FILLERS or lows[k] == "," or (lows[k] == "like" and (
                (k + 1 < s.span.end and lows[k + 1] == ",") or (k > s.span.start and lows[k - 1] == ","))):
            drop.add(k)
    words = [utt.doc[k].text for k in range(s.span.start, s.span.end) if k not in drop]
    text = " ".join(words)
    for p in (" ?", " .", " !", " n't", " 's", " 're", " 'm", " 've", " 'll", " 'd"):
        text = text.replace(p, p[1:])
    text = text.strip()
    if not text:
        return ""
    if not s.is_question:
        text = text.rstrip("?").rstrip() + "."
    return text[0].upper() + text[1:]


def merge_rereading(utt: Context, moves: list[Move], reread: Reread) -> list[Move]:
    """For each over-hedged sentence, replace its content moves with those of its de-hedged reading."""
    hedged = [s for s in utt.sentences if any(s.span.start_char <= m.start < s.span.end_char + 1
                                               for m in moves if m.name == "over_hedging")]
    if not hedged:
        return moves
    out = list(moves)
    for s in hedged:
        text = dehedged_text(utt, s)
        if not text:
            continue
        # A reflection read off a third-person proposition is the coach's own claim with hedges around
        # it (DOMAIN.md: hedges wrapped around information); one about the teacher stays a reflection.
        found = [m for m in reread(text) if m.name in CONTENT_MOVES and not (
            m.name == "reflection" and m.rule.split(":")[-1] in ("so", "echo", "check"))]
        inside = [m for m in out if m.name in CONTENT_MOVES and s.span.start_char <= m.start < s.span.end_char + 1]
        kept = [m for m in inside if m.name in ("judgment", "invitational", "permission", "collaboration")]
        if not found and not kept:
            found = [m for m in inside if m.name == "information"] or _hedged_information(utt, s)
        out = [m for m in out if m not in inside] + kept
        sentence = utt.text[s.span.start_char : s.span.end_char]
        seen: set[str] = {m.name for m in kept}
        for m in found:
            if m.name in seen:
                continue
            seen.add(m.name)
            out.append(replace(m, start=s.span.start_char, end=s.span.end_char, text=sentence,
                               rule=f"{m.rule}:hedged" if ":hedged" not in m.rule else m.rule))
    return sorted(out, key=lambda m: (m.start, -m.end, m.name))


def _hedged_information(utt: Context, s: Sentence) -> list[Move]:
    """'maybe it, I don't know, possibly applies to quizzes too?': a claim about the world wrapped
    in hedges is information the teacher needs, blurred (over-hedging's definition)."""
    from ..nlp.syntax import clauses

    cls = clauses(utt, s)
    if s.is_question or not cls or cls[0].subj in ("you", "your", "we"):
        return []
    return [Move("information", s.span.start_char, s.span.end_char, utt.text[s.span.start_char : s.span.end_char],
                 "A020:hedged", "Information wrapped in hedges: say what the teacher needs to know plainly.")]
