"""Record use cases without Qt: validation with Vietnamese messages, nothing stored on a refused write,
warnings the officer may override, the recycle bin, history, accent-insensitive search, sorting."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from desktop.app.workspace import init_workspace
from desktop.core.records import Records
from desktop.core.units import bac_ninh_units, find_unit, unknown_unit_message
from desktop.shared.errors import NotFoundError, UserError, ValidationError

OFFICER = "Nguyễn Thị Hoa"
TABLES = ("person", "household", "collective", "rating", "discipline", "achievement", "council_member",
          "workspace", "audit_log")


def person(**over) -> dict:
    base = {
        "full_name": "Nguyễn Văn Ánh",
        "sex": "nam",
        "birth_date": "05/12/1980",
        "cccd": "027080000123",
        "category": "nhan_dan",
    }
    base.update(over)
    return base


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table a refused write could touch."""
    with db.engine.connect() as c:
        return {t: c.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


@pytest.fixture
def rec(workspace) -> Records:
    return Records(workspace.session, OFFICER)


def assert_refused(db, rec, kind, raw, field, *needles, record_id=None, accept_warnings=False):
    before = snapshot(db)
    with pytest.raises(ValidationError) as ei:
        if record_id is None:
            rec.create(kind, raw, accept_warnings=accept_warnings)
        else:
            rec.update(kind, record_id, raw, accept_warnings=accept_warnings)
    err = ei.value
    msg = err.errors.get(field) or err.warnings.get(field)
    assert msg, f"no message for {field}: {err.errors} {err.warnings}"
    for needle in needles:
        assert needle.lower() in msg.lower(), f"{needle!r} not in {msg!r}"
        assert needle.lower() in err.message.lower()
    assert snapshot(db) == before, "a refused write changed the database"
    return err


# --------------------------------------------------------------------------- valid input


def test_valid_person_is_stored_in_nfc_with_an_audit_entry(workspace, rec):
    before = snapshot(workspace)
    pid = rec.create("person", person(full_name=unicodedata.normalize("NFD", "  Nguyễn   Văn Ánh ")))
    got = rec.get("person", pid)
    assert got["full_name"] == "Nguyễn Văn Ánh"
    assert unicodedata.is_normalized("NFC", got["full_name"])
    assert got["birth_date"] == dt.date(1980, 12, 5)
    assert got["cccd"] == "027080000123"
    after = snapshot(workspace)
    assert len(after["person"]) == len(before["person"]) + 1
    assert len(after["audit_log"]) == len(before["audit_log"]) + 1


@pytest.mark.parametrize(
    "over",
    [
        {"birth_date": dt.date.today().strftime("%d/%m/%Y"), "cccd": ""},  # born today
        {"birth_date": "01/01/1900", "cccd": "027000000001"},             # earliest allowed
        {"birth_date": "1980-12-05"},                                     # ISO date
        {"birth_date": dt.date(1980, 12, 5)},                             # date object
        {"birth_date": ""},                                               # birth date optional
        {"cccd": "027 080 000 123"},                                      # spaces as printed on the card
        {"cccd": ""},                                                     # CCCD optional
        {"full_name": "A" * 100},                                         # exactly the column length
        {"sex": "nu", "cccd": "027180000123"},
        {"birth_date": "12/03/2005", "cccd": "027205000123"},             # 2000s male
    ],
)
def test_edge_values_that_must_be_accepted(rec, over):
    pid = rec.create("person", person(**over))
    got = rec.get("person", pid)
    if over.get("cccd"):
        assert got["cccd"] == over["cccd"].replace(" ", "")
    if over.get("cccd") == "":
        assert got["cccd"] is None


# --------------------------------------------------------------------------- refused input


@pytest.mark.parametrize(
    ("over", "field", "needles"),
    [
        ({"cccd": "02708000012"}, "cccd", ["12 chữ số"]),
        ({"cccd": "0270800001234"}, "cccd", ["12 chữ số"]),
        ({"cccd": "02708000012a"}, "cccd", ["12 chữ số"]),
        ({"cccd": "0" * 40}, "cccd", ["12 chữ số"]),
        ({"birth_date": (dt.date.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")}, "birth_date",
         ["tương lai"]),
        ({"birth_date": "31/12/1899", "cccd": ""}, "birth_date", ["1900"]),
        ({"birth_date": "31/02/1980"}, "birth_date", ["ngày sinh", "31/02/1980"]),
        ({"birth_date": "hôm qua"}, "birth_date", ["ngày sinh", "ngày/tháng/năm"]),
        ({"birth_date": "05/12/80"}, "birth_date", ["ngày sinh", "4 chữ số"]),
        ({"full_name": ""}, "full_name", ["chưa nhập", "họ và tên"]),
        ({"full_name": "   "}, "full_name", ["chưa nhập"]),
        ({"sex": ""}, "sex", ["chưa chọn", "giới tính"]),
        ({"sex": "x"}, "sex", ["không có trong danh sách"]),
        ({"category": None}, "category", ["chưa chọn"]),
        ({"full_name": "A" * 101}, "full_name", ["101", "100"]),
        ({"position": "B" * 151}, "position", ["150"]),
        ({"phone": "0" * 21}, "phone", ["20"]),
        ({"note": "ghi chú " * 600}, "note", ["4000"]),
    ],
)
def test_bad_person_input_is_refused_with_a_message_and_nothing_changes(workspace, rec, over, field, needles):
    rec.create("person", person(full_name="Trần Thị Bích", sex="nu", cccd="027185000999", birth_date="01/01/1985"))
    assert_refused(workspace, rec, "person", person(**over), field, *needles)


def test_all_missing_required_fields_are_reported_at_once(workspace, rec):
    err = assert_refused(workspace, rec, "person", {"full_name": "", "sex": "", "category": ""}, "full_name")
    assert set(err.errors) >= {"full_name", "sex", "category"}


def test_bad_update_is_refused_and_record_kept(workspace, rec):
    pid = rec.create("person", person())
    assert_refused(workspace, rec, "person", person(birth_date="01/01/2999"), "birth_date", "tương lai", record_id=pid)
    assert rec.get("person", pid)["birth_date"] == dt.date(1980, 12, 5)


def test_same_cccd_twice_is_refused_naming_the_existing_record(workspace, rec):
    rec.create("person", person())
    err = assert_refused(workspace, rec, "person", person(full_name="Lê Văn Bình"), "cccd",
                         "027080000123", "Nguyễn Văn Ánh")
    assert not err.only_warnings  # a duplicate cannot be overridden
    with pytest.raises(ValidationError):
        rec.create("person", person(full_name="Lê Văn Bình"), accept_warnings=True)


def test_editing_another_person_onto_a_used_cccd_is_refused(workspace, rec):
    rec.create("person", person())
    other = rec.create("person", person(full_name="Lê Văn Bình", cccd="027080000456"))
    assert_refused(workspace, rec, "person", person(full_name="Lê Văn Bình"), "cccd", "Nguyễn Văn Ánh",
                   record_id=other)


def test_editing_a_person_keeps_its_own_cccd(rec):
    pid = rec.create("person", person())
    assert rec.update("person", pid, person(position="Trưởng thôn")) is True
    assert rec.get("person", pid)["position"] == "Trưởng thôn"


def test_update_without_change_writes_nothing(workspace, rec):
    pid = rec.create("person", person())
    before = snapshot(workspace)
    assert rec.update("person", pid, person()) is False
    assert snapshot(workspace) == before


# --------------------------------------------------------------------------- CCCD warnings


@pytest.mark.parametrize(
    ("over", "needles"),
    [
        ({"sex": "nu"}, ["giới tính", "nữ", "nam"]),      # digit 4 = 0 means male
        ({"birth_date": "05/12/1981"}, ["1980", "1981"]),  # digits 5-6 = 80
    ],
)
def test_cccd_contradiction_is_a_warning_blocking_until_accepted(workspace, rec, over, needles):
    err = assert_refused(workspace, rec, "person", person(**over), "cccd", *needles)
    assert err.only_warnings
    pid = rec.create("person", person(**over), accept_warnings=True)
    got = rec.get("person", pid)
    assert got["cccd"] == "027080000123"


def test_century_digit_contradiction_warns(workspace, rec):
    # digit 4 = 2 means born in the 2000s; the record says 1980
    err = assert_refused(workspace, rec, "person", person(cccd="027280000123"), "cccd", "2080", "1980")
    assert err.only_warnings


def test_warning_on_update_also_needs_accepting(workspace, rec):
    pid = rec.create("person", person())
    assert_refused(workspace, rec, "person", person(sex="nu"), "cccd", "giới tính", record_id=pid)
    assert rec.update("person", pid, person(sex="nu"), accept_warnings=True) is True
    assert rec.get("person", pid)["sex"] == "nu"


def test_errors_are_not_overridable_even_with_warnings_accepted(workspace, rec):
    before = snapshot(workspace)
    with pytest.raises(ValidationError) as ei:
        rec.create("person", person(sex="nu", full_name=""), accept_warnings=True)
    assert "full_name" in ei.value.errors
    assert snapshot(workspace) == before


# --------------------------------------------------------------------------- recycle bin


def test_delete_moves_to_recycle_bin_and_restore_brings_back(workspace, rec):
    pid = rec.create("person", person())
    rec.delete("person", pid)
    assert [r[0] for r in rec.list_rows("person")] == []
    assert [r[0] for r in rec.list_rows("person", deleted=True)] == [pid]
    assert rec.count("person") == 0 and rec.count("person", deleted=True) == 1
    with pytest.raises(NotFoundError):
        rec.delete("person", pid)
    rec.restore("person", pid)
    assert [r[0] for r in rec.list_rows("person")] == [pid]
    assert rec.count("person", deleted=True) == 0
    with pytest.raises(NotFoundError):
        rec.restore("person", pid)


def test_deleted_record_does_not_hold_its_cccd(rec):
    pid = rec.create("person", person())
    rec.delete("person", pid)
    rec.create("person", person(full_name="Nguyễn Văn Ánh (hồ sơ mới)"))


def test_restore_refused_when_cccd_was_reused_meanwhile(workspace, rec):
    old = rec.create("person", person())
    rec.delete("person", old)
    new = rec.create("person", person(full_name="Phạm Văn Cường"))
    before = snapshot(workspace)
    with pytest.raises(ValidationError) as ei:
        rec.restore("person", old)
    msg = ei.value.message
    assert "khôi phục" in msg.lower() and "027080000123" in msg and "Phạm Văn Cường" in msg
    assert snapshot(workspace) == before
    assert [r[0] for r in rec.list_rows("person")] == [new]
    # once the new record gives the number up, the old one can come back
    rec.update("person", new, person(full_name="Phạm Văn Cường", cccd=""))
    rec.restore("person", old)
    assert sorted(r[0] for r in rec.list_rows("person")) == sorted([old, new])


def test_missing_record_operations_raise_not_found(rec):
    with pytest.raises(NotFoundError):
        rec.update("person", 9999, person())
    with pytest.raises(NotFoundError):
        rec.get("person", 9999)


# --------------------------------------------------------------------------- history


def test_history_lines_tell_who_did_what(rec):
    pid = rec.create("person", person())
    rec.update("person", pid, person(full_name="Nguyễn Văn Ánh Dương", sex="nu"), accept_warnings=True)
    rec.delete("person", pid)
    rec.restore("person", pid)
    lines = rec.history("person", pid)
    assert [ln.action for ln in lines] == ["Thêm mới", "Sửa", "Xóa (chuyển vào thùng rác)",
                                           "Khôi phục từ thùng rác"]
    assert all(ln.actor == OFFICER for ln in lines)
    edit = lines[1].details
    assert "Họ và tên: Nguyễn Văn Ánh → Nguyễn Văn Ánh Dương" in edit
    assert "Giới tính: Nam → Nữ" in edit  # choice labels, not codes
    assert "Ngày sinh" in lines[0].details and "05/12/1980" in lines[0].details
    assert lines[0].local_time  # renders


def test_history_of_a_reference_shows_the_label(rec):
    village = rec.create("collective", {"name": "Thôn Đông", "kind": "thon"})
    village2 = rec.create("collective", {"name": "Thôn Đoài", "kind": "thon"})
    hid = rec.create("household", {"head_name": "Trần Văn Hải", "village_id": village})
    rec.update("household", hid, {"head_name": "Trần Văn Hải", "village_id": village2})
    assert "Thôn Đông → Thôn Đoài" in rec.history("household", hid)[1].details


# --------------------------------------------------------------------------- search and sort


@pytest.fixture
def people(rec):
    names = ["Nguyễn Văn Ánh", "Đặng Thị Đào", "Trần Văn Bình", "Lê Thị An", "Phạm Đức Anh"]
    ids = {}
    for i, name in enumerate(names):
        sex = "nu" if "Thị" in name else "nam"
        digit = "1" if sex == "nu" else "0"
        ids[name] = rec.create("person", person(full_name=name, sex=sex, cccd=f"027{digit}80000{i:03d}"))
    return ids


def _names(rec, search="", **kw):
    return [r[1] for r in rec.list_rows("person", search, **kw)]


@pytest.mark.parametrize(
    "query",
    ["nguyen van anh", "Nguyễn Văn Ánh", "NGUYỄN VĂN ÁNH", unicodedata.normalize("NFD", "Nguyễn Văn Ánh"), "van anh"],
)
def test_search_ignores_accents_case_and_composition(rec, people, query):
    assert _names(rec, query) == ["Nguyễn Văn Ánh"]


@pytest.mark.parametrize("query", ["đào", "dao", "Đặng", "dang thi", unicodedata.normalize("NFD", "Đặng Thị Đào")])
def test_search_d_stroke(rec, people, query):
    assert _names(rec, query) == ["Đặng Thị Đào"]


def test_search_by_cccd_digits_and_no_match(rec, people):
    assert _names(rec, "027180000001") == ["Đặng Thị Đào"]
    assert _names(rec, "không có ai") == []
    assert rec.count("person", "dao") == 1


def test_like_wildcards_in_the_query_are_literal(rec, people):
    assert _names(rec, "%") == []
    assert _names(rec, "_") == []


def test_deleted_records_are_not_found_by_search(rec, people):
    rec.delete("person", people["Đặng Thị Đào"])
    assert _names(rec, "dao") == []
    assert [r[1] for r in rec.list_rows("person", "dao", deleted=True)] == ["Đặng Thị Đào"]


def test_default_sort_is_by_given_name(rec, people):
    # given name first (An < Anh = Ánh < Bình < Đào, 'Đ' sorting as 'D'), then the full name
    assert _names(rec) == ["Lê Thị An", "Nguyễn Văn Ánh", "Phạm Đức Anh", "Trần Văn Bình", "Đặng Thị Đào"]
    assert _names(rec, descending=True) == ["Đặng Thị Đào", "Trần Văn Bình", "Phạm Đức Anh", "Nguyễn Văn Ánh",
                                            "Lê Thị An"]


def test_paging(rec, people):
    assert _names(rec, offset=1, limit=2) == ["Nguyễn Văn Ánh", "Phạm Đức Anh"]


def test_lookup_matches_without_accents(rec, people):
    labels = [label for _, label in rec.lookup("person", "dao")]
    assert labels == ["Đặng Thị Đào (1980) — CCCD …0001"]  # the CCCD digits tell namesakes apart


# --------------------------------------------------------------------------- other kinds' rules


def test_household_needs_a_village(workspace, rec):
    school = rec.create("collective", {"name": "Trường Tiểu học Tiên Du", "kind": "truong_hoc"})
    assert_refused(workspace, rec, "household", {"head_name": "Trần Văn Hải", "village_id": school},
                   "village_id", "không phải thôn")
    assert_refused(workspace, rec, "household", {"head_name": "Trần Văn Hải"}, "village_id", "chưa chọn")


def test_reference_to_deleted_record_is_refused(workspace, rec):
    village = rec.create("collective", {"name": "Thôn Đông", "kind": "thon"})
    rec.delete("collective", village)
    assert_refused(workspace, rec, "household", {"head_name": "Trần Văn Hải", "village_id": village},
                   "village_id", "không còn")


def test_one_rating_per_subject_and_year(workspace, rec):
    pid = rec.create("person", person())
    rec.create("rating", {"subject": ("person", pid), "year": 2025, "rating": "tot"})
    assert_refused(workspace, rec, "rating", {"subject": ("person", pid), "year": 2025, "rating": "xuat_sac"},
                   "year", "2025")
    rec.create("rating", {"subject": ("person", pid), "year": 2026, "rating": "xuat_sac"})


@pytest.mark.parametrize("year", [1900, dt.date.today().year + 2, "hai nghìn"])
def test_year_out_of_range_refused(workspace, rec, year):
    pid = rec.create("person", person())
    assert_refused(workspace, rec, "rating", {"subject": ("person", pid), "year": year, "rating": "tot"}, "year")


def test_discipline_needs_level_and_ordered_dates(workspace, rec):
    pid = rec.create("person", person())
    assert_refused(workspace, rec, "discipline", {"subject": ("person", pid), "status": "da_ky_luat"},
                   "level", "hình thức")
    assert_refused(workspace, rec, "discipline",
                   {"subject": ("person", pid), "status": "dang_xem_xet", "start_date": "10/05/2026",
                    "end_date": "01/05/2026"}, "end_date", "đến ngày")


def test_achievement_sub_area_must_belong_to_area(workspace, rec):
    pid = rec.create("person", person())
    base = {"subject": ("person", pid), "year": 2026, "area_code": "1.1", "description": "Vượt kế hoạch thu ngân sách"}
    assert_refused(workspace, rec, "achievement", {**base, "sub_area_code": "1.2.1"}, "sub_area_code", "1.2.1")
    rec.create("achievement", {**base, "sub_area_code": "1.1.3"})


# --------------------------------------------------------------------------- units and workspace


def test_units_are_the_99_official_units_from_the_package():
    units = bac_ninh_units()
    assert len(units) == 99
    assert sum(u.kind == "xã" for u in units) == 66
    assert sum(u.kind == "phường" for u in units) == 33
    codes = [u.code for u in units]
    assert len(set(codes)) == 99 and all(len(c) == 5 and c.isdigit() for c in codes)
    from vietnam_provinces import Ward

    expected = {f"{int(w.code):05d}" for w in Ward.iter_all() if int(w.province_code) == 24}
    assert set(codes) == expected


def test_find_unit_by_official_code():
    tien_du = find_unit("09319")
    assert tien_du.name == "Xã Tiên Du" and tien_du.short_name == "Tiên Du"
    assert find_unit("9319") == tien_du  # leading zero dropped by a spreadsheet
    assert tien_du.body_name == "ỦY BAN NHÂN DÂN XÃ TIÊN DU"
    assert find_unit("99999") is None
    assert find_unit("") is None
    assert find_unit("xã tiên du") is None


def test_unknown_unit_message_says_how_to_find_the_code():
    msg = unknown_unit_message("12345")
    assert "12345" in msg and "5 chữ số" in msg and "python -m desktop units" in msg


def test_workspace_init_refuses_unknown_unit_and_second_commune(db):
    with pytest.raises(UserError) as ei:
        init_workspace(db, "12345", OFFICER)
    assert "units" in ei.value.message
    assert db.workspace() is None
    with pytest.raises(ValidationError):
        init_workspace(db, "09319", "   ")
    assert db.workspace() is None
    init_workspace(db, "09319", OFFICER)
    before = snapshot(db)
    with pytest.raises(UserError) as ei:
        init_workspace(db, "07210", "Người khác")
    assert "Xã Tiên Du" in ei.value.message and "Phường Bắc Giang" in ei.value.message
    with pytest.raises(UserError):
        init_workspace(db, "09319", OFFICER)
    assert snapshot(db) == before
    ws = db.workspace()
    assert (ws.unit_code, ws.unit_name, ws.officer_name) == ("09319", "Xã Tiên Du", OFFICER)


def test_history_of_a_bulk_created_record_names_the_bulk_entry(workspace):
    from desktop.app import demo

    demo.fill(workspace, people=20, seed=2)
    r = Records(workspace.session, "Nguyễn Thị Hoa")
    rid = r.list_rows("person")[0][0]
    lines = r.history("person", rid)
    assert lines and lines[0].action == "Nhập dữ liệu" and lines[0].actor == "Dữ liệu mẫu"
    assert "bản ghi" in lines[0].details
    # a later edit is added after it
    values = r.get("person", rid)
    values["position"] = "Trưởng thôn"
    r.update("person", rid, values, accept_warnings=True)
    assert [x.action for x in r.history("person", rid)] == ["Nhập dữ liệu", "Sửa"]
