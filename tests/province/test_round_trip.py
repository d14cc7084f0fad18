"""The whole chain for three communes, headless, with the province on SQLite and on PostgreSQL:
each commune reviews its year, issues the minutes and its proposal (tờ trình) to the province, exports
its data file; the province imports the three files, sees the proposals received, records an outcome
per row (two accepted by its decision, one returned), prints its decision, sends each commune its
results; each commune receives them (twice changes nothing; another commune's is refused), the row
shows the province's answer, the award history gains the provincial award, and the next year's
consecutive-year check counts it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desktop.__main__ import main
from desktop.app import commune, province
from desktop.app.workspace import init_workspace, open_workspace
from desktop.core.records import Records
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.store.models_review import AwardHistory
from tests.catalogs import edited_catalog
from tests.trust import install_trusted

YEAR = 2026
CODES = ("09319", "09247", "09187")
SIGNED = "20/11/2026"       # the proposal (before today's date of these tests: 01/12/2026 or later)
DECIDED = "2026-11-28"      # the province's decision


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


class Commune:
    """A commune with a council of five and one person eligible for the Bằng khen of the province
    chairman (two years "hoàn thành xuất sắc" and two initiatives), set up through the records."""

    def __init__(self, root, code: str, key_file: bytes):
        self.code = code
        self.paths = Paths(root / f"c{code}")
        self.paths.ensure()
        db = open_database(self.paths.db_file, self.paths.backup_dir)
        try:
            init_workspace(db, code, "Cán bộ thi đua")
            commune.create_signing_key(self.paths)
            install_trusted(self.paths, key_file)
            rec = Records(db.session, "Cán bộ thi đua")
            for i, role in enumerate(("Chủ tịch Hội đồng", "Phó Chủ tịch Hội đồng", "Ủy viên", "Ủy viên", "Thư ký")):
                rec.create("council", {"full_name": f"Thành Viên {code} Số {i + 1}", "role": role, "sort_order": i})
            unit = rec.create("collective", {"name": f"Trạm Y tế {code}", "kind": "tram_y_te"})
            self.person = rec.create("person", {"full_name": f"Người Được Đề Nghị {code}", "sex": "nu",
                                                "category": "vien_chuc", "collective_id": unit})
            subject = ("person", self.person)
            for year in (YEAR - 1, YEAR):
                rec.create("rating", {"subject": subject, "year": year, "rating": "xuat_sac"})
                rec.create("initiative", {"person_id": self.person, "kind": "sang_kien", "year": year,
                                          "title": f"Sáng kiến năm {year}", "scope": "co_so"})
            rec.create("registration", {"subject": subject, "year": YEAR, "title_code": "BK_TINH"})
        finally:
            db.dispose()

    def cli(self, capsys, *args) -> tuple[int, str, str]:
        return _run(capsys, "--data-dir", self.paths.data_dir, *args)


def _catalog_needing_the_provincial_award(tmp_path):
    """The shipped catalog where Chiến sĩ thi đua cấp tỉnh needs the Bằng khen two years running: a rule
    over an award only the province gives."""
    return edited_catalog(tmp_path / "catalog", {
        "CSTD_TINH": [{"rule": "consecutive_years", "title": "BK_TINH", "years": 2}]})


def _review_and_send(c: Commune, capsys, usb) -> None:
    code, out, err = c.cli(capsys, "review", "council", "--json")
    seats = {m["role"]: m["id"] for m in json.loads(out)}
    code, out, err = c.cli(capsys, "review", "meeting", "--year", YEAR, "--date", "15/11/2026", "--all-present",
                           "--chu-tri", seats["Chủ tịch Hội đồng"], "--thu-ky", seats["Thư ký"], "--json")
    assert code == 0, err
    meeting = json.loads(out)["id"]
    code, out, err = c.cli(capsys, "review", "vote-list", "--meeting", meeting, "--title", "BK_TINH", "--yes", 5)
    assert code == 0, err
    code, out, err = c.cli(capsys, "review", "decide", "--year", YEAR, "--signed-on", SIGNED, "--signer",
                           "Chủ Tịch Xã", "--proposal", "--meeting", meeting)
    assert code == 0, err
    assert "tờ trình số 01/TTr-UBND" in out
    code, out, err = c.cli(capsys, "documents", "list", "--year", YEAR, "--json")
    assert [d["kind"] for d in json.loads(out)] == ["minutes", "proposal"]
    code, out, err = c.cli(capsys, "enrol-request", "--out", usb / f"dang-ky-{c.code}.json")
    assert code == 0, err
    code, out, err = c.cli(capsys, "export", "--out", usb, "--period", YEAR)
    assert code == 0, err


@pytest.fixture
def province_cli(province_paths):
    pdb = open_workspace(province_paths)
    province.init_province(pdb, province_paths)
    pdb.dispose()
    args = ["--data-dir", province_paths.data_dir]
    if province_paths.db_url:
        args += ["--db-url", province_paths.db_url]

    def run(capsys, *rest):
        return _run(capsys, *args, "province", *rest)

    return province_paths, run


def test_three_communes_round_trip(province_cli, tmp_path, capsys):
    ppaths, prov = province_cli
    key = province.public_key_file(ppaths)
    usb = tmp_path / "usb"
    usb.mkdir()
    communes = {code: Commune(tmp_path, code, key) for code in CODES}
    for c in communes.values():
        _review_and_send(c, capsys, usb)
        code, out, err = prov(capsys, "enrol", usb / f"dang-ky-{c.code}.json", "--yes")
        assert code == 0, err

    # the province imports the three files: the proposals arrive with their rows
    code, out, err = prov(capsys, "import", *sorted(usb.glob("*.tdkt")))
    assert code == 0, out + err
    code, out, err = prov(capsys, "view", "proposals", "--year", YEAR, "--json")
    assert code == 0, err
    view = json.dumps(json.loads(out), ensure_ascii=False)
    assert all(f"Người Được Đề Nghị {code_}" in view for code_ in CODES)
    assert view.count("01/TTr-UBND ngày 20/11/2026") == 3

    # outcomes: A and B accepted by the province's decision 12/QĐ-UBND, C returned
    a, b, c = CODES
    uids = {}
    code, out, err = prov(capsys, "outcome-sheet", "--year", YEAR, "--out", tmp_path / "sheet.xlsx")
    assert code == 0, err
    from desktop.store.db import open_url
    from desktop.store.models_bundle import ProvinceRecord

    pdb = open_url(ppaths.db_url) if ppaths.db_url else open_database(ppaths.db_file, ppaths.backup_dir)
    with pdb.session() as s:
        for r in s.scalars(select(ProvinceRecord).where(ProvinceRecord.kind == "proposal_row")):
            uids[r.commune_code] = r.uid
    pdb.dispose()
    for code_ in (a, b):
        code, out, err = prov(capsys, "outcome", "--year", YEAR, "--commune", code_, "--row", uids[code_],
                              "--accept", "--decision", "12/QĐ-UBND", "--date", DECIDED)
        assert code == 0, err
    code, out, err = prov(capsys, "outcome", "--year", YEAR, "--commune", c, "--row", uids[c], "--return",
                          "--reason", "Thiếu báo cáo thành tích")
    assert code == 0, err
    code, out, err = prov(capsys, "print-decision", "--decision", "12/QĐ-UBND", "--year", YEAR, "--signer",
                          "Phó Chủ Tịch Tỉnh", "--out", tmp_path / "qd-tinh.pdf")
    assert code == 0, err
    assert (tmp_path / "qd-tinh.pdf").read_bytes().startswith(b"%PDF")

    # the answer goes back, one signed file per commune
    results = {}
    for code_ in CODES:
        out_dir = tmp_path / f"kq{code_}"
        code, out, err = prov(capsys, "results", "--commune", code_, "--year", YEAR, "--out", out_dir)
        assert code == 0, err
        (results[code_],) = out_dir.glob("*")
    for code_, cm in communes.items():
        code, out, err = cm.cli(capsys, "receive", results[code_])
        assert code == 0, err
        code, out, err = cm.cli(capsys, "receive", results[code_])
        assert code == 0 and "đã nhận trước đó" in out + err
    code, out, err = communes[a].cli(capsys, "receive", results[b])
    assert code == 1 and "dành cho đơn vị mã" in err

    # each commune sees the province's answer on its proposal row and in the award history
    for code_, cm in communes.items():
        code, out, err = cm.cli(capsys, "review", "decisions", "--year", YEAR)
        assert code == 0, err
        if code_ == c:
            assert "Trả lại: Thiếu báo cáo thành tích" in out
        else:
            assert "Đã được tặng Bằng khen của Chủ tịch UBND tỉnh, QĐ số 12/QĐ-UBND ngày 28/11/2026" in out
        db = open_database(cm.paths.db_file, cm.paths.backup_dir)
        with db.session() as s:
            awards = s.scalars(select(AwardHistory).where(AwardHistory.deleted_at.is_(None),
                                                          AwardHistory.source == "province")).all()
        db.dispose()
        assert [(w.person_id, w.title_code, w.decision_no, w.decision_date) for w in awards] == (
            [] if code_ == c else [(cm.person, "BK_TINH", "12/QĐ-UBND", dt.date(2026, 11, 28))])

    # the next year's consecutive-year rule counts the provincial award
    catalog = _catalog_needing_the_provincial_award(tmp_path)
    for code_, cm in communes.items():
        rec_db = open_database(cm.paths.db_file, cm.paths.backup_dir)
        rec = Records(rec_db.session, "Cán bộ thi đua")
        rec.create("rating", {"subject": ("person", cm.person), "year": YEAR + 1, "rating": "xuat_sac"})
        rec.create("initiative", {"person_id": cm.person, "kind": "sang_kien", "year": YEAR + 1,
                                  "title": "Sáng kiến năm sau", "scope": "co_so"})
        for title in ("BK_TINH", "CSTD_TINH"):  # the Bằng khen again this year, and the title that needs two
            rec.create("registration", {"subject": ("person", cm.person), "year": YEAR + 1, "title_code": title})
        rec_db.dispose()
        code, out, err = cm.cli(capsys, "review", "check", "--year", YEAR + 1, "--catalog", catalog, "--json")
        assert code == 0, err
        cands = [x for x in json.loads(out)["candidates"] if x["title"]["code"] == "CSTD_TINH"]
        finding = next(f for f in cands[0]["findings"] if f["rule"] == "consecutive_years")
        assert (finding["status"] == "ok") == (code_ != c), finding
        assert finding["catalog_version"] == json.loads(out)["catalog_version"]
