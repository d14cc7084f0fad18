"""The procedure over the database: rounds per village, bulk marking of 12,000 households in one
transaction (and a list refused half-way writes nothing: another village's household, a deleted one,
a duplicate), the finish refused before the posting days and after 25/11, the decision issued once
with its number, frozen (a reprint is identical whatever changed since), the award history written
with it; Thôn văn hóa with its money; the CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy import func, select, update

from desktop.app import culture, culture_issue, issuing
from desktop.core.catalog import load_catalog
from desktop.reports import frozen
from desktop.shared.errors import UserError
from desktop.store.models import Household
from desktop.store.models_culture import CultureMark
from desktop.store.models_review import AwardHistory
from tests.culture.conftest import YEAR, make_commune, ready_round


def _marks(db, rid=None) -> int:
    with db.session() as s:
        q = select(func.count()).select_from(CultureMark)
        return s.scalar(q.where(CultureMark.round_id == rid) if rid else q)


def test_rounds_open_per_village_once_a_year(commune):
    db = commune.db
    r = culture.open_round(db, YEAR, "GDVH", commune.village, "Cán bộ")
    assert (r.village_name, r.subjects, r.review_deadline) == ("Thôn Đông Sơn", 40, dt.date(YEAR, 11, 25))
    with pytest.raises(UserError, match="mỗi năm một đợt"):
        culture.open_round(db, YEAR, "GDVH", commune.village, "Cán bộ")
    for bad, words in ((commune.merged, "sáp nhập"), (commune.deleted, "thùng rác")):
        with pytest.raises(UserError, match=words):
            culture.open_round(db, YEAR, "GDVH", bad, "Cán bộ")
    with pytest.raises(UserError, match="chọn thôn"):
        culture.open_round(db, YEAR, "GDVH", None, "Cán bộ")


def test_bulk_marking_twelve_thousand_in_one_transaction_and_a_bad_list_writes_nothing(workspace):
    c = make_commune(workspace, n=12_000)
    db = c.db
    r = culture.open_round(db, YEAR, "GDVH", c.village, "Cán bộ")
    statements = []
    from sqlalchemy import event

    def count(*_a):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert culture.mark(db, r.id, "dat", "Cán bộ").count == 12_000
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) < 20   # batch SQL, not a statement per household
    assert culture.get_round(db, r.id).counts == {"dat": 12_000}
    listed = c.households[:11_000]
    assert culture.mark(db, r.id, "khong_dat", "Cán bộ", ids=listed).count == 11_000
    assert culture.get_round(db, r.id).counts == {"dat": 1_000, "khong_dat": 11_000}
    assert _marks(db, r.id) == 12_000   # one mark per household: marking again replaced the result
    # refused half-way: the bad ids come last, after 11,000 good ones; nothing changes
    for bad, words in (([c.other_households[0]], "không thuộc Thôn Đông Sơn"), ([99_999_999], "không có hộ"),
                       ([c.households[0]], "mã lặp lại")):
        with pytest.raises(UserError, match=words) as e:
            culture.mark(db, r.id, "dat", "Cán bộ", ids=[*c.households[:11_000], *bad])
        assert "Chưa ghi gì" in e.value.message
        assert culture.get_round(db, r.id).counts == {"dat": 1_000, "khong_dat": 11_000}
    with db.session() as s, s.begin():
        s.execute(update(Household).where(Household.id == c.households[5]).values(deleted_at=dt.datetime(2026, 5, 1)))
    with pytest.raises(UserError, match="đã xóa"):
        culture.mark(db, r.id, "dat", "Cán bộ", ids=[c.households[5]])


def test_marking_only_those_not_marked_yet(commune):
    db = commune.db
    r = culture.open_round(db, YEAR, "GDVH", commune.village, "Cán bộ")
    culture.mark(db, r.id, "khong_dat", "Cán bộ", ids=commune.households[:3])
    assert culture.mark(db, r.id, "dat", "Cán bộ", only_unmarked=True).count == 37
    assert culture.get_round(db, r.id).counts == {"dat": 37, "khong_dat": 3}
    lines = culture.subjects(db, r.id, search="00002")
    assert [(x.name, x.result) for x in lines] == [("Nguyễn Văn 00002", "khong_dat")]


def test_finish_after_the_posting_days_and_by_25_november(commune):
    db = commune.db
    r = ready_round(db, commune.village, posted_from=dt.date(YEAR, 11, 15))
    with pytest.raises(UserError, match="mới niêm yết 9 ngày"):
        culture.finish(db, r.id, dt.date(YEAR, 11, 24), "Cán bộ")
    with pytest.raises(UserError, match="25/11"):
        culture.finish(db, r.id, dt.date(YEAR, 11, 26), "Cán bộ")
    info, warning = culture.finish(db, r.id, dt.date(YEAR, 11, 25), "Cán bộ")
    assert (info.status, warning) == ("finished", "")
    with pytest.raises(UserError, match="đã kết thúc"):
        culture.mark(db, r.id, "khong_dat", "Cán bộ")


def test_decision_issued_once_frozen_with_the_award_history(commune):
    db = commune.db
    r = ready_round(db, commune.village)
    culture.mark(db, r.id, "khong_dat", "Cán bộ", ids=commune.households[:4])
    with pytest.raises(UserError, match="chưa kết thúc"):
        culture_issue.issue_decision(db, r.id, dt.date(YEAR, 11, 20), "Cán bộ")
    culture.finish(db, r.id, dt.date(YEAR, 11, 12), "Cán bộ")
    culture.record_file_complete(db, r.id, dt.date(YEAR, 11, 13), "Cán bộ")
    draft, _w = culture_issue.decision_draft(db, r.id, dt.date(YEAR, 11, 23))
    assert draft.number is None and len(draft.rows) == 36
    info, warning = culture_issue.issue_decision(db, r.id, dt.date(YEAR, 11, 24), "Cán bộ", signer_name="Lê Văn Minh")
    assert info.number_text == "01/QĐ-UBND" and info.row_count == 36 and "muộn hơn 10 ngày" in warning
    with db.session() as s:
        awards = s.scalars(select(AwardHistory).where(AwardHistory.title_code == "GDVH")).all()
    assert len(awards) == 36 and {a.decision_no for a in awards} == {"01/QĐ-UBND"}
    assert {a.source for a in awards} == {"commune"} and commune.households[0] not in {a.household_id for a in awards}
    doc = issuing.document(db, info.id)
    before = frozen.freeze(doc)
    # the records change after the decision: the reprint is the frozen act
    with db.session() as s, s.begin():
        s.execute(update(Household).values(head_name="Đã đổi tên"))
    assert frozen.freeze(issuing.document(db, info.id)) == before == (frozen.freeze(doc)[0], info.sha256)
    assert culture_issue.document(db, r.id, "decision").rows[0].name != "Đã đổi tên"
    minutes = culture.get_round(db, r.id).minutes_doc_id
    assert minutes is not None and issuing.get(db, minutes).kind == "culture_minutes"
    with pytest.raises(UserError, match="đã có quyết định"):
        culture_issue.issue_decision(db, r.id, dt.date(YEAR, 11, 24), "Cán bộ")
    from desktop.reports.documents import to_pdf

    assert to_pdf(doc).startswith(b"%PDF") and to_pdf(issuing.document(db, minutes)).startswith(b"%PDF")


def test_thon_van_hoa_over_the_villages_with_its_money(commune):
    db = commune.db
    r = culture.open_round(db, YEAR, "THON_VH", None, "Cán bộ")
    assert r.subjects == 2   # the live, active villages: not the merged group nor the deleted village
    culture.record_meeting(db, r.id, dt.date(YEAR, 11, 5), "Cán bộ", chair="Lê Văn Minh")
    culture.mark(db, r.id, "dat", "Cán bộ", ids=[commune.village])
    with pytest.raises(UserError, match="đã xóa hoặc không còn hoạt động"):
        culture.mark(db, r.id, "dat", "Cán bộ", ids=[commune.merged])
    culture.record_posting(db, r.id, dt.date(YEAR, 11, 6), "Cán bộ")
    culture.finish(db, r.id, dt.date(YEAR, 11, 16), "Cán bộ")
    culture.record_file_complete(db, r.id, dt.date(YEAR, 11, 17), "Cán bộ")
    info, warning = culture_issue.issue_decision(db, r.id, dt.date(YEAR, 11, 27), "Cán bộ", catalog=load_catalog())
    assert warning == "" and info.row_count == 1 and info.total_amount > 0
    minutes = issuing.get(db, culture.get_round(db, r.id).minutes_doc_id)
    assert minutes.number_text.endswith("/BB-HĐTĐKT")
    with db.session() as s:
        assert s.scalar(select(AwardHistory.collective_id).where(AwardHistory.title_code == "THON_VH")) == \
            commune.village


def _cli(paths, *args):
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(paths.data_dir), "culture", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_the_whole_procedure_headless(commune, paths, tmp_path):
    v = str(commune.village)
    assert _cli(paths, "open", "--year", str(YEAR), "--village", v).returncode == 0
    sel = ["--year", str(YEAR), "--village", v]
    assert _cli(paths, "meeting", *sel, "--date", f"01/11/{YEAR}", "--chair", "Nguyễn Văn Tùng").returncode == 0
    assert _cli(paths, "mark", *sel, "--result", "dat", "--all").returncode == 0
    csv = tmp_path / "ho.csv"
    csv.write_text("ma_ho\n" + "\n".join(str(i) for i in commune.households[:2]) + "\n", encoding="utf-8")
    out = _cli(paths, "mark", *sel, "--result", "khong_dat", "--csv", str(csv))
    assert out.returncode == 0 and "Đã đánh dấu 2" in out.stdout
    csv.write_text(f"{commune.other_households[0]}\n", encoding="utf-8")
    out = _cli(paths, "mark", *sel, "--result", "dat", "--csv", str(csv))
    assert out.returncode == 1 and "không thuộc Thôn Đông Sơn" in out.stderr
    assert _cli(paths, "post", *sel, "--from", f"02/11/{YEAR}").returncode == 0
    out = _cli(paths, "finish", *sel, "--date", f"11/11/{YEAR}")
    assert out.returncode == 1 and "mới niêm yết 9 ngày" in out.stderr
    assert _cli(paths, "finish", *sel, "--date", f"12/11/{YEAR}").returncode == 0
    assert _cli(paths, "file", *sel, "--date", f"13/11/{YEAR}").returncode == 0
    assert _cli(paths, "print", *sel, "decision", "--out", str(tmp_path / "draft.pdf")).returncode == 0
    out = _cli(paths, "issue", *sel, "--date", f"20/11/{YEAR}")
    assert out.returncode == 0 and "01/QĐ-UBND" in out.stdout
    assert _cli(paths, "print", *sel, "decision", "--out", str(tmp_path / "qd.pdf")).returncode == 0
    assert _cli(paths, "print", *sel, "minutes", "--out", str(tmp_path / "bb.pdf")).returncode == 0
    out = _cli(paths, "list", "--json")
    assert out.returncode == 0 and '"decided"' in out.stdout
    assert (tmp_path / "qd.pdf").read_bytes().startswith(b"%PDF")
