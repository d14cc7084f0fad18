"""The commune chairman's Giấy khen besides the year-end review: by theme or movement (chuyên đề) and
ad hoc (đột xuất). Each subject is rewarded for achievements of its own, and an achievement earns one
form of award: one already linked to a row of a decision or proposal in force, or to an award history
row, is refused ("một thành tích chỉ khen một hình thức").

The rules are data (resources/awards/special.json): the title given, the wording of each occasion and
the longest time allowed between an achievement and its award (none, where the law read says
nothing). The decision is stored as a ``ReviewDecision`` (kind 'decision', its ``occasion`` and
``theme``) with its rows, their ``RowAchievement`` links and the award history, its number taken from
the register in the same transaction, and its document frozen by the recorder."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import register
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.review.decisions import ActRecorder, _check_free, _check_signing
from desktop.core.review.plans import DecisionInfo, DecisionRowInfo
from desktop.core.review.results import DOC_CODES, Subject, _money
from desktop.core.review.yeardata import YearData
from desktop.shared.errors import UserError, ValidationError
from desktop.shared.i18n import tr
from desktop.shared.paths import resources_dir
from desktop.shared.text import nfc
from desktop.store.models import Achievement, AuditEntry
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import AwardHistory, ReviewDecision, ReviewDecisionRow, RowAchievement

OCCASIONS = ("chuyen_de", "dot_xuat")
MAX_THEME = 500
SUBJECT_COLUMNS = {"person": "person_id", "collective": "collective_id", "household": "household_id"}


@dataclass(frozen=True)
class Occasion:
    code: str
    name: str
    theme_label: str
    summary: str           # "Về việc khen thưởng đột xuất: {theme}"
    article: str           # article 1, with {unit}, {count}, {theme}
    list_subtitle: str
    max_days: int | None   # longest time from the achievement to the decision; None: no limit
    source: str
    note: str = ""


@dataclass(frozen=True)
class SpecialRules:
    version: str
    title_code: str
    source: str
    occasions: dict[str, Occasion]
    note: str = ""

    def occasion(self, code: str) -> Occasion:
        if code not in self.occasions:
            raise ValidationError({"occasion": tr("Loại khen thưởng phải là chuyen_de (chuyên đề) hoặc dot_xuat "
                                                  "(đột xuất).")})
        return self.occasions[code]


def load_rules(folder: Path | None = None) -> SpecialRules:
    doc = json.loads(((folder or resources_dir() / "awards") / "special.json").read_text(encoding="utf-8"))
    occasions = {}
    for o in doc["occasions"]:
        days = o.get("max_days_after_achievement")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
            raise ValueError(f"special.json: max_days_after_achievement of {o['code']} must be a whole number")
        occasions[o["code"]] = Occasion(o["code"], o["name"], o["theme_label"], o["summary"], o["article"],
                                        o["list_subtitle"], days, o["source"], o.get("note", ""))
    if set(occasions) != set(OCCASIONS):
        raise ValueError(f"special.json: the occasions must be {OCCASIONS}")
    return SpecialRules(doc["version"], doc["title_code"], doc["source"], occasions, doc.get("note", ""))


@lru_cache(maxsize=1)
def default_rules() -> SpecialRules:
    return load_rules()


@dataclass(frozen=True)
class Awardee:
    """A subject and the achievements (ids, its own) it is rewarded for."""

    subject: Subject
    achievement_ids: tuple[int, ...]


@dataclass
class SpecialDecisionInfo(DecisionInfo):
    """A chuyên đề or đột xuất decision: ``DecisionInfo`` with its occasion, theme and the texts of its
    occasion, and the achievements each row rewards ((id, description) of each, in row order)."""

    occasion: str = ""
    theme: str = ""
    wording: Occasion | None = None
    achievements: list[tuple[tuple[int, str], ...]] = field(default_factory=list)


# --------------------------------------------------------------------------- one achievement, one award


def _dead_decisions(s: Session) -> set[int]:
    """Stored decisions and proposals whose issued act was replaced or repealed."""
    later = select(IssuedDocument.replaces_id).where(IssuedDocument.change_kind.in_(("thay_the", "bai_bo")))
    return set(s.scalars(select(IssuedDocument.source_id).where(
        IssuedDocument.source_kind == "review_decision", IssuedDocument.kind.in_(("decision", "proposal")),
        IssuedDocument.id.in_(later))))


def used_achievements(s: Session, ids: Iterable[int] | None = None) -> dict[int, str]:
    """Achievement id -> the act that rewards it ("Quyết định số 03/QĐ-UBND"): linked to a row of a live
    decision or proposal in force, or to a live award history row. ``ids``: only these."""
    wanted = None if ids is None else list(ids)
    dead = _dead_decisions(s)
    out: dict[int, str] = {}
    rows = select(RowAchievement.achievement_id, ReviewDecision.id, ReviewDecision.kind,
                  ReviewDecision.number_text).join(
        ReviewDecisionRow, ReviewDecisionRow.id == RowAchievement.row_id).join(
        ReviewDecision, ReviewDecision.id == ReviewDecisionRow.decision_id).where(ReviewDecision.deleted_at.is_(None))
    if wanted is not None:
        rows = rows.where(RowAchievement.achievement_id.in_(wanted))
    for a, did, kind, number in s.execute(rows):
        if did not in dead:
            word = tr("Quyết định") if kind == "decision" else tr("Tờ trình")
            out.setdefault(a, f"{word} {number}")
    hist = select(AwardHistory.achievement_id, AwardHistory.decision_no, AwardHistory.title_code).where(
        AwardHistory.deleted_at.is_(None), AwardHistory.achievement_id.is_not(None))
    if wanted is not None:
        hist = hist.where(AwardHistory.achievement_id.in_(wanted))
    for aid, number, code in s.execute(hist):
        if aid is None:  # excluded by the query
            continue
        out.setdefault(aid, tr("khen thưởng {code} {number}").format(code=code, number=number).strip())
    return out


def link_year_achievements(s: Session, decision_id: int, catalog: Catalog) -> int:
    """The rows of a year-end decision or proposal whose title asks for an unrewarded achievement
    (rule achievement_not_rewarded, e.g. the Giấy khen) reward the subject's free achievements of the
    year: they are linked, so that a đột xuất or chuyên đề award cannot take them again. How many."""
    d = s.get(ReviewDecision, decision_id)
    assert d is not None
    needs = {c for c, t in catalog.titles.items() if _asks_achievement(t.criteria)}
    rows = [r for r in s.scalars(select(ReviewDecisionRow).where(ReviewDecisionRow.decision_id == d.id))
            if r.title_code in needs]
    if not rows:
        return 0
    s.flush()
    linked = 0
    for r in rows:
        st, sid = _subject_of(r)
        ids = list(s.scalars(select(Achievement.id).where(
            getattr(Achievement, SUBJECT_COLUMNS[st]) == sid, Achievement.year == d.year,
            Achievement.deleted_at.is_(None)).order_by(Achievement.id)))
        used = used_achievements(s, ids)
        for a in ids:
            if a not in used:
                s.add(RowAchievement(row_id=r.id, achievement_id=a))
                linked += 1
    s.flush()
    return linked


def _asks_achievement(criteria) -> bool:
    return any(r.get("rule") == "achievement_not_rewarded" or _asks_achievement(r.get("rules", ()))
               for r in criteria)


def _subject_of(r) -> Subject:
    if r.person_id is not None:
        return "person", r.person_id
    if r.collective_id is not None:
        return "collective", r.collective_id
    return "household", r.household_id


# --------------------------------------------------------------------------- the use case


def _check_awardees(s: Session, awardees: Sequence[Awardee], occasion: Occasion, signed_on: dt.date,
                    data: YearData) -> dict[int, Achievement]:
    """The achievements of ``awardees``, each checked: its subject's own, live, not after the decision,
    within the occasion's time limit, given once in this act and not rewarded before."""
    if not awardees:
        raise ValidationError({"subjects": tr("Chưa chọn cá nhân, tập thể, hộ gia đình nào để khen thưởng.")})
    problems: list[str] = []
    seen: dict[int, str] = {}
    found: dict[int, Achievement] = {}
    subjects = [a.subject for a in awardees]
    for dup in {x for x in subjects if subjects.count(x) > 1}:
        problems.append(tr("{name} được chọn hai lần; mỗi đối tượng một dòng.").format(name=data.name(dup)))
    for a in awardees:
        name = data.name(a.subject)
        if not data.exists(a.subject):
            problems.append(tr("Không tìm thấy {name} (có thể đã bị xóa).").format(name=name))
            continue
        if not a.achievement_ids:
            problems.append(tr("{name}: chưa chọn thành tích được khen thưởng.").format(name=name))
        for aid in a.achievement_ids:
            ach = s.get(Achievement, aid)
            if ach is None or ach.deleted_at is not None or _subject_of(ach) != a.subject:
                problems.append(tr("{name}: thành tích mã {id} không phải của đối tượng này.").format(
                    name=name, id=aid))
                continue
            if aid in seen:
                problems.append(tr("Thành tích “{what}” được chọn hai lần.").format(what=ach.description[:60]))
            seen[aid] = name
            found[aid] = ach
            problems += _date_problems(ach, name, occasion, signed_on)
    used = used_achievements(s, found)
    for aid, where in used.items():
        problems.append(tr("{name}: thành tích “{what}” đã được khen thưởng ({where}); một thành tích chỉ khen "
                           "một hình thức.").format(name=seen[aid], what=found[aid].description[:60], where=where))
    if problems:
        raise UserError(tr("Chưa ban hành được quyết định:") + "\n- " + "\n- ".join(problems))
    return found


