"""A commune's page at the province (a double click on the board): who to call, every file it sent,
accepted or refused (dates in Vietnam time, hash, records, what to tell them), a receipt given again for
an accepted file, and its keys (desktop.app.commune_history)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from desktop.app.received import vn_text
from desktop.ui import prompts
from desktop.ui.bundle_ui import _RowsModel, _table
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import run_query

OUTCOMES = {"accepted": QT_TR_NOOP("Đã nhận"), "refused": QT_TR_NOOP("Bị từ chối"),
            "held": QT_TR_NOOP("Giữ lại chờ xác minh")}
KINDS = {"full": QT_TR_NOOP("Toàn bộ"), "correction": QT_TR_NOOP("Bổ sung, sửa")}
KEY_STATUS = {"active": QT_TR_NOOP("Đang dùng"), "revoked": QT_TR_NOOP("Đã thu hồi"), "expired": QT_TR_NOOP("Hết hạn")}


class FilesModel(_RowsModel):
    headers = (QT_TR_NOOP("Lúc (giờ Việt Nam)"), QT_TR_NOOP("Kết quả"), QT_TR_NOOP("Tệp số"), QT_TR_NOOP("Kỳ"),
               QT_TR_NOOP("Loại"), QT_TR_NOOP("Xã gửi lúc"), QT_TR_NOOP("Số bản ghi"), QT_TR_NOOP("Mã băm SHA-256"),
               QT_TR_NOOP("Tên tệp"), QT_TR_NOOP("Nội dung cần báo xã"))


class KeysModel(_RowsModel):
    headers = (QT_TR_NOOP("Vân tay"), QT_TR_NOOP("Trạng thái"), QT_TR_NOOP("Cán bộ"), QT_TR_NOOP("Đăng ký"),
               QT_TR_NOOP("Thu hồi"), QT_TR_NOOP("Lý do"), QT_TR_NOOP("Số tệp"))


class CommunePage(QDialog):
    def __init__(self, window, code: str):
        super().__init__(window)
        from desktop.core.units import find_unit

        self.window_ = window
        self.code = code
        self.history = None
        self.loading = False
        unit = find_unit(code)
        self.setWindowTitle(tr("Trang của {unit}").format(unit=unit.name if unit else code))
        fit_to_screen(self, 1300, 700)
        lay = QVBoxLayout(self)
        self.heading = QLabel(tr("{unit} (mã {code})").format(unit=unit.name if unit else code, code=code))
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        lay.addWidget(self.heading)
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.contact.setTextFormat(Qt.TextFormat.PlainText)  # a contact is data, never markup
        lay.addWidget(self.contact)
        files_box = QGroupBox(tr("Các tệp xã đã gửi"))
        fl = QVBoxLayout(files_box)
        self.files = FilesModel(self)
        self.files_view = _table(self.files)
        fl.addWidget(self.files_view, 1)
        self.detail = QLabel()  # the selected file in full: its hash (read over the phone), what to tell
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fl.addWidget(self.detail)
        lay.addWidget(files_box, 3)
        keys_box = QGroupBox(tr("Khóa ký của xã"))
        kl = QVBoxLayout(keys_box)
        self.keys = KeysModel(self)
        self.keys_view = _table(self.keys)
        kl.addWidget(self.keys_view, 1)
        lay.addWidget(keys_box, 1)
        row = QHBoxLayout()
        self.receipt_button = QPushButton(tr("In lại biên nhận tệp đang chọn…"))
        self.keys_button = QPushButton(tr("Quản lý khóa…"))
        close = QPushButton(tr("Đóng"))
        row.addWidget(self.receipt_button)
        row.addWidget(self.keys_button)
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.receipt_button.clicked.connect(self.reprint_receipt)
        self.keys_button.clicked.connect(self.open_keys)
        close.clicked.connect(self.accept)
        self.files_view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.refresh()

    def refresh(self) -> None:
        from desktop.app.commune_history import history

        db, code = self.window_.db, self.code
        self.loading = True
        self.contact.setText(tr("Đang đọc…"))
        run_query(lambda progress, cancelled: history(db, code), self._show, owner=self,
                  title=tr("Chưa đọc được trang của xã"))

    def _show(self, h) -> None:
        self.history = h
        c = h.contact
        if c is None:
            self.contact.setText(tr("Chưa có thông tin liên hệ (xã chưa đăng ký khóa, chưa gửi tệp)."))
        else:
            self.contact.setText(tr("Liên hệ: {name} · Điện thoại: {phone} · Thư điện tử: {email} (theo {source}, "
                                    "{when})").format(
                name=c.contact.name or "—", phone=c.contact.phone or "—", email=c.contact.email or "—",
                source=(tr("tệp số {sequence}").format(sequence=c.sequence) if c.source == "file"
                        else tr("tệp đăng ký khóa")), when=vn_text(c.updated_at)))
        rows, colors = [], []
        for f in h.files:
            rows.append((vn_text(f.at), tr(OUTCOMES[f.outcome]), f.sequence or "", f.period,
                         tr(KINDS[f.kind]) if f.kind in KINDS else "", vn_text(f.sent_at) if f.sent_at else "",
                         "" if f.records is None else f.records, f.sha256, f.file_name, tr(f.tell) if f.tell else ""))
            colors.append(None if f.receipt else "#8a5a00")
        self.files.set_rows(rows, colors)
        self.files_view.resizeColumnsToContents()
        for col, width in ((7, 160), (8, 260)):
            self.files_view.setColumnWidth(col, min(self.files_view.columnWidth(col), width))
        self.keys.set_rows([(k.fingerprint, tr(KEY_STATUS.get(k.status, k.status)), k.officer, vn_text(k.enrolled_at),
                             vn_text(k.revoked_at), k.reason, k.files) for k in h.keys],
                           [None if k.status == "active" else "#555555" for k in h.keys])
        self.keys_view.resizeColumnsToContents()
        self._enable()
        self.loading = False

    def selected_file(self):
        rows = self.files_view.selectionModel().selectedRows()
        if not rows or self.history is None:
            return None
        shown = self.files.rows[rows[0].row()]
        return next((f for f in self.history.files if f.sha256 == shown[7] and vn_text(f.at) == shown[0]), None)

    def _enable(self) -> None:
        f = self.selected_file()
        self.receipt_button.setEnabled(f is not None and f.receipt)
        if f is None:
            self.detail.setText(tr("Chọn một tệp để xem mã băm đầy đủ và nội dung cần báo xã."))
        elif f.receipt:
            self.detail.setText(tr("Tệp số {sequence}, mã băm SHA-256: {sha256}. Sở đã nhận; có thể in lại biên nhận.")
                                .format(sequence=f.sequence, sha256=f.sha256))
        else:
            self.detail.setText(tr("Tệp {name}, mã băm SHA-256: {sha256}. Lý do: {reason}. Cần báo xã: {tell}").format(
                name=f.file_name, sha256=f.sha256 or "—", reason=f.reason.rstrip(". "), tell=tr(f.tell)))

    def reprint_receipt(self) -> Path | None:
        from desktop.ui.intake.receipts import reprint_receipt

        f = self.selected_file()
        if f is None or not f.receipt:
            prompts.inform(self, tr("In lại biên nhận"), tr("Hãy chọn một tệp Sở đã nhận trong bảng trước."))
            return None
        return reprint_receipt(self.window_, self.code, f.sequence)

    def open_keys(self):
        from desktop.ui.intake.keys import open_key_history

        dlg = open_key_history(self.window_, self.code)
        dlg.finished.connect(lambda _r: self.refresh())
        return dlg


def open_commune_page(window, code: str) -> CommunePage:
    dlg = CommunePage(window, code)
    dlg.open()
    return dlg
