"""One page per record kind: search as you type, a sortable table, add/edit/delete, the recycle bin
and the change history of the selected record."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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

from desktop.core import cascade
from desktop.core.records import KINDS, Records
from desktop.shared.errors import UserError, ValidationError
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.models import HistoryModel, RecordTableModel
from desktop.ui.record_dialog import RecordDialog
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


class RecordPage(QWidget):
    """Records of one kind. ``changed`` fires after any write so other pages can refresh."""

    changed = Signal(str)
    status = Signal(str)

    def __init__(self, records: Records, kind_key: str, parent=None):
        super().__init__(parent)
        self.records = records
        self.kind = KINDS[kind_key]
        self.dialog: RecordDialog | None = None
        self._last_deleted: int | None = None

        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        head.addWidget(self.title)
        head.addStretch(1)
        self.count_label = QLabel()
        head.addWidget(self.count_label)
        lay.addLayout(head)

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
        lay.addLayout(bar)

        self.bin_note = QLabel(tr("Đang xem thùng rác: các bản ghi đã xóa. Chọn một bản ghi và bấm “Khôi phục” để lấy lại."))
        self.bin_note.setStyleSheet("background: #fff4d6; padding: 4px;")
        lay.addWidget(self.bin_note)

        self.model = RecordTableModel(records, kind_key, deleted=False, parent=self)
        self.bin_model: RecordTableModel | None = None
        self.view = RecordTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(self.kind.default_sort - 1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setStretchLastSection(True)
        fm = self.view.fontMetrics()
        for i, col in enumerate(self.kind.columns):
            if col.width:
                self.view.setColumnWidth(i, fm.averageCharWidth() * col.width + 16)
        lay.addWidget(self.view, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.add_button.clicked.connect(self.open_add)
        self.edit_button.clicked.connect(self.open_edit)
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.undo_button.clicked.connect(self.undo_delete)
        self.history_button.clicked.connect(self.show_history)
        self.bin_button.toggled.connect(self.set_bin_mode)
        self.view.doubleClicked.connect(lambda _i: self.open_edit())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.open_add)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view, activated=self.delete_selected)
        self._refresh_labels()
        self._update_buttons()

    # ---- helpers ------------------------------------------------------------------------------
    @property
    def in_bin(self) -> bool:
        return self.bin_button.isChecked()

    @property
    def current_model(self) -> RecordTableModel:
        return self.view.model()  # type: ignore[return-value]

    def selected_id(self) -> int | None:
        idx = self.view.selectionModel().currentIndex() if self.view.selectionModel() else QModelIndex()
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        row = rows[0].row() if rows else (idx.row() if idx.isValid() else -1)
        return self.current_model.id_at(row)

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
        self.undo_button.setVisible(not self.in_bin and self._last_deleted is not None)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.restore_button.setEnabled(has)
        self.history_button.setEnabled(has)

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
            row = shown.row_of(rid)
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

    # ---- actions ------------------------------------------------------------------------------
    def open_add(self) -> RecordDialog | None:
        if self.in_bin:
            return None
        return self._open_dialog(None)

    def open_edit(self) -> RecordDialog | None:
        rid = self.selected_id()
        if rid is None or self.in_bin:
            return None
        return self._open_dialog(rid)

    def _open_dialog(self, rid: int | None) -> RecordDialog:
        dlg = RecordDialog(self.records, self.kind.key, rid, self)
        dlg.saved.connect(self._saved)
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dlg
        dlg.open()
        return dlg

    def _saved(self, record_id: int) -> None:
        self.reload(select=record_id)
        self.status.emit(tr("Đã lưu {what}.").format(what=tr(self.kind.singular)))
        self.changed.emit(self.kind.key)

    def delete_selected(self) -> bool:
        rid = self.selected_id()
        if rid is None or self.in_bin:
            return False
        row = self.current_model.row_of(rid)
        name = self.current_model.index(row, 0).data() if row is not None else ""
        what = tr(self.kind.singular)
        impact = self.records.delete_impact(self.kind.key, rid)
        if impact.members:  # a unit, village or household others still name: say what, change nothing
            prompts.error(self, tr("Không xóa được"), cascade.blocked_message(self.kind, name, impact.members))
            return False
        text = tr("Xóa {what} “{name}”?").format(what=what, name=name)
        if impact.dependants:
            text += "\n\n" + tr("Cùng chuyển vào thùng rác các bản ghi về {what} này:\n{lines}").format(
                what=what, lines=cascade.count_lines(impact.dependants))
            text += "\n\n" + tr("Tất cả có thể khôi phục lại: khôi phục {what} thì các bản ghi trên được khôi phục "
                                "theo.").format(what=what)
        else:
            text += "\n\n" + tr("Bản ghi được chuyển vào thùng rác và có thể khôi phục lại.")
        if not prompts.ask(self, tr("Xóa bản ghi"), text, yes=tr("Xóa"), no=tr("Không xóa"), danger=True):
            return False
        try:
            moved = self.records.delete(self.kind.key, rid)
        except UserError as exc:
            prompts.error(self, tr("Không xóa được"), exc.message)
            return False
        self._last_deleted = rid
        self.reload()
        message = tr("Đã chuyển “{name}” vào thùng rác. Bấm “Hoàn tác xóa” để lấy lại.").format(name=name)
        if moved:
            message += " " + tr("Cùng vào thùng rác: {count} bản ghi liên quan.").format(count=sum(moved.values()))
        self.status.emit(message)
        self.changed.emit(self.kind.key)
        return True

    def undo_delete(self) -> bool:
        if self._last_deleted is None:
            return False
        rid = self._last_deleted
        ok = self._restore(rid)
        if ok:
            self._last_deleted = None
            self.reload(select=rid)
        return ok

    def restore_selected(self) -> bool:
        rid = self.selected_id()
        if rid is None or not self.in_bin:
            return False
        ok = self._restore(rid)
        if ok:
            if self._last_deleted == rid:
                self._last_deleted = None
            self.reload()
        return ok

    def _restore(self, rid: int) -> bool:
        try:
            back = self.records.restore(self.kind.key, rid)
        except ValidationError as exc:
            prompts.error(self, tr("Không khôi phục được"), "\n".join(exc.errors.values()))
            return False
        except UserError as exc:
            prompts.error(self, tr("Không khôi phục được"), exc.message)
            return False
        message = tr("Đã khôi phục {what}.").format(what=tr(self.kind.singular))
        if back:
            message += " " + tr("Cùng được khôi phục: {count} bản ghi liên quan.").format(count=sum(back.values()))
        self.status.emit(message)
        self.changed.emit(self.kind.key)
        return True

    def history_model(self) -> HistoryModel | None:
        rid = self.selected_id()
        if rid is None:
            return None
        return HistoryModel(self.records.history(self.kind.key, rid))

    def show_history(self) -> None:
        model = self.history_model()
        if model is None:
            return
        rid = self.selected_id()
        row = self.current_model.row_of(rid) if rid is not None else None
        name = self.current_model.index(row, 0).data() if row is not None else ""
        dlg = HistoryDialog(tr("Lịch sử thay đổi – {name}").format(name=name), model, self)
        model.setParent(dlg)
        dlg.open()
