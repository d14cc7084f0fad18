"""One page per record kind: search as you type, a sortable table, add/edit/delete, the recycle bin
and the change history of the selected record.

This module is the controller: what each button does (the calls into desktop.core.records through
the window's Records, the confirmation prompts, the ``changed`` and ``status`` signals). The widgets,
the layout and the table are in desktop.ui.record_page_view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from desktop.core import cascade
from desktop.core.records import Records
from desktop.shared.errors import UserError, ValidationError
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.models import HistoryModel
from desktop.ui.record_dialog import RecordDialog
from desktop.ui.record_page_view import HistoryDialog, RecordPageView, RecordTableView

__all__ = ["HistoryDialog", "RecordPage", "RecordTableView"]


class RecordPage(RecordPageView):
    """Records of one kind. ``changed`` fires after any write so other pages can refresh."""

    changed = Signal(str)
    status = Signal(str)

    def __init__(self, records: Records, kind_key: str, parent=None):
        super().__init__(records, kind_key, parent)
        self.dialog: RecordDialog | None = None
        self._last_deleted: int | None = None

        self.add_button.clicked.connect(self.open_add)
        self.edit_button.clicked.connect(self.open_edit)
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.undo_button.clicked.connect(self.undo_delete)
        self.history_button.clicked.connect(self.show_history)
        self.view.doubleClicked.connect(lambda _i: self.open_edit())
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self.open_add)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view).activated.connect(self.delete_selected)
        self._refresh_labels()
        self._update_buttons()

    def can_undo(self) -> bool:
        return self._last_deleted is not None

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
        name = self.selected_name(rid)
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
        name = self.selected_name(self.selected_id())
        dlg = HistoryDialog(tr("Lịch sử thay đổi – {name}").format(name=name), model, self)
        model.setParent(dlg)
        dlg.open()
