"""Province side: the province's keys, importing data files (every check before any write, then one
transaction), receipts, and the submission overview. Enrolment of communes' keys: desktop.app.enrolment."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, bindparam, delete, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from desktop import __version__
from desktop.app.contacts import remember as remember_contact
from desktop.bundle import container
from desktop.bundle.container import MANIFEST_TYPE, Manifest, sha256
from desktop.bundle.envelope import decrypt as _decrypt  # the name bench/ times
from desktop.bundle.errors import BundleRefused, KeyProblem
from desktop.bundle.keys import (
    AgeIdentity,
    Protection,
    ProvinceKey,
    SigningKey,
    key_id,
    unb64,
    verify,
)
from desktop.bundle.records_codec import (
    RECORD_KINDS,
    check_correction_references,
    check_record,
    check_references,
    check_uid,
    review_kinds,
)
from desktop.bundle.statements import sign_statement
from desktop.bundle.strictjson import dumps
from desktop.core.units import find_unit
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.shared.text import fold
from desktop.store.db import Database
from desktop.store.models import Workspace, utcnow
from desktop.store.models_bundle import (
    ProvinceBundle,
    ProvinceRecord,
    ProvinceSharedCccd,
)
from desktop.store.models_bundle import (
    ProvinceKey as KeyRow,
)

log = logging.getLogger(__name__)
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


# --------------------------------------------------------------------------- import


NAME_FIELD = {"person": "full_name", "collective": "name", "household": "head_name", "council": "full_name",
              "initiative": "title", "indicator": "name", "proposal_row": "subject_name",
              "decision_row": "subject_name", "document": "title", "proposal": "number_text",
              "decision": "number_text"}


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


def rebuild_shared_cccd(s: Session) -> None:
    """province_shared_cccd made again from all the persons (what refresh_shared_cccd keeps)."""
    r, sh = ProvinceRecord.__table__, ProvinceSharedCccd.__table__
    s.execute(delete(sh))
    s.execute(sh.insert().from_select(
        ["cccd"], select(r.c.cccd).where(r.c.kind == "person", r.c.cccd.is_not(None), r.c.cccd != "")
        .group_by(r.c.cccd).having(func.min(r.c.commune_code) != func.max(r.c.commune_code))))


def signing_key(paths: Paths, passphrase: str | None = None) -> SigningKey:
    """The province's signing key, unlocked (scrypt: open it once per batch, not once per file)."""
    return SigningKey.load(keys_dir(paths), SIGNING_NAME, passphrase)


