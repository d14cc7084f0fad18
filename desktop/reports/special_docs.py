"""The chairman's Giấy khen decision by theme (chuyên đề) or ad hoc (đột xuất), laid out as the
year-end decision is (desktop.reports.review_docs.decision: decree 30, the same bases, money article,
signature and attached list) with its own summary, first article and list subtitle."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from desktop.reports import review_docs
from desktop.reports.documents import DecisionDoc
from desktop.reports.layout import lower_first

if TYPE_CHECKING:  # plain records of the review (desktop.core.review.special)
    from desktop.core.review.special import SpecialDecisionInfo


def special_decision(info: SpecialDecisionInfo, unit_name: str) -> DecisionDoc:
    """The decision ``info`` (its ``wording``: the occasion's texts from resources/awards/special.json)."""
    wording = info.wording
    assert wording is not None
    doc = review_docs.decision(info, unit_name)
    values = {"theme": info.theme.rstrip("."), "unit": lower_first(unit_name), "count": len(info.rows)}
    first = wording.article.format(**values)
    rows = [dataclasses.replace(r, note="; ".join(text for _id, text in achieved)[:300])
            for r, achieved in zip(doc.rows, info.achievements, strict=True)]
    return dataclasses.replace(doc, summary=wording.summary.format(**values), articles=[first, *doc.articles[1:]],
                               list_subtitle=[wording.list_subtitle.format(**values)], rows=rows)


__all__ = ["special_decision"]
