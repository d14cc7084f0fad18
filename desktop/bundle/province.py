"""Province side: the province's keys, enrolling communes' keys, importing data files (every check
before any write, then one transaction), receipts, and the submission overview."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from desktop import __version__
from desktop.bundle import container
from desktop.bundle.commune import STATEMENT_TYPE, parse_enrol_request
from desktop.bundle.container import MANIFEST_TYPE, Manifest, sha256
from desktop.bundle.errors import BundleRefused, KeyProblem
from desktop.bundle.keys import (
    AgeIdentity,
    ProvinceKey,
    Protection,
    SigningKey,
    b64,
    fingerprint,
    key_id,
    now_iso,
    unb64,
    verify,
)
from desktop.bundle.records_codec import RECORD_KINDS, check_record, check_uid
from desktop.bundle.strictjson import dumps
from desktop.core.errors import UserError
from desktop.core.text import fold
from desktop.core.units import find_unit
from desktop.paths import Paths
from desktop.store.db import Database
from desktop.store.models import Workspace, utcnow
from desktop.store.models_bundle import (
    ProvinceBundle,
    ProvinceKey as KeyRow,
    ProvinceRecord,
    ProvinceSharedCccd,
)

log = logging.getLogger(__name__)
AGE_MAGIC = b"age-encryption.org/v1\n"
IDENTITY_FILE = "province-identity.age"
SIGNING_NAME = "province-signing"
PUBLIC_FILE = "province-key.json"
PROVINCE_NAME = "Sở Nội vụ tỉnh Bắc Ninh"


def keys_dir(paths: Paths) -> Path:
    return paths.data_dir / "keys"


# --------------------------------------------------------------------------- set-up


def init_province(db: Database, paths: Paths, passphrase: str | None = None) -> ProvinceKey:
    with db.session() as s, s.begin():
        if s.scalar(select(Workspace).limit(1)) is not None:
            raise UserError("Thư mục dữ liệu này đã được khởi tạo; hãy dùng một thư mục riêng cho Sở Nội vụ.")
        s.add(Workspace(kind="province", unit_code="24", unit_name=PROVINCE_NAME, officer_name="Sở Nội vụ",
                        created_by_version=__version__))
    protection = Protection.for_new_key(passphrase)
    identity = AgeIdentity.generate()
    identity.save(keys_dir(paths) / IDENTITY_FILE, protection)
    signer = SigningKey.generate()
    signer.save(keys_dir(paths), SIGNING_NAME, protection)
    pk = ProvinceKey(PROVINCE_NAME, identity.recipient, signer.public_raw)
    (keys_dir(paths) / PUBLIC_FILE).write_bytes(pk.to_file(signer))
    return pk


def public_key_file(paths: Paths) -> bytes:
    return (keys_dir(paths) / PUBLIC_FILE).read_bytes()


def require_province(db: Database) -> Workspace:
    ws = db.workspace()
    if ws is None or ws.kind != "province":
        raise UserError("Đây không phải dữ liệu của Sở Nội vụ. Hãy khởi tạo bằng lệnh: province init --key-out TỆP")
    return ws


# --------------------------------------------------------------------------- enrolment


@dataclass
class EnrolResult:
    commune_code: str
    commune_name: str
    fingerprint: str
    key_id: str
    action: str  # new | rotation | re-enrolment | already


def enrol(db: Database, data: bytes, expires_at: dt.datetime | None = None) -> EnrolResult:
    """Register a commune's key. The caller has shown the fingerprint and had it confirmed by phone."""
    require_province(db)
    doc = parse_enrol_request(data)
    code = doc["commune_code"]
    unit = find_unit(code)
    if unit is None:
        raise BundleRefused("bad_enrolment", f"Mã đơn vị {code} không có trong danh sách 99 xã, phường của tỉnh.")
    public: bytes = doc["_public"]
    kid = key_id(public)
    with db.session() as s, s.begin():
        existing = s.scalar(select(KeyRow).where(KeyRow.key_id == kid))
        if existing is not None:
            if existing.commune_code != code:
                raise BundleRefused("wrong_commune_key", "Khóa này đã được đăng ký cho đơn vị khác.")
            if existing.status != "active":
                raise BundleRefused("revoked_key", "Khóa này đã bị thu hồi (hoặc hết hạn) nên không đăng ký lại "
                                                   "được. Xã cần tạo khóa mới rồi gửi yêu cầu đăng ký.")
            return EnrolResult(code, unit.name, fingerprint(public), kid, "already")
        active = s.scalars(select(KeyRow).where(KeyRow.commune_code == code, KeyRow.status == "active")).all()
        action = "new"
        if doc.get("rotation_from"):
            old = next((k for k in active if k.key_id == doc["rotation_from"]), None)
            if old is None or doc["_old_signature"] is None or not verify(
                    unb64(old.public_key, 32), "application/vnd.bacninh.thidua.enrol+json",
                    dumps({k: v for k, v in doc.items() if not k.startswith("_")}), doc["_old_signature"]):
                raise BundleRefused("bad_enrolment",
                                    "Yêu cầu đổi khóa không có chữ ký hợp lệ của khóa cũ đang dùng. Không đăng ký.")
            action = "rotation"
        elif active:
            action = "re-enrolment"  # lost key: the old one is revoked, the chain continues at the province
        now = utcnow()
        for k in active:
            k.status = "revoked"
            k.revoked_at = now
            k.note = "Thay bằng khóa " + fingerprint(public)
        s.add(KeyRow(commune_code=code, key_id=kid, public_key=b64(public), fingerprint=fingerprint(public),
                     status="active", officer=str(doc.get("officer", ""))[:100], expires_at=expires_at))
    return EnrolResult(code, unit.name, fingerprint(public), kid, action)


