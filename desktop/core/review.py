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

from desktop.core import choices as C
from desktop.core.catalog import DISCIPLINE_ORDER, RATING_ORDER, Catalog, Title, load_catalog
from desktop.core.errors import NotFoundError, UserError, ValidationError
from desktop.core.text import fold, nfc
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
STATUS_LABELS = {OK: "Đủ điều kiện", WARNING: "Hội đồng cần xem xét", BLOCKED: "Chưa đủ điều kiện"}
SUBJECT_LABELS = dict(C.SUBJECT_TYPE)
AUTHORITY_PREFIXES = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")
SOURCE_LABELS = {"commune": "Quyết định của xã", "earlier": "Nhập bổ sung (năm trước)",
                 "province": "Quyết định của cấp trên"}
DOC_CODES = {"decision": "QĐ", "proposal": "TTr"}

Subject = tuple[str, int]


def _worst(statuses: Iterable[str]) -> str:
    s = set(statuses)
    return BLOCKED if BLOCKED in s else WARNING if WARNING in s else OK


def _pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",").replace(",0", "") + " %"


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _names(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" và {len(items) - limit} người khác" if len(items) > limit else "")


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

    def summary(self) -> str:
        bad = [f.reason for f in self.findings if f.status == self.status and f.status != OK]
        return "; ".join(bad) if bad else "Đạt các tiêu chuẩn của danh mục."

    def as_dict(self) -> dict:
        return {
            "subject": {"type": self.subject_type, "id": self.subject_id, "name": self.name, "detail": self.detail},
            "title": {"code": self.title_code, "name": self.title_name, "decided_by": self.authority,
                      "level": self.level},
            "registered": self.registered,
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
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

    def as_dict(self) -> dict:
        return {"year": self.year, "reference_date": self.on.isoformat(), "catalog_version": self.catalog_version,
                "base_salary_version": self.salary_version,
                "counts": {s: sum(1 for c in self.candidates if c.status == s) for s in (OK, WARNING, BLOCKED)},
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
            return p.full_name if p else f"(cá nhân mã {i})"
        if t == "collective":
            c = self.collectives.get(i)
            return c.name if c else f"(tập thể mã {i})"
        h = self.households.get(i)
        return f"Hộ ông/bà {h.head_name}" if h else f"(hộ mã {i})"

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
            return [Finding("has_title", BLOCKED, "Tiêu chuẩn của danh hiệu tham chiếu vòng tròn trong danh mục.", "")]
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
            return [Finding("catalog", BLOCKED, f"Danh mục phiên bản {cat.version} không có danh hiệu, "
                                                f"hình thức mã “{code}”.", "")]
        if subj[0] not in t.for_:
            allowed = ", ".join(SUBJECT_LABELS[x].lower() for x in t.for_)
            return [Finding("catalog", BLOCKED, f"{t.name} chỉ dành cho {allowed}.", t.source)]
        if not self.data.exists(subj):
            return [Finding("catalog", BLOCKED, "Đối tượng không còn trong dữ liệu (có thể đã bị xóa).", "")]
        out: list[Finding] = []
        if self.on < t.valid_from:
            out.append(Finding("valid_from", BLOCKED,
                               f"Tiêu chuẩn {t.name} trong danh mục {cat.version} áp dụng từ ngày "
                               f"{t.valid_from:%d/%m/%Y}, sau ngày xét {self.on:%d/%m/%Y}.", t.source))
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
                what = "; ".join(C.label(C.DISCIPLINE_STATUS, d.status)
                                 + (f" từ ngày {d.start:%d/%m/%Y}" if d.start else "") for d in pending)
                return Finding(rid, BLOCKED, f"{what}: chưa xét khen thưởng cho đến khi có kết luận.", src)
            if subj[0] == "household":
                return None
            return Finding(rid, OK, "Không đang bị xem xét kỷ luật, điều tra, khiếu nại.", src)
        if rid == "not_already_awarded":
            a = self.data.award(subj, t.code, self.year)
            if a is not None:
                no = f" ({a.decision_no})" if a.decision_no else ""
                return Finding(rid, BLOCKED, f"Đã được tặng {t.name} năm {self.year}{no}; "
                                             "một thành tích chỉ khen thưởng một lần.", src)
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
                    return WARNING, (f"Thành phần {C.label(C.PERSON_CATEGORY, cat)} không xếp loại chất lượng: "
                                     "Hội đồng xác nhận lao động, sản xuất có hiệu quả, chấp hành tốt chính sách, "
                                     "pháp luật và tích cực tham gia phong trào thi đua.")
            level = rule.get("if_missing", BLOCKED)
            return level, f"Chưa có kết quả xếp loại năm {self.year} (yêu cầu từ “{need_label}” trở lên)."
        got_label = C.label(C.RATING, got)
        if RATING_ORDER.get(got, -1) >= RATING_ORDER[need]:
            return OK, f"Xếp loại năm {self.year}: {got_label} (yêu cầu từ “{need_label}” trở lên)."
        return BLOCKED, f"Xếp loại năm {self.year}: {got_label}, chưa đạt mức “{need_label}”."

    def _r_consecutive_years_rating(self, rule, subj, t):
        need, n = rule["min"], rule["years"]
        years = list(range(self.year - n + 1, self.year + 1))
        missing = [y for y in years if self._rating(subj, y) is None]
        low = [y for y in years if y not in missing and RATING_ORDER.get(self._rating(subj, y), -1) < RATING_ORDER[need]]
        need_label = C.label(C.RATING, need)
        span = f"{n} năm liên tục ({_years(years)})" if n > 1 else f"năm {self.year}"
        if low:
            return BLOCKED, f"Chưa đạt “{need_label}” {span}: năm {_years(low)} xếp loại thấp hơn."
        if missing:
            return rule.get("if_missing", BLOCKED), f"Chưa có kết quả xếp loại năm {_years(missing)} (yêu cầu “{need_label}” {span})."
        return OK, f"Đạt “{need_label}” {span}."

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
        level = C.label(C.DISCIPLINE_LEVEL, d.level).lower() or "(chưa ghi hình thức)"
        no = f" ({d.decision_no})" if d.decision_no else ""
        if d.start is None:
            return f"Bị kỷ luật {level}{no}, không ghi ngày"
        if d.start.year == self.year:
            return f"Bị kỷ luật {level} ngày {d.start:%d/%m/%Y}{no} trong năm {self.year}"
        until = f" đến ngày {d.end:%d/%m/%Y}" if d.end else ", chưa ghi ngày hết hiệu lực"
        return f"Bị kỷ luật {level} từ ngày {d.start:%d/%m/%Y}{no}{until}, còn hiệu lực trong năm {self.year}"

    def _r_no_discipline(self, rule, subj, t):
        level_label = C.label(C.DISCIPLINE_LEVEL, rule["min_level"]).lower()
        found = self._discipline_in_year(subj, rule["min_level"])
        if found:
            st, d = found[0]
            return st, self._discipline_text(d) + ("." if st == BLOCKED else ": Hội đồng xem xét.")
        return OK, f"Không bị kỷ luật từ hình thức {level_label} trở lên trong năm {self.year}."

    def _members(self, subj: Subject) -> list[int]:
        return self.data.members.get(subj[1], []) if subj[0] == "collective" else []

    def _no_members(self, subj):
        return BLOCKED, "Tập thể chưa có thành viên nào trong dữ liệu (cá nhân có “Đơn vị công tác” là tập thể này)."

    def _r_members_no_discipline(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        level_label = C.label(C.DISCIPLINE_LEVEL, rule["min_level"]).lower()
        hits = [(m, self._discipline_in_year(("person", m), rule["min_level"])) for m in members]
        hard = [self.data.persons[m].full_name for m, f in hits if f and f[0][0] == BLOCKED]
        soft = [self.data.persons[m].full_name for m, f in hits if f and f[0][0] == WARNING]
        if hard:
            return BLOCKED, f"Có {len(hard)} thành viên bị kỷ luật từ {level_label} trở lên trong năm {self.year}: {_names(hard)}."
        if soft:
            return WARNING, (f"Có {len(soft)} thành viên đang trong thời hạn kỷ luật từ {level_label} trở lên "
                             f"(quyết định từ năm trước): {_names(soft)}. Hội đồng xem xét.")
        return OK, f"Không thành viên nào bị kỷ luật từ hình thức {level_label} trở lên trong năm {self.year}."

    def _r_has_title(self, rule, subj, t):
        code = rule["title"]
        name = self.catalog.title_name(code)
        a = self.data.award(subj, code, self.year)
        if a is not None:
            return OK, f"Đã được công nhận {name} năm {self.year}" + (f" ({a.decision_no})." if a.decision_no else ".")
        inner = self.findings(subj, code)
        st = _worst(f.status for f in inner)
        if st == OK:
            return OK, f"Đủ tiêu chuẩn {name} năm {self.year}."
        why = "; ".join(f.reason for f in inner if f.status == st)
        if st == WARNING:
            return WARNING, f"{name}: cần Hội đồng xác nhận ({why})"
        return BLOCKED, f"Chưa đủ tiêu chuẩn {name}: {why}"

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
        text = f"{ok}/{n} thành viên {what} ({_pct(share)}), yêu cầu từ {_pct(need)}"
        if share + 1e-9 >= need:
            return OK, text + "."
        if upper + 1e-9 >= need:
            return WARNING, f"{text}; thêm {maybe} thành viên {maybe_note} thì đạt ({_pct(upper)})."
        names = [self.data.persons[m].full_name for m in failing]
        return BLOCKED, f"{text}: chưa đạt. Chưa đạt gồm: {_names(names)}."

    def _r_members_share_with_title(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        code = rule["title"]
        ok, maybe, failing = self._share(members, lambda m: self.state(("person", m), code))
        return self._share_outcome(f"đạt {self.catalog.title_name(code)}", len(members), ok, maybe,
                                   float(rule["min_percent"]), failing, "cần Hội đồng xác nhận")

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
        return self._share_outcome(f"xếp loại từ “{C.label(C.RATING, need)}” trở lên năm {self.year}", len(members),
                                   ok, maybe, float(rule["min_percent"]), failing, "chưa có kết quả xếp loại")

    def _r_members_count_with_title(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        code, need = rule["title"], rule["min_count"]
        ok, maybe, _ = self._share(members, lambda m: self.state(("person", m), code))
        name = self.catalog.title_name(code)
        if ok >= need:
            return OK, f"Có {ok} thành viên đạt {name} năm {self.year} (yêu cầu ít nhất {need})."
        if ok + maybe >= need:
            return WARNING, f"Có {ok} thành viên chắc chắn đạt {name}, {maybe} thành viên cần Hội đồng xác nhận (yêu cầu ít nhất {need})."
        return BLOCKED, f"Chưa có đủ {need} thành viên đạt {name} năm {self.year} (hiện có {ok})."

    def _r_consecutive_years(self, rule, subj, t):
        code, n = rule["title"], rule["years"]
        name = self.catalog.title_name(code)
        years = list(range(self.year - n + 1, self.year + 1))
        missing, pending = [], []
        for y in years[:-1]:
            if self.data.award(subj, code, y) is None:
                missing.append(y)
        cur = self.state(subj, code)
        current_note = ""
        if self.data.award(subj, code, self.year) is None:
            if cur == BLOCKED:
                missing.append(self.year)
            else:
                current_note = f"; năm {self.year} đủ tiêu chuẩn trong đợt bình xét này"
                if cur == WARNING:
                    pending.append(self.year)
        if missing:
            have = [y for y in years if y not in missing]
            have_text = f"có năm {_years(have)}" if have else "chưa có năm nào"
            return BLOCKED, (f"Chưa đủ {n} năm liên tục {name} ({_years(years)}): {have_text}, "
                             f"thiếu năm {_years(missing)} trong lịch sử khen thưởng.")
        if pending:
            return WARNING, f"{n} năm liên tục {name} ({_years(years)}) nếu Hội đồng xác nhận năm {self.year}."
        return OK, f"Đạt {name} {n} năm liên tục ({_years(years)}){current_note}."

    def _r_initiative(self, rule, subj, t):
        if subj[0] != "person":
            return BLOCKED, "Tiêu chuẩn sáng kiến chỉ áp dụng cho cá nhân."
        n_years = rule.get("years", 1)
        first = self.year - n_years + 1
        kinds = " hoặc ".join(C.label(C.INITIATIVE_KIND, k).lower() for k in rule["kinds"])
        scopes = ", ".join(C.label(C.INITIATIVE_SCOPE, s).lower() for s in rule["scopes"])
        found = [i for i in self.data.initiatives.get(subj[1], ())
                 if i.kind in rule["kinds"] and i.scope in rule["scopes"] and first <= i.year <= self.year]
        span = f"năm {self.year}" if n_years == 1 else f"từ năm {first} đến {self.year}"
        if len(found) >= rule["min_count"]:
            shown = "; ".join(f"“{i.title}” ({i.year}, {C.label(C.INITIATIVE_SCOPE, i.scope).lower()})" for i in found[:3])
            return OK, f"Có {len(found)} {kinds} được công nhận ({scopes}) {span}: {shown}."
        return BLOCKED, (f"Cần ít nhất {rule['min_count']} {kinds} được công nhận ({scopes}) {span}; "
                         f"hiện có {len(found)}.")

    def _r_achievement_not_rewarded(self, rule, subj, t):
        items = self.data.achievements.get(subj, [])
        need = rule.get("min_count", 1)
        if not items:
            return BLOCKED, f"Chưa có thành tích nào năm {self.year} trong dữ liệu."
        free = [a for a in items if a.id not in self.data.rewarded_achievements]
        if len(free) >= need:
            return OK, f"Có {len(free)} thành tích năm {self.year} chưa được khen thưởng: “{free[0].description[:80]}”."
        used = [self.data.rewarded_achievements[a.id] for a in items if a.id in self.data.rewarded_achievements]
        prev = "; ".join(f"{self.catalog.title_name(u.code)}" + (f" ({u.decision_no})" if u.decision_no else "")
                         for u in used[:3])
        return BLOCKED, f"Các thành tích năm {self.year} đã được khen thưởng ({prev}); một thành tích chỉ khen một lần."

    def _r_collective_kind(self, rule, subj, t):
        if subj[0] != "collective":
            return BLOCKED, "Chỉ áp dụng cho tập thể."
        kind = self.data.collectives[subj[1]].kind
        allowed = ", ".join(C.label(C.COLLECTIVE_KIND, k) for k in rule["kinds"])
        if kind in rule["kinds"]:
            return OK, f"Loại tập thể: {C.label(C.COLLECTIVE_KIND, kind)}."
        return BLOCKED, f"Chỉ dành cho: {allowed}; tập thể này thuộc loại {C.label(C.COLLECTIVE_KIND, kind)}."

    def _r_manual(self, rule, subj, t):
        return WARNING, rule["text"]

    def _sub(self, rule, subj, t) -> list[tuple[str, str]]:
        return [getattr(self, "_r_" + r["rule"])(r, subj, t) for r in rule["rules"]
                if "for" not in r or subj[0] in r["for"]]

    def _r_any_of(self, rule, subj, t):
        results = self._sub(rule, subj, t)
        label = rule.get("label", "Đạt một trong các tiêu chuẩn")
        for want in (OK, WARNING):
            hits = [r for st, r in results if st == want]
            if hits:
                return want, f"{label}: {hits[0]}"
        return BLOCKED, f"Chưa đạt tiêu chuẩn nào trong số: {label.lower()}. " + " ".join(r for _, r in results)

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
        return (f"Khi bằng nhau, ưu tiên cá nhân nữ, tập thể có từ {_pct(self.women_percent)} thành viên là nữ "
                f"({self.source}).")


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
        return "Nữ" if p is not None and p.sex == "nu" else ""
    if t == "collective":
        members = data.members.get(i, [])
        if not members:
            return ""
        women = sum(1 for m in members if data.persons[m].sex == "nu")
        share = 100.0 * women / len(members)
        return f"Tập thể {_pct(share)} nữ" if share + 1e-9 >= rule.women_percent else ""
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
        base = sum(1 for c in cands if c.title_code == t.cap["of"] and c.status == OK)
        mine = [c for c in cands if c.title_code == t.code and c.status == OK]
        limit = math.floor(base * t.cap["percent"] / 100)
        if len(mine) > limit:
            reason = (f"Có {len(mine)} người đủ tiêu chuẩn {t.name}, vượt giới hạn {t.cap['percent']} % số đạt "
                      f"{catalog.title_name(t.cap['of'])} ({base} người): Hội đồng chỉ chọn tối đa {limit}."
                      + (f" {ties.text()}" if ties else ""))
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
            errors[name] = "Số phiếu phải là số nguyên không âm."
    if isinstance(members_total, bool) or not isinstance(members_total, int) or members_total < 1:
        errors["members_total"] = "Hội đồng phải có ít nhất một thành viên."
    if not errors and yes + no + invalid > members_total:
        errors["yes"] = (f"Tổng số phiếu ({yes + no + invalid}) nhiều hơn số thành viên Hội đồng ({members_total}). "
                         "Hãy kiểm tra lại biên bản kiểm phiếu.")
    if errors:
        raise ValidationError(errors)
    required = math.ceil(Decimal(members_total) * rule.min_percent / 100 - Decimal("1e-9"))
    share = 100.0 * yes / members_total
    kind = "bỏ phiếu kín" if rule.secret else "biểu quyết"
    base = (f"{yes}/{members_total} phiếu đồng ý ({_pct(share)} tổng số thành viên Hội đồng); {t.name} cần "
            f"{kind} đạt từ {_pct(float(rule.min_percent))} tổng số thành viên, tức ít nhất {required} phiếu")
    passed = yes >= required
    reason = ("Đạt: " if passed else "Không đạt: ") + base + "."
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


class Review:
    """Use cases of the year-end review. ``actor`` goes into the change history."""

    def __init__(self, session_factory: Callable[[], Session], actor: str = "", catalog: Catalog | None = None):
        self._sf = session_factory
        self.actor = actor or "Không rõ"
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
            raise UserError("Chưa có thành viên Hội đồng Thi đua - Khen thưởng. Hãy nhập danh sách Hội đồng trước.")
        ids = {m[0] for m in members}
        unknown = (present | written) - ids
        if unknown:
            raise ValidationError({"attendance": f"Không tìm thấy thành viên Hội đồng mã {sorted(unknown)}."})
        both = present & written
        if both:
            raise ValidationError({"attendance": "Thành viên có mặt thì bỏ phiếu tại cuộc họp, không ghi là bỏ phiếu bằng văn bản."})
        if not present:
            raise ValidationError({"attendance": "Chưa đánh dấu thành viên nào có mặt."})
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
                raise NotFoundError("Không tìm thấy cuộc họp Hội đồng.")
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
            raise ValidationError({"yes": f"Có {cast} phiếu nhưng chỉ {info.voting} thành viên có mặt hoặc bỏ phiếu "
                                          "bằng văn bản. Hãy kiểm tra lại biên bản kiểm phiếu."})
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
            errors["signer_name"] = "Chưa nhập họ tên người ký."
        if authority_prefix not in AUTHORITY_PREFIXES:
            errors["authority_prefix"] = f"Thẩm quyền ký phải là một trong: {', '.join(p for p in AUTHORITY_PREFIXES if p)} hoặc để trống."
        if number is not None and (not isinstance(number, int) or number < 1):
            errors["number"] = "Số văn bản phải là số nguyên dương."
        if errors:
            raise ValidationError(errors)
        cat = self.catalog
        wanted = set(only) if only is not None else None
        with self._sf() as s, s.begin():
            result = check_year(s, year, cat, signed_on)
            ballots = self._ballots(s, meeting_id, year)
            chosen: list[Candidate] = []
            left_out: list[tuple[str, str, str]] = []
            for c in result.candidates:
                if c.commune_decides != (kind == "decision"):
                    continue
                if wanted is not None and (c.subject, c.title_code) not in wanted:
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
                                     f"Chưa có kết quả bỏ phiếu kín; {t.name} cần đạt từ {_pct(float(rule.min_percent))} "
                                     f"tổng số thành viên Hội đồng ({rule.source})."))
                    continue
                chosen.append(c)
            if not chosen:
                what = "quyết định khen thưởng" if kind == "decision" else "tờ trình đề nghị cấp trên"
                detail = "\n".join(f"- {n} – {t}: {r}" for n, t, r in left_out[:10])
                raise UserError(f"Không có đối tượng nào đủ điều kiện đưa vào {what} năm {year}."
                                + (f"\n{detail}" if detail else ""))
            notes = []
            salary = cat.base_salary(signed_on) if kind == "decision" else None
            if salary is not None and not salary.verified:
                notes.append(f"Mức lương cơ sở {_money(salary.amount)} đồng ({salary.source}) chưa được xác minh "
                             "bằng văn bản chính thức; kiểm tra trước khi ký.")
            if number is not None:
                clash = s.scalar(select(ReviewDecision.id).where(
                    ReviewDecision.kind == kind, ReviewDecision.number == number, ReviewDecision.deleted_at.is_(None),
                    ReviewDecision.signed_on.between(dt.date(signed_on.year, 1, 1), dt.date(signed_on.year, 12, 31))))
                if clash is not None:
                    raise ValidationError({"number": f"Số {number} đã dùng cho văn bản khác năm {signed_on.year}."})
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
            errors["title_code"] = f"Danh mục {cat.version} không có danh hiệu, hình thức mã “{title_code}”."
        elif subject[0] not in t.for_:
            errors["title_code"] = f"{t.name} không dành cho {SUBJECT_LABELS.get(subject[0], subject[0]).lower()}."
        if source not in SOURCE_LABELS:
            errors["source"] = "Nguồn phải là: commune, earlier hoặc province."
        if isinstance(year, bool) or not isinstance(year, int) or not 1945 <= year <= dt.date.today().year + 1:
            errors["year"] = f"Năm {year} không hợp lệ."
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
            raise NotFoundError(f"Không tìm thấy {SUBJECT_LABELS[st].lower()} mã {sid}.")
        dup = s.scalar(select(AwardHistory.id).where(
            AwardHistory.deleted_at.is_(None), AwardHistory.year == year, AwardHistory.title_code == title_code,
            *[getattr(AwardHistory, k).is_(None) if v is None else getattr(AwardHistory, k) == v
              for k, v in cols.items()]))
        if dup is not None:
            raise ValidationError({"year": f"Đã có {t.name} năm {year} trong lịch sử khen thưởng của đối tượng này."})
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
                     "source_label": SOURCE_LABELS.get(a.source, a.source)}
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
            raise UserError(f"Không đọc được tệp {path}: {exc}.") from None
        reader = csv.DictReader(text.splitlines())
        need = {"loai", "ho_ten", "nam", "ma_danh_hieu"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise UserError(f"Tệp {path} thiếu cột: {', '.join(sorted(need - set(reader.fieldnames or [])))}.")
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
            where = f"Dòng {n}"
            kind = (row.get("loai") or "").strip()
            name = nfc(row.get("ho_ten") or "")
            ident = (row.get("ma_dinh_danh") or "").strip()
            if kind == "person":
                ids = [persons_by_cccd[ident]] if ident in persons_by_cccd else persons_by_name.get(fold(name), [])
            elif kind == "collective":
                ids = coll_by_name.get(fold(name), [])
            else:
                raise UserError(f"{where}: cột “loai” phải là person hoặc collective.")
            if len(ids) != 1:
                raise UserError(f"{where}: {'không tìm thấy' if not ids else 'có nhiều hơn một'} đối tượng “{name}”"
                                + (" (hãy ghi số CCCD)." if kind == "person" else "."))
            try:
                year = int((row.get("nam") or "").strip())
                ddate = parse_date(row.get("ngay_quyet_dinh") or "")
            except ValueError as exc:
                raise UserError(f"{where}: {exc}") from None
            planned.append(((kind, ids[0]), year, (row.get("ma_danh_hieu") or "").strip(),
                            row.get("so_quyet_dinh") or "", ddate, where))
        count = 0
        with self._sf() as s, s.begin():  # all rows or none
            for subject, year, code, no, ddate, where in planned:
                try:
                    t = self._check_history(subject, year, code, "earlier")
                    self._add_history(s, t, subject, year, no, ddate, "earlier", "", None)
                except UserError as exc:
                    raise UserError(f"{where}: {exc.message} Chưa nhập dòng nào của tệp.") from None
                count += 1
        return count


__all__ = ["TieRule", "tie_rule", "tie_priority", "rank_key", "Review", "ReviewResult", "Candidate", "Finding", "BallotOutcome", "DecisionInfo", "MeetingInfo",
           "check_year", "tally", "OK", "BLOCKED", "WARNING", "STATUS_LABELS", "AUTHORITY_PREFIXES"]
