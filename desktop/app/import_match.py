"""What a spreadsheet row of the import finds among the records already stored, and an updated list
written over them (desktop.app.spreadsheets drives it).

A row is the same record as a stored one when:

- a person: the same CCCD; a row without one (or with a CCCD no one has yet), the same name and birth
  date as exactly one person whose CCCD is empty or the same;
- a household: the same head and village, and the same address (an empty address on either side
  matches any): a head with the same name at another address is another household;
- a collective: the same name (accents and case aside); an indicator: the same year, target, period and
  name.

Only the columns the sheet has, and only its cells that are not empty, change a stored record: an empty
cell never erases what is stored, and a text differing only in upper and lower case is not a change.
Every change is written with its old and new value in the record's history. The CCCD a spreadsheet
stored as a number is restored here too (``cccd_cell``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from desktop.shared.errors import UserError
from desktop.shared.i18n import tr
from desktop.shared.text import fold, nfc

# ---------------------------------------------------------------------------- CCCD stored as a number

# digits a CCCD keeps when Excel stored it as a number: its province code begins with 0, so one or more
# leading zeros are gone; fewer than 9 digits left is not a CCCD that lost its zeros
_RESTORABLE = range(9, 12)
_ROUNDED_ZEROS = 5            # "1,23457E+10" saved back as a number: its last digits are zeros
_EXPONENT = re.compile(r"^[0-9]+([.,][0-9]+)?[eE][+]?[0-9]+$")


def cccd_cell(value: Any) -> tuple[str, str | None, str | None]:
    """A CCCD cell as the text to check, with a warning (a number whose leading zeros were restored) or
    an error (a number that cannot be a CCCD as it is); a text cell is returned as it is."""
    if value is None or isinstance(value, bool):
        return "", None, None
    if isinstance(value, float):
        if not value.is_integer() or not 0 < value < 1e12:
            return "", None, _lost(f"{value:g}")
        value = int(value)
    if isinstance(value, int):
        return _restored(value)
    text = nfc(str(value)).strip()
    if _EXPONENT.match(text.replace(" ", "")):
        return "", None, _lost(text)
    return text, None, None


def _restored(number: int) -> tuple[str, str | None, str | None]:
    from desktop.core import cccd as rules

    digits = str(number)
    padded = digits.zfill(12)
    if len(digits) not in _RESTORABLE or not rules.province_known(padded):
        return "", None, tr(
            "Ô Số CCCD là một số ({number}, {count} chữ số), không khôi phục được thành số CCCD 12 chữ số có mã "
            "tỉnh hợp lệ. Hãy định dạng cột Số CCCD là Văn bản (Text) và gõ lại đủ 12 chữ số như trên thẻ.").format(
            number=digits, count=len(digits))
    if len(digits) - len(digits.rstrip("0")) >= _ROUNDED_ZEROS:
        return "", None, _lost(digits)
    return padded, tr(
        "Số CCCD được Excel lưu dạng số nên mất số 0 ở đầu ({number}); đã khôi phục thành {restored}. Hãy đối chiếu "
        "với thẻ; lần sau định dạng cột Số CCCD là Văn bản (Text).").format(number=digits, restored=padded), None


def _lost(shown: str) -> str:
    return tr("Ô Số CCCD ({number}) đã bị Excel đổi thành số dạng lũy thừa hoặc làm tròn, các chữ số cuối đã mất. "
              "Hãy định dạng cột Số CCCD là Văn bản (Text) và gõ lại đủ 12 chữ số như trên thẻ.").format(
        number=shown[:24])


# ---------------------------------------------------------------------------- matching stored records


@dataclass
class Match:
    record_id: int | None = None
    problem: str | None = None       # several stored records fit: which one is meant is not known


class Existing:
    """The live records of one kind, indexed by what the import matches on (loaded once)."""

    def __init__(self, s, kind: str):
        from sqlalchemy import select

        from desktop.store.models import Collective, Household, Indicator, Person

        self.kind = kind
        self.by_key: dict[Any, list[tuple[int, Any]]] = {}
        self.cccds: dict[str, int] = {}
        if kind == "person":
            for rid, cccd, name, born in s.execute(select(Person.id, Person.cccd, Person.full_name, Person.birth_date)
                                                   .where(Person.deleted_at.is_(None))):
                if cccd:
                    self.cccds[cccd] = rid
                if born is not None:
                    self.by_key.setdefault((fold(name), born), []).append((rid, cccd or ""))
        elif kind == "household":
            rows = s.execute(select(Household.id, Household.head_name, Household.village_id, Household.address)
                             .where(Household.deleted_at.is_(None)))
            for rid, head, village, address in rows:
                self.by_key.setdefault((fold(head), village), []).append((rid, fold(address)))
        elif kind == "collective":
            for rid, name in s.execute(select(Collective.id, Collective.name).where(Collective.deleted_at.is_(None))):
                self.by_key.setdefault(fold(name), []).append((rid, None))
        elif kind == "indicator":
            rows = s.execute(select(Indicator.id, Indicator.year, Indicator.target_code, Indicator.period,
                                    Indicator.name).where(Indicator.deleted_at.is_(None)))
            for rid, y, t, p, n in rows:
                self.by_key.setdefault((y, str(t), p, fold(n)), []).append((rid, None))

    def find(self, v: dict[str, Any]) -> Match:
        """The stored record a row's cleaned values are (none, one, or a question)."""
        if self.kind == "person":
            cccd = v.get("cccd") or ""
            if cccd in self.cccds:
                return Match(self.cccds[cccd])
            if not v.get("full_name") or v.get("birth_date") is None:
                return Match()
            cands = [rid for rid, c in self.by_key.get((fold(v["full_name"]), v["birth_date"]), []) if c in ("", cccd)]
            if len(cands) > 1:
                return Match(problem=tr("Có {count} người cùng họ tên và ngày sinh trong dữ liệu: hãy ghi số CCCD để "
                                        "biết dòng này là ai.").format(count=len(cands)))
            return Match(cands[0] if cands else None)
        if self.kind == "household":
            address = fold(v.get("address") or "")
            cands = [rid for rid, a in self.by_key.get((fold(v.get("head_name") or ""), v.get("village_id")), [])
                     if not address or not a or a == address]
            if len(cands) > 1:
                return Match(problem=tr("Có {count} hộ cùng tên chủ hộ ở thôn này trong dữ liệu: hãy ghi địa chỉ cho "
                                        "khớp với hộ cần cập nhật.").format(count=len(cands)))
            return Match(cands[0] if cands else None)
        if self.kind == "collective":
            key: Any = fold(v.get("name") or "")
        else:
            key = (v.get("year"), str(v.get("target_code")), v.get("period"), fold(v.get("name") or ""))
        cands = [rid for rid, _ in self.by_key.get(key, [])]
        return Match(cands[0] if cands else None)


