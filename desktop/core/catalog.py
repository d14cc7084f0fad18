"""The versioned catalog of titles and award forms, and the dated base salary (Qt-free).

Both are data under resources/catalog/ (titles.json, base_salary.json), edited by a maintainer when a
decree changes; see docs/catalog.md. The loader checks every entry and refuses a malformed file with a
message that names the entry and what is wrong, so a bad edit never reaches a review.

Criteria are rules named by id with parameters (``{"rule": "rating_at_least", "min": "tot"}``); the
eligibility engine (desktop/core/review/engine.py) implements each id. ``RULES`` below lists the ids and
their parameters: a catalog naming an unknown rule or a wrong parameter is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from desktop.core import choices as C
from desktop.shared.errors import UserError
from desktop.shared.fmt import percent
from desktop.shared.i18n import tr
from desktop.shared.paths import resources_dir

TITLES_FILE = "titles.json"
SALARY_FILE = "base_salary.json"
SUPPORTED_FORMAT = 3
READABLE_FORMATS = (2, 3)   # format 3 adds keys to 2; a format-2 file (an older archived catalog) still loads
SUBJECT_TYPES = ("person", "collective", "household")
TITLE_KINDS = ("danh_hieu", "hinh_thuc")
FINDING_LEVELS = ("blocked", "warning")
TIE_BREAK_KEYS = ("prefer_women", "collective_women_min_percent", "source", "note")
COMPARES = ("more_than", "at_least", "at_most")      # how a share rule compares with its percent
COUNCILS = ("xa", "tinh", "cum_khoi")               # who applies a ballot rule: the commune council, ...
LEVELS = ("xa", "tinh", "trung_uong", "khac")      # khac: decided by another body (its own act)
AUTHORITY_RULE_KEYS = ("employer_kinds", "categories", "collective_kinds", "decided_by", "instead", "source", "note")
COUNCIL_KEYS = ("quorum", "chair_required", "secretary_required", "source", "note", "ballot_slip")
BALLOT_SLIP_KEYS = ("how_to_mark", "invalid", "source", "note")
QUORUM_KEYS = ("min_fraction", "counts_written_votes", "source", "note")

RATING_ORDER = {code: i for i, (code, _) in enumerate(reversed(C.RATING))}  # higher is better
DISCIPLINE_ORDER = {code: i for i, (code, _) in enumerate(C.DISCIPLINE_LEVEL)}  # higher is heavier


class CatalogError(UserError):
    """The catalog files cannot be used; the message says which entry and why."""


# --------------------------------------------------------------------------- rule parameter specs

# parameter -> (kind, required). kinds: rating, discipline_level, title, percent, count, years,
# text, categories, initiative_kinds, initiative_scopes, collective_kinds, statuses, rules, level
_COMMON = {"source": ("text", False), "for": ("subject_types", False), "label": ("text", False),
           "note": ("text", False)}
RULES: dict[str, dict[str, tuple[str, bool]]] = {
    "rating_at_least": {"min": ("rating", True), "categories": ("categories", False),
                        "if_missing": ("level", False)},
    "consecutive_years_rating": {"min": ("rating", True), "years": ("years", True),
                                 "if_missing": ("level", False)},
    "no_discipline": {"min_level": ("discipline_level", True)},
    "members_no_discipline": {"min_level": ("discipline_level", True)},
    "has_title": {"title": ("title", True)},
    "members_share_with_title": {"title": ("title", True), "min_percent": ("percent", True),
                                 "compare": ("compare", False)},
    "members_share_rating": {"min": ("rating", True), "min_percent": ("percent", True), "compare": ("compare", False)},
    "employed_months": {"min_months": ("count", True), "categories": ("categories", False),
                        "if_missing": ("level", False)},
    "members_count_with_title": {"title": ("title", True), "min_count": ("count", True)},
    "consecutive_years": {"title": ("title", True), "years": ("years", True)},
    "initiative": {"kinds": ("initiative_kinds", True), "scopes": ("initiative_scopes", True),
                   "min_count": ("count", True), "years": ("years", False)},
    "achievement_not_rewarded": {"min_count": ("count", False)},
    "collective_kind": {"kinds": ("collective_kinds", True)},
    "manual": {"text": ("text", True)},
    "any_of": {"rules": ("rules", True)},
    "all_of": {"rules": ("rules", True)},
}
GENERAL_RULES: dict[str, dict[str, tuple[str, bool]]] = {
    "no_pending_case": {"statuses": ("statuses", True)},
    "not_already_awarded": {},
    "one_award_per_achievement": {},
}


# --------------------------------------------------------------------------- the catalog objects


@dataclass(frozen=True)
class BallotRule:
    secret: bool
    min_percent: Decimal
    of: str            # all_members: the share is counted against every council member
    source: str
    council: str = "xa"   # who applies it: xa (the commune council), tinh (the province's), cum_khoi


@dataclass(frozen=True)
class AuthorityRule:
    """Who decides a title for some subjects instead of the title's own authority: the director of an
    enterprise for its staff, the armed forces for soldiers (Law 06/2022 art. 80). A rule matches a person
    whose category is in ``categories`` or whose unit's kind is in ``employer_kinds``, or a collective
    whose kind is in ``collective_kinds``; ``instead`` names the title that body gives instead."""

    decided_by: str
    employer_kinds: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    collective_kinds: tuple[str, ...] = ()
    instead: str = ""
    source: str = ""

    def matches(self, subject_type: str, category: str = "", employer_kind: str = "", kind: str = "") -> bool:
        if subject_type == "person":
            return category in self.categories or (bool(employer_kind) and employer_kind in self.employer_kinds)
        if subject_type == "collective":
            return kind in self.collective_kinds
        return False


@dataclass(frozen=True)
class TieRule:
    """Who comes first when candidates are equal (same title, same votes): women, and collectives
    with at least ``women_percent`` % women. Data in titles.json ("tie_break"), with its source."""

    women_percent: float
    source: str

    def text(self) -> str:
        return tr("Khi bằng nhau, ưu tiên cá nhân nữ, tập thể có từ {percent} thành viên là nữ ({source}).").format(
            percent=percent(self.women_percent), source=self.source)


@dataclass(frozen=True)
class CouncilRule:
    """How the council meets (titles.json "council"): the share of ALL its members who must attend for
    the meeting to review awards, and whether a meeting needs a chair and a secretary who attended.
    The default (no "council" entry): nothing is checked."""

    quorum: Fraction | None = None      # None: any attendance will do
    counts_written_votes: bool = False  # an absent member who votes in writing counts as attending
    quorum_source: str = ""
    chair_required: bool = False
    secretary_required: bool = False
    source: str = ""
    # the secret-ballot slip's instructions: how to mark it, and which marks the tally counts as invalid
    # (the "invalid" count of a tally: not an agreeing vote); "" when the catalog says nothing
    ballot_mark: str = ""
    ballot_invalid: str = ""
    ballot_source: str = ""

    def quorum_needed(self, members_total: int) -> int:
        """The fewest members attending for a meeting of a council of ``members_total``."""
        return math.ceil(self.quorum * members_total) if self.quorum is not None else 0

    def quorum_text(self) -> str:
        """"2/3" (or "100 %" for the whole council)."""
        q = self.quorum
        return "" if q is None else ("100 %" if q == 1 else f"{q.numerator}/{q.denominator}")


@dataclass(frozen=True)
class Title:
    code: str
    name: str
    kind: str                       # danh_hieu | hinh_thuc
    for_: tuple[str, ...]
    level: str                      # xa | tinh | trung_uong (where it is decided)
    decided_by: str                 # key of Catalog.authorities
    valid_from: dt.date
    bonus_multiples: dict[str, Decimal]   # by subject type; empty: no money
    ballot: BallotRule | None       # the commune council's rule; None: the default ballot rule applies
    cap: dict | None                # {"percent": 15, "of": "LDTT"}; None: no cap (default)
    source: str
    criteria: tuple[dict, ...]
    suggest: bool = False           # evaluated for every subject in view, not only registered ones
    ballots_above: tuple[BallotRule, ...] = ()   # rules another council applies later (shown, not applied here)
    commune_vote: bool = True       # False: the commune council does not vote (suy tôn by the cụm, khối)
    selection: str = ""             # how it is chosen when the commune does not vote (shown and printed)
    authority_rules: tuple[AuthorityRule, ...] = ()
    procedure: str = ""             # gdvh | thon_vh: recognised through its own procedure, not the council's
    rewards_achievements: bool = False  # an award form for achievements: one achievement, one form of award

    @property
    def commune_decides(self) -> bool:
        return self.level == "xa"

    @property
    def bonus_multiple(self) -> Decimal | None:
        """The multiple shown when the subject type is not known: an individual's, else the first."""
        if not self.bonus_multiples:
            return None
        return self.bonus_multiples.get("person", next(iter(self.bonus_multiples.values())))

    def multiple_for(self, subject_type: str | None) -> Decimal | None:
        if subject_type is None:
            return self.bonus_multiple
        return self.bonus_multiples.get(subject_type)

    def authority_rule(self, subject_type: str, category: str = "", employer_kind: str = "",
                       kind: str = "") -> AuthorityRule | None:
        """The first authority rule that takes this subject away from the title's own authority."""
        return next((r for r in self.authority_rules if r.matches(subject_type, category, employer_kind, kind)), None)


