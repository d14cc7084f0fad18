"""Headless commands of the province's answer on the communes' proposals, under ``province``:
``outcome`` (one row, or a filled sheet), ``outcome-sheet`` (the sheet to fill) and
``print-decision`` (the province's decision with its attached list: issued at the first print, the
same act after; ``--replace`` issues a replacing act) and ``documents`` (the province's issued acts).
Wired from desktop.cli.exchange."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def add_arguments(psub) -> None:
    po = psub.add_parser("outcome", help="ghi kết quả xét một dòng đề nghị của xã (duyệt hoặc trả lại), hoặc cả "
                                         "bảng Excel đã điền (--xlsx)")
    po.add_argument("--year", type=int, required=True, help="năm của tờ trình")
    po.add_argument("--commune", metavar="MÃ", help="mã đơn vị 5 chữ số của xã, phường đề nghị")
    po.add_argument("--row", metavar="MÃ_DÒNG", help="mã dòng đề nghị (09319:proposal_row:12) hoặc số 12")
    what = po.add_mutually_exclusive_group()
    what.add_argument("--accept", action="store_true", help="duyệt (cần --decision và --date)")
    what.add_argument("--return", dest="give_back", action="store_true", help="trả lại (cần --reason)")
    po.add_argument("--decision", metavar="SỐ", help="số quyết định của tỉnh, ví dụ 12/QĐ-UBND")
    po.add_argument("--date", metavar="YYYY-MM-DD", help="ngày ký quyết định")
    po.add_argument("--reason", help="lý do trả lại (một dòng)")
    po.add_argument("--xlsx", metavar="TỆP", help="bảng kết quả đã điền (do outcome-sheet ghi ra)")
    po.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    ps = psub.add_parser("outcome-sheet", help="ghi bảng Excel các dòng đề nghị để điền kết quả xét")
    ps.add_argument("--year", type=int, required=True)
    ps.add_argument("--commune", metavar="MÃ", help="chỉ một xã, phường")
    ps.add_argument("--all", action="store_true", help="mọi dòng, kể cả đã xét (mặc định: chỉ dòng chưa xét)")
    ps.add_argument("--out", required=True, metavar="TỆP.xlsx")
    pd = psub.add_parser("print-decision", help="in quyết định khen thưởng của tỉnh kèm danh sách (PDF) từ các dòng "
                                                "đã duyệt theo một số quyết định")
    pd.add_argument("--decision", required=True, metavar="SỐ", help="số quyết định, ví dụ 12/QĐ-UBND")
    pd.add_argument("--year", type=int, required=True)
    pd.add_argument("--signer", default="", metavar="HỌ_TÊN",
                    help="người ký (cần khi ban hành lần đầu; in lại giữ người ký đã ban hành)")
    pd.add_argument("--signer-title", default="",
                    help="chức vụ người ký: Phó Chủ tịch (ký KT. CHỦ TỊCH, mặc định) hoặc Chủ tịch")
    pd.add_argument("--replace", action="store_true",
                    help="ban hành quyết định thay thế quyết định đã ban hành theo số này (cần --reason)")
    pd.add_argument("--reason", default="", help="lý do thay thế (với --replace)")
    pd.add_argument("--out", required=True, metavar="TỆP.pdf")
    pl = psub.add_parser("documents", help="danh sách quyết định tỉnh đã ban hành (số, ngày, số đối tượng, SHA-256)")
    pl.add_argument("--year", type=int, help="năm của các tờ trình, hoặc năm ký")
    pl.add_argument("--json", action="store_true")


def _usage(text: str) -> int:
    print(text, file=sys.stderr)
    return 2


def _outcome(args: argparse.Namespace, ws) -> int:
    from desktop.app import outcomes as oc

    if args.xlsx:
        if args.row or args.accept or args.give_back:
            return _usage("--xlsx dùng riêng: kết quả lấy từ bảng, không kèm --row, --accept, --return.")
        return _outcome_sheet(args, ws)
    if not (args.commune and args.row) or not (args.accept or args.give_back):
        return _usage("Cần --commune MÃ --row MÃ_DÒNG và --accept --decision SỐ --date YYYY-MM-DD hoặc "
                      "--return --reason LÝ_DO (hoặc --xlsx TỆP).")
    if args.accept:
        if not args.decision or not args.date:
            return _usage("Duyệt cần --decision SỐ (ví dụ 12/QĐ-UBND) và --date YYYY-MM-DD.")
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError:
            return _usage(f"Ngày “{args.date}” không hợp lệ: dùng dạng 2026-12-15.")
        outcome = oc.Outcome("accepted", args.decision, day)
    else:
        if args.reason is None:
            return _usage("Trả lại cần --reason LÝ_DO (một dòng).")
        outcome = oc.Outcome("returned", reason=args.reason)
    try:
        done = oc.record(ws.db, args.year, [oc.Entry(args.commune, args.row, outcome)], ws.actor,
                         dry_run=args.dry_run)
    except oc.OutcomeProblems as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    print(done.message())
    return 0


def _outcome_sheet(args, ws) -> int:
    from desktop.app import outcome_sheet
    from desktop.app import outcomes as oc

    try:
        done, skipped = outcome_sheet.import_sheet(ws.db, args.xlsx, args.year, ws.actor, dry_run=args.dry_run)
    except oc.OutcomeProblems as exc:
        print(f"CHƯA GHI: {len(exc.problems)} lỗi trong bảng, không ghi dòng nào.", file=sys.stderr)
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    print(done.message() + (f" {skipped} dòng để trống Kết quả (chưa xét), bỏ qua." if skipped else ""))
    return 0


def _sheet(args, ws) -> int:
    from desktop.app import outcome_sheet

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        return _usage("--out phải là tệp .xlsx.")
    n = outcome_sheet.write_sheet(ws.db, args.year, out, commune=args.commune, every_row=args.all)
    print(f"Đã ghi {n} dòng đề nghị vào {out}. Điền cột Kết quả, Số QĐ, Ngày QĐ, Lý do rồi nhập lại bằng "
          f"province outcome --year {args.year} --xlsx {out}")
    return 0


def _print_decision(args, ws) -> int:
    from desktop.app import province_decision as pd
    from desktop.reports.documents import to_pdf

    if args.reason and not args.replace:
        return _usage("--reason chỉ dùng với --replace (ban hành quyết định thay thế).")
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        return _usage("--out phải là tệp .pdf.")
    printed = pd.print_decision(ws.db, args.decision, args.year, ws.actor, args.signer, args.signer_title,
                                replace=args.replace, reason=args.reason)
    to_pdf(printed.document, out)
    print(f"{pd.describe(printed)}\nĐã ghi vào {out}")
    return 0


def _documents(args, ws) -> int:
    import json

    from desktop.app import province_decision as pd
    from desktop.shared.fmt import day_text

    items = pd.documents(ws.db, args.year)
    if args.json:
        print(json.dumps([i.as_dict() for i in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("Chưa ban hành quyết định nào" + (f" năm {args.year}." if args.year else "."))
        return 0
    for i in items:
        print(f"mã {i.id}\t{i.number_text}\tngày {day_text(i.issued_on)}\tnăm {i.year}\t{i.row_count} đối tượng\t"
              f"{i.status}\tSHA-256 {i.sha256}")
    return 0


HANDLERS = {"outcome": _outcome, "outcome-sheet": _sheet, "print-decision": _print_decision, "documents": _documents}
