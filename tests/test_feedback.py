"""Per-move feedback texts, `convocoach explain`, and `convocoach calibrate` (the AUC figure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convocoach.cli import app
from convocoach.cli.common import handle_errors
from convocoach.model.errors import InputError
from convocoach.model.moves import load_moves
from convocoach.scoring.explain import did_you_mean, move_feedback

ANNOMI = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi-dev"
FRAMEWORKS = ("Cognitive Coaching", "Knight", "Aguilar", "MITI", "ISTE", "Lipton", "Eduro")


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run like the `convocoach` script does (handle_errors maps errors to exit codes)."""
    code = handle_errors(lambda: app(args=list(args), prog_name="convocoach", standalone_mode=False))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


@pytest.mark.parametrize("name", load_moves().names)
def test_every_move_has_teaching_feedback(name: str) -> None:
    fb = move_feedback(name)
    assert fb.name == name
    assert fb.title and fb.definition and len(fb.why) > 40 and fb.better
    assert any(f in fb.source for f in FRAMEWORKS), fb.source
    assert fb.examples and fb.valence in ("strength", "growth", "neutral")
    assert fb.to_dict()["name"] == name


def test_growth_moves_explain_the_better_move_and_rewritable_moves_have_examples() -> None:
    for name in load_moves().rewritable:
        fb = move_feedback(name)
        assert fb.valence == "growth" and fb.rewrites, name


def test_unknown_move_has_did_you_mean() -> None:
    with pytest.raises(InputError) as info:
        move_feedback("question.opne")
    assert info.value.hint == "did you mean 'question.open'?"
    assert did_you_mean("closed") == "did you mean 'question.closed'?"
    assert did_you_mean("advise") == "did you mean 'advice'?"
    assert did_you_mean("zzzz") is None


def test_explain_prints_definition_why_source_examples_and_rewrite(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "question.why")
    assert code == 0
    for piece in ("Why-question about an action", "Why it matters", "Source: ", "Cognitive Coaching",
                  "Examples", "Why did you skip the warm-up?", "Rewrites",
                  "→ What was your thinking about the warm-up?",
                  "→ What was your thinking when you decided not to call home?"):
        assert piece in out, piece


def test_explain_with_cli_runner_and_a_strength() -> None:
    result = CliRunner().invoke(app, ["explain", "reflection"])
    assert result.exit_code == 0, result.output
    assert "Reflection (paraphrase)" in result.output and "Build on it" in result.output
    assert "MITI 4.2.1" in result.output and "Rewrites" not in result.output


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "advice", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["name"] == "advice" and data["valence"] == "growth"
    assert {"original": "You should try exit tickets.",
            "rewrite": "What might it look like to try exit tickets?"} in data["rewrites"]
    assert {"original": "Try a turn-and-talk.",
            "rewrite": "What might it look like to try a turn-and-talk?"} in data["rewrites"]


def test_explain_unknown_move_exits_2_with_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "leading")
    assert code == 2 and out == ""
    assert "unknown move 'leading'" in err and "did you mean 'question.leading'?" in err


def _mini_corpus(root: Path) -> Path:
    (root / "annomi_transcripts").mkdir(parents=True)
    rows = [("1", "high"), ("2", "low"), ("3", "high")]
    (root / "annomi_transcripts.jsonl").write_text(
        "\n".join(json.dumps({"transcript_id": int(i), "mi_quality": q}) for i, q in rows) + "\n", encoding="utf-8")
    good = ("Teacher: My class never settles after lunch and I am worn out.\n"
            "Coach: It sounds like the afternoons are wearing you down.\n"
            "Teacher: They really are, every single day this week.\n"
            "Coach: What might be going on in those first few minutes?\n"
            "Teacher: I start talking before they are ready.\n"
            "Coach: So the start is where it slips. What would you like it to look like?\n")
    bad = ("Teacher: My class never settles after lunch and I am worn out.\n"
           "Coach: You should use a timer and you need to call home. Why did you let it get this bad?\n"
           "Teacher: I don't know.\n"
           "Coach: You have to be firmer. Did you try detentions? Did that work?\n")
    (root / "annomi_transcripts" / "1.txt").write_text(good, encoding="utf-8")
    (root / "annomi_transcripts" / "2.txt").write_text(bad, encoding="utf-8")
    (root / "annomi_transcripts" / "3.txt").write_text(good, encoding="utf-8")
    return root


