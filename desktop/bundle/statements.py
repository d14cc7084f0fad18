"""The small signed JSON documents beside the data files (docs/bundle-format.md §4-5): a commune's
enrolment request (signed by its key, and by the old key for a rotation) and the statements the
province signs for a commune (receipts, resume points). Each is the strict-JSON body plus base64
Ed25519 signatures over it, under its own payload type."""

from __future__ import annotations

import json

from desktop.bundle import container
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import SigningKey, b64, unb64, verify
from desktop.bundle.strictjson import StrictJSONError, dumps, loads

ENROL_TYPE = "application/vnd.bacninh.thidua.enrol+json"
STATEMENT_TYPE = "application/vnd.bacninh.thidua.province-statement+json"
MAX_BYTES = 64 * 1024


def _document(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def sign_enrol_request(body: dict, key: SigningKey, rotate_from: SigningKey | None = None) -> bytes:
    """The request file: ``body`` signed by the commune's key (and by the old key for a rotation)."""
    payload = dumps(body)
    doc = {**body, "signature": b64(key.sign(ENROL_TYPE, payload))}
    if rotate_from is not None:
        doc["old_signature"] = b64(rotate_from.sign(ENROL_TYPE, payload))
    return _document(doc)


def parse_enrol_request(data: bytes) -> dict:
    """Checked by the province: well-formed and signed by the key it carries (and the old key for a
    rotation). The public key and the old signature come back as ``_public`` and ``_old_signature``."""
    bad = BundleRefused("bad_enrolment", "Tệp đăng ký khóa không hợp lệ hoặc đã bị sửa. Hãy đề nghị xã tạo lại.")
    try:
        doc = loads(data, max_bytes=MAX_BYTES)
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


def sign_statement(body: dict, signer: SigningKey) -> bytes:
    """A statement of the province (receipt, resume point): ``body`` signed by its signing key."""
    return _document({**body, "signature": b64(signer.sign(STATEMENT_TYPE, dumps(body)))})


def open_statement(data: bytes, signing_public: bytes) -> dict | None:
    """The body of a statement signed by ``signing_public``; None for anything else (malformed,
    unsigned, signed by another key, altered)."""
    try:
        doc = loads(data, max_bytes=MAX_BYTES)
        if not isinstance(doc, dict):
            return None
        sig = unb64(doc.pop("signature"), 64)
    except (StrictJSONError, KeyError, ValueError, TypeError, AttributeError):
        return None
    return doc if verify(signing_public, STATEMENT_TYPE, dumps(doc), sig) else None
