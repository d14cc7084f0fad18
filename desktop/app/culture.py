"""Use cases of the cultural titles' own procedure (decree 86/2023/NĐ-CP), Qt-free.

Gia đình văn hóa (GDVH) is reviewed per village or residential group: a round is opened for the
village, its meeting with the Mặt trận working group recorded, its households marked (all, selected
or from a list, in one transaction and in batch SQL: a ward has 10,000 households and more), the list
posted (the days come from resources/culture/procedure.json), the review finished (by 25/11 as the
data says), the file recorded complete, and the chairman's decision issued (desktop.app.culture_issue).
Thôn, tổ dân phố văn hóa (THON_VH) runs the same steps once per commune over its villages.

Every change is one transaction: a list refused half-way (a household of another village, one
deleted, twice in the list) leaves nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from desktop.core import culture as rules
from desktop.shared.errors import NotFoundError, UserError
from desktop.shared.text import fold, nfc
from desktop.store.models import AuditEntry, Collective, Household, utcnow
from desktop.store.models_culture import CultureMark, CultureRound

CHUNK = 500          # ids per IN (…) list: well under every driver's parameter limit
MAX_IDS = 200_000    # a list longer than any commune: a wrong file


def procedure() -> rules.Procedure:
    return rules.load_procedure()


@dataclass(frozen=True)
class Village:
    id: int
    name: str
    kind: str
    households: int


@dataclass(frozen=True)
class RoundInfo:
    id: int
    year: int
    title_code: str
    title_name: str
    village_id: int | None
    village_name: str
    meeting_on: dt.date | None
    place: str
    chair_name: str
    secretary_name: str
    front_members: str
    attendance: int | None
    posted_from: dt.date | None
    posted_until: dt.date | None
    complaints: str
    finished_on: dt.date | None
    file_complete_on: dt.date | None
    status: str
    decision_no: str
    decision_date: dt.date | None
    decision_doc_id: int | None
    minutes_doc_id: int | None
    subjects: int                          # households of the village / villages of the commune
    counts: dict[str, int] = field(default_factory=dict)   # result -> marks
    review_deadline: dt.date | None = None
    decision_due: dt.date | None = None
    earliest_finish: dt.date | None = None

    @property
    def label(self) -> str:
        where = self.village_name or "toàn xã"  # i18n: keep (data label, the window translates its own)
        return f"{self.title_name} {self.year} – {where}"

    @property
    def unmarked(self) -> int:
        return max(self.subjects - sum(self.counts.values()), 0)

    def as_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for k, v in d.items():
            if isinstance(v, dt.date):
                d[k] = v.isoformat()
        d["unmarked"] = self.unmarked
        return d


@dataclass(frozen=True)
class SubjectLine:
    """A household (GDVH) or a village (THON_VH) of a round, with its mark."""

    id: int
    name: str
    detail: str
    result: str               # dat | khong_dat | chua_xet | "" (not marked)
    votes: int | None
    note: str


@dataclass(frozen=True)
class MarkOutcome:
    round_id: int
    result: str
    count: int


# --------------------------------------------------------------------------- reading


def villages(db) -> list[Village]:
    """The live villages and residential groups, with their live households."""
    with db.session() as s:
        n = (select(Household.village_id, func.count().label("n")).where(Household.deleted_at.is_(None))
             .group_by(Household.village_id).subquery())
        rows = s.execute(select(Collective.id, Collective.name, Collective.kind, func.coalesce(n.c.n, 0))
                         .outerjoin(n, n.c.village_id == Collective.id)
                         .where(Collective.deleted_at.is_(None), Collective.kind.in_(rules.VILLAGE_KINDS),
                                Collective.status == "active")
                         .order_by(Collective.name, Collective.id)).all()
    return [Village(i, nm, k, c) for i, nm, k, c in rows]


def _round(s: Session, round_id: int) -> CultureRound:
    r = s.get(CultureRound, round_id) if 0 < round_id < 2**31 else None
    if r is None or r.deleted_at is not None:
        raise NotFoundError(f"Không có đợt bình xét mã {round_id}. Xem danh sách: python -m desktop culture list.")
    return r


def _subjects(s: Session, r: CultureRound) -> int:
    if r.title_code == "GDVH":
        return s.scalar(select(func.count()).select_from(Household).where(
            Household.village_id == r.village_id, Household.deleted_at.is_(None))) or 0
    return s.scalar(select(func.count()).select_from(Collective).where(
        Collective.deleted_at.is_(None), Collective.kind.in_(rules.VILLAGE_KINDS), Collective.status == "active")) or 0


def _info(s: Session, r: CultureRound) -> RoundInfo:
    title = procedure().title(r.title_code)
    counts = dict(s.execute(select(CultureMark.result, func.count()).where(CultureMark.round_id == r.id)
                            .group_by(CultureMark.result)).all())
    deadline = title.review_by.on(r.year) if title.review_by else None
    due = r.file_complete_on + dt.timedelta(days=title.decision_within.days) if r.file_complete_on else None
    earliest = rules.earliest_after_posting(title, r.posted_from) if r.posted_from else None
    return RoundInfo(r.id, r.year, r.title_code, title.name, r.village_id, r.village_name, r.meeting_on, r.place,
                     r.chair_name, r.secretary_name, r.front_members, r.attendance, r.posted_from, r.posted_until,
                     r.complaints, r.finished_on, r.file_complete_on, r.status, r.decision_no, r.decision_date,
                     r.decision_doc_id, r.minutes_doc_id, _subjects(s, r), counts, deadline, due, earliest)


def get_round(db, round_id: int) -> RoundInfo:
    with db.session() as s:
        return _info(s, _round(s, round_id))


def list_rounds(db, year: int | None = None, title_code: str | None = None) -> list[RoundInfo]:
    with db.session() as s:
        stmt = select(CultureRound).where(CultureRound.deleted_at.is_(None))
        if year is not None:
            stmt = stmt.where(CultureRound.year == year)
        if title_code is not None:
            stmt = stmt.where(CultureRound.title_code == title_code)
        return [_info(s, r) for r in s.scalars(stmt.order_by(CultureRound.year, CultureRound.title_code,
                                                            CultureRound.village_name, CultureRound.id))]


def find_round(db, year: int, title_code: str, village_id: int | None) -> RoundInfo | None:
    with db.session() as s:
        rid = s.scalar(select(CultureRound.id).where(
            CultureRound.deleted_at.is_(None), CultureRound.year == year, CultureRound.title_code == title_code,
            CultureRound.village_id.is_(None) if village_id is None else CultureRound.village_id == village_id))
        return _info(s, _round(s, rid)) if rid is not None else None


def subjects(db, round_id: int, search: str = "", result: str | None = None) -> list[SubjectLine]:
    """The round's households (or villages) with their marks, in one query; ``search`` folds accents,
    ``result`` one of the results or "" for those not marked yet."""
    with db.session() as s:
        r = _round(s, round_id)
        if r.title_code == "GDVH":
            subject_id, name, detail = Household.id, Household.head_name, Household.address
            key = Household.search_key
            join_on = and_(CultureMark.round_id == r.id, CultureMark.household_id == Household.id)
            where = [Household.village_id == r.village_id, Household.deleted_at.is_(None)]
        else:
            subject_id, name, detail = Collective.id, Collective.name, Collective.kind
            key = Collective.search_key
            join_on = and_(CultureMark.round_id == r.id, CultureMark.collective_id == Collective.id)
            where = [Collective.deleted_at.is_(None), Collective.kind.in_(rules.VILLAGE_KINDS),
                     Collective.status == "active"]
        stmt = (select(subject_id, name, detail, CultureMark.result, CultureMark.votes, CultureMark.note)
                .select_from(Household if r.title_code == "GDVH" else Collective)
                .outerjoin(CultureMark, join_on).where(*where))
        if search.strip():
            stmt = stmt.where(key.contains(fold(search.strip()), autoescape=True))
        if result == "":
            stmt = stmt.where(CultureMark.id.is_(None))
        elif result is not None:
            stmt = stmt.where(CultureMark.result == result)
        rows = s.execute(stmt.order_by(name, subject_id)).all()
    kinds = {"thon": "Thôn", "to_dan_pho": "Tổ dân phố"}  # i18n: keep (data labels of collective kinds)
    return [SubjectLine(i, n, kinds.get(d, d) if r.title_code == "THON_VH" else d, res or "", v, note or "")
            for i, n, d, res, v, note in rows]


# --------------------------------------------------------------------------- opening and the steps


def _village_facts(s: Session, village_id: int) -> rules.VillageFacts | None:
    v = s.get(Collective, village_id) if 0 < village_id < 2**31 else None
    if v is None:
        return None
    return rules.VillageFacts(v.id, v.name, v.kind, v.deleted_at is not None, v.status or "active", v.ended_on)


def _audit(s: Session, actor: str, r: CultureRound, action: str, changes: dict) -> None:
    s.add(AuditEntry(actor=actor, table_name="culture_round", record_id=r.id, action=action,
                     changes=json.dumps(changes, ensure_ascii=False, default=str)))


def open_round(db, year: int, title_code: str, village_id: int | None, actor: str,
               on: dt.date | None = None) -> RoundInfo:
    """Open the review of ``title_code`` in ``year``: per village for GDVH, once per commune for THON_VH."""
    title = procedure().title(title_code)
    if not 2000 <= year <= 2100:
        raise UserError(f"Năm {year} không hợp lệ.")
    on = on or dt.date(year, 1, 1)
    with db.session() as s, s.begin():
        name = ""
        if title_code == "GDVH":
            if village_id is None:
                raise UserError("Gia đình văn hóa được bình xét theo từng thôn, tổ dân phố: hãy chọn thôn, tổ dân phố.")
            facts = _village_facts(s, village_id)
            rules.check_village(facts, on)
            assert facts is not None
            name = facts.name
        elif village_id is not None:
            raise UserError(f"“{title.name}” được bình xét một lần cho toàn xã: không chọn thôn, tổ dân phố.")
        same = s.scalar(select(CultureRound.id).where(
            CultureRound.deleted_at.is_(None), CultureRound.year == year, CultureRound.title_code == title_code,
            CultureRound.village_id.is_(None) if village_id is None else CultureRound.village_id == village_id))
        if same is not None:
            where = f" của {name}" if name else ""
            raise UserError(f"Đã có đợt bình xét “{title.name}” năm {year}{where} (mã {same}); mỗi năm một đợt.")
        r = CultureRound(year=year, title_code=title_code, village_id=village_id, village_name=name, status="open")
        s.add(r)
        s.flush()
        _audit(s, actor, r, "create", {"year": [None, year], "title_code": [None, title_code],
                                       "village_id": [None, village_id]})
        rid = r.id
    return get_round(db, rid)


def _open(r: CultureRound, what: str) -> None:
    if r.status != "open":
        state = "đã kết thúc bình xét" if r.status == "finished" else "đã có quyết định"
        raise UserError(f"Đợt bình xét mã {r.id} {state}: không {what} được nữa.")


def record_meeting(db, round_id: int, meeting_on: dt.date, actor: str, *, place: str = "", chair: str = "",
                   secretary: str = "", front_members: str = "", attendance: int | None = None) -> RoundInfo:
    with db.session() as s, s.begin():
        r = _round(s, round_id)
        _open(r, "sửa cuộc họp")
        if meeting_on.year != r.year:
            raise UserError(f"Ngày họp {meeting_on:%d/%m/%Y} không thuộc năm bình xét {r.year}.")
        if attendance is not None and not 0 < attendance <= 100_000:
            raise UserError("Số người dự họp phải là số nguyên dương.")
        if r.posted_from is not None and r.posted_from < meeting_on:
            raise UserError(f"Danh sách đã niêm yết từ ngày {r.posted_from:%d/%m/%Y}, trước ngày họp này; hãy sửa "
                            "ngày niêm yết trước.")
        old = {"meeting_on": r.meeting_on, "chair_name": r.chair_name}
        r.meeting_on, r.place, r.chair_name, r.secretary_name = meeting_on, nfc(place)[:255], nfc(chair)[:100], \
            nfc(secretary)[:100]
        r.front_members, r.attendance = nfc(front_members), attendance
        _audit(s, actor, r, "update", {"meeting_on": [old["meeting_on"], meeting_on],
                                       "chair_name": [old["chair_name"], r.chair_name]})
    return get_round(db, round_id)


def record_posting(db, round_id: int, posted_from: dt.date, actor: str, complaints: str = "") -> RoundInfo:
    """The list posted from ``posted_from``: its last day follows from the data's days."""
    title_for = procedure()
    with db.session() as s, s.begin():
        r = _round(s, round_id)
        _open(r, "sửa ngày niêm yết")
        title = title_for.title(r.title_code)
        rules.check_posting(title, r.meeting_on, posted_from)
        old = r.posted_from
        r.posted_from, r.posted_until = posted_from, rules.posted_until(title, posted_from)
        r.complaints = nfc(complaints)
        _audit(s, actor, r, "update", {"posted_from": [old, posted_from], "posted_until": [None, r.posted_until]})
    return get_round(db, round_id)


