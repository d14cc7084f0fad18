"""The year-end review (bình xét), Qt-free: eligibility findings per candidate, council meetings and
secret-ballot tallies, the commune's award decision and the proposal to the province, award history.

Every rule comes from the catalog (desktop/core/catalog.py, data under resources/catalog/): this module
implements the rule ids, the catalog says which title needs which rule with which parameters and cites
the source. A finding is ``ok`` (met), ``blocked`` (not met: no award) or ``warning`` (the council has
to confirm something the data cannot show).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.shared.fmt import group, percent
from desktop.core import choices as C
from desktop.core.catalog import DISCIPLINE_ORDER, RATING_ORDER, Catalog, Title, load_catalog
from desktop.shared.errors import NotFoundError, UserError, ValidationError
from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.shared.text import fold, nfc, one_line, text_problem
from desktop.store.models import (
    Achievement,
    AuditEntry,
    Collective,
    CouncilMember,
    Discipline,
    Household,
    Initiative,
    Person,
    Rating,
    Registration,
)
from desktop.store.models_review import (
    AwardHistory,
    Ballot,
    MeetingAttendance,
    ReviewDecision,
    ReviewDecisionRow,
    ReviewMeeting,
)

OK, BLOCKED, WARNING = "ok", "blocked", "warning"
DECIDED = "decided"  # a state, not a status: the award history holds the title for the year already
# Vietnamese as data (the JSON of the command line); the window shows tr(STATUS_LABELS[status])
STATUS_LABELS = {OK: QT_TR_NOOP("Đủ điều kiện"), WARNING: QT_TR_NOOP("Hội đồng cần xem xét"),
                 BLOCKED: QT_TR_NOOP("Chưa đủ điều kiện")}
SUBJECT_LABELS = dict(C.SUBJECT_TYPE)
AUTHORITY_PREFIXES = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")
SOURCE_LABELS = {"commune": QT_TR_NOOP("Quyết định của xã"), "earlier": QT_TR_NOOP("Nhập bổ sung (năm trước)"),
                 "province": QT_TR_NOOP("Quyết định của cấp trên")}
DOC_CODES = {"decision": "QĐ", "proposal": "TTr"}  # i18n: keep (document number codes, printed and stored)

Subject = tuple[str, int]


def _worst(statuses: Iterable[str]) -> str:
    s = set(statuses)
    return BLOCKED if BLOCKED in s else WARNING if WARNING in s else OK


def _pct(x: float) -> str:
    return percent(x)


def _money(n: int) -> str:
    return group(n)


def _names(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    if len(items) <= limit:
        return shown
    return tr("{names} và {count} người khác").format(names=shown, count=len(items) - limit)


def _subject_word(subject_type: str) -> str:
    """"cá nhân", "tập thể", "hộ gia đình" in the interface language (the window's kind labels)."""
    return tr(SUBJECT_LABELS.get(subject_type, subject_type)).lower()


def _either(items: list[str]) -> str:
    """"a hoặc b hoặc c" in the interface language."""
    out = items[0] if items else ""
    for item in items[1:]:
        out = tr("{first} hoặc {last}").format(first=out, last=item)
    return out


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    rule: str
    status: str
    reason: str
    source: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Candidate:
    subject_type: str
    subject_id: int
    name: str
    detail: str
    title_code: str
    title_name: str
    authority: str        # who decides, in words
    level: str            # xa | tinh | trung_uong
    registered: bool      # from the year's registrations (False: suggested by the rules)
    findings: list[Finding] = field(default_factory=list)
    priority: str = ""    # why this candidate comes first on a tie (a woman, a collective with ≥ 70 % women)

    @property
    def subject(self) -> Subject:
        return (self.subject_type, self.subject_id)

    @property
    def status(self) -> str:
        return _worst(f.status for f in self.findings)

    @property
    def commune_decides(self) -> bool:
        return self.level == "xa"

    @property
    def decided(self) -> Finding | None:
        """The award history already holds this title for this subject and year (a decision was made):
        the finding that says so, else None. Such a candidate is "đã có quyết định", not "chưa đủ
        điều kiện", whatever else the data says now."""
        return next((f for f in self.findings if f.rule == "not_already_awarded" and f.status == BLOCKED), None)

    @property
    def state(self) -> str:
        """ok | warning | blocked | decided: what the review counts and shows for this candidate."""
        return DECIDED if self.decided is not None else self.status

    def summary(self) -> str:
        bad = [f.reason for f in self.findings if f.status == self.status and f.status != OK]
        return "; ".join(bad) if bad else tr("Đạt các tiêu chuẩn của danh mục.")

    def as_dict(self) -> dict:
        return {
            "subject": {"type": self.subject_type, "id": self.subject_id, "name": self.name, "detail": self.detail},
            "title": {"code": self.title_code, "name": self.title_name, "decided_by": self.authority,
                      "level": self.level},
            "registered": self.registered,
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "decided": self.decided is not None,
            "findings": [f.as_dict() for f in self.findings],
            "tie_priority": self.priority,
        }


@dataclass
class ReviewResult:
    year: int
    on: dt.date
    catalog_version: str
    salary_version: str
    candidates: list[Candidate]

    def find(self, subject: Subject, code: str) -> Candidate | None:
        return next((c for c in self.candidates if c.subject == subject and c.title_code == code), None)

    def counts(self) -> dict[str, int]:
        """Candidates by state: a candidate with a decision already counts under "decided" only."""
        return {st: sum(1 for c in self.candidates if c.state == st) for st in (OK, WARNING, BLOCKED, DECIDED)}

    def as_dict(self) -> dict:
        return {"year": self.year, "reference_date": self.on.isoformat(), "catalog_version": self.catalog_version,
                "base_salary_version": self.salary_version,
                "counts": self.counts(),
                "candidates": [c.as_dict() for c in self.candidates]}


# --------------------------------------------------------------------------- the data of a year


@dataclass
class _Disc:
    status: str
    level: str
    start: dt.date | None
    end: dt.date | None
    decision_no: str


@dataclass
class _Award:
    year: int
    code: str
    decision_no: str
    achievement_id: int | None
    source: str


class YearData:
    """Everything the rules read for one year, loaded once (a few queries, no per-row lookups)."""

    def __init__(self, s: Session, year: int, lookback: int):
        self.year = year
        first = year - lookback
        self.persons: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Person.id, Person.full_name, Person.category, Person.collective_id,
                                              Person.position, Person.sex).where(Person.deleted_at.is_(None)))}
        self.collectives: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Collective.id, Collective.name, Collective.kind)
                                       .where(Collective.deleted_at.is_(None)))}
        self.households: dict[int, tuple] = {
            r.id: r for r in s.execute(select(Household.id, Household.head_name, Household.village_id)
                                       .where(Household.deleted_at.is_(None)))}
        self.members: dict[int, list[int]] = defaultdict(list)
        for p in self.persons.values():
            if p.collective_id is not None:
                self.members[p.collective_id].append(p.id)
        self.ratings: dict[tuple[Subject, int], str] = {}
        for r in s.execute(select(Rating.person_id, Rating.collective_id, Rating.year, Rating.rating)
                           .where(Rating.deleted_at.is_(None), Rating.year.between(first, year))):
            self.ratings[(_subj(r), r.year)] = r.rating
        self.discipline: dict[Subject, list[_Disc]] = defaultdict(list)
        for r in s.execute(select(Discipline).where(Discipline.deleted_at.is_(None))).scalars():
            self.discipline[_subj(r)].append(_Disc(r.status, r.level or "", r.start_date, r.end_date, r.decision_no))
        self.initiatives: dict[int, list[tuple]] = defaultdict(list)
        for r in s.execute(select(Initiative.person_id, Initiative.kind, Initiative.scope, Initiative.year,
                                  Initiative.title)
                           .where(Initiative.deleted_at.is_(None), Initiative.year.between(first, year))):
            self.initiatives[r.person_id].append(r)
        self.achievements: dict[Subject, list[tuple]] = defaultdict(list)
        for r in s.execute(select(Achievement.id, Achievement.person_id, Achievement.collective_id,
                                  Achievement.household_id, Achievement.description)
                           .where(Achievement.deleted_at.is_(None), Achievement.year == year)):
            self.achievements[_subj(r)].append(r)
        self.awards: dict[Subject, list[_Award]] = defaultdict(list)
        self.rewarded_achievements: dict[int, _Award] = {}
        for r in s.execute(select(AwardHistory).where(AwardHistory.deleted_at.is_(None),
                                                      AwardHistory.year <= year)).scalars():
            a = _Award(r.year, r.title_code, r.decision_no, r.achievement_id, r.source)
            self.awards[_subj(r)].append(a)
            if r.achievement_id is not None:
                self.rewarded_achievements[r.achievement_id] = a
        self.registrations: list[tuple[Subject, str]] = [
            (_subj(r), r.title_code) for r in s.execute(
                select(Registration.person_id, Registration.collective_id, Registration.household_id,
                       Registration.title_code)
                .where(Registration.deleted_at.is_(None), Registration.year == year)
                .order_by(Registration.id))]

    def exists(self, subj: Subject) -> bool:
        t, i = subj
        return i in (self.persons if t == "person" else self.collectives if t == "collective" else self.households)

    def name(self, subj: Subject) -> str:
        t, i = subj
        if t == "person":
            p = self.persons.get(i)
            return p.full_name if p else f"(cá nhân mã {i})"  # i18n: keep (stored in decision rows, printed)
        if t == "collective":
            c = self.collectives.get(i)
            return c.name if c else f"(tập thể mã {i})"  # i18n: keep (stored in decision rows, printed)
        h = self.households.get(i)
        return f"Hộ ông/bà {h.head_name}" if h else f"(hộ mã {i})"  # i18n: keep (stored in decision rows, printed)

    def detail(self, subj: Subject) -> str:
        t, i = subj
        if t == "person" and i in self.persons:
            p = self.persons[i]
            unit = self.collectives.get(p.collective_id)
            return ", ".join(x for x in (p.position, unit.name if unit else "") if x)
        if t == "collective" and i in self.collectives:
            return C.label(C.COLLECTIVE_KIND, self.collectives[i].kind)
        if t == "household" and i in self.households:
            v = self.collectives.get(self.households[i].village_id)
            return v.name if v else ""
        return ""

    def award(self, subj: Subject, code: str, year: int) -> _Award | None:
        return next((a for a in self.awards.get(subj, ()) if a.code == code and a.year == year), None)


