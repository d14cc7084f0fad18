"""Building the sample rows in memory, step by step (the commune's units and villages, households
and people, who holds which seat, then the rows of each table): the state they share and the steps
about people and collectives (desktop.app.demo.rows has the others; desktop.app.demo.insert._build
runs them all in a fixed order). The same seed on the same workspace gives the same rows: every
step draws from the one seeded generator, in the order the steps run."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import func, select

from desktop.app.demo.gen import _P, PEOPLE_PER_VILLAGE, PLAN_YEAR, _Gen
from desktop.app.demo.material import STREETS, VILLAGER_JOBS
from desktop.app.demo.units import Seat, UnitPlan, _unit_templates, _village_names
from desktop.core import choices as C
from desktop.core.records import search_key_for
from desktop.store.models import (
    Achievement,
    Collective,
    CouncilMember,
    Discipline,
    Household,
    Indicator,
    Initiative,
    Person,
    Rating,
    Registration,
)

Rows = list[dict[str, Any]]


def _max_id(s, model) -> int:
    return int(s.scalar(select(func.coalesce(func.max(model.id), 0))) or 0)


class _Build:
    """What the steps share: the session, the workspace's names, the ids handed out so far, the seeded
    generator, and what earlier steps planned (units, villages, households, persons, ...)."""

    def __init__(self, s, people: int, seed: int, unit_name: str, is_ward: bool, lw: str, short: str,
                 stamp: dict):
        self.s, self.people, self.seed, self.stamp = s, people, seed, stamp
        self.unit_name, self.is_ward, self.lw, self.short = unit_name, is_ward, lw, short
        live_people = int(s.scalar(select(func.count()).select_from(Person).where(Person.deleted_at.is_(None))) or 0)
        ids = {m: _max_id(s, m) for m in (Collective, Household, Person, Rating, Discipline, Initiative,
                                          Registration, Achievement, Indicator, CouncilMember)}
        # the same seed on a workspace that already holds people must not repeat the same names
        self.r = random.Random(seed * 1_000_003 + ids[Person])
        taken = set(s.scalars(select(Person.cccd).where(Person.cccd.is_not(None))))
        self.g = _Gen(self.r, taken)
        self.ids = ids
        self.total_people = live_people + people
        self.units: list[UnitPlan] = []
        self.villages: list[UnitPlan] = []
        self.persons: list[_P] = []
        self.households: list[dict[str, Any]] = []   # village index, head person index, members
        self.good: set[int] = set()          # person ids rated excellent in 2025
        self.staff: list[_P] = []            # officials, civil servants, public employees, soldiers
        self.innovators: set[int] = set()    # person ids with an initiative

    def next_id(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model]


def _plan_collectives(b: _Build) -> None:
    """The units and villages, reusing those already there (same name and kind)."""
    s, people, unit_name, is_ward, total_people = b.s, b.people, b.unit_name, b.is_ward, b.total_people
    existing = {(n, k): (i, leader) for i, n, k, leader in s.execute(
        select(Collective.id, Collective.name, Collective.kind, Collective.leader_name)
        .where(Collective.deleted_at.is_(None)).order_by(Collective.id))}
    units = _unit_templates(unit_name, is_ward, total_people)
    village_kind = "to_dan_pho" if is_ward else "thon"
    n_villages = max(1, round(total_people / PEOPLE_PER_VILLAGE)) if people else 0
    villages = [UnitPlan(n, village_kind, "village") for n in _village_names(is_ward, n_villages)]
    for u in [*units, *villages]:
        hit = existing.get((u.name, u.kind))
        if hit:
            u.id, u.new, u.leader_name = hit[0], False, hit[1]
    if people == 0:
        units = [u for u in units if not u.new]

    b.units, b.villages = units, villages


def _households(b: _Build) -> None:
    """Households and their adult members."""
    r, g, people, villages = b.r, b.g, b.people, b.villages
    persons: list[_P] = []
    households: list[dict[str, Any]] = []   # village index, head person index, members
    while len(persons) < people:
        h = len(households)
        vi = r.randrange(len(villages))
        head_sex = "nam" if r.random() < 0.8 else "nu"
        head_year = r.randint(1950, 1985) if r.random() < 0.8 else r.randint(1986, 2000)
        family = g.family()
        members = [_P(g.name(head_sex, head_year, family if head_sex == "nam" else None), head_sex,
                      g.date_in(head_year), h)]
        size = r.choices((1, 2, 3, 4, 5, 6), (10, 30, 25, 20, 10, 5))[0]
        if size >= 2 and r.random() < 0.9:
            sp_sex = "nu" if head_sex == "nam" else "nam"
            sp_year = min(2005, max(1950, head_year + r.randint(-2, 6) * (1 if head_sex == "nam" else -1)))
            members.append(_P(g.name(sp_sex, sp_year), sp_sex, g.date_in(sp_year), h))
        kid_family = family if head_sex == "nam" else g.family()
        mother_year = head_year
        minors = 0
        while len(members) < size:
            y = mother_year + r.randint(20, 36)
            if y > 2005:
                minors += 1
                if minors > 3:
                    break
                continue
            sx = "nam" if r.random() < 0.5 else "nu"
            members.append(_P(g.name(sx, y, kid_family), sx, g.date_in(y), h))
        if head_year >= 1975:
            minors += r.choice((0, 1, 1, 2, 2, 3))
        members = members[: people - len(persons)]
        households.append({"village": vi, "head": len(persons), "members": len(members) + min(minors, 4)})
        persons.extend(members)

    b.persons, b.households = persons, households


def _seats(b: _Build) -> None:
    """Seats: officials, teachers, workers... drawn from working-age residents."""
    r, persons, units, total_people = b.r, b.persons, b.units, b.total_people
    scale = min(1.0, max(0.12, total_people / 15000))
    pool_m = [i for i, p in enumerate(persons) if p.sex == "nam" and 1966 <= p.birth.year <= 2003]
    pool_f = [i for i, p in enumerate(persons) if p.sex == "nu" and 1966 <= p.birth.year <= 2003]
    r.shuffle(pool_m)
    r.shuffle(pool_f)

    def take(seat: Seat) -> int | None:
        if seat.sex:
            pools = [pool_m if seat.sex == "nam" else pool_f]
        else:
            first = pool_f if r.random() < seat.female_share else pool_m
            pools = [first, pool_m if first is pool_f else pool_f]
        lo, hi = seat.born
        for pool in pools:
            for back in range(1, min(len(pool), 60) + 1):
                idx = pool[-back]
                if lo <= persons[idx].birth.year <= hi:
                    pool[-back] = pool[-1]
                    pool.pop()
                    return idx
        return None

    for ui, u in enumerate(units):
        for seat in u.seats:
            if not u.new and not seat.many:
                continue
            n = max(1, round(seat.count * scale * r.uniform(0.7, 1.3))) if seat.many else seat.count
            for _ in range(n):
                idx = take(seat)
                if idx is None:
                    break
                p = persons[idx]
                p.category, p.position, p.unit = seat.category, seat.position, ui
                u.members.append(idx)
                if u.new and not u.leader_name and seat.position == u.leader_position:
                    u.leader_name = p.name


def _villagers(b: _Build) -> None:
    """What the people holding no seat do."""
    r, persons = b.r, b.persons
    ward = b.is_ward
    for p in persons:
        if p.category:
            continue
        age = PLAN_YEAR - p.birth.year
        x = r.random()
        if age >= 62:
            if not ward and x < 0.35:
                p.category, p.position = "nong_dan", "Nông dân"
            else:
                p.category = "nhan_dan"
                p.position = "Hưu trí" if r.random() < 0.7 else r.choice(VILLAGER_JOBS["nhan_dan"])
        else:
            if ward:
                p.category = "nong_dan" if x < 0.05 else "nguoi_lao_dong" if x < 0.35 else "nhan_dan"
            else:
                p.category = "nong_dan" if x < 0.5 else "nguoi_lao_dong" if x < 0.7 else "nhan_dan"
            p.position = r.choice(VILLAGER_JOBS[p.category])


def _village_heads(b: _Build) -> None:
    """The head of each new village, from its households' heads."""
    r, persons, villages, households = b.r, b.persons, b.villages, b.households
    ward = b.is_ward
    by_village: dict[int, list[int]] = {}
    for h in households:
        by_village.setdefault(h["village"], []).append(h["head"])
    for vi, v in enumerate(villages):
        if not v.new or vi not in by_village:
            continue
        heads = [i for i in by_village[vi] if persons[i].unit < 0 and 1960 <= persons[i].birth.year <= 1990]
        if heads:
            p = persons[r.choice(heads)]
            p.position = "Tổ trưởng tổ dân phố" if ward else "Trưởng thôn"
            v.leader_name = p.name


