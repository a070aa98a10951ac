"""Every malformed transcript fixture: the first wrong thing, named, with file:line (and column), and
the format it was read as; no message says "overlapping" for a repeat, no hint suggests "interviewee"."""

from __future__ import annotations

from pathlib import Path

import pytest

from convocoach.model.errors import InputError
from convocoach.transcripts import FORMAT_NAMES, detect_format, parse_transcript, read_transcript, sniff_format
from convocoach.transcripts.base import decode

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def error_of(text: str, name: str = "x.vtt") -> InputError:
    with pytest.raises(InputError) as info:
        parse_transcript(text, name, sniff_format(text, name) or "text")
    return info.value


# fixture -> (message, line, col)
BAD: dict[str, tuple[str, int, int | None]] = {
    "vtt/bad/malformed_timing.vtt": ("malformed timestamp '00:00:61.000' (seconds must be 00-59)", 8, 1),
    "vtt/bad/duplicated_timing.vtt": ("duplicated timing line: the same as line 8 (a cue cannot have two)", 9, 1),
    "vtt/bad/out_of_order.vtt": ("cue starts at 00:00:03.000, before the cue at line 6 (00:00:14.000): "
                                 "cues are out of time order", 9, None),
    "vtt/bad/spanish_colons.vtt": ("these captions have no speaker labels: their colons are mid-sentence "
                                   "('miles de trabajadores:' continues the caption before it)", 10, None),
    "vtt/bad/unlabelled.vtt": ("these captions have no speaker labels (no cue starts with a name that "
                               "recurs, like 'Dana Ruiz:')", 3, None),
    "vtt/bad/no_header.vtt": ("expected a WebVTT file to start with 'WEBVTT'", 1, 1),
    "srt/bad/malformed_timing.srt": ("malformed timestamp '00:01:60,000' (seconds must be 00-59)", 6, 1),
    "srt/bad/only_end_wrong.srt": ("malformed timestamp '00:00:06;000'", 6, 18),
    "srt/bad/duplicated_timing.srt": ("duplicated timing line: the same as line 6 (a cue cannot have two)", 7, 1),
    "srt/bad/ends_before_start.srt": ("cue ends (00:00:05.000) before it starts (00:00:09.000)", 6, None),
    "text/bad/SOURCES.txt": ("no speaker turns found: no 'Name:' at the start of a line recurs (a label seen once is text, not a speaker)", 1, None),
    "text/bad/malformed_stamp.txt": ("malformed timestamp '00:75:10' (minutes must be 00-59)", 3, 2),
    "zoom_txt/bad/bad_time.txt": ("malformed timestamp '14:61:40' (minutes must be 00-59)", 4, 14),
    "zoom_txt/bad/text_before_header.txt": ("expected a '[Name] hh:mm:ss' header line, found "
                                            "'Meeting notes from Tuesday'", 1, 1),
    "zoom_captions/bad/unlabelled_captions.txt": ("these captions have no speaker labels (no cue "
                                                  "starts with a name that recurs, like 'Dana Ruiz:')", 1, None),
    "zoom_captions/bad/bad_clock.txt": ("malformed timestamp '10:15:75' (seconds must be 00-59)", 2, 1),
    "zoom_chat/meeting_saved_chat.txt": ("this is a Zoom chat log (messages typed in the meeting "
                                         "chat), not a transcript of speech", 1, None),
    "zoom_chat/cloud_recording_chat.txt": ("this is a Zoom chat log (messages typed in the meeting "
                                           "chat), not a transcript of speech", 1, None),
    "otter/bad/bad_time.txt": ("malformed timestamp '0:75' (seconds must be 00-59)", 4, 13),
    "otter/bad/out_of_order.txt": ("cue starts at 00:00:10.000, before the cue at line 1 "
                                   "(00:00:30.000): cues are out of time order", 4, None),
    "whisperx/bad/bad_time.txt": ("malformed timestamp '0:00:75.0' (seconds must be 00-59)", 2, 2),
    "whisperx/bad/ends_before_start.txt": ("cue ends (00:00:05.000) before it starts (00:00:09.000)", 2, None),
    "whisperx/bad/not_diarized.txt": ("no speaker labels: this WhisperX output was not diarised", 1, None),
    "whisper/bad/not_diarized.json": ("no segment has a speaker: this Whisper output was not diarised", 4, None),
    "whisper/bad/missing_end.json": ("missing 'end'", 30, None),
    "whisper/bad/truncated.json": ("not valid JSON: Unterminated string starting at", 252, 7),
    "aws/bad/not_diarized.json": ("no speaker labels: this AWS Transcribe job ran without speaker partitioning", 5, None),
    "aws/bad/bad_time.json": ("start_time '1.5.0' is not a time in seconds", 287, None),
    "aws/bad/truncated.json": ("not valid JSON: Unterminated string starting at", 380, 26),
    "podcast/bad/missing_body.json": ('segment has no "body" string', 22, None),
    "podcast/bad/ends_before_start.json": ("cue ends (00:00:07.500) before it starts (00:00:09.000)", 16, None),
}




