"""Writing the province's signed receipt of an accepted file into a folder (the batch import, the
window's reprint and ``province import --receipts``)."""

from __future__ import annotations

from pathlib import Path


def write_receipt(folder: Path, result) -> Path:
    """The signed receipt of an accepted file, written atomically (never a 0-byte or half receipt)."""
    from desktop.app.commune import write_verified

    target = folder / f"BienNhan_{result.commune_code}_so{result.sequence:04d}.json"
    write_verified(target, result.receipt)
    return target
