"""Documents filled from the commune's own records (registrations, achievements, ratings,
initiatives, indicators, council). Each function returns a dataclass of ``documents``; nothing here
invents an award: until the year-end review exists, lists built from registrations say so."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import aliased

from desktop.core import choices as C
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.labels import NOT_SET_UP
from desktop.core.plan import default_plan
from desktop.core.units import find_unit
from desktop.reports.documents import (
    AchievementReportDoc,
    BallotCandidate,
    BallotDoc,
    CoverLetterDoc,
    IndicatorRow,
    ListDoc,
    ReportDoc,
)
from desktop.reports.layout import Col, Issuer, Signature, date_short, lower_first
from desktop.shared.errors import UserError
from desktop.shared.fmt import roman
from desktop.shared.i18n import tr
from desktop.store.models import (
    Achievement,
    Collective,
    CouncilMember,
    Household,
    Indicator,
    Initiative,
    Person,
    Rating,
    Registration,
)

SUBJECT_LABEL = {"person": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}


class Context:
    """The commune: its issuing body, place name and the chairman who signs; the titles catalog the
    documents name titles from (``catalog``, default the one in resources/catalog, read when needed)."""

    def __init__(self, db, catalog: Catalog | None = None):
        ws = db.workspace()
        if ws is None:
            raise UserError(tr(NOT_SET_UP))
        self.db = db
        self.ws = ws
        self._catalog = catalog
        unit = find_unit(ws.unit_code)
        self.unit_name = unit.name if unit else ws.unit_name
        self.issuer = Issuer.commune(self.unit_name)
        self.council_issuer = Issuer.council(self.unit_name)
        with db.session() as s:
            members = s.scalars(select(CouncilMember).where(CouncilMember.deleted_at.is_(None))
                                .order_by(CouncilMember.sort_order, CouncilMember.id)).all()
            self.council = [(m.full_name, m.role, m.position) for m in members]
        self.chairman = next((n for n, r, p in self.council if p.lower().startswith("chủ tịch ubnd")
                              or p.lower().startswith("chủ tịch ủy ban nhân dân")), "")
        self.council_chair = next((n for n, r, _ in self.council if r == "Chủ tịch Hội đồng"), "")
        self.secretary = next((n for n, r, _ in self.council if r == "Thư ký"), "")

    def signature(self) -> Signature:
        return Signature("CHỦ TỊCH", self.chairman, authority="TM. ỦY BAN NHÂN DÂN")

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = load_catalog()
        return self._catalog

    @property
    def unit_lower(self) -> str:
        return lower_first(self.unit_name)


# --------------------------------------------------------------------------- registrations


def _title_names(catalog: Catalog) -> dict[str, str]:
    """Code -> name of every title, in catalog order."""
    return dict(catalog.title_choices())


def _title_order(catalog: Catalog) -> dict[str, int]:
    return {code: i for i, (code, _) in enumerate(catalog.title_choices())}


def secret_ballot_titles(catalog: Catalog) -> tuple[str, ...]:
    """The titles whose council vote is a secret ballot (titles.json: "ballot": {"secret": true}), in
    catalog order."""
    return tuple(code for code in catalog.titles if catalog.ballot_rule(code).secret)


def _registration_rows(db, year: int, catalog: Catalog, title_code: str | None = None) -> list[dict[str, Any]]:
    """One query (outer joins) for all the year's live registrations, in title then name order."""
    P, Co, H = aliased(Person), aliased(Collective), aliased(Household)
    Unit, Village = aliased(Collective), aliased(Collective)
    stype = case((Registration.person_id.is_not(None), literal("person")),
                 (Registration.collective_id.is_not(None), literal("collective")), else_=literal("household"))
    stmt = (
        select(Registration.title_code, stype, func.coalesce(P.full_name, Co.name, H.head_name),
               P.birth_date, P.sex, P.position, Unit.name, Co.kind, Co.leader_name, Village.name, H.address,
               Registration.registered_on, func.coalesce(P.sort_key, Co.search_key, H.search_key))
        .select_from(Registration)
        .outerjoin(P, P.id == Registration.person_id)
        .outerjoin(Co, Co.id == Registration.collective_id)
        .outerjoin(H, H.id == Registration.household_id)
        .outerjoin(Unit, Unit.id == P.collective_id)
        .outerjoin(Village, Village.id == H.village_id)
        .where(Registration.deleted_at.is_(None), Registration.year == year,
               func.coalesce(P.deleted_at, Co.deleted_at, H.deleted_at).is_(None))
    )
    if title_code:
        stmt = stmt.where(Registration.title_code == title_code)
    out = []
    with db.session() as s:
        for (code, st, name, born, sex, position, unit, ckind, leader, village, address, on, key) in s.execute(stmt):
            if st == "person":
                where = unit or ""
                detail = position or ""
                born_s = str(born.year) if born else ""
            elif st == "collective":
                where = C.label(C.COLLECTIVE_KIND, ckind)
                detail = f"Người đứng đầu: {leader}" if leader else ""
                born_s = ""
            else:
                where = address if (village and address and village in address) else \
                    ", ".join(x for x in (address, village) if x)
                detail = ""
                born_s = ""
            out.append({"code": code, "type": st, "name": name or "", "born": born_s,
                        "sex": C.label(C.SEX, sex) if sex else "", "detail": detail, "where": where,
                        "on": date_short(on), "key": key or ""})
    order = _title_order(catalog)
    type_order = {"person": 0, "collective": 1, "household": 2}
    out.sort(key=lambda r: (order.get(r["code"], 99), type_order[r["type"]], r["key"]))
    return out


