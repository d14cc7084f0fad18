"""Headless commands of the data file exchange (the contract scripts and the province's batch work
rely on; no prompts with --yes; a passphrase, if any, comes from DESKTOP_PASSPHRASE)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from desktop.cli.registry import Command
from desktop.shared.paths import Paths

SENDING = "Gửi dữ liệu lên Sở Nội vụ (xã, phường)"
PROVINCE = "Sở Nội vụ"


def _read(path: str, limit: int | None = None) -> bytes:
    from desktop.app.inputs import read_input_file
    from desktop.bundle.container import MAX_FILE

    return read_input_file(path, limit or MAX_FILE)


def _key_request(args, ws, make, written: str, fingerprint_label: str) -> int:
    """Write a key request made by ``make(db, paths)`` and print the fingerprint to read by phone."""
    from desktop.app.commune import signing_key_info, write_verified

    paths = ws.paths
    data = make(ws.db, paths)
    ws.close()
    write_verified(Path(args.out), data)
    print(f"{written} {args.out}")
    print(f"{fingerprint_label} (đọc cho Sở Nội vụ qua điện thoại): {signing_key_info(paths)['fingerprint']}")
    return 0


def cmd_enrol_request(args, ws) -> int:
    from desktop.app.commune import enrol_request

    return _key_request(args, ws, enrol_request, "Đã ghi yêu cầu đăng ký khóa vào", "Vân tay khóa")


def cmd_rotate_key(args, ws) -> int:
    import os

    from desktop.app.commune import rotate_key

    new = os.environ.get("DESKTOP_NEW_PASSPHRASE")  # the new key's own passphrase, if it is to differ

    def make(db, p):
        return rotate_key(db, p, None, new)

    return _key_request(args, ws, make,
                        "Đã tạo khóa ký mới; yêu cầu đổi khóa (ký bằng cả khóa cũ và khóa mới) ghi vào",
                        "Vân tay khóa mới")


def cmd_export(args, ws) -> int:
    from desktop.app.commune import export

    db, paths = ws.db, ws.paths
    r = export(db, paths, args.out, args.period)
    total = sum(r.counts.values())
    if r.resent:
        print(f"Lần xuất tệp số {r.sequence} trước đây chưa xong: đã ghi lại đúng tệp đó (cùng số, cùng mã băm) vào "
              f"{r.path}. Muốn gửi cả những gì mới nhập, hãy xuất thêm một tệp.")
    else:
        print(f"Đã ghi tệp dữ liệu số {r.sequence} (kỳ {r.period}, {total} bản ghi) vào {r.path}")
    print(f"Mã băm SHA-256: {r.sha256}")
    return 0


def cmd_paper(args, ws) -> int:
    from desktop.app import commune, issuing_docs
    from desktop.reports.documents import to_pdf

    db, paths = ws.db, ws.paths
    doc = (commune.enrolment_sheet(db, paths) if args.command == "enrol-sheet"
           else issuing_docs.cover_letter_document(db, args.sequence, ws.actor))  # numbered once, then reprinted
    to_pdf(doc, args.out)
    print(f"Đã ghi {args.out}")
    return 0


def cmd_receipt(args, ws) -> int:
    """``receive`` (and its former name ``receipt``): everything the province sends (desktop.cli.results)."""
    from desktop.cli.results import cmd_receive

    return cmd_receive(args, ws)


def _local(utc) -> str:
    """A time of the province's, in Vietnam time whatever the PC's time zone (desktop.app.received)."""
    from desktop.app.received import to_vn

    return to_vn(utc).strftime("%H:%M ngày %d/%m/%Y")


def cmd_province(args, ws) -> int:
    from desktop.cli import outcomes, province_move

    if args.province_command == "init":
        return _province_init(args, ws)
    if args.province_command == province_move.NAME:  # reads the SQLite file itself, read-only
        return province_move.run(args, ws)
    if args.province_command in outcomes.HANDLERS:
        return outcomes.HANDLERS[args.province_command](args, ws)
    from desktop.cli import chase

    if args.province_command in chase.HANDLERS:  # chase, history
        return chase.HANDLERS[args.province_command](args, ws)
    return {"enrol": _enrol, "revoke": _revoke, "keys": _keys, "import": _import, "stats": _stats,
            "received": _received, "view": _view, "receipt": _province_receipt,
            "resume": _resume, "results": _results, "catalog-update": _catalog_update}[args.province_command](
                args, ws.db, ws.paths)


def _results(args, db, paths: Paths) -> int:
    from desktop.cli.results import province_results

    return province_results(args, db, paths)


def _catalog_update(args, db, paths: Paths) -> int:
    from desktop.cli.results import province_catalog_update

    return province_catalog_update(args, db, paths)


def _province_init(args, ws) -> int:
    from desktop.app import province

    paths = ws.paths
    pk = province.init_province(ws.db, paths)
    ws.close()
    out = Path(args.key_out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(province.public_key_file(paths))
    print(f"Đã khởi tạo dữ liệu của {pk.name}. Tệp khóa công khai (gửi cho các xã): {out}")
    print(f"Vân tay khóa của Sở: {pk.fingerprint}")
    return 0


def _revoke(args, db, paths: Paths) -> int:
    from desktop.app import province

    n = province.revoke(db, args.code, args.reason)
    if not n:
        print(f"Đơn vị {args.code} không có khóa nào đang dùng; không thu hồi gì.")
        return 1
    print(f"Đã thu hồi {n} khóa của đơn vị {args.code}. Lý do: {args.reason}")
    return 0


def _keys(args, db, paths: Paths) -> int:
    from desktop.app import province

    events = province.key_history(db, args.code)
    if args.json:
        print(json.dumps([e.as_json() for e in events], ensure_ascii=False, indent=2))
        return 0
    if not events:
        print(f"Đơn vị {args.code} chưa đăng ký khóa nào.")
    for e in events:
        status = {"active": "đang dùng", "revoked": "đã thu hồi", "expired": "hết hạn"}.get(e.status, e.status)
        line = f"{e.fingerprint}  {status}, đăng ký {_local(e.enrolled_at)}, {e.files} tệp"
        if e.revoked_at:
            line += f"; thu hồi {_local(e.revoked_at)}: {e.reason}"
        print(line)
    return 0


def _stats(args, db, paths: Paths) -> int:
    from desktop.app import received

    data = received.stats(db)  # times in Vietnam time, "received" as on every province page
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        for code, row in sorted(data.items()):
            print(f"{code} {row['commune_name']}: tệp số {row['last_sequence']}, "
                  f"{sum(row['counts'].values())} bản ghi")
    return 0


def _received(args, db, paths: Paths) -> int:
    from desktop.cli.views import cli_received

    return cli_received(db, args)


def _view(args, db, paths: Paths) -> int:
    from desktop.cli.views import cli_view

    return cli_view(db, args)


def _province_receipt(args, db, paths: Paths) -> int:
    from desktop.app import province

    target = Path(args.out)
    if target.suffix.lower() == ".pdf":
        from desktop.reports.documents import to_pdf

        to_pdf(province.receipt_document(db, args.code, args.sequence), target)
    else:
        r = province.reissue_receipt(db, paths, args.code, args.sequence)
        from desktop.app.commune import write_verified

        target = target / f"BienNhan_{args.code}_so{args.sequence:04d}.json" if (
            target.is_dir() or not target.suffix) else target
        write_verified(target, r)
    print(f"Đã ghi biên nhận tệp số {args.sequence} của đơn vị {args.code} vào {target}")
    return 0


def _resume(args, db, paths: Paths) -> int:
    from desktop.app import province
    from desktop.app.commune import write_verified

    write_verified(Path(args.out), province.resume_statement(db, paths, args.commune))
    print(f"Đã ghi điểm nối tiếp cho đơn vị {args.commune} vào {args.out}")
    return 0


def _import(args, db, paths: Paths) -> int:
    """`province import FILE... [--dry-run] [--receipts DIR] [--confirm-held SHA256]`: one line a file as
    each is done (in the order taken: a commune's files in sequence order), every attempt recorded."""
    from desktop.app import province
    from desktop.app.batch import run_batch
    from desktop.bundle.keys import AgeIdentity
    from desktop.core.labels import KIND_LABELS
    from desktop.shared.errors import UserError

    confirmed = [c.strip().lower() for c in args.confirm_held]
    bad = [c for c in confirmed if len(c) < 12 or len(c) > 64 or any(ch not in "0123456789abcdef" for ch in c)]
    if bad:
        print(f"--confirm-held cần mã băm SHA-256 của tệp bị giữ (ít nhất 12 ký tự đầu), không phải “{bad[0]}”.",
              file=sys.stderr)
        return 2
    # opening the province keys costs about a second each (scrypt): once a batch
    identity = AgeIdentity.load(province.keys_dir(paths) / province.IDENTITY_FILE)
    signer = None
    if not args.dry_run:
        try:
            signer = province.signing_key(paths)
        except UserError as exc:  # imports go on; the receipts can be made again later
            print(f"CHƯA KÝ ĐƯỢC BIÊN NHẬN: {exc.message}")
    failed = 0

    def show(o) -> None:
        nonlocal failed
        name, r = o.given, o.result
        if o.status in ("refused", "held"):
            failed += 1
            held = (f" Mã băm SHA-256 của tệp: {o.sha256} (xác nhận bằng --confirm-held {o.sha256[:16]})."
                    if o.status == "held" else "")
            code = f" [{o.code}]" if o.code != "unreadable" else ""
            print(f"TỪ CHỐI {name}{code}: {o.message}{held}")  # one line a file, for scripts
        elif o.status == "not_done":
            failed += 1
            print(f"CHƯA NHẬP {name} [{o.code}]: {o.message}")
        elif o.status == "same_file":
            print(f"BỎ QUA {name}: {o.message}")
        elif o.status == "duplicate":
            print(f"ĐÃ NHẬP {name}: tệp này đã được nhập lúc {_local(r.imported_at)}; không thay đổi gì.")
        elif o.status == "preview":
            print(f"XEM TRƯỚC {name}: {r.commune_name}, tệp số {r.sequence}, {sum(r.counts.values())} bản ghi")
            for kind, c in r.changes.items():
                if c["added"] or c["removed"] or c["changed"]:
                    print(f"  {KIND_LABELS.get(kind, kind)}: thêm {c['added']}, bỏ {c['removed']}, sửa {c['changed']}")
        else:
            print(f"ĐÃ NHẬN {name}: {r.commune_name}, tệp số {r.sequence}, {sum(r.counts.values())} bản ghi")
        if o.receipt_problem:  # the import stands; `province receipt` can make it again
            failed += 1
            print(f"CHƯA GHI ĐƯỢC BIÊN NHẬN {name}: {o.receipt_problem}")

    report = run_batch(db, paths, args.files, identity=identity, signer=signer, dry_run=args.dry_run,
                       confirmed=confirmed, receipts_dir=Path(args.receipts) if args.receipts else None,
                       source="cli", on_outcome=show)
    if report.disk_full:  # what was done and what was not, at the end of an interrupted batch
        for line in report.summary_lines():
            print(line)
    return 1 if failed else 0


def _enrol(args, db, paths: Paths) -> int:
    """Show only what the province derives or verifies, then register; replacing a key in use is a
    step of its own (--replace-active-key, or its own question with No as the answer by default)."""
    import datetime as dt

    from desktop.app import province

    data = _read(args.file, 64 * 1024)
    p = province.preview_enrolment(db, data)
    print(f"Đơn vị (tên chính thức theo mã): {p.unit_name}")
    print(f"Mã đơn vị:                       {p.commune_code}")
    print(f"Cán bộ (theo tệp):               {p.officer}")
    print(f"Vân tay khóa:                    {p.fingerprint}")
    expires = None
    if args.expires:
        try:
            expires = dt.datetime.combine(dt.date.fromisoformat(args.expires), dt.time(23, 59, 59))
        except ValueError:
            print(f"Ngày hết hạn “{args.expires}” không hợp lệ: dùng dạng 2027-12-31.", file=sys.stderr)
            return 2
    interactive = sys.stdin.isatty()
    if not args.yes:
        if not interactive:
            print("Hãy so vân tay với cán bộ xã qua điện thoại rồi chạy lại với --yes.", file=sys.stderr)
            return 2
        answer = input("Vân tay có khớp với số cán bộ xã đọc không? Gõ 'co' để đăng ký: ")
        if answer.strip().lower() not in ("co", "có", "c", "y", "yes"):
            print("Chưa đăng ký.")
            return 1
    if p.revoked_before is not None:
        print("LƯU Ý: " + p.history_note())
    if p.replaces:
        print("CẢNH BÁO: " + p.replace_warning())
        if not args.replace_active_key:
            if not interactive or args.yes:
                print("Chưa đăng ký. Muốn thu hồi khóa cũ và đăng ký khóa này, chạy lại với --replace-active-key "
                      "(sau khi đã gọi điện xác minh với xã).", file=sys.stderr)
                return 2
            answer = input("Thu hồi khóa đang dùng và đăng ký khóa mới? Gõ 'thu hoi' để đồng ý [mặc định: không]: ")
            if answer.strip().lower() not in ("thu hoi", "thu hồi"):
                print("Chưa đăng ký; khóa đang dùng được giữ nguyên.")
                return 1
    r = province.enrol(db, data, expires_at=expires, replace_active=True if p.replaces else False)
    label = {"new": "Đã đăng ký khóa", "rotation": "Đã đổi khóa (khóa cũ bị thu hồi)",
             "re-enrolment": "Đã đăng ký lại khóa (khóa cũ bị thu hồi, chuỗi tệp tiếp tục)",
             "already": "Khóa này đã được đăng ký trước đó"}[r.action]
    print(f"{label} cho {r.commune_name}. Vân tay: {r.fingerprint}")
    if r.action == "re-enrolment":
        from desktop.app.commune import write_verified

        out = Path(args.resume_out) if args.resume_out else (
            paths.data_dir / "diem-noi-tiep" / f"DiemNoiTiep_{r.commune_code}_{r.key_id[:8]}.json")
        write_verified(out, province.resume_statement(db, paths, r.commune_code))
        print(f"Điểm nối tiếp cho khóa mới (gửi cho xã; tệp đầu tiên ký bằng khóa mới phải mang mã này): {out}")
    return 0


def _out(p) -> None:
    p.add_argument("--out", required=True)


def _export_arguments(ex) -> None:
    ex.add_argument("--out", required=True, help="tệp hoặc thư mục đích")
    ex.add_argument("--period", help="kỳ báo cáo: 2026 (cả năm) hoặc 2026-H1 (6 tháng)")


def _cover_letter_arguments(cl) -> None:
    cl.add_argument("--out", required=True)
    cl.add_argument("--sequence", type=int, help="số thứ tự tệp (mặc định: tệp mới nhất)")


def _province_arguments(pv) -> None:
    psub = pv.add_subparsers(dest="province_command", required=True)
    pi = psub.add_parser("init", help="khởi tạo dữ liệu và khóa của Sở")
    pi.add_argument("--key-out", required=True)
    pe = psub.add_parser("enrol", help="đăng ký khóa của một xã")
    pe.add_argument("file")
    pe.add_argument("--yes", action="store_true", help="đã so vân tay, không hỏi lại")
    pe.add_argument("--expires", metavar="YYYY-MM-DD", help="ngày khóa hết hạn (mặc định: không hết hạn)")
    pe.add_argument("--replace-active-key", action="store_true",
                    help="đồng ý thu hồi khóa đang dùng của xã để đăng ký khóa này (bước riêng, sau khi xác minh)")
    pe.add_argument("--resume-out", metavar="TỆP", help="nơi ghi điểm nối tiếp cho khóa mới khi thay khóa")
    prv = psub.add_parser("revoke", help="thu hồi khóa đang dùng của một xã (mất máy, lộ khóa…)")
    prv.add_argument("code", help="mã đơn vị 5 chữ số")
    prv.add_argument("--reason", required=True, help="lý do thu hồi (ghi vào lịch sử khóa của xã)")
    pk_ = psub.add_parser("keys", help="lịch sử khóa của một xã")
    pk_.add_argument("code", help="mã đơn vị 5 chữ số")
    pk_.add_argument("--json", action="store_true")
    pm = psub.add_parser("import", help="nhập tệp dữ liệu của các xã")
    pm.add_argument("files", nargs="+")
    pm.add_argument("--dry-run", action="store_true")
    pm.add_argument("--receipts", help="thư mục ghi biên nhận")
    pm.add_argument("--confirm-held", action="append", default=[], metavar="SHA256",
                    help="nhập tệp bị giữ lại có mã băm này (tệp sau khi đổi khóa mà xóa hoặc sửa phần lớn dữ liệu) "
                         "– chỉ sau khi đã gọi điện xác minh với xã; có thể lặp lại")
    ps = psub.add_parser("stats", help="thống kê theo xã")
    ps.add_argument("--json", action="store_true")
    prd = psub.add_parser("received", help="ghi ngày Sở nhận một tệp gửi qua bưu điện (thay ngày xã ký khi xét hạn)")
    prd.add_argument("code", help="mã đơn vị 5 chữ số")
    prd.add_argument("sequence", type=int, help="số thứ tự tệp")
    prd.add_argument("--date", metavar="YYYY-MM-DD", help="ngày Sở nhận (dấu bưu điện, sổ công văn đến)")
    prd.add_argument("--note", default="", help="ghi chú, ví dụ số công văn đến")
    prd.add_argument("--clear", action="store_true", help="bỏ ngày đã ghi: ngày xã ký trong tệp được tính lại")
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
    pw.add_argument("--commune", metavar="MÃ", help="proposals: chỉ đề nghị của một xã, phường (mã 5 chữ số)")
    prc = psub.add_parser("receipt", help="in lại biên nhận của một tệp đã nhận (JSON gửi xã, hoặc PDF để in)")
    prc.add_argument("code", help="mã đơn vị 5 chữ số")
    prc.add_argument("sequence", type=int, help="số thứ tự tệp")
    prc.add_argument("--out", required=True, help="thư mục, tệp .json, hoặc tệp .pdf (bản in)")
    pr = psub.add_parser("resume", help="tạo điểm nối tiếp cho xã mất dữ liệu")
    pr.add_argument("--commune", required=True)
    pr.add_argument("--out", required=True)
    from desktop.cli import outcomes
    from desktop.cli.results import province_arguments

    outcomes.add_arguments(psub)  # outcome, outcome-sheet, print-decision
    province_arguments(psub)      # results, catalog-update
    from desktop.cli import chase

    chase.add_arguments(psub)     # chase, history
    from desktop.cli import province_move

    province_move.add_arguments(psub)  # move-to


COMMANDS = [
    Command("enrol-request", SENDING, "tạo tệp yêu cầu đăng ký khóa ký với Sở Nội vụ", cmd_enrol_request, arguments=_out),
    Command("rotate-key", SENDING, "đổi khóa ký (yêu cầu được ký bằng cả khóa cũ và mới)", cmd_rotate_key,
            arguments=_out),
    Command("export", SENDING, "xuất tệp dữ liệu đã ký, mã hóa gửi Sở Nội vụ", cmd_export, arguments=_export_arguments),
    Command("enrol-sheet", SENDING, "in phiếu đăng ký khóa (PDF, có mã QR)", cmd_paper, arguments=_out),
    Command("cover-letter", SENDING, "in công văn gửi kèm tệp dữ liệu (PDF)", cmd_paper,
            arguments=_cover_letter_arguments),
    Command("receive", SENDING, "nhận tệp do Sở Nội vụ gửi: biên nhận, điểm nối tiếp, kết quả khen thưởng, cập "
            "nhật danh mục", cmd_receipt, arguments=lambda rc: rc.add_argument("file")),
    Command("receipt", SENDING, "như receive (tên cũ)", cmd_receipt, arguments=lambda rc: rc.add_argument("file")),
    Command("province", PROVINCE, "các lệnh của Sở Nội vụ", cmd_province,
            needs=lambda args: {"init": "any", "move-to": "none"}.get(args.province_command, "province"),
            arguments=_province_arguments),
]
