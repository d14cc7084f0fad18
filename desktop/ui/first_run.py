"""First start: choose the commune or ward from the official list, the officer, the council.

This module is the controller: what the buttons do (choosing and checking the province's key, the
passphrase rule, creating the workspace, the signing key and the province's key, or the province's
own workspace). The widgets, the layout and what they show are in desktop.ui.first_run_view."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from desktop.app.workspace import CouncilSeat, init_workspace
from desktop.bundle.keys import MIN_PASSPHRASE_LENGTH
from desktop.shared.errors import UserError, ValidationError
from desktop.shared.paths import Paths
from desktop.store.db import Database
from desktop.ui import prompts
from desktop.ui.first_run_view import CouncilRow, FirstRunView
from desktop.ui.i18n import tr

__all__ = ["CouncilRow", "FirstRunDialog"]


class FirstRunDialog(FirstRunView):
    """Creates the workspace. After ``accept()`` the database holds the commune, officer and council."""

    def __init__(self, db: Database, paths: Paths | None = None, parent=None):
        super().__init__(parent)
        self.db = db
        self.paths = paths
        self.province_key_path: Path | None = None
        self.buttons.accepted.connect(self.finish)
        self.buttons.rejected.connect(self.reject)
        self.choose_key_button.clicked.connect(self._choose_province_key)

    def _choose_province_key(self) -> None:
        from desktop.ui import file_dialogs

        chosen = file_dialogs.open_file(self, file_dialogs.KEY_FILE, tr("Chọn tệp khóa công khai của Sở Nội vụ"),
                                        tr("Tệp khóa (*.json);;Mọi tệp (*)"))
        if chosen:
            self.set_province_key(chosen)

    def set_province_key(self, path: Path) -> bool:
        from desktop.app import commune
        from desktop.app.inputs import read_input_file
        from desktop.bundle.keys import ProvinceKey

        try:
            pk = ProvinceKey.from_file(read_input_file(path, 64 * 1024))
            needs = self.paths is None or commune.needs_typed_fingerprint(self.paths, pk)
        except UserError as exc:
            self.error_label.setText(exc.message)
            return False
        self.province_key_path = path
        self.show_province_key(pk.name, pk.fingerprint, needs)
        return True

    def _passphrase(self) -> str | None:
        return self.passphrase.text() or None

    def passphrase_problem(self) -> str | None:
        """Why the passphrase typed may not protect the new keys (None if it may, or if none is typed)."""
        length = len(unicodedata.normalize("NFC", self.passphrase.text()))
        if 0 < length < MIN_PASSPHRASE_LENGTH:
            return tr("Mật khẩu bảo vệ khóa ký phải có ít nhất {minimum} ký tự (mật khẩu vừa nhập có {length} ký tự): "
                      "ai lấy được tệp khóa có thể thử hết các mật khẩu ngắn trong ít phút. Nên dùng một câu dễ nhớ, "
                      "ví dụ “thi đua xã tôi năm 2025”; hoặc để trống để phần mềm tự bảo vệ khóa bằng bí mật riêng "
                      "của tài khoản máy này.").format(minimum=MIN_PASSPHRASE_LENGTH, length=length)
        return None

    def finish(self) -> bool:
        if self.passphrase.text() != self.passphrase2.text():
            self.error_label.setText(tr("Hai lần nhập mật khẩu khóa không giống nhau."))
            return False
        problem = self.passphrase_problem()  # before anything is created
        if problem:
            self.error_label.setText(problem)
            self.passphrase.setFocus()
            return False
        if self.mode_province.isChecked():
            return self._finish_province()
        seats = [s for s in (r.seat() for r in self.council_rows) if s is not None]
        problems = self._commune_problems(seats)
        if problems:
            self.error_label.setText("\n".join(problems))
            return False
        province_key = None
        if self.province_key_path is not None and self.paths is not None:
            from desktop.app import commune
            from desktop.app.inputs import read_input_file

            try:  # the province key's fingerprint is checked before anything is created
                province_key = read_input_file(self.province_key_path, 64 * 1024)
                commune.check_province_key(self.paths, province_key, self.province_fingerprint.text())
            except UserError as exc:
                self.error_label.setText(exc.message)
                self.province_fingerprint.setFocus()
                return False
        return self._create_commune(seats, province_key)

    def _commune_problems(self, seats: list[CouncilSeat]) -> list[str]:
        """What the commune's form still lacks: the unit, the officer, a council member's name."""
        problems = []
        if self._unit is None:
            problems.append(tr("Chưa chọn xã, phường trong danh sách."))
        if not self.officer.text().strip():
            problems.append(tr("Chưa nhập họ tên cán bộ phụ trách."))
        for i, s in enumerate(seats, 1):
            if not s.full_name:
                problems.append(tr("Thành viên Hội đồng thứ {number} chưa có họ tên.").format(number=i))
        return problems

    def _create_commune(self, seats: list[CouncilSeat], province_key: bytes | None) -> bool:
        """The workspace, the signing key bound to it and the province's key; accept() when done."""
        assert self._unit is not None
        try:
            init_workspace(self.db, self._unit.code, self.officer.text(), seats, phone=self.officer_phone.text(),
                           email=self.officer_email.text())
            if self.paths is not None:
                from desktop.app import commune
                from desktop.bundle.binding import bind_signing_key

                if not commune.has_signing_key(self.paths):
                    commune.create_signing_key(self.paths, self._passphrase())
                bind_signing_key(self.db, self.paths)  # the database records its key, the key its unit
                if province_key is not None:
                    commune.install_province_key(self.paths, province_key, self.province_fingerprint.text())
        except ValidationError as exc:
            self.error_label.setText("\n".join(exc.errors.values()))
            return False
        except UserError as exc:
            prompts.error(self, tr("Không khởi tạo được"), exc.message)
            return False
        self.accept()
        return True

    def _finish_province(self) -> bool:
        from desktop.app.province import init_province

        if self.paths is None:
            return False
        try:
            init_province(self.db, self.paths, self._passphrase())
        except UserError as exc:
            prompts.error(self, tr("Không khởi tạo được"), exc.message)
            return False
        self.accept()
        return True
