"""The bad-file kit: every case is refused with its code and a Vietnamese reason, and the province
database is byte-identical afterwards (main file hashed after a WAL checkpoint).

Two runs of the same recipe (tests/bundle/corpus.py):
* generated: made now, against a world built with new keys by the real code — the recipe is right;
* committed: the files in tests/bundle/corpus/, against the province rebuilt from the kit's keys and
  setup.json — the kit other teams use still means what expected.json says.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from desktop.bundle import container
from desktop.bundle.errors import BundleRefused
from desktop.store.db import open_database
from tests.bundle.conftest import assert_vietnamese_reason, run_cli
from tests.bundle.corpus import CASES, OVERSIZED
from tests.bundle.kit import KIT_DIR, Inner, attempts, data_digest, db_digest, province_from_kit, sha256, table_counts

EXPECTED: dict[str, dict] = json.loads((KIT_DIR / "expected.json").read_text(encoding="utf-8"))
REGENERATE = "the kit is stale: regenerate it with `.venv/bin/python -m tests.bundle.make_corpus` and commit"


def judge(world, db, paths, name: str, data: bytes, code: str, reason: str) -> None:
    before = db_digest(db)
    if code in ("accepted", "duplicate"):
        r = world.import_(db, paths, data, name)
        assert r.status == code
        if code == "duplicate":
            assert r.imported_at is not None
            assert db_digest(db) == before
        else:
            assert db_digest(db) != before
            m = Inner.open(world, data).manifest
            assert r.sequence == m["sequence"] and r.counts == {p["kind"]: p["records"] for p in m["parts"]}
            assert r.receipt is not None
        return
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, data, name)
    assert info.value.code == code, f"{name}: [{info.value.code}] {info.value.message}"
    assert_vietnamese_reason(info.value, reason)
    assert db_digest(db) == before, f"{name}: the province database changed although the file was refused"


# --------------------------------------------------------------------------- generated from the recipe


@pytest.mark.parametrize("name", sorted(CASES))
def test_generated_case(world, tmp_path, name):
    c = CASES[name]
    db, paths = world.open_province(tmp_path / "province")
    try:
        judge(world, db, paths, name, c.make(world), c.code, c.reason)
    finally:
        db.dispose()


def test_oversized_file_is_refused_unread(world, tmp_path, monkeypatch):
    db, paths = world.open_province(tmp_path / "province")
    try:
        monkeypatch.setattr(container, "MAX_FILE", len(world.good[3]) - 1)
        judge(world, db, paths, "oversized", world.good[3], OVERSIZED["code"], OVERSIZED["reason_contains"])
    finally:
        db.dispose()


def test_every_refusal_code_of_the_spec_is_in_the_kit():
    text = (KIT_DIR.parents[2] / "docs" / "bundle-format.md").read_text(encoding="utf-8")
    members = set(re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE))  # manifest members, not codes
    spec = set(re.findall(r"`([a-z_]+)`", text.split("## 6.")[1])) - members
    assert {"too_large", "tampered", "fork", "gap", "rollback", "bomb", "foreign_record"} <= spec
    codes = {c.code for c in CASES.values()} | {OVERSIZED["code"]}
    # the province's own database failing while a file is imported: no file can carry that
    not_about_the_file = {"busy", "db_error", "disk_full"}
    tables = {"province_attempt"}  # named in §6, not refusal codes
    assert not_about_the_file <= spec
    assert spec - codes - not_about_the_file - tables == set()


# --------------------------------------------------------------------------- the committed kit


@pytest.fixture(scope="module")
def kit_province(tmp_path_factory, _machine_secret_outside_home):
    """The province of the committed kit, rebuilt once; tests work on copies of it."""
    paths, keys = province_from_kit(tmp_path_factory.mktemp("kit") / "province")
    return paths, keys


class _KitWorld:
    """Just enough of a World for judge(): the kit's identity."""

    def __init__(self, keys):
        self.keys = keys

    @property
    def identity(self):
        return self.keys.province_identity

    def import_(self, db, paths, data, name=""):
        from desktop.app import province
        return province.import_file(db, paths, data, name, identity=self.identity)