def skipped_message(kind: str) -> str:
    """A row that is a stored record, imported with "chỉ thêm mới"."""
    return {"person": tr("Người này đã có trong dữ liệu; bỏ qua (chọn “Thêm mới và cập nhật” để cập nhật hồ sơ)."),
            "household": tr("Hộ này đã có trong dữ liệu; bỏ qua (chọn “Thêm mới và cập nhật” để cập nhật)."),
            "collective": tr("Tập thể này đã có trong dữ liệu; bỏ qua (chọn “Thêm mới và cập nhật” để cập nhật)."),
            }.get(kind, tr("Chỉ tiêu này đã có trong dữ liệu; bỏ qua (chọn “Thêm mới và cập nhật” để cập nhật)."))


# ---------------------------------------------------------------------------- an update and its changes


@dataclass
class FieldChange:
    name: str          # record field
    label: str         # its label (Vietnamese, shown through tr)
    old: str           # as the officer reads it
    new: str


@dataclass
class RowUpdate:
    row: int                                   # sheet row
    record_id: int
    label: str                                 # the stored record as the window names it
    values: dict[str, Any]                     # every field, cleaned (the search key is built from them)
    changes: dict[str, tuple[Any, Any]]        # field -> (stored, new): what is written
    shown: list[FieldChange] = field(default_factory=list)


def stored_values(k, obj) -> dict[str, Any]:
    """A stored record's fields as the record rules take them back (as Records.restore does)."""
    out = {f.name: getattr(obj, f.name) for f in k.fields if f.kind != "subject"}
    if k.key == "indicator" and out.get("target_code") is not None:
        out["target_code"] = str(out["target_code"])
    return out


