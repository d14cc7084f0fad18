"""The per-year document register, the one place a document number is given: numbers of decisions (QĐ),
proposals (TTr), minutes (BB), reports (BC), lists (DS) and letters (CV) restart at 1 each year and a
number once taken is never handed out again, whichever feature issues the document.

``peek`` shows the next number (preview), ``take`` reserves it (the document is issued), each in its
own transaction. ``next_in`` and ``take_in`` do the same inside a caller's transaction (the review's
decision takes its number in the transaction that stores it: the number is used only if the decision
is saved), and ``take_in`` honours a number the officer chose, moving the register past it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.store.models_reports import DocRegister
from desktop.store.models_review import ReviewDecision

TYPE_CODES = {"QĐ": "Quyết định", "TTr": "Tờ trình", "BB": "Biên bản", "BC": "Báo cáo", "DS": "Danh sách",
              "CV": "Công văn"}
# the review's documents, stored with their number (review_decision): a year whose decisions were issued
# before the register held a row for it continues after the last of them
_REVIEW_KINDS = {"QĐ": "decision", "TTr": "proposal"}  # i18n: keep (document number codes)


def _check(code: str) -> None:
    if code not in TYPE_CODES:
        raise ValueError(f"unknown document type code {code!r}")


def next_in(s: Session, year: int, code: str) -> int:
    """The next number of ``code`` in ``year``, read in the session ``s`` (nothing is reserved)."""
    row = s.get(DocRegister, (year, code))
    if row is not None:
        return row.next_number
    kind = _REVIEW_KINDS.get(code)
    if kind is None:
        return 1
    last = s.scalar(select(func.max(ReviewDecision.number)).where(
        ReviewDecision.kind == kind, ReviewDecision.signed_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        ReviewDecision.deleted_at.is_(None)))
    return int(last or 0) + 1


def take_in(s: Session, year: int, code: str, number: int | None = None) -> int:
    """Reserve a number of ``code`` in ``year`` in the caller's transaction: the next one, or ``number``
    when the officer chose it (the register then moves past it; a number below the register's next is
    the caller's to check against the documents already issued)."""
    _check(code)
    row = s.get(DocRegister, (year, code), with_for_update=True)  # PostgreSQL: one reservation at a time
    taken = number if number is not None else next_in(s, year, code)
    if row is None:
        row = DocRegister(year=year, type_code=code, next_number=1)
        s.add(row)
    row.next_number = max(row.next_number, taken + 1)
    return taken


def peek(db, year: int, code: str) -> int:
    with db.session() as s:
        return next_in(s, year, code)


def take(db, year: int, code: str) -> int:
    """Reserve the next number of ``code`` in ``year`` (one transaction: two officers on the same file
    never get the same number)."""
    _check(code)
    with db.session() as s, s.begin():
        return take_in(s, year, code)
