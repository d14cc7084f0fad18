"""Test set-up: headless Qt, a fresh data folder per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# Per-user settings (QSettings: window geometry, interface language) and caches (the compiled
# translation) of the tests go to a throwaway folder, never the real profile; no language override.
import tempfile  # noqa: E402

_PROFILE = tempfile.mkdtemp(prefix="thidua-test-profile-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_PROFILE, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_PROFILE, "cache")
os.environ.pop("THIDUA_LANG", None)

import pytest  # noqa: E402


def _pg_database_per_worker() -> None:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own (the province fixtures
    drop and re-create the schema of theirs), made here before any test module reads the URL."""
    url = os.environ.get("THIDUA_TEST_PG_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker or os.environ.get("THIDUA_TEST_PG_BASE_URL"):
        return
    from sqlalchemy import create_engine, text

    base, _, name = url.rpartition("/")
    mine = f"{name}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": mine}).first() is None:
                conn.execute(text(f'CREATE DATABASE "{mine}"'))
    finally:
        admin.dispose()
    os.environ["THIDUA_TEST_PG_BASE_URL"] = url
    os.environ["THIDUA_TEST_PG_URL"] = f"{base}/{mine}"


_pg_database_per_worker()

from desktop.shared.paths import Paths  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _machine_secret_outside_home(tmp_path_factory):
    """Keys without a passphrase use a per-user secret; keep the tests' one out of the real profile."""
    folder = tmp_path_factory.mktemp("machine-secret")
    old = os.environ.get("DESKTOP_MACHINE_SECRET_DIR")
    os.environ["DESKTOP_MACHINE_SECRET_DIR"] = str(folder)
    yield
    if old is None:
        os.environ.pop("DESKTOP_MACHINE_SECRET_DIR", None)
    else:
        os.environ["DESKTOP_MACHINE_SECRET_DIR"] = old


@pytest.fixture(autouse=True, scope="session")
def _cheap_key_envelopes():
    """Keys made in the tests' own process cost scrypt n=2**14 (the floor load() accepts) instead of
    the default: tests make hundreds. Commands run as subprocesses keep the full cost."""
    from desktop.bundle import keys

    old = keys.SCRYPT_N
    keys.SCRYPT_N = keys.SCRYPT_MIN_N
    yield
    keys.SCRYPT_N = old


@pytest.fixture(autouse=True)
def _collect_cycles_between_tests():
    """Once a test has created the application, cycles are collected by its GUI-thread timer only
    (desktop.ui.gc_guard), which spins only while a test waits on Qt: between tests, collect what the
    thresholds ask for, on this (the main) thread, as the timer would."""
    yield
    import gc

    if not gc.isenabled():
        from desktop.ui.gc_guard import collect_due

        collect_due()


@pytest.fixture
def paths(tmp_path) -> Paths:
    p = Paths(tmp_path / "data")
    p.ensure()
    return p


@pytest.fixture
def db(paths):
    from desktop.store.db import open_database

    database = open_database(paths.db_file, paths.backup_dir)
    yield database
    database.dispose()


@pytest.fixture
def workspace(db):
    from desktop.app.workspace import CouncilSeat, init_workspace

    init_workspace(db, "09319", "Nguyễn Thị Hoa", [CouncilSeat("Lê Văn Minh", "Chủ tịch Hội đồng", "Chủ tịch UBND xã")])
    return db


@pytest.fixture(scope="module")
def statement_template(tmp_path_factory):
    """A province and commune 09319 with a proposal and a decision (tests.bundle.kit.statement_pair),
    built once per test module; each test gets its own copy (``pair``)."""
    from tests.bundle.kit import statement_pair

    p = statement_pair(tmp_path_factory.mktemp("pair"))
    p.dispose()
    return p


@pytest.fixture
def pair(statement_template, tmp_path):
    """A copy of the module's province and commune pair (results and catalog statements)."""
    from tests.bundle.kit import copy_pair

    p = copy_pair(statement_template, tmp_path / "copy")
    yield p
    p.dispose()
