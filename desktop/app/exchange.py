"""The commune's exchange state, kept outside the restorable database file.

What the province's chain check depends on — the next sequence number, the hash of every file sent,
the receipts and the last resume point applied — must survive restoring an earlier backup of the
database: otherwise the next file takes a number already used and the province refuses it as a fork.
So the state lives in ``exchange-state.json`` beside the database (written atomically: temporary
file, fsync, rename), and the database's ``export_log`` and resume settings are its mirror, put back
in step by :func:`reconcile` whenever the commune's exchange code reads them.

A file is recorded ``pending`` (its sequence, hash and name) before its bytes reach their final name
anywhere; it becomes ``sent`` when the export finished (the file at its destination and in the
database's log). A pending file is never numbered again: the next export writes the same bytes (the
kept copy under ``exports/``) again. A complete kept copy under ``exports/`` that nothing records (a
file an earlier version wrote before it failed to log it) is adopted as pending. A resume point from
the province overrides the local log: files after it that the province never received are marked
``superseded`` and their kept copies moved to ``exports/bi-thay-the/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from desktop.bundle.container import parse_time, sha256
from desktop.bundle.envelope import AGE_MAGIC
from desktop.shared.errors import UserError
from desktop.shared.fsio import write_atomic
from desktop.store.db import Database
from desktop.store.models import Setting
from desktop.store.models_bundle import ExportLog

log = logging.getLogger(__name__)
# one read-modify-write of the state at a time in this process (the window's page and its export
# worker both reconcile)
_LOCK = threading.RLock()


def _locked(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with _LOCK:
            return fn(*args, **kwargs)
    return wrapper

STATE_FILE = "exchange-state.json"
EXPORTS, SUPERSEDED_DIR = "exports", "bi-thay-the"
PENDING, SENT, SUPERSEDED = "pending", "sent", "superseded"
RESUME_SETTINGS = {"sequence": "bundle.resume_sequence", "file_sha256": "bundle.resume_hash",
                   "key_id": "bundle.resume_key_id", "nonce": "bundle.resume_nonce", "made_at": "bundle.resume_made_at"}
# the name desktop.app.commune.file_name_for writes
KEPT_NAME = re.compile(r"^ThiDua_(\d{5})_[A-Za-z0-9]*_(20\d{2}(?:-H1)?)_so(\d{4,9})\.tdkt$")
MAX_FILE = 64 * 1024 * 1024
BUSY = ("Cơ sở dữ liệu đang bị chương trình khác giữ (có thể phần mềm đang mở ở một cửa sổ khác, hoặc một "
        "chương trình sao lưu, chống vi-rút đang đọc tệp dữ liệu), đóng chương trình đó rồi thử lại.")


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database is busy": another program holds the write lock."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return isinstance(exc, (OperationalError,)) and ("locked" in text or "busy" in text)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _naive(value: str | None) -> dt.datetime | None:
    t = parse_time(value) if value else None
    return None if t is None else t.replace(tzinfo=None)


@dataclass
class State:
    commune_code: str | None = None
    files: list[dict] = field(default_factory=list)
    resume: dict | None = None

    def live(self) -> list[dict]:
        return sorted((e for e in self.files if e["state"] != SUPERSEDED), key=lambda e: e["sequence"])

    def by_hash(self, digest: str) -> dict | None:
        return next((e for e in self.files if e["file_sha256"] == digest), None)

    def pending(self) -> list[dict]:
        return [e for e in self.live() if e["state"] == PENDING]

    def last(self) -> tuple[int, str | None]:
        """The last file of the chain as this PC knows it: (sequence, hash); (0, None) before any."""
        live = self.live()
        best: tuple[int, str | None] = (live[-1]["sequence"], live[-1]["file_sha256"]) if live else (0, None)
        if self.resume and int(self.resume["sequence"]) >= best[0]:  # the province's word on that file wins
            best = (int(self.resume["sequence"]), self.resume.get("file_sha256") or None)
        return best

    def to_json(self) -> dict:
        return {"format": "tdkt-exchange-state", "version": 1, "commune_code": self.commune_code,
                "files": sorted(self.files, key=lambda e: (e["sequence"], e["state"] != SUPERSEDED)),
                "resume": self.resume}


def state_file(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def data_dir_of(db: Database) -> Path:
    if db.path is None:
        raise UserError("Dữ liệu gửi Sở chỉ dùng với tệp dữ liệu của xã, phường trên máy.")
    return db.path.parent


def read_state(data_dir: Path) -> State:
    """The kept state; an empty one when there is none yet. A damaged file (it is written atomically, so
    only a disk fault makes one) is kept aside and the state rebuilt from the database and exports/."""
    path = state_file(data_dir)
    try:
        doc = json.loads(path.read_bytes())
        if not isinstance(doc, dict) or doc.get("format") != "tdkt-exchange-state":
            raise ValueError("not an exchange state")
        files = [dict(e) for e in doc.get("files") or []]
        for e in files:
            int(e["sequence"]), str(e["file_sha256"]), str(e["state"])
        return State(doc.get("commune_code"), files, doc.get("resume") or None)
    except FileNotFoundError:
        return State()
    except (OSError, ValueError, TypeError, KeyError) as exc:
        aside = path.with_name(f"{path.name}.hong-{dt.datetime.now():%Y%m%d%H%M%S}")
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        log.warning("exchange state %s unreadable (%s), kept as %s and rebuilt", path, type(exc).__name__, aside)
        return State()


def write_state(data_dir: Path, state: State) -> None:
    """All or nothing (desktop.shared.fsio): the state is the old one or the new one."""
    path = state_file(data_dir)
    data = json.dumps(state.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    try:
        write_atomic(path, data, private=True)
    except OSError as exc:
        raise UserError(f"Không ghi được sổ theo dõi các tệp gửi Sở ({path}): {exc.strerror}. Kiểm tra ổ đĩa còn "
                        "chỗ trống rồi thử lại.") from exc


# --------------------------------------------------------------------------- the database's copy


def _entry_of_row(r) -> dict:
    return {"sequence": int(r.sequence), "file_name": r.file_name, "file_sha256": r.file_sha256,
            "previous_hash": r.previous_hash, "period": r.period, "kind": r.kind,
            "signer_key_id": r.signer_key_id or "", "recipient_key_id": r.recipient_key_id or "",
            "counts": json.loads(r.counts or "{}"), "created_at": _iso(r.created_at), "state": SENT,
            "receipt_status": r.receipt_status or "", "receipt_at": _iso(r.receipt_at),
            "receipt_note": r.receipt_note or "", "receipt_imported_at": None}


def row_of_entry(e: dict) -> ExportLog:
    return ExportLog(sequence=e["sequence"], file_name=e["file_name"], file_sha256=e["file_sha256"],
                     previous_hash=e.get("previous_hash"), period=e.get("period") or "", kind=e.get("kind") or "full",
                     signer_key_id=e.get("signer_key_id") or "", recipient_key_id=e.get("recipient_key_id") or "",
                     counts=json.dumps(e.get("counts") or {}), created_at=_naive(e.get("created_at")),
                     receipt_status=e.get("receipt_status") or "", receipt_at=_naive(e.get("receipt_at")),
                     receipt_note=e.get("receipt_note") or "")


def _merge_row(state: State, entry: dict) -> bool:
    """A file the database logged: known to the state (a pending one is now sent; a newer receipt is
    taken), or added. Returns whether the state changed."""
    e = state.by_hash(entry["file_sha256"])
    if e is None:
        if any(x["sequence"] == entry["sequence"] and x["state"] != SUPERSEDED for x in state.files):
            return False  # another file holds that number in the kept state, which wins
        state.files.append(entry)
        return True
    changed = False
    if e["state"] == PENDING:
        e["state"], changed = SENT, True
    if entry.get("receipt_status") and (entry.get("receipt_at") or "") > (e.get("receipt_at") or ""):
        for k in ("receipt_status", "receipt_at", "receipt_note"):
            e[k] = entry[k]
        changed = True
    return changed


def _newer(a: dict | None, b: dict | None) -> bool:
    """Resume point ``a`` was made after ``b``."""
    ta = parse_time(a.get("made_at")) if a else None
    tb = parse_time(b.get("made_at")) if b else None
    return ta is not None and (tb is None or ta > tb)


def _db_resume(settings: dict[str, str]) -> dict | None:
    if not settings.get(RESUME_SETTINGS["made_at"]):
        return None
    out = {k: settings.get(v) or None for k, v in RESUME_SETTINGS.items()}
    out["sequence"] = int(out["sequence"] or 0)
    return out


def _kept_file(data_dir: Path, name: str) -> Path:
    return data_dir / EXPORTS / name


def _adopt_kept(state: State, data_dir: Path, code: str) -> bool:
    """Complete kept copies under exports/ that nothing records, each the next of the chain, become
    pending (the next export sends the same bytes). Only the candidate for the next number is read."""
    folder = data_dir / EXPORTS
    if not folder.is_dir():
        return False
    candidates: dict[int, list[Path]] = {}
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            m = KEPT_NAME.match(p.name)
            if m and m.group(1) == code and p.is_file():
                candidates.setdefault(int(m.group(3)), []).append(p)
    changed = False
    while True:
        seq, prev = state.last()
        adopted = None
        for p in sorted(candidates.get(seq + 1, [])):
            try:
                if p.stat().st_size > MAX_FILE:
                    continue
                data = p.read_bytes()
            except OSError:
                continue
            digest = sha256(data)
            if not data.startswith(AGE_MAGIC) or state.by_hash(digest) is not None:
                continue
            made = dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            adopted = {"sequence": seq + 1, "file_name": p.name, "file_sha256": digest, "previous_hash": prev,
                       "period": KEPT_NAME.match(p.name).group(2), "kind": "full", "signer_key_id": "",
                       "recipient_key_id": "", "counts": {}, "created_at": made, "state": PENDING,
                       "receipt_status": "", "receipt_at": None, "receipt_note": "", "receipt_imported_at": None,
                       "adopted": True}
            break
        if adopted is None:
            return changed
        log.warning("adopted kept file %s (no. %d) as pending", adopted["file_name"], adopted["sequence"])
        state.files.append(adopted)
        changed = True


def reconcile(db: Database) -> State:
    """Bring the kept state and the database's copy in step, and return the state. The state wins
    where they disagree (the database may have been restored from an earlier backup); what only the
    database knows (a receipt, a file logged by an earlier version of the app) is taken into the state.
    A busy database leaves its copy as it is: the state alone says what the next file is."""
    ws = db.workspace()
    if ws is None or ws.kind != "commune" or db.path is None:
        return State()
    code = ws.unit_code
    data_dir = data_dir_of(db)
    with _LOCK:
        return _reconcile(db, data_dir, code)


def _reconcile(db: Database, data_dir: Path, code: str) -> State:
    state = read_state(data_dir)
    with db.session() as s:
        rows = [_entry_of_row(r) for r in s.scalars(select(ExportLog).order_by(ExportLog.sequence))]
        settings = dict(s.execute(select(Setting.key, Setting.value)
                                  .where(Setting.key.in_(tuple(RESUME_SETTINGS.values())))).all())
    changed = False
    if state.commune_code not in (None, code):  # a data folder initialised again for another unit
        log.warning("exchange state of unit %s ignored in a workspace of %s", state.commune_code, code)
        with contextlib.suppress(OSError):
            os.replace(state_file(data_dir), state_file(data_dir).with_name(
                f"{STATE_FILE}.{state.commune_code}-{dt.datetime.now():%Y%m%d%H%M%S}"))
        state = State()
    if state.commune_code != code:
        state.commune_code, changed = code, True
    for entry in rows:
        changed |= _merge_row(state, entry)
    db_resume = _db_resume(settings)
    if _newer(db_resume, state.resume):
        state.resume, changed = db_resume, True
    if code:
        changed |= _adopt_kept(state, data_dir, code)
    if changed:
        write_state(data_dir, state)
    mirror(db, state)
    return state


def mirror(db: Database, state: State) -> bool:
    """Write the state into the database's copy (export_log, resume settings). False when the database
    is busy (it is put in step next time)."""
    try:
        with db.session() as s, s.begin():
            rows = {r.file_sha256: r for r in s.scalars(select(ExportLog))}
            seqs = {r.sequence for r in rows.values()}
            for e in state.files:
                r = rows.get(e["file_sha256"])
                if e["state"] == SUPERSEDED and r is not None:
                    s.delete(r)
                    seqs.discard(r.sequence)
            s.flush()
            for e in state.files:
                if e["state"] != SENT:
                    continue
                r = rows.get(e["file_sha256"])
                if r is None:
                    if e["sequence"] in seqs:
                        log.warning("export log holds another file no. %d; kept state not mirrored", e["sequence"])
                        continue
                    s.add(row_of_entry(e))
                    seqs.add(e["sequence"])
                elif e.get("receipt_status") and e.get("receipt_at") and (
                        r.receipt_at is None or _naive(e["receipt_at"]) > r.receipt_at):
                    r.receipt_status, r.receipt_at = e["receipt_status"], _naive(e["receipt_at"])
                    r.receipt_note = e.get("receipt_note") or ""
            if state.resume:
                current = dict(s.execute(select(Setting.key, Setting.value)
                                         .where(Setting.key.in_(tuple(RESUME_SETTINGS.values())))).all())
                if _newer(state.resume, _db_resume(current)):
                    for k, name in RESUME_SETTINGS.items():
                        value = state.resume.get(k)
                        value = "" if value is None else str(value)
                        row = s.get(Setting, name)
                        if row is None:
                            s.add(Setting(key=name, value=value))
                        else:
                            row.value = value
        return True
    except OperationalError as exc:
        if is_busy(exc):
            log.warning("database busy: export log not brought in step with the kept state")
            return False
        raise


# --------------------------------------------------------------------------- export steps


@_locked
def record_pending(db: Database, entry: dict) -> None:
    """Before the file reaches its final name anywhere: its number and hash are kept."""
    data_dir = data_dir_of(db)
    state = read_state(data_dir)
    state.files = [e for e in state.files if not (e["sequence"] == entry["sequence"] and e["state"] == PENDING)]
    state.files.append({**entry, "state": PENDING})
    write_state(data_dir, state)


@_locked
def mark_sent(db: Database, entry: dict) -> None:
    data_dir = data_dir_of(db)
    state = read_state(data_dir)
    e = state.by_hash(entry["file_sha256"])
    if e is None:
        state.files.append({**entry, "state": SENT})
    elif e["state"] == PENDING:
        e["state"] = SENT
    else:
        return
    write_state(data_dir, state)


@_locked
def first_pending(db: Database, state: State) -> tuple[dict, bytes] | None:
    """The pending file to write again, with its kept bytes. A pending entry whose kept copy is missing
    or differs never left this PC (the copy is written before any other destination): it is dropped and
    its number is used for a new file."""
    data_dir = data_dir_of(db)
    for e in state.pending():
        path = _kept_file(data_dir, e["file_name"])
        try:
            data = path.read_bytes() if path.stat().st_size <= MAX_FILE else b""
        except OSError:
            data = b""
        if data and sha256(data) == e["file_sha256"]:
            return e, data
        log.warning("pending file no. %d has no intact kept copy: dropped", e["sequence"])
        state.files.remove(e)
        write_state(data_dir, state)
    return None


@_locked
def record_receipt(db: Database, doc: dict) -> dict | None:
    """A receipt the province signed: kept in the state (a pending file the province received is sent)."""
    data_dir = data_dir_of(db)
    state = reconcile(db)
    e = state.by_hash(str(doc.get("file_sha256")))
    if e is None:
        return None
    e["receipt_status"] = str(doc.get("status", ""))[:16]
    e["receipt_at"] = _now()
    e["receipt_note"] = str(doc.get("note", ""))[:500]
    e["receipt_imported_at"] = doc.get("imported_at") if isinstance(doc.get("imported_at"), str) else None
    if e["state"] == PENDING and e["receipt_status"] == "accepted":
        e["state"] = SENT
    write_state(data_dir, state)
    mirror(db, state)
    return e


@_locked
def apply_resume(db: Database, resume: dict) -> list[dict]:
    """The province's resume point overrides the local log: files this PC numbered after it (or a
    different file under its number) are superseded, their kept copies moved aside. Returns them.
    Refused when the province has since acknowledged one of those files (a stale statement)."""
    data_dir = data_dir_of(db)
    state = reconcile(db)
    seq, digest = int(resume["sequence"]), resume.get("file_sha256")
    made = parse_time(resume["made_at"])
    beyond = [e for e in state.live()
              if e["sequence"] > seq or (e["sequence"] == seq and e["file_sha256"] != digest)]
    for e in beyond:
        acked = parse_time(e.get("receipt_imported_at")) if e.get("receipt_status") == "accepted" else None
        if acked is not None and made is not None and acked > made:
            raise UserError(f"Điểm nối tiếp này lập trước khi Sở Nội vụ nhận tệp số {e['sequence']} (biên nhận đã "
                            "nhập trên máy này), nên đã cũ. Không nhập; hãy xin Sở Nội vụ điểm nối tiếp mới.")
    aside = data_dir / EXPORTS / SUPERSEDED_DIR
    for e in beyond:
        e["state"] = SUPERSEDED
        kept = _kept_file(data_dir, e["file_name"])
        if kept.exists():
            aside.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                os.replace(kept, aside / f"{kept.name}.{e['file_sha256'][:12]}")
    if any(e["sequence"] == seq and e["file_sha256"] == digest for e in state.live()):
        for e in state.live():  # the province holds the chain up to this very file: ours, received
            if e["sequence"] <= seq and e["state"] == PENDING:
                e["state"] = SENT
    state.resume = dict(resume)
    write_state(data_dir, state)
    mirror(db, state)
    return beyond


# --------------------------------------------------------------------------- restores


def _rows_of_file(db_file: Path) -> list[dict]:
    import sqlite3

    con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=2)
    try:
        cols = ("sequence", "file_name", "file_sha256", "previous_hash", "period", "kind", "signer_key_id",
                "recipient_key_id", "counts", "created_at", "receipt_status", "receipt_at", "receipt_note")
        try:
            rows = con.execute(f"SELECT {', '.join(cols)} FROM export_log").fetchall()
        except sqlite3.OperationalError:  # a workspace without the table (the province, a very old file)
            return []
    finally:
        con.close()

    def when(v):
        return None if not v else dt.datetime.fromisoformat(str(v).replace(" ", "T")[:19])

    out = []
    for r in rows:
        row = dict(zip(cols, r))
        row["created_at"], row["receipt_at"] = when(row["created_at"]), when(row["receipt_at"])
        out.append(_entry_of_row(SimpleNamespace(**row)))
    return out


@_locked
def capture(db_file: Path) -> None:
    """Before the database file is replaced (a restore): what only it records (files logged before the
    state existed, receipts) is taken into the state. A file that cannot be read is left alone."""
    data_dir = db_file.parent
    try:
        rows = _rows_of_file(db_file)
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file: nothing to take from it
        log.warning("exchange state not captured from %s: %s", db_file, type(exc).__name__)
        return
    if not rows:
        return
    state = read_state(data_dir)
    changed = False
    for entry in rows:
        changed |= _merge_row(state, entry)
    if changed:
        write_state(data_dir, state)


def sent_after(backup: Path, db_file: Path) -> list[dict]:
    """Files sent (or pending) that the backup's log does not hold: restoring it would forget them
    without the kept state. Newest last."""
    state = read_state(db_file.parent)
    with contextlib.suppress(Exception):
        for entry in _rows_of_file(db_file):
            _merge_row(state, entry)
    try:
        in_backup = {e["file_sha256"] for e in _rows_of_file(backup)}
    except Exception:  # noqa: BLE001 - the restore itself says what is wrong with the file
        return []
    return [e for e in state.live() if e["file_sha256"] not in in_backup]
