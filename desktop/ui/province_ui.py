"""Province workspace: the consolidated views (desktop.app.province_views) as one page of tabs —
submission board, counts per title, proposals sent upward, cross-commune duplicates, indicators.
Each tab is a table with "Xuất Excel"; the proposal list also prints ("In danh sách", decree 30,
desktop.reports.province_sheets).

A view is a query over the whole province database: it runs off the GUI thread (desktop.ui.tasks),
the tab saying "Đang tải…" meanwhile. One query at a time per page; asking again while one runs
(another tab, another year) runs the latest request once the current one is done."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt
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

from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.models import Index as _Index
from desktop.ui.models import ObjectTableModel
from desktop.ui.tasks import failure_message, run_task

COLORS = {"overdue": "#b00020", "missing": "#b00020", "late": "#b35c00", "refused": "#8a5a00", "same_cccd": "#b00020",
          "proposed_twice": "#b00020", "same_name_birth": "#b35c00"}
TABS = (("board", QT_TR_NOOP("Tình hình nộp")), ("titles", QT_TR_NOOP("Số lượng theo danh hiệu")),
        ("proposals", QT_TR_NOOP("Đề nghị lên tỉnh")), ("duplicates", QT_TR_NOOP("Trùng giữa các xã")),
        ("indicators", QT_TR_NOOP("Chỉ tiêu")))
FILE_NAMES = {"board": "tinh-hinh-nop", "titles": "so-luong-danh-hieu", "proposals": "de-nghi-khen-thuong",
              "duplicates": "trung-giua-cac-xa", "indicators": "chi-tieu"}


def save_path(parent, title: str, suggested: str, filt: str) -> Path | None:
    """Where to save (tests replace this)."""
    from desktop.ui import file_dialogs

    purpose = file_dialogs.EXCEL_EXPORT if suggested.lower().endswith(".xlsx") else file_dialogs.PDF
    return file_dialogs.save_file(parent, purpose, title, suggested, filt)


def _message(exc: Exception) -> str:
    """The default failure path's words (desktop.ui.tasks): a refusal as it is, a bug logged and
    apologised for, naming the log."""
    if not isinstance(exc, UserError):
        logging.getLogger("desktop").error("province view action failed", exc_info=exc)
    return failure_message(exc)


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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and self.view:
            return tr(self.view.headers[section]) if 0 <= section < len(self.view.headers) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            v = self.rows[r][c] if c < len(self.rows[r]) else ""
            if isinstance(v, str) and c in self.marked:
                return tr(v)  # a text the view marked with QT_TR_NOOP (a composed one stays as written)
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.ForegroundRole:
            color = COLORS.get(self.status[r])
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.FontRole and r in self.bold:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(self.rows[r][c] if c < len(self.rows[r]) else "", int):
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


class ViewTab(QWidget):
    def __init__(self, page: ConsolidatedPage, kind: str):
        super().__init__()
        self.page = page
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
        self.print_button = None
        if kind == "proposals":
            self.print_button = QPushButton(tr("In danh sách…"))
            row.addWidget(self.print_button)
            self.print_button.clicked.connect(self.print_list)
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
        self.xlsx_button.clicked.connect(self.export_xlsx)

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

    def suggested(self, ext: str) -> str:
        return str(Path.home() / f"{FILE_NAMES[self.kind]}-{self.page.year.value()}.{ext}")

    def export_xlsx(self) -> Path | None:
        if self.view is None:
            return None
        from desktop.reports.province_sheets import write_xlsx

        path = save_path(self, tr("Xuất Excel"), self.suggested("xlsx"), tr("Tệp Excel (*.xlsx)"))
        if path is None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            n = write_xlsx(self.view, path)
        except Exception as exc:  # noqa: BLE001 - shown to the officer
            prompts.error(self, tr("Không xuất được Excel"), _message(exc))
            return None
        prompts.inform(self, tr("Đã xuất Excel"), tr("Đã ghi {count} dòng vào tệp {path}.").format(count=n, path=path))
        return path

    def print_list(self) -> Path | None:
        if self.view is None:
            return None
        from desktop.reports.documents import story_of, to_pdf
        from desktop.reports.province_sheets import proposal_doc

        try:
            doc = proposal_doc(self.view)
        except UserError as exc:
            prompts.error(self, tr("Chưa có danh sách"), exc.message)
            return None
        window = self.page.window_
        ext = window.extensions.reports
        if ext is not None and hasattr(ext, "run"):
            def work(progress, cancelled):
                return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled)

            ext.run(work, Path(self.suggested("pdf")).name)
            return None
        path = save_path(self, tr("In danh sách ra PDF"), self.suggested("pdf"), tr("Tệp PDF (*.pdf)"))
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            to_pdf(doc, path)
        except Exception as exc:  # noqa: BLE001
            prompts.error(self, tr("Không in được danh sách"), _message(exc))
            return None
        prompts.inform(self, tr("Đã in danh sách"), tr("Đã ghi danh sách ra tệp {path}.").format(path=path))
        return path


class ConsolidatedPage(QWidget):
    """Year, period and deadline on top; one tab per view, built when shown."""

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self._task = None     # the query running
        self._wanted = None   # the request to run after it: (kind, year, period, deadline)
        lay = QVBoxLayout(self)
        title = QLabel(tr("Tổng hợp dữ liệu các xã, phường"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
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
        self.tab: dict[str, ViewTab] = {}
        for kind, label in TABS:
            self.tab[kind] = ViewTab(self, kind)
            self.tabs.addTab(self.tab[kind], tr(label))
        lay.addWidget(self.tabs, 1)
        self._set_default_deadline()
        self.year.valueChanged.connect(lambda _v: self._period_changed())
        self.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.deadline.dateChanged.connect(lambda _d: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def period_code(self) -> str:
        """Bundle period: "2026" (year) or "2026-H1"."""
        y = self.year.value()
        return f"{y}-H1" if self.period.currentData() == "H1" else str(y)

    def _set_default_deadline(self) -> None:
        from desktop.app.periods import default_deadline

        d = default_deadline(self.period_code())
        self.deadline.blockSignals(True)
        self.deadline.setDate(QDate(d.year, d.month, d.day))
        self.deadline.blockSignals(False)

    def _period_changed(self) -> None:
        self._set_default_deadline()
        self.refresh()

    def current_kind(self) -> str:
        return TABS[self.tabs.currentIndex()][0]

    def refresh(self) -> None:
        """Build the current tab's view off the GUI thread (after the one running, if any)."""
        kind = self.current_kind()
        d = self.deadline.date()
        if self._wanted is not None and self._wanted[0] != kind:
            self.tab[self._wanted[0]].cancel_loading()  # replaced before it ran
        self._wanted = (kind, self.year.value(), self.period_code() if kind == "board" else self.period.currentData(),
                        dt.date(d.year(), d.month(), d.day()))
        self.tab[kind].set_loading()
        if self._task is None:
            self._start()

    def _start(self) -> None:
        from desktop.app import province_views

        kind, year, period, deadline = self._wanted
        self._wanted = None
        db = self.window_.db

        def work(_progress, _cancelled):
            return province_views.build(db, kind, year, period, deadline)

        def finished() -> bool:
            """Start what was asked meanwhile; True when this answer is still the one to show."""
            self._task = None
            again = self._wanted is not None and self._wanted[0] == kind
            if self._wanted is not None:
                self._start()
            return not again

        def done(view) -> None:
            if finished():
                self.tab[kind].show_view(view)

        def failed(exc) -> None:
            if finished():
                self.tab[kind].set_failed()
                prompts.error(self, tr("Không lập được bảng tổng hợp"), _message(exc))

        self._task = run_task(work, done, failed, owner=self)

    def busy(self) -> bool:
        """A view is being built or waits to be."""
        return self._task is not None or self._wanted is not None

    def show_kind(self, kind: str) -> ViewTab:
        """Open the tab of ``kind`` and build its view; the rows arrive when the query is done."""
        index = [k for k, _ in TABS].index(kind)
        if self.tabs.currentIndex() == index:
            self.refresh()
        else:
            self.tabs.setCurrentIndex(index)  # refreshes (currentChanged)
        return self.tab[kind]


def install(window) -> None:
    if not window.is_province:
        return
    window.add_page("consolidated", tr("Tổng hợp"), ConsolidatedPage(window))
