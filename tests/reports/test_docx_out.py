"""The Word copy of every document: the same text as the PDF (pypdf's text of the PDF against the .docx's
paragraphs and tables, in order), the decree 30 page (A4, margins 20/20/30/15 mm, Times New Roman),
the header as a borderless two-column table, named paragraph styles a clerk can change, header rows
repeated, the page number from page 2; and ``print --out F.docx`` choosing Word by the extension."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import unicodedata
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop.reports import culture_docs, plan_docs, province_docs
from desktop.reports import documents as D
from desktop.reports import layout as L
from desktop.reports.docx_out import STYLE_NAMES, qr_png, to_docx
from tests.reports.conftest import flat, pdf_text
from tests.reports.test_documents import CHAIR, DAY, ISSUER, _long_names

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --------------------------------------------------------------------------- reading the two files


def _cell_text(tc) -> str:
    return " ".join(_block_text(child) for child in tc if child.tag in (f"{W}p", f"{W}tbl"))


def _block_text(el) -> str:
    if el.tag == f"{W}p":  # a line break reads as a space, as the PDF's next line does
        return "".join((x.text or "") if x.tag == f"{W}t" else " " for x in el.iter(f"{W}t", f"{W}br", f"{W}tab")
                       if x.getparent().tag == f"{W}r")
    rows = el.findall(f"{W}tr")
    return " ".join(_cell_text(tc) for tr in rows for tc in tr.findall(f"{W}tc"))


def docx_text(data: bytes) -> str:
    """The .docx's text as a reader meets it: paragraphs and tables in order, a table row by row."""
    body = Document(io.BytesIO(data)).element.body
    parts = [_block_text(el) for el in body if el.tag in (f"{W}p", f"{W}tbl")]
    return norm(" ".join(parts))


