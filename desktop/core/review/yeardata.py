"""The data of a year the rules read, loaded once per check (a few queries, no per-row lookups)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import choices as C
from desktop.core.catalog import Catalog
from desktop.core.review.results import Subject
from desktop.store.models import (
    Achievement,
    Collective,
    Discipline,
    Household,
    Initiative,
    Person,
    Rating,
    Registration,
)
from desktop.store.models_review import AwardHistory


@dataclass
class _Disc:
    status: str
    level: str
    start: dt.date | None
    end: dt.date | None
    decision_no: str


@dataclass
class _Award:
    year: int
    code: str
    decision_no: str
    achievement_id: int | None
    source: str


class YearData:
    """Everything the rules read for one year, loaded once (a few queries, no per-row lookups)."""

    def __init__(self, s: Session, year: int, lookback: int):
        self.year = year
        first = year - lookback
        self.persons: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Person.id, Person.full_name, Person.category, Person.collective_id,
                                              Person.position, Person.sex).where(Person.deleted_at.is_(None)))}
        self.collectives: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Collective.id, Collective.name, Collective.kind)
                                       .where(Collective.deleted_at.is_(None)))}
        self.households: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Household.id, Household.head_name, Household.village_id)
                                       .where(Household.deleted_at.is_(None)))}
        self.members: dict[int, list[int]] = defaultdict(list)
        for p in self.persons.values():
            if p.collective_id is not None:
                self.members[p.collective_id].append(p.id)
        self.ratings: dict[tuple[Subject, int], str] = {}
        for r in s.execute(select(Rating.person_id, Rating.collective_id, Rating.year, Rating.rating)
                           .where(Rating.deleted_at.is_(None), Rating.year.between(first, year))):
            self.ratings[(_subj(r), r.year)] = r.rating
        self.discipline: dict[Subject, list[_Disc]] = defaultdict(list)
        for r in s.execute(select(Discipline).where(Discipline.deleted_at.is_(None))).scalars():
            self.discipline[_subj(r)].append(_Disc(r.status, r.level or "", r.start_date, r.end_date, r.decision_no))
        self.initiatives: dict[int, list[tuple]] = defaultdict(list)
        for r in s.execute(select(Initiative.person_id, Initiative.kind, Initiative.scope, Initiative.year,
                                  Initiative.title)
                           .where(Initiative.deleted_at.is_(None), Initiative.year.between(first, year))):
            self.initiatives[r.person_id].append(r)
        self.achievements: dict[Subject, list[tuple]] = defaultdict(list)
        for r in s.execute(select(Achievement.id, Achievement.person_id, Achievement.collective_id,
                                  Achievement.household_id, Achievement.description)
                           .where(Achievement.deleted_at.is_(None), Achievement.year == year)):
            self.achievements[_subj(r)].append(r)
        self.awards: dict[Subject, list[_Award]] = defaultdict(list)
        self.rewarded_achievements: dict[int, _Award] = {}
        for r in s.execute(select(AwardHistory).where(AwardHistory.deleted_at.is_(None),
                                                      AwardHistory.year <= year)).scalars():
            a = _Award(r.year, r.title_code, r.decision_no, r.achievement_id, r.source)
            self.awards[_subj(r)].append(a)
            if r.achievement_id is not None:
                self.rewarded_achievements[r.achievement_id] = a
        self.registrations: list[tuple[Subject, str]] = [
            (_subj(r), r.title_code) for r in s.execute(
                select(Registration.person_id, Registration.collective_id, Registration.household_id,
                       Registration.title_code)
                .where(Registration.deleted_at.is_(None), Registration.year == year)
                .order_by(Registration.id))]

    def exists(self, subj: Subject) -> bool:
        t, i = subj
        return i in (self.persons if t == "person" else self.collectives if t == "collective" else self.households)

    def name(self, subj: Subject) -> str:
        t, i = subj
        if t == "person":
            p = self.persons.get(i)
            return p.full_name if p else f"(cá nhân mã {i})"  # i18n: keep (stored in decision rows, printed)
        if t == "collective":
            c = self.collectives.get(i)
            return c.name if c else f"(tập thể mã {i})"  # i18n: keep (stored in decision rows, printed)
        h = self.households.get(i)
        return f"Hộ ông/bà {h.head_name}" if h else f"(hộ mã {i})"  # i18n: keep (stored in decision rows, printed)

    def detail(self, subj: Subject) -> str:
        t, i = subj
        if t == "person" and i in self.persons:
            p = self.persons[i]
            unit = self.collectives.get(p.collective_id)
            return ", ".join(x for x in (p.position, unit.name if unit else "") if x)
        if t == "collective" and i in self.collectives:
            return C.label(C.COLLECTIVE_KIND, self.collectives[i].kind)
        if t == "household" and i in self.households:
            v = self.collectives.get(self.households[i].village_id)
            return v.name if v else ""
        return ""

    def award(self, subj: Subject, code: str, year: int) -> _Award | None:
        return next((a for a in self.awards.get(subj, ()) if a.code == code and a.year == year), None)


def _subj(r) -> Subject:
    if getattr(r, "person_id", None) is not None:
        return ("person", r.person_id)
    if getattr(r, "collective_id", None) is not None:
        return ("collective", r.collective_id)
    return ("household", r.household_id)


def _lookback(catalog: Catalog) -> int:
    """How many earlier years the catalog's rules can look at."""
    n = 1

    def walk(rule: dict) -> None:
        nonlocal n
        n = max(n, int(rule.get("years", 1)))
        for sub in rule.get("rules", ()):
            walk(sub)

    for t in catalog.titles.values():
        for r in t.criteria:
            walk(r)
    return n
