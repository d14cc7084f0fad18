"""Keys: the commune's Ed25519 signing key, the province's age (X25519) recipient and Ed25519 signing
key. Private keys never sit in plain text: the commune key is passphrase-protected PKCS#8, the
province's age identity is an age passphrase-encrypted file (the standard ``age -p`` format).

The passphrase is the officer's (GUI) or DESKTOP_PASSPHRASE (headless). Where neither is given, a
random per-user secret kept outside the data folder (the user's configuration folder) is used, so a
copied data folder or backup alone never yields a usable key.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop import APP_AUTHOR, APP_NAME
from desktop.bundle.errors import KeyProblem
from desktop.bundle.strictjson import StrictJSONError, dumps, loads

PASSPHRASE_ENV = "DESKTOP_PASSPHRASE"
MACHINE_SECRET_ENV = "DESKTOP_MACHINE_SECRET_DIR"  # tests and support point this elsewhere


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, expected_len: int | None = None) -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise ValueError("base64") from None
    if expected_len is not None and len(raw) != expected_len:
        raise ValueError("length")
    return raw


def key_id(public: bytes | str) -> str:
    raw = public.encode("ascii") if isinstance(public, str) else public
    return hashlib.sha256(raw).hexdigest()[:32]


def fingerprint(public: bytes | str) -> str:
    """What officers read to each other over the phone: 6 groups of 4 hex digits."""
    raw = public.encode("ascii") if isinstance(public, str) else public
    digest = hashlib.sha256(raw).hexdigest().upper()[:24]
    return "-".join(digest[i:i + 4] for i in range(0, 24, 4))


def pae(payload_type: str, body: bytes) -> bytes:
    """DSSE pre-authentication encoding: what is signed binds the payload type to the body."""
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------- passphrases


def machine_secret_dir() -> Path:
    override = os.environ.get(MACHINE_SECRET_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def machine_secret() -> bytes:
    folder = machine_secret_dir()
    path = folder / "machine-secret"
    if path.exists():
        return path.read_bytes().strip()
    folder.mkdir(parents=True, exist_ok=True)
    secret = b64(secrets.token_bytes(32)).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secret)
    return secret


@dataclass(frozen=True)
class Protection:
    """How a private key file is protected: by the officer's passphrase, or the per-user secret."""

    kind: str               # "passphrase" | "machine"
    secret: bytes

    @classmethod
    def for_new_key(cls, passphrase: str | None = None) -> "Protection":
        phrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
        if phrase:
            return cls("passphrase", phrase.encode("utf-8"))
        return cls("machine", machine_secret())

    @classmethod
    def for_existing(cls, kind: str, passphrase: str | None = None) -> "Protection":
        if kind == "machine":
            return cls("machine", machine_secret())
        phrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
        if not phrase:
            raise KeyProblem(
                "Khóa ký được bảo vệ bằng mật khẩu. Hãy nhập mật khẩu (khi chạy bằng lệnh: đặt biến môi "
                f"trường {PASSPHRASE_ENV})."
            )
        return cls("passphrase", phrase.encode("utf-8"))


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# --------------------------------------------------------------------------- signing keys


@dataclass
class SigningKey:
    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> "SigningKey":
        return cls(Ed25519PrivateKey.generate())

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return key_id(self.public_raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_raw)

    def sign(self, payload_type: str, body: bytes) -> bytes:
        return self.private.sign(pae(payload_type, body))

    def save(self, folder: Path, name: str, protection: Protection) -> None:
        pem = self.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(protection.secret))
        _write_private(folder / f"{name}.pem", pem)
        meta = {"public_key": b64(self.public_raw), "key_id": self.key_id, "fingerprint": self.fingerprint,
                "protection": protection.kind, "created_at": now_iso()}
        _write_private(folder / f"{name}.json", json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))

    @classmethod
    def load(cls, folder: Path, name: str, passphrase: str | None = None) -> "SigningKey":
        meta = read_key_meta(folder, name)
        protection = Protection.for_existing(meta["protection"], passphrase)
        try:
            pem = (folder / f"{name}.pem").read_bytes()
        except OSError as exc:
            raise KeyProblem(f"Không đọc được tệp khóa {folder / (name + '.pem')}: {exc.strerror}.") from exc
        try:
            key = serialization.load_pem_private_key(pem, password=protection.secret)
        except (ValueError, TypeError):
            raise KeyProblem("Mật khẩu khóa không đúng, hoặc tệp khóa đã bị hỏng.") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyProblem("Tệp khóa không phải khóa ký Ed25519.")
        return cls(key)


