"""A damaged database at start: the officer is told why and restores a backup; the damaged file is
kept aside, never overwritten."""

from __future__ import annotations

import hashlib

import pytest

from desktop.core.records import Records
from desktop.store.backup import make_backup
from desktop.store.db import open_database
from desktop.store.errors import StorageError
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.backup_dialogs import RestoreDialog


def test_restore_after_damage(qtbot, workspace, paths, monkeypatch):
    create_app()
    records = Records(workspace.session, "test")
    records.create("collective", {"name": "Trường Tiểu học Tiên Du", "kind": "truong_hoc"})
    workspace.dispose()
    make_backup(paths.db_file, paths.backup_dir, "tu-dong")
    # the file gets damaged (e.g. a power cut mid-write on an old disk)
    data = bytearray(paths.db_file.read_bytes())
    data[0:16] = b"garbage garbage!"
    paths.db_file.write_bytes(bytes(data))
    damaged_hash = hashlib.sha256(bytes(data)).hexdigest()

    with pytest.raises(StorageError) as info:
        open_database(paths.db_file, paths.backup_dir)
    problem = info.value
    assert problem.offers_restore
    assert "sao lưu" in problem.message

    monkeypatch.setattr(prompts, "ask", lambda *a, **k: True)
    monkeypatch.setattr(prompts, "error", lambda p, t, text: pytest.fail(text))
    dlg = RestoreDialog(paths, problem)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.model.rowCount() == 1
    dlg.start_restore()
    qtbot.waitUntil(lambda: dlg.restored_from is not None, timeout=5000)
    # the damaged file was moved aside intact
    assert dlg.kept is not None and dlg.kept.exists()
    assert hashlib.sha256(dlg.kept.read_bytes()).hexdigest() == damaged_hash
    db = open_database(paths.db_file, paths.backup_dir)
    try:
        assert [r[1] for r in Records(db.session).list_rows("collective")] == ["Trường Tiểu học Tiên Du"]
        assert db.workspace().unit_code == "09319"
    finally:
        db.dispose()
