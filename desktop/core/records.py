"""Record kinds of the commune workspace and the use cases on them (list, add, edit, delete,
restore, history), Qt-free.

Each kind is described once, as data: its fields (labels, validation, choices) and its table columns
(with the SQL expression each column sorts by). The window builds its forms and tables from these
descriptions; the headless commands and the tests use the same functions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from sqlalchemy import Select, String, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.shared.fmt import group
from desktop.core import cascade
from desktop.core import cccd as cccd_rules
from desktop.core import choices as C
from desktop.core.catalog import title_choices
from desktop.core import pickers
from desktop.shared import numbers
from desktop.shared.errors import NotFoundError, UserError, ValidationError
from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.core.labels import KIND_LABELS, NAV_ORDER
from desktop.core.plan import default_plan
from desktop.shared.text import fold, given_name_key, like_pattern, nfc, one_line, text_problem
from desktop.store.models import (
    Achievement,
    AuditEntry,
    Collective,
    CouncilMember,
    Discipline,
    Household,
    Indicator,
    Initiative,
    Person,
    Rating,
    Registration,
    utcnow,
)

# The commune's own ranges; the province's verifier applies the same ones (desktop/bundle/records_codec.py,
# docs/bundle-format.md §3), with its clock allowance added to the upper bounds.
MIN_BIRTH_YEAR = 1900
BULK_RECORD_ID = 0  # audit entries about many rows at once carry {"count", "first_id", "last_id"}
MIN_YEAR = 1945                          # year fields: MIN_YEAR .. this year + 1
MIN_DATE = dt.date(MIN_BIRTH_YEAR, 1, 1)  # no date in any field before this day
DATE_YEARS_AHEAD = 5                     # dates other than birth dates: up to 31 December of this year + 5
MAX_COUNT = 1_000_000                    # int fields (counts, order): 0 .. MAX_COUNT
_ASCII_INT = re.compile(r"-?[0-9]{1,12}\Z", re.ASCII)   # whole-number input, ASCII digits only
_ASCII_DIGITS = re.compile(r"[0-9]+\Z", re.ASCII)


# --------------------------------------------------------------------------- field and kind specs


@dataclass(frozen=True)
class Field:
    name: str
    label: str                      # Vietnamese (data: Excel, documents, command line); the window shows tr(label)
    kind: str = "text"  # text | multiline | date | year | int | number | choice | ref | subject | cccd
    required: bool = False
    choices: Callable[[], tuple[tuple[str, str], ...]] | None = None
    ref: str | None = None          # kind key of the referenced record
    ref_filter: str | None = None   # e.g. "village" for households' village
    subject_types: tuple[str, ...] = ("person", "collective", "household")
    help: str = ""
    max_len: int | None = None      # filled from the model's column length

    def choice_list(self) -> tuple[tuple[str, str], ...]:
        return self.choices() if self.choices else ()


@dataclass(frozen=True)
class Column:
    label: str
    expr: Any                       # SQL expression selected (and sorted on unless sort is given)
    kind: str = "text"              # text | date | choice | int | number (Vietnamese text, right-aligned)
    choices: tuple[tuple[str, str], ...] | Callable[[], tuple[tuple[str, str], ...]] = ()
    sort: Any = None
    width: int = 0                  # hint in characters for the UI

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "date":
            return format_date(value)
        if self.kind == "choice":
            ch = self.choices() if callable(self.choices) else self.choices
            return C.label(ch, str(value))
        return str(value)


@dataclass
class Kind:
    key: str
    label: str          # navigation label (plural)
    singular: str       # "cá nhân"
    model: type
    fields: list[Field]
    columns: list[Column] = field(default_factory=list)
    joins: list[tuple[Any, Any]] = field(default_factory=list)   # (target, onclause) outer joins
    search_exprs: list[Any] = field(default_factory=list)        # folded key columns searched
    default_sort: int = 1
    title_field: str = ""                                        # shown in history and messages

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def parse_date(text: str | dt.date | None) -> dt.date | None:
    """Parse 'dd/mm/yyyy' (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO yyyy-mm-dd). '' -> None."""
    if text is None or isinstance(text, dt.date):
        return text
    s = nfc(text)
    if not s:
        return None
    for sep in ("/", "-", "."):
        parts = s.split(sep)
        if len(parts) == 3 and all(_ASCII_DIGITS.match(p) for p in parts):
            a, b, c = (int(p) for p in parts)
            y, m, d = (a, b, c) if len(parts[0]) == 4 else (c, b, a)
            if len(str(y)) != 4:
                raise ValueError(tr("“{text}”: năm phải viết đủ 4 chữ số, ví dụ 05/12/1980.").format(text=one_line(s, 40)))
            try:
                return dt.date(y, m, d)
            except ValueError:
                raise ValueError(tr("“{text}” không có trên lịch (kiểm tra lại ngày và tháng).")
                                 .format(text=one_line(s, 40))) from None
    raise ValueError(tr("“{text}” không phải là ngày. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/1980.")
                     .format(text=one_line(s, 40)))


# Aliases used by subject columns
_P = aliased(Person, name="subj_person")
_C = aliased(Collective, name="subj_collective")
_H = aliased(Household, name="subj_household")


def subject_name_sort(model, household: bool):
    """Sort key of the "Đối tượng" column, one rule for what it shows whatever the kind of subject: a
    person's name (an individual, a household's head) the way Vietnamese lists sort names, by given
    name (desktop.shared.text.given_name_key, kept in person.sort_key), a collective by its name without
    accents (text.fold). (The search keys used before also carry the address, the leader and the
    phone, and sorted a household's head by family name, so the kinds came out interleaved by
    different rules.) The two SQL functions come from ``_sql_functions``."""
    whens = [(model.person_id.is_not(None), _P.sort_key)]
    if household:
        whens.append((model.household_id.is_not(None), func.tdkt_name_key(_H.head_name)))
    return case(*whens, else_=func.tdkt_fold(_C.name))


def _sql_functions(s: Session) -> None:
    """The sort keys of desktop.shared.text as SQL functions of this connection (SQLite)."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.driver_connection
    raw.create_function("tdkt_fold", 1, lambda v: fold(v) if v is not None else None, deterministic=True)
    raw.create_function("tdkt_name_key", 1, lambda v: given_name_key(v) if v is not None else None,
                        deterministic=True)


