"""The change history of a record, read from the audit log: one line per change, with the fields
named by their labels, references by the record they point at and choices by their label. Qt-free;
desktop.core.records.Records.history calls it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import choices as C
from desktop.core.record_fields import BULK_RECORD_ID, Field, Kind, format_date
from desktop.shared.fmt import group
from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.store.models import AuditEntry

ACTION_LABELS = {"create": QT_TR_NOOP("Thêm mới"), "update": QT_TR_NOOP("Sửa"),
                 "delete": QT_TR_NOOP("Xóa (chuyển vào thùng rác)"),
                 "restore": QT_TR_NOOP("Khôi phục từ thùng rác"), "import": QT_TR_NOOP("Nhập dữ liệu")}


def _action_label(action: str) -> str:
    return tr(ACTION_LABELS[action]) if action in ACTION_LABELS else action


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor: str
    action: str
    details: str

    @property
    def local_time(self) -> str:
        local = self.at.replace(tzinfo=dt.UTC).astimezone()
        return local.strftime("%d/%m/%Y %H:%M:%S")


def _jsonable(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _show(f: Field | None, v: Any) -> str:
    if v in (None, ""):
        return tr("(trống)")
    if f is not None and f.kind == "choice":
        return C.label(f.choice_list(), str(v))
    if f is not None and f.kind == "date" and isinstance(v, str):
        try:
            return format_date(dt.date.fromisoformat(v))
        except ValueError:
            return v
    return str(v)


RefLabel = Callable[[Session, str, Any], str]   # (session, kind key, id) -> the record's label


def history_lines(s: Session, k: Kind, record_id: int, ref_label: RefLabel) -> list[HistoryLine]:
    """The history of one record of kind ``k``, oldest first."""
    labels = {"person_id": tr("Cá nhân"), "collective_id": tr("Tập thể"), "household_id": tr("Hộ gia đình")}
    labels.update({f.name: tr(f.label) for f in k.fields})
    ref_kinds = {"person_id": "person", "collective_id": "collective", "household_id": "household"}
    ref_kinds.update({f.name: f.ref for f in k.fields if f.kind == "ref" and f.ref})
    entries = s.scalars(
        select(AuditEntry)
        .where(AuditEntry.table_name == k.model.__tablename__,
               AuditEntry.record_id.in_((record_id, BULK_RECORD_ID)))
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    out = []
    for e in entries:
        changes = json.loads(e.changes or "{}")
        if e.record_id == BULK_RECORD_ID:
            # one entry for many rows written at once (sample data, spreadsheet import):
            # it names the id range it covers
            if not (changes.get("first_id", 0) <= record_id <= changes.get("last_id", -1)):
                continue
            count = group(changes.get('count', 0))
            out.append(HistoryLine(at=e.at, actor=e.actor, action=_action_label(e.action),
                                   details=tr("Tạo cùng lúc {count} bản ghi").format(count=count)))
            continue
        parts = []
        for name, (old, new) in changes.items():
            f = next((x for x in k.fields if x.name == name), None)
            if name in ref_kinds:
                old = ref_label(s, ref_kinds[name], old)
                new = ref_label(s, ref_kinds[name], new)
            parts.append(f"{labels.get(name, name)}: {_show(f, old)} → {_show(f, new)}")
        out.append(HistoryLine(at=e.at, actor=e.actor, action=_action_label(e.action),
                               details="; ".join(parts)))
    return out
