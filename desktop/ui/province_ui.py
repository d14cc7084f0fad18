"""Province workspace: the consolidated views (desktop.app.province_views) as one page of tabs —
submission board, counts per title, proposals sent upward, cross-commune duplicates, indicators.
Each tab is a table with "Xuất Excel"; the proposal list also prints ("In danh sách", decree 30,
desktop.reports.province_sheets).

A view is a query over the whole province database: it runs off the GUI thread (desktop.ui.tasks),
the tab saying "Đang tải…" meanwhile. One query at a time per page; asking again while one runs
(another tab, another year) runs the latest request once the current one is done.

This module is the controller: what each action does (building a view, exporting, printing). The
widgets, the layout and the table model are in desktop.ui.province_ui_view."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate

from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.province_ui_view import COLORS, TABS, ConsolidatedPageView, ViewModel, ViewTabView
from desktop.ui.tasks import failure_message, run_task

__all__ = ["COLORS", "FILE_NAMES", "TABS", "ConsolidatedPage", "ViewModel", "ViewTab", "install", "save_path"]

FILE_NAMES = {"board": "tinh-hinh-nop", "titles": "so-luong-danh-hieu", "proposals": "de-nghi-khen-thuong",
              "duplicates": "trung-giua-cac-xa", "indicators": "chi-tieu"}


def save_path(parent, title: str, suggested: str, filt: str) -> Path | None:
    """Where to save (tests replace this)."""
    from desktop.ui import file_dialogs

    purpose = file_dialogs.EXCEL_EXPORT if suggested.lower().endswith(".xlsx") else file_dialogs.PDF
    return file_dialogs.save_file(parent, purpose, title, suggested, filt)


def export_view_xlsx(parent, view, suggested: str, ask=None) -> Path | None:
    """Ask where (``ask``, by default this module's ``save_path``), then write the province view ``view``
    (its columns and rows) to an .xlsx file, saying how many rows went out or why it could not."""
    from desktop.reports.province_sheets import write_xlsx

    if view is None:
        return None
    path = (ask or save_path)(parent, tr("Xuất Excel"), suggested, tr("Tệp Excel (*.xlsx)"))
    if path is None:
        return None
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    try:
        n = write_xlsx(view, path)
    except Exception as exc:  # noqa: BLE001 - shown to the officer
        prompts.error(parent, tr("Không xuất được Excel"), _message(exc))
        return None
    prompts.inform(parent, tr("Đã xuất Excel"), tr("Đã ghi {count} dòng vào tệp {path}.").format(count=n, path=path))
    return path


def _message(exc: Exception) -> str:
    """The default failure path's words (desktop.ui.tasks): a refusal as it is, a bug logged and
    apologised for, naming the log."""
    if not isinstance(exc, UserError):
        logging.getLogger("desktop").error("province view action failed", exc_info=exc)
    return failure_message(exc)


class ViewTab(ViewTabView):
    """One tab and what its buttons do: the view to Excel, the proposal list to PDF."""

    def __init__(self, page: ConsolidatedPage, kind: str):
        super().__init__(kind)
        self.page = page
        if self.print_button is not None:
            self.print_button.clicked.connect(self.print_list)
        self.xlsx_button.clicked.connect(self.export_xlsx)

    def suggested(self, ext: str) -> str:
        return str(Path.home() / f"{FILE_NAMES[self.kind]}-{self.page.year.value()}.{ext}")

    def export_xlsx(self) -> Path | None:
        return export_view_xlsx(self, self.view, self.suggested("xlsx"))

    def print_list(self) -> Path | None:
        if self.view is None:
            return None
        from desktop.reports.documents import story_of, to_pdf
        from desktop.reports.province_sheets import proposal_doc

        try:
            doc = proposal_doc(self.view)
        except UserError as exc:
            prompts.error(self, tr("Chưa có danh sách"), exc.message)
            return None
        window = self.page.window_
        ext = window.extensions.reports
        if ext is not None and hasattr(ext, "run"):
            def work(progress, cancelled):
                return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled), doc

            ext.run(work, Path(self.suggested("pdf")).name)
            return None
        path = save_path(self, tr("In danh sách ra PDF"), self.suggested("pdf"), tr("Tệp PDF (*.pdf)"))
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            to_pdf(doc, path)
        except Exception as exc:  # noqa: BLE001
            prompts.error(self, tr("Không in được danh sách"), _message(exc))
            return None
        prompts.inform(self, tr("Đã in danh sách"), tr("Đã ghi danh sách ra tệp {path}.").format(path=path))
        return path


class ConsolidatedPage(ConsolidatedPageView):
    """Year, period and deadline on top; one tab per view, built when shown."""

    tab: Mapping[str, ViewTab]

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self._task = None  # the query running
        self._wanted: tuple[str, int, Any, dt.date] | None = None  # the request to run after it
        self._set_default_deadline()
        self.year.valueChanged.connect(lambda _v: self._period_changed())
        self.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.deadline.dateChanged.connect(lambda _d: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def new_tab(self, kind: str) -> ViewTab:
        return ViewTab(self, kind)

    def _set_default_deadline(self) -> None:
        from desktop.app.periods import default_deadline

        d = default_deadline(self.period_code())
        self.deadline.blockSignals(True)
        self.deadline.setDate(QDate(d.year, d.month, d.day))
        self.deadline.blockSignals(False)

    def _period_changed(self) -> None:
        self._set_default_deadline()
        self.refresh()

    def refresh(self) -> None:
        """Build the current tab's view off the GUI thread (after the one running, if any)."""
        kind = self.current_kind()
        d = self.deadline.date()
        if self._wanted is not None and self._wanted[0] != kind:
            self.tab[self._wanted[0]].cancel_loading()  # replaced before it ran
        self._wanted = (kind, self.year.value(), self.period_code() if kind == "board" else self.period.currentData(),
                        dt.date(d.year(), d.month(), d.day()))
        self.tab[kind].set_loading()
        if self._task is None:
            self._start()

    def _start(self) -> None:
        from desktop.app import province_views

        if self._wanted is None:  # nothing asked
            return
        kind, year, period, deadline = self._wanted
        self._wanted = None
        db = self.window_.db

        def work(_progress, _cancelled):
            return province_views.build(db, kind, year, period, deadline)

        def finished() -> bool:
            """Start what was asked meanwhile; True when this answer is still the one to show."""
            self._task = None
            again = self._wanted is not None and self._wanted[0] == kind
            if self._wanted is not None:
                self._start()
            return not again

        def done(view) -> None:
            if finished():
                self.tab[kind].show_view(view)

        def failed(exc) -> None:
            if finished():
                self.tab[kind].set_failed()
                prompts.error(self, tr("Không lập được bảng tổng hợp"), _message(exc))

        self._task = run_task(work, done, failed, owner=self)

    def busy(self) -> bool:
        """A view is being built or waits to be."""
        return self._task is not None or self._wanted is not None

    def show_kind(self, kind: str) -> ViewTab:
        """Open the tab of ``kind`` and build its view; the rows arrive when the query is done."""
        index = [k for k, _ in TABS].index(kind)
        if self.tabs.currentIndex() == index:
            self.refresh()
        else:
            self.tabs.setCurrentIndex(index)  # refreshes (currentChanged)
        return self.tab[kind]


def install(window) -> None:
    if not window.is_province:
        return
    window.add_page("consolidated", tr("Tổng hợp"), ConsolidatedPage(window))
