"""Tables of the data file exchange: the commune's export log, and the province's enrolled keys,
accepted files (raw bytes kept) and the records consolidated from them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false

from desktop.store.models import Base, utcnow


class ExportLog(Base):
    """Commune side: every data file written, with its hash (the next file chains to it)."""

    __tablename__ = "export_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(12))
    signer_key_id: Mapped[str] = mapped_column(String(32))
    recipient_key_id: Mapped[str] = mapped_column(String(32))
    counts: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    receipt_status: Mapped[str] = mapped_column(String(16), default="")   # "" | accepted | refused
    receipt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    receipt_note: Mapped[str] = mapped_column(Text, default="")


class ProvinceKey(Base):
    """Province side: a commune's enrolled signing key."""

    __tablename__ = "province_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(5), index=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    public_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))  # active | revoked | expired
    officer: Mapped[str] = mapped_column(String(100), default="")
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    # the commune's key this one replaced (rotation or re-enrolment)
    replaces_key_id: Mapped[str | None] = mapped_column(String(32))
    # the nonce of the province's signed resume statement for this key; after a re-enrolment (a new key
    # the old one did not sign) the first file of the key must carry it (resume_required)
    resume_nonce: Mapped[str | None] = mapped_column(String(64))
    resume_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    revoke_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class ProvinceContact(Base):
    """Province side: the latest contact of a commune's officer (name, phone, e-mail), from its
    enrolment request or its latest accepted data file, whichever came later; the chase list reads it."""

    __tablename__ = "province_contact"
    commune_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    source: Mapped[str] = mapped_column(String(12))               # enrolment | file
    sequence: Mapped[int | None] = mapped_column(Integer)         # the file's, when from a file
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ProvinceBundle(Base):
    """Province side: an accepted data file, its raw bytes kept as received."""

    __tablename__ = "province_bundle"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(5))
    sequence: Mapped[int] = mapped_column(Integer)
    file_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(12))
    signer_key_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    __table_args__ = (UniqueConstraint("commune_code", "sequence", name="uq_province_bundle_commune_seq"),)


class ProvinceRecord(Base):
    """Province side: a commune's record as of its latest accepted file. The whole record is kept as
    JSON; the few fields the consolidated views filter, group and sort on are copied into columns."""

    __tablename__ = "province_record"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(5))
    kind: Mapped[str] = mapped_column(String(20))
    uid: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("province_bundle.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")           # person/collective/household name
    cccd: Mapped[str | None] = mapped_column(String(12))                  # persons
    subject_uid: Mapped[str | None] = mapped_column(String(40))           # ratings, registrations, …
    title_code: Mapped[str] = mapped_column(String(32), default="")      # registrations
    year: Mapped[int | None] = mapped_column(Integer)
    birth_date: Mapped[str | None] = mapped_column(String(10))            # persons, ISO date as sent
    # desktop.shared.text.fold(name): accent-free, lower-case (persons, collectives, households); the
    # Vietnamese sort key and the same-name key of the duplicates view, without folding at query time
    name_fold: Mapped[str] = mapped_column(String(255), default="", server_default="")
    __table_args__ = (
        UniqueConstraint("commune_code", "uid", name="uq_province_record_commune_uid"),
        Index("ix_province_record_commune_kind", "commune_code", "kind"),
        Index("ix_province_record_kind_cccd", "kind", "cccd", "commune_code"),  # cross-commune duplicates
        Index("ix_province_record_kind_title", "kind", "title_code", "year"),
        Index("ix_province_record_kind_subject", "kind", "subject_uid"),  # registrations of given people
    )


class ProvinceSharedCccd(Base):
    """Province side: every CCCD held by persons of two or more communes, kept up to date by each import
    (desktop.app.province), so that the duplicates view need not group all persons each time."""

    __tablename__ = "province_shared_cccd"
    cccd: Mapped[str] = mapped_column(String(12), primary_key=True)


class ProvinceAttempt(Base):
    """Province side: every import of a data file tried, accepted or not (window and command line), so
    that a refused file leaves a trace after the dialog closes and the board can tell a commune whose
    file was refused from one that sent nothing. The commune is the one the file claims (its manifest,
    or failing that its name); ``attempted_at`` is UTC, shown in Vietnam time."""

    __tablename__ = "province_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")  # "" when the file could not be read
    commune_code: Mapped[str] = mapped_column(String(5), default="")  # claimed; "" when unknown
    sequence: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(8), default="")
    outcome: Mapped[str] = mapped_column(String(12))                  # accepted | duplicate | refused | held
    reason_code: Mapped[str] = mapped_column(String(32), default="")  # BundleRefused.code
    reason: Mapped[str] = mapped_column(Text, default="")             # the Vietnamese reason as shown
    preview: Mapped[bool] = mapped_column(Boolean, default=False)     # found by a preview (dry run)
    source: Mapped[str] = mapped_column(String(8), default="")        # window | cli
    __table_args__ = (Index("ix_province_attempt_commune_at", "commune_code", "attempted_at"),
                      Index("ix_province_attempt_sha256", "file_sha256"))


class ProvinceOutcome(Base):
    """Province side: the clerk's answer on one row of a commune's proposal (accepted, with the
    provincial decision's number and date, or returned with a reason). The row is named by its uid in
    the commune's data file (``<commune>:proposal_row:<id>``), stable across that commune's files."""

    __tablename__ = "province_outcome"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(5))
    year: Mapped[int] = mapped_column(Integer)
    row_uid: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))                      # accepted | returned
    decision_number: Mapped[str] = mapped_column(String(60), default="")  # "12/QĐ-UBND"
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    __table_args__ = (
        UniqueConstraint("commune_code", "row_uid", name="uq_province_outcome_row"),
        Index("ix_province_outcome_commune_year", "commune_code", "year"),
        CheckConstraint("status IN ('accepted', 'returned')", name="status"),
    )


class ProvinceStatementLog(Base):
    """Province side: every signed statement written for a commune (results, catalog updates), so the
    next one is made later than the last (a commune refuses an older one) and the clerk sees what went."""

    __tablename__ = "province_statement_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))                    # results | catalog
    commune_code: Mapped[str] = mapped_column(String(5), default="")  # "" for every commune (catalog)
    year: Mapped[int | None] = mapped_column(Integer)
    made_at: Mapped[str] = mapped_column(String(20))                  # as in the statement (UTC, "…Z")
    file_sha256: Mapped[str] = mapped_column(String(64))
    items: Mapped[int] = mapped_column(Integer, default=0)
    written_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReceivedStatement(Base):
    """Commune side: every statement from the province applied by ``receive`` (results, catalog
    updates): the same file twice changes nothing, an older one than the last applied is refused."""

    __tablename__ = "received_statement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))                    # results | catalog
    made_at: Mapped[str] = mapped_column(String(20))
    file_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int | None] = mapped_column(Integer)
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    summary: Mapped[str] = mapped_column(Text, default="{}")          # JSON counts shown to the officer
