"""Council meetings, secret-ballot tallies against all members, decisions and proposals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop.core.catalog import load_catalog
from desktop.core.review import tally
from desktop.shared.errors import UserError, ValidationError

from .conftest import YEAR, open_meeting


def _council(commune, n=10):
    for i in range(n - 1):  # the workspace fixture seats the chairman already
        commune.rec.create("council", {"full_name": f"Ủy viên Số {i + 2}", "role": "Ủy viên", "sort_order": i + 2})
    return [m[0] for m in commune.review.council()]


def test_ballot_below_threshold_is_refused_with_reason_and_source():
    cat = load_catalog()
    out = tally(cat, "CSTDCS", members_total=10, yes=7, no=3)
    assert not out.passed and out.required_votes == 8
    assert out.reason.startswith("Không đạt: 7/10 phiếu đồng ý (70 % tổng số thành viên Hội đồng)")
    assert "từ 80 %" in out.reason and "Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7" in out.source
    assert tally(cat, "CSTDCS", 10, 8, 2).passed
    # the 90 % for the provincial title is the province council's: the commune proposes by its own rule
    assert tally(cat, "CSTD_TINH", 9, 8, 1).passed
    assert tally(cat, "CSTDCS", 9, 8, 1).required_votes == 8  # 80 % of 9 = 7.2 -> 8 votes
    with pytest.raises(UserError, match="Cụm, Khối thi đua"):  # suy tôn by the cụm, khối: no commune vote
        tally(cat, "CO_TD_TINH", 9, 8, 1)


def test_ballot_counts_are_checked():
    cat = load_catalog()
    with pytest.raises(ValidationError, match="nhiều hơn số thành viên"):
        tally(cat, "CSTDCS", 5, 4, 2)
    with pytest.raises(ValidationError):
        tally(cat, "CSTDCS", 5, -1, 0)


def test_threshold_counts_all_members_not_only_those_present(commune):
    members = _council(commune, 10)
    meeting = open_meeting(commune.review, YEAR, dt.date(YEAR, 12, 5), present=members[:8])
    p = commune.person(rating="xuat_sac")
    commune.register(("person", p), "CSTDCS")
    # 7 of the 8 present say yes: 87.5 % of those present, but 70 % of the council
    out = commune.review.record_ballot(meeting, ("person", p), "CSTDCS", yes=7, no=1)
    assert not out.passed and "7/10" in out.reason
    with pytest.raises(ValidationError, match="chỉ 8 thành viên có mặt"):
        commune.review.record_ballot(meeting, ("person", p), "CSTDCS", yes=9, no=0)
    info = commune.review.meeting(meeting)
    assert info.members_total == 10 and info.present == 8
    assert info.ballots[0]["passed"] is False


def test_written_votes_of_absent_members_count(commune):
    members = _council(commune, 10)
    meeting = open_meeting(commune.review, YEAR, dt.date(YEAR, 12, 5), present=members[:8], written=members[8:])
    p = commune.person(rating="xuat_sac")
    out = commune.review.record_ballot(meeting, ("person", p), "CSTDCS", yes=9, no=1)
    assert out.passed


def _reviewed_commune(commune):
    members = _council(commune, 10)
    meeting = open_meeting(commune.review, YEAR, dt.date(YEAR, 12, 5), present=members, place="Hội trường UBND xã")
    unit = commune.unit()
    commune.rate(("collective", unit), "xuat_sac")
    star = commune.person("Đặng Thị Đào", unit=unit, rating="xuat_sac")
    voted_down = commune.person("Lê Văn Bình", unit=unit, rating="xuat_sac")
    no_ballot = commune.person("Trần Văn Cường", unit=unit, rating="xuat_sac")
    ldtt = [commune.person(unit=unit, rating="tot") for _ in range(6)]
    low = commune.person("Phạm Văn Dũng", unit=unit, rating="hoan_thanh")
    for p in (star, voted_down, no_ballot):
        commune.register(("person", p), "CSTDCS")
    for p in ldtt + [star, low]:
        commune.register(("person", p), "LDTT")
    commune.register(("collective", unit), "TTLDTT")
    commune.review.record_ballot(meeting, ("person", star), "CSTDCS", yes=9, no=1)
    commune.review.record_ballot(meeting, ("person", voted_down), "CSTDCS", yes=6, no=4)
    return meeting, unit, star, voted_down, no_ballot, ldtt, low


def test_decision_lists_commune_titles_with_bonuses_and_totals(commune):
    meeting, unit, star, voted_down, no_ballot, ldtt, low = _reviewed_commune(commune)
    d = commune.review.decide(YEAR, dt.date(YEAR, 12, 15), "Lê Văn Minh", "Chủ tịch", "", meeting_id=meeting)
    assert d.number_text == "01/QĐ-UBND" and d.catalog_version == load_catalog().version
    assert d.base_salary == 2_340_000
    got = {(r.name, r.title_code): r.amount for r in d.rows}
    assert got[("Đặng Thị Đào", "CSTDCS")] == 2_340_000
    # rounded up to the next 10,000 đồng: 0.3 × 2,340,000 = 702,000 -> 710,000
    assert got[("Đặng Thị Đào", "LDTT")] == 710_000
    assert got[("Trạm Y tế xã Tiên Du", "TTLDTT")] == 1_880_000
    assert ("Lê Văn Bình", "CSTDCS") not in got and ("Trần Văn Cường", "CSTDCS") not in got
    assert ("Phạm Văn Dũng", "LDTT") not in got
    assert d.total_amount == sum(got.values()) == 2_340_000 + 7 * 710_000 + 1_880_000
    assert dict((t, (n, a)) for t, n, a in d.totals_by_title())["Lao động tiên tiến"] == (7, 7 * 710_000)
    left = {(n, t): r for n, t, r in d.left_out}
    assert left[("Lê Văn Bình", "Chiến sĩ thi đua cơ sở")].startswith("Không đạt: 6/10")
    assert "Chưa có kết quả bỏ phiếu kín" in left[("Trần Văn Cường", "Chiến sĩ thi đua cơ sở")]
    assert "chưa đạt mức" in left[("Phạm Văn Dũng", "Lao động tiên tiến")]
    # the award history now holds the year, so the same people are not decided twice
    hist = commune.review.history(("person", star))
    assert {(h["year"], h["title_code"], h["decision_no"], h["source"]) for h in hist} == {
        (YEAR, "CSTDCS", "01/QĐ-UBND", "commune"), (YEAR, "LDTT", "01/QĐ-UBND", "commune")}
    with pytest.raises(UserError, match="Không có đối tượng nào đủ điều kiện"):
        commune.review.decide(YEAR, dt.date(YEAR, 12, 16), "Lê Văn Minh", meeting_id=meeting)
    stored = commune.review.decisions(YEAR)
    assert [x.number_text for x in stored] == ["01/QĐ-UBND"] and stored[0].total_amount == d.total_amount


def test_decision_numbers_come_from_the_years_register(commune):
    from desktop.core.review import Review

    _reviewed_commune(commune)
    rv: Review = commune.review
    assert rv.next_number("decision", dt.date(YEAR, 12, 15)) == 1
    d = rv.decide(YEAR, dt.date(YEAR, 12, 15), "Lê Văn Minh", number=14,
                  only=[(("collective", 1), "TTLDTT")])
    assert d.number_text == "14/QĐ-UBND"
    assert rv.next_number("decision", dt.date(YEAR, 12, 20)) == 15
    assert rv.next_number("decision", dt.date(YEAR + 1, 1, 5)) == 1  # numbers restart each year
    with pytest.raises(ValidationError, match="Số 14 đã dùng"):
        rv.decide(YEAR, dt.date(YEAR, 12, 20), "Lê Văn Minh", number=14)
    d2 = rv.decide(YEAR, dt.date(YEAR, 12, 20), "Lê Văn Minh")  # the rest: LDTT, the passed CSTDCS needs ballots
    assert d2.number == 15


def test_one_register_for_decisions_and_other_documents(commune):
    """A number taken through the register by one path is never handed out again by the other."""
    from desktop.core import register
    from desktop.store.models_reports import DocRegister

    _reviewed_commune(commune)
    rv = commune.review
    assert register.take(commune.db, YEAR, "QĐ") == 1  # a decision numbered outside the review
    assert rv.next_number("decision", dt.date(YEAR, 12, 15)) == 2
    d = rv.decide(YEAR, dt.date(YEAR, 12, 15), "Lê Văn Minh", only=[(("collective", 1), "TTLDTT")])
    assert d.number_text == "02/QĐ-UBND"
    assert register.peek(commune.db, YEAR, "QĐ") == 3  # the decision's number is not handed out again
    assert register.peek(commune.db, YEAR, "TTr") == rv.next_number("proposal", dt.date(YEAR, 12, 15)) == 1
    with commune.db.session() as s, s.begin():  # a file whose decisions predate the register's row
        s.delete(s.get(DocRegister, (YEAR, "QĐ")))
    assert register.peek(commune.db, YEAR, "QĐ") == 3 and register.take(commune.db, YEAR, "QĐ") == 3
    assert rv.next_number("decision", dt.date(YEAR, 12, 20)) == 4
    assert rv.decide(YEAR, dt.date(YEAR, 12, 20), "Lê Văn Minh").number == 4
    assert register.take(commune.db, YEAR, "QĐ") == 5


def test_proposal_to_the_province_lists_upward_titles(commune):
    p = commune.person("Đặng Thị Đào", rating="xuat_sac")
    for y in (YEAR - 2, YEAR - 1):
        commune.review.add_history(("person", p), y, "CSTDCS", f"{y}/QĐ-UBND")
    commune.initiative(p, scope="tinh", year=YEAR)
    commune.register(("person", p), "CSTDCS")
    members = _council(commune, 10)
    meeting = open_meeting(commune.review, YEAR, dt.date(YEAR, 12, 5), present=members)
    commune.review.record_ballot(meeting, ("person", p), "CSTDCS", 10, 0)
    commune.review.record_ballot(meeting, ("person", p), "CSTD_TINH", 10, 0)
    prop = commune.review.decide(YEAR, dt.date(YEAR, 12, 15), "Lê Văn Minh", kind="proposal", meeting_id=meeting)
    assert prop.number_text == "01/TTr-UBND"
    # one achievement, one form of award: the provincial title, not a Bằng khen as well
    assert {(r.name, r.title_code) for r in prop.rows} == {("Đặng Thị Đào", "CSTD_TINH")}
    assert any(n == "Đặng Thị Đào" and "một thành tích chỉ khen một hình thức" in why.lower()
               for n, _t, why in prop.left_out)
    assert prop.total_amount == 0 and prop.base_salary is None
    # a proposal is not an award: the history does not hold the provincial title yet
    assert "CSTD_TINH" not in {h["title_code"] for h in commune.review.history(("person", p))}


def test_decision_input_is_checked(commune):
    with pytest.raises(ValidationError) as e:
        commune.review.decide(YEAR, dt.date(YEAR, 12, 15), " ", authority_prefix="XX.")
    assert set(e.value.errors) == {"signer_name", "authority_prefix"}


def test_bonus_uses_the_base_salary_on_the_decision_date():
    cat = load_catalog()
    assert cat.bonus("CSTDCS", dt.date(2024, 6, 30)).amount == 1_800_000
    assert cat.bonus("CSTDCS", dt.date(2024, 7, 1)).amount == 2_340_000
    assert cat.bonus("LDTT", dt.date(2026, 12, 1)).multiple == Decimal("0.3")
    assert cat.bonus("GDVH", dt.date(2026, 12, 1)) is None


def test_history_import_from_csv(commune, tmp_path):
    p = commune.person("Đặng Thị Đào", rating="xuat_sac")
    commune.rec.update("person", p, {**commune.rec.get("person", p), "cccd": "027190000456"}, accept_warnings=True)
    f = tmp_path / "lich_su.csv"
    f.write_text("loai,ma_dinh_danh,ho_ten,nam,ma_danh_hieu,so_quyet_dinh,ngay_quyet_dinh\n"
                 "person,027190000456,Đặng Thị Đào,2024,CSTDCS,12/QĐ-UBND,10/12/2024\n"
                 "person,,Đặng Thị Đào,2025,CSTDCS,15/QĐ-UBND,12/12/2025\n", encoding="utf-8")
    assert commune.review.import_history_csv(f) == 2
    assert [h["year"] for h in commune.review.history(("person", p))] == [2024, 2025]
    bad = tmp_path / "sai.csv"
    bad.write_text("loai,ma_dinh_danh,ho_ten,nam,ma_danh_hieu\nperson,,Đặng Thị Đào,2023,CSTDCS\n"
                   "person,,Không Có Ai,2023,CSTDCS\n", encoding="utf-8")
    with pytest.raises(UserError, match="Dòng 3: không tìm thấy"):
        commune.review.import_history_csv(bad)
    assert len(commune.review.history(("person", p))) == 2  # nothing of the bad file went in
