"""Opening the database: pragmas, and every kind of bad file refused with a Vietnamese message while
its bytes stay exactly as they were."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.app.workspace import init_workspace
from desktop.core.records import Records
from desktop.store import migrate
from desktop.store.backup import APPLICATION_ID, list_backups
from desktop.store.db import open_database
from desktop.store.errors import StorageError

RESTORE_WORDS = "Khôi phục từ bản sao lưu"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_real_db(path: Path, people: int = 40) -> Path:
    """A database written by this app, closed cleanly (no WAL left), big enough to span many pages."""
    db = open_database(path, path.parent / "backups")
    init_workspace(db, "09319", "Nguyễn Thị Hoa")
    rec = Records(db.session, "Nguyễn Thị Hoa")
    for i in range(people):
        rec.create("person", {"full_name": f"Nguyễn Văn Số {i}", "sex": "nam", "category": "nhan_dan",
                              "note": "ghi chú dài " * 40})
    db.dispose()
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0
    return path


@pytest.fixture
def real_db(tmp_path) -> Path:
    return make_real_db(tmp_path / "good" / "thidua.sqlite3")


def place(data: bytes, tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    target = folder / "thidua.sqlite3"
    target.write_bytes(data)
    return target


def refuse(path: Path, kind: str | tuple[str, ...]) -> StorageError:
    """Open must fail with ``kind``; the file's bytes must be unchanged and no backup written."""
    digest = sha256(path)
    backups = path.parent / "backups"
    with pytest.raises(StorageError) as ei:
        open_database(path, backups)
    err = ei.value
    kinds = (kind,) if isinstance(kind, str) else kind
    assert err.kind in kinds, (err.kind, err.message)
    assert str(path) in err.message  # says which file
    assert "tệp" in err.message.lower()  # a Vietnamese sentence about the file, not a bare exception text
    assert sha256(path) == digest, "a refused file was altered"
    assert list_backups(backups) == []
    return err


# --------------------------------------------------------------------------- healthy files


def test_new_file_gets_wal_full_sync_foreign_keys_and_our_application_id(paths):
    db = open_database(paths.db_file, paths.backup_dir)
    try:
        for _ in range(2):  # every session's connection, not only the first
            with db.session() as s:
                assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
                assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
                assert s.execute(text("PRAGMA application_id")).scalar() == APPLICATION_ID
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
    finally:
        db.dispose()


def test_reopening_keeps_data_and_makes_no_backup(real_db):
    db = open_database(real_db, real_db.parent / "backups")
    try:
        assert db.workspace().unit_code == "09319"
        assert Records(db.session).count("person") == 40
    finally:
        db.dispose()
    assert list_backups(real_db.parent / "backups") == []


def test_foreign_keys_are_enforced(paths):
    db = open_database(paths.db_file, paths.backup_dir)
    try:
        with pytest.raises(Exception, match="FOREIGN KEY"):
            with db.session() as s, s.begin():
                s.execute(text("INSERT INTO household (head_name, village_id, address, phone, note, search_key, "
                               "created_at, updated_at) VALUES ('x', 999, '', '', '', '', '2026-01-01', '2026-01-01')"))
    finally:
        db.dispose()


def test_database_level_unique_cccd_backs_up_the_validation(workspace):
    sql = ("INSERT INTO person (full_name, sex, cccd, position, category, phone, note, search_key, sort_key, "
           "created_at, updated_at) VALUES ('{}', 'nam', '027080000123', '', 'nhan_dan', '', '', '', '', "
           "'2026-01-01', '2026-01-01')")
    with workspace.session() as s, s.begin():
        s.execute(text(sql.format("A")))
    with pytest.raises(Exception, match="UNIQUE"):
        with workspace.session() as s, s.begin():
            s.execute(text(sql.format("B")))


# --------------------------------------------------------------------------- damaged


def test_zero_byte_file_is_damaged(tmp_path):
    err = refuse(place(b"", tmp_path), "damaged")
    assert "0 byte" in err.message
    assert err.offers_restore and RESTORE_WORDS in err.message


def test_garbage_bytes_are_refused_with_restore_offered(tmp_path):
    err = refuse(place(os.urandom(64 * 1024), tmp_path), ("damaged", "foreign"))
    assert err.offers_restore and RESTORE_WORDS in err.message


def test_real_database_with_garbage_pages_is_damaged(real_db, tmp_path):
    data = bytearray(real_db.read_bytes())
    data[8192:8192 + 16384] = os.urandom(16384)
    err = refuse(place(bytes(data), tmp_path), "damaged")
    assert "hỏng" in err.message and err.offers_restore


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_real_database_is_damaged(real_db, tmp_path, fraction):
    data = real_db.read_bytes()
    cut = int(len(data) * fraction) // 4096 * 4096
    assert 0 < cut < len(data)
    err = refuse(place(data[:cut], tmp_path), "damaged")
    assert "hỏng" in err.message and err.offers_restore


def test_directory_in_place_of_the_file_is_refused(tmp_path):
    target = tmp_path / "thidua.sqlite3"
    target.mkdir()
    with pytest.raises(StorageError) as ei:
        open_database(target, tmp_path / "backups")
    assert ei.value.kind == "foreign" and "thư mục" in ei.value.message
    assert target.is_dir() and list(target.iterdir()) == []


# --------------------------------------------------------------------------- foreign


