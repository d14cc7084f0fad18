"""Issuing the commune's other acts as records: the movement report (báo cáo sơ kết, tổng kết), the
secret-ballot slip set, and the cover letter (công văn) sent with a data file — each numbered once, at
issue, and reprinted from its frozen content (desktop.app.issuing)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from desktop.app import issuing
from desktop.core import register
from desktop.shared.errors import UserError, ValidationError
from desktop.store.models_reports import IssuedDocument


def _check_number(s, year: int, code: str, number: int | None) -> None:
    if number is None:
        return
    register.check_number(number)
    if s.scalar(select(IssuedDocument.id).where(IssuedDocument.issue_year == year, IssuedDocument.type_code == code,
                                                IssuedDocument.number == number)) is not None:
        raise ValidationError({"number": f"Số {number:02d}/{code} đã dùng cho văn bản khác năm {year}."})


def issue_report(db, year: int, period: str, on: dt.date, actor: str, number: int | None = None,
                 replaces: issuing.IssuedInfo | None = None, change_kind: str = "",
                 reason: str = "", texts: dict[str, str] | None = None) -> issuing.IssuedInfo:
    """Issue the interim (H1) or annual (Y) report of ``year``: a BC number of the signing year, taken
    now and never again, and the report frozen as the records stand today with the officer's own parts
    (``texts``: assessment, directions…, desktop.app.report_sources.TEXT_KEYS); a report replacing
    another keeps the old one's parts unless given new ones."""
    from desktop.app import sources

    if texts is None and replaces is not None:
        old = issuing.document(db, replaces.id)
        texts = {k: "\n".join(v) for k, v in (getattr(old, "texts", {}) or {}).items()}
    doc = sources.movement_report(db, year, period, on, texts=texts)
    with db.session() as s, s.begin():
        _check_number(s, on.year, "BC", number)
        doc.number = register.take_in(s, on.year, "BC", number)
        if replaces is not None:
            doc.sections = [*doc.sections, ("", [_line("Báo cáo", replaces, change_kind, reason)])]
        row = issuing.store(s, doc, kind="report", year=year, issued_on=on, actor=actor,
                            rows=[dataclasses.asdict(r) for r in doc.indicators], title=f"Báo cáo {doc.summary}",
                            signer_name=doc.signature.name, signer_title=doc.signature.title,
                            authority_prefix=doc.signature.authority.split(" ")[0] if doc.signature.authority else "",
                            source_kind=f"report:{period}", replaces_id=replaces.id if replaces else None,
                            change_kind=change_kind, change_reason=reason)
        doc_id = row.id
    return issuing.get(db, doc_id)


def _line(word: str, old: issuing.IssuedInfo, change_kind: str, reason: str) -> str:
    verb = "thay thế" if change_kind == "thay_the" else "đính chính"
    return (f"{word} này {verb} {word} số {old.number_text} ngày {old.issued_on:%d/%m/%Y}. "
            f"Lý do: {reason.rstrip('.')}.")


def issue_ballots(db, year: int, on: dt.date, actor: str, replaces: issuing.IssuedInfo | None = None,
                  change_kind: str = "", reason: str = "") -> issuing.IssuedInfo:
    """Issue the set of secret-ballot slips of ``year`` (unnumbered): the candidates on them frozen."""
    from desktop.app import sources

    doc = sources.ballot_slips(db, year, on)
    with db.session() as s, s.begin():
        row = issuing.store(s, doc, kind="ballots", year=year, issued_on=on, actor=actor,
                            rows=[dataclasses.asdict(c) for c in doc.candidates],
                            title=f"Phiếu bầu năm {year} ({doc.copies} phiếu)", source_kind="ballots",
                            replaces_id=replaces.id if replaces else None, change_kind=change_kind,
                            change_reason=reason)
        doc_id = row.id
    return issuing.get(db, doc_id)


def cover_letter(db, sequence: int | None, actor: str, on: dt.date | None = None) -> issuing.IssuedInfo:
    """The cover letter of the exported file ``sequence`` (the latest when None): issued with a CV
    number the first time, the same letter every time after."""
    from desktop.app import commune

    history = commune.export_history(db)
    row = next((r for r in history if sequence is None or r.sequence == sequence), None)
    if row is None:
        raise UserError("Chưa xuất tệp dữ liệu nào (hoặc không có tệp số này) để in công văn gửi kèm.")
    with db.session() as s:
        done = s.scalars(select(IssuedDocument.id).where(
            IssuedDocument.source_kind == "export_file", IssuedDocument.source_id == row.sequence,
            IssuedDocument.kind == "cover_letter").order_by(IssuedDocument.id.desc()).limit(1)).first()
    if done is not None:
        return issuing.get(db, done)
    return _issue_cover_letter(db, row.sequence, actor, on or dt.date.today())


def cover_letter_document(db, sequence: int | None, actor: str):
    """The issued cover letter of the file ``sequence`` as a document to print (issued on first use)."""
    return issuing.document(db, cover_letter(db, sequence, actor).id)


def _issue_cover_letter(db, sequence: int, actor: str, on: dt.date, replaces: issuing.IssuedInfo | None = None,
                        change_kind: str = "", reason: str = "") -> issuing.IssuedInfo:
    from desktop.app import commune

    doc = commune.cover_letter_for(db, sequence)
    doc.date = on
    with db.session() as s, s.begin():
        doc.number = register.take_in(s, on.year, "CV")
        row = issuing.store(s, doc, kind="cover_letter", year=doc.year, issued_on=on, actor=actor,
                            rows=[{"label": k, "count": n} for k, n in doc.counts],
                            title=f"Gửi tệp dữ liệu {doc.file_name}", signer_name=doc.signature.name,
                            signer_title=doc.signature.title, source_kind="export_file", source_id=sequence,
                            replaces_id=replaces.id if replaces else None, change_kind=change_kind,
                            change_reason=reason)
        doc_id = row.id
    return issuing.get(db, doc_id)


def reissue(db, info: issuing.IssuedInfo, change_kind: str, reason: str, actor: str,
            on: dt.date) -> issuing.IssuedInfo:
    """A report, ballot set or cover letter corrected or replaced: issued again, naming the old one."""
    if change_kind == "bai_bo":
        raise UserError(f"{info.kind_label} không bãi bỏ được; hãy lập văn bản thay thế hoặc đính chính.")
    if info.kind == "report":
        period = "H1" if info.source_kind == "report:H1" else "Y"
        return issue_report(db, info.year, period, on, actor, replaces=info, change_kind=change_kind, reason=reason)
    if info.kind == "ballots":
        return issue_ballots(db, info.year, on, actor, replaces=info, change_kind=change_kind, reason=reason)
    if info.kind == "cover_letter" and info.source_id is not None:
        return _issue_cover_letter(db, info.source_id, actor, on, replaces=info, change_kind=change_kind,
                                   reason=reason)
    raise UserError(f"Không thay đổi được loại văn bản “{info.kind_label}”.")


__all__ = ["issue_report", "issue_ballots", "cover_letter", "cover_letter_document", "reissue"]