def _subject_columns(model) -> tuple[list[tuple[Any, Any]], Column, Column, list[Any]]:
    joins = [
        (_P, _P.id == model.person_id),
        (_C, _C.id == model.collective_id),
        (_H, _H.id == model.household_id),
    ]
    name = func.coalesce(_P.full_name, _C.name, _H.head_name)
    type_expr = case(
        (model.person_id.is_not(None), literal("person")),
        (model.collective_id.is_not(None), literal("collective")),
        else_=literal("household"),
    )
    name_sort = subject_name_sort(model, household=True)
    return (
        joins,
        Column(QT_TR_NOOP("Đối tượng"), name, sort=name_sort, width=28),
        Column(QT_TR_NOOP("Loại"), type_expr, kind="choice", choices=C.SUBJECT_TYPE, width=10),
        [_P.search_key, _C.search_key, _H.search_key],
    )


def _plan_areas() -> tuple[tuple[str, str], ...]:
    return tuple((a.code, f"{a.code}. {a.name}") for a in default_plan().areas)


def _plan_sub_areas() -> tuple[tuple[str, str], ...]:
    return tuple((s.code, f"{s.code}. {s.name}") for a in default_plan().areas for s in a.sub_areas)


def _plan_targets() -> tuple[tuple[str, str], ...]:
    return tuple((str(t.code), f"({t.code}) {t.short}") for t in default_plan().targets)


def _plan_periods() -> tuple[tuple[str, str], ...]:
    return default_plan().periods


def _years_range(today: dt.date | None = None) -> tuple[int, int]:
    """First and last year a year field accepts."""
    return MIN_YEAR, (today or dt.date.today()).year + 1


def dates_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day a date field other than a birth date accepts (a discipline may end, a
    registration may be planned, a few years ahead)."""
    return MIN_DATE, dt.date((today or dt.date.today()).year + DATE_YEARS_AHEAD, 12, 31)


def birth_dates_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day a birth date accepts: from 1 January MIN_BIRTH_YEAR to today."""
    return MIN_DATE, today or dt.date.today()


years_range = _years_range


