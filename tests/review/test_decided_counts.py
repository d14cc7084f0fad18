"""What the review counts once a decision is made: those awarded are "decided" (not "blocked"), the
plan the window confirms is exactly what the decision takes, and a decision on a base title does not
shrink the cap of the titles built on it."""

from __future__ import annotations

import datetime as dt

from desktop.core.catalog import load_catalog
from desktop.core.review import Review

from .conftest import YEAR
from .test_catalog import _copy_catalog, _edit, _title

ON = dt.date(YEAR, 12, 15)


def _people(commune, n_ok=3, n_warning=2):
    unit = commune.unit()
    for _ in range(n_ok):
        commune.register(("person", commune.person(unit=unit)), "LDTT")
    for _ in range(n_warning):  # a farmer has no quality rating: the council confirms
        commune.register(("person", commune.person(unit=unit, category="nong_dan", rating=None)), "LDTT")
    commune.register(("person", commune.person(unit=unit, rating="hoan_thanh")), "LDTT")  # too low
    return unit


def test_the_plan_is_what_the_decision_takes_and_then_counts_as_decided(commune):
    _people(commune)
    assert commune.check().counts() == {"ok": 3, "warning": 2, "blocked": 1, "decided": 0, "elsewhere": 0}
    for include in (False, True):
        plan = commune.review.plan(YEAR, ON, include_warnings=include)
        assert len(plan.chosen) == (5 if include else 3) and plan.warnings == (2 if include else 0)
        # every candidate is accounted for: in it, left out with a reason, or the other document's
        total = len(commune.check().candidates)
        assert len(plan.chosen) + len(plan.left_out) + plan.other_document == total
        proposal = commune.review.plan(YEAR, ON, include_warnings=include, kind="proposal")
        assert proposal.other_document == sum(1 for c in commune.check().candidates if c.commune_decides)
    info = commune.review.decide(YEAR, ON, "Lê Văn Minh", include_warnings=True)
    assert sorted(r.name for r in info.rows) == sorted(c.name for c in plan.chosen)
    assert [n for n, _t, _r in info.left_out] == [n for n, _t, _r in plan.left_out]
    result = commune.check()
    assert result.counts() == {"ok": 0, "warning": 0, "blocked": 1, "decided": 5, "elsewhere": 0}
    assert result.as_dict()["counts"] == result.counts()
    assert sum(c["decided"] for c in result.as_dict()["candidates"]) == 5
    assert not commune.review.plan(YEAR, ON, include_warnings=True).chosen  # nothing left to decide


def test_a_decision_on_the_base_title_keeps_the_cap_of_the_title_built_on_it(commune, tmp_path):
    d = _copy_catalog(tmp_path)
    _edit(d, lambda doc: _title(doc, "CSTDCS").update(cap={"percent": 50, "of": "LDTT"}))
    commune.review = Review(commune.db.session, "Nguyễn Thị Hoa", catalog=load_catalog(d))
    unit = commune.unit()
    stars = [commune.person(unit=unit, rating="xuat_sac") for _ in range(2)]
    for pid in stars + [commune.person(unit=unit) for _ in range(2)]:
        commune.register(("person", pid), "LDTT")
    for pid in stars:  # 2 of 4: exactly the 50 % cap
        commune.register(("person", pid), "CSTDCS")

    def cap_warnings():
        return [c.name for c in commune.check().candidates if any(f.rule == "cap" for f in c.findings)]

    assert cap_warnings() == []
    info = commune.review.decide(YEAR, ON, "Lê Văn Minh")  # LDTT; CSTDCS waits for its secret ballot
    assert {r.title_code for r in info.rows} == {"LDTT"} and len(info.rows) == 4
    assert cap_warnings() == []  # the four awarded LDTT still make the base of the cap
