"""`province move-to`: the province's SQLite workspace copied to an empty PostgreSQL database, every
table verified (count and content hash on both sides), the file untouched, a database holding data
refused, a failure mid-copy leaving the target empty, sequences moved on, the window's dialog."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from desktop.app import commune, province, province_move
from desktop.app import outcomes as oc
from desktop.app.workspace import init_workspace, open_workspace
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.store import transfer
from desktop.store.db import _server_url, open_url
from tests.province import proposals_data
from tests.province.communes import make_commune
from tests.province.conftest import PG_URL, require_pg


def _digest(path) -> tuple[str, int]:
    """The database file's bytes, and the size of its write-ahead log beside it: a reader may leave an
    empty one (and the -shm index), as SQLite does for any reader of a WAL file, but writes nothing."""
    wal = path.with_name(path.name + "-wal")
    return hashlib.sha256(path.read_bytes()).hexdigest(), wal.stat().st_size if wal.exists() else 0


@pytest.fixture
def server():
    """A fresh, empty database on the test server (dropped afterwards); its URL."""
    require_pg()
    admin = create_engine(_server_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"move_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def province_file(tmp_path_factory):
    """A province workspace on SQLite with keys, enrolments, imported files, proposals and outcomes."""
    tmp = tmp_path_factory.mktemp("move")
    paths = Paths(tmp / "province")
    pdb = open_workspace(paths)
    province.init_province(pdb, paths)
    key_file = province.public_key_file(paths)
    for code, people in (("09319", 12), ("09247", 8)):
        cp, cdb = make_commune(tmp, code, people, key_file)
        province.enrol(pdb, commune.enrol_request(cdb, cp))
        r = commune.export(cdb, cp, tmp, "2026")
        assert province.import_file(pdb, paths, r.path.read_bytes(), r.file_name).status == "accepted"
        cdb.dispose()
    proposals_data.sample(pdb, 2026)
    oc.accept(pdb, 2026, [("09319", "1")], "12/QĐ-UBND", dt.date(2026, 12, 15), "Cán bộ Sở",
              today=dt.date(2026, 12, 20))
    oc.give_back(pdb, 2026, [("09319", "2")], "Thiếu hồ sơ", "Cán bộ Sở", today=dt.date(2026, 12, 20))
    pdb.dispose()
    return paths


def _table_names(url: str) -> set[str]:
    engine = create_engine(_server_url(url))
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_every_table_moved_and_verified_the_file_untouched(server, province_file):
    before = _digest(province_file.db_file)
    seen = []
    result = province_move.move_to(province_file, server, progress=lambda d, t: seen.append((d, t)))
    assert _digest(province_file.db_file) == before
    assert before[1] == 0
    assert {c.name for c in result.checks} == {t.name for t in transfer.tables()}
    assert all(c.ok for c in result.checks)
    counts = {c.name: c.source_rows for c in result.checks}
    for name in ("province_key", "province_bundle", "province_record", "province_outcome", "workspace"):
        assert counts[name] > 0, name
    assert seen and seen[-1][0] == seen[-1][1] == 2 * result.rows
    assert result.open_command == f"python -m desktop --db-url {server}"
    # counted and hashed independently on both sides, each by its own database
    source = transfer.open_readonly(province_file.db_file)
    target = create_engine(_server_url(server))
    try:
        mine, theirs = transfer.table_hashes(source), transfer.table_hashes(target)
    finally:
        source.dispose()
        target.dispose()
    assert mine == theirs and mine == {c.name: (c.target_rows, c.target_hash) for c in result.checks}
    # the province opens there and goes on: new rows take new keys (sequences moved on)
    db = open_url(server)
    try:
        assert db.workspace().kind == "province"
        assert province.stats(db)["09319"]["last_sequence"] == 1
        got = oc.accept(db, 2026, [("09247", "11")], "13/QĐ-UBND", dt.date(2026, 12, 16), "Cán bộ Sở",
                        today=dt.date(2026, 12, 20))
        assert got.accepted == 1
    finally:
        db.dispose()


def test_a_database_holding_data_is_refused(server, province_file):
    province_move.move_to(province_file, server)
    with pytest.raises(UserError, match="đã có dữ liệu"):
        province_move.move_to(province_file, server)


def test_a_failure_mid_copy_leaves_the_target_empty(server, province_file, monkeypatch):
    real = transfer._reset_sequences
    calls = []

    def failing(conn, table):
        calls.append(table.name)
        if table.name == "province_record":
            raise RuntimeError("the server went away")
        real(conn, table)

    monkeypatch.setattr(transfer, "_reset_sequences", failing)
    before = _digest(province_file.db_file)
    with pytest.raises(RuntimeError):
        province_move.move_to(province_file, server)
    assert "province_record" in calls and len(calls) > 3  # it failed well into the copy
    assert _table_names(server) == set()  # not even the schema: one transaction
    assert _digest(province_file.db_file) == before
    monkeypatch.setattr(transfer, "_reset_sequences", real)
    assert all(c.ok for c in province_move.move_to(province_file, server).checks)  # and it can be run again


def test_a_cancel_rolls_back(server, province_file):
    with pytest.raises(transfer.TransferCancelled):
        province_move.move_to(province_file, server, cancelled=lambda: True)
    assert _table_names(server) == set()


def test_a_difference_read_back_is_refused_and_rolled_back(server, province_file, monkeypatch):
    real = transfer.TableHash.add

    def skewed(self, row):  # the read-back of one table sees something else than what was sent
        real(self, row + (("x",) if self.header.startswith(b"province_key(") and _reading[0] else ()))

    _reading = [False]
    real_all = transfer._copy_all

    def copy_all(source, target, plan, progress, cancelled):
        def tracked(d, t):
            _reading[0] = d > t // 2
            progress(d, t)
        return real_all(source, target, plan, tracked, cancelled)

    monkeypatch.setattr(transfer.TableHash, "add", skewed)
    monkeypatch.setattr(transfer, "_copy_all", copy_all)
    with pytest.raises(transfer.TransferMismatch) as e:
        province_move.move_to(province_file, server)
    assert [c.name for c in e.value.checks if not c.ok] == ["province_key"]
    assert _table_names(server) == set()


def test_refusals_in_vietnamese(server, province_file, tmp_path):
    with pytest.raises(UserError, match="không phải một cơ sở dữ liệu PostgreSQL"):
        province_move.move_to(province_file, "mysql://u@h/db")
    with pytest.raises(UserError, match="không phải một cơ sở dữ liệu PostgreSQL"):
        province_move.move_to(province_file, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(UserError, match="không hợp lệ.*postgresql://"):
        province_move.move_to(province_file, str(tmp_path / "x.sqlite3"))
    with pytest.raises(UserError, match="Không kết nối được") as e:
        province_move.move_to(province_file, "postgresql://thidua:bí-mật@127.0.0.1:9/thidua")
    assert "bí-mật" not in e.value.message and "127.0.0.1:9/thidua" in e.value.message
    commune_paths = Paths(tmp_path / "xa")
    cdb = open_workspace(commune_paths)
    init_workspace(cdb, "09319", "Cán bộ thi đua")
    cdb.dispose()
    with pytest.raises(UserError, match="Sở Nội vụ|tỉnh"):
        province_move.move_to(commune_paths, server)
    assert _table_names(server) == set()


def test_password_apart_and_the_open_command_hides_it():
    url = province_move.server_url("postgresql://thidua@may-chu:5432/thidua", "p@ss:w/rd")
    assert make_password(url) == "p@ss:w/rd"
    assert province_move.open_command(url) == "python -m desktop --db-url postgresql://thidua:MẬT_KHẨU@may-chu:5432/thidua"


def make_password(url: str) -> str | None:
    from sqlalchemy.engine import make_url

    return make_url(url).password


def test_the_command_moves_prints_the_checks_and_how_to_open(server, province_file, capsys, monkeypatch):
    from desktop.__main__ import main

    monkeypatch.delenv("DESKTOP_DB_URL", raising=False)
    before = _digest(province_file.db_file)
    base = ["--data-dir", str(province_file.data_dir), "province", "move-to", "--db-url"]
    assert main(base + [server]) == 0
    out = capsys.readouterr().out
    assert "province_record" in out and "trùng khớp" in out and f"--db-url {server}" in out
    assert _digest(province_file.db_file) == before
    assert main(base + [server]) == 1  # the second time: the target holds data
    assert "đã có dữ liệu" in capsys.readouterr().err
    assert main(base + ["mysql://u@h/db"]) == 1
    assert "không phải một cơ sở dữ liệu PostgreSQL" in capsys.readouterr().err
    assert main(["--db-url", server] + base[2:] + [server]) == 1  # the source must be the file
    assert "move-to" in capsys.readouterr().err


def test_the_window_moves_the_province_from_its_file_menu(qtbot, tmp_path, server, monkeypatch):
    from PySide6.QtCore import QSettings, Qt

    from desktop.ui import prompts
    from desktop.ui.app import create_app, start
    from desktop.ui.main_window import MainWindow
    from desktop.ui.province_move_dialog import ADDRESS_KEY

    errors = []
    monkeypatch.setattr(prompts, "error", lambda _p, title, message: errors.append(message))
    paths = Paths(tmp_path / "so")
    db = open_workspace(paths)
    province.init_province(db, paths)
    proposals_data.sample(db, 2026)
    db.dispose()
    create_app()
    w = MainWindow(None, paths)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.ready):
        assert start(w, paths)
    assert w.menu.move.isVisible() and w.menu.move.isEnabled()
    w.menu.move.trigger()
    dialog = w.menu.move_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.width() <= 1366 and dialog.height() <= 768
    dialog.url.setText("mysql://u@h/db")  # refused at once, in words, nothing started
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert "không phải một cơ sở dữ liệu PostgreSQL" in dialog.status.text() and not dialog.running
    dialog.url.setText(server)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)  # started, then stopped at once:
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # the migrations alone take longer
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert "Đã hủy" in dialog.status.text() and errors == [] and _table_names(server) == set()
    assert dialog.start_button.isEnabled() and dialog.close_button.isEnabled()
    dialog.password.setText("bí-mật-123")  # the test server trusts 127.0.0.1: accepted, never kept
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.running and dialog.cancel_button.isEnabled() and not dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=60000)
    assert errors == []
    assert dialog.model.rowCount() == len(transfer.tables())
    assert all(dialog.model.item(i).ok for i in range(dialog.model.rowCount()))
    assert dialog.progress.value() == dialog.progress.maximum() > 0
    assert f"--db-url {server.replace('postgres@', 'postgres:MẬT_KHẨU@')}" in dialog.status.text()
    assert "bí-mật-123" not in dialog.status.text() and dialog.password.text() == ""
    assert QSettings().value(ADDRESS_KEY) == server  # the address, never the password
    assert not dialog.start_button.isEnabled()
    dialog.close()
    # the same target again, from a new dialog: refused, the officer told why
    w.menu.move.trigger()
    again = w.menu.move_dialog
    assert again is not dialog and again.url.text() == server
    qtbot.mouseClick(again.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.running, timeout=60000)
    assert len(errors) == 1 and "đã có dữ liệu" in errors[0]
    again.close()
    w.close()
    w.db.dispose()


def test_a_database_the_app_opened_once_without_data_is_accepted(server, province_file):
    open_url(server).dispose()  # the schema at head, no rows
    assert all(c.ok for c in province_move.move_to(province_file, server).checks)


def test_the_canonical_encoding_tells_types_and_values_apart():
    import decimal

    values = [None, "", "N", 0, False, 1, True, "1", b"1", dt.date(2026, 1, 2), "2026-01-02",
              dt.datetime(2026, 1, 2), decimal.Decimal("1.50")]
    assert len({transfer.canonical(v) for v in values}) == len(values)
    assert transfer.canonical(decimal.Decimal("1.50")) == transfer.canonical(decimal.Decimal("1.5"))
    aware = dt.datetime(2026, 1, 2, 7, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert transfer.canonical(aware) == transfer.canonical(dt.datetime(2026, 1, 2))
    assert transfer.canonical(memoryview(b"ab")) == transfer.canonical(b"ab")
    # a row's values are length-prefixed: ("ab", "c") and ("a", "bc") differ
    assert transfer.row_digest(("ab", "c")) != transfer.row_digest(("a", "bc"))
