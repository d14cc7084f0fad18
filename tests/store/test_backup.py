"""Backups made by SQLite itself, rotated per reason, and restores that never overwrite a bad file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from desktop.app.workspace import init_workspace
from desktop.core.records import Records
from desktop.store.backup import (
    APPLICATION_ID,
    KEEP,
    check_sqlite_file,
    latest_backup,
    list_backups,
    make_backup,
    restore_backup,
)
from desktop.store.db import open_database
from desktop.store.errors import StorageError
from tests.store.test_migrations import add_future_revision, fixture_copy, revision_of, rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def people(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT full_name FROM person WHERE deleted_at IS NULL ORDER BY id")]
    finally:
        con.close()


def add_person(db, name: str) -> int:
    return Records(db.session, "Nguyễn Thị Hoa").create("person", {"full_name": name, "sex": "nam",
                                                                    "category": "nhan_dan"})


@pytest.fixture
def live(paths):
    """An open database with a workspace and two people (connections still open, WAL in use)."""
    db = open_database(paths.db_file, paths.backup_dir)
    init_workspace(db, "09319", "Nguyễn Thị Hoa")
    add_person(db, "Nguyễn Văn Ánh")
    add_person(db, "Đặng Thị Đào")
    yield db
    db.dispose()


# --------------------------------------------------------------------------- making backups


def test_backup_of_an_open_database_is_a_valid_copy_with_the_same_rows(live, paths):
    assert paths.db_file.with_name(paths.db_file.name + "-wal").exists()  # recent writes sit in the WAL
    target = make_backup(paths.db_file, paths.backup_dir, "thu-cong")
    assert target.parent == paths.backup_dir and "thu-cong" in target.name
    check_sqlite_file(target)  # ours, intact, known revision
    assert people(target) == ["Nguyễn Văn Ánh", "Đặng Thị Đào"]
    con = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("SELECT unit_code FROM workspace").fetchone() == ("09319",)
    finally:
        con.close()
    # a self-contained file: no journal beside it, no temporary file left
    assert sorted(p.name for p in paths.backup_dir.iterdir()) == [target.name]
    info = latest_backup(paths.backup_dir)
    assert info.path == target and info.reason == "thu-cong" and info.size == target.stat().st_size
    assert info.reason_label == "Do người dùng tạo"


def test_backup_leaves_the_database_untouched_and_usable(live, paths):
    make_backup(paths.db_file, paths.backup_dir)
    add_person(live, "Trần Văn Bình")
    assert Records(live.session).count("person") == 3


def test_unknown_reason_is_a_programming_error(live, paths):
    with pytest.raises(ValueError):
        make_backup(paths.db_file, paths.backup_dir, "vi-vui")


def test_rotation_keeps_the_newest_n_per_reason(live, paths):
    t0 = dt.datetime(2026, 5, 1, 8, 0, 0)
    made = [make_backup(paths.db_file, paths.backup_dir, "tu-dong", now=t0 + dt.timedelta(minutes=i))
            for i in range(KEEP["tu-dong"] + 3)]
    manual = [make_backup(paths.db_file, paths.backup_dir, "thu-cong", now=t0 - dt.timedelta(days=i))
              for i in range(2)]
    auto_left = [b.path for b in list_backups(paths.backup_dir) if b.reason == "tu-dong"]
    assert auto_left == list(reversed(made[-KEEP["tu-dong"]:]))  # newest first, the 3 oldest gone
    assert not any(p.exists() for p in made[:3])
    assert all(p.exists() for p in manual)  # other reasons are rotated on their own


def test_rotation_keeps_the_newest_when_several_are_made_in_the_same_second(live, paths):
    now = dt.datetime(2026, 5, 1, 8, 0, 0)
    keep = KEEP["truoc-khoi-phuc"]
    total = keep + 7  # enough for two-digit counters in the names
    for i in range(total):
        add_person(live, f"Người thứ {i}")  # each backup holds one more person than the one before
        make_backup(paths.db_file, paths.backup_dir, "truoc-khoi-phuc", now=now)
    left = list_backups(paths.backup_dir)
    sizes = [len(people(b.path)) for b in left]  # newest first
    assert sizes == [2 + total - i for i in range(keep)]
    assert len(people(latest_backup(paths.backup_dir).path)) == 2 + total


def test_listing_ignores_other_files(live, paths):
    make_backup(paths.db_file, paths.backup_dir)
    (paths.backup_dir / "ghi-chu.txt").write_text("không phải bản sao lưu", encoding="utf-8")
    (paths.backup_dir / "thidua-2026-tu-dong.sqlite3").write_bytes(b"")
    assert [b.reason for b in list_backups(paths.backup_dir)] == ["tu-dong"]
    assert latest_backup(paths.backup_dir, "thu-cong") is None
    assert list_backups(paths.backup_dir / "khong-co") == []


def test_a_backup_rotated_away_while_listing_is_left_out(live, paths, monkeypatch):
    """Another backup's rotation may delete a file between iterdir() and stat()."""
    kept = make_backup(paths.db_file, paths.backup_dir)
    real_iterdir = Path.iterdir

    def iterdir(self):
        items = list(real_iterdir(self))
        if self == paths.backup_dir:
            items.append(self / "thidua-20261201-101010-thu-cong.sqlite3")  # listed, then rotated away
        return iter(items)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert [b.path for b in list_backups(paths.backup_dir)] == [kept]


# --------------------------------------------------------------------------- restoring


