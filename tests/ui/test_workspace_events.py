"""Through the real window: a change made in one page shows in the others that show its kind (no
navigation), a page hidden meanwhile is read again when shown; closing waits for the work running;
a task that fails is shown in Vietnamese by the default failure path."""

from __future__ import annotations

import logging
import threading

import pytest

from desktop.ui import main_window as main_window_module
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import run_query, run_task, running_count, workspace_queue


@pytest.fixture
def errors(monkeypatch):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: seen.append((title, text)))
    monkeypatch.setattr(prompts, "inform", lambda *a: None)
    return seen


@pytest.fixture
def window(qtbot, workspace, paths):
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    return w


def _add_person(qtbot, page, name: str) -> int:
    dlg = page.open_add()
    assert dlg is not None
    dlg.set_value("full_name", name)
    dlg.set_value("sex", "nu")
    dlg.set_value("category", "nhan_dan")
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        assert dlg.save()
    return dlg.record_id


def test_a_person_added_in_the_record_page_shows_in_the_overview_without_navigating(qtbot, window, errors):
    """The overview is on screen; the person page (built, not shown) adds a person through its
    dialog: the overview's count says so at once. Fails if the page's change is not announced."""
    assert window.stack.currentWidget() is window.overview
    people = window.page("person")
    assert window.stack.currentWidget() is window.overview and not people.isVisible()
    assert window.overview.count_labels["person"].text() == "0"
    _add_person(qtbot, people, "Trần Thị Hoa")
    assert window.stack.currentWidget() is window.overview  # nobody navigated
    assert window.overview.count_labels["person"].text() == "1"
    assert errors == []


def test_a_hidden_page_is_read_again_when_shown_not_before(qtbot, window, errors, monkeypatch):
    """The registrations page is hidden while a person is added elsewhere: it is marked, not read;
    read once when the officer brings it up, and not again on the next visit without a change."""
    regs = window.show_kind("registration")
    people = window.show_kind("person")
    reloads: list[int] = []
    real = regs.reload
    monkeypatch.setattr(regs, "reload", lambda *a, **k: reloads.append(1) or real(*a, **k))
    # the window follows the page through the bound method it was given: re-follow the patched one
    window._follow("registration", regs, window._followers["registration"].kinds, regs.reload)
    _add_person(qtbot, people, "Lê Văn Nam")
    assert reloads == [] and window._followers["registration"].dirty
    window.show_kind("registration")
    assert reloads == [1]
    window.show_kind("person")
    window.show_kind("registration")
    assert reloads == [1]
    assert errors == []


def test_close_waits_for_the_work_running_then_closes(qtbot, window, errors):
    """Closing while work the window started still runs: the window stays (it says it waits, takes
    no orders), the result is delivered, then it closes by itself."""
    release = threading.Event()
    delivered: list[str] = []

    def work(_p, _c):
        assert release.wait(10)
        return "xong"

    run_task(work, delivered.append, lambda exc: delivered.append(repr(exc)), owner=window)
    assert running_count(window) == 1
    window.close()
    assert window.isVisible()
    assert "Đang chờ công việc đang chạy" in window.statusBar().currentMessage()
    assert not window.menuBar().isEnabled() and not window.centralWidget().isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert delivered == ["xong"]
    assert running_count(window) == 0 and errors == []


def test_a_task_that_raises_is_shown_in_vietnamese_with_the_log(qtbot, window, errors, monkeypatch, paths, request):
    """Sao lưu ngay whose backup raises a bug: the default failure path logs it and shows the
    apology naming the log file; a refusal (UserError) is shown in its own words."""
    from desktop.app.diagnostics import log_file, setup_logging
    from desktop.shared.errors import UserError

    handler = setup_logging(paths)
    request.addfinalizer(lambda: (logging.getLogger().removeHandler(handler), handler.close()))

    def broken(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(main_window_module, "make_backup", broken)
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    title, text = errors[-1]
    assert title == "Không sao lưu được"
    assert text.startswith("Xin lỗi, phần mềm gặp lỗi không mong muốn")
    assert str(log_file(paths)) in text and "disk on fire" not in text
    qtbot.waitUntil(workspace_queue().idle, timeout=10000)
    assert "RuntimeError" in log_file(paths).read_text(encoding="utf-8")

    def refused(_p, _c):
        raise UserError("Chưa có dữ liệu để sao lưu.")

    run_query(refused, lambda _r: None, owner=window)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=10000)
    assert errors[-1] == ("Không thực hiện được", "Chưa có dữ liệu để sao lưu.")
