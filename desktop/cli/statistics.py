"""``print statistics`` and ``print register``: the statistics report of a year and the award register,
written as .pdf or .xlsx by the --out extension (the kinds of ``print``, desktop/cli/printing.py)."""

from __future__ import annotations

import sys
from pathlib import Path

KINDS = ("statistics", "register")
SUFFIXES = (".pdf", ".xlsx")


def add_arguments(p) -> None:
    """The arguments only these kinds read (``print`` has --out, --year, --person, --collective)."""
    p.add_argument("--year-from", type=int, help="sổ theo dõi khen thưởng (register): từ năm")
    p.add_argument("--year-to", type=int, help="sổ theo dõi khen thưởng (register): đến năm")
    p.add_argument("--household", type=int, help="mã hộ gia đình (sổ theo dõi khen thưởng của một hộ)")


def needs(args) -> str:
    return "any" if args.kind == "statistics" else "commune"


def check_suffix(args) -> int | None:
    if Path(args.out).suffix.lower() not in SUFFIXES:
        print("Tệp kết quả phải có đuôi .pdf hoặc .xlsx.", file=sys.stderr)
        return 2
    if args.kind == "register" and sum(x is not None for x in (args.person, args.collective, args.household)) > 1:
        print("Chỉ chọn một đối tượng: --person, --collective hoặc --household.", file=sys.stderr)
        return 2
    return None


def run(args, ws) -> int:
    out = Path(args.out)
    xlsx = out.suffix.lower() == ".xlsx"
    if args.kind == "statistics":
        from desktop.app.statistics import statistics_report
        from desktop.reports.statistics_docs import statistics_pdf, statistics_xlsx

        report = statistics_report(ws.db, args.year)
        if xlsx:
            statistics_xlsx(report, out)
        else:
            statistics_pdf(report, out)
        print(f"Đã ghi {out}: báo cáo thống kê năm {args.year} ({len(report.tables)} biểu).")
        return 0
    from desktop.app.award_register import Filter, award_register
    from desktop.reports.statistics_docs import register_pdf, register_xlsx

    subject = next(((k, v) for k, v in (("person", args.person), ("collective", args.collective),
                                        ("household", args.household)) if v is not None), None)
    reg = award_register(ws.db, Filter(args.year_from, args.year_to, subject))
    if xlsx:
        register_xlsx(reg, out)
    else:
        register_pdf(reg, out)
    print(f"Đã ghi {out}: sổ theo dõi khen thưởng, {len(reg.entries)} lượt khen thưởng.")
    return 0


__all__ = ["KINDS", "add_arguments", "check_suffix", "needs", "run"]
