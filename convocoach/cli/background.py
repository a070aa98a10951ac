"""The analyzer, built in a background thread while the scenario card and the first line are shown."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.analysis import Analysis
    from ..nlp.analyzer import Analyzer


class BackgroundAnalyzer:
    """The analyzer, built off the main thread so the card and the first line appear at once.

    Building starts at the first `start()` (once the first line is on screen: importing spaCy while
    the card renders would slow the card down) or the first `analyze`.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._result: Analyzer | None = None
        self._exc: BaseException | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="convocoach-analyzer", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        from ..nlp.analyzer import get_analyzer

        try:
            self._result = get_analyzer()
        except BaseException as exc:  # noqa: BLE001 - re-raised in get()
            self._exc = exc

    def get(self) -> Analyzer:
        self.start()
        assert self._thread is not None
        while self._thread.is_alive():
            self._thread.join(0.1)  # short joins keep Ctrl-C responsive
        if self._exc is not None:
            raise self._exc
        assert self._result is not None
        return self._result

    def analyze(self, text: str, previous: str | None) -> Analysis:
        return self.get().analyze(text, previous=previous)