REG_COLUMNS = [Col("STT", 0.55, "C"), Col("Họ và tên / Tên tập thể / Chủ hộ", 2.4), Col("Năm sinh", 0.7, "C"),
               Col("Chức vụ, nghề nghiệp", 1.8), Col("Đơn vị công tác / thôn, tổ dân phố", 2.2),
               Col("Ngày đăng ký", 1.3, "C")]




def registration_list(db, year: int, date: dt.date | None = None, catalog: Catalog | None = None) -> ListDoc:
    """The year's registration list (danh sách đăng ký thi đua), grouped by title."""
    ctx = Context(db, catalog)
    rows_in = _registration_rows(db, year, ctx.catalog)
    if not rows_in:
        raise UserError(f"Chưa có đăng ký thi đua nào của năm {year}. Hãy nhập đăng ký trước khi in danh sách.")
    names = _title_names(ctx.catalog)
    rows: list[list[str]] = []
    spans: list[int] = []
    groups = Counter(r["code"] for r in rows_in)
    current = None
    n = 0
    g = 0
    for r in rows_in:
        if r["code"] != current:
            current = r["code"]
            g += 1
            spans.append(len(rows))
            rows.append([f"{roman(g)}. {names.get(current, current)} ({groups[current]})", "", "", "", "", ""])
            n = 0
        n += 1
        rows.append([str(n), r["name"], r["born"], r["detail"], r["where"], r["on"]])
    counts = Counter(r["type"] for r in rows_in)
    summary = "; ".join(f"{SUBJECT_LABEL[t].lower()}: {counts[t]}" for t in ("person", "collective", "household")
                        if counts[t])
    return ListDoc(
        title="DANH SÁCH", subtitle=[f"Cá nhân, tập thể, hộ gia đình đăng ký thi đua năm {year}"],
        columns=REG_COLUMNS, rows=rows, spans=spans, issuer=ctx.issuer, date=date or dt.date.today(),
        notes=[f"Danh sách có {len(rows_in)} đăng ký ({summary})."], signature=ctx.signature())


