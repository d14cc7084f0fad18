"""Gửi kết quả về xã…: the province signs the outcomes of one commune's proposal of a year into a file
for the commune (desktop.app.results.make_results), written into the folder the clerk picks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.shared.errors import UserError
from desktop.ui import file_dialogs, prompts
from desktop.ui.i18n import tr
from desktop.ui.intake.common import ask_province_passphrase

PURPOSE = file_dialogs.RESULTS_FOLDER


class SendResultsDialog(QDialog):
    """Pick the commune, the year of its proposal and the folder; "Ghi tệp kết quả" signs and writes."""

    def __init__(self, window, code: str | None = None):
        super().__init__(window)
        from desktop.core.units import bac_ninh_units

        self.window_ = window
        self.written: Path | None = None
        self.setWindowTitle(tr("Gửi kết quả về xã"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.commune = QComboBox()
        for u in bac_ninh_units():
            self.commune.addItem(f"{u.code} – {u.name}", u.code)
        if code is not None and self.commune.findData(code) >= 0:
            self.commune.setCurrentIndex(self.commune.findData(code))
        form.addRow(tr("Xã, phường:"), self.commune)
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.year.setValue(dt.date.today().year)
        form.addRow(tr("Năm của tờ trình:"), self.year)
        row = QHBoxLayout()
        last = file_dialogs.last_folder(PURPOSE)
        self.folder = QLineEdit(str(last) if last else "")
        self.browse = QPushButton(tr("Chọn thư mục…"))
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        form.addRow(tr("Ghi vào thư mục:"), row)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(tr("Ghi tệp kết quả"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.write)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _browse(self) -> None:
        chosen = file_dialogs.choose_folder(self, PURPOSE, tr("Chọn thư mục ghi tệp kết quả"), self.folder.text())
        if chosen:
            self.folder.setText(str(chosen))

    def write(self) -> Path | None:
        from desktop.app import province
        from desktop.app.results import make_results

        folder = self.folder.text().strip()
        if not folder:
            prompts.error(self, tr("Chưa chọn thư mục"), tr("Hãy chọn thư mục ghi tệp kết quả (ví dụ ổ USB)."))
            return None
        phrase = ask_province_passphrase(self, self.window_.paths,
                                         tr("Tệp kết quả được ký bằng khóa của Sở. Nhập mật khẩu bảo vệ khóa của Sở:"))
        if phrase is False or phrase is True:
            return None
        code, year = self.commune.currentData(), self.year.value()
        try:
            signer = province.signing_key(self.window_.paths, phrase)
            w = make_results(self.window_.db, self.window_.paths, code, year, Path(folder), signer=signer)
        except UserError as exc:
            prompts.error(self, tr("Chưa ghi được tệp kết quả"), exc.message)
            return None
        file_dialogs.remember(PURPOSE, Path(folder))
        self.written = w.path
        prompts.inform(self, tr("Đã ghi tệp kết quả"),
                       tr("Đã ghi kết quả năm {year} ({count} trường hợp) vào {file}. Gửi tệp này cho xã; xã nhận "
                          "bằng “Gửi dữ liệu → Nhận tệp từ Sở Nội vụ…”.").format(year=year, count=w.items,
                                                                                 file=w.path))
        self.accept()
        return w.path


def send_results(window) -> SendResultsDialog:
    """Tiếp nhận → Gửi kết quả về xã…, the commune selected on the board chosen first."""
    page = window.extra_pages.get("province")
    code = page.selected_code() if page is not None else None
    dlg = SendResultsDialog(window, code)
    dlg.open()
    return dlg