def identity_protection(paths: Paths) -> str:
    """How the province's keys are protected: "passphrase" (ask the clerk) or "machine"."""
    try:
        meta = json.loads((keys_dir(paths) / IDENTITY_FILE).with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "machine"
    return str(meta.get("protection", "passphrase"))


def receipt(paths: Paths, m: Manifest, digest: str, imported_at: dt.datetime, passphrase: str | None = None,
            signer: SigningKey | None = None) -> bytes:
    return _receipt(signer or signing_key(paths, passphrase), m.commune_code, m.sequence, digest, m.period,
                    imported_at)


def _receipt(signer: SigningKey, code: str, sequence: int, digest: str, period: str,
             imported_at: dt.datetime) -> bytes:
    body = {"type": "tdkt-receipt", "version": 1, "commune_code": code, "sequence": sequence,
            "file_sha256": digest, "status": "accepted", "period": period,
            "imported_at": imported_at.replace(microsecond=0).isoformat() + "Z"}
    return sign_statement(body, signer)


def receipt_document(db: Database, commune_code: str, sequence: int):
    """The printable receipt (PDF) of an accepted file."""
    from desktop.reports.documents import ReceiptDoc
    from desktop.reports.layout import Issuer, Signature

    b = ProvinceBundle.__table__
    with db.engine.connect() as conn:
        row = conn.execute(select(b.c.id, b.c.file_sha256, b.c.period, b.c.imported_at, b.c.manifest)
                           .where(b.c.commune_code == commune_code, b.c.sequence == sequence)).first()
    unit = find_unit(commune_code)
    if row is None:
        raise UserError(f"Sở chưa nhận tệp số {sequence} của {unit.name if unit else commune_code}: không có biên "
                        "nhận để in lại.")
    parts = json.loads(row.manifest).get("parts", [])
    received = (row.imported_at + dt.timedelta(hours=7)).strftime("%H:%M ngày %d/%m/%Y")  # Vietnam time
    issuer = Issuer(body=["SỞ NỘI VỤ"], superior="UBND TỈNH BẮC NINH", place="Bắc Ninh", code="SNV",
                    name=PROVINCE_NAME)
    return ReceiptDoc(issuer=issuer, date=(row.imported_at + dt.timedelta(hours=7)).date(), unit_code=commune_code,
                      unit_name=unit.name if unit else commune_code, sequence=sequence, period=row.period,
                      file_sha256=row.file_sha256, received=received,
                      records=sum(int(p.get("records", 0)) for p in parts if isinstance(p, dict)),
                      signature=Signature("CÁN BỘ TIẾP NHẬN", note="(Ký, ghi rõ họ tên)"))


def reissue_receipt(db: Database, paths: Paths, commune_code: str, sequence: int, passphrase: str | None = None,
                    signer: SigningKey | None = None) -> bytes:
    """The receipt of a file the province accepted, made again (lost, or never written): the same
    statement the import gave, from what the province recorded."""
    require_province(db)
    b = ProvinceBundle.__table__
    with db.engine.connect() as conn:
        row = conn.execute(select(b.c.file_sha256, b.c.period, b.c.imported_at)
                           .where(b.c.commune_code == commune_code, b.c.sequence == sequence)).first()
    if row is None:
        unit = find_unit(commune_code)
        raise UserError(f"Sở chưa nhận tệp số {sequence} của {unit.name if unit else commune_code}: không có biên "
                        "nhận để in lại.")
    return _receipt(signer or signing_key(paths, passphrase), commune_code, sequence, row[0], row[1], row[2])



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
    period: str = ""


# The records of the file being imported wait in a temporary table of the import's own connection:
# checked line by line as the parts inflate, inserted in batches, compared with what the province
# holds in SQL, then copied over in the write transaction. Memory stays flat in the size of the file.
_STAGE_DDL = ("CREATE TEMPORARY TABLE IF NOT EXISTS tdkt_stage (uid VARCHAR(40) PRIMARY KEY, "
              "kind VARCHAR(20) NOT NULL, payload TEXT NOT NULL, name VARCHAR(255), cccd VARCHAR(12), "
              "subject_uid VARCHAR(40), title_code VARCHAR(32), year INTEGER, birth_date VARCHAR(10), "
              "name_fold VARCHAR(255))")
_CCCD_DDL = "CREATE TEMPORARY TABLE IF NOT EXISTS tdkt_cccd (cccd VARCHAR(12) PRIMARY KEY)"
_meta = MetaData()
_stage = Table("tdkt_stage", _meta, Column("uid", String(40)), Column("kind", String(20)), Column("payload", Text),
               Column("name", String(255)), Column("cccd", String(12)), Column("subject_uid", String(40)),
               Column("title_code", String(32)), Column("year", Integer), Column("birth_date", String(10)),
               Column("name_fold", String(255)))
_COPIED = ("kind", "uid", "payload", "name", "cccd", "subject_uid", "title_code", "year", "birth_date", "name_fold")
STAGE_BATCH = 2000
HELD_SHARE = 0.5  # a first file after a key change that removes more than this share of the records is held


def _check_envelope(conn, plaintext: bytes, own_recipient_id: str):
    """Structure, manifest, signer key and signature, part hashes: everything but the records."""
    sections = container.decode_sections(plaintext)
    if sections[0][0] != "manifest" or sections[1][0] != "signature":
        raise BundleRefused("bad_structure", "Gói dữ liệu không đúng cấu trúc (thiếu bản kê hoặc chữ ký).")
    manifest_bytes, signature = sections[0][1], sections[1][1]
    manifest = container.parse_manifest(manifest_bytes, set(RECORD_KINDS), set(review_kinds()))
    if manifest.recipient_key_id != own_recipient_id:
        raise BundleRefused("wrong_recipient", "Bản kê ghi tệp dành cho khóa khác, không phải khóa của Sở Nội vụ.")
    k = KeyRow.__table__
    key = conn.execute(select(k).where(k.c.key_id == manifest.signer_key_id)).first()
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
    for info, (_, stored) in zip(manifest.parts, part_sections):
        if len(stored) != info.size or sha256(stored) != info.sha256:
            raise BundleRefused("tampered", f"Phần “{info.name}” không khớp mã băm trong bản kê: đã bị sửa.")
    return manifest, [(info, stored) for info, (_, stored) in zip(manifest.parts, part_sections)], key


def _stage_records(conn, m: Manifest, parts, data_dir: Path | None = None) -> None:
    """Check every record as its part inflates and put it into tdkt_stage, a batch at a time; then the
    references and the review's acts (desktop.app.province_acts; ``data_dir``: where the catalogs the
    acts cite are kept)."""
    conn.exec_driver_sql(_STAGE_DDL)
    conn.exec_driver_sql("DELETE FROM tdkt_stage")
    removed = {u for uids in m.removed.values() for u in uids}  # bounded: it is in the manifest
    for kind, uids in m.removed.items():  # a correction may only delete the sender's own records
        for n, u in enumerate(uids, 1):
            check_uid(u, m.commune_code, kind, kind, n, "bản ghi cần xóa")
    batch: list[dict] = []
    in_batch: set[str] = set()

    def flush() -> None:
        if not batch:
            return
        uids = [r["uid"] for r in batch]
        clash = conn.execute(select(_stage.c.uid).where(_stage.c.uid.in_(uids)).limit(1)).scalar()
        if clash is not None:
            raise BundleRefused("bad_field", f"Bản ghi {clash} xuất hiện hai lần trong tệp.")
        conn.execute(_stage.insert(), batch)
        batch.clear()
        in_batch.clear()

    for info, stored in parts:
        for line, rec in container.stream_records(info, stored):
            check_record(info.kind, rec, line, m.commune_code)
            uid = rec["uid"]
            if uid in in_batch:
                raise BundleRefused("bad_field", f"Bản ghi {uid} xuất hiện hai lần trong tệp.")
            if uid in removed:
                raise BundleRefused("bad_manifest", f"Bản ghi {uid} vừa nằm trong danh sách xóa vừa có trong tệp.")
            in_batch.add(uid)
            batch.append({"uid": uid, "kind": info.kind, "payload": dumps(rec).decode("utf-8"),
                          **indexed_fields(info.kind, rec)})
            if len(batch) >= STAGE_BATCH:
                flush()
    flush()
    check_references(conn, m.kind)  # a full file holds every record it points at
    if m.kind != "full":  # a correction, on what the province holds: leaves nothing pointing at nothing
        check_correction_references(conn, m.commune_code, m.removed)
    from desktop.app.province_acts import check_acts

    check_acts(conn, m, data_dir)


def _chain(conn, m: Manifest) -> None:
    b = ProvinceBundle.__table__
    last = conn.execute(select(b.c.sequence, b.c.file_sha256).where(b.c.commune_code == m.commune_code)
                        .order_by(b.c.sequence.desc()).limit(1)).first()
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


def _changes(conn, m: Manifest) -> dict[str, dict[str, int]]:
    """What the file adds, removes and changes against what the province holds, counted in SQL."""
    out: dict[str, dict[str, int]] = {k: {"added": 0, "removed": 0, "changed": 0, "same": 0} for k in RECORD_KINDS}
    rows = conn.execute(text(
        "SELECT st.kind, "
        "SUM(CASE WHEN r.uid IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN r.uid IS NOT NULL AND r.payload <> st.payload THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN r.uid IS NOT NULL AND r.payload = st.payload THEN 1 ELSE 0 END) "
        "FROM tdkt_stage st LEFT JOIN province_record r ON r.commune_code = :c AND r.uid = st.uid "
        "GROUP BY st.kind"), {"c": m.commune_code})
    for kind, added, changed, same in rows:
        out.setdefault(kind, {"added": 0, "removed": 0, "changed": 0, "same": 0})
        out[kind].update(added=int(added or 0), changed=int(changed or 0), same=int(same or 0))
    if m.kind == "full":
        gone = conn.execute(text(
            "SELECT r.kind, count(*) FROM province_record r WHERE r.commune_code = :c "
            "AND NOT EXISTS (SELECT 1 FROM tdkt_stage st WHERE st.uid = r.uid) GROUP BY r.kind"),
            {"c": m.commune_code})
        for kind, n in gone:
            out.setdefault(kind, {"added": 0, "removed": 0, "changed": 0, "same": 0})["removed"] = int(n)
    else:
        r = ProvinceRecord.__table__
        for kind, uids in m.removed.items():
            for i in range(0, len(uids), 500):
                out.setdefault(kind, {"added": 0, "removed": 0, "changed": 0, "same": 0})
                out[kind]["removed"] += int(conn.execute(
                    select(func.count()).select_from(r).where(r.c.commune_code == m.commune_code,
                                                              r.c.uid.in_(uids[i:i + 500]))).scalar() or 0)
    return out


def _first_file_of_new_key(conn, key) -> bool:
    """The key replaced another one and no file signed by it has been accepted yet."""
    if not key.replaces_key_id:
        return False
    b = ProvinceBundle.__table__
    return conn.execute(select(b.c.id).where(b.c.signer_key_id == key.key_id).limit(1)).first() is None


def _check_key_change(conn, m: Manifest, key, changes: dict, confirm_held: bool) -> None:
    """After a key change: the first file of a re-enrolled key must carry the province's one-time resume
    token; and any file of a key that replaced another (full or correction, first or later) that would
    remove or rewrite most of what the province holds for the commune waits for the clerk."""
    if not key.replaces_key_id:
        return
    if key.resume_required and _first_file_of_new_key(conn, key) and (
            not key.resume_nonce or m.resume_token != key.resume_nonce):
        raise BundleRefused(
            "resume_required",
            f"Tệp số {m.sequence} là tệp đầu tiên ký bằng khóa mới của {m.commune_name} nhưng không mang mã nối "
            "tiếp do Sở cấp cho khóa này. Sở cần gửi cho xã điểm nối tiếp (lệnh province resume, hoặc nút "
            "“Tạo điểm nối tiếp…”), xã nhập điểm nối tiếp rồi xuất lại tệp.")
    r = ProvinceRecord.__table__
    held = int(conn.execute(select(func.count()).select_from(r).where(r.c.commune_code == m.commune_code))
               .scalar() or 0)
    touched = sum(c["removed"] + c["changed"] for c in changes.values())
    if held and touched > held * HELD_SHARE and not confirm_held:
        raise BundleRefused(
            "held",
            f"Tệp số {m.sequence} được ký bằng khóa mới của {m.commune_name} (sau khi đổi khóa) và sẽ xóa hoặc sửa "
            f"{touched} trong số {held} bản ghi Sở đang giữ. Tệp được giữ lại, chưa nhập: hãy gọi điện cho xã để "
            "xác minh, rồi nhập lại có xác nhận (--confirm-held MÃ_BĂM, hoặc nút “Xác nhận nhập tệp bị giữ…”).")


def _lock_for_write(conn) -> None:
    if conn.dialect.name == "postgresql":
        # one import at a time: the shared-CCCD list below must see the other communes' rows as
        # committed (SQLite's write lock does the same)
        conn.exec_driver_sql("LOCK TABLE province_shared_cccd IN SHARE ROW EXCLUSIVE MODE")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock before reading the chain


def _apply(conn, m: Manifest, digest: str, data: bytes, file_name: str, now: dt.datetime,
           locked: bool = False) -> None:
    """The write transaction: the file's row, the commune's records replaced from tdkt_stage, the list
    of CCCDs shared between communes brought up to date. ``locked``: the caller already holds the
    write lock in an open transaction (a preview of several files, rolled back at the end)."""
    c = m.commune_code
    if not locked:
        _lock_for_write(conn)
    _chain(conn, m)  # again inside the write transaction: another import may have raced us
    conn.exec_driver_sql(_CCCD_DDL)
    conn.exec_driver_sql("DELETE FROM tdkt_cccd")
    if m.kind == "full":
        doomed = "r.commune_code = :c"
    else:
        doomed = "r.commune_code = :c AND r.uid IN (SELECT uid FROM tdkt_stage)"
    # the CCCDs whose shared state may change: held before and not after, or after and not before
    conn.execute(text(
        "INSERT INTO tdkt_cccd (cccd) SELECT DISTINCT r.cccd FROM province_record r WHERE " + doomed +
        " AND r.kind = 'person' AND r.cccd IS NOT NULL AND r.cccd <> '' AND r.cccd NOT IN "
        "(SELECT st.cccd FROM tdkt_stage st WHERE st.kind = 'person' AND st.cccd IS NOT NULL) "
        "UNION SELECT DISTINCT st.cccd FROM tdkt_stage st WHERE st.kind = 'person' AND st.cccd IS NOT NULL "
        "AND st.cccd <> '' AND st.cccd NOT IN (SELECT p.cccd FROM province_record p WHERE p.commune_code = :c "
        "AND p.kind = 'person' AND p.cccd IS NOT NULL)"), {"c": c})
    r = ProvinceRecord.__table__
    for uids in m.removed.values():
        for i in range(0, len(uids), 500):
            conn.execute(text(
                "INSERT INTO tdkt_cccd (cccd) SELECT DISTINCT cccd FROM province_record WHERE commune_code = :c "
                "AND kind = 'person' AND cccd IS NOT NULL AND cccd <> '' AND uid IN :uids "
                "AND cccd NOT IN (SELECT cccd FROM tdkt_cccd)").bindparams(bindparam("uids", expanding=True)),
                {"c": c, "uids": uids[i:i + 500]})
    bid = conn.execute(ProvinceBundle.__table__.insert().values(
        commune_code=c, sequence=m.sequence, file_sha256=digest, previous_hash=m.previous_hash, period=m.period,
        kind=m.kind, signer_key_id=m.signer_key_id, created_at=m.created_at, imported_at=now,
        file_name=file_name[:255], size=len(data), manifest=dumps(m.raw).decode("utf-8"),
        raw=b"" if locked else data)  # a preview's rows are rolled back: no need to write the bytes
    ).inserted_primary_key[0]
    remember_contact(conn, c, m.contact, "file", m.sequence)
    conn.execute(text("DELETE FROM province_record WHERE id IN (SELECT r.id FROM province_record r WHERE "
                      + doomed + ")"), {"c": c})
    for uids in m.removed.values():
        for i in range(0, len(uids), 500):  # bounded: SQLite allows 32 766 variables (Windows build)
            conn.execute(delete(r).where(r.c.commune_code == c, r.c.uid.in_(uids[i:i + 500])))
    cols = ", ".join(_COPIED)
    conn.execute(text(f"INSERT INTO province_record (commune_code, bundle_id, {cols}) "
                      f"SELECT :c, :bid, {cols} FROM tdkt_stage"), {"c": c, "bid": bid})
    conn.exec_driver_sql("DELETE FROM province_shared_cccd WHERE cccd IN (SELECT cccd FROM tdkt_cccd)")
    conn.exec_driver_sql(
        "INSERT INTO province_shared_cccd (cccd) SELECT t.cccd FROM tdkt_cccd t WHERE "
        "(SELECT count(DISTINCT p.commune_code) FROM province_record p WHERE p.kind = 'person' "
        "AND p.cccd = t.cccd) > 1")


def _duplicate(db: Database, digest: str) -> ImportResult | None:
    with db.engine.connect() as conn:
        b = ProvinceBundle.__table__
        done = conn.execute(select(b.c.imported_at, b.c.commune_code, b.c.sequence, b.c.period)
                            .where(b.c.file_sha256 == digest)).first()
    if done is None:
        return None
    unit = find_unit(done[1])
    return ImportResult("duplicate", done[1], unit.name if unit else done[1], done[2], digest, {},
                        imported_at=done[0], period=done[3])


def _drop_stage(conn) -> None:
    with contextlib.suppress(SQLAlchemyError):
        conn.rollback()
        conn.exec_driver_sql("DROP TABLE IF EXISTS tdkt_stage")
        conn.exec_driver_sql("DROP TABLE IF EXISTS tdkt_cccd")
        conn.commit()


DB_ERROR = ("Lỗi cơ sở dữ liệu khi nhập tệp này ({kind}); tệp chưa được nhập, dữ liệu của Sở giữ nguyên và các "
            "tệp khác vẫn được nhập tiếp. Hãy thử nhập lại tệp này; nếu lỗi còn, gửi tệp nhật ký cho cán bộ kỹ thuật.")
BUSY = ("Dữ liệu của Sở đang bận (một chương trình khác đang ghi vào). Tệp này chưa được nhập; hãy đợi một lát "
        "rồi nhập lại.")


def import_file(db: Database, paths: Paths, data: bytes, file_name: str = "", dry_run: bool = False,
                passphrase: str | None = None, identity: AgeIdentity | None = None,
                confirm_held: bool = False, signer: SigningKey | None = None) -> ImportResult:
    """Check everything, then apply in one transaction. Raises BundleRefused, leaving the database as it was.

    A database error while importing this one file refuses the file (code ``db_error`` or ``busy``),
    so a batch goes on with the next one; the log gets the error's type, never the records' values."""
    require_province(db)
    if len(data) > container.MAX_FILE:
        raise BundleRefused("too_large", f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB, tối đa "
                                         f"{container.MAX_FILE // (1024 * 1024)} MB).")
    digest = sha256(data)
    done = _duplicate(db, digest)
    if done is not None:
        return _with_receipt(paths, done, passphrase, signer, dry_run)
    identity = identity or AgeIdentity.load(keys_dir(paths) / IDENTITY_FILE, passphrase)
    plaintext = _decrypt(data, identity)
    own_recipient = key_id(identity.recipient)
    now = utcnow()
    try:
        with db.engine.connect() as conn:
            try:
                m, parts, key = _check_envelope(conn, plaintext, own_recipient)
                _stage_records(conn, m, parts, paths.data_dir)
                conn.commit()
                _chain(conn, m)
                changes = _changes(conn, m)
                _check_key_change(conn, m, key, changes, confirm_held)
                conn.commit()
                counts = {p.kind: 0 for p in m.parts}
                for p in m.parts:
                    counts[p.kind] += p.records
                if dry_run:
                    return ImportResult("preview", m.commune_code, m.commune_name, m.sequence, digest, counts,
                                        changes, period=m.period)
                try:
                    _apply(conn, m, digest, data, file_name, now)
                    conn.commit()
                except (IntegrityError, BundleRefused) as exc:
                    conn.rollback()
                    # the same file, imported at the same moment by another clerk or window: it is in
                    done = _duplicate(db, digest)
                    if done is not None:
                        return _with_receipt(paths, done, passphrase, signer, dry_run)
                    if isinstance(exc, IntegrityError):
                        _chain(conn, m)  # a rival file of the same number gives the fork message
                    raise
            finally:
                _drop_stage(conn)
    except SQLAlchemyError as exc:
        raise _database_refusal(db, exc, file_name) from None
    log.info("accepted %s seq %s from %s (%s)", file_name, m.sequence, m.commune_code, digest)
    result = ImportResult("accepted", m.commune_code, m.commune_name, m.sequence, digest, counts, changes,
                          imported_at=now, period=m.period)
    try:
        result.receipt = receipt(paths, m, digest, now, passphrase, signer)
    except KeyProblem as exc:  # the import stands; the receipt can be made again later
        log.warning("receipt not signed: %s", exc.message)
    return result


def _is_disk_full(exc: BaseException) -> bool:
    """SQLITE_FULL ("database or disk is full") or PostgreSQL's disk_full (SQLSTATE 53100)."""
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) == "53100":
        return True
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == 13:  # SQLITE_FULL and its extended codes
        return True
    text = str(orig).lower()
    return "disk is full" in text or "no space left" in text


