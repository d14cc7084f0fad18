"""The 'Văn bản' menu: print preview, print and save as PDF of the documents; Excel import wizard
(mapping, preview of every row's problems, confirm, all or nothing); export of the current table.

The preview window (pages drawn lazily by pypdfium2, printed one page at a time) is in
desktop.ui.preview. Building a document and reading a spreadsheet run off the GUI thread through ``run_task`` with a progress dialog. ``window.db`` / ``records`` / ``paths`` are read
at action time (a restore replaces them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.core.labels import KIND_LABELS
from desktop.shared.errors import UserError
from desktop.ui import file_dialogs, prompts
from desktop.ui.events import IMPORT, RECORDS
from desktop.ui.i18n import tr
from desktop.ui.preview import PreviewDialog, render_pages  # noqa: F401 - their names stay here too
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import failure_message, run_task, workspace_lock

# ---------------------------------------------------------------------------- small prompts (tests replace)


def ask_year(parent, title: str) -> int | None:
    year, ok = QInputDialog.getInt(parent, title, tr("Năm:"), dt.date.today().year, 1945, 2100)
    return year if ok else None


def ask_title(parent, choices: list[tuple[str, str, int]]) -> str | None:
    items = [f"{name} ({n})" for _c, name, n in choices]  # title names are data
    item, ok = QInputDialog.getItem(parent, tr("Danh sách theo danh hiệu"), tr("Danh hiệu:"), items, 0, False)
    return choices[items.index(item)][0] if ok and item in items else None


def save_path(parent, title: str, suggested: str, filt: str) -> Path | None:
    """Where to save; the dialog opens in the folder last used for files of that type."""
    purpose = file_dialogs.EXCEL_EXPORT if suggested.lower().endswith(".xlsx") else file_dialogs.PDF
    return file_dialogs.save_file(parent, purpose, title, suggested, filt)


def open_path(parent, title: str, filt: str) -> Path | None:
    return file_dialogs.open_file(parent, file_dialogs.EXCEL_IMPORT, title, filt)


def _kind_name(spec) -> str:
    """The import kind's name in the interface language, lower case ("cá nhân"): the record kind's
    navigation label when it is the same words as the spreadsheet module's label, else that label."""
    label = KIND_LABELS.get(spec.kind, "")
    return tr(label).lower() if label.lower() == spec.label else spec.label


def _message(exc: Exception) -> str:
    return failure_message(exc)


# ---------------------------------------------------------------------------- Excel import wizard


