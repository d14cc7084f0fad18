"""The 'Văn bản' menu in the window: a document built off the GUI thread, previewed, saved as PDF and
painted to a printer; the Excel import wizard (mapping, preview, confirm); export of the current table."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from desktop.app import demo
from desktop.core.records import Records
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.documents import view as documents_view
from desktop.ui.main_window import MainWindow


@pytest.fixture
def state(monkeypatch):
    s = {"errors": [], "asked": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: None)
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: s["asked"].append(text) or True)
    monkeypatch.setattr(documents_view, "ask_year", lambda p, t: 2026)
    monkeypatch.setattr(documents_view, "ask_title", lambda p, choices: choices[0][0])
    return s


@pytest.fixture
def window(qtbot, workspace, paths):
    demo.fill(workspace, people=150, seed=2)
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    return w


def test_menu_preview_save_and_print(qtbot, window, state, tmp_path):
    ext = window.reports_ext
    assert "Văn bản" in [a.text().replace("&", "") for a in window.menuBar().actions()]
    ext.print_kind("registrations")
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=20000)
    assert not state["errors"]
    prev = ext.preview
    assert prev.page_count >= 2
    out = prev.save_pdf(tmp_path / "ds.pdf")
    assert out and out.read_bytes().startswith(b"%PDF")
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    prev.paint_to(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    prev.close()
    ext.preview = None
    ext.print_kind("list")
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=20000)
    ext.preview.close()


def test_review_documents_say_to_review_first(qtbot, window, state):
    ext = window.reports_ext
    ext.run(lambda p, c: __import__("desktop.cli.printing", fromlist=["x"]).build_document(window.db, "decision", 2026),
            "x.pdf")
    qtbot.waitUntil(lambda: bool(state["errors"]), timeout=5000)
    assert "hãy bình xét trước" in state["errors"][0]


def test_import_wizard_and_export(qtbot, window, state, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ tên", "Phái", "Ngày sinh", "Số CCCD"])
    ws.append([1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080990123"])
    ws.append([2, "Lê Thị Hoa", "Nữ", "31/02/1990", ""])
    wb.save(tmp_path / "in.xlsx")
    dlg = window.reports_ext.open_import()
    qtbot.addWidget(dlg)
    assert dlg.load(tmp_path / "in.xlsx")
    assert not dlg.check()                      # row 3 has an impossible date
    assert any("Dòng 3" in dlg.problems.item(i).text() for i in range(dlg.problems.count()))
    assert not dlg.import_btn.isEnabled()
    before = len(Records(window.db.session).list_rows("person"))
    ws.delete_rows(3)
    wb.save(tmp_path / "in.xlsx")
    assert dlg.load(tmp_path / "in.xlsx") and dlg.check()
    assert dlg.commit() == 1
    assert len(Records(window.db.session).list_rows("person")) == before + 1
    # a bad file: a message, no crash
    (tmp_path / "bad.xlsx").write_text("x", encoding="utf-8")
    assert not dlg.load(tmp_path / "bad.xlsx") and state["errors"]
    # export of the table on screen
    window.show_kind("council")
    out = tmp_path / "council.xlsx"
    window.reports_ext.export_current(out)
    qtbot.waitUntil(out.exists, timeout=10000)
    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "Lê Văn Minh" in values


def test_achievement_report_of_the_selected_person_with_the_title_chosen(qtbot, window, state):
    """Văn bản → Báo cáo thành tích: nothing selected says what to do; a person selected in the table,
    the dialog's year and title, the report in the preview proposing that title."""
    import io

    from pypdf import PdfReader

    ext = window.reports_ext
    window.show_kind("household")
    ext.actions["achievement"].trigger()
    assert "chọn một dòng" in state["errors"][-1]
    page = window.show_kind("person")
    qtbot.waitUntil(lambda: page.current_model.rowCount() > 0, timeout=10000)
    pid = page.current_model.id_at(0)
    assert page.select_id(pid)
    ext.actions["achievement"].trigger()
    dlg = ext.achievement_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.year.setValue(2026)
    dlg.title.setCurrentIndex(dlg.title.findData("CSTDCS"))
    dlg.ok_button.click()
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=20000)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(ext.preview.pdf)).pages).split())
    assert "ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ” NĂM 2026" in text
    assert page.selected_name(pid) in text
    ext.preview.close()
