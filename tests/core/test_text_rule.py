"""The one text rule (desktop.shared.text.text_problem) every field obeys, at the commune and at the
province, and the one-line display helper (one_line)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.shared import text as T
from desktop.shared.text import one_line, text_defect, text_problem

# the forbidden code points as docs/bundle-format.md §3 lists them, written out independently
SPEC_FORBIDDEN = (
    set(range(0x00, 0x20)) | set(range(0x7F, 0xA0)) | {0x2028, 0x2029}
    | {0x061C, 0x200E, 0x200F} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
    | {0x00AD, 0x180E} | set(range(0x200B, 0x200E)) | set(range(0x2060, 0x2066)) | set(range(0x206A, 0x2070))
    | {0xFEFF} | set(range(0xFFF9, 0xFFFC)) | set(range(0xE0000, 0xE0080)) | set(range(0xD800, 0xE000))
)


@pytest.mark.parametrize("value", ["", "Nguyễn Thị Hoa", "Xã Tiên Du", "Số 12/QĐ-UBND ngày 05/12/2025",
                                   "Ghi chú: “đạt” — 100%", "Đặng Văn Ánh (ông)", "á" * 4000,
                                   "Bảo\u00a0Ngọc", "😀 ✓ №"])
def test_ordinary_vietnamese_text_is_fine(value):
    assert text_problem(value) is None
    assert text_problem(value, multiline=True) is None


@pytest.mark.parametrize("value, fragment", [
    ("Nguyễn\x00Hoa", "ký tự điều khiển U+0000 ở vị trí 7"),
    ("Hoa\x1b[31m", "ký tự điều khiển U+001B ở vị trí 4"),
    ("a\tb", "ký tự điều khiển U+0009"),
    ("a\rb", "ký tự điều khiển U+000D"),
    ("a\x7f", "ký tự điều khiển U+007F"),
    ("a\x85b", "ký tự điều khiển U+0085"),
    ("a\x9bb", "ký tự điều khiển U+009B"),
    ("a\u2028b", "ký tự điều khiển U+2028"),
    ("abc\u202eabc", "ký tự định hướng chữ (bidi) U+202E ở vị trí 4"),
    ("a\u2066b", "(bidi) U+2066"),
    ("a\u200fb", "(bidi) U+200F"),
    ("a\u061cb", "(bidi) U+061C"),
    ("Hoa\u200b", "ký tự vô hình (zero-width) U+200B ở vị trí 4"),
    ("\ufeffHoa", "(zero-width) U+FEFF ở vị trí 1"),
    ("Ho\u00ada", "(zero-width) U+00AD"),
    ("a\u2060b", "(zero-width) U+2060"),
    ("a\U000e0041", "(zero-width) U+E0041"),
    ("a\ud800", "U+D800"),
    (unicodedata.normalize("NFD", "Nguyễn"), "chưa ở dạng chuẩn Unicode NFC"),
    ("Hoa\nMai", "xuống dòng ở vị trí 4"),
])
def test_each_defect_is_named_with_its_code_point_and_position(value, fragment):
    problem = text_problem(value)
    assert problem is not None and fragment in problem


def test_newline_only_in_multiline_fields_and_nothing_else_is_relaxed():
    assert text_problem("dòng 1\ndòng 2", multiline=True) is None
    assert text_problem("dòng 1\r\ndòng 2", multiline=True) is not None  # CR is a control character
    assert text_problem("a\tb", multiline=True) is not None              # tab: refused in every field
    assert text_problem("a\x1bb", multiline=True) is not None


def test_the_first_defect_is_reported():
    d = text_defect("ab\u200bc\x00")
    assert (d.what, d.code, d.position) == ("invisible", "U+200B", 3)


def test_the_rule_is_exactly_the_ranges_of_the_spec():
    """Every code point of the BMP and the tag plane: forbidden (one-line) iff the spec lists it."""
    for cp in [*range(0x0000, 0x10000), *range(0xE0000, 0xE0100), 0x10FFFF]:
        ch = chr(cp)
        d = text_defect(ch)
        forbidden = d is not None and d.what != "not_nfc"
        assert forbidden == (cp in SPEC_FORBIDDEN), f"U+{cp:04X}"
        if cp == 0x0A:
            assert text_defect(ch, multiline=True) is None
        elif forbidden:
            assert text_defect(ch, multiline=True) is not None


def test_messages_follow_the_interface_language(monkeypatch):
    from desktop.shared import i18n

    monkeypatch.setattr(i18n, "_translate", lambda text, _d, _n: "EN " + text)
    assert text_problem("a\x1b", translate=True).startswith("EN có ký tự điều khiển")
    assert not text_problem("a\x1b").startswith("EN")  # data files and the verifier: always Vietnamese


# any character, with the forbidden ones and Vietnamese combining marks (NFD input) well represented
CHARS = st.one_of(st.characters(), st.sampled_from([chr(c) for c in sorted(SPEC_FORBIDDEN)]),
                  st.sampled_from(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u031b"]))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=CHARS, max_size=60))
def test_rule_agrees_with_its_definition(value):
    has_forbidden = any(ord(ch) in SPEC_FORBIDDEN for ch in value)
    expected_fine = not has_forbidden and unicodedata.is_normalized("NFC", value)
    assert (text_problem(value) is None) == expected_fine
    multiline_bad = any(ord(ch) in SPEC_FORBIDDEN - {0x0A} for ch in value)
    assert (text_problem(value, multiline=True) is None) == (not multiline_bad and
                                                             unicodedata.is_normalized("NFC", value))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=CHARS, max_size=300), st.integers(min_value=1, max_value=120))
def test_one_line_is_always_displayable(value, limit):
    shown = one_line(value, limit)
    assert text_problem(shown) is None, repr(shown)
    assert len(shown) <= limit
    assert shown == shown.strip() and "  " not in shown


def test_one_line_keeps_ordinary_text_and_marks_tampering():
    assert one_line("Nguyễn Thị Hoa") == "Nguyễn Thị Hoa"
    assert one_line(unicodedata.normalize("NFD", "Nguyễn")) == "Nguyễn"
    assert one_line("Cán bộ\nthứ hai\t(xã)\r\n") == "Cán bộ thứ hai (xã)"
    assert one_line("abc\u202eabc\x1b[2J") == "abc\ufffdabc\ufffd[2J"  # bidi and ESC shown, not obeyed
    assert one_line("Hoa\u200b") == "Hoa\ufffd"
    assert one_line(None) == ""
    assert one_line("x" * 100, 10) == "x" * 9 + "…"
    assert one_line("x" * 10_000_000, 20) == "x" * 19 + "…"
    assert one_line("ab" + " " * 100_000 + "c", 5) == "ab c"


def test_names_are_exported():
    assert {"text_problem", "one_line"} <= set(T.__all__)


# --------------------------------------------------------------------------- the commune's forms


@pytest.fixture
def rec(workspace):
    from desktop.core.records import Records

    return Records(workspace.session, "Nguyễn Thị Hoa")


def _person(**over) -> dict:
    return {"full_name": "Nguyễn Văn Ánh", "sex": "nam", "birth_date": "05/12/1980", "cccd": "027080000123",
            "category": "nhan_dan", **over}


def _refused(rec, kind: str, raw: dict, field: str) -> str:
    from desktop.shared.errors import ValidationError
    from desktop.store.models import Person
    with rec._sf() as s:
        before = s.query(Person).count()
    with pytest.raises(ValidationError) as ei:
        rec.create(kind, raw, accept_warnings=True)
    with rec._sf() as s:
        assert s.query(Person).count() == before
    assert field in ei.value.errors, ei.value.errors
    return ei.value.errors[field]


@pytest.mark.parametrize("field, value, fragment", [
    ("full_name", "Nguyễn\x00Ánh", "U+0000"),
    ("full_name", "Nguyễn\x1b[2JÁnh", "U+001B"),
    ("full_name", "Nguyễn \u202eÁnh", "(bidi) U+202E"),
    ("position", "Trưởng\u200bthôn", "(zero-width) U+200B"),
    ("phone", "0912\u2066345678", "U+2066"),
    ("note", "dòng 1\ndòng\x07 2", "U+0007"),
    ("sex", "nam\x1b", "U+001B"),
])
def test_the_form_refuses_forbidden_characters_naming_the_field(rec, field, value, fragment):
    msg = _refused(rec, "person", _person(**{field: value}), field)
    assert fragment in msg
    assert "\x1b" not in msg and "\x00" not in msg  # the message never echoes the character itself


def test_the_form_normalises_before_checking(rec):
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Ánh")
    rid = rec.create("person", _person(full_name=nfd + "\n", position="Cán bộ\tthôn",
                                       note="dòng 1\r\ndòng 2\u2028dòng 3"), accept_warnings=True)
    got = rec.get("person", rid)
    assert got["full_name"] == "Nguyễn Văn Ánh" and unicodedata.is_normalized("NFC", got["full_name"])
    assert got["position"] == "Cán bộ thôn"
    assert got["note"] == "dòng 1\ndòng 2\ndòng 3"  # line breaks of a multi-line field are kept


@pytest.mark.parametrize("value", ["٢٠٢٦", "2026\n1", "2_026", "+2026", "２０２６", "²"])
def test_years_and_counts_take_ascii_digits_only(rec, value):
    from desktop.shared.errors import ValidationError

    with pytest.raises(ValidationError) as ei:
        rec.create("household", {"head_name": "Hộ A", "village_id": None, "members": value})
    assert "members" in ei.value.errors and "số nguyên" in ei.value.errors["members"]


def test_dates_take_ascii_digits_and_lie_in_the_commune_range(rec):
    from desktop.core.records import dates_range, parse_date

    with pytest.raises(ValueError):
        parse_date("٠٥/١٢/١٩٨٠")
    msg = _refused(rec, "person", _person(birth_date="01/01/1899"), "birth_date")
    assert "1900" in msg
    first, last = dates_range(dt.date(2026, 12, 1))
    assert (first, last) == (dt.date(1900, 1, 1), dt.date(2031, 12, 31))
    _, last = dates_range()
    _, errors, _ = rec.clean("discipline", {"status": "dang_xem_xet", "start_date": "01/01/1899",
                                            "end_date": f"01/01/{last.year + 1}"})
    assert "nằm ngoài khoảng" in errors["start_date"] and "nằm ngoài khoảng" in errors["end_date"]
    _, errors, _ = rec.clean("discipline", {"status": "dang_xem_xet", "start_date": "01/01/2020",
                                            "end_date": f"31/12/{last.year}"})
    assert "start_date" not in errors and "end_date" not in errors


def test_parse_date_never_echoes_a_control_character():
    from desktop.core.records import parse_date

    with pytest.raises(ValueError) as ei:
        parse_date("05/12\x1b[2J/1980")
    assert "\x1b" not in str(ei.value)


def test_cccd_takes_ascii_digits_and_its_message_never_echoes_a_control():
    from desktop.core.cccd import format_error

    assert format_error("027080000123") is None
    assert format_error("٠٢٧٠٨٠٠٠٠١٢٣") is not None
    msg = format_error("02708000\x1b[2J")
    assert msg is not None and "\x1b" not in msg


def test_scrub_makes_stored_text_harmless_and_leaves_good_text_alone():
    from desktop.shared.text import scrub

    assert scrub("Nguyễn Thị Hoa\ndòng 2") == "Nguyễn Thị Hoa\ndòng 2"
    assert scrub("a\x00b\x1b[2J\u202ec\u200b") == "a\ufffdb\ufffd[2J\ufffdc\ufffd"
    assert scrub("a\nb", multiline=False) == "a\ufffdb"
    assert scrub(unicodedata.normalize("NFD", "Ánh")) == "Ánh"
    assert scrub(None) == ""


def test_documents_and_spreadsheets_survive_text_stored_before_the_rule(tmp_path):
    """A PDF paragraph and an .xlsx cell of a value with NUL, ESC and bidi overrides: written (openpyxl
    refused such a file before), the characters shown as U+FFFD."""
    from openpyxl import load_workbook

    from desktop.reports import xlsx
    from desktop.reports.layout import esc

    bad = "Nguyễn\x00Văn\x1b[2J\u202eÁnh\u200b"
    assert esc(bad) == "Nguyễn\ufffdVăn\ufffd[2J\ufffdÁnh\ufffd"
    assert esc("a & b\nc") == "a &amp; b<br/>c"
    out = tmp_path / "x.xlsx"
    xlsx.write_table(out, ["Họ và tên"], [[bad], ["dòng 1\ndòng 2"]])
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "Nguyễn\ufffdVăn\ufffd[2J\ufffdÁnh\ufffd" in cells and "dòng 1\ndòng 2" in cells


def test_the_spec_lists_exactly_the_forbidden_ranges():
    """docs/bundle-format.md §3 is what another verifier is written from: its list of code points and
    this implementation forbid the same ones."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md").read_text(encoding="utf-8")
    section = doc.split("**The text rule.**", 1)[1].split("The commune's forms", 1)[0]
    listed: set[int] = set()
    for lo, hi in re.findall(r"U\+([0-9A-F]{4,5})(?:–U\+([0-9A-F]{4,5}))?", section):
        listed |= set(range(int(lo, 16), int(hi or lo, 16) + 1))
    assert listed - {0x000A} == SPEC_FORBIDDEN - {0x000A}
    assert 0x000A in listed and "multi-line" in section


def test_the_officer_name_that_travels_to_the_province_obeys_the_rule():
    from desktop.app.workspace import validate_officer
    from desktop.shared.errors import ValidationError

    assert validate_officer(unicodedata.normalize("NFD", " Nguyễn  Thị Hoa ")) == "Nguyễn Thị Hoa"
    for bad in ("Nguyễn\x1b[2JHoa", "Hoa\u202e", "Hoa\u200b"):
        with pytest.raises(ValidationError) as info:
            validate_officer(bad)
        assert "U+" in info.value.errors["officer"]