def updated_row(rec, s, kind: str, record_id: int, values_in: dict[str, Any], given: set[str], rn: int):
    """The row written over the stored record: its given cells over the stored values, checked by the
    record rules as an edit of that record. Returns (RowUpdate or None when nothing changes, the cleaned
    values, errors, warnings)."""
    from desktop.core.records import KINDS, record_label

    k = KINDS[kind]
    obj = s.get(k.model, record_id)
    old = stored_values(k, obj)
    merged = dict(old)
    for name in given:
        if name in values_in:
            merged[name] = values_in[name]
    values, errors, warnings = rec.clean(kind, merged, record_id, s)
    changes: dict[str, tuple[Any, Any]] = {}
    for name in sorted(given, key=[f.name for f in k.fields].index):
        new, was = values.get(name), old.get(name)
        if kind == "indicator" and name == "target_code":
            new, was = str(new), str(was)
        if isinstance(new, str) and isinstance(was, str) and new.casefold() == was.casefold():
            continue  # "thôn đông" in a sheet does not rewrite "Thôn Đông"
        if new != was and not (new in (None, "") and was in (None, "")):
            changes[name] = (getattr(obj, name), values.get(name))
    if not changes:
        return None, values, errors, warnings
    shown = [FieldChange(name, k.field(name).label, _shown(s, k.field(name), a), _shown(s, k.field(name), b))
             for name, (a, b) in changes.items()]
    return RowUpdate(rn, record_id, record_label(kind, obj), values, changes, shown), values, errors, warnings


def _shown(s, f, v: Any) -> str:
    from desktop.core import choices as C
    from desktop.core.records import KINDS, format_date, record_label

    if v in (None, ""):
        return tr("(trống)")
    if f.kind == "choice":
        return C.label(f.choice_list(), str(v))
    if isinstance(v, dt.date):
        return format_date(v)
    if f.kind == "ref" and f.ref:
        obj = s.get(KINDS[f.ref].model, int(v))
        return record_label(f.ref, obj) if obj is not None else str(v)
    return str(v)


def given_fields(spec, mapping: dict[str, int | None], raw: dict[str, Any], bad_cells: set[str]) -> set[str]:
    """The record fields a row sets: a mapped column, a cell that is not empty (and not refused)."""
    rename = {"collective": "collective_id", "village": "village_id", "merged_into": "merged_into_id"}
    out = set()
    for f in spec.fields:
        v = raw.get(f.name)
        if mapping.get(f.name) is None or f.name in bad_cells or v is None or (isinstance(v, str) and not v.strip()):
            continue
        out.add(rename.get(f.name, f.name))
    return out


def write_updates(s, kind: str, updates: list[RowUpdate], actor: str, now: dt.datetime) -> None:
    """Write the checked changes over the stored records (inside the import's transaction), each with
    its history entry. A record changed or deleted since the check refuses the whole import."""
    from desktop.core.records import KINDS, search_key_for
    from desktop.shared.text import given_name_key
    from desktop.store.models import AuditEntry

    k = KINDS[kind]
    model: Any = k.model
    for u in updates:
        obj = s.get(model, u.record_id)
        if obj is None or obj.deleted_at is not None or any(getattr(obj, n) != a for n, (a, _b) in u.changes.items()):
            raise UserError(tr("{record} (dòng {row}) đã được sửa hoặc xóa sau khi kiểm tra; chưa ghi gì. Hãy bấm "
                               "“Kiểm tra dữ liệu” lại rồi nhập.").format(record=u.label, row=u.row))
        for name, (_a, b) in u.changes.items():
            setattr(obj, name, b)
        obj.search_key = search_key_for(kind, u.values)
        if kind == "person":
            obj.sort_key = given_name_key(u.values.get("full_name") or "")
        obj.updated_at = now
        s.add(AuditEntry(actor=actor, table_name=model.__tablename__, record_id=u.record_id, action="update", at=now,
                         changes=json.dumps({n: [_json(a), _json(b)] for n, (a, b) in u.changes.items()},
                                            ensure_ascii=False)))


def _json(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v
