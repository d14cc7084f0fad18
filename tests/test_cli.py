"""Headless commands, run the way an officer or a script runs them: ``python -m desktop ...``."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.core.records import NAV_ORDER, Records
from desktop.shared.paths import DB_FILENAME, Paths
from desktop.store.db import open_database

ROOT = Path(__file__).resolve().parents[1]
APOLOGY = "lỗi không mong muốn"  # the message for bugs: a known problem must never end up there


def run(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "desktop"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    return subprocess.run(argv + list(args), cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          timeout=120, env=env)


def stats(data_dir: Path) -> dict:
    proc = run("stats", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def ready(tmp_path) -> Path:
    data = tmp_path / "data"
    proc = run("init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa",
               "--council", "Lê Văn Minh|Chủ tịch Hội đồng|Chủ tịch UBND xã",
               "--council", "Đỗ Thị Thu|Thư ký", data_dir=data)
    assert proc.returncode == 0, proc.stderr
    assert "Xã Tiên Du" in proc.stdout and "09319" in proc.stdout
    return data


def test_version():
    proc = run("--version")
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def test_usage_error_exits_2_with_a_vietnamese_hint(tmp_path):
    proc = run("khong-co-lenh-nay", data_dir=tmp_path)
    assert proc.returncode == 2
    assert "Lỗi cú pháp lệnh" in proc.stderr and "--help" in proc.stderr


@pytest.mark.parametrize("code", ["99999", "123", "tien du", "00000"])
def test_init_with_an_unknown_code_exits_2_and_says_how_to_find_the_code(tmp_path, code):
    data = tmp_path / "data"
    proc = run("init", "--commune", code, "--officer", "Nguyễn Thị Hoa", data_dir=data)
    assert proc.returncode == 2
    assert code in proc.stderr
    assert "python -m desktop units" in proc.stderr and "5 chữ số" in proc.stderr
    assert APOLOGY not in proc.stderr
    assert not (data / DB_FILENAME).exists()  # nothing created for a refused command


def test_units_lists_the_99_official_codes():
    proc = run("units")
    assert proc.returncode == 0
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 99
    assert "09319  Xã Tiên Du" in lines


def test_init_then_stats_json_counts_per_kind(ready):
    report = stats(ready)
    assert report["unit_code"] == "09319" and report["unit_name"] == "Xã Tiên Du"
    assert set(report["counts"]) == set(NAV_ORDER)
    assert report["counts"]["council"] == 2
    assert all(n == 0 for k, n in report["counts"].items() if k != "council")

    paths = Paths(ready)
    db = open_database(paths.db_file, paths.backup_dir)
    try:
        rec = Records(db.session, "Nguyễn Thị Hoa")
        village = rec.create("collective", {"name": "Thôn Đông Sơn", "kind": "thon"})
        rec.create("household", {"head_name": "Trần Văn Hải", "village_id": village})
        rec.create("person", {"full_name": "Nguyễn Văn Ánh", "sex": "nam", "category": "nhan_dan"})
        gone = rec.create("person", {"full_name": "Lê Văn Bình", "sex": "nam", "category": "nhan_dan"})
        rec.delete("person", gone)  # the recycle bin is not counted
    finally:
        db.dispose()
    counts = stats(ready)["counts"]
    assert (counts["person"], counts["household"], counts["collective"], counts["council"]) == (1, 1, 1, 2)


def test_plain_stats_output_in_vietnamese(ready):
    proc = run("stats", data_dir=ready)
    assert proc.returncode == 0
    assert "Xã Tiên Du" in proc.stdout and "Hội đồng thi đua: 2" in proc.stdout


def test_second_init_for_another_commune_is_refused(ready):
    proc = run("init", "--commune", "07210", "--officer", "Người khác", data_dir=ready)
    assert proc.returncode == 1
    assert "Xã Tiên Du" in proc.stderr and "Phường Bắc Giang" in proc.stderr
    assert APOLOGY not in proc.stderr
    assert stats(ready)["unit_code"] == "09319"


def test_check_backup_and_restore(ready):
    proc = run("restore", data_dir=ready)
    assert proc.returncode == 0 and "Chưa có bản sao lưu nào" in proc.stdout

    assert run("check", data_dir=ready).returncode == 0
    proc = run("backup", data_dir=ready)
    assert proc.returncode == 0, proc.stderr
    backup = Path(proc.stdout.strip().split("Đã sao lưu vào ", 1)[1])
    assert backup.is_file()

    proc = run("restore", data_dir=ready)
    assert proc.returncode == 0
    listed = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert len(listed) == 1 and str(backup) in listed[0] and "Do người dùng tạo" in listed[0]

    paths = Paths(ready)
    db = open_database(paths.db_file, paths.backup_dir)
    Records(db.session, "x").create("person", {"full_name": "Sau sao lưu", "sex": "nam", "category": "nhan_dan"})
    db.dispose()
    assert stats(ready)["counts"]["person"] == 1

    proc = run("restore", str(backup), data_dir=ready)
    assert proc.returncode == 0, proc.stderr
    assert "Đã khôi phục" in proc.stdout
    assert stats(ready)["counts"]["person"] == 0
    reasons = run("restore", data_dir=ready).stdout
    assert "Trước khi khôi phục" in reasons  # the replaced data was kept


@pytest.mark.parametrize("target", ["missing.sqlite3", "."])
def test_restore_from_a_path_that_is_not_a_backup_says_so(ready, target):
    before = stats(ready)
    path = ready / target
    proc = run("restore", str(path), data_dir=ready)
    assert proc.returncode == 1
    assert APOLOGY not in proc.stderr
    assert str(path) in proc.stderr or str(path.resolve()) in proc.stderr
    assert stats(ready) == before


def test_damaged_database_is_refused_with_a_restore_hint_and_left_as_is(ready):
    db_file = ready / DB_FILENAME
    db_file.write_bytes(b"\x00" * 4096)
    digest = hashlib.sha256(db_file.read_bytes()).hexdigest()
    for command in (["stats", "--json"], ["check"]):
        proc = run(*command, data_dir=ready)
        assert proc.returncode == 1
        assert "Khôi phục từ bản sao lưu" in proc.stderr and APOLOGY not in proc.stderr
    assert hashlib.sha256(db_file.read_bytes()).hexdigest() == digest


def test_units_piped_into_a_reader_that_stops_early_is_not_an_error(tmp_path):
    argv = [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "d"), "units"]
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    _, err = proc.communicate(timeout=60)
    assert first.strip()
    assert proc.returncode == 0, err.decode("utf-8")
    assert APOLOGY not in err.decode("utf-8")
