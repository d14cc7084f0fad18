"""Rules of the data file that sit between the spec and the kit: one recipient only, `removed` always
present and empty in a full file, a revoked key cannot be enrolled again, expired keys are not shown
as enrolled, and opening the province database to read leaves its bytes alone."""

from __future__ import annotations

import datetime as dt
import hashlib

import pyrage
import pytest
from pyrage import x25519

from desktop.app import commune, demo, province
from desktop.app.commune import MANIFEST_TYPE
from desktop.bundle import container
from desktop.bundle.errors import BundleRefused
from desktop.bundle.strictjson import dumps
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from tests.trust import install_trusted


@pytest.fixture
def pair(workspace, paths, tmp_path):
    pp = Paths(tmp_path / "prov")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    province.init_province(pdb, pp)
    commune.create_signing_key(paths)
    install_trusted(paths, province.public_key_file(pp))
    demo.fill(workspace, people=15, seed=5)
    province.enrol(pdb, commune.enrol_request(workspace, paths))
    yield workspace, paths, pdb, pp
    pdb.dispose()


def _resign(db, paths, mutate) -> bytes:
    """Rebuild a valid file with its manifest changed by ``mutate`` and signed again by the commune."""
    _data, manifest = commune.build(db, paths, "2026")
    key = commune.load_signing_key(paths)
    doc = manifest.to_json()
    mutate(doc)
    body = dumps(doc)
    identity_recipient = commune.province_key(paths).age_recipient
    inner_parts = []  # the same parts the manifest describes (compression is deterministic)
    with db.session() as s:
        from desktop.bundle.records_codec import RECORD_KINDS, export_kind

        ws = db.workspace()
        for kind in RECORD_KINDS:
            stored, _raw = container.compress_part(list(export_kind(s, ws.unit_code, kind)))
            inner_parts.append((f"{kind}.jsonl.gz", stored))
    inner = container.encode_sections([("manifest", body), ("signature", key.sign(MANIFEST_TYPE, body))] + inner_parts)
    return pyrage.encrypt(inner, [x25519.Recipient.from_str(identity_recipient)])


def test_file_readable_by_a_second_key_is_refused(pair):
    db, paths, pdb, pp = pair
    data, manifest = commune.build(db, paths, "2026")
    from desktop.bundle.keys import AgeIdentity

    ours = AgeIdentity.load(pp.data_dir / "keys" / province.IDENTITY_FILE)
    inner = pyrage.decrypt(data, [ours.identity])
    spy = x25519.Identity.generate()
    both = pyrage.encrypt(inner, [x25519.Recipient.from_str(ours.recipient), spy.to_public()])
    with pytest.raises(BundleRefused) as e:
        province.import_file(pdb, pp, both, "hai-nguoi-nhan.tdkt")
    assert e.value.code == "extra_recipients" and "2 người nhận" in e.value.message


@pytest.mark.parametrize("mutate, fragment", [
    (lambda d: d.pop("removed"), "thiếu mục “removed”"),
    (lambda d: d.__setitem__("removed", {"person": ["09319:person:1"]}), "không được kèm danh sách"),
])
def test_removed_rules(pair, mutate, fragment):
    db, paths, pdb, pp = pair
    bad = _resign(db, paths, mutate)
    with pytest.raises(BundleRefused) as e:
        province.import_file(pdb, pp, bad, "x.tdkt")
    assert e.value.code == "bad_manifest" and fragment in e.value.message


def test_revoked_key_cannot_come_back_and_expired_is_not_enrolled(pair, tmp_path):
    db, paths, pdb, pp = pair
    old_request = commune.enrol_request(db, paths)
    rotation = commune.rotate_key(db, paths)
    assert province.enrol(pdb, rotation, replace_active=True).action == "rotation"
    with pytest.raises(BundleRefused) as e:
        province.enrol(pdb, old_request)
    assert e.value.code == "revoked_key"
    # a key that expired is not shown as enrolled
    province.revoke(pdb, "09319")
    other = commune.enrol_request(db, paths)  # the current key, revoked just now
    with pytest.raises(BundleRefused):
        province.enrol(pdb, other)
    assert not province.stats(pdb).get("09319", {}).get("enrolled")


def test_expired_key_not_enrolled_in_stats(workspace, paths, tmp_path):
    pp = Paths(tmp_path / "prov2")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    try:
        province.init_province(pdb, pp)
        commune.create_signing_key(paths)
        province.enrol(pdb, commune.enrol_request(workspace, paths), expires_at=dt.datetime(2020, 1, 1))
        assert not province.stats(pdb).get("09319", {}).get("enrolled")
    finally:
        pdb.dispose()


def test_opening_to_read_leaves_the_file_alone(pair):
    _db, _paths, pdb, pp = pair
    pdb.dispose()
    import sqlite3

    con = sqlite3.connect(pp.db_file)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = hashlib.sha256(pp.db_file.read_bytes()).hexdigest()
    again = open_database(pp.db_file, pp.backup_dir)
    province.stats(again)
    again.dispose()
    con = sqlite3.connect(pp.db_file)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert hashlib.sha256(pp.db_file.read_bytes()).hexdigest() == before
