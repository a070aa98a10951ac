"""Shared fixtures: the analysis pipeline is built once per test session."""

from __future__ import annotations

import io
import sys

import pytest


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    from convocoach.nlp.analyzer import get_analyzer

    return get_analyzer()


@pytest.fixture(scope="session")
def nlp(analyzer):  # type: ignore[no-untyped-def]
    return analyzer.nlp


@pytest.fixture
def run(capsys, monkeypatch):  # type: ignore[no-untyped-def]
    """Run the real entry point in-process: (exit code, stdout, stderr)."""
    from convocoach.cli import main

    def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
        if input is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(input.encode("utf-8")), encoding="utf-8"))
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return _run
