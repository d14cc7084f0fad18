"""What hangs on a subject (a person, a household, a collective) when it goes to the recycle bin.

Two sorts of records point at a subject, both read from the record kind descriptions (KINDS):

* dependants: records *about* the subject (ratings, discipline, initiatives, registrations,
  achievements). They go to the recycle bin with it, stamped with the very same ``deleted_at``, and
  come back with it: restoring the subject restores exactly the dependants that left with it (one
  deleted on its own earlier carries an earlier stamp and stays in the bin).
* members: subjects that name it as their unit, village or household (a person's unit, a household's
  village, a person's household). Deleting a subject that still has live members is refused with the
  list, so no live person or household ever points into the recycle bin.

A record whose subject is in the recycle bin cannot be restored on its own (restore the subject), and
the data file sent to the province never carries a live record pointing at a deleted subject
(desktop/bundle/records_codec.py), which the province's verifier checks in every full file.

Qt-free; used by desktop.core.records (delete, restore) and the window's confirmation.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.shared.i18n import tr

if TYPE_CHECKING:
    from desktop.core.record_fields import Kind

SUBJECT_KINDS = ("person", "household", "collective")
SUBJECT_COLUMNS = {"person": "person_id", "collective": "collective_id", "household": "household_id"}


def _kinds():
    from desktop.core.record_kinds import KINDS

    return KINDS


@functools.cache
def links() -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    """(dependants, members): subject kind -> [(kind key, column)] of the records pointing at it."""
    dependants: dict[str, list[tuple[str, str]]] = {s: [] for s in SUBJECT_KINDS}
    members: dict[str, list[tuple[str, str]]] = {s: [] for s in SUBJECT_KINDS}
    for key, k in _kinds().items():
        for f in k.fields:
            if f.kind == "subject":
                for st in f.subject_types:
                    dependants[st].append((key, SUBJECT_COLUMNS[st]))
            elif f.kind == "ref" and f.ref in SUBJECT_KINDS:
                (members if key in SUBJECT_KINDS else dependants)[f.ref].append((key, f.name))
    return dependants, members


@dataclass
class Impact:
    """What deleting one record would take with it (``dependants``) or what stops it (``members``):
    kind key -> number of live records."""

    dependants: dict[str, int] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)


def _ids(s: Session, kind_key: str, column: str, target: int, stamp: dt.datetime | None, live: bool) -> list[int]:
    m = _kinds()[kind_key].model
    col = getattr(m, column)
    stmt = select(m.id).where(col == target)
    stmt = stmt.where(m.deleted_at.is_(None) if live else m.deleted_at == stamp)
    return list(s.scalars(stmt.order_by(m.id)))


def dependant_ids(s: Session, kind_key: str, record_id: int, stamp: dt.datetime | None = None) -> dict[str, list[int]]:
    """Dependants of a subject: the live ones (``stamp`` None), or those deleted at ``stamp``."""
    out: dict[str, list[int]] = {}
    for dk, column in links()[0].get(kind_key, []):
        ids = _ids(s, dk, column, record_id, stamp, live=stamp is None)
        if ids:
            out.setdefault(dk, []).extend(ids)
    return out


def live_members(s: Session, kind_key: str, record_id: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for mk, column in links()[1].get(kind_key, []):
        m = _kinds()[mk].model
        n = int(s.scalar(select(func.count()).select_from(m)
                         .where(getattr(m, column) == record_id, m.deleted_at.is_(None))) or 0)
        if n:
            out[mk] = out.get(mk, 0) + n
    return out


def impact(s: Session, kind_key: str, record_id: int) -> Impact:
    return Impact({k: len(v) for k, v in dependant_ids(s, kind_key, record_id).items()},
                  live_members(s, kind_key, record_id))


def count_lines(counts: dict[str, int]) -> str:
    """"– 3 đăng ký thi đua" lines, in navigation order."""
    kinds = _kinds()
    order = list(kinds)
    return "\n".join(tr("– {count} {what}").format(count=n, what=tr(kinds[k].singular))
                     for k, n in sorted(counts.items(), key=lambda kv: order.index(kv[0])))


def blocked_message(k: Kind, name: str, members: dict[str, int]) -> str:
    return tr("Không xóa được {what} “{name}” vì các bản ghi sau đang ghi {what} này là đơn vị, thôn hoặc hộ của "
              "mình:\n{lines}\n\nHãy sửa các bản ghi đó (chọn đơn vị, thôn, hộ khác) hoặc xóa chúng trước, rồi xóa "
              "lại.").format(what=tr(k.singular), name=name, lines=count_lines(members))


def issued_acts(s: Session, kind_key: str, record_id: int) -> list[str]:
    """The issued documents that name the subject (minutes that froze a vote on it, decisions and
    proposals that list it), as their numbers: an issued act is a record, so its subject stays."""
    from desktop.store.models_reports import IssuedDocument
    from desktop.store.models_review import Ballot, ReviewDecisionRow

    column = {"person": "person_id", "collective": "collective_id", "household": "household_id"}.get(kind_key)
    if column is None:
        return []
    meetings = select(Ballot.meeting_id).where(getattr(Ballot, column) == record_id, Ballot.deleted_at.is_(None))
    decisions = select(ReviewDecisionRow.decision_id).where(getattr(ReviewDecisionRow, column) == record_id)
    found = s.scalars(select(IssuedDocument.number_text).where(
        ((IssuedDocument.source_kind == "review_meeting") & IssuedDocument.source_id.in_(meetings))
        | ((IssuedDocument.source_kind == "review_decision") & IssuedDocument.source_id.in_(decisions)))
        .order_by(IssuedDocument.issued_on, IssuedDocument.id).limit(6)).all()
    return [n or "?" for n in found]


def issued_message(k: Kind, name: str, numbers: list[str]) -> str:
    listed = ", ".join(numbers[:5]) + (", …" if len(numbers) > 5 else "")
    return tr("Không xóa được {what} “{name}” vì có tên trong văn bản đã ban hành ({numbers}). Văn bản đã ban hành "
              "là hồ sơ, không sửa được: nếu thông tin sai, hãy sửa thông tin rồi lập văn bản đính chính ở trang "
              "Văn bản đã ban hành.").format(what=tr(k.singular), name=name, numbers=listed)


def move_to_bin(s: Session, kind_key: str, record_id: int, stamp: dt.datetime) -> dict[str, list[int]]:
    """Stamp the live dependants of a subject with ``stamp``; returns their ids by kind."""
    moved = dependant_ids(s, kind_key, record_id)
    for dk, ids in moved.items():
        m = _kinds()[dk].model
        s.execute(update(m).where(m.id.in_(ids)).values(deleted_at=stamp).execution_options(synchronize_session=False))
    return moved


def bring_back(s: Session, kind_key: str, record_id: int, stamp: dt.datetime) -> dict[str, list[int]]:
    """Restore the dependants that went to the bin with the subject (the same ``stamp``)."""
    back = dependant_ids(s, kind_key, record_id, stamp)
    for dk, ids in back.items():
        m = _kinds()[dk].model
        s.execute(update(m).where(m.id.in_(ids)).values(deleted_at=None).execution_options(synchronize_session=False))
    return back


def deleted_references(s: Session, k: Kind, obj) -> dict[str, str]:
    """Field -> message for each reference of ``obj`` that points at a record in the recycle bin (it
    cannot come back before that record does)."""
    from desktop.core.record_kinds import record_label

    kinds = _kinds()
    out: dict[str, str] = {}
    for f in k.fields:
        targets: list[tuple[str, int]] = []
        if f.kind == "subject":
            targets = [(st, getattr(obj, col)) for st, col in SUBJECT_COLUMNS.items()
                       if getattr(obj, col, None) is not None]
        elif f.kind == "ref" and f.ref and getattr(obj, f.name, None) is not None:
            targets = [(f.ref, getattr(obj, f.name))]
        for tk, tid in targets:
            target = s.get(kinds[tk].model, tid)
            if target is not None and target.deleted_at is not None:
                out[f.name] = tr("{field}: {what} “{name}” đang ở thùng rác. Hãy khôi phục {what} đó trước (các bản "
                                 "ghi xóa cùng lúc với nó được khôi phục theo).").format(
                    field=tr(f.label), what=tr(kinds[tk].singular), name=record_label(tk, target))
    return out


__all__ = ["links", "Impact", "impact", "dependant_ids", "live_members", "move_to_bin",
           "bring_back", "deleted_references", "blocked_message", "count_lines"]
