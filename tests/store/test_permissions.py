"""Data at rest: on POSIX the data folder is its user's alone (0700 folders, 0600 files) whatever the
umask, files of earlier versions are tightened at open; temporaries of killed backups and restores
are removed; a database copied into another commune's folder is refused at open, untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import commune
from desktop.app.workspace import init_workspace, open_workspace
from desktop.bundle.binding import bind_signing_key
from desktop.shared.paths import Paths
from desktop.store import backup as backup_mod
from desktop.store import db as store_db
from desktop.store.backup import list_backups, make_backup, remove_stale_temporaries, restore_backup
from desktop.store.db import open_database
from desktop.store.errors import StorageError
from desktop.store.models import Setting

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # what most desktops use: new files 0644, folders 0755
    yield
    os.umask(old)


def make_commune(root: Path, code: str) -> Paths:
    """A commune's data folder as init leaves it: database, signing key, both bound together."""
    p = Paths(root)
    db = open_workspace(p)
    try:
        init_workspace(db, code, "Cán bộ thử nghiệm")
        commune.create_signing_key(p)
        bind_signing_key(db, p)
    finally:
        db.dispose()
    return p


def digest(folder: Path) -> dict[str, str]:
    return {str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(folder.rglob("*")) if f.is_file() and not f.name.endswith(("-wal", "-shm"))
            and "logs" not in f.parts}


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "DESKTOP_PASSPHRASE")}
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL,
                          timeout=120, env=env)


# --------------------------------------------------------------------------- modes


@posix_only
def test_init_leaves_private_folders_and_files(tmp_path, open_umask):
    p = make_commune(tmp_path / "data", "09319")
    db = open_workspace(p)  # open: the -wal and -shm files exist now
    try:
        with db.session() as s:
            s.get(Setting, "x")
        for d in (p.data_dir, p.keys_dir, p.exports_dir, p.backup_dir, p.log_dir):
            assert mode(d) == 0o700, d
        sides = [p.db_file.with_name(p.db_file.name + s) for s in ("-wal", "-shm")]
        assert all(s.exists() for s in sides)
        for f in [p.db_file, *sides, *p.keys_dir.iterdir()]:
            assert mode(f) == 0o600, f
    finally:
        db.dispose()


@posix_only
def test_the_headless_init_leaves_private_folders_and_files(tmp_path, open_umask):
    data = tmp_path / "data"
    proc = cli("init", "--commune", "09319", "--officer", "X", data_dir=data)
    assert proc.returncode == 0, proc.stderr
    folders = [d for d in [data, *data.rglob("*")] if d.is_dir()]
    files = [f for f in data.rglob("*") if f.is_file()]
    assert {d.name for d in folders} >= {"data", "keys", "exports", "backups", "logs"}
    assert {f.name for f in files} >= {"thidua.sqlite3", "commune-signing.key", "commune-signing.json", "thidua.log"}
    assert {str(d): oct(mode(d)) for d in folders} == {str(d): oct(0o700) for d in folders}
    assert {str(f): oct(mode(f)) for f in files} == {str(f): oct(0o600) for f in files}


@posix_only
def test_backups_and_restores_are_private(tmp_path, open_umask):
    p = make_commune(tmp_path / "data", "09319")
    target = make_backup(p.db_file, p.backup_dir, "thu-cong")
    assert mode(target) == 0o600
    os.chmod(p.db_file, 0o600)
    restore_backup(target, p.db_file, p.backup_dir)
    assert mode(p.db_file) == 0o600
    assert all(mode(b.path) == 0o600 for b in list_backups(p.backup_dir))


@posix_only
def test_files_of_earlier_versions_are_tightened_at_open(tmp_path, open_umask):
    p = make_commune(tmp_path / "data", "09319")
    make_backup(p.db_file, p.backup_dir, "thu-cong")
    (p.log_dir / "thidua.log").write_text("x")
    loose = [p.db_file, *p.keys_dir.iterdir(), *p.backup_dir.iterdir(), *p.log_dir.iterdir()]
    for f in loose:
        os.chmod(f, 0o644)
    for d in (p.data_dir, p.keys_dir, p.backup_dir, p.log_dir):
        os.chmod(d, 0o755)
    mine = tmp_path / "data" / "ghi-chu-cua-toi.txt"  # not ours: left as it is
    mine.write_text("x")
    os.chmod(mine, 0o644)
    open_workspace(p).dispose()
    assert {str(f): oct(mode(f)) for f in loose} == {str(f): oct(0o600) for f in loose}
    assert all(mode(d) == 0o700 for d in (p.data_dir, p.keys_dir, p.backup_dir, p.log_dir))
    assert mode(mine) == 0o644


