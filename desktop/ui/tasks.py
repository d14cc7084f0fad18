"""Background work: run a function off the GUI thread and get its result (or error) back on it.

``fn`` receives a ``progress(done, total)`` callable and a ``cancelled()`` callable; results and
errors are delivered through Qt signals, so slots run on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _emit(self, signal_name: str, *args: Any) -> None:
        try:
            getattr(self.signals, signal_name).emit(*args)
        except RuntimeError:  # the receiver side is gone (window closed, application quitting)
            log.info("background task finished after its window closed; result dropped")

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(lambda d, t: self._emit("progress", int(d), int(t)), self.is_cancelled)
        except Exception as exc:  # delivered to the GUI thread, which decides how to show it
            log.exception("background task failed")
            self._emit("failed", exc)
        else:
            self._emit("done", result)


_running: set[Task] = set()


def run_task(fn: Callable[..., Any], on_done: Callable[[Any], None], on_error: Callable[[Exception], None],
             on_progress: Callable[[int, int], None] | None = None) -> Task:
    task = Task(fn)
    _running.add(task)
    task.signals.done.connect(on_done)
    task.signals.failed.connect(on_error)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    task.signals.done.connect(lambda _r: _running.discard(task))
    task.signals.failed.connect(lambda _e: _running.discard(task))
    QThreadPool.globalInstance().start(task)
    return task
