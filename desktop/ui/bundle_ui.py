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
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
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

from desktop.core.errors import UserError
from desktop.core.labels import KIND_LABELS, NAV_ORDER
from desktop.ui import prompts
from desktop.ui.i18n import QT_TR_NOOP, tr
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
        from desktop.bundle import commune

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
            rows.append((r.sequence, r.period, r.file_name, _local(r.created_at), sum(counts.values()),
                         r.file_sha256[:16], receipt + (f" ({_local(r.receipt_at)})" if r.receipt_at else "")))
            colors.append(None if r.receipt_status == "accepted" else "#8a5a00")
        self.model.set_rows(rows, colors)
        self.view.resizeColumnsToContents()


class ExportDialog(QDialog):
    """Choose the period and destination, see what will be sent, write the file off the GUI thread."""

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        from desktop.bundle import commune
        from desktop.bundle.drives import removable_drives

        self.window_ = window
        self.result_: Any = None
        self.setWindowTitle(tr("Xuất tệp dữ liệu gửi Sở Nội vụ"))
        self.resize(640, 560)
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
        self.folder = QLineEdit(str(Path.home()))
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
        name = QFileDialog.getExistingDirectory(self, tr("Chọn thư mục ghi tệp"), self.folder.text())
        if name:
            self.folder.setText(name)
            self.to_folder.setChecked(True)

    def _fill_counts(self) -> None:
        from desktop.bundle import commune

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
        nxt = (history[0].sequence + 1) if history else 1
        self.message.setText(tr("Tệp sẽ mang số thứ tự {sequence}. Tệp được ký bằng khóa của đơn vị và mã hóa để "
                                "chỉ Sở Nội vụ đọc được.").format(sequence=nxt))

    def destination(self) -> tuple[str, Path]:
        if self.to_usb.isChecked() and self.drives.currentData():
            return "usb", Path(self.drives.currentData())
        if self.to_mail.isChecked():
            from desktop.bundle.commune import exports_dir

            return "mail", exports_dir(self.window_.paths)
        return "folder", Path(self.folder.text())

    def start(self) -> None:
        from desktop.bundle import commune

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
            text += "\n\n" + tr("Mã băm SHA-256: {sha256}").format(sha256=result.sha256)
            prompts.inform(self, tr("Đã xuất tệp dữ liệu"), text)
            self.accept()

        def failed(exc: Exception) -> None:
            progress.close()
            self.go.setEnabled(True)
            prompts.error(self, tr("Không xuất được tệp"), _error_text(exc))

        run_task(work, done, failed, on_progress)


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
    from desktop.bundle import commune

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
    name, _ = QFileDialog.getSaveFileName(window, tr("Lưu tệp đăng ký khóa"),
                                          str(Path.home() / f"DangKyKhoa_{ws.unit_code}.json"), tr("Tệp JSON (*.json)"))
    if not name:
        return None
    commune.write_verified(Path(name), data)
    prompts.inform(window, tr("Đã tạo tệp đăng ký khóa"),
                   tr("Đã lưu {file}.\n\nGửi tệp này cho Sở Nội vụ, rồi gọi điện đọc vân tay khóa để Sở đối chiếu:"
                      "\n\n{fingerprint}").format(file=name, fingerprint=info["fingerprint"]))
    return Path(name)


def rotate_signing_key(window) -> Path | None:
    """A new signing key; the request is signed by the old and the new key (the province checks both)."""
    from desktop.bundle import commune

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
    from desktop.bundle import commune
    from desktop.bundle.keys import ProvinceKey

    pk = ProvinceKey.from_file(data)
    if not commune.needs_typed_fingerprint(paths, pk):
        return None
    typed = ask_province_fingerprint(parent, pk.name)
    return False if typed is None else typed


