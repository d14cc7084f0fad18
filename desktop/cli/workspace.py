"""Headless commands that set up the data folder: ``init``, ``units``."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.cli.registry import Command
from desktop.shared.errors import UserError

AREA = "Khởi tạo dữ liệu"


def _init_arguments(p) -> None:
    p.add_argument("--commune", required=True, help="mã đơn vị 5 chữ số, ví dụ 09319 (Xã Tiên Du)")
    p.add_argument("--officer", required=True, help="họ tên cán bộ phụ trách")
    p.add_argument("--council", action="append", default=[], metavar="HỌ TÊN|CHỨC DANH|CHỨC VỤ",
                   help="thành viên Hội đồng thi đua (có thể lặp lại)")
    p.add_argument("--province-key", metavar="TỆP", help="tệp khóa công khai của Sở Nội vụ (.json)")
    p.add_argument("--province-fingerprint", metavar="XXXX-XXXX-…",
                   help="vân tay khóa của Sở do Sở đọc qua điện thoại (bắt buộc với --province-key khi bộ cài "
                        "không ghi sẵn khóa của Sở)")


def _known_unit(args) -> int | None:
    from desktop.core.units import find_unit, unknown_unit_message

    if find_unit(args.commune) is None:
        print(unknown_unit_message(args.commune), file=sys.stderr)
        return 2
    return None


def cmd_init(args, ws) -> int:
    from desktop.app import commune as bundle_commune
    from desktop.app.workspace import CouncilSeat, init_workspace
    from desktop.bundle.binding import bind_signing_key
    from desktop.bundle.keys import Protection

    paths = ws.paths
    seats = []
    for spec in args.council:
        parts = [x.strip() for x in spec.split("|")]
        seats.append(CouncilSeat(parts[0], parts[1] if len(parts) > 1 else "Ủy viên",
                                 parts[2] if len(parts) > 2 else ""))
    if not bundle_commune.has_signing_key(paths):
        Protection.for_new_key()  # a passphrase too short is refused before anything is written
    province_key = None
    if args.province_key:  # check the province key before anything is written
        try:
            province_key = Path(args.province_key).read_bytes()
        except OSError as exc:
            raise UserError(f"Không đọc được tệp khóa của Sở {args.province_key}: {exc.strerror}.") from exc
        bundle_commune.check_province_key(paths, province_key, args.province_fingerprint)
    row = init_workspace(ws.db, args.commune, args.officer, seats)  # the database is opened here
    if not bundle_commune.has_signing_key(paths):
        bundle_commune.create_signing_key(paths)
    bind_signing_key(ws.db, paths)  # the database records its key, the key its unit
    ws.close()
    if province_key is not None:
        bundle_commune.install_province_key(paths, province_key, args.province_fingerprint)
    info = bundle_commune.signing_key_info(paths)
    print(f"Đã khởi tạo dữ liệu cho {row.unit_name} (mã {row.unit_code}) tại {paths.data_dir}")
    print(f"Vân tay khóa ký của đơn vị: {info['fingerprint']}")
    return 0


def cmd_units(args, ws) -> int:
    from desktop.core.units import bac_ninh_units

    for u in bac_ninh_units():
        print(f"{u.code}  {u.name}")
    return 0


COMMANDS = [
    Command("init", AREA, "khởi tạo dữ liệu cho một xã, phường", cmd_init, needs="any",
            arguments=_init_arguments, validate=_known_unit),
    Command("units", AREA, "danh sách mã 99 xã, phường của tỉnh Bắc Ninh", cmd_units, needs="none"),
]
