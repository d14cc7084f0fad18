"""Province import of 99 communes' data files (about 5,000 records each) on SQLite and on PostgreSQL,
against the raw floor measured in the same run; peak memory during the import; the consolidated views
at that size.

    .venv/bin/python bench/bench_province.py [--communes 99] [--people 2560] [--seed 1] [--rebuild]
        [--pg-url postgresql://…] [--no-pg] [--views-repeat 5] [--profile N]

The data files are made once and cached in the temp folder (thidua-bench-province-<communes>-<people>-
<seed>; --rebuild makes them again, e.g. after the record kinds or the file format changed). One demo
workspace (desktop.app.demo.fill, --people chosen so that it holds about 5,000 records across the
kinds) is exported record by record (records_codec.export_kind, as the commune's export does); each
of the first N official units then gets its own file (see derive()): every uid and reference rewritten
to its commune code, CCCD serials and birth dates varied per commune (in every second commune 1 % of
the people shared with the commune before, so the duplicates view has something to find), a share of
the registrations moved to titles decided above the commune (the demo has none, and the proposals
view lists only those), its own Ed25519 signing key, and the file built exactly as
desktop.app.commune.build does (gzip JSON Lines parts, canonical manifest, PAE signature, sections,
age encryption to the province). The cache also holds the throwaway province age identity in plain
text and the 99 signed enrolment requests: benchmark keys, nothing else ever uses them.

Each measured phase runs in a fresh child process (so its peak resident set is its own):

* app: a fresh province workspace (province.init_province), the 99 communes enrolled (province.enrol,
  timed apart), then every file through desktop.app.province.import_file, one after another, the
  age identity opened once as `province import FILE...` does. Split by wrapping the module's
  _decrypt, _check (structure, signature, hashes, every record), _changes (the preview diff) and
  receipt; the rest is writing (chain check, delete, batched inserts, commit).
* floor: the very rows the app wrote (read back from its database: each province_bundle row with the
  raw file, then its province_record rows) inserted into an empty database with the same schema (the
  app's migrations), one transaction per file as the app does, no decryption, no checks. SQLite: the
  stdlib sqlite3 executemany with the app's pragmas (WAL, synchronous=FULL, foreign keys on).
  PostgreSQL: psycopg executemany, and COPY.
* views: desktop.app.province_views' board, title_counts, proposals, duplicates, indicators, each
  run --views-repeat times on the imported database (goal: at most 200 ms a query).

PostgreSQL comes from --pg-url, else THIDUA_TEST_PG_URL; without either, when run as root, the script
starts a throwaway server itself with .ci/pg-start (fsync off, like the CI server) and stops it at the
end. The benchmark creates its own databases on that server (thidua_bench_app, thidua_bench_floor)
and drops them afterwards. --no-pg skips PostgreSQL.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import cProfile
import datetime as dt
import io
import json
import multiprocessing
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

VIEWS = ("board", "title_counts", "proposals", "duplicates", "indicators")
VIEW_GOAL_MS = 200.0
PERIOD = "2026"
YEAR = 2026       # the demo's plan year: registrations and the last ratings
BASE_CODE = "09319"
BATCH = 5000  # as province.import_file


# --------------------------------------------------------------------------- small helpers


def rss_mb() -> float:
    """Current resident set (Linux /proc; elsewhere the peak, the best that is available)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak resident set since the process started or since reset_peak() (Linux VmHWM)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1e3
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes on macOS, KiB on Linux


