"""Certificates (Giấy khen) of an issued award decision: one page per award, read from the frozen
decision, the fields at the positions of resources/awards/certificate.json moved by the printer's
offset on the blanks, the whole design on plain paper, and the decisions that cannot be printed
refused in words."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from desktop.__main__ import main
from desktop.app import certificates as C
from desktop.app import issuing
from desktop.app.issuing_review import review, supersede
from desktop.app.special_awards import award
from desktop.core.review.special import Awardee
from desktop.reports.certificates import MM
from desktop.shared.errors import UserError
from tests.reports.conftest import fonts_of, page_sizes

from .conftest import YEAR

SIGNED = dt.date(YEAR, 12, 10)


def placed(data: bytes) -> list[list[tuple[str, float, float]]]:
    """Per page: (text, x mm from the left edge, y mm from the top edge) of every line drawn."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        lines: list[tuple[str, float, float]] = []

        def seen(text, cm, tm, _font, _size, lines=lines, height=height):
            if text.strip():
                lines.append((text.strip(), tm[4] / MM, (height - tm[5]) / MM))

        page.extract_text(visitor_text=seen)
        pages.append(lines)
    return pages


def at(page: list[tuple[str, float, float]], text: str) -> tuple[float, float]:
    found = [(x, y) for t, x, y in page if t == text]
    assert found, (text, page)
    return found[0]


@pytest.fixture
def decision(commune):
    """A year-end decision for Ông Trần Văn Dũng and Bà Lê Thị Hạnh (Lao động tiên tiến), issued."""
    c = commune
    unit = c.unit("Trạm Y tế xã Tiên Du")
    for name, sex in (("Trần Văn Dũng", "nam"), ("Lê Thị Hạnh", "nu")):
        p = c.person(name, unit=unit, rating="xuat_sac", sex=sex)
        c.register(("person", p), "LDTT")
    made = review(c.db, "Nguyễn Thị Hoa").decide(YEAR, SIGNED, "Lê Văn Minh", "Chủ tịch", "")
    info = issuing.of_source(c.db, "review_decision", made.id)
    assert info is not None and info.row_count == 2
    return c, info


def _field(sheet, key):
    return next(f for f in sheet.fields if f.key == key)


def test_one_page_per_award_with_the_texts_of_the_frozen_decision(decision):
    c, info = decision
    _title, data, pages = C.pdf(c.db, info.id, blank=False)
    assert pages == 2
    texts = [[t for t, _x, _y in p] for p in placed(data)]
    assert len(texts) == 2
    names = {t for page in texts for t in page if t.startswith(("Ông ", "Bà "))}
    assert names == {"Ông Trần Văn Dũng", "Bà Lê Thị Hạnh"} and all(len(set(p) & names) == 1 for p in texts)
    for page in texts:
        assert {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TẶNG",
                "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN DU", "Đạt danh hiệu “Lao động tiên tiến” năm 2026.",
                f"Quyết định số {info.number_text} ngày 10/12/2026", "Tiên Du, ngày 10 tháng 12 năm 2026",
                "CHỦ TỊCH", "Lê Văn Minh"} <= set(page)
        assert "TM. ỦY BAN NHÂN DÂN" not in page  # the chairman signs his own award in his own name
    fonts = fonts_of(data)
    assert fonts and all(embedded for _base, embedded in fonts), fonts
    rules = C.load_rules()
    size = (pytest.approx(rules.plain.width_mm * MM), pytest.approx(rules.plain.height_mm * MM))
    assert page_sizes(data) == [size] * 2
    # a reprint is the same certificate, whatever changed in the records since
    with c.db.session() as s:
        from desktop.store.models import Person

        for p in s.query(Person):
            p.full_name = "Tên Đã Sửa"
        s.commit()
    assert [[t for t, _x, _y in p] for p in placed(C.pdf(c.db, info.id, blank=False)[1])] == texts


def test_on_the_blanks_each_field_is_at_its_position_moved_by_the_offset(decision):
    c, info = decision
    rules = C.load_rules()
    sheet = rules.blank
    _t, data, _n = C.pdf(c.db, info.id, blank=True)
    page = placed(data)[0]
    texts = {t for t, _x, _y in page}
    assert "GIẤY CHỨNG NHẬN" not in texts and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in texts  # pre-printed
    assert page_sizes(data)[0] == (pytest.approx(sheet.width_mm * MM), pytest.approx(sheet.height_mm * MM))
    decision_line = f"Quyết định số {info.number_text} ngày 10/12/2026"
    f = _field(sheet, "decision")  # left-aligned: its start is the configured x
    assert at(page, decision_line) == (pytest.approx(f.x_mm, abs=0.05), pytest.approx(f.y_mm, abs=0.05))
    f = _field(sheet, "name")      # centred on the configured x
    from reportlab.pdfbase.pdfmetrics import stringWidth

    name = next(t for t, _x, _y in page if t.startswith(("Ông ", "Bà ")))
    x, y = at(page, name)
    width = stringWidth(name, "LiberationSerif-Bold", f.size_pt) / MM
    assert (x + width / 2, y) == (pytest.approx(f.x_mm, abs=0.05), pytest.approx(f.y_mm, abs=0.05))
    moved = placed(C.pdf(c.db, info.id, blank=True, offset_mm=(2.5, -1.5))[1])[0]
    assert len(moved) == len(page)
    for (t0, x0, y0), (t1, x1, y1) in zip(page, moved, strict=True):
        assert t0 == t1
        assert (x1 - x0, y1 - y0) == (pytest.approx(2.5, abs=0.01), pytest.approx(-1.5, abs=0.01)), t0


