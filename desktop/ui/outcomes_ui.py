"""Province workspace: the "Xét đề nghị" page — the rows the communes proposed, filtered by commune,
title and status; the clerk selects rows and accepts them under a provincial decision ("Duyệt…") or
returns them with a reason ("Trả lại…"), exports the sheet to fill and reads it back, and prints
the province's decision with its attached list (issued at its first print, the same act after; when
the list has changed since, a question offers a replacing act). Every database call runs off the GUI thread
(desktop.ui.tasks: ``run_query`` for reads, ``run_change`` for the outcomes, in the workspace queue).
The widgets and dialogs are desktop.ui.outcomes_view."""

from __future__ import annotations

from pathlib import Path

from desktop.app import outcomes as oc
from desktop.ui import events, prompts
from desktop.ui.i18n import tr
from desktop.ui.outcomes_view import AcceptDialog, OutcomesPageView, PrintDialog, ReturnDialog
from desktop.ui.tasks import run_change, run_query, show_failure

OUTCOME = "outcome"  # the kind of data a recorded outcome changes (desktop.ui.events)
DOCUMENT = "province_document"  # a decision issued
SHOWN = frozenset({events.IMPORT, OUTCOME})


def save_path(parent, title: str, suggested: str, filt: str) -> Path | None:
    """Where to save (tests replace this)."""
    from desktop.ui import file_dialogs

    purpose = file_dialogs.EXCEL_EXPORT if suggested.lower().endswith(".xlsx") else file_dialogs.PDF
    return file_dialogs.save_file(parent, purpose, title, suggested, filt)


def open_path(parent, title: str, filt: str) -> Path | None:
    """Which file to read (tests replace this)."""
    from desktop.ui import file_dialogs

    return file_dialogs.open_file(parent, file_dialogs.EXCEL_IMPORT, title, filt)


def _actor(db) -> str:
    """Who records (the workspace's officer), read in the worker with the rest."""
    ws = db.workspace()
    return ws.officer_name if ws is not None else ""


def _with(path: Path, ext: str) -> Path:
    return path if path.suffix.lower() == ext else path.with_name(path.name + ext)