def header_rows(data: bytes) -> list[str]:
    """The text of each table's repeated header rows (the PDF prints them again on every page)."""
    out = []
    for tbl in Document(io.BytesIO(data)).element.body.iter(f"{W}tbl"):
        rows = [tr for tr in tbl.findall(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
        if rows:
            out.append(norm(" ".join(_cell_text(tc) for tr in rows for tc in tr.findall(f"{W}tc"))))
    return out


def norm(text: str) -> str:
    return flat(unicodedata.normalize("NFC", text))


def pdf_reading(pdf: bytes, repeated: list[str]) -> str:
    """The PDF's text without what only paging adds: the page number at the top of pages 2…, and a
    table's header rows printed again at the top of a page the table continues on."""
    out = []
    for n, page in enumerate(pdf_text(pdf), 1):
        text = norm(page)
        if n >= 2:
            # the page number (an attached list numbers its own pages, so not always n)
            text = re.sub(r"^\d{1,3}\b\s*", "", text)
            for head in repeated:
                if out and text.startswith(head) and not out[-1].endswith(head):
                    text = text[len(head):].lstrip()
                    break
        out.append(text)
    return norm(" ".join(out))


def assert_same_text(doc, spacing: bool = True) -> bytes:
    """The PDF's and the Word copy's text are the same, word for word and in order; ``spacing=False``
    leaves out the spaces (a word too long for its column is split over two lines in the PDF, which
    pypdf reads as two words: "triệu đồng" / "/người")."""
    pdf, word = D.to_pdf(doc), to_docx(doc)
    in_word = docx_text(word)
    in_pdf = pdf_reading(pdf, header_rows(word))
    if not spacing:
        in_word, in_pdf = re.sub(r"\s", "", in_word), re.sub(r"\s", "", in_pdf)
    if in_word != in_pdf:
        i = next((k for k, (a, b) in enumerate(zip(in_word, in_pdf, strict=False)) if a != b),
                 min(len(in_word), len(in_pdf)))
        raise AssertionError(f"text differs at {i}:\nWord: …{in_word[max(0, i - 80):i + 80]}…\n"
                             f"PDF:  …{in_pdf[max(0, i - 80):i + 80]}…")
    assert unicodedata.is_normalized("NFC", in_word)
    return word


# --------------------------------------------------------------------------- the documents


def decision() -> D.DecisionDoc:
    rows = _long_names(40)
    rows[5] = dataclasses.replace(rows[5], title="Chiến sĩ thi đua cơ sở", amount=1_170_000)  # two groups
    return D.DecisionDoc(
        issuer=ISSUER, number=5, date=DAY, summary="Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2026",
        decider="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN DU",
        bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
               "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
        articles=["Công nhận danh hiệu “Lao động tiên tiến” năm 2026 cho 40 cá nhân (có danh sách kèm theo).",
                  "Tiền thưởng theo quy định hiện hành.",
                  "Văn phòng HĐND và UBND xã và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành."],
        rows=rows, signature=L.Signature("PHÓ CHỦ TỊCH", "Nguyễn Xuân Hiển", authority="KT. CHỦ TỊCH"),
        recipients=["Như Điều 3", "Sở Nội vụ tỉnh Bắc Ninh"], file_id="F-2026-0001",
        list_subtitle=["Cá nhân đạt danh hiệu “Lao động tiên tiến” năm 2026"])


def minutes() -> D.MinutesDoc:
    return D.MinutesDoc(
        issuer=L.Issuer.council("Xã Tiên Du"), number=2, date=DAY, year=2026, start="08 giờ 00", end="11 giờ 30",
        venue="Hội trường Ủy ban nhân dân xã Tiên Du",
        seats=[D.CouncilSeatLine("Dương Thị Thúy", "Chủ tịch Hội đồng", "Chủ tịch UBND xã"),
               D.CouncilSeatLine("Bùi Gia Hậu", "Thư ký"),
               D.CouncilSeatLine("Trần Thành Anh", "Ủy viên", present=False, written_vote=True)],
        chair="Dương Thị Thúy", secretary="Bùi Gia Hậu", contents=["Hội đồng xem xét hồ sơ đề nghị."],
        results=[D.BallotResult("Nguyễn Thị Hương", "Trường THCS Tiên Du", "Chiến sĩ thi đua cơ sở", 3, 3, True)],
        hands=[D.BallotResult("Lê Văn Ánh", "Thôn Đông", "Lao động tiên tiến", 2, 3, False)],
        quorum="Có mặt 2/3 thành viên Hội đồng.", conclusion=["Hội đồng thống nhất đề nghị."])


def ballots() -> D.BallotDoc:
    return D.BallotDoc(L.Issuer.council("Xã Tiên Du"), 2026, DAY,
                       [D.BallotCandidate("Nguyễn Thị Hương", "Trường THCS", "Chiến sĩ thi đua cơ sở")], 2)


def proposal() -> D.ProposalDoc:
    return D.ProposalDoc(ISSUER, 7, DAY, "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2026",
                         ["Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh", "Sở Nội vụ tỉnh Bắc Ninh"],
                         ["Căn cứ kết quả bình xét của Hội đồng."],
                         [D.AwardRow("Tập thể Trường Tiểu học Tiên Du", "Xã Tiên Du",
                                     "Bằng khen của Chủ tịch UBND tỉnh", note="Đủ hồ sơ")],
                         CHAIR, recipients=["Như trên"])


def report() -> D.ReportDoc:
    ind = [D.IndicatorRow(1, "Tốc độ tăng trưởng kinh tế đạt 8% trở lên.", "", "Giá trị sản xuất tăng", "%",
                          "8", "8,5", "Đạt"),
           D.IndicatorRow(2, "GRDP bình quân đầu người đạt 8.700 - 8.200 USD.", "Nguyên văn kế hoạch ghi khoảng ngược",
                          "")]
    return D.ReportDoc(ISSUER, 4, DAY, 2026, "Y", [("I. KẾT QUẢ", ["Phong trào được triển khai rộng khắp."]),
                                                  ("", ["Đoạn không đề mục."])], ind, CHAIR, recipients=["Như trên"])


def achievement() -> D.AchievementReportDoc:
    return D.AchievementReportDoc(
        "person", "Nguyễn Thị Hương", "Chiến sĩ thi đua cơ sở", 2026, "Tiên Du", DAY,
        [("Họ và tên:", "Nguyễn Thị Hương"), ("Chức vụ:", "Giáo viên")], [], [("2025", "Hoàn thành tốt nhiệm vụ")],
        [("2026", "Giáo dục", "Giáo viên dạy giỏi cấp tỉnh")], [("Sáng kiến dạy học", "2026", "Cơ sở", "05/QĐ-UBND")],
        awards=[("2025", "Giấy khen của Chủ tịch UBND xã")], reporter_name="Nguyễn Thị Hương")


def collective_report() -> D.AchievementReportDoc:
    return D.AchievementReportDoc(
        "collective", "Trường Tiểu học Tiên Du", "", 2026, "Tiên Du", DAY, [("Tên đơn vị:", "Trường Tiểu học")],
        ["Trường có 30 cán bộ, giáo viên."], [], [], [], unit_line="Trường Tiểu học Tiên Du")


def cover_letter() -> D.CoverLetterDoc:
    return D.CoverLetterDoc(ISSUER, 12, DAY, 2026, "TienDu_09319_2026.tdbn", "0123456789abcdef" * 4,
                            [("Cá nhân", 1234), ("Hộ gia đình", 56)], CHAIR, file_id="F-2026-0001",
                            officer="Nguyễn Thị Hoa", officer_phone="0912 345 678", recipients=["Như trên"])


def enrolment() -> D.EnrolmentDoc:
    return D.EnrolmentDoc(ISSUER, DAY, "09319", "Xã Tiên Du", "5BFE-D606-2424-0C60-D4BC-CC24", "05/12/2026",
                          "Nguyễn Thị Hoa", CHAIR, public_key_sha256="ab" * 32)


def receipt() -> D.ReceiptDoc:
    return D.ReceiptDoc(province_docs.province_issuer(), DAY, "09319", "Xã Tiên Du", 3, "2026-H1", "cd" * 32,
                        "14:05 ngày 05/12/2026", 1290, L.Signature("GIÁM ĐỐC", "Trần Văn Sở"))


def plan() -> plan_docs.PlanDoc:
    return plan_docs.launch_plan("Xã Tiên Du", 3, DAY, 2026, "Phát động phong trào thi đua yêu nước năm 2026",
                                 [("I. MỤC ĐÍCH, YÊU CẦU", ["Động viên cán bộ, nhân dân."]),
                                  ("II. NỘI DUNG", ["Thi đua lao động sản xuất.", "Thi đua xây dựng nông thôn mới."])],
                                 dt.date(2026, 3, 31), CHAIR)


def culture_minutes() -> culture_docs.CultureMinutesDoc:
    lines = [culture_docs.MarkLine("Nguyễn Văn Ánh", "Thôn Đông", "dat", 30),
             culture_docs.MarkLine("Lê Thị Hoa", "Thôn Đông", "khong_dat", 10, "Chưa đủ tiêu chuẩn")]
    return culture_docs.minutes(culture_docs.MinutesInput(
        "GDVH", "Gia đình văn hóa", "03", 2026, "Xã Tiên Du", "Thôn Đông", DAY, "Nhà văn hóa thôn Đông",
        "Nguyễn Văn Trưởng", "Lê Thị Thư", "Bà Phạm Thị Mặt", 40, lines, ["Gương mẫu chấp hành chủ trương"]))


def culture_decision() -> culture_docs.CultureDecisionDoc:
    rows = [D.AwardRow("Nguyễn Văn Ánh", "Thôn Đông", "Gia đình văn hóa"),
            D.AwardRow("Trần Thị Bình", "Thôn Tây", "Gia đình văn hóa")]
    return culture_docs.decision(culture_docs.DecisionInput(
        "GDVH", "Gia đình văn hóa", "10", 2026, "Xã Tiên Du", 9, DAY, "Dương Thị Thúy", "Chủ tịch", "",
        ["Thôn Đông", "Thôn Tây"], rows, "Biên bản họp bình xét ngày 05/12/2026", DAY, "Nghị định 86/2023/NĐ-CP"))


def province_decision() -> province_docs.ProvinceDecisionDoc:
    from desktop.app import outcomes as oc

    rows = [oc.DecisionRow("09319", "Xã Tiên Du", "BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "person",
                           "Nguyễn Thị Hoa", "Công chức", 2_340_000),
            oc.DecisionRow("09322", "Phường Quế Võ", "TTLDXS", "Tập thể lao động xuất sắc", "collective",
                           "Trường A", "Thôn Đông", 3_510_000)]
    info = oc.ProvinceDecisionInfo("12/QĐ-UBND", dt.date(2026, 12, 15), 2026, rows, "Nguyễn Văn Tỉnh",
                                   "Phó Chủ tịch", [], 2_340_000, "", "2026.1")
    return province_docs.province_decision(info)


def long_list() -> D.ListDoc:
    cols = [L.Col("STT", 0.6, "C"), L.Col("Họ và tên", 2.5), L.Col("Đơn vị", 2.5)]
    rows = [[str(i), f"Nguyễn Thị Phương Thảo {i}", f"Thôn Đông Sơn {i % 9}"] for i in range(1, 90)]
    return D.ListDoc("DANH SÁCH", ["Cá nhân đề nghị công nhận"], cols, rows, issuer=ISSUER, date=DAY, signature=CHAIR,
                     notes=["Danh sách có 89 cá nhân."])


KINDS = {
    "decision": decision, "minutes": minutes, "ballots": ballots, "proposal": proposal, "report": report,
    "achievement": achievement, "collective_report": collective_report, "cover_letter": cover_letter,
    "enrolment": enrolment, "receipt": receipt, "plan": plan, "culture_minutes": culture_minutes,
    "culture_decision": culture_decision, "province_decision": province_decision, "list": long_list,
}


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_word_copy_has_the_text_of_the_pdf(kind):
    word = assert_same_text(KINDS[kind]())
    check_decree30_docx(word)


def check_decree30_docx(data: bytes) -> Document:
    doc = Document(io.BytesIO(data))
    assert len(doc.sections) == 1
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == \
        [20, 20, 30, 15]
    # page numbers from page 2: a PAGE field in the header, the first page's own header empty
    assert sec.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in sec.header._element.iter(f"{W}instrText"))
    assert not "".join(p.text for p in sec.first_page_header.paragraphs).strip()
    # Times New Roman for everything, in Vietnamese; the body 13–14 pt
    fonts = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    assert not [a for a in fonts.attrib if "Theme" in a or "theme" in a]
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(qn("w:val")) == "vi-VN"
    body = doc.styles[STYLE_NAMES["body"]] if STYLE_NAMES["body"] in [s.name for s in doc.styles] else None
    if body is not None:
        assert 13 <= body.font.size.pt <= 14
    # no run names a font of its own: a clerk changes the styles, not every run
    assert not list(doc.element.body.iter(f"{W}rFonts"))
    # the header: a borderless table of two columns, the national name and motto on the right
    first = doc.element.body[0]
    if first.tag == f"{W}p":  # a culture form's "Mẫu số …" line above it
        first = first.getnext()
    assert first.tag == f"{W}tbl"
    header = doc.tables[0]
    assert len(header.columns) == 2
    assert not list(first.iter(f"{W}tcBorders")) and not list(first.iter(f"{W}tblBorders"))
    right = " ".join(p.text for p in header.cell(0, 1).paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert [p.style.name for p in header.cell(0, 1).paragraphs][:2] == [STYLE_NAMES["nation"], STYLE_NAMES["motto"]]
    # the short rules under the issuing body and the motto: a bottom border on an empty paragraph
    assert len(list(first.iter(f"{W}pBdr"))) >= 1
    return doc


def test_styles_a_clerk_can_change():
    data = to_docx(decision())
    doc = Document(io.BytesIO(data))
    names = {s.name for s in doc.styles}
    for key in ("body", "basis", "heading_c", "title", "summary", "nation", "motto", "number", "place_date",
                "sig", "sig_name", "recip_head", "recip", "cell", "head", "colno"):
        assert STYLE_NAMES[key] in names, key
    title = doc.styles[STYLE_NAMES["title"]]
    assert title.font.bold and title.paragraph_format.alignment == 1  # centred
    assert title.paragraph_format.keep_with_next
    body = doc.styles[STYLE_NAMES["body"]]
    assert body.font.size.pt == 14 and round(body.paragraph_format.first_line_indent.mm) == 10
    articles = [p for p in doc.paragraphs if p.text.startswith("Điều ")]
    assert len(articles) == 3 and all(p.style.name == STYLE_NAMES["body"] for p in articles)
    # only "Điều n." is bold by hand; the article's text is the style's
    assert [(r.text, r.bold) for r in articles[0].runs][:2] == [("Điều 1.", True), (articles[0].runs[1].text, None)]
    # the quick-style gallery shows them
    assert doc.styles[STYLE_NAMES["heading_c"]].quick_style


def test_tables_repeat_their_header_rows_and_keep_their_widths():
    doc = Document(io.BytesIO(to_docx(long_list())))
    lst = doc.tables[1]
    heads = [tr for tr in lst._tbl.findall(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(heads) == 2                      # labels and the (1) (2) (3) row
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in lst._tbl.findall(f"{W}tr"))
    assert lst._tbl.tblPr.find(f"{W}tblLayout").get(qn("w:type")) == "fixed"
    widths = [int(g.get(qn("w:w"))) for g in lst._tbl.tblGrid.findall(f"{W}gridCol")]
    assert abs(sum(widths) / 20 - L.TEXT_W) < 2 and widths[0] < widths[1]
    assert lst.cell(2, 0).paragraphs[0].style.name == STYLE_NAMES["cell_c"]
    assert lst.cell(0, 1).paragraphs[0].style.name == STYLE_NAMES["head"]
    # the list's grid: the table's own borders, every side and inside line, 0.5 pt
    borders = lst._tbl.tblPr.find(f"{W}tblBorders")
    assert [b.tag.removeprefix(W) for b in borders] == ["top", "left", "bottom", "right", "insideH", "insideV"]
    assert {b.get(qn("w:sz")) for b in borders} == {"4"}


def test_group_headings_span_the_table_and_totals_are_bold():
    doc = Document(io.BytesIO(to_docx(decision())))
    lst = doc.tables[-1]  # the attached list (a legal act's list carries no QR code)
    spans = [tc for tc in lst._tbl.iter(f"{W}tc") if tc.find(f"{W}tcPr/{W}gridSpan") is not None]
    assert spans and spans[0].find(f"{W}tcPr/{W}gridSpan").get(qn("w:val")) == "5"
    assert "I. Lao động tiên tiến" in _cell_text(spans[0])
    total = [r for r in lst.rows if "Tổng cộng" in r.cells[1].text][0]
    assert all(run.bold for run in total.cells[1].paragraphs[0].runs)


def test_the_qr_code_is_a_picture_of_the_same_size():
    data = to_docx(long_list())
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)
    assert not [n for n in names if "thumbnail" in n]  # not python-docx's sample page in the file browser
    props = Document(io.BytesIO(data)).core_properties
    assert props.title.startswith("DANH SÁCH") and props.created.year >= 2026 and props.author == "Thi đua Bắc Ninh"
    assert props.language == "vi-VN"
    shapes = Document(io.BytesIO(data)).inline_shapes
    assert len(shapes) == 1 and round(shapes[0].width.mm) == 26
    png = qr_png("THIDUA-BN|v1|sha256=00|n=1")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_saved_through_a_temporary_file(tmp_path):
    out = tmp_path / "qd.docx"
    data = to_docx(minutes(), out)
    assert out.read_bytes() == data and not list(tmp_path.glob("*.tmp"))
    seen = []
    to_docx(long_list(), progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    with pytest.raises(L.Cancelled):
        to_docx(long_list(), cancelled=lambda: True)


# --------------------------------------------------------------------------- the command line


def test_the_documents_from_the_records_and_print_by_extension(paths, demo_db, tmp_path, capsys):
    """The documents built from a commune's records (long, grouped lists; the report's fifteen
    targets), and ``print`` writing Word when --out ends in .docx, PDF for .pdf, refusing the rest."""
    from desktop.__main__ import main
    from desktop.app import issuing
    from desktop.app.documents import build_document

    for kind, extra in [("registrations", {}), ("list", {"title": "LDTT"}), ("report", {"period": "H1"}),
                        ("ballots", {})]:
        assert_same_text(build_document(demo_db, kind, 2026, date=DAY, **extra), spacing=False)

    def cli(*args) -> int:
        return main(["--data-dir", str(paths.data_dir), *args])

    out = tmp_path / "ds.docx"
    assert cli("print", "registrations", "--out", str(out), "--year", "2026", "--date", "05/12/2026") == 0
    assert "bản Word" in capsys.readouterr().out
    check_decree30_docx(out.read_bytes())
    assert "Cá nhân, tập thể, hộ gia đình đăng ký thi đua năm 2026" in docx_text(out.read_bytes())
    # an issued document by its ID, exactly as issued: the Word copy reads as the PDF
    assert cli("documents", "issue", "report", "--year", "2026", "--date", "05/12/2026") == 0
    capsys.readouterr()
    doc_id = issuing.list_documents(demo_db)[0].id
    word, pdf = tmp_path / "bc.docx", tmp_path / "bc.pdf"
    assert cli("print", str(doc_id), "--out", str(word)) == 0
    assert cli("print", str(doc_id), "--out", str(pdf)) == 0
    assert Document(io.BytesIO(word.read_bytes())).paragraphs  # a .docx python-docx opens
    assert re.sub(r"\s", "", docx_text(word.read_bytes())) == \
        re.sub(r"\s", "", pdf_reading(pdf.read_bytes(), header_rows(word.read_bytes())))
    # anything else: a Vietnamese message, nothing written
    assert cli("print", "registrations", "--out", str(tmp_path / "ds.odt")) == 2
    assert "đuôi .pdf" in capsys.readouterr().err and not (tmp_path / "ds.odt").exists()


# ECMA-376 order of the property elements the translator writes (Word refuses a file that breaks it,
# where LibreOffice is lenient): the children present must come in this order.
SCHEMA_ORDER = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
              "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden"),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tcBorders": ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl"),
    "tblBorders": ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV"),
    "tc": ("tcPr", "p", "tbl"),
}


@pytest.mark.parametrize("kind", ["decision", "culture_minutes", "report", "cover_letter"])
def test_property_elements_in_the_schema_order(kind):
    data = to_docx(KINDS[kind]())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        from lxml import etree

        for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
            if part not in z.namelist():
                continue
            root = etree.fromstring(z.read(part))
            for tag, order in SCHEMA_ORDER.items():
                for el in root.iter(f"{W}{tag}"):
                    names = [c.tag.removeprefix(W) for c in el if c.tag.startswith(W)]
                    if tag == "tc":  # w:tcPr first, then blocks in any order, ending with a paragraph
                        assert names[-1] == "p" and "tcPr" not in names[1:], (part, names)
                        continue
                    known = [n for n in names if n in order]
                    assert known == sorted(known, key=order.index), (part, tag, names)
