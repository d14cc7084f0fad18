"""The province's check that a full file holds every record it points at, read in SQL from the staged
records, on SQLite and PostgreSQL (the payload's members are read with each engine's JSON functions).
The whole import path is tried with crafted files in the bad-file kit (tests/bundle/corpus.py:
record_subject_missing, record_unit_missing)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine

from desktop.app.province import _STAGE_DDL, _stage
from desktop.bundle.errors import BundleRefused
from desktop.bundle.records_codec import check_references, dangling_reference
from tests.province.conftest import PG_URL

C = "09319"


def _row(kind: str, rid: int, **payload) -> dict:
    uid = f"{C}:{kind}:{rid}"
    subject = payload.get("subject")
    return {"uid": uid, "kind": kind, "payload": json.dumps({"uid": uid, **payload}),
            "subject_uid": subject["uid"] if subject else payload.get("person_id")}


@pytest.fixture
def conn(backend, tmp_path):
    engine = create_engine(PG_URL if backend == "postgresql" else f"sqlite:///{tmp_path / 'stage.sqlite3'}")
    with engine.connect() as c:
        c.exec_driver_sql(_STAGE_DDL)
        yield c
        c.rollback()
    engine.dispose()


def _stage_rows(conn, *rows: dict) -> None:
    conn.execute(_stage.insert(), list(rows))


UNIT = _row("collective", 1, name="Thôn Đông")
HOA = _row("person", 1, full_name="Trần Thị Hoa", collective_id=f"{C}:collective:1", household_id=None)


def test_a_whole_file_passes(conn):
    _stage_rows(conn, UNIT, HOA, _row("registration", 1, subject={"type": "person", "uid": f"{C}:person:1"}),
                _row("initiative", 1, person_id=f"{C}:person:1"))
    assert dangling_reference(conn) is None
    check_references(conn, "full")


def test_a_record_about_a_missing_subject(conn):
    _stage_rows(conn, UNIT, HOA, _row("registration", 1, subject={"type": "person", "uid": f"{C}:person:7"}))
    assert dangling_reference(conn) == ("registration", f"{C}:registration:1", "subject", f"{C}:person:7")
    with pytest.raises(BundleRefused) as ei:
        check_references(conn, "full")
    assert ei.value.code == "dangling_reference"
    assert f"{C}:person:7" in ei.value.message and "không có trong tệp" in ei.value.message
    check_references(conn, "correction")  # a correction may point at what the province holds


def test_an_initiative_and_a_unit_missing(conn):
    _stage_rows(conn, HOA, _row("initiative", 3, person_id=f"{C}:person:2"))
    assert dangling_reference(conn) == ("initiative", f"{C}:initiative:3", "person_id", f"{C}:person:2")
    conn.exec_driver_sql("DELETE FROM tdkt_stage WHERE kind = 'initiative'")
    assert dangling_reference(conn) == ("person", f"{C}:person:1", "collective_id", f"{C}:collective:1")
