"""The overview page: the unit, the counts of its records, the last backup, the plan's targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.core.labels import KIND_LABELS, NAV_ORDER
from desktop.core.plan import Plan, default_plan
from desktop.store.backup import latest_backup
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.models import Column, ObjectTableModel

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

def _note(t) -> str:
    return ("⚠ " + t.note) if t.flagged else ""


class TargetsModel(ObjectTableModel):
    """The plan's 15 targets as the seed words them; flagged ones carry their note."""

    columns = [Column(QT_TR_NOOP("Số"), lambda t: f"({t.code})", tip=lambda t: f"({t.code})"),
               Column(QT_TR_NOOP("Mục tiêu (nguyên văn kế hoạch)"), lambda t: t.text, tip=lambda t: t.text),
               Column(QT_TR_NOOP("Ghi chú"), _note, tip=_note, color=lambda t: "#8a5a00" if t.flagged else None)]

    def __init__(self, plan: Plan, parent=None):
        super().__init__(parent)
        self.plan = plan
        self.items = list(plan.targets)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        return  # in the plan's order


class OverviewPage(QWidget):
    def __init__(self, window: MainWindow):
        super().__init__()
        self.window_ = window
        lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        lay.addWidget(self.heading)
        self.subheading = QLabel()
        lay.addWidget(self.subheading)
        box = QGroupBox(tr("Số liệu đang quản lý"))
        self.counts_box = box
        self.grid = QGridLayout(box)
        self.count_labels: dict[str, QLabel] = {}
        for i, key in enumerate(NAV_ORDER):
            name = QLabel(tr(KIND_LABELS[key]))
            value = QLabel("0")
            value.setStyleSheet("font-weight: 600;")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(name, i % 5, (i // 5) * 2)
            self.grid.addWidget(value, i % 5, (i // 5) * 2 + 1)
            self.count_labels[key] = value
        self.grid.setColumnStretch(4, 1)
        self.grid.setHorizontalSpacing(24)
        lay.addWidget(box)
        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        lay.addWidget(self.backup_label)
        plan = default_plan()
        targets_box = QGroupBox(tr("Các mục tiêu cụ thể của tỉnh (Kế hoạch thi đua năm 2026, mục II.2.2) – {n} mục tiêu")
                                .format(n=len(plan.targets)))
        tl = QVBoxLayout(targets_box)
        self.targets_view = QTableView()
        self.targets_view.setModel(TargetsModel(plan, self))
        self.targets_view.setWordWrap(True)
        self.targets_view.verticalHeader().setVisible(False)
        hh = self.targets_view.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.targets_view.setColumnWidth(2, 260)
        self.targets_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        tl.addWidget(self.targets_view)
        lay.addWidget(targets_box, 1)

    def refresh(self) -> None:
        from desktop.core.records import counts

        w = self.window_
        if w.db is None:
            return
        ws = w.db.workspace()
        self.heading.setText(ws.unit_name if ws else "")
        self.subheading.setText(tr("Cán bộ phụ trách: {name}").format(name=ws.officer_name) if ws else "")
        for key, n in counts(w.db.session).items():
            self.count_labels[key].setText(f"{n:n}")
        if w.paths.db_url:
            from desktop.store.db import server_address

            self.backup_label.setText(tr("Dữ liệu nằm trên máy chủ cơ sở dữ liệu {address}; sao lưu bằng công cụ của máy "
                                         "chủ (ví dụ pg_dump).").format(address=server_address(w.paths.db_url)))
            return
        last = latest_backup(w.paths.backup_dir)
        self.backup_label.setText(
            tr("Bản sao lưu gần nhất: {time} ({reason}). Thư mục sao lưu: {folder}").format(
                time=tr("{hm} ngày {dmy}").format(hm=f"{last.created:%H:%M}", dmy=f"{last.created:%d/%m/%Y}"),
                reason=tr(last.reason_label), folder=w.paths.backup_dir)
            if last else tr("Chưa có bản sao lưu nào. Phần mềm tự sao lưu khi đóng; có thể sao lưu ngay trong menu Tệp."))
