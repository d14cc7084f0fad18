"""The province workspace runs on SQLite and on PostgreSQL; these fixtures give both.

PostgreSQL comes from THIDUA_TEST_PG_URL (.ci/pg-start starts a throwaway server and prints it). On a
developer machine without it the PostgreSQL cases are skipped; under CI its absence is a failure."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from desktop.paths import Paths

PG_URL = os.environ.get("THIDUA_TEST_PG_URL")


def _reset_pg(url: str) -> None:
    from desktop.store.db import _server_url

    engine = create_engine(_server_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def require_pg() -> None:
    """Skip without a PostgreSQL server, except under CI, where its absence is a failure."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the province tests on PostgreSQL: THIDUA_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server (set THIDUA_TEST_PG_URL, e.g. eval \"$(bash .ci/pg-start)\")")


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
