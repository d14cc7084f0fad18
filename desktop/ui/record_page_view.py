"""The page of one record kind, the view: the title and count, the search box, the buttons, the
records table and the recycle-bin note; search as you type; which buttons show; reading the table
again while keeping the officer's place. What the buttons do is in desktop.ui.record_page."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.records import KINDS, Records
from desktop.ui.i18n import tr
from desktop.ui.models import HistoryModel, RecordTableModel
from desktop.ui.screen import fit_to_screen


class HistoryDialog(QDialog):
    def __init__(self, title: str, model: HistoryModel, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 900, 380)
        lay = QVBoxLayout(self)
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setWordWrap(True)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.resizeColumnsToContents()
        self.view.resizeRowsToContents()
        self.view.verticalHeader().setVisible(False)
        lay.addWidget(self.view)
        close = QPushButton(tr("Đóng"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)


class RecordTableView(QTableView):
    """The records table. Ctrl+End goes to the last row of the whole table: the model reads the rows
    not yet fetched first (else it would stop at the end of the first page of 200)."""

    def moveCursor(self, action, modifiers):  # noqa: N802
        model = self.model()
        if (action == QAbstractItemView.CursorAction.MoveEnd and modifiers & Qt.KeyboardModifier.ControlModifier
                and hasattr(model, "fetch_all")):
            model.fetch_all()
        return super().moveCursor(action, modifiers)

    def relayout(self) -> None:
        """Bring the scroll bars up to date with the rows now (they follow a model reset lazily)."""
        self.updateGeometries()


class RecordPageView(QWidget):
    """The widgets of a record page. The subclass (RecordPage) connects the buttons to its actions,
    then calls ``_refresh_labels`` and ``_update_buttons`` once."""

    def __init__(self, records: Records, kind_key: str, parent=None):
        super().__init__(parent)
        self.records = records
        self.kind = KINDS[kind_key]

        lay = QVBoxLayout(self)
        lay.addLayout(self._build_head())
        lay.addLayout(self._build_bar())

        self.bin_note = QLabel(tr("Đang xem thùng rác: các bản ghi đã xóa. Chọn một bản ghi và bấm "
                                  "“Khôi phục” để lấy lại."))
        self.bin_note.setStyleSheet("background: #fff4d6; padding: 4px;")
        lay.addWidget(self.bin_note)

        self.model = RecordTableModel(records, kind_key, deleted=False, parent=self)
        self.bin_model: RecordTableModel | None = None
        self.view = self._build_table()
        lay.addWidget(self.view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.bin_button.toggled.connect(self.set_bin_mode)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

    def _build_head(self) -> QHBoxLayout:
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        head.addWidget(self.title)
        head.addStretch(1)
        self.count_label = QLabel()
        head.addWidget(self.count_label)
        return head

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("Tìm kiếm (gõ có dấu hoặc không dấu, ví dụ: nguyen van a)"))
        bar.addWidget(self.search, 1)
        self.add_button = QPushButton(tr("Thêm mới"))
        self.edit_button = QPushButton(tr("Sửa"))
        self.delete_button = QPushButton(tr("Xóa"))
        self.history_button = QPushButton(tr("Lịch sử thay đổi"))
        self.bin_button = QPushButton(tr("Thùng rác"))
        self.bin_button.setCheckable(True)
        self.restore_button = QPushButton(tr("Khôi phục"))
        self.undo_button = QPushButton(tr("Hoàn tác xóa"))
        for b in (self.add_button, self.edit_button, self.delete_button, self.restore_button,
                  self.undo_button, self.history_button, self.bin_button):
            bar.addWidget(b)
        return bar

    def _build_table(self) -> RecordTableView:
        view = RecordTableView()
        view.setModel(self.model)
        view.setSortingEnabled(True)
        view.horizontalHeader().setSortIndicator(self.kind.default_sort - 1, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setDefaultSectionSize(24)
        view.horizontalHeader().setStretchLastSection(True)
        fm = view.fontMetrics()
        for i, col in enumerate(self.kind.columns):
            if col.width:
                view.setColumnWidth(i, fm.averageCharWidth() * col.width + 16)
        return view

    # ---- state shown ---------------------------------------------------------------------------
    @property
    def in_bin(self) -> bool:
        return self.bin_button.isChecked()

    @property
    def current_model(self) -> RecordTableModel:
        return self.view.model()  # type: ignore[return-value]

    def can_undo(self) -> bool:
        """Whether the “Hoàn tác xóa” button shows (outside the bin); the controller knows."""
        return False

    def selected_id(self) -> int | None:
        idx = self.view.selectionModel().currentIndex() if self.view.selectionModel() else QModelIndex()
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        row = rows[0].row() if rows else (idx.row() if idx.isValid() else -1)
        return self.current_model.id_at(row)

    def selected_name(self, rid: int | None) -> str:
        """The first column of record ``rid`` in the table shown, "" if it is not there."""
        row = self.current_model.row_of(rid) if rid is not None else None
        return self.current_model.index(row, 0).data() if row is not None else ""

    def select_id(self, record_id: int) -> bool:
        row = self.current_model.row_of(record_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.current_model.index(row, 0))
        return True

    def _refresh_labels(self) -> None:
        m = self.current_model
        label = tr(self.kind.label)
        self.title.setText(tr("{kind} – thùng rác").format(kind=label) if self.in_bin else label)
        q = m.search_text.strip()
        if q and m.total_is_capped:
            self.count_label.setText(tr("Tìm thấy hơn {count:n} bản ghi").format(count=m.total))
        elif q:
            self.count_label.setText(tr("Tìm thấy {count:n} bản ghi").format(count=m.total))
        else:
            self.count_label.setText(tr("{count:n} bản ghi").format(count=m.total))
        self.bin_note.setVisible(self.in_bin)

    def _update_buttons(self, *_a) -> None:
        has = self.selected_id() is not None
        self.add_button.setVisible(not self.in_bin)
        self.edit_button.setVisible(not self.in_bin)
        self.delete_button.setVisible(not self.in_bin)
        self.restore_button.setVisible(self.in_bin)
        self.undo_button.setVisible(not self.in_bin and self.can_undo())
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.restore_button.setEnabled(has)
        self.history_button.setEnabled(has)

    # ---- reading the table ---------------------------------------------------------------------
    def _apply_search(self) -> None:
        self.current_model.set_search(self.search.text())
        self._refresh_labels()
        self._update_buttons()

    def reload(self, select: int | None = None) -> None:
        """Read the tables again, keeping the officer's place in the one shown: as many rows as were
        read, the scroll position, and the selected record (or ``select``) selected and in view."""
        shown = self.current_model
        rid = select if select is not None else self.selected_id()
        bar = self.view.verticalScrollBar()
        top, rows = bar.value(), shown.rowCount()
        for m in (self.model, self.bin_model):
            if m is not None and m is not shown:
                m.reload()
        shown.reload(keep_rows=rows)
        row = shown.row_of(rid) if rid is not None else None
        if row is None and select is not None and shown.canFetchMore():
            shown.fetch_all()  # an edit moved it further down the sort order
            row = shown.row_of(select)
        self.view.relayout()
        bar.setValue(top)
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(shown.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
        self._refresh_labels()
        self._update_buttons()

    def set_bin_mode(self, on: bool) -> None:
        if on and self.bin_model is None:
            self.bin_model = RecordTableModel(self.records, self.kind.key, deleted=True, parent=self)
        target = self.bin_model if on else self.model
        assert target is not None
        target.set_search(self.search.text())
        target.reload()
        self.view.setModel(target)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._refresh_labels()
        self._update_buttons()
