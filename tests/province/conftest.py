"""The province workspace runs on SQLite and on PostgreSQL; these fixtures give both.

PostgreSQL comes from THIDUA_TEST_PG_URL (.ci/pg-start starts a throwaway server and prints it). On a
developer machine without it the PostgreSQL cases are skipped; under CI (CI set) or .ci/run (which
starts the server and sets THIDUA_REQUIRE_PG=1) its absence is a failure, never a silent skip."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from desktop.shared.paths import Paths

PG_URL = os.environ.get("THIDUA_TEST_PG_URL")
REQUIRE_PG = "THIDUA_REQUIRE_PG"


def _yes(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no")


def pg_required(env=os.environ) -> bool:
    """The run must include PostgreSQL: under CI, or .ci/run (THIDUA_REQUIRE_PG=1)."""
    return any(_yes(env.get(name)) for name in ("CI", REQUIRE_PG))


def pg_missing(env=os.environ) -> tuple[str, str] | None:
    """What to do when the PostgreSQL tests cannot run: ("fail"|"skip", why), or None (they run)."""
    if env.get("THIDUA_TEST_PG_URL"):
        return None
    if pg_required(env):
        who = "CI" if _yes(env.get("CI")) else f".ci/run ({REQUIRE_PG}=1)"
        return "fail", f"{who} must run the province tests on PostgreSQL: THIDUA_TEST_PG_URL is not set"
    return "skip", "no PostgreSQL server (set THIDUA_TEST_PG_URL, e.g. eval \"$(bash .ci/pg-start)\")"


def _reset_pg(url: str) -> None:
    from desktop.store.db import _server_url

    engine = create_engine(_server_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def require_pg() -> None:
    """Skip without a PostgreSQL server, except under CI or .ci/run, where its absence is a failure."""
    missing = pg_missing()
    if missing is not None:
        action, why = missing
        (pytest.fail if action == "fail" else pytest.skip)(why)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    if request.param == "postgresql":
        require_pg()
    return request.param


@pytest.fixture
def province_paths(backend, tmp_path) -> Paths:
    if backend == "postgresql":
        _reset_pg(PG_URL)
        return Paths(tmp_path / "province", PG_URL)
    return Paths(tmp_path / "province")