def _collective_rows(b: _Build) -> Rows:
    """The rows of the new units and villages."""
    r, g, next_id, stamp = b.r, b.g, b.next_id, b.stamp
    units, villages, unit_name, lw, short = b.units, b.villages, b.unit_name, b.lw, b.short
    coll_rows: list[dict[str, Any]] = []
    for u in [*units, *villages]:
        if not u.new:
            continue
        u.id = next_id(Collective)
        if u.kind in C.VILLAGE_KINDS:
            address = f"{u.name}, {unit_name}"
        elif u.kind in ("co_quan", "luc_luong_vu_trang", "doan_the", "tram_y_te"):
            address = f"Trụ sở UBND {lw} {short}" if u.kind != "tram_y_te" else f"{r.choice(villages).name}, {unit_name}"
        else:
            address = f"{r.choice(villages).name}, {unit_name}"
        phone = f"0222 3{r.randrange(1_000_000):06d}" if u.kind not in C.VILLAGE_KINDS else (
            g.phone() if r.random() < 0.5 else "")
        coll_rows.append({
            "id": u.id, "name": u.name, "kind": u.kind, "address": address, "leader_name": u.leader_name,
            "phone": phone, "note": "", **stamp,
            "search_key": g.key("collective", name=u.name, leader_name=u.leader_name, address=address),
        })

    return coll_rows


