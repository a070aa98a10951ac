"""The public Python API gives the same objects as the command line's JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import convocoach
from convocoach.model.analysis import Analysis
from convocoach.model.errors import InputError
from convocoach.nlp.analyzer import Utterance

from conftest import Run

FIXTURES = Path(__file__).parent / "fixtures"


def test_import_loads_no_spacy() -> None:
    code = "import sys, convocoach; print(any(m == 'spacy' or m.startswith('spacy.') for m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"


def test_analyze_is_analyze_format_json(run: Run) -> None:
    text, previous = "So the groups stalled. What did you notice first?", "They just sat there."
    code, out, _err = run("analyze", text, "--previous", previous, "--format", "json")
    assert code == 0
    analysis = convocoach.analyze(text, previous=previous)
    assert isinstance(analysis, Analysis)
    assert analysis.to_dict() == json.loads(out)
    assert [m.name for m in analysis.moves] == [m["name"] for m in json.loads(out)["moves"]]


def test_analyze_refuses_empty_text() -> None:
    with pytest.raises(InputError, match="empty"):
        convocoach.analyze("   ")


def test_analyze_many_is_analyze_file_jsonl(run: Run, tmp_path: Path) -> None:
    rows: list[dict[str, str | None]] = [{"id": "a", "text": "Have you tried exit tickets?", "previous": "Nobody finishes."},
            {"id": "b", "text": "It sounds like the timing felt rushed.", "previous": None},
            {"id": "c", "text": "Great job today!", "previous": "I tried your idea."}]
    path = tmp_path / "u.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, _err = run("analyze", "--file", str(path), "--format", "jsonl")
    assert code == 0
    expected = [json.loads(line) for line in out.splitlines()]
    assert [a.to_dict() for a in convocoach.analyze_many(rows)] == expected
    pairs = [(str(r["text"]), r["previous"]) for r in rows]
    assert [a.moves for a in convocoach.analyze_many(pairs)] == [a.moves for a in convocoach.analyze_many(rows)]
    as_utterances = [Utterance(str(r["text"]), r["previous"], r["id"]) for r in rows]
    assert [a.to_dict() for a in convocoach.analyze_many(as_utterances, jobs=2)] == expected


def test_analyze_many_takes_plain_texts_and_refuses_other_things() -> None:
    (analysis,) = convocoach.analyze_many(["What are you noticing?"])
    assert analysis.previous is None and analysis.stance == "coaching"
    with pytest.raises(InputError, match="cannot analyse int"):
        list(convocoach.analyze_many([42]))  # type: ignore[list-item]


def test_review_file_is_review_format_json(run: Run) -> None:
    path = FIXTURES / "transcripts" / "ok" / "teams_bom.vtt"
    code, out, _err = run("review", str(path), "--coach", "Jordan Kim", "--format", "json")
    assert code == 0
    assert convocoach.review_file(path, coach="Jordan Kim").to_json_dict() == json.loads(out)
    with pytest.raises(InputError, match="cannot tell who the coach is"):
        convocoach.review_file(path)


def test_the_package_is_typed() -> None:
    assert (Path(convocoach.__file__).parent / "py.typed").is_file()
    assert set(convocoach.__all__) >= {"analyze", "analyze_many", "review_file"}
