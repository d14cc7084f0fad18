"""The province's Tổng hợp page, the view: year, period and deadline on top, one tab per consolidated
view (its summary, its buttons, its table) and the table model with the status colours, bold group
headings and totals. What the buttons do and how a view is built are in desktop.ui.province_ui."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dialog_parts import page_title
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.models import Index as _Index
from desktop.ui.models import ObjectTableModel

COLORS = {"overdue": "#b00020", "missing": "#b00020", "late": "#b35c00", "refused": "#8a5a00", "same_cccd": "#b00020",
          "proposed_twice": "#b00020", "same_name_birth": "#b35c00"}
TABS = (("board", QT_TR_NOOP("Tình hình nộp")), ("titles", QT_TR_NOOP("Số lượng theo danh hiệu")),
        ("proposals", QT_TR_NOOP("Đề nghị lên tỉnh")), ("duplicates", QT_TR_NOOP("Trùng giữa các xã")),
        ("indicators", QT_TR_NOOP("Chỉ tiêu")))


class ViewModel(ObjectTableModel):
    """A read-only table over a province_views.View: status colours, bold group headings and totals,
    numbers sorted as numbers. Sorting keeps a trailing total row at the bottom. Headers and the
    texts of the view's marked columns (statuses, kinds) are shown through tr()."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None
        self.rows: list[list[Any]] = []
        self.status: list[str] = []
        self.bold: set[int] = set()
        self.marked: set[int] = set()

    def set_view(self, view) -> None:
        self.beginResetModel()
        self.view = view
        self.marked = set(view.marked) if view else set()
        self.rows = [list(r) for r in view.rows] if view else []
        self.status = list(view.status) if view and view.status else [""] * len(self.rows)
        self.bold = set(view.spans) | set(view.bold_rows) if view else set()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.view is None else len(self.view.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and self.view:
            return tr(self.view.headers[section]) if 0 <= section < len(self.view.headers) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        value = self.rows[r][c] if c < len(self.rows[r]) else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if isinstance(value, str) and c in self.marked:
                return tr(value)  # a text the view marked with QT_TR_NOOP (a composed one stays as written)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole:
            color = COLORS.get(self.status[r])
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.FontRole and r in self.bold:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.view is None or self.view.spans:  # grouped lists keep their order
            return
        from desktop.shared.text import fold

        keep = [i for i in self.view.bold_rows if i == len(self.rows) - 1]
        idx = [i for i in range(len(self.rows)) if i not in keep]

        def key(i: int):
            v = self.rows[i][column] if column < len(self.rows[i]) else ""
            return (0, v, "") if isinstance(v, (int, float)) else (1, 0, fold(str(v or "")))

        idx.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        idx += keep
        self.beginResetModel()
        self.rows = [self.rows[i] for i in idx]
        self.status = [self.status[i] for i in idx]
        self.bold = {n for n, i in enumerate(idx) if i in (set(self.view.bold_rows))}
        self.endResetModel()


class ViewTabView(QWidget):
    """One tab: the view's summary, "Xuất Excel" (and "In danh sách" for the proposals),
    the table; what it shows while loading, after a failure, and once the view has come."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind
        self.view = None
        self.loading = False
        lay = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * 3)
        lay.addWidget(self.summary)
        row = QHBoxLayout()
        self.xlsx_button = QPushButton(tr("Xuất Excel…"))
        row.addWidget(self.xlsx_button)
        self.print_button: QPushButton | None = None
        if kind == "proposals":
            self.print_button = QPushButton(tr("In danh sách…"))
            row.addWidget(self.print_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.model = ViewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(kind not in ("proposals", "duplicates"))
        # rows come in a meaningful order (who is missing first); no column is marked as sorted
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        lay.addWidget(self.table, 1)

    def set_loading(self) -> None:
        """The query runs: say so, and offer nothing to export from the old rows meanwhile."""
        self.loading = True
        self.summary.setText(tr("Đang tải…"))
        self.xlsx_button.setEnabled(False)
        if self.print_button is not None:
            self.print_button.setEnabled(False)

    def cancel_loading(self) -> None:
        """A request replaced before it ran: back to the rows shown before."""
        if self.view is not None:
            self.show_view(self.view)
        else:
            self.loading = False
            self.summary.setText("")

    def set_failed(self) -> None:
        self.loading = False
        self.summary.setText(tr("Không lập được bảng tổng hợp."))

    def show_view(self, view) -> None:
        self.loading = False
        self.view = view
        self.model.set_view(view)
        self.summary.setText("\n".join([" ".join(view.subtitle), view.summary]))
        self.table.clearSpans()
        for r in view.spans:
            self.table.setSpan(r, 0, 1, len(view.headers))
        self.table.resizeColumnsToContents()
        for c in range(self.model.columnCount()):
            if self.table.columnWidth(c) > 320:
                self.table.setColumnWidth(c, 320)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)  # re-applied so the last column fills after the resize
        header.setStretchLastSection(True)
        self.xlsx_button.setEnabled(bool(view.rows))
        if self.print_button is not None:
            self.print_button.setEnabled(bool(view.data and view.data.get("items")))


class ConsolidatedPageView(QWidget):
    """Year, period and deadline on top; one tab per view (made by ``new_tab``)."""

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        title = page_title(tr("Tổng hợp dữ liệu các xã, phường"))
        lay.addWidget(title)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Năm:")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        bar.addWidget(self.year)
        bar.addWidget(QLabel(tr("Kỳ:")))
        self.period = QComboBox()
        self.period.addItem(tr("Tổng kết năm"), "Y")
        self.period.addItem(tr("Sơ kết 6 tháng"), "H1")
        bar.addWidget(self.period)
        bar.addWidget(QLabel(tr("Hạn nộp:")))
        self.deadline = QDateEdit()
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        self.deadline.setCalendarPopup(True)
        bar.addWidget(self.deadline)
        self.refresh_button = QPushButton(tr("Làm mới"))
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.tabs = QTabWidget()
        tab: dict[str, ViewTabView] = {}
        for kind, label in TABS:
            tab[kind] = self.new_tab(kind)
            self.tabs.addTab(tab[kind], tr(label))
        self.tab: Mapping[str, ViewTabView] = tab
        lay.addWidget(self.tabs, 1)

    def new_tab(self, kind: str) -> ViewTabView:
        """The tab of ``kind`` (the controller gives its own, with the buttons' actions)."""
        return ViewTabView(kind)

    def period_code(self) -> str:
        """Bundle period: "2026" (year) or "2026-H1"."""
        y = self.year.value()
        return f"{y}-H1" if self.period.currentData() == "H1" else str(y)

    def current_kind(self) -> str:
        return TABS[self.tabs.currentIndex()][0]
