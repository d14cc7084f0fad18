"""The main window: navigation between record kinds, an overview, backups.

It owns the workspace's ``events`` (desktop.ui.events): a page reloads itself when a kind of data it
shows changed, and the window does not reload pages when navigating. Closing waits for the work the
window started (desktop.ui.tasks.running_count) rather than dropping it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressDialog,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop.core.labels import KIND_LABELS, NAV_ORDER
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.store.backup import make_backup
from desktop.ui import events as kinds
from desktop.ui import prompts
from desktop.ui.events import PageFollower, WorkspaceEvents
from desktop.ui.extensions import Extensions
from desktop.ui.i18n import tr
from desktop.ui.overview import OverviewPage, TargetsModel  # noqa: F401  (TargetsModel: its old home)
from desktop.ui.screen import fit_to_screen, keep_on_screen
from desktop.ui.tasks import (
    busy_message,
    drop_callbacks,
    run_change,
    running_count,
    show_failure,
    task_counter,
    workspace_lock,
)
from desktop.ui.window_menu import WindowMenu, show_about

if TYPE_CHECKING:  # the database layer (SQLAlchemy) is imported only once the frame is on screen
    from desktop.store.db import Database
    from desktop.ui.record_page import RecordPage
    from desktop.ui.reports_ui import ReportsExtension
    from desktop.ui.review import ReviewPage

# Feature packages add their menus and pages: each module listed here has ``install(window)``,
# called once when a database is attached (window.db, window.records, window.paths, window.events and
# window.is_province are set then; window.menuBar() takes new menus; window.add_page(key, label,
# widget, kinds) adds a navigation entry; what an extension offers the others goes in
# window.extensions, desktop.ui.extensions).
UI_EXTENSIONS: tuple[str, ...] = ("desktop.ui.bundle_ui", "desktop.ui.reports_ui", "desktop.ui.review", "desktop.ui.issued",
                                 "desktop.ui.culture",
                                 "desktop.ui.province_ui", "desktop.ui.outcomes_ui", "desktop.ui.statistics_ui")


class MainWindow(QMainWindow):
    """The frame is drawn first (cheap); ``attach`` then connects it to an opened database. ``ready``
    fires once the workspace is shown."""

    ready = Signal()

    def __init__(self, db: Database | None, paths: Paths, parent=None):
        super().__init__(parent)
        self.db: Database | None = None
        self.paths = paths
        self.pages: dict[str, RecordPage] = {}
        self.extra_pages: dict[str, QWidget] = {}
        self.events = WorkspaceEvents(self)
        self.extensions = Extensions()
        self.is_province = False
        self._followers: dict[str, PageFollower] = {}
        self._extensions_installed = False
        self._closing = False  # waiting for the work still running before closing
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

    def attach(self, db: Database) -> None:
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
        self._follow("overview", self.overview, kinds.RECORDS | {kinds.WORKSPACE, kinds.BACKUP, kinds.IMPORT},
                     self.overview.refresh)
        self.events.changed.connect(self._workspace_changed)
        for i in range(1, len(NAV_ORDER) + 1):  # the province keeps no commune records of its own
            self.nav.item(i).setHidden(self.is_province)
        self.overview.counts_box.setVisible(not self.is_province)
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.nav.setEnabled(True)
        self.menu.set_workspace(on_server=bool(self.paths.db_url), province=self.is_province)
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

    @property
    def reports_ext(self) -> ReportsExtension | None:
        """The documents' extension (``extensions.reports``), under its former name."""
        return self.extensions.reports

    @reports_ext.setter
    def reports_ext(self, ext: ReportsExtension | None) -> None:
        self.extensions.reports = ext

    @property
    def review_page(self) -> ReviewPage | None:
        """The review page (``extensions.review``), under its former name."""
        return self.extensions.review

    @review_page.setter
    def review_page(self, page: ReviewPage | None) -> None:
        self.extensions.review = page

    def add_page(self, key: str, label: str, widget: QWidget, kinds_shown: frozenset[str] | None = None) -> None:
        """A navigation entry for a feature page (built by an extension). ``kinds_shown``: the kinds
        of data it shows (desktop.ui.events); it is refreshed (``widget.refresh()``) when first
        shown and after a change of one of them. Without, it is refreshed each time it is shown
        (pages whose data also changes without an event)."""
        it = QListWidgetItem(label)
        it.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(it)
        self.extra_pages[key] = widget
        self.stack.addWidget(widget)
        refresh = getattr(widget, "refresh", None)
        if refresh is not None:
            self._follow(key, widget, kinds_shown or kinds.EVERYTHING, refresh, every_show=kinds_shown is None)
            self._followers[key].mark_dirty()

    def _follow(self, key: str, widget: QWidget, shown: frozenset[str], reload: Callable[[], None],
                every_show: bool = False) -> None:
        self._followers[key] = self.events.follow(widget, shown, reload, every_show=every_show,
                                                  is_current=lambda: self.stack.currentWidget() is widget)

    # ---- navigation ---------------------------------------------------------------------------
    def page(self, key: str) -> RecordPage:
        """The page of a record kind, built on first use."""
        from desktop.ui.record_page import RecordPage

        page = self.pages.get(key)
        if page is None:
            page = RecordPage(self.records, key)
            page.changed.connect(lambda kind: self.events.emit_changed({kind}))
            # references shown in its table (unit names, subjects) may be of any kind
            self._follow(key, page, kinds.RECORDS, page.reload)
            page.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.pages[key] = page
            self.stack.addWidget(page)
        return page

    def show_kind(self, key: str) -> RecordPage | None:
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
            self.stack.setCurrentWidget(self.overview)
        elif key in self.extra_pages:
            self.stack.setCurrentWidget(self.extra_pages[key])
        else:
            self.stack.setCurrentWidget(self.page(key))
        follower = self._followers.get(key)
        if follower is not None:
            follower.shown()  # reloads only if its data changed while it was hidden

    def _workspace_changed(self, changed: frozenset[str]) -> None:
        if kinds.WORKSPACE in changed:
            self._update_status()

    # ---- menu ---------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        self.menu = WindowMenu(self, backup_now=lambda: self.backup_now(), restore=lambda: self.restore_from_backup(),
                               ask_officer=lambda: self.ask_officer(), settings=lambda: self.show_settings(),
                               about=lambda: self.show_about(), bug_report=lambda: self.send_bug_report())
        # the names the window's readers know (the bug report, the tests)
        self.backup_action, self.restore_action = self.menu.backup, self.menu.restore
        self.officer_action, self.settings_action = self.menu.officer, self.menu.settings
        self.bug_report_action, self.help_menu = self.menu.bug_report, self.menu.help_menu

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
        self.events.emit_changed({kinds.WORKSPACE})
        return True

    def show_settings(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog

        SettingsDialog(self).exec()

    def show_about(self) -> None:
        show_about(self, self.paths)

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
            if on_done:
                on_done()

        def failed(exc: Exception) -> None:
            finished()
            show_failure(self, exc, tr("Không sao lưu được"))

        run_change(lambda _p, _c: make_backup(db_file, backup_dir, reason), done, owner=self, events=self.events,
                   kinds={kinds.BACKUP}, job="backup", on_error=failed)

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
        from desktop.app.workspace import open_workspace

        try:
            self.db = open_workspace(self.paths)
        except UserError as exc:
            prompts.error(self, tr("Không mở được dữ liệu"), exc.message)
            self.close()
            return
        from desktop.core.records import Records

        ws = self.db.workspace()
        self.records = Records(self.db.session, ws.officer_name if ws else "")
        for key, page in list(self.pages.items()):
            self._followers.pop(key, None)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self._audit_mark = self._audit_count()
        current = self.nav.currentItem()
        self._nav_changed(current, None)
        self.events.emit_changed(kinds.EVERYTHING)  # the whole workspace was read again

    def _wait_then_close(self) -> None:
        """Work this window started still runs (a backup, an export, a document): say so, take no new
        orders, and close once it has ended and its result was shown."""
        if self._closing:
            return
        self._closing = True
        for widget in (self.centralWidget(), self.menuBar()):
            widget.setEnabled(False)
        self.statusBar().showMessage(tr("Đang chờ công việc đang chạy…"))
        task_counter().finished.connect(self._close_when_idle)

    def _close_when_idle(self) -> None:
        if running_count(self) == 0:
            task_counter().finished.disconnect(self._close_when_idle)
            QTimer.singleShot(0, self.close)
        else:
            self.statusBar().showMessage(tr("Đang chờ công việc đang chạy…"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if running_count(self) > 0:
            event.ignore()
            self._wait_then_close()
            return
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
