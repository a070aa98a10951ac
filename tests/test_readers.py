"""Transcript readers: every ok fixture parses to the expected turns; every bad one names file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from convocoach.model.errors import InputError
from convocoach.transcripts import READERS, base, read_transcript
from convocoach.transcripts.base import parse_time

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
OK = FIXTURES / "ok"
BAD = FIXTURES / "bad"


def turns(name: str) -> list[tuple[str, str]]:
    return [(t.speaker, t.text) for t in read_transcript(OK / name).turns]


def test_zoom_vtt_merges_consecutive_cues_and_keeps_times() -> None:
    t = read_transcript(OK / "zoom.vtt")
    assert t.format == "vtt"
    assert [x.speaker for x in t.turns] == ["Coach", "Maria Lopez", "Coach", "Maria Lopez"]
    first = t.turns[0]
    assert first.text == "Thanks for making time today. What are you noticing about the reading group?"
    assert (first.start, first.end, first.line) == (1.0, 7.0, 4)
    # a multi-line cue is one piece of text
    assert t.turns[2].text.endswith("getting lost. What might help them hold on to the steps?")


def test_teams_vtt_voice_tags_bom_crlf_note_and_style() -> None:
    t = read_transcript(OK / "teams_bom.vtt")
    assert [x.speaker for x in t.turns] == ["Jordan Kim", "Sam Patel", "Jordan Kim", "Sam Patel"]
    assert t.turns[1].text == "Sure. How did it go for you from where you were standing?"
    assert t.turns[1].start == pytest.approx(3.9) and t.turns[1].end == pytest.approx(8.0)
    assert t.turns[2].text == "It felt rushed. I never got to the exit ticket. The kids were restless."
    assert all("NOTE" not in x.text and "cue" not in x.text and "<" not in x.text for x in t.turns)


def test_srt_speaker_prefixes_tags_and_continuation_cues() -> None:
    t = read_transcript(OK / "session.srt")
    assert t.format == "srt"
    assert [x.speaker for x in t.turns] == ["Coach", "Teacher", "Coach", "Teacher"]
    assert t.turns[2].text == "What do you make of that? What else?"  # <i>Coach:</i> and an unlabelled cue
    assert (t.turns[2].start, t.turns[2].end, t.turns[2].line) == (9.5, 13.0, 10)


def test_plain_text_preamble_continuation_and_timestamps() -> None:
    t = read_transcript(OK / "timestamps.txt")
    assert [(x.speaker, x.text, x.start) for x in t.turns] == [
        ("Coach", "Hi Jess. How was the week?", 1.0),
        ("Jess", "Busy. Really busy.", 6.0),
        ("Coach", "What made it busy?", 12.0),
        ("Jess", "Report cards.", 20.0),
    ]


def test_play_session_record() -> None:
    t = read_transcript(OK / "play_session.json")
    assert [x.speaker for x in t.turns] == ["Ms. Alvarez", "Coach", "Ms. Alvarez", "Coach"]
    assert t.turns[3].text == "It sounds like continuity matters a lot to you."
    assert t.with_roles().coach == ("Coach",)


def test_json_role_field_marks_the_coach() -> None:
    t = read_transcript(OK / "roles.json").with_roles()
    assert t.coach == ("Dana",)
    assert [(x.speaker, x.role, x.start, x.end) for x in t.turns] == [
        ("Teacher", "teacher", None, None), ("Dana", "coach", 2.0, 4.0), ("Ms. Reed", "teacher", 7.5, None)]


def test_csv_with_header_and_without() -> None:
    t = read_transcript(OK / "session.csv")
    assert [(x.speaker, x.start, x.end) for x in t.turns] == [
        ("Coach", 0.0, 4.0), ("Teacher", 7.0, 9.0), ("Coach", 9.5, 11.0), ("Teacher", 11.2, 13.0)]
    assert t.turns[2].text == 'Say more about "okay".'
    assert turns("noheader.csv") == [("Coach", "What stood out to you?"), ("Teacher", "The quiet kids talked.")]


@pytest.mark.parametrize("name", ["crlf.txt", "bom.txt", "utf16.txt", "utf16le_nobom.txt"])
def test_encodings_and_line_ends(name: str) -> None:
    t = read_transcript(OK / name)
    assert [x.speaker for x in t.turns][:2] == ["Coach", "Teacher"]
    assert all("\r" not in x.text and "\ufeff" not in x.text and "\x00" not in x.text for x in t.turns)
    if name == "utf16.txt":
        assert t.turns[0].text == "Qu'est-ce que tu remarques ? Café."


def test_talking_over_the_previous_cue_is_allowed() -> None:
    # people talk over each other: only a start before the previous start is out of order
    t = read_transcript(OK / "talk_over.vtt")
    assert [(x.speaker, x.start, x.end, x.talk) for x in t.turns] == [
        ("Coach", 1.0, 9.0, 8.0), ("Teacher", 3.0, 5.0, 2.0)]


def test_content_sniffing_beats_a_misleading_extension(tmp_path: Path) -> None:
    p = tmp_path / "zoom_export.txt"
    p.write_text((OK / "zoom.vtt").read_text())
    assert read_transcript(p).format == "vtt"
    # and a plain "Name: text" file saved as .vtt is read as the plain text it is
    t = read_transcript(OK / "plain_named.vtt")
    assert (t.format, t.speakers) == ("text", ["Coach", "Teacher"])


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("empty.txt", 1, "empty"),
        ("blank_lines.txt", 1, "empty"),
        ("single_speaker.txt", 1, "only one speaker"),
        ("no_speakers.txt", 1, "no speaker turns"),
        ("malformed_timestamp.txt", 2, "malformed timestamp '00:75:02'"),
        ("malformed_timestamp.vtt", 6, "malformed cue timing"),
        ("malformed_timestamp.srt", 6, "malformed timestamp '00:0x:04,000'"),
        ("malformed_time.csv", 3, "malformed start time 'soon'"),
        ("out_of_order.srt", 6, "before the cue at line 2 (00:00:05.000): cues are out of time order"),
        ("binary.txt", 1, "binary file"),
        ("not_utf8.txt", 1, "not valid UTF-8"),
        ("bad.json", 3, "not valid JSON"),
        ("wrong_shape.json", 1, '"turns" list'),
        ("short_row.csv", 3, "at least 2 columns"),
    ],
)
def test_bad_input_names_file_and_line(name: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        read_transcript(BAD / name)
    err = info.value
    assert err.path is not None and err.path.endswith(name)
    assert err.line == line, str(err)
    assert words in err.message, str(err)
    assert str(err).startswith(f"{err.path}:{line}")


def test_every_bad_fixture_is_covered() -> None:
    covered = {p.name for p in BAD.iterdir()}
    tested = {"empty.txt", "blank_lines.txt", "single_speaker.txt", "no_speakers.txt", "malformed_timestamp.txt",
              "malformed_timestamp.vtt", "malformed_timestamp.srt", "malformed_time.csv",
              "out_of_order.srt", "binary.txt", "not_utf8.txt", "bad.json", "wrong_shape.json",
              "short_row.csv", "no_coach.txt"}
    assert covered == tested


def test_no_coach_lists_speakers_and_how_to_choose() -> None:
    t = read_transcript(BAD / "no_coach.txt")
    with pytest.raises(InputError) as info:
        t.with_roles()
    text = str(info.value)
    assert "'Maria', 'Sam'" in text and "--coach" in text


def test_coach_names_are_case_insensitive_and_repeatable() -> None:
    t = read_transcript(OK / "teams_bom.vtt")
    assert t.with_roles(["SAM PATEL"]).coach == ("Sam Patel",)
    with pytest.raises(InputError, match="every speaker is a coach"):
        t.with_roles(["sam patel", "jordan kim"])
    with pytest.raises(InputError, match="no speaker named 'Pat'"):
        t.with_roles(["Pat"])


def test_size_limit_refuses_big_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_BYTES", 100)
    p = tmp_path / "big.txt"
    p.write_text("Coach: hello there\nTeacher: hi\n" * 10)
    with pytest.raises(InputError, match=r"too large .*limit is 100 bytes"):
        read_transcript(p)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_transcript(tmp_path / "nope.vtt")
    with pytest.raises(InputError, match="directory"):
        read_transcript(tmp_path)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("00:01:02.500", 62.5), ("1:02", 62.0), ("01:00:00,000", 3600.0), ("12.5", 12.5), ("00:61", None),
     ("soon", None), ("-3", None), ("nan", None)],
)
def test_parse_time(text: str, seconds: float | None) -> None:
    assert parse_time(text) == seconds


def test_plain_bare_times_in_text_are_words_not_timestamps() -> None:
    from convocoach.transcripts.plain import parse_plain

    t = parse_plain("Coach: When works?\nTeacher: Hmm.\n10:30 works for me.\n", "x.txt")
    assert t.turns[1].text == "Hmm. 10:30 works for me." and t.turns[1].start is None


def test_urls_are_not_speakers() -> None:
    from convocoach.transcripts.plain import parse_plain

    t = parse_plain("Coach: See this.\nhttps://example.org/x\nTeacher: Thanks.\n", "x.txt")
    assert t.turns[0].text == "See this. https://example.org/x"


def test_hostile_text_survives_unchanged(tmp_path: Path) -> None:
    p = tmp_path / "h.txt"
    line = 'Coach: <script>alert(1)</script> \u202eevil <img src=x onerror="x()">'
    p.write_text(line + "\nTeacher: ok\n", encoding="utf-8")
    assert read_transcript(p).turns[0].text == line.split(": ", 1)[1]


def test_unknown_coach_name_falls_back_to_the_files_own_coach() -> None:
    # batch runs pass one --coach for many files; a file with a speaker named Coach still works
    assert read_transcript(OK / "zoom.vtt").with_roles(["Sam Patel"]).coach == ("Coach",)


# --------------------------------------------------------------------------- robustness

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "WEBVTT", "\n", "\n\n", "Coach: ", "Teacher: ", "<v Sam>", "</v>", "00:00:01.000 --> 00:00:02.000",
    "00:00:01,000 --> 00:00:02,000", "1", "NOTE x", "STYLE", "-->", "[00:00:01] ", "[99:99] ", '{"turns": [',
    '{"speaker": "Coach", "text": "hi"}', "]}", ",", '"', "speaker,text,start", "\r\n", "\u202e", "\ufeff", "é",
    "What?", " ", ":", "<b>", "12.5",
    "[Dana Ruiz] 10:00:01", "Speaker 1  0:05", "[0:00:01.0 - 0:00:02.5] SPEAKER_00 - ", "[SPEAKER_01]: ",
    "10:00:02 >> DANA: ", "10:00:03 From Ana to Everyone:", '{"segments": [', '{"start": 1, "end": 2, "text": "hi"',
    '"speaker": "SPEAKER_00"', '{"startTime": 1, "body": "x"', '{"results": {"items": [',
    '{"start_time": "1.0", "end_time": "1.5", "alternatives": [{"content": "hi"}]}', '"speaker_labels": {"segments": [',
    "&amp;", "&#237;", "Note: ",
])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=30), st.sampled_from(sorted(READERS)))
def test_readers_raise_only_input_errors(pieces: list[str], fmt: str) -> None:
    from convocoach.transcripts import parse_transcript
    from convocoach.transcripts.base import decode

    text = "".join(pieces)
    try:
        t = parse_transcript(decode(text.encode("utf-8"), "fuzz"), "fuzz", fmt)
    except InputError:
        return
    assert len(t.speakers) >= 2 and all(x.text.strip() for x in t.turns)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.txt", "a.vtt", "a.srt", "a.json", "a.csv"]))
def test_any_bytes_give_a_transcript_or_an_input_error(data: bytes, name: str) -> None:
    from convocoach.transcripts import detect_format, parse_transcript
    from convocoach.transcripts.base import decode

    try:
        text = decode(data, name)
        parse_transcript(text, name, detect_format(Path(name), text))
    except InputError:
        pass


def test_play_record_marks_requests_for_advice() -> None:
    t = read_transcript(OK / "play_session.json")
    assert [x.requested_advice for x in t.turns] == [False, False, True, False]
