"""The headless road: ``province results`` / ``province catalog-update`` at the province, ``receive``
(and its former name ``receipt``) at the commune, ``review decisions`` showing the answer."""

from __future__ import annotations

import json

import pytest

from tests.bundle.conftest import run_cli
from tests.bundle.kit import statement_pair
from tests.bundle.test_catalog_update import catalog_folder
from tests.bundle.test_results import ACCEPTED_TEXT


@pytest.fixture
def pair(tmp_path):
    p = statement_pair(tmp_path / "pair")
    yield p
    p.dispose()


def test_results_and_catalog_by_the_command_line(pair, tmp_path):
    pair.outcome(pair.rows[0])
    pair.outcome(pair.rows[1], "returned", number="", date=None, reason="Thiếu bản thành tích")
    p, c = pair.ppaths.data_dir, pair.cpaths.data_dir
    out = tmp_path / "ket-qua"
    made = run_cli("province", "results", "--commune", "09319", "--year", "2026", "--out", str(out), data_dir=p)
    assert made.returncode == 0, made.stderr
    (file,) = out.iterdir()
    assert str(file) in made.stdout
    got = run_cli("receive", str(file), data_dir=c)
    assert got.returncode == 0, got.stderr
    assert "1 trường hợp được khen thưởng, 1 trường hợp trả lại" in got.stdout
    again = run_cli("receipt", str(file), data_dir=c)  # the former name still works
    assert again.returncode == 0 and "đã nhận trước đó" in again.stdout
    shown = run_cli("review", "decisions", "--year", "2026", data_dir=c)
    assert shown.returncode == 0, shown.stderr
    assert f"Trần Thị Lan – Bằng khen của Chủ tịch UBND tỉnh: {ACCEPTED_TEXT}" in shown.stdout
    assert "Lê Văn Hùng – Bằng khen của Chủ tịch UBND tỉnh: Trả lại: Thiếu bản thành tích" in shown.stdout

    signed = run_cli("province", "catalog-update", "--catalog", str(catalog_folder(tmp_path, "2027.1")),
                     "--out", str(tmp_path / "dm"), data_dir=p)
    assert signed.returncode == 0, signed.stderr
    got = run_cli("receive", str(tmp_path / "dm" / "DanhMuc_2027.1.json"), data_dir=c)
    assert got.returncode == 0 and "phiên bản 2027.1" in got.stdout, got.stderr
    check = run_cli("review", "check", "--year", "2026", "--json", data_dir=c)
    assert json.loads(check.stdout)["catalog_version"] == "2027.1"


def test_receive_refuses_a_file_for_another_commune(pair, tmp_path):
    pair.outcome(pair.rows[0], code="09187")
    out = tmp_path / "ket-qua"
    assert run_cli("province", "results", "--commune", "09187", "--year", "2026", "--out", str(out),
                   data_dir=pair.ppaths.data_dir).returncode == 0
    (file,) = out.iterdir()
    got = run_cli("receive", str(file), data_dir=pair.cpaths.data_dir)
    assert got.returncode == 1
    assert "dành cho đơn vị mã 09187" in got.stdout + got.stderr
