"""Every transcript export convocoach reads, on fixtures written here (invented conversations):
the format sniffed from content, turns (speaker, start, end, talk), talk per speaker, wait times.

The JSON fixtures come from `fixtures/transcripts/make_json.py`: every word lasts 0.4 s with a
0.5 s step, so the talk times below can be checked by hand.
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import pytest

from convocoach.model.conversation import Conversation, Turn
from convocoach.scoring.metrics import talk, wait_gaps
from convocoach.transcripts import READERS, read_transcript
from convocoach.transcripts.base import Cue

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def read(rel: str, encoding: str | None = None) -> Conversation:
    return read_transcript(FIXTURES / rel, encoding=encoding)


def cues(fmt: str, rel: str) -> list[Cue]:
    """The cues of a fixture as its reader gives them, before merging (speakers may be None)."""
    module = import_module("convocoach.transcripts." + READERS[fmt].parse.partition(":")[0])
    result: list[Cue] = module.read_cues((FIXTURES / rel).read_text(encoding="utf-8"))
    return result


def talk_time(turns: tuple[Turn, ...]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for t in turns:
        prev = out.get(t.speaker)
        out[t.speaker] = prev if t.talk is None else round((prev or 0.0) + t.talk, 3)
    return out


# fixture -> (format, [(speaker, start, end, talk)], talk per speaker)
CASES = {
    "vtt/zoom_display_names.vtt": ("vtt", [
        ("Maria de los Angeles Ortiz Vega", 1.0, 7.0, 5.5), ("jkim@lincoln-elem.org", 9.5, 16.0, 6.3),
        ("Khan, Aisha", 17.0, 20.0, 3.0), ("Maria de los Angeles Ortiz Vega", 21.0, 25.0, 4.0),
        ("jkim@lincoln-elem.org", 28.0, 31.5, 3.5), ("+1 555 201 7788", 32.0, 34.0, 2.0),
        ("jkim@lincoln-elem.org", 35.0, 38.0, 3.0), ("+1 555 201 7788", 38.5, 40.0, 1.5),
        ("Khan, Aisha", 41.0, 44.0, 3.0), ("Maria de los Angeles Ortiz Vega", 45.0, 48.0, 3.0),
    ], {"Maria de los Angeles Ortiz Vega": 12.5, "jkim@lincoln-elem.org": 12.8, "Khan, Aisha": 6.0,
        "+1 555 201 7788": 3.5}),
    "vtt/teams_entities.vtt": ("vtt", [
        ("Carlos Farías", 0.5, 7.9, 7.0), ("Nia Okafor", 10.0, 15.0, 5.0),
        ("Carlos Farías", 16.0, 18.0, 2.0), ("Nia Okafor", 16.0, 24.0, 5.5),
    ], {"Carlos Farías": 9.0, "Nia Okafor": 10.5}),
    "vtt/silent_wait.vtt": ("vtt", [
        ("Dana Ruiz", 2.0, 439.0, 14.0), ("Marcus Lee", 442.0, 448.0, 6.0), ("Priya Shah", 448.5, 451.0, 2.5),
        ("Dana Ruiz", 452.0, 456.0, 4.0), ("Priya Shah", 460.0, 466.5, 6.5), ("Marcus Lee", 467.0, 475.0, 7.0),
    ], {"Dana Ruiz": 18.0, "Marcus Lee": 13.0, "Priya Shah": 9.0}),
    "srt/podcast_style.srt": ("srt", [
        ("Dana Ruiz", 0.0, 5.0, 5.0), ("Marcus Lee", 6.5, 12.5, 6.0), ("Dana Ruiz", 13.0, 16.0, 3.0),
        ("Marcus Lee", 18.0, 21.5, 3.5),
    ], {"Dana Ruiz": 8.0, "Marcus Lee": 9.5}),
    "srt/three_party.srt": ("srt", [
        ("Priya Shah", 1.0, 3.0, 2.0), ("Dana Ruiz", 3.5, 9.0, 5.5), ("Marcus Lee", 10.0, 13.0, 3.0),
        ("Priya Shah", 13.5, 15.0, 1.5), ("Dana Ruiz", 16.0, 19.0, 3.0), ("Marcus Lee", 21.0, 25.0, 4.0),
    ], {"Priya Shah": 3.5, "Dana Ruiz": 8.5, "Marcus Lee": 7.0}),
    "text/display_names.txt": ("text", [
        (s, None, None, None) for s in (
            "Maria de los Angeles Ortiz Vega", "jkim@lincoln-elem.org", "Maria de los Angeles Ortiz Vega",
            "Khan, Aisha", "jkim@lincoln-elem.org", "Khan, Aisha", "[NA]", "jkim@lincoln-elem.org",
            "+1 555 201 7788", "[NA]", "+1 555 201 7788", "Maria de los Angeles Ortiz Vega", "jkim@lincoln-elem.org")
    ], {"Maria de los Angeles Ortiz Vega": None, "jkim@lincoln-elem.org": None, "Khan, Aisha": None, "[NA]": None,
        "+1 555 201 7788": None}),
    "text/timestamps.txt": ("text", [
        ("Dana Ruiz", 4.0, None, None), ("Marcus Lee", 9.0, None, None), ("Dana Ruiz", 15.0, None, None),
        ("Marcus Lee", 21.0, None, None),
    ], {"Dana Ruiz": None, "Marcus Lee": None}),
    "zoom_txt/two_party.txt": ("zoom_txt", [
        ("Dana Ruiz", 0.0, None, None), ("Marcus Lee", 13.0, None, None), ("Dana Ruiz", 25.0, None, None),
        ("Marcus Lee", 31.0, None, None),
    ], {"Dana Ruiz": None, "Marcus Lee": None}),
    "zoom_txt/meeting_saved_closed_caption.txt": ("zoom_txt", [  # crosses midnight
        ("Maria de los Angeles Ortiz Vega", 0.0, None, None), ("mlee@lincoln-elem.org", 4.0, None, None),
        ("Priya Shah (Principal)", 10.0, None, None), ("Maria de los Angeles Ortiz Vega", 105.0, None, None),
        ("mlee@lincoln-elem.org", 111.0, None, None), ("Priya Shah (Principal)", 120.0, None, None),
    ], {"Maria de los Angeles Ortiz Vega": None, "mlee@lincoln-elem.org": None, "Priya Shah (Principal)": None}),
    "zoom_captions/saved_captions.txt": ("zoom_captions", [
        ("Dana Ruiz", 0.0, None, None), ("Marcus Lee", 5.0, None, None), ("Dana Ruiz", 7.0, None, None),
        ("Marcus Lee", 18.0, None, None), ("Dana Ruiz", 24.0, None, None),
    ], {"Dana Ruiz": None, "Marcus Lee": None}),
    "zoom_captions/cart_captions.txt": ("zoom_captions", [
        ("DANA RUIZ", 0.0, None, None), ("PRIYA SHAH", 6.0, None, None), ("MARCUS LEE", 15.0, None, None),
        ("DANA RUIZ", 21.0, None, None), ("MARCUS LEE", 32.0, None, None),
    ], {"DANA RUIZ": None, "PRIYA SHAH": None, "MARCUS LEE": None}),
    "otter/two_speakers.txt": ("otter_txt", [
        ("Dana Ruiz", 3.0, None, None), ("Marcus Lee", 12.0, None, None), ("Dana Ruiz", 24.0, None, None),
        ("Marcus Lee", 29.0, None, None),
    ], {"Dana Ruiz": None, "Marcus Lee": None}),
    "otter/emergency_episode.txt": ("otter_txt", [
        ("Priya Shah", 3598.0, None, None), ("Dana Ruiz", 3609.0, None, None), ("Marcus Lee", 3617.0, None, None),
        ("Dana Ruiz", 3624.0, None, None), ("Priya Shah", 3630.0, None, None), ("Marcus Lee", 3635.0, None, None),
    ], {"Priya Shah": None, "Dana Ruiz": None, "Marcus Lee": None}),
    "whisperx/diarized.txt": ("whisperx_txt", [
        ("SPEAKER_00", 0.5, 3.9, 3.4), ("SPEAKER_01", 4.6, 11.0, 6.2), ("SPEAKER_00", 12.3, 14.8, 2.5),
        ("SPEAKER_01", 16.1, 21.6, 5.5),
    ], {"SPEAKER_00": 5.9, "SPEAKER_01": 11.7}),
    "whisperx/three_speakers.txt": ("whisperx_txt", [
        ("SPEAKER_02", 1.2, 4.0, 2.8), ("SPEAKER_00", 4.5, 8.5, 4.0), ("SPEAKER_01", 9.0, 13.0, 4.0),
        ("SPEAKER_02", 14.5, 18.5, 4.0), ("SPEAKER_00", 19.0, 22.0, 3.0), ("SPEAKER_01", 23.5, 27.5, 4.0),
    ], {"SPEAKER_02": 6.8, "SPEAKER_00": 7.0, "SPEAKER_01": 8.0}),
    "whisperx/whisperx_writer.txt": ("whisperx_txt", [
        ("SPEAKER_00", None, None, None), ("SPEAKER_01", None, None, None), ("SPEAKER_00", None, None, None),
        ("SPEAKER_01", None, None, None),
    ], {"SPEAKER_00": None, "SPEAKER_01": None}),
    "whisper/whisperx_diarized.json": ("whisper_json", [  # "20" and "26" have no word times: no speech
        ("SPEAKER_00", 0.5, 3.4, 2.4), ("SPEAKER_01", 4.0, 9.4, 3.2), ("SPEAKER_00", 10.5, 12.4, 1.6),
        ("SPEAKER_01", 13.0, 15.9, 2.4),
    ], {"SPEAKER_00": 4.0, "SPEAKER_01": 5.6}),
    "whisper/whisper_three.json": ("whisper_json", [
        ("SPEAKER_02", 0.0, 2.5, 2.5), ("SPEAKER_00", 2.5, 6.0, 3.5), ("SPEAKER_01", 6.8, 11.3, 4.5),
        ("SPEAKER_00", 12.5, 15.0, 2.5), ("SPEAKER_02", 16.2, 20.0, 3.8), ("SPEAKER_01", 20.4, 23.0, 2.6),
    ], {"SPEAKER_02": 6.3, "SPEAKER_00": 6.0, "SPEAKER_01": 7.1}),
    "aws/two_speakers.json": ("aws_json", [
        ("spk_0", 0.5, 5.4, 4.0), ("spk_1", 6.5, 14.9, 6.4), ("spk_0", 16.0, 18.4, 2.0), ("spk_1", 19.5, 23.4, 3.2),
    ], {"spk_0": 6.0, "spk_1": 9.6}),
    "aws/three_speakers.json": ("aws_json", [
        ("spk_2", 0.0, 2.4, 2.0), ("spk_0", 3.0, 6.4, 2.8), ("spk_1", 7.0, 10.4, 2.8), ("spk_2", 11.0, 13.9, 2.4),
        ("spk_0", 14.5, 17.4, 2.4), ("spk_1", 18.5, 22.4, 3.2),
    ], {"spk_2": 4.4, "spk_0": 5.2, "spk_1": 6.0}),
    "podcast/word_level.json": ("podcast_json", [
        ("Dana Ruiz", 0.5, 4.9, 3.6), ("Marcus Lee", 5.5, 8.9, 2.8), ("Dana Ruiz", 10.0, 12.9, 2.4),
        ("Marcus Lee", 13.5, 15.9, 2.0),
    ], {"Dana Ruiz": 6.0, "Marcus Lee": 4.8}),
    "podcast/segment_level.json": ("podcast_json", [  # Marcus's second segment has no endTime: no speech counted
        ("Priya Shah", 0.0, 3.0, 3.0), ("Dana Ruiz", 3.5, 8.0, 4.5), ("Marcus Lee", 9.0, 14.5, 5.5),
        ("Priya Shah", 17.0, 19.5, 2.5), ("Dana Ruiz", 20.0, 23.0, 3.0),
    ], {"Priya Shah": 5.5, "Dana Ruiz": 7.5, "Marcus Lee": 5.5}),
}




@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str) -> None:
    fmt, expected_turns, expected_talk = CASES[rel]
    conversation = read(rel)
    assert conversation.format == fmt
    assert [(t.speaker, t.start, t.end, t.talk) for t in conversation.turns] == expected_turns
    assert talk_time(conversation.turns) == expected_talk
    assert conversation.speakers == list(expected_talk)  # in order of first appearance


def turns_of(rel: str, encoding: str | None = None) -> tuple[Turn, ...]:
    return read(rel, encoding).turns


def test_vtt_character_references_are_decoded() -> None:
    turns = turns_of("vtt/teams_entities.vtt")
    assert turns[0].speaker == "Carlos Farías"
    assert turns[0].text == 'Thanks for staying after the Q&A. What did you hear from the students when you asked "why"?'
    assert turns[1].text == "Mostly <silence>, then one kid said it depends. I moved on too fast, honestly."
    assert turns[3].text == "Hmm. I didn’t wait for a second answer."  # &#8217; and the second voice of a cue


def test_zoom_second_colon_stays_in_text() -> None:
    assert turns_of("vtt/zoom_display_names.vtt")[3].text == "Step one: what would help them start without you?"


def test_silent_wait_is_not_talk() -> None:
    first = turns_of("vtt/silent_wait.vtt")[0]
    assert first.end is not None and first.start is not None
    assert (first.end - first.start, first.talk) == (437.0, 14.0)


def test_silent_wait_changes_the_coach_share() -> None:
    # 7 minutes of waiting room inside the coach's first "turn" are not coach talk
    totals = talk(read("vtt/silent_wait.vtt").with_roles(["Dana Ruiz"]))
    assert (totals.unit, totals.coach, totals.teacher) == ("seconds", 18.0, 22.0)
    assert totals.by_speaker == {"Dana Ruiz": 18.0, "Marcus Lee": 13.0, "Priya Shah": 9.0}


def test_srt_tags_dashes_and_second_line_colon() -> None:
    turns = turns_of("srt/podcast_style.srt")
    assert turns[1].text == "About half of them mixed up area and perimeter. Which surprised me, after the lab."
    assert turns[2].text == "What do you think made the lab not carry over?"
    assert turns[3].text == "We never wrote the formulas down. Note: I only had one day for it."


def test_srt_phrase_label_is_not_a_speaker() -> None:
    turns = turns_of("srt/three_party.srt")
    assert turns[1].text == ("Thanks, Priya. Marcus, here's the question I left you. "
                             "Exit ticket: how many students could explain their answer?")


def test_plain_singleton_phrases_stay_text_and_title_is_skipped() -> None:
    turns = turns_of("text/display_names.txt")
    assert turns[0].line == 4
    assert turns[5].text == "Three of them never started the first problem. Reminder: the fractions unit test is on Friday."
    assert turns[11].text == "What would be on the card? Note to self: bring the blank cards."


def test_legacy_windows_1252_with_encoding() -> None:
    turns = turns_of("text/legacy_cp1252.txt", "cp1252")
    assert [t.speaker for t in turns] == ["Renée Côté", "Mr. Müller", "Renée Côté", "Mr. Müller"]
    assert turns[0].text == "Let’s look at Tuesday’s “exit tickets” first."
    assert turns[3].text == "They skipped the résumé of steps… again."


def test_otter_body_line_with_colon_is_text_and_trailer_dropped() -> None:
    turns = turns_of("otter/emergency_episode.txt")
    assert "Emergency episode" not in talk_time(turns)
    assert turns[0].text == ("Okay, we're recording. Quick context before we start. Emergency episode: "
                             "that's what the kids called Tuesday's fire drill, so expect it to come up.")
    assert turns_of("otter/two_speakers.txt")[3].text == "Most of them just stopped mid-problem. The quick finishers wandered."


def test_zoom_txt_continuation_lines_join() -> None:
    turns = turns_of("zoom_txt/two_party.txt")
    assert turns[0].text == "Thanks for meeting during your planning period. How did the read-aloud go this morning?"
    assert turns[1].text == "Better than Monday. They stayed with the story until the last page."


def test_zoom_captions_continuation_and_unnamed_change() -> None:
    conversation = read("zoom_captions/cart_captions.txt")
    assert conversation.turns[1].text == "Before we do, the bell schedule changed. Fourth period now ends at 1:40."
    lost = [(c.line, c.text) for c in cues("zoom_captions", "zoom_captions/cart_captions.txt") if c.speaker is None]
    assert lost == [(6, "Maybe a second trial of the experiment.")]
    assert conversation.meta["unattributed"] == "1"
    assert all("Maybe a second trial" not in t.text for t in conversation.turns)  # never credited to someone
    assert turns_of("zoom_captions/saved_captions.txt")[2].text == (
        "Let's start with row two, the evidence column. Which part of it felt hardest to score?")


def test_unattributed_segments_are_left_out_not_guessed() -> None:
    lost = [(c.line, c.text, c.start, c.end) for c in cues("whisperx_txt", "whisperx/three_speakers.txt")
            if c.speaker is None]
    assert lost == [(4, "(laughter)", 13.0, 14.0)]
    assert [(c.line, c.text) for c in cues("whisper_json", "whisper/whisper_three.json") if c.speaker is None] == [
        (43, "Mm-hmm.")]


def test_aws_punctuation_attaches_and_words_give_speech() -> None:
    cue = cues("aws_json", "aws/two_speakers.json")[1]
    assert cue.text == "Better than I expected. The talkers are finally apart."
    assert (cue.start, cue.end, cue.speech, cue.line) == (6.5, 10.9, 3.6, 72)


def test_aws_item_speaker_labels_without_segments(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "aws/two_speakers.json").read_text())
    del data["results"]["speaker_labels"]
    (tmp_path / "job.json").write_text(json.dumps(data, indent=2))
    turns = read_transcript(tmp_path / "job.json").turns
    assert [(t.speaker, t.start, t.end, t.talk) for t in turns] == [
        ("spk_0", 0.5, 5.4, 4.0), ("spk_1", 6.5, 14.9, 6.4), ("spk_0", 16.0, 18.4, 2.0), ("spk_1", 19.5, 23.4, 3.2)]


def test_whisperx_words_without_times_add_no_speech() -> None:
    cue = cues("whisper_json", "whisper/whisperx_diarized.json")[1]
    assert (cue.text, cue.start, cue.end, cue.speech, cue.duration) == ("About 20 of 26.", 4.0, 5.9, 0.8, 0.8)


def test_podcast_word_segments_merge_into_turns() -> None:
    turns = turns_of("podcast/word_level.json")
    assert [len(t.text.split()) for t in turns] == [9, 7, 6, 5]
    assert turns[0].text == "What do you want to work on this month?"


WAITS = {
    "vtt/zoom_display_names.vtt": ("Maria de los Angeles Ortiz Vega", [(0, "jkim@lincoln-elem.org", 2.5), (3, "jkim@lincoln-elem.org", 3.0)]),
    "vtt/teams_entities.vtt": ("Carlos Farías", [(0, "Nia Okafor", 2.1), (2, "Nia Okafor", 0.0)]),  # talked over: 0
    "vtt/silent_wait.vtt": ("Dana Ruiz", [(0, "Marcus Lee", 3.0), (3, "Priya Shah", 4.0)]),
    "srt/podcast_style.srt": ("Dana Ruiz", [(0, "Marcus Lee", 1.5), (2, "Marcus Lee", 2.0)]),
    "whisperx/diarized.txt": ("SPEAKER_00", [(0, "SPEAKER_01", 0.7), (2, "SPEAKER_01", 1.3)]),
    "aws/two_speakers.json": ("spk_0", [(0, "spk_1", 1.1), (2, "spk_1", 1.1)]),
    "podcast/word_level.json": ("Dana Ruiz", [(0, "Marcus Lee", 0.6), (2, "Marcus Lee", 0.6)]),
    "podcast/segment_level.json": ("Dana Ruiz", [(1, "Marcus Lee", 1.0)]),
    "otter/two_speakers.txt": ("Dana Ruiz", []),  # no end times, no waits made up
}




def waits(rel: str, coaches: list[str]) -> list[tuple[int, str, float]]:
    conversation = read(rel).with_roles(coaches)
    turns = conversation.turns
    return [(i, turns[i + 1].speaker, s) for i, s in wait_gaps(conversation, questions_only=False)]


@pytest.mark.parametrize("rel", sorted(WAITS))
def test_wait_times(rel: str) -> None:
    coach, expected = WAITS[rel]
    assert waits(rel, [coach]) == expected


def test_wait_skips_coach_to_coach_handover() -> None:
    # Priya hands over to Dana: both coaches here, so only Dana -> Marcus waits are measured.
    assert waits("srt/three_party.srt", ["Dana Ruiz", "Priya Shah"]) == [(1, "Marcus Lee", 1.0), (4, "Marcus Lee", 2.0)]


def test_wait_to_an_observer_counts_and_observer_talk_is_not_teacher_talk() -> None:
    conversation = read("srt/three_party.srt").with_roles(["Dana Ruiz"], observers=["Priya Shah"])
    assert [t.role for t in conversation.turns] == ["observer", "coach", "teacher", "observer", "coach", "teacher"]
    totals = talk(conversation)
    assert (totals.coach, totals.teacher) == (8.5, 7.0)
