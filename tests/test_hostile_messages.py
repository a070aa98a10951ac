"""Programme files that are wrong: a message naming file:line:col and the key, exit 2, never exit 3;
folders with nothing in them say so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convocoach.model.errors import InputError, InputErrors
from test_hostile_input import cli, one_reply

LEXICON = """\
lexicon: programme-words
version: 1
label: PROGRAMME
move: invitational
valence: strength
entries:
  - id: PRG-001
    pattern: [{LOWER: "suppose"}, {LOWER: "we"}]
    examples:
      match: ["Suppose we start small?"]
"""
PATTERN_LINE = 8


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


def _lexicons(tmp_path: Path, text: str, name: str = "programme.yml") -> Path:
    d = tmp_path / "lex"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def _problems(exc: BaseException) -> list[InputError]:
    assert isinstance(exc, (InputError, InputErrors)), repr(exc)
    return [exc] if isinstance(exc, InputError) else exc.errors


# --------------------------------------------------------------------------- programme lexicons


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ('[{LOWER: {REGEX: "(unclosed"}}, {LOWER: "we"}]',
         "entries[0].pattern[0].LOWER.REGEX: invalid regular expression: missing ), unterminated subpattern"),
        ('[{LOWR: "suppose"}, {LOWER: "we"}]', "entries[0].pattern[0].LOWR: unknown token attribute 'LOWR'"),
        ('[{LOWER: "suppose"}, {LENGTH: "long"}]', "entries[0].pattern[1].LENGTH:"),
        ('[{LOWER: "suppose"}, {IS_ALPHA: "yes"}]', "entries[0].pattern[1].IS_ALPHA:"),
        ('[{LOWER: {REGEX: 12}}, {LOWER: "we"}]', "entries[0].pattern[0].LOWER.REGEX: REGEX must be text"),
    ],
)
def test_bad_token_patterns_are_located_not_crashes(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], pattern: str,
                                                    words: str) -> None:
    d = _lexicons(tmp_path, LEXICON.replace('[{LOWER: "suppose"}, {LOWER: "we"}]', pattern))
    code, _, err = cli(capsysbinary, "analyze", "Suppose we start small?", "--lexicons", str(d))
    assert code == 2, err
    assert f"{d / 'programme.yml'}:{PATTERN_LINE}:" in err and words in err, err
    assert "internal error" not in err


def test_unknown_attribute_suggests_the_known_one(tmp_path: Path) -> None:
    from convocoach.nlp.lexicons import load_lexicons, span_ruler_patterns

    text = LEXICON.replace('{LOWER: "we"}', '{LEMMMA: "we"}')
    d = _lexicons(tmp_path, text)
    with pytest.raises(InputErrors) as info:
        span_ruler_patterns(load_lexicons([d]))
    (err,) = info.value.errors
    col = text.splitlines()[PATTERN_LINE - 1].index("LEMMMA") + 1
    assert (err.line, err.col) == (PATTERN_LINE, col) and err.hint and err.hint.startswith("did you mean 'LEMMA'?")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attr=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=2, max_size=10))
def test_any_unknown_attribute_is_an_input_error_with_its_place(tmp_path: Path, attr: str) -> None:
    from spacy.schemas import TokenPattern

    from convocoach.nlp.lexicons import load_lexicons, span_ruler_patterns

    if attr in {f.alias or n for n, f in TokenPattern.model_fields.items()} or attr.lower() in TokenPattern.model_fields:
        return
    d = tmp_path / f"lex-{attr}"
    d.mkdir(exist_ok=True)
    (d / "p.yml").write_text(LEXICON.replace('{LOWER: "we"}', f'{{{attr}: "we"}}'), encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        span_ruler_patterns(load_lexicons([d]))
    errors = info.value.errors
    assert errors and all(e.line == PATTERN_LINE for e in errors), [str(e) for e in errors]
    import yaml

    if isinstance(next(iter(yaml.safe_load(f"{attr}: 1"))), str):  # not a YAML word such as FALSE or NULL
        assert [("unknown token attribute" in e.message) for e in errors] == [True]


def test_lexicon_problems_name_the_line_of_the_key(tmp_path: Path) -> None:
    from convocoach.nlp.lexicons import load_lexicons

    builtin = next(iter(load_lexicons().entries))  # an id the built-in set already uses
    text = LEXICON.replace("move: invitational", "move: invitationl").replace("PRG-001", builtin)
    with pytest.raises(InputErrors) as info:
        load_lexicons([_lexicons(tmp_path, text)])
    found = {e.message.split(":")[0]: (e.line, e.hint) for e in info.value.errors}
    assert found["move"][0] == 4 and "did you mean 'invitational'?" in (found["move"][1] or "")
    assert found["entries[0].id"][0] == 7


def test_a_lexicons_folder_without_lexicons_says_so(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a lexicon", encoding="utf-8")
    for args in (["analyze", "What now?"], ["rules"], ["review", str(tmp_path / "t.txt")]):
        (tmp_path / "t.txt").write_text("Coach: What now?\nTeacher: Hmm.\n", encoding="utf-8")
        code, _, err = cli(capsysbinary, *args, "--lexicons", str(empty))
        assert code == 2 and f"{empty}: no lexicon files (*.yml) in this directory" in err, (args, err)


def test_scenario_validate_of_an_empty_folder_says_so(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, _, err = cli(capsysbinary, "scenario", "validate", str(tmp_path))
    assert code == 2 and f"{tmp_path}: no scenario files (*.yml, *.yaml) in this directory" in err


# --------------------------------------------------------------------------- lines where a line is known


def test_zero_weights_name_the_weights_line(tmp_path: Path) -> None:
    from convocoach.scoring.rubric import load_rubric

    p = tmp_path / "r.yml"
    p.write_text("rubric: zero\n\nweights:\n  listening: 0\ndimensions:\n  listening:\n    reflection_to_question: 1\n"
                 "bands:\n  reflection_to_question: {fair: 1.0, good: 2.0}\n", encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_rubric(p)
    (err,) = [e for e in info.value.errors if "at least one weight" in e.message]
    assert err.line == 3


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07"])
@pytest.mark.parametrize("kind", ["lexicon", "scenario", "rubric"])
def test_control_bytes_in_yaml_name_line_and_column(tmp_path: Path, char: str, kind: str) -> None:
    from convocoach.nlp.lexicons import load_lexicons
    from convocoach.scoring.rubric import load_rubric
    from convocoach.practice.scenario import load_scenario

    text = {"lexicon": LEXICON, "scenario": "id: x\ntitle: T\n", "rubric": "rubric: r\nweights:\n  talk: 1\n"}[kind]
    lines = text.splitlines()
    lines[1] = lines[1][:3] + char + lines[1][3:]
    p = tmp_path / f"{kind}.yml"
    p.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    load: Callable[[], object] = {"lexicon": lambda: load_lexicons([_lexicons(tmp_path, p.read_text(encoding="utf-8"))]),
            "scenario": lambda: load_scenario(p), "rubric": lambda: load_rubric(p)}[kind]
    with pytest.raises((InputError, InputErrors)) as info:
        load()
    (err,) = _problems(info.value)
    assert (err.line, err.col) == (2, 4), str(err)


def test_submission_problems_name_the_line_of_the_attempt(tmp_path: Path) -> None:
    from convocoach.programme.assignment import load_assignment
    from convocoach.programme.grading import check_submission
    from convocoach.programme.submission import load_submission

    assignment = load_assignment(Path(__file__).parent / "fixtures" / "programme" / "assignment.yml")
    attempts = [{"scenario": s.id, "scenario_version": s.version, "record": {"turns": []}}
                for s in assignment.scenarios] + [
        {"scenario": "not-in-it", "scenario_version": 1, "record": {"turns": []}}]
    p = tmp_path / "sub.json"
    p.write_text(json.dumps({"schema_version": "1", "kind": "convocoach.submission",
                             "assignment": {"id": assignment.id}, "participant": {"id": "p"},
                             "attempts": attempts}, indent=1), encoding="utf-8")
    line = next(i for i, text in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "not-in-it" in text) - 1
    with pytest.raises(InputError) as info:
        check_submission(load_submission(p), assignment)
    assert info.value.line == line and "not part of assignment" in info.value.message


def test_a_record_of_another_scenario_names_the_line_of_its_id(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    rec = tmp_path / "rec.json"
    rec.write_text('{"schema_version": "1", "kind": "convocoach.session",\n "seed": 0,\n'
                   ' "scenario": {\n  "id": "some-other-scenario"},\n "turns": []}\n', encoding="utf-8")
    code, _, err = cli(capsysbinary, "play", "veteran-partner-agreement", "--resume", str(rec), "--replies",
                       str(one_reply(tmp_path)))
    assert code == 2 and f"{rec}:4: the record is for scenario 'some-other-scenario'" in err


def test_continuing_someone_elses_submission_names_the_line(tmp_path: Path) -> None:
    from convocoach.programme.assignment import load_assignment
    from convocoach.programme.attempts import submission_to_continue

    assignment = load_assignment(Path(__file__).parent / "fixtures" / "programme" / "assignment.yml")
    p = tmp_path / "sub.json"
    p.write_text(json.dumps({"schema_version": "1", "kind": "convocoach.submission",
                             "assignment": {"id": assignment.id}, "participant": {"id": "someone"},
                             "attempts": []}, indent=1), encoding="utf-8")
    line = next(i for i, text in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if '"someone"' in text)
    with pytest.raises(InputError) as info:
        submission_to_continue(p, assignment, "me")
    assert info.value.line == line and "belongs to participant 'someone'" in info.value.message
