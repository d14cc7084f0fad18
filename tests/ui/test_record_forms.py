"""Record forms under pytest-qt (offscreen), through the real dialog: messages never move the controls
(item 9), indicator values typed the Vietnamese way (item 7), namesakes told apart in the person
picker (item 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop.core.records import Records
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from desktop.ui.record_dialog import RecordDialog


@pytest.fixture
def answers(monkeypatch):
    state = {"asked": [], "errors": []}
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: state["asked"].append((t, text)) or False)
    monkeypatch.setattr(prompts, "error", lambda p, t, text: state["errors"].append(text))
    return state


@pytest.fixture
def records(workspace) -> Records:
    return Records(workspace.session, "Nguyễn Thị Hoa")


def open_dialog(qtbot, records, kind, record_id=None) -> RecordDialog:
    create_app()
    dlg = RecordDialog(records, kind, record_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg, timeout=2000)
    return dlg


def ok_geometry(dlg):
    b = dlg.save_button
    return b.mapTo(dlg, QPoint(0, 0)), b.size(), dlg.size()


def focus(qtbot, widget):
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=1000)


def test_errors_wait_for_a_touch_never_move_the_buttons_and_go_when_fixed(qtbot, records, answers):
    dlg = open_dialog(qtbot, records, "person")
    before = ok_geometry(dlg)
    cccd, name = dlg.editors["cccd"], dlg.editors["full_name"]
    focus(qtbot, cccd)
    qtbot.keyClicks(cccd, "0271")
    # typing, not yet left: no error although "0271" is too short, and "Họ và tên" (empty) says nothing
    assert dlg.message_line.text() == ""
    assert dlg.message_for("cccd") == "" and dlg.message_for("full_name") == ""
    focus(qtbot, name)                     # the officer leaves the field: now it is touched
    assert "12 chữ số" in dlg.message_for("cccd")
    assert "12 chữ số" in dlg.message_line.text()
    assert "b00020" in dlg.labels["cccd"].styleSheet()
    assert dlg.message_for("full_name") == ""   # entered, not left: still quiet
    assert ok_geometry(dlg) == before
    # fixing the number removes the error at once, without waiting for a timer or leaving the field
    focus(qtbot, cccd)
    qtbot.keyClicks(cccd, "80000123")
    assert dlg.message_for("cccd") == ""
    assert dlg.message_line.text() == ""
    assert dlg.labels["cccd"].styleSheet() == ""
    # clearing a field with a shown error removes it at once too
    qtbot.keyClick(cccd, Qt.Key.Key_Backspace)
    assert "12 chữ số" in dlg.message_line.text()
    cccd.selectAll()
    qtbot.keyClick(cccd, Qt.Key.Key_Delete)
    assert dlg.message_line.text() == ""
    # "Lưu" shows every field's problem, in the same reserved line; still nothing moves
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and records.count("person") == 0
    assert "họ và tên" in dlg.message_for("full_name").lower()
    assert "họ và tên" in dlg.message_line.text().lower()
    assert "mục khác" in dlg.message_line.text()       # sex and category are missing too
    assert ok_geometry(dlg) == before
    dlg.set_value("full_name", "Phạm Thị Lan")
    assert dlg.message_for("full_name") == ""
    assert ok_geometry(dlg) == before


def test_indicator_values_typed_in_the_dialog(qtbot, records, answers):
    dlg = open_dialog(qtbot, records, "indicator")
    dlg.set_value("target_code", "3")
    dlg.set_value("period", "Y")
    dlg.set_value("name", "Tỷ lệ lao động qua đào tạo")
    plan, actual = dlg.editors["target_value"], dlg.editors["actual_value"]
    assert plan.alignment() & Qt.AlignmentFlag.AlignRight
    focus(qtbot, plan)
    qtbot.keyClicks(plan, "abc")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert records.count("indicator") == 0
    assert "không phải là số" in dlg.message_line.text() and "12,5" in dlg.message_line.text()
    plan.clear()
    qtbot.keyClicks(plan, "35 - 40")             # target 3 is one figure in the plan: no range
    assert "khoảng" in dlg.message_for("target_value")
    plan.clear()
    qtbot.keyClicks(plan, "1.234,50")
    focus(qtbot, actual)
    qtbot.keyClicks(actual, "12.5")              # an English decimal point is not guessed
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert "dấu phẩy" in dlg.message_for("actual_value")
    actual.clear()
    qtbot.keyClicks(actual, "12,5")
    with qtbot.waitSignal(dlg.saved, timeout=2000):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    got = records.get("indicator", dlg.record_id)
    assert (got["target_value"], got["actual_value"]) == ("1.234,5", "12,5")
    # a target the plan states as a range takes one
    dlg2 = open_dialog(qtbot, records, "indicator", dlg.record_id)
    assert dlg2.editors["target_value"].text() == "1.234,5"   # shown back the Vietnamese way
    dlg2.set_value("target_code", "4")
    dlg2.set_value("target_value", "35–40")
    with qtbot.waitSignal(dlg2.saved, timeout=2000):
        qtbot.mouseClick(dlg2.save_button, Qt.MouseButton.LeftButton)
    assert records.get("indicator", dlg.record_id)["target_value"] == "35 - 40"


def test_indicator_numbers_right_aligned_in_the_table(qtbot, workspace, paths, records):
    records.create("indicator", {"year": 2026, "target_code": "4", "period": "Y", "name": "Vốn đầu tư",
                                 "target_value": "35 - 40", "actual_value": "37,5"})
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    page = w.show_kind("indicator")
    model = page.current_model
    kinds = [c.kind for c in page.kind.columns]
    col = kinds.index("number")
    assert model.index(0, col).data() == "35 - 40"
    assert model.index(0, col).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    name_col = [c.label for c in page.kind.columns].index("Chỉ tiêu của xã")
    assert not (model.index(0, name_col).data(Qt.ItemDataRole.TextAlignmentRole) or 0) & Qt.AlignmentFlag.AlignRight


def test_person_picker_tells_namesakes_apart(qtbot, records, answers):
    east = records.create("collective", {"name": "Thôn Đông", "kind": "thon"})
    west = records.create("collective", {"name": "Thôn Đoài", "kind": "thon"})
    a = records.create("person", {"full_name": "Nguyễn Thị Hương", "sex": "nu", "birth_date": "02/03/1971",
                                  "cccd": "027171001234", "category": "nhan_dan", "collective_id": east})
    b = records.create("person", {"full_name": "Nguyễn Thị Hương", "sex": "nu", "birth_date": "09/10/1971",
                                  "cccd": "027171005678", "category": "nhan_dan", "collective_id": west})
    dlg = open_dialog(qtbot, records, "registration")
    picker = dlg.editors["subject"].picker
    focus(qtbot, picker)
    qtbot.keyClicks(picker, "huong")
    qtbot.waitUntil(lambda: not picker._timer.isActive(), timeout=2000)
    assert picker._model.rowCount() == 2
    labels = [picker._model.index(i, 0).data() for i in range(2)]
    assert len(set(labels)) == 2
    assert "Nguyễn Thị Hương (1971) — Thôn Đông · CCCD …1234" in labels
    assert "Nguyễn Thị Hương (1971) — Thôn Đoài · CCCD …5678" in labels
    # the village and the CCCD digits find the person too
    for typed, who in (("huong doai", b), ("5678", b), ("huong dong", a)):
        picker.selectAll()
        qtbot.keyClicks(picker, typed)
        qtbot.waitUntil(lambda: not picker._timer.isActive(), timeout=2000)   # the lookup ran
        assert picker._model.rowCount() == 1, typed
        picker._chosen(picker._model.index(0, 0))
        assert picker.value() == who
        qtbot.waitUntil(lambda: picker.text() == records.label_of("person", who), timeout=1000)
