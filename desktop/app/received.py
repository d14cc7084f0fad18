"""When the province received a commune's file, on one clock (Qt-free).

One definition, used by every province page (the submission board of desktop.app.province_views, the
clerk's intake board, ``province stats --json``):

* A file was *received* when the commune sent it: the ``created_at`` its officer's PC signed into the
  manifest (docs/bundle-format.md §3), never the moment the clerk happened to import it. A commune PC
  whose clock runs ahead cannot send after the province imported the file, so the time is capped at
  the import time.
* A file that came by post (or by hand, on a stick, late in the day) may carry a *received date the
  clerk entered* (the postmark or the incoming-mail register): it replaces the signed date for the
  deadline. It lies between the day the commune made the file and the day the province imported it.
* A unit *has sent* for a period when the province holds one of its accepted files of that period; it
  sent *on time* when the first of them was received on or before the period's deadline
  (resources/plan/deadlines.json, or the one the clerk set on the page).
* Every time shown is Vietnam time (Asia/Ho_Chi_Minh, UTC+07:00 all year, no summer time since 1975),
  whatever the time zone of the PC: a fixed offset, so no tz database is needed on Windows.

The clerk's dates are kept in the workspace's ``setting`` table (one row per file, key
``province.received.CODE.SEQUENCE``), so they back up and migrate with the data.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from desktop.app.periods import deadlines, default_deadline
from desktop.shared.errors import UserError
from desktop.shared.fmt import VN_TZ, as_utc, to_vn, vn_date, vn_iso, vn_text, vn_today  # noqa: F401 (re-exported)
from desktop.store.models import Setting
from desktop.store.models_bundle import ProvinceBundle

VN_ZONE = "Asia/Ho_Chi_Minh"
SETTING_PREFIX = "province.received."
SOURCE_SIGNED, SOURCE_CLERK = "signed", "clerk"


# --------------------------------------------------------------------------- the clock


# the clock: desktop.shared.fmt (as_utc, to_vn, vn_text, vn_iso, vn_date, vn_today)


def parse_created_at(text: str | None) -> dt.datetime | None:
    """The manifest's signed ``created_at`` ("2026-12-08T08:30:00Z") as an aware UTC datetime."""
    from desktop.bundle.container import parse_time

    return parse_time(text or "")


# --------------------------------------------------------------------------- one file


@dataclass(frozen=True)
class FileTime:
    commune_code: str
    sequence: int
    period: str
    kind: str
    created_at: dt.datetime | None    # signed by the commune (aware UTC)
    imported_at: dt.datetime          # when the clerk imported it (aware UTC)
    clerk_date: dt.date | None = None  # a received date the clerk entered (post), Vietnam calendar
    clerk_note: str = ""

    @property
    def sent_at(self) -> dt.datetime:
        """When the commune sent the file: its signed time, never later than the import."""
        if self.created_at is None:
            return self.imported_at
        return min(self.created_at, self.imported_at)

    @property
    def received_on(self) -> dt.date:
        """The date that counts for the deadline (Vietnam calendar)."""
        return self.clerk_date if self.clerk_date is not None else vn_date(self.sent_at)  # type: ignore[return-value]

    @property
    def source(self) -> str:
        return SOURCE_CLERK if self.clerk_date is not None else SOURCE_SIGNED

    def as_json(self) -> dict:
        return {"sequence": self.sequence, "period": self.period, "kind": self.kind,
                "sent_at": vn_iso(self.sent_at), "imported_at": vn_iso(self.imported_at),
                "received_on": self.received_on.isoformat(), "received_source": self.source,
                **({"received_note": self.clerk_note} if self.clerk_note else {})}


def _key(code: str, sequence: int) -> str:
    return f"{SETTING_PREFIX}{code}.{int(sequence)}"


