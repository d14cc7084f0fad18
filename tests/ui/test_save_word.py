"""'Lưu Word…' beside 'Lưu PDF…' in the preview, through the window: a draft from the Documents menu
and an issued report reprinted from the register's page are saved as .docx (the file dialog answered
by the test), laid out off the GUI thread, with the PDF's text; a preview of bytes alone has no Word
button; a folder that cannot be written is said in Vietnamese."""

from __future__ import annotations

import io
import re

import pytest
from PySide6.QtCore import Qt

from desktop.ui import file_dialogs, prompts
from desktop.ui.app import create_app
from desktop.ui.documents import view as documents_view
from desktop.ui.main_window import MainWindow
from desktop.ui.preview import PreviewDialog
from tests.reports.test_docx_out import docx_text, header_rows, pdf_reading
from tests.ui.test_review_ui import YEAR, _commune


@pytest.fixture
def state(monkeypatch):
    s = {"errors": [], "info": [], "dialogs": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: s["info"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: True)
    monkeypatch.setattr(documents_view, "ask_year", lambda p, t: YEAR)
    return s


@pytest.fixture
def window(qtbot, workspace, paths):
    _commune(workspace)
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.resize(1366, 728)
    w.show()
    return w


def _answer_save_dialog(monkeypatch, state, path):
    """The save dialog answers ``path`` (without its extension: the preview adds .docx)."""
    def save_file(parent, purpose, title, suggested, filt):
        state["dialogs"].append((title, str(suggested), filt))
        return path

    monkeypatch.setattr(file_dialogs, "save_file", save_file)


def _click_word(qtbot, preview: PreviewDialog, out) -> bytes:
    assert preview.word_btn.isVisible() and preview.word_btn.text() == "Lưu Word…"
    qtbot.mouseClick(preview.word_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.word_task is None and out.exists(), timeout=30000)
    return out.read_bytes()


def _same_text(word: bytes, pdf: bytes) -> None:
    assert re.sub(r"\s", "", docx_text(word)) == re.sub(r"\s", "", pdf_reading(pdf, header_rows(word)))


def test_a_draft_from_the_documents_menu_saved_as_word(qtbot, window, state, monkeypatch, tmp_path):
    ext = window.reports_ext
    ext.actions["registrations"].trigger()
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    preview = ext.preview
    _answer_save_dialog(monkeypatch, state, tmp_path / "danh-sach")
    word = _click_word(qtbot, preview, tmp_path / "danh-sach.docx")
    assert not state["errors"]
    title, suggested, filt = state["dialogs"][-1]
    assert title == "Lưu Word" and suggested.endswith(f"danh-sach-dang-ky-{YEAR}.docx") and "*.docx" in filt
    assert state["info"][-1] == f"Đã lưu bản Word vào {tmp_path / 'danh-sach.docx'}."
    _same_text(word, preview.pdf)
    from docx import Document

    assert Document(io.BytesIO(word)).sections[0].left_margin.mm == pytest.approx(30, abs=0.1)
    # a folder that cannot be written: the reason in Vietnamese, the button usable again
    _answer_save_dialog(monkeypatch, state, tmp_path / "khong-co" / "ds.docx")
    qtbot.mouseClick(preview.word_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(state["errors"]), timeout=30000)
    assert "Không ghi được tệp" in state["errors"][-1] and "Traceback" not in state["errors"][-1]
    qtbot.waitUntil(preview.word_btn.isEnabled, timeout=5000)
    preview.close()


def test_an_issued_report_reprinted_and_saved_as_word(qtbot, window, state, monkeypatch, tmp_path):
    w = window
    ext = w.reports_ext
    ext.actions["issue_report"].trigger()
    page = w.extensions.issued
    page.dialog.year.setValue(YEAR)
    page.dialog.ok_button.click()
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    ext.preview.close()
    ext.preview = None
    qtbot.waitUntil(lambda: not page.busy and len(page.model.items) == 1, timeout=10000)
    page.select_id(page.model.items[0].id)
    page.reprint_button.click()                     # exactly as issued
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    _answer_save_dialog(monkeypatch, state, tmp_path / "bao-cao.docx")
    word = _click_word(qtbot, ext.preview, tmp_path / "bao-cao.docx")
    assert "Số: 01/BC-UBND" in docx_text(word)
    _same_text(word, ext.preview.pdf)
    ext.preview.close()


def test_a_preview_of_bytes_alone_offers_no_word_copy(qtbot, tmp_path):
    from desktop.reports import documents as D
    from tests.reports.test_docx_out import ballots

    create_app()
    dlg = PreviewDialog("Phiếu bầu", D.to_pdf(ballots()), str(tmp_path / "phieu-bau.pdf"))
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.word_btn.isVisible() and dlg.save_word(tmp_path / "x.docx") is None
    assert not (tmp_path / "x.docx").exists()
