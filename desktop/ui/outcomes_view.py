"""The province's "Xét đề nghị" page, the view: year and filters on top, the buttons, the table of
received proposal rows (several can be selected), and the three dialogs (accept under a decision,
return with a reason, print the decision). What the buttons do is desktop.ui.outcomes_ui."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.app import outcomes as oc
from desktop.shared.errors import UserError
from desktop.shared.fmt import day_text
from desktop.ui.dialog_parts import page_title
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.models import Column, ObjectTableModel

STATUS_COLORS = {"accepted": "#1b5e20", "returned": "#b00020"}
STATUS_FILTER: tuple[tuple[str | None, str], ...] = ((None, QT_TR_NOOP("Tất cả")), ("pending", QT_TR_NOOP("Chưa xét")),
                 ("accepted", QT_TR_NOOP("Đã duyệt")), ("returned", QT_TR_NOOP("Trả lại")))


def _ballot(r: oc.ProposalRow) -> str:
    return r.ballot.text() if r.ballot is not None else ""


def _outcome(r: oc.ProposalRow) -> str:
    """The row's state in the words of the status filter ("Đã duyệt", not the bare verb of the button)."""
    return tr(dict(STATUS_FILTER).get(r.status) or oc.STATUS_TEXT.get(r.status, r.status))


class RowsModel(ObjectTableModel):
    columns = (
        Column(QT_TR_NOOP("Xã, phường"), lambda r: r.commune_name),
        Column(QT_TR_NOOP("Số"), lambda r: r.local_id, sort=lambda r: r.local_id, align="R",
               tip=lambda r: r.uid),
        Column(QT_TR_NOOP("Họ và tên / Tên tập thể"), lambda r: r.subject_name, tip=lambda r: r.subject_name),
        Column(QT_TR_NOOP("Danh hiệu, hình thức"), lambda r: r.title_name, tip=lambda r: r.title_name),
        Column(QT_TR_NOOP("Kết quả"), _outcome, sort=lambda r: r.status),
        Column(QT_TR_NOOP("Quyết định / Lý do"), lambda r: r.outcome_text, tip=lambda r: r.outcome_text),
        Column(QT_TR_NOOP("Tờ trình"), lambda r: r.proposal_number,
               tip=lambda r: day_text(r.proposal_signed_on)),
        Column(QT_TR_NOOP("Biểu quyết"), _ballot, tip=_ballot),
        Column(QT_TR_NOOP("Chức vụ, đơn vị"), lambda r: r.subject_detail, tip=lambda r: r.subject_detail),
    )

    def color(self, obj) -> str | None:
        return STATUS_COLORS.get(obj.status)


# the columns of long texts, wrapped on two lines, and their shares of the width the short ones leave
WRAPPED = {2: 0.22, 3: 0.19, 5: 0.23, 7: 0.18, 8: 0.18}


