"""Tables of the cultural titles' own procedure (decree 86/2023/NĐ-CP): a round of review per village
or residential group for Gia đình văn hóa (its meeting with the Mặt trận working group, the list
posted, the review finished, the file complete, the chairman's decision), or per commune for Thôn, tổ
dân phố văn hóa, and the mark of each household or village in it.

Imported at the bottom of desktop/store/models.py so that Base.metadata holds them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import Base, RecordMixin, utcnow

CULTURE_TITLES = ("GDVH", "THON_VH")
ROUND_STATUSES = ("open", "finished", "decided")   # marking | review finished, file sent | decision issued
MARK_RESULTS = ("dat", "khong_dat", "chua_xet")


class CultureRound(Base, RecordMixin):
    """One review of a cultural title in a year: Gia đình văn hóa in one village or residential group
    (``village_id``), or Thôn, tổ dân phố văn hóa over the commune's villages (``village_id`` NULL)."""

    __tablename__ = "culture_round"
    year: Mapped[int] = mapped_column(Integer)
    title_code: Mapped[str] = mapped_column(String(10))                      # GDVH | THON_VH
    village_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id"), index=True)
    village_name: Mapped[str] = mapped_column(String(255), default="")      # as on the day the round opened
    meeting_on: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(255), default="")
    chair_name: Mapped[str] = mapped_column(String(100), default="")        # trưởng thôn / chủ tịch hội đồng
    secretary_name: Mapped[str] = mapped_column(String(100), default="")
    front_members: Mapped[str] = mapped_column(Text, default="")            # Ban Công tác Mặt trận, đoàn thể
    attendance: Mapped[int | None] = mapped_column(Integer)                 # people at the meeting
    posted_from: Mapped[dt.date | None] = mapped_column(Date)               # the list posted (niêm yết) from
    posted_until: Mapped[dt.date | None] = mapped_column(Date)              # its last day (from the data's days)
    complaints: Mapped[str] = mapped_column(Text, default="")               # what was raised while posted
    finished_on: Mapped[dt.date | None] = mapped_column(Date)               # the review finished
    file_complete_on: Mapped[dt.date | None] = mapped_column(Date)          # the commune received the full file
    status: Mapped[str] = mapped_column(String(10), default="open")
    decision_no: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    decision_doc_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    minutes_doc_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        CheckConstraint("title_code IN ('GDVH', 'THON_VH')", name="title_code"),
        CheckConstraint("status IN ('open', 'finished', 'decided')", name="status"),
        CheckConstraint("(title_code = 'GDVH') = (village_id IS NOT NULL)", name="village"),
        Index("ix_culture_round_year_title", "year", "title_code"),
    )


class CultureMark(Base):
    """A household's (Gia đình văn hóa) or a village's (Thôn, tổ dân phố văn hóa) result in a round:
    one row per subject and round."""

    __tablename__ = "culture_mark"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("culture_round.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"))
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id"))
    result: Mapped[str] = mapped_column(String(10), default="chua_xet")
    votes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __table_args__ = (
        UniqueConstraint("round_id", "household_id", name="uq_culture_mark_household"),
        UniqueConstraint("round_id", "collective_id", name="uq_culture_mark_collective"),
        CheckConstraint("result IN ('dat', 'khong_dat', 'chua_xet')", name="result"),
        CheckConstraint("(CASE WHEN household_id IS NULL THEN 0 ELSE 1 END)"
                        " + (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_subject"),
    )


__all__ = ["CultureRound", "CultureMark", "CULTURE_TITLES", "ROUND_STATUSES", "MARK_RESULTS"]
