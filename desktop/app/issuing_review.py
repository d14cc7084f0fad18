"""Issuing the review's acts: the council's minutes (frozen from that meeting's own votes), the
chairman's decision and the proposal to the province (frozen in the transaction that stores them), and
their corrections, replacements and repeals. See desktop.app.issuing for what an issued document is."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.app import issuing
from desktop.core import acts, register
from desktop.core import choices as C
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.labels import household_name
from desktop.core.review import (
    DOC_CODES,
    DecisionInfo,
    DecisionRowInfo,
    Replacement,
    Review,
    check_year,
    meeting_info,
    minutes_issued,
    withdraw_awards,
)
from desktop.core.units import find_unit
from desktop.reports import review_docs
from desktop.reports.documents import DecisionDoc, ProposalDoc
from desktop.shared.errors import UserError, ValidationError
from desktop.store.models import Collective, CouncilMember, Household, Person, utcnow
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import ReviewDecision, ReviewDecisionRow


def _unit_name(s: Session) -> str:
    from desktop.store.models import Workspace

    ws = s.scalars(select(Workspace).limit(1)).first()
    if ws is None:
        raise UserError("Chưa khởi tạo dữ liệu cho xã, phường.")
    unit = find_unit(ws.unit_code)
    return unit.name if unit else ws.unit_name


def subject_names(s: Session, subjects) -> dict[tuple[str, int], tuple[str, str]]:
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
            sex = s.scalar(select(Person.sex).where(Person.household_id == sid, Person.full_name == h.head_name,
                                                    Person.deleted_at.is_(None)).limit(1)) if h else None
            out[(st, sid)] = (household_name(h.head_name, sex) if h else f"(hộ mã {sid})", h.address if h else "")
    return out


def change_line(kind_word: str, old: IssuedDocument, change_kind: str, reason: str) -> str:
    verb = "thay thế" if change_kind == "thay_the" else "đính chính"
    number = f" số {old.number_text}" if old.number_text else ""   # a village's minutes carry no number
    return (f"{kind_word} này {verb} {kind_word}{number} ngày {old.issued_on:%d/%m/%Y}. "
            f"Lý do: {reason.rstrip('.')}.")


# --------------------------------------------------------------------------- minutes


def issue_minutes_in(s: Session, meeting_id: int, catalog: Catalog, actor: str, *, number: int | None = None,
                     replaces: IssuedDocument | None = None, change_kind: str = "",
                     reason: str = "") -> IssuedDocument:
    """Freeze the minutes of ``meeting_id`` in the caller's transaction: a BB number of the meeting's
    year, the votes as recorded (secret ballots and show-of-hands apart), what the council agreed."""
    m = meeting_info(s, meeting_id)
    members = s.scalars(select(CouncilMember)).all()
    council = {c.id: (c.role, c.position) for c in members}
    names = subject_names(s, [b["subject"] for b in m.ballots])
    priority: dict[tuple, str] = {}
    secret = [(b["title_code"], b["yes"]) for b in m.ballots if b["method"] == "secret"]
    if len(set(secret)) < len(secret):  # equal votes: the tie-break order needs the candidates' priority
        result = check_year(s, m.year, catalog, m.held_on)
        priority = {(c.subject, c.title_code): c.priority for c in result.candidates}
    notes = [change_line("Biên bản", replaces, change_kind, reason)] if replaces is not None else []
    if number is not None and _taken(s, m.held_on.year, "BB", number):
        raise ValidationError({"number": f"Số {number:02d}/BB đã dùng cho biên bản khác năm {m.held_on.year}."})
    number = register.take_in(s, m.held_on.year, "BB", number)
    doc = review_docs.minutes(m, _unit_name(s), council=council, names=names, catalog=catalog, number=number,
                              notes=notes, priority=priority, sexes={c.id: c.sex for c in members})
    rows = [{"subject_type": b["subject"][0], "subject_id": b["subject"][1], "title_code": b["title_code"],
             "method": b["method"], "yes": b["yes"], "no": b["no"], "invalid": b["invalid"], "passed": b["passed"]}
            for b in m.ballots]
    return issuing.store(s, doc, kind="minutes", year=m.year, issued_on=m.held_on, actor=actor, rows=rows,
                         title=f"Biên bản họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm {m.year}",
                         signer_name=doc.chair, signer_title=_SIGNER_TITLES.get(doc.chair_title, doc.chair_title),
                         catalog_version=catalog.version,
                         source_kind="review_meeting", source_id=m.id,
                         replaces_id=replaces.id if replaces is not None else None, change_kind=change_kind,
                         change_reason=reason)


_SIGNER_TITLES = {"CHỦ TỊCH HỘI ĐỒNG": "Chủ tịch Hội đồng", "CHỦ TRÌ": "Chủ trì cuộc họp"}


def _taken(s: Session, year: int, code: str, number: int) -> bool:
    register.check_number(number)
    return s.scalar(select(IssuedDocument.id).where(IssuedDocument.issue_year == year,
                                                    IssuedDocument.type_code == code,
                                                    IssuedDocument.number == number)) is not None


def issue_minutes(db, meeting_id: int, actor: str, catalog: Catalog | None = None,
                  number: int | None = None) -> issuing.IssuedInfo:
    """Issue the minutes of a meeting (its votes can no longer change). Issued already: refused,
    naming the issued minutes (a correction is ``supersede``)."""
    cat = catalog or load_catalog()
    with db.session() as s, s.begin():
        done = minutes_issued(s, meeting_id)
        if done is not None:
            raise UserError(f"Biên bản cuộc họp này đã ban hành: số {done.number_text} (mã {done.id}). In lại: "
                            f"python -m desktop print {done.id} --out bien-ban.pdf; sửa: documents supersede "
                            f"{done.id} --change dinh_chinh --reason ….")
        doc_id = issue_minutes_in(s, meeting_id, cat, actor, number=number).id
    return issuing.get(db, doc_id)


# --------------------------------------------------------------------------- decisions and proposals


class Recorder:
    """Freezes a decision or proposal in the transaction that stores it (desktop.core.review.ActRecorder);
    a meeting it cites whose minutes are not issued yet has them issued first, in that transaction."""

    def __init__(self, actor: str, catalog: Catalog, freeze_minutes: bool = True):
        self.actor = actor
        self.catalog = catalog
        self.freeze_minutes = freeze_minutes   # off only to adopt what an earlier release stored

    def build(self, s: Session, info: DecisionInfo, replaces: Replacement | None):
        """The document of ``info`` laid out in the session ``s`` (the meeting it cites, the act it
        replaces), with the rows and legal bases it covers."""
        meeting = None
        if info.meeting_id is not None:
            if self.freeze_minutes and minutes_issued(s, info.meeting_id) is None:
                issue_minutes_in(s, info.meeting_id, self.catalog, self.actor)
            meeting = meeting_info(s, info.meeting_id)
        old = s.get(IssuedDocument, replaces.document_id) if replaces is not None else None
        word = "Quyết định" if info.kind == "decision" else "Tờ trình"
        line = change_line(word, old, replaces.change_kind, replaces.reason) if old and replaces else ""
        unit = _unit_name(s)
        doc = (review_docs.decision(info, unit, meeting, replaces=line) if info.kind == "decision"
               else review_docs.proposal(info, unit, meeting, replaces=line))
        bases = doc.bases if isinstance(doc, DecisionDoc) else doc.body[:2]
        rows = [{"subject_type": r.subject_type, "subject_id": r.subject_id, "title_code": r.title_code,
                 "name": r.name, "detail": r.detail, "amount": r.amount} for r in info.rows]
        return doc, rows, bases, old

    def decision(self, s: Session, info: DecisionInfo, replaces: Replacement | None) -> None:
        doc, rows, bases, old = self.build(s, info, replaces)
        issuing.store(s, doc, kind=info.kind, year=info.year, issued_on=info.signed_on, actor=self.actor, rows=rows,
                      bases=bases, title=doc.summary, signer_name=info.signer_name, signer_title=info.signer_title,
                      authority_prefix=info.authority_prefix, catalog_version=info.catalog_version,
                      base_salary=info.base_salary, total_amount=info.total_amount, source_kind="review_decision",
                      source_id=info.id, replaces_id=old.id if old is not None else None,
                      change_kind=replaces.change_kind if replaces else "",
                      change_reason=replaces.reason if replaces else "")


class _Capture(Recorder):
    """Lays the document out without storing it (a draft; the transaction is rolled back)."""

    doc: DecisionDoc | ProposalDoc | None = None

    def decision(self, s: Session, info: DecisionInfo, replaces: Replacement | None) -> None:
        self.doc = self.build(s, info, replaces)[0]


def draft(db, actor: str, catalog: Catalog | None = None, **decide_args) -> DecisionDoc | ProposalDoc:
    """The decision or proposal ``Review.decide(**decide_args)`` would issue, laid out without a number
    and without storing anything: decide runs inside a transaction that is rolled back, so the draft
    is exactly what issuing would give."""
    cat = catalog or load_catalog()
    capture = _Capture(actor or "Không rõ", cat, freeze_minutes=False)
    with db.engine.connect() as conn:
        outer = conn.begin()
        if conn.dialect.name == "sqlite":  # pysqlite opens no transaction itself before the first write
            conn.exec_driver_sql("BEGIN")
        try:
            def factory() -> Session:
                return Session(bind=conn, join_transaction_mode="rollback_only")

            Review(factory, actor, cat, recorder=capture).decide(**decide_args)
        finally:
            outer.rollback()
    assert capture.doc is not None
    capture.doc.number = None
    return capture.doc


def review(db, actor: str, catalog: Catalog | None = None) -> Review:
    """The review wired to issue its acts as records (every decision and proposal frozen)."""
    cat = catalog or load_catalog()
    return Review(db.session, actor, cat, recorder=Recorder(actor or "Không rõ", cat))


def _stored_info(s: Session, d: ReviewDecision, catalog: Catalog) -> DecisionInfo:
    rows = [DecisionRowInfo(*_subject_of(r), r.subject_name, r.subject_detail, r.title_code,
                            catalog.title_name(r.title_code), r.bonus_multiple, r.amount)
            for r in s.scalars(select(ReviewDecisionRow).where(ReviewDecisionRow.decision_id == d.id)
                               .order_by(ReviewDecisionRow.sort_order))]
    return DecisionInfo(d.id, d.kind, d.year, d.number, d.number_text, d.signed_on, d.signer_name, d.signer_title,
                        d.authority_prefix, d.catalog_version, d.base_salary, d.base_salary_source, d.total_amount,
                        rows, notes=[n for n in d.note.split("\n") if n], meeting_id=d.meeting_id)


def _subject_of(r) -> tuple[str, int]:
    if r.person_id is not None:
        return "person", r.person_id
    if r.collective_id is not None:
        return "collective", r.collective_id
    return "household", r.household_id


def adopt_decisions(db) -> int:
    """Freeze the decisions and proposals stored before documents were records (see issuing)."""
    with db.session() as s:
        frozen_ids = set(s.scalars(select(IssuedDocument.source_id).where(
            IssuedDocument.source_kind == "review_decision")))
        missing = [i for i in s.scalars(select(ReviewDecision.id).where(ReviewDecision.deleted_at.is_(None)))
                   if i not in frozen_ids]
    if not missing:
        return 0
    cat = load_catalog()
    # i18n: keep (stored as created_by)
    recorder = Recorder("Ban hành trước phiên bản có sổ văn bản", cat, freeze_minutes=False)
    with db.session() as s, s.begin():
        for i in missing:
            d = s.get(ReviewDecision, i)
            if d is None or s.scalar(select(IssuedDocument.id).where(
                    IssuedDocument.source_kind == "review_decision", IssuedDocument.source_id == i)) is not None:
                continue  # another program adopted it meanwhile
            recorder.decision(s, _stored_info(s, d, cat), None)
    return len(missing)


# --------------------------------------------------------------------------- changes


def supersede(db, doc_id: int, change_kind: str, reason: str, actor: str, *, on: dt.date | None = None,
              signer_name: str | None = None, signer_title: str | None = None, authority_prefix: str | None = None,
              catalog: Catalog | None = None) -> issuing.IssuedInfo:
    """A new act that corrects (dinh_chinh), replaces (thay_the) or repeals (bai_bo) the issued
    document ``doc_id``: the old one stays as it was, the register shows both.

    - a decision or proposal corrected: the same subjects and titles, names and details as the records
      hold now, a new number; replaced: a new one from the review as it stands; repealed (decisions
      only): a decision of repeal with no list. Its awards are withdrawn in every case (the new act
      writes its own).
    - minutes corrected or replaced: the same frozen votes, laid out again with a line saying why.
    - the cultural titles' decision and minutes: desktop.app.culture_change.
    """
    info = issuing.get(db, doc_id)
    reason = issuing.check_change(info, change_kind, reason)
    cat = catalog or load_catalog()
    on = on or dt.date.today()
    if info.kind == "minutes":
        if change_kind == "bai_bo":
            raise UserError("Không bãi bỏ biên bản cuộc họp đã diễn ra; hãy lập biên bản đính chính.")
        with db.session() as s, s.begin():
            old = s.get(IssuedDocument, doc_id)
            assert old is not None and old.source_id is not None
            new_id = issue_minutes_in(s, old.source_id, cat, actor, replaces=old, change_kind=change_kind,
                                      reason=reason).id
        return issuing.get(db, new_id)
    if info.kind in ("culture_decision", "culture_minutes"):  # the cultural titles' own procedure
        from desktop.app import culture_change

        return culture_change.supersede(db, info, change_kind, reason, actor, on, signer_name=signer_name,
                                        signer_title=signer_title, authority_prefix=authority_prefix, catalog=cat)
    if info.kind not in ("decision", "proposal"):
        return _supersede_other(db, info, change_kind, reason, actor, on)
    if change_kind == "bai_bo":
        if info.kind != "decision":
            raise UserError("Tờ trình không bãi bỏ được bằng quyết định; hãy lập tờ trình thay thế.")
        return _repeal(db, info, reason, actor, on, signer_name, signer_title, authority_prefix)
    with db.session() as s:
        d = s.get(ReviewDecision, info.source_id)
        if d is None:
            raise UserError("Không tìm thấy quyết định, tờ trình gốc của văn bản này.")
        if d.occasion != "tong_ket":  # a chuyên đề or đột xuất award (desktop.app.special_awards)
            raise UserError("Quyết định khen thưởng chuyên đề, đột xuất chỉ bãi bỏ được; hãy bãi bỏ rồi ban hành "
                            "quyết định mới.")
        rows = s.scalars(select(ReviewDecisionRow).where(ReviewDecisionRow.decision_id == d.id)).all()
        only = [(_subject_of(r), r.title_code) for r in rows] if change_kind == "dinh_chinh" else None
        args = dict(year=d.year, signer_name=signer_name or d.signer_name,
                    signer_title=d.signer_title if signer_title is None else signer_title,
                    authority_prefix=(acts.effective_prefix(d.kind, d.authority_prefix) if authority_prefix is None
                                      else authority_prefix),
                    meeting_id=d.meeting_id, kind=d.kind, include_warnings=True)
    made = review(db, actor, cat).decide(signed_on=on, only=only,
                                         replaces=Replacement(doc_id, info.source_id or 0, change_kind, reason),
                                         **args)
    new = issuing.of_source(db, "review_decision", made.id)
    assert new is not None
    return new


def _repeal(db, info: issuing.IssuedInfo, reason: str, actor: str, on: dt.date, signer_name: str | None,
            signer_title: str | None, authority_prefix: str | None) -> issuing.IssuedInfo:
    with db.session() as s, s.begin():
        title = info.signer_title if signer_title is None else signer_title
        # the chairman repeals his own decision: an inherited "TM." (an older act) becomes his own signature
        prefix = (acts.effective_prefix("repeal", info.authority_prefix) if authority_prefix is None
                  else authority_prefix)
        problem = acts.prefix_problem("repeal", prefix, title)
        if problem:
            raise UserError(problem)
        signer = SimpleNamespace(signer_name=signer_name or info.signer_name, signer_title=title,
                                 authority_prefix=prefix)
        number = register.take_in(s, on.year, "QĐ")
        doc = review_docs.repeal(_unit_name(s), number, on, info.number_text, info.issued_on, info.title, reason,
                                 review_docs.signature_of(signer, "repeal"))
        withdrawn = withdraw_awards(s, info.source_id or 0, utcnow())
        row = issuing.store(s, doc, kind="repeal", year=info.year, issued_on=on, actor=actor,
                            rows=[{"withdrawn_awards": withdrawn}], title=doc.summary,
                            signer_name=signer.signer_name, signer_title=signer.signer_title,
                            authority_prefix=signer.authority_prefix, catalog_version=info.catalog_version,
                            source_kind="review_decision", source_id=info.source_id, replaces_id=info.id,
                            change_kind="bai_bo", change_reason=reason)
        new_id = row.id
    return issuing.get(db, new_id)


def _supersede_other(db, info: issuing.IssuedInfo, change_kind: str, reason: str, actor: str,
                     on: dt.date) -> issuing.IssuedInfo:
    from desktop.app import issuing_docs

    return issuing_docs.reissue(db, info, change_kind, reason, actor, on)


__all__ = ["draft", "issue_minutes", "issue_minutes_in", "Recorder", "review", "supersede", "adopt_decisions",
           "subject_names", "change_line", "DOC_CODES"]
