"""Schema migrations: an empty file reaches the newest schema, which matches the models; the fixture
file of every released schema opens, upgrades and keeps its rows; a failing migration changes nothing."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from desktop.core.records import Records
from desktop.store import migrate
from desktop.store.backup import APPLICATION_ID, list_backups
from desktop.store.db import open_database
from desktop.store.models import Base

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DATA_TABLES = ("workspace", "council_member", "collective", "household", "person", "rating", "discipline",
               "initiative", "registration", "achievement", "indicator", "audit_log", "setting")


def load_make_fixtures():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(path: Path, tables=DATA_TABLES) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {}
        for t in tables:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({t})")]
            out[t] = [dict(zip(cols, r)) for r in con.execute(f"SELECT * FROM {t} ORDER BY 1")]
        return out
    finally:
        con.close()


def revision_of(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


def schema_diff(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


def add_future_revision(tmp_path: Path, monkeypatch, upgrade_body: str, revision: str = "9001") -> str:
    """Copy the shipped migrations and add one more revision after the head (as a later release would)."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / f"{revision}_future.py").write_text(
        textwrap.dedent(f'''
        """A later release's schema change (test only)."""
        from alembic import op
        import sqlalchemy as sa

        revision = "{revision}"
        down_revision = "{head}"
        branch_labels = None
        depends_on = None


        def upgrade() -> None:
        ''') + textwrap.indent(textwrap.dedent(upgrade_body).strip(), "    ") + "\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    assert migrate.head_revision() == revision
    return revision


