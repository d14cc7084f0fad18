"""The "In giấy khen…" button of the issued documents page: the Giấy khen of the selected award
decision (desktop.app.certificates), on plain paper with the whole design or on the province's
pre-printed blanks, with the printer's calibration offset (mm, remembered per printer on this PC in
the user's settings), a test page to measure it, and the preview of desktop.ui.preview to print or
save the PDF. The PDF is built off the GUI thread (the documents extension's ``run``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from desktop.ui.i18n import tr
from desktop.ui.issued.view import number_word
from desktop.ui.screen import fit_to_screen

SETTINGS = "certificates/{printer}/{what}"   # offset_x, offset_y in mm; blank: the last choice of paper
DEFAULT_PRINTER = "default"


def printers() -> list[str]:
    """The printers of this PC, the default first; empty when there is none (or no print support)."""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:  # pragma: no cover - a build without QtPrintSupport
        return []
    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    return sorted(names, key=lambda n: (n != default, n))


def _key(printer: str, what: str) -> str:
    return SETTINGS.format(printer=(printer or DEFAULT_PRINTER).replace("/", "_").replace("\\", "_"), what=what)


def saved_offset(printer: str) -> tuple[float, float]:
    s = QSettings()
    values = []
    for what in ("offset_x", "offset_y"):
        try:
            values.append(float(str(s.value(_key(printer, what), 0.0))))
        except (TypeError, ValueError):
            values.append(0.0)
    return values[0], values[1]


def save_offset(printer: str, offset_mm: tuple[float, float]) -> None:
    s = QSettings()
    s.setValue(_key(printer, "offset_x"), float(offset_mm[0]))
    s.setValue(_key(printer, "offset_y"), float(offset_mm[1]))


class CertificateDialog(QDialog):
    """Paper (plain or blanks), the printer and its offsets; ``preview_wanted(blank, dx, dy)`` and
    ``test_wanted(dx, dy)`` when a button is pressed (the offsets are saved first)."""

    preview_wanted = Signal(bool, float, float)
    test_wanted = Signal(float, float)

    def __init__(self, parent, info, max_offset_mm: float = 30.0):
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(tr("In giấy khen"))
        lay = QVBoxLayout(self)
        head = QLabel(tr("Giấy khen theo quyết định {number} ngày {date}: {count} tờ, mỗi đối tượng một tờ, in từ "
                         "nội dung đã ban hành.").format(number=number_word(info), date=f"{info.issued_on:%d/%m/%Y}",
                                                         count=info.row_count))
        head.setWordWrap(True)
        lay.addWidget(head)
        self.plain = QRadioButton(tr("Giấy trắng: in đủ mẫu (khung, Quốc hiệu, tiêu ngữ, tên giấy khen)"))
        self.blank = QRadioButton(tr("Phôi in sẵn của tỉnh: chỉ in nội dung vào đúng chỗ trên phôi"))
        group = QButtonGroup(self)
        for b in (self.plain, self.blank):
            group.addButton(b)
            lay.addWidget(b)
        form = QFormLayout()
        self.printer = QComboBox()
        names = printers()
        for n in names:
            self.printer.addItem(n, n)
        if not names:
            self.printer.addItem(tr("Máy in mặc định"), DEFAULT_PRINTER)
        form.addRow(tr("Máy in:"), self.printer)
        self.offset_x, self.offset_y = QDoubleSpinBox(), QDoubleSpinBox()
        for box in (self.offset_x, self.offset_y):
            box.setRange(-max_offset_mm, max_offset_mm)
            box.setDecimals(1)
            box.setSingleStep(0.5)
            box.setSuffix(" mm")
        form.addRow(tr("Độ lệch ngang (dương: sang phải):"), self.offset_x)
        form.addRow(tr("Độ lệch dọc (dương: xuống dưới):"), self.offset_y)
        lay.addLayout(form)
        hint = QLabel(tr("Độ lệch là riêng của từng máy in và được nhớ trên máy này. In trang thử trên giấy trắng cùng "
                         "khổ phôi, đo từ mép giấy tới tâm từng dấu chữ thập; độ lệch mới = độ lệch đang dùng + "
                         "(vị trí ghi trên dấu − số đo được)."))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        buttons = QDialogButtonBox()
        self.test_button = QPushButton(tr("In trang thử…"))
        self.preview_button = QPushButton(tr("Xem trước, in, lưu PDF…"))
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(buttons)
        lay.addLayout(row)
        self.test_button.clicked.connect(self._test)
        self.preview_button.clicked.connect(self._preview)
        self.printer.currentIndexChanged.connect(lambda _i: self._load_offset())
        self.plain.toggled.connect(lambda _on: self._paper_changed())
        remembered = QSettings().value(_key("", "blank"), False)
        (self.blank if str(remembered).lower() in ("true", "1") else self.plain).setChecked(True)
        self._load_offset()
        self._paper_changed()
        fit_to_screen(self, 560, 360)

    def printer_key(self) -> str:
        return str(self.printer.currentData() or DEFAULT_PRINTER)

    def offset(self) -> tuple[float, float]:
        return self.offset_x.value(), self.offset_y.value()

    def _load_offset(self) -> None:
        x, y = saved_offset(self.printer_key())
        self.offset_x.setValue(x)
        self.offset_y.setValue(y)

    def _paper_changed(self) -> None:
        on_blank = self.blank.isChecked()
        for w in (self.offset_x, self.offset_y):
            w.setEnabled(on_blank)

    def _remember(self) -> None:
        save_offset(self.printer_key(), self.offset())
        QSettings().setValue(_key("", "blank"), self.blank.isChecked())

    def _test(self) -> None:
        self._remember()
        self.accept()
        self.test_wanted.emit(*self.offset())

    def _preview(self) -> None:
        self._remember()
        self.accept()
        blank = self.blank.isChecked()
        dx, dy = self.offset() if blank else (0.0, 0.0)
        self.preview_wanted.emit(blank, dx, dy)


def open_certificates(page, info) -> CertificateDialog | None:
    """The dialog for the award decision ``info``; the preview (or the test page) when asked."""
    from desktop.app.certificates import load_rules

    dlg = CertificateDialog(page, info, load_rules().max_offset_mm)
    dlg.preview_wanted.connect(lambda blank, dx, dy: preview(page, info, blank, (dx, dy)))
    dlg.test_wanted.connect(lambda dx, dy: test_page(page, (dx, dy)))
    page.dialog = dlg
    dlg.open()
    return dlg


def preview(page, info, blank: bool, offset_mm: tuple[float, float]) -> None:
    db, doc_id = page.window_.db, info.id

    def work(_progress, _cancelled):
        from desktop.app.certificates import pdf

        title, data, _pages = pdf(db, doc_id, blank=blank, offset_mm=offset_mm)
        return title, data

    stem = "giay-khen-phoi" if blank else "giay-khen"  # i18n: keep (file name)
    number = f"{info.number:02d}" if info.number is not None else f"ma-{info.id}"
    page.window_.extensions.reports.run(work, f"{stem}-{number}-{info.issue_year}.pdf")


def test_page(page, offset_mm: tuple[float, float]) -> None:
    def work(_progress, _cancelled):
        from desktop.app.certificates import test_page as build

        return tr("Trang thử in phôi giấy khen"), build(offset_mm)

    page.window_.extensions.reports.run(work, "trang-thu-phoi-giay-khen.pdf")  # i18n: keep (file name)


__all__ = ["CertificateDialog", "open_certificates", "preview", "test_page", "saved_offset", "save_offset"]