def preview_enrolment(data: bytes) -> dict:
    doc = parse_enrol_request(data)
    return {"commune_code": doc["commune_code"], "commune_name": doc.get("commune_name", ""),
            "officer": doc.get("officer", ""), "fingerprint": fingerprint(doc["_public"]),
            "rotation": bool(doc.get("rotation_from"))}


def revoke(db: Database, commune_code: str) -> int:
    with db.session() as s, s.begin():
        keys = s.scalars(select(KeyRow).where(KeyRow.commune_code == commune_code, KeyRow.status == "active")).all()
        for k in keys:
            k.status = "revoked"
            k.revoked_at = utcnow()
        return len(keys)


# --------------------------------------------------------------------------- import


@dataclass
class ImportResult:
    status: str                      # accepted | duplicate | preview
    commune_code: str
    commune_name: str
    sequence: int
    file_sha256: str
    counts: dict[str, int]
    changes: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> added/removed/changed
    imported_at: dt.datetime | None = None
    receipt: bytes | None = None


@dataclass
class _Checked:
    manifest: Manifest
    records: dict[str, list[dict]]


def _decrypt(data: bytes, identity: AgeIdentity) -> bytes:
    import pyrage

    if not data.startswith(AGE_MAGIC):
        if data.startswith(container.MAGIC):
            raise BundleRefused("not_encrypted", "Tệp chưa được mã hóa: Sở chỉ nhận tệp đã mã hóa bằng phần mềm.")
        if AGE_MAGIC.startswith(data):
            raise BundleRefused("truncated", "Tệp dữ liệu bị cắt cụt. Hãy chép lại tệp từ xã.")
        raise BundleRefused("bad_magic", "Đây không phải tệp dữ liệu thi đua (không đúng định dạng). Hãy kiểm tra "
                                         "lại tệp đã chọn.")
    stanzas = _recipient_stanzas(data)
    if stanzas > 1:
        raise BundleRefused("extra_recipients",
                            f"Tệp được mã hóa cho {stanzas} người nhận: ngoài Sở Nội vụ còn có người khác đọc được. "
                            "Sở chỉ nhận tệp mã hóa riêng cho Sở; hãy đề nghị xã xuất lại bằng phần mềm.")
    try:
        return pyrage.decrypt(data, [identity.identity])
    except pyrage.DecryptError as exc:
        text = str(exc).lower()
        if "no matching keys" in text:
            raise BundleRefused("wrong_recipient", "Tệp được mã hóa cho khóa khác, không phải khóa của Sở Nội vụ. "
                                                   "Hãy đề nghị xã cài đúng khóa của Sở và xuất lại.") from None
        raise BundleRefused("tampered", "Tệp dữ liệu bị hỏng, bị cắt cụt hoặc đã bị sửa (không giải mã được). "
                                        "Hãy chép lại tệp từ xã.") from None


