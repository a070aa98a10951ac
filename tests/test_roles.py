"""Who is the coach: --coach names and patterns, a --roles roster for a folder, observers."""

from __future__ import annotations

from pathlib import Path

import pytest

from convocoach.model.errors import InputError
from convocoach.review.roles import Roster, assign_roles, load_roster, matches
from convocoach.transcripts import read_transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


@pytest.mark.parametrize(("pattern", "speaker", "hit"), [
    ("Dana*", "Dana Ruiz", True), ("dana ruiz", "Dana  Ruiz", True), ("*@lincoln-elem.org", "jkim@lincoln-elem.org", True),
    ("Maria*", "Maria de los Angeles Ortiz Vega", True), ("Dana", "Dana Ruiz", False), ("spk_[01]", "spk_2", False),
])
def test_patterns(pattern: str, speaker: str, hit: bool) -> None:
    assert matches(pattern, speaker) is hit


def test_a_coach_pattern_picks_the_speaker() -> None:
    c = assign_roles(read_transcript(FIXTURES / "vtt/zoom_display_names.vtt"), ["*@lincoln-elem.org"])
    assert c.coach == ("jkim@lincoln-elem.org",)
    assert {t.role for t in c.turns if t.speaker != "jkim@lincoln-elem.org"} == {"teacher"}


def test_a_roster_gives_coach_and_observer_for_every_file(tmp_path: Path) -> None:
    roles = tmp_path / "roles.yml"
    roles.write_text('Dana Ruiz: coach\n"Priya*": observer\nMarcus Lee: teacher\n', encoding="utf-8")
    roster = load_roster(roles)
    for rel in ("srt/three_party.srt", "vtt/silent_wait.vtt", "otter/emergency_episode.txt"):
        c = assign_roles(read_transcript(FIXTURES / rel), (), roster)
        assert c.coach == ("Dana Ruiz",)
        assert {t.speaker: t.role for t in c.turns} == {"Dana Ruiz": "coach", "Priya Shah": "observer",
                                                        "Marcus Lee": "teacher"}


def test_coach_option_wins_over_the_roster() -> None:
    roster = Roster((("Dana Ruiz", "coach"), ("Priya Shah", "observer")))
    c = assign_roles(read_transcript(FIXTURES / "srt/three_party.srt"), ["Marcus*"], roster)
    assert c.coach == ("Marcus Lee",) and {t.role for t in c.turns if t.speaker == "Priya Shah"} == {"observer"}


def test_a_roster_without_the_files_coach_says_so(tmp_path: Path) -> None:
    c = read_transcript(FIXTURES / "whisperx/diarized.txt")
    with pytest.raises(InputError) as info:
        assign_roles(c, (), Roster((("Dana Ruiz", "coach"),), "roles.yml"))
    assert "the roster names no coach" in info.value.message and "roles.yml" in (info.value.hint or "")


def test_a_bad_role_is_named_with_its_line(tmp_path: Path) -> None:
    roles = tmp_path / "roles.yml"
    roles.write_text("Dana Ruiz: coach\nMarcus Lee: principal\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_roster(roles)
    assert info.value.line == 2 and "'principal'" in info.value.message and "observer" in info.value.message
    roles.write_text("- Dana Ruiz\n", encoding="utf-8")
    with pytest.raises(InputError, match="mapping of speaker names to roles"):
        load_roster(roles)


def test_only_coaches_and_observers_is_refused() -> None:
    c = read_transcript(FIXTURES / "srt/podcast_style.srt")
    with pytest.raises(InputError, match="no teacher among the speakers"):
        c.with_roles(["Dana Ruiz"], observers=["Marcus Lee"])


def test_terminal_report_names_the_file_the_format_and_every_participant(capsys: pytest.CaptureFixture[str],
                                                                         tmp_path: Path) -> None:
    """Like the HTML and Markdown reports: the file name as title, the format and path in a detail
    line (a long path folds, never cut), the one thing to work on next, and each speaker with their
    role (not one "teacher")."""
    import shutil

    from convocoach.cli import main

    deep = tmp_path.joinpath(*[f"a-rather-long-folder-name-{i}" for i in range(4)])
    deep.mkdir(parents=True)
    path = Path(shutil.copy(Path(__file__).parent / "fixtures" / "transcripts" / "vtt" / "silent_wait.vtt", deep))
    with pytest.raises(SystemExit) as exc:
        main(["review", str(path), "--coach", "Dana Ruiz"])
    out = capsys.readouterr().out.replace("\n", " ")
    assert exc.value.code == 0
    assert "Review: silent_wait.vtt" in out and "read as WebVTT" in out and "Work on this next:" in out
    unwrapped = "".join(out.split())  # a long path folds at the terminal's width, anywhere
    assert str(path).replace(" ", "") in unwrapped
    assert "Marcus Lee (teacher, 2 turns" in out and "Priya Shah (teacher, 2 turns" in out
