"""The commune's send counter survives what an office PC goes through: restoring an earlier backup, a
stick pulled out or a database busy at the end of an export, a kept file an earlier version never
logged, and the province's resume point; the province accepts the file that follows each. And the
export's own write: temporary name, fsync, read back, rename."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from desktop.app import commune, exchange, province
from desktop.app.workspace import restore_backup
from desktop.bundle import statements
from desktop.shared.errors import UserError
from desktop.store.backup import make_backup
from desktop.store.db import open_database
from tests.bundle.kit import CODE_A, sha256

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")


def _state(paths) -> dict:
    return json.loads((paths.data_dir / exchange.STATE_FILE).read_text("utf-8"))


def _accepts(world, tmp_path, *files: bytes) -> list[int]:
    """The province (files 1 and 2 of commune A accepted) imports ``files`` in order."""
    pdb, ppaths = world.open_province(tmp_path / "province")
    try:
        out = []
        for data in files:
            r = world.import_(pdb, ppaths, data)
            assert r.status == "accepted", r
            out.append(r.sequence)
        return out
    finally:
        pdb.dispose()


@pytest.mark.parametrize("state_before", ["kept", "none yet"])
def test_restoring_an_earlier_backup_keeps_the_send_counter(world, com, tmp_path, state_before):
    db, paths = com  # files 1 to 3 written; the province holds 1 and 2
    backup = make_backup(paths.db_file, paths.backup_dir, "thu-cong")
    f4 = commune.export(db, paths, tmp_path / "usb", "2026")
    assert f4.sequence == 4
    db.dispose()
    if state_before == "none yet":  # a PC that exported with an earlier version: only the database knows
        (paths.data_dir / exchange.STATE_FILE).unlink()
    restore_backup(paths, backup)
    db = open_database(paths.db_file, paths.backup_dir)
    try:
        assert [r.sequence for r in commune.export_history(db)] == [4, 3, 2, 1]
        f5 = commune.export(db, paths, tmp_path / "usb", "2026")
    finally:
        db.dispose()
    assert (f5.sequence, f5.previous_hash) == (5, f4.sha256)
    assert _accepts(world, tmp_path, world.good[3], f4.path.read_bytes(), f5.path.read_bytes()) == [3, 4, 5]


def test_the_restore_command_says_which_files_were_sent_after_the_backup(world, tmp_path, capsys):
    from desktop.__main__ import main
    from tests.bundle.conftest import copy_data_dir

    data_dir = copy_data_dir(world.commune.data_dir, tmp_path / "c")
    backup = make_backup(data_dir / "thidua.sqlite3", data_dir / "backups", "thu-cong")
    assert main(["--data-dir", str(data_dir), "export", "--out", str(tmp_path / "usb")]) == 0
    assert main(["--data-dir", str(data_dir), "restore", str(backup)]) == 0
    said = capsys.readouterr().out
    assert "(số 4)" in said and "tệp gửi tiếp theo là số 5" in said


def test_the_number_and_hash_are_kept_before_the_final_rename_and_a_retry_sends_the_same_bytes(
        world, com, tmp_path, monkeypatch, caplog):
    caplog.set_level("INFO", logger="desktop.app.commune")
    db, paths = com
    stick = tmp_path / "usb"
    stick.mkdir()
    real_replace = os.replace
    seen = []

    def replace(src, dst):
        if Path(dst).parent == stick:  # the final rename onto the stick
            pending = [e for e in _state(paths)["files"] if e["state"] == "pending"]
            seen.append([(e["sequence"], e["file_sha256"]) for e in pending])
            assert [(e["sequence"], e["file_sha256"]) for e in pending] == [(4, sha256(Path(src).read_bytes()))]
            raise OSError(errno.EIO, "Input/output error")  # the stick was pulled out at that instant
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(UserError):
        commune.export(db, paths, stick, "2026")
    monkeypatch.setattr(os, "replace", real_replace)
    assert seen and not list(stick.iterdir())
    kept = paths.data_dir / "exports" / next(e["file_name"] for e in _state(paths)["files"] if e["sequence"] == 4)
    assert commune.next_export(db)[0] == 4
    # the retry, even for another period: the same file again, not a new number
    again = commune.export(db, paths, tmp_path / "usb2", "2026-H1")
    assert (again.sequence, again.sha256, again.resent) == (4, seen[0][0][1], True)
    assert again.path.read_bytes() == kept.read_bytes()
    assert [r.sequence for r in commune.export_history(db)][:1] == [4]
    nxt = commune.export(db, paths, tmp_path / "usb2", "2026")
    assert (nxt.sequence, nxt.previous_hash, nxt.resent) == (5, again.sha256, False)
    said = [r.getMessage() for r in caplog.records if r.name == "desktop.app.commune"]
    assert any("seq 4" in m and again.sha256 in m and "again" in m for m in said)  # for support: what went out
    assert any("seq 5" in m and nxt.sha256 in m for m in said)


def _busy_after_the_stick(monkeypatch, db_file: Path) -> dict:
    """Another program takes the database's write lock just after the file reached the stick (the
    moment of the officer's report). SQLite waits 0.1 s, not 5, before it says "database is locked"."""
    from desktop.store import db as store_db

    real_pragmas, real_write = store_db._sqlite_pragmas, commune.write_verified
    holder: dict = {"armed": True}

    def pragmas(con, record):
        real_pragmas(con, record)
        con.execute("PRAGMA busy_timeout=100")

    def write(target, data):
        real_write(target, data)
        if "exports" not in target.parts and holder.pop("armed", False):
            con = sqlite3.connect(db_file, timeout=0.1, check_same_thread=False, isolation_level=None)
            con.execute("BEGIN IMMEDIATE")
            holder["con"] = con

    monkeypatch.setattr(store_db, "_sqlite_pragmas", pragmas)
    monkeypatch.setattr(commune, "write_verified", write)
    return holder


