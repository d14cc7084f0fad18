"""Crash test: ``python -m desktop province import`` killed (SIGKILL) at many points of its run. After
every kill the database is intact and the file is either wholly in (its row and exactly the
manifest's record counts) or wholly out (no row, no record of the commune); a normal import then
accepts it or says it was already imported."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.app import commune, demo, province
from desktop.app.workspace import init_workspace
from desktop.bundle.keys import AgeIdentity
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from tests.bundle.conftest import ROOT
from tests.trust import install_trusted

PEOPLE = 3000          # about 5 700 records, a 150 KB file: the import takes a few seconds
BIG_WAL = 256 * 1024   # the WAL grows past this only when the import's transaction is being written


@pytest.fixture(scope="module")
def big(tmp_path_factory, _machine_secret_outside_home):
    root = tmp_path_factory.mktemp("crash")
    ppaths, cpaths = Paths(root / "province"), Paths(root / "commune")
    for p in (ppaths, cpaths):
        p.ensure()
    pdb = open_database(ppaths.db_file, ppaths.backup_dir)
    cdb = open_database(cpaths.db_file, cpaths.backup_dir)
    try:
        province.init_province(pdb, ppaths)
        init_workspace(cdb, "09319", "Nguyễn Thị Hoa")
        commune.create_signing_key(cpaths)
        install_trusted(cpaths, province.public_key_file(ppaths))
        demo.fill(cdb, people=PEOPLE, seed=3)
        province.enrol(pdb, commune.enrol_request(cdb, cpaths))
        out = root / "usb"
        out.mkdir()
        r = commune.export(cdb, cpaths, out, "2026")
    finally:
        pdb.dispose()
        cdb.dispose()
    identity = AgeIdentity.load(province.keys_dir(ppaths) / province.IDENTITY_FILE)
    return ppaths.data_dir, r.path, r.sha256, {k: v for k, v in r.counts.items() if v}, identity


def start(data_dir: Path, file: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "province", "import",
                             str(file)], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def wal_size(data_dir: Path) -> int:
    try:
        return os.stat(data_dir / "thidua.sqlite3-wal").st_size
    except FileNotFoundError:
        return 0


def copy(base: Path, dest: Path) -> Path:
    shutil.copytree(base, dest, ignore=shutil.ignore_patterns("backups", "logs"))
    return dest


def measure(base: Path, file: Path, dest: Path) -> tuple[float, float, int]:
    """Run once to the end: seconds until the transaction is being written, total seconds, and the
    largest the WAL grew (the size of the committed import)."""
    proc = start(copy(base, dest), file)
    t0 = time.monotonic()
    writing, peak = None, 0
    while proc.poll() is None:
        size = wal_size(dest)
        peak = max(peak, size)
        if writing is None and size > BIG_WAL:
            writing = time.monotonic() - t0
        time.sleep(0.0005)  # a light poll: a busy loop would slow the import down on a small machine
    total = time.monotonic() - t0
    assert proc.returncode == 0 and writing is not None and peak > BIG_WAL
    return writing, total, peak


def state(db_file: Path, digest: str) -> tuple[str, dict[str, int]]:
    con = sqlite3.connect(str(db_file), timeout=5)  # read-write: lets SQLite recover the WAL as it would
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = con.execute("SELECT count(*) FROM province_bundle WHERE file_sha256 = ?", (digest,)).fetchone()[0]
        counts = dict(con.execute("SELECT kind, count(*) FROM province_record WHERE commune_code = '09319' "
                                  "GROUP BY kind").fetchall())
    finally:
        con.close()
    return ("in" if rows else "out"), counts


def test_import_killed_at_any_moment_is_all_or_nothing(big, tmp_path):
    base, file, digest, counts, identity = big
    writing, total, peak = measure(base, file, tmp_path / "measure")
    # (after seconds, or once the WAL holds more than bytes): points over start-up, key opening,
    # decryption and checks; then inside the commit itself, as its pages reach the WAL; then after it
    points: list[tuple[float, int | None]] = [(writing * f, None) for f in (0.2, 0.55, 0.9)]
    points += [(total * 2, int(peak * f)) for f in (0.0, 0.2, 0.4, 0.6, 0.8)] + [(total * 2, peak - 1)]
    points += [(writing + (total - writing) * f, None) for f in (0.5,)]
    seen = []
    for n, (delay, wal_over) in enumerate(points):
        data_dir = copy(base, tmp_path / f"kill{n}")
        proc = start(data_dir, file)
        t0 = time.monotonic()
        if wal_over is None:
            time.sleep(delay)
        else:  # watch the WAL closely and kill as soon as the commit has written that much
            while proc.poll() is None and wal_size(data_dir) <= max(wal_over, BIG_WAL // 8) \
                    and time.monotonic() - t0 < delay:
                time.sleep(0.0002)
        wal_at_kill, at = wal_size(data_dir), time.monotonic() - t0
        proc.kill()  # SIGKILL: no handler, no clean-up, no rollback by the process itself
        proc.wait()
        where, found = state(data_dir / "thidua.sqlite3", digest)
        if where == "in":
            assert found == counts, f"killed at {at:.2f}s: partial import {found} != {counts}"
        else:
            assert found == {}, f"killed at {at:.2f}s: records without their file: {found}"
        seen.append((round(at, 3), where, wal_at_kill))
        # the officer runs the import again
        paths = Paths(data_dir)
        db = open_database(paths.db_file, paths.backup_dir)
        try:
            r = province.import_file(db, paths, file.read_bytes(), file.name, identity=identity)
        finally:
            db.dispose()
        assert r.status == ("duplicate" if where == "in" else "accepted")
        assert state(paths.db_file, digest) == ("in", counts)
    print(f"\ncrash test: commit written from {writing:.2f}s of {total:.2f}s, WAL up to {peak} bytes; "
          f"kills (at s, outcome, WAL bytes at the kill): {seen}")
    assert {w for _, w, _ in seen} == {"in", "out"}, seen  # both sides were reached
    # the opening of the database writes one page (about 4 KB) to the WAL; more means a kill during the commit
    assert any(w == "out" and size > 16 * 1024 for _, w, size in seen), f"no kill landed inside the commit: {seen}"
