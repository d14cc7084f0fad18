"""Schema migrations (Alembic), run from code at start-up.

The scripts ship inside the package (desktop/store/migrations). Before any upgrade of a file that
holds data, the file is backed up. A file stamped with a revision this app does not know was written
by a newer version: it is refused, never altered.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    import sqlite3

    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Alembic is imported only when a migration actually runs: at an ordinary start the revision check
# reads the scripts' own "revision = ..." lines, which costs a fraction of importing Alembic.
_REVISION = re.compile(r"""^revision\s*(?::[^=]+)?=\s*['"]([^'"]+)['"]""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]+)?=\s*(?:None|['"]([^'"]+)['"])""", re.M)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def revision_graph() -> dict[str, str | None]:
    """{revision: down_revision} read from the shipped scripts without importing Alembic."""
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = script.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            raise RuntimeError(f"migration script without revision ids: {script.name}")
        graph[rev.group(1)] = down.group(1)
    return graph


def head_revision() -> str:
    graph = revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"migration scripts must form one line of history, found heads {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(revision_graph())


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

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
    from alembic import command

    cfg = alembic_config()
    if engine.dialect.name != "sqlite":  # a server with transactional DDL: one transaction per migration
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            conn.commit()
        return
    with engine.connect() as conn:
        dbapi_conn = cast("sqlite3.Connection", conn.connection.dbapi_connection)  # pysqlite's own connection
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
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":  # pragma: no cover
    import sys
    import tempfile

    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as tmp:
        eng = create_engine(f"sqlite:///{tmp}/gen.sqlite3", hide_parameters=True)
        upgrade(eng)
        revision(eng, sys.argv[1])
