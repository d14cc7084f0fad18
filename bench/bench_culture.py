"""Bulk marking of Gia đình văn hóa in a merged ward: 12,000 households of one village marked at once
(``culture.mark``: all, then a CSV-sized list of 11,000 ids), against the floor measured in the same
run — the same rows written with the stdlib sqlite3 ``executemany`` into the same file.

    .venv/bin/python bench/bench_culture.py [--households 12000] [--repeat 5]

Goal: marking all households within 3 × the floor, and a listed 11,000 (checked against the village,
duplicates and deleted rows) under 1 s on the reference machine (2 cores)."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from desktop.app import culture
from desktop.app.workspace import init_workspace
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.store.models import Collective, Household


def setup(folder: Path, n: int):
    paths = Paths(folder / "data")
    paths.ensure()
    db = open_database(paths.db_file, paths.backup_dir)
    init_workspace(db, "09319", "Cán bộ thử")
    with db.session() as s, s.begin():
        v = Collective(name="Thôn Đông Sơn", kind="thon")
        s.add(v)
        s.flush()
        s.execute(insert(Household), [{"head_name": f"Hộ {i}", "village_id": v.id, "search_key": f"ho {i}"}
                                      for i in range(n)])
        ids = [i for (i,) in s.query(Household.id).order_by(Household.id)]
        vid = v.id
    return paths, db, vid, ids


def floor(path: Path, round_id: int, ids: list[int]) -> float:
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=FULL")
    now = dt.datetime.now().isoformat(sep=" ")
    t = time.perf_counter()
    with con:
        con.execute("DELETE FROM culture_mark WHERE round_id = ?", (round_id,))
        con.executemany("INSERT INTO culture_mark (round_id, household_id, result, votes, note, updated_at) "
                        "VALUES (?, ?, 'dat', NULL, '', ?)", [(round_id, i, now) for i in ids])
    took = time.perf_counter() - t
    con.close()
    return took


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--households", type=int, default=12_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="thidua-bench-culture-") as tmp:
        paths, db, vid, ids = setup(Path(tmp), args.households)
        r = culture.open_round(db, 2026, "GDVH", vid, "Cán bộ thử")
        all_t, list_t, floor_t = [], [], []
        listed = ids[: max(len(ids) - 1000, 1)]
        for _ in range(args.repeat):
            t = time.perf_counter()
            assert culture.mark(db, r.id, "dat", "Cán bộ thử").count == len(ids)
            all_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert culture.mark(db, r.id, "khong_dat", "Cán bộ thử", ids=listed).count == len(listed)
            list_t.append(time.perf_counter() - t)
            floor_t.append(floor(paths.db_file, r.id, ids))
        db.dispose()
    a, li, f = statistics.median(all_t), statistics.median(list_t), statistics.median(floor_t)
    print(f"households: {len(ids)}, medians of {args.repeat}")
    print(f"mark all:          {a * 1000:8.1f} ms   ({a / f:4.2f} × floor; goal ≤ 3 ×)")
    print(f"mark list {len(listed):>6}: {li * 1000:8.1f} ms   (goal < 1000 ms)")
    print(f"floor (sqlite3 executemany, same rows): {f * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
