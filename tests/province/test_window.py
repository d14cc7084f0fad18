"""The clerk's window on the province workspace, on SQLite and on PostgreSQL (--db-url): it opens the
database given (off the GUI thread), shows where the data is without the password, and leaves the
backups of a server database to the server."""

from __future__ import annotations

from desktop.app import province
from desktop.app.workspace import open_workspace
from desktop.ui.app import create_app, open_with_recovery, start
from desktop.ui.main_window import MainWindow


def test_window_opens_the_province_workspace_on_either_database(qtbot, province_paths):
    db = open_workspace(province_paths)
    province.init_province(db, province_paths)
    db.dispose()
    create_app()
    w = MainWindow(None, province_paths)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.ready):
        assert start(w, province_paths)
    on_server = bool(province_paths.db_url)
    assert w.is_province and "consolidated" in w.extra_pages
    assert w.db.engine.dialect.name == ("postgresql" if on_server else "sqlite")
    assert w.backup_action.isEnabled() is not on_server
    assert w.restore_action.isEnabled() is not on_server
    assert w.menu.move.isVisible() is not on_server  # Tệp → move to PostgreSQL: from the SQLite file only
    status = w.status_info.text()
    if on_server:
        url = province_paths.db_url
        assert url.split("@")[-1] in status
        secret = url.split("://", 1)[1].split("@")[0]
        assert secret not in status and "@" not in status
        assert "pg_dump" in w.overview.backup_label.text()
    else:
        assert str(province_paths.db_file) in status
    w.close()
    w.db.dispose()
    made = list(province_paths.backup_dir.glob("*.sqlite3")) if province_paths.backup_dir.exists() else []
    if on_server:
        assert made == [] and not province_paths.db_file.exists()  # nothing written beside: the data is on the server


def test_an_unreachable_server_is_explained_not_replaced_by_a_local_file(qtbot, tmp_path, monkeypatch):
    from desktop.shared.paths import Paths
    from desktop.ui import prompts

    errors = []
    monkeypatch.setattr(prompts, "error", lambda _p, title, text: errors.append((title, text)))
    create_app()
    paths = Paths(tmp_path / "so", "postgresql://thidua:bí-mật@127.0.0.1:9/thidua")  # port 9: nothing listens
    assert open_with_recovery(paths) is None
    assert len(errors) == 1 and "127.0.0.1:9/thidua" in errors[0][1] and "bí-mật" not in errors[0][1]
    assert not paths.db_file.exists()