def reset_peak() -> bool:
    """Start the peak anew (Linux >= 4.0), so that set-up (the province key's scrypt) does not count."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def run_child(fn, *args):
    """Run ``fn(*args)`` in a fresh interpreter (spawn): its memory figures are its own."""
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as ex:
        return ex.submit(fn, *args).result()


# --------------------------------------------------------------------------- the 99 data files


def _rewrite_uids(value, code: str):
    if isinstance(value, dict):
        return {k: _rewrite_uids(v, code) for k, v in value.items()}
    if isinstance(value, str) and value.startswith(BASE_CODE + ":"):
        return code + value[len(BASE_CODE):]
    return value


# The demo registers only titles the commune itself decides; the province's proposals view lists the
# titles decided above it. A share of the registrations is moved up (valid for the subject type):
# every CSTDCS to CSTD_TINH, one LDTT in eight to BK_TINH, one TTLDTT in three to TTLDXS.
UPWARD = {("person", "CSTDCS"): (1, "CSTD_TINH"), ("person", "LDTT"): (8, "BK_TINH"),
          ("collective", "TTLDTT"): (3, "TTLDXS")}


def derive(kind: str, rec: dict, code: str, index: int) -> dict:
    """The demo record as commune number ``index`` (0-based) sends it: its own uids; CCCD serials (the
    last six digits) remapped per commune, a bijection within a commune, except that in every second
    commune one person in a hundred has the number (and birth date) of the same person in the commune
    before (the same person registered in two places, what the duplicates view looks for); birth dates
    shifted per commune, so that the copies of one demo person in different communes do not all share
    name and birth date."""
    out = _rewrite_uids(rec, code)
    k = index
    cccd = rec.get("cccd")
    if isinstance(cccd, str) and len(cccd) == 12 and cccd.isdigit():
        serial = int(cccd[6:])
        if index % 2 == 1 and serial % 100 == 0:
            k = index - 1
        out["cccd"] = cccd[:6] + f"{(serial * 7919 + k * 104729) % 1_000_000:06d}"
    if kind == "person" and rec.get("birth_date"):
        born = dt.date.fromisoformat(rec["birth_date"]) + dt.timedelta(days=(k * 97) % 731 - 365)
        out["birth_date"] = born.isoformat()
    if kind == "registration" and isinstance(rec.get("subject"), dict):
        rule = UPWARD.get((rec["subject"]["type"], rec.get("title_code")))
        if rule and int(rec["uid"].rsplit(":", 1)[1]) % rule[0] == 0:
            out["title_code"] = rule[1]
    return out


def _enrol_request(signer, code: str, name: str) -> bytes:
    from desktop import __version__
    from desktop.bundle.keys import b64, now_iso
    from desktop.bundle.statements import ENROL_TYPE
    from desktop.bundle.strictjson import dumps

    body = {"type": "tdkt-enrol-request", "version": 1, "commune_code": code, "commune_name": name,
            "officer": "Cán bộ thử nghiệm", "public_key": b64(signer.public_raw), "key_id": signer.key_id,
            "fingerprint": signer.fingerprint, "created_at": now_iso(), "app_version": __version__,
            "last_export": None, "rotation_from": None}
    return json.dumps({**body, "signature": b64(signer.sign(ENROL_TYPE, dumps(body)))},
                      ensure_ascii=False, indent=2).encode("utf-8")


def _build_file(records: dict[str, list[dict]], code: str, name: str, signer, recipient: str) -> bytes:
    """What desktop.app.commune.build writes, for records already in hand."""
    import pyrage
    from pyrage import x25519

    from desktop import __version__
    from desktop.bundle import container
    from desktop.bundle.container import MANIFEST_TYPE, Manifest, PartInfo, compress_part, sha256
    from desktop.bundle.keys import key_id, now_iso
    from desktop.bundle.records_codec import RECORD_KINDS
    from desktop.bundle.strictjson import dumps

    parts = []
    for kind in RECORD_KINDS:
        recs = records.get(kind, [])
        stored, raw = compress_part(recs)
        parts.append((PartInfo(f"{kind}.jsonl.gz", kind, len(stored), len(raw), sha256(stored), len(recs)), stored))
    manifest = Manifest(commune_code=code, commune_name=name, signer_key_id=signer.key_id,
                        recipient_key_id=key_id(recipient), sequence=1, previous_hash=None, period=PERIOD,
                        kind="full", created_at=now_iso(), app_version=__version__, parts=[p for p, _ in parts])
    manifest_bytes = dumps(manifest.to_json())
    inner = container.encode_sections([("manifest", manifest_bytes),
                                       ("signature", signer.sign(MANIFEST_TYPE, manifest_bytes))]
                                      + [(p.name, data) for p, data in parts])
    return pyrage.encrypt(inner, [x25519.Recipient.from_str(recipient)])


def prepare(root: Path, communes: int, people: int, seed: int, rebuild: bool) -> dict:
    marker = root / "ready.json"
    if not rebuild and marker.exists():
        meta = json.loads(marker.read_text(encoding="utf-8"))
        print(f"using the cached data files at {root} (--rebuild to make them again)")
        return meta
    from desktop.app import demo
    from desktop.app.workspace import init_workspace
    from desktop.bundle.keys import AgeIdentity, SigningKey
    from desktop.bundle.records_codec import RECORD_KINDS, export_kind
    from desktop.core.units import bac_ninh_units
    from desktop.shared.paths import Paths
    from desktop.store.db import open_database

    units = bac_ninh_units()
    if not 1 <= communes <= len(units):
        raise SystemExit(f"--communes must be 1 … {len(units)}")
    shutil.rmtree(root, ignore_errors=True)
    (root / "files").mkdir(parents=True)
    (root / "enrol").mkdir()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="thidua-bench-province-demo-") as tmp:
        paths = Paths(Path(tmp))
        paths.ensure()
        db = open_database(paths.db_file, paths.backup_dir)
        try:
            init_workspace(db, BASE_CODE, "Cán bộ thử nghiệm")
            demo.fill(db, people, seed)
            with db.session() as s:
                base = {k: list(export_kind(s, BASE_CODE, k)) for k in RECORD_KINDS}
        finally:
            db.dispose()
    t_demo = time.perf_counter() - t0
    identity = AgeIdentity.generate()
    (root / "province-identity.txt").write_text(str(identity.identity), encoding="utf-8")
    t1 = time.perf_counter()
    for i, unit in enumerate(units[:communes]):
        signer = SigningKey.generate()
        recs = {k: [derive(k, r, unit.code, i) for r in rows] for k, rows in base.items()}
        data = _build_file(recs, unit.code, unit.name, signer, identity.recipient)
        (root / "files" / f"ThiDua_{unit.code}_{PERIOD}_so0001.tdkt").write_bytes(data)
        (root / "enrol" / f"{unit.code}.json").write_bytes(_enrol_request(signer, unit.code, unit.name))
    meta = {"communes": communes, "people": people, "seed": seed,
            "records_per_file": sum(len(v) for v in base.values()),
            "per_kind": {k: len(v) for k, v in base.items()},
            "bytes": sum(f.stat().st_size for f in (root / "files").iterdir())}
    marker.write_text(json.dumps(meta), encoding="utf-8")
    print(f"made {communes} data files in {t_demo + time.perf_counter() - t1:.1f} s "
          f"(demo workspace {t_demo:.1f} s) at {root}")
    return meta


# --------------------------------------------------------------------------- consolidated views


VIEW_ARGS = {"board": (PERIOD,), "title_counts": (YEAR,), "proposals": (YEAR,), "duplicates": (YEAR,),
             "indicators": (YEAR,)}


def call_view(name: str, fn, db):
    """One consolidated view on the province database, for the period/year of the data files."""
    return fn(db, *VIEW_ARGS[name])


def time_views(db, repeat: int) -> dict | str:
    """VIEWS BENCHMARK: each view of desktop.app.province_views on the imported province database;
    first (cold) run and median of the runs, in ms. Returns a note when the module is not there."""
    try:
        from desktop.app import province_views as consolidate
    except ImportError:
        return "desktop/app/province_views.py is not there yet: the views benchmark awaits it"
    out: dict[str, dict] = {}
    for name in VIEWS:
        fn = getattr(consolidate, name, None)
        if fn is None:
            out[name] = {"error": "no such function"}
            continue
        runs = []
        try:
            for _ in range(max(1, repeat)):
                t0 = time.perf_counter()
                result = call_view(name, fn, db)
                runs.append((time.perf_counter() - t0) * 1000)
        except Exception as exc:  # report it beside the others rather than lose the whole run
            out[name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
            continue
        rows = getattr(result, "rows", result)
        size = len(rows) if hasattr(rows, "__len__") else None
        out[name] = {"first": runs[0], "median": statistics.median(runs), "max": max(runs), "rows": size}
    return out


# --------------------------------------------------------------------------- phases (child processes)


def phase_app(root: str, data_dir: str, db_url: str | None, views_repeat: int, profile_files: int = 0) -> dict:
    os.environ["DESKTOP_MACHINE_SECRET_DIR"] = str(Path(data_dir) / "machine-secret")
    os.environ.pop("DESKTOP_PASSPHRASE", None)
    from pyrage import x25519
    from sqlalchemy import func, select

    from desktop.app import province
    from desktop.app.workspace import open_workspace
    from desktop.bundle.keys import AgeIdentity
    from desktop.shared.paths import Paths
    from desktop.store.models_bundle import ProvinceRecord

    paths = Paths(Path(data_dir), db_url)
    db = open_workspace(paths)
    province.init_province(db, paths)
    cache = Path(root)
    identity = AgeIdentity(x25519.Identity.from_str(
        (cache / "province-identity.txt").read_text(encoding="utf-8").strip()))
    t0 = time.perf_counter()
    for req in sorted((cache / "enrol").iterdir()):
        province.enrol(db, req.read_bytes())
    enrol_s = time.perf_counter() - t0
    files = sorted((cache / "files").iterdir())
    if profile_files:
        files = files[:profile_files]

    spent = {"decrypt": 0.0, "check": 0.0, "changes": 0.0, "receipt": 0.0}
    originals = {}
    for part, attr in (("decrypt", "_decrypt"), ("check", "_check_envelope"), ("check", "_stage_records"),
                       ("changes", "_changes"),
                       ("receipt", "receipt")):
        inner = getattr(province, attr)
        originals[attr] = inner

        def timed(*a, _inner=inner, _part=part, **k):
            t = time.perf_counter()
            try:
                return _inner(*a, **k)
            finally:
                spent[_part] += time.perf_counter() - t
        setattr(province, attr, timed)

    rss_before = rss_mb()
    peak_reset = reset_peak()
    rss_after_file = []
    per_file = []
    profiler = cProfile.Profile() if profile_files else None
    try:
        with profiler or contextlib.nullcontext():
            start = time.perf_counter()
            for f in files:
                t = time.perf_counter()
                r = province.import_file(db, paths, f.read_bytes(), f.name, identity=identity)
                per_file.append(time.perf_counter() - t)
                if r.status != "accepted":
                    raise RuntimeError(f"{f.name}: {r.status}")
                rss_after_file.append(rss_mb())
            total = time.perf_counter() - start
    finally:
        for attr, fn in originals.items():
            setattr(province, attr, fn)
    peak = max([peak_rss_mb()] + rss_after_file)  # VmHWM is updated lazily; never below a sample
    with db.session() as s:
        records = s.scalar(select(func.count()).select_from(ProvinceRecord))
    out = {"dialect": db.engine.dialect.name, "files": len(files), "records": records, "total": total,
           "per_file": per_file, "spent": spent, "enrol": enrol_s, "rss_before": rss_before, "peak": peak,
           "peak_reset": peak_reset,
           "rss_first": rss_after_file[0], "rss_last": rss_after_file[-1],
           "db_path": str(db.path) if db.path else None}
    if profiler is not None:
        buf = io.StringIO()
        stats = pstats.Stats(profiler, stream=buf)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
        out["profile"] = buf.getvalue()
    else:
        out["views"] = time_views(db, views_repeat)
        if isinstance(out["views"], dict):
            # Right after a bulk import the planner's statistics are stale (PostgreSQL's autovacuum
            # analyses a minute or so later; SQLite only on request): the views again after ANALYZE.
            from sqlalchemy import text

            t = time.perf_counter()
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE province_record" if db.engine.dialect.name == "postgresql"
                                  else "ANALYZE"))
            out["analyze"] = time.perf_counter() - t
            out["views_analyzed"] = time_views(db, views_repeat)
    db.dispose()
    return out


BUNDLE_SQL = "SELECT * FROM province_bundle ORDER BY id"
RECORD_COLS = ("commune_code", "kind", "uid", "payload", "bundle_id", "name", "cccd", "subject_uid",
               "title_code", "year", "birth_date", "name_fold")


def _rows(fetch_bundles, fetch_records) -> tuple[list[str], list[tuple], dict[int, list[tuple]]]:
    cols, bundles = fetch_bundles()
    by_bundle: dict[int, list[tuple]] = {}
    for row in fetch_records():
        by_bundle.setdefault(row[4], []).append(row)
    return cols, bundles, by_bundle


def phase_floor_sqlite(app_db: str, folder: str) -> dict:
    import sqlite3

    from desktop.store.db import open_database

    src = sqlite3.connect(app_db)

    def bundles():
        cur = src.execute(BUNDLE_SQL)
        return [d[0] for d in cur.description], cur.fetchall()

    def records():
        return src.execute(f"SELECT {', '.join(RECORD_COLS)} FROM province_record ORDER BY id")  # noqa: S608

    cols, bundle_rows, by_bundle = _rows(bundles, records)
    src.close()
    empty = open_database(Path(folder) / "floor.sqlite3")  # the app's schema, through its migrations
    target = empty.path
    empty.dispose()
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    bsql = f"INSERT INTO province_bundle ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    rsql = f"INSERT INTO province_record ({', '.join(RECORD_COLS)}) VALUES ({', '.join('?' * len(RECORD_COLS))})"
    rss_before = rss_mb()
    reset_peak()
    per_file = []
    start = time.perf_counter()
    for b in bundle_rows:
        t = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute(bsql, b)
        items = by_bundle.get(b[0], [])
        for i in range(0, len(items), BATCH):
            con.executemany(rsql, items[i:i + BATCH])
        con.execute("COMMIT")
        per_file.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    n = con.execute("SELECT count(*) FROM province_record").fetchone()[0]
    con.close()
    return {"executemany": {"total": total, "per_file": per_file, "records": n},
            "rss_before": rss_before, "peak": peak_rss_mb()}


def phase_floor_pg(app_url: str, floor_url: str) -> dict:
    import psycopg

    from desktop.store.db import open_url

    open_url(floor_url).dispose()  # the app's schema, through its migrations
    with psycopg.connect(app_url) as src:
        def bundles():
            cur = src.execute(BUNDLE_SQL)
            return [d.name for d in cur.description], cur.fetchall()

        def records():
            return src.execute(f"SELECT {', '.join(RECORD_COLS)} FROM province_record ORDER BY id").fetchall()  # noqa: S608

        cols, bundle_rows, by_bundle = _rows(bundles, records)
    bsql = f"INSERT INTO province_bundle ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
    rsql = (f"INSERT INTO province_record ({', '.join(RECORD_COLS)}) "
            f"VALUES ({', '.join(['%s'] * len(RECORD_COLS))})")
    copy_sql = f"COPY province_record ({', '.join(RECORD_COLS)}) FROM STDIN"
    out: dict = {"rss_before": rss_mb()}
    reset_peak()
    with psycopg.connect(floor_url) as con:
        for how in ("executemany", "copy"):
            con.execute("TRUNCATE province_record, province_bundle")
            con.commit()
            per_file = []
            start = time.perf_counter()
            for b in bundle_rows:
                t = time.perf_counter()
                with con.transaction(), con.cursor() as cur:
                    cur.execute(bsql, b)
                    items = by_bundle.get(b[0], [])
                    if how == "copy":
                        with cur.copy(copy_sql) as cp:
                            for row in items:
                                cp.write_row(row)
                    else:
                        for i in range(0, len(items), BATCH):
                            cur.executemany(rsql, items[i:i + BATCH])
                per_file.append(time.perf_counter() - t)
            total = time.perf_counter() - start
            n = con.execute("SELECT count(*) FROM province_record").fetchone()[0]
            out[how] = {"total": total, "per_file": per_file, "records": n}
    out["peak"] = peak_rss_mb()
    return out


# --------------------------------------------------------------------------- PostgreSQL server


class PgServer:
    """The server URL to use, and the throwaway server this script started (stopped at the end)."""

    def __init__(self, url: str | None, started: dict | None = None):
        self.url, self.started = url, started

    @classmethod
    def find(cls, url: str | None) -> tuple[PgServer, str]:
        url = url or os.environ.get("THIDUA_TEST_PG_URL")
        if url:
            return cls(url), f"PostgreSQL at {url.split('@')[-1]}"
        script = REPO / ".ci" / "pg-start"
        if os.name == "posix" and os.geteuid() == 0 and script.exists():
            try:
                out = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=True,
                                     timeout=300).stdout
            except (subprocess.SubprocessError, OSError) as exc:
                return cls(None), f"PostgreSQL skipped: .ci/pg-start failed ({exc})"
            env = dict(re.findall(r"(THIDUA_\w+)=(\S+)", out))
            return (cls(env["THIDUA_TEST_PG_URL"], env),
                    f"PostgreSQL: started a throwaway server with .ci/pg-start "
                    f"({env['THIDUA_TEST_PG_URL'].split('@')[-1]}, fsync off)")
        return cls(None), ("PostgreSQL skipped: no server (give --pg-url or set THIDUA_TEST_PG_URL, "
                           "or run as root so the script can start one with .ci/pg-start)")

    def database(self, name: str) -> str:
        """A fresh database on the server; its URL."""
        import psycopg
        from sqlalchemy.engine import make_url

        assert self.url
        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}"')
            con.execute(f'CREATE DATABASE "{name}"')
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def drop(self, *names: str) -> None:
        import psycopg

        with contextlib.suppress(Exception), psycopg.connect(self.url, autocommit=True) as con:
            for name in names:
                con.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def stop(self) -> None:
        if self.started:
            pg_dir, pg_bin = self.started["THIDUA_PG_DIR"], self.started["THIDUA_PG_BIN"]
            subprocess.run(["runuser", "-u", "postgres", "--", f"{pg_bin}/pg_ctl", "-D", f"{pg_dir}/data",
                            "-m", "fast", "stop"], capture_output=True, check=False)
            shutil.rmtree(pg_dir, ignore_errors=True)


# --------------------------------------------------------------------------- report


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def report_backend(label: str, app: dict, floor: dict, floors: tuple[str, ...]) -> None:
    n, recs, total = app["files"], app["records"], app["total"]
    print(f"\n{label}: {n} files, {recs:,} records")
    print(f"  app import (province.import_file): {total:7.2f} s  ({recs / total:,.0f} records/s), "
          f"per file median {_ms(statistics.median(app['per_file']))}, max {_ms(max(app['per_file']))}")
    sp = app["spent"]
    write = total - sum(sp.values())
    for part, secs in (("decrypt (age)", sp["decrypt"]), ("check (structure, signature, records)", sp["check"]),
                       ("changes (preview diff)", sp["changes"]), ("receipt (load key, sign)", sp["receipt"]),
                       ("write (chain, delete, inserts, commit)", write)):
        print(f"    {part:<40} {secs:7.2f} s  ({secs / total * 100:4.1f} %)")
    for how in floors:
        f = floor[how]
        assert f["records"] == recs, (how, f["records"], recs)
        print(f"  floor ({how}), same rows:{' ' * (11 - len(how))}{f['total']:7.2f} s  "
              f"({recs / f['total']:,.0f} records/s), per file median {_ms(statistics.median(f['per_file']))}")
    for how in floors:
        f = floor[how]
        print(f"  ratio app / floor ({how}): total {total / f['total']:5.2f} x, "
              f"writing part {write / f['total']:5.2f} x")
    during = "during the import" if app["peak_reset"] else "of the whole process (set-up included)"
    print(f"  memory (resident set): {app['rss_before']:.0f} MB before the first file, peak {during} "
          f"{app['peak']:.0f} MB (+{app['peak'] - app['rss_before']:.0f} MB); after file 1 {app['rss_first']:.0f} MB, "
          f"after file {n} {app['rss_last']:.0f} MB")
    print(f"  (the floor process holds every row in memory beforehand: {floor['rss_before']:.0f} MB before, "
          f"peak {floor['peak']:.0f} MB while inserting)")
    print(f"  (enrolling the {n} communes, not counted above: {app['enrol']:.2f} s)")
    for key, when in (("views", "right after the import"), ("views_analyzed", "after ANALYZE")):
        views = app.get(key)
        if isinstance(views, str):
            print(f"  views: {views}")
            break
        if not views:
            continue
        extra = f" ({app['analyze'] * 1000:.0f} ms)" if key == "views_analyzed" else ""
        print(f"  consolidated views {when}{extra}, goal <= {VIEW_GOAL_MS:.0f} ms a query:")
        for name, v in views.items():
            if "error" in v:
                print(f"    {name:<14} ERROR {v['error']}")
                continue
            flag = "ok" if v["max"] <= VIEW_GOAL_MS else "ABOVE GOAL"
            rows = f", {v['rows']} rows" if v["rows"] is not None else ""
            print(f"    {name:<14} first {v['first']:7.1f} ms, median {v['median']:7.1f} ms, "
                  f"max {v['max']:7.1f} ms{rows}  {flag}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--communes", type=int, default=99)
    ap.add_argument("--people", type=int, default=2560, help="people in the demo workspace each file derives from")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rebuild", action="store_true", help="make the cached data files again")
    ap.add_argument("--pg-url", help="PostgreSQL server (default THIDUA_TEST_PG_URL, else start one as root)")
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--views-repeat", type=int, default=5)
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="instead of the benchmark: cProfile the SQLite import of the first N files")
    args = ap.parse_args(argv)

    cache = Path(tempfile.gettempdir()) / f"thidua-bench-province-{args.communes}-{args.people}-{args.seed}"
    meta = prepare(cache, args.communes, args.people, args.seed, args.rebuild)
    print(f"{meta['communes']} data files, {meta['records_per_file']:,} records each ("
          + ", ".join(f"{k} {v}" for k, v in meta["per_kind"].items())
          + f"), {meta['bytes'] / meta['communes'] / 1e3:.0f} kB a file")

    with tempfile.TemporaryDirectory(prefix="thidua-bench-province-") as tmp:
        if args.profile:
            app = run_child(phase_app, str(cache), str(Path(tmp) / "sqlite"), None, 0, args.profile)
            print(f"cProfile of the SQLite import of {app['files']} files ({app['total']:.2f} s under the profiler)")
            print(app["profile"])
            return 0

        app = run_child(phase_app, str(cache), str(Path(tmp) / "sqlite"), None, args.views_repeat)
        floor = run_child(phase_floor_sqlite, app["db_path"], tmp)
        report_backend("SQLite", app, floor, ("executemany",))

        if args.no_pg:
            print("\nPostgreSQL skipped (--no-pg)")
            return 0
        server, note = PgServer.find(args.pg_url)
        print(f"\n{note}")
        if server.url is None:
            return 0
        try:
            app_url, floor_url = server.database("thidua_bench_app"), server.database("thidua_bench_floor")
            pg_app = run_child(phase_app, str(cache), str(Path(tmp) / "pg"), app_url, args.views_repeat)
            pg_floor = run_child(phase_floor_pg, app_url, floor_url)
            report_backend("PostgreSQL", pg_app, pg_floor, ("executemany", "copy"))
        finally:
            server.drop("thidua_bench_app", "thidua_bench_floor")
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
