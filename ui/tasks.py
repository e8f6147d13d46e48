"""Background work: a read lane (searches, reads) and one write lane; results come back queued."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    finished = Signal(object, object)  # (result, error)
    progressed = Signal(object)


class _Task(QRunnable):
    """Runs func(); next_func(result, error) is then called on the GUI thread."""

    def __init__(self, func: Callable, next_func: Callable | None, on_done: Callable):
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it alive until finished arrives
        self.func = func
        self.signals = _Signals()
        if next_func is not None:
            self.signals.finished.connect(next_func)
        self.signals.finished.connect(lambda *_: on_done(self))

    def run(self) -> None:
        try:
            result, error = self.func(), None
        except BaseException as e:  # every error goes back to the GUI, never lost in a thread
            result, error = None, e
        self.signals.finished.emit(result, error)


class Lanes(QObject):
    """Two single-thread pools: reads never wait for a long import, writes run one at a time."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(1)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._running: set[_Task] = set()

    def read(self, func: Callable, next_func: Callable | None = None) -> None:
        """Run a reading call (search, document) in the background."""
        self._start(self.read_pool, func, next_func)

    def write(self, func: Callable, next_func: Callable | None = None) -> None:
        """Run a writing call on the one write lane."""
        self._start(self.write_pool, func, next_func)

    def busy_writing(self) -> bool:
        return self.write_pool.activeThreadCount() > 0

    def _start(self, pool: QThreadPool, func, next_func) -> None:
        task = _Task(func, next_func, self._running.discard)
        self._running.add(task)
        pool.start(task)

    def wait(self, ms: int = -1) -> bool:
        """Wait for both lanes to finish (on close and in tests)."""
        return self.write_pool.waitForDone(ms) and self.read_pool.waitForDone(ms)


class ProgressRelay(QObject):
    """A callable for on_progress that re-emits Progress on the GUI thread."""

    progressed = Signal(object)

    def __call__(self, progress) -> None:
        self.progressed.emit(progress)
