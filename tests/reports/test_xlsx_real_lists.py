"""Spreadsheets as the communes really keep them: title lines (merged) above the header, CCCDs that Excel
stored as numbers, an updated list over the records already stored (old → new shown first, all or
nothing), and a hostile file that must not exhaust memory."""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import Workbook

from desktop.__main__ import main
from desktop.app import spreadsheets as xlsx
from desktop.core.records import Records
from desktop.shared.errors import UserError
from desktop.store.models import AuditEntry

IND = xlsx.IMPORT_KINDS["individuals"]
HEAD = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Điện thoại", "Chức vụ, nghề nghiệp"]


def _book(path, rows, merges=(), text_cccd: bool = False):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def _titled(path, rows, merges=("A1:G1", "A2:G2")):
    """A list as a commune office types it: the list's name and its unit merged over the columns, a blank
    row, then the header."""
    return _book(path, [["DANH SÁCH CÁN BỘ, CÔNG CHỨC XÃ TIÊN DU NĂM 2026"], ["(Kèm theo Công văn số 12/UBND)"], [],
                        HEAD, *rows], merges)


def test_merged_title_lines_above_the_header_are_skipped(tmp_path, workspace):
    path = _titled(tmp_path / "ds.xlsx", [[1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080000123", "", "Chủ tịch"],
                                          [2, "Lê Thị Hoa", "Nữ", "01/01/1990", "", "", "Văn thư"]])
    plan = xlsx.read_for_import(path, IND)
    assert plan.header_row == 4 and plan.mapping["full_name"] == 1 and plan.mapping["cccd"] == 4
    prev = xlsx.check_import(workspace, plan)
    assert not prev.errors and [r for r, _ in prev.rows] == [5, 6], prev.report_lines()
    assert xlsx.commit_import(workspace, prev, "Nguyễn Thị Hoa") == 2


def test_a_merge_in_the_table_is_still_refused_and_named(tmp_path):
    path = _titled(tmp_path / "ds.xlsx", [[1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", "", "", "Chủ tịch"],
                                          [2, "Lê Thị Hoa", "Nữ", "01/01/1990", "", "", "Văn thư"]],
                   merges=("A1:G1", "G5:G6"))
    with pytest.raises(UserError, match="G5:G6") as caught:
        xlsx.read_for_import(path, IND)
    assert "tiêu đề" in caught.value.message and "Unmerge" in caught.value.message


def test_a_cccd_stored_as_a_number_is_restored_with_a_warning_or_refused(tmp_path, workspace):
    path = _book(tmp_path / "so.xlsx", [HEAD,
                                        [1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", 27080000123, "", ""],   # 11 digits
                                        [2, "Lê Thị Hoa", "Nữ", "01/01/1990", 1190000456.0, "", ""],       # 10, float
                                        [3, "Trần Văn Bình", "Nam", "01/01/1985", 123456789, "", ""],      # 000…
                                        [4, "Phạm Văn Cường", "Nam", "01/01/1975", 1.23e11, "", ""],       # rounded
                                        [5, "Đỗ Thị Mai", "Nữ", "01/01/1975", "1,23457E+11", "", ""],      # as text
                                        [6, "Vũ Văn Dũng", "Nam", "01/01/1970", 27070000000, "", ""],      # 0000…0
                                        [7, "Hoàng Văn Em", "Nam", "01/01/1970", 123456, "", ""]])         # 6 digits
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, IND))
    by_row = prev.problems_by_row()
    assert [r for r, _ in prev.rows] == [2, 3]
    assert dict(prev.rows)[2]["cccd"] == "027080000123" and dict(prev.rows)[3]["cccd"] == "001190000456"
    (w,) = [p for p in by_row[2] if p.field == "Số CCCD"]
    assert not w.blocking and "027080000123" in w.message and "Văn bản" in w.message
    for row in (4, 5, 6, 7, 8):
        errors = [p for p in by_row[row] if p.blocking]
        assert len(errors) == 1 and errors[0].field == "Số CCCD" and "12 chữ số" in errors[0].message, by_row[row]
    assert "mã tỉnh" in by_row[4][0].message and "lũy thừa" in by_row[6][0].message


def _people(workspace):
    rec = Records(workspace.session)
    unit = rec.create("collective", {"name": "Thôn Đông", "kind": "thon"})
    a = rec.create("person", {"full_name": "Nguyễn Văn Ánh", "sex": "nam", "birth_date": "05/12/1980",
                              "cccd": "027080000123", "category": "can_bo", "phone": "0912345678",
                              "position": "Chủ tịch", "collective_id": unit, "note": "Giữ nguyên"})
    b = rec.create("person", {"full_name": "Lê Thị Hoa", "sex": "nu", "birth_date": "01/01/1990",
                              "category": "nhan_dan"})
    return rec, a, b


def test_an_updated_list_shows_old_and_new_then_writes_all_in_one_transaction(tmp_path, workspace):
    rec, a, b = _people(workspace)
    path = _titled(tmp_path / "moi.xlsx", [
        [1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080000123", "0987654321", ""],  # new phone; position empty
        [2, "Lê Thị Hoa", "Nữ", "01/01/1990", "001190000456", "", "Văn thư"],          # no CCCD stored: name + birth
        [3, "Trần Văn Bình", "Nam", "01/01/1985", "", "", "Nông dân"],                 # new
    ])
    plan = xlsx.read_for_import(path, IND)
    only_new = xlsx.check_import(workspace, plan)
    assert [r for r, _ in only_new.rows] == [7] and only_new.unchanged == 2 and not only_new.updates
    prev = xlsx.check_import(workspace, plan, update=True)
    assert not prev.errors and [r for r, _ in prev.rows] == [7], prev.report_lines()
    changes = {u.record_id: {c.name: (c.old, c.new) for c in u.shown} for u in prev.updates}
    assert changes == {a: {"phone": ("0912345678", "0987654321")},
                       b: {"cccd": ("(trống)", "001190000456"), "position": ("(trống)", "Văn thư")}}
    lines = "\n".join(prev.report_lines())
    assert "Dòng 5 – cập nhật Nguyễn Văn Ánh" in lines and "Điện thoại: 0912345678 → 0987654321" in lines
    assert xlsx.commit_import(workspace, prev, "Nguyễn Thị Hoa") == 3
    got = rec.get("person", a)
    assert got["phone"] == "0987654321" and got["position"] == "Chủ tịch" and got["note"] == "Giữ nguyên"
    assert rec.get("person", b)["cccd"] == "001190000456"
    assert any("0912345678 → 0987654321" in h.details for h in rec.history("person", a))
    assert rec.search_page("person", "0987654321").rows  # the search key follows the change


def test_an_update_is_all_or_nothing(tmp_path, workspace, monkeypatch):
    rec, a, b = _people(workspace)
    path = _book(tmp_path / "moi.xlsx", [HEAD, [1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080000123", "0999", ""],
                                         [2, "Trần Văn Bình", "Nam", "01/01/1985", "", "", ""]])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, IND), update=True)
    assert len(prev.updates) == 1 and len(prev.rows) == 1
    # the record edited in the window after the check: nothing of the file is written
    rec.update("person", a, {**rec.get("person", a), "phone": "0911111111"})
    with pytest.raises(UserError, match="đã được sửa hoặc xóa sau khi kiểm tra"):
        xlsx.commit_import(workspace, prev, "x")
    assert rec.get("person", a)["phone"] == "0911111111" and len(rec.list_rows("person")) == 2
    # a failure while the new rows are inserted takes the updates back too
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, IND), update=True)
    monkeypatch.setattr(xlsx, "_insert", lambda *a: (_ for _ in ()).throw(RuntimeError("disk")))
    with pytest.raises(RuntimeError):
        xlsx.commit_import(workspace, prev, "x")
    assert rec.get("person", a)["phone"] == "0911111111" and len(rec.list_rows("person")) == 2