def _recipient_stanzas(data: bytes) -> int:
    """Recipient stanzas in the age v1 header (lines "-> TYPE …" before the "---" MAC line), not counting
    the random "grease" stanzas age implementations add to keep parsers honest."""
    end = data.find(b"\n---", 0, 64 * 1024)
    header = data[: end if end >= 0 else min(len(data), 64 * 1024)]
    count = 0
    for line in header.split(b"\n"):
        if line.startswith(b"-> "):
            kind = line[3:].split(b" ", 1)[0]
            if not kind.endswith(b"-grease"):
                count += 1
    return count


def _check(s: Session, plaintext: bytes, own_recipient_id: str) -> _Checked:
    sections = container.decode_sections(plaintext)
    if sections[0][0] != "manifest" or sections[1][0] != "signature":
        raise BundleRefused("bad_structure", "Gói dữ liệu không đúng cấu trúc (thiếu bản kê hoặc chữ ký).")
    manifest_bytes, signature = sections[0][1], sections[1][1]
    manifest = container.parse_manifest(manifest_bytes, set(RECORD_KINDS))
    if manifest.recipient_key_id != own_recipient_id:
        raise BundleRefused("wrong_recipient", "Bản kê ghi tệp dành cho khóa khác, không phải khóa của Sở Nội vụ.")
    key = s.scalar(select(KeyRow).where(KeyRow.key_id == manifest.signer_key_id))
    if key is None:
        raise BundleRefused("unknown_key", f"Tệp được ký bằng khóa chưa đăng ký (mã khóa {manifest.signer_key_id[:8]}…). "
                                           f"Hãy đăng ký khóa của {manifest.commune_name} trước (so vân tay qua "
                                           "điện thoại).")
    if key.commune_code != manifest.commune_code:
        raise BundleRefused("wrong_commune_key",
                            f"Khóa ký thuộc đơn vị mã {key.commune_code}, nhưng tệp ghi là của {manifest.commune_name} "
                            f"(mã {manifest.commune_code}). Tệp bị từ chối.")
    if key.status == "revoked":
        raise BundleRefused("revoked_key", f"Tệp được ký bằng khóa đã bị thu hồi ngày "
                                           f"{key.revoked_at:%d/%m/%Y}. Xã phải dùng khóa mới đã đăng ký.")
    if key.status == "expired" or (key.expires_at is not None and key.expires_at < utcnow()):
        raise BundleRefused("expired_key", "Tệp được ký bằng khóa đã hết hạn. Xã cần đăng ký khóa mới.")
    if len(signature) != 64 or not verify(unb64(key.public_key, 32), MANIFEST_TYPE, manifest_bytes, signature):
        raise BundleRefused("tampered", "Chữ ký của tệp không khớp: nội dung đã bị sửa sau khi xã ký. Tệp bị từ chối.")
    part_sections = sections[2:]
    if [n for n, _ in part_sections] != [p.name for p in manifest.parts]:
        raise BundleRefused("bad_structure", "Các phần của gói dữ liệu không khớp với bản kê.")
    records: dict[str, list[dict]] = {}
    seen_uids: set[str] = set()
    for info, (_, stored) in zip(manifest.parts, part_sections):
        if len(stored) != info.size or sha256(stored) != info.sha256:
            raise BundleRefused("tampered", f"Phần “{info.name}” không khớp mã băm trong bản kê: đã bị sửa.")
        raw = container.decompress_part(info, stored)
        rows = records.setdefault(info.kind, [])
        for line, rec in container.iter_records(info, raw):
            check_record(info.kind, rec, line, manifest.commune_code)
            if rec["uid"] in seen_uids:
                raise BundleRefused("bad_field", f"Bản ghi {rec['uid']} xuất hiện hai lần trong tệp.")
            seen_uids.add(rec["uid"])
            rows.append(rec)
    for kind, uids in manifest.removed.items():  # a correction may only delete the sender's own records
        for n, u in enumerate(uids, 1):
            check_uid(u, manifest.commune_code, kind, kind, n, "bản ghi cần xóa")
    both = {u for uids in manifest.removed.values() for u in uids} & seen_uids
    if both:
        raise BundleRefused("bad_manifest", f"Bản ghi {sorted(both)[0]} vừa nằm trong danh sách xóa vừa có trong tệp.")
    return _Checked(manifest, records)


