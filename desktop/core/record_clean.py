"""Cleaning and checking the values of a record before it is saved: each field by its type (text,
choice, CCCD, number, date, year, count, reference, subject), then the rules of its kind (one CCCD per
person, one rating a year, a discipline's level...). Qt-free; desktop.core.records.Records.clean
calls it with the session the record is saved in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import cccd as cccd_rules
from desktop.core import choices as C
from desktop.core import record_facts as facts
from desktop.core.catalog import title_choices
from desktop.core.launch_plan import late_registration
from desktop.core.plan import default_plan
from desktop.core.record_fields import (
    _ASCII_INT,
    MAX_COUNT,
    MIN_BIRTH_YEAR,
    Field,
    Kind,
    dates_range,
    format_date,
    parse_date,
    years_range,
)
from desktop.core.record_kinds import KINDS
from desktop.shared import numbers
from desktop.shared.i18n import tr
from desktop.shared.text import nfc, one_line, text_problem
from desktop.store.models import Person, Rating

Values = dict[str, Any]
Messages = dict[str, str]


def _label_in_sentence(label: str) -> str:
    """A field label inside a message: Vietnamese in lower case as before, a translation with only its
    first letter lowered (keeps "ID" in "citizen ID no.")."""
    shown = tr(label)
    return shown.lower() if shown == label else shown[:1].lower() + shown[1:]


def _year_ok(y: int) -> bool:
    lo, hi = years_range()
    return lo <= y <= hi


def _indicator_values(k: Kind, v: dict, errors: dict, target_code: Any) -> None:
    """The indicator's "Kế hoạch" and "Thực hiện": numbers written the Vietnamese way, stored in canonical form; a
    range only where the plan states the target as one (resources/plan/targets.json)."""
    allow_range = default_plan().range_allowed(target_code)
    for f in k.fields:
        if f.kind != "number" or f.name in errors:
            continue
        raw = v.get(f.name)
        try:
            v[f.name] = numbers.canonical(raw if raw is not None else "", allow_range and f.name in numbers.RANGE_FIELDS)
        except numbers.NumberError as exc:
            errors[f.name] = tr("{field}: {problem}").format(field=tr(f.label), problem=exc.message())
            continue
        if not v[f.name] and f.required:
            errors[f.name] = tr("Chưa nhập {field}.").format(field=_label_in_sentence(f.label))


# --------------------------------------------------------------------------- each field by its type


class _Cleaning:
    """What the field cleaners share: the kind, the session, today, and the values and errors so far."""

    def __init__(self, k: Kind, s: Session, today: dt.date, record_id: int | None = None):
        self.k, self.s, self.today, self.record_id = k, s, today, record_id
        self.values: Values = {}
        self.errors: Messages = {}
        self.warnings: Messages = {}


def _text(c: _Cleaning, f: Field, v: Any, raw: dict[str, Any]) -> None:
    """text, multiline, cccd and choice fields."""
    errors = c.errors
    v = nfc(v) if v is not None else ""
    if f.kind == "multiline" and raw.get(f.name):
        # keep line breaks in long texts, normalise each line
        v = "\n".join(nfc(line) for line in str(raw[f.name]).splitlines()).strip()
    if f.kind == "cccd":
        v = v.replace(" ", "").replace(".", "")
    if not v:
        if f.required:
            errors[f.name] = (tr("Chưa nhập {field}.") if f.kind != "choice" else tr("Chưa chọn {field}.")
                              ).format(field=_label_in_sentence(f.label))
        c.values[f.name] = None if f.kind in ("cccd",) else ""
        return
    # the text rule (desktop.shared.text): what normalising left of control, bidi and
    # invisible characters is refused, as the province's verifier would refuse it
    problem = text_problem(v, multiline=f.kind == "multiline", translate=True)
    if problem:
        errors[f.name] = tr("{field} {problem}. Hãy xóa ký tự đó (thường lẫn vào khi dán từ nơi "
                            "khác) rồi lưu lại.").format(field=tr(f.label), problem=problem)
        c.values[f.name] = v
        return
    if f.max_len and len(v) > f.max_len and f.kind != "cccd":  # CCCD: format message below
        errors[f.name] = (
            tr("{field} dài {length} ký tự, vượt quá {limit} ký tự cho phép. Hãy rút gọn.")
            .format(field=tr(f.label), length=len(v), limit=f.max_len)
        )
    if f.kind == "choice":
        codes = [code for code, _ in f.choice_list()]
        if v not in codes:
            errors[f.name] = tr("{field}: giá trị “{value}” không có trong danh sách. Hãy chọn lại.") \
                .format(field=tr(f.label), value=v)
    if f.kind == "cccd" and f.name not in errors:
        msg = cccd_rules.format_error(v)
        if msg:
            errors[f.name] = msg
    c.values[f.name] = v


def _number(c: _Cleaning, f: Field, v: Any, raw: dict[str, Any]) -> None:
    # checked with the record's other fields (a range is allowed by the target): _kind_rules
    if isinstance(v, str):
        v = nfc(v)
    c.values[f.name] = "" if v is None else v


def _date(c: _Cleaning, f: Field, v: Any, raw: dict[str, Any]) -> None:
    try:
        d = parse_date(v)
    except (ValueError, TypeError) as exc:
        c.errors[f.name] = tr("{field}: {problem}").format(field=tr(f.label), problem=exc)
        c.values[f.name] = None
        return
    if d is None and f.required:
        c.errors[f.name] = tr("Chưa nhập {field}.").format(field=_label_in_sentence(f.label))
    elif d is not None and not (c.k.key == "person" and f.name == "birth_date"):  # birth: below
        first, last = dates_range(c.today)
        if not first <= d <= last:
            c.errors[f.name] = tr("{field}: ngày {date} nằm ngoài khoảng cho phép, từ {first} đến "
                                  "{last}. Hãy kiểm tra lại.").format(
                field=tr(f.label), date=format_date(d), first=format_date(first),
                last=format_date(last))
    c.values[f.name] = d


def _whole(c: _Cleaning, f: Field, v: Any, raw: dict[str, Any]) -> None:
    """year and int fields."""
    if v is None or (isinstance(v, str) and not nfc(v)):
        if f.required:
            c.errors[f.name] = tr("Chưa nhập {field}.").format(field=_label_in_sentence(f.label))
        c.values[f.name] = None
        return
    if isinstance(v, int) and not isinstance(v, bool):
        n = v
    elif isinstance(v, str) and _ASCII_INT.match(nfc(v)):  # not "٢٠٢٦", "1_000" nor "+5"
        n = int(nfc(v))
    else:
        c.errors[f.name] = tr("{field} phải là một số nguyên (đang nhập “{value}”).") \
            .format(field=tr(f.label), value=one_line(v, 30))
        c.values[f.name] = None
        return
    if f.kind == "year" and not _year_ok(n):
        lo, hi = years_range()
        c.errors[f.name] = tr("Năm {year} không hợp lệ: phải từ {first} đến {last}.") \
            .format(year=n, first=lo, last=hi)
    elif f.kind == "int" and not (0 <= n <= MAX_COUNT):
        c.errors[f.name] = tr("{field} phải từ 0 đến 1.000.000.").format(field=tr(f.label))
    c.values[f.name] = n


def _ref(c: _Cleaning, f: Field, v: Any, raw: dict[str, Any]) -> None:
    if v in (None, "", 0):
        if f.required:
            c.errors[f.name] = tr("Chưa chọn {field}.").format(field=_label_in_sentence(f.label))
        c.values[f.name] = None
        return
    obj = c.s.get(KINDS[f.ref].model, int(v))
    if obj is None or obj.deleted_at is not None:
        c.errors[f.name] = tr("{field}: bản ghi đã chọn không còn (có thể đã bị xóa). Hãy chọn lại.") \
            .format(field=tr(f.label))
    elif f.ref_filter == "village" and obj.kind not in C.VILLAGE_KINDS:
        c.errors[f.name] = tr("{field}: “{name}” không phải thôn hay tổ dân phố.") \
            .format(field=tr(f.label), name=obj.name)
    elif (msg := facts.ended_link(f, obj, c.k.key, c.record_id, c.s)) is not None:
        c.errors[f.name] = msg
    c.values[f.name] = int(v)


def _subject(c: _Cleaning, f: Field, v: Any, raw: dict[str, Any]) -> None:
    if not v or not isinstance(v, (tuple, list)) or len(v) != 2 or v[1] in (None, ""):
        c.errors[f.name] = tr("Chưa chọn {field}.").format(field=_label_in_sentence(f.label))
        c.values[f.name] = None
        return
    st, sid = v[0], int(v[1])
    if st not in f.subject_types:
        c.errors[f.name] = tr("{field}: loại đối tượng không phù hợp.").format(field=tr(f.label))
    else:
        obj = c.s.get(KINDS[st].model, sid)
        if obj is None or obj.deleted_at is not None:
            c.errors[f.name] = tr("{field}: bản ghi đã chọn không còn (có thể đã bị xóa). Hãy chọn lại.") \
                .format(field=tr(f.label))
    c.values[f.name] = (st, sid)


_CLEANERS = {"text": _text, "multiline": _text, "cccd": _text, "choice": _text, "number": _number,
             "date": _date, "year": _whole, "int": _whole, "ref": _ref, "subject": _subject}


def clean_values(k: Kind, raw: dict[str, Any], record_id: int | None, s: Session,
                 today: dt.date | None = None) -> tuple[Values, Messages, Messages]:
    """Normalise raw form values of kind ``k``. Returns (values, errors, warnings); errors block saving."""
    c = _Cleaning(k, s, today or dt.date.today(), record_id)
    for f in k.fields:
        cleaner = _CLEANERS.get(f.kind)
        if cleaner is not None:
            cleaner(c, f, raw.get(f.name), raw)
    kind_rules(k, c.values, c.errors, c.warnings, record_id, s, c.today)
    return c.values, c.errors, c.warnings


# --------------------------------------------------------------------------- the rules of each kind


def _person_rules(v: Values, errors: Messages, warnings: Messages, record_id: int | None,
                  s: Session, today: dt.date) -> None:
    bd = v.get("birth_date")
    if bd is not None and "birth_date" not in errors:
        if bd > today:
            errors["birth_date"] = tr("Ngày sinh {date} ở tương lai. Hãy kiểm tra lại.").format(date=format_date(bd))
        elif bd.year < MIN_BIRTH_YEAR:
            errors["birth_date"] = tr("Ngày sinh {date} trước năm {year}. Hãy kiểm tra lại.") \
                .format(date=format_date(bd), year=MIN_BIRTH_YEAR)
    num = v.get("cccd")
    if not num or "cccd" in errors:
        return
    stmt = select(Person).where(Person.cccd == num, Person.deleted_at.is_(None))
    if record_id is not None:
        stmt = stmt.where(Person.id != record_id)
    other = s.scalars(stmt.limit(1)).first()
    if other is not None:
        if other.birth_date:
            errors["cccd"] = tr(
                "Số CCCD {number} đã có trong hồ sơ của {name}, sinh {born}. "
                "Mỗi người chỉ có một hồ sơ: hãy mở hồ sơ đó để sửa thay vì thêm mới."
            ).format(number=num, name=other.full_name, born=format_date(other.birth_date))
        else:
            errors["cccd"] = tr(
                "Số CCCD {number} đã có trong hồ sơ của {name}. "
                "Mỗi người chỉ có một hồ sơ: hãy mở hồ sơ đó để sửa thay vì thêm mới."
            ).format(number=num, name=other.full_name)
    else:
        w = cccd_rules.consistency_warnings(
            num, v.get("sex"), bd if "birth_date" not in errors else None)
        if w:
            warnings["cccd"] = " ".join(w)


def _discipline_rules(v: Values, errors: Messages) -> None:
    if v.get("status") == "da_ky_luat" and not v.get("level"):
        errors["level"] = tr("Đã bị kỷ luật thì phải chọn hình thức kỷ luật.")
    sd, ed = v.get("start_date"), v.get("end_date")
    if sd and ed and ed < sd:
        errors["end_date"] = tr("“Đến ngày” phải sau “Từ ngày”.")


def _achievement_rules(v: Values, errors: Messages) -> None:
    area, sub = v.get("area_code"), v.get("sub_area_code")
    if area and sub and "sub_area_code" not in errors and not sub.startswith(area + "."):
        errors["sub_area_code"] = tr("Nội dung {sub_area} không thuộc lĩnh vực {area}. Hãy chọn lại.") \
            .format(sub_area=sub, area=area)


def _rating_rules(v: Values, errors: Messages, record_id: int | None, s: Session) -> None:
    subj, year = v.get("subject"), v.get("year")
    if subj and year and "subject" not in errors:
        col = Rating.person_id if subj[0] == "person" else Rating.collective_id
        stmt = select(Rating.id).where(col == subj[1], Rating.year == year, Rating.deleted_at.is_(None))
        if record_id is not None:
            stmt = stmt.where(Rating.id != record_id)
        if s.scalar(stmt.limit(1)) is not None:
            errors["year"] = tr("Đã có kết quả xếp loại năm {year} cho đối tượng này. Hãy sửa bản ghi đó.") \
                .format(year=year)


def _registration_rules(v: Values, errors: Messages) -> None:
    subj, code = v.get("subject"), v.get("title_code")
    if subj and code and "title_code" not in errors:
        allowed = dict(title_choices(subj[0]))
        if code not in allowed:
            errors["title_code"] = tr("Danh hiệu này không dành cho loại đối tượng đã chọn.")


def _late_registration(v: Values, warnings: Messages, record_id: int | None, s: Session, today: dt.date) -> None:
    """After the launch plan's deadline: saved, with a warning (desktop.core.launch_plan). A new
    registration without a date is made today; an old one without a date is not judged."""
    on = v.get("registered_on") or (today if record_id is None else None)
    late = late_registration(s, v.get("year"), on)
    if late:
        warnings["registered_on"] = late


def _indicator_rules(k: Kind, v: Values, errors: Messages) -> None:
    code = v.get("target_code")
    if code and "target_code" not in errors:
        v["target_code"] = int(code)
    _indicator_values(k, v, errors, "target_code" not in errors and code)


NAME_FIELDS = {"person": "full_name", "collective": "name", "household": "head_name"}
FORMULA_START = ("=", "+", "-", "@")   # what a spreadsheet would run as a formula


def _name_start(k: Kind, v: Values, errors: Messages) -> None:
    """A name does not begin with = + - @: no one's name does, and a spreadsheet would take it for a formula."""
    name = NAME_FIELDS.get(k.key)
    text = v.get(name) if name else None
    if name is None or name in errors or not isinstance(text, str) or not text.startswith(FORMULA_START):
        return
    label = next((f.label for f in k.fields if f.name == name), name)
    errors[name] = tr("{field} không được bắt đầu bằng ký tự “{char}” (Excel sẽ hiểu đó là công thức). "
                      "Hãy xóa ký tự đó rồi lưu lại.").format(field=tr(label), char=text[0])


def kind_rules(k: Kind, v: Values, errors: Messages, warnings: Messages, record_id: int | None,
               s: Session, today: dt.date) -> None:
    """The checks of a kind that look at several fields at once, or at other records."""
    _name_start(k, v, errors)
    if k.key == "person":
        _person_rules(v, errors, warnings, record_id, s, today)
        facts.person_hiring(v, errors, today)
    elif k.key == "collective":
        facts.collective_rules(v, errors, warnings, record_id, s, today)
    elif k.key == "discipline":
        _discipline_rules(v, errors)
    elif k.key == "achievement":
        _achievement_rules(v, errors)
    elif k.key == "rating":
        _rating_rules(v, errors, record_id, s)
    elif k.key == "registration":
        _registration_rules(v, errors)
        facts.registration_year(v, errors, s)
        _late_registration(v, warnings, record_id, s, today)
    elif k.key == "indicator":
        _indicator_rules(k, v, errors)
