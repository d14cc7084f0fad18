"""Background work: run a function off the GUI thread and get its result (or error) back on it.

``fn`` receives a ``progress(done, total)`` callable and a ``cancelled()`` callable; results and
errors are delivered through Qt signals, so slots run on the GUI thread.

Two rules keep the window safe:

- A task started with ``owner=widget`` delivers its result only while that widget lives: the
  callbacks go through a small relay object that is a child of the owner, so Qt deletes it (and what
  was queued for it) with the owner, and it drops the result once the owner's window was closed
  (``drop_callbacks``). The work itself still finishes (a backup is never cut short).
- Everything that writes the workspace — backup, restore, a commune's export, a receipt, the
  province's import — is started with ``workspace="backup"`` (or "restore", "export", "receipt",
  "import") and runs in ONE serial queue: one job at a time, in the order asked; a job asked while
  another runs waits for it (``busy_message`` says what it waits for). Short writes on the GUI thread
  (the backup when the window closes) take the same lock with ``workspace_lock()``.

Pages call one of two helpers rather than ``run_task`` itself:

- ``run_query``: reads only; runs beside anything.
- ``run_change``: writes; waits its turn in the workspace queue and, once it succeeded, says which
  kinds of data it changed through the window's ``WorkspaceEvents`` (desktop.ui.events), so every
  page showing them reloads.

Both show a failure the same way unless told otherwise (``show_failure``): a refusal
(``UserError``) in its own words, anything else as an apology that names the log file. Work started
with an owner is counted (``running_count``) and the main window waits for it before closing.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.shared.errors import UserError
from desktop.ui.i18n import QT_TR_NOOP, tr

log = logging.getLogger(__name__)

# What each kind of workspace job says while it runs (and so what a job waiting behind it says)
WORKSPACE_JOBS = {
    "backup": QT_TR_NOOP("Đang sao lưu dữ liệu"),
    "restore": QT_TR_NOOP("Đang khôi phục dữ liệu"),
    "export": QT_TR_NOOP("Đang xuất tệp dữ liệu"),
    "receipt": QT_TR_NOOP("Đang nhập biên nhận"),
    "import": QT_TR_NOOP("Đang nhập tệp dữ liệu"),
    "decision": QT_TR_NOOP("Đang lập văn bản khen thưởng"),
    "change": QT_TR_NOOP("Đang lưu thay đổi"),
}
_DROPPED = "thiduaCallbacksDropped"  # dynamic property set on a closed window


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], lock: threading.Lock | None = None):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        self._lock = lock
        self.finished = threading.Event()  # set once fn returned or raised (the result may be on its way)
        self.owner: QObject | None = None  # whose window waits for it before closing
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _emit(self, signal_name: str, *args: Any) -> None:
        try:
            getattr(self.signals, signal_name).emit(*args)
        except RuntimeError:  # the receiver side is gone (window closed, application quitting)
            log.info("background task finished after its window closed; result dropped")

    @Slot()
    def run(self) -> None:
        try:
            with self._lock if self._lock is not None else contextlib.nullcontext():
                result = self.fn(lambda d, t: self._emit("progress", int(d), int(t)), self.is_cancelled)
        except UserError as exc:  # a refusal the officer reads; its words may name people: not logged
            log.info("background task refused: %s", type(exc).__name__)
            self.finished.set()
            self._emit("failed", exc)
        except Exception as exc:  # delivered to the GUI thread, which decides how to show it
            log.exception("background task failed")
            with contextlib.suppress(AttributeError, TypeError):
                exc._thidua_logged = True  # type: ignore[attr-defined]  # show_failure logs it once
            self.finished.set()
            self._emit("failed", exc)
        else:
            self.finished.set()
            self._emit("done", result)


class _Relay(QObject):
    """Hands a task's signals to its callbacks while the owner lives and its window is open. A child
    of the owner: deleted with it, and Qt then discards the results still queued for it."""

    def __init__(self, owner: QObject, on_done, on_error, on_progress):
        super().__init__(owner)
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress

    def _live(self) -> bool:
        obj = self.parent()
        while obj is not None:
            if obj.property(_DROPPED):
                return False
            obj = obj.parent()
        return True

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        if self._on_progress is not None and self._live():
            self._on_progress(done, total)

    @Slot(object)
    def done(self, result: object) -> None:
        self._finish(self._on_done, result)

    @Slot(object)
    def failed(self, exc: object) -> None:
        self._finish(self._on_error, exc)

    def _finish(self, callback, value) -> None:
        live = self._live()
        self.deleteLater()
        if live:
            callback(value)
        else:
            log.info("background task finished after its window closed; result dropped")


def drop_callbacks(owner: QObject) -> None:
    """From now on, results of tasks owned by ``owner`` or by anything inside it are dropped (call it
    when a window closes: its labels may be gone by the time a result arrives)."""
    owner.setProperty(_DROPPED, True)


class WorkspaceQueue:
    """One worker at a time for everything that writes the workspace, in the order asked."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self.lock = threading.Lock()  # held by the running job; the GUI thread takes it for short writes
        self._jobs: list[tuple[str, Task]] = []  # queued or running, oldest first
        self._jobs_lock = threading.Lock()

    def submit(self, what: str, task: Task) -> None:
        if what not in WORKSPACE_JOBS:
            raise ValueError(f"unknown workspace job {what!r}")
        with self._jobs_lock:
            self._jobs.append((what, task))
        inner = task.fn

        def fn(progress, cancelled):
            started = time.monotonic()
            log.info("workspace job %s started", what)
            try:
                return inner(progress, cancelled)
            finally:
                with self._jobs_lock:
                    self._jobs = [(w, t) for w, t in self._jobs if t is not task]
                log.info("workspace job %s ended after %.1f s", what, time.monotonic() - started)

        task.fn = fn
        task._lock = self.lock
        self._pool.start(task)

    def running(self) -> str | None:
        """The kind of the job running or first in line, None when the queue is idle."""
        with self._jobs_lock:
            return self._jobs[0][0] if self._jobs else None

    def idle(self) -> bool:
        return self.running() is None

    def cancel_all(self) -> None:
        """Ask every queued job to stop at its next check of ``cancelled()`` (a backup has none)."""
        with self._jobs_lock:
            for _what, task in self._jobs:
                task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every job queued so far (at exit: a backup in progress is finished, not cut)."""
        return self._pool.waitForDone(msecs)


_queue: WorkspaceQueue | None = None


def workspace_queue() -> WorkspaceQueue:
    global _queue
    if _queue is None:
        _queue = WorkspaceQueue()
    return _queue


def busy_message() -> str | None:
    """What the workspace queue is doing, as the officer reads it ("Đang sao lưu dữ liệu, vui lòng
    chờ…"), or None when nothing writes the workspace."""
    what = workspace_queue().running()
    return None if what is None else tr("{job}, vui lòng chờ…").format(job=tr(WORKSPACE_JOBS[what]))


@contextlib.contextmanager
def workspace_lock() -> Iterator[None]:
    """Hold the workspace for a short write on the GUI thread: waits for the job running now."""
    with workspace_queue().lock:
        yield


_running: set[Task] = set()


class TaskCounter(QObject):
    """Says when a background task ended (``finished``), so a window waiting to close looks again."""

    finished = Signal()


_counter: TaskCounter | None = None


def task_counter() -> TaskCounter:
    global _counter
    if _counter is None:
        _counter = TaskCounter()
    return _counter


def _inside(obj: QObject | None, root: QObject) -> bool:
    while obj is not None:
        if not shiboken6.isValid(obj):
            return False
        if obj is root:
            return True
        obj = obj.parent()
    return False


def running_count(within: QObject | None = None) -> int:
    """How many background tasks have not delivered their result yet; with ``within``, only those
    owned by it or by a widget inside it."""
    if within is None:
        return len(_running)
    return sum(1 for t in list(_running) if _inside(t.owner, within))


def _ended(task: Task) -> None:
    _running.discard(task)
    task_counter().finished.emit()


def run_task(fn: Callable[..., Any], on_done: Callable[[Any], None], on_error: Callable[[Exception], None],
             on_progress: Callable[[int, int], None] | None = None, *, owner: QObject | None = None,
             workspace: str | None = None) -> Task:
    """Run ``fn(progress, cancelled)`` off the GUI thread. ``owner``: deliver the result only while
    this widget lives and its window is open (and that window waits for it before closing).
    ``workspace``: the job writes the workspace (one of WORKSPACE_JOBS) and waits its turn in the
    serial queue."""
    task = Task(fn)
    task.owner = owner
    _running.add(task)
    if owner is not None:
        relay = _Relay(owner, on_done, on_error, on_progress)
        task.signals.done.connect(relay.done)
        task.signals.failed.connect(relay.failed)
        task.signals.progress.connect(relay.progress)
    else:
        task.signals.done.connect(on_done)
        task.signals.failed.connect(on_error)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
    task.signals.done.connect(lambda _r: _ended(task))
    task.signals.failed.connect(lambda _e: _ended(task))
    if workspace is not None:
        workspace_queue().submit(workspace, task)
    else:
        QThreadPool.globalInstance().start(task)
    return task


# ---- the default failure path -----------------------------------------------------------------
def current_log_file() -> str | None:
    """The log file this process writes (desktop.app.diagnostics.setup_logging), if any."""
    for handler in reversed(logging.getLogger().handlers):  # the latest set up, if ever more than one
        if isinstance(handler, logging.FileHandler):
            return handler.baseFilename
    return None


def apology_text(log_path: object) -> str:
    """The apology for a bug, naming the log file that holds its details."""
    return tr("Xin lỗi, phần mềm gặp lỗi không mong muốn. Việc vừa làm có thể chưa xong; dữ liệu đã lưu trước đó "
              "không bị mất.\n\nChi tiết đã được ghi vào nhật ký {file}. Hãy chọn Trợ giúp → Gửi báo lỗi… để lưu "
              "tệp báo lỗi và gửi cho bộ phận hỗ trợ của Sở Nội vụ.").format(file=log_path)


def failure_message(exc: BaseException) -> str:
    """What the officer reads: a refusal in its own words; a bug as the apology naming the log."""
    if isinstance(exc, UserError):
        return exc.message
    path = current_log_file()
    if path is None:  # logging not set up (a test, an embedding): no file to name
        return tr("Xin lỗi, phần mềm gặp lỗi không mong muốn. Việc vừa làm có thể chưa xong; dữ liệu đã lưu "
                  "trước đó không bị mất.")
    return apology_text(path)


def show_failure(parent: Any, exc: BaseException, title: str | None = None) -> None:
    """The default way a failed task is shown: logged (a refusal by its type only: its words may
    name people), then said in Vietnamese in an error box."""
    from desktop.ui import prompts

    if isinstance(exc, UserError):
        log.info("refusal shown: %s", type(exc).__name__)
    elif getattr(exc, "_thidua_logged", False):
        log.error("unexpected failure shown to the officer: %s", type(exc).__name__)
    else:
        log.error("unexpected failure shown to the officer", exc_info=exc)
    prompts.error(parent, title or tr("Không thực hiện được"), failure_message(exc))


def _failure_path(owner: Any, title: str | None,
                  on_error: Callable[[Exception], None] | None) -> Callable[[Exception], None]:
    if on_error is not None:
        return on_error
    return lambda exc: show_failure(owner, exc, title)


def run_query(fn: Callable[..., Any], on_done: Callable[[Any], None], *, owner: QObject,
              on_error: Callable[[Exception], None] | None = None,
              on_progress: Callable[[int, int], None] | None = None, title: str | None = None) -> Task:
    """Read off the GUI thread (beside anything else). A failure is shown by ``show_failure`` under
    ``title`` unless ``on_error`` is given."""
    return run_task(fn, on_done, _failure_path(owner, title, on_error), on_progress, owner=owner)


def run_change(fn: Callable[..., Any], on_done: Callable[[Any], None], *, owner: QObject, events: Any,
               kinds: Iterable[str] | Callable[[Any], Iterable[str]], job: str = "change",
               on_error: Callable[[Exception], None] | None = None,
               on_progress: Callable[[int, int], None] | None = None, title: str | None = None) -> Task:
    """Write the workspace off the GUI thread, in the workspace queue as ``job`` (one of
    WORKSPACE_JOBS). Once it succeeded, ``events`` (the window's WorkspaceEvents) says ``kinds``
    changed — or ``kinds(result)`` when the result tells — before ``on_done`` runs. A failure is
    shown by ``show_failure`` unless ``on_error`` is given."""

    def done(result: Any) -> None:
        events.emit_changed(kinds(result) if callable(kinds) else kinds)
        on_done(result)

    return run_task(fn, done, _failure_path(owner, title, on_error), on_progress, owner=owner, workspace=job)
