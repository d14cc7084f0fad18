"""Commune side: the signing key, the province key, the enrolment request, writing a data file, and
receipts from the province."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy import func, select

from desktop import __version__
from desktop.bundle import container
from desktop.bundle.container import MANIFEST_TYPE, Manifest, PartInfo, compress_part, sha256
from desktop.bundle.errors import BundleRefused, KeyProblem
from desktop.bundle.keys import (
    ProvinceKey,
    Protection,
    SigningKey,
    b64,
    now_iso,
    read_key_meta,
    unb64,
    verify,
)
from desktop.bundle.records_codec import RECORD_KINDS, export_kind
from desktop.bundle.strictjson import StrictJSONError, dumps, loads
from desktop.core.errors import UserError
from desktop.core.text import fold
from desktop.paths import Paths
from desktop.store.db import Database
from desktop.store.models import Setting, Workspace, utcnow
from desktop.store.models_bundle import ExportLog

SIGNING_NAME = "commune-signing"
PROVINCE_KEY_FILE = "province-key.json"
ENROL_TYPE = "application/vnd.bacninh.thidua.enrol+json"
STATEMENT_TYPE = "application/vnd.bacninh.thidua.province-statement+json"
RESUME_SEQ, RESUME_HASH = "bundle.resume_sequence", "bundle.resume_hash"


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


def install_province_key(paths: Paths, data: bytes) -> ProvinceKey:
    pk = ProvinceKey.from_file(data)
    folder = keys_dir(paths)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PROVINCE_KEY_FILE).write_bytes(data)
    return pk


def province_key(paths: Paths) -> ProvinceKey:
    path = keys_dir(paths) / PROVINCE_KEY_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyProblem("Chưa cài khóa công khai của Sở Nội vụ. Hãy nhận tệp khóa (đuôi .json) từ Sở "
                         "và cài vào phần mềm (lệnh init --province-key TỆP, hoặc menu Gửi dữ liệu).") from None
    return ProvinceKey.from_file(data)


def _workspace(db: Database) -> Workspace:
    ws = db.workspace()
    if ws is None or ws.kind != "commune":
        raise UserError("Chưa khởi tạo dữ liệu xã, phường.")
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
    payload = dumps(body)
    doc = {**body, "signature": b64(key.sign(ENROL_TYPE, payload))}
    if rotate_from is not None:
        doc["old_signature"] = b64(rotate_from.sign(ENROL_TYPE, payload))
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


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


def _last_export(db: Database) -> tuple[int, str | None]:
    with db.session() as s:
        row = s.execute(select(ExportLog.sequence, ExportLog.file_sha256)
                        .order_by(ExportLog.sequence.desc()).limit(1)).first()
        settings = {k: v for k, v in s.execute(select(Setting.key, Setting.value)
                                                 .where(Setting.key.in_((RESUME_SEQ, RESUME_HASH))))}
    resume_seq = int(settings.get(RESUME_SEQ) or 0)
    if row is not None and row[0] >= resume_seq:
        return row[0], row[1]
    if resume_seq:
        return resume_seq, settings.get(RESUME_HASH) or None
    return 0, None


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
    if not container.PERIOD.match(period):
        raise UserError(f"Kỳ báo cáo “{period}” không hợp lệ: dùng dạng 2026 (cả năm) hoặc 2026-H1 (6 tháng).")
    pk = province_key(paths)
    key = load_signing_key(paths, passphrase)
    seq, prev = _last_export(db)
    parts: list[tuple[PartInfo, bytes]] = []
    with db.session() as s:
        for i, kind in enumerate(RECORD_KINDS):
            records = list(export_kind(s, ws.unit_code, kind))
            stored, raw = compress_part(records)
            parts.append((PartInfo(f"{kind}.jsonl.gz", kind, len(stored), len(raw), sha256(stored), len(records)),
                          stored))
            if progress:
                progress(i + 1, len(RECORD_KINDS) + 1)
    manifest = Manifest(
        commune_code=ws.unit_code, commune_name=ws.unit_name, signer_key_id=key.key_id,
        recipient_key_id=pk.recipient_key_id, sequence=seq + 1, previous_hash=prev, period=period,
        kind="full", created_at=now_iso(), app_version=__version__, parts=[p for p, _ in parts])
    manifest_bytes = dumps(manifest.to_json())
    signature = key.sign(MANIFEST_TYPE, manifest_bytes)
    inner = container.encode_sections(
        [("manifest", manifest_bytes), ("signature", signature)] + [(p.name, data) for p, data in parts])
    import pyrage
    from pyrage import x25519

    encrypted = pyrage.encrypt(inner, [x25519.Recipient.from_str(pk.age_recipient)])
    if progress:
        progress(len(RECORD_KINDS) + 1, len(RECORD_KINDS) + 1)
    return encrypted, manifest


def write_verified(target: Path, data: bytes) -> None:
    """Write to a temporary name beside the target, flush and fsync, read back and compare the hash,
    then rename: a USB stick that lies about its writes is caught here, not at the province."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".dang-ghi")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if sha256(tmp.read_bytes()) != sha256(data):
            raise UserError(f"Ghi tệp vào {target.parent} không đúng (đọc lại thấy khác). Ổ đĩa có thể bị lỗi; "
                            "hãy thử ổ khác.")
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise UserError(f"Không ghi được tệp vào {target.parent}: {exc.strerror}. Kiểm tra ổ đĩa (còn chỗ, "
                        "không bị khóa ghi) rồi thử lại.") from exc
    with contextlib.suppress(OSError):  # make the rename durable where the platform allows it
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def export(db: Database, paths: Paths, out: Path, period: str | None = None, passphrase: str | None = None,
           progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Write the next data file. ``out`` is a file path or a folder (the standard name is used)."""
    ws = _workspace(db)
    period = period or default_period()
    data, manifest = build(db, paths, period, passphrase, progress)
    name = file_name_for(ws, period, manifest.sequence)
    target = out / name if out.is_dir() else out
    digest = sha256(data)
    # keep our own copy first: a file lost in the post can always be sent again
    write_verified(exports_dir(paths) / name, data)
    if target.resolve() != (exports_dir(paths) / name).resolve():
        write_verified(target, data)
    counts = {p.kind: p.records for p in manifest.parts}
    with db.session() as s, s.begin():
        s.add(ExportLog(sequence=manifest.sequence, file_name=name, file_sha256=digest,
                        previous_hash=manifest.previous_hash, period=period, kind=manifest.kind,
                        signer_key_id=manifest.signer_key_id, recipient_key_id=manifest.recipient_key_id,
                        counts=json.dumps(counts)))
    return ExportResult(target, name, digest, manifest.sequence, manifest.previous_hash, period, counts, len(data))


def export_history(db: Database) -> list[ExportLog]:
    with db.session() as s:
        rows = s.scalars(select(ExportLog).order_by(ExportLog.sequence.desc())).all()
        for r in rows:
            s.expunge(r)
        return list(rows)


def exported_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(ExportLog)) or 0)


# --------------------------------------------------------------------------- receipts


def import_statement(db: Database, paths: Paths, data: bytes) -> str:
    """A receipt (or a resume point after re-enrolment) signed by the province. Returns a message."""
    pk = province_key(paths)
    bad = UserError("Tệp biên nhận không hợp lệ hoặc không phải do Sở Nội vụ ký. Hãy xin lại tệp biên nhận.")
    try:
        doc = loads(data, max_bytes=64 * 1024)
        sig = unb64(doc.pop("signature"), 64)
    except (StrictJSONError, KeyError, ValueError, TypeError, AttributeError):
        raise bad from None
    if not isinstance(doc, dict) or not verify(pk.signing_public, STATEMENT_TYPE, dumps(doc), sig):
        raise bad
    ws = _workspace(db)
    if doc.get("commune_code") != ws.unit_code:
        raise UserError(f"Biên nhận này dành cho đơn vị mã {doc.get('commune_code')}, không phải {ws.unit_name}.")
    if doc.get("type") == "tdkt-receipt":
        with db.session() as s, s.begin():
            row = s.scalar(select(ExportLog).where(ExportLog.file_sha256 == doc.get("file_sha256")))
            if row is None:
                raise UserError("Biên nhận nói về một tệp không có trong nhật ký gửi của máy này.")
            row.receipt_status = str(doc.get("status", ""))[:16]
            row.receipt_at = utcnow()
            row.receipt_note = str(doc.get("note", ""))[:500]
        status = {"accepted": "đã chấp nhận", "refused": "đã từ chối"}.get(str(doc.get("status")), str(doc.get("status")))
        return f"Sở Nội vụ đã nhận tệp số {doc.get('sequence')}: {status}."
    if doc.get("type") == "tdkt-resume":
        seq = doc.get("sequence")
        digest = doc.get("file_sha256")
        if not isinstance(seq, int) or seq < 0 or not (digest is None or container.HEX64.match(str(digest))):
            raise bad
        with db.session() as s, s.begin():
            for k, v in ((RESUME_SEQ, str(seq)), (RESUME_HASH, digest or "")):
                row = s.get(Setting, k)
                if row is None:
                    s.add(Setting(key=k, value=v))
                else:
                    row.value = v
        return f"Đã nhận điểm nối tiếp: tệp gửi tiếp theo sẽ là số {seq + 1}."
    raise bad


def parse_enrol_request(data: bytes) -> dict:
    """Checked by the province: well-formed and signed by the key it carries (and the old key for a
    rotation)."""
    bad = BundleRefused("bad_enrolment", "Tệp đăng ký khóa không hợp lệ hoặc đã bị sửa. Hãy đề nghị xã tạo lại.")
    try:
        doc = loads(data, max_bytes=64 * 1024)
        if not isinstance(doc, dict) or doc.get("type") != "tdkt-enrol-request" or doc.get("version") != 1:
            raise bad
        sig = unb64(doc.pop("signature"), 64)
        old_sig = unb64(doc.pop("old_signature"), 64) if "old_signature" in doc else None
        public = unb64(doc["public_key"], 32)
    except (StrictJSONError, KeyError, ValueError, TypeError, AttributeError):
        raise bad from None
    if not container.COMMUNE.match(str(doc.get("commune_code", ""))):
        raise bad
    if not verify(public, ENROL_TYPE, dumps(doc), sig):
        raise bad
    doc["_public"] = public
    doc["_old_signature"] = old_sig
    return doc


# --------------------------------------------------------------------------- paper companions


def enrolment_sheet(db: Database, paths: Paths, date: dt.date | None = None):
    """The printable enrolment sheet (fingerprint with a QR code), as a reports document."""
    from desktop.reports.documents import EnrolmentDoc
    from desktop.reports.sources import Context

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
    from desktop.core.labels import KIND_LABELS
    from desktop.reports.sources import cover_letter

    history = export_history(db)
    row = next((r for r in history if sequence is None or r.sequence == sequence), None)
    if row is None:
        raise UserError("Chưa xuất tệp dữ liệu nào (hoặc không có tệp số này) để in công văn gửi kèm.")
    counts = json.loads(row.counts or "{}")
    year = int(row.period[:4])
    return cover_letter(db, row.file_name, row.file_sha256,
                        [(KIND_LABELS.get(k, k), int(n)) for k, n in counts.items()], year,
                        file_id=f"{_workspace(db).unit_code}-{row.sequence:04d}")
