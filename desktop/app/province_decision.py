"""The province's own award decision as an issued act (Qt-free), in the province database's register
of issued documents (desktop.app.issuing, kind ``province_decision``).

The province numbers its own decisions: the number is the text the clerk recorded on the accepted
outcomes ("12/QĐ-UBND"), its integer kept beside it. The first print issues the decision: its content
(the decision and its list, laid out from the outcomes accepted under that number) is frozen with its
SHA-256 and the rows it lists (row uid, commune, subject, title, amount) are stored with it. Every
later print is that frozen act, whatever was recorded since. When the outcomes recorded under the
number no longer match the rows it lists, printing names the rows added and removed and refuses,
unless the clerk asks for a replacement: a new act that replaces the old one (``thay_the``), which
stays in the register as it was."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from desktop.app import issuing
from desktop.app import outcomes as oc
from desktop.core import register
from desktop.reports.documents import Document
from desktop.reports.province_docs import province_decision
from desktop.shared.errors import UserError
from desktop.shared.fmt import day_text
from desktop.shared.text import nfc
from desktop.store.models_reports import IssuedDocument

KIND = "province_decision"
SOURCE_KIND = "province_outcome"
MAX_LISTED = 10   # rows named per side in a refusal (the rest counted)
_LEADING = re.compile(r"0*(\d{1,6})")


@dataclass(frozen=True)
class Printed:
    """What a print gives: the act, its document to render, whether it was issued now, and a note
    for the clerk ("" when there is nothing to say)."""

    info: issuing.IssuedInfo
    document: Document
    issued_now: bool
    note: str = ""


@dataclass(frozen=True)
class Difference:
    added: list[dict]      # rows accepted under the number since the act was issued
    removed: list[dict]    # rows the act lists that are no longer accepted under it
    changed: list[dict]    # rows whose title or subject the commune has changed since

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


class DecisionChanged(UserError):
    """The outcomes under an issued decision's number differ from the rows it lists."""

    def __init__(self, info: issuing.IssuedInfo, diff: Difference, year: int):
        self.info, self.diff = info, diff
        parts = [f"Quyết định {info.number_text} đã ban hành ngày {day_text(info.issued_on)} (mã {info.id}) với "
                 f"{info.row_count} đối tượng; từ đó kết quả xét ghi theo số quyết định này đã thay đổi:"]
        for label, rows in (("thêm", diff.added), ("bỏ", diff.removed), ("đổi danh hiệu hoặc tên", diff.changed)):
            if rows:
                shown = "; ".join(_row_text(r) for r in rows[:MAX_LISTED])
                more = f"; … và {len(rows) - MAX_LISTED} dòng khác" if len(rows) > MAX_LISTED else ""
                parts.append(f"– {label} {len(rows)} dòng: {shown}{more}.")
        parts.append("Bản đã ban hành giữ nguyên, chưa in. Nếu kết quả ghi nhầm, hãy ghi lại như khi ban hành; nếu "
                     "cần ban hành quyết định thay thế: python -m desktop province print-decision --decision "
                     f"{info.number_text} --year {year} --replace --reason \"…\" --out qd.pdf.")
        super().__init__("\n".join(parts))


def _row_text(r: dict) -> str:
    return (f"{r.get('commune_name', '')} – {r.get('subject_name', '')} ({r.get('title_name', '')}, "
            f"dòng {r.get('uid', '')})")


def number_of(text_: str) -> int | None:
    """The integer of a decision number ("012/QĐ-UBND" -> 12)."""
    m = _LEADING.match(text_)
    return int(m.group(1)) if m else None


def _row(r: oc.DecisionRow) -> dict:
    return {"uid": r.uid, "commune_code": r.commune_code, "commune_name": r.commune_name,
            "subject_type": r.subject_type, "subject_uid": r.subject_uid, "subject_name": r.subject_name,
            "subject_detail": r.subject_detail, "title_code": r.title_code, "title_name": r.title_name,
            "amount": r.amount}


def _live(db, number: str, year: int) -> list[dict]:
    """The rows accepted under ``number`` now, as an issued act lists them (amounts left out)."""
    return [{"uid": r.uid, "commune_code": r.commune_code, "commune_name": r.commune_name,
             "subject_name": r.subject_name, "title_code": r.title_code, "title_name": r.title_name}
            for r in oc.list_rows(db, year, status="accepted") if r.decision_number == number]


def differences(issued: list[dict], live: list[dict]) -> Difference:
    """Rows added, removed and changed (title, subject name) between an issued list and the outcomes."""
    old = {(str(r.get("commune_code")), str(r.get("uid"))): r for r in issued}
    new = {(r["commune_code"], r["uid"]): r for r in live}
    changed = [new[k] for k in old.keys() & new.keys()
               if (old[k].get("title_code"), old[k].get("subject_name")) != (new[k]["title_code"],
                                                                            new[k]["subject_name"])]
    return Difference([new[k] for k in new if k not in old], [old[k] for k in old if k not in new],
                      sorted(changed, key=lambda r: (r["commune_code"], r["uid"])))


def current(db, number: str, year: int) -> issuing.IssuedInfo | None:
    """The decision in force issued under ``number`` for the proposals of ``year``."""
    with db.session() as s:
        ids = s.scalars(select(IssuedDocument.id).where(
            IssuedDocument.kind == KIND, IssuedDocument.year == year,
            IssuedDocument.number_text == number).order_by(IssuedDocument.id.desc())).all()
    for i in ids:
        info = issuing.get(db, i)
        if info.in_force:
            return info
    return None


