"""What the 'Văn bản' menu's actions do: build a document (desktop.app.documents) off the GUI thread
through ``run_task`` with a progress dialog and open it in the preview (save as PDF, print); read,
check and import an Excel list (desktop.app.spreadsheets), all or nothing; export the table on screen.
``window.db`` / ``records`` / ``paths`` are read at action time (a restore replaces them). The widgets
are in desktop.ui.documents.view; its prompts are looked up there at call time (tests replace them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog

from desktop.shared.errors import UserError
from desktop.ui import file_dialogs, prompts
from desktop.ui.documents import view
from desktop.ui.events import IMPORT, RECORDS
from desktop.ui.i18n import tr
from desktop.ui.preview import PreviewDialog
from desktop.ui.tasks import failure_message, run_task, workspace_lock


def _message(exc: Exception) -> str:
    return failure_message(exc)


# ---------------------------------------------------------------------------- Excel import wizard


class ImportDialog(view.ImportView):
    """Choose the kind and file, map columns, check (every row's problems, every change to a stored
    record), then import all or nothing; or save the kind's empty template."""

    def __init__(self, window, parent=None):
        from desktop.app import spreadsheets as xlsx

        super().__init__(xlsx.IMPORT_KINDS.items(), parent or window)
        self.window_ = window
        self.xlsx = xlsx
        self.plan: Any = None
        self.preview: Any = None
        self.last_error = ""
        self.pick_btn.clicked.connect(self.pick_file)
        self.check_btn.clicked.connect(self.check)
        self.import_btn.clicked.connect(self.commit)
        self.template_btn.clicked.connect(lambda: self.save_template())
        self.kind.currentIndexChanged.connect(lambda _i: self.load(self.plan.path) if self.plan else None)
        self.add_update.toggled.connect(self._mode_changed)

    def pick_file(self) -> None:
        path = view.open_path(self, tr("Chọn tệp Excel"), tr("Tệp Excel (*.xlsx)"))
        if path:
            self.load(path)

    def load(self, path: Path) -> bool:
        spec = self.xlsx.IMPORT_KINDS[self.kind.currentData()]
        self.clear_check()
        self.preview = None
        try:
            self.plan = self.xlsx.read_for_import(path, spec)
        except UserError as exc:
            self.plan = None
            self.show_unreadable(exc.message)
            prompts.error(self, tr("Không đọc được tệp"), exc.message)
            return False
        self.show_plan(path, self.plan, spec)
        return True

    def _read_mapping(self) -> None:
        self.plan.mapping.update(self.chosen_columns(self.plan.spec))

    def _mode_changed(self, _on: bool) -> None:
        """Skipping or updating the rows of stored records: a check already shown is made again."""
        self.clear_check()
        if self.preview is not None:
            self.check()

    def check(self) -> bool:
        if self.plan is None:
            return False
        self._read_mapping()
        try:
            self.preview = self.xlsx.check_import(self.window_.db, self.plan, update=self.add_update.isChecked())
        except UserError as exc:
            prompts.error(self, tr("Chưa kiểm tra được"), exc.message)
            return False
        p = self.preview
        changes = [(u.row, u.label, tr(c.label), c.old, c.new) for u in p.updates for c in u.shown]
        blocked = self._blocked(p)
        self.show_check(p.summary(), p.problem_lines(), changes, blocked)
        return not blocked

    def _blocked(self, p) -> str:
        """Why the import cannot be done ("" when it can): the rows in error and the first of them."""
        if p.errors:
            rows = sorted({e.row for e in p.errors})
            first = [tr("Dòng {row} – {field}: {message}").format(row=e.row, field=tr(e.field), message=e.message)
                     if e.field else tr("Dòng {row}: {message}").format(row=e.row, message=e.message)
                     for e in sorted(p.errors, key=lambda e: e.row)[:3]]
            return tr("Chưa nhập được: %n dòng có lỗi, hãy sửa trong tệp Excel rồi bấm “Kiểm tra dữ liệu” lại. "
                      "Các lỗi đầu tiên: {errors}", "", len(rows)).format(errors=" | ".join(first))
        if not p.rows and not p.updates:
            if p.update or not p.unchanged:
                return tr("Không có gì để nhập: không có dòng mới, các dòng đã có không thay đổi gì.")
            return tr("Không có gì để nhập: mọi dòng đều đã có trong dữ liệu. Chọn “Thêm mới và cập nhật” để cập "
                      "nhật các bản ghi đó.")
        return ""

    def commit(self) -> int:
        p = self.preview
        if p is None or p.errors or not (p.rows or p.updates):
            return 0
        kind = view.kind_name(self.plan.spec)
        question = tr("Nhập {count} {kind} mới vào dữ liệu?").format(count=len(p.rows), kind=kind) if not p.updates \
            else tr("Nhập {count} {kind} mới và cập nhật {updated} bản ghi đã có (xem thẻ “Thay đổi”)?").format(
                count=len(p.rows), kind=kind, updated=len(p.updates))
        if not prompts.ask(self, tr("Nhập dữ liệu"), question):
            return 0
        try:
            with workspace_lock():  # waits for a backup or export running now, never writes beside it
                done = self.xlsx.commit_import(self.window_.db, p, self.window_.records.actor)
        except UserError as exc:
            prompts.error(self, tr("Không nhập được"), exc.message)
            return 0
        text = tr("Đã nhập {count} {kind}.").format(count=len(p.rows), kind=kind) if not p.updates else \
            tr("Đã nhập {count} {kind} mới, cập nhật {updated} bản ghi.").format(count=len(p.rows), kind=kind,
                                                                               updated=len(p.updates))
        prompts.inform(self, tr("Đã nhập"), text)
        self.window_.events.emit_changed(RECORDS | {IMPORT})  # rows of its kind, and what they refer to
        self.accept()
        return done

    def save_template(self, path: Path | None = None) -> None:
        """The kind's empty list, to fill in Excel and import here (written off the GUI thread)."""
        from desktop.app import import_template

        key = self.kind.currentData()
        spec = self.xlsx.IMPORT_KINDS[key]
        suggested = file_dialogs.dated_name(f"Mẫu {spec.label}", "xlsx")  # i18n: keep (file name, as the export's)
        path = path or view.save_path(self, tr("Tải tệp mẫu"), suggested, tr("Tệp Excel (*.xlsx)"))
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        db = self.window_.db

        def done(_n) -> None:
            prompts.inform(self, tr("Đã lưu tệp mẫu"), tr("Đã lưu tệp mẫu {path}. Điền từ dòng 5, lưu lại, rồi bấm "
                                                          "“Chọn tệp .xlsx…” để nhập.").format(path=path))

        def failed(exc: Exception) -> None:
            self.last_error = _message(exc)
            prompts.error(self, tr("Không lưu được tệp mẫu"), self.last_error)

        run_task(lambda progress, cancelled: import_template.write_kind_template(db, key, path), done, failed,
                 owner=self)