def test_kit_lists_every_case_and_nothing_else():
    assert set(EXPECTED) == set(CASES) | {"oversized"}, REGENERATE
    for name, c in CASES.items():
        e = EXPECTED[name]
        assert (e["code"], e["reason_contains"]) == (c.code, c.reason), f"{name}: {REGENERATE}"
        assert bool(e["file"]) == c.commit
    on_disk = {p.name for p in KIT_DIR.glob("*.tdkt")}
    assert on_disk == {e["file"] for e in EXPECTED.values() if e.get("file")}
    assert (KIT_DIR / "README.md").is_file() and (KIT_DIR / "keys" / "README.md").is_file()


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e.get("file")))
def test_committed_case(kit_province, tmp_path, name):
    paths, keys = kit_province
    e = EXPECTED[name]
    data = (KIT_DIR / e["file"]).read_bytes()
    assert sha256(data) == e["sha256"], f"{e['file']} is not the file expected.json describes"
    copy = tmp_path / "province"
    shutil.copytree(paths.data_dir, copy, ignore=shutil.ignore_patterns("backups", "logs"))
    from desktop.shared.paths import Paths
    p = Paths(copy)
    db = open_database(p.db_file, p.backup_dir)
    try:
        kw = _KitWorld(keys)
        if e["code"] == "accepted":
            before = db_digest(db)
            r = kw.import_(db, p, data, name)
            assert r.status == "accepted" and db_digest(db) != before
        else:
            judge(kw, db, p, name, data, e["code"], e["reason_contains"])
    finally:
        db.dispose()


def test_the_kit_through_the_command_line(kit_province, tmp_path):
    """The province's batch job on every bad file of the kit (and a 64 MiB + 1 sparse file): exit 1,
    one line per refused file naming its code and reason, the duplicate reported as already imported,
    and the database byte-identical."""
    paths, _ = kit_province
    data_dir = tmp_path / "province"
    shutil.copytree(paths.data_dir, data_dir, ignore=shutil.ignore_patterns("backups", "logs"))
    before = data_digest(data_dir / paths.db_file.name)
    oversized = tmp_path / "oversized.tdkt"
    with open(oversized, "wb") as fh:
        fh.truncate(container.MAX_FILE + 1)  # sparse: no disk space used, never read
    entries = {n: e for n, e in EXPECTED.items() if e.get("file") and e["code"] != "accepted"}
    files = [str(KIT_DIR / e["file"]) for e in entries.values()] + [str(oversized)]
    proc = run_cli("province", "import", *files, data_dir=data_dir)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == len(files), proc.stdout
    by_file = {}
    for line in lines:
        m = re.match(r"^(TỪ CHỐI|ĐÃ NHẬP) (\S+?)(?: \[([a-z_]+)\])?: (.+)$", line)
        assert m, line
        by_file[m.group(2)] = (m.group(1), m.group(3), m.group(4))
    for name, e in entries.items():
        verdict, code, text = by_file[str(KIT_DIR / e["file"])]
        if e["code"] == "duplicate":
            assert verdict == "ĐÃ NHẬP" and e["reason_contains"] in text
        else:
            assert (verdict, code) == ("TỪ CHỐI", e["code"]), (name, text)
            assert e["reason_contains"] in text, (name, text)
    assert by_file[str(oversized)][:2] == ("TỪ CHỐI", "too_large")
    assert "lỗi không mong muốn" not in proc.stdout + proc.stderr
    assert data_digest(data_dir / paths.db_file.name) == before  # the data as it was; the attempts on record
    recorded = attempts(data_dir / paths.db_file.name)
    assert len(recorded) == len(files) and {r["file_name"] for r in recorded} == {Path(f).name for f in files}
    assert table_counts(data_dir / paths.db_file.name)["province_bundle"] == 3  # A: 1 and 2; E: 1
