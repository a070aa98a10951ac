"""The analysis: spaCy's blank English, convocoach's tagger and signal ruler, the per-utterance context
and the detectors' run, behind `get_analyzer()`. Other packages use only what this module exports."""

from __future__ import annotations

from .analyzer import MAX_CHARS, Analyzer, Utterance, get_analyzer
from .lexicons import lexicon_words, word_list, word_map, word_set

__all__ = ["Analyzer", "Utterance", "get_analyzer", "MAX_CHARS", "word_set", "word_list", "word_map", "lexicon_words"]
