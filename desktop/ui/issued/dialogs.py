"""The dialogs of the "Văn bản đã ban hành" page: every field of an issued document with its rows
(``DetailDialog``), a correction, replacement or repeal (``ChangeDialog``) and the report to issue
(``ReportDialog``). The two forms stay open until what they ask is done: ``submitted`` carries the
values, the page runs the change and closes the dialog on success or shows the refusal in it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from desktop.shared.fmt import group
from desktop.ui.dialog_parts import problem_line, submit_buttons
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.issued.view import CHANGE_WORDS, kind_word, number_word, signer_text, status_text
from desktop.ui.screen import fit_to_screen

ROW_WORDS = {
    "subject_type": QT_TR_NOOP("Đối tượng"), "subject_id": QT_TR_NOOP("Mã đối tượng"),
    "title_code": QT_TR_NOOP("Mã danh hiệu"), "name": QT_TR_NOOP("Họ và tên / Tên tập thể"),
    "detail": QT_TR_NOOP("Đơn vị, chức vụ"), "amount": QT_TR_NOOP("Tiền thưởng (đồng)"),
    "method": QT_TR_NOOP("Hình thức"), "yes": QT_TR_NOOP("Đồng ý"), "no": QT_TR_NOOP("Không đồng ý"),
    "invalid": QT_TR_NOOP("Không hợp lệ"), "passed": QT_TR_NOOP("Đạt"), "label": QT_TR_NOOP("Nội dung"),
    "count": QT_TR_NOOP("Số lượng"), "withdrawn_awards": QT_TR_NOOP("Số khen thưởng đã thu hồi"),
}
VALUE_WORDS = {"person": QT_TR_NOOP("Cá nhân"), "collective": QT_TR_NOOP("Tập thể"),
               "household": QT_TR_NOOP("Hộ gia đình"), "secret": QT_TR_NOOP("Bỏ phiếu kín"),
               "hands": QT_TR_NOOP("Biểu quyết giơ tay")}
MAX_ROWS = 5000  # rows drawn in the detail table (the document itself holds them all)

# what each change does, said beside its radio button
CHANGE_HELP = {
    "dinh_chinh": QT_TR_NOOP("Sửa sai sót (tên, chức vụ, đơn vị) của cùng các trường hợp: văn bản mới lấy số mới, "
                             "văn bản cũ vẫn còn hiệu lực."),
    "thay_the": QT_TR_NOOP("Lập văn bản mới theo số liệu hiện nay thay cho văn bản cũ; văn bản cũ hết hiệu lực."),
    "bai_bo": QT_TR_NOOP("Hủy bỏ quyết định (không lập danh sách mới); quyết định cũ hết hiệu lực. Chỉ dùng cho "
                         "quyết định."),
}


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


def _date_edit(d: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setDate(_qdate(d))
    return edit


def _cell(key: str, value) -> str:
    if isinstance(value, bool):
        return tr("Có") if value else tr("Không")
    if key == "amount" and isinstance(value, int):
        return group(value)
    if isinstance(value, str) and value in VALUE_WORDS:
        return tr(VALUE_WORDS[value])
    return "" if value is None else str(value)


class DetailDialog(QDialog):
    """Every field of ``info``, the full hash, its rows and what it replaces or is replaced by."""

    def __init__(self, parent, info, rows: list[dict], replaces=None):
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(tr("Chi tiết văn bản {number}").format(number=number_word(info)))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}

        def add(key: str, label: str, text: str) -> None:
            value = QLabel(text)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[key] = value

        add("id", tr("Mã văn bản:"), str(info.id))
        add("number", tr("Số:"), number_word(info))
        add("kind", tr("Loại:"), tr("{kind} năm {year}").format(kind=kind_word(info.kind), year=info.year))
        add("issued_on", tr("Ngày ký:"), f"{info.issued_on:%d/%m/%Y}")
        add("title", tr("Trích yếu:"), info.title)
        add("signer", tr("Người ký:"), signer_text(info) or tr("(chưa ghi)"))
        add("created", tr("Ban hành bởi:"), tr("{who} lúc {time} (UTC)").format(
            who=info.created_by, time=f"{info.created_at:%d/%m/%Y %H:%M}"))
        add("rows", tr("Số dòng:"), str(info.row_count))
        if info.total_amount:
            add("total", tr("Tổng tiền:"), tr("{amount} đồng").format(amount=group(info.total_amount)))
        if info.catalog_version:
            salary = (tr(", lương cơ sở {amount} đồng").format(amount=group(info.base_salary))
                      if info.base_salary else "")
            add("catalog", tr("Danh mục danh hiệu:"), info.catalog_version + salary)
        add("sha256", tr("Mã băm SHA-256:"), info.sha256)
        if info.replaces_id:
            old = number_word(replaces) if replaces is not None else tr("mã {id}").format(id=info.replaces_id)
            add("replaces", tr("Thay đổi văn bản:"), tr("{change} văn bản {number} (mã {id}). Lý do: {reason}").format(
                change=tr(CHANGE_WORDS.get(info.change_kind, info.change_kind)), number=old, id=info.replaces_id,
                reason=info.change_reason))
        later = [tr("{change}: văn bản {number} (mã {id})").format(
            change=tr(CHANGE_WORDS.get(k, k)), number=n or tr("(không số)"), id=i) for i, k, n in info.replaced_by]
        add("replaced_by", tr("Văn bản sau:"), "\n".join(later) or tr("(chưa có)"))
        add("status", tr("Hiệu lực:"), status_text(info))
        lay.addLayout(form)
        keys = list(dict.fromkeys(k for r in rows[:MAX_ROWS] for k in r))
        self.rows = QTableWidget(min(len(rows), MAX_ROWS), len(keys))
        self.rows.setHorizontalHeaderLabels([tr(ROW_WORDS[k]) if k in ROW_WORDS else k for k in keys])
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows[:MAX_ROWS]):
            for c, k in enumerate(keys):
                self.rows.setItem(r, c, QTableWidgetItem(_cell(k, row.get(k))))
        self.rows.resizeColumnsToContents()
        lay.addWidget(QLabel(tr("Các dòng của văn bản:") if len(rows) <= MAX_ROWS else
                             tr("Các dòng của văn bản ({shown} dòng đầu trong {total}):").format(
                                 shown=MAX_ROWS, total=len(rows))))
        lay.addWidget(self.rows, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        fit_to_screen(self, 820, 640)


REPEALABLE = ("decision", "culture_decision")   # the kinds a decision of repeal (bãi bỏ) can name


class ChangeDialog(QDialog):
    """The change of ``info``: its kind (radio buttons, each with what it does), the reason (required),
    the date and the signer. ``submitted(change_kind, reason, on, signer)``."""

    submitted = Signal(str, str, object, str)

    def __init__(self, parent, info):
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(tr("Đính chính, thay thế, bãi bỏ văn bản {number}").format(number=number_word(info)))
        lay = QVBoxLayout(self)
        head = QLabel(tr("{kind} số {number} ngày {date}: {title}").format(
            kind=kind_word(info.kind), number=number_word(info), date=f"{info.issued_on:%d/%m/%Y}", title=info.title))
        head.setWordWrap(True)
        head.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(head)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for key in ("dinh_chinh", "thay_the", "bai_bo"):
            radio = QRadioButton(tr(CHANGE_WORDS[key]))
            self.radios[key] = radio
            self.group.addButton(radio)
            lay.addWidget(radio)
            helptext = QLabel(tr(CHANGE_HELP[key]))
            helptext.setWordWrap(True)
            helptext.setStyleSheet("color: #555; margin-left: 22px;")
            lay.addWidget(helptext)
        if info.kind not in REPEALABLE:  # only a decision is repealed; the rest are corrected or replaced
            self.radios["bai_bo"].setEnabled(False)
            self.radios["bai_bo"].setToolTip(tr("Chỉ quyết định mới bãi bỏ được; hãy lập văn bản thay thế hoặc "
                                                "đính chính."))
        self.radios["dinh_chinh"].setChecked(True)
        form = QFormLayout()
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(tr("Ví dụ: ghi sai tên đơn vị của ông Nguyễn Văn A"))
        self.reason.setMaximumHeight(80)
        form.addRow(tr("Lý do (bắt buộc):"), self.reason)
        self.on = _date_edit(dt.date.today())
        form.addRow(tr("Ngày ký văn bản mới:"), self.on)
        self.signer = QLineEdit(info.signer_name)
        form.addRow(tr("Người ký:"), self.signer)
        lay.addLayout(form)
        self.message = problem_line()
        lay.addWidget(self.message)
        buttons, self.ok_button = submit_buttons(self, tr("Lập văn bản…"), self.submit)
        lay.addWidget(buttons)
        fit_to_screen(self, 600, 520)

    def change_kind(self) -> str:
        return next(k for k, r in self.radios.items() if r.isChecked())

    def submit(self) -> bool:
        reason = " ".join(self.reason.toPlainText().split())
        if not reason:
            self.show_error(tr("Hãy ghi lý do đính chính, thay thế hoặc bãi bỏ."))
            self.reason.setFocus()
            return False
        self.message.setText(" ")
        self.submitted.emit(self.change_kind(), reason, _pydate(self.on), self.signer.text().strip())
        return True

    def working(self) -> None:
        """The change runs: not asked twice."""
        self.ok_button.setEnabled(False)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.ok_button.setEnabled(True)


# the report's parts only a person can write (desktop.app.report_sources.TEXT_KEYS): a box each
REPORT_TEXTS = (
    ("organization", QT_TR_NOOP("Chỉ đạo, tổ chức"), QT_TR_NOOP("Công tác chỉ đạo, tổ chức phong trào thi đua (thêm "
                                                            "vào số liệu đăng ký thi đua)")),
    ("results", QT_TR_NOOP("Kết quả"), QT_TR_NOOP("Kết quả nổi bật theo các lĩnh vực thi đua")),
    ("strengths", QT_TR_NOOP("Ưu điểm"), QT_TR_NOOP("Đánh giá chung: ưu điểm")),
    ("weaknesses", QT_TR_NOOP("Hạn chế"), QT_TR_NOOP("Đánh giá chung: hạn chế")),
    ("causes", QT_TR_NOOP("Nguyên nhân"), QT_TR_NOOP("Nguyên nhân của hạn chế")),
    ("directions", QT_TR_NOOP("Phương hướng"), QT_TR_NOOP("Phương hướng, nhiệm vụ kỳ tới")),
)


class ReportDialog(QDialog):
    """The report to issue: year, interim (H1) or annual (Y), the date it is signed, and the parts only
    a person can write (each paragraph on its own line; a part left empty prints dotted lines to write
    in). ``submitted(year, period, on)``; ``texts()`` the parts."""

    submitted = Signal(int, str, object)

    def __init__(self, parent, year: int):
        super().__init__(parent)
        self.setWindowTitle(tr("Ban hành báo cáo phong trào thi đua"))
        lay = QVBoxLayout(self)
        hint = QLabel(tr("Báo cáo được lấy số (…/BC-UBND) trong sổ văn bản của năm ký và lưu nguyên nội dung theo số "
                         "liệu hôm nay: in lại luôn ra đúng bản này. In từ menu Văn bản chỉ là bản nháp, chưa có số."))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        form.addRow(tr("Năm báo cáo:"), self.year)
        self.h1 = QRadioButton(tr("Sơ kết 6 tháng đầu năm"))
        self.annual = QRadioButton(tr("Tổng kết năm"))
        self.annual.setChecked(True)
        form.addRow(tr("Kỳ báo cáo:"), self.h1)
        form.addRow("", self.annual)
        self.on = _date_edit(dt.date.today())
        form.addRow(tr("Ngày ký:"), self.on)
        lay.addLayout(form)
        self.parts = QTabWidget()
        self.boxes: dict[str, QPlainTextEdit] = {}
        for key, tab, hint_text in REPORT_TEXTS:
            box = QPlainTextEdit()
            box.setPlaceholderText(tr(hint_text) + " — " + tr("để trống: báo cáo in dòng chấm để viết tay"))
            self.boxes[key] = box
            self.parts.addTab(box, tr(tab))
        lay.addWidget(QLabel(tr("Phần cán bộ viết (mỗi đoạn một dòng):")))
        lay.addWidget(self.parts, 1)
        self.message = problem_line()
        lay.addWidget(self.message)
        buttons, self.ok_button = submit_buttons(self, tr("Ban hành…"), self.submit)
        lay.addWidget(buttons)
        fit_to_screen(self, 640, 560)

    def texts(self) -> dict[str, str]:
        return {key: box.toPlainText() for key, box in self.boxes.items() if box.toPlainText().strip()}

    def period(self) -> str:
        return "H1" if self.h1.isChecked() else "Y"

    def submit(self) -> None:
        self.message.setText(" ")
        self.submitted.emit(self.year.value(), self.period(), _pydate(self.on))

    def working(self) -> None:
        """The change runs: not asked twice."""
        self.ok_button.setEnabled(False)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.ok_button.setEnabled(True)