def test_households_and_collectives_update_by_their_keys(tmp_path, workspace):
    rec = Records(workspace.session)
    village = rec.create("collective", {"name": "Thôn Đông", "kind": "thon", "leader_name": "Ông Tư"})
    h = rec.create("household", {"head_name": "Nguyễn Văn Ba", "village_id": village, "address": "Xóm 1",
                                 "members": "4"})
    houses = _book(tmp_path / "ho.xlsx", [["Chủ hộ", "Thôn, tổ dân phố", "Địa chỉ", "Số nhân khẩu"],
                                          ["Nguyễn Văn Ba", "Thôn Đông", "Xóm 1", 5],      # same household
                                          ["Nguyễn Văn Ba", "Thôn Đông", "Xóm 3", 2]])     # a namesake elsewhere
    prev = xlsx.check_import(workspace, xlsx.read_for_import(houses, xlsx.IMPORT_KINDS["households"]), update=True)
    assert [(u.record_id, [(c.old, c.new) for c in u.shown]) for u in prev.updates] == [(h, [("4", "5")])]
    assert [r for r, _ in prev.rows] == [3]
    groups = _book(tmp_path / "tt.xlsx", [["Tên tập thể", "Loại", "Người đứng đầu"],
                                          ["thôn đông", "Thôn", "Bà Năm"]])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(groups, xlsx.IMPORT_KINDS["collectives"]), update=True)
    assert [(c.old, c.new) for u in prev.updates for c in u.shown] == [("Ông Tư", "Bà Năm")] and not prev.rows


