"""The clerk's import dialog with a batch of files, through the real dialog: not modal while the batch
runs off the GUI thread, rows one line tall (about 20 files visible at 1366x768), the commune, period,
number and record count of each file, "Chỉ tệp bị từ chối", and "Dừng" that leaves the files not reached
listed as not imported, with a summary that says so.

The engine (desktop.app.province.import_file) is replaced by a small stand-in that answers by the
file's content and can hold the worker on one file, so the test can press "Dừng" mid-batch: what is
under test here is the dialog, not the import (tests/ui/test_province_import_ui.py runs the real one)."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.app import province
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import AgeIdentity
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.store.models import Workspace
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.import_results import COL_COMMUNE, COL_DETAIL, COL_PERIOD, COL_RECORDS, COL_RESULT, COL_SEQUENCE
from desktop.ui.main_window import MainWindow

SHOTS = os.environ.get("THIDUA_SHOTS")  # a folder: save a screenshot of the dialog there
LONG = ("Đây không phải tệp dữ liệu thi đua (không đúng định dạng). Hãy kiểm tra lại tệp đã chọn: có thể đã chép "
        "nhầm tệp khác từ máy của xã, hoặc tệp bị hỏng khi chép qua thư điện tử. Đề nghị xã xuất lại tệp và gửi lại.")


class Engine:
    """Stand-in for province.import_file: b"OK 09319 3" is commune 09319's file no. 3, anything else is
    refused with a long reason; ``hold(name)`` keeps the worker inside that file until ``release()``."""

    def __init__(self):
        self.held_name: str | None = None
        self.inside = threading.Event()
        self.go = threading.Event()
        self.calls: list[tuple[str, bool]] = []

    def hold(self, name: str) -> None:
        self.held_name = name
        self.inside.clear()
        self.go.clear()

    def release(self) -> None:
        self.go.set()

    def __call__(self, db, paths, data, file_name="", dry_run=False, **_kw):
        self.calls.append((file_name, dry_run))
        if file_name == self.held_name:
            self.inside.set()
            assert self.go.wait(10), "the test never released the worker"
        if not data.startswith(b"OK "):
            raise BundleRefused("bad_magic", LONG)
        _ok, code, seq = data.decode().split()
        return province.ImportResult("preview" if dry_run else "accepted", code, f"Xã {code}", int(seq), "0" * 64,
                                     {"person": 40 + int(seq), "rating": 2}, {}, period="2026",
                                     imported_at=None if dry_run else dt.datetime(2026, 12, 8, 2, 0))


@pytest.fixture
def clerk(qtbot, tmp_path, monkeypatch):
    create_app()
    pp = Paths(tmp_path / "province")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    with pdb.session() as s, s.begin():  # a province workspace; its keys are not needed by the stand-in
        s.add(Workspace(kind="province", unit_code="24", unit_name=province.PROVINCE_NAME, officer_name="Sở Nội vụ",
                        created_by_version=__version__))
    w = MainWindow(pdb, pp)
    qtbot.addWidget(w)
    w.show()
    engine = Engine()
    monkeypatch.setattr(province, "import_file", engine)
    monkeypatch.setattr(AgeIdentity, "load", staticmethod(lambda *a, **k: None))  # no scrypt unlock per test
    monkeypatch.setattr(province, "signing_key", lambda *a, **k: None)
    said = {"errors": [], "info": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: said["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: said["info"].append(text))
    yield w, engine, tmp_path / "usb", said
    w.close()
    pdb.dispose()


def batch(folder: Path, good: int, bad: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    files = []
    for i in range(good + bad):
        f = folder / f"ThiDua_09319_TienDu_2026_so{i + 1:04d}.tdkt"
        f.write_bytes(f"OK 09319 {i + 1}".encode() if i < good else f"not a data file {i}".encode())
        files.append(f)
    return files


def open_dialog(w, files, qtbot, monkeypatch):
    """Tiếp nhận → Nhập tệp của các xã…, the files chosen in the file dialog."""
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.intake import ImportDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(f) for f in files], "")))
    menu = next(a.menu() for a in w.menuBar().actions() if a.text().replace("&", "") == "Tiếp nhận")
    next(a for a in menu.actions() if a.text() == "Nhập tệp của các xã…").trigger()
    dlg = w.findChildren(ImportDialog)[-1]
    qtbot.addWidget(dlg)
    qtbot.waitExposed(dlg)
    return dlg


def shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def result(dlg, i: int) -> str:
    return dlg.model.rows[i][COL_RESULT]


def test_a_batch_of_25_is_listed_one_line_a_file_with_the_refused_filter(clerk, qtbot, monkeypatch):
    w, engine, usb, said = clerk
    # the clerk's 1366x768 screen, less the taskbar
    monkeypatch.setattr(w, "screen", lambda: type("S", (), {"availableGeometry": lambda self: QRect(0, 0, 1366, 728)})())
    files = batch(usb, good=3, bad=22)
    dlg = open_dialog(w, files, qtbot, monkeypatch)
    assert dlg.width() <= 1366 and dlg.height() <= 728
    headers = [dlg.model.headerData(c, Qt.Orientation.Horizontal) for c in range(dlg.model.columnCount())]
    assert headers == ["Tệp", "Xã, phường", "Số", "Kết quả", "Kỳ", "Số bản ghi", "Lý do / chi tiết"]
    qtbot.mouseClick(dlg.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.running(), timeout=10000)
    assert [result(dlg, i) for i in range(25)] == ["Hợp lệ"] * 3 + ["TỪ CHỐI"] * 22
    first = dlg.model.rows[0]
    assert (first[COL_COMMUNE], first[COL_SEQUENCE], first[COL_PERIOD], first[COL_RECORDS]) == ("Xã 09319", 1, "2026", 43)
    # in the batch's order on screen too, until the clerk sorts by a column
    assert [dlg.view.model().index(r, COL_SEQUENCE).data() for r in range(3)] == ["1", "2", "3"]
    # a refused file names the unit its file name claims, as a claim
    assert dlg.model.rows[5][COL_COMMUNE] == "Xã Tiên Du (theo tên tệp)"
    # one line a row, the long reason cut on screen and whole in the tooltip
    view = dlg.view
    line = view.fontMetrics().height()
    assert {view.rowHeight(r) for r in range(25)} == {view.rowHeight(0)} and view.rowHeight(0) < 2 * line
    assert view.fontMetrics().horizontalAdvance(LONG) > view.columnWidth(COL_DETAIL)
    tip = view.model().index(5, COL_DETAIL).data(Qt.ItemDataRole.ToolTipRole)
    assert LONG in tip
    last_visible = view.rowAt(view.viewport().height() - 1)
    visible = last_visible + 1 if last_visible >= 0 else 25
    assert visible >= 20, f"only {visible} files visible at 1366x768"
    shot(dlg, "nhap-tep-25")
    # only the refused
    qtbot.mouseClick(dlg.only_refused, Qt.MouseButton.LeftButton)
    assert view.model().rowCount() == 22
    assert {view.model().index(r, COL_RESULT).data() for r in range(22)} == {"TỪ CHỐI"}
    qtbot.mouseClick(dlg.only_refused, Qt.MouseButton.LeftButton)
    assert view.model().rowCount() == 25
    assert "3 tệp hợp lệ, 22 tệp bị từ chối" in dlg.info.text()
    assert said["errors"] == []


def test_stop_keeps_the_files_not_imported_and_says_so(clerk, qtbot, monkeypatch):
    w, engine, usb, said = clerk
    files = batch(usb, good=4, bad=1)
    dlg = open_dialog(w, files, qtbot, monkeypatch)
    qtbot.mouseClick(dlg.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.import_button.isEnabled(), timeout=10000)

    engine.hold(files[1].name)  # the worker stays inside the second file
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert engine.inside.wait(10)
    # the batch runs off the GUI thread and nothing is modal: the window can be used meanwhile
    assert not dlg.isModal() and QApplication.activeModalWidget() is None
    assert w.isEnabled() and dlg.stop_button.isVisible() and not dlg.preview_button.isEnabled()
    qtbot.waitUntil(lambda: result(dlg, 0) == "ĐÃ NHẬN", timeout=5000)  # shown as soon as it is in
    assert result(dlg, 2) == "đang chờ"
    qtbot.mouseClick(dlg.stop_button, Qt.MouseButton.LeftButton)
    engine.release()
    qtbot.waitUntil(lambda: not dlg.running(), timeout=10000)

    assert [result(dlg, i) for i in range(5)] == ["ĐÃ NHẬN", "ĐÃ NHẬN", "chưa nhập (đã dừng)", "chưa nhập (đã dừng)",
                                                 "TỪ CHỐI"]
    assert dlg.model.rows[2][COL_SEQUENCE] == 3 and dlg.model.rows[2][COL_RECORDS] == 43 + 2  # kept from the preview
    assert [name for name, dry in engine.calls if not dry] == [files[0].name, files[1].name]  # no third started
    shot(dlg, "nhap-tep-da-dung")
    text = dlg.info.text()
    assert "Đã dừng: 2 tệp chưa nhập" in text and "Đã nhập 2 tệp; 1 tệp bị từ chối" in text
    assert "Đã nhập xong" not in text
    assert not dlg.import_button.isEnabled() and not dlg.stop_button.isVisible() and dlg.preview_button.isEnabled()
    assert said["errors"] == []


def test_closing_while_a_batch_runs_stops_it_first(clerk, qtbot, monkeypatch):
    w, engine, usb, said = clerk
    files = batch(usb, good=3, bad=0)
    dlg = open_dialog(w, files, qtbot, monkeypatch)
    engine.hold(files[0].name)
    qtbot.mouseClick(dlg.preview_button, Qt.MouseButton.LeftButton)
    assert engine.inside.wait(10)
    qtbot.mouseClick(dlg.close_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.running()  # not closed under the worker's feet
    engine.release()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10000)
    assert [name for name, _dry in engine.calls] == [files[0].name]
