"""An issued cultural title decision changes only by a new act naming it: repealed (its award history
to the recycle bin, exactly its own, the round back to be corrected and issued again), replaced after
the round was reopened and a mark corrected (the new list, the old act reprinted identical, the
register showing both), corrected (the same list, the names as the records hold now); the village's
minutes are corrected, never repealed; the round reopens only without a decision in force (or to be
replaced), in the audit log; the CLI."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from sqlalchemy import select, update

from desktop.app import culture, culture_issue, issuing
from desktop.app.issuing_review import supersede
from desktop.reports import frozen
from desktop.shared.errors import UserError
from desktop.store.models import AuditEntry, Household
from desktop.store.models_review import AwardHistory
from tests.culture.conftest import YEAR, ready_round

SIGNED = dt.date(YEAR, 11, 20)


def _decided(db, village: int, on: dt.date = SIGNED):
    r = ready_round(db, village)
    culture.finish(db, r.id, dt.date(YEAR, 11, 12), "Cán bộ")
    culture.record_file_complete(db, r.id, dt.date(YEAR, 11, 13), "Cán bộ")
    info, _w = culture_issue.issue_decision(db, r.id, on, "Cán bộ", signer_name="Lê Văn Minh")
    return r.id, info


def _awards(db, *, live: bool = True) -> dict[int, str]:
    """household id -> decision number of the GDVH award history of YEAR (live, or in the recycle bin)."""
    with db.session() as s:
        rows = s.execute(select(AwardHistory.household_id, AwardHistory.decision_no).where(
            AwardHistory.title_code == "GDVH", AwardHistory.year == YEAR,
            AwardHistory.deleted_at.is_(None) if live else AwardHistory.deleted_at.is_not(None))).all()
    return dict(rows)


def test_repeal_withdraws_exactly_that_decisions_awards_and_the_round_is_issued_again(commune):
    db = commune.db
    with db.session() as s, s.begin():   # entered by hand for an earlier decision: not this act's
        s.add(AwardHistory(household_id=commune.households[0], year=YEAR, title_code="GDVH", source="earlier",
                           decision_no="05/QĐ-UBND", decision_date=dt.date(YEAR, 3, 1)))
        s.add(AwardHistory(household_id=commune.households[1], year=YEAR - 1, title_code="GDVH", source="commune",
                           decision_no="01/QĐ-UBND", decision_date=dt.date(YEAR - 1, 11, 20)))
    rid, dec = _decided(db, commune.village)
    other_rid, other = _decided(db, commune.other)
    assert (dec.number_text, other.number_text) == ("01/QĐ-UBND", "02/QĐ-UBND")
    before = _awards(db)
    assert len(before) == 40 + 3 and before[commune.households[0]] == "05/QĐ-UBND"

    with pytest.raises(UserError, match="đang có hiệu lực nên không mở lại được.*bai_bo"):
        culture.reopen(db, rid, "Ghi nhầm kết quả", "Cán bộ")
    repeal = supersede(db, dec.id, "bai_bo", "Công nhận nhầm hộ không đủ tiêu chuẩn", "Cán bộ",
                       on=dt.date(YEAR, 12, 1))
    assert (repeal.kind, repeal.number_text, repeal.replaces_id, repeal.change_kind) == \
        ("repeal", "03/QĐ-UBND", dec.id, "bai_bo")
    assert issuing.rows_of(db, repeal.id) == [{"withdrawn_awards": 39}]
    text = " ".join(issuing.document(db, repeal.id).articles)
    assert "Bãi bỏ Quyết định số 01/QĐ-UBND ngày 20/11/2026" in text and "Công nhận nhầm hộ" in text
    assert any("86/2023/NĐ-CP" in b for b in issuing.document(db, repeal.id).bases)
    after = _awards(db)
    # exactly the 39 rows the decision wrote: the hand-entered one, last year's and the other village's stay
    assert set(before) - set(after) == set(commune.households[1:])
    assert after[commune.households[0]] == "05/QĐ-UBND" and {after[h] for h in commune.other_households} == \
        {"02/QĐ-UBND"}
    assert set(_awards(db, live=False)) == set(commune.households[1:])
    assert not issuing.get(db, dec.id).in_force and issuing.get(db, other.id).in_force
    r = culture.get_round(db, rid)
    assert (r.status, r.decision_doc_id, r.decision_no) == ("finished", None, "")
    with pytest.raises(UserError, match="hết hiệu lực"):
        supersede(db, dec.id, "thay_the", "Lần hai", "Cán bộ")

    # reopened (in the audit log), a mark corrected, finished and issued again: a fresh decision
    culture.reopen(db, rid, "Sửa kết quả hộ Nguyễn Văn 00005", "Cán bộ")
    with pytest.raises(UserError, match="không cần mở lại"):
        culture.reopen(db, rid, "Lần hai", "Cán bộ")
    culture.mark(db, rid, "khong_dat", "Cán bộ", ids=commune.households[5:6])
    culture.finish(db, rid, dt.date(YEAR, 12, 2), "Cán bộ")
    again, _w = culture_issue.issue_decision(db, rid, dt.date(YEAR, 12, 3), "Cán bộ")
    assert again.number_text == "04/QĐ-UBND" and again.row_count == 39 and again.replaces_id is None
    assert {n for h, n in _awards(db).items() if h in commune.households[1:]} == {"04/QĐ-UBND"}
    assert commune.households[5] not in _awards(db) and other_rid != rid
    with db.session() as s:
        logged = [json.loads(a.changes) for a in s.scalars(select(AuditEntry).where(
            AuditEntry.table_name == "culture_round", AuditEntry.record_id == rid))]
    assert any(c.get("reopened") == [None, "Sửa kết quả hộ Nguyễn Văn 00005"] for c in logged)
    assert any(c.get("repealed_by") == [None, "03/QĐ-UBND"] for c in logged)


def test_replaced_after_a_corrected_mark_and_corrected_with_the_names_of_now(commune):
    db = commune.db
    rid, dec = _decided(db, commune.village)
    old_sha, old_content = dec.sha256, frozen.freeze(issuing.document(db, dec.id))[0]
    with pytest.raises(UserError, match="Hãy ghi lý do"):
        culture.reopen(db, rid, "  ", "Cán bộ", for_replacement=True)
    culture.reopen(db, rid, "Hai hộ vi phạm quy ước thôn", "Cán bộ", for_replacement=True)
    with pytest.raises(UserError, match="kết thúc bình xét"):
        supersede(db, dec.id, "thay_the", "Hai hộ vi phạm", "Cán bộ")
    culture.mark(db, rid, "khong_dat", "Cán bộ", ids=commune.households[:2])
    culture.finish(db, rid, dt.date(YEAR, 11, 25), "Cán bộ")
    with pytest.raises(UserError, match="quyết định thay thế.*thay_the"):   # never a second decision
        culture_issue.issue_decision(db, rid, dt.date(YEAR, 11, 26), "Cán bộ")

    new = supersede(db, dec.id, "thay_the", "Hai hộ vi phạm quy ước thôn", "Cán bộ", on=dt.date(YEAR, 11, 26))
    assert (new.kind, new.number_text, new.replaces_id, new.row_count) == \
        ("culture_decision", "02/QĐ-UBND", dec.id, 38)
    doc = issuing.document(db, new.id)
    line = "Quyết định này thay thế Quyết định số 01/QĐ-UBND ngày 20/11/2026. Lý do: Hai hộ vi phạm quy ước thôn."
    assert line in doc.articles
    assert {x["id"] for x in issuing.rows_of(db, new.id)} == set(commune.households[2:])
    awards = _awards(db)
    assert set(awards) == set(commune.households[2:]) and set(awards.values()) == {"02/QĐ-UBND"}
    # the old act: out of force, reprinted identical (its SHA-256), both in the register
    old = issuing.get(db, dec.id)
    assert not old.in_force and old.status == "Hết hiệu lực: thay thế bởi văn bản 02/QĐ-UBND"
    assert frozen.freeze(issuing.document(db, dec.id)) == (old_content, old_sha)
    assert len(issuing.document(db, dec.id).rows) == 40
    listed = {d.id: d for d in issuing.list_documents(db, YEAR, "culture_decision")}
    assert set(listed) == {dec.id, new.id} and listed[new.id].in_force
    r = culture.get_round(db, rid)
    assert (r.status, r.decision_doc_id, r.decision_no) == ("decided", new.id, "02/QĐ-UBND")

    # corrected: the same list, the names as the records hold now, a new number; the act stays in force
    with db.session() as s, s.begin():
        s.execute(update(Household).where(Household.id == commune.households[3]).values(head_name="Nguyễn Văn Ba"))
    fixed = supersede(db, new.id, "dinh_chinh", "Ghi sai tên chủ hộ", "Cán bộ", on=dt.date(YEAR, 11, 27))
    assert fixed.number_text == "03/QĐ-UBND" and fixed.row_count == 38 and issuing.get(db, new.id).in_force
    assert "Nguyễn Văn Ba" in [row.name for row in issuing.document(db, fixed.id).rows]
    assert "Nguyễn Văn Ba" not in [row.name for row in issuing.document(db, new.id).rows]
    assert set(_awards(db).values()) == {"03/QĐ-UBND"} and len(_awards(db)) == 38


def test_the_village_minutes_are_corrected_never_repealed(commune):
    db = commune.db
    rid, _dec = _decided(db, commune.village)
    minutes = issuing.get(db, culture.get_round(db, rid).minutes_doc_id)
    with pytest.raises(UserError, match="Không bãi bỏ biên bản họp bình xét.*--change dinh_chinh"):
        supersede(db, minutes.id, "bai_bo", "Sai", "Cán bộ")
    assert len(issuing.list_documents(db, YEAR)) == 2   # nothing written
    fixed = supersede(db, minutes.id, "dinh_chinh", "Ghi sai số người dự họp", "Cán bộ")
    assert fixed.kind == "culture_minutes" and fixed.replaces_id == minutes.id and fixed.number_text == ""
    contents = issuing.document(db, fixed.id).contents
    assert "Biên bản này đính chính Biên bản ngày 01/11/2026. Lý do: Ghi sai số người dự họp." in contents
    assert culture.get_round(db, rid).minutes_doc_id == fixed.id and issuing.get(db, minutes.id).in_force


def _run(paths, *args):
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(paths.data_dir), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_repeal_and_reopen_headless(commune, paths):
    rid, dec = _decided(commune.db, commune.village)
    out = _run(paths, "culture", "reopen", "--round", str(rid), "--reason", "Sai")
    assert out.returncode == 1 and "đang có hiệu lực" in out.stderr
    out = _run(paths, "documents", "supersede", str(dec.id), "--change", "bai_bo", "--reason", "Công nhận nhầm")
    assert out.returncode == 0 and "02/QĐ-UBND" in out.stdout, out.stderr
    out = _run(paths, "culture", "reopen", "--round", str(rid), "--reason", "Sửa kết quả", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["status"] == "open"
    assert _awards(commune.db) == {}
