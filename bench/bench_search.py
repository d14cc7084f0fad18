"""Search-as-you-type in the people list of a 50,000-person workspace, against the same LIKE query
run directly with the stdlib sqlite3 module on the same file.

    .venv/bin/python bench/bench_search.py [--people 50000] [--seed 1] [--rebuild] [--repeat 3]

The workspace is built once with desktop.app.demo.fill and cached in the temp folder
(thidua-bench-search-<people>-<seed>); --rebuild makes it again. Each keystroke does what the
table model does when the search box changes: Records.search_page(...), the first 200 rows and
the number of matches (exact up to 1,000, "more than 1,000" beyond, so broad prefixes such as "n"
need not count the whole table). Queries are typed one letter at a time:
"nguyen van a", "tran thi", "027" (CCCD digits) and "Nguyễn Thị Hương" in decomposed (NFD) form,
so each keystroke may add a bare combining mark.

Goal: every keystroke (count + first page) under 50 ms on the reference machine (2 cores).
The baseline is the plain way to do it: an exact count and the same page query
(LIKE on the folded key, left join to the unit, ORDER BY sort key, LIMIT 200), hand-written SQL
through sqlite3, no ORM.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
import unicodedata
from pathlib import Path

from desktop.app import demo
from desktop.app.workspace import init_workspace
from desktop.core.records import Records
from desktop.shared.paths import Paths
from desktop.shared.text import fold, like_pattern
from desktop.store.db import open_database

GOAL_MS = 50.0
PAGE = 200

QUERIES = {
    "nguyen van a": "nguyen van a",
    "tran thi": "tran thi",
    "027": "027",
    "NFD Nguyễn Thị Hương": unicodedata.normalize("NFD", "Nguyễn Thị Hương"),
}

COUNT_SQL = "SELECT count(*) FROM person WHERE deleted_at IS NULL{where}"
PAGE_SQL = (
    "SELECT p.id, p.full_name, p.sex, p.birth_date, p.cccd, p.position, u.name, p.category "
    "FROM person p LEFT OUTER JOIN collective u ON u.id = p.collective_id "
    "WHERE p.deleted_at IS NULL{where} ORDER BY p.sort_key, p.id LIMIT {page}"
)


def keystrokes(text: str) -> list[str]:
    return [text[:i] for i in range(1, len(text) + 1)]


def workspace(people: int, seed: int, rebuild: bool) -> Paths:
    root = Path(tempfile.gettempdir()) / f"thidua-bench-search-{people}-{seed}"
    marker = root / "ready"
    if rebuild or not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        paths = Paths(root / "data")
        paths.ensure()
        db = open_database(paths.db_file, paths.backup_dir)
        try:
            init_workspace(db, "09319", "Cán bộ thử nghiệm")
            t0 = time.perf_counter()
            demo.fill(db, people, seed)
            print(f"built the workspace ({people} people) in {time.perf_counter() - t0:.1f} s at {root}")
        finally:
            db.dispose()
        marker.write_text("ok", encoding="utf-8")
    else:
        print(f"using the cached workspace at {root} (--rebuild to make it again)")
    return Paths(root / "data")


def app_keystroke(records: Records, q: str) -> tuple[float, int, bool]:
    t0 = time.perf_counter()
    page = records.search_page("person", q, limit=PAGE)
    return (time.perf_counter() - t0) * 1000, page.total, page.more_than


def raw_keystroke(con: sqlite3.Connection, q: str) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    if fold(q):
        where, params = " AND search_key LIKE ? ESCAPE '\\'", (like_pattern(q),)
        pwhere = " AND p.search_key LIKE ? ESCAPE '\\'"
    else:
        where, params, pwhere = "", (), ""
    n = con.execute(COUNT_SQL.format(where=where), params).fetchone()[0]
    rows = con.execute(PAGE_SQL.format(where=pwhere, page=PAGE), params).fetchall()
    return (time.perf_counter() - t0) * 1000, n, len(rows)


def summary(label: str, ms: list[float]) -> str:
    return f"{label}: median {statistics.median(ms):6.1f} ms, max {max(ms):6.1f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="times each keystroke is run (all runs count)")
    args = ap.parse_args(argv)

    paths = workspace(args.people, args.seed, args.rebuild)
    db = open_database(paths.db_file, paths.backup_dir)
    records = Records(db.session, "bench")
    con = sqlite3.connect(paths.db_file)
    try:
        records.count("person")          # first touch: connection, page cache
        con.execute("SELECT count(*) FROM person").fetchone()

        app_all: list[float] = []
        raw_all: list[float] = []
        for name, text in QUERIES.items():
            print(f"\nquery “{name}” typed letter by letter (count + first {PAGE} rows per keystroke)")
            print(f"  {'typed (folded)':<22} {'matches':>8} {'app ms':>8} {'sqlite3 ms':>11}   (median of runs)")
            app_ms: list[float] = []
            raw_ms: list[float] = []
            for q in keystrokes(text):
                runs_app, runs_raw = [], []
                for _ in range(max(1, args.repeat)):
                    a, n, capped = app_keystroke(records, q)
                    b, n_raw, _ = raw_keystroke(con, q)
                    assert (n_raw > n) if capped else (n == n_raw), (q, n, n_raw, capped)
                    runs_app.append(a)
                    runs_raw.append(b)
                app_ms += runs_app
                raw_ms += runs_raw
                mid_app, mid_raw = statistics.median(runs_app), statistics.median(runs_raw)
                flag = "" if max(runs_app) <= GOAL_MS else "  > goal"
                shown = f">{n}" if capped else str(n)
                print(f"  {fold(q) or '(empty)':<22} {shown:>8} {mid_app:>8.1f} {mid_raw:>11.1f}{flag}")
            print("  " + summary("app    ", app_ms))
            print("  " + summary("sqlite3", raw_ms))
            app_all += app_ms
            raw_all += raw_ms
    finally:
        con.close()
        db.dispose()

    print(f"\nall {len(app_all)} keystroke runs ({len(app_all) // max(1, args.repeat)} keystrokes x {args.repeat}),"
          f" {args.people} people")
    print("  " + summary("app (Records.search_page)", app_all))
    print("  " + summary("baseline (same LIKE via sqlite3)", raw_all))
    print(f"  ratio app / baseline (medians): {statistics.median(app_all) / statistics.median(raw_all):.2f} x")
    over = sum(1 for m in app_all if m > GOAL_MS)
    verdict = "met" if not over else f"NOT met on {over} of {len(app_all)} runs"
    print(f"  goal {GOAL_MS:.0f} ms per keystroke: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
