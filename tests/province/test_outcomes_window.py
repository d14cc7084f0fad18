"""The "Xét đề nghị" page of the province window, on SQLite and PostgreSQL: the rows with their
filters, several selected and accepted through the real dialog, one returned with a reason from the
list, a bad decision number kept in the dialog, the sheet exported and read back, the decision
printed. The clicks are the clerk's; file dialogs and message boxes are replaced."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from sqlalchemy import select

from desktop.app import province
from desktop.app.workspace import open_workspace
from desktop.store.models_bundle import ProvinceOutcome
from desktop.ui import outcomes_ui, prompts
from desktop.ui.main_window import MainWindow
from tests.province import proposals_data

A, B = "09319", "09247"
SHOTS = os.environ.get("THIDUA_SHOTS")


@pytest.fixture
def said(monkeypatch):
    out: dict[str, list] = {"info": [], "errors": []}
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: out["info"].append(text))
    monkeypatch.setattr(prompts, "error", lambda p, t, text: out["errors"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda *a, **k: True)
    return out


@pytest.fixture
def page(qtbot, province_paths, said):
    db = open_workspace(province_paths)
    province.init_province(db, province_paths)
    proposals_data.sample(db, 2026)
    w = MainWindow(db, province_paths)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    for i in range(w.nav.count()):
        if w.nav.item(i).data(Qt.ItemDataRole.UserRole) == "outcomes":
            w.nav.setCurrentRow(i)
    p: outcomes_ui.OutcomesPage = w.extra_pages["outcomes"]
    assert w.stack.currentWidget() is p
    p.year.setValue(2026)
    loaded(qtbot, p)
    yield p
    w.close()
    db.dispose()


def loaded(qtbot, p) -> None:
    qtbot.waitUntil(lambda: not p.busy() and p.summary.text() != "Đang tải…", timeout=15000)


def choose(p, *subjects: str) -> None:
    p.table.clearSelection()
    sm = p.table.selectionModel()
    for r, item in enumerate(p.model.items):
        if item.subject_name in subjects:
            sm.select(p.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                      | QItemSelectionModel.SelectionFlag.Rows)


def stored(p) -> dict[str, tuple]:
    with p.db.session() as s:
        return {o.row_uid: (o.status, o.decision_number, o.reason) for o in s.scalars(select(ProvinceOutcome))}


def _shot(p, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        p.window().grab().save(str(Path(SHOTS) / f"{name}.png"))


def _dialog_shot(dlg, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        dlg.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_accept_and_return_through_the_dialogs(page, qtbot, said):
    p = page
    assert p.model.rowCount() == 5 and "5 dòng đề nghị, 5 dòng chưa xét" in p.summary.text()
    assert not p.accept_button.isEnabled()
    _shot(p, "xet-de-nghi")
    choose(p, "Nguyễn Thị Hoa", "Lê Minh Châu")
    assert p.accept_button.isEnabled()
    qtbot.mouseClick(p.accept_button, Qt.MouseButton.LeftButton)
    dlg = p.dialog
    assert dlg.isVisible() and "2 dòng" in dlg.intro.text()
    _dialog_shot(dlg, "duyet")
    dlg.number.setText("mười hai")  # not a number: said in the dialog, which stays open
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and "không phải số quyết định" in dlg.problem.text()
    dlg.number.setText("12/qđ-ubnd")
    dlg.date.setDate(QDate(2026, 11, 25))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said["info"]), timeout=15000)
    assert "duyệt 2" in said["info"][-1]
    loaded(qtbot, p)  # the page reloads after the change
    assert stored(p) == {f"{A}:proposal_row:1": ("accepted", "12/QĐ-UBND", ""),
                         f"{A}:proposal_row:3": ("accepted", "12/QĐ-UBND", "")}
    assert "3 dòng chưa xét" in p.summary.text()
    # return one with a reason picked from the office's list
    choose(p, "Trần Văn Bình")
    qtbot.mouseClick(p.return_button, Qt.MouseButton.LeftButton)
    dlg = p.dialog
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and "Chưa ghi lý do" in dlg.problem.text()
    dlg.reason.setCurrentIndex(0)
    _dialog_shot(dlg, "tra-lai")
    assert dlg.reason.currentText().startswith("Thiếu hồ sơ")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(stored(p)) == 3, timeout=15000)
    loaded(qtbot, p)
    _shot(p, "xet-de-nghi-da-ghi")
    # the status filter
    p.status.setCurrentIndex(p.status.findData("returned"))
    loaded(qtbot, p)
    assert [r.subject_name for r in p.model.items] == ["Trần Văn Bình"]
    assert p.model.data(p.model.index(0, 4)) == "Trả lại"
    p.status.setCurrentIndex(p.status.findData("pending"))
    loaded(qtbot, p)
    assert {r.commune_code for r in p.model.items} == {B}
    p.commune.setCurrentIndex(p.commune.findData(A))
    loaded(qtbot, p)
    assert p.model.rowCount() == 0 and "Không có dòng đề nghị nào" in p.summary.text()
    assert said["errors"] == []


def test_sheet_out_and_back_and_the_decision(page, qtbot, said, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    p = page
    sheet = tmp_path / "bang.xlsx"
    monkeypatch.setattr(outcomes_ui, "save_path", lambda *a: sheet)
    qtbot.mouseClick(p.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said["info"]), timeout=15000)
    assert "5 dòng" in said["info"][-1]
    wb = load_workbook(sheet)
    ws = wb.active
    head = next(r for r in range(1, 10) if ws.cell(r, 2).value == "Mã dòng")
    for r in range(head + 1, ws.max_row + 1):
        if ws.cell(r, 2).value in (f"{B}:proposal_row:11", f"{B}:proposal_row:12"):
            ws.cell(r, 5).value, ws.cell(r, 6).value, ws.cell(r, 7).value = "Duyệt", "14/QĐ-UBND", dt.date(2026, 11, 26)
    last = ws.max_row
    ws.cell(last, 5).value = "Có lẽ"  # a bad row: named, and nothing stored
    wb.save(sheet)
    monkeypatch.setattr(outcomes_ui, "open_path", lambda *a: sheet)
    qtbot.mouseClick(p.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said["errors"]), timeout=15000)
    assert f"Dòng {last}: cột Kết quả ghi “Có lẽ”" in said["errors"].pop() and stored(p) == {}
    ws.cell(last, 5).value = None
    wb.save(sheet)
    qtbot.mouseClick(p.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(said["info"]) == 2, timeout=15000)
    assert "duyệt 2" in said["info"][-1] and "3 dòng để trống" in said["info"][-1]
    assert len(stored(p)) == 2
    loaded(qtbot, p)
    pdf = tmp_path / "qd.pdf"
    monkeypatch.setattr(outcomes_ui, "save_path", lambda *a: pdf)
    qtbot.mouseClick(p.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: p.dialog is not None and p.dialog.isVisible(), timeout=15000)
    dlg = p.dialog
    assert dlg.number.currentText() == "14/QĐ-UBND"
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and "người ký" in dlg.problem.text()
    dlg.signer.setText("Nguyễn Văn Tỉnh")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(said["info"]) == 3, timeout=30000)
    assert "2 đối tượng" in said["info"][-1] and pdf.read_bytes().startswith(b"%PDF")
    assert said["errors"] == []


def _print_through_the_dialog(p, qtbot, said, count: int, signer: str = "") -> None:
    qtbot.mouseClick(p.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: p.dialog is not None and p.dialog.isVisible(), timeout=15000)
    dlg = p.dialog
    dlg.number.setCurrentText("14/QĐ-UBND")
    dlg.signer.setText(signer or "Nguyễn Văn Tỉnh")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(said["info"]) + len(said["errors"]) == count, timeout=30000)


def test_the_decision_is_issued_once_and_a_changed_list_offers_a_replacement(page, qtbot, said, tmp_path,
                                                                            monkeypatch):
    from desktop.app import outcomes as oc
    from desktop.app import province_decision as pd

    p = page
    day = dt.date(2026, 11, 26)
    oc.accept(p.db, 2026, [(B, "11")], "14/QĐ-UBND", day, "x")
    pdf = tmp_path / "qd.pdf"
    monkeypatch.setattr(outcomes_ui, "save_path", lambda *a: pdf)
    _print_through_the_dialog(p, qtbot, said, 1)
    assert "Đã ban hành quyết định 14/QĐ-UBND" in said["info"][-1] and "1 đối tượng" in said["info"][-1]
    first = pd.current(p.db, "14/QĐ-UBND", 2026)
    _print_through_the_dialog(p, qtbot, said, 2, signer="Người Khác")
    assert "In lại" in said["info"][-1] and "Nguyễn Văn Tỉnh" in said["info"][-1]
    oc.accept(p.db, 2026, [(B, "12")], "14/QĐ-UBND", day, "x")
    asked: list[str] = []
    monkeypatch.setattr(prompts, "ask", lambda _p, _t, text, **k: asked.append(text) is not None)  # no
    _print_through_the_dialog(p, qtbot, said, 2)
    qtbot.waitUntil(lambda: bool(asked), timeout=30000)
    assert "thêm 1 dòng" in asked[-1] and "Trường Mầm non Hoa Sen" in asked[-1]
    assert pd.current(p.db, "14/QĐ-UBND", 2026) == first            # declined: nothing issued
    monkeypatch.setattr(prompts, "ask", lambda *a, **k: True)
    monkeypatch.setattr(outcomes_ui, "ask_reason", lambda _p: "Bổ sung một tập thể")
    _print_through_the_dialog(p, qtbot, said, 3)
    assert "Đã ban hành quyết định thay thế 14/QĐ-UBND" in said["info"][-1] and "2 đối tượng" in said["info"][-1]
    new = pd.current(p.db, "14/QĐ-UBND", 2026)
    assert new is not None and first is not None and new.replaces_id == first.id and new.change_kind == "thay_the"
    assert said["errors"] == []
    # the same act again as a Word copy when the officer names a .docx file
    word = tmp_path / "qd.docx"
    monkeypatch.setattr(outcomes_ui, "save_path", lambda *a: word)
    _print_through_the_dialog(p, qtbot, said, 4)
    assert "In lại" in said["info"][-1] and said["errors"] == []
    from tests.reports.test_docx_out import docx_text

    assert "Số: 14/QĐ-UBND" in docx_text(word.read_bytes()) and pd.current(p.db, "14/QĐ-UBND", 2026) == new
