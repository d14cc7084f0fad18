"""The review's counts in the window: the confirmation of "Lập quyết định…" states the number of cases
the decision will hold, the "Hội đồng cần xem xét" cases included when their box is ticked (it said 45
while the decision covered 733), and after the decision the header counts those awarded as "đã có
quyết định", not "chưa đủ điều kiện"."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core.records import Records
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from tests.ui.test_trust_ui import check, on_next_modal

YEAR = 2026


def _commune(db) -> None:
    """Four people who qualify for Lao động tiên tiến, three farmers whose title the council must
    confirm (no quality rating for them: "Hội đồng cần xem xét"), one rated too low, and one of the
    four also registered for Chiến sĩ thi đua cơ sở, which needs a secret ballot nobody held yet."""
    rec = Records(db.session, "Nguyễn Thị Hoa")
    unit = rec.create("collective", {"name": "Trạm Y tế xã Tiên Du", "kind": "tram_y_te"})

    def person(name, category="vien_chuc", rating="tot", codes=("LDTT",)):
        pid = rec.create("person", {"full_name": name, "sex": "nam", "category": category, "collective_id": unit})
        if rating:
            rec.create("rating", {"subject": ("person", pid), "year": YEAR, "rating": rating})
        for code in codes:
            rec.create("registration", {"subject": ("person", pid), "year": YEAR, "title_code": code})

    person("Đặng Thị Đào", rating="xuat_sac", codes=("LDTT", "CSTDCS"))
    for name in ("Lê Văn Bình", "Trần Văn Cường", "Ngô Văn Tài"):
        person(name)
    for name in ("Vũ Văn Nông", "Hà Thị Lúa", "Đỗ Văn Mạ"):
        person(name, category="nong_dan", rating=None)
    person("Phạm Văn Dũng", rating="hoan_thanh")


@pytest.fixture
def page(qtbot, workspace, paths, monkeypatch):
    _commune(workspace)
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    keys = [w.nav.item(i).data(256) for i in range(w.nav.count())]
    w.nav.setCurrentRow(keys.index("review"))
    p = w.review_page
    p.year.setValue(YEAR)
    qtbot.waitUntil(lambda: not p.busy and p.result is not None and p.result.year == YEAR, timeout=15000)
    p.printed = []
    monkeypatch.setattr(p, "print_decision", p.printed.append)  # the PDF is tested in test_review_ui.py
    return p


def _counts(summary: str) -> dict[str, int]:
    labels = {"ok": "đủ điều kiện", "warning": "Hội đồng cần xem xét", "blocked": "chưa đủ điều kiện",
              "done": "đã có quyết định"}
    return {k: int(re.search(rf"(?:–|,) {re.escape(v)} (\d+)", summary).group(1)) for k, v in labels.items()}


def test_the_confirmation_counts_what_the_decision_takes_and_the_header_what_was_decided(qtbot, page):
    assert _counts(page.summary.text()) == {"ok": 5, "warning": 3, "blocked": 1, "done": 0}
    page.tabs.setCurrentIndex(2)
    box = page.include_warnings
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert box.isChecked()
    asked: list[str] = []

    def cancel(dlg):
        next(b for b in dlg.buttons() if b.text() == "Hủy").click()

    state = on_next_modal(cancel, timeout=30)  # "Hủy": nothing is made, the page is usable again
    qtbot.mouseClick(page.decision_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state["seen"] is not None or state["error"] is not None, timeout=30000)
    check(state)
    qtbot.waitUntil(lambda: page.decision_button.isEnabled(), timeout=5000)
    assert page.review().decisions(YEAR) == [] and not page.printed

    def confirm(dlg):
        assert isinstance(dlg, QMessageBox) and dlg.windowTitle() == "Lập văn bản", dlg.windowTitle()
        asked.append(dlg.text())
        yes = next(b for b in dlg.buttons() if b.text() == "Đồng ý")
        yes.click()

    state = on_next_modal(confirm, timeout=30)
    qtbot.mouseClick(page.decision_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state["seen"] is not None or state["error"] is not None, timeout=30000)
    check(state)
    qtbot.waitUntil(lambda: bool(page.printed), timeout=30000)
    info = page.printed[0]
    assert info.kind == "decision" and len(info.rows) == 7  # 4 qualified + 3 the council confirmed
    (question,) = asked
    assert "Văn bản gồm 7 trường hợp." in question, question
    assert "Trong đó 3 trường hợp “Hội đồng cần xem xét”" in question
    assert "Không đưa vào 2 trường hợp" in question  # too low a rating; no secret ballot yet
    assert {n for n, _t, _r in info.left_out} == {"Phạm Văn Dũng", "Đặng Thị Đào"}

    # the page reloads after the decision: the year's documents list it, the header is counted again
    qtbot.waitUntil(lambda: not page.busy and [d.number_text for d in page.dec_model.items] == [info.number_text],
                    timeout=30000)
    assert _counts(page.summary.text()) == {"ok": 1, "warning": 0, "blocked": 1, "done": 7}
    states = {(r.name, r.title_code): r.status_label for r in page.cand_model.items}
    assert states[("Vũ Văn Nông", "LDTT")] == "Đã có quyết định khen thưởng"
    assert states[("Phạm Văn Dũng", "LDTT")] == "Chưa đủ điều kiện"
    assert states[("Đặng Thị Đào", "CSTDCS")] == "Đủ điều kiện"
