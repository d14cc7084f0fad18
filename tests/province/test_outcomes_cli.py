"""`province outcome`, `province outcome-sheet` and `province print-decision`, on SQLite and PostgreSQL:
one row accepted or returned, the sheet written, filled and read back (every bad row named, nothing
stored unless all are good), and the province's decision printed."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.__main__ import main
from desktop.app import outcomes as oc
from desktop.app import province
from desktop.app.workspace import open_workspace
from desktop.store.models_bundle import ProvinceOutcome
from tests.province import proposals_data

A, B = "09319", "09247"
YEAR = "2026"
DAY = "2026-11-25"  # after the proposals (20/11/2026), not after today


@pytest.fixture(autouse=True)
def _root_log_handlers():
    root = logging.getLogger()
    before = list(root.handlers), root.level
    yield
    for h in root.handlers:
        if h not in before[0]:
            h.close()
    root.handlers[:] = before[0]
    root.setLevel(before[1])


@pytest.fixture
def ws(province_paths):
    db = open_workspace(province_paths)
    province.init_province(db, province_paths)
    proposals_data.sample(db, 2026)
    db.dispose()
    return province_paths


def run(capsys, paths, *argv) -> tuple[int, str, str]:
    head = ["--data-dir", str(paths.data_dir)] + (["--db-url", paths.db_url] if paths.db_url else [])
    code = main(head + ["province", *[str(a) for a in argv]])
    out = capsys.readouterr()
    return code, out.out, out.err


def _outcomes(paths) -> list[tuple]:
    db = open_workspace(paths)
    try:
        with db.session() as s:
            return [tuple(r) for r in s.execute(select(ProvinceOutcome.row_uid, ProvinceOutcome.status,
                                                       ProvinceOutcome.decision_number, ProvinceOutcome.reason)
                                                .order_by(ProvinceOutcome.row_uid))]
    finally:
        db.dispose()


def test_one_row_accepted_and_returned(ws, capsys):
    code, out, err = run(capsys, ws, "outcome", "--year", YEAR, "--commune", A, "--row", "1", "--accept",
                         "--decision", "12/QĐ-UBND", "--date", DAY)
    assert code == 0, err
    assert "duyệt 1" in out
    code, out, err = run(capsys, ws, "outcome", "--year", YEAR, "--commune", A, "--row", f"{A}:proposal_row:2",
                         "--return", "--reason", "Thiếu hồ sơ")
    assert code == 0 and "trả lại 1" in out, err
    # a row that is not one of A's received rows: refused, in Vietnamese, nothing written
    code, out, err = run(capsys, ws, "outcome", "--year", YEAR, "--commune", A, "--row", "11", "--accept",
                         "--decision", "12/QĐ-UBND", "--date", DAY)
    assert code == 1 and "không phải dòng đề nghị" in err and "Xã Tiên Du" in err
    code, _out, err = run(capsys, ws, "outcome", "--year", YEAR, "--commune", A, "--row", "3", "--accept")
    assert code == 2 and "--decision" in err
    code, _out, err = run(capsys, ws, "outcome", "--year", YEAR, "--commune", A, "--row", "3", "--accept",
                          "--decision", "12/QĐ-UBND", "--date", "15/12/2026")
    assert code == 2 and "2026-12-15" in err
    assert _outcomes(ws) == [(f"{A}:proposal_row:1", "accepted", "12/QĐ-UBND", ""),
                             (f"{A}:proposal_row:2", "returned", "", "Thiếu hồ sơ")]


def _fill(path: Path, values: dict[str, tuple]) -> None:
    """Fill the sheet as a clerk would in Excel: Kết quả, Số QĐ, Ngày QĐ, Lý do of the rows named."""
    wb = load_workbook(path)
    ws = wb.active
    header = next(r for r in range(1, 10) if ws.cell(r, 2).value == "Mã dòng")
    for r in range(header + 1, ws.max_row + 1):
        uid = ws.cell(r, 2).value
        if uid in values:
            for c, v in zip(range(5, 9), values[uid], strict=True):
                ws.cell(r, c).value = v
    wb.save(path)


def test_sheet_round_trip_all_or_nothing(ws, capsys, tmp_path):
    sheet = tmp_path / "ket-qua.xlsx"
    code, out, err = run(capsys, ws, "outcome-sheet", "--year", YEAR, "--out", sheet)
    assert code == 0 and "5 dòng" in out, err
    # two bad rows: each named by its sheet row; nothing stored
    _fill(sheet, {f"{A}:proposal_row:1": ("Duyệt", "12/QĐ-UBND", "25/11/2026", None),
                  f"{A}:proposal_row:2": ("Đồng ý", None, None, None),
                  f"{B}:proposal_row:11": ("Duyệt", "12/QĐ-UBND", "32/11/2026", None),
                  f"{B}:proposal_row:12": ("Trả lại", None, None, "Số phiếu không đạt")})
    code, out, err = run(capsys, ws, "outcome", "--year", YEAR, "--xlsx", sheet)
    assert code == 1, out
    lines = [x for x in err.splitlines() if x.startswith("Dòng ")]
    assert len(lines) == 2 and "Đồng ý" in lines[1] and "không có trên lịch" in lines[0], err
    assert _outcomes(ws) == []
    _fill(sheet, {f"{A}:proposal_row:2": ("Trả lại", None, None, "Thiếu hồ sơ"),
                  f"{B}:proposal_row:11": ("Duyệt", "12/QĐ-UBND", "25/11/2026", None)})
    code, out, err = run(capsys, ws, "outcome", "--year", YEAR, "--xlsx", sheet, "--dry-run")
    assert code == 0 and "sẽ ghi" in out and "1 dòng để trống" in out, err
    assert _outcomes(ws) == []
    code, out, err = run(capsys, ws, "outcome", "--year", YEAR, "--xlsx", sheet)
    assert code == 0 and "duyệt 2, trả lại 2" in out, err
    assert len(_outcomes(ws)) == 4
    # the sheet of what is left: the one row not decided
    left = tmp_path / "con-lai.xlsx"
    code, out, err = run(capsys, ws, "outcome-sheet", "--year", YEAR, "--out", left)
    assert code == 0 and "1 dòng" in out, err


def test_a_hostile_sheet_is_refused_before_parsing(ws, capsys, tmp_path, monkeypatch):
    from desktop.app import outcome_sheet

    big = tmp_path / "lon.xlsx"
    big.write_bytes(b"PK" + b"\0" * 2048)
    monkeypatch.setattr(outcome_sheet, "MAX_FILE", 1024)
    code, _out, err = run(capsys, ws, "outcome", "--year", YEAR, "--xlsx", big)
    assert code == 1 and "quá lớn" in err
    monkeypatch.setattr(outcome_sheet, "MAX_FILE", 10 * 1024 * 1024)
    code, _out, err = run(capsys, ws, "outcome", "--year", YEAR, "--xlsx", big)
    assert code == 1 and "không phải tệp Excel" in err
    # reading stops at the row limit whatever the sheet holds or declares
    sheet = tmp_path / "dai.xlsx"
    assert run(capsys, ws, "outcome-sheet", "--year", YEAR, "--out", sheet)[0] == 0  # 3 title lines, header, 5 rows
    monkeypatch.setattr(outcome_sheet, "_SCAN", 6)
    code, _out, err = run(capsys, ws, "outcome", "--year", YEAR, "--xlsx", sheet)
    assert code == 1 and "hơn 6 dòng" in err
    monkeypatch.setattr(outcome_sheet, "_SCAN", 9)
    code, _out, err = run(capsys, ws, "outcome", "--year", YEAR, "--xlsx", sheet)
    assert code == 1 and "chưa có dòng nào ghi Kết quả" in err


def test_print_decision(ws, capsys, tmp_path):
    for row, commune in (("1", A), ("3", A), ("12", B)):
        code, _out, err = run(capsys, ws, "outcome", "--year", YEAR, "--commune", commune, "--row", row, "--accept",
                              "--decision", "12/QĐ-UBND", "--date", DAY)
        assert code == 0, err
    pdf = tmp_path / "qd.pdf"
    code, out, err = run(capsys, ws, "print-decision", "--decision", "12/QĐ-UBND", "--year", YEAR,
                         "--signer", "Nguyễn Văn Tỉnh", "--out", pdf)
    assert code == 0 and "3 đối tượng" in out, err
    assert pdf.read_bytes().startswith(b"%PDF")
    code, _out, err = run(capsys, ws, "print-decision", "--decision", "13/QĐ-UBND", "--year", YEAR,
                          "--signer", "Nguyễn Văn Tỉnh", "--out", pdf)
    assert code == 1 and "Chưa có dòng đề nghị nào" in err


def test_decision_text_and_grouping():
    """The decision built from plain rows: the province as issuer, the chairman's authority, the list
    grouped by commune then title (rendering only, no database)."""
    import datetime as dt

    from desktop.reports.province_docs import province_decision

    rows = [oc.DecisionRow(B, "Phường Quế Võ", "TTLDXS", "Tập thể lao động xuất sắc", "collective", "Trường A",
                           "Thôn Đông", 3_510_000),
            oc.DecisionRow(A, "Xã Tiên Du", "BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "person", "Nguyễn Thị Hoa",
                           "Công chức", None)]
    info = oc.ProvinceDecisionInfo("12/QĐ-UBND", dt.date(2026, 12, 15), 2026, rows, "Nguyễn Văn Tỉnh", "Phó Chủ tịch",
                                   [], 2_340_000, "", "2026.1")
    doc = province_decision(info)
    assert doc.issuer.body == ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"] and doc.number_text == "Số: 12/QĐ-UBND"
    assert (doc.signature.authority, doc.signature.title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    lst = doc.attached_list()
    heads = [lst.rows[i][0] for i in lst.spans]
    assert heads == ["I. Phường Quế Võ (1)", "1. Tập thể lao động xuất sắc (1)", "II. Xã Tiên Du (1)",
                     "1. Bằng khen của Chủ tịch UBND tỉnh (1)"]
    assert "12/QĐ-UBND ngày 15/12/2026 của Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh" in lst.attached_to
    assert "3.510.000" in doc.articles[1]
    chair = province_decision(oc.ProvinceDecisionInfo(**{**info.__dict__, "signer_title": "Chủ tịch"}))
    assert (chair.signature.authority, chair.signature.title) == ("", "CHỦ TỊCH")

