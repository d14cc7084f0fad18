"""Sending data to the province (commune) and receiving it (province): pages, dialogs, menus.

Installed as a window extension: ``install(window)``. Everything reads window.db / window.paths at
the moment of use (they change after a restore)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.errors import UserError
from desktop.ui import file_dialogs, prompts
from desktop.ui.commune_keys import (  # noqa: F401  (their former home)
    FingerprintDialog,
    ask_province_fingerprint,
    install_key,
    rotate_signing_key,
    save_enrol_request,
    typed_fingerprint_for,
)
from desktop.ui.events import EXPORT, RECEIVED, REVIEW
from desktop.ui.exchange_common import (  # noqa: F401  (their former home)
    _busy,
    _error_text,
    _local,
    _refresh_send_page,
    _RowsModel,
    _table,
    ask_passphrase,
)
from desktop.ui.export_dialog import ExportDialog, write_email  # noqa: F401  (their former home)
from desktop.ui.i18n import QT_TR_NOOP, tr

# =========================================================================== commune side


class SentFilesModel(_RowsModel):
    headers = (QT_TR_NOOP("Số"), QT_TR_NOOP("Kỳ"), QT_TR_NOOP("Tên tệp"), QT_TR_NOOP("Thời gian xuất"),
               QT_TR_NOOP("Số bản ghi"), QT_TR_NOOP("Mã băm (đầu)"), QT_TR_NOOP("Biên nhận của Sở"))


class SendPage(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window_ = window
        lay = QVBoxLayout(self)
        title = QLabel(tr("Gửi dữ liệu lên Sở Nội vụ"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        lay.addWidget(title)
        self.key_info = QLabel()
        self.key_info.setWordWrap(True)
        self.key_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.key_info)
        row = QHBoxLayout()
        self.export_button = QPushButton(tr("Xuất tệp gửi Sở…"))
        self.enrol_button = QPushButton(tr("Tạo tệp đăng ký khóa…"))
        self.key_button = QPushButton(tr("Cài khóa của Sở…"))
        self.receipt_button = QPushButton(tr("Nhận tệp từ Sở Nội vụ…"))
        self.receipt_button.setToolTip(tr("Biên nhận, điểm nối tiếp, kết quả khen thưởng theo tờ trình, cập nhật "
                                          "danh mục"))
        self.sheet_button = QPushButton(tr("In phiếu đăng ký khóa…"))
        self.letter_button = QPushButton(tr("In công văn gửi kèm…"))
        # two rows: sending (what is done each period) and the keys (once, or on a change), so the page
        # fits a 1366-pixel screen in either language
        keys_row = QHBoxLayout()
        for b in (self.export_button, self.receipt_button, self.letter_button):
            row.addWidget(b)
        for b in (self.enrol_button, self.key_button, self.sheet_button):
            keys_row.addWidget(b)
        row.addStretch(1)
        keys_row.addStretch(1)
        lay.addLayout(row)
        lay.addLayout(keys_row)
        lay.addWidget(QLabel(tr("Các tệp đã xuất (máy giữ bản sao trong thư mục exports để gửi lại khi cần):")))
        self.model = SentFilesModel(self)
        self.view = _table(self.model)
        lay.addWidget(self.view, 1)
        self.export_button.clicked.connect(lambda: open_export_dialog(self.window_))
        self.enrol_button.clicked.connect(lambda: save_enrol_request(self.window_))
        self.key_button.clicked.connect(lambda: install_key(self.window_))
        self.receipt_button.clicked.connect(lambda: receive_from_province(self.window_))
        self.sheet_button.clicked.connect(lambda: print_paper(self.window_, "sheet"))
        self.letter_button.clicked.connect(lambda: print_paper(self.window_, "letter", self.selected_sequence()))

    def selected_sequence(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return int(self.model.rows[rows[0].row()][0]) if rows else None

    def refresh(self) -> None:
        from desktop.app import commune

        w = self.window_
        try:
            info = commune.signing_key_info(w.paths)
            key_text = tr("Vân tay khóa ký của đơn vị: <b>{fingerprint}</b>").format(fingerprint=info["fingerprint"])
        except UserError:
            key_text = tr("Đơn vị chưa có khóa ký.")
        try:
            pk = commune.province_key(w.paths)
            prov = tr("Khóa của Sở đã cài: {name}, vân tay <b>{fingerprint}</b>.").format(
                name=pk.name, fingerprint=pk.fingerprint)
            self.export_button.setEnabled(True)
        except UserError:
            prov = tr("<span style='color:#b00020'>Chưa cài khóa công khai của Sở Nội vụ: chưa thể xuất tệp.</span>")
            self.export_button.setEnabled(False)
        self.key_info.setText(key_text + "<br>" + prov)
        rows, colors = [], []
        for r in commune.export_history(w.db):
            counts = json.loads(r.counts or "{}")
            receipt = {"accepted": tr("Đã nhận"), "refused": tr("Bị từ chối")}.get(r.receipt_status, tr("Chưa có"))
            if getattr(r, "pending", False):
                receipt = tr("Chưa ghi xong: bấm “Xuất tệp gửi Sở…” để ghi lại đúng tệp này")
            rows.append((r.sequence, r.period, r.file_name, _local(r.created_at), sum(counts.values()),
                         r.file_sha256[:16], receipt + (f" ({_local(r.receipt_at)})" if r.receipt_at else "")))
            colors.append(None if r.receipt_status == "accepted" else "#8a5a00")
        self.model.set_rows(rows, colors)
        self.view.resizeColumnsToContents()


def open_export_dialog(window) -> ExportDialog:
    dlg = ExportDialog(window)
    dlg.finished.connect(lambda _r: _refresh_send_page(window))
    dlg.open()
    return dlg


def receive_from_province(window) -> bool:
    """Nhận tệp từ Sở Nội vụ…: a receipt, a resume point, the results of a proposal or a catalog
    update, verified and applied (desktop.app.receive); what was applied, or why not, is shown."""
    from desktop.app.receive import MAX_BYTES, receive

    chosen = file_dialogs.open_file(window, file_dialogs.RECEIPT, tr("Chọn tệp do Sở Nội vụ gửi"),
                                    tr("Tệp của Sở Nội vụ (*.json);;Mọi tệp (*)"))
    name = str(chosen) if chosen else ""
    if not name:
        return False
    from desktop.app.inputs import read_input_file
    from desktop.ui.tasks import workspace_lock

    try:
        with workspace_lock():  # a short write: after the backup or export running now, never beside it
            r = receive(window.db, window.paths, read_input_file(name, MAX_BYTES))
    except UserError as exc:
        prompts.error(window, tr("Không nhận được tệp của Sở Nội vụ"), exc.message)
        return False
    prompts.inform(window, tr("Đã nhận tệp của Sở Nội vụ"), r.message)
    _refresh_send_page(window)
    if r.applied and r.kind in ("results", "catalog"):  # the review's proposals, awards or catalog changed
        window.events.emit_changed({REVIEW, RECEIVED})  # the review page follows RECEIVED, not its own REVIEW
    return True


import_receipt = receive_from_province  # its former name (a receipt is one of the files it takes)


def print_paper(window, which: str, sequence: int | None = None) -> None:
    """The enrolment sheet or the cover letter, through the documents' preview (print / save PDF)."""
    from desktop.app import commune, issuing_docs

    db, paths = window.db, window.paths
    actor = window.records.actor if window.records else ""
    _preview(window, lambda: commune.enrolment_sheet(db, paths) if which == "sheet"
             else issuing_docs.cover_letter_document(db, sequence, actor),  # numbered once, then reprinted
             "phieu-dang-ky-khoa.pdf" if which == "sheet" else "cong-van-gui-tep.pdf")


