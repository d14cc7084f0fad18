"""The council and its meetings: attendance (the quorum, who chairs, who takes the minutes), and the
secret-ballot tallies recorded at a meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.catalog import CouncilRule
from desktop.core.review.ballots import BallotOutcome, tally
from desktop.core.review.plans import MeetingInfo
from desktop.core.review.results import Subject
from desktop.core.review.yeardata import _subj
from desktop.shared.errors import NotFoundError, UserError, ValidationError
from desktop.shared.i18n import tr
from desktop.shared.text import nfc
from desktop.store.models import CouncilMember
from desktop.store.models_reports import IssuedDocument
from desktop.store.models_review import Ballot, MeetingAttendance, ReviewMeeting


@dataclass(frozen=True)
class CouncilMeeting(MeetingInfo):
    """A meeting with who chaired it and who took the minutes (council member ids; None on meetings
    recorded before the app asked for them)."""

    chair_member_id: int | None = None
    secretary_member_id: int | None = None

    def member_name(self, member_id: int | None) -> str:
        """The name the attendance holds for ``member_id`` ("" when None or not a member)."""
        return next((a["name"] for a in self.attendance if a["member_id"] == member_id), "") \
            if member_id is not None else ""


def attendance_problem(rule: CouncilRule, members_total: int, present: int, written: int = 0) -> str:
    """Why a meeting with this attendance may not review awards ("" when it may): below the quorum the
    message gives the numbers and the rule's source."""
    needed = rule.quorum_needed(members_total)
    attending = present + (written if rule.counts_written_votes else 0)
    if attending >= needed:
        return ""
    text = tr("Có {attending}/{total} thành viên dự họp, chưa đủ {quorum} (cần ít nhất {needed}): cuộc họp chưa "
              "đủ điều kiện xét khen thưởng. Hãy đánh dấu đúng những thành viên có mặt, hoặc hoãn cuộc họp đến "
              "khi đủ thành viên.").format(attending=attending, total=members_total, quorum=rule.quorum_text(),
                                    needed=needed)
    if written and not rule.counts_written_votes:
        text += " " + tr("Thành viên vắng mặt gửi phiếu bằng văn bản không được tính là dự họp.")
    return text + " " + tr("Căn cứ: {source}.").format(source=rule.quorum_source.rstrip("."))


def quorum_line(rule: CouncilRule, members_total: int, present: int, written: int = 0) -> str:
    """The attendance measured against the quorum, as the window and the minutes state it."""
    attending = present + (written if rule.counts_written_votes else 0)
    if rule.quorum is None:
        return tr("Có mặt {attending}/{total} thành viên Hội đồng.").format(attending=attending, total=members_total)
    return tr("Có mặt {attending}/{total} thành viên Hội đồng, đủ {quorum} tổng số thành viên (cần ít nhất "
              "{needed}).").format(attending=attending, total=members_total, quorum=rule.quorum_text(),
                                   needed=rule.quorum_needed(members_total))


def seat_problems(rule: CouncilRule, names: dict[int, str], present: set[int], chair: int | None,
                  secretary: int | None) -> dict[str, str]:
    """Field -> message for the meeting's chair and secretary: both members who attended, two people,
    and given when the catalog requires them. ``names``: member id -> name of every council member."""
    out: dict[str, str] = {}
    for key, who, required, missing, absent in (
            ("chair", chair, rule.chair_required,
             tr("Chưa chọn người chủ trì cuộc họp. Hãy chọn một thành viên Hội đồng có mặt."),
             tr("Người chủ trì {name} không có mặt tại cuộc họp. Hãy chọn một thành viên Hội đồng có mặt.")),
            ("secretary", secretary, rule.secretary_required,
             tr("Chưa chọn thư ký cuộc họp (người ghi và ký biên bản). Hãy chọn một thành viên Hội đồng có mặt."),
             tr("Thư ký {name} không có mặt tại cuộc họp: thư ký ghi biên bản nên phải là người dự họp. Hãy chọn "
                "một thành viên Hội đồng có mặt."))):
        if who is None:
            if required:
                out[key] = missing
        elif who not in names:
            out[key] = tr("Không tìm thấy thành viên Hội đồng mã {id}.").format(id=who)
        elif who not in present:
            out[key] = absent.format(name=names[who])
    if chair is not None and chair == secretary and not out:
        out["secretary"] = tr("Người chủ trì và thư ký cuộc họp phải là hai người khác nhau.")
    return out


