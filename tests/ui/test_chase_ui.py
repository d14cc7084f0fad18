"""The chase list and a commune's page in the window (offscreen), against the built week of files
(tests/province/chase_week.py): a double click on a commune on the board opens its page (files
accepted and refused, contact, keys), a receipt is given again from there, and the chase list is
printed and exported."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.app.chase import ADVICE
from desktop.app.workspace import open_workspace
from desktop.shared.paths import Paths
from desktop.ui import prompts
from desktop.ui.intake import chase as chase_ui
from desktop.ui.intake import receipts as receipts_ui
from desktop.ui.intake.chase import ChaseDialog
from desktop.ui.intake.commune_page import CommunePage
from desktop.ui.main_window import MainWindow
from tests.province.chase_week import CONTACTS, B, C, D, build_week

SHOTS = os.environ.get("THIDUA_SHOTS")


@pytest.fixture
def said(monkeypatch):
    out = {"info": [], "errors": []}
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: out["info"].append(text))
    monkeypatch.setattr(prompts, "error", lambda p, t, text: out["errors"].append(text))
    return out


@pytest.fixture
def window(qtbot, tmp_path, said):
    pp = Paths(tmp_path / "province")
    pp.ensure()
    week = build_week(pp, tmp_path)
    pdb = open_workspace(pp)
    w = MainWindow(pdb, pp)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.week = week
    yield w
    pdb.dispose()


def _double_click(qtbot, view, row: int, column: int = 1) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _opened(window, kind):
    found = [d for d in window.findChildren(kind) if d.isVisible()]
    assert found, f"no {kind.__name__} opened"
    return found[-1]


def _shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_double_click_on_the_board_opens_the_communes_page(window, qtbot, monkeypatch, said):
    board = window.extra_pages["province"]
    board.refresh()
    row = next(i for i, r in enumerate(board.model.rows) if r[0] == B)
    _double_click(qtbot, board.view, row)
    page = _opened(window, CommunePage)
    qtbot.waitUntil(lambda: page.history is not None and not page.loading, timeout=15000)
    assert page.code == B
    assert CONTACTS[B][0] in page.contact.text()
    results = [r[1] for r in page.files.rows]
    assert results == ["Đã nhận", "Đã nhận", "Bị từ chối"]
    assert page.files.rows[2][9] == ADVICE["tampered"]
    file1 = next(r for r in page.files.rows if r[2] == 1)
    assert file1[7] == hashlib.sha256(window.week.files[B][0].read_bytes()).hexdigest()
    assert file1[6] and file1[4] == "Toàn bộ"
    assert page.keys.rowCount() == 1 and page.keys.rows[0][1] == "Đang dùng"
    _shot(page, "trang-cua-xa")
    # a refused file has no receipt; an accepted one is given again from here
    page.files_view.selectRow(2)
    assert not page.receipt_button.isEnabled()
    page.files_view.selectRow(0)
    assert page.receipt_button.isEnabled()
    previews = []
    monkeypatch.setattr(receipts_ui, "_preview", lambda w, make, name: previews.append((make(), name)))
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    target = window.paths.data_dir / "bien-nhan" / f"BienNhan_{B}_so0002.json"
    assert target.exists() and previews and previews[0][1] == f"bien-nhan-{B}-so0002.pdf"
    assert previews[0][0].sequence == 2
    assert not said["errors"]


def test_the_chase_list_from_the_board(window, qtbot, monkeypatch, tmp_path, said):
    board = window.extra_pages["province"]
    qtbot.mouseClick(board.chase_button, Qt.MouseButton.LeftButton)
    dlg = _opened(window, ChaseDialog)
    dlg.year.setValue(2026)
    qtbot.waitUntil(lambda: dlg.view is not None and not dlg.loading, timeout=15000)
    codes = [r[0] for r in dlg.model.rows]
    assert C in codes and D in codes and B not in codes and len(codes) == 97
    c = next(r for r in dlg.model.rows if r[0] == C)
    assert (c[4], c[5]) == CONTACTS[C] and c[6] == ADVICE["tampered"]
    _shot(dlg, "danh-sach-can-nhac")
    monkeypatch.setattr(window.extensions, "reports", None, raising=False)
    pdf, xlsx = tmp_path / "nhac.pdf", tmp_path / "nhac.xlsx"
    monkeypatch.setattr(chase_ui, "save_path", lambda *a: pdf)
    qtbot.mouseClick(dlg.pdf_button, Qt.MouseButton.LeftButton)
    assert pdf.read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(chase_ui, "save_path", lambda *a: xlsx)
    qtbot.mouseClick(dlg.xlsx_button, Qt.MouseButton.LeftButton)
    cells = [v for row in load_workbook(xlsx).active.iter_rows(values_only=True) for v in row if v]
    assert CONTACTS[C][1] in cells
    # a double click on a row opens that commune's page
    row = codes.index(C)
    _double_click(qtbot, dlg.table, row)
    page = _opened(window, CommunePage)
    qtbot.waitUntil(lambda: page.history is not None, timeout=15000)
    assert page.code == C and [r[1] for r in page.files.rows] == ["Bị từ chối"]
    assert not said["errors"]
