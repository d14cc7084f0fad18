"""The province's answer on a commune's proposal, both ends (docs/bundle-format.md §5, results).

Province: ``make_results`` signs every outcome recorded for one commune and year (province_outcome)
into one file, made strictly later than the last one made for that commune and year
(province_statement_log), and logs it. Commune: ``apply_results`` (through desktop.app.receive) writes
each outcome on its proposal row and keeps the award history in step with it, in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.bundle import container, results
from desktop.bundle.container import sha256
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import SigningKey, now_iso
from desktop.core.catalog import Catalog
from desktop.core.units import find_unit, unknown_unit_message
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.shared.text import one_line
from desktop.store.db import Database
from desktop.store.models import AuditEntry, utcnow
from desktop.store.models_bundle import ProvinceOutcome, ProvinceStatementLog, ReceivedStatement
from desktop.store.models_review import AwardHistory, ReviewDecision, ReviewDecisionRow

ACTOR = "Sở Nội vụ (tệp kết quả)"  # recorded as the author of the award history it changes
CHUNK = 500  # ids per IN (…): well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class Written:
    """A statement the province wrote: where, when it says it was made, how many items, its hash."""

    path: Path
    made_at: str
    items: int
    sha256: str


def row_uid(commune_code: str, row_id: int) -> str:
    return f"{commune_code}:proposal_row:{row_id}"


def next_made_at(s: Session, kind: str, commune_code: str, year: int | None) -> str:
    """Now (UTC, "…Z"), or one second after the last statement of that kind, commune and year if the
    clock has not passed it: a commune refuses a statement not later than the one it applied."""
    made = now_iso()
    last = s.scalar(select(func.max(ProvinceStatementLog.made_at)).where(
        ProvinceStatementLog.kind == kind, ProvinceStatementLog.commune_code == commune_code,
        ProvinceStatementLog.year.is_(None) if year is None else ProvinceStatementLog.year == year))
    last_time = container.parse_time(last) if last else None
    if last_time is not None and container.parse_time(made) <= last_time:  # type: ignore[operator]
        made = (last_time + dt.timedelta(seconds=1)).strftime(container.ISO_TIME_FORMAT)
    return made


def write_logged(s: Session, kind: str, commune_code: str, year: int | None, made_at: str, items: int,
                 data: bytes, target: Path) -> Written:
    """Log the statement and write it, inside the caller's transaction (a failed write logs nothing)."""
    from desktop.app.commune import write_verified

    digest = sha256(data)
    s.add(ProvinceStatementLog(kind=kind, commune_code=commune_code, year=year, made_at=made_at,
                               file_sha256=digest, items=items))
    s.flush()
    write_verified(target, data)
    return Written(target, made_at, items, digest)


def results_file_name(commune_code: str, year: int, made_at: str) -> str:
    compact = made_at.replace("-", "").replace(":", "")  # 20270115T080000Z
    return f"KetQua_{commune_code}_{year}_{compact}.json"


