"""Redaction: speaker names (and any names given) replaced in speakers, texts and the source."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from ..model.conversation import Conversation


def redaction_map(transcript: Conversation, speakers: bool = True, extra_names: Sequence[str] = ()) -> dict[str, str]:
    """Name -> placeholder: coaches become Coach (Coach 2, ...), other speakers Teacher (Teacher 2,
    ...), extra names "[name]". Multi-word names also map their single words ("Maria Lopez" and
    "Maria" and "Lopez"), since people address each other by first name."""
    mapping: dict[str, str] = {}
    if speakers:
        n_coach = n_teacher = 0
        for name in transcript.speakers:
            if name in transcript.coach:
                n_coach += 1
                label = "Coach" if n_coach == 1 else f"Coach {n_coach}"
            else:
                n_teacher += 1
                label = "Teacher" if n_teacher == 1 else f"Teacher {n_teacher}"
            mapping[name] = label
    for name in extra_names:
        name = name.strip()
        if name:
            mapping.setdefault(name, "[name]")
    for name, label in list(mapping.items()):
        words = [w for w in re.split(r"[\s.]+", name) if len(w) >= 2 and w[0].isupper()]
        if len(words) > 1:
            for w in words:
                if w.casefold() not in {"coach", "teacher", "mr", "mrs", "ms", "dr", "miss"}:
                    mapping.setdefault(w, label)
    # Placeholders that are themselves "names" (a speaker called Coach) need no replacing.
    return {k: v for k, v in mapping.items() if k != v}


def redact_text(text: str, mapping: dict[str, str]) -> str:
    """Replace whole-word occurrences of names (longest first; case-sensitive for speaker names so
    that e.g. a teacher called Will does not erase the verb "will")."""
    if not mapping or not text:
        return text
    pattern = _redaction_pattern(tuple(sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _redaction_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


def redact_conversation(transcript: Conversation, speakers: bool = True, extra_names: Sequence[str] = ()) -> Conversation:
    """A copy with speaker names (and `extra_names`) replaced in speakers, texts and the source."""
    mapping = redaction_map(transcript, speakers, extra_names)
    turns = tuple(
        replace(t, speaker=mapping.get(t.speaker, redact_text(t.speaker, mapping)), text=redact_text(t.text, mapping))
        for t in transcript.turns
    )
    coach = tuple(mapping.get(c, c) for c in transcript.coach)
    meta = dict(transcript.meta)
    meta["redacted"] = "yes"
    return replace(transcript, turns=turns, coach=coach, source=redact_text(transcript.source, mapping), meta=meta)
