"""Spreadsheets carry the facts the rules need (issue 15 item 9): a person's hiring date, qualification,
home town and residence; a collective's status, end date and merger. Export, import back, bad values
refused by row and column with nothing written, and sheets made before these columns still import."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from desktop.app import spreadsheets as xlsx
from desktop.core.records import Records
from desktop.shared.errors import UserError

IND = xlsx.IMPORT_KINDS["individuals"]
COL = xlsx.IMPORT_KINDS["collectives"]


def _book(path, rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def _sheet(path) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(path).active.iter_rows()]


def _fill(rec: Records) -> None:
    a = rec.create("collective", {"name": "Trường Mầm non Hoa Sen", "kind": "truong_hoc"})
    b = rec.create("collective", {"name": "Trường Mầm non Hoa Mai", "kind": "truong_hoc"})
    c = rec.create("collective", {"name": "Thôn Lũng", "kind": "thon"})
    rec.update("collective", b, {**rec.get("collective", b), "status": "merged", "ended_on": "01/07/2025",
                                 "merged_into_id": a})
    rec.update("collective", c, {**rec.get("collective", c), "status": "dissolved", "ended_on": "30/06/2025"})
    rec.create("person", {"full_name": "Nguyễn Văn Tùng", "sex": "nam", "category": "cong_chuc",
                          "birth_date": "05/12/1990", "hired_on": "01/09/2012", "qualification": "Đại học Luật",
                          "home_town": "xã Tiên Du, tỉnh Bắc Ninh", "residence": "Thôn Đông, xã Tiên Du",
                          "collective_id": a})
    rec.create("person", {"full_name": "Lê Thị Mai", "sex": "nu", "category": "nhan_dan"})


def _facts(rec: Records) -> tuple[list, list]:
    people = sorted((v["full_name"], v["hired_on"], v["qualification"], v["home_town"], v["residence"])
                    for v in (rec.get("person", r[0]) for r in rec.list_rows("person")))
    names = {r[0]: r[1] for r in rec.list_rows("collective")}
    colls = sorted((v["name"], v["status"], v["ended_on"], names.get(v["merged_into_id"]))
                   for v in (rec.get("collective", i) for i in names))
    return people, colls


def test_round_trip_of_the_new_columns(tmp_path, paths):
    from desktop.app.workspace import init_workspace
    from desktop.store.db import open_database

    src = open_database(tmp_path / "src.sqlite3", None)
    init_workspace(src, "09319", "Nguyễn Thị Hoa")
    rec = Records(src.session)
    _fill(rec)
    expected = _facts(rec)
    # the merged school listed before the school it went into: the import links them once both are in
    xlsx.export_kind(src, "collective", tmp_path / "c.xlsx", sort_column=1, descending=True)
    xlsx.export_kind(src, "person", tmp_path / "p.xlsx")
    src.dispose()
    cells = _sheet(tmp_path / "c.xlsx")
    header = next(r for r in cells if r and r[0] == "Tên tập thể")
    assert header[-5:] == ["Tình trạng", "Ngày giải thể, sáp nhập", "Sáp nhập vào", "Điện thoại", "Ghi chú"]
    assert ["Trường Mầm non Hoa Mai", "Trường học", None, None, "Đã sáp nhập", dt.datetime(2025, 7, 1),
            "Trường Mầm non Hoa Sen"] in [r[:7] for r in cells]
    people = _sheet(tmp_path / "p.xlsx")
    header = next(r for r in people if r and r[0] == "Họ và tên")
    assert header[-6:-2] == ["Ngày tuyển dụng", "Trình độ chuyên môn", "Quê quán", "Nơi ở hiện nay"]
    assert any(r[-6:-2] == [dt.datetime(2012, 9, 1), "Đại học Luật", "xã Tiên Du, tỉnh Bắc Ninh",
                            "Thôn Đông, xã Tiên Du"] for r in people)

    dst = open_database(paths.db_file, None)
    try:
        init_workspace(dst, "09319", "Nguyễn Thị Hoa")
        for path, spec in ((tmp_path / "c.xlsx", COL), (tmp_path / "p.xlsx", IND)):
            prev = xlsx.check_import(dst, xlsx.read_for_import(path, spec))
            assert not prev.problems, prev.report_lines()
            xlsx.commit_import(dst, prev, "Nguyễn Thị Hoa")
        assert _facts(Records(dst.session)) == expected
    finally:
        dst.dispose()


def test_bad_facts_refuse_their_row_by_column_and_nothing_is_written(tmp_path, workspace):
    rec = Records(workspace.session)
    _fill(rec)
    before = _facts(rec)
    path = _book(tmp_path / "p.xlsx", [
        ["Họ và tên", "Giới tính", "Ngày sinh", "Ngày tuyển dụng", "Trình độ chuyên môn", "Đơn vị / thôn"],
        ["Phạm Văn An", "Nam", "01/01/1985", "15/08/2010", "Trung cấp Y", "Trường Mầm non Hoa Sen"],   # fine
        ["Đỗ Thị Bình", "Nữ", "01/01/1985", "31/02/2010", "", ""],                  # no such day
        ["Vũ Văn Cường", "Nam", "01/01/2000", "01/01/2010", "", ""],                # hired at 10
        ["Hà Thị Dung", "Nữ", "01/01/1990", "", "", "Trường Mầm non Hoa Mai"],      # a merged school: no new link
        ["Ngô Văn Em", "Nam", "01/01/1990", dt.datetime(2099, 1, 1), "", ""],      # an Excel date in the future
    ])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, IND))
    by_row = prev.problems_by_row()
    assert sorted(by_row) == [3, 4, 5, 6] and [r for r, _ in prev.rows] == [2]
    report = "\n".join(prev.report_lines())
    assert "Dòng 3 – Ngày tuyển dụng" in report and "không có trên lịch" in report
    assert "Dòng 4 – Ngày tuyển dụng" in report and "chưa đủ 15 tuổi" in report
    assert "Dòng 5 – Đơn vị / thôn" in report and "đã sáp nhập vào “Trường Mầm non Hoa Sen”" in report
    assert "Dòng 6 – Ngày tuyển dụng" in report
    with pytest.raises(UserError):
        xlsx.commit_import(workspace, prev, "x")

    path = _book(tmp_path / "c.xlsx", [
        ["Tên tập thể", "Loại", "Tình trạng", "Ngày giải thể, sáp nhập", "Sáp nhập vào"],
        ["Trường Tiểu học Hoa Đào", "Trường học", "", "", ""],                                 # fine: active
        ["Trạm Y tế cũ", "Trạm y tế", "Đã giải thể", "", ""],                                 # no date
        ["Thôn Mới", "Thôn", "tạm dừng", "", ""],                                             # no such status
        ["Trường THCS cũ", "Trường học", "Đã sáp nhập", "01/07/2025", "Trường THCS Không Có"],  # unknown target
        ["Trường THCS cũ 2", "Trường học", "Đã sáp nhập", "01/07/2025", "Thôn Lũng"],          # dissolved target
        ["Trường THCS cũ 3", "Trường học", "Đang hoạt động", "01/07/2025", ""],                # a date while active
        ["Trường THCS cũ 4", "Trường học", "Sáp nhập", "01/07/2025", "Trường Tiểu học Hoa Đào"],  # fine: row 2
    ])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, COL))
    by_row = prev.problems_by_row()
    assert sorted(by_row) == [3, 4, 5, 6, 7] and [r for r, _ in prev.rows] == [2, 8]
    report = "\n".join(prev.report_lines())
    assert "Dòng 3 – Ngày giải thể, sáp nhập" in report and "phải nhập ngày giải thể, sáp nhập" in report
    assert "Dòng 4 – Tình trạng" in report and "“tạm dừng” không có trong danh sách" in report
    assert "Dòng 5 – Sáp nhập vào" in report and "Trường THCS Không Có" in report
    assert "Dòng 6 – Sáp nhập vào" in report and "đã giải thể" in report
    assert "Dòng 7 – Ngày giải thể, sáp nhập" in report
    with pytest.raises(UserError):
        xlsx.commit_import(workspace, prev, "x")
    assert _facts(rec) == before


def test_sheets_made_before_the_new_columns_still_import(tmp_path, workspace):
    rec = Records(workspace.session)
    path = _book(tmp_path / "c.xlsx", [["Tên tập thể", "Loại", "Người đứng đầu"],
                                       ["Trường Mầm non Hoa Sen", "Trường học", "Nguyễn Thị Lan"]])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, COL))
    assert not prev.problems and xlsx.commit_import(workspace, prev, "x") == 1
    path = _book(tmp_path / "p.xlsx", [["Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị / thôn"],
                                       ["Phạm Văn An", "Nam", "01/01/1985", "Trường Mầm non Hoa Sen"]])
    prev = xlsx.check_import(workspace, xlsx.read_for_import(path, IND))
    assert not prev.problems and xlsx.commit_import(workspace, prev, "x") == 1
    people, colls = _facts(rec)
    assert people == [("Phạm Văn An", None, "", "", "")]
    assert colls == [("Trường Mầm non Hoa Sen", "active", None, None)]
