"""Sending data to the province (commune) and receiving it (province): pages, dialogs, menus.

Installed as a window extension: ``install(window)``. Everything reads window.db / window.paths at
the moment of use (they change after a restore)."""

from __future__ import annotations

import datetime as dt
import email.message
import email.policy
import json
import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.errors import UserError
from desktop.core.labels import KIND_LABELS, NAV_ORDER
from desktop.ui import file_dialogs, prompts
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import run_task

_Index = QModelIndex | QPersistentModelIndex


def _local(utc: dt.datetime | None) -> str:
    if utc is None:
        return ""
    return utc.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%d/%m/%Y %H:%M")


class _RowsModel(QAbstractTableModel):
    """A read-only table over a list of row tuples (the rows come from a query in the page)."""

    headers: tuple[str, ...] = ()  # marked with QT_TR_NOOP, translated when shown

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple] = []
        self.colors: list[str | None] = []

    def set_rows(self, rows: list[tuple], colors: list[str | None] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.colors = colors or [None] * len(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.headers[section]) if 0 <= section < len(self.headers) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            v = self.rows[index.row()][index.column()]
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.ForegroundRole and self.colors[index.row()]:
            return QColor(self.colors[index.row()])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        pairs = sorted(zip(self.rows, self.colors), key=lambda rc: str(rc[0][column] or ""),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.set_rows([p[0] for p in pairs], [p[1] for p in pairs])


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _busy(parent, text: str) -> QProgressDialog:
    dlg = QProgressDialog(text, "", 0, 0, parent)
    dlg.setCancelButton(None)
    dlg.setWindowTitle(tr("Đang xử lý"))
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(200)
    return dlg


def _error_text(exc: Exception) -> str:
    return exc.message if isinstance(exc, UserError) else tr("Lỗi không mong muốn: {error}").format(error=exc)


def ask_passphrase(parent, protection: str) -> str | None | bool:
    """The officer's passphrase when the key has one; None when it has none; False if cancelled."""
    if protection != "passphrase":
        return None
    text, ok = QInputDialog.getText(parent, tr("Mật khẩu khóa ký"), tr("Nhập mật khẩu bảo vệ khóa ký của đơn vị:"),
                                    QLineEdit.EchoMode.Password)
    return text if ok else False


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
        self.receipt_button = QPushButton(tr("Nhập biên nhận của Sở…"))
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
        self.receipt_button.clicked.connect(lambda: import_receipt(self.window_))
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


class ExportDialog(QDialog):
    """Choose the period and destination, see what will be sent, write the file off the GUI thread."""

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        from desktop.app import commune
        from desktop.bundle.drives import removable_drives

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


def open_export_dialog(window) -> ExportDialog:
    dlg = ExportDialog(window)
    dlg.finished.connect(lambda _r: _refresh_send_page(window))
    dlg.open()
    return dlg


def _refresh_send_page(window) -> None:
    page = window.extra_pages.get("send")
    if page is not None:
        page.refresh()


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
    from desktop.bundle.inputs import read_input_file

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


def import_receipt(window) -> bool:
    from desktop.app import commune

    chosen = file_dialogs.open_file(window, file_dialogs.RECEIPT, tr("Chọn tệp biên nhận của Sở Nội vụ"),
                                    tr("Biên nhận (*.json);;Mọi tệp (*)"))
    name = str(chosen) if chosen else ""
    if not name:
        return False
    from desktop.bundle.inputs import read_input_file

    from desktop.ui.tasks import workspace_lock

    try:
        with workspace_lock():  # a short write: after the backup or export running now, never beside it
            text = commune.import_statement(window.db, window.paths, read_input_file(name, 64 * 1024))
    except UserError as exc:
        prompts.error(window, tr("Không nhập được biên nhận"), exc.message)
        return False
    prompts.inform(window, tr("Đã nhập biên nhận"), text)
    _refresh_send_page(window)
    return True


def print_paper(window, which: str, sequence: int | None = None) -> None:
    """The enrolment sheet or the cover letter, through the documents' preview (print / save PDF)."""
    from desktop.app import commune

    db, paths = window.db, window.paths
    _preview(window, lambda: commune.enrolment_sheet(db, paths) if which == "sheet"
             else commune.cover_letter_for(db, sequence),
             "phieu-dang-ky-khoa.pdf" if which == "sheet" else "cong-van-gui-tep.pdf")


def _preview(window, make, file_name: str) -> bool:
    """A document through the documents' preview (print / save PDF), built on the GUI thread first so
    that a refusal reaches the officer in their own words."""
    ext = getattr(window, "reports_ext", None)
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

        return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled)

    ext.run(work, file_name)
    return True


# =========================================================================== install


def install(window) -> None:
    if getattr(window, "is_province", False):
        from desktop.ui.intake import (
            ProvincePage,
            enrol_commune,
            open_import_dialog,
            save_public_key,
        )

        window.add_page("province", tr("Tiếp nhận dữ liệu"), ProvincePage(window))
        menu = window.menuBar().addMenu(tr("Tiếp &nhận"))
        for text, fn in ((tr("Nhập tệp của các xã…"), lambda: open_import_dialog(window)),
                         (tr("Đăng ký khóa của xã…"), lambda: enrol_commune(window)),
                         (tr("Lưu tệp khóa công khai của Sở…"), lambda: save_public_key(window)),
                         (tr("Khóa của xã đang chọn…"), lambda: window.extra_pages["province"].open_keys()),
                         (tr("In lại biên nhận…"), lambda: window.extra_pages["province"].reprint_receipt())):
            action = QAction(text, window)
            action.triggered.connect(fn)
            menu.addAction(action)
        return
    window.add_page("send", tr("Gửi dữ liệu"), SendPage(window))
    menu = window.menuBar().addMenu(tr("&Gửi dữ liệu"))
    for text, fn in ((tr("Xuất tệp gửi Sở Nội vụ…"), lambda: open_export_dialog(window)),
                     (tr("Tạo tệp đăng ký khóa…"), lambda: save_enrol_request(window)),
                     (tr("Cài khóa của Sở…"), lambda: install_key(window)),
                     (tr("Nhập biên nhận của Sở…"), lambda: import_receipt(window)),
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
