"""Documents from the commune's records, the document register, the command line."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.__main__ import main
from desktop.app import sources
from desktop.core import register
from desktop.core.review import check_year
from desktop.reports import documents as D
from desktop.shared.errors import UserError
from tests.reports.conftest import assert_decree30_pdf, flat

DAY = dt.date(2026, 12, 5)


def test_registration_and_title_lists(demo_db):
    doc = sources.registration_list(demo_db, 2026, DAY)
    assert doc.spans and doc.rows[0][0].startswith("I. ")
    first_name = doc.rows[1][1]
    pages = assert_decree30_pdf(D.to_pdf(doc), "ỦY BAN NHÂN DÂN", "XÃ TIÊN DU", "Tiên Du, ngày 05 tháng 12 năm 2026",
                                "Cá nhân, tập thể, hộ gia đình đăng ký thi đua năm 2026", first_name, "TM. ỦY BAN NHÂN DÂN")
    assert len(pages) >= 2 and "Họ và tên / Tên tập thể / Chủ hộ" in flat(pages[1])
    lst = sources.title_list(demo_db, 2026, "LDTT", DAY)
    text = flat(" ".join(assert_decree30_pdf(D.to_pdf(lst), "DANH SÁCH ĐĂNG KÝ, ĐỀ NGHỊ XÉT",
                                             "Danh hiệu “Lao động tiên tiến” năm 2026")))
    assert "chưa phải danh sách được khen thưởng" in text
    with pytest.raises(UserError):
        sources.title_list(demo_db, 2031, "LDTT")


def test_report_with_the_fifteen_targets(demo_db):
    doc = sources.movement_report(demo_db, 2026, "Y", DAY, number=4)
    assert {r.target_code for r in doc.indicators} == set(range(1, 16))
    assert_decree30_pdf(D.to_pdf(doc), "BÁO CÁO", "Số: 04/BC-UBND", "Tổng kết phong trào thi đua yêu nước năm 2026",
                        "GRDP bình quân đầu người đạt 8.700 - 8.200 USD.", "Nguyên văn kế hoạch ghi khoảng ngược",
                        "Mục tiêu (15) của tỉnh:")
    h1 = sources.movement_report(demo_db, 2026, "H1", DAY)
    assert_decree30_pdf(D.to_pdf(h1), "Sơ kết 6 tháng đầu năm 2026")


def test_achievement_reports_and_ballots(demo_db):
    from sqlalchemy import select

    from desktop.store.models import Achievement

    with demo_db.session() as s:
        a = s.scalars(select(Achievement).where(Achievement.person_id.is_not(None))).first()
        c = s.scalars(select(Achievement).where(Achievement.collective_id.is_not(None))).first()
    doc = sources.achievement_report(demo_db, "person", a.person_id, 2026, DAY)
    assert_decree30_pdf(D.to_pdf(doc), "BÁO CÁO THÀNH TÍCH", "I. SƠ LƯỢC LÝ LỊCH", doc.name, "NGƯỜI BÁO CÁO THÀNH TÍCH")
    if c is not None:
        doc = sources.achievement_report(demo_db, "collective", c.collective_id, 2026, DAY)
        assert_decree30_pdf(D.to_pdf(doc), "BÁO CÁO THÀNH TÍCH", "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", doc.name)
    ballots = sources.ballot_slips(demo_db, 2026, DAY)
    pages = assert_decree30_pdf(D.to_pdf(ballots), "PHIẾU BẦU", "UBND XÃ TIÊN DU")
    assert len(pages) >= ballots.copies


def test_cover_letter_from_the_commune(workspace):
    doc = sources.cover_letter(workspace, "TienDu.tdbn", "f" * 64, [("Cá nhân", 3)], 2026, file_id="X1", date=DAY)
    assert_decree30_pdf(D.to_pdf(doc), "TienDu.tdbn", "Nguyễn Thị Hoa", "Lê Văn Minh")


def test_register_numbers_per_year_and_type(workspace):
    assert register.peek(workspace, 2026, "QĐ") == 1
    assert [register.take(workspace, 2026, "QĐ") for _ in range(3)] == [1, 2, 3]
    assert register.take(workspace, 2026, "BC") == 1
    assert register.take(workspace, 2027, "QĐ") == 1
    assert register.peek(workspace, 2026, "QĐ") == 4


def _cli(paths, *args) -> int:
    return main(["--data-dir", str(paths.data_dir), *args])


def test_cli_print_kinds(paths, demo_db, tmp_path, capsys):
    for kind, extra in [("registrations", []), ("list", ["--title", "GDVH"]), ("report", []),
                        ("ballots", []), ("report", ["--period", "H1", "--draft"])]:
        out = tmp_path / f"{kind}.pdf"
        assert _cli(paths, "print", kind, "--out", str(out), "--year", "2026", "--date", "05/12/2026", *extra) == 0
        assert out.read_bytes().startswith(b"%PDF")
    assert "Đã ghi" in capsys.readouterr().out
    # printing by kind is a draft: five prints take no number; issuing takes one, once
    assert register.peek(demo_db, 2026, "BC") == 1
    assert _cli(paths, "documents", "issue", "report", "--year", "2026", "--date", "05/12/2026") == 0
    assert "số 01/BC-UBND" in capsys.readouterr().out
    assert register.peek(demo_db, 2026, "BC") == 2
    for kind in ("decision", "minutes", "proposal"):
        assert _cli(paths, "print", kind, "--out", str(tmp_path / "x.pdf"), "--year", "2026") == 1
        assert "hãy bình xét trước" in capsys.readouterr().err
        assert not (tmp_path / "x.pdf").exists()
    assert _cli(paths, "print", "list", "--out", str(tmp_path / "y.pdf"), "--year", "2026") == 1
    assert "--title" in capsys.readouterr().err
    assert _cli(paths, "print", "report", "--out", str(tmp_path / "y.txt")) == 2


def test_ballot_slips_follow_the_catalog_secret_ballot_rule(demo_db, tmp_path):
    """The slips ask the catalog which titles are voted by secret ballot: flipping "ballot.secret" in
    titles.json takes a title off the slips, or puts one on them, without a code change."""
    import json
    import shutil

    from desktop.core.catalog import default_catalog_dir, load_catalog

    shipped = load_catalog()
    # the commune council votes by secret ballot on whom it proposes by its own rule; the Cờ thi đua is
    # suy tôn by the cụm, khối
    assert sources.secret_ballot_titles(shipped) == ("CSTDCS", "CSTD_TINH")
    before = sources.ballot_slips(demo_db, 2026, DAY)
    assert {c.title for c in before.candidates} == {shipped.title_name("CSTDCS")}

    d = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), d)
    doc = json.loads((d / "titles.json").read_text(encoding="utf-8"))
    for t in doc["titles"]:
        if t["code"] == "CSTDCS":
            t["ballot"]["secret"] = False
        if t["code"] == "TTLDTT":
            t["ballot"] = {"secret": True, "min_percent": 50, "of": "all_members", "source": "thử nghiệm"}
    (d / "titles.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    edited = load_catalog(d)
    assert sources.secret_ballot_titles(edited) == ("TTLDTT", "CSTD_TINH")
    after = sources.ballot_slips(demo_db, 2026, DAY, catalog=edited)
    with demo_db.session() as s:
        standing = [c.name for c in check_year(s, 2026, edited, DAY).candidates
                    if c.title_code == "TTLDTT" and c.state in ("ok", "warning")]
    assert {c.title for c in after.candidates} == {edited.title_name("TTLDTT")}
    assert [c.name for c in after.candidates] == standing
    assert not {c.name for c in after.candidates} & {c.name for c in before.candidates}


def test_ballot_slips_are_anonymous_and_list_only_whom_the_review_lets_stand(demo_db):
    """All slips alike (no "Phiếu số 1/9"); on them the candidates eligible or for the council to weigh,
    never those the review refuses, those already decided or those another body decides; the marking
    rule printed is the catalog's, the one the tally counts by (invalid marks: not an agreeing vote)."""
    from desktop.core.catalog import load_catalog

    cat = load_catalog()
    with demo_db.session() as s:
        result = check_year(s, 2026, cat, DAY)
    cstd = [c for c in result.candidates if c.title_code == "CSTDCS"]
    stand = {c.name for c in cstd if c.state in ("ok", "warning")}
    out = {c.name for c in cstd if c.state in ("blocked", "decided", "elsewhere")}
    assert stand and out - stand   # the demo has both
    doc = sources.ballot_slips(demo_db, 2026, DAY)
    assert {c.name for c in doc.candidates} == stand
    pages = assert_decree30_pdf(D.to_pdf(doc), "PHIẾU BẦU", cat.council.ballot_invalid, "Chức vụ, đơn vị")
    assert len(pages) == doc.copies > 1 and len(set(pages)) == 1   # one per member, all alike
    whole = flat(" ".join(pages))
    assert "Phiếu số" not in whole and "không được tính là phiếu đồng ý" in whole
    for name in out - stand:
        assert name not in whole
    assert "đăng ký thi đua của năm" not in whole   # no word about where the software took the list from
