"""Headless commands of the reports feature: ``print``, ``import-xlsx``, ``export-xlsx``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desktop.shared.errors import UserError

PRINT_KINDS = ("registrations", "list", "report", "achievement", "ballots", "decision", "minutes", "proposal")
REVIEW_KINDS = {"decision": "quyết định khen thưởng", "minutes": "biên bản họp Hội đồng",
                "proposal": "tờ trình đề nghị khen thưởng"}


def register(sub) -> dict:
    p = sub.add_parser("print", help="in văn bản ra tệp PDF (thể thức Nghị định 30/2020/NĐ-CP)")
    p.add_argument("kind", choices=PRINT_KINDS, metavar="LOẠI",
                   help="registrations (danh sách đăng ký), list (danh sách theo danh hiệu), report (báo cáo), "
                        "achievement (báo cáo thành tích), ballots (phiếu bầu), decision, minutes, proposal")
    p.add_argument("--out", required=True, help="tệp PDF cần ghi")
    p.add_argument("--year", type=int, default=dt.date.today().year)
    p.add_argument("--title", help="mã danh hiệu cho LOẠI list, ví dụ LDTT, CSTDCS, GDVH")
    p.add_argument("--period", choices=("H1", "Y"), default="Y", help="báo cáo sơ kết 6 tháng (H1) hay tổng kết (Y)")
    p.add_argument("--person", type=int, help="mã cá nhân (báo cáo thành tích)")
    p.add_argument("--collective", type=int, help="mã tập thể (báo cáo thành tích)")
    p.add_argument("--date", help="ngày ký văn bản, dạng ngày/tháng/năm (mặc định hôm nay)")
    p.add_argument("--draft", action="store_true", help="bản nháp: không lấy số văn bản")
    p.add_argument("--number", type=int, help="số quyết định, tờ trình cần in (mặc định: văn bản mới nhất của năm)")
    p.add_argument("--meeting", type=int, help="mã cuộc họp Hội đồng cần in biên bản (mặc định: cuộc họp mới nhất)")

    i = sub.add_parser("import-xlsx", help="nhập cá nhân, hộ gia đình, tập thể, chỉ tiêu từ tệp Excel (.xlsx)")
    i.add_argument("file")
    i.add_argument("--kind", required=True, choices=("individuals", "households", "collectives", "indicators"))
    i.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")

    e = sub.add_parser("export-xlsx", help="xuất một bảng ra tệp Excel (.xlsx)")
    e.add_argument("kind", metavar="LOẠI", help="person, household, collective, registration, ... hoặc "
                                                 "individuals, households, collectives")
    e.add_argument("--out", required=True)
    e.add_argument("--search", default="", help="chỉ xuất các dòng khớp từ khóa")
    return {"print": cmd_print, "import-xlsx": cmd_import, "export-xlsx": cmd_export}


def _open(paths):
    from desktop.store.db import open_database

    paths.ensure()
    db = open_database(paths.db_file, paths.backup_dir)
    if db.workspace() is None:
        db.dispose()
        raise UserError("Chưa khởi tạo dữ liệu xã, phường. Hãy chạy: python -m desktop init --commune MÃ "
                        "--officer \"HỌ TÊN\"")
    return db


def _date(text: str | None) -> dt.date:
    from desktop.core.records import parse_date

    if not text:
        return dt.date.today()
    try:
        return parse_date(text) or dt.date.today()
    except ValueError as exc:
        raise UserError(f"Ngày ký: {exc}") from None


def build_document(db, kind: str, year: int, *, title: str | None = None, period: str = "Y",
                   person: int | None = None, collective: int | None = None, date: dt.date | None = None,
                   number: int | None = None, meeting: int | None = None):
    """The document of ``kind`` from the database (shared by the command line and the window).
    Review documents (decision, minutes, proposal) are laid out from the saved review: ``number``
    picks a decision or proposal, ``meeting`` a meeting; the latest of the year otherwise."""
    from desktop.app import sources

    date = date or dt.date.today()
    if kind in REVIEW_KINDS:
        from desktop.app import review_sources as review_docs

        return review_docs.build(db, kind, year, number=number, meeting_id=meeting)
    if kind == "registrations":
        return sources.registration_list(db, year, date)
    if kind == "list":
        if not title:
            have = sources.titles_of_year(db, year)
            listed = "; ".join(f"{c} ({n}, {k})" for c, n, k in have) or "chưa có đăng ký nào"
            raise UserError(f"Hãy chọn danh hiệu bằng --title MÃ. Năm {year}: {listed}.")
        return sources.title_list(db, year, title, date)
    if kind == "report":
        return sources.movement_report(db, year, period, date, number)
    if kind == "achievement":
        if bool(person) == bool(collective):
            raise UserError("Hãy chọn một đối tượng: --person MÃ hoặc --collective MÃ.")
        return sources.achievement_report(db, "person" if person else "collective", person or collective, year, date)
    if kind == "ballots":
        return sources.ballot_slips(db, year, date)
    raise UserError(f"Không có loại văn bản “{kind}”.")


NUMBERED = {"report": "BC"}


def cmd_print(args, paths) -> int:
    from desktop.reports.documents import to_pdf

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        print("Tệp kết quả phải có đuôi .pdf.", file=sys.stderr)
        return 2
    db = _open(paths)
    try:
        date = _date(args.date)
        doc = build_document(db, args.kind, args.year, title=args.title, period=args.period, person=args.person,
                             collective=args.collective, date=date, number=args.number, meeting=args.meeting)
        code = NUMBERED.get(args.kind)
        if code and not args.draft and args.number is None:
            from desktop.core import register as reg

            doc.number = reg.take(db, date.year, code)
        data = to_pdf(doc, out)
    finally:
        db.dispose()
    from pypdf import PdfReader
    import io

    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"Đã ghi {out} ({pages} trang).")
    return 0


def cmd_import(args, paths) -> int:
    from desktop.app import spreadsheets as xlsx

    db = _open(paths)
    try:
        ws = db.workspace()
        plan = xlsx.read_for_import(Path(args.file), xlsx.IMPORT_KINDS[args.kind])
        preview = xlsx.check_import(db, plan)
        for line in preview.report_lines():
            print(line)
        if preview.errors:
            print(f"Không nhập: có {len(preview.errors)} dòng lỗi. Hãy sửa tệp rồi chạy lại.", file=sys.stderr)
            return 1
        if args.dry_run:
            print(f"Kiểm tra xong: {len(preview.rows)} dòng hợp lệ; chưa ghi gì (--dry-run).")
            return 0
        n = xlsx.commit_import(db, preview, ws.officer_name)
    finally:
        db.dispose()
    print(f"Đã nhập {n} bản ghi.")
    return 0


def cmd_export(args, paths) -> int:
    from desktop.app import spreadsheets as xlsx

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        print("Tệp kết quả phải có đuôi .xlsx.", file=sys.stderr)
        return 2
    kind = xlsx.EXPORT_ALIASES.get(args.kind, args.kind)
    db = _open(paths)
    try:
        n = xlsx.export_kind(db, kind, out, search=args.search)
    finally:
        db.dispose()
    print(f"Đã xuất {n} dòng ra {out}.")
    return 0
