"""Tệp → Chuyển dữ liệu lên máy chủ PostgreSQL…: the province's SQLite workspace copied to an empty
PostgreSQL database (desktop.app.province_move), off the GUI thread with progress and a cancel, then
the verification table and how to open the province on the server from now on.

The password has its own field and is never kept; only the address without it is remembered."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.shared.errors import UserError
from desktop.ui.i18n import tr
from desktop.ui.models import Column, ObjectTableModel
from desktop.ui.tasks import Task, run_change, show_failure

ADDRESS_KEY = "province_move/address"  # the address without its password


def _columns() -> list[Column]:
    return [Column(tr("Bảng"), lambda c: c.name),
            Column(tr("Số dòng (tệp)"), lambda c: c.source_rows),
            Column(tr("Số dòng (máy chủ)"), lambda c: c.target_rows),
            Column(tr("Mã băm nội dung"), lambda c: c.target_hash[:16]),
            Column(tr("Đối chiếu"), lambda c: tr("Khớp") if c.ok else tr("Khác"))]


class MoveDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.task: Task | None = None
        self.result_ = None
        self.setWindowTitle(tr("Chuyển dữ liệu lên máy chủ PostgreSQL"))
        lay = QVBoxLayout(self)
        hint = QLabel(tr("Chép toàn bộ dữ liệu của Sở từ tệp trên máy này sang một cơ sở dữ liệu PostgreSQL mới, trống "
                         "(cán bộ kỹ thuật tạo sẵn). Mọi bảng được đối chiếu số dòng và mã băm ở hai bên; có lỗi thì "
                         "không có gì được ghi. Tệp trên máy giữ nguyên."))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql://thidua@may-chu:5432/thidua")  # i18n: keep (an address form)
        self.url.setText(str(QSettings().value(ADDRESS_KEY, "") or ""))
        form.addRow(tr("Địa chỉ cơ sở dữ liệu:"), self.url)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("để trống nếu máy chủ không cần (hoặc dùng tệp .pgpass)"))
        form.addRow(tr("Mật khẩu:"), self.password)
        lay.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        lay.addWidget(self.progress)
        self.model = ObjectTableModel(self, _columns())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton(tr("Chuyển dữ liệu"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("Dừng"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(tr("Đóng"))
        self.close_button.clicked.connect(self.reject)
        for b in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.resize(760, 560)  # fits 1366x768 with the task bar

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self) -> None:
        from desktop.app import province_move

        try:
            url = province_move.server_url(self.url.text(), self.password.text())
        except UserError as exc:
            self.status.setText(exc.message)
            self.url.setFocus()
            return
        QSettings().setValue(ADDRESS_KEY, province_move.server_url(self.url.text()))  # without the password
        paths = self.window_.paths
        self.model.set_items([])
        self.status.setText(tr("Đang chuyển dữ liệu lên {address}…").format(address=province_move.address(url)))
        self._set_running(True)

        def work(progress, cancelled):
            return province_move.move_to(paths, url, progress, cancelled)

        self.task = run_change(work, self._done, owner=self, events=self.window_.events, kinds=(),
                               on_error=self._failed, on_progress=self._progress)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText(tr("Đang dừng… (dữ liệu chép dở sẽ được hủy)"))

    def _set_running(self, running: bool) -> None:
        for w in (self.url, self.password, self.start_button, self.close_button):
            w.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, result) -> None:
        self.task, self.result_ = None, result
        self._set_running(False)
        self.start_button.setEnabled(False)  # the target now holds the data: a second move would be refused
        self.password.clear()
        self.model.set_items(result.checks)
        self.status.setText(tr(
            "Đã chuyển {tables} bảng, {rows} dòng lên {address}; số dòng và mã băm từng bảng trùng khớp.\n"
            "Từ nay mở dữ liệu của Sở bằng lệnh: {command}\n(hoặc đặt biến môi trường DESKTOP_DB_URL bằng địa chỉ "
            "đó). Tệp trên máy này giữ nguyên nhưng không dùng tiếp: thay đổi ghi vào đó sẽ không có trên máy chủ.")
            .format(tables=len(result.checks), rows=result.rows, address=result.address,
                    command=result.open_command))

    def _failed(self, exc: Exception) -> None:
        from desktop.store.transfer import TransferCancelled, TransferMismatch

        self.task = None
        self._set_running(False)
        self.progress.setValue(0)
        if isinstance(exc, TransferMismatch):
            self.model.set_items(exc.checks)
        if isinstance(exc, TransferCancelled):
            self.status.setText(exc.message)
            return
        self.status.setText(exc.message if isinstance(exc, UserError) else "")
        show_failure(self, exc, tr("Không chuyển được dữ liệu"))

    def reject(self) -> None:
        if self.running:  # the copy goes on until it stops; closing now would leave it unseen
            self.cancel()
            return
        super().reject()


def open_move_dialog(window) -> MoveDialog:
    """Show the dialog (not modal: the window stays drawn); Qt deletes it once closed."""
    dialog = MoveDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
