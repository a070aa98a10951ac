"""Shared fixtures: the analysis pipeline is built once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    from convocoach.analyzer import get_analyzer

    return get_analyzer()


@pytest.fixture(scope="session")
def nlp(analyzer):  # type: ignore[no-untyped-def]
    return analyzer.nlp
