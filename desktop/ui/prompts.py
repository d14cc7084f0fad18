"""Small modal prompts with Vietnamese buttons. Tests replace these functions (monkeypatch) so no
modal loop blocks them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, yes: str = "Đồng ý", no: str = "Hủy",
        danger: bool = False) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question, title, text, parent=parent)
    yes_btn = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_btn = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_btn if danger else yes_btn)
    box.exec()
    return box.clickedButton() is yes_btn


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def error(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
