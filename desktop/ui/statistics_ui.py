"""The 'Thống kê' menu: the year's statistics report on emulation and commendation (a commune's, or
the province's consolidated over the communes' data) and, at a commune, the award register across
years, each saved as Excel or PDF by the extension chosen. Built off the GUI thread
(desktop.ui.tasks); what is counted is desktop.app.statistics and desktop.app.award_register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QVBoxLayout

from desktop.ui import file_dialogs, prompts
from desktop.ui.documents import view as documents_view
from desktop.ui.i18n import tr
from desktop.ui.tasks import failure_message, run_query, show_failure

SUFFIXES = (".xlsx", ".pdf")


class YearsDialog(QDialog):
    """The register's years: from and to (0: no bound)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Sổ theo dõi khen thưởng"))
        form = QFormLayout()
        self.year_from, self.year_to = QSpinBox(self), QSpinBox(self)
        for box in (self.year_from, self.year_to):
            box.setRange(0, 2100)
            box.setSpecialValueText(tr("Tất cả"))
        self.year_to.setValue(0)
        form.addRow(tr("Từ năm:"), self.year_from)
        form.addRow(tr("Đến năm:"), self.year_to)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Lập sổ"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def years(self) -> tuple[int | None, int | None]:
        return self.year_from.value() or None, self.year_to.value() or None


def ask_years(parent) -> tuple[int | None, int | None] | None:
    """The register's years, or None when the officer cancelled (tests replace this)."""
    dlg = YearsDialog(parent)
    return dlg.years() if dlg.exec() == QDialog.DialogCode.Accepted else None


def ask_save(parent, title: str, suggested: str) -> Path | None:
    """Where to save, .xlsx or .pdf (tests replace this); another extension becomes .xlsx."""
    path = file_dialogs.save_file(parent, file_dialogs.EXCEL_EXPORT, title, suggested,
                                  tr("Tệp Excel (*.xlsx);;Tệp PDF (*.pdf)"))
    if path is not None and path.suffix.lower() not in SUFFIXES:
        path = path.with_suffix(".xlsx")
    return path


class StatisticsExtension:
    def __init__(self, window):
        self.window = window
        self.last_saved: Path | None = None
        self.last_error = ""
        menu = window.menuBar().addMenu(tr("Thống &kê"))
        self.statistics_action = QAction(tr("Báo cáo thống kê thi đua, khen thưởng…"), window)
        self.statistics_action.triggered.connect(lambda _checked=False: self.save_statistics())
        menu.addAction(self.statistics_action)
        self.register_action: QAction | None = None
        if not window.is_province:  # the province holds no award register of its own
            self.register_action = QAction(tr("Sổ theo dõi khen thưởng…"), window)
            self.register_action.triggered.connect(lambda _checked=False: self.save_register())
            menu.addAction(self.register_action)

    def save_statistics(self) -> None:
        w = self.window
        year = documents_view.ask_year(w, tr("Báo cáo thống kê: chọn năm"))
        if year is None:
            return
        path = ask_save(w, tr("Lưu báo cáo thống kê"), f"bao-cao-thong-ke-{year}.xlsx")  # i18n: keep (file name)
        if path is None:
            return
        db = w.db

        def work(progress, cancelled):
            from desktop.app.statistics import statistics_report
            from desktop.reports.statistics_docs import statistics_pdf, statistics_xlsx

            report = statistics_report(db, year)
            if path.suffix.lower() == ".pdf":
                statistics_pdf(report, path, progress, cancelled)
            else:
                statistics_xlsx(report, path)
            return path

        self._run(work, tr("Đã lưu báo cáo thống kê năm {year} vào {path}."), year=year)

    def save_register(self) -> None:
        w = self.window
        years = ask_years(w)
        if years is None:
            return
        suggested = f"so-theo-doi-khen-thuong-{dt.date.today():%Y-%m-%d}.pdf"  # i18n: keep (file name)
        path = ask_save(w, tr("Lưu sổ theo dõi khen thưởng"), suggested)
        if path is None:
            return
        db = w.db

        def work(progress, cancelled):
            from desktop.app.award_register import Filter, award_register
            from desktop.reports.statistics_docs import register_pdf, register_xlsx

            reg = award_register(db, Filter(*years))
            if path.suffix.lower() == ".pdf":
                register_pdf(reg, path, progress, cancelled)
            else:
                register_xlsx(reg, path)
            return path

        self._run(work, tr("Đã lưu sổ theo dõi khen thưởng vào {path}."))

    def _run(self, work, saved_text: str, **fields) -> None:
        w = self.window

        def done(path: Path) -> None:
            self.last_saved = path
            text = saved_text.format(path=path, **fields)
            w.statusBar().showMessage(text, 10000)
            prompts.inform(w, tr("Đã lưu"), text)

        def failed(exc: Exception) -> None:
            from desktop.reports.layout import Cancelled

            if isinstance(exc, Cancelled):
                return
            self.last_error = failure_message(exc)
            show_failure(w, exc, tr("Không lưu được"))

        run_query(work, done, owner=w, on_error=failed)


def install(window) -> StatisticsExtension:
    ext = StatisticsExtension(window)
    window.extensions.statistics = ext
    return ext


__all__ = ["StatisticsExtension", "YearsDialog", "ask_save", "ask_years", "install"]
