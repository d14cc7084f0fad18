"""The Excel import dialog with the lists communes really have, through the window: why "Nhập vào dữ
liệu" is disabled, the choice between adding only and adding and updating (the changes shown, old →
new, before anything is written), and the empty template saved from the dialog and imported back."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt

from desktop.core.records import Records
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.documents import view as documents_view
from desktop.ui.documents.controller import ImportDialog
from desktop.ui.main_window import MainWindow

HEAD = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Điện thoại"]


@pytest.fixture
def state(monkeypatch):
    s = {"errors": [], "asked": [], "told": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: s["told"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: s["asked"].append(text) or True)
    return s


@pytest.fixture
def window(qtbot, workspace, paths):
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    return w


def _open(qtbot, window) -> ImportDialog:
    window.reports_ext.actions["import"].trigger()
    dlg = window.findChildren(ImportDialog)[-1]
    qtbot.addWidget(dlg)
    return dlg


def _book(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH CÁN BỘ XÃ TIÊN DU"])
    ws.merge_cells("A1:E1")
    ws.append([])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _click(qtbot, button) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_dialog_says_why_it_cannot_import(qtbot, window, state, tmp_path):
    path = _book(tmp_path / "ds.xlsx", [HEAD, ["Nguyễn Văn Ánh", "Nam", "05/12/1980", 27080000123, ""],
                                        ["Lê Thị Hoa", "Nữ", "31/02/1990", "", ""],
                                        ["Trần Văn Bình", "", "01/01/1985", "12345", ""]])
    dlg = _open(qtbot, window)
    assert dlg.load(path)
    _click(qtbot, dlg.check_btn)
    assert not dlg.import_btn.isEnabled() and dlg.blocked.isVisible()
    text = dlg.blocked.text()
    assert "2 dòng có lỗi" in text and "Dòng 5 – Ngày sinh" in text and "Dòng 6 – Giới tính" in text
    lines = [dlg.problems.item(i).text() for i in range(dlg.problems.count())]   # header on row 3
    assert any(x.startswith("Dòng 4 – Số CCCD: Cảnh báo") and "027080000123" in x for x in lines)
    assert any(x.startswith("Dòng 5 – Ngày sinh: Lỗi") for x in lines)
    assert any(x.startswith("Dòng 6 – Giới tính: Lỗi") for x in lines)
    assert dlg.tabs.tabText(0) == "Lỗi, cảnh báo (4)"


def test_add_only_or_add_and_update_with_the_changes_shown_first(qtbot, window, state, tmp_path):
    rec = Records(window.db.session)
    a = rec.create("person", {"full_name": "Nguyễn Văn Ánh", "sex": "nam", "birth_date": "05/12/1980",
                              "cccd": "027080000123", "category": "can_bo", "phone": "0912345678"})
    path = _book(tmp_path / "moi.xlsx", [HEAD, ["Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080000123", "0987654321"]])
    dlg = _open(qtbot, window)
    assert dlg.load(path)
    _click(qtbot, dlg.check_btn)
    assert not dlg.import_btn.isEnabled() and "Thêm mới và cập nhật" in dlg.blocked.text()
    qtbot.mouseClick(dlg.add_update, Qt.MouseButton.LeftButton)     # checked again at once
    assert dlg.add_update.isChecked() and dlg.import_btn.isEnabled() and not dlg.blocked.isVisible()
    assert dlg.tabs.currentIndex() == 1 and dlg.changes.rowCount() == 1
    shown = [dlg.changes.item(0, c).text() for c in range(5)]
    assert shown[0] == "4" and shown[2] == "Điện thoại" and shown[3:] == ["0912345678", "0987654321"]
    assert rec.get("person", a)["phone"] == "0912345678"            # nothing written by the check
    _click(qtbot, dlg.import_btn)
    assert "cập nhật 1 bản ghi" in state["asked"][-1] and not state["errors"]
    assert rec.get("person", a)["phone"] == "0987654321"
    assert "cập nhật 1 bản ghi" in state["told"][-1]


def test_the_template_saved_from_the_dialog_imports_back(qtbot, window, state, tmp_path, monkeypatch):
    out = tmp_path / "mau.xlsx"
    monkeypatch.setattr(documents_view, "save_path", lambda *a: out)
    dlg = _open(qtbot, window)
    template = next(b for b in dlg.findChildren(type(dlg.template_btn)) if b.text() == "Tải tệp mẫu…")
    _click(qtbot, template)
    qtbot.waitUntil(lambda: bool(state["told"]), timeout=10000)
    assert not state["errors"] and out.exists() and "dòng 5" in state["told"][-1]
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[4]]
    for name, value in {"Họ và tên": "Nguyễn Văn An", "Giới tính": "Nam", "Ngày sinh": "05/12/1980",
                        "Số CCCD": "027080000123"}.items():
        ws.cell(5, header.index(name) + 1, value)
    wb.save(out)
    assert dlg.load(out)
    _click(qtbot, dlg.check_btn)
    assert dlg.import_btn.isEnabled(), dlg.blocked.text()
    _click(qtbot, dlg.import_btn)
    assert [r[1] for r in Records(window.db.session).list_rows("person")] == ["Nguyễn Văn An"]
