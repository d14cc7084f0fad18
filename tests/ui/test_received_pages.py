"""The province's two pages count "received" the same way and show Vietnam time on a PC set to another
time zone; a received date for a file that came by post is entered through the intake board's button."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from desktop import __version__
from desktop.app import received
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.store.models import Workspace
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from desktop.ui.received_dialog import ReceivedDateDialog
from tests.province.test_received_time import A, B, C, add_file, new_york  # noqa: F401 (fixture)
from tests.ui.test_trust_ui import check, on_next_modal

SHOTS = os.environ.get("THIDUA_SHOTS")  # a folder: save a screenshot of the intake board there


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, new_york):  # noqa: F811
    create_app()
    pp = Paths(tmp_path / "province")
    pp.ensure()
    db = open_database(pp.db_file, pp.backup_dir)
    with db.session() as s, s.begin():
        s.add(Workspace(kind="province", unit_code="24", unit_name="Sở Nội vụ tỉnh Bắc Ninh", officer_name="Sở Nội vụ",
                        created_by_version=__version__))
    add_file(db, A, 1, "2025", "2025-12-09T03:00:00Z", dt.datetime(2025, 12, 14, 2, 0))   # on time, imported late
    add_file(db, B, 1, "2025", "2025-12-10T18:00:00Z", dt.datetime(2025, 12, 11, 1, 0))   # 01:00 on 11/12 in VN
    add_file(db, C, 1, "2025-H1", "2025-05-20T01:00:00Z", dt.datetime(2025, 5, 21, 1, 0))
    said = {"errors": [], "info": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: said["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: said["info"].append(text))
    w = MainWindow(db, pp)
    qtbot.addWidget(w)
    w.show()
    yield w, db, said
    w.close()
    db.dispose()


def test_both_pages_count_the_same_in_vietnam_time(window, qtbot):
    w, db, said = window
    intake = w.extra_pages["province"]
    intake.refresh()
    assert intake.period.currentData() == "2025"  # the latest period files were sent for
    # C sent only for the six-month period: not counted for the year (one definition on both pages)
    assert "2/99 đơn vị (đúng hạn 1, muộn 1)" in intake.summary.text()
    if SHOTS:
        w.resize(1366, 728)
        w.stack.setCurrentWidget(intake)
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        w.grab().save(str(Path(SHOTS) / "tiep-nhan-gio-viet-nam.png"))
    row_b = next(r for r in intake.model.rows if r[0] == B)
    assert row_b[5] == "11/12/2025 01:00" and row_b[7] == "Nộp muộn"
    page = w.extra_pages["consolidated"]
    page.year.setValue(2025)
    board = page.show_kind("board")
    qtbot.waitUntil(lambda: not page.busy(), timeout=15000)  # the view is built off the GUI thread
    assert "Đã nộp 2/99 đơn vị (đúng hạn 1, muộn 1)" in board.summary.text()
    row = next(r for r in board.model.rows if r[0] == B)
    assert row[5] == "11/12/2025 01:00"
    # the six-month period on the intake board: C only
    intake.period.setCurrentIndex(intake.period.findData("2025-H1"))
    intake.period.activated.emit(intake.period.currentIndex())
    assert "1/99 đơn vị (đúng hạn 1, muộn 0)" in intake.summary.text()
    assert said["errors"] == []


def test_a_received_date_by_post_through_the_board(window, qtbot):
    w, db, said = window
    intake = w.extra_pages["province"]
    intake.refresh()
    intake.view.selectRow(next(i for i, r in enumerate(intake.model.rows) if r[0] == A))

    def too_late_then_right(dlg):
        assert isinstance(dlg, ReceivedDateDialog) and dlg.file.count() == 1
        dlg.date.setDate(QDate(2025, 12, 20))  # after the import: said in the dialog, nothing stored
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        assert dlg.isVisible() and "sau ngày Sở nhập" in dlg.message.text()
        dlg.date.setDate(QDate(2025, 12, 12))
        dlg.note.setText("Công văn đến số 45")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    state = on_next_modal(too_late_then_right)
    qtbot.mouseClick(intake.post_button, Qt.MouseButton.LeftButton)
    check(state)
    assert received.file_times(db, commune_code=A)[0].clerk_date == dt.date(2025, 12, 12)
    assert "2/99 đơn vị (đúng hạn 0, muộn 2)" in intake.summary.text()
    assert next(r for r in intake.model.rows if r[0] == A)[7] == "Nộp muộn"
    assert said["errors"] == []
