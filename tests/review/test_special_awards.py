"""The chairman's Giấy khen by theme (chuyên đề) and ad hoc (đột xuất): one achievement earns one form
of award, the number comes from the register, the money from the catalog, the act is frozen and
reprints the same."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil

import pytest
from sqlalchemy import select

from desktop.app import issuing
from desktop.app.issuing_review import review, supersede
from desktop.app.special_awards import award
from desktop.core import register
from desktop.core.catalog import default_catalog_dir, load_catalog
from desktop.core.review.special import Awardee, load_rules
from desktop.reports.documents import to_pdf
from desktop.shared.errors import UserError, ValidationError
from desktop.store.models_review import AwardHistory, ReviewDecision, RowAchievement

from .conftest import YEAR

ON = dt.date(YEAR, 9, 20)
FLOOD = "cứu người trong lũ ngày 12/9/2026"


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def paid(tmp_path):
    """The shipped catalog with the Giấy khen paid 0.3 × base salary (decree 152/2025 art. 54 1.e)."""
    folder = shutil.copytree(default_catalog_dir(), tmp_path / "catalog")
    doc = json.loads((folder / "titles.json").read_text(encoding="utf-8"))
    for t in doc["titles"]:
        if t["code"] == "GK_XA":
            t["bonus_multiple"] = "0.3"
    (folder / "titles.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return load_catalog(folder)


def _give(commune, awardees, occasion="dot_xuat", theme=FLOOD, on=ON, catalog=None, **kw):
    return award(commune.db, "Nguyễn Thị Hoa", occasion, theme, on, "Lê Văn Minh", awardees, catalog=catalog, **kw)


def test_a_dot_xuat_award_is_issued_with_its_rows_links_history_and_money(commune, paid):
    p, unit = commune.person("Trần Văn Dũng"), commune.unit()
    a1, a2 = commune.achievement(("person", p)), commune.achievement(("person", p), text="Hiến máu cứu người")
    b = commune.achievement(("collective", unit), text="Sơ tán 40 hộ dân")
    number = register.peek(commune.db, YEAR, "QĐ")
    info, issued = _give(commune, [Awardee(("person", p), (a1, a2)), Awardee(("collective", unit), (b,))],
                         catalog=paid)
    assert info.number == number and issued.number_text == f"{number:02d}/QĐ-UBND"
    assert register.peek(commune.db, YEAR, "QĐ") == number + 1          # taken once, in the act's transaction
    person_row = info.rows[0]
    assert person_row.bonus_multiple == "0.3" and person_row.amount == 710_000   # 0.3 × 2,340,000 = 702,000, rounded up
    assert info.total_amount == sum(r.amount for r in info.rows) == issued.total_amount
    with commune.db.session() as s:
        d = s.get(ReviewDecision, info.id)
        assert d is not None and d.occasion == "dot_xuat" and d.theme == FLOOD and d.kind == "decision"
        assert sorted(s.scalars(select(RowAchievement.achievement_id))) == sorted([a1, a2, b])
        hist = s.scalars(select(AwardHistory).where(AwardHistory.decision_id == info.id)).all()
        assert {(h.person_id or h.collective_id, h.source, h.title_code) for h in hist} == {
            (p, "commune", "GK_XA"), (unit, "commune", "GK_XA")}
        assert {h.achievement_id for h in hist} == {a1, b}
    text = _text(to_pdf(issuing.document(commune.db, issued.id)))
    assert "Về việc khen thưởng đột xuất: cứu người trong lũ ngày 12/9/2026" in text
    assert "thành tích xuất sắc đột xuất" in text and "Trần Văn Dũng" in text and "710.000" in text


def test_the_giay_khen_carries_money_for_a_person_under_the_shipped_catalog(commune):
    """Waits for the lead's titles.json format 3 (multiples per subject type): skipped until it ships."""
    cat = load_catalog()
    if cat.bonus("GK_XA", ON, subject_type="person") is None:
        pytest.skip("titles.json has no multiple for GK_XA yet (format 3 pending)")
    p = commune.person()
    info, _ = _give(commune, [Awardee(("person", p), (commune.achievement(("person", p)),))])
    assert info.rows[0].amount > 0


def test_an_achievement_of_the_year_end_giay_khen_is_refused_for_a_dot_xuat(commune):
    p = commune.person()
    ach = commune.achievement(("person", p))
    commune.register(("person", p), "GK_XA")
    rv = review(commune.db, "Nguyễn Thị Hoa")
    year_end = rv.decide(YEAR, dt.date(YEAR, 12, 10), "Lê Văn Minh", "Chủ tịch", "")
    assert [r.title_code for r in year_end.rows] == ["GK_XA"]
    before = register.peek(commune.db, YEAR + 1, "QĐ")
    with pytest.raises(UserError, match="một thành tích chỉ khen một hình thức") as exc:
        _give(commune, [Awardee(("person", p), (ach,))], on=dt.date(YEAR + 1, 1, 5))
    assert year_end.number_text in exc.value.message
    # nothing half-written: no number taken, no decision stored
    assert register.peek(commune.db, YEAR + 1, "QĐ") == before
    with commune.db.session() as s:
        assert s.scalar(select(ReviewDecision.id).where(ReviewDecision.occasion != "tong_ket")) is None
    # a new achievement of the same person is free
    fresh = commune.achievement(("person", p), text="Bắt trộm")
    info, _ = _give(commune, [Awardee(("person", p), (fresh,))], on=dt.date(YEAR + 1, 1, 5))
    assert info.rows[0].subject_id == p


