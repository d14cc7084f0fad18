"""Records in a data file: how the commune writes each kind (from the record kind descriptions) and
how the province checks every record (types, lengths, the text rule, codes, years and dates within the
commune's own ranges, and that it belongs to the sender). Specification: docs/bundle-format.md §3."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.bundle.container import CLOCK_ALLOWANCE, UID
from desktop.bundle.errors import BundleRefused
from desktop.core.plan import default_plan
from desktop.core.records import KINDS, MAX_COUNT, NAV_ORDER, Field, birth_dates_range, dates_range, years_range
from desktop.shared import numbers
from desktop.shared.text import one_line, text_problem

RECORD_KINDS: tuple[str, ...] = NAV_ORDER
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)
STRING_KINDS = ("text", "multiline", "cccd", "choice", "number")
SUBJECT_COLUMNS = {"person": "person_id", "collective": "collective_id", "household": "household_id"}


def bundle_fields(kind_key: str) -> list[Field]:
    """The members a record of this kind carries (§3): the kind's fields but those kept at the commune
    (a person's hiring date, home town, residence and qualification, a collective's status: added after
    format version 3, whose readers refuse a member they do not know)."""
    return [f for f in KINDS[kind_key].fields if f.bundle]


def uid(commune: str, kind: str, record_id: int) -> str:
    return f"{commune}:{kind}:{record_id}"


def review_kinds() -> tuple[str, ...]:
    """The kinds of the review's acts (format version 3, desktop.bundle.review_codec)."""
    from desktop.bundle.review_codec import REVIEW_KINDS

    return REVIEW_KINDS


def all_kinds() -> tuple[str, ...]:
    """Every kind a version-3 file may carry, in the order the commune writes them."""
    return RECORD_KINDS + review_kinds()


def kind_label(kind: str) -> str:
    if kind in KINDS:
        return KINDS[kind].label
    from desktop.bundle.review_codec import LABELS

    return LABELS.get(kind, kind)


def _member_label(kind: str, member: str) -> str:
    if kind in KINDS:
        return next((f.label for f in KINDS[kind].fields if f.name == member), member)
    from desktop.bundle.review_codec import label

    return label(kind, member)


def _deleted_ids(session: Session) -> dict[str, set[int]]:
    """Ids of the subjects in the recycle bin (few), by kind."""
    out = {}
    for st in SUBJECT_COLUMNS:
        m = KINDS[st].model
        out[st] = set(session.scalars(select(m.id).where(m.deleted_at.is_not(None))))
    return out


def export_kind(session: Session, commune: str, kind_key: str) -> Iterator[dict[str, Any]]:
    """Live (not deleted) records of one kind as plain JSON-able dicts. A record about a subject in the
    recycle bin is not live and is left out (deleting a subject takes them to the bin with it; older
    data may still hold such records); a person's or household's unit, village or household in the
    bin is written as null, so every reference in the file points at a record in the file. The
    review's kinds are written by desktop.bundle.review_codec."""
    binned = _deleted_ids(session)
    if kind_key not in KINDS:
        from desktop.bundle.review_codec import export_review

        yield from export_review(session, commune, kind_key, binned)
        return
    k = KINDS[kind_key]
    m = k.model
    for obj in session.scalars(select(m).where(m.deleted_at.is_(None)).order_by(m.id)):
        rec: dict[str, Any] = {"uid": uid(commune, kind_key, obj.id)}
        orphan = False
        for f in bundle_fields(kind_key):
            if f.kind == "subject":
                rec["subject"] = None
                for st, col in SUBJECT_COLUMNS.items():
                    sid = getattr(obj, col, None)
                    if sid is not None:
                        rec["subject"] = {"type": st, "uid": uid(commune, st, sid)}
                        orphan = orphan or sid in binned[st]
                continue
            v = getattr(obj, f.name)
            if f.kind == "ref":
                if v is not None and v in binned.get(f.ref or "", ()):
                    if kind_key in SUBJECT_COLUMNS:
                        v = None          # a member of a unit in the bin: the person stays, the link goes
                    else:
                        orphan = True     # an initiative of a person in the bin
                rec[f.name] = uid(commune, f.ref or "", v) if v is not None else None
            elif f.kind == "date":
                rec[f.name] = v.isoformat() if v is not None else None
            elif f.kind in ("year", "int") or (kind_key == "indicator" and f.name == "target_code"):
                rec[f.name] = int(v) if v is not None else None
            else:
                rec[f.name] = v if v is not None else None
        if not orphan:
            yield rec


