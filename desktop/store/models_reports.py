"""Tables of the reports feature: the per-year document register (số văn bản) and the documents
issued (văn bản đã ban hành), each a record frozen at issue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import Base, utcnow


class DocRegister(Base):
    """Next number per year and document type (QĐ, TTr, BB, BC, DS, CV): numbers restart each year."""

    __tablename__ = "doc_register"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    type_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    next_number: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


CHANGE_KINDS = ("", "dinh_chinh", "thay_the", "bai_bo")   # none | correction | replacement | repeal


class IssuedDocument(Base):
    """A document once issued: its number (taken at issue, never at print), its date and signer, the
    rows it covers, the catalog and base salary it used, and its content frozen as canonical JSON with
    the SHA-256 of that content. It is never edited or deleted: a change is a new document that names
    the one it replaces (``replaces_id``, ``change_kind``)."""

    __tablename__ = "issued_document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))            # decision | proposal | minutes | report | ballots | ...
    year: Mapped[int] = mapped_column(Integer, index=True)    # the year it is about (review year, report year)
    issue_year: Mapped[int] = mapped_column(Integer)          # the register's year: the year of issued_on
    type_code: Mapped[str] = mapped_column(String(8), default="")   # QĐ, TTr, BB, BC, DS, CV; "" unnumbered
    number: Mapped[int | None] = mapped_column(Integer)
    number_text: Mapped[str] = mapped_column(String(60), default="")  # "01/QĐ-UBND"
    issued_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(500), default="")        # the summary line ("Về việc …")
    signer_name: Mapped[str] = mapped_column(String(100), default="")
    signer_title: Mapped[str] = mapped_column(String(150), default="")
    authority_prefix: Mapped[str] = mapped_column(String(10), default="")
    legal_bases: Mapped[str] = mapped_column(Text, default="[]")       # JSON list of the "Căn cứ" lines
    rows: Mapped[str] = mapped_column(Text, default="[]")              # JSON list of the rows it covers
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    total_amount: Mapped[int] = mapped_column(Integer, default=0)
    catalog_version: Mapped[str] = mapped_column(String(40), default="")
    base_salary: Mapped[int | None] = mapped_column(Integer)
    source_kind: Mapped[str] = mapped_column(String(20), default="")   # review_decision | review_meeting | ""
    source_id: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)                          # canonical JSON of the laid-out document
    sha256: Mapped[str] = mapped_column(String(64))                     # of ``content`` (UTF-8)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"), index=True)
    change_kind: Mapped[str] = mapped_column(String(12), default="")
    change_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    __table_args__ = (
        Index("uq_issued_document_number", "issue_year", "type_code", "number", unique=True,
              sqlite_where=text("number IS NOT NULL"), postgresql_where=text("number IS NOT NULL")),
        Index("ix_issued_document_source", "source_kind", "source_id"),
        CheckConstraint("change_kind IN ('', 'dinh_chinh', 'thay_the', 'bai_bo')", name="change_kind"),
    )


__all__ = ["DocRegister", "IssuedDocument", "CHANGE_KINDS"]
