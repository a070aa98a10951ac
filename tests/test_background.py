"""play's background build: started at once, a short "reading…" only when a reply has to wait."""

from __future__ import annotations

import threading
import time

import pytest

from convocoach.cli import background
from convocoach.cli.background import BackgroundAnalyzer


def test_a_reply_that_waits_for_the_build_says_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    sentinel = object()

    def slow_build() -> object:
        release.wait(5)
        return sentinel

    monkeypatch.setattr("convocoach.nlp.analyzer.get_analyzer", slow_build)
    waits: list[str] = []
    bg = BackgroundAnalyzer(on_wait=lambda: waits.append("reading…"))
    bg.start()
    assert not bg.ready and bg.ready_at is None
    threading.Timer(background.QUIET_WAIT_S * 2, release.set).start()
    assert bg.get() is sentinel
    assert waits == ["reading…"]
    assert bg.ready and bg.ready_at is not None and bg.ready_at <= time.perf_counter()


def test_a_ready_pipeline_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    sentinel = object()
    monkeypatch.setattr("convocoach.nlp.analyzer.get_analyzer", lambda: sentinel)
    waits: list[str] = []
    bg = BackgroundAnalyzer(on_wait=lambda: waits.append("reading…"))
    bg.start()
    assert bg.get() is sentinel and bg.get() is sentinel
    assert waits == []
