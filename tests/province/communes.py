"""A commune workspace with demo data, ready to export to the province (shared by the province tests)."""

from __future__ import annotations

from desktop.app import commune, demo
from desktop.app.workspace import init_workspace
from desktop.shared.paths import Paths
from desktop.store.db import Database, open_database
from tests.trust import install_trusted


def make_commune(tmp_path, code: str, people: int, key_file: bytes) -> tuple[Paths, Database]:
    """Commune ``code`` in tmp_path/c<code>: signing key, the province's key installed, demo data."""
    cp = Paths(tmp_path / f"c{code}")
    cp.ensure()
    db = open_database(cp.db_file, cp.backup_dir)
    init_workspace(db, code, "Cán bộ thi đua")
    commune.create_signing_key(cp)
    install_trusted(cp, key_file)
    demo.fill(db, people=people, seed=int(code) % 97)
    return cp, db
