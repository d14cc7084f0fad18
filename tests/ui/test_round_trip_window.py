"""The round trip through the windows, as a commune officer and a provincial clerk meet it: the commune
records its council meeting and its vote (a show of hands on the list) on the meeting tab, makes its
proposal (tờ trình) on the decision tab, writes its key request and exports its data file through the
export dialog; the province enrols the key after the fingerprint check, imports the file through the
import dialog, accepts the row on "Xét đề nghị" through its dialog, prints its decision and writes the
results through "Gửi kết quả về xã…"; the commune receives them through "Nhận tệp từ Sở Nội vụ…", its
decisions tab (loaded before the file came) shows "Đã được tặng …" and its issued documents page lists
the minutes and the proposal. Buttons, menus and dialogs are the real ones; only the system's file
dialogs and message boxes are answered by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from desktop.app import province
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from tests.province.test_round_trip import Commune
from tests.ui.test_trust_ui import check, on_next_modal

YEAR = 2026
CODE = "09319"
ACCEPTED = "Đã được tặng Bằng khen của Chủ tịch UBND tỉnh, QĐ số 12/QĐ-UBND ngày 28/11/2026"


@pytest.fixture
def said(monkeypatch):
    out: dict[str, list] = {"info": [], "errors": [], "asked": []}
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: out["info"].append(text))
    monkeypatch.setattr(prompts, "error", lambda p, t, text: out["errors"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: out["asked"].append(text) or True)
    return out


class Files:
    """The system's file dialogs, answered with the path the test puts in ``next``."""

    def __init__(self, monkeypatch):
        self.next: Path | list[Path] | None = None
        self.titles: list[str] = []
        for name in ("getOpenFileName", "getSaveFileName"):
            monkeypatch.setattr(QFileDialog, name, staticmethod(self._one))
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(self._many))

    def _take(self, title):
        self.titles.append(title)
        chosen, self.next = self.next, None
        assert chosen is not None, f"file dialog {title!r} not expected"
        return chosen

    def _one(self, _parent, title, *_a, **_k):
        return str(self._take(title)), ""

    def _many(self, _parent, title, *_a, **_k):
        return [str(p) for p in self._take(title)], ""


def _window(qtbot, db, paths) -> MainWindow:
    w = MainWindow(db, paths)
    qtbot.addWidget(w)
    w.resize(1366, 728)
    w.show()
    return w


def _go(w, key: str):
    keys = [w.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.nav.count())]
    w.nav.setCurrentRow(keys.index(key))
    page = w.stack.currentWidget()
    assert page is w.extra_pages[key]
    return page


def _trigger(w, menu_text: str, action_text: str) -> None:
    menu = next(a.menu() for a in w.menuBar().actions() if a.text().replace("&", "") == menu_text)
    next(a for a in menu.actions() if a.text() == action_text).trigger()


def _click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _date(edit, text: str) -> None:
    edit.setDate(QDate.fromString(text, "dd/MM/yyyy"))


def _review_idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.busy and page.result is not None and page.result.year == YEAR, timeout=15000)