def _household_rows(b: _Build) -> Rows:
    """The rows of the households."""
    r, g, next_id, stamp = b.r, b.g, b.next_id, b.stamp
    persons, villages, households, unit_name = b.persons, b.villages, b.households, b.unit_name
    ward = b.is_ward
    hh_rows: list[dict[str, Any]] = []
    for h in households:
        h["id"] = next_id(Household)
        head = persons[h["head"]]
        village = villages[h["village"]]
        if ward:
            address = f"Số {r.randint(1, 250)} {r.choice(STREETS)}, {village.name}, {unit_name}"
        else:
            address = f"{village.name}, {unit_name}"
        phone = g.phone() if r.random() < 0.6 else ""
        hh_rows.append({
            "id": h["id"], "head_name": head.name, "village_id": village.id, "address": address,
            "members": h["members"], "phone": phone, "note": "", **stamp,
            "search_key": g.key("household", head_name=head.name, address=address, phone=phone),
        })

    return hh_rows


def _person_rows(b: _Build) -> Rows:
    """The rows of the people."""
    r, g, next_id, stamp = b.r, b.g, b.next_id, b.stamp
    persons, units, villages, households = b.persons, b.units, b.villages, b.households
    p_rows: list[dict[str, Any]] = []
    for p in persons:
        p.id = next_id(Person)
        cccd = g.cccd(p.sex, p.birth.year) if r.random() < 0.98 else None
        phone = g.phone() if r.random() < 0.55 else ""
        coll = units[p.unit].id if p.unit >= 0 else villages[households[p.household]["village"]].id
        p_rows.append({
            "id": p.id, "full_name": p.name, "sex": p.sex, "birth_date": p.birth, "cccd": cccd,
            "position": p.position, "collective_id": coll, "household_id": households[p.household]["id"],
            "category": p.category, "phone": phone, "note": "", **stamp,
            "search_key": search_key_for("person", {"full_name": p.name, "cccd": cccd,
                                                 "position": p.position, "phone": phone}),
            "sort_key": g.sort_key(p.name),
        })

    return p_rows
