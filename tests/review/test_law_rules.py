"""The rules as the law says them (issue 15): who decides per subject, which council votes, the money
per subject type rounded up to 10,000 đồng, more-than / at-least / at-most, the hiring date, one
achievement one award, collectives ended in the reorganisation, the cultural titles' own procedure.
Each on a small commune built for it, at the boundary."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from sqlalchemy import update

from desktop.core.catalog import default_catalog_dir, load_catalog
from desktop.core.review import BLOCKED, OK, Review, tally
from desktop.shared.errors import UserError
from desktop.store.models import Collective, Person

from .conftest import YEAR, finding, open_meeting

SIGNED = dt.date(YEAR, 12, 15)


def edited_catalog(folder, titles=None, salary=None):
    """The shipped catalog copied to ``folder`` with ``titles(doc)`` / ``salary(doc)`` applied, loaded."""
    shutil.copytree(default_catalog_dir(), folder)
    for name, edit in (("titles.json", titles), ("base_salary.json", salary)):
        if edit is not None:
            doc = json.loads((folder / name).read_text(encoding="utf-8"))
            edit(doc)
            (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return load_catalog(folder)


def _set(commune, model, row_id, **values):
    with commune.db.session() as s, s.begin():
        s.execute(update(model).where(model.id == row_id).values(**values))


def _council(commune, n):
    for i in range(n - 1):  # the workspace fixture seats the chairman already
        commune.rec.create("council", {"full_name": f"Ủy viên Số {i + 2}", "role": "Ủy viên", "sort_order": i + 2})
    return [m[0] for m in commune.review.council()]


# ---------------------------------------------------------------- 1. who decides, per subject

def test_an_enterprise_worker_a_soldier_and_a_company_are_not_in_the_communes_decision(commune):
    company = commune.unit("Công ty TNHH May mặc Hoàng Long", kind="doanh_nghiep")
    army = commune.unit("Ban Chỉ huy Quân sự xã", kind="luc_luong_vu_trang")
    school = commune.unit("Trường Tiểu học Tiên Du", kind="truong_hoc")
    worker = commune.person("Vũ Mai Ngọc", unit=company, category="nguoi_lao_dong")
    soldier = commune.person("Trần Việt Trường", unit=army, category="chien_si")
    teachers = [commune.person(unit=school) for _ in range(3)]
    for p in (worker, soldier, *teachers):
        commune.register(("person", p), "LDTT")
    for _ in range(3):
        commune.register(("person", commune.person(unit=company, category="nguoi_lao_dong")), "LDTT")
    commune.rate(("collective", company), "tot")
    commune.register(("collective", company), "TTLDTT")

    res = commune.check()
    w = res.find(("person", worker), "LDTT")
    assert w.state == "elsewhere" and w.authority == "Giám đốc doanh nghiệp, hợp tác xã"
    assert "Điều 80 khoản 4" in finding(w, "authority").source
    s = res.find(("person", soldier), "LDTT")
    assert s.state == "elsewhere" and "Chiến sĩ tiên tiến" in finding(s, "authority").reason
    assert res.find(("collective", company), "TTLDTT").state == "elsewhere"
    assert res.find(("person", teachers[0]), "LDTT").state == OK

    d = commune.review.decide(YEAR, SIGNED, "Lê Văn Minh")
    assert {r.subject_id for r in d.rows if r.subject_type == "person"} == set(teachers)
    assert all(r.subject_type != "collective" for r in d.rows)
    why = {n: r for n, _t, r in d.left_out}
    assert "do Giám đốc doanh nghiệp, hợp tác xã quyết định" in why["Vũ Mai Ngọc"]
    # the commune's proposal has nobody to take (and does not list them a second time)
    plan = commune.review.plan(YEAR, SIGNED, kind="proposal")
    assert not plan.chosen and not plan.left_out


def test_review_check_json_names_the_authority_and_each_criterions_source(commune):
    company = commune.unit("Công ty Cổ phần Cơ khí Minh Phát", kind="doanh_nghiep")
    worker = commune.person("Khúc Thị Oanh", unit=company, category="nguoi_lao_dong")
    teacher = commune.person("Cao Thị Dung", unit=commune.unit("Trường THCS Tiên Du", kind="truong_hoc"))
    commune.register(("person", worker), "LDTT")
    commune.register(("person", teacher), "LDTT")
    data = json.loads(json.dumps(commune.check().as_dict()))
    cands = {c["subject"]["name"]: c for c in data["candidates"]}
    assert cands["Khúc Thị Oanh"]["deciding_authority"] == "Giám đốc doanh nghiệp, hợp tác xã"
    assert cands["Khúc Thị Oanh"]["in_document"] == "" and cands["Khúc Thị Oanh"]["state"] == "elsewhere"
    assert cands["Cao Thị Dung"]["deciding_authority"] == "Chủ tịch UBND cấp xã"
    assert cands["Cao Thị Dung"]["in_document"] == "decision"
    for f in cands["Cao Thị Dung"]["findings"]:
        assert f["source"] and f["catalog_version"] == load_catalog().version and f["status"] in ("ok", "warning")


# ---------------------------------------------------------------- 2. TTLDXS from the TTLDTT

def _unit(commune, ratings, rating_unit, name="Hội Cựu chiến binh xã Tiên Du", kind="doan_the"):
    unit = commune.unit(name, kind=kind)
    commune.rate(("collective", unit), rating_unit)
    members = [commune.person(rating=r, unit=unit) for r in ratings]
    return unit, members


def test_ttldxs_needs_the_collective_itself_to_complete_its_tasks_excellently(commune):
    good = ["xuat_sac"] + ["tot"] * 9
    unit, members = _unit(commune, good, "tot")
    commune.initiative(members[0])
    commune.register(("collective", unit), "TTLDXS")
    c = commune.cand(("collective", unit), "TTLDXS")
    assert c.status == BLOCKED
    assert "chưa đạt mức “Hoàn thành xuất sắc nhiệm vụ”" in finding(c, "rating_at_least").reason
    unit2, members2 = _unit(commune, good, "xuat_sac", name="Hội Nông dân xã Tiên Du")
    commune.initiative(members2[0])
    commune.register(("collective", unit2), "TTLDXS")
    assert commune.cand(("collective", unit2), "TTLDXS").status == OK


def test_ttldxs_is_chosen_among_the_ttldtt(commune):
    # rated excellently, every member completes, 7/10 LDTT, one CSTDCS ... but one member disciplined
    # at "cảnh cáo" keeps the collective from TTLDTT, and so from TTLDXS
    unit, members = _unit(commune, ["xuat_sac"] + ["tot"] * 9, "xuat_sac")
    commune.initiative(members[0])
    commune.discipline(members[5], level="canh_cao", start=dt.date(YEAR, 3, 1))
    commune.register(("collective", unit), "TTLDXS")
    c = commune.cand(("collective", unit), "TTLDXS")
    assert finding(c, "has_title").status == BLOCKED and "Tập thể lao động tiên tiến" in finding(c, "has_title").reason


# ---------------------------------------------------------------- 3. which council votes

def test_a_provincial_candidate_with_8_of_9_commune_votes_stays_in_the_proposal(commune):
    p = commune.person("Đặng Thị Đào", rating="xuat_sac")
    for y in (YEAR - 2, YEAR - 1):
        commune.review.add_history(("person", p), y, "CSTDCS", f"{y}/QĐ-UBND")
    commune.initiative(p, scope="tinh")
    commune.register(("person", p), "CSTDCS")
    meeting = open_meeting(commune.review, YEAR, dt.date(YEAR, 12, 5), present=_council(commune, 9))
    commune.review.record_ballot(meeting, ("person", p), "CSTDCS", 9, 0)
    out = commune.review.record_ballot(meeting, ("person", p), "CSTD_TINH", 8, 1)
    assert out.passed  # the 90 % is the provincial council's rule
    prop = commune.review.decide(YEAR, SIGNED, "Lê Văn Minh", kind="proposal", meeting_id=meeting)
    assert ("Đặng Thị Đào", "CSTD_TINH") in {(r.name, r.title_code) for r in prop.rows}
    rule = load_catalog().title("CSTD_TINH").ballots_above[0]
    assert rule.council == "tinh" and rule.min_percent == 90


def test_the_commune_council_does_not_vote_on_the_provincial_flag(commune):
    meeting = open_meeting(commune.review, YEAR, dt.date(YEAR, 12, 5), present=_council(commune, 5))
    unit = commune.unit("Trường Mầm non Tiên Du", kind="truong_hoc")
    with pytest.raises(UserError, match="Cụm, Khối thi đua"):
        commune.review.record_ballot(meeting, ("collective", unit), "CO_TD_TINH", 5, 0)
    with pytest.raises(UserError, match="suy tôn"):
        tally(load_catalog(), "CO_TD_TINH", 5, 5, 0)


# ---------------------------------------------------------------- 4, 5. money

@pytest.mark.parametrize("subject_type, multiple, amount", [
    ("person", "0.3", 710_000),        # 702,000 rounded up
    ("collective", "0.6", 1_410_000),  # 1,404,000 rounded up
    ("household", "0.45", 1_060_000),  # 1,053,000 rounded up
])
def test_the_chairmans_giay_khen_pays_by_subject_type_rounded_up(subject_type, multiple, amount):
    b = load_catalog().bonus("GK_XA", SIGNED, subject_type)
    assert str(b.multiple) == multiple and b.base_salary.amount == 2_340_000 and b.amount == amount


def test_rounding_leaves_an_exact_ten_thousand_and_rounds_one_dong_over_up(tmp_path):
    cat = load_catalog()
    assert cat.round_up_to == 10_000
    assert cat.bonus("CSTDCS", SIGNED).amount == 2_340_000  # 1.0 × 2,340,000: already a multiple
    edited = edited_catalog(tmp_path / "cat", salary=lambda s: s["values"].append(
        {"from": "2026-07-01", "amount": 2_340_010, "source": "Mức giả định", "verified": False}))
    assert edited.bonus("CSTDCS", SIGNED).amount == 2_350_000


def test_a_giay_khen_in_the_decision_carries_its_money(commune):
    village = commune.unit("Thôn Lũng Sơn", kind="thon")
    hh = commune.rec.create("household", {"head_name": "Nguyễn Văn Hộ", "village_id": village})
    commune.achievement(("household", hh), text="Hiến 200 m² đất làm đường thôn")
    commune.register(("household", hh), "GK_XA")
    d = commune.review.decide(YEAR, SIGNED, "Lê Văn Minh", include_warnings=True)
    row = next(r for r in d.rows if r.title_code == "GK_XA")
    assert row.amount == 1_060_000 and row.bonus_multiple == "0.45"


# ---------------------------------------------------------------- 6. comparators

def _shares(commune, ldtt: int, total: int):
    unit = commune.unit(f"Tổ {ldtt}/{total}", kind="co_quan")
    commune.rate(("collective", unit), "tot")
    for i in range(total):
        commune.person(unit=unit, rating="tot" if i < ldtt else "hoan_thanh")
    commune.register(("collective", unit), "TTLDTT")
    return unit


@pytest.mark.parametrize("compare, percent, ldtt, total, expected", [
    ("more_than", 50, 5, 10, BLOCKED), ("more_than", 50, 6, 10, OK),
    ("at_least", 50, 5, 10, OK), ("at_least", 50, 4, 10, BLOCKED),
    ("at_most", 30, 3, 10, OK), ("at_most", 30, 4, 10, BLOCKED),
])
def test_share_rules_say_more_than_at_least_or_at_most(commune, tmp_path, compare, percent, ldtt, total, expected):
    def edit(d):
        t = next(t for t in d["titles"] if t["code"] == "TTLDTT")
        rule = next(r for r in t["criteria"] if r["rule"] == "members_share_with_title")
        rule.update(compare=compare, min_percent=percent)

    cat = edited_catalog(tmp_path / "cat", edit)
    unit = _shares(commune, ldtt, total)
    c = Review(commune.db.session, "x", cat).check(YEAR).find(("collective", unit), "TTLDTT")
    f = finding(c, "members_share_with_title")
    assert f.status == expected, f.reason
    word = {"more_than": "trên", "at_least": "từ", "at_most": "không quá"}[compare]
    assert f"yêu cầu {word} {percent} %" in f.reason


# ---------------------------------------------------------------- 9. hiring date

@pytest.mark.parametrize("hired, expected", [
    (dt.date(YEAR, 7, 1), OK),        # 1/7 to 31/12: six months
    (dt.date(YEAR, 7, 2), BLOCKED),   # a day short
    (None, OK),                       # not recorded: said, not blocking
])
def test_lao_dong_tien_tien_needs_six_months_since_hiring(commune, hired, expected):
    p = commune.person("Ngô Thị Mới")
    _set(commune, Person, p, hired_on=hired)
    commune.register(("person", p), "LDTT")
    f = finding(commune.cand(("person", p), "LDTT"), "employed_months")
    assert f.status == expected, f.reason
    assert "Thông tư 01/2024/TT-BNV" in f.source
    if hired is None:
        assert "Chưa ghi ngày tuyển dụng" in f.reason


def test_farmers_are_not_held_to_a_hiring_date(commune):
    p = commune.person("Trần Diệu Thắm", category="nong_dan", rating=None)
    _set(commune, Person, p, hired_on=dt.date(YEAR, 11, 1))
    commune.register(("person", p), "LDTT")
    assert finding(commune.cand(("person", p), "LDTT"), "employed_months").status == OK


# ---------------------------------------------------------------- 8. one achievement, one award

def test_one_collective_is_not_proposed_for_two_forms_for_the_same_year(commune):
    unit, members = _unit(commune, ["xuat_sac"] + ["tot"] * 9, "xuat_sac", name="Hội Nông dân xã Tiên Du")
    commune.initiative(members[0])
    commune.rate(("collective", unit), "xuat_sac", YEAR - 1)
    commune.achievement(("collective", unit), text="Dẫn đầu phong trào nông thôn mới")
    commune.register(("collective", unit), "TTLDXS")
    commune.register(("collective", unit), "BK_TINH")
    res = commune.check()
    assert res.find(("collective", unit), "TTLDXS").status == OK
    assert res.find(("collective", unit), "BK_TINH").status == OK
    prop = commune.review.decide(YEAR, SIGNED, "Lê Văn Minh", kind="proposal")
    assert [r.title_code for r in prop.rows if r.subject_id == unit] == ["TTLDXS"]
    assert any("một thành tích chỉ khen một hình thức" in why.lower() for _n, t, why in prop.left_out
               if t == "Bằng khen của Chủ tịch UBND tỉnh")
    # the proposal row holds the achievement: a Bằng khen later is refused until another is recorded
    c = commune.cand(("collective", unit), "BK_TINH")
    assert finding(c, "one_award_per_achievement").status == BLOCKED
    commune.achievement(("collective", unit), text="Mô hình kinh tế tập thể trồng rau an toàn")
    assert finding(commune.cand(("collective", unit), "BK_TINH"), "one_award_per_achievement").status == OK


def test_a_giay_khen_of_the_commune_takes_its_achievement(commune):
    p = commune.person("Phạm Văn Hiến", category="nhan_dan", rating=None)
    commune.achievement(("person", p), text="Hiến đất làm đường")
    commune.register(("person", p), "GK_XA")
    d = commune.review.decide(YEAR, SIGNED, "Lê Văn Minh")
    assert [r.title_code for r in d.rows] == ["GK_XA"]
    commune.review.add_history(("person", p), YEAR - 1, "CSTDCS", "1/QĐ-UBND")
    commune.review.add_history(("person", p), YEAR - 2, "CSTDCS", "2/QĐ-UBND")
    commune.register(("person", p), "BK_TINH")
    c = commune.cand(("person", p), "BK_TINH")
    f = finding(c, "one_award_per_achievement")
    assert f.status == BLOCKED and "Giấy khen của Chủ tịch UBND cấp xã" in f.reason


# ---------------------------------------------------------------- 9. collectives ended in 2025

def test_a_collective_merged_in_2025_stays_for_history_and_leaves_the_review(commune):
    old = commune.unit("Trường THCS Đông Sơn", kind="truong_hoc")
    new = commune.unit("Trường THCS Tiên Du", kind="truong_hoc")
    commune.review.add_history(("collective", old), YEAR - 2, "TTLDTT", "3/QĐ-UBND")
    commune.register(("collective", old), "TTLDTT")  # registered before the merger was recorded
    commune.register(("collective", old), "TTLDTT", year=2025)
    _set(commune, Collective, old, status="merged", ended_on=dt.date(2025, 7, 1), merged_into_id=new)
    c = commune.cand(("collective", old), "TTLDTT")
    assert c.status == BLOCKED and "đã sáp nhập ngày 01/07/2025" in c.summary()
    assert [h["title_code"] for h in commune.review.history(("collective", old))] == ["TTLDTT"]
    # the year it was merged, it is still reviewed
    assert "sáp nhập" not in commune.cand(("collective", old), "TTLDTT", year=2025).summary()


# ---------------------------------------------------------------- 11. the cultural titles' own procedure

def test_the_cultural_titles_are_not_in_the_councils_review(commune):
    village = commune.unit("Thôn Đông Sơn", kind="thon")
    hh = commune.rec.create("household", {"head_name": "Nguyễn Văn Tùng", "village_id": village})
    commune.register(("household", hh), "GDVH")
    commune.register(("collective", village), "THON_VH")
    res = commune.check(include_all=True)
    assert res.find(("household", hh), "GDVH") is None and res.find(("collective", village), "THON_VH") is None


# ---------------------------------------------------------------- the catalog, headless

def test_review_catalog_says_who_votes_who_decides_and_the_money_per_subject(paths, capsys):
    from desktop.__main__ import main

    assert main(["--data-dir", str(paths.data_dir), "review", "catalog", "--json"]) == 0
    titles = {t["code"]: t for t in json.loads(capsys.readouterr().out)["titles"]}
    assert titles["GK_XA"]["bonus_multiples"] == {"person": "0.3", "collective": "0.6", "household": "0.45"}
    assert titles["CSTD_TINH"]["ballots_above"][0]["council"] == "tinh"
    assert titles["CO_TD_TINH"]["commune_vote"] is False and titles["CO_TD_TINH"]["ballot_min_percent"] is None
    assert titles["LDTT"]["authority_rules"][0]["instead"] == "Chiến sĩ tiên tiến"
    assert titles["GDVH"]["procedure"] == "gdvh"
    assert main(["--data-dir", str(paths.data_dir), "review", "catalog"]) == 0
    out = capsys.readouterr().out
    assert "Hội đồng xã không bỏ phiếu (Do Cụm, Khối thi đua" in out
    assert "Giám đốc doanh nghiệp, hợp tác xã quyết định cho người làm việc tại doanh nghiệp" in out


def test_the_decisions_money_article_gives_each_multiple_of_the_giay_khen(commune):
    from desktop.reports.review_docs import decision

    village = commune.unit("Thôn Lũng Sơn", kind="thon")
    hh = commune.rec.create("household", {"head_name": "Nguyễn Văn Hộ", "village_id": village})
    p = commune.person("Phạm Văn Hiến", category="nhan_dan", rating=None)
    for subj in (("household", hh), ("person", p)):
        commune.achievement(subj, text="Hiến đất làm đường thôn")
        commune.register(subj, "GK_XA")
    info = commune.review.decide(YEAR, SIGNED, "Lê Văn Minh", include_warnings=True)
    doc = decision(info, "Xã Tiên Du")
    article = doc.articles[1]
    # Điều 1 names only the kinds of subject listed; the last article carries the effect clause
    assert "cho 2 cá nhân, hộ gia đình có tên trong danh sách" in doc.articles[0] and "tập thể" not in doc.articles[0]
    assert doc.articles[-1].startswith("Quyết định này có hiệu lực kể từ ngày ký.")
    assert "cho cá nhân: 1 × 710.000 đồng (0,3 lần" in article
    assert "cho hộ gia đình: 1 × 1.060.000 đồng (0,45 lần" in article
    assert "Tổng số tiền thưởng: 1.770.000 đồng" in article


def test_a_household_is_named_by_its_heads_sex_never_with_a_placeholder(commune):
    village = commune.unit("Thôn Lũng Sơn", kind="thon")
    known = commune.rec.create("household", {"head_name": "Lê Thị Hạnh", "village_id": village})
    commune.rec.create("person", {"full_name": "Lê Thị Hạnh", "sex": "nu", "category": "nhan_dan",
                                  "household_id": known})
    unknown = commune.rec.create("household", {"head_name": "Nguyễn Văn Tùng", "village_id": village})
    for hh in (known, unknown):
        commune.achievement(("household", hh), text="Hiến đất làm đường thôn")
        commune.register(("household", hh), "GK_XA")
    info = commune.review.decide(YEAR, SIGNED, "Lê Văn Minh", include_warnings=True)
    assert sorted(r.name for r in info.rows) == ["Hộ bà Lê Thị Hạnh", "Hộ gia đình Nguyễn Văn Tùng"]