def _preview(window, make, file_name: str) -> bool:
    """A document through the documents' preview (print / save PDF), built on the GUI thread first so
    that a refusal reaches the officer in their own words."""
    ext = window.extensions.reports
    if ext is None:
        prompts.error(window, tr("Chưa in được"), tr("Chức năng in văn bản chưa sẵn sàng."))
        return False
    try:
        doc = make()
    except UserError as exc:
        prompts.error(window, tr("Chưa in được"), exc.message)
        return False

    def work(progress, cancelled):
        from desktop.reports.documents import story_of, to_pdf

        return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled), doc

    ext.run(work, file_name)
    return True


# =========================================================================== install


def install(window) -> None:
    if window.is_province:
        from desktop.ui.intake import (
            ProvincePage,
            enrol_commune,
            open_import_dialog,
            save_public_key,
            send_results,
        )

        window.add_page("province", tr("Tiếp nhận dữ liệu"), ProvincePage(window))
        menu = window.menuBar().addMenu(tr("Tiếp &nhận"))
        for text, fn in ((tr("Nhập tệp của các xã…"), lambda: open_import_dialog(window)),
                         (tr("Đăng ký khóa của xã…"), lambda: enrol_commune(window)),
                         (tr("Lưu tệp khóa công khai của Sở…"), lambda: save_public_key(window)),
                         (tr("Khóa của xã đang chọn…"), lambda: window.extra_pages["province"].open_keys()),
                         (tr("In lại biên nhận…"), lambda: window.extra_pages["province"].reprint_receipt()),
                         (tr("Gửi kết quả về xã…"), lambda: send_results(window))):
            action = QAction(text, window)
            action.triggered.connect(fn)
            menu.addAction(action)
        return
    window.add_page("send", tr("Gửi dữ liệu"), SendPage(window), frozenset({EXPORT}))
    menu = window.menuBar().addMenu(tr("&Gửi dữ liệu"))
    for text, fn in ((tr("Xuất tệp gửi Sở Nội vụ…"), lambda: open_export_dialog(window)),
                     (tr("Tạo tệp đăng ký khóa…"), lambda: save_enrol_request(window)),
                     (tr("Cài khóa của Sở…"), lambda: install_key(window)),
                     (tr("Nhận tệp từ Sở Nội vụ…"), lambda: receive_from_province(window)),
                     (tr("Đổi khóa ký của đơn vị…"), lambda: rotate_signing_key(window))):
        action = QAction(text, window)
        action.triggered.connect(fn)
        menu.addAction(action)


# The province's side of the exchange (board, import, enrolment, key history, receipts) lives in
# desktop.ui.intake; its names stay reachable here for the callers that know them.
_PROVINCE_SIDE = ("reprint_receipt", "BoardModel", "ProvincePage", "ImportResultsModel", "ImportDialog",
                  "open_import_dialog", "EnrolDialog", "replace_text", "enrol_commune", "save_resume",
                  "KeyHistoryModel", "KeyHistoryDialog", "open_key_history", "save_public_key")


def __getattr__(name: str):
    if name in _PROVINCE_SIDE:
        from desktop.ui import intake

        return getattr(intake, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
