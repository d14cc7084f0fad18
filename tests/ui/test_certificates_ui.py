""""In giấy khen…" on the issued documents page (offscreen): enabled for an award decision in force,
the dialog (plain paper or blanks, the printer's offsets remembered in the user's settings), the test
page and the preview of one page per award, moved by the offsets on the blanks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from desktop.app import issuing
from desktop.app.issuing_review import review
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.issued.certificates import CertificateDialog, saved_offset
from desktop.ui.main_window import MainWindow
from tests.review.conftest import YEAR, Commune
from tests.review.test_certificates import placed


@pytest.fixture
def state(monkeypatch):
    s = {"errors": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: None)
    QSettings().remove("certificates")
    yield s
    QSettings().remove("certificates")


@pytest.fixture
def window(qtbot, workspace, paths):
    c = Commune(workspace)
    unit = c.unit("Trạm Y tế xã Tiên Du")
    for name, sex in (("Trần Văn Dũng", "nam"), ("Lê Thị Hạnh", "nu"), ("Phạm Văn Long", "nam")):
        c.register(("person", c.person(name, unit=unit, rating="xuat_sac", sex=sex)), "LDTT")
    made = review(workspace, "Nguyễn Thị Hoa").decide(YEAR, dt.date(YEAR, 12, 10), "Lê Văn Minh", "Chủ tịch", "")
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.resize(1366, 728)
    w.show()
    w.decision_id = issuing.of_source(workspace, "review_decision", made.id).id
    return w


def _open_issued(qtbot, w):
    page = w.extensions.issued
    keys = [w.nav.item(i).data(256) for i in range(w.nav.count())]
    w.nav.setCurrentRow(keys.index("issued"))
    page.year.setValue(YEAR)
    qtbot.waitUntil(lambda: not page.busy and bool(page.model.items), timeout=10000)
    return page


def _preview(qtbot, ext, paper: str = "") -> bytes:
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    data = ext.preview.pdf
    if paper:
        assert ext.preview.info.text() == paper
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        ext.preview.page_setup(printer)  # printed 1:1 on the certificate's paper, not shrunk onto A4
        layout = printer.pageLayout()
        assert layout.orientation() == QPageLayout.Orientation.Landscape
        assert layout.pageSize().id() in (QPageSize.PageSizeId.A3, QPageSize.PageSizeId.A4)
    ext.preview.close()
    ext.preview = None
    return data


def test_certificates_from_the_issued_page(qtbot, window, state):
    w, ext = window, window.reports_ext
    page = _open_issued(qtbot, w)
    assert not page.certificates_button.isEnabled()  # nothing selected
    assert page.select_id(w.decision_id)
    assert page.certificates_button.isEnabled()
    page.certificates_button.click()
    dlg = page.dialog
    assert isinstance(dlg, CertificateDialog) and dlg.isVisible()
    assert dlg.width() <= 1366 and dlg.height() <= 728
    assert dlg.plain.isChecked() and not dlg.offset_x.isEnabled()

    # plain paper: one page per award, the whole design
    dlg.preview_button.click()
    data = _preview(qtbot, ext, "3 trang, khổ A4 ngang")
    pages = placed(data)
    assert len(pages) == 3 and not state["errors"]
    assert all("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in {t for t, _x, _y in p} for p in pages)

    # the blanks, the offsets typed once: remembered for this printer, and every line moved by them
    page.certificates_button.click()
    dlg = page.dialog
    dlg.blank.setChecked(True)
    assert dlg.offset_x.isEnabled()
    dlg.preview_button.click()
    base = placed(_preview(qtbot, ext, "3 trang, khổ A3 ngang"))
    assert len(base) == 3 and all("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in {t for t, _x, _y in p} for p in base)
    page.certificates_button.click()
    dlg = page.dialog
    assert dlg.blank.isChecked()  # the last choice of paper
    dlg.offset_x.setValue(1.5)
    dlg.offset_y.setValue(-2.0)
    dlg.preview_button.click()
    moved = placed(_preview(qtbot, ext))
    for (t0, x0, y0), (t1, x1, y1) in zip(base[0], moved[0], strict=True):
        assert t0 == t1 and x1 - x0 == pytest.approx(1.5, abs=0.01) and y1 - y0 == pytest.approx(-2.0, abs=0.01)
    assert saved_offset(dlg.printer_key()) == (1.5, -2.0)

    # a new dialog reads them back; the test page is printed with them
    page.certificates_button.click()
    dlg = page.dialog
    assert (dlg.offset_x.value(), dlg.offset_y.value()) == (1.5, -2.0)
    dlg.test_button.click()
    words = " ".join(t for t, _x, _y in placed(_preview(qtbot, ext))[0])
    assert "TRANG THỬ IN PHÔI GIẤY KHEN" in words and "ngang (x) +1.5 mm, dọc (y) -2 mm" in words
    assert not state["errors"]


def test_the_button_is_off_for_what_has_no_certificates(qtbot, window, state):
    w = window
    from desktop.app.issuing_review import supersede

    new = supersede(w.db, w.decision_id, "bai_bo", "Khen nhầm", "Nguyễn Thị Hoa", on=dt.date(YEAR, 12, 20))
    page = _open_issued(qtbot, w)
    qtbot.waitUntil(lambda: len(page.model.items) == 2, timeout=10000)
    for doc_id in (w.decision_id, new.id):  # repealed; the repeal itself
        assert page.select_id(doc_id)
        assert not page.certificates_button.isEnabled()
