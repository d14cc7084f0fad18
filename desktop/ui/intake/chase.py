"""Danh sách cần nhắc: the communes to call before the deadline (not sent for the year, or last file
refused), with who to call and what to tell them (desktop.app.chase); printed as a decree 30 list or
exported to Excel; a double click opens the commune's page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.app.chase import HEADERS
from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.bundle_ui import _RowsModel, _table
from desktop.ui.i18n import tr
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import failure_message, run_query

COLORS = {"missing": "#b00020", "overdue": "#b00020", "refused": "#8a5a00", "held": "#8a5a00"}


class ChaseModel(_RowsModel):
    headers = tuple(HEADERS)


def save_path(parent, title: str, suggested: str, filt: str) -> Path | None:
    """Where to save (tests replace this)."""
    from desktop.ui.province_ui import save_path as ask

    return ask(parent, title, suggested, filt)


class ChaseDialog(QDialog):
    def __init__(self, window, year: int | None = None):
        super().__init__(window)
        from desktop.shared.fmt import vn_today

        self.window_ = window
        self.view = None
        self.setWindowTitle(tr("Danh sách cần nhắc nộp tệp dữ liệu"))
        fit_to_screen(self, 1240, 640)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Năm:")))
        self.year = QSpinBox()
        self.year.setRange(2024, 2100)
        self.year.setValue(year or vn_today().year)
        top.addWidget(self.year)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        lay.addLayout(top)
        self.model = ChaseModel(self)
        self.table = _table(self.model)
        self.table.setWordWrap(True)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton(tr("Mở trang của xã…"))
        self.pdf_button = QPushButton(tr("In danh sách…"))
        self.xlsx_button = QPushButton(tr("Xuất Excel…"))
        close = QPushButton(tr("Đóng"))
        for b in (self.open_button, self.pdf_button, self.xlsx_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.open_button.clicked.connect(self.open_commune)
        self.pdf_button.clicked.connect(self.print_list)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        close.clicked.connect(self.accept)
        self.table.doubleClicked.connect(lambda _i: self.open_commune())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.loading = False
        self.refresh()

    def refresh(self) -> None:
        from desktop.app.chase import chase

        db, year = self.window_.db, self.year.value()
        self.loading = True
        self.summary.setText(tr("Đang đọc…"))
        run_query(lambda progress, cancelled: chase(db, year), self._show, owner=self,
                  title=tr("Chưa đọc được danh sách cần nhắc"))

    def _show(self, view) -> None:
        self.view = view
        rows = [tuple(tr(v) if i in view.marked else v for i, v in enumerate(r)) for r in view.rows]
        self.model.set_rows(rows, [COLORS.get(s) for s in view.status])
        self.table.resizeColumnsToContents()
        for col, width in ((1, 190), (6, 420)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), width))
        self.table.resizeRowsToContents()
        self.summary.setText(tr("Hạn nộp hồ sơ {deadline}: còn {count} đơn vị cần nhắc ({refused} có tệp bị từ chối "
                                "hoặc giữ lại).").format(
            deadline="/".join(reversed(view.data["deadline"].split("-"))), count=len(view.rows),
            refused=sum(1 for s in view.status if s in ("refused", "held"))))
        has_rows = bool(view.rows)
        self.pdf_button.setEnabled(has_rows)
        self.xlsx_button.setEnabled(has_rows)
        self.loading = False

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(self.model.rows[rows[0].row()][0]) if rows else None

    def open_commune(self):
        from desktop.ui.intake.commune_page import open_commune_page

        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("Trang của xã"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return None
        return open_commune_page(self.window_, code)

    def _suggested(self, ext: str) -> str:
        return f"danh-sach-can-nhac-{self.year.value()}.{ext}"

    def print_list(self) -> Path | None:
        from desktop.app.chase import chase_doc
        from desktop.reports.documents import story_of, to_pdf

        if self.view is None:
            return None
        try:
            doc = chase_doc(self.view)
        except UserError as exc:
            prompts.error(self, tr("Chưa có danh sách"), exc.message)
            return None
        ext = self.window_.extensions.reports
        if ext is not None and hasattr(ext, "run"):  # the documents' preview: print or save as PDF
            ext.run(lambda progress, cancelled: (story_of(doc)[1].title,
                                                 to_pdf(doc, progress=progress, cancelled=cancelled)),
                    self._suggested("pdf"))
            return None
        path = save_path(self, tr("In danh sách ra PDF"), self._suggested("pdf"), tr("Tệp PDF (*.pdf)"))
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            to_pdf(doc, path)
        except Exception as exc:  # noqa: BLE001 - shown to the clerk
            prompts.error(self, tr("Không in được danh sách"), failure_message(exc))
            return None
        prompts.inform(self, tr("Đã in danh sách"), tr("Đã ghi danh sách ra tệp {path}.").format(path=path))
        return path

    def export_xlsx(self) -> Path | None:
        from desktop.ui.province_ui import export_view_xlsx

        return export_view_xlsx(self, self.view, self._suggested("xlsx"), ask=save_path)


def open_chase(window) -> ChaseDialog:
    dlg = ChaseDialog(window)
    dlg.open()
    return dlg