def _commune_reviews_and_sends(qtbot, cw, said, files: Files, usb: Path) -> Path:
    page = _go(cw, "review")
    page.year.setValue(YEAR)
    _review_idle(qtbot, page)
    # the meeting tab: the council of five, all present; the meeting recorded, then its vote
    page.tabs.setCurrentIndex(1)
    assert page.att_model.rowCount() == 5
    _date(page.meeting_date, "15/11/2026")
    page.meeting_place.setText("Hội trường Ủy ban nhân dân xã Tiên Du")
    _click(qtbot, page.save_meeting_button)
    assert said["errors"] == [] and page.current_meeting() is not None
    # the Bằng khen is voted by show of hands: the council's one vote on the whole list
    _click(qtbot, page.vote_list_button)
    votes = page.vote_list_dialog
    assert votes.isVisible() and votes.title.currentData() == "BK_TINH" and votes.yes.value() == 5
    _click(qtbot, votes.ok_button)
    qtbot.waitUntil(lambda: not votes.isVisible(), timeout=15000)
    assert said["errors"] == [] and "đã ghi kết quả biểu quyết cho 1 trường hợp" in page.ballot_info.text()
    # the decision tab: the proposal to the province, the confirmation answered
    page.tabs.setCurrentIndex(2)
    _date(page.signed_on, "20/11/2026")
    page.signer.setText("Chủ Tịch Xã")
    ext = cw.reports_ext
    ext.preview = None
    _click(qtbot, page.proposal_button)
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    assert "Lập tờ trình đề nghị cấp trên năm 2026, ký ngày 20/11/2026" in said["asked"][-1]
    assert "Văn bản gồm 1 trường hợp" in said["asked"][-1]
    assert page.last_decision.kind == "proposal" and page.last_decision.number_text == "01/TTr-UBND"
    ext.preview.close()
    ext.preview = None
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)

    # Gửi dữ liệu: the key request, then the data file through the export dialog
    send = _go(cw, "send")
    request = usb / f"DangKyKhoa_{CODE}.json"
    files.next = request
    _click(qtbot, send.enrol_button)
    assert request.exists() and "gọi điện đọc vân tay" in said["info"][-1]
    from desktop.ui.export_dialog import ExportDialog

    _click(qtbot, send.export_button)
    dlg = cw.findChildren(ExportDialog)[-1]
    assert dlg.isVisible() and "Tệp sẽ mang số thứ tự 1" in dlg.message.text()
    assert dlg.period.currentData() == str(YEAR)
    dlg.to_folder.setChecked(True)
    dlg.folder.setText(str(usb))
    _click(qtbot, dlg.go)
    qtbot.waitUntil(lambda: dlg.result_ is not None, timeout=30000)
    assert said["errors"] == [] and "Mã băm SHA-256" in said["info"][-1]
    (data_file,) = usb.glob("*.tdkt")
    qtbot.waitUntil(lambda: send.model.rowCount() == 1, timeout=10000)
    return data_file


def _province_receives_and_answers(qtbot, pw, said, files: Files, usb: Path, data_file: Path,
                                   tmp_path: Path) -> Path:
    from desktop.ui.intake import ImportDialog, SendResultsDialog

    board = _go(pw, "province")
    # the key, after the fingerprint read out by phone
    files.next = usb / f"DangKyKhoa_{CODE}.json"
    seen = {}

    def matches(dlg):
        seen["unit"], seen["fingerprint"] = dlg.unit_label.text(), dlg.fingerprint_label.text()
        dlg.yes_button.click()

    state = on_next_modal(matches)
    _click(qtbot, board.enrol_button)
    check(state)
    assert seen["unit"] == "Xã Tiên Du" and "Đã đăng ký khóa cho Xã Tiên Du" in said["info"][-1]
    # the data file: previewed, then imported
    files.next = [data_file]
    _click(qtbot, board.import_button)
    imp = pw.findChildren(ImportDialog)[-1]
    assert imp.isVisible()
    _click(qtbot, imp.preview_button)
    qtbot.waitUntil(lambda: imp.import_button.isEnabled(), timeout=30000)
    assert imp.model.rows[0][3] == "Hợp lệ"
    _click(qtbot, imp.import_button)
    qtbot.waitUntil(lambda: not imp.running() and imp.model.rows[0][3] == "ĐÃ NHẬN", timeout=30000)
    imp.close()

    # Xét đề nghị: the row accepted through its dialog, the decision printed
    page = _go(pw, "outcomes")
    page.year.setValue(YEAR)
    qtbot.waitUntil(lambda: not page.busy() and page.model.rowCount() == 1, timeout=15000)
    row = page.model.item(0)
    assert (row.commune_code, row.subject_name, row.proposal_number) == (CODE, f"Người Được Đề Nghị {CODE}",
                                                                         "01/TTr-UBND")
    assert "1 dòng chưa xét" in page.summary.text()
    table = page.table  # the nine columns fit the 1366-pixel window, long texts on two lines
    assert sum(table.columnWidth(c) for c in range(page.model.columnCount())) <= table.viewport().width()
    page.table.selectRow(0)
    _click(qtbot, page.accept_button)
    dlg = page.dialog
    dlg.number.setText("12/QĐ-UBND")
    _date(dlg.date, "28/11/2026")
    _click(qtbot, dlg.ok_button)
    qtbot.waitUntil(lambda: "duyệt 1" in (said["info"] or [""])[-1], timeout=15000)
    qtbot.waitUntil(lambda: not page.busy() and page.model.item(0).status == "accepted", timeout=15000)
    assert page.model.data(page.model.index(0, 4)) == "Đã duyệt"
    pdf = tmp_path / "qd-tinh.pdf"
    files.next = pdf
    _click(qtbot, page.print_button)
    qtbot.waitUntil(lambda: page.dialog is not dlg and page.dialog.isVisible(), timeout=15000)
    printing = page.dialog
    assert printing.number.currentText() == "12/QĐ-UBND"
    printing.signer.setText("Phó Chủ Tịch Tỉnh")
    _click(qtbot, printing.ok_button)
    qtbot.waitUntil(lambda: "Đã ghi ra tệp" in said["info"][-1], timeout=30000)
    assert pdf.read_bytes().startswith(b"%PDF") and "1 đối tượng" in said["info"][-1]

    # Tiếp nhận → Gửi kết quả về xã…
    out = tmp_path / "ket-qua"
    out.mkdir()
    _trigger(pw, "Tiếp nhận", "Gửi kết quả về xã…")
    send = pw.findChildren(SendResultsDialog)[-1]
    send.commune.setCurrentIndex(send.commune.findData(CODE))
    assert send.year.value() == YEAR
    send.folder.setText(str(out))
    _click(qtbot, send.ok)
    assert said["errors"] == [] and "1 trường hợp" in said["info"][-1]
    (results,) = out.iterdir()
    assert send.written == results
    return results


