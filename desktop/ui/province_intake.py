"""Receiving data at the province (the clerk's side of the exchange): the submission board, importing
many files (preview, held files, receipts), enrolling communes' keys after the fingerprint check,
each commune's key history with revocation and resume points, and reprinting receipts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bundle.batch import REASON_LABELS
from desktop.core.errors import UserError
from desktop.core.labels import KIND_LABELS
from desktop.ui import prompts
from desktop.ui.bundle_ui import _error_text, _local, _preview, _RowsModel, _table
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.tasks import run_task


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
        from desktop.bundle.batch import pending_refusals
        from desktop.core.units import bac_ninh_units

        data = province.stats(self.window_.db)
        refused = pending_refusals(self.window_.db)  # a refused file is not "sent nothing"
        rows, colors = [], []
        sent = 0
        for u in bac_ninh_units():
            st = data.get(u.code, {})
            seq = st.get("last_sequence") or 0
            sent += 1 if seq else 0
            imported = st.get("imported_at")
            when = _local(dt.datetime.fromisoformat(imported)) if imported else ""
            last = tr("Số {sequence}").format(sequence=seq) if seq else tr("Chưa nộp")
            r = refused.get(u.code)
            if r is not None:
                reason = tr(r.label) if r.code in REASON_LABELS else r.label
                last = (tr("Số {sequence}; tệp gửi sau bị từ chối: {reason}").format(sequence=seq, reason=reason)
                        if seq else tr("Đã gửi, bị từ chối: {reason}").format(reason=reason))
            rows.append((u.code, u.name, tr("Đã đăng ký") if st.get("enrolled") else tr("Chưa"), last,
                         st.get("period") or "", when,
                         sum(st.get("counts", {}).values()) or ""))
            colors.append("#8a5a00" if r is not None else None if seq else "#b00020")
        self.model.set_rows(rows, colors)
        self.view.resizeColumnsToContents()
        refused_only = sum(1 for code in refused if not (data.get(code, {}).get("last_sequence") or 0))
        self.summary.setText(tr("Đã nhận dữ liệu của {sent}/99 đơn vị; còn {missing} đơn vị chưa nộp (tô đỏ).").format(
            sent=sent, missing=99 - sent - refused_only) + (" " + tr("{count} đơn vị có tệp bị từ chối (tô nâu).").format(
                count=len(refused)) if refused else ""))


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
            from desktop.bundle.batch import run_batch
            from desktop.bundle.keys import AgeIdentity

            identity = AgeIdentity.load(province.keys_dir(paths) / province.IDENTITY_FILE, phrase)
            signer = None if dry_run else province.signing_key(paths, phrase)
            # the engine takes a commune's files in sequence order, judges each (preview) against the
            # database plus the files before it, records every attempt and stops cleanly on a full disk
            batch = run_batch(db, paths, files, identity=identity, signer=signer, dry_run=dry_run,
                              confirmed=confirmed, receipts_dir=None if dry_run else receipts_dir,
                              source="window", progress=report, cancelled=cancelled)
            task_holder["report"] = batch
            out = []
            for o in batch.outcomes:
                if o.status == "held":
                    held_digests[o.path] = o.sha256  # a confirmation holds for these bytes, not for a path
                if o.result is None:
                    out.append((o.path, None, o.message, "not_done" if o.status == "not_done" else o.code))
                    continue
                note = tr("Chưa ghi được biên nhận: {reason}").format(reason=o.receipt_problem) if o.receipt_problem else None
                out.append((o.path, o.result, note, ""))
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
                    verdict = {"held": tr("GIỮ LẠI"), "not_done": tr("CHƯA NHẬP"), "same_file": tr("BỎ QUA")}
                    rows.append((f.name, "", "", verdict.get(code, tr("TỪ CHỐI")), err))
                    colors.append("#8a5a00" if code in ("held", "not_done") else "#555555" if code == "same_file"
                                  else "#b00020")
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
            report = task_holder.get("report")
            if report is not None and report.disk_full:  # what was imported and what was not, plainly
                lines = report.summary_lines()
                self.info.setText("\n".join(lines))
                prompts.error(self, tr("Ổ đĩa đầy"), "\n\n".join(lines))
            elif not dry_run:
                self.info.setText(tr("Đã nhập xong. Biên nhận gửi lại các xã được lưu trong thư mục {folder}.").format(
                    folder=receipts_dir) if receipts_dir else tr("Đã nhập xong."))
            page = w.extra_pages.get("province")  # refused files are on the board, a preview's too
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
