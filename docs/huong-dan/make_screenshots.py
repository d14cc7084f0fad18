"""Screenshots for the user guide (docs/huong-dan/README.md), taken from the real app under Xvfb.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/huong-dan/make_screenshots.py

Sets up a commune (Xã Tiên Du, demo data) and a province key in a temporary folder through the
headless commands, then opens the real window and dialogs on the X server and saves each one with
QWidget.grab() into docs/huong-dan/anh/. Run it again after a change to the window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "anh"
sys.path.insert(0, str(ROOT))


def cli(data: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return proc.stdout


def _province_reviews(work: Path, commune: Path, province: Path, year: str) -> None:
    """The commune's key enrolled and its data file (with the proposal) imported at the province, which
    accepts the Bằng khen rows under its decision and returns one collective's row."""
    usb = work / "usb"
    usb.mkdir()
    cli(commune, "enrol-request", "--out", str(usb / "DangKyKhoa_09319.json"))
    cli(province, "province", "enrol", str(usb / "DangKyKhoa_09319.json"), "--yes")
    cli(commune, "export", "--out", str(usb), "--period", year)
    cli(province, "province", "import", *[str(f) for f in sorted(usb.glob("*.tdkt"))])
    from desktop.app import outcomes
    from desktop.shared.paths import Paths
    from desktop.store.db import open_database

    paths = Paths(province)
    db = open_database(paths.db_file, paths.backup_dir)
    try:
        rows = outcomes.list_rows(db, int(year))
    finally:
        db.dispose()
    accepted = [r for r in rows if r.title_code == "BK_TINH"]
    returned = next(r for r in rows if r.title_code == "TTLDXS")
    for r in accepted:
        cli(province, "province", "outcome", "--year", year, "--commune", r.commune_code, "--row", r.uid, "--accept",
            "--decision", "12/QĐ-UBND", "--date", f"{year}-11-28")
    cli(province, "province", "outcome", "--year", year, "--commune", returned.commune_code, "--row", returned.uid,
        "--return", "--reason", "Thiếu báo cáo thành tích có xác nhận của cấp trình")


