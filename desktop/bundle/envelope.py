"""The outer layer of a data file: the inner container (desktop.bundle.container) encrypted with age
(X25519) for the province's recipient key, and nobody else. docs/bundle-format.md §1."""

from __future__ import annotations

from desktop.bundle import container
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import AgeIdentity

AGE_MAGIC = b"age-encryption.org/v1\n"


def encrypt(inner: bytes, age_recipient: str) -> bytes:
    """The inner container encrypted for one recipient (the province's ``age1…`` key)."""
    import pyrage
    from pyrage import x25519

    return pyrage.encrypt(inner, [x25519.Recipient.from_str(age_recipient)])


def decrypt(data: bytes, identity: AgeIdentity) -> bytes:
    """The inner container of a data file encrypted for ``identity`` alone; every other file is
    refused with a stable code (not_encrypted, truncated, bad_magic, extra_recipients,
    wrong_recipient, tampered) and what to do."""
    import pyrage

    if not data.startswith(AGE_MAGIC):
        if data.startswith(container.MAGIC):
            raise BundleRefused("not_encrypted", "Tệp chưa được mã hóa: Sở chỉ nhận tệp đã mã hóa bằng phần mềm.")
        if AGE_MAGIC.startswith(data):
            raise BundleRefused("truncated", "Tệp dữ liệu bị cắt cụt. Hãy chép lại tệp từ xã.")
        raise BundleRefused("bad_magic", "Đây không phải tệp dữ liệu thi đua (không đúng định dạng). Hãy kiểm tra "
                                         "lại tệp đã chọn.")
    stanzas = recipient_stanzas(data)
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


def recipient_stanzas(data: bytes) -> int:
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
