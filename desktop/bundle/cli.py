"""Headless commands of the data file exchange (the contract scripts and the province's batch work
rely on; no prompts with --yes; a passphrase, if any, comes from DESKTOP_PASSPHRASE)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from desktop.paths import Paths


def _open(paths: Paths):
    from desktop.store.db import open_workspace

    return open_workspace(paths)


def _read(path: str, limit: int | None = None) -> bytes:
    from desktop.bundle.container import MAX_FILE
    from desktop.core.errors import UserError

    p = Path(path)
    try:
        size = p.stat().st_size
        if size > (limit or MAX_FILE):
            from desktop.bundle.errors import BundleRefused

            raise BundleRefused("too_large", f"Tệp quá lớn ({size // (1024 * 1024)} MB).")
        return p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp {path}.") from None
    except IsADirectoryError:
        raise UserError(f"{path} là thư mục, không phải tệp.") from None
    except PermissionError:
        raise UserError(f"Không có quyền đọc tệp {path}.") from None


def _key_request(args, paths: Paths, make, written: str, fingerprint_label: str) -> int:
    """Write a key request made by ``make(db, paths)`` and print the fingerprint to read by phone."""
    from desktop.bundle.commune import signing_key_info, write_verified

    db = _open(paths)
    try:
        data = make(db, paths)
    finally:
        db.dispose()
    write_verified(Path(args.out), data)
    print(f"{written} {args.out}")
    print(f"{fingerprint_label} (đọc cho Sở Nội vụ qua điện thoại): {signing_key_info(paths)['fingerprint']}")
    return 0


def cmd_enrol_request(args, paths: Paths) -> int:
    from desktop.bundle.commune import enrol_request

    return _key_request(args, paths, enrol_request, "Đã ghi yêu cầu đăng ký khóa vào", "Vân tay khóa")


def cmd_rotate_key(args, paths: Paths) -> int:
    from desktop.bundle.commune import rotate_key

    return _key_request(args, paths, rotate_key,
                        "Đã tạo khóa ký mới; yêu cầu đổi khóa (ký bằng cả khóa cũ và khóa mới) ghi vào",
                        "Vân tay khóa mới")


def cmd_export(args, paths: Paths) -> int:
    from desktop.bundle.commune import export

    db = _open(paths)
    try:
        r = export(db, paths, Path(args.out), args.period)
    finally:
        db.dispose()
    total = sum(r.counts.values())
    print(f"Đã ghi tệp dữ liệu số {r.sequence} (kỳ {r.period}, {total} bản ghi) vào {r.path}")
    print(f"Mã băm SHA-256: {r.sha256}")
    return 0


def cmd_paper(args, paths: Paths) -> int:
    from desktop.bundle import commune
    from desktop.reports.documents import to_pdf

    db = _open(paths)
    try:
        doc = (commune.enrolment_sheet(db, paths) if args.command == "enrol-sheet"
               else commune.cover_letter_for(db, args.sequence))
        to_pdf(doc, args.out)
    finally:
        db.dispose()
    print(f"Đã ghi {args.out}")
    return 0


def cmd_receipt(args, paths: Paths) -> int:
    from desktop.bundle.commune import import_statement

    db = _open(paths)
    try:
        print(import_statement(db, paths, _read(args.file, 64 * 1024)))
    finally:
        db.dispose()
    return 0


def _local(utc) -> str:
    import datetime as dt

    return utc.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%H:%M ngày %d/%m/%Y")


def cmd_province(args, paths: Paths) -> int:
    from desktop.bundle import province
    from desktop.core.labels import KIND_LABELS
    from desktop.bundle.errors import BundleRefused
    from desktop.bundle.keys import AgeIdentity
    from desktop.core.errors import UserError

    if args.province_command == "init":
        db = _open(paths)
        try:
            pk = province.init_province(db, paths)
        finally:
            db.dispose()
        out = Path(args.key_out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(province.public_key_file(paths))
        print(f"Đã khởi tạo dữ liệu của {pk.name}. Tệp khóa công khai (gửi cho các xã): {out}")
        print(f"Vân tay khóa của Sở: {pk.fingerprint}")
        return 0
    db = _open(paths)
    try:
        if args.province_command == "enrol":
            data = _read(args.file, 64 * 1024)
            preview = province.preview_enrolment(data)
            print(f"Đơn vị: {preview['commune_name']} (mã {preview['commune_code']}), cán bộ: {preview['officer']}")
            print(f"Vân tay khóa: {preview['fingerprint']}")
            if not args.yes:
                if not sys.stdin.isatty():
                    print("Hãy so vân tay với cán bộ xã qua điện thoại rồi chạy lại với --yes.", file=sys.stderr)
                    return 2
                answer = input("Vân tay có khớp với số cán bộ xã đọc không? Gõ 'co' để đăng ký: ")
                if answer.strip().lower() not in ("co", "có", "c", "y", "yes"):
                    print("Chưa đăng ký.")
                    return 1
            expires = None
            if args.expires:
                import datetime as dt

                try:
                    expires = dt.datetime.combine(dt.date.fromisoformat(args.expires), dt.time(23, 59, 59))
                except ValueError:
                    print(f"Ngày hết hạn “{args.expires}” không hợp lệ: dùng dạng 2027-12-31.", file=sys.stderr)
                    return 2
            r = province.enrol(db, data, expires_at=expires)
            label = {"new": "Đã đăng ký khóa", "rotation": "Đã đổi khóa (khóa cũ bị thu hồi)",
                     "re-enrolment": "Đã đăng ký lại khóa (khóa cũ bị thu hồi, chuỗi tệp tiếp tục)",
                     "already": "Khóa này đã được đăng ký trước đó"}[r.action]
            print(f"{label} cho {r.commune_name}. Vân tay: {r.fingerprint}")
            return 0
        if args.province_command == "import":
            refused = accepted = 0
            identity = None  # opening the province key costs about a second (scrypt): once per batch
            for name in args.files:
                try:
                    data = _read(name)
                    if identity is None:
                        identity = AgeIdentity.load(province.keys_dir(paths) / province.IDENTITY_FILE)
                    r = province.import_file(db, paths, data, Path(name).name, dry_run=args.dry_run,
                                             identity=identity)
                except (BundleRefused, UserError) as exc:
                    refused += 1
                    code = f" [{exc.code}]" if isinstance(exc, BundleRefused) else ""
                    print(f"TỪ CHỐI {name}{code}: {exc.message}")
                    continue
                if r.status == "duplicate":
                    when = _local(r.imported_at)
                    print(f"ĐÃ NHẬP {name}: tệp này đã được nhập lúc {when}; không thay đổi gì.")
                elif r.status == "preview":
                    print(f"XEM TRƯỚC {name}: {r.commune_name}, tệp số {r.sequence}, {sum(r.counts.values())} bản ghi")
                    for kind, c in r.changes.items():
                        if c["added"] or c["removed"] or c["changed"]:
                            print(f"  {KIND_LABELS.get(kind, kind)}: thêm {c['added']}, bỏ {c['removed']}, "
                                  f"sửa {c['changed']}")
                else:
                    accepted += 1
                    print(f"ĐÃ NHẬN {name}: {r.commune_name}, tệp số {r.sequence}, {sum(r.counts.values())} bản ghi")
                    if r.receipt is not None and args.receipts:
                        folder = Path(args.receipts)
                        folder.mkdir(parents=True, exist_ok=True)
                        (folder / f"BienNhan_{r.commune_code}_so{r.sequence:04d}.json").write_bytes(r.receipt)
            if accepted:
                province.refresh_statistics(db)
            return 1 if refused else 0
        if args.province_command == "stats":
            data = province.stats(db)
            if args.json:
                print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
            else:
                for code, row in sorted(data.items()):
                    print(f"{code} {row['commune_name']}: tệp số {row['last_sequence']}, "
                          f"{sum(row['counts'].values())} bản ghi")
            return 0
        if args.province_command == "view":
            from desktop.bundle.consolidate import cli_view

            return cli_view(db, args)
        if args.province_command == "resume":
            Path(args.out).write_bytes(province.resume_statement(db, paths, args.commune))
            print(f"Đã ghi điểm nối tiếp cho đơn vị {args.commune} vào {args.out}")
            return 0
    finally:
        db.dispose()
    return 2


def register(sub) -> dict:
    er = sub.add_parser("enrol-request", help="tạo tệp yêu cầu đăng ký khóa ký với Sở Nội vụ")
    er.add_argument("--out", required=True)
    rk = sub.add_parser("rotate-key", help="đổi khóa ký (yêu cầu được ký bằng cả khóa cũ và mới)")
    rk.add_argument("--out", required=True)
    ex = sub.add_parser("export", help="xuất tệp dữ liệu đã ký, mã hóa gửi Sở Nội vụ")
    ex.add_argument("--out", required=True, help="tệp hoặc thư mục đích")
    ex.add_argument("--period", help="kỳ báo cáo: 2026 (cả năm) hoặc 2026-H1 (6 tháng)")
    es = sub.add_parser("enrol-sheet", help="in phiếu đăng ký khóa (PDF, có mã QR)")
    es.add_argument("--out", required=True)
    cl = sub.add_parser("cover-letter", help="in công văn gửi kèm tệp dữ liệu (PDF)")
    cl.add_argument("--out", required=True)
    cl.add_argument("--sequence", type=int, help="số thứ tự tệp (mặc định: tệp mới nhất)")
    rc = sub.add_parser("receipt", help="nhập biên nhận (hoặc điểm nối tiếp) do Sở Nội vụ gửi")
    rc.add_argument("file")
    pv = sub.add_parser("province", help="các lệnh của Sở Nội vụ")
    psub = pv.add_subparsers(dest="province_command", required=True)
    pi = psub.add_parser("init", help="khởi tạo dữ liệu và khóa của Sở")
    pi.add_argument("--key-out", required=True)
    pe = psub.add_parser("enrol", help="đăng ký khóa của một xã")
    pe.add_argument("file")
    pe.add_argument("--yes", action="store_true", help="đã so vân tay, không hỏi lại")
    pe.add_argument("--expires", metavar="YYYY-MM-DD", help="ngày khóa hết hạn (mặc định: không hết hạn)")
    pm = psub.add_parser("import", help="nhập tệp dữ liệu của các xã")
    pm.add_argument("files", nargs="+")
    pm.add_argument("--dry-run", action="store_true")
    pm.add_argument("--receipts", help="thư mục ghi biên nhận")
    ps = psub.add_parser("stats", help="thống kê theo xã")
    ps.add_argument("--json", action="store_true")
    pw = psub.add_parser("view", help="bảng tổng hợp: board (tình hình nộp), titles (số đăng ký theo danh hiệu), "
                                      "proposals (đề nghị lên cấp trên), duplicates (trùng giữa các xã), "
                                      "indicators (chỉ tiêu)")
    pw.add_argument("kind", choices=("board", "titles", "proposals", "duplicates", "indicators"))
    pw.add_argument("--year", type=int, help="năm (mặc định: năm nay)")
    pw.add_argument("--period", help="board: kỳ 2026 hoặc 2026-H1; indicators: H1 hoặc Y (mặc định: cả năm)")
    pw.add_argument("--deadline", metavar="YYYY-MM-DD", help="board: hạn nộp (mặc định theo kỳ)")
    pw.add_argument("--json", action="store_true")
    pw.add_argument("--xlsx", metavar="TỆP", help="ghi bảng ra tệp Excel")
    pw.add_argument("--pdf", metavar="TỆP", help="proposals: in danh sách tổng hợp ra PDF")
    pr = psub.add_parser("resume", help="tạo điểm nối tiếp cho xã mất dữ liệu")
    pr.add_argument("--commune", required=True)
    pr.add_argument("--out", required=True)
    return {"enrol-request": cmd_enrol_request, "rotate-key": cmd_rotate_key, "export": cmd_export, "receipt": cmd_receipt,
            "province": cmd_province, "enrol-sheet": cmd_paper, "cover-letter": cmd_paper}
