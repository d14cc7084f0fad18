"""Setting up and describing the workspace: which commune (or the province), who keeps it, the council.

``Workspace`` is what a headless command (desktop.cli) or any other Qt-free caller holds: the data
folder's ``Paths``, its database (opened on first use, through ``open_workspace``), whether it is a
commune or the province (from the workspace row), the officer and the catalog; ``require_commune`` /
``require_province`` refuse with the one message each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop import __version__
from desktop.bundle.binding import admission
from desktop.core.labels import NOT_PROVINCE, NOT_SET_UP
from desktop.core.records import Records
from desktop.core.units import Unit, find_unit, unknown_unit_message
from desktop.shared.contacts import Contact, clean_email, clean_phone, email_problem, phone_problem
from desktop.shared.errors import UserError, ValidationError
from desktop.shared.i18n import tr
from desktop.shared.paths import Paths
from desktop.shared.text import nfc, text_problem
from desktop.store import backup as store_backup
from desktop.store.db import Database, open_database, open_url
from desktop.store.models import Workspace as WorkspaceRow

if TYPE_CHECKING:
    from desktop.core.catalog import Catalog



@dataclass(frozen=True)
class CouncilSeat:
    full_name: str
    role: str
    position: str = ""


def validate_officer(name: str) -> str:
    name = nfc(name)
    if not name:
        raise ValidationError({"officer": tr("Chưa nhập họ tên cán bộ phụ trách thi đua.")})
    if len(name) > 100:
        raise ValidationError({"officer": tr("Họ tên cán bộ dài quá 100 ký tự.")})
    problem = text_problem(name, translate=True)  # the name travels in the enrolment request to the province
    if problem:
        raise ValidationError({"officer": tr("{field} {problem}. Hãy xóa ký tự đó (thường lẫn vào khi dán từ nơi "
                                             "khác) rồi lưu lại.").format(field=tr("Họ tên cán bộ"), problem=problem)})
    return name


def init_workspace(db: Database, unit_code: str, officer: str,
                   council: list[CouncilSeat] | None = None, phone: str = "", email: str = "") -> WorkspaceRow:
    """Create the workspace row (once). Raises UserError for an unknown unit or a second init.
    ``phone``, ``email``: how the province reaches the officer (optional, checked like the province does)."""
    unit: Unit | None = find_unit(unit_code)
    if unit is None:
        raise UserError(unknown_unit_message(unit_code))
    officer = validate_officer(officer)
    phone, email = validate_contact(phone, email)
    records = Records(db.session, officer)
    # validate every council seat before writing anything
    cleaned = []
    for i, seat in enumerate(council or [], start=1):
        values, errors, _ = records.clean("council", {"full_name": seat.full_name, "role": seat.role,
                                                      "position": seat.position, "sort_order": i})
        if errors:
            raise ValidationError({f"council[{i}].{k}": tr("Thành viên thứ {number}: {problem}").format(number=i, problem=m)
                                   for k, m in errors.items()})
        cleaned.append(values)
    with db.session() as s, s.begin():
        existing = s.scalar(select(WorkspaceRow).limit(1))
        if existing is not None:
            if existing.unit_code == unit.code:
                raise UserError(tr("Dữ liệu này đã được khởi tạo cho {unit}; không cần khởi tạo lại.")
                                .format(unit=existing.unit_name))
            raise UserError(tr(
                "Thư mục dữ liệu này thuộc {unit} (mã {code}), không thể khởi tạo "
                "cho {other_unit}. Hãy dùng thư mục dữ liệu khác.").format(
                    unit=existing.unit_name, code=existing.unit_code, other_unit=unit.name))
        ws = WorkspaceRow(kind="commune", unit_code=unit.code, unit_name=unit.name, officer_name=officer,
                          officer_phone=phone, officer_email=email, created_by_version=__version__)
        s.add(ws)
    for values in cleaned:
        records.create("council", values)
    return db.workspace()  # type: ignore[return-value]


def set_officer(db: Database, officer: str) -> None:
    officer = validate_officer(officer)
    with db.session() as s, s.begin():
        ws = s.scalar(select(WorkspaceRow).limit(1))
        if ws is None:
            raise UserError(tr(NOT_SET_UP))
        ws.officer_name = officer


def validate_contact(phone: str, email: str) -> tuple[str, str]:
    """The officer's phone and e-mail as stored and sent (desktop.shared.contacts: the rule the
    province checks); a ValidationError per field otherwise."""
    phone, email = clean_phone(phone), clean_email(email)
    errors = {k: v for k, v in (("phone", phone_problem(phone, translate=True)),
                                ("email", email_problem(email, translate=True))) if v}
    if errors:
        raise ValidationError(errors)
    return phone, email


def set_contact(db: Database, phone: str, email: str) -> None:
    """The phone and e-mail the province reaches the officer by (sent with the next enrolment request
    and data file)."""
    phone, email = validate_contact(phone, email)
    with db.session() as s, s.begin():
        ws = s.scalar(select(WorkspaceRow).limit(1))
        if ws is None:
            raise UserError(tr(NOT_SET_UP))
        ws.officer_phone, ws.officer_email = phone, email


def officer_contact(ws: WorkspaceRow) -> Contact | None:
    """What a request or a data file carries about its officer; None for a workspace without any."""
    c = Contact(ws.officer_name or "", ws.officer_phone or "", ws.officer_email or "")
    return None if c.empty else c


def open_workspace(paths: Paths, thorough: bool = False) -> Database:
    """The workspace database of ``paths``: the SQLite file in its data folder (refused if it belongs
    to another signing key than the one in the folder's keys/), or its server URL. ``thorough``: the
    full integrity check (the check, backup and restore commands) instead of the quick one."""
    paths.ensure()
    if paths.db_url:
        return open_url(paths.db_url)
    return open_database(paths.db_file, paths.backup_dir, thorough, admit=admission(paths.keys_dir))


def make_backup(paths: Paths, reason: str) -> Path:
    """A backup of the data folder's database file now (desktop.store.backup.make_backup)."""
    return store_backup.make_backup(paths.db_file, paths.backup_dir, reason)


def list_backups(paths: Paths) -> list:
    """The backups of the data folder, newest first (desktop.store.backup.list_backups)."""
    return store_backup.list_backups(paths.backup_dir)


def restore_backup(paths: Paths, backup: Path) -> Path | None:
    """Replace the data folder's database with ``backup`` (desktop.store.backup.restore_backup); what
    only the current file records about the files sent to the province is kept first
    (desktop.app.exchange.capture). Returns where the previous file was kept, if anywhere."""
    from desktop.app.exchange import capture

    return store_backup.restore_backup(backup, paths.db_file, paths.backup_dir, before_replace=capture)


class Workspace:
    """One workspace as a headless command holds it: ``with Workspace(paths) as ws: ws.require_commune()``.

    The database is opened on first use (``db``), once, through ``open_workspace`` (so the data
    folder's SQLite file or the server of ``paths.db_url``); closing disposes of it if it was opened.
    ``thorough``: open with the full integrity check (check, backup)."""

    def __init__(self, paths: Paths, thorough: bool = False):
        self.paths = paths
        self.thorough = thorough
        self._db: Database | None = None
        self._catalog: Catalog | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_workspace(self.paths, self.thorough)
        return self._db

    def open(self) -> Database:
        """Open the database now (the checks ``open_workspace`` runs refuse a bad file here)."""
        return self.db

    @property
    def opened(self) -> bool:
        return self._db is not None

    @property
    def row(self) -> WorkspaceRow | None:
        """The workspace row (None before init), read afresh."""
        return self.db.workspace()

    @property
    def kind(self) -> str | None:
        """"commune", "province", or None before the data folder is set up."""
        row = self.row
        return row.kind if row is not None else None

    @property
    def is_commune(self) -> bool:
        return self.kind == "commune"

    @property
    def is_province(self) -> bool:
        return self.kind == "province"

    @property
    def actor(self) -> str:
        """The officer in charge (recorded as the author of changes); "" before init."""
        row = self.row
        return row.officer_name if row is not None else ""

    @property
    def catalog(self):
        """The catalog in use: the version the province sent last (``receive``, kept in
        ``<data dir>/catalogs/<version>/`` and named by a setting), else the shipped one
        (resources/catalog). A folder not set up yet has the shipped one."""
        if self._catalog is None:
            from desktop.app.catalogs import catalog_in_use

            present = self._db is not None or bool(self.paths.db_url) or self.paths.db_file.exists()
            db = self.db if present and self.row is not None else None
            self._catalog = catalog_in_use(db, self.paths.data_dir)
        return self._catalog

    def require_commune(self) -> WorkspaceRow:
        row = self.row
        if row is None or row.kind != "commune":
            raise UserError(tr(NOT_SET_UP))
        return row

    def require_province(self) -> WorkspaceRow:
        row = self.row
        if row is None or row.kind != "province":
            raise UserError(tr(NOT_PROVINCE))
        return row

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
