"""Headless province commands that show or set what the consolidated views read:
``province view`` (a view printed, as JSON, to Excel or, for the proposals, to PDF) and
``province received`` (the date the clerk entered for a file that came by post)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path


def cli_view(db, args) -> int:
    """`province view KIND --year Y [--period P] [--deadline D] [--json] [--xlsx F] [--pdf F]`."""
    from desktop.app import province_views
    from desktop.app.province import require_province
    from desktop.reports import province_sheets

    require_province(db)
    year = args.year or dt.date.today().year
    deadline = None
    if getattr(args, "deadline", None):
        try:
            deadline = dt.date.fromisoformat(args.deadline)
        except ValueError:
            print(f"Hạn nộp “{args.deadline}” không hợp lệ: dùng dạng {year}-12-10.", file=sys.stderr)
            return 2
    if args.pdf and args.kind != "proposals":
        print("Chỉ in PDF được danh sách đề nghị (proposals).", file=sys.stderr)
        return 2
    commune = getattr(args, "commune", None)
    if commune and args.kind != "proposals":
        print("Chỉ lọc theo xã (--commune) được danh sách đề nghị (proposals).", file=sys.stderr)
        return 2
    if commune:
        from desktop.core.units import find_unit

        if find_unit(commune) is None:
            print(f"Không có xã, phường mã “{commune}” trong tỉnh Bắc Ninh: dùng mã 5 chữ số (lệnh units liệt kê "
                  "đủ 99 mã).", file=sys.stderr)
            return 2
    view = province_views.build(db, args.kind, year, args.period, deadline, commune)
    if args.xlsx:
        province_sheets.write_xlsx(view, args.xlsx)
    if args.pdf:
        from desktop.reports.documents import to_pdf

        to_pdf(province_sheets.proposal_doc(view), Path(args.pdf))
    if args.json:
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(view.title)
    for line in view.subtitle:
        print(line)
    print(" | ".join(view.headers))
    for row in view.rows:
        print(" | ".join("" if v is None else str(v) for v in row))
    print(view.summary)
    for label, f in (("Excel", args.xlsx), ("PDF", args.pdf)):
        if f:
            print(f"Đã ghi {label}: {f}")
    return 0


def cli_received(db, args) -> int:
    """`province received CODE SEQUENCE --date YYYY-MM-DD [--note T] | --clear`."""
    from desktop.app.province import require_province
    from desktop.app.received import SOURCE_CLERK, set_received_date

    require_province(db)
    if args.clear == bool(args.date):
        print("Hãy ghi --date YYYY-MM-DD (ngày Sở nhận tệp) hoặc --clear (bỏ ngày đã ghi).", file=sys.stderr)
        return 2
    date = None
    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"Ngày “{args.date}” không hợp lệ: dùng dạng 2026-12-09.", file=sys.stderr)
            return 2
    f = set_received_date(db, args.code, args.sequence, date, args.note)
    how = "ngày Sở ghi (qua bưu điện)" if f.source == SOURCE_CLERK else "ngày xã ký trong tệp"
    print(f"Tệp số {f.sequence} của {args.code} (kỳ {f.period}): ngày nộp {f.received_on:%d/%m/%Y}, theo {how}.")
    return 0
