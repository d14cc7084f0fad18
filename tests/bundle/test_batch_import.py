"""A batch of files at the province (desktop.app.batch, `province import`): a commune's files taken
in sequence order, the preview judging each file against the database plus the files before it, every
attempt on record and refusals on the board, a full disk (database, receipts) said plainly with what
was and was not done; and two holes of the import: the chain re-checked inside the write transaction
(two racing rival files 3), an 11-digit CCCD inside a record."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import sqlite3
from argparse import Namespace
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from desktop.app import batch, commune, province, received
from desktop.app import province_views as views
from desktop.bundle.errors import BundleRefused
from tests.bundle.conftest import assert_vietnamese_reason
from tests.bundle.kit import CODE_A, CODE_B, Inner, attempts, data_digest, db_digest

B_NAME = "Phường Kinh Bắc"


@pytest.fixture
def prov(world, tmp_path):
    db, paths = world.open_province(tmp_path / "province")
    yield db, paths
    db.dispose()


def b_files(world) -> tuple[bytes, bytes, int]:
    """Commune B's file 1 (A's data presented as B's) and its correction, file 2, which withdraws all
    but one of the registrations; and how many it withdraws."""
    i = Inner.open(world, world.good[3])
    i.as_commune(CODE_B)
    i.manifest["signer_key_id"] = world.keys.b.key_id
    first = i.seal(world, signer=world.keys.b)
    regs = i.records("registration")
    assert len(regs) > 2
    withdrawn = [r["uid"] for r in regs[1:]]
    for part in i.manifest["parts"]:
        i.set_records(part["kind"], [])  # a correction carries only what changed: nothing here
    i.manifest.update(kind="correction", sequence=2, previous_hash=hashlib.sha256(first).hexdigest(),
                      removed={"registration": withdrawn})
    return first, i.seal(world, signer=world.keys.b), len(withdrawn)


def write(folder: Path, files: dict[str, bytes]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    out = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out


def registrations(db_file: Path, code: str) -> int:
    con = sqlite3.connect(db_file)
    try:
        return con.execute("SELECT count(*) FROM province_record WHERE kind = 'registration' AND commune_code = ?",
                           (code,)).fetchone()[0]
    finally:
        con.close()


# --------------------------------------------------------------------------- batch order and preview


def test_a_correction_in_the_batch_of_its_file_1_is_judged_after_it(world, prov, tmp_path):
    db, paths = prov
    first, correction, withdrawn = b_files(world)
    # picked in the wrong order: the correction first
    files = write(tmp_path / "usb", {"B_so2.tdkt": correction, "B_so1.tdkt": first})
    before = db_digest(db)
    report = batch.run_batch(db, paths, files, identity=world.identity, dry_run=True)
    assert [(o.name, o.status) for o in report.outcomes] == [("B_so1.tdkt", "preview"), ("B_so2.tdkt", "preview")]
    changes = report.outcomes[1].result.changes["registration"]
    assert changes["removed"] == withdrawn  # counted against file 1's records, not against nothing
    assert db_digest(db) == before  # a preview writes nothing, not even to the record of attempts

    report = batch.run_batch(db, paths, files, identity=world.identity)
    assert [(o.name, o.status, o.sequence) for o in report.outcomes] == [
        ("B_so1.tdkt", "accepted", 1), ("B_so2.tdkt", "accepted", 2)]
    assert registrations(paths.db_file, CODE_B) == 1  # the withdrawn registrations no longer count
    rows = attempts(paths.db_file)
    assert [(r["file_name"], r["outcome"], r["commune_code"], r["sequence"]) for r in rows] == [
        ("B_so1.tdkt", "accepted", CODE_B, 1), ("B_so2.tdkt", "accepted", CODE_B, 2)]
    assert rows[0]["file_sha256"] == hashlib.sha256(first).hexdigest()


def test_a_refused_file_in_a_series_is_not_counted_for_the_files_after_it(world, prov, tmp_path):
    db, paths = prov
    first, correction, _ = b_files(world)
    forged = Inner.open(world, first)
    bad_first = forged.seal(world, signer=world.keys.unknown)  # B's file 1 signed by a key never enrolled
    files = write(tmp_path / "usb", {"B_so1.tdkt": bad_first, "B_so2.tdkt": correction, "A_so3.tdkt": world.good[3]})
    report = batch.run_batch(db, paths, files, identity=world.identity, dry_run=True)
    got = {o.name: (o.status, o.code) for o in report.outcomes}
    assert got == {"B_so1.tdkt": ("refused", "tampered"), "B_so2.tdkt": ("refused", "gap"),
                   "A_so3.tdkt": ("preview", "")}
    # the refusals of a preview are on record (the clerk may close the window), the valid file is not yet
    rows = attempts(paths.db_file)
    assert [(r["file_name"], r["reason_code"], r["preview"]) for r in rows] == [
        ("B_so1.tdkt", "tampered", 1), ("B_so2.tdkt", "gap", 1)]
    assert [r["file_sha256"] for r in rows] == [hashlib.sha256(bad_first).hexdigest(),
                                                hashlib.sha256(correction).hexdigest()]
    assert [(r["commune_code"], r["sequence"]) for r in rows] == [(CODE_B, 1), (CODE_B, 2)]


def test_the_command_line_preview_judges_the_batch_as_a_series(world, prov, tmp_path, capsys):
    from desktop.cli import exchange as cli

    db, paths = prov
    first, correction, withdrawn = b_files(world)
    files = write(tmp_path / "usb", {"B_so2.tdkt": correction, "B_so1.tdkt": first})
    args = Namespace(files=[str(f) for f in files], dry_run=True, receipts=None, confirm_held=[])
    assert cli._import(args, db, paths) == 0
    out = capsys.readouterr().out
    assert "TỪ CHỐI" not in out, out
    lines = [line for line in out.splitlines() if not line.startswith("  ")]
    assert lines[0].startswith(f"XEM TRƯỚC {files[1]}: {B_NAME}, tệp số 1")
    assert lines[1].startswith(f"XEM TRƯỚC {files[0]}: {B_NAME}, tệp số 2")
    assert f"Đăng ký thi đua: thêm 0, bỏ {withdrawn}, sửa 0" in out


def test_the_same_file_picked_twice_is_taken_once(world, prov, tmp_path):
    db, paths = prov
    a = write(tmp_path / "usb", {"A_so3.tdkt": world.good[3]})[0]
    copy = write(tmp_path / "other", {"A_so3_copy.tdkt": world.good[3]})[0]
    report = batch.run_batch(db, paths, [a, copy], identity=world.identity)
    assert [(o.name, o.status) for o in report.outcomes] == [("A_so3.tdkt", "accepted"), ("A_so3_copy.tdkt", "same_file")]
    assert "A_so3.tdkt" in report.outcomes[1].message
    assert [r["outcome"] for r in attempts(paths.db_file)] == ["accepted"]


# --------------------------------------------------------------------------- the board


def test_the_board_tells_a_refused_file_from_nothing_sent(world, prov, tmp_path):
    db, paths = prov
    first, _, _ = b_files(world)
    forged = Inner.open(world, first)
    files = write(tmp_path / "usb", {"B_so1.tdkt": forged.seal(world, signer=world.keys.unknown)})
    batch.run_batch(db, paths, files, identity=world.identity, source="window")
    view = views.board(db, "2026", dt.date(2026, 12, 10), today=dt.date(2026, 11, 30))
    units = {u["code"]: (u, row) for u, row in zip(view.data["units"], view.rows)}
    b, row = units[CODE_B]
    assert b["status"] == "refused" and b["refused"]["code"] == "tampered"
    assert row[2] == "Đã gửi, bị từ chối: tệp bị hỏng hoặc bị sửa"
    assert units["09295"][0]["status"] == "missing" and units["09295"][1][2] == "Chưa nộp"
    assert "1 đơn vị đã gửi nhưng bị từ chối" in view.summary
    # once B's file is accepted, the refusal is history
    files = write(tmp_path / "usb", {"B_so1_dung.tdkt": first})
    batch.run_batch(db, paths, files, identity=world.identity)
    b = {u["code"]: u for u in views.board(db, "2026", dt.date(2026, 12, 10)).data["units"]}[CODE_B]
    assert b["status"] in ("on_time", "late") and b["refused"] is None


def test_a_later_refused_file_of_a_commune_that_sent_is_shown_beside_its_status(world, prov, tmp_path):
    db, paths = prov
    i = Inner.open(world, world.good[3])
    i.manifest.update(sequence=5, previous_hash="0" * 64)
    files = write(tmp_path / "usb", {"A_so5.tdkt": i.seal(world)})
    batch.run_batch(db, paths, files, identity=world.identity)
    view = views.board(db, "2026", dt.date(2026, 12, 10))
    a, row = next((u, r) for u, r in zip(view.data["units"], view.rows) if u["code"] == CODE_A)
    assert a["status"] in ("on_time", "late") and a["refused"]["code"] == "gap" and a["refused"]["sequence"] == 5
    assert "tệp số 5 gửi sau bị từ chối: thiếu tệp trước đó" in row[2]
    refusal = batch.pending_refusals(db)[CODE_A]
    assert refusal.attempted_at.tzinfo is None  # stored as UTC
    local = received.to_vn(refusal.attempted_at)
    assert local.utcoffset() == dt.timedelta(hours=7) and local.replace(tzinfo=None) - refusal.attempted_at == \
        dt.timedelta(hours=7)


# --------------------------------------------------------------------------- full disk


def full_database_on_call(monkeypatch, n: int) -> None:
    """The n-th file's write transaction fails as SQLite does when the disk fills: after its rows are
    written, before the commit (the driver's error, wrapped by SQLAlchemy as for a real one)."""
    real, calls = province._apply, []

    def apply(conn, *args, **kw):
        calls.append(1)
        real(conn, *args, **kw)
        if len(calls) == n:
            raise OperationalError("INSERT INTO province_record …", {},
                                   sqlite3.OperationalError("database or disk is full"))
    monkeypatch.setattr(province, "_apply", apply)


def test_a_full_database_disk_stops_the_batch_and_says_what_was_done(world, prov, tmp_path, monkeypatch, capsys):
    from desktop.cli import exchange as cli

    db, paths = prov
    first, correction, _ = b_files(world)
    files = write(tmp_path / "usb", {"A_so3.tdkt": world.good[3], "B_so1.tdkt": first, "B_so2.tdkt": correction})
    full_database_on_call(monkeypatch, 2)
    before_b = registrations(paths.db_file, CODE_B)
    args = Namespace(files=[str(f) for f in files], dry_run=False, receipts=str(tmp_path / "bien-nhan"),
                     confirm_held=[])
    assert cli._import(args, db, paths) == 1
    out = capsys.readouterr().out
    folder = paths.db_file.parent
    assert f"ĐÃ NHẬN {files[0]}: Xã Tiên Du, tệp số 3" in out
    assert f"TỪ CHỐI {files[1]} [disk_full]: Ổ đĩa chứa dữ liệu của Sở (thư mục {folder}) đã đầy" in out
    assert f"CHƯA NHẬP {files[2]} [disk_full]: Chưa nhập: Ổ đĩa chứa dữ liệu của Sở" in out
    assert "Đã nhập 1 tệp: A_so3.tdkt" in out and "Chưa nhập 2 tệp: B_so1.tdkt" in out and "B_so2.tdkt (chưa xử lý)" in out
    assert "lỗi không mong muốn" not in out.lower() and "Traceback" not in out
    # nothing of B half-written: the file's transaction rolled back whole
    assert registrations(paths.db_file, CODE_B) == before_b == 0
    con = sqlite3.connect(paths.db_file)
    try:
        assert con.execute("SELECT count(*) FROM province_bundle WHERE commune_code = ?", (CODE_B,)).fetchone() == (0,)
    finally:
        con.close()
    assert [(r["file_name"], r["outcome"], r["reason_code"]) for r in attempts(paths.db_file)] == [
        ("A_so3.tdkt", "accepted", ""), ("B_so1.tdkt", "refused", "disk_full")]
    assert CODE_B not in batch.pending_refusals(db)  # the province's disk, not B's file


def test_a_full_receipts_disk_keeps_the_imports_and_lists_the_receipts_to_make_again(world, prov, tmp_path,
                                                                                   monkeypatch):
    db, paths = prov
    first, correction, _ = b_files(world)
    files = write(tmp_path / "usb", {"B_so2.tdkt": correction, "B_so1.tdkt": first})
    receipts = tmp_path / "bien-nhan"

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(commune.os, "fsync", no_space)
    signer = province.signing_key(paths)
    report = batch.run_batch(db, paths, files, identity=world.identity, signer=signer, receipts_dir=receipts)
    monkeypatch.undo()
    assert [(o.name, o.status) for o in report.outcomes] == [("B_so1.tdkt", "accepted"), ("B_so2.tdkt", "accepted")]
    assert report.disk_full == [report.outcomes[0].receipt_problem]
    assert f"Ổ đĩa chứa thư mục {receipts} đã đầy" in report.disk_full[0]
    assert all(o.receipt_problem and o.receipt is None for o in report.outcomes)
    assert "tệp số 2" in report.outcomes[1].receipt_problem  # each file's own receipt named, not the first's
    assert "so0001" not in report.outcomes[1].receipt_problem
    assert list(receipts.glob("*")) == []  # no half-written or 0-byte receipt, no temporary file left
    lines = report.summary_lines()
    assert "Đã nhập 2 tệp: B_so1.tdkt, B_so2.tdkt" in lines
    assert any(line.startswith("Chưa ghi được biên nhận của 2 tệp") and "province receipt" in line for line in lines)
    # the receipts can be made again later
    assert province.reissue_receipt(db, paths, CODE_B, 2, signer=signer)


# --------------------------------------------------------------------------- holes (issue 12, item 25)


def test_a_rival_file_3_that_won_the_race_is_seen_inside_the_write_transaction(world, prov, monkeypatch):
    """Two clerks import two different files 3 of commune A at once: both pass the checks against the
    database, then the first commits. The second must be refused by the chain re-read inside its own
    write transaction — a fork, before a row of it is written — not by tripping over the database."""
    db, paths = prov
    rival = Inner.open(world, world.good[3])
    recs = rival.records("person")
    recs[0]["full_name"] = "Nguyễn Văn Khác"
    rival.set_records("person", recs)
    rival_file = rival.seal(world)
    real_apply = province._apply
    raced = []

    def apply(conn, *args, **kw):
        if not raced:  # the other clerk's import commits between our checks and our write
            raced.append("racing")
            raced[0] = world.import_(db, paths, rival_file, "rival.tdkt")
        return real_apply(conn, *args, **kw)

    monkeypatch.setattr(province, "_apply", apply)
    writes = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda conn, cur, stmt, *a: writes.append(stmt) if stmt.lstrip().upper().startswith(
                     "INSERT INTO PROVINCE_BUNDLE") else None)
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, world.good[3], "mine.tdkt")
    assert raced[0].status == "accepted"
    assert info.value.code == "fork"
    assert_vietnamese_reason(info.value, "RẼ NHÁNH")
    assert len(writes) == 1, "the loser of the race tried to write its file"
    assert province.stats(db)[CODE_A]["last_sequence"] == 3
    con = sqlite3.connect(paths.db_file)
    try:
        assert con.execute("SELECT file_sha256 FROM province_bundle WHERE commune_code = ? AND sequence = 3",
                           (CODE_A,)).fetchone()[0] == hashlib.sha256(rival_file).hexdigest()
    finally:
        con.close()


@pytest.mark.parametrize("cccd", ["02708000012", "0270800001234", "02708000012a"])
def test_a_cccd_of_other_than_12_digits_inside_a_record_is_refused(world, prov, cccd):
    db, paths = prov
    i = Inner.open(world, world.good[3])
    recs = i.records("person")
    holder = next(r for r in recs if r.get("cccd"))
    holder["cccd"] = cccd
    i.set_records("person", recs)
    before = data_digest(paths.db_file)
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, i.seal(world))
    assert info.value.code == "bad_field"
    assert_vietnamese_reason(info.value, "CCCD")
    assert holder["uid"] in info.value.message
    assert data_digest(paths.db_file) == before
