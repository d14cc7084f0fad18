"""The documents' preview draws pages lazily and prints one page at a time through the real print
dialog, honouring its page range; windows open within the screen's available geometry."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLineEdit, QRadioButton, QSpinBox

from desktop.ui import preview
from desktop.ui.app import create_app
from desktop.ui.screen import centred, fit_size, fit_to_screen
from tests.ui.test_trust_ui import on_next_modal


def _grey(i: int) -> int:
    return 20 + 9 * i  # page i's own shade, to tell the printed pages apart


def make_pdf(pages: int) -> bytes:
    """``pages`` A4 pages, each filled with its own shade of grey."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(1, pages + 1):
        g = _grey(i) / 255
        c.setFillColorRGB(g, g, g)
        c.rect(0, 0, A4[0], A4[1], stroke=0, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def printed_shades(path) -> list[int]:
    """The shade in the middle of each page of a printed PDF (pypdf counts; pdfium looks)."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    n = len(PdfReader(str(path)).pages)
    doc = pdfium.PdfDocument(str(path))
    try:
        assert len(doc) == n
        out = []
        for i in range(n):
            img = doc[i].render(scale=0.05).to_pil().convert("L")
            out.append(img.getpixel((img.width // 2, img.height // 2)))
        return out
    finally:
        doc.close()


@pytest.fixture
def dialog(qtbot, monkeypatch):
    create_app()
    monkeypatch.setattr(preview, "PRINT_DPI_CAP", 50)  # the tests look at shades, not type: keep them quick

    def make(pages: int) -> preview.PreviewDialog:
        dlg = preview.PreviewDialog("Thử", make_pdf(pages), "thu.pdf")
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        return dlg

    return make


def test_preview_renders_only_the_pages_in_view(qtbot, dialog):
    dlg = dialog(40)
    dlg.grab()  # paints what is in view
    canvas = dlg.canvas
    assert 0 in canvas.rendered and len(set(canvas.rendered)) <= 2, canvas.rendered
    assert dlg.where.text().endswith("1/40")
    bar = dlg.area.verticalScrollBar()
    bar.setValue(bar.maximum())
    dlg.grab()
    assert 39 in canvas.rendered
    assert 20 not in canvas.rendered  # the pages scrolled past were never drawn
    assert len(set(canvas.rendered)) <= 4 and len(canvas.cache) <= preview.CACHE_PAGES
    assert dlg.where.text().endswith("40/40")


def _print_through_dialog(qtbot, dlg, out, setup) -> None:
    """Press 'In…', fill the real print dialog (file, then ``setup``) and press its Print button."""

    def handle(pd):
        pd.findChild(QLineEdit, "filename").setText(str(out))
        setup(pd)
        pd.accept()

    state = on_next_modal(handle)
    qtbot.mouseClick(dlg.print_btn, Qt.MouseButton.LeftButton)
    if state["error"]:
        raise state["error"]
    assert state["seen"] is not None
    qtbot.waitUntil(lambda: dlg.print_task is None and out.exists(), timeout=10000)


def test_print_button_prints_every_page(qtbot, dialog, tmp_path):
    dlg = dialog(4)
    out = tmp_path / "all.pdf"
    _print_through_dialog(qtbot, dlg, out, lambda pd: pd.findChild(QRadioButton, "printAll").setChecked(True))
    assert dlg.printed == 4
    assert printed_shades(out) == pytest.approx([_grey(i) for i in range(1, 5)], abs=3)


def test_print_button_honours_the_page_range(qtbot, dialog, tmp_path):
    dlg = dialog(6)
    out = tmp_path / "range.pdf"

    def pages_2_to_4(pd):
        pd.findChild(QRadioButton, "printRange").setChecked(True)
        pd.findChild(QSpinBox, "from").setValue(2)
        pd.findChild(QSpinBox, "to").setValue(4)

    _print_through_dialog(qtbot, dlg, out, pages_2_to_4)
    assert printed_shades(out) == pytest.approx([_grey(i) for i in (2, 3, 4)], abs=3)
    assert "đã gửi 3 trang tới máy in" in dlg.info.text()


def test_pages_to_print_reads_the_printer_range():
    from PySide6.QtGui import QPageRanges

    create_app()
    p = QPrinter()
    assert preview.pages_to_print(p, 5) == [1, 2, 3, 4, 5]
    p.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert preview.pages_to_print(p, 5, current=3) == [3]
    p.setPrintRange(QPrinter.PrintRange.PageRange)
    p.setFromTo(4, 9)
    assert preview.pages_to_print(p, 5) == [4, 5]
    ranges = QPageRanges()
    ranges.addPage(1)
    ranges.addRange(3, 4)
    p.setPageRanges(ranges)
    assert preview.pages_to_print(p, 5) == [1, 3, 4]


# ---------------------------------------------------------------------------- sizes at 1366x768


def test_fit_size_keeps_windows_within_the_available_geometry():
    laptop = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel task bar
    assert fit_size(1200, 760, laptop) == QSize(1200, 688)
    assert fit_size(820, 900, laptop) == QSize(820, 688)
    assert fit_size(640, 420, laptop) == QSize(640, 420)
    small = QRect(0, 30, 1024, 570)
    assert fit_size(1200, 760, small) == QSize(1008, 530)
    pos = centred(QSize(1200, 688), laptop)
    assert pos.y() == 0 and pos.x() == (1366 - 1216) // 2


def test_main_window_and_preview_open_within_the_screen(qtbot, paths, dialog):
    from desktop.ui.main_window import MainWindow

    create_app()
    avail = QGuiApplication.primaryScreen().availableGeometry()
    w = MainWindow(None, paths)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert avail.contains(w.frameGeometry()), (w.frameGeometry(), avail)
    status = w.statusBar()
    assert status.isVisible() and status.geometry().bottom() < w.height()
    dlg = dialog(3)
    assert dlg.frameGeometry().height() <= avail.height() and dlg.frameGeometry().width() <= avail.width()
    # at 1366x768 (the helper takes the geometry: an offscreen screen's own cannot be changed)
    fit_to_screen(w, 1200, 760, centre=True, available=QRect(0, 0, 1366, 728))
    assert w.size() == QSize(1200, 688)
    assert QApplication.activeModalWidget() is None


def test_stopping_a_print_leaves_no_half_written_file(qtbot, dialog, tmp_path, monkeypatch):
    import threading

    dlg = dialog(5)
    in_render, release = threading.Event(), threading.Event()
    render = preview.PdfPages.render

    def slow_render(self, index, scale):  # the worker waits on page 1 until the officer presses Dừng
        if threading.current_thread() is not threading.main_thread() and not in_render.is_set():
            in_render.set()
            release.wait(5)
        return render(self, index, scale)

    monkeypatch.setattr(preview.PdfPages, "render", slow_render)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "stopped.pdf"
    printer.setOutputFileName(str(out))
    dlg.start_print(printer)
    assert in_render.wait(5)
    from PySide6.QtWidgets import QPushButton

    stop = dlg.progress.findChild(QPushButton)
    assert stop.text() == "Dừng"
    stop.click()
    release.set()
    qtbot.waitUntil(lambda: dlg.print_task is None, timeout=10000)
    assert dlg.printed == 1 and not out.exists()
    assert "đã dừng in, 1 trang đã gửi tới máy in" in dlg.info.text()
    assert dlg.print_btn.isEnabled()


def test_a_window_saved_half_off_the_screen_comes_back_onto_it(qtbot):
    from PySide6.QtWidgets import QWidget

    from desktop.ui.screen import keep_on_screen

    laptop = QRect(0, 0, 1366, 728)
    w = QWidget()
    qtbot.addWidget(w)
    w.setGeometry(-300, 500, 1900, 1000)  # saved on a 1920x1080 monitor, then moved
    keep_on_screen(w, laptop)
    assert (w.x(), w.y()) == (0, 0) and (w.width(), w.height()) == (1350, 688)
    w.setGeometry(900, 400, 640, 420)
    keep_on_screen(w, laptop)
    assert (w.x(), w.y()) == (1366 - 640 - 16, 728 - 420 - 40) and (w.width(), w.height()) == (640, 420)
