"""Writing the sample rows: ``fill`` builds them (``_build``: the steps of desktop.app.demo.build and
desktop.app.demo.rows, in a fixed order) and bulk-inserts them in batches inside one transaction,
with one audit entry per table."""

from __future__ import annotations

import json

from sqlalchemy import insert

from desktop.app.demo import facts
from desktop.app.demo import rows as R
from desktop.app.demo.build import (
    Rows,
    _Build,
    _collective_rows,
    _household_rows,
    _households,
    _person_rows,
    _plan_collectives,
    _seats,
    _village_heads,
    _villagers,
)
from desktop.app.demo.gen import ACTOR, BATCH, Progress
from desktop.core.labels import NOT_SET_UP
from desktop.core.records import BULK_RECORD_ID, NAV_ORDER
from desktop.shared.errors import UserError
from desktop.shared.i18n import tr
from desktop.store.models import (
    Achievement,
    AuditEntry,
    Collective,
    CouncilMember,
    Discipline,
    Household,
    Indicator,
    Initiative,
    Person,
    Rating,
    Registration,
    utcnow,
)


def fill(db, people: int, seed: int = 1, progress: Progress | None = None) -> dict[str, int]:
    """Append synthetic, deterministic sample data for ``people`` persons. Returns counts per kind."""
    if people < 0:
        raise ValueError("people must be >= 0")
    ws = db.workspace()
    if ws is None:
        raise UserError(tr(NOT_SET_UP))
    unit_name = ws.unit_name
    is_ward = unit_name.startswith("Phường")
    lw = "phường" if is_ward else "xã"
    short = unit_name.split(" ", 1)[1] if " " in unit_name else unit_name
    counts = {k: 0 for k in NAV_ORDER}
    now = utcnow()
    stamp = {"created_at": now, "updated_at": now}

    with db.session() as s:
        conn = s.connection()
        raw = conn.connection.dbapi_connection
        if not getattr(raw, "in_transaction", True):
            # take the write lock first so the ids read below stay ours until commit
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            rows = _build(s, people, seed, unit_name, is_ward, lw, short, stamp, counts)
            total = sum(len(v) for _, v in rows)
            done = 0
            if progress:
                progress(0, total)
            for model, items in rows:
                for i in range(0, len(items), BATCH):
                    chunk = items[i:i + BATCH]
                    # render_nulls: without it the ORM drops None values and splits a batch into a new
                    # statement at every change in which columns are NULL (one subject of three...)
                    s.execute(insert(model).execution_options(render_nulls=True), chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            audit = []
            for model, items in rows:
                if items:
                    audit.append({
                        "actor": ACTOR, "table_name": model.__tablename__, "record_id": BULK_RECORD_ID,
                        "action": "import", "at": now,
                        "changes": json.dumps({"count": len(items), "first_id": items[0]["id"],
                                               "last_id": items[-1]["id"], "seed": seed, "people": people},
                                              ensure_ascii=False),
                    })
            if audit:
                s.execute(insert(AuditEntry), audit)
            s.commit()
        except BaseException:
            s.rollback()
            raise
    return counts


def _build(s, people: int, seed: int, unit_name: str, is_ward: bool, lw: str, short: str,
           stamp: dict, counts: dict[str, int]) -> list[tuple[type, Rows]]:
    """Every row to insert, per table, parents first; ``counts`` gets how many per kind."""
    b = _Build(s, people, seed, unit_name, is_ward, lw, short, stamp)
    _plan_collectives(b)
    _households(b)
    _seats(b)
    _villagers(b)
    _village_heads(b)
    coll_rows = _collective_rows(b)
    hh_rows = _household_rows(b)
    p_rows = _person_rows(b)
    council_rows = R._council_rows(b)
    rating_rows = R._rating_rows(b)
    disc_rows = R._discipline_rows(b)
    init_rows = R._initiative_rows(b)
    reg_rows = R._registration_rows(b)
    ach_rows = R._achievement_rows(b)
    ind_rows = R._indicator_rows(b)
    facts.person_facts(b, p_rows, hh_rows)              # drawn apart: the rows above stay as they were
    merged, merged_ratings = facts.merged_school(b)

    out = [
        (Collective, coll_rows + merged), (Household, hh_rows), (Person, p_rows), (CouncilMember, council_rows),
        (Rating, rating_rows + merged_ratings), (Discipline, disc_rows), (Initiative, init_rows),
        (Registration, reg_rows), (Achievement, ach_rows), (Indicator, ind_rows),
    ]
    key_of = {Person: "person", Household: "household", Collective: "collective", Rating: "rating",
              Discipline: "discipline", Initiative: "initiative", Registration: "registration",
              Achievement: "achievement", Indicator: "indicator", CouncilMember: "council"}
    for model, items in out:
        counts[key_of[model]] = len(items)
    return out
