"""The per-year document register, the one place a document number is given: numbers of decisions (QĐ),
proposals (TTr), minutes (BB), reports (BC), lists (DS), letters (CV) and plans (KH) restart at 1 each year and a
number once taken is never handed out again, whichever feature issues the document.

``peek`` shows the next number (preview), ``take`` reserves it (the document is issued), each in its
own transaction. ``next_in`` and ``take_in`` do the same inside a caller's transaction (the review's
decision takes its number in the transaction that stores it: the number is used only if the decision
is saved), and ``take_in`` honours a number the officer chose, moving the register past it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.shared.errors import ValidationError
from desktop.store.models_reports import DocRegister
from desktop.store.models_review import ReviewDecision

TYPE_CODES = {"QĐ": "Quyết định", "TTr": "Tờ trình", "BB": "Biên bản", "BC": "Báo cáo", "DS": "Danh sách",
              "CV": "Công văn", "KH": "Kế hoạch"}
# the review's documents, stored with their number (review_decision): a year whose decisions were issued
# before the register held a row for it continues after the last of them
_REVIEW_KINDS = {"QĐ": "decision", "TTr": "proposal"}  # i18n: keep (document number codes)


MAX_NUMBER = 99999   # no register reaches it in a year; a number beyond is a typing slip (or hostile)


def check_number(number: int | None) -> None:
    """Refuse a number the officer chose that no register holds (below 1, or absurdly high)."""
    if number is not None and not 1 <= number <= MAX_NUMBER:
        raise ValidationError({"number": f"Số văn bản phải là số nguyên từ 1 đến {MAX_NUMBER}."})


def lock(s: Session) -> None:
    """Take the database's write lock in the caller's transaction before reading what decides a number
    or a change, so two programs issuing at once go one after the other (SQLite: a write that changes
    nothing; PostgreSQL: a lock held to the end of the transaction)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(7370012026)"))
    else:
        s.execute(text("UPDATE doc_register SET next_number = next_number WHERE 1 = 0"))


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
    check_number(number)
    lock(s)
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
