"""The review's acts in a correction: judged on what the province holds plus the file (a new proposal
row citing a proposal and a ballot received before, a tally changed under minutes received before, a
proposal removed while its rows stay). Commune B's file 1 carries the acts of tests/bundle/corpus_acts.py;
each correction follows it (desktop.app.province_acts, records_codec.check_correction_references)."""

from __future__ import annotations

import hashlib
import json

import pytest

from desktop.app import province
from desktop.bundle.errors import BundleRefused
from tests.bundle.corpus_acts import acts_for
from tests.bundle.kit import CODE_A, CODE_B, Inner


@pytest.fixture
def prov(world, tmp_path):
    db, paths = world.open_province(tmp_path / "province")
    yield db, paths
    db.dispose()


@pytest.fixture
def b_acts(world, prov):
    """B's file 1: file 3 of A presented as B's, with a meeting, minutes, two ballots, a proposal."""
    db, paths = prov
    i = Inner.open(world, world.good[3])
    acts = acts_for(i.records("person")[1]["uid"], i.records("person")[0]["uid"])
    for kind, records in acts.items():
        i.set_records(kind, records)
    i.as_commune(CODE_B)
    i.manifest["signer_key_id"] = world.keys.b.key_id
    first = i.seal(world, signer=world.keys.b)
    assert province.import_file(db, paths, first, "B_so1.tdkt", identity=world.identity).status == "accepted"
    return i, first, json.loads(json.dumps(acts).replace(f'"{CODE_A}:', f'"{CODE_B}:'))


def _correction(world, i, first, keep: dict[str, list], removed: dict | None = None) -> bytes:
    for part in i.manifest["parts"]:
        i.set_records(part["kind"], keep.get(part["kind"], []))
    i.manifest.update(kind="correction", sequence=2, previous_hash=hashlib.sha256(first).hexdigest(),
                      removed=removed or {})
    return i.seal(world, signer=world.keys.b)


def _import(world, prov, data: bytes, dry_run: bool = False):
    db, paths = prov
    return province.import_file(db, paths, data, "B_so2.tdkt", identity=world.identity, dry_run=dry_run)


def _refused(world, prov, data: bytes) -> BundleRefused:
    for dry_run in (True, False):  # the preview says what the import will say
        with pytest.raises(BundleRefused) as ei:
            _import(world, prov, data, dry_run)
    return ei.value


def test_a_new_row_citing_what_the_province_holds_is_accepted(world, prov, b_acts):
    i, first, acts = b_acts
    row = dict(acts["proposal_row"][1], uid=f"{CODE_B}:proposal_row:3", sort_order=3)
    assert _import(world, prov, _correction(world, i, first, {"proposal_row": [row]})).status == "accepted"
    db, _ = prov
    with db.engine.connect() as c:
        got = c.exec_driver_sql("SELECT year, title_code, subject_uid FROM province_record WHERE uid = ?",
                                (row["uid"],)).one()
    assert tuple(got) == (acts["proposal"][0]["year"], "BK_TINH", row["subject"]["uid"])  # year of the held proposal


def test_a_new_row_without_the_ballot_its_title_needs_is_refused(world, prov, b_acts):
    i, first, acts = b_acts
    row = dict(acts["proposal_row"][0], uid=f"{CODE_B}:proposal_row:3", ballot=None)
    e = _refused(world, prov, _correction(world, i, first, {"proposal_row": [row]}))
    assert e.code == "ballot_missing" and row["uid"] in e.message


def test_a_tally_changed_under_minutes_already_received_is_refused(world, prov, b_acts):
    i, first, acts = b_acts
    ballot = dict(acts["ballot"][1], yes=8, no=2)
    e = _refused(world, prov, _correction(world, i, first, {"ballot": [ballot]}))
    assert e.code == "votes_mismatch" and f"{CODE_B}:meeting:1" in e.message


def test_removing_a_proposal_whose_rows_stay_is_refused(world, prov, b_acts):
    i, first, acts = b_acts
    e = _refused(world, prov, _correction(world, i, first, {}, {"proposal": [acts["proposal"][0]["uid"]]}))
    assert e.code == "dangling_reference" and acts["proposal"][0]["uid"] in e.message
