"""The record kinds of the commune workspace, described once as data: each kind's fields and table
columns (with the SQL expression each column sorts by and the joins it needs), the folded search key
of a record, and the label a record is shown by in pickers and messages. Qt-free.

The window builds its forms and tables from these descriptions; desktop.core.records re-exports them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, case, func, literal
from sqlalchemy.orm import Session, aliased, object_session

from desktop.core import choices as C
from desktop.core import pickers
from desktop.core.catalog import title_choices
from desktop.core.labels import KIND_LABELS
from desktop.core.plan import default_plan
from desktop.core.record_fields import Column, Field, Kind
from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.shared.text import fold, given_name_key
from desktop.store.models import (
    Achievement,
    Collective,
    CouncilMember,
    Discipline,
    Household,
    Indicator,
    Initiative,
    Person,
    Rating,
    Registration,
)

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


# --------------------------------------------------------------------------- the kinds


def _person_kind() -> Kind:
    UnitC = aliased(Collective, name="unit")
    return Kind(
        key="person", label=KIND_LABELS["person"], singular=QT_TR_NOOP("cá nhân"), model=Person, title_field="full_name",
        fields=[
            Field("full_name", QT_TR_NOOP("Họ và tên"), required=True),
            Field("sex", QT_TR_NOOP("Giới tính"), "choice", required=True, choices=lambda: C.SEX),
            Field("birth_date", QT_TR_NOOP("Ngày sinh"), "date", help=QT_TR_NOOP("Dạng ngày/tháng/năm, ví dụ 05/12/1980")),
            Field("cccd", QT_TR_NOOP("Số CCCD"), "cccd", help=QT_TR_NOOP("12 chữ số trên thẻ căn cước")),
            Field("home_town", QT_TR_NOOP("Quê quán"), bundle=False,
                  help=QT_TR_NOOP("Như trong lý lịch, ví dụ: xã Tiên Du, tỉnh Bắc Ninh")),
            Field("residence", QT_TR_NOOP("Nơi ở hiện nay"), bundle=False, help=QT_TR_NOOP("Nơi thường trú hoặc tạm trú")),
            Field("category", QT_TR_NOOP("Thành phần"), "choice", required=True, choices=lambda: C.PERSON_CATEGORY),
            Field("position", QT_TR_NOOP("Chức vụ, nghề nghiệp")),
            Field("qualification", QT_TR_NOOP("Trình độ chuyên môn"), bundle=False,
                  help=QT_TR_NOOP("Ví dụ: Đại học Luật, Trung cấp Y")),
            Field("academic_title", QT_TR_NOOP("Học hàm, học vị"), bundle=False,
                  help=QT_TR_NOOP("Ví dụ: Thạc sĩ, Tiến sĩ; để trống nếu không có")),
            Field("duty", QT_TR_NOOP("Nhiệm vụ được giao"), "multiline", bundle=False,
                  help=QT_TR_NOOP("Như ghi trong báo cáo thành tích")),
            Field("hired_on", QT_TR_NOOP("Ngày tuyển dụng"), "date", bundle=False,
                  help=QT_TR_NOOP("Ngày bắt đầu làm việc theo quyết định tuyển dụng hoặc hợp đồng; để trống nếu không có")),
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
        export_columns=[
            Column(QT_TR_NOOP("Ngày tuyển dụng"), Person.hired_on, kind="date", width=10),
            Column(QT_TR_NOOP("Trình độ chuyên môn"), Person.qualification, width=20),
            Column(QT_TR_NOOP("Quê quán"), Person.home_town, width=24),
            Column(QT_TR_NOOP("Nơi ở hiện nay"), Person.residence, width=24),
            Column(QT_TR_NOOP("Điện thoại"), Person.phone, width=12),
            Column(QT_TR_NOOP("Ghi chú"), Person.note, width=30),
        ],
    )


def _household_kind() -> Kind:
    VillageC = aliased(Collective, name="village")
    return Kind(
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
        export_columns=[Column(QT_TR_NOOP("Ghi chú"), Household.note, width=30)],
    )


def _collective_kind() -> Kind:
    IntoC = aliased(Collective, name="merged_into")
    ended = C.ENDED_STATUSES
    return Kind(
        key="collective", label=KIND_LABELS["collective"], singular=QT_TR_NOOP("tập thể"), model=Collective, title_field="name",
        fields=[
            Field("name", QT_TR_NOOP("Tên tập thể"), required=True),
            Field("kind", QT_TR_NOOP("Loại"), "choice", required=True, choices=lambda: C.COLLECTIVE_KIND),
            Field("status", QT_TR_NOOP("Tình trạng"), "choice", choices=lambda: C.COLLECTIVE_STATUS, default="active",
                  bundle=False),
            Field("ended_on", QT_TR_NOOP("Ngày giải thể, sáp nhập"), "date", shown_when=("status", ended), bundle=False,
                  help=QT_TR_NOOP("Ngày quyết định giải thể, sáp nhập có hiệu lực")),
            Field("merged_into_id", QT_TR_NOOP("Sáp nhập vào"), "ref", ref="collective", shown_when=("status", ("merged",)),
                  bundle=False, help=QT_TR_NOOP("Tập thể tiếp nhận; để trống nếu không thuộc xã")),
            Field("leader_name", QT_TR_NOOP("Người đứng đầu")),
            Field("superior", QT_TR_NOOP("Cơ quan cấp trên"), bundle=False,
                  help=QT_TR_NOOP("Ghi ở đầu báo cáo thành tích, ví dụ: Ủy ban nhân dân xã Tiên Du")),
            Field("address", QT_TR_NOOP("Địa chỉ")),
            Field("phone", QT_TR_NOOP("Điện thoại")),
            Field("note", QT_TR_NOOP("Ghi chú"), "multiline"),
        ],
        columns=[
            Column(QT_TR_NOOP("Tên tập thể"), Collective.name, sort=Collective.search_key, width=30),
            Column(QT_TR_NOOP("Loại"), Collective.kind, kind="choice", choices=C.COLLECTIVE_KIND, width=16),
            Column(QT_TR_NOOP("Người đứng đầu"), Collective.leader_name, width=18),
            Column(QT_TR_NOOP("Địa chỉ"), Collective.address, width=20),
            Column(QT_TR_NOOP("Tình trạng"), Collective.status, kind="choice", choices=C.COLLECTIVE_STATUS, width=12),
            Column(QT_TR_NOOP("Ngày giải thể, sáp nhập"), Collective.ended_on, kind="date", width=10),
            Column(QT_TR_NOOP("Sáp nhập vào"), IntoC.name, width=20),
        ],
        joins=[(IntoC, IntoC.id == Collective.merged_into_id)],
        search_exprs=[Collective.search_key],
        export_columns=[
            Column(QT_TR_NOOP("Điện thoại"), Collective.phone, width=12),
            Column(QT_TR_NOOP("Ghi chú"), Collective.note, width=30),
        ],
    )


def _subject_kind(key, label, singular, model, fields, extra_cols, own_search=True, title_field=""):
    """A kind about a subject (a person, a collective or a household): its first two columns name it."""
    joins, name_col, type_col, skeys = _subject_columns(model)
    return Kind(
        key=key, label=label, singular=singular, model=model, title_field=title_field,
        fields=fields, columns=[name_col, type_col, *extra_cols], joins=joins,
        search_exprs=[*skeys, *( [model.search_key] if own_search else [])],
    )


def _rating_kind() -> Kind:
    return _subject_kind(
        "rating", KIND_LABELS["rating"], QT_TR_NOOP("kết quả xếp loại"), Rating,
        [
            Field("subject", QT_TR_NOOP("Cá nhân / tập thể"), "subject", required=True, subject_types=("person", "collective"),
                  offer_ended=True),
            Field("year", QT_TR_NOOP("Năm"), "year", required=True),
            Field("rating", QT_TR_NOOP("Mức xếp loại"), "choice", required=True, choices=lambda: C.RATING),
            Field("note", QT_TR_NOOP("Ghi chú"), "multiline"),
        ],
        [
            Column(QT_TR_NOOP("Năm"), Rating.year, kind="int", width=6),
            Column(QT_TR_NOOP("Mức xếp loại"), Rating.rating, kind="choice", choices=C.RATING, width=26),
        ],
    )


def _discipline_kind() -> Kind:
    k = Kind(
        key="discipline", label=KIND_LABELS["discipline"], singular=QT_TR_NOOP("thông tin kỷ luật"), model=Discipline,
        fields=[
            Field("subject", QT_TR_NOOP("Cá nhân / tập thể"), "subject", required=True, subject_types=("person", "collective"),
                  offer_ended=True),
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
    k.joins = dj
    k.columns = [
        Column(QT_TR_NOOP("Đối tượng"), func.coalesce(_P.full_name, _C.name),
               sort=subject_name_sort(Discipline, household=False), width=26),
        Column(QT_TR_NOOP("Tình trạng"), Discipline.status, kind="choice", choices=C.DISCIPLINE_STATUS, width=22),
        Column(QT_TR_NOOP("Hình thức"), Discipline.level, kind="choice", choices=C.DISCIPLINE_LEVEL, width=14),
        Column(QT_TR_NOOP("Số quyết định"), Discipline.decision_no, width=14),
        Column(QT_TR_NOOP("Từ ngày"), Discipline.start_date, kind="date", width=10),
        Column(QT_TR_NOOP("Đến ngày"), Discipline.end_date, kind="date", width=10),
    ]
    k.search_exprs = [_P.search_key, _C.search_key, Discipline.search_key]
    return k


def _initiative_kind() -> Kind:
    IP = aliased(Person, name="author")
    return Kind(
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


def _registration_kind() -> Kind:
    return _subject_kind(
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


def _achievement_kind() -> Kind:
    return _subject_kind(
        "achievement", KIND_LABELS["achievement"], QT_TR_NOOP("thành tích"), Achievement,
        [
            Field("subject", QT_TR_NOOP("Cá nhân / tập thể / hộ"), "subject", required=True, offer_ended=True),
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


def _indicator_kind() -> Kind:
    return Kind(
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


def _council_kind() -> Kind:
    k = Kind(
        key="council", label=KIND_LABELS["council"], singular=QT_TR_NOOP("thành viên hội đồng"), model=CouncilMember,
        title_field="full_name",
        fields=[
            Field("full_name", QT_TR_NOOP("Họ và tên"), required=True),
            Field("sex", QT_TR_NOOP("Giới tính"), "choice", choices=lambda: C.SEX, bundle=False,
                  help=QT_TR_NOOP("Biên bản ghi Ông hoặc Bà theo giới tính")),
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
    k.default_sort = 1  # first column after id: sort_order
    return k


def _with_max_len(kinds: dict[str, Kind]) -> dict[str, Kind]:
    """Each text field's length limit, from its column in the model."""
    for k in kinds.values():
        for i, f in enumerate(k.fields):
            col = getattr(k.model, f.name, None)
            if col is not None and isinstance(col.type, String) and col.type.length:
                k.fields[i] = Field(**{**f.__dict__, "max_len": col.type.length})
            elif f.kind in ("text", "multiline") and f.max_len is None:
                k.fields[i] = Field(**{**f.__dict__, "max_len": 4000})  # Text columns: a sane cap
    return kinds