def _build_kinds() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    UnitC = aliased(Collective, name="unit")
    VillageC = aliased(Collective, name="village")

    kinds["person"] = Kind(
        key="person", label=KIND_LABELS["person"], singular=QT_TR_NOOP("cá nhân"), model=Person, title_field="full_name",
        fields=[
            Field("full_name", QT_TR_NOOP("Họ và tên"), required=True),
            Field("sex", QT_TR_NOOP("Giới tính"), "choice", required=True, choices=lambda: C.SEX),
            Field("birth_date", QT_TR_NOOP("Ngày sinh"), "date", help=QT_TR_NOOP("Dạng ngày/tháng/năm, ví dụ 05/12/1980")),
            Field("cccd", QT_TR_NOOP("Số CCCD"), "cccd", help=QT_TR_NOOP("12 chữ số trên thẻ căn cước")),
            Field("category", QT_TR_NOOP("Thành phần"), "choice", required=True, choices=lambda: C.PERSON_CATEGORY),
            Field("position", QT_TR_NOOP("Chức vụ, nghề nghiệp")),
            Field("collective_id", QT_TR_NOOP("Đơn vị công tác / thôn, tổ dân phố"), "ref", ref="collective"),
            Field("household_id", QT_TR_NOOP("Hộ gia đình"), "ref", ref="household"),
            Field("phone", QT_TR_NOOP("Điện thoại")),
            Field("note", QT_TR_NOOP("Ghi chú"), "multiline"),
        ],
        columns=[
            Column(QT_TR_NOOP("Họ và tên"), Person.full_name, sort=Person.sort_key, width=26),
            Column(QT_TR_NOOP("Giới tính"), Person.sex, kind="choice", choices=C.SEX, width=6),
            Column(QT_TR_NOOP("Ngày sinh"), Person.birth_date, kind="date", width=10),
            Column(QT_TR_NOOP("Số CCCD"), Person.cccd, width=13),
            Column(QT_TR_NOOP("Chức vụ, nghề nghiệp"), Person.position, width=20),
            Column(QT_TR_NOOP("Đơn vị / thôn"), UnitC.name, width=22),
            Column(QT_TR_NOOP("Thành phần"), Person.category, kind="choice", choices=C.PERSON_CATEGORY, width=12),
        ],
        joins=[(UnitC, UnitC.id == Person.collective_id)],
        search_exprs=[Person.search_key],
        default_sort=1,
    )
    kinds["household"] = Kind(
        key="household", label=KIND_LABELS["household"], singular=QT_TR_NOOP("hộ gia đình"), model=Household, title_field="head_name",
        fields=[
            Field("head_name", QT_TR_NOOP("Chủ hộ"), required=True),
            Field("village_id", QT_TR_NOOP("Thôn, tổ dân phố"), "ref", required=True, ref="collective", ref_filter="village"),
            Field("address", QT_TR_NOOP("Địa chỉ")),
            Field("members", QT_TR_NOOP("Số nhân khẩu"), "int"),
            Field("phone", QT_TR_NOOP("Điện thoại")),
            Field("note", QT_TR_NOOP("Ghi chú"), "multiline"),
        ],
        columns=[
            Column(QT_TR_NOOP("Chủ hộ"), Household.head_name, sort=Household.search_key, width=26),
            Column(QT_TR_NOOP("Thôn, tổ dân phố"), VillageC.name, width=20),
            Column(QT_TR_NOOP("Địa chỉ"), Household.address, width=30),
            Column(QT_TR_NOOP("Số nhân khẩu"), Household.members, kind="int", width=6),
            Column(QT_TR_NOOP("Điện thoại"), Household.phone, width=12),
        ],
        joins=[(VillageC, VillageC.id == Household.village_id)],
        search_exprs=[Household.search_key],
    )
    kinds["collective"] = Kind(
        key="collective", label=KIND_LABELS["collective"], singular=QT_TR_NOOP("tập thể"), model=Collective, title_field="name",
        fields=[
            Field("name", QT_TR_NOOP("Tên tập thể"), required=True),
            Field("kind", QT_TR_NOOP("Loại"), "choice", required=True, choices=lambda: C.COLLECTIVE_KIND),
            Field("leader_name", QT_TR_NOOP("Người đứng đầu")),
            Field("address", QT_TR_NOOP("Địa chỉ")),
            Field("phone", QT_TR_NOOP("Điện thoại")),
            Field("note", QT_TR_NOOP("Ghi chú"), "multiline"),
        ],
        columns=[
            Column(QT_TR_NOOP("Tên tập thể"), Collective.name, sort=Collective.search_key, width=32),
            Column(QT_TR_NOOP("Loại"), Collective.kind, kind="choice", choices=C.COLLECTIVE_KIND, width=18),
            Column(QT_TR_NOOP("Người đứng đầu"), Collective.leader_name, width=20),
            Column(QT_TR_NOOP("Địa chỉ"), Collective.address, width=24),
        ],
        search_exprs=[Collective.search_key],
    )

    def subject_kind(key, label, singular, model, fields, extra_cols, own_search=True, title_field=""):
        joins, name_col, type_col, skeys = _subject_columns(model)
        return Kind(
            key=key, label=label, singular=singular, model=model, title_field=title_field,
            fields=fields, columns=[name_col, type_col, *extra_cols], joins=joins,
            search_exprs=[*skeys, *( [model.search_key] if own_search else [])],
        )

    kinds["rating"] = subject_kind(
        "rating", KIND_LABELS["rating"], QT_TR_NOOP("kết quả xếp loại"), Rating,
        [
            Field("subject", QT_TR_NOOP("Cá nhân / tập thể"), "subject", required=True, subject_types=("person", "collective")),
            Field("year", QT_TR_NOOP("Năm"), "year", required=True),
            Field("rating", QT_TR_NOOP("Mức xếp loại"), "choice", required=True, choices=lambda: C.RATING),
            Field("note", QT_TR_NOOP("Ghi chú"), "multiline"),
        ],
        [
            Column(QT_TR_NOOP("Năm"), Rating.year, kind="int", width=6),
            Column(QT_TR_NOOP("Mức xếp loại"), Rating.rating, kind="choice", choices=C.RATING, width=26),
        ],
    )
    kinds["discipline"] = Kind(
        key="discipline", label=KIND_LABELS["discipline"], singular=QT_TR_NOOP("thông tin kỷ luật"), model=Discipline,
        fields=[
            Field("subject", QT_TR_NOOP("Cá nhân / tập thể"), "subject", required=True, subject_types=("person", "collective")),
            Field("status", QT_TR_NOOP("Tình trạng"), "choice", required=True, choices=lambda: C.DISCIPLINE_STATUS),
            Field("level", QT_TR_NOOP("Hình thức kỷ luật"), "choice", choices=lambda: C.DISCIPLINE_LEVEL,
                  help=QT_TR_NOOP("Bắt buộc khi tình trạng là “Đã bị kỷ luật”")),
            Field("decision_no", QT_TR_NOOP("Số quyết định")),
            Field("start_date", QT_TR_NOOP("Từ ngày"), "date"),
            Field("end_date", QT_TR_NOOP("Đến ngày"), "date"),
            Field("reason", QT_TR_NOOP("Lý do"), "multiline"),
        ],
        columns=[],
    )
    dj = [(_P, _P.id == Discipline.person_id), (_C, _C.id == Discipline.collective_id)]
    kinds["discipline"].joins = dj
    kinds["discipline"].columns = [
        Column(QT_TR_NOOP("Đối tượng"), func.coalesce(_P.full_name, _C.name),
               sort=subject_name_sort(Discipline, household=False), width=26),
        Column(QT_TR_NOOP("Tình trạng"), Discipline.status, kind="choice", choices=C.DISCIPLINE_STATUS, width=22),
        Column(QT_TR_NOOP("Hình thức"), Discipline.level, kind="choice", choices=C.DISCIPLINE_LEVEL, width=14),
        Column(QT_TR_NOOP("Số quyết định"), Discipline.decision_no, width=14),
        Column(QT_TR_NOOP("Từ ngày"), Discipline.start_date, kind="date", width=10),
        Column(QT_TR_NOOP("Đến ngày"), Discipline.end_date, kind="date", width=10),
    ]
    kinds["discipline"].search_exprs = [_P.search_key, _C.search_key, Discipline.search_key]

    IP = aliased(Person, name="author")
    kinds["initiative"] = Kind(
        key="initiative", label=KIND_LABELS["initiative"], singular=QT_TR_NOOP("sáng kiến, đề tài"), model=Initiative, title_field="title",
        fields=[
            Field("person_id", QT_TR_NOOP("Tác giả"), "ref", required=True, ref="person"),
            Field("kind", QT_TR_NOOP("Loại"), "choice", required=True, choices=lambda: C.INITIATIVE_KIND),
            Field("title", QT_TR_NOOP("Tên sáng kiến, đề tài"), "multiline", required=True),
            Field("year", QT_TR_NOOP("Năm"), "year", required=True),
            Field("scope", QT_TR_NOOP("Phạm vi công nhận"), "choice", required=True, choices=lambda: C.INITIATIVE_SCOPE),
            Field("recognised_by", QT_TR_NOOP("Cơ quan công nhận")),
            Field("decision_no", QT_TR_NOOP("Số quyết định công nhận")),
            Field("recognised_on", QT_TR_NOOP("Ngày công nhận"), "date"),
        ],
        columns=[
            Column(QT_TR_NOOP("Tên sáng kiến, đề tài"), Initiative.title, sort=Initiative.search_key, width=36),
            Column(QT_TR_NOOP("Tác giả"), IP.full_name, sort=IP.sort_key, width=22),
            Column(QT_TR_NOOP("Năm"), Initiative.year, kind="int", width=6),
            Column(QT_TR_NOOP("Phạm vi"), Initiative.scope, kind="choice", choices=C.INITIATIVE_SCOPE, width=10),
            Column(QT_TR_NOOP("Cơ quan công nhận"), Initiative.recognised_by, width=22),
        ],
        joins=[(IP, IP.id == Initiative.person_id)],
        search_exprs=[Initiative.search_key, IP.search_key],
    )
    kinds["registration"] = subject_kind(
        "registration", KIND_LABELS["registration"], QT_TR_NOOP("đăng ký thi đua"), Registration,
        [
            Field("subject", QT_TR_NOOP("Cá nhân / tập thể / hộ"), "subject", required=True),
            Field("year", QT_TR_NOOP("Năm"), "year", required=True),
            Field("title_code", QT_TR_NOOP("Danh hiệu đăng ký"), "choice", required=True, choices=title_choices),
            Field("registered_on", QT_TR_NOOP("Ngày đăng ký"), "date"),
            Field("pledge", QT_TR_NOOP("Nội dung cam kết"), "multiline"),
        ],
        [
            Column(QT_TR_NOOP("Năm"), Registration.year, kind="int", width=6),
            Column(QT_TR_NOOP("Danh hiệu đăng ký"), Registration.title_code, kind="choice", choices=title_choices, width=26),
            Column(QT_TR_NOOP("Ngày đăng ký"), Registration.registered_on, kind="date", width=10),
        ],
    )
    kinds["achievement"] = subject_kind(
        "achievement", KIND_LABELS["achievement"], QT_TR_NOOP("thành tích"), Achievement,
        [
            Field("subject", QT_TR_NOOP("Cá nhân / tập thể / hộ"), "subject", required=True),
            Field("year", QT_TR_NOOP("Năm"), "year", required=True),
            Field("area_code", QT_TR_NOOP("Lĩnh vực"), "choice", required=True, choices=_plan_areas),
            Field("sub_area_code", QT_TR_NOOP("Nội dung thi đua"), "choice", choices=_plan_sub_areas),
            Field("description", QT_TR_NOOP("Thành tích"), "multiline", required=True),
            Field("achieved_on", QT_TR_NOOP("Ngày đạt"), "date"),
            Field("evidence", QT_TR_NOOP("Minh chứng (số văn bản...)")),
        ],
        [
            Column(QT_TR_NOOP("Năm"), Achievement.year, kind="int", width=6),
            Column(QT_TR_NOOP("Lĩnh vực"), Achievement.area_code, width=6),
            Column(QT_TR_NOOP("Thành tích"), Achievement.description, sort=Achievement.search_key, width=40),
        ],
    )
    kinds["indicator"] = Kind(
        key="indicator", label=KIND_LABELS["indicator"], singular=QT_TR_NOOP("chỉ tiêu"), model=Indicator, title_field="name",
        fields=[
            Field("year", QT_TR_NOOP("Năm"), "year", required=True),
            Field("target_code", QT_TR_NOOP("Thuộc mục tiêu của tỉnh"), "choice", required=True, choices=_plan_targets),
            Field("period", QT_TR_NOOP("Kỳ"), "choice", required=True, choices=_plan_periods),
            Field("name", QT_TR_NOOP("Chỉ tiêu của xã"), required=True),
            Field("unit", QT_TR_NOOP("Đơn vị tính")),
            Field("target_value", QT_TR_NOOP("Kế hoạch"), "number",
                  help=QT_TR_NOOP("Số, ví dụ 12,5 hoặc 1.234")),
            Field("actual_value", QT_TR_NOOP("Thực hiện"), "number",
                  help=QT_TR_NOOP("Số, ví dụ 12,5 hoặc 1.234")),
            Field("note", QT_TR_NOOP("Ghi chú"), "multiline"),
        ],
        columns=[
            Column(QT_TR_NOOP("Năm"), Indicator.year, kind="int", width=6),
            Column(QT_TR_NOOP("Mục tiêu của tỉnh"), Indicator.target_code, kind="choice", choices=_plan_targets, width=26),
            Column(QT_TR_NOOP("Kỳ"), Indicator.period, kind="choice", choices=_plan_periods, width=15),
            Column(QT_TR_NOOP("Chỉ tiêu của xã"), Indicator.name, sort=Indicator.search_key, width=40),
            Column(QT_TR_NOOP("Đơn vị tính"), Indicator.unit, width=12),
            Column(QT_TR_NOOP("Kế hoạch"), Indicator.target_value, kind="number", width=10),
            Column(QT_TR_NOOP("Thực hiện"), Indicator.actual_value, kind="number", width=10),
        ],
        search_exprs=[Indicator.search_key],
    )
    kinds["council"] = Kind(
        key="council", label=KIND_LABELS["council"], singular=QT_TR_NOOP("thành viên hội đồng"), model=CouncilMember,
        title_field="full_name",
        fields=[
            Field("full_name", QT_TR_NOOP("Họ và tên"), required=True),
            Field("role", QT_TR_NOOP("Chức danh trong Hội đồng"), "choice", required=True, choices=lambda: C.COUNCIL_ROLE),
            Field("position", QT_TR_NOOP("Chức vụ")),
            Field("sort_order", QT_TR_NOOP("Thứ tự"), "int"),
        ],
        columns=[
            Column(QT_TR_NOOP("Thứ tự"), CouncilMember.sort_order, kind="int", width=5),
            Column(QT_TR_NOOP("Họ và tên"), CouncilMember.full_name, sort=CouncilMember.search_key, width=26),
            Column(QT_TR_NOOP("Chức danh trong Hội đồng"), CouncilMember.role, width=22),
            Column(QT_TR_NOOP("Chức vụ"), CouncilMember.position, width=28),
        ],
        search_exprs=[CouncilMember.search_key],
    )
    kinds["council"].default_sort = 1  # first column after id: sort_order

    for k in kinds.values():
        for i, f in enumerate(k.fields):
            col = getattr(k.model, f.name, None)
            if col is not None and isinstance(col.type, String) and col.type.length:
                k.fields[i] = Field(**{**f.__dict__, "max_len": col.type.length})
            elif f.kind in ("text", "multiline") and f.max_len is None:
                k.fields[i] = Field(**{**f.__dict__, "max_len": 4000})  # Text columns: a sane cap
    return kinds


