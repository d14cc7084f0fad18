"""The movement report as a report has it: the plans cited with their numbers, results per area and
against the province's targets, the year's awards, the assessment and the directions — the officer's
own text where only a person can write it (stored with the issued report, kept by a correction), dotted
lines otherwise; one spelling "văn hóa"; nothing about the software."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from desktop.__main__ import main
from desktop.app import issuing, sources
from desktop.app.issuing_docs import issue_report
from desktop.app.issuing_review import supersede
from desktop.app.special_awards import issue_plan
from desktop.core.launch_plan import PlanInput
from desktop.reports import documents as D
from desktop.shared.errors import UserError
from tests.reports.conftest import assert_decree30_pdf, flat
from tests.review.conftest import Commune

DAY = dt.date(2026, 12, 20)
HEADINGS = ("I. CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC PHONG TRÀO THI ĐUA", "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG THI ĐUA",
            "III. KẾT QUẢ CÔNG TÁC KHEN THƯỞNG", "IV. ĐÁNH GIÁ CHUNG", "1. Ưu điểm:", "2. Hạn chế:",
            "3. Nguyên nhân:", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027")


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def town(workspace):
    c = Commune(workspace)
    unit = c.unit()
    p1, p2 = c.person("Nguyễn Văn Một", unit), c.person("Trần Thị Hai", unit, sex="nu")
    c.register(("person", p1), "LDTT")
    c.achievement(("person", p1))
    c.review.add_history(("person", p1), 2026, "LDTT", "15/QĐ-UBND", DAY, source="commune")
    c.review.add_history(("person", p2), 2026, "LDTT", "15/QĐ-UBND", DAY, source="commune")
    c.review.add_history(("person", p2), 2026, "BK_TINH", "900/QĐ-UBND", DAY, source="province")
    return c


def test_the_draft_has_every_part_with_lines_to_write_on(town):
    doc = sources.movement_report(town.db, 2026, "Y", DAY)
    assert_decree30_pdf(D.to_pdf(doc))
    text = _text(D.to_pdf(doc))
    for h in HEADINGS:
        assert h in text, h
    assert "Thực hiện Kế hoạch số ......../KH-UBND ngày ..../..../...... của Ủy ban nhân dân tỉnh Bắc Ninh về " \
           "phát động phong trào thi đua yêu nước năm 2026" in text
    assert "Số: ......../BC-UBND" in text                      # room for the number
    # the awards of the year: the commune's decisions, then the levels above
    assert "Chủ tịch Ủy ban nhân dân xã Tiên Du khen thưởng: Lao động tiên tiến: 2" in text
    assert "Cấp trên khen thưởng: Bằng khen của Chủ tịch UBND tỉnh: 1." in text
    # results per area, the table of the province's targets inside part II, before part III
    assert text.index("1.5. ") < text.index("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2026") < text.index("III. KẾT QUẢ")
    assert "1. Ưu điểm: ....." in text and "NĂM 2027 ....." in text
    assert "văn hoá" not in text and "văn hóa" in text
    assert "phần mềm" not in text.lower() and "trong dữ liệu" not in text


def test_the_commune_plan_issued_is_cited_with_its_number(town):
    from desktop.app.special_awards import plan_defaults

    issue_plan(town.db, "Nguyễn Thị Hoa", PlanInput(2026, "Phát động phong trào thi đua yêu nước năm 2026",
                                                   dt.date(2026, 1, 15), dt.date(2026, 2, 28),
                                                   plan_defaults(town.db, 2026), ()), "Lê Văn Minh")
    text = _text(D.to_pdf(sources.movement_report(town.db, 2026, "Y", DAY)))
    assert "và Kế hoạch số 01/KH-UBND ngày 15/01/2026 của Ủy ban nhân dân xã Tiên Du" in text


def test_the_officers_text_is_stored_with_the_issued_report_and_kept_by_a_correction(town):
    texts = {"strengths": "Phong trào lan tỏa rộng khắp.", "directions": "Đẩy mạnh chuyển đổi số.\nNhân rộng mô hình."}
    info = issue_report(town.db, 2026, "Y", DAY, "Nguyễn Thị Hoa", texts=texts)
    doc = issuing.document(town.db, info.id)
    assert dict(doc.sections)["V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"] == ["Đẩy mạnh chuyển đổi số.", "Nhân rộng mô hình."]
    text = _text(D.to_pdf(doc))
    assert "1. Ưu điểm: Phong trào lan tỏa rộng khắp. 2. Hạn chế: ....." in text
    assert "NĂM 2027 Đẩy mạnh chuyển đổi số. Nhân rộng mô hình." in text
    # the frozen content holds the text: the records changing later does not change the report
    town.review.add_history(("person", town.person("Lê Văn Ba")), 2026, "LDTT", "16/QĐ-UBND", DAY,
                            source="commune")
    assert _text(D.to_pdf(issuing.document(town.db, info.id))) == text
    new = supersede(town.db, info.id, "dinh_chinh", "Sửa số liệu khen thưởng", "Nguyễn Thị Hoa", on=DAY)
    corrected = issuing.document(town.db, new.id)
    assert dict(corrected.sections)["V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"] == ["Đẩy mạnh chuyển đổi số.",
                                                                          "Nhân rộng mô hình."]
    text = _text(D.to_pdf(corrected))
    assert "Phong trào lan tỏa rộng khắp." in text and "Lao động tiên tiến: 3" in text


def test_an_unknown_part_or_bad_text_is_refused_before_anything_is_stored(town):
    with pytest.raises(UserError, match="không có phần “praise”.*strengths"):
        issue_report(town.db, 2026, "Y", DAY, "Nguyễn Thị Hoa", texts={"praise": "Tốt"})
    with pytest.raises(UserError, match="strengths"):
        issue_report(town.db, 2026, "Y", DAY, "Nguyễn Thị Hoa", texts={"strengths": "Tốt\x1b[31m"})
    assert issuing.list_documents(town.db, 2026) == []


def test_issue_report_takes_the_parts_on_the_command_line(town, paths, tmp_path, capsys):
    f = tmp_path / "phan.json"
    f.write_text(json.dumps({"weaknesses": "Một số thôn đăng ký muộn.", "causes": "Thông tin chưa kịp thời."},
                            ensure_ascii=False), encoding="utf-8")
    args = ["--data-dir", str(paths.data_dir), "documents", "issue", "report", "--year", "2026",
            "--date", "20/12/2026", "--text-file", str(f), "--section", "strengths=Đoàn kết.",
            "--section", "strengths=Chủ động.", "--json"]
    assert main(args) == 0
    doc_id = json.loads(capsys.readouterr().out)["id"]
    out = tmp_path / "bc.pdf"
    assert main(["--data-dir", str(paths.data_dir), "print", str(doc_id), "--out", str(out)]) == 0
    text = _text(out.read_bytes())
    assert "1. Ưu điểm: Đoàn kết. Chủ động. 2. Hạn chế: Một số thôn đăng ký muộn. 3. Nguyên nhân: Thông tin " \
           "chưa kịp thời." in text
    assert main(["--data-dir", str(paths.data_dir), "documents", "issue", "report", "--section", "praise=x"]) == 1
    assert "praise" in capsys.readouterr().err


def test_the_years_proposals_to_the_province_are_counted_by_title(demo_db):
    from desktop.app.issuing_review import review
    from desktop.core.review import check_year

    rv = review(demo_db, "Nguyễn Thị Hoa")
    members = [m[0] for m in rv.council()]
    mid = rv.open_meeting(2026, DAY, members, chair=members[0], secretary=members[-1])
    with demo_db.session() as s:
        bk = [c for c in check_year(s, 2026).candidates if c.title_code == "BK_TINH" and c.state == "ok"]
    assert bk
    for c in bk:
        assert rv.record_ballot(mid, c.subject, "BK_TINH", len(members), 0).passed
    info = rv.decide(2026, DAY, "Lê Văn Minh", "Chủ tịch", "TM.", kind="proposal", meeting_id=mid)
    n = sum(1 for r in info.rows if r.title_code == "BK_TINH")
    text = _text(D.to_pdf(sources.movement_report(demo_db, 2026, "Y", DAY)))
    part = text[text.index("III. KẾT QUẢ CÔNG TÁC KHEN THƯỞNG"):text.index("IV. ĐÁNH GIÁ CHUNG")]
    assert "Đề nghị cấp trên khen thưởng (tờ trình):" in part and f"Bằng khen của Chủ tịch UBND tỉnh: {n}" in part
