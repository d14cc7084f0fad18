"""The send counter through the windows: the restore dialog warns about the files sent after the chosen
backup and the restore keeps their numbers; an export that met a busy database at the end says so
plainly, and the next click writes the same file again."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop.app import commune, demo, province
from desktop.app.workspace import init_workspace
from desktop.bundle.keys import AgeIdentity
from desktop.shared.paths import Paths
from desktop.store.backup import make_backup
from desktop.store.db import open_database
from desktop.ui import prompts
from desktop.ui.app import create_app
from tests.trust import install_trusted


@pytest.fixture
def quiet(monkeypatch):
    said = {"info": [], "errors": [], "asked": []}
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: said["info"].append(text))
    monkeypatch.setattr(prompts, "error", lambda p, t, text: said["errors"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda parent, title, text, **kw: said["asked"].append(text) or True)
    return said


@pytest.fixture(scope="module")
def base(tmp_path_factory, _machine_secret_outside_home):
    """A province and an enrolled commune with a few records (no file sent yet), databases closed."""
    root = tmp_path_factory.mktemp("exchange-ui")
    ppaths, cpaths = Paths(root / "province"), Paths(root / "commune")
    ppaths.ensure()
    cpaths.ensure()
    pdb = open_database(ppaths.db_file, ppaths.backup_dir)
    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    try:
        province.init_province(pdb, ppaths)
        init_workspace(cdb, "09319", "Nguyễn Thị Hoa")
        commune.create_signing_key(cpaths)
        install_trusted(cpaths, province.public_key_file(ppaths))
        demo.fill(cdb, people=3, seed=2)
        assert province.enrol(pdb, commune.enrol_request(cdb, cpaths)).action == "new"
    finally:
        cdb.dispose()
        pdb.dispose()
    return root


@pytest.fixture
def pair(base, tmp_path):
    """A private copy of the base: (province db, paths, commune db, paths)."""
    ppaths = Paths(shutil.copytree(base / "province", tmp_path / "province"))
    cpaths = Paths(shutil.copytree(base / "commune", tmp_path / "commune"))
    pdb = open_database(ppaths.db_file, ppaths.backup_dir)
    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    yield pdb, ppaths, cdb, cpaths
    cdb.dispose()
    pdb.dispose()


def test_the_restore_dialog_warns_about_files_sent_after_the_backup_and_keeps_their_numbers(
        qtbot, pair, tmp_path, quiet):
    from desktop.ui.backup_dialogs import RestoreDialog

    create_app()
    pdb, ppaths, cdb, cpaths = pair
    make_backup(cpaths.db_file, cpaths.backup_dir, "thu-cong")
    f1 = commune.export(cdb, cpaths, tmp_path / "usb", "2026")
    cdb.dispose()

    dlg = RestoreDialog(cpaths, None)
    qtbot.addWidget(dlg)
    dlg.show()
    warning = dlg.sent_warning.text()
    assert dlg.sent_warning.isVisible()
    assert "số 1 (xuất ngày" in warning and "tệp gửi tiếp theo vẫn là số 2" in warning
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.restored_from is not None, timeout=5000)
    assert "số 1 (xuất ngày" in quiet["asked"][-1] and not quiet["errors"]

    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    try:
        assert commune.next_export(cdb) == (2, None)
        f2 = commune.export(cdb, cpaths, tmp_path / "usb", "2026")
    finally:
        cdb.dispose()
    assert (f2.sequence, f2.previous_hash) == (2, f1.sha256)
    identity = AgeIdentity.load(province.keys_dir(ppaths) / province.IDENTITY_FILE)
    for f in (f1, f2):
        r = province.import_file(pdb, ppaths, f.path.read_bytes(), f.file_name, identity=identity)
        assert r.status == "accepted"


def test_an_export_that_meets_a_busy_database_says_so_and_the_next_click_writes_the_same_file(
        qtbot, pair, tmp_path, quiet, monkeypatch):
    from desktop.store import db as store_db
    from desktop.ui.bundle_ui import ExportDialog
    from desktop.ui.main_window import MainWindow

    create_app()
    _pdb, _ppaths, cdb, cpaths = pair
    cdb.dispose()
    real_pragmas, real_write = store_db._sqlite_pragmas, commune.write_verified
    holder: dict = {"armed": True}

    def pragmas(con, record):  # SQLite says "database is locked" after 0.1 s, not 5
        real_pragmas(con, record)
        con.execute("PRAGMA busy_timeout=100")

    def write(target, data):  # another program takes the write lock once the file is on the stick
        real_write(target, data)
        if "exports" not in target.parts and holder.pop("armed", False):
            holder["con"] = sqlite3.connect(cpaths.db_file, timeout=0.1, check_same_thread=False,
                                            isolation_level=None)
            holder["con"].execute("BEGIN IMMEDIATE")

    monkeypatch.setattr(store_db, "_sqlite_pragmas", pragmas)
    monkeypatch.setattr(commune, "write_verified", write)
    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    window = MainWindow(cdb, cpaths)
    qtbot.addWidget(window)
    out = tmp_path / "usb"
    out.mkdir()
    try:
        dlg = ExportDialog(window)
        qtbot.addWidget(dlg)
        dlg.to_folder.setChecked(True)
        dlg.folder.setText(str(out))
        qtbot.mouseClick(dlg.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(quiet["errors"]), timeout=10000)
        text = quiet["errors"][-1]
        assert "đang bị chương trình khác giữ" in text and "đóng chương trình đó rồi thử lại" in text
        assert "không mong muốn" not in text and "Tệp số 1" in text
        first = next(out.iterdir()).read_bytes()
        holder.pop("con").close()

        dlg2 = ExportDialog(window)
        qtbot.addWidget(dlg2)
        assert "số 1 trước đây chưa xong" in dlg2.message.text()
        dlg2.to_folder.setChecked(True)
        dlg2.folder.setText(str(tmp_path))
        qtbot.mouseClick(dlg2.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg2.result_ is not None, timeout=10000)
        assert dlg2.result_.resent and dlg2.result_.path.read_bytes() == first
        assert "ghi lại đúng như cũ" in quiet["info"][-1]
        again = ExportDialog(window)
        assert "Tệp sẽ mang số thứ tự 2" in again.message.text()
        assert again.folder.text() == str(tmp_path)  # the folder typed last time, not the home folder
    finally:
        window.close()
        cdb.dispose()
