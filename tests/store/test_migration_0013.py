"""Migration 0013 (contacts): a workspace of before keeps working with no phone and no e-mail, and a
province that enrolled communes before gets each commune's latest enrolled officer as its contact."""

from __future__ import annotations

import sqlite3

from desktop.store.db import open_database
from tests.store.test_migrations import fixture_copy


def test_0013_gives_the_enrolled_officers_as_contacts(tmp_path):
    path = fixture_copy(tmp_path, "0011")
    db = open_database(path, path.parent / "backups")
    try:
        ws = db.workspace()
        assert (ws.officer_name, ws.officer_phone, ws.officer_email) == ("Nguyễn Thị Hoa", "", "")
    finally:
        db.dispose()
    con = sqlite3.connect(path)
    try:
        got = con.execute("SELECT commune_code, name, phone, email, source, sequence FROM province_contact").fetchall()
    finally:
        con.close()
    assert got == [("09319", "Lê Văn Minh", "", "", "enrolment", None)]  # key 2, the latest, not key 1's officer
