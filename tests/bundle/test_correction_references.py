"""A correction must not leave the province holding records that point at nothing: a person removed
while her registrations stay, or a new registration about a person the province never received. Crafted
corrections of commune B (signed with B's real key), each after B's real file 1, through the import
and its preview alike (desktop.bundle.records_codec.check_correction_references)."""

from __future__ import annotations

import hashlib

import pytest

from desktop.app import province
from desktop.bundle.errors import BundleRefused
from tests.bundle.kit import Inner
from tests.bundle.test_batch_import import CODE_B, prov, registrations  # noqa: F401 - prov is a fixture


def _b(world):
    i = Inner.open(world, world.good[3])
    i.as_commune(CODE_B)
    i.manifest["signer_key_id"] = world.keys.b.key_id
    first = i.seal(world, signer=world.keys.b)
    return i, first


def _correction(world, i, first, removed: dict, keep: dict[str, list] | None = None) -> bytes:
    keep = keep or {}
    for part in i.manifest["parts"]:
        i.set_records(part["kind"], keep.get(part["kind"], []))
    i.manifest.update(kind="correction", sequence=2, previous_hash=hashlib.sha256(first).hexdigest(),
                      removed=removed)
    return i.seal(world, signer=world.keys.b)


def _person_with_registrations(i) -> tuple[str, list[str]]:
    regs = i.records("registration")
    person = next(r["subject"]["uid"] for r in regs if r["subject"]["type"] == "person")
    return person, [r["uid"] for r in regs if r["subject"]["uid"] == person]


@pytest.fixture
def b_first(world, prov):
    db, paths = prov
    i, first = _b(world)
    assert province.import_file(db, paths, first, "B_so1.tdkt", identity=world.identity).status == "accepted"
    return i, first


def _refused(world, prov, data: bytes, dry_run: bool) -> BundleRefused:
    db, paths = prov
    with pytest.raises(BundleRefused) as ei:
        province.import_file(db, paths, data, "B_so2.tdkt", identity=world.identity, dry_run=dry_run)
    return ei.value


def test_removing_a_person_whose_registrations_stay_is_refused(world, prov, b_first):
    i, first = b_first
    person, regs = _person_with_registrations(i)
    before = registrations(prov[1].db_file, CODE_B)
    data = _correction(world, i, first, {"person": [person]})
    for dry_run in (True, False):  # the preview says what the import will say
        e = _refused(world, prov, data, dry_run)
        assert e.code == "dangling_reference" and person in e.message and "tệp bổ sung" in e.message
    assert registrations(prov[1].db_file, CODE_B) == before  # nothing of it applied


def test_a_new_registration_about_a_person_never_received_is_refused(world, prov, b_first):
    i, first = b_first
    reg = dict(i.records("registration")[0])
    reg["uid"] = f"{CODE_B}:registration:99999"
    reg["subject"] = {"type": "person", "uid": f"{CODE_B}:person:99999"}
    data = _correction(world, i, first, {}, {"registration": [reg]})
    for dry_run in (True, False):
        e = _refused(world, prov, data, dry_run)
        assert e.code == "dangling_reference" and f"{CODE_B}:person:99999" in e.message


def test_removing_a_person_with_her_records_is_accepted(world, prov, b_first):
    i, first = b_first
    person, regs = _person_with_registrations(i)
    others = {k: [r["uid"] for r in i.records(k) if (r.get("subject") or {}).get("uid") == person
                  or r.get("person_id") == person]
              for k in ("rating", "discipline", "initiative", "achievement")}
    removed = {"person": [person], "registration": regs, **{k: v for k, v in others.items() if v}}
    data = _correction(world, i, first, removed)
    db, paths = prov
    assert province.import_file(db, paths, data, "B_so2.tdkt", identity=world.identity).status == "accepted"
