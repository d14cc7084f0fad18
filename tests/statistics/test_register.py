"""The award register (sổ theo dõi khen thưởng): a person's awards of several years, grouped per
subject, with the decision's number, date, issuer and bonus; filtered by years and by subject; PDF
and xlsx by the extension of ``print register --out``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.__main__ import main
from desktop.app.award_register import Filter, award_register
from desktop.shared.errors import UserError
from tests.statistics.seed import seed


@pytest.fixture
def seeded(workspace):
    return workspace, seed(workspace)


def _cli(paths, *args) -> int:
    return main(["--data-dir", str(paths.data_dir), *[str(a) for a in args]])


def test_a_persons_awards_of_two_years_in_order(seeded):
    db, s = seeded
    reg = award_register(db, Filter(2025, 2026, ("person", s.people["hoa"])))
    assert [(e.year, e.title, e.decision_no, e.decision_date, e.amount) for e in reg.entries] == [
        (2025, "Lao động tiên tiến", "3/QĐ-UBND", dt.date(2025, 12, 20), 702000),
        (2026, "Lao động tiên tiến", "9/QĐ-UBND", dt.date(2026, 12, 20), 702000)]
    assert {e.issuer for e in reg.entries} == {"Chủ tịch UBND xã Tiên Du"}
    assert reg.entries[0].unit == "Trường Tiểu học Nội Duệ"


def test_the_whole_register_groups_subjects(seeded):
    db, s = seeded
    reg = award_register(db)
    kinds = [e.subject_type for e in reg.entries]
    assert kinds == sorted(kinds, key=["collective", "household", "person"].index)
    assert len(reg.entries) == 11
    tuan = [e for e in reg.entries if e.subject_id == s.people["tuan"] and e.subject_type == "person"]
    assert [(e.title, e.issuer, e.amount) for e in tuan] == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh Bắc Ninh", None)]
    gdvh = [e for e in reg.entries if e.title == "Gia đình văn hóa"]
    assert [e.decision_no for e in gdvh] == ["20/QĐ-UBND", "20/QĐ-UBND"]   # from the culture round


def test_print_register_pdf_and_xlsx(seeded, paths, tmp_path, capsys):
    _, s = seeded
    pdf = tmp_path / "so.pdf"
    assert _cli(paths, "print", "register", "--person", s.people["hoa"], "--out", pdf) == 0
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "SỔ THEO DÕI KHEN THƯỞNG" in text and "Nguyễn Thị Hoa" in text
    assert "12/QĐ-UBND" in text and "3/QĐ-UBND" in text and "9/QĐ-UBND" in text   # 2024, 2025, 2026
    assert "Trần Thị Lan" not in text
    out = tmp_path / "so.xlsx"
    assert _cli(paths, "print", "register", "--year-from", 2025, "--year-to", 2025, "--out", out) == 0
    ws = load_workbook(out).active
    rows = [r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert {r[4] for r in rows} == {2025}
    hoa = next(r for r in rows if r[1] == "Nguyễn Thị Hoa")
    assert hoa[5:] == ("Lao động tiên tiến", "3/QĐ-UBND", dt.datetime(2025, 12, 20), "Chủ tịch UBND xã Tiên Du",
                       702000)


def test_wrong_choices_are_refused(seeded, paths, tmp_path, capsys):
    db, s = seeded
    with pytest.raises(UserError, match="sau năm kết thúc"):
        award_register(db, Filter(2027, 2025))
    assert _cli(paths, "print", "register", "--person", 1, "--household", 1, "--out", tmp_path / "a.pdf") == 2
    assert _cli(paths, "print", "register", "--household", 999, "--out", tmp_path / "a.pdf") == 1
    assert "Không tìm thấy đối tượng mã 999" in capsys.readouterr().err
