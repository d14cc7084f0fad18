"""Documents of the year-end review for printing: the commune's award decision, the proposal to the
province (tờ trình) and the minutes of the council meeting. An issued one is its frozen content
(desktop.app.issuing): the same text whatever changed in the records since. Minutes not issued yet
print as a draft (no number) from the meeting's votes as they stand."""

from __future__ import annotations

from sqlalchemy import select

from desktop.app import issuing
from desktop.app.issuing_review import subject_names
from desktop.core.catalog import load_catalog
from desktop.core.review import Review, meeting_info, minutes_issued
from desktop.reports import review_docs
from desktop.reports.documents import DecisionDoc, MinutesDoc, ProposalDoc
from desktop.shared.errors import UserError
from desktop.store.models import CouncilMember

WHAT = {"decision": "quyết định khen thưởng", "proposal": "tờ trình đề nghị khen thưởng",
        "minutes": "biên bản họp Hội đồng"}


def _not_yet(kind: str, year: int) -> UserError:
    return UserError(f"Chưa có {WHAT[kind]} cho năm {year}: hãy bình xét trước "
                     "(trang “Bình xét” hoặc lệnh python -m desktop review …).")


def _issued(db, kind: str, year: int, number: int | None):
    try:
        return issuing.document(db, issuing.find(db, kind, year, number).id)
    except UserError:
        if number is None and not issuing.list_documents(db, year, kind):
            raise _not_yet(kind, year) from None
        raise


def decision_doc(db, year: int, number: int | None = None) -> DecisionDoc:
    """The commune's issued award decision (the newest of ``year``, or number ``number`` of the
    register of ``year``)."""
    doc = _issued(db, "decision", year, number)
    assert isinstance(doc, DecisionDoc)
    return doc


def proposal_doc(db, year: int, number: int | None = None) -> ProposalDoc:
    """The issued proposal to the province (the newest of ``year``, or number ``number``)."""
    doc = _issued(db, "proposal", year, number)
    assert isinstance(doc, ProposalDoc)
    return doc


def minutes_doc(db, year: int, meeting_id: int | None = None) -> MinutesDoc:
    """Minutes of the council meeting of ``year`` (the latest, or ``meeting_id``): the issued ones, or
    a draft without a number from the votes recorded so far."""
    ws = db.workspace()
    rv = Review(db.session, ws.officer_name if ws else "")
    meetings = rv.meetings(year)
    if meeting_id is not None:
        meetings = [m for m in meetings if m.id == meeting_id]
    if not meetings:
        raise _not_yet("minutes", year)
    mid = meetings[-1].id
    with db.session() as s:
        done = minutes_issued(s, mid)
        if done is None:
            from desktop.app.issuing_review import _unit_name

            m = meeting_info(s, mid)
            members = s.scalars(select(CouncilMember)).all()
            council = {c.id: (c.role, c.position) for c in members}
            names = subject_names(s, [b["subject"] for b in m.ballots])
            return review_docs.minutes(m, _unit_name(s), council=council, names=names, catalog=load_catalog(),
                                       sexes={c.id: c.sex for c in members})
        done_id = done.id
    doc = issuing.document(db, done_id)
    assert isinstance(doc, MinutesDoc)
    return doc


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
