"""Headless commands of what the province sends back: ``receive`` at the commune (receipts, resume
points, results, catalog updates; ``receipt`` is its former name) and, at the province, ``province
results`` and ``province catalog-update``."""

from __future__ import annotations

from pathlib import Path

from desktop.shared.paths import Paths


def cmd_receive(args, ws) -> int:
    from desktop.app.inputs import read_input_file
    from desktop.app.receive import MAX_BYTES, receive

    r = receive(ws.db, ws.paths, read_input_file(args.file, MAX_BYTES))
    print(r.message)
    return 0


def province_results(args, db, paths: Paths) -> int:
    from desktop.app.results import make_results

    w = make_results(db, paths, args.commune, args.year, Path(args.out))
    print(f"Đã ghi kết quả năm {args.year} của đơn vị {args.commune} ({w.items} trường hợp) vào {w.path}")
    print(f"Mã băm SHA-256: {w.sha256}")
    return 0


def province_catalog_update(args, db, paths: Paths) -> int:
    from desktop.app.catalog_update import make_catalog_update

    w = make_catalog_update(db, paths, Path(args.catalog), Path(args.out))
    print(f"Đã ký danh mục ({w.items} danh hiệu, hình thức) vào {w.path}. Gửi tệp này cho các xã "
          "(lệnh receive, hoặc “Nhận tệp từ Sở Nội vụ…”).")
    return 0


def province_arguments(psub) -> None:
    pr = psub.add_parser("results", help="ký tệp kết quả khen thưởng (theo tờ trình) gửi về một xã")
    pr.add_argument("--commune", required=True, help="mã đơn vị 5 chữ số")
    pr.add_argument("--year", required=True, type=int, help="năm của tờ trình")
    pr.add_argument("--out", required=True, help="thư mục ghi tệp KetQua_<mã>_<năm>_<thời điểm>.json")
    pc = psub.add_parser("catalog-update", help="ký tệp cập nhật danh mục danh hiệu, lương cơ sở gửi các xã")
    pc.add_argument("--catalog", required=True, help="thư mục có titles.json và base_salary.json")
    pc.add_argument("--out", required=True, help="tệp hoặc thư mục đích (DanhMuc_<phiên bản>.json)")
