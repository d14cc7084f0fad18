"""The award register (sổ theo dõi khen thưởng) of a commune, across years (Qt-free).

One entry per award of the award history (decided by the commune, by the province on the commune's
proposal, or entered for earlier years) and per culture title of a decided round not already there,
with the subject's name and unit or address, the decision's number, date, issuer and the bonus of
the commune's decision row. Grouped per subject (collectives, households, persons, by name), by
year within. Rendering is desktop.reports.statistics_docs (register_pdf, register_xlsx).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.core.catalog import Catalog, load_catalog
from desktop.core.labels import household_name
from desktop.core.units import find_unit
from desktop.reports.layout import Issuer, lower_first
from desktop.reports.statistics_docs import RegisterEntry, RegisterReport
from desktop.shared.errors import NotFoundError, UserError
from desktop.shared.i18n import tr
from desktop.shared.text import fold
from desktop.store.models import Collective, Household, Person
from desktop.store.models_culture import CultureMark, CultureRound
from desktop.store.models_review import AwardHistory, ReviewDecision, ReviewDecisionRow

ORDER = {"collective": 0, "household": 1, "person": 2}
LEVEL_ISSUER = {"xa": "Cấp xã", "tinh": "Cấp tỉnh", "trung_uong": "Cấp Nhà nước", "khac": "Cơ quan khác"}
MODELS = {"person": Person, "collective": Collective, "household": Household}


@dataclass(frozen=True)
class Filter:
    year_from: int | None = None
    year_to: int | None = None
    subject: tuple[str, int] | None = None    # ("person", 12)

    def year_ok(self, year: int) -> bool:
        return (self.year_from is None or year >= self.year_from) and (self.year_to is None or year <= self.year_to)


def subject_of(row) -> tuple[str, int]:
    """(subject type, id) of an award history or decision row."""
    if row.person_id is not None:
        return "person", row.person_id
    if row.collective_id is not None:
        return "collective", row.collective_id
    return "household", row.household_id


class _Names:
    """The subjects' names and units, read once per subject."""

    def __init__(self, s):
        self.s = s
        self.cache: dict[tuple[str, int], tuple[str, str]] = {}

    def __call__(self, st: str, sid: int) -> tuple[str, str]:
        key = (st, sid)
        if key not in self.cache:
            obj = self.s.get(MODELS[st], sid)
            if obj is None:
                self.cache[key] = (f"#{sid}", "")
            elif st == "person":
                unit = obj.collective.name if obj.collective is not None else ""
                self.cache[key] = (obj.full_name, ", ".join(x for x in (obj.position, unit) if x))
            elif st == "household":  # "Hộ ông …" / "Hộ bà …" by the head's sex, as the decisions print it
                village = obj.village.name if obj.village is not None else ""
                sex = self.s.scalar(select(Person.sex).where(
                    Person.household_id == sid, Person.full_name == obj.head_name,
                    Person.deleted_at.is_(None)).limit(1))
                where = ", ".join(x for x in (obj.address, village) if x)
                self.cache[key] = (household_name(obj.head_name, sex), where)
            else:
                self.cache[key] = (obj.name, obj.address)
        return self.cache[key]


def _check(s, f: Filter) -> None:
    if f.year_from and f.year_to and f.year_from > f.year_to:
        raise UserError(tr("Năm bắt đầu {start} sau năm kết thúc {end}. Hãy đổi lại.").format(
            start=f.year_from, end=f.year_to))
    if f.subject is not None:
        st, sid = f.subject
        obj = s.get(MODELS[st], sid)
        if obj is None or obj.deleted_at is not None:
            raise NotFoundError(tr("Không tìm thấy đối tượng mã {id}.").format(id=sid))


def register_entries(s, f: Filter, unit_name: str, catalog: Catalog) -> list[RegisterEntry]:
    _check(s, f)
    names = _Names(s)
    here = f"UBND {lower_first(unit_name)}"
    acts = {d.id: d for d in s.scalars(select(ReviewDecision).where(ReviewDecision.kind == "decision"))}
    amounts = {(r.decision_id, *subject_of(r), r.title_code): r.amount for r in s.scalars(select(ReviewDecisionRow))}
    out: list[RegisterEntry] = []
    seen = set()
    for a in s.scalars(select(AwardHistory).where(AwardHistory.deleted_at.is_(None)).order_by(AwardHistory.id)):
        st, sid = subject_of(a)
        if not f.year_ok(a.year) or (f.subject is not None and f.subject != (st, sid)):
            continue
        d = acts.get(a.decision_id) if a.decision_id is not None else None
        if d is not None:
            who = " ".join(x for x in (d.signer_title or "Chủ tịch", here) if x)
        elif a.source == "province":
            who = "Chủ tịch UBND tỉnh Bắc Ninh"
        else:
            who = LEVEL_ISSUER.get(a.level, a.level)
        amount = amounts.get((a.decision_id, st, sid, a.title_code)) if d is not None else None
        out.append(RegisterEntry(st, sid, *names(st, sid), a.year, catalog.title_name(a.title_code),
                                 a.decision_no, a.decision_date, who, amount))
        seen.add((st, sid, a.title_code, a.year))
    rounds = s.scalars(select(CultureRound).where(CultureRound.deleted_at.is_(None), CultureRound.status == "decided"))
    for rnd in rounds:
        if not f.year_ok(rnd.year):
            continue
        for m in s.scalars(select(CultureMark).where(CultureMark.round_id == rnd.id, CultureMark.result == "dat")):
            st, sid = ("household", m.household_id) if m.household_id is not None else ("collective", m.collective_id)
            if (f.subject is not None and f.subject != (st, sid)) or (st, sid, rnd.title_code, rnd.year) in seen:
                continue
            seen.add((st, sid, rnd.title_code, rnd.year))
            out.append(RegisterEntry(st, sid, *names(st, sid), rnd.year, catalog.title_name(rnd.title_code),
                                     rnd.decision_no, rnd.decision_date, f"Chủ tịch {here}", None))
    out.sort(key=lambda e: (ORDER.get(e.subject_type, 3), fold(e.name), e.subject_id, e.year,
                            e.decision_date or dt.date.min, e.title))
    return out


def award_register(db, f: Filter | None = None, catalog: Catalog | None = None) -> RegisterReport:
    """The register of the commune ``db`` (filtered by years and one subject)."""
    ws = db.workspace()
    if ws is None or ws.kind != "commune":
        from desktop.core.labels import NOT_SET_UP

        raise UserError(tr(NOT_SET_UP))
    f = f or Filter()
    unit = find_unit(ws.unit_code)
    unit_name = unit.name if unit else ws.unit_name
    with db.session() as s:
        entries = register_entries(s, f, unit_name, catalog or load_catalog())
    return RegisterReport(Issuer.commune(unit_name), unit_name, entries, f.year_from, f.year_to)


__all__ = ["Filter", "award_register", "register_entries"]
