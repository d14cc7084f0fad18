"""Enrolment of commune keys at the province: rotation signed by both keys, refused rotations and
requests (database byte-identical), re-enrolment after a lost key (old key revoked, chain continues
through a signed resume point)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.app import commune, province
from desktop.app.workspace import init_workspace
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import SigningKey
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.store.models_bundle import ProvinceKey as KeyRow
from tests.bundle.conftest import assert_vietnamese_reason
from tests.bundle.conftest import copy_data_dir as copy
from tests.bundle.kit import CODE_A, CODE_B, Inner, db_digest, enrol_request_for, sha256
from tests.trust import install_trusted


@pytest.fixture
def prov(world, tmp_path):
    db, paths = world.open_province(tmp_path / "province")
    yield db, paths
    db.dispose()


def key_status(db, key: SigningKey) -> str | None:
    with db.session() as s:
        return s.scalar(select(KeyRow.status).where(KeyRow.key_id == key.key_id))


def resigned(world, data: bytes, key: SigningKey) -> bytes:
    i = Inner.open(world, data)
    i.manifest["signer_key_id"] = key.key_id
    return i.seal(world, signer=key)


def refused_enrolment(db, data: bytes, code: str, fragment: str) -> None:
    before = db_digest(db)
    with pytest.raises(BundleRefused) as info:
        province.enrol(db, data)
    assert info.value.code == code
    assert_vietnamese_reason(info.value, fragment)
    assert db_digest(db) == before


def test_rotation_signed_by_both_keys_is_accepted(world, prov):
    db, paths = prov
    new = SigningKey.generate()
    request = enrol_request_for(CODE_A, new, rotate_from=world.keys.a)
    # replacing the key in use is a step of its own: refused without it, nothing changes
    refused_enrolment(db, request, "replace_needs_confirmation", "thu hồi khóa đó")
    r = province.enrol(db, request, replace_active=True)
    assert (r.action, r.commune_code, r.fingerprint) == ("rotation", CODE_A, new.fingerprint)
    assert key_status(db, world.keys.a) == "revoked" and key_status(db, new) == "active"
    # the chain goes on with the new key; the old key's file is now refused
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, world.good[3])
    assert info.value.code == "revoked_key"
    assert world.import_(db, paths, resigned(world, world.good[3], new)).status == "accepted"


def test_the_real_rotation_flow(world, tmp_path):
    """commune.rotate_key on a copy of commune A: the request it writes is accepted as a rotation."""
    cpaths = Paths(copy(world.commune.data_dir, tmp_path / "commune"))
    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    db, _ = world.open_province(tmp_path / "province")
    try:
        request = commune.rotate_key(cdb, cpaths)
        assert json.loads(request)["last_export"] == {"sequence": 3, "file_sha256": sha256(world.good[3])}
        assert province.enrol(db, request, replace_active=True).action == "rotation"
        assert key_status(db, commune.load_signing_key(cpaths)) == "active"
        assert key_status(db, world.keys.a) == "revoked"
    finally:
        cdb.dispose()
        db.dispose()


@pytest.mark.parametrize("how", ["old signature by another key", "old signature missing",
                                 "rotation from a revoked key", "rotation from another commune's key",
                                 "rotation from an unknown key"])
def test_rotation_without_a_valid_old_signature_is_refused(world, prov, how):
    db, _ = prov
    new, k = SigningKey.generate(), world.keys
    if how == "old signature by another key":
        doc = json.loads(enrol_request_for(CODE_A, new, rotate_from=k.a))
        forged = json.loads(enrol_request_for(CODE_A, new, rotate_from=k.unknown))
        doc["old_signature"] = forged["old_signature"]
        data = json.dumps(doc, ensure_ascii=False).encode()
    elif how == "old signature missing":
        doc = json.loads(enrol_request_for(CODE_A, new, rotate_from=k.a))
        del doc["old_signature"]
        data = json.dumps(doc, ensure_ascii=False).encode()
    else:
        old = {"rotation from a revoked key": k.a_old, "rotation from another commune's key": k.b,
               "rotation from an unknown key": k.unknown}[how]
        data = enrol_request_for(CODE_A, new, rotate_from=old)
    refused_enrolment(db, data, "bad_enrolment", "khóa cũ")
    assert key_status(db, k.a) == "active" and key_status(db, new) is None


@pytest.mark.parametrize("how, fragment", [
    ("officer changed after signing", "Tệp đăng ký khóa không hợp lệ"),
    ("signed by another key", "Tệp đăng ký khóa không hợp lệ"),
    ("code changed after signing", "Tệp đăng ký khóa không hợp lệ"),
    ("not JSON", "Tệp đăng ký khóa không hợp lệ"),
    ("duplicate key", "Tệp đăng ký khóa không hợp lệ"),
    ("a commune outside the province, properly signed", "không có trong danh sách 99 xã, phường"),
])
def test_malformed_or_forged_requests_are_refused(world, prov, how, fragment):
    db, _ = prov
    key = SigningKey.generate()
    doc = json.loads(enrol_request_for("09295", key))
    if how == "officer changed after signing":
        doc["officer"] = "Người khác"
    elif how == "signed by another key":
        doc["signature"] = json.loads(enrol_request_for("09295", SigningKey.generate()))["signature"]
    elif how == "code changed after signing":
        doc["commune_code"] = "09301"
    elif how.startswith("a commune outside"):
        doc = json.loads(enrol_request_for("00001", key))
    data = json.dumps(doc, ensure_ascii=False).encode()
    if how == "not JSON":
        data = b"\x00\x01 not json"
    elif how == "duplicate key":
        data = data[:-1] + b',"officer":"X"}'
    refused_enrolment(db, data, "bad_enrolment", fragment)


def test_a_key_enrolled_for_one_commune_cannot_be_enrolled_for_another(world, prov):
    db, _ = prov
    refused_enrolment(db, enrol_request_for(CODE_A, world.keys.b), "wrong_commune_key", "đơn vị khác")


def test_enrolling_the_same_request_twice_is_harmless(world, prov):
    db, _ = prov
    data = enrol_request_for("09295", SigningKey.generate())
    assert province.enrol(db, data).action == "new"
    before = db_digest(db)
    assert province.enrol(db, data).action == "already"
    assert db_digest(db) == before


def test_re_enrolment_after_a_lost_computer_revokes_the_old_key_and_continues_the_chain(world, tmp_path):
    """Commune A's computer is lost: a new installation with a new key enrols (no rotation possible),
    the old key is revoked, and after the province's signed resume point the new machine's first file
    is number 3, chained to file 2."""
    db, ppaths = world.open_province(tmp_path / "province")
    cpaths = Paths(tmp_path / "new-commune")
    cpaths.ensure()
    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    try:
        init_workspace(cdb, CODE_A, "Nguyễn Thị Hoa")
        new = commune.create_signing_key(cpaths)
        install_trusted(cpaths, province.public_key_file(ppaths))
        # a new installation: nothing typed in yet
        request = commune.enrol_request(cdb, cpaths)
        refused_enrolment(db, request, "replace_needs_confirmation", "--replace-active-key")
        r = province.enrol(db, request, replace_active=True)
        assert r.action == "re-enrolment"
        assert key_status(db, world.keys.a) == "revoked" and key_status(db, new) == "active"

        # a file signed with the old key (e.g. from the lost machine) is refused now
        before = db_digest(db)
        with pytest.raises(BundleRefused) as info:
            world.import_(db, ppaths, world.good[3])
        assert info.value.code == "revoked_key"
        assert_vietnamese_reason(info.value, "đã bị thu hồi")
        assert db_digest(db) == before

        # without the resume point the new machine would start again at 1: refused as a rollback
        data, m = commune.build(cdb, cpaths, "2026")
        assert m.sequence == 1
        with pytest.raises(BundleRefused) as info:
            world.import_(db, ppaths, data)
        assert info.value.code == "rollback"

        # the next file in the chain, signed by the new key but without the province's one-time token
        # (what an outsider who enrolled a key of their own could send): refused
        forged = resigned(world, world.good[3], new)
        before = db_digest(db)
        with pytest.raises(BundleRefused) as info:
            world.import_(db, ppaths, forged)
        assert info.value.code == "resume_required"
        assert_vietnamese_reason(info.value, "mã nối tiếp")
        assert db_digest(db) == before

        message = commune.import_statement(cdb, cpaths, province.resume_statement(db, ppaths, CODE_A))
        assert "số 3" in message
        result = commune.export(cdb, cpaths, tmp_path / "usb.tdkt", "2026")
        assert (result.sequence, result.previous_hash) == (3, sha256(world.good[2]))
        data = result.path.read_bytes()
        # it carries the token, but a full file removing most of what the province holds waits for the clerk
        with pytest.raises(BundleRefused) as info:
            world.import_(db, ppaths, data)
        assert info.value.code == "held"
        assert_vietnamese_reason(info.value, "giữ lại")
        assert db_digest(db) == before
        r = world.import_(db, ppaths, data, confirm_held=True)
        assert (r.status, r.sequence, r.commune_code) == ("accepted", 3, CODE_A)
        assert sum(r.counts.values()) == 0
        assert r.changes["person"]["removed"] > 0  # a full file replaces what the lost machine had sent
    finally:
        cdb.dispose()
        db.dispose()


def test_a_resume_point_for_another_commune_is_refused(world, tmp_path):
    db, ppaths = world.open_province(tmp_path / "province")
    cpaths = Paths(copy(world.commune.data_dir, tmp_path / "commune"))
    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    try:
        before = db_digest(cdb)
        with pytest.raises(UserError) as info:
            commune.import_statement(cdb, cpaths, province.resume_statement(db, ppaths, CODE_B))
        assert "09187" in info.value.message
        assert db_digest(cdb) == before
    finally:
        cdb.dispose()
        db.dispose()
