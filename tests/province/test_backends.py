"""The same province code on SQLite and PostgreSQL: migrations, enrolment, import, refusals, stats."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from desktop.app import commune, province
from desktop.app.workspace import open_workspace
from desktop.bundle.errors import BundleRefused
from desktop.store import migrate
from desktop.store.models import Base
from desktop.store.models_bundle import ProvinceBundle, ProvinceRecord, ProvinceSharedCccd
from tests.province.communes import make_commune


def _counts(pdb) -> tuple[int, int]:
    with pdb.session() as s:
        return (s.scalar(select(func.count()).select_from(ProvinceBundle)),
                s.scalar(select(func.count()).select_from(ProvinceRecord)))


def test_schema_at_head_matches_models(province_paths, backend):
    db = open_workspace(province_paths)
    try:
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert db.engine.dialect.name == backend
    finally:
        db.dispose()


def test_province_flow(province_paths, tmp_path):
    pdb = open_workspace(province_paths)
    try:
        pk = province.init_province(pdb, province_paths)
        key_file = province.public_key_file(province_paths)
        ca, dba = make_commune(tmp_path, "09319", 30, key_file)
        cb, dbb = make_commune(tmp_path, "09247", 20, key_file)
        for cp, db in ((ca, dba), (cb, dbb)):
            assert province.enrol(pdb, commune.enrol_request(db, cp)).action == "new"
        a1 = commune.export(dba, ca, tmp_path, "2026")
        a2 = commune.export(dba, ca, tmp_path, "2026")
        b1 = commune.export(dbb, cb, tmp_path, "2026")
        # a gap: file 2 before file 1
        with pytest.raises(BundleRefused) as e:
            province.import_file(pdb, province_paths, a2.path.read_bytes(), a2.file_name)
        assert e.value.code == "gap" and "số 1" in e.value.message
        assert _counts(pdb) == (0, 0)
        for r in (a1, a2, b1):
            assert province.import_file(pdb, province_paths, r.path.read_bytes(), r.file_name).status == "accepted"
        bundles, records = _counts(pdb)
        assert bundles == 3 and records == sum(a2.counts.values()) + sum(b1.counts.values())
        # the same file again changes nothing and says when it came
        again = province.import_file(pdb, province_paths, a1.path.read_bytes(), a1.file_name)
        assert again.status == "duplicate" and again.imported_at is not None
        # a flipped byte is refused, nothing written
        data = bytearray(b1.path.read_bytes())
        data[len(data) // 2] ^= 0x01
        with pytest.raises(BundleRefused) as e:
            province.import_file(pdb, province_paths, bytes(data), "hong.tdkt")
        assert e.value.code == "tampered"
        assert _counts(pdb) == (bundles, records)
        stats = province.stats(pdb)
        assert stats["09319"]["last_sequence"] == 2 and stats["09247"]["last_sequence"] == 1
        assert sum(stats["09247"]["counts"].values()) == sum(b1.counts.values())
        with pdb.session() as s:  # raw bytes kept as received
            raw = s.scalar(select(ProvinceBundle.raw).where(ProvinceBundle.file_sha256 == b1.sha256))
        assert raw == b1.path.read_bytes()
        assert pk.fingerprint
        dba.dispose()
        dbb.dispose()
    finally:
        pdb.dispose()


def test_0005_backfills_records_of_0004(province_paths, backend):
    """The 0005 migration on a province database of release 0004 holding records, on either database:
    birth date and folded name filled as the import fills them, the shared CCCDs listed."""
    import datetime as dt
    import importlib.util
    import json
    from pathlib import Path

    from sqlalchemy import MetaData, create_engine

    from desktop.app import province_views as views
    from desktop.store.db import _server_url

    spec = importlib.util.spec_from_file_location(
        "make_fixtures", Path(__file__).resolve().parents[1] / "fixtures" / "make_fixtures.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    province_paths.ensure()
    url = _server_url(province_paths.db_url) if province_paths.db_url else f"sqlite:///{province_paths.db_file}"
    engine = create_engine(url)
    try:
        migrate.upgrade(engine, "0004")
        meta = MetaData()
        meta.reflect(engine, only=["province_bundle", "province_record"])
        with engine.begin() as conn:
            conn.execute(meta.tables["province_bundle"].insert(), [
                {**b, "imported_at": dt.datetime.fromisoformat(b["imported_at"])} for b in make.PROVINCE_BUNDLES])
            conn.execute(meta.tables["province_record"].insert(), make.PROVINCE_RECORDS)
            if backend == "sqlite":  # as the app stamps its files
                from desktop.store.backup import APPLICATION_ID

                conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    finally:
        engine.dispose()
    db = open_workspace(province_paths)  # upgrades to the head
    try:
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        with db.session() as s:
            got = s.execute(select(ProvinceRecord).order_by(ProvinceRecord.id)).scalars().all()
            assert len(got) == len(make.PROVINCE_RECORDS)
            for r in got:
                expected = province.indexed_fields(r.kind, json.loads(r.payload))
                assert (r.birth_date, r.name_fold) == (expected["birth_date"], expected["name_fold"]), r.uid
            assert s.scalars(select(ProvinceSharedCccd.cccd)).all() == ["027080000123"]
        v = views.duplicates(db, 2026)
        assert [x["communes"] for x in v.data["same_name_birth"]] == [["09247", "09319"]]
        assert [x["cccd"] for x in v.data["proposed_twice"]] == ["027080000123"]
    finally:
        db.dispose()
