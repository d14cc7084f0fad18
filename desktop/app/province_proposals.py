"""The province's list of the proposals the communes sent (`province view proposals`, the window's
"Đề nghị lên tỉnh" tab): one line per row of a received proposal (tờ trình, a ``proposal_row``
record of format version 3), with the proposal's number and date, the ballot that carried it and the
province's answer on it (``province_outcome``). Built from the signed proposals only: a commune that
sent none shows none, and a candidate the council voted down, never in a proposal, never appears.

Selected in SQL on the indexed columns (kind, year, commune_code) of province_record; the proposals,
ballots and persons the rows name are then read by uid, a bounded batch at a time. Plain data, as
every view of desktop.app.province_views.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from sqlalchemy import select

from desktop.app.province_views import (
    SUBJECT_TEXT,
    View,
    _given_key,
    _mark_shared,
    _title_order,
    _unit_key,
    _unit_name,
)
from desktop.shared.fmt import day_text, roman
from desktop.shared.i18n import QT_TR_NOOP
from desktop.shared.text import fold
from desktop.store.models_bundle import ProvinceOutcome, ProvinceRecord

# the same words as the Xét đề nghị page; the status column is data (files, paper), as the proposal numbers beside it
WAITING = "Chưa xét"
METHOD_TEXT = {"secret": "bỏ phiếu kín", "hands": "biểu quyết giơ tay"}
BATCH = 500


def _load(payload: str | None) -> dict:
    try:
        value = json.loads(payload) if payload else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _by_uid(s, commune_uids: set[tuple[str, str]], kind: str) -> dict[tuple[str, str], Any]:
    """The records of ``kind`` named by (commune, uid), read in batches."""
    r = ProvinceRecord.__table__
    out: dict[tuple[str, str], Any] = {}
    uids = sorted({u for _, u in commune_uids})
    for i in range(0, len(uids), BATCH):
        for row in s.execute(select(r.c.commune_code, r.c.uid, r.c.payload, r.c.cccd)
                             .where(r.c.kind == kind, r.c.uid.in_(uids[i:i + BATCH]))):
            if (row.commune_code, row.uid) in commune_uids:
                out[(row.commune_code, row.uid)] = row
    return out


def _date(iso: Any) -> str:
    try:
        return day_text(dt.date.fromisoformat(iso)) if isinstance(iso, str) else ""
    except ValueError:
        return iso


def ballot_text(b: dict | None) -> str:
    if not b:
        return "Không bỏ phiếu"
    how = METHOD_TEXT.get(b.get("method", ""), "")
    return f"{b.get('yes')}/{b.get('members_total')} đồng ý ({how})"


def status_of(outcome: Any) -> tuple[str, str]:
    """(code, Vietnamese text) of the province's answer on a row."""
    if outcome is None:
        return "waiting", WAITING
    if outcome.status == "accepted":
        day = f" ngày {day_text(outcome.decision_date)}" if outcome.decision_date else ""
        return "accepted", f"Đã duyệt QĐ {outcome.decision_number}{day}".strip()
    return "returned", f"Trả lại: {outcome.reason}"


