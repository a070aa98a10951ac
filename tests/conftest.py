"""Shared fixtures: the analysis pipeline is built once per test session."""

from __future__ import annotations

import io
import sys
from typing import Any, Callable

import pytest
from spacy.language import Language

from convocoach.nlp.analyzer import Analyzer
from convocoach.nlp.analyzer import get_analyzer as _real_analyzer

#: run(*args, input=None) -> (exit code, stdout, stderr)
Run = Callable[..., tuple[int, str, str]]


def real_doc(text: str, previous: str | None = None) -> Any:
    """The real pipeline's Doc of a text: the keyword fakes that stand in for the analyzer in CLI tests
    use it, so that rewrites (which read the Doc) work as they do in use."""
    return _real_analyzer().doc(text, previous)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    from convocoach.nlp.analyzer import get_analyzer

    return get_analyzer()


@pytest.fixture(scope="session")
def nlp(analyzer: Analyzer) -> Language:
    return analyzer.nlp


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
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
