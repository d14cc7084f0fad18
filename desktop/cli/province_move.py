"""`province move-to --db-url URL`: the province's SQLite workspace copied to an empty PostgreSQL
database, verified table by table (desktop.app.province_move). The data folder's file is only read."""

from __future__ import annotations

import sys

from desktop.shared.errors import UserError

NAME = "move-to"
FROM_SERVER = ("Lệnh move-to chép tệp SQLite của thư mục dữ liệu lên máy chủ; đừng đặt --db-url (hay DESKTOP_DB_URL) "
               "trước tên lệnh province, chỉ đặt sau move-to.")


def add_arguments(psub) -> None:
    pm = psub.add_parser(NAME, help="chuyển dữ liệu của Sở từ tệp SQLite sang một cơ sở dữ liệu PostgreSQL trống "
                                    "(chép mọi bảng, đối chiếu số dòng và mã băm; tệp SQLite giữ nguyên)")
    pm.add_argument("--db-url", dest="move_url", required=True, metavar="URL",
                    help="cơ sở dữ liệu đích, ví dụ postgresql://thidua@may-chu:5432/thidua (mật khẩu: biến môi "
                         "trường PGPASSWORD hoặc tệp .pgpass, để khỏi lộ trong lịch sử lệnh)")


def run(args, ws) -> int:
    from desktop.app import province_move

    if ws.paths.db_url:
        raise UserError(FROM_SERVER)
    last = [-1]

    def progress(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent // 10 != last[0]:
            last[0] = percent // 10
            print(f"  … {percent}%", file=sys.stderr, flush=True)

    print(f"Đang chuyển dữ liệu lên {province_move.address(args.move_url)}…", file=sys.stderr, flush=True)
    r = province_move.move_to(ws.paths, args.move_url, progress=progress)
    width = max(len(c.name) for c in r.checks)
    print(f"{'Bảng'.ljust(width)}  {'Số dòng (tệp)':>13}  {'Số dòng (máy chủ)':>17}  Mã băm nội dung (hai bên trùng)")
    for c in r.checks:
        print(f"{c.name.ljust(width)}  {c.source_rows:>13}  {c.target_rows:>17}  {c.target_hash[:16]}"
              + ("" if c.ok else "  KHÁC"))
    print(f"Đã chuyển {len(r.checks)} bảng, {r.rows} dòng lên {r.address}; số dòng và mã băm từng bảng trùng khớp. "
          f"Tệp SQLite {ws.paths.db_file} giữ nguyên, không dùng tiếp nữa (thay đổi ghi vào đó sẽ không có trên "
          "máy chủ).")
    print(f"Từ nay mở dữ liệu của Sở bằng: {r.open_command}")
    print("(hoặc đặt biến môi trường DESKTOP_DB_URL bằng địa chỉ đó rồi mở phần mềm như thường; mật khẩu có thể để "
          "trong PGPASSWORD hay tệp .pgpass thay vì trong địa chỉ)")
    return 0
