"""Consolidated views of the province workspace (Qt-free): the submission board per period and
deadline, counts per title per commune, the proposals sent upward (the rows of the communes' signed
proposals, desktop.app.province_proposals), cross-commune duplicates, and the
indicators of all communes against the plan's 15 targets.

Every query is SQLAlchemy Core over the indexed columns of ``province_record`` (kind, commune_code,
cccd, subject_uid, title_code, year, birth_date, name_fold) and runs unchanged on SQLite and
PostgreSQL; filtering, grouping and counting happen in SQL. The CCCDs held in two or more communes are
kept in ``province_shared_cccd`` by each import. The JSON payload is only parsed for display fields of
the rows already selected (position, an indicator's period and values). Vietnamese ordering (by folded
commune name, then given name) is done in Python because the two databases collate differently, on
the folded names stored at import (``name_fold``), not folded again at each query.

Each view returns a ``View``, plain data and no rendering: title lines, headers, rows of plain values
(str, int), per-row status (for the window's colours), group-heading rows, and a short summary. The
headers and the status texts are Vietnamese marked with QT_TR_NOOP: files and the command line keep
them as written, the window shows them through tr(). Rendering is desktop.reports.province_sheets
(Excel, the proposal list on paper); the command line's printing is desktop.cli.views.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, func, select

from desktop.app import received
from desktop.app.periods import default_deadline, parse_period, period_name
from desktop.core.units import bac_ninh_units, find_unit
from desktop.shared.errors import UserError
from desktop.shared.fmt import day_text, vn_iso, vn_text, vn_today
from desktop.shared.i18n import QT_TR_NOOP
from desktop.shared.text import fold, one_line
from desktop.store.models_bundle import (
    ProvinceBundle,
    ProvinceRecord,
    ProvinceSharedCccd,
)

KINDS = ("board", "titles", "proposals", "duplicates", "indicators")
STATUS_TEXT = {"on_time": QT_TR_NOOP("Đúng hạn"), "late": QT_TR_NOOP("Nộp muộn"), "missing": QT_TR_NOOP("Chưa nộp"),
               "overdue": QT_TR_NOOP("Quá hạn, chưa nộp"), "refused": QT_TR_NOOP("Đã gửi, bị từ chối")}
SUBJECT_TEXT = {"person": QT_TR_NOOP("Cá nhân"), "collective": QT_TR_NOOP("Tập thể"),
                "household": QT_TR_NOOP("Hộ gia đình")}
DUPLICATE_TEXT = {"same_cccd": QT_TR_NOOP("Trùng số CCCD giữa các xã"),
                  "proposed_twice": QT_TR_NOOP("Hai xã cùng đề nghị một người"),
                  "same_name_birth": QT_TR_NOOP("Trùng họ tên và ngày sinh")}
CODE, UNIT = QT_TR_NOOP("Mã"), QT_TR_NOOP("Xã, phường")


@dataclass
class View:
    kind: str
    title: str
    subtitle: list[str]
    headers: list[str]
    rows: list[list[Any]]
    status: list[str] = field(default_factory=list)     # per row: "" or a status code (colours)
    spans: list[int] = field(default_factory=list)      # group-heading rows
    bold_rows: list[int] = field(default_factory=list)  # totals
    summary: str = ""
    widths: list[int] = field(default_factory=list)     # Excel column widths
    data: Any = None                                     # structured data for --json and tests
    marked: list[int] = field(default_factory=list)     # columns whose texts are QT_TR_NOOP-marked

    def as_json(self) -> dict:
        return {"kind": self.kind, "title": self.title, "subtitle": self.subtitle, "headers": self.headers,
                "rows": [[_plain(v) for v in r] for r in self.rows], "summary": self.summary, "data": self.data}


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def _rec():
    return ProvinceRecord.__table__


@lru_cache(maxsize=256)
def _unit_name(code: str) -> str:
    u = find_unit(code)
    return u.name if u else code


@lru_cache(maxsize=256)
def _unit_key(code: str) -> str:
    return fold(_unit_name(code))


def _load(payload: str | None) -> dict:
    try:
        return json.loads(payload) if payload else {}
    except ValueError:
        return {}


def _date_vn(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return day_text(dt.date.fromisoformat(iso[:10]))
    except ValueError:
        return iso


# --------------------------------------------------------------------------- board


def _received_text(f: received.FileTime) -> str:
    day = day_text(f.received_on)
    return f"{day} (Sở ghi, qua bưu điện)" if f.source == received.SOURCE_CLERK else day


def board(db, period: str, deadline: dt.date | None = None, today: dt.date | None = None) -> View:
    """Per unit (all 99): files received for the period, the first one's received date against the
    deadline, files sent again afterwards (corrections), and the last file whatever its period.
    "Received" is desktop.app.received's one definition: the commune's signed time (or the date the
    clerk entered for a file that came by post), in Vietnam time, never the moment of the import.
    A unit whose file was refused (and nothing accepted since) is "Đã gửi, bị từ chối: <lý do>", not
    "Chưa nộp"; a later refused file of a unit that did send is said beside its status."""
    from desktop.app.batch import pending_refusals

    deadline = deadline or default_deadline(period)
    today = today or vn_today()
    per = received.period_units(db, period, deadline, today)
    b = ProvinceBundle.__table__
    with db.session() as s:
        latest = {r.commune_code: r for r in s.execute(_latest_query(b))}
    refused = pending_refusals(db, period)
    rows, status, data = [], [], []
    counts: Counter = Counter()
    for u in _board_order(bac_ninh_units(), per, refused):
        p = per[u.code]
        last = latest.get(u.code)
        first, final = p.first, p.last
        st = p.status
        again = len(p.files) - 1 if p.files else 0
        refusal = refused.get(u.code)
        if not p.files and refusal:
            st = "refused"
            text = refusal.text
        else:
            text = STATUS_TEXT[st]
            if refusal and p.files:
                text += (f"; tệp số {refusal.sequence}" if refusal.sequence else "; tệp") + (
                    " gửi sau bị giữ lại chờ xác minh" if refusal.code == "held"
                    else f" gửi sau bị từ chối: {refusal.label}")
        counts[st] += 1
        last_text = (f"Số {last.sequence} (kỳ {last.period}), nhận {vn_text(last.imported_at)}" if last else "")
        rows.append([u.code, u.name, text, _received_text(first) if first else "",
                     f"Số {final.sequence}" if final else "", vn_text(final.sent_at) if final else "",
                     vn_text(final.imported_at) if final else "",
                     f"{again} lần" if again else "", last_text])
        status.append(st)
        corrections = sum(1 for f in p.files if f.kind == "correction")
        data.append({"code": u.code, "name": u.name, "status": st, "files": len(p.files),
                     "first_received": first.received_on.isoformat() if first else None,
                     "first_received_source": first.source if first else None,
                     "last_sequence": final.sequence if final else None,
                     "last_sent_at": vn_iso(final.sent_at) if final else None,
                     "last_imported_at": vn_iso(final.imported_at) if final else None,
                     "sent_again": again, "correction_files": corrections,
                     "latest_sequence": last.sequence if last else None,
                     "latest_period": last.period if last else None,
                     "refused": refusal.as_json() if refusal else None})
    sent = counts["on_time"] + counts["late"]
    not_sent = counts["missing"] + counts["overdue"]
    again_n = sum(1 for d in data if d["sent_again"])
    summary = (f"Hạn nộp {deadline:%d/%m/%Y}. Đã nộp {sent}/99 đơn vị (đúng hạn {counts['on_time']}, "
               f"muộn {counts['late']}); chưa nộp {not_sent}"
               + (" (đã quá hạn)" if counts["overdue"] else "")
               + (f"; {counts['refused']} đơn vị đã gửi nhưng bị từ chối" if counts["refused"] else "")
               + f"; {again_n} đơn vị đã gửi lại, bổ sung. "
               "Ngày nộp là ngày xã gửi tệp (thời điểm ký trong tệp, giờ Việt Nam) hoặc ngày Sở ghi cho tệp "
               "gửi qua bưu điện, không phải ngày Sở nhập.")
    return View("board", "TÌNH HÌNH NỘP DỮ LIỆU CỦA CÁC XÃ, PHƯỜNG",
                [f"{period_name(period)} (mã kỳ {period})"],
                [CODE, UNIT, QT_TR_NOOP("Tình trạng"), QT_TR_NOOP("Ngày nộp (lần đầu)"),
                 QT_TR_NOOP("Tệp cuối của kỳ"), QT_TR_NOOP("Xã gửi lúc"), QT_TR_NOOP("Sở nhập lúc"),
                 QT_TR_NOOP("Gửi lại, bổ sung"), QT_TR_NOOP("Tệp gần nhất (mọi kỳ)")],
                rows, status, marked=[2], summary=summary, widths=[8, 26, 18, 16, 12, 18, 18, 12, 40],
                data={"period": period, "deadline": deadline.isoformat(), "counts": dict(counts),
                      "sent": sent, "time_zone": f"{received.VN_ZONE} (UTC+07:00)", "units": data})


def _board_order(units, per: dict, refused: dict) -> list:
    """Who has not sent (or was refused) first, then who sent late, then the rest; by name within each."""
    rank = {"missing": 0, "overdue": 0, "late": 1, "on_time": 2}
    return sorted(units, key=lambda u: rank[per[u.code].status] - (u.code in refused and not per[u.code].files))  # stable: units are already in name order


def _latest_query(b):
    m = (select(b.c.commune_code.label("cc"), func.max(b.c.sequence).label("mx"))
         .group_by(b.c.commune_code).subquery("m"))
    return (select(b.c.commune_code, b.c.sequence, b.c.period, b.c.imported_at)
            .join(m, and_(m.c.cc == b.c.commune_code, m.c.mx == b.c.sequence)))


# --------------------------------------------------------------------------- titles


def _catalog():
    from desktop.core.catalog import load_catalog

    return load_catalog()


def _title_order() -> tuple[list[str], dict[str, str], set[str]]:
    """Title codes in catalog order, their names, and the codes decided above the commune."""
    cat = _catalog()
    titles = list(cat.titles.values()) if isinstance(cat.titles, dict) else list(cat.titles)
    codes = [t.code for t in titles]
    names = {t.code: t.name for t in titles}
    upward = {t.code for t in titles if not t.commune_decides}
    return codes, names, upward


def title_counts(db, year: int) -> View:
    """Registrations of the year per commune and title (counted in SQL), with a total row."""
    r = _rec()
    with db.session() as s:
        got = s.execute(select(r.c.commune_code, r.c.title_code, func.count())
                        .where(r.c.kind == "registration", r.c.year == year)
                        .group_by(r.c.commune_code, r.c.title_code)).all()
    codes, names, upward = _title_order()
    present = {t for _, t, _ in got}
    cols = [c for c in codes if c in present] + sorted(present - set(codes))
    table: dict[str, Counter] = defaultdict(Counter)
    for cc, t, n in got:
        table[cc][t] += int(n)
    rows, data = [], {}
    for cc in sorted(table, key=_unit_key):
        c = table[cc]
        rows.append([cc, _unit_name(cc), *[c.get(t, 0) for t in cols], sum(c.values())])
        data[cc] = dict(c)
    total = Counter()
    for c in table.values():
        total.update(c)
    rows.append(["", "Tổng cộng", *[total.get(t, 0) for t in cols], sum(total.values())])
    missing = 99 - len(table)
    summary = (f"{len(table)} đơn vị có đăng ký thi đua năm {year}, tổng {sum(total.values())} đăng ký"
               + (f"; {missing} đơn vị chưa có đăng ký nào trong dữ liệu đã nhận." if missing else "."))
    headers = [CODE, UNIT, *[names.get(t, t) + (" (*)" if t in upward else "") for t in cols], QT_TR_NOOP("Tổng")]
    return View("titles", "SỐ LƯỢNG ĐĂNG KÝ THI ĐUA THEO DANH HIỆU", [f"Các xã, phường năm {year}"],
                headers, rows, [""] * len(rows), bold_rows=[len(rows) - 1],
                summary=summary + " (*) danh hiệu do cấp trên xét, xã đề nghị lên.",
                widths=[8, 26, *[14] * len(cols), 10],
                data={"year": year, "titles": cols, "communes": data, "total": dict(total)})


# --------------------------------------------------------------------------- proposals


def proposals(db, year: int, commune: str | None = None) -> View:
    """The rows of the proposals the communes sent (desktop.app.province_proposals)."""
    from desktop.app.province_proposals import proposals as build_proposals

    return build_proposals(db, year, commune)


def _given_key(folded: str) -> str:
    """desktop.shared.text.given_name_key from a name already folded (the stored name_fold)."""
    return f"{folded.rsplit(' ', 1)[-1]} {folded}"


def _shared_people(s, *columns):
    """Persons whose CCCD is held in two or more communes (province_shared_cccd, kept by each import)."""
    r, sh = _rec(), ProvinceSharedCccd.__table__
    # "cccd IN (subquery)" rather than a join: SQLite then walks the (kind, cccd, commune) index for
    # each listed CCCD whatever its statistics say (a join was planned as a scan of all persons)
    return s.execute(select(*columns).where(r.c.kind == "person", r.c.cccd.in_(select(sh.c.cccd))))


def _mark_shared(db, items: list[dict]) -> None:
    """Note on each proposed person whose CCCD is also held by another commune. Only CCCDs held in two
    or more communes can give a note, and those are listed in province_shared_cccd: one small query."""
    r = _rec()
    where: dict[str, set[str]] = defaultdict(set)
    with db.session() as s:
        for cccd, cc in _shared_people(s, r.c.cccd, r.c.commune_code):
            where[cccd].add(cc)
    for d in items:
        others = sorted(where.get(d["cccd"], set()) - {d["commune_code"]}, key=_unit_key) if d["cccd"] else []
        d["note"] = ("Trùng CCCD với " + ", ".join(_unit_name(c) for c in others)) if others else ""




# --------------------------------------------------------------------------- duplicates


def duplicates(db, year: int) -> View:
    """Cross-commune duplicates: (1) the same CCCD among the persons of two or more communes;
    (2) the same person (CCCD) registered for a title of the year by two or more communes;
    (3) persons proposed upward with the same folded name (accents, case and spacing ignored) and
    birth date in two communes, CCCD differing or missing (possibly one person entered twice)."""
    r = _rec()
    subj = r.alias("subj")
    _, names, upward = _title_order()
    with db.session() as s:
        # (1) the persons holding a CCCD listed as shared (the list is kept by each import)
        people = _shared_people(s, r.c.cccd, r.c.commune_code, r.c.uid, r.c.name, r.c.name_fold,
                                r.c.birth_date).all()
        # (2) their registrations of the year (a person registered by two communes necessarily has a
        # CCCD found in two communes), looked up by the uids just read on the (kind, subject_uid)
        # index. The uids go in as values and the year is checked here, so no other index competes:
        # with statistics missing (right after a bulk import, before ANALYZE) PostgreSQL planned the
        # subquery form as a nested loop over all the year's registrations (14 s).
        person_of = {(p.commune_code, p.uid): p for p in people}
        uids = sorted({p.uid for p in people})
        regs_all = []
        for i in range(0, len(uids), 500):
            for cc, subject_uid, title, reg_year in s.execute(
                    select(r.c.commune_code, r.c.subject_uid, r.c.title_code, r.c.year)
                    .where(r.c.kind == "registration", r.c.subject_uid.in_(uids[i:i + 500]))):
                p = person_of.get((cc, subject_uid))  # the subject is in the registration's own commune
                if p is not None and reg_year == year:
                    regs_all.append((p.cccd, cc, p.name, p.name_fold, title))
        # (3) the persons proposed upward with a birth date, from the stored columns (no JSON)
        proposed = s.execute(
            select(r.c.commune_code, subj.c.name, subj.c.name_fold, subj.c.birth_date, subj.c.cccd)
            .select_from(r.join(subj, and_(subj.c.commune_code == r.c.commune_code,
                                           subj.c.uid == r.c.subject_uid)))
            .where(r.c.kind == "registration", r.c.year == year, r.c.title_code.in_(sorted(upward)),
                   subj.c.kind == "person", subj.c.birth_date.is_not(None), subj.c.birth_date != "")).all()
    communes_of: dict[str, set] = defaultdict(set)
    for cccd, cc, *_ in regs_all:
        communes_of[cccd].add(cc)
    regs = [x for x in regs_all if len(communes_of[x[0]]) > 1]
    rows, status, data = [], [], {"same_cccd": [], "proposed_twice": [], "same_name_birth": []}

    def add(code: str, key: str, items: list[tuple[str, str, str, str]]) -> None:
        # items: (commune_code, name, folded name, detail); by commune name, then name (ties fixed)
        items.sort(key=lambda x: (_unit_key(x[0]), x[2], x[1], x[3]))
        for cc, name, _folded, detail in items:
            rows.append([DUPLICATE_TEXT[code], key, name, _unit_name(cc), detail])
            status.append(code)

    by_cccd: dict[str, list] = defaultdict(list)
    for cccd, cc, _uid, name, folded, born in people:
        by_cccd[cccd].append((cc, name, folded, "Sinh " + _date_vn(born) if born else ""))
    for cccd in sorted(by_cccd):
        add("same_cccd", cccd, by_cccd[cccd])
        data["same_cccd"].append({"cccd": cccd, "communes": sorted({x[0] for x in by_cccd[cccd]})})
    by_reg: dict[str, list] = defaultdict(list)
    for cccd, cc, name, folded, title in regs:
        by_reg[cccd].append((cc, name, folded, "Đăng ký " + names.get(title, title)))
    for cccd in sorted(by_reg):
        add("proposed_twice", cccd, by_reg[cccd])
        data["proposed_twice"].append({"cccd": cccd, "communes": sorted({x[0] for x in by_reg[cccd]})})
    # (3) among the proposals upward: same folded name and birth date, in different communes
    seen_cccd = set(by_cccd)
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for row in proposed:
        groups[(row.name_fold, row.birth_date)].append(row)
    for (_folded, born), items in sorted(groups.items()):
        if len({x.commune_code for x in items}) < 2:
            continue
        if len({x.cccd for x in items}) == 1 and items[0].cccd in seen_cccd:
            continue  # already listed as the same CCCD
        entries = [(x.commune_code, x.name, x.name_fold, f"CCCD {x.cccd or '(trống)'}") for x in items]
        add("same_name_birth", _date_vn(born), entries)
        data["same_name_birth"].append({"name": entries[0][1], "birth_date": born,
                                        "communes": sorted({x.commune_code for x in items})})
    summary = (f"{len(data['same_cccd'])} số CCCD có ở hai xã trở lên; {len(data['proposed_twice'])} người "
               f"được hai xã trở lên đăng ký, đề nghị năm {year}; {len(data['same_name_birth'])} trường hợp "
               "trùng họ tên và ngày sinh trong danh sách đề nghị lên cấp trên.")
    return View("duplicates", "CÁC TRƯỜNG HỢP TRÙNG GIỮA CÁC XÃ, PHƯỜNG", [f"Năm {year}"],
                [QT_TR_NOOP("Loại trùng"), QT_TR_NOOP("Số CCCD / Ngày sinh"), QT_TR_NOOP("Họ và tên"), UNIT,
                 QT_TR_NOOP("Chi tiết")],
                rows, status, marked=[0], summary=summary, widths=[30, 16, 28, 26, 40], data=data)


# --------------------------------------------------------------------------- indicators


def indicators(db, year: int, period: str = "Y") -> View:
    """Each commune's indicators of the year and period against the plan's 15 targets: one row per
    unit (all 99, blank where nothing was sent), one column per target ("thực hiện / kế hoạch")."""
    from desktop.core.plan import default_plan

    if period not in ("H1", "Y"):
        raise UserError(f"Kỳ “{period}” không hợp lệ: dùng H1 (6 tháng) hoặc Y (cả năm).")
    plan = default_plan()
    r = _rec()
    with db.session() as s:
        got = s.execute(select(r.c.commune_code, r.c.payload)
                        .where(r.c.kind == "indicator", r.c.year == year)).all()
    cells: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for cc, payload in got:
        p = _load(payload)
        if p.get("period") != period or not isinstance(p.get("target_code"), int):
            continue
        cells[cc][p["target_code"]].append(p)
    rows, status, data = [], [], {}
    reported = Counter()
    for u in sorted(bac_ninh_units(), key=lambda u: u.code not in cells):  # stable: name order within
        c = cells.get(u.code, {})
        row: list[Any] = [u.code, u.name]
        for t in plan.targets:
            items = c.get(t.code, [])
            if items:
                reported[t.code] += 1
            row.append("; ".join(_ind_text(i) for i in items))
        row.append(sum(1 for t in plan.targets if c.get(t.code)))
        rows.append(row)
        status.append("" if c else "missing")
        if c:
            data[u.code] = {str(k): [{"name": i.get("name"), "unit": i.get("unit"), "target": i.get("target_value"),
                                      "actual": i.get("actual_value")} for i in v] for k, v in c.items()}
    rows.append(["", "Số đơn vị có số liệu", *[reported[t.code] for t in plan.targets], ""])
    status.append("")
    period_text = dict(plan.periods).get(period, period)
    with_data = len(cells)
    summary = (f"{with_data}/99 đơn vị có số liệu chỉ tiêu kỳ {period_text.lower()}; "
               f"{99 - with_data} đơn vị chưa có (tô đỏ). Ô ghi: tên chỉ tiêu của xã: thực hiện / kế hoạch, đơn vị "
               "tính của xã.")
    # no unit in the header: each commune's indicator has its own ("triệu đồng/người" under a target in
    # USD), printed in its cell with its own name
    headers = [CODE, UNIT, *[f"{t.code}. {t.short}" for t in plan.targets], "Số mục tiêu có số liệu"]
    return View("indicators", "TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU CỦA CÁC XÃ, PHƯỜNG",
                [f"Theo 15 mục tiêu của Kế hoạch thi đua tỉnh, {period_name(str(year) if period == 'Y' else f'{year}-H1').lower()}"],
                headers, rows, status, bold_rows=[len(rows) - 1], summary=summary,
                widths=[8, 26, *[16] * len(plan.targets), 10],
                data={"year": year, "period": period, "reported": {str(k): v for k, v in reported.items()},
                      "communes": data})


def _ind_text(i: dict) -> str:
    """"Thu nhập bình quân: 86 / 85 triệu đồng/người": the commune's own indicator, its values and unit."""
    actual = str(i.get("actual_value") or "").strip() or "…"
    target = str(i.get("target_value") or "").strip()
    unit = str(i.get("unit") or "").strip()
    name = one_line(str(i.get("name") or ""), 80).strip()
    text = f"{actual} / {target}" if target else actual
    text = f"{text} {unit}".strip()
    return f"{name}: {text}" if name else text


# --------------------------------------------------------------------------- entry points


def build(db, kind: str, year: int, period: str | None = None, deadline: dt.date | None = None,
          commune: str | None = None) -> View:
    """One view by name (the CLI and the window). ``period`` may be given either way: "2026" /
    "2026-H1" (the data file's period) or "Y" / "H1" (the indicator's). ``commune``: the proposals of
    that unit only."""
    short = {"Y": str(year), "H1": f"{year}-H1"}
    if kind == "board":
        return board(db, short.get(period or "", period or str(year)), deadline)
    if kind == "indicators" and period and period not in short:
        period = parse_period(period)[1]
    if kind == "titles":
        return title_counts(db, year)
    if kind == "proposals":
        return proposals(db, year, commune)
    if kind == "duplicates":
        return duplicates(db, year)
    if kind == "indicators":
        return indicators(db, year, period or "Y")
    raise UserError(f"Không có bảng “{kind}”. Các bảng: {', '.join(KINDS)}.")