def _clerk_dates(s) -> dict[tuple[str, int], tuple[dt.date, str]]:
    out: dict[tuple[str, int], tuple[dt.date, str]] = {}
    for key, value in s.execute(select(Setting.key, Setting.value).where(Setting.key.like(SETTING_PREFIX + "%"))):
        try:
            code, seq = key[len(SETTING_PREFIX):].rsplit(".", 1)
            doc = json.loads(value)
            out[(code, int(seq))] = (dt.date.fromisoformat(doc["date"]), str(doc.get("note") or ""))
        except (ValueError, KeyError, TypeError):
            continue  # a damaged row counts as no clerk date: the signed time applies
    return out


def file_times(db, period: str | None = None, commune_code: str | None = None) -> list[FileTime]:
    """Every accepted file (of the period, of the commune), in commune then sequence order."""
    b = ProvinceBundle.__table__
    q = select(b.c.commune_code, b.c.sequence, b.c.period, b.c.kind, b.c.created_at, b.c.imported_at)
    if period is not None:
        q = q.where(b.c.period == period)
    if commune_code is not None:
        q = q.where(b.c.commune_code == commune_code)
    with db.session() as s:
        rows = s.execute(q.order_by(b.c.commune_code, b.c.sequence)).all()
        clerk = _clerk_dates(s)
    out = []
    for r in rows:
        date, note = clerk.get((r.commune_code, int(r.sequence)), (None, ""))
        out.append(FileTime(r.commune_code, int(r.sequence), r.period, r.kind, parse_created_at(r.created_at),
                            as_utc(r.imported_at), date, note))
    return out


def set_received_date(db, code: str, sequence: int, date: dt.date | None, note: str = "",
                      now: dt.datetime | None = None) -> FileTime:
    """Record (or, with ``date=None``, remove) the date a file that came by post was received. The date
    lies between the day the commune made the file and the day the province imported it."""
    from desktop.shared.text import one_line

    found = [f for f in file_times(db, commune_code=code) if f.sequence == int(sequence)]
    if not found:
        raise UserError(f"Sở chưa nhận tệp số {sequence} của đơn vị {code}: chỉ ghi ngày nhận cho tệp đã nhập.")
    f = found[0]
    key = _key(code, sequence)
    with db.session() as s, s.begin():
        row = s.get(Setting, key)
        if date is None:
            if row is not None:
                s.delete(row)
        else:
            made, imported = vn_date(f.sent_at), vn_date(f.imported_at)
            if date > vn_today(now):
                raise UserError(f"Ngày nhận {date:%d/%m/%Y} chưa đến. Hãy ghi ngày Sở thực nhận tệp "
                                "(theo dấu bưu điện hoặc sổ công văn đến).")
            if made is not None and date < made:
                raise UserError(f"Ngày nhận {date:%d/%m/%Y} trước ngày xã tạo tệp ({made:%d/%m/%Y}). Hãy kiểm tra "
                                "lại dấu bưu điện hoặc sổ công văn đến.")
            if imported is not None and date > imported:
                raise UserError(f"Ngày nhận {date:%d/%m/%Y} sau ngày Sở nhập tệp ({imported:%d/%m/%Y}): tệp đã "
                                "đến Sở trước khi được nhập. Hãy ghi ngày tệp đến.")
            value = json.dumps({"date": date.isoformat(), "note": one_line(note or "", 200),
                                "entered_at": vn_iso(now or dt.datetime.now(dt.UTC))}, ensure_ascii=False)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
    return [x for x in file_times(db, commune_code=code) if x.sequence == int(sequence)][0]


# --------------------------------------------------------------------------- per period


@dataclass(frozen=True)
class UnitPeriod:
    """One unit's files of one period, judged against the deadline."""

    status: str                       # on_time | late | missing | overdue
    files: tuple[FileTime, ...] = ()

    @property
    def first(self) -> FileTime | None:
        return min(self.files, key=lambda f: (f.received_on, f.sequence)) if self.files else None

    @property
    def last(self) -> FileTime | None:
        return max(self.files, key=lambda f: f.sequence) if self.files else None