# (kind, member) of the references other than the subject (a person's unit and household, a household's
# village); the subject, and an initiative's author, are staged in their own column (subject_uid)
MEMBER_REFERENCES: tuple[tuple[str, str], ...] = tuple(
    (key, f.name) for key in KINDS for f in bundle_fields(key)
    if f.kind == "ref" and f.name != "subject" and not (key == "initiative" and f.name == "person_id"))


def _json_member(dialect: str, member: str) -> str:
    if dialect == "postgresql":
        return f"(CAST(st.payload AS json) ->> '{member}')"
    return f"json_extract(st.payload, '$.{member}')"


def dangling_reference(conn, stage: str = "tdkt_stage") -> tuple[str, str, str, str] | None:
    """In the staged records of one file (table ``stage``: uid, kind, payload, subject_uid), the first
    record that points at a record the file does not hold: (kind, uid, member, target uid), or None.
    Read in SQL (one pass per sort of reference), so memory does not grow with the file."""
    for kind, member, target in _reference_checks(conn.dialect.name):
        where = "st.kind = :kind AND " if kind else ""
        row = conn.execute(text(
            f"SELECT st.kind, st.uid, {target} FROM {stage} st WHERE {where}{target} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {stage} t WHERE t.uid = {target}) ORDER BY st.uid LIMIT 1"),
            {"kind": kind} if kind else {}).first()
        if row is not None:
            found_kind = row[0]
            if member == "subject" and found_kind == "initiative":
                member = "person_id"
            return found_kind, row[1], member, row[2]
    return None


def check_references(conn, file_kind: str, stage: str = "tdkt_stage") -> None:
    """A full file is the commune's whole picture: every reference in it (a record's subject, a person's
    unit or household, a household's village, an initiative's author) must point at a record in the same
    file, else the file is refused (``dangling_reference``). A correction may point at records the
    province already holds, so it is not checked here."""
    if file_kind != "full":
        return
    found = dangling_reference(conn, stage)
    if found is not None:
        raise _dangling(found, "không có trong tệp (có thể đã bị xóa ở xã mà bản ghi phụ thuộc vẫn còn). Tệp đầy đủ "
                               "phải chứa mọi bản ghi được nhắc tới; tệp bị từ chối.")


def _dangling(found: tuple[str, str, str, str], why: str) -> BundleRefused:
    """The refusal of a record pointing at nothing: which record, which of its fields, at what."""
    kind, rec_uid, member, target = found
    label = _member_label(kind, member)
    return BundleRefused(
        "dangling_reference",
        f"Bản ghi {rec_uid} loại “{kind_label(kind)}” có “{label}” trỏ tới bản ghi {one_line(target, 40)} {why} "
        "Hãy đề nghị xã cập nhật phần mềm rồi xuất lại.")


def _reference_checks(dialect: str) -> list[tuple[str | None, str, str]]:
    from desktop.bundle.review_codec import REFERENCES

    review = tuple((kind, member) for kind, member, _ in REFERENCES)
    return [(None, "subject", "st.subject_uid")] + [
        (kind, member, _json_member(dialect, member)) for kind, member in MEMBER_REFERENCES + review]


