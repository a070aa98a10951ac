"""Lexicon files: strict schema, located errors, extension directories."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Iterator

import pytest

from convocoach.model.errors import InputError, InputErrors
from convocoach.nlp.lexicons import load_lexicons
from convocoach.nlp.analyzer import Analyzer

GOOD = """\
lexicon: district-words
version: 1
label: DISTRICT
move: invitational
valence: strength
entries:
  - id: DST-001
    pattern: "what would our students say"
    message: "'{match}' brings the students' view in."
    examples:
      match: ["So, what would our students say about it?"]
      no_match: ["What did the students say?"]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    d = tmp_path / "lex"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.mark.parametrize(
    "text,location,fragment",
    [
        (GOOD.replace("    pattern:", "    patern:"), ":8:5", "entries[0].patern: unknown key"),
        (GOOD.replace('    pattern: "what would our students say"', '    pattern: [{LOWER: "x", OP: "+-"}]'),
         ":8:14", "OP must be one of"),
        (GOOD.replace("label: DISTRICT", "label: district words"), ":3:8", "label"),
        (GOOD.replace("move: invitational", "move: invitation"), "", "unknown move 'invitation'"),
        (GOOD.replace("      match:", "      matches:"), ":11:7", "entries[0].examples.matches: unknown key"),
        (GOOD + "  - id: DST-001\n    pattern: 'x'\n    examples: {match: ['x']}\n", "", "already used"),
        ("lexicon: x\n  label: [\n", ":2:8", "YAML syntax error"),
        ("lexicon: x\nlexicon: y\n", ":2:1", "duplicate key 'lexicon'"),
        ("!!python/object:os.system {}\n", ":1:1", "no !!python tags"),
    ],
)
def test_malformed_lexicon_names_file_line_and_key(tmp_path: Path, text: str, location: str, fragment: str) -> None:
    d = write(tmp_path, "district.yml", text)
    with pytest.raises((InputError, InputErrors)) as info:
        load_lexicons([d])
    message = str(info.value)
    assert "district.yml" + location in message, message
    assert fragment in message, message


def test_extra_lexicon_directory_extends_the_builtin_set(tmp_path: Path) -> None:
    from convocoach.nlp.analyzer import get_analyzer

    d = write(tmp_path, "district.yml", GOOD)
    analyzer = get_analyzer([d])
    a = analyzer.analyze("So, what would our students say about it?")
    assert any(m.rule == "DST-001" and m.name == "invitational" for m in a.moves)
    assert any(m.name == "question.open" for m in a.moves)  # built-in rules still apply
    assert analyzer.lexicon_hash != get_analyzer().lexicon_hash


def test_cli_reports_bad_lexicon_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from convocoach.cli import main

    d = write(tmp_path, "district.yml", GOOD.replace("    pattern:", "    patern:"))
    with pytest.raises(SystemExit) as info:
        main(["analyze", "Hello there", "--lexicons", str(d)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "district.yml:8:5: entries[0].patern: unknown key" in err
    assert "Traceback" not in err


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import convocoach.nlp.analyzer as analyzer_mod
    from convocoach.cli import main

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(analyzer_mod, "get_analyzer", interrupted)
    with pytest.raises(SystemExit) as info:
        main(["analyze", "Did it work?"])
    assert info.value.code == 130
    assert "Traceback" not in capsys.readouterr().err


def test_analysis_streams_without_reading_all_input(analyzer: Analyzer) -> None:
    from convocoach.nlp.analyzer import Utterance

    pulled = 0

    def source() -> Iterator[Utterance]:
        nonlocal pulled
        for i in range(100_000):
            pulled += 1
            yield Utterance(f"Did it work this time, number {i}?")

    stream = analyzer.analyze_many(source(), batch_size=64)
    first = next(stream)
    assert first.moves and pulled <= 1_000  # a batch or so ahead, not the whole input


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], analyzer: Analyzer) -> None:
    from convocoach.cli import main

    data = '{"id": "x", "text": "Tell me more.", "previous": "It was chaos."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode()), encoding="utf-8"))
    with pytest.raises(SystemExit) as info:
        main(["analyze", "--file", "-", "--jsonl", "--format", "jsonl"])
    assert info.value.code in (0, None)
    assert '"id": "x"' in capsys.readouterr().out


def test_builtin_lexicons_compile_to_phrases_only() -> None:
    """Every built-in token pattern expands into PhraseMatcher phrases: one pattern left for the
    token Matcher makes it run on every Doc (a measured ~7% of analysis time)."""
    import spacy

    from convocoach.nlp.lexicons import load_lexicons, span_ruler_patterns
    from convocoach.nlp.components import lower_tokens
    from convocoach.nlp.pipeline import speech_dashes

    nlp = spacy.blank("en")
    speech_dashes(nlp)
    patterns = span_ruler_patterns(load_lexicons([]), tokenize=lower_tokens(nlp))
    left = sorted({p["id"] for p in patterns if not isinstance(p["pattern"], str)})
    assert not left, f"these entries stay token patterns (too many expansions?): {left}"


def test_every_word_set_is_read_by_the_code() -> None:
    """A word set no module names is dead data (and a reader would think it matters)."""
    import ast

    import yaml

    root = Path(__file__).resolve().parents[1]
    data = yaml.safe_load((root / "lexicons" / "wordsets.yml").read_text(encoding="utf-8"))
    names = {name for section in ("sets", "lists", "maps") for name in (data.get(section) or {})}
    strings = {node.value for path in (root / "convocoach").rglob("*.py")
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert len(names) > 100
    assert sorted(names - strings) == []
