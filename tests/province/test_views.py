"""Consolidated views of the province workspace, on SQLite and PostgreSQL: three communes' files
imported, every view's numbers checked against the communes' own databases, a CCCD planted in two
communes, exports to .xlsx (openpyxl) and the proposal list to PDF (pypdf)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from desktop.app import commune, demo, province
from desktop.app import province_views as views
from desktop.app.workspace import open_workspace
from desktop.core.catalog import load_catalog
from desktop.core.units import find_unit
from desktop.reports import province_sheets
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.store.models import Indicator, Person, Registration
from tests.province.communes import make_commune
from tests.province.review_acts import plant_proposal

A, B, C = "09319", "09247", "09253"
YEAR = demo.PLAN_YEAR




def _person_regs(db) -> list[tuple[int, int]]:
    """(registration id, person id) of person registrations, in id order."""
    with db.session() as s:
        return list(s.execute(select(Registration.id, Registration.person_id)
                              .where(Registration.person_id.is_not(None), Registration.deleted_at.is_(None))
                              .order_by(Registration.id)))


def _set(db, model, rid: int, **values) -> None:
    with db.session() as s, s.begin():
        s.execute(update(model).where(model.id == rid).values(**values))


def _truth(db) -> dict:
    """What the commune holds: registrations per title and the upward proposals."""
    with db.session() as s:
        regs = s.execute(select(Registration.title_code).where(Registration.year == YEAR,
                                                               Registration.deleted_at.is_(None))).scalars().all()
        ind = s.execute(select(Indicator.target_code).where(Indicator.year == YEAR, Indicator.period == "Y",
                                                            Indicator.deleted_at.is_(None))).scalars().all()
    return {"titles": Counter(regs), "targets": {int(t) for t in ind}}


def _build_world(province_paths, tmp_path) -> SimpleNamespace:
    """Three communes' files imported at a fresh province: A sends twice, C only its H1 file."""
    pdb = open_workspace(province_paths)
    province.init_province(pdb, province_paths)
    key_file = province.public_key_file(province_paths)
    dbs = {}
    cps = {}
    for code, n in ((A, 14), (B, 12), (C, 10)):
        cps[code], dbs[code] = make_commune(tmp_path, code, n, key_file)
        province.enrol(pdb, commune.enrol_request(dbs[code], cps[code]))
    upward = {t.code for t in load_catalog().titles.values() if not t.commune_decides}
    assert {"CSTD_TINH", "BK_TINH"} <= upward
    # A proposes two persons to the province; B proposes one who is A's first (same CCCD planted)
    ra, rb, rc = _person_regs(dbs[A]), _person_regs(dbs[B]), _person_regs(dbs[C])
    _set(dbs[A], Registration, ra[0][0], title_code="CSTD_TINH")
    _set(dbs[A], Registration, ra[1][0], title_code="BK_TINH")
    _set(dbs[B], Registration, rb[0][0], title_code="BK_TINH")
    with dbs[A].session() as s:
        pa = s.get(Person, ra[0][1])
        cccd_a, pa2 = pa.cccd, s.get(Person, ra[1][1])
        name2, born2 = pa2.full_name, pa2.birth_date
    assert cccd_a
    _set(dbs[B], Person, rb[0][1], cccd=cccd_a)
    # C proposes someone with the same name and birth date as A's second, a different CCCD
    _set(dbs[C], Registration, rc[0][0], title_code="BK_TINH")
    _set(dbs[C], Person, rc[0][1], full_name=name2, birth_date=born2, cccd="001099000777")
    # what reaches the province's proposal list: the proposals the councils voted and signed
    plant_proposal(dbs[A], [("person", ra[0][1], "CSTD_TINH"), ("person", ra[1][1], "BK_TINH")])
    plant_proposal(dbs[B], [("person", rb[0][1], "BK_TINH")])
    files = [commune.export(dbs[A], cps[A], tmp_path, str(YEAR)),
             commune.export(dbs[B], cps[B], tmp_path, str(YEAR)),
             commune.export(dbs[C], cps[C], tmp_path, f"{YEAR}-H1"),
             commune.export(dbs[A], cps[A], tmp_path, str(YEAR))]  # A sends again
    for f in files:
        assert province.import_file(pdb, province_paths, f.path.read_bytes(), f.file_name).status == "accepted"
    truth = {code: _truth(db) for code, db in dbs.items()}
    for db in dbs.values():
        db.dispose()
    return SimpleNamespace(db=pdb, paths=province_paths, truth=truth, cccd_a=cccd_a, name2=name2, upward=upward)


