"""The sample data carries the facts the rules need: hiring dates (two recruited less than six months
before 31 December of the plan year), qualifications, home towns, residences, and one school merged in
the 2025 reorganisation with its earlier rating."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop.app import demo
from desktop.app.demo.gen import PLAN_YEAR
from desktop.core.records import Records
from desktop.store.models import Collective, Person, Rating, Registration


def test_demo_facts(workspace):
    demo.fill(workspace, 400, seed=3)
    six_months_before = dt.date(PLAN_YEAR, 7, 1)
    with workspace.session() as s:
        staff = s.scalars(select(Person).where(Person.category.in_(("can_bo", "cong_chuc", "vien_chuc")))).all()
        assert staff and all(p.hired_on and p.qualification for p in staff)
        assert all(p.hired_on >= p.birth_date.replace(year=p.birth_date.year + 18) for p in staff)
        recent = [p for p in staff if p.hired_on > six_months_before]
        assert len(recent) == 2
        assert s.scalar(select(func.count()).select_from(Person).where(Person.residence == "")) == 0
        assert s.scalar(select(func.count()).select_from(Person).where(Person.home_town == "")) == 0
        (merged,) = s.scalars(select(Collective).where(Collective.status != "active")).all()
        into = s.get(Collective, merged.merged_into_id)
        assert (merged.status, merged.ended_on, into.status) == ("merged", dt.date(2025, 7, 1), "active")
        assert s.scalars(select(Rating.year).where(Rating.collective_id == merged.id)).all() == [2024]
        assert not s.scalars(select(Registration).where(Registration.collective_id == merged.id)).all()
        assert s.scalar(select(func.count()).select_from(Person).where(Person.collective_id == merged.id)) == 0
    rec = Records(workspace.session)
    assert merged.id not in dict(rec.lookup("collective", "mam non"))
    assert "(đã sáp nhập vào" in rec.label_of("collective", merged.id)
    # a second run adds people, not a second merged school
    demo.fill(workspace, 50, seed=4)
    with workspace.session() as s:
        assert s.scalar(select(func.count()).select_from(Collective).where(Collective.status != "active")) == 1
