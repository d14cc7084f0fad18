"""The cultural titles' page through its buttons (offscreen): a village picked, a round opened, the
meeting recorded, all households marked đạt then the selected rows không đạt, the list posted, the
finish refused at 9 days (in words) and accepted at 10, the file recorded, the decision issued (its
number, the award history) and printed in the preview; the page fits 1366x768."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel
from sqlalchemy import func, select

from desktop.store.models_review import AwardHistory
from desktop.ui import prompts
from tests.culture.conftest import YEAR, culture_window, prompt_log
from tests.ui.test_review_ui import _pdf_text


@pytest.fixture
def state(monkeypatch):
    return prompt_log(monkeypatch)


@pytest.fixture
def window(qtbot, workspace, paths):
    return culture_window(qtbot, workspace, paths, n=1200)


def _open(qtbot, w):
    keys = [w.nav.item(i).data(256) for i in range(w.nav.count())]
    w.nav.setCurrentRow(keys.index("culture"))
    page = w.extra_pages["culture"]
    assert w.stack.currentWidget() is page
    qtbot.waitUntil(lambda: not page.busy and page.village.count() > 0, timeout=15000)
    return page


def _click(qtbot, page, button):
    with qtbot.waitSignal(page.changed_done, timeout=30000):
        button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)


def _day(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def test_the_whole_procedure_from_the_window(qtbot, window, state, monkeypatch, tmp_path):
    w = window
    page = _open(qtbot, w)
    assert page.sizeHint().height() <= 728 and page.minimumSizeHint().width() <= 1366 - 240
    page.year.setValue(YEAR)
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    page.village.setCurrentIndex(page.village.findData(w.commune.village))
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    assert page.round is None and page.open_button.isEnabled()
    _click(qtbot, page, page.open_button)
    assert page.round is not None and page.round.subjects == 1200 and page.model.rowCount() == 1200
    assert "25/11/2026" in page.finish_info.text()
    page.meeting_on.setDate(_day(dt.date(YEAR, 11, 1)))
    page.chair.setText("Nguyễn Văn Tùng")
    page.front.setText("Lê Thị Hạnh")
    _click(qtbot, page, page.meeting_button)
    _click(qtbot, page, page.all_pass)
    assert page.round.counts == {"dat": 1200}
    sel = page.table.selectionModel()
    for row in (0, 1, 2):
        sel.select(page.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)
    _click(qtbot, page, page.selected_fail)
    assert page.round.counts == {"dat": 1197, "khong_dat": 3}
    page.posted_from.setDate(_day(dt.date(YEAR, 11, 2)))
    _click(qtbot, page, page.post_button)
    assert "11/11/2026" in page.posting_info.text() and "12/11/2026" in page.posting_info.text()
    page.finished_on.setDate(_day(dt.date(YEAR, 11, 11)))
    _click(qtbot, page, page.finish_button)
    assert "mới niêm yết 9 ngày" in state["errors"][-1] and page.round.status == "open"
    page.finished_on.setDate(_day(dt.date(YEAR, 11, 12)))
    _click(qtbot, page, page.finish_button)
    assert page.round.status == "finished" and page.issue_button.isEnabled() and not page.all_pass.isEnabled()
    page.file_on.setDate(_day(dt.date(YEAR, 11, 13)))
    _click(qtbot, page, page.file_button)
    assert "23/11/2026" in page.decision_info.text()
    page.decision_on.setDate(_day(dt.date(YEAR, 11, 25)))
    _click(qtbot, page, page.issue_button)
    assert page.round.status == "decided" and page.round.decision_no == "01/QĐ-UBND"
    assert "muộn hơn 10 ngày" in page.last_warning and state["info"]
    with w.db.session() as s:
        assert s.scalar(select(func.count()).select_from(AwardHistory).where(AwardHistory.title_code == "GDVH")) == 1197
    ext = w.extensions.reports
    page.print_decision.click()
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=120000)
    text = _pdf_text(ext.preview.pdf)
    assert "01/QĐ-UBND" in text and "Gia đình văn hóa" in text
    # its Word copy beside the PDF (the file dialog answered here), laid out off the GUI thread
    from desktop.ui import file_dialogs
    from tests.reports.test_docx_out import docx_text

    word = tmp_path / "quyet-dinh-van-hoa.docx"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a: word)
    ext.preview.word_btn.click()
    qtbot.waitUntil(lambda: ext.preview.word_task is None and word.exists(), timeout=120000)
    words = docx_text(word.read_bytes())
    assert "Số: 01/QĐ-UBND" in words and "Gia đình văn hóa" in words and "(Kèm theo Quyết định số 01/QĐ-UBND" in words
    ext.preview.close()

    # a mark written wrong: the round is opened again, with the reason (cancelling changes nothing)

    answers = iter([None, "", "Ghi nhầm kết quả của hộ đầu danh sách"])
    prompts_text = prompts.text
    prompts.text = lambda parent, title, label: (state["asked"].append(label), next(answers))[1]
    try:
        assert page.reopen_button.isEnabled() and not page.all_pass.isEnabled()
        page.reopen_button.click()
        assert page.round.status == "decided"
        _click(qtbot, page, page.reopen_button)
        assert "Hãy ghi lý do" in state["errors"][-1] and page.round.status == "decided"
        _click(qtbot, page, page.reopen_button)
        assert "01/QĐ-UBND còn hiệu lực" in state["asked"][-1]
        assert page.round.status == "open" and page.all_pass.isEnabled() and not page.reopen_button.isEnabled()
    finally:
        prompts.text = prompts_text


def test_marking_a_list_from_a_file_refused_for_another_village(qtbot, window, state, tmp_path):
    w = window
    page = _open(qtbot, w)
    page.year.setValue(YEAR)
    page.village.setCurrentIndex(page.village.findData(w.commune.village))
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    _click(qtbot, page, page.open_button)
    csv = tmp_path / "ds.csv"
    csv.write_text(f"{w.commune.households[0]}\n{w.commune.other_households[0]}\n", encoding="utf-8")
    with qtbot.waitSignal(page.changed_done, timeout=30000):
        page.mark_from_file(csv)
    assert "không thuộc Thôn Đông Sơn" in state["errors"][-1]
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    assert page.round.counts == {}