@pytest.fixture
def world(province_paths, tmp_path):
    """A world of its own, for the tests that send corrections into it."""
    w = _build_world(province_paths, tmp_path)
    yield w
    w.db.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_world(request, tmp_path_factory):
    """One world per database for the tests that only read it (building one takes ~10 s). On
    PostgreSQL it lives in a database of its own, so the other tests' schema resets cannot touch it."""
    from sqlalchemy import create_engine, text

    from desktop.store.db import _server_url
    from tests.province.conftest import PG_URL, require_pg

    root = tmp_path_factory.mktemp("world")
    admin = None
    if request.param == "postgresql":
        require_pg()
        base, _, name = PG_URL.rpartition("/")
        db_name = f"{name}_views"  # per xdist worker, as PG_URL is
        url = f"{base}/{db_name}"
        admin = create_engine(_server_url(PG_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}"'))
            conn.execute(text(f'CREATE DATABASE "{db_name}"'))
        paths = Paths(root / "province", url)
    else:
        paths = Paths(root / "province")
    w = _build_world(paths, root)
    yield w
    w.db.dispose()
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}"'))
        admin.dispose()


def test_board(shared_world):
    world = shared_world
    v = views.board(world.db, str(YEAR), dt.date(YEAR, 12, 10), today=dt.date(YEAR, 11, 30))
    units = {u["code"]: u for u in v.data["units"]}
    assert len(v.rows) == 99 and len(units) == 99
    assert units[A]["status"] == "on_time" and units[A]["files"] == 2 and units[A]["sent_again"] == 1
    assert units[A]["last_sequence"] == 2
    assert units[B]["status"] == "on_time" and units[B]["sent_again"] == 0
    assert units[C]["status"] == "missing" and units[C]["latest_period"] == f"{YEAR}-H1"
    assert v.data["counts"] == {"on_time": 2, "missing": 97}
    assert "Đã nộp 2/99" in v.summary
    # the deadline passed: whoever sent did so late, the others are overdue
    late = views.board(world.db, str(YEAR), dt.date(YEAR, 1, 31), today=dt.date(YEAR, 12, 31))
    assert late.data["counts"] == {"late": 2, "overdue": 97}
    # the six-month period, deadline from resources/plan/deadlines.json (end of May)
    h1 = views.board(world.db, f"{YEAR}-H1", today=dt.date(YEAR, 12, 31))
    assert h1.data["deadline"] == f"{YEAR}-05-31"
    st = {u["code"]: u["status"] for u in h1.data["units"]}
    assert st[C] in ("late", "on_time") and st[A] == "overdue"
    assert views.default_deadline(str(YEAR)) == dt.date(YEAR, 12, 10)


def test_title_counts(shared_world):
    world = shared_world
    v = views.title_counts(world.db, YEAR)
    for code in (A, B, C):
        assert v.data["communes"][code] == dict(world.truth[code]["titles"])
    total = sum((world.truth[c]["titles"] for c in (A, B, C)), Counter())
    assert v.data["total"] == dict(total)
    assert v.rows[-1][1] == "Tổng cộng" and v.rows[-1][-1] == sum(total.values())
    row_a = next(r for r in v.rows if r[0] == A)
    assert row_a[-1] == sum(world.truth[A]["titles"].values())


