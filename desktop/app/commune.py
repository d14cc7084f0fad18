"""Commune side: the signing key, the province key, the enrolment request, writing a data file, and
receipts from the province."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from desktop import __version__
from desktop.app import exchange
from desktop.app.workspace import officer_contact
from desktop.bundle import container, envelope
from desktop.bundle.container import MANIFEST_TYPE, Manifest, PartInfo, compress_part, sha256
from desktop.bundle.errors import BundleRefused, KeyProblem
from desktop.bundle.keys import (
    Protection,
    ProvinceKey,
    SigningKey,
    b64,
    normal_fingerprint,
    now_iso,
    read_key_meta,
    unb64,
)
from desktop.bundle.records_codec import RECORD_KINDS, all_kinds, check_record, export_kind
from desktop.bundle.review_codec import votes_problem
from desktop.bundle.statements import open_statement, sign_enrol_request
from desktop.bundle.strictjson import StrictJSONError, dumps, loads
from desktop.core.labels import NOT_SET_UP
from desktop.shared.errors import UserError
from desktop.shared.fsio import WriteMismatch, write_atomic
from desktop.shared.i18n import tr
from desktop.shared.paths import Paths, resources_dir
from desktop.shared.text import fold, one_line
from desktop.store.db import Database
from desktop.store.models import Workspace

log = logging.getLogger(__name__)
from desktop.store.models_bundle import ExportLog

SIGNING_NAME = "commune-signing"
PROVINCE_KEY_FILE = "province-key.json"
RESUME_SEQ, RESUME_HASH = "bundle.resume_sequence", "bundle.resume_hash"
# the last resume statement applied: for which key, its one-time nonce, when the province made it
RESUME_KEY, RESUME_NONCE, RESUME_MADE = "bundle.resume_key_id", "bundle.resume_nonce", "bundle.resume_made_at"


def keys_dir(paths: Paths) -> Path:
    return paths.data_dir / "keys"


def exports_dir(paths: Paths) -> Path:
    return paths.data_dir / "exports"


def has_signing_key(paths: Paths) -> bool:
    return (keys_dir(paths) / f"{SIGNING_NAME}.json").exists()


def create_signing_key(paths: Paths, passphrase: str | None = None) -> SigningKey:
    """Made once at init. Refuses to replace an existing key (rotation is a separate, signed act)."""
    if has_signing_key(paths):
        raise KeyProblem("Đơn vị đã có khóa ký; không tạo lại. Muốn đổi khóa, hãy dùng chức năng đổi khóa.")
    key = SigningKey.generate()
    key.save(keys_dir(paths), SIGNING_NAME, Protection.for_new_key(passphrase))
    return key


def signing_key_info(paths: Paths) -> dict:
    return read_key_meta(keys_dir(paths), SIGNING_NAME)


def load_signing_key(paths: Paths, passphrase: str | None = None) -> SigningKey:
    return SigningKey.load(keys_dir(paths), SIGNING_NAME, passphrase)


PIN_FILE = ("trust", "province-key-pin.json")  # under resources/: filled by installer/build.py
PREVIOUS_KEYS = "province-key-previous"         # keys/ subfolder: province keys replaced by an endorsed one


def pinned_fingerprint() -> str | None:
    """The province key fingerprint this build trusts (None: the build pins none, the officer confirms
    the fingerprint by phone). A damaged pin file fails closed."""
    path = resources_dir().joinpath(*PIN_FILE)
    try:
        doc = loads(path.read_bytes(), max_bytes=16 * 1024)
    except FileNotFoundError:
        return None
    except (OSError, StrictJSONError):
        doc = None
    value = doc.get("fingerprint", "missing") if isinstance(doc, dict) else "missing"
    if value is None:
        return None
    if not isinstance(value, str) or normal_fingerprint(value) != value:
        raise KeyProblem(f"Tệp ghim khóa của Sở trong bộ cài ({path}) bị hỏng. Hãy cài lại phần mềm từ bộ cài "
                         "do Sở Nội vụ cung cấp.")
    return value


def _read_installed(paths: Paths) -> ProvinceKey | None:
    try:
        data = (keys_dir(paths) / PROVINCE_KEY_FILE).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyProblem(f"Không đọc được khóa của Sở đã cài: {exc.strerror}.") from None
    return ProvinceKey.from_file(data)


def _previous_keys(paths: Paths) -> list[ProvinceKey]:
    out: list[ProvinceKey] = []
    folder = keys_dir(paths) / PREVIOUS_KEYS
    for f in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        with contextlib.suppress(OSError, UserError):
            out.append(ProvinceKey.from_file(f.read_bytes()))
    return out


def _chains_to_pin(paths: Paths, pk: ProvinceKey, pin: str, extra: ProvinceKey | None = None) -> bool:
    """``pk`` is the pinned key, or was endorsed by a chain of kept previous keys (and ``extra``, the key
    being replaced) that ends at it. Several previous keys may share a signing key (a change of the
    age key only): every candidate is tried, each at most once."""
    previous = _previous_keys(paths) + ([extra] if extra is not None else [])
    todo, seen = [pk], set()
    while todo:
        key = todo.pop()
        if key.fingerprint == pin:
            return True
        if key.fingerprint in seen or key.endorsement is None:
            continue
        seen.add(key.fingerprint)
        todo += [older for older in previous if older.signing_key_id == key.endorsement[0]
                 and older.fingerprint not in seen and key.endorsed_by(older)]
    return False


def install_province_key(paths: Paths, data: bytes, typed_fingerprint: str | None = None) -> ProvinceKey:
    """Install the province's public key file, but only one this unit has reason to trust:

    * the build pins a fingerprint: only that key (or a key change endorsed by it) is installed;
    * nothing pinned and no key installed yet: only when ``typed_fingerprint`` — what the officer
      typed after the province read it by phone — equals the file's;
    * a key is installed already: a different one only when the installed key signed it (a province
      key change); the installed key is kept aside so the chain can be checked later.
    """
    pk, current = check_province_key(paths, data, typed_fingerprint)
    folder = keys_dir(paths)
    if current is not None and current.fingerprint == pk.fingerprint:
        return current
    if current is not None:
        keep = folder / PREVIOUS_KEYS
        keep.mkdir(parents=True, exist_ok=True)
        write_verified(keep / f"{current.fingerprint}.json", (folder / PROVINCE_KEY_FILE).read_bytes())
    write_verified(folder / PROVINCE_KEY_FILE, data)
    return pk


def needs_typed_fingerprint(paths: Paths, pk: ProvinceKey) -> bool:
    """Installing ``pk`` needs the fingerprint the officer typed: nothing pinned and no key installed
    (a different installed key is replaced only by a key change it signed)."""
    return pinned_fingerprint() is None and _read_installed(paths) is None


def check_province_key(paths: Paths, data: bytes,
                       typed_fingerprint: str | None = None) -> tuple[ProvinceKey, ProvinceKey | None]:
    """What install_province_key checks, without writing: (the key, the key installed now)."""
    pk = ProvinceKey.from_file(data)
    current = _read_installed(paths)
    pin = pinned_fingerprint()
    if current is not None and current.fingerprint == pk.fingerprint:
        return pk, current
    if current is not None:
        if pin is not None and not _chains_to_pin(paths, pk, pin, extra=current):
            raise KeyProblem(f"Tệp khóa này (vân tay {pk.fingerprint}) không nối được về khóa của Sở ghi sẵn trong bộ "
                             f"cài (vân tay {pin}). Không cài.")
        if not pk.endorsed_by(current):
            raise KeyProblem(
                f"Tệp khóa này (vân tay {pk.fingerprint}) khác khóa của Sở đang cài trên máy (vân tay "
                f"{current.fingerprint}) và không có chữ ký của khóa đang cài. Không thay khóa: khi Sở Nội vụ đổi "
                "khóa, tệp khóa mới luôn được ký bằng khóa cũ. Hãy gọi điện cho Sở Nội vụ để xác minh.")
    elif pin is not None:
        if pk.fingerprint != pin:
            raise KeyProblem(
                f"Tệp khóa này (vân tay {pk.fingerprint}) không phải khóa của Sở Nội vụ ghi sẵn trong bộ cài (vân tay "
                f"{pin}). Không cài. Có thể tệp bị giả mạo; hãy xin tệp khóa trực tiếp từ Sở Nội vụ.")
    else:
        typed = normal_fingerprint(typed_fingerprint)
        if not typed:
            raise KeyProblem(
                "Chưa cài khóa: cần gõ vân tay khóa do Sở Nội vụ đọc qua điện thoại (6 nhóm, mỗi nhóm 4 ký tự, ví "
                "dụ 1A2B-3C4D-…), để chắc chắn tệp khóa đúng là của Sở. Khi chạy bằng lệnh: thêm "
                "--province-fingerprint XXXX-XXXX-XXXX-XXXX-XXXX-XXXX.")
        if typed != pk.fingerprint:
            raise KeyProblem(
                f"Vân tay đã gõ ({typed}) không khớp vân tay của tệp khóa ({pk.fingerprint}). Không cài. Hãy gọi "
                "lại cho Sở Nội vụ để đọc lại vân tay; nếu vẫn khác, tệp khóa không phải của Sở.")
    return pk, current


def province_key(paths: Paths) -> ProvinceKey:
    """The installed province key, refused when the build pins another one (a key file swapped in the
    keys folder is not trusted)."""
    pk = _read_installed(paths)
    if pk is None:
        raise KeyProblem("Chưa cài khóa công khai của Sở Nội vụ. Hãy nhận tệp khóa (đuôi .json) từ Sở "
                         "và cài vào phần mềm (lệnh init --province-key TỆP, hoặc menu Gửi dữ liệu).")
    pin = pinned_fingerprint()
    if pin is not None and not _chains_to_pin(paths, pk, pin):
        raise KeyProblem(f"Khóa của Sở đang cài trên máy (vân tay {pk.fingerprint}) không phải khóa ghi sẵn trong "
                         f"bộ cài (vân tay {pin}). Không dùng khóa này; hãy cài lại tệp khóa do Sở Nội vụ cung cấp.")
    return pk


def _workspace(db: Database) -> Workspace:
    ws = db.workspace()
    if ws is None or ws.kind != "commune":
        raise UserError(tr(NOT_SET_UP))
    return ws


# --------------------------------------------------------------------------- enrolment


def enrol_request(db: Database, paths: Paths, passphrase: str | None = None,
                  rotate_from: SigningKey | None = None) -> bytes:
    """The request the province registers after comparing the fingerprint by phone. A rotation is
    signed by both the old and the new key."""
    ws = _workspace(db)
    key = load_signing_key(paths, passphrase)
    last = _last_export(db)
    body = {
        "type": "tdkt-enrol-request", "version": 1,
        "commune_code": ws.unit_code, "commune_name": ws.unit_name, "officer": ws.officer_name,
        "public_key": b64(key.public_raw), "key_id": key.key_id, "fingerprint": key.fingerprint,
        "created_at": now_iso(), "app_version": __version__,
        "last_export": {"sequence": last[0], "file_sha256": last[1]} if last[0] else None,
        "rotation_from": rotate_from.key_id if rotate_from else None,
    }
    contact = officer_contact(ws)
    if contact is not None:  # optional: a province reading requests of before contacts still reads this
        body["contact"] = contact.as_json()
    return sign_enrol_request(body, key, rotate_from)


def rotate_key(db: Database, paths: Paths, old_passphrase: str | None = None,
               new_passphrase: str | None = None) -> bytes:
    """Make a new signing key; returns the enrolment request signed by the old and the new key. The
    old key's files are kept aside as ``commune-signing.cu-<stamp>.*``; the database then records
    the new key (desktop.bundle.binding)."""
    from desktop.bundle.binding import bind_signing_key
    from desktop.bundle.keys import KEY_SUFFIX, LEGACY_SUFFIX

    _workspace(db)
    old = load_signing_key(paths, old_passphrase)  # an old-format key is rewritten as .key here
    Protection.for_new_key(new_passphrase)  # a refused passphrase refuses before the old key moves
    folder = keys_dir(paths)
    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
    for suffix in (KEY_SUFFIX, LEGACY_SUFFIX, ".json"):  # .json last: it says whether a key is present
        with contextlib.suppress(FileNotFoundError):
            os.replace(folder / f"{SIGNING_NAME}{suffix}", folder / f"{SIGNING_NAME}.cu-{stamp}{suffix}")
    create_signing_key(paths, new_passphrase)
    bind_signing_key(db, paths)
    return enrol_request(db, paths, new_passphrase, rotate_from=old)


# --------------------------------------------------------------------------- export


@dataclass
class ExportResult:
    path: Path
    file_name: str
    sha256: str
    sequence: int
    previous_hash: str | None
    period: str
    counts: dict[str, int]
    size: int
    resent: bool = False  # the same file as an export that did not finish, written again


def _last_export(db: Database) -> tuple[int, str | None]:
    """The last file of the chain: from the kept exchange state (desktop.app.exchange), which a
    restored backup does not rewind, with the province's resume point winning over the local log."""
    return exchange.reconcile(db).last()


