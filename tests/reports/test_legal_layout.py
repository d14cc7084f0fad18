"""The decision and the proposal as a clerk signs them (issue 16, points 3 and 4): the signature never
alone on a page, the attached list numbering its pages on its own and carrying no QR code or hash, a
4-digit STT on one line, "(Kèm theo …)" in 14 pt italic, the "Căn cứ" lines 6 pt apart, the rule under
the summary 1/3 to 1/2 of its line, no 0 in the amount column."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from desktop.reports import documents as D
from desktop.reports import layout as L
from tests.reports.conftest import assert_decree30_pdf, flat, object_boxes, page_number, pdf_text

DAY = dt.date(2026, 12, 15)
ISSUER = L.Issuer.commune("Xã Tiên Du")
SIG = L.Signature("CHỦ TỊCH", "Nguyễn Văn Thành")


def _decision(rows: list[D.AwardRow], articles: list[str] | None = None, bases: list[str] | None = None):
    return D.DecisionDoc(
        issuer=ISSUER, number=1, date=DAY, summary="Về việc công nhận danh hiệu thi đua và khen thưởng năm 2026",
        decider="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN DU",
        bases=bases or ["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"],
        articles=articles or ["Công nhận danh hiệu.", "Tiền thưởng.", "Quyết định này có hiệu lực kể từ ngày ký."],
        rows=rows, signature=SIG, recipients=["Như Điều 3"], archive="VT, TĐKT")


def _spans(data: bytes) -> list[tuple[int, str, float, str]]:
    """(page, text, font size, font name) of every text run."""
    out = []
    for i, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        def visit(text, cm, tm, font_dict, size, i=i):
            if text.strip():
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                out.append((i, text, size * scale, str((font_dict or {}).get("/BaseFont", ""))))
        page.extract_text(visitor_text=visit)
    return out


def test_the_signature_goes_with_the_last_article_when_it_does_not_fit():
    # enough articles to fill page 1 to its last lines: the signature block does not fit under them
    filler = "Nội dung điều khoản được trình bày đầy đủ theo quy định của pháp luật về thi đua, khen thưởng. " * 4
    for n in range(4, 14):
        doc = _decision([D.AwardRow("Nguyễn Văn A", "Thôn Đông", "Lao động tiên tiến", 710000)],
                        articles=[filler] * n + ["Quyết định này có hiệu lực kể từ ngày ký."])
        pages = pdf_text(D.to_pdf(doc))
        sig_page = next(i for i, p in enumerate(pages) if "Nguyễn Văn Thành" in p)
        if sig_page > 0:
            break
    else:
        raise AssertionError("no article count pushed the signature to page 2")
    # the page with the signature also has the last article on it: never the signature alone
    assert "Quyết định này có hiệu lực kể từ ngày ký" in flat(pages[sig_page])
    assert "Nơi nhận:" in pages[sig_page]


def test_the_attached_list_numbers_its_own_pages_and_has_no_qr():
    rows = [D.AwardRow(f"Nguyễn Văn {i}", "Thôn Đông", "Lao động tiên tiến", 710000) for i in range(1, 70)]
    data = D.to_pdf(_decision(rows))
    pages = pdf_text(data)
    first_list = next(i for i, p in enumerate(pages) if "(Kèm theo Quyết định" in p)
    assert first_list == 1 and len(pages) >= 3
    assert page_number(data, 0) == ""
    assert page_number(data, first_list) == ""  # the list's first page: no number, like a document's
    assert page_number(data, first_list + 1) == "2"  # then 2, not 3
    whole = flat(" ".join(pages))
    assert "SHA-256" not in whole and "Mã kiểm tra" not in whole
    assert not [b for b in object_boxes(data) if b[5] == 5]  # no image (the QR code is drawn as paths…)
    # … and no QR-sized square of filled modules either: the decision's pages carry only text and rules
    paths = [b for b in object_boxes(data) if b[5] == 2]
    assert len(paths) < 400


def test_a_list_sent_with_the_data_file_keeps_its_check():
    doc = D.ListDoc(title="DANH SÁCH", subtitle=["Đăng ký thi đua năm 2026"], columns=[L.Col("STT", 0.6, "C"),
                    L.Col("Họ và tên", 3)], rows=[["1", "Nguyễn Văn A"]], issuer=ISSUER, date=DAY)
    assert "SHA-256" in flat(" ".join(pdf_text(D.to_pdf(doc))))


def test_four_digit_stt_fits_and_no_zero_amounts():
    rows = [D.AwardRow(f"Hộ gia đình {i}", "Thôn Đông", "Gia đình văn hóa", None) for i in range(1, 1004)]
    data = D.to_pdf(_decision(rows, articles=["Tặng danh hiệu.", "Quyết định này có hiệu lực kể từ ngày ký."]))
    spans = _spans(data)
    texts = [t.strip() for _p, t, _s, _f in spans]
    assert "1000" in texts and "1003" in texts
    assert "100" not in [t for t in texts if t.isdigit() and len(t) == 3 and texts.count(t) > 1]
    assert "0" not in texts  # a title without money leaves the amount empty, never 0


def test_attached_to_line_14pt_italic_and_bases_6pt_apart():
    bases = ["Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
             "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"]
    data = D.to_pdf(_decision([D.AwardRow("Nguyễn Văn A", "Thôn Đông", "Lao động tiên tiến", 710000)], bases=bases))
    assert_decree30_pdf(data, *bases)
    kem = [(size, font) for _p, t, size, font in _spans(data) if t.startswith("(Kèm theo")]
    assert kem and abs(kem[0][0] - 14) < 0.1 and "Italic" in kem[0][1]
    st = L.styles()
    assert st.basis.spaceAfter >= 6 and st.heading.keepWithNext and st.heading_c.keepWithNext


def test_rule_under_the_summary_is_a_third_to_a_half_of_its_line():
    summary = "Về việc công nhận danh hiệu thi đua và khen thưởng năm 2026"
    flow = L.title_block("QUYẾT ĐỊNH", [summary])
    rule = flow[-1]
    assert isinstance(rule, L.Rule)
    s = L.styles().summary
    line = L.stringWidth(summary, s.fontName, s.fontSize)
    assert line / 3 <= rule.rule_w <= line / 2
