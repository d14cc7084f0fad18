"""Shared pieces of the review page: status colours and marks, number texts, the object table model
and the table view every tab uses."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QTableView,
)

from desktop.shared.errors import UserError
from desktop.shared.fmt import group
from desktop.ui.i18n import QT_TR_NOOP, tr

_Index = QModelIndex | QPersistentModelIndex
ObjectRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

STATUS_COLORS = {"ok": "#1b5e20", "warning": "#8a5a00", "blocked": "#b00020", "done": "#1f4e99"}
MARKS = {"ok": "✔", "warning": "?", "blocked": "✘", "done": "★"}
SUBJECT_WORDS = {"person": QT_TR_NOOP("Cá nhân"), "collective": QT_TR_NOOP("Tập thể"),
                 "household": QT_TR_NOOP("Hộ gia đình")}
PREFIX_LABELS = [("TM.", QT_TR_NOOP("TM. (thay mặt Ủy ban nhân dân)")), ("KT.", QT_TR_NOOP("KT. (ký thay Chủ tịch)")),
                 ("Q.", QT_TR_NOOP("Q. (quyền Chủ tịch)")), ("TL.", QT_TR_NOOP("TL. (thừa lệnh)")),
                 ("TUQ.", QT_TR_NOOP("TUQ. (thừa ủy quyền)")), ("", QT_TR_NOOP("(không ghi thẩm quyền)"))]


def _message(exc: Exception) -> str:
    return exc.message if isinstance(exc, UserError) else tr("Lỗi không mong muốn: {error}").format(error=exc)


def _pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",").replace(",0", "") + " %"


def _money(n: int | None) -> str:
    return group(n)


# =========================================================================== table models


class Column:
    """``label`` is marked with QT_TR_NOOP and translated where the header is shown."""

    def __init__(self, label: str, value: Callable[[Any], Any], sort: Callable[[Any], Any] | None = None,
                 tip: Callable[[Any], str] | None = None, align: str = "L"):
        self.label, self.value, self.sort, self.tip, self.align = label, value, sort, tip, align


class ObjectTableModel(QAbstractTableModel):
    """Rows are Python objects; columns say how to show, sort and explain each one. Read-only
    except for checkable columns (see AttendanceModel)."""

    columns: list[Column] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self.items[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return tr(self.columns[section].label)
        return None

    def color(self, obj: Any) -> str | None:
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        obj = self.items[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            v = col.value(obj)
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip(obj) if col.tip else None
        if role == Qt.ItemDataRole.ForegroundRole:
            c = self.color(obj)
            return QColor(c) if c else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align != "L":
            return int(Qt.AlignmentFlag.AlignCenter if col.align == "C" else
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ObjectRole:
            return obj
        if role == SortRole:
            return (col.sort or col.value)(obj)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)):
            return
        col = self.columns[column]
        key = col.sort or (lambda o: str(col.value(o) or ""))
        self.layoutAboutToBeChanged.emit()
        self.items.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()



def _view(model: QAbstractTableModel, stretch: int | None = None) -> QTableView:
    v = QTableView()
    v.setModel(model)
    v.setSortingEnabled(True)
    v.setAlternatingRowColors(True)
    v.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    v.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    v.verticalHeader().setVisible(False)
    v.setWordWrap(False)
    h = v.horizontalHeader()
    h.setStretchLastSection(True)
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return v


def _selected(view: QTableView) -> Any:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return view.model().data(rows[0], ObjectRole) if rows else None