def meeting_info(s: Session, meeting_id: int) -> CouncilMeeting:
    """The meeting ``meeting_id`` with its attendance and votes, read in the session ``s``."""
    m = s.get(ReviewMeeting, meeting_id)
    if m is None or m.deleted_at is not None:
        raise NotFoundError(tr("Không tìm thấy cuộc họp Hội đồng."))
    att = [{"member_id": a.council_member_id, "name": a.member_name, "present": a.present,
            "written_vote": a.written_vote}
           for a in s.scalars(select(MeetingAttendance).where(MeetingAttendance.meeting_id == m.id)
                              .order_by(MeetingAttendance.id))]
    ballots = [{"subject": _subj(b), "title_code": b.title_code, "yes": b.yes, "no": b.no,
                "invalid": b.invalid, "passed": b.passed, "reason": b.reason, "method": b.method}
               for b in s.scalars(select(Ballot).where(Ballot.meeting_id == m.id, Ballot.deleted_at.is_(None))
                                  .order_by(Ballot.id))]
    return CouncilMeeting(m.id, m.year, m.held_on, m.place, m.members_total, att, ballots,
                          chair_member_id=m.chair_member_id, secretary_member_id=m.secretary_member_id)


def minutes_issued(s: Session, meeting_id: int) -> IssuedDocument | None:
    """The issued minutes of the meeting (the newest), if any: its votes are frozen."""
    return s.scalars(select(IssuedDocument).where(
        IssuedDocument.source_kind == "review_meeting", IssuedDocument.source_id == meeting_id,
        IssuedDocument.kind == "minutes").order_by(IssuedDocument.id.desc()).limit(1)).first()


def _refuse_if_frozen(s: Session, meeting_id: int, held_on: dt.date) -> None:
    doc = minutes_issued(s, meeting_id)
    if doc is not None:
        raise UserError(tr("Biên bản cuộc họp ngày {date} đã ban hành (số {number}): kết quả biểu quyết, bỏ phiếu "
                           "của cuộc họp này không sửa được nữa. Nếu kết quả ghi sai, hãy lập biên bản đính chính; "
                           "nếu Hội đồng họp lại, hãy ghi cuộc họp mới.").format(
                               date=held_on.strftime("%d/%m/%Y"), number=doc.number_text or doc.id))


