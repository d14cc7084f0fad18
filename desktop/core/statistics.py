"""The statistics forms on emulation and commendation (biểu mẫu báo cáo thống kê), as data, and the
counting over plain facts (Qt-free, no database).

The forms, their columns, the reporting period and the deadline live in
resources/statistics/forms.json with their source lines and, where the official text could not be
read, a "note". ``load_forms`` checks the file and refuses a malformed one with a message naming the
entry. ``award_table`` and ``commune_table`` count ``Fact`` rows (one award of one subject) into
the form's rows and columns; ``desktop.app.statistics`` gathers the facts from a commune's or the
province's workspace. A column the records cannot fill is ``unavailable``: its cells stay empty
(None), never guessed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.shared.errors import UserError
from desktop.shared.i18n import tr
from desktop.shared.paths import resources_dir

FORMS_FILE = "forms.json"
SUBJECTS = ("person", "collective", "household")
# the filter keys of the forms file and the attribute of a fact each one reads
FILTER_KEYS = {"subject": "subject_type", "sex": "sex", "categories": "category", "titles": "title_code",
               "levels": "level", "occasions": "occasion", "collective_kinds": "collective_kind",
               "scopes": "scope", "durations": "duration", "methods": "method"}
FORM_KINDS = ("awards", "matrix")
MATRIX_OF = ("awards", "movements")


class StatisticsConfigError(UserError):
    """resources/statistics/forms.json cannot be used; the message says which entry and why."""


@dataclass(frozen=True)
class Fact:
    """One award of one subject, as the forms count it. None: the data do not say."""

    subject_type: str          # person | collective | household
    title_code: str
    level: str                 # xa | tinh | trung_uong | khac
    sex: str = ""              # a person's: nam | nu
    category: str = ""         # a person's Thành phần (desktop.core.choices.PERSON_CATEGORY)
    amount: int | None = None  # đồng, when the decision says
    commune: str = ""          # the commune's unit code (the province's consolidation)
    occasion: str | None = None          # tong_ket | chuyen_de | dot_xuat (the decision's)
    collective_kind: str | None = ""     # a collective's kind (desktop.core.choices.COLLECTIVE_KIND)


@dataclass(frozen=True)
class Movement:
    """One emulation movement launched in the period, as form 0601 counts it."""

    level: str                 # who launched it: trung_uong | tinh | don_vi
    scope: str | None          # toan_quoc | dia_phuong | cum_khoi | don_vi
    duration: str | None       # duoi_1_nam | 1_nam | 1_3_nam | 3_5_nam | tu_5_nam
    method: str | None         # chuyen_de | thuong_xuyen


def _match(f: Any, flt: dict[str, Any]) -> bool | None:
    """Whether ``f`` passes ``flt``: False as soon as a known attribute differs, None when it would
    pass but an attribute asked about is not known, True otherwise."""
    unknown = False
    for key, wanted in flt.items():
        v = getattr(f, FILTER_KEYS[key], None)
        if v is None:
            unknown = True
        elif v not in (wanted if isinstance(wanted, list) else [wanted]):
            return False
    return None if unknown else True


def _both(f: Any, a: dict[str, Any], b: dict[str, Any]) -> bool | None:
    x, y = _match(f, a), _match(f, b)
    if x is False or y is False:
        return False
    return None if x is None or y is None else True


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    count: dict[str, Any] | None = None    # the filter a fact passes to be counted here
    sum: str = ""                          # "amount": the column adds up the facts' amounts
    unavailable: bool = False
    printed_note: str = ""

    def value(self, facts: Iterable[Any], line: dict[str, Any] | None = None) -> int | None:
        """The count (or the sum) over the ``facts`` passing this column's filter and ``line``'s; None
        when the data do not say: an unavailable column, a fact that does not carry an attribute asked
        about, or a sum over facts none of which carries an amount."""
        if self.unavailable:
            return None
        marks = [(f, _both(f, self.count or {}, line or {})) for f in facts]
        if any(m is None for _, m in marks):
            return None
        chosen = [f for f, m in marks if m]
        if not self.sum:
            return len(chosen)
        known = [f.amount for f in chosen if f.amount is not None]
        return sum(known) if known or not chosen else None


@dataclass(frozen=True)
class Line:
    """A row of a matrix form: its code (mã số), label and filter, or a heading."""

    label: str
    code: str = ""
    count: dict[str, Any] | None = None
    heading: bool = False
    unavailable: bool = False


@dataclass(frozen=True)
class Form:
    code: str                                 # "" for the app's own table (not a form of the circular)
    title: str
    kind: str                                 # awards (per title) | matrix (lines × columns)
    columns: tuple[Column, ...] = ()
    groups: tuple[tuple[str, str], ...] = ()  # (level, label) of an awards form
    lines: tuple[Line, ...] = ()              # a matrix form's rows
    of: str = "awards"                        # what a matrix counts: awards | movements
    unit: str = ""                            # "Đơn vị tính: …"
    sheet: str = ""                           # the workbook's sheet name
    province_note: str = ""
    province_culture_note: str = ""


@dataclass(frozen=True)
class Forms:
    legal_basis: str
    source: str
    period: dict[str, Any]
    deadline: dict[str, Any]
    forms: tuple[Form, ...]
    subject_order: tuple[str, ...] = SUBJECTS

    def form(self, kind: str) -> Form:
        return next(f for f in self.forms if f.kind == kind)

    def matrices(self, of: str) -> list[Form]:
        return [f for f in self.forms if f.kind == "matrix" and f.of == of]

    def period_of(self, year: int) -> tuple[dt.date, dt.date]:
        p = self.period
        start = dt.date(year + int(p.get("from_year_offset", 0)), p["from_month"], p["from_day"])
        return start, dt.date(year, p["to_month"], p["to_day"])

    def deadline_of(self, year: int) -> dt.date:
        return dt.date(year, self.deadline["month"], self.deadline["day"])


def _bad(where: str, what: str) -> StatisticsConfigError:
    return StatisticsConfigError(tr("Tệp biểu mẫu thống kê {file}, {where}: {what}. Hãy sửa tệp rồi mở lại.").format(
        file=FORMS_FILE, where=where, what=what))


def _column(raw: Any, where: str) -> Column:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("label"), str):
        raise _bad(where, tr("mỗi cột cần “id” và “label”"))
    flt = _filter(raw.get("count"), where)
    if raw.get("sum", "") not in ("", "amount"):
        raise _bad(where, tr("“sum” chỉ nhận “amount”"))
    if flt is None and not raw.get("sum") and not raw.get("unavailable"):
        raise _bad(where, tr("cột cần “count”, “sum” hoặc “unavailable”"))
    return Column(raw["id"], raw["label"], flt, raw.get("sum", ""), bool(raw.get("unavailable")),
                  raw.get("printed_note", ""))


def _filter(flt: Any, where: str) -> dict[str, Any] | None:
    if flt is not None and (not isinstance(flt, dict) or set(flt) - set(FILTER_KEYS)):
        raise _bad(where, tr("“count” chỉ nhận {keys}").format(keys=", ".join(FILTER_KEYS)))
    if flt and flt.get("subject", "person") not in SUBJECTS:
        raise _bad(where, tr("đối tượng “{subject}” không có").format(subject=flt["subject"]))
    return flt


def _line(raw: Any, where: str) -> Line:
    if not isinstance(raw, dict) or not isinstance(raw.get("label", raw.get("heading")), str):
        raise _bad(where, tr("mỗi dòng cần “label” hoặc “heading”"))
    if "heading" in raw:
        return Line(raw["heading"], heading=True)
    flt = _filter(raw.get("count"), where)
    if flt is None and not raw.get("unavailable"):
        raise _bad(where, tr("dòng cần “count” hoặc “unavailable”"))
    return Line(raw["label"], str(raw.get("code", "")), flt, unavailable=bool(raw.get("unavailable")))


def _form(raw: Any, n: int) -> Form:
    where = tr("biểu thứ {n}").format(n=n)
    if not isinstance(raw, dict) or raw.get("kind") not in FORM_KINDS:
        raise _bad(where, tr("“kind” phải là {kinds}").format(kinds=" | ".join(FORM_KINDS)))
    if not isinstance(raw.get("code"), str) or not isinstance(raw.get("title"), str) or not raw["title"]:
        raise _bad(where, tr("thiếu “{key}”").format(key="code, title"))
    columns = tuple(_column(c, tr("{where}, cột thứ {i}").format(where=where, i=i))
                    for i, c in enumerate(raw.get("columns", []), 1))
    groups = tuple((g["level"], g["label"]) for g in raw.get("groups", []))
    lines = tuple(_line(r, tr("{where}, dòng thứ {i}").format(where=where, i=i))
                  for i, r in enumerate(raw.get("lines", []), 1))
    if raw["kind"] == "awards" and not (columns and groups):
        raise _bad(where, tr("biểu khen thưởng cần “columns” và “groups”"))
    if raw["kind"] == "matrix" and (not (columns and lines) or raw.get("of", "awards") not in MATRIX_OF):
        raise _bad(where, tr("biểu dạng bảng cần “columns”, “lines” và “of” là {kinds}").format(
            kinds=" | ".join(MATRIX_OF)))
    return Form(raw["code"], raw["title"], raw["kind"], columns, groups, lines, raw.get("of", "awards"),
                raw.get("unit", ""), raw.get("sheet", "") or raw["code"].split("/")[0] or raw["kind"],
                raw.get("province_note", ""), raw.get("province_culture_note", ""))


def load_forms(folder: Path | None = None) -> Forms:
    path = (folder or resources_dir() / "statistics") / FORMS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StatisticsConfigError(tr("Không đọc được tệp biểu mẫu thống kê {path}: {error}.").format(
            path=path, error=exc)) from None
    if not isinstance(raw, dict) or raw.get("format") != 1:
        raise _bad(tr("đầu tệp"), tr("“format” phải là 1"))
    try:
        forms = tuple(_form(f, i) for i, f in enumerate(raw.get("forms", []), 1))
        out = Forms(raw.get("legal_basis", ""), raw.get("source", ""), raw["period"], raw["deadline"], forms,
                    tuple(raw.get("subject_order", SUBJECTS)))
        out.period_of(2026)
        out.deadline_of(2026)
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(tr("kỳ báo cáo hoặc hạn gửi"), tr("thiếu hoặc sai {what}").format(what=exc)) from None
    if not any(f.kind == "awards" for f in forms):
        raise _bad("forms", tr("cần một biểu loại “awards”"))
    return out


# --------------------------------------------------------------------------- the tables


@dataclass
class StatTable:
    """A counted form: rows of [label cells..., values...]; ``spans`` are group headings, ``bold_rows``
    subtotals and the total. ``lead`` is the number of label cells before the values."""

    code: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    lead: int = 2
    spans: list[int] = field(default_factory=list)
    bold_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit: str = ""            # "Đơn vị tính: …"
    sheet: str = ""           # the workbook's sheet name


TitleInfo = tuple[str, str, str]   # (code, name, level), in catalog order


def award_table(form: Form, facts: Sequence[Fact], titles: Sequence[TitleInfo],
                empty_titles: Iterable[str] = ()) -> StatTable:
    """The awards form: per level group, one row per title of that level (catalog order, then codes
    the catalog no longer has), a subtotal per group and the total. ``empty_titles``: titles the data
    cannot count here (their cells stay empty)."""
    empty = set(empty_titles)
    known = {c for c, _, _ in titles}
    extra = sorted({(f.title_code, f.level) for f in facts if f.title_code not in known})
    every = list(titles) + [(c, c, lv) for c, lv in extra]
    rows: list[list[Any]] = []
    spans, bold = [], []
    groups = list(form.groups)
    seen = {lv for lv, _ in groups}
    groups += [(lv, lv) for lv in sorted({f.level for f in facts} - seen)]
    for g, (level, label) in enumerate(groups, 1):
        mine = [t for t in every if t[2] == level]
        if not mine:
            continue
        spans.append(len(rows))
        rows.append([_roman(g), label] + [""] * len(form.columns))
        group_facts = [f for f in facts if f.level == level]
        for i, (code, name, _) in enumerate(mine, 1):
            if code in empty:
                rows.append([str(i), name] + [None] * len(form.columns))
                continue
            of_title = [f for f in group_facts if f.title_code == code]
            rows.append([str(i), name] + [c.value(of_title) for c in form.columns])
        bold.append(len(rows))
        rows.append(["", "Cộng"] + [c.value(group_facts) for c in form.columns])  # i18n: keep (printed form)
    bold.append(len(rows))
    counted = [f for f in facts if f.level in {lv for lv, _ in groups}]
    rows.append(["", "Tổng cộng"] + [c.value(counted) for c in form.columns])  # i18n: keep (printed form)
    headers = ["STT", "Danh hiệu thi đua, hình thức khen thưởng"] + [c.label for c in form.columns]  # i18n: keep
    notes = [c.printed_note for c in form.columns if c.printed_note]
    return StatTable(form.code, form.title, headers, rows, 2, spans, bold, notes, form.unit, form.sheet)


def commune_table(form: Form, facts: Sequence[Fact], communes: Sequence[tuple[str, str]]) -> StatTable:
    """The province's consolidation: one row per commune (all titles together) and the total."""
    rows: list[list[Any]] = []
    for code, name in communes:
        mine = [f for f in facts if f.commune == code]
        rows.append([code, name] + [c.value(mine) for c in form.columns])
    rows.append(["", "Tổng cộng"] + [c.value(facts) for c in form.columns])  # i18n: keep (printed form)
    headers = ["Mã", "Xã, phường"] + [c.label for c in form.columns]  # i18n: keep (printed form)
    notes = [c.printed_note for c in form.columns if c.printed_note]
    title = form.title + " THEO XÃ, PHƯỜNG"  # i18n: keep (printed form)
    return StatTable(form.code, title, headers, rows, 2, [], [len(rows) - 1], notes, form.unit,
                     "Theo xã, phường")  # i18n: keep (sheet name)


