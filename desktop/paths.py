"""Where the app keeps its files. One override (--data-dir) for tests, scripts and support."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_AUTHOR, APP_NAME

DB_FILENAME = "thidua.sqlite3"


def resources_dir() -> Path:
    """The resources/ folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    # A server database instead of the file in data_dir (the province on PostgreSQL); keys, logs and
    # exports stay in data_dir.
    db_url: str | None = None

    @classmethod
    def default(cls, db_url: str | None = None) -> "Paths":
        return cls(Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)), db_url)

    @classmethod
    def from_arg(cls, data_dir: str | None, db_url: str | None = None) -> "Paths":
        return cls(Path(data_dir).expanduser().resolve(), db_url) if data_dir else cls.default(db_url)

    @property
    def db_file(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def ensure(self) -> None:
        for d in (self.data_dir, self.backup_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
