"""Cold start to a shown main window, against a bare PySide6 window, measured in the same run.

Each sample is a fresh process (interpreter start included): the parent takes the wall time from
spawning the child to the child's report that its window got its first Show event.
The app child goes through the real start path (desktop.ui.app.run: integrity check, migrations
check, workspace, main window) on a workspace prepared once with demo data.

    .venv/bin/python bench/bench_startup.py [--runs 7] [--people 5000]

Goal: app ≤ 2 × bare window, and ≤ 1.5 s on the reference machine (2 cores).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1200, 760)
class F(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Show and obj is w:
            print("SHOWN", flush=True); QTimer.singleShot(0, app.quit)
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""

APP = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow
from desktop.paths import Paths
from desktop.ui.app import create_app, run
app = create_app()
class F(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):
            print("SHOWN", flush=True); QTimer.singleShot(0, app.quit)
        return False
f = F(); app.installEventFilter(f)
sys.exit(run(Paths(Path(sys.argv[1]))))
"""


def sample(code: str, *args: str) -> float:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "SHOWN":
            elapsed = time.perf_counter() - t0
            break
    else:
        raise RuntimeError("child never showed its window")
    proc.wait(timeout=60)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--people", type=int, default=5000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        py = [sys.executable, "-m", "desktop", "--data-dir", str(data)]
        subprocess.run([*py, "init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([*py, "demo", "--people", str(args.people), "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
        sample(APP, str(data))  # first run takes the day's automatic backup; not a cold start sample
        bare, app = [], []
        for _ in range(args.runs):  # interleave so machine noise hits both alike
            bare.append(sample(BARE))
            app.append(sample(APP, str(data)))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"cold start, median of {args.runs} runs ({args.people} people in the workspace)")
    print(f"  bare PySide6 window : {b * 1000:7.0f} ms  (min {min(bare) * 1000:.0f})")
    print(f"  app main window     : {a * 1000:7.0f} ms  (min {min(app) * 1000:.0f})")
    print(f"  ratio app/bare      : {a / b:7.2f}   goal ≤ 2.0 ; absolute goal ≤ 1500 ms"
          f" -> {'OK' if a / b <= 2.0 and a <= 1.5 else 'OVER'}")


if __name__ == "__main__":
    main()
