"""Tables of the reports feature: the per-year document register (số văn bản)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import Base, utcnow


class DocRegister(Base):
    """Next number per year and document type (QĐ, TTr, BB, BC, DS, CV): numbers restart each year."""

    __tablename__ = "doc_register"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    type_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    next_number: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


__all__ = ["DocRegister"]
