"""Typed SQLAlchemy models of the commune workspace.

Every record table carries created/updated timestamps and ``deleted_at`` (the recycle bin: a deleted
record is hidden, not erased, and can be restored). Text columns have explicit lengths; the core
validates against them so the officer gets a message, not a truncated value.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _live_list_index(table: str, *cols: str) -> Index:
    """Partial covering index over live rows in list order, carrying the search key: the first page
    of a search ("ORDER BY sort LIMIT 200" with "search_key LIKE '%…%'") is read from the index alone,
    without visiting the wide table rows."""
    where = text("deleted_at IS NULL")
    return Index(f"ix_{table}_live_list", *cols, sqlite_where=where, postgresql_where=where)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class RecordMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Not indexed: nearly every row is NULL, and an index here lures SQLite's planner away from the
    # sort-key index that makes the first page of a list cheap.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)


class Workspace(Base):
    """One row: which commune this database belongs to, and who keeps it."""

    __tablename__ = "workspace"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="commune")  # commune | province
    unit_code: Mapped[str] = mapped_column(String(5))
    unit_name: Mapped[str] = mapped_column(String(100))
    officer_name: Mapped[str] = mapped_column(String(100))
    # how the province reaches the officer (desktop.shared.contacts rules; "" when not given)
    officer_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    officer_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by_version: Mapped[str] = mapped_column(String(32))


class CouncilMember(Base, RecordMixin):
    """Member of the commune's emulation-commendation council (Hội đồng Thi đua - Khen thưởng)."""

    __tablename__ = "council_member"
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(100))       # Chủ tịch Hội đồng, Phó Chủ tịch, Ủy viên, ...
    position: Mapped[str] = mapped_column(String(150), default="")  # job title in the commune
    sex: Mapped[str] = mapped_column(String(3), default="", server_default="")  # "nam" | "nu" | "": Ông / Bà
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    search_key: Mapped[str] = mapped_column(String(400), default="")


class Collective(Base, RecordMixin):
    __tablename__ = "collective"
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(255), default="")
    leader_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(700), default="")
    # the 2025 reorganisation: a collective dissolved or merged into another stays for history (its
    # awards, its members' records) and leaves new reviews from ``ended_on``
    # active | dissolved | merged
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active")
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id"))
    superior: Mapped[str] = mapped_column(String(255), default="", server_default="")  # cơ quan cấp trên


class Household(Base, RecordMixin):
    __tablename__ = "household"
    head_name: Mapped[str] = mapped_column(String(100))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id"), index=True)
    address: Mapped[str] = mapped_column(String(255), default="")
    members: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(700), default="")

    village: Mapped[Collective | None] = relationship()

    __table_args__ = (_live_list_index("household", "search_key", "id"),)


class Person(Base, RecordMixin):
    __tablename__ = "person"
    full_name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(3))  # "nam" | "nu"
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    cccd: Mapped[str | None] = mapped_column(String(12))
    position: Mapped[str] = mapped_column(String(150), default="")
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(400), default="")
    sort_key: Mapped[str] = mapped_column(String(250), default="")
    # facts the rules and the achievement report form need
    hired_on: Mapped[dt.date | None] = mapped_column(Date)          # recruited (ngày tuyển dụng)
    home_town: Mapped[str] = mapped_column(String(255), default="", server_default="")    # quê quán
    residence: Mapped[str] = mapped_column(String(255), default="", server_default="")    # nơi ở hiện nay (trú quán)
    qualification: Mapped[str] = mapped_column(String(150), default="", server_default="")  # trình độ chuyên môn
    academic_title: Mapped[str] = mapped_column(String(150), default="", server_default="")  # học hàm, học vị
    duty: Mapped[str] = mapped_column(Text, default="", server_default="")  # nhiệm vụ được giao

    collective: Mapped[Collective | None] = relationship(foreign_keys=[collective_id])
    household: Mapped[Household | None] = relationship()

    __table_args__ = (
        # One CCCD per commune among live records; the recycle bin does not hold a number hostage
        # (restore re-checks it).
        Index(
            "uq_person_cccd_live", "cccd", unique=True,
            sqlite_where=text("deleted_at IS NULL AND cccd IS NOT NULL"),
            postgresql_where=text("deleted_at IS NULL AND cccd IS NOT NULL"),
        ),
        CheckConstraint("sex IN ('nam', 'nu')", name="sex"),
        _live_list_index("person", "sort_key", "id", "search_key"),
    )


