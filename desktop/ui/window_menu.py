"""The main window's own menus (Tệp, Trợ giúp) and its About box: a view; the window says what each
entry does. Extensions add their menus between the two (Help stays last)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox

from desktop import __version__
from desktop.shared.paths import Paths
from desktop.ui.i18n import tr


class WindowMenu:
    """The File and Help menus of ``window``. The entries that need a database (backup, restore, the
    officer) stay disabled until one is attached (``set_workspace``)."""

    def __init__(self, window: QMainWindow, *, backup_now: Callable[[], None], restore: Callable[[], None],
                 ask_officer: Callable[[], None], settings: Callable[[], None], about: Callable[[], None],
                 bug_report: Callable[[], None]):
        bar = window.menuBar()
        file_menu = bar.addMenu(tr("&Tệp"))
        self.backup = QAction(tr("Sao lưu ngay"), window)
        # triggered(bool) would land in `reason`: "unknown backup reason False" for every officer
        self.backup.triggered.connect(lambda _checked=False: backup_now())
        file_menu.addAction(self.backup)
        self.restore = QAction(tr("Khôi phục từ bản sao lưu…"), window)
        self.restore.triggered.connect(lambda _checked=False: restore())
        file_menu.addAction(self.restore)
        # the province on its SQLite file only: copy it to a PostgreSQL server (desktop.ui.province_move_dialog)
        self.move = QAction(tr("Chuyển dữ liệu lên máy chủ PostgreSQL…"), window)
        self.move.triggered.connect(lambda _checked=False: self._open_move(window))
        self.move.setVisible(False)
        self.move_dialog: QDialog | None = None
        file_menu.addAction(self.move)
        file_menu.addSeparator()
        self.officer = QAction(tr("Đổi cán bộ phụ trách…"), window)
        self.officer.triggered.connect(lambda _checked=False: ask_officer())
        file_menu.addAction(self.officer)
        for action in (self.backup, self.restore, self.officer):
            action.setEnabled(False)  # until a database is attached
        file_menu.addSeparator()
        self.settings = QAction(tr("Cài đặt…"), window)
        self.settings.triggered.connect(lambda _checked=False: settings())
        file_menu.addAction(self.settings)
        file_menu.addSeparator()
        quit_action = QAction(tr("Thoát"), window)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # StandardKey.Quit has no binding on Windows
        quit_action.triggered.connect(window.close)
        file_menu.addAction(quit_action)
        self.help_menu: QMenu = bar.addMenu(tr("Trợ &giúp"))
        about_action = QAction(tr("Giới thiệu"), window)
        about_action.triggered.connect(lambda _checked=False: about())
        self.help_menu.addAction(about_action)
        self.bug_report = QAction(tr("Gửi báo lỗi…"), window)  # logs and facts, never personal data
        self.bug_report.triggered.connect(lambda _checked=False: bug_report())
        self.help_menu.addAction(self.bug_report)

    def set_workspace(self, on_server: bool, province: bool = False) -> None:
        """A database is attached; backups and restores of a server database are the server's."""
        for action in (self.backup, self.restore):
            action.setEnabled(not on_server)
        self.officer.setEnabled(True)
        self.move.setVisible(province and not on_server)

    def _open_move(self, window: QMainWindow) -> None:
        from desktop.ui.province_move_dialog import open_move_dialog

        self.move_dialog = open_move_dialog(window)


def show_about(window: QMainWindow, paths: Paths) -> None:
    box = QMessageBox(window)
    box.setWindowTitle(tr("Giới thiệu"))
    box.setIconPixmap(window.windowIcon().pixmap(64, 64))
    box.setText(tr(
        "<b>Phần mềm quản lý phong trào thi đua yêu nước</b><br>Dành cho các xã, phường tỉnh Bắc Ninh<br>"
        "Phiên bản {version}<br><br>Dữ liệu lưu tại: {folder}").format(version=__version__, folder=paths.data_dir))
    box.addButton(tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