@posix_only
def test_a_new_database_is_private_from_the_start(tmp_path, open_umask):
    path = tmp_path / "new.sqlite3"
    db = open_database(path)
    try:
        assert mode(path) == 0o600
        assert mode(path.with_name(path.name + "-wal")) == 0o600
    finally:
        db.dispose()


# --------------------------------------------------------------------------- stale temporaries


def test_a_backup_removes_what_killed_backups_and_restores_left(tmp_path):
    p = make_commune(tmp_path / "data", "09319")
    real = make_backup(p.db_file, p.backup_dir, "thu-cong")
    real_bytes = real.read_bytes()
    stale = [p.backup_dir / "thidua-20240101-080000-tu-dong.tmp",
             p.backup_dir / "thidua-20240101-080000-2-truoc-nang-cap.tmp",
             p.backup_dir / "thidua-20240101-080000-2-truoc-nang-cap.tmp-journal",
             p.db_file.with_name(p.db_file.name + ".restoring"),
             p.db_file.with_name(p.db_file.name + ".restoring-journal")]
    for f in stale:
        f.write_bytes(b"x" * 4096)
    others = [p.backup_dir / "ghi-chu.tmp", p.backup_dir / "thidua-ban-sao.tmp", tmp_path / "data" / "x.restoring",
              p.backup_dir / "thidua-20240101-080000-tu-dong.tmp.bak"]
    for f in others:
        f.write_bytes(b"mine")
    new = make_backup(p.db_file, p.backup_dir, "tu-dong")
    assert [f.name for f in stale if f.exists()] == []
    assert all(f.read_bytes() == b"mine" for f in others)
    assert real.read_bytes() == real_bytes and new.exists()
    assert {b.path for b in list_backups(p.backup_dir)} == {real, new}


@pytest.mark.skipif(os.name == "nt", reason="a held file cannot be deleted on Windows anyway")
def test_a_temporary_being_written_is_left_alone(tmp_path):
    p = make_commune(tmp_path / "data", "09319")
    busy = p.backup_dir / "thidua-20240101-080000-tu-dong.tmp"
    fd = backup_mod._claim(busy)  # as a backup running in another window holds it
    try:
        os.write(fd, b"x" * 4096)
        make_backup(p.db_file, p.backup_dir, "tu-dong")
        assert busy.exists()
    finally:
        os.close(fd)
    assert remove_stale_temporaries(p.backup_dir, p.db_file) == [busy]  # once its writer is gone


def test_a_backup_of_a_taken_name_takes_the_next(tmp_path):
    import datetime as dt

    p = make_commune(tmp_path / "data", "09319")
    now = dt.datetime(2024, 1, 1, 8, 0, 0)
    held = p.backup_dir / "thidua-20240101-080000-tu-dong.tmp"
    fd = backup_mod._claim(held)
    try:
        os.write(fd, b"x")
        target = make_backup(p.db_file, p.backup_dir, "tu-dong", now=now)
    finally:
        os.close(fd)
    assert target.name == "thidua-20240101-080000-1-tu-dong.sqlite3"


# --------------------------------------------------------------------------- the database knows its key


def test_init_records_the_key_and_the_unit(tmp_path):
    p = make_commune(tmp_path / "a", "09319")
    info = commune.signing_key_info(p)
    assert info["unit_code"] == "09319"
    db = open_workspace(p)
    try:
        with db.session() as s:
            assert s.get(Setting, store_db.SIGNING_KEY_SETTING).value == info["key_id"]
            assert s.get(Setting, store_db.SIGNING_UNIT_SETTING).value == "09319"
    finally:
        db.dispose()


