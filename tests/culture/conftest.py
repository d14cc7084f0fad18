"""A commune with two villages (one with many households), a residential group merged away and a
deleted village, for the cultural titles' procedure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import insert

from desktop.store.models import Collective, Household

YEAR = 2026


@dataclass
class Commune:
    db: object
    village: int        # Thôn Đông Sơn, ``n`` households
    other: int          # Thôn Bắc, 3 households
    merged: int         # Tổ dân phố 5, merged on 01/07/2025
    deleted: int        # Thôn Cũ, in the recycle bin
    households: list[int]
    other_households: list[int]


def make_commune(db, n: int = 40) -> Commune:
    with db.session() as s, s.begin():
        v = Collective(name="Thôn Đông Sơn", kind="thon", search_key="thon dong son")
        o = Collective(name="Thôn Bắc", kind="thon", search_key="thon bac")
        m = Collective(name="Tổ dân phố 5", kind="to_dan_pho", status="merged", ended_on=dt.date(2025, 7, 1))
        d = Collective(name="Thôn Cũ", kind="thon", deleted_at=dt.datetime(2026, 1, 5))
        s.add_all([v, o, m, d])
        s.flush()
        s.execute(insert(Household), [{"head_name": f"Nguyễn Văn {i:05d}", "village_id": v.id, "address": "Xóm Giữa",
                                       "search_key": f"nguyen van {i:05d} xom giua"} for i in range(n)])
        s.execute(insert(Household), [{"head_name": f"Trần Thị {i}", "village_id": o.id, "address": "Xóm Bắc",
                                       "search_key": f"tran thi {i}"} for i in range(3)])
        ids = [h.id for h in s.query(Household).filter(Household.village_id == v.id).order_by(Household.id)]
        others = [h.id for h in s.query(Household).filter(Household.village_id == o.id).order_by(Household.id)]
        return Commune(db, v.id, o.id, m.id, d.id, ids, others)


@pytest.fixture
def commune(workspace) -> Commune:
    return make_commune(workspace)


def ready_round(db, village: int, posted_from=dt.date(YEAR, 11, 2)):
    """A GDVH round of ``village``: meeting 01/11, everyone marked đạt, the list posted from ``posted_from``."""
    from desktop.app import culture

    r = culture.open_round(db, YEAR, "GDVH", village, "Cán bộ")
    culture.record_meeting(db, r.id, dt.date(YEAR, 11, 1), "Cán bộ", chair="Nguyễn Văn Tùng",
                           front_members="Lê Thị Hạnh (Trưởng ban Công tác Mặt trận)", attendance=52)
    culture.mark(db, r.id, "dat", "Cán bộ")
    culture.record_posting(db, r.id, posted_from, "Cán bộ")
    return culture.get_round(db, r.id)


def prompt_log(monkeypatch) -> dict:
    """The window's prompts recorded instead of shown: errors, questions (answered yes), notices."""
    from desktop.ui import prompts

    s: dict = {"errors": [], "asked": [], "info": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: s["info"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: s["asked"].append(text) or True)
    return s


def culture_window(qtbot, workspace, paths, n: int):
    """The main window at 1366×728 on a commune of ``n`` households in one village (``w.commune``)."""
    from desktop.ui.app import create_app
    from desktop.ui.main_window import MainWindow

    commune = make_commune(workspace, n=n)
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.resize(1366, 728)
    w.show()
    w.commune = commune
    return w
