"""Setting up and describing the workspace: which commune, who keeps it, the council."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop import __version__
from desktop.shared.errors import UserError, ValidationError
from desktop.shared.i18n import tr
from desktop.core.records import Records
from desktop.shared.text import nfc, text_problem
from desktop.core.units import Unit, find_unit, unknown_unit_message
from desktop.bundle.binding import admission
from desktop.shared.paths import Paths
from desktop.store import backup as store_backup
from desktop.store.db import Database, open_database, open_url
from desktop.store.models import Workspace


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
                   council: list[CouncilSeat] | None = None) -> Workspace:
    """Create the workspace row (once). Raises UserError for an unknown unit or a second init."""
    unit: Unit | None = find_unit(unit_code)
    if unit is None:
        raise UserError(unknown_unit_message(unit_code))
    officer = validate_officer(officer)
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
        existing = s.scalar(select(Workspace).limit(1))
        if existing is not None:
            if existing.unit_code == unit.code:
                raise UserError(tr("Dữ liệu này đã được khởi tạo cho {unit}; không cần khởi tạo lại.")
                                .format(unit=existing.unit_name))
            raise UserError(tr(
                "Thư mục dữ liệu này thuộc {unit} (mã {code}), không thể khởi tạo "
                "cho {other_unit}. Hãy dùng thư mục dữ liệu khác.").format(
                    unit=existing.unit_name, code=existing.unit_code, other_unit=unit.name))
        ws = Workspace(kind="commune", unit_code=unit.code, unit_name=unit.name, officer_name=officer,
                       created_by_version=__version__)
        s.add(ws)
    for values in cleaned:
        records.create("council", values)
    return db.workspace()  # type: ignore[return-value]


def set_officer(db: Database, officer: str) -> None:
    officer = validate_officer(officer)
    with db.session() as s, s.begin():
        ws = s.scalar(select(Workspace).limit(1))
        if ws is None:
            raise UserError(tr("Chưa khởi tạo dữ liệu xã, phường."))
        ws.officer_name = officer


def open_workspace(paths: Paths, thorough: bool = False) -> Database:
    """The workspace database of ``paths``: the SQLite file in its data folder (refused if it belongs
    to another signing key than the one in the folder's keys/), or its server URL. ``thorough``: the
    full integrity check (the check, backup and restore commands) instead of the quick one."""
    paths.ensure()
    if paths.db_url:
        return open_url(paths.db_url)
    return open_database(paths.db_file, paths.backup_dir, thorough, admit=admission(paths.keys_dir))


def restore_backup(paths: Paths, backup: Path) -> Path | None:
    """Replace the data folder's database with ``backup`` (desktop.store.backup.restore_backup); what
    only the current file records about the files sent to the province is kept first
    (desktop.app.exchange.capture). Returns where the previous file was kept, if anywhere."""
    from desktop.app.exchange import capture

    return store_backup.restore_backup(backup, paths.db_file, paths.backup_dir, before_replace=capture)
