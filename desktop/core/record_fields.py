"""What a record kind is made of: its fields (label, type, validation hints, choices) and its table
columns, with the date format and the ranges of dates, years and counts every field accepts. Qt-free.

The kinds themselves are described in desktop.core.record_kinds; desktop.core.records re-exports all
of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.core import choices as C
from desktop.shared.i18n import tr
from desktop.shared.text import nfc, one_line

# The commune's own ranges; the province's verifier applies the same ones (desktop/bundle/records_codec.py,
# docs/bundle-format.md §3), with its clock allowance added to the upper bounds.
MIN_BIRTH_YEAR = 1900
BULK_RECORD_ID = 0  # audit entries about many rows at once carry {"count", "first_id", "last_id"}
MIN_YEAR = 1945                          # year fields: MIN_YEAR .. this year + 1
MIN_DATE = dt.date(MIN_BIRTH_YEAR, 1, 1)  # no date in any field before this day
DATE_YEARS_AHEAD = 5                     # dates other than birth dates: up to 31 December of this year + 5
MAX_COUNT = 1_000_000                    # int fields (counts, order): 0 .. MAX_COUNT
_ASCII_INT = re.compile(r"-?[0-9]{1,12}\Z", re.ASCII)   # whole-number input, ASCII digits only
_ASCII_DIGITS = re.compile(r"[0-9]+\Z", re.ASCII)


# --------------------------------------------------------------------------- field and kind specs


@dataclass(frozen=True)
class Field:
    name: str
    label: str                      # Vietnamese (data: Excel, documents, command line); the window shows tr(label)
    kind: str = "text"  # text | multiline | date | year | int | number | choice | ref | subject | cccd
    required: bool = False
    choices: Callable[[], tuple[tuple[str, str], ...]] | None = None
    ref: str | None = None          # kind key of the referenced record
    ref_filter: str | None = None   # e.g. "village" for households' village
    subject_types: tuple[str, ...] = ("person", "collective", "household")
    help: str = ""
    max_len: int | None = None      # filled from the model's column length
    default: Any = None             # a new record's value in the form (a choice's code)
    # (field, codes): the form shows this field only while that field holds one of the codes, and
    # a hidden field is saved empty
    shown_when: tuple[str, tuple[str, ...]] | None = None
    offer_ended: bool = False       # a collective picker also offers dissolved and merged collectives
    bundle: bool = True             # travels in the data file to the province (docs/bundle-format.md §3)

    def choice_list(self) -> tuple[tuple[str, str], ...]:
        return self.choices() if self.choices else ()


@dataclass(frozen=True)
class Column:
    label: str
    expr: Any                       # SQL expression selected (and sorted on unless sort is given)
    kind: str = "text"              # text | date | choice | int | number (Vietnamese text, right-aligned)
    choices: tuple[tuple[str, str], ...] | Callable[[], tuple[tuple[str, str], ...]] = ()
    sort: Any = None
    width: int = 0                  # hint in characters for the UI

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "date":
            return format_date(value)
        if self.kind == "choice":
            ch = self.choices() if callable(self.choices) else self.choices
            return C.label(ch, str(value))
        return str(value)


@dataclass
class Kind:
    key: str
    label: str          # navigation label (plural)
    singular: str       # "cá nhân"
    model: type
    fields: list[Field]
    columns: list[Column] = field(default_factory=list)
    joins: list[tuple[Any, Any]] = field(default_factory=list)   # (target, onclause) outer joins
    search_exprs: list[Any] = field(default_factory=list)        # folded key columns searched
    default_sort: int = 1
    title_field: str = ""                                        # shown in history and messages
    # columns the spreadsheet export adds after the table's (the window's table has no room for them)
    export_columns: list[Column] = field(default_factory=list)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def parse_date(text: str | dt.date | None) -> dt.date | None:
    """Parse 'dd/mm/yyyy' (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO yyyy-mm-dd). '' -> None."""
    if text is None or isinstance(text, dt.date):
        return text
    s = nfc(text)
    if not s:
        return None
    for sep in ("/", "-", "."):
        parts = s.split(sep)
        if len(parts) == 3 and all(_ASCII_DIGITS.match(p) for p in parts):
            a, b, c = (int(p) for p in parts)
            y, m, d = (a, b, c) if len(parts[0]) == 4 else (c, b, a)
            if len(str(y)) != 4:
                raise ValueError(tr("“{text}”: năm phải viết đủ 4 chữ số, ví dụ 05/12/1980.").format(text=one_line(s, 40)))
            try:
                return dt.date(y, m, d)
            except ValueError:
                raise ValueError(tr("“{text}” không có trên lịch (kiểm tra lại ngày và tháng).")
                                 .format(text=one_line(s, 40))) from None
    raise ValueError(tr("“{text}” không phải là ngày. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/1980.")
                     .format(text=one_line(s, 40)))


def years_range(today: dt.date | None = None) -> tuple[int, int]:
    """First and last year a year field accepts."""
    return MIN_YEAR, (today or dt.date.today()).year + 1


def dates_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day a date field other than a birth date accepts (a discipline may end, a
    registration may be planned, a few years ahead)."""
    return MIN_DATE, dt.date((today or dt.date.today()).year + DATE_YEARS_AHEAD, 12, 31)


def birth_dates_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day a birth date accepts: from 1 January MIN_BIRTH_YEAR to today."""
    return MIN_DATE, today or dt.date.today()


_years_range = years_range  # the former private name
