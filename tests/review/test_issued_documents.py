"""Issued documents are records: a number taken once at issue, content frozen with its SHA-256, a
reprint identical whatever changed since, a change made by a new act naming the one it replaces;
minutes count only their own meeting's votes, show of hands apart from secret ballots."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from sqlalchemy import select

from desktop.__main__ import main
from desktop.app import issuing, issuing_docs, review_sources
from desktop.app.issuing_review import draft, issue_minutes, review, supersede
from desktop.core import register
from desktop.reports.documents import to_pdf
from desktop.shared.errors import UserError
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import AwardHistory

from .conftest import YEAR, open_meeting


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).split())


def _cli(paths, *args) -> int:
    return main(["--data-dir", str(paths.data_dir), *args])


@pytest.fixture
def year_set(commune):
    """A council of 9, 3 Lao động tiên tiến, 2 collectives for Tập thể lao động tiên tiến: one the
    council votes down."""
    c = commune
    for i in range(8):
        c.rec.create("council", {"full_name": f"Ủy viên Số {i + 2}", "role": "Ủy viên", "sort_order": i + 2})
    good, bad = c.unit("Trạm Y tế xã Tiên Du"), c.unit("Trường Mầm non Tiên Du", "truong_hoc")
    people = []
    for unit in (good, bad):
        c.rate(("collective", unit), "xuat_sac")
        c.register(("collective", unit), "TTLDTT")
        for _ in range(3):
            p = c.person(unit=unit, rating="xuat_sac")
            c.register(("person", p), "LDTT")
            people.append(p)
    rv = review(c.db, "Nguyễn Thị Hoa")
    members = [m[0] for m in rv.council()]
    mid = open_meeting(rv, YEAR, dt.date(2026, 12, 5), members)
    c.review = rv
    return c, rv, mid, good, bad, people


def test_minutes_count_only_their_meeting_votes_and_are_frozen(year_set):
    c, rv, mid, good, bad, people = year_set
    rv.record_votes(mid, [("person", p) for p in people], "LDTT", 9, 0)
    assert rv.record_ballot(mid, ("collective", good), "TTLDTT", 9, 0).passed
    assert not rv.record_ballot(mid, ("collective", bad), "TTLDTT", 4, 5).passed
    info = rv.meeting(mid)
    assert {b["method"] for b in info.ballots} == {"hands"}  # neither title is voted by secret ballot
    minutes = issue_minutes(c.db, mid, "Nguyễn Thị Hoa")
    assert minutes.number_text == "01/BB-HĐTĐKT" and minutes.row_count == 8
    first = to_pdf(issuing.document(c.db, minutes.id))
    text = _text(first)
    assert "Lao động tiên tiến: 6 trường hợp" in text
    assert "Tập thể lao động tiên tiến: 1 trường hợp" in text  # the collective voted down 4/9 is not agreed
    assert "KẾT QUẢ BIỂU QUYẾT" in text and "7/8 trường hợp đạt" in text
    # the votes are frozen with the minutes
    with pytest.raises(UserError, match="đã ban hành"):
        rv.record_ballot(mid, ("collective", bad), "TTLDTT", 9, 0)
    with pytest.raises(UserError, match="đã ban hành"):
        issue_minutes(c.db, mid, "Nguyễn Thị Hoa")
    # a decision later, more people, renamed subjects: the minutes reprint the same
    rv.decide(YEAR, dt.date(2026, 12, 10), "Lê Văn Minh", "Chủ tịch", "", meeting_id=mid)
    for _ in range(5):
        c.register(("person", c.person(unit=good, rating="xuat_sac")), "LDTT")
    c.rec.update("collective", good, {"name": "Trạm Y tế phường Tiên Du", "kind": "tram_y_te"})
    assert _text(to_pdf(review_sources.minutes_doc(c.db, YEAR, mid))) == text


def test_secret_ballots_and_show_of_hands_are_kept_apart(year_set):
    c, rv, mid, good, _bad, people = year_set
    c.register(("person", people[0]), "CSTDCS")
    c.initiative(people[0])
    rv.record_votes(mid, [("person", p) for p in people], "LDTT", 9, 0)
    assert rv.record_ballot(mid, ("person", people[0]), "CSTDCS", 8, 1).passed
    methods = {(b["title_code"], b["method"]) for b in rv.meeting(mid).ballots}
    assert ("CSTDCS", "secret") in methods and ("LDTT", "hands") in methods
    doc = issuing.document(c.db, issue_minutes(c.db, mid, "Nguyễn Thị Hoa").id)
    assert [r.title for r in doc.results] == ["Chiến sĩ thi đua cơ sở"]
    assert {r.title for r in doc.hands} == {"Lao động tiên tiến"}
    text = _text(to_pdf(doc))
    assert text.index("KẾT QUẢ BIỂU QUYẾT") < text.index("KẾT QUẢ BỎ PHIẾU KÍN")
    assert "Kết quả bỏ phiếu kín: 1/1" in text and "Kết quả biểu quyết: 6/6" in text


def test_a_decision_is_frozen_numbered_by_signing_year_and_reprinted_identically(year_set, paths, tmp_path, capsys):
    c, rv, mid, good, _bad, people = year_set
    rv.record_votes(mid, [("person", p) for p in people], "LDTT", 9, 0)
    first = rv.decide(YEAR, dt.date(2026, 12, 5), "Lê Văn Minh", "Chủ tịch", "", meeting_id=mid)
    doc1 = issuing.of_source(c.db, "review_decision", first.id)
    assert doc1 is not None and doc1.number_text == "01/QĐ-UBND" and doc1.issue_year == 2026
    # the meeting's minutes were issued with it: the decision rests on frozen votes
    assert [d.kind for d in issuing.list_documents(c.db, YEAR)] == ["minutes", "decision"]
    pdf = tmp_path / "a.pdf"
    assert _cli(paths, "print", str(doc1.id), "--out", str(pdf)) == 0
    before = _text(pdf.read_bytes())
    # the records change; the issued decision does not
    c.rec.update("person", people[0], {"full_name": "Tên Đã Đổi", "sex": "nam", "category": "vien_chuc"})
    assert _cli(paths, "print", str(doc1.id), "--out", str(pdf)) == 0
    assert _text(pdf.read_bytes()) == before and "Tên Đã Đổi" not in before
    # a 2027 decision about 2026 takes number 01 of 2027; both print by number and year
    rv.decide(YEAR, dt.date(2027, 1, 9), "Lê Văn Minh", "Chủ tịch", "TM.", kind="proposal")
    late = issuing.find(c.db, "decision", 2026, 1)
    assert late.id == doc1.id
    assert _cli(paths, "print", "decision", "--year", "2026", "--number", "1", "--out", str(pdf)) == 0
    assert _text(pdf.read_bytes()) == before
    capsys.readouterr()
    assert _cli(paths, "documents", "list", "--year", "2026", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [d["number_text"] for d in listed] == ["01/BB-HĐTĐKT", "01/QĐ-UBND", "01/TTr-UBND"]
    assert all(len(d["sha256"]) == 64 and d["status"] == "Còn hiệu lực" for d in listed)


def test_replace_and_repeal_are_new_acts_naming_the_old_one(year_set, paths, capsys):
    c, rv, mid, _good, _bad, people = year_set
    rv.record_votes(mid, [("person", p) for p in people], "LDTT", 9, 0)
    first = rv.decide(YEAR, dt.date(2026, 12, 5), "Lê Văn Minh", "Chủ tịch", "", meeting_id=mid)
    old = issuing.of_source(c.db, "review_decision", first.id)
    old_text = _text(to_pdf(issuing.document(c.db, old.id)))
    c.rec.update("person", people[0], {"full_name": "Nguyễn Văn Đúng", "sex": "nam", "category": "vien_chuc"})
    new = supersede(c.db, old.id, "dinh_chinh", "Sai tên một người", "Nguyễn Thị Hoa", on=dt.date(2026, 12, 8))
    assert new.number_text == "02/QĐ-UBND" and new.replaces_id == old.id and new.change_kind == "dinh_chinh"
    text = _text(to_pdf(issuing.document(c.db, new.id)))
    assert "Nguyễn Văn Đúng" in text and "đính chính Quyết định số 01/QĐ-UBND ngày 05/12/2026" in text
    assert _text(to_pdf(issuing.document(c.db, old.id))) == old_text  # the old act is left as it was
    with c.db.session() as s:  # one award per subject: the old decision's went to the recycle bin
        live = s.scalars(select(AwardHistory).where(AwardHistory.deleted_at.is_(None))).all()
        assert len(live) == 8 and {a.decision_no for a in live} == {"02/QĐ-UBND"}
    assert "đính chính bởi văn bản 02/QĐ-UBND" in issuing.get(c.db, old.id).status
    capsys.readouterr()
    assert _cli(paths, "documents", "supersede", str(new.id), "--change", "bai_bo", "--reason",
                "Khen thưởng sai thẩm quyền", "--date", "20/12/2026") == 0
    out = capsys.readouterr().out
    assert "03/QĐ-UBND" in out and "Hết hiệu lực" in out
    repealed = issuing.get(c.db, new.id)
    assert not repealed.in_force
    with c.db.session() as s:
        assert s.scalars(select(AwardHistory).where(AwardHistory.deleted_at.is_(None))).all() == []
    repeal = issuing.find(c.db, "repeal", 2026, 3)
    assert "Bãi bỏ Quyết định số 02/QĐ-UBND" in _text(to_pdf(issuing.document(c.db, repeal.id)))
    # an act out of force cannot be changed again
    with pytest.raises(UserError, match="hết hiệu lực"):
        supersede(c.db, new.id, "thay_the", "Lần nữa", "Nguyễn Thị Hoa")


def test_a_draft_takes_no_number_and_stores_nothing(year_set):
    c, rv, mid, _good, _bad, people = year_set
    rv.record_votes(mid, [("person", p) for p in people], "LDTT", 9, 0)
    doc = draft(c.db, "Nguyễn Thị Hoa", year=YEAR, signed_on=dt.date(2026, 12, 5), signer_name="Lê Văn Minh",
                signer_title="Chủ tịch", authority_prefix="", meeting_id=mid)
    assert doc.number is None and len(doc.rows) == 8  # 6 Lao động tiên tiến, 2 Tập thể lao động tiên tiến
    from pypdf import PdfReader

    raw = PdfReader(io.BytesIO(to_pdf(doc))).pages[0].extract_text()
    assert re.search(r"Số:[\s\u00a0]{6,}/QĐ-UBND", raw)  # room left to write the number in by hand
    assert register.peek(c.db, 2026, "QĐ") == 1 and register.peek(c.db, 2026, "BB") == 1
    assert issuing.list_documents(c.db) == [] and rv.decisions(YEAR) == []


def test_reports_are_numbered_once_at_issue(year_set, paths, tmp_path, capsys):
    c = year_set[0]
    pdf = tmp_path / "bc.pdf"
    for _ in range(5):
        assert _cli(paths, "print", "report", "--year", "2026", "--out", str(pdf)) == 0
    assert register.peek(c.db, 2026, "BC") == 1
    info = issuing_docs.issue_report(c.db, 2026, "Y", dt.date(2026, 12, 5), "Nguyễn Thị Hoa")
    assert info.number_text == "01/BC-UBND"
    capsys.readouterr()
    for _ in range(3):
        assert _cli(paths, "print", str(info.id), "--out", str(pdf)) == 0
    assert register.peek(c.db, 2026, "BC") == 2
    assert "Số: 01/BC-UBND" in _text(pdf.read_bytes())


def test_a_document_altered_in_the_database_is_refused(year_set, paths, tmp_path, capsys):
    c = year_set[0]
    info = issuing_docs.issue_report(c.db, 2026, "Y", dt.date(2026, 12, 5), "Nguyễn Thị Hoa")
    with c.db.session() as s, s.begin():
        d = s.get(IssuedDocument, info.id)
        assert "XÃ TIÊN DU" in d.content
        d.content = d.content.replace("XÃ TIÊN DU", "XÃ KHÁC")
    capsys.readouterr()
    assert _cli(paths, "print", str(info.id), "--out", str(tmp_path / "x.pdf")) == 1
    assert "không khớp mã băm SHA-256" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert _cli(paths, "print", "999", "--out", str(tmp_path / "x.pdf")) == 1
    assert "Không có văn bản đã ban hành mã 999" in capsys.readouterr().err


def test_decisions_of_an_earlier_release_are_adopted_once(year_set):
    c, rv, mid, _good, _bad, people = year_set
    rv.record_votes(mid, [("person", p) for p in people], "LDTT", 9, 0)
    from desktop.core.review import Review

    Review(c.db.session, "x").decide(YEAR, dt.date(2026, 12, 5), "Lê Văn Minh", "Chủ tịch", "", meeting_id=mid)
    docs = issuing.list_documents(c.db, YEAR)
    assert [d.kind for d in docs] == ["decision"] and docs[0].number_text == "01/QĐ-UBND"
    assert issuing.adopt_earlier_decisions(c.db) == 0
    assert len(issuing.list_documents(c.db, YEAR)) == 1


def test_a_subject_named_in_an_issued_act_is_not_deleted(year_set):
    c, rv, mid, good, bad, people = year_set
    rv.record_votes(mid, [("person", p) for p in people[:3]], "LDTT", 9, 0)
    loser = people[3]
    rv.record_votes(mid, [("person", loser)], "LDTT", 2, 7)
    spare = c.person(unit=good)
    issue_minutes(c.db, mid, "Nguyễn Thị Hoa")
    with pytest.raises(UserError, match=r"văn bản đã ban hành \(01/BB-HĐTĐKT\)"):
        c.rec.delete("person", loser)  # voted down, but the minutes record the vote
    rv.decide(YEAR, dt.date(2026, 12, 10), "Lê Văn Minh", "Chủ tịch", "", meeting_id=mid)
    with pytest.raises(UserError, match="01/BB-HĐTĐKT, 01/QĐ-UBND"):
        c.rec.delete("person", people[0])
    c.rec.delete("person", spare)  # in no act: goes to the recycle bin as before
