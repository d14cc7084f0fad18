"""Setting up and describing the workspace: which commune, who keeps it, the council."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop import __version__
from desktop.core.errors import UserError, ValidationError
from desktop.core.i18n import tr
from desktop.core.records import Records
from desktop.core.text import nfc, text_problem
from desktop.core.units import Unit, find_unit, unknown_unit_message
from desktop.store.db import Database
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
