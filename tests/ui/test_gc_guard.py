"""The cycle collector runs on the GUI thread only (desktop.ui.gc_guard): a worker thread that allocates
past the thresholds does not collect; the GUI thread's timer does."""

from __future__ import annotations

import gc
import threading

from desktop.ui.app import create_app
from desktop.ui.gc_guard import MainThreadCollector


class _Cycle:
    def __init__(self):
        self.me = self


def test_the_application_collects_cycles_on_its_own_thread(qtbot):
    app = create_app()
    guard = app.findChild(MainThreadCollector)
    assert guard is not None and not gc.isenabled()
    assert create_app().findChildren(MainThreadCollector) == [guard]  # installed once

    seen: list[int] = []

    def worker():
        for _ in range(gc.get_threshold()[0] * 3):
            _Cycle()
        seen.append(gc.get_count()[0])

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen[0] > gc.get_threshold()[0]  # the worker allocated past the threshold and did not collect
    qtbot.waitUntil(lambda: gc.get_count()[0] <= gc.get_threshold()[0], timeout=5000)  # the GUI timer did
