"""Shared pieces of the review page: status colours and marks, number texts, the object table model
and the table view every tab uses."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import (
    QHeaderView,
    QTableView,
)

from desktop.shared.errors import UserError
from desktop.shared.fmt import group, percent
from desktop.ui.i18n import QT_TR_NOOP
from desktop.ui.models import Column, ObjectRole, ObjectTableModel, SortRole  # noqa: F401  (their former home)
from desktop.ui.models import Index as _Index  # noqa: F401  (its former home)
from desktop.ui.tasks import failure_message

STATUS_COLORS = {"ok": "#1b5e20", "warning": "#8a5a00", "blocked": "#b00020", "done": "#1f4e99",
                 "elsewhere": "#555555"}
MARKS = {"ok": "✔", "warning": "?", "blocked": "✘", "done": "★", "elsewhere": "→"}
SUBJECT_WORDS = {"person": QT_TR_NOOP("Cá nhân"), "collective": QT_TR_NOOP("Tập thể"),
                 "household": QT_TR_NOOP("Hộ gia đình")}
# "auto": each act with its own authority (resources/documents/signing.json): the chairman signs his
# award decision, the committee its proposal
PREFIX_AUTO = "auto"
PREFIX_LABELS = [(PREFIX_AUTO, QT_TR_NOOP("Theo văn bản (quyết định: Chủ tịch ký; tờ trình: TM. Ủy ban nhân dân)")),
                 ("", QT_TR_NOOP("Chủ tịch ký (CHỦ TỊCH)")),
                 ("TM.", QT_TR_NOOP("TM. (thay mặt Ủy ban nhân dân)")), ("KT.", QT_TR_NOOP("KT. (ký thay Chủ tịch)")),
                 ("Q.", QT_TR_NOOP("Q. (quyền Chủ tịch)")), ("TL.", QT_TR_NOOP("TL. (thừa lệnh)")),
                 ("TUQ.", QT_TR_NOOP("TUQ. (thừa ủy quyền)"))]


def _message(exc: Exception) -> str:
    """The default failure path's words (desktop.ui.tasks): a refusal as it is, a bug logged and
    apologised for, naming the log."""
    if not isinstance(exc, UserError):
        logging.getLogger("desktop").error("review action failed", exc_info=exc)
    return failure_message(exc)


def _pct(x: float) -> str:
    return percent(x)


def _money(n: int | None) -> str:
    return group(n)


# =========================================================================== table models


# Column and ObjectTableModel: desktop.ui.models (the one base of the window's object tables)


def _view(model: QAbstractTableModel, stretch: int | None = None) -> QTableView:
    v = QTableView()
    v.setModel(model)
    v.setSortingEnabled(True)
    v.setAlternatingRowColors(True)
    v.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    v.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    v.verticalHeader().setVisible(False)
    v.setWordWrap(False)
    h = v.horizontalHeader()
    h.setStretchLastSection(True)
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return v


def _selected(view: QTableView) -> Any:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return view.model().data(rows[0], ObjectRole) if rows else None

