"""Issued documents in the window (offscreen): a decision issued on the review page (after its draft,
which stores nothing) is on the "Văn bản đã ban hành" page, reprinted as frozen, shown in detail,
replaced through the dialog with both rows and their status; the minutes issued from the meeting tab
freeze its votes (the inputs off, a ballot refused); the council's show of hands on a whole list; a
report issued once from the page and its content edited in the database refused in words."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from desktop.app import issuing
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.issued import install
from desktop.ui.issued.dialogs import ChangeDialog, DetailDialog, ReportDialog
from desktop.ui.issued.view import status_text
from desktop.ui.main_window import MainWindow
from tests.ui.test_review_ui import YEAR, _commune, _open_page, _pdf_text, _row, _wait_idle


@pytest.fixture
def state(monkeypatch):
    s = {"errors": [], "asked": [], "info": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: s["info"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: s["asked"].append(text) or True)
    return s


@pytest.fixture
def window(qtbot, workspace, paths):
    _commune(workspace)
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.resize(1366, 728)
    w.show()
    return w


def _preview(qtbot, ext):
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    text = _pdf_text(ext.preview.pdf)
    ext.preview.close()
    ext.preview = None
    return text


def _meeting_with_ballots(qtbot, page, state):
    """A meeting, everyone present (5 members); both Chiến sĩ thi đua cơ sở candidates voted 5/5."""
    page.tabs.setCurrentIndex(1)
    mid = page.save_meeting()
    assert mid and not state["errors"]
    for name in ("Đặng Thị Đào", "Lê Văn Bình"):
        page.ballot_view.selectRow(_row(page.ballot_model, name, "Chiến sĩ thi đua cơ sở"))
        page.yes.setValue(5)
        assert page.record_ballot().passed
    return mid


def _open_issued(qtbot, w):
    page = w.extensions.issued
    keys = [w.nav.item(i).data(256) for i in range(w.nav.count())]
    w.nav.setCurrentRow(keys.index("issued"))
    assert w.stack.currentWidget() is page
    page.year.setValue(YEAR)
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    return page


def _by_number(page, number):
    return next(d for d in page.model.items if d.number_text == number)


def test_decision_draft_issue_reprint_detail_and_replace(qtbot, window, state):
    w = window
    review = _open_page(qtbot, w)
    _meeting_with_ballots(qtbot, review, state)
    review.tabs.setCurrentIndex(2)
    review.signed_on.setDate(review.signed_on.date().fromString("15/12/2026", "dd/MM/yyyy"))
    ext = w.reports_ext

    # issued on the review page: it is on the register's page, with the minutes it cites
    review.make_document("decision")
    assert "Số: 01/QĐ-UBND" in _preview(qtbot, ext)
    _wait_idle(qtbot, review)
    page = _open_issued(qtbot, w)
    assert {d.number_text for d in page.model.items} == {"01/QĐ-UBND", "01/BB-HĐTĐKT"}
    dec = _by_number(page, "01/QĐ-UBND")
    row = page.model.items.index(dec)
    cells = [page.model.index(row, c).data() for c in range(page.model.columnCount())]
    assert cells[2] == "15/12/2026" and cells[3] == "Quyết định" and cells[5] == "Lê Văn Minh"
    assert page.model.index(row, 3).data(3) == "Quyết định khen thưởng"  # tooltips: the whole kind, the signer
    assert page.model.index(row, 5).data(3) == "Chủ tịch Lê Văn Minh"
    assert cells[7] == "11.530.000" and cells[8] == "Còn hiệu lực" and cells[9] == dec.sha256[:16] + "…"
    assert dec.sha256 in page.model.index(row, 9).data(3)  # the whole hash in the tooltip
    # the kind filter
    page.kind.setCurrentIndex(page.kind.findData("minutes"))
    assert [d.number_text for d in page.model.items] == ["01/BB-HĐTĐKT"]
    page.kind.setCurrentIndex(0)

    # reprinted exactly as issued
    assert page.select_id(dec.id)
    page.reprint_button.click()
    text = _preview(qtbot, ext)
    assert "Số: 01/QĐ-UBND" in text and "11.530.000" in text

    # the detail: every field, the whole hash, the rows
    page.detail_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, DetailDialog), timeout=10000)
    detail = page.dialog
    assert detail.fields["sha256"].text() == dec.sha256 and detail.fields["status"].text() == "Còn hiệu lực"
    assert detail.rows.rowCount() == dec.row_count == 10
    table = detail.rows
    names = {table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())}
    assert "Đặng Thị Đào" in names and "2.340.000" in names
    detail.close()

    # replaced through the dialog: the reason is required, the confirmation names the old act
    page.change_button.click()
    dlg = page.dialog
    assert isinstance(dlg, ChangeDialog) and dlg.radios["bai_bo"].isEnabled()
    dlg.radios["thay_the"].setChecked(True)
    asked = len(state["asked"])
    dlg.ok_button.click()
    assert "Hãy ghi lý do" in dlg.message.text() and len(state["asked"]) == asked and dlg.isVisible()
    dlg.reason.setPlainText("Ghi sai chức vụ người ký")
    dlg.ok_button.click()
    assert "thay thế quyết định khen thưởng số 01/QĐ-UBND ngày 15/12/2026" in state["asked"][-1]
    assert "khen thưởng ghi theo quyết định cũ được thu hồi" in state["asked"][-1]
    qtbot.waitUntil(lambda: not dlg.isVisible() and not page.busy and len(page.model.items) == 3, timeout=30000)
    old, new = _by_number(page, "01/QĐ-UBND"), _by_number(page, "02/QĐ-UBND")
    assert not old.in_force and new.in_force and new.replaces_id == old.id
    assert page.model.index(page.model.items.index(old), 8).data() == "Hết hiệu lực: thay thế bởi văn bản 02/QĐ-UBND"
    assert page.model.index(page.model.items.index(new), 8).data() == "Còn hiệu lực"
    assert page.selected().id == new.id
    # an act no longer in force is not changed again
    page.select_id(old.id)
    assert not page.change_button.isEnabled()
    # the review page heard it: its decisions list both
    qtbot.waitUntil(lambda: not review.busy, timeout=10000)
    w.nav.setCurrentRow([w.nav.item(i).data(256) for i in range(w.nav.count())].index("review"))
    qtbot.waitUntil(lambda: not review.busy and len(review.dec_model.items) == 2, timeout=10000)


def test_the_draft_shows_the_decision_without_a_number_and_stores_nothing(qtbot, window, state):
    w = window
    review = _open_page(qtbot, w)
    _meeting_with_ballots(qtbot, review, state)
    review.tabs.setCurrentIndex(2)
    review.signed_on.setDate(review.signed_on.date().fromString("15/12/2026", "dd/MM/yyyy"))
    review.draft_decision_button.click()
    draft = _preview(qtbot, w.reports_ext)
    assert "QUYẾT ĐỊNH" in draft and "Đặng Thị Đào" in draft and "01/QĐ-UBND" not in draft
    review.draft_proposal_button.click()
    draft = _preview(qtbot, w.reports_ext)
    assert "TỜ TRÌNH" in draft and "Trạm Y tế xã Tiên Du" in draft and "01/TTr-UBND" not in draft
    assert review.review().decisions(YEAR) == []
    assert issuing.list_documents(w.db, YEAR) == []
    assert review.review().next_number("decision", dt.date(2026, 12, 15)) == 1


def test_minutes_issued_from_the_meeting_tab_freeze_its_votes(qtbot, window, state):
    w = window
    review = _open_page(qtbot, w)
    mid = _meeting_with_ballots(qtbot, review, state)
    assert review.issue_minutes_button.isEnabled() and not review.frozen_info.isVisible()

    # the show of hands on the whole Lao động tiên tiến list
    review.vote_list_button.click()
    dlg = review.vote_list_dialog
    titles = {dlg.title.itemData(i): dlg.title.itemText(i) for i in range(dlg.title.count())}
    assert "LDTT" in titles and "CSTDCS" not in titles  # a secret-ballot title is voted one by one
    dlg.title.setCurrentIndex(dlg.title.findData("LDTT"))
    eligible = len(dlg.subjects())
    assert eligible == 7 and "7 trường hợp" in titles["LDTT"]  # Phạm Văn Dũng is not eligible
    dlg.yes.setValue(4)
    dlg.no.setValue(1)
    dlg.ok_button.click()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10000)
    meeting = review.review().meeting(mid)
    hands = [b for b in meeting.ballots if b["title_code"] == "LDTT"]
    assert len(hands) == 7 and all(b["method"] == "hands" and b["yes"] == 4 and b["passed"] for b in hands)
    assert "đã ghi kết quả biểu quyết cho 7 trường hợp" in review.ballot_info.text()

    # the minutes issued: the number taken is said, the ballot inputs are off with a line saying why
    review.issue_minutes_button.click()
    assert "không sửa được nữa" in state["asked"][-1]
    qtbot.waitUntil(lambda: review.frozen_info.isVisible(), timeout=30000)
    _wait_idle(qtbot, review)
    assert state["info"] and "Đã ban hành biên bản số 01/BB-HĐTĐKT" in state["info"][-1]
    assert "đã ban hành (số 01/BB-HĐTĐKT" in review.frozen_info.text()
    for widget in (review.yes, review.no, review.invalid, review.ballot_button, review.vote_list_button,
                   review.issue_minutes_button):
        assert not widget.isEnabled()
    # a ballot asked for anyway is refused in words, nothing stored
    review.ballot_view.selectRow(_row(review.ballot_model, "Lê Văn Bình", "Chiến sĩ thi đua cơ sở"))
    review.yes.setValue(1)
    assert review.record_ballot() is None
    assert "đã ban hành (số 01/BB-HĐTĐKT)" in state["errors"][-1] and "không sửa được nữa" in state["errors"][-1]
    assert all(b["yes"] == 5 for b in review.review().meeting(mid).ballots if b["title_code"] == "CSTDCS")
    # "In biên bản họp…" prints the issued minutes, with their number
    review.minutes_button.click()
    text = _preview(qtbot, w.reports_ext)
    assert "BIÊN BẢN" in text and "01/BB-HĐTĐKT" in text
    # and the register lists them
    page = _open_issued(qtbot, w)
    assert [d.kind for d in page.model.items] == ["minutes"]


def test_a_report_issued_once_and_its_content_edited_outside_is_refused(qtbot, window, state, monkeypatch):
    w = window
    ext = w.reports_ext
    # printed from the Documents menu the report is a draft: no number, nothing issued, and said so
    from desktop.ui.documents import view as documents_view

    monkeypatch.setattr(documents_view, "ask_year", lambda p, t: YEAR)
    ext.actions["report_y"].trigger()
    draft = _preview(qtbot, ext)
    assert "BÁO CÁO" in draft and "01/BC-UBND" not in draft and issuing.list_documents(w.db, YEAR) == []
    assert "bản nháp, chưa có số" in w.statusBar().currentMessage()
    # the menu's entry leads to the register's page and its form
    ext.actions["issue_report"].trigger()
    page = w.extensions.issued
    assert w.stack.currentWidget() is page
    dlg = page.dialog
    assert isinstance(dlg, ReportDialog)
    dlg.year.setValue(YEAR)
    dlg.on.setDate(dlg.on.date().fromString("20/12/2026", "dd/MM/yyyy"))
    # the officer's own parts, typed in the form, go into the issued report; those left empty are lines
    dlg.parts.setCurrentIndex(2)
    dlg.boxes["strengths"].setPlainText("Phong trào thi đua lan tỏa đến từng thôn, tổ dân phố.")
    dlg.boxes["directions"].setPlainText("Tiếp tục phát động thi đua chuyển đổi số.\nNhân rộng điển hình tiên tiến.")
    dlg.ok_button.click()
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    assert "tổng kết năm 2026" in state["asked"][-1] and "Đã có báo cáo này" not in state["asked"][-1]
    issued = _preview(qtbot, ext)
    assert "Số: 01/BC-UBND" in issued
    assert "1. Ưu điểm: Phong trào thi đua lan tỏa đến từng thôn, tổ dân phố. 2. Hạn chế: ....." in issued
    assert "NĂM 2027 Tiếp tục phát động thi đua chuyển đổi số. Nhân rộng điển hình tiên tiến." in issued
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: not page.busy and len(page.model.items) == 1, timeout=10000)
    report = page.model.items[0]
    assert report.number_text == "01/BC-UBND" and page.selected().id == report.id
    # a second one of the same period: the officer is told which one exists
    page.report_button.click()
    page.dialog.year.setValue(YEAR)
    asked = len(state["asked"])
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: state["asked"].append(text) and False)  # "Hủy"
    page.dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(state["asked"]) > asked, timeout=10000)
    assert "Đã có báo cáo này: số 01/BC-UBND" in state["asked"][-1]
    page.dialog.close()

    # the frozen content edited in the database: refused with the Vietnamese reason, no traceback
    with w.db.engine.begin() as conn:
        conn.execute(text("UPDATE issued_document SET content = replace(content, '2026', '2025') WHERE id = :i"),
                     {"i": report.id})
    page.select_id(report.id)
    page.reprint_button.click()
    qtbot.waitUntil(lambda: bool(state["errors"]), timeout=10000)
    assert "không khớp mã băm SHA-256" in state["errors"][-1] and "Khôi phục" in state["errors"][-1]
    assert "Traceback" not in state["errors"][-1] and "Xin lỗi" not in state["errors"][-1]
    assert ext.preview is None


def test_repeal_and_corrected_minutes_through_the_dialog(qtbot, window, state, monkeypatch):
    w = window
    review = _open_page(qtbot, w)
    _meeting_with_ballots(qtbot, review, state)
    review.tabs.setCurrentIndex(2)
    review.make_document("decision")
    _preview(qtbot, w.reports_ext)
    _wait_idle(qtbot, review)
    page = _open_issued(qtbot, w)
    dec = next(d for d in page.model.items if d.kind == "decision")
    minutes = next(d for d in page.model.items if d.kind == "minutes")

    # a refusal is said in the dialog, which stays open to be corrected
    from desktop.app import issuing_review
    from desktop.shared.errors import UserError

    real = issuing_review.supersede

    def refused(*a, **k):
        raise UserError("Lý do thử: không lập được.")

    monkeypatch.setattr(issuing_review, "supersede", refused)
    page.select_id(dec.id)
    dlg = page.open_change()
    dlg.radios["bai_bo"].setChecked(True)
    dlg.reason.setPlainText("Khen thưởng không đúng đối tượng")
    dlg.ok_button.click()
    assert "khen thưởng ghi theo quyết định này bị thu hồi" in state["asked"][-1]
    qtbot.waitUntil(lambda: "Lý do thử" in dlg.message.text(), timeout=10000)
    assert dlg.isVisible() and dlg.ok_button.isEnabled() and len(issuing.list_documents(w.db, YEAR)) == 2

    # repealed: a decision of repeal, the old one no longer in force
    monkeypatch.setattr(issuing_review, "supersede", real)
    dlg.ok_button.click()
    qtbot.waitUntil(lambda: not dlg.isVisible() and not page.busy and len(page.model.items) == 3, timeout=30000)
    repeal = next(d for d in page.model.items if d.kind == "repeal")
    old = next(d for d in page.model.items if d.id == dec.id)
    assert repeal.replaces_id == dec.id and repeal.change_kind == "bai_bo" and not old.in_force
    assert status_text(old) == f"Hết hiệu lực: bãi bỏ bởi văn bản {repeal.number_text}"
    assert page.model.index(page.model.items.index(repeal), 3).data() == "QĐ bãi bỏ"

    # the minutes are corrected, never repealed: the repeal is not offered
    page.select_id(minutes.id)
    dlg = page.open_change()
    assert not dlg.radios["bai_bo"].isEnabled()
    dlg.reason.setPlainText("Ghi sai địa điểm họp")
    dlg.ok_button.click()
    qtbot.waitUntil(lambda: not dlg.isVisible() and not page.busy and len(page.model.items) == 4, timeout=30000)
    new = [d for d in page.model.items if d.kind == "minutes" and d.id != minutes.id]
    assert len(new) == 1 and new[0].number_text == "02/BB-HĐTĐKT"
    assert status_text(next(d for d in page.model.items if d.id == minutes.id)) == \
        "Còn hiệu lực, đính chính bởi văn bản 02/BB-HĐTĐKT"


def test_usable_on_a_small_screen(qtbot, qtmodeltester, window, state):
    page = _open_issued(qtbot, window)
    qtmodeltester.check(page.model, force_py=True)
    assert page.minimumSizeHint().width() <= 1366 - 200  # beside the navigation list
    assert page.minimumSizeHint().height() <= 728 - 100


def test_not_installed_in_a_province_workspace():
    class Fake:
        is_province = True
        added: list = []

        def add_page(self, *a):
            self.added.append(a)

    f = Fake()
    install(f)
    assert f.added == []
