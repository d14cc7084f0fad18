"""The facts the rules need, in the sample data: hiring dates of the people holding a seat (two of them
hired less than six months before 31 December of the plan year), home towns, residences and
qualifications, and one school merged into another in the 2025 reorganisation, kept with its old
rating. (No award history row: the sample data has none yet, and the province tests count the awards
a commune sends.)

These draws come from a generator of their own (seeded from the same seed), so the rows the other
steps make stay exactly what they were.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from desktop.app.demo.gen import LAST_DAY, PLAN_YEAR
from desktop.core.records import search_key_for
from desktop.store.models import Collective, Rating

Rows = list[dict[str, Any]]
MERGED_ON = dt.date(2025, 7, 1)
RECENT_FROM = dt.date(PLAN_YEAR, 7, 15)       # less than 6 months before 31 December of the plan year
OTHER_HOME_TOWNS = ("xã Yên Phong, tỉnh Bắc Ninh", "phường Từ Sơn, tỉnh Bắc Ninh", "xã Lương Tài, tỉnh Bắc Ninh",
                    "phường Bắc Giang, tỉnh Bắc Ninh", "thành phố Hà Nội", "tỉnh Hưng Yên", "tỉnh Thái Nguyên")
OFFICE_DEGREES = ("Đại học Luật", "Đại học Hành chính", "Đại học Kinh tế", "Đại học Quản lý đất đai",
                  "Thạc sĩ Quản lý công", "Đại học Xây dựng", "Đại học Kinh tế nông nghiệp")
HEALTH = {"Bác sĩ": "Bác sĩ đa khoa", "Trưởng Trạm Y tế": "Bác sĩ đa khoa", "Phó Trưởng Trạm Y tế": "Bác sĩ đa khoa",
          "Y sĩ": "Trung cấp Y sĩ đa khoa", "Điều dưỡng": "Cao đẳng Điều dưỡng", "Nữ hộ sinh": "Cao đẳng Hộ sinh",
          "Dược sĩ": "Đại học Dược"}


def _generator(b) -> random.Random:
    return random.Random(b.seed * 1_000_033 + b.ids[Rating] + 17)


def _qualification(r: random.Random, position: str, category: str, unit_name: str) -> str:
    if position in HEALTH:
        return HEALTH[position]
    if unit_name.startswith("Trường"):
        if category == "nguoi_lao_dong":
            return r.choice(("Trung cấp Kế toán", "Trung cấp Văn thư", ""))
        level = "Mầm non" if "Mầm non" in unit_name else "Tiểu học" if "Tiểu học" in unit_name else "Trung học cơ sở"
        return f"Đại học Sư phạm {level}" if r.random() < 0.8 else f"Cao đẳng Sư phạm {level}"
    if category == "chien_si":
        return "Đại học An ninh nhân dân" if "Công an" in position else "Trung cấp Quân sự cơ sở"
    if "Kế toán" in position:
        return "Đại học Kế toán"
    if position.startswith("Giám đốc"):
        return r.choice(("Đại học Kinh tế", "Đại học Quản trị kinh doanh", "Kỹ sư Nông nghiệp"))
    if category in ("can_bo", "cong_chuc", "vien_chuc"):
        return r.choice(OFFICE_DEGREES)
    return r.choice(("", "", "Trung cấp nghề", "Công nhân kỹ thuật bậc 3", "Đại học Kinh tế"))


def person_facts(b, p_rows: Rows, hh_rows: Rows) -> None:
    """Home town and residence for everyone; hiring date and qualification for the people holding a seat."""
    r = _generator(b)
    address = {h["id"]: h["address"] for h in hh_rows}
    home = f"{b.lw} {b.short}, tỉnh Bắc Ninh"
    staff: list[dict[str, Any]] = []
    for p, row in zip(b.persons, p_rows, strict=True):
        row["home_town"] = home if r.random() < 0.8 else r.choice(OTHER_HOME_TOWNS)
        row["residence"] = address.get(row["household_id"], "")
        row["hired_on"], row["qualification"] = None, ""
        if p.unit >= 0:
            unit = b.units[p.unit]
            row["qualification"] = _qualification(r, p.position, p.category, unit.name)
            first = max(dt.date(p.birth.year + 18, p.birth.month, min(p.birth.day, 28)), dt.date(1990, 1, 1))
            last = dt.date(PLAN_YEAR - 1, 12, 31)
            if first <= last:
                row["hired_on"] = dt.date.fromordinal(r.randint(first.toordinal(), last.toordinal()))
                if p.category in ("cong_chuc", "vien_chuc"):
                    staff.append(row)
    for row in r.sample(staff, min(2, len(staff))):   # recruited this year: too recent for Lao động tiên tiến
        row["hired_on"] = dt.date.fromordinal(r.randint(RECENT_FROM.toordinal(), LAST_DAY.toordinal()))
    for row in p_rows:
        row["search_key"] = search_key_for("person", row)


def merged_school(b) -> tuple[Rows, Rows]:
    """(collective, rating rows): a kindergarten merged on 1 July 2025 into the commune's own, with its
    2024 rating, the history the merger keeps. Made once: a second run finds it by name."""
    from sqlalchemy import select

    into = next((u for u in b.units if u.name.startswith("Trường Mầm non") and u.id), None)
    if into is None or b.people == 0:
        return [], []
    name = f"{into.name} cơ sở Hoa Sen"
    if b.s.scalar(select(Collective.id).where(Collective.name == name)) is not None:
        return [], []
    cid = b.next_id(Collective)
    address = f"{b.villages[0].name}, {b.unit_name}" if b.villages else ""
    values = {"name": name, "kind": "truong_hoc", "leader_name": "", "address": address, "status": "merged"}
    coll = {"id": cid, **values, "phone": "", "ended_on": MERGED_ON, "merged_into_id": into.id,
            "note": "Sáp nhập khi sắp xếp lại đơn vị năm 2025; giữ lại để tra cứu thi đua, khen thưởng các năm trước.",
            **b.stamp, "search_key": search_key_for("collective", values)}
    rating = {"id": b.next_id(Rating), "person_id": None, "collective_id": cid, "household_id": None, "year": 2024,
              "rating": "xuat_sac", "note": "", **b.stamp, "search_key": search_key_for("rating", {"note": ""})}
    return [coll], [rating]
