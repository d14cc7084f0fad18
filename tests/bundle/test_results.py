"""The province's results go back to the commune (docs/bundle-format.md §5, results): signed at the
province, verified and applied at the commune in one transaction, each refusal leaving it unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.app.receive import receive
from desktop.core.review import Review
from desktop.shared.errors import UserError
from desktop.store.models_bundle import ProvinceStatementLog, ReceivedStatement
from desktop.store.models_review import AwardHistory, ReviewDecisionRow
from tests.bundle.kit import CODE_B, STATEMENT_CASES, data_digest, wal_checkpoint

ACCEPTED_TEXT = "Đã được tặng Bằng khen của Chủ tịch UBND tỉnh, QĐ số 12/QĐ-UBND ngày 15/01/2027"




def _digest(p) -> str:
    wal_checkpoint(p.cpaths.db_file)
    return data_digest(p.cpaths.db_file, skip=())


def _awards(p) -> list[AwardHistory]:
    with p.cdb.session() as s:
        return list(s.scalars(select(AwardHistory).order_by(AwardHistory.id)))


def _proposal_rows(p):
    return next(d for d in Review(p.cdb.session).decisions(2026) if d.kind == "proposal").rows


def test_results_round_trip_award_and_return(pair, tmp_path):
    pair.outcome(pair.rows[0])
    pair.outcome(pair.rows[1], "returned", number="", date=None, reason="Chưa đủ hồ sơ minh chứng sáng kiến")
    data = pair.results_file(tmp_path / "out")
    r = receive(pair.cdb, pair.cpaths, data)
    assert r.applied and r.kind == "results"
    assert "1 trường hợp được khen thưởng, 1 trường hợp trả lại" in r.message
    assert ACCEPTED_TEXT in r.message
    rows = _proposal_rows(pair)
    assert [x.outcome_text for x in rows] == [ACCEPTED_TEXT, "Trả lại: Chưa đủ hồ sơ minh chứng sáng kiến"]
    (award,) = _awards(pair)
    assert (award.source, award.level, award.year, award.title_code, award.decision_no, award.decision_date,
            award.proposal_row_id, award.person_id) == ("province", "tinh", 2026, "BK_TINH", "12/QĐ-UBND",
                                                        dt.date(2027, 1, 15), pair.rows[0], pair.people[0])
    with pair.cdb.session() as s:
        (rec,) = s.scalars(select(ReceivedStatement)).all()
        assert (rec.kind, rec.year) == ("results", 2026)
    with pair.pdb.session() as s:
        (log,) = s.scalars(select(ProvinceStatementLog)).all()
        assert (log.kind, log.commune_code, log.year, log.items) == ("results", "09319", 2026, 2)
    name = next((tmp_path / "out").iterdir()).name
    assert name.startswith("KetQua_09319_2026_") and name.endswith("Z.json")


def test_the_same_file_twice_changes_nothing(pair, tmp_path):
    pair.outcome(pair.rows[0])
    data = pair.results_file(tmp_path / "out")
    assert receive(pair.cdb, pair.cpaths, data).applied
    before = _digest(pair)
    again = receive(pair.cdb, pair.cpaths, data)
    assert not again.applied and "đã nhận trước đó" in again.message
    assert _digest(pair) == before


def test_accepted_then_returned_loses_the_award(pair, tmp_path):
    pair.outcome(pair.rows[0])
    receive(pair.cdb, pair.cpaths, pair.results_file(tmp_path / "a"))
    pair.outcome(pair.rows[0], "returned", number="", date=None, reason="Hồ sơ sai đối tượng")
    second = pair.results_file(tmp_path / "b")
    receive(pair.cdb, pair.cpaths, second)
    (award,) = _awards(pair)
    assert award.deleted_at is not None
    assert _proposal_rows(pair)[0].outcome_text == "Trả lại: Hồ sơ sai đối tượng"
    with pair.cdb.session() as s:
        assert s.get(ReviewDecisionRow, pair.rows[0]).outcome == "returned"


def test_an_older_file_is_refused_after_a_newer_one(pair, tmp_path):
    pair.outcome(pair.rows[0])
    first = pair.results_file(tmp_path / "a")
    second = pair.results_file(tmp_path / "b")  # made strictly later, whatever the clock says
    receive(pair.cdb, pair.cpaths, second)
    before = _digest(pair)
    with pytest.raises(UserError, match="không mới hơn"):
        receive(pair.cdb, pair.cpaths, first)
    assert _digest(pair) == before


def test_province_makes_each_file_later_than_the_last(pair, tmp_path):
    pair.outcome(pair.rows[0])
    for n in range(3):
        pair.results_file(tmp_path / str(n))
    with pair.pdb.session() as s:
        made = [x.made_at for x in s.scalars(select(ProvinceStatementLog).order_by(ProvinceStatementLog.id))]
    assert made == sorted(set(made)) and len(made) == 3


def test_province_refuses_a_commune_without_outcomes(pair, tmp_path):
    with pytest.raises(UserError, match="Chưa có kết quả nào"):
        pair.results_file(tmp_path / "out", code=CODE_B)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", sorted(STATEMENT_CASES))
def test_a_bad_statement_is_refused_and_changes_nothing(pair, name):
    fragment, _about, forge = STATEMENT_CASES[name]
    data = forge(pair)
    before = _digest(pair)
    with pytest.raises(UserError) as info:
        receive(pair.cdb, pair.cpaths, data)
    assert fragment in info.value.message, info.value.message
    assert _digest(pair) == before
    assert not (pair.cpaths.data_dir / "catalogs").exists()


def test_a_receipt_still_goes_through_receive(pair):
    """What ``receipt`` did: a receipt naming a file the commune never sent is refused as before."""
    from desktop.bundle.statements import sign_statement

    data = sign_statement({"type": "tdkt-receipt", "version": 1, "commune_code": "09319", "sequence": 5,
                           "file_sha256": "ab" * 32, "status": "accepted", "period": "2026",
                           "imported_at": "2027-01-02T03:04:05Z"}, pair.signer)
    with pytest.raises(UserError, match="không có trong nhật ký gửi"):
        receive(pair.cdb, pair.cpaths, data)


def test_province_refuses_to_sign_an_incomplete_outcome(pair, tmp_path):
    pair.outcome(pair.rows[0], "accepted", number="", date=None)
    with pytest.raises(UserError, match="chưa gửi được: .*phải có số và ngày quyết định"):
        pair.results_file(tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pair.pdb.session() as s:
        assert s.scalars(select(ProvinceStatementLog)).all() == []
