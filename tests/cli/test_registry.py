"""The one command registry (desktop.cli.registry): every command honours --data-dir and --db-url,
checks what it needs of the workspace with the one message, and --help lists them all by area."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from desktop.__main__ import main
from desktop.app.workspace import NOT_PROVINCE, NOT_SET_UP
from desktop.cli import registry
from desktop.shared.i18n import tr
from desktop.shared.paths import DB_FILENAME
from tests.province.conftest import PG_URL, _reset_pg, require_pg

APOLOGY = "lỗi không mong muốn"  # the message for bugs: a known problem must never end up there


@pytest.fixture(autouse=True)
def _root_log_handlers():
    """main() logs into the data folder of each test; leave the root logger as it was."""
    root = logging.getLogger()
    before = list(root.handlers), root.level
    yield
    for h in root.handlers:
        if h not in before[0]:
            h.close()
    root.handlers[:] = before[0]
    root.setLevel(before[1])


@pytest.fixture
def pg(tmp_path) -> tuple[Path, str]:
    """A data folder and an empty PostgreSQL database (a failure, not a skip, under THIDUA_REQUIRE_PG=1)."""
    require_pg()
    _reset_pg(PG_URL)
    return tmp_path / "data", PG_URL


def sqlite_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.glob(f"{DB_FILENAME}*")) if data_dir.exists() else []


def run(capsys, data_dir: Path, url: str | None, *argv: str) -> tuple[int, str, str]:
    head = ["--data-dir", str(data_dir)] + (["--db-url", url] if url else [])
    code = main(head + [str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_print_review_and_stats_work_on_the_server_and_write_no_local_file(pg, capsys, tmp_path):
    data, url = pg
    code, out, err = run(capsys, data, url, "init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa",
                         "--council", "Lê Văn Minh|Chủ tịch Hội đồng|Chủ tịch UBND xã")
    assert code == 0, err
    code, out, err = run(capsys, data, url, "demo", "--people", "12")
    assert code == 0, err

    code, out, err = run(capsys, data, url, "stats", "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert stats["unit_code"] == "09319" and stats["counts"]["person"] > 0

    year = _a_year_with_registrations(url)
    code, out, err = run(capsys, data, url, "review", "check", "--year", year, "--json")
    assert code == 0, err
    assert json.loads(out)["year"] == int(year)

    pdf = tmp_path / "dang-ky.pdf"
    code, out, err = run(capsys, data, url, "print", "registrations", "--year", year, "--out", pdf)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF") and "trang" in out

    assert sqlite_files(data) == [], "a command opened a local SQLite file although --db-url was given"


def _a_year_with_registrations(url: str) -> str:
    """The year the demo data registered for (read on the server itself)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            year = conn.execute(text("SELECT max(year) FROM registration")).scalar()
    finally:
        engine.dispose()
    assert year, "the demo data on the server has no registration"
    return str(year)


def samples(tmp: Path) -> dict[str, list]:
    """One invocation of every registered command (the test below fails when one is missing here)."""
    return {
        "init": ["init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa"],
        "units": ["units"],
        "demo": ["demo", "--people", "3"],
        "stats": ["stats"],
        "check": ["check"],
        "backup": ["backup"],
        "restore": ["restore"],
        "print": ["print", "registrations", "--out", tmp / "a.pdf"],
        "import-xlsx": ["import-xlsx", tmp / "nhap.xlsx", "--kind", "individuals"],
        "export-xlsx": ["export-xlsx", "person", "--out", tmp / "xuat.xlsx"],
        "documents": ["documents", "list"],
        "culture": ["culture", "list"],
        "review": ["review", "check", "--year", "2026"],
        "khen-thuong": ["khen-thuong", "thanh-tich", "person:1"],
        "plan": ["plan", "launch", "--deadline", "28/02/2026", "--signer", "Lê Văn Minh"],
        "enrol-request": ["enrol-request", "--out", tmp / "yeu-cau.json"],
        "rotate-key": ["rotate-key", "--out", tmp / "doi-khoa.json"],
        "export": ["export", "--out", tmp],
        "enrol-sheet": ["enrol-sheet", "--out", tmp / "phieu.pdf"],
        "cover-letter": ["cover-letter", "--out", tmp / "cong-van.pdf"],
        "receipt": ["receipt", tmp / "bien-nhan.json"],
        "receive": ["receive", tmp / "ket-qua.json"],
        "province": ["province", "stats"],
    }


def test_every_registered_command_has_a_sample(tmp_path):
    assert sorted(samples(tmp_path)) == sorted(c.name for c in registry.commands())


@pytest.mark.parametrize("name", [c.name for c in registry.commands()])
def test_every_command_honours_the_server_url(name, pg, capsys, tmp_path):
    """On an empty server database: a command that needs a commune (or the province) says the one
    message, never a traceback; one for the SQLite file only says so; none creates a local file."""
    data, url = pg
    argv = samples(tmp_path)[name]
    args = registry.build_parser().parse_args([str(a) for a in argv])
    needs = args._command.needs_for(args)
    code, out, err = run(capsys, data, url, *argv)
    assert APOLOGY not in err and "Traceback" not in err
    expected = {"commune": tr(NOT_SET_UP), "province": tr(NOT_PROVINCE),
                "file": registry.FILE_ONLY.format(what=name)}.get(needs)
    if expected is None:  # "none" and "any" run on the empty database
        assert code == 0, err
    else:
        assert (code, err.strip()) == (1, expected)
    assert sqlite_files(data) == []


def test_a_commune_command_on_an_empty_folder_says_the_one_message(tmp_path, capsys):
    code, out, err = run(capsys, tmp_path / "data", None, "review", "council")
    assert (code, err.strip()) == (1, tr(NOT_SET_UP))
    code, out, err = run(capsys, tmp_path / "data", None, "province", "keys", "09319")
    assert (code, err.strip()) == (1, tr(NOT_PROVINCE))


def test_help_lists_every_command_under_its_area_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in text
    assert "Cách dùng:" in text and "xem hướng dẫn này rồi thoát" in text
    groups: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            current = line[:-1]
            groups[current] = []
        elif current is not None and line.startswith("  ") and not line.startswith("   "):
            groups[current].append(line.split()[0])
    for c in registry.commands():
        assert c.name in groups.get(c.area, []), f"{c.name} is not listed under “{c.area}”"


def test_a_subcommand_help_is_in_vietnamese_too(capsys):
    with pytest.raises(SystemExit):
        main(["review", "check", "--help"])
    text = capsys.readouterr().out
    assert text.startswith("Cách dùng: python -m desktop review check") and "tùy chọn:" in text
    assert "options:" not in text and "show this help message" not in text