def finish(db, round_id: int, finished_on: dt.date, actor: str) -> tuple[RoundInfo, str]:
    """The review finished on ``finished_on``: after the posting days, by the data's date of the year
    (a refusal, or the warning returned; a round reopened to be corrected was finished in time once, so
    finishing it again is not held to that date). Nothing unmarked is left "not reviewed" silently: the
    households without a mark are named in the refusal."""
    proc = procedure()
    with db.session() as s, s.begin():
        r = _round(s, round_id)
        _open(r, "kết thúc")
        title = proc.title(r.title_code)
        rules.check_posted_long_enough(title, r.posted_from, finished_on)
        first = r.finished_on   # set: reopened to correct its marks (reopen), the review finished in time once
        if first is not None and finished_on < first:
            raise UserError(f"Đợt bình xét mã {r.id} đã kết thúc lần đầu ngày {first:%d/%m/%Y}; ngày kết thúc lại "
                            "không được trước ngày đó.")
        warning = rules.check_review_deadline(title, r.year, finished_on) if first is None else ""
        marked = s.scalar(select(func.count()).select_from(CultureMark).where(CultureMark.round_id == r.id)) or 0
        if not marked:
            raise UserError("Chưa đánh dấu kết quả nào trong đợt này. Hãy đánh dấu đạt, không đạt trước khi kết thúc.")
        r.finished_on, r.status = finished_on, "finished"
        _audit(s, actor, r, "update", {"status": ["open", "finished"], "finished_on": [first, finished_on]})
    return get_round(db, round_id), warning


