"""The documents' preview window: the PDF's pages drawn lazily, printed, saved as PDF, and saved as an
editable Word copy (desktop.reports.docx_out, the same text, laid out off the GUI thread).

PySide6-Essentials has no QtPdf, so pypdfium2 draws the pages. Nothing is rasterised up front: the
preview renders a page only when it scrolls into view and keeps a few in a small cache, and printing
renders one page at the printer's resolution (capped at ``PRINT_DPI_CAP``), paints it, drops it and
goes on to the next, off the GUI thread, honouring the page range chosen in the print dialog. Memory
is flat in the page count (bench/bench_print_memory.py).

pdfium is not thread-safe, not even across documents: every call into it holds ``_PDFIUM_LOCK``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import failure_message, run_task

_PDFIUM_LOCK = threading.RLock()
PRINT_DPI_CAP = 300      # a printer's 600 or 1200 dpi gains nothing on text set at 12 pt
PAGE_WIDTH = 700         # pixels of a page on screen
PAGE_GAP = 12
CACHE_PAGES = 6          # rendered pages kept for scrolling back and forth


class PdfPages:
    """An open PDF: the page count and sizes up front (cheap), one page rendered on request."""

    def __init__(self, pdf: bytes):
        self._pdf = pdf
        self._doc = None
        with _PDFIUM_LOCK:
            doc = self._open()
            self.sizes: list[tuple[float, float]] = [doc.get_page_size(i) for i in range(len(doc))]

    def _open(self):
        import pypdfium2 as pdfium

        if self._doc is None:
            self._doc = pdfium.PdfDocument(self._pdf)
        return self._doc

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, scale: float) -> QImage:
        """Page ``index`` (0-based) at ``scale`` pixels per point, as a QImage that owns its pixels."""
        import pypdfium2.raw as pdfium_c

        with _PDFIUM_LOCK:
            page = self._open()[index]
            try:
                bitmap = page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRx)
                try:
                    img = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                                 QImage.Format.Format_RGB32).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
        return img

    def close(self) -> None:
        """Free pdfium's copy of the document; a later render opens it again."""
        with _PDFIUM_LOCK:
            if self._doc is not None:
                self._doc.close()
                self._doc = None


def render_pages(pdf: bytes, dpi: int = 96) -> list[QImage]:
    """Every page as an image: for small documents only (tests, one-page papers); the preview and
    printing never call this."""
    doc = PdfPages(pdf)
    try:
        return [doc.render(i, dpi / 72) for i in range(len(doc))]
    finally:
        doc.close()


def pages_to_print(printer, count: int, current: int = 1) -> list[int]:
    """The 1-based page numbers the print dialog asked for: all, the current page, a from–to range, or
    a list of ranges ("1-3, 7"), within 1..count."""
    from PySide6.QtPrintSupport import QPrinter

    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [min(max(current, 1), count)] if count else []
    if mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [p for p in range(1, count + 1) if ranges.contains(p)]
        first, last = printer.fromPage() or 1, printer.toPage() or count
        return list(range(max(first, 1), min(last, count) + 1))
    return list(range(1, count + 1))


def print_pdf(pdf: bytes, printer, pages: Iterable[int], progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> int:
    """Paint ``pages`` (1-based) of ``pdf`` onto ``printer``, one at a time: render at the printer's
    resolution (at most ``PRINT_DPI_CAP``), paint, drop, next. The page fills the sheet as the PDF
    laid it out (its own margins). Returns the number of pages printed; a cancel aborts the job."""
    pages = list(pages)
    doc = PdfPages(pdf)
    printer.setFullPage(True)  # the PDF carries the document's margins; print it 1:1 on the sheet
    dpi = min(PRINT_DPI_CAP, printer.resolution())
    painter = QPainter()
    done = 0
    stopped = False
    try:
        if not pages:
            return 0
        if not painter.begin(printer):
            if printer.outputFileName():
                raise UserError(tr("Không ghi được tệp {path}. Hãy chọn thư mục khác rồi in lại.").format(
                    path=printer.outputFileName()))
            raise UserError(tr("Không mở được máy in. Hãy kiểm tra máy in đã bật và kết nối, rồi in lại."))
        for n, number in enumerate(pages):
            if cancelled():
                printer.abort()
                stopped = True
                break
            if n:
                printer.newPage()
            img = doc.render(number - 1, dpi / 72)
            rect = painter.viewport()
            size = img.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), img)
            del img
            done += 1
            if progress is not None:
                progress(done, len(pages))
    finally:
        if painter.isActive():
            painter.end()
        doc.close()
    if stopped and printer.outputFileName():  # printing to a file: no half-written file is left behind
        Path(printer.outputFileName()).unlink(missing_ok=True)
    return done


