"""The officer's phone and e-mail in the window: typed at first run and changed in Tệp → Cài đặt,
refused there with the province's own rule (nothing stored), then sent with the enrolment request."""

from __future__ import annotations

import json

from desktop.app import commune
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.first_run import FirstRunDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_dialog import SettingsDialog


def test_first_run_takes_the_officers_contact(qtbot, db, monkeypatch):
    create_app()
    monkeypatch.setattr(prompts, "error", lambda *a: None)
    dlg = FirstRunDialog(db)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.choose_unit("09319")
    dlg.officer.setText("Nguyễn Thị Hoa")
    dlg.council_rows[0].name.setText("Lê Văn Minh")
    qtbot.keyClicks(dlg.officer_phone, "0912abc678")
    assert not dlg.finish()
    assert "Số điện thoại" in dlg.error_label.text() and db.workspace() is None  # nothing half-written
    dlg.officer_phone.setText(" 0912  345 678 ")
    qtbot.keyClicks(dlg.officer_email, "thidua@tiendu.bacninh.gov.vn")
    assert dlg.finish()
    ws = db.workspace()
    assert (ws.officer_phone, ws.officer_email) == ("0912 345 678", "thidua@tiendu.bacninh.gov.vn")


def test_settings_change_the_contact_and_the_request_carries_it(qtbot, workspace, paths, monkeypatch):
    create_app()
    monkeypatch.setattr(prompts, "inform", lambda *a: None)
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    dlg = SettingsDialog(w)
    qtbot.addWidget(dlg)
    assert dlg.phone is not None and dlg.phone.text() == ""
    dlg.phone.setText("0222.3854.123")
    dlg.email.setText("hoa @tiendu.vn")
    dlg.accept()
    assert "Địa chỉ thư điện tử" in dlg.contact_error.text()
    assert workspace.workspace().officer_phone == ""  # refused as a whole
    dlg.email.setText("hoa@tiendu.bacninh.gov.vn")
    dlg.accept()
    ws = workspace.workspace()
    assert (ws.officer_phone, ws.officer_email) == ("0222.3854.123", "hoa@tiendu.bacninh.gov.vn")
    commune.create_signing_key(paths)
    request = json.loads(commune.enrol_request(workspace, paths))
    assert request["contact"] == {"name": "Nguyễn Thị Hoa", "phone": "0222.3854.123",
                                  "email": "hoa@tiendu.bacninh.gov.vn"}


def test_settings_without_a_commune_show_no_contact(qtbot):
    create_app()
    dlg = SettingsDialog()
    qtbot.addWidget(dlg)
    assert dlg.phone is None
