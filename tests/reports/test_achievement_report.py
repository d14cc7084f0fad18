"""The achievement report on the standard form: the profile the form asks for (quê quán, trú quán,
trình độ, học hàm, học vị, chức vụ, nhiệm vụ được giao), the awards received from the award history,
the title the officer proposes (command line and window), the unit's head confirming, a collective's
superior body in its header; nothing printed speaks of the software."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from desktop.__main__ import main
from desktop.app import sources
from desktop.core.report_forms import achievement_forms
from desktop.reports import documents as D
from desktop.shared.errors import UserError
from tests.reports.conftest import assert_decree30_pdf, flat
from tests.review.conftest import Commune

DAY = dt.date(2026, 12, 5)
SOFTWARE_WORDS = ("phần mềm", "trong dữ liệu", "được ghi nhận trong")


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def town(workspace):
    c = Commune(workspace)
    school = c.rec.create("collective", {"name": "Trường Tiểu học Tiên Du", "kind": "truong_hoc",
                                         "leader_name": "Phạm Văn Hiệu",
                                         "superior": "Ủy ban nhân dân xã Tiên Du"})
    pid = c.rec.create("person", {
        "full_name": "Nguyễn Thị Lan", "sex": "nu", "category": "vien_chuc", "collective_id": school,
        "birth_date": "12/03/1985", "position": "Giáo viên", "home_town": "xã Tiên Du, tỉnh Bắc Ninh",
        "residence": "Thôn Đông Sơn, xã Tiên Du", "qualification": "Đại học Sư phạm",
        "academic_title": "Thạc sĩ", "duty": "Chủ nhiệm lớp 5A, tổ trưởng chuyên môn khối 5"})
    c.rate(("person", pid), "xuat_sac", 2025)
    c.rate(("person", pid), "xuat_sac", 2026)
    c.review.add_history(("person", pid), 2025, "LDTT", "12/QĐ-UBND", dt.date(2025, 12, 20), source="commune")
    c.review.add_history(("person", pid), 2025, "GK_XA", "13/QĐ-UBND", dt.date(2025, 12, 20), source="commune")
    c.register(("person", pid), "LDTT")
    c.ids = {"school": school, "person": pid}
    return c


def test_the_person_report_follows_the_form_with_the_awards_from_the_history(town):
    doc = sources.achievement_report(town.db, "person", town.ids["person"], 2026, DAY, title_code="CSTDCS")
    text = _text(D.to_pdf(doc))
    assert_decree30_pdf(D.to_pdf(doc), "BÁO CÁO THÀNH TÍCH", "ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ”",
                        achievement_forms()["person"].number)
    for line in ("- Quê quán: xã Tiên Du, tỉnh Bắc Ninh", "- Trú quán: Thôn Đông Sơn, xã Tiên Du",
                 "- Trình độ chuyên môn, nghiệp vụ: Đại học Sư phạm",
                 "- Học hàm, học vị, danh hiệu, giải thưởng: Thạc sĩ",
                 "- Chức vụ (Đảng, chính quyền, đoàn thể): Giáo viên",
                 "Chủ nhiệm lớp 5A, tổ trưởng chuyên môn khối 5",
                 "TRƯỜNG TIỂU HỌC TIÊN DU", "ỦY BAN NHÂN DÂN XÃ TIÊN DU",
                 "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", "NGƯỜI BÁO CÁO THÀNH TÍCH"):
        assert line in text, line
    # the awards received, from the history: a title under 1., a form of award under 2.
    titles = text[text.index("1. Danh hiệu thi đua"):text.index("2. Hình thức khen thưởng")]
    assert "2025 Lao động tiên tiến Quyết định số 12/QĐ-UBND ngày 20/12/2025" in titles
    forms = text[text.index("2. Hình thức khen thưởng"):]
    assert "Giấy khen" in forms and "13/QĐ-UBND" in forms
    assert "Chưa có quyết định khen thưởng" not in text
    assert not any(w in text for w in SOFTWARE_WORDS)


def test_the_proposed_title_defaults_to_the_registered_one_and_a_wrong_code_is_refused(town):
    doc = sources.achievement_report(town.db, "person", town.ids["person"], 2026, DAY)
    assert doc.proposed == "Lao động tiên tiến"
    with pytest.raises(UserError, match="TTLDTT.*Các mã"):
        sources.achievement_report(town.db, "person", town.ids["person"], 2026, DAY, title_code="TTLDTT")


def test_a_collective_report_names_its_superior_and_its_head_signs(town):
    doc = sources.achievement_report(town.db, "collective", town.ids["school"], 2026, DAY, title_code="TTLDTT")
    text = _text(D.to_pdf(doc))
    assert achievement_forms()["collective"].number in text
    head = text[:text.index("BÁO CÁO THÀNH TÍCH")]
    assert "ỦY BAN NHÂN DÂN XÃ TIÊN DU" in head and "TRƯỜNG TIỂU HỌC TIÊN DU" in head
    assert "THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN" in text and "Phạm Văn Hiệu" in text
    assert "2. Chức năng, nhiệm vụ" in text and "......" in text   # for the unit to write
    assert not any(w in text for w in SOFTWARE_WORDS)


def test_a_person_with_nothing_recorded_gets_lines_to_fill_not_software_words(workspace):
    c = Commune(workspace)
    pid = c.person("Lê Văn Bốn", rating=None)
    text = _text(D.to_pdf(sources.achievement_report(workspace, "person", pid, 2026, DAY)))
    assert "- Quê quán: ....." in text and "ĐỀ NGHỊ TẶNG ....." in text
    assert "ỦY BAN NHÂN DÂN XÃ TIÊN DU" in text   # no workplace: the commune reports
    assert not any(w in text for w in SOFTWARE_WORDS)


def test_print_achievement_takes_the_title_on_the_command_line(town, paths, tmp_path, capsys):
    out = tmp_path / "bctt.pdf"
    assert main(["--data-dir", str(paths.data_dir), "print", "achievement", "--person", str(town.ids["person"]),
                 "--title", "CSTDCS", "--year", "2026", "--out", str(out)]) == 0
    assert "ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ”" in _text(out.read_bytes())
    assert main(["--data-dir", str(paths.data_dir), "print", "achievement", "--person", str(town.ids["person"]),
                 "--title", "XYZ", "--year", "2026", "--out", str(out)]) == 1
    assert "XYZ" in capsys.readouterr().err
