"""Input widgets for record forms: reference pickers with accent-insensitive lookup, and a uniform
get/set interface over every field kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.core import choices as C
from desktop.core.records import Field, Records, format_date
from desktop.ui.i18n import tr
from desktop.ui.models import LookupModel, ObjectRole


class RefPicker(QLineEdit):
    """Type part of a name (with or without accents) and choose from the list that drops down."""

    changed = Signal()

    def __init__(self, records: Records, ref_kind: str, ref_filter: str | None = None, parent=None,
                 include_ended: bool = False):
        super().__init__(parent)
        self.records = records
        self.ref_kind = ref_kind
        self.ref_filter = ref_filter
        self.include_ended = include_ended   # dissolved and merged collectives offered too
        self.exclude_id: int | None = None   # the record being edited, never offered to itself
        self._id: int | None = None
        self._label = ""
        self.setPlaceholderText(tr("Gõ tên để tìm, rồi chọn"))
        self.setToolTip(tr("Gõ vài chữ của tên (có dấu hoặc không dấu) rồi chọn trong danh sách gợi ý"))
        self._model = LookupModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        self._completer.activated[QModelIndex].connect(self._chosen)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._refresh)
        self.textEdited.connect(self._edited)

    def set_ref_kind(self, ref_kind: str) -> None:
        if ref_kind != self.ref_kind:
            self.ref_kind = ref_kind
            self.set_value(None)

    def _edited(self, _text: str) -> None:
        if self._id is not None:
            self._id = None
            self.changed.emit()
        self._timer.start()

    def _refresh(self) -> None:
        items = self.records.lookup(self.ref_kind, self.text(), 50, self.ref_filter, include_ended=self.include_ended)
        self._model.set_items([(i, label) for i, label in items if i != self.exclude_id])
        if self.hasFocus():
            self._completer.complete()

    def _chosen(self, index: QModelIndex) -> None:
        rid = index.data(ObjectRole)
        self._id = int(rid) if rid is not None else None
        self._label = index.data(Qt.ItemDataRole.DisplayRole) or ""
        QTimer.singleShot(0, lambda: self.setText(self._label))
        self.changed.emit()

    def value(self) -> int | None:
        return self._id

    def set_value(self, record_id: int | None) -> None:
        self._id = record_id
        self._label = self.records.label_of(self.ref_kind, record_id) if record_id else ""
        self.setText(self._label)
        self.changed.emit()

    def pending_text(self) -> bool:
        """Text typed but nothing chosen: the officer probably forgot to pick from the list."""
        return self._id is None and bool(self.text().strip())


class SubjectPicker(QWidget):
    """Who a record is about: a person, a collective or a household."""

    changed = Signal()

    def __init__(self, records: Records, types: tuple[str, ...], parent=None, include_ended: bool = False):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.type_box = QComboBox()
        for code, label in C.SUBJECT_TYPE:
            if code in types:
                self.type_box.addItem(label, code)
        self.picker = RefPicker(records, types[0], include_ended=include_ended)
        lay.addWidget(self.type_box)
        lay.addWidget(self.picker, 1)
        self.type_box.currentIndexChanged.connect(self._type_changed)
        self.picker.changed.connect(self.changed)

    def _type_changed(self) -> None:
        self.picker.set_ref_kind(self.type_box.currentData())
        self.changed.emit()

    def value(self) -> tuple[str, int] | None:
        rid = self.picker.value()
        return (self.type_box.currentData(), rid) if rid is not None else None

    def set_value(self, value: tuple[str, int] | None) -> None:
        if value:
            i = self.type_box.findData(value[0])
            if i >= 0:
                self.type_box.blockSignals(True)
                self.type_box.setCurrentIndex(i)
                self.type_box.blockSignals(False)
                self.picker.ref_kind = value[0]
            self.picker.set_value(value[1])
        else:
            self.picker.set_value(None)


def make_editor(f: Field, records: Records) -> QWidget:
    if f.kind == "multiline":
        w = QPlainTextEdit()
        w.setTabChangesFocus(True)
        w.setFixedHeight(70)
        return w
    if f.kind == "choice":
        box = QComboBox()
        if f.default is None:  # a choice with a default has no empty entry
            box.addItem(tr("— Chọn —") if f.required else "", "")
        for code, label in f.choice_list():
            box.addItem(label, code)
        return box
    if f.kind == "ref":
        picker = RefPicker(records, f.ref or "", f.ref_filter, include_ended=f.offer_ended)
        if f.help:
            picker.setToolTip(picker.toolTip() + "\n" + tr(f.help))
        return picker
    if f.kind == "subject":
        return SubjectPicker(records, f.subject_types, include_ended=f.offer_ended)
    w = QLineEdit()
    if f.kind == "date":
        w.setPlaceholderText(tr("ngày/tháng/năm, ví dụ 05/12/1980"))
    elif f.kind == "year":
        w.setPlaceholderText(str(dt.date.today().year))
        w.setMaxLength(4)
    elif f.kind == "cccd":
        w.setPlaceholderText(tr("12 chữ số"))
    elif f.kind == "number":  # indicator values, Vietnamese writing ("12,5"): right-aligned as in tables
        w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if f.help and not w.placeholderText():
        w.setPlaceholderText(tr(f.help))
    elif f.help:  # a date's help (what the hiring date is) where its placeholder shows the format
        w.setToolTip(tr(f.help))
    return w


def editor_value(w: QWidget) -> Any:
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QComboBox):
        return w.currentData() or ""
    if isinstance(w, (RefPicker, SubjectPicker)):
        return w.value()
    if isinstance(w, QLineEdit):
        return w.text()
    raise TypeError(type(w))


def set_editor_value(w: QWidget, f: Field, value: Any) -> None:
    if isinstance(w, QPlainTextEdit):
        w.setPlainText(value or "")
    elif isinstance(w, QComboBox):
        i = w.findData("" if value is None else str(value))
        w.setCurrentIndex(max(i, 0))
    elif isinstance(w, (RefPicker, SubjectPicker)):
        w.set_value(value)
    elif isinstance(w, QLineEdit):
        if f.kind == "date":
            w.setText(value if isinstance(value, str) else format_date(value))
        else:
            w.setText("" if value is None else str(value))


def connect_changed(w: QWidget, slot) -> None:
    if isinstance(w, QPlainTextEdit):
        w.textChanged.connect(slot)
    elif isinstance(w, QComboBox):
        w.currentIndexChanged.connect(slot)
    elif isinstance(w, (RefPicker, SubjectPicker)):
        w.changed.connect(slot)
    elif isinstance(w, QLineEdit):
        w.textChanged.connect(slot)
