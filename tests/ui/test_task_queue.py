"""Background work and the window's lifetime; one queue for everything that writes the workspace.

A job that holds the queue (an export still running, as far as the window knows) makes "later"
deterministic: nothing queued behind it starts until the test releases it.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from desktop.store.backup import check_sqlite_file, list_backups
from desktop.ui import main_window as main_window_module
from desktop.ui import prompts
from desktop.ui.app import create_app, start
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import run_task, workspace_queue


@pytest.fixture
def errors(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: seen.append(text))
    return seen


@pytest.fixture
def hold_queue(qtbot):
    """Occupy the workspace queue with a job that waits for the test's go."""
    release = threading.Event()
    started = threading.Event()

    def occupy():
        def work(_p, _c):
            started.set()
            assert release.wait(10), "the test never released the queue"

        run_task(work, lambda _r: None, lambda _e: None, workspace="export")
        assert started.wait(5)
        return release

    yield occupy
    release.set()
    qtbot.waitUntil(workspace_queue().idle, timeout=10000)


def _backup_action(window):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == "Sao lưu ngay")


def test_backup_result_dropped_when_the_window_closed_and_was_deleted(qtbot, workspace, paths, errors, hold_queue):
    """Sao lưu ngay, then the window closes (and is deleted) before the backup ends: the backup is
    still made, its result finds no window and is dropped — no RuntimeError on a deleted label."""
    create_app()
    window = MainWindow(workspace, paths)
    window.show()
    release = hold_queue()
    _backup_action(window).trigger()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    qtbot.waitUntil(lambda: any(b.reason == "thu-cong" for b in list_backups(paths.backup_dir)), timeout=10000)
    qtbot.waitUntil(workspace_queue().idle, timeout=10000)
    qtbot.wait(50)  # the queued result is delivered (or, as here, dropped) now
    assert errors == []


def test_close_waits_for_the_startup_backup(qtbot, workspace, paths, errors, hold_queue, monkeypatch):
    """The window is closed while the start-up backup still waits behind an export: it stays (saying
    it waits), the backup is made and its result delivered, then the window closes by itself."""
    create_app()
    workspace.dispose()
    window = MainWindow(None, paths)
    qtbot.addWidget(window)
    window.show()
    release = hold_queue()
    with qtbot.waitSignal(window.ready):
        assert start(window, paths)
    window.close()
    assert window.isVisible() and "Đang chờ công việc đang chạy" in window.statusBar().currentMessage()
    release.set()
    qtbot.waitUntil(lambda: any(b.reason == "tu-dong" for b in list_backups(paths.backup_dir)), timeout=10000)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert "Bản sao lưu gần nhất" in window.overview.backup_label.text()  # told before closing
    assert errors == []
    window.db.dispose()


def test_two_backups_at_once_wait_their_turn(qtbot, workspace, paths, errors, hold_queue, monkeypatch):
    """Two "Sao lưu ngay" while an export holds the workspace: both wait (and the officer reads
    why), then run one after the other; two good backups, no error about disk space."""
    create_app()
    window = MainWindow(workspace, paths)
    qtbot.addWidget(window)
    window.show()
    active, overlap, calls = [0], [0], []
    real = main_window_module.make_backup

    def tracked(*args, **kwargs):
        active[0] += 1
        overlap[0] = max(overlap[0], active[0])
        try:
            calls.append(real(*args, **kwargs))
            return calls[-1]
        finally:
            active[0] -= 1

    monkeypatch.setattr(main_window_module, "make_backup", tracked)
    release = hold_queue()
    action = _backup_action(window)
    action.trigger()
    action.trigger()
    assert "Đang xuất tệp dữ liệu, vui lòng chờ" in window._progress.labelText()
    qtbot.wait(50)
    assert calls == []  # neither started beside the export
    release.set()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=10000)
    qtbot.waitUntil(lambda: window._progress is None, timeout=10000)
    assert overlap[0] == 1
    assert errors == []
    assert calls[0] != calls[1]
    for path in calls:
        check_sqlite_file(path)
    assert sum(b.reason == "thu-cong" for b in list_backups(paths.backup_dir)) == 2
    assert "Đã sao lưu" in window.statusBar().currentMessage()


def test_receipt_import_waits_for_the_job_writing_the_workspace(qtbot, workspace, paths, errors, hold_queue,
                                                                monkeypatch, tmp_path):
    """Gửi dữ liệu → Nhận tệp từ Sở Nội vụ… (a receipt) while an export still writes: the receipt is written
    after it, never beside it."""
    from PySide6.QtWidgets import QFileDialog

    from desktop.app import commune
    from desktop.ui.bundle_ui import import_receipt

    create_app()
    window = MainWindow(workspace, paths)
    qtbot.addWidget(window)
    receipt = tmp_path / "bien-nhan.json"
    receipt.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(receipt), "")))
    monkeypatch.setattr(prompts, "inform", lambda *a: None)
    release = hold_queue()
    seen = []
    monkeypatch.setattr(commune, "import_statement", lambda db, p, data: seen.append(release.is_set()) or "ok")
    threading.Timer(0.2, release.set).start()
    assert import_receipt(window)
    assert seen == [True] and errors == []


def test_backup_when_closing_waits_for_the_job_running(qtbot, workspace, paths, errors, hold_queue, monkeypatch):
    """The window closes with unsaved changes while an export still writes: the closing backup is
    made after the export, not beside it (the collision that said "check the free disk space")."""
    create_app()
    window = MainWindow(workspace, paths)
    qtbot.addWidget(window)
    window.show()
    window.records.create("collective", {"name": "Hợp tác xã Nông nghiệp Tiên Du", "kind": "hop_tac_xa"})
    release = hold_queue()
    real = main_window_module.make_backup
    seen = []
    monkeypatch.setattr(main_window_module, "make_backup",
                        lambda *a, **k: seen.append(release.is_set()) or real(*a, **k))
    threading.Timer(0.2, release.set).start()
    window.close()
    assert seen == [True] and errors == []
    assert [b.reason for b in list_backups(paths.backup_dir)] == ["tu-dong"]


def test_excel_import_waits_for_the_job_writing_the_workspace(qtbot, workspace, paths, errors, hold_queue,
                                                              monkeypatch, tmp_path):
    """Excel import → Nhập while a backup or export still writes: the rows are written after it."""
    from openpyxl import Workbook

    from desktop.app import spreadsheets as xlsx

    create_app()
    window = MainWindow(workspace, paths)
    qtbot.addWidget(window)
    wb = Workbook()
    wb.active.append(["STT", "Họ tên", "Phái", "Ngày sinh", "Số CCCD"])
    wb.active.append([1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080990123"])
    wb.save(tmp_path / "in.xlsx")
    dlg = window.reports_ext.open_import()
    qtbot.addWidget(dlg)
    assert dlg.load(tmp_path / "in.xlsx") and dlg.check()
    monkeypatch.setattr(prompts, "ask", lambda *a, **k: True)
    monkeypatch.setattr(prompts, "inform", lambda *a: None)
    release = hold_queue()
    seen = []
    real = xlsx.commit_import
    monkeypatch.setattr(xlsx, "commit_import", lambda *a, **k: seen.append(release.is_set()) or real(*a, **k))
    threading.Timer(0.2, release.set).start()
    dlg.import_btn.click()
    assert seen == [True] and errors == []
