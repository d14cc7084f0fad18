"""Numbers written the Vietnamese way, Qt-free: the indicator values "Kế hoạch" and "Thực hiện".

Grammar (ASCII digits only):

    number := ["-"] integer ["," digits]
    integer := digits | d{1,3} ("." ddd)+        -- "." only groups thousands
    value  := number | number ("-" | "–" | "—") number   -- a range, only where the plan has one

So "12,5" is 12.5, "1.234" is 1234, "1.234,5" is 1234.5; "12.5" (an English decimal point) and
"12.5.3" are refused rather than guessed. The canonical form is the one the window shows and the
data file carries: thousands grouped with ".", decimal comma, no trailing zeros, a range as
"35 - 40" (low before high). It is what the officer reads, and it reads back unambiguously in the
files and databases written before values were checked, where officers already typed "12,5".

Errors are ``NumberError`` with a code and a Vietnamese message (``message(translate=True)`` for the
window's language; the province's verifier uses the Vietnamese text as written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.shared.text import nfc, one_line

MAX_INT_DIGITS = 15
MAX_FRACTION_DIGITS = 6

_NUM = r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"
_NUMBER = re.compile(rf"({_NUM})\Z", re.ASCII)
_RANGE = re.compile(rf"({_NUM}) ?[-–—] ?({_NUM})\Z", re.ASCII)
# a number followed by a unit or a percent sign ("45%", "12 hộ"): the unit has its own column
_WITH_UNIT = re.compile(rf"(?:{_NUM})(?: ?[-–—] ?{_NUM})? ?[^\s0-9.,-]\S*(?: \S+)*\Z", re.ASCII)
# "12.5", "3.14", "12.5.3", "1,234.5": dots that are not groups of three digits
_DOTS = re.compile(r"-?[0-9.,]*\.[0-9.,]*\Z", re.ASCII)

MESSAGES = {
    "not_number": QT_TR_NOOP("“{value}” không phải là số."),
    "decimal_point": QT_TR_NOOP("“{value}” không phải số viết theo kiểu Việt Nam: dấu phẩy (,) ghi phần thập "
                                "phân, ví dụ 12,5; dấu chấm (.) chỉ để tách hàng nghìn, ví dụ 1.234."),
    "unit": QT_TR_NOOP("“{value}”: chỉ ghi số ở đây; đơn vị tính (%, hộ, tỷ đồng…) ghi ở ô “Đơn vị tính”."),
    "range_not_allowed": QT_TR_NOOP("“{value}” là một khoảng, nhưng ở đây chỉ ghi một số (khoảng chỉ dùng cho "
                                    "kế hoạch của mục tiêu mà kế hoạch tỉnh ghi là khoảng)."),
    "reversed": QT_TR_NOOP("Khoảng “{value}” phải ghi số nhỏ trước, số lớn sau, ví dụ 35 - 40."),
    "too_long": QT_TR_NOOP("“{value}” có quá nhiều chữ số (tối đa 15 chữ số phần nguyên và 6 chữ số "
                           "thập phân)."),
}
ALLOWED = {
    False: QT_TR_NOOP("Hãy nhập một số, ví dụ 12,5 hoặc 1.234."),
    True: QT_TR_NOOP("Hãy nhập một số, ví dụ 12,5 hoặc 1.234, hoặc một khoảng, ví dụ 35 - 40."),
}


class NumberError(ValueError):
    def __init__(self, code: str, value: str, allow_range: bool):
        self.code = code
        self.value = value
        self.allow_range = allow_range
        super().__init__(self.message(translate=False))

    def message(self, translate: bool = True) -> str:
        t = tr if translate else (lambda s: s)
        text = t(MESSAGES[self.code]).format(value=one_line(self.value, 30))
        if self.code in ("not_number", "decimal_point", "unit", "range_not_allowed", "too_long"):
            text += " " + t(ALLOWED[self.allow_range])
        return text


@dataclass(frozen=True)
class Value:
    """One number, or a range low..high (low < high)."""

    low: Decimal
    high: Decimal | None = None

    @property
    def is_range(self) -> bool:
        return self.high is not None

    def __str__(self) -> str:
        return format_value(self)


def _clean(text: str) -> str:
    s = nfc(str(text)).replace("\u00a0", " ").replace("\u2212", "-")  # no-break space, minus sign
    return re.sub(r"\s+", " ", s).strip()


def _decimal(token: str, original: str, allow_range: bool) -> Decimal:
    sign = token.startswith("-")
    body = token[1:] if sign else token
    integer, _, fraction = body.partition(",")
    integer = integer.replace(".", "")
    if len(integer.lstrip("0")) > MAX_INT_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
        raise NumberError("too_long", original, allow_range)
    try:
        d = Decimal(f"{'-' if sign else ''}{integer}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the grammar admits only digits
        raise NumberError("not_number", original, allow_range) from None
    return d


def parse_value(text: Any, allow_range: bool = False) -> Value | None:
    """A typed value -> Value; "" (or None) -> None. Raises NumberError saying what is allowed."""
    if text is None:
        return None
    s = _clean(text)
    if not s:
        return None
    if _NUMBER.match(s):
        return Value(_decimal(s, s, allow_range))
    m = _RANGE.match(s)
    if m:
        if not allow_range:
            raise NumberError("range_not_allowed", s, allow_range)
        low, high = _decimal(m.group(1), s, allow_range), _decimal(m.group(2), s, allow_range)
        if low > high:
            raise NumberError("reversed", s, allow_range)
        return Value(low) if low == high else Value(low, high)
    if _DOTS.match(s):
        raise NumberError("decimal_point", s, allow_range)
    if _WITH_UNIT.match(s):
        raise NumberError("unit", s, allow_range)
    raise NumberError("not_number", s, allow_range)


def from_number(n: int | float | Decimal) -> Value:
    """A number as a spreadsheet holds it (not text): 12.5 is 12,5 whatever its formatting."""
    if isinstance(n, bool):
        raise TypeError("bool")
    d = Decimal(str(n)) if isinstance(n, float) else Decimal(n)
    if not d.is_finite():
        raise NumberError("not_number", str(n), False)
    try:
        exponent = d.as_tuple().exponent  # an int: d is finite
        if isinstance(exponent, int) and exponent < -MAX_FRACTION_DIGITS:  # 0.1 + 0.2 -> 0,3
            d = d.quantize(Decimal(1).scaleb(-MAX_FRACTION_DIGITS))
    except InvalidOperation:
        raise NumberError("too_long", str(n), False) from None
    text = format_number(d)
    return Value(_decimal(text, text, False))


def format_number(d: Decimal) -> str:
    """Vietnamese writing of a number: 1234.5 -> "1.234,5"; no trailing zeros, no exponent."""
    d = Decimal(d)
    if d == 0:
        return "0"
    text = format(d.normalize(), "f")
    sign = text.startswith("-")
    integer, _, fraction = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    out = ".".join(groups) + ("," + fraction if fraction else "")
    return ("-" if sign else "") + out


def format_value(v: Value | None) -> str:
    if v is None:
        return ""
    if v.high is None:
        return format_number(v.low)
    return f"{format_number(v.low)} - {format_number(v.high)}"


# Only the plan's figure ("Kế hoạch") may be a range, under a target the plan states as one; what was
# done ("Thực hiện") is one figure.
RANGE_FIELDS = frozenset({"target_value"})


def canonical(text: Any, allow_range: bool = False) -> str:
    """The stored form of a typed value ("" when empty). Raises NumberError."""
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return format_value(from_number(text))
    return format_value(parse_value(text, allow_range))


def problem(text: Any, allow_range: bool = False, translate: bool = True) -> str | None:
    """The message for a value that is not allowed, or None (an empty value is allowed here)."""
    try:
        canonical(text, allow_range)
    except NumberError as exc:
        return exc.message(translate)
    return None


__all__ = ["Value", "NumberError", "parse_value", "from_number", "format_number", "format_value",
           "canonical", "problem", "MAX_INT_DIGITS", "MAX_FRACTION_DIGITS"]
