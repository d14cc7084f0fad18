"""The real window under pytest-qt (offscreen): first run, add, search, edit, delete/restore, reopen.

Vietnamese text goes in with setText (qtbot.keyClicks aborts on characters outside Latin-1);
plain ASCII search text is typed with keyClicks, as an officer would.
"""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtCore import Qt

from desktop.core.records import Records
from desktop.store.db import open_database
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.first_run import FirstRunDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.models import RecordTableModel


@pytest.fixture
def answers(monkeypatch):
    """Replace modal prompts: each ask() pops the next scripted answer and records the question."""
    state = {"answers": [], "asked": [], "errors": []}

    def ask(parent, title, text, yes="Đồng ý", no="Hủy", danger=False):
        state["asked"].append((title, text))
        return state["answers"].pop(0) if state["answers"] else False

    monkeypatch.setattr(prompts, "ask", ask)
    monkeypatch.setattr(prompts, "error", lambda p, t, text: state["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: None)
    return state


@pytest.fixture
def window(qtbot, workspace, paths):
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    return w


def _wait_search(qtbot, page, expected_rows: int) -> None:
    """Wait for the debounced search to reach the model, then check the row count."""
    qtbot.waitUntil(lambda: page.current_model.search_text == page.search.text(), timeout=3000)
    assert page.current_model.rowCount() == expected_rows


def add_person(qtbot, page, **values):
    dlg = page.open_add()
    assert dlg is not None and dlg.isVisible()
    for name, value in values.items():
        dlg.set_value(name, value)
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        assert dlg.save()
    return dlg.record_id


def test_first_run_creates_workspace(qtbot, db, answers):
    create_app()
    dlg = FirstRunDialog(db)
    qtbot.addWidget(dlg)
    dlg.show()
    # nothing chosen yet: refused with a Vietnamese message, nothing stored
    assert not dlg.finish()
    assert "Chưa chọn xã, phường" in dlg.error_label.text()
    assert db.workspace() is None
    # filter the official list without accents, as typed on a keyboard without Unikey
    qtbot.keyClicks(dlg.unit_filter, "tien du")
    assert dlg.units.rowCount() >= 1
    names = [dlg.units.index(r, 0).data() for r in range(dlg.units.rowCount())]
    assert any("Xã Tiên Du" in n for n in names)
    assert dlg.choose_unit("09319")
    dlg.officer.setText("Nguyễn Thị Hoa")
    dlg.council_rows[0].name.setText("Lê Văn Minh")
    dlg.council_rows[0].position.setText("Chủ tịch UBND xã")
    assert dlg.finish()
    ws = db.workspace()
    assert ws.unit_code == "09319" and ws.unit_name == "Xã Tiên Du"
    assert ws.officer_name == "Nguyễn Thị Hoa"
    members = Records(db.session).list_rows("council")
    assert [m[2] for m in members] == ["Lê Văn Minh"]


def test_unit_list_has_all_99_units(qtbot, db):
    create_app()
    dlg = FirstRunDialog(db)
    qtbot.addWidget(dlg)
    assert dlg.units.rowCount() == 99


def test_add_search_edit_delete_restore(qtbot, window, answers):
    page = window.show_kind("person")
    assert page is not None and window.stack.currentWidget() is page
    rid = add_person(qtbot, page, full_name="Nguyễn Văn Ánh", sex="nam", birth_date="05/12/1980",
                     cccd="027080000123", category="nong_dan")
    add_person(qtbot, page, full_name="Trần Thị Bích", sex="nu", birth_date="01/01/1990",
               cccd="027190000456", category="nhan_dan")
    assert page.current_model.rowCount() == 2
    assert page.current_model.index(page.current_model.row_of(rid), 0).data() == "Nguyễn Văn Ánh"

    # search as you type, unaccented
    qtbot.keyClicks(page.search, "nguyen van a")
    _wait_search(qtbot, page, 1)
    assert page.current_model.index(0, 0).data() == "Nguyễn Văn Ánh"
    assert "Tìm thấy 1" in page.count_label.text()
    # decomposed (NFD) input finds it too
    page.search.setText(unicodedata.normalize("NFD", "Nguyễn Văn Ánh"))
    _wait_search(qtbot, page, 1)
    page.search.setText("tran thi bich")
    _wait_search(qtbot, page, 1)
    assert page.current_model.index(0, 0).data() == "Trần Thị Bích"
    page.search.clear()
    _wait_search(qtbot, page, 2)

    # edit
    assert page.select_id(rid)
    dlg = page.open_edit()
    assert dlg.editors["full_name"].text() == "Nguyễn Văn Ánh"
    dlg.set_value("position", "Trưởng thôn Đông Sơn")
    with qtbot.waitSignal(dlg.saved):
        assert dlg.save()
    row = page.current_model.row_of(rid)
    assert page.current_model.index(row, 4).data() == "Trưởng thôn Đông Sơn"
    page.select_id(rid)
    history = page.history_model()
    actions = [history.index(r, 2).data() for r in range(history.rowCount())]
    assert actions == ["Thêm mới", "Sửa"]
    assert "Trưởng thôn Đông Sơn" in history.index(1, 3).data()
    assert history.index(1, 1).data() == "Nguyễn Thị Hoa"

    # delete asks first; "no" keeps the record
    page.select_id(rid)
    answers["answers"] = [False]
    assert not page.delete_selected()
    assert page.current_model.row_of(rid) is not None
    answers["answers"] = [True]
    assert page.delete_selected()
    assert "thùng rác" in answers["asked"][-1][1]
    assert page.current_model.row_of(rid) is None
    assert page.undo_button.isVisible()
    # undo right away
    assert page.undo_delete()
    assert page.current_model.row_of(rid) is not None

    # delete again, then restore from the recycle bin
    page.select_id(rid)
    answers["answers"] = [True]
    assert page.delete_selected()
    page.bin_button.setChecked(True)
    assert page.in_bin and page.current_model.deleted
    assert page.select_id(rid)
    assert page.restore_selected()
    assert page.current_model.row_of(rid) is None  # no longer in the bin
    page.bin_button.setChecked(False)
    assert page.current_model.row_of(rid) is not None


def test_inline_validation_and_nothing_saved(qtbot, window, answers):
    page = window.show_kind("person")
    dlg = page.open_add()
    dlg.set_value("full_name", "Phạm Thị Lan")
    dlg.set_value("sex", "nu")
    dlg.set_value("category", "nhan_dan")
    dlg.set_value("cccd", "02719")
    dlg.set_value("birth_date", "31/02/1990")
    assert not dlg.save()
    assert "12 chữ số" in dlg.message_for("cccd")
    assert "không có trên lịch" in dlg.message_for("birth_date")
    # validation also runs as the officer types (debounced)
    dlg.set_value("birth_date", "01/01/2999")
    qtbot.waitUntil(lambda: "tương lai" in dlg.message_for("birth_date"), timeout=2000)
    assert page.records.count("person") == 0
    # unsaved edits: closing asks; "keep editing" keeps the dialog open
    answers["answers"] = [False]
    dlg.reject()
    assert dlg.isVisible()
    assert answers["asked"][-1][0] == "Chưa lưu thay đổi"
    answers["answers"] = [True]
    dlg.reject()
    assert not dlg.isVisible()
    assert page.records.count("person") == 0


def test_cccd_warning_can_be_overridden(qtbot, window, answers):
    page = window.show_kind("person")
    dlg = page.open_add()
    dlg.set_value("full_name", "Đỗ Thị Mai")
    dlg.set_value("sex", "nu")
    dlg.set_value("category", "nhan_dan")
    dlg.set_value("birth_date", "10/10/1985")
    dlg.set_value("cccd", "027080001111")  # digit 4 = 0 → male, born 1980
    answers["answers"] = [False]
    assert not dlg.save()
    assert "giới tính" in dlg.message_for("cccd")
    assert page.records.count("person") == 0
    answers["answers"] = [True]
    with qtbot.waitSignal(dlg.saved):
        assert dlg.save()
    assert page.records.count("person") == 1


def test_reference_picker_finds_without_accents(qtbot, window, answers):
    records = window.records
    village = records.create("collective", {"name": "Thôn Đông Sơn", "kind": "thon"})
    page = window.show_kind("household")
    dlg = page.open_add()
    picker = dlg.editors["village_id"]
    picker.setFocus()
    qtbot.keyClicks(picker, "dong son")
    qtbot.waitUntil(lambda: picker._model.rowCount() == 1, timeout=2000)
    assert picker._model.index(0, 0).data() == "Thôn Đông Sơn"
    picker._chosen(picker._model.index(0, 0))
    assert picker.value() == village
    dlg.set_value("head_name", "Hoàng Văn Đức")
    with qtbot.waitSignal(dlg.saved):
        assert dlg.save()
    row = page.current_model.row_of(dlg.record_id)
    assert page.current_model.index(row, 1).data() == "Thôn Đông Sơn"


def test_every_kind_page_opens_and_models_are_sound(qtbot, window, qtmodeltester):
    from desktop.core.records import NAV_ORDER

    for key in NAV_ORDER:
        page = window.show_kind(key)
        assert page is not None
        assert page.title.text()
        dlg = page.open_add()
        assert dlg is not None
        dlg.done(0)
        qtmodeltester.check(page.model, force_py=True)


def test_reopen_app_finds_data(qtbot, workspace, paths, answers):
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    page = w.show_kind("person")
    add_person(qtbot, page, full_name="Vũ Thị Ngọc Ánh", sex="nu", birth_date="20/03/1995",
               cccd="027195000777", category="vien_chuc")
    w.close()  # disposes the database and takes an automatic backup of the changes
    from desktop.store.backup import list_backups

    assert any(b.reason == "tu-dong" for b in list_backups(paths.backup_dir))
    db2 = open_database(paths.db_file, paths.backup_dir)
    try:
        w2 = MainWindow(db2, paths)
        qtbot.addWidget(w2)
        page2 = w2.show_kind("person")
        page2.search.setText("vu thi ngoc anh")
        _wait_search(qtbot, page2, 1)
        assert page2.current_model.index(0, 0).data() == "Vũ Thị Ngọc Ánh"
        w2.close()
    finally:
        db2.dispose()


def test_table_model_pages_through_large_results(qtbot, workspace):
    records = Records(workspace.session, "test")
    cid = records.create("collective", {"name": "Thôn Bắc", "kind": "thon"})
    from desktop.store.models import Person

    with workspace.session() as s, s.begin():
        s.add_all(Person(full_name=f"Người Thứ {i:04d}", sex="nam", category="nhan_dan", collective_id=cid,
                         search_key=f"nguoi thu {i:04d}", sort_key=f"{i:04d} nguoi thu {i:04d}")
                  for i in range(450))
    model = RecordTableModel(records, "person")
    assert model.rowCount() == RecordTableModel.PAGE
    assert model.total == 450
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Người Thứ 0449"


def test_change_officer_is_recorded_in_history(qtbot, window, answers):
    assert not window.change_officer("   ")
    assert answers["errors"] and "họ tên" in answers["errors"][-1]
    assert window.change_officer("Đặng Văn Hùng")
    assert "Đặng Văn Hùng" in window.status_info.text()
    rid = window.records.create("collective", {"name": "Hợp tác xã Nông nghiệp Tiên Du", "kind": "hop_tac_xa"})
    assert window.records.history("collective", rid)[0].actor == "Đặng Văn Hùng"


def test_frame_first_then_workspace_attached(qtbot, workspace, paths):
    """Start-up draws the frame before the database is opened, then attaches the workspace."""
    from desktop.ui.app import start

    create_app()
    workspace.dispose()
    w = MainWindow(None, paths)
    qtbot.addWidget(w)
    w.show()
    assert not w.nav.isEnabled() and w.stack.currentWidget() is w.loading
    assert not w.backup_action.isEnabled()
    with qtbot.waitSignal(w.ready):
        assert start(w, paths)
    assert w.nav.isEnabled() and w.stack.currentWidget() is w.overview
    assert w.overview.heading.text() == "Xã Tiên Du"
    assert "Xã Tiên Du" in w.windowTitle()
    w.close()
    w.db.dispose()


def test_first_start_goes_through_first_run_then_opens_straight_in(qtbot, paths, monkeypatch):
    """The real start path: empty data folder → first-run dialog → workspace; next start skips it."""
    from desktop.store.backup import list_backups
    from desktop.ui import app as app_module
    from desktop.ui.tasks import workspace_queue

    create_app()
    seen = []

    def fake_exec(dlg):  # the officer fills the dialog in
        seen.append(dlg)
        dlg.unit_filter.setText("quế võ")
        assert dlg.units.rowCount() >= 1
        code = dlg.units.unit_at(0).code
        assert dlg.choose_unit(code)
        dlg.officer.setText("Ngô Thị Thu Trang")
        return 1 if dlg.finish() else 0

    monkeypatch.setattr(FirstRunDialog, "exec", fake_exec)
    w = MainWindow(None, paths)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.ready):
        assert app_module.start(w, paths)
    assert len(seen) == 1
    assert "Quế Võ" in w.overview.heading.text()
    assert "Ngô Thị Thu Trang" in w.status_info.text()
    # The start-up backup runs in the workspace queue; whether it ends before or after the window
    # closes, its result is for this window only (dropped once closed), and the next start sees it.
    w.close()
    w.db.dispose()
    qtbot.waitUntil(workspace_queue().idle, timeout=10000)
    assert [b.reason for b in list_backups(paths.backup_dir)] == ["tu-dong"]

    w2 = MainWindow(None, paths)
    qtbot.addWidget(w2)
    with qtbot.waitSignal(w2.ready):
        assert app_module.start(w2, paths)
    assert len(seen) == 1  # opened straight into the workspace
    qtbot.waitUntil(workspace_queue().idle, timeout=10000)
    assert [b.reason for b in list_backups(paths.backup_dir)] == ["tu-dong"]  # not due again
    w2.close()
    w2.db.dispose()


def test_backup_now_from_the_file_menu(qtbot, window, paths, answers):
    """Tệp → Sao lưu ngay, triggered as the officer does (the QAction, not the method behind it): a
    manual backup is written and said in the status line, no error."""
    from desktop.store.backup import list_backups

    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "Sao lưu ngay")
    assert action is window.backup_action and action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: any(b.reason == "thu-cong" for b in list_backups(paths.backup_dir)), timeout=10000)
    qtbot.waitUntil(lambda: "Đã sao lưu" in window.statusBar().currentMessage(), timeout=10000)
    assert answers["errors"] == []
