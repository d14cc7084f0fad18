"""Entry point: ``python -m desktop`` opens the window; subcommands run headless.

Exit codes: 0 success, 1 the work failed (message says why), 2 usage error or unknown input.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from desktop import __version__
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths
from desktop.shared.fmt import group

log = logging.getLogger("desktop")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a Vietnamese hint
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi cú pháp lệnh: {message}\nXem hướng dẫn: python -m desktop --help\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m desktop", description="Phần mềm quản lý phong trào thi đua cấp xã, phường – tỉnh Bắc Ninh")
    p.add_argument("--version", action="version", version=f"Thi đua Bắc Ninh {__version__}")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: thư mục dữ liệu của người dùng)")
    p.add_argument("--db-url", default=os.environ.get("DESKTOP_DB_URL"),
                   help="cơ sở dữ liệu trên máy chủ thay cho tệp SQLite, ví dụ postgresql://user:pw@host/thidua "
                        "(dùng cho Sở Nội vụ)")
    sub = p.add_subparsers(dest="command")

    init = sub.add_parser("init", help="khởi tạo dữ liệu cho một xã, phường")
    init.add_argument("--commune", required=True, help="mã đơn vị 5 chữ số, ví dụ 09319 (Xã Tiên Du)")
    init.add_argument("--officer", required=True, help="họ tên cán bộ phụ trách")
    init.add_argument("--council", action="append", default=[], metavar="HỌ TÊN|CHỨC DANH|CHỨC VỤ",
                      help="thành viên Hội đồng thi đua (có thể lặp lại)")
    init.add_argument("--province-key", metavar="TỆP", help="tệp khóa công khai của Sở Nội vụ (.json)")
    init.add_argument("--province-fingerprint", metavar="XXXX-XXXX-…",
                      help="vân tay khóa của Sở do Sở đọc qua điện thoại (bắt buộc với --province-key khi bộ cài "
                           "không ghi sẵn khóa của Sở)")

    demo = sub.add_parser("demo", help="tạo dữ liệu mẫu để thử")
    demo.add_argument("--people", type=int, default=500)
    demo.add_argument("--seed", type=int, default=1)

    stats = sub.add_parser("stats", help="thống kê số bản ghi")
    stats.add_argument("--json", action="store_true")

    sub.add_parser("units", help="danh sách mã 99 xã, phường của tỉnh Bắc Ninh")
    sub.add_parser("check", help="kiểm tra toàn vẹn tệp dữ liệu")
    sub.add_parser("backup", help="tạo bản sao lưu ngay")
    restore = sub.add_parser("restore", help="khôi phục từ bản sao lưu")
    restore.add_argument("backup", nargs="?", help="tệp sao lưu; bỏ trống để xem danh sách")
    _register_feature_commands(sub)
    return p


def _setup_logging(paths: Paths) -> None:
    """logs/thidua.log of the data folder, for the window and every headless command alike
    (desktop.app.diagnostics: rotating, UTF-8, 0600, CCCD-shaped numbers masked)."""
    from desktop.app.diagnostics import setup_logging

    setup_logging(paths)


def _out(text: str = "") -> None:
    print(text)


def _open(paths: Paths, thorough: bool = False):
    from desktop.app.workspace import open_workspace

    return open_workspace(paths, thorough)


def _file_only(paths: Paths, what: str) -> None:
    if paths.db_url:
        raise UserError(f"Lệnh {what} chỉ dùng cho tệp dữ liệu SQLite trên máy. Cơ sở dữ liệu trên máy chủ được sao "
                        "lưu và kiểm tra bằng công cụ của máy chủ (ví dụ pg_dump).")


def _require_workspace(db) -> None:
    if db.workspace() is None:
        raise UserError("Chưa khởi tạo dữ liệu xã, phường. Hãy chạy: python -m desktop init --commune MÃ --officer \"HỌ TÊN\"")


def cmd_init(args, paths: Paths) -> int:
    from desktop.core.units import find_unit, unknown_unit_message
    from desktop.app.workspace import CouncilSeat, init_workspace

    if find_unit(args.commune) is None:
        print(unknown_unit_message(args.commune), file=sys.stderr)
        return 2
    seats = []
    for spec in args.council:
        parts = [x.strip() for x in spec.split("|")]
        seats.append(CouncilSeat(parts[0], parts[1] if len(parts) > 1 else "Ủy viên", parts[2] if len(parts) > 2 else ""))
    from desktop.app import commune as bundle_commune
    from desktop.bundle.binding import bind_signing_key
    from desktop.bundle.keys import Protection

    if not bundle_commune.has_signing_key(paths):
        Protection.for_new_key()  # a passphrase too short is refused before anything is written

    province_key = None
    if args.province_key:  # check the province key before anything is written
        try:
            province_key = Path(args.province_key).read_bytes()
        except OSError as exc:
            raise UserError(f"Không đọc được tệp khóa của Sở {args.province_key}: {exc.strerror}.") from exc
        bundle_commune.check_province_key(paths, province_key, args.province_fingerprint)
    db = _open(paths)
    try:
        ws = init_workspace(db, args.commune, args.officer, seats)
        if not bundle_commune.has_signing_key(paths):
            bundle_commune.create_signing_key(paths)
        bind_signing_key(db, paths)  # the database records its key, the key its unit
    finally:
        db.dispose()
    if province_key is not None:
        bundle_commune.install_province_key(paths, province_key, args.province_fingerprint)
    info = bundle_commune.signing_key_info(paths)
    _out(f"Đã khởi tạo dữ liệu cho {ws.unit_name} (mã {ws.unit_code}) tại {paths.data_dir}")
    _out(f"Vân tay khóa ký của đơn vị: {info['fingerprint']}")
    return 0


def cmd_demo(args, paths: Paths) -> int:
    from desktop.app import demo

    if args.people < 0 or args.people > 1_000_000:
        print("Số người phải từ 0 đến 1.000.000.", file=sys.stderr)
        return 2
    db = _open(paths)
    try:
        _require_workspace(db)
        counts = demo.fill(db, people=args.people, seed=args.seed)
    finally:
        db.dispose()
    from desktop.core.labels import KIND_LABELS

    _out("Đã tạo dữ liệu mẫu:")
    for k, v in counts.items():
        _out(f"  {KIND_LABELS.get(k, k)}: {group(v)}")
    return 0


def cmd_stats(args, paths: Paths) -> int:
    from desktop.core.records import KINDS, NAV_ORDER, counts

    db = _open(paths)
    try:
        ws = db.workspace()
        c = counts(db.session)
    finally:
        db.dispose()
    if args.json:
        payload = {
            "unit_code": ws.unit_code if ws else None,
            "unit_name": ws.unit_name if ws else None,
            "counts": c,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _out(f"{ws.unit_name if ws else '(chưa khởi tạo)'}")
        for key in NAV_ORDER:
            _out(f"  {KINDS[key].label}: {c[key]}")
    return 0


def cmd_units(args, paths: Paths) -> int:
    from desktop.core.units import bac_ninh_units

    for u in bac_ninh_units():
        _out(f"{u.code}  {u.name}")
    return 0


def cmd_check(args, paths: Paths) -> int:
    _file_only(paths, "check")
    db = _open(paths, thorough=True)  # the full integrity check; a bad file is refused
    db.dispose()
    _out(f"Tệp dữ liệu {paths.db_file} toàn vẹn.")
    return 0


def cmd_backup(args, paths: Paths) -> int:
    from desktop.store.backup import make_backup

    _file_only(paths, "backup")
    db = _open(paths, thorough=True)  # never back up a damaged file over good backups
    db.dispose()
    target = make_backup(paths.db_file, paths.backup_dir, "thu-cong")
    _out(f"Đã sao lưu vào {target}")
    return 0


def cmd_restore(args, paths: Paths) -> int:
    from desktop.app.workspace import restore_backup
    from desktop.store.backup import list_backups

    _file_only(paths, "restore")
    if not args.backup:
        items = list_backups(paths.backup_dir)
        if not items:
            _out("Chưa có bản sao lưu nào.")
        for b in items:
            _out(f"{b.path}  {b.created:%d/%m/%Y %H:%M}  {b.reason_label}  {b.size // 1024} KB")
        return 0
    from desktop.app.exchange import sent_after

    sent = sent_after(Path(args.backup), paths.db_file) if paths.db_file.exists() else []
    kept = restore_backup(paths, Path(args.backup))
    _out(f"Đã khôi phục dữ liệu từ {args.backup}." + (f" Dữ liệu cũ được giữ tại {kept}." if kept else ""))
    if sent:  # the send counter is kept outside the database file (desktop.app.exchange)
        numbers = ", ".join(str(e["sequence"]) for e in sent)
        _out(f"Bản sao lưu không có các tệp đã gửi Sở sau thời điểm đó (số {numbers}); phần mềm vẫn nhớ chúng: tệp "
             f"gửi tiếp theo là số {max(e['sequence'] for e in sent) + 1}.")
    return 0


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "stats": cmd_stats, "units": cmd_units,
            "check": cmd_check, "backup": cmd_backup, "restore": cmd_restore}

# Feature packages add their own subcommands: each module listed here has
# ``register(sub) -> dict[str, handler]`` where ``sub`` is the argparse subparsers object and each
# handler is called as ``handler(args, paths) -> int`` (UserError is reported like any command's).
COMMAND_MODULES: tuple[str, ...] = ("desktop.cli.exchange", "desktop.cli.printing", "desktop.cli.review")


def _register_feature_commands(sub) -> None:
    import importlib

    for name in COMMAND_MODULES:
        COMMANDS.update(importlib.import_module(name).register(sub))


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    args = build_parser().parse_args(argv)
    paths = Paths.from_arg(args.data_dir, args.db_url)
    _setup_logging(paths)  # the window logs too: the Windows build has no console
    if args.command is None:
        from desktop.ui.app import run

        return run(paths)
    try:
        return COMMANDS[args.command](args, paths)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`, which closed early: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # a bug: log the trace, apologise
        log.exception("command %s failed", args.command)
        print(f"Xin lỗi, phần mềm gặp lỗi không mong muốn. Chi tiết đã ghi vào {paths.log_dir / 'thidua.log'}.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
