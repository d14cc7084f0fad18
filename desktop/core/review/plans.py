"""What the use cases hand back (a meeting, a decision and its rows) and the one rule for who goes into
a decision or proposal (``_select``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from desktop.core.catalog import Catalog
from desktop.core.review.results import BLOCKED, WARNING, Candidate, ReviewResult, _pct
from desktop.shared.i18n import tr


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    year: int
    held_on: dt.date
    place: str
    members_total: int
    attendance: list[dict]      # {member_id, name, present, written_vote}
    ballots: list[dict]         # {subject, title_code, yes, no, invalid, passed, reason}

    @property
    def present(self) -> int:
        return sum(1 for a in self.attendance if a["present"])

    @property
    def voting(self) -> int:
        return sum(1 for a in self.attendance if a["present"] or a["written_vote"])


@dataclass
class DecisionRowInfo:
    subject_type: str
    subject_id: int
    name: str
    detail: str
    title_code: str
    title_name: str
    bonus_multiple: str
    amount: int
    # the province's answer on a proposal row (desktop.app.results): "" | accepted | returned
    outcome: str = ""
    outcome_decision_no: str = ""
    outcome_decision_date: dt.date | None = None
    outcome_reason: str = ""
    outcome_text: str = ""      # what the officer reads: outcome_text() below


def outcome_text(catalog: Catalog, title_code: str, outcome: str, decision_no: str, decision_date: dt.date | None,
                 reason: str) -> str:
    """"Đã được tặng Bằng khen của Chủ tịch UBND tỉnh, QĐ số 12/QĐ-UBND ngày 15/01/2027", "Trả lại: <lý
    do>", or "" while the province has not answered."""
    if outcome == "accepted":
        t = catalog.titles.get(title_code)
        name = t.name if t else title_code
        who = catalog.authority_name(t.decided_by) if t else ""
        title = name if not who or who in name else tr("{title} của {authority}").format(title=name, authority=who)
        when = f"{decision_date:%d/%m/%Y}" if decision_date else ""
        return tr("Đã được tặng {title}, QĐ số {number} ngày {date}").format(title=title, number=decision_no,
                                                                            date=when)
    if outcome == "returned":
        return tr("Trả lại: {reason}").format(reason=reason)
    return ""


@dataclass
class DecisionInfo:
    id: int
    kind: str
    year: int
    number: int
    number_text: str
    signed_on: dt.date
    signer_name: str
    signer_title: str
    authority_prefix: str
    catalog_version: str
    base_salary: int | None
    base_salary_source: str
    total_amount: int
    rows: list[DecisionRowInfo]
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # (name, title name, reason)
    notes: list[str] = field(default_factory=list)
    meeting_id: int | None = None   # the council meeting whose minutes the document cites

    def totals_by_title(self) -> list[tuple[str, int, int]]:
        """(title name, number of rows, amount) in list order."""
        acc: dict[str, list[int]] = {}
        for r in self.rows:
            a = acc.setdefault(r.title_name, [0, 0])
            a[0] += 1
            a[1] += r.amount
        return [(k, v[0], v[1]) for k, v in acc.items()]

    def as_dict(self) -> dict:
        d = asdict(self)
        d["signed_on"] = self.signed_on.isoformat()
        d["totals_by_title"] = [{"title": t, "count": n, "amount": a} for t, n, a in self.totals_by_title()]
        return d


@dataclass
class DecisionPlan:
    """Who goes into a decision (or proposal) and who is left out, with the reason."""
    chosen: list[Candidate]
    left_out: list[tuple[str, str, str]]  # (name, title name, reason)
    other_document: int = 0  # candidates of the other document (the proposal's for a decision, and back)

    @property
    def warnings(self) -> int:
        """Chosen candidates the council had to consider ("Hội đồng cần xem xét"), included on request."""
        return sum(1 for c in self.chosen if c.status == WARNING)

    def refusal(self, kind: str, year: int) -> str:
        """The message when nobody can go in, with the first reasons."""
        if kind == "decision":
            text = tr("Không có đối tượng nào đủ điều kiện đưa vào quyết định khen thưởng năm {year}.")
        else:
            text = tr("Không có đối tượng nào đủ điều kiện đưa vào tờ trình đề nghị cấp trên năm {year}.")
        detail = "\n".join(f"- {n} – {t}: {r}" for n, t, r in self.left_out[:10])
        return text.format(year=year) + (f"\n{detail}" if detail else "")


def _select(cat: Catalog, result: ReviewResult, ballots: dict, kind: str, include_warnings: bool,
            wanted: set | None) -> DecisionPlan:
    """The one rule for what a decision (kind "decision") or proposal takes: see Review.decide."""
    chosen: list[Candidate] = []
    left_out: list[tuple[str, str, str]] = []
    other = 0
    rewarded: dict = {}   # subject -> the title of this document that rewards its achievements
    for c in result.candidates:
        if wanted is not None and (c.subject, c.title_code) not in wanted:
            continue
        if c.elsewhere:  # listed once: under the document the title would have gone into
            own = cat.titles.get(c.title_code)
            if c.decided is None and own is not None and own.commune_decides == (kind == "decision"):
                left_out.append((c.name, c.title_name, c.summary()))
            continue
        if c.commune_decides != (kind == "decision"):
            other += 1
            continue
        t = cat.title(c.title_code)
        if t.procedure:
            left_out.append((c.name, c.title_name, tr("{title} được công nhận theo trình tự riêng ({source}), không "
                                                      "xét trong quyết định chung.").format(title=t.name,
                                                                                           source=t.source)))
            continue
        if c.status == BLOCKED or (c.status == WARNING and not include_warnings):
            left_out.append((c.name, c.title_name, c.summary()))
            continue
        b = ballots.get((c.subject, c.title_code))
        if t.commune_vote and b is not None and not b.passed:
            left_out.append((c.name, c.title_name, b.reason))
            continue
        if t.commune_vote and b is None and t.ballot is not None:
            rule = t.ballot
            left_out.append((c.name, c.title_name,
                             tr("Chưa có kết quả bỏ phiếu kín; {title} cần đạt từ {percent} "
                                "tổng số thành viên Hội đồng ({source}).").format(
                                    title=t.name, percent=_pct(float(rule.min_percent)), source=rule.source)))
            continue
        if t.rewards_achievements and c.subject in rewarded:
            left_out.append((c.name, c.title_name,
                             tr("Một thành tích chỉ khen một hình thức: đã đưa vào văn bản này với {title}.").format(
                                 title=cat.title_name(rewarded[c.subject]))))
            continue
        if t.rewards_achievements:
            rewarded[c.subject] = c.title_code
        chosen.append(c)
    return DecisionPlan(chosen, left_out, other)
