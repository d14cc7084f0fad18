"""Moving the province's workspace from its SQLite file to a PostgreSQL server (``province move-to``).

The file is only read (desktop.store.transfer opens it read-only); the server's database must be
empty; every table is copied and verified in one transaction there. Afterwards the province opens
its workspace with ``--db-url`` (desktop.app.workspace.open_workspace → desktop.store.db.open_url)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from desktop.core.labels import NOT_PROVINCE
from desktop.shared.errors import UserError
from desktop.shared.i18n import tr
from desktop.shared.paths import Paths
from desktop.store import transfer
from desktop.store.db import server_address
from desktop.store.models import Workspace as WorkspaceRow
from desktop.store.transfer import Cancelled, Progress, TableCheck

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
PASSWORD_PLACEHOLDER = "MẬT_KHẨU"  # i18n: keep (a placeholder inside a command line, the same in every language)


@dataclass(frozen=True)
class MoveResult:
    address: str  # host:port/database, never the password
    checks: list[TableCheck]
    open_command: str  # how to open the province on the server from now on

    @property
    def rows(self) -> int:
        return sum(c.source_rows for c in self.checks)


def address(url: str) -> str:
    """``url`` as it may be shown: host, port and database, never the password."""
    return server_address(url)


def server_url(url: str, password: str = "") -> str:
    """``url`` checked to be a PostgreSQL address, with ``password`` put in when one is given apart
    (the window's password field). Raises UserError with the right form otherwise."""
    url = url.strip()
    shown = server_address(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(tr("Địa chỉ cơ sở dữ liệu không hợp lệ ({address}). Dạng đúng: "
                           "postgresql://người_dùng@máy_chủ:5432/tên_csdl").format(address=shown)) from exc
    if parsed.drivername not in SCHEMES:
        raise UserError(tr("Địa chỉ {address} không phải một cơ sở dữ liệu PostgreSQL. Dạng đúng: "
                           "postgresql://người_dùng@máy_chủ:5432/tên_csdl").format(address=shown))
    if not parsed.host or not parsed.database:
        raise UserError(tr("Địa chỉ {address} thiếu tên máy chủ hoặc tên cơ sở dữ liệu. Dạng đúng: "
                           "postgresql://người_dùng@máy_chủ:5432/tên_csdl").format(address=shown))
    if password:
        parsed = parsed.set(password=password)
    return parsed.render_as_string(hide_password=False)


def open_command(url: str) -> str:
    """The command that opens the province on the server, the password (if any) as a placeholder."""
    parsed = make_url(url).set(drivername="postgresql")
    if parsed.password is not None:
        parsed = parsed.set(password="PASSWORD")
    shown = parsed.render_as_string(hide_password=False).replace(":PASSWORD@", f":{PASSWORD_PLACEHOLDER}@", 1)
    return f"python -m desktop --db-url {shown}"


def move_to(paths: Paths, url: str, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> MoveResult:
    """Copy the province workspace of ``paths`` (its SQLite file, untouched) to the empty PostgreSQL
    database at ``url``; every table verified. Raises UserError (nothing written there) otherwise."""
    if paths.db_url:
        raise UserError(tr("Dữ liệu đang mở trên máy chủ ({address}), không phải tệp SQLite trên máy này: không có gì "
                           "để chuyển.").format(address=server_address(paths.db_url)))
    url = server_url(url)
    source = transfer.open_readonly(paths.db_file)
    try:
        with source.connect() as conn:
            row = conn.execute(select(WorkspaceRow.kind).limit(1)).scalar()
        if row != "province":
            raise UserError(tr(NOT_PROVINCE))
        target = transfer.connect_target(url)
        try:
            checks = transfer.copy_database(source, target, progress, cancelled)
        finally:
            target.dispose()
    finally:
        source.dispose()
    return MoveResult(server_address(url), checks, open_command(url))
