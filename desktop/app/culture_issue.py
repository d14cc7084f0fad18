"""The acts of the cultural titles' procedure, issued as records (desktop.app.issuing): the minutes of
the review meeting (Mẫu số 03 of a village for Gia đình văn hóa; Mẫu số 06 of the commune council for
Thôn, tổ dân phố văn hóa) and the chairman's decision (Mẫu số 10 for Gia đình văn hóa) with its list.

A decision takes its QĐ number from the register in the transaction that stores it, freezes its
content, writes the award history (title, source "commune", its number and date) of every subject it
recognises, and closes the round — all or nothing. A reprint is the frozen act. A draft (no number,
nothing stored) is laid out from the live data. The village's minutes are the village's own paper
(signed by its head), so they carry no number of the commune's register; the council's take a BB
number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, insert, select
from sqlalchemy.orm import Session

from desktop.app import culture, issuing, issuing_review
from desktop.core import culture as rules
from desktop.core import register
from desktop.reports import culture_docs as docs
from desktop.reports.documents import AwardRow
from desktop.reports.layout import money
from desktop.reports.review_docs import amount_in_words
from desktop.shared.errors import UserError
from desktop.shared.text import nfc
from desktop.store.models import Collective, Household
from desktop.store.models_culture import CultureMark, CultureRound
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import AwardHistory

PREFIXES = ("", "KT.")


def _unit_name(db) -> str:
    from desktop.app.sources import Context

    return Context(db).unit_name


def _chairman(db) -> str:
    from desktop.app.sources import Context

    return Context(db).chairman


def _lines(s: Session, r: CultureRound, only_passed: bool = False,
           ids: Sequence[int] | None = None) -> list[tuple[int, docs.MarkLine]]:
    """The round's subjects with their marks, by name (``only_passed``: those marked đạt; ``ids``: exactly
    those subjects, as the records hold them now, marked or not — the list of an act corrected)."""
    gdvh = r.title_code == "GDVH"
    subject, mark_col = (Household, CultureMark.household_id) if gdvh else (Collective, CultureMark.collective_id)
    cols = (Household.id, Household.head_name, Household.address) if gdvh else \
        (Collective.id, Collective.name, Collective.kind)
    on = and_(mark_col == subject.id, CultureMark.round_id == r.id)
    base = select(*cols, CultureMark.result, CultureMark.votes, CultureMark.note)
    if ids is None:
        stmt = base.join(CultureMark, on)
        if only_passed:
            stmt = stmt.where(CultureMark.result == "dat")
        found = list(s.execute(stmt.order_by(cols[1], cols[0])))
    else:
        found = []
        for chunk in culture._chunks(list(ids)):
            found += list(s.execute(base.select_from(subject).outerjoin(CultureMark, on).where(cols[0].in_(chunk))))
        found.sort(key=lambda x: (x[1], x[0]))
    kinds = {"thon": "Thôn", "to_dan_pho": "Tổ dân phố"}
    return [(i, docs.MarkLine(n, kinds.get(d, d) if not gdvh else (d or r.village_name), res or "", v, note or ""))
            for i, n, d, res, v, note in found]


def _minutes_input(s: Session, r: CultureRound, unit_name: str, number: int | None,
                   notes: Sequence[str] = ()) -> docs.MinutesInput:
    title = culture.procedure().title(r.title_code)
    if r.meeting_on is None:
        raise UserError(f"Đợt bình xét mã {r.id} chưa ghi cuộc họp bình xét (ngày họp, người chủ trì). Hãy ghi cuộc "
                        "họp trước khi in biên bản.")
    form = title.form("03" if r.title_code == "GDVH" else "06")
    return docs.MinutesInput(
        title_code=r.title_code, title_name=title.name, form_code=form.code, year=r.year, unit_name=unit_name,
        village_name=r.village_name, meeting_on=r.meeting_on, place=r.place, chair=r.chair_name,
        secretary=r.secretary_name, front_members=r.front_members, attendance=r.attendance,
        lines=[x for _i, x in _lines(s, r)], criteria=[c.text for c in title.criteria], posted_from=r.posted_from,
        posted_until=r.posted_until, complaints=r.complaints, number=number, notes=notes)


def minutes_draft(db, round_id: int) -> docs.CultureMinutesDoc:
    unit = _unit_name(db)
    with db.session() as s:
        return docs.minutes(_minutes_input(s, culture._round(s, round_id), unit, None))


def issue_minutes_in(s: Session, r: CultureRound, unit_name: str, actor: str, *, change: Change | None = None,
                     notes: Sequence[str] = ()) -> int:
    """The minutes of ``r`` issued in the caller's transaction (once; ``change``: again, laid out from the
    round as it stands with ``notes`` naming the minutes they correct or replace): the id of the act."""
    if r.minutes_doc_id is not None and change is None:
        return r.minutes_doc_id
    on = r.meeting_on or dt.date.today()
    number = register.take_in(s, on.year, "BB") if r.title_code == "THON_VH" and r.meeting_on else None
    doc = docs.minutes(_minutes_input(s, r, unit_name, number, notes))
    title = culture.procedure().title(r.title_code)
    row = issuing.store(s, doc, kind="culture_minutes", year=r.year, issued_on=on, actor=actor,
                        rows=[{"name": x.name, "detail": x.detail, "result": x.result, "votes": x.votes}
                              for x in docs_lines(doc)],
                        title=f"Biên bản họp bình xét “{title.name}” năm {r.year}"
                              + (f" – {r.village_name}" if r.village_name else ""),
                        signer_name=r.chair_name, source_kind="culture_round", source_id=r.id,
                        replaces_id=change.old.id if change else None,
                        change_kind=change.change_kind if change else "", change_reason=change.reason if change else "")
    r.minutes_doc_id = row.id
    return row.id


def docs_lines(doc: docs.CultureMinutesDoc) -> list[docs.MarkLine]:
    words = {v: k for k, v in docs.RESULT_WORDS.items()}
    return [docs.MarkLine(row[1], row[2], words.get(row[4], row[4]), int(row[3]) if row[3] else None, row[5])
            for row in doc.rows]


def issue_minutes(db, round_id: int, actor: str) -> issuing.IssuedInfo:
    unit = _unit_name(db)
    with db.session() as s, s.begin():
        r = culture._round(s, round_id)
        doc_id = issue_minutes_in(s, r, unit, actor)
    return issuing.get(db, doc_id)


# --------------------------------------------------------------------------- the decision


def _money(catalog, code: str, on: dt.date, count: int) -> tuple[int, str]:
    """(amount each, Article 2) of a title carrying money in the catalog; (0, "") otherwise."""
    if catalog is None or code not in catalog.titles:
        return 0, ""
    bonus = catalog.bonus(code, on)
    if bonus is None:
        return 0, ""
    total = bonus.amount * count
    mult = format(Decimal(bonus.multiple).normalize(), "f").replace(".", ",")
    return bonus.amount, (f"Mỗi thôn, tổ dân phố có tên tại Điều 1 được tặng Giấy chứng nhận và tiền thưởng {mult} lần "
                          f"mức lương cơ sở {money(bonus.base_salary.amount)} đồng/tháng, thành {money(bonus.amount)} "
                          f"đồng. Tổng số tiền thưởng: {money(total)} đồng (bằng chữ: {amount_in_words(total)}), chi "
                          "từ Quỹ thi đua, khen thưởng của xã.")


def _decision_input(s: Session, r: CultureRound, unit_name: str, number: int | None, on: dt.date, signer_name: str,
                    signer_title: str, prefix: str, catalog, ids: Sequence[int] | None = None,
                    replaces: str = "") -> tuple[docs.DecisionInput, list[tuple[int, AwardRow]]]:
    """The decision's input from the round's đạt marks (``ids``: exactly those subjects, the list of the
    act a correction restates; ``replaces``: the article naming the act replaced or corrected)."""
    title = culture.procedure().title(r.title_code)
    form = title.form("10") if r.title_code == "GDVH" else None
    passed = _lines(s, r, only_passed=True) if ids is None else _lines(s, r, ids=ids)
    if not passed:
        raise UserError(f"Đợt bình xét mã {r.id} chưa có {'hộ' if r.title_code == 'GDVH' else 'thôn, tổ dân phố'} "
                        "nào đạt: không có ai để quyết định tặng danh hiệu.")
    each, article = _money(catalog, r.title_code, on, len(passed)) if r.title_code == "THON_VH" else (0, "")
    rows = [(i, AwardRow(x.name, x.detail or r.village_name, title.name, each or None, x.note)) for i, x in passed]
    meeting = ""
    if r.meeting_on:
        who = r.village_name or f"Hội đồng Thi đua - Khen thưởng {unit_name[:1].lower()}{unit_name[1:]}"
        meeting = f"Biên bản họp bình xét của {who} ngày {r.meeting_on:%d/%m/%Y}"
    inp = docs.DecisionInput(
        title_code=r.title_code, title_name=title.name, form_code=form.code if form else "", year=r.year,
        unit_name=unit_name, number=number, signed_on=on, signer_name=signer_name, signer_title=signer_title,
        authority_prefix=prefix, village_names=[r.village_name] if r.village_name else [],
        rows=[a for _i, a in rows], minutes_line=meeting, file_complete_on=r.file_complete_on,
        law_source=title.source, with_money=bool(each), money_article=article, replaces_article=replaces)
    return inp, rows


def _check_decision(r: CultureRound, on: dt.date, prefix: str) -> str:
    title = culture.procedure().title(r.title_code)
    if r.status == "decided":
        raise UserError(f"Đợt bình xét mã {r.id} đã có quyết định số {r.decision_no}; in lại: python -m desktop "
                        f"print {r.decision_doc_id} --out qd.pdf.")
    if r.decision_doc_id is not None:  # reopened to be replaced: the act in force is changed, not doubled
        raise UserError(f"Đợt bình xét mã {r.id} đã có Quyết định số {r.decision_no} đang có hiệu lực; hãy ban hành "
                        f"quyết định thay thế: python -m desktop documents supersede {r.decision_doc_id} --change "
                        "thay_the --reason \"…\".")
    if r.status != "finished":
        raise UserError(f"Đợt bình xét mã {r.id} chưa kết thúc bình xét (niêm yết đủ {title.posting.days} ngày rồi "
                        "kết thúc) nên chưa ra quyết định được.")
    if prefix not in PREFIXES:
        raise UserError("Thẩm quyền ký phải để trống (Chủ tịch ký) hoặc KT. (Phó Chủ tịch ký thay).")
    return rules.decision_warning(title, r.file_complete_on, on)


def decision_draft(db, round_id: int, on: dt.date, signer_name: str = "", signer_title: str = "Chủ tịch",
                   authority_prefix: str = "", catalog=None) -> tuple[docs.CultureDecisionDoc, str]:
    """The decision as it would be issued on ``on`` (no number, nothing stored) and its warning."""
    unit = _unit_name(db)
    signer_name = nfc(signer_name) or _chairman(db)
    with db.session() as s:
        r = culture._round(s, round_id)
        warning = _check_decision(r, on, authority_prefix)
        inp, _rows = _decision_input(s, r, unit, None, on, signer_name, signer_title, authority_prefix, catalog)
        return docs.decision(inp), warning


def issue_decision(db, round_id: int, on: dt.date, actor: str, signer_name: str = "", signer_title: str = "Chủ tịch",
                   authority_prefix: str = "", catalog=None,
                   number: int | None = None) -> tuple[issuing.IssuedInfo, str]:
    """Issue the chairman's decision of the round: the minutes first (if not issued), the QĐ number, the
    frozen act, the award history of every subject recognised, the round closed — one transaction.
    Returns the act and the warning (late decision) the data asks to show."""
    unit = _unit_name(db)
    signer_name = nfc(signer_name) or _chairman(db)
    signer_title = nfc(signer_title) or "Chủ tịch"
    register.check_number(number)
    with db.session() as s, s.begin():
        r = culture._round(s, round_id)
        warning = _check_decision(r, on, authority_prefix)
        doc_id = decision_in(s, r, unit, on, actor, Signer(signer_name, signer_title, authority_prefix), catalog,
                             number=number).id
    return issuing.get(db, doc_id), warning


@dataclass(frozen=True)
class Signer:
    name: str
    title: str
    prefix: str = ""


@dataclass(frozen=True)
class Change:
    """The act a new decision replaces or corrects (``change_kind`` thay_the | dinh_chinh), and why."""

    old: IssuedDocument
    change_kind: str
    reason: str
    withdrawn: int = 0       # award history rows of the old act already withdrawn in this transaction


def award_note(decided_by: str, doc_id: int) -> str:
    return f"{decided_by} quyết định theo {rules.PROCEDURE_FILE} (mã văn bản {doc_id})"


def decision_in(s: Session, r: CultureRound, unit: str, on: dt.date, actor: str, signer: Signer, catalog, *,
                number: int | None = None, change: Change | None = None,
                ids: Sequence[int] | None = None) -> IssuedDocument:
    """The round's decision issued in the caller's transaction: the minutes first (if not issued), the QĐ
    number, the frozen act, the award history of every subject it recognises (``change``: naming the act
    it replaces or corrects, whose awards the caller has withdrawn), the round closed."""
    title = culture.procedure().title(r.title_code)
    issue_minutes_in(s, r, unit, actor)
    taken = register.take_in(s, on.year, "QĐ", number)
    line = issuing_review.change_line("Quyết định", change.old, change.change_kind, change.reason) if change else ""
    inp, rows = _decision_input(s, r, unit, taken, on, signer.name, signer.title, signer.prefix, catalog, ids=ids,
                                replaces=line)
    doc = docs.decision(inp)
    row = issuing.store(s, doc, kind="culture_decision", year=r.year, issued_on=on, actor=actor,
                        rows=[{"id": i, "name": a.name, "unit": a.unit, "amount": a.amount or 0} for i, a in rows],
                        bases=doc.bases, title=doc.summary, signer_name=signer.name, signer_title=signer.title,
                        authority_prefix=signer.prefix, catalog_version=catalog.version if catalog is not None else "",
                        total_amount=sum(a.amount or 0 for _i, a in rows), source_kind="culture_round",
                        source_id=r.id, replaces_id=change.old.id if change else None,
                        change_kind=change.change_kind if change else "", change_reason=change.reason if change else "")
    key = "household_id" if r.title_code == "GDVH" else "collective_id"
    col = AwardHistory.household_id if r.title_code == "GDVH" else AwardHistory.collective_id
    ids = [i for i, _a in rows]
    had: set[int] = set()
    for chunk in culture._chunks(ids):
        had |= set(s.scalars(select(col).where(col.in_(chunk), AwardHistory.title_code == r.title_code,
                                               AwardHistory.year == r.year, AwardHistory.deleted_at.is_(None))))
    fresh = [i for i in ids if i not in had]
    if fresh:
        s.execute(insert(AwardHistory), [
            {key: i, "year": r.year, "title_code": r.title_code, "decision_no": row.number_text,
             "decision_date": on, "level": "xa", "source": "commune", "note": award_note(title.decided_by, row.id)}
            for i in fresh])
    old = {"status": r.status, "decision_no": r.decision_no}
    r.status, r.decision_no, r.decision_date, r.decision_doc_id = "decided", row.number_text, on, row.id
    changes = {"status": [old["status"], "decided"], "decision_no": [old["decision_no"] or None, row.number_text],
               "awards": [change.withdrawn if change else None, len(fresh)]}
    culture._audit(s, actor, r, "update", changes)
    return row


def award_rows_of(s: Session, old: IssuedDocument, r: CultureRound) -> list[AwardHistory]:
    """The live award history rows the culture decision ``old`` wrote: its title and year, the commune's,
    under its number and date (a number is taken once a year, so that is this act and no other)."""
    return list(s.scalars(select(AwardHistory).where(
        AwardHistory.title_code == r.title_code, AwardHistory.year == r.year, AwardHistory.source == "commune",
        AwardHistory.decision_no == old.number_text, AwardHistory.decision_date == old.issued_on,
        AwardHistory.decision_id.is_(None), AwardHistory.deleted_at.is_(None))))


def document(db, round_id: int, which: str, on: dt.date | None = None, catalog=None):
    """What ``print`` lays out for a round: the issued act when there is one (frozen), else a draft."""
    info = culture.get_round(db, round_id)
    if which == "minutes":
        return issuing.document(db, info.minutes_doc_id) if info.minutes_doc_id else minutes_draft(db, round_id)
    if which == "decision":
        if info.decision_doc_id:
            return issuing.document(db, info.decision_doc_id)
        return decision_draft(db, round_id, on or dt.date.today(), catalog=catalog)[0]
    raise UserError("Chỉ in được biên bản (minutes) hoặc quyết định (decision).")


__all__ = ["issue_minutes", "issue_minutes_in", "issue_decision", "decision_in", "award_rows_of", "Signer", "Change",
           "minutes_draft", "decision_draft", "document"]
