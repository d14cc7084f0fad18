"""Trust in the windows, through the real dialogs: the enrolment dialog with a hostile officer field,
replacing a key in use as a step of its own (No by default), revoking from a commune's key history,
and installing the province key only with the fingerprint read by phone."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMessageBox

from desktop.app import commune, province
from desktop.app.workspace import init_workspace
from desktop.bundle.keys import SigningKey
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from tests.bundle.kit import enrol_request_for

HOSTILE = ("Nguyễn Văn A\n\nĐơn vị: Phường Kinh Bắc (mã 09187)\nVân tay khóa: 1111-2222-3333-4444-5555-6666\u202e"
           "\u200b<b>giả</b>\x1b[2J" + "x" * 300)


def on_next_modal(handle, timeout: float = 5.0, ignore=()) -> dict:
    """Call ``handle(widget)`` from inside the event loop of the next modal dialog that opens (so a test
    can look at the real dialog and press its buttons); an error in ``handle`` closes the dialog and is
    kept in the returned dict for the test to raise."""
    state: dict = {"seen": None, "error": None}
    deadline = time.monotonic() + timeout

    def poll():
        w = QApplication.activeModalWidget()
        if w is not None and w not in ignore:
            state["seen"] = w
            try:
                handle(w)
            except BaseException as exc:  # noqa: BLE001 - handed back to the test
                state["error"] = exc
                w.close()
                return
            QTimer.singleShot(2000, lambda: still_open(w))
            return
        if time.monotonic() < deadline:
            QTimer.singleShot(20, poll)

    def still_open(w):  # the handler left the dialog open: fail instead of hanging the suite
        try:
            visible = w.isVisible()
        except RuntimeError:  # closed and deleted, as it should be
            return
        if visible and state["error"] is None:
            state["error"] = AssertionError(f"dialog {w.windowTitle()!r} still open after the handler")
            w.close()

    QTimer.singleShot(0, poll)
    return state


def check(state: dict) -> None:
    assert state["seen"] is not None, "no modal dialog opened"
    if state["error"] is not None:
        raise state["error"]


@pytest.fixture
def province_window(qtbot, tmp_path):
    create_app()
    paths = Paths(tmp_path / "province")
    paths.ensure()
    db = open_database(paths.db_file, paths.backup_dir)
    province.init_province(db, paths)
    w = MainWindow(db, paths)
    qtbot.addWidget(w)
    w.show()
    yield w, db, paths
    w.close()
    db.dispose()


def menu_action(window, text: str):
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu action {text!r}")


def key_status(db, key: SigningKey, code: str) -> str:
    return next(e.status for e in province.key_history(db, code) if e.key_id == key.key_id)


def test_enrolment_dialog_with_a_hostile_officer_field(province_window, tmp_path, monkeypatch):
    from desktop.ui.bundle_ui import EnrolDialog

    window, db, paths = province_window
    key = SigningKey.generate()
    request = tmp_path / "req.json"
    request.write_bytes(enrol_request_for("09319", key, officer=HOSTILE))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(request), ""))
    monkeypatch.setattr(prompts, "inform", lambda *a: None)
    action = menu_action(window, "Đăng ký khóa của xã…")

    def look_and_refuse(dlg):
        assert isinstance(dlg, EnrolDialog)
        assert dlg.unit_label.text() == "Xã Tiên Du" and dlg.code_label.text() == "09319"
        officer = dlg.officer_label.text()
        assert "\n" not in officer and "\u202e" not in officer and "\u200b" not in officer and "\x1b" not in officer
        assert len(officer) <= 61 and officer.startswith("Nguyễn Văn A")
        for label in (dlg.unit_label, dlg.officer_label, dlg.fingerprint_label):
            assert label.textFormat().name == "PlainText"  # no rich text from the request
        assert dlg.fingerprint_label.text() == key.fingerprint
        assert not dlg.warning.isVisible()
        assert dlg.no_button.isDefault() and not dlg.yes_button.isDefault()
        # what was seen: Enter registered. Enter now answers "Không đăng ký"
        QTest.keyClick(dlg, Qt.Key.Key_Return)

    state = on_next_modal(look_and_refuse)
    action.trigger()
    check(state)
    assert province.key_history(db, "09319") == []  # "Không đăng ký": nothing registered

    state = on_next_modal(lambda dlg: dlg.yes_button.click())
    action.trigger()
    check(state)
    assert key_status(db, key, "09319") == "active"


def test_replacing_a_key_in_use_is_its_own_step_with_no_by_default(province_window, tmp_path, monkeypatch):
    window, db, paths = province_window
    first, second = SigningKey.generate(), SigningKey.generate()
    province.enrol(db, enrol_request_for("09187", first))
    request = tmp_path / "req.json"
    request.write_bytes(enrol_request_for("09187", second, officer="Trần Văn B"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(request), ""))
    informed = []
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: informed.append(text))
    action = menu_action(window, "Đăng ký khóa của xã…")

    def second_step(answer: str):
        def handle(box):
            assert isinstance(box, QMessageBox)
            assert first.fingerprint in box.text() and "THU HỒI" in box.text()
            assert box.defaultButton().text() == "Không"
            next(b for b in box.buttons() if b.text() == answer).click()
        return handle

    def fingerprint_step(then: str):
        def handle(dlg):
            assert dlg.warning.isVisible() and first.fingerprint in dlg.warning.text()
            assert dlg.no_button.isDefault()
            state["next"] = on_next_modal(second_step(then))
            dlg.yes_button.click()
        return handle

    state: dict = {}
    outer = on_next_modal(fingerprint_step("Không"))
    action.trigger()
    check(outer)
    check(state["next"])
    assert key_status(db, first, "09187") == "active"  # refused at the second step: nothing changed

    outer = on_next_modal(fingerprint_step("Thu hồi khóa cũ và đăng ký"))
    action.trigger()
    check(outer)
    check(state["next"])
    assert key_status(db, first, "09187") == "revoked" and key_status(db, second, "09187") == "active"
    saved = list((paths.data_dir / "diem-noi-tiep").glob("*.json"))
    assert len(saved) == 1 and json.loads(saved[0].read_text("utf-8"))["key_id"] == second.key_id
    assert str(saved[0]) in informed[-1]


def test_revoke_from_the_key_history_of_the_selected_commune(province_window, qtbot, monkeypatch):
    window, db, paths = province_window
    key = SigningKey.generate()
    province.enrol(db, enrol_request_for("09319", key))
    page = window.extra_pages["province"]
    page.refresh()
    row = next(i for i, r in enumerate(page.model.rows) if r[0] == "09319")
    page.view.selectRow(row)
    page.keys_button.click()
    dlg = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "KeyHistoryDialog" and w.isVisible())
    qtbot.addWidget(dlg)
    assert dlg.model.rows[0][0] == key.fingerprint and dlg.revoke_button.isEnabled()
    monkeypatch.setattr(prompts, "ask", lambda *a, **k: True)

    def give_reason(box):
        assert isinstance(box, QInputDialog)
        box.findChild(QLineEdit).setText("Máy của xã bị mất trộm")
        box.accept()

    state = on_next_modal(give_reason)
    dlg.revoke_button.click()
    check(state)
    assert key_status(db, key, "09319") == "revoked"
    assert dlg.model.rows[0][5] == "Máy của xã bị mất trộm" and not dlg.revoke_button.isEnabled()
    dlg.close()


@pytest.fixture
def commune_window(qtbot, tmp_path):
    create_app()
    pp = Paths(tmp_path / "province")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    province.init_province(pdb, pp)
    pdb.dispose()
    key_file = tmp_path / "KhoaSo.json"
    key_file.write_bytes(province.public_key_file(pp))
    cp = Paths(tmp_path / "commune")
    cp.ensure()
    cdb = open_database(cp.db_file, cp.backup_dir)
    init_workspace(cdb, "09319", "Nguyễn Thị Hoa")
    commune.create_signing_key(cp)
    w = MainWindow(cdb, cp)
    qtbot.addWidget(w)
    w.show()
    yield w, cp, key_file
    w.close()
    cdb.dispose()


def test_the_province_key_is_installed_only_with_the_fingerprint_typed(commune_window, monkeypatch):
    from desktop.ui.bundle_ui import FingerprintDialog

    window, cp, key_file = commune_window
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(key_file), ""))
    errors, informed = [], []
    monkeypatch.setattr(prompts, "error", lambda p, t, text: errors.append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: informed.append(text))
    action = menu_action(window, "Cài khóa của Sở…")
    real = json.loads(key_file.read_text("utf-8"))["fingerprint"]

    def type_(text: str):
        def handle(dlg):
            assert isinstance(dlg, FingerprintDialog)
            from PySide6.QtWidgets import QLabel

            # typed from what is heard, not copied from the screen
            assert all(real not in label.text() for label in dlg.findChildren(QLabel)) and not dlg.field.text()
            dlg.field.setText(text)
            dlg.ok_button.click()
        return handle

    state = on_next_modal(type_("1111-2222-3333-4444-5555-6666"))
    action.trigger()
    check(state)
    assert "không khớp" in errors[-1]
    assert not (cp.data_dir / "keys" / commune.PROVINCE_KEY_FILE).exists()

    state = on_next_modal(lambda dlg: dlg.reject())  # cancelled: nothing installed, no error
    action.trigger()
    check(state)
    assert len(errors) == 1 and not (cp.data_dir / "keys" / commune.PROVINCE_KEY_FILE).exists()

    state = on_next_modal(type_(real.lower().replace("-", " ")))
    action.trigger()
    check(state)
    assert commune.province_key(cp).fingerprint == real
    assert real in informed[-1]
    assert window.extra_pages["send"].export_button.isEnabled()
