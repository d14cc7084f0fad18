"""The cultural titles' own procedure as data and its rules (decree 86/2023/NĐ-CP), Qt-free.

``resources/culture/procedure.json`` holds, per title (GDVH: Gia đình văn hóa, per village or
residential group; THON_VH: Thôn, tổ dân phố văn hóa, per commune), the steps, the days the list is
posted, the date the review must be finished by, the days within which the chairman decides once the
file is complete, the form numbers, the criteria and the file's contents, each with its source line
(and a ``note`` where the official text could not be read). ``load_procedure`` is the only reader: a
malformed file is refused with a message naming the entry.

The rules below take plain values (dates, a village's facts) and either refuse (``UserError``, saying
what is wrong and what to do) or return a warning text ("" when none)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.shared.errors import UserError
from desktop.shared.i18n import tr
from desktop.shared.paths import resources_dir
from desktop.shared.text import nfc

PROCEDURE_FILE = "procedure.json"
FORMAT = 1
TITLES = ("GDVH", "THON_VH")
SUBJECTS = {"GDVH": "household", "THON_VH": "collective"}
LATE = ("refuse", "warn")
VILLAGE_KINDS = ("thon", "to_dan_pho")
RESULTS = ("dat", "khong_dat", "chua_xet")


class ProcedureError(UserError):
    """resources/culture/procedure.json is missing or malformed (the message names the entry)."""


@dataclass(frozen=True)
class Sourced:
    """A line of the law as data: its text, where it comes from, and what could not be verified."""

    text: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class DayRule:
    days: int
    late: str          # refuse | warn
    source: str
    note: str = ""


@dataclass(frozen=True)
class Deadline:
    """A yearly date ("trước ngày 25 tháng 11"): the last day the step may be done in its year."""

    day: int
    month: int
    late: str
    source: str
    note: str = ""

    def on(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


@dataclass(frozen=True)
class Form:
    code: str          # "03"
    name: str
    source: str
    note: str = ""

    @property
    def label(self) -> str:
        return f"Mẫu số {self.code}"  # i18n: keep (form number as printed)


@dataclass(frozen=True)
class CultureTitle:
    code: str
    name: str
    subject: str                    # household | collective
    source: str
    note: str
    decided_by: str
    criteria: tuple[Sourced, ...]
    steps: tuple[Sourced, ...]
    step_codes: tuple[str, ...]
    posting: DayRule
    review_by: Deadline | None
    decision_within: DayRule
    forms: tuple[Form, ...]
    file_items: tuple[Sourced, ...]
    bonus_multiple: str | None

    def form(self, code: str) -> Form:
        for f in self.forms:
            if f.code == code:
                return f
        raise ProcedureError(tr("Tệp quy trình {file} không có mẫu số {code} của danh hiệu “{title}”.").format(
            file=PROCEDURE_FILE, code=code, title=self.name))


@dataclass(frozen=True)
class Procedure:
    version: str
    law: str
    note: str
    titles: dict[str, CultureTitle]

    def title(self, code: str) -> CultureTitle:
        if code not in self.titles:
            raise ProcedureError(tr("Không có quy trình xét tặng mã “{code}” (chỉ có: {codes}).").format(
                code=code, codes=", ".join(self.titles)))
        return self.titles[code]


# --------------------------------------------------------------------------- loading and checking


class _Check:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.errors.append(tr("mục “{where}”: {what}").format(where=where, what=what))

    def text(self, d: Any, key: str, where: str, required: bool = True) -> str:
        v = d.get(key) if isinstance(d, dict) else None
        if v is None and not required:
            return ""
        if not isinstance(v, str) or (required and not v.strip()):
            self.fail(f"{where}.{key}", tr("phải là một đoạn chữ, không để trống"))
            return ""
        return nfc(v)

    def days(self, d: Any, key: str, where: str, late_default: str = "refuse") -> DayRule:
        v = d.get(key) if isinstance(d, dict) else None
        if not isinstance(v, dict):
            self.fail(f"{where}.{key}", tr("thiếu (cần số ngày và nguồn)"))
            return DayRule(0, late_default, "")
        days = v.get("value")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 90:
            self.fail(f"{where}.{key}.value", tr("số ngày phải là số nguyên từ 1 đến 90"))
            days = 0
        late = v.get("late", late_default)
        if late not in LATE:
            self.fail(f"{where}.{key}.late", tr("phải là refuse (từ chối) hoặc warn (cảnh báo)"))
        return DayRule(days, late if late in LATE else late_default, self.text(v, "source", f"{where}.{key}"),
                       self.text(v, "note", f"{where}.{key}", required=False))

    def deadline(self, d: Any, where: str) -> Deadline | None:
        v = d.get("review_by") if isinstance(d, dict) else None
        if v is None:
            return None
        if not isinstance(v, dict):
            self.fail(f"{where}.review_by", tr("phải là ngày, tháng và nguồn, hoặc null"))
            return None
        day, month = v.get("day"), v.get("month")
        try:
            if not isinstance(day, int) or not isinstance(month, int):
                raise TypeError
            dt.date(2024, month, day)  # a leap year: 29/02 is a date
        except (TypeError, ValueError):
            self.fail(f"{where}.review_by", tr("ngày {day}, tháng {month} không phải một ngày trong năm").format(
                day=day, month=month))
            return None
        late = v.get("late", "refuse")
        if late not in LATE:
            self.fail(f"{where}.review_by.late", tr("phải là refuse (từ chối) hoặc warn (cảnh báo)"))
            late = "refuse"
        return Deadline(day, month, late, self.text(v, "source", f"{where}.review_by"),
                        self.text(v, "note", f"{where}.review_by", required=False))

    def sourced(self, d: Any, key: str, where: str, field: str = "text") -> tuple[Sourced, ...]:
        items = d.get(key) if isinstance(d, dict) else None
        if not isinstance(items, list) or not items:
            self.fail(f"{where}.{key}", tr("phải là một danh sách không rỗng"))
            return ()
        out = []
        for i, item in enumerate(items, 1):
            w = f"{where}.{key}[{i}]"
            if not isinstance(item, dict):
                self.fail(w, tr("phải là một mục có nội dung và nguồn"))
                continue
            out.append(Sourced(self.text(item, field, w), self.text(item, "source", w),
                               self.text(item, "note", w, required=False)))
        return tuple(out)


def _title(ck: _Check, code: str, d: Any) -> CultureTitle:
    where = f"titles.{code}"
    if not isinstance(d, dict):
        ck.fail(where, tr("phải là một mục"))
        d = {}
    subject = d.get("subject")
    if subject != SUBJECTS[code]:
        ck.fail(f"{where}.subject", tr("phải là {subject}").format(subject=SUBJECTS[code]))
    steps = d.get("steps") if isinstance(d.get("steps"), list) else []
    codes = tuple(str(s.get("code", "")) for s in steps if isinstance(s, dict))
    step_items = ck.sourced(d, "steps", where, field="name")
    forms = []
    for i, f in enumerate(d.get("forms") or [], 1):
        w = f"{where}.forms[{i}]"
        fc = f.get("code") if isinstance(f, dict) else None
        if not isinstance(fc, str) or not fc.isdigit() or len(fc) != 2:
            ck.fail(w, tr("mã mẫu phải là hai chữ số, ví dụ “03”"))
            continue
        forms.append(Form(fc, ck.text(f, "name", w), ck.text(f, "source", w), ck.text(f, "note", w, required=False)))
    if not forms:
        ck.fail(f"{where}.forms", tr("phải có ít nhất một mẫu văn bản"))
    bonus = d.get("bonus") if isinstance(d.get("bonus"), dict) else {}
    multiple = bonus.get("multiple")
    if multiple is not None and not (isinstance(multiple, str) and multiple.replace(".", "", 1).isdigit()):
        ck.fail(f"{where}.bonus.multiple", tr("phải là số thập phân dạng chữ, ví dụ \"1.5\", hoặc null"))
        multiple = None
    return CultureTitle(
        code=code, name=ck.text(d, "name", where), subject=str(subject), source=ck.text(d, "source", where),
        note=ck.text(d, "note", where, required=False), decided_by=ck.text(d, "decided_by", where),
        criteria=ck.sourced(d, "criteria", where), steps=step_items, step_codes=codes,
        posting=ck.days(d, "posting_days", where), review_by=ck.deadline(d, where),
        decision_within=ck.days(d, "decision_within_days", where, late_default="warn"), forms=tuple(forms),
        file_items=ck.sourced(d, "file", where), bonus_multiple=multiple)


def parse_procedure(doc: Any, name: str = PROCEDURE_FILE) -> Procedure:
    """Check ``doc`` (the parsed JSON) and build the procedure; refuse naming every bad entry."""
    ck = _Check()
    if not isinstance(doc, dict):
        raise ProcedureError(tr("Tệp quy trình {file} phải là một đối tượng JSON.").format(file=name))
    if doc.get("format") != FORMAT:
        ck.fail("format", tr("phiên bản định dạng phải là {format}").format(format=FORMAT))
    raw = doc.get("titles")
    if not isinstance(raw, dict):
        ck.fail("titles", tr("thiếu danh sách danh hiệu"))
        raw = {}
    for code in raw:
        if code not in TITLES:
            ck.fail(f"titles.{code}", tr("mã danh hiệu không thuộc quy trình này (chỉ {codes})").format(
                codes=", ".join(TITLES)))
    titles = {}
    for code in TITLES:
        if code not in raw:
            ck.fail(f"titles.{code}", tr("thiếu quy trình của danh hiệu này"))
            continue
        titles[code] = _title(ck, code, raw[code])
    version = ck.text(doc, "version", "version")
    law = ck.text(doc, "law", "law")
    if ck.errors:
        raise ProcedureError(tr("Tệp quy trình {file} không dùng được: {errors}. Hãy cài lại phần mềm hoặc sửa "
                                "tệp theo hướng dẫn.").format(file=name, errors="; ".join(ck.errors)))
    return Procedure(version, law, nfc(str(doc.get("note", ""))), titles)


def default_path() -> Path:
    return resources_dir() / "culture" / PROCEDURE_FILE


_cache: dict[tuple[str, int, int], Procedure] = {}


def load_procedure(path: Path | str | None = None) -> Procedure:
    """Read and check the procedure file (default resources/culture/procedure.json), cached per file
    and modification time."""
    p = Path(path) if path is not None else default_path()
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
        if key in _cache:
            return _cache[key]
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProcedureError(tr("Không tìm thấy tệp quy trình {file}. Hãy cài lại phần mềm.").format(file=p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProcedureError(tr("Không đọc được tệp quy trình {file}: {error}.").format(file=p, error=exc)) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProcedureError(tr("Tệp quy trình {file} sai cú pháp JSON ở dòng {line}, cột {col}.").format(
            file=p, line=exc.lineno, col=exc.colno)) from None
    proc = parse_procedure(doc, p.name)
    _cache.clear()
    _cache[key] = proc
    return proc


# --------------------------------------------------------------------------- the rules


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def posted_until(title: CultureTitle, posted_from: dt.date) -> dt.date:
    """The last day the list stays posted: ``posting`` days counting the first."""
    return posted_from + dt.timedelta(days=title.posting.days - 1)


def earliest_after_posting(title: CultureTitle, posted_from: dt.date) -> dt.date:
    return posted_from + dt.timedelta(days=title.posting.days)


def check_posting(title: CultureTitle, meeting_on: dt.date | None, posted_from: dt.date | None) -> None:
    """The list is posted after the meeting that drew it up."""
    if meeting_on is None:
        raise UserError(tr("Chưa ghi ngày họp bình xét. Hãy ghi ngày họp trước khi niêm yết danh sách."))
    if posted_from is None:
        raise UserError(tr("Chưa ghi ngày bắt đầu niêm yết danh sách."))
    if posted_from < meeting_on:
        raise UserError(tr("Ngày bắt đầu niêm yết {posted} trước ngày họp bình xét {meeting}. Danh sách chỉ niêm yết "
                           "sau cuộc họp; hãy sửa ngày.").format(posted=_d(posted_from), meeting=_d(meeting_on)))


def check_posted_long_enough(title: CultureTitle, posted_from: dt.date | None, on: dt.date) -> None:
    """The review is finished only once the list has been posted the days the data says."""
    days = title.posting.days
    if posted_from is None:
        raise UserError(tr("Danh sách chưa được niêm yết. Phải niêm yết {days} ngày trước khi kết thúc bình xét "
                           "({source}).").format(days=days, source=title.posting.source))
    done = (on - posted_from).days
    if done < days:
        raise UserError(tr("Danh sách mới niêm yết {done} ngày (từ ngày {start}); phải niêm yết đủ {days} ngày, "
                           "đến hết ngày {until} ({source}). Kết thúc bình xét từ ngày {earliest}.").format(
            done=max(done, 0), start=_d(posted_from), days=days, until=_d(posted_until(title, posted_from)),
            source=title.posting.source, earliest=_d(earliest_after_posting(title, posted_from))))


def check_review_deadline(title: CultureTitle, year: int, finished_on: dt.date) -> str:
    """The village review finished by the data's date of ``year``: later is refused, or a warning
    returned when the data says so ("" when on time or when the title has no such date)."""
    rule = title.review_by
    if rule is None:
        return ""
    deadline = rule.on(year)
    if finished_on <= deadline:
        return ""
    text = tr("Bình xét “{title}” năm {year} phải hoàn thành trước ngày {deadline} ({source}); ngày kết thúc {on} "
              "đã quá hạn.").format(title=title.name, year=year, deadline=_d(deadline), source=rule.source,
                                    on=_d(finished_on))
    if rule.late == "refuse":
        raise UserError(text + " " + tr("Hãy ghi ngày kết thúc đúng thực tế; nếu đã quá hạn, việc bình xét năm này "
                                        "không tiếp tục được."))
    return text


def check_file_complete(finished_on: dt.date | None, complete_on: dt.date) -> None:
    if finished_on is None:
        raise UserError(tr("Chưa kết thúc bình xét: hồ sơ chỉ đủ sau khi kết thúc bình xét."))
    if complete_on < finished_on:
        raise UserError(tr("Ngày nhận đủ hồ sơ {complete} trước ngày kết thúc bình xét {finished}; hãy sửa "
                           "ngày.").format(complete=_d(complete_on), finished=_d(finished_on)))


def decision_warning(title: CultureTitle, complete_on: dt.date | None, decided_on: dt.date) -> str:
    """The chairman decides within the data's days of the complete file: a warning when later (or a
    refusal when the data says so); a decision before the file is complete is refused."""
    if complete_on is None:
        raise UserError(tr("Chưa ghi ngày nhận đủ hồ sơ. Hãy ghi ngày Ủy ban nhân dân nhận đủ hồ sơ trước khi ra "
                           "quyết định."))
    if decided_on < complete_on:
        raise UserError(tr("Ngày quyết định {on} trước ngày nhận đủ hồ sơ {complete}; hãy sửa ngày.").format(
            on=_d(decided_on), complete=_d(complete_on)))
    rule = title.decision_within
    late = (decided_on - complete_on).days
    if late <= rule.days:
        return ""
    text = tr("Quyết định ngày {on} muộn hơn {days} ngày kể từ ngày nhận đủ hồ sơ {complete} (hạn: {due}; "
              "{source}).").format(on=_d(decided_on), days=rule.days, complete=_d(complete_on),
        due=_d(complete_on + dt.timedelta(days=rule.days)), source=rule.source)
    if rule.late == "refuse":
        raise UserError(text)
    return text


@dataclass(frozen=True)
class VillageFacts:
    id: int
    name: str
    kind: str
    deleted: bool
    status: str                 # active | dissolved | merged
    ended_on: dt.date | None


def check_village(v: VillageFacts | None, on: dt.date) -> None:
    """A round opens only for a live village or residential group, not dissolved or merged by ``on``."""
    if v is None:
        raise UserError(tr("Không có thôn, tổ dân phố này trong dữ liệu."))
    if v.deleted:
        raise UserError(tr("“{name}” đã bị xóa (đang ở thùng rác). Hãy khôi phục hoặc chọn thôn, tổ dân phố "
                           "khác.").format(name=v.name))
    if v.kind not in VILLAGE_KINDS:
        raise UserError(tr("“{name}” không phải thôn hay tổ dân phố. Hãy chọn một thôn, tổ dân phố.").format(
            name=v.name))
    if v.status != "active" and (v.ended_on is None or v.ended_on <= on):
        word = tr("sáp nhập") if v.status == "merged" else tr("giải thể")
        since = tr(" từ ngày {date}").format(date=_d(v.ended_on)) if v.ended_on else ""
        raise UserError(tr("“{name}” đã {word}{since}; không bình xét ở thôn, tổ dân phố này nữa. Hãy chọn thôn, "
                           "tổ dân phố đang hoạt động.").format(name=v.name, word=word, since=since))


def check_result(result: str) -> None:
    if result not in RESULTS:
        raise UserError(tr("Kết quả “{result}” không hợp lệ: chỉ dat (đạt), khong_dat (không đạt) hoặc chua_xet "
                           "(chưa xét).").format(result=result))


def duplicates(ids: Iterable[int]) -> list[int]:
    seen: set[int] = set()
    dup: list[int] = []
    for i in ids:
        if i in seen and i not in dup:
            dup.append(i)
        seen.add(i)
    return dup


def listed(ids: Sequence[int], limit: int = 10) -> str:
    """"12, 15, 20 và 3 mã khác"."""
    head = ", ".join(str(i) for i in ids[:limit])
    more = len(ids) - limit
    return head + (tr(" và {n} mã khác").format(n=more) if more > 0 else "")


__all__ = ["Procedure", "CultureTitle", "Sourced", "DayRule", "Deadline", "Form", "ProcedureError", "VillageFacts",
           "load_procedure", "parse_procedure", "default_path", "posted_until", "earliest_after_posting",
           "check_posting", "check_posted_long_enough", "check_review_deadline", "check_file_complete",
           "decision_warning", "check_village", "check_result", "duplicates", "listed", "TITLES", "RESULTS"]
