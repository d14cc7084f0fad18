"""The commune's award decision and the proposal to the province: what goes in, their numbers (from the
document register, desktop/core/register.py) and the award history a decision writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import acts, register
from desktop.core.review.plans import DecisionInfo, DecisionPlan, DecisionRowInfo, _select, outcome_text
from desktop.core.review.ranking import check_year
from desktop.core.review.results import AUTHORITY_PREFIXES, DOC_CODES, Candidate, Subject, _money
from desktop.core.review.yeardata import YearData, _subj
from desktop.shared.errors import UserError, ValidationError
from desktop.shared.i18n import tr
from desktop.shared.text import nfc
from desktop.store.models import utcnow
from desktop.store.models_review import (
    AwardHistory,
    ReviewDecision,
    ReviewDecisionRow,
    ReviewMeeting,
    RowAchievement,
)


def _check_signing(signer_name: str, authority_prefix: str, number: int | None, act: str | None = None,
                   signer_title: str = "") -> str:
    """The signer's name as stored; refuses a missing name, an unknown authority, a wrong number, and
    (with ``act``) an authority the act is not signed with (resources/documents/signing.json: the
    chairman's own decision is never "TM. Ủy ban nhân dân") or that does not match the signer's title."""
    errors = {}
    signer_name = nfc(signer_name)
    if not signer_name:
        errors["signer_name"] = tr("Chưa nhập họ tên người ký.")
    if authority_prefix not in AUTHORITY_PREFIXES:
        errors["authority_prefix"] = tr("Thẩm quyền ký phải là một trong: {prefixes} hoặc để trống.").format(
            prefixes=", ".join(p for p in AUTHORITY_PREFIXES if p))
    elif act is not None:
        problem = acts.prefix_problem(act, authority_prefix, signer_title)
        if problem:
            errors["authority_prefix"] = problem
    if number is not None and (not isinstance(number, int) or number < 1):
        errors["number"] = tr("Số văn bản phải là số nguyên dương.")
    if errors:
        raise ValidationError(errors)
    return signer_name


def _check_free(s: Session, kind: str, number: int, year: int) -> None:
    """Refuse a number the officer chose that a live document of this kind signed in ``year`` has."""
    clash = s.scalar(select(ReviewDecision.id).where(
        ReviewDecision.kind == kind, ReviewDecision.number == number, ReviewDecision.deleted_at.is_(None),
        ReviewDecision.signed_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))))
    if clash is not None:
        raise ValidationError({"number": tr("Số {number} đã dùng cho văn bản khác năm {year}.").format(
            number=number, year=year)})


@dataclass(frozen=True)
class Replacement:
    """What a new decision or proposal replaces: the issued document ``document_id`` of the stored
    decision ``decision_id``, how (``change_kind``: dinh_chinh, thay_the) and why."""

    document_id: int
    decision_id: int
    change_kind: str
    reason: str


class ActRecorder(Protocol):
    """Freezes the document of a decision or proposal in the transaction that stores it
    (desktop.app.issuing): the decision is issued with its document, or not at all."""

    def decision(self, s: Session, info: DecisionInfo, replaces: Replacement | None) -> None: ...


def withdraw_awards(s: Session, decision_id: int, when: dt.datetime) -> int:
    """The award history a replaced or repealed decision wrote goes to the recycle bin (the new act
    writes its own); how many rows."""
    rows = s.scalars(select(AwardHistory).where(AwardHistory.decision_id == decision_id,
                                                AwardHistory.deleted_at.is_(None))).all()
    for r in rows:
        r.deleted_at = when
    s.flush()
    return len(rows)


class Decisions:
    """Decision and proposal use cases of ``Review`` (needs ``_sf``, ``catalog``, ``_audit``,
    ``_ballots`` and ``_recorder``)."""

    _recorder: ActRecorder | None = None

    # ---- decisions and proposals --------------------------------------------------------------
    def next_number(self, kind: str, signed_on: dt.date) -> int:
        """The number the next document of this kind signed in that year will get (a preview)."""
        with self._sf() as s:
            return register.next_in(s, signed_on.year, DOC_CODES[kind])

    def plan(self, year: int, signed_on: dt.date, meeting_id: int | None = None, include_warnings: bool = False,
             kind: str = "decision") -> DecisionPlan:
        """What ``decide`` with the same arguments would put in the document and leave out, without
        writing anything: the window's confirmation counts from it."""
        if kind not in DOC_CODES:
            raise ValueError(kind)
        with self._sf() as s:
            result = check_year(s, year, self.catalog, signed_on)
            return _select(self.catalog, result, self._ballots(s, meeting_id, year), kind, include_warnings, None)

    def decide(self, year: int, signed_on: dt.date, signer_name: str, signer_title: str = "",
               authority_prefix: str | None = None, number: int | None = None, meeting_id: int | None = None,
               include_warnings: bool = False, kind: str = "decision",
               only: Iterable[tuple[Subject, str]] | None = None,
               replaces: Replacement | None = None) -> DecisionInfo:
        """Build and store the commune's award decision (kind "decision": titles the commune chairman
        decides, with bonuses) or the proposal to the province (kind "proposal": the rest).

        Included: candidates with no blocking finding (warnings only with ``include_warnings``, once
        the council has confirmed them), whose ballot passed where the catalog requires one (and
        whose recorded ballot, if any, passed). Everybody left out is listed with the reason.

        ``replaces``: the issued act this one replaces or corrects; its awards are withdrawn first,
        in the same transaction, so its subjects can be decided again. The document is frozen by the
        recorder in that transaction too.
        """
        if kind not in DOC_CODES:
            raise ValueError(kind)
        # the act's own authority unless the officer chose one: the chairman signs his decision, the
        # committee its proposal (resources/documents/signing.json)
        authority_prefix = acts.resolve_prefix(kind, authority_prefix)
        signer_name = _check_signing(signer_name, authority_prefix, number, kind, signer_title or "Chủ tịch")  # i18n: keep (a title)
        cat = self.catalog
        wanted = set(only) if only is not None else None
        with self._sf() as s, s.begin():
            if replaces is not None:
                withdraw_awards(s, replaces.decision_id, utcnow())
            result = check_year(s, year, cat, signed_on)
            ballots = self._ballots(s, meeting_id, year)
            plan = _select(cat, result, ballots, kind, include_warnings, wanted)
            if not plan.chosen:
                raise UserError(plan.refusal(kind, year))
            chosen, left_out = plan.chosen, plan.left_out
            notes = []
            salary = cat.base_salary(signed_on) if kind == "decision" else None
            if salary is not None and not salary.verified:
                notes.append(f"Mức lương cơ sở {_money(salary.amount)} đồng ({salary.source}) chưa được xác minh "  # i18n: keep (stored in review_decision.note)
                             "bằng văn bản chính thức; kiểm tra trước khi ký.")
            if number is not None:
                _check_free(s, kind, number, signed_on.year)
            number = register.take_in(s, signed_on.year, DOC_CODES[kind], number)
            if meeting_id is None:  # cite the year's latest meeting (its ballots were counted above)
                meeting_id = s.scalar(select(ReviewMeeting.id).where(
                    ReviewMeeting.year == year, ReviewMeeting.deleted_at.is_(None))
                    .order_by(ReviewMeeting.held_on.desc(), ReviewMeeting.id.desc()).limit(1))
            number_text = f"{number:02d}/{DOC_CODES[kind]}-UBND"  # decree 30: below 10 with a leading 0
            d = ReviewDecision(kind=kind, year=year, number=number, number_text=number_text, signed_on=signed_on,
                               signer_name=signer_name, signer_title=nfc(signer_title),
                               authority_prefix=authority_prefix, catalog_version=cat.version,
                               base_salary=salary.amount if salary else None,
                               base_salary_source=salary.source if salary else "", total_amount=0,
                               meeting_id=meeting_id, note="\n".join(notes))
            s.add(d)
            s.flush()
            rows = self._write_rows(s, d, chosen)
            d.total_amount = sum(r.amount for r in rows)
            self._audit(s, "review_decision", d.id, "create",
                        {"number_text": [None, number_text], "rows": [None, len(rows)],
                         "total_amount": [None, d.total_amount], "catalog_version": [None, cat.version]})
            info = DecisionInfo(d.id, kind, year, number, number_text, signed_on, signer_name, d.signer_title,
                                authority_prefix, cat.version, d.base_salary, d.base_salary_source, d.total_amount,
                                rows, left_out, notes, meeting_id)
            if self._recorder is not None:
                self._recorder.decision(s, info, replaces)
            return info

    def _write_rows(self, s: Session, d: ReviewDecision, chosen: list[Candidate]) -> list[DecisionRowInfo]:
        """The document's rows (with the bonus of a decision) and, for a decision, the award history."""
        cat = self.catalog
        rows: list[DecisionRowInfo] = []
        data = YearData(s, d.year, 1) if any(cat.title(c.title_code).rewards_achievements for c in chosen) else None
        for i, c in enumerate(chosen, start=1):
            bonus = cat.bonus(c.title_code, d.signed_on, c.subject_type) if d.kind == "decision" else None
            m = cat.title(c.title_code).multiple_for(c.subject_type)
            multiple = str(m) if m is not None else ""
            amount = bonus.amount if bonus else 0
            st, sid = c.subject
            cols = {"person_id": sid if st == "person" else None,
                    "collective_id": sid if st == "collective" else None,
                    "household_id": sid if st == "household" else None}
            row = ReviewDecisionRow(decision_id=d.id, sort_order=i, title_code=c.title_code,
                                    subject_name=c.name, subject_detail=c.detail[:255],
                                    bonus_multiple=multiple, amount=amount, **cols)
            s.add(row)
            if data is not None and cat.title(c.title_code).rewards_achievements:
                s.flush()
                for a in data.free_achievements(c.subject):  # one achievement, one form of award
                    s.add(RowAchievement(row_id=row.id, achievement_id=a.id))
            if d.kind == "decision":
                s.add(AwardHistory(year=d.year, title_code=c.title_code, decision_no=d.number_text,
                                   decision_date=d.signed_on, level="xa", source="commune", decision_id=d.id,
                                   **cols))
            rows.append(DecisionRowInfo(st, sid, c.name, c.detail, c.title_code, c.title_name, multiple, amount))
        return rows

    def decisions(self, year: int | None = None) -> list[DecisionInfo]:
        with self._sf() as s:
            stmt = select(ReviewDecision).where(ReviewDecision.deleted_at.is_(None))
            if year is not None:
                stmt = stmt.where(ReviewDecision.year == year)
            out = []
            for d in s.scalars(stmt.order_by(ReviewDecision.signed_on, ReviewDecision.id)):
                rows = [DecisionRowInfo(*_subj(r), r.subject_name, r.subject_detail, r.title_code,
                                        self.catalog.title_name(r.title_code), r.bonus_multiple, r.amount,
                                        r.outcome, r.outcome_decision_no, r.outcome_decision_date,
                                        r.outcome_reason,
                                        outcome_text(self.catalog, r.title_code, r.outcome, r.outcome_decision_no,
                                                     r.outcome_decision_date, r.outcome_reason))
                        for r in s.scalars(select(ReviewDecisionRow).where(ReviewDecisionRow.decision_id == d.id)
                                           .order_by(ReviewDecisionRow.sort_order))]
                out.append(DecisionInfo(d.id, d.kind, d.year, d.number, d.number_text, d.signed_on, d.signer_name,
                                        d.signer_title, d.authority_prefix, d.catalog_version, d.base_salary,
                                        d.base_salary_source, d.total_amount, rows,
                                        notes=[n for n in d.note.split("\n") if n], meeting_id=d.meeting_id))
            return out
