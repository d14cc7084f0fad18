"""Small modal prompts with buttons in the interface language. Tests replace these functions
(monkeypatch) so no modal loop blocks them. ``yes`` / ``no`` go through tr() when shown, so the
defaults (marked with QT_TR_NOOP) and captions already translated by the caller both work."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from desktop.ui.i18n import QT_TR_NOOP, tr


def ask(parent: QWidget | None, title: str, text: str, yes: str = QT_TR_NOOP("Đồng ý"),
        no: str = QT_TR_NOOP("Hủy"), danger: bool = False) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question, title, text, parent=parent)
    yes_btn = box.addButton(tr(yes), QMessageBox.ButtonRole.AcceptRole)
    no_btn = box.addButton(tr(no), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_btn if danger else yes_btn)
    box.exec()
    return box.clickedButton() is yes_btn


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.addButton(tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def error(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    box.addButton(tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def text(parent: QWidget | None, title: str, label: str) -> str | None:
    """One line the officer types (a reason); None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label)
    return value if ok else None