def test_the_round_trip_through_the_windows(qtbot, tmp_path, said, monkeypatch):
    create_app()
    files = Files(monkeypatch)
    usb = tmp_path / "usb"
    usb.mkdir()
    ppaths = Paths(tmp_path / "province")
    ppaths.ensure()
    pdb = open_database(ppaths.db_file, ppaths.backup_dir)
    province.init_province(pdb, ppaths)
    c = Commune(tmp_path, CODE, province.public_key_file(ppaths))
    cdb = open_database(c.paths.db_file, c.paths.backup_dir)
    try:
        cw = _window(qtbot, cdb, c.paths)
        data_file = _commune_reviews_and_sends(qtbot, cw, said, files, usb)
        pw = _window(qtbot, pdb, ppaths)
        results = _province_receives_and_answers(qtbot, pw, said, files, usb, data_file, tmp_path)
        pw.close()

        # back at the commune: Gửi dữ liệu → Nhận tệp từ Sở Nội vụ…
        files.next = results
        _trigger(cw, "Gửi dữ liệu", "Nhận tệp từ Sở Nội vụ…")
        assert said["errors"] == [] and "1 trường hợp được khen thưởng" in said["info"][-1]
        # the review page was loaded before the file came: it follows the change, no "Xét lại" needed
        page = _go(cw, "review")
        _review_idle(qtbot, page)
        page.tabs.setCurrentIndex(2)
        row = next(i for i, d in enumerate(page.dec_model.items) if d.kind == "proposal")
        page.dec_view.selectRow(row)
        assert ACCEPTED in page.outcomes.toPlainText()
        assert f"Người Được Đề Nghị {CODE}" in page.outcomes.toPlainText()

        # Văn bản đã ban hành: the minutes and the proposal
        issued = _go(cw, "issued")
        issued.year.setValue(YEAR)
        qtbot.waitUntil(lambda: not issued.busy and len(issued.model.items) == 2, timeout=15000)
        assert {(d.kind, d.number_text) for d in issued.model.items} == {("minutes", "01/BB-HĐTĐKT"),
                                                                          ("proposal", "01/TTr-UBND")}
        assert said["errors"] == []
        cw.close()
    finally:
        cdb.dispose()
        pdb.dispose()
