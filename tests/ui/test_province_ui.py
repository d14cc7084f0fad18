"""The province's consolidated views in the window (offscreen): the tabs fill from the imported
files, the board colours who is missing, Excel export and the printed proposal list."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.app import commune, demo, province
from desktop.app.workspace import open_workspace
from desktop.shared.paths import Paths
from desktop.store.models import Registration
from desktop.ui import prompts, province_ui
from desktop.ui.main_window import MainWindow
from tests.province.communes import make_commune
from tests.province.review_acts import plant_proposal

A, B = "09319", "09247"
YEAR = demo.PLAN_YEAR
SHOTS = os.environ.get("THIDUA_SHOTS")  # a folder: save screenshots of the tabs there


@pytest.fixture
def said(monkeypatch):
    out = {"info": [], "errors": []}
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: out["info"].append(text))
    monkeypatch.setattr(prompts, "error", lambda p, t, text: out["errors"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda *a, **k: True)
    return out


@pytest.fixture
def province_window(qtbot, tmp_path, said):
    pp = Paths(tmp_path / "province")
    pp.ensure()
    pdb = open_workspace(pp)
    province.init_province(pdb, pp)
    key = province.public_key_file(pp)
    for code, people in ((A, 12), (B, 10)):
        cp, db = make_commune(tmp_path, code, people, key)
        with db.session() as s:  # the commune proposes one person (its council voted, it signed)
            pid = s.scalar(select(Registration.person_id).where(Registration.person_id.is_not(None))
                           .order_by(Registration.id).limit(1))
        plant_proposal(db, [("person", pid, "CSTD_TINH")])
        province.enrol(pdb, commune.enrol_request(db, cp))
        f = commune.export(db, cp, tmp_path, str(YEAR))
        province.import_file(pdb, pp, f.path.read_bytes(), f.file_name)
        db.dispose()
    w = MainWindow(pdb, pp)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    yield w
    pdb.dispose()


def shown(qtbot, page, kind: str):
    """Open a tab and wait for its view: the query runs off the GUI thread."""
    tab = page.show_kind(kind)
    qtbot.waitUntil(lambda: not page.busy() and not tab.loading, timeout=15000)
    return tab


def _shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_consolidated_tabs(province_window, qtbot, tmp_path, monkeypatch, said):
    w = province_window
    assert "consolidated" in w.extra_pages
    page: province_ui.ConsolidatedPage = w.extra_pages["consolidated"]
    page.year.setValue(YEAR)
    assert page.deadline.date().toPython() == dt.date(YEAR, 12, 10)
    # go to the page through the navigation list
    for i in range(w.nav.count()):
        if w.nav.item(i).data(0x0100) == "consolidated":
            w.nav.setCurrentRow(i)
    assert w.stack.currentWidget() is page
    board = shown(qtbot, page, "board")
    m = board.model
    assert m.rowCount() == 99
    st = {m.rows[r][0]: m.status[r] for r in range(m.rowCount())}
    assert st[A] in ("on_time", "late") and st[B] in ("on_time", "late")
    assert sum(1 for v in st.values() if v in ("missing", "overdue")) == 97
    missing_row = next(r for r in range(m.rowCount()) if m.status[r] in ("missing", "overdue"))
    assert m.data(m.index(missing_row, 2), 9) is not None  # ForegroundRole: red
    assert "Đã nộp 2/99" in board.summary.text()
    _shot(w, "tong-hop-tinh-hinh-nop")
    # Excel of the board
    out = tmp_path / "bang.xlsx"
    monkeypatch.setattr(province_ui, "save_path", lambda *a: out)
    assert board.export_xlsx() == out and out.exists()
    from openpyxl import load_workbook

    assert load_workbook(out).active.max_row >= 99
    # titles, duplicates, indicators fill
    titles = shown(qtbot, page, "titles")
    assert titles.model.rowCount() == 3 and titles.model.rows[-1][1] == "Tổng cộng"
    _shot(w, "tong-hop-danh-hieu")
    dups = shown(qtbot, page, "duplicates")
    assert dups.model.rowCount() == 0
    ind = shown(qtbot, page, "indicators")
    assert ind.model.rowCount() == 100
    _shot(w, "tong-hop-chi-tieu")
    # proposals: two groups? one title, two communes; printed without the reports extension
    prop = shown(qtbot, page, "proposals")
    assert prop.view.data["groups"] == {"CSTD_TINH": 2}
    assert prop.model.rowCount() == 3 and prop.print_button.isEnabled()
    _shot(w, "tong-hop-de-nghi")
    pdf = tmp_path / "ds.pdf"
    monkeypatch.setattr(province_ui, "save_path", lambda *a: pdf)
    monkeypatch.setattr(w, "reports_ext", None, raising=False)
    assert prop.print_list() == pdf and pdf.read_bytes().startswith(b"%PDF")
    assert not said["errors"]
    # with the reports extension, the list goes to its preview (run(work, suggested name))
    ran = {}

    class FakeExt:
        def run(self, work, suggested):
            ran["title"], ran["pdf"], ran["doc"] = work(lambda *a: None, lambda: False)  # the doc: Lưu Word
            ran["name"] = suggested

    monkeypatch.setattr(w, "reports_ext", FakeExt(), raising=False)
    prop.print_list()
    assert ran["pdf"].startswith(b"%PDF") and ran["name"] == f"de-nghi-khen-thuong-{YEAR}.pdf"
    assert ran["doc"].title == "DANH SÁCH"
    # the six-month period moves the deadline to the end of May
    page.period.setCurrentIndex(1)
    assert page.deadline.date().toPython() == dt.date(YEAR, 5, 31)
    assert shown(qtbot, page, "board").model.rowCount() == 99


def test_a_view_is_built_off_the_gui_thread(province_window, qtbot, said, monkeypatch):
    """While the query runs the tab says "Đang tải…" and the window keeps handling events; the rows
    appear when it is done. A tab asked for meanwhile is built next, the first one's rows still shown."""
    import threading

    from PySide6.QtCore import QTimer

    from desktop.app import province_views

    page: province_ui.ConsolidatedPage = province_window.extra_pages["consolidated"]
    page.year.setValue(YEAR)
    qtbot.waitUntil(lambda: not page.busy(), timeout=15000)
    release, built = threading.Event(), []
    real = province_views.build

    def slow(db, kind, *args):
        assert threading.current_thread() is not threading.main_thread()
        release.wait(10)
        built.append(kind)
        return real(db, kind, *args)

    monkeypatch.setattr(province_views, "build", slow)
    board = page.show_kind("board")
    assert board.loading and board.summary.text() == "Đang tải…" and not board.xlsx_button.isEnabled()
    ticked = []
    QTimer.singleShot(10, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: bool(ticked), timeout=2000)  # the event loop runs during the query
    assert page.busy() and built == []
    titles = page.show_kind("titles")  # asked while the board's query runs
    assert titles.loading
    release.set()
    qtbot.waitUntil(lambda: not page.busy(), timeout=15000)
    assert built == ["board", "titles"]
    assert not board.loading and board.model.rowCount() == 99 and "Đã nộp 2/99" in board.summary.text()
    assert not titles.loading and titles.model.rows[-1][1] == "Tổng cộng"
    assert not said["errors"]