def test_a_database_swapped_into_another_communes_folder_is_refused_untouched(tmp_path):
    a = make_commune(tmp_path / "a", "09319")
    b = make_commune(tmp_path / "b", "09187")
    shutil.copy2(a.db_file, b.db_file)
    before = digest(b.data_dir)
    proc = cli("demo", "--people", "3", data_dir=b.data_dir)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    msg = proc.stderr
    a_key, b_key = commune.signing_key_info(a)["key_id"], commune.signing_key_info(b)["key_id"]
    assert "Xã Tiên Du (mã 09319)" in msg and "Phường Kinh Bắc (mã 09187)" in msg
    assert a_key in msg and b_key in msg and "khôi phục bản sao lưu" in msg
    assert "Xin lỗi" not in msg  # a known refusal, not a crash
    for command in (("export", "--out", str(tmp_path / "out")), ("stats",), ("backup",)):
        proc = cli(*command, data_dir=b.data_dir)
        assert proc.returncode == 1 and "không thuộc thư mục dữ liệu này" in proc.stderr, (command, proc.stderr)
    assert digest(b.data_dir) == before
    with pytest.raises(StorageError) as info:
        open_workspace(b).dispose()
    assert info.value.kind == "foreign" and info.value.offers_restore
    assert digest(b.data_dir) == before


def test_a_database_of_an_earlier_version_adopts_the_key_once(tmp_path):
    a = make_commune(tmp_path / "a", "09319")
    db = open_workspace(a)
    with db.session() as s, s.begin():  # as written before databases recorded their key
        for key in (store_db.SIGNING_KEY_SETTING, store_db.SIGNING_UNIT_SETTING):
            s.delete(s.get(Setting, key))
    db.dispose()
    info = commune.signing_key_info(a)
    meta = dict(info)
    meta.pop("unit_code")  # and the key from before keys named their unit
    (a.keys_dir / "commune-signing.json").write_text(json.dumps(meta), encoding="utf-8")
    db = open_workspace(a)  # silently
    try:
        with db.session() as s:
            assert s.get(Setting, store_db.SIGNING_KEY_SETTING).value == info["key_id"]
    finally:
        db.dispose()
    b = make_commune(tmp_path / "b", "09187")
    shutil.copy2(a.db_file, b.db_file)  # from now on it is bound
    with pytest.raises(StorageError, match="không thuộc thư mục dữ liệu này"):
        open_workspace(b)


def test_an_unrecorded_database_of_another_unit_than_the_key_is_refused(tmp_path):
    a = make_commune(tmp_path / "a", "09319")
    b = make_commune(tmp_path / "b", "09187")
    db = open_database(a.db_file)
    with db.session() as s, s.begin():
        s.delete(s.get(Setting, store_db.SIGNING_KEY_SETTING))
    db.dispose()
    shutil.copy2(a.db_file, b.db_file)
    with pytest.raises(StorageError) as info:
        open_workspace(b)
    assert "Phường Kinh Bắc (mã 09187)" in info.value.message and "Xã Tiên Du (mã 09319)" in info.value.message


def test_a_backup_from_before_a_rotation_still_opens(tmp_path, monkeypatch):
    monkeypatch.delenv("DESKTOP_PASSPHRASE", raising=False)
    a = make_commune(tmp_path / "a", "09319")
    old_key = commune.signing_key_info(a)["key_id"]
    before = make_backup(a.db_file, a.backup_dir, "thu-cong")
    db = open_workspace(a)
    try:
        commune.rotate_key(db, a)
    finally:
        db.dispose()
    new_key = commune.signing_key_info(a)["key_id"]
    assert new_key != old_key
    restore_backup(before, a.db_file, a.backup_dir)
    db = open_workspace(a)  # records the old key: one this folder rotated away from
    try:
        with db.session() as s:
            assert s.get(Setting, store_db.SIGNING_KEY_SETTING).value == new_key
    finally:
        db.dispose()


def test_the_window_offers_a_restore_for_a_swapped_database(qtbot, tmp_path, monkeypatch):
    from desktop.ui import app as app_module
    from desktop.ui import backup_dialogs

    a = make_commune(tmp_path / "a", "09319")
    b = make_commune(tmp_path / "b", "09187")
    shutil.copy2(a.db_file, b.db_file)
    before = digest(b.data_dir)
    shown = []

    class Refused:
        def __init__(self, paths, problem, parent=None):
            shown.append(problem)

        def exec(self):
            return 0  # the officer quits

    monkeypatch.setattr(backup_dialogs, "RestoreDialog", Refused)
    app_module.create_app()
    assert app_module.open_with_recovery(b) is None
    assert len(shown) == 1 and "không thuộc thư mục dữ liệu này" in shown[0].message
    assert digest(b.data_dir) == before
