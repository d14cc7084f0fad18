"""A failing statement never carries its values into an exception or a log: every engine is made with
hide_parameters=True (a NUL in one record once aborted a PostgreSQL import and wrote the refused
records' names, CCCD numbers and phone numbers into the log through SQLAlchemy's parameters)."""

from __future__ import annotations

import ast
import logging
import traceback
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import ArgumentError, StatementError

from desktop.store import db as store_db
from desktop.store.models import Person

ROOT = Path(__file__).resolve().parents[2]
SECRET_NAME, SECRET_CCCD, SECRET_PHONE = "Bí Mật Thị Tên", "099123456789", "0912345678"


def test_every_engine_in_the_code_hides_its_parameters():
    calls = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in ("create_engine", "engine_from_config", "create_async_engine"):
                    hidden = any(k.arg == "hide_parameters" and isinstance(k.value, ast.Constant)
                                 and k.value.value is True for k in node.keywords)
                    calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", hidden))
    assert len(calls) >= 2, calls  # the SQLite file and the server URL
    assert [c for c, hidden in calls if not hidden] == []


def _failing_insert(database, caplog, **over) -> str:
    """Everything a failing INSERT leaves behind as text: the exception, its traceback, and the log
    (the engine's own logger at INFO too, as with echo on)."""
    row = {"full_name": SECRET_NAME, "cccd": SECRET_CCCD, "phone": SECRET_PHONE, "sex": "không rõ",  # CHECK fails
           "category": "nhan_dan", "search_key": "x", "sort_key": "x", "position": "", "note": "", **over}
    caplog.set_level(logging.DEBUG)
    engine_log = logging.getLogger("sqlalchemy.engine")
    engine_log.setLevel(logging.INFO)
    try:
        with database.session() as s, pytest.raises(StatementError) as info:
            s.execute(insert(Person), [row])
        exc = info.value
        logging.getLogger("desktop").error("import failed", exc_info=exc)  # what the app's log would keep
    finally:
        engine_log.setLevel(logging.WARNING)
    text = "\n".join([str(exc), repr(exc), "".join(traceback.format_exception(exc)), caplog.text])
    assert "INSERT INTO person" in text  # the statement is there, so the test looks at the right thing
    assert "hidden" in str(exc)
    return text


def test_a_failing_statement_shows_no_values_in_its_exception_nor_the_log(workspace, caplog):
    text = _failing_insert(workspace, caplog)
    for value in (SECRET_NAME, SECRET_CCCD, SECRET_PHONE):
        assert value not in text


def test_the_server_engine_hides_its_parameters(monkeypatch):
    seen = {}

    def spy(url, **kw):
        seen.update(kw)
        raise ArgumentError("stop here")

    monkeypatch.setattr(store_db, "create_engine", spy)
    with pytest.raises(Exception):
        store_db.open_url("postgresql://u:p@127.0.0.1:1/x")
    assert seen.get("hide_parameters") is True


def test_on_postgresql_a_nul_shows_no_values_either(caplog):
    from tests.province.conftest import PG_URL, _reset_pg, require_pg

    require_pg()
    _reset_pg(PG_URL)
    database = store_db.open_url(PG_URL)
    try:
        assert database.engine.hide_parameters is True
        text = _failing_insert(database, caplog, sex="nam", note="a\x00b")  # PostgreSQL refuses a NUL
        assert "NUL" in text
        for value in (SECRET_NAME, SECRET_CCCD, SECRET_PHONE):
            assert value not in text
    finally:
        database.dispose()
        _reset_pg(PG_URL)
