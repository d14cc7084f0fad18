"""Where the app keeps its files. One override (--data-dir) for tests, scripts and support."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_AUTHOR, APP_NAME

DB_FILENAME = "thidua.sqlite3"
# On POSIX what the app keeps in its data folder is its user's alone (0600 files, 0700 folders): the
# database holds citizens' records, the keys folder the signing key. Windows has no such modes (its
# per-user profile folder is private already).
PRIVATE_FILE_MODE, PRIVATE_DIR_MODE = 0o600, 0o700
# the files beside the database that are ours (the database, its journals, a refused file kept aside,
# an interrupted restore)
_DB_SIDE_FILES = (DB_FILENAME, f"{DB_FILENAME}-*", f"{DB_FILENAME}.hong-*", f"{DB_FILENAME}.restoring*")


def _posix() -> bool:
    return os.name != "nt"


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) if needed; on POSIX make the folder itself 0700."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if _posix():
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o777 != PRIVATE_DIR_MODE:
                os.chmod(path, PRIVATE_DIR_MODE)


def make_private_file(path: Path) -> None:
    """On POSIX make an existing file 0600 (errors ignored: the file may not be ours to change)."""
    if _posix():
        with contextlib.suppress(OSError):
            if not path.is_symlink() and path.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                os.chmod(path, PRIVATE_FILE_MODE)


def resources_dir() -> Path:
    """The resources/ folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    # A server database instead of the file in data_dir (the province on PostgreSQL); keys, logs and
    # exports stay in data_dir.
    db_url: str | None = None

    @classmethod
    def default(cls, db_url: str | None = None) -> Paths:
        return cls(Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)), db_url)

    @classmethod
    def from_arg(cls, data_dir: str | None, db_url: str | None = None) -> Paths:
        return cls(Path(data_dir).expanduser().resolve(), db_url) if data_dir else cls.default(db_url)

    @property
    def db_file(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def ensure(self) -> None:
        """Create the data folder and its subfolders; on POSIX make them 0700, and tighten to 0600 the
        files earlier versions left readable by others (the database, backups, keys, logs, exports)."""
        for d in (self.data_dir, self.keys_dir, self.exports_dir, self.backup_dir, self.log_dir):
            make_private_dir(d)
        if not _posix():
            return
        files = [f for pattern in _DB_SIDE_FILES for f in self.data_dir.glob(pattern)]
        for d in (self.keys_dir, self.exports_dir, self.backup_dir, self.log_dir):
            with contextlib.suppress(OSError):
                files.extend(d.iterdir())
        for f in files:
            if f.is_file():
                make_private_file(f)
