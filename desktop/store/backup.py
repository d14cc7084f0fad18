"""Backups of the database file: made with SQLite itself (VACUUM INTO), never by copying the file,
so a backup taken while the app runs is consistent. Rotated per reason; restored with the backup API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.shared.i18n import QT_TR_NOOP
from desktop.shared.paths import make_private_dir, make_private_file
from desktop.store.errors import StorageError

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x54444B54  # "TDKT": thi đua khen thưởng
KEEP = {"tu-dong": 10, "truoc-nang-cap": 5, "truoc-khoi-phuc": 5, "thu-cong": 20}
REASON_LABELS = {  # marked for the window's translation (desktop.ui.i18n); the command line prints them as is
    "tu-dong": QT_TR_NOOP("Tự động"),
    "truoc-nang-cap": QT_TR_NOOP("Trước khi nâng cấp dữ liệu"),
    "truoc-khoi-phuc": QT_TR_NOOP("Trước khi khôi phục"),
    "thu-cong": QT_TR_NOOP("Do người dùng tạo"),
}
_NAME = re.compile(r"^thidua-(\d{8}-\d{6})(?:-(\d+))?-([a-z-]+)\.sqlite3$")
# The temporaries make_backup and restore_backup write (and SQLite's journals of them). One left by a
# killed run is removed when the next backup starts, unless a run still holds it (see _claim).
_BACKUP_TMP = re.compile(r"^thidua-\d{8}-\d{6}(?:-\d+)?-[a-z-]+\.tmp(?:-journal|-wal|-shm)?$")
RESTORING_SUFFIX = ".restoring"
_RESTORING_SIDE = ("", "-journal", "-wal", "-shm")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    size: int
    seq: int = 0  # order among backups made in the same second

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def make_backup(db_path: Path, backup_dir: Path, reason: str = "tu-dong",
                now: dt.datetime | None = None) -> Path:
    """Write a consistent copy of ``db_path`` into ``backup_dir`` and rotate old ones."""
    if reason not in KEEP:
        raise ValueError(f"unknown backup reason {reason!r}")
    make_private_dir(backup_dir)
    now = now or dt.datetime.now()
    base = f"thidua-{_stamp(now)}"
    # Several in one second are numbered after the highest number still present (not the first free
    # one: rotation may have removed lower numbers), so that name order stays creation order.
    same_second = [b.seq for b in list_backups(backup_dir) if b.path.name.startswith(base + "-")]
    n = max(same_second, default=-1) + 1
    remove_stale_temporaries(backup_dir, db_path)
    while True:
        target = backup_dir / (f"{base}-{reason}.sqlite3" if n == 0 else f"{base}-{n}-{reason}.sqlite3")
        tmp = target.with_suffix(".tmp")
        if not target.exists():
            try:
                fd = _claim(tmp)
                break
            except FileExistsError:  # another backup of this second is writing it
                pass
            except OSError as exc:
                raise _backup_failed(backup_dir, exc) from exc
        n += 1
    try:
        src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            src.execute("VACUUM INTO ?", (str(tmp),))  # into the empty file _claim made 0600
        finally:
            src.close()
        make_private_file(tmp)
        os.fsync(fd)
        if os.name != "nt":  # renamed while still claimed (Windows renames no open file)
            os.replace(tmp, target)
    except (sqlite3.OperationalError, OSError) as exc:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise _backup_failed(backup_dir, exc) from exc
    os.close(fd)
    if os.name == "nt":
        os.replace(tmp, target)
    rotate(backup_dir)
    log.info("backup %s made (%s)", target.name, reason)
    return target


def _backup_failed(backup_dir: Path, exc: Exception) -> StorageError:
    return StorageError(
        "readonly",
        f"Không tạo được bản sao lưu vào {backup_dir}: {exc}. "
        "Kiểm tra ổ đĩa còn chỗ trống và thư mục không bị khóa ghi.",
        str(backup_dir),
    )


def _claim(path: Path) -> int:
    """Create ``path`` empty (0600) and hold it, until the returned descriptor is closed, while a
    backup or restore writes into it: remove_stale_temporaries, in this process or another, leaves a
    held file alone. On POSIX an exclusive flock (the system drops it when the process dies); on
    Windows an open file cannot be deleted anyway."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    if os.name != "nt":
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise FileExistsError(path) from None  # a cleaner's lock in that instant: take another name
    return fd


