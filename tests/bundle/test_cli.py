"""The headless commands of the exchange, run as scripts run them (no terminal, no input): exit codes
0 (all accepted or already imported) / 1 (something refused, one line per refused file with its
reason) / 2 (usage error), receipts, ``province stats --json``, enrolment with ``--yes``."""

from __future__ import annotations

import json
import re
import sqlite3

from desktop.bundle.keys import SigningKey
from tests.bundle.conftest import copy_data_dir as copy
from tests.bundle.conftest import opened_twin_digest, run_cli
from tests.bundle.corpus import CASES
from tests.bundle.kit import (
    CODE_A,
    CODE_B,
    Inner,
    attempts,
    data_digest,
    db_digest,
    enrol_request_for,
    sha256,
    table_counts,
)

LINE = re.compile(r"^(ĐÃ NHẬN|ĐÃ NHẬP|TỪ CHỐI|XEM TRƯỚC) (\S+?)(?: \[([a-z_]+)\])?: (.+)$")


def verdicts(stdout: str) -> list[tuple[str, str, str | None, str]]:
    out = []
    for line in stdout.splitlines():
        if line.startswith("  "):  # detail lines of a preview
            continue
        m = LINE.match(line)
        assert m, f"unexpected output line: {line!r}"
        out.append(m.groups())
    return out


