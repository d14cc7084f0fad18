"""Tệp → Cài đặt: the officer's own preferences on this PC (kept per Windows user, not in the data).

Today: the interface language. It applies at the next start — the window is built once, and a
half-translated window would be worse than a restart."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

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

    def accept(self) -> None:
        lang = self.chosen_language()
        save_language(lang)
        if lang != current_language():
            prompts.inform(self, tr("Đã lưu cài đặt"),
                           tr("Hãy đóng và mở lại phần mềm để dùng ngôn ngữ {language}.").format(language=LANGUAGES[lang]))
        super().accept()
