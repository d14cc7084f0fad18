"""A small-budget fuzz of the data file parsers inside the normal test run (hypothesis); the long,
coverage-guided run is tests/fuzz/fuzz_container.py (see README.md). Whatever the bytes, only a
refusal may come out, and what is accepted is storable as the importer stores it."""

from __future__ import annotations

import gzip
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.bundle import container
from desktop.bundle.strictjson import StrictJSONError, loads
from tests.fuzz import targets

SEEDS = targets.seeds()
FUZZ = settings(max_examples=int(os.environ.get("TDKT_FUZZ_EXAMPLES", "250")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
TOKENS = [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e999", b"9007199254740993", b"1" * 40,
          b'"\\ud800"', b'"\\udfff\\ud800"', b"\xff", b"\xef\xbb\xbf", b"[" * 30, b"]" * 30, b"{", b"}",
          b'"uid":"09187:person:1"', b'"a":1,"a":2', b"\x00", b"\n", b",", b":", b'"', b"\\"]


def mutate(data: bytes, edits: list[tuple[int, int, int, bytes]]) -> bytes:
    """Apply (position, kind, value, token) edits: flip, overwrite, delete, insert a token."""
    b = bytearray(data)
    for pos, kind, value, token in edits:
        if not b:
            b = bytearray(token)
            continue
        p = pos % len(b)
        if kind == 0:
            b[p] ^= value or 1
        elif kind == 1:
            b[p] = value
        elif kind == 2:
            del b[p: p + 1 + value % 64]
        else:
            b[p:p] = token
    return bytes(b)


edits = st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 3), st.integers(0, 255), st.sampled_from(TOKENS)),
                 min_size=1, max_size=6)


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes(data):
    for mode in (0, 1, 2):
        targets.one_input(bytes([mode]) + data)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), edits=edits)
def test_mutated_seeds(seed, edits):
    data = SEEDS[seed]
    targets.one_input(data[:1] + mutate(data[1:], edits))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**60, 2**60) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30)


@FUZZ
@given(value=json_values, edits=st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 3), st.integers(0, 255),
                                                    st.sampled_from(TOKENS)), max_size=3))
def test_strict_json_keeps_its_promises(value, edits):
    text = mutate(json.dumps(value, ensure_ascii=bool(edits and edits[0][1] % 2)).encode(), edits)
    try:
        targets.parse_json(text)
    except StrictJSONError:
        pass


@FUZZ
@given(records=st.lists(st.dictionaries(st.sampled_from(["uid", "full_name", "sex", "category", "note", "x"]),
                                        json_values, max_size=6), max_size=5), edits=edits)
def test_parts_of_arbitrary_records(records, edits):
    raw = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    targets.one_input(b"\x02" + gzip.compress(mutate(raw, edits) if edits[0][1] == 3 else raw))


@pytest.mark.parametrize("text, promise", [
    (b"1e400", "số thực quá lớn"), (b"-1e400", "số thực quá lớn"), (b'["\\ud800"]', "ký tự không hợp lệ"),
    (b'{"\\udc00":1}', "ký tự không hợp lệ"), (b"NaN", "NaN"), (b"[" * 17 + b"]" * 17, "lồng nhau"),
    (b"9007199254740993", "số nguyên quá lớn"), (b'{"a":1,"a":1}', "hai lần"), (b"\xef\xbb\xbf{}", "BOM"),
])
def test_strict_json_refusals(text, promise):
    with pytest.raises(StrictJSONError) as info:
        loads(text)
    assert promise in str(info.value)


def test_strict_json_accepts_what_it_should():
    assert loads(b'{"a":[1,-2.5e10,null,true,"\\ud83d\\ude00 \\u1ea1"]}') == {"a": [1, -2.5e10, None, True, "😀 ạ"]}
    assert loads(b"[" * 16 + b"]" * 16) is not None and loads(b"9007199254740992") == 2**53


def test_the_seeds_are_valid():
    """The fuzzer starts from files the parsers accept (so mutations explore beyond the first check)."""
    for name, data in SEEDS.items():
        if data[0] == 0:
            sections = container.decode_sections(data[1:])
            m = container.parse_manifest(sections[0][1], targets.KINDS)
            for info, (_, stored) in zip(m.parts, sections[2:]):
                list(container.stream_records(info, stored))
        targets.one_input(data)
