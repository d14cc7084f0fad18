"""CCCD rules: 12 digits; digit 4 encodes century and sex, digits 5-6 the birth year."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.cccd import FEMALE, MALE, consistency_warnings, format_error, parse


def make(sex: str, year: int, province: str = "027", tail: str = "001234") -> str:
    century = (year // 100) - 19
    digit = century * 2 + (1 if sex == FEMALE else 0)
    return f"{province}{digit}{year % 100:02d}{tail}"


@pytest.mark.parametrize("good", ["027080000123", "001199012345", "024305999999"])
def test_well_formed_numbers_pass(good):
    assert format_error(good) is None


@pytest.mark.parametrize(
    "bad",
    ["", "02708000012", "0270800001234", "02708000012a", "0270 8000012", "０２７０８０００００１２", "-27080000123"],
)
def test_malformed_numbers_get_a_vietnamese_message(bad):
    msg = format_error(bad)
    assert msg is not None
    assert "12 chữ số" in msg
    assert "CCCD" in msg


def test_long_input_is_shortened_in_the_message():
    msg = format_error("9" * 500)
    assert msg is not None and len(msg) < 300
    assert "500" in msg  # says how many characters were typed


@pytest.mark.parametrize(
    ("digit", "century", "sex"),
    [("0", 1900, MALE), ("1", 1900, FEMALE), ("2", 2000, MALE), ("3", 2000, FEMALE), ("4", 2100, MALE),
     ("5", 2100, FEMALE)],
)
def test_parse_century_and_sex(digit, century, sex):
    info = parse(f"027{digit}85123456")
    assert info.province_code == "027"
    assert info.century_start == century
    assert info.sex == sex
    assert info.birth_year_candidates == century + 85


@pytest.mark.parametrize(
    ("sex", "birth"),
    [(MALE, dt.date(1980, 12, 5)), (FEMALE, dt.date(1999, 1, 1)), (MALE, dt.date(2000, 6, 1)),
     (FEMALE, dt.date(2012, 2, 29)), (FEMALE, dt.date(1900, 1, 1))],
)
def test_consistent_number_gives_no_warning(sex, birth):
    assert consistency_warnings(make(sex, birth.year), sex, birth) == []


def test_sex_contradiction_is_a_warning_naming_both():
    number = make(FEMALE, 1980)
    warnings = consistency_warnings(number, MALE, dt.date(1980, 5, 5))
    assert len(warnings) == 1
    assert "giới tính" in warnings[0] and "nữ" in warnings[0] and "nam" in warnings[0]


def test_birth_year_contradiction_is_a_warning_with_both_years():
    number = make(MALE, 1981)
    warnings = consistency_warnings(number, MALE, dt.date(1980, 5, 5))
    assert len(warnings) == 1
    assert "1981" in warnings[0] and "1980" in warnings[0]


def test_century_contradiction_is_caught():
    # same last two digits, wrong century: digit 4 says 2000s, birth date says 1900s
    number = make(MALE, 2005)
    warnings = consistency_warnings(number, MALE, dt.date(1905, 5, 5))
    assert len(warnings) == 1 and "2005" in warnings[0] and "1905" in warnings[0]


def test_both_contradictions_give_two_warnings():
    assert len(consistency_warnings(make(FEMALE, 1990), MALE, dt.date(1991, 1, 1))) == 2


def test_no_warning_without_data_to_compare_or_for_malformed_numbers():
    assert consistency_warnings(make(FEMALE, 1990), None, None) == []
    assert consistency_warnings("12345", MALE, dt.date(1990, 1, 1)) == []

