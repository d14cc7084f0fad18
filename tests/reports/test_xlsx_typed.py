"""The export as an officer expects it: typed cells, frozen and filtered header, A4 print setup,
whole-word sheet names, phone and note kept; the formula guard undone on import; names that look like
formulas refused by the form."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop.app import spreadsheets as xlsx
from desktop.core.records import Records
from desktop.reports import xlsx as sheet
from desktop.shared.errors import ValidationError

IND = xlsx.IMPORT_KINDS["individuals"]


def _person(rec: Records, **extra) -> int:
    values = {"full_name": "Nguyễn Thị Hoa", "sex": "nu", "birth_date": "05/03/1985",
              "cccd": "027185001234", "category": "nhan_dan", "phone": "0912345678",
              "note": "Tổ trưởng tổ phụ nữ"}
    return rec.create("person", {**values, **extra}, accept_warnings=True)


def _header_index(ws, header_row: int) -> dict[str, int]:
    return {c.value: c.column for c in ws[header_row] if c.value}


def test_person_export_is_typed_frozen_filtered_and_prints_on_a4(workspace, tmp_path):
    rec = Records(workspace.session)
    _person(rec)
    out = tmp_path / "p.xlsx"
    assert xlsx.export_kind(workspace, "person", out) == 1
    ws = load_workbook(out).active
    header_row = 4  # two title lines, a blank line, the header
    cols = _header_index(ws, header_row)
    data = header_row + 1
    born = ws.cell(data, cols["Ngày sinh"])
    assert born.is_date and born.value.date() == dt.date(1985, 3, 5) and born.number_format == "DD/MM/YYYY"
    cccd = ws.cell(data, cols["Số CCCD"])
    assert cccd.value == "027185001234" and cccd.data_type == "s" and cccd.number_format == "@"
    phone = ws.cell(data, cols["Điện thoại"])
    assert phone.value == "0912345678" and phone.number_format == "@"
    assert ws.cell(data, cols["Ghi chú"]).value == "Tổ trưởng tổ phụ nữ"
    assert ws.freeze_panes == f"A{data}"
    assert ws.auto_filter.ref.startswith(f"A{header_row}:") and ws.auto_filter.ref.endswith(str(data))
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # 9: A4
    assert ws.page_setup.orientation == "landscape"  # 13 columns do not fit a portrait page
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_whole_numbers_are_numbers_and_a_narrow_table_prints_portrait(workspace, tmp_path):
    out = tmp_path / "council.xlsx"
    xlsx.export_kind(workspace, "council", out)
    ws = load_workbook(out).active
    cols = _header_index(ws, 4)
    order = ws.cell(5, cols["Thứ tự"])
    assert isinstance(order.value, int) and order.data_type == "n"
    assert ws.page_setup.orientation == "portrait"


def test_households_and_collectives_keep_phone_and_note(workspace, tmp_path):
    rec = Records(workspace.session)
    village = rec.create("collective", {"name": "Thôn Đông", "kind": "thon", "phone": "+84222123456",
                                        "note": "Thôn văn hóa"})
    rec.create("household", {"head_name": "Trần Văn Bình", "village_id": village, "members": 4,
                             "phone": "0988000111", "note": "Hộ mới tách"})
    for kind, phone, note in (("collective", "+84222123456", "Thôn văn hóa"),
                              ("household", "0988000111", "Hộ mới tách")):
        out = tmp_path / f"{kind}.xlsx"
        xlsx.export_kind(workspace, kind, out)
        ws = load_workbook(out).active
        cols = _header_index(ws, 4)
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
        row = next(r for r in rows if phone in (r[cols["Điện thoại"] - 1], r[cols["Điện thoại"] - 1][1:]))
        assert row[cols["Ghi chú"] - 1] == note
        if kind == "household":
            assert row[cols["Số nhân khẩu"] - 1] == 4


@pytest.mark.parametrize("title, expected", [
    ("Cá nhân", "Cá nhân"),
    ("Đăng ký danh hiệu thi đua của các tập thể", "Đăng ký danh hiệu thi đua của"),
    ("Khen thưởng: cá nhân/tập thể [2025]", "Khen thưởng cá nhân tập thể"),
    ("A" * 40, "A" * 31),
])
def test_sheet_names_are_cut_before_a_word(title, expected):
    got = sheet.sheet_title(title)
    assert got == expected and len(got) <= 31


def test_a_long_sheet_name_in_the_file(tmp_path):
    out = tmp_path / "a.xlsx"
    sheet.write_table(out, ["Họ và tên"], [["Nguyễn Thị Hoa"]], sheet="Danh sách cá nhân đề nghị khen thưởng năm 2025")
    assert load_workbook(out).sheetnames == ["Danh sách cá nhân đề nghị khen"]


def test_the_guard_is_undone_on_import_so_a_round_trip_keeps_the_text(workspace, tmp_path):
    rec = Records(workspace.session)
    _person(rec, phone="+84912345678", note="=SUM(1;2) và '+ giữ nguyên", position="-")
    out = tmp_path / "p.xlsx"
    xlsx.export_kind(workspace, "person", out)
    cells = [c.value for r in load_workbook(out).active.iter_rows() for c in r]
    assert "'+84912345678" in cells and "'=SUM(1;2) và '+ giữ nguyên" in cells  # neutralised in the file
    before = rec.list_rows("person", export=True)
    rec.delete("person", before[0][0])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(out, IND))
    assert not prev.errors, prev.report_lines()[:5]
    xlsx.commit_import(workspace, prev, "Nguyễn Thị Hoa")
    after = rec.list_rows("person", export=True)
    assert [r[1:] for r in after] == [r[1:] for r in before]


def test_a_text_that_begins_like_a_guard_survives_the_round_trip():
    for text in ("'=1+1", "''+2", "'-", "'abc", "=1+1"):
        assert sheet.unguard(sheet.safe_cell(text)) == text


@pytest.mark.parametrize("kind, values, name", [
    ("person", {"full_name": "=1+1", "sex": "nam", "category": "nhan_dan"}, "full_name"),
    ("collective", {"name": "@Tổ 1", "kind": "khac"}, "name"),
    ("collective", {"name": "+Tổ 2", "kind": "khac"}, "name"),
    ("collective", {"name": "-Tổ 3", "kind": "khac"}, "name"),
])
def test_a_name_that_looks_like_a_formula_is_refused(workspace, kind, values, name):
    with pytest.raises(ValidationError) as caught:
        Records(workspace.session).create(kind, values)
    msg = caught.value.errors[name]
    assert f"không được bắt đầu bằng ký tự “{values[name][0]}”" in msg and "Hãy xóa ký tự đó" in msg


def test_an_imported_name_that_looks_like_a_formula_is_a_row_error(workspace, tmp_path):
    out = tmp_path / "in.xlsx"
    sheet.write_table(out, ["Họ và tên", "Giới tính"], [["=1+1", "Nam"], ["Lê Văn An", "Nam"]])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(out, IND))
    assert any("không được bắt đầu bằng ký tự “=”" in p.message for p in prev.errors)
    assert len(prev.rows) == 1