def _resume_token(db: Database, signer_key_id: str) -> str | None:
    """The province's one-time token for this key, while no file signed by the key has been written."""
    state = exchange.reconcile(db)
    resume = state.resume or {}
    if resume.get("key_id") != signer_key_id or not resume.get("nonce"):
        return None
    signed = any(e.get("signer_key_id") == signer_key_id for e in state.live())
    return None if signed else resume["nonce"]


def default_period(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year}" if today.month >= 7 else f"{today.year}-H1"


def file_name_for(ws: Workspace, period: str, sequence: int) -> str:
    place = re.sub(r"[^A-Za-z0-9]", "", fold(ws.unit_name).title())
    return f"ThiDua_{ws.unit_code}_{place}_{period}_so{sequence:04d}.tdkt"


def pending_counts(db: Database) -> dict[str, int]:
    ws = _workspace(db)
    with db.session() as s:
        return {k: sum(1 for _ in export_kind(s, ws.unit_code, k)) for k in RECORD_KINDS}


def build(db: Database, paths: Paths, period: str, passphrase: str | None = None,
          progress: Callable[[int, int], None] | None = None) -> tuple[bytes, Manifest]:
    ws = _workspace(db)
    problem = container.period_problem(period)
    if problem:
        raise UserError(problem)
    pk = province_key(paths)
    key = load_signing_key(paths, passphrase)
    seq, prev = _last_export(db)
    parts: list[tuple[PartInfo, bytes]] = []
    kinds = all_kinds()  # the records, then the review's acts (format version 3)
    minutes: dict[str, list[dict]] = {}
    with db.session() as s:
        for i, kind in enumerate(kinds):
            records = list(export_kind(s, ws.unit_code, kind))
            for n, rec in enumerate(records, 1):  # what the province will check, checked here first
                try:
                    check_record(kind, rec, n, ws.unit_code)
                except BundleRefused as exc:
                    raise UserError(f"Chưa xuất được tệp: {exc.message} Hãy sửa bản ghi này trong phần mềm (mở "
                                    "bản ghi, lưu lại) rồi xuất lại.") from None
            if kind in ("document", "meeting", "ballot"):
                minutes[kind] = records
            stored, raw = compress_part(records)
            parts.append((PartInfo(f"{kind}.jsonl.gz", kind, len(stored), len(raw), sha256(stored), len(records)),
                          stored))
            if progress:
                progress(i + 1, len(kinds) + 1)
    problem = votes_problem(minutes)  # the votes the issued minutes froze, as the province will recompute them
    if problem:
        raise UserError(problem)
    manifest = Manifest(
        commune_code=ws.unit_code, commune_name=ws.unit_name, signer_key_id=key.key_id,
        recipient_key_id=pk.recipient_key_id, sequence=seq + 1, previous_hash=prev, period=period,
        kind="full", created_at=now_iso(), app_version=__version__, parts=[p for p, _ in parts],
        resume_token=_resume_token(db, key.key_id), contact=officer_contact(ws))
    manifest_bytes = dumps(manifest.to_json())
    signature = key.sign(MANIFEST_TYPE, manifest_bytes)
    inner = container.encode_sections(
        [("manifest", manifest_bytes), ("signature", signature)] + [(p.name, data) for p, data in parts])
    encrypted = envelope.encrypt(inner, pk.age_recipient)
    if progress:
        progress(len(kinds) + 1, len(kinds) + 1)
    return encrypted, manifest


