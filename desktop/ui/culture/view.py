"""The widgets of the cultural titles' page: what the officer picks (title, year, village), the
round's steps with their dates and the deadline checks, the household (or village) table and the
buttons. Built to fit 1366x768: the steps in one compact grid, the table taking the rest."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
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

from desktop.ui.dialog_parts import page_title, problem_line
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.models import Column, ObjectTableModel

RESULT_WORDS = {"dat": QT_TR_NOOP("Đạt"), "khong_dat": QT_TR_NOOP("Không đạt"), "chua_xet": QT_TR_NOOP("Chưa xét"),
                "": QT_TR_NOOP("Chưa đánh dấu")}
STATUS_WORDS = {"open": QT_TR_NOOP("Đang bình xét"), "finished": QT_TR_NOOP("Đã kết thúc bình xét"),
                "decided": QT_TR_NOOP("Đã có quyết định")}
RESULT_COLORS = {"dat": "#1b5e20", "khong_dat": "#b00020"}


def result_word(code: str) -> str:
    return tr(RESULT_WORDS.get(code, code))


class SubjectModel(ObjectTableModel):
    columns = (
        Column(QT_TR_NOOP("Mã"), lambda x: x.id, sort=lambda x: x.id, align="R"),
        Column(QT_TR_NOOP("Chủ hộ / Thôn, tổ dân phố"), lambda x: x.name),
        Column(QT_TR_NOOP("Địa chỉ / Loại"), lambda x: x.detail),
        Column(QT_TR_NOOP("Kết quả"), lambda x: result_word(x.result)),
    )

    def color(self, obj) -> str | None:
        return RESULT_COLORS.get(obj.result)


def date_edit() -> QDateEdit:
    d = QDateEdit()
    d.setCalendarPopup(True)
    d.setDisplayFormat("dd/MM/yyyy")
    d.setDate(QDate.currentDate())
    return d


def qdate(day: dt.date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate.currentDate()


def pydate(d: QDateEdit) -> dt.date:
    q = d.date()
    return dt.date(q.year(), q.month(), q.day())


class CultureView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        root.addWidget(page_title(tr("Gia đình văn hóa, Thôn văn hóa")))
        root.addLayout(self._pick())
        root.addWidget(self._steps())
        self.status = QLabel()
        self.status.setWordWrap(True)
        root.addWidget(self.status)
        self._table(root)
        root.addLayout(self._buttons())
        self.problem = problem_line()
        root.addWidget(self.problem)

    def _pick(self) -> QHBoxLayout:
        pick = QHBoxLayout()
        self.title = QComboBox()
        self.title.addItem(tr("Gia đình văn hóa (theo thôn, tổ dân phố)"), "GDVH")
        self.title.addItem(tr("Thôn, tổ dân phố văn hóa (toàn xã)"), "THON_VH")
        self.year = QSpinBox()
        self.year.setRange(2024, 2100)
        self.year.setValue(dt.date.today().year)
        self.village = QComboBox()
        self.village.setMinimumWidth(260)
        self.open_button = QPushButton(tr("Mở đợt bình xét"))
        for text, w in ((tr("Danh hiệu:"), self.title), (tr("Năm:"), self.year),
                        (tr("Thôn, tổ dân phố:"), self.village)):
            pick.addWidget(QLabel(text))
            pick.addWidget(w)
        pick.addWidget(self.open_button)
        self.reopen_button = QPushButton(tr("Mở lại đợt…"))
        self.reopen_button.setToolTip(tr("Mở lại đợt đã kết thúc để sửa kết quả (ghi lý do); quyết định còn hiệu lực "
                                         "thì sau khi sửa ban hành quyết định thay thế."))
        pick.addWidget(self.reopen_button)
        pick.addStretch(1)
        return pick

    def _steps(self) -> QGroupBox:
        steps = QGroupBox(tr("Các bước và thời hạn"))
        g = QGridLayout(steps)
        g.setVerticalSpacing(4)
        self.meeting_on, self.chair, self.front = date_edit(), QLineEdit(), QLineEdit()
        self.chair.setPlaceholderText(tr("Người chủ trì"))
        self.front.setPlaceholderText(tr("Ban Công tác Mặt trận, các đoàn thể"))
        self.attendance = QSpinBox()
        self.attendance.setRange(0, 100000)
        self.attendance.setPrefix(tr("Số người dự: "))
        self.meeting_button = QPushButton(tr("Ghi cuộc họp"))
        g.addWidget(QLabel(tr("1. Họp bình xét:")), 0, 0)
        g.addWidget(self.meeting_on, 0, 1)
        g.addWidget(self.chair, 0, 2)
        g.addWidget(self.front, 0, 3)
        g.addWidget(self.attendance, 0, 4)
        g.addWidget(self.meeting_button, 0, 5)
        self.posted_from, self.posting_info = date_edit(), QLabel()
        self.post_button = QPushButton(tr("Ghi niêm yết"))
        g.addWidget(QLabel(tr("2. Niêm yết từ:")), 1, 0)
        g.addWidget(self.posted_from, 1, 1)
        g.addWidget(self.posting_info, 1, 2, 1, 3)
        g.addWidget(self.post_button, 1, 5)
        self.finished_on, self.finish_info = date_edit(), QLabel()
        self.finish_button = QPushButton(tr("Kết thúc bình xét"))
        g.addWidget(QLabel(tr("3. Kết thúc bình xét:")), 2, 0)
        g.addWidget(self.finished_on, 2, 1)
        g.addWidget(self.finish_info, 2, 2, 1, 3)
        g.addWidget(self.finish_button, 2, 5)
        self.file_on, self.decision_on, self.decision_info = date_edit(), date_edit(), QLabel()
        self.file_button = QPushButton(tr("Ghi nhận đủ hồ sơ"))
        self.issue_button = QPushButton(tr("Ban hành quyết định"))
        g.addWidget(QLabel(tr("4. Nhận đủ hồ sơ / ký QĐ:")), 3, 0)
        g.addWidget(self.file_on, 3, 1)
        g.addWidget(self.file_button, 3, 2)
        g.addWidget(self.decision_on, 3, 3)
        g.addWidget(self.decision_info, 3, 4)
        g.addWidget(self.issue_button, 3, 5)
        for label in (self.posting_info, self.finish_info, self.decision_info):
            label.setWordWrap(True)
        g.setColumnStretch(3, 1)
        return steps

    def _table(self, root: QVBoxLayout) -> None:
        filt = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Tìm theo tên chủ hộ, địa chỉ…"))
        self.search.setClearButtonEnabled(True)
        self.result_filter = QComboBox()
        self.result_filter.addItem(tr("Mọi kết quả"), None)
        for code in ("dat", "khong_dat", "chua_xet", ""):
            self.result_filter.addItem(result_word(code), code)
        self.count = QLabel()
        filt.addWidget(self.search, 1)
        filt.addWidget(self.result_filter)
        filt.addWidget(self.count)
        root.addLayout(filt)

        self.model = SubjectModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the address takes the room left
        header.resizeSection(1, 280)
        self.table.setAlternatingRowColors(True)
        root.addWidget(self.table, 1)

    def _buttons(self) -> QHBoxLayout:
        marks = QHBoxLayout()
        self.all_pass = QPushButton(tr("Tất cả: Đạt"))
        self.unmarked_pass = QPushButton(tr("Chưa đánh dấu: Đạt"))
        self.selected_pass = QPushButton(tr("Dòng chọn: Đạt"))
        self.selected_fail = QPushButton(tr("Dòng chọn: Không đạt"))
        self.from_file = QPushButton(tr("Đạt theo danh sách (CSV)…"))
        for b in (self.all_pass, self.unmarked_pass, self.selected_pass, self.selected_fail, self.from_file):
            marks.addWidget(b)
        marks.addStretch(1)
        self.minutes_button = QPushButton(tr("Ban hành biên bản"))
        self.print_minutes = QPushButton(tr("In biên bản"))
        self.print_decision = QPushButton(tr("In quyết định"))
        for b in (self.minutes_button, self.print_minutes, self.print_decision):
            marks.addWidget(b)
        return marks

    def step_buttons(self) -> list[QPushButton]:
        return [self.meeting_button, self.post_button, self.finish_button, self.file_button, self.issue_button,
                self.all_pass, self.unmarked_pass, self.selected_pass, self.selected_fail, self.from_file,
                self.minutes_button, self.print_minutes, self.print_decision, self.reopen_button]


__all__ = ["CultureView", "SubjectModel", "RESULT_WORDS", "STATUS_WORDS", "result_word", "qdate", "pydate"]
