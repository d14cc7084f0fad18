"""The statistics report of a commune: the figures counted on a seeded workspace match the hand counts
(the workbook read back, the PDF's text), the period and the forms are data, and ``print statistics``
writes .xlsx or .pdf by the extension."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.__main__ import main
from desktop.app.statistics import statistics_report
from desktop.core.statistics import StatisticsConfigError, load_forms
from desktop.shared.paths import resources_dir
from tests.statistics.seed import YEAR, seed


@pytest.fixture
def seeded(workspace):
    seed(workspace)
    return workspace


def _cli(paths, *args) -> int:
    return main(["--data-dir", str(paths.data_dir), *[str(a) for a in args]])


def _sheet_rows(path, sheet: str) -> dict:
    ws = load_workbook(path)[sheet]
    out: dict = {}
    for r in ws.iter_rows(values_only=True):
        if r[1] is not None:
            out.setdefault(r[1], r[2:])   # the first of a label (the xã group's "Cộng" before the tỉnh one)
    return out


def test_the_workbook_holds_the_hand_counts(seeded, paths, tmp_path, capsys):
    out = tmp_path / "tk.xlsx"
    assert _cli(paths, "print", "statistics", "--year", YEAR, "--out", out) == 0
    assert "3 biểu" in capsys.readouterr().out
    rows = _sheet_rows(out, "Theo danh hiệu")
    # total, collectives, households, persons, women, workers/farmers, minorities (not in the data), bonus
    assert rows["Lao động tiên tiến"] == (3, 0, 0, 3, 2, 2, None, 3 * 702000)   # the 20/12/2026 one is next year's
    assert rows["Chiến sĩ thi đua cơ sở"] == (1, 0, 0, 1, 1, 0, None, 2340000)
    assert rows["Tập thể lao động tiên tiến"] == (1, 1, 0, 0, 0, 0, None, 1755000)
    assert rows["Gia đình văn hóa"] == (2, 0, 2, 0, 0, 0, None, None)             # the culture round
    assert rows["Giấy khen của Chủ tịch UBND cấp xã"] == (1, 0, 1, 0, 0, 0, None, 500000)
    assert rows["Cộng"] == (8, 1, 3, 4, 3, 2, None, 6701000)
    assert rows["Bằng khen của Chủ tịch UBND tỉnh"] == (1, 0, 0, 1, 0, 1, None, None)  # the province pays it
    assert rows["Tổng cộng"] == (9, 1, 3, 5, 3, 3, None, 6701000)
    ws = load_workbook(out)["Theo danh hiệu"]
    assert ws.freeze_panes and ws.page_setup.orientation == "landscape"
    f0603 = {r[1]: r[2:] for r in load_workbook(out)["0603.N"].iter_rows(values_only=True) if r[1]}
    # total (Bằng khen + CSTĐ + Cờ), Bằng khen, CSTĐ cấp tỉnh, Cờ thi đua, Huy hiệu (not in the catalog)
    assert f0603["01"] == (1, 1, 0, 0, None)            # the province's Bằng khen to Đỗ Văn Tuấn
    assert f0603["05"] == (1, 1, 0, 0, None) and f0603["02"] == (0, 0, 0, 0, None)
    assert f0603["10"] == (1, 1, 0, 0, None)            # a farmer: works directly
    assert f0603["06"] == (None,) * 5                    # leaders: not in the records
    assert f0603["11"] == (1, 1, 0, 0, None)            # on a year-end proposal: thường xuyên
    f0601 = {r[1]: r[2:] for r in load_workbook(out)["0601.N"].iter_rows(values_only=True) if r[1]}
    # total, central, ministry/province, the unit itself: the launch plan and the chuyên đề theme
    assert f0601["01"] == (2, 0, 0, 2)
    assert f0601["05"] == (2, 0, 0, 2)
    assert f0601["07"] == (None, 0, 0, None)            # the theme's duration is not known
    assert f0601["11"] == (1, 0, 0, 1) and f0601["12"] == (1, 0, 0, 1)


def test_the_pdf_is_landscape_with_the_form_and_the_period(seeded, paths, tmp_path):
    out = tmp_path / "tk.pdf"
    assert _cli(paths, "print", "statistics", "--year", YEAR, "--out", out) == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    box = reader.pages[0].mediabox
    assert box.width > box.height
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "0601.N/BNV-TĐKT" in text and "0603.N/BNV-TĐKT" in text and "Đơn vị tính: Phong trào" in text
    assert "số liệu từ ngày 01/12/2025 đến ngày 30/11/2026" in text
    assert "6.701.000" in text and "Hạn gửi: 15/12/2026" in text
    assert "không ghi dân tộc" in text      # the empty column says why


def test_the_period_is_data(seeded, tmp_path):
    folder = tmp_path / "statistics"
    shutil.copytree(resources_dir() / "statistics", folder)
    raw = json.loads((folder / "forms.json").read_text(encoding="utf-8"))
    raw["period"].update(from_month=1, from_day=1, from_year_offset=0, to_month=12, to_day=31)
    (folder / "forms.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    report = statistics_report(seeded, YEAR, forms=load_forms(folder))
    ldtt = next(r for r in report.tables[0].rows if r[1] == "Lao động tiên tiến")
    assert ldtt[2:5] == [1, 0, 0]           # only the decision of 20/12/2026 falls in the calendar year


def test_a_malformed_forms_file_is_refused_naming_the_entry(tmp_path):
    folder = tmp_path / "statistics"
    shutil.copytree(resources_dir() / "statistics", folder)
    raw = json.loads((folder / "forms.json").read_text(encoding="utf-8"))
    raw["forms"][0]["columns"][1]["count"] = {"ethnicity": "x"}
    (folder / "forms.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(StatisticsConfigError, match="biểu thứ 1, cột thứ 2"):
        load_forms(folder)


def test_every_form_says_its_source_and_what_was_not_read():
    raw = json.loads((resources_dir() / "statistics" / "forms.json").read_text(encoding="utf-8"))
    assert raw["source"].startswith("https://") and "NOT read" in raw["note"]
    assert raw["period"]["source"] and raw["deadline"]["source"]
    assert all(f.get("note") for f in raw["forms"])


def test_print_refuses_another_extension(seeded, paths, tmp_path, capsys):
    assert _cli(paths, "print", "statistics", "--out", tmp_path / "tk.docx") == 2
    assert ".pdf hoặc .xlsx" in capsys.readouterr().err


def test_a_repealed_decision_is_no_longer_counted(seeded):
    """A decision repealed by a later act (documents supersede --change bai_bo) leaves the movements form;
    its awards were withdrawn with it, so they leave the awards form too."""
    import datetime as dt

    from sqlalchemy import select, update

    from desktop.store.models_reports import IssuedDocument
    from desktop.store.models_review import AwardHistory, ReviewDecision

    def count(code: str) -> int:
        f0601 = next(t for t in statistics_report(seeded, YEAR).tables if t.code.startswith("0601"))
        return next(r[2] for r in f0601.rows if r[1] == code)

    label = "11"     # Thi đua theo chuyên đề: the theme of the chuyên đề decision
    assert count(label) == 1
    with seeded.session() as s, s.begin():
        d = s.scalars(select(ReviewDecision).where(ReviewDecision.occasion == "chuyen_de")).one()
        common = dict(year=YEAR, issue_year=YEAR, issued_on=dt.date(2026, 10, 1), content="{}", sha256="0" * 64,
                      source_kind="review_decision", source_id=d.id)
        old = IssuedDocument(kind="decision", number_text=d.number_text, **common)
        s.add(old)
        s.flush()
        s.add(IssuedDocument(kind="repeal", replaces_id=old.id, change_kind="bai_bo", **common))
        s.execute(update(AwardHistory).where(AwardHistory.decision_id == d.id)
                  .values(deleted_at=dt.datetime(2026, 10, 1)))
    assert count(label) == 0
    awards = statistics_report(seeded, YEAR).tables[0]
    assert next(r for r in awards.rows if r[1] == "Giấy khen của Chủ tịch UBND cấp xã")[2] == 0
