"""The facts the rules need, checked where records are saved: a person's hiring date (not in the
future, not before the minimum working age: resources/records/facts.json), a collective dissolved or
merged in the 2025 reorganisation (its date, the collective it went into: live, active, not itself, no
cycle), and the links to an ended collective (refused for a new link, kept where it already was; no
registration for a year after it ended). Qt-free; desktop.core.record_clean calls it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core import choices as C
from desktop.core.record_fields import Field, format_date
from desktop.shared.i18n import tr
from desktop.shared.paths import resources_dir
from desktop.store.models import Collective, Household, Person, Registration

Values = dict[str, Any]
Messages = dict[str, str]
MAX_CHAIN = 1000   # collectives followed along "merged into" before a chain is called a cycle


@functools.cache
def min_hiring_age() -> int:
    """The minimum working age in years (resources/records/facts.json, with its source line)."""
    data = json.loads((resources_dir() / "records" / "facts.json").read_text(encoding="utf-8"))
    years = data["min_hiring_age"]["years"]
    if not isinstance(years, int) or isinstance(years, bool) or not 0 < years < 100:
        raise ValueError("resources/records/facts.json: min_hiring_age.years must be a whole number of years")
    return years


def _birthday(born: dt.date, years: int) -> dt.date:
    """The day a person born on ``born`` turns ``years`` (29 February: 1 March in other years)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


def person_hiring(v: Values, errors: Messages, today: dt.date) -> None:
    """The hiring date: not in the future, not before the minimum working age."""
    hired, born = v.get("hired_on"), v.get("birth_date")
    if hired is None or "hired_on" in errors:
        return
    if hired > today:
        errors["hired_on"] = tr("Ngày tuyển dụng {date} ở tương lai. Hãy kiểm tra lại.").format(date=format_date(hired))
        return
    if born is None or "birth_date" in errors:
        return
    age = min_hiring_age()
    if hired < _birthday(born, age):
        errors["hired_on"] = tr(
            "Ngày tuyển dụng {date} khi chưa đủ {age} tuổi (sinh ngày {born}). Hãy kiểm tra lại ngày tuyển dụng "
            "hoặc ngày sinh.").format(date=format_date(hired), age=age, born=format_date(born))


def ended_phrase(c: Collective, s: Session) -> str:
    """“đã giải thể từ ngày …” / “đã sáp nhập vào … từ ngày …”, for messages."""
    since = format_date(c.ended_on) if c.ended_on else ""
    into = s.get(Collective, c.merged_into_id) if c.status == "merged" and c.merged_into_id else None
    if c.status == "dissolved":
        return tr("đã giải thể từ ngày {date}").format(date=since) if since else tr("đã giải thể")
    if into is not None:
        return (tr("đã sáp nhập vào “{into}” từ ngày {date}").format(into=into.name, date=since) if since
                else tr("đã sáp nhập vào “{into}”").format(into=into.name))
    return tr("đã sáp nhập từ ngày {date}").format(date=since) if since else tr("đã sáp nhập")


def ended_link(f: Field, obj: Any, kind_key: str, record_id: int | None, s: Session) -> str | None:
    """The message refusing a NEW link to a dissolved or merged collective (a person's unit, a household's
    village, the collective another merges into), or None: a link the record already had stays."""
    if not isinstance(obj, Collective) or obj.status not in C.ENDED_STATUSES:
        return None
    if record_id is not None:
        from desktop.core.record_kinds import KINDS

        current = s.get(KINDS[kind_key].model, record_id)
        if current is not None and getattr(current, f.name, None) == obj.id:
            return None
    return tr("{field}: “{name}” {ended}, không chọn được nữa. Hãy chọn tập thể đang hoạt động.").format(
        field=tr(f.label), name=obj.name, ended=ended_phrase(obj, s))


