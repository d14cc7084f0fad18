"""Qt item models (no QStandardItemModel).

- ``ObjectTableModel``: the one base of the window's read-only tables: rows are Python objects (a
  candidate, a file row, a target), ``Column``s say how each column shows, sorts, explains and aligns
  them. ``ObjectRole`` gives the row's object back, ``SortRole`` its raw sort value.
- ``RecordTableModel``: a record kind backed by queries: rows are fetched page by page from the
  database as the view scrolls, sorting and searching are done by SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.core.records import KINDS, HistoryLine, Records
from desktop.core.units import Unit, bac_ninh_units
from desktop.shared.text import fold
from desktop.ui.i18n import QT_TR_NOOP, tr

ObjectRole = Qt.ItemDataRole.UserRole + 1   # the row's object (a record table: the record id)
SortRole = Qt.ItemDataRole.UserRole + 2     # the raw (unformatted) value

Index = QModelIndex | QPersistentModelIndex  # what Qt hands a model's methods

_ALIGN = {"R": int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), "C": int(Qt.AlignmentFlag.AlignCenter)}


class Column:
    """One column of an ObjectTableModel. ``label`` is marked with QT_TR_NOOP and translated where the
    header is shown; ``value(obj)`` is shown (None as empty); ``sort(obj)`` sorts (else the shown
    text); ``tip(obj)`` is the tooltip; ``align`` "L", "R" or "C"; ``color(obj)`` a text colour of
    this column only (else the row's, ``ObjectTableModel.color``)."""

    def __init__(self, label: str, value: Callable[[Any], Any], sort: Callable[[Any], Any] | None = None,
                 tip: Callable[[Any], str | None] | None = None, align: str = "L",
                 color: Callable[[Any], str | None] | None = None):
        self.label, self.value, self.sort, self.tip, self.align, self.color = label, value, sort, tip, align, color

    def shown(self, obj: Any) -> str:
        v = self.value(obj)
        return "" if v is None else str(v)


class ObjectTableModel(QAbstractTableModel):
    """Rows are Python objects; columns say how to show, sort and explain each one. Read-only
    except where a subclass makes a column checkable (desktop.ui.review.models.AttendanceModel)."""

    columns: Sequence[Column] = ()

    def __init__(self, parent=None, columns: Sequence[Column] | None = None):
        super().__init__(parent)
        self.items: list[Any] = []
        if columns is not None:
            self.columns = list(columns)

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self.items[row]

    def color(self, obj: Any) -> str | None:
        """The text colour of a whole row (none by default)."""
        return None

    def row_color(self, row: int, obj: Any) -> str | None:
        return self.color(obj)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return tr(self.columns[section].label)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        obj = self.items[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.shown(obj)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip(obj) if col.tip else None
        if role == Qt.ItemDataRole.ForegroundRole:
            c = col.color(obj) if col.color else self.row_color(index.row(), obj)
            return QColor(c) if c else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN.get(col.align)
        if role == ObjectRole:
            return obj
        if role == SortRole:
            return (col.sort or col.value)(obj)
        return None

    def sort_key(self, column: int) -> Callable[[Any], Any]:
        col = self.columns[column]
        return col.sort or (lambda o: str(col.value(o) or ""))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)):
            return
        key = self.sort_key(column)
        self.layoutAboutToBeChanged.emit()
        self.items.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class RowsModel(ObjectTableModel):
    """A read-only table over row tuples (the rows come from a query in the page), one colour a row:
    the columns are the tuple's fields under ``headers`` (marked with QT_TR_NOOP); each shows its
    text as its tooltip."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.colors: list[str | None] = []

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        return [Column(h, (lambda r, i=i: r[i]), tip=(lambda r, i=i: "" if r[i] is None else str(r[i])))
                for i, h in enumerate(self.headers)]

    @property
    def rows(self) -> list[tuple]:
        return self.items

    def set_rows(self, rows: list[tuple], colors: list[str | None] | None = None) -> None:
        self.colors = colors or [None] * len(rows)
        self.set_items(rows)

    def row_color(self, row: int, obj: Any) -> str | None:
        return self.colors[row] if row < len(self.colors) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.headers)):
            return
        pairs = sorted(zip(self.rows, self.colors, strict=False), key=lambda rc: str(rc[0][column] or ""),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.set_rows([p[0] for p in pairs], [p[1] for p in pairs])


class RecordTableModel(QAbstractTableModel):
    """One record kind as a table: search (accent-insensitive), sort and paging done in SQL."""

    PAGE = 200

    def __init__(self, records: Records, kind_key: str, deleted: bool = False, parent=None):
        super().__init__(parent)
        self.records = records
        self.kind = KINDS[kind_key]
        self.deleted = deleted
        self._rows: list[tuple] = []
        self._display: dict[int, list[str]] = {}
        self._search = ""
        self._sort_column = self.kind.default_sort
        self._descending = False
        self._has_more = False
        self.total = 0
        self.total_is_capped = False
        self.reload()

    # ---- loading ---------------------------------------------------------------------------
    def reload(self, keep_rows: int = 0) -> None:
        """Read the first page again; with ``keep_rows``, at least that many rows (in whole pages), so a
        view scrolled down keeps its place when the table is read again after an edit."""
        limit = max(self.PAGE, -(-keep_rows // self.PAGE) * self.PAGE)
        page = self.records.search_page(self.kind.key, self._search, self._sort_column, self._descending,
                                        limit, self.deleted)
        self.beginResetModel()
        self._rows = page.rows
        self._display.clear()
        self._has_more = len(self._rows) == limit
        self.total = page.total
        self.total_is_capped = page.more_than
        self.endResetModel()

    def set_search(self, text: str) -> None:
        if fold(text) == fold(self._search):
            self._search = text
            return
        self._search = text
        self.reload()

    @property
    def search_text(self) -> str:
        return self._search

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or not self._has_more:
            return
        self._fetch(self.PAGE)

    def fetch_all(self) -> None:
        """Every remaining row at once (Ctrl+End goes to the last row of the whole table, not of the
        rows read so far). The rows are raw tuples; their display text is still made only when shown."""
        if self._has_more:
            self._fetch(None)

    def _fetch(self, limit: int | None) -> None:
        more = self.records.list_rows(self.kind.key, self._search, self._sort_column, self._descending,
                                      len(self._rows), limit, self.deleted)
        self._has_more = limit is not None and len(more) == limit
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    @property
    def sort_order(self) -> tuple[int, bool]:
        """(sort column counted from 1, descending) as the table is sorted now."""
        return self._sort_column, self._descending

    # ---- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.kind.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.kind.columns):
                return tr(self.kind.columns[section].label)
            return None
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if not (0 <= col < len(self.kind.columns)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            shown = self._display.get(index.row())
            if shown is None:
                shown = self.records.display_row(self.kind.key, row)
                self._display[index.row()] = shown
            return shown[col]
        if role == ObjectRole:
            return row[0]
        if role == SortRole:
            return row[col + 1]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.kind.columns[col].kind in ("int", "number"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column + 1
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def id_at(self, row: int) -> int | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r[0] == record_id:
                return i
        return None


class LookupModel(QAbstractListModel):
    """(id, label) candidates for a reference field."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[tuple[int, str]] = []

    def set_items(self, items: list[tuple[int, str]]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        rid, label = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return label
        if role == ObjectRole:
            return rid
        return None

    def items(self) -> list[tuple[int, str]]:
        return list(self._items)


class UnitListModel(QAbstractListModel):
    """The 99 official units, filtered without accents."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: tuple[Unit, ...] = bac_ninh_units()
        self._shown: list[Unit] = list(self._all)

    def set_filter(self, text: str) -> None:
        q = fold(text)
        self.beginResetModel()
        self._shown = [u for u in self._all if not q or q in fold(u.name) or q in u.code]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._shown)):
            return None
        u = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{u.name}  ({u.code})"
        if role == ObjectRole:
            return u.code
        return None

    def unit_at(self, row: int) -> Unit | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def row_of(self, code: str) -> int | None:
        for i, u in enumerate(self._shown):
            if u.code == code:
                return i
        return None


def _shown(i: int) -> Callable[[HistoryLine], str]:
    return lambda line: (line.local_time, line.actor, line.action, line.details)[i]


class HistoryModel(ObjectTableModel):
    """A record's change history, one line a change (its text as its tooltip)."""

    columns = [Column(label, _shown(i), tip=_shown(i)) for i, label in enumerate(
        (QT_TR_NOOP("Thời gian"), QT_TR_NOOP("Người thực hiện"), QT_TR_NOOP("Thao tác"),
         QT_TR_NOOP("Nội dung thay đổi")))]

    def __init__(self, lines: list[HistoryLine], parent=None):
        super().__init__(parent)
        self.items = list(lines)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        return  # shown as written, newest first
