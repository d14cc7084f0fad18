"""Headless commands of the reports feature: ``print``, ``import-xlsx``, ``export-xlsx``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desktop.app.documents import build_document
from desktop.cli import certificates
from desktop.cli import statistics as stats_print
from desktop.cli.registry import Command
from desktop.shared.errors import UserError

AREA = "In văn bản, bảng tính Excel"
PRINT_KINDS = ("registrations", "list", "report", "achievement", "ballots", "decision", "minutes", "proposal",
               certificates.KIND, *stats_print.KINDS)


def _kind_or_id(text: str) -> str:
    if text in PRINT_KINDS or (text.isascii() and text.isdigit() and len(text) <= 12):
        return text
    import argparse

    raise argparse.ArgumentTypeError(f"“{text[:40]}” không phải loại văn bản ({', '.join(PRINT_KINDS)}) "
                                     "hay mã văn bản đã ban hành (xem: documents list)")


def _print_arguments(p) -> None:
    p.add_argument("kind", type=_kind_or_id, metavar="LOẠI_HOẶC_MÃ",
                   help="mã văn bản đã ban hành (in lại đúng như khi ban hành; xem: documents list), hoặc loại: "
                        "registrations (danh sách đăng ký), list (danh sách theo danh hiệu), report (báo cáo, bản "
                        "nháp; ban hành bằng documents issue report), achievement (báo cáo thành tích), ballots "
                        "(phiếu bầu), decision, minutes, proposal (văn bản đã ban hành, theo --year và --number), "
                        "certificates (giấy khen của quyết định đã ban hành), statistics (báo cáo thống kê thi đua, "
                        "khen thưởng năm --year, .pdf hoặc .xlsx), register (sổ theo dõi khen thưởng, .pdf hoặc .xlsx)")
    p.add_argument("--out", required=True,
                   help="tệp cần ghi: .pdf (bản in) hoặc .docx (bản Word sửa được, cùng nội dung); statistics, "
                        "register: .pdf hoặc .xlsx; certificates: .pdf")
    p.add_argument("--year", type=int, default=dt.date.today().year)
    p.add_argument("--title", help="mã danh hiệu cho LOẠI list, ví dụ LDTT, CSTDCS, GDVH; với LOẠI achievement: "
                                   "danh hiệu, hình thức đề nghị (mặc định: danh hiệu đã đăng ký trong năm)")
    p.add_argument("--period", choices=("H1", "Y"), default="Y", help="báo cáo sơ kết 6 tháng (H1) hay tổng kết (Y)")
    p.add_argument("--person", type=int, help="mã cá nhân (báo cáo thành tích)")
    p.add_argument("--collective", type=int, help="mã tập thể (báo cáo thành tích)")
    p.add_argument("--date", help="ngày ký văn bản, dạng ngày/tháng/năm (mặc định hôm nay)")
    p.add_argument("--draft", action="store_true",
                   help="bản nháp, không lấy số (báo cáo in theo LOẠI luôn là bản nháp)")
    p.add_argument("--number", type=int, help="số quyết định, tờ trình đã ban hành trong sổ năm --year (mặc định: "
                                              "văn bản mới nhất của năm)")
    p.add_argument("--meeting", type=int, help="mã cuộc họp Hội đồng cần in biên bản (mặc định: cuộc họp mới nhất)")
    certificates.add_arguments(p)  # print certificates MÃ_QĐ [--blank] [--offset-x MM --offset-y MM] | --test-page
    stats_print.add_arguments(p)  # statistics (báo cáo thống kê), register (sổ theo dõi khen thưởng): .pdf or .xlsx


def _import_arguments(i) -> None:
    i.add_argument("file")
    i.add_argument("--kind", required=True, choices=("individuals", "households", "collectives", "indicators"))
    i.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    i.add_argument("--update", action="store_true",
                   help="thêm mới và cập nhật: dòng của bản ghi đã có (cùng số CCCD; hộ: chủ hộ, thôn và địa chỉ; "
                        "tập thể: tên) ghi đè các ô có giá trị lên bản ghi đó (ô trống giữ nguyên); mặc định: chỉ "
                        "thêm mới, bỏ qua các dòng đã có")


def _export_arguments(e) -> None:
    e.add_argument("kind", metavar="LOẠI", help="person, household, collective, registration, ... hoặc "
                                                 "individuals, households, collectives; tệp mẫu để điền rồi nhập: "
                                                 "template-individuals, template-households, template-collectives, "
                                                 "template-indicators")
    e.add_argument("--out", required=True)
    e.add_argument("--search", default="", help="chỉ xuất các dòng khớp từ khóa")


def _suffix(wanted: str):
    """The check of --out's suffix, before the workspace is opened."""
    def check(args) -> int | None:
        if Path(args.out).suffix.lower() != wanted:
            print(f"Tệp kết quả phải có đuôi {wanted}.", file=sys.stderr)
            return 2
        return None

    return check


