"""The province's outcome on the rows communes proposed, on SQLite and PostgreSQL: the list with its
filters, accepting and returning in one transaction, refusals that store nothing, re-recording
audited, what the results file reads back, and the decision's source."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from desktop.app import outcomes as oc
from desktop.app import province
from desktop.app.workspace import open_workspace
from desktop.shared.errors import UserError
from desktop.store.models import AuditEntry
from desktop.store.models_bundle import ProvinceOutcome
from tests.province import proposals_data

A, B = "09319", "09247"
YEAR = 2026
DAY = dt.date(2026, 12, 15)
TODAY = dt.date(2026, 12, 20)


@pytest.fixture
def pdb(province_paths):
    db = open_workspace(province_paths)
    province.init_province(db, province_paths)
    proposals_data.sample(db, YEAR)
    yield db
    db.dispose()


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_rows_listed_with_ballot_and_filters(pdb):
    rows = oc.list_rows(pdb, YEAR)
    assert [r.uid for r in rows] == [f"{B}:proposal_row:11", f"{B}:proposal_row:12", f"{A}:proposal_row:1",
                                     f"{A}:proposal_row:2", f"{A}:proposal_row:3"]  # by commune name
    third = rows[-1]
    assert third.title_code == "CSTD_TINH" and third.subject_name == "Lê Minh Châu"
    assert third.ballot is not None and third.ballot.yes == 9 and "đạt" in third.ballot.text()
    assert third.proposal_number == "15/TTr-UBND" and third.proposal_signed_on == dt.date(2026, 11, 20)
    assert third.status == "pending" and third.local_id == 3
    assert rows[1].subject_type == "collective"
    assert [r.uid for r in oc.list_rows(pdb, YEAR, commune=A, title="BK_TINH")] == [
        f"{A}:proposal_row:1", f"{A}:proposal_row:2"]
    assert oc.list_rows(pdb, YEAR + 1) == []
    assert oc.communes_with_rows(pdb, YEAR) == [B, A]


def test_accept_and_return_then_status_filters_and_read_back(pdb):
    got = oc.accept(pdb, YEAR, [(A, "1"), (A, f"{A}:proposal_row:3"), (B, "11")], " 12/qđ-ubnd", DAY, "Cán bộ Sở",
                    today=TODAY)
    assert (got.accepted, got.returned, got.replaced) == (3, 0, 0)
    oc.give_back(pdb, YEAR, [(A, "2")], "Thiếu hồ sơ", "Cán bộ Sở", today=TODAY)
    assert [r.uid for r in oc.list_rows(pdb, YEAR, status="pending")] == [f"{B}:proposal_row:12"]
    assert [r.uid for r in oc.list_rows(pdb, YEAR, status="returned")] == [f"{A}:proposal_row:2"]
    accepted = oc.list_rows(pdb, YEAR, status="accepted")
    assert {r.decision_number for r in accepted} == {"12/QĐ-UBND"}
    infos = oc.outcomes_for(pdb, A, YEAR)
    assert [(i.row_uid, i.status, i.decision_number, i.decision_date, i.reason, i.title_code, i.subject_name)
            for i in infos] == [
        (f"{A}:proposal_row:1", "accepted", "12/QĐ-UBND", DAY, "", "BK_TINH", "Nguyễn Thị Hoa"),
        (f"{A}:proposal_row:2", "returned", "", None, "Thiếu hồ sơ", "BK_TINH", "Trần Văn Bình"),
        (f"{A}:proposal_row:3", "accepted", "12/QĐ-UBND", DAY, "", "CSTD_TINH", "Lê Minh Châu")]
    assert oc.outcomes_for(pdb, B, YEAR + 1) == []


def test_re_recording_replaces_and_the_audit_says_so(pdb):
    oc.accept(pdb, YEAR, [(A, "1")], "12/QĐ-UBND", DAY, "Cán bộ A", today=TODAY)
    again = oc.accept(pdb, YEAR, [(A, "1")], "12/QĐ-UBND", DAY, "Cán bộ A", today=TODAY)
    assert again.unchanged == 1 and again.accepted == 0
    got = oc.give_back(pdb, YEAR, [(A, "1")], "Chưa đủ tiêu chuẩn", "Cán bộ B", today=TODAY)
    assert got.replaced == 1 and "thay kết quả" in got.message()
    assert _count(pdb, ProvinceOutcome) == 1
    with pdb.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "province_outcome")
                          .order_by(AuditEntry.id)).all()
        row = s.scalar(select(ProvinceOutcome))
        assert (row.status, row.reason, row.decision_number, row.decided_by) == (
            "returned", "Chưa đủ tiêu chuẩn", "", "Cán bộ B")
    assert [a.action for a in audit] == ["create", "update"]
    changes = json.loads(audit[1].changes)
    assert changes["status"] == ["accepted", "returned"] and changes["decision_number"] == ["12/QĐ-UBND", ""]
    assert "replaced" in changes and audit[1].actor == "Cán bộ B"


BAD_ENTRIES = [
    (oc.Entry(A, "99", oc.Outcome("accepted", "12/QĐ-UBND", DAY)), "không phải dòng đề nghị"),
    (oc.Entry(A, "11", oc.Outcome("accepted", "12/QĐ-UBND", DAY)), "không phải dòng đề nghị"),  # B's id
    (oc.Entry(A, f"{B}:proposal_row:11", oc.Outcome("accepted", "12/QĐ-UBND", DAY)), "không phải của"),
    (oc.Entry(A, "1", oc.Outcome("accepted", "mười hai", DAY)), "không phải số quyết định"),
    (oc.Entry(A, "1", oc.Outcome("accepted", "12/QĐ-UBND", None)), "Chưa có ngày"),
    (oc.Entry(A, "1", oc.Outcome("accepted", "12/QĐ-UBND", dt.date(2027, 1, 5))), "chưa đến"),
    (oc.Entry(A, "1", oc.Outcome("accepted", "12/QĐ-UBND", dt.date(2026, 11, 19))), "trước ngày"),
    (oc.Entry(A, "1", oc.Outcome("returned", reason="  ")), "Chưa ghi lý do"),
    (oc.Entry(A, "1", oc.Outcome("returned", reason="Thiếu\nhồ sơ")), "một dòng"),
]


def test_a_bad_entry_stores_nothing(pdb):
    """Each bad entry beside a good one: refused with its own words, nothing stored (one workspace for
    all the cases: nothing is written by any of them)."""
    good = oc.Entry(A, "2", oc.Outcome("accepted", "12/QĐ-UBND", DAY))
    for entry, words in BAD_ENTRIES:
        with pytest.raises(oc.OutcomeProblems) as e:
            oc.record(pdb, YEAR, [good, entry], "Cán bộ", today=TODAY)
        assert words in e.value.message and len(e.value.problems) == 1, (entry, e.value.message)
        assert _count(pdb, ProvinceOutcome) == 0 and _count(pdb, AuditEntry) == 0


def test_a_row_of_another_year_is_refused(pdb):
    with pytest.raises(UserError, match="năm 2025"):
        oc.accept(pdb, YEAR - 1, [(A, "1")], "12/QĐ-UBND", DAY, "x", today=TODAY)


def test_one_decision_has_one_date(pdb):
    oc.accept(pdb, YEAR, [(A, "1")], "12/QĐ-UBND", DAY, "x", today=TODAY)
    with pytest.raises(oc.OutcomeProblems, match="đã được ghi với ngày 15/12/2026"):
        oc.accept(pdb, YEAR, [(B, "11")], "12/QĐ-UBND", DAY + dt.timedelta(days=1), "x", today=TODAY)
    with pytest.raises(oc.OutcomeProblems, match="một ngày ký"):
        oc.record(pdb, YEAR, [oc.Entry(B, "11", oc.Outcome("accepted", "13/QĐ-UBND", DAY), "Dòng 5"),
                              oc.Entry(B, "12", oc.Outcome("accepted", "13/QĐ-UBND", DAY - dt.timedelta(1)),
                                       "Dòng 6")], "x", today=TODAY)
    # re-dating the only row of a number is a correction, not a conflict
    oc.accept(pdb, YEAR, [(A, "1")], "12/QĐ-UBND", DAY + dt.timedelta(days=1), "x", today=TODAY)


def test_dry_run_writes_nothing(pdb):
    got = oc.accept(pdb, YEAR, [(A, "1"), (A, "2")], "12/QĐ-UBND", DAY, "x", today=TODAY, dry_run=True)
    assert got.accepted == 2 and "sẽ ghi" in got.message()
    assert _count(pdb, ProvinceOutcome) == 0


def test_decision_source_groups_by_commune_then_title(pdb):
    oc.accept(pdb, YEAR, [(A, "3"), (A, "1"), (B, "12"), (B, "11")], "12/QĐ-UBND", DAY, "x", today=TODAY)
    oc.accept(pdb, YEAR, [(A, "2")], "14/QĐ-UBND", DAY, "x", today=TODAY)
    info = oc.decision_source(pdb, "12/qđ-ubnd", YEAR, "Nguyễn Văn Tỉnh")
    assert info.number == "12/QĐ-UBND" and info.date == DAY
    assert [(r.commune_code, r.title_code, r.subject_name) for r in info.rows] == [
        (B, "TTLDXS", "Trường Mầm non Hoa Sen"), (B, "BK_TINH", "Phạm Quốc Dũng"),
        (A, "CSTD_TINH", "Lê Minh Châu"), (A, "BK_TINH", "Nguyễn Thị Hoa")]
    # the bonus from the catalog in force on the decision date (decree 152/2025 pays the Bằng khen too)
    assert all(r.amount for r in info.rows)
    assert info.rows[2].amount == 3 * info.base_salary and info.total_amount == sum(r.amount or 0 for r in info.rows)
    assert len(info.proposals) == 2
    with pytest.raises(UserError, match="Chưa có dòng đề nghị nào"):
        oc.decision_source(pdb, "99/QĐ-UBND", YEAR, "Nguyễn Văn Tỉnh")
    with pytest.raises(UserError, match="người ký"):
        oc.decision_source(pdb, "12/QĐ-UBND", YEAR, " ")


def test_return_reasons_are_data():
    reasons = oc.return_reasons()
    assert any(r.startswith("Thiếu hồ sơ") for r in reasons) and len(reasons) >= 4
    assert all("\n" not in r for r in reasons)
