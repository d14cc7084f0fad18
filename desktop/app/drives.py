"""Removable drives (USB sticks) currently mounted, to offer as export destinations."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str


def removable_drives() -> list[Drive]:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes
        import string

        out = []
        mask = ctypes.windll.kernel32.GetLogicalDrives()
        for i, letter in enumerate(string.ascii_uppercase):
            if mask & (1 << i):
                root = f"{letter}:\\\\"
                if ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == 2:  # DRIVE_REMOVABLE
                    out.append(Drive(Path(root), f"Ổ {letter}: (USB)"))
        return out
    roots = [Path("/media"), Path("/run/media"), Path("/Volumes")]
    user = os.environ.get("USER", "")
    out = []
    for root in roots:
        if not root.is_dir():
            continue
        candidates = list(root.iterdir())
        if user and (root / user).is_dir():
            candidates = list((root / user).iterdir()) + [c for c in candidates if c.name != user]
        for c in candidates:
            if c.is_dir() and os.path.ismount(c) and os.access(c, os.W_OK):
                out.append(Drive(c, f"{c.name} ({c})"))
    return out