def install_key(window) -> bool:
    from desktop.bundle import commune
    from desktop.bundle.inputs import read_input_file

    name, _ = QFileDialog.getOpenFileName(window, tr("Chọn tệp khóa công khai của Sở Nội vụ"), str(Path.home()),
                                          tr("Tệp khóa (*.json);;Mọi tệp (*)"))
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
    from desktop.bundle import commune

    name, _ = QFileDialog.getOpenFileName(window, tr("Chọn tệp biên nhận của Sở Nội vụ"), str(Path.home()),
                                          tr("Biên nhận (*.json);;Mọi tệp (*)"))
    if not name:
        return False
    from desktop.bundle.inputs import read_input_file

    try:
        text = commune.import_statement(window.db, window.paths, read_input_file(name, 64 * 1024))
    except UserError as exc:
        prompts.error(window, tr("Không nhập được biên nhận"), exc.message)
        return False
    prompts.inform(window, tr("Đã nhập biên nhận"), text)
    _refresh_send_page(window)
    return True


def print_paper(window, which: str, sequence: int | None = None) -> None:
    """The enrolment sheet or the cover letter, through the documents' preview (print / save PDF)."""
    from desktop.bundle import commune

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


def reprint_receipt(window, code: str) -> Path | None:
    """In lại biên nhận: the signed receipt of one of the commune's accepted files made again (into
    bien-nhan/, to send to the commune) and its printable copy in the preview."""
    from desktop.bundle import province
    from desktop.bundle.cli import write_receipt

    last = int(province.stats(window.db).get(code, {}).get("last_sequence") or 0)
    if not last:
        prompts.inform(window, tr("In lại biên nhận"), tr("Sở chưa nhận tệp nào của đơn vị này."))
        return None
    seq, ok = QInputDialog.getInt(window, tr("In lại biên nhận"), tr("Biên nhận của tệp số:"), last, 1, last)
    if not ok:
        return None
    try:
        data = province.reissue_receipt(window.db, window.paths, code, seq)
        result = province.ImportResult("accepted", code, "", seq, "", {}, receipt=data)
        target = write_receipt(window.paths.data_dir / "bien-nhan", result)
    except UserError as exc:
        prompts.error(window, tr("Chưa in lại được biên nhận"), exc.message)
        return None
    _preview(window, lambda: province.receipt_document(window.db, code, seq), f"bien-nhan-{code}-so{seq:04d}.pdf")
    return target


# =========================================================================== province side


class BoardModel(_RowsModel):
    headers = (QT_TR_NOOP("Mã"), QT_TR_NOOP("Xã, phường"), QT_TR_NOOP("Khóa"), QT_TR_NOOP("Tệp gần nhất"),
               QT_TR_NOOP("Kỳ"), QT_TR_NOOP("Thời gian nhận"), QT_TR_NOOP("Số bản ghi"))