def write_verified(target: Path, data: bytes) -> None:
    """Write atomically and read back before the rename (desktop.shared.fsio): a USB stick that lies
    about its writes is caught here, not at the province."""
    try:
        write_atomic(target, data, verify=True, suffix=".dang-ghi")
    except WriteMismatch as exc:
        raise UserError(f"Ghi tệp vào {target.parent} không đúng (đọc lại thấy khác). Ổ đĩa có thể bị lỗi; "
                        "hãy thử ổ khác.") from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise UserError(f"Ổ đĩa chứa thư mục {target.parent} đã đầy: không ghi được tệp {target.name}. Hãy giải "
                            "phóng chỗ trống hoặc chọn ổ khác rồi thử lại.") from exc
        raise UserError(f"Không ghi được tệp vào {target.parent}: {exc.strerror}. Kiểm tra ổ đĩa (còn chỗ, "
                        "không bị khóa ghi, đúng là thư mục) rồi thử lại.") from exc


def export_target(out: Path | str, name: str) -> Path:
    """Where the file goes: into ``out`` when it is a folder (made if it does not exist yet and the
    name ends with a slash or has no extension), else ``out`` itself, which must end in .tdkt."""
    raw = str(out)
    path = Path(raw)
    if path.is_dir():
        return path / name
    if raw.endswith(("/", "\\", os.sep)) or not path.suffix:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Không tạo được thư mục {path}: {exc.strerror}. Hãy chọn thư mục khác.") from None
        return path / name
    if path.suffix.lower() != ".tdkt":
        raise UserError(f"Tên tệp “{path.name}” phải có đuôi .tdkt (hoặc chỉ ghi tên thư mục để phần mềm tự đặt "
                        "tên tệp).")
    return path


