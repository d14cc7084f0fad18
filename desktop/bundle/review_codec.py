"""The year-end review's acts in a data file (format version 3): the council's meetings and ballots, the
commune's decisions and its proposals to the province with their rows, the award history and the
issued documents. How the commune writes each kind from its review tables, and how the province
checks every record (types, lengths, the text rule, dates and years in range, codes, and that it
belongs to the sender). Specification: docs/bundle-format.md §3a.

The checks across records (every reference resolves, a row's ballot meets its catalog's threshold,
the minutes' votes digest) run in SQL over the staged file at the province: desktop.app.province_acts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.bundle.errors import BundleRefused
from desktop.bundle.records_codec import SUBJECT_COLUMNS, _dmy, check_uid, uid, verifier_today
from desktop.core.labels import KIND_LABELS
from desktop.core.records import MAX_COUNT, dates_range, years_range
from desktop.core.review.votes import METHODS, votes_digest
from desktop.shared.text import one_line, text_problem
from desktop.store.models_reports import CHANGE_KINDS, IssuedDocument
from desktop.store.models_review import AwardHistory, Ballot, MeetingAttendance, ReviewDecision, ReviewDecisionRow
from desktop.store.models_review import ReviewMeeting as Meeting

# in the order the commune writes them: a record's references come before it in the file
REVIEW_KINDS: tuple[str, ...] = ("document", "meeting", "ballot", "decision", "proposal", "decision_row",
                                 "proposal_row", "award")
LABELS = {k: KIND_LABELS[k] for k in REVIEW_KINDS}  # Vietnamese, as the verifier's messages speak
MAX_MONEY = 10**15          # đồng: amounts and totals (well inside ±2⁵³)
HEX64 = re.compile(r"^[0-9a-f]{64}\Z", re.ASCII)
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)
SUBJECT_TYPES = ("person", "collective", "household")
LEVELS = ("xa", "tinh", "trung_uong")
SOURCES = ("commune", "earlier", "province")


@dataclass(frozen=True)
class Member:
    name: str
    label: str
    kind: str                # year | date | text | int | money | ref | subject | choice | bool | hex
    required: bool = False
    max_len: int = 0         # text
    ref: str = ""            # ref: the kind it names
    choices: tuple[str, ...] = ()
    low: int = 0             # int: the least value


def _m(name: str, label: str, kind: str, required: bool = False, **kw: Any) -> Member:
    return Member(name, label, kind, required, **kw)


_ROW = [_m("sort_order", "Thứ tự", "int", True), _m("subject", "Đối tượng", "subject", True),
        _m("title_code", "Danh hiệu, hình thức", "text", True, max_len=32),
        _m("subject_name", "Tên đối tượng", "text", True, max_len=255),
        _m("subject_detail", "Chức vụ, đơn vị", "text", max_len=255), _m("amount", "Số tiền", "money", True),
        _m("ballot", "Kết quả bỏ phiếu", "ref", ref="ballot"), _m("minutes", "Biên bản họp", "ref", ref="document")]
_ACT = [_m("year", "Năm xét", "year", True), _m("number", "Số", "int", True, low=1),
        _m("number_text", "Số, ký hiệu", "text", True, max_len=40), _m("signed_on", "Ngày ký", "date", True),
        _m("signer_name", "Người ký", "text", True, max_len=100),
        _m("signer_title", "Chức vụ người ký", "text", max_len=150),
        _m("authority_prefix", "Thẩm quyền ký", "text", max_len=10),
        _m("catalog_version", "Phiên bản danh mục", "text", True, max_len=40),
        _m("base_salary", "Mức lương cơ sở", "money"), _m("total_amount", "Tổng số tiền", "money", True),
        _m("meeting", "Cuộc họp", "ref", ref="meeting"), _m("document", "Văn bản", "ref", ref="document")]
MEMBERS: dict[str, list[Member]] = {
    "document": [_m("kind", "Loại văn bản", "text", True, max_len=20), _m("year", "Năm", "year", True),
                 _m("number_text", "Số, ký hiệu", "text", max_len=60), _m("issued_on", "Ngày ban hành", "date", True),
                 _m("title", "Trích yếu", "text", max_len=500), _m("sha256", "Mã băm nội dung", "hex", True),
                 _m("replaces", "Thay thế văn bản", "ref", ref="document"),
                 _m("change_kind", "Loại thay đổi", "choice", choices=CHANGE_KINDS),
                 _m("votes_sha256", "Mã băm kết quả bỏ phiếu", "hex")],
    "meeting": [_m("year", "Năm xét", "year", True), _m("held_on", "Ngày họp", "date", True),
                _m("place", "Địa điểm", "text", max_len=255),
                _m("members_total", "Tổng số thành viên", "int", True, low=1),
                _m("present", "Số có mặt", "int", True), _m("written", "Số bỏ phiếu bằng văn bản", "int", True),
                _m("catalog_version", "Phiên bản danh mục", "text", max_len=40),
                _m("minutes", "Biên bản họp", "ref", ref="document")],
    "ballot": [_m("meeting", "Cuộc họp", "ref", True, ref="meeting"), _m("subject", "Đối tượng", "subject", True),
               _m("title_code", "Danh hiệu, hình thức", "text", True, max_len=32),
               _m("method", "Cách biểu quyết", "choice", True, choices=METHODS),
               _m("members_total", "Tổng số thành viên", "int", True, low=1), _m("yes", "Số phiếu đồng ý", "int", True),
               _m("no", "Số phiếu không đồng ý", "int", True), _m("invalid", "Số phiếu không hợp lệ", "int", True),
               _m("threshold_percent", "Tỷ lệ cần đạt", "text", max_len=12), _m("passed", "Đạt", "bool", True)],
    "decision": [*_ACT],
    "proposal": [*_ACT],
    "decision_row": [_m("decision", "Quyết định", "ref", True, ref="decision"), *_ROW],
    "proposal_row": [_m("proposal", "Tờ trình", "ref", True, ref="proposal"), *_ROW],
    "award": [_m("subject", "Đối tượng", "subject", True), _m("year", "Năm", "year", True),
              _m("title_code", "Danh hiệu, hình thức", "text", True, max_len=32),
              _m("decision_no", "Số quyết định", "text", max_len=60), _m("decision_date", "Ngày quyết định", "date"),
              _m("level", "Cấp khen", "choice", True, choices=LEVELS),
              _m("source", "Nguồn", "choice", True, choices=SOURCES)],
}
# (kind, member, kind named) of every reference but the subject (staged in its own column, subject_uid)
REFERENCES: tuple[tuple[str, str, str], ...] = tuple(
    (kind, f.name, f.ref) for kind, fields in MEMBERS.items() for f in fields if f.kind == "ref")


def label(kind: str, member: str) -> str:
    return next((f.label for f in MEMBERS[kind] if f.name == member), member)


# --------------------------------------------------------------------------- the province's checks


def _bad(kind: str, line: int, what: str, rec_uid: str | None = None) -> BundleRefused:
    record = f"Bản ghi thứ {line} loại “{LABELS[kind]}”" + (f" ({rec_uid})" if rec_uid else "")
    return BundleRefused("bad_field", f"{record}: {what}.")


def _check_member(f: Member, value: Any, kind: str, line: int, commune: str, rec_uid: str, today: dt.date) -> None:
    if f.kind == "text":
        if not isinstance(value, str):
            raise _bad(kind, line, f"“{f.label}” phải là chuỗi ký tự", rec_uid)
        if len(value) > f.max_len:
            raise _bad(kind, line, f"“{f.label}” dài {len(value)} ký tự, vượt quá {f.max_len}", rec_uid)
        problem = text_problem(value)
        if problem:
            raise _bad(kind, line, f"“{f.label}” {problem}", rec_uid)
    elif f.kind == "choice":
        if not isinstance(value, str) or value not in f.choices:
            shown = one_line(value, 30) if isinstance(value, str) else type(value).__name__
            raise _bad(kind, line, f"“{f.label}” có mã “{shown}” không có trong danh mục", rec_uid)
    elif f.kind == "hex":
        if not isinstance(value, str) or not HEX64.fullmatch(value):
            raise _bad(kind, line, f"“{f.label}” phải là 64 chữ số hệ 16 viết thường", rec_uid)
    elif f.kind == "bool":
        if not isinstance(value, bool):
            raise _bad(kind, line, f"“{f.label}” phải là true hoặc false", rec_uid)
    elif f.kind in ("int", "money"):
        top = MAX_MONEY if f.kind == "money" else MAX_COUNT
        if isinstance(value, bool) or not isinstance(value, int) or not f.low <= value <= top:
            raise _bad(kind, line, f"“{f.label}” phải là số nguyên hợp lệ, từ {f.low} đến {top}", rec_uid)
    elif f.kind == "year":
        first, last = years_range(today)
        if isinstance(value, bool) or not isinstance(value, int) or not first <= value <= last:
            raise _bad(kind, line, f"“{f.label}” phải là năm từ {first} đến {last}", rec_uid)
    elif f.kind == "date":
        day = _date(value)
        if day is None:
            raise _bad(kind, line, f"“{f.label}” không phải ngày hợp lệ", rec_uid)
        since, until = dates_range(today)
        if not since <= day <= until:
            raise _bad(kind, line, f"“{f.label}” là ngày {_dmy(day)}, ngoài khoảng cho phép từ {_dmy(since)} "
                                   f"đến {_dmy(until)}", rec_uid)
    elif f.kind == "ref":
        check_uid(value, commune, f.ref, kind, line, f"“{f.label}”", rec_uid)
    elif f.kind == "subject":
        if not isinstance(value, dict) or set(value) != {"type", "uid"} or value["type"] not in SUBJECT_TYPES:
            raise _bad(kind, line, f"“{f.label}” không hợp lệ", rec_uid)
        check_uid(value["uid"], commune, value["type"], kind, line, "đối tượng", rec_uid)


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_review_record(kind: str, rec: dict[str, Any], line: int, commune: str, today: dt.date | None = None) -> None:
    """Refuse (BundleRefused) a record of the review's acts that the commune's code could not have written."""
    today = today or verifier_today()
    fields = MEMBERS[kind]
    unknown = set(rec) - {"uid"} - {f.name for f in fields}
    if unknown:
        raise _bad(kind, line, f"có trường lạ “{one_line(sorted(unknown)[0], 30)}”")
    rec_uid = check_uid(rec.get("uid"), commune, kind, kind, line, "bản ghi")
    for f in fields:
        if f.name not in rec:
            raise _bad(kind, line, f"thiếu trường “{f.label}”", rec_uid)
        value = rec[f.name]
        if value is None or (f.kind == "text" and value == "" and f.required):
            if f.required:
                raise _bad(kind, line, f"thiếu “{f.label}”", rec_uid)
            continue
        _check_member(f, value, kind, line, commune, rec_uid, today)
    _check_counts(kind, rec, line, rec_uid)


def _check_counts(kind: str, rec: dict[str, Any], line: int, rec_uid: str) -> None:
    """What holds between the members of one record."""
    if kind == "ballot" and rec["yes"] + rec["no"] + rec["invalid"] > rec["members_total"]:
        raise _bad(kind, line, f"tổng số phiếu ({rec['yes'] + rec['no'] + rec['invalid']}) nhiều hơn tổng số thành "
                               f"viên Hội đồng ({rec['members_total']})", rec_uid)
    if kind == "meeting" and rec["present"] + rec["written"] > rec["members_total"]:
        raise _bad(kind, line, f"số có mặt và bỏ phiếu bằng văn bản ({rec['present'] + rec['written']}) nhiều hơn "
                               f"tổng số thành viên ({rec['members_total']})", rec_uid)
    if kind == "document":
        if rec["kind"] == "minutes" and rec["votes_sha256"] is None:
            raise _bad(kind, line, "biên bản họp thiếu “Mã băm kết quả bỏ phiếu”", rec_uid)
        if rec["kind"] != "minutes" and rec["votes_sha256"] is not None:
            raise _bad(kind, line, "chỉ biên bản họp mới có “Mã băm kết quả bỏ phiếu”", rec_uid)


# --------------------------------------------------------------------------- the commune's export


def ballot_vote(ballot: dict) -> tuple[str, int, str, str, int, int, int]:
    """A ballot record as the vote the minutes froze (subject type, subject's local id, title, method,
    yes, no, invalid)."""
    subject = ballot["subject"]
    return (subject["type"], int(str(subject["uid"]).rsplit(":", 1)[1]), ballot["title_code"], ballot["method"],
            ballot["yes"], ballot["no"], ballot["invalid"])


def votes_problem(acts: dict[str, list[dict]]) -> str | None:
    """Before the commune writes a file: a meeting whose ballots, as written, do not give the votes
    digest of its issued minutes (a tally edited, or a subject voted on moved to the recycle bin, after
    the minutes were issued) would be refused by the province (``votes_mismatch``). The reason, or None."""
    docs = {d["uid"]: d for d in acts.get("document", [])}
    for m in acts.get("meeting", []):
        doc = docs.get(m["minutes"]) if m["minutes"] else None
        if doc is None:
            continue
        votes = [ballot_vote(b) for b in acts.get("ballot", []) if b["meeting"] == m["uid"]]
        if votes_digest(votes) != doc["votes_sha256"]:
            held = _date(m["held_on"])
            return (f"Chưa xuất được tệp: kết quả bỏ phiếu của cuộc họp Hội đồng ngày {_dmy(held) if held else ''} "
                    f"không còn khớp biên bản {doc['number_text'] or doc['uid']} đã ban hành (một kết quả đã bị sửa, "
                    "hoặc một đối tượng được bỏ phiếu đã bị xóa, sau khi ban hành biên bản). Hãy khôi phục đối tượng "
                    "từ thùng rác hoặc ban hành biên bản đính chính rồi xuất lại.")
    return None



def minutes_votes(rows_json: str) -> str:
    """The votes digest of the rows a minutes document froze (IssuedDocument.rows)."""
    try:
        rows = json.loads(rows_json or "[]")
    except ValueError:
        rows = []
    return votes_digest((r["subject_type"], r["subject_id"], r["title_code"], r["method"], r["yes"], r["no"],
                         r["invalid"]) for r in rows if isinstance(r, dict))


def _subject(obj: Any, commune: str) -> tuple[dict | None, str, int | None]:
    for st, col in SUBJECT_COLUMNS.items():
        sid = getattr(obj, col, None)
        if sid is not None:
            return {"type": st, "uid": uid(commune, st, sid)}, st, sid
    return None, "", None


class _Exporter:
    """What the export of the review's acts looks up more than once, read once (the tables are small:
    a commune's review of a few years)."""

    def __init__(self, session: Session, commune: str, binned: dict[str, set[int]]):
        self.s, self.c, self.binned = session, commune, binned
        docs = session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
        replaced = {d.replaces_id for d in docs if d.replaces_id is not None}
        self.docs = docs
        self.current: dict[tuple[str, int], int] = {}  # (source kind, source id) -> newest document not replaced
        for d in sorted(docs, key=lambda d: (d.issued_on, d.id)):
            if d.id not in replaced and d.source_kind and d.source_id is not None and (
                    d.source_kind != "review_meeting" or d.kind == "minutes"):
                self.current[(d.source_kind, d.source_id)] = d.id
        self.meetings = {m.id: m for m in session.scalars(select(Meeting).where(Meeting.deleted_at.is_(None)))}
        live = select(Ballot).where(Ballot.deleted_at.is_(None)).order_by(Ballot.id)
        self.ballots = [b for b in session.scalars(live)
                        if b.meeting_id in self.meetings and not self._binned(b)]
        self.ballot_of = {(b.meeting_id, _subject(b, commune)[1], _subject(b, commune)[2], b.title_code): b.id
                          for b in self.ballots}
        self.acts = {d.id: d for d in session.scalars(select(ReviewDecision).where(ReviewDecision.deleted_at.is_(None))
                                                      .order_by(ReviewDecision.id))}

    def _binned(self, obj: Any) -> bool:
        _, st, sid = _subject(obj, self.c)
        return sid is not None and sid in self.binned.get(st, set())

    def ref(self, kind: str, rid: int | None) -> str | None:
        return uid(self.c, kind, rid) if rid is not None else None

    def document(self) -> Iterator[dict]:
        for d in self.docs:
            yield {"uid": uid(self.c, "document", d.id), "kind": d.kind, "year": d.year, "number_text": d.number_text,
                   "issued_on": d.issued_on.isoformat(), "title": d.title, "sha256": d.sha256,
                   "replaces": self.ref("document", d.replaces_id), "change_kind": d.change_kind,
                   "votes_sha256": minutes_votes(d.rows) if d.kind == "minutes" else None}

    def meeting(self) -> Iterator[dict]:
        att = self.s.execute(select(MeetingAttendance.meeting_id, MeetingAttendance.present,
                                    MeetingAttendance.written_vote)).all()
        for m in sorted(self.meetings.values(), key=lambda m: m.id):
            mine = [a for a in att if a.meeting_id == m.id]
            yield {"uid": uid(self.c, "meeting", m.id), "year": m.year, "held_on": m.held_on.isoformat(),
                   "place": m.place, "members_total": m.members_total, "present": sum(1 for a in mine if a.present),
                   "written": sum(1 for a in mine if not a.present and a.written_vote),
                   "catalog_version": m.catalog_version,
                   "minutes": self.ref("document", self.current.get(("review_meeting", m.id)))}

    def ballot(self) -> Iterator[dict]:
        for b in self.ballots:
            yield {"uid": uid(self.c, "ballot", b.id), "meeting": uid(self.c, "meeting", b.meeting_id),
                   "subject": _subject(b, self.c)[0], "title_code": b.title_code, "method": b.method,
                   "members_total": b.members_total, "yes": b.yes, "no": b.no, "invalid": b.invalid,
                   "threshold_percent": b.threshold_percent, "passed": bool(b.passed)}

    def act(self, kind: str) -> Iterator[dict]:
        for d in self.acts.values():
            if d.kind != kind:
                continue
            yield {"uid": uid(self.c, kind, d.id), "year": d.year, "number": d.number, "number_text": d.number_text,
                   "signed_on": d.signed_on.isoformat(), "signer_name": d.signer_name, "signer_title": d.signer_title,
                   "authority_prefix": d.authority_prefix, "catalog_version": d.catalog_version,
                   "base_salary": d.base_salary, "total_amount": d.total_amount,
                   "meeting": self.ref("meeting", d.meeting_id if d.meeting_id in self.meetings else None),
                   "document": self.ref("document", self.current.get(("review_decision", d.id)))}

    def rows(self, kind: str) -> Iterator[dict]:
        parent = kind.removesuffix("_row")
        ids = [d.id for d in self.acts.values() if d.kind == parent]
        if not ids:
            return
        for r in self.s.scalars(select(ReviewDecisionRow).where(ReviewDecisionRow.decision_id.in_(ids))
                                .order_by(ReviewDecisionRow.decision_id, ReviewDecisionRow.sort_order,
                                          ReviewDecisionRow.id)):
            if self._binned(r):
                continue
            subject, st, sid = _subject(r, self.c)
            mid = self.acts[r.decision_id].meeting_id
            mid = mid if mid in self.meetings else None
            ballot = self.ballot_of.get((mid, st, sid, r.title_code)) if mid is not None else None
            minutes = self.current.get(("review_meeting", mid)) if mid is not None else None
            yield {"uid": uid(self.c, kind, r.id), parent: uid(self.c, parent, r.decision_id),
                   "sort_order": r.sort_order, "subject": subject, "title_code": r.title_code,
                   "subject_name": r.subject_name, "subject_detail": r.subject_detail, "amount": r.amount,
                   "ballot": self.ref("ballot", ballot), "minutes": self.ref("document", minutes)}

    def award(self) -> Iterator[dict]:
        live = select(AwardHistory).where(AwardHistory.deleted_at.is_(None)).order_by(AwardHistory.id)
        for a in self.s.scalars(live):
            if self._binned(a):
                continue
            yield {"uid": uid(self.c, "award", a.id), "subject": _subject(a, self.c)[0], "year": a.year,
                   "title_code": a.title_code, "decision_no": a.decision_no,
                   "decision_date": a.decision_date.isoformat() if a.decision_date else None,
                   "level": a.level, "source": a.source}


def export_review(session: Session, commune: str, kind: str, binned: dict[str, set[int]]) -> Iterator[dict[str, Any]]:
    """The records of one review kind, as the commune writes them (``binned``: the ids of the subjects in
    the recycle bin, by type; a record about one of them is left out, as for the other kinds)."""
    ex = _Exporter(session, commune, binned)
    if kind == "document":
        return ex.document()
    if kind == "meeting":
        return ex.meeting()
    if kind == "ballot":
        return ex.ballot()
    if kind in ("decision", "proposal"):
        return ex.act(kind)
    if kind in ("decision_row", "proposal_row"):
        return ex.rows(kind)
    if kind == "award":
        return ex.award()
    raise ValueError(kind)


__all__ = ["REVIEW_KINDS", "LABELS", "MEMBERS", "REFERENCES", "ballot_vote", "check_review_record", "export_review",
           "label", "minutes_votes", "votes_problem"]
