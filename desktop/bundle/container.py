"""The inner container of a data file (before age encryption): length-prefixed sections, a signed
manifest, gzip-compressed JSON Lines parts. Parsing is strict and bounded; every defect becomes a
BundleRefused with a stable code and a Vietnamese reason. Specification: docs/bundle-format.md.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

from desktop.bundle.errors import BundleRefused
from desktop.bundle.strictjson import StrictJSONError, dumps, loads
from desktop.shared.contacts import Contact, parse_contact
from desktop.shared.text import one_line, text_problem

MAGIC = b"TDKT-BUNDLE\n"
VERSION = 1                           # of INNER, the section container
MANIFEST_VERSION = 3                  # what this version writes
MANIFEST_VERSIONS = (1, 2, 3)         # what it reads: 2 adds resume_token, 3 the review's acts
MANIFEST_TYPE = "application/vnd.bacninh.thidua.manifest+json;v=1"

# Limits for real communes: the largest ward has well under 200,000 residents; its full file (people,
# households, collectives, a year of ratings, registrations and achievements) is some 600,000 records,
# about 250 MB of JSON Lines and 25 MB on disk. Each limit leaves two to three times that.
MAX_FILE = 64 * 1024 * 1024           # an encrypted file larger than this is refused unread
MAX_SECTIONS = 40
MAX_MANIFEST = 1024 * 1024
MAX_RAW_TOTAL = 512 * 1024 * 1024     # decompressed parts, all together
MAX_RECORDS = 2_000_000               # records in one file, all parts together
MAX_RECORD_LINE = 256 * 1024
# Every pattern is ASCII and matches the whole string: [0-9], never \d (which takes any Unicode digit,
# "20٢٦"), and \Z, never $ (which also matches before a final newline, "2026\n"). .match() and
# .fullmatch() agree on each of them.
PART_NAME = re.compile(r"^[a-z_]{1,32}\.jsonl\.gz\Z", re.ASCII)
HEX64 = re.compile(r"^[0-9a-f]{64}\Z", re.ASCII)
HEX32 = re.compile(r"^[0-9a-f]{32}\Z", re.ASCII)
PERIOD = re.compile(r"^(20[0-9]{2})(-H1)?\Z", re.ASCII)       # year 2000-2099, or its first half
COMMUNE = re.compile(r"^[0-9]{5}\Z", re.ASCII)
ISO_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z", re.ASCII)
# no leading zero: one spelling per record. Version 3 kinds may hold an underscore ("proposal_row");
# UID_V2 is the pattern of versions 1 and 2, where no kind has one.
UID = re.compile(r"^([0-9]{5}):([a-z][a-z_]{0,19}):([1-9][0-9]{0,11})\Z", re.ASCII)
UID_V2 = re.compile(r"^([0-9]{5}):([a-z]{1,20}):([1-9][0-9]{0,11})\Z", re.ASCII)
ISO_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
EARLIEST_CREATED_AT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)  # before the first version existed
CLOCK_ALLOWANCE = dt.timedelta(days=2)  # how far ahead of the verifier's clock a commune's clock may run


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
            raise BundleRefused("bad_structure", f"Phần “{one_line(name, 40)}” xuất hiện hai lần trong gói dữ liệu.")
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
    # version 2: the one-time token of the province's resume statement, in the first file signed by a
    # new key (None otherwise)
    resume_token: str | None = None
    format_version: int = MANIFEST_VERSION
    # optional in every version: how the province reaches the officer who sent it (desktop.shared.contacts)
    contact: Contact | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "tdkt-bundle", "format_version": self.format_version,
            "commune_code": self.commune_code, "commune_name": self.commune_name,
            "signer_key_id": self.signer_key_id, "recipient_key_id": self.recipient_key_id,
            "sequence": self.sequence, "previous_hash": self.previous_hash,
            "period": self.period, "kind": self.kind, "created_at": self.created_at,
            "app_version": self.app_version,
            "parts": [{"name": p.name, "kind": p.kind, "size": p.size, "raw_size": p.raw_size,
                       "sha256": p.sha256, "records": p.records} for p in self.parts],
            "removed": self.removed,
        } | ({"resume_token": self.resume_token} if self.format_version >= 2 else {}) \
          | ({"contact": self.contact.as_json()} if self.contact is not None else {})


def _field(doc: dict, name: str, kind: type | tuple, check=None, what: str = "") -> Any:
    if name not in doc:
        raise BundleRefused("bad_manifest", f"Bản kê của gói dữ liệu thiếu mục “{name}”.")
    value = doc[name]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise BundleRefused("bad_manifest", f"Mục “{name}” trong bản kê có kiểu dữ liệu sai.")
    if check is not None and not check(value):
        raise BundleRefused("bad_manifest", f"Mục “{name}” trong bản kê không hợp lệ{what}.")
    return value


def _text_field(doc: dict, name: str, max_len: int) -> str:
    """A one-line text member of the manifest: 1..max_len characters under the text rule."""
    value = _field(doc, name, str, lambda v: 1 <= len(v) <= max_len)
    problem = text_problem(value)
    if problem:
        raise BundleRefused("bad_manifest", f"Mục “{name}” trong bản kê {problem}.")
    return value


def parse_time(value: str) -> dt.datetime | None:
    """``YYYY-MM-DDTHH:MM:SSZ`` (ASCII, the whole string, a real UTC time) as an aware datetime, or None."""
    if not isinstance(value, str) or not ISO_TIME.fullmatch(value):
        return None
    try:
        return dt.datetime.strptime(value, ISO_TIME_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def created_at_problem(value: str, now: dt.datetime | None = None) -> str | None:
    """None if ``value`` is a real UTC time from EARLIEST_CREATED_AT to the verifier's clock plus
    CLOCK_ALLOWANCE, else what is wrong (Vietnamese)."""
    t = parse_time(value)
    if t is None:
        return "không phải thời điểm hợp lệ (dạng 2026-01-31T08:00:00Z, giờ UTC)"
    now = now or dt.datetime.now(dt.UTC)
    if t < EARLIEST_CREATED_AT:
        return f"là {value}, trước ngày {EARLIEST_CREATED_AT:%d/%m/%Y}"
    if t > now + CLOCK_ALLOWANCE:
        return (f"là {value}, ở tương lai so với đồng hồ máy kiểm tra ({now:%Y-%m-%dT%H:%M:%SZ}): "
                "đồng hồ máy của xã có thể bị sai")
    return None


def period_problem(period: str, today: dt.date | None = None) -> str | None:
    """None if ``period`` is a reporting period a commune may export on ``today`` (default: the local
    date): ``YYYY`` or ``YYYY-H1``, ASCII digits, the whole string, the year from 2000 to today's year + 1.
    Else the reason (Vietnamese), for the commune's export and the province's verifier alike."""
    m = PERIOD.fullmatch(period) if isinstance(period, str) else None
    if m is None:
        return (f"Kỳ báo cáo “{one_line(period, 20)}” không hợp lệ: dùng dạng 2026 (cả năm) hoặc 2026-H1 "
                "(6 tháng).")
    last = (today or dt.date.today()).year + 1
    if int(m.group(1)) > last:
        return f"Kỳ báo cáo {period} ở quá xa trong tương lai: muộn nhất là năm {last}."
    return None


def parse_manifest(data: bytes, record_kinds: set[str], since_v3: set[str] | frozenset[str] = frozenset()) -> Manifest:
    """The checked manifest. ``record_kinds``: the kinds a part (or ``removed``) may name in every
    version; ``since_v3``: those a version-3 manifest may name as well (the review's acts)."""
    doc, version = _manifest_doc(data)
    if version >= 3:
        record_kinds = set(record_kinds) | set(since_v3)
    seq = _field(doc, "sequence", int, lambda v: 1 <= v <= 10**9)
    created_at = _field(doc, "created_at", str)
    problem = created_at_problem(created_at)
    if problem:
        raise BundleRefused("bad_manifest", f"Mục “created_at” trong bản kê {problem}.")
    period = _field(doc, "period", str)
    problem = period_problem(period, (parse_time(created_at) + CLOCK_ALLOWANCE).date())  # type: ignore[operator]
    if problem:
        raise BundleRefused("bad_manifest", f"Mục “period” trong bản kê không hợp lệ. {problem}")
    prev = doc.get("previous_hash", "missing")
    if prev == "missing" or not (prev is None or (isinstance(prev, str) and HEX64.fullmatch(prev))):
        raise BundleRefused("bad_manifest", "Mục “previous_hash” trong bản kê không hợp lệ.")
    parts = _manifest_parts(doc, record_kinds)
    removed = _manifest_removed(doc, record_kinds, UID if version >= 3 else UID_V2)
    return Manifest(
        commune_code=_field(doc, "commune_code", str, lambda v: bool(COMMUNE.fullmatch(v))),
        commune_name=_text_field(doc, "commune_name", 100),
        signer_key_id=_field(doc, "signer_key_id", str, lambda v: bool(HEX32.fullmatch(v))),
        recipient_key_id=_field(doc, "recipient_key_id", str, lambda v: bool(HEX32.fullmatch(v))),
        sequence=seq,
        previous_hash=prev,
        period=period,
        kind=_field(doc, "kind", str, lambda v: v in ("full", "correction")),
        created_at=created_at,
        app_version=_text_field(doc, "app_version", 32),
        parts=parts,
        removed=removed,
        resume_token=doc.get("resume_token"),
        format_version=version,
        raw=doc,
        contact=_manifest_contact(doc),
    )


def _manifest_contact(doc: dict) -> Contact | None:
    """The optional ``contact`` member, checked (a file without it reads as before)."""
    try:
        return parse_contact(doc.get("contact"))
    except ValueError as exc:
        raise BundleRefused("bad_manifest", f"Mục “contact” trong bản kê không hợp lệ: {exc}.") from None



def _manifest_doc(data: bytes) -> tuple[dict, int]:
    """The manifest as a JSON object with only known entries, of a format version this reads."""
    if len(data) > MAX_MANIFEST:
        raise BundleRefused("too_large", "Bản kê của gói dữ liệu quá lớn.")
    try:
        doc = loads(data, max_bytes=MAX_MANIFEST)
    except StrictJSONError as exc:
        raise BundleRefused("bad_json", f"Bản kê của gói dữ liệu không hợp lệ: {exc}.") from None
    if not isinstance(doc, dict):
        raise BundleRefused("bad_manifest", "Bản kê của gói dữ liệu không hợp lệ.")
    allowed = {"format", "format_version", "commune_code", "commune_name", "signer_key_id", "recipient_key_id",
               "sequence", "previous_hash", "period", "kind", "created_at", "app_version", "parts", "removed",
               "resume_token", "contact"}
    unknown = set(doc) - allowed
    if unknown:
        raise BundleRefused("bad_manifest", f"Bản kê có mục lạ: {one_line(', '.join(sorted(unknown)), 80)}.")
    if doc.get("format") != "tdkt-bundle":
        raise BundleRefused("bad_manifest", "Bản kê không phải của gói dữ liệu thi đua.")
    version = doc.get("format_version")
    if isinstance(version, bool) or version not in MANIFEST_VERSIONS:
        raise BundleRefused("bad_version", f"Bản kê theo phiên bản định dạng {version!r}, phần mềm này đọc "
                                           f"phiên bản {', '.join(map(str, MANIFEST_VERSIONS))}.")
    if version >= 2:
        if "resume_token" not in doc:
            raise BundleRefused("bad_manifest", "Bản kê của gói dữ liệu thiếu mục “resume_token”.")
        token = doc["resume_token"]
        if not (token is None or (isinstance(token, str) and HEX64.fullmatch(token))):
            raise BundleRefused("bad_manifest", "Mục “resume_token” trong bản kê không hợp lệ.")
    elif "resume_token" in doc:
        raise BundleRefused("bad_manifest", "Bản kê có mục lạ: resume_token.")
    return doc, version


def _manifest_parts(doc: dict, record_kinds: set[str]) -> list[PartInfo]:
    """The parts the manifest lists, each checked, with the totals they declare."""
    parts_doc = _field(doc, "parts", list, lambda v: 1 <= len(v) <= MAX_SECTIONS - 2)
    parts: list[PartInfo] = []
    names: set[str] = set()
    kinds_seen: set[str] = set()
    total_raw = total_records = 0
    for p in parts_doc:
        if not isinstance(p, dict) or set(p) != {"name", "kind", "size", "raw_size", "sha256", "records"}:
            raise BundleRefused("bad_manifest", "Một mục trong danh sách phần của bản kê không hợp lệ.")
        info = PartInfo(
            name=_field(p, "name", str, lambda v: bool(PART_NAME.fullmatch(v))),
            kind=_field(p, "kind", str, lambda v: v in record_kinds),
            size=_field(p, "size", int, lambda v: 0 <= v <= MAX_FILE),
            raw_size=_field(p, "raw_size", int, lambda v: 0 <= v <= MAX_RAW_TOTAL),
            sha256=_field(p, "sha256", str, lambda v: bool(HEX64.fullmatch(v))),
            records=_field(p, "records", int, lambda v: 0 <= v <= MAX_RECORDS),
        )
        if info.kind in kinds_seen:
            raise BundleRefused("bad_manifest", f"Loại bản ghi “{info.kind}” có hai phần trong bản kê.")
        kinds_seen.add(info.kind)
        total_records += info.records
        if info.name in names or info.name in ("manifest", "signature"):
            raise BundleRefused("bad_manifest", f"Tên phần “{info.name}” bị trùng trong bản kê.")
        names.add(info.name)
        total_raw += info.raw_size
        parts.append(info)
    if total_raw > MAX_RAW_TOTAL:
        raise BundleRefused("bomb", "Gói dữ liệu khai kích thước giải nén quá lớn (nghi tệp độc hại).")
    if total_records > MAX_RECORDS:
        raise BundleRefused("too_large", f"Gói dữ liệu khai {total_records} bản ghi, vượt giới hạn {MAX_RECORDS} bản "
                                         "ghi một tệp (nghi tệp độc hại).")
    return parts


def _manifest_removed(doc: dict, record_kinds: set[str], uid_pattern: re.Pattern = UID) -> dict:
    """The uids a correction removes, per record kind (none in a full file)."""
    if "removed" not in doc:
        raise BundleRefused("bad_manifest", "Bản kê của gói dữ liệu thiếu mục “removed”.")
    removed = doc["removed"]
    if doc.get("kind") == "full" and removed:
        raise BundleRefused("bad_manifest", "Tệp đầy đủ (full) không được kèm danh sách bản ghi bị xóa.")
    if not isinstance(removed, dict) or any(
            k not in record_kinds or not isinstance(v, list) or len(v) > MAX_RECORDS
            or not all(isinstance(u, str) and uid_pattern.fullmatch(u) for u in v) for k, v in removed.items()):
        raise BundleRefused("bad_manifest", "Danh sách bản ghi bị xóa trong bản kê không hợp lệ.")
    return removed


# --------------------------------------------------------------------------- parts


def compress_part(records: list[dict]) -> tuple[bytes, bytes]:
    """(stored gzip bytes, raw JSON Lines bytes)."""
    raw = b"".join(dumps(r) + b"\n" for r in records)
    return gzip.compress(raw, compresslevel=6, mtime=0), raw


INFLATE_CHUNK = 64 * 1024  # stored bytes fed to zlib at a time; output is bounded per call as well


def _parse_line(info: PartInfo, i: int, line: bytes) -> dict:
    try:
        rec = loads(line, max_bytes=MAX_RECORD_LINE)
    except StrictJSONError as exc:
        raise BundleRefused("bad_json", f"Bản ghi thứ {i} của phần “{info.name}” không hợp lệ: {exc}.") from None
    if not isinstance(rec, dict):
        raise BundleRefused("bad_json", f"Bản ghi thứ {i} của phần “{info.name}” không phải một đối tượng.")
    return rec


def stream_records(info: PartInfo, stored: bytes):
    """Inflate a part as a stream and yield ``(line number, record)`` as each line completes.

    Memory stays bounded whatever the part declares: at most one line (``MAX_RECORD_LINE``) plus one
    inflation step is held; inflating past the declared ``raw_size`` is a bomb, a line past the
    declared count stops the part at once, and the counts are compared when the stream ends."""
    d = zlib.decompressobj(wbits=31)
    buf = bytearray()
    total = 0
    count = 0
    try:
        view = memoryview(stored)
        pos = 0
        pending = b""
        while True:
            if pending:
                data, pending = pending, b""
            elif pos < len(view):
                data = bytes(view[pos:pos + INFLATE_CHUNK])
                pos += INFLATE_CHUNK
            else:
                data = b""  # all input given: drain what zlib still holds back
            out = d.decompress(data, INFLATE_CHUNK)
            pending = d.unconsumed_tail
            if not out and not data and not pending:
                break
            total += len(out)
            if total > info.raw_size:
                raise BundleRefused("bomb", f"Phần “{info.name}” giải nén ra nhiều hơn kích thước đã khai "
                                            "(nghi tệp độc hại). Tệp bị từ chối.")
            start = 0
            while True:
                nl = out.find(b"\n", start)
                if nl < 0:
                    buf += out[start:]
                    break
                buf += out[start:nl]
                count += 1
                if count > info.records:
                    raise BundleRefused("count_mismatch", f"Phần “{info.name}” có nhiều bản ghi hơn số "
                                                          f"{info.records} bản kê khai.")
                if len(buf) > MAX_RECORD_LINE:
                    raise BundleRefused("too_large", f"Bản ghi thứ {count} của phần “{info.name}” quá dài.")
                line = bytes(buf)
                buf.clear()
                yield count, _parse_line(info, count, line)
                start = nl + 1
            if len(buf) > MAX_RECORD_LINE:
                raise BundleRefused("too_large", f"Bản ghi thứ {count + 1} của phần “{info.name}” quá dài.")
            if d.eof:
                break
        tail = d.flush()
    except zlib.error:
        raise BundleRefused("tampered", f"Phần “{info.name}” của gói dữ liệu bị hỏng.") from None
    if tail or not d.eof or d.unused_data or pending or pos < len(view):
        raise BundleRefused("tampered", f"Phần “{info.name}” của gói dữ liệu bị hỏng.")
    if total != info.raw_size:
        raise BundleRefused("count_mismatch", f"Phần “{info.name}” có kích thước khác với bản kê.")
    if buf:
        raise BundleRefused("bad_json", f"Phần “{info.name}”: dòng cuối không kết thúc đúng cách.")
    if count != info.records:
        raise BundleRefused("count_mismatch",
                            f"Phần “{info.name}” có {count} bản ghi, nhưng bản kê khai {info.records}.")
