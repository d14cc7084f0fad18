"""The "Văn bản đã ban hành" page of a commune: the register of issued documents (desktop.app.issuing)
with their numbers, signers, hashes and status, reprinted exactly as issued, corrected, replaced or
repealed by a new act, and the movement report issued once with its number.

``view`` holds the table and the page's widgets, ``dialogs`` the detail, change and report dialogs,
``controller`` what the buttons do (through desktop.ui.tasks, off the GUI thread)."""

from __future__ import annotations

from desktop.ui import events
from desktop.ui.i18n import tr
from desktop.ui.issued.controller import IssuedPage

__all__ = ["IssuedPage", "install"]


def install(window) -> None:
    if window.is_province:
        return
    page = IssuedPage(window)
    window.extensions.issued = page
    window.add_page("issued", tr("Văn bản đã ban hành"), page,
                    frozenset({events.DOCUMENTS, events.REVIEW, events.BACKUP, events.WORKSPACE}))