class OutcomesPageView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        title = page_title(tr("Xét đề nghị khen thưởng của các xã, phường"))
        lay.addWidget(title)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Năm:")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        bar.addWidget(self.year)
        bar.addWidget(QLabel(tr("Xã, phường:")))
        self.commune = QComboBox()
        self.commune.addItem(tr("Tất cả"), None)
        self.commune.setMinimumContentsLength(18)
        bar.addWidget(self.commune)
        bar.addWidget(QLabel(tr("Danh hiệu:")))
        self.title_filter = QComboBox()
        self.title_filter.addItem(tr("Tất cả"), None)
        for code, name in oc.upward_titles():
            self.title_filter.addItem(name, code)
        self.title_filter.setMinimumContentsLength(18)
        bar.addWidget(self.title_filter)
        bar.addWidget(QLabel(tr("Trạng thái:")))
        self.status = QComboBox()
        for key, label in STATUS_FILTER:
            self.status.addItem(tr(label), key)
        bar.addWidget(self.status)
        self.refresh_button = QPushButton(tr("Làm mới"))
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        lay.addLayout(bar)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton(tr("Duyệt…"))
        self.return_button = QPushButton(tr("Trả lại…"))
        self.export_button = QPushButton(tr("Xuất bảng Excel…"))
        self.import_button = QPushButton(tr("Nhập kết quả từ Excel…"))
        self.print_button = QPushButton(tr("In quyết định…"))
        for b in (self.accept_button, self.return_button):
            buttons.addWidget(b)
        buttons.addSpacing(24)
        for b in (self.export_button, self.import_button, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.model = RowsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        # every column on a 1366-pixel screen: the long texts wrap on two lines (the whole in the tooltip)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 8)
        lay.addWidget(self.table, 1)

    def selected(self) -> list[oc.ProposalRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.item(r) for r in rows]

    def fit_columns(self) -> None:
        """The short columns as wide as their widest text (or title); the long ones share what is left of
        the table's width, never narrower than their title, so that all nine fit a 1366-pixel screen."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        pad = 16
        count = self.model.columnCount()

        def least(c: int) -> int:
            title = str(self.model.headerData(c, Qt.Orientation.Horizontal) or "")
            return header.fontMetrics().horizontalAdvance(title) + 2 * pad

        short = 0
        for c in range(count):
            if c in WRAPPED:
                continue
            texts = {self.model.columns[c].shown(r) for r in self.model.items}
            width = max([least(c)] + [metrics.horizontalAdvance(t) + pad for t in texts])
            self.table.setColumnWidth(c, min(width, 220))
            short += self.table.columnWidth(c)
        # each long column its title's width, then what is left shared out (none left: the table scrolls)
        extra = max(self.table.viewport().width() - short - sum(least(c) for c in WRAPPED) - 2, 0)
        for c, share in WRAPPED.items():
            self.table.setColumnWidth(c, least(c) + int(extra * share))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_columns()


class _Dialog(QDialog):
    """A small form with its problem shown inline (the dialog stays open until the input is good)."""

    def __init__(self, parent, title: str, ok: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        lay = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        lay.addLayout(self.form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def check(self) -> None:
        """Raise UserError when the input is not good (subclasses)."""

    def _try(self) -> None:
        try:
            self.check()
        except UserError as exc:
            self.problem.setText(exc.message)
            self.adjustSize()  # the dialog grows to show the whole message
            return
        self.accept()


def _date(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class AcceptDialog(_Dialog):
    def __init__(self, parent, count: int, number: str = ""):
        super().__init__(parent, tr("Duyệt đề nghị"), tr("Duyệt"))
        self.intro.setText(tr("Duyệt {count} dòng đề nghị đã chọn theo quyết định của tỉnh.").format(count=count))
        self.number = QLineEdit(number)
        self.number.setPlaceholderText("12/QĐ-UBND")  # i18n: keep (the form of a decision number)
        self.form.addRow(tr("Số quyết định:"), self.number)
        self.date = QDateEdit()
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        today = dt.date.today()
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.form.addRow(tr("Ngày quyết định:"), self.date)

    def check(self) -> None:
        oc.clean_outcome(oc.Outcome("accepted", self.number.text(), _date(self.date)))

    def value(self) -> tuple[str, dt.date]:
        return oc.clean_decision_number(self.number.text()), _date(self.date)


class ReturnDialog(_Dialog):
    def __init__(self, parent, count: int, reasons: list[str]):
        super().__init__(parent, tr("Trả lại đề nghị"), tr("Trả lại"))
        self.intro.setText(tr("Trả lại {count} dòng đề nghị đã chọn cho xã, phường. Chọn lý do trong danh sách "
                              "hoặc gõ lý do khác (một dòng).").format(count=count))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(reasons)
        self.reason.setCurrentIndex(-1)
        self.reason.setMinimumContentsLength(40)
        self.reason.currentIndexChanged.connect(self._from_start)
        self.form.addRow(tr("Lý do:"), self.reason)

    def _from_start(self, _index: int) -> None:
        edit = self.reason.lineEdit()
        if edit is not None:  # a long reason shows from its start, not its end
            edit.setCursorPosition(0)

    def check(self) -> None:
        oc.clean_reason(self.reason.currentText())

    def value(self) -> str:
        return oc.clean_reason(self.reason.currentText())


class PrintDialog(_Dialog):
    def __init__(self, parent, numbers: list[str]):
        super().__init__(parent, tr("In quyết định của tỉnh"), tr("In…"))
        self.intro.setText(tr("Quyết định khen thưởng kèm danh sách các dòng đã duyệt theo một số quyết định."))
        self.number = QComboBox()
        self.number.setEditable(True)
        self.number.addItems(numbers)
        self.form.addRow(tr("Số quyết định:"), self.number)
        self.signer = QLineEdit()
        self.form.addRow(tr("Người ký:"), self.signer)
        self.signer_title = QComboBox()
        self.signer_title.addItem(tr("Phó Chủ tịch (ký thay Chủ tịch)"), "Phó Chủ tịch")  # i18n: keep (printed)
        self.signer_title.addItem(tr("Chủ tịch"), "Chủ tịch")  # i18n: keep (the title as printed)
        self.form.addRow(tr("Chức vụ:"), self.signer_title)

    def check(self) -> None:
        oc.clean_decision_number(self.number.currentText())
        if not self.signer.text().strip():
            raise UserError(tr("Chưa nhập họ tên người ký."))

    def value(self) -> tuple[str, str, str]:
        return (oc.clean_decision_number(self.number.currentText()), self.signer.text().strip(),
                str(self.signer_title.currentData()))
