"""The 'Thống kê' menu: the statistics report and the award register saved from the window, built off
the GUI thread, as .xlsx or .pdf by the extension chosen."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.ui import prompts, statistics_ui
from desktop.ui.app import create_app
from desktop.ui.documents import view as documents_view
from desktop.ui.main_window import MainWindow
from tests.statistics.seed import seed


@pytest.fixture
def state(monkeypatch, tmp_path):
    s = {"errors": [], "informed": [], "save": tmp_path / "tk.xlsx", "years": (None, None)}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: s["informed"].append(text))
    monkeypatch.setattr(documents_view, "ask_year", lambda p, t: 2026)
    monkeypatch.setattr(statistics_ui, "ask_save", lambda p, t, suggested: s["save"])
    monkeypatch.setattr(statistics_ui, "ask_years", lambda p: s["years"])
    return s


@pytest.fixture
def window(qtbot, workspace, paths):
    seed(workspace)
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_statistics_report_is_saved_from_the_menu(qtbot, window, state):
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Thống kê" in menus
    ext = window.extensions.statistics
    ext.statistics_action.trigger()
    qtbot.waitUntil(lambda: ext.last_saved is not None or bool(state["errors"]), timeout=20000)
    assert not state["errors"]
    assert "năm 2026" in state["informed"][0]
    ws = load_workbook(state["save"])["Theo danh hiệu"]
    rows = {r[1]: r[2:] for r in ws.iter_rows(values_only=True) if r[1]}
    assert rows["Lao động tiên tiến"] == (3, 0, 0, 3, 2, 2, None, 2106000)
    assert rows["Tổng cộng"][:6] == (9, 1, 3, 5, 3, 3)


def test_the_register_is_saved_from_the_menu_as_pdf(qtbot, window, state, tmp_path):
    state["save"], state["years"] = tmp_path / "so.pdf", (2025, None)
    ext = window.extensions.statistics
    ext.register_action.trigger()
    qtbot.waitUntil(lambda: ext.last_saved is not None or bool(state["errors"]), timeout=20000)
    assert not state["errors"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(state["save"].read_bytes())).pages)
    assert "SỔ THEO DÕI KHEN THƯỞNG" in text and "Từ năm 2025" in text
    assert "Nguyễn Thị Hoa" in text and "9/QĐ-UBND" in text
    assert "12/QĐ-UBND" not in text          # the 2024 award is before the years asked


def test_a_refusal_is_said_in_the_window(qtbot, window, state):
    state["years"] = (2027, 2025)
    ext = window.extensions.statistics
    ext.register_action.trigger()
    qtbot.waitUntil(lambda: bool(state["errors"]), timeout=20000)
    assert "Năm bắt đầu 2027 sau năm kết thúc 2025" in state["errors"][0]
    assert ext.last_saved is None


def test_the_province_saves_its_consolidated_report(qtbot, tmp_path, state):
    from desktop.app import province
    from desktop.app.workspace import open_workspace
    from desktop.shared.paths import Paths

    pp = Paths(tmp_path / "province")
    pp.ensure()
    pdb = open_workspace(pp)
    province.init_province(pdb, pp)
    create_app()
    w = MainWindow(pdb, pp)
    qtbot.addWidget(w)
    w.show()
    ext = w.extensions.statistics
    assert ext.register_action is None               # the award register is a commune's book
    ext.statistics_action.trigger()
    qtbot.waitUntil(lambda: ext.last_saved is not None or bool(state["errors"]), timeout=20000)
    assert not state["errors"]
    assert load_workbook(state["save"]).sheetnames == ["Theo danh hiệu", "Theo xã, phường", "0601.N", "0603.N"]
    w.close()
    pdb.dispose()
