"""Receipts made again (a duplicate import, `province receipt CODE SEQUENCE`, a printable PDF) and the
export's destination (a folder that does not exist yet, a file name without .tdkt)."""

from __future__ import annotations

import json

import pytest

from desktop.app import commune
from desktop.shared.errors import UserError
from tests.bundle.conftest import copy_data_dir, run_cli


def test_province_receipt_command_json_and_pdf(world, tmp_path):
    data_dir = copy_data_dir(world.province.data_dir, tmp_path / "p")
    proc = run_cli("province", "receipt", "09319", "2", "--out", str(tmp_path / "out"), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "out" / "BienNhan_09319_so0002.json").read_text("utf-8"))
    assert doc["type"] == "tdkt-receipt" and doc["sequence"] == 2 and doc["status"] == "accepted"
    proc = run_cli("province", "receipt", "09319", "2", "--out", str(tmp_path / "bn.pdf"), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    pdf = (tmp_path / "bn.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf
    from pypdf import PdfReader

    text = PdfReader(str(tmp_path / "bn.pdf")).pages[0].extract_text()
    assert "GIẤY BIÊN NHẬN" in text and "Xã Tiên Du" in text
    proc = run_cli("province", "receipt", "09319", "9", "--out", str(tmp_path / "x"), data_dir=data_dir)
    assert proc.returncode == 1 and "chưa nhận tệp số 9" in proc.stderr


def test_a_duplicate_import_writes_the_receipt_again(world, tmp_path):
    data_dir = copy_data_dir(world.province.data_dir, tmp_path / "p")
    f2 = tmp_path / "f2.tdkt"
    f2.write_bytes(world.good[2])
    proc = run_cli("province", "import", str(f2), "--receipts", str(tmp_path / "bn"), data_dir=data_dir)
    assert proc.returncode == 0 and "ĐÃ NHẬP" in proc.stdout
    doc = json.loads((tmp_path / "bn" / "BienNhan_09319_so0002.json").read_text("utf-8"))
    assert doc["sequence"] == 2


def test_export_into_a_folder_that_does_not_exist_yet(com, tmp_path):
    db, paths = com
    r = commune.export(db, paths, str(tmp_path / "new" / "usb") + "/", "2026")
    assert r.path.parent == tmp_path / "new" / "usb" and r.path.name.endswith(".tdkt")
    r2 = commune.export(db, paths, tmp_path / "other", "2026")  # no extension: a folder too
    assert r2.path.parent == tmp_path / "other"


def test_export_refuses_a_file_name_without_tdkt_and_writes_nothing(com, tmp_path):
    db, paths = com
    before = sorted(p.name for p in (paths.data_dir / "exports").iterdir())
    with pytest.raises(UserError) as info:
        commune.export(db, paths, tmp_path / "du-lieu.zip", "2026")
    assert "đuôi .tdkt" in info.value.message
    assert not (tmp_path / "du-lieu.zip").exists()
    assert sorted(p.name for p in (paths.data_dir / "exports").iterdir()) == before


def test_export_command_with_a_trailing_slash(world, tmp_path):
    data_dir = copy_data_dir(world.commune.data_dir, tmp_path / "c")
    out = tmp_path / "usb-moi"
    proc = run_cli("export", "--out", f"{out}/", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert out.is_dir() and [p.suffix for p in out.iterdir()] == [".tdkt"]
