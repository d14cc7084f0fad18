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
FILTER_KEYS = ("subject", "sex", "categories")
FORM_KINDS = ("awards", "movements")
MOVEMENT_COUNTS = ("plans", "decisions", "culture_decisions", "proposals")


class StatisticsConfigError(UserError):
    """resources/statistics/forms.json cannot be used; the message says which entry and why."""


@dataclass(frozen=True)
class Fact:
    """One award of one subject, as the forms count it."""

    subject_type: str          # person | collective | household
    title_code: str
    level: str                 # xa | tinh | trung_uong | khac
    sex: str = ""              # a person's: nam | nu
    category: str = ""         # a person's Thành phần (desktop.core.choices.PERSON_CATEGORY)
    amount: int | None = None  # đồng, when the decision says (None: the data do not say)
    commune: str = ""          # the commune's unit code (the province's consolidation)


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    count: dict[str, Any] | None = None    # the filter a fact passes to be counted here
    sum: str = ""                          # "amount": the column adds up the facts' amounts
    unavailable: bool = False
    printed_note: str = ""

    def value(self, facts: Iterable[Fact]) -> int | None:
        """The count (or the sum) over ``facts``; None when the data do not say: an unavailable
        column, or a sum over facts none of which carries an amount."""
        if self.unavailable:
            return None
        chosen = [f for f in facts if _passes(f, self.count or {})]
        if not self.sum:
            return len(chosen)
        known = [f.amount for f in chosen if f.amount is not None]
        return sum(known) if known or not chosen else None


def _passes(f: Fact, flt: dict[str, Any]) -> bool:
    if "subject" in flt and f.subject_type != flt["subject"]:
        return False
    if "sex" in flt and f.sex != flt["sex"]:
        return False
    return "categories" not in flt or f.category in flt["categories"]


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    kind: str                                 # awards | movements
    columns: tuple[Column, ...] = ()
    groups: tuple[tuple[str, str], ...] = ()  # (level, label) of an awards form
    rows: tuple[dict[str, Any], ...] = ()     # a movements form's rows
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
    flt = raw.get("count")
    if flt is not None and (not isinstance(flt, dict) or set(flt) - set(FILTER_KEYS)):
        raise _bad(where, tr("“count” chỉ nhận {keys}").format(keys=", ".join(FILTER_KEYS)))
    if flt and flt.get("subject", "person") not in SUBJECTS:
        raise _bad(where, tr("đối tượng “{subject}” không có").format(subject=flt["subject"]))
    if raw.get("sum", "") not in ("", "amount"):
        raise _bad(where, tr("“sum” chỉ nhận “amount”"))
    if flt is None and not raw.get("sum") and not raw.get("unavailable"):
        raise _bad(where, tr("cột cần “count”, “sum” hoặc “unavailable”"))
    return Column(raw["id"], raw["label"], flt, raw.get("sum", ""), bool(raw.get("unavailable")),
                  raw.get("printed_note", ""))


def _form(raw: Any, n: int) -> Form:
    where = tr("biểu thứ {n}").format(n=n)
    if not isinstance(raw, dict) or raw.get("kind") not in FORM_KINDS:
        raise _bad(where, tr("“kind” phải là {kinds}").format(kinds=" | ".join(FORM_KINDS)))
    for key in ("code", "title"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise _bad(where, tr("thiếu “{key}”").format(key=key))
    columns = tuple(_column(c, tr("{where}, cột thứ {i}").format(where=where, i=i))
                    for i, c in enumerate(raw.get("columns", []), 1))
    groups = tuple((g["level"], g["label"]) for g in raw.get("groups", []))
    rows = tuple(raw.get("rows", []))
    for i, r in enumerate(rows, 1):
        if not isinstance(r, dict) or r.get("count") not in MOVEMENT_COUNTS or not r.get("label"):
            raise _bad(tr("{where}, dòng thứ {i}").format(where=where, i=i),
                       tr("“count” phải là một trong {kinds}").format(kinds=", ".join(MOVEMENT_COUNTS)))
    if raw["kind"] == "awards" and not (columns and groups):
        raise _bad(where, tr("biểu khen thưởng cần “columns” và “groups”"))
    return Form(raw["code"], raw["title"], raw["kind"], columns, groups, rows, raw.get("province_note", ""),
                raw.get("province_culture_note", ""))


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
    if {f.kind for f in forms} != set(FORM_KINDS):
        raise _bad("forms", tr("cần đủ các loại biểu {kinds}").format(kinds=", ".join(FORM_KINDS)))
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
    return StatTable(form.code, form.title, headers, rows, 2, spans, bold, notes)


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
    return StatTable(form.code, title, headers, rows, 2, [], [len(rows) - 1], notes)


def movement_table(form: Form, counts: dict[str, int] | None) -> StatTable:
    """The movements form from the commune's counts (keyed by row id); None: the data do not say."""
    rows: list[list[Any]] = []
    for i, r in enumerate(form.rows, 1):
        rows.append([str(i), r["label"], None if counts is None else counts.get(r["id"], 0)])
    notes = [form.province_note] if counts is None and form.province_note else []
    headers = ["STT", "Nội dung", "Số lượng"]  # i18n: keep (printed form)
    return StatTable(form.code, form.title, headers, rows, 2, [], [], notes)


def _roman(n: int) -> str:
    from desktop.shared.fmt import roman

    return roman(n)


__all__ = ["Column", "Fact", "Form", "Forms", "StatTable", "StatisticsConfigError", "award_table", "commune_table",
           "load_forms", "movement_table"]
