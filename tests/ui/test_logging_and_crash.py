"""The window writes logs/thidua.log (as the user guide tells officers), apologises for an uncaught
exception instead of dying silently, leaves logs/crash.log after a hard crash, and Trợ giúp → Gửi
báo lỗi… saves a .zip of logs and facts with no personal data."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.app import diagnostics
from desktop.core.records import Records
from desktop.ui.app import SMOKE_QUIT_ENV, create_app
from desktop.ui.main_window import MainWindow
from tests.ui.test_trust_ui import check, on_next_modal

NAME, CCCD = "Trần Thị Bích Ngọc", "001190012345"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def logged(paths):
    """The app's log handler on the root logger for this test only."""
    root = logging.getLogger()
    before = list(root.handlers), root.level
    handler = diagnostics.setup_logging(paths)
    yield diagnostics.log_file(paths)
    handler.close()
    root.handlers[:] = before[0]
    root.setLevel(before[1])


def test_entry_point_sets_up_the_log_before_the_window(paths, monkeypatch):
    """python -m desktop with no command: logging to logs/thidua.log is in place when the window starts."""
    import desktop.__main__ as entry
    from desktop.ui import app as app_module

    root = logging.getLogger()
    before = list(root.handlers), root.level
    seen = []
    monkeypatch.setattr(app_module, "run", lambda p: seen.append(
        [h.baseFilename for h in root.handlers if isinstance(h, logging.FileHandler)]) or 0)
    try:
        assert entry.main(["--data-dir", str(paths.data_dir)]) == 0
    finally:
        for h in root.handlers:
            if h not in before[0]:
                h.close()
        root.handlers[:] = before[0]
        root.setLevel(before[1])
    assert len(seen) == 1 and str(paths.log_dir / "thidua.log") in seen[0]


def test_window_writes_the_log_and_the_crash_log(qtbot, workspace, paths, monkeypatch, logged):
    """The window (started as python -m desktop starts it) logs into logs/thidua.log of the data
    folder, the file the guide tells officers to send: no officer name in it, CCCDs masked; and it
    opens logs/crash.log for faulthandler."""
    from desktop.ui import app as app_module

    create_app()
    workspace.dispose()
    monkeypatch.setenv(SMOKE_QUIT_ENV, "1")
    assert app_module.run(paths) == 0
    logging.getLogger("desktop.test").warning("a line with %s in it", CCCD)
    text = logged.read_text(encoding="utf-8")
    assert "window started, version" in text
    assert "a line with [CCCD] in it" in text and CCCD not in text
    assert "Nguyễn Thị Hoa" not in text  # the officer of the workspace fixture
    assert (paths.log_dir / "crash.log").read_text(encoding="utf-8").startswith("--- ")


def test_uncaught_exceptions_are_logged_and_apologised_for(qtbot, workspace, paths, logged):
    """An exception nothing caught, on the GUI thread or a worker thread: its trace goes to the log
    and the officer reads an apology in Vietnamese that says where the details are."""
    from desktop.ui.bug_report import install_excepthooks

    create_app()
    window = MainWindow(workspace, paths)
    qtbot.addWidget(window)
    window.show()
    saved = sys.excepthook, threading.excepthook
    restore = install_excepthooks(paths, lambda: window)
    try:
        texts: list[str] = []

        def read_and_close(box):
            assert isinstance(box, QMessageBox)
            texts.append(box.text())
            box.buttons()[0].click()

        state = on_next_modal(read_and_close)

        def broken_slot():
            raise ValueError("hỏng ở khe 42")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(texts) or state["error"] is not None, timeout=5000)
        check(state)
        assert "lỗi không mong muốn" in texts[0] and "Gửi báo lỗi" in texts[0] and "thidua.log" in texts[0]

        state = on_next_modal(read_and_close)
        worker = threading.Thread(target=lambda: 1 / 0, name="worker-x")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(texts) == 2 or state["error"] is not None, timeout=5000)
        check(state)
    finally:
        restore()
        sys.excepthook, threading.excepthook = saved
    log_text = logged.read_text(encoding="utf-8")
    assert "uncaught exception" in log_text and "ValueError: hỏng ở khe 42" in log_text
    assert "uncaught exception in thread worker-x" in log_text and "ZeroDivisionError" in log_text


def test_hard_crash_leaves_crash_log(tmp_path):
    """A crash in C code (a fatal signal) kills the process before any Python handler runs:
    faulthandler, enabled on logs/crash.log, writes the stacks there."""
    data = tmp_path / "data"
    code = ("import sys, faulthandler; from pathlib import Path; from desktop.shared.paths import Paths; "
            "from desktop.app.diagnostics import install_crash_log; "
            "install_crash_log(Paths(Path(sys.argv[1]))); faulthandler._sigsegv()")
    run = subprocess.run([sys.executable, "-c", code, str(data)], cwd=REPO, capture_output=True, timeout=60)
    assert run.returncode != 0
    text = (data / "logs" / "crash.log").read_text(encoding="utf-8")
    assert "started" in text and "Fatal Python error" in text and "Segmentation fault" in text


def test_bug_report_from_the_help_menu_has_logs_and_facts_but_no_personal_data(qtbot, workspace, paths, logged,
                                                                                 monkeypatch, tmp_path):
    from desktop.store.migrate import head_revision

    create_app()
    Records(workspace.session, "Nguyễn Thị Hoa").create(
        "person", {"full_name": NAME, "sex": "nu", "category": "nhan_dan", "cccd": CCCD}, accept_warnings=True)
    logging.getLogger("desktop.test").warning("looked at %s (%s)", NAME, CCCD)  # a careless log line
    (paths.log_dir / "thidua.log.1").write_text(f"old line: {NAME} / Tran Thi Bich Ngoc {CCCD}\n", encoding="utf-8")
    (paths.log_dir / "crash.log").write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    window = MainWindow(workspace, paths)
    qtbot.addWidget(window)
    window.show()
    target = tmp_path / "out" / "bao-loi"
    target.parent.mkdir()
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: asked.append(a) or (str(target), "")))
    help_menu = window.menuBar().actions()[-1].menu()
    action = next(a for a in help_menu.actions() if a.text() == "Gửi báo lỗi…")
    told: list[str] = []
    state = on_next_modal(lambda box: (told.append(box.text()), box.buttons()[0].click()))
    action.trigger()
    qtbot.waitUntil(lambda: bool(told) or state["error"] is not None, timeout=10000)
    check(state)
    saved = target.with_name("bao-loi.zip")
    assert asked and str(saved) in told[0] and "thư điện tử" in told[0]
    with zipfile.ZipFile(saved) as z:
        names = set(z.namelist())
        assert {"thong-tin.json", "logs/thidua.log", "logs/thidua.log.1", "logs/crash.log"} <= names
        everything = "\n".join(z.read(n).decode("utf-8") for n in names)
        info = json.loads(z.read("thong-tin.json"))
    for secret in (NAME, "Tran Thi Bich Ngoc", CCCD, "Nguyễn Thị Hoa", "Lê Văn Minh"):
        assert secret not in everything
    assert "looked at [HỌ TÊN] ([CCCD])" in everything and "Segmentation fault" in everything
    assert info["app_version"] and info["os"] and info["qt_version"]
    assert info["schema_version"] == head_revision()
    assert info["record_counts"]["person"] == 1 and info["workspace"] == {"kind": "commune", "unit_code": "09319"}
