"""Copying a workspace database from its SQLite file to an empty PostgreSQL database, verified.

Every table of the schema (``Base.metadata``, not a hand list) is copied in one transaction on the
target: the schema made there by the migrations (Alembic, to the same head), the foreign keys of the
copied tables dropped meanwhile and created again afterwards (which checks every reference), the
serial/identity sequences moved past the largest key, then every table read back and compared with
the source — row count and a content hash over one canonical row encoding on both sides. Any failure,
a difference or a cancel rolls the whole transaction back: the target is left as it was found.

The SQLite file is opened read-only (``mode=ro``) and read in one read transaction (one snapshot);
rows stream in batches, so memory stays flat whatever the size of the data.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import logging
import sqlite3
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from desktop.shared.errors import UserError
from desktop.shared.i18n import tr
from desktop.store import migrate
from desktop.store.db import _check_contents, _server_url, server_address
from desktop.store.errors import StorageError
from desktop.store.models import Base

log = logging.getLogger(__name__)

BATCH_ROWS = 1000
BATCH_BYTES = 8 * 1024 * 1024  # a batch of large rows (the raw data files) is cut earlier
_MOD = 1 << 256
# one key for every move: two moves into the same database wait for each other, the second then finds data
_LOCK_KEY = 0x7468_6964_7561  # "thidua"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class TableCheck:
    """One table on both sides: row counts and content hashes."""

    name: str
    source_rows: int
    target_rows: int
    source_hash: str
    target_hash: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_hash == self.target_hash


class TransferCancelled(UserError):
    pass


class TransferMismatch(UserError):
    """The copy read back differs from the source: rolled back. ``checks`` says where."""

    def __init__(self, message: str, checks: list[TableCheck]):
        super().__init__(message)
        self.checks = checks


# ---------------------------------------------------------------------------- the canonical encoding


def canonical(value: Any) -> bytes:
    """One value as bytes, the same whichever database returned it: a type tag, then its text.
    Booleans before integers (bool is an int), aware datetimes in UTC, decimals normalised, bytes as
    they are, NULL its own tag."""
    if value is None:
        return b"N"
    if isinstance(value, bool):
        return b"T" if value else b"F"
    if isinstance(value, int):
        return b"i" + str(value).encode()
    if isinstance(value, decimal.Decimal):
        return b"d" + format(value.normalize(), "f").encode()
    if isinstance(value, float):
        return b"f" + repr(value).encode()
    if isinstance(value, str):
        return b"s" + value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return b"b" + bytes(value)
    if isinstance(value, dt.datetime):
        stamp: dt.datetime = value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
        return b"t" + stamp.isoformat(timespec="microseconds").encode()
    if isinstance(value, dt.date):
        return b"D" + value.isoformat().encode()
    if isinstance(value, dt.time):
        return b"h" + value.isoformat(timespec="microseconds").encode()
    raise TypeError(f"no canonical encoding for {type(value).__name__}")


def row_digest(row: tuple[Any, ...]) -> int:
    """A row's SHA-256 over its values, each length-prefixed (no two rows encode alike)."""
    h = hashlib.sha256()
    for value in row:
        data = canonical(value)
        h.update(struct.pack(">Q", len(data)))
        h.update(data)
    return int.from_bytes(h.digest(), "big")


class TableHash:
    """A table's content hash: its name and columns, its row count and the sum of its rows' digests
    modulo 2^256, so the order the database returns rows in (collations differ) does not matter."""

    def __init__(self, table: Table):
        self.header = (table.name + "(" + ",".join(c.name for c in table.columns) + ")").encode()
        self.rows = 0
        self.total = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows += 1
        self.total = (self.total + row_digest(row)) % _MOD

    def hexdigest(self) -> str:
        h = hashlib.sha256(self.header)
        h.update(struct.pack(">Q", self.rows))
        h.update(self.total.to_bytes(32, "big"))
        return h.hexdigest()


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


# ---------------------------------------------------------------------------- the two sides


def open_readonly(path: Path) -> Engine:
    """The SQLite file at ``path`` for reading only: checked (ours, intact, a known revision) and
    opened with mode=ro, so not one byte of it changes."""
    if not path.is_file():
        raise StorageError("missing_dir", tr("Không tìm thấy tệp dữ liệu {path}.").format(path=path), str(path))
    _check_contents(path, thorough=True)
    uri = path.resolve().as_uri() + "?mode=ro"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                         hide_parameters=True)


