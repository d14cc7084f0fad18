"""A council's tally checked against the catalog's ballot threshold."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from decimal import Decimal

from desktop.core.catalog import Catalog
from desktop.core.review.results import _pct
from desktop.shared.errors import UserError, ValidationError
from desktop.shared.i18n import tr


@dataclass(frozen=True)
class BallotOutcome:
    title_code: str
    members_total: int
    yes: int
    no: int
    invalid: int
    required_percent: Decimal
    required_votes: int
    passed: bool
    reason: str
    source: str
    secret: bool

    def as_dict(self) -> dict:
        d = asdict(self)
        d["required_percent"] = str(self.required_percent)
        return d


def tally(catalog: Catalog, code: str, members_total: int, yes: int, no: int, invalid: int = 0) -> BallotOutcome:
    """Check a tally against the catalog's threshold, counted on ALL council members (absent members
    included: they vote in writing or their vote is missing)."""
    t = catalog.title(code)
    if not t.commune_vote:
        raise UserError(tr("Hội đồng cấp xã không bỏ phiếu {title}: {selection}.").format(
            title=t.name, selection=t.selection.rstrip(".")))
    rule = catalog.ballot_rule(code)
    errors = {}
    for name, v in (("yes", yes), ("no", no), ("invalid", invalid)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            errors[name] = tr("Số phiếu phải là số nguyên không âm.")
    if isinstance(members_total, bool) or not isinstance(members_total, int) or members_total < 1:
        errors["members_total"] = tr("Hội đồng phải có ít nhất một thành viên.")
    if not errors and yes + no + invalid > members_total:
        errors["yes"] = tr("Tổng số phiếu ({votes}) nhiều hơn số thành viên Hội đồng ({members}). "
                           "Hãy kiểm tra lại biên bản kiểm phiếu.").format(votes=yes + no + invalid, members=members_total)
    if errors:
        raise ValidationError(errors)
    required = math.ceil(Decimal(members_total) * rule.min_percent / 100 - Decimal("1e-9"))
    share = 100.0 * yes / members_total
    # the reason is stored with the ballot (review_ballot.reason): Vietnamese, like the minutes
    kind = "bỏ phiếu kín" if rule.secret else "biểu quyết"  # i18n: keep (stored)
    base = (f"{yes}/{members_total} phiếu đồng ý ({_pct(share)} tổng số thành viên Hội đồng); {t.name} cần "  # i18n: keep (stored)
            f"{kind} đạt từ {_pct(float(rule.min_percent))} tổng số thành viên, tức ít nhất {required} phiếu")
    passed = yes >= required
    reason = ("Đạt: " if passed else "Không đạt: ") + base + "."  # i18n: keep (stored)
    return BallotOutcome(code, members_total, yes, no, invalid, rule.min_percent, required, passed, reason,
                         rule.source, rule.secret)