@dataclass(frozen=True)
class SalaryValue:
    from_: dt.date
    amount: int
    source: str
    verified: bool


@dataclass(frozen=True)
class Bonus:
    multiple: Decimal
    base_salary: SalaryValue
    amount: int


@dataclass(frozen=True)
class Catalog:
    version: str
    published: str
    note: str
    sources: dict[str, str]
    authorities: dict[str, dict]
    general_rules: tuple[dict, ...]
    ballot_default: BallotRule
    round_up_to: int
    titles: dict[str, Title]
    salaries: tuple[SalaryValue, ...]
    salary_version: str
    tie_break: TieRule | None = None  # None: no tie rule (absent from titles.json, or "prefer_women": false)
    council: CouncilRule = field(default_factory=CouncilRule)  # the meeting's quorum, chair and secretary
    directory: Path = field(compare=False, default=Path("."))

    def title(self, code: str) -> Title:
        try:
            return self.titles[code]
        except KeyError:
            raise CatalogError(f"Danh mục phiên bản {self.version} không có danh hiệu, hình thức mã “{code}”.") from None

    def title_name(self, code: str) -> str:
        t = self.titles.get(code)
        return t.name if t else code

    def title_choices(self, subject_type: str | None = None) -> tuple[tuple[str, str], ...]:
        """(code, name) of the titles, in catalog order; only those for ``subject_type`` when given."""
        return tuple((t.code, t.name) for t in self.titles.values() if subject_type is None or subject_type in t.for_)

    def authority_name(self, key: str) -> str:
        return self.authorities.get(key, {}).get("name", key)

    def ballot_rule(self, code: str) -> BallotRule:
        t = self.title(code)
        return t.ballot or self.ballot_default

    def base_salary(self, on: dt.date) -> SalaryValue:
        valid = [s for s in self.salaries if s.from_ <= on]
        if not valid:
            first = self.salaries[0].from_.strftime("%d/%m/%Y")
            raise CatalogError(f"Chưa có mức lương cơ sở áp dụng cho ngày {on:%d/%m/%Y} "
                               f"(mức sớm nhất trong danh mục áp dụng từ {first}).")
        return max(valid, key=lambda s: s.from_)

    def authority_level(self, key: str) -> str:
        return str(self.authorities.get(key, {}).get("level", ""))

    def bonus(self, code: str, on: dt.date, subject_type: str | None = None) -> Bonus | None:
        """multiple (for ``subject_type``) × base salary in force on ``on`` (the decision date), rounded up
        to the catalog's step; None for titles (or subject types) without money."""
        t = self.title(code)
        multiple = t.multiple_for(subject_type)
        if multiple is None:
            return None
        salary = self.base_salary(on)
        raw = multiple * salary.amount
        step = self.round_up_to
        amount = int(math.ceil(raw / step) * step) if step > 1 else int(raw.to_integral_value(rounding="ROUND_HALF_UP"))
        return Bonus(multiple, salary, amount)

    def label(self) -> str:
        return f"danh mục {self.version}, lương cơ sở {self.salary_version}"


