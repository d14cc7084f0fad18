"""Add/edit form for any record kind, built from the kind's field descriptions.

Validation runs as the officer types (the same rules the core applies on save) and shows messages
under each field. Warnings (e.g. a CCCD that contradicts the birth year) can be overridden after a
confirmation. Closing with unsaved edits asks first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError, ValidationError
from desktop.core.records import KINDS, Records
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.widgets import RefPicker, SubjectPicker, connect_changed, editor_value, make_editor, set_editor_value

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"


class RecordDialog(QDialog):
    saved = Signal(int)

    def __init__(self, records: Records, kind_key: str, record_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.kind = KINDS[kind_key]
        self.record_id = record_id
        self.setWindowTitle(
            (tr("Sửa {what}") if record_id else tr("Thêm {what}")).format(what=tr(self.kind.singular)))
        self.setMinimumWidth(560)
        self.editors: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self._initial: dict[str, Any] = {}
        self._loading = True

        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in self.kind.fields:
            editor = make_editor(f, records)
            msg = QLabel()
            msg.setWordWrap(True)
            msg.setVisible(False)
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(editor)
            lay.addWidget(msg)
            label = QLabel(tr(f.label) + (" *" if f.required else ""))
            label.setBuddy(editor)
            form.addRow(label, box)
            self.editors[f.name] = editor
            self.messages[f.name] = msg
        outer.addLayout(form)
        note = QLabel(tr("Mục có dấu * là bắt buộc."))
        note.setStyleSheet("color: #555;")
        outer.addWidget(note)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        if record_id is not None:
            values = records.get(kind_key, record_id)
            for f in self.kind.fields:
                set_editor_value(self.editors[f.name], f, values.get(f.name))
        else:
            self._set_defaults()
        self._initial = self.raw_values()
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.validate)
        for w in self.editors.values():
            connect_changed(w, self._changed)
        self._loading = False

    def _set_defaults(self) -> None:
        import datetime as dt

        for f in self.kind.fields:
            if f.kind == "year":
                set_editor_value(self.editors[f.name], f, dt.date.today().year)

    # ---- values -------------------------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        return {name: editor_value(w) for name, w in self.editors.items()}

    def set_value(self, name: str, value: Any) -> None:
        set_editor_value(self.editors[name], self.kind.field(name), value)

    def is_dirty(self) -> bool:
        return self.raw_values() != self._initial

    def _changed(self, *_args) -> None:
        if not self._loading:
            self._timer.start()

    # ---- validation ---------------------------------------------------------------------------
    def _picker_errors(self) -> dict[str, str]:
        out = {}
        for name, w in self.editors.items():
            picker = w.picker if isinstance(w, SubjectPicker) else w
            if isinstance(picker, RefPicker) and picker.pending_text():
                out[name] = tr("Đã gõ tên nhưng chưa chọn trong danh sách gợi ý. Hãy chọn một mục trong danh sách.")
        return out

    def validate(self) -> tuple[dict[str, str], dict[str, str]]:
        """Run the core's rules on the current values and show the messages. Returns (errors, warnings)."""
        _values, errors, warnings = self.records.clean(self.kind.key, self.raw_values(), self.record_id)
        for name, msg in self._picker_errors().items():
            errors.setdefault(name, msg)
        self.show_messages(errors, warnings)
        return errors, warnings

    def show_messages(self, errors: dict[str, str], warnings: dict[str, str]) -> None:
        for name, label in self.messages.items():
            if name in errors:
                label.setText(errors[name])
                label.setStyleSheet(ERROR_STYLE)
                label.setVisible(True)
            elif name in warnings:
                label.setText(tr("Lưu ý: {warning}").format(warning=warnings[name]))
                label.setStyleSheet(WARNING_STYLE)
                label.setVisible(True)
            else:
                label.clear()
                label.setVisible(False)
        self.layout().activate()
        self.adjustSize()

    def message_for(self, name: str) -> str:
        label = self.messages[name]
        return label.text() if label.isVisible() else ""

    # ---- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        errors, warnings = self.validate()
        if errors:
            first = next(n for n in self.editors if n in errors)
            self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        accept = False
        if warnings:
            text = "\n\n".join(warnings.values()) + "\n\n" + tr("Vẫn lưu hồ sơ này?")
            if not prompts.ask(self, tr("Thông tin chưa khớp"), text, yes=tr("Vẫn lưu"), no=tr("Quay lại sửa")):
                return False
            accept = True
        raw = self.raw_values()
        try:
            if self.record_id is None:
                self.record_id = self.records.create(self.kind.key, raw, accept_warnings=accept)
            else:
                self.records.update(self.kind.key, self.record_id, raw, accept_warnings=accept)
        except ValidationError as exc:  # e.g. a duplicate CCCD saved meanwhile in another window
            self.show_messages(exc.errors, exc.warnings)
            return False
        except UserError as exc:
            prompts.error(self, tr("Không lưu được"), exc.message)
            return False
        self._initial = raw
        self.saved.emit(self.record_id)
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty() and not prompts.ask(
            self, tr("Chưa lưu thay đổi"),
            tr("Các thông tin vừa nhập chưa được lưu. Đóng cửa sổ và bỏ các thay đổi này?"),
            yes=tr("Bỏ thay đổi"), no=tr("Tiếp tục sửa"), danger=True,
        ):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.result() == QDialog.DialogCode.Accepted or not self.is_dirty():
            event.accept()
            return
        if prompts.ask(self, tr("Chưa lưu thay đổi"),
                       tr("Các thông tin vừa nhập chưa được lưu. Đóng cửa sổ và bỏ các thay đổi này?"),
                       yes=tr("Bỏ thay đổi"), no=tr("Tiếp tục sửa"), danger=True):
            event.accept()
        else:
            event.ignore()
