"""Under .ci/run (and CI) a missing PostgreSQL server fails the province tests instead of skipping
them in silence; on a developer machine without a server they are skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.province import conftest as pg

ROOT = Path(__file__).resolve().parents[2]
URL = "postgresql://postgres@127.0.0.1:54329/thidua_test"


@pytest.mark.parametrize("env, action", [
    ({}, "skip"),
    ({"CI": "false"}, "skip"),
    ({"THIDUA_REQUIRE_PG": "0"}, "skip"),
    ({"CI": "true"}, "fail"),
    ({"THIDUA_REQUIRE_PG": "1"}, "fail"),
    ({"THIDUA_REQUIRE_PG": "1", "THIDUA_TEST_PG_URL": URL}, None),
    ({"THIDUA_TEST_PG_URL": URL}, None),
])
def test_what_a_missing_server_means(env, action):
    got = pg.pg_missing(env)
    assert (got[0] if got else None) == action
    if action == "fail":
        assert "THIDUA_TEST_PG_URL" in got[1]


def _outcome() -> tuple[str, str]:
    """What require_pg() does to the test that calls it (a skip caught here, not skipping this test)."""
    try:
        pg.require_pg()
    except pytest.fail.Exception as exc:
        return "fail", str(exc)
    except pytest.skip.Exception as exc:
        return "skip", str(exc)
    return "run", ""


def test_require_pg_fails_under_ci_run_without_a_server(monkeypatch):
    monkeypatch.delenv("THIDUA_TEST_PG_URL", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("THIDUA_REQUIRE_PG", "1")
    action, why = _outcome()
    assert action == "fail" and ".ci/run" in why
    monkeypatch.delenv("THIDUA_REQUIRE_PG")
    assert _outcome()[0] == "skip"


def test_ci_run_requires_the_server_it_starts():
    lines = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    start = lines.index('eval "$(bash .ci/pg-start)"')
    require = lines.index("export THIDUA_REQUIRE_PG=1")
    tests = max(i for i, ln in enumerate(lines) if "-m pytest" in ln)
    assert start < require < tests
