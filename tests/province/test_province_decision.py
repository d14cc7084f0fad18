"""The province's decision is an issued act, on SQLite and PostgreSQL: the first print issues it
(the clerk's number, frozen content, the rows it lists), a reprint is the same bytes whatever was
recorded since, a difference in the outcomes is named and refused, a replacement is a new act naming
the old one (which stays), and `province documents` lists them."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading

import pytest
from sqlalchemy import func, select

from desktop.__main__ import main
from desktop.app import issuing, province
from desktop.app import outcomes as oc
from desktop.app import province_decision as pd
from desktop.app.workspace import open_workspace
from desktop.reports import frozen
from desktop.shared.errors import UserError
from desktop.store.models_reports import IssuedDocument
from tests.province import proposals_data

A, B = "09319", "09247"
YEAR = 2026
DAY = dt.date(2026, 11, 25)
TODAY = dt.date(2026, 12, 20)
NO = "12/QĐ-UBND"


@pytest.fixture
def pdb(province_paths):
    db = open_workspace(province_paths)
    province.init_province(db, province_paths)
    proposals_data.sample(db, YEAR)
    oc.accept(db, YEAR, [(A, "1"), (A, "3"), (B, "12")], NO, DAY, "Cán bộ Sở", today=TODAY)
    yield db
    db.dispose()


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(IssuedDocument))


def test_first_print_issues_then_reprints_exactly(pdb):
    first = pd.print_decision(pdb, " 12/qđ-ubnd", YEAR, "Cán bộ Sở", "Nguyễn Văn Tỉnh")
    i = first.info
    assert first.issued_now and (i.kind, i.type_code, i.number_text, i.number) == (pd.KIND, "QĐ", NO, 12)
    assert (i.source_kind, i.year, i.issue_year, i.issued_on, i.row_count) == ("province_outcome", YEAR, 2026, DAY, 3)
    assert i.signer_name == "Nguyễn Văn Tỉnh" and i.total_amount == sum(r.amount or 0 for r in first.document.rows)
    rows = issuing.rows_of(pdb, i.id)
    assert {(r["commune_code"], r["uid"], r["title_code"]) for r in rows} == {
        (A, f"{A}:proposal_row:1", "BK_TINH"), (A, f"{A}:proposal_row:3", "CSTD_TINH"),
        (B, f"{B}:proposal_row:12", "TTLDXS")}
    assert all({"commune_name", "subject_name", "title_name", "amount"} <= r.keys() for r in rows)
    assert frozen.freeze(first.document)[1] == i.sha256
    # a row returned and given back, the signer typed differently: the same act, said so
    oc.give_back(pdb, YEAR, [(A, "2")], "Thiếu hồ sơ", "x", today=TODAY)
    again = pd.print_decision(pdb, NO, YEAR, "Cán bộ khác", "Trần Thị Khác", "Chủ tịch")
    assert not again.issued_now and again.info.id == i.id and "Nguyễn Văn Tỉnh" in again.note
    assert frozen.freeze(again.document) == frozen.freeze(first.document)
    assert pd.print_decision(pdb, NO, YEAR, "x").note == ""   # no signer given: nothing to say
    assert _count(pdb) == 1 and "In lại" in pd.describe(again)


def test_outcomes_changed_since_are_named_and_refused(pdb):
    first = pd.print_decision(pdb, NO, YEAR, "Cán bộ Sở", "Nguyễn Văn Tỉnh").info
    oc.accept(pdb, YEAR, [(B, "11")], NO, DAY, "x", today=TODAY)             # added
    oc.give_back(pdb, YEAR, [(A, "3")], "Chưa đủ tiêu chuẩn", "x", today=TODAY)  # removed
    with pytest.raises(pd.DecisionChanged) as caught:
        pd.print_decision(pdb, NO, YEAR, "x")
    text = caught.value.message
    assert f"{NO} đã ban hành ngày 25/11/2026 (mã {first.id}) với 3 đối tượng" in text
    assert "thêm 1 dòng: " in text and f"dòng {B}:proposal_row:11" in text
    assert "bỏ 1 dòng: " in text and "Lê Minh Châu" in text and "--replace --reason" in text
    assert _count(pdb) == 1
    # put back as issued: the act prints again
    oc.accept(pdb, YEAR, [(A, "3")], NO, DAY, "x", today=TODAY)
    oc.give_back(pdb, YEAR, [(B, "11")], "Thiếu hồ sơ", "x", today=TODAY)
    assert pd.print_decision(pdb, NO, YEAR, "x").info.id == first.id


def test_replacement_is_a_new_act_and_the_old_one_stays(pdb):
    first = pd.print_decision(pdb, NO, YEAR, "Cán bộ Sở", "Nguyễn Văn Tỉnh")
    oc.accept(pdb, YEAR, [(B, "11")], NO, DAY, "x", today=TODAY)
    with pytest.raises(UserError, match="lý do"):
        pd.print_decision(pdb, NO, YEAR, "x", replace=True, reason="  ")
    new = pd.print_decision(pdb, NO, YEAR, "Cán bộ Sở", replace=True, reason="Bổ sung một tập thể")
    n = new.info
    assert new.issued_now and n.id != first.info.id and n.replaces_id == first.info.id
    assert (n.change_kind, n.change_reason, n.row_count, n.number_text) == ("thay_the", "Bổ sung một tập thể", 4, NO)
    assert n.number is None and n.signer_name == "Nguyễn Văn Tỉnh"   # 12 is the first act's in the register
    assert any("thay thế Quyết định số 12/QĐ-UBND ngày 25/11/2026" in a and "Bổ sung một tập thể" in a
               for a in new.document.articles)
    old = issuing.get(pdb, first.info.id)
    assert not old.in_force and f"thay thế bởi văn bản 12/QĐ-UBND (mã {n.id})" in old.status
    assert frozen.freeze(issuing.document(pdb, old.id)) == frozen.freeze(first.document)   # unchanged
    assert pd.print_decision(pdb, NO, YEAR, "x").info.id == n.id                           # the act in force
    assert [d.id for d in pd.documents(pdb, YEAR)] == [first.info.id, n.id]
    with pytest.raises(UserError, match="chưa ban hành"):
        pd.print_decision(pdb, "14/QĐ-UBND", YEAR, "x", replace=True, reason="r")


def test_the_same_integer_of_another_body_keeps_its_text(pdb):
    pd.print_decision(pdb, NO, YEAR, "Cán bộ Sở", "Nguyễn Văn Tỉnh")
    oc.accept(pdb, YEAR, [(B, "11")], "12/QĐ-CT", DAY, "x", today=TODAY)
    other = pd.print_decision(pdb, "12/QĐ-CT", YEAR, "Cán bộ Sở", "Nguyễn Văn Tỉnh").info
    assert other.number_text == "12/QĐ-CT" and other.number is None and other.row_count == 1
    assert pd.print_decision(pdb, NO, YEAR, "x").info.row_count == 3


def test_tampered_act_is_not_printed(pdb):
    i = pd.print_decision(pdb, NO, YEAR, "Cán bộ Sở", "Nguyễn Văn Tỉnh").info
    with pdb.session() as s, s.begin():
        d = s.get(IssuedDocument, i.id)
        d.content = d.content.replace("Nguyễn Văn Tỉnh", "Kẻ Giả Mạo")
    with pytest.raises(UserError, match="không khớp mã băm SHA-256"):
        pd.print_decision(pdb, NO, YEAR, "x")


# ------------------------------------------------------------------ the commands


@pytest.fixture
def ws(pdb, province_paths):
    pdb.dispose()
    root = logging.getLogger()
    before = list(root.handlers), root.level
    yield province_paths
    for h in root.handlers:
        if h not in before[0]:
            h.close()
    root.handlers[:] = before[0]
    root.setLevel(before[1])


def run(capsys, paths, *argv) -> tuple[int, str, str]:
    head = ["--data-dir", str(paths.data_dir)] + (["--db-url", paths.db_url] if paths.db_url else [])
    code = main(head + ["province", *[str(a) for a in argv]])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_commands_issue_refuse_replace_and_list(ws, capsys, tmp_path):
    pdf = tmp_path / "qd.pdf"
    code, _out, err = run(capsys, ws, "print-decision", "--decision", NO, "--year", YEAR, "--out", pdf)
    assert code == 1 and "người ký" in err and not pdf.exists()    # the first print needs a signer
    code, out, err = run(capsys, ws, "print-decision", "--decision", NO, "--year", YEAR, "--signer",
                         "Nguyễn Văn Tỉnh", "--out", pdf)
    assert code == 0 and "Đã ban hành quyết định 12/QĐ-UBND" in out and "3 đối tượng" in out, err
    first = pdf.read_bytes()
    code, out, err = run(capsys, ws, "print-decision", "--decision", NO, "--year", YEAR, "--out", pdf)
    assert code == 0 and "In lại" in out and pdf.read_bytes()[:4] == b"%PDF", err
    code, _out, err = run(capsys, ws, "outcome", "--year", YEAR, "--commune", B, "--row", "11", "--accept",
                          "--decision", NO, "--date", DAY.isoformat())
    assert code == 0, err
    code, _out, err = run(capsys, ws, "print-decision", "--decision", NO, "--year", YEAR, "--out", pdf)
    assert code == 1 and "thêm 1 dòng" in err and "Phạm Quốc Dũng" in err
    code, _out, err = run(capsys, ws, "print-decision", "--decision", NO, "--year", YEAR, "--reason", "r",
                          "--out", pdf)
    assert code == 2 and "--replace" in err
    code, out, err = run(capsys, ws, "print-decision", "--decision", NO, "--year", YEAR, "--replace", "--reason",
                         "Bổ sung", "--out", pdf)
    assert code == 0 and "thay thế" in out and pdf.read_bytes() != first, err
    code, out, err = run(capsys, ws, "documents", "--year", YEAR, "--json")
    got = json.loads(out)
    assert code == 0 and [(d["number_text"], d["row_count"], d["in_force"], d["change_kind"]) for d in got] == [
        (NO, 3, False, ""), (NO, 4, True, "thay_the")]
    code, out, _err = run(capsys, ws, "documents")
    assert code == 0 and f"Hết hiệu lực: thay thế bởi văn bản {NO} (mã {got[1]['id']})" in out
    code, out, _err = run(capsys, ws, "documents", "--year", 2030)
    assert code == 0 and "Chưa ban hành" in out


def test_two_clerks_print_the_first_time_at_once(pdb, monkeypatch):
    """Both have laid out the decision before either stores it: one act; the other is told, nothing twice."""
    barrier = threading.Barrier(2, timeout=30)
    source = oc.decision_source

    def slow_source(*a, **k):
        got = source(*a, **k)
        barrier.wait()   # both past reading, neither has stored
        return got

    monkeypatch.setattr(oc, "decision_source", slow_source)
    results: list = []

    def clerk() -> None:
        try:
            results.append(pd.print_decision(pdb, NO, YEAR, "Cán bộ Sở", "Nguyễn Văn Tỉnh").info.id)
        except Exception as exc:  # noqa: BLE001 - the test reports what each clerk got
            results.append(exc)

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert _count(pdb) == 1, results
    ids = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if not isinstance(r, int)]
    assert len(ids) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], UserError) and "vừa được ban hành ở máy khác" in refused[0].message
    assert pd.print_decision(pdb, NO, YEAR, "x").info.id == ids[0]
