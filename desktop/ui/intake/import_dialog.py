"""Importing many communes' files at once: preview, held files, import, off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop.ui import prompts
from desktop.ui.bundle_ui import _error_text, _table
from desktop.ui.i18n import tr
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
from desktop.ui.intake.common import _refresh_views, ask_province_passphrase
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import run_task


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

    def _render(self, results, finished: bool, files: list[Path], before: dict, dry_run: bool) -> None:
        """Every file of the batch: those done with their outcome, those of the pass (``files``) not
        reached as waiting (or, once finished, as stopped), those outside the pass (refused or already
        imported at the preview) as the preview left them (``before``)."""
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

    def run(self, dry_run: bool) -> None:
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
        work = _batch_work(db, paths, files, phrase, dry_run, confirmed, receipts_dir, held_digests, out, holder)

        def render(results, finished: bool) -> None:
            self._render(results, finished, files, before, dry_run)

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


def _batch_work(db, paths, files: list[Path], phrase, dry_run: bool, confirmed: set[str], receipts_dir,
                held_digests: dict[Path, str], out: list[tuple], holder: dict[str, Any]):
    """The batch of ImportDialog.run on the worker thread: each file's outcome appended to ``out`` as it
    is done (read by the GUI thread), the digests of held files into ``held_digests``, the engine's
    report into ``holder["report"]``."""
    from desktop.app import province

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

    return work


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

