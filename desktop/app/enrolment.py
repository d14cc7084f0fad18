"""Enrolling communes' keys at the province: what the clerk is shown before registering (only what the
province derives or verifies), registering, replacing a key in use (a step of its own), revoking,
each commune's key history, and the signed resume point a re-enrolled key's first file must carry."""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.app.contacts import remember
from desktop.app.province import require_province, signing_key
from desktop.bundle import container
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import b64, fingerprint, key_id, now_iso, unb64, verify
from desktop.bundle.statements import parse_enrol_request, sign_statement
from desktop.bundle.strictjson import dumps
from desktop.core.units import Unit, find_unit
from desktop.shared.contacts import parse_contact
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.shared.text import one_line
from desktop.store.db import Database
from desktop.store.models import utcnow
from desktop.store.models_bundle import ProvinceBundle
from desktop.store.models_bundle import ProvinceKey as KeyRow


@dataclass
class EnrolResult:
    commune_code: str
    commune_name: str
    fingerprint: str
    key_id: str
    action: str  # new | rotation | re-enrolment | already
    revoked: list[str] = field(default_factory=list)  # fingerprints of the keys this one replaced


@dataclass(frozen=True)
class ActiveKey:
    """A commune's key in use, as the clerk must see it before replacing it."""

    key_id: str
    fingerprint: str
    enrolled_at: dt.datetime
    last_sequence: int  # the last file the province accepted from this commune (0: none)

    def describe(self) -> str:
        last = f"tệp cuối Sở đã nhận: số {self.last_sequence}" if self.last_sequence else "chưa nhận tệp nào"
        return f"khóa {self.fingerprint}, đăng ký ngày {self.enrolled_at:%d/%m/%Y}, {last}"


@dataclass(frozen=True)
class EnrolPreview:
    """What the province shows before registering a key: only what it derives or verifies itself."""

    commune_code: str
    unit_name: str        # the official name for the code (vietnam-provinces), never the request's text
    officer: str          # one printable line, bounded
    fingerprint: str      # computed from the public key in the request
    rotation: bool        # signed by the commune's current key as well
    active: tuple[ActiveKey, ...]  # keys the registration would revoke
    revoked_before: ActiveKey | None = None  # no key in use, but this one was (revoked or expired)

    def history_note(self) -> str:
        """For a commune whose earlier key was revoked: the new key is a re-enrolment."""
        if self.revoked_before is None:
            return ""
        return (f"{self.unit_name} đã từng có khóa ({self.revoked_before.describe()}), nay đã thu hồi. Khóa mới "
                "được đăng ký như đăng ký lại: tệp đầu tiên ký bằng khóa mới chỉ được nhận khi mang mã nối tiếp "
                "do Sở cấp.")

    @property
    def replaces(self) -> bool:
        return bool(self.active)

    def replace_warning(self) -> str:
        keys = "; ".join(a.describe() for a in self.active)
        how = ("Yêu cầu này là yêu cầu ĐỔI KHÓA, có chữ ký của khóa cũ." if self.rotation else
               "Yêu cầu này KHÔNG có chữ ký của khóa đang dùng (xã báo mất khóa). Chỉ đăng ký khi đã gọi điện "
               "xác minh với lãnh đạo xã.")
        after = ("" if self.rotation else
                 " Tệp đầu tiên ký bằng khóa mới chỉ được nhận khi mang mã nối tiếp do Sở cấp.")
        return f"{self.unit_name} đang có khóa còn hiệu lực. Đăng ký khóa mới sẽ THU HỒI {keys}. {how}{after}"


def _checked_request(data: bytes) -> tuple[dict, Unit]:
    doc = parse_enrol_request(data)
    code = doc["commune_code"]
    unit = find_unit(code) if container.COMMUNE.fullmatch(code) else None
    if unit is None:
        raise BundleRefused("bad_enrolment", f"Mã đơn vị {one_line(code, 12)} không có trong danh sách 99 xã, "
                                             "phường của tỉnh.")
    claimed = doc.get("commune_name")
    if not isinstance(claimed, str) or unicodedata.normalize("NFC", claimed) != unit.name:
        raise BundleRefused("bad_enrolment",
                            f"Tệp đăng ký ghi tên đơn vị “{one_line(claimed, 60)}” không đúng với tên chính thức của "
                            f"mã {code} ({unit.name}). Không đăng ký; hãy đề nghị xã tạo lại tệp bằng phần mềm.")
    try:
        doc["_contact"] = parse_contact(doc.get("contact"))
    except ValueError as exc:
        raise BundleRefused("bad_enrolment", f"Thông tin liên hệ trong tệp đăng ký không hợp lệ: {exc}. Không đăng "
                                             "ký; hãy đề nghị xã sửa lại trong Cài đặt rồi tạo lại tệp.") from None
    return doc, unit


