"""A batch of data files at the province, the same for the window and ``province import``:

* the files of one commune are taken in sequence order whatever order they were picked in (they fill
  the places that commune's files had in the batch; everything else keeps the clerk's order);
* the preview judges each file against the database plus the files before it in the batch
  (``province.preview_series``), so a correction that comes with its file 1 is not a gap and its
  withdrawn records are counted as withdrawn;
* every attempt is recorded in ``province_attempt`` (accepted, already imported, refused, held; a
  refusal found by a preview too), so a refused file does not vanish when the dialog closes and the
  board shows "đã gửi, bị từ chối" for its commune;
* a full disk is said plainly, naming the folder: a full database stops the imports (each file is
  one transaction, so nothing is half-written) and the files not imported are listed; a full receipts
  folder leaves the imports standing and lists the receipts to make again.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import exists, func, select
from sqlalchemy.exc import SQLAlchemyError

from desktop.app import received
from desktop.core.units import find_unit
from desktop.shared.errors import UserError
from desktop.shared.i18n import QT_TR_NOOP
from desktop.shared.text import one_line
from desktop.store.models import utcnow
from desktop.store.models_bundle import ProvinceAttempt, ProvinceBundle

log = logging.getLogger(__name__)

# Short reasons for the board ("Đã gửi, bị từ chối: …"); the full message is kept with the attempt.
REASON_LABELS = {
    "gap": QT_TR_NOOP("thiếu tệp trước đó"),
    "fork": QT_TR_NOOP("rẽ nhánh (hai tệp cùng số thứ tự)"),
    "rollback": QT_TR_NOOP("tệp cũ hơn tệp Sở đã nhận"),
    "unknown_key": QT_TR_NOOP("khóa ký chưa đăng ký"),
    "revoked_key": QT_TR_NOOP("khóa ký đã bị thu hồi"),
    "expired_key": QT_TR_NOOP("khóa ký đã hết hạn"),
    "wrong_commune_key": QT_TR_NOOP("khóa ký của đơn vị khác"),
    "wrong_recipient": QT_TR_NOOP("mã hóa cho khóa khác, không phải của Sở"),
    "extra_recipients": QT_TR_NOOP("mã hóa cho cả người ngoài Sở"),
    "not_encrypted": QT_TR_NOOP("tệp chưa được mã hóa"),
    "tampered": QT_TR_NOOP("tệp bị hỏng hoặc bị sửa"),
    "truncated": QT_TR_NOOP("tệp bị cắt cụt"),
    "bad_magic": QT_TR_NOOP("không phải tệp dữ liệu thi đua"),
    "too_large": QT_TR_NOOP("tệp quá lớn"),
    "bomb": QT_TR_NOOP("tệp quá lớn khi giải nén"),
    "bad_field": QT_TR_NOOP("có bản ghi không hợp lệ"),
    "bad_manifest": QT_TR_NOOP("bản kê không hợp lệ"),
    "bad_structure": QT_TR_NOOP("gói dữ liệu sai cấu trúc"),
    "bad_json": QT_TR_NOOP("nội dung không đọc được"),
    "bad_version": QT_TR_NOOP("phiên bản tệp không hỗ trợ"),
    "count_mismatch": QT_TR_NOOP("số bản ghi không khớp bản kê"),
    "trailing_bytes": QT_TR_NOOP("tệp có dữ liệu thừa"),
    "resume_required": QT_TR_NOOP("thiếu mã nối tiếp sau khi đăng ký lại khóa"),
    "held": QT_TR_NOOP("bị giữ lại chờ xác minh (sau khi đổi khóa)"),
}
# Refusals that say nothing about what the commune sent (the province's disk, database, a path typed
# wrong): recorded, but the board does not show them as the commune's refused file.
PROVINCE_SIDE = ("busy", "db_error", "disk_full", "unreadable")
FILE_NAME = re.compile(r"ThiDua_(\d{5})_")


@dataclass
class Outcome:
    """What became of one file of the batch."""

    path: Path
    given: str                      # the path as the clerk or the command line gave it
    status: str                     # accepted | duplicate | preview | refused | held | same_file | not_done
    result: object = None           # province.ImportResult when the file was judged valid or imported
    code: str = ""                  # reason code (refused, held, not_done)
    message: str = ""               # Vietnamese reason
    sha256: str = ""
    commune_code: str = ""          # the commune the file claims ("" when unknown)
    sequence: int | None = None
    period: str = ""
    receipt: Path | None = None     # the receipt written
    receipt_problem: str = ""       # why no receipt was written (the import stands)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def imported(self) -> bool:
        return self.status == "accepted"


@dataclass
class BatchReport:
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)  # in the order the files were taken
    disk_full: list[str] = field(default_factory=list)     # "Ổ đĩa chứa … đã đầy …", once per disk
    cancelled: bool = False

    @property
    def stopped(self) -> bool:
        return any(o.status == "not_done" for o in self.outcomes)

    def summary_lines(self) -> list[str]:
        """What was done, for the end of an interrupted batch: the disk that is full, the files imported,
        the files not imported and why, the receipts to make again."""
        lines = list(self.disk_full)
        done = [o.name for o in self.outcomes if o.status in ("accepted", "duplicate")]
        lines.append(f"Đã nhập {len(done)} tệp" + (": " + ", ".join(done) if done else "."))
        left = [o for o in self.outcomes if o.status in ("refused", "held", "not_done")]
        if left:
            lines.append(f"Chưa nhập {len(left)} tệp: " + "; ".join(
                f"{o.name} ({'chưa xử lý' if o.status == 'not_done' else REASON_LABELS.get(o.code, o.code)})"
                for o in left))
        no_receipt = [o.name for o in self.outcomes if o.receipt_problem]
        if no_receipt:
            lines.append(f"Chưa ghi được biên nhận của {len(no_receipt)} tệp (in lại sau bằng “In lại biên nhận” "
                         "hoặc lệnh province receipt): " + ", ".join(no_receipt))
        return lines


# --------------------------------------------------------------------------- order


def _survey(data: bytes, identity) -> tuple[str, int, str] | None:
    """(commune code, sequence, period) the file claims, or None when it cannot be opened (the import
    itself then says why, in the file's place). Only orders the batch; nothing is trusted from it."""
    from desktop.bundle import container, envelope
    from desktop.bundle.records_codec import RECORD_KINDS, review_kinds

    try:
        sections = container.decode_sections(envelope.decrypt(data, identity))
        if sections[0][0] != "manifest":
            return None
        m = container.parse_manifest(sections[0][1], set(RECORD_KINDS), set(review_kinds()))
    except Exception:  # noqa: BLE001 - any damage is reported by the import of this file
        return None
    return m.commune_code, m.sequence, m.period


def batch_order(claims: list[tuple[str, int, str] | None]) -> list[int]:
    """The order the files are taken in: the clerk's, except that the files of one commune fill the
    places its files had, in sequence order (a stable sort: equal numbers keep their order)."""
    places: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        if c is not None:
            places.setdefault(c[0], []).append(i)
    order = list(range(len(claims)))
    for idx in places.values():
        for place, i in zip(idx, sorted(idx, key=lambda j: claims[j][1])):
            order[place] = i
    return order


def _code_from_name(path: Path) -> str:
    m = FILE_NAME.search(path.name)
    return m.group(1) if m and find_unit(m.group(1)) is not None else ""


# --------------------------------------------------------------------------- the batch


def run_batch(db, paths, files: Iterable[Path | str], *, identity, signer=None, dry_run: bool = False,
              confirmed: Iterable[str] = (), receipts_dir: Path | None = None, source: str = "cli",
              progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
              on_outcome: Callable[[Outcome], None] | None = None) -> BatchReport:
    """Preview (``dry_run``) or import the files, in batch order; every attempt recorded. ``confirmed``:
    SHA-256 prefixes of held files the clerk confirmed by phone. ``on_outcome`` is called as each file
    is done (the command line prints it), ``progress(done, total)`` after each file."""
    from desktop.app import province

    province.require_province(db)
    given = [str(f) for f in files]
    paths_of = [Path(f) for f in given]
    confirmed = [c.lower() for c in confirmed]
    report = BatchReport(dry_run)
    early, claims, digests = _survey_files(paths_of, given, identity)
    order = batch_order(claims)
    series: dict[str, list[int]] = {}  # communes with several files in a preview: judged as a series
    if dry_run:
        for i in order:
            claim = claims[i]
            if claim is not None:
                series.setdefault(claim[0], []).append(i)
        series = {c: idx for c, idx in series.items() if len(idx) > 1}
    run = _Run(db, paths, paths_of, given, identity, signer, dry_run, confirmed, receipts_dir, report, series,
               digests)
    for done, i in enumerate(order, 1):
        if i in early:
            o = early[i]
        elif cancelled is not None and cancelled():
            report.cancelled = True
            o = Outcome(paths_of[i], given[i], "not_done", code="cancelled",
                        message="Chưa xử lý: đã dừng trước tệp này.", commune_code=_claimed(paths_of[i], claims[i]))
        elif _db_full(report):  # a full database disk: nothing more can be written
            o = Outcome(paths_of[i], given[i], "not_done", code="disk_full",
                        commune_code=_claimed(paths_of[i], claims[i]), message="Chưa nhập: " + _db_full(report))
        else:
            o = run.one(i, claims[i])
        if o.status in ("refused", "held", "not_done"):  # the window's log too (no record values)
            log.info("%s%s %s [%s] claimed %s", "preview: " if dry_run else "", o.status, o.name, o.code,
                     o.commune_code or "?")
        if o.status != "not_done":
            _record(db, o, dry_run, source)
        report.outcomes.append(o)
        if on_outcome is not None:
            on_outcome(o)
        if progress is not None:
            progress(done, len(paths_of))
    if not dry_run and any(o.imported for o in report.outcomes):
        try:
            province.refresh_statistics(db)
        except SQLAlchemyError as exc:  # only the planner's figures: the imports stand
            log.warning("statistics not refreshed: %s", type(exc).__name__)
    return report


def _claimed(f: Path, claim) -> str | None:
    return claim[0] if claim else _code_from_name(f)


def _survey_files(files: list[Path], given: list[str], identity):
    """What each file claims to be (to take them in order), read once and let go: the files refused
    before any import (unreadable, the same bytes chosen twice), each file's claim and SHA-256."""
    from desktop.app.inputs import read_input_file
    from desktop.bundle.container import MAX_FILE, sha256

    early: dict[int, Outcome] = {}
    claims: list[tuple[str, int, str] | None] = []
    seen: dict[str, int] = {}
    digests: dict[int, str] = {}
    for i, f in enumerate(files):
        claim = None
        try:
            data = read_input_file(f, MAX_FILE)
        except UserError as exc:
            early[i] = _refused(f, given[i], exc, _code_from_name(f))
        else:
            digest = sha256(data)
            digests[i] = digest
            if digest in seen:
                early[i] = Outcome(f, given[i], "same_file", code="same_file", sha256=digest, message=(
                    f"Trùng với tệp {files[seen[digest]].name} đã chọn trong cùng đợt: chỉ xử lý một lần."))
            else:
                seen[digest] = i
                claim = _survey(data, identity)
            del data
        claims.append(claim)
    return early, claims, digests


@dataclass
class _Run:
    """One batch's import of its files, one at a time (run_batch)."""

    db: object
    paths: object
    files: list[Path]
    given: list[str]
    identity: object
    signer: object
    dry_run: bool
    confirmed: list[str]
    receipts_dir: Path | None
    report: BatchReport
    series: dict[str, list[int]]
    digests: dict[int, str]
    judged: dict[int, object] = field(default_factory=dict)
    receipts_full: str = ""

    def one(self, i: int, claim) -> Outcome:
        from desktop.app import province
        from desktop.app.inputs import read_input_file
        from desktop.bundle.container import MAX_FILE, sha256

        f = self.files[i]
        try:
            if claim is not None and claim[0] in self.series:
                if i not in self.judged:
                    self.judged.update(_preview_series(self.db, self.paths, self.files, self.series[claim[0]],
                                                       self.identity, self.confirmed))
                r = self.judged[i]
                if isinstance(r, BaseException):
                    raise r
            else:
                data = read_input_file(f, MAX_FILE)
                digest = sha256(data)
                r = province.import_file(self.db, self.paths, data, f.name, dry_run=self.dry_run,
                                         identity=self.identity, signer=self.signer,
                                         confirm_held=any(digest.startswith(c) for c in self.confirmed))
                del data
        except UserError as exc:
            o = _refused(f, self.given[i], exc, _claimed(f, claim), claim)
            o.sha256 = self.digests.get(i, "")
            if o.code == "disk_full":
                self.report.disk_full.append(o.message)
            return o
        o = Outcome(f, self.given[i], r.status, result=r, sha256=r.file_sha256, commune_code=r.commune_code,
                    sequence=r.sequence, period=r.period)
        if (self.receipts_dir is not None and not self.dry_run and r.status in ("accepted", "duplicate")
                and r.receipt is not None):
            if self.receipts_full:  # not tried again on a full disk; this file's own receipt named
                o.receipt_problem = (f"Chưa ghi biên nhận của tệp số {r.sequence} ({r.commune_code}): ổ đĩa "
                                     f"chứa thư mục {self.receipts_dir} đã đầy. In lại biên nhận sau khi giải "
                                     "phóng chỗ trống.")
            else:
                self.receipts_full = _write_receipt(self.receipts_dir, r, o, self.report)
        return o


def _db_full(report: BatchReport) -> str:
    """The message of a full database disk, once one was met in this batch ("" otherwise)."""
    return next((m for m in report.disk_full if m.startswith("Ổ đĩa chứa dữ liệu của Sở")), "")


def _refused(path: Path, given: str, exc: UserError, claimed: str, claim=None) -> Outcome:
    code = getattr(exc, "code", "") or "unreadable"
    return Outcome(path, given, "held" if code == "held" else "refused", code=code, message=exc.message,
                   commune_code=claimed, sequence=claim[1] if claim else None, period=claim[2] if claim else "")


def _preview_series(db, paths, files: list[Path], idx: list[int], identity, confirmed: list[str]) -> dict[int, object]:
    """The preview of one commune's files in sequence order, each against the database plus the ones
    before it; a file that can no longer be read is left out of the series (its own refusal)."""
    from desktop.app import province
    from desktop.app.inputs import read_input_file
    from desktop.bundle.container import MAX_FILE, sha256

    out: dict[int, object] = {}
    items, where = [], []
    for i in idx:
        try:
            data = read_input_file(files[i], MAX_FILE)
        except UserError as exc:
            out[i] = exc
            continue
        digest = sha256(data)
        items.append((data, files[i].name, any(digest.startswith(c) for c in confirmed)))
        where.append(i)
    for i, r in zip(where, province.preview_series(db, paths, items, identity) if items else []):
        out[i] = r
    return out


def _write_receipt(folder: Path, r, o: Outcome, report: BatchReport) -> str:
    """Write the receipt of an accepted (or already imported) file; returns the message of a full disk
    when that is why it could not be written (no further receipt is tried in this batch)."""
    from desktop.app.receipts import write_receipt

    try:
        o.receipt = write_receipt(folder, r)
    except UserError as exc:  # the import stands; the receipt can be made again later
        o.receipt_problem = exc.message
        cause = exc.__cause__
        if isinstance(cause, OSError) and cause.errno == errno.ENOSPC:
            report.disk_full.append(exc.message)
            return exc.message
    return ""


def _record(db, o: Outcome, dry_run: bool, source: str) -> None:
    """One row of province_attempt. A preview records only what it refused or held (a valid file is
    recorded when it is imported); a file met twice in the batch is one attempt."""
    if o.status in ("same_file", "preview", "not_done"):
        return
    row = {"attempted_at": utcnow(), "file_name": o.name[:255], "file_sha256": o.sha256,
           "commune_code": (o.commune_code or "")[:5], "sequence": o.sequence, "period": (o.period or "")[:8],
           "outcome": o.status, "reason_code": o.code[:32], "reason": o.message[:2000],
           "preview": dry_run, "source": source[:8]}
    try:
        with db.engine.begin() as conn:
            conn.execute(ProvinceAttempt.__table__.insert().values(**row))
    except SQLAlchemyError as exc:  # a full disk is already said; the attempt cannot be kept
        log.warning("import attempt of %s not recorded: %s", o.name, type(getattr(exc, "orig", exc)).__name__)


# --------------------------------------------------------------------------- the board


@dataclass
class Refusal:
    """The last file a commune sent that was refused (or held) and not imported since."""

    commune_code: str
    attempted_at: dt.datetime   # UTC
    file_name: str
    sequence: int | None
    period: str
    code: str
    reason: str

    @property
    def label(self) -> str:
        return REASON_LABELS.get(self.code) or one_line(self.reason, 80)

    @property
    def text(self) -> str:
        """ "Đã gửi, bị từ chối: <lý do>" (or held, waiting for the clerk)."""
        if self.code == "held":
            return "Đã gửi, đang giữ lại chờ xác minh"
        return f"Đã gửi, bị từ chối: {self.label}"

    def as_json(self) -> dict:
        return {"code": self.code, "reason": self.reason, "file_name": self.file_name, "sequence": self.sequence,
                "period": self.period, "attempted_at": received.to_vn(self.attempted_at).isoformat(timespec="seconds")}


def pending_refusals(db, period: str | None = None) -> dict[str, Refusal]:
    """Per commune, its most recent refused or held file that the province has not imported since
    (no later file of that commune accepted, that file itself never accepted), leaving out refusals
    that are the province's own trouble (busy, full disk, a path that does not exist). ``period``:
    only files of that period, or whose period could not be read."""
    a, b = ProvinceAttempt.__table__, ProvinceBundle.__table__
    out: dict[str, Refusal] = {}
    with db.engine.connect() as conn:
        last = dict(conn.execute(select(b.c.commune_code, func.max(b.c.imported_at)).group_by(b.c.commune_code)).all())
        q = (select(a.c.commune_code, a.c.attempted_at, a.c.file_name, a.c.sequence, a.c.period, a.c.reason_code,
                    a.c.reason)
             .where(a.c.outcome.in_(("refused", "held")), a.c.commune_code != "",
                    a.c.reason_code.not_in(PROVINCE_SIDE),
                    ~exists().where(b.c.file_sha256 == a.c.file_sha256))
             .order_by(a.c.attempted_at.desc(), a.c.id.desc()))
        if period is not None:
            q = q.where(a.c.period.in_((period, "")))
        closed: set[str] = set()
        for r in conn.execute(q):
            code = r.commune_code
            if code in out or code in closed:
                continue
            if code in last and r.attempted_at <= last[code]:
                closed.add(code)  # a file of the commune was accepted after it
                continue
            out[code] = Refusal(code, r.attempted_at, r.file_name, r.sequence, r.period, r.reason_code, r.reason)
    return out
