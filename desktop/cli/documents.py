"""Headless commands of the register of issued documents: ``documents list|show|issue|supersede``.
Decisions, proposals and minutes are issued by the review commands (``review decide``, ``review
minutes``); a document is printed again, exactly as issued, by ``print ID --out F.pdf``."""

from __future__ import annotations

import datetime as dt
import json

from desktop.cli.registry import Command
from desktop.shared.errors import UserError
from desktop.shared.fmt import group

AREA = "In văn bản, bảng tính Excel"
ISSUE_KINDS = ("report", "ballots", "cover-letter")
CHANGES = ("dinh_chinh", "thay_the", "bai_bo")


def _date(text: str | None) -> dt.date:
    from desktop.cli.printing import _date as parse

    return parse(text)


def _arguments(p) -> None:
    sub = p.add_subparsers(dest="documents_command", required=True, metavar="LỆNH")
    ls = sub.add_parser("list", help="sổ văn bản đã ban hành (số, ngày, người ký, mã băm, hiệu lực)")
    ls.add_argument("--year", type=int, help="chỉ văn bản về năm này hoặc ký trong năm này")
    ls.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    sh = sub.add_parser("show", help="xem một văn bản đã ban hành: các dòng, căn cứ, văn bản thay thế")
    sh.add_argument("id", type=int, metavar="MÃ")
    sh.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    iss = sub.add_parser("issue", help="ban hành báo cáo (lấy số BC), bộ phiếu bầu hoặc công văn gửi tệp dữ liệu "
                                       "(lấy số CV)")
    iss.add_argument("kind", choices=ISSUE_KINDS, metavar="LOẠI", help="report (báo cáo), ballots (phiếu bầu), "
                                                                      "cover-letter (công văn gửi tệp dữ liệu)")
    iss.add_argument("--year", type=int, default=dt.date.today().year)
    iss.add_argument("--period", choices=("H1", "Y"), default="Y", help="báo cáo sơ kết 6 tháng (H1) hay tổng kết (Y)")
    iss.add_argument("--date", help="ngày ký, dạng ngày/tháng/năm (mặc định hôm nay)")
    iss.add_argument("--number", type=int, help="số báo cáo (mặc định: số tiếp theo trong sổ của năm)")
    iss.add_argument("--sequence", type=int, help="số thứ tự tệp dữ liệu của công văn (mặc định: tệp mới nhất)")
    iss.add_argument("--section", action="append", default=[], metavar="PHẦN=ĐOẠN",
                     help="phần của báo cáo do cán bộ viết: organization (chỉ đạo, tổ chức), results (kết quả), "
                          "strengths (ưu điểm), weaknesses (hạn chế), causes (nguyên nhân), directions (phương "
                          "hướng), ví dụ strengths=\"…\"; lặp lại cho mỗi đoạn. Phần không ghi: dòng chấm để viết tay")
    iss.add_argument("--text-file", metavar="TỆP", help="các phần đó trong tệp JSON UTF-8 {\"strengths\": \"…\", …}")
    iss.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    su = sub.add_parser("supersede", help="lập văn bản đính chính, thay thế hoặc bãi bỏ một văn bản đã ban hành")
    su.add_argument("id", type=int, metavar="MÃ")
    su.add_argument("--change", required=True, choices=CHANGES,
                    help="dinh_chinh (đính chính), thay_the (thay thế) hoặc bai_bo (bãi bỏ)")
    su.add_argument("--reason", required=True, help="lý do")
    su.add_argument("--date", help="ngày ký văn bản mới (mặc định hôm nay)")
    su.add_argument("--signer", help="họ tên người ký (mặc định: người ký văn bản cũ)")
    su.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def cmd_documents(args, ws) -> int:
    return {"list": _list, "show": _show, "issue": _issue, "supersede": _supersede}[args.documents_command](args, ws)


def _line(d) -> str:
    number = d.number_text or "(không số)"
    money = f", {group(d.total_amount)} đồng" if d.total_amount else ""
    return (f"{d.id:>5}  {number:<16} {d.issued_on:%d/%m/%Y}  {d.kind_label} năm {d.year}: {d.row_count} dòng{money}"
            f" – {d.status}")


def _list(args, ws) -> int:
    from desktop.app import issuing

    items = issuing.list_documents(ws.db, args.year)
    if args.json:
        print(json.dumps([d.as_dict() for d in items], ensure_ascii=False, indent=2, default=str))
        return 0
    if not items:
        print("Chưa có văn bản nào được ban hành" + (f" cho năm {args.year}." if args.year else "."))
        return 0
    print("  Mã  Số văn bản       Ngày ký     Văn bản")
    for d in items:
        print(_line(d))
    return 0