def _active_keys(s: Session, code: str) -> list[KeyRow]:
    return list(s.scalars(select(KeyRow).where(KeyRow.commune_code == code, KeyRow.status == "active")
                          .order_by(KeyRow.id)))


def _last_sequence(s: Session, code: str) -> int:
    return int(s.scalar(select(func.max(ProvinceBundle.sequence)).where(ProvinceBundle.commune_code == code)) or 0)


def preview_enrolment(db: Database, data: bytes) -> EnrolPreview:
    require_province(db)
    doc, unit = _checked_request(data)
    with db.session() as s:
        last = _last_sequence(s, unit.code)
        kid = key_id(doc["_public"])
        active = tuple(ActiveKey(k.key_id, k.fingerprint, k.enrolled_at, last)
                       for k in _active_keys(s, unit.code) if k.key_id != kid)
        earlier = s.scalar(select(KeyRow).where(KeyRow.commune_code == unit.code, KeyRow.key_id != kid)
                           .order_by(KeyRow.id.desc()).limit(1))
        before = (ActiveKey(earlier.key_id, earlier.fingerprint, earlier.enrolled_at, last)
                  if earlier is not None and not active else None)
    return EnrolPreview(unit.code, unit.name, one_line(doc.get("officer", ""), OFFICER_LIMIT),
                        fingerprint(doc["_public"]), bool(doc.get("rotation_from")), active, before)


OFFICER_LIMIT = 60


def enrol(db: Database, data: bytes, expires_at: dt.datetime | None = None,
          replace_active: bool = False) -> EnrolResult:
    """Register a commune's key. The caller has shown the fingerprint and had it confirmed by phone.

    When the commune already has a key in use, registering another revokes it: that is refused unless
    the caller asked for it in its own step (``replace_active``), after showing which key it revokes."""
    require_province(db)
    doc, unit = _checked_request(data)
    code = unit.code
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
        active = _active_keys(s, code)
        earlier = s.scalar(select(KeyRow).where(KeyRow.commune_code == code).order_by(KeyRow.id.desc()).limit(1))
        action = "new"
        if doc.get("rotation_from"):
            old = next((k for k in active if k.key_id == doc["rotation_from"]), None)
            if old is None or doc["_old_signature"] is None or not verify(
                    unb64(old.public_key, 32), "application/vnd.bacninh.thidua.enrol+json",
                    dumps({k: v for k, v in doc.items() if not k.startswith("_")}), doc["_old_signature"]):
                raise BundleRefused("bad_enrolment",
                                    "Yêu cầu đổi khóa không có chữ ký hợp lệ của khóa cũ đang dùng. Không đăng ký.")
            if old.expires_at is not None and old.expires_at < utcnow():
                raise BundleRefused("expired_key", "Khóa cũ ký yêu cầu đổi khóa đã hết hạn: không dùng được để đổi "
                                                   "khóa. Xã cần đăng ký lại (Sở xác minh qua điện thoại).")
            action = "rotation"
        elif active or earlier is not None or _last_sequence(s, code):
            # lost key (or one the province revoked): a key the old one did not sign; the chain continues
            action = "re-enrolment"
        if active and not replace_active:
            last = _last_sequence(s, code)
            keys = "; ".join(ActiveKey(k.key_id, k.fingerprint, k.enrolled_at, last).describe() for k in active)
            raise BundleRefused(
                "replace_needs_confirmation",
                f"{unit.name} đang có khóa còn hiệu lực ({keys}). Đăng ký khóa mới sẽ thu hồi khóa đó. Đây là "
                "bước riêng cần xác nhận rõ: khi chạy bằng lệnh, thêm --replace-active-key; trong cửa sổ, chọn "
                "“Thu hồi khóa cũ và đăng ký”.")
        now = utcnow()
        for k in active:
            k.status = "revoked"
            k.revoked_at = now
            k.revoke_reason = ("Đổi khóa: thay bằng khóa " if action == "rotation"
                               else "Đăng ký lại (mất khóa): thay bằng khóa ") + fingerprint(public)
            k.note = k.revoke_reason
        s.add(KeyRow(commune_code=code, key_id=kid, public_key=b64(public), fingerprint=fingerprint(public),
                     status="active", officer=one_line(doc.get("officer", ""), OFFICER_LIMIT), expires_at=expires_at,
                     replaces_key_id=(active[-1] if active else earlier).key_id if (active or earlier) else None,
                     # a re-enrolment is not signed by the key it replaces: its first file must carry
                     # the token of the province's resume statement (a rotation carries the old key's word)
                     resume_nonce=secrets.token_hex(32) if action == "re-enrolment" else None,
                     resume_required=action == "re-enrolment"))
        remember(s, code, doc["_contact"], "enrolment", officer=one_line(doc.get("officer", ""), OFFICER_LIMIT))
    return EnrolResult(code, unit.name, fingerprint(public), kid, action, [k.fingerprint for k in active])