def database_place(db: Database) -> str:
    """Where the province's data lives, for a message (a folder, or the server's host, never a password)."""
    if db.path is not None:
        return f"thư mục {db.path.parent}"
    return f"máy chủ cơ sở dữ liệu {db.engine.url.host or 'localhost'}"


DISK_FULL = ("Ổ đĩa chứa dữ liệu của Sở ({place}) đã đầy: tệp này chưa được nhập, dữ liệu của Sở giữ nguyên như "
             "trước tệp này. Hãy giải phóng chỗ trống trên ổ đĩa đó (hoặc nhờ cán bộ kỹ thuật) rồi nhập lại các "
             "tệp chưa nhập.")


def _database_refusal(db: Database, exc: SQLAlchemyError, file_name: str) -> BundleRefused:
    """A database error while importing one file, as the refusal of that file (the batch goes on, or
    stops when the disk is full); the log gets the error's type, never the records' values."""
    orig = getattr(exc, "orig", None) or exc
    kind = type(orig).__name__
    if _is_disk_full(exc):
        log.error("import of %s refused: disk full (%s)", file_name, kind)
        return BundleRefused("disk_full", DISK_FULL.format(place=database_place(db)))
    if isinstance(exc, OperationalError) and ("locked" in str(orig).lower() or "busy" in str(orig).lower()):
        log.warning("import of %s refused: database busy", file_name)
        return BundleRefused("busy", BUSY)
    log.error("import of %s refused: database error %s", file_name, kind)
    return BundleRefused("db_error", DB_ERROR.format(kind=kind))


