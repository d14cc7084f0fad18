"""Headless commands of the year-end review: ``python -m desktop review check --year 2026 --json``.

Registered through COMMAND_MODULES in desktop/__main__.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from desktop.core.errors import UserError
from desktop.paths import Paths

MARKS = {"ok": "[Đạt]", "warning": "[Xem xét]", "blocked": "[Chưa đạt]"}


def _date(text: str) -> dt.date:
    from desktop.core.records import parse_date

    try:
        d = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if d is None:
        raise argparse.ArgumentTypeError("chưa nhập ngày")
    return d


def register(sub) -> dict:
    p = sub.add_parser("review", help="bình xét thi đua, khen thưởng cuối năm")
    rs = p.add_subparsers(dest="review_command", required=True)

    def common(q):
        q.add_argument("--catalog", metavar="THƯ_MỤC", help="thư mục danh mục (mặc định: resources/catalog)")
        q.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    c = rs.add_parser("check", help="xét điều kiện của từng đối tượng trong năm")
    c.add_argument("--year", type=int, required=True)
    c.add_argument("--on", type=_date, help="ngày xét (mặc định 31/12 của năm)")
    c.add_argument("--all", action="store_true", help="xét cả những người không đăng ký (chỉ liệt kê người đủ điều kiện)")
    common(c)

    k = rs.add_parser("catalog", help="xem danh mục danh hiệu, tiêu chuẩn, mức thưởng đang dùng")
    common(k)

    d = rs.add_parser("decide", help="lập quyết định khen thưởng của xã (hoặc tờ trình đề nghị cấp trên)")
    d.add_argument("--year", type=int, required=True)
    d.add_argument("--signed-on", type=_date, required=True, help="ngày ký")
    d.add_argument("--signer", required=True, help="họ tên người ký")
    d.add_argument("--signer-title", default="Chủ tịch", help="chức vụ người ký")
    d.add_argument("--prefix", default="TM.", help="thẩm quyền ký: TM., KT., Q., TL., TUQ. hoặc \"\"")
    d.add_argument("--number", type=int, help="số văn bản (mặc định: số tiếp theo trong sổ của năm)")
    d.add_argument("--proposal", action="store_true", help="lập tờ trình đề nghị cấp trên thay vì quyết định")
    d.add_argument("--include-warnings", action="store_true",
                   help="đưa cả các trường hợp Hội đồng đã xem xét, xác nhận")
    common(d)

    h = rs.add_parser("history-import", help="nhập lịch sử khen thưởng các năm trước từ tệp CSV")
    h.add_argument("file")
    h.add_argument("--catalog", metavar="THƯ_MỤC")
    return {"review": cmd_review}


def _open(paths: Paths):
    from desktop.store.db import open_database

    paths.ensure()
    db = open_database(paths.db_file, paths.backup_dir)
    if db.workspace() is None:
        db.dispose()
        raise UserError("Chưa khởi tạo dữ liệu xã, phường. Hãy chạy: python -m desktop init --commune MÃ --officer \"HỌ TÊN\"")
    return db


def _review(db, args):
    from desktop.core.catalog import load_catalog
    from desktop.core.review import Review

    catalog = load_catalog(Path(args.catalog)) if getattr(args, "catalog", None) else load_catalog()
    ws = db.workspace()
    return Review(db.session, ws.officer_name if ws else "", catalog)


def cmd_review(args, paths: Paths) -> int:
    return {"check": _check, "catalog": _catalog, "decide": _decide,
            "history-import": _history_import}[args.review_command](args, paths)


def _check(args, paths: Paths) -> int:
    from desktop.core.review import STATUS_LABELS

    db = _open(paths)
    try:
        result = _review(db, args).check(args.year, args.on, args.all)
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"Bình xét năm {result.year} (ngày xét {result.on:%d/%m/%Y}), danh mục phiên bản {result.catalog_version}, "
          f"lương cơ sở {result.salary_version}: {len(result.candidates)} trường hợp.")
    for c in result.candidates:
        origin = "" if c.registered else " – phần mềm gợi ý"
        print(f"\n{MARKS[c.status]} {c.name} – {c.title_name} ({c.authority}){origin}: {STATUS_LABELS[c.status]}")
        for f in c.findings:
            print(f"    {MARKS[f.status]} {f.reason}" + (f" [Căn cứ: {f.source}]" if f.source else ""))
    return 0


def _catalog(args, paths: Paths) -> int:
    from desktop.core.catalog import load_catalog

    cat = load_catalog(Path(args.catalog)) if args.catalog else load_catalog()
    today = dt.date.today()
    salary = cat.base_salary(today)
    if args.json:
        print(json.dumps({
            "version": cat.version, "published": cat.published, "directory": str(cat.directory),
            "base_salary": {"version": cat.salary_version, "amount": salary.amount, "from": salary.from_.isoformat(),
                            "source": salary.source, "verified": salary.verified},
            "titles": [{"code": t.code, "name": t.name, "for": list(t.for_), "decided_by": cat.authority_name(t.decided_by),
                        "level": t.level, "valid_from": t.valid_from.isoformat(),
                        "bonus_multiple": str(t.bonus_multiple) if t.bonus_multiple is not None else None,
                        "ballot_min_percent": str(cat.ballot_rule(t.code).min_percent),
                        "source": t.source, "criteria": list(t.criteria)} for t in cat.titles.values()],
        }, ensure_ascii=False, indent=2))
        return 0
    verified = "" if salary.verified else " (chưa xác minh)"
    print(f"Danh mục phiên bản {cat.version} ({cat.directory})")
    amount = f"{salary.amount:,}".replace(",", ".")
    print(f"Lương cơ sở hôm nay: {amount} đồng từ {salary.from_:%d/%m/%Y}, {salary.source}{verified}")
    for t in cat.titles.values():
        multiple = str(t.bonus_multiple).replace(".", ",")
        bonus = f", thưởng {multiple} × lương cơ sở" if t.bonus_multiple is not None else ""
        ballot = cat.ballot_rule(t.code)
        print(f"  {t.code:<11} {t.name} – {cat.authority_name(t.decided_by)} quyết định{bonus}; "
              f"phiếu từ {str(ballot.min_percent).replace('.', ',')} % tổng số thành viên Hội đồng; áp dụng từ {t.valid_from:%d/%m/%Y}")
    return 0


def _decide(args, paths: Paths) -> int:
    db = _open(paths)
    try:
        info = _review(db, args).decide(args.year, args.signed_on, args.signer, args.signer_title, args.prefix,
                                        args.number, include_warnings=args.include_warnings,
                                        kind="proposal" if args.proposal else "decision")
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(info.as_dict(), ensure_ascii=False, indent=2, default=str))
        return 0
    what = "Tờ trình" if info.kind == "proposal" else "Quyết định"
    print(f"{what} số {info.number_text} ngày {info.signed_on:%d/%m/%Y}, {len(info.rows)} trường hợp "
          f"(danh mục {info.catalog_version}).")
    for r in info.rows:
        money = f": {r.amount:,} đồng".replace(",", ".") if r.amount else ""
        print(f"  {r.name} – {r.title_name}{money}")
    for title, n, amount in info.totals_by_title():
        print(f"Cộng {title}: {n} trường hợp, {amount:,} đồng".replace(",", "."))
    print(f"Tổng số tiền thưởng: {info.total_amount:,} đồng".replace(",", "."))
    for note in info.notes:
        print(f"Lưu ý: {note}")
    if info.left_out:
        print(f"Không đưa vào ({len(info.left_out)} trường hợp):", file=sys.stderr)
        for name, title, reason in info.left_out:
            print(f"  {name} – {title}: {reason}", file=sys.stderr)
    return 0


def _history_import(args, paths: Paths) -> int:
    db = _open(paths)
    try:
        n = _review(db, args).import_history_csv(Path(args.file))
    finally:
        db.dispose()
    print(f"Đã nhập {n} dòng lịch sử khen thưởng.")
    return 0
