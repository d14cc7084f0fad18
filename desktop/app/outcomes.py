"""The province decides on what the communes proposed (Qt-free): the received proposal rows with their
ballot and outcome, the clerk's outcome on one or many rows (accepted with the provincial decision's
number and date, or returned with a reason), what a commune's results file is made from
(``outcomes_for``), and what the province's own decision with its attached list is built from
(``decision_source``).

A received proposal is a ``province_record`` of kind 'proposal'; each of its rows one of kind
'proposal_row' (uid ``<commune>:proposal_row:<id>``, ``year`` the proposal's year), its secret ballot
one of kind 'ballot' (docs/bundle-format.md). The outcome of a row is one ``province_outcome`` row per
commune and row uid: recording again replaces it, and the audit log keeps what it was.

Every recording is checked whole before anything is written and written in one transaction: a bad
entry (a row that is not a received proposal row of that commune and year, a decision number that is
not a number of a decision, a date in the future or before the commune's proposal, a decision number
already recorded with another date, an empty or multi-line reason) is named with what to do, and
nothing is stored."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, select, tuple_

from desktop.core.units import find_unit
from desktop.shared.errors import UserError
from desktop.shared.fmt import day_text, percent, vn_today
from desktop.shared.i18n import QT_TR_NOOP
from desktop.shared.paths import resources_dir
from desktop.shared.text import fold, nfc, one_line, text_problem
from desktop.store.models import AuditEntry, utcnow
from desktop.store.models_bundle import ProvinceOutcome, ProvinceRecord

STATUSES = ("pending", "accepted", "returned")
STATUS_TEXT = {"pending": QT_TR_NOOP("Chưa xét"), "accepted": QT_TR_NOOP("Đã duyệt"), "returned": QT_TR_NOOP("Trả lại")}
MAX_REASON = 300
MAX_PROBLEMS = 50  # problems listed in one refusal (the rest counted)
_CHUNK = 500       # uids per IN (…) list
_NUMBER = re.compile(r"0*[1-9]\d{0,5}(?:/(?:19|20)\d{2})?/QĐ-[A-ZĐ][A-ZĐ0-9]{0,11}(?:-[A-ZĐ0-9]{1,12}){0,2}")
ROW_UID = re.compile(r"(\d{5}):proposal_row:([1-9]\d{0,9})")


# --------------------------------------------------------------------------- what is shown


@dataclass(frozen=True)
class BallotInfo:
    method: str            # secret | hands
    members_total: int
    yes: int
    no: int
    invalid: int
    threshold_percent: float
    passed: bool

    def text(self) -> str:
        """"9/10 đồng ý (90 %), đạt (cần 80 %)"."""
        share = self.yes * 100 / self.members_total if self.members_total else 0.0
        verdict = "đạt" if self.passed else "không đạt"
        how = "" if self.method != "hands" else ", biểu quyết giơ tay"
        return (f"{self.yes}/{self.members_total} đồng ý ({percent(share)}), {verdict} "
                f"(cần {percent(self.threshold_percent)}){how}")


@dataclass(frozen=True)
class ProposalRow:
    """One received proposal row with its ballot (if the commune voted on it) and its outcome."""

    commune_code: str
    uid: str
    year: int
    title_code: str
    subject_type: str
    subject_uid: str
    subject_name: str
    subject_detail: str
    amount: int | None
    proposal_uid: str
    proposal_number: str        # "15/TTr-UBND"
    proposal_signed_on: dt.date | None
    ballot: BallotInfo | None
    status: str                 # pending | accepted | returned
    decision_number: str = ""
    decision_date: dt.date | None = None
    reason: str = ""
    decided_by: str = ""
    decided_at: dt.datetime | None = None
    sort_order: int = 0

    @property
    def commune_name(self) -> str:
        return unit_name(self.commune_code)

    @property
    def title_name(self) -> str:
        return title_name(self.title_code)

    @property
    def local_id(self) -> int:
        m = ROW_UID.fullmatch(self.uid)
        return int(m.group(2)) if m else 0

    @property
    def outcome_text(self) -> str:
        """"Duyệt: 12/QĐ-UBND ngày 15/12/2026", "Trả lại: thiếu hồ sơ", or ""."""
        if self.status == "accepted":
            return f"{self.decision_number} ngày {day_text(self.decision_date)}"
        if self.status == "returned":
            return self.reason
        return ""


@lru_cache(maxsize=256)
def unit_name(code: str) -> str:
    u = find_unit(code)
    return u.name if u else code


@lru_cache(maxsize=1)
def _catalog():
    from desktop.core.catalog import load_catalog

    return load_catalog()


def title_name(code: str) -> str:
    return _catalog().title_name(code)


def title_order() -> dict[str, int]:
    return {c: i for i, c in enumerate(_catalog().titles)}


def upward_titles() -> list[tuple[str, str]]:
    """(code, name) of the titles decided above the commune (what communes propose), in catalog order."""
    return [(t.code, t.name) for t in _catalog().titles.values() if not t.commune_decides]


def decision_numbers(db, year: int) -> list[str]:
    """The decision numbers recorded on accepted rows of ``year``, latest decision first."""
    t = ProvinceOutcome.__table__
    with db.session() as s:
        got = s.execute(select(t.c.decision_number, t.c.decision_date).where(
            t.c.status == "accepted", t.c.year == year).distinct()).all()
    return [n for n, _d in sorted(got, key=lambda x: (x.decision_date or dt.date.min, x.decision_number), reverse=True)]


def return_reasons() -> list[str]:
    """The office's usual reasons for returning a row (resources/outcomes/return_reasons.json: the
    office's practice, edited there, not law); the clerk may type any other."""
    path = resources_dir() / "outcomes" / "return_reasons.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [one_line(r, MAX_REASON) for r in doc.get("reasons", []) if isinstance(r, str) and r.strip()]