def record_file_complete(db, round_id: int, on: dt.date, actor: str) -> RoundInfo:
    with db.session() as s, s.begin():
        r = _round(s, round_id)
        if r.status == "decided":
            raise UserError(f"Đợt bình xét mã {r.id} đã có quyết định.")
        rules.check_file_complete(r.finished_on, on)
        old, r.file_complete_on = r.file_complete_on, on
        _audit(s, actor, r, "update", {"file_complete_on": [old, on]})
    return get_round(db, round_id)


def reopen(db, round_id: int, reason: str, actor: str, *, for_replacement: bool = False) -> RoundInfo:
    """Open a finished round again so that its marks can be corrected: allowed when it has no decision
    in force (none issued yet, or the one issued was repealed). With a decision in force only
    ``for_replacement``: the corrected round is then issued as a decision replacing it (thay thế), never
    as a second one. The reason goes to the audit log."""
    reason = nfc(" ".join(reason.split()))
    if not reason:
        raise UserError("Hãy ghi lý do mở lại đợt bình xét (ví dụ: ghi nhầm kết quả của hộ ông Nguyễn Văn A).")
    with db.session() as s, s.begin():
        r = _round(s, round_id)
        if r.status == "open":
            raise UserError(f"Đợt bình xét mã {r.id} đang bình xét: không cần mở lại, hãy sửa kết quả trực tiếp.")
        if r.decision_doc_id is not None and not for_replacement:
            raise UserError(
                f"Đợt bình xét mã {r.id} đã có Quyết định số {r.decision_no} đang có hiệu lực nên không mở lại được. "
                f"Nếu quyết định sai, hãy bãi bỏ: python -m desktop documents supersede {r.decision_doc_id} --change "
                "bai_bo --reason \"…\", rồi mở lại; hoặc mở lại để ban hành quyết định thay thế: python -m desktop "
                f"culture reopen --round {r.id} --replace --reason \"…\".")
        old = r.status
        r.status = "open"   # finished_on stays: finishing again corrects a review finished in time
        _audit(s, actor, r, "update", {"status": [old, "open"], "reopened": [None, reason],
                                       "decision_in_force": [None, r.decision_no or None]})
    return get_round(db, round_id)