class OutcomesPage(OutcomesPageView):
    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.dialog = None          # the dialog open, if any (tests fill it)
        self.loading = False
        self._again = False
        self.year.valueChanged.connect(lambda _v: self.refresh())
        for combo in (self.commune, self.title_filter, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.accept_button.clicked.connect(self.ask_accept)
        self.return_button.clicked.connect(self.ask_return)
        self.export_button.clicked.connect(self.export_sheet)
        self.import_button.clicked.connect(self.import_sheet)
        self.print_button.clicked.connect(self.ask_print)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    @property
    def db(self):
        return self.window_.db


    # ---- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.loading:  # once the running query is done
            self._again = True
            return
        self.loading = True
        self.summary.setText(tr("Đang tải…"))
        db, year = self.db, self.year.value()
        commune, title, status = self.commune.currentData(), self.title_filter.currentData(), self.status.currentData()

        def work(_p, _c):
            return oc.list_rows(db, year, commune, title, status), oc.communes_with_rows(db, year)

        def done(result) -> None:
            self.loading = False
            if self._again:
                self._again = False
                self.refresh()
                return
            rows, communes = result
            self._set_communes(communes)
            self.model.set_items(rows)
            self.fit_columns()
            pending = sum(r.status == "pending" for r in rows)
            self.summary.setText(tr("{count} dòng đề nghị, {pending} dòng chưa xét.").format(
                count=len(rows), pending=pending) if rows else tr("Không có dòng đề nghị nào năm {year} theo bộ lọc "
                                                                  "này.").format(year=year))
            self._update_buttons()

        def failed(_exc) -> None:
            self.loading = False
            self.summary.setText(tr("Không tải được danh sách đề nghị."))

        run_query(work, done, owner=self, on_error=failed)

    def busy(self) -> bool:
        return self.loading

    def _set_communes(self, codes: list[str]) -> None:
        current = self.commune.currentData()
        known = [self.commune.itemData(i) for i in range(1, self.commune.count())]
        if known == codes:
            return
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem(tr("Tất cả"), None)
        for c in codes:
            self.commune.addItem(oc.unit_name(c), c)
        i = self.commune.findData(current)
        self.commune.setCurrentIndex(max(i, 0))
        self.commune.blockSignals(False)

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.accept_button.setEnabled(chosen)
        self.return_button.setEnabled(chosen)
        self.export_button.setEnabled(bool(self.model.items))

    # ---- recording ----------------------------------------------------------------------------
    def _record(self, make, rows: list[oc.ProposalRow]) -> None:
        db, year = self.db, self.year.value()
        keys = [(r.commune_code, r.uid) for r in rows]

        def done(result: oc.Recorded) -> None:
            prompts.inform(self, tr("Đã ghi kết quả"), result.message())

        run_change(lambda _p, _c: make(db, year, keys, _actor(db)), done, owner=self, events=self.window_.events,
                   kinds={OUTCOME}, title=tr("Chưa ghi kết quả"))

    def ask_accept(self) -> None:
        rows = self.selected()
        if not rows:
            return
        numbers = [r.decision_number for r in rows if r.decision_number]
        self.dialog = dlg = AcceptDialog(self, len(rows), numbers[0] if numbers else "")

        def chosen() -> None:
            number, day = dlg.value()
            self._record(lambda db, y, keys, actor: oc.accept(db, y, keys, number, day, actor), rows)

        dlg.accepted.connect(chosen)
        dlg.open()

    def ask_return(self) -> None:
        rows = self.selected()
        if not rows:
            return
        self.dialog = dlg = ReturnDialog(self, len(rows), oc.return_reasons())

        def chosen() -> None:
            reason = dlg.value()
            self._record(lambda db, y, keys, actor: oc.give_back(db, y, keys, reason, actor), rows)

        dlg.accepted.connect(chosen)
        dlg.open()

    # ---- the sheet ----------------------------------------------------------------------------
    def export_sheet(self) -> None:
        from desktop.app import outcome_sheet

        year, commune = self.year.value(), self.commune.currentData()
        path = save_path(self, tr("Xuất bảng Excel để điền kết quả"),
                         str(Path.home() / f"ket-qua-xet-de-nghi-{year}.xlsx"), tr("Tệp Excel (*.xlsx)"))
        if path is None:
            return
        path = _with(path, ".xlsx")
        every = self.status.currentData() != "pending"
        db = self.db

        def done(n: int) -> None:
            prompts.inform(self, tr("Đã xuất bảng Excel"), tr("Đã ghi {count} dòng đề nghị vào tệp {path}. Điền cột "
                                                              "Kết quả, Số QĐ, Ngày QĐ, Lý do rồi nhập lại.").format(
                count=n, path=path))

        title = self.title_filter.currentData()
        run_query(lambda _p, _c: outcome_sheet.write_sheet(db, year, path, commune, every_row=every, title=title), done,
                  owner=self, title=tr("Không xuất được bảng Excel"))

    def import_sheet(self) -> None:
        from desktop.app import outcome_sheet

        path = open_path(self, tr("Nhập kết quả từ bảng Excel"), tr("Tệp Excel (*.xlsx)"))
        if path is None:
            return
        db, year = self.db, self.year.value()

        def done(result) -> None:
            recorded, skipped = result
            text = recorded.message()
            if skipped:
                text += " " + tr("{count} dòng để trống Kết quả (chưa xét), bỏ qua.").format(count=skipped)
            prompts.inform(self, tr("Đã nhập kết quả"), text)

        run_change(lambda _p, _c: outcome_sheet.import_sheet(db, path, year, _actor(db)), done, owner=self,
                   events=self.window_.events, kinds={OUTCOME}, title=tr("Chưa nhập kết quả"))

    # ---- the decision -------------------------------------------------------------------------
    def ask_print(self) -> None:
        db, year = self.db, self.year.value()

        def opened(numbers: list[str]) -> None:
            self.dialog = dlg = PrintDialog(self, numbers)
            dlg.accepted.connect(lambda: self._print(*dlg.value()))
            dlg.open()

        run_query(lambda _p, _c: oc.decision_numbers(db, year), opened, owner=self)

    def _print(self, number: str, signer: str, signer_title: str) -> None:
        path = save_path(self, tr("In quyết định ra PDF"),
                         str(Path.home() / f"quyet-dinh-{number.split('/')[0]}-{self.year.value()}.pdf"),
                         tr("Tệp PDF (*.pdf);;Tài liệu Word (*.docx)"))
        if path is None:
            return
        # a Word copy when the officer chose .docx (the same act: issued once, the same text)
        self._issue(number, signer, signer_title, path if path.suffix.lower() == ".docx" else _with(path, ".pdf"))

    def _issue(self, number: str, signer: str, signer_title: str, path: Path, reason: str | None = None) -> None:
        """Print the decision: issued the first time, the same act after; a replacement when ``reason``."""
        from desktop.app import province_decision as pd
        from desktop.reports.documents import to_pdf

        db, year = self.db, self.year.value()

        def work(progress, cancelled):
            printed = pd.print_decision(db, number, year, _actor(db), signer, signer_title,
                                        replace=reason is not None, reason=reason or "")
            if path.suffix.lower() == ".docx":
                from desktop.reports.docx_out import to_docx

                to_docx(printed.document, path, progress, cancelled)
            else:
                to_pdf(printed.document, path, progress, cancelled)
            return printed

        def done(printed) -> None:
            prompts.inform(self, tr("Đã in quyết định"), tr("{what}\nĐã ghi ra tệp {path}.").format(
                what=pd.describe(printed), path=path))

        def failed(exc: Exception) -> None:
            if not isinstance(exc, pd.DecisionChanged):
                show_failure(self, exc, tr("Không in được quyết định"))
                return
            if not prompts.ask(self, tr("Danh sách đã thay đổi"),
                               exc.message + "\n\n" + tr("Ban hành quyết định thay thế quyết định đã ban hành?"),
                               yes=tr("Ban hành thay thế…"), danger=True):
                return
            why = ask_reason(self)
            if why:
                self._issue(number, signer, signer_title, path, why)

        run_change(work, done, owner=self, events=self.window_.events, kinds={DOCUMENT}, on_error=failed)


def ask_reason(parent) -> str | None:
    """The reason for a replacing decision (tests replace this)."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, tr("Lý do thay thế"), tr("Lý do ban hành quyết định thay thế:"))
    return text.strip() if ok and text.strip() else None


def install(window) -> None:
    if not window.is_province:
        return
    window.add_page("outcomes", tr("Xét đề nghị"), OutcomesPage(window), kinds_shown=SHOWN)
