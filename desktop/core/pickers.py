"""How a reference picker names and finds people, Qt-free.

Two namesakes born the same year are common in a commune ("Nguyễn Thị Hương (1971)" twice), so a
person is offered with the village or unit and the last four digits of the CCCD:
"Nguyễn Thị Hương (1971) — Thôn Đông · CCCD …1234"; typing any word of those finds the person.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from desktop.shared.text import fold, like_pattern
from desktop.store.models import Collective, Household, Person

CCCD_SHOWN = 4  # digits of the CCCD shown: enough to tell two namesakes apart, not the whole number


def place_of(person: Person) -> str:
    """The person's unit or village: the collective they belong to, else their household's village."""
    if person.collective is not None and person.collective.deleted_at is None:
        return person.collective.name
    hh = person.household
    if hh is not None and hh.deleted_at is None and hh.village is not None:
        return hh.village.name
    return ""


def person_label(person: Person) -> str:
    label = person.full_name
    if person.birth_date:
        label += f" ({person.birth_date.year})"
    details = [p for p in (place_of(person),
                           f"CCCD …{person.cccd[-CCCD_SHOWN:]}" if person.cccd else "") if p]  # i18n: keep (CCCD)
    return f"{label} — {' · '.join(details)}" if details else label


def person_lookup(search: str, limit: int) -> Select:
    """Live people whose name, CCCD, position, phone, unit or village contain every typed word (accents
    and case ignored); those found by their own details first, then by name."""
    unit = aliased(Collective, name="picker_unit")
    hh = aliased(Household, name="picker_household")
    village = aliased(Collective, name="picker_village")
    place_key = func.coalesce(unit.search_key, "") + " " + func.coalesce(village.search_key, "")
    stmt = (select(Person)
            .outerjoin(unit, and_(unit.id == Person.collective_id, unit.deleted_at.is_(None)))
            .outerjoin(hh, and_(hh.id == Person.household_id, hh.deleted_at.is_(None)))
            .outerjoin(village, village.id == hh.village_id)
            .where(Person.deleted_at.is_(None))
            .options(joinedload(Person.collective), joinedload(Person.household).joinedload(Household.village)))
    words = fold(search).split()
    for w in words:
        pat = like_pattern(w)
        stmt = stmt.where(or_(Person.search_key.like(pat, escape="\\"), place_key.like(pat, escape="\\")))
    if words:
        own = and_(*[Person.search_key.like(like_pattern(w), escape="\\") for w in words])
        stmt = stmt.order_by(case((own, 0), else_=1))
    return stmt.order_by(Person.sort_key, Person.id).limit(limit)


__all__ = ["person_label", "person_lookup", "place_of", "CCCD_SHOWN"]
