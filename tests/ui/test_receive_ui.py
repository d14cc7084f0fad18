"""Gửi dữ liệu → Nhận tệp từ Sở Nội vụ… at the commune and Tiếp nhận → Gửi kết quả về xã… at the
province, through the window: the province's answer reaches the review's list of proposals."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from tests.bundle.test_results import ACCEPTED_TEXT


@pytest.fixture
def said(monkeypatch):
    out = {"info": [], "errors": []}
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: out["info"].append(text))
    monkeypatch.setattr(prompts, "error", lambda p, t, text: out["errors"].append(text))
    return out


def _window(qtbot, db, paths):
    create_app()
    w = MainWindow(db, paths)
    qtbot.addWidget(w)
    w.show()
    return w


def _trigger(w, menu_text: str, action_text: str) -> None:
    menu = next(a.menu() for a in w.menuBar().actions() if a.text().replace("&", "") == menu_text)
    next(a for a in menu.actions() if a.text() == action_text).trigger()


def _choose(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_province_sends_results_and_the_commune_sees_them(qtbot, pair, tmp_path, said, monkeypatch):
    from desktop.ui.intake import SendResultsDialog

    pair.outcome(pair.rows[0])
    pair.outcome(pair.rows[1], "returned", number="", date=None, reason="Chưa đủ hồ sơ")
    pw = _window(qtbot, pair.pdb, pair.ppaths)
    _trigger(pw, "Tiếp nhận", "Gửi kết quả về xã…")
    dlg = pw.findChildren(SendResultsDialog)[-1]
    dlg.commune.setCurrentIndex(dlg.commune.findData("09319"))
    dlg.year.setValue(2026)
    dlg.folder.setText(str(tmp_path / "usb"))
    dlg.ok.click()
    assert said["errors"] == []
    (file,) = (tmp_path / "usb").iterdir()
    assert dlg.written == file and "2 trường hợp" in said["info"][-1]

    cw = _window(qtbot, pair.cdb, pair.cpaths)
    _choose(monkeypatch, file)
    _trigger(cw, "Gửi dữ liệu", "Nhận tệp từ Sở Nội vụ…")
    assert said["errors"] == [], said["errors"]
    assert "1 trường hợp được khen thưởng, 1 trường hợp trả lại" in said["info"][-1]

    keys = [cw.nav.item(i).data(256) for i in range(cw.nav.count())]
    cw.nav.setCurrentRow(keys.index("review"))
    page = cw.review_page
    page.year.setValue(2026)
    qtbot.waitUntil(lambda: not page.busy and page.result is not None and page.result.year == 2026, timeout=10000)
    qtbot.waitUntil(lambda: len(page.dec_model.items) == 2, timeout=10000)
    row = next(i for i, d in enumerate(page.dec_model.items) if d.kind == "proposal")
    assert page.dec_model.index(row, len(page.dec_model.columns) - 1).data() == "1 được tặng, 1 trả lại"
    page.dec_view.selectRow(row)
    text = page.outcomes.toPlainText()
    assert ACCEPTED_TEXT in text and "Trả lại: Chưa đủ hồ sơ" in text

    _trigger(cw, "Gửi dữ liệu", "Nhận tệp từ Sở Nội vụ…")  # the same file again: nothing changes
    assert "đã nhận trước đó" in said["info"][-1]


def test_a_refused_file_says_why_in_the_window(qtbot, pair, tmp_path, said, monkeypatch):
    from tests.bundle.kit import STATEMENT_CASES

    bad = tmp_path / "KetQua_sai.json"
    bad.write_bytes(STATEMENT_CASES["results_tampered"][2](pair))
    cw = _window(qtbot, pair.cdb, pair.cpaths)
    _choose(monkeypatch, bad)
    cw.extra_pages["send"].receipt_button.click()
    assert said["info"] == []
    assert "đã bị sửa sau khi ký" in said["errors"][-1]
