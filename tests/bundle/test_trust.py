"""Trust at the boundaries (issue 11): enrolment that cannot be spoofed, a key change that cannot take
over a commune, revocation, the province key a commune trusts, resume points that never rewind, and
the files an importer is handed."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from desktop.app import commune, province
from desktop.bundle import statements
from desktop.bundle.errors import BundleRefused, KeyProblem
from desktop.bundle.keys import ProvinceKey, SigningKey
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from tests.bundle.conftest import assert_vietnamese_reason, run_cli
from tests.bundle.kit import CODE_A, CODE_B, Inner, db_digest, enrol_request_for

HOSTILE_OFFICER = ("Nguyễn Văn A\n\nĐơn vị: Phường Kinh Bắc (mã 09187)\nVân tay khóa: 1111-2222-3333-4444-5555-6666"
                   "\u202e\u200b\x1b[2J" + "x" * 500)


@pytest.fixture
def prov(world, tmp_path):
    db, paths = world.open_province(tmp_path / "province")
    yield db, paths
    db.dispose()


def key_row(db, key: SigningKey):
    return next(e for e in province.key_history(db, e_code(db, key)) if e.key_id == key.key_id)


def e_code(db, key: SigningKey) -> str:
    from sqlalchemy import select

    from desktop.store.models_bundle import ProvinceKey as KeyRow

    with db.session() as s:
        return s.scalar(select(KeyRow.commune_code).where(KeyRow.key_id == key.key_id))


# --------------------------------------------------------------------------- enrolment


def test_preview_shows_only_what_the_province_derives(world, prov):
    db, _ = prov
    key = SigningKey.generate()
    p = province.preview_enrolment(db, enrol_request_for("09295", key, officer=HOSTILE_OFFICER))
    from desktop.core.units import find_unit

    assert p.unit_name == find_unit("09295").name  # the official name for the code
    assert "\n" not in p.officer and "\u202e" not in p.officer and "\x1b" not in p.officer
    assert len(p.officer) <= province.OFFICER_LIMIT + 1
    assert p.fingerprint == key.fingerprint and not p.replaces


def test_a_request_whose_name_does_not_match_its_code_is_refused(world, prov):
    db, _ = prov
    data = json.loads(enrol_request_for("09295", SigningKey.generate()))
    key = SigningKey.generate()
    # a request signed properly but naming another unit than its code's official name
    body = {k: v for k, v in data.items() if k not in ("signature",)}
    from desktop.bundle.keys import b64
    from desktop.bundle.strictjson import dumps

    body.update(commune_name="Phường Kinh Bắc", public_key=b64(key.public_raw), key_id=key.key_id,
                fingerprint=key.fingerprint)

    doc = {**body, "signature": b64(key.sign(statements.ENROL_TYPE, dumps(body)))}
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        province.enrol(db, json.dumps(doc).encode())
    assert info.value.code == "bad_enrolment"
    assert_vietnamese_reason(info.value, "không đúng với tên chính thức")
    assert db_digest(db) == before


def test_takeover_by_a_spoofed_re_enrolment_is_stopped(world, prov):
    """What was seen: an outsider's key registered as B's, then its "next" file replaced B's records.
    Now the registration needs its own confirmation, and the file without the province's one-time
    token is refused."""
    db, paths = prov
    # B has a key in use and one accepted file
    b_file = Inner.open(world, world.good[3])
    b_file.as_commune(CODE_B)
    b_file.manifest["signer_key_id"] = world.keys.b.key_id
    first = b_file.seal(world, signer=world.keys.b)
    assert world.import_(db, paths, first).status == "accepted"

    attacker = SigningKey.generate()
    request = enrol_request_for(CODE_B, attacker, officer=HOSTILE_OFFICER)
    preview = province.preview_enrolment(db, request)
    assert preview.replaces and world.keys.b.fingerprint in preview.replace_warning()
    assert "tệp cuối Sở đã nhận: số 1" in preview.replace_warning()
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        province.enrol(db, request)  # --yes alone is not enough
    assert info.value.code == "replace_needs_confirmation"
    assert db_digest(db) == before

    # even when the clerk was fooled into replacing the key, the next file needs the token
    assert province.enrol(db, request, replace_active=True).action == "re-enrolment"
    nxt = Inner.open(world, first)
    nxt.manifest.update(signer_key_id=attacker.key_id, sequence=2, previous_hash=hashlib.sha256(first).hexdigest())
    forged = nxt.seal(world, signer=attacker)
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, forged)
    assert info.value.code == "resume_required"
    assert_vietnamese_reason(info.value, "mã nối tiếp")
    assert db_digest(db) == before


def test_revoke_with_a_reason_is_in_the_history_and_refuses_files(world, prov):
    db, paths = prov
    assert province.revoke(db, CODE_A, "Máy tính của xã bị mất trộm\nngày 30/11") == 1
    events = province.key_history(db, CODE_A)
    revoked = [e for e in events if e.key_id == world.keys.a.key_id][0]
    assert revoked.status == "revoked" and revoked.reason == "Máy tính của xã bị mất trộm ngày 30/11"
    assert revoked.files == 2
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, world.good[3])
    assert info.value.code == "revoked_key"


def test_revoke_and_keys_from_the_command_line(world, tmp_path):
    from tests.bundle.conftest import copy_data_dir

    data_dir = copy_data_dir(world.province.data_dir, tmp_path / "p")
    proc = run_cli("province", "revoke", CODE_A, "--reason", "Cán bộ nghỉ việc", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Đã thu hồi 1 khóa" in proc.stdout
    proc = run_cli("province", "keys", CODE_A, "--json", data_dir=data_dir)
    events = json.loads(proc.stdout)
    assert [e["status"] for e in events] == ["revoked", "revoked"]
    assert events[-1]["reason"] == "Cán bộ nghỉ việc" and events[0]["reason"].startswith("Đổi khóa")
    proc = run_cli("province", "revoke", CODE_A, "--reason", "lần hai", data_dir=data_dir)
    assert proc.returncode == 1 and "không có khóa nào đang dùng" in proc.stdout


def test_enrol_command_refuses_to_replace_without_its_own_flag(world, tmp_path):
    from tests.bundle.conftest import copy_data_dir

    data_dir = copy_data_dir(world.province.data_dir, tmp_path / "p")
    req = tmp_path / "req.json"
    new = SigningKey.generate()
    req.write_bytes(enrol_request_for(CODE_A, new, officer=HOSTILE_OFFICER))
    db_file = data_dir / "thidua.sqlite3"
    proc = run_cli("province", "enrol", str(req), "--yes", data_dir=data_dir)
    assert proc.returncode == 2
    assert "THU HỒI" in proc.stdout and world.keys.a.fingerprint in proc.stdout
    assert "--replace-active-key" in proc.stderr
    assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout
    # each printed field is one line: the officer's text cannot draw lines of its own
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Đơn vị (tên chính thức theo mã): Xã Tiên Du")
    assert lines[3] == f"Vân tay khóa:                    {new.fingerprint}"
    db = open_database(db_file)
    try:
        assert key_row(db, world.keys.a).status == "active"
    finally:
        db.dispose()
    out = tmp_path / "resume.json"
    proc = run_cli("province", "enrol", str(req), "--yes", "--replace-active-key", "--resume-out", str(out),
                   data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    statement = json.loads(out.read_text("utf-8"))
    assert statement["type"] == "tdkt-resume" and statement["key_id"] == new.key_id and statement["sequence"] == 2


# --------------------------------------------------------------------------- the province key at the commune


@pytest.fixture
def fresh_commune(tmp_path):
    paths = Paths(tmp_path / "commune")
    paths.ensure()
    return paths


def test_a_key_is_installed_only_with_the_fingerprint_read_by_phone(world, fresh_commune):
    data = province.public_key_file(world.province)
    with pytest.raises(KeyProblem) as info:
        commune.install_province_key(fresh_commune, data)
    assert "gõ vân tay" in info.value.message
    with pytest.raises(KeyProblem) as info:
        commune.install_province_key(fresh_commune, data, "0000-0000-0000-0000-0000-0000")
    assert "không khớp" in info.value.message
    assert not (fresh_commune.data_dir / "keys" / commune.PROVINCE_KEY_FILE).exists()
    fp = ProvinceKey.from_file(data).fingerprint
    assert commune.install_province_key(fresh_commune, data, fp.lower().replace("-", " ")).fingerprint == fp


def test_another_province_key_replaces_the_installed_one_only_when_signed_by_it(world, fresh_commune, tmp_path):
    from desktop.bundle.keys import AgeIdentity

    data = province.public_key_file(world.province)
    commune.install_province_key(fresh_commune, data, ProvinceKey.from_file(data).fingerprint)
    impostor_signer = SigningKey.generate()
    impostor = ProvinceKey("Sở Nội vụ tỉnh Bắc Ninh", AgeIdentity.generate().recipient, impostor_signer.public_raw)
    with pytest.raises(KeyProblem) as info:
        commune.install_province_key(fresh_commune, impostor.to_file(impostor_signer), impostor.fingerprint)
    assert "không có chữ ký của khóa đang cài" in info.value.message
    assert commune.province_key(fresh_commune).fingerprint == ProvinceKey.from_file(data).fingerprint

    # a genuine province key change: the new key file is endorsed by the current province signing key
    new_signer = SigningKey.generate()
    changed = ProvinceKey("Sở Nội vụ tỉnh Bắc Ninh", AgeIdentity.generate().recipient, new_signer.public_raw)
    endorsed = changed.to_file(new_signer, endorser=world.keys.province_signer)
    assert commune.install_province_key(fresh_commune, endorsed).fingerprint == changed.fingerprint
    assert commune.province_key(fresh_commune).fingerprint == changed.fingerprint


def test_a_pinned_build_refuses_every_other_key(world, fresh_commune, monkeypatch):
    data = province.public_key_file(world.province)
    pinned = ProvinceKey.from_file(data).fingerprint
    other_signer = SigningKey.generate()
    from desktop.bundle.keys import AgeIdentity

    other = ProvinceKey("Sở Nội vụ tỉnh Bắc Ninh", AgeIdentity.generate().recipient, other_signer.public_raw)
    monkeypatch.setattr(commune, "pinned_fingerprint", lambda: pinned)
    with pytest.raises(KeyProblem) as info:  # even with its own fingerprint typed in
        commune.install_province_key(fresh_commune, other.to_file(other_signer), other.fingerprint)
    assert "ghi sẵn trong bộ cài" in info.value.message
    assert commune.install_province_key(fresh_commune, data).fingerprint == pinned  # no typing needed
    # a key file swapped into the keys folder behind the app's back is not used
    (fresh_commune.data_dir / "keys" / commune.PROVINCE_KEY_FILE).write_bytes(other.to_file(other_signer))
    with pytest.raises(KeyProblem) as info:
        commune.province_key(fresh_commune)
    assert "không phải khóa ghi sẵn" in info.value.message


def test_the_pin_file_is_read_from_resources_and_fails_closed(tmp_path, monkeypatch):
    monkeypatch.setattr(commune, "resources_dir", lambda: tmp_path)
    assert commune.pinned_fingerprint() is None  # no file
    (tmp_path / "trust").mkdir()
    pin = tmp_path / "trust" / "province-key-pin.json"
    pin.write_text('{"fingerprint": null}')
    assert commune.pinned_fingerprint() is None
    pin.write_text('{"fingerprint": "ABCD-ABCD-ABCD-ABCD-ABCD-ABCD"}')
    assert commune.pinned_fingerprint() == "ABCD-ABCD-ABCD-ABCD-ABCD-ABCD"
    pin.write_text('{"fingerprint": "ABCD"}')
    with pytest.raises(KeyProblem):
        commune.pinned_fingerprint()


def test_the_shipped_pin_file_pins_nothing():
    from desktop.shared.paths import resources_dir

    doc = json.loads((resources_dir() / "trust" / "province-key-pin.json").read_text("utf-8"))
    assert doc["fingerprint"] is None and "installer/build.py" in doc["_about"]


def test_init_refuses_a_province_key_without_its_fingerprint(world, tmp_path):
    key = tmp_path / "province.json"
    key.write_bytes(province.public_key_file(world.province))
    data_dir = tmp_path / "c"
    proc = run_cli("init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa", "--province-key", str(key),
                   data_dir=data_dir)
    assert proc.returncode == 1
    assert "--province-fingerprint" in proc.stderr
    assert not (data_dir / "thidua.sqlite3").exists() or not (data_dir / "keys" / "commune-signing.json").exists()
    fp = ProvinceKey.from_file(province.public_key_file(world.province)).fingerprint
    proc = run_cli("init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa", "--province-key", str(key),
                   "--province-fingerprint", fp, data_dir=tmp_path / "c2")
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------- resume points


def _statement(world, body: dict) -> bytes:
    from desktop.bundle.keys import b64
    from desktop.bundle.strictjson import dumps

    sig = world.keys.province_signer.sign(statements.STATEMENT_TYPE, dumps(body))
    return json.dumps({**body, "signature": b64(sig)}).encode()


def _resume(world, paths, seq: int, made_at: str, nonce: str = "ab" * 32, key_id: str | None = None) -> bytes:
    return _statement(world, {"type": "tdkt-resume", "version": 2, "commune_code": CODE_A,
                              "key_id": key_id or commune.signing_key_info(paths)["key_id"], "nonce": nonce,
                              "sequence": seq, "file_sha256": "cd" * 32 if seq else None, "made_at": made_at})


def test_resume_points_never_rewind(world, com):
    db, paths = com  # commune A has written files 1 to 3 (one behind them overrides: test_exchange_state.py)
    assert "số 4" in commune.import_statement(db, paths, _resume(world, paths, 3, "2026-12-01T08:00:00Z"))
    before = db_digest(db)
    again = commune.import_statement(db, paths, _resume(world, paths, 3, "2026-12-01T08:00:00Z"))
    assert "đã được nhập trước đó" in again and db_digest(db) == before
    for data, fragment in (
            (_resume(world, paths, 3, "2026-11-30T08:00:00Z", nonce="ef" * 32), "cũ hơn"),     # an older one
            (_resume(world, paths, 5, "2026-12-01T09:00:00Z", key_id="0" * 32), "khóa ký khác"),
            (_statement(world, {"type": "tdkt-resume", "version": 1, "commune_code": CODE_A, "sequence": 9,
                                "file_sha256": "cd" * 32, "made_at": "2026-12-01T10:00:00Z"}), "mẫu cũ")):
        with pytest.raises(UserError) as info:
            commune.import_statement(db, paths, data)
        assert fragment in info.value.message
        assert db_digest(db) == before


def test_a_resume_point_signed_by_another_province_key_is_refused(world, com):
    db, paths = com
    body = {"type": "tdkt-resume", "version": 2, "commune_code": CODE_A,
            "key_id": commune.signing_key_info(paths)["key_id"], "nonce": "ab" * 32, "sequence": 9,
            "file_sha256": "cd" * 32, "made_at": "2026-12-01T08:00:00Z"}
    from desktop.bundle.keys import b64
    from desktop.bundle.strictjson import dumps

    forged = json.dumps({**body, "signature": b64(SigningKey.generate().sign(statements.STATEMENT_TYPE,
                                                                            dumps(body)))}).encode()
    before = db_digest(db)
    with pytest.raises(UserError) as info:
        commune.import_statement(db, paths, forged)
    assert "không phải do Sở Nội vụ ký" in info.value.message
    assert db_digest(db) == before


# --------------------------------------------------------------------------- files handed to the importer


@pytest.mark.skipif(os.name == "nt", reason="POSIX special files")
def test_import_refuses_special_files_one_by_one_and_goes_on(world, tmp_path):
    from tests.bundle.conftest import copy_data_dir

    data_dir = copy_data_dir(world.province.data_dir, tmp_path / "p")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zero.tdkt").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.tdkt")
    (folder / "loop.tdkt").symlink_to(folder / "loop.tdkt")
    (folder / "dir.tdkt").mkdir()
    good = folder / "good.tdkt"
    good.write_bytes(world.good[3])
    receipts = tmp_path / "receipts-is-a-file"
    receipts.write_text("x")
    names = ["zero.tdkt", "fifo.tdkt", "loop.tdkt", "dir.tdkt", "missing.tdkt", "good.tdkt"]
    proc = run_cli("province", "import", *(str(folder / n) for n in names), "--receipts", str(receipts),
                   data_dir=data_dir, timeout=120)
    assert proc.returncode == 1
    out = proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "không phải tệp thông thường" in out  # /dev/zero and the FIFO, neither read nor waited on
    assert "vòng lặp" in out and "là thư mục" in out and "Không tìm thấy tệp" in out
    assert "ĐÃ NHẬN" in out and "good.tdkt" in out  # the batch went on
    assert "CHƯA GHI ĐƯỢC BIÊN NHẬN" in out  # the receipt folder is a file: said per file, not a crash


def test_the_same_file_imported_twice_at_once_is_already_imported_for_the_loser(world, prov, monkeypatch):
    db, paths = prov
    real = province._duplicate
    calls = {"n": 0}

    def late(db_, digest):  # the loser checked before the winner committed
        calls["n"] += 1
        return None if calls["n"] == 1 else real(db_, digest)

    real_chain = province._chain
    chains = {"n": 0}

    def chain(conn, m):  # ... and saw the chain as it was before the winner's file
        chains["n"] += 1
        if chains["n"] > 1:
            real_chain(conn, m)

    assert world.import_(db, paths, world.good[3]).status == "accepted"
    before = db_digest(db)
    monkeypatch.setattr(province, "_duplicate", late)
    monkeypatch.setattr(province, "_chain", chain)
    r = world.import_(db, paths, world.good[3])
    assert r.status == "duplicate" and calls["n"] == 2 and chains["n"] == 2
    assert db_digest(db) == before


def test_a_database_error_refuses_that_file_without_its_values(world, prov, monkeypatch, caplog):
    from sqlalchemy.exc import DataError

    db, paths = prov

    def broken(conn, m, *a):
        raise DataError("INSERT INTO province_record …", {"name": "Nguyễn Thị Bí Mật", "cccd": "001234567890"},
                        Exception("invalid byte sequence"))

    monkeypatch.setattr(province, "_apply", broken)
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, world.good[3])
    assert info.value.code == "db_error"
    assert_vietnamese_reason(info.value, "các tệp khác vẫn được nhập tiếp")
    assert "Bí Mật" not in info.value.message and "001234567890" not in caplog.text + info.value.message
    assert db_digest(db) == before
    monkeypatch.undo()
    assert world.import_(db, paths, world.good[3]).status == "accepted"


def test_streaming_stops_at_the_first_bad_line_of_a_newline_bomb(world, prov):
    """41 KB declaring 32 MiB of newlines: refused at line 1, never split into 33 million lines."""
    import gzip

    db, paths = prov
    i = Inner.open(world, world.good[3])
    raw = b"\n" * (32 * 1024 * 1024)
    i.set_raw("person", raw, stored=gzip.compress(raw, 9), records=1000)
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, i.seal(world))
    assert info.value.code == "bad_json" and "thứ 1 " in info.value.message
    assert db_digest(db) == before


# --------------------------------------------------------------------------- found in review: no way around


def test_revoke_then_enrol_is_a_re_enrolment_with_every_safeguard(world, prov):
    """A stolen PC: the clerk revokes, then enrols the "new" key. That key must still need the resume
    token, and the preview must say the commune had a key before."""
    db, paths = prov
    province.revoke(db, CODE_A, "mất máy")
    new = SigningKey.generate()
    request = enrol_request_for(CODE_A, new)
    p = province.preview_enrolment(db, request)
    assert not p.replaces and p.revoked_before is not None and "mã nối tiếp" in p.history_note()
    assert province.enrol(db, request).action == "re-enrolment"
    i = Inner.open(world, world.good[3])
    i.manifest["signer_key_id"] = new.key_id
    for part in i.manifest["parts"]:
        i.set_records(part["kind"], [])
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, i.seal(world, signer=new))
    assert info.value.code == "resume_required"
    assert db_digest(db) == before


def _e_file(world, seq: int, previous: bytes, edit) -> bytes:
    i = Inner.open(world, world.extra["07525-so1"])
    edit(i)
    i.manifest.update(signer_key_id=world.keys.e_new.key_id, sequence=seq, previous_hash=hashlib.sha256(previous)
                      .hexdigest())
    return i.seal(world, signer=world.keys.e_new)


def test_a_correction_removing_most_records_after_a_key_change_is_held(world, prov):
    db, paths = prov
    first = world.extra["07525-so1"]

    def correction(i):  # one person left (with the units and households), everything else removed
        removed = {}
        for part in i.manifest["parts"]:
            recs = i.records(part["kind"])
            keep = recs if part["kind"] in ("collective", "household") else recs[:1] if part["kind"] == "person" else []
            removed[part["kind"]] = [r["uid"] for r in recs if r not in keep]
            i.set_records(part["kind"], keep)
        i.manifest.update(kind="correction", removed={k: v for k, v in removed.items() if v})

    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, _e_file(world, 2, first, correction))
    assert info.value.code == "held"
    assert db_digest(db) == before


def test_a_harmless_first_file_does_not_open_the_way_for_a_destructive_second(world, prov):
    db, paths = prov
    first = world.extra["07525-so1"]
    same = _e_file(world, 2, first, lambda i: None)  # the same records, signed by the new key
    assert world.import_(db, paths, same).status == "accepted"

    def empty(i):
        for part in i.manifest["parts"]:
            i.set_records(part["kind"], [])

    destructive = _e_file(world, 3, same, empty)
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, destructive)
    assert info.value.code == "held"
    assert db_digest(db) == before
    assert world.import_(db, paths, destructive, confirm_held=True).status == "accepted"


def test_confirm_held_names_the_file_by_its_hash(world, tmp_path):
    from tests.bundle.conftest import copy_data_dir

    data_dir = copy_data_dir(world.province.data_dir, tmp_path / "p")

    def empty(i):
        for part in i.manifest["parts"]:
            i.set_records(part["kind"], [])

    f = tmp_path / "e2.tdkt"
    f.write_bytes(_e_file(world, 2, world.extra["07525-so1"], empty))
    digest = hashlib.sha256(f.read_bytes()).hexdigest()
    proc = run_cli("province", "import", str(f), data_dir=data_dir)
    assert proc.returncode == 1 and "[held]" in proc.stdout and digest in proc.stdout
    proc = run_cli("province", "import", str(f), "--confirm-held", "0" * 16, data_dir=data_dir)
    assert proc.returncode == 1 and "[held]" in proc.stdout  # another file's confirmation does not count
    proc = run_cli("province", "import", str(f), "--confirm-held", "x", data_dir=data_dir)
    assert proc.returncode == 2
    proc = run_cli("province", "import", str(f), "--confirm-held", digest[:16], data_dir=data_dir)
    assert proc.returncode == 0 and "ĐÃ NHẬN" in proc.stdout, proc.stdout


def test_an_expired_key_cannot_sign_a_rotation(world, prov):
    import datetime as dt

    from desktop.store.models_bundle import ProvinceKey as KeyRow

    db, _ = prov
    with db.session() as s, s.begin():
        row = s.query(KeyRow).filter_by(key_id=world.keys.b.key_id).one()
        row.expires_at = dt.datetime(2020, 1, 1)
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        province.enrol(db, enrol_request_for(CODE_B, SigningKey.generate(), rotate_from=world.keys.b),
                       replace_active=True)
    assert info.value.code == "expired_key"
    assert db_digest(db) == before


def test_a_pinned_chain_of_two_province_key_changes_sharing_a_signing_key(world, fresh_commune, monkeypatch):
    from desktop.bundle.keys import AgeIdentity

    data = province.public_key_file(world.province)
    k1 = ProvinceKey.from_file(data)
    monkeypatch.setattr(commune, "pinned_fingerprint", lambda: k1.fingerprint)
    commune.install_province_key(fresh_commune, data)
    signer = world.keys.province_signer
    k2 = ProvinceKey(k1.name, AgeIdentity.generate().recipient, signer.public_raw)
    commune.install_province_key(fresh_commune, k2.to_file(signer, endorser=signer))
    k3 = ProvinceKey(k1.name, AgeIdentity.generate().recipient, signer.public_raw)
    commune.install_province_key(fresh_commune, k3.to_file(signer, endorser=signer))
    assert commune.province_key(fresh_commune).fingerprint == k3.fingerprint