def fixture_copy(tmp_path: Path, revision: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    target = folder / "thidua.sqlite3"
    shutil.copyfile(FIXTURES / f"schema_{revision}.sqlite3", target)
    return target


# --------------------------------------------------------------------------- empty file to head


def test_empty_file_migrates_to_head_matching_the_models(tmp_path):
    path = tmp_path / "new.sqlite3"
    db = open_database(path, tmp_path / "backups")
    try:
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        assert schema_diff(db.engine) == []
    finally:
        db.dispose()
    assert list_backups(tmp_path / "backups") == []  # nothing to back up in a new file


def test_compare_metadata_does_see_differences(tmp_path):
    # guards the test above: a schema missing a table and a column must not compare equal
    path = tmp_path / "new.sqlite3"
    db = open_database(path, None)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE setting")
        conn.exec_driver_sql("ALTER TABLE person DROP COLUMN phone")
    try:
        diff = schema_diff(db.engine)
    finally:
        db.dispose()
    kinds = {d[0] if isinstance(d, tuple) else d[0][0] for d in diff}
    assert "add_table" in kinds and "add_column" in kinds


def test_every_revision_step_by_step(tmp_path):
    """Upgrading one revision at a time ends in the same schema as the one-shot upgrade."""
    engine = create_engine(f"sqlite:///{tmp_path / 'steps.sqlite3'}")
    try:
        revisions = [r.revision for r in reversed(list(migrate.script_directory().walk_revisions()))]
        for rev in revisions:
            migrate.upgrade(engine, rev)
            with engine.connect() as conn:
                assert migrate.current_revision(conn) == rev
        assert schema_diff(engine) == []
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- released schemas


def released_revisions() -> list[str]:
    return sorted(r.revision for r in migrate.script_directory().walk_revisions())


def test_a_fixture_exists_for_every_released_schema():
    missing = [rev for rev in released_revisions() if not (FIXTURES / f"schema_{rev}.sqlite3").is_file()]
    assert not missing, f"run tests/fixtures/make_fixtures.py for {missing} and commit the file (git add -f)"


@pytest.mark.parametrize("revision", released_revisions())
def test_fixture_is_what_it_claims(revision):
    path = FIXTURES / f"schema_{revision}.sqlite3"
    assert revision_of(path) == revision
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert len(rows(path)["person"]) >= 3


@pytest.mark.parametrize("revision", released_revisions())
def test_opening_a_released_fixture_upgrades_and_keeps_rows(tmp_path, revision):
    path = fixture_copy(tmp_path, revision)
    before = rows(path)
    db = open_database(path, path.parent / "backups")
    try:
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        assert schema_diff(db.engine) == []
        after = rows(path)
        for table, old_rows in before.items():
            assert len(after[table]) == len(old_rows), table
            for old, new in zip(old_rows, after[table]):
                assert {k: v for k, v in new.items() if k in old} == old, table
        # the app works on the upgraded data: accent-free search, recycle bin, CCCD rule
        rec = Records(db.session, "Nguyễn Thị Hoa")
        assert [r[1] for r in rec.list_rows("person", "dao")] == ["Đặng Thị Đào"]
        assert [r[1] for r in rec.list_rows("person", deleted=True)] == ["Phạm Thị Lan"]
        assert db.workspace().unit_code == "09319"
        new_id = rec.create("person", {"full_name": "Vũ Văn Nam", "sex": "nam", "category": "nhan_dan",
                                       "birth_date": "01/01/1990", "cccd": "027090000321"})
        assert rec.get("person", new_id)["full_name"] == "Vũ Văn Nam"
    finally:
        db.dispose()


def test_fixture_0001_matches_its_generator(tmp_path):
    """The committed file is what make_fixtures.py builds (so the script documents the file)."""
    fresh = load_make_fixtures().make("0001", tmp_path)
    assert rows(fresh) == rows(FIXTURES / "schema_0001.sqlite3")


# --------------------------------------------------------------------------- later releases


def test_upgrade_to_a_later_revision_keeps_rows_and_backs_up_first(tmp_path, monkeypatch):
    path = fixture_copy(tmp_path, "0001")
    before = rows(path)
    # a typical later change: a new column on a table other tables refer to (batch rebuild in SQLite)
    future = add_future_revision(tmp_path, monkeypatch, '''
        with op.batch_alter_table("person", recreate="always") as batch:
            batch.add_column(sa.Column("ethnicity", sa.String(40), nullable=False, server_default=""))
        op.create_table("note_tag", sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("label", sa.String(40), nullable=False))
    ''')
    db = open_database(path, path.parent / "backups")
    db.dispose()
    assert revision_of(path) == future
    after = rows(path)
    for table, old_rows in before.items():
        assert [{k: v for k, v in r.items() if k in o} for r, o in zip(after[table], old_rows)] == old_rows
        assert len(after[table]) == len(old_rows)
    con = sqlite3.connect(path)
    try:
        index_sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'uq_person_cccd_live'").fetchone()[0]
        assert "WHERE deleted_at IS NULL" in index_sql  # the partial unique index survived the rebuild
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    backups = list_backups(path.parent / "backups")
    assert [b.reason for b in backups] == ["truoc-nang-cap"]
    assert revision_of(backups[0].path) == "0001"
    assert rows(backups[0].path) == before


def test_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = fixture_copy(tmp_path, "0001")
    before_rows = rows(path)
    shipped_head = migrate.head_revision()
    add_future_revision(tmp_path, monkeypatch, '''
        op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
        op.add_column("setting", sa.Column("extra", sa.Text(), nullable=True))
        op.execute("UPDATE person SET note = 'changed'")
        raise RuntimeError("migration bug")
    ''')
    with pytest.raises(RuntimeError, match="migration bug"):
        open_database(path, path.parent / "backups")
    # each migration commits with its version bump: the shipped ones before it stay, the failing one
    # leaves nothing behind
    assert revision_of(path) == shipped_head
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall() == []
        assert "extra" not in [r[1] for r in con.execute("PRAGMA table_info(setting)")]
    finally:
        con.close()
    # the shipped migrations before it only added columns: what was stored is unchanged
    after = rows(path)
    assert {t: [{k: r[k] for k in (before_rows[t][0] if before_rows[t] else {})} for r in after[t]]
            for t in after} == before_rows
    # the backup taken before migrating is there for the officer too
    assert [b.reason for b in list_backups(path.parent / "backups")] == ["truoc-nang-cap"]


def test_fast_revision_scan_agrees_with_alembic():
    """Start-up reads revision ids without importing Alembic; it must see what Alembic sees."""
    script = migrate.script_directory()
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {r.revision for r in script.walk_revisions()}
    graph = migrate.revision_graph()
    for rev in script.walk_revisions():
        assert graph[rev.revision] == rev.down_revision


# --------------------------------------------------------------------------- 0004 -> 0005 with province data


PROVINCE_COLUMNS = ("id", "commune_code", "kind", "uid", "payload", "bundle_id", "name", "cccd", "subject_uid",
                    "title_code", "year")


def test_0005_backfills_the_province_records_of_0004(tmp_path):
    """A province file of release 0004 holding records: the upgrade fills birth_date and name_fold as
    the import now does, lists the shared CCCDs, keeps every row, and the duplicates view reads it."""
    import json

    from desktop.app import province
    from desktop.app import province_views as consolidate

    make = load_make_fixtures()
    path = fixture_copy(tmp_path, "0004")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        make.province_rows_0004(conn)
    engine.dispose()
    before = rows(path, ("province_bundle", "province_record"))
    db = open_database(path, path.parent / "backups")
    try:
        assert schema_diff(db.engine) == []
        after = rows(path, ("province_bundle", "province_record", "province_shared_cccd"))
        assert after["province_bundle"] == before["province_bundle"]
        assert [{k: r[k] for k in PROVINCE_COLUMNS} for r in after["province_record"]] == before["province_record"]
        for r in after["province_record"]:  # the very values the import stores for such a record
            expected = province.indexed_fields(r["kind"], json.loads(r["payload"]))
            assert (r["birth_date"], r["name_fold"]) == (expected["birth_date"], expected["name_fold"]), r["uid"]
        folded = {r["uid"]: (r["birth_date"], r["name_fold"]) for r in after["province_record"]}
        assert folded["09247:person:2"] == ("1990-02-03", "dang thi dao")  # "Dang Thi  Dao"
        assert folded["09319:person:2"] == ("1990-02-03", "dang thi dao")  # "Đặng Thị Đào"
        assert folded["09319:person:3"] == (None, "tran van hai")
        assert folded["09319:registration:1"] == (None, "")
        assert after["province_shared_cccd"] == [{"cccd": "027080000123"}]
        # what release 0005 itself stores for the same records (its fixture)
        fixture = rows(FIXTURES / "schema_0005.sqlite3", ("province_record", "province_shared_cccd"))
        assert fixture == {t: after[t] for t in fixture}

        v = consolidate.duplicates(db, 2026)
        assert v.data["same_cccd"] == [{"cccd": "027080000123", "communes": ["09247", "09319"]}]
        assert v.data["proposed_twice"] == [{"cccd": "027080000123", "communes": ["09247", "09319"]}]
        assert [(x["birth_date"], x["communes"]) for x in v.data["same_name_birth"]] == [
            ("1990-02-03", ["09247", "09319"])]  # accents and spacing ignored, as the name is folded
        # the proposals view lists only the proposals received (format version 3), none in a 0004 file
        assert consolidate.proposals(db, 2026).data["items"] == []
    finally:
        db.dispose()
    assert revision_of(list_backups(path.parent / "backups")[0].path) == "0004"


def test_0005_fixture_matches_its_generator(tmp_path):
    fresh = load_make_fixtures().make("0005", tmp_path)
    tables = (*DATA_TABLES, "province_bundle", "province_record", "province_shared_cccd")
    assert rows(fresh, tables) == rows(FIXTURES / "schema_0005.sqlite3", tables)


def test_0008_sends_the_records_of_a_deleted_subject_to_the_recycle_bin_with_it(tmp_path):
    """An earlier release deleted a person and left her ratings and registrations live (counted at the
    province): the upgrade stamps them with her deleted_at, so restoring her brings them back."""
    path = fixture_copy(tmp_path, "0007")
    con = sqlite3.connect(path)
    with con:
        stamp = con.execute("SELECT deleted_at FROM person WHERE id = 4").fetchone()[0]
        assert stamp is not None  # Phạm Thị Lan, in the recycle bin
        con.execute("INSERT INTO rating (id, year, rating, note, search_key, person_id, created_at, updated_at) "
                    "VALUES (9, 2025, 'tot', '', '', 4, '2026-01-01', '2026-01-01')")
        con.execute("INSERT INTO registration (id, year, title_code, pledge, search_key, person_id, created_at, "
                    "updated_at) VALUES (9, 2026, 'LDTT', '', '', 4, '2026-01-01', '2026-01-01')")
    con.close()
    db = open_database(path, path.parent / "backups")
    try:
        rec = Records(db.session, "Nguyễn Thị Hoa")
        with db.session() as s:
            from sqlalchemy import text

            assert s.execute(text("SELECT deleted_at FROM rating WHERE id = 9")).scalar() == stamp
            assert s.execute(text("SELECT deleted_at FROM registration WHERE id = 9")).scalar() == stamp
            assert s.execute(text("SELECT deleted_at FROM rating WHERE id = 1")).scalar() is None  # a live person's
        restored = rec.restore("person", 4)
        assert restored.get("rating", 0) >= 1 and restored.get("registration", 0) >= 1
        with db.session() as s:
            assert s.execute(text("SELECT deleted_at FROM rating WHERE id = 9")).scalar() is None
    finally:
        db.dispose()
