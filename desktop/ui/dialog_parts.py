"""Small parts every form dialog and page of the window shares: the page title, the red problem line
whose space is kept (the buttons do not move when a message appears), and the OK / Hủy buttons of a
dialog that checks its input itself before closing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton

from desktop.ui.i18n import tr


def page_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 16pt; font-weight: 600;")
    return label


def problem_line() -> QLabel:
    """A red line for the input's problem, two lines tall even when empty."""
    label = QLabel(" ")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 2)
    return label


def submit_buttons(dialog: QDialog, ok_text: str, submit) -> tuple[QDialogButtonBox, QPushButton]:
    """``ok_text`` runs ``submit`` (which closes the dialog when the input is good); Hủy rejects."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
    ok.clicked.connect(submit)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


__all__ = ["page_title", "problem_line", "submit_buttons"]
