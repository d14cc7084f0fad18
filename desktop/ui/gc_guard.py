"""Python's cycle collector on the GUI thread only.

The collector runs in whatever thread happens to allocate when a generation's threshold is crossed. When
that is a worker (desktop.ui.tasks: a review check, an import), it may free the last Python reference to
a Qt object owned by the GUI thread, and the process dies with a segmentation fault (seen in CI: a
collection inside SQLAlchemy's compiler on a worker thread while the review page was open). As in
qutebrowser's garbage collector, automatic collection is turned off and a timer on the GUI thread
collects, by generation, whenever the thresholds are crossed. Reference counting still frees most
objects at once; only cycles wait for the timer."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject):
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int:
        return collect_due()


def collect_due() -> int:
    """Collect, on the calling thread, the oldest generation whose threshold is crossed (what the
    interpreter would have done itself); how many unreachable objects were found."""
    counts, limits = gc.get_count(), gc.get_threshold()
    if counts[0] <= limits[0]:
        return 0
    generation = 2 if counts[2] > limits[2] else 1 if counts[1] > limits[1] else 0
    return gc.collect(generation)


def install(app: QObject) -> MainThreadCollector:
    """Once per application: the collector lives as long as ``app``."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