@pytest.mark.parametrize("rel", sorted(BAD))
def test_bad_fixture(rel: str) -> None:
    message, line, col = BAD[rel]
    with pytest.raises(InputError) as info:
        read_transcript(FIXTURES / rel)
    err = info.value
    fmt = detect_format(FIXTURES / rel, (FIXTURES / rel).read_text(encoding="utf-8"))
    assert (err.message, err.line, err.col) == (f"{message} (read as {FORMAT_NAMES[fmt]})", line, col)
    assert err.path == str(FIXTURES / rel) and str(err).startswith(f"{FIXTURES / rel}:{line}")
    assert err.hint, "every error says what to do"
    for banned in ("interviewee", "unknown speaker", "overlapping"):
        assert banned not in str(err).lower()


def test_aws_json_line_points_at_the_item() -> None:
    lines = (FIXTURES / "aws/bad/bad_time.json").read_text().split("\n")
    assert lines[287 - 1].strip() == "{"
    assert '"start_time": "1.5.0"' in lines[288]


def test_spanish_line_is_the_caption_text() -> None:
    lines = (FIXTURES / "vtt/bad/spanish_colons.vtt").read_text().split("\n")
    assert lines[10 - 1].startswith("miles de trabajadores:")


def test_first_timestamp_is_named_when_both_are_wrong() -> None:
    err = error_of("WEBVTT\n\n00:00:01.000 --> 00:00:72.000\nDana Ruiz: a\n\n00:03.000 --> 00:99.000\nDana Ruiz: b\n")
    assert (err.message, err.line, err.col) == (
        "malformed timestamp '00:00:72.000' (seconds must be 00-59) (read as WebVTT)", 3, 18)
    err = error_of("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nDana Ruiz: a\n")
    assert err.message == "malformed cue timing '00:00:01.000 -> 00:00:02.000' (expected 'start --> end') (read as WebVTT)"


def test_same_timing_different_speakers_is_not_an_error() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Yes.\n\n00:00:01.000 --> 00:00:02.000\n<v Ben>No.\n"
    turns = parse_transcript(text, "x.vtt", "vtt").turns
    assert [(t.speaker, t.start, t.end) for t in turns] == [("Ana", 1.0, 2.0), ("Ben", 1.0, 2.0)]


def test_repeated_cue_is_named_as_repeated_not_overlapping() -> None:
    err = error_of("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Yes.\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Yes.\n")
    assert (err.message, err.line) == ("this cue repeats the cue at line 3 (same times and text) (read as WebVTT)", 6)
    assert "overlap" not in str(err)


def test_decode_names_the_first_bad_byte_and_suggests_encoding() -> None:
    with pytest.raises(InputError) as info:
        decode((FIXTURES / "text/legacy_cp1252.txt").read_bytes(), "legacy.txt")
    err = info.value
    assert (err.message, err.line, err.col) == ("not valid UTF-8 text (byte 0xe9)", 1, 4)
    assert "--encoding cp1252" in (err.hint or "")
    with pytest.raises(InputError) as info:
        decode(b"x", "x.txt", "klingon")
    assert info.value.message == "unknown encoding 'klingon'"


def test_decode_boms_and_line_ends() -> None:
    assert decode("\ufeffWEBVTT\r\n\r\nx".encode("utf-8"), "x") == "WEBVTT\n\nx"
    assert decode("Ana: hi\r\nBen: ho".encode("utf-16"), "x") == "Ana: hi\nBen: ho"
    assert decode("Ren\u00e9e: hi\r\n".encode("cp1252"), "x", "cp1252") == "Ren\u00e9e: hi\n"


def test_srt_two_different_timing_lines_in_a_row() -> None:
    err = error_of("1\n00:00:01,000 --> 00:00:02,000\n00:00:03,000 --> 00:00:04,000\nAna: hi\n", "x.srt")
    assert (err.message, err.line) == ("a second timing line right after line 2 (a cue cannot have two) (read as SRT)", 3)


def test_the_coach_hint_suggests_a_person_who_asks() -> None:
    conversation = parse_transcript("Interviewee: I teach grade 4.\nDana Ruiz: What stood out?\n"
                                    "Interviewee: The quiet ones.\nDana Ruiz: Which ones?\n", "x.txt", "text")
    with pytest.raises(InputError) as info:
        conversation.with_roles()
    assert "--coach \"Dana Ruiz\"" in (info.value.hint or "") and "Interviewee" not in (info.value.hint or "")
