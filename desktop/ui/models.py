"""Qt item models backed by queries (no QStandardItemModel): rows are fetched page by page from the
database as the view scrolls, sorting and searching are done by SQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.records import KINDS, HistoryLine, Records
from desktop.shared.text import fold
from desktop.core.units import Unit, bac_ninh_units
from desktop.ui.i18n import QT_TR_NOOP, tr

ObjectRole = Qt.ItemDataRole.UserRole + 1   # the record id
SortRole = Qt.ItemDataRole.UserRole + 2     # the raw (unformatted) value

_Index = QModelIndex | QPersistentModelIndex


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

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802
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
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.kind.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.kind.columns):
                return tr(self.kind.columns[section].label)
            return None
        return str(section + 1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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


class HistoryModel(QAbstractTableModel):
    HEADERS = (QT_TR_NOOP("Thời gian"), QT_TR_NOOP("Người thực hiện"), QT_TR_NOOP("Thao tác"),
               QT_TR_NOOP("Nội dung thay đổi"))

    def __init__(self, lines: list[HistoryLine], parent=None):
        super().__init__(parent)
        self._lines = lines

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        line = self._lines[index.row()]
        return (line.local_time, line.actor, line.action, line.details)[index.column()]
