"""Tệp → Cài đặt: the officer's own preferences on this PC (kept per Windows user, not in the data).

Today: the interface language. It applies at the next start — the window is built once, and a
half-translated window would be worse than a restart. On a commune's machine also the officer's phone
and e-mail, which are data (the workspace) and travel to the province with the next enrolment request
and data file (desktop.app.workspace.set_contact)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.shared.errors import UserError, ValidationError
from desktop.ui import prompts
from desktop.ui.i18n import LANGUAGES, current_language, preferred_language, save_language, tr


class SettingsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Cài đặt"))
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(preferred_language())))
        # The label is written in both languages, so an officer who switched by mistake finds the way back.
        form.addRow(tr("Ngôn ngữ giao diện") + " / Language", self.language)  # i18n: keep
        lay.addLayout(form)
        self.db = self._commune_db(parent)
        self.phone = self.email = None
        self.contact_error = QLabel()
        if self.db is not None:
            ws = self.db.workspace()
            box = QGroupBox(tr("Liên hệ với Sở Nội vụ"))
            cf = QFormLayout(box)
            self.phone, self.email = QLineEdit(ws.officer_phone or ""), QLineEdit(ws.officer_email or "")
            self.phone.setMaxLength(20)
            self.email.setMaxLength(254)
            self.phone.setPlaceholderText(tr("Ví dụ: 0912 345 678"))
            self.email.setPlaceholderText(tr("Ví dụ: thidua@tiendu.bacninh.gov.vn"))
            cf.addRow(tr("Điện thoại của cán bộ {name}").format(name=ws.officer_name), self.phone)
            cf.addRow(tr("Thư điện tử"), self.email)
            hint = QLabel(tr("Gửi kèm tệp đăng ký khóa và mỗi tệp dữ liệu, để Sở gọi khi tệp thiếu hoặc bị từ chối."))
            hint.setWordWrap(True)
            cf.addRow(hint)
            self.contact_error.setStyleSheet("color: #b00020;")
            self.contact_error.setWordWrap(True)
            cf.addRow(self.contact_error)
            lay.addWidget(box)
        note = QLabel(tr("Ngôn ngữ mới có hiệu lực từ lần mở phần mềm tiếp theo. Văn bản in (quyết định, danh sách, "
                         "biên bản) và tệp dữ liệu luôn bằng tiếng Việt theo quy định."))
        note.setWordWrap(True)
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def chosen_language(self) -> str:
        return self.language.currentData()

    @staticmethod
    def _commune_db(parent):
        db = getattr(parent, "db", None)
        ws = db.workspace() if db is not None else None
        return db if ws is not None and ws.kind == "commune" else None

    def accept(self) -> None:
        if self.db is not None and self.phone is not None and self.email is not None:
            from desktop.app.workspace import set_contact

            try:
                set_contact(self.db, self.phone.text(), self.email.text())
            except ValidationError as exc:
                self.contact_error.setText("\n".join(exc.errors.values()))
                return
            except UserError as exc:
                prompts.error(self, tr("Chưa lưu được"), exc.message)
                return
        lang = self.chosen_language()
        save_language(lang)
        if lang != current_language():
            prompts.inform(self, tr("Đã lưu cài đặt"),
                           tr("Hãy đóng và mở lại phần mềm để dùng ngôn ngữ {language}.").format(language=LANGUAGES[lang]))
        super().accept()