def judge(files: list[FileTime], deadline: dt.date, today: dt.date) -> UnitPeriod:
    if not files:
        return UnitPeriod("overdue" if today > deadline else "missing")
    first = min(f.received_on for f in files)
    return UnitPeriod("on_time" if first <= deadline else "late", tuple(files))


def period_units(db, period: str, deadline: dt.date, today: dt.date | None = None) -> dict[str, UnitPeriod]:
    """Each unit that sent something for the period, and every other unit of the 99 as missing."""
    from desktop.core.units import bac_ninh_units

    today = today or vn_today()
    by_code: dict[str, list[FileTime]] = {}
    for f in file_times(db, period):
        by_code.setdefault(f.commune_code, []).append(f)
    out = {u.code: judge(by_code.pop(u.code, []), deadline, today) for u in bac_ninh_units()}
    for code, files in by_code.items():  # a code outside the official list (should not happen)
        out[code] = judge(files, deadline, today)
    return out


def current_period(today: dt.date | None = None) -> str:
    """The period the clerk is most likely receiving: the one whose deadline is nearest to today
    (before or after), among this year's and the neighbouring years' periods."""
    today = today or vn_today()
    best = None
    for year in (today.year - 1, today.year, today.year + 1):
        for period in (f"{year}-H1", str(year)):
            gap = abs((default_deadline(period) - today).days)
            if best is None or gap < best[0]:
                best = (gap, period)
    return best[1]  # type: ignore[index]


def held_periods(db) -> list[str]:
    """The periods the province holds files for, latest deadline first."""
    b = ProvinceBundle.__table__
    with db.session() as s:
        got = [p for (p,) in s.execute(select(b.c.period).distinct())]
    return sorted(got, key=default_deadline, reverse=True)


def board_period(db, today: dt.date | None = None) -> str:
    """The period the intake board opens on: the latest one the communes have sent files for (a
    correction of an older period does not move it), or, before any file, the nearest deadline's."""
    held = held_periods(db)
    return held[0] if held else current_period(today)


# --------------------------------------------------------------------------- headless overview


def stats(db) -> dict[str, dict]:
    """``province stats``: province.stats with the times on the one clock. For each unit that sent
    something: ``imported_at`` and ``sent_at`` of its latest file in Vietnam time (+07:00),
    ``received_on`` and ``received_source`` (signed | clerk), and ``periods``: per period, the status
    against the deadline of resources/plan/deadlines.json, the first received date and the files."""
    from desktop.app import province

    data = province.stats(db)
    today = vn_today()
    by_code: dict[str, list[FileTime]] = {}
    for f in file_times(db):
        by_code.setdefault(f.commune_code, []).append(f)
    for code, files in by_code.items():
        row = data.setdefault(code, {"commune_name": code, "last_sequence": 0, "counts": {}})
        last = max(files, key=lambda f: f.sequence)
        row.update({"imported_at": vn_iso(last.imported_at), "sent_at": vn_iso(last.sent_at),
                    "received_on": last.received_on.isoformat(), "received_source": last.source})
        periods: dict[str, dict] = {}
        for period in sorted({f.period for f in files}):
            mine = [f for f in files if f.period == period]
            deadline = default_deadline(period)
            u = judge(mine, deadline, today)
            periods[period] = {"status": u.status, "deadline": deadline.isoformat(),
                               "first_received": u.first.received_on.isoformat() if u.first else None,
                               # each thing due, judged on its own date (the report before December,
                               # the award file by 10/12): the file carries them together
                               "due": {d.code: {"name": d.name, "deadline": d.due.isoformat(),
                                                "status": judge(mine, d.due, today).status, "source": d.source}
                                       for d in deadlines(period)},
                               "files": [f.as_json() for f in mine]}
        row["periods"] = periods
    return data