def test_text_file_is_foreign(tmp_path):
    err = refuse(place("Danh sách khen thưởng năm 2026\n".encode() * 50, tmp_path), "foreign")
    assert "không phải tệp dữ liệu" in err.message and err.offers_restore


def test_another_apps_sqlite_database_is_foreign(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    target = folder / "thidua.sqlite3"
    con = sqlite3.connect(target)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://bacninh.gov.vn')")
    con.commit()
    con.close()
    err = refuse(target, "foreign")
    assert "phần mềm khác" in err.message and err.offers_restore
    con = sqlite3.connect(target)
    assert con.execute("SELECT url FROM moz_places").fetchall() == [("https://bacninh.gov.vn",)]
    assert con.execute("SELECT name FROM sqlite_master WHERE name = 'person'").fetchall() == []
    con.close()


# --------------------------------------------------------------------------- read-only


def _deny_write(monkeypatch, target: Path) -> None:
    real_access = os.access

    def fake_access(path, mode, *args, **kwargs):
        if Path(path) == target and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", fake_access)


def test_read_only_file_is_refused(real_db, monkeypatch):
    _deny_write(monkeypatch, real_db)
    err = refuse(real_db, "readonly")
    assert "chỉ đọc" in err.message
    assert not err.offers_restore  # nothing wrong with the data: fix the permission instead


def test_read_only_folder_is_refused(real_db, monkeypatch):
    _deny_write(monkeypatch, real_db.parent)
    err = refuse(real_db, "readonly")
    assert "chỉ đọc" in err.message


def test_read_only_folder_for_a_new_file_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    _deny_write(monkeypatch, folder)
    with pytest.raises(StorageError) as ei:
        open_database(folder / "thidua.sqlite3", folder / "backups")
    assert ei.value.kind == "readonly" and "--data-dir" in ei.value.message
    assert not (folder / "thidua.sqlite3").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root ignores file mode bits; the monkeypatched test above covers this case")
def test_chmod_read_only_file_is_refused(real_db):
    real_db.chmod(0o444)
    try:
        err = refuse(real_db, "readonly")
        assert "chỉ đọc" in err.message
    finally:
        real_db.chmod(0o644)


# --------------------------------------------------------------------------- locked


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_file_locked_by_another_program_is_refused(real_db, journal):
    holder = sqlite3.connect(real_db, isolation_level=None)
    try:
        assert holder.execute(f"PRAGMA journal_mode={journal}").fetchone()[0] == journal
        holder.execute("BEGIN EXCLUSIVE")
        err = refuse(real_db, "locked")
        assert "khóa" in err.message
        assert not err.offers_restore
    finally:
        holder.rollback()
        holder.close()
    db = open_database(real_db, real_db.parent / "backups")  # released: opens again
    db.dispose()


# --------------------------------------------------------------------------- newer version


def test_file_from_a_newer_version_is_refused_and_left_alone(real_db):
    con = sqlite3.connect(real_db)
    con.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    con.execute("CREATE TABLE future_thing (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    err = refuse(real_db, "newer")
    assert "mới hơn" in err.message and "0099_from_the_future" in err.message
    assert not err.offers_restore
    con = sqlite3.connect(real_db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0099_from_the_future",)
    con.close()


def test_our_file_without_a_schema_version_is_damaged(real_db):
    con = sqlite3.connect(real_db)
    con.execute("DROP TABLE alembic_version")
    con.commit()
    con.close()
    err = refuse(real_db, "damaged")
    assert "phiên bản lược đồ" in err.message


def test_the_full_integrity_check_guards_check_backup_and_the_window_a_quick_one_the_rest(tmp_path):
    """Two indexes of a table swapped in the schema: the pages are sound (quick_check passes) but the
    indexes do not match the rows (integrity_check fails). `check` and `backup` refuse the file and keep
    it as it was; a read-only command opens it with the quick check (1.5-3.4 s saved on a big file)."""
    import hashlib
    import os
    import sqlite3
    import subprocess
    import sys

    data = tmp_path / "d"
    env = {**os.environ, "DESKTOP_MACHINE_SECRET_DIR": str(tmp_path / "secret")}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data), *args], capture_output=True,
                              text=True, encoding="utf-8", env=env, stdin=subprocess.DEVNULL, timeout=120)

    assert cli("init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa").returncode == 0
    assert cli("demo", "--people", "30").returncode == 0
    db_file = data / "thidua.sqlite3"
    con = sqlite3.connect(db_file)
    idx = con.execute("SELECT name, rootpage FROM sqlite_master WHERE type='index' AND tbl_name='person' "
                      "AND sql IS NOT NULL ORDER BY name").fetchall()[:2]
    con.execute("PRAGMA writable_schema=ON")
    con.execute("UPDATE sqlite_master SET rootpage=? WHERE name=?", (idx[1][1], idx[0][0]))
    con.execute("UPDATE sqlite_master SET rootpage=? WHERE name=?", (idx[0][1], idx[1][0]))
    con.commit()
    con.close()
    digest = hashlib.sha256(db_file.read_bytes()).hexdigest()
    backups = sorted(p.name for p in (data / "backups").iterdir())
    for command in ("check", "backup"):
        proc = cli(command)
        assert proc.returncode == 1 and "bị hỏng" in proc.stderr, (command, proc.stderr)
    assert sorted(p.name for p in (data / "backups").iterdir()) == backups
    assert hashlib.sha256(db_file.read_bytes()).hexdigest() == digest
    assert cli("stats", "--json").returncode == 0