def _subj(r) -> Subject:
    if getattr(r, "person_id", None) is not None:
        return ("person", r.person_id)
    if getattr(r, "collective_id", None) is not None:
        return ("collective", r.collective_id)
    return ("household", r.household_id)


def _lookback(catalog: Catalog) -> int:
    """How many earlier years the catalog's rules can look at."""
    n = 1

    def walk(rule: dict) -> None:
        nonlocal n
        n = max(n, int(rule.get("years", 1)))
        for sub in rule.get("rules", ()):
            walk(sub)

    for t in catalog.titles.values():
        for r in t.criteria:
            walk(r)
    return n


# --------------------------------------------------------------------------- the engine


class Engine:
    """Evaluates titles for subjects in one year against one catalog. Results are memoised: a
    collective's rules evaluate its members once, however many titles ask."""

    def __init__(self, catalog: Catalog, data: YearData, on: dt.date):
        self.catalog = catalog
        self.data = data
        self.year = data.year
        self.on = on
        self._memo: dict[tuple[Subject, str], list[Finding]] = {}
        self._busy: set[tuple[Subject, str]] = set()

    # ---- public -------------------------------------------------------------------------------
    def findings(self, subj: Subject, code: str) -> list[Finding]:
        key = (subj, code)
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:  # a catalog whose title requires itself: refuse rather than loop
            return [Finding("has_title", BLOCKED, tr("Tiêu chuẩn của danh hiệu tham chiếu vòng tròn trong danh mục."), "")]
        self._busy.add(key)
        try:
            out = self._evaluate(subj, code)
        finally:
            self._busy.discard(key)
        self._memo[key] = out
        return out

    def state(self, subj: Subject, code: str) -> str:
        """Does the subject hold ``code`` this year: awarded already (ok) or eligible now."""
        if self.data.award(subj, code, self.year) is not None:
            return OK
        return _worst(f.status for f in self.findings(subj, code))

    # ---- evaluation ---------------------------------------------------------------------------
    def _evaluate(self, subj: Subject, code: str) -> list[Finding]:
        cat = self.catalog
        t = cat.titles.get(code)
        if t is None:
            return [Finding("catalog", BLOCKED, tr("Danh mục phiên bản {version} không có danh hiệu, "
                                                   "hình thức mã “{code}”.").format(version=cat.version, code=code), "")]
        if subj[0] not in t.for_:
            allowed = ", ".join(_subject_word(x) for x in t.for_)
            return [Finding("catalog", BLOCKED, tr("{title} chỉ dành cho {allowed}.").format(title=t.name, allowed=allowed),
                            t.source)]
        if not self.data.exists(subj):
            return [Finding("catalog", BLOCKED, tr("Đối tượng không còn trong dữ liệu (có thể đã bị xóa)."), "")]
        out: list[Finding] = []
        if self.on < t.valid_from:
            out.append(Finding("valid_from", BLOCKED,
                               tr("Tiêu chuẩn {title} trong danh mục {version} áp dụng từ ngày "
                                  "{valid_from}, sau ngày xét {on}.").format(
                                   title=t.name, version=cat.version, valid_from=f"{t.valid_from:%d/%m/%Y}",
                                   on=f"{self.on:%d/%m/%Y}"), t.source))
        for rule in cat.general_rules:
            f = self._general(rule, subj, t)
            if f is not None:
                out.append(f)
        for rule in t.criteria:
            if "for" in rule and subj[0] not in rule["for"]:
                continue
            out.append(self._rule(rule, subj, t))
        return out

    def _general(self, rule: dict, subj: Subject, t: Title) -> Finding | None:
        rid, src = rule["rule"], rule.get("source", "")
        if rid == "no_pending_case":
            pending = [d for d in self.data.discipline.get(subj, ())
                       if d.status in rule["statuses"] and (d.start is None or d.start <= self.on)
                       and (d.end is None or d.end >= self.on)]
            if pending:
                what = "; ".join(tr("{case} từ ngày {date}").format(case=C.label(C.DISCIPLINE_STATUS, d.status),
                                                                   date=f"{d.start:%d/%m/%Y}")
                                 if d.start else C.label(C.DISCIPLINE_STATUS, d.status) for d in pending)
                return Finding(rid, BLOCKED, tr("{cases}: chưa xét khen thưởng cho đến khi có kết luận.").format(cases=what),
                               src)
            if subj[0] == "household":
                return None
            return Finding(rid, OK, tr("Không đang bị xem xét kỷ luật, điều tra, khiếu nại."), src)
        if rid == "not_already_awarded":
            a = self.data.award(subj, t.code, self.year)
            if a is not None:
                no = f" ({a.decision_no})" if a.decision_no else ""
                return Finding(rid, BLOCKED, tr("Đã được tặng {title} năm {year}{decision}; "
                                                "một thành tích chỉ khen thưởng một lần.").format(
                                                    title=t.name, year=self.year, decision=no), src)
            return None
        return None

    def _rule(self, rule: dict, subj: Subject, t: Title) -> Finding:
        rid = rule["rule"]
        src = rule.get("source") or t.source
        status, reason = getattr(self, "_r_" + rid)(rule, subj, t)
        return Finding(rid, status, reason, src)

    # ---- rules: each returns (status, reason) ---------------------------------------------------
    def _rating(self, subj: Subject, year: int) -> str | None:
        return self.data.ratings.get((subj, year))

    def _r_rating_at_least(self, rule, subj, t):
        need = rule["min"]
        got = self._rating(subj, self.year)
        need_label = C.label(C.RATING, need)
        if got is None:
            if subj[0] == "person" and "categories" in rule:
                cat = self.data.persons[subj[1]].category
                if cat not in rule["categories"]:
                    return WARNING, tr("Thành phần {category} không xếp loại chất lượng: "
                                       "Hội đồng xác nhận lao động, sản xuất có hiệu quả, chấp hành tốt chính sách, "
                                       "pháp luật và tích cực tham gia phong trào thi đua.").format(
                                           category=C.label(C.PERSON_CATEGORY, cat))
            level = rule.get("if_missing", BLOCKED)
            return level, tr("Chưa có kết quả xếp loại năm {year} (yêu cầu từ “{rating}” trở lên).").format(
                year=self.year, rating=need_label)
        got_label = C.label(C.RATING, got)
        if RATING_ORDER.get(got, -1) >= RATING_ORDER[need]:
            return OK, tr("Xếp loại năm {year}: {got} (yêu cầu từ “{rating}” trở lên).").format(
                year=self.year, got=got_label, rating=need_label)
        return BLOCKED, tr("Xếp loại năm {year}: {got}, chưa đạt mức “{rating}”.").format(
            year=self.year, got=got_label, rating=need_label)

    def _r_consecutive_years_rating(self, rule, subj, t):
        need, n = rule["min"], rule["years"]
        years = list(range(self.year - n + 1, self.year + 1))
        missing = [y for y in years if self._rating(subj, y) is None]
        low = [y for y in years if y not in missing and RATING_ORDER.get(self._rating(subj, y), -1) < RATING_ORDER[need]]
        need_label = C.label(C.RATING, need)
        span = (tr("{count} năm liên tục ({years})").format(count=n, years=_years(years)) if n > 1
                else tr("năm {year}").format(year=self.year))
        if low:
            return BLOCKED, tr("Chưa đạt “{rating}” {span}: năm {years} xếp loại thấp hơn.").format(
                rating=need_label, span=span, years=_years(low))
        if missing:
            return rule.get("if_missing", BLOCKED), tr("Chưa có kết quả xếp loại năm {years} (yêu cầu “{rating}” {span}).") \
                .format(years=_years(missing), rating=need_label, span=span)
        return OK, tr("Đạt “{rating}” {span}.").format(rating=need_label, span=span)

    def _discipline_in_year(self, subj: Subject, min_level: str) -> list[tuple[str, _Disc]]:
        """Disciplines at ``min_level`` or heavier: decided in the year (blocked), or decided earlier and
        still running in the year (warning: the council judges), or without a date (blocked)."""
        y0, y1 = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        out = []
        for d in self.data.discipline.get(subj, ()):
            if d.status != "da_ky_luat" or DISCIPLINE_ORDER.get(d.level, len(DISCIPLINE_ORDER)) < DISCIPLINE_ORDER[min_level]:
                continue
            if d.start is None or y0 <= d.start <= y1:
                out.append((BLOCKED, d))
            elif d.start < y0 and (d.end is None or d.end >= y0):
                out.append((WARNING, d))
        out.sort(key=lambda x: x[0] != BLOCKED)
        return out

    def _discipline_text(self, d: _Disc) -> str:
        level = C.label(C.DISCIPLINE_LEVEL, d.level).lower() or tr("(chưa ghi hình thức)")
        no = f" ({d.decision_no})" if d.decision_no else ""
        if d.start is None:
            return tr("Bị kỷ luật {level}{decision}, không ghi ngày").format(level=level, decision=no)
        start = f"{d.start:%d/%m/%Y}"
        if d.start.year == self.year:
            return tr("Bị kỷ luật {level} ngày {date}{decision} trong năm {year}").format(
                level=level, date=start, decision=no, year=self.year)
        if d.end:
            return tr("Bị kỷ luật {level} từ ngày {date}{decision} đến ngày {end}, còn hiệu lực trong năm {year}") \
                .format(level=level, date=start, decision=no, end=f"{d.end:%d/%m/%Y}", year=self.year)
        return tr("Bị kỷ luật {level} từ ngày {date}{decision}, chưa ghi ngày hết hiệu lực, còn hiệu lực trong năm "
                  "{year}").format(level=level, date=start, decision=no, year=self.year)

    def _r_no_discipline(self, rule, subj, t):
        level_label = C.label(C.DISCIPLINE_LEVEL, rule["min_level"]).lower()
        found = self._discipline_in_year(subj, rule["min_level"])
        if found:
            st, d = found[0]
            if st == BLOCKED:
                return st, self._discipline_text(d) + "."
            return st, tr("{discipline}: Hội đồng xem xét.").format(discipline=self._discipline_text(d))
        return OK, tr("Không bị kỷ luật từ hình thức {level} trở lên trong năm {year}.").format(
            level=level_label, year=self.year)

    def _members(self, subj: Subject) -> list[int]:
        return self.data.members.get(subj[1], []) if subj[0] == "collective" else []

    def _no_members(self, subj):
        return BLOCKED, tr("Tập thể chưa có thành viên nào trong dữ liệu (cá nhân có “Đơn vị công tác” là tập thể này).")

    def _r_members_no_discipline(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        level_label = C.label(C.DISCIPLINE_LEVEL, rule["min_level"]).lower()
        hits = [(m, self._discipline_in_year(("person", m), rule["min_level"])) for m in members]
        hard = [self.data.persons[m].full_name for m, f in hits if f and f[0][0] == BLOCKED]
        soft = [self.data.persons[m].full_name for m, f in hits if f and f[0][0] == WARNING]
        if hard:
            return BLOCKED, tr("Có {count} thành viên bị kỷ luật từ {level} trở lên trong năm {year}: {names}.").format(
                count=len(hard), level=level_label, year=self.year, names=_names(hard))
        if soft:
            return WARNING, tr("Có {count} thành viên đang trong thời hạn kỷ luật từ {level} trở lên "
                               "(quyết định từ năm trước): {names}. Hội đồng xem xét.").format(
                                   count=len(soft), level=level_label, names=_names(soft))
        return OK, tr("Không thành viên nào bị kỷ luật từ hình thức {level} trở lên trong năm {year}.").format(
            level=level_label, year=self.year)

    def _r_has_title(self, rule, subj, t):
        code = rule["title"]
        name = self.catalog.title_name(code)
        a = self.data.award(subj, code, self.year)
        if a is not None:
            no = f" ({a.decision_no})" if a.decision_no else ""
            return OK, tr("Đã được công nhận {title} năm {year}{decision}.").format(title=name, year=self.year,
                                                                                   decision=no)
        inner = self.findings(subj, code)
        st = _worst(f.status for f in inner)
        if st == OK:
            return OK, tr("Đủ tiêu chuẩn {title} năm {year}.").format(title=name, year=self.year)
        why = "; ".join(f.reason for f in inner if f.status == st)
        if st == WARNING:
            return WARNING, tr("{title}: cần Hội đồng xác nhận ({reasons})").format(title=name, reasons=why)
        return BLOCKED, tr("Chưa đủ tiêu chuẩn {title}: {reasons}").format(title=name, reasons=why)

    def _share(self, members: list[int], hit: Callable[[int], str]) -> tuple[int, int, list[int]]:
        ok = maybe = 0
        failing = []
        for m in members:
            st = hit(m)
            if st == OK:
                ok += 1
            elif st == WARNING:
                maybe += 1
            else:
                failing.append(m)
        return ok, maybe, failing

    def _share_outcome(self, what: str, n: int, ok: int, maybe: int, need: float, failing: list[int],
                       maybe_note: str):
        share = 100.0 * ok / n
        upper = 100.0 * (ok + maybe) / n
        values = dict(ok=ok, total=n, what=what, share=_pct(share), need=_pct(need))
        if share + 1e-9 >= need:
            return OK, tr("{ok}/{total} thành viên {what} ({share}), yêu cầu từ {need}.").format(**values)
        if upper + 1e-9 >= need:
            return WARNING, tr("{ok}/{total} thành viên {what} ({share}), yêu cầu từ {need}; thêm {maybe} thành viên "
                               "{maybe_note} thì đạt ({upper}).").format(**values, maybe=maybe, maybe_note=maybe_note,
                                                                        upper=_pct(upper))
        names = [self.data.persons[m].full_name for m in failing]
        return BLOCKED, tr("{ok}/{total} thành viên {what} ({share}), yêu cầu từ {need}: chưa đạt. "
                           "Chưa đạt gồm: {names}.").format(**values, names=_names(names))

    def _r_members_share_with_title(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        code = rule["title"]
        ok, maybe, failing = self._share(members, lambda m: self.state(("person", m), code))
        return self._share_outcome(tr("đạt {title}").format(title=self.catalog.title_name(code)), len(members), ok,
                                   maybe, float(rule["min_percent"]), failing, tr("cần Hội đồng xác nhận"))

    def _r_members_share_rating(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        need = rule["min"]

        def hit(m):
            r = self._rating(("person", m), self.year)
            if r is None:
                return WARNING
            return OK if RATING_ORDER.get(r, -1) >= RATING_ORDER[need] else BLOCKED

        ok, maybe, failing = self._share(members, hit)
        return self._share_outcome(tr("xếp loại từ “{rating}” trở lên năm {year}").format(
                                       rating=C.label(C.RATING, need), year=self.year), len(members),
                                   ok, maybe, float(rule["min_percent"]), failing, tr("chưa có kết quả xếp loại"))

    def _r_members_count_with_title(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        code, need = rule["title"], rule["min_count"]
        ok, maybe, _ = self._share(members, lambda m: self.state(("person", m), code))
        name = self.catalog.title_name(code)
        if ok >= need:
            return OK, tr("Có {count} thành viên đạt {title} năm {year} (yêu cầu ít nhất {need}).").format(
                count=ok, title=name, year=self.year, need=need)
        if ok + maybe >= need:
            return WARNING, tr("Có {count} thành viên chắc chắn đạt {title}, {maybe} thành viên cần Hội đồng xác nhận "
                               "(yêu cầu ít nhất {need}).").format(count=ok, title=name, maybe=maybe, need=need)
        return BLOCKED, tr("Chưa có đủ {need} thành viên đạt {title} năm {year} (hiện có {count}).").format(
            need=need, title=name, year=self.year, count=ok)

    def _r_consecutive_years(self, rule, subj, t):
        code, n = rule["title"], rule["years"]
        name = self.catalog.title_name(code)
        years = list(range(self.year - n + 1, self.year + 1))
        missing, pending = [], []
        for y in years[:-1]:
            if self.data.award(subj, code, y) is None:
                missing.append(y)
        cur = self.state(subj, code)
        eligible_now = False
        if self.data.award(subj, code, self.year) is None:
            if cur == BLOCKED:
                missing.append(self.year)
            else:
                eligible_now = True
                if cur == WARNING:
                    pending.append(self.year)
        values = dict(count=n, title=name, years=_years(years), year=self.year)
        if missing:
            have = [y for y in years if y not in missing]
            if have:
                return BLOCKED, tr("Chưa đủ {count} năm liên tục {title} ({years}): có năm {have}, "
                                   "thiếu năm {missing} trong lịch sử khen thưởng.").format(
                                       **values, have=_years(have), missing=_years(missing))
            return BLOCKED, tr("Chưa đủ {count} năm liên tục {title} ({years}): chưa có năm nào, "
                               "thiếu năm {missing} trong lịch sử khen thưởng.").format(**values, missing=_years(missing))
        if pending:
            return WARNING, tr("{count} năm liên tục {title} ({years}) nếu Hội đồng xác nhận năm {year}.").format(**values)
        if eligible_now:
            return OK, tr("Đạt {title} {count} năm liên tục ({years}); năm {year} đủ tiêu chuẩn trong đợt bình xét "
                          "này.").format(**values)
        return OK, tr("Đạt {title} {count} năm liên tục ({years}).").format(**values)

    def _r_initiative(self, rule, subj, t):
        if subj[0] != "person":
            return BLOCKED, tr("Tiêu chuẩn sáng kiến chỉ áp dụng cho cá nhân.")
        n_years = rule.get("years", 1)
        first = self.year - n_years + 1
        kinds = _either([C.label(C.INITIATIVE_KIND, k).lower() for k in rule["kinds"]])
        scopes = ", ".join(C.label(C.INITIATIVE_SCOPE, s).lower() for s in rule["scopes"])
        found = [i for i in self.data.initiatives.get(subj[1], ())
                 if i.kind in rule["kinds"] and i.scope in rule["scopes"] and first <= i.year <= self.year]
        span = (tr("năm {year}").format(year=self.year) if n_years == 1
                else tr("từ năm {first} đến {last}").format(first=first, last=self.year))
        if len(found) >= rule["min_count"]:
            shown = "; ".join(f"“{i.title}” ({i.year}, {C.label(C.INITIATIVE_SCOPE, i.scope).lower()})" for i in found[:3])
            return OK, tr("Có {count} {kinds} được công nhận ({scopes}) {span}: {shown}.").format(
                count=len(found), kinds=kinds, scopes=scopes, span=span, shown=shown)
        return BLOCKED, tr("Cần ít nhất {need} {kinds} được công nhận ({scopes}) {span}; hiện có {count}.").format(
            need=rule["min_count"], kinds=kinds, scopes=scopes, span=span, count=len(found))

    def _r_achievement_not_rewarded(self, rule, subj, t):
        items = self.data.achievements.get(subj, [])
        need = rule.get("min_count", 1)
        if not items:
            return BLOCKED, tr("Chưa có thành tích nào năm {year} trong dữ liệu.").format(year=self.year)
        free = [a for a in items if a.id not in self.data.rewarded_achievements]
        if len(free) >= need:
            return OK, tr("Có {count} thành tích năm {year} chưa được khen thưởng: “{first}”.").format(
                count=len(free), year=self.year, first=free[0].description[:80])
        used = [self.data.rewarded_achievements[a.id] for a in items if a.id in self.data.rewarded_achievements]
        prev = "; ".join(f"{self.catalog.title_name(u.code)}" + (f" ({u.decision_no})" if u.decision_no else "")
                         for u in used[:3])
        return BLOCKED, tr("Các thành tích năm {year} đã được khen thưởng ({awards}); một thành tích chỉ khen một lần.") \
            .format(year=self.year, awards=prev)

    def _r_collective_kind(self, rule, subj, t):
        if subj[0] != "collective":
            return BLOCKED, tr("Chỉ áp dụng cho tập thể.")
        kind = self.data.collectives[subj[1]].kind
        allowed = ", ".join(C.label(C.COLLECTIVE_KIND, k) for k in rule["kinds"])
        if kind in rule["kinds"]:
            return OK, tr("Loại tập thể: {kind}.").format(kind=C.label(C.COLLECTIVE_KIND, kind))
        return BLOCKED, tr("Chỉ dành cho: {allowed}; tập thể này thuộc loại {kind}.").format(
            allowed=allowed, kind=C.label(C.COLLECTIVE_KIND, kind))

    def _r_manual(self, rule, subj, t):
        return WARNING, rule["text"]

    def _sub(self, rule, subj, t) -> list[tuple[str, str]]:
        return [getattr(self, "_r_" + r["rule"])(r, subj, t) for r in rule["rules"]
                if "for" not in r or subj[0] in r["for"]]

    def _r_any_of(self, rule, subj, t):
        results = self._sub(rule, subj, t)
        label = rule["label"] if "label" in rule else tr("Đạt một trong các tiêu chuẩn")  # the catalog's label is data
        for want in (OK, WARNING):
            hits = [r for st, r in results if st == want]
            if hits:
                return want, f"{label}: {hits[0]}"
        return BLOCKED, tr("Chưa đạt tiêu chuẩn nào trong số: {label}. {reasons}").format(
            label=label.lower(), reasons=" ".join(r for _, r in results))

    def _r_all_of(self, rule, subj, t):
        results = self._sub(rule, subj, t)
        st = _worst(s for s, _ in results)
        return st, " ".join(r for s, r in results if s == st)


# --------------------------------------------------------------------------- ties


@dataclass(frozen=True)
class TieRule:
    """Who comes first when candidates are equal (same title, same votes): women, and collectives
    with at least ``women_percent`` % women. Data in titles.json ("tie_break"), with its source."""

    women_percent: float
    source: str

    def text(self) -> str:
        return tr("Khi bằng nhau, ưu tiên cá nhân nữ, tập thể có từ {percent} thành viên là nữ ({source}).").format(
            percent=_pct(self.women_percent), source=self.source)


_tie_cache: dict[str, TieRule | None] = {}


def tie_rule(catalog: Catalog) -> TieRule | None:
    """The catalog's "tie_break" entry (an optional top-level key of titles.json); None when absent."""
    path = Path(catalog.directory) / "titles.json"
    key = f"{path}:{catalog.version}"
    if key not in _tie_cache:
        rule = None
        try:
            raw = json.loads(path.read_text(encoding="utf-8")).get("tie_break")
        except (OSError, ValueError, AttributeError):
            raw = None
        if isinstance(raw, dict) and raw.get("prefer_women", True):
            pct = raw.get("collective_women_min_percent", 70)
            if isinstance(pct, (int, float)) and not isinstance(pct, bool) and 0 <= pct <= 100:
                rule = TieRule(float(pct), str(raw.get("source", "")))
        _tie_cache[key] = rule
    return _tie_cache[key]


def tie_priority(rule: TieRule | None, data: "YearData", subj: Subject) -> str:
    if rule is None:
        return ""
    t, i = subj
    if t == "person":
        p = data.persons.get(i)
        return tr("Nữ") if p is not None and p.sex == "nu" else ""
    if t == "collective":
        members = data.members.get(i, [])
        if not members:
            return ""
        women = sum(1 for m in members if data.persons[m].sex == "nu")
        share = 100.0 * women / len(members)
        return tr("Tập thể {percent} nữ").format(percent=_pct(share)) if share + 1e-9 >= rule.women_percent else ""
    return ""


def rank_key(yes: int, priority: str, name: str) -> tuple:
    """Order of candidates for one title: more votes first, then the tie rule, then the name."""
    return (-yes, not priority, fold(name))


# --------------------------------------------------------------------------- checking a year


def check_year(s: Session, year: int, catalog: Catalog | None = None, on: dt.date | None = None,
               include_all: bool = False) -> ReviewResult:
    """Findings for every candidate of ``year``: the year's registrations, plus the titles the
    catalog marks "suggest" (upward proposals such as 3 consecutive years → provincial title) for
    subjects in view, plus (``include_all``) everybody who is fully eligible without registering."""
    catalog = catalog or load_catalog()
    on = on or dt.date(year, 12, 31)
    data = YearData(s, year, _lookback(catalog))
    eng = Engine(catalog, data, on)
    ties = tie_rule(catalog)
    out: list[Candidate] = []
    seen: set[tuple[Subject, str]] = set()

    def add(subj: Subject, code: str, registered: bool) -> Candidate:
        t = catalog.titles.get(code)
        cand = Candidate(subj[0], subj[1], data.name(subj), data.detail(subj), code,
                         t.name if t else code, catalog.authority_name(t.decided_by) if t else "",
                         t.level if t else "", registered, list(eng.findings(subj, code)),
                         tie_priority(ties, data, subj))
        out.append(cand)
        seen.add((subj, code))
        return cand

    for subj, code in data.registrations:
        if (subj, code) not in seen:
            add(subj, code, True)

    pool: list[Subject] = list(dict.fromkeys(
        [subj for subj, _ in data.registrations]
        + [subj for subj, awards in data.awards.items() if any(a.year == year - 1 for a in awards)]))
    if include_all:
        pool += [("person", i) for i in data.persons] + [("collective", i) for i in data.collectives] \
            + [("household", i) for i in data.households]
        pool = list(dict.fromkeys(pool))
    for t in catalog.titles.values():
        if not (t.suggest or include_all):
            continue
        for subj in pool:
            if subj[0] not in t.for_ or (subj, t.code) in seen or not data.exists(subj):
                continue
            findings = eng.findings(subj, t.code)
            st = _worst(f.status for f in findings)
            # suggested: fully eligible, or (upward titles) only waiting for the council to confirm
            # something the data does show, never merely because a rule asks for a manual check
            if st == OK or (t.suggest and st == WARNING
                            and not any(f.rule == "manual" for f in findings)):
                add(subj, t.code, False)

    _apply_caps(catalog, out, ties)
    order = {code: i for i, code in enumerate(catalog.titles)}
    out.sort(key=lambda c: (order.get(c.title_code, 99), not c.registered, fold(c.name), c.subject_id))
    return ReviewResult(year, on, catalog.version, catalog.salary_version, out)


def _apply_caps(catalog: Catalog, cands: list[Candidate], ties: "TieRule | None" = None) -> None:
    for t in catalog.titles.values():
        if not t.cap:
            continue
        # a decision already made counts as it did before it was made: those awarded the base title this
        # year stay in the base, those awarded the capped title still take their place under the cap
        base = sum(1 for c in cands if c.title_code == t.cap["of"] and (c.status == OK or c.decided is not None))
        mine = [c for c in cands if c.title_code == t.code and c.status == OK]
        awarded = sum(1 for c in cands if c.title_code == t.code and c.decided is not None)
        limit = math.floor(base * t.cap["percent"] / 100)
        if mine and len(mine) + awarded > limit:
            reason = tr("Có {count} người đủ tiêu chuẩn {title}, vượt giới hạn {percent} % số đạt "
                        "{base_title} ({base} người): Hội đồng chỉ chọn tối đa {limit}.").format(
                            count=len(mine) + awarded, title=t.name, percent=t.cap["percent"],
                            base_title=catalog.title_name(t.cap["of"]), base=base, limit=limit) \
                + (f" {ties.text()}" if ties else "")
            for c in mine:
                c.findings.append(Finding("cap", WARNING, reason, t.source))


# --------------------------------------------------------------------------- ballots


@dataclass(frozen=True)
class BallotOutcome:
    title_code: str
    members_total: int
    yes: int
    no: int
    invalid: int
    required_percent: Decimal
    required_votes: int
    passed: bool
    reason: str
    source: str
    secret: bool

    def as_dict(self) -> dict:
        d = asdict(self)
        d["required_percent"] = str(self.required_percent)
        return d


def tally(catalog: Catalog, code: str, members_total: int, yes: int, no: int, invalid: int = 0) -> BallotOutcome:
    """Check a tally against the catalog's threshold, counted on ALL council members (absent members
    included: they vote in writing or their vote is missing)."""
    t = catalog.title(code)
    rule = catalog.ballot_rule(code)
    errors = {}
    for name, v in (("yes", yes), ("no", no), ("invalid", invalid)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            errors[name] = tr("Số phiếu phải là số nguyên không âm.")
    if isinstance(members_total, bool) or not isinstance(members_total, int) or members_total < 1:
        errors["members_total"] = tr("Hội đồng phải có ít nhất một thành viên.")
    if not errors and yes + no + invalid > members_total:
        errors["yes"] = tr("Tổng số phiếu ({votes}) nhiều hơn số thành viên Hội đồng ({members}). "
                           "Hãy kiểm tra lại biên bản kiểm phiếu.").format(votes=yes + no + invalid, members=members_total)
    if errors:
        raise ValidationError(errors)
    required = math.ceil(Decimal(members_total) * rule.min_percent / 100 - Decimal("1e-9"))
    share = 100.0 * yes / members_total
    # the reason is stored with the ballot (review_ballot.reason): Vietnamese, like the minutes
    kind = "bỏ phiếu kín" if rule.secret else "biểu quyết"  # i18n: keep (stored)
    base = (f"{yes}/{members_total} phiếu đồng ý ({_pct(share)} tổng số thành viên Hội đồng); {t.name} cần "  # i18n: keep (stored)
            f"{kind} đạt từ {_pct(float(rule.min_percent))} tổng số thành viên, tức ít nhất {required} phiếu")
    passed = yes >= required
    reason = ("Đạt: " if passed else "Không đạt: ") + base + "."  # i18n: keep (stored)
    return BallotOutcome(code, members_total, yes, no, invalid, rule.min_percent, required, passed, reason,
                         rule.source, rule.secret)


# --------------------------------------------------------------------------- use cases


def _doc_register():
    """The shared per-year document register of the reports feature, when it is installed."""
    try:
        from desktop.store.models_reports import DocRegister
    except ImportError:  # pragma: no cover - reports feature absent: numbers from this module's table
        return None
    return DocRegister


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    year: int
    held_on: dt.date
    place: str
    members_total: int
    attendance: list[dict]      # {member_id, name, present, written_vote}
    ballots: list[dict]         # {subject, title_code, yes, no, invalid, passed, reason}

    @property
    def present(self) -> int:
        return sum(1 for a in self.attendance if a["present"])

    @property
    def voting(self) -> int:
        return sum(1 for a in self.attendance if a["present"] or a["written_vote"])


@dataclass
class DecisionRowInfo:
    subject_type: str
    subject_id: int
    name: str
    detail: str
    title_code: str
    title_name: str
    bonus_multiple: str
    amount: int


@dataclass
class DecisionInfo:
    id: int
    kind: str
    year: int
    number: int
    number_text: str
    signed_on: dt.date
    signer_name: str
    signer_title: str
    authority_prefix: str
    catalog_version: str
    base_salary: int | None
    base_salary_source: str
    total_amount: int
    rows: list[DecisionRowInfo]
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # (name, title name, reason)
    notes: list[str] = field(default_factory=list)
    meeting_id: int | None = None   # the council meeting whose minutes the document cites

    def totals_by_title(self) -> list[tuple[str, int, int]]:
        """(title name, number of rows, amount) in list order."""
        acc: dict[str, list[int]] = {}
        for r in self.rows:
            a = acc.setdefault(r.title_name, [0, 0])
            a[0] += 1
            a[1] += r.amount
        return [(k, v[0], v[1]) for k, v in acc.items()]

    def as_dict(self) -> dict:
        d = asdict(self)
        d["signed_on"] = self.signed_on.isoformat()
        d["totals_by_title"] = [{"title": t, "count": n, "amount": a} for t, n, a in self.totals_by_title()]
        return d


@dataclass
class DecisionPlan:
    """Who goes into a decision (or proposal) and who is left out, with the reason."""
    chosen: list[Candidate]
    left_out: list[tuple[str, str, str]]  # (name, title name, reason)
    other_document: int = 0  # candidates of the other document (the proposal's for a decision, and back)

    @property
    def warnings(self) -> int:
        """Chosen candidates the council had to consider ("Hội đồng cần xem xét"), included on request."""
        return sum(1 for c in self.chosen if c.status == WARNING)

    def refusal(self, kind: str, year: int) -> str:
        """The message when nobody can go in, with the first reasons."""
        if kind == "decision":
            text = tr("Không có đối tượng nào đủ điều kiện đưa vào quyết định khen thưởng năm {year}.")
        else:
            text = tr("Không có đối tượng nào đủ điều kiện đưa vào tờ trình đề nghị cấp trên năm {year}.")
        detail = "\n".join(f"- {n} – {t}: {r}" for n, t, r in self.left_out[:10])
        return text.format(year=year) + (f"\n{detail}" if detail else "")


def _select(cat: Catalog, result: ReviewResult, ballots: dict, kind: str, include_warnings: bool,
            wanted: set | None) -> DecisionPlan:
    """The one rule for what a decision (kind "decision") or proposal takes: see Review.decide."""
    chosen: list[Candidate] = []
    left_out: list[tuple[str, str, str]] = []
    other = 0
    for c in result.candidates:
        if wanted is not None and (c.subject, c.title_code) not in wanted:
            continue
        if c.commune_decides != (kind == "decision"):
            other += 1
            continue
        if c.status == BLOCKED or (c.status == WARNING and not include_warnings):
            left_out.append((c.name, c.title_name, c.summary()))
            continue
        t = cat.title(c.title_code)
        b = ballots.get((c.subject, c.title_code))
        if b is not None and not b.passed:
            left_out.append((c.name, c.title_name, b.reason))
            continue
        if b is None and t.ballot is not None:
            rule = t.ballot
            left_out.append((c.name, c.title_name,
                             tr("Chưa có kết quả bỏ phiếu kín; {title} cần đạt từ {percent} "
                                "tổng số thành viên Hội đồng ({source}).").format(
                                    title=t.name, percent=_pct(float(rule.min_percent)), source=rule.source)))
            continue
        chosen.append(c)
    return DecisionPlan(chosen, left_out, other)


class Review:
    """Use cases of the year-end review. ``actor`` goes into the change history."""

    def __init__(self, session_factory: Callable[[], Session], actor: str = "", catalog: Catalog | None = None):
        self._sf = session_factory
        self.actor = actor or "Không rõ"  # i18n: keep (stored in the change history)
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        return self._catalog or load_catalog()

    def _audit(self, s: Session, table: str, record_id: int, action: str, changes: dict) -> None:
        s.add(AuditEntry(actor=self.actor, table_name=table, record_id=record_id, action=action,
                         changes=json.dumps(changes, ensure_ascii=False, default=str)))

    # ---- eligibility --------------------------------------------------------------------------
    def check(self, year: int, on: dt.date | None = None, include_all: bool = False) -> ReviewResult:
        with self._sf() as s:
            return check_year(s, year, self.catalog, on, include_all)

    # ---- council and meetings -----------------------------------------------------------------
    def council(self) -> list[tuple[int, str, str]]:
        with self._sf() as s:
            return [(r.id, r.full_name, r.role) for r in s.execute(
                select(CouncilMember.id, CouncilMember.full_name, CouncilMember.role)
                .where(CouncilMember.deleted_at.is_(None)).order_by(CouncilMember.sort_order, CouncilMember.id))]

    def open_meeting(self, year: int, held_on: dt.date, present: Iterable[int], written: Iterable[int] = (),
                     place: str = "", note: str = "") -> int:
        """Record a council meeting and who attended. Every live council member gets a line: present,
        absent with a written vote, or absent. The ballot threshold counts all of them."""
        present, written = set(present), set(written)
        members = self.council()
        if not members:
            raise UserError(tr("Chưa có thành viên Hội đồng Thi đua - Khen thưởng. Hãy nhập danh sách Hội đồng trước."))
        ids = {m[0] for m in members}
        unknown = (present | written) - ids
        if unknown:
            raise ValidationError({"attendance": tr("Không tìm thấy thành viên Hội đồng mã {ids}.").format(
                ids=sorted(unknown))})
        both = present & written
        if both:
            raise ValidationError({"attendance": tr("Thành viên có mặt thì bỏ phiếu tại cuộc họp, không ghi là bỏ phiếu "
                                                    "bằng văn bản.")})
        if not present:
            raise ValidationError({"attendance": tr("Chưa đánh dấu thành viên nào có mặt.")})
        with self._sf() as s, s.begin():
            m = ReviewMeeting(year=year, held_on=held_on, place=nfc(place), members_total=len(members),
                              catalog_version=self.catalog.version, note=nfc(note))
            s.add(m)
            s.flush()
            for mid, name, _ in members:
                s.add(MeetingAttendance(meeting_id=m.id, council_member_id=mid, member_name=name,
                                        present=mid in present, written_vote=mid in written))
            self._audit(s, "review_meeting", m.id, "create",
                        {"year": [None, year], "held_on": [None, held_on.isoformat()],
                         "present": [None, len(present)], "members_total": [None, len(members)]})
            return m.id

    def meetings(self, year: int) -> list[MeetingInfo]:
        with self._sf() as s:
            ids = s.scalars(select(ReviewMeeting.id).where(ReviewMeeting.year == year,
                                                           ReviewMeeting.deleted_at.is_(None))
                            .order_by(ReviewMeeting.held_on, ReviewMeeting.id)).all()
        return [self.meeting(i) for i in ids]

    def meeting(self, meeting_id: int) -> MeetingInfo:
        with self._sf() as s:
            m = s.get(ReviewMeeting, meeting_id)
            if m is None or m.deleted_at is not None:
                raise NotFoundError(tr("Không tìm thấy cuộc họp Hội đồng."))
            att = [{"member_id": a.council_member_id, "name": a.member_name, "present": a.present,
                    "written_vote": a.written_vote}
                   for a in s.scalars(select(MeetingAttendance).where(MeetingAttendance.meeting_id == m.id)
                                      .order_by(MeetingAttendance.id))]
            ballots = [{"subject": _subj(b), "title_code": b.title_code, "yes": b.yes, "no": b.no,
                        "invalid": b.invalid, "passed": b.passed, "reason": b.reason}
                       for b in s.scalars(select(Ballot).where(Ballot.meeting_id == m.id, Ballot.deleted_at.is_(None))
                                          .order_by(Ballot.id))]
            return MeetingInfo(m.id, m.year, m.held_on, m.place, m.members_total, att, ballots)

    def record_ballot(self, meeting_id: int, subject: Subject, title_code: str, yes: int, no: int,
                      invalid: int = 0) -> BallotOutcome:
        """Store the tally for a candidate (replacing an earlier one) and return its outcome. A tally
        below the threshold is stored too (the minutes record it) and refused in the outcome."""
        info = self.meeting(meeting_id)
        outcome = tally(self.catalog, title_code, info.members_total, yes, no, invalid)
        cast = yes + no + invalid
        if cast > info.voting:
            raise ValidationError({"yes": tr("Có {votes} phiếu nhưng chỉ {voting} thành viên có mặt hoặc bỏ phiếu "
                                             "bằng văn bản. Hãy kiểm tra lại biên bản kiểm phiếu.").format(
                                                 votes=cast, voting=info.voting)})
        st, sid = subject
        cols = {"person_id": sid if st == "person" else None, "collective_id": sid if st == "collective" else None,
                "household_id": sid if st == "household" else None}
        with self._sf() as s, s.begin():
            old = s.scalars(select(Ballot).where(
                Ballot.meeting_id == meeting_id, Ballot.title_code == title_code, Ballot.deleted_at.is_(None),
                *[getattr(Ballot, k).is_(None) if v is None else getattr(Ballot, k) == v for k, v in cols.items()])).first()
            b = old or Ballot(meeting_id=meeting_id, title_code=title_code, **cols)
            changes = {k: [getattr(old, k) if old else None, v] for k, v in (("yes", yes), ("no", no), ("invalid", invalid))}
            b.members_total, b.yes, b.no, b.invalid = info.members_total, yes, no, invalid
            b.threshold_percent, b.passed, b.reason = str(outcome.required_percent), outcome.passed, outcome.reason
            if old is None:
                s.add(b)
            s.flush()
            self._audit(s, "review_ballot", b.id, "update" if old else "create", changes)
        return outcome

    def _ballots(self, s: Session, meeting_id: int | None, year: int) -> dict[tuple[Subject, str], Ballot]:
        stmt = select(Ballot).join(ReviewMeeting, ReviewMeeting.id == Ballot.meeting_id).where(
            Ballot.deleted_at.is_(None), ReviewMeeting.deleted_at.is_(None), ReviewMeeting.year == year)
        if meeting_id is not None:
            stmt = stmt.where(Ballot.meeting_id == meeting_id)
        out = {}
        for b in s.scalars(stmt.order_by(ReviewMeeting.held_on, Ballot.id)):
            out[(_subj(b), b.title_code)] = b  # the latest meeting's tally wins
        return out

    # ---- decisions and proposals --------------------------------------------------------------
    def next_number(self, kind: str, signed_on: dt.date) -> int:
        """The number the next document of this kind signed in that year will get (a preview)."""
        with self._sf() as s:
            return self._next_number(s, kind, signed_on.year)

    def _next_number(self, s: Session, kind: str, year: int) -> int:
        register = _doc_register()
        if register is not None:
            row = s.get(register, (year, DOC_CODES[kind]))
            if row is not None:
                return row.next_number
        y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
        last = s.scalar(select(func.max(ReviewDecision.number)).where(
            ReviewDecision.kind == kind, ReviewDecision.signed_on.between(y0, y1),
            ReviewDecision.deleted_at.is_(None)))
        return int(last or 0) + 1

    def _take_number(self, s: Session, kind: str, year: int, number: int | None) -> int:
        """Reserve a number in the year's document register, in the decision's own transaction (the
        number is used only if the decision is saved). A number typed by the officer moves the
        register past it."""
        taken = number if number is not None else self._next_number(s, kind, year)
        register = _doc_register()
        if register is not None:
            row = s.get(register, (year, DOC_CODES[kind]))
            if row is None:
                row = register(year=year, type_code=DOC_CODES[kind], next_number=1)
                s.add(row)
            row.next_number = max(row.next_number, taken + 1)
        return taken

    def plan(self, year: int, signed_on: dt.date, meeting_id: int | None = None, include_warnings: bool = False,
             kind: str = "decision") -> "DecisionPlan":
        """What ``decide`` with the same arguments would put in the document and leave out, without
        writing anything: the window's confirmation counts from it."""
        if kind not in DOC_CODES:
            raise ValueError(kind)
        with self._sf() as s:
            result = check_year(s, year, self.catalog, signed_on)
            return _select(self.catalog, result, self._ballots(s, meeting_id, year), kind, include_warnings, None)

    def decide(self, year: int, signed_on: dt.date, signer_name: str, signer_title: str = "",
               authority_prefix: str = "TM.", number: int | None = None, meeting_id: int | None = None,
               include_warnings: bool = False, kind: str = "decision",
               only: Iterable[tuple[Subject, str]] | None = None) -> DecisionInfo:
        """Build and store the commune's award decision (kind "decision": titles the commune chairman
        decides, with bonuses) or the proposal to the province (kind "proposal": the rest).

        Included: candidates with no blocking finding (warnings only with ``include_warnings``, once
        the council has confirmed them), whose ballot passed where the catalog requires one (and
        whose recorded ballot, if any, passed). Everybody left out is listed with the reason.
        """
        if kind not in DOC_CODES:
            raise ValueError(kind)
        errors = {}
        signer_name = nfc(signer_name)
        if not signer_name:
            errors["signer_name"] = tr("Chưa nhập họ tên người ký.")
        if authority_prefix not in AUTHORITY_PREFIXES:
            errors["authority_prefix"] = tr("Thẩm quyền ký phải là một trong: {prefixes} hoặc để trống.").format(
                prefixes=", ".join(p for p in AUTHORITY_PREFIXES if p))
        if number is not None and (not isinstance(number, int) or number < 1):
            errors["number"] = tr("Số văn bản phải là số nguyên dương.")
        if errors:
            raise ValidationError(errors)
        cat = self.catalog
        wanted = set(only) if only is not None else None
        with self._sf() as s, s.begin():
            result = check_year(s, year, cat, signed_on)
            ballots = self._ballots(s, meeting_id, year)
            plan = _select(cat, result, ballots, kind, include_warnings, wanted)
            if not plan.chosen:
                raise UserError(plan.refusal(kind, year))
            chosen, left_out = plan.chosen, plan.left_out
            notes = []
            salary = cat.base_salary(signed_on) if kind == "decision" else None
            if salary is not None and not salary.verified:
                notes.append(f"Mức lương cơ sở {_money(salary.amount)} đồng ({salary.source}) chưa được xác minh "  # i18n: keep (stored in review_decision.note)
                             "bằng văn bản chính thức; kiểm tra trước khi ký.")
            if number is not None:
                clash = s.scalar(select(ReviewDecision.id).where(
                    ReviewDecision.kind == kind, ReviewDecision.number == number, ReviewDecision.deleted_at.is_(None),
                    ReviewDecision.signed_on.between(dt.date(signed_on.year, 1, 1), dt.date(signed_on.year, 12, 31))))
                if clash is not None:
                    raise ValidationError({"number": tr("Số {number} đã dùng cho văn bản khác năm {year}.").format(
                        number=number, year=signed_on.year)})
            number = self._take_number(s, kind, signed_on.year, number)
            if meeting_id is None:  # cite the year's latest meeting (its ballots were counted above)
                meeting_id = s.scalar(select(ReviewMeeting.id).where(
                    ReviewMeeting.year == year, ReviewMeeting.deleted_at.is_(None))
                    .order_by(ReviewMeeting.held_on.desc(), ReviewMeeting.id.desc()).limit(1))
            number_text = f"{number}/{DOC_CODES[kind]}-UBND"
            d = ReviewDecision(kind=kind, year=year, number=number, number_text=number_text, signed_on=signed_on,
                               signer_name=signer_name, signer_title=nfc(signer_title),
                               authority_prefix=authority_prefix, catalog_version=cat.version,
                               base_salary=salary.amount if salary else None,
                               base_salary_source=salary.source if salary else "", total_amount=0,
                               meeting_id=meeting_id, note="\n".join(notes))
            s.add(d)
            s.flush()
            rows: list[DecisionRowInfo] = []
            for i, c in enumerate(chosen, start=1):
                bonus = cat.bonus(c.title_code, signed_on) if kind == "decision" else None
                multiple = str(cat.title(c.title_code).bonus_multiple or "")
                amount = bonus.amount if bonus else 0
                st, sid = c.subject
                cols = {"person_id": sid if st == "person" else None,
                        "collective_id": sid if st == "collective" else None,
                        "household_id": sid if st == "household" else None}
                s.add(ReviewDecisionRow(decision_id=d.id, sort_order=i, title_code=c.title_code,
                                        subject_name=c.name, subject_detail=c.detail[:255],
                                        bonus_multiple=multiple, amount=amount, **cols))
                if kind == "decision":
                    s.add(AwardHistory(year=year, title_code=c.title_code, decision_no=number_text,
                                       decision_date=signed_on, level="xa", source="commune", decision_id=d.id,
                                       **cols))
                rows.append(DecisionRowInfo(st, sid, c.name, c.detail, c.title_code, c.title_name, multiple, amount))
            d.total_amount = sum(r.amount for r in rows)
            self._audit(s, "review_decision", d.id, "create",
                        {"number_text": [None, number_text], "rows": [None, len(rows)],
                         "total_amount": [None, d.total_amount], "catalog_version": [None, cat.version]})
            return DecisionInfo(d.id, kind, year, number, number_text, signed_on, signer_name, d.signer_title,
                                authority_prefix, cat.version, d.base_salary, d.base_salary_source, d.total_amount,
                                rows, left_out, notes, meeting_id)

    def decisions(self, year: int | None = None) -> list[DecisionInfo]:
        with self._sf() as s:
            stmt = select(ReviewDecision).where(ReviewDecision.deleted_at.is_(None))
            if year is not None:
                stmt = stmt.where(ReviewDecision.year == year)
            out = []
            for d in s.scalars(stmt.order_by(ReviewDecision.signed_on, ReviewDecision.id)):
                rows = [DecisionRowInfo(*_subj(r), r.subject_name, r.subject_detail, r.title_code,
                                        self.catalog.title_name(r.title_code), r.bonus_multiple, r.amount)
                        for r in s.scalars(select(ReviewDecisionRow).where(ReviewDecisionRow.decision_id == d.id)
                                           .order_by(ReviewDecisionRow.sort_order))]
                out.append(DecisionInfo(d.id, d.kind, d.year, d.number, d.number_text, d.signed_on, d.signer_name,
                                        d.signer_title, d.authority_prefix, d.catalog_version, d.base_salary,
                                        d.base_salary_source, d.total_amount, rows,
                                        notes=[n for n in d.note.split("\n") if n], meeting_id=d.meeting_id))
            return out

    # ---- award history ------------------------------------------------------------------------
    def _check_history(self, subject: Subject, year: Any, title_code: str, source: str) -> Title:
        cat = self.catalog
        errors = {}
        t = cat.titles.get(title_code)
        if t is None:
            errors["title_code"] = tr("Danh mục {version} không có danh hiệu, hình thức mã “{code}”.").format(
                version=cat.version, code=title_code)
        elif subject[0] not in t.for_:
            errors["title_code"] = tr("{title} không dành cho {subject}.").format(title=t.name,
                                                                                subject=_subject_word(subject[0]))
        if source not in SOURCE_LABELS:
            errors["source"] = tr("Nguồn phải là: commune, earlier hoặc province.")
        if isinstance(year, bool) or not isinstance(year, int) or not 1945 <= year <= dt.date.today().year + 1:
            errors["year"] = tr("Năm {year} không hợp lệ.").format(year=year)
        if errors:
            raise ValidationError(errors)
        return t  # type: ignore[return-value]

    def add_history(self, subject: Subject, year: int, title_code: str, decision_no: str = "",
                    decision_date: dt.date | None = None, source: str = "earlier", note: str = "",
                    achievement_id: int | None = None) -> int:
        """Enter an award received earlier (or decided by the province) so that consecutive-year
        rules can see it."""
        t = self._check_history(subject, year, title_code, source)
        with self._sf() as s, s.begin():
            return self._add_history(s, t, subject, year, decision_no, decision_date, source, note, achievement_id)

    def _add_history(self, s: Session, t: Title, subject: Subject, year: int, decision_no: str,
                     decision_date: dt.date | None, source: str, note: str, achievement_id: int | None) -> int:
        title_code = t.code
        st, sid = subject
        model = {"person": Person, "collective": Collective, "household": Household}[st]
        cols = {"person_id": sid if st == "person" else None, "collective_id": sid if st == "collective" else None,
                "household_id": sid if st == "household" else None}
        obj = s.get(model, sid)
        if obj is None or obj.deleted_at is not None:
            raise NotFoundError(tr("Không tìm thấy {subject} mã {id}.").format(subject=_subject_word(st), id=sid))
        dup = s.scalar(select(AwardHistory.id).where(
            AwardHistory.deleted_at.is_(None), AwardHistory.year == year, AwardHistory.title_code == title_code,
            *[getattr(AwardHistory, k).is_(None) if v is None else getattr(AwardHistory, k) == v
              for k, v in cols.items()]))
        if dup is not None:
            raise ValidationError({"year": tr("Đã có {title} năm {year} trong lịch sử khen thưởng của đối tượng này.")
                                   .format(title=t.name, year=year)})
        a = AwardHistory(year=year, title_code=title_code, decision_no=nfc(decision_no), decision_date=decision_date,
                         level=t.level, source=source, note=nfc(note), achievement_id=achievement_id, **cols)
        s.add(a)
        s.flush()
        self._audit(s, "award_history", a.id, "create",
                    {"title_code": [None, title_code], "year": [None, year], "decision_no": [None, decision_no]})
        return a.id

    def history(self, subject: Subject) -> list[dict]:
        st, sid = subject
        col = {"person": AwardHistory.person_id, "collective": AwardHistory.collective_id,
               "household": AwardHistory.household_id}[st]
        with self._sf() as s:
            return [{"id": a.id, "year": a.year, "title_code": a.title_code,
                     "title_name": self.catalog.title_name(a.title_code), "decision_no": a.decision_no,
                     "decision_date": a.decision_date, "level": a.level, "source": a.source,
                     "source_label": tr(SOURCE_LABELS[a.source]) if a.source in SOURCE_LABELS else a.source}
                    for a in s.scalars(select(AwardHistory).where(col == sid, AwardHistory.deleted_at.is_(None))
                                       .order_by(AwardHistory.year, AwardHistory.id))]

    def import_history_csv(self, path: Path) -> int:
        """Import earlier years' awards from a CSV file (UTF-8, comma separated) with the header
        ``loai,ma_dinh_danh,ho_ten,nam,ma_danh_hieu,so_quyet_dinh,ngay_quyet_dinh``; ``loai`` is
        person/collective, a person is found by CCCD (ma_dinh_danh) or else by exact name, a
        collective by name. The whole file is refused if one row is wrong, naming the row."""
        from desktop.core.records import parse_date

        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise UserError(tr("Không đọc được tệp {path}: {error}.").format(path=path, error=exc)) from None
        reader = csv.DictReader(text.splitlines())
        need = {"loai", "ho_ten", "nam", "ma_danh_hieu"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise UserError(tr("Tệp {path} thiếu cột: {columns}.").format(
                path=path, columns=", ".join(sorted(need - set(reader.fieldnames or [])))))
        with self._sf() as s:
            persons_by_cccd = {r.cccd: r.id for r in s.execute(select(Person.id, Person.cccd).where(
                Person.deleted_at.is_(None), Person.cccd.is_not(None)))}
            persons_by_name: dict[str, list[int]] = defaultdict(list)
            for r in s.execute(select(Person.id, Person.full_name).where(Person.deleted_at.is_(None))):
                persons_by_name[fold(r.full_name)].append(r.id)
            coll_by_name: dict[str, list[int]] = defaultdict(list)
            for r in s.execute(select(Collective.id, Collective.name).where(Collective.deleted_at.is_(None))):
                coll_by_name[fold(r.name)].append(r.id)
        planned = []
        for n, row in enumerate(reader, start=2):
            kind = (row.get("loai") or "").strip()
            name = nfc(row.get("ho_ten") or "")
            ident = (row.get("ma_dinh_danh") or "").strip()
            if kind == "person":
                ids = [persons_by_cccd[ident]] if ident in persons_by_cccd else persons_by_name.get(fold(name), [])
            elif kind == "collective":
                ids = coll_by_name.get(fold(name), [])
            else:
                raise UserError(tr("Dòng {row}: cột “loai” phải là person hoặc collective.").format(row=n))
            if not ids:
                text = tr("Dòng {row}: không tìm thấy đối tượng “{name}” (hãy ghi số CCCD).") if kind == "person" \
                    else tr("Dòng {row}: không tìm thấy đối tượng “{name}”.")
                raise UserError(text.format(row=n, name=one_line(name, 60)))
            if len(ids) > 1:
                text = tr("Dòng {row}: có nhiều hơn một đối tượng “{name}” (hãy ghi số CCCD).") if kind == "person" \
                    else tr("Dòng {row}: có nhiều hơn một đối tượng “{name}”.")
                raise UserError(text.format(row=n, name=one_line(name, 60)))
            for column in ("so_quyet_dinh", "ma_danh_hieu"):  # stored: the text rule, as in the forms
                problem = text_problem(nfc(row.get(column) or ""), translate=True)
                if problem:
                    raise UserError(tr("Dòng {row}, cột “{column}”: {problem}.").format(row=n, column=column,
                                                                                    problem=problem))
            try:
                year_text = (row.get("nam") or "").strip()
                if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):  # not "٢٠٢٦"
                    raise ValueError(tr("năm “{year}” phải là 4 chữ số.").format(year=one_line(year_text, 12)))
                year = int(year_text)
                ddate = parse_date(row.get("ngay_quyet_dinh") or "")
            except ValueError as exc:
                raise UserError(tr("Dòng {row}: {problem}").format(row=n, problem=exc)) from None
            planned.append(((kind, ids[0]), year, (row.get("ma_danh_hieu") or "").strip(),
                            row.get("so_quyet_dinh") or "", ddate, n))
        count = 0
        with self._sf() as s, s.begin():  # all rows or none
            for subject, year, code, no, ddate, row_no in planned:
                try:
                    t = self._check_history(subject, year, code, "earlier")
                    self._add_history(s, t, subject, year, no, ddate, "earlier", "", None)
                except UserError as exc:
                    raise UserError(tr("Dòng {row}: {problem} Chưa nhập dòng nào của tệp.").format(
                        row=row_no, problem=exc.message)) from None
                count += 1
        return count


__all__ = ["TieRule", "tie_rule", "tie_priority", "rank_key", "Review", "ReviewResult", "Candidate", "Finding", "BallotOutcome", "DecisionInfo", "MeetingInfo",
           "check_year", "tally", "OK", "BLOCKED", "WARNING", "DECIDED", "DecisionPlan", "STATUS_LABELS", "AUTHORITY_PREFIXES"]