def source_revision(conn: Connection) -> str | None:
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def connect_target(url: str) -> Engine:
    """An engine on the PostgreSQL server of ``url``, the server reached once (clear message if not)."""
    shown = server_address(url)
    if not url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        raise StorageError("foreign", tr("Địa chỉ {address} không phải một cơ sở dữ liệu PostgreSQL. Dạng đúng: "
                                         "postgresql://người_dùng@máy_chủ:5432/tên_csdl").format(address=shown))
    try:
        engine = create_engine(_server_url(url), hide_parameters=True)
    except Exception as exc:  # ArgumentError, a missing driver, a malformed port
        raise StorageError("foreign", tr("Địa chỉ cơ sở dữ liệu không hợp lệ ({address}). Dạng đúng: "
                                         "postgresql://người_dùng@máy_chủ:5432/tên_csdl")
                           .format(address=shown)) from exc
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        raise StorageError("locked", tr("Không kết nối được cơ sở dữ liệu {address}. Kiểm tra máy chủ đang chạy, tên "
                                        "người dùng, mật khẩu và tên cơ sở dữ liệu.").format(address=shown)) from exc
    if engine.dialect.name != "postgresql":  # pragma: no cover - the prefix check above
        engine.dispose()
        raise StorageError("foreign", tr("Địa chỉ {address} không phải một cơ sở dữ liệu PostgreSQL.")
                           .format(address=shown))
    return engine


def _check_target_empty(conn: Connection, shown: str) -> str | None:
    """Refuse a target holding anything but an empty schema of ours. Returns its revision (or None)."""
    present = set(inspect(conn).get_table_names())
    ours = {t.name for t in tables()}
    foreign = sorted(present - ours - {"alembic_version"})
    if foreign:
        raise UserError(tr("Cơ sở dữ liệu {address} đã có bảng không thuộc phần mềm ({tables}). Hãy chuyển vào một "
                           "cơ sở dữ liệu mới, trống.").format(address=shown, tables=", ".join(foreign[:5])))
    full = [t.name for t in tables() if t.name in present
            and conn.execute(select(func.count()).select_from(t)).scalar()]
    if full:
        raise UserError(tr("Cơ sở dữ liệu {address} đã có dữ liệu (bảng {tables}). Không chuyển vào đó để khỏi lẫn "
                           "hoặc ghi đè; hãy dùng một cơ sở dữ liệu mới, trống.")
                        .format(address=shown, tables=", ".join(full[:5])))
    rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() \
        if "alembic_version" in present else None
    if rev is not None and rev not in migrate.known_revisions():
        raise UserError(tr("Cơ sở dữ liệu {address} đã được một phiên bản phần mềm mới hơn tạo (lược đồ {revision}). "
                           "Hãy dùng một cơ sở dữ liệu mới, trống.").format(address=shown, revision=rev))
    return rev


def _migrate_in(conn: Connection) -> None:
    """The migrations, to head, inside the transaction already open on ``conn``."""
    from alembic import command

    cfg = migrate.alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def _foreign_keys(conn: Connection, names: list[str]) -> list[tuple[str, str, str]]:
    """(table, constraint, definition) of every foreign key on the copied tables, exactly as created."""
    rows = conn.execute(text(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
        "WHERE c.contype = 'f' AND n.nspname = current_schema() AND r.relname = ANY(:names) ORDER BY 1, 2"),
        {"names": names}).all()
    return [(t, c, d) for t, c, d in rows]


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _batches(conn: Connection, table: Table) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``table`` in batches of at most BATCH_ROWS rows or about BATCH_BYTES bytes."""
    query = select(table).order_by(*table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(query)
    batch: list[tuple[Any, ...]] = []
    size = 0
    for row in result:
        values = tuple(row)
        batch.append(values)
        size += sum(len(v) for v in values if isinstance(v, (str, bytes, memoryview)))
        if len(batch) >= BATCH_ROWS or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _first_line(exc: DBAPIError) -> str:
    """The server's reason in one line (its DETAIL line, which may quote the values, left out)."""
    lines = str(exc.orig).strip().splitlines()
    return lines[0][:300] if lines else type(exc.orig).__name__


def _reset_sequences(conn: Connection, table: Table) -> None:
    for column in table.primary_key.columns:
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                           {"t": _quote(conn, table.name), "c": column.name}).scalar()
        if seq is None:
            continue
        col, tab = _quote(conn, column.name), _quote(conn, table.name)
        conn.execute(text(f"SELECT setval(:s, COALESCE(MAX({col}), 1), MAX({col}) IS NOT NULL) FROM {tab}"),
                     {"s": seq})


@dataclass
class _Plan:
    tables: list[Table]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return 2 * sum(self.counts.values())  # copied, then read back


def _source_plan(source: Connection) -> _Plan:
    """The tables to copy and their row counts; refuses a file whose tables the schema does not know."""
    present = set(inspect(source).get_table_names()) - {"alembic_version"}
    ours = tables()
    unknown = sorted(present - {t.name for t in ours})
    if unknown:
        raise UserError(tr("Tệp dữ liệu có bảng phần mềm không biết ({tables}), không chuyển được trọn vẹn. Hãy cài "
                           "phiên bản mới nhất của phần mềm.").format(tables=", ".join(unknown[:5])))
    missing = sorted(t.name for t in ours if t.name not in present)
    if missing:
        raise UserError(tr("Tệp dữ liệu thiếu bảng {tables}; hãy mở tệp bằng phần mềm một lần (để nâng cấp) rồi "
                           "chuyển lại.").format(tables=", ".join(missing[:5])))
    counts = {t.name: int(source.execute(select(func.count()).select_from(t)).scalar() or 0) for t in ours}
    return _Plan(ours, counts)