def matrix_table(form: Form, facts: Sequence[Any] | None) -> StatTable:
    """A form of lines × columns (0601, 0603): each cell counts the facts passing the line's filter and
    the column's; ``facts`` None: the data carry nothing of the kind (every cell empty)."""
    rows: list[list[Any]] = []
    spans: list[int] = []
    for ln in form.lines:
        if ln.heading:
            spans.append(len(rows))
            rows.append([ln.label, ""] + [""] * len(form.columns))
            continue
        empty = facts is None or ln.unavailable
        rows.append([ln.label, ln.code] + [None if empty else c.value(facts or (), ln.count or {})
                                           for c in form.columns])
    headers = ["Chỉ tiêu", "Mã số"] + [c.label for c in form.columns]  # i18n: keep (printed form)
    notes = [c.printed_note for c in form.columns if c.printed_note]
    if facts is None and form.province_note:
        notes.append(form.province_note)
    bold = [i for i, r in enumerate(rows) if r[1] == "01"]
    return StatTable(form.code, form.title, headers, rows, 2, spans, bold, notes, form.unit, form.sheet)


def _roman(n: int) -> str:
    from desktop.shared.fmt import roman

    return roman(n)


__all__ = ["Column", "Fact", "Form", "Forms", "Line", "Movement", "StatTable", "StatisticsConfigError", "award_table",
           "commune_table", "load_forms", "matrix_table"]