class ImportDialog(QDialog):
    """Choose the kind and file, map columns, check (every row's problems), then import all or nothing."""

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        from desktop.app import spreadsheets as xlsx

        self.window_ = window
        self.xlsx = xlsx
        self.plan = None
        self.preview = None
        self.setWindowTitle(tr("Nhập danh sách từ Excel"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for key, spec in xlsx.IMPORT_KINDS.items():
            self.kind.addItem(_kind_name(spec).capitalize(), key)
        form.addRow(tr("Loại dữ liệu:"), self.kind)
        file_row = QHBoxLayout()
        self.file_label = QLabel(tr("(chưa chọn tệp)"))
        pick = QPushButton(tr("Chọn tệp .xlsx…"))
        pick.clicked.connect(self.pick_file)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(pick)
        form.addRow(tr("Tệp:"), file_row)
        lay.addLayout(form)
        lay.addWidget(QLabel(tr("Ghép cột: chọn cột của tệp ứng với từng thông tin (tự đoán theo tên cột).")))
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([tr("Thông tin"), tr("Cột trong tệp")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.mapping, 1)
        self.check_btn = QPushButton(tr("Kiểm tra dữ liệu"))
        self.check_btn.clicked.connect(self.check)
        self.check_btn.setEnabled(False)
        lay.addWidget(self.check_btn)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.problems = QListWidget()
        lay.addWidget(self.problems, 1)
        buttons = QDialogButtonBox()
        self.import_btn = buttons.addButton(tr("Nhập vào dữ liệu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_btn.setEnabled(False)
        self.import_btn.clicked.connect(self.commit)
        buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        lay.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self.load(self.plan.path) if self.plan else None)
        fit_to_screen(self, 760, 640)

    def pick_file(self) -> None:
        path = open_path(self, tr("Chọn tệp Excel"), tr("Tệp Excel (*.xlsx)"))
        if path:
            self.load(path)

    def load(self, path: Path) -> bool:
        spec = self.xlsx.IMPORT_KINDS[self.kind.currentData()]
        self.import_btn.setEnabled(False)
        self.problems.clear()
        try:
            self.plan = self.xlsx.read_for_import(path, spec)
        except UserError as exc:
            self.plan = None
            self.check_btn.setEnabled(False)
            self.summary.setText(exc.message)
            prompts.error(self, tr("Không đọc được tệp"), exc.message)
            return False
        self.file_label.setText(tr("{file} – %n dòng", "", len(self.plan.rows)).format(file=path.name))
        self.mapping.setRowCount(len(spec.fields))
        for r, f in enumerate(spec.fields):
            self.mapping.setItem(r, 0, QTableWidgetItem(tr(f.label) + (" *" if f.required else "")))
            combo = QComboBox()
            combo.addItem(tr("(không nhập)"), None)
            for i, h in enumerate(self.plan.headers):
                combo.addItem(h or tr("Cột {number}").format(number=i + 1), i)
            idx = self.plan.mapping.get(f.name)
            combo.setCurrentIndex(0 if idx is None else idx + 1)
            self.mapping.setCellWidget(r, 1, combo)
        self.check_btn.setEnabled(True)
        self.summary.setText(tr("Kiểm tra trước khi nhập; chưa có gì được ghi."))
        return True

    def _read_mapping(self) -> None:
        spec = self.plan.spec
        for r, f in enumerate(spec.fields):
            self.plan.mapping[f.name] = self.mapping.cellWidget(r, 1).currentData()

    def check(self) -> bool:
        if self.plan is None:
            return False
        self._read_mapping()
        try:
            self.preview = self.xlsx.check_import(self.window_.db, self.plan)
        except UserError as exc:
            prompts.error(self, tr("Chưa kiểm tra được"), exc.message)
            return False
        lines = self.preview.report_lines()
        self.summary.setText(lines[0])
        self.problems.clear()
        self.problems.addItems(lines[1:])
        ok = not self.preview.errors and bool(self.preview.rows)
        self.import_btn.setEnabled(ok)
        return ok

    def commit(self) -> int:
        if self.preview is None or self.preview.errors:
            return 0
        n = len(self.preview.rows)
        if not prompts.ask(self, tr("Nhập dữ liệu"), tr("Nhập {count} {kind} vào dữ liệu?").format(
                count=n, kind=_kind_name(self.plan.spec))):
            return 0
        try:
            with workspace_lock():  # waits for a backup or export running now, never writes beside it
                done = self.xlsx.commit_import(self.window_.db, self.preview, self.window_.records.actor)
        except UserError as exc:
            prompts.error(self, tr("Không nhập được"), exc.message)
            return 0
        prompts.inform(self, tr("Đã nhập"),
                       tr("Đã nhập {count} {kind}.").format(count=done, kind=_kind_name(self.plan.spec)))
        self.window_.events.emit_changed(RECORDS | {IMPORT})  # rows of its kind, and what they refer to
        self.accept()
        return done


# ---------------------------------------------------------------------------- the extension


class ReportsExtension:
    def __init__(self, window):
        self.window = window
        self.preview: PreviewDialog | None = None
        self.progress: QProgressDialog | None = None
        self.last_error = ""
        self.actions: dict[str, QAction] = {}
        if window.is_province:
            # the commune's documents (its registrations, reports, ballots, Excel lists) mean nothing at
            # the province, whose printed lists are on its own pages; the preview stays for those
            return
        menu = window.menuBar().addMenu(tr("&Văn bản"))

        def add(key: str, text: str, slot: Callable[[], Any]) -> None:
            a = QAction(text, window)
            a.triggered.connect(slot)
            menu.addAction(a)
            self.actions[key] = a

        add("registrations", tr("Danh sách đăng ký thi đua của năm…"), lambda: self.print_kind("registrations"))
        add("list", tr("Danh sách đăng ký theo danh hiệu…"), lambda: self.print_kind("list"))
        add("report_h1", tr("Báo cáo sơ kết 6 tháng…"), lambda: self.print_kind("report", period="H1"))
        add("report_y", tr("Báo cáo tổng kết năm…"), lambda: self.print_kind("report", period="Y"))
        add("ballots", tr("Phiếu bầu Hội đồng thi đua…"), lambda: self.print_kind("ballots"))
        menu.addSeparator()
        add("import", tr("Nhập danh sách từ Excel…"), self.open_import)
        add("export", tr("Xuất bảng đang xem ra Excel…"), self.export_current)

    # -- documents
    def print_kind(self, kind: str, period: str = "Y", year: int | None = None, title: str | None = None) -> None:
        from desktop.app import sources

        w = self.window
        year = year or ask_year(w, tr("Chọn năm"))
        if year is None:
            return
        if kind == "list" and title is None:
            choices = sources.titles_of_year(w.db, year)
            if not choices:
                prompts.error(w, tr("Chưa có dữ liệu"),
                              tr("Năm {year} chưa có đăng ký thi đua nào.").format(year=year))
                return
            title = ask_title(w, choices)
            if title is None:
                return
        db = w.db

        def work(progress, cancelled):
            from desktop.app.documents import build_document
            from desktop.reports.documents import story_of, to_pdf

            doc = build_document(db, kind, year, title=title, period=period)
            pdf = to_pdf(doc, progress=progress, cancelled=cancelled)
            return story_of(doc)[1].title, pdf

        name = {"registrations": "danh-sach-dang-ky", "list": f"danh-sach-{(title or '').lower()}",  # i18n: keep
                "report": f"bao-cao-{period.lower()}", "ballots": "phieu-bau"}.get(kind, kind)  # i18n: keep
        self.run(work, f"{name}-{year}.pdf")

    def run(self, work, suggested: str) -> None:
        w = self.window
        self.progress = QProgressDialog(tr("Đang dựng văn bản…"), tr("Dừng"), 0, 0, w)
        self.progress.setWindowTitle(tr("Đang xử lý"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        task = None

        def progress(done: int, total: int) -> None:
            dlg = self.progress  # setValue may run the event loop, and "done" may clear self.progress
            if dlg is not None:
                dlg.setMaximum(total)
                dlg.setLabelText(tr("Đang dựng văn bản: trang {page}…").format(page=done))
                dlg.setValue(done)

        def finish() -> None:
            if self.progress is not None:
                self.progress.close()
                self.progress = None

        def done(result) -> None:
            finish()
            title, pdf = result
            self.preview = PreviewDialog(title, pdf, str(Path.home() / suggested), w)
            self.preview.show()

        def failed(exc: Exception) -> None:
            finish()
            from desktop.reports.layout import Cancelled

            if isinstance(exc, Cancelled):
                return
            self.last_error = _message(exc)
            prompts.error(w, tr("Không dựng được văn bản"), self.last_error)

        task = run_task(work, done, failed, progress)
        self.progress.canceled.connect(task.cancel)

    # -- Excel
    def open_import(self) -> ImportDialog:
        dlg = ImportDialog(self.window)
        dlg.show()
        return dlg

    def current_kind(self) -> str | None:
        widget = self.window.stack.currentWidget()
        for key, page in self.window.pages.items():
            if page is widget:
                return key
        return None

    def export_current(self, path: Path | None = None) -> None:
        from desktop.core.records import KINDS

        w = self.window
        key = self.current_kind()
        if key is None:
            prompts.error(w, tr("Chưa chọn bảng"), tr("Hãy mở một bảng (ví dụ Cá nhân) rồi chọn Xuất Excel."))
            return
        # the name says what is in the file, in Vietnamese without diacritics: ca-nhan-2026-12-01.xlsx
        suggested = file_dialogs.dated_name(KINDS[key].label, "xlsx")
        path = path or save_path(w, tr("Xuất Excel"), suggested, tr("Tệp Excel (*.xlsx)"))
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        db = w.db
        page = w.pages.get(key)
        # the rows the officer is looking at: the table's search, sort column and order (the page's
        # live table or its recycle bin)
        model = page.current_model if page is not None else None
        search = model.search_text if model is not None else ""
        sort_column, descending = model.sort_order if model is not None else (None, False)
        deleted = bool(model is not None and model.deleted)

        def work(progress, cancelled):
            from desktop.app import spreadsheets as xlsx

            return xlsx.export_kind(db, key, path, search=search, progress=progress,
                                    sort_column=sort_column, descending=descending, deleted=deleted)

        def done(n) -> None:
            w.statusBar().showMessage(tr("Đã xuất {count} dòng {kind} ra {path}").format(
                count=n, kind=tr(KINDS[key].label).lower(), path=path), 10000)
            prompts.inform(w, tr("Đã xuất Excel"),
                           tr("Đã xuất {count} dòng ra {path}.").format(count=n, path=path))

        def failed(exc: Exception) -> None:
            self.last_error = _message(exc)
            prompts.error(w, tr("Không xuất được"), self.last_error)

        run_task(work, done, failed)


def install(window) -> ReportsExtension:
    ext = ReportsExtension(window)
    window.extensions.reports = ext
    return ext
