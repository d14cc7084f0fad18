"""Opening the workspace database safely.

Order at start: check the file (is it ours, intact, writable, not locked, not from a newer version),
back it up if it needs migrating, migrate, then hand out sessions. Nothing here ever overwrites or
alters a file it refused.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.shared.paths import PRIVATE_FILE_MODE, make_private_file
from desktop.store import migrate
from desktop.store.backup import APPLICATION_ID, SQLITE_MAGIC, make_backup
from desktop.store.errors import StorageError
from desktop.store.models import Setting, Workspace

log = logging.getLogger(__name__)

RESTORE_HINT = QT_TR_NOOP(
    "Hãy chọn “Khôi phục từ bản sao lưu”, hoặc gọi cán bộ kỹ thuật; tệp hiện tại được giữ nguyên."
)
# one message for both places that find the file locked
# Which signing key (and unit) the database belongs to: recorded when the commune's key is made at
# init or rotated, checked at every open against the key in the data folder's keys/ (the file
# desktop.app.commune keeps there), so that a database copied into another commune's folder is
# refused instead of being written to and signed with that commune's key.
SIGNING_KEY_SETTING = "bundle.signing_key_id"
SIGNING_UNIT_SETTING = "bundle.unit_code"
COMMUNE_KEY_NAME = "commune-signing"  # desktop.app.commune.SIGNING_NAME
LOCKED = QT_TR_NOOP("Tệp dữ liệu {path} đang bị một chương trình khác khóa (có thể phần mềm đang mở ở cửa sổ khác, "
                    "hoặc phần mềm sao lưu đang đọc tệp). Hãy đóng chương trình đó rồi thử lại.")



@dataclass
class Database:
    path: Path | None  # the SQLite file; None on a database server
    engine: Engine
    session_factory: sessionmaker[Session]

    def session(self) -> Session:
        return self.session_factory()

    def workspace(self) -> Workspace | None:
        with self.session() as s:
            ws = s.scalar(select(Workspace).limit(1))
            if ws is not None:
                s.expunge(ws)
            return ws

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(path: Path) -> Engine:
    # hide_parameters: a failing statement's exception (and so the log) shows "[SQL parameters hidden]",
    # never the names, CCCD numbers and phone numbers it carried
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def preflight(path: Path, thorough: bool = True) -> str | None:
    """Check an existing file before SQLAlchemy touches it. Returns its Alembic revision (or None for
    an empty/new database). Raises StorageError with a message for the officer otherwise."""
    folder = path.parent
    if not path.exists():
        if not os.access(folder, os.W_OK):
            raise StorageError(
                "readonly",
                tr("Không ghi được vào thư mục dữ liệu {folder}. "
                   "Hãy chọn thư mục khác (tham số --data-dir) hoặc nhờ cấp quyền ghi cho thư mục này.")
                .format(folder=folder),
                str(path),
            )
        return None
    if path.is_dir():
        raise StorageError("foreign", tr("Đường dẫn {path} là một thư mục, không phải tệp dữ liệu. {hint}")
                           .format(path=path, hint=tr(RESTORE_HINT)), str(path))
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except PermissionError as exc:
        raise StorageError(
            "readonly", tr("Không có quyền đọc tệp dữ liệu {path}. Hãy đăng nhập đúng tài khoản Windows đã dùng "
                           "phần mềm, hoặc nhờ cấp quyền cho tệp.").format(path=path), str(path)) from exc
    if len(head) == 0:
        raise StorageError(
            "damaged", tr("Tệp dữ liệu {path} rỗng (0 byte), có thể do mất điện khi đang ghi. {hint}")
            .format(path=path, hint=tr(RESTORE_HINT)), str(path))
    if head[:16] != SQLITE_MAGIC:
        raise StorageError(
            "foreign",
            tr("Tệp {path} không phải tệp dữ liệu của phần mềm thi đua (có thể đã bị hỏng hoặc bị thay bằng "
               "tệp khác). {hint}").format(path=path, hint=tr(RESTORE_HINT)),
            str(path),
        )
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
        raise StorageError(
            "readonly",
            tr("Tệp dữ liệu {path} (hoặc thư mục chứa nó) đang ở chế độ chỉ đọc nên không thể lưu. "
               "Hãy bỏ thuộc tính “Chỉ đọc” (Read-only) của tệp trong Windows, hoặc chép dữ liệu sang ổ đĩa "
               "ghi được, rồi mở lại phần mềm.").format(path=path),
            str(path),
        )
    rev = _check_contents(path, thorough)
    _check_not_locked(path)
    return rev


def _check_contents(path: Path, thorough: bool) -> str | None:
    """Open ``path`` read-only: our application id, the integrity check, a schema revision this version
    knows. Returns the revision (None for a file with no tables yet)."""
    known = migrate.known_revisions()
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as exc:
        raise StorageError("damaged", tr("Không mở được tệp dữ liệu {path}: {error}. {hint}")
                           .format(path=path, error=exc, hint=tr(RESTORE_HINT)), str(path)) from exc
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID and tables:
            raise StorageError(
                "foreign",
                tr("Tệp {path} là cơ sở dữ liệu của một phần mềm khác, không phải của phần mềm thi đua. "
                   "{hint}").format(path=path, hint=tr(RESTORE_HINT)),
                str(path),
            )
        # the full check reads every page and index (1.5-3.4 s on a 150 MB province file): at the start of
        # the window and before backups, restores and migrations; a quick check (pages and their
        # structure, not index contents) for every other open
        result = con.execute("PRAGMA integrity_check" if thorough else "PRAGMA quick_check").fetchone()[0]
        if result == "ok" and not thorough and tables and "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is not None and row[0] != migrate.head_revision():  # about to migrate: the full check
                result = con.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StorageError("damaged", tr("Tệp dữ liệu {path} bị hỏng (kiểm tra toàn vẹn: {result}). {hint}")
                               .format(path=path, result=result, hint=tr(RESTORE_HINT)), str(path))
        rev = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            rev = row[0] if row else None
        if rev is None and app_id == APPLICATION_ID and tables:
            raise StorageError(
                "damaged",
                tr("Tệp dữ liệu {path} thiếu thông tin phiên bản lược đồ (có thể bị sửa bằng công cụ khác). "
                   "{hint}").format(path=path, hint=tr(RESTORE_HINT)),
                str(path),
            )
        if rev is not None and rev not in known:
            raise StorageError(
                "newer",
                tr("Tệp dữ liệu {path} đã được một phiên bản phần mềm mới hơn ghi (lược đồ {revision}). "
                   "Phiên bản này không mở để tránh làm hỏng dữ liệu. Hãy cài phiên bản mới nhất của phần mềm.")
                .format(path=path, revision=rev),
                str(path),
            )
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StorageError(
                "locked",
                tr(LOCKED).format(path=path),
                str(path),
            ) from exc
        raise StorageError("damaged", tr("Tệp dữ liệu {path} không đọc được: {error}. {hint}")
                           .format(path=path, error=exc, hint=tr(RESTORE_HINT)), str(path)) from exc
    except sqlite3.DatabaseError as exc:
        raise StorageError("damaged", tr("Tệp dữ liệu {path} bị hỏng: {error}. {hint}")
                           .format(path=path, error=exc, hint=tr(RESTORE_HINT)), str(path)) from exc
    finally:
        con.close()
    return rev

def _check_not_locked(path: Path) -> None:
    con = sqlite3.connect(str(path), timeout=1)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.rollback()
    except sqlite3.OperationalError as exc:
        raise StorageError(
            "locked",
            tr(LOCKED).format(path=path),
            str(path),
        ) from exc
    finally:
        con.close()


def open_database(path: Path, backup_dir: Path | None = None, thorough: bool = True,
                  admit: Callable[[Path], tuple[str, str] | None] | None = None) -> Database:
    """Check, back up if needed, migrate and open the database at ``path`` (created if missing).
    ``admit(path)`` runs on an existing file before anything is written: it may refuse the file
    (StorageError) or return (key id, unit code) to record once it is open (desktop.bundle.binding
    ties a commune database to the signing key of its data folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rev = preflight(path, thorough)
    adopt = admit(path) if admit is not None and rev is not None else None
    head = migrate.head_revision()
    if rev is not None and rev != head and backup_dir is not None:
        log.info("backing up %s before migrating %s -> %s", path, rev, head)
        make_backup(path, backup_dir, "truoc-nang-cap")
    if rev is None and not path.exists():
        # made here, 0600, rather than by SQLite with the process's umask: SQLite gives the -wal and
        # -shm files the mode of the database file
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    for side in ("", "-wal", "-shm", "-journal"):  # a file of an earlier version may be 0644
        make_private_file(path.with_name(path.name + side))
    engine = make_engine(path)
    if rev != head:
        migrate.upgrade(engine)
    with engine.begin() as conn:  # stamp once: opening to read must leave the file's bytes alone
        if conn.exec_driver_sql("PRAGMA application_id").scalar() != APPLICATION_ID:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    db = Database(path, engine, sessionmaker(engine, expire_on_commit=False))
    if adopt is not None:  # a database of an earlier version (or from before a rotation) takes its key
        log.info("database %s now records signing key %s of unit %s", path, adopt[0], adopt[1])
        record_signing_key(db, *adopt)
    return db


def record_signing_key(db: Database, key_id: str, unit_code: str) -> None:
    """Record in the database the signing key (and unit) it belongs to: at init, rotation, adoption."""
    with db.session() as s, s.begin():
        for key, value in ((SIGNING_KEY_SETTING, key_id), (SIGNING_UNIT_SETTING, unit_code)):
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value


def _server_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def server_address(url: str) -> str:
    """A database URL as it may be shown or logged: host, port and database, never the password."""
    return url.split("@")[-1]


def open_url(url: str) -> Database:
    """Open (and migrate) a database on a server, e.g. the province's PostgreSQL."""
    from sqlalchemy import text
    from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

    shown = server_address(url)
    try:
        engine = create_engine(_server_url(url), pool_pre_ping=True, hide_parameters=True)
    except (ArgumentError, ImportError) as exc:
        raise StorageError("foreign", tr("Địa chỉ cơ sở dữ liệu không hợp lệ ({address}): {error}. "
                                         "Dạng đúng: postgresql://người_dùng:mật_khẩu@máy_chủ:5432/tên_csdl")
                           .format(address=shown, error=exc)) from exc
    try:
        with engine.connect() as conn:
            try:
                rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except (OperationalError, ProgrammingError):
                conn.rollback()
                rev = None
    except OperationalError as exc:
        engine.dispose()
        raise StorageError("locked", tr("Không kết nối được cơ sở dữ liệu {address}. Kiểm tra máy chủ đang chạy, tên "
                                        "người dùng, mật khẩu và tên cơ sở dữ liệu.").format(address=shown)) from exc
    if rev is not None and rev not in migrate.known_revisions():
        engine.dispose()
        raise StorageError("newer", tr("Cơ sở dữ liệu {address} đã được một phiên bản phần mềm mới hơn ghi (lược đồ "
                                       "{revision}). Hãy cài phiên bản mới nhất của phần mềm.")
                           .format(address=shown, revision=rev))
    if rev != migrate.head_revision():
        migrate.upgrade(engine)
    return Database(None, engine, sessionmaker(engine, expire_on_commit=False))
