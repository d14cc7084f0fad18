"""Application shell: icon, About box, and the release smoke-test hook of ``run``."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop import __version__
from desktop.ui import app as app_module
from desktop.ui.app import SMOKE_QUIT_ENV, app_icon, create_app
from desktop.ui.main_window import MainWindow


def test_app_icon_has_every_drawn_size(qtbot):
    create_app()
    icon = app_icon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
    assert not create_app().windowIcon().isNull()


def test_about_box_shows_version_and_icon(qtbot, workspace, paths, monkeypatch):
    create_app()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    window = MainWindow(workspace, paths)
    qtbot.addWidget(window)
    window.show_about()
    (box,) = shown
    assert f"Phiên bản {__version__}" in box.text()
    assert not box.iconPixmap().isNull()
    assert box.iconPixmap().width() == 64
    window.db = None  # the fixture disposes the database


def test_smoke_hook_closes_window_once_shown(qtbot, workspace, paths, monkeypatch):
    workspace.dispose()  # run() opens the file itself
    monkeypatch.setenv(SMOKE_QUIT_ENV, "1")
    assert app_module.run(paths) == 0


def test_smoke_hook_reports_a_window_that_could_not_open(qtbot, paths, monkeypatch):
    monkeypatch.setenv(SMOKE_QUIT_ENV, "1")
    monkeypatch.setattr(app_module, "start", lambda window, p: False)
    assert app_module.run(paths) == 3


def test_without_the_hook_run_is_unchanged(qtbot, paths, monkeypatch):
    monkeypatch.delenv(SMOKE_QUIT_ENV, raising=False)
    monkeypatch.setattr(app_module, "start", lambda window, p: False)  # officer chose to quit
    assert app_module.run(paths) == 0


def test_navigation_shows_page_names_in_full(qtbot, workspace, paths):
    create_app()
    window = MainWindow(workspace, paths)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    assert window.nav.width() >= 200
    window.db = None  # the fixture disposes the database
