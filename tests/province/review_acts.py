"""A year-end review planted in a commune's database, as the commune's review code leaves it: a council
meeting, three tallies (one collective voted down), the issued minutes freezing them, a proposal to the
province citing the meeting (two rows: a collective with its secret ballot, a person with a show of
hands), and a commune decision (one row, its award). The issued documents are inserted here with the
shape desktop.app.issuing gives them (IssuedDocument.rows of minutes: subject_type, subject_id,
title_code, method, yes, no, invalid)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, update

from desktop.app import demo
from desktop.core.catalog import load_catalog
from desktop.store.models import Collective, Person
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import AwardHistory, Ballot, ReviewDecision, ReviewDecisionRow, ReviewMeeting

YEAR = demo.PLAN_YEAR
MEMBERS = 10


@dataclass
class Planted:
    meeting: int
    minutes: int
    proposal: int
    decision: int
    ballots: dict[str, int]          # "yes" (collective passed), "down" (collective voted down), "hands" (person)
    rows: dict[str, int]             # proposal rows: "collective", "person"; decision row: "decision"
    names: dict[str, str]            # "collective", "down", "person", "decided"


def _doc(s, kind: str, number: int, source_kind: str, source_id: int, rows: list[dict], **kw) -> IssuedDocument:
    content = json.dumps({"kind": kind, "number": number, "rows": rows}, sort_keys=True)
    d = IssuedDocument(kind=kind, year=YEAR, issue_year=YEAR, type_code=kw.pop("type_code", ""), number=number,
                       number_text=kw.pop("number_text", ""), issued_on=dt.date(YEAR, 12, 10),
                       title=kw.pop("title", ""), rows=json.dumps(rows), row_count=len(rows),
                       catalog_version=load_catalog().version, source_kind=source_kind, source_id=source_id,
                       content=content, sha256=hashlib.sha256(content.encode()).hexdigest(), **kw)
    s.add(d)
    s.flush()
    return d


def minutes_rows(s, meeting_id: int) -> list[dict]:
    """The votes of a meeting as the minutes freeze them."""
    out = []
    for b in s.scalars(select(Ballot).where(Ballot.meeting_id == meeting_id, Ballot.deleted_at.is_(None))):
        st, sid = (("person", b.person_id) if b.person_id else ("collective", b.collective_id) if b.collective_id
                   else ("household", b.household_id))
        out.append({"subject_type": st, "subject_id": sid, "title_code": b.title_code, "method": b.method,
                    "yes": b.yes, "no": b.no, "invalid": b.invalid})
    return out


def plant_review(db) -> Planted:
    cat = load_catalog()
    with db.session() as s, s.begin():
        people = s.scalars(select(Person).where(Person.deleted_at.is_(None)).order_by(Person.id).limit(4)).all()
        m = ReviewMeeting(year=YEAR, held_on=dt.date(YEAR, 12, 5), place="Hội trường UBND", members_total=MEMBERS,
                          catalog_version=cat.version)
        s.add(m)
        s.flush()
        ballots = {
            "yes": Ballot(meeting_id=m.id, person_id=people[2].id, title_code="CSTD_TINH", members_total=MEMBERS,
                          yes=9, no=1, invalid=0, threshold_percent="80", passed=True, method="secret"),
            "down": Ballot(meeting_id=m.id, person_id=people[3].id, title_code="CSTD_TINH", members_total=MEMBERS,
                           yes=5, no=5, invalid=0, threshold_percent="80", passed=False, method="secret"),
            "hands": Ballot(meeting_id=m.id, person_id=people[0].id, title_code="BK_TINH", members_total=MEMBERS,
                            yes=7, no=3, invalid=0, threshold_percent="50", passed=True, method="hands"),
        }
        s.add_all(ballots.values())
        s.flush()
        minutes = _doc(s, "minutes", 1, "review_meeting", m.id, minutes_rows(s, m.id), type_code="BB",
                       number_text="1/BB-HĐTĐKT", title="Biên bản họp Hội đồng Thi đua - Khen thưởng")
        prop = ReviewDecision(kind="proposal", year=YEAR, number=1, number_text="1/TTr-UBND",
                              signed_on=dt.date(YEAR, 12, 12), signer_name="Lê Văn Minh", signer_title="Chủ tịch",
                              authority_prefix="TM.", catalog_version=cat.version, base_salary=None, total_amount=0,
                              meeting_id=m.id)
        dec = ReviewDecision(kind="decision", year=YEAR, number=1, number_text="1/QĐ-UBND",
                             signed_on=dt.date(YEAR, 12, 12), signer_name="Lê Văn Minh", signer_title="Chủ tịch",
                             authority_prefix="TM.", catalog_version=cat.version, base_salary=2340000,
                             total_amount=702000, meeting_id=m.id)
        s.add_all([prop, dec])
        s.flush()
        rows = {
            "collective": ReviewDecisionRow(decision_id=prop.id, sort_order=1, title_code="CSTD_TINH",
                                            subject_name=people[2].full_name, subject_detail="",
                                            person_id=people[2].id),
            "person": ReviewDecisionRow(decision_id=prop.id, sort_order=2, title_code="BK_TINH",
                                        subject_name=people[0].full_name, subject_detail="Trưởng thôn",
                                        person_id=people[0].id),
            "decision": ReviewDecisionRow(decision_id=dec.id, sort_order=1, title_code="LDTT",
                                          subject_name=people[1].full_name, amount=702000, person_id=people[1].id),
        }
        s.add_all(rows.values())
        s.add(AwardHistory(year=YEAR, title_code="LDTT", decision_no="1/QĐ-UBND", decision_date=dt.date(YEAR, 12, 12),
                           level="xa", source="commune", decision_id=dec.id, person_id=people[1].id))
        _doc(s, "proposal", 1, "review_decision", prop.id, [], type_code="TTr", number_text="1/TTr-UBND",
             title="Về việc đề nghị khen thưởng")
        _doc(s, "decision", 1, "review_decision", dec.id, [], type_code="QĐ", number_text="1/QĐ-UBND",
             title="Về việc khen thưởng")
        s.flush()
        return Planted(m.id, minutes.id, prop.id, dec.id, {k: b.id for k, b in ballots.items()},
                       {k: r.id for k, r in rows.items()},
                       {"collective": people[2].full_name, "down": people[3].full_name,
                        "person": people[0].full_name,
                        "decided": people[1].full_name})


def set_ballot(db, ballot_id: int, refreeze: bool = False, **values) -> None:
    """Change a tally after the minutes were issued (``refreeze``: and freeze the minutes again, as an
    issued correction would, so only the threshold is wrong)."""
    with db.session() as s, s.begin():
        s.execute(update(Ballot).where(Ballot.id == ballot_id).values(**values))
        if refreeze:
            b = s.get(Ballot, ballot_id)
            s.execute(update(IssuedDocument).where(IssuedDocument.kind == "minutes",
                                                   IssuedDocument.source_id == b.meeting_id)
                      .values(rows=json.dumps(minutes_rows(s, b.meeting_id))))


def plant_proposal(db, subjects: list[tuple[str, int, str]], number: int = 1) -> int:
    """A meeting voting every (subject type, id, title) unanimously by secret ballot, its minutes, and a
    proposal citing it with one row each. Returns the proposal's id."""
    cat = load_catalog()
    with db.session() as s, s.begin():
        m = ReviewMeeting(year=YEAR, held_on=dt.date(YEAR, 12, 5), members_total=MEMBERS, catalog_version=cat.version)
        s.add(m)
        s.flush()
        for st, sid, title in subjects:
            s.add(Ballot(meeting_id=m.id, title_code=title, members_total=MEMBERS, yes=MEMBERS, method="secret",
                         passed=True, **{f"{st}_id": sid}))
        s.flush()
        _doc(s, "minutes", number, "review_meeting", m.id, minutes_rows(s, m.id), type_code="BB")
        prop = ReviewDecision(kind="proposal", year=YEAR, number=number, number_text=f"{number}/TTr-UBND",
                              signed_on=dt.date(YEAR, 12, 12), signer_name="Lê Văn Minh", catalog_version=cat.version,
                              total_amount=0, meeting_id=m.id)
        s.add(prop)
        s.flush()
        for i, (st, sid, title) in enumerate(subjects, 1):
            model = {"person": Person, "collective": Collective}[st]
            obj = s.get(model, sid)
            s.add(ReviewDecisionRow(decision_id=prop.id, sort_order=i, title_code=title,
                                    subject_name=getattr(obj, "full_name", None) or obj.name, **{f"{st}_id": sid}))
        return prop.id
