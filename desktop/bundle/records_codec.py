"""Records in a data file: how the commune writes each kind (from the record kind descriptions) and
how the province checks every record (types, lengths, codes, and that it belongs to the sender)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.bundle.container import UID
from desktop.bundle.errors import BundleRefused
from desktop.core.records import KINDS, NAV_ORDER, Field

RECORD_KINDS: tuple[str, ...] = NAV_ORDER
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
SUBJECT_COLUMNS = {"person": "person_id", "collective": "collective_id", "household": "household_id"}


def uid(commune: str, kind: str, record_id: int) -> str:
    return f"{commune}:{kind}:{record_id}"


def export_kind(session: Session, commune: str, kind_key: str) -> Iterator[dict[str, Any]]:
    """Live (not deleted) records of one kind as plain JSON-able dicts."""
    k = KINDS[kind_key]
    m = k.model
    for obj in session.scalars(select(m).where(m.deleted_at.is_(None)).order_by(m.id)):
        rec: dict[str, Any] = {"uid": uid(commune, kind_key, obj.id)}
        for f in k.fields:
            if f.kind == "subject":
                rec["subject"] = None
                for st, col in SUBJECT_COLUMNS.items():
                    sid = getattr(obj, col, None)
                    if sid is not None:
                        rec["subject"] = {"type": st, "uid": uid(commune, st, sid)}
                continue
            v = getattr(obj, f.name)
            if f.kind == "ref":
                rec[f.name] = uid(commune, f.ref or "", v) if v is not None else None
            elif f.kind == "date":
                rec[f.name] = v.isoformat() if v is not None else None
            elif f.kind in ("year", "int") or (kind_key == "indicator" and f.name == "target_code"):
                rec[f.name] = int(v) if v is not None else None
            else:
                rec[f.name] = v if v is not None else None
        yield rec


def _bad(kind: str, line: int, what: str) -> BundleRefused:
    return BundleRefused("bad_field", f"Bản ghi thứ {line} loại “{KINDS[kind].label}”: {what}.")


def check_uid(value: Any, commune: str, kind: str | None, part_kind: str, line: int, what: str) -> str:
    if not isinstance(value, str) or not UID.match(value):
        raise _bad(part_kind, line, f"mã {what} không hợp lệ")
    code, k, _ = UID.match(value).groups()  # type: ignore[union-attr]
    if code != commune:
        raise BundleRefused(
            "foreign_record",
            f"Bản ghi thứ {line} loại “{KINDS[part_kind].label}” thuộc đơn vị mã {code}, không phải của đơn vị "
            f"gửi tệp (mã {commune}). Tệp bị từ chối; hãy đề nghị xã kiểm tra và xuất lại.")
    if kind is not None and k != kind:
        raise _bad(part_kind, line, f"mã {what} trỏ sai loại bản ghi")
    return value


def _check_field(f: Field, value: Any, kind: str, line: int, commune: str) -> None:
    if value is None:
        return
    if f.kind in ("text", "multiline", "cccd", "choice"):
        if not isinstance(value, str):
            raise _bad(kind, line, f"“{f.label}” phải là chuỗi ký tự")
        limit = f.max_len or 4000
        if len(value) > limit:
            raise _bad(kind, line, f"“{f.label}” dài {len(value)} ký tự, vượt quá {limit}")
        if f.kind == "choice" and value and f.name != "target_code":
            codes = {c for c, _ in f.choice_list()}
            if value not in codes:
                raise _bad(kind, line, f"“{f.label}” có mã “{value[:30]}” không có trong danh mục")
        if f.kind == "cccd" and value and not (len(value) == 12 and value.isdigit() and value.isascii()):
            raise _bad(kind, line, "số CCCD không đủ 12 chữ số")
    elif f.kind == "date":
        if not isinstance(value, str) or not ISO_DATE.match(value):
            raise _bad(kind, line, f"“{f.label}” không phải ngày hợp lệ")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise _bad(kind, line, f"“{f.label}” không phải ngày hợp lệ") from None
    elif f.kind in ("year", "int"):
        if isinstance(value, bool) or not isinstance(value, int) or not (0 <= value <= 1_000_000):
            raise _bad(kind, line, f"“{f.label}” phải là số nguyên hợp lệ")
    elif f.kind == "ref":
        check_uid(value, commune, f.ref, kind, line, f"“{f.label}”")
    elif f.kind == "subject":
        if not isinstance(value, dict) or set(value) != {"type", "uid"} or value["type"] not in f.subject_types:
            raise _bad(kind, line, f"“{f.label}” không hợp lệ")
        check_uid(value["uid"], commune, value["type"], kind, line, "đối tượng")


def check_record(kind: str, rec: dict[str, Any], line: int, commune: str) -> None:
    k = KINDS[kind]
    allowed = {"uid"} | {f.name for f in k.fields}
    unknown = set(rec) - allowed
    if unknown:
        raise _bad(kind, line, f"có trường lạ “{sorted(unknown)[0][:30]}”")
    check_uid(rec.get("uid"), commune, kind, kind, line, "bản ghi")
    for f in k.fields:
        if f.name not in rec:
            raise _bad(kind, line, f"thiếu trường “{f.label}”")
        value = rec[f.name]
        if kind == "indicator" and f.name == "target_code":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99:
                raise _bad(kind, line, "mã mục tiêu không hợp lệ")
            continue
        if f.required and value in (None, ""):
            raise _bad(kind, line, f"thiếu “{f.label}”")
        _check_field(f, value, kind, line, commune)
