"""Headless commands on the data folder's SQLite file: ``check``, ``backup``, ``restore``."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.registry import Command

AREA = "Sao lưu và kiểm tra tệp dữ liệu"


def cmd_check(args, ws) -> int:
    ws.open()  # with the full integrity check; a bad file is refused
    ws.close()
    print(f"Tệp dữ liệu {ws.paths.db_file} toàn vẹn.")
    return 0


def cmd_backup(args, ws) -> int:
    from desktop.app.workspace import make_backup

    ws.open()  # with the full integrity check: never back up a damaged file over good backups
    ws.close()
    target = make_backup(ws.paths, "thu-cong")
    print(f"Đã sao lưu vào {target}")
    return 0


def cmd_restore(args, ws) -> int:
    from desktop.app.workspace import list_backups, restore_backup

    paths = ws.paths  # the database is not opened: the file is replaced
    if not args.backup:
        items = list_backups(paths)
        if not items:
            print("Chưa có bản sao lưu nào.")
        for b in items:
            print(f"{b.path}  {b.created:%d/%m/%Y %H:%M}  {b.reason_label}  {b.size // 1024} KB")
        return 0
    from desktop.app.exchange import sent_after

    sent = sent_after(Path(args.backup), paths.db_file) if paths.db_file.exists() else []
    kept = restore_backup(paths, Path(args.backup))
    print(f"Đã khôi phục dữ liệu từ {args.backup}." + (f" Dữ liệu cũ được giữ tại {kept}." if kept else ""))
    if sent:  # the send counter is kept outside the database file (desktop.app.exchange)
        numbers = ", ".join(str(e["sequence"]) for e in sent)
        print(f"Bản sao lưu không có các tệp đã gửi Sở sau thời điểm đó (số {numbers}); phần mềm vẫn nhớ chúng: tệp "
              f"gửi tiếp theo là số {max(e['sequence'] for e in sent) + 1}.")
    return 0


COMMANDS = [
    Command("check", AREA, "kiểm tra toàn vẹn tệp dữ liệu", cmd_check, needs="file", thorough=True),
    Command("backup", AREA, "tạo bản sao lưu ngay", cmd_backup, needs="file", thorough=True),
    Command("restore", AREA, "khôi phục từ bản sao lưu", cmd_restore, needs="file",
            arguments=lambda p: p.add_argument("backup", nargs="?", help="tệp sao lưu; bỏ trống để xem danh sách")),
]