def test_the_same_achievement_is_not_rewarded_twice_and_is_free_after_a_repeal(commune):
    p = commune.person()
    ach = commune.achievement(("person", p))
    _info, first = _give(commune, [Awardee(("person", p), (ach,))], occasion="chuyen_de",
                         theme="Chung sức xây dựng nông thôn mới")
    with pytest.raises(UserError, match=f"đã được khen thưởng \\(Quyết định {first.number_text}\\)"):
        _give(commune, [Awardee(("person", p), (ach,))])
    with pytest.raises(UserError, match="chỉ bãi bỏ được"):
        supersede(commune.db, first.id, "thay_the", "Sai tên", "Nguyễn Thị Hoa")
    supersede(commune.db, first.id, "bai_bo", "Khen nhầm", "Nguyễn Thị Hoa", on=ON)
    info, _ = _give(commune, [Awardee(("person", p), (ach,))])
    assert info.rows[0].subject_id == p


def test_bad_input_is_refused_in_words(commune):
    p, q = commune.person(), commune.person()
    mine, theirs = commune.achievement(("person", p)), commune.achievement(("person", q))
    with pytest.raises(ValidationError, match="Hãy ghi tên phong trào"):
        _give(commune, [Awardee(("person", p), (mine,))], theme="  ")
    with pytest.raises(ValidationError, match="chuyen_de"):
        _give(commune, [Awardee(("person", p), (mine,))], occasion="tong_ket")
    with pytest.raises(ValidationError, match="Chưa chọn"):
        _give(commune, [])
    with pytest.raises(UserError, match="không phải của đối tượng này"):
        _give(commune, [Awardee(("person", p), (theirs,))])
    with pytest.raises(UserError, match="chưa chọn thành tích"):
        _give(commune, [Awardee(("person", p), ())])
    with pytest.raises(UserError, match="chọn hai lần"):
        _give(commune, [Awardee(("person", p), (mine,)), Awardee(("person", p), (mine,))])
    later = commune.rec.create("achievement", {"subject": ("person", p), "year": YEAR, "area_code": "1.5",
                                               "description": "Sau ngày ký", "achieved_on": dt.date(YEAR, 10, 1)})
    with pytest.raises(UserError, match="sau ngày ký"):
        _give(commune, [Awardee(("person", p), (later,))])


def test_the_time_limit_is_data(commune, tmp_path, monkeypatch):
    """No limit is read in the law (research 8): none by default; a limit in the data is applied."""
    assert load_rules().occasion("dot_xuat").max_days is None
    folder = tmp_path / "awards"
    folder.mkdir()
    doc = json.loads((load_rules.__globals__["resources_dir"]() / "awards" / "special.json").read_text("utf-8"))
    doc["occasions"][1]["max_days_after_achievement"] = 30
    (folder / "special.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    from desktop.core.review import special

    monkeypatch.setattr(special, "default_rules", lambda: special.load_rules(folder))
    p = commune.person()
    old = commune.rec.create("achievement", {"subject": ("person", p), "year": YEAR, "area_code": "1.5",
                                             "description": "Cứu hỏa", "achieved_on": dt.date(YEAR, 8, 20)})
    with pytest.raises(UserError, match="quá 30 ngày"):
        _give(commune, [Awardee(("person", p), (old,))])
    ok = commune.rec.create("achievement", {"subject": ("person", p), "year": YEAR, "area_code": "1.5",
                                            "description": "Cứu hỏa lần hai", "achieved_on": dt.date(YEAR, 8, 21)})
    _give(commune, [Awardee(("person", p), (ok,))])   # 30 days exactly: in time


def test_the_reprint_is_identical_whatever_changed_since(commune, paid):
    p = commune.person("Phạm Thị Lan")
    ach = commune.achievement(("person", p))
    _info, issued = _give(commune, [Awardee(("person", p), (ach,))], occasion="chuyen_de",
                          theme="Bình dân học vụ số", catalog=paid)
    first = to_pdf(issuing.document(commune.db, issued.id))
    commune.rec.update("person", p, {"full_name": "Phạm Thị Lan Anh", "sex": "nu", "category": "vien_chuc"})
    again = to_pdf(issuing.document(commune.db, issued.id))
    assert issuing.document(commune.db, issued.id) == issuing.document(commune.db, issued.id)
    assert _text(first) == _text(again) and "Phạm Thị Lan Anh" not in _text(again)
    assert "Về việc khen thưởng chuyên đề “Bình dân học vụ số”" in _text(first)
