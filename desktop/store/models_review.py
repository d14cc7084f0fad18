"""Tables of the year-end review (bình xét): award history, council meetings with attendance and
ballots, decisions of the commune and proposals to the province with their rows.

Imported at the bottom of desktop/store/models.py so that Base.metadata holds them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import Base, RecordMixin, SubjectMixin, _one_subject

AWARD_SOURCES = ("commune", "earlier", "province")


class ReviewDecision(Base, RecordMixin):
    """A commune award decision (kind 'decision', QĐ) or a proposal to the province (kind 'proposal',
    TTr), with the catalog and base salary it was built from."""

    __tablename__ = "review_decision"
    kind: Mapped[str] = mapped_column(String(10))            # decision | proposal
    year: Mapped[int] = mapped_column(Integer, index=True)    # the year reviewed
    number: Mapped[int] = mapped_column(Integer)               # in the year's register of that document type
    number_text: Mapped[str] = mapped_column(String(40))      # "15/QĐ-UBND"
    signed_on: Mapped[dt.date] = mapped_column(Date)
    signer_name: Mapped[str] = mapped_column(String(100))
    signer_title: Mapped[str] = mapped_column(String(150), default="")
    authority_prefix: Mapped[str] = mapped_column(String(10), default="")   # TM. | KT. | Q. | TL. | TUQ. | ""
    catalog_version: Mapped[str] = mapped_column(String(40))
    base_salary: Mapped[int | None] = mapped_column(Integer)
    base_salary_source: Mapped[str] = mapped_column(String(200), default="")
    total_amount: Mapped[int] = mapped_column(Integer, default=0)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("review_meeting.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # why the award is given: the year-end review (tong_ket), a theme or movement (chuyen_de), an
    # ad-hoc achievement (dot_xuat); ``theme`` names the movement or the occasion
    occasion: Mapped[str] = mapped_column(String(10), default="tong_ket", server_default="tong_ket")
    theme: Mapped[str] = mapped_column(Text, default="", server_default="")
    __table_args__ = (CheckConstraint("kind IN ('decision', 'proposal')", name="kind"),)


class ReviewDecisionRow(Base, SubjectMixin):
    """One awarded (or proposed) subject of a decision, with the name as printed and the bonus."""

    __tablename__ = "review_decision_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("review_decision.id"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    title_code: Mapped[str] = mapped_column(String(32))
    subject_name: Mapped[str] = mapped_column(String(255))
    subject_detail: Mapped[str] = mapped_column(String(255), default="")   # position, unit
    bonus_multiple: Mapped[str] = mapped_column(String(12), default="")    # decimal text "0.3"
    amount: Mapped[int] = mapped_column(Integer, default=0)                 # đồng
    # the province's answer on a proposal row, from the results file it sent (desktop/app/results.py)
    outcome: Mapped[str] = mapped_column(String(10), default="", server_default="")   # "" | accepted | returned
    outcome_decision_no: Mapped[str] = mapped_column(String(60), default="", server_default="")
    outcome_decision_date: Mapped[dt.date | None] = mapped_column(Date)
    outcome_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    __table_args__ = (_one_subject("one_subject"),)


class RowAchievement(Base):
    """The achievements a decision or proposal row rewards: one achievement, one form of award."""

    __tablename__ = "review_row_achievement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_id: Mapped[int] = mapped_column(ForeignKey("review_decision_row.id"), index=True)
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievement.id"), index=True)
    __table_args__ = (UniqueConstraint("row_id", "achievement_id", name="uq_review_row_achievement"),)


class AwardHistory(Base, RecordMixin, SubjectMixin):
    """A title or award a subject received in a year: decided here (commune), entered or imported for
    earlier years (earlier), or decided by the province on the commune's proposal (province)."""

    __tablename__ = "award_history"
    year: Mapped[int] = mapped_column(Integer, index=True)
    title_code: Mapped[str] = mapped_column(String(32))
    decision_no: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    level: Mapped[str] = mapped_column(String(16), default="xa")           # xa | tinh | trung_uong
    source: Mapped[str] = mapped_column(String(10), default="earlier")      # commune | earlier | province
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("review_decision.id"), index=True)
    achievement_id: Mapped[int | None] = mapped_column(ForeignKey("achievement.id"), index=True)
    # a provincial award: the commune's proposal row it answers (one award per row, whatever the
    # number of times the results file is applied)
    proposal_row_id: Mapped[int | None] = mapped_column(ForeignKey("review_decision_row.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        _one_subject("one_subject"),
        CheckConstraint("source IN ('commune', 'earlier', 'province')", name="source"),
        Index("ix_award_history_title_year", "title_code", "year"),
    )


class ReviewMeeting(Base, RecordMixin):
    """A meeting of the emulation-commendation council that reviews a year."""

    __tablename__ = "review_meeting"
    year: Mapped[int] = mapped_column(Integer, index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(255), default="")
    members_total: Mapped[int] = mapped_column(Integer)     # council members on the day (all, not only present)
    catalog_version: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # who chaired the meeting and who kept the minutes (both must be members who attended)
    chair_member_id: Mapped[int | None] = mapped_column(ForeignKey("council_member.id"))
    secretary_member_id: Mapped[int | None] = mapped_column(ForeignKey("council_member.id"))


class EmulationPlan(Base, RecordMixin):
    """The commune's plan launching the year's emulation movement (kế hoạch phát động), with the date
    by which collectives and individuals register."""

    __tablename__ = "emulation_plan"
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(500))
    launched_on: Mapped[dt.date] = mapped_column(Date)
    registration_deadline: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text, default="")   # JSON: aims, tasks, targets chosen, rewards
    note: Mapped[str] = mapped_column(Text, default="")


class MeetingAttendance(Base):
    """Each council member at a meeting: present, absent with a written vote, or absent."""

    __tablename__ = "review_attendance"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("review_meeting.id"), index=True)
    council_member_id: Mapped[int] = mapped_column(ForeignKey("council_member.id"), index=True)
    member_name: Mapped[str] = mapped_column(String(100))   # as on the day
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    written_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("meeting_id", "council_member_id", name="uq_review_attendance_member"),)


class Ballot(Base, RecordMixin, SubjectMixin):
    """The secret-ballot tally for one candidate and title at a meeting."""

    __tablename__ = "review_ballot"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("review_meeting.id"), index=True)
    title_code: Mapped[str] = mapped_column(String(32))
    members_total: Mapped[int] = mapped_column(Integer)
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    invalid: Mapped[int] = mapped_column(Integer, default=0)
    threshold_percent: Mapped[str] = mapped_column(String(12), default="")
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(8), default="secret", server_default="secret")  # secret | hands
    __table_args__ = (
        _one_subject("one_subject"),
        CheckConstraint("method IN ('secret', 'hands')", name="method"),
        CheckConstraint("yes >= 0 AND no >= 0 AND invalid >= 0 AND yes + no + invalid <= members_total",
                        name="counts"),
    )


__all__ = ["AwardHistory", "ReviewMeeting", "MeetingAttendance", "Ballot", "ReviewDecision", "ReviewDecisionRow",
           "AWARD_SOURCES"]