def _chain(s: Session, m: Manifest, digest: str) -> None:
    last = s.execute(select(ProvinceBundle.sequence, ProvinceBundle.file_sha256)
                     .where(ProvinceBundle.commune_code == m.commune_code)
                     .order_by(ProvinceBundle.sequence.desc()).limit(1)).first()
    last_seq, last_hash = (last[0], last[1]) if last else (0, None)
    if m.sequence == last_seq + 1:
        if m.previous_hash != last_hash:
            raise BundleRefused(
                "fork", f"CẢNH BÁO RẼ NHÁNH: tệp số {m.sequence} của {m.commune_name} không nối tiếp tệp số "
                        f"{last_seq} mà Sở đã nhận (mã băm trước không khớp). Có thể có hai máy cùng gửi dữ liệu "
                        "cho một xã; hãy liên hệ xã để xác minh.")
        return
    if m.sequence == last_seq:
        raise BundleRefused(
            "fork", f"CẢNH BÁO RẼ NHÁNH: Sở đã nhận một tệp số {m.sequence} khác của {m.commune_name}. "
                    "Hai tệp cùng số thứ tự nhưng khác nội dung; hãy liên hệ xã để xác minh.")
    if m.sequence < last_seq:
        raise BundleRefused(
            "rollback", f"Tệp số {m.sequence} của {m.commune_name} cũ hơn tệp số {last_seq} Sở đã nhận. "
                        "Không nhận tệp cũ (để tránh quay lui dữ liệu).")
    missing = (f"số {last_seq + 1}" if m.sequence == last_seq + 2
               else f"từ số {last_seq + 1} đến số {m.sequence - 1}")
    raise BundleRefused("gap", f"Thiếu tệp {missing} của {m.commune_name}: hãy nhập các tệp đó trước "
                               f"(xã còn giữ bản sao trong thư mục exports).")


def _changes(s: Session, m: Manifest, records: dict[str, list[dict]]) -> dict[str, dict[str, int]]:
    old = {uid: (kind, payload) for uid, kind, payload in s.execute(
        select(ProvinceRecord.uid, ProvinceRecord.kind, ProvinceRecord.payload)
        .where(ProvinceRecord.commune_code == m.commune_code))}
    out: dict[str, dict[str, int]] = {k: {"added": 0, "removed": 0, "changed": 0, "same": 0} for k in RECORD_KINDS}
    new_uids = set()
    for kind, rows in records.items():
        for rec in rows:
            new_uids.add(rec["uid"])
            prev = old.get(rec["uid"])
            if prev is None:
                out[kind]["added"] += 1
            elif prev[1] != dumps(rec).decode("utf-8"):
                out[kind]["changed"] += 1
            else:
                out[kind]["same"] += 1
    if m.kind == "full":
        for uid, (kind, _) in old.items():
            if uid not in new_uids:
                out.setdefault(kind, {"added": 0, "removed": 0, "changed": 0, "same": 0})["removed"] += 1
    else:
        for kind, uids in m.removed.items():
            out[kind]["removed"] += sum(1 for u in uids if u in old)
    return out