KINDS: dict[str, Kind] = _build_kinds()


def kind(key: str) -> Kind:
    return KINDS[key]


# --------------------------------------------------------------------------- search keys


def search_key_for(kind_key: str, v: dict[str, Any]) -> str:
    if kind_key == "person":
        return fold(" ".join(filter(None, [v.get("full_name"), v.get("cccd"), v.get("position"), v.get("phone")])))
    if kind_key == "household":
        return fold(" ".join(filter(None, [v.get("head_name"), v.get("address"), v.get("phone")])))
    if kind_key == "collective":
        return fold(" ".join(filter(None, [v.get("name"), v.get("leader_name"), v.get("address")])))
    if kind_key == "council":
        return fold(" ".join(filter(None, [v.get("full_name"), v.get("role"), v.get("position")])))
    if kind_key == "initiative":
        return fold(" ".join(filter(None, [v.get("title"), v.get("recognised_by"), v.get("decision_no")])))
    if kind_key == "achievement":
        return fold(" ".join(filter(None, [v.get("description"), v.get("evidence")])))
    if kind_key == "indicator":
        return fold(" ".join(filter(None, [v.get("name"), v.get("note")])))
    if kind_key == "discipline":
        return fold(" ".join(filter(None, [v.get("decision_no"), v.get("reason")])))
    if kind_key == "rating":
        return fold(v.get("note") or "")
    if kind_key == "registration":
        return fold(v.get("pledge") or "")
    return ""


