"""Commune side: the file on disk is exactly what the export log says, files chain, receipts from the
province mark the log and forged receipts change nothing; corrections at the province."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import event, select

from desktop.app import commune
from desktop.bundle import statements
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import SigningKey, b64
from desktop.bundle.strictjson import dumps
from desktop.shared.errors import UserError
from desktop.store.models_bundle import ExportLog
from tests.bundle.kit import CODE_A, Inner, db_digest, sha256, table_counts


def log_rows(db) -> list[ExportLog]:
    with db.session() as s:
        return list(s.scalars(select(ExportLog).order_by(ExportLog.sequence)))


def test_the_exported_files_are_what_the_export_log_says(world, com):
    db, paths = com
    rows = log_rows(db)
    assert [r.sequence for r in rows] == [1, 2, 3]
    for r in rows:
        kept = (commune.exports_dir(paths) / r.file_name).read_bytes()
        assert sha256(kept) == r.file_sha256 == sha256(world.good[r.sequence])
    assert [r.previous_hash for r in rows] == [None, rows[0].file_sha256, rows[1].file_sha256]
    for r in rows:  # and the signed manifest inside says the same
        m = Inner.open(world, world.good[r.sequence]).manifest
        assert (m["sequence"], m["previous_hash"], m["signer_key_id"]) == (r.sequence, r.previous_hash, r.signer_key_id)
        assert json.loads(r.counts) == {p["kind"]: p["records"] for p in m["parts"]}


def test_a_new_export_to_a_folder_and_to_a_file_name(world, com, tmp_path):
    db, paths = com
    usb = tmp_path / "usb"
    usb.mkdir()
    r4 = commune.export(db, paths, usb, "2026-H1")
    r5 = commune.export(db, paths, usb / "tu-dat-ten.tdkt", "2026")
    assert r4.path == usb / "ThiDua_09319_XaTienDu_2026-H1_so0004.tdkt"
    assert r5.path == usb / "tu-dat-ten.tdkt"
    rows = {r.sequence: r for r in log_rows(db)}
    for r in (r4, r5):
        on_disk = r.path.read_bytes()
        assert sha256(on_disk) == r.sha256 == rows[r.sequence].file_sha256
        assert (commune.exports_dir(paths) / r.file_name).read_bytes() == on_disk
        assert r.size == len(on_disk)
    assert (r4.previous_hash, r5.previous_hash) == (sha256(world.good[3]), r4.sha256)
    assert not list(usb.glob("*.dang-ghi")) and not list(commune.exports_dir(paths).glob("*.dang-ghi"))


def test_the_receipt_marks_the_file_received(world, com, tmp_path):
    db, paths = com
    pdb, ppaths = world.open_province(tmp_path / "province")
    try:
        r = world.import_(pdb, ppaths, world.good[3])
    finally:
        pdb.dispose()
    message = commune.import_statement(db, paths, r.receipt)
    assert message == "Sở Nội vụ đã nhận tệp số 3: đã chấp nhận."
    got = {x.sequence: (x.receipt_status, x.receipt_at is not None) for x in log_rows(db)}
    assert got == {1: ("", False), 2: ("", False), 3: ("accepted", True)}


def forged(world, receipt: bytes, how: str) -> bytes:
    doc = json.loads(receipt)
    sig = doc.pop("signature")
    if how == "signed by another key":
        sig = b64(SigningKey.generate().sign(statements.STATEMENT_TYPE, dumps(doc)))
    elif how == "status changed after signing":
        doc["status"] = "refused"
    elif how == "for another file":
        doc["file_sha256"] = sha256(b"x")
    elif how == "province signature of another document type":
        sig = b64(world.keys.province_signer.sign(statements.ENROL_TYPE, dumps(doc)))
    elif how == "signature missing":
        return json.dumps(doc).encode()
    elif how == "not JSON":
        return b"\xff" + receipt
    return json.dumps({**doc, "signature": sig}, ensure_ascii=False).encode()


@pytest.mark.parametrize("how", ["signed by another key", "status changed after signing", "for another file",
                                 "province signature of another document type", "signature missing", "not JSON"])
def test_a_forged_receipt_is_refused_and_changes_nothing(world, com, tmp_path, how):
    db, paths = com
    pdb, ppaths = world.open_province(tmp_path / "province")
    try:
        receipt = world.import_(pdb, ppaths, world.good[3]).receipt
    finally:
        pdb.dispose()
    before = db_digest(db)
    with pytest.raises(UserError) as info:
        commune.import_statement(db, paths, forged(world, receipt, how))
    assert "biên nhận" in info.value.message.lower() or "Biên nhận" in info.value.message
    assert db_digest(db) == before
    assert all(x.receipt_status == "" for x in log_rows(db))


def test_a_genuine_receipt_for_another_commune_is_refused(world, com):
    db, paths = com
    body = {"type": "tdkt-receipt", "version": 1, "commune_code": "09187", "sequence": 3,
            "file_sha256": sha256(world.good[3]), "status": "accepted", "period": "2026",
            "imported_at": "2026-11-26T10:00:00Z"}
    sig = b64(world.keys.province_signer.sign(statements.STATEMENT_TYPE, dumps(body)))
    before = db_digest(db)
    with pytest.raises(UserError) as info:
        commune.import_statement(db, paths, json.dumps({**body, "signature": sig}).encode())
    assert "09187" in info.value.message
    assert db_digest(db) == before


# --------------------------------------------------------------------------- corrections at the province


def correction(world, removed: list[str], changed_name: str | None = None) -> bytes:
    """File 3 made a correction that removes the people ``removed`` with the records about them (as the
    commune's recycle bin does: the province refuses a correction that leaves records pointing at
    nothing) and, with ``changed_name``, carries just the changed person."""
    i = Inner.open(world, world.good[3])
    gone = set(removed)
    about = {}
    for part in i.manifest["parts"]:
        kind = part["kind"]
        if kind != "person":
            uids = [r["uid"] for r in i.records(kind)
                    if (r.get("subject") or {}).get("uid") in gone or r.get("person_id") in gone]
            if uids:
                about[kind] = uids
    i.manifest.update(kind="correction", removed=({"person": removed, **about} if removed else {}))
    if changed_name:  # the correction carries just the changed person
        recs = i.records("person")
        recs[0]["full_name"] = changed_name
        for part in i.manifest["parts"]:
            i.set_records(part["kind"], recs[:1] if part["kind"] == "person" else [])
    return i.seal(world)


def test_a_correction_upserts_and_deletes_only_the_senders_records(world, tmp_path):
    db, paths = world.open_province(tmp_path / "province")
    try:
        doomed = [f"{CODE_A}:person:2", f"{CODE_A}:person:999999"]  # one that exists, one that never did
        r = world.import_(db, paths, correction(world, doomed, "Nguyễn Văn Sửa"))
        assert r.status == "accepted"
        con = sqlite3.connect(paths.db_file)
        try:
            uids = {u for (u,) in con.execute("SELECT uid FROM province_record WHERE kind='person'")}
            name = con.execute("SELECT payload FROM province_record WHERE uid=?", (f"{CODE_A}:person:1",)).fetchone()
        finally:
            con.close()
        assert f"{CODE_A}:person:2" not in uids and f"{CODE_A}:person:3" in uids
        assert json.loads(name[0])["full_name"] == "Nguyễn Văn Sửa"
    finally:
        db.dispose()


def test_a_correction_deleting_more_records_than_sqlite_has_variables(world, tmp_path):
    """A correction may list up to ~55 000 deleted uids in its 1 MiB manifest; the Windows build of
    SQLite allows 32 766 variables in one statement. Emulate that limit: the import must still work."""
    db, paths = world.open_province(tmp_path / "province")

    @event.listens_for(db.engine, "connect")
    def windows_limit(dbapi_conn, _record):
        dbapi_conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32766)

    db.engine.dispose()  # reconnect with the limit
    try:
        removed = [f"{CODE_A}:person:{n}" for n in range(2, 40_002)]
        data = correction(world, removed, "Nguyễn Văn Sửa")  # the parts keep only person 1
        assert len(data) < 1024 * 1024 + 200_000
        r = world.import_(db, paths, data)
        assert r.status == "accepted" and r.changes["person"]["removed"] > 0
        assert table_counts(paths.db_file)["province_bundle"] == 4  # A: 1, 2 and this one; E: 1
    finally:
        db.dispose()


def test_a_refused_correction_changes_nothing(world, tmp_path):
    db, paths = world.open_province(tmp_path / "province")
    try:
        before = db_digest(db)
        with pytest.raises(BundleRefused) as info:
            world.import_(db, paths, correction(world, [f"{CODE_A}:household:1"]))  # a household under "person"
        assert info.value.code == "bad_field"
        assert db_digest(db) == before
    finally:
        db.dispose()
