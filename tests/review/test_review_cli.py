"""The whole review scripted from the command line: council, meeting, ballots, decision, proposal,
history; then the decision, proposal and minutes printed from the saved review."""

from __future__ import annotations

import io
import json

from desktop.__main__ import main
from desktop.reports.review_docs import amount_in_words

from .conftest import YEAR


def _cli(paths, *args) -> int:
    return main(["--data-dir", str(paths.data_dir), *args])


def _text(path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())


def test_review_scripted_end_to_end(commune, paths, tmp_path, capsys):
    for i in range(4):
        commune.rec.create("council", {"full_name": f"Ủy viên Số {i + 2}", "role": "Ủy viên", "sort_order": i + 2})
    unit = commune.unit()
    commune.rate(("collective", unit), "xuat_sac")
    dao = commune.person("Đặng Thị Đào", unit=unit, rating="xuat_sac", sex="nu")
    binh = commune.person("Lê Văn Bình", unit=unit, rating="xuat_sac")
    others = [commune.person(unit=unit, rating="tot") for _ in range(5)]
    for p in [dao, binh, *others]:
        commune.register(("person", p), "LDTT")
    for p in (dao, binh):
        commune.register(("person", p), "CSTDCS")
    commune.register(("collective", unit), "TTLDTT")

    # no review yet: the review documents say so
    assert _cli(paths, "print", "decision", "--year", str(YEAR), "--out", str(tmp_path / "x.pdf")) == 1
    assert "hãy bình xét trước" in capsys.readouterr().err

    assert _cli(paths, "review", "council", "--json") == 0
    council = json.loads(capsys.readouterr().out)
    ids = [m["id"] for m in council]
    assert len(ids) == 5
    assert _cli(paths, "review", "meeting", "--year", str(YEAR), "--date", "05/12/2026", "--present", *map(str, ids[:4]),
                "--written", str(ids[4]), "--place", "Hội trường UBND xã", "--chu-tri", str(ids[0]),
                "--thu-ky", str(ids[3])) == 0
    assert "Đã ghi cuộc họp mã 1" in capsys.readouterr().out

    # below the threshold: recorded for the minutes, refused with the rule and its source (exit 1)
    assert _cli(paths, "review", "ballot", "--meeting", "1", "--candidate", f"person:{binh}", "--title", "CSTDCS",
                "--yes", "3", "--no", "2") == 1
    err = capsys.readouterr().err
    assert "Không đạt: 3/5 phiếu đồng ý" in err and "từ 80 %" in err and "Nghị định 98/2023/NĐ-CP" in err
    assert _cli(paths, "review", "ballot", "--meeting", "1", "--candidate", f"person:{dao}", "--title", "CSTDCS",
                "--yes", "4", "--no", "1") == 0
    assert capsys.readouterr().out.startswith("Đạt: 4/5")
    # a bad candidate and too many ballots: messages, not tracebacks
    assert _cli(paths, "review", "ballot", "--meeting", "1", "--candidate", "ai-do", "--title", "CSTDCS", "--yes", "1") == 1
    assert "person:MÃ" in capsys.readouterr().err
    assert _cli(paths, "review", "ballot", "--meeting", "1", "--candidate", f"person:{dao}", "--title", "CSTDCS",
                "--yes", "5", "--no", "1") == 1
    assert "nhiều hơn số thành viên" in capsys.readouterr().err
    assert _cli(paths, "review", "meetings", "--year", str(YEAR)) == 0
    out = capsys.readouterr().out
    assert "có mặt 4, vắng 1 (1 bỏ phiếu bằng văn bản)" in out and "[Không đạt]" in out

    # the chairman's own decision is not signed for the committee; nothing is taken from the register
    assert _cli(paths, "review", "decide", "--year", str(YEAR), "--signed-on", "15/12/2026", "--signer", "Lê Văn Minh",
                "--prefix", "TM.") == 1
    assert "không ký “TM. Ủy ban nhân dân”" in capsys.readouterr().err
    assert _cli(paths, "review", "decide", "--year", str(YEAR), "--signed-on", "15/12/2026", "--signer", "Lê Văn Minh") == 0
    out = capsys.readouterr().out
    total = 2_340_000 + 7 * 710_000 + 1_880_000
    assert "quyết định số 01/QĐ-UBND" in out and f"{total:,}".replace(",", ".") in out
    assert _cli(paths, "review", "decide", "--year", str(YEAR), "--signed-on", "16/12/2026", "--signer", "Lê Văn Minh",
                "--proposal") == 0
    out = capsys.readouterr().out
    assert "tờ trình số 01/TTr-UBND" in out and "Tập thể lao động xuất sắc" in out and "đồng" not in out
    assert _cli(paths, "review", "decisions", "--year", str(YEAR)) == 0
    out = capsys.readouterr().out
    assert "Quyết định số 01/QĐ-UBND" in out and "Tờ trình số 01/TTr-UBND" in out
    assert _cli(paths, "review", "history", "--candidate", f"person:{dao}") == 0
    out = capsys.readouterr().out
    assert "Chiến sĩ thi đua cơ sở (01/QĐ-UBND)" in out and "Quyết định của xã" in out

    # the documents from the saved review
    for kind in ("decision", "proposal", "minutes"):
        assert _cli(paths, "print", kind, "--year", str(YEAR), "--out", str(tmp_path / f"{kind}.pdf")) == 0
    capsys.readouterr()
    dec = _text(tmp_path / "decision.pdf")
    assert "TM. ỦY BAN NHÂN DÂN" not in dec  # the chairman's own decision: "CHỦ TỊCH", by default
    for t in ("QUYẾT ĐỊNH", "Số: 01/QĐ-UBND", "Tiên Du, ngày 15 tháng 12 năm 2026", "CHỦ TỊCH",
              "Lê Văn Minh", "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng xã Tiên Du ngày 05/12/2026",
              "I. Lao động tiên tiến (7)", "Cộng mục I", "Tổng cộng", "Đặng Thị Đào", "2.340.000",
              f"{total:,}".replace(",", "."), amount_in_words(total)):
        assert t in dec, t
    prop = _text(tmp_path / "proposal.pdf")
    assert "TỜ TRÌNH" in prop and "Số: 01/TTr-UBND" in prop and "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh" in prop
    assert "TM. ỦY BAN NHÂN DÂN" in prop  # the committee's proposal, by default
    minutes = _text(tmp_path / "minutes.pdf")
    assert "BIÊN BẢN" in minutes and "Tổng số thành viên Hội đồng: 5; có mặt: 4; vắng mặt: 1" in minutes
    assert "Đặng Thị Đào" in minutes and "Không đạt" in minutes and "4/5" in minutes
    # a number that does not exist
    assert _cli(paths, "print", "decision", "--year", str(YEAR), "--number", "7", "--out", str(tmp_path / "y.pdf")) == 1
    assert "Không có quyết định khen thưởng số 07/QĐ-UBND" in capsys.readouterr().err