def make_results(db: Database, paths: Paths, commune_code: str, year: int, out_dir: Path | str,
                 signer: SigningKey | None = None) -> Written:
    """Sign every outcome of ``commune_code`` for ``year`` into ``out_dir`` (file name
    ``KetQua_<code>_<year>_<made_at>.json``) and log it in province_statement_log."""
    unit = find_unit(commune_code)
    if unit is None:
        raise UserError(unknown_unit_message(commune_code))
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2099:
        raise UserError(f"Năm {year} không hợp lệ: dùng năm từ 2000 đến 2099.")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} không phải thư mục: hãy chọn thư mục để ghi tệp kết quả.")
    if signer is None:
        from desktop.app.province import signing_key

        signer = signing_key(paths)
    with db.session() as s, s.begin():
        rows = list(s.scalars(select(ProvinceOutcome).where(ProvinceOutcome.commune_code == unit.code,
                                                            ProvinceOutcome.year == year)))
        if not rows:
            raise UserError(f"Chưa có kết quả nào của {unit.name} năm {year} để gửi về xã. Hãy ghi kết quả "
                            "từng trường hợp trong tờ trình của xã trước.")
        if len(rows) > results.RESULTS_MAX_ITEMS:
            raise UserError(f"{unit.name} có {len(rows)} kết quả năm {year}, quá {results.RESULTS_MAX_ITEMS} dòng "
                            "một tệp.")
        rows.sort(key=lambda r: (len(r.row_uid), r.row_uid))  # numeric order of the row ids
        made_at = next_made_at(s, "results", unit.code, year)
        body = {"type": results.RESULTS, "version": 1, "commune_code": unit.code, "year": year,
                "made_at": made_at,
                "outcomes": [{"row": r.row_uid, "status": r.status, "decision_number": r.decision_number or "",
                              "decision_date": r.decision_date.isoformat() if r.decision_date else None,
                              "reason": r.reason or ""} for r in rows]}
        try:  # what the commune will check: a bad outcome is caught here, before anything is signed
            results.check_results(dict(body))
        except BundleRefused as exc:
            raise UserError(f"Kết quả đã ghi của {unit.name} năm {year} chưa gửi được: {getattr(exc, 'detail', exc)}. "
                            "Hãy sửa kết quả đó rồi gửi lại.") from None
        data = results.sign(body, signer)
        if len(data) > results.RESULTS_MAX_BYTES:
            raise UserError(f"Tệp kết quả của {unit.name} năm {year} quá lớn ({len(data)} byte).")
        return write_logged(s, "results", unit.code, year, made_at, len(rows), data,
                            out / results_file_name(unit.code, year, made_at))


# --------------------------------------------------------------------------- commune side


def last_applied(s: Session, kind: str, year: int | None) -> ReceivedStatement | None:
    stmt = select(ReceivedStatement).where(ReceivedStatement.kind == kind)
    if year is not None:
        stmt = stmt.where(ReceivedStatement.year == year)
    return s.scalars(stmt.order_by(ReceivedStatement.made_at.desc(), ReceivedStatement.id.desc()).limit(1)).first()


def _vn(made_at: str) -> str:
    t = container.parse_time(made_at)
    return (t + dt.timedelta(hours=7)).strftime("%H:%M ngày %d/%m/%Y") if t else made_at


def _rows(s: Session, ids: list[int]) -> dict[int, tuple[ReviewDecisionRow, ReviewDecision]]:
    found: dict[int, tuple[ReviewDecisionRow, ReviewDecision]] = {}
    for i in range(0, len(ids), CHUNK):
        for row, dec in s.execute(select(ReviewDecisionRow, ReviewDecision)
                                  .join(ReviewDecision, ReviewDecision.id == ReviewDecisionRow.decision_id)
                                  .where(ReviewDecisionRow.id.in_(ids[i:i + CHUNK]))):
            found[row.id] = (row, dec)
    return found


def _refuse_rows(doc: dict, found: dict) -> None:
    """Refuse a file naming a row that is not a row of a live proposal of the file's year here."""
    year, bad = doc["year"], []
    for o in doc["outcomes"]:
        hit = found.get(o["row_id"])
        if hit is None:
            bad.append(f"{o['row']} (không có)")
        elif hit[1].kind != "proposal":
            bad.append(f"{o['row']} (dòng của quyết định của xã, không phải tờ trình)")
        elif hit[1].deleted_at is not None:
            bad.append(f"{o['row']} (tờ trình đã xóa)")
        elif hit[1].year != year:
            bad.append(f"{o['row']} (tờ trình năm {hit[1].year})")
    if bad:
        more = f" và {len(bad) - 5} dòng khác" if len(bad) > 5 else ""
        raise UserError(f"Tệp kết quả năm {year} nói về những dòng không có trong tờ trình năm {year} của đơn vị: "
                        f"{', '.join(bad[:5])}{more}. Không nhập gì. Hãy kiểm tra với Sở Nội vụ (có thể tệp dành "
                        "cho máy khác của đơn vị hoặc tờ trình đã lập lại).")


def _subject_cols(row: ReviewDecisionRow) -> dict:
    return {"person_id": row.person_id, "collective_id": row.collective_id, "household_id": row.household_id}