def _load(payload: str | None) -> dict:
    try:
        got = json.loads(payload) if payload else {}
    except ValueError:
        return {}
    return got if isinstance(got, dict) else {}


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ballot(payload: dict) -> BallotInfo | None:
    if not payload:
        return None
    try:
        return BallotInfo(str(payload.get("method") or "secret"), int(payload.get("members_total") or 0),
                          int(payload.get("yes") or 0), int(payload.get("no") or 0), int(payload.get("invalid") or 0),
                          float(payload.get("threshold_percent") or 0), bool(payload.get("passed")))
    except (TypeError, ValueError):
        return None


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _records(s, kind: str, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Records of ``kind`` by (commune, uid), fetched a chunk of keys at a time."""
    r = ProvinceRecord.__table__
    wanted = sorted(set(keys))
    out: dict[tuple[str, str], Any] = {}
    for part in _chunks(wanted):
        q = select(r.c.commune_code, r.c.uid, r.c.year, r.c.payload).where(
            r.c.kind == kind, tuple_(r.c.commune_code, r.c.uid).in_(list(part)))
        out.update({(x.commune_code, x.uid): x for x in s.execute(q)})
    return out


def list_rows(db, year: int, commune: str | None = None, title: str | None = None,
              status: str | None = None) -> list[ProposalRow]:
    """The received proposal rows of ``year`` (filtered by commune, title code and status pending |
    accepted | returned) with their outcome and ballot, by commune name, proposal and row order."""
    if status is not None and status not in STATUSES:
        raise UserError(f"Trạng thái “{status}” không có; chọn một trong: chưa xét (pending), duyệt (accepted), "
                        "trả lại (returned).")
    r, o = ProvinceRecord.__table__, ProvinceOutcome.__table__
    q = (select(r.c.commune_code, r.c.uid, r.c.year, r.c.title_code, r.c.subject_uid, r.c.name, r.c.payload,
                o.c.status, o.c.decision_number, o.c.decision_date, o.c.reason, o.c.decided_by, o.c.decided_at)
         .select_from(r.outerjoin(o, and_(o.c.commune_code == r.c.commune_code, o.c.row_uid == r.c.uid)))
         .where(r.c.kind == "proposal_row", r.c.year == year))
    if commune:
        q = q.where(r.c.commune_code == commune)
    if title:
        q = q.where(r.c.title_code == title)
    if status == "pending":
        q = q.where(o.c.id.is_(None))
    elif status:
        q = q.where(o.c.status == status)
    with db.session() as s:
        got = s.execute(q).all()
        payloads = {(x.commune_code, x.uid): _load(x.payload) for x in got}
        proposals = _records(s, "proposal", {(c, str(p.get("proposal") or "")) for (c, _u), p in payloads.items()})
        ballots = _records(s, "ballot", {(c, str(p["ballot"])) for (c, _u), p in payloads.items() if p.get("ballot")})
    out = []
    for x in got:
        p = payloads[(x.commune_code, x.uid)]
        prop_rec = proposals.get((x.commune_code, str(p.get("proposal") or "")))
        prop = _load(prop_rec.payload) if prop_rec is not None else {}
        ballot_rec = ballots.get((x.commune_code, str(p.get("ballot") or "")))
        subject: dict = p["subject"] if isinstance(p.get("subject"), dict) else {}
        out.append(ProposalRow(
            commune_code=x.commune_code, uid=x.uid, year=x.year, title_code=x.title_code,
            subject_type=str(subject.get("type") or ""), subject_uid=x.subject_uid or "",
            subject_name=x.name or str(p.get("subject_name") or ""), subject_detail=str(p.get("subject_detail") or ""),
            amount=_int(p.get("amount")), proposal_uid=str(p.get("proposal") or ""),
            proposal_number=str(prop.get("number_text") or ""), proposal_signed_on=_date(prop.get("signed_on")),
            ballot=_ballot(_load(ballot_rec.payload)) if ballot_rec is not None else None,
            status=x.status or "pending", decision_number=x.decision_number or "", decision_date=x.decision_date,
            reason=x.reason or "", decided_by=x.decided_by or "", decided_at=x.decided_at,
            sort_order=_int(p.get("sort_order")) or 0))
    out.sort(key=lambda row: (fold(row.commune_name), row.proposal_uid, row.sort_order, row.uid))
    return out


def communes_with_rows(db, year: int) -> list[str]:
    """The communes that sent proposal rows for ``year``, by name."""
    r = ProvinceRecord.__table__
    with db.session() as s:
        codes = s.scalars(select(r.c.commune_code).where(r.c.kind == "proposal_row", r.c.year == year).distinct()).all()
    return sorted(codes, key=lambda c: fold(unit_name(c)))


# --------------------------------------------------------------------------- recording


@dataclass(frozen=True)
class Outcome:
    """What the clerk decides on a row."""

    status: str                        # accepted | returned
    decision_number: str = ""
    decision_date: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class Entry:
    commune_code: str
    row: str                           # the row's uid, or its id number in the commune's data
    outcome: Outcome
    where: str = ""                    # how to name the entry in a problem ("Dòng 5")


class OutcomeProblems(UserError):
    """Entries refused; nothing stored. ``problems``: one Vietnamese line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        text = "Chưa ghi kết quả nào, vì:\n" + "\n".join(f"– {p}" for p in shown)
        if more:
            text += f"\n… và {more} lỗi khác."
        super().__init__(text)


@dataclass
class Recorded:
    accepted: int = 0
    returned: int = 0
    replaced: int = 0                  # rows whose earlier, different outcome was replaced
    unchanged: int = 0                 # rows already recorded exactly so
    dry_run: bool = False
    rows: list[str] = field(default_factory=list)

    def message(self) -> str:
        verb = "Kiểm tra xong, sẽ ghi" if self.dry_run else "Đã ghi"
        parts = [f"{verb} kết quả {self.accepted + self.returned} dòng đề nghị: duyệt {self.accepted}, "
                 f"trả lại {self.returned}"]
        if self.replaced:
            parts.append(f"thay kết quả đã ghi trước đây của {self.replaced} dòng")
        if self.unchanged:
            parts.append(f"{self.unchanged} dòng đã có đúng kết quả này, giữ nguyên")
        return "; ".join(parts) + "."


def clean_decision_number(text: str) -> str:
    """"12/qđ-ubnd " -> "12/QĐ-UBND"; refuses what is not the number of a decision."""
    t = nfc(text).replace(" ", "").upper()
    t = t.removeprefix("SỐ:").removeprefix("SỐ")
    if not t:
        raise UserError("Chưa nhập số quyết định. Ghi số quyết định của tỉnh, ví dụ 12/QĐ-UBND.")
    if len(t) > 60 or not _NUMBER.fullmatch(t):
        raise UserError(f"“{one_line(text, 40)}” không phải số quyết định. Ghi theo dạng số/QĐ-cơ quan ban hành, "
                        "ví dụ 12/QĐ-UBND hoặc 12/QĐ-CT.")
    return t


def clean_reason(text: str) -> str:
    raw = "" if text is None else str(text)
    if "\n" in raw or "\r" in raw:
        raise UserError("Lý do trả lại phải viết trên một dòng (không xuống dòng).")
    reason = nfc(raw)
    if not reason:
        raise UserError("Chưa ghi lý do trả lại. Chọn một lý do trong danh sách hoặc gõ lý do, ví dụ "
                        "“Thiếu hồ sơ”.")
    if len(reason) > MAX_REASON:
        raise UserError(f"Lý do trả lại dài quá {MAX_REASON} ký tự ({len(reason)}). Hãy viết gọn lại.")
    problem = text_problem(reason)
    if problem:
        raise UserError(f"Lý do trả lại {problem}. Hãy xóa ký tự đó rồi ghi lại.")
    return reason


def clean_outcome(o: Outcome, today: dt.date | None = None) -> Outcome:
    """The outcome as stored, or a UserError saying what is wrong with it."""
    if o.status == "accepted":
        number = clean_decision_number(o.decision_number)
        if o.decision_date is None:
            raise UserError(f"Chưa có ngày ký quyết định {number}. Ghi ngày theo dạng ngày/tháng/năm, "
                            "ví dụ 15/12/2026.")
        today = today or vn_today()
        if o.decision_date > today:
            raise UserError(f"Ngày quyết định {day_text(o.decision_date)} chưa đến (hôm nay {day_text(today)}). "
                            "Ghi ngày quyết định đã ký.")
        return Outcome("accepted", number, o.decision_date, "")
    if o.status == "returned":
        return Outcome("returned", "", None, clean_reason(o.reason))
    raise UserError(f"Kết quả “{one_line(o.status, 20)}” không có: chỉ có duyệt hoặc trả lại.")


def row_uid(commune_code: str, row: str) -> str:
    """The uid a row is named by: its uid as given, or ``<commune>:proposal_row:<id>`` for its id."""
    text = nfc(str(row))
    if text.isdigit() and len(text) <= 10 and int(text) > 0:
        return f"{commune_code}:proposal_row:{int(text)}"
    m = ROW_UID.fullmatch(text)
    if m is None:
        raise UserError(f"“{one_line(text, 40)}” không phải mã dòng đề nghị. Ghi mã dòng như "
                        f"{commune_code}:proposal_row:12 hoặc chỉ số 12.")
    if m.group(1) != commune_code:
        raise UserError(f"Dòng {text} là của đơn vị {m.group(1)} ({unit_name(m.group(1))}), không phải của "
                        f"{unit_name(commune_code)}. Xem lại mã đơn vị hoặc mã dòng.")
    return text


def _not_received(uid: str, commune: str, year: int) -> str:
    return (f"{uid} không phải dòng đề nghị trong tờ trình năm {year} mà {unit_name(commune)} đã gửi và Sở đã "
            "nhận. Xem lại mã dòng trong trang “Xét đề nghị” (hoặc cột “Mã dòng” của bảng Excel) và năm.")


def _resolve(s, year: int, entries: Sequence[Entry], today: dt.date,
             problems: list[str]) -> list[tuple[Entry, str, Outcome, dt.date | None]]:
    """Each good entry with its row uid, its cleaned outcome and its proposal's signing date."""
    staged: list[tuple[Entry, str, Outcome]] = []
    seen: dict[tuple[str, str], str] = {}
    for e in entries:
        label = f"{e.where}: " if e.where else ""
        try:
            uid = row_uid(e.commune_code, e.row)
            outcome = clean_outcome(e.outcome, today)
        except UserError as exc:
            problems.append(label + exc.message)
            continue
        key = (e.commune_code, uid)
        if key in seen:
            problems.append(f"{label}dòng đề nghị {uid} có hai lần ({seen[key] or 'trước đó'}); mỗi dòng chỉ "
                            "ghi một kết quả.")
            continue
        seen[key] = e.where
        staged.append((e, uid, outcome))
    rows = _records(s, "proposal_row", [(e.commune_code, uid) for e, uid, _ in staged])
    props = _records(s, "proposal", {(k[0], str(_load(v.payload).get("proposal") or "")) for k, v in rows.items()})
    out = []
    for e, uid, outcome in staged:
        label = f"{e.where}: " if e.where else ""
        rec = rows.get((e.commune_code, uid))
        if rec is None or rec.year != year:
            problems.append(label + _not_received(uid, e.commune_code, year))
            continue
        prop = props.get((e.commune_code, str(_load(rec.payload).get("proposal") or "")))
        signed = _date(_load(prop.payload).get("signed_on")) if prop is not None else None
        if outcome.status == "accepted" and signed and outcome.decision_date and outcome.decision_date < signed:
            problems.append(f"{label}ngày quyết định {day_text(outcome.decision_date)} trước ngày "
                            f"{unit_name(e.commune_code)} ký tờ trình ({day_text(signed)}). Xem lại ngày quyết định.")
            continue
        out.append((e, uid, outcome, signed))
    return out


def _same_number_same_date(s, staged, problems: list[str]) -> None:
    """One decision has one date: among the entries, and against what is recorded for other rows."""
    dates: dict[str, tuple[dt.date, str]] = {}
    for e, uid, o, _signed in staged:
        if o.status != "accepted" or o.decision_date is None:
            continue
        first = dates.setdefault(o.decision_number, (o.decision_date, e.where or uid))
        if first[0] != o.decision_date:
            problems.append(f"{e.where + ': ' if e.where else ''}quyết định {o.decision_number} ghi ngày "
                            f"{day_text(o.decision_date)}, nhưng {first[1]} ghi ngày {day_text(first[0])}. "
                            "Một quyết định chỉ có một ngày ký.")
    if not dates:
        return
    ours = {(e.commune_code, uid) for e, uid, _o, _s in staged}
    t = ProvinceOutcome.__table__
    q = select(t.c.commune_code, t.c.row_uid, t.c.decision_number, t.c.decision_date).where(
        t.c.status == "accepted", t.c.decision_number.in_(sorted(dates)))
    for x in s.execute(q):
        if (x.commune_code, x.row_uid) in ours or x.decision_date == dates[x.decision_number][0]:
            continue
        problems.append(f"Quyết định {x.decision_number} đã được ghi với ngày {day_text(x.decision_date)} "
                        f"(dòng {x.row_uid}), không phải ngày {day_text(dates[x.decision_number][0])}. Xem lại số "
                        "hoặc ngày quyết định.")
        dates.pop(x.decision_number)  # said once
        if not dates:
            break


_FIELDS = ("status", "decision_number", "decision_date", "reason")


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def record(db, year: int, entries: Sequence[Entry], actor: str, *, dry_run: bool = False,
           today: dt.date | None = None) -> Recorded:
    """Record the outcomes of ``entries`` (rows of proposals of ``year``): all of them in one
    transaction, or none when any is refused (``OutcomeProblems`` names each). A row recorded before
    gets the new outcome; the audit log keeps the old and new values ("update")."""
    if not entries:
        raise UserError("Chưa chọn dòng đề nghị nào để ghi kết quả.")
    today = today or vn_today()
    problems: list[str] = []
    result = Recorded(dry_run=dry_run)
    t = ProvinceOutcome
    with db.session() as s, s.begin():
        staged = _resolve(s, year, entries, today, problems)
        _same_number_same_date(s, staged, problems)
        if problems:
            raise OutcomeProblems(problems)
        existing: dict[tuple[str, str], ProvinceOutcome] = {}
        for part in _chunks([(e.commune_code, uid) for e, uid, _o, _s in staged]):
            for row in s.scalars(select(t).where(tuple_(t.commune_code, t.row_uid).in_(list(part)))):
                existing[(row.commune_code, row.row_uid)] = row
        for e, uid, o, _signed in staged:
            old = existing.get((e.commune_code, uid))
            new = {"status": o.status, "decision_number": o.decision_number, "decision_date": o.decision_date,
                   "reason": o.reason}
            result.rows.append(uid)
            if old is not None and all(getattr(old, k) == new[k] for k in _FIELDS) and old.year == year:
                result.unchanged += 1
                continue
            if o.status == "accepted":
                result.accepted += 1
            else:
                result.returned += 1
            if dry_run:
                result.replaced += old is not None
                continue
            if old is None:
                row = ProvinceOutcome(commune_code=e.commune_code, year=year, row_uid=uid, decided_by=actor, **new)
                s.add(row)
                s.flush()
                changes = {k: [None, _value(v)] for k, v in new.items() if v not in ("", None)}
                action = "create"
            else:
                result.replaced += 1
                changes = {k: [_value(getattr(old, k)), _value(new[k])] for k in _FIELDS if getattr(old, k) != new[k]}
                changes["replaced"] = [f"{old.status} ({_value(old.decided_at)}, {old.decided_by})", "outcome"]
                for k, v in new.items():
                    setattr(old, k, v)
                old.year, old.decided_by, old.decided_at = year, actor, utcnow()
                row, action = old, "update"
            changes["row_uid"] = [None, uid]
            s.add(AuditEntry(actor=actor, table_name="province_outcome", record_id=row.id, action=action,
                             changes=json.dumps(changes, ensure_ascii=False)))
    return result


def accept(db, year: int, rows: Sequence[tuple[str, str]], number: str, date: dt.date | None, actor: str,
           **kw) -> Recorded:
    """Accept rows (commune, uid or id) under one provincial decision."""
    o = Outcome("accepted", number, date)
    return record(db, year, [Entry(c, r, o) for c, r in rows], actor, **kw)


def give_back(db, year: int, rows: Sequence[tuple[str, str]], reason: str, actor: str, **kw) -> Recorded:
    """Return rows (commune, uid or id) to their communes with one reason."""
    o = Outcome("returned", reason=reason)
    return record(db, year, [Entry(c, r, o) for c, r in rows], actor, **kw)


# --------------------------------------------------------------------------- read back


@dataclass(frozen=True)
class OutcomeInfo:
    """An outcome as the commune's results file carries it."""

    row_uid: str
    status: str
    decision_number: str
    decision_date: dt.date | None
    reason: str
    title_code: str
    subject_name: str
    subject_uid: str = ""
    decided_at: dt.datetime | None = None


def outcomes_for(db, commune_code: str, year: int) -> list[OutcomeInfo]:
    """Every outcome recorded on ``commune_code``'s proposal rows of ``year``, by row uid (the row's
    title and subject from the row as last received; empty when the commune no longer sends it)."""
    r, o = ProvinceRecord.__table__, ProvinceOutcome.__table__
    q = (select(o.c.row_uid, o.c.status, o.c.decision_number, o.c.decision_date, o.c.reason, o.c.decided_at,
                r.c.title_code, r.c.name, r.c.subject_uid)
         .select_from(o.outerjoin(r, and_(r.c.commune_code == o.c.commune_code, r.c.uid == o.c.row_uid,
                                          r.c.kind == "proposal_row")))
         .where(o.c.commune_code == commune_code, o.c.year == year))
    with db.session() as s:
        got = s.execute(q).all()
    out = [OutcomeInfo(x.row_uid, x.status, x.decision_number or "", x.decision_date, x.reason or "",
                       x.title_code or "", x.name or "", x.subject_uid or "", x.decided_at) for x in got]
    return sorted(out, key=lambda i: (int(m.group(2)) if (m := ROW_UID.fullmatch(i.row_uid)) else 0, i.row_uid))


# --------------------------------------------------------------------------- the province's decision


@dataclass(frozen=True)
class DecisionRow:
    commune_code: str
    commune_name: str
    title_code: str
    title_name: str
    subject_type: str
    subject_name: str
    subject_detail: str
    amount: int | None
    uid: str = ""                      # the proposal row's uid (<commune>:proposal_row:<id>)
    subject_uid: str = ""


@dataclass(frozen=True)
class ProvinceDecisionInfo:
    """What the province's decision with its attached list is built from: the rows accepted under one
    decision number, grouped by commune then title; the bonus of each from the catalog in force on the
    decision date (multiple × base salary)."""

    number: str
    date: dt.date
    year: int
    rows: list[DecisionRow]
    signer_name: str
    signer_title: str
    proposals: list[tuple[str, str, dt.date | None]]   # (commune name, "15/TTr-UBND", signed on)
    base_salary: int | None
    base_salary_source: str
    catalog_version: str

    @property
    def total_amount(self) -> int:
        return sum(r.amount or 0 for r in self.rows)


def decision_source(db, number: str, year: int, signer_name: str,
                    signer_title: str = "Phó Chủ tịch") -> ProvinceDecisionInfo:
    number = clean_decision_number(number)
    signer_name, signer_title = nfc(signer_name), nfc(signer_title) or "Phó Chủ tịch"
    if not signer_name:
        raise UserError("Chưa có họ tên người ký quyết định (Chủ tịch hoặc Phó Chủ tịch UBND tỉnh).")
    for label, value in (("Họ tên người ký", signer_name), ("Chức vụ người ký", signer_title)):
        problem = text_problem(value)
        if problem or len(value) > 100:
            raise UserError(f"{label} {problem or 'dài quá 100 ký tự'}. Hãy sửa lại.")
    rows = [r for r in list_rows(db, year, status="accepted") if r.decision_number == number]
    if not rows:
        raise UserError(f"Chưa có dòng đề nghị nào năm {year} được duyệt theo quyết định {number}. Duyệt các dòng "
                        "trong trang “Xét đề nghị” (hoặc lệnh province outcome) trước, rồi in quyết định.")
    date = rows[0].decision_date or vn_today()
    cat = _catalog()
    order = title_order()
    rows.sort(key=lambda r: (fold(r.commune_name), order.get(r.title_code, 999), r.title_code, r.proposal_uid,
                             r.sort_order))
    salary = None
    source = ""
    try:
        sv = cat.base_salary(date)
        salary, source = sv.amount, sv.source
    except Exception:  # noqa: BLE001 - a catalog without a salary for that date: amounts left out
        salary = None

    def amount(code: str) -> int | None:
        try:
            b = cat.bonus(code, date)
        except Exception:  # noqa: BLE001 - a title the shipped catalog does not know
            return None
        return b.amount if b is not None else None

    out = [DecisionRow(r.commune_code, r.commune_name, r.title_code, r.title_name, r.subject_type, r.subject_name,
                       r.subject_detail, amount(r.title_code) if salary else None, r.uid, r.subject_uid)
           for r in rows]
    props = sorted({(r.commune_name, r.proposal_number, r.proposal_signed_on) for r in rows if r.proposal_number},
                   key=lambda p: (fold(p[0]), p[1]))
    return ProvinceDecisionInfo(number, date, year, out, signer_name, signer_title, props, salary, source,
                                cat.version)
