"""Speaker labels: the shapes real exports use, and evidence before a label becomes a speaker.

The hypothesis tests are the property of issue 14: "phrase: text" lines never become speakers
unless the phrase recurs (or is a declared voice).
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convocoach.model.errors import InputError
from convocoach.transcripts import plain, vtt
from convocoach.transcripts.speakers import ROLE_LABELS, speaker_label


@pytest.mark.parametrize("line,label", [
    ("Maria de los Angeles Ortiz Vega: hi", "Maria de los Angeles Ortiz Vega"),
    ("jkim@lincoln-elem.org: hi", "jkim@lincoln-elem.org"),
    ("Khan, Aisha: hi", "Khan, Aisha"),
    ("[NA]: (inaudible)", "[NA]"),
    ("+1 555 201 7788: hi", "+1 555 201 7788"),
    ("(555) 201-7788: hi", "(555) 201-7788"),
    ("Dana Ruiz (Host): hi", "Dana Ruiz (Host)"),
    ("Dr. O'Neil-Baptiste: hi", "Dr. O'Neil-Baptiste"),
    ("Speaker 2: hi", "Speaker 2"),
    ("SPEAKER_00: hi", "SPEAKER_00"),
    ("Renée Côté: hi", "Renée Côté"),
    ("김민지: 안녕하세요", "김민지"),
    (">> DANA RUIZ: hi", "DANA RUIZ"),
    ("Coach:", "Coach"),
])
def test_label_shapes(line: str, label: str) -> None:
    got = speaker_label(line)
    assert got is not None and got[0] == label


@pytest.mark.parametrize("line", [
    "10:30: the bell rang", "https://example.org/rubric", "At 10:30 we met", "one, two, three: go",
    "555-12: too short for a phone", "", ": nothing before", "Ana:no space after the colon",
])
def test_not_labels(line: str) -> None:
    assert speaker_label(line) is None


def test_a_label_that_recurs_is_a_speaker_and_one_that_does_not_is_text() -> None:
    cues = plain.read_cues("Ana Ruiz: hi\nBen Okafor: hello\nImportant: bring pencils\nAna Ruiz: thanks\nBen Okafor: ok\n")
    assert [c.speaker for c in cues] == ["Ana Ruiz", "Ben Okafor", "Ana Ruiz", "Ben Okafor"]
    assert cues[1].text == "hello Important: bring pencils"


def test_declared_voices_need_no_recurrence() -> None:
    cues = vtt.read_cues("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Yes.\n\n00:00:03.000 --> 00:00:04.000\n<v Ben>No.\n")
    assert [c.speaker for c in cues] == ["Ana", "Ben"]


WORDS = ["note", "Step", "one", "miles", "de", "trabajadores", "Digo", "Reminder", "Emergency", "episode", "the",
         "Ana", "Ruiz", "Q&A", "Part", "2", "Dr.", "Khan,", "Aisha", "exit", "ticket", "[NA]", "jkim@school.org"]
phrase = st.lists(st.sampled_from(WORDS) | st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=6),
                  min_size=1, max_size=6).map(" ".join)
body = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Zs"), whitelist_characters=".,?!'-"),
               min_size=1, max_size=30).filter(str.strip)
line = st.tuples(st.one_of(st.none(), phrase), body)


def lines_to_text(rows: list[tuple[str | None, str]]) -> str:
    return "\n".join(body if label is None else f"{label}: {body}" for label, body in rows)


@settings(max_examples=300, deadline=None)
@given(st.lists(line, min_size=1, max_size=14))
def test_phrases_never_become_speakers_unless_they_recur(rows: list[tuple[str | None, str]]) -> None:
    counts = Counter(" ".join(label.split()) for label, _ in rows if label is not None)
    try:
        cues = plain.read_cues(lines_to_text(rows))
    except InputError:
        return
    for c in cues:
        assert c.speaker is not None and (counts[c.speaker] >= 2 or c.speaker.casefold() in ROLE_LABELS), (c.speaker, counts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Dana Ruiz", "Marcus Lee", None]), st.one_of(st.none(), phrase), body),
                min_size=2, max_size=12))
def test_caption_phrases_never_become_speakers_unless_they_recur(rows: list[tuple[str | None, str | None, str]]) -> None:
    blocks: list[str] = []
    labels: Counter[str] = Counter()
    for i, (speaker, phr, words) in enumerate(rows):
        label = speaker or phr
        if label is not None:
            labels[" ".join(label.split())] += 1
        text = f"{label}: {words}" if label else words
        blocks.append(f"00:00:{i:02d}.000 --> 00:00:{i:02d}.900\n{text}")
    try:
        cues = vtt.read_cues("WEBVTT\n\n" + "\n\n".join(blocks) + "\n")
    except InputError:
        return
    for c in cues:
        assert c.speaker is None or labels[c.speaker] >= 2 or c.speaker.casefold() in ROLE_LABELS, (c.speaker, labels)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(phrase, body), min_size=1, max_size=5))
def test_single_phrases_inside_a_conversation_stay_in_the_text(extra: list[tuple[str, str]]) -> None:
    rows = ["Dana Ruiz: What did you notice?", "Marcus Lee: The back table waited."]
    singles: dict[str, str] = {}
    for label, words in extra:
        key = " ".join(label.split())
        if key in ("Dana Ruiz", "Marcus Lee") or key in singles:
            continue
        singles[key] = f"{label}: {words}"
        rows.insert(1, singles[key])
    rows += ["Dana Ruiz: What would help?", "Marcus Lee: A first-step card."]
    cues = plain.read_cues("\n".join(rows))
    assert {c.speaker for c in cues} == {"Dana Ruiz", "Marcus Lee"}
    joined = " ".join(c.text for c in cues)
    for line_text in singles.values():
        assert " ".join(line_text.split()) in joined


def test_voice_written_only_at_changes_carries_over() -> None:
    cues = vtt.read_cues("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ana Ruiz>Let's begin.\n\n"
                       "00:00:02.000 --> 00:00:04.000\n<v Ben Okafor>Sure thing.\n\n"
                       "00:00:04.000 --> 00:00:06.000\nI brought the notebooks.\n\n"
                       "00:00:06.000 --> 00:00:08.000\n<v Ana Ruiz>Great.\n")
    assert [c.speaker for c in cues] == ["Ana Ruiz", "Ben Okafor", "Ben Okafor", "Ana Ruiz"]


def test_role_words_are_speakers_even_once() -> None:
    # convocoach's own plain format: "Coach:" and "Teacher:" name roles, not phrases
    cues = plain.read_cues("Coach: When works?\nTeacher: Hmm.\n10:30 works for me.\n")
    assert [(c.speaker, c.text) for c in cues] == [("Coach", "When works?"), ("Teacher", "Hmm. 10:30 works for me.")]
