"""Periods of the province's calendar (Qt-free): a data file's period code ("2026", "2026-H1"), its
name as the officer reads it, and its deadline from resources/plan/deadlines.json."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from desktop.bundle.container import PERIOD
from desktop.shared.errors import UserError
from desktop.shared.paths import resources_dir
from desktop.shared.text import one_line


@lru_cache(maxsize=1)
def _deadline_doc() -> dict:
    return json.loads((resources_dir() / "plan" / "deadlines.json").read_text(encoding="utf-8"))


def parse_period(period: str) -> tuple[int, str]:
    """"2026" -> (2026, "Y"); "2026-H1" -> (2026, "H1"). ASCII digits, the whole string (as
    container.PERIOD: not "20٢٦", not "2026\n")."""
    m = PERIOD.fullmatch((period or "").strip(" "))
    if m is not None:
        return int(m.group(1)), "H1" if m.group(2) else "Y"
    raise UserError(f"Kỳ “{one_line(period, 20)}” không hợp lệ: dùng 2026 (cả năm) hoặc 2026-H1 (6 tháng).")


def period_name(period: str) -> str:
    year, code = parse_period(period)
    names = {p["code"]: p["name"] for p in _deadline_doc()["periods"]}
    name = names.get(code, code)
    return f"{name} {year}" if name.endswith(" năm") else f"{name} năm {year}"


@dataclass(frozen=True)
class Deadline:
    """One thing due for a period (the report, the award file, the statistics) and its date."""
    code: str
    name: str
    due: dt.date
    source: str


def deadlines(period: str) -> list[Deadline]:
    """What is due for the period, each with its own date and source (resources/plan/deadlines.json):
    the year's report is due before December, the award file by 10/12, the statistics by 15/12."""
    year, code = parse_period(period)
    for p in _deadline_doc()["periods"]:
        if p["code"] == code:
            return [Deadline(d["code"], d["name"], dt.date(year, int(d["month"]), int(d["day"])), d.get("source", ""))
                    for d in p.get("deadlines", ())]
    return []


def deadline_of(period: str, what: str) -> dt.date:
    """The date ``what`` (report, award_file, statistics) is due for the period; the data file's own
    deadline when the period names no separate date for it."""
    return next((d.due for d in deadlines(period) if d.code == what), default_deadline(period))


def default_deadline(period: str) -> dt.date:
    """The deadline of a period from resources/plan/deadlines.json."""
    year, code = parse_period(period)
    for p in _deadline_doc()["periods"]:
        if p["code"] == code:
            return dt.date(year, int(p["month"]), int(p["day"]))
    raise UserError(f"Chưa có hạn nộp cho kỳ “{period}” trong resources/plan/deadlines.json.")
