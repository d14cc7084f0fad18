"""Spreadsheets: export with formula neutralising, import with preview, all or nothing, bad files."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from desktop.__main__ import main
from desktop.app import spreadsheets as xlsx
from desktop.core.records import Records
from desktop.reports import xlsx as sheet
from desktop.shared.errors import UserError

IND = xlsx.IMPORT_KINDS["individuals"]


def _book(path, rows, merge: str = ""):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def test_safe_cells():
    assert sheet.safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    for bad in ("+1", "-2+3", "@SUM(A1)", "\t=1"):
        assert sheet.safe_cell(bad).startswith("'")
    assert sheet.safe_cell("Nguyễn Văn Ánh") == "Nguyễn Văn Ánh"
    assert sheet.safe_cell(5) == 5


def test_round_trip_collectives_then_people(tmp_path, paths):
    from desktop.app import demo
    from desktop.app.workspace import init_workspace
    from desktop.store.db import open_database

    src = open_database(tmp_path / "src.sqlite3", None)
    init_workspace(src, "09319", "Nguyễn Thị Hoa")
    demo.fill(src, people=120, seed=5)
    rec = Records(src.session)
    rec.create("collective", {"name": "Tổ công tác đặc biệt", "kind": "khac", "note": "=cmd|' /C calc'!A0"})
    n_c = xlsx.export_kind(src, "collective", tmp_path / "c.xlsx")
    n_p = xlsx.export_kind(src, "person", tmp_path / "p.xlsx")
    people_before = sorted((r[1], r[3]) for r in rec.list_rows("person"))
    src.dispose()
    cells = [c.value for row in load_workbook(tmp_path / "c.xlsx").active.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in cells and not any(str(v).startswith("=") for v in cells if v)

    dst = open_database(paths.db_file, None)
    try:
        init_workspace(dst, "09319", "Nguyễn Thị Hoa")
        plan = xlsx.read_for_import(tmp_path / "c.xlsx", xlsx.IMPORT_KINDS["collectives"])
        prev = xlsx.check_import(dst, plan)
        assert not prev.errors, prev.report_lines()[:5]
        assert xlsx.commit_import(dst, prev, "Nguyễn Thị Hoa") == n_c
        plan = xlsx.read_for_import(tmp_path / "p.xlsx", IND)
        prev = xlsx.check_import(dst, plan)
        assert not prev.errors, prev.report_lines()[:5]
        assert xlsx.commit_import(dst, prev, "Nguyễn Thị Hoa") == n_p
        rec2 = Records(dst.session)
        assert sorted((r[1], r[3]) for r in rec2.list_rows("person")) == people_before
        # the same file again: every row is a person already stored, skipped; nothing is written
        prev = xlsx.check_import(dst, xlsx.read_for_import(tmp_path / "p.xlsx", IND))
        assert not prev.errors and not prev.rows and prev.unchanged == n_p
        with pytest.raises(UserError, match="đã có trong dữ liệu"):
            xlsx.commit_import(dst, prev, "x")
        # and as an update: the exported values read back as they are stored, nothing changes
        prev = xlsx.check_import(dst, xlsx.read_for_import(tmp_path / "p.xlsx", IND), update=True)
        assert not prev.errors and not prev.updates and prev.unchanged == n_p, prev.report_lines()[:5]
        prev = xlsx.check_import(dst, xlsx.read_for_import(tmp_path / "c.xlsx", xlsx.IMPORT_KINDS["collectives"]),
                                 update=True)
        assert not prev.errors and not prev.updates and prev.unchanged == n_c, prev.report_lines()[:5]
        assert len(rec2.list_rows("person")) == n_p
    finally:
        dst.dispose()


def test_preview_lists_every_problem_and_writes_nothing(tmp_path, workspace):
    path = _book(tmp_path / "a.xlsx", [
        ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD"],
        ["Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080000123"],
        ["", "Nữ", "01/01/1990", ""],                       # missing name
        ["Lê Thị Hoa", "Nữ", "31/02/1990", ""],             # impossible date
        ["Trần Văn Bình", "Nam", "01/01/1985", "12345"],    # bad CCCD
        ["Phạm Văn Cường", "Nam", "01/01/1975", "027080000123"],  # duplicate CCCD in file
    ])
    plan = xlsx.read_for_import(path, IND)
    assert plan.mapping["full_name"] == 0 and plan.mapping["cccd"] == 3
    prev = xlsx.check_import(workspace, plan)
    rows = {p.row for p in prev.errors}
    assert rows == {3, 4, 5, 6}
    assert [r for r, _ in prev.rows] == [2]
    with pytest.raises(UserError):
        xlsx.commit_import(workspace, prev, "x")
    assert Records(workspace.session).list_rows("person") == []
    assert main(["--data-dir", str(workspace.engine.url.database).rsplit("/", 1)[0], "import-xlsx", str(path),
                 "--kind", "individuals", "--dry-run"]) == 1


def test_a_cell_breaking_the_text_rule_is_a_problem_of_its_row_and_column(tmp_path, workspace):
    """Characters that break what reads the data later (bidi overrides, zero-width and C1 control
    characters; XML keeps C0 controls out of a sheet) are refused by cell, and nothing is stored."""
    import unicodedata

    path = _book(tmp_path / "t.xlsx", [
        ["Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ, nghề nghiệp", "Điện thoại"],
        ["Nguyễn Văn Ánh", "Nam", "05/12/1980", "Nông dân", ""],              # fine
        ["Lê Thị \u202eHoa", "Nữ", "01/01/1990", "", ""],                     # bidi override in a name
        ["Trần Văn Bình", "Nam", "01/01/1985", "Trưởng\u200bthôn", ""],       # zero-width space
        ["Phạm Văn Cường", "Nam\u00ad", "01/01/1975", "", ""],                # soft hyphen in a choice
        ["Đỗ Thị Mai", "Nữ", "01/01/1975", "", "0912\x9b345678"],             # C1 control (CSI)
        [unicodedata.normalize("NFD", "Vũ Văn Dũng"), "Nam", "01/01/1970", "", ""],  # NFD: normalised, fine
    ])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, IND))
    by_row = prev.problems_by_row()
    assert sorted(by_row) == [3, 4, 5, 6] and [r for r, _ in prev.rows] == [2, 7]
    expected = {3: ("Họ và tên", "Ô A3", "U+202E"), 4: ("Chức vụ, nghề nghiệp", "Ô D4", "U+200B"),
                5: ("Giới tính", "Ô B5", "U+00AD"), 6: ("Điện thoại", "Ô E6", "U+009B")}
    for row, (field, cell, code) in expected.items():
        (p,) = by_row[row]  # one problem: the cell, not a second one about the same field
        assert p.blocking and p.field == field and cell in p.message and code in p.message, p
        assert "\u202e" not in p.message and "\x9b" not in p.message
    assert f"“{dict(enumerate(prev.plan.headers))[0]}”" in by_row[3][0].message
    report = "\n".join(prev.report_lines())
    assert "Dòng 3 – Họ và tên" in report and "\u202e" not in report
    with pytest.raises(UserError):
        xlsx.commit_import(workspace, prev, "x")
    assert Records(workspace.session).list_rows("person") == []
    names = dict(prev.rows)[7]["full_name"]
    assert names == "Vũ Văn Dũng" and unicodedata.is_normalized("NFC", names)


@pytest.mark.parametrize("case, message", [
    ("not_zip", "không phải là tệp Excel"),
    ("zip_not_xlsx", "không đọc được"),
    ("no_header", "Không tìm thấy dòng tiêu đề"),
    ("merged", "ô gộp"),
    ("empty", "trống"),
    ("only_header", "chỉ có dòng tiêu đề"),
])
def test_bad_spreadsheets_get_a_clear_message(tmp_path, case, message):
    path = tmp_path / "bad.xlsx"
    if case == "not_zip":
        path.write_text("Họ và tên,Giới tính\nA,Nam\n", encoding="utf-8")
    elif case == "zip_not_xlsx":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "x")
    elif case == "no_header":
        _book(path, [["Nguyễn Văn Ánh", "Nam", "05/12/1980", "027080000123"], ["Lê Thị Hoa", "Nữ", "", ""]])
    elif case == "merged":
        _book(path, [["Họ và tên", "Giới tính"], ["A", "Nam"]], merge="A2:B2")
    elif case == "empty":
        _book(path, [])
    elif case == "only_header":
        _book(path, [["Họ và tên", "Giới tính"]])
    with pytest.raises(UserError, match=message):
        xlsx.read_for_import(path, IND)


def test_too_many_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 50)
    path = _book(tmp_path / "big.xlsx", [["Họ và tên", "Giới tính"]] + [[f"Người {i}", "Nam"] for i in range(51)])
    with pytest.raises(UserError, match="hơn 50 dòng"):
        xlsx.read_for_import(path, IND)


def test_export_cli(paths, workspace, tmp_path):
    out = tmp_path / "hd.xlsx"
    assert main(["--data-dir", str(paths.data_dir), "export-xlsx", "council", "--out", str(out)]) == 0
    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "Lê Văn Minh" in values


def test_export_to_a_folder_that_does_not_exist_says_so_in_vietnamese(tmp_path):
    from desktop.shared.errors import UserError

    with pytest.raises(UserError) as caught:
        sheet.write_table(tmp_path / "khong-co" / "a.xlsx", ["Họ và tên"], [["Nguyễn Thị Hoa"]])
    assert "không tồn tại" in caught.value.message and str(tmp_path / "khong-co") in caught.value.message
    assert not (tmp_path / "khong-co").exists()