def documents(db, year: int | None = None) -> list[issuing.IssuedInfo]:
    """The province's issued decisions (of or about ``year``), oldest first."""
    return issuing.list_documents(db, year, KIND)


def print_decision(db, number: str, year: int, actor: str, signer_name: str = "", signer_title: str = "",
                   *, replace: bool = False, reason: str = "") -> Printed:
    """The decision ``number`` on the proposals of ``year``, to print: issued now the first time
    (``signer_name`` needed), the frozen act after; refused (DecisionChanged) when the outcomes under the
    number no longer match it, unless ``replace`` with a ``reason``: then a replacing act is issued."""
    number = oc.clean_decision_number(number)
    if replace:
        reason = _reason(reason)
    old = current(db, number, year)
    if old is None:
        if replace:
            raise UserError(f"Quyết định {number} năm {year} chưa ban hành nên không có gì để thay thế. Bỏ --replace "
                            "để ban hành lần đầu.")
        return _issue(db, number, year, actor, signer_name, signer_title)
    diff = differences(issuing.rows_of(db, old.id), _live(db, number, year))
    if replace:
        return _issue(db, number, year, actor, signer_name or old.signer_name, signer_title or old.signer_title,
                      old=old, reason=reason)
    if diff:
        raise DecisionChanged(old, diff, year)
    note = ""
    if signer_name and nfc(signer_name).strip() != old.signer_name:
        note = (f"Bản in lại đúng quyết định đã ban hành, người ký {old.signer_name}; người ký vừa nhập không được "
                "dùng (muốn đổi người ký, hãy ban hành quyết định thay thế).")
    return Printed(old, issuing.document(db, old.id), False, note)


def _reason(reason: str) -> str:
    reason = nfc(" ".join((reason or "").split()))
    if not reason:
        raise UserError("Hãy ghi lý do ban hành quyết định thay thế (--reason \"…\").")
    if len(reason) > oc.MAX_REASON:
        raise UserError(f"Lý do thay thế dài quá {oc.MAX_REASON} ký tự ({len(reason)}). Hãy viết gọn lại.")
    return reason


def _issue(db, number: str, year: int, actor: str, signer_name: str, signer_title: str,
           old: issuing.IssuedInfo | None = None, reason: str = "") -> Printed:
    info = oc.decision_source(db, number, year, signer_name, signer_title or "Phó Chủ tịch")
    line = ""
    if old is not None:
        line = (f"Quyết định này thay thế Quyết định số {old.number_text} ngày {day_text(old.issued_on)} đã ban "
                f"hành trước đây ({old.row_count} đối tượng). Lý do: {reason.rstrip('.')}.")
    doc = province_decision(info, replaces=line)
    rows = [_row(r) for r in info.rows]
    with db.session() as s, s.begin():
        register.lock(s)  # two clerks printing at once: the second finds the first's act
        again = s.scalars(select(IssuedDocument.id).where(
            IssuedDocument.kind == KIND, IssuedDocument.year == year, IssuedDocument.number_text == number,
            IssuedDocument.id > (old.id if old else 0))).first()
        if again is not None:
            raise UserError(f"Quyết định {number} vừa được ban hành ở máy khác (mã {again}). Hãy in lại để lấy "
                            "đúng bản đã ban hành.")
        integer = number_of(number)
        if integer is not None and s.scalar(select(IssuedDocument.id).where(
                IssuedDocument.issue_year == info.date.year, IssuedDocument.type_code == "QĐ",
                IssuedDocument.number == integer)) is not None:
            integer = None  # a replacement under the same number, or another body's 12/QĐ-…: the text names it
        row = issuing.store(s, doc, kind=KIND, year=year, issued_on=info.date, actor=actor, rows=rows,
                            bases=doc.bases, title=doc.summary, signer_name=info.signer_name,
                            signer_title=info.signer_title, authority_prefix=doc.signature.authority.split(" ")[0]
                            if doc.signature.authority else "", catalog_version=info.catalog_version,
                            base_salary=info.base_salary, total_amount=info.total_amount, source_kind=SOURCE_KIND,
                            replaces_id=old.id if old else None, change_kind="thay_the" if old else "",
                            change_reason=reason, number=integer)
        doc_id = row.id
    return Printed(issuing.get(db, doc_id), issuing.document(db, doc_id), True)


def describe(p: Printed) -> str:
    """What the clerk is told after a print."""
    i = p.info
    if p.issued_now and i.replaces_id is not None:
        head = f"Đã ban hành quyết định thay thế {i.number_text} (mã {i.id}, {i.row_count} đối tượng)"
    elif p.issued_now:
        head = f"Đã ban hành quyết định {i.number_text} (mã {i.id}, {i.row_count} đối tượng)"
    else:
        head = (f"In lại quyết định {i.number_text} đã ban hành ngày {day_text(i.issued_on)} (mã {i.id}, "
                f"{i.row_count} đối tượng)")
    return head + f"; SHA-256 {i.sha256[:16]}…" + (f"\n{p.note}" if p.note else "")


__all__ = ["KIND", "Printed", "DecisionChanged", "Difference", "print_decision", "current", "documents",
           "differences", "describe", "number_of"]
