"""The province plan's areas, sub-areas and 15 targets, loaded from resources/plan at start."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.shared.paths import resources_dir


@dataclass(frozen=True)
class SubArea:
    code: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    sub_areas: tuple[SubArea, ...]


@dataclass(frozen=True)
class Target:
    code: int
    text: str
    short: str
    unit: str
    low: str
    high: str
    flag: str = ""
    note: str = ""
    range_allowed: bool = False     # the plan states this target as a range ("35 - 40%")
    range_source: str = ""          # the plan's line that says so

    @property
    def flagged(self) -> bool:
        return bool(self.flag)


@dataclass(frozen=True)
class Plan:
    version: str
    source: str
    areas: tuple[Area, ...]
    targets: tuple[Target, ...]
    periods: tuple[tuple[str, str], ...] = field(default=())
    targets_source: str = ""   # the plan's part the targets are quoted from (targets.json "source")

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)

    def sub_area(self, code: str) -> SubArea | None:
        for a in self.areas:
            for s in a.sub_areas:
                if s.code == code:
                    return s
        return None

    def target(self, code: int) -> Target | None:
        return next((t for t in self.targets if t.code == code), None)

    def range_allowed(self, code: int | str | None) -> bool:
        """May an indicator under target ``code`` carry a range ("35 - 40") as its value?"""
        try:
            t = self.target(int(code)) if code not in (None, "") else None
        except (TypeError, ValueError):
            return False
        return bool(t and t.range_allowed)

    def period_name(self, code: str) -> str:
        return dict(self.periods).get(code, code)


def load_plan(folder: Path | None = None) -> Plan:
    folder = folder or resources_dir() / "plan"
    areas_doc = json.loads((folder / "areas.json").read_text(encoding="utf-8"))
    targets_doc = json.loads((folder / "targets.json").read_text(encoding="utf-8"))
    areas = tuple(
        Area(a["code"], a["name"], tuple(SubArea(s["code"], s["name"], s.get("note", "")) for s in a["sub_areas"]))
        for a in areas_doc["areas"]
    )
    targets = tuple(
        Target(
            code=int(t["code"]), text=t["text"], short=t["short"], unit=t.get("unit", ""),
            low=t.get("low", ""), high=t.get("high", ""), flag=t.get("flag", ""), note=t.get("note", ""),
            range_allowed=t.get("range") is True, range_source=t.get("range_source", ""),
        )
        for t in targets_doc["targets"]
    )
    codes = [t.code for t in targets]
    if len(set(codes)) != len(codes):
        raise ValueError("targets.json: duplicate target codes")
    periods = tuple((p["code"], p["name"]) for p in targets_doc.get("periods", []))
    return Plan(areas_doc.get("version", ""), areas_doc.get("source", ""), areas, targets, periods,
                targets_doc.get("source", ""))


@lru_cache(maxsize=1)
def default_plan() -> Plan:
    return load_plan()


@dataclass(frozen=True)
class PlanRef:
    """The province's plan the areas and targets come from, as a report cites it: its number and date
    when known ("" leaves them to be written in)."""

    title: str
    issuer: str
    year: int
    number: str
    date: str      # "YYYY-MM-DD" or ""


def province_plan(folder: Path | None = None) -> PlanRef:
    folder = folder or resources_dir() / "plan"
    doc = json.loads((folder / "province_plan.json").read_text(encoding="utf-8"))
    return PlanRef(doc["title"], doc["issuer"], int(doc["year"]), doc.get("number", ""), doc.get("date", ""))