def _date_problems(ach: Achievement, name: str, occasion: Occasion, signed_on: dt.date) -> list[str]:
    on = ach.achieved_on
    if on is None:
        return []
    if on > signed_on:
        return [tr("{name}: thành tích “{what}” đạt ngày {date}, sau ngày ký quyết định.").format(
            name=name, what=ach.description[:60], date=f"{on:%d/%m/%Y}")]
    if occasion.max_days is not None and (signed_on - on).days > occasion.max_days:
        return [tr("{name}: thành tích “{what}” đạt ngày {date}, quá {days} ngày trước ngày ký ({source}).").format(
            name=name, what=ach.description[:60], date=f"{on:%d/%m/%Y}", days=occasion.max_days,
            source=occasion.source)]
    return []


def _unverified(salary) -> str:
    return (f"Mức lương cơ sở {_money(salary.amount)} đồng ({salary.source}) chưa được xác minh bằng "  # i18n: keep
            "văn bản chính thức; kiểm tra trước khi ký.")  # (stored in review_decision.note, as the year-end's)


def check_theme(theme: str) -> str:
    theme = nfc(" ".join((theme or "").split()))
    if not theme:
        raise ValidationError({"theme": tr("Hãy ghi tên phong trào, chuyên đề hoặc sự việc được khen thưởng.")})
    if len(theme) > MAX_THEME:
        raise ValidationError({"theme": tr("Nội dung khen thưởng dài quá {n} ký tự; hãy viết gọn.").format(
            n=MAX_THEME)})
    return theme