def preview_series(db: Database, paths: Paths, files: list[tuple[bytes, str, bool]],
                   identity: AgeIdentity) -> list[ImportResult | BundleRefused]:
    """The dry run of several files of one commune, in the order given (their sequence order): each is
    judged against the database plus the files before it, which are applied for that inside one
    transaction rolled back at the end — so a correction that follows its file 1 in the same batch is
    not a gap, and its changes are counted against file 1's records. ``files``: (bytes, file name,
    held file confirmed). Nothing is kept; the write lock is held while the series is checked."""
    require_province(db)
    own_recipient = key_id(identity.recipient)
    out: list[ImportResult | BundleRefused] = []
    now = utcnow()
    try:
        with db.engine.connect() as conn:
            try:
                _lock_for_write(conn)
                for data, file_name, confirm_held in files:
                    conn.exec_driver_sql("SAVEPOINT tdkt_file")
                    try:
                        out.append(_preview_in_series(conn, data, file_name, identity, own_recipient,
                                                      confirm_held, now, paths.data_dir))
                        conn.exec_driver_sql("RELEASE SAVEPOINT tdkt_file")
                    except BundleRefused as exc:
                        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT tdkt_file")
                        conn.exec_driver_sql("RELEASE SAVEPOINT tdkt_file")
                        out.append(exc)
            finally:
                _drop_stage(conn)  # rolls back every file of the series
    except SQLAlchemyError as exc:
        refusal = _database_refusal(db, exc, files[len(out)][1] if len(out) < len(files) else "")
        out += [refusal] * (len(files) - len(out))
    return out