class SubjectMixin:
    """A row about exactly one person, collective or household."""

    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)


def _one_subject(name: str) -> CheckConstraint:
    return CheckConstraint(
        "(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END)"
        " + (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END)"
        " + (CASE WHEN household_id IS NULL THEN 0 ELSE 1 END) = 1",
        name=name,
    )


class Rating(Base, RecordMixin, SubjectMixin):
    """Yearly performance rating (xếp loại chất lượng) of a person or a collective."""

    __tablename__ = "rating"
    year: Mapped[int] = mapped_column(Integer, index=True)
    rating: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(400), default="")
    __table_args__ = (_one_subject("one_subject"),)


class Discipline(Base, RecordMixin):
    """Discipline, or a pending discipline/investigation/complaint, that can block an award."""

    __tablename__ = "discipline"
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id"), index=True)
    status: Mapped[str] = mapped_column(String(32))   # da_ky_luat | dang_xem_xet | dang_dieu_tra | khieu_nai
    level: Mapped[str] = mapped_column(String(32), default="")
    decision_no: Mapped[str] = mapped_column(String(60), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(400), default="")
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_subject",
        ),
    )


class Initiative(Base, RecordMixin):
    """Initiative (sáng kiến) or research project and the body that recognised it."""

    __tablename__ = "initiative"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="sang_kien")  # sang_kien | de_tai
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int] = mapped_column(Integer, index=True)
    scope: Mapped[str] = mapped_column(String(20), default="co_so")      # co_so | tinh | toan_quoc
    recognised_by: Mapped[str] = mapped_column(String(255), default="")
    recognised_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_no: Mapped[str] = mapped_column(String(60), default="")
    search_key: Mapped[str] = mapped_column(String(900), default="")


class Registration(Base, RecordMixin, SubjectMixin):
    """The year's emulation registration: who pledges to reach which title."""

    __tablename__ = "registration"
    year: Mapped[int] = mapped_column(Integer, index=True)
    title_code: Mapped[str] = mapped_column(String(32))
    pledge: Mapped[str] = mapped_column(Text, default="")
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    search_key: Mapped[str] = mapped_column(String(400), default="")
    __table_args__ = (_one_subject("one_subject"),)


class Achievement(Base, RecordMixin, SubjectMixin):
    """An achievement under one of the plan's five areas and its sub-area."""

    __tablename__ = "achievement"
    year: Mapped[int] = mapped_column(Integer, index=True)
    area_code: Mapped[str] = mapped_column(String(10))
    sub_area_code: Mapped[str] = mapped_column(String(10), default="")
    description: Mapped[str] = mapped_column(String(2000))
    achieved_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(String(255), default="")
    search_key: Mapped[str] = mapped_column(String(2500), default="")
    __table_args__ = (_one_subject("one_subject"),)


class Indicator(Base, RecordMixin):
    """The commune's indicator under one of the plan's 15 targets: target and actual per period."""

    __tablename__ = "indicator"
    year: Mapped[int] = mapped_column(Integer, index=True)
    target_code: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(4))  # H1 (6-month interim) | Y (year)
    name: Mapped[str] = mapped_column(String(255))
    unit: Mapped[str] = mapped_column(String(40), default="")
    target_value: Mapped[str] = mapped_column(String(60), default="")
    actual_value: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(400), default="")


class AuditEntry(Base):
    """Who changed what and when, per record."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete | restore | import
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON {field: [old, new]}
    __table_args__ = (Index("ix_audit_record", "table_name", "record_id"),)


class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


__all__ = [
    "Base", "Workspace", "CouncilMember", "Collective", "Household", "Person", "Rating",
    "Discipline", "Initiative", "Registration", "Achievement", "Indicator", "AuditEntry", "Setting",
    "utcnow",
]

from desktop.store import models_bundle as _models_bundle  # noqa: E402,F401  (data file exchange tables)
from desktop.store import models_culture as _models_culture  # noqa: E402,F401  (Gia đình văn hóa, Thôn văn hóa rounds)
from desktop.store import models_reports as _models_reports  # noqa: E402,F401  (reports tables)
from desktop.store import models_review  # noqa: E402,F401  (review tables: award history, meetings, ballots, decisions)
