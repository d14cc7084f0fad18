"""Indicator values written the Vietnamese way (desktop/shared/numbers.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.shared import numbers as N


@pytest.mark.parametrize("text, value", [
    ("12,5", "12.5"), ("1.234", "1234"), ("1.234,5", "1234.5"), ("0", "0"), ("-2,5", "-2.5"),
    ("  96,4 ", "96.4"), ("12,50", "12.5"), ("1234", "1234"), ("375.700", "375700"), ("−3", "-3"),
])
def test_vietnamese_numbers(text, value):
    v = N.parse_value(text)
    assert v.low == Decimal(value) and not v.is_range


@pytest.mark.parametrize("text, canon", [
    ("12,5", "12,5"), ("1234", "1.234"), ("1.234,50", "1.234,5"), ("12,0", "12"), ("007", "7"),
    ("35 - 40", "35 - 40"), ("35–40", "35 - 40"), ("3,0 — 3,5", "3 - 3,5"), ("35-40", "35 - 40"),
    ("40 - 40", "40"), ("", ""), ("   ", ""),
])
def test_canonical_form(text, canon):
    assert N.canonical(text, allow_range=True) == canon


def test_range_only_where_allowed():
    assert N.parse_value("35 - 40", allow_range=True) == N.Value(Decimal(35), Decimal(40))
    with pytest.raises(N.NumberError) as e:
        N.parse_value("35 - 40", allow_range=False)
    assert e.value.code == "range_not_allowed"
    assert "một số" in e.value.message()
    with pytest.raises(N.NumberError) as e:
        N.parse_value("40 - 35", allow_range=True)
    assert e.value.code == "reversed" and "số nhỏ trước" in e.value.message()


@pytest.mark.parametrize("text, code", [
    ("abc", "not_number"), ("12.5", "decimal_point"), ("12.5.3", "decimal_point"), ("1,234.5", "decimal_point"),
    ("45%", "unit"), ("12 hộ", "unit"), ("1,2,3", "not_number"), ("+5", "not_number"), ("١٢", "not_number"),
    ("1" * 16, "too_long"), ("1,1234567", "too_long"), ("12,", "not_number"), (",5", "not_number"),
])
def test_refused_with_what_is_allowed(text, code):
    with pytest.raises(N.NumberError) as e:
        N.parse_value(text, allow_range=False)
    assert e.value.code == code
    msg = e.value.message()
    assert "12,5" in msg or "35 - 40" in msg  # says what is allowed, with an example
    assert N.problem(text) == msg


def test_message_names_range_when_allowed():
    assert "35 - 40" in N.problem("abc", allow_range=True)
    assert "khoảng" not in N.problem("abc", allow_range=False)


def test_spreadsheet_numbers_are_numbers_not_text():
    assert N.canonical(12.5) == "12,5"          # an Excel number cell, not the text "12.5"
    assert N.canonical(1234) == "1.234"
    assert N.canonical(0.1 + 0.2) == "0,3"
    assert N.canonical(Decimal("45000.000")) == "45.000"
    with pytest.raises(N.NumberError):
        N.canonical(1e20)
    with pytest.raises(N.NumberError):
        N.canonical(float("nan"))


decimals = st.decimals(min_value=Decimal("-999999999999999"), max_value=Decimal("999999999999999"),
                       places=6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(decimals)
def test_round_trip_number(d):
    text = N.format_number(d)
    v = N.parse_value(text)
    assert v.low == d
    assert N.canonical(text) == text   # canonical text is a fixed point


@settings(max_examples=60, deadline=None)
@given(decimals, decimals)
def test_round_trip_range(a, b):
    lo, hi = min(a, b), max(a, b)
    text = N.format_value(N.Value(lo, hi if hi != lo else None))
    v = N.parse_value(text, allow_range=True)
    assert (v.low, v.high if v.high is not None else v.low) == (lo, hi)
    assert N.canonical(text, allow_range=True) == text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.,-–— %a\u00a0\u2212đ"), max_size=20))
def test_any_text_is_parsed_or_refused_with_a_message(s):
    try:
        out = N.canonical(s, allow_range=True)
    except N.NumberError as exc:
        assert exc.message()
    else:
        assert N.canonical(out, allow_range=True) == out
