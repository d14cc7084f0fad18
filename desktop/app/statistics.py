"""The statistics report on emulation and commendation of a year, from the workspace (Qt-free).

At a commune: every live award of the award history whose decision is dated in the reporting period
(the commune's decisions, the province's awards on its proposals, earlier awards entered with their
date), the culture titles of the rounds decided in the period, and the counts of the movements form
(launch plans, decisions by occasion, culture decisions, proposals). At the province: the same awards
form over the award records the communes sent (one row per commune and the total, and the province's
per-title table); what the communes' data do not carry (culture results, launch plans, the occasion of a
decision) is left empty with a printed note, never guessed.

The forms, the period and the deadline are data (desktop.core.statistics, resources/statistics/);
rendering is desktop.reports.statistics_docs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import aliased

from desktop.app.award_register import subject_of as _subject
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.statistics import Fact, Forms, Movement, award_table, commune_table, load_forms, matrix_table
from desktop.core.units import bac_ninh_units, find_unit
from desktop.reports.layout import Issuer
from desktop.reports.statistics_docs import StatReport
from desktop.shared.errors import UserError
from desktop.store.models import Collective, Person
from desktop.store.models_bundle import ProvinceBundle, ProvinceRecord
from desktop.store.models_culture import CultureMark, CultureRound
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import AwardHistory, EmulationPlan, ReviewDecision, ReviewDecisionRow

CULTURE_CODES = ("GDVH", "THON_VH")


def _province_issuer() -> Issuer:
    return Issuer(body=["SỞ NỘI VỤ"], superior="UBND TỈNH BẮC NINH", place="Bắc Ninh", code="SNV",
                  name="Sở Nội vụ tỉnh Bắc Ninh")


def _titles(catalog: Catalog) -> list[tuple[str, str, str]]:
    titles = catalog.titles.values() if isinstance(catalog.titles, dict) else catalog.titles
    return [(t.code, t.name, t.level) for t in titles]


# --------------------------------------------------------------------------- the commune


def commune_facts(s, start: dt.date, end: dt.date, catalog: Catalog) -> list[Fact]:
    """The awards dated in [start, end] of a commune's workspace (session ``s``)."""
    awards = list(s.scalars(select(AwardHistory).where(
        AwardHistory.deleted_at.is_(None), AwardHistory.decision_date >= start, AwardHistory.decision_date <= end)
        .order_by(AwardHistory.id)))
    person_ids = {a.person_id for a in awards if a.person_id is not None}
    people = {p.id: (p.sex, p.category) for p in s.execute(
        select(Person.id, Person.sex, Person.category).where(Person.id.in_(person_ids)))} if person_ids else {}
    kinds = {c.id: c.kind for c in s.execute(select(Collective.id, Collective.kind))}
    occasions = {d.id: d.occasion for d in s.execute(select(ReviewDecision.id, ReviewDecision.occasion))}
    amounts: dict[tuple, int] = {}
    proposed: dict[int, int] = {}     # a proposal row -> its proposal (the province's award answers it)
    for r in s.scalars(select(ReviewDecisionRow)):
        amounts[(r.decision_id, *_subject(r), r.title_code)] = r.amount or 0
        proposed[r.id] = r.decision_id
    facts, seen = [], set()
    for a in awards:
        st, sid = _subject(a)
        sex, category = people.get(sid, ("", "")) if st == "person" else ("", "")
        amount = amounts.get((a.decision_id, st, sid, a.title_code)) if a.decision_id is not None else None
        act = a.decision_id if a.decision_id is not None else proposed.get(a.proposal_row_id or 0)
        facts.append(Fact(st, a.title_code, a.level, sex, category, amount, occasion=occasions.get(act or 0),
                          collective_kind=kinds.get(sid) if st == "collective" else ""))
        seen.add((st, sid, a.title_code, a.year))
    rounds = s.scalars(select(CultureRound).where(
        CultureRound.deleted_at.is_(None), CultureRound.status == "decided",
        CultureRound.decision_date >= start, CultureRound.decision_date <= end))
    for rnd in rounds:
        level = catalog.titles[rnd.title_code].level if rnd.title_code in catalog.titles else "xa"
        for m in s.scalars(select(CultureMark).where(CultureMark.round_id == rnd.id, CultureMark.result == "dat")):
            st, sid = ("household", m.household_id) if m.household_id is not None else ("collective", m.collective_id)
            if (st, sid, rnd.title_code, rnd.year) in seen:  # also in the award history: counted once
                continue
            seen.add((st, sid, rnd.title_code, rnd.year))
            facts.append(Fact(st, rnd.title_code, level, occasion="tong_ket",
                              collective_kind=kinds.get(sid) if st == "collective" else ""))
    return facts