# --------------------------------------------------------------------------- validation


def _label_in_sentence(label: str) -> str:
    """A field label inside a message: Vietnamese in lower case as before, a translation with only its
    first letter lowered (keeps "ID" in "citizen ID no.")."""
    shown = tr(label)
    return shown.lower() if shown == label else shown[:1].lower() + shown[1:]


def _year_ok(y: int) -> bool:
    lo, hi = _years_range()
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


class Records:
    """Use cases over the workspace's records. ``actor`` is recorded in the change history."""

    def __init__(self, session_factory: Callable[[], Session], actor: str = ""):
        self._sf = session_factory
        self.actor = actor or "Không rõ"  # i18n: keep (stored in the change history)

    # ---- reading ----------------------------------------------------------------------------
    def _base_select(self, k: Kind, search: str = "", deleted: bool = False) -> Select:
        cols = [k.model.id, *[c.expr for c in k.columns]]
        stmt = select(*cols).select_from(k.model)
        for target, onclause in k.joins:
            stmt = stmt.outerjoin(target, onclause)
        stmt = stmt.where(k.model.deleted_at.is_not(None) if deleted else k.model.deleted_at.is_(None))
        q = fold(search)
        if q:
            pat = like_pattern(q)
            stmt = stmt.where(or_(*[e.like(pat, escape="\\") for e in k.search_exprs]))
        return stmt

    def list_rows(self, kind_key: str, search: str = "", sort_column: int | None = None,
                  descending: bool = False, offset: int = 0, limit: int | None = None,
                  deleted: bool = False) -> list[tuple]:
        """Rows of (id, raw column values...). Sort column index counts the table columns from 1."""
        k = KINDS[kind_key]
        stmt = self._base_select(k, search, deleted)
        idx = sort_column if sort_column is not None else k.default_sort
        if 1 <= idx <= len(k.columns):
            col = k.columns[idx - 1]
            expr = col.sort if col.sort is not None else col.expr
            stmt = stmt.order_by(expr.desc() if descending else expr.asc(), k.model.id)
        else:
            stmt = stmt.order_by(k.model.id.desc() if descending else k.model.id)
        if offset:
            stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._sf() as s:
            _sql_functions(s)
            return [tuple(r) for r in s.execute(stmt)]

    def count(self, kind_key: str, search: str = "", deleted: bool = False, cap: int | None = None) -> int:
        """Number of matching rows; with ``cap``, counting stops after cap + 1 (enough to say "more than")."""
        k = KINDS[kind_key]
        inner_stmt = self._base_select(k, search, deleted).with_only_columns(k.model.id)
        if cap is not None:
            inner_stmt = inner_stmt.limit(cap + 1)
        inner = inner_stmt.subquery()
        with self._sf() as s:
            return int(s.scalar(select(func.count()).select_from(inner)) or 0)

    def search_page(self, kind_key: str, search: str = "", sort_column: int | None = None,
                    descending: bool = False, limit: int = 200, deleted: bool = False,
                    count_cap: int = 1000) -> SearchPage:
        """What a list shows after each keystroke: the first page, and how many match in all.

        The total is exact when everything fits on the page or there is no search text; for a
        search with many matches it is capped ("more than 1,000"), since an exact count would scan
        the whole table on every keystroke.
        """
        rows = self.list_rows(kind_key, search, sort_column, descending, 0, limit, deleted)
        if len(rows) < limit:
            return SearchPage(rows, len(rows), False)
        cap = count_cap if fold(search) else None
        total = self.count(kind_key, search, deleted, cap)
        if cap is not None and total > cap:
            return SearchPage(rows, cap, True)
        return SearchPage(rows, total, False)

    def display_row(self, kind_key: str, row: tuple) -> list[str]:
        k = KINDS[kind_key]
        return [c.display(v) for c, v in zip(k.columns, row[1:])]

    def get(self, kind_key: str, record_id: int) -> dict[str, Any]:
        k = KINDS[kind_key]
        with self._sf() as s:
            obj = s.get(k.model, record_id)
            if obj is None:
                raise NotFoundError(tr("Không tìm thấy {what} (mã {id}); có thể đã bị xóa hẳn.")
                                    .format(what=tr(k.singular), id=record_id))
            return self._values_of(k, obj)

    def _values_of(self, k: Kind, obj) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in k.fields:
            if f.kind == "subject":
                if getattr(obj, "person_id", None):
                    out["subject"] = ("person", obj.person_id)
                elif getattr(obj, "collective_id", None):
                    out["subject"] = ("collective", obj.collective_id)
                elif getattr(obj, "household_id", None):
                    out["subject"] = ("household", obj.household_id)
                else:
                    out["subject"] = None
            else:
                out[f.name] = getattr(obj, f.name)
        if k.key == "indicator" and out.get("target_code") is not None:
            out["target_code"] = str(out["target_code"])
        out["deleted_at"] = obj.deleted_at
        return out

    def label_of(self, ref_kind: str, record_id: int | None) -> str:
        if record_id is None:
            return ""
        with self._sf() as s:
            obj = s.get(KINDS[ref_kind].model, record_id)
            return self._label(ref_kind, obj) if obj is not None else ""

    @staticmethod
    def _label(ref_kind: str, obj) -> str:
        if ref_kind == "person":  # with village or unit and CCCD digits: namesakes told apart
            return pickers.person_label(obj)
        if ref_kind == "household":
            return tr("Hộ {name}").format(name=obj.head_name) + (f" – {obj.address}" if obj.address else "")
        if ref_kind == "collective":
            return obj.name
        return str(getattr(obj, KINDS[ref_kind].title_field, obj.id))

    def lookup(self, ref_kind: str, search: str = "", limit: int = 50,
               ref_filter: str | None = None) -> list[tuple[int, str]]:
        """(id, label) candidates for a reference field, matched without accents."""
        if ref_kind == "person":
            with self._sf() as s:
                return [(o.id, pickers.person_label(o))
                        for o in s.scalars(pickers.person_lookup(search, limit)).unique()]
        k = KINDS[ref_kind]
        m = k.model
        stmt = select(m).where(m.deleted_at.is_(None))
        q = fold(search)
        if q:
            stmt = stmt.where(m.search_key.like(like_pattern(q), escape="\\"))
        if ref_kind == "collective" and ref_filter == "village":
            stmt = stmt.where(m.kind.in_(C.VILLAGE_KINDS))
        order = m.sort_key if ref_kind == "person" else m.search_key
        stmt = stmt.order_by(order).limit(limit)
        with self._sf() as s:
            return [(o.id, self._label(ref_kind, o)) for o in s.scalars(stmt)]

    # ---- validation ---------------------------------------------------------------------------
    def clean(self, kind_key: str, raw: dict[str, Any], record_id: int | None = None,
              session: Session | None = None) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
        """Normalise raw form values. Returns (values, errors, warnings); errors block saving."""
        k = KINDS[kind_key]
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        warnings: dict[str, str] = {}
        today = dt.date.today()
        own = session is None
        s = session or self._sf()
        try:
            for f in k.fields:
                v = raw.get(f.name)
                if f.kind in ("text", "multiline", "cccd", "choice"):
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
                        values[f.name] = None if f.kind in ("cccd",) else ""
                        continue
                    # the text rule (desktop.shared.text): what normalising left of control, bidi and
                    # invisible characters is refused, as the province's verifier would refuse it
                    problem = text_problem(v, multiline=f.kind == "multiline", translate=True)
                    if problem:
                        errors[f.name] = tr("{field} {problem}. Hãy xóa ký tự đó (thường lẫn vào khi dán từ nơi "
                                            "khác) rồi lưu lại.").format(field=tr(f.label), problem=problem)
                        values[f.name] = v
                        continue
                    if f.max_len and len(v) > f.max_len and f.kind != "cccd":  # CCCD: format message below
                        errors[f.name] = (
                            tr("{field} dài {length} ký tự, vượt quá {limit} ký tự cho phép. Hãy rút gọn.")
                            .format(field=tr(f.label), length=len(v), limit=f.max_len)
                        )
                    if f.kind == "choice":
                        codes = [c for c, _ in f.choice_list()]
                        if v not in codes:
                            errors[f.name] = tr("{field}: giá trị “{value}” không có trong danh sách. Hãy chọn lại.") \
                                .format(field=tr(f.label), value=v)
                    if f.kind == "cccd" and f.name not in errors:
                        msg = cccd_rules.format_error(v)
                        if msg:
                            errors[f.name] = msg
                    values[f.name] = v
                elif f.kind == "number":
                    # checked with the record's other fields (a range is allowed by the target): _kind_rules
                    if isinstance(v, str):
                        v = nfc(v)
                    values[f.name] = "" if v is None else v
                elif f.kind == "date":
                    try:
                        d = parse_date(v)
                    except (ValueError, TypeError) as exc:
                        errors[f.name] = tr("{field}: {problem}").format(field=tr(f.label), problem=exc)
                        values[f.name] = None
                        continue
                    if d is None and f.required:
                        errors[f.name] = tr("Chưa nhập {field}.").format(field=_label_in_sentence(f.label))
                    elif d is not None and not (k.key == "person" and f.name == "birth_date"):  # birth: below
                        first, last = dates_range(today)
                        if not first <= d <= last:
                            errors[f.name] = tr("{field}: ngày {date} nằm ngoài khoảng cho phép, từ {first} đến "
                                                "{last}. Hãy kiểm tra lại.").format(
                                field=tr(f.label), date=format_date(d), first=format_date(first),
                                last=format_date(last))
                    values[f.name] = d
                elif f.kind in ("year", "int"):
                    if v is None or (isinstance(v, str) and not nfc(v)):
                        if f.required:
                            errors[f.name] = tr("Chưa nhập {field}.").format(field=_label_in_sentence(f.label))
                        values[f.name] = None
                        continue
                    if isinstance(v, int) and not isinstance(v, bool):
                        n = v
                    elif isinstance(v, str) and _ASCII_INT.match(nfc(v)):  # not "٢٠٢٦", "1_000" nor "+5"
                        n = int(nfc(v))
                    else:
                        errors[f.name] = tr("{field} phải là một số nguyên (đang nhập “{value}”).") \
                            .format(field=tr(f.label), value=one_line(v, 30))
                        values[f.name] = None
                        continue
                    if f.kind == "year" and not _year_ok(n):
                        lo, hi = _years_range()
                        errors[f.name] = tr("Năm {year} không hợp lệ: phải từ {first} đến {last}.") \
                            .format(year=n, first=lo, last=hi)
                    elif f.kind == "int" and not (0 <= n <= MAX_COUNT):
                        errors[f.name] = tr("{field} phải từ 0 đến 1.000.000.").format(field=tr(f.label))
                    values[f.name] = n
                elif f.kind == "ref":
                    if v in (None, "", 0):
                        if f.required:
                            errors[f.name] = tr("Chưa chọn {field}.").format(field=_label_in_sentence(f.label))
                        values[f.name] = None
                        continue
                    obj = s.get(KINDS[f.ref].model, int(v))
                    if obj is None or obj.deleted_at is not None:
                        errors[f.name] = tr("{field}: bản ghi đã chọn không còn (có thể đã bị xóa). Hãy chọn lại.") \
                            .format(field=tr(f.label))
                    elif f.ref_filter == "village" and obj.kind not in C.VILLAGE_KINDS:
                        errors[f.name] = tr("{field}: “{name}” không phải thôn hay tổ dân phố.") \
                            .format(field=tr(f.label), name=obj.name)
                    values[f.name] = int(v)
                elif f.kind == "subject":
                    if not v or not isinstance(v, (tuple, list)) or len(v) != 2 or v[1] in (None, ""):
                        errors[f.name] = tr("Chưa chọn {field}.").format(field=_label_in_sentence(f.label))
                        values[f.name] = None
                        continue
                    st, sid = v[0], int(v[1])
                    if st not in f.subject_types:
                        errors[f.name] = tr("{field}: loại đối tượng không phù hợp.").format(field=tr(f.label))
                    else:
                        obj = s.get(KINDS[st].model, sid)
                        if obj is None or obj.deleted_at is not None:
                            errors[f.name] = tr("{field}: bản ghi đã chọn không còn (có thể đã bị xóa). Hãy chọn lại.") \
                                .format(field=tr(f.label))
                    values[f.name] = (st, sid)
            self._kind_rules(k, values, errors, warnings, record_id, s, today)
        finally:
            if own:
                s.close()
        return values, errors, warnings

    def _kind_rules(self, k: Kind, v: dict, errors: dict, warnings: dict, record_id: int | None,
                    s: Session, today: dt.date) -> None:
        if k.key == "person":
            bd = v.get("birth_date")
            if bd is not None and "birth_date" not in errors:
                if bd > today:
                    errors["birth_date"] = tr("Ngày sinh {date} ở tương lai. Hãy kiểm tra lại.").format(date=format_date(bd))
                elif bd.year < MIN_BIRTH_YEAR:
                    errors["birth_date"] = tr("Ngày sinh {date} trước năm {year}. Hãy kiểm tra lại.") \
                        .format(date=format_date(bd), year=MIN_BIRTH_YEAR)
            num = v.get("cccd")
            if num and "cccd" not in errors:
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
        elif k.key == "discipline":
            if v.get("status") == "da_ky_luat" and not v.get("level"):
                errors["level"] = tr("Đã bị kỷ luật thì phải chọn hình thức kỷ luật.")
            sd, ed = v.get("start_date"), v.get("end_date")
            if sd and ed and ed < sd:
                errors["end_date"] = tr("“Đến ngày” phải sau “Từ ngày”.")
        elif k.key == "achievement":
            area, sub = v.get("area_code"), v.get("sub_area_code")
            if area and sub and "sub_area_code" not in errors and not sub.startswith(area + "."):
                errors["sub_area_code"] = tr("Nội dung {sub_area} không thuộc lĩnh vực {area}. Hãy chọn lại.") \
                    .format(sub_area=sub, area=area)
        elif k.key == "rating":
            subj, year = v.get("subject"), v.get("year")
            if subj and year and "subject" not in errors:
                col = Rating.person_id if subj[0] == "person" else Rating.collective_id
                stmt = select(Rating.id).where(col == subj[1], Rating.year == year, Rating.deleted_at.is_(None))
                if record_id is not None:
                    stmt = stmt.where(Rating.id != record_id)
                if s.scalar(stmt.limit(1)) is not None:
                    errors["year"] = tr("Đã có kết quả xếp loại năm {year} cho đối tượng này. Hãy sửa bản ghi đó.") \
                        .format(year=year)
        elif k.key == "registration":
            subj, code = v.get("subject"), v.get("title_code")
            if subj and code and "title_code" not in errors:
                allowed = dict(title_choices(subj[0]))
                if code not in allowed:
                    errors["title_code"] = tr("Danh hiệu này không dành cho loại đối tượng đã chọn.")
        elif k.key == "indicator":
            code = v.get("target_code")
            if code and "target_code" not in errors:
                v["target_code"] = int(code)
            _indicator_values(k, v, errors, "target_code" not in errors and code)

    # ---- writing ------------------------------------------------------------------------------
    def _apply(self, k: Kind, obj, values: dict[str, Any]) -> dict[str, list]:
        changes: dict[str, list] = {}
        for name, val in values.items():
            if name == "subject":
                st, sid = val
                new = {
                    "person_id": sid if st == "person" else None,
                    "collective_id": sid if st == "collective" else None,
                    "household_id": sid if st == "household" else None,
                }
                for attr, nv in new.items():
                    if not hasattr(obj, attr):
                        continue
                    ov = getattr(obj, attr)
                    if ov != nv:
                        changes[attr] = [ov, nv]
                        setattr(obj, attr, nv)
                continue
            ov = getattr(obj, name)
            if ov != val:
                if not (ov in (None, "") and val in (None, "")):
                    changes[name] = [_jsonable(ov), _jsonable(val)]
                setattr(obj, name, val)
        obj.search_key = search_key_for(k.key, values)
        if k.key == "person":
            obj.sort_key = given_name_key(values.get("full_name") or "")
        return changes

    def create(self, kind_key: str, raw: dict[str, Any], accept_warnings: bool = False) -> int:
        k = KINDS[kind_key]
        with self._sf() as s, s.begin():
            values, errors, warnings = self.clean(kind_key, raw, None, s)
            if errors or (warnings and not accept_warnings):
                raise ValidationError(errors, warnings)
            obj = k.model()
            changes = self._apply(k, obj, values)
            s.add(obj)
            s.flush()
            self._audit(s, k, obj.id, "create", changes)
            return obj.id

    def update(self, kind_key: str, record_id: int, raw: dict[str, Any], accept_warnings: bool = False) -> bool:
        """Save edits. Returns False when nothing changed."""
        k = KINDS[kind_key]
        with self._sf() as s, s.begin():
            obj = s.get(k.model, record_id)
            if obj is None or obj.deleted_at is not None:
                raise NotFoundError(tr("Không tìm thấy {what} cần sửa; có thể đã bị xóa ở cửa sổ khác.")
                                    .format(what=tr(k.singular)))
            values, errors, warnings = self.clean(kind_key, raw, record_id, s)
            if errors or (warnings and not accept_warnings):
                raise ValidationError(errors, warnings)
            changes = self._apply(k, obj, values)
            if not changes:
                return False
            self._audit(s, k, obj.id, "update", changes)
            return True

    def delete_impact(self, kind_key: str, record_id: int) -> "cascade.Impact":
        """What deleting the record would move to the recycle bin with it, and what stops it."""
        with self._sf() as s:
            return cascade.impact(s, kind_key, record_id)

    def delete(self, kind_key: str, record_id: int) -> dict[str, int]:
        """Move to the recycle bin, with the records about it (desktop.core.cascade): returns how many of
        each kind went with it. Refused while other live records name it as their unit, village or
        household."""
        k = KINDS[kind_key]
        with self._sf() as s, s.begin():
            obj = s.get(k.model, record_id)
            if obj is None or obj.deleted_at is not None:
                raise NotFoundError(tr("Không tìm thấy {what} cần xóa; có thể đã bị xóa trước đó.")
                                    .format(what=tr(k.singular)))
            members = cascade.live_members(s, kind_key, record_id)
            if members:
                raise UserError(cascade.blocked_message(k, self._label(kind_key, obj), members))
            stamp = utcnow()
            obj.deleted_at = stamp
            self._audit(s, k, obj.id, "delete", {})
            moved = cascade.move_to_bin(s, kind_key, record_id, stamp)
            for dk, ids in moved.items():
                for i in ids:
                    self._audit(s, KINDS[dk], i, "delete", {})
            return {dk: len(ids) for dk, ids in moved.items()}

    def restore(self, kind_key: str, record_id: int) -> dict[str, int]:
        """Bring a record back from the recycle bin (re-checking uniqueness rules), with the records
        that went to the bin with it; returns how many of each kind came back with it. Refused while
        a record it points at is in the bin."""
        k = KINDS[kind_key]
        with self._sf() as s, s.begin():
            obj = s.get(k.model, record_id)
            if obj is None or obj.deleted_at is None:
                raise NotFoundError(tr("Không tìm thấy {what} trong thùng rác.").format(what=tr(k.singular)))
            gone = cascade.deleted_references(s, k, obj)
            if gone:
                raise ValidationError({f: tr("Không khôi phục được: {reason}").format(reason=m) for f, m in gone.items()})
            values = self._values_of(k, obj)
            values.pop("deleted_at", None)
            if k.key == "person" and obj.birth_date is not None:
                values["birth_date"] = obj.birth_date
            _, errors, _ = self.clean(kind_key, values, record_id, s)
            blocking = {f: m for f, m in errors.items() if f in ("cccd", "year")}
            if blocking:
                raise ValidationError(
                    {f: tr("Không khôi phục được: {reason}").format(reason=m) for f, m in blocking.items()})
            stamp = obj.deleted_at
            obj.deleted_at = None
            self._audit(s, k, obj.id, "restore", {})
            back = cascade.bring_back(s, kind_key, record_id, stamp)
            for dk, ids in back.items():
                for i in ids:
                    self._audit(s, KINDS[dk], i, "restore", {})
            return {dk: len(ids) for dk, ids in back.items()}

    def _audit(self, s: Session, k: Kind, record_id: int, action: str, changes: dict) -> None:
        s.add(AuditEntry(actor=self.actor, table_name=k.model.__tablename__, record_id=record_id,
                         action=action, changes=json.dumps(changes, ensure_ascii=False, default=str)))

    def _ref_label(self, s: Session, ref_kind: str, rid: Any) -> str:
        if rid in (None, ""):
            return ""
        obj = s.get(KINDS[ref_kind].model, int(rid))
        return self._label(ref_kind, obj) if obj is not None else tr("(mã {id})").format(id=rid)

    def history(self, kind_key: str, record_id: int) -> list[HistoryLine]:
        k = KINDS[kind_key]
        labels = {"person_id": tr("Cá nhân"), "collective_id": tr("Tập thể"), "household_id": tr("Hộ gia đình")}
        labels.update({f.name: tr(f.label) for f in k.fields})
        ref_kinds = {"person_id": "person", "collective_id": "collective", "household_id": "household"}
        ref_kinds.update({f.name: f.ref for f in k.fields if f.kind == "ref" and f.ref})
        with self._sf() as s:
            entries = s.scalars(
                select(AuditEntry)
                .where(AuditEntry.table_name == k.model.__tablename__,
                       AuditEntry.record_id.in_((record_id, BULK_RECORD_ID)))
                .order_by(AuditEntry.at, AuditEntry.id)
            ).all()
            out = []
            for e in entries:
                changes = json.loads(e.changes or "{}")
                if e.record_id == BULK_RECORD_ID:
                    # one entry for many rows written at once (sample data, spreadsheet import):
                    # it names the id range it covers
                    if not (changes.get("first_id", 0) <= record_id <= changes.get("last_id", -1)):
                        continue
                    count = group(changes.get('count', 0))
                    out.append(HistoryLine(at=e.at, actor=e.actor, action=_action_label(e.action),
                                           details=tr("Tạo cùng lúc {count} bản ghi").format(count=count)))
                    continue
                parts = []
                for name, (old, new) in changes.items():
                    f = next((x for x in k.fields if x.name == name), None)
                    if name in ref_kinds:
                        old = self._ref_label(s, ref_kinds[name], old)
                        new = self._ref_label(s, ref_kinds[name], new)
                    parts.append(f"{labels.get(name, name)}: {_show(f, old)} → {_show(f, new)}")
                out.append(HistoryLine(at=e.at, actor=e.actor, action=_action_label(e.action),
                                       details="; ".join(parts)))
            return out