NAME_FIELD = {"person": "full_name", "collective": "name", "household": "head_name", "council": "full_name",
              "initiative": "title", "indicator": "name"}


NAMED_KINDS = ("person", "collective", "household")  # the subjects of registrations: name_fold is kept


def indexed_fields(kind: str, rec: dict) -> dict:
    """The columns the consolidated views filter, group and sort on, copied out of the record. The
    0005 migration fills birth_date and name_fold of older rows by the same rules."""
    subject = rec.get("subject")
    year = rec.get("year")
    name = str(rec.get(NAME_FIELD.get(kind, ""), "") or "")[:255]
    born = rec.get("birth_date") if kind == "person" else None
    return {
        "name": name,
        "cccd": rec.get("cccd") or None,
        "subject_uid": subject["uid"] if isinstance(subject, dict) else rec.get("person_id"),
        "title_code": str(rec.get("title_code") or "")[:32],
        "year": year if isinstance(year, int) else None,
        "birth_date": born[:10] if isinstance(born, str) and born else None,
        "name_fold": fold(name)[:255] if kind in NAMED_KINDS else "",
    }


def refresh_shared_cccd(s: Session, cccds) -> None:
    """Bring province_shared_cccd up to date for these CCCDs (those of the persons an import removed
    or wrote): listed when persons of two or more communes hold it, dropped otherwise."""
    r, sh = ProvinceRecord.__table__, ProvinceSharedCccd.__table__
    todo = sorted({c for c in cccds if c})
    on_pg = s.get_bind().dialect.name == "postgresql"
    for i in range(0, len(todo), 500):  # bounded IN lists (SQLite's variable limit)
        chunk = todo[i:i + 500]
        s.execute(delete(sh).where(sh.c.cccd.in_(chunk)))
        if on_pg:
            # One index probe per CCCD. The GROUP BY form below is planned from statistics that are
            # stale during a batch of imports (autovacuum analyses a minute later): PostgreSQL then
            # scanned every person of the kind for each chunk, and the batch grew quadratic.
            s.execute(text(
                "INSERT INTO province_shared_cccd (cccd) SELECT u.c FROM unnest(CAST(:cccds AS varchar[])) AS u(c) "
                "WHERE (SELECT count(DISTINCT p.commune_code) FROM province_record p "
                "WHERE p.kind = 'person' AND p.cccd = u.c) > 1"), {"cccds": chunk})
            continue
        s.execute(sh.insert().from_select(
            ["cccd"], select(r.c.cccd).where(r.c.kind == "person", r.c.cccd.in_(chunk)).group_by(r.c.cccd)
            .having(func.min(r.c.commune_code) != func.max(r.c.commune_code))))


def update_shared_cccd(s: Session, before: set, after: set) -> None:
    """After an import replaced a commune's persons: their CCCDs were ``before`` and are now ``after``.
    A CCCD in both keeps its state (the other communes did not change); the others are worked out
    again, so a correction of a few records costs a few lookups, a commune's first file one per CCCD."""
    refresh_shared_cccd(s, before ^ after)


def rebuild_shared_cccd(s: Session) -> None:
    """province_shared_cccd made again from all the persons (what refresh_shared_cccd keeps)."""
    r, sh = ProvinceRecord.__table__, ProvinceSharedCccd.__table__
    s.execute(delete(sh))
    s.execute(sh.insert().from_select(
        ["cccd"], select(r.c.cccd).where(r.c.kind == "person", r.c.cccd.is_not(None), r.c.cccd != "")
        .group_by(r.c.cccd).having(func.min(r.c.commune_code) != func.max(r.c.commune_code))))


