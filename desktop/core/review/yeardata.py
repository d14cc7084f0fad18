"""The data of a year the rules read, loaded once per check (a few queries, no per-row lookups)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from desktop.core import choices as C
from desktop.core.catalog import Catalog
from desktop.core.labels import household_name
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
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import AwardHistory, ReviewDecision, ReviewDecisionRow, RowAchievement


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


@dataclass
class _Proposed:
    """A live row of a proposal to the province (not returned, the proposal not replaced or repealed)."""
    code: str
    decision_no: str


def _live_proposal_rows(s: Session, year: int):
    later = aliased(IssuedDocument)
    replaced = exists().where(later.replaces_id == IssuedDocument.id, later.change_kind.in_(("thay_the", "bai_bo")))
    doc_replaced = exists().where(IssuedDocument.source_kind == "review_decision",
                                  IssuedDocument.source_id == ReviewDecision.id, replaced)
    return s.execute(
        select(ReviewDecisionRow.id, ReviewDecisionRow.person_id, ReviewDecisionRow.collective_id,
               ReviewDecisionRow.household_id, ReviewDecisionRow.title_code, ReviewDecision.number_text)
        .join(ReviewDecision, and_(ReviewDecision.id == ReviewDecisionRow.decision_id))
        .where(ReviewDecision.kind == "proposal", ReviewDecision.year == year, ReviewDecision.deleted_at.is_(None),
               ReviewDecisionRow.outcome != "returned", ~doc_replaced))


class YearData:
    """Everything the rules read for one year, loaded once (a few queries, no per-row lookups)."""

    def __init__(self, s: Session, year: int, lookback: int):
        self.year = year
        first = year - lookback
        self.persons: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Person.id, Person.full_name, Person.category, Person.collective_id,
                                              Person.position, Person.sex, Person.hired_on)
                                       .where(Person.deleted_at.is_(None)))}
        # a collective dissolved or merged before the year began stays for history, out of the review
        start = dt.date(year, 1, 1)
        self.collectives: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Collective.id, Collective.name, Collective.kind, Collective.status,
                                              Collective.ended_on)
                                       .where(Collective.deleted_at.is_(None)))}
        self.ended: dict[int, tuple] = {i: c for i, c in self.collectives.items()
                                        if c.status != "active" and (c.ended_on is None or c.ended_on < start)}
        self.households: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Household.id, Household.head_name, Household.village_id)
                                       .where(Household.deleted_at.is_(None)))}
        # the head's sex, when the head is among the household's people (for "Hộ ông …" / "Hộ bà …")
        self.head_sex: dict[int, str] = {
            r.id: r.sex for r in s.execute(
                select(Household.id, Person.sex).join(Person, (Person.household_id == Household.id)
                                                      & (Person.full_name == Household.head_name))
                .where(Household.deleted_at.is_(None), Person.deleted_at.is_(None)))}
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
        self.proposed: dict[Subject, list[_Proposed]] = defaultdict(list)
        self.row_linked: set[int] = set()   # achievements a live decision or proposal row rewards
        live_rows: dict[int, Subject] = {}
        for r in _live_proposal_rows(s, year):
            self.proposed[_subj(r)].append(_Proposed(r.title_code, r.number_text))
            live_rows[r.id] = _subj(r)
        decided = select(AwardHistory.id).where(AwardHistory.deleted_at.is_(None),
                                                AwardHistory.decision_id == ReviewDecisionRow.decision_id)
        for r in s.execute(select(RowAchievement.achievement_id, RowAchievement.row_id, ReviewDecision.kind)
                           .join(ReviewDecisionRow, ReviewDecisionRow.id == RowAchievement.row_id)
                           .join(ReviewDecision, ReviewDecision.id == ReviewDecisionRow.decision_id)
                           .where(ReviewDecision.deleted_at.is_(None), ReviewDecision.year == year,
                                  exists(decided) | (ReviewDecision.kind == "proposal"))):
            if r.kind != "proposal" or r.row_id in live_rows:
                self.row_linked.add(r.achievement_id)
        self.registrations: list[tuple[Subject, str]] = [
            (_subj(r), r.title_code) for r in s.execute(
                select(Registration.person_id, Registration.collective_id, Registration.household_id,
                       Registration.title_code)
                .where(Registration.deleted_at.is_(None), Registration.year == year)
                .order_by(Registration.id))]

    def exists(self, subj: Subject) -> bool:
        t, i = subj
        if t == "collective" and i in self.ended:
            return False
        return i in (self.persons if t == "person" else self.collectives if t == "collective" else self.households)

    def employer_kind(self, person_id: int) -> str:
        p = self.persons.get(person_id)
        unit = self.collectives.get(p.collective_id) if p is not None else None
        return unit.kind if unit is not None else ""

    def free_achievements(self, subj: Subject) -> list:
        """The subject's achievements of the year no award or live proposal row rewards yet."""
        return [a for a in self.achievements.get(subj, ())
                if a.id not in self.rewarded_achievements and a.id not in self.row_linked]

    def name(self, subj: Subject) -> str:
        t, i = subj
        if t == "person":
            p = self.persons.get(i)
            return p.full_name if p else f"(cá nhân mã {i})"  # i18n: keep (stored in decision rows, printed)
        if t == "collective":
            c = self.collectives.get(i)
            return c.name if c else f"(tập thể mã {i})"  # i18n: keep (stored in decision rows, printed)
        h = self.households.get(i)
        if h is None:
            return f"(hộ mã {i})"  # i18n: keep (stored in decision rows, printed)
        return household_name(h.head_name, self.head_sex.get(i))

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
