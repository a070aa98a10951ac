"""Formats are recognised by content first: every fixture, renamed files, chat logs, stray files."""

from __future__ import annotations

from pathlib import Path

import pytest

from convocoach.transcripts import FORMAT_NAMES, READERS, TRANSCRIPT_SUFFIXES, sniff_format

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


EXPECTED: dict[str | None, list[str]] = {
    "vtt": ["vtt/zoom_display_names.vtt", "vtt/teams_entities.vtt", "vtt/silent_wait.vtt", "vtt/bad/spanish_colons.vtt",
            "vtt/bad/malformed_timing.vtt"],
    "srt": ["srt/podcast_style.srt", "srt/three_party.srt", "srt/bad/malformed_timing.srt"],
    "text": ["text/display_names.txt", "text/timestamps.txt", "text/bad/malformed_stamp.txt"],
    "zoom_txt": ["zoom_txt/two_party.txt", "zoom_txt/meeting_saved_closed_caption.txt", "zoom_txt/bad/bad_time.txt"],
    "zoom_captions": ["zoom_captions/saved_captions.txt", "zoom_captions/cart_captions.txt",
                      "zoom_captions/bad/unlabelled_captions.txt", "zoom_captions/bad/bad_clock.txt"],
    "zoom_chat": ["zoom_chat/meeting_saved_chat.txt", "zoom_chat/cloud_recording_chat.txt"],
    "otter_txt": ["otter/two_speakers.txt", "otter/emergency_episode.txt", "otter/bad/bad_time.txt"],
    "whisperx_txt": ["whisperx/diarized.txt", "whisperx/three_speakers.txt", "whisperx/whisperx_writer.txt",
                     "whisperx/bad/not_diarized.txt"],
    "whisper_json": ["whisper/whisperx_diarized.json", "whisper/whisper_three.json", "whisper/bad/not_diarized.json",
                     "whisper/bad/truncated.json"],
    "aws_json": ["aws/two_speakers.json", "aws/three_speakers.json", "aws/bad/truncated.json"],
    "podcast_json": ["podcast/word_level.json", "podcast/segment_level.json"],
    None: ["text/bad/SOURCES.txt"],
}




@pytest.mark.parametrize("fmt,rel", [(f, r) for f, rels in EXPECTED.items() for r in rels])
def test_sniff_fixture(fmt: str | None, rel: str) -> None:
    path = FIXTURES / rel
    assert sniff_format(path.read_text(encoding="utf-8"), path.name) == fmt


@pytest.mark.parametrize("fmt,rel", [(f, rels[0]) for f, rels in EXPECTED.items() if f])
def test_sniff_ignores_a_misleading_extension(fmt: str, rel: str) -> None:
    text = (FIXTURES / rel).read_text(encoding="utf-8")
    assert sniff_format(text, "download.txt") == fmt
    assert sniff_format(text, "") == fmt


def test_sniff_odd_inputs() -> None:
    assert sniff_format("", "x.vtt") is None
    assert sniff_format("   \n\n", "x.txt") is None
    assert sniff_format('{"turns": [{"speaker": "Coach", "text": "Hi"}]}', "s.json") == "json"
    assert sniff_format('[{"speaker": "Coach", "text": "Hi"}]', "s.json") == "json"
    assert sniff_format('{"title": "not a transcript"}', "s.json") is None
    assert sniff_format("speaker,text\nCoach,Hi\nAna,Hello\n", "s.csv") == "csv"
    assert sniff_format("[NA]: hello\n[NA]: again\nAna Ruiz: hi\n", "") == "text"  # brackets are not JSON
    assert sniff_format("00:00:01,000 --> 00:00:02,000\nAna: hi\n", "") == "srt"  # SRT without cue numbers


def test_every_reader_has_a_name_and_the_extensions_keep_their_defaults() -> None:
    assert set(READERS) <= set(FORMAT_NAMES)
    assert {f for f in EXPECTED if f} <= set(READERS)
    assert {s: TRANSCRIPT_SUFFIXES[s] for s in (".vtt", ".srt", ".txt", ".json", ".csv")} == {
        ".vtt": "vtt", ".srt": "srt", ".txt": "text", ".json": "json", ".csv": "csv"}


def test_sniff_bracketed_names_are_not_json() -> None:
    assert sniff_format("[[NA]] 11:02:09\nhello\n\n[Ana Ruiz] 11:02:15\nhi\n", "x.txt") == "zoom_txt"