def export(db: Database, paths: Paths, out: Path | str, period: str | None = None, passphrase: str | None = None,
           progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Write the next data file. ``out`` is a file path or a folder (the standard name is used).

    The file's number and hash are kept (desktop.app.exchange, outside the database) before its bytes
    reach their final name anywhere. When the previous export did not finish (the stick was pulled out,
    the database was busy at the end), the same file — same number, same bytes — is written again
    instead of a new one (``resent``)."""
    try:
        return _export(db, paths, out, period, passphrase, progress)
    except OperationalError as exc:
        if exchange.is_busy(exc):
            raise UserError(exchange.BUSY) from None
        raise


def _export(db: Database, paths: Paths, out: Path | str, period: str | None, passphrase: str | None,
            progress: Callable[[int, int], None] | None) -> ExportResult:
    ws = _workspace(db)
    state = exchange.reconcile(db)
    again = exchange.first_pending(db, state)
    if again is not None:
        entry, data = again
        name = entry["file_name"]
        target = export_target(out, name)
        resent = True
    else:
        period = period or default_period()
        data, manifest = build(db, paths, period, passphrase, progress)
        name = file_name_for(ws, period, manifest.sequence)
        target = export_target(out, name)
        entry = {"sequence": manifest.sequence, "file_name": name, "file_sha256": sha256(data),
                 "previous_hash": manifest.previous_hash, "period": period, "kind": manifest.kind,
                 "signer_key_id": manifest.signer_key_id, "recipient_key_id": manifest.recipient_key_id,
                 "counts": {p.kind: p.records for p in manifest.parts}, "created_at": now_iso(),
                 "receipt_status": "", "receipt_at": None, "receipt_note": "", "receipt_imported_at": None}
        # number and hash first: whatever happens after, this number is never given to other bytes
        exchange.record_pending(db, entry)
        resent = False
    kept = exports_dir(paths) / name
    # keep our own copy first: a file lost in the post can always be sent again
    if not resent:
        write_verified(kept, data)
    if target.resolve() != kept.resolve():
        write_verified(target, data)
    try:
        with db.session() as s, s.begin():
            if s.scalar(select(ExportLog.id).where(ExportLog.file_sha256 == entry["file_sha256"])) is None:
                s.add(exchange.row_of_entry(entry))
    except OperationalError as exc:
        if not exchange.is_busy(exc):
            raise
        raise UserError(f"Tệp số {entry['sequence']} đã ghi vào {target}, nhưng chưa ghi được vào nhật ký gửi: "
                        + exchange.BUSY + f" Phần mềm đã giữ lại tệp số {entry['sequence']}: khi xuất lại, đúng tệp "
                        "này (cùng số, cùng mã băm) được ghi lần nữa, không tạo tệp mới.") from None
    exchange.mark_sent(db, entry)
    counts = dict(entry.get("counts") or {})
    # for support: which file went out, never what it holds
    log.info("exported %s seq %s period %s (%s)%s", name, entry["sequence"], entry.get("period") or "",
             entry["file_sha256"], " again (same bytes)" if resent else "")
    return ExportResult(target, name, entry["file_sha256"], entry["sequence"], entry.get("previous_hash"),
                        entry.get("period") or "", counts, len(data), resent)


def next_export(db: Database) -> tuple[int, dict | None]:
    """What the next export writes: (its number, the pending file written again or None)."""
    state = exchange.reconcile(db)
    pending = state.pending()
    if pending:
        return pending[0]["sequence"], pending[0]
    return state.last()[0] + 1, None


def export_history(db: Database) -> list[ExportLog]:
    """The files written, newest first, the database's log put in step with the kept state first (a
    restored backup forgets none); a file whose export did not finish comes with ``pending`` true."""
    state = exchange.reconcile(db)
    with db.session() as s:
        rows = s.scalars(select(ExportLog).order_by(ExportLog.sequence.desc())).all()
        for r in rows:
            s.expunge(r)
    out = list(rows)
    for r in out:
        r.pending = False
    logged = {r.file_sha256 for r in out}
    for e in state.live():
        if e["file_sha256"] not in logged:
            row = exchange.row_of_entry(e)
            row.pending = e["state"] == exchange.PENDING
            out.append(row)
    return sorted(out, key=lambda r: r.sequence, reverse=True)


def exported_count(db: Database) -> int:
    exchange.reconcile(db)
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(ExportLog)) or 0)


# --------------------------------------------------------------------------- receipts


def _statement(db: Database, paths: Paths, data: bytes) -> dict:
    """A statement the province signed, checked against the province key this unit trusts (installed
    after its fingerprint was confirmed, or pinned by the build); anything else is refused."""
    pk = province_key(paths)
    bad = UserError("Tệp biên nhận (hoặc điểm nối tiếp) không hợp lệ, hoặc không phải do Sở Nội vụ ký bằng khóa đã "
                    "cài trên máy này. Hãy xin "
                    "lại tệp từ Sở Nội vụ.")
    doc = open_statement(data, pk.signing_public)
    if doc is None:
        raise bad
    ws = _workspace(db)
    if doc.get("commune_code") != ws.unit_code:
        raise UserError(f"Tệp này dành cho đơn vị mã {one_line(doc.get('commune_code'), 12)}, không phải "
                        f"{ws.unit_name}.")
    return doc


def import_statement(db: Database, paths: Paths, data: bytes) -> str:
    """A receipt, or a resume point, signed by the province. Returns a message for the officer."""
    doc = _statement(db, paths, data)
    if doc.get("type") == "tdkt-receipt":
        try:
            found = exchange.record_receipt(db, doc)
        except OperationalError as exc:
            if exchange.is_busy(exc):
                raise UserError(exchange.BUSY) from None
            raise
        if found is None:
            raise UserError("Biên nhận nói về một tệp không có trong nhật ký gửi của máy này.")
        status = {"accepted": "đã chấp nhận", "refused": "đã từ chối"}.get(str(doc.get("status")),
                                                                          one_line(doc.get("status"), 16))
        return f"Sở Nội vụ đã nhận tệp số {one_line(doc.get('sequence'), 12)}: {status}."
    if doc.get("type") == "tdkt-resume":
        return _apply_resume(db, paths, doc)
    raise UserError("Tệp không phải biên nhận hay điểm nối tiếp của Sở Nội vụ.")


def _apply_resume(db: Database, paths: Paths, doc: dict) -> str:
    """Where the chain stands at the province, for this unit's key in use. Never rewinds: a statement
    older than the last one applied, or behind the files this PC has already written, is refused."""
    if doc.get("version") != 2:
        raise UserError("Điểm nối tiếp theo mẫu cũ (chưa gắn với khóa ký). Hãy đề nghị Sở Nội vụ tạo lại điểm "
                        "nối tiếp bằng phần mềm mới.")
    seq, digest, nonce, kid = doc.get("sequence"), doc.get("file_sha256"), doc.get("nonce"), doc.get("key_id")
    made = container.parse_time(doc.get("made_at"))
    if (isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq <= 10**9 or made is None
            or not (digest is None or (isinstance(digest, str) and container.HEX64.fullmatch(digest)))
            or not (isinstance(nonce, str) and container.HEX64.fullmatch(nonce))
            or not (isinstance(kid, str) and container.HEX32.fullmatch(kid)) or (seq == 0) != (digest is None)):
        raise UserError("Điểm nối tiếp không hợp lệ. Hãy xin lại tệp từ Sở Nội vụ.")
    own = signing_key_info(paths).get("key_id")
    if kid != own:
        raise UserError("Điểm nối tiếp này dành cho một khóa ký khác, không phải khóa đang dùng của đơn vị "
                        f"(vân tay {signing_key_info(paths).get('fingerprint')}). Hãy đề nghị Sở Nội vụ tạo điểm nối "
                        "tiếp cho khóa đã đăng ký mới nhất.")
    state = exchange.reconcile(db)
    last = state.resume or {}
    if last.get("nonce") == nonce and str(last.get("sequence")) == str(seq) and last.get("made_at") == doc["made_at"]:
        return f"Điểm nối tiếp này đã được nhập trước đó; tệp gửi tiếp theo vẫn là số {seq + 1}."
    last_made = container.parse_time(last.get("made_at"))
    if last_made is not None and made < last_made:
        raise UserError(f"Điểm nối tiếp này cũ hơn điểm nối tiếp đã nhập (lập lúc {_vn_time(last_made)}). "
                        "Không nhập, để chuỗi tệp không bị lùi lại.")
    # the province's word overrides the local log: files numbered after it never reached the province
    try:
        superseded = exchange.apply_resume(db, {"sequence": seq, "file_sha256": digest, "key_id": kid,
                                                "nonce": nonce, "made_at": doc["made_at"]})
    except OperationalError as exc:
        if exchange.is_busy(exc):
            raise UserError(exchange.BUSY) from None
        raise
    text = f"Đã nhận điểm nối tiếp: tệp gửi tiếp theo sẽ là số {seq + 1}."
    if superseded:
        numbers = ", ".join(str(e["sequence"]) for e in superseded)
        text += (f" Các tệp số {numbers} máy này đã xuất nhưng Sở Nội vụ chưa nhận được thay bằng tệp mới (bản "
                 f"sao cũ chuyển vào thư mục exports/{exchange.SUPERSEDED_DIR}); đừng gửi lại các tệp cũ đó.")
    return text


def _vn_time(utc: dt.datetime) -> str:
    return (utc + dt.timedelta(hours=7)).strftime("%H:%M ngày %d/%m/%Y")


# --------------------------------------------------------------------------- paper companions


def enrolment_sheet(db: Database, paths: Paths, date: dt.date | None = None):
    """The printable enrolment sheet (fingerprint with a QR code), as a reports document."""
    from desktop.app.sources import Context
    from desktop.reports.documents import EnrolmentDoc

    ctx = Context(db)
    info = signing_key_info(paths)
    created = str(info.get("created_at", ""))[:10]
    try:
        created = dt.date.fromisoformat(created).strftime("%d/%m/%Y")
    except ValueError:
        pass
    import hashlib

    return EnrolmentDoc(issuer=ctx.issuer, date=date or dt.date.today(), unit_code=ctx.ws.unit_code,
                        unit_name=ctx.unit_name, fingerprint=info["fingerprint"], created=created,
                        officer=ctx.ws.officer_name, signature=ctx.signature(),
                        public_key_sha256=hashlib.sha256(unb64(info["public_key"], 32)).hexdigest())


def cover_letter_for(db: Database, sequence: int | None = None):
    """The cover letter (công văn) for an exported file (the latest when ``sequence`` is None)."""
    from desktop.app.sources import cover_letter
    from desktop.core.labels import KIND_LABELS

    history = export_history(db)
    row = next((r for r in history if sequence is None or r.sequence == sequence), None)
    if row is None:
        raise UserError("Chưa xuất tệp dữ liệu nào (hoặc không có tệp số này) để in công văn gửi kèm.")
    counts = json.loads(row.counts or "{}")
    year = int(row.period[:4])
    return cover_letter(db, row.file_name, row.file_sha256,
                        [(KIND_LABELS.get(k, k), int(n)) for k, n in counts.items()], year,
                        file_id=f"{_workspace(db).unit_code}-{row.sequence:04d}")