def dangling_in_correction(conn, commune: str, removed: dict[str, list[str]],
                           stage: str = "tdkt_stage") -> tuple[str, str, str, str] | None:
    """What a correction would leave pointing at nothing, once applied on the records the province
    holds for the commune: a record of the file pointing at a record neither in the file nor held
    (or removed by the file), or a held record the file keeps that points at a record it removes.
    (kind, uid, member, target uid), or None. In SQL, like dangling_reference. References that were
    already dangling before this file are not its doing and are left to the commune's next full file."""
    conn.exec_driver_sql("CREATE TEMPORARY TABLE IF NOT EXISTS tdkt_removed (uid VARCHAR(40) PRIMARY KEY)")
    conn.exec_driver_sql("DELETE FROM tdkt_removed")
    try:
        uids = sorted({u for group in removed.values() for u in group})
        for i in range(0, len(uids), 500):
            conn.execute(text("INSERT INTO tdkt_removed (uid) VALUES (:u)"), [{"u": u} for u in uids[i:i + 500]])
        held = ("SELECT 1 FROM province_record h WHERE h.commune_code = :c AND h.uid = {t} "
                "AND h.uid NOT IN (SELECT uid FROM tdkt_removed)")
        for kind, member, target in _reference_checks(conn.dialect.name):
            where = "st.kind = :kind AND " if kind else ""
            params = {"c": commune, **({"kind": kind} if kind else {})}
            row = conn.execute(text(   # (a) the file's records
                f"SELECT st.kind, st.uid, {target} FROM {stage} st WHERE {where}{target} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {stage} t WHERE t.uid = {target}) "
                f"AND NOT EXISTS ({held.format(t=target)}) ORDER BY st.uid LIMIT 1"), params).first()
            if row is None and uids:
                row = conn.execute(text(   # (b) the records it keeps, pointing at what it removes
                    f"SELECT st.kind, st.uid, {target} FROM province_record st WHERE st.commune_code = :c AND "
                    f"{where}{target} IN (SELECT uid FROM tdkt_removed) "
                    f"AND st.uid NOT IN (SELECT uid FROM {stage}) AND st.uid NOT IN (SELECT uid FROM tdkt_removed) "
                    "ORDER BY st.uid LIMIT 1"), params).first()
            if row is not None:
                if member == "subject" and row[0] == "initiative":
                    member = "person_id"
                return row[0], row[1], member, row[2]
        return None
    finally:
        conn.exec_driver_sql("DELETE FROM tdkt_removed")


def check_correction_references(conn, commune: str, removed: dict[str, list[str]], stage: str = "tdkt_stage") -> None:
    """A correction must not leave a record pointing at nothing (``dangling_reference``): a new
    registration about a person the province does not hold, or a person removed while her ratings stay."""
    found = dangling_in_correction(conn, commune, removed, stage)
    if found is not None:
        raise _dangling(found, "mà sau tệp bổ sung này Sở không còn giữ (không có trong tệp, chưa từng nhận hoặc bị "
                               "tệp xóa). Tệp bị từ chối.")


def _bad(kind: str, line: int, what: str, uid: str | None = None) -> BundleRefused:
    """A refused record, named by its line in the part and, once its uid is known to be well formed, by
    its uid."""
    record = f"Bản ghi thứ {line} loại “{kind_label(kind)}”" + (f" ({uid})" if uid else "")
    return BundleRefused("bad_field", f"{record}: {what}.")


def _dmy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"  # strftime("%Y") gives "1" for the year 1


def verifier_today() -> dt.date:
    """The day the upper bounds of years and dates are counted from at the province: its own date
    plus the clock allowance (a commune's clock may run a little ahead)."""
    return dt.date.today() + CLOCK_ALLOWANCE


def check_uid(value: Any, commune: str, kind: str | None, part_kind: str, line: int, what: str,
              uid: str | None = None) -> str:
    m = UID.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        raise _bad(part_kind, line, f"mã {what} không hợp lệ", uid)
    code, k, _ = m.groups()
    if code != commune:
        raise BundleRefused(
            "foreign_record",
            f"Bản ghi thứ {line} loại “{kind_label(part_kind)}” thuộc đơn vị mã {code}, không phải của đơn vị "
            f"gửi tệp (mã {commune}). Tệp bị từ chối; hãy đề nghị xã kiểm tra và xuất lại.")
    if kind is not None and k != kind:
        raise _bad(part_kind, line, f"mã {what} trỏ sai loại bản ghi", uid)
    return value