def collective_rules(v: Values, errors: Messages, warnings: Messages, record_id: int | None, s: Session,
                     today: dt.date) -> None:
    """Status, end date and the collective it merged into, read together."""
    status = v.get("status") or "active"
    v["status"] = status
    ended_on, into = v.get("ended_on"), v.get("merged_into_id")
    if "status" in errors:
        return
    if status == "active":
        if ended_on is not None and "ended_on" not in errors:
            errors["ended_on"] = tr("Tập thể đang hoạt động thì để trống ngày giải thể, sáp nhập (hoặc chọn lại "
                                    "tình trạng).")
    elif ended_on is None and "ended_on" not in errors:
        errors["ended_on"] = tr("Đã giải thể hoặc sáp nhập thì phải nhập ngày giải thể, sáp nhập.")
    elif ended_on is not None and "ended_on" not in errors:
        _ended_on_rules(ended_on, errors, record_id, s, today)
    if into is not None and "merged_into_id" not in errors:
        _merged_into_rules(status, into, errors, record_id, s)
    if status in C.ENDED_STATUSES and record_id is not None and not errors:
        _members_left(record_id, warnings, s)


def _ended_on_rules(ended_on: dt.date, errors: Messages, record_id: int | None, s: Session, today: dt.date) -> None:
    if ended_on > today:
        errors["ended_on"] = tr("Ngày giải thể, sáp nhập {date} ở tương lai: chỉ ghi khi quyết định đã có hiệu lực.") \
            .format(date=format_date(ended_on))
        return
    if record_id is None:
        return
    later = s.scalar(select(func.max(Registration.year)).where(
        Registration.collective_id == record_id, Registration.deleted_at.is_(None)))
    if later is not None and later > ended_on.year:
        errors["ended_on"] = tr(
            "Tập thể đã có đăng ký thi đua năm {year}, sau ngày giải thể, sáp nhập {date}. Hãy xem lại ngày, hoặc "
            "xóa đăng ký đó trước.").format(year=later, date=format_date(ended_on))


def _merged_into_rules(status: str, into: int, errors: Messages, record_id: int | None, s: Session) -> None:
    if status != "merged":
        errors["merged_into_id"] = tr("Chỉ ghi “Sáp nhập vào” khi tình trạng là “Đã sáp nhập”.")
        return
    if record_id is not None and into == record_id:
        errors["merged_into_id"] = tr("Một tập thể không sáp nhập vào chính nó. Hãy chọn tập thể tiếp nhận.")
        return
    seen, cur = {into}, s.get(Collective, into)
    while cur is not None and cur.merged_into_id is not None and len(seen) < MAX_CHAIN:
        if cur.merged_into_id == record_id or cur.merged_into_id in seen:
            target = s.get(Collective, into)
            errors["merged_into_id"] = tr("“{name}” đã sáp nhập (trực tiếp hay gián tiếp) vào chính tập thể này: "
                                          "không sáp nhập vòng tròn được.").format(name=target.name if target else into)
            return
        seen.add(cur.merged_into_id)
        cur = s.get(Collective, cur.merged_into_id)


def _members_left(record_id: int, warnings: Messages, s: Session) -> None:
    """A collective ending while people or households still name it: they keep it, the officer is told
    (once: when the status changes)."""
    current = s.get(Collective, record_id)
    if current is None or current.status in C.ENDED_STATUSES:
        return
    people = s.scalar(select(func.count()).select_from(Person).where(
        Person.collective_id == record_id, Person.deleted_at.is_(None))) or 0
    households = s.scalar(select(func.count()).select_from(Household).where(
        Household.village_id == record_id, Household.deleted_at.is_(None))) or 0
    if people or households:
        warnings["status"] = tr(
            "Còn {people} người và {households} hộ gia đình ghi thuộc tập thể này. Hồ sơ cũ vẫn giữ tên tập thể; "
            "sau khi lưu, hãy chuyển họ sang đơn vị mới.").format(people=people, households=households)


def registration_year(v: Values, errors: Messages, s: Session) -> None:
    """No registration of a dissolved or merged collective for a year after it ended (a person's
    registration is never refused because their unit ended)."""
    subj, year = v.get("subject"), v.get("year")
    if not subj or subj[0] != "collective" or year is None or "subject" in errors or "year" in errors:
        return
    c = s.get(Collective, subj[1])
    if c is None or c.status not in C.ENDED_STATUSES or c.ended_on is None or year <= c.ended_on.year:
        return
    errors["year"] = tr("“{name}” {ended}: không đăng ký thi đua năm {year} được (chỉ đến năm {last}).").format(
        name=c.name, ended=ended_phrase(c, s), year=year, last=c.ended_on.year)