def _ended_acts():
    """The decisions and proposals no longer in force: their issued document replaced (thay_the) or
    repealed (bai_bo) by a later act (desktop.app.issuing_review.supersede)."""
    old, new = aliased(IssuedDocument), aliased(IssuedDocument)
    return (select(old.source_id).join(new, new.replaces_id == old.id)
            .where(old.source_kind == "review_decision", old.source_id.is_not(None),
                   new.change_kind.in_(("thay_the", "bai_bo"))))


def movement_facts(s, start: dt.date, end: dt.date) -> list[Movement]:
    """The movements a commune launched in the period: its launch plans (annual, regular), and the
    themes of its chuyên đề award decisions in force signed in it (by theme; their duration unknown)."""
    out = [Movement("don_vi", "don_vi", "1_nam", "thuong_xuyen") for _ in s.scalars(select(EmulationPlan.id).where(
        EmulationPlan.deleted_at.is_(None), EmulationPlan.launched_on >= start, EmulationPlan.launched_on <= end))]
    themes = set(s.scalars(select(ReviewDecision.theme).where(
        ReviewDecision.deleted_at.is_(None), ReviewDecision.kind == "decision", ReviewDecision.occasion == "chuyen_de",
        ReviewDecision.signed_on >= start, ReviewDecision.signed_on <= end, ReviewDecision.id.not_in(_ended_acts()))))
    out += [Movement("don_vi", "don_vi", None, "chuyen_de") for t in sorted(themes)]
    return out


def _commune_report(db, forms: Forms, year: int, catalog: Catalog) -> StatReport:
    ws = db.workspace()
    unit = find_unit(ws.unit_code)
    unit_name = unit.name if unit else ws.unit_name
    start, end = forms.period_of(year)
    with db.session() as s:
        facts = commune_facts(s, start, end, catalog)
        movements = movement_facts(s, start, end)
    tables = [award_table(forms.form("awards"), facts, _titles(catalog))]
    tables += [matrix_table(f, facts if f.of == "awards" else movements) for f in forms.forms if f.kind == "matrix"]
    return StatReport(issuer=Issuer.commune(unit_name), unit_name=unit_name, year=year, start=start, end=end,
                      deadline=forms.deadline_of(year), legal_basis=forms.legal_basis, tables=tables,
                      province=False)


# --------------------------------------------------------------------------- the province