def test_a_giay_khen_reads_its_achievement(commune):
    c = commune
    unit = c.unit("Đội dân phòng thôn Đông")
    ach = c.achievement(("collective", unit), text="Sơ tán 40 hộ dân khỏi vùng ngập")
    _info, issued = award(c.db, "Nguyễn Thị Hoa", "dot_xuat", "chống lũ tháng 9", dt.date(YEAR, 9, 20),
                          "Lê Văn Minh", [Awardee(("collective", unit), (ach,))])
    _t, data, pages = C.pdf(c.db, issued.id, blank=False)
    texts = [t for t, _x, _y in placed(data)[0]]
    assert pages == 1
    assert "GIẤY KHEN" in texts and "Đội dân phòng thôn Đông" in texts
    assert "Đã có thành tích sơ tán 40 hộ dân khỏi vùng ngập." in texts


def test_what_cannot_be_printed_is_refused_in_words(decision, tmp_path):
    c, info = decision
    minutes_like = issuing.list_documents(c.db)
    with pytest.raises(UserError, match="Không có văn bản đã ban hành mã 999"):
        C.pdf(c.db, 999, blank=False)
    with pytest.raises(UserError, match="quá lớn"):
        C.pdf(c.db, info.id, blank=True, offset_mm=(31, 0))
    assert [d.kind for d in minutes_like] == ["decision"]
    new = supersede(c.db, info.id, "bai_bo", "Khen nhầm", "Nguyễn Thị Hoa", on=dt.date(YEAR, 12, 20))
    with pytest.raises(UserError, match=f"đã bị bãi bỏ bởi quyết định {new.number_text} \\(mã {new.id}\\)"):
        C.pdf(c.db, info.id, blank=False)
    with pytest.raises(UserError, match="là quyết định bãi bỏ, không phải quyết định khen thưởng"):
        C.pdf(c.db, new.id, blank=False)


def test_a_replaced_decision_names_the_one_to_print(decision):
    c, info = decision
    new = supersede(c.db, info.id, "thay_the", "Sai ngày", "Nguyễn Thị Hoa", on=dt.date(YEAR, 12, 15))
    with pytest.raises(UserError, match=f"bị thay thế bởi quyết định {new.number_text} \\(mã {new.id}\\).*mã {new.id}"):
        C.pdf(c.db, info.id, blank=False)
    assert C.pdf(c.db, new.id, blank=False)[2] == 2


def test_a_decision_with_no_awards_is_refused(decision, monkeypatch):
    c, info = decision
    doc = issuing.document(c.db, info.id)
    monkeypatch.setattr(issuing, "document", lambda _db, _id: type(doc)(**{**doc.__dict__, "rows": []}))
    with pytest.raises(UserError, match="không có cá nhân, tập thể, hộ gia đình nào được khen thưởng"):
        C.pdf(c.db, info.id, blank=False)


def _cli(paths, capsys, *args) -> tuple[int, str, str]:
    code = main(["--data-dir", str(paths.data_dir), *[str(a) for a in args]])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_print_command(decision, paths, capsys, tmp_path):
    c, info = decision
    out = tmp_path / "gk.pdf"
    code, text, err = _cli(paths, capsys, "print", "certificates", info.id, "--out", out, "--blank",
                           "--offset-x", "1,5", "--offset-y", "-2")
    assert code == 0, err
    assert "2 giấy khen trên phôi (2 trang)" in text
    plain = C.pdf(c.db, info.id, blank=True)[1]
    (t0, x0, y0), (t1, x1, y1) = placed(plain)[0][0], placed(out.read_bytes())[0][0]
    assert t0 == t1 and x1 - x0 == pytest.approx(1.5, abs=0.01) and y1 - y0 == pytest.approx(-2, abs=0.01)
    code, text, err = _cli(paths, capsys, "print", "certificates", "--test-page", "--out", tmp_path / "thu.pdf",
                           "--offset-x", "1")
    assert code == 0 and "trang thử" in text
    words = " ".join(t for t, _x, _y in placed((tmp_path / "thu.pdf").read_bytes())[0])
    assert "x = 210 mm, y = 110 mm" in words and "ngang (x) +1 mm" in words
    code, _t, err = _cli(paths, capsys, "print", "certificates", "--out", out)
    assert code == 2 and "Hãy ghi mã quyết định" in err
    code, _t, err = _cli(paths, capsys, "print", "certificates", info.id, "--out", out, "--offset-x", "2")
    assert code == 2 and "--blank" in err
    code, _t, err = _cli(paths, capsys, "print", "report", "--out", out, "--blank")
    assert code == 2 and "print certificates" in err
    code, _t, err = _cli(paths, capsys, "print", "certificates", 4242, "--out", out)
    assert code == 1 and "Không có văn bản đã ban hành mã 4242" in err


def test_test_page_crosses_are_where_they_say(decision):
    rules = C.load_rules()
    data = C.test_page((0.0, 0.0))
    page = placed(data)[0]
    for x, y in rules.crosses_mm:  # the label starts 2 mm right of and 2 mm above the centre of its cross
        lx, ly = at(page, f"x = {x:g} mm, y = {y:g} mm")
        assert (lx - 2, ly + 2) == (pytest.approx(x, abs=0.05), pytest.approx(y, abs=0.05))
    moved = placed(C.test_page((3.0, 1.0)))[0]
    lx, ly = at(moved, "x = 30 mm, y = 30 mm")
    assert (lx - 2, ly + 2) == (pytest.approx(33, abs=0.05), pytest.approx(31, abs=0.05))