def _apply_one(s: Session, o: dict, row: ReviewDecisionRow, dec: ReviewDecision, counts: dict) -> None:
    row.outcome, row.outcome_reason = o["status"], o["reason"]
    row.outcome_decision_no, row.outcome_decision_date = o["decision_number"], o["decision_date"]
    awards = list(s.scalars(select(AwardHistory).where(AwardHistory.proposal_row_id == row.id)
                            .order_by(AwardHistory.id)))
    live = [a for a in awards if a.deleted_at is None]
    if o["status"] == "returned":
        counts["returned"] += 1
        for a in live:
            a.deleted_at = utcnow()
            counts["awards_removed"] += 1
            _audit(s, a.id, "delete", {"outcome": ["accepted", "returned"]})
        return
    counts["accepted"] += 1
    award = live[0] if live else (awards[-1] if awards else None)
    if award is None:
        award = AwardHistory(year=dec.year, title_code=row.title_code, level="tinh", source="province",
                             proposal_row_id=row.id, **_subject_cols(row))
        s.add(award)
        counts["awards_added"] += 1
    elif award.deleted_at is not None:
        award.deleted_at = None
        counts["awards_added"] += 1
    award.decision_no, award.decision_date = o["decision_number"], o["decision_date"]
    created = award.id is None
    s.flush()
    _audit(s, award.id, "create" if created else "update",
           {"decision_no": [None, o["decision_number"]], "proposal_row_id": [None, row.id]})


def _audit(s: Session, record_id: int, action: str, changes: dict) -> None:
    s.add(AuditEntry(actor=ACTOR, table_name="award_history", record_id=record_id, action=action,
                     changes=json.dumps(changes, ensure_ascii=False, default=str)))


def apply_results(s: Session, doc: dict, digest: str, catalog: Catalog) -> str:
    """Inside the caller's transaction: the outcomes on the proposal rows and the award history. The
    caller has verified the signature and the unit; refused here: an older file than the last applied
    for the year, a malformed body, rows the commune does not have as proposal rows."""
    doc = results.check_results(doc)
    year = doc["year"]
    last = last_applied(s, "results", year)
    if last is not None and doc["made_at"] <= last.made_at:
        raise UserError(f"Tệp kết quả năm {year} này lập lúc {_vn(doc['made_at'])}, không mới hơn tệp kết quả đã "
                        f"nhập (lập lúc {_vn(last.made_at)}). Không nhập, để kết quả không bị lùi lại.")
    found = _rows(s, [o["row_id"] for o in doc["outcomes"]])
    _refuse_rows(doc, found)
    counts = {"accepted": 0, "returned": 0, "awards_added": 0, "awards_removed": 0}
    lines = []
    for o in doc["outcomes"]:
        row, dec = found[o["row_id"]]
        _apply_one(s, o, row, dec, counts)
        lines.append(f"– {one_line(row.subject_name, 60)}: {one_line(outcome_line(row, catalog), 300)}")
    s.add(ReceivedStatement(kind="results", made_at=doc["made_at"], file_sha256=digest, year=year,
                            summary=json.dumps(counts)))
    text = (f"Đã nhận kết quả năm {year} của Sở Nội vụ (lập lúc {_vn(doc['made_at'])}): {counts['accepted']} "
            f"trường hợp được khen thưởng, {counts['returned']} trường hợp trả lại.")
    shown = lines[:20] + ([f"… và {len(lines) - 20} trường hợp khác (xem Bình xét → Quyết định và tờ trình)."]
                          if len(lines) > 20 else [])
    return "\n".join([text, *shown])


def outcome_line(row, catalog: Catalog) -> str:
    """What the officer reads on a proposal row (desktop.core.review.plans.outcome_text)."""
    from desktop.core.review.plans import outcome_text

    return outcome_text(catalog, row.title_code, row.outcome, row.outcome_decision_no, row.outcome_decision_date,
                        row.outcome_reason)


__all__ = ["Written", "make_results", "apply_results", "next_made_at", "write_logged", "results_file_name",
           "row_uid", "last_applied"]