# ---------------------------------------------------------------------------- the extension


class ReportsExtension:
    def __init__(self, window):
        self.window = window
        self.preview: PreviewDialog | None = None
        self.progress: QProgressDialog | None = None
        self.last_error = ""
        self.actions: dict[str, QAction] = {}
        self.achievement_dialog: view.AchievementDialog | None = None
        if window.is_province:
            # the commune's documents (its registrations, reports, ballots, Excel lists) mean nothing at
            # the province, whose printed lists are on its own pages; the preview stays for those
            return
        self.actions = view.add_documents_menu(window, {
            "registrations": lambda: self.print_kind("registrations"),
            "list": lambda: self.print_kind("list"),
            "report_h1": lambda: self.print_kind("report", period="H1"),
            "report_y": lambda: self.print_kind("report", period="Y"),
            "issue_report": self.issue_report,
            "ballots": lambda: self.print_kind("ballots"),
            "achievement": self.open_achievement,
            "import": self.open_import,
            "export": self.export_current,
        })

    # -- documents
    def print_kind(self, kind: str, period: str = "Y", year: int | None = None, title: str | None = None) -> None:
        from desktop.app import sources

        w = self.window
        year = year or view.ask_year(w, tr("Chọn năm"))
        if year is None:
            return
        if kind == "list" and title is None:
            choices = sources.titles_of_year(w.db, year)
            if not choices:
                prompts.error(w, tr("Chưa có dữ liệu"),
                              tr("Năm {year} chưa có đăng ký thi đua nào.").format(year=year))
                return
            title = view.ask_title(w, choices)
            if title is None:
                return
        db = w.db

        def work(progress, cancelled):
            from desktop.app.documents import build_document
            from desktop.reports.documents import story_of, to_pdf

            doc = build_document(db, kind, year, title=title, period=period)
            pdf = to_pdf(doc, progress=progress, cancelled=cancelled)
            return story_of(doc)[1].title, pdf, doc

        if kind == "report":
            w.statusBar().showMessage(tr("Báo cáo in từ đây là bản nháp, chưa có số. Để ban hành (lấy số, lưu nguyên "
                                         "nội dung): Văn bản → Ban hành báo cáo (lấy số)…"), 15000)
        name = {"registrations": "danh-sach-dang-ky", "list": f"danh-sach-{(title or '').lower()}",  # i18n: keep
                "report": f"bao-cao-{period.lower()}", "ballots": "phieu-bau"}.get(kind, kind)  # i18n: keep
        self.run(work, f"{name}-{year}.pdf")

    def open_achievement(self) -> view.AchievementDialog | None:
        """The achievement report of the person or collective selected in its table: the dialog asks
        the year and the title proposed, then the report opens in the preview."""
        from desktop.core.catalog import load_catalog

        w = self.window
        key = self.current_kind()
        page = w.pages.get(key) if key in ("person", "collective") else None
        rid = page.selected_id() if page is not None else None
        if page is None or rid is None:
            prompts.error(w, tr("Chưa chọn cá nhân, tập thể"),
                          tr("Hãy mở bảng Cá nhân hoặc Tập thể, chọn một dòng rồi chọn lại "
                             "Văn bản → Báo cáo thành tích."))
            return None
        subject_type = str(key)
        dlg = view.AchievementDialog(page.selected_name(rid), load_catalog().title_choices(subject_type), w)
        self.achievement_dialog = dlg

        def chosen() -> None:
            year, title = dlg.chosen()
            self.print_achievement(subject_type, rid, year, title)

        dlg.accepted.connect(chosen)
        dlg.open()
        return dlg

    def print_achievement(self, subject_type: str, subject_id: int, year: int, title: str | None) -> None:
        db = self.window.db

        def work(progress, cancelled):
            from desktop.app import sources
            from desktop.reports.documents import story_of, to_pdf

            doc = sources.achievement_report(db, subject_type, subject_id, year, title_code=title)
            return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled)

        self.run(work, f"bao-cao-thanh-tich-{year}.pdf")  # i18n: keep (file name)

    def issue_report(self) -> None:
        """Issue the report once, with its number: on the register's page (a printed report is a draft)."""
        w = self.window
        page = w.extensions.issued
        if page is None:
            return
        for i in range(w.nav.count()):
            if w.nav.item(i).data(Qt.ItemDataRole.UserRole) == "issued":
                w.nav.setCurrentRow(i)
                break
        page.open_report()

    def run(self, work, suggested: str) -> None:
        """``work(progress, cancelled)`` returns (title, PDF bytes) or (title, PDF bytes, document): with
        the document the preview offers its Word copy too."""
        w = self.window
        self.progress = view.build_progress(w)

        def progress(done: int, total: int) -> None:
            dlg = self.progress  # setValue may run the event loop, and "done" may clear self.progress
            if dlg is not None:
                view.show_page_progress(dlg, done, total)

        def finish() -> None:
            if self.progress is not None:
                self.progress.close()
                self.progress = None

        def done(result) -> None:
            finish()
            title, pdf, *document = result
            self.preview = PreviewDialog(title, pdf, str(Path.home() / suggested), w,
                                         document=document[0] if document else None)
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
        path = path or view.save_path(w, tr("Xuất Excel"), suggested, tr("Tệp Excel (*.xlsx)"))
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
