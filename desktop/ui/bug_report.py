"""When something goes wrong in the window: uncaught exceptions are logged and apologised for (instead
of a silent crash on a PC with no console), and Trợ giúp → Gửi báo lỗi… saves the logs and the
facts support needs into a .zip the officer can e-mail (desktop.app.diagnostics: no names, no CCCD)."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, QtMsgType, Signal, qInstallMessageHandler, qVersion
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.app import diagnostics
from desktop.shared.paths import Paths
from desktop.ui import prompts, tasks
from desktop.ui.i18n import current_language, tr
from desktop.ui.tasks import run_task

log = logging.getLogger(__name__)
_FOLDER_KEY = "bug_report/folder"


class _Apology(QObject):
    """Shows the apology on the GUI thread, whichever thread the exception was raised in; one box at a
    time (an exception repeated in every paint is logged each time, shown once)."""

    raised = Signal()

    def __init__(self, paths: Paths, parent_fn: Callable[[], QWidget | None]):
        super().__init__()
        self.paths, self.parent_fn = paths, parent_fn
        self.showing = False
        self.raised.connect(self.show, Qt.ConnectionType.QueuedConnection)

    def show(self) -> None:
        if self.showing:
            return
        self.showing = True
        try:
            parent = self.parent_fn()
            prompts.error(parent, tr("Lỗi không mong muốn"), apology_text(self.paths))
        finally:
            self.showing = False


def apology_text(paths: Paths) -> str:
    return tasks.apology_text(diagnostics.log_file(paths))


_apology: _Apology | None = None


def install_excepthooks(paths: Paths, parent_fn: Callable[[], QWidget | None]) -> Callable[[], None]:
    """sys.excepthook and threading.excepthook: log the trace, then apologise in a message box.
    Returns what puts the previous hooks back."""
    global _apology
    previous = sys.excepthook, threading.excepthook
    _apology = apology = _Apology(paths, parent_fn)

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        diagnostics.log_uncaught(exc_type, exc, tb)
        apology.raised.emit()

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        diagnostics.log_uncaught(args.exc_type, args.exc_value, args.exc_traceback,
                                 where=f"thread {args.thread.name if args.thread else '?'}")
        apology.raised.emit()

    sys.excepthook = hook
    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook, threading.excepthook = previous

    return restore


def install_qt_log() -> Callable[[], None]:
    """Qt's own warnings (a missing plugin, a bad stylesheet) into the log instead of a console no one sees."""
    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind, _context, message) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    previous = qInstallMessageHandler(handler)
    return lambda: qInstallMessageHandler(previous)


def _default_folder() -> str:
    saved = QSettings().value(_FOLDER_KEY)
    if saved and Path(str(saved)).is_dir():
        return str(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def save_bug_report(window) -> None:
    """Trợ giúp → Gửi báo lỗi…: the officer picks where to save the .zip, it is written off the GUI
    thread, and the message says what to do with it."""
    name = f"bao-loi-thidua-{dt.datetime.now():%Y%m%d-%H%M}.zip"
    chosen, _ = QFileDialog.getSaveFileName(window, tr("Lưu tệp báo lỗi"), str(Path(_default_folder()) / name),
                                            tr("Tệp nén (*.zip)"))
    if not chosen:
        return
    out = Path(chosen)
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    QSettings().setValue(_FOLDER_KEY, str(out.parent))
    paths, db = window.paths, window.db
    from PySide6 import __version__ as pyside_version

    extra = {"qt_version": qVersion(), "pyside_version": pyside_version, "language": current_language()}
    window.bug_report_action.setEnabled(False)

    def done(path: Path) -> None:
        window.bug_report_action.setEnabled(True)
        prompts.inform(window, tr("Đã lưu tệp báo lỗi"), tr(
            "Đã lưu tệp báo lỗi {file}.\n\nHãy gửi tệp này qua thư điện tử cho bộ phận hỗ trợ của Sở Nội vụ, kèm "
            "vài dòng kể việc đang làm khi gặp lỗi. Tệp gồm nhật ký của phần mềm và thông tin phiên bản, hệ điều "
            "hành, số bản ghi; không có họ tên hay số CCCD.").format(file=path))

    def failed(exc: Exception) -> None:
        window.bug_report_action.setEnabled(True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        prompts.error(window, tr("Chưa lưu được tệp báo lỗi"), tr(
            "Không ghi được tệp {file}: {reason}. Hãy chọn thư mục khác (ví dụ Tài liệu) rồi thử lại.").format(
            file=out, reason=reason))

    run_task(lambda _p, _c: diagnostics.write_report(paths, db, out, extra), done, failed, owner=window)
