"""What the exchange's pages and dialogs share (desktop.ui.bundle_ui, export_dialog, commune_keys,
intake): tables, the busy dialog, error texts, the passphrase prompt."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QProgressDialog,
    QTableView,
)

from desktop.ui.events import EXPORT
from desktop.ui.i18n import tr
from desktop.ui.models import RowsModel
from desktop.ui.tasks import failure_message


def _local(utc: dt.datetime | None) -> str:
    if utc is None:
        return ""
    return utc.replace(tzinfo=dt.UTC).astimezone().strftime("%d/%m/%Y %H:%M")



def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _busy(parent, text: str) -> QProgressDialog:
    dlg = QProgressDialog(text, "", 0, 0, parent)
    dlg.setCancelButton(None)
    dlg.setWindowTitle(tr("Đang xử lý"))
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(200)
    return dlg


def _error_text(exc: Exception) -> str:
    return failure_message(exc)


def ask_passphrase(parent, protection: str) -> str | None | bool:
    """The officer's passphrase when the key has one; None when it has none; False if cancelled."""
    if protection != "passphrase":
        return None
    text, ok = QInputDialog.getText(parent, tr("Mật khẩu khóa ký"), tr("Nhập mật khẩu bảo vệ khóa ký của đơn vị:"),
                                    QLineEdit.EchoMode.Password)
    return text if ok else False


_RowsModel = RowsModel  # its former name (desktop.ui.intake, import_results)


def _refresh_send_page(window) -> None:
    """The files sent, the receipts or the keys changed: the pages showing them read them again."""
    window.events.emit_changed({EXPORT})
