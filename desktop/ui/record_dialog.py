"""Add/edit form for any record kind, built from the kind's field descriptions.

Validation runs as the officer types (the same rules the core applies on save). Nothing in the form
moves when a message appears or goes: messages are shown in one message line of fixed height above
the buttons (the field in focus first), and the label of every field with a problem turns red (amber
for a warning), which changes no size. A field's error shows only once the field was touched (left
after an edit, or a choice made) or "Lưu" was pressed, and goes as soon as the field is fixed.
Warnings (e.g. a CCCD that contradicts the birth year) can be overridden after a confirmation.
Closing with unsaved edits asks first. A field that applies only to some values of another (a
collective's end date and merger, by its status) is greyed out and empty otherwise, in place: the form
keeps its size.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.records import KINDS, Records
from desktop.shared.errors import UserError, ValidationError
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.widgets import RefPicker, SubjectPicker, connect_changed, editor_value, make_editor, set_editor_value

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"
MESSAGE_LINES = 4  # the message line's fixed height, in text lines


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
        self.labels: dict[str, QLabel] = {}
        self._initial: dict[str, Any] = {}
        self._loading = True
        self._touched: set[str] = set()    # edited and left (or chosen): its problems show
        self._edited: set[str] = set()     # typed in; becomes touched when the officer leaves it
        self._submitted = False            # "Lưu" pressed once: every field's problems show
        self._errors: dict[str, str] = {}
        self._warnings: dict[str, str] = {}

        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in self.kind.fields:
            editor = make_editor(f, records)
            label = QLabel(tr(f.label) + (" *" if f.required else ""))
            label.setBuddy(editor)
            form.addRow(label, editor)
            if isinstance(editor, RefPicker) and f.ref == kind_key:  # a collective merged into... not itself
                editor.exclude_id = record_id
            self.editors[f.name] = editor
            self.labels[f.name] = label
        outer.addLayout(form)
        # one message line for the whole form, its height reserved: nothing moves when it fills
        self.message_line = QLabel()
        self.message_line.setObjectName("formMessage")
        self.message_line.setWordWrap(True)
        self.message_line.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.message_line.setFixedHeight(self.fontMetrics().lineSpacing() * MESSAGE_LINES + 4)
        outer.addWidget(self.message_line)
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
        self._apply_conditions()
        self._initial = self.raw_values()
        if "target_code" in self.editors:
            self._number_hints()
        for name, w in self.editors.items():
            connect_changed(w, lambda *_a, name=name: self._changed(name))
            if isinstance(w, QLineEdit):  # Enter, or leaving the field after typing in it
                w.editingFinished.connect(lambda name=name: name in self._edited and self._touch(name))
            picker = w.picker if isinstance(w, SubjectPicker) else w
            if isinstance(picker, RefPicker):  # text typed but not chosen: its message follows the text
                picker.textEdited.connect(lambda _t, name=name: self._changed(name, typed=True))
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)
        self._loading = False

    def _set_defaults(self) -> None:
        import datetime as dt

        for f in self.kind.fields:
            if f.kind == "year":
                set_editor_value(self.editors[f.name], f, dt.date.today().year)
            elif f.default is not None:
                set_editor_value(self.editors[f.name], f, f.default)

    def _applies(self, name: str) -> bool:
        """Whether a field applies under the values of the fields it depends on (Field.shown_when)."""
        cond = self.kind.field(name).shown_when
        return cond is None or editor_value(self.editors[cond[0]]) in cond[1]

    def _apply_conditions(self) -> None:
        """Grey out (and empty) the fields that do not apply; the others are open."""
        for f in self.kind.fields:
            if f.shown_when is None:
                continue
            on = self._applies(f.name)
            editor = self.editors[f.name]
            if not on and editor_value(editor) not in (None, ""):
                set_editor_value(editor, f, None)
            editor.setEnabled(on)
            self.labels[f.name].setEnabled(on)

    # ---- values -------------------------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        return {name: editor_value(w) for name, w in self.editors.items()}

    def set_value(self, name: str, value: Any) -> None:
        """Fill a field as the officer would (typed and left): it counts as touched."""
        set_editor_value(self.editors[name], self.kind.field(name), value)
        self._touch(name)

    def is_dirty(self) -> bool:
        return self.raw_values() != self._initial

    def _field_of(self, widget: QWidget | None) -> str | None:
        for name, w in self.editors.items():
            if widget is not None and (widget is w or w.isAncestorOf(widget)):
                return name
        return None

    def _changed(self, name: str, typed: bool = False) -> None:
        if self._loading:
            return
        self._edited.add(name)
        if name == "target_code":
            self._number_hints()
        if any(f.shown_when and f.shown_when[0] == name for f in self.kind.fields):
            self._apply_conditions()
        if not typed and not isinstance(self.editors[name], (QLineEdit, QPlainTextEdit)):
            self._touched.add(name)  # a choice made, a name picked: done with the field
        self.validate()  # at once: a fixed field loses its error while the officer types

    def _number_hints(self) -> None:
        """An indicator's value fields say whether its target takes a range ("35 - 40")."""
        from desktop.core.plan import default_plan

        ranged = default_plan().range_allowed(editor_value(self.editors["target_code"]))
        hint = tr("Số hoặc khoảng, ví dụ 12,5 hoặc 35 - 40") if ranged else tr("Số, ví dụ 12,5 hoặc 1.234")
        for f in self.kind.fields:
            if f.kind == "number":
                self.editors[f.name].setPlaceholderText(hint)

    def _touch(self, name: str) -> None:
        if self._loading:
            return
        self._touched.add(name)
        self.validate()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        try:
            if self._loading or not self.isVisible():
                return
        except RuntimeError:  # the dialog was deleted with its parent before done() disconnected this
            return
        left, entered = self._field_of(old), self._field_of(new)
        if left is not None and left != entered and left in self._edited:  # passing through is no touch
            self._touch(left)
        elif entered is not None:
            self._render()

    # ---- validation ---------------------------------------------------------------------------
    def _picker_errors(self) -> dict[str, str]:
        out = {}
        for name, w in self.editors.items():
            picker = w.picker if isinstance(w, SubjectPicker) else w
            if isinstance(picker, RefPicker) and picker.pending_text():
                out[name] = tr("Đã gõ tên nhưng chưa chọn trong danh sách gợi ý. Hãy chọn một mục trong danh sách.")
        return out

    def validate(self) -> tuple[dict[str, str], dict[str, str]]:
        """Run the core's rules on the current values and show the messages of the touched fields.
        Returns every (errors, warnings), shown or not."""
        _values, errors, warnings = self.records.clean(self.kind.key, self.raw_values(), self.record_id)
        for name, msg in self._picker_errors().items():
            errors.setdefault(name, msg)
        self.show_messages(errors, warnings)
        return errors, warnings

    def _shown(self, name: str) -> bool:
        return self._submitted or name in self._touched

    def show_messages(self, errors: dict[str, str], warnings: dict[str, str]) -> None:
        self._errors, self._warnings = dict(errors), dict(warnings)
        self._render()

    def _render(self) -> None:
        """Colour the labels and fill the message line; no widget changes size."""
        shown: list[tuple[str, str, bool]] = []   # (field, text, is_error) in form order
        for name, label in self.labels.items():
            if name in self._errors and self._shown(name):
                label.setStyleSheet(ERROR_STYLE)
                label.setToolTip(self._errors[name])
                shown.append((name, self._errors[name], True))
            elif name in self._warnings and self._shown(name):
                text = tr("Lưu ý: {warning}").format(warning=self._warnings[name])
                label.setStyleSheet(WARNING_STYLE)
                label.setToolTip(text)
                shown.append((name, text, False))
            else:
                label.setStyleSheet("")
                label.setToolTip("")
        if not shown:
            self.message_line.clear()
            self.message_line.setToolTip("")
            return
        focused = self._field_of(QApplication.focusWidget())
        first = next((m for m in shown if m[0] == focused), None) or next((m for m in shown if m[2]), shown[0])
        text = first[1]
        others = len(shown) - 1
        if others:
            text += "\n" + tr("Còn {count} mục khác cần xem lại (tên mục tô màu).").format(count=others)
        self.message_line.setText(text)
        self.message_line.setToolTip("\n".join(m[1] for m in shown))
        self.message_line.setStyleSheet(ERROR_STYLE if first[2] else WARNING_STYLE)

    def message_for(self, name: str) -> str:
        """The message the form shows for a field ("" when none is shown)."""
        if not self._shown(name):
            return ""
        if name in self._errors:
            return self._errors[name]
        if name in self._warnings:
            return tr("Lưu ý: {warning}").format(warning=self._warnings[name])
        return ""

    # ---- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        self._submitted = True
        errors, warnings = self.validate()
        if errors:
            first = next(n for n in self.editors if n in errors)
            self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)
            self._render()  # the message line shows the field just focused
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

    def done(self, result: int) -> None:
        app = QApplication.instance()
        if app is not None:
            try:
                app.focusChanged.disconnect(self._focus_changed)
            except (RuntimeError, TypeError):
                pass
        super().done(result)

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