class PagesCanvas(QWidget):
    """All the pages one under another, as tall as the document; paints only the pages in the exposed
    rectangle, rendering each on first sight and keeping the last ``CACHE_PAGES`` of them."""

    def __init__(self, doc: PdfPages, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.cache: OrderedDict[int, QImage] = OrderedDict()
        self.rendered: list[int] = []  # every render, in order (what the tests look at)
        self.tops: list[int] = []
        y = PAGE_GAP
        for w, h in doc.sizes:
            self.tops.append(y)
            y += round(h * PAGE_WIDTH / w) + PAGE_GAP
        self._height = y
        self.setFixedSize(PAGE_WIDTH + 2 * PAGE_GAP, max(y, 1))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(PAGE_WIDTH + 2 * PAGE_GAP, self._height)

    def page_rect(self, index: int) -> QRect:
        w, h = self.doc.sizes[index]
        return QRect(PAGE_GAP, self.tops[index], PAGE_WIDTH, round(h * PAGE_WIDTH / w))

    def page_at(self, y: int) -> int:
        """0-based index of the page at height ``y`` (the last one that starts above it)."""
        import bisect

        return max(0, bisect.bisect_right(self.tops, y) - 1) if self.tops else 0

    def image(self, index: int) -> QImage:
        img = self.cache.get(index)
        if img is not None:
            self.cache.move_to_end(index)
            return img
        w, _h = self.doc.sizes[index]
        ratio = self.devicePixelRatioF()
        img = self.doc.render(index, PAGE_WIDTH * ratio / w)
        img.setDevicePixelRatio(ratio)
        self.rendered.append(index)
        self.cache[index] = img
        while len(self.cache) > CACHE_PAGES:
            self.cache.popitem(last=False)
        return img

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self.tops:
            return
        area = event.rect()
        painter = QPainter(self)
        try:
            painter.fillRect(area, QColor("#808080"))
            painter.setPen(QPen(QColor("#444444")))
            for i in range(self.page_at(area.top()), len(self.tops)):
                rect = self.page_rect(i)
                if rect.top() > area.bottom():
                    break
                if not rect.intersects(area):
                    continue
                painter.drawImage(rect, self.image(i))
                painter.drawRect(rect.adjusted(-1, -1, 0, 0))
        finally:
            painter.end()


class PreviewDialog(QDialog):
    """The document's pages, drawn as they come into view, with 'In…', 'Lưu PDF…' and, when the
    document itself is given, 'Lưu Word…'."""

    def __init__(self, title: str, pdf: bytes, suggested_name: str, parent=None, document=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Xem trước – {title}").format(title=title))
        self.pdf = pdf
        self.document = document   # what the PDF was laid out from (desktop.reports.documents)
        self.word_task = None
        self.suggested = suggested_name
        self.doc = PdfPages(pdf)
        self.page_count = len(self.doc)
        self.print_task = None
        self.printed = 0
        self.progress: QProgressDialog | None = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.info = QLabel(self.paper_text())
        self.where = QLabel()
        bar.addWidget(self.info)
        bar.addWidget(self.where)
        bar.addStretch(1)
        self.print_btn = QPushButton(tr("In…"))
        self.print_btn.clicked.connect(self.print_pages)
        self.save_btn = QPushButton(tr("Lưu PDF…"))
        self.save_btn.clicked.connect(self.save_pdf)
        self.word_btn = QPushButton(tr("Lưu Word…"))
        self.word_btn.setToolTip(tr("Lưu bản Word (.docx) cùng nội dung để sửa, bổ sung trước khi in"))
        self.word_btn.clicked.connect(lambda: self.save_word())
        self.word_btn.setVisible(document is not None)
        close = QPushButton(tr("Đóng"))
        close.clicked.connect(self.reject)
        for b in (self.print_btn, self.save_btn, self.word_btn, close):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.canvas = PagesCanvas(self.doc)
        self.area = QScrollArea()
        self.area.setWidget(self.canvas)
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.area.setStyleSheet("QScrollArea { background: #808080; }")
        self.area.verticalScrollBar().setSingleStep(40)
        self.area.verticalScrollBar().valueChanged.connect(self._scrolled)
        lay.addWidget(self.area, 1)
        self._scrolled()
        fit_to_screen(self, PAGE_WIDTH + 2 * PAGE_GAP + 60, 900)

    def paper_text(self) -> str:
        """"3 trang, khổ A4", or the paper of the first page when it is not A4 upright (the certificates)."""
        w, h = self.doc.sizes[0] if self.doc.sizes else (595.28, 841.89)
        mm = (round(w * 25.4 / 72), round(h * 25.4 / 72))
        if mm == (210, 297):
            return tr("%n trang, khổ A4", "", self.page_count)
        named = {(210, 297): "A4", (297, 420): "A3"}.get((min(mm), max(mm)))
        paper = named or tr("{width} × {height} mm").format(width=mm[0], height=mm[1])
        if named and w > h:
            paper = tr("{paper} ngang").format(paper=paper)
        return tr("%n trang, khổ {paper}", "", self.page_count).format(paper=paper)

    def page_setup(self, printer) -> None:
        """The printer's paper and orientation those of the PDF's first page: a certificate blank
        printed 1:1, its fields where they are measured to be (not shrunk onto an A4 sheet)."""
        from PySide6.QtCore import QSizeF
        from PySide6.QtGui import QPageLayout, QPageSize

        if not self.doc.sizes:
            return
        w, h = self.doc.sizes[0]
        size = QPageSize(QSizeF(min(w, h), max(w, h)), QPageSize.Unit.Point, "",
                         QPageSize.SizeMatchPolicy.FuzzyMatch)
        printer.setPageSize(size)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait)

    def current_page(self) -> int:
        """1-based number of the page at the middle of the view."""
        bar = self.area.verticalScrollBar()
        return self.canvas.page_at(bar.value() + self.area.viewport().height() // 2) + 1

    def _scrolled(self, _value: int = 0) -> None:
        if self.page_count:
            self.where.setText(tr("– trang {page}/{count}").format(page=self.current_page(), count=self.page_count))

    def save_pdf(self, path: Path | None = None) -> Path | None:
        from desktop.reports.layout import write_file
        from desktop.ui.reports_ui import save_path  # the documents' file dialogs, in one place

        path = path or save_path(self, tr("Lưu PDF"), self.suggested, tr("Tệp PDF (*.pdf)"))
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            write_file(path, self.pdf)
        except UserError as exc:
            prompts.error(self, tr("Không lưu được"), exc.message)
            return None
        prompts.inform(self, tr("Đã lưu"), tr("Đã lưu văn bản vào {path}.").format(path=path))
        return path

    def save_word(self, path: Path | None = None) -> Path | None:
        """The Word copy of the document: where to save it, then laid out off the GUI thread (a long list
        takes a few seconds) and written through a temporary file; the officer is told where it is."""
        from desktop.ui.reports_ui import save_path

        if self.document is None or self.word_task is not None:
            return None
        suggested = str(Path(self.suggested).with_suffix(".docx"))
        path = path or save_path(self, tr("Lưu Word"), suggested, tr("Tài liệu Word (*.docx)"))
        if path is None:
            return None
        if path.suffix.lower() != ".docx":
            path = path.with_suffix(".docx")
        doc, target = self.document, path
        self.word_btn.setEnabled(False)
        self.word_btn.setText(tr("Đang lưu Word…"))  # a long list takes a few seconds

        def work(progress, cancelled):
            from desktop.reports.docx_out import to_docx

            to_docx(doc, target, progress, cancelled)
            return target

        def finish() -> None:
            self.word_task = None
            self.word_btn.setEnabled(True)
            self.word_btn.setText(tr("Lưu Word…"))

        def done(saved: Path) -> None:
            finish()
            prompts.inform(self, tr("Đã lưu"), tr("Đã lưu bản Word vào {path}.").format(path=saved))

        def failed(exc: Exception) -> None:
            finish()
            prompts.error(self, tr("Không lưu được"), failure_message(exc))

        self.word_task = run_task(work, done, failed)
        return path

    def print_pages(self) -> None:
        """The print dialog (pages 1..count, the current page offered), then the chosen pages to the
        printer off the GUI thread, one at a time, with a progress dialog that can stop the job."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        if self.print_task is not None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        self.page_setup(printer)
        dlg = QPrintDialog(printer, self)
        dlg.setMinMax(1, max(self.page_count, 1))
        dlg.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        self.start_print(printer)

    def start_print(self, printer) -> None:
        pages = pages_to_print(printer, self.page_count, self.current_page())
        pdf = self.pdf
        self.print_btn.setEnabled(False)
        self.progress = QProgressDialog(tr("Đang in…"), tr("Dừng"), 0, len(pages), self)
        self.progress.setWindowTitle(tr("Đang in"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(500)

        def progress(done: int, total: int) -> None:
            dlg = self.progress
            if dlg is not None:
                dlg.setLabelText(tr("Đang in trang {done}/{total}…").format(done=done, total=total))
                dlg.setValue(done)

        def finish() -> None:
            self.print_task = None
            self.print_btn.setEnabled(True)
            if self.progress is not None:
                self.progress.close()
                self.progress = None

        def done(n: int) -> None:
            stopped = task.is_cancelled()
            finish()
            self.printed = n
            self.info.setText(self.paper_text() + " – " + (
                tr("đã dừng in, %n trang đã gửi tới máy in", "", n) if stopped
                else tr("đã gửi %n trang tới máy in", "", n)))

        def failed(exc: Exception) -> None:
            finish()
            prompts.error(self, tr("Không in được"), failure_message(exc))

        # the printer lives as long as the task: the worker holds it through this closure
        task = self.print_task = run_task(lambda p, c: print_pdf(pdf, printer, pages, p, c), done, failed, progress)
        self.progress.canceled.connect(task.cancel)

    def paint_to(self, printer) -> int:
        """Every page (or the printer's page range) onto ``printer``, on this thread."""
        return print_pdf(self.pdf, printer, pages_to_print(printer, self.page_count, self.current_page()))

    def hideEvent(self, event) -> None:  # noqa: N802 - a closed preview keeps no pixels, no pdfium document
        self.canvas.cache.clear()
        self.doc.close()
        super().hideEvent(event)
