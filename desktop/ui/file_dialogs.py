"""The file dialogs of the window, each remembering the last folder used for its purpose (Excel
exports, PDFs, key files, …) in the per-user settings, so the next dialog opens there, also after a
restart; and default file names that are Vietnamese words without diacritics, safe on Windows
("ca-nhan-2026-12-01.xlsx")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from desktop.shared.text import fold

SETTINGS_KEY = "dialogs/last_folder/{purpose}"

# purposes (one remembered folder each)
EXCEL_EXPORT = "excel-export"
EXCEL_IMPORT = "excel-import"
PDF = "pdf"
KEY_FILE = "key-file"
RECEIPT = "receipt"
DATA_FILES = "data-files"
CSV = "csv"
EXPORT_FOLDER = "export-folder"
RESULTS_FOLDER = "results-folder"  # the province's results files for the communes

_NOT_SAFE = re.compile(r"[^a-z0-9]+")


def file_slug(text: str) -> str:
    """Words of a file name: lower case, no diacritics (đ becomes d), runs of anything else one "-"
    ("Cá nhân" → "ca-nhan")."""
    return _NOT_SAFE.sub("-", fold(text)).strip("-") or "tep"  # i18n: keep (a file name)


def dated_name(label: str, ext: str, day: dt.date | None = None) -> str:
    """"ca-nhan-2026-12-01.xlsx" for ("Cá nhân", "xlsx")."""
    return f"{file_slug(label)}-{(day or dt.date.today()).isoformat()}.{ext}"


def last_folder(purpose: str) -> Path | None:
    value = QSettings().value(SETTINGS_KEY.format(purpose=purpose))
    if not value:
        return None
    folder = Path(str(value))
    return folder if folder.is_dir() else None


def remember(purpose: str, chosen: Path) -> None:
    folder = chosen if chosen.is_dir() else chosen.parent
    QSettings().setValue(SETTINGS_KEY.format(purpose=purpose), str(folder))


def _start(purpose: str, suggested: str | Path = "") -> str:
    """Where a dialog opens: the suggested file name in the folder last used for ``purpose``, else the
    suggestion as given (a bare name goes in the home folder)."""
    suggested = Path(suggested) if suggested else None
    folder = last_folder(purpose)
    if folder is not None:
        return str(folder / suggested.name) if suggested and suggested.name else str(folder)
    if suggested is None:
        return str(Path.home())
    return str(suggested if suggested.is_absolute() else Path.home() / suggested)


def save_file(parent, purpose: str, title: str, suggested: str | Path, filt: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, _start(purpose, suggested), filt)
    if not name:
        return None
    remember(purpose, Path(name).parent)
    return Path(name)


def open_file(parent, purpose: str, title: str, filt: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, _start(purpose), filt)
    if not name:
        return None
    remember(purpose, Path(name).parent)
    return Path(name)


def open_files(parent, purpose: str, title: str, filt: str) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, title, _start(purpose), filt)
    if names:
        remember(purpose, Path(names[0]).parent)
    return [Path(n) for n in names]


def choose_folder(parent, purpose: str, title: str, current: str | Path = "") -> Path | None:
    start = str(current) if current and Path(current).is_dir() else _start(purpose)
    name = QFileDialog.getExistingDirectory(parent, title, start)
    if not name:
        return None
    remember(purpose, Path(name))
    return Path(name)


__all__ = ["choose_folder", "file_slug", "dated_name", "last_folder", "remember", "save_file", "open_file", "open_files"]