def _items(db, year: int, commune: str | None) -> list[dict]:
    r, o = ProvinceRecord.__table__, ProvinceOutcome.__table__
    q = select(r.c.commune_code, r.c.uid, r.c.payload, r.c.title_code, r.c.subject_uid, r.c.name).where(
        r.c.kind == "proposal_row", r.c.year == year)
    oq = select(o).where(o.c.year == year)
    if commune:
        q, oq = q.where(r.c.commune_code == commune), oq.where(o.c.commune_code == commune)
    with db.session() as s:
        rows = s.execute(q).all()
        outcomes = {(x.commune_code, x.row_uid): x for x in s.execute(oq)}
        payloads = [(x, _load(x.payload)) for x in rows]
        props = _by_uid(s, {(x.commune_code, str(p["proposal"])) for x, p in payloads if p.get("proposal")}, "proposal")
        ballots = _by_uid(s, {(x.commune_code, str(p["ballot"])) for x, p in payloads if p.get("ballot")}, "ballot")
        people = _by_uid(s, {(x.commune_code, str(x.subject_uid)) for x, _ in payloads if x.subject_uid}, "person")
    items = []
    for x, p in payloads:
        got = props.get((x.commune_code, str(p.get("proposal"))))
        prop = _load(got.payload) if got is not None else {}
        b = ballots.get((x.commune_code, str(p.get("ballot"))))
        ballot = _load(b.payload) if b is not None else None
        person = people.get((x.commune_code, str(x.subject_uid)))
        code, status = status_of(outcomes.get((x.commune_code, x.uid)))
        subject: dict = p["subject"] if isinstance(p.get("subject"), dict) else {}
        items.append({
            "commune_code": x.commune_code, "commune": _unit_name(x.commune_code), "uid": x.uid,
            "title_code": x.title_code, "subject_uid": x.subject_uid or "", "subject_kind": subject.get("type", ""),
            "name": x.name or p.get("subject_name") or "", "detail": p.get("subject_detail") or "",
            "proposal_uid": p.get("proposal") or "", "proposal": prop.get("number_text") or "",
            "signed_on": prop.get("signed_on") or "", "sort_order": p.get("sort_order") or 0,
            "ballot": None if ballot is None else {k: ballot.get(k) for k in ("uid", "method", "members_total", "yes",
                                                                                 "no", "invalid")},
            "ballot_text": ballot_text(ballot), "status": code, "status_text": status,
            "cccd": (person.cccd or "") if person is not None else ""})
    return items


def proposals(db, year: int, commune: str | None = None) -> View:
    """Every row of the proposals of ``year`` received (of ``commune`` only, when given): grouped by
    title in catalog order, then by commune name, proposal and the row's place in it."""
    codes, names, _ = _title_order()
    order = {c: i for i, c in enumerate(codes)}
    items = _items(db, year, commune)
    items.sort(key=lambda d: (order.get(d["title_code"], 999), d["title_code"], _unit_key(d["commune_code"]),
                              d["proposal"], d["sort_order"],
                              _given_key(fold(d["name"])) if d["subject_kind"] == "person" else fold(d["name"]),
                              d["uid"]))
    _mark_shared(db, items)
    rows: list[list[Any]] = []
    spans: list[int] = []
    status: list[str] = []
    groups = Counter(d["title_code"] for d in items)
    current, n, g = None, 0, 0
    for d in items:
        if d["title_code"] != current:
            current = d["title_code"]
            g += 1
            spans.append(len(rows))
            status.append("group")
            rows.append([f"{roman(g)}. {names.get(current, current)} ({groups[current]})", "", "", "", "", "", "", ""])
            n = 0
        n += 1
        proposal = f"{d['proposal']} ngày {_date(d['signed_on'])}" if d["signed_on"] else d["proposal"]
        rows.append([n, d["name"], SUBJECT_TEXT.get(d["subject_kind"], ""), d["detail"], d["commune"], proposal,
                     d["ballot_text"], d["status_text"]])
        status.append("same_cccd" if d["note"] else ("" if d["status"] == "waiting" else d["status"]))
    communes = len({d["commune_code"] for d in items})
    where = f" của {_unit_name(commune)}" if commune else ""
    summary = (f"{len(items)} đề nghị của {communes} đơn vị, {len(groups)} danh hiệu, hình thức khen thưởng."
               if items else f"Chưa nhận tờ trình đề nghị nào năm {year}{where} lên cấp trên.")
    return View("proposals", "DANH SÁCH TỔNG HỢP ĐỀ NGHỊ KHEN THƯỞNG",
                [f"Các xã, phường đề nghị cấp tỉnh xét năm {year}" + where],
                [QT_TR_NOOP("STT"), QT_TR_NOOP("Họ và tên / Tên tập thể"), QT_TR_NOOP("Đối tượng"),
                 QT_TR_NOOP("Chức vụ, đơn vị"), QT_TR_NOOP("Xã, phường đề nghị"), QT_TR_NOOP("Tờ trình"),
                 QT_TR_NOOP("Kết quả bỏ phiếu"), QT_TR_NOOP("Trạng thái")],
                rows, status, spans=spans, summary=summary, widths=[6, 30, 12, 30, 24, 26, 26, 30], marked=[2],
                data={"year": year, "commune": commune, "groups": dict(groups), "items": items})


__all__ = ["proposals", "ballot_text", "status_of"]
