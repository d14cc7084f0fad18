"""Fuzz targets for the parsers that read untrusted bytes of a data file after decryption: the
container (sections), the manifest, the parts (bounded gunzip, JSON Lines) and the record checks,
and strict JSON itself. Shared by the atheris harness (fuzz_container.py) and the hypothesis tests.

The contract under test: whatever the bytes, the only exceptions are BundleRefused (a refusal with a
code and a Vietnamese reason) or StrictJSONError; and whatever is accepted can be stored as the
importer stores it (canonical JSON, UTF-8) within the spec's limits.
"""

from __future__ import annotations

import gzip
import json
import math
import zlib
from pathlib import Path

from desktop.bundle import container
from desktop.bundle.container import PartInfo
from desktop.bundle.errors import BundleRefused
from desktop.bundle.records_codec import all_kinds, check_record
from desktop.bundle.strictjson import MAX_DEPTH, MAX_INT, StrictJSONError, dumps, loads

ALLOWED = (BundleRefused, StrictJSONError)
KINDS = set(all_kinds())  # every kind a file of the newest format version may carry
KIT = Path(__file__).resolve().parents[1] / "bundle" / "corpus"
BOUND = 4 * 1024 * 1024  # what a fuzz input may inflate to before we call it a bomb ourselves


def check_value(value, depth: int = 1) -> None:
    """What strict JSON promises about a value it returned."""
    assert depth <= MAX_DEPTH
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str)
            check_value(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            check_value(v, depth + 1)
    elif isinstance(value, bool) or value is None or isinstance(value, str):
        pass
    elif isinstance(value, int):
        assert abs(value) <= MAX_INT
    else:
        assert isinstance(value, float) and math.isfinite(value)


def parse_json(data: bytes) -> None:
    value = loads(data)
    check_value(value)
    dumps(value).decode("utf-8")  # storable as the importer stores it


def _records(info: PartInfo, stored: bytes, commune: str) -> None:
    """Every record of a part as the province streams it (bounded inflation, line by line)."""
    for line, rec in container.stream_records(info, stored):
        check_value(rec)
        check_record(info.kind, rec, line, commune)
        dumps(rec).decode("utf-8")


def parse_part(stored: bytes, kind: str = "person", commune: str = "09319") -> None:
    """A part as the manifest would describe it truthfully: bounded inflation, then every record."""
    d = zlib.decompressobj(wbits=31)
    try:
        raw = d.decompress(stored, BOUND)
    except zlib.error:
        raw = b""
    info = PartInfo("person.jsonl.gz", kind, len(stored), len(raw), container.sha256(stored), raw.count(b"\n"))
    _records(info, stored, commune)


def parse_inner(data: bytes) -> None:
    """Everything the province does with a decrypted container before keys and the database."""
    sections = container.decode_sections(data)
    assert 2 <= len(sections) <= container.MAX_SECTIONS
    manifest = None
    if sections[0][0] == "manifest":
        try:
            manifest = container.parse_manifest(sections[0][1], KINDS)
        except BundleRefused:
            pass
    if manifest is not None:
        assert 1 <= manifest.sequence <= 10**9 and len(manifest.parts) <= container.MAX_SECTIONS - 2
        assert sum(p.raw_size for p in manifest.parts) <= container.MAX_RAW_TOTAL
        dumps(manifest.raw).decode("utf-8")
        for info, (_, stored) in zip(manifest.parts, sections[2:]):
            if info.raw_size > BOUND:
                continue  # legal, but a fuzzer must not allocate a gigabyte per input
            try:
                _records(info, stored, manifest.commune_code)
            except BundleRefused:
                continue
    for name, stored in sections[2:]:  # and each part as if the manifest described it truthfully
        kind = name.split(".", 1)[0]
        try:
            parse_part(stored, kind if kind in KINDS else "person")
        except BundleRefused:
            continue


def one_input(data: bytes) -> None:
    """The first byte chooses the target; the rest is its input. Raises only what is allowed."""
    if not data:
        return
    mode, body = data[0] % 3, data[1:]
    try:
        (parse_inner, parse_json, parse_part)[mode](body)
    except ALLOWED:
        pass


def seeds() -> dict[str, bytes]:
    """Realistic starting points: the kit's valid files, decrypted with its test identity, and their
    manifest and parts; prefixed with the target byte of one_input."""
    import pyrage
    from pyrage import x25519

    lines = [x for x in (KIT / "keys" / "province-identity.txt").read_text().splitlines() if x and x[0] != "#"]
    identity = x25519.Identity.from_str(lines[0])
    out: dict[str, bytes] = {}
    files = sorted((KIT / "setup").glob("*.tdkt")) + [KIT / "accepted_next_file.tdkt"]
    for f in files:
        inner = pyrage.decrypt(f.read_bytes(), [identity])
        out[f"inner-{f.stem}"] = b"\x00" + inner
    sections = container.decode_sections(inner)
    out["manifest"] = b"\x01" + sections[0][1]
    for name, stored in sections[2:]:
        out[f"part-{name}"] = b"\x02" + stored
        first = gzip.decompress(stored).split(b"\n", 1)[0]
        if first:
            out[f"record-{name}"] = b"\x01" + first
    out["json-small"] = b"\x01" + json.dumps({"a": [1, 2.5, None, True, "x"]}).encode()
    return out