def test_a_failed_view_is_said_and_the_tab_does_not_stay_loading(province_window, qtbot, said, monkeypatch):
    from desktop.app import province_views
    from desktop.shared.errors import UserError

    page: province_ui.ConsolidatedPage = province_window.extra_pages["consolidated"]

    def refused(*_a):
        raise UserError("Không đọc được dữ liệu của Sở.")

    monkeypatch.setattr(province_views, "build", refused)
    tab = page.show_kind("duplicates")
    qtbot.waitUntil(lambda: not page.busy(), timeout=15000)
    assert not tab.loading and said["errors"] == ["Không đọc được dữ liệu của Sở."]


def test_the_english_window_shows_english_column_titles_and_statuses(province_window, qtbot, said):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop.ui import i18n

    app = QApplication.instance()
    assert i18n.apply_language(app, "en") == "en"
    try:
        page: province_ui.ConsolidatedPage = province_window.extra_pages["consolidated"]
        page.year.setValue(YEAR)
        board = shown(qtbot, page, "board")
        m = board.model
        heads = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
        assert heads[:2] == ["Code", "Commune / ward"]
        assert "Submitted on (first file)" in heads and "Ngày nộp (lần đầu)" not in heads
        statuses = {m.data(m.index(r, 2)) for r in range(m.rowCount())}
        assert "Đúng hạn" not in statuses and "Nộp muộn" not in statuses
        assert statuses & {"On time", "Late"}
        # the view itself, what Excel and the command line write, keeps the Vietnamese
        assert board.view.headers[3] == "Ngày nộp (lần đầu)"
        prop = shown(qtbot, page, "proposals")
        p = prop.model
        assert p.headerData(1, Qt.Orientation.Horizontal) == "Name / Collective"
        assert prop.view.rows[1][2] == "Cá nhân" and p.data(p.index(1, 2)) != "Cá nhân"
    finally:
        i18n.apply_language(app, "vi")
