"""What changed in the workspace, said once to every page that shows it.

The main window owns one ``WorkspaceEvents``. After a change succeeds (a record saved, a review
decided, a file imported), ``changed`` is emitted once with the kinds of data it touched: record
kinds ("person", "household", … see desktop.core.labels.NAV_ORDER) and the other kinds below. A page
subscribes to the kinds it shows with ``follow``: it reloads at once when it is on screen, or is
marked dirty and reloads when next shown (a hidden page costs nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.core.labels import NAV_ORDER

RECORDS: frozenset[str] = frozenset(NAV_ORDER)  # every record kind of a commune
WORKSPACE = "workspace"   # the unit, the officer in charge
BACKUP = "backup"         # a backup made or restored
REVIEW = "review"         # a review session, its votes and decisions
IMPORT = "import"         # data files received (province), spreadsheets imported
EXPORT = "export"         # data files sent, receipts imported
DOCUMENTS = "documents"   # a document issued, corrected, replaced or repealed (the register)
RECEIVED = "received"     # a file from the province applied (commune): the results of a proposal, a catalog
EVERYTHING: frozenset[str] = RECORDS | {WORKSPACE, BACKUP, REVIEW, IMPORT, EXPORT, DOCUMENTS, RECEIVED}


class WorkspaceEvents(QObject):
    """``changed(kinds)``: a frozenset of the kinds a change touched, emitted once per change."""

    changed = Signal(object)

    def emit_changed(self, kinds: Iterable[str]) -> None:
        kinds = frozenset(kinds)
        if kinds:
            self.changed.emit(kinds)

    def follow(self, widget: QWidget, kinds: Iterable[str], reload: Callable[[], None], *,
               every_show: bool = False, is_current: Callable[[], bool] | None = None) -> PageFollower:
        """Reload ``widget`` (by calling ``reload``) after a change of one of ``kinds``: at once while
        it is on screen, else when it is next shown. ``every_show``: also each time it is shown (a
        page whose data changes without an event). ``is_current``: whether it is the page shown now
        (the window's stack says; the window then calls ``shown()`` when it brings the page up);
        without, Qt's visibility and show events decide."""
        return PageFollower(self, widget, frozenset(kinds), reload, every_show, is_current)


class PageFollower(QObject):
    """Keeps one page current. A child of the page: it goes with it (and so does its connection)."""

    def __init__(self, events: WorkspaceEvents, widget: QWidget, kinds: frozenset[str],
                 reload: Callable[[], None], every_show: bool = False,
                 is_current: Callable[[], bool] | None = None):
        super().__init__(widget)
        self.kinds = kinds
        self.every_show = every_show
        self.dirty = False
        self._widget = widget
        self._reload = reload
        self._is_current = is_current or widget.isVisible
        events.changed.connect(self._changed)
        if is_current is None:
            widget.installEventFilter(self)

    def _changed(self, kinds: frozenset[str]) -> None:
        if not (kinds & self.kinds):
            return
        if self._is_current():
            self.dirty = False
            self._reload()
        else:
            self.dirty = True

    def mark_dirty(self) -> None:
        """Reload when next shown (the data was replaced under the page, e.g. a restore)."""
        self.dirty = True

    def shown(self) -> None:
        """The page was brought up: reload it if a change came meanwhile."""
        if self.dirty or self.every_show:
            self.dirty = False
            self._reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._widget and event.type() == QEvent.Type.Show:
            self.shown()
        return False