def _document_suffix(args) -> int | None:
    """``print --out``: a PDF or a Word copy, chosen by the extension (checked before the workspace opens)."""
    if Path(args.out).suffix.lower() not in (".pdf", ".docx"):
        print("Tệp kết quả phải có đuôi .pdf (bản in PDF) hoặc .docx (bản Word), ví dụ --out quyet-dinh.docx.",
              file=sys.stderr)
        return 2
    return None


def _date(text: str | None) -> dt.date:
    from desktop.core.records import parse_date

    if not text:
        return dt.date.today()
    try:
        return parse_date(text) or dt.date.today()
    except ValueError as exc:
        raise UserError(f"Ngày ký: {exc}") from None


def _print_suffix(args) -> int | None:
    if args.kind in stats_print.KINDS:
        return stats_print.check_suffix(args)
    if args.kind == certificates.KIND:
        return _suffix(".pdf")(args)
    return _document_suffix(args)


def _print_needs(args) -> str:
    return stats_print.needs(args) if args.kind in stats_print.KINDS else "commune"


def cmd_print(args, ws) -> int:
    from desktop.reports.documents import to_pdf

    done = certificates.dispatch(args, ws)  # the Giấy khen of an issued decision (desktop.cli.certificates)
    if done is not None:
        return done
    if args.kind in stats_print.KINDS:
        return stats_print.run(args, ws)
    out = Path(args.out)
    db = ws.db
    date = _date(args.date)
    if args.kind.isdigit():  # an issued document, exactly as it was issued
        from desktop.cli.documents import print_issued

        doc = print_issued(ws, int(args.kind))
    else:
        doc = build_document(db, args.kind, args.year, title=args.title, period=args.period, person=args.person,
                             collective=args.collective, date=date, number=args.number, meeting=args.meeting)
    if out.suffix.lower() == ".docx":  # the Word copy: the same story, the same text
        from desktop.reports.docx_out import to_docx

        to_docx(doc, out)
        print(f"Đã ghi {out} (bản Word, sửa được).")
        return 0
    data = to_pdf(doc, out)
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"Đã ghi {out} ({pages} trang).")
    return 0


def cmd_import(args, ws) -> int:
    from desktop.app import spreadsheets as xlsx

    db = ws.db
    plan = xlsx.read_for_import(Path(args.file), xlsx.IMPORT_KINDS[args.kind])
    preview = xlsx.check_import(db, plan, update=args.update)
    for line in preview.report_lines():
        print(line)
    if preview.errors:
        print(f"Không nhập: có {len({p.row for p in preview.errors})} dòng lỗi. Hãy sửa tệp rồi chạy lại.",
              file=sys.stderr)
        return 1
    counts = f"thêm mới {len(preview.rows)}, cập nhật {len(preview.updates)}"
    if args.dry_run:
        print(f"Kiểm tra xong: {counts}; chưa ghi gì (--dry-run).")
        return 0
    if not preview.rows and not preview.updates:
        print("Không có gì để ghi: mọi dòng đều đã có trong dữ liệu" +
              ("." if args.update else " (thêm --update để cập nhật các bản ghi đó)."))
        return 0
    xlsx.commit_import(db, preview, ws.actor)
    print(f"Đã nhập: {counts} bản ghi.")
    return 0


def cmd_export(args, ws) -> int:
    from desktop.app import spreadsheets as xlsx

    out = Path(args.out)
    from desktop.app import import_template

    template = import_template.template_key(args.kind)
    if template is not None:  # the empty list to fill and import back
        import_template.write_kind_template(ws.db, template, out)
        print(f"Đã ghi tệp mẫu {out}: điền từ dòng 5 rồi nhập lại bằng import-xlsx --kind {template}.")
        return 0
    kind = xlsx.EXPORT_ALIASES.get(args.kind, args.kind)
    n = xlsx.export_kind(ws.db, kind, out, search=args.search)
    print(f"Đã xuất {n} dòng ra {out}.")
    return 0


COMMANDS = [
    Command("print", AREA, "in văn bản ra tệp PDF hoặc Word .docx (thể thức Nghị định 30/2020/NĐ-CP)", cmd_print,
            arguments=_print_arguments, validate=_print_suffix, needs=_print_needs),
    Command("import-xlsx", AREA, "nhập cá nhân, hộ gia đình, tập thể, chỉ tiêu từ tệp Excel (.xlsx)", cmd_import,
            arguments=_import_arguments),
    Command("export-xlsx", AREA, "xuất một bảng ra tệp Excel (.xlsx)", cmd_export, arguments=_export_arguments,
            validate=_suffix(".xlsx")),
]