def receipt(paths: Paths, m: Manifest, digest: str, imported_at: dt.datetime, passphrase: str | None = None) -> bytes:
    signer = SigningKey.load(keys_dir(paths), SIGNING_NAME, passphrase)
    body = {"type": "tdkt-receipt", "version": 1, "commune_code": m.commune_code, "sequence": m.sequence,
            "file_sha256": digest, "status": "accepted", "period": m.period,
            "imported_at": imported_at.replace(microsecond=0).isoformat() + "Z"}
    return json.dumps({**body, "signature": b64(signer.sign(STATEMENT_TYPE, dumps(body)))},
                      ensure_ascii=False, indent=2).encode("utf-8")


def import_file(db: Database, paths: Paths, data: bytes, file_name: str = "", dry_run: bool = False,
                passphrase: str | None = None, identity: AgeIdentity | None = None) -> ImportResult:
    """Check everything, then apply in one transaction. Raises BundleRefused, leaving the database as it was."""
    require_province(db)
    if len(data) > container.MAX_FILE:
        raise BundleRefused("too_large", f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB, tối đa "
                                         f"{container.MAX_FILE // (1024 * 1024)} MB).")
    digest = sha256(data)
    with db.session() as s:
        done = s.execute(select(ProvinceBundle.imported_at, ProvinceBundle.commune_code, ProvinceBundle.sequence)
                         .where(ProvinceBundle.file_sha256 == digest)).first()
    if done is not None:
        unit = find_unit(done[1])
        return ImportResult("duplicate", done[1], unit.name if unit else done[1], done[2], digest, {},
                            imported_at=done[0])
    identity = identity or AgeIdentity.load(keys_dir(paths) / IDENTITY_FILE, passphrase)
    plaintext = _decrypt(data, identity)
    own_recipient = key_id(identity.recipient)
    with db.session() as s:
        checked = _check(s, plaintext, own_recipient)
        m = checked.manifest
        _chain(s, m, digest)
        changes = _changes(s, m, checked.records)
    counts = {k: len(v) for k, v in checked.records.items()}
    if dry_run:
        return ImportResult("preview", m.commune_code, m.commune_name, m.sequence, digest, counts, changes)
    now = utcnow()
    with db.session() as s, s.begin():
        if s.get_bind().dialect.name == "postgresql":
            # one import at a time: the shared-CCCD list below must see the other communes' rows as
            # committed (SQLite's write lock does the same)
            s.execute(text("LOCK TABLE province_shared_cccd IN SHARE ROW EXCLUSIVE MODE"))
        _chain(s, m, digest)  # again inside the write transaction: another import may have raced us
        r = ProvinceRecord.__table__
        held = select(r.c.cccd).where(r.c.commune_code == m.commune_code, r.c.kind == "person",
                                      r.c.cccd.is_not(None))
        before = set(s.scalars(held))  # the commune's CCCDs: the shared-CCCD list is updated from the change
        bundle = ProvinceBundle(commune_code=m.commune_code, sequence=m.sequence, file_sha256=digest,
                                previous_hash=m.previous_hash, period=m.period, kind=m.kind,
                                signer_key_id=m.signer_key_id, created_at=m.created_at, imported_at=now,
                                file_name=file_name[:255], size=len(data),
                                manifest=dumps(m.raw).decode("utf-8"), raw=data)
        s.add(bundle)
        s.flush()
        if m.kind == "full":
            s.execute(delete(ProvinceRecord).where(ProvinceRecord.commune_code == m.commune_code))
        else:
            for kind, uids in m.removed.items():
                for i in range(0, len(uids), 500):  # bounded: SQLite allows 32 766 variables (Windows build)
                    s.execute(delete(ProvinceRecord).where(ProvinceRecord.commune_code == m.commune_code,
                                                           ProvinceRecord.uid.in_(uids[i:i + 500])))
            touched = [r["uid"] for rows in checked.records.values() for r in rows]
            for i in range(0, len(touched), 500):
                s.execute(delete(ProvinceRecord).where(ProvinceRecord.commune_code == m.commune_code,
                                                       ProvinceRecord.uid.in_(touched[i:i + 500])))
        rows = [{"commune_code": m.commune_code, "kind": kind, "uid": r["uid"],
                 "payload": dumps(r).decode("utf-8"), "bundle_id": bundle.id, **indexed_fields(kind, r)}
                for kind, recs in checked.records.items() for r in recs]
        for i in range(0, len(rows), 5000):
            s.execute(ProvinceRecord.__table__.insert(), rows[i:i + 5000])
        update_shared_cccd(s, before, set(s.scalars(held)))
    log.info("accepted %s seq %s from %s (%s)", file_name, m.sequence, m.commune_code, digest)
    result = ImportResult("accepted", m.commune_code, m.commune_name, m.sequence, digest, counts, changes,
                          imported_at=now)
    try:
        result.receipt = receipt(paths, m, digest, now, passphrase)
    except KeyProblem as exc:  # the import stands; the receipt can be made again later
        log.warning("receipt not signed: %s", exc.message)
    return result


