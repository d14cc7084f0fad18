"""Dialogs around the database file: a refused file at start (with restore from a backup), and the
backup list for restoring while the app runs. Restores run off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QProgressDialog,
    QVBoxLayout,
)

from desktop.app.workspace import restore_backup
from desktop.shared.paths import Paths
from desktop.store.backup import BackupInfo, list_backups
from desktop.store.errors import StorageError
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.models import Index as _Index
from desktop.ui.screen import fit_to_screen
from desktop.ui.tasks import failure_message, run_task


def _local_date(utc_iso: str | None) -> str:
    """A UTC time from the exchange state on the PC's clock, the clock of the backups' names."""
    from desktop.bundle.container import parse_time

    t = parse_time(utc_iso) if utc_iso else None
    return "?" if t is None else t.astimezone().strftime("%d/%m/%Y %H:%M")


class BackupListModel(QAbstractListModel):
    def __init__(self, items: list[BackupInfo], parent=None):
        super().__init__(parent)
        self._items = items

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        b = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            size = f"{b.size / 1024 / 1024:.1f} MB" if b.size >= 1024 * 1024 else f"{b.size // 1024} KB"
            return f"{b.created:%d/%m/%Y %H:%M:%S} – {tr(b.reason_label)} – {size}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(b.path)
        return None

    def backup_at(self, row: int) -> BackupInfo | None:
        return self._items[row] if 0 <= row < len(self._items) else None


class RestoreDialog(QDialog):
    """Choose a backup and restore it. ``problem`` is the refusal that brought us here, if any."""

    def __init__(self, paths: Paths, problem: StorageError | None = None, parent=None):
        super().__init__(parent)
        self.paths = paths
        self.restored_from: Path | None = None
        self.kept: Path | None = None
        self.setWindowTitle(tr("Khôi phục dữ liệu từ bản sao lưu") if problem is None
                            else tr("Không mở được tệp dữ liệu"))
        fit_to_screen(self, 640, 420)
        lay = QVBoxLayout(self)
        if problem is not None:
            msg = QLabel(problem.message)
            msg.setWordWrap(True)
            msg.setStyleSheet("color: #b00020;")
            lay.addWidget(msg)
        backups = list_backups(paths.backup_dir)
        self.model = BackupListModel(backups, self)
        info = QLabel(
            tr("Chọn một bản sao lưu để khôi phục. Dữ liệu hiện tại không bị ghi đè: nó được sao lưu "
               "(hoặc, nếu bị hỏng, được giữ nguyên ở tệp bên cạnh) trước khi khôi phục.")
            if backups else tr("Chưa có bản sao lưu nào trong thư mục {folder}.").format(folder=paths.backup_dir))
        info.setWordWrap(True)
        lay.addWidget(info)
        self.view = QListView()
        self.view.setModel(self.model)
        lay.addWidget(self.view, 1)
        # files sent to the province after the chosen backup was taken (desktop.app.exchange keeps
        # their numbers outside the database, so the restore does not reuse them)
        self.sent_warning = QLabel()
        self.sent_warning.setWordWrap(True)
        self.sent_warning.setStyleSheet("color: #8a5a00;")
        self.sent_warning.setVisible(False)
        lay.addWidget(self.sent_warning)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_sent_after())
        if backups:
            self.view.setCurrentIndex(self.model.index(0, 0))
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(tr("Khôi phục bản đã chọn"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        buttons.addButton(tr("Thoát") if problem is not None else tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.start_restore)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._progress: QProgressDialog | None = None

    def selected(self) -> BackupInfo | None:
        idx = self.view.currentIndex()
        return self.model.backup_at(idx.row()) if idx.isValid() else None

    def sent_after_text(self, chosen: BackupInfo | None) -> str:
        """The warning for the files sent to the province after ``chosen`` was taken ("" if none)."""
        if chosen is None or not self.paths.db_file.exists():
            return ""
        from desktop.app.exchange import sent_after

        files = sent_after(chosen.path, self.paths.db_file)
        if not files:
            return ""
        listed = "; ".join(tr("số {sequence} (xuất ngày {date})").format(
            sequence=e["sequence"], date=_local_date(e.get("created_at"))) for e in files)
        return tr("Sau thời điểm sao lưu này, máy đã xuất {count} tệp gửi Sở Nội vụ: {files}. Bản sao lưu không "
                  "có các tệp đó, nhưng phần mềm vẫn nhớ số thứ tự và mã băm của chúng (giữ ngoài tệp dữ liệu): "
                  "sau khi khôi phục, tệp gửi tiếp theo vẫn là số {next}, Sở Nội vụ nhận bình thường. Các hồ sơ "
                  "nhập sau thời điểm sao lưu sẽ không có trong tệp gửi tiếp theo.").format(
            count=len(files), files=listed, next=max(e["sequence"] for e in files) + 1)

    def _show_sent_after(self) -> None:
        text = self.sent_after_text(self.selected())
        self.sent_warning.setText(text)
        self.sent_warning.setVisible(bool(text))

    def start_restore(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        question = tr("Khôi phục dữ liệu về bản sao lưu lúc {time} ngày {date}?\n"
                      "Những gì nhập sau thời điểm đó sẽ không còn trong dữ liệu đang dùng "
                      "(dữ liệu hiện tại vẫn được giữ lại một bản).").format(
            time=f"{chosen.created:%H:%M}", date=f"{chosen.created:%d/%m/%Y}")
        sent = self.sent_after_text(chosen)
        if sent:
            question += "\n\n" + sent
        if not prompts.ask(self, tr("Khôi phục dữ liệu"), question,
                           yes=tr("Khôi phục"), no=tr("Hủy"), danger=True):
            return
        self._progress = QProgressDialog(tr("Đang khôi phục dữ liệu…"), "", 0, 0, self)
        self._progress.setCancelButton(None)
        self._progress.setWindowTitle(tr("Khôi phục"))
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.show()
        self.restore_button.setEnabled(False)
        run_task(lambda _p, _c: restore_backup(self.paths, chosen.path),
                 lambda kept: self._done(chosen.path, kept), self._failed, owner=self, workspace="restore")

    def _done(self, source: Path, kept: Path | None) -> None:
        if self._progress:
            self._progress.close()
        self.restored_from = source
        self.kept = kept
        self.accept()

    def _failed(self, exc: Exception) -> None:
        if self._progress:
            self._progress.close()
        self.restore_button.setEnabled(True)
        prompts.error(self, tr("Không khôi phục được"), failure_message(exc))