def test_proposals_and_pdf(shared_world, tmp_path):
    world = shared_world
    v = views.proposals(world.db, YEAR)
    # the rows of the proposals received (A two, B one, C none), not the registrations
    expected = Counter({"CSTD_TINH": 1, "BK_TINH": 2})
    assert v.data["groups"] == dict(expected)
    assert sorted(d["commune_code"] for d in v.data["items"]) == sorted([A, A, B])
    # grouped by title in catalog order, communes sorted by name within a title
    order = [t for t in load_catalog().titles if t in expected]
    assert [d["title_code"] for d in v.data["items"]] == [t for t in order for _ in range(expected[t])]
    bk = [d for d in v.data["items"] if d["title_code"] == "BK_TINH"]
    from desktop.shared.text import fold
    assert [fold(d["commune"]) for d in bk] == sorted(fold(d["commune"]) for d in bk)
    assert all(d["subject_kind"] == "person" and d["name"] for d in v.data["items"])
    assert len(v.spans) == 2 and v.rows[v.spans[0]][0].startswith("I. ")
    noted = {(d["commune_code"], d["note"]) for d in v.data["items"] if d["note"]}
    assert noted == {(A, f"Trùng CCCD với {find_unit(B).name}"), (B, f"Trùng CCCD với {find_unit(A).name}")}
    # Excel
    out = tmp_path / "de-nghi.xlsx"
    province_sheets.write_xlsx(v, out)
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "DANH SÁCH TỔNG HỢP ĐỀ NGHỊ KHEN THƯỞNG" in values and f"1/TTr-UBND ngày 12/12/{YEAR}" in values
    # PDF in decree 30 layout
    from pypdf import PdfReader

    from desktop.reports.documents import to_pdf

    pdf = to_pdf(province_sheets.proposal_doc(v, dt.date(YEAR, 12, 15)))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for needle in ("SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "DANH SÁCH", "1/TTr-UBND",
                   find_unit(A).name, "Bằng khen", "Lưu ý trùng số CCCD"):
        assert needle in text.replace("\n", ""), needle


def test_duplicates(shared_world):
    world = shared_world
    v = views.duplicates(world.db, YEAR)
    same = {d["cccd"]: d["communes"] for d in v.data["same_cccd"]}
    assert same == {world.cccd_a: sorted([A, B])}
    twice = {d["cccd"]: d["communes"] for d in v.data["proposed_twice"]}
    assert twice == {world.cccd_a: sorted([A, B])}
    nb = v.data["same_name_birth"]
    assert len(nb) == 1 and nb[0]["name"] == world.name2 and nb[0]["communes"] == sorted([A, C])
    assert sum(1 for r in v.rows if r[1] == world.cccd_a) == 4


def test_indicators(shared_world, tmp_path):
    world = shared_world
    v = views.indicators(world.db, YEAR, "Y")
    assert len(v.rows) == 100 and len(v.headers) == 2 + 15 + 1
    for code in (A, B, C):
        got = {int(k) for k in v.data["communes"].get(code, {})}
        assert got == world.truth[code]["targets"]
        row = next(r for r in v.rows if r[0] == code)
        assert row[-1] == len(world.truth[code]["targets"])
    # the header names the target only; each cell carries the commune's own indicator name and unit
    assert not any("(USD)" in h or "(%)" in h for h in v.headers)
    sent = next(r for r in v.rows if r[0] == A)
    ind = next(iter(v.data["communes"][A].values()))[0]
    assert any(str(cell).startswith(f"{ind['name']}: ") for cell in sent[2:-1])
    reported = v.data["reported"]
    for t in range(1, 16):
        assert reported.get(str(t), 0) == sum(1 for c in (A, B, C) if t in world.truth[c]["targets"])
    out = tmp_path / "chi-tieu.xlsx"
    province_sheets.write_xlsx(v, out)
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert any(r[0] == A for r in rows)