def refresh_statistics(db: Database) -> None:
    """After a batch of imports: let the query planner see the new size of the tables (the consolidated
    views pick better plans; on PostgreSQL autovacuum would do it only later)."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE province_record")
            conn.exec_driver_sql("ANALYZE province_bundle")
            conn.exec_driver_sql("ANALYZE province_shared_cccd")
        else:
            conn.exec_driver_sql("ANALYZE province_record")
            conn.exec_driver_sql("ANALYZE province_shared_cccd")
        conn.commit()


# --------------------------------------------------------------------------- overview


def stats(db: Database) -> dict[str, dict]:
    require_province(db)
    out: dict[str, dict] = {}
    with db.session() as s:
        last = s.execute(select(ProvinceBundle.commune_code, func.max(ProvinceBundle.sequence))
                         .group_by(ProvinceBundle.commune_code)).all()
        for code, seq in last:
            b = s.scalar(select(ProvinceBundle).where(ProvinceBundle.commune_code == code,
                                                      ProvinceBundle.sequence == seq))
            unit = find_unit(code)
            out[code] = {"commune_name": unit.name if unit else code, "last_sequence": seq,
                         "period": b.period if b else None,
                         "imported_at": b.imported_at.isoformat() if b else None, "counts": {}}
        for code, kind, n in s.execute(select(ProvinceRecord.commune_code, ProvinceRecord.kind, func.count())
                                       .group_by(ProvinceRecord.commune_code, ProvinceRecord.kind)):
            out.setdefault(code, {"commune_name": code, "last_sequence": 0, "counts": {}})["counts"][kind] = n
        live = (KeyRow.status == "active") & (KeyRow.expires_at.is_(None) | (KeyRow.expires_at > utcnow()))
        for code, n in s.execute(select(KeyRow.commune_code, func.count()).where(live)
                                 .group_by(KeyRow.commune_code)):
            unit = find_unit(code)
            out.setdefault(code, {"commune_name": unit.name if unit else code, "last_sequence": 0, "counts": {}})
            out[code]["enrolled"] = True
    return out


def resume_statement(db: Database, paths: Paths, commune_code: str, passphrase: str | None = None) -> bytes:
    """For a commune that lost its data: where its chain stands at the province, signed."""
    with db.session() as s:
        last = s.execute(select(ProvinceBundle.sequence, ProvinceBundle.file_sha256)
                         .where(ProvinceBundle.commune_code == commune_code)
                         .order_by(ProvinceBundle.sequence.desc()).limit(1)).first()
    signer = SigningKey.load(keys_dir(paths), SIGNING_NAME, passphrase)
    body = {"type": "tdkt-resume", "version": 1, "commune_code": commune_code,
            "sequence": last[0] if last else 0, "file_sha256": last[1] if last else None, "made_at": now_iso()}
    return json.dumps({**body, "signature": b64(signer.sign(STATEMENT_TYPE, dumps(body)))},
                      ensure_ascii=False, indent=2).encode("utf-8")
