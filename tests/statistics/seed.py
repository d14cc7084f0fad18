"""A commune workspace with known awards, for hand counts: people of known sex and Thành phần, a
collective, two households in a village, the commune's decisions (year-end, chuyên đề), a province
award on a proposal, an earlier award entered by hand (dated and undated), a launch plan and a decided
Gia đình văn hóa round. Everything is inserted as the application leaves it (desktop.core.review,
desktop.app.results, desktop.app.culture_issue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.core.catalog import load_catalog
from desktop.store.models import Collective, Household, Person
from desktop.store.models_culture import CultureMark, CultureRound
from desktop.store.models_review import AwardHistory, EmulationPlan, ReviewDecision, ReviewDecisionRow

YEAR = 2026   # the statistics year: 01/12/2025 – 30/11/2026


@dataclass
class Seeded:
    people: dict[str, int] = field(default_factory=dict)
    collective: int = 0
    village: int = 0
    households: list[int] = field(default_factory=list)


def _decision(s, number: int, signed_on: dt.date, year: int, occasion: str = "tong_ket",
              kind: str = "decision") -> ReviewDecision:
    cat = load_catalog()
    code = "QĐ" if kind == "decision" else "TTr"
    d = ReviewDecision(kind=kind, year=year, number=number, number_text=f"{number}/{code}-UBND", signed_on=signed_on,
                       signer_name="Lê Văn Minh", signer_title="Chủ tịch", authority_prefix="TM.",
                       catalog_version=cat.version, base_salary=2340000, total_amount=0, occasion=occasion)
    s.add(d)
    s.flush()
    return d


def _award(s, d: ReviewDecision, title: str, amount: int, **subject) -> None:
    s.add(ReviewDecisionRow(decision_id=d.id, sort_order=1, title_code=title, subject_name="x", amount=amount,
                            **subject))
    s.add(AwardHistory(year=d.year, title_code=title, decision_no=d.number_text, decision_date=d.signed_on,
                       level="xa", source="commune", decision_id=d.id, **subject))
    d.total_amount += amount


def seed(db) -> Seeded:
    """Hand counts of the year 2026 (period 01/12/2025 – 30/11/2026), level xã:
    LDTT: 3 persons (2 women; 1 nông dân woman, 1 người lao động man) — amounts 702 000 each;
    CSTDCS: 1 person (woman, công chức) — 2 340 000; TTLDTT: 1 collective — 1 755 000;
    GK_XA (chuyên đề): 1 household — 500 000; GDVH (culture round): 2 households.
    Level tỉnh: BK_TINH 1 person (man, nông dân, province award on the proposal).
    Outside: an LDTT of 20/12/2026 (next period), an earlier award without date."""
    out = Seeded()
    with db.session() as s, s.begin():
        coll = Collective(name="Trường Tiểu học Nội Duệ", kind="truong_hoc", address="Thôn Đông")
        village = Collective(name="Thôn Đông", kind="thon")
        s.add_all([coll, village])
        s.flush()
        out.collective, out.village = coll.id, village.id
        specs = {"hoa": ("Nguyễn Thị Hoa", "nu", "nong_dan"), "lan": ("Trần Thị Lan", "nu", "cong_chuc"),
                 "minh": ("Phạm Văn Minh", "nam", "nguoi_lao_dong"), "mai": ("Lê Thị Mai", "nu", "vien_chuc"),
                 "tuan": ("Đỗ Văn Tuấn", "nam", "nong_dan")}
        for key, (name, sex, cat) in specs.items():
            p = Person(full_name=name, sex=sex, category=cat, position="Giáo viên" if cat == "vien_chuc" else "",
                       collective_id=coll.id)
            s.add(p)
            s.flush()
            out.people[key] = p.id
        for head in ("Ngô Văn Bình", "Vũ Thị Cúc"):
            h = Household(head_name=head, village_id=village.id, address="Xóm 1")
            s.add(h)
            s.flush()
            out.households.append(h.id)
        P = out.people
        d1 = _decision(s, 3, dt.date(2025, 12, 20), 2025)       # year-end review of 2025, signed in the period
        for key in ("hoa", "minh", "mai"):
            _award(s, d1, "LDTT", 702000, person_id=P[key])
        _award(s, d1, "CSTDCS", 2340000, person_id=P["lan"])
        _award(s, d1, "TTLDTT", 1755000, collective_id=coll.id)
        d2 = _decision(s, 7, dt.date(2026, 9, 2), 2026, occasion="chuyen_de")
        _award(s, d2, "GK_XA", 500000, household_id=out.households[0])
        d3 = _decision(s, 9, dt.date(2026, 12, 20), 2026)       # after 30/11/2026: next year's report
        _award(s, d3, "LDTT", 702000, person_id=P["hoa"])
        prop = _decision(s, 2, dt.date(2025, 12, 22), 2025, kind="proposal")
        row = ReviewDecisionRow(decision_id=prop.id, sort_order=1, title_code="BK_TINH", subject_name="Đỗ Văn Tuấn",
                                person_id=P["tuan"], outcome="accepted", outcome_decision_no="55/QĐ-UBND",
                                outcome_decision_date=dt.date(2026, 2, 10))
        s.add(row)
        s.flush()
        s.add(AwardHistory(year=2025, title_code="BK_TINH", decision_no="55/QĐ-UBND",
                           decision_date=dt.date(2026, 2, 10), level="tinh", source="province",
                           proposal_row_id=row.id, person_id=P["tuan"]))
        s.add(AwardHistory(year=2024, title_code="LDTT", decision_no="12/QĐ-UBND", decision_date=None,
                           level="xa", source="earlier", person_id=P["hoa"]))
        s.add(EmulationPlan(year=2026, title="Kế hoạch phát động phong trào thi đua năm 2026",
                            launched_on=dt.date(2026, 1, 15), registration_deadline=dt.date(2026, 2, 15)))
        rnd = CultureRound(year=2026, title_code="GDVH", village_id=village.id, village_name="Thôn Đông",
                           status="decided", decision_no="20/QĐ-UBND", decision_date=dt.date(2026, 11, 25))
        s.add(rnd)
        s.flush()
        for hid in out.households:
            s.add(CultureMark(round_id=rnd.id, household_id=hid, result="dat"))
    return out
