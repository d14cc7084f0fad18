"""Enrolling a commune's key after the fingerprint check, resume points and the province's public key."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.intake.common import _refresh_province_page, ask_province_passphrase


class EnrolDialog(QDialog):
    """The fingerprint check before a commune's key is registered. Every field is plain text the
    province derives or verifies (official unit name for the code, the officer cut to one line, the
    fingerprint computed from the key), each in a field of its own, so a request cannot draw a fake
    layout; "Không đăng ký" is the default button."""

    def __init__(self, parent, preview):
        super().__init__(parent)
        self.setWindowTitle(tr("Đối chiếu vân tay khóa"))
        lay = QVBoxLayout(self)
        form = QFormLayout()

        def plain(text: str, big: bool = False) -> QLabel:
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if big:
                label.setStyleSheet("font-family: monospace; font-size: 15pt; font-weight: 600;")
            return label

        self.unit_label = plain(preview.unit_name)
        self.code_label = plain(preview.commune_code)
        self.officer_label = plain(preview.officer)
        self.fingerprint_label = plain(preview.fingerprint, big=True)
        form.addRow(tr("Đơn vị (tên chính thức theo mã)"), self.unit_label)
        form.addRow(tr("Mã đơn vị"), self.code_label)
        form.addRow(tr("Cán bộ (theo tệp đăng ký)"), self.officer_label)
        form.addRow(tr("Vân tay khóa"), self.fingerprint_label)
        lay.addLayout(form)
        hint = QLabel(tr("Gọi điện cho cán bộ xã và đề nghị đọc vân tay hiển thị trên máy của xã. Chỉ đăng ký khi "
                         "hai dãy trùng khớp hoàn toàn."))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.warning = QLabel()
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020; font-weight: 600;")
        self.warning.setVisible(preview.replaces or preview.revoked_before is not None)
        if preview.replaces:
            self.warning.setText(replace_text(preview))
        elif preview.revoked_before is not None:
            self.warning.setText(tr("{unit} đã từng có khóa {fingerprint} (đăng ký ngày {date}), nay đã thu hồi. Khóa "
                                    "mới được đăng ký như đăng ký lại: tệp đầu tiên ký bằng khóa mới chỉ được nhận "
                                    "khi mang mã nối tiếp do Sở cấp.").format(
                unit=preview.unit_name, fingerprint=preview.revoked_before.fingerprint,
                date=preview.revoked_before.enrolled_at.strftime("%d/%m/%Y")))
        lay.addWidget(self.warning)
        buttons = QDialogButtonBox()
        self.yes_button = buttons.addButton(
            tr("Vân tay khớp – Tiếp tục…") if preview.replaces else tr("Vân tay khớp – Đăng ký"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.no_button = buttons.addButton(tr("Không đăng ký"), QDialogButtonBox.ButtonRole.RejectRole)
        self.yes_button.setAutoDefault(False)
        self.no_button.setDefault(True)
        self.no_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


def replace_text(preview) -> str:
    keys = "; ".join(tr("khóa {fingerprint}, đăng ký ngày {date}, {files}").format(
        fingerprint=a.fingerprint, date=a.enrolled_at.strftime("%d/%m/%Y"),
        files=tr("tệp cuối Sở đã nhận: số {number}").format(number=a.last_sequence) if a.last_sequence
        else tr("chưa nhận tệp nào")) for a in preview.active)
    how = (tr("Yêu cầu này là yêu cầu đổi khóa, có chữ ký của khóa cũ.") if preview.rotation else
           tr("Yêu cầu này KHÔNG có chữ ký của khóa đang dùng (xã báo mất khóa). Chỉ đăng ký khi đã gọi điện xác "
              "minh với lãnh đạo xã; tệp đầu tiên ký bằng khóa mới chỉ được nhận khi mang mã nối tiếp do Sở cấp."))
    return tr("{unit} đang có khóa còn hiệu lực. Đăng ký khóa mới sẽ THU HỒI {keys}. {how}").format(
        unit=preview.unit_name, keys=keys, how=how)


def _show_enrol_dialog(window, preview) -> bool:
    return EnrolDialog(window, preview).exec() == QDialog.DialogCode.Accepted


def enrol_commune(window, path: Path | None = None, confirm=None) -> bool:
    """Preview a key request, have the fingerprint confirmed, then (a separate step, No by default)
    confirm the revocation of the key in use when there is one. ``confirm(window, preview)`` replaces
    the fingerprint dialog in tests that are not about it."""
    from desktop.app import province
    from desktop.bundle.inputs import read_input_file

    if path is None:
        from desktop.ui import file_dialogs

        chosen = file_dialogs.open_file(window, file_dialogs.KEY_FILE, tr("Chọn tệp đăng ký khóa của xã, phường"),
                                        tr("Tệp JSON (*.json);;Mọi tệp (*)"))
        name = str(chosen) if chosen else ""
        if not name:
            return False
        path = Path(name)
    try:
        data = read_input_file(path, 64 * 1024)
        p = province.preview_enrolment(window.db, data)
    except UserError as exc:
        prompts.error(window, tr("Tệp đăng ký không hợp lệ"), exc.message)
        return False
    if not (confirm or _show_enrol_dialog)(window, p):
        return False
    if p.replaces and not prompts.ask(
            window, tr("Thu hồi khóa đang dùng?"),
            replace_text(p) + "\n\n" + tr("Thu hồi khóa đang dùng và đăng ký khóa mới?"),
            yes=tr("Thu hồi khóa cũ và đăng ký"), no=tr("Không"), danger=True):
        return False
    try:
        r = province.enrol(window.db, data, replace_active=p.replaces)
    except UserError as exc:
        prompts.error(window, tr("Không đăng ký được"), exc.message)
        return False
    text = tr("Đã đăng ký khóa cho {name}.").format(name=r.commune_name)
    if r.action == "re-enrolment":
        saved = save_resume(window, r.commune_code)
        if saved is not None:
            text += "\n\n" + tr("Điểm nối tiếp cho khóa mới đã lưu tại {file}. Gửi tệp này cho xã: tệp đầu tiên ký "
                                "bằng khóa mới phải mang mã nối tiếp này.").format(file=saved)
    prompts.inform(window, tr("Đã đăng ký khóa"), text)
    _refresh_province_page(window)
    return True


def save_resume(window, code: str, target: Path | None = None) -> Path | None:
    """The signed resume point for the commune's key in use, kept under diem-noi-tiep/ in the data folder."""
    from desktop.app import province
    from desktop.app.commune import write_verified

    phrase = ask_province_passphrase(window, window.paths, tr("Điểm nối tiếp được ký bằng khóa của Sở. Nhập mật khẩu bảo vệ "
                                                "khóa của Sở:"))
    if phrase is False:
        return None
    try:
        data = province.resume_statement(window.db, window.paths, code, passphrase=phrase)
        key = json.loads(data)["key_id"]
        target = target or window.paths.data_dir / "diem-noi-tiep" / f"DiemNoiTiep_{code}_{key[:8]}.json"
        write_verified(target, data)
    except UserError as exc:
        prompts.error(window, tr("Chưa tạo được điểm nối tiếp"), exc.message)
        return None
    return target


def save_public_key(window) -> None:
    from desktop.app import province
    from desktop.ui import file_dialogs

    chosen = file_dialogs.save_file(window, file_dialogs.KEY_FILE, tr("Lưu tệp khóa công khai của Sở"),
                                    "KhoaCongKhai_SoNoiVu_BacNinh.json", tr("Tệp JSON (*.json)"))
    name = str(chosen) if chosen else ""
    if name:
        Path(name).write_bytes(province.public_key_file(window.paths))
        prompts.inform(window, tr("Đã lưu"), tr("Đã lưu {file}. Gửi tệp này cho các xã, phường.").format(file=name))
