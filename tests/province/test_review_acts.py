"""The review's acts travel in the data file (format version 3): a commune's proposal, its rows, the
ballots and the meeting that carried them and the issued minutes reach the province, which checks them
before accepting the file (ballots against the catalog the proposal cites, the votes against the
minutes) and lists exactly the rows of the proposals received. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, update

from desktop.app import commune, province
from desktop.app import province_views as views
from desktop.app.workspace import open_workspace
from desktop.bundle.errors import BundleRefused
from desktop.shared.errors import UserError
from desktop.store.models_bundle import ProvinceOutcome, ProvinceRecord
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import Ballot, ReviewDecision, ReviewDecisionRow
from tests.province.communes import make_commune
from tests.province.review_acts import YEAR, minutes_rows, plant_review, set_ballot

A, B = "09319", "09247"


@pytest.fixture
def sent(province_paths, tmp_path):
    """A province with communes A and B enrolled; A holds a review (proposal, decision, meeting,
    ballots, minutes); B none. Nothing imported yet."""
    pdb = open_workspace(province_paths)
    province.init_province(pdb, province_paths)
    key = province.public_key_file(province_paths)
    out = {}
    for code in (A, B):
        cp, cdb = make_commune(tmp_path, code, 8, key)
        province.enrol(pdb, commune.enrol_request(cdb, cp))
        out[code] = (cp, cdb)
    planted = plant_review(out[A][1])
    yield pdb, province_paths, out, planted
    for _, cdb in out.values():
        cdb.dispose()
    pdb.dispose()


def _import(pdb, paths, cp, cdb, dry_run: bool = False):
    data, _ = commune.build(cdb, cp, str(YEAR))
    return province.import_file(pdb, paths, data, "f.tdkt", dry_run=dry_run)


def _held(pdb, kind: str) -> list:
    r = ProvinceRecord.__table__
    with pdb.engine.connect() as c:
        return c.execute(select(r.c.uid, r.c.subject_uid, r.c.title_code, r.c.year, r.c.name, r.c.payload)
                         .where(r.c.kind == kind).order_by(r.c.uid)).all()


def test_a_proposal_reaches_the_province_with_its_evidence(sent):
    pdb, paths, communes, p = sent
    cp, cdb = communes[A]
    sent_file = commune.export(cdb, cp, cp.data_dir / "usb", str(YEAR))  # the commune's real export
    r = province.import_file(pdb, paths, sent_file.path.read_bytes(), sent_file.file_name)
    assert r.status == "accepted"
    assert {k: r.counts[k] for k in ("document", "meeting", "ballot", "proposal", "proposal_row", "decision",
                                     "decision_row", "award")} == {
        "document": 3, "meeting": 1, "ballot": 3, "proposal": 1, "proposal_row": 2, "decision": 1,
        "decision_row": 1, "award": 1}
    rows = _held(pdb, "proposal_row")
    assert [(x.uid, x.title_code, x.year, x.name) for x in rows] == [
        (f"{A}:proposal_row:{p.rows['collective']}", "CSTD_TINH", YEAR, p.names["collective"]),
        (f"{A}:proposal_row:{p.rows['person']}", "BK_TINH", YEAR, p.names["person"])]
    first = json.loads(rows[0].payload)
    assert first["proposal"] == f"{A}:proposal:{p.proposal}" and rows[0].subject_uid == first["subject"]["uid"]
    assert first["ballot"] == f"{A}:ballot:{p.ballots['yes']}" and first["minutes"] == f"{A}:document:{p.minutes}"
    person_row = json.loads(rows[1].payload)
    assert person_row["ballot"] == f"{A}:ballot:{p.ballots['hands']}"
    (meeting,) = _held(pdb, "meeting")
    m = json.loads(meeting.payload)
    assert m["minutes"] == f"{A}:document:{p.minutes}" and m["members_total"] == 10
    (prop,) = _held(pdb, "proposal")
    assert json.loads(prop.payload)["document"] is not None and prop.year == YEAR
    # the evidence of a row is data in the same file: the subject's ratings, awards, the ballot
    held = {x.uid for x in _held(pdb, "ballot")} | {x.uid for x in _held(pdb, "document")}
    assert first["ballot"] in held and first["minutes"] in held
    assert {x.subject_uid for x in _held(pdb, "award")} == {f"{A}:person:{_decided_person(cdb, p)}"}


def _decided_person(cdb, p) -> int:
    with cdb.session() as s:
        return s.get(ReviewDecisionRow, p.rows["decision"]).person_id


def test_the_proposal_list_is_the_rows_of_the_proposals_received(sent):
    pdb, paths, communes, p = sent
    for code in (A, B):
        assert _import(pdb, paths, *communes[code]).status == "accepted"
    v = views.proposals(pdb, YEAR)
    items = v.data["items"]
    # exactly the two rows of A's proposal; the collective the council voted down is not there, B sent none
    assert [(d["commune_code"], d["name"], d["title_code"]) for d in items] == [
        (A, p.names["collective"], "CSTD_TINH"), (A, p.names["person"], "BK_TINH")]
    assert p.names["down"] not in json.dumps(v.as_json(), ensure_ascii=False)
    assert all(d["proposal"] == "1/TTr-UBND" and d["status_text"] == "Chưa xét" for d in items)
    coll = items[0]
    assert coll["ballot_text"] == "9/10 đồng ý (bỏ phiếu kín)" and coll["ballot"]["yes"] == 9
    assert items[1]["detail"] == "Trưởng thôn" and items[1]["ballot_text"] == "7/10 đồng ý (biểu quyết giơ tay)"
    line = v.rows[v.spans[1] + 1]
    assert line[1] == p.names["person"] and line[5] == f"1/TTr-UBND ngày 12/12/{YEAR}" and line[7] == "Chưa xét"
    # the province's answers, as the outcome recording stores them
    with pdb.session() as s, s.begin():
        s.add(ProvinceOutcome(commune_code=A, year=YEAR, row_uid=coll["uid"], status="accepted",
                              decision_number="12/QĐ-UBND", decision_date=dt.date(YEAR + 1, 1, 10)))
        s.add(ProvinceOutcome(commune_code=A, year=YEAR, row_uid=items[1]["uid"], status="returned",
                              reason="Chưa đủ hồ sơ"))
    texts = {d["uid"]: d["status_text"] for d in views.proposals(pdb, YEAR).data["items"]}
    assert texts == {coll["uid"]: f"Đã duyệt QĐ 12/QĐ-UBND ngày 10/01/{YEAR + 1}",
                     items[1]["uid"]: "Trả lại: Chưa đủ hồ sơ"}
    assert views.proposals(pdb, YEAR, B).data["items"] == []
    assert len(views.proposals(pdb, YEAR, A).data["items"]) == 2
    assert views.proposals(pdb, YEAR + 1).data["items"] == []


def test_the_command_lists_one_commune(sent, capsys):
    pdb, paths, communes, p = sent
    assert _import(pdb, paths, *communes[A]).status == "accepted"
    from desktop.__main__ import main

    base = ["--data-dir", str(paths.data_dir)] + (["--db-url", paths.db_url] if paths.db_url else [])
    assert main([*base, "province", "view", "proposals", "--year", str(YEAR), "--commune", A, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in doc["data"]["items"]] == [p.names["collective"], p.names["person"]]
    assert main([*base, "province", "view", "proposals", "--year", str(YEAR), "--commune", B, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["items"] == []
    assert main([*base, "province", "view", "proposals", "--year", str(YEAR), "--commune", "99999"]) == 2
    assert "99999" in capsys.readouterr().err


def _refused(pdb, paths, cp, cdb) -> BundleRefused:
    with pytest.raises(BundleRefused) as ei:
        _import(pdb, paths, cp, cdb, dry_run=True)
    return ei.value


def test_the_acts_are_checked_before_the_file_is_accepted(sent):
    pdb, paths, communes, p = sent
    cp, cdb = communes[A]
    # a tally changed after the minutes were issued: the commune does not write the file the province
    # would refuse (votes_mismatch, tested with forged files in tests/bundle/corpus_acts.py)
    set_ballot(cdb, p.ballots["yes"], yes=7, no=3)
    with pytest.raises(UserError) as ue:
        commune.build(cdb, cp, str(YEAR))
    assert "không còn khớp biên bản 1/BB-HĐTĐKT" in ue.value.message and "đính chính" in ue.value.message
    # the minutes say so too: the collective's ballot is below the catalog's 80 %
    set_ballot(cdb, p.ballots["yes"], refreeze=True)
    e = _refused(pdb, paths, cp, cdb)
    assert e.code == "ballot_below_threshold" and f"{A}:proposal_row:{p.rows['collective']}" in e.message
    assert "80" in e.message and p.names["collective"] in e.message
    # enough votes, but by show of hands where the catalog asks for a secret ballot
    set_ballot(cdb, p.ballots["yes"], refreeze=True, yes=9, no=1, method="hands")
    assert _refused(pdb, paths, cp, cdb).code == "ballot_below_threshold"
    # no ballot at all for a title that needs one
    with cdb.session() as s, s.begin():
        s.execute(update(Ballot).where(Ballot.id == p.ballots["yes"]).values(deleted_at=dt.datetime(YEAR, 12, 20)))
        s.execute(update(IssuedDocument).where(IssuedDocument.id == p.minutes)
                  .values(rows=json.dumps(minutes_rows(s, p.meeting))))
    e = _refused(pdb, paths, cp, cdb)
    assert e.code == "ballot_missing" and "bỏ phiếu kín" in e.message
    set_ballot(cdb, p.ballots["yes"], refreeze=True, method="secret", deleted_at=None)
    # a proposal made under a catalog the province does not have
    with cdb.session() as s, s.begin():
        s.execute(update(ReviewDecision).where(ReviewDecision.id == p.proposal).values(catalog_version="2031.9"))
    e = _refused(pdb, paths, cp, cdb)
    assert e.code == "unknown_catalog" and "2031.9" in e.message and "cập nhật" in e.message
    with cdb.session() as s, s.begin():
        s.execute(update(ReviewDecision).where(ReviewDecision.id == p.proposal).values(
            catalog_version=s.scalar(select(ReviewDecision.catalog_version).where(ReviewDecision.id == p.decision))))
    # the same file, mended, is accepted; nothing of the refused ones was kept
    assert _held(pdb, "proposal_row") == []
    assert _import(pdb, paths, cp, cdb).status == "accepted"


def test_the_vote_below_threshold_is_left_out_by_the_commune_not_sent(sent):
    """The voted-down collective has its ballot in the file (the minutes hold it) but no row: the file is
    accepted, and the ballot alone makes no proposal."""
    pdb, paths, communes, p = sent
    assert _import(pdb, paths, *communes[A]).status == "accepted"
    ballots = {json.loads(x.payload)["uid"]: json.loads(x.payload) for x in _held(pdb, "ballot")}
    assert ballots[f"{A}:ballot:{p.ballots['down']}"]["passed"] is False
    assert all(d["name"] != p.names["down"] for d in views.proposals(pdb, YEAR).data["items"])


class _Forger:
    """What tests.bundle.kit.Inner needs to open and re-seal a file: the province identity, a signer."""

    def __init__(self, identity, signer):
        self.identity = identity
        self.keys = type("Keys", (), {"a": signer})()


def test_a_correction_is_judged_with_what_the_province_holds(sent):
    import hashlib

    from desktop.bundle.keys import AgeIdentity
    from tests.bundle.kit import Inner

    pdb, paths, communes, p = sent
    cp, cdb = communes[A]
    first, _ = commune.build(cdb, cp, str(YEAR))
    assert province.import_file(pdb, paths, first, "f1.tdkt").status == "accepted"
    forger = _Forger(AgeIdentity.load(province.keys_dir(paths) / province.IDENTITY_FILE),
                     commune.load_signing_key(cp))

    def correction(keep: dict[str, list]) -> bytes:
        i = Inner.open(forger, first)
        for part in i.manifest["parts"]:
            i.set_records(part["kind"], keep.get(part["kind"], []))
        i.manifest.update(kind="correction", sequence=2, previous_hash=hashlib.sha256(first).hexdigest())
        return i.seal(forger)

    i = Inner.open(forger, first)
    row = next(r for r in i.records("proposal_row") if r["title_code"] == "BK_TINH")
    ballot = next(b for b in i.records("ballot") if b["uid"] == row["ballot"])
    # a tally changed under the minutes the province holds
    with pytest.raises(BundleRefused) as ei:
        province.import_file(pdb, paths, correction({"ballot": [dict(ballot, yes=8, no=2)]}), "f2.tdkt", dry_run=True)
    assert ei.value.code == "votes_mismatch"
    # a new row citing the held proposal and ballot: accepted, its year the held proposal's
    new = dict(row, uid=f"{A}:proposal_row:99", sort_order=9)
    assert province.import_file(pdb, paths, correction({"proposal_row": [new]}), "f2.tdkt").status == "accepted"
    assert [x.year for x in _held(pdb, "proposal_row") if x.uid == new["uid"]] == [YEAR]
    assert len(views.proposals(pdb, YEAR, A).data["items"]) == 3
