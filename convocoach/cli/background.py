"""The analyzer, built in a background thread while the scenario card and the first line are shown."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..model.analysis import Analysis
    from ..nlp.analyzer import Analyzer

#: How long a reply may wait for the pipeline before the "reading…" indicator is shown.
QUIET_WAIT_S = 0.15


class BackgroundAnalyzer:
    """The analyzer, built off the main thread so the card and the first line appear at once.

    Building (spaCy's import, then the pipeline from the build cache) starts at the first `start()`
    or the first `analyze`. `on_wait` is called once when a reply has to wait for the build for
    more than a moment (the session shows "reading…"); `ready_at` is when the build finished
    (time.perf_counter()).
    """

    def __init__(self, on_wait: Callable[[], None] | None = None) -> None:
        self._thread: threading.Thread | None = None
        self._result: Analyzer | None = None
        self._exc: BaseException | None = None
        self.on_wait = on_wait
        self.ready_at: float | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="convocoach-analyzer", daemon=True)
            self._thread.start()

    @property
    def ready(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    def _run(self) -> None:
        from ..nlp.analyzer import get_analyzer

        try:
            self._result = get_analyzer()
        except BaseException as exc:  # noqa: BLE001 - re-raised in get()
            self._exc = exc
        self.ready_at = time.perf_counter()

    def get(self) -> Analyzer:
        self.start()
        assert self._thread is not None
        self._thread.join(QUIET_WAIT_S)
        if self._thread.is_alive() and self.on_wait is not None:
            self.on_wait()
        while self._thread.is_alive():
            self._thread.join(0.1)  # short joins keep Ctrl-C responsive
        if self._exc is not None:
            raise self._exc
        assert self._result is not None
        return self._result

    def analyze(self, text: str, previous: str | None) -> Analysis:
        return self.get().analyze(text, previous=previous)
