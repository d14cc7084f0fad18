"""A cultural title decision repealed through the "Văn bản đã ban hành" page's change dialog
(offscreen): the repeal is offered, the question says the awards are withdrawn, the decision of repeal
is listed, the old one out of force, its award history withdrawn and the round ready to be corrected;
the village's minutes are not offered the repeal."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.app import culture
from desktop.store.models_review import AwardHistory
from desktop.ui.issued.dialogs import ChangeDialog
from tests.culture.conftest import YEAR, culture_window, prompt_log
from tests.culture.test_changes import _decided


@pytest.fixture
def state(monkeypatch):
    return prompt_log(monkeypatch)


@pytest.fixture
def window(qtbot, workspace, paths):
    return culture_window(qtbot, workspace, paths, n=30)


def _live_awards(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AwardHistory).where(AwardHistory.deleted_at.is_(None)))


def test_a_culture_decision_repealed_through_the_dialog(qtbot, window, state):
    w = window
    rid, dec = _decided(w.db, w.commune.village)
    assert _live_awards(w.db) == 30
    page = w.extensions.issued
    keys = [w.nav.item(i).data(256) for i in range(w.nav.count())]
    w.nav.setCurrentRow(keys.index("issued"))
    page.year.setValue(YEAR)
    qtbot.waitUntil(lambda: not page.busy and len(page.model.items) == 2, timeout=15000)
    minutes = next(d for d in page.model.items if d.kind == "culture_minutes")
    page.select_id(minutes.id)
    dlg = page.open_change()
    assert isinstance(dlg, ChangeDialog) and not dlg.radios["bai_bo"].isEnabled()
    dlg.reject()

    page.select_id(dec.id)
    dlg = page.open_change()
    assert isinstance(dlg, ChangeDialog) and dlg.radios["bai_bo"].isEnabled()
    dlg.radios["bai_bo"].setChecked(True)
    dlg.on.setDate(dt.date(YEAR, 12, 1))
    dlg.reason.setPlainText("Công nhận nhầm hộ không đủ tiêu chuẩn")
    dlg.ok_button.click()
    assert "khen thưởng ghi theo quyết định này bị thu hồi" in state["asked"][-1]
    qtbot.waitUntil(lambda: not dlg.isVisible() and not page.busy and len(page.model.items) == 3, timeout=30000)
    assert not state["errors"]
    repeal = next(d for d in page.model.items if d.kind == "repeal")
    old = next(d for d in page.model.items if d.id == dec.id)
    assert repeal.replaces_id == dec.id and repeal.number_text == "02/QĐ-UBND" and not old.in_force
    assert _live_awards(w.db) == 0
    r = culture.get_round(w.db, rid)
    assert r.status == "finished" and r.decision_doc_id is None