def test_cli_view(shared_world, tmp_path, capsys):
    world = shared_world
    from desktop.__main__ import main

    base = ["--data-dir", str(world.paths.data_dir)]
    if world.paths.db_url:
        base += ["--db-url", world.paths.db_url]
    xlsx, pdf = tmp_path / "v.xlsx", tmp_path / "v.pdf"
    assert main([*base, "province", "view", "proposals", "--year", str(YEAR), "--json",
                 "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["data"]["groups"] == {"CSTD_TINH": 1, "BK_TINH": 2}
    assert xlsx.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")
    assert main([*base, "province", "view", "board", "--year", str(YEAR), "--period", f"{YEAR}-H1",
                 "--deadline", f"{YEAR}-05-31"]) == 0
    out = capsys.readouterr().out
    assert find_unit(C).name in out
    assert main([*base, "province", "view", "indicators", "--year", str(YEAR), "--period", "H1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["period"] == "H1"
    with pytest.raises(SystemExit) as e:
        main([*base, "province", "view", "nonsense", "--year", str(YEAR)])
    assert e.value.code == 2


def _resend(world, tmp_path, code: str, period: str, change) -> None:
    """The commune edits its data (``change(db)``) and sends a new full file, which the province imports."""
    cp = Paths(tmp_path / f"c{code}")
    db = open_database(cp.db_file, cp.backup_dir)
    try:
        change(db)
        f = commune.export(db, cp, tmp_path, period)
    finally:
        db.dispose()
    assert province.import_file(world.db, world.paths, f.path.read_bytes(), f.file_name).status == "accepted"


def _shared(db) -> tuple[set[str], set[str]]:
    """The shared-CCCD list kept by the imports, and the same worked out from scratch."""
    from sqlalchemy import func

    from desktop.store.models_bundle import ProvinceRecord, ProvinceSharedCccd

    r = ProvinceRecord
    with db.session() as s:
        kept = set(s.scalars(select(ProvinceSharedCccd.cccd)))
        fresh = set(s.scalars(select(r.cccd).where(r.kind == "person", r.cccd.is_not(None))
                              .group_by(r.cccd).having(func.count(func.distinct(r.commune_code)) > 1)))
    return kept, fresh


def test_shared_cccd_list_follows_every_import(world, tmp_path):
    assert _shared(world.db) == ({world.cccd_a}, {world.cccd_a})

    def move_b(cccd):
        def change(db):
            with db.session() as s, s.begin():
                pid = s.scalar(select(Person.id).where(Person.cccd.in_([world.cccd_a, "001099000555"])))
                s.execute(update(Person).where(Person.id == pid).values(cccd=cccd))
        return change

    # B corrects its person's CCCD: no longer shared, gone from the duplicates and the proposals' notes
    _resend(world, tmp_path, B, str(YEAR), move_b("001099000555"))
    assert _shared(world.db) == (set(), set())
    v = views.duplicates(world.db, YEAR)
    assert v.data["same_cccd"] == [] and v.data["proposed_twice"] == []
    assert [d["note"] for d in views.proposals(world.db, YEAR).data["items"] if d["note"]] == []
    # and back again
    _resend(world, tmp_path, B, str(YEAR), move_b(world.cccd_a))
    assert _shared(world.db) == ({world.cccd_a}, {world.cccd_a})
    assert {d["cccd"] for d in views.duplicates(world.db, YEAR).data["proposed_twice"]} == {world.cccd_a}
    # what the import keeps is what a rebuild from scratch gives
    with world.db.session() as s, s.begin():
        province.rebuild_shared_cccd(s)
    assert _shared(world.db) == ({world.cccd_a}, {world.cccd_a})


def test_same_name_matching_ignores_accents_case_and_spaces(world, tmp_path):
    """C's proposed person shares A's person's name and birth date; C sends again each time with the
    name typed differently: accents, case and spacing do not matter, another given name does."""
    from desktop.shared.text import fold

    for typed, matched in ((world.name2.upper(), True), (fold(world.name2).title(), True),
                           ("  ".join(world.name2.split()) + " ", True), (world.name2 + " Anh", False)):
        def retype(db, name=typed):
            with db.session() as s, s.begin():
                pid = s.scalar(select(Person.id).where(Person.cccd == "001099000777"))
                s.execute(update(Person).where(Person.id == pid).values(full_name=name))

        _resend(world, tmp_path, C, f"{YEAR}-H1", retype)
        nb = views.duplicates(world.db, YEAR).data["same_name_birth"]
        assert [x["communes"] for x in nb] == ([sorted([A, C])] if matched else []), typed