def test_amount_in_words():
    assert amount_in_words(702_000) == "Bảy trăm linh hai nghìn đồng"
    assert amount_in_words(9_126_000) == "Chín triệu một trăm hai mươi sáu nghìn đồng"
    assert amount_in_words(1_050_000) == "Một triệu không trăm năm mươi nghìn đồng"
    assert amount_in_words(21) == "Hai mươi mốt đồng"
    assert amount_in_words(115) == "Một trăm mười lăm đồng"
    assert amount_in_words(2_000_000_000) == "Hai tỷ đồng"
    assert amount_in_words(0) == "Không đồng"


def test_ties_prefer_women_and_collectives_with_70_percent_women(commune):
    from desktop.core.review import rank_key

    unit = commune.unit("Hội Liên hiệp Phụ nữ xã", "doan_the")
    for i in range(3):
        commune.person(f"Nguyễn Thị Hội Viên {i}", unit=unit, sex="nu")
    commune.person("Trần Văn Nam", unit=unit, sex="nam")          # 3 of 4 women: 75 %
    commune.register(("collective", unit), "TTLDTT")
    woman = commune.person("Đặng Thị Đào", rating="xuat_sac", sex="nu")
    man = commune.person("Lê Văn Bình", rating="xuat_sac")
    for p in (woman, man):
        commune.register(("person", p), "CSTDCS")
    result = commune.check()
    assert result.find(("person", woman), "CSTDCS").priority == "Nữ"
    assert result.find(("person", man), "CSTDCS").priority == ""
    assert result.find(("collective", unit), "TTLDTT").priority == "Tập thể 75 % nữ"
    order = sorted([(8, "", "Lê Văn Bình"), (8, "Nữ", "Đặng Thị Đào"), (9, "", "An")], key=lambda x: rank_key(*x))
    assert [x[2] for x in order] == ["An", "Đặng Thị Đào", "Lê Văn Bình"]