def _check_field(f: Field, value: Any, kind: str, line: int, commune: str, uid: str, today: dt.date) -> None:
    if value is None:
        return
    if f.kind in STRING_KINDS:
        if not isinstance(value, str):
            raise _bad(kind, line, f"“{f.label}” phải là chuỗi ký tự", uid)
        limit = f.max_len or 4000
        if len(value) > limit:
            raise _bad(kind, line, f"“{f.label}” dài {len(value)} ký tự, vượt quá {limit}", uid)
        # the text rule, the same the commune's forms apply (before any message could echo the value)
        problem = text_problem(value, multiline=f.kind == "multiline")
        if problem:
            raise _bad(kind, line, f"“{f.label}” {problem}", uid)
        if f.kind == "choice" and value and f.name != "target_code":
            codes = {c for c, _ in f.choice_list()}
            if value not in codes:
                raise _bad(kind, line, f"“{f.label}” có mã “{one_line(value, 30)}” không có trong danh mục", uid)
        if f.kind == "cccd" and value and not (len(value) == 12 and value.isdigit() and value.isascii()):
            raise _bad(kind, line, "số CCCD không đủ 12 chữ số", uid)
    elif f.kind == "date":
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise _bad(kind, line, f"“{f.label}” không phải ngày hợp lệ", uid)
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise _bad(kind, line, f"“{f.label}” không phải ngày hợp lệ", uid) from None
        first, last = birth_dates_range(today) if (kind, f.name) == ("person", "birth_date") else dates_range(today)
        if not first <= day <= last:
            raise _bad(kind, line, f"“{f.label}” là ngày {_dmy(day)}, ngoài khoảng cho phép "
                                   f"từ {_dmy(first)} đến {_dmy(last)}", uid)
    elif f.kind == "year":
        first, last = years_range(today)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(kind, line, f"“{f.label}” phải là số nguyên hợp lệ", uid)
        if not first <= value <= last:
            raise _bad(kind, line, f"“{f.label}” là năm {value}, ngoài khoảng cho phép từ {first} đến {last}", uid)
    elif f.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not (0 <= value <= MAX_COUNT):
            raise _bad(kind, line, f"“{f.label}” phải là số nguyên hợp lệ, từ 0 đến {MAX_COUNT}", uid)
    elif f.kind == "ref":
        check_uid(value, commune, f.ref, kind, line, f"“{f.label}”", uid)
    elif f.kind == "subject":
        if not isinstance(value, dict) or set(value) != {"type", "uid"} or value["type"] not in f.subject_types:
            raise _bad(kind, line, f"“{f.label}” không hợp lệ", uid)
        check_uid(value["uid"], commune, value["type"], kind, line, "đối tượng", uid)


def check_record(kind: str, rec: dict[str, Any], line: int, commune: str, today: dt.date | None = None) -> None:
    """Refuse (BundleRefused) a record that a commune's forms could not have written. ``today``: the
    day the upper bounds count from (default: verifier_today())."""
    if kind not in KINDS:
        from desktop.bundle.review_codec import check_review_record

        check_review_record(kind, rec, line, commune, today)
        return
    today = today or verifier_today()
    fields = bundle_fields(kind)
    allowed = {"uid"} | {f.name for f in fields}
    unknown = set(rec) - allowed
    if unknown:
        raise _bad(kind, line, f"có trường lạ “{one_line(sorted(unknown)[0], 30)}”")
    uid = check_uid(rec.get("uid"), commune, kind, kind, line, "bản ghi")
    for f in fields:
        if f.name not in rec:
            raise _bad(kind, line, f"thiếu trường “{f.label}”", uid)
        value = rec[f.name]
        if kind == "indicator" and f.name == "target_code":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99:
                raise _bad(kind, line, "mã mục tiêu không hợp lệ", uid)
            continue
        if f.required and value in (None, ""):
            raise _bad(kind, line, f"thiếu “{f.label}”", uid)
        _check_field(f, value, kind, line, commune, uid, today)
    if kind == "indicator":
        _check_indicator_values(fields, rec, line, uid)


def _check_indicator_values(fields: list[Field], rec: dict[str, Any], line: int, uid: str) -> None:
    """The indicator's "Kế hoạch" and "Thực hiện" are numbers written the Vietnamese way (a range only under a target the
    plan states as a range), as the commune's forms allow (desktop/shared/numbers.py). Runs after the
    text rule has passed on them."""
    allow_range = default_plan().range_allowed(rec.get("target_code"))
    for f in fields:
        value = rec.get(f.name)
        if f.kind != "number" or value in (None, ""):
            continue
        try:
            numbers.parse_value(value, allow_range and f.name in numbers.RANGE_FIELDS)
        except numbers.NumberError as exc:
            raise _bad("indicator", line, f"chỉ tiêu “{one_line(rec.get('name'), 40)}”, “{f.label}” không hợp lệ: "
                                         f"{exc.message(translate=False).rstrip('.')}", uid) from None
