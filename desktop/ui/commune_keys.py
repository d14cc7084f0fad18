"""The commune's keys: the enrolment request, a new signing key, the province's key checked by its
fingerprint."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.shared.errors import UserError
from desktop.ui import file_dialogs, prompts
from desktop.ui.exchange_common import _refresh_send_page, ask_passphrase
from desktop.ui.i18n import tr


def save_enrol_request(window) -> Path | None:
    from desktop.app import commune

    try:
        info = commune.signing_key_info(window.paths)
        phrase = ask_passphrase(window, info.get("protection", "machine"))
        if phrase is False:
            return None
        data = commune.enrol_request(window.db, window.paths, phrase or None)
    except UserError as exc:
        prompts.error(window, tr("Không tạo được tệp đăng ký"), exc.message)
        return None
    ws = window.db.workspace()
    chosen = file_dialogs.save_file(window, file_dialogs.KEY_FILE, tr("Lưu tệp đăng ký khóa"),
                                    f"DangKyKhoa_{ws.unit_code}.json", tr("Tệp JSON (*.json)"))
    name = str(chosen) if chosen else ""
    if not name:
        return None
    commune.write_verified(Path(name), data)
    prompts.inform(window, tr("Đã tạo tệp đăng ký khóa"),
                   tr("Đã lưu {file}.\n\nGửi tệp này cho Sở Nội vụ, rồi gọi điện đọc vân tay khóa để Sở đối chiếu:"
                      "\n\n{fingerprint}").format(file=name, fingerprint=info["fingerprint"]))
    return Path(name)


def rotate_signing_key(window) -> Path | None:
    """A new signing key; the request is signed by the old and the new key (the province checks both)."""
    from desktop.app import commune

    if not prompts.ask(window, tr("Đổi khóa ký"),
                       tr("Tạo khóa ký mới cho đơn vị? Sau khi Sở Nội vụ đăng ký khóa mới, khóa cũ bị thu hồi và "
                          "các tệp phải được ký bằng khóa mới."), yes=tr("Đổi khóa"), no=tr("Hủy")):
        return None
    try:
        info = commune.signing_key_info(window.paths)
        phrase = ask_passphrase(window, info.get("protection", "machine"))
        if phrase is False:
            return None
        from desktop.bundle.keys import MIN_PASSPHRASE_LENGTH

        new_phrase = phrase
        if phrase and len(unicodedata.normalize("NFC", phrase)) < MIN_PASSPHRASE_LENGTH:
            # a key made before passphrases had a minimum: the new key gets a passphrase of its own
            new_phrase, ok = QInputDialog.getText(
                window, tr("Mật khẩu cho khóa mới"),
                tr("Mật khẩu hiện tại ngắn hơn {minimum} ký tự. Đặt mật khẩu mới cho khóa mới (ít nhất {minimum} "
                   "ký tự, nên dùng một câu dễ nhớ):").format(minimum=MIN_PASSPHRASE_LENGTH),
                QLineEdit.EchoMode.Password)
            if not ok:
                return None
        data = commune.rotate_key(window.db, window.paths, phrase or None, new_phrase or None)
    except UserError as exc:
        prompts.error(window, tr("Không đổi được khóa"), exc.message)
        return None
    ws = window.db.workspace()
    target = commune.exports_dir(window.paths) / f"DoiKhoa_{ws.unit_code}.json"
    commune.write_verified(target, data)
    new = commune.signing_key_info(window.paths)
    prompts.inform(window, tr("Đã tạo khóa mới"),
                   tr("Yêu cầu đổi khóa đã lưu tại {file}. Gửi tệp này cho Sở Nội vụ và đọc vân tay khóa mới qua "
                      "điện thoại:\n\n{fingerprint}").format(file=target, fingerprint=new["fingerprint"]))
    _refresh_send_page(window)
    return target


class FingerprintDialog(QDialog):
    """The officer types the province key's fingerprint as the province reads it by phone; the key is
    installed only when it equals the file's (a key file alone proves nothing: anyone can make one)."""

    def __init__(self, parent, key_name: str):
        super().__init__(parent)
        self.setWindowTitle(tr("Xác minh khóa của Sở Nội vụ"))
        lay = QVBoxLayout(self)
        text = QLabel(tr("Tệp khóa ghi là của: {name}.\n\nGọi điện cho Sở Nội vụ (số điện thoại trong công văn "
                         "của Sở, không dùng số ghi trong thư gửi kèm tệp), đề nghị đọc vân tay khóa của Sở, rồi gõ "
                         "vào ô dưới đây (24 ký tự, có hoặc không có dấu gạch).").format(name=key_name))
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        lay.addWidget(text)
        self.field = QLineEdit()
        self.field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.field.setStyleSheet("font-family: monospace; font-size: 13pt;")
        lay.addWidget(self.field)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(tr("Cài khóa"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


def ask_province_fingerprint(parent, key_name: str) -> str | None:
    dlg = FingerprintDialog(parent, key_name)
    return dlg.field.text() if dlg.exec() == QDialog.DialogCode.Accepted else None


def typed_fingerprint_for(parent, paths, data: bytes) -> str | bool | None:
    """None when this key needs no typed fingerprint (pinned by the build, or a key change signed by
    the installed key); the text the officer typed; False if they cancelled."""
    from desktop.app import commune
    from desktop.bundle.keys import ProvinceKey

    pk = ProvinceKey.from_file(data)
    if not commune.needs_typed_fingerprint(paths, pk):
        return None
    typed = ask_province_fingerprint(parent, pk.name)
    return False if typed is None else typed


def install_key(window) -> bool:
    from desktop.app import commune
    from desktop.app.inputs import read_input_file

    chosen = file_dialogs.open_file(window, file_dialogs.KEY_FILE, tr("Chọn tệp khóa công khai của Sở Nội vụ"),
                                    tr("Tệp khóa (*.json);;Mọi tệp (*)"))
    name = str(chosen) if chosen else ""
    if not name:
        return False
    try:
        data = read_input_file(name, 64 * 1024)
        typed = typed_fingerprint_for(window, window.paths, data)
        if typed is False:
            return False
        pk = commune.install_province_key(window.paths, data, typed)
    except UserError as exc:
        prompts.error(window, tr("Không cài được khóa"), exc.message)
        return False
    prompts.inform(window, tr("Đã cài khóa của Sở"),
                   tr("{name}\nVân tay: {fingerprint}").format(name=pk.name, fingerprint=pk.fingerprint))
    _refresh_send_page(window)
    return True
