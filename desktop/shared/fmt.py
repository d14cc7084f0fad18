"""Numbers, money, percentages, Roman numerals and times written the Vietnamese way, for the window,
the printed documents and the headless output alike (parsing what officers type: desktop.shared.numbers).

Thousands are grouped with "." and decimals take ",": 1.234.567 and 12,5 %. Times are shown in Vietnam
time (UTC+7, no daylight saving); the database stores UTC.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

VN_TZ = dt.timezone(dt.timedelta(hours=7), "+07:00")

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def group(n: int | float | Decimal | None) -> str:
    """1234567 -> "1.234.567"; a fraction is rounded to the unit ("" for None)."""
    if n is None:
        return ""
    value = int(round(n)) if not isinstance(n, int) else n
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def money(amount: int | float | Decimal | str | None) -> str:
    """2340000 -> "2.340.000" (no currency word: the sentence or the column says "đồng")."""
    if amount is None or amount == "":
        return ""
    return group(round(float(amount)))


def percent(x: float, digits: int = 1) -> str:
    """12.5 -> "12,5 %", 80.0 -> "80 %" (the trailing zeros of the fraction are dropped)."""
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def roman(n: int) -> str:
    """4 -> "IV": the section numbers of the printed lists (1 to 3999)."""
    if not 0 < n < 4000:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


# --------------------------------------------------------------------------- the clock


def as_utc(t: dt.datetime) -> dt.datetime:
    """Aware UTC; a naive datetime is UTC (as the database stores times)."""
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t.astimezone(dt.UTC)


def to_vn(t: dt.datetime) -> dt.datetime:
    return as_utc(t).astimezone(VN_TZ)


def vn_text(t: dt.datetime | None) -> str:
    """"08/12/2026 15:30" in Vietnam time ("" for None)."""
    return to_vn(t).strftime("%d/%m/%Y %H:%M") if t is not None else ""


def vn_iso(t: dt.datetime | None) -> str | None:
    """"2026-12-08T15:30:00+07:00" (None for None): the headless output, with its offset."""
    return to_vn(t).replace(microsecond=0).isoformat() if t is not None else None


def vn_date(t: dt.datetime | None) -> dt.date | None:
    return to_vn(t).date() if t is not None else None


def vn_today(now: dt.datetime | None = None) -> dt.date:
    return to_vn(now or dt.datetime.now(dt.UTC)).date()


def day_text(d: dt.date | None) -> str:
    """"08/12/2026" ("" for None)."""
    return d.strftime("%d/%m/%Y") if d is not None else ""