def main() -> None:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("run under Xvfb: xvfb-run -a -s '-screen 0 1400x900x24' …")
    work = Path(tempfile.mkdtemp(prefix="thidua-guide-"))
    os.environ["DESKTOP_MACHINE_SECRET_DIR"] = str(work / "secret")
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")  # fresh window geometry
    commune, province = work / "xa", work / "so"
    said = cli(province, "province", "init", "--key-out", str(work / "khoa-so.json"))
    fingerprint = said.rsplit(":", 1)[1].strip()  # "Vân tay khóa của Sở: XXXX-…", read out by phone
    cli(commune, "init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa",
        "--council", "Lê Văn Minh|Chủ tịch Hội đồng|Chủ tịch UBND xã",
        "--council", "Đỗ Thị Thu|Thư ký|Công chức Văn phòng – Thống kê",
        "--province-key", str(work / "khoa-so.json"), "--province-fingerprint", fingerprint)
    cli(commune, "demo", "--people", "300", "--seed", "3")
    cli(commune, "backup")
    cli(commune, "print", "registrations", "--out", str(work / "dang-ky.pdf"))
    # the year-end review as far as the issued documents: a meeting (everyone present), the show of
    # hands on the Lao động tiên tiến list, the decision (which issues the minutes it cites), the
    # annual report, and a correction of the decision
    year = "2026"  # every date below lies before the day the script runs: the province refuses a decision
    # dated in the future or before the commune's proposal
    seats: dict[str, int] = {}
    for m in json.loads(cli(commune, "review", "council", "--json")):
        seats.setdefault(m["role"], m["id"])  # the first chairman and the first secretary
    meeting = cli(commune, "review", "meeting", "--year", year, "--date", f"10/11/{year}", "--all-present",
                  "--chu-tri", str(seats["Chủ tịch Hội đồng"]), "--thu-ky", str(seats["Thư ký"]),
                  "--place", "Hội trường Ủy ban nhân dân xã Tiên Du", "--json")
    meeting_id = str(json.loads(meeting)["id"])
    for title in ("LDTT", "TTLDXS", "BK_TINH"):  # Lao động tiên tiến; the two the province decides
        cli(commune, "review", "vote-list", "--meeting", meeting_id, "--title", title, "--yes", "8")
    decided = json.loads(cli(commune, "review", "decide", "--year", year, "--signed-on", f"15/11/{year}",
                             "--signer", "Lê Văn Minh", "--json"))
    cli(commune, "review", "decide", "--year", year, "--signed-on", f"15/11/{year}", "--signer", "Lê Văn Minh",
        "--proposal", "--meeting", meeting_id)  # the tờ trình to the province, sent with the data file
    cli(commune, "documents", "issue", "report", "--year", year, "--date", f"20/11/{year}")
    decision_id = decided["document"]["id"]
    cli(commune, "documents", "supersede", str(decision_id), "--change", "dinh_chinh", "--date", f"18/11/{year}",
        "--reason", "Ghi sai đơn vị công tác của bà Bùi Thị Lụa")

    _province_reviews(work, commune, province, year)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.shared.paths import Paths
    from desktop.store.db import open_database
    from desktop.ui.app import create_app

    _app = create_app()  # the QApplication must stay referenced while the screenshots are taken
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(widget, name: str) -> None:
        widget.show()
        widget.raise_()
        settle()
        widget.grab().save(str(OUT / f"{name}.png"))
        print("saved", name)

    # First run: an empty data folder shows the set-up dialog.
    from desktop.ui.first_run import FirstRunDialog

    empty = Paths(work / "moi")
    empty.ensure()
    db0 = open_database(empty.db_file, empty.backup_dir)
    first = FirstRunDialog(db0, empty)
    shot(first, "01-khoi-tao")
    first.close()
    db0.dispose()

    # The main window on the demo commune.
    from desktop.ui.main_window import MainWindow

    paths = Paths(commune)
    db = open_database(paths.db_file, paths.backup_dir)
    window = MainWindow(db, paths)
    window.resize(1280, 800)
    shot(window, "02-tong-quan")

    page = window.show_kind("person")
    settle()
    if page is not None and page.view.model().rowCount() > 0:
        page.view.selectRow(2)
    shot(window, "03-danh-sach-ca-nhan")
    dlg = page.open_edit() if page is not None else None
    if dlg is not None:
        shot(dlg, "04-sua-ho-so")
        dlg.reject()

    if "review" in window.extra_pages:
        for i in range(window.nav.count()):
            if window.nav.item(i).data(256) == "review":  # Qt.ItemDataRole.UserRole
                window.nav.setCurrentRow(i)
        settle(1500)
        shot(window, "05-binh-xet")

        page = window.extensions.review
        if page is not None:  # the meeting tab: its minutes issued with the decision, its votes frozen
            page.year.setValue(int(year))
            settle(1500)
            page.tabs.setCurrentIndex(1)
            settle(500)
            shot(window, "11-hop-hoi-dong")
            page.tabs.setCurrentIndex(0)

    if "issued" in window.extra_pages:
        for i in range(window.nav.count()):
            if window.nav.item(i).data(256) == "issued":
                window.nav.setCurrentRow(i)
        issued_page = window.extra_pages["issued"]
        issued_page.year.setValue(int(year))
        settle(1000)
        issued_page.select_id(decision_id)
        settle()
        shot(window, "12-van-ban-da-ban-hanh")
        change = issued_page.open_change()
        if change is not None:
            change.radios["thay_the"].setChecked(True)
            change.reason.setPlainText("Bổ sung các trường hợp Hội đồng đã xét lại")
            shot(change, "13-dinh-chinh-thay-the")
            change.reject()

    from desktop.ui.reports_ui import PreviewDialog

    preview = PreviewDialog("Danh sách đăng ký thi đua", (work / "dang-ky.pdf").read_bytes(), "dang-ky.pdf", window)
    preview.resize(900, 800)
    shot(preview, "06-xem-truoc-in")
    preview.reject()

    if "send" in window.extra_pages:
        for i in range(window.nav.count()):
            if window.nav.item(i).data(256) == "send":
                window.nav.setCurrentRow(i)
        shot(window, "07-gui-du-lieu")
        from desktop.ui.bundle_ui import ExportDialog

        export = ExportDialog(window)
        shot(export, "08-xuat-tep")
        export.reject()

    from desktop.ui.backup_dialogs import RestoreDialog

    restore = RestoreDialog(paths, None, window)
    shot(restore, "09-khoi-phuc")
    restore.reject()

    shown = []
    QMessageBox.exec = lambda box: shown.append(box) or 0  # type: ignore[method-assign]
    window.show_about()
    shot(shown[0], "10-gioi-thieu")
    window.close()
    QApplication.processEvents()
    db.dispose()

    # The province's window on a 1366-pixel screen: Xét đề nghị with the commune's rows received, two
    # accepted under the province's decision and one returned with its reason.
    ppaths = Paths(province)
    pdb = open_database(ppaths.db_file, ppaths.backup_dir)
    pwindow = MainWindow(pdb, ppaths)
    pwindow.resize(1366, 768)
    pwindow.show()
    for i in range(pwindow.nav.count()):
        if pwindow.nav.item(i).data(256) == "outcomes":
            pwindow.nav.setCurrentRow(i)
    outcomes_page = pwindow.extra_pages["outcomes"]
    outcomes_page.year.setValue(int(year))
    settle(1500)
    shot(pwindow, "14-xet-de-nghi")
    pwindow.close()
    QApplication.processEvents()
    pdb.dispose()


if __name__ == "__main__":
    main()
