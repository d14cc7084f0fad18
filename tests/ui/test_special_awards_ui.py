"""The awards besides the year-end review and the launch plan, through the window (offscreen): the
"Khen thưởng chuyên đề, đột xuất" form picks a subject, ticks its achievements, shows the money and
issues the decision, which is previewed and listed; an achievement rewarded once cannot be ticked again;
the "Kế hoạch phát động thi đua" form issues the year's plan with its registration deadline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.records import Records
from desktop.ui import prompts
from desktop.ui.app import create_app
from desktop.ui.issued.special_dialogs import LaunchPlanDialog, SpecialAwardDialog
from desktop.ui.main_window import MainWindow
from tests.ui.test_issued_documents_ui import _open_issued, _preview
from tests.ui.test_review_ui import YEAR


@pytest.fixture
def state(monkeypatch):
    s = {"errors": [], "asked": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: s["asked"].append(text) or True)
    return s


@pytest.fixture
def window(qtbot, workspace, paths):
    rec = Records(workspace.session, "Nguyễn Thị Hoa")
    pid = rec.create("person", {"full_name": "Hoàng Văn Cường", "sex": "nam", "category": "nong_dan"})
    for text in ("Cứu hai em nhỏ đuối nước", "Hiến đất làm đường"):
        rec.create("achievement", {"subject": ("person", pid), "year": YEAR, "area_code": "1.5",
                                   "description": text})
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.resize(1366, 728)
    w.show()
    w.person_id = pid
    return w


def _add(qtbot, dlg, subject):
    before = dlg.tree.topLevelItemCount()
    dlg.picker.set_value(subject)
    dlg.add_button.click()
    qtbot.waitUntil(lambda: dlg.tree.topLevelItemCount() == before + 1, timeout=10000)
    return dlg.tree.topLevelItem(before)


def test_a_dot_xuat_award_through_the_form_then_its_achievement_is_taken(qtbot, window, state):
    w = window
    page = _open_issued(qtbot, w)
    page.special_button.click()
    dlg = page.dialog
    assert isinstance(dlg, SpecialAwardDialog) and dlg.occasion.currentData() == "dot_xuat"
    assert dlg.minimumSizeHint().width() <= 1366 and dlg.minimumSizeHint().height() <= 728
    dlg.theme.setText("cứu người đuối nước ngày 02/8/2026")
    dlg.on.setDate(dlg.on.date().fromString(f"20/09/{YEAR}", "dd/MM/yyyy"))
    dlg.signer.setText("Lê Văn Minh")
    top = _add(qtbot, dlg, ("person", w.person_id))
    assert top.text(0) == "Hoàng Văn Cường" and top.childCount() == 2
    top.child(1).setCheckState(0, Qt.CheckState.Unchecked)   # only the rescue is rewarded
    assert "1 đối tượng được khen" in dlg.money.text()
    dlg.ok_button.click()
    text = _preview(qtbot, w.reports_ext)
    assert "Về việc khen thưởng đột xuất: cứu người đuối nước ngày 02/8/2026" in text and "Số: 01/QĐ-UBND" in text
    assert "tặng Giấy khen cho 1 đối tượng" in state["asked"][-1]
    assert not dlg.isVisible() and not state["errors"]
    qtbot.waitUntil(lambda: not page.busy and any(d.number_text == "01/QĐ-UBND" for d in page.model.items),
                    timeout=10000)
    # again: the rescue is rewarded already (not tickable), the other achievement is still free
    page.special_button.click()
    again = page.dialog
    top = _add(qtbot, again, ("person", w.person_id))
    rescue = next(top.child(i) for i in range(top.childCount()) if top.child(i).text(0).startswith("Cứu"))
    assert "01/QĐ-UBND" in rescue.text(2) and not rescue.flags() & Qt.ItemFlag.ItemIsEnabled
    assert [ids for _s, ids in again.awardees()] == [(top.child(1).data(0, Qt.ItemDataRole.UserRole),)]
    again.close()


def test_the_launch_plan_through_the_form(qtbot, window, state):
    w = window
    page = _open_issued(qtbot, w)
    page.plan_button.click()
    dlg = page.dialog
    assert isinstance(dlg, LaunchPlanDialog)
    assert dlg.minimumSizeHint().width() <= 1366 and dlg.minimumSizeHint().height() <= 728
    dlg.launched_on.setDate(dlg.launched_on.date().fromString(f"10/02/{YEAR}", "dd/MM/yyyy"))
    dlg.deadline.setDate(dlg.deadline.date().fromString(f"28/02/{YEAR}", "dd/MM/yyyy"))
    dlg.targets.item(2).setCheckState(Qt.CheckState.Checked)
    dlg.signer.setText("Lê Văn Minh")
    dlg.ok_button.click()
    text = _preview(qtbot, w.reports_ext)
    assert "KẾ HOẠCH" in text and "Số: 01/KH-UBND" in text and "chậm nhất ngày 28/02/2026" in text
    assert "Chỉ tiêu (3)" in text and "hạn đăng ký thi đua 28/02/2026" in state["asked"][-1]
    qtbot.waitUntil(lambda: not page.busy and any(d.kind == "launch_plan" for d in page.model.items), timeout=10000)
