"""The province's statistics report, consolidated over the communes' data: one row per commune and the
total, and the per-title table over the awards the communes sent (on SQLite and PostgreSQL). Culture
results and launch plans do not travel in the data: their cells stay empty, with a printed note."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.__main__ import main
from desktop.app import commune, province
from desktop.app.statistics import statistics_report
from desktop.app.workspace import open_workspace
from desktop.core.catalog import load_catalog
from desktop.store.models import Collective, Person
from desktop.store.models_review import AwardHistory, ReviewDecision, ReviewDecisionRow
from tests.province.communes import make_commune

A, B = "09319", "09247"
YEAR = 2026


def _people(s, sex: str, n: int) -> list[Person]:
    return list(s.scalars(select(Person).where(Person.sex == sex, Person.deleted_at.is_(None))
                          .order_by(Person.id).limit(n)))


def _decide(s, number: int, signed_on: dt.date, awards: list[tuple[str, dict, int]]) -> None:
    d = ReviewDecision(kind="decision", year=YEAR, number=number, number_text=f"{number}/QĐ-UBND", signed_on=signed_on,
                       signer_name="Lê Văn Minh", signer_title="Chủ tịch", authority_prefix="TM.",
                       catalog_version=load_catalog().version, base_salary=2340000,
                       total_amount=sum(a for _, _, a in awards))
    s.add(d)
    s.flush()
    for i, (title, subject, amount) in enumerate(awards, 1):
        s.add(ReviewDecisionRow(decision_id=d.id, sort_order=i, title_code=title, subject_name="x", amount=amount,
                                **subject))
        s.add(AwardHistory(year=YEAR, title_code=title, decision_no=d.number_text, decision_date=signed_on,
                           level="xa", source="commune", decision_id=d.id, **subject))


def _plant_a(db) -> dict:
    """A: LDTT to a woman and a man (702 000 each), a province BK_TINH to the woman; an LDTT dated
    outside the period (20/12/2025 is in 2026's period: 01/12/2025 – 30/11/2026; 20/11/2025 is not)."""
    with db.session() as s, s.begin():
        (w,), (m,) = _people(s, "nu", 1), _people(s, "nam", 1)
        _decide(s, 4, dt.date(2025, 12, 20), [("LDTT", {"person_id": w.id}, 702000),
                                               ("LDTT", {"person_id": m.id}, 702000)])
        _decide(s, 2, dt.date(2025, 11, 20), [("LDTT", {"person_id": m.id}, 702000)])
        s.add(AwardHistory(year=2025, title_code="BK_TINH", decision_no="55/QĐ-UBND",
                           decision_date=dt.date(2026, 2, 10), level="tinh", source="province", person_id=w.id))
        return {"workers": sum(p.category in ("nguoi_lao_dong", "nong_dan") for p in (w, m)),
                "bk_worker": int(w.category in ("nguoi_lao_dong", "nong_dan"))}


def _plant_b(db) -> None:
    """B: a Giấy khen to a collective (500 000) on 02/09/2026."""
    with db.session() as s, s.begin():
        c = s.scalars(select(Collective).where(Collective.deleted_at.is_(None)).order_by(Collective.id)).first()
        _decide(s, 7, dt.date(2026, 9, 2), [("GK_XA", {"collective_id": c.id}, 500000)])


@pytest.fixture
def consolidated(province_paths, tmp_path):
    pdb = open_workspace(province_paths)
    province.init_province(pdb, province_paths)
    key = province.public_key_file(province_paths)
    found = {}
    for code, plant in ((A, _plant_a), (B, _plant_b)):
        cp, cdb = make_commune(tmp_path, code, 8, key)
        province.enrol(pdb, commune.enrol_request(cdb, cp))
        found[code] = plant(cdb)
        data, _ = commune.build(cdb, cp, str(YEAR))
        assert province.import_file(pdb, province_paths, data, f"{code}.tdkt").status == "accepted"
        cdb.dispose()
    yield pdb, province_paths, found[A]
    pdb.dispose()


def _row(table, label: str, col: int = 1) -> list:
    return next(r for r in table.rows if r[col] == label)


def test_one_row_per_commune_and_the_total(consolidated):
    pdb, _, a = consolidated
    report = statistics_report(pdb, YEAR)
    titles, per_commune, f0601, f0603 = report.tables
    assert report.province and per_commune.headers[:3] == ["Mã", "Xã, phường", "Tổng số"]
    # total, collectives, households, persons, women, workers/farmers, minorities, bonus
    assert _row(per_commune, A, 0)[2:] == [3, 0, 0, 3, 2, a["workers"] + a["bk_worker"], None, 1404000]
    assert _row(per_commune, B, 0)[2:] == [1, 1, 0, 0, 0, 0, None, 500000]
    assert _row(per_commune, "Tổng cộng")[2:] == [4, 1, 0, 3, 2, a["workers"] + a["bk_worker"], None, 1904000]
    silent = next(r for r in per_commune.rows if r[0] not in (A, B, ""))
    assert silent[2:] == [None] * 8                       # never sent a file: nothing said, not zero
    assert len(per_commune.rows) == 99 + 1
    assert any("97 xã, phường chưa gửi" in n for n in per_commune.notes)
    assert _row(titles, "Lao động tiên tiến")[2:6] == [2, 0, 0, 2]
    assert _row(titles, "Giấy khen của Chủ tịch UBND cấp xã")[2:4] == [1, 1]
    assert _row(titles, "Bằng khen của Chủ tịch UBND tỉnh")[2:8] == [1, 0, 0, 1, 1, a["bk_worker"]]
    assert _row(titles, "Gia đình văn hóa")[2:] == [None] * 8  # culture results do not travel
    assert f0601.code.startswith("0601") and all(r[2] is None for r in f0601.rows if r[1]) and f0601.notes
    f0603 = {r[1]: r[2:] for r in f0603.rows if r[1]}
    assert f0603["01"] == [1, 1, 0, 0, None] and f0603["05"] == [1, 1, 0, 0, None]
    assert f0603["11"] == [None, None, 0, 0, None]          # the way (occasion) of the Bằng khen is not sent


def test_the_province_prints_it_from_the_command_line(consolidated, tmp_path, capsys):
    _, paths, _ = consolidated
    out = tmp_path / "tinh.xlsx"
    args = ["--data-dir", str(paths.data_dir)] + (["--db-url", paths.db_url] if paths.db_url else [])
    assert main([*args, "print", "statistics", "--year", str(YEAR), "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Theo danh hiệu", "Theo xã, phường", "0601.N", "0603.N"]
    rows = {r[0]: r[2:] for r in wb["Theo xã, phường"].iter_rows(values_only=True) if r[0]}
    assert rows[B] == (1, 1, 0, 0, 0, 0, None, 500000)
    assert main([*args, "print", "register", "--out", str(tmp_path / "so.pdf")]) == 1   # a commune's book
