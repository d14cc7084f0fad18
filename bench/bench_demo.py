"""Sample data for 50,000 people (what ``python -m desktop demo --people 50000`` does), against the
floor: the very same rows inserted with the stdlib sqlite3 module, measured in the same run.

    .venv/bin/python bench/bench_demo.py [--people 50000] [--seed 1]

The app side calls desktop.app.demo.fill in-process on a fresh workspace in a temporary data
folder (the time to create the workspace is not counted). It is split into generation (building
the rows in Python: names, CCCDs, accent-free search keys) and writing (SQLAlchemy bulk insert in
batches, one transaction, one commit). The baseline then reads those rows back and inserts them as
plain tuples with ``sqlite3.executemany`` into an empty file with the same schema and the same
pragmas (WAL, synchronous=FULL, foreign keys on), in one transaction: the cost SQLite itself
cannot avoid (B-tree and index maintenance, foreign key checks, the commit's fsync).

Goal: 50,000 people in a few seconds (under 10 s on the reference machine, 2 cores), and the
writing part within 3 x the sqlite3 floor.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from desktop.app import demo
from desktop.app.demo import insert as demo_insert  # where fill() looks up _build
from desktop.app.workspace import init_workspace
from desktop.shared.paths import Paths
from desktop.store.db import open_database

# parents before children (foreign keys are on in both runs)
TABLES = ("collective", "household", "person", "council_member", "rating", "discipline", "initiative",
          "registration", "achievement", "indicator", "audit_log")


def _fresh_workspace(folder: Path):
    paths = Paths(folder)
    paths.ensure()
    db = open_database(paths.db_file, paths.backup_dir)
    init_workspace(db, "09319", "Cán bộ thử nghiệm")
    return db


def _app_run(folder: Path, people: int, seed: int) -> tuple[float, float, dict[str, int], Path]:
    db = _fresh_workspace(folder)
    timing: dict[str, float] = {}
    build = demo_insert._build

    def timed_build(*args, **kwargs):
        t = time.perf_counter()
        try:
            return build(*args, **kwargs)
        finally:
            timing["build"] = time.perf_counter() - t

    demo_insert._build = timed_build
    try:
        t0 = time.perf_counter()
        counts = demo.fill(db, people, seed)
        total = time.perf_counter() - t0
    finally:
        demo_insert._build = build
        db.dispose()
    return total, timing.get("build", 0.0), counts, db.path


def _baseline(source: Path, target_folder: Path) -> tuple[float, int]:
    # an empty file with the app's schema (through the app's own migrations)
    empty = open_database(target_folder / "baseline.sqlite3")
    target = empty.path
    empty.dispose()
    src = sqlite3.connect(source)
    data = []
    for table in TABLES:
        cur = src.execute(f"SELECT * FROM {table} ORDER BY rowid")  # noqa: S608 - fixed names
        cols = [d[0] for d in cur.description]
        data.append((table, cols, cur.fetchall()))
    src.close()
    rows = sum(len(r) for _, _, r in data)

    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for table, cols, items in data:
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        for i in range(0, len(items), demo.BATCH):
            con.executemany(sql, items[i:i + demo.BATCH])
    con.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="thidua-bench-demo-") as tmp:
        folder = Path(tmp)
        total, build, counts, db_file = _app_run(folder / "data", args.people, args.seed)
        write = total - build
        floor, rows = _baseline(db_file, folder)
        size_mb = db_file.stat().st_size / 1e6

    print(f"demo.fill --people {args.people} --seed {args.seed}")
    print("  rows written: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"  (total {sum(counts.values())})")
    print(f"  database size: {size_mb:.1f} MB")
    print(f"  app total:              {total:7.2f} s  ({sum(counts.values()) / total:,.0f} rows/s)")
    print(f"    generation (Python):  {build:7.2f} s")
    print(f"    writing (SQLAlchemy): {write:7.2f} s")
    print(f"  baseline sqlite3 executemany, same {rows} rows: {floor:7.2f} s  ({rows / floor:,.0f} rows/s)")
    print(f"  ratio writing / baseline: {write / floor:5.2f} x   (goal <= 3 x)")
    print(f"  ratio total / baseline:   {total / floor:5.2f} x")
    verdict = "OK" if total < 10 and write / floor <= 3 else "ABOVE GOAL"
    print(f"  goal: under 10 s in total, writing <= 3 x floor: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
