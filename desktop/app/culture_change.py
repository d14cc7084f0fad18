"""Changing an issued act of the cultural titles' procedure: only by a new act naming the one it
changes (desktop.app.issuing_review.supersede sends the culture kinds here).

- the decision repealed (bãi bỏ): a decision of repeal (kind "repeal", a QĐ number from the register)
  naming the act and the reason; the award history the repealed decision wrote goes to the recycle bin;
  the round goes back to "finished" without a decision, so that the officer can reopen it to correct
  the marks (desktop.app.culture.reopen) or issue again — one transaction.
- the decision replaced (thay thế): a new decision from the round as it stands now (after its marks
  were corrected: reopened with ``for_replacement`` and finished again), naming the act it replaces;
  the old awards withdrawn and the new written, in one transaction.
- the decision corrected (đính chính): the same list, names and details as the records hold now, a new
  number, naming the act corrected; its awards rewritten under the new number.
- the minutes corrected or replaced: laid out again from the round with a line naming the old ones;
  never repealed (the meeting took place)."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from sqlalchemy.orm import Session

from desktop.app import culture, culture_issue, issuing
from desktop.app.issuing_review import change_line
from desktop.core import register
from desktop.reports import culture_docs as docs
from desktop.reports import review_docs
from desktop.shared.errors import UserError
from desktop.store.models import utcnow
from desktop.store.models_culture import CultureRound
from desktop.store.models_reports import IssuedDocument

KINDS = ("culture_decision", "culture_minutes")


def supersede(db, info: issuing.IssuedInfo, change_kind: str, reason: str, actor: str, on: dt.date, *,
              signer_name: str | None = None, signer_title: str | None = None, authority_prefix: str | None = None,
              catalog=None) -> issuing.IssuedInfo:
    """``info`` (a culture decision or minutes, in force, ``reason`` checked) changed by a new act."""
    if info.kind == "culture_minutes":
        if change_kind == "bai_bo":
            raise UserError("Không bãi bỏ biên bản họp bình xét: cuộc họp đã diễn ra. Hãy lập biên bản đính chính "
                            f"(python -m desktop documents supersede {info.id} --change dinh_chinh --reason \"…\"); "
                            "nếu danh sách được công nhận sai, hãy bãi bỏ hoặc thay thế quyết định tặng danh hiệu.")
        return _minutes(db, info, change_kind, reason, actor)
    signer = SimpleNamespace(signer_name=signer_name or info.signer_name,
                             signer_title=info.signer_title if signer_title is None else signer_title,
                             authority_prefix=info.authority_prefix if authority_prefix is None else authority_prefix)
    if signer.authority_prefix not in culture_issue.PREFIXES:
        raise UserError("Thẩm quyền ký phải để trống (Chủ tịch ký) hoặc KT. (Phó Chủ tịch ký thay).")
    if change_kind == "bai_bo":
        return _repeal(db, info, reason, actor, on, signer)
    return _reissue(db, info, change_kind, reason, actor, on, signer, catalog)


def _round_of(s: Session, info: issuing.IssuedInfo) -> tuple[IssuedDocument, CultureRound]:
    old = s.get(IssuedDocument, info.id)
    if old is None or old.source_kind != "culture_round" or old.source_id is None:
        raise UserError(f"Không tìm thấy đợt bình xét của văn bản {info.number_text or info.id}.")
    return old, culture._round(s, old.source_id)


def _check_current(r: CultureRound, old: IssuedDocument) -> None:
    if r.decision_doc_id != old.id:  # an earlier act of the round, already superseded: check_change refused it
        raise UserError(f"Quyết định {old.number_text} không còn là quyết định của đợt bình xét mã {r.id}; hãy thay "
                        "đổi quyết định đang có hiệu lực.")


def withdraw(s: Session, old: IssuedDocument, r: CultureRound) -> int:
    """The award history ``old`` wrote goes to the recycle bin (nothing else); how many rows."""
    when = utcnow()
    rows = culture_issue.award_rows_of(s, old, r)
    for a in rows:
        a.deleted_at = when
    s.flush()
    return len(rows)


def _repeal(db, info: issuing.IssuedInfo, reason: str, actor: str, on: dt.date, signer) -> issuing.IssuedInfo:
    unit = culture_issue._unit_name(db)
    with db.session() as s, s.begin():
        old, r = _round_of(s, info)
        _check_current(r, old)
        number = register.take_in(s, on.year, "QĐ")
        doc = docs.repeal(unit, number, on, old.number_text, old.issued_on, old.title, reason,
                          review_docs.signature_of(signer))
        withdrawn = withdraw(s, old, r)
        row = issuing.store(s, doc, kind="repeal", year=old.year, issued_on=on, actor=actor,
                            rows=[{"withdrawn_awards": withdrawn}], title=doc.summary,
                            signer_name=signer.signer_name, signer_title=signer.signer_title,
                            authority_prefix=signer.authority_prefix, catalog_version=old.catalog_version,
                            source_kind="culture_round", source_id=r.id, replaces_id=old.id, change_kind="bai_bo",
                            change_reason=reason)
        r.status, r.decision_no, r.decision_date, r.decision_doc_id = "finished", "", None, None
        culture._audit(s, actor, r, "update", {"status": ["decided", "finished"],
                                               "decision_no": [old.number_text, None],
                                               "repealed_by": [None, row.number_text], "awards": [withdrawn, 0]})
        new_id = row.id
    return issuing.get(db, new_id)


def _reissue(db, info: issuing.IssuedInfo, change_kind: str, reason: str, actor: str, on: dt.date, signer,
             catalog) -> issuing.IssuedInfo:
    unit = culture_issue._unit_name(db)
    with db.session() as s, s.begin():
        old, r = _round_of(s, info)
        _check_current(r, old)
        if r.status == "open":
            raise UserError(f"Đợt bình xét mã {r.id} đang mở lại để sửa kết quả: hãy kết thúc bình xét (python -m "
                            "desktop culture finish) rồi mới ban hành quyết định thay thế, đính chính.")
        ids = [int(x["id"]) for x in json.loads(old.rows)] if change_kind == "dinh_chinh" else None
        withdrawn = withdraw(s, old, r)   # first: the new act writes the same subjects' awards again
        row = culture_issue.decision_in(
            s, r, unit, on, actor, culture_issue.Signer(signer.signer_name, signer.signer_title,
                                                        signer.authority_prefix),
            catalog, change=culture_issue.Change(old, change_kind, reason, withdrawn), ids=ids)
        new_id = row.id
    return issuing.get(db, new_id)


def _minutes(db, info: issuing.IssuedInfo, change_kind: str, reason: str, actor: str) -> issuing.IssuedInfo:
    unit = culture_issue._unit_name(db)
    with db.session() as s, s.begin():
        old, r = _round_of(s, info)
        notes = [change_line("Biên bản", old, change_kind, reason)]
        new_id = culture_issue.issue_minutes_in(s, r, unit, actor, change=culture_issue.Change(
            old, change_kind, reason), notes=notes)
    return issuing.get(db, new_id)


__all__ = ["KINDS", "supersede", "withdraw"]
