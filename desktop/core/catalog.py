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
from pathlib import Path
from typing import Any

from desktop.core import choices as C
from desktop.shared.errors import UserError
from desktop.shared.fmt import percent
from desktop.shared.i18n import tr
from desktop.shared.paths import resources_dir

TITLES_FILE = "titles.json"
SALARY_FILE = "base_salary.json"
SUPPORTED_FORMAT = 2
SUBJECT_TYPES = ("person", "collective", "household")
TITLE_KINDS = ("danh_hieu", "hinh_thuc")
FINDING_LEVELS = ("blocked", "warning")
TIE_BREAK_KEYS = ("prefer_women", "collective_women_min_percent", "source", "note")

RATING_ORDER = {code: i for i, (code, _) in enumerate(reversed(C.RATING))}  # higher is better
DISCIPLINE_ORDER = {code: i for i, (code, _) in enumerate(C.DISCIPLINE_LEVEL)}  # higher is heavier


class CatalogError(UserError):
    """The catalog files cannot be used; the message says which entry and why."""


# --------------------------------------------------------------------------- rule parameter specs

# parameter -> (kind, required). kinds: rating, discipline_level, title, percent, count, years,
# text, categories, initiative_kinds, initiative_scopes, collective_kinds, statuses, rules, level
_COMMON = {"source": ("text", False), "for": ("subject_types", False), "label": ("text", False)}
RULES: dict[str, dict[str, tuple[str, bool]]] = {
    "rating_at_least": {"min": ("rating", True), "categories": ("categories", False),
                        "if_missing": ("level", False)},
    "consecutive_years_rating": {"min": ("rating", True), "years": ("years", True),
                                 "if_missing": ("level", False)},
    "no_discipline": {"min_level": ("discipline_level", True)},
    "members_no_discipline": {"min_level": ("discipline_level", True)},
    "has_title": {"title": ("title", True)},
    "members_share_with_title": {"title": ("title", True), "min_percent": ("percent", True)},
    "members_share_rating": {"min": ("rating", True), "min_percent": ("percent", True)},
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
}


# --------------------------------------------------------------------------- the catalog objects


@dataclass(frozen=True)
class BallotRule:
    secret: bool
    min_percent: Decimal
    of: str            # all_members: the share is counted against every council member
    source: str


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
class Title:
    code: str
    name: str
    kind: str                       # danh_hieu | hinh_thuc
    for_: tuple[str, ...]
    level: str                      # xa | tinh | trung_uong (where it is decided)
    decided_by: str                 # key of Catalog.authorities
    valid_from: dt.date
    bonus_multiple: Decimal | None
    ballot: BallotRule | None       # None: the default ballot rule applies
    cap: dict | None                # {"percent": 15, "of": "LDTT"}; None: no cap (default)
    source: str
    criteria: tuple[dict, ...]
    suggest: bool = False           # evaluated for every subject in view, not only registered ones

    @property
    def commune_decides(self) -> bool:
        return self.level == "xa"


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

    def bonus(self, code: str, on: dt.date, subject_type: str | None = None) -> Bonus | None:
        """multiple × base salary in force on ``on`` (the decision date); None for titles without money.
        ``subject_type``: whom it is given to (the multiples per subject type of titles.json format 3)."""
        t = self.title(code)
        if t.bonus_multiple is None:
            return None
        salary = self.base_salary(on)
        raw = t.bonus_multiple * salary.amount
        step = self.round_up_to
        amount = int(math.ceil(raw / step) * step) if step > 1 else int(raw.to_integral_value(rounding="ROUND_HALF_UP"))
        return Bonus(t.bonus_multiple, salary, amount)

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
    return BallotRule(bool(raw.get("secret", False)), pct or Decimal(0), "all_members", str(raw.get("source", "")))


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
        multiple = None
        if t.get("bonus_multiple") is not None:
            multiple = _decimal(ck, where + " › bonus_multiple", t["bonus_multiple"])
        ballot = _ballot(ck, where, t["ballot"]) if t.get("ballot") is not None else None
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
                decided_by=t["decided_by"], valid_from=valid_from, bonus_multiple=multiple,  # type: ignore[arg-type]
                ballot=ballot, cap=cap, source=t["source"], criteria=tuple(criteria),
                suggest=bool(t.get("suggest", False)))
    return titles


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


def parse_catalog(doc: Any, salary_doc: Any, directory: Path) -> Catalog:
    ck = _Check(directory / TITLES_FILE)
    if not isinstance(doc, dict):
        ck.fail("", "nội dung phải là một đối tượng JSON")
        ck.raise_if_any()
    if doc.get("format") != SUPPORTED_FORMAT:
        ck.fail("", f"“format” phải là {SUPPORTED_FORMAT} (tệp đang ghi {doc.get('format')!r}); "
                    "tệp danh mục này viết cho phiên bản phần mềm khác")
    version = doc.get("version")
    if not isinstance(version, str) or not version.strip():
        ck.fail("", "thiếu “version” (số phiên bản danh mục, ví dụ “2026.2”)")
    authorities = doc.get("authorities") or {}
    if not isinstance(authorities, dict) or not all(isinstance(v, dict) and v.get("name") for v in authorities.values()):
        ck.fail("", "“authorities” phải liệt kê các cấp quyết định, mỗi cấp có “name”")
        authorities = {}
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
    rounding = (doc.get("bonus_rounding") or {}).get("up_to", 1)
    if isinstance(rounding, bool) or not isinstance(rounding, int) or rounding < 1:
        ck.fail("bonus_rounding", "“up_to” phải là số nguyên dương (1 = không làm tròn)")
        rounding = 1
    tie_break = _tie_break(ck, doc.get("tie_break"))
    ck.raise_if_any()

    salaries = _salaries(salary_doc, directory)
    return Catalog(
        version=version, published=str(doc.get("published", "")), note=str(doc.get("note", "")),
        sources=dict(doc.get("sources") or {}), authorities=authorities, general_rules=tuple(general),
        ballot_default=ballot_default, round_up_to=rounding, titles=titles,
        salaries=salaries,
        salary_version=str(salary_doc.get("version", "")), tie_break=tie_break, directory=directory)


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


__all__ = ["Catalog", "CatalogError", "Title", "BallotRule", "TieRule", "SalaryValue", "Bonus", "RULES",
           "GENERAL_RULES", "RATING_ORDER", "DISCIPLINE_ORDER", "load_catalog", "parse_catalog", "default_catalog_dir",
           "title_choices"]
