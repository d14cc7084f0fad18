"""What the review finds: the finding states and their labels, a candidate's findings, a year's result,
and the small text helpers the rules word their reasons with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from desktop.core import choices as C
from desktop.shared.fmt import group, percent
from desktop.shared.i18n import QT_TR_NOOP, tr

OK, BLOCKED, WARNING = "ok", "blocked", "warning"
DECIDED = "decided"  # a state, not a status: the award history holds the title for the year already
ELSEWHERE = "elsewhere"  # a state: another body decides this title for this subject (an enterprise's director)
DECIDING_LEVELS = ("xa", "tinh", "trung_uong")  # the commune decides, or proposes upward; else another body
# Vietnamese as data (the JSON of the command line); the window shows tr(STATUS_LABELS[status])
STATUS_LABELS = {OK: QT_TR_NOOP("Đủ điều kiện"), WARNING: QT_TR_NOOP("Hội đồng cần xem xét"),
                 BLOCKED: QT_TR_NOOP("Chưa đủ điều kiện")}
SUBJECT_LABELS = dict(C.SUBJECT_TYPE)
AUTHORITY_PREFIXES = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")
SOURCE_LABELS = {"commune": QT_TR_NOOP("Quyết định của xã"),
                 "earlier": QT_TR_NOOP("Nhập bổ sung (năm trước, cơ quan khác)"),
                 "province": QT_TR_NOOP("Quyết định của cấp trên")}
DOC_CODES = {"decision": "QĐ", "proposal": "TTr"}  # i18n: keep (document number codes, printed and stored)

Subject = tuple[str, int]


def _worst(statuses: Iterable[str]) -> str:
    s = set(statuses)
    return BLOCKED if BLOCKED in s else WARNING if WARNING in s else OK


def _pct(x: float) -> str:
    return percent(x)


def _money(n: int) -> str:
    return group(n)


def _names(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    if len(items) <= limit:
        return shown
    return tr("{names} và {count} người khác").format(names=shown, count=len(items) - limit)


def _subject_word(subject_type: str) -> str:
    """"cá nhân", "tập thể", "hộ gia đình" in the interface language (the window's kind labels)."""
    return tr(SUBJECT_LABELS.get(subject_type, subject_type)).lower()


def _either(items: list[str]) -> str:
    """"a hoặc b hoặc c" in the interface language."""
    out = items[0] if items else ""
    for item in items[1:]:
        out = tr("{first} hoặc {last}").format(first=out, last=item)
    return out


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    rule: str
    status: str
    reason: str
    source: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Candidate:
    subject_type: str
    subject_id: int
    name: str
    detail: str
    title_code: str
    title_name: str
    authority: str        # who decides, in words
    level: str            # xa | tinh | trung_uong
    registered: bool      # from the year's registrations (False: suggested by the rules)
    findings: list[Finding] = field(default_factory=list)
    priority: str = ""    # why this candidate comes first on a tie (a woman, a collective with ≥ 70 % women)

    @property
    def subject(self) -> Subject:
        return (self.subject_type, self.subject_id)

    @property
    def status(self) -> str:
        return _worst(f.status for f in self.findings)

    @property
    def commune_decides(self) -> bool:
        return self.level == "xa"

    @property
    def elsewhere(self) -> bool:
        """Neither the commune's decision nor its proposal: another body decides (the review says who)."""
        return self.level not in DECIDING_LEVELS

    @property
    def decided(self) -> Finding | None:
        """The award history already holds this title for this subject and year (a decision was made):
        the finding that says so, else None. Such a candidate is "đã có quyết định", not "chưa đủ
        điều kiện", whatever else the data says now."""
        return next((f for f in self.findings if f.rule == "not_already_awarded" and f.status == BLOCKED), None)

    @property
    def state(self) -> str:
        """ok | warning | blocked | decided | elsewhere: what the review counts and shows for this candidate."""
        if self.decided is not None:
            return DECIDED
        return ELSEWHERE if self.elsewhere else self.status

    def summary(self) -> str:
        if self.elsewhere:
            return next((f.reason for f in self.findings if f.rule == "authority"),
                        tr("Do {authority} quyết định.").format(authority=self.authority))
        bad = [f.reason for f in self.findings if f.status == self.status and f.status != OK]
        return "; ".join(bad) if bad else tr("Đạt các tiêu chuẩn của danh mục.")

    def as_dict(self) -> dict:
        return {
            "subject": {"type": self.subject_type, "id": self.subject_id, "name": self.name, "detail": self.detail},
            "title": {"code": self.title_code, "name": self.title_name, "decided_by": self.authority,
                      "level": self.level},
            "deciding_authority": self.authority,
            "in_document": ("" if self.elsewhere else "decision" if self.commune_decides else "proposal"),
            "state": self.state,
            "registered": self.registered,
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "decided": self.decided is not None,
            "findings": [f.as_dict() for f in self.findings],
            "tie_priority": self.priority,
        }


@dataclass
class ReviewResult:
    year: int
    on: dt.date
    catalog_version: str
    salary_version: str
    candidates: list[Candidate]

    def find(self, subject: Subject, code: str) -> Candidate | None:
        return next((c for c in self.candidates if c.subject == subject and c.title_code == code), None)

    def counts(self) -> dict[str, int]:
        """Candidates by state: a candidate with a decision already counts under "decided" only."""
        return {st: sum(1 for c in self.candidates if c.state == st)
                for st in (OK, WARNING, BLOCKED, DECIDED, ELSEWHERE)}

    def as_dict(self) -> dict:
        candidates = [c.as_dict() for c in self.candidates]
        for c in candidates:  # each finding says which catalog its rule came from (one per check)
            for f in c["findings"]:
                f["catalog_version"] = self.catalog_version
        return {"year": self.year, "reference_date": self.on.isoformat(), "catalog_version": self.catalog_version,
                "base_salary_version": self.salary_version,
                "counts": self.counts(),
                "candidates": candidates}