# --------------------------------------------------------------------------- bulk marking


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _check_listed(s: Session, r: CultureRound, ids: Sequence[int]) -> None:
    """Every id a live household of the round's village (GDVH) or a live village (THON_VH)."""
    if len(ids) > MAX_IDS:
        raise UserError(f"Danh sách có {len(ids)} mã, nhiều hơn mọi xã, phường ({MAX_IDS}); hãy kiểm tra lại tệp.")
    dup = rules.duplicates(ids)
    if dup:
        raise UserError(f"Danh sách có mã lặp lại: {rules.listed(dup)}. Mỗi hộ, mỗi thôn chỉ đánh dấu một lần trong "
                        "một đợt; hãy bỏ dòng trùng rồi làm lại. Chưa ghi gì.")
    missing: list[int] = []
    foreign: list[int] = []
    deleted: list[int] = []
    for chunk in _chunks(ids):
        if r.title_code == "GDVH":
            found = {i: (v, d) for i, v, d in s.execute(select(Household.id, Household.village_id, Household.deleted_at)
                                                       .where(Household.id.in_(chunk)))}
            for i in chunk:
                if i not in found:
                    missing.append(i)
                elif found[i][1] is not None:
                    deleted.append(i)
                elif found[i][0] != r.village_id:
                    foreign.append(i)
        else:
            cols = {i: (k, d, st) for i, k, d, st in s.execute(
                select(Collective.id, Collective.kind, Collective.deleted_at, Collective.status)
                .where(Collective.id.in_(chunk)))}
            for i in chunk:
                if i not in cols or cols[i][0] not in rules.VILLAGE_KINDS:
                    missing.append(i)
                elif cols[i][1] is not None or cols[i][2] != "active":
                    deleted.append(i)
    what = "hộ gia đình" if r.title_code == "GDVH" else "thôn, tổ dân phố"
    problems = []
    if missing:
        problems.append(f"không có {what} mã {rules.listed(missing)}")
    if deleted:
        problems.append(f"{what} mã {rules.listed(deleted)} đã xóa hoặc không còn hoạt động")
    if foreign:
        problems.append(f"hộ mã {rules.listed(foreign)} không thuộc {r.village_name}")
    if problems:
        raise UserError("Không đánh dấu được: " + "; ".join(problems) + ". Hãy sửa danh sách rồi làm lại. Chưa ghi gì.")