def title_list(db, year: int, title_code: str, date: dt.date | None = None,
               catalog: Catalog | None = None) -> ListDoc:
    """List of one title for the year. Until the year-end review exists this is the list of those who
    registered for (are proposed for) the title, and its heading says so: nobody is called commended."""
    ctx = Context(db, catalog)
    names = _title_names(ctx.catalog)
    if title_code not in names:
        raise UserError(f"Không có danh hiệu mã “{title_code}”. Các mã: {', '.join(names)}.")
    rows_in = _registration_rows(db, year, ctx.catalog, title_code)
    if not rows_in:
        raise UserError(f"Chưa có ai đăng ký danh hiệu “{names[title_code]}” năm {year}.")
    title = names[title_code]
    rows = [[str(i), r["name"], r["born"], r["detail"], r["where"], r["on"]] for i, r in enumerate(rows_in, 1)]
    return ListDoc(
        title="DANH SÁCH ĐĂNG KÝ, ĐỀ NGHỊ XÉT",
        subtitle=[f"Danh hiệu “{title}” năm {year}"],
        columns=REG_COLUMNS, rows=rows, issuer=ctx.issuer, date=date or dt.date.today(),
        notes=[f"Danh sách có {len(rows)} đối tượng đã đăng ký danh hiệu “{title}” năm {year}.",
               "Danh sách lập từ đăng ký thi đua, dùng để bình xét; chưa phải danh sách được khen thưởng."],
        signature=ctx.signature())


def titles_of_year(db, year: int, catalog: Catalog | None = None) -> list[tuple[str, str, int]]:
    """(code, name, count) of the titles registered in ``year``."""
    names = _title_names(catalog or load_catalog())
    with db.session() as s:
        got = dict(s.execute(select(Registration.title_code, func.count())
                             .where(Registration.deleted_at.is_(None), Registration.year == year)
                             .group_by(Registration.title_code)).all())
    return [(c, n, got[c]) for c, n in names.items() if got.get(c)]


# --------------------------------------------------------------------------- reports


def indicator_rows(db, year: int, period: str) -> list[IndicatorRow]:
    plan = default_plan()
    with db.session() as s:
        inds = s.scalars(select(Indicator).where(Indicator.deleted_at.is_(None), Indicator.year == year,
                                                 Indicator.period == period)
                         .order_by(Indicator.target_code, Indicator.id)).all()
        by_target: dict[int, list[Indicator]] = {}
        for i in inds:
            by_target.setdefault(i.target_code, []).append(i)
        rows: list[IndicatorRow] = []
        for t in plan.targets:
            items = by_target.get(t.code) or [None]
            for i in items:
                rows.append(IndicatorRow(
                    target_code=t.code, target_text=t.text, target_note=t.note if t.flagged else "",
                    name=i.name if i else "", unit=i.unit if i else "", planned=i.target_value if i else "",
                    actual=i.actual_value if i else "", note=i.note if i else ""))
    return rows


def movement_report(db, year: int, period: str = "Y", date: dt.date | None = None, number: int | None = None,
                    catalog: Catalog | None = None, texts: dict[str, str] | None = None) -> ReportDoc:
    """Interim (H1) or annual (Y) report: desktop.app.report_sources."""
    from desktop.app import report_sources

    return report_sources.movement_report(db, year, period, date, number, catalog, texts)


# --------------------------------------------------------------------------- achievement reports


def achievement_report(db, subject_type: str, subject_id: int, year: int, date: dt.date | None = None,
                       catalog: Catalog | None = None, title_code: str | None = None) -> AchievementReportDoc:
    """The achievement report of a person or a collective on the standard form: the title proposed is
    ``title_code`` (the officer's choice; default the one registered for ``year``), the awards already
    received are the award history's (the commune's decisions and those entered from elsewhere)."""
    from desktop.core.report_forms import achievement_forms

    ctx = Context(db, catalog)
    if subject_type not in ("person", "collective"):
        raise UserError("Báo cáo thành tích chỉ lập cho cá nhân hoặc tập thể.")
    col = f"{subject_type}_id"
    with db.session() as s:
        if subject_type == "person":
            name, head, profile, unit, superior, duty = _person_profile(s, ctx, subject_id)
        else:
            name, head, profile, unit, superior, duty = _collective_profile(s, subject_id)
        ratings = [(str(r.year), dict(C.RATING).get(r.rating, r.rating)) for r in s.scalars(
            select(Rating).where(getattr(Rating, col) == subject_id, Rating.deleted_at.is_(None),
                                 Rating.year <= year).order_by(Rating.year))]
        achievements, initiatives = _achievements_of(s, subject_type, subject_id, year)
        titles, awards = _awards_received(s, ctx, subject_type, subject_id, year)
        if title_code is None:
            title_code = s.scalar(select(Registration.title_code).where(
                getattr(Registration, col) == subject_id, Registration.year == year,
                Registration.deleted_at.is_(None)).limit(1))
    proposed, kind = "", "danh_hieu"
    if title_code:
        t = ctx.catalog.titles.get(title_code)
        if t is None or subject_type not in t.for_:
            codes = ", ".join(code for code, _ in ctx.catalog.title_choices(subject_type))
            raise UserError(f"Không có danh hiệu, hình thức mã “{title_code}” cho "
                            f"{SUBJECT_LABEL[subject_type].lower()}. Các mã: {codes}.")
        proposed, kind = t.name, t.kind
    return AchievementReportDoc(
        subject_type=subject_type, name=name, proposed=proposed, year=year, place=ctx.issuer.place,
        date=date or dt.date.today(), profile=profile, situation=[], ratings=ratings, achievements=achievements,
        initiatives=initiatives, titles_received=titles, awards_received=awards, reporter_name=head,
        unit_line=unit, superior=superior, form_number=achievement_forms()[subject_type].number,
        proposed_kind=kind, duty=duty)


