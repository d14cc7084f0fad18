"""Composition root of the window: logging, Qt application, database open with recovery (through
desktop.app.workspace), first run, main window. Dependencies are passed down through constructors;
nothing global is reached from widgets."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QLocale, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from desktop import APP_AUTHOR, APP_NAME, __version__
from desktop.shared.paths import Paths, resources_dir
from desktop.store.backup import latest_backup, make_backup
from desktop.store.errors import StorageError
from desktop.ui import gc_guard, prompts
from desktop.ui.events import BACKUP
from desktop.ui.i18n import apply_language, preferred_language, tr

if TYPE_CHECKING:
    from desktop.store.db import Database

log = logging.getLogger(__name__)
AUTO_BACKUP_EVERY = dt.timedelta(hours=20)
# Release smoke test (installer/smoke_test.py): with this set to 1, the window closes and the app exits
# with code 0 as soon as the workspace is shown, or 3 if it could not be shown. Nothing else changes.
SMOKE_QUIT_ENV = "DESKTOP_SMOKE_QUIT_AFTER_SHOW"


def app_icon() -> QIcon:
    """The application icon in every size drawn (resources/icons, made by installer/make_icon.py)."""
    icon = QIcon()
    for png in sorted((resources_dir() / "icons").glob("thidua-*.png")):
        icon.addFile(str(png))
    return icon


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    gc_guard.install(app)  # cycles are collected on the GUI thread, never in a worker
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    if app.windowIcon().isNull():
        app.setWindowIcon(app_icon())
        app.setDesktopFileName("thidua-bacninh")  # matches installer/linux/thidua-bacninh.desktop
    if not hasattr(app, "_thidua_language"):
        apply_language(app, preferred_language())
    font = app.font()
    if font.pointSize() < 10:
        font.setPointSize(10)
        app.setFont(font)
    return app


def wait_for(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` off the GUI thread and wait for its result (or exception), the window still painting
    meanwhile: opening may upgrade the data (on a province's database with 99 communes that takes
    a while) or reach a server."""
    from desktop.ui.tasks import run_task

    loop = QEventLoop()
    box: dict[str, Any] = {}

    def done(result: Any) -> None:
        box["result"] = result
        loop.quit()

    def failed(exc: Exception) -> None:
        box["error"] = exc
        loop.quit()

    run_task(lambda _p, _c: fn(), done, failed)
    if not box:
        loop.exec()
    if "error" in box:
        raise box["error"]
    return box["result"]


def open_with_recovery(paths: Paths, parent=None) -> Database | None:
    """Open the database; if the file is refused, explain why and offer a restore from backup.
    A server database (``--db-url``, the province on PostgreSQL) has no restore here: its backups are
    the server's. Returns None when the officer chooses to quit."""
    from desktop.app.workspace import open_workspace
    from desktop.ui.backup_dialogs import RestoreDialog

    paths.ensure()
    if paths.db_url:
        try:
            return wait_for(lambda: open_workspace(paths))
        except StorageError as exc:
            log.warning("server database refused: %s (%s)", exc.kind, exc.message)
            prompts.error(parent, tr("Không mở được cơ sở dữ liệu"), exc.message)
            return None
    while True:
        try:
            return wait_for(lambda: open_workspace(paths))
        except StorageError as exc:
            log.warning("database refused: %s (%s)", exc.kind, exc.message)
            if not exc.offers_restore:
                prompts.error(parent, tr("Không mở được tệp dữ liệu"), exc.message)
                return None
            dlg = RestoreDialog(paths, exc, parent)
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None


def ensure_workspace(db: Database, paths: Paths | None = None, parent=None) -> bool:
    from desktop.ui.first_run import FirstRunDialog

    if db.workspace() is not None:
        return True
    dlg = FirstRunDialog(db, paths, parent)
    return dlg.exec() == QDialog.DialogCode.Accepted and db.workspace() is not None


def auto_backup_if_due(paths: Paths) -> None:
    last = latest_backup(paths.backup_dir, "tu-dong")
    if last is None or dt.datetime.now() - last.created > AUTO_BACKUP_EVERY:
        try:
            make_backup(paths.db_file, paths.backup_dir, "tu-dong")
        except StorageError as exc:
            log.warning("automatic backup failed: %s", exc.message)


def start(window, paths: Paths) -> bool:
    """Second stage of start-up, once the frame is on screen: open (or recover) the database, run the
    first-run set-up if needed, attach the workspace. Returns False when the officer chose to quit."""
    from desktop.ui.tasks import run_task

    db = open_with_recovery(paths, window)
    if db is None:
        return False
    if not ensure_workspace(db, paths, window):
        db.dispose()
        return False
    window.attach(db)
    if not paths.db_url:  # a server database is backed up by the server's own tools
        # in the workspace queue (never beside a backup or export asked meanwhile); the window waits
        # for it before closing, and the pages showing the last backup are told when it ends
        run_task(lambda _p, _c: auto_backup_if_due(paths), lambda _r: window.events.emit_changed({BACKUP}),
                 lambda exc: log.warning("automatic backup failed: %s", type(exc).__name__),
                 owner=window, workspace="backup")
    return True


def run(paths: Paths) -> int:
    """Set up logging first (however the window was started, it logs from its first line), draw the
    window frame at once, then open the data (the database layer takes a moment to load)."""
    from desktop.app.diagnostics import install_crash_log, setup_logging

    root = logging.getLogger()
    known = list(root.handlers)
    log_handler = setup_logging(paths)  # a second call (``python -m desktop`` already did it) adds nothing
    app = create_app()
    from desktop.ui.bug_report import install_excepthooks, install_qt_log
    from desktop.ui.main_window import MainWindow
    from desktop.ui.tasks import workspace_queue

    install_crash_log(paths)  # logs/crash.log: what a crash in Qt's C++ code leaves behind
    restore_qt_log = install_qt_log()
    window = MainWindow(None, paths)
    restore_hooks = install_excepthooks(paths, lambda: window)
    log.info("window started, version %s", __version__)
    window.show()
    smoke = os.environ.get(SMOKE_QUIT_ENV) == "1"
    if smoke:  # close the window as an officer would (geometry saved, backup if changed), then quit
        def smoke_quit() -> None:
            from desktop.ui.i18n import current_language

            print(f"smoke: window shown, language={current_language()}, title={window.windowTitle()}", flush=True)
            window.close()
            app.exit(0)

        window.ready.connect(lambda: QTimer.singleShot(0, smoke_quit))

    def second_stage() -> None:
        if not start(window, paths):
            window.hide()
            app.exit(3 if smoke else 0)

    QTimer.singleShot(0, second_stage)
    try:
        code = app.exec()
        # closing the last window also posted a quit of its own: drop it, or it would end the next
        # event loop of this process at once (the tests run the window more than once)
        QCoreApplication.removePostedEvents(None, QEvent.Type.Quit)
        queue = workspace_queue()  # a backup or import still running is finished (an import stops at its next file)
        queue.cancel_all()
        queue.wait()
    finally:
        restore_hooks()
        restore_qt_log()
        if log_handler not in known:  # set up here: taken down here (a test runs the window again)
            root.removeHandler(log_handler)
            log_handler.close()
    return code