@dataclass(frozen=True)
class SearchPage:
    rows: list[tuple]
    total: int
    more_than: bool  # True: at least ``total`` + 1 rows match (the count was capped)


ACTION_LABELS = {"create": QT_TR_NOOP("Thêm mới"), "update": QT_TR_NOOP("Sửa"),
                 "delete": QT_TR_NOOP("Xóa (chuyển vào thùng rác)"),
                 "restore": QT_TR_NOOP("Khôi phục từ thùng rác"), "import": QT_TR_NOOP("Nhập dữ liệu")}


def _action_label(action: str) -> str:
    return tr(ACTION_LABELS[action]) if action in ACTION_LABELS else action


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor: str
    action: str
    details: str

    @property
    def local_time(self) -> str:
        local = self.at.replace(tzinfo=dt.timezone.utc).astimezone()
        return local.strftime("%d/%m/%Y %H:%M:%S")


def _jsonable(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _show(f: Field | None, v: Any) -> str:
    if v in (None, ""):
        return tr("(trống)")
    if f is not None and f.kind == "choice":
        return C.label(f.choice_list(), str(v))
    if f is not None and f.kind == "date" and isinstance(v, str):
        try:
            return format_date(dt.date.fromisoformat(v))
        except ValueError:
            return v
    return str(v)


def counts(session_factory: Callable[[], Session], keys: Iterable[str] = NAV_ORDER) -> dict[str, int]:
    out = {}
    with session_factory() as s:
        for key in keys:
            m = KINDS[key].model
            out[key] = int(s.scalar(select(func.count()).select_from(m).where(m.deleted_at.is_(None))) or 0)
    return out


__all__ = ["Records", "KINDS", "NAV_ORDER", "Kind", "Field", "Column", "kind", "counts",
           "parse_date", "format_date", "HistoryLine", "SearchPage"]
