"""Closed word classes the sentence reading and the detectors share."""

from __future__ import annotations

from .lexicons import word_list, word_set

# Words that open a sentence without carrying its structure ("So, what...", "Okay and did...").
DISCOURSE = word_set("words.discourse")
SUBJECT_PRONOUNS = word_set("words.subject_pronouns")
FILLERS = frozenset(tuple(p.split()) for p in word_list("words.fillers"))
NEGATIONS = word_set("words.negations")
SECOND_PERSON = word_set("words.second_person")