def copy_database(source_engine: Engine, target_engine: Engine, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> list[TableCheck]:
    """Copy every table from ``source_engine`` (SQLite, read-only) into ``target_engine`` (an empty
    PostgreSQL database), verified, in one transaction on the target. Returns the checks, all equal;
    raises (target rolled back) on a refusal, a cancel, a difference or any failure."""
    progress = progress or (lambda _d, _t: None)
    cancelled = cancelled or (lambda: False)
    shown = server_address(target_engine.url.render_as_string(hide_password=True))
    with source_engine.connect() as source, target_engine.connect() as target:
        source.exec_driver_sql("BEGIN")  # one snapshot of the file for the counts, the copy and its hashes
        rev = source_revision(source)
        if rev != migrate.head_revision():
            raise UserError(tr("Tệp dữ liệu đang ở lược đồ {revision}, chưa phải bản mới nhất. Hãy mở tệp bằng phần "
                               "mềm này một lần (để nâng cấp) rồi chuyển lại.").format(revision=rev))
        plan = _source_plan(source)
        with target.begin():
            target.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            if _check_target_empty(target, shown) != migrate.head_revision():
                _migrate_in(target)
            checks = _copy_all(source, target, plan, progress, cancelled)
            bad = [c for c in checks if not c.ok]
            if bad:
                raise TransferMismatch(tr("Dữ liệu chép sang khác bản gốc ở bảng {tables}; đã hủy, cơ sở dữ liệu đích "
                                          "vẫn trống. Hãy gửi báo lỗi cho bộ phận hỗ trợ.")
                                       .format(tables=", ".join(c.name for c in bad)), checks)
        source.rollback()
    return checks


def _copy_all(source: Connection, target: Connection, plan: _Plan, progress: Progress,
              cancelled: Cancelled) -> list[TableCheck]:
    names = [t.name for t in plan.tables]
    fks = _foreign_keys(target, names)
    for owner, name, _ in fks:  # any order of rows is then fine; recreating them checks every reference
        target.execute(text(f"ALTER TABLE {owner} DROP CONSTRAINT {_quote(target, name)}"))
    done = 0
    source_hashes: dict[str, TableHash] = {}
    for table in plan.tables:
        keys = [c.key for c in table.columns]
        digest = source_hashes[table.name] = TableHash(table)
        for batch in _batches(source, table):
            if cancelled():
                raise TransferCancelled(tr("Đã hủy chuyển dữ liệu; cơ sở dữ liệu đích vẫn trống như trước."))
            for row in batch:
                digest.add(row)
            try:
                target.execute(table.insert(), [dict(zip(keys, row, strict=True)) for row in batch])
            except DBAPIError as exc:
                raise UserError(tr("Không chép được bảng {table} sang máy chủ ({error}); đã hủy, cơ sở dữ liệu đích "
                                   "vẫn trống.").format(table=table.name, error=_first_line(exc))) from exc
            done += len(batch)
            progress(done, plan.total)
        _reset_sequences(target, table)
    for owner, name, definition in fks:
        try:
            target.execute(text(f"ALTER TABLE {owner} ADD CONSTRAINT {_quote(target, name)} {definition}"))
        except DBAPIError as exc:
            raise UserError(tr("Tệp dữ liệu có liên kết hỏng trong bảng {table}; đã hủy, cơ sở dữ liệu đích vẫn trống. "
                               "Hãy chạy lệnh check với tệp rồi gửi báo lỗi.").format(table=owner)) from exc
    checks = []
    for table in plan.tables:
        theirs = TableHash(table)
        for batch in _batches(target, table):
            if cancelled():
                raise TransferCancelled(tr("Đã hủy chuyển dữ liệu; cơ sở dữ liệu đích vẫn trống như trước."))
            for row in batch:
                theirs.add(row)
            done += len(batch)
            progress(done, plan.total)
        mine = source_hashes[table.name]
        checks.append(TableCheck(table.name, mine.rows, theirs.rows, mine.hexdigest(), theirs.hexdigest()))
    log.info("copied %d tables, %d rows", len(checks), sum(c.source_rows for c in checks))
    return checks


def table_hashes(engine: Engine) -> dict[str, tuple[int, str]]:
    """{table: (rows, content hash)} of every table of the schema in ``engine`` (either database)."""
    out = {}
    with engine.connect() as conn:
        for table in tables():
            h = TableHash(table)
            for batch in _batches(conn, table):
                for row in batch:
                    h.add(row)
            out[table.name] = (h.rows, h.hexdigest())
    return out
