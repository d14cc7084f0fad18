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
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app.batch import REASON_LABELS
from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.app.received import vn_text as _local  # every time at the province in Vietnam time
from desktop.ui.bundle_ui import _error_text, _preview, _RowsModel, _table
from desktop.ui.import_results import (
    COL_COMMUNE,
    COL_DETAIL,
    COL_FILE,
    COL_PERIOD,
    COL_RECORDS,
    COL_RESULT,
    COL_SEQUENCE,
    ElideMiddle,
    ImportResultsModel,
    RefusedFilter,
    not_done,
    outcome,
    summary,
    unchecked,
)
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import run_task


def ask_province_passphrase(parent, paths, why: str = "") -> str | None | bool:
    """The passphrase of the province's keys when the first-run wizard protected them with one (None
    when they are protected by this PC's account; False when the clerk cancelled)."""
    from desktop.app import province

    if province.identity_protection(paths) != "passphrase":
        return None
    text, ok = QInputDialog.getText(parent, tr("Mật khẩu khóa của Sở"),
                                    why or tr("Nhập mật khẩu bảo vệ khóa của Sở:"), QLineEdit.EchoMode.Password)
    return text if ok else False


def reprint_receipt(window, code: str) -> Path | None:
    """In lại biên nhận: the signed receipt of one of the commune's accepted files made again (into
    bien-nhan/, to send to the commune) and its printable copy in the preview."""
    from desktop.app import province
    from desktop.cli.exchange import write_receipt

    last = int(province.stats(window.db).get(code, {}).get("last_sequence") or 0)
    if not last:
        prompts.inform(window, tr("In lại biên nhận"), tr("Sở chưa nhận tệp nào của đơn vị này."))
        return None
    seq, ok = QInputDialog.getInt(window, tr("In lại biên nhận"), tr("Biên nhận của tệp số:"), last, 1, last)
    if not ok:
        return None
    phrase = ask_province_passphrase(window, window.paths, tr("Biên nhận được ký bằng khóa của Sở. Nhập mật khẩu bảo vệ khóa "
                                                "của Sở:"))
    if phrase is False:
        return None
    try:
        data = province.reissue_receipt(window.db, window.paths, code, seq, passphrase=phrase)
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
               QT_TR_NOOP("Kỳ"), QT_TR_NOOP("Xã gửi lúc (giờ Việt Nam)"), QT_TR_NOOP("Số bản ghi"),
               QT_TR_NOOP("Tình hình nộp kỳ đang xem"))


STATUS_LABELS = {"on_time": QT_TR_NOOP("Đúng hạn"), "late": QT_TR_NOOP("Nộp muộn"), "missing": QT_TR_NOOP("Chưa nộp"),
                 "overdue": QT_TR_NOOP("Quá hạn, chưa nộp"), "refused": QT_TR_NOOP("Đã gửi, bị từ chối")}
STATUS_COLORS = {"on_time": None, "late": "#b35c00", "missing": "#b00020", "overdue": "#b00020", "refused": "#8a5a00"}


