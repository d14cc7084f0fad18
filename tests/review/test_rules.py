"""Each eligibility rule with a passing and a failing case; the 3-year scenario."""

from __future__ import annotations

import datetime as dt

from desktop.core.review import BLOCKED, OK, WARNING

from .conftest import YEAR, finding


def test_ldtt_passes_with_rating_and_no_discipline(commune):
    p = commune.person(rating="tot")
    commune.register(("person", p), "LDTT")
    c = commune.cand(("person", p), "LDTT")
    assert c.status == OK
    assert "Hoàn thành tốt nhiệm vụ" in finding(c, "rating_at_least").reason
    assert "Luật Thi đua, khen thưởng 06/2022/QH15" in finding(c, "rating_at_least").source


def test_ldtt_fails_on_low_rating(commune):
    p = commune.person(rating="hoan_thanh")
    commune.register(("person", p), "LDTT")
    c = commune.cand(("person", p), "LDTT")
    assert c.status == BLOCKED
    assert "chưa đạt mức “Hoàn thành tốt nhiệm vụ”" in finding(c, "rating_at_least").reason


def test_ldtt_fails_without_rating_for_civil_servants_and_asks_the_council_for_citizens(commune):
    civil = commune.person(rating=None, category="cong_chuc")
    farmer = commune.person(rating=None, category="nong_dan")
    for p in (civil, farmer):
        commune.register(("person", p), "LDTT")
    res = commune.check()
    assert res.find(("person", civil), "LDTT").status == BLOCKED
    assert "Chưa có kết quả xếp loại năm 2026" in finding(res.find(("person", civil), "LDTT"), "rating_at_least").reason
    f = finding(res.find(("person", farmer), "LDTT"), "rating_at_least")
    assert f.status == WARNING and "Nông dân" in f.reason


def test_ldtt_fails_on_discipline_in_the_year(commune):
    p = commune.person(rating="xuat_sac")
    commune.discipline(p, level="khien_trach", start=dt.date(YEAR, 3, 2))
    commune.register(("person", p), "LDTT")
    c = commune.cand(("person", p), "LDTT")
    assert c.status == BLOCKED
    assert "Bị kỷ luật khiển trách ngày 02/03/2026" in finding(c, "no_discipline").reason


def test_discipline_of_an_earlier_year_still_running_is_a_warning_and_an_old_one_nothing(commune):
    running = commune.person(rating="tot")
    commune.discipline(running, start=dt.date(YEAR - 1, 11, 2), end=dt.date(YEAR, 5, 2))
    old = commune.person(rating="tot")
    commune.discipline(old, start=dt.date(YEAR - 2, 1, 5), end=dt.date(YEAR - 1, 1, 5))
    for p in (running, old):
        commune.register(("person", p), "LDTT")
    res = commune.check()
    assert finding(res.find(("person", running), "LDTT"), "no_discipline").status == WARNING
    assert res.find(("person", old), "LDTT").status == OK


def test_pending_discipline_investigation_or_complaint_blocks_any_award(commune):
    unit = commune.unit()
    people = [commune.person(rating="xuat_sac", unit=unit) for _ in range(3)]
    commune.discipline(people[0], status="dang_xem_xet", start=dt.date(YEAR, 10, 1))
    commune.discipline(people[1], status="dang_dieu_tra", start=dt.date(YEAR, 10, 1))
    commune.discipline(people[2], status="khieu_nai", start=dt.date(YEAR, 10, 1), end=dt.date(YEAR, 11, 1))
    commune.discipline(unit, status="dang_dieu_tra", start=dt.date(YEAR, 9, 1), collective=True)
    for p in people:
        commune.register(("person", p), "CSTDCS")
    commune.rate(("collective", unit), "xuat_sac")
    commune.register(("collective", unit), "TTLDTT")
    res = commune.check()
    for p in people[:2]:
        c = res.find(("person", p), "CSTDCS")
        f = finding(c, "no_pending_case")
        assert c.status == BLOCKED and f.status == BLOCKED
        assert "Nghị định 152/2025/NĐ-CP, Điều 4" in f.source
    # a complaint settled before the review date no longer blocks
    assert finding(res.find(("person", people[2]), "CSTDCS"), "no_pending_case").status == OK
    assert finding(res.find(("collective", unit), "TTLDTT"), "no_pending_case").status == BLOCKED


def test_cstdcs_passes_with_excellent_rating(commune):
    p = commune.person(rating="xuat_sac")
    commune.register(("person", p), "CSTDCS")
    c = commune.cand(("person", p), "CSTDCS")
    assert c.status == OK
    assert finding(c, "has_title").status == OK
    assert "Hoàn thành xuất sắc nhiệm vụ" in finding(c, "any_of").reason


