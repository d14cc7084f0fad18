"""Every document renders in the decree 30 layout: A4, Vietnamese text extractable in NFC, embedded
fonts only, nothing outside the margins, header rows repeated on later pages, page numbers from 2."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from desktop.reports import documents as D
from desktop.reports import layout as L
from tests.reports.conftest import assert_decree30_pdf, flat, page_number, pdf_text

DAY = dt.date(2026, 12, 5)
ISSUER = L.Issuer.commune("Xã Tiên Du")
CHAIR = L.Signature("CHỦ TỊCH", "Dương Thị Thúy", authority="TM. ỦY BAN NHÂN DÂN")


def test_date_and_number_lines():
    assert L.date_line("Tiên Du", DAY) == "Tiên Du, ngày 05 tháng 12 năm 2026"
    assert L.date_line("Tiên Du", dt.date(2026, 2, 3)) == "Tiên Du, ngày 03 tháng 02 năm 2026"
    assert L.date_line("Tiên Du", dt.date(2026, 3, 13)) == "Tiên Du, ngày 13 tháng 3 năm 2026"
    assert L.number_line(5, "QĐ") == "Số: 05/QĐ-UBND"
    assert L.number_line(123, "BC") == "Số: 123/BC-UBND"
    assert L.money(2340000) == "2.340.000"
    assert ISSUER.place == "Tiên Du" and ISSUER.body == ["ỦY BAN NHÂN DÂN", "XÃ TIÊN DU"]


def _long_names(n: int) -> list[D.AwardRow]:
    first = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    mid = ["Thị", "Văn", "Đức", "Ngọc", "Thu"]
    last = ["Ánh", "Hương", "Đào", "Tuấn", "Phượng", "Nguyệt", "Khánh", "Ưng"]
    rows = []
    for i in range(n):
        name = f"{first[i % 8]} {mid[i % 5]} {last[(i // 3) % 8]}"
        if i == 3:
            name = "Công chức Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Nguyễn Thị Phượng Hoàng Anh"
        rows.append(D.AwardRow(name, f"Thôn Đông Sơn {i % 7 + 1}", "Lao động tiên tiến", 702000))
    return rows


def test_decision_with_its_list(tmp_path):
    rows = _long_names(60)
    doc = D.DecisionDoc(
        issuer=ISSUER, number=5, date=DAY,
        summary="Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2026",
        decider="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN DU",
        bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
               "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
        articles=["Công nhận danh hiệu “Lao động tiên tiến” năm 2026 cho 60 cá nhân (có danh sách kèm theo).",
                  "Tiền thưởng theo quy định hiện hành.",
                  "Văn phòng HĐND và UBND xã và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."],
        rows=rows, signature=L.Signature("PHÓ CHỦ TỊCH", "Nguyễn Xuân Hiển", authority="KT. CHỦ TỊCH"),
        recipients=["Như Điều 3", "Sở Nội vụ tỉnh Bắc Ninh"], list_subtitle=["Cá nhân đạt danh hiệu “Lao động tiên tiến” năm 2026"])
    data = D.to_pdf(doc, tmp_path / "qd.pdf")
    pages = assert_decree30_pdf(
        data, "ỦY BAN NHÂN DÂN", "XÃ TIÊN DU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/QĐ-UBND", "Tiên Du, ngày 05 tháng 12 năm 2026", "QUYẾT ĐỊNH", doc.summary, "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH", "Nguyễn Xuân Hiển", "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.",
        "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05/12/2026 của Chủ tịch Ủy ban nhân dân xã Tiên Du)",
        "Công chức Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Nguyễn Thị Phượng Hoàng Anh",
        "42.120.000")
    assert (tmp_path / "qd.pdf").read_bytes() == data
    # the list starts on its own page and its header row repeats on the next page; page numbers from 2
    list_pages = [i for i, p in enumerate(pages) if "Họ và tên / Tên tập thể" in p]
    assert len(list_pages) >= 2
    assert page_number(data, 0) == "" and page_number(data, 1) == ""  # the list numbers its pages on its own
    assert page_number(data, list_pages[1]) == "2"


def test_header_repeats_on_page_two_of_a_long_list_and_rows_are_in_order(tmp_path):
    cols = [L.Col("STT", 0.6, "C"), L.Col("Họ và tên", 3), L.Col("Đơn vị", 3)]
    rows = [[str(i), f"Nguyễn Văn Thành {i}", "Trường Tiểu học Tiên Du"] for i in range(1, 121)]
    doc = D.ListDoc("DANH SÁCH", ["Thử bảng dài"], cols, rows, issuer=ISSUER, date=DAY, signature=CHAIR)
    pages = assert_decree30_pdf(D.to_pdf(doc), "Nguyễn Văn Thành 120", "Mã kiểm tra dữ liệu (SHA-256):")
    assert len(pages) >= 3
    for p in pages[1:-1]:
        assert "Họ và tên" in p and "Đơn vị" in p
    whole = flat(" ".join(pages))
    assert whole.index("Nguyễn Văn Thành 9 ") < whole.index("Nguyễn Văn Thành 10 ") < whole.index("Thành 120")


def test_list_digest_follows_the_data():
    cols = [L.Col("STT"), L.Col("Họ và tên")]
    a = D.ListDoc("DANH SÁCH", ["x"], cols, [["1", "Nguyễn Văn Ánh"]])
    b = D.ListDoc("DANH SÁCH", ["x"], cols, [["1", unicodedata.normalize("NFD", "Nguyễn Văn Ánh")]])
    c = D.ListDoc("DANH SÁCH", ["x"], cols, [["1", "Nguyễn Văn Anh"]])
    assert a.digest() == b.digest() != c.digest()
    assert len(a.digest()) == 64
    assert L.qr_payload(a.digest(), 1, "F1").startswith("THIDUA-BN|v1|sha256=")


def test_minutes_ballots_proposal_cover_enrolment(tmp_path):
    council = L.Issuer.council("Xã Tiên Du")
    minutes = D.MinutesDoc(
        issuer=council, number=2, date=DAY, year=2026, start="08 giờ 00", end="11 giờ 30",
        venue="Hội trường Ủy ban nhân dân xã Tiên Du",
        seats=[D.CouncilSeatLine("Dương Thị Thúy", "Chủ tịch Hội đồng", "Chủ tịch UBND xã"),
               D.CouncilSeatLine("Bùi Gia Hậu", "Thư ký"),
               D.CouncilSeatLine("Trần Thành Anh", "Ủy viên", present=False, written_vote=True)],
        chair="Dương Thị Thúy", secretary="Bùi Gia Hậu", contents=["Hội đồng xem xét hồ sơ đề nghị."],
        results=[D.BallotResult("Nguyễn Thị Hương", "Trường THCS Tiên Du", "Chiến sĩ thi đua cơ sở", 3, 3, True)])
    assert_decree30_pdf(D.to_pdf(minutes), "BIÊN BẢN", "Số: 02/BB-HĐTĐKT", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                        "Nguyễn Thị Hương", "100,0%", "Đạt", "THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG",
                        "vắng mặt, có phiếu bầu bằng văn bản")
    ballots = D.BallotDoc(council, 2026, DAY, [D.BallotCandidate("Nguyễn Thị Hương", "Trường THCS", "Chiến sĩ thi đua cơ sở")], 3)
    pages = assert_decree30_pdf(D.to_pdf(ballots), "PHIẾU BẦU", "Phiếu số 3/3")
    assert len(pages) == 3
    proposal = D.ProposalDoc(ISSUER, 7, DAY, "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2026",
                             ["Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh"], ["Căn cứ kết quả bình xét của Hội đồng."],
                             [D.AwardRow("Tập thể Trường Tiểu học Tiên Du", "Xã Tiên Du", "Bằng khen của Chủ tịch UBND tỉnh")],
                             CHAIR, recipients=["Như trên"])
    assert_decree30_pdf(D.to_pdf(proposal), "TỜ TRÌNH", "Số: 07/TTr-UBND", "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh",
                        "Tập thể Trường Tiểu học Tiên Du", "(Kèm theo Tờ trình số 07/TTr-UBND ngày 05/12/2026")
    digest = "0123456789abcdef" * 4
    cover = D.CoverLetterDoc(ISSUER, 12, DAY, 2026, "TienDu_09319_2026.tdbn", digest,
                             [("Cá nhân", 1234), ("Hộ gia đình", 56)], CHAIR, file_id="F-2026-0001",
                             officer="Nguyễn Thị Hoa", recipients=["Như trên"])
    assert_decree30_pdf(D.to_pdf(cover), "Số: 12/UBND", "V/v gửi tệp dữ liệu thi đua, khen thưởng năm 2026",
                        "Kính gửi: Sở Nội vụ tỉnh Bắc Ninh", "TienDu_09319_2026.tdbn", "1.290", "F-2026-0001",
                        "01234567 89abcdef")
    enrol = D.EnrolmentDoc(ISSUER, DAY, "09319", "Xã Tiên Du", "5BFE-D606-2424-0C60-D4BC-CC24", "05/12/2026",
                           "Nguyễn Thị Hoa", CHAIR, public_key_sha256=digest)
    assert_decree30_pdf(D.to_pdf(enrol), "PHIẾU ĐĂNG KÝ KHÓA KÝ TỆP DỮ LIỆU", "5BFE-D606-2424-0C60-D4BC-CC24",
                        digest[:32])


def test_progress_and_cancel():
    cols = [L.Col("STT"), L.Col("Họ và tên")]
    doc = D.ListDoc("DANH SÁCH", ["x"], cols, [[str(i), f"Lê Văn Tám {i}"] for i in range(300)], issuer=ISSUER)
    seen = []
    D.to_pdf(doc, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)
    with pytest.raises(L.Cancelled):
        D.to_pdf(doc, cancelled=lambda: True)


def test_a_long_list_paginates_with_its_header_on_every_page(tmp_path):
    """Speed is bench/bench_pdf.py's business (5,000 rows there); here only what the pages hold."""
    cols = [L.Col("STT", 0.6, "C"), L.Col("Họ và tên", 2.5), L.Col("Đơn vị", 2.5), L.Col("Danh hiệu", 2)]
    rows = [[str(i), f"Nguyễn Thị Phương Thảo {i}", f"Thôn Đông Sơn {i % 9}", "Lao động tiên tiến"] for i in range(1, 1201)]
    doc = D.ListDoc("DANH SÁCH", ["Cá nhân đề nghị công nhận"], cols, rows, issuer=ISSUER, date=DAY, signature=CHAIR)
    pages = pdf_text(D.to_pdf(doc))
    assert len(pages) > 20
    assert "Nguyễn Thị Phương Thảo 1200" in flat(pages[-1] + pages[-2])
    assert all("Họ và tên" in page for page in pages[:-1])
