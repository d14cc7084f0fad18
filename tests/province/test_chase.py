"""The clerk's chase list and a commune's history, on SQLite and PostgreSQL, against a built week of
files (tests/province/chase_week.py): who has not sent, whose last file was refused, who to call and
what to tell them; the contacts from the enrolment request and from each accepted file."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from openpyxl import load_workbook

from desktop.__main__ import main
from desktop.app.chase import ADVICE, chase, chase_doc
from desktop.app.commune_history import history
from desktop.app.workspace import open_workspace
from desktop.core.units import bac_ninh_units
from tests.province.chase_week import CONTACTS, A, B, C, D, build_week

BEFORE, AFTER = dt.date(2026, 12, 5), dt.date(2026, 12, 11)


@pytest.fixture(autouse=True)
def _root_log_handlers():
    root = logging.getLogger()
    before = list(root.handlers), root.level
    yield
    for h in root.handlers:
        if h not in before[0]:
            h.close()
    root.handlers[:] = before[0]
    root.setLevel(before[1])


@pytest.fixture
def week(province_paths, tmp_path):
    return build_week(province_paths, tmp_path)


def run(capsys, paths, *argv) -> tuple[int, str, str]:
    head = ["--data-dir", str(paths.data_dir)] + (["--db-url", paths.db_url] if paths.db_url else [])
    code = main(head + ["province", *[str(a) for a in argv]])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_chase_list_names_who_to_call_and_what_to_tell(week):
    db = open_workspace(week.paths)
    try:
        view = chase(db, 2026, today=BEFORE)
        late = chase(db, 2026, today=AFTER)
    finally:
        db.dispose()
    by_code = {r[0]: r for r in view.rows}
    assert A not in by_code and B not in by_code  # B's refused Monday file was followed by accepted ones
    assert len(view.rows) == 97 and view.data["deadline"] == "2026-12-10"
    assert [r[0] for r in view.rows] == [C] + [u.code for u in bac_ninh_units() if u.code not in (A, B, C)]
    c = by_code[C]
    assert c[2] == "Tệp bị từ chối" and c[3] == "Cán bộ thi đua" and (c[4], c[5]) == CONTACTS[C]
    assert c[6] == ADVICE["tampered"] and "Exception" not in c[6] and "U+" not in c[6]
    d = by_code[D]
    assert d[2] == "Chưa nộp" and d[3:6] == ["Cán bộ thi đua", "", ""]  # enrolled: the name, no phone given
    assert "trước ngày 10/12/2026" in d[6]
    silent = next(r for r in view.rows if r[0] not in (C, D))
    assert silent[3:6] == ["", "", ""]
    assert {r[0]: r[2] for r in late.rows}[D] == "Quá hạn, chưa nộp"
    unit_c = next(u for u in view.data["units"] if u["code"] == C)
    assert unit_c["refusal"]["code"] == "tampered" and unit_c["contact"]["phone"] == CONTACTS[C][0]


def test_contacts_come_from_the_latest_accepted_file(week):
    db = open_workspace(week.paths)
    try:
        a = history(db, A)
        b = history(db, B)
    finally:
        db.dispose()
    assert a.contact.source == "file" and a.contact.sequence == 2
    assert (a.contact.contact.phone, a.contact.contact.email) == CONTACTS[A]
    assert b.contact.contact.phone == CONTACTS[B][0] and b.contact.contact.email == ""


def test_commune_history_lists_every_file_accepted_or_refused(week):
    db = open_workspace(week.paths)
    try:
        h = history(db, B)
        c = history(db, C)
    finally:
        db.dispose()
    assert [(f.outcome, f.sequence) for f in h.files] == [("accepted", 2), ("accepted", 1), ("refused", None)]
    assert h.files[1].sha256 == __import__("hashlib").sha256(week.files[B][0].read_bytes()).hexdigest()
    assert h.files[0].records and h.files[0].receipt and not h.files[2].receipt
    assert h.files[2].reason_code == "tampered" and h.files[2].tell == ADVICE["tampered"]
    assert [k.status for k in h.keys] == ["active"]
    assert [(f.outcome, f.file_name) for f in c.files] == [("refused", week.damaged[C].name)]


def test_province_chase_command(week, capsys, tmp_path):
    pdf, xlsx = tmp_path / "nhac.pdf", tmp_path / "nhac.xlsx"
    code, out, err = run(capsys, week.paths, "chase", "--year", 2026, "--pdf", pdf, "--xlsx", xlsx)
    assert code == 0, err
    assert "09253" in out and CONTACTS[C][0] in out and ADVICE["tampered"] in out
    assert pdf.read_bytes().startswith(b"%PDF")
    sheet = load_workbook(xlsx).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert CONTACTS[C][1] in cells and "DANH SÁCH ĐƠN VỊ CẦN NHẮC NỘP TỆP DỮ LIỆU" in cells
    code, out, _ = run(capsys, week.paths, "chase", "--year", 2026, "--json")
    doc = json.loads(out)
    assert code == 0 and {u["code"] for u in doc["data"]["units"]} >= {C, D}
    assert A not in {u["code"] for u in doc["data"]["units"]}


def test_province_history_command(week, capsys):
    code, out, err = run(capsys, week.paths, "history", B, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert [f["outcome"] for f in doc["files"]] == ["accepted", "accepted", "refused"]
    assert doc["contact"]["phone"] == CONTACTS[B][0] and doc["keys"][0]["status"] == "active"
    code, out, _ = run(capsys, week.paths, "history", B)
    assert code == 0 and "bị từ chối" in out and "tệp số 2" in out
    code, _, err = run(capsys, week.paths, "history", "99999")
    assert code != 0 and "99999" in err


def test_chase_doc_is_a_decree_30_list(week):
    db = open_workspace(week.paths)
    try:
        doc = chase_doc(chase(db, 2026, today=BEFORE), date=BEFORE)
    finally:
        db.dispose()
    assert doc.title == "DANH SÁCH" and doc.issuer.body == ["SỞ NỘI VỤ"] and len(doc.rows) == 97
    row_c = next(r for r in doc.rows if "(09253)" in r[1])
    assert CONTACTS[C][0] in row_c[3] and row_c[4] == ADVICE["tampered"]


def test_a_hostile_but_valid_contact_stays_text_in_the_sheet_and_on_paper(province_paths, tmp_path):
    """A name the text rule lets through (markup, a formula) is shown as written: never a formula in
    Excel, never markup in the PDF."""
    from desktop.app import province
    from desktop.app.contacts import remember
    from desktop.reports.documents import to_pdf
    from desktop.reports.province_sheets import write_xlsx
    from desktop.shared.contacts import Contact

    db = open_workspace(province_paths)
    try:
        province.init_province(db, province_paths)
        name = '=HYPERLINK("http://x.example","<b>Bấm</b>")'
        with db.session() as s, s.begin():
            remember(s, D, Contact(name, "0912 345 678", ""), "enrolment")
        view = chase(db, 2026, today=BEFORE)
        write_xlsx(view, tmp_path / "c.xlsx")
        to_pdf(chase_doc(view, date=BEFORE), tmp_path / "c.pdf")
    finally:
        db.dispose()
    sheet = load_workbook(tmp_path / "c.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert [c.value for c in cells] == ["'" + name] and cells[0].data_type == "s"
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