def test_cstdcs_passes_with_initiative_or_research(commune):
    a = commune.person(rating="tot")
    commune.initiative(a, kind="sang_kien")
    b = commune.person(rating="tot")
    commune.initiative(b, kind="de_tai", title="Đề tài nước sạch nông thôn")
    for p in (a, b):
        commune.register(("person", p), "CSTDCS")
    res = commune.check()
    assert res.find(("person", a), "CSTDCS").status == OK
    assert "Số hóa hồ sơ một cửa" in finding(res.find(("person", a), "CSTDCS"), "any_of").reason
    assert res.find(("person", b), "CSTDCS").status == OK
    assert "Đề tài nước sạch" in finding(res.find(("person", b), "CSTDCS"), "any_of").reason


def test_cstdcs_fails_without_extra_merit_or_without_ldtt(commune):
    plain = commune.person(rating="tot")
    commune.initiative(plain, year=YEAR - 1)  # last year's initiative does not count this year
    disciplined = commune.person(rating="xuat_sac")
    commune.discipline(disciplined, start=dt.date(YEAR, 2, 1))
    for p in (plain, disciplined):
        commune.register(("person", p), "CSTDCS")
    res = commune.check()
    c = res.find(("person", plain), "CSTDCS")
    assert c.status == BLOCKED and finding(c, "any_of").status == BLOCKED
    assert finding(c, "has_title").status == OK
    d = res.find(("person", disciplined), "CSTDCS")
    assert finding(d, "has_title").status == BLOCKED
    assert "Chưa đủ tiêu chuẩn Lao động tiên tiến" in finding(d, "has_title").reason


def _unit_with(commune, ratings, rating_unit="tot", name="Trạm Y tế xã Tiên Du"):
    unit = commune.unit(name)
    commune.rate(("collective", unit), rating_unit)
    members = [commune.person(rating=r, unit=unit) for r in ratings]
    return unit, members


def test_ttldtt_passes_with_more_than_half_ldtt(commune):
    unit, _ = _unit_with(commune, ["tot"] * 6 + ["hoan_thanh"] * 4)
    commune.register(("collective", unit), "TTLDTT")
    c = commune.cand(("collective", unit), "TTLDTT")
    assert c.status == OK, c.findings
    f = finding(c, "members_share_with_title")
    assert "6/10 thành viên đạt Lao động tiên tiến (60 %), yêu cầu trên 50 %" in f.reason
    assert "Điều 27 khoản 2" in f.source and "trên 50 %" in f.source


def test_ttldtt_fails_at_exactly_half(commune):
    """The law says "trên 50 %": half is not enough."""
    unit, _ = _unit_with(commune, ["tot"] * 5 + ["hoan_thanh"] * 5)
    commune.register(("collective", unit), "TTLDTT")
    c = commune.cand(("collective", unit), "TTLDTT")
    assert c.status == BLOCKED
    assert "5/10" in finding(c, "members_share_with_title").reason


def test_ttldtt_fails_when_a_member_is_disciplined_at_warning_level(commune):
    unit, members = _unit_with(commune, ["tot"] * 10)
    commune.discipline(members[0], level="canh_cao", start=dt.date(YEAR, 4, 1))
    commune.register(("collective", unit), "TTLDTT")
    c = commune.cand(("collective", unit), "TTLDTT")
    assert finding(c, "members_no_discipline").status == BLOCKED
    assert "cảnh cáo" in finding(c, "members_no_discipline").reason
    # a reprimand (below "cảnh cáo") does not block the collective (9/10 still LDTT)
    unit2, members2 = _unit_with(commune, ["tot"] * 10, name="Trường Mầm non Tiên Du")
    commune.discipline(members2[0], level="khien_trach", start=dt.date(YEAR, 4, 1))
    commune.register(("collective", unit2), "TTLDTT")
    assert commune.cand(("collective", unit2), "TTLDTT").status == OK


def test_ttldxs_passes_and_is_suggested_upward(commune):
    unit, members = _unit_with(commune, ["xuat_sac"] + ["tot"] * 6 + ["hoan_thanh"] * 3, rating_unit="xuat_sac")
    commune.register(("collective", unit), "TTLDTT")
    res = commune.check()
    c = res.find(("collective", unit), "TTLDXS")
    assert c is not None and not c.registered and c.status == OK
    assert not c.commune_decides and c.authority == "Chủ tịch UBND tỉnh"
    assert "Có 1 thành viên đạt Chiến sĩ thi đua cơ sở" in finding(c, "members_count_with_title").reason