def _release(holder: dict) -> None:
    holder.pop("con").close()


def test_a_busy_database_at_the_end_of_export_is_said_plainly_headless(world, tmp_path, monkeypatch, capsys):
    from desktop.__main__ import main
    from tests.bundle.conftest import copy_data_dir

    data_dir = copy_data_dir(world.commune.data_dir, tmp_path / "c")
    holder = _busy_after_the_stick(monkeypatch, data_dir / "thidua.sqlite3")
    out = tmp_path / "usb"
    assert main(["--data-dir", str(data_dir), "export", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "đang bị chương trình khác giữ" in err and "đóng chương trình đó rồi thử lại" in err
    assert "không mong muốn" not in err and "Tệp số 4" in err
    first = next(out.iterdir()).read_bytes()
    _release(holder)
    assert main(["--data-dir", str(data_dir), "export", "--out", str(tmp_path / "usb2")]) == 0
    said = capsys.readouterr().out
    assert "số 4" in said and "ghi lại đúng tệp đó" in said and sha256(first) in said
    assert main(["--data-dir", str(data_dir), "export", "--out", str(tmp_path / "usb3")]) == 0
    assert "Đã ghi tệp dữ liệu số 5" in capsys.readouterr().out


def test_a_kept_file_an_earlier_version_never_logged_is_adopted(world, com, tmp_path):
    db, paths = com
    f4 = commune.export(db, paths, tmp_path / "usb", "2026")
    # what an earlier version left when the database refused the log at the end: the file on the stick
    # and in exports/, nothing recorded
    (paths.data_dir / exchange.STATE_FILE).unlink()
    con = sqlite3.connect(paths.db_file)
    con.execute("DELETE FROM export_log WHERE sequence = 4")
    con.commit()
    con.close()
    history = commune.export_history(db)
    assert (history[0].sequence, history[0].file_sha256, history[0].pending) == (4, f4.sha256, True)
    again = commune.export(db, paths, tmp_path / "usb2", "2026")
    assert (again.sequence, again.sha256, again.resent) == (4, f4.sha256, True)
    f5 = commune.export(db, paths, tmp_path / "usb2", "2026")
    assert (f5.sequence, f5.previous_hash) == (5, f4.sha256)
    assert _accepts(world, tmp_path, world.good[3], f4.path.read_bytes(), f5.path.read_bytes()) == [3, 4, 5]


def test_a_resume_point_overrides_the_local_log(world, com, tmp_path):
    db, paths = com  # file 3 written here, never received by the province, which holds 1 and 2
    pdb, ppaths = world.open_province(tmp_path / "province")
    try:
        statement = province.resume_statement(pdb, ppaths, CODE_A)
        message = commune.import_statement(db, paths, statement)
        assert "tệp gửi tiếp theo sẽ là số 3" in message and "Các tệp số 3" in message
        assert not (paths.data_dir / "exports" / world.good_names[3]).exists()
        assert list((paths.data_dir / "exports" / exchange.SUPERSEDED_DIR).iterdir())
        new3 = commune.export(db, paths, tmp_path / "usb", "2026")
        assert (new3.sequence, new3.previous_hash) == (3, sha256(world.good[2]))
        assert new3.sha256 != sha256(world.good[3])
        assert [r.sequence for r in commune.export_history(db)] == [3, 2, 1]
        r = world.import_(pdb, ppaths, new3.path.read_bytes())
        assert (r.status, r.sequence) == ("accepted", 3)
    finally:
        pdb.dispose()


def _signed(world, body: dict) -> bytes:
    from desktop.bundle.keys import b64
    from desktop.bundle.strictjson import dumps

    return json.dumps({**body, "signature": b64(world.keys.province_signer.sign(statements.STATEMENT_TYPE,
                                                                                 dumps(body)))}).encode()


def test_a_resume_point_made_before_the_province_received_a_file_it_would_drop_is_refused(world, com):
    import datetime as dt

    db, paths = com
    receipt = province._receipt(world.keys.province_signer, CODE_A, 3, sha256(world.good[3]), "2026",
                                dt.datetime(2026, 12, 1, 10, 0, 0))
    commune.import_statement(db, paths, receipt)

    def resume(made_at: str, nonce: str) -> bytes:
        return _signed(world, {"type": "tdkt-resume", "version": 2, "commune_code": CODE_A,
                               "key_id": commune.signing_key_info(paths)["key_id"], "nonce": nonce, "sequence": 2,
                               "file_sha256": sha256(world.good[2]), "made_at": made_at})

    with pytest.raises(UserError) as info:  # made at 09:00, file 3 received at 10:00: stale
        commune.import_statement(db, paths, resume("2026-12-01T09:00:00Z", "ab" * 32))
    assert "tệp số 3" in info.value.message and "cũ" in info.value.message
    assert commune.next_export(db) == (4, None)
    # made after that (the province lost file 3, say a restored backup there): the province's word wins
    assert "Các tệp số 3" in commune.import_statement(db, paths, resume("2026-12-01T11:00:00Z", "cd" * 32))
    assert commune.next_export(db) == (3, None)


# --------------------------------------------------------------------------- the export's own write


def _fd_path(fd: int) -> str:
    return os.readlink(f"/proc/self/fd/{fd}")


@linux_only
def test_the_export_goes_to_a_temporary_name_is_fsynced_then_renamed(com, tmp_path, monkeypatch):
    db, paths = com
    stick = tmp_path / "usb"
    stick.mkdir()
    events: list[tuple] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        path = _fd_path(fd)
        events.append(("fsync", path, [p.name for p in stick.iterdir()]))
        return real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", str(src), str(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    r = commune.export(db, paths, stick, "2026")
    monkeypatch.undo()
    for final in (str(r.path), str(paths.data_dir / "exports" / r.file_name)):
        renames = [i for i, e in enumerate(events) if e[0] == "replace" and e[2] == final]
        assert len(renames) == 1, f"{final} not renamed into place: {events}"
        src = events[renames[0]][1]
        assert src != final and not Path(src).exists()
        synced = [i for i, e in enumerate(events) if e[0] == "fsync" and e[1] == src]
        assert synced and synced[0] < renames[0], f"{src} not fsynced before its rename"
    # while the stick's file was being written, nothing had its final name yet
    stick_sync = next(e for e in events if e[0] == "fsync" and Path(e[1]).parent == stick)
    assert r.path.name not in stick_sync[2]
    assert [p.name for p in stick.iterdir()] == [r.path.name]


@linux_only
def test_a_stick_that_reads_back_other_bytes_is_caught_and_nothing_takes_the_final_name(
        com, tmp_path, monkeypatch):
    db, paths = com
    stick = tmp_path / "usb"
    stick.mkdir()
    real_fsync = os.fsync

    def lying_fsync(fd):  # a stick that acknowledges the write but keeps other bytes
        real_fsync(fd)
        if Path(_fd_path(fd)).parent == stick:
            os.pwrite(fd, b"\x00\x00\x00\x00", 200)

    monkeypatch.setattr(os, "fsync", lying_fsync)
    with pytest.raises(UserError) as info:
        commune.export(db, paths, stick, "2026")
    monkeypatch.undo()
    assert "đọc lại thấy khác" in info.value.message
    assert list(stick.iterdir()) == []
    # the number is kept: the retry on a good stick writes that same file
    pending = [e for e in _state(paths)["files"] if e["state"] == "pending"]
    again = commune.export(db, paths, tmp_path / "usb2", "2026")
    assert (again.sequence, again.sha256) == (pending[0]["sequence"], pending[0]["file_sha256"])