def _remove_if_unclaimed(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        if os.name != "nt":
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a backup or restore is writing it right now
        else:
            os.close(fd)
            fd = -1
        try:
            path.unlink()
        except OSError:  # on Windows: still open in the process writing it
            return False
        return True
    finally:
        if fd >= 0:
            os.close(fd)


def remove_stale_temporaries(backup_dir: Path, db_path: Path | None = None) -> list[Path]:
    """Remove what killed backups (``thidua-…-<reason>.tmp`` in ``backup_dir``) and a killed restore
    (``<database>.restoring`` beside ``db_path``) left behind, with SQLite's journals of them. A file
    still being written (held, see _claim) is kept, and so are its journals. Only these names are
    ever touched. Returns what was removed."""
    groups: dict[Path, list[Path]] = {}  # a temporary -> its journals
    with contextlib.suppress(OSError):
        for p in backup_dir.iterdir():
            if _BACKUP_TMP.match(p.name):
                base = p.with_name(p.name[:p.name.index(".tmp") + 4])
                groups.setdefault(base, []).extend([] if p == base else [p])
    if db_path is not None:
        restoring = db_path.with_name(db_path.name + RESTORING_SUFFIX)
        groups[restoring] = [restoring.with_name(restoring.name + side) for side in _RESTORING_SIDE[1:]]
    removed = []
    for base, sides in groups.items():
        if _is_regular(base):
            st = base.stat()
            if st.st_size == 0 and time.time() - st.st_mtime < 60:
                continue  # perhaps made by _claim an instant ago and not locked yet
            if not _remove_if_unclaimed(base):
                continue  # being written: leave it and its journals alone
            removed.append(base)
        for side in sides:
            if _is_regular(side):
                with contextlib.suppress(OSError):
                    side.unlink()
                    removed.append(side)
    return removed


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups, newest first."""
    out: list[BackupInfo] = []
    if not backup_dir.is_dir():
        return out
    for p in backup_dir.iterdir():
        m = _NAME.match(p.name)
        if not m:
            continue
        try:
            created = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        try:
            size = p.stat().st_size
        except FileNotFoundError:  # rotated away by another backup between the listing and now
            continue
        out.append(BackupInfo(p, created, m.group(3), size, int(m.group(2) or 0)))
    out.sort(key=lambda b: (b.created, b.seq, b.path.name), reverse=True)
    return out


def rotate(backup_dir: Path) -> None:
    by_reason: dict[str, list[BackupInfo]] = {}
    for b in list_backups(backup_dir):
        by_reason.setdefault(b.reason, []).append(b)
    for reason, items in by_reason.items():
        for old in items[KEEP.get(reason, 10):]:
            with contextlib.suppress(OSError):
                old.path.unlink()


def latest_backup(backup_dir: Path, reason: str | None = None) -> BackupInfo | None:
    for b in list_backups(backup_dir):
        if reason is None or b.reason == reason:
            return b
    return None


def check_sqlite_file(path: Path) -> None:
    """Raise StorageError unless ``path`` is an intact database of this app (any known schema)."""
    from desktop.store import migrate

    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StorageError(
            "foreign", f"Không đọc được tệp {path}: tệp không tồn tại, là một thư mục hoặc không có quyền đọc. "
            "Hãy chọn đúng tệp sao lưu.", str(path)) from exc
    if head != SQLITE_MAGIC:
        raise StorageError("foreign", f"Tệp {path.name} không phải là tệp dữ liệu của phần mềm.", str(path))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise StorageError("foreign", f"Tệp {path.name} là cơ sở dữ liệu của phần mềm khác.", str(path))
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StorageError("damaged", f"Tệp {path.name} bị hỏng ({result}).", str(path))
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if rev is None or rev[0] not in migrate.known_revisions():
            raise StorageError(
                "newer",
                f"Tệp {path.name} được tạo bởi phiên bản phần mềm mới hơn; hãy cập nhật phần mềm.",
                str(path),
            )
    except sqlite3.DatabaseError as exc:
        raise StorageError("damaged", f"Tệp {path.name} bị hỏng ({exc}).", str(path)) from exc
    finally:
        con.close()


def restore_backup(backup: Path, db_path: Path, backup_dir: Path,
                   before_replace: Callable[[Path], None] | None = None) -> Path | None:
    """Replace the database with ``backup``. Returns where the previous file was kept, if anywhere.
    ``before_replace(db_path)`` runs once the backup is checked, before the current file is touched
    (the application takes what only the current file records out of it: desktop.app.workspace).

    The backup is checked first. A readable current database is itself backed up ("truoc-khoi-phuc");
    one that cannot be read (damaged, foreign) is moved aside untouched, never overwritten.
    """
    check_sqlite_file(backup)
    if db_path.exists() and before_replace is not None:
        before_replace(db_path)
    kept: Path | None = None
    if db_path.exists():
        try:
            check_sqlite_file(db_path)
            kept = make_backup(db_path, backup_dir, "truoc-khoi-phuc")
        except StorageError:
            kept = _move_aside(db_path)
    tmp = db_path.with_name(db_path.name + RESTORING_SUFFIX)
    remove_stale_temporaries(backup_dir, db_path)  # what a killed restore left
    try:
        fd = _claim(tmp)  # 0600 from the start; a backup started meanwhile leaves it alone
    except FileExistsError:
        raise StorageError("locked", f"Đang có một lần khôi phục dữ liệu khác chạy (tệp {tmp}). Hãy đợi nó xong, "
                           "hoặc đóng các cửa sổ khác của phần mềm, rồi thử lại.", str(tmp)) from None
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        make_private_file(tmp)
        os.fsync(fd)
        for suffix in ("-wal", "-shm"):  # the old file's journal, already folded into its backup
            with contextlib.suppress(FileNotFoundError):
                db_path.with_name(db_path.name + suffix).unlink()
        if os.name != "nt":
            os.replace(tmp, db_path)
    finally:
        os.close(fd)
    if os.name == "nt":
        os.replace(tmp, db_path)
    log.info("restored from backup %s; the data before kept as %s", backup.name, kept.name if kept else "-")
    return kept


def _move_aside(db_path: Path) -> Path:
    stamp = _stamp(dt.datetime.now())
    aside = db_path.with_name(f"{db_path.name}.hong-{stamp}")
    os.replace(db_path, aside)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    return aside
