"""Closed word classes the sentence reading and the detectors share."""

from __future__ import annotations

# Words that open a sentence without carrying its structure ("So, what...", "Okay and did...").
DISCOURSE = frozenset(
    """so and but or okay ok well um uh umm uhm er erm oh yeah yes yep right now alright then like just also
    anyway hey actually mm hmm mhm mm-hmm uh-huh great good sure cool wow nice gosh ah aha huh hi hello
    thanks absolutely exactly totally alrighty fine""".split()
)
SUBJECT_PRONOUNS = frozenset("i you he she it we they that this there these those someone anyone everyone "
                             "something anything everything somebody anybody everybody nobody one y'all".split())
FILLERS = frozenset([("you", "know"), ("i", "mean"), ("i", "guess"), ("i", "see"), ("of", "course"),
                     ("all", "right")])
NEGATIONS = frozenset(["n't", "not", "nt", "never"])
SECOND_PERSON = frozenset(["you", "your", "you're", "you've", "you'd", "yourself"])
