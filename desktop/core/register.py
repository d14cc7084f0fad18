"""The per-year document register: numbers of decisions (QĐ), proposals (TTr), minutes (BB), reports
(BC), lists (DS) and letters (CV) restart at 1 each year. ``peek`` shows the next number (preview),
``take`` reserves it (the document is issued)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.store.models_reports import DocRegister

TYPE_CODES = {"QĐ": "Quyết định", "TTr": "Tờ trình", "BB": "Biên bản", "BC": "Báo cáo", "DS": "Danh sách",
              "CV": "Công văn"}


def peek(db, year: int, code: str) -> int:
    with db.session() as s:
        row = s.get(DocRegister, (year, code))
        return row.next_number if row else 1


def take(db, year: int, code: str) -> int:
    """Reserve the next number of ``code`` in ``year`` (one transaction: two officers on the same file
    never get the same number)."""
    if code not in TYPE_CODES:
        raise ValueError(f"unknown document type code {code!r}")
    with db.session() as s, s.begin():
        row = s.scalar(select(DocRegister).where(DocRegister.year == year, DocRegister.type_code == code))
        if row is None:
            row = DocRegister(year=year, type_code=code, next_number=1)
            s.add(row)
        number = row.next_number
        row.next_number = number + 1
        return number