def test_two_rows_of_one_stored_record_are_an_error_in_update_mode(tmp_path, workspace):
    _people(workspace)
    path = _book(tmp_path / "x.xlsx", [HEAD, [1, "Lê Thị Hoa", "Nữ", "01/01/1990", "", "0911", ""],
                                       [2, "Lê Thị Hoa", "Nữ", "01/01/1990", "", "0922", ""]])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, IND), update=True)
    assert {p.row for p in prev.errors} == {3}


def test_cli_update_prints_the_changes_and_dry_run_writes_nothing(tmp_path, workspace, paths, capsys):
    rec, a, _b = _people(workspace)
    path = _book(tmp_path / "moi.xlsx", [HEAD, [1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", 27080000123, "0987", ""]])
    args = ["--data-dir", str(paths.data_dir), "import-xlsx", str(path), "--kind", "individuals"]
    assert main([*args, "--update", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Điện thoại: 0912345678 → 0987" in out and "chưa ghi gì" in out and "027080000123" in out
    assert rec.get("person", a)["phone"] == "0912345678"
    assert main(args) == 0  # only new rows: the stored person is skipped
    assert "bỏ qua" in capsys.readouterr().out and rec.get("person", a)["phone"] == "0912345678"
    assert main([*args, "--update"]) == 0
    assert "cập nhật 1" in capsys.readouterr().out and rec.get("person", a)["phone"] == "0987"
    with workspace.session() as s:
        entry = s.query(AuditEntry).filter_by(table_name="person", record_id=a, action="update").one()
        assert json.loads(entry.changes) == {"phone": ["0912345678", "0987"]}


def test_a_hostile_sheet_is_read_within_bounds(tmp_path, monkeypatch):
    """A sheet claiming A1:XFD1048576, a cell at column XFD on every row and many blank rows: rows are
    read as at most MAX_COLUMNS wide, blank rows cost nothing, and too many rows are refused."""
    path = tmp_path / "hostile.xlsx"
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>Người {i}</t></is></c>'
                   f'<c r="B{i}" t="inlineStr"><is><t>Nam</t></is></c><c r="XFD{i}"><v>1</v></c></row>'
                   for i in range(2, 400))
    blanks = "".join(f'<row r="{i}"/>' for i in range(400, 5000))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
             '<c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Giới tính</t></is>'
             f'</c></row>{rows}{blanks}</sheetData></worksheet>')
    _book(path, [["x"]])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    import tracemalloc

    tracemalloc.start()
    try:
        plan = xlsx.read_for_import(path, IND)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2 ** 20, peak   # 398 rows 16,384 wide would be over 50 MB
    assert len(plan.rows) == 398 and max(len(r) for r in plan.rows) == 2 and plan.headers == ["Họ và tên", "Giới tính"]
    monkeypatch.setattr(xlsx, "MAX_ROWS", 100)
    with pytest.raises(UserError, match="hơn 100 dòng"):
        xlsx.read_for_import(path, IND)


def test_a_part_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    from desktop.app import import_guard

    path = _book(tmp_path / "a.xlsx", [["Họ và tên", "Giới tính"], ["A", "Nam"]])
    monkeypatch.setattr(import_guard, "MAX_PART_BYTES", 100)
    with pytest.raises(UserError, match="quá lớn khi giải nén"):
        xlsx.read_for_import(path, IND)


def test_an_update_on_the_server(tmp_path, capsys):
    """The same update on PostgreSQL (--db-url): the changes printed, then written in one transaction."""
    from tests.province.conftest import PG_URL, _reset_pg, require_pg

    require_pg()
    _reset_pg(PG_URL)
    head = ["--data-dir", str(tmp_path / "data"), "--db-url", PG_URL]
    assert main([*head, "init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa"]) == 0
    first = _titled(tmp_path / "a.xlsx", [[1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", 27080000123, "0912", "Chủ tịch"]])
    assert main([*head, "import-xlsx", str(first), "--kind", "individuals"]) == 0
    again = _titled(tmp_path / "b.xlsx", [[1, "Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080000123", "0987", ""],
                                          [2, "Lê Thị Hoa", "Nữ", "01/01/1990", "", "", ""]])
    capsys.readouterr()
    assert main([*head, "import-xlsx", str(again), "--kind", "individuals", "--update"]) == 0
    out = capsys.readouterr().out
    assert "Điện thoại: 0912 → 0987" in out and "thêm mới 1, cập nhật 1" in out