class ProvincePage(QWidget):
    """The submission board: the 99 units, who has sent what."""

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        lay = QVBoxLayout(self)
        title = QLabel(tr("Tiếp nhận dữ liệu các xã, phường"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        lay.addWidget(title)
        self.summary = QLabel()
        lay.addWidget(self.summary)
        row = QHBoxLayout()
        self.import_button = QPushButton(tr("Nhập tệp của các xã…"))
        self.enrol_button = QPushButton(tr("Đăng ký khóa của xã…"))
        self.key_button = QPushButton(tr("Lưu tệp khóa công khai của Sở…"))
        self.keys_button = QPushButton(tr("Khóa của xã đang chọn…"))
        self.receipt_button = QPushButton(tr("In lại biên nhận…"))
        for b in (self.import_button, self.enrol_button, self.key_button, self.keys_button, self.receipt_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.model = BoardModel(self)
        self.view = _table(self.model)
        lay.addWidget(self.view, 1)
        self.import_button.clicked.connect(lambda: open_import_dialog(self.window_))
        self.enrol_button.clicked.connect(lambda: enrol_commune(self.window_))
        self.key_button.clicked.connect(lambda: save_public_key(self.window_))
        self.keys_button.clicked.connect(self.open_keys)
        self.receipt_button.clicked.connect(self.reprint_receipt)
        self.view.doubleClicked.connect(lambda _i: self.open_keys())

    def selected_code(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return str(self.model.rows[rows[0].row()][0]) if rows else None

    def reprint_receipt(self) -> Path | None:
        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("In lại biên nhận"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return None
        return reprint_receipt(self.window_, code)

    def open_keys(self) -> KeyHistoryDialog | None:
        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("Khóa của xã"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return None
        return open_key_history(self.window_, code)

    def refresh(self) -> None:
        from desktop.bundle import province
        from desktop.core.units import bac_ninh_units

        data = province.stats(self.window_.db)
        rows, colors = [], []
        sent = 0
        for u in bac_ninh_units():
            st = data.get(u.code, {})
            seq = st.get("last_sequence") or 0
            sent += 1 if seq else 0
            imported = st.get("imported_at")
            when = _local(dt.datetime.fromisoformat(imported)) if imported else ""
            rows.append((u.code, u.name, tr("Đã đăng ký") if st.get("enrolled") else tr("Chưa"),
                         tr("Số {sequence}").format(sequence=seq) if seq else tr("Chưa nộp"),
                         st.get("period") or "", when,
                         sum(st.get("counts", {}).values()) or ""))
            colors.append(None if seq else "#b00020")
        self.model.set_rows(rows, colors)
        self.view.resizeColumnsToContents()
        self.summary.setText(tr("Đã nhận dữ liệu của {sent}/99 đơn vị; còn {missing} đơn vị chưa nộp (tô đỏ).").format(
            sent=sent, missing=99 - sent))


class ImportResultsModel(_RowsModel):
    headers = (QT_TR_NOOP("Tệp"), QT_TR_NOOP("Đơn vị"), QT_TR_NOOP("Số"), QT_TR_NOOP("Kết quả"), QT_TR_NOOP("Chi tiết"))


class ImportDialog(QDialog):
    """Many files at once: preview (dry run) first, then import what passed, all off the GUI thread."""

    def __init__(self, window, files: list[Path], parent=None):
        super().__init__(parent or window)
        self.window_ = window
        self.files = files
        self.previewed: dict[Path, Any] = {}
        self.setWindowTitle(tr("Nhập tệp dữ liệu của các xã, phường"))
        self.resize(960, 520)
        lay = QVBoxLayout(self)
        self.info = QLabel(tr("{count} tệp đã chọn. Bước 1: xem trước (kiểm tra chữ ký, chuỗi tệp, nội dung; "
                              "chưa ghi gì). Bước 2: nhập các tệp hợp lệ.").format(count=len(files)))
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.model = ImportResultsModel(self)
        self.view = _table(self.model)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(True)
        lay.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        self.preview_button = buttons.addButton(tr("Xem trước"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton(tr("Nhập các tệp hợp lệ"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.held_button = buttons.addButton(tr("Xác nhận nhập tệp bị giữ…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.held_button.setVisible(False)
        self.held_button.clicked.connect(self.confirm_held)
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.preview_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.receipts_dir: Path | None = None
        self.outcomes: list[tuple] = []
        self.held: list[Path] = []            # held after a key change, waiting for the clerk
        self.confirmed_held: list[str] = []   # SHA-256 of the held files the clerk confirmed by phone
        self.held_digests: dict[Path, str] = {}
        self.passphrase: str | None = None    # of the province's keys, when they have one: asked once

    def confirm_held(self) -> bool:
        """Files held after a key change (the first file of a new key that would remove most of what the
        province holds): imported only after the clerk confirmed each by phone."""
        names = "\n".join(f"• {f.name}" for f in self.held)
        if not self.held or not prompts.ask(
                self, tr("Xác nhận nhập tệp bị giữ"),
                tr("Các tệp sau là tệp đầu tiên ký bằng khóa mới và sẽ xóa phần lớn dữ liệu Sở đang giữ của xã:\n"
                   "{files}\n\nChỉ nhập khi đã gọi điện cho lãnh đạo xã và xã xác nhận đúng là dữ liệu của xã. "
                   "Nhập các tệp này?").format(files=names),
                yes=tr("Đã xác minh – Nhập"), no=tr("Không"), danger=True):
            return False
        self.confirmed_held = [self.held_digests[f] for f in self.held if f in self.held_digests]
        self.run(dry_run=True)
        return True

    def run(self, dry_run: bool) -> None:
        from desktop.bundle import province
        from desktop.bundle.errors import BundleRefused

        w = self.window_
        db, paths = w.db, w.paths
        if self.passphrase is None and province.identity_protection(paths) == "passphrase":
            # asked once for the whole batch (both passes); the keys are unlocked once, not per file
            text, ok = QInputDialog.getText(self, tr("Mật khẩu khóa của Sở"),
                                            tr("Nhập mật khẩu bảo vệ khóa của Sở (hỏi một lần cho cả đợt nhập):"),
                                            QLineEdit.EchoMode.Password)
            if not ok:
                return
            self.passphrase = text
        phrase = self.passphrase or None
        files = self.files if dry_run else [f for f, r in self.previewed.items() if r is not None]
        progress = QProgressDialog(tr("Đang kiểm tra các tệp…") if dry_run else tr("Đang nhập các tệp…"), tr("Dừng"), 0,
                                   len(files), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        task_holder: dict[str, Any] = {}
        progress.canceled.connect(lambda: task_holder["task"].cancel())
        receipts_dir = self.receipts_dir
        confirmed = set(self.confirmed_held)
        held_digests: dict[Path, str] = {}
        self.held_digests = held_digests

        def work(report, cancelled):
            from desktop.bundle.cli import write_receipt
            from desktop.bundle.container import MAX_FILE, sha256
            from desktop.bundle.inputs import read_input_file

            from desktop.bundle.keys import AgeIdentity

            identity = AgeIdentity.load(province.keys_dir(paths) / province.IDENTITY_FILE, phrase)
            signer = None if dry_run else province.signing_key(paths, phrase)
            out = []
            for i, f in enumerate(files):
                if cancelled():
                    break
                try:
                    data = read_input_file(f, MAX_FILE)
                    digest = sha256(data)  # a confirmation holds for these bytes, not for a path
                    r = province.import_file(db, paths, data, f.name, dry_run=dry_run, identity=identity,
                                             signer=signer, confirm_held=digest in confirmed)
                except (BundleRefused, UserError) as exc:
                    code = getattr(exc, "code", "")
                    if code == "held":
                        held_digests[f] = digest
                    out.append((f, None, exc.message, code))
                    report(i + 1, len(files))
                    continue
                note = ""
                if r.status in ("accepted", "duplicate") and r.receipt is not None and receipts_dir is not None:
                    try:
                        write_receipt(receipts_dir, r)
                    except UserError as exc:  # the file is in; the receipt can be made again
                        note = tr("Chưa ghi được biên nhận: {reason}").format(reason=exc.message)
                out.append((f, r, note or None, ""))
                report(i + 1, len(files))
            if not dry_run and any(r is not None and r.status == "accepted" for _f, r, _e, _c in out):
                province.refresh_statistics(db)
            return out

        def on_progress(done: int, total: int) -> None:
            progress.setValue(done)

        def done(results) -> None:
            progress.close()
            rows, colors = [], []
            if dry_run:
                self.previewed = {}
            self.held = [f for f, r, _e, code in results if r is None and code == "held"] if dry_run else []
            for f, r, err, code in results:
                if r is None:
                    rows.append((f.name, "", "", tr("GIỮ LẠI") if code == "held" else tr("TỪ CHỐI"), err))
                    colors.append("#8a5a00" if code == "held" else "#b00020")
                    if dry_run:
                        self.previewed[f] = None
                    continue
                if r.status == "duplicate":
                    rows.append((f.name, r.commune_name, r.sequence, tr("Đã nhập trước đó"),
                                 tr("Đã nhập lúc {time}; không thay đổi gì.").format(time=_local(r.imported_at))))
                    colors.append("#555555")
                    if dry_run:
                        self.previewed[f] = None
                    continue
                changes = "; ".join(
                    f"{tr(KIND_LABELS.get(k, k))}: +{c['added']} −{c['removed']} ~{c['changed']}"
                    for k, c in r.changes.items() if c["added"] or c["removed"] or c["changed"]) or tr("Không thay đổi")
                rows.append((f.name, r.commune_name, r.sequence,
                             tr("Hợp lệ") if dry_run else tr("ĐÃ NHẬN"), changes + (f" — {err}" if err else "")))
                colors.append(None)
                if dry_run:
                    self.previewed[f] = r
            self.model.set_rows(rows, colors)
            for col in range(4):
                self.view.resizeColumnToContents(col)
            self.view.resizeRowsToContents()
            self.outcomes = rows
            ok = sum(1 for r in self.previewed.values() if r is not None)
            self.import_button.setEnabled(dry_run and ok > 0)
            self.held_button.setVisible(bool(self.held))
            if dry_run:
                self.info.setText(tr("Xem trước xong: {valid} tệp hợp lệ, {other} tệp bị từ chối hoặc đã nhập. "
                                     "Bấm “Nhập các tệp hợp lệ” để ghi vào dữ liệu của Sở.").format(
                    valid=ok, other=len(results) - ok))
            else:
                self.info.setText(tr("Đã nhập xong. Biên nhận gửi lại các xã được lưu trong thư mục {folder}.").format(
                    folder=receipts_dir) if receipts_dir else tr("Đã nhập xong."))
                page = w.extra_pages.get("province")
                if page is not None:
                    page.refresh()

        def failed(exc: Exception) -> None:
            progress.close()
            self.passphrase = None  # a wrong passphrase is asked again next time
            prompts.error(self, tr("Lỗi khi nhập"), _error_text(exc))

        task_holder["task"] = run_task(work, done, failed, on_progress)


def open_import_dialog(window, files: list[Path] | None = None) -> ImportDialog | None:
    if files is None:
        names, _ = QFileDialog.getOpenFileNames(window, tr("Chọn các tệp dữ liệu của xã, phường"), str(Path.home()),
                                                tr("Tệp dữ liệu thi đua (*.tdkt);;Mọi tệp (*)"))
        files = [Path(n) for n in names]
    if not files:
        return None
    dlg = ImportDialog(window, files)
    dlg.receipts_dir = window.paths.data_dir / "bien-nhan"
    dlg.open()
    return dlg


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
    from desktop.bundle import province
    from desktop.bundle.inputs import read_input_file

    if path is None:
        name, _ = QFileDialog.getOpenFileName(window, tr("Chọn tệp đăng ký khóa của xã, phường"), str(Path.home()),
                                              tr("Tệp JSON (*.json);;Mọi tệp (*)"))
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


def _refresh_province_page(window) -> None:
    page = window.extra_pages.get("province")
    if page is not None:
        page.refresh()


def save_resume(window, code: str, target: Path | None = None) -> Path | None:
    """The signed resume point for the commune's key in use, kept under diem-noi-tiep/ in the data folder."""
    from desktop.bundle import province
    from desktop.bundle.commune import write_verified

    try:
        data = province.resume_statement(window.db, window.paths, code)
        key = json.loads(data)["key_id"]
        target = target or window.paths.data_dir / "diem-noi-tiep" / f"DiemNoiTiep_{code}_{key[:8]}.json"
        write_verified(target, data)
    except UserError as exc:
        prompts.error(window, tr("Chưa tạo được điểm nối tiếp"), exc.message)
        return None
    return target


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
        geo = window.screen().availableGeometry() if window.screen() else None
        self.resize(min(900, geo.width() - 40) if geo else 900, min(420, geo.height() - 40) if geo else 420)
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
        from desktop.bundle import province

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
        from desktop.bundle import province

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
                           tr("Đã lưu {file}. Gửi tệp này cho xã để nhập (Gửi dữ liệu → Nhập biên nhận của Sở…).")
                           .format(file=saved))
        return saved


def open_key_history(window, code: str) -> KeyHistoryDialog:
    dlg = KeyHistoryDialog(window, code)
    dlg.open()
    return dlg


def save_public_key(window) -> None:
    from desktop.bundle import province

    name, _ = QFileDialog.getSaveFileName(window, tr("Lưu tệp khóa công khai của Sở"),
                                          str(Path.home() / "KhoaCongKhai_SoNoiVu_BacNinh.json"),
                                          tr("Tệp JSON (*.json)"))
    if name:
        Path(name).write_bytes(province.public_key_file(window.paths))
        prompts.inform(window, tr("Đã lưu"), tr("Đã lưu {file}. Gửi tệp này cho các xã, phường.").format(file=name))


# =========================================================================== install


def install(window) -> None:
    if getattr(window, "is_province", False):
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
