"""The built wheel carries lexicons/, scenarios/, moves.yml and py.typed, and gives the same analysis from any directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the wheel")
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([uv, "build", "--wheel", "--out-dir", str(out), str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    wheels = list(out.glob("convocoach-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contains_lexicons_and_scenarios(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for lex in (ROOT / "lexicons").glob("*.yml"):
        assert f"convocoach/_data/lexicons/{lex.name}" in names
    for scenario in (ROOT / "scenarios").glob("*.yml"):
        assert f"convocoach/_data/scenarios/{scenario.name}" in names
    assert "convocoach/scoring/rubric_default.yml" in names
    assert "convocoach/model/moves.yml" in names
    assert "convocoach/py.typed" in names  # the public API is typed for its users' checkers
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[spacy_factories]" in text and "convocoach = convocoach.nlp.components:make_convocoach" in text


def test_installed_wheel_gives_the_same_analysis_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv is not None
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    proc = subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python), str(wheel)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = "Have you tried exit tickets? I wonder what you noticed."
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    installed = subprocess.run([str(venv / "bin" / "convocoach"), "analyze", text, "--format", "json"],
                               cwd=elsewhere, capture_output=True, text=True, env=env)
    assert installed.returncode == 0, installed.stderr
    here = subprocess.run([sys.executable, "-m", "convocoach", "analyze", text, "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True)
    assert json.loads(installed.stdout)["moves"] == json.loads(here.stdout)["moves"]
    located = subprocess.run([str(python), "-c", "from convocoach.io.bundled import builtin_dir; print(builtin_dir('lexicons'))"],
                             cwd=elsewhere, capture_output=True, text=True, env=env)
    assert "site-packages" in located.stdout