def revoke(db: Database, commune_code: str, reason: str = "") -> int:
    """Revoke the commune's keys in use (a stolen PC, an officer who left): files they sign are refused."""
    require_province(db)
    reason = one_line(reason, 200)
    with db.session() as s, s.begin():
        keys = _active_keys(s, commune_code)
        for k in keys:
            k.status = "revoked"
            k.revoked_at = utcnow()
            k.revoke_reason = reason or "Thu hồi theo yêu cầu"
            k.note = k.revoke_reason
        return len(keys)


@dataclass(frozen=True)
class KeyEvent:
    fingerprint: str
    key_id: str
    status: str
    officer: str
    enrolled_at: dt.datetime
    revoked_at: dt.datetime | None
    reason: str
    replaces: str | None
    files: int

    def as_json(self) -> dict:
        return {"fingerprint": self.fingerprint, "key_id": self.key_id, "status": self.status,
                "officer": self.officer, "enrolled_at": self.enrolled_at.isoformat(),
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
                "reason": self.reason, "replaces_key_id": self.replaces, "files": self.files}


def key_history(db: Database, commune_code: str) -> list[KeyEvent]:
    """Every key the commune ever had at the province, oldest first, with the files each signed."""
    require_province(db)
    with db.session() as s:
        files = dict(s.execute(select(ProvinceBundle.signer_key_id, func.count())
                               .where(ProvinceBundle.commune_code == commune_code)
                               .group_by(ProvinceBundle.signer_key_id)).all())
        return [KeyEvent(k.fingerprint, k.key_id, k.status, k.officer, k.enrolled_at, k.revoked_at,
                         k.revoke_reason or "", k.replaces_key_id, int(files.get(k.key_id, 0)))
                for k in s.scalars(select(KeyRow).where(KeyRow.commune_code == commune_code).order_by(KeyRow.id))]


def resume_statement(db: Database, paths: Paths, commune_code: str, passphrase: str | None = None) -> bytes:
    """Where the commune's chain stands at the province, signed, for the commune's key in use: after a
    key change (its first file must carry the statement's nonce) or for a commune that lost its data.

    Bound to that key and to a nonce, so it cannot be replayed to another key, and dated, so the
    commune refuses one older than the last it applied."""
    require_province(db)
    with db.session() as s, s.begin():
        active = _active_keys(s, commune_code)
        if not active:
            unit = find_unit(commune_code)
            raise UserError(f"{unit.name if unit else commune_code} chưa có khóa đang dùng: hãy đăng ký khóa của "
                            "xã trước, rồi tạo điểm nối tiếp cho khóa đó.")
        key = active[-1]
        if not key.resume_nonce:
            key.resume_nonce = secrets.token_hex(32)
        last = s.execute(select(ProvinceBundle.sequence, ProvinceBundle.file_sha256)
                         .where(ProvinceBundle.commune_code == commune_code)
                         .order_by(ProvinceBundle.sequence.desc()).limit(1)).first()
        body = {"type": "tdkt-resume", "version": 2, "commune_code": commune_code, "key_id": key.key_id,
                "nonce": key.resume_nonce, "sequence": last[0] if last else 0,
                "file_sha256": last[1] if last else None, "made_at": now_iso()}
    signer = signing_key(paths, passphrase)
    return sign_statement(body, signer)