def mark(db, round_id: int, result: str, actor: str, *, ids: Sequence[int] | None = None,
         only_unmarked: bool = False, votes: int | None = None, note: str = "") -> MarkOutcome:
    """Mark ``result`` for the listed households (or villages), or for all of them when ``ids`` is
    None (``only_unmarked``: those not marked yet): one transaction, batch statements. A subject has
    one mark per round: marking again replaces its result."""
    rules.check_result(result)
    if votes is not None and votes < 0:
        raise UserError("Số phiếu phải là số không âm.")
    now, note = utcnow(), nfc(note)
    with db.session() as s, s.begin():
        r = _round(s, round_id)
        _open(r, "đánh dấu")
        gdvh = r.title_code == "GDVH"
        col = CultureMark.household_id if gdvh else CultureMark.collective_id
        if ids is not None:
            ids = [int(i) for i in ids]
            _check_listed(s, r, ids)
            for chunk in _chunks(ids):
                s.execute(delete(CultureMark).where(CultureMark.round_id == r.id, col.in_(chunk)))
            key = "household_id" if gdvh else "collective_id"
            s.execute(insert(CultureMark), [{"round_id": r.id, key: i, "result": result, "votes": votes,
                                             "note": note, "updated_at": now} for i in ids])
            count = len(ids)
        else:
            if gdvh:
                src = select(Household.id).where(Household.village_id == r.village_id, Household.deleted_at.is_(None))
            else:
                src = select(Collective.id).where(Collective.deleted_at.is_(None), Collective.status == "active",
                                                  Collective.kind.in_(rules.VILLAGE_KINDS))
            if only_unmarked:
                src = src.where(~src.selected_columns[0].in_(select(col).where(CultureMark.round_id == r.id,
                                                                                col.is_not(None))))
            else:
                s.execute(delete(CultureMark).where(CultureMark.round_id == r.id))
            sub = src.subquery()
            sel = select(literal(r.id), sub.c.id, literal(result), literal(votes), literal(note), literal(now))
            res = s.execute(insert(CultureMark).from_select(
                ["round_id", "household_id" if gdvh else "collective_id", "result", "votes", "note", "updated_at"],
                sel))
            count = int(res.rowcount or 0)
        s.execute(update(CultureRound).where(CultureRound.id == r.id).values(updated_at=now))
        _audit(s, actor, r, "update", {"marks": [None, {"result": result, "count": count,
                                                        "all": ids is None, "only_unmarked": only_unmarked}]})
    return MarkOutcome(round_id, result, count)


