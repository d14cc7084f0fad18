"""Every open looks at the answer of SQLite's own check: a file whose pages are damaged (what the quick
check sees, as well as the full one: here a page that nothing owns) is refused with the "damaged" message at any open, headless or
the window's, and left as it was. (The full check alone, two swapped indexes: tests/store/test_db.py.)"""

from __future__ import annotations

import hashlib

import pytest

from desktop.app.workspace import init_workspace
from desktop.store.db import open_database
from desktop.store.errors import StorageError


def _damage_the_page_map(path) -> None:
    """Add a page that no table or index owns and count it in the header: the file opens, its
    application id, schema and revision read, but SQLite's check answers "Page N is never used"
    (a deterministic damage: it reads no cell of any table, so no query fails on it before the check)."""
    data = bytearray(path.read_bytes())
    size, pages = int.from_bytes(data[16:18], "big"), int.from_bytes(data[28:32], "big")
    assert len(data) == size * pages and data[24:28] == data[92:96]  # the header's page count is in force
    data += bytes(size)
    data[28:32] = (pages + 1).to_bytes(4, "big")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("thorough", [True, False], ids=["full-check", "quick-check"])
def test_a_damaged_file_is_refused_at_every_open(tmp_path, thorough):
    path = tmp_path / "thidua.sqlite3"
    db = open_database(path, None)
    init_workspace(db, "09319", "Nguyễn Thị Hoa")
    db.dispose()
    assert not (tmp_path / "thidua.sqlite3-wal").exists()
    _damage_the_page_map(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StorageError) as err:
        open_database(path, None, thorough=thorough)
    assert err.value.kind == "damaged" and "bị hỏng" in str(err.value) and "kiểm tra toàn vẹn" in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