def _preview_in_series(conn, data: bytes, file_name: str, identity: AgeIdentity, own_recipient: str,
                       confirm_held: bool, now: dt.datetime, data_dir: Path | None = None) -> ImportResult:
    if len(data) > container.MAX_FILE:
        raise BundleRefused("too_large", f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB, tối đa "
                                         f"{container.MAX_FILE // (1024 * 1024)} MB).")
    digest = sha256(data)
    b = ProvinceBundle.__table__
    done = conn.execute(select(b.c.imported_at, b.c.commune_code, b.c.sequence, b.c.period)
                        .where(b.c.file_sha256 == digest)).first()
    if done is not None:  # in the database before the series (the same file twice was set aside earlier)
        unit = find_unit(done[1])
        return ImportResult("duplicate", done[1], unit.name if unit else done[1], done[2], digest, {},
                            imported_at=done[0], period=done[3])
    m, parts, key = _check_envelope(conn, _decrypt(data, identity), own_recipient)
    _stage_records(conn, m, parts, data_dir)
    _chain(conn, m)
    changes = _changes(conn, m)
    _check_key_change(conn, m, key, changes, confirm_held)
    counts = {p.kind: 0 for p in m.parts}
    for p in m.parts:
        counts[p.kind] += p.records
    _apply(conn, m, digest, data, file_name, now, locked=True)  # for the files after it
    return ImportResult("preview", m.commune_code, m.commune_name, m.sequence, digest, counts, changes,
                        period=m.period)


def _with_receipt(paths: Paths, done: ImportResult, passphrase: str | None, signer: SigningKey | None,
                  dry_run: bool) -> ImportResult:
    """A file already imported: its receipt is made again (the first may have been lost)."""
    if dry_run or done.imported_at is None:
        return done
    try:
        done.receipt = _receipt(signer or signing_key(paths, passphrase), done.commune_code, done.sequence,
                                done.file_sha256, done.period, done.imported_at)
    except KeyProblem as exc:
        log.warning("receipt not signed: %s", exc.message)
    return done


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


# The enrolment side (enrol, preview_enrolment, revoke, key_history, resume_statement, …) lives in
# desktop.app.enrolment; these names stay reachable here for the callers that know them as the
# province's. Resolved lazily: enrolment imports this module.
_ENROLMENT = ("EnrolResult", "ActiveKey", "EnrolPreview", "OFFICER_LIMIT", "preview_enrolment", "enrol", "revoke",
              "KeyEvent", "key_history", "resume_statement")


def __getattr__(name: str):
    if name in _ENROLMENT:
        from desktop.app import enrolment

        return getattr(enrolment, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
