"""The commune's plan launching the year's emulation movement (kế hoạch phát động thi đua): its title,
launch date, registration deadline and content sections (aims, contents, targets chosen from the
province plan's, reward forms, organisation), stored as an ``EmulationPlan``; and the one check that
tells the officer a registration came after the deadline (late registration happens: it is saved,
with a warning). The section headings, default texts and the rule are data:
resources/plan/launch_plan.json."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.plan import default_plan
from desktop.shared.errors import ValidationError
from desktop.shared.i18n import tr
from desktop.shared.paths import resources_dir
from desktop.shared.text import nfc
from desktop.store.models_review import EmulationPlan

SECTION_KEYS = ("aims", "contents", "targets", "rewards", "organisation")
MAX_TITLE = 500


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    default: tuple[str, ...]


@dataclass(frozen=True)
class PlanRules:
    version: str
    source: str
    sections: tuple[Section, ...]
    registration_line: str     # with {unit} and {deadline}
    late_registration: str     # "warn" (saved, the officer told) | "off"
    note: str = ""

    def defaults(self, unit: str, year: int) -> dict[str, list[str]]:
        """The default paragraphs of each section, for a commune and a year."""
        return {x.key: [t.format(unit=unit, year=year) for t in x.default] for x in self.sections}


def load_rules(folder: Path | None = None) -> PlanRules:
    doc = json.loads(((folder or resources_dir() / "plan") / "launch_plan.json").read_text(encoding="utf-8"))
    sections = tuple(Section(x["key"], x["heading"], tuple(x.get("default", ()))) for x in doc["sections"])
    if tuple(x.key for x in sections) != SECTION_KEYS:
        raise ValueError(f"launch_plan.json: the sections must be {SECTION_KEYS}")
    if doc.get("late_registration", "warn") not in ("warn", "off"):
        raise ValueError("launch_plan.json: late_registration must be warn or off")
    return PlanRules(doc["version"], doc["source"], sections, doc["registration_line"],
                     doc.get("late_registration", "warn"), doc.get("note", ""))


@lru_cache(maxsize=1)
def default_rules() -> PlanRules:
    return load_rules()


@dataclass(frozen=True)
class PlanInput:
    """What the officer writes: ``sections`` maps a section key to its paragraphs (the targets section
    is written from ``targets``, codes of the province plan's targets, plus any paragraphs given)."""

    year: int
    title: str
    launched_on: dt.date
    registration_deadline: dt.date
    sections: dict[str, list[str]]
    targets: tuple[int, ...] = ()
    note: str = ""


def clean(p: PlanInput) -> PlanInput:
    """``p`` with its text normalised; ValidationError naming each field that is wrong."""
    errors: dict[str, str] = {}
    title = nfc(" ".join(p.title.split()))
    if not title:
        errors["title"] = tr("Hãy ghi tên kế hoạch (ví dụ: Phát động phong trào thi đua yêu nước năm {year}).") \
            .format(year=p.year)
    elif len(title) > MAX_TITLE:
        errors["title"] = tr("Tên kế hoạch dài quá {n} ký tự.").format(n=MAX_TITLE)
    if p.launched_on.year != p.year:
        errors["launched_on"] = tr("Ngày phát động {date} không thuộc năm {year} của kế hoạch.").format(
            date=f"{p.launched_on:%d/%m/%Y}", year=p.year)
    if p.registration_deadline < p.launched_on:
        errors["registration_deadline"] = tr("Hạn đăng ký thi đua {deadline} trước ngày phát động {date}; hãy chọn "
                                             "hạn từ ngày phát động trở đi.").format(
            deadline=f"{p.registration_deadline:%d/%m/%Y}", date=f"{p.launched_on:%d/%m/%Y}")
    plan = default_plan()
    unknown = [c for c in p.targets if plan.target(c) is None]
    if unknown:
        errors["targets"] = tr("Không có chỉ tiêu số {codes} trong kế hoạch của tỉnh.").format(
            codes=", ".join(str(c) for c in unknown))
    sections = {k: [nfc(" ".join(t.split())) for t in p.sections.get(k, []) if t.strip()] for k in SECTION_KEYS}
    for k in ("aims", "contents", "organisation"):
        if not sections[k]:
            errors[k] = tr("Phần “{section}” chưa có nội dung.").format(section=_heading(k))
    if errors:
        raise ValidationError(errors)
    return PlanInput(p.year, title, p.launched_on, p.registration_deadline, sections,
                     tuple(dict.fromkeys(p.targets)), nfc(p.note.strip()))


def _heading(key: str) -> str:
    return next(x.heading for x in default_rules().sections if x.key == key)


def sections_text(p: PlanInput, unit: str, rules: PlanRules | None = None) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the document: the targets chosen, verbatim from the province plan, and
    the registration deadline at the end of the organisation section."""
    rules = rules or default_rules()
    plan = default_plan()
    out = []
    for x in rules.sections:
        texts = list(p.sections.get(x.key, []))
        if x.key == "targets":
            chosen = [plan.target(c) for c in p.targets]
            texts = [f"Chỉ tiêu ({t.code}): {t.text}" for t in chosen if t is not None] + texts  # i18n: keep
            if not texts:
                continue
        if x.key == "organisation":
            texts.append(rules.registration_line.format(unit=unit, deadline=f"{p.registration_deadline:%d/%m/%Y}"))
        out.append((x.heading, texts))
    return out


def store(s: Session, p: PlanInput) -> EmulationPlan:
    """Store the plan in the caller's transaction (a later plan of the same year replaces the earlier
    one as the year's deadline: the newest live plan counts)."""
    row = EmulationPlan(year=p.year, title=p.title, launched_on=p.launched_on,
                        registration_deadline=p.registration_deadline,
                        content=json.dumps({"sections": p.sections, "targets": list(p.targets)}, ensure_ascii=False),
                        note=p.note)
    s.add(row)
    s.flush()
    return row


def plan_of(s: Session, year: int) -> EmulationPlan | None:
    """The year's plan in force: the newest live one."""
    return s.scalars(select(EmulationPlan).where(EmulationPlan.year == year, EmulationPlan.deleted_at.is_(None))
                     .order_by(EmulationPlan.launched_on.desc(), EmulationPlan.id.desc()).limit(1)).first()


def late_registration(s: Session, year: int | None, on: dt.date | None) -> str | None:
    """The warning for a registration of ``year`` made on ``on`` after the plan's deadline, or None (on
    the deadline day itself it is in time)."""
    if year is None or on is None or default_rules().late_registration != "warn":
        return None
    plan = plan_of(s, year)
    if plan is None or on <= plan.registration_deadline:
        return None
    return tr("Đăng ký ngày {date}, sau hạn đăng ký thi đua {deadline} của kế hoạch “{title}”. Đăng ký muộn vẫn được "
              "lưu; hãy ghi lý do vào nội dung cam kết nếu cần.").format(
        date=f"{on:%d/%m/%Y}", deadline=f"{plan.registration_deadline:%d/%m/%Y}", title=plan.title)


__all__ = ["PlanInput", "PlanRules", "Section", "SECTION_KEYS", "clean", "default_rules", "late_registration",
           "load_rules", "plan_of", "sections_text", "store"]
