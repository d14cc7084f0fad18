"""Record kinds of the commune workspace and the use cases on them (list, add, edit, delete,
restore, history), Qt-free.

Each kind is described once, as data: its fields (labels, validation, choices) and its table columns
(with the SQL expression each column sorts by). The window builds its forms and tables from these
descriptions; the headless commands and the tests use the same functions.

This module holds the operations over a session (``Records``, ``counts``); the rest lives beside it
and is re-exported here, so ``from desktop.core.records import ...`` keeps working:
desktop.core.record_fields (Field, Column, Kind, dates and ranges), desktop.core.record_kinds (KINDS,
search keys, record labels), desktop.core.record_clean (cleaning and checking values) and
desktop.core.record_history (the change history).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from desktop.core import cascade, pickers
from desktop.core import choices as C
from desktop.core.labels import NAV_ORDER
from desktop.core.record_clean import clean_values
from desktop.core.record_fields import (  # noqa: F401 (re-exported)
    _ASCII_DIGITS,
    _ASCII_INT,
    BULK_RECORD_ID,
    DATE_YEARS_AHEAD,
    MAX_COUNT,
    MIN_BIRTH_YEAR,
    MIN_DATE,
    MIN_YEAR,
    Column,
    Field,
    Kind,
    _years_range,
    birth_dates_range,
    dates_range,
    format_date,
    parse_date,
    years_range,
)
from desktop.core.record_history import ACTION_LABELS, HistoryLine, _jsonable, history_lines  # noqa: F401
from desktop.core.record_kinds import (  # noqa: F401 (re-exported)
    KINDS,
    _sql_functions,
    kind,
    record_label,
    search_key_for,
    subject_name_sort,
)
from desktop.shared.errors import NotFoundError, UserError, ValidationError
from desktop.shared.i18n import tr
from desktop.shared.text import fold, given_name_key, like_pattern
from desktop.store.models import AuditEntry, utcnow


class Records:
    """Use cases over the workspace's records. ``actor`` is recorded in the change history."""

    def __init__(self, session_factory: Callable[[], Session], actor: str = ""):
        self._sf = session_factory
        self.actor = actor or "Không rõ"  # i18n: keep (stored in the change history)

    # ---- reading ----------------------------------------------------------------------------
    def _base_select(self, k: Kind, search: str = "", deleted: bool = False, export: bool = False) -> Select:
        cols = [k.model.id, *[c.expr for c in columns_of(k, export)]]
        stmt = select(*cols).select_from(k.model)
        for target, onclause in k.joins:
            stmt = stmt.outerjoin(target, onclause)
        stmt = stmt.where(k.model.deleted_at.is_not(None) if deleted else k.model.deleted_at.is_(None))
        q = fold(search)
        if q:
            pat = like_pattern(q)
            stmt = stmt.where(or_(*[e.like(pat, escape="\\") for e in k.search_exprs]))
        return stmt

    def list_rows(self, kind_key: str, search: str = "", sort_column: int | None = None,
                  descending: bool = False, offset: int = 0, limit: int | None = None,
                  deleted: bool = False, export: bool = False) -> list[tuple]:
        """Rows of (id, raw column values...). Sort column index counts the table columns from 1.
        ``export``: the kind's export columns follow the table's (Kind.export_columns)."""
        k = KINDS[kind_key]
        stmt = self._base_select(k, search, deleted, export)
        idx = sort_column if sort_column is not None else k.default_sort
        if 1 <= idx <= len(k.columns):
            col = k.columns[idx - 1]
            expr = col.sort if col.sort is not None else col.expr
            stmt = stmt.order_by(expr.desc() if descending else expr.asc(), k.model.id)
        else:
            stmt = stmt.order_by(k.model.id.desc() if descending else k.model.id)
        if offset:
            stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._sf() as s:
            _sql_functions(s)
            return [tuple(r) for r in s.execute(stmt)]

    def count(self, kind_key: str, search: str = "", deleted: bool = False, cap: int | None = None) -> int:
        """Number of matching rows; with ``cap``, counting stops after cap + 1 (enough to say "more than")."""
        k = KINDS[kind_key]
        inner_stmt = self._base_select(k, search, deleted).with_only_columns(k.model.id)
        if cap is not None:
            inner_stmt = inner_stmt.limit(cap + 1)
        inner = inner_stmt.subquery()
        with self._sf() as s:
            return int(s.scalar(select(func.count()).select_from(inner)) or 0)

    def search_page(self, kind_key: str, search: str = "", sort_column: int | None = None,
                    descending: bool = False, limit: int = 200, deleted: bool = False,
                    count_cap: int = 1000) -> SearchPage:
        """What a list shows after each keystroke: the first page, and how many match in all.

        The total is exact when everything fits on the page or there is no search text; for a
        search with many matches it is capped ("more than 1,000"), since an exact count would scan
        the whole table on every keystroke.
        """
        rows = self.list_rows(kind_key, search, sort_column, descending, 0, limit, deleted)
        if len(rows) < limit:
            return SearchPage(rows, len(rows), False)
        cap = count_cap if fold(search) else None
        total = self.count(kind_key, search, deleted, cap)
        if cap is not None and total > cap:
            return SearchPage(rows, cap, True)
        return SearchPage(rows, total, False)

    def display_row(self, kind_key: str, row: tuple, export: bool = False) -> list[str]:
        k = KINDS[kind_key]
        return [c.display(v) for c, v in zip(columns_of(k, export), row[1:])]

    def get(self, kind_key: str, record_id: int) -> dict[str, Any]:
        k = KINDS[kind_key]
        with self._sf() as s:
            obj = s.get(k.model, record_id)
            if obj is None:
                raise NotFoundError(tr("Không tìm thấy {what} (mã {id}); có thể đã bị xóa hẳn.")
                                    .format(what=tr(k.singular), id=record_id))
            return self._values_of(k, obj)

    def _values_of(self, k: Kind, obj) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in k.fields:
            if f.kind == "subject":
                if getattr(obj, "person_id", None):
                    out["subject"] = ("person", obj.person_id)
                elif getattr(obj, "collective_id", None):
                    out["subject"] = ("collective", obj.collective_id)
                elif getattr(obj, "household_id", None):
                    out["subject"] = ("household", obj.household_id)
                else:
                    out["subject"] = None
            else:
                out[f.name] = getattr(obj, f.name)
        if k.key == "indicator" and out.get("target_code") is not None:
            out["target_code"] = str(out["target_code"])
        out["deleted_at"] = obj.deleted_at
        return out

    def label_of(self, ref_kind: str, record_id: int | None) -> str:
        if record_id is None:
            return ""
        with self._sf() as s:
            obj = s.get(KINDS[ref_kind].model, record_id)
            return self._label(ref_kind, obj) if obj is not None else ""

    _label = staticmethod(record_label)

    def lookup(self, ref_kind: str, search: str = "", limit: int = 50,
               ref_filter: str | None = None, include_ended: bool = False) -> list[tuple[int, str]]:
        """(id, label) candidates for a reference field, matched without accents. A dissolved or merged
        collective is offered only with ``include_ended`` (a rating, a discipline, an achievement of its
        last years), never for a new unit, village, registration or merger."""
        if ref_kind == "person":
            with self._sf() as s:
                return [(o.id, pickers.person_label(o))
                        for o in s.scalars(pickers.person_lookup(search, limit)).unique()]
        k = KINDS[ref_kind]
        m = k.model
        stmt = select(m).where(m.deleted_at.is_(None))
        q = fold(search)
        if q:
            stmt = stmt.where(m.search_key.like(like_pattern(q), escape="\\"))
        if ref_kind == "collective" and ref_filter == "village":
            stmt = stmt.where(m.kind.in_(C.VILLAGE_KINDS))
        if ref_kind == "collective" and not include_ended:
            stmt = stmt.where(m.status.not_in(C.ENDED_STATUSES))
        order = m.sort_key if ref_kind == "person" else m.search_key
        stmt = stmt.order_by(order).limit(limit)
        with self._sf() as s:
            return [(o.id, self._label(ref_kind, o)) for o in s.scalars(stmt)]

    # ---- validation ---------------------------------------------------------------------------
    def clean(self, kind_key: str, raw: dict[str, Any], record_id: int | None = None,
              session: Session | None = None) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
        """Normalise raw form values. Returns (values, errors, warnings); errors block saving."""
        own = session is None
        s = session or self._sf()
        try:
            return clean_values(KINDS[kind_key], raw, record_id, s)
        finally:
            if own:
                s.close()

    # ---- writing ------------------------------------------------------------------------------
    def _apply(self, k: Kind, obj, values: dict[str, Any]) -> dict[str, list]:
        changes: dict[str, list] = {}
        for name, val in values.items():
            if name == "subject":
                st, sid = val
                new = {
                    "person_id": sid if st == "person" else None,
                    "collective_id": sid if st == "collective" else None,
                    "household_id": sid if st == "household" else None,
                }
                for attr, nv in new.items():
                    if not hasattr(obj, attr):
                        continue
                    ov = getattr(obj, attr)
                    if ov != nv:
                        changes[attr] = [ov, nv]
                        setattr(obj, attr, nv)
                continue
            ov = getattr(obj, name)
            if ov != val:
                if not (ov in (None, "") and val in (None, "")):
                    changes[name] = [_jsonable(ov), _jsonable(val)]
                setattr(obj, name, val)
        obj.search_key = search_key_for(k.key, values)
        if k.key == "person":
            obj.sort_key = given_name_key(values.get("full_name") or "")
        return changes

    def create(self, kind_key: str, raw: dict[str, Any], accept_warnings: bool = False) -> int:
        k = KINDS[kind_key]
        with self._sf() as s, s.begin():
            values, errors, warnings = self.clean(kind_key, raw, None, s)
            if errors or (warnings and not accept_warnings):
                raise ValidationError(errors, warnings)
            obj = k.model()
            changes = self._apply(k, obj, values)
            s.add(obj)
            s.flush()
            self._audit(s, k, obj.id, "create", changes)
            return obj.id

    def update(self, kind_key: str, record_id: int, raw: dict[str, Any], accept_warnings: bool = False) -> bool:
        """Save edits. Returns False when nothing changed."""
        k = KINDS[kind_key]
        with self._sf() as s, s.begin():
            obj = s.get(k.model, record_id)
            if obj is None or obj.deleted_at is not None:
                raise NotFoundError(tr("Không tìm thấy {what} cần sửa; có thể đã bị xóa ở cửa sổ khác.")
                                    .format(what=tr(k.singular)))
            values, errors, warnings = self.clean(kind_key, raw, record_id, s)
            if errors or (warnings and not accept_warnings):
                raise ValidationError(errors, warnings)
            changes = self._apply(k, obj, values)
            if not changes:
                return False
            self._audit(s, k, obj.id, "update", changes)
            return True

    def delete_impact(self, kind_key: str, record_id: int) -> cascade.Impact:
        """What deleting the record would move to the recycle bin with it, and what stops it."""
        with self._sf() as s:
            return cascade.impact(s, kind_key, record_id)

    def delete(self, kind_key: str, record_id: int) -> dict[str, int]:
        """Move to the recycle bin, with the records about it (desktop.core.cascade): returns how many of
        each kind went with it. Refused while other live records name it as their unit, village or
        household."""
        k = KINDS[kind_key]
        with self._sf() as s, s.begin():
            obj = s.get(k.model, record_id)
            if obj is None or obj.deleted_at is not None:
                raise NotFoundError(tr("Không tìm thấy {what} cần xóa; có thể đã bị xóa trước đó.")
                                    .format(what=tr(k.singular)))
            members = cascade.live_members(s, kind_key, record_id)
            if members:
                raise UserError(cascade.blocked_message(k, self._label(kind_key, obj), members))
            acts = cascade.issued_acts(s, kind_key, record_id)
            if acts:
                raise UserError(cascade.issued_message(k, self._label(kind_key, obj), acts))
            stamp = utcnow()
            obj.deleted_at = stamp
            self._audit(s, k, obj.id, "delete", {})
            moved = cascade.move_to_bin(s, kind_key, record_id, stamp)
            for dk, ids in moved.items():
                for i in ids:
                    self._audit(s, KINDS[dk], i, "delete", {})
            return {dk: len(ids) for dk, ids in moved.items()}

    def restore(self, kind_key: str, record_id: int) -> dict[str, int]:
        """Bring a record back from the recycle bin (re-checking uniqueness rules), with the records
        that went to the bin with it; returns how many of each kind came back with it. Refused while
        a record it points at is in the bin."""
        k = KINDS[kind_key]
        with self._sf() as s, s.begin():
            obj = s.get(k.model, record_id)
            if obj is None or obj.deleted_at is None:
                raise NotFoundError(tr("Không tìm thấy {what} trong thùng rác.").format(what=tr(k.singular)))
            gone = cascade.deleted_references(s, k, obj)
            if gone:
                raise ValidationError({f: tr("Không khôi phục được: {reason}").format(reason=m) for f, m in gone.items()})
            values = self._values_of(k, obj)
            values.pop("deleted_at", None)
            if k.key == "person" and obj.birth_date is not None:
                values["birth_date"] = obj.birth_date
            _, errors, _ = self.clean(kind_key, values, record_id, s)
            blocking = {f: m for f, m in errors.items() if f in ("cccd", "year")}
            if blocking:
                raise ValidationError(
                    {f: tr("Không khôi phục được: {reason}").format(reason=m) for f, m in blocking.items()})
            stamp = obj.deleted_at
            obj.deleted_at = None
            self._audit(s, k, obj.id, "restore", {})
            back = cascade.bring_back(s, kind_key, record_id, stamp)
            for dk, ids in back.items():
                for i in ids:
                    self._audit(s, KINDS[dk], i, "restore", {})
            return {dk: len(ids) for dk, ids in back.items()}

    def _audit(self, s: Session, k: Kind, record_id: int, action: str, changes: dict) -> None:
        s.add(AuditEntry(actor=self.actor, table_name=k.model.__tablename__, record_id=record_id,
                         action=action, changes=json.dumps(changes, ensure_ascii=False, default=str)))

    def _ref_label(self, s: Session, ref_kind: str, rid: Any) -> str:
        if rid in (None, ""):
            return ""
        obj = s.get(KINDS[ref_kind].model, int(rid))
        return self._label(ref_kind, obj) if obj is not None else tr("(mã {id})").format(id=rid)

    def history(self, kind_key: str, record_id: int) -> list[HistoryLine]:
        with self._sf() as s:
            return history_lines(s, KINDS[kind_key], record_id, self._ref_label)


def columns_of(k: Kind, export: bool = False) -> list[Column]:
    """The table's columns, and with ``export`` the ones only the spreadsheet export adds."""
    return [*k.columns, *k.export_columns] if export else k.columns


@dataclass(frozen=True)
class SearchPage:
    rows: list[tuple]
    total: int
    more_than: bool  # True: at least ``total`` + 1 rows match (the count was capped)


def counts(session_factory: Callable[[], Session], keys: Iterable[str] = NAV_ORDER) -> dict[str, int]:
    out = {}
    with session_factory() as s:
        for key in keys:
            m = KINDS[key].model
            out[key] = int(s.scalar(select(func.count()).select_from(m).where(m.deleted_at.is_(None))) or 0)
    return out


__all__ = ["Records", "KINDS", "NAV_ORDER", "Kind", "Field", "Column", "kind", "counts",
           "parse_date", "format_date", "HistoryLine", "SearchPage"]
