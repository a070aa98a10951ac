"""Speakers by evidence: which "Label:" prefixes are names, and which of those are speakers.

A "Label:" prefix is only a *candidate* when it has a name shape (`speaker_label`): words of
letters in any script (with ' ’ . - and small numbers) up to 12 words, one comma ("Khan, Aisha"),
a parenthesised note ("Priya Shah (Principal)"), an email address, a phone number of 7-15 digits,
or a bracketed label ("[NA]"); whitespace must follow the colon, so URLs and clock times never are.

A candidate becomes a speaker only when it recurs as a prefix in the file, is a declared voice
(`<v Name>`, a CART `>> NAME:` marker) or is a diarisation id (`SPEAKER_00`). A label seen once
("Reminder: ...", "Exit ticket: ...") stays in the text of the current turn. Caption files whose
colons are mid-sentence are refused as unlabelled (`assign_caption_speakers`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .base import Cue, ReaderError

__all__ = ["speaker_label", "declared_by_shape", "accepted_speakers", "Raw", "assign_caption_speakers", "LABEL_HINT"]

LABEL_HINT = ("export the transcript with speaker names (Zoom: the cloud recording's audio transcript "
              ".vtt; Teams: the .vtt with voices; WhisperX: --diarize)")

_WORD = r"[^\W\d_][\w'’.\-]*"
_NAME_TOKEN = rf"(?:{_WORD}|\d{{1,4}}|\([^()]{{1,30}}\))"
_NAME_RE = re.compile(rf"{_WORD}(?:,?\s+{_NAME_TOKEN}){{0,11}}")
_EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"\+?[\d(][\d\s().-]{5,24}")
_BRACKET_RE = re.compile(r"\[[^\[\]:]{1,40}\]")
_LABEL_RE = re.compile(r"^(\s*(?:>>\s*)?)([^:\n]{1,80}?)\s*:(?=\s|$)")


def speaker_label(text: str) -> tuple[str, str, int] | None:
    """A name-shaped 'Label:' at the start of `text` -> (label, rest, col of the label), else None.

    Name shapes: words of letters (any script) with ' ’ . - and small numbers ("Speaker 2"), up to
    12 words ("Maria de los Angeles Ortiz Vega"), one comma ("Khan, Aisha"), a parenthesised note
    ("Dana Ruiz (Host)"); an email address; a phone number; a bracketed label ("[NA]"). A shape is
    only a candidate: whether it is a speaker is decided by evidence (`accepted_speakers`).
    """
    m = _LABEL_RE.match(text)
    if not m:
        return None
    label = " ".join(m.group(2).split())
    if not label or label.count(",") > 1:
        return None
    digits = sum(c.isdigit() for c in label)
    shaped = (
        _NAME_RE.fullmatch(label) is not None
        or _EMAIL_RE.fullmatch(label) is not None
        or _BRACKET_RE.fullmatch(label) is not None
        or (_PHONE_RE.fullmatch(label) is not None and 7 <= digits <= 15)
    )
    if not shaped:
        return None
    return label, text[m.end():].strip(), m.start(2) + 1


def declared_by_shape(label: str) -> bool:
    """Labels no sentence produces: diarisation ids ("SPEAKER_00", "spk_1")."""
    return re.fullmatch(r"(?:SPEAKER|speaker|spk)_\d{1,3}", label) is not None


#: Role words that name a speaker by convention (convocoach's own plain format), so "Coach:" and
#: "Teacher:" are speakers even when each speaks once.
ROLE_LABELS = frozenset({"coach", "teacher"})


def accepted_speakers(labels: Iterable[str], declared: Iterable[str] = ()) -> set[str]:
    """Speakers by evidence: a label that recurs, a declared voice, a diarisation id or a role word."""
    counts = Counter(labels)
    return {lab for lab, n in counts.items()
            if n >= 2 or declared_by_shape(lab) or lab.casefold() in ROLE_LABELS} | set(declared)


_TERMINAL = tuple(".?!…\"”’')]»:;-—")


def _lowercase_start(label: str) -> bool:
    return label[:1].islower() and _EMAIL_RE.fullmatch(label) is None


@dataclass
class Raw:
    """A cue before speakers are decided: its label candidate and the text after it."""

    text: str
    start: float | None
    end: float | None
    line: int
    label: str | None = None
    rest: str = ""
    voice: str | None = None
    speech: float | None = None
    change: bool = False  # '>>' with no name: someone else speaks, unnamed
    text_line: int = 0  # the line the cue's words start on (the line after a timing line)


def label_raw(raws: list[Raw]) -> None:
    for r in raws:
        if r.voice is None:
            got = speaker_label(r.text)
            if got is not None:
                r.label, r.rest = got[0], got[1]


def assign_caption_speakers(raws: list[Raw], fmt: str, declared: Iterable[str] = ()) -> list[Cue]:
    """Speakers of a caption file (WebVTT, SRT, Zoom captions): voices, else evidence-based labels.

    A cue without a label continues the previous speaker (the caption convention: a name is written
    when the speaker changes); cues before the first speaker have none. Refuses files whose colons
    are mid-sentence and files with no speaker labels at all, naming the first offending cue.
    """
    label_raw(raws)
    declared = set(declared)
    accepted = accepted_speakers((r.label for r in raws if r.label), declared)
    voices = any(r.voice for r in raws)
    suspicious: list[Raw] = []
    clean = 0
    prev: Raw | None = None
    for r in raws:
        if r.label is not None:
            prev_unfinished = (
                prev is not None and prev.voice is None and prev.label is None
                and not prev.text.rstrip().endswith(_TERMINAL)
            )
            if r.label not in declared and (prev_unfinished or (r.label not in accepted and _lowercase_start(r.label))):
                suspicious.append(r)
            elif r.label in accepted:
                clean += 1
        prev = r
    if not voices and suspicious and len(suspicious) >= clean:
        first = suspicious[0]
        raise ReaderError(
            f"these captions have no speaker labels: their colons are mid-sentence "
            f"({f'{first.label}:'!r} continues the caption before it)",
            line=first.text_line or first.line, hint=LABEL_HINT, fmt=fmt,
        )
    if not voices and not accepted:
        raise ReaderError(
            "these captions have no speaker labels (no cue starts with a name that recurs, like 'Dana Ruiz:')",
            line=raws[0].line if raws else 1, hint=LABEL_HINT, fmt=fmt,
        )
    cues: list[Cue] = []
    speaker: str | None = None
    for r in raws:
        text = r.text
        if r.voice is not None:
            speaker = r.voice
        elif r.change:
            speaker = None
        elif r.label is not None and r.label in accepted:
            speaker, text = r.label, r.rest
        cues.append(Cue(speaker, " ".join(text.split()), r.start, r.end, r.line, speech=r.speech))
    return cues