def clear_marks(db, round_id: int, ids: Sequence[int], actor: str) -> int:
    """Take the marks of the listed subjects back (to "not marked")."""
    with db.session() as s, s.begin():
        r = _round(s, round_id)
        _open(r, "bỏ đánh dấu")
        col = CultureMark.household_id if r.title_code == "GDVH" else CultureMark.collective_id
        n = 0
        for chunk in _chunks([int(i) for i in ids]):
            n += int(s.execute(delete(CultureMark).where(CultureMark.round_id == r.id, col.in_(chunk))).rowcount or 0)
        _audit(s, actor, r, "update", {"marks_cleared": [None, n]})
    return n


def ids_from_csv(path: Path | str) -> list[int]:
    """The ids of a CSV file: its first column, a header line allowed; refuses anything else naming
    the line."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {p}: {exc.strerror or exc}.") from None
    text = raw.decode("utf-8-sig", errors="replace")
    out: list[int] = []
    for n, row in enumerate(csv.reader(io.StringIO(text)), 1):
        cell = (row[0] if row else "").strip()
        if not cell:
            continue
        if not cell.isdigit():
            if n == 1 and not out:
                continue  # a header
            raise UserError(f"Tệp {p.name}, dòng {n}: “{cell[:40]}” không phải mã hộ (số nguyên). Chưa ghi gì.")
        out.append(int(cell))
    if not out:
        raise UserError(f"Tệp {p.name} không có mã nào (cột đầu tiên phải là mã hộ gia đình).")
    return out


__all__ = ["Village", "RoundInfo", "SubjectLine", "MarkOutcome", "procedure", "villages", "get_round", "list_rounds",
           "find_round", "subjects", "open_round", "record_meeting", "record_posting", "finish",
           "record_file_complete", "reopen", "mark", "clear_marks", "ids_from_csv"]
