"""The one registry of headless commands: ``python -m desktop LỆNH ...``.

Each command is declared once, in the cli module of its area, as a ``Command``: its name, its area
(the Vietnamese group title ``--help`` lists it under), its help, its arguments and what it needs of
the workspace. ``run`` parses once, sets up logging once, opens the workspace once (through
desktop.app.workspace.Workspace, so --data-dir and --db-url hold for every command), checks the
requirement, calls ``handler(args, ws)`` and closes.

Needs: "none" (no database: units, the catalog), "commune" (an initialised commune), "province"
(the province's database), "any" (whatever the folder holds, even nothing yet), "file" (the SQLite
file of the data folder only: check, backup, restore).

Exit codes: 0 success, 1 the work failed (message says why), 2 usage error or unknown input.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from desktop import __version__
from desktop.shared.errors import UserError
from desktop.shared.paths import Paths

log = logging.getLogger("desktop")

NEEDS = ("none", "commune", "province", "any", "file")
Needs = str | Callable[[argparse.Namespace], str]

# The cli modules of the areas, in the order --help lists their groups; each has COMMANDS.
COMMAND_MODULES: tuple[str, ...] = ("desktop.cli.workspace", "desktop.cli.records", "desktop.cli.backup",
                                 "desktop.cli.printing", "desktop.cli.documents", "desktop.cli.review",
                                 "desktop.cli.special", "desktop.cli.exchange", "desktop.cli.culture")

FILE_ONLY = ("Lệnh {what} chỉ dùng cho tệp dữ liệu SQLite trên máy. Cơ sở dữ liệu trên máy chủ được sao "
             "lưu và kiểm tra bằng công cụ của máy chủ (ví dụ pg_dump).")
UNEXPECTED = "Xin lỗi, phần mềm gặp lỗi không mong muốn. Chi tiết đã ghi vào {log}."


@dataclass(frozen=True)
class Command:
    name: str
    area: str  # the Vietnamese group title in --help
    help: str
    handler: Callable  # handler(args, ws) -> exit code
    needs: Needs = "commune"  # one of NEEDS, or a function of the parsed arguments giving one
    arguments: Callable[[argparse.ArgumentParser], object] | None = None
    # checks of the arguments alone, before the workspace is opened: an exit code stops the command
    validate: Callable[[argparse.Namespace], int | None] | None = None
    thorough: bool = False  # open with the full integrity check (check, backup)

    def needs_for(self, args: argparse.Namespace) -> str:
        needs = self.needs(args) if callable(self.needs) else self.needs
        assert needs in NEEDS, needs
        return needs


def commands() -> list[Command]:
    """Every registered command, in the order of COMMAND_MODULES and of each module's COMMANDS."""
    out: list[Command] = []
    for name in COMMAND_MODULES:
        out += importlib.import_module(name).COMMANDS
    names = [c.name for c in out]
    assert len(names) == len(set(names)), f"a command is registered twice: {names}"
    return out


# --------------------------------------------------------------------------- the parser, in Vietnamese


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


# argparse's own error texts (Python's gettext msgids), in Vietnamese
_ERRORS = (("the following arguments are required: ", "thiếu các đối số bắt buộc: "),
           ("unrecognized arguments: ", "đối số không nhận ra: "),
           ("invalid choice: ", "lựa chọn không hợp lệ: "),
           ("(choose from ", "(chọn trong "),
           ("invalid int value: ", "không phải số nguyên: "),
           ("expected one argument", "cần một giá trị"),
           ("expected at least one argument", "cần ít nhất một giá trị"),
           ("argument ", "đối số "),
           ("ambiguous option: ", "tùy chọn không rõ: "),
           ("could match ", "có thể là "))


class Parser(argparse.ArgumentParser):
    """argparse in Vietnamese: its headings, its -h and its errors (usage errors exit 2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="xem hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in _ERRORS:
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi cú pháp lệnh: {message}\nXem hướng dẫn: python -m desktop --help\n")


class _TopParser(Parser):
    """The top level: its --help lists the commands grouped by area."""

    areas: dict[str, list[Command]]

    def format_help(self) -> str:
        text = super().format_help()
        width = max((len(c.name) for cs in self.areas.values() for c in cs), default=0) + 2
        lines = []
        for area, cmds in self.areas.items():
            lines.append(f"\n{area}:")
            lines += [f"  {c.name.ljust(width)}{c.help}" for c in cmds]
        lines.append("\nXem hướng dẫn của một lệnh: python -m desktop LỆNH --help")
        return text + "\n".join(lines) + "\n"


def build_parser(registered: list[Command] | None = None) -> argparse.ArgumentParser:
    registered = commands() if registered is None else registered
    p = _TopParser(prog="python -m desktop",
                   description="Phần mềm quản lý phong trào thi đua cấp xã, phường – tỉnh Bắc Ninh. Không có LỆNH: "
                               "mở cửa sổ phần mềm.")
    p.add_argument("--version", action="version", version=f"Thi đua Bắc Ninh {__version__}",
                   help="xem phiên bản rồi thoát")
    p.add_argument("--data-dir", metavar="THƯ_MỤC", help="thư mục dữ liệu (mặc định: thư mục dữ liệu của người dùng)")
    p.add_argument("--db-url", metavar="URL", default=os.environ.get("DESKTOP_DB_URL"),
                   help="cơ sở dữ liệu trên máy chủ thay cho tệp SQLite, ví dụ postgresql://user:pw@host/thidua "
                        "(dùng cho Sở Nội vụ)")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", title="lệnh", parser_class=Parser,
                           help="một trong các lệnh dưới đây (theo nhóm)")
    p.areas = {}
    for c in registered:
        cp = sub.add_parser(c.name, description=c.help)
        if c.arguments is not None:
            c.arguments(cp)
        cp.set_defaults(_command=c)
        p.areas.setdefault(c.area, []).append(c)
    return p


# --------------------------------------------------------------------------- running one


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line once (exits 2 on a usage error, 0 after --help / --version)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    return build_parser().parse_args(argv)


def paths_of(args: argparse.Namespace) -> Paths:
    return Paths.from_arg(args.data_dir, args.db_url)


def setup_logging(paths: Paths) -> None:
    """logs/thidua.log of the data folder, for the window and every headless command alike
    (desktop.app.diagnostics: rotating, UTF-8, 0600, CCCD-shaped numbers masked)."""
    from desktop.app.diagnostics import setup_logging as setup

    setup(paths)


def check_needs(needs: str, ws, name: str) -> None:
    if needs == "commune":
        ws.require_commune()
    elif needs == "province":
        ws.require_province()
    elif needs == "file" and ws.paths.db_url:
        raise UserError(FILE_ONLY.format(what=name))


def run(args: argparse.Namespace, paths: Paths) -> int:
    """Run the parsed command: its checks, the workspace, its requirement, its handler."""
    from desktop.app.workspace import Workspace

    command: Command = args._command
    try:
        if command.validate is not None:
            code = command.validate(args)
            if code is not None:
                return code
        with Workspace(paths, thorough=command.thorough) as ws:
            check_needs(command.needs_for(args), ws, command.name)
            return command.handler(args, ws)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`, which closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # a bug: log the trace, apologise
        log.exception("command %s failed", command.name)
        print(UNEXPECTED.format(log=paths.log_dir / "thidua.log"), file=sys.stderr)
        return 1