class ProvincePage(QWidget):
    """The submission board: the 99 units, who has sent what. Who has sent for a period, and whether on
    time, is desktop.app.received's one definition (the same as the Tổng hợp page and the headless
    ``province view board``), every time in Vietnam time."""

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        lay = QVBoxLayout(self)
        title = QLabel(tr("Tiếp nhận dữ liệu các xã, phường"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        lay.addWidget(title)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Kỳ:")))
        self.period = QComboBox()
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top.addWidget(self.period)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        lay.addLayout(top)
        row = QHBoxLayout()
        self.import_button = QPushButton(tr("Nhập tệp của các xã…"))
        self.enrol_button = QPushButton(tr("Đăng ký khóa của xã…"))
        self.key_button = QPushButton(tr("Lưu tệp khóa công khai của Sở…"))
        self.keys_button = QPushButton(tr("Khóa của xã đang chọn…"))
        self.receipt_button = QPushButton(tr("In lại biên nhận…"))
        self.post_button = QPushButton(tr("Ngày nhận qua bưu điện…"))
        self.post_button.setToolTip(tr("Ghi ngày Sở nhận tệp gửi qua bưu điện (theo dấu bưu điện hoặc sổ công văn "
                                       "đến) cho xã đang chọn: ngày này thay ngày xã ký trong tệp khi xét hạn nộp."))
        for b in (self.import_button, self.enrol_button, self.key_button, self.keys_button, self.receipt_button,
                  self.post_button):
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
        self.post_button.clicked.connect(self.enter_received_date)
        self.view.doubleClicked.connect(lambda _i: self.open_keys())
        self.period.activated.connect(lambda _i: self.refresh())

    def selected_code(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return str(self.model.rows[rows[0].row()][0]) if rows else None

    def reprint_receipt(self) -> Path | None:
        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("In lại biên nhận"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return None
        return reprint_receipt(self.window_, code)

    def enter_received_date(self) -> bool:
        from desktop.ui.received_dialog import enter_received_date

        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("Ngày nhận qua bưu điện"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return False
        if enter_received_date(self, self.window_.db, code):
            _refresh_views(self.window_)
            return True
        return False

    def open_keys(self) -> KeyHistoryDialog | None:
        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("Khóa của xã"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return None
        return open_key_history(self.window_, code)

    def _fill_periods(self, db) -> str:
        from desktop.app import received
        from desktop.app.periods import default_deadline, period_name

        chosen = self.period.currentData()
        periods = received.held_periods(db)
        now = received.current_period()
        if now not in periods:
            periods = sorted(periods + [now], key=default_deadline, reverse=True)
        if chosen not in periods:
            chosen = received.board_period(db)
        self.period.blockSignals(True)
        self.period.clear()
        for p in periods:
            self.period.addItem(period_name(p), p)
        self.period.setCurrentIndex(periods.index(chosen))
        self.period.blockSignals(False)
        return chosen

    def refresh(self) -> None:
        from desktop.app import province_views as consolidate
        from desktop.app import province
        from desktop.app import received
        from desktop.app.batch import pending_refusals
        from desktop.core.units import bac_ninh_units

        db = self.window_.db
        data = province.stats(db)
        period = self._fill_periods(db)
        board = consolidate.board(db, period)
        per = {u["code"]: u for u in board.data["units"]}
        latest = {f.commune_code: f for f in received.file_times(db)}  # in sequence order: the last stays
        refused = pending_refusals(db, period)  # a refused file is not "sent nothing"; the period shown
        rows, colors = [], []
        for u in bac_ninh_units():
            st = data.get(u.code, {})
            seq = st.get("last_sequence") or 0
            f = latest.get(u.code)
            status = per[u.code]["status"]
            last = tr("Số {sequence}").format(sequence=seq) if seq else tr("Chưa nộp")
            r = refused.get(u.code)
            if r is not None:
                reason = tr(r.label) if r.code in REASON_LABELS else r.label
                last = (tr("Số {sequence}; tệp gửi sau bị từ chối: {reason}").format(sequence=seq, reason=reason)
                        if seq else tr("Đã gửi, bị từ chối: {reason}").format(reason=reason))
            rows.append((u.code, u.name, tr("Đã đăng ký") if st.get("enrolled") else tr("Chưa"), last,
                         st.get("period") or "", received.vn_text(f.sent_at) if f else "",
                         sum(st.get("counts", {}).values()) or "", tr(STATUS_LABELS[status])))
            colors.append("#8a5a00" if r is not None else STATUS_COLORS[status])
        self.model.set_rows(rows, colors)
        self.view.resizeColumnsToContents()
        counts = board.data["counts"]
        sent = board.data["sent"]
        self.summary.setText(tr("Hạn nộp {deadline}: đã nhận dữ liệu của {sent}/99 đơn vị (đúng hạn {on_time}, muộn "
                                "{late}); còn {missing} đơn vị chưa nộp (tô đỏ). Ngày nộp là ngày xã gửi tệp, giờ Việt "
                                "Nam.").format(
            deadline=dt.date.fromisoformat(board.data["deadline"]).strftime("%d/%m/%Y"), sent=sent,
            on_time=counts.get("on_time", 0), late=counts.get("late", 0),
            missing=counts.get("missing", 0) + counts.get("overdue", 0))
            + (" " + tr("{count} đơn vị có tệp bị từ chối (tô nâu).").format(count=len(refused)) if refused else ""))


def _refresh_views(window) -> None:
    """The intake board and the Tổng hợp page after something changed what was received."""
    for key in ("province", "consolidated"):
        page = window.extra_pages.get(key)
        if page is not None:
            page.refresh()


class ImportDialog(QDialog):
    """Many files at once: preview (dry run) first, then import what passed, all off the GUI thread. The
    dialog is not modal: the window stays usable while a batch runs; progress and "Dừng" are in the
    dialog, and files not reached after "Dừng" stay listed as not imported."""

    def __init__(self, window, files: list[Path], parent=None):
        super().__init__(parent or window)
        self.window_ = window
        # each file once, in the order picked (the same file picked twice, or by two spellings of its path)
        self.files: list[Path] = []
        seen: set[Path] = set()
        for f in files:
            if Path(f).resolve() not in seen:
                seen.add(Path(f).resolve())
                self.files.append(Path(f))
        self.previewed: dict[Path, Any] = {}
        self.setWindowTitle(tr("Nhập tệp dữ liệu của các xã, phường"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        fit_to_screen(self, 1340, 760)
        lay = QVBoxLayout(self)
        self.info = QLabel(tr("{count} tệp đã chọn. Bước 1: xem trước (kiểm tra chữ ký, chuỗi tệp, nội dung; "
                              "chưa ghi gì). Bước 2: nhập các tệp hợp lệ.").format(count=len(self.files)))
        self.info.setWordWrap(True)
        self.info.setMinimumHeight(self.info.fontMetrics().lineSpacing() * 3)  # the summary names the receipts folder: room for it, no jump
        lay.addWidget(self.info)
        bar = QHBoxLayout()
        self.only_refused = QCheckBox(tr("Chỉ tệp bị từ chối"))
        self.only_refused.toggled.connect(lambda on: self.filter.set_only_refused(on))
        bar.addWidget(self.only_refused)
        bar.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat(tr("%v/%m tệp"))
        self.progress.setVisible(False)
        bar.addWidget(self.progress)
        self.stop_button = QPushButton(tr("Dừng"))
        self.stop_button.setToolTip(tr("Dừng sau tệp đang xử lý; các tệp còn lại giữ trong danh sách, chưa nhập."))
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self.stop)
        bar.addWidget(self.stop_button)
        lay.addLayout(bar)
        self.model = ImportResultsModel(self)
        self.filter = RefusedFilter(self)
        self.filter.setSourceModel(self.model)
        self.view = _table(self.filter)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setItemDelegateForColumn(COL_FILE, ElideMiddle(self.view))
        # the batch's order (one commune's files in sequence) until the clerk sorts by a column
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        # shares of the dialog's width (the reason takes the rest), so every column shows on a small screen
        for col, share in ((COL_FILE, 0.21), (COL_COMMUNE, 0.15), (COL_SEQUENCE, 0.04), (COL_RESULT, 0.125),
                           (COL_PERIOD, 0.055), (COL_RECORDS, 0.07)):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            least = header.fontMetrics().horizontalAdvance(title) + 24  # the column's title stays whole
            self.view.setColumnWidth(col, max(int(self.width() * share), least))
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        self.preview_button = buttons.addButton(tr("Xem trước"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton(tr("Nhập các tệp hợp lệ"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.held_button = buttons.addButton(tr("Xác nhận nhập tệp bị giữ…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.held_button.setVisible(False)
        self.held_button.clicked.connect(self.confirm_held)
        self.close_button = buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
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
        self.task = None                      # the batch running off the GUI thread
        self.stopped = False
        self._close_when_done = False
        self._rows: dict[Path, tuple[tuple, str | None, str]] = {}  # the latest row of each file
        self._show([unchecked(f) for f in self.files])

    def _show(self, rows: list[tuple[tuple, str | None, str]]) -> None:
        self.model.set_outcomes([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
        self.outcomes = [r[0] for r in rows]

    def running(self) -> bool:
        return self.task is not None

    def stop(self) -> None:
        """"Dừng": the file being checked or imported finishes (each is one transaction), no other starts."""
        if self.task is not None:
            self.stopped = True
            self.task.cancel()
            self.stop_button.setEnabled(False)
            self.stop_button.setText(tr("Đang dừng…"))

    def reject(self) -> None:
        if self.task is not None:  # closing while a batch runs: stop it, close when the current file is done
            self._close_when_done = True
            self.stop()
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.task is not None:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def _set_running(self, on: bool, total: int = 0) -> None:
        for b in (self.preview_button, self.import_button, self.held_button):
            b.setEnabled(not on and b is not self.import_button)
        self.progress.setVisible(on)
        self.stop_button.setVisible(on)
        self.stop_button.setEnabled(on)
        self.stop_button.setText(tr("Dừng"))
        if on:
            self.progress.setRange(0, total)
            self.progress.setValue(0)

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
        from desktop.app import province

        if self.task is not None:
            return
        w = self.window_
        db, paths = w.db, w.paths
        if self.passphrase is None:
            # asked once for the whole batch (both passes); the keys are unlocked once, not per file
            text = ask_province_passphrase(self, paths, tr("Nhập mật khẩu bảo vệ khóa của Sở (hỏi một lần cho cả đợt "
                                                    "nhập):"))
            if text is False:
                return
            self.passphrase = text
        phrase = self.passphrase or None
        files = self.files if dry_run else [f for f, r in self.previewed.items() if r is not None]
        receipts_dir = self.receipts_dir
        confirmed = set(self.confirmed_held)
        held_digests: dict[Path, str] = {}
        self.held_digests = held_digests
        out: list[tuple] = []  # filled by the worker, read by the GUI thread as each file is done
        before = dict(self._rows)
        self.stopped = False
        self._set_running(True, len(files))
        self.info.setText(tr("Đang kiểm tra các tệp…") if dry_run else tr("Đang nhập các tệp…"))

        holder: dict[str, Any] = {}

        def work(report, cancelled):
            from desktop.app.batch import run_batch
            from desktop.bundle.keys import AgeIdentity

            identity = AgeIdentity.load(province.keys_dir(paths) / province.IDENTITY_FILE, phrase)
            signer = None if dry_run else province.signing_key(paths, phrase)

            def on_outcome(o) -> None:  # on the worker thread, as each file is done
                if o.status == "held":
                    held_digests[o.path] = o.sha256  # a confirmation holds for these bytes, not for a path
                if o.status == "not_done":
                    return  # shown as not reached (stopped, or after a full disk)
                if o.result is None:
                    out.append((o.path, None, o.message, o.code))
                    return
                note = (tr("Chưa ghi được biên nhận: {reason}").format(reason=o.receipt_problem)
                        if o.receipt_problem else None)
                out.append((o.path, o.result, note, ""))

            # the engine takes a commune's files in sequence order, judges each (preview) against the
            # database plus the files before it, records every attempt and stops cleanly on a full disk
            batch = run_batch(db, paths, files, identity=identity, signer=signer, dry_run=dry_run,
                              confirmed=confirmed, receipts_dir=None if dry_run else receipts_dir,
                              source="window", progress=report, cancelled=cancelled, on_outcome=on_outcome)
            holder["report"] = batch
            return list(out)

        def render(results, finished: bool) -> None:
            """Every file of the batch: those done with their outcome, those of the pass not reached as
            waiting (or, once finished, as stopped), those outside the pass (refused or already imported
            at the preview) as the preview left them."""
            done_rows = {f: outcome(f, r, err, code, dry_run) for f, r, err, code in results}
            rows = []
            for f in self.files:
                if f in done_rows:
                    rows.append(done_rows[f])
                elif f in files:
                    prev = before.get(f)
                    rows.append(not_done(f, dry_run, finished, prev[0] if prev and not dry_run else None))
                else:
                    rows.append(before.get(f) or not_done(f, dry_run, finished))
            self._rows = {f: r for f, r in zip(self.files, rows)}
            self._show(rows)

        def on_progress(done: int, total: int) -> None:
            self.progress.setValue(done)
            render(list(out[:done]), False)

        def done(results) -> None:
            self.task = None
            stopped = len(results) < len(files)
            self.stopped = stopped
            self._set_running(False)
            if dry_run:
                self.previewed = {}
            self.held = [f for f, r, _e, code in results if r is None and code == "held"] if dry_run else []
            if dry_run:
                for f, r, _err, _code in results:
                    self.previewed[f] = r if r is not None and r.status != "duplicate" else None
            # list the files in the order the engine took them (a commune's files by sequence number),
            # each in one of the places the files of the pass had
            taken = [f for f, *_rest in results if f in self.files]
            places = sorted(self.files.index(f) for f in taken)
            for place, f in zip(places, taken):
                self.files[place] = f
            render(results, True)
            ok = sum(1 for r in self.previewed.values() if r is not None)
            self.import_button.setEnabled(dry_run and ok > 0 and not stopped)
            self.held_button.setVisible(bool(self.held))
            self.held_button.setEnabled(bool(self.held))
            self.info.setText(summary(self.model.states, dry_run, stopped, receipts_dir))
            report = holder.get("report")
            if report is not None and report.disk_full:  # what was imported and what was not, plainly
                lines = report.summary_lines()
                self.info.setText("\n".join(lines))
                prompts.error(self, tr("Ổ đĩa đầy"), "\n\n".join(lines))
            _refresh_views(w)  # refused files are on the board, a preview's too
            if self._close_when_done:
                super(ImportDialog, self).reject()

        def failed(exc: Exception) -> None:
            self.task = None
            self._set_running(False)
            self.import_button.setEnabled(False)
            self.passphrase = None  # a wrong passphrase is asked again next time
            render(list(out), True)
            self.info.setText(summary(self.model.states, dry_run, True, receipts_dir))
            prompts.error(self, tr("Lỗi khi nhập"), _error_text(exc))
            if self._close_when_done:
                super(ImportDialog, self).reject()

        self.task = run_task(work, done, failed, on_progress, owner=self,
                             workspace=None if dry_run else "import")


def open_import_dialog(window, files: list[Path] | None = None) -> ImportDialog | None:
    if files is None:
        from desktop.ui import file_dialogs

        files = file_dialogs.open_files(window, file_dialogs.DATA_FILES, tr("Chọn các tệp dữ liệu của xã, phường"),
                                        tr("Tệp dữ liệu thi đua (*.tdkt);;Mọi tệp (*)"))
    if not files:
        return None
    dlg = ImportDialog(window, files)
    dlg.receipts_dir = window.paths.data_dir / "bien-nhan"
    dlg.show()  # not modal: the window stays usable while a batch runs
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
    from desktop.app import province
    from desktop.app.inputs import read_input_file

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


def _refresh_province_page(window) -> None:
    page = window.extra_pages.get("province")
    if page is not None:
        page.refresh()


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
                           tr("Đã lưu {file}. Gửi tệp này cho xã để nhập (Gửi dữ liệu → Nhập biên nhận của Sở…).")
                           .format(file=saved))
        return saved


def open_key_history(window, code: str) -> KeyHistoryDialog:
    dlg = KeyHistoryDialog(window, code)
    dlg.open()
    return dlg


def save_public_key(window) -> None:
    from desktop.app import province

    from desktop.ui import file_dialogs

    chosen = file_dialogs.save_file(window, file_dialogs.KEY_FILE, tr("Lưu tệp khóa công khai của Sở"),
                                    "KhoaCongKhai_SoNoiVu_BacNinh.json", tr("Tệp JSON (*.json)"))
    name = str(chosen) if chosen else ""
    if name:
        Path(name).write_bytes(province.public_key_file(window.paths))
        prompts.inform(window, tr("Đã lưu"), tr("Đã lưu {file}. Gửi tệp này cho các xã, phường.").format(file=name))
