"""The commune's export dialog: period, destination (a USB drive, a folder, e-mail), protection, and
the file written off the GUI thread in the workspace queue."""

from __future__ import annotations

import datetime as dt
import email.message
import email.policy
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from desktop.core.labels import KIND_LABELS, NAV_ORDER
from desktop.shared.errors import UserError
from desktop.ui import file_dialogs, prompts
from desktop.ui.exchange_common import _error_text, _RowsModel, _table, ask_passphrase
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import run_task


class ExportDialog(QDialog):
    """Choose the period and destination, see what will be sent, write the file off the GUI thread."""

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        from desktop.app import commune
        from desktop.app.drives import removable_drives

        self.window_ = window
        self.result_: Any = None
        self.setWindowTitle(tr("Xuất tệp dữ liệu gửi Sở Nội vụ"))
        fit_to_screen(self, 640, 560)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.period = QComboBox()
        year = dt.date.today().year
        for p, label in ((f"{year}", tr("Tổng kết năm {year}").format(year=year)),
                         (f"{year}-H1", tr("Sơ kết 6 tháng đầu năm {year}").format(year=year)),
                         (f"{year - 1}", tr("Tổng kết năm {year}").format(year=year - 1))):
            self.period.addItem(label, p)
        self.period.setCurrentIndex(self.period.findData(commune.default_period()))
        form.addRow(tr("Kỳ báo cáo"), self.period)
        lay.addLayout(form)

        counts_box = QGroupBox(tr("Nội dung sẽ gửi"))
        cl = QVBoxLayout(counts_box)
        self.counts_model = _RowsModel(self)
        self.counts_model.headers = (QT_TR_NOOP("Loại hồ sơ"), QT_TR_NOOP("Số bản ghi"), QT_TR_NOOP("Lần gửi trước"),
                                     QT_TR_NOOP("Chênh lệch"))
        self.counts_view = _table(self.counts_model)
        cl.addWidget(self.counts_view)
        lay.addWidget(counts_box, 1)

        dest = QGroupBox(tr("Nơi ghi tệp"))
        dl = QVBoxLayout(dest)
        self.to_usb = QRadioButton(tr("Ổ USB"))
        self.drives = QComboBox()
        for d in removable_drives():
            self.drives.addItem(d.label, str(d.path))
        if self.drives.count() == 0:
            self.drives.addItem(tr("(không thấy ổ USB nào đang cắm)"), "")
            self.to_usb.setEnabled(False)
        self.to_folder = QRadioButton(tr("Thư mục"))
        self.folder = QLineEdit(str(file_dialogs.last_folder(file_dialogs.EXPORT_FOLDER) or Path.home()))
        browse = QPushButton(tr("Chọn…"))
        browse.clicked.connect(self._browse)
        self.to_mail = QRadioButton(tr("Soạn thư điện tử có đính kèm tệp (mở bằng chương trình thư)"))
        group = QButtonGroup(self)
        for b in (self.to_usb, self.to_folder, self.to_mail):
            group.addButton(b)
        (self.to_usb if self.to_usb.isEnabled() else self.to_folder).setChecked(True)
        r1 = QHBoxLayout()
        r1.addWidget(self.to_usb)
        r1.addWidget(self.drives, 1)
        r2 = QHBoxLayout()
        r2.addWidget(self.to_folder)
        r2.addWidget(self.folder, 1)
        r2.addWidget(browse)
        dl.addLayout(r1)
        dl.addLayout(r2)
        dl.addWidget(self.to_mail)
        lay.addWidget(dest)
        self.message = QLabel()
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.go = buttons.addButton(tr("Xuất tệp"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._fill_counts()

    def _browse(self) -> None:
        chosen = file_dialogs.choose_folder(self, file_dialogs.EXPORT_FOLDER, tr("Chọn thư mục ghi tệp"),
                                            self.folder.text())
        if chosen:
            self.folder.setText(str(chosen))
            self.to_folder.setChecked(True)

    def _fill_counts(self) -> None:
        from desktop.app import commune

        db = self.window_.db
        now = commune.pending_counts(db)
        history = commune.export_history(db)
        before = json.loads(history[0].counts) if history else {}
        rows = []
        for k in NAV_ORDER:
            prev = before.get(k)
            diff = "" if prev is None else f"{now[k] - prev:+d}"
            rows.append((tr(KIND_LABELS[k]), now[k], "" if prev is None else prev, diff))
        self.counts_model.set_rows(rows)
        self.counts_view.resizeColumnsToContents()
        nxt, pending = commune.next_export(db)
        if pending is not None:
            self.message.setText(tr("Lần xuất tệp số {sequence} trước đây chưa xong (tệp có thể đã ghi ra ổ đĩa). Bấm "
                                    "“Xuất tệp” để ghi lại đúng tệp đó (cùng số, cùng mã băm, kỳ {period}); sau đó "
                                    "mới xuất tệp mới.").format(sequence=nxt, period=pending.get("period") or ""))
            self.message.setStyleSheet("color: #8a5a00;")
        else:
            self.message.setText(tr("Tệp sẽ mang số thứ tự {sequence}. Tệp được ký bằng khóa của đơn vị và mã hóa để "
                                    "chỉ Sở Nội vụ đọc được.").format(sequence=nxt))

    def destination(self) -> tuple[str, Path]:
        if self.to_usb.isChecked() and self.drives.currentData():
            return "usb", Path(self.drives.currentData())
        if self.to_mail.isChecked():
            from desktop.app.commune import exports_dir

            return "mail", exports_dir(self.window_.paths)
        return "folder", Path(self.folder.text())

    def start(self) -> None:
        from desktop.app import commune

        w = self.window_
        try:
            protection = commune.signing_key_info(w.paths).get("protection", "machine")
        except UserError as exc:
            prompts.error(self, tr("Chưa xuất được"), exc.message)
            return
        phrase = ask_passphrase(self, protection)
        if phrase is False:
            return
        kind, target = self.destination()
        if kind != "mail" and not target.is_dir():
            prompts.error(self, tr("Chưa xuất được"),
                          tr("Thư mục {folder} không tồn tại. Hãy chọn thư mục khác.").format(folder=target))
            return
        if kind == "folder":  # typed or chosen: the next export opens there
            file_dialogs.remember(file_dialogs.EXPORT_FOLDER, target)
        period = self.period.currentData()
        self.go.setEnabled(False)
        progress = QProgressDialog(tr("Đang chuẩn bị tệp dữ liệu…"), "", 0, 100, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        db, paths = w.db, w.paths

        def work(report, _cancelled):
            return commune.export(db, paths, target, period, phrase or None, progress=report)

        def on_progress(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        def done(result) -> None:
            progress.close()
            self.result_ = result
            if kind == "mail":
                eml = write_email(result.path, w.db.workspace().unit_name, result)
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(eml)))
                text = tr("Đã soạn thư kèm tệp {file} ({email}). Hãy gửi thư đến Sở Nội vụ bằng chương "
                          "trình thư điện tử.").format(file=result.file_name, email=eml)
            elif kind == "usb":
                text = tr("Đã ghi và đọc lại kiểm tra tệp {file} trên ổ USB. Có thể rút ổ USB an toàn "
                          "(nên dùng “Safely Remove” của Windows).").format(file=result.file_name)
            else:
                text = tr("Đã ghi tệp {path}.").format(path=result.path)
            if result.resent:
                text += "\n\n" + tr("Đây là tệp số {sequence} của lần xuất trước chưa xong, ghi lại đúng như cũ. Nếu "
                                      "muốn gửi cả những gì mới nhập, hãy xuất thêm một tệp.").format(
                    sequence=result.sequence)
            text += "\n\n" + tr("Mã băm SHA-256: {sha256}").format(sha256=result.sha256)
            prompts.inform(self, tr("Đã xuất tệp dữ liệu"), text)
            self.accept()

        def failed(exc: Exception) -> None:
            progress.close()
            self.go.setEnabled(True)
            prompts.error(self, tr("Không xuất được tệp"), _error_text(exc))

        run_task(work, done, failed, on_progress, owner=self, workspace="export")


def write_email(attachment: Path, unit_name: str, result) -> Path:
    msg = email.message.EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = f"[Thi đua] {unit_name} gửi dữ liệu kỳ {result.period}, tệp số {result.sequence}"  # i18n: keep
    msg["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft to send
    msg.set_content(
        f"Kính gửi Sở Nội vụ tỉnh Bắc Ninh,\n\n{unit_name} gửi tệp dữ liệu thi đua kỳ {result.period} "  # i18n: keep
        f"(tệp số {result.sequence}).\nMã băm SHA-256 của tệp: {result.sha256}\n\nTrân trọng.\n")  # i18n: keep
    msg.add_attachment(attachment.read_bytes(), maintype="application", subtype="octet-stream",
                       filename=attachment.name)
    eml = attachment.with_suffix(".eml")
    eml.write_bytes(msg.as_bytes())
    return eml
