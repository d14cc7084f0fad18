"""Keys: the commune's Ed25519 signing key, the province's age (X25519) recipient and Ed25519 signing
key. Private keys never sit in plain text: a signing key is sealed in a small JSON envelope (scrypt,
then ChaCha20-Poly1305; docs/bundle-format.md §5), the province's age identity is an age
passphrase-encrypted file (the standard ``age -p`` format, whose scrypt is age's own).

The passphrase is the officer's (GUI) or DESKTOP_PASSPHRASE (headless). Where neither is given, a
random per-user secret kept outside the data folder (the user's configuration folder) is used, so a
copied data folder or backup alone never yields a usable key.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop import APP_AUTHOR, APP_NAME
from desktop.bundle.errors import KeyProblem
from desktop.bundle.strictjson import StrictJSONError, dumps, loads
from desktop.shared.fsio import write_atomic
from desktop.shared.text import one_line

PASSPHRASE_ENV = "DESKTOP_PASSPHRASE"
MACHINE_SECRET_ENV = "DESKTOP_MACHINE_SECRET_DIR"  # tests and support point this elsewhere
MIN_PASSPHRASE_LENGTH = 10  # characters (after NFC), for new keys only; existing keys load as they are

# The private key envelope (<name>.key). SCRYPT_N/R/P are the cost of NEW keys (tests lower SCRYPT_N);
# a key file states its own parameters, which load() accepts only between the floor and the ceiling:
# below the floor a stolen file is cheap to attack, above the ceiling a hostile file could exhaust
# the machine's memory (scrypt needs 128·n·r bytes) or time.
KEY_FILE_TYPE = "tdkt-private-key"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SCRYPT_MIN_N, SCRYPT_MIN_R = 2**14, 8
SCRYPT_MAX_N, SCRYPT_MAX_R, SCRYPT_MAX_P = 2**18, 16, 4
SCRYPT_MAX_MEMORY = 256 * 1024 * 1024  # 128·n·r bytes: twice what the default needs
SCRYPT_MAX_WORK = 2**22  # n·r·p: four times the default, a few seconds at most
SALT_LEN, NONCE_LEN, KEY_LEN = 16, 12, 32
KEY_SUFFIX, LEGACY_SUFFIX = ".key", ".pem"  # the envelope; PKCS#8 PEM of versions before it


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
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


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
    def for_new_key(cls, passphrase: str | None = None) -> Protection:
        """Refuses a passphrase shorter than MIN_PASSPHRASE_LENGTH (KeyProblem): call it before writing
        anything that a refusal would leave half done."""
        phrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
        if phrase:
            problem = new_passphrase_problem(phrase)
            if problem:
                raise KeyProblem(problem)
            return cls("passphrase", phrase.encode("utf-8"))
        return cls("machine", machine_secret())

    @classmethod
    def for_existing(cls, kind: str, passphrase: str | None = None) -> Protection:
        if kind == "machine":
            return cls("machine", machine_secret())
        phrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
        if not phrase:
            raise KeyProblem(
                "Khóa ký được bảo vệ bằng mật khẩu. Hãy nhập mật khẩu (khi chạy bằng lệnh: đặt biến môi "
                f"trường {PASSPHRASE_ENV})."
            )
        return cls("passphrase", phrase.encode("utf-8"))


def new_passphrase_problem(phrase: str) -> str | None:
    """Why ``phrase`` may not protect a new key (None if it may). An empty one means "no passphrase"
    (the per-user secret) and is not judged here."""
    if phrase and len(unicodedata.normalize("NFC", phrase)) < MIN_PASSPHRASE_LENGTH:
        return (f"Mật khẩu bảo vệ khóa ký phải có ít nhất {MIN_PASSPHRASE_LENGTH} ký tự (mật khẩu vừa nhập có "
                f"{len(unicodedata.normalize('NFC', phrase))} ký tự): ai lấy được tệp khóa có thể thử hết các "
                "mật khẩu ngắn trong ít phút. Nên dùng một câu dễ nhớ, ví dụ “thi đua xã tôi năm 2025”; "
                "hoặc để trống để phần mềm tự bảo vệ khóa bằng bí mật riêng của tài khoản máy này.")
    return None


def _write_private(path: Path, data: bytes) -> None:
    write_atomic(path, data, private=True, shared_temporary=True)


# --------------------------------------------------------------------------- the private key envelope


def _kdf_secret(secret: bytes) -> bytes:
    """The passphrase in NFC: Vietnamese keyboards type the same letters composed or decomposed."""
    try:
        return unicodedata.normalize("NFC", secret.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return secret


def _envelope_key(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_LEN, n=n, r=r, p=p).derive(_kdf_secret(secret))


def seal_private_key(raw: bytes, public_raw: bytes, secret: bytes) -> bytes:
    """The JSON envelope of a raw 32-byte Ed25519 private key (docs/bundle-format.md §5)."""
    salt, nonce = secrets.token_bytes(SALT_LEN), secrets.token_bytes(NONCE_LEN)
    header = {"type": KEY_FILE_TYPE, "version": 1, "algorithm": "Ed25519", "key_id": key_id(public_raw),
              "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": b64(salt)},
              "cipher": "ChaCha20-Poly1305", "nonce": b64(nonce)}
    sealed = ChaCha20Poly1305(_envelope_key(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, raw, dumps(header))
    return json.dumps({**header, "ciphertext": b64(sealed)}, indent=2).encode("utf-8")


def _int_param(kdf: dict, name: str) -> int:
    value = kdf.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(name)
    return value


def open_private_key(data: bytes, secret: bytes, path: Path) -> tuple[bytes, str]:
    """(raw private key, key_id in the header) from an envelope; KeyProblem if it cannot be opened."""
    damaged = KeyProblem(f"Tệp khóa {path} bị hỏng hoặc không đúng định dạng. Hãy khôi phục thư mục khóa từ bản "
                         "sao lưu, hoặc tạo khóa mới và đăng ký lại với Sở Nội vụ.")
    try:
        doc = loads(data, max_bytes=16 * 1024)
        if not isinstance(doc, dict) or doc.get("type") != KEY_FILE_TYPE:
            raise ValueError("type")
        if doc.get("version") != 1:
            raise KeyProblem(f"Tệp khóa {path} ở định dạng mới hơn phiên bản phần mềm này. "
                             "Hãy cài phiên bản mới nhất của phần mềm.")
        header = {k: v for k, v in doc.items() if k != "ciphertext"}
        kdf = doc["kdf"]
        if (set(doc) != {"type", "version", "algorithm", "key_id", "kdf", "cipher", "nonce", "ciphertext"}
                or doc["algorithm"] != "Ed25519" or doc["cipher"] != "ChaCha20-Poly1305"
                or not isinstance(kdf, dict) or set(kdf) != {"name", "n", "r", "p", "salt"} or kdf["name"] != "scrypt"
                or not isinstance(doc["key_id"], str)):
            raise ValueError("fields")
        n, r, p = _int_param(kdf, "n"), _int_param(kdf, "r"), _int_param(kdf, "p")
        if n < 2 or n & (n - 1):
            raise ValueError("n is not a power of two")
        salt, nonce = unb64(kdf["salt"], SALT_LEN), unb64(doc["nonce"], NONCE_LEN)
        sealed = unb64(doc["ciphertext"], KEY_LEN + 16)
    except KeyProblem:
        raise
    except (StrictJSONError, KeyError, TypeError, ValueError, AttributeError):
        raise damaged from None
    if n < SCRYPT_MIN_N or r < SCRYPT_MIN_R:
        raise KeyProblem(
            f"Tệp khóa {path} được bảo vệ quá yếu (scrypt n={n}, r={r}; tối thiểu n={SCRYPT_MIN_N}, r={SCRYPT_MIN_R}), "
            "có thể đã bị thay bằng tệp khác. Phần mềm không dùng tệp này. Hãy khôi phục thư mục khóa từ bản sao "
            "lưu, hoặc tạo khóa mới và đăng ký lại với Sở Nội vụ.")
    if (n > SCRYPT_MAX_N or r > SCRYPT_MAX_R or p > SCRYPT_MAX_P or 128 * n * r > SCRYPT_MAX_MEMORY
            or n * r * p > SCRYPT_MAX_WORK):
        raise KeyProblem(
            f"Tệp khóa {path} đòi tham số scrypt quá lớn (n={n}, r={r}, p={p}) so với giới hạn của phần mềm, có thể "
            "đã bị thay bằng tệp khác. Phần mềm không dùng tệp này. Hãy khôi phục thư mục khóa từ bản sao lưu, "
            "hoặc tạo khóa mới và đăng ký lại với Sở Nội vụ.")
    try:
        raw = ChaCha20Poly1305(_envelope_key(secret, salt, n, r, p)).decrypt(nonce, sealed, dumps(header))
    except InvalidTag:
        raise KeyProblem("Mật khẩu khóa không đúng, hoặc tệp khóa đã bị hỏng.") from None
    return raw, header["key_id"]


# --------------------------------------------------------------------------- signing keys


@dataclass
class SigningKey:
    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SigningKey:
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

    @property
    def private_raw(self) -> bytes:
        return self.private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                          serialization.NoEncryption())

    def _seal(self, folder: Path, name: str, protection: Protection) -> None:
        _write_private(folder / f"{name}{KEY_SUFFIX}", seal_private_key(self.private_raw, self.public_raw,
                                                                         protection.secret))

    def save(self, folder: Path, name: str, protection: Protection, unit_code: str | None = None) -> None:
        """Writes <name>.key (the sealed private key) and <name>.json (what read_key_meta reads)."""
        self._seal(folder, name, protection)
        meta = {"public_key": b64(self.public_raw), "key_id": self.key_id, "fingerprint": self.fingerprint,
                "protection": protection.kind, "created_at": now_iso()}
        if unit_code is not None:
            meta["unit_code"] = unit_code
        _write_private(folder / f"{name}.json", json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))
        with contextlib.suppress(FileNotFoundError):  # an older key's file of that name would be ignored
            (folder / f"{name}{LEGACY_SUFFIX}").unlink()

    @classmethod
    def load(cls, folder: Path, name: str, passphrase: str | None = None) -> SigningKey:
        """The key in <name>.key; a key in the format of earlier versions (<name>.pem, PKCS#8) is read
        and rewritten as <name>.key once its passphrase is proven."""
        meta = read_key_meta(folder, name)
        protection = Protection.for_existing(meta["protection"], passphrase)
        sealed_path, legacy_path = folder / f"{name}{KEY_SUFFIX}", folder / f"{name}{LEGACY_SUFFIX}"
        try:
            data = sealed_path.read_bytes()
        except FileNotFoundError:
            data = None
        except OSError as exc:
            raise KeyProblem(f"Không đọc được tệp khóa {sealed_path}: {exc.strerror}.") from exc
        if data is None:
            key = cls._load_legacy(legacy_path, protection)
            key._check_meta(meta, legacy_path)
            try:  # the passphrase is right: seal the key in the current format, then drop the old file
                key._seal(folder, name, protection)
                legacy_path.unlink()
            except OSError:
                pass  # a read-only folder: the old file keeps working; migrated at a later load
            return key
        raw, sealed_id = open_private_key(data, protection.secret, sealed_path)
        key = cls(Ed25519PrivateKey.from_private_bytes(raw))
        if sealed_id != key.key_id:
            raise KeyProblem(f"Tệp khóa {sealed_path} bị hỏng (mã khóa không khớp).")
        key._check_meta(meta, sealed_path)
        if legacy_path.exists():  # a migration cut short: the old copy goes once it proves to be this key
            with contextlib.suppress(KeyProblem, OSError):
                if cls._load_legacy(legacy_path, protection).key_id == key.key_id:
                    legacy_path.unlink()
        return key

    @classmethod
    def _load_legacy(cls, path: Path, protection: Protection) -> SigningKey:
        try:
            pem = path.read_bytes()
        except FileNotFoundError:
            raise KeyProblem(f"Không tìm thấy tệp khóa {path.with_suffix(KEY_SUFFIX)}. Hãy khôi phục thư mục khóa "
                             "từ bản sao lưu, hoặc tạo khóa mới và đăng ký lại với Sở Nội vụ.") from None
        except OSError as exc:
            raise KeyProblem(f"Không đọc được tệp khóa {path}: {exc.strerror}.") from exc
        try:
            key = serialization.load_pem_private_key(pem, password=protection.secret)
        except (ValueError, TypeError):
            raise KeyProblem("Mật khẩu khóa không đúng, hoặc tệp khóa đã bị hỏng.") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyProblem("Tệp khóa không phải khóa ký Ed25519.")
        return cls(key)

    def _check_meta(self, meta: dict, path: Path) -> None:
        if meta.get("key_id") != self.key_id:
            raise KeyProblem(f"Tệp khóa {path} không khớp với tệp thông tin khóa bên cạnh (khác mã khóa). "
                             "Hãy khôi phục thư mục khóa từ bản sao lưu.")


def set_key_meta(folder: Path, name: str, **fields: str) -> dict:
    """Add or change fields of <name>.json (atomically, 0600); returns the new metadata."""
    meta = {**read_key_meta(folder, name), **fields}
    _write_private(folder / f"{name}.json", json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))
    return meta


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
    def generate(cls) -> AgeIdentity:
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
    def load(cls, path: Path, passphrase: str | None = None) -> AgeIdentity:
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
# a new province key file signed by the key it replaces: the only way a commune changes province key
PROVINCE_KEY_CHANGE_TYPE = "application/vnd.bacninh.thidua.province-key-change+json"
FINGERPRINT = re.compile(r"[0-9A-F]{4}(-[0-9A-F]{4}){5}", re.ASCII)


def normal_fingerprint(text: str | None) -> str:
    """A fingerprint as typed (spaces, no dashes, lower case, Unikey's full-width digits are not
    accepted) in its printed form ``XXXX-XXXX-…``; '' when it cannot be one."""
    raw = "".join(ch for ch in str(text or "").upper() if ch not in " -\t.")
    if len(raw) != 24 or not raw.isascii() or any(ch not in "0123456789ABCDEF" for ch in raw):
        return ""
    return "-".join(raw[i:i + 4] for i in range(0, 24, 4))


@dataclass(frozen=True)
class ProvinceKey:
    """What communes install: the province's age recipient (to encrypt to) and signing key (to check
    receipts). ``endorsement`` (signing key id, signature) is present on a key that replaces another:
    the old province signing key's signature over this key's body."""

    name: str
    age_recipient: str
    signing_public: bytes
    endorsement: tuple[str, bytes] | None = field(default=None, compare=False)

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

    def to_file(self, signer: SigningKey, endorser: SigningKey | None = None) -> bytes:
        """The key file; ``endorser`` (the province's previous signing key) signs a key change."""
        body = self.body()
        doc = {**body, "signature": b64(signer.sign(PROVINCE_KEY_TYPE, dumps(body)))}
        if endorser is not None:
            doc["endorsement"] = {"signing_key_id": endorser.key_id,
                                  "signature": b64(endorser.sign(PROVINCE_KEY_CHANGE_TYPE, dumps(body)))}
        return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")

    def endorsed_by(self, previous: ProvinceKey) -> bool:
        """This key was signed by ``previous``'s signing key: a genuine province key change."""
        if self.endorsement is None or self.endorsement[0] != previous.signing_key_id:
            return False
        return verify(previous.signing_public, PROVINCE_KEY_CHANGE_TYPE, dumps(self.body()), self.endorsement[1])

    @classmethod
    def from_file(cls, data: bytes) -> ProvinceKey:
        bad = KeyProblem("Tệp khóa công khai của Sở Nội vụ không hợp lệ hoặc đã bị sửa. "
                         "Hãy xin lại tệp khóa (đuôi .json) từ Sở Nội vụ.")
        try:
            doc = loads(data, max_bytes=64 * 1024)
            if not isinstance(doc, dict) or doc.get("type") != "tdkt-province-key" or doc.get("version") != 1:
                raise bad
            sig = unb64(doc.pop("signature"), 64)
            endorsement = None
            if "endorsement" in doc:
                e = doc.pop("endorsement")
                if not isinstance(e, dict) or set(e) != {"signing_key_id", "signature"}:
                    raise bad
                endorsement = (str(e["signing_key_id"]), unb64(e["signature"], 64))
            name = doc["name"]
            if not isinstance(name, str) or not 1 <= len(name) <= 200 or name != one_line(name, 200):
                raise bad
            pk = cls(name=name, age_recipient=str(doc["age_recipient"]),
                     signing_public=unb64(doc["signing_public_key"], 32), endorsement=endorsement)
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
