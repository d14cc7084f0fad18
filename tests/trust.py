"""Installing the test province's key at a commune the way an officer does when the build pins none:
with the fingerprint the province reads out by phone (here: taken from the key file itself)."""

from __future__ import annotations

from pathlib import Path

from desktop.app import commune
from desktop.bundle.keys import ProvinceKey


def install_trusted(paths, data: bytes | Path):
    raw = data.read_bytes() if isinstance(data, Path) else data
    return commune.install_province_key(paths, raw, ProvinceKey.from_file(raw).fingerprint)
