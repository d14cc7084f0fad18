"""The main window: navigation between record kinds, an overview, backups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.shared.errors import UserError
from desktop.core.labels import KIND_LABELS, NAV_ORDER
from desktop.core.plan import Plan, default_plan
from desktop.shared.paths import Paths
from desktop.store.backup import latest_backup, make_backup
from desktop.ui import prompts
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.screen import fit_to_screen, keep_on_screen
from desktop.ui.tasks import busy_message, drop_callbacks, run_task, workspace_lock

if TYPE_CHECKING:  # the database layer (SQLAlchemy) is imported only once the frame is on screen
    from desktop.store.db import Database
    from desktop.ui.record_page import RecordPage

_Index = QModelIndex | QPersistentModelIndex


class TargetsModel(QAbstractTableModel):
    """The plan's 15 targets as the seed words them; flagged ones carry their note."""

    HEADERS = (QT_TR_NOOP("Số"), QT_TR_NOOP("Mục tiêu (nguyên văn kế hoạch)"), QT_TR_NOOP("Ghi chú"))

    def __init__(self, plan: Plan, parent=None):
        super().__init__(parent)
        self.plan = plan

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.plan.targets)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        t = self.plan.targets[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (f"({t.code})", t.text, ("⚠ " + t.note) if t.flagged else "")[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and t.flagged:
            return QColor("#8a5a00")
        return None


class OverviewPage(QWidget):
    def __init__(self, window: "MainWindow"):
        super().__init__()
        self.window_ = window
        lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        lay.addWidget(self.heading)
        self.subheading = QLabel()
        lay.addWidget(self.subheading)
        box = QGroupBox(tr("Số liệu đang quản lý"))
        self.counts_box = box
        self.grid = QGridLayout(box)
        self.count_labels: dict[str, QLabel] = {}
        for i, key in enumerate(NAV_ORDER):
            name = QLabel(tr(KIND_LABELS[key]))
            value = QLabel("0")
            value.setStyleSheet("font-weight: 600;")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(name, i % 5, (i // 5) * 2)
            self.grid.addWidget(value, i % 5, (i // 5) * 2 + 1)
            self.count_labels[key] = value
        self.grid.setColumnStretch(4, 1)
        self.grid.setHorizontalSpacing(24)
        lay.addWidget(box)
        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        lay.addWidget(self.backup_label)
        plan = default_plan()
        targets_box = QGroupBox(tr("Các mục tiêu cụ thể của tỉnh (Kế hoạch thi đua năm 2026, mục II.2.2) – {n} mục tiêu")
                                .format(n=len(plan.targets)))
        tl = QVBoxLayout(targets_box)
        self.targets_view = QTableView()
        self.targets_view.setModel(TargetsModel(plan, self))
        self.targets_view.setWordWrap(True)
        self.targets_view.verticalHeader().setVisible(False)
        hh = self.targets_view.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.targets_view.setColumnWidth(2, 260)
        self.targets_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        tl.addWidget(self.targets_view)
        lay.addWidget(targets_box, 1)

    def refresh(self) -> None:
        from desktop.core.records import counts

        w = self.window_
        if w.db is None:
            return
        ws = w.db.workspace()
        self.heading.setText(ws.unit_name if ws else "")
        self.subheading.setText(tr("Cán bộ phụ trách: {name}").format(name=ws.officer_name) if ws else "")
        for key, n in counts(w.db.session).items():
            self.count_labels[key].setText(f"{n:n}")
        if w.paths.db_url:
            from desktop.store.db import server_address

            self.backup_label.setText(tr("Dữ liệu nằm trên máy chủ cơ sở dữ liệu {address}; sao lưu bằng công cụ của máy "
                                         "chủ (ví dụ pg_dump).").format(address=server_address(w.paths.db_url)))
            return
        last = latest_backup(w.paths.backup_dir)
        self.backup_label.setText(
            tr("Bản sao lưu gần nhất: {time} ({reason}). Thư mục sao lưu: {folder}").format(
                time=tr("{hm} ngày {dmy}").format(hm=f"{last.created:%H:%M}", dmy=f"{last.created:%d/%m/%Y}"),
                reason=tr(last.reason_label), folder=w.paths.backup_dir)
            if last else tr("Chưa có bản sao lưu nào. Phần mềm tự sao lưu khi đóng; có thể sao lưu ngay trong menu Tệp."))


# Feature packages add their menus and pages: each module listed here has ``install(window)``,
# called once when a database is attached (window.db, window.records, window.paths are set then;
# window.menuBar() takes new menus; window.add_page(key, label, widget) adds a navigation entry).
UI_EXTENSIONS: tuple[str, ...] = ("desktop.ui.bundle_ui", "desktop.ui.reports_ui", "desktop.ui.review", "desktop.ui.province_ui")


class MainWindow(QMainWindow):
    """The frame is drawn first (cheap); ``attach`` then connects it to an opened database. ``ready``
    fires once the workspace is shown."""

    ready = Signal()

    def __init__(self, db: "Database | None", paths: Paths, parent=None):
        super().__init__(parent)
        self.db: Database | None = None
        self.paths = paths
        self.pages: dict[str, RecordPage] = {}
        self.extra_pages: dict[str, QWidget] = {}
        self._extensions_installed = False
        self._progress: QProgressDialog | None = None
        self._backups_pending = 0
        self.setWindowTitle(tr("Thi đua – Phần mềm quản lý phong trào thi đua"))
        fit_to_screen(self, 1200, 760, centre=True)  # a 1366x768 screen keeps the status line in view

        splitter = QSplitter()
        self.nav = QListWidget()
        self.nav.setMaximumWidth(240)
        self.nav.setMinimumWidth(200)  # else the splitter gives it its small size hint, cutting names short
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 6px; }")
        self.stack = QStackedWidget()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.loading = QLabel(tr("Đang mở dữ liệu…"))
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setStyleSheet("font-size: 14pt; color: #555;")
        self.stack.addWidget(self.loading)

        item = QListWidgetItem(tr("Tổng quan"))
        item.setData(Qt.ItemDataRole.UserRole, "overview")
        self.nav.addItem(item)
        for key in NAV_ORDER:
            it = QListWidgetItem(tr(KIND_LABELS[key]))
            it.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(it)
        self.nav.setEnabled(False)

        self._build_menu()
        self.status_info = QLabel()
        # The data path can be long (C:\Users\…\AppData\Local\…): the label may be cut short rather
        # than widen the window past a 1366-pixel screen; the whole line stays in its tooltip.
        self.status_info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_info.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.statusBar().addPermanentWidget(self.status_info, 1)
        geo = QSettings().value("main/geometry")
        if geo is not None and self.restoreGeometry(geo):
            keep_on_screen(self)  # saved on a larger screen, or half off this one
        if db is not None:
            self.attach(db)

    def attach(self, db: "Database") -> None:
        """Show the workspace of an opened database."""
        from desktop.core.records import Records

        self.db = db
        self._audit_mark = self._audit_count()
        ws = db.workspace()
        self.records = Records(db.session, ws.officer_name if ws else "")
        self.setWindowTitle(tr("Thi đua – {unit} – Phần mềm quản lý phong trào thi đua").format(unit=ws.unit_name if ws else ""))
        self.is_province = bool(ws and ws.kind == "province")
        self.overview = OverviewPage(self)
        self.stack.addWidget(self.overview)
        for i in range(1, len(NAV_ORDER) + 1):  # the province keeps no commune records of its own
            self.nav.item(i).setHidden(self.is_province)
        self.overview.counts_box.setVisible(not self.is_province)
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.nav.setEnabled(True)
        on_server = bool(self.paths.db_url)  # backups and restores of a server database are the server's
        for action in (self.backup_action, self.restore_action):
            action.setEnabled(not on_server)
        self.officer_action.setEnabled(True)
        self._update_status()
        if not self._extensions_installed:
            import importlib

            for name in UI_EXTENSIONS:
                importlib.import_module(name).install(self)
            self._extensions_installed = True
            bar = self.menuBar()  # extensions append their menus: Help goes back to the end, where people look for it
            bar.removeAction(self.help_menu.menuAction())
            bar.addAction(self.help_menu.menuAction())
        self.nav.setCurrentRow(0)
        self.overview.refresh()
        self.stack.setCurrentWidget(self.overview)
        self.ready.emit()

    def add_page(self, key: str, label: str, widget: QWidget) -> None:
        """A navigation entry for a feature page (built by an extension)."""
        it = QListWidgetItem(label)
        it.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(it)
        self.extra_pages[key] = widget
        self.stack.addWidget(widget)

    # ---- navigation ---------------------------------------------------------------------------
    def page(self, key: str) -> "RecordPage":
        """The page of a record kind, built on first use."""
        from desktop.ui.record_page import RecordPage

        page = self.pages.get(key)
        if page is None:
            page = RecordPage(self.records, key)
            page.changed.connect(self._record_changed)
            page.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.pages[key] = page
            self.stack.addWidget(page)
        return page

    def show_kind(self, key: str) -> "RecordPage | None":
        for i in range(self.nav.count()):
            if self.nav.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(i)
                break
        return self.pages.get(key)

    def _nav_changed(self, current: QListWidgetItem | None, _prev) -> None:
        if current is None:
            return
        key = current.data(Qt.ItemDataRole.UserRole)
        if key == "overview":
            self.overview.refresh()
            self.stack.setCurrentWidget(self.overview)
        elif key in self.extra_pages:
            widget = self.extra_pages[key]
            if hasattr(widget, "refresh"):
                widget.refresh()
            self.stack.setCurrentWidget(widget)
        else:
            self.stack.setCurrentWidget(self.page(key))

    def _record_changed(self, key: str) -> None:
        # references shown in other tables (unit names, subjects) may have changed
        for other_key, page in self.pages.items():
            if other_key != key:
                page.reload()

    # ---- menu ---------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&Tệp"))
        self.backup_action = QAction(tr("Sao lưu ngay"), self)
        # triggered(bool) would land in `reason`: "unknown backup reason False" for every officer
        self.backup_action.triggered.connect(lambda _checked=False: self.backup_now())
        file_menu.addAction(self.backup_action)
        self.restore_action = QAction(tr("Khôi phục từ bản sao lưu…"), self)
        self.restore_action.triggered.connect(self.restore_from_backup)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        self.officer_action = QAction(tr("Đổi cán bộ phụ trách…"), self)
        self.officer_action.triggered.connect(self.ask_officer)
        file_menu.addAction(self.officer_action)
        for action in (self.backup_action, self.restore_action, self.officer_action):
            action.setEnabled(False)  # until a database is attached
        file_menu.addSeparator()
        self.settings_action = QAction(tr("Cài đặt…"), self)
        self.settings_action.triggered.connect(self.show_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction(tr("Thoát"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # StandardKey.Quit has no binding on Windows
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.help_menu = self.menuBar().addMenu(tr("Trợ &giúp"))
        about = QAction(tr("Giới thiệu"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)
        self.bug_report_action = QAction(tr("Gửi báo lỗi…"), self)  # logs and facts, never personal data
        self.bug_report_action.triggered.connect(lambda _checked=False: self.send_bug_report())
        help_menu.addAction(self.bug_report_action)

    def _update_status(self) -> None:
        ws = self.db.workspace()
        if ws:
            from desktop.store.db import server_address

            where = server_address(self.paths.db_url) if self.paths.db_url else self.paths.db_file
            self.status_info.setText(tr("{unit} (mã {code}) · Cán bộ: {officer} · Dữ liệu: {file}").format(
                unit=ws.unit_name, code=ws.unit_code, officer=ws.officer_name, file=where))
            self.status_info.setToolTip(self.status_info.text())

    def ask_officer(self) -> None:
        ws = self.db.workspace()
        name, ok = QInputDialog.getText(
            self, tr("Cán bộ phụ trách"),
            tr("Họ và tên cán bộ đang sử dụng phần mềm (được ghi vào lịch sử thay đổi):"),
            text=ws.officer_name if ws else "")
        if ok:
            self.change_officer(name)

    def change_officer(self, name: str) -> bool:
        from desktop.app.workspace import set_officer

        try:
            set_officer(self.db, name)
        except UserError as exc:
            prompts.error(self, tr("Không đổi được"), exc.message)
            return False
        ws = self.db.workspace()
        self.records.actor = ws.officer_name
        self._update_status()
        self.overview.refresh()
        return True

    def show_settings(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog

        SettingsDialog(self).exec()

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(tr("Giới thiệu"))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setText(tr(
            "<b>Phần mềm quản lý phong trào thi đua yêu nước</b><br>Dành cho các xã, phường tỉnh Bắc Ninh<br>"
            "Phiên bản {version}<br><br>Dữ liệu lưu tại: {folder}").format(version=__version__, folder=self.paths.data_dir))
        box.addButton(tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()

    def send_bug_report(self) -> None:
        from desktop.ui.bug_report import save_bug_report

        save_bug_report(self)

    # ---- backups ------------------------------------------------------------------------------
    def _audit_count(self) -> int:
        from sqlalchemy import func, select

        from desktop.store.models import AuditEntry

        with self.db.session() as s:
            return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)

    def _busy(self, text: str) -> None:
        if self._progress is not None:
            self._progress.setLabelText(text)
            return
        self._progress = QProgressDialog(text, "", 0, 0, self)
        self._progress.setCancelButton(None)
        self._progress.setWindowTitle(tr("Đang xử lý"))
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(300)

    def _idle(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None

    def backup_now(self, reason: str = "thu-cong", on_done: Callable[[], None] | None = None) -> None:
        """A backup through the workspace queue: one asked while another job writes the workspace (the
        start-up backup, an export) waits its turn, and the officer reads what it waits for."""
        waiting = busy_message()
        self._backups_pending += 1
        self._busy(tr("Đang sao lưu dữ liệu…") if waiting is None
                   else tr("{busy} Bản sao lưu sẽ được tạo ngay sau đó.").format(busy=waiting))
        db_file, backup_dir = self.paths.db_file, self.paths.backup_dir

        def finished() -> None:
            self._backups_pending -= 1
            if self._backups_pending == 0:
                self._idle()
            else:
                self._busy(tr("Đang sao lưu dữ liệu…"))

        def done(path) -> None:
            finished()
            self.statusBar().showMessage(tr("Đã sao lưu vào {path}").format(path=path), 10000)
            self.overview.refresh()
            if on_done:
                on_done()

        def failed(exc: Exception) -> None:
            finished()
            prompts.error(self, tr("Không sao lưu được"),
                          exc.message if isinstance(exc, UserError) else tr("Lỗi không mong muốn: {error}").format(error=exc))

        run_task(lambda _p, _c: make_backup(db_file, backup_dir, reason), done, failed,
                 owner=self, workspace="backup")

    def restore_from_backup(self) -> None:
        from desktop.ui.backup_dialogs import RestoreDialog

        self.db.dispose()
        dlg = RestoreDialog(self.paths, None, self)
        restored = dlg.exec() == RestoreDialog.DialogCode.Accepted
        self.reopen()
        if restored:
            prompts.inform(self, tr("Đã khôi phục"),
                           tr("Dữ liệu đã được khôi phục từ bản sao lưu {name}.").format(
                               name=dlg.restored_from.name if dlg.restored_from else "")
                           + ("\n" + tr("Dữ liệu trước khi khôi phục được giữ tại {folder}.").format(folder=dlg.kept)
                              if dlg.kept else ""))

    def reopen(self) -> None:
        from desktop.store.db import open_database

        try:
            self.db = open_database(self.paths.db_file, self.paths.backup_dir)
        except UserError as exc:
            prompts.error(self, tr("Không mở được dữ liệu"), exc.message)
            self.close()
            return
        from desktop.core.records import Records

        ws = self.db.workspace()
        self.records = Records(self.db.session, ws.officer_name if ws else "")
        for key, page in list(self.pages.items()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self._audit_mark = self._audit_count()
        self._update_status()
        current = self.nav.currentItem()
        self._nav_changed(current, None)
        self.overview.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        QSettings().setValue("main/geometry", self.saveGeometry())
        drop_callbacks(self)  # results of background work still running find no window to show them in
        self._idle()
        if self.db is None:
            event.accept()
            return
        try:
            if not self.paths.db_url and self._audit_count() != self._audit_mark:
                with workspace_lock():  # after the backup or export running now, never beside it
                    make_backup(self.paths.db_file, self.paths.backup_dir, "tu-dong")
        except UserError as exc:  # a backup failing must not lose the officer's work: warn, still close
            prompts.error(self, tr("Không sao lưu tự động được"), exc.message)
        self.db.dispose()
        event.accept()
