"""The facts the rules need, through the window (issue 15 item 9): a person's hiring date, home town,
residence and qualification typed in the real dialog; a collective merged in the reorganisation, its
conditional fields, its status in the list, and pickers that no longer offer it for a new link while an
existing link still shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.core.records import Records
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from desktop.ui.record_dialog import RecordDialog


@pytest.fixture
def answers(monkeypatch):
    state = {"asked": [], "errors": [], "yes": False}
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: state["asked"].append(text) or state["yes"])
    monkeypatch.setattr(prompts, "error", lambda p, t, text: state["errors"].append(text))
    return state


@pytest.fixture
def records(workspace) -> Records:
    return Records(workspace.session, "Nguyễn Thị Hoa")


@pytest.fixture
def schools(records):
    """Two schools, one teacher at the second (merged into the first by ``_merge``)."""
    a = records.create("collective", {"name": "Trường Mầm non Hoa Sen", "kind": "truong_hoc"})
    b = records.create("collective", {"name": "Trường Mầm non Hoa Mai", "kind": "truong_hoc"})
    teacher = records.create("person", {"full_name": "Đỗ Thị Hạnh", "sex": "nu", "category": "vien_chuc",
                                        "birth_date": "03/04/1988", "collective_id": b})
    return a, b, teacher


def _merge(records, into, merged) -> None:
    records.update("collective", merged, {**records.get("collective", merged), "status": "merged",
                                          "ended_on": "01/07/2025", "merged_into_id": into}, accept_warnings=True)


@pytest.fixture
def window(qtbot, workspace, paths):
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _add(qtbot, window, kind) -> RecordDialog:
    page = window.show_kind(kind)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert dlg is not None
    qtbot.waitExposed(dlg)
    return dlg


def _edit(qtbot, window, kind, record_id) -> RecordDialog:
    page = window.show_kind(kind)
    qtbot.waitUntil(lambda: page.current_model.row_of(record_id) is not None, timeout=3000)
    page.view.selectRow(page.current_model.row_of(record_id))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert dlg is not None and dlg.record_id == record_id
    qtbot.waitExposed(dlg)
    return dlg


def _type(qtbot, widget, text):
    """Type into a line edit (QTest types ASCII only: Vietnamese text is pasted in, as officers often do)."""
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    widget.selectAll()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def _offered(qtbot, picker, typed) -> list[str]:
    _type(qtbot, picker, typed)
    qtbot.waitUntil(lambda: not picker._timer.isActive(), timeout=2000)   # the lookup ran
    return [picker._model.index(i, 0).data() for i in range(picker._model.rowCount())]


def _save(qtbot, dlg) -> None:
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)


def test_person_facts_typed_in_the_dialog(qtbot, window, records, schools, answers):
    a, b, _teacher = schools
    _merge(records, a, b)
    dlg = _add(qtbot, window, "person")
    hint = dlg.sizeHint()
    assert hint.height() <= 768 - 60 and hint.width() <= 1366, hint   # fits a 1366x768 screen with its taskbar
    _type(qtbot, dlg.editors["full_name"], "Nguyễn Văn Tùng")
    dlg.set_value("sex", "nam")
    dlg.set_value("category", "cong_chuc")
    _type(qtbot, dlg.editors["birth_date"], "05/12/1990")
    _type(qtbot, dlg.editors["hired_on"], "01/09/2004")       # 13 years old
    _type(qtbot, dlg.editors["home_town"], "xã Tiên Du, tỉnh Bắc Ninh")
    _type(qtbot, dlg.editors["residence"], "Thôn Đông, xã Tiên Du")
    _type(qtbot, dlg.editors["qualification"], "Đại học Luật")
    # the unit picker offers the live school, not the merged one
    offered = _offered(qtbot, dlg.editors["collective_id"], "mam non")
    assert offered == ["Trường Mầm non Hoa Sen"]
    picker = dlg.editors["collective_id"]
    picker._chosen(picker._model.index(0, 0))
    _save(qtbot, dlg)
    assert dlg.isVisible() and records.count("person") == 1
    assert "chưa đủ 15 tuổi" in dlg.message_for("hired_on")
    assert "chưa đủ 15 tuổi" in dlg.message_line.text()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    _type(qtbot, dlg.editors["hired_on"], f"{tomorrow:%d/%m/%Y}")
    assert "tương lai" in dlg.message_for("hired_on")
    _type(qtbot, dlg.editors["hired_on"], "01/09/2012")
    assert dlg.message_for("hired_on") == ""
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        _save(qtbot, dlg)
    got = records.get("person", dlg.record_id)
    assert (got["hired_on"], got["home_town"], got["residence"], got["qualification"], got["collective_id"]) == (
        dt.date(2012, 9, 1), "xã Tiên Du, tỉnh Bắc Ninh", "Thôn Đông, xã Tiên Du", "Đại học Luật", a)
    # the history names the new fields by their labels; the search finds a person by them
    details = " ".join(h.details for h in records.history("person", dlg.record_id))
    assert "Ngày tuyển dụng: (trống) → 01/09/2012" in details and "Trình độ chuyên môn" in details
    assert [r[0] for r in records.list_rows("person", "dai hoc luat")] == [dlg.record_id]
    # reopened, the form shows the values back
    again = _edit(qtbot, window, "person", dlg.record_id)
    assert again.editors["hired_on"].text() == "01/09/2012"
    assert again.editors["qualification"].text() == "Đại học Luật"


def test_merging_a_collective_in_the_dialog(qtbot, window, records, schools, answers):
    a, b, teacher = schools
    records.create("registration", {"subject": ("collective", b), "year": 2025, "title_code": "TTLDTT"})
    dlg = _edit(qtbot, window, "collective", b)
    status, ended, into = dlg.editors["status"], dlg.editors["ended_on"], dlg.editors["merged_into_id"]
    assert status.currentData() == "active" and status.findData("") < 0       # no empty choice
    assert not ended.isEnabled() and not into.isEnabled()
    before = dlg.save_button.geometry(), dlg.size()
    status.setCurrentIndex(status.findData("merged"))
    assert ended.isEnabled() and into.isEnabled()
    assert (dlg.save_button.geometry(), dlg.size()) == before               # greyed out in place, nothing moves
    _save(qtbot, dlg)
    assert "phải nhập ngày giải thể, sáp nhập" in dlg.message_for("ended_on")
    _type(qtbot, ended, "01/07/2025")
    # the picker offers the other live school, not this one
    assert _offered(qtbot, into, "mam non") == ["Trường Mầm non Hoa Sen"]
    into._chosen(into._model.index(0, 0))
    _save(qtbot, dlg)                          # a teacher still under it: asked first, "Quay lại sửa"
    assert answers["asked"] and "Còn 1 người" in answers["asked"][-1]
    assert records.get("collective", b)["status"] == "active"
    answers["yes"] = True
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        _save(qtbot, dlg)
    got = records.get("collective", b)
    assert (got["status"], got["ended_on"], got["merged_into_id"]) == ("merged", dt.date(2025, 7, 1), a)

    # the list shows what became of it
    page = window.show_kind("collective")
    model = page.current_model
    labels = [c.label for c in page.kind.columns]
    row = model.row_of(b)
    assert model.index(row, labels.index("Tình trạng")).data() == "Đã sáp nhập"
    assert model.index(row, labels.index("Sáp nhập vào")).data() == "Trường Mầm non Hoa Sen"
    assert model.index(row, labels.index("Ngày giải thể, sáp nhập")).data() == "01/07/2025"
    assert model.index(model.row_of(a), labels.index("Tình trạng")).data() == "Đang hoạt động"

    # back to active: the conditional fields empty themselves and grey out
    dlg = _edit(qtbot, window, "collective", b)
    assert dlg.editors["ended_on"].isEnabled() and dlg.editors["ended_on"].text() == "01/07/2025"
    dlg.editors["status"].setCurrentIndex(dlg.editors["status"].findData("active"))
    assert dlg.editors["ended_on"].text() == "" and not dlg.editors["ended_on"].isEnabled()
    assert dlg.raw_values()["merged_into_id"] is None
    dlg.reject()


def test_ended_collective_kept_on_old_links_not_offered_for_new_ones(qtbot, window, records, schools, answers):
    a, b, teacher = schools
    _merge(records, a, b)
    # the teacher's record still names her old school, with what became of it, and saves unchanged
    dlg = _edit(qtbot, window, "person", teacher)
    assert dlg.editors["collective_id"].text() == "Trường Mầm non Hoa Mai (đã sáp nhập vào Trường Mầm non Hoa Sen)"
    _type(qtbot, dlg.editors["qualification"], "Cao đẳng Sư phạm Mầm non")
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        _save(qtbot, dlg)
    assert records.get("person", teacher)["collective_id"] == b
    # a registration is offered the live school only; a rating of its last years may name the merged one
    reg = _add(qtbot, window, "registration")
    subject = reg.editors["subject"]
    subject.type_box.setCurrentIndex(subject.type_box.findData("collective"))
    assert _offered(qtbot, subject.picker, "mam non") == ["Trường Mầm non Hoa Sen"]
    reg.reject()
    rating = _add(qtbot, window, "rating")
    subject = rating.editors["subject"]
    subject.type_box.setCurrentIndex(subject.type_box.findData("collective"))
    assert _offered(qtbot, subject.picker, "hoa mai") == [
        "Trường Mầm non Hoa Mai (đã sáp nhập vào Trường Mầm non Hoa Sen)"]
    rating.reject()
    # a household's village, a new person's unit: an ended village is neither offered nor accepted
    village = records.create("collective", {"name": "Thôn Lũng", "kind": "thon"})
    records.update("collective", village, {**records.get("collective", village), "status": "dissolved",
                                           "ended_on": "30/06/2025"})
    hh = _add(qtbot, window, "household")
    assert _offered(qtbot, hh.editors["village_id"], "lung") == []
    hh.reject()
