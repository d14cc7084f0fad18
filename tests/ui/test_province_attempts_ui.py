"""The clerk's import dialog on a batch, through the real window: a commune's files picked out of order
are previewed and imported in sequence order (file 2 judged after file 1, the withdrawn registrations
no longer counted); a refused file stays on the board after the dialog closes ("Đã gửi, bị từ chối");
a full disk is said plainly with what was and was not imported."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from desktop.app import commune, demo, province
from desktop.app.workspace import init_workspace
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.import_results import COL_DETAIL
from desktop.ui.main_window import MainWindow
from tests.trust import install_trusted

A, B = "09319", "09187"


@pytest.fixture
def clerk(qtbot, tmp_path, monkeypatch):
    """A province window; commune A's files 1 and 2 (file 2 withdraws all registrations but one) and a
    damaged file named as commune B's, on the stick."""
    create_app()
    pp = Paths(tmp_path / "province")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    province.init_province(pdb, pp)
    cp = Paths(tmp_path / "commune")
    cp.ensure()
    cdb = open_database(cp.db_file, cp.backup_dir)
    init_workspace(cdb, A, "Nguyễn Thị Hoa")
    commune.create_signing_key(cp)
    install_trusted(cp, province.public_key_file(pp))
    demo.fill(cdb, people=8, seed=3)
    province.enrol(pdb, commune.enrol_request(cdb, cp))
    usb = tmp_path / "usb"
    f1 = commune.export(cdb, cp, usb, "2026").path
    with cdb.engine.begin() as conn:
        kept = conn.exec_driver_sql("SELECT min(id) FROM registration WHERE deleted_at IS NULL").scalar()
        conn.exec_driver_sql("UPDATE registration SET deleted_at = '2026-06-01 08:00:00' WHERE id <> ?", (kept,))
    f2 = commune.export(cdb, cp, usb, "2026").path
    cdb.dispose()
    bad = usb / f"ThiDua_{B}_PhuongKinhBac_2026_so0001.tdkt"
    bad.write_bytes(b"PK\x03\x04 not a data file")
    w = MainWindow(pdb, pp)
    qtbot.addWidget(w)
    w.show()
    said = {"errors": [], "info": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: said["errors"].append((t, text)))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: said["info"].append(text))
    yield w, pdb, pp, [bad, f2, f1], said
    w.close()
    pdb.dispose()


def registrations(pp: Paths) -> int:
    con = sqlite3.connect(pp.db_file)
    try:
        return con.execute("SELECT count(*) FROM province_record WHERE kind = 'registration'").fetchone()[0]
    finally:
        con.close()


def board_row(w, code: str) -> tuple:
    page = w.extra_pages["province"]
    return next(row for row in page.model.rows if row[0] == code)


def test_a_batch_out_of_order_is_imported_in_order_and_a_refused_file_stays_on_the_board(clerk, qtbot):
    from desktop.ui.bundle_ui import open_import_dialog

    w, pdb, pp, files, said = clerk
    bad, f2, f1 = files
    dlg = open_import_dialog(w, files)
    qtbot.addWidget(dlg)
    dlg.preview_button.click()
    qtbot.waitUntil(dlg.import_button.isEnabled, timeout=15000)
    assert [(r[0], r[3]) for r in dlg.model.rows] == [(bad.name, "TỪ CHỐI"), (f1.name, "Hợp lệ"), (f2.name, "Hợp lệ")]
    assert "Đăng ký thi đua: +0 −" in dlg.model.rows[2][COL_DETAIL]  # file 2 against file 1: registrations withdrawn
    dlg.import_button.click()
    # the refused file stays listed as the preview left it; the two valid ones are in
    qtbot.waitUntil(lambda: [r[3] for r in dlg.model.rows] == ["TỪ CHỐI", "ĐÃ NHẬN", "ĐÃ NHẬN"], timeout=15000)
    qtbot.waitUntil(lambda: not dlg.running(), timeout=15000)  # rows show as each file is done
    assert registrations(pp) == 1 and province.stats(pdb)[A]["last_sequence"] == 2
    dlg.close()
    # the refused file did not vanish with the dialog: the board says B sent a file that was refused
    assert board_row(w, B)[3] == "Đã gửi, bị từ chối: không phải tệp dữ liệu thi đua"
    assert board_row(w, A)[3] == "Số 2"
    assert board_row(w, "09295")[3] == "Chưa nộp"
    summary = w.extra_pages["province"].summary.text()
    assert "còn 97 đơn vị chưa nộp" in summary and "1 đơn vị có tệp bị từ chối" in summary
    consolidated = w.extra_pages["consolidated"]
    tab = consolidated.show_kind("board")
    qtbot.waitUntil(lambda: not consolidated.busy(), timeout=15000)  # the view is built off the GUI thread
    row = next(r for r in tab.view.rows if r[0] == B)
    assert row[2] == "Đã gửi, bị từ chối: không phải tệp dữ liệu thi đua"
    assert said["errors"] == []


def test_a_full_disk_in_the_window_says_which_files_were_imported(clerk, qtbot, monkeypatch):
    from desktop.ui.bundle_ui import open_import_dialog

    w, pdb, pp, files, said = clerk
    _bad, f2, f1 = files
    real = province._apply
    calls = []

    def apply(conn, *args, **kw):
        calls.append(1)
        real(conn, *args, **kw)
        if len(calls) == 2:  # file 2's rows written, then the disk is full before the commit
            raise OperationalError("INSERT …", {}, sqlite3.OperationalError("database or disk is full"))

    dlg = open_import_dialog(w, [f2, f1])
    qtbot.addWidget(dlg)
    dlg.preview_button.click()
    qtbot.waitUntil(dlg.import_button.isEnabled, timeout=15000)
    monkeypatch.setattr(province, "_apply", apply)  # the disk fills up after the preview
    dlg.import_button.click()
    qtbot.waitUntil(lambda: bool(said["errors"]), timeout=15000)
    title, text = said["errors"][-1]
    assert title == "Ổ đĩa đầy"
    assert f"Ổ đĩa chứa dữ liệu của Sở (thư mục {pp.db_file.parent}) đã đầy" in text
    assert f"Đã nhập 1 tệp: {f1.name}" in text and f"Chưa nhập 1 tệp: {f2.name}" in text
    assert [(r[0], r[3]) for r in dlg.model.rows] == [(f1.name, "ĐÃ NHẬN"), (f2.name, "TỪ CHỐI")]
    assert "Lỗi không mong muốn" not in text
    assert province.stats(pdb)[A]["last_sequence"] == 1  # nothing of file 2 half-written


def test_the_same_file_picked_twice_is_listed_and_taken_once(clerk, qtbot):
    from desktop.ui.bundle_ui import open_import_dialog

    w, pdb, pp, files, said = clerk
    _bad, f2, f1 = files
    twice = f1.parent / "." / f1.name  # the same file by another spelling of its path
    dlg = open_import_dialog(w, [f2, f1, f1, twice])
    qtbot.addWidget(dlg)
    assert [r[0] for r in dlg.model.rows] == [f2.name, f1.name]
    dlg.preview_button.click()
    qtbot.waitUntil(dlg.import_button.isEnabled, timeout=15000)
    assert [(r[0], r[3]) for r in dlg.model.rows] == [(f1.name, "Hợp lệ"), (f2.name, "Hợp lệ")]
    dlg.import_button.click()
    qtbot.waitUntil(lambda: not dlg.running() and dlg.model.rows[0][3] == "ĐÃ NHẬN", timeout=15000)
    assert province.stats(pdb)[A]["last_sequence"] == 2 and said["errors"] == []
