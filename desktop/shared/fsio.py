"""One way to write a file so that a crash, a full disk or a lying USB stick never leaves a half-written
file under the final name: a temporary name beside the target (unique per process and thread), write,
flush, fsync, optionally make it private (0600) and read it back, rename over the target, then fsync the
folder so the rename itself survives a power cut where the platform allows it.

Errors are OSError (``WriteMismatch`` when the read-back differs); the caller says, in Vietnamese, what
could not be written and what to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from pathlib import Path

from desktop.shared.paths import make_private_dir


class WriteMismatch(OSError):
    """The bytes read back from the temporary file are not the bytes written."""


def temporary_name(target: Path, suffix: str = ".tmp") -> Path:
    return target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}{suffix}")


def fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform (Windows) opens folders
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(target: Path, data: bytes, *, private: bool = False, verify: bool = False,
                 suffix: str = ".tmp", shared_temporary: bool = False) -> None:
    """Replace ``target`` by ``data``, all or nothing (see the module's docstring). ``private``: the
    folder 0700 and the file 0600 (POSIX), from its first byte. ``verify``: read the temporary file back
    and compare its hash before the rename. ``shared_temporary``: the temporary is ``<name><suffix>``
    itself, so what a killed write left there is reused and renamed away (one writer at a time)."""
    target = Path(target)
    if private:
        make_private_dir(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + suffix) if shared_temporary else temporary_name(target, suffix)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o666)
        with os.fdopen(fd, "wb") as fh:
            if private and os.name != "nt":
                os.fchmod(fh.fileno(), 0o600)  # a leftover temporary keeps its old mode through O_TRUNC
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if verify and hashlib.sha256(tmp.read_bytes()).digest() != hashlib.sha256(data).digest():
            raise WriteMismatch(f"{tmp}: the bytes read back differ from the bytes written")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(target.parent)
