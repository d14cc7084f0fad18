"""The council meeting as the catalog says: the quorum (2/3 of ALL members attending, written votes not
counted as attending), a chair and a secretary who attended, both named in the minutes and signing
them; minutes issued before this rule reprint as they were; the tie rule only among candidates who
all meet the standard."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.__main__ import main
from desktop.app import issuing
from desktop.app.issuing_review import issue_minutes, review
from desktop.core.catalog import CatalogError, CouncilRule, default_catalog_dir, load_catalog
from desktop.core.review import Review, rank_key
from desktop.reports.documents import to_pdf
from desktop.reports.frozen import digest, thaw
from desktop.shared.errors import ValidationError
from desktop.store.models_review import MeetingAttendance, ReviewMeeting

from .conftest import YEAR

DAY = dt.date(YEAR, 12, 5)
FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "minutes_frozen_2026_1.json"


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).split())


def _words(text: str) -> list[str]:
    """The words of a document's text without its page numbers (a lone 1- or 2-digit token)."""
    return [w for w in text.split() if not (w.isdigit() and len(w) <= 2)]


def _catalog(tmp_path: Path, edit) -> Path:
    d = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), d)
    doc = json.loads((d / "titles.json").read_text(encoding="utf-8"))
    edit(doc)
    (d / "titles.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return d


@pytest.fixture
def council(commune):
    """A council of 9: the workspace's chairman, a vice-chairman, six members and a secretary (last)."""
    for i, role in enumerate(["Phó Chủ tịch Hội đồng"] + ["Ủy viên"] * 6 + ["Thư ký"], start=2):
        commune.rec.create("council", {"full_name": f"Thành viên Số {i}", "role": role, "sort_order": i})
    ids = [m[0] for m in commune.review.council()]
    assert len(ids) == 9
    return ids


# --------------------------------------------------------------------------- the data


def test_the_shipped_council_rule_and_its_sources():
    rule = load_catalog().council
    assert rule.quorum_text() == "2/3" and not rule.counts_written_votes
    assert [rule.quorum_needed(n) for n in (3, 5, 9, 10)] == [2, 4, 6, 7]
    assert rule.chair_required and rule.secretary_required
    assert "2/3 tổng số thành viên" in rule.quorum_source and "thư ký" in rule.source


@pytest.mark.parametrize("edit, message", [
    (lambda c: c["quorum"].update(min_fraction="4/3"), "council › quorum: “min_fraction” phải là phân số"),
    (lambda c: c["quorum"].update(min_fraction="66%"), "council › quorum: “min_fraction” phải là phân số"),
    (lambda c: c["quorum"].update(min_fraction="0/3"), "council › quorum: “min_fraction” phải là phân số"),
    (lambda c: c["quorum"].update(counts_written_votes="no"), "“counts_written_votes” phải là true hoặc false"),
    (lambda c: c["quorum"].update(source=""), "council › quorum: “source” phải ghi căn cứ"),
    (lambda c: c["quorum"].update(members=9), "council › quorum: không có tham số “members”"),
    (lambda c: c.update(secretary_required="yes"), "council: “secretary_required” phải là true hoặc false"),
    (lambda c: c.update(source=None), "council: “source” phải ghi căn cứ"),
    (lambda c: c.update(quorum="2/3"), "council › quorum: phải có dạng"),
    (lambda c: c.update(quorate=True), "council: không có tham số “quorate”"),
])
def test_a_malformed_council_entry_is_refused_naming_it(tmp_path, edit, message):
    d = _catalog(tmp_path, lambda doc: edit(doc["council"]))
    with pytest.raises(CatalogError) as e:
        load_catalog(d)
    assert message in e.value.message and "titles.json không hợp lệ" in e.value.message


def test_without_a_council_entry_nothing_is_checked(tmp_path):
    cat = load_catalog(_catalog(tmp_path, lambda doc: doc.pop("council")))
    assert cat.council == CouncilRule() and cat.council.quorum_needed(9) == 0


# --------------------------------------------------------------------------- opening a meeting


def test_quorum_at_the_boundary(commune, council):
    rv = commune.review
    with pytest.raises(ValidationError) as e:
        rv.open_meeting(YEAR, DAY, council[:5], chair=council[0], secretary=council[4])
    assert "Có 5/9 thành viên dự họp, chưa đủ 2/3 (cần ít nhất 6)" in e.value.message
    assert "Hãy đánh dấu đúng những thành viên có mặt" in e.value.message
    assert "Căn cứ: Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng" in e.value.message
    # a written vote is not attendance
    with pytest.raises(ValidationError) as e:
        rv.open_meeting(YEAR, DAY, council[:5], written=council[5:6], chair=council[0], secretary=council[4])
    assert "Có 5/9" in e.value.message and "gửi phiếu bằng văn bản không được tính là dự họp" in e.value.message
    assert rv.meetings(YEAR) == []  # nothing stored
    mid = rv.open_meeting(YEAR, DAY, council[:6], chair=council[0], secretary=council[5])
    info = rv.meeting(mid)
    assert info.present == 6 and info.chair_member_id == council[0] and info.secretary_member_id == council[5]
    assert info.member_name(info.secretary_member_id) == "Thành viên Số 6"


def test_a_catalog_counting_written_votes_lets_them_make_the_quorum(commune, council, tmp_path):
    d = _catalog(tmp_path, lambda doc: doc["council"]["quorum"].update(counts_written_votes=True))
    rv = Review(commune.db.session, "Nguyễn Thị Hoa", load_catalog(d))
    assert rv.open_meeting(YEAR, DAY, council[:5], written=council[5:6], chair=council[0], secretary=council[4])


@pytest.mark.parametrize("chair, secretary, message", [
    (0, 8, "Thư ký Thành viên Số 9 không có mặt tại cuộc họp"),
    (0, None, "Chưa chọn thư ký cuộc họp"),
    (7, 1, "Người chủ trì Thành viên Số 8 không có mặt tại cuộc họp"),
    (None, 1, "Chưa chọn người chủ trì cuộc họp"),
    (1, 1, "Người chủ trì và thư ký cuộc họp phải là hai người khác nhau"),
])
def test_chair_and_secretary_must_have_attended(commune, council, chair, secretary, message):
    pick = {None: None, **{i: m for i, m in enumerate(council)}}
    with pytest.raises(ValidationError) as e:
        commune.review.open_meeting(YEAR, DAY, council[:7], written=council[7:8], chair=pick[chair],
                                    secretary=pick[secretary])
    assert message in e.value.message
    assert commune.review.meetings(YEAR) == []


def test_unknown_chair_is_refused(commune, council):
    with pytest.raises(ValidationError, match="Không tìm thấy thành viên Hội đồng mã 999"):
        commune.review.open_meeting(YEAR, DAY, council, chair=999, secretary=council[8])


def test_a_catalog_without_the_requirement_needs_no_secretary(commune, council, tmp_path):
    d = _catalog(tmp_path, lambda doc: doc["council"].update(chair_required=False, secretary_required=False))
    rv = Review(commune.db.session, "Nguyễn Thị Hoa", load_catalog(d))
    info = rv.meeting(rv.open_meeting(YEAR, DAY, council))
    assert info.chair_member_id is None and info.secretary_member_id is None
    with pytest.raises(ValidationError, match="Thư ký Thành viên Số 9 không có mặt"):  # named: still checked
        rv.open_meeting(YEAR, DAY, council[:8], secretary=council[8])


def test_a_meeting_recorded_before_loads_and_its_minutes_fall_back_to_the_roles(commune, council):
    with commune.db.session() as s, s.begin():
        m = ReviewMeeting(year=YEAR, held_on=DAY, place="", members_total=9, catalog_version="2026.1", note="")
        s.add(m)
        s.flush()
        for i, mid in enumerate(council):
            s.add(MeetingAttendance(meeting_id=m.id, council_member_id=mid, member_name=f"Tên {i}",
                                    present=i < 5, written_vote=False))
        old_id = m.id
    info = commune.review.meeting(old_id)
    assert info.present == 5 and info.chair_member_id is None and info.member_name(None) == ""
    doc = issuing.document(commune.db, issue_minutes(commune.db, old_id, "Nguyễn Thị Hoa").id)
    assert doc.chair == "Tên 0" and doc.chair_title == "CHỦ TỊCH HỘI ĐỒNG"
    assert doc.quorum == "Có mặt 5/9 thành viên Hội đồng."  # below 2/3: no claim that it was enough
    # the council's secretary (Tên 8) was absent: not named as the meeting's secretary, does not sign
    assert doc.secretary == ""
    text = _text(to_pdf(doc))
    assert "Thư ký: ......" in text and "Thư ký: Tên 8" not in text
    sign = text[text.index("các thành viên dự họp nhất trí thông qua"):]
    assert "THƯ KÝ (Ký, ghi rõ họ tên)" in sign and "Tên 8" not in sign


def test_the_minutes_write_ong_or_ba_by_the_members_sex(commune, council):
    commune.rec.update("council", council[1], {"full_name": "Thành viên Số 2", "role": "Phó Chủ tịch Hội đồng",
                                               "sort_order": 2, "sex": "nu"})
    commune.rec.update("council", council[8], {"full_name": "Thành viên Số 9", "role": "Thư ký", "sort_order": 9,
                                               "sex": "nam"})
    rv = review(commune.db, "Nguyễn Thị Hoa")
    mid = rv.open_meeting(YEAR, DAY, council[1:], chair=council[1], secretary=council[8])
    text = _text(to_pdf(issuing.document(commune.db, issue_minutes(commune.db, mid, "Nguyễn Thị Hoa").id)))
    assert "Chủ trì: Bà Thành viên Số 2. Thư ký: Ông Thành viên Số 9." in text
    assert "- Bà Thành viên Số 2, Phó Chủ tịch Hội đồng;" in text
    assert "- Thành viên Số 3, Ủy viên;" in text   # sex not entered: the name alone
    assert "Ông (bà)" not in text


# --------------------------------------------------------------------------- the minutes


def test_the_minutes_name_chair_and_secretary_and_state_the_quorum(commune, council):
    rv = review(commune.db, "Nguyễn Thị Hoa")
    # the vice-chairman chairs, the chairman is away
    mid = rv.open_meeting(YEAR, DAY, council[1:], chair=council[1], secretary=council[8])
    info = issue_minutes(commune.db, mid, "Nguyễn Thị Hoa")
    assert info.signer_name == "Thành viên Số 2" and info.signer_title == "Chủ trì cuộc họp"
    text = _text(to_pdf(issuing.document(commune.db, info.id)))
    assert "Có mặt 8/9 thành viên Hội đồng, đủ 2/3 tổng số thành viên Hội đồng" in text
    assert "Chủ trì: Thành viên Số 2. Thư ký: Thành viên Số 9." in text
    sign = text[text.index("các thành viên dự họp nhất trí thông qua"):]
    assert "THƯ KÝ" in sign and "CHỦ TRÌ" in sign and "CHỦ TỊCH HỘI ĐỒNG" not in sign
    assert "Thành viên Số 9" in sign and "Thành viên Số 2" in sign


def test_the_council_chairman_signs_as_chairman(commune, council):
    rv = review(commune.db, "Nguyễn Thị Hoa")
    mid = rv.open_meeting(YEAR, DAY, council, chair=council[0], secretary=council[8])
    doc = issuing.document(commune.db, issue_minutes(commune.db, mid, "Nguyễn Thị Hoa").id)
    assert doc.chair == "Lê Văn Minh" and doc.chair_title == "CHỦ TỊCH HỘI ĐỒNG" and doc.secretary == "Thành viên Số 9"
    assert "CHỦ TỊCH HỘI ĐỒNG" in _text(to_pdf(doc))


def test_minutes_frozen_before_the_council_rule_reprint_identically():
    """Written by the release before (commit 3578750): no quorum line, no chair_title field."""
    fixture = json.loads(FROZEN.read_text(encoding="utf-8"))
    assert digest(fixture["content"]) == fixture["sha256"]
    assert '"quorum"' not in fixture["content"] and '"chair_title"' not in fixture["content"]
    doc = thaw(fixture["content"])
    text = _text(to_pdf(doc))
    # the same words in the same order; where a page breaks may move with the layout (a heading is now
    # kept with what follows it), so the page numbers are left out of the comparison
    assert _words(text) == _words(fixture["text"])
    assert "Có mặt 3/5" not in text and "CHỦ TỊCH HỘI ĐỒNG" in text


# --------------------------------------------------------------------------- the tie rule


def test_the_tie_rule_prefers_women_only_among_those_who_meet_the_standard():
    equal = [(7, "", "An Văn Bình"), (7, "Nữ", "Trần Thị Xuân")]
    assert sorted(equal, key=lambda x: rank_key(*x))[0][2] == "Trần Thị Xuân"
    # a woman who did not meet the standard gets no priority: name order
    assert sorted(equal, key=lambda x: rank_key(*x, eligible=x[1] == ""))[0][2] == "An Văn Bình"
    # more votes still come first
    assert sorted([(8, "", "Zơ"), (7, "Nữ", "An")], key=lambda x: rank_key(*x))[0][2] == "Zơ"


def test_the_tie_rule_cites_the_decree():
    ties = load_catalog().tie_break
    assert ties is not None and "Nghị định 152/2025/NĐ-CP" in ties.source
    assert "cùng đủ điều kiện, tiêu chuẩn" in ties.source


# --------------------------------------------------------------------------- the command line


def test_the_meeting_command_takes_chair_and_secretary(commune, council, paths, capsys):
    def cli(*args):
        return main(["--data-dir", str(paths.data_dir), "review", "meeting", "--year", str(YEAR),
                     "--date", "05/12/2026", *map(str, args)])

    assert cli("--present", *council[:5], "--chu-tri", council[0], "--thu-ky", council[4]) == 1
    assert "Có 5/9 thành viên dự họp, chưa đủ 2/3 (cần ít nhất 6)" in capsys.readouterr().err
    assert cli("--all-present") == 1
    assert "Chưa chọn người chủ trì" in capsys.readouterr().err
    assert cli("--present", *council[:8], "--chu-tri", council[0], "--thu-ky", council[8]) == 1
    assert "Thư ký Thành viên Số 9 không có mặt" in capsys.readouterr().err
    assert cli("--all-present", "--chu-tri", council[0], "--thu-ky", council[8]) == 0
    out = capsys.readouterr().out
    assert "có mặt 9" in out and "chủ trì Lê Văn Minh, thư ký Thành viên Số 9" in out
    with commune.db.session() as s:
        m = s.scalars(select(ReviewMeeting)).one()
        assert (m.chair_member_id, m.secretary_member_id) == (council[0], council[8])
    assert main(["--data-dir", str(paths.data_dir), "review", "meetings", "--year", str(YEAR)]) == 0
    assert "chủ trì Lê Văn Minh, thư ký Thành viên Số 9" in capsys.readouterr().out


def test_draft_minutes_leave_room_for_the_number_and_issued_ones_carry_it(commune, council):
    from desktop.app.review_sources import minutes_doc

    rv = review(commune.db, "Nguyễn Thị Hoa")
    mid = rv.open_meeting(YEAR, DAY, council, chair=council[0], secretary=council[8])
    assert "Số: ......../BB-HĐTĐKT" in _text(to_pdf(minutes_doc(commune.db, YEAR)))
    info = issue_minutes(commune.db, mid, "Nguyễn Thị Hoa")
    assert f"Số: {info.number:02d}/BB-HĐTĐKT" in _text(to_pdf(issuing.document(commune.db, info.id)))
