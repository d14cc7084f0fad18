"""A commune's key history at the province, with revocation and the resume point."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QVBoxLayout,
)

from desktop.app.received import vn_text as _local  # every time at the province in Vietnam time
from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.bundle_ui import _RowsModel, _table
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.intake.common import _refresh_province_page
from desktop.ui.intake.enrol import save_resume
from desktop.ui.screen import fit_to_screen


class KeyHistoryModel(_RowsModel):
    headers = (QT_TR_NOOP("Vân tay"), QT_TR_NOOP("Trạng thái"), QT_TR_NOOP("Cán bộ"), QT_TR_NOOP("Đăng ký"),
               QT_TR_NOOP("Thu hồi"), QT_TR_NOOP("Lý do"), QT_TR_NOOP("Số tệp"))


class KeyHistoryDialog(QDialog):
    """A commune's keys at the province, with revocation and the resume point for the key in use."""

    def __init__(self, window, code: str):
        super().__init__(window)
        from desktop.core.units import find_unit

        self.window_ = window
        self.code = code
        unit = find_unit(code)
        self.setWindowTitle(tr("Khóa của {unit}").format(unit=unit.name if unit else code))
        fit_to_screen(self, 900, 420)
        lay = QVBoxLayout(self)
        self.model = KeyHistoryModel(self)
        self.view = _table(self.model)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.revoke_button = QPushButton(tr("Thu hồi khóa đang dùng…"))
        self.resume_button = QPushButton(tr("Tạo điểm nối tiếp…"))
        close = QPushButton(tr("Đóng"))
        for b in (self.revoke_button, self.resume_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.revoke_button.clicked.connect(self.revoke)
        self.resume_button.clicked.connect(self.resume)
        close.clicked.connect(self.accept)
        self.refresh()

    def refresh(self) -> None:
        from desktop.app import province

        names = {"active": tr("Đang dùng"), "revoked": tr("Đã thu hồi"), "expired": tr("Hết hạn")}
        rows, colors = [], []
        for e in province.key_history(self.window_.db, self.code):
            rows.append((e.fingerprint, names.get(e.status, e.status), e.officer, _local(e.enrolled_at),
                         _local(e.revoked_at), e.reason, e.files))
            colors.append(None if e.status == "active" else "#555555")
        self.model.set_rows(rows, colors)
        self.view.resizeColumnsToContents()
        active = any(r[1] == names["active"] for r in rows)
        self.revoke_button.setEnabled(active)
        self.resume_button.setEnabled(active)

    def revoke(self) -> bool:
        from desktop.app import province

        reason, ok = QInputDialog.getText(self, tr("Thu hồi khóa"), tr("Lý do thu hồi (ghi vào lịch sử khóa của xã):"))
        if not ok:
            return False
        if not reason.strip():
            prompts.error(self, tr("Chưa thu hồi"), tr("Hãy ghi lý do thu hồi khóa."))
            return False
        if not prompts.ask(self, tr("Thu hồi khóa"),
                           tr("Thu hồi khóa đang dùng? Các tệp ký bằng khóa này sẽ bị từ chối; xã phải tạo khóa mới "
                              "và đăng ký lại."), yes=tr("Thu hồi"), no=tr("Không"), danger=True):
            return False
        try:
            province.revoke(self.window_.db, self.code, reason)
        except UserError as exc:
            prompts.error(self, tr("Chưa thu hồi"), exc.message)
            return False
        self.refresh()
        _refresh_province_page(self.window_)
        return True

    def resume(self) -> Path | None:
        saved = save_resume(self.window_, self.code)
        if saved is not None:
            prompts.inform(self, tr("Đã tạo điểm nối tiếp"),
                           tr("Đã lưu {file}. Gửi tệp này cho xã để nhập (Gửi dữ liệu → Nhận tệp từ Sở Nội vụ…).")
                           .format(file=saved))
        return saved


def open_key_history(window, code: str) -> KeyHistoryDialog:
    dlg = KeyHistoryDialog(window, code)
    dlg.open()
    return dlg

