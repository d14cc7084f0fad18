"""Issuing the commune chairman's Giấy khen by theme (chuyên đề) or ad hoc (đột xuất) as a record: the
use case of desktop.core.review.special wired to a recorder that freezes its decision (the layout of
desktop.reports.special_docs) in the transaction that stores it, as the year-end decision is
(desktop.app.issuing_review.Recorder); and the launch plan of the year's movement (kế hoạch phát
động), issued once with a KH number."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from desktop.app import issuing
from desktop.app.issuing_docs import _check_number
from desktop.app.issuing_review import Recorder, _unit_name
from desktop.core import launch_plan, register
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.review import DecisionInfo, Replacement
from desktop.core.review.decisions import _check_signing
from desktop.core.review.special import Awardee, SpecialAwards, SpecialDecisionInfo
from desktop.reports import plan_docs, review_docs, special_docs
from desktop.reports.layout import lower_first
from desktop.shared.text import nfc


class SpecialRecorder(Recorder):
    """Lays a chuyên đề or đột xuất decision out with its own summary and first article; stored as
    every decision is (Recorder.decision)."""

    def build(self, s: Session, info: DecisionInfo, replaces: Replacement | None):
        assert isinstance(info, SpecialDecisionInfo) and replaces is None
        doc = special_docs.special_decision(info, _unit_name(s))
        rows = [{"subject_type": r.subject_type, "subject_id": r.subject_id, "title_code": r.title_code,
                 "name": r.name, "detail": r.detail, "amount": r.amount,
                 "achievement_ids": [i for i, _t in achieved]}
                for r, achieved in zip(info.rows, info.achievements, strict=True)]
        return doc, rows, doc.bases, None


def special_awards(db, actor: str, catalog: Catalog | None = None) -> SpecialAwards:
    """The use case wired to issue its decisions as records."""
    cat = catalog or load_catalog()
    return SpecialAwards(db.session, actor, cat, recorder=SpecialRecorder(actor or "Không rõ", cat))


def award(db, actor: str, occasion: str, theme: str, signed_on: dt.date, signer_name: str,
          awardees: list[Awardee], *, signer_title: str = "Chủ tịch", authority_prefix: str = "",
          number: int | None = None, catalog: Catalog | None = None) -> tuple[SpecialDecisionInfo, issuing.IssuedInfo]:
    """Issue the decision; (what was stored, the issued document)."""
    info = special_awards(db, actor, catalog).award(occasion, theme, signed_on, signer_name, awardees,
                                                    signer_title=signer_title, authority_prefix=authority_prefix,
                                                    number=number)
    issued = issuing.of_source(db, "review_decision", info.id)
    assert issued is not None
    return info, issued


# --------------------------------------------------------------------------- the launch plan


def plan_defaults(db, year: int) -> dict[str, list[str]]:
    """The default paragraphs of each section for this commune and year (resources/plan/launch_plan.json)."""
    with db.session() as s:
        unit = lower_first(_unit_name(s))
    return launch_plan.default_rules().defaults(unit, year)


def issue_plan(db, actor: str, plan: launch_plan.PlanInput, signer_name: str, signer_title: str = "Chủ tịch",
               number: int | None = None) -> issuing.IssuedInfo:
    """Store the year's launch plan and issue it (a KH number of the launch year, its content frozen),
    in one transaction. Its registration deadline counts from then on (the newest plan of the year)."""
    plan = launch_plan.clean(plan)
    signer_name = _check_signing(signer_name, "", number)
    with db.session() as s, s.begin():
        unit_name = _unit_name(s)
        _check_number(s, plan.launched_on.year, "KH", number)
        row = launch_plan.store(s, plan)
        taken = register.take_in(s, plan.launched_on.year, "KH", number)
        sections = launch_plan.sections_text(plan, lower_first(unit_name))
        signature = review_docs.signature_of(_Signer(signer_name, nfc(signer_title)))
        doc = plan_docs.launch_plan(unit_name, taken, plan.launched_on, plan.year, plan.title, sections,
                                    plan.registration_deadline, signature)
        stored = issuing.store(s, doc, kind="launch_plan", year=plan.year, issued_on=plan.launched_on, actor=actor,
                               rows=[{"target": c} for c in plan.targets], title=f"Kế hoạch {plan.title}",
                               signer_name=signer_name, signer_title=nfc(signer_title), source_kind="emulation_plan",
                               source_id=row.id)
        doc_id = stored.id
    return issuing.get(db, doc_id)


class _Signer:
    def __init__(self, name: str, title: str):
        self.signer_name, self.signer_title, self.authority_prefix = name, title, ""


__all__ = ["SpecialRecorder", "special_awards", "award", "issue_plan", "plan_defaults"]
