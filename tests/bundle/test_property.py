"""Property: any single flipped byte, and any truncation, of a valid file is refused and leaves the
province database byte-identical — at the outer (age) layer and, re-encrypted, at the inner layer
(where age no longer protects and only the signature and the manifest's hashes do)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.bundle.errors import BundleRefused
from tests.bundle.kit import db_digest, decrypt, encrypt

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
positions = st.one_of(st.integers(0, 400), st.integers(0, 2**31))  # the header often, anywhere else too
masks = st.integers(1, 255)


@pytest.fixture(scope="module")
def province(world, tmp_path_factory):
    """One province copy for all examples: a refusal never writes, and the digest proves it each time."""
    db, paths = world.open_province(tmp_path_factory.mktemp("property") / "province")
    yield db, paths, db_digest(db)
    db.dispose()


def refused(world, province, data: bytes) -> BundleRefused:
    db, paths, digest = province
    with pytest.raises(BundleRefused) as info:
        world.import_(db, paths, data)
    assert db_digest(db) == digest
    return info.value


def flip(data: bytes, pos: int, mask: int) -> bytes:
    b = bytearray(data)
    b[pos % len(b)] ^= mask
    return bytes(b)


@FAST
@given(pos=positions, mask=masks)
def test_any_flipped_byte_is_refused(world, province, pos, mask):
    refused(world, province, flip(world.good[3], pos, mask))


@FAST
@given(n=st.integers(0, 2**31))
def test_any_truncation_is_refused(world, province, n):
    data = world.good[3]
    refused(world, province, data[: n % len(data)])


def test_every_byte_of_the_age_header_flipped(world, province):
    """Exhaustively, the part of the file a bit flip could most plausibly slip through (base64 text,
    the header MAC): every byte, lowest and highest bit."""
    data = world.good[3]
    header_end = data.index(b"\n", data.index(b"\n--- ") + 1) + 1
    codes = set()
    for pos in range(header_end + 16):
        for mask in (0x01, 0x80):
            codes.add(refused(world, province, flip(data, pos, mask)).code)
    assert codes <= {"bad_magic", "truncated", "not_encrypted", "wrong_recipient", "tampered",
                     "extra_recipients"}


@pytest.fixture(scope="module")
def inner(world):
    return decrypt(world, world.good[3])


@FAST
@given(pos=st.integers(0, 2**31), mask=masks)
def test_any_flipped_byte_inside_the_encryption_is_refused(world, province, inner, pos, mask):
    refused(world, province, encrypt(flip(inner, pos, mask), world.identity.recipient))


@FAST
@given(n=st.integers(0, 2**31))
def test_any_truncation_inside_the_encryption_is_refused(world, province, inner, n):
    refused(world, province, encrypt(inner[: n % len(inner)], world.identity.recipient))


def test_the_untouched_file_is_accepted_after_all(world, province):
    """The control: the file all examples were made from is good (so refusals were for the damage)."""
    db, paths, digest = province
    assert world.import_(db, paths, world.good[3]).status == "accepted"
    assert db_digest(db) != digest
