"""Documents of the year-end review, read from the saved review: the commune's award decision, the
proposal to the province (tờ trình) and the minutes of the council meeting. This module finds what
each document is built from (the decision or proposal, its meeting, the council, the names on the
ballots, the review on the meeting day); ``desktop.reports.review_docs`` lays it out."""

from __future__ import annotations

from sqlalchemy import select

from desktop.app.sources import Context
from desktop.core import choices as C
from desktop.core.catalog import load_catalog
from desktop.core.review import DecisionInfo, MeetingInfo, Review, check_year
from desktop.reports import review_docs
from desktop.reports.documents import DecisionDoc, MinutesDoc, ProposalDoc
from desktop.shared.errors import UserError
from desktop.store.models import Collective, CouncilMember, Household, Person

WHAT = {"decision": "quyết định khen thưởng", "proposal": "tờ trình đề nghị khen thưởng",
        "minutes": "biên bản họp Hội đồng"}


def _review(db) -> Review:
    ws = db.workspace()
    return Review(db.session, ws.officer_name if ws else "")


def _not_yet(kind: str, year: int) -> UserError:
    return UserError(f"Chưa có {WHAT[kind]} cho năm {year}: hãy bình xét trước "
                     "(trang “Bình xét” hoặc lệnh python -m desktop review …).")


def _pick(db, kind: str, year: int, number: int | None) -> DecisionInfo:
    items = [d for d in _review(db).decisions(year) if d.kind == kind]
    if number is not None:
        items = [d for d in items if d.number == number]
        if not items:
            code = "QĐ" if kind == "decision" else "TTr"
            raise UserError(f"Không có {WHAT[kind]} số {number}/{code}-UBND cho năm {year}.")
    if not items:
        raise _not_yet(kind, year)
    return items[-1]


def _cited_meeting(db, info: DecisionInfo) -> MeetingInfo | None:
    """The council meeting a decision or proposal cites; None if it cites none or it was removed."""
    if info.meeting_id is None:
        return None
    try:
        return _review(db).meeting(info.meeting_id)
    except UserError:
        return None


def decision_doc(db, year: int, number: int | None = None) -> DecisionDoc:
    """The commune's award decision of ``year`` (the latest, or the one with ``number``)."""
    info = _pick(db, "decision", year, number)
    ctx = Context(db)
    return review_docs.decision(info, ctx.unit_name, _cited_meeting(db, info))


def proposal_doc(db, year: int, number: int | None = None) -> ProposalDoc:
    """The proposal to the province of ``year`` (the latest, or the one with ``number``)."""
    info = _pick(db, "proposal", year, number)
    ctx = Context(db)
    return review_docs.proposal(info, ctx.unit_name, _cited_meeting(db, info))


def _subject_names(s, subjects) -> dict[tuple[str, int], tuple[str, str]]:
    """(name, detail) of each (subject type, id), as the minutes print them."""
    out = {}
    for st, sid in subjects:
        if st == "person":
            p = s.get(Person, sid)
            unit = s.get(Collective, p.collective_id) if p is not None and p.collective_id else None
            out[(st, sid)] = (p.full_name if p else f"(cá nhân mã {sid})",
                              ", ".join(x for x in ((p.position if p else ""), unit.name if unit else "") if x))
        elif st == "collective":
            c = s.get(Collective, sid)
            out[(st, sid)] = (c.name if c else f"(tập thể mã {sid})", C.label(C.COLLECTIVE_KIND, c.kind) if c else "")
        else:
            h = s.get(Household, sid)
            out[(st, sid)] = (f"Hộ ông/bà {h.head_name}" if h else f"(hộ mã {sid})", h.address if h else "")
    return out


def minutes_doc(db, year: int, meeting_id: int | None = None) -> MinutesDoc:
    """Minutes of the council meeting of ``year`` (the latest, or ``meeting_id``) with the tally."""
    rv = _review(db)
    meetings = rv.meetings(year)
    if meeting_id is not None:
        meetings = [m for m in meetings if m.id == meeting_id]
    if not meetings:
        raise _not_yet("minutes", year)
    m = meetings[-1]
    ctx = Context(db)
    cat = load_catalog()
    with db.session() as s:
        council = {c.id: (c.role, c.position) for c in s.scalars(select(CouncilMember))}
        names = _subject_names(s, [b["subject"] for b in m.ballots])
        result = check_year(s, year, cat, m.held_on)
    return review_docs.minutes(m, ctx.unit_name, council=council, names=names, candidates=result.candidates,
                               decisions=rv.decisions(year), catalog=cat)


def build(db, kind: str, year: int, *, number: int | None = None, meeting_id: int | None = None):
    """The review document of ``kind`` (decision, proposal, minutes) of ``year``."""
    if kind == "decision":
        return decision_doc(db, year, number)
    if kind == "proposal":
        return proposal_doc(db, year, number)
    if kind == "minutes":
        return minutes_doc(db, year, meeting_id)
    raise ValueError(kind)


__all__ = ["decision_doc", "proposal_doc", "minutes_doc", "build", "WHAT"]