def _show(args, ws) -> int:
    from desktop.app import issuing

    d = issuing.get(ws.db, args.id)
    rows = issuing.rows_of(ws.db, args.id)
    if args.json:
        print(json.dumps({**d.as_dict(), "rows": rows}, ensure_ascii=False, indent=2, default=str))
        return 0
    print(_line(d))
    print(f"  Trích yếu: {d.title}")
    signer = " ".join(x for x in (d.authority_prefix, d.signer_title, d.signer_name) if x)
    print(f"  Người ký: {signer or '(chưa ghi)'}; ban hành bởi {d.created_by} lúc "
          f"{d.created_at:%d/%m/%Y %H:%M} (UTC)")
    if d.catalog_version:
        salary = f", lương cơ sở {group(d.base_salary)} đồng" if d.base_salary else ""
        print(f"  Danh mục: {d.catalog_version}{salary}")
    print(f"  Mã băm SHA-256 nội dung: {d.sha256}")
    if d.replaces_id:
        old = issuing.get(ws.db, d.replaces_id)
        print(f"  {issuing.CHANGE_LABELS[d.change_kind]} văn bản {old.number_text or old.id} (mã {old.id}): "
              f"{d.change_reason}")
    print(f"  Hiệu lực: {d.status}")
    for i, r in enumerate(rows[:50], 1):
        print(f"  {i:>4}. " + ", ".join(f"{k}={v}" for k, v in r.items()))
    if len(rows) > 50:
        print(f"  … và {len(rows) - 50} dòng nữa (--json để xem hết).")
    return 0


def _issue(args, ws) -> int:
    from desktop.app import issuing_docs

    on = _date(args.date)
    if args.kind != "report" and (args.section or args.text_file):
        raise UserError("--section và --text-file chỉ dùng cho báo cáo (documents issue report).")
    if args.kind == "report":
        info = issuing_docs.issue_report(ws.db, args.year, args.period, on, ws.actor, args.number,
                                         texts=_report_texts(args))
    elif args.kind == "ballots":
        info = issuing_docs.issue_ballots(ws.db, args.year, on, ws.actor)
    else:
        info = issuing_docs.cover_letter(ws.db, args.sequence, ws.actor, on)
    if args.json:
        print(json.dumps(info.as_dict(), ensure_ascii=False, indent=2, default=str))
        return 0
    number = f" số {info.number_text}" if info.number_text else ""
    print(f"Đã ban hành {info.kind_label.lower()}{number} ngày {info.issued_on:%d/%m/%Y} (mã văn bản {info.id}); "
          f"in: python -m desktop print {info.id} --out tep.pdf.")
    return 0


def _report_texts(args) -> dict[str, str]:
    """The officer's parts of the report: the --text-file's, then each --section KEY=TEXT (paragraphs
    of one part given twice are joined)."""
    from desktop.app.report_sources import TEXT_KEYS, check_texts, texts_from_file

    texts = texts_from_file(args.text_file) if args.text_file else {}
    given: dict[str, list[str]] = {}
    for text in args.section:
        key, _, para = text.partition("=")
        if key.strip() not in TEXT_KEYS:
            raise UserError(f"Phần “{key[:30]}” không có; ghi một trong: {', '.join(TEXT_KEYS)}, "
                            "ví dụ strengths=\"…\".")
        given.setdefault(key.strip(), []).append(para)
    texts.update({k: "\n".join(v) for k, v in given.items()})
    return check_texts(texts)


def _supersede(args, ws) -> int:
    from desktop.app import issuing
    from desktop.app.issuing_review import supersede

    info = supersede(ws.db, args.id, args.change, args.reason, ws.actor, on=_date(args.date),
                     signer_name=args.signer, catalog=ws.catalog)
    if args.json:
        print(json.dumps(info.as_dict(), ensure_ascii=False, indent=2, default=str))
        return 0
    old = issuing.get(ws.db, args.id)
    print(f"Đã ban hành {info.kind_label.lower()} số {info.number_text or '(không số)'} (mã {info.id}): "
          f"{issuing.CHANGE_LABELS[args.change].lower()} văn bản {old.number_text or old.id} (mã {old.id}). "
          f"Văn bản cũ: {old.status}.")
    return 0


def print_issued(ws, doc_id: int):
    """The frozen document ``doc_id`` for ``print ID``."""
    from desktop.app import issuing

    if doc_id < 1:
        raise UserError("Mã văn bản phải là số nguyên dương (xem: python -m desktop documents list).")
    return issuing.document(ws.db, doc_id)


COMMANDS = [
    Command("documents", AREA, "sổ văn bản đã ban hành: xem, ban hành báo cáo, đính chính, thay thế, bãi bỏ",
            cmd_documents, arguments=_arguments),
]
