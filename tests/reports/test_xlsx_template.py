"""The empty list of each import kind: the exact column names, their comments, text columns and drop-down
lists, written by ``export-xlsx template-KIND``; filled in and imported back, it imports."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.__main__ import main
from desktop.app import import_template
from desktop.app import spreadsheets as xlsx
from desktop.core.records import Records
from desktop.shared.errors import UserError

FILLED = {
    "individuals": {"Họ và tên": "Nguyễn Văn An", "Giới tính": "Nam", "Ngày sinh": "05/12/1980",
                    "Số CCCD": "027080000123", "Thành phần": "Cán bộ", "Đơn vị / thôn": "Thôn Đông",
                    "Điện thoại": "0912345678", "Ngày tuyển dụng": "01/06/2005"},
    "households": {"Chủ hộ": "Nguyễn Văn Ba", "Thôn, tổ dân phố": "Thôn Đông", "Số nhân khẩu": "4"},
    "collectives": {"Tên tập thể": "Hội Nông dân xã", "Loại": "Mặt trận, đoàn thể", "Tình trạng": "Đang hoạt động"},
    "indicators": {"Năm": "2026", "Mục tiêu của tỉnh": None, "Kỳ": None, "Chỉ tiêu của xã": "Hộ dùng nước sạch",
                   "Đơn vị tính": "%", "Kế hoạch": "96,4"},
}


@pytest.mark.parametrize("key", list(xlsx.IMPORT_KINDS))
def test_the_template_names_every_column_and_imports_back_once_filled(key, tmp_path, workspace, paths):
    Records(workspace.session).create("collective", {"name": "Thôn Đông", "kind": "thon"})
    out = tmp_path / f"mau-{key}.xlsx"
    assert main(["--data-dir", str(paths.data_dir), "export-xlsx", f"template-{key}", "--out", str(out)]) == 0
    spec = xlsx.IMPORT_KINDS[key]
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[4]]
    assert header == [f.label for f in spec.fields]
    assert ws["A1"].value.startswith("DANH SÁCH") and "Hướng dẫn" in ws["A2"].value
    assert {str(r) for r in ws.merged_cells.ranges} >= {f"A1:{ws.cell(4, len(header)).column_letter}1"}
    assert all(ws.cell(4, i + 1).comment is not None for i in range(len(header)))
    lists = {str(dv.sqref).split(":")[0][:-1]: dv.formula1 for dv in ws.data_validations.dataValidation}
    for i, f in enumerate(spec.fields):
        letter = ws.cell(4, i + 1).column_letter
        if f.name in ("cccd", "phone", "birth_date"):
            assert ws.column_dimensions[letter].number_format == "@", f.name
        if f.name in ("sex", "kind", "village", "period", "target_code"):
            assert letter in lists, f.name
    hidden = wb["Danh mục"]
    assert hidden.sheet_state == "hidden"
    # filled as an officer would (drop-down values, dates as text) and imported back
    values = dict(FILLED[key])
    if key == "indicators":
        values["Mục tiêu của tỉnh"] = hidden.cell(2, 1).value   # "(1) …" from its list
        values["Kỳ"] = hidden.cell(2, 2).value
    for i, name in enumerate(header):
        if name in values:
            ws.cell(5, i + 1, values[name])
    wb.save(out)
    prev = xlsx.check_import(workspace, xlsx.read_for_import(out, spec))
    assert not prev.errors and len(prev.rows) == 1, prev.report_lines()
    assert xlsx.commit_import(workspace, prev, "Nguyễn Thị Hoa") == 1


def test_an_unknown_template_is_named_with_the_ones_that_exist(workspace, tmp_path):
    with pytest.raises(UserError, match="template-individuals"):
        import_template.write_kind_template(workspace, "people", tmp_path / "x.xlsx")


def test_a_template_cell_format_keeps_leading_zeros_of_what_is_typed(workspace, tmp_path):
    """What the officer types in the CCCD column stays text: the file marks the column as text."""
    out = tmp_path / "m.xlsx"
    import_template.write_kind_template(workspace, "individuals", out)
    ws = load_workbook(out).worksheets[0]
    cccd = next(c.column_letter for c in ws[4] if c.value == "Số CCCD")
    assert ws.column_dimensions[cccd].number_format == "@"