class SpecialAwards:
    """The chuyên đề and đột xuất awards. ``recorder`` freezes each decision's document in the
    transaction that stores it (desktop.app.special_awards)."""

    def __init__(self, session_factory: Callable[[], Session], actor: str, catalog: Catalog | None = None,
                 recorder: ActRecorder | None = None, rules: SpecialRules | None = None):
        self._sf = session_factory
        self.actor = actor or "Không rõ"  # i18n: keep (stored in the change history)
        self.catalog = catalog or load_catalog()
        self.rules = rules or default_rules()
        self._recorder = recorder

    def bonus_of(self, subject_type: str, on: dt.date) -> tuple[str, int]:
        """(multiple as text, amount in đồng) of the title for a subject of this type on that date."""
        b = self.catalog.bonus(self.rules.title_code, on, subject_type=subject_type)
        return (str(b.multiple), b.amount) if b is not None else ("", 0)

    def achievements(self, subject: Subject) -> list[tuple[int, str, dt.date | None, str]]:
        """(id, description, date, the act that rewards it or "") of the subject's achievements."""
        col = getattr(Achievement, SUBJECT_COLUMNS[subject[0]])
        with self._sf() as s:
            items = s.scalars(select(Achievement).where(col == subject[1], Achievement.deleted_at.is_(None))
                              .order_by(Achievement.year.desc(), Achievement.id)).all()
            used = used_achievements(s, [a.id for a in items])
            return [(a.id, a.description, a.achieved_on, used.get(a.id, "")) for a in items]

    def award(self, occasion: str, theme: str, signed_on: dt.date, signer_name: str, awardees: Sequence[Awardee],
              signer_title: str = "Chủ tịch",  # i18n: keep (the printed title)
              authority_prefix: str = "", number: int | None = None) -> SpecialDecisionInfo:
        """Store and issue the Giấy khen decision of ``occasion`` for ``awardees``: all of it, or nothing."""
        wording = self.rules.occasion(occasion)
        theme = check_theme(theme)
        signer_name = _check_signing(signer_name, authority_prefix, number, "special_decision", signer_title)
        with self._sf() as s, s.begin():
            data = YearData(s, signed_on.year, 0)
            found = _check_awardees(s, awardees, wording, signed_on, data)
            salary = self.catalog.base_salary(signed_on)
            notes = [] if salary.verified else [_unverified(salary)]
            if number is not None:
                _check_free(s, "decision", number, signed_on.year)
            number = register.take_in(s, signed_on.year, DOC_CODES["decision"], number)
            number_text = f"{number:02d}/{DOC_CODES['decision']}-UBND"
            d = ReviewDecision(kind="decision", year=signed_on.year, number=number, number_text=number_text,
                               signed_on=signed_on, signer_name=signer_name, signer_title=nfc(signer_title),
                               authority_prefix=authority_prefix, catalog_version=self.catalog.version,
                               base_salary=salary.amount, base_salary_source=salary.source, total_amount=0,
                               note="\n".join(notes), occasion=occasion, theme=theme)
            s.add(d)
            s.flush()
            rows = self._write_rows(s, d, awardees, data)
            d.total_amount = sum(r.amount for r in rows)
            s.add(AuditEntry(actor=self.actor, table_name="review_decision", record_id=d.id, action="create",
                             changes=json.dumps({"number_text": [None, number_text], "occasion": [None, occasion],
                                                 "rows": [None, len(rows)], "total_amount": [None, d.total_amount]},
                                                ensure_ascii=False)))
            info = SpecialDecisionInfo(
                d.id, "decision", d.year, number, number_text, signed_on, signer_name, d.signer_title,
                authority_prefix, self.catalog.version, d.base_salary, d.base_salary_source, d.total_amount, rows,
                notes=notes, occasion=occasion, theme=theme, wording=wording,
                achievements=[tuple((x, found[x].description) for x in a.achievement_ids) for a in awardees])
            if self._recorder is not None:
                self._recorder.decision(s, info, None)
            return info

    def _write_rows(self, s: Session, d: ReviewDecision, awardees: Sequence[Awardee],
                    data: YearData) -> list[DecisionRowInfo]:
        code = self.rules.title_code
        title = self.catalog.title_name(code)
        out = []
        for i, a in enumerate(awardees, start=1):
            st, sid = a.subject
            multiple, amount = self.bonus_of(st, d.signed_on)
            cols = {c: (sid if k == st else None) for k, c in SUBJECT_COLUMNS.items()}
            name, detail = data.name(a.subject), data.detail(a.subject)
            row = ReviewDecisionRow(decision_id=d.id, sort_order=i, title_code=code, subject_name=name,
                                    subject_detail=detail[:255], bonus_multiple=multiple, amount=amount, **cols)
            s.add(row)
            s.flush()
            for aid in a.achievement_ids:
                s.add(RowAchievement(row_id=row.id, achievement_id=aid))
            s.add(AwardHistory(year=d.year, title_code=code, decision_no=d.number_text, decision_date=d.signed_on,
                               level="xa", source="commune", decision_id=d.id, achievement_id=a.achievement_ids[0],
                               note=d.theme, **cols))
            out.append(DecisionRowInfo(st, sid, name, detail, code, title, multiple, amount))
        s.flush()
        return out


__all__ = ["OCCASIONS", "Awardee", "Occasion", "SpecialAwards", "SpecialDecisionInfo", "SpecialRules",
           "default_rules", "load_rules", "used_achievements", "link_year_achievements", "check_theme"]
