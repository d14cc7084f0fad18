"""The app's log, its crash log and the bug report an officer sends to support. Qt-free: the window
(desktop.ui.bug_report) and the headless commands (desktop.__main__) share it.

- ``logs/thidua.log`` in the data folder (the user guide names it): rotating, UTF-8, 0600, written by
  the window and by every headless command. Log lines carry ids, codes and file names, never a
  person's name, a CCCD or a passphrase; as a second guard every 12-digit number (a CCCD) is masked
  when a line is written.
- ``logs/crash.log``: faulthandler's dump when the process dies in C code (a Qt crash), the file kept
  open for the life of the process.
- ``write_report``: a .zip with the logs (CCCDs, the names held in the database and the home folder
  masked) and the facts support asks first (versions, OS, schema, counts of records).
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import functools
import io
import json
import logging
import logging.handlers
import os
import platform
import re
import shutil
import sys
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from desktop import __version__
from desktop.shared.fsio import write_atomic
from desktop.shared.paths import Paths, make_private_dir

if TYPE_CHECKING:
    from desktop.store.db import Database

log = logging.getLogger(__name__)
LOG_FILE = "thidua.log"
CRASH_FILE = "crash.log"
LOG_MAX_BYTES, LOG_BACKUPS = 1_000_000, 3
CRASH_KEEP_BYTES = 256 * 1024  # at start a longer crash log is cut to its last part
_CCCD = re.compile(r"(?<!\d)\d{12}(?!\d)")
CCCD_MASK = "[CCCD]"
NAME_MASK = "[HỌ TÊN]"
_WORD = re.compile(r"\w+")
_GAP = re.compile(r"[ \t\-.,'’]{1,3}")  # what may separate the words of one name in a log line


def scrub_cccd(text: str) -> str:
    """Mask every 12-digit number (the shape of a CCCD)."""
    return _CCCD.sub(CCCD_MASK, text)


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub_cccd(super().format(record))


def log_file(paths: Paths) -> Path:
    return paths.log_dir / LOG_FILE


def setup_logging(paths: Paths) -> logging.Handler:
    """Log to logs/thidua.log of the data folder (stderr when it cannot be written). Called once by
    the window and by each headless command; a second call for the same file adds nothing."""
    root = logging.getLogger()
    target = str(log_file(paths))
    for h in root.handlers:
        if isinstance(h, logging.FileHandler) and h.baseFilename == target:
            return h
    handler: logging.Handler
    try:
        make_private_dir(paths.data_dir)
        make_private_dir(paths.log_dir)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))  # 0600 if new
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
                                                       encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # a log line that cannot be written (the disk is full) is dropped, never a traceback on the
    # officer's screen or in the middle of a command's output
    logging.raiseExceptions = False
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a dozen lines at every open
    return handler


_crash_file: IO[str] | None = None
_crash_path: Path | None = None


def install_crash_log(paths: Paths) -> Path | None:
    """faulthandler writes the Python stacks of every thread into logs/crash.log when the process
    dies of a fatal signal (a crash in Qt's C++ code leaves nothing else behind on a PC without a
    console). The file stays open until the process ends. Returns its path, None if it cannot be opened."""
    global _crash_file, _crash_path
    path = paths.log_dir / CRASH_FILE
    if _crash_file is not None and not _crash_file.closed and _crash_path == path:
        return path
    try:
        make_private_dir(paths.log_dir)
        _trim(path, CRASH_KEEP_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        fh = os.fdopen(fd, "a", encoding="utf-8")
        fh.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S} Thi đua Bắc Ninh {__version__}, pid {os.getpid()} started\n")
        fh.flush()
    except OSError as exc:
        log.warning("crash log not available: %s", exc.strerror)
        return None
    faulthandler.enable(file=fh, all_threads=True)
    if _crash_file is not None:
        _crash_file.close()
    _crash_file, _crash_path = fh, path
    return path


def _trim(path: Path, keep: int) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size <= keep:
        return
    with open(path, "rb") as fh:
        fh.seek(size - keep // 2)
        tail = fh.read()
    write_atomic(path, tail[tail.find(b"\n") + 1:], private=True)


def log_uncaught(exc_type, exc, tb, where: str = "") -> None:
    """The trace of an exception nothing caught, into the log (the window's excepthooks call this)."""
    logging.getLogger("desktop.uncaught").critical("uncaught exception%s", f" in {where}" if where else "",
                                                   exc_info=(exc_type, exc, tb))


# ---------------------------------------------------------------------------------------- the report

_NAME_COLUMNS = (  # every column where the database keeps a person's (or an organisation's) name
    ("workspace", "officer_name"), ("council_member", "full_name"), ("collective", "name"),
    ("collective", "leader_name"), ("household", "head_name"), ("person", "full_name"), ("audit_log", "actor"),
    ("province_record", "name"), ("province_key", "officer"), ("province_contact", "name"),
    ("review_decision", "signer_name"),
    ("review_decision_row", "subject_name"), ("review_attendance", "member_name"),
)


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    from desktop.shared.text import fold

    return fold(word)


def _tokens(text: str) -> list[str]:
    return [_fold_word(w) for w in _WORD.findall(unicodedata.normalize("NFC", text))]


class NameMask:
    """Masks, in log text, the names held in the database, written with or without accents. A name
    of one word only is left (too common a word to tell from the log's own)."""

    def __init__(self, names: Iterable[str]):
        self.full: set[str] = set()
        self.prefixes: set[str] = set()
        self.first: set[str] = set()
        for name in names:
            words = _tokens(name or "")
            if len(words) < 2:
                continue
            self.full.add(" ".join(words))
            self.first.add(words[0])
            for i in range(1, len(words)):
                self.prefixes.add(" ".join(words[:i]))

    def __call__(self, text: str) -> str:
        if not self.full:
            return text
        text = unicodedata.normalize("NFC", text)
        out: list[str] = []
        for line in text.splitlines(keepends=True):
            if self.first.isdisjoint(map(_fold_word, _WORD.findall(line))):
                out.append(line)  # the common case: no word of the line starts a name
                continue
            words = list(_WORD.finditer(line))
            keys = [_fold_word(m.group()) for m in words]
            spans: list[tuple[int, int]] = []
            i = 0
            while i < len(words):
                key, best, j = keys[i], -1, i
                while True:
                    if key in self.full:
                        best = j
                    if key not in self.prefixes or j + 1 >= len(words):
                        break
                    if not _GAP.fullmatch(line[words[j].end():words[j + 1].start()]):
                        break
                    j += 1
                    key = key + " " + keys[j]
                if best >= 0:
                    spans.append((words[i].start(), words[best].end()))
                    i = best + 1
                else:
                    i += 1
            for start, end in reversed(spans):
                line = line[:start] + NAME_MASK + line[end:]
            out.append(line)
        return "".join(out)


def names_in(db: Database) -> set[str]:
    from sqlalchemy import inspect, text

    names: set[str] = set()
    tables = set(inspect(db.engine).get_table_names())
    with db.engine.connect() as conn:
        for table, column in _NAME_COLUMNS:
            if table in tables:
                names.update(r[0] for r in conn.execute(text(f"SELECT DISTINCT {column} FROM {table}")) if r[0])
    return names


def facts(paths: Paths, db: Database | None, extra: dict | None = None) -> dict:
    """What support asks first, with no personal data: versions, OS, schema, how many records."""
    info: dict = {
        "app_version": __version__,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "os": platform.platform(),
        "python": platform.python_version(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "database": "server" if paths.db_url else "sqlite",
    }
    info.update(extra or {})
    try:
        info["disk_free_mb"] = shutil.disk_usage(paths.data_dir).free // (1024 * 1024)
        if not paths.db_url and paths.db_file.exists():
            info["database_file_kb"] = paths.db_file.stat().st_size // 1024
    except OSError:
        pass
    from desktop.store.backup import list_backups

    backups = list_backups(paths.backup_dir) if not paths.db_url else []
    info["backups"] = [{"created": f"{b.created:%Y-%m-%d %H:%M:%S}", "reason": b.reason, "kb": b.size // 1024}
                       for b in backups[:10]]
    info["backups_total"] = len(backups)
    if db is None:
        info["workspace"] = None
        return info
    try:
        info.update(_database_facts(db))
    except Exception as exc:  # a report must still be written when the database is the problem
        info["database_error"] = type(exc).__name__
    return info


def _database_facts(db: Database) -> dict:
    from sqlalchemy import func, inspect, select

    from desktop.core.records import counts
    from desktop.store.migrate import current_revision

    out: dict = {}
    with db.engine.connect() as conn:
        out["schema_version"] = current_revision(conn)
    ws = db.workspace()
    out["workspace"] = {"kind": ws.kind, "unit_code": ws.unit_code} if ws else None
    out["record_counts"] = counts(db.session)
    if "province_record" in inspect(db.engine).get_table_names():
        from desktop.store.models_bundle import ProvinceBundle, ProvinceRecord

        with db.session() as s:
            out["province_files"] = int(s.scalar(select(func.count()).select_from(ProvinceBundle)) or 0)
            out["province_records"] = {k: int(n) for k, n in s.execute(
                select(ProvinceRecord.kind, func.count()).group_by(ProvinceRecord.kind))}
    return out


def report_log_files(paths: Paths) -> list[Path]:
    names = [LOG_FILE] + [f"{LOG_FILE}.{i}" for i in range(1, LOG_BACKUPS + 1)] + [CRASH_FILE]
    return [paths.log_dir / n for n in names if (paths.log_dir / n).is_file()]


def write_report(paths: Paths, db: Database | None, out: Path, extra: dict | None = None) -> Path:
    """Write the bug report ``out`` (.zip): thong-tin.json (facts) and logs/ (masked). Written
    beside ``out`` first and renamed, so a half-written report never carries the name."""
    mask_names = NameMask(names_in(db) if db is not None else ())
    home = str(Path.home())

    def clean(text: str) -> str:
        text = scrub_cccd(mask_names(text))
        return text.replace(home, "~") if len(home) > 1 else text

    info = facts(paths, db, extra)
    out = Path(out)
    buf = io.BytesIO()  # the logs are bounded (rotated): the report is built in memory, written at once
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("thong-tin.json", clean(json.dumps(info, ensure_ascii=False, indent=2)) + "\n")
        for f in report_log_files(paths):
            z.writestr(f"logs/{f.name}", clean(f.read_text(encoding="utf-8", errors="replace")))
    write_atomic(out, buf.getvalue())
    log.info("bug report written (%d log files)", len(report_log_files(paths)))
    return out
