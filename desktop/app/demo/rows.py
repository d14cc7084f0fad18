"""Building the sample rows about the people and collectives already planned (desktop.app.demo.build):
the council, ratings, discipline, initiatives, registrations, achievements and indicators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from desktop.app.demo.build import Rows, _Build
from desktop.app.demo.gen import _P, PLAN_YEAR, RATING_YEARS
from desktop.app.demo.material import (
    ACHIEVEMENT_TEXTS,
    COLLECTIVE_PLEDGES,
    DISCIPLINE_REASONS,
    HOUSEHOLD_PLEDGES,
    INDICATORS,
    INITIATIVE_TITLES,
    PENDING_REASONS,
    PERSON_PLEDGES,
    RATING_NOTES,
    SUB_AREAS_BY_DOMAIN,
    VILLAGE_PLEDGES,
)
from desktop.core.plan import default_plan
from desktop.store.models import Achievement, CouncilMember, Discipline, Indicator, Initiative, Rating, Registration


def _council_rows(b: _Build) -> Rows:
    """The council, only when the workspace has hardly any."""
    s, g, next_id, stamp = b.s, b.g, b.next_id, b.stamp
    persons, units, lw, short = b.persons, b.units, b.lw, b.short
    council_rows: list[dict[str, Any]] = []
    live_council = list(s.execute(select(CouncilMember.role, CouncilMember.sort_order)
                                  .where(CouncilMember.deleted_at.is_(None))))
    if len(live_council) < 3 and units and units[0].new:
        roles_there = {role for role, _ in live_council}
        order = max([o for _, o in live_council] + [0])
        by_pos: dict[tuple[str, str], _P] = {}   # (unit name, position) -> first holder
        for u in units:
            for idx in u.members:
                by_pos.setdefault((u.name, persons[idx].position), persons[idx])
        office = units[0].name
        here = f"{lw} {short}"
        wanted = [  # (council role, unit, seat position, position shown in the council list)
            ("Chủ tịch Hội đồng", office, f"Chủ tịch UBND {lw}", f"Chủ tịch UBND {here}"),
            ("Phó Chủ tịch Hội đồng", office, f"Phó Chủ tịch UBND {lw}", f"Phó Chủ tịch UBND {here}"),
            ("Phó Chủ tịch Hội đồng", f"Ủy ban Mặt trận Tổ quốc Việt Nam {here}", "Chủ tịch Ủy ban MTTQ",
             f"Chủ tịch Ủy ban MTTQ Việt Nam {here}"),
            ("Ủy viên thường trực", office, "Chánh Văn phòng HĐND và UBND", "Chánh Văn phòng HĐND và UBND"),
            ("Ủy viên", "Phòng Văn hóa - Xã hội", "Trưởng phòng", "Trưởng phòng Văn hóa - Xã hội"),
            ("Ủy viên", f"Công an {here}", f"Trưởng Công an {lw}", f"Trưởng Công an {here}"),
            ("Ủy viên", f"Hội Liên hiệp Phụ nữ {here}", "Chủ tịch Hội Liên hiệp Phụ nữ",
             f"Chủ tịch Hội Liên hiệp Phụ nữ {here}"),
            ("Ủy viên", f"Đoàn Thanh niên Cộng sản Hồ Chí Minh {here}", "Bí thư Đoàn", f"Bí thư Đoàn {here}"),
            ("Thư ký", office, "Chuyên viên Văn phòng HĐND và UBND", "Chuyên viên Văn phòng HĐND và UBND"),
        ]
        for role, where, seat_position, position in wanted:
            if role == "Chủ tịch Hội đồng" and role in roles_there:
                continue
            p = by_pos.get((where, seat_position))
            if p is None:
                continue
            order += 1
            council_rows.append({
                "id": next_id(CouncilMember), "full_name": p.name, "role": role, "position": position,
                "sex": p.sex, "sort_order": order, **stamp,
                "search_key": g.key("council", full_name=p.name, role=role, position=position),
            })

    return council_rows


def _rating_rows(b: _Build) -> Rows:
    """Ratings: officials, civil servants, public employees; unit collectives."""
    r, g, next_id, stamp = b.r, b.g, b.next_id, b.stamp
    persons, units = b.persons, b.units
    rating_rows: list[dict[str, Any]] = []
    levels = ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")
    good: set[int] = set()   # person ids rated excellent in 2025

    def rating_row(year: int, rating: str, person_id=None, collective_id=None) -> dict[str, Any]:
        note = r.choice(RATING_NOTES)
        return {"id": next_id(Rating), "person_id": person_id, "collective_id": collective_id,
                "household_id": None, "year": year, "rating": rating, "note": note, **stamp,
                "search_key": g.key("rating", note=note)}

    for p in persons:
        if p.category not in ("can_bo", "cong_chuc", "vien_chuc"):
            continue
        t = r.random()
        weights = (60, 40, 0, 0) if t < 0.2 else (10, 78, 11, 1) if t < 0.88 else (0, 35, 57, 8)
        for year in RATING_YEARS:
            lv = r.choices(levels, weights)[0]
            if year == 2025 and lv == "xuat_sac":
                good.add(p.id)
            rating_rows.append(rating_row(year, lv, person_id=p.id))
    for u in units:
        if u.new and u.kind in ("co_quan", "luc_luong_vu_trang", "truong_hoc", "tram_y_te", "doan_the") \
                and r.random() < 0.85:
            for year in RATING_YEARS:
                rating_rows.append(rating_row(year, r.choices(levels, (35, 55, 10, 0))[0], collective_id=u.id))

    b.good = good
    return rating_rows


def _discipline_rows(b: _Build) -> Rows:
    """Discipline of a few staff members, decided or pending."""
    r, g, next_id, stamp = b.r, b.g, b.next_id, b.stamp
    persons = b.persons
    disc_rows: list[dict[str, Any]] = []
    staff = [p for p in persons if p.category in ("can_bo", "cong_chuc", "vien_chuc", "chien_si")]
    n_disc = min(len(staff), max(3 if len(staff) >= 20 else 1, len(staff) // 40))
    for i, p in enumerate(r.sample(staff, n_disc)):
        decided = i % 3 != 2
        year = r.choice((2025, 2026)) if decided else 2026
        start = g.date_in(year)
        reason = r.choice(DISCIPLINE_REASONS if decided else PENDING_REASONS)
        if decided:
            status = "da_ky_luat"
            level = r.choices(("khien_trach", "canh_cao", "ha_bac_luong"), (65, 30, 5))[0]
            decision_no = f"{r.randint(5, 480)}/QĐ-UBND"
            end = start + dt.timedelta(days=365 if level == "khien_trach" else 548)
        else:
            status = r.choice(("dang_xem_xet", "dang_dieu_tra", "khieu_nai"))
            level, decision_no, end = "", "", None
        disc_rows.append({
            "id": next_id(Discipline), "person_id": p.id, "collective_id": None, "status": status,
            "level": level, "decision_no": decision_no, "start_date": start, "end_date": end,
            "reason": reason, **stamp,
            "search_key": g.key("discipline", decision_no=decision_no, reason=reason),
        })

    b.staff = staff
    return disc_rows


def _initiative_rows(b: _Build) -> Rows:
    """Initiatives of staff members, by their unit's domain."""
    r, g, next_id, stamp = b.r, b.g, b.next_id, b.stamp
    staff, units, lw, short = b.staff, b.units, b.lw, b.short
    init_rows: list[dict[str, Any]] = []
    innovators: set[int] = set()
    for p in staff:
        dom = units[p.unit].domain if p.unit >= 0 else ""
        titles = INITIATIVE_TITLES.get(dom)
        if not titles or r.random() > 0.22:
            continue
        year = r.choices(RATING_YEARS, (25, 45, 30))[0]
        title = r.choice(titles).format(g=r.randint(1, 5), lw=f"{lw} {short}")
        kind = "de_tai" if r.random() < 0.1 else "sang_kien"
        x = r.random()
        scope = "co_so" if x < 0.85 else "tinh" if x < 0.98 else "toan_quoc"
        if scope == "co_so":
            body = r.choice((f"Hội đồng sáng kiến cấp cơ sở {lw} {short}", f"UBND {lw} {short}"))
            decision = f"{r.randint(10, 480)}/QĐ-UBND"
        elif scope == "tinh":
            body = r.choice(("Hội đồng sáng kiến tỉnh Bắc Ninh", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh"))
            decision = f"{r.randint(100, 2500)}/QĐ-{'UBND' if body.startswith('Hội') else 'SKHCN'}"
        else:
            body, decision = "Bộ Khoa học và Công nghệ", f"{r.randint(100, 3000)}/QĐ-BKHCN"
        on = g.date_in(year, first=dt.date(year, 9, 1))
        innovators.add(p.id)
        init_rows.append({
            "id": next_id(Initiative), "person_id": p.id, "kind": kind, "title": title, "year": year,
            "scope": scope, "recognised_by": body, "recognised_on": on, "decision_no": decision, **stamp,
            "search_key": g.key("initiative", title=title, recognised_by=body, decision_no=decision),
        })

    b.innovators = innovators
    return init_rows


def _registration_rows(b: _Build) -> Rows:
    """Registrations for the plan year."""
    r, g, next_id, stamp = b.r, b.g, b.next_id, b.stamp
    persons, units, villages, households = b.persons, b.units, b.villages, b.households
    good, innovators = b.good, b.innovators
    reg_rows: list[dict[str, Any]] = []
    reg_first, reg_last = dt.date(PLAN_YEAR, 1, 5), dt.date(PLAN_YEAR, 3, 31)

    def reg(code: str, pledge: str, person_id=None, collective_id=None, household_id=None) -> None:
        reg_rows.append({
            "id": next_id(Registration), "person_id": person_id, "collective_id": collective_id,
            "household_id": household_id, "year": PLAN_YEAR, "title_code": code, "pledge": pledge,
            "registered_on": g.date_in(PLAN_YEAR, reg_first, reg_last), **stamp,
            "search_key": g.key("registration", pledge=pledge),
        })

    for p in persons:
        if p.category in ("can_bo", "cong_chuc", "vien_chuc", "chien_si"):
            if r.random() < 0.95:
                cstd = (p.id in good or p.id in innovators) and r.random() < 0.7
                reg("CSTDCS" if cstd else "LDTT", r.choice(PERSON_PLEDGES), person_id=p.id)
        elif p.unit >= 0 and r.random() < 0.6 or p.unit < 0 and p.category in ("nong_dan", "nguoi_lao_dong") and r.random() < 0.04:
            reg("LDTT", r.choice(PERSON_PLEDGES), person_id=p.id)
    for u in units:
        if u.new and r.random() < 0.85:
            reg("TTLDTT", r.choice(COLLECTIVE_PLEDGES), collective_id=u.id)
    for v in villages:
        if v.new and r.random() < 0.9:
            reg("THON_VH", r.choice(VILLAGE_PLEDGES), collective_id=v.id)
    for h in households:
        if r.random() < 0.85:
            reg("GDVH", r.choice(HOUSEHOLD_PLEDGES), household_id=h["id"])

    return reg_rows


def _achievement_rows(b: _Build) -> Rows:
    """Achievements of people, units, villages and households."""
    r, g, next_id, stamp, lw = b.r, b.g, b.next_id, b.stamp, b.lw
    persons, units, villages, households = b.persons, b.units, b.villages, b.households
    ach_rows: list[dict[str, Any]] = []

    def achieve(domain: str, person_id=None, collective_id=None, household_id=None) -> None:
        sub = r.choice(SUB_AREAS_BY_DOMAIN[domain])
        year = PLAN_YEAR if r.random() < 0.7 else PLAN_YEAR - 1
        text = r.choice(ACHIEVEMENT_TEXTS[sub]).format(
            n=r.randint(2, 15), n2=r.randint(3, 20), p=r.randint(5, 30), p2=r.randint(90, 99),
            m=r.randint(20, 900), y=year, y1=year - 1, lw=lw)
        x = r.random()
        evidence = (f"Báo cáo số {r.randint(10, 300)}/BC-UBND" if x < 0.3
                    else f"Quyết định số {r.randint(10, 900)}/QĐ-UBND" if x < 0.5 else "")
        ach_rows.append({
            "id": next_id(Achievement), "person_id": person_id, "collective_id": collective_id,
            "household_id": household_id, "year": year, "area_code": sub.rsplit(".", 1)[0],
            "sub_area_code": sub, "description": text, "achieved_on": g.date_in(year), "evidence": evidence,
            **stamp, "search_key": g.key("achievement", description=text, evidence=evidence),
        })

    for p in persons:
        if p.unit >= 0:
            if (p.category in ("can_bo", "cong_chuc", "vien_chuc", "chien_si") and r.random() < 0.3) or (
                    r.random() < 0.03):
                achieve(units[p.unit].domain, person_id=p.id)
        elif r.random() < 0.01:
            achieve("citizen", person_id=p.id)
    for u in units:
        if u.new:
            for _ in range(r.randint(1, 2)):
                achieve(u.domain, collective_id=u.id)
    for v in villages:
        if v.new:
            achieve("village", collective_id=v.id)
    for h in households:
        if r.random() < 0.02:
            achieve("household", household_id=h["id"])

    return ach_rows


def _indicator_rows(b: _Build) -> Rows:
    """Indicators: the 15 targets, both periods, where missing."""
    s, g, next_id, stamp = b.s, b.g, b.next_id, b.stamp
    people, villages, lw = b.people, b.villages, b.lw
    ind_rows: list[dict[str, Any]] = []
    have = set(s.execute(select(Indicator.target_code, Indicator.period)
                         .where(Indicator.year == PLAN_YEAR, Indicator.deleted_at.is_(None))))
    plan = default_plan()
    if people:
        nv = str(len(villages))
        for t in plan.targets:
            name, unit, target, h1, year_est = INDICATORS.get(t.code, (t.short, t.unit, t.high, "", ""))
            for period in ("H1", "Y"):
                if (t.code, period) in have:
                    continue
                fmt = {"lw": lw, "nv": nv, "nv1": str(max(0, len(villages) - 1))}
                n = name.format(**fmt)
                actual = (h1 if period == "H1" else year_est).format(**fmt)
                note = "Số liệu thực hiện 6 tháng đầu năm" if period == "H1" else "Ước thực hiện cả năm"
                ind_rows.append({
                    "id": next_id(Indicator), "year": PLAN_YEAR, "target_code": t.code, "period": period,
                    "name": n, "unit": unit, "target_value": target.format(**fmt), "actual_value": actual,
                    "note": note, **stamp, "search_key": g.key("indicator", name=n, note=note),
                })

    return ind_rows
