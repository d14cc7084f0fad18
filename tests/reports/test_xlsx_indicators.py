"""Excel import of indicators: "Kế hoạch" / "Thực hiện" are numbers (Excel numbers, or text written the
Vietnamese way), a range only under a target the plan states as one; anything else refuses the file."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from desktop.__main__ import main
from desktop.app import spreadsheets as xlsx
from desktop.core.records import Records
from desktop.shared.errors import UserError

HEADER = ["Năm", "Mục tiêu của tỉnh", "Kỳ", "Chỉ tiêu của xã", "Đơn vị tính", "Kế hoạch", "Thực hiện"]
GOOD = [
    [2026, 3, "Tổng kết năm", "Tỷ lệ lao động qua đào tạo", "%", 80, 80.5],        # Excel numbers
    [2026, "(4) Vốn đầu tư/GRDP", "Y", "Vốn đầu tư trên địa bàn", "%", "35 - 40", "37,5"],
    [2026, "12", "Sơ kết 6 tháng", "Hộ dùng nước sạch", "%", "96,4", "1.234"],
]
BAD = [
    [2026, 3, "H1", "Chỉ tiêu A", "%", "abc", ""],
    [2026, 3, "H1", "Chỉ tiêu B", "", "12.5", ""],
    [2026, 3, "H1", "Chỉ tiêu C", "", "35 - 40", ""],   # target 3 is one figure in the plan
]


def _book(path, rows):
    wb = Workbook()
    ws = wb.active
    for r in [HEADER, *rows]:
        ws.append(r)
    wb.save(path)
    return path


def test_bad_values_refuse_the_file_with_row_and_reason(tmp_path, workspace):
    path = _book(tmp_path / "ct.xlsx", GOOD + BAD)
    plan = xlsx.read_for_import(path, xlsx.IMPORT_KINDS["indicators"])
    assert all(plan.mapping[f.name] is not None for f in plan.spec.fields if f.name != "note")
    prev = xlsx.check_import(workspace, plan)
    by_row = {p.row: p for p in prev.errors}
    assert sorted(by_row) == [5, 6, 7]
    assert "không phải là số" in by_row[5].message and "12,5" in by_row[5].message
    assert "dấu phẩy" in by_row[6].message
    assert "khoảng" in by_row[7].message
    with pytest.raises(UserError):
        xlsx.commit_import(workspace, prev, "x")
    assert Records(workspace.session).count("indicator") == 0
    data_dir = str(workspace.engine.url.database).rsplit("/", 1)[0]
    assert main(["--data-dir", data_dir, "import-xlsx", str(path), "--kind", "indicators", "--dry-run"]) == 1


def test_good_values_stored_canonically_and_read_back_from_the_export(tmp_path, workspace):
    plan = xlsx.read_for_import(_book(tmp_path / "ct.xlsx", GOOD), xlsx.IMPORT_KINDS["indicators"])
    prev = xlsx.check_import(workspace, plan)
    assert not prev.errors, prev.report_lines()
    assert xlsx.commit_import(workspace, prev, "Nguyễn Thị Hoa") == 3
    rec = Records(workspace.session)
    got = sorted((r[4], r[6], r[7]) for r in rec.list_rows("indicator"))  # (id, year, target, period, name, unit, …)
    assert got == [("Hộ dùng nước sạch", "96,4", "1.234"), ("Tỷ lệ lao động qua đào tạo", "80", "80,5"),
                   ("Vốn đầu tư trên địa bàn", "35 - 40", "37,5")]
    # the app's own export reads back: its rows are the indicators stored, skipped, or as an update the
    # same values (nothing changes)
    xlsx.export_kind(workspace, "indicator", tmp_path / "out.xlsx")
    again = xlsx.check_import(workspace, xlsx.read_for_import(tmp_path / "out.xlsx", xlsx.IMPORT_KINDS["indicators"]))
    assert not again.errors and not again.rows and again.unchanged == 3
    assert all("đã có trong dữ liệu" in p.message for p in again.warnings)
    again = xlsx.check_import(workspace, xlsx.read_for_import(tmp_path / "out.xlsx", xlsx.IMPORT_KINDS["indicators"]),
                              update=True)
    assert not again.errors and not again.updates and again.unchanged == 3, again.report_lines()