def test_calibrate_on_a_small_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _mini_corpus(tmp_path / "mini")
    code, out, err = run(capsys, "calibrate", str(root), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["n_high"] == 2 and data["n_low"] == 1 and len(data["transcripts"]) == 3
    scores = {t["id"]: t["overall"] for t in data["transcripts"]}
    assert scores["1"] == scores["3"] > scores["2"]
    assert data["auc"] == 1.0
    code, out, _ = run(capsys, "calibrate", str(root))
    assert code == 0 and "ROC AUC (overall, high vs low quality): 1.000" in out
    code, out, _ = run(capsys, "calibrate", str(root), "--min-auc", "0.9")
    assert code == 0
    # Swap the labels: the weak transcript is now "high", so the AUC is 0 and --min-auc fails.
    (root / "annomi_transcripts.jsonl").write_text(
        "\n".join(json.dumps({"transcript_id": i, "mi_quality": q}) for i, q in [(1, "low"), (2, "high")]) + "\n",
        encoding="utf-8")
    code, out, _ = run(capsys, "calibrate", str(root), "--min-auc", "0.9")
    assert code == 1 and "below --min-auc 0.9" in out


def test_calibrate_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "calibrate", str(tmp_path))
    assert code == 2 and "annomi_transcripts.jsonl" in err
    root = _mini_corpus(tmp_path / "mini")
    bad_rubric = Path(__file__).parent / "fixtures" / "rubrics" / "unknown_metric.yml"
    code, _, err = run(capsys, "calibrate", str(root), "--rubric", str(bad_rubric))
    assert code == 2 and "unknown_metric.yml:6:5" in err


@pytest.mark.skipif(not ANNOMI.is_dir(), reason="AnnoMI dev split not available")
def test_overall_score_separates_high_and_low_quality_annomi_dev() -> None:
    """The calibration figure: ROC AUC of `overall` for high vs low MI quality, target >= 0.90."""
    from convocoach.evaluate.calibrate import calibrate

    result = calibrate(ANNOMI)
    assert result.n_high == 38 and result.n_low == 8
    assert result.auc >= 0.90, f"AUC {result.auc:.3f}"


def test_rubric_with_real_analyses_and_rewrites() -> None:
    """End to end: analyzer -> rubric with suggest_rewrite -> things to try quote and rewrite the coach."""
    from convocoach.model.conversation import Conversation, Turn
    from convocoach.nlp.analyzer import get_analyzer
    from convocoach.scoring.rewrites import suggest_rewrite
    from convocoach.scoring.score import score

    an = get_analyzer()
    lines = [
        ("teacher", "My fourth period never settles after lunch."),
        ("coach", "You should try exit tickets."),
        ("teacher", "Hm."),
        ("coach", "You need to set clear expectations."),
    ]
    turns = tuple(Turn(i, "coach" if role == "coach" else "teacher", role.title(), text,
                       analysis=an.analyze(text, lines[i - 1][1]) if role == "coach" else None)
                  for i, (role, text) in enumerate(lines))
    result = score(Conversation("test", "test", turns), rewrite=suggest_rewrite)
    advice = next(t for t in result.to_try if t.move == "advice")
    assert advice.turns == [1, 3]
    assert advice.example and advice.example.startswith("You should try")
    assert advice.rewrite == "What might it look like to try exit tickets?"


def test_rubric_command_shows_and_checks_rubrics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rubric")
    assert code == 0
    for piece in ("convocoach-default", "Dimensions", "listening", "Bands", "reflection_to_question",
                  "ISTE 4.3.a Cultivate Coaching Relationships"):
        assert piece in out, piece
    code, out, _ = run(capsys, "rubric", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["bands"]["open_question_share"]["good"] == 0.7 and data["iste"][0]["indicator"]
    rubrics = Path(__file__).parent / "fixtures" / "rubrics"
    code, out, _ = run(capsys, "rubric", str(rubrics / "listening_only.yml"))
    assert code == 0 and "listening-only" in out
    code, out, err = run(capsys, "rubric", str(rubrics / "unknown_dimension.yml"))
    assert code == 2 and out == "" and "unknown_dimension.yml:4:3" in err and "did you mean 'listening'?" in err