# --------------------------------------------------------------------------- loading and validation


class _Check:
    def __init__(self, file: Path):
        self.file = file
        self.problems: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}" if where else what)

    def raise_if_any(self) -> None:
        if self.problems:
            shown = "\n".join(f"  - {p}" for p in self.problems[:20])
            more = f"\n  (và {len(self.problems) - 20} lỗi khác)" if len(self.problems) > 20 else ""
            raise CatalogError(f"Tệp danh mục {self.file} không hợp lệ, phần mềm không dùng tệp này:\n{shown}{more}\n"
                               "Hãy sửa theo hướng dẫn trong docs/catalog.md hoặc cài lại bản danh mục trước đó.")


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(f"Không tìm thấy tệp danh mục {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"Không đọc được tệp danh mục {path}: {exc}.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(f"Tệp danh mục {path} sai cú pháp JSON ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}.") from None


def _date(ck: _Check, where: str, value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        ck.fail(where, f"ngày “{value}” phải viết dạng năm-tháng-ngày, ví dụ 2026-01-01")
        return None


def _decimal(ck: _Check, where: str, value: Any) -> Decimal | None:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        ck.fail(where, f"“{value}” không phải là số")
        return None
    if not d.is_finite() or d < 0:
        ck.fail(where, f"“{value}” phải là số không âm")
        return None
    return d


def _check_param(ck: _Check, where: str, name: str, kind: str, value: Any, codes: set[str]) -> None:
    def codes_in(allowed, label):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            ck.fail(where, f"“{name}” phải là danh sách mã {label}")
            return
        bad = [v for v in value if v not in allowed]
        if bad:
            ck.fail(where, f"“{name}” có mã {label} không hợp lệ: {', '.join(bad)} (các mã hợp lệ: {', '.join(allowed)})")

    if kind == "rating":
        if value not in RATING_ORDER:
            ck.fail(where, f"“{name}”: mã xếp loại “{value}” không hợp lệ (các mã: {', '.join(RATING_ORDER)})")
    elif kind == "discipline_level":
        if value not in DISCIPLINE_ORDER:
            ck.fail(where, f"“{name}”: mã hình thức kỷ luật “{value}” không hợp lệ (các mã: {', '.join(DISCIPLINE_ORDER)})")
    elif kind == "title":
        if value not in codes:
            ck.fail(where, f"“{name}”: mã danh hiệu “{value}” không có trong danh mục")
    elif kind == "percent":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            ck.fail(where, f"“{name}” phải là số phần trăm từ 0 đến 100, đang là “{value}”")
    elif kind in ("count", "years"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            ck.fail(where, f"“{name}” phải là số nguyên từ 1 trở lên, đang là “{value}”")
    elif kind == "text":
        if not isinstance(value, str) or not value.strip():
            ck.fail(where, f"“{name}” phải là một dòng chữ")
    elif kind == "compare":
        if value not in COMPARES:
            ck.fail(where, f"“{name}” phải là một trong {', '.join(COMPARES)} (trên, từ … trở lên, không quá)")
    elif kind == "level":
        if value not in FINDING_LEVELS:
            ck.fail(where, f"“{name}” phải là “blocked” hoặc “warning”")
    elif kind == "subject_types":
        codes_in(SUBJECT_TYPES, "đối tượng")
    elif kind == "categories":
        codes_in([c for c, _ in C.PERSON_CATEGORY], "thành phần")
    elif kind == "initiative_kinds":
        codes_in([c for c, _ in C.INITIATIVE_KIND], "loại sáng kiến")
    elif kind == "initiative_scopes":
        codes_in([c for c, _ in C.INITIATIVE_SCOPE], "phạm vi")
    elif kind == "collective_kinds":
        codes_in([c for c, _ in C.COLLECTIVE_KIND], "loại tập thể")
    elif kind == "statuses":
        codes_in([c for c, _ in C.DISCIPLINE_STATUS], "tình trạng kỷ luật")


def _check_rule(ck: _Check, where: str, rule: Any, codes: set[str], specs=RULES) -> None:
    if not isinstance(rule, dict) or "rule" not in rule:
        ck.fail(where, "mỗi tiêu chí phải có dạng {\"rule\": \"mã quy tắc\", ...}")
        return
    rid = rule["rule"]
    spec = specs.get(rid)
    if spec is None:
        ck.fail(where, f"quy tắc “{rid}” không có trong phần mềm (các quy tắc có: {', '.join(sorted(specs))})")
        return
    allowed = {**spec, **_COMMON}
    for name in rule:
        if name != "rule" and name not in allowed:
            ck.fail(where, f"quy tắc “{rid}” không có tham số “{name}” (tham số có: {', '.join(sorted(allowed))})")
    for name, (kind, required) in allowed.items():
        if name not in rule:
            if required:
                ck.fail(where, f"quy tắc “{rid}” thiếu tham số “{name}”")
            continue
        if kind == "rules":
            subs = rule[name]
            if not isinstance(subs, list) or not subs:
                ck.fail(where, f"“{name}” của quy tắc “{rid}” phải là danh sách tiêu chí")
                continue
            for i, sub in enumerate(subs, start=1):
                _check_rule(ck, f"{where} › tiêu chí con thứ {i}", sub, codes)
        else:
            _check_param(ck, where, name, kind, rule[name], codes)


def _ballot(ck: _Check, where: str, raw: Any) -> BallotRule | None:
    if not isinstance(raw, dict):
        ck.fail(where, "“ballot” phải có dạng {\"secret\": true, \"min_percent\": 80, \"of\": \"all_members\", \"source\": \"...\"}")
        return None
    pct = _decimal(ck, where + " › ballot.min_percent", raw.get("min_percent"))
    if pct is not None and pct > 100:
        ck.fail(where, "“ballot.min_percent” không được lớn hơn 100")
    if raw.get("of", "all_members") != "all_members":
        ck.fail(where, "“ballot.of” chỉ nhận “all_members” (tỷ lệ tính trên tổng số thành viên Hội đồng)")
    if not isinstance(raw.get("source", ""), str) or not raw.get("source"):
        ck.fail(where, "“ballot.source” phải ghi căn cứ của tỷ lệ phiếu")
    council = raw.get("council", "xa")
    if council not in COUNCILS:
        ck.fail(where, f"“ballot.council” phải là một trong {', '.join(COUNCILS)} (hội đồng áp dụng tỷ lệ này)")
    return BallotRule(bool(raw.get("secret", False)), pct or Decimal(0), "all_members", str(raw.get("source", "")),
                      str(council))


def _ballots(ck: _Check, where: str, t: dict) -> tuple[BallotRule | None, tuple[BallotRule, ...]]:
    """The commune council's ballot rule of a title (``ballot``, council xa) and the rules other councils
    apply after it (``ballots_above``: the province's council on a proposal, shown and printed only)."""
    own = _ballot(ck, where, t["ballot"]) if t.get("ballot") is not None else None
    if own is not None and own.council != "xa":
        ck.fail(where, "“ballot” là tỷ lệ Hội đồng cấp xã áp dụng (council “xa”); tỷ lệ của hội đồng cấp trên "
                       "ghi trong “ballots_above”")
    above_raw = t.get("ballots_above", [])
    if not isinstance(above_raw, list):
        ck.fail(where, "“ballots_above” phải là danh sách tỷ lệ phiếu của hội đồng cấp trên")
        above_raw = []
    above = tuple(b for b in (_ballot(ck, where + " › ballots_above", r) for r in above_raw) if b is not None)
    if any(b.council == "xa" for b in above):
        ck.fail(where, "“ballots_above” chỉ ghi tỷ lệ của hội đồng khác Hội đồng cấp xã (council “tinh”, “cum_khoi”)")
    return own, above


def _multiples(ck: _Check, where: str, raw: Any, fors: list) -> dict[str, Decimal]:
    """``bonus_multiple``: null (no money), one number for every subject type, or one per subject type."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        out = {}
        for k, v in raw.items():
            if k not in fors:
                ck.fail(where, f"“bonus_multiple” ghi mức cho “{k}” nhưng danh hiệu không dành cho đối tượng này "
                               f"(“for”: {', '.join(fors)})")
                continue
            d = _decimal(ck, f"{where} › bonus_multiple.{k}", v) if v is not None else None
            if d is not None:
                out[k] = d
        return out
    d = _decimal(ck, where + " › bonus_multiple", raw)
    return {k: d for k in fors} if d is not None else {}


def _authority_rules(ck: _Check, where: str, raw: Any, authorities: dict) -> tuple[AuthorityRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        ck.fail(where, "“authority_rules” phải là danh sách")
        return ()
    out = []
    for i, r in enumerate(raw, start=1):
        w = f"{where} › authority_rules thứ {i}"
        if not isinstance(r, dict):
            ck.fail(w, "phải là một đối tượng JSON")
            continue
        for name in r:
            if name not in AUTHORITY_RULE_KEYS:
                ck.fail(w, f"không có tham số “{name}” (tham số có: {', '.join(AUTHORITY_RULE_KEYS)})")
        if r.get("decided_by") not in authorities:
            ck.fail(w, f"“decided_by” = “{r.get('decided_by')}” không có trong “authorities”")
        if not isinstance(r.get("source"), str) or not r.get("source", "").strip():
            ck.fail(w, "phải ghi căn cứ (“source”)")
        lists = {}
        for key, kind in (("employer_kinds", "collective_kinds"), ("categories", "categories"),
                          ("collective_kinds", "collective_kinds")):
            if key in r:
                _check_param(ck, w, key, kind, r[key], set())
                lists[key] = tuple(r[key]) if isinstance(r[key], list) else ()
        if not lists:
            ck.fail(w, "phải ghi ít nhất một trong “employer_kinds”, “categories”, “collective_kinds”")
        out.append(AuthorityRule(str(r.get("decided_by", "")), lists.get("employer_kinds", ()),
                                 lists.get("categories", ()), lists.get("collective_kinds", ()),
                                 str(r.get("instead", "")), str(r.get("source", ""))))
    return tuple(out)


def _titles(ck: _Check, raw_titles: list, authorities: dict, code_set: set[str]) -> dict[str, Title]:
    """The checked titles by code; a title with a problem is reported and left out."""
    titles: dict[str, Title] = {}
    for i, t in enumerate(raw_titles, start=1):
        where = f"danh hiệu thứ {i}" + (f" ({t.get('code')})" if isinstance(t, dict) and t.get("code") else "")
        if not isinstance(t, dict):
            ck.fail(where, "phải là một đối tượng JSON")
            continue
        n0 = len(ck.problems)
        for key in ("code", "name", "source"):
            if not isinstance(t.get(key), str) or not t.get(key, "").strip():
                ck.fail(where, f"thiếu “{key}”")
        fors = t.get("for")
        if not isinstance(fors, list) or not fors or any(f not in SUBJECT_TYPES for f in fors):
            ck.fail(where, f"“for” phải là danh sách trong {', '.join(SUBJECT_TYPES)}")
            fors = []
        if t.get("kind", "danh_hieu") not in TITLE_KINDS:
            ck.fail(where, f"“kind” phải là một trong {', '.join(TITLE_KINDS)}")
        if t.get("decided_by") not in authorities:
            ck.fail(where, f"“decided_by” = “{t.get('decided_by')}” không có trong “authorities”")
        level = authorities.get(t.get("decided_by"), {}).get("level", t.get("level"))
        if t.get("level") is not None and t.get("level") != level:
            ck.fail(where, f"“level” = “{t.get('level')}” không khớp với cấp của “decided_by” ({level})")
        valid_from = _date(ck, where + " › valid_from", t.get("valid_from"))
        multiples = _multiples(ck, where, t.get("bonus_multiple"), fors)
        ballot, above = _ballots(ck, where, t)
        rules = _authority_rules(ck, where, t.get("authority_rules"), authorities)
        extra = _title_flags(ck, where, t)
        cap = t.get("cap")
        if cap is not None:
            if not isinstance(cap, dict) or not isinstance(cap.get("percent"), (int, float)) \
                    or not 0 < cap["percent"] <= 100 or cap.get("of") not in code_set:
                ck.fail(where, "“cap” phải là null (không giới hạn) hoặc {\"percent\": 15, \"of\": \"LDTT\"}")
        criteria = t.get("criteria", [])
        if not isinstance(criteria, list):
            ck.fail(where, "“criteria” phải là danh sách tiêu chí")
            criteria = []
        for j, rule in enumerate(criteria, start=1):
            _check_rule(ck, f"{where} › tiêu chí thứ {j}", rule, code_set)
        if len(ck.problems) == n0:
            titles[t["code"]] = Title(
                code=t["code"], name=t["name"], kind=t.get("kind", "danh_hieu"), for_=tuple(fors), level=level,
                decided_by=t["decided_by"], valid_from=valid_from, bonus_multiples=multiples,  # type: ignore[arg-type]
                ballot=ballot, cap=cap, source=t["source"], criteria=tuple(criteria),
                suggest=bool(t.get("suggest", False)), ballots_above=above, authority_rules=rules, **extra)
    return titles


def _title_flags(ck: _Check, where: str, t: dict) -> dict:
    """commune_vote, selection, procedure, rewards_achievements of a title, checked."""
    out: dict = {}
    for key in ("commune_vote", "rewards_achievements"):
        if key in t:
            if not isinstance(t[key], bool):
                ck.fail(where, f"“{key}” phải là true hoặc false")
            else:
                out[key] = t[key]
    for key in ("selection", "procedure"):
        if key in t:
            if not isinstance(t[key], str) or not t[key].strip():
                ck.fail(where, f"“{key}” phải là một dòng chữ")
            else:
                out[key] = t[key]
    if out.get("commune_vote") is False and not out.get("selection"):
        ck.fail(where, "danh hiệu Hội đồng cấp xã không bỏ phiếu (“commune_vote”: false) phải ghi cách lựa chọn "
                       "(“selection”, ví dụ do Cụm, Khối thi đua suy tôn)")
    if out.get("commune_vote") is False and t.get("ballot") is not None:
        ck.fail(where, "“ballot” không dùng được khi “commune_vote” là false")
    return out


def _salaries(salary_doc: Any, directory: Path) -> tuple[SalaryValue, ...]:
    """The checked base salary values of base_salary.json, by date."""
    sk = _Check(directory / SALARY_FILE)
    salaries: list[SalaryValue] = []
    if not isinstance(salary_doc, dict) or not isinstance(salary_doc.get("values"), list) or not salary_doc["values"]:
        sk.fail("", "“values” phải là danh sách các mức lương cơ sở")
        sk.raise_if_any()
    for i, v in enumerate(salary_doc["values"], start=1):
        where = f"mức thứ {i}"
        if not isinstance(v, dict):
            sk.fail(where, "phải là một đối tượng JSON")
            continue
        d = _date(sk, where + " › from", v.get("from"))
        amount = v.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            sk.fail(where, f"“amount” phải là số đồng nguyên dương, đang là “{amount}”")
        if not isinstance(v.get("source"), str) or not v.get("source"):
            sk.fail(where, "thiếu “source” (văn bản quy định mức lương)")
        if not isinstance(v.get("verified", True), bool):
            sk.fail(where, "“verified” phải là true hoặc false")
        if d is not None and isinstance(amount, int) and amount > 0 and v.get("source"):
            salaries.append(SalaryValue(d, amount, v["source"], bool(v.get("verified", True))))
    froms = [s.from_ for s in salaries]
    if len(set(froms)) != len(froms):
        sk.fail("", "hai mức lương cơ sở có cùng ngày áp dụng")
    sk.raise_if_any()
    return tuple(sorted(salaries, key=lambda s: s.from_))


def _tie_break(ck: _Check, raw: Any) -> TieRule | None:
    """The optional "tie_break" entry: who comes first on equal votes (None: absent, or switched off)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        ck.fail("tie_break", "phải có dạng {\"prefer_women\": true, \"collective_women_min_percent\": 70, "
                             "\"source\": \"...\"}")
        return None
    n0 = len(ck.problems)
    for name in raw:
        if name not in TIE_BREAK_KEYS:
            ck.fail("tie_break", f"không có tham số “{name}” (tham số có: {', '.join(TIE_BREAK_KEYS)})")
    prefer = raw.get("prefer_women", True)
    if not isinstance(prefer, bool):
        ck.fail("tie_break", f"“prefer_women” phải là true hoặc false, đang là “{prefer}”")
    pct = raw.get("collective_women_min_percent", 70)
    if isinstance(pct, bool) or not isinstance(pct, (int, float)) or not 0 <= pct <= 100:
        ck.fail("tie_break", f"“collective_women_min_percent” phải là số phần trăm từ 0 đến 100, đang là “{pct}”")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        ck.fail("tie_break", "“source” phải ghi căn cứ của quy tắc ưu tiên khi bằng nhau")
    if not isinstance(raw.get("note", ""), str):
        ck.fail("tie_break", "“note” phải là một dòng chữ")
    if len(ck.problems) > n0 or not prefer:
        return None
    return TieRule(float(pct), source)


def _council(ck: _Check, raw: Any) -> CouncilRule:
    """The optional "council" entry: the meeting's quorum, and whether it needs a chair and a secretary."""
    if raw is None:
        return CouncilRule()
    shape = ("phải có dạng {\"quorum\": {\"min_fraction\": \"2/3\", \"counts_written_votes\": false, "
             "\"source\": \"...\"}, \"chair_required\": true, \"secretary_required\": true, \"source\": \"...\"}")
    if not isinstance(raw, dict):
        ck.fail("council", shape)
        return CouncilRule()
    n0 = len(ck.problems)
    for name in raw:
        if name not in COUNCIL_KEYS:
            ck.fail("council", f"không có tham số “{name}” (tham số có: {', '.join(COUNCIL_KEYS)})")
    flags = {}
    for name in ("chair_required", "secretary_required"):
        flags[name] = raw.get(name, False)
        if not isinstance(flags[name], bool):
            ck.fail("council", f"“{name}” phải là true hoặc false, đang là “{flags[name]}”")
    for where, entry in (("council", raw), ("council › quorum", raw.get("quorum") or {})):
        if not isinstance(entry, dict):
            ck.fail(where, shape)
            continue
        source = entry.get("source")
        if entry and (not isinstance(source, str) or not source.strip()):
            ck.fail(where, "“source” phải ghi căn cứ (quy chế, văn bản) của quy định về cuộc họp Hội đồng")
        if not isinstance(entry.get("note", ""), str):
            ck.fail(where, "“note” phải là một dòng chữ")
    quorum = raw.get("quorum")
    fraction, written = None, False
    if isinstance(quorum, dict):
        for name in quorum:
            if name not in QUORUM_KEYS:
                ck.fail("council › quorum", f"không có tham số “{name}” (tham số có: {', '.join(QUORUM_KEYS)})")
        text = quorum.get("min_fraction")
        try:
            fraction = Fraction(text) if isinstance(text, str) and "/" in text else None
        except (ValueError, ZeroDivisionError):
            fraction = None
        if fraction is None or not 0 < fraction <= 1:
            ck.fail("council › quorum", f"“min_fraction” phải là phân số từ 0 đến 1, ví dụ “2/3”, đang là “{text}”")
        written = quorum.get("counts_written_votes", False)
        if not isinstance(written, bool):
            ck.fail("council › quorum", f"“counts_written_votes” phải là true hoặc false, đang là “{written}”")
    slip = _ballot_slip(ck, raw.get("ballot_slip"))
    if len(ck.problems) > n0:
        return CouncilRule()
    return CouncilRule(fraction, written, str((quorum or {}).get("source", "")), flags["chair_required"],
                       flags["secretary_required"], str(raw.get("source", "")), *slip)


def _ballot_slip(ck: _Check, raw: Any) -> tuple[str, str, str]:
    """(how to mark, what is invalid, source) of the optional "council › ballot_slip" entry."""
    if raw is None:
        return "", "", ""
    where = "council › ballot_slip"
    if not isinstance(raw, dict):
        ck.fail(where, "phải có dạng {\"how_to_mark\": \"...\", \"invalid\": \"...\", \"source\": \"...\"}")
        return "", "", ""
    for name in raw:
        if name not in BALLOT_SLIP_KEYS:
            ck.fail(where, f"không có tham số “{name}” (tham số có: {', '.join(BALLOT_SLIP_KEYS)})")
    values = []
    for name in ("how_to_mark", "invalid", "source"):
        v = raw.get(name)
        if not isinstance(v, str) or not v.strip():
            ck.fail(where, f"“{name}” phải là một dòng chữ (cách đánh dấu phiếu, phiếu không hợp lệ, căn cứ)")
            v = ""
        values.append(v.strip())
    return values[0], values[1], values[2]


def parse_catalog(doc: Any, salary_doc: Any, directory: Path) -> Catalog:
    ck = _Check(directory / TITLES_FILE)
    if not isinstance(doc, dict):
        ck.fail("", "nội dung phải là một đối tượng JSON")
        ck.raise_if_any()
    if doc.get("format") not in READABLE_FORMATS:
        ck.fail("", f"“format” phải là {SUPPORTED_FORMAT} (tệp đang ghi {doc.get('format')!r}); "
                    "tệp danh mục này viết cho phiên bản phần mềm khác")
    version = doc.get("version")
    if not isinstance(version, str) or not version.strip():
        ck.fail("", "thiếu “version” (số phiên bản danh mục, ví dụ “2026.2”)")
    authorities = doc.get("authorities") or {}
    if not isinstance(authorities, dict) or not all(isinstance(v, dict) and v.get("name") for v in authorities.values()):
        ck.fail("", "“authorities” phải liệt kê các cấp quyết định, mỗi cấp có “name”")
        authorities = {}
    for key, a in authorities.items():
        if a.get("level") not in LEVELS:
            ck.fail(f"authorities › {key}", f"“level” phải là một trong {', '.join(LEVELS)}")
    raw_titles = doc.get("titles")
    if not isinstance(raw_titles, list) or not raw_titles:
        ck.fail("", "“titles” phải là danh sách danh hiệu, hình thức khen thưởng")
        ck.raise_if_any()
    codes = [t.get("code") for t in raw_titles if isinstance(t, dict)]
    dupes = sorted({c for c in codes if codes.count(c) > 1 and c})
    if dupes:
        ck.fail("", f"mã danh hiệu bị trùng: {', '.join(dupes)}")
    code_set = {c for c in codes if isinstance(c, str)}

    titles = _titles(ck, raw_titles, authorities, code_set)

    general = doc.get("general_rules", [])
    if not isinstance(general, list):
        ck.fail("", "“general_rules” phải là danh sách")
        general = []
    for j, rule in enumerate(general, start=1):
        _check_rule(ck, f"quy tắc chung thứ {j}", rule, code_set, GENERAL_RULES)
        if isinstance(rule, dict) and not rule.get("source"):
            ck.fail(f"quy tắc chung thứ {j}", "phải ghi căn cứ (“source”)")
    ballot_default = _ballot(ck, "ballot_default", doc.get("ballot_default")) if doc.get("ballot_default") else \
        BallotRule(False, Decimal(50), "all_members", "")
    rounding = (doc.get("bonus_rounding") or {}).get("up_to", 1) if isinstance(doc.get("bonus_rounding"), dict) else 0
    if isinstance(rounding, bool) or not isinstance(rounding, int) or rounding < 1:
        ck.fail("bonus_rounding", "“up_to” phải là số nguyên dương (1 = không làm tròn)")
        rounding = 1
    tie_break = _tie_break(ck, doc.get("tie_break"))
    council = _council(ck, doc.get("council"))
    ck.raise_if_any()

    salaries = _salaries(salary_doc, directory)
    return Catalog(
        version=version, published=str(doc.get("published", "")), note=str(doc.get("note", "")),
        sources=dict(doc.get("sources") or {}), authorities=authorities, general_rules=tuple(general),
        ballot_default=ballot_default, round_up_to=rounding, titles=titles,
        salaries=salaries,
        salary_version=str(salary_doc.get("version", "")), tie_break=tie_break, council=council,
        directory=directory)


def default_catalog_dir() -> Path:
    return resources_dir() / "catalog"


_cache: dict[tuple, Catalog] = {}


def load_catalog(directory: Path | str | None = None) -> Catalog:
    """Read and check titles.json and base_salary.json in ``directory`` (default resources/catalog).

    The result is cached per directory and file modification time, so an edited file is read again.
    """
    d = Path(directory) if directory is not None else default_catalog_dir()
    files = (d / TITLES_FILE, d / SALARY_FILE)
    try:
        key = (str(d.resolve()), *(f.stat().st_mtime_ns for f in files), *(f.stat().st_size for f in files))
    except FileNotFoundError:
        missing = next(f for f in files if not f.exists())
        raise CatalogError(f"Không tìm thấy tệp danh mục {missing}.") from None
    cat = _cache.get(key)
    if cat is None:
        cat = parse_catalog(_read_json(files[0]), _read_json(files[1]), d)
        for stale in [k for k in _cache if k[0] == key[0]] + list(_cache)[:max(0, len(_cache) - 7)]:
            _cache.pop(stale, None)  # the folder's older reading, and beyond 8 folders (shipped + archived)
        _cache[key] = cat
    return cat


def title_choices(subject_type: str | None = None) -> tuple[tuple[str, str], ...]:
    """(code, name) of the installed catalog's titles (the registration form's choice list); only those
    for ``subject_type`` when given."""
    return load_catalog().title_choices(subject_type)


__all__ = ["Catalog", "CatalogError", "Title", "BallotRule", "AuthorityRule", "TieRule", "CouncilRule", "SalaryValue", "Bonus", "RULES",
           "GENERAL_RULES", "RATING_ORDER", "DISCIPLINE_ORDER", "load_catalog", "parse_catalog", "default_catalog_dir",
           "title_choices"]
