"""The clerk's received date for a file that came by post: it replaces the date the commune signed into
the file when the deadline is judged (desktop.app.received)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.dialog_parts import problem_line
from desktop.ui.i18n import tr


class ReceivedDateDialog(QDialog):
    def __init__(self, parent, db, code: str):
        super().__init__(parent)
        from desktop.app import received
        from desktop.core.units import find_unit

        self.db, self.code = db, code
        unit = find_unit(code)
        self.setWindowTitle(tr("Ngày nhận qua bưu điện – {unit}").format(unit=unit.name if unit else code))
        self.files = sorted(received.file_times(db, commune_code=code), key=lambda f: -f.sequence)
        lay = QVBoxLayout(self)
        hint = QLabel(tr("Với tệp xã gửi qua bưu điện, ghi ngày Sở nhận (theo dấu bưu điện hoặc sổ công văn đến). "
                         "Ngày này thay ngày xã ký trong tệp khi xét đúng hạn hay muộn."))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        form = QFormLayout()
        self.file = QComboBox()
        for f in self.files:
            self.file.addItem(tr("Số {sequence} – kỳ {period}, xã gửi {sent}, Sở nhập {imported}").format(
                sequence=f.sequence, period=f.period, sent=received.vn_text(f.sent_at),
                imported=received.vn_text(f.imported_at)), f.sequence)
        form.addRow(tr("Tệp"), self.file)
        self.date = QDateEdit()
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        form.addRow(tr("Ngày Sở nhận"), self.date)
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("Ví dụ: công văn đến số 123, dấu bưu điện ngày …"))
        form.addRow(tr("Ghi chú"), self.note)
        lay.addLayout(form)
        self.current = QLabel()
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.current)
        # one message line, its space kept, so the buttons do not move when a message appears
        self.message = problem_line()
        lay.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(tr("Lưu ngày nhận"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.clear_button = buttons.addButton(tr("Bỏ ngày đã ghi"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.clear)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.file.currentIndexChanged.connect(lambda _i: self._show_file())
        self._show_file()

    def selected(self):
        i = self.file.currentIndex()
        return self.files[i] if 0 <= i < len(self.files) else None

    def _show_file(self) -> None:
        f = self.selected()
        self.message.setText(" ")
        if f is None:
            return
        d = f.received_on
        self.date.setDate(QDate(d.year, d.month, d.day))
        self.note.setText(f.clerk_note)
        self.clear_button.setEnabled(f.clerk_date is not None)
        self.current.setText(tr("Đang tính: ngày Sở ghi {date} (qua bưu điện)").format(date=f"{d:%d/%m/%Y}")
                             if f.clerk_date is not None else
                             tr("Đang tính: ngày xã ký trong tệp {date}").format(date=f"{d:%d/%m/%Y}"))

    def _store(self, date: dt.date | None) -> bool:
        from desktop.app import received

        f = self.selected()
        if f is None:
            return False
        try:
            received.set_received_date(self.db, self.code, f.sequence, date, self.note.text())
        except UserError as exc:
            self.message.setText(exc.message)
            return False
        self.accept()
        return True

    def save(self) -> bool:
        return self._store(self.date.date().toPython())

    def clear(self) -> bool:
        return self._store(None)


def enter_received_date(parent, db, code: str) -> bool:
    """The dialog for the commune's files; True when a date was stored or removed."""
    from desktop.app import received

    if not received.file_times(db, commune_code=code):
        prompts.inform(parent, tr("Ngày nhận qua bưu điện"), tr("Sở chưa nhận tệp nào của đơn vị này."))
        return False
    return ReceivedDateDialog(parent, db, code).exec() == QDialog.DialogCode.Accepted
