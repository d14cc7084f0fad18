"""Text that breaks what reads it, and patterns looser than the spec (issue 11, parts 4 and 5).

Every case is file 3 of commune A (the next valid file) with one defect, signed again with A's key and
encrypted to the province (tests/bundle/kit.py, Inner): it is refused with its code and a Vietnamese
reason naming the field (and the record), the reason never carries the offending character itself,
and the province database is byte-identical afterwards. The commune refuses the same at export.
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from collections.abc import Callable

import pytest

from desktop.app import commune
from desktop.bundle import container, records_codec
from desktop.bundle.errors import BundleRefused
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from tests.bundle.conftest import assert_vietnamese_reason
from tests.bundle.kit import CODE_A, Inner, World, db_digest

BAD_CHARS = ("\x00", "\x1b", "\u202e", "\u200b", "\x9b", "\u2066", "\ufeff")


def _forge_record(kind: str, edit: Callable[[dict], None], index: int = 0) -> Callable[[World], bytes]:
    def make(w: World) -> bytes:
        i = Inner.open(w, w.good[3])
        recs = i.records(kind)
        edit(recs[index])
        i.set_records(kind, recs)
        return i.seal(w)
    return make


def _forge_manifest(edit: Callable[[dict], None]) -> Callable[[World], bytes]:
    def make(w: World) -> bytes:
        i = Inner.open(w, w.good[3])
        edit(i.manifest)
        return i.seal(w)
    return make


def _set(**values) -> Callable[[dict], None]:
    return lambda d: d.update(values)


def _rating_year(rec: dict) -> None:
    rec["year"] = 999999


NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
IN_3_DAYS = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")

# name: (forge, code, fragments of the reason)
CASES: dict[str, tuple[Callable[[World], bytes], str, tuple[str, ...]]] = {
    # ---- part 4: the text rule, on every string field, refused naming the field and the record
    "nul_in_name": (_forge_record("person", _set(full_name="Nguyễn\x00Ánh")), "bad_field",
                    ("“Họ và tên” có ký tự điều khiển U+0000 ở vị trí 7", f"({CODE_A}:person:")),
    "esc_in_note": (_forge_record("person", _set(note="dòng 1\n\x1b[2Jdòng 2")), "bad_field",
                    ("“Ghi chú” có ký tự điều khiển U+001B ở vị trí 8",)),
    "rlo_in_name": (_forge_record("person", _set(full_name="Ánh \u202eHoa")), "bad_field",
                    ("“Họ và tên” có ký tự định hướng chữ (bidi) U+202E",)),
    "zwsp_in_position": (_forge_record("person", _set(position="Trưởng\u200bthôn")), "bad_field",
                         ("“Chức vụ, nghề nghiệp” có ký tự vô hình (zero-width) U+200B",)),
    "nfd_name": (_forge_record("person", _set(full_name=NFD_NAME)), "bad_field",
                 ("“Họ và tên” chưa ở dạng chuẩn Unicode NFC",)),
    "newline_in_one_line_field": (_forge_record("person", _set(phone="0912\n345678")), "bad_field",
                                  ("“Điện thoại” có dấu xuống dòng ở vị trí 5",)),
    "tab_in_multiline_field": (_forge_record("person", _set(note="a\tb")), "bad_field",
                               ("“Ghi chú” có ký tự điều khiển U+0009",)),
    "esc_in_choice": (_forge_record("person", _set(sex="n\x1b")), "bad_field",
                      ("“Giới tính” có ký tự điều khiển U+001B",)),
    "c1_in_household_address": (_forge_record("household", _set(address="Thôn\x9bĐông")), "bad_field",
                                ("“Địa chỉ” có ký tự điều khiển U+009B", f"({CODE_A}:household:")),
    "esc_in_unknown_member_name": (_forge_record("person", _set(**{"x\x1b[2J": 1})), "bad_field",
                                   ("có trường lạ",)),
    "esc_in_commune_name": (_forge_manifest(_set(commune_name="Xã Tiên\x1b Du")), "bad_manifest",
                            ("Mục “commune_name” trong bản kê có ký tự điều khiển U+001B",)),
    "bidi_in_app_version": (_forge_manifest(_set(app_version="0.1\u202e")), "bad_manifest",
                            ("Mục “app_version” trong bản kê có ký tự định hướng chữ (bidi) U+202E",)),
    "nfd_commune_name": (_forge_manifest(_set(commune_name=unicodedata.normalize("NFD", "Xã Tiên Du"))),
                         "bad_manifest", ("“commune_name”", "NFC")),
    # ---- part 5: patterns ASCII and whole-string, times parsed, years and dates in range
    "period_arabic_digits": (_forge_manifest(_set(period="20٢٦")), "bad_manifest", ("“period”",)),
    "period_trailing_newline": (_forge_manifest(_set(period="2026\n")), "bad_manifest", ("“period”",)),
    "period_far_future": (_forge_manifest(_set(period="2099")), "bad_manifest", ("“period”", "tương lai")),
    "created_at_impossible": (_forge_manifest(_set(created_at="9999-99-99T99:99:99Z")), "bad_manifest",
                              ("“created_at”", "không phải thời điểm hợp lệ")),
    "created_at_30_february": (_forge_manifest(_set(created_at="2026-02-30T08:00:00Z")), "bad_manifest",
                               ("“created_at”",)),
    "created_at_trailing_newline": (_forge_manifest(_set(created_at="2026-02-01T08:00:00Z\n")), "bad_manifest",
                                    ("“created_at”",)),
    "created_at_before_2024": (_forge_manifest(_set(created_at="2023-12-31T23:59:59Z")), "bad_manifest",
                               ("“created_at”", "trước ngày 01/01/2024")),
    "created_at_in_3_days": (_forge_manifest(_set(created_at=IN_3_DAYS)), "bad_manifest",
                             ("“created_at”", "tương lai")),
    "commune_code_arabic_digits": (_forge_manifest(_set(commune_code="٠٩٣١٩")), "bad_manifest",
                                   ("“commune_code”",)),
    "uid_trailing_newline": (_forge_record("person", lambda r: r.update(uid=r["uid"] + "\n")), "bad_field",
                             ("mã bản ghi không hợp lệ",)),
    "uid_leading_zero": (_forge_record("person", lambda r: r.update(uid=r["uid"].replace(":person:", ":person:0"))),
                         "bad_field", ("mã bản ghi không hợp lệ",)),
    "uid_arabic_digits": (_forge_record("person", lambda r: r.update(uid=f"{CODE_A}:person:١")), "bad_field",
                          ("mã bản ghi không hợp lệ",)),
    "reference_trailing_newline": (_forge_record("household", lambda r: r.update(village_id=r["village_id"] + "\n")),
                                   "bad_field", ("mã “Thôn, tổ dân phố” không hợp lệ",)),
    "rating_year_999999": (_forge_record("rating", _rating_year), "bad_field",
                           ("“Năm” là năm 999999, ngoài khoảng cho phép từ 1945 đến",)),
    "rating_year_1944": (_forge_record("rating", _set(year=1944)), "bad_field", ("“Năm” là năm 1944",)),
    "birth_date_0001": (_forge_record("person", _set(birth_date="0001-01-01")), "bad_field",
                        ("“Ngày sinh” là ngày 01/01/0001, ngoài khoảng cho phép từ 01/01/1900",)),
    "birth_date_tomorrow_week": (_forge_record("person", _set(birth_date=(dt.date.today() + dt.timedelta(days=7))
                                                              .isoformat())), "bad_field", ("“Ngày sinh” là ngày",)),
    "date_trailing_newline": (_forge_record("person", _set(birth_date="1980-12-05\n")), "bad_field",
                              ("“Ngày sinh” không phải ngày hợp lệ",)),
    "date_arabic_digits": (_forge_record("person", _set(birth_date="١٩٨٠-12-05")), "bad_field",
                           ("“Ngày sinh” không phải ngày hợp lệ",)),
    "other_date_year_9999": (_forge_record("discipline", _set(start_date="9999-12-31")), "bad_field",
                             ("“Từ ngày” là ngày 31/12/9999, ngoài khoảng cho phép",)),
    "count_negative": (_forge_record("household", _set(members=-1)), "bad_field",
                       ("“Số nhân khẩu” phải là số nguyên hợp lệ, từ 0 đến 1000000",)),
    "count_over_the_form_bound": (_forge_record("household", _set(members=1_000_001)), "bad_field",
                                  ("“Số nhân khẩu”",)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_forged_file_is_refused_naming_the_field(world, tmp_path, name):
    make, code, fragments = CASES[name]
    data = make(world)
    db, paths = world.open_province(tmp_path / "province")
    try:
        before = db_digest(db)
        with pytest.raises(BundleRefused) as info:
            world.import_(db, paths, data, f"{name}.tdkt")
        exc = info.value
        assert exc.code == code, f"{name}: [{exc.code}] {exc.message}"
        for fragment in fragments:
            assert_vietnamese_reason(exc, fragment)
        assert not any(ch in exc.message for ch in (*BAD_CHARS, "\n", "\t")), repr(exc.message)
        assert db_digest(db) == before, f"{name}: the province database changed although the file was refused"
    finally:
        db.dispose()


def test_the_same_file_without_the_defect_is_accepted(world, tmp_path):
    """The control: file 3 re-signed with a multi-line note (a newline where the spec allows one) and a
    record at each bound of the ranges is accepted — the cases above are refused for their defect only."""
    def edit(w: World) -> bytes:
        i = Inner.open(w, w.good[3])
        people = i.records("person")
        people[0].update(note="dòng 1\ndòng 2", birth_date="1900-01-01")
        people[1].update(birth_date=dt.date.today().isoformat())
        i.set_records("person", people)
        ratings = i.records("rating")
        ratings[0]["year"] = 1945
        ratings[1]["year"] = dt.date.today().year + 1
        i.set_records("rating", ratings)
        return i.seal(w)

    db, paths = world.open_province(tmp_path / "province")
    try:
        r = world.import_(db, paths, edit(world), "control.tdkt")
        assert r.status == "accepted"
    finally:
        db.dispose()


# --------------------------------------------------------------------------- the commune refuses the same


@pytest.fixture
def commune_copy(world, tmp_path):
    dest = tmp_path / "commune"
    shutil.copytree(world.commune.data_dir, dest, ignore=shutil.ignore_patterns("backups", "logs"))
    paths = Paths(dest)
    paths.ensure()
    db = open_database(paths.db_file, paths.backup_dir)
    yield db, paths
    db.dispose()


@pytest.mark.parametrize("period", ["2026\n", "20٢٦", "٢٠٢٦", "2026-H1\n", "2026-h1", " 2026", "2026-H2"])
def test_export_refuses_a_period_the_province_would_refuse(commune_copy, tmp_path, period):
    db, paths = commune_copy
    out = tmp_path / "usb"
    out.mkdir()
    with pytest.raises(UserError) as info:
        commune.export(db, paths, out, period)
    assert "Kỳ báo cáo" in info.value.message and "không hợp lệ" in info.value.message
    assert list(out.iterdir()) == []


def test_export_refuses_a_period_far_in_the_future(commune_copy, tmp_path):
    db, paths = commune_copy
    out = tmp_path / "usb"
    out.mkdir()
    with pytest.raises(UserError) as info:
        commune.export(db, paths, out, "2099")
    assert "tương lai" in info.value.message and "\n" not in info.value.message
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- the rules themselves


@pytest.mark.parametrize("pattern, good, bad", [
    (container.PERIOD, ["2026", "2026-H1", "2000"], ["2026\n", "20٢٦", "1999", "2026-H1\n", "2026-H2", "２０２６"]),
    (container.COMMUNE, ["09319"], ["09319\n", "٠٩٣١٩", "9319", "093190"]),
    (container.HEX64, ["a" * 64], ["a" * 64 + "\n", "A" * 64, "a" * 63]),
    (container.HEX32, ["0" * 32], ["0" * 32 + "\n", "٠" * 32]),
    (container.PART_NAME, ["person.jsonl.gz"], ["person.jsonl.gz\n", "Person.jsonl.gz", "../x.jsonl.gz"]),
    (container.ISO_TIME, ["2026-12-01T09:00:00Z"], ["2026-12-01T09:00:00Z\n", "2026-12-01T09:00:00+00:00",
                                                    "٢٠٢٦-12-01T09:00:00Z"]),
    (records_codec.ISO_DATE, ["2026-01-31"], ["2026-01-31\n", "٢٠٢٦-01-31", "2026-1-31"]),
    (container.UID, ["09319:person:1", "09319:person:123456789012", "09319:proposal_row:7"],
     ["09319:person:1\n", "09319:person:01", "09319:person:0", "09319:person:١", "09319:Person:1",
      "09319:_row:1", "09319:proposal_row_of_a_long_kind:1"]),
    (container.UID_V2, ["09319:person:1"], ["09319:proposal_row:7", "09319:person:1\n"]),
])
def test_patterns_are_ascii_and_match_the_whole_string(pattern, good, bad):
    for v in good:
        assert pattern.match(v) and pattern.fullmatch(v), v
    for v in bad:
        assert not pattern.match(v) and not pattern.fullmatch(v), repr(v)


def test_created_at_window():
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    ok = container.created_at_problem
    assert ok("2024-01-01T00:00:00Z", now) is None
    assert ok("2026-12-03T09:00:00Z", now) is None                 # two days ahead: the clock allowance
    assert ok("2026-12-03T09:00:01Z", now) is not None
    assert ok("2023-12-31T23:59:59Z", now) is not None
    assert ok("2026-13-01T00:00:00Z", now) is not None
    assert container.EARLIEST_CREATED_AT == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert container.CLOCK_ALLOWANCE == dt.timedelta(days=2)


def test_period_window():
    today = dt.date(2026, 12, 1)
    assert container.period_problem("2027", today) is None
    assert container.period_problem("2027-H1", today) is None
    assert "tương lai" in container.period_problem("2028", today)
    msg = container.period_problem("20\x1b[2J", today)
    assert msg is not None and "\x1b" not in msg


def test_command_line_arguments_take_ascii_digits_and_whole_strings():
    from desktop.app.periods import parse_period
    from desktop.cli.review import _subject
    from desktop.core.units import find_unit

    assert parse_period("2026") == (2026, "Y") and parse_period("2026-H1") == (2026, "H1")
    for bad in ("20٢٦", "2026\n", "2026-H1\n", "２０２６", "2026-H2"):
        with pytest.raises(UserError) as info:
            parse_period(bad)
        assert "\n" not in info.value.message
    assert _subject("person:12") == ("person", 12)
    for bad in ("person:١٢", "person:12\n", "person:+12", "person:1_2"):
        with pytest.raises(UserError):
            _subject(bad)
    assert find_unit("09319") is not None and find_unit("٠٩٣١٩") is None


def test_a_duplicate_key_with_a_control_character_is_named_without_it(world, tmp_path):
    i = Inner.open(world, world.good[3])
    lines = i.raw("person").split(b"\n")
    lines[0] = lines[0][:-1] + b',"x\\u001b[2J":1,"x\\u001b[2J":2}'
    i.set_raw("person", b"\n".join(lines))
    db, paths = world.open_province(tmp_path / "province")
    try:
        before = db_digest(db)
        with pytest.raises(BundleRefused) as info:
            world.import_(db, paths, i.seal(world), "dup.tdkt")
        assert info.value.code == "bad_json" and "xuất hiện hai lần" in info.value.message
        assert "\x1b" not in info.value.message
        assert db_digest(db) == before
    finally:
        db.dispose()
