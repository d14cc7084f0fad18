"""The widgets of the "Văn bản đã ban hành" page: the filters (year, kind), the register's table and its
buttons. What the buttons do is in desktop.ui.issued.controller."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.fmt import group
from desktop.ui.dialog_parts import page_title
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.models import Column, ObjectTableModel
from desktop.ui.review.common import _selected, _view

# the kinds of the register (desktop.app.issuing.KIND_LABELS), in the interface language
KIND_WORDS = {
    "decision": QT_TR_NOOP("Quyết định khen thưởng"), "proposal": QT_TR_NOOP("Tờ trình đề nghị khen thưởng"),
    "minutes": QT_TR_NOOP("Biên bản họp Hội đồng Thi đua - Khen thưởng"),
    "report": QT_TR_NOOP("Báo cáo phong trào thi đua"), "ballots": QT_TR_NOOP("Phiếu bầu"),
    "cover_letter": QT_TR_NOOP("Công văn gửi tệp dữ liệu"), "repeal": QT_TR_NOOP("Quyết định bãi bỏ"),
    "culture_minutes": QT_TR_NOOP("Biên bản họp bình xét danh hiệu văn hóa"),
    "culture_decision": QT_TR_NOOP("Quyết định tặng danh hiệu văn hóa"),
    "launch_plan": QT_TR_NOOP("Kế hoạch phát động thi đua"),
}
# the same, short, for the table's column (the whole name in its tooltip)
KIND_SHORT = {
    "decision": QT_TR_NOOP("Quyết định"), "proposal": QT_TR_NOOP("Tờ trình"), "minutes": QT_TR_NOOP("Biên bản"),
    "report": QT_TR_NOOP("Báo cáo"), "ballots": QT_TR_NOOP("Phiếu bầu"), "cover_letter": QT_TR_NOOP("Công văn"),
    "repeal": QT_TR_NOOP("QĐ bãi bỏ"), "culture_minutes": QT_TR_NOOP("Biên bản"),
    "culture_decision": QT_TR_NOOP("Quyết định"), "launch_plan": QT_TR_NOOP("Kế hoạch"),
}
CHANGE_WORDS = {"dinh_chinh": QT_TR_NOOP("Đính chính"), "thay_the": QT_TR_NOOP("Thay thế"),
                "bai_bo": QT_TR_NOOP("Bãi bỏ")}
ALL_YEARS = 1999  # the year box's special value: every year


def kind_word(kind: str) -> str:
    return tr(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def number_word(info) -> str:
    """"01/QĐ-UBND", or "(không số)" for an unnumbered act (a ballot set)."""
    return info.number_text or tr("(không số)")


def signer_text(info) -> str:
    return " ".join(x for x in (info.authority_prefix, info.signer_title, info.signer_name) if x)


def status_text(info) -> str:
    """"Còn hiệu lực", or what corrected, replaced or repealed it."""
    later = [tr("{change} bởi văn bản {number}").format(
        change=tr(CHANGE_WORDS.get(k, k)).lower(), number=n or tr("mã {id}").format(id=i))
        for i, k, n in info.replaced_by]
    if not later:
        return tr("Còn hiệu lực")
    if info.in_force:
        return tr("Còn hiệu lực, {changes}").format(changes="; ".join(later))
    return tr("Hết hiệu lực: {changes}").format(changes="; ".join(later))


class IssuedModel(ObjectTableModel):
    HASH = 9
    columns = [
        Column(QT_TR_NOOP("Mã"), lambda d: d.id, lambda d: d.id, align="R"),
        Column(QT_TR_NOOP("Số"), number_word, lambda d: (d.type_code, d.issue_year, d.number or 0)),
        Column(QT_TR_NOOP("Ngày ký"), lambda d: f"{d.issued_on:%d/%m/%Y}", lambda d: d.issued_on),
        Column(QT_TR_NOOP("Loại"), lambda d: tr(KIND_SHORT[d.kind]) if d.kind in KIND_SHORT else d.kind, None,
               lambda d: kind_word(d.kind)),
        Column(QT_TR_NOOP("Trích yếu"), lambda d: d.title, None, lambda d: d.title),
        Column(QT_TR_NOOP("Người ký"), lambda d: d.signer_name, None, signer_text),
        Column(QT_TR_NOOP("Số dòng"), lambda d: d.row_count, lambda d: d.row_count, align="R"),
        Column(QT_TR_NOOP("Tổng tiền (đồng)"), lambda d: group(d.total_amount) if d.total_amount else "",
               lambda d: d.total_amount, align="R"),
        Column(QT_TR_NOOP("Hiệu lực"), status_text, None, status_text),
        Column(QT_TR_NOOP("SHA-256"), lambda d: d.sha256[:16] + "…", lambda d: d.sha256,
               lambda d: tr("Mã băm SHA-256 của nội dung lưu khi ban hành: {sha}").format(sha=d.sha256)),
    ]

    def color(self, obj) -> str | None:
        return None if obj.in_force else "#8a8a8a"


class IssuedView(QWidget):
    """The page's widgets; ``IssuedPage`` (the controller) connects what they do."""

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        title = page_title(tr("Văn bản đã ban hành"))
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(QLabel(tr("Năm:")))
        self.year = QSpinBox()
        self.year.setRange(ALL_YEARS, 2100)
        self.year.setSpecialValueText(tr("Tất cả"))
        self.year.setValue(dt.date.today().year)
        top.addWidget(self.year)
        top.addWidget(QLabel(tr("Loại:")))
        self.kind = QComboBox()
        self.kind.addItem(tr("Tất cả loại văn bản"), None)
        for key in KIND_WORDS:
            self.kind.addItem(kind_word(key), key)
        top.addWidget(self.kind)
        lay.addLayout(top)
        hint = QLabel(tr("Mỗi văn bản được lưu nguyên nội dung khi ban hành, kèm mã băm SHA-256: in lại luôn ra "
                         "đúng bản đã ký. Văn bản sai thì lập văn bản đính chính, thay thế hoặc bãi bỏ; văn bản cũ "
                         "vẫn được giữ trong sổ."))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.model = IssuedModel(self)
        self.table = _view(self.model)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by date signed, as the register reads
        lay.addWidget(self.table, 1)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.info)
        row = QHBoxLayout()
        self.reprint_button = QPushButton(tr("In lại…"))
        self.reprint_button.setToolTip(tr("Xem trước và in văn bản đúng như đã ban hành"))
        self.detail_button = QPushButton(tr("Chi tiết…"))
        self.change_button = QPushButton(tr("Đính chính, thay thế, bãi bỏ…"))
        self.report_button = QPushButton(tr("Ban hành báo cáo…"))
        self.report_button.setToolTip(tr("Ban hành báo cáo sơ kết 6 tháng hoặc tổng kết năm: lấy số trong sổ văn "
                                         "bản, lưu nguyên nội dung"))
        self.special_button = QPushButton(tr("Khen thưởng chuyên đề, đột xuất…"))
        self.special_button.setToolTip(tr("Giấy khen của Chủ tịch UBND xã theo chuyên đề hoặc đột xuất, ngoài tổng "
                                          "kết năm"))
        self.plan_button = QPushButton(tr("Kế hoạch phát động…"))
        self.plan_button.setToolTip(tr("Ban hành kế hoạch phát động thi đua của năm, có hạn đăng ký thi đua"))
        self.certificates_button = QPushButton(tr("In giấy khen…"))
        self.certificates_button.setToolTip(tr("In giấy khen theo quyết định khen thưởng đã chọn, mỗi đối tượng một "
                                               "tờ: trên giấy trắng hoặc trên phôi in sẵn"))
        for b in (self.reprint_button, self.detail_button, self.change_button, self.certificates_button):
            row.addWidget(b)
        row.addStretch(1)
        for b in (self.plan_button, self.special_button, self.report_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._selection_changed()

    def selected(self):
        return _selected(self.table)

    def _selection_changed(self) -> None:
        d = self.selected()
        for b in (self.reprint_button, self.detail_button, self.change_button):
            b.setEnabled(d is not None)
        self.certificates_button.setEnabled(d is not None and d.kind == "decision" and d.in_force and d.row_count > 0)
        if d is not None:
            self.change_button.setEnabled(d.in_force)
            self.info.setText(tr("{kind} {number} ngày {date}: {status}. SHA-256: {sha}").format(
                kind=kind_word(d.kind), number=number_word(d), date=f"{d.issued_on:%d/%m/%Y}",
                status=status_text(d), sha=d.sha256))

    def select_id(self, doc_id: int) -> bool:
        row = next((i for i, d in enumerate(self.model.items) if d.id == doc_id), None)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def fill(self, items: list) -> None:
        """Show ``items`` of the kind chosen, keeping the selected document selected."""
        keep = self.selected()
        kind = self.kind.currentData()
        shown = [d for d in items if kind is None or d.kind == kind]
        self.model.set_items(shown)
        header = self.table.horizontalHeader()
        self.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.resizeColumnsToContents()
        # the whole of a long column is in its tooltip and in the line under the table: at 1366 pixels
        # the status and the hash stay on screen
        for col, most in ((4, 200), (5, 150), (8, 200)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), most))
        if keep is None or not self.select_id(keep.id):
            self.info.setText(tr("%n văn bản.", "", len(shown)) if shown else
                              tr("Chưa có văn bản nào được ban hành trong năm này."))
        self._selection_changed()