class Meetings:
    """Council and meeting use cases of ``Review`` (needs ``_sf``, ``catalog`` and ``_audit``)."""

    def council(self) -> list[tuple[int, str, str]]:
        with self._sf() as s:
            return [(r.id, r.full_name, r.role) for r in s.execute(
                select(CouncilMember.id, CouncilMember.full_name, CouncilMember.role)
                .where(CouncilMember.deleted_at.is_(None)).order_by(CouncilMember.sort_order, CouncilMember.id))]

    def open_meeting(self, year: int, held_on: dt.date, present: Iterable[int], written: Iterable[int] = (),
                     place: str = "", note: str = "", *, chair: int | None = None,
                     secretary: int | None = None) -> int:
        """Record a council meeting and who attended. Every live council member gets a line: present,
        absent with a written vote, or absent. The ballot threshold counts all of them. Refused below
        the catalog's quorum, and without a chair and a secretary who attended when it requires them."""
        present, written = set(present), set(written)
        members = self.council()
        if not members:
            raise UserError(tr("Chưa có thành viên Hội đồng Thi đua - Khen thưởng. Hãy nhập danh sách Hội đồng trước."))
        ids = {m[0] for m in members}
        unknown = (present | written) - ids
        if unknown:
            raise ValidationError({"attendance": tr("Không tìm thấy thành viên Hội đồng mã {ids}.").format(
                ids=sorted(unknown))})
        both = present & written
        if both:
            raise ValidationError({"attendance": tr("Thành viên có mặt thì bỏ phiếu tại cuộc họp, không ghi là bỏ phiếu "
                                                    "bằng văn bản.")})
        if not present:
            raise ValidationError({"attendance": tr("Chưa đánh dấu thành viên nào có mặt.")})
        rule = self.catalog.council
        short = attendance_problem(rule, len(members), len(present), len(written))
        if short:
            raise ValidationError({"attendance": short})
        seats = seat_problems(rule, {i: n for i, n, _ in members}, present, chair, secretary)
        if seats:
            raise ValidationError(seats)
        with self._sf() as s, s.begin():
            m = ReviewMeeting(year=year, held_on=held_on, place=nfc(place), members_total=len(members),
                              catalog_version=self.catalog.version, note=nfc(note), chair_member_id=chair,
                              secretary_member_id=secretary)
            s.add(m)
            s.flush()
            for mid, name, _ in members:
                s.add(MeetingAttendance(meeting_id=m.id, council_member_id=mid, member_name=name,
                                        present=mid in present, written_vote=mid in written))
            self._audit(s, "review_meeting", m.id, "create",
                        {"year": [None, year], "held_on": [None, held_on.isoformat()],
                         "present": [None, len(present)], "members_total": [None, len(members)],
                         "chair_member_id": [None, chair], "secretary_member_id": [None, secretary]})
            return m.id

    def meetings(self, year: int) -> list[CouncilMeeting]:
        with self._sf() as s:
            ids = s.scalars(select(ReviewMeeting.id).where(ReviewMeeting.year == year,
                                                           ReviewMeeting.deleted_at.is_(None))
                            .order_by(ReviewMeeting.held_on, ReviewMeeting.id)).all()
        return [self.meeting(i) for i in ids]

    def meeting(self, meeting_id: int) -> CouncilMeeting:
        with self._sf() as s:
            return meeting_info(s, meeting_id)

    def record_ballot(self, meeting_id: int, subject: Subject, title_code: str, yes: int, no: int,
                      invalid: int = 0) -> BallotOutcome:
        """Store the tally for a candidate (replacing an earlier one) and return its outcome. A tally
        below the threshold is stored too (the minutes record it) and refused in the outcome. The
        catalog says how the council votes on the title: a secret ballot, or a show of hands (kept
        apart in the minutes). Refused once the meeting's minutes are issued."""
        return self.record_votes(meeting_id, [subject], title_code, yes, no, invalid)[0]

    def record_votes(self, meeting_id: int, subjects: Iterable[Subject], title_code: str, yes: int, no: int,
                     invalid: int = 0) -> list[BallotOutcome]:
        """The same tally for each of ``subjects`` in one transaction: the council's show of hands on a
        list (all the Lao động tiên tiến at once), or one candidate's secret ballot."""
        subjects = list(subjects)
        info = self.meeting(meeting_id)
        outcome = tally(self.catalog, title_code, info.members_total, yes, no, invalid)
        method = "secret" if outcome.secret else "hands"
        cast = yes + no + invalid
        if cast > info.voting:
            raise ValidationError({"yes": tr("Có {votes} phiếu nhưng chỉ {voting} thành viên có mặt hoặc bỏ phiếu "
                                             "bằng văn bản. Hãy kiểm tra lại biên bản kiểm phiếu.").format(
                                                 votes=cast, voting=info.voting)})
        with self._sf() as s, s.begin():
            _refuse_if_frozen(s, meeting_id, info.held_on)
            for subject in subjects:
                self._store_vote(s, info, subject, title_code, yes, no, invalid, outcome, method)
        return [outcome for _ in subjects]

    def _store_vote(self, s: Session, info: MeetingInfo, subject: Subject, title_code: str, yes: int, no: int,
                    invalid: int, outcome: BallotOutcome, method: str) -> None:
        st, sid = subject
        cols = {"person_id": sid if st == "person" else None, "collective_id": sid if st == "collective" else None,
                "household_id": sid if st == "household" else None}
        old = s.scalars(select(Ballot).where(
            Ballot.meeting_id == info.id, Ballot.title_code == title_code, Ballot.deleted_at.is_(None),
            *[getattr(Ballot, k).is_(None) if v is None else getattr(Ballot, k) == v for k, v in cols.items()])).first()
        b = old or Ballot(meeting_id=info.id, title_code=title_code, **cols)
        changes = {k: [getattr(old, k) if old else None, v] for k, v in (("yes", yes), ("no", no), ("invalid", invalid))}
        b.members_total, b.yes, b.no, b.invalid = info.members_total, yes, no, invalid
        b.threshold_percent, b.passed, b.reason = str(outcome.required_percent), outcome.passed, outcome.reason
        b.method = method
        if old is None:
            s.add(b)
        s.flush()
        self._audit(s, "review_ballot", b.id, "update" if old else "create", changes)

    def _ballots(self, s: Session, meeting_id: int | None, year: int) -> dict[tuple[Subject, str], Ballot]:
        stmt = select(Ballot).join(ReviewMeeting, ReviewMeeting.id == Ballot.meeting_id).where(
            Ballot.deleted_at.is_(None), ReviewMeeting.deleted_at.is_(None), ReviewMeeting.year == year)
        if meeting_id is not None:
            stmt = stmt.where(Ballot.meeting_id == meeting_id)
        out = {}
        for b in s.scalars(stmt.order_by(ReviewMeeting.held_on, Ballot.id)):
            out[(_subj(b), b.title_code)] = b  # the latest meeting's tally wins
        return out

