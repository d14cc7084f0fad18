"""The record tables through the real window: Ctrl+End reaches the last row of the whole table, an edit
keeps the officer's place and selection, "Xuất bảng đang xem ra Excel" writes the rows in the order and
filter on screen under a Vietnamese file name, file dialogs remember their folder, the "Đối tượng"
column sorts by one rule, and deleting a subject asks with the count of what goes with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QPushButton

from desktop.core.records import Records
from desktop.shared.text import fold, given_name_key
from desktop.store.models import Person
from desktop.ui import file_dialogs, prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from desktop.ui.models import RecordTableModel
from tests.ui.test_trust_ui import check, on_next_modal

GIVEN = ("An", "Bình", "Cúc", "Dũng", "Đào", "Giang", "Hà", "Hương", "Khánh", "Lan", "Minh", "Nam", "Oanh")


@pytest.fixture
def window(qtbot, workspace, paths, monkeypatch):
    monkeypatch.setattr(RecordTableModel, "PAGE", 20)  # pages of 20: three pages from 65 rows
    QSettings().remove("dialogs")
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w
    QSettings().remove("dialogs")


def _people(db, n: int) -> list[int]:
    """``n`` people written at once (the search and sort keys as the forms write them)."""
    rows = []
    for i in range(n):
        name = f"Nguyễn Văn {GIVEN[i % len(GIVEN)]} {i:03d}"
        rows.append(Person(full_name=name, sex="nam", category="nhan_dan", birth_date=dt.date(1960 + i % 40, 1, 1),
                           search_key=fold(name), sort_key=given_name_key(name)))
    with db.session() as s, s.begin():
        s.add_all(rows)
        s.flush()
        return [p.id for p in rows]


def test_ctrl_end_goes_to_the_last_row_of_the_whole_table(qtbot, window, workspace):
    _people(workspace, 65)
    page = window.show_kind("person")
    assert page.model.rowCount() == 20 and page.model.total == 65
    page.view.setFocus()
    page.view.selectRow(0)
    QTest.keyClick(page.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert page.view.currentIndex().row() == 64
    assert page.model.rowCount() == 65
    last = page.records.list_rows("person")[-1][0]
    assert page.selected_id() == last


def _visible(view, row: int) -> bool:
    rect = view.visualRect(view.model().index(row, 0))
    return rect.isValid() and view.viewport().rect().intersects(rect)


def test_after_an_edit_the_row_stays_selected_and_in_view(qtbot, window, workspace):
    _people(workspace, 65)
    page = window.show_kind("person")
    view = page.view
    for _ in range(2):  # the next pages, read as the officer scrolls down
        page.model.fetchMore()
    assert page.model.rowCount() > 40
    row = 45
    rid = page.model.id_at(row)
    view.selectRow(row)
    view.scrollTo(page.model.index(row, 0))
    top = view.verticalScrollBar().value()
    assert top > 0 and _visible(view, row)

    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert dlg is not None and dlg.record_id == rid
    dlg.set_value("position", "Trưởng thôn")
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert Records(workspace.session).get("person", rid)["position"] == "Trưởng thôn"
    assert page.selected_id() == rid
    assert view.verticalScrollBar().value() == top
    assert _visible(view, page.model.row_of(rid))

    # renamed past the rows read so far: still found, selected and shown
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    page.dialog.set_value("full_name", "Nguyễn Văn Yến")
    with qtbot.waitSignal(page.dialog.saved, timeout=3000):
        qtbot.mouseClick(page.dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.selected_id() == rid
    assert _visible(view, page.model.row_of(rid))


@pytest.fixture
def save_dialog(monkeypatch, tmp_path):
    """Only the static QFileDialog call is replaced: it answers with the next file name and records the
    folder and name the dialog would have opened with."""
    state = {"answers": [], "asked": []}

    def fake(parent, title, start, filt):
        state["asked"].append(start)
        return (str(state["answers"].pop(0)), filt) if state["answers"] else ("", filt)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    monkeypatch.setattr(prompts, "inform", lambda *a: state.setdefault("informed", []).append(a[-1]))
    monkeypatch.setattr(prompts, "error", lambda *a: state.setdefault("errors", []).append(a[-1]))
    return state


def _export(qtbot, window, save_dialog) -> None:
    n = len(save_dialog.get("informed", []))
    window.reports_ext.actions["export"].trigger()
    qtbot.waitUntil(lambda: len(save_dialog.get("informed", [])) > n or bool(save_dialog.get("errors")),
                    timeout=5000)
    assert not save_dialog.get("errors")


def test_export_of_the_view_follows_its_sort_and_search_and_remembers_the_folder(qtbot, window, workspace,
                                                                                  save_dialog, tmp_path):
    _people(workspace, 30)
    page = window.show_kind("person")
    header = page.view.horizontalHeader()
    born = 2  # "Ngày sinh": clicked twice, newest first
    x = header.sectionViewportPosition(born) + header.sectionSize(born) // 2
    for _ in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert page.model.sort_order == (born + 1, True)
    qtbot.keyClicks(page.search, "nguyen van")
    page.search.setText("Nguyễn Văn Đào")  # accents typed with Unikey
    qtbot.waitUntil(lambda: page.model.search_text == "Nguyễn Văn Đào", timeout=3000)
    shown = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    dates = [page.model.index(r, born).data() for r in range(page.model.rowCount())]
    assert len(shown) >= 2 and dates == sorted(dates, key=lambda d: d[-4:], reverse=True)

    first = tmp_path / "xuat" / "a.xlsx"
    first.parent.mkdir()
    save_dialog["answers"].append(first)
    _export(qtbot, window, save_dialog)
    today = dt.date.today().isoformat()
    assert save_dialog["asked"][0].endswith(f"ca-nhan-{today}.xlsx")   # not "person.xlsx"
    sheet = openpyxl.load_workbook(first).active
    rows = [r for r in sheet.iter_rows(values_only=True)]
    head = rows.index(next(r for r in rows if r and r[0] == "Họ và tên"))
    assert [r[0] for r in rows[head + 1:]] == shown

    # the next export dialog opens in that folder, also after a restart (a new QSettings reads it back)
    save_dialog["answers"].append(tmp_path / "xuat" / "b.xlsx")
    _export(qtbot, window, save_dialog)
    assert save_dialog["asked"][1] == str(first.parent / f"ca-nhan-{today}.xlsx")
    QSettings().sync()
    assert file_dialogs.last_folder(file_dialogs.EXCEL_EXPORT) == first.parent
    on_disk = QSettings(QSettings().fileName(), QSettings.Format.IniFormat)  # what the next start reads
    assert on_disk.value("dialogs/last_folder/excel-export") == str(first.parent)


def test_export_of_the_recycle_bin_writes_the_rows_in_the_bin(qtbot, window, workspace, save_dialog, tmp_path):
    rec = Records(workspace.session, "Nguyễn Thị Hoa")
    ids = _people(workspace, 5)
    rec.delete("person", ids[0])
    page = window.show_kind("person")
    qtbot.mouseClick(page.bin_button, Qt.MouseButton.LeftButton)
    assert page.current_model.rowCount() == 1
    shown = page.current_model.index(0, 0).data()
    out = tmp_path / "thung-rac.xlsx"
    save_dialog["answers"].append(out)
    _export(qtbot, window, save_dialog)
    rows = [r for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    head = rows.index(next(r for r in rows if r and r[0] == "Họ và tên"))
    assert [r[0] for r in rows[head + 1:]] == [shown]
    assert "thùng rác" in rows[0][0]


def test_file_names_are_vietnamese_words_safe_on_windows():
    assert file_dialogs.file_slug("Cá nhân") == "ca-nhan"
    assert file_dialogs.file_slug("Đăng ký thi đua") == "dang-ky-thi-dua"
    assert file_dialogs.dated_name("Sáng kiến, đề tài", "xlsx", dt.date(2026, 12, 1)) == "sang-kien-de-tai-2026-12-01.xlsx"


def test_subject_column_sorts_every_kind_by_one_rule(qtbot, window, workspace):
    rec = Records(workspace.session, "Nguyễn Thị Hoa")
    village = rec.create("collective", {"name": "Thôn Đông", "kind": "thon"})
    binh = rec.create("person", {"full_name": "Nguyễn Văn Bình", "sex": "nam", "category": "nhan_dan"})
    an = rec.create("household", {"head_name": "Trần Văn An", "village_id": village})
    chi_bo = rec.create("collective", {"name": "Chi bộ Ấp Chợ", "kind": "doan_the"})
    for subject in (("person", binh), ("household", an), ("collective", chi_bo), ("collective", village)):
        rec.create("registration", {"subject": subject, "year": 2026,
                                    "title_code": "LDTT" if subject[0] == "person" else
                                    ("GDVH" if subject[0] == "household" else "TTLDTT")})
    page = window.show_kind("registration")
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    # people by given name (An, Bình), collectives by name (Chi bộ…, Thôn…): one alphabet, whatever the kind
    assert names == ["Trần Văn An", "Nguyễn Văn Bình", "Chi bộ Ấp Chợ", "Thôn Đông"]
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == names[::-1]


def _button(box, text):
    return next(b for b in box.buttons() if b.text() == text)


def test_deleting_a_person_asks_with_what_goes_along_and_restore_brings_it_back(qtbot, window, workspace):
    rec = Records(workspace.session, "Nguyễn Thị Hoa")
    pid = rec.create("person", {"full_name": "Trần Thị Hoa", "sex": "nu", "category": "nhan_dan"})
    for year in (2025, 2026):
        rec.create("registration", {"subject": ("person", pid), "year": year, "title_code": "LDTT"})
    rec.create("rating", {"subject": ("person", pid), "year": 2025, "rating": "tot"})
    regs = window.show_kind("registration")
    assert regs.model.rowCount() == 2
    page = window.show_kind("person")
    page.select_id(pid)

    seen = {}

    def confirm(box):
        seen["text"] = box.text()
        _button(box, "Xóa").click()

    state = on_next_modal(confirm)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    check(state)
    assert "– 1 kết quả xếp loại" in seen["text"] and "– 2 đăng ký thi đua" in seen["text"]
    assert page.model.rowCount() == 0
    assert window.show_kind("registration") is regs   # hidden meanwhile: read again when shown
    assert regs.model.rowCount() == 0          # the registrations page was read again: gone with her
    assert window.show_kind("person") is page

    qtbot.mouseClick(page.bin_button, Qt.MouseButton.LeftButton)
    page.select_id(pid)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert window.show_kind("registration") is regs
    assert regs.model.rowCount() == 2 and rec.count("rating") == 1


def test_a_village_with_households_cannot_be_deleted(qtbot, window, workspace):
    rec = Records(workspace.session, "Nguyễn Thị Hoa")
    village = rec.create("collective", {"name": "Thôn Đông", "kind": "thon"})
    rec.create("household", {"head_name": "Trần Văn An", "village_id": village})
    page = window.show_kind("collective")
    page.select_id(village)
    seen = {}

    def refused(box):
        seen["text"] = box.text()
        _button(box, "Đóng").click()

    state = on_next_modal(refused)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    check(state)
    assert "Không xóa được tập thể “Thôn Đông”" in seen["text"] and "– 1 hộ gia đình" in seen["text"]
    assert rec.count("collective") == 1


def test_each_purpose_keeps_its_own_folder(qtbot, window, monkeypatch, tmp_path):
    """The Excel import's "Chọn tệp…" opens where the last spreadsheet was picked, not where the last
    export went; the export folder of the data file is kept apart too."""
    picked = tmp_path / "nhap" / "danh-sach.xlsx"
    picked.parent.mkdir()
    asked = []

    def fake(parent, title, start, filt):
        asked.append(start)
        return str(picked), filt

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    file_dialogs.remember(file_dialogs.EXCEL_EXPORT, tmp_path)
    monkeypatch.setattr(prompts, "error", lambda *a: None)  # the picked file is not a real spreadsheet
    dlg = window.reports_ext.open_import()
    qtbot.addWidget(dlg)
    pick = next(b for b in dlg.findChildren(QPushButton) if b.text() == "Chọn tệp .xlsx…")
    for _ in range(2):
        qtbot.mouseClick(pick, Qt.MouseButton.LeftButton)
    assert asked[0] == str(Path.home()) and asked[1] == str(picked.parent)
    assert file_dialogs.last_folder(file_dialogs.EXCEL_EXPORT) == tmp_path
