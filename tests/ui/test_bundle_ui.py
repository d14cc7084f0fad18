"""The data file exchange through the windows: the commune exports, the province enrols the key after
the fingerprint check, previews and imports; the board shows who has sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.app import commune, demo, province
from desktop.app.workspace import init_workspace
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from tests.trust import install_trusted


@pytest.fixture
def quiet(monkeypatch):
    said = {"info": [], "errors": [], "asked": []}
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: said["info"].append(text))
    monkeypatch.setattr(prompts, "error", lambda p, t, text: said["errors"].append(text))

    def ask(parent, title, text, **kw):
        said["asked"].append(text)
        return True

    monkeypatch.setattr(prompts, "ask", ask)
    return said


def test_export_enrol_import_through_the_windows(qtbot, tmp_path, quiet):
    create_app()
    # province workspace
    ppaths = Paths(tmp_path / "province")
    ppaths.ensure()
    pdb = open_database(ppaths.db_file, ppaths.backup_dir)
    province.init_province(pdb, ppaths)
    key_file = tmp_path / "province.json"
    key_file.write_bytes(province.public_key_file(ppaths))
    # commune workspace with the province key installed
    cpaths = Paths(tmp_path / "commune")
    cpaths.ensure()
    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    init_workspace(cdb, "09319", "Nguyễn Thị Hoa")
    commune.create_signing_key(cpaths)
    demo.fill(cdb, people=60, seed=4)

    cw = MainWindow(cdb, cpaths)
    qtbot.addWidget(cw)
    cw.show()
    assert "send" in cw.extra_pages
    page = cw.extra_pages["send"]
    page.refresh()
    assert not page.export_button.isEnabled()  # no province key yet
    assert "Chưa cài khóa" in page.key_info.text()
    install_trusted(cpaths, key_file.read_bytes())
    page.refresh()
    assert page.export_button.isEnabled()

    from desktop.ui.bundle_ui import ExportDialog, enrol_commune, open_import_dialog

    out = tmp_path / "usb"
    out.mkdir()
    dlg = ExportDialog(cw)
    qtbot.addWidget(dlg)
    counts = {dlg.counts_model.rows[i][0]: dlg.counts_model.rows[i][1] for i in range(dlg.counts_model.rowCount())}
    assert counts["Cá nhân"] == 60
    dlg.to_folder.setChecked(True)
    dlg.folder.setText(str(out))
    dlg.start()
    qtbot.waitUntil(lambda: dlg.result_ is not None, timeout=10000)
    files = list(out.glob("*.tdkt"))
    assert len(files) == 1 and files[0].name.startswith("ThiDua_09319_")
    assert "Mã băm SHA-256" in quiet["info"][-1]
    page.refresh()
    assert page.model.rowCount() == 1 and page.model.rows[0][0] == 1

    # province: enrol the commune's key after the fingerprint check, then preview and import
    request = tmp_path / "req.json"
    request.write_bytes(commune.enrol_request(cdb, cpaths))
    pw = MainWindow(pdb, ppaths)
    qtbot.addWidget(pw)
    pw.show()
    assert pw.is_province and "province" in pw.extra_pages
    assert pw.nav.item(1).isHidden()  # commune record pages are not shown at the province
    fp = commune.signing_key_info(cpaths)["fingerprint"]
    seen = []
    assert enrol_commune(pw, request, confirm=lambda _w, preview: seen.append(preview) or True)
    assert seen[0].fingerprint == fp and seen[0].unit_name == "Xã Tiên Du" and not seen[0].replaces
    board = pw.extra_pages["province"]
    board.refresh()
    assert "0/99" in board.summary.text()

    imp = open_import_dialog(pw, files)
    qtbot.addWidget(imp)
    imp.run(dry_run=True)
    qtbot.waitUntil(lambda: imp.import_button.isEnabled(), timeout=10000)
    assert imp.model.rows[0][3] == "Hợp lệ"
    assert province.stats(pdb).get("09319", {}).get("last_sequence", 0) == 0  # nothing written by the preview
    imp.run(dry_run=False)
    qtbot.waitUntil(lambda: imp.model.rowCount() == 1 and imp.model.rows[0][3] == "ĐÃ NHẬN", timeout=10000)
    board.refresh()
    assert "1/99" in board.summary.text()
    row = next(r for r in board.model.rows if r[0] == "09319")
    assert row[3] == "Số 1"
    receipts = list((ppaths.data_dir / "bien-nhan").glob("*.json"))
    assert len(receipts) == 1

    # the same file again: said so, nothing changes
    imp2 = open_import_dialog(pw, files)
    qtbot.addWidget(imp2)
    imp2.run(dry_run=True)
    qtbot.waitUntil(lambda: not imp2.running(), timeout=10000)
    assert imp2.model.rowCount() == 1 and imp2.model.rows[0][3] == "Đã nhập trước đó"
    assert not imp2.import_button.isEnabled()

    # the commune imports the receipt
    assert "đã chấp nhận" in commune.import_statement(cdb, cpaths, receipts[0].read_bytes())
    page.refresh()
    assert page.model.rows[0][6].startswith("Đã nhận")
    cw.close()
    pw.close()
    cdb.dispose()
    pdb.dispose()


def test_first_run_as_province(qtbot, paths, quiet):
    from desktop.ui.first_run import FirstRunDialog

    create_app()
    db = open_database(paths.db_file, paths.backup_dir)
    try:
        dlg = FirstRunDialog(db, paths)
        qtbot.addWidget(dlg)
        dlg.mode_province.setChecked(True)
        assert not dlg.commune_boxes[0].isVisibleTo(dlg)
        assert dlg.finish()
        ws = db.workspace()
        assert ws.kind == "province" and ws.unit_code == "24"
        assert Path(paths.data_dir / "keys" / "province-key.json").exists()
    finally:
        db.dispose()


def test_first_run_commune_with_passphrase_and_province_key(qtbot, tmp_path, quiet):
    from desktop.bundle.keys import SigningKey
    from desktop.ui.first_run import FirstRunDialog

    create_app()
    pp = Paths(tmp_path / "p")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    province.init_province(pdb, pp)
    pdb.dispose()
    key_file = tmp_path / "province.json"
    key_file.write_bytes(province.public_key_file(pp))

    cp = Paths(tmp_path / "c")
    cp.ensure()
    db = open_database(cp.db_file, cp.backup_dir)
    try:
        dlg = FirstRunDialog(db, cp)
        qtbot.addWidget(dlg)
        assert dlg.choose_unit("09319")
        dlg.officer.setText("Nguyễn Thị Hoa")
        dlg.passphrase.setText("mật khẩu dài 123")
        dlg.passphrase2.setText("khác")
        assert not dlg.finish()
        assert "không giống nhau" in dlg.error_label.text()
        dlg.passphrase2.setText("mật khẩu dài 123")
        assert dlg.set_province_key(key_file)
        assert dlg.province_fingerprint.isEnabled()  # nothing pinned: the fingerprint read by phone
        dlg.province_fingerprint.setText("0000-0000-0000-0000-0000-0000")
        assert not dlg.finish()
        assert "không khớp" in dlg.error_label.text()
        assert not commune.has_signing_key(cp)  # nothing created on a wrong fingerprint
        dlg.province_fingerprint.setText(json.loads(key_file.read_text("utf-8"))["fingerprint"].replace("-", " "))
        assert dlg.finish()
        assert commune.signing_key_info(cp)["protection"] == "passphrase"
        SigningKey.load(cp.data_dir / "keys", commune.SIGNING_NAME, "mật khẩu dài 123")
        with pytest.raises(Exception):
            SigningKey.load(cp.data_dir / "keys", commune.SIGNING_NAME, "sai")
        assert commune.province_key(cp).name == "Sở Nội vụ tỉnh Bắc Ninh"
    finally:
        db.dispose()


def test_rotate_key_from_the_window(qtbot, tmp_path, quiet):
    from desktop.bundle.keys import SigningKey
    from desktop.ui.bundle_ui import rotate_signing_key

    create_app()
    pp = Paths(tmp_path / "p")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    province.init_province(pdb, pp)
    cp = Paths(tmp_path / "c")
    cp.ensure()
    cdb = open_database(cp.db_file, cp.backup_dir)
    try:
        init_workspace(cdb, "09319", "Nguyễn Thị Hoa")
        commune.create_signing_key(cp)
        province.enrol(pdb, commune.enrol_request(cdb, cp))
        old_fp = commune.signing_key_info(cp)["fingerprint"]
        w = MainWindow(cdb, cp)
        qtbot.addWidget(w)
        target = rotate_signing_key(w)
        assert target is not None and target.exists()
        new_fp = commune.signing_key_info(cp)["fingerprint"]
        assert new_fp != old_fp and new_fp in quiet["info"][-1]
        r = province.enrol(pdb, target.read_bytes(), replace_active=True)
        assert r.action == "rotation" and r.fingerprint == new_fp
        SigningKey.load(cp.data_dir / "keys", commune.SIGNING_NAME)
        w.close()
    finally:
        cdb.dispose()
        pdb.dispose()