def test_restore_replaces_the_data_and_keeps_the_previous_state(live, paths):
    backup = make_backup(paths.db_file, paths.backup_dir, "thu-cong")
    add_person(live, "Trần Văn Bình")
    live.dispose()
    kept = restore_backup(backup, paths.db_file, paths.backup_dir)
    assert people(paths.db_file) == ["Nguyễn Văn Ánh", "Đặng Thị Đào"]
    assert kept is not None and "truoc-khoi-phuc" in kept.name
    assert people(kept) == ["Nguyễn Văn Ánh", "Đặng Thị Đào", "Trần Văn Bình"]  # nothing lost
    db = open_database(paths.db_file, paths.backup_dir)  # the restored file opens normally
    try:
        assert Records(db.session).count("person") == 2
    finally:
        db.dispose()


@pytest.mark.parametrize("bad", [b"", b"\x00" * 5000, "xin chào".encode() * 300])
def test_restore_over_a_damaged_file_moves_it_aside(live, paths, bad):
    backup = make_backup(paths.db_file, paths.backup_dir, "thu-cong")
    live.dispose()
    paths.db_file.write_bytes(bad)
    digest = sha256(paths.db_file)
    kept = restore_backup(backup, paths.db_file, paths.backup_dir)
    assert kept is not None and kept.exists() and kept != paths.db_file
    assert sha256(kept) == digest  # the damaged file is kept byte for byte, for a technician
    assert people(paths.db_file) == ["Nguyễn Văn Ánh", "Đặng Thị Đào"]


def test_restore_over_a_database_with_damaged_pages_moves_it_aside(live, paths):
    backup = make_backup(paths.db_file, paths.backup_dir, "thu-cong")
    for i in range(30):
        add_person(live, f"Người thứ {i} " + "x" * 80)
    live.dispose()
    data = bytearray(paths.db_file.read_bytes())
    data[4096:4096 * 3] = os.urandom(4096 * 2)
    paths.db_file.write_bytes(bytes(data))
    digest = sha256(paths.db_file)
    kept = restore_backup(backup, paths.db_file, paths.backup_dir)
    assert sha256(kept) == digest
    assert people(paths.db_file) == ["Nguyễn Văn Ánh", "Đặng Thị Đào"]


@pytest.mark.parametrize("bad", ["empty", "text", "foreign_sqlite", "newer"])
def test_a_bad_backup_is_refused_and_the_current_file_untouched(live, paths, tmp_path, bad):
    live.dispose()
    candidate = tmp_path / "chosen.sqlite3"
    if bad == "empty":
        candidate.write_bytes(b"")
    elif bad == "text":
        candidate.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    elif bad == "foreign_sqlite":
        con = sqlite3.connect(candidate)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    else:
        make_backup(paths.db_file, tmp_path / "b", "thu-cong")
        candidate = list_backups(tmp_path / "b")[0].path
        con = sqlite3.connect(candidate)
        con.execute("UPDATE alembic_version SET version_num = '0099'")
        con.commit()
        con.close()
    digest = sha256(paths.db_file)
    with pytest.raises(StorageError) as ei:
        restore_backup(candidate, paths.db_file, paths.backup_dir)
    assert "tệp" in ei.value.message.lower() and candidate.name in ei.value.message
    assert sha256(paths.db_file) == digest
    assert list_backups(paths.backup_dir) == []


def test_restore_when_no_database_exists_yet(live, paths, tmp_path):
    backup = make_backup(paths.db_file, tmp_path / "elsewhere", "thu-cong")
    live.dispose()
    for suffix in ("", "-wal", "-shm"):
        paths.db_file.with_name(paths.db_file.name + suffix).unlink(missing_ok=True)
    assert restore_backup(backup, paths.db_file, paths.backup_dir) is None
    assert people(paths.db_file) == ["Nguyễn Văn Ánh", "Đặng Thị Đào"]


# --------------------------------------------------------------------------- before a migration


def test_opening_an_old_revision_file_backs_it_up_before_migrating(tmp_path, monkeypatch):
    path = fixture_copy(tmp_path, "0001")
    before = rows(path)
    digest = sha256(path)
    seen = {}
    from desktop.store import migrate

    real_upgrade = migrate.upgrade

    def watching_upgrade(engine, target="head"):
        # at the moment the migration starts, the backup must already exist and hold the old file
        backups = list_backups(path.parent / "backups")
        seen["backups"] = [(b.reason, revision_of(b.path)) for b in backups]
        return real_upgrade(engine, target)

    add_future_revision(tmp_path, monkeypatch, 'op.add_column("setting", sa.Column("extra", sa.Text()))')
    monkeypatch.setattr(migrate, "upgrade", watching_upgrade)
    db = open_database(path, path.parent / "backups")
    db.dispose()
    assert seen["backups"] == [("truoc-nang-cap", "0001")]
    backup = list_backups(path.parent / "backups")[0].path
    assert rows(backup) == before
    assert sha256(path) != digest  # the live file did move on


def test_backups_and_restores_are_logged_for_support(live, paths, caplog):
    caplog.set_level("INFO", logger="desktop.store.backup")
    made = make_backup(paths.db_file, paths.backup_dir, "thu-cong")
    restore_backup(made, paths.db_file, paths.backup_dir)
    said = [r.getMessage() for r in caplog.records if r.name == "desktop.store.backup"]
    assert any(made.name in m and "made" in m for m in said)
    assert any(f"restored from backup {made.name}" in m for m in said)
