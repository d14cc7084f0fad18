"""Issued documents (văn bản đã ban hành): every act the commune issues is a record.

Issuing a document takes its number from the register (desktop.core.register) in the transaction that
stores it, with its date, signer and authority, the rows it covers, the catalog and base salary it
used, and its content frozen (desktop.reports.frozen) with the SHA-256 of that content. Printing an
issued document lays out that frozen content: the same text whatever changed in the records since.
A change is a new document naming the one it replaces (đính chính, thay thế, bãi bỏ); nothing is
edited or deleted. A draft is laid out from the live data without a number and is not stored.

Decisions and proposals are frozen by ``Recorder``, which the review calls inside its own transaction
(``review(db, actor)`` gives a ``Review`` wired to it); minutes by ``issue_minutes_in`` (also called by
the recorder when a decision cites a meeting whose minutes are not issued yet: the votes a decision
rests on are frozen with it)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.core import register
from desktop.reports import frozen
from desktop.reports.documents import Document
from desktop.shared.errors import NotFoundError, UserError, ValidationError
from desktop.shared.text import nfc
from desktop.store.models import AuditEntry
from desktop.store.models_reports import CHANGE_KINDS, IssuedDocument

KIND_LABELS = {
    "decision": "Quyết định khen thưởng", "proposal": "Tờ trình đề nghị khen thưởng",
    "minutes": "Biên bản họp Hội đồng Thi đua - Khen thưởng", "report": "Báo cáo phong trào thi đua",
    "ballots": "Phiếu bầu", "cover_letter": "Công văn gửi tệp dữ liệu", "repeal": "Quyết định bãi bỏ",
    "province_decision": "Quyết định khen thưởng của tỉnh",
    "culture_minutes": "Biên bản họp bình xét danh hiệu văn hóa",
    "culture_decision": "Quyết định tặng danh hiệu văn hóa", "launch_plan": "Kế hoạch phát động thi đua",
}
TYPE_CODES = {"decision": "QĐ", "proposal": "TTr", "minutes": "BB", "report": "BC", "ballots": "",
              "cover_letter": "CV", "repeal": "QĐ", "province_decision": "QĐ", "culture_minutes": "BB",
              "culture_decision": "QĐ", "launch_plan": "KH"}
CHANGE_LABELS = {"dinh_chinh": "Đính chính", "thay_the": "Thay thế", "bai_bo": "Bãi bỏ"}


@dataclass(frozen=True)
class IssuedInfo:
    """An issued document as the register lists it."""

    id: int
    kind: str
    year: int
    issue_year: int
    type_code: str
    number: int | None
    number_text: str
    issued_on: dt.date
    title: str
    signer_name: str
    signer_title: str
    authority_prefix: str
    row_count: int
    total_amount: int
    catalog_version: str
    base_salary: int | None
    sha256: str
    source_kind: str
    source_id: int | None
    replaces_id: int | None
    change_kind: str
    change_reason: str
    created_at: dt.datetime
    created_by: str
    replaced_by: tuple[tuple[int, str, str], ...] = ()   # (id, change kind, number text) of later acts

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def in_force(self) -> bool:
        """Not replaced nor repealed (a correction, đính chính, leaves the act in force)."""
        return not any(k in ("thay_the", "bai_bo") for _i, k, _n in self.replaced_by)

    @property
    def status(self) -> str:
        later = [f"{CHANGE_LABELS.get(k, k).lower()} bởi văn bản "
                 + (f"{n} (mã {i})" if n and n == self.number_text else n or f"mã {i}")  # the province's own
                 for i, k, n in self.replaced_by]
        if not later:
            return "Còn hiệu lực"
        return ("Còn hiệu lực, " if self.in_force else "Hết hiệu lực: ") + "; ".join(later)

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["issued_on"] = self.issued_on.isoformat()
        d["created_at"] = self.created_at.isoformat(timespec="seconds")
        d["replaced_by"] = [{"id": i, "change_kind": k, "number_text": n} for i, k, n in self.replaced_by]
        d["kind_label"] = self.kind_label
        d["status"] = self.status
        d["in_force"] = self.in_force
        return d


def printed_number(doc: Document) -> str:
    """"01/QĐ-UBND" as the document prints it ("" when it has no number)."""
    from desktop.reports.layout import number_line

    label = getattr(doc, "number_label", "")  # the province's decision: the number text its clerk gave
    if label:
        return str(label)
    number = getattr(doc, "number", None)
    if number is None:
        return ""
    code = {"DecisionDoc": "QĐ", "ProposalDoc": "TTr", "MinutesDoc": "BB", "ReportDoc": "BC", "PlanDoc": "KH",
            "CultureDecisionDoc": "QĐ", "CultureMinutesDoc": "BB",
            }.get(type(doc).__name__, "")  # a letter (công văn) has no type code: "01/UBND"
    issuer = getattr(doc, "issuer", None)
    return number_line(number, code, issuer.code if issuer else "UBND").removeprefix("Số:").strip()


def store(s: Session, doc: Document, *, kind: str, year: int, issued_on: dt.date, actor: str,
          rows: Sequence[dict] = (), bases: Sequence[str] = (), title: str = "", signer_name: str = "",
          signer_title: str = "", authority_prefix: str = "", catalog_version: str = "",
          base_salary: int | None = None, total_amount: int = 0, source_kind: str = "",
          source_id: int | None = None, replaces_id: int | None = None, change_kind: str = "",
          change_reason: str = "", number: int | None = None) -> IssuedDocument:
    """Store ``doc`` as issued, in the caller's transaction (its number already taken and set on it;
    ``number``: the register's integer of a document whose number is text, the province's decision)."""
    if change_kind not in CHANGE_KINDS or bool(change_kind) != (replaces_id is not None):
        raise ValueError("change_kind and replaces_id go together")
    content, sha = frozen.freeze(doc)
    number = getattr(doc, "number", None) if number is None else number
    if replaces_id is not None:
        register.lock(s)  # two changes of one act at once: the second finds the first
        done = s.scalars(select(IssuedDocument).where(IssuedDocument.replaces_id == replaces_id,
                                                      IssuedDocument.change_kind.in_(("thay_the", "bai_bo")))).first()
        if done is not None:
            raise UserError(f"Văn bản mã {replaces_id} đã hết hiệu lực: {CHANGE_LABELS[done.change_kind].lower()} "
                            f"bởi văn bản {done.number_text or f'mã {done.id}'}. Hãy thay đổi văn bản đang có "
                            "hiệu lực.")
    row = IssuedDocument(
        kind=kind, year=year, issue_year=issued_on.year, type_code=TYPE_CODES.get(kind, ""), number=number,
        number_text=printed_number(doc), issued_on=issued_on, title=nfc(title)[:500], signer_name=nfc(signer_name),
        signer_title=nfc(signer_title), authority_prefix=authority_prefix,
        legal_bases=json.dumps(list(bases), ensure_ascii=False), rows=json.dumps(list(rows), ensure_ascii=False),
        row_count=len(rows), total_amount=total_amount, catalog_version=catalog_version, base_salary=base_salary,
        source_kind=source_kind, source_id=source_id, content=content, sha256=sha, replaces_id=replaces_id,
        change_kind=change_kind, change_reason=nfc(change_reason), created_by=actor)
    s.add(row)
    s.flush()
    s.add(AuditEntry(actor=actor, table_name="issued_document", record_id=row.id, action="create",
                     changes=json.dumps({"kind": [None, kind], "number_text": [None, row.number_text],
                                         "sha256": [None, sha], "replaces_id": [None, replaces_id],
                                         "change_kind": [None, change_kind]}, ensure_ascii=False)))
    return row


def _info(d: IssuedDocument, later: Sequence[IssuedDocument]) -> IssuedInfo:
    return IssuedInfo(d.id, d.kind, d.year, d.issue_year, d.type_code, d.number, d.number_text, d.issued_on, d.title,
                      d.signer_name, d.signer_title, d.authority_prefix, d.row_count, d.total_amount,
                      d.catalog_version, d.base_salary, d.sha256, d.source_kind, d.source_id, d.replaces_id,
                      d.change_kind, d.change_reason, d.created_at, d.created_by,
                      tuple((x.id, x.change_kind, x.number_text) for x in later))


def list_documents(db, year: int | None = None, kind: str | None = None) -> list[IssuedInfo]:
    """The register of issued documents, oldest first (``year``: the year they are about, or the year
    they were issued)."""
    adopt_earlier_decisions(db)
    with db.session() as s:
        stmt = select(IssuedDocument)
        if year is not None:
            stmt = stmt.where(or_(IssuedDocument.year == year, IssuedDocument.issue_year == year))
        if kind is not None:
            stmt = stmt.where(IssuedDocument.kind == kind)
        docs = s.scalars(stmt.order_by(IssuedDocument.issued_on, IssuedDocument.id)).all()
        later = _later(s, [d.id for d in docs])
        return [_info(d, later.get(d.id, [])) for d in docs]


def _later(s: Session, ids: Sequence[int]) -> dict[int, list[IssuedDocument]]:
    out: dict[int, list[IssuedDocument]] = {}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for x in s.scalars(select(IssuedDocument).where(IssuedDocument.replaces_id.in_(chunk))
                           .order_by(IssuedDocument.id)):
            assert x.replaces_id is not None
            out.setdefault(x.replaces_id, []).append(x)
    return out


MAX_ID = 2**31 - 1


def _missing(doc_id: int) -> NotFoundError:
    return NotFoundError(f"Không có văn bản đã ban hành mã {doc_id}. Xem danh sách: python -m desktop documents list.")


def get(db, doc_id: int) -> IssuedInfo:
    if not 0 < doc_id <= MAX_ID:  # a hostile or mistyped id: no such row (not an overflow in the driver)
        raise _missing(doc_id)
    with db.session() as s:
        d = s.get(IssuedDocument, doc_id)
        if d is None:
            raise NotFoundError(f"Không có văn bản đã ban hành mã {doc_id}. Xem danh sách: python -m desktop "
                                "documents list.")
        return _info(d, _later(s, [d.id]).get(d.id, []))


def rows_of(db, doc_id: int) -> list[dict]:
    if not 0 < doc_id <= MAX_ID:
        return []
    with db.session() as s:
        d = s.get(IssuedDocument, doc_id)
        return json.loads(d.rows) if d is not None else []


def document(db, doc_id: int) -> Document:
    """The frozen document ``doc_id``, checked against its SHA-256."""
    if not 0 < doc_id <= MAX_ID:
        raise _missing(doc_id)
    with db.session() as s:
        d = s.get(IssuedDocument, doc_id)
        if d is None:
            raise NotFoundError(f"Không có văn bản đã ban hành mã {doc_id}.")
        content, sha, label = d.content, d.sha256, d.number_text or f"mã {d.id}"
    if frozen.digest(content) != sha:
        raise UserError(f"Văn bản {label} trong dữ liệu không khớp mã băm SHA-256 lưu khi ban hành: nội dung đã bị "
                        "sửa ngoài phần mềm. Không in bản này; hãy khôi phục bản sao lưu gần nhất (Tệp > Khôi phục).")
    try:
        return frozen.thaw(content)
    except frozen.FrozenError:
        raise UserError(f"Không đọc được nội dung văn bản {label} (có thể do phiên bản phần mềm cũ hơn). "
                        "Hãy cập nhật phần mềm.") from None


def of_source(db, source_kind: str, source_id: int) -> IssuedInfo | None:
    """The newest issued document of a stored decision, proposal or meeting."""
    with db.session() as s:
        d = s.scalars(select(IssuedDocument).where(IssuedDocument.source_kind == source_kind,
                                                   IssuedDocument.source_id == source_id)
                      .order_by(IssuedDocument.id.desc()).limit(1)).first()
        return _info(d, _later(s, [d.id]).get(d.id, [])) if d is not None else None


def find(db, kind: str, year: int, number: int | None) -> IssuedInfo:
    """The issued ``kind`` numbered ``number`` in the register of ``year`` (the year it was signed), or
    failing that about ``year``; the newest of ``year`` when ``number`` is None. Two that match are
    named with their ids, never one picked silently."""
    items = [d for d in list_documents(db, year, kind) if number is None or d.number == number]
    if number is not None:
        signed = [d for d in items if d.issue_year == year]
        items = signed or items
    what = KIND_LABELS.get(kind, kind).lower()
    if not items:
        if number is not None:
            code = TYPE_CODES.get(kind, "")
            raise UserError(f"Không có {what} số {number:02d}/{code}-UBND ký năm {year} hoặc về năm {year}. Xem "
                            "danh sách: python -m desktop documents list.")
        raise UserError(f"Chưa ban hành {what} nào cho năm {year}.")
    if number is not None and len(items) > 1:
        listed = "; ".join(f"mã {d.id}: {d.number_text} ngày {d.issued_on:%d/%m/%Y}" for d in items)
        raise UserError(f"Có {len(items)} {what} số {number:02d}: {listed}. Hãy in theo mã: python -m desktop print "
                        "MÃ --out tep.pdf.")
    return items[-1]


def check_change(info: IssuedInfo, change_kind: str, reason: str) -> str:
    """The reason as stored; refuses a change of an act already replaced or repealed, or without reason."""
    errors = {}
    if change_kind not in CHANGE_LABELS:
        errors["change_kind"] = "Loại thay đổi phải là dinh_chinh (đính chính), thay_the (thay thế) hoặc bai_bo " \
                                "(bãi bỏ)."
    reason = nfc(" ".join(reason.split()))
    if not reason:
        errors["reason"] = "Hãy ghi lý do đính chính, thay thế hoặc bãi bỏ."
    if errors:
        raise ValidationError(errors)
    if not info.in_force:
        raise UserError(f"Văn bản {info.number_text or info.id} đã hết hiệu lực ({info.status}); hãy thay đổi văn "
                        "bản đang có hiệu lực.")
    return reason


def adopt_earlier_decisions(db) -> int:
    """Decisions and proposals stored by an earlier release, before documents were records, are frozen
    now from what was stored (their rows were stored at the time). Returns how many."""
    from desktop.app.issuing_review import adopt_decisions

    return adopt_decisions(db)


__all__ = ["IssuedInfo", "KIND_LABELS", "CHANGE_LABELS", "TYPE_CODES", "store", "list_documents", "get", "document",
           "of_source", "find", "rows_of", "check_change", "printed_number", "register"]