def _chunks(items: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _in_period(iso: object, start: dt.date, end: dt.date) -> bool:
    try:
        d = dt.date.fromisoformat(str(iso)[:10]) if iso else None
    except ValueError:
        return False
    return d is not None and start <= d <= end


def province_facts(s, start: dt.date, end: dt.date) -> list[Fact]:
    """The awards dated in [start, end] the communes sent (the province's held records)."""
    r = ProvinceRecord.__table__
    held = []
    for cc, subject_uid, code, payload in s.execute(select(r.c.commune_code, r.c.subject_uid, r.c.title_code,
                                                           r.c.payload).where(r.c.kind == "award")):
        rec = json.loads(payload)
        if _in_period(rec.get("decision_date"), start, end):
            held.append((cc, subject_uid, code, rec))
    uids = sorted({u for _, u, _, rec in held if rec.get("subject", {}).get("type") in ("person", "collective")})
    people: dict[tuple[str, str], tuple[str, str]] = {}
    kinds: dict[tuple[str, str], str] = {}
    for part in _chunks(uids):
        for cc, kind, uid, payload in s.execute(select(r.c.commune_code, r.c.kind, r.c.uid, r.c.payload).where(
                r.c.kind.in_(("person", "collective")), r.c.uid.in_(part))):
            p = json.loads(payload)
            if kind == "person":
                people[(cc, uid)] = (str(p.get("sex") or ""), str(p.get("category") or ""))
            else:
                kinds[(cc, uid)] = str(p.get("kind") or "")
    amounts = _province_amounts(s, {cc for cc, *_ in held})
    facts = []
    for cc, uid, code, rec in held:
        st = rec.get("subject", {}).get("type", "")
        sex, category = people.get((cc, uid), ("", "")) if st == "person" else ("", "")
        amount = amounts.get((cc, rec.get("decision_no", ""), uid, code))
        facts.append(Fact(st, code, str(rec.get("level") or ""), sex, category, amount, cc,  # occasion: not sent
                          collective_kind=kinds.get((cc, uid)) if st == "collective" else ""))
    return facts


def _province_amounts(s, communes: set[str]) -> dict[tuple, int]:
    """(commune, decision number, subject uid, title) -> the bonus on the commune's decision row."""
    if not communes:
        return {}
    r = ProvinceRecord.__table__
    numbers = {(cc, uid): json.loads(p).get("number_text", "") for cc, uid, p in s.execute(
        select(r.c.commune_code, r.c.uid, r.c.payload).where(r.c.kind == "decision"))}
    out = {}
    for cc, subject_uid, code, payload in s.execute(select(r.c.commune_code, r.c.subject_uid, r.c.title_code,
                                                           r.c.payload).where(r.c.kind == "decision_row")):
        row = json.loads(payload)
        number = numbers.get((cc, row.get("decision")), "")
        out[(cc, number, subject_uid, code)] = int(row.get("amount") or 0)
    return out


def _province_report(db, forms: Forms, year: int, catalog: Catalog) -> StatReport:
    start, end = forms.period_of(year)
    with db.session() as s:
        facts = province_facts(s, start, end)
        sent = {cc for (cc,) in s.execute(select(ProvinceBundle.commune_code).distinct())}
    form = forms.form("awards")
    awards = award_table(form, facts, _titles(catalog), empty_titles=CULTURE_CODES)
    if form.province_culture_note:
        awards.notes.append(form.province_culture_note)
    units = sorted(bac_ninh_units(), key=lambda u: u.code)
    per_commune = commune_table(form, facts, [(u.code, u.name) for u in units])
    for i, u in enumerate(units):  # a commune that never sent a file: its cells say nothing
        if u.code not in sent:
            per_commune.rows[i] = per_commune.rows[i][:2] + [None] * len(form.columns)
    missing = len([u for u in units if u.code not in sent])
    if missing:
        per_commune.notes.append(f"Ô trống: {missing} xã, phường chưa gửi tệp dữ liệu nào.")
    tables = [awards, per_commune, *[matrix_table(f, facts if f.of == "awards" else None)
                                     for f in forms.forms if f.kind == "matrix"]]
    return StatReport(issuer=_province_issuer(), unit_name="tỉnh Bắc Ninh", year=year, start=start, end=end,
                      deadline=forms.deadline_of(year), legal_basis=forms.legal_basis, tables=tables, province=True)


def statistics_report(db, year: int, catalog: Catalog | None = None, forms: Forms | None = None) -> StatReport:
    """The year's statistics report of the workspace ``db`` (a commune or the province)."""
    ws = db.workspace()
    if ws is None:
        from desktop.core.labels import NOT_SET_UP
        from desktop.shared.i18n import tr

        raise UserError(tr(NOT_SET_UP))
    forms = forms or load_forms()
    catalog = catalog or load_catalog()
    if ws.kind == "province":
        return _province_report(db, forms, year, catalog)
    return _commune_report(db, forms, year, catalog)


__all__ = ["commune_facts", "movement_facts", "province_facts", "statistics_report"]