def _person_profile(s, ctx: Context, pid: int):
    p = s.get(Person, pid)
    if p is None or p.deleted_at is not None:
        raise UserError(f"Không tìm thấy cá nhân mã {pid}.")
    unit = p.collective
    if unit is not None and unit.kind in C.VILLAGE_KINDS:  # a village is where one lives, not a workplace
        unit = None
    workplace = unit.name if unit else ctx.issuer.name
    profile = [("Họ và tên:", p.full_name), ("Sinh ngày, tháng, năm:", date_short(p.birth_date)),
               ("Giới tính:", C.label(C.SEX, p.sex)), ("Quê quán:", p.home_town), ("Trú quán:", p.residence),
               ("Đơn vị công tác:", workplace), ("Chức vụ (Đảng, chính quyền, đoàn thể):", p.position),
               ("Trình độ chuyên môn, nghiệp vụ:", p.qualification),
               ("Học hàm, học vị, danh hiệu, giải thưởng:", p.academic_title)]
    superior = (unit.superior or "." * 40) if unit else ""
    head = workplace if unit else f"Ủy ban nhân dân\n{ctx.unit_name}"  # two lines: the commune's header
    return p.full_name, p.full_name, profile, head, superior, p.duty


def _collective_profile(s, cid: int):
    c = s.get(Collective, cid)
    if c is None or c.deleted_at is not None:
        raise UserError(f"Không tìm thấy tập thể mã {cid}.")
    members = s.scalar(select(func.count()).select_from(Person).where(
        Person.collective_id == c.id, Person.deleted_at.is_(None))) or 0
    profile = [("Tên tập thể:", c.name), ("Loại hình:", C.label(C.COLLECTIVE_KIND, c.kind)),
               ("Địa chỉ trụ sở:", c.address), ("Điện thoại:", c.phone), ("Người đứng đầu:", c.leader_name),
               ("Tổng số thành viên:", str(members) if members else "")]
    return c.name, c.leader_name, profile, c.name, c.superior or "." * 40, ""


def _achievements_of(s, subject_type: str, sid: int, year: int):
    plan = default_plan()
    col = f"{subject_type}_id"
    achievements = []
    for a in s.scalars(select(Achievement).where(getattr(Achievement, col) == sid, Achievement.year <= year,
                                                 Achievement.deleted_at.is_(None))
                       .order_by(Achievement.year, Achievement.id)):
        area = plan.area(a.area_code)
        achievements.append((str(a.year), f"{a.area_code}. {area.name}" if area else a.area_code,
                             a.description + (f" ({a.evidence})" if a.evidence else "")))
    initiatives = []
    if subject_type == "person":
        for i in s.scalars(select(Initiative).where(Initiative.person_id == sid, Initiative.year <= year,
                                                    Initiative.deleted_at.is_(None)).order_by(Initiative.year)):
            dec = " ".join(x for x in (i.decision_no, i.recognised_by) if x)
            initiatives.append((i.title, str(i.year), C.label(C.INITIATIVE_SCOPE, i.scope), dec))
    return achievements, initiatives


