"""The inner container of a data file (before age encryption): length-prefixed sections, a signed
manifest, gzip-compressed JSON Lines parts. Parsing is strict and bounded; every defect becomes a
BundleRefused with a stable code and a Vietnamese reason. Specification: docs/bundle-format.md.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

from desktop.bundle.errors import BundleRefused
from desktop.bundle.strictjson import StrictJSONError, dumps, loads

MAGIC = b"TDKT-BUNDLE\n"
VERSION = 1
MANIFEST_TYPE = "application/vnd.bacninh.thidua.manifest+json;v=1"

MAX_FILE = 256 * 1024 * 1024          # an encrypted file larger than this is refused unread
MAX_SECTIONS = 40
MAX_MANIFEST = 1024 * 1024
MAX_RAW_TOTAL = 1024 * 1024 * 1024    # decompressed parts, all together
MAX_RECORD_LINE = 256 * 1024
PART_NAME = re.compile(r"^[a-z_]{1,32}\.jsonl\.gz$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEX32 = re.compile(r"^[0-9a-f]{32}$")
PERIOD = re.compile(r"^(19|20)\d\d(-H1)?$")
COMMUNE = re.compile(r"^\d{5}$")
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UID = re.compile(r"^(\d{5}):([a-z]{1,20}):(\d{1,12})$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- sections


def encode_sections(sections: list[tuple[str, bytes]]) -> bytes:
    out = [MAGIC, struct.pack(">HH", VERSION, len(sections))]
    for name, data in sections:
        n = name.encode("ascii")
        out.append(struct.pack(">B", len(n)) + n + struct.pack(">Q", len(data)))
        out.append(data)
    return b"".join(out)


def decode_sections(data: bytes) -> list[tuple[str, bytes]]:
    if len(data) < len(MAGIC) + 4:
        if MAGIC.startswith(data[: len(MAGIC)]) and data:
            raise BundleRefused("truncated", "Tệp dữ liệu bị cắt cụt (thiếu phần cuối). Hãy chép lại tệp từ xã.")
        raise BundleRefused("bad_magic", "Nội dung giải mã không phải gói dữ liệu thi đua (sai dấu hiệu nhận dạng).")
    if data[: len(MAGIC)] != MAGIC:
        raise BundleRefused("bad_magic", "Nội dung giải mã không phải gói dữ liệu thi đua (sai dấu hiệu nhận dạng).")
    pos = len(MAGIC)
    version, count = struct.unpack_from(">HH", data, pos)
    pos += 4
    if version != VERSION:
        raise BundleRefused(
            "bad_version",
            f"Gói dữ liệu theo định dạng phiên bản {version}, phần mềm này chỉ đọc phiên bản {VERSION}. "
            "Hãy cập nhật phần mềm (nếu tệp mới hơn) hoặc đề nghị xã xuất lại tệp.")
    if not 2 <= count <= MAX_SECTIONS:
        raise BundleRefused("bad_structure", f"Gói dữ liệu có số phần không hợp lệ ({count}).")
    sections: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for _ in range(count):
        if pos + 1 > len(data):
            raise _truncated()
        n = data[pos]
        pos += 1
        if pos + n + 8 > len(data):
            raise _truncated()
        raw_name = data[pos: pos + n]
        pos += n
        try:
            name = raw_name.decode("ascii")
        except UnicodeDecodeError:
            raise BundleRefused("bad_structure", "Tên một phần của gói dữ liệu không hợp lệ.") from None
        if name in seen:
            raise BundleRefused("bad_structure", f"Phần “{name[:40]}” xuất hiện hai lần trong gói dữ liệu.")
        seen.add(name)
        (length,) = struct.unpack_from(">Q", data, pos)
        pos += 8
        if length > len(data) - pos:
            raise _truncated()
        sections.append((name, data[pos: pos + length]))
        pos += length
    if pos != len(data):
        raise BundleRefused("trailing_bytes",
                            f"Sau phần cuối của gói dữ liệu còn {len(data) - pos} byte thừa: tệp đã bị ghép hoặc sửa.")
    return sections


def _truncated() -> BundleRefused:
    return BundleRefused("truncated", "Tệp dữ liệu bị cắt cụt (thiếu phần cuối). Hãy chép lại tệp từ xã.")


# --------------------------------------------------------------------------- manifest


@dataclass
class PartInfo:
    name: str
    kind: str
    size: int
    raw_size: int
    sha256: str
    records: int


@dataclass
class Manifest:
    commune_code: str
    commune_name: str
    signer_key_id: str
    recipient_key_id: str
    sequence: int
    previous_hash: str | None
    period: str
    kind: str
    created_at: str
    app_version: str
    parts: list[PartInfo]
    removed: dict[str, list[str]] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "tdkt-bundle", "format_version": VERSION,
            "commune_code": self.commune_code, "commune_name": self.commune_name,
            "signer_key_id": self.signer_key_id, "recipient_key_id": self.recipient_key_id,
            "sequence": self.sequence, "previous_hash": self.previous_hash,
            "period": self.period, "kind": self.kind, "created_at": self.created_at,
            "app_version": self.app_version,
            "parts": [{"name": p.name, "kind": p.kind, "size": p.size, "raw_size": p.raw_size,
                       "sha256": p.sha256, "records": p.records} for p in self.parts],
            "removed": self.removed,
        }


def _field(doc: dict, name: str, kind: type | tuple, check=None, what: str = "") -> Any:
    if name not in doc:
        raise BundleRefused("bad_manifest", f"Bản kê của gói dữ liệu thiếu mục “{name}”.")
    value = doc[name]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise BundleRefused("bad_manifest", f"Mục “{name}” trong bản kê có kiểu dữ liệu sai.")
    if check is not None and not check(value):
        raise BundleRefused("bad_manifest", f"Mục “{name}” trong bản kê không hợp lệ{what}.")
    return value


def parse_manifest(data: bytes, record_kinds: set[str]) -> Manifest:
    if len(data) > MAX_MANIFEST:
        raise BundleRefused("too_large", "Bản kê của gói dữ liệu quá lớn.")
    try:
        doc = loads(data, max_bytes=MAX_MANIFEST)
    except StrictJSONError as exc:
        raise BundleRefused("bad_json", f"Bản kê của gói dữ liệu không hợp lệ: {exc}.") from None
    if not isinstance(doc, dict):
        raise BundleRefused("bad_manifest", "Bản kê của gói dữ liệu không hợp lệ.")
    allowed = {"format", "format_version", "commune_code", "commune_name", "signer_key_id", "recipient_key_id",
               "sequence", "previous_hash", "period", "kind", "created_at", "app_version", "parts", "removed"}
    unknown = set(doc) - allowed
    if unknown:
        raise BundleRefused("bad_manifest", f"Bản kê có mục lạ: {', '.join(sorted(unknown))[:80]}.")
    if doc.get("format") != "tdkt-bundle":
        raise BundleRefused("bad_manifest", "Bản kê không phải của gói dữ liệu thi đua.")
    if doc.get("format_version") != VERSION:
        raise BundleRefused("bad_version", f"Bản kê theo phiên bản định dạng {doc.get('format_version')!r}, "
                                           f"phần mềm này đọc phiên bản {VERSION}.")
    seq = _field(doc, "sequence", int, lambda v: 1 <= v <= 10**9)
    prev = doc.get("previous_hash", "missing")
    if prev == "missing" or not (prev is None or (isinstance(prev, str) and HEX64.match(prev))):
        raise BundleRefused("bad_manifest", "Mục “previous_hash” trong bản kê không hợp lệ.")
    parts_doc = _field(doc, "parts", list, lambda v: 1 <= len(v) <= MAX_SECTIONS - 2)
    parts: list[PartInfo] = []
    names: set[str] = set()
    total_raw = 0
    for p in parts_doc:
        if not isinstance(p, dict) or set(p) != {"name", "kind", "size", "raw_size", "sha256", "records"}:
            raise BundleRefused("bad_manifest", "Một mục trong danh sách phần của bản kê không hợp lệ.")
        info = PartInfo(
            name=_field(p, "name", str, lambda v: bool(PART_NAME.match(v))),
            kind=_field(p, "kind", str, lambda v: v in record_kinds),
            size=_field(p, "size", int, lambda v: 0 <= v <= MAX_FILE),
            raw_size=_field(p, "raw_size", int, lambda v: 0 <= v <= MAX_RAW_TOTAL),
            sha256=_field(p, "sha256", str, lambda v: bool(HEX64.match(v))),
            records=_field(p, "records", int, lambda v: 0 <= v <= 10_000_000),
        )
        if info.name in names or info.name in ("manifest", "signature"):
            raise BundleRefused("bad_manifest", f"Tên phần “{info.name}” bị trùng trong bản kê.")
        names.add(info.name)
        total_raw += info.raw_size
        parts.append(info)
    if total_raw > MAX_RAW_TOTAL:
        raise BundleRefused("bomb", "Gói dữ liệu khai kích thước giải nén quá lớn (nghi tệp độc hại).")
    if "removed" not in doc:
        raise BundleRefused("bad_manifest", "Bản kê của gói dữ liệu thiếu mục “removed”.")
    removed = doc["removed"]
    if doc.get("kind") == "full" and removed:
        raise BundleRefused("bad_manifest", "Tệp đầy đủ (full) không được kèm danh sách bản ghi bị xóa.")
    if not isinstance(removed, dict) or any(
            k not in record_kinds or not isinstance(v, list) or len(v) > 10_000_000
            or not all(isinstance(u, str) and UID.match(u) for u in v) for k, v in removed.items()):
        raise BundleRefused("bad_manifest", "Danh sách bản ghi bị xóa trong bản kê không hợp lệ.")
    return Manifest(
        commune_code=_field(doc, "commune_code", str, lambda v: bool(COMMUNE.match(v))),
        commune_name=_field(doc, "commune_name", str, lambda v: 1 <= len(v) <= 100),
        signer_key_id=_field(doc, "signer_key_id", str, lambda v: bool(HEX32.match(v))),
        recipient_key_id=_field(doc, "recipient_key_id", str, lambda v: bool(HEX32.match(v))),
        sequence=seq,
        previous_hash=prev,
        period=_field(doc, "period", str, lambda v: bool(PERIOD.match(v))),
        kind=_field(doc, "kind", str, lambda v: v in ("full", "correction")),
        created_at=_field(doc, "created_at", str, lambda v: bool(ISO_TIME.match(v))),
        app_version=_field(doc, "app_version", str, lambda v: 1 <= len(v) <= 32),
        parts=parts,
        removed=removed,
        raw=doc,
    )


# --------------------------------------------------------------------------- parts


def compress_part(records: list[dict]) -> tuple[bytes, bytes]:
    """(stored gzip bytes, raw JSON Lines bytes)."""
    raw = b"".join(dumps(r) + b"\n" for r in records)
    return gzip.compress(raw, compresslevel=6, mtime=0), raw


def decompress_part(info: PartInfo, stored: bytes) -> bytes:
    """Inflate at most the declared size: a part that inflates further is a decompression bomb."""
    d = zlib.decompressobj(wbits=31)
    try:
        raw = d.decompress(stored, info.raw_size + 1)
        if len(raw) > info.raw_size or d.unconsumed_tail:
            raise BundleRefused("bomb", f"Phần “{info.name}” giải nén ra nhiều hơn kích thước đã khai "
                                        "(nghi tệp độc hại). Tệp bị từ chối.")
        raw += d.flush()
    except zlib.error:
        raise BundleRefused("tampered", f"Phần “{info.name}” của gói dữ liệu bị hỏng.") from None
    if not d.eof or d.unused_data:
        raise BundleRefused("tampered", f"Phần “{info.name}” của gói dữ liệu bị hỏng.")
    if len(raw) != info.raw_size:
        raise BundleRefused("count_mismatch", f"Phần “{info.name}” có kích thước khác với bản kê.")
    return raw


def iter_records(info: PartInfo, raw: bytes):
    if raw and not raw.endswith(b"\n"):
        raise BundleRefused("bad_json", f"Phần “{info.name}”: dòng cuối không kết thúc đúng cách.")
    lines = raw.split(b"\n")[:-1] if raw else []
    if len(lines) != info.records:
        raise BundleRefused("count_mismatch",
                            f"Phần “{info.name}” có {len(lines)} bản ghi, nhưng bản kê khai {info.records}.")
    for i, line in enumerate(lines, 1):
        if len(line) > MAX_RECORD_LINE:
            raise BundleRefused("too_large", f"Bản ghi thứ {i} của phần “{info.name}” quá dài.")
        try:
            rec = loads(line, max_bytes=MAX_RECORD_LINE)
        except StrictJSONError as exc:
            raise BundleRefused("bad_json", f"Bản ghi thứ {i} của phần “{info.name}” không hợp lệ: {exc}.") from None
        if not isinstance(rec, dict):
            raise BundleRefused("bad_json", f"Bản ghi thứ {i} của phần “{info.name}” không phải một đối tượng.")
        yield i, rec