def _build_kinds() -> dict[str, Kind]:
    builders = (_person_kind, _household_kind, _collective_kind, _rating_kind, _discipline_kind,
                _initiative_kind, _registration_kind, _achievement_kind, _indicator_kind, _council_kind)
    kinds = {}
    for build in builders:
        k = build()
        kinds[k.key] = k
    return _with_max_len(kinds)


KINDS: dict[str, Kind] = _build_kinds()


def kind(key: str) -> Kind:
    return KINDS[key]


# --------------------------------------------------------------------------- search keys


def search_key_for(kind_key: str, v: dict[str, Any]) -> str:
    if kind_key == "person":
        return fold(" ".join(filter(None, [v.get("full_name"), v.get("cccd"), v.get("position"), v.get("phone"),
                                           v.get("qualification"), v.get("home_town"), v.get("residence")])))
    if kind_key == "household":
        return fold(" ".join(filter(None, [v.get("head_name"), v.get("address"), v.get("phone")])))
    if kind_key == "collective":  # "sáp nhập", "giải thể" find the ended ones
        status = C.label(C.COLLECTIVE_STATUS, v.get("status")) if v.get("status") in C.ENDED_STATUSES else ""
        return fold(" ".join(filter(None, [v.get("name"), v.get("leader_name"), v.get("address"), status])))
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


def record_label(ref_kind: str, obj) -> str:
    """How a record is named in pickers, history and messages."""
    if ref_kind == "person":  # with village or unit and CCCD digits: namesakes told apart
        return pickers.person_label(obj)
    if ref_kind == "household":
        return tr("Hộ {name}").format(name=obj.head_name) + (f" – {obj.address}" if obj.address else "")
    if ref_kind == "collective":
        return collective_label(obj)
    return str(getattr(obj, KINDS[ref_kind].title_field, obj.id))


def collective_label(obj: Collective) -> str:
    """A collective's name, with "(đã giải thể)" or "(đã sáp nhập vào …)" once it has ended: an existing
    link to it still shows what became of it."""
    if obj.status == "dissolved":
        return tr("{name} (đã giải thể)").format(name=obj.name)
    if obj.status == "merged":
        s = object_session(obj)
        into = s.get(Collective, obj.merged_into_id) if s is not None and obj.merged_into_id else None
        if into is not None:
            return tr("{name} (đã sáp nhập vào {into})").format(name=obj.name, into=into.name)
        return tr("{name} (đã sáp nhập)").format(name=obj.name)
    return obj.name