def read_key_meta(folder: Path, name: str) -> dict:
    path = folder / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyProblem(f"Chưa có khóa ({path}). Hãy khởi tạo dữ liệu trước.") from None
    except (OSError, ValueError) as exc:
        raise KeyProblem(f"Tệp thông tin khóa {path} bị hỏng: {exc}.") from exc


def verify(public_raw: bytes, payload_type: str, body: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, pae(payload_type, body))
        return True
    except (InvalidSignature, ValueError):
        return False


# --------------------------------------------------------------------------- age recipient (province)


@dataclass
class AgeIdentity:
    identity: object  # pyrage.x25519.Identity

    @classmethod
    def generate(cls) -> "AgeIdentity":
        from pyrage import x25519

        return cls(x25519.Identity.generate())

    @property
    def recipient(self) -> str:
        return str(self.identity.to_public())  # type: ignore[attr-defined]

    def save(self, path: Path, protection: Protection) -> None:
        from pyrage import passphrase as age_passphrase

        blob = age_passphrase.encrypt(str(self.identity).encode("ascii"), protection.secret.decode("utf-8"))
        _write_private(path, blob)
        _write_private(path.with_suffix(".json"), json.dumps(
            {"recipient": self.recipient, "protection": protection.kind}, indent=2).encode("utf-8"))

    @classmethod
    def load(cls, path: Path, passphrase: str | None = None) -> "AgeIdentity":
        from pyrage import DecryptError, x25519
        from pyrage import passphrase as age_passphrase

        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            blob = path.read_bytes()
        except (OSError, ValueError) as exc:
            raise KeyProblem(f"Không đọc được khóa giải mã của Sở ({path}): {exc}.") from exc
        protection = Protection.for_existing(meta.get("protection", "passphrase"), passphrase)
        try:
            text = age_passphrase.decrypt(blob, protection.secret.decode("utf-8")).decode("ascii")
        except DecryptError:
            raise KeyProblem("Mật khẩu khóa giải mã của Sở không đúng, hoặc tệp khóa bị hỏng.") from None
        return cls(x25519.Identity.from_str(text.strip()))


# --------------------------------------------------------------------------- province public key file

PROVINCE_KEY_TYPE = "application/vnd.bacninh.thidua.province-key+json"


@dataclass(frozen=True)
class ProvinceKey:
    """What communes install: the province's age recipient (to encrypt to) and signing key (to check
    receipts)."""

    name: str
    age_recipient: str
    signing_public: bytes

    @property
    def recipient_key_id(self) -> str:
        return key_id(self.age_recipient)

    @property
    def signing_key_id(self) -> str:
        return key_id(self.signing_public)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_recipient.encode("ascii") + self.signing_public)

    def body(self) -> dict:
        return {"type": "tdkt-province-key", "version": 1, "province_code": "24", "name": self.name,
                "age_recipient": self.age_recipient, "signing_public_key": b64(self.signing_public),
                "recipient_key_id": self.recipient_key_id, "signing_key_id": self.signing_key_id,
                "fingerprint": self.fingerprint}

    def to_file(self, signer: SigningKey) -> bytes:
        body = self.body()
        sig = signer.sign(PROVINCE_KEY_TYPE, dumps(body))
        return json.dumps({**body, "signature": b64(sig)}, ensure_ascii=False, indent=2).encode("utf-8")

    @classmethod
    def from_file(cls, data: bytes) -> "ProvinceKey":
        bad = KeyProblem("Tệp khóa công khai của Sở Nội vụ không hợp lệ hoặc đã bị sửa. "
                         "Hãy xin lại tệp khóa (đuôi .json) từ Sở Nội vụ.")
        try:
            doc = loads(data, max_bytes=64 * 1024)
            if not isinstance(doc, dict) or doc.get("type") != "tdkt-province-key" or doc.get("version") != 1:
                raise bad
            sig = unb64(doc.pop("signature"), 64)
            pk = cls(name=str(doc["name"])[:200], age_recipient=str(doc["age_recipient"]),
                     signing_public=unb64(doc["signing_public_key"], 32))
        except (StrictJSONError, KeyError, ValueError, TypeError, AttributeError):
            raise bad from None
        if not pk.age_recipient.startswith("age1") or len(pk.age_recipient) > 100:
            raise bad
        if pk.body() != doc or not verify(pk.signing_public, PROVINCE_KEY_TYPE, dumps(pk.body()), sig):
            raise bad
        try:
            from pyrage import x25519

            x25519.Recipient.from_str(pk.age_recipient)
        except Exception:  # pyrage raises its own error types for a malformed recipient
            raise bad from None
        return pk
