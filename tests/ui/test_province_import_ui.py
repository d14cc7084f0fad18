"""The clerk's import window with the province keys protected by a passphrase (asked once a batch, the
keys unlocked once), and reprinting a receipt, through the real dialogs."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QInputDialog, QLineEdit, QSpinBox

from desktop.app import commune, demo, province
from desktop.app.workspace import init_workspace
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from tests.trust import install_trusted
from tests.ui.test_trust_ui import check, on_next_modal

PHRASE = "mật khẩu của Sở Nội vụ"


@pytest.fixture
def protected_province(qtbot, tmp_path, monkeypatch):
    create_app()
    pp = Paths(tmp_path / "province")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    province.init_province(pdb, pp, passphrase=PHRASE)
    cp = Paths(tmp_path / "commune")
    cp.ensure()
    cdb = open_database(cp.db_file, cp.backup_dir)
    init_workspace(cdb, "09319", "Nguyễn Thị Hoa")
    commune.create_signing_key(cp)
    install_trusted(cp, province.public_key_file(pp))
    demo.fill(cdb, people=10, seed=3)
    province.enrol(pdb, commune.enrol_request(cdb, cp))
    files = [commune.export(cdb, cp, tmp_path / "usb", "2026").path]
    cdb.dispose()
    w = MainWindow(pdb, pp)
    qtbot.addWidget(w)
    w.show()
    said = {"errors": [], "info": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: said["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: said["info"].append(text))
    yield w, pdb, pp, files, said
    w.close()
    pdb.dispose()


def type_passphrase(text: str):
    def handle(box):
        assert isinstance(box, QInputDialog) and box.textEchoMode() == QLineEdit.EchoMode.Password
        box.findChild(QLineEdit).setText(text)
        box.accept()
    return handle


def test_the_passphrase_is_asked_once_for_preview_and_import(protected_province, qtbot):
    from desktop.ui.bundle_ui import open_import_dialog

    w, pdb, pp, files, said = protected_province
    dlg = open_import_dialog(w, files)
    qtbot.addWidget(dlg)
    state = on_next_modal(type_passphrase(PHRASE))
    dlg.preview_button.click()
    check(state)
    qtbot.waitUntil(dlg.import_button.isEnabled, timeout=15000)
    assert dlg.model.rows[0][3] == "Hợp lệ"

    unexpected = on_next_modal(lambda box: box.reject(), timeout=1.0, ignore=(dlg,))  # no second question
    dlg.import_button.click()
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1 and dlg.model.rows[0][3] == "ĐÃ NHẬN", timeout=15000)
    assert unexpected["seen"] is None
    assert province.stats(pdb)["09319"]["last_sequence"] == 1
    receipts = list((pp.data_dir / "bien-nhan").glob("*.json"))
    assert len(receipts) == 1 and json.loads(receipts[0].read_bytes())["sequence"] == 1
    assert said["errors"] == []


def test_a_wrong_passphrase_is_said_and_asked_again(protected_province, qtbot):
    from desktop.ui.bundle_ui import open_import_dialog

    w, pdb, pp, files, said = protected_province
    dlg = open_import_dialog(w, files)
    qtbot.addWidget(dlg)
    state = on_next_modal(type_passphrase("sai mật khẩu rồi"))
    dlg.preview_button.click()
    check(state)
    qtbot.waitUntil(lambda: bool(said["errors"]), timeout=15000)
    assert "Mật khẩu" in said["errors"][-1] and not dlg.import_button.isEnabled()
    state = on_next_modal(type_passphrase(PHRASE))  # asked again, not remembered wrong
    dlg.preview_button.click()
    check(state)
    qtbot.waitUntil(dlg.import_button.isEnabled, timeout=15000)


def test_reprint_a_receipt_from_the_board(protected_province, qtbot, monkeypatch):
    w, pdb, pp, files, said = protected_province
    monkeypatch.setenv("DESKTOP_PASSPHRASE", PHRASE)  # the import itself headless-style
    r = province.import_file(pdb, pp, files[0].read_bytes(), files[0].name)
    assert r.status == "accepted"
    monkeypatch.delenv("DESKTOP_PASSPHRASE")  # the window asks for it
    previews = []
    monkeypatch.setattr(w.reports_ext, "run", lambda work, name: previews.append((name, work(None, lambda: False))))
    page = w.extra_pages["province"]
    page.refresh()
    page.view.selectRow(next(i for i, row in enumerate(page.model.rows) if row[0] == "09319"))

    asked = {}

    def accept_number(box):
        assert isinstance(box, QInputDialog) and box.findChild(QSpinBox).value() == 1
        asked["phrase"] = on_next_modal(type_passphrase(PHRASE), ignore=(box,))  # then the key's passphrase
        box.accept()

    state = on_next_modal(accept_number)
    page.receipt_button.click()
    check(state)
    check(asked["phrase"])
    again = pp.data_dir / "bien-nhan" / "BienNhan_09319_so0001.json"
    doc = json.loads(again.read_bytes())
    assert (doc["type"], doc["sequence"], doc["file_sha256"]) == ("tdkt-receipt", 1, r.file_sha256)
    assert previews and previews[0][0] == "bien-nhan-09319-so0001.pdf" and previews[0][1][1][:4] == b"%PDF"
    # the commune accepts the reprinted receipt as the province's
    assert said["errors"] == []


def test_a_resume_point_made_in_the_window_asks_for_the_passphrase(protected_province, qtbot, tmp_path):
    from desktop.ui.intake import save_resume

    w, pdb, pp, files, said = protected_province
    state = on_next_modal(type_passphrase(PHRASE))
    target = save_resume(w, "09319", tmp_path / "diem-noi-tiep.json")
    check(state)
    assert said["errors"] == [] and json.loads(target.read_bytes())["type"] == "tdkt-resume"
    state = on_next_modal(lambda box: box.reject())  # cancelled: nothing made, nothing said
    assert save_resume(w, "09319", tmp_path / "khac.json") is None
    check(state)
    assert not (tmp_path / "khac.json").exists() and said["errors"] == []


def test_the_province_window_has_no_commune_documents_menu(protected_province):
    w = protected_province[0]
    titles = [a.text().replace("&", "") for a in w.menuBar().actions()]
    assert "Văn bản" not in titles and "Tiếp nhận" in titles
    assert w.reports_ext is not None  # the province's own pages still print through the preview
