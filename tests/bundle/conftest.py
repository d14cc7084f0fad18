"""Fixtures of the data file tests: one test world per session (real keys, enrolment, exports), and
the checks every refusal must pass."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.bundle.errors import BundleRefused
from tests.bundle.kit import World, build_world, db_digest

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE = re.compile("[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)


@pytest.fixture(scope="session")
def world(tmp_path_factory, _machine_secret_outside_home) -> World:
    return build_world(tmp_path_factory.mktemp("world"))


@pytest.fixture
def com(world, tmp_path):
    """A private copy of commune A's data folder (files 1 to 3 written), its database open."""
    from desktop.shared.paths import Paths
    from desktop.store.db import open_database

    paths = Paths(copy_data_dir(world.commune.data_dir, tmp_path / "commune"))
    db = open_database(paths.db_file, paths.backup_dir)
    yield db, paths
    db.dispose()


def assert_vietnamese_reason(exc: BundleRefused, fragment: str) -> None:
    assert fragment in exc.message, f"[{exc.code}] {exc.message!r} does not say {fragment!r}"
    assert VIETNAMESE.search(exc.message), f"not a Vietnamese message: {exc.message!r}"


def run_cli(*args: str, data_dir: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m desktop ...`` as a script or the province's batch job runs it: no terminal, no input."""
    argv = [sys.executable, "-m", "desktop"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    return subprocess.run(argv + list(args), cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          stdin=subprocess.DEVNULL, timeout=timeout, env=env)


def copy_data_dir(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("backups", "logs"))
    return dest


def opened_twin_digest(data_dir: Path, twin: Path) -> str:
    """Digest of a copy of ``data_dir`` after the CLI merely opened it (``province stats``).

    Every open of the database writes its application id, which bumps two counters in the SQLite
    header (file change counter, version-valid-for), so "byte-identical after a refused import run by
    the CLI" means: identical to the same database opened by a command that changes nothing."""
    copy_data_dir(data_dir, twin)
    proc = run_cli("province", "stats", data_dir=twin)
    assert proc.returncode == 0, proc.stderr
    return db_digest(twin / "thidua.sqlite3")