def test_ttldxs_fails_without_cstdcs_or_with_a_member_not_completing(commune):
    unit, _ = _unit_with(commune, ["tot"] * 10)
    commune.register(("collective", unit), "TTLDXS")
    c = commune.cand(("collective", unit), "TTLDXS")
    assert finding(c, "members_count_with_title").status == BLOCKED
    unit2, _ = _unit_with(commune, ["xuat_sac"] + ["tot"] * 8 + ["khong_hoan_thanh"], name="Trường Tiểu học")
    commune.register(("collective", unit2), "TTLDXS")
    c2 = commune.cand(("collective", unit2), "TTLDXS")
    f = finding(c2, "members_share_rating")
    assert f.status == BLOCKED and "9/10" in f.reason and "100 %" in f.reason


def test_one_achievement_earns_one_award(commune):
    p = commune.person()
    ach = commune.achievement(("person", p))
    commune.register(("person", p), "GK_XA")
    assert commune.cand(("person", p), "GK_XA").status == OK
    # the same achievement already earned a certificate from another body: no second award
    commune.review.add_history(("person", p), YEAR, "BK_TINH", "120/QĐ-UBND", source="province", achievement_id=ach)
    c = commune.cand(("person", p), "GK_XA")
    assert c.status == BLOCKED
    assert "đã được khen thưởng" in finding(c, "achievement_not_rewarded").reason


def test_a_title_already_awarded_this_year_is_not_awarded_again(commune):
    p = commune.person(rating="tot")
    commune.register(("person", p), "LDTT")
    commune.review.add_history(("person", p), YEAR, "LDTT", "10/QĐ-UBND", dt.date(YEAR, 12, 1), source="commune")
    c = commune.cand(("person", p), "LDTT")
    assert c.status == BLOCKED and "10/QĐ-UBND" in finding(c, "not_already_awarded").reason


def _cstdcs_person(commune, years_before, initiative_scope="tinh"):
    p = commune.person(rating="xuat_sac", name="Đặng Thị Đào")
    for y in years_before:
        commune.review.add_history(("person", p), y, "CSTDCS", f"{y - 2000}/QĐ-UBND", dt.date(y, 12, 10))
    if initiative_scope:
        commune.initiative(p, scope=initiative_scope, year=YEAR - 1, title="Phần mềm quản lý hộ tịch")
    commune.register(("person", p), "CSTDCS")
    return p


def test_three_consecutive_years_cstdcs_flags_the_provincial_title(commune):
    p = _cstdcs_person(commune, [YEAR - 2, YEAR - 1])
    res = commune.check()
    c = res.find(("person", p), "CSTD_TINH")
    assert c is not None, [(x.name, x.title_code) for x in res.candidates]
    assert not c.registered and c.status == OK and c.level == "tinh"
    f = finding(c, "consecutive_years")
    assert "3 năm liên tục (2024, 2025, 2026)" in f.reason and "Điều 22" in f.source
    # two consecutive years also point at the provincial certificate of merit
    assert res.find(("person", p), "BK_TINH").status == OK


def test_two_years_or_a_gap_is_not_enough_for_the_provincial_title(commune):
    two = _cstdcs_person(commune, [YEAR - 1])
    res = commune.check()
    assert res.find(("person", two), "CSTD_TINH") is None   # not suggested
    assert res.find(("person", two), "BK_TINH") is not None
    gap = commune.person(rating="xuat_sac")
    commune.review.add_history(("person", gap), YEAR - 2, "CSTDCS")
    commune.register(("person", gap), "CSTD_TINH")
    c = commune.cand(("person", gap), "CSTD_TINH")
    f = finding(c, "consecutive_years")
    assert f.status == BLOCKED and "thiếu năm 2025" in f.reason


def test_provincial_title_needs_a_province_scope_initiative(commune):
    p = _cstdcs_person(commune, [YEAR - 2, YEAR - 1], initiative_scope="co_so")
    commune.register(("person", p), "CSTD_TINH")
    c = commune.cand(("person", p), "CSTD_TINH")
    assert finding(c, "consecutive_years").status == OK
    assert finding(c, "initiative").status == BLOCKED


def test_the_current_year_counts_only_if_eligible_now(commune):
    p = commune.person(rating="tot")  # no extra merit this year: not CSTDCS in 2026
    for y in (YEAR - 2, YEAR - 1):
        commune.review.add_history(("person", p), y, "CSTDCS")
    commune.register(("person", p), "CSTD_TINH")
    f = finding(commune.cand(("person", p), "CSTD_TINH"), "consecutive_years")
    assert f.status == BLOCKED and "thiếu năm 2026" in f.reason


def test_subject_type_and_unknown_codes(commune):
    unit = commune.unit()
    commune.register(("collective", unit), "TTLDTT")
    res = commune.check()
    assert res.find(("collective", unit), "TTLDTT").status == BLOCKED
    assert "chưa có thành viên" in res.find(("collective", unit), "TTLDTT").summary()