def test_import_exit_codes_receipts_and_preview(world, tmp_path):
    data_dir = copy(world.province.data_dir, tmp_path / "province")
    db_file = data_dir / "thidua.sqlite3"
    usb = tmp_path / "usb"
    usb.mkdir()
    f2, f3 = usb / world.good_names[2], usb / world.good_names[3]
    f2.write_bytes(world.good[2])
    f3.write_bytes(world.good[3])

    # a preview changes nothing
    twin = opened_twin_digest(data_dir, tmp_path / "twin1")
    proc = run_cli("province", "import", "--dry-run", str(f3), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert verdicts(proc.stdout)[0][:2] == ("XEM TRƯỚC", str(f3))
    assert db_digest(db_file) == twin

    # 0: one accepted, one already imported; a receipt for the accepted one
    receipts = tmp_path / "receipts"
    proc = run_cli("province", "import", str(f3), str(f2), "--receipts", str(receipts), data_dir=data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # a commune's files are taken in sequence order, whatever order they were given in
    (v2, name2, _, text2), (v3, name3, _, text3) = verdicts(proc.stdout)
    assert (v3, name3) == ("ĐÃ NHẬN", str(f3)) and "Xã Tiên Du, tệp số 3" in text3
    assert (v2, name2) == ("ĐÃ NHẬP", str(f2)) and "đã được nhập lúc" in text2 and "không thay đổi gì" in text2
    receipt = receipts / f"BienNhan_{CODE_A}_so0003.json"
    doc = json.loads(receipt.read_text(encoding="utf-8"))
    assert (doc["type"], doc["sequence"], doc["file_sha256"], doc["status"]) == \
        ("tdkt-receipt", 3, sha256(world.good[3]), "accepted")

    # the commune takes the receipt: its export log shows file 3 received
    commune_dir = copy(world.commune.data_dir, tmp_path / "commune")
    proc = run_cli("receipt", str(receipt), data_dir=commune_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Sở Nội vụ đã nhận tệp số 3: đã chấp nhận" in proc.stdout
    con = sqlite3.connect(commune_dir / "thidua.sqlite3")
    try:
        assert con.execute("SELECT sequence, receipt_status FROM export_log WHERE receipt_at IS NOT NULL"
                           ).fetchall() == [(3, "accepted")]
    finally:
        con.close()

    # 1: refusals (one line each, with code and reason), a missing file, and a duplicate among them
    bad = {name: usb / f"{name}.tdkt" for name in ("manifest_nan", "flipped_payload_byte", "key_revoked")}
    for name, path in bad.items():
        path.write_bytes(CASES[name].make(world))
    missing = usb / "khong-co.tdkt"
    before = data_digest(db_file)
    recorded = len(attempts(db_file))
    proc = run_cli("province", "import", str(f3), *map(str, bad.values()), str(missing), data_dir=data_dir)
    assert proc.returncode == 1
    got = verdicts(proc.stdout)
    assert len(got) == 5 and got[0][:2] == ("ĐÃ NHẬP", str(f3))
    for (verdict, name, code, text), case_name in zip(got[1:4], bad):
        c = CASES[case_name]
        assert (verdict, name, code) == ("TỪ CHỐI", str(bad[case_name]), c.code) and c.reason in text
    assert got[4][0] == "TỪ CHỐI" and got[4][1] == str(missing) and "Không tìm thấy tệp" in got[4][3]
    assert data_digest(db_file) == before  # the province's data as it was; each attempt is on record
    rows = attempts(db_file)[recorded:]
    assert [(r["file_name"], r["outcome"], r["reason_code"]) for r in rows] == (
        [(f3.name, "duplicate", "")] + [(bad[n].name, "refused", CASES[n].code) for n in bad]
        + [(missing.name, "refused", "unreadable")])
    assert all(r["source"] == "cli" and not r["preview"] for r in rows)
    assert rows[3]["commune_code"] == CODE_A and rows[3]["sequence"] == 3  # the revoked key's file claims A
    assert table_counts(db_file)["province_bundle"] == 4  # A: 1, 2 and 3; E: 1


def test_usage_errors_exit_2_and_touch_nothing(tmp_path):
    data_dir = tmp_path / "never-made"
    for args in (["province"], ["province", "import"], ["province", "import", "--bogus", "x.tdkt"],
                 ["province", "frobnicate"], ["province", "enrol"], ["export"]):
        proc = run_cli(*args, data_dir=data_dir)
        assert proc.returncode == 2, args
        assert "Lỗi cú pháp lệnh" in proc.stderr
    assert not data_dir.exists()


def test_enrol_is_headless_with_yes(world, tmp_path):
    data_dir = copy(world.province.data_dir, tmp_path / "province")
    db_file = data_dir / "thidua.sqlite3"
    key = SigningKey.generate()
    request = tmp_path / "yeu-cau.json"
    request.write_bytes(enrol_request_for("09295", key, officer="Trần Văn Bình"))

    twin = opened_twin_digest(data_dir, tmp_path / "twin")
    proc = run_cli("province", "enrol", str(request), data_dir=data_dir)  # no terminal, no --yes
    assert proc.returncode == 2
    assert key.fingerprint in proc.stdout and "--yes" in proc.stderr
    assert db_digest(db_file) == twin  # asked, not enrolled

    proc = run_cli("province", "enrol", str(request), "--yes", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert f"Đã đăng ký khóa cho Phường Bồng Lai. Vân tay: {key.fingerprint}" in proc.stdout
    proc = run_cli("province", "enrol", str(request), "--yes", data_dir=data_dir)
    assert proc.returncode == 0 and "đã được đăng ký trước đó" in proc.stdout

    doc = json.loads(request.read_text(encoding="utf-8"))
    doc["officer"] = "Người khác"  # changed after signing
    request.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    proc = run_cli("province", "enrol", str(request), "--yes", data_dir=data_dir)
    assert proc.returncode == 1 and "Tệp đăng ký khóa không hợp lệ" in proc.stderr


def test_stats_json(world, tmp_path):
    data_dir = copy(world.province.data_dir, tmp_path / "province")
    proc = run_cli("province", "stats", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(proc.stdout)
    m = Inner.open(world, world.good[2]).manifest
    a = stats[CODE_A]
    assert (a["commune_name"], a["last_sequence"], a["period"], a["enrolled"]) == ("Xã Tiên Du", 2, "2026", True)
    assert a["counts"] == {p["kind"]: p["records"] for p in m["parts"] if p["records"]}
    assert stats[CODE_B] == {"commune_name": "Phường Kinh Bắc", "last_sequence": 0, "counts": {}, "enrolled": True}

    proc = run_cli("province", "stats", "--json", data_dir=copy(world.commune.data_dir, tmp_path / "commune"))
    assert proc.returncode == 1 and "không phải dữ liệu của Sở Nội vụ" in proc.stderr
