"""Schema migrations (Alembic), run from code at start-up.

The scripts ship inside the package (desktop/store/migrations). Before any upgrade of a file that
holds data, the file is backed up. A file stamped with a revision this app does not know was written
by a newer version: it is refused, never altered.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _emit_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade to ``target``. Each migration and its version bump commit together or not at all.

    Python's sqlite3 module only opens a transaction before INSERT/UPDATE/DELETE, so DDL would
    autocommit and a failing migration would leave a half-migrated file stamped with the old
    revision. The driver's own transaction handling is switched off for this connection and
    SQLAlchemy's begin emits a real BEGIN instead. Foreign keys are off meanwhile (batch mode rebuilds
    tables that others refer to) and checked afterwards.
    """
    cfg = alembic_config()
    with engine.connect() as conn:
        dbapi_conn = conn.connection.dbapi_connection
        saved = dbapi_conn.isolation_level
        dbapi_conn.isolation_level = None
        fk_on = dbapi_conn.execute("PRAGMA foreign_keys").fetchone()[0]
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or it is ignored
        event.listen(conn, "begin", _emit_begin)
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            conn.commit()
            broken = dbapi_conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration to {target} left broken references: {broken[:5]}")
        finally:
            if conn.in_transaction():
                conn.rollback()
            event.remove(conn, "begin", _emit_begin)
            dbapi_conn.execute(f"PRAGMA foreign_keys={'ON' if fk_on else 'OFF'}")
            dbapi_conn.isolation_level = saved


def revision(engine: Engine, message: str) -> None:  # pragma: no cover - maintainer tool
    """Autogenerate a new revision against the models (python -m desktop.store.migrate "message")."""
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":  # pragma: no cover
    import sys
    import tempfile

    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as tmp:
        eng = create_engine(f"sqlite:///{tmp}/gen.sqlite3")
        upgrade(eng)
        revision(eng, sys.argv[1])