def _awards_received(s, ctx: Context, subject_type: str, sid: int, year: int):
    """(titles, forms of award) received up to ``year``, from the award history: (year, name, the
    decision's number and date and who issued it)."""
    from desktop.store.models_review import AwardHistory

    titles: list[tuple[str, str, str]] = []
    forms: list[tuple[str, str, str]] = []
    col = getattr(AwardHistory, f"{subject_type}_id")
    for a in s.scalars(select(AwardHistory).where(col == sid, AwardHistory.deleted_at.is_(None),
                                                  AwardHistory.year <= year)
                       .order_by(AwardHistory.year, AwardHistory.id)):
        t = ctx.catalog.titles.get(a.title_code)
        number = f"Quyết định số {a.decision_no}" if a.decision_no else "Quyết định số ........"
        when = f" ngày {date_short(a.decision_date)}" if a.decision_date else ""
        if a.source == "commune":
            who = f"Chủ tịch Ủy ban nhân dân {ctx.unit_lower}"
        else:
            who = ctx.catalog.authorities.get(t.decided_by, {}).get("name", "") if t else ""
        row = (str(a.year), ctx.catalog.title_name(a.title_code), number + when + (f"; {who}" if who else ""))
        (forms if t is not None and t.kind == "hinh_thuc" else titles).append(row)
    return titles, forms


# --------------------------------------------------------------------------- ballots and letters


def ballot_slips(db, year: int, date: dt.date | None = None, catalog: Catalog | None = None) -> BallotDoc:
    """Secret-ballot slips, one per council member and all alike (nothing on a slip tells whose it
    is), for the titles the catalog has voted by secret ballot. On them: the candidates the review
    lets stand — eligible, or for the council to weigh — not those it refuses, those already decided
    and those another body decides. The marking rule is the catalog's, the one the tally applies."""
    from desktop.core.review import BLOCKED, DECIDED, ELSEWHERE, check_year

    ctx = Context(db, catalog)
    if not ctx.council:
        raise UserError("Chưa có thành viên Hội đồng thi đua. Hãy nhập Hội đồng trước khi in phiếu bầu.")
    secret = secret_ballot_titles(ctx.catalog)
    with db.session() as s:
        result = check_year(s, year, ctx.catalog, date)
    order = _title_order(ctx.catalog)
    stand = [c for c in result.candidates
             if c.title_code in secret and c.state not in (BLOCKED, DECIDED, ELSEWHERE)]
    stand.sort(key=lambda c: order.get(c.title_code, 99))  # stable: the review's order within a title
    cands = [BallotCandidate(c.name, c.detail, c.title_name) for c in stand]
    if not cands:
        names = ", ".join(ctx.catalog.title_name(code) for code in secret)
        raise UserError(f"Năm {year} chưa có trường hợp nào đủ điều kiện để bỏ phiếu kín ({names}). Hãy xem "
                        "kết quả bình xét (trang “Bình xét” hoặc lệnh review check).")
    rule = ctx.catalog.council
    note = " ".join(x for x in (rule.ballot_mark, rule.ballot_invalid) if x) or BallotDoc.rule_note
    return BallotDoc(issuer=ctx.council_issuer, year=year, date=date, candidates=cands, copies=len(ctx.council),
                     rule_note=note, form=2)


def cover_letter(db, file_name: str, sha256: str, counts: list[tuple[str, int]], year: int,
                 file_id: str = "", number: int | None = None, date: dt.date | None = None) -> CoverLetterDoc:
    """The công văn sent with a data file (called by the bundle export)."""
    ctx = Context(db)
    return CoverLetterDoc(issuer=ctx.issuer, number=number, date=date or dt.date.today(), year=year,
                          file_name=file_name, sha256=sha256, counts=counts, file_id=file_id,
                          signature=ctx.signature(), officer=ctx.ws.officer_name,
                          recipients=["Như trên"], archive="VT")


__all__ = ["Context", "registration_list", "title_list", "titles_of_year", "movement_report", "indicator_rows",
           "achievement_report", "ballot_slips", "cover_letter", "secret_ballot_titles"]
