"""Headless commands of the cultural titles' procedure (decree 86/2023/NĐ-CP):
``culture list|villages|open|meeting|mark|post|finish|file|reopen|minutes|issue|print``.

Gia đình văn hóa runs per village (``--village ID``), Thôn, tổ dân phố văn hóa once per commune; a
round is named by its id (``culture list``) or by year, title and village."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from desktop.cli.registry import Command
from desktop.shared.errors import UserError
from desktop.shared.fmt import group

AREA = "Gia đình văn hóa, Thôn văn hóa"
TITLES = ("GDVH", "THON_VH")
RESULTS = ("dat", "khong_dat", "chua_xet")
STATUS = {"open": "đang bình xét", "finished": "đã kết thúc bình xét", "decided": "đã có quyết định"}


def _date(text: str | None, what: str) -> dt.date:
    from desktop.core.records import parse_date

    if not text:
        return dt.date.today()
    try:
        value = parse_date(text)
    except ValueError as exc:
        raise UserError(f"{what}: {exc}") from None
    if value is None:
        raise UserError(f"{what}: hãy ghi ngày dạng ngày/tháng/năm.")
    return value


def _round_args(p, required_year: bool = False) -> None:
    p.add_argument("--round", type=int, metavar="MÃ", help="mã đợt bình xét (xem: culture list)")
    p.add_argument("--year", type=int, required=required_year, help="năm bình xét")
    p.add_argument("--title", choices=TITLES, default="GDVH",
                   help="GDVH (Gia đình văn hóa, mặc định) hoặc THON_VH (Thôn, tổ dân phố văn hóa)")
    p.add_argument("--village", type=int, metavar="MÃ", help="mã thôn, tổ dân phố (Gia đình văn hóa)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def _arguments(p) -> None:
    sub = p.add_subparsers(dest="culture_command", required=True, metavar="LỆNH")
    ls = sub.add_parser("list", help="các đợt bình xét: năm, thôn, ngày niêm yết, số hộ đạt, hạn")
    ls.add_argument("--year", type=int)
    ls.add_argument("--title", choices=TITLES)
    ls.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    vs = sub.add_parser("villages", help="các thôn, tổ dân phố đang hoạt động và số hộ")
    vs.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    op = sub.add_parser("open", help="mở đợt bình xét (Gia đình văn hóa: một thôn, tổ dân phố; Thôn văn hóa: toàn xã)")
    _round_args(op, required_year=True)
    op.add_argument("--all-villages", action="store_true", help="Gia đình văn hóa: mở cho mọi thôn, tổ dân phố")
    mt = sub.add_parser("meeting", help="ghi cuộc họp bình xét (ngày, chủ trì, Ban Công tác Mặt trận, số người dự)")
    _round_args(mt)
    mt.add_argument("--date", required=True, help="ngày họp, dạng ngày/tháng/năm")
    mt.add_argument("--place", default="")
    mt.add_argument("--chair", default="", help="người chủ trì (Trưởng thôn, Tổ trưởng tổ dân phố)")
    mt.add_argument("--secretary", default="")
    mt.add_argument("--front", default="", help="đại diện Ban Công tác Mặt trận, các đoàn thể")
    mt.add_argument("--attendance", type=int, help="số người dự họp")
    mk = sub.add_parser("mark", help="đánh dấu kết quả hàng loạt: tất cả hộ của thôn, hoặc danh sách mã từ tệp CSV")
    _round_args(mk)
    mk.add_argument("--result", choices=RESULTS, required=True, help="dat, khong_dat hoặc chua_xet")
    who = mk.add_mutually_exclusive_group(required=True)
    who.add_argument("--all", action="store_true", help="tất cả hộ của thôn (Thôn văn hóa: mọi thôn)")
    who.add_argument("--unmarked", action="store_true", help="các hộ chưa đánh dấu")
    who.add_argument("--csv", metavar="TỆP", help="tệp CSV, cột đầu là mã hộ (hoặc mã thôn)")
    who.add_argument("--ids", metavar="MÃ,MÃ", help="các mã cách nhau bằng dấu phẩy")
    po = sub.add_parser("post", help="ghi ngày bắt đầu niêm yết danh sách (ngày kết thúc tính theo quy định)")
    _round_args(po)
    po.add_argument("--from", dest="posted_from", required=True, help="ngày bắt đầu niêm yết")
    po.add_argument("--complaints", default="", help="ý kiến, kiến nghị trong thời gian niêm yết")
    fi = sub.add_parser("finish", help="kết thúc bình xét (sau khi niêm yết đủ ngày, trước hạn của năm)")
    _round_args(fi)
    fi.add_argument("--date", required=True, help="ngày kết thúc bình xét")
    fc = sub.add_parser("file", help="ghi ngày Ủy ban nhân dân nhận đủ hồ sơ")
    _round_args(fc)
    fc.add_argument("--date", required=True)
    mi = sub.add_parser("minutes", help="ban hành biên bản họp bình xét (Mẫu 03; Thôn văn hóa: Mẫu 06)")
    _round_args(mi)
    ro = sub.add_parser("reopen", help="mở lại đợt đã kết thúc để sửa kết quả (khi chưa có quyết định, hoặc quyết định "
                                       "đã bị bãi bỏ; --replace: để ban hành quyết định thay thế)")
    _round_args(ro)
    ro.add_argument("--reason", required=True, help="lý do mở lại (ghi vào nhật ký)")
    ro.add_argument("--replace", action="store_true",
                    help="quyết định đang có hiệu lực: mở lại để sửa rồi ban hành quyết định thay thế")
    iss = sub.add_parser("issue", help="ban hành quyết định tặng danh hiệu (lấy số QĐ, ghi lịch sử khen thưởng)")
    _round_args(iss)
    iss.add_argument("--date", help="ngày ký (mặc định hôm nay)")
    iss.add_argument("--signer", default="", help="họ tên người ký (mặc định: Chủ tịch UBND trong Hội đồng)")
    iss.add_argument("--signer-title", default="Chủ tịch")
    iss.add_argument("--kt", action="store_true", help="Phó Chủ tịch ký thay (KT. CHỦ TỊCH)")
    iss.add_argument("--number", type=int, help="số quyết định (mặc định: số tiếp theo trong sổ)")
    pr = sub.add_parser("print", help="in biên bản hoặc quyết định của một thôn ra PDF (văn bản đã ban hành in "
                                      "đúng như đã ban hành; chưa ban hành: bản dự thảo không số)")
    _round_args(pr)
    pr.add_argument("what", choices=("minutes", "decision"), metavar="LOẠI", help="minutes (biên bản) hoặc "
                                                                                  "decision (quyết định)")
    pr.add_argument("--out", required=True, help="tệp PDF")
    pr.add_argument("--date", help="ngày ký của bản dự thảo")


def _round_id(args, ws) -> int:
    from desktop.app import culture

    if args.round is not None:
        return int(args.round)
    if args.year is None:
        raise UserError("Hãy ghi --round MÃ, hoặc --year NĂM (và --village MÃ cho Gia đình văn hóa).")
    village = args.village if args.title == "GDVH" else None
    if args.title == "GDVH" and village is None:
        raise UserError("Gia đình văn hóa bình xét theo thôn: hãy ghi --village MÃ (xem: culture villages).")
    found = culture.find_round(ws.db, args.year, args.title, village)
    if found is None:
        raise UserError(f"Chưa mở đợt bình xét {args.title} năm {args.year}"
                        + (f" của thôn mã {village}" if village else "") + ". Mở bằng: python -m desktop culture open.")
    return found.id


def _show(args, info, extra: str = "") -> int:
    if getattr(args, "json", False):
        print(json.dumps({**info.as_dict(), **({"warning": extra} if extra else {})}, ensure_ascii=False, indent=2,
                         default=str))
        return 0
    print(_line(info))
    if extra:
        print(f"Lưu ý: {extra}")
    return 0


def _line(r) -> str:
    posted = f"niêm yết {r.posted_from:%d/%m}–{r.posted_until:%d/%m}" if r.posted_from and r.posted_until else \
        "chưa niêm yết"
    deadline = f", hạn bình xét {r.review_deadline:%d/%m/%Y}" if r.review_deadline else ""
    decided = f", QĐ {r.decision_no} ngày {r.decision_date:%d/%m/%Y}" if r.decision_date else ""
    return (f"{r.id:>5}  {r.label}: {STATUS.get(r.status, r.status)}; {posted}{deadline}; đạt "
            f"{group(r.counts.get('dat', 0))}, không đạt {group(r.counts.get('khong_dat', 0))}, chưa đánh dấu "
            f"{group(r.unmarked)}/{group(r.subjects)}{decided}")


def _list(args, ws) -> int:
    from desktop.app import culture

    items = culture.list_rounds(ws.db, args.year, args.title)
    if args.json:
        print(json.dumps([r.as_dict() for r in items], ensure_ascii=False, indent=2, default=str))
    elif not items:
        print("Chưa mở đợt bình xét nào.")
    for r in items if not args.json else ():
        print(_line(r))
    return 0


def _villages(args, ws) -> int:
    from desktop.app import culture

    items = culture.villages(ws.db)
    if args.json:
        print(json.dumps([v.__dict__ for v in items], ensure_ascii=False, indent=2))
        return 0
    for v in items:
        print(f"{v.id:>5}  {v.name}: {group(v.households)} hộ")
    return 0


def _open(args, ws) -> int:
    from desktop.app import culture

    if args.all_villages:
        if args.title != "GDVH":
            raise UserError("--all-villages chỉ dùng cho Gia đình văn hóa.")
        opened = [culture.open_round(ws.db, args.year, "GDVH", v.id, ws.actor) for v in culture.villages(ws.db)
                  if culture.find_round(ws.db, args.year, "GDVH", v.id) is None]
        print(f"Đã mở {len(opened)} đợt bình xét Gia đình văn hóa năm {args.year}.")
        return 0
    village = args.village if args.title == "GDVH" else None
    if args.title == "GDVH" and village is None:
        raise UserError("Gia đình văn hóa bình xét theo thôn: hãy ghi --village MÃ hoặc --all-villages.")
    return _show(args, culture.open_round(ws.db, args.year, args.title, village, ws.actor))


def _meeting(args, ws) -> int:
    from desktop.app import culture

    info = culture.record_meeting(ws.db, _round_id(args, ws), _date(args.date, "Ngày họp"), ws.actor,
                                  place=args.place, chair=args.chair, secretary=args.secretary,
                                  front_members=args.front, attendance=args.attendance)
    return _show(args, info)


def _mark(args, ws) -> int:
    from desktop.app import culture

    rid = _round_id(args, ws)
    ids = None
    if args.csv:
        ids = culture.ids_from_csv(Path(args.csv))
    elif args.ids:
        try:
            ids = [int(x) for x in args.ids.replace(" ", "").split(",") if x]
        except ValueError:
            raise UserError("--ids: các mã phải là số nguyên, cách nhau bằng dấu phẩy.") from None
    out = culture.mark(ws.db, rid, args.result, ws.actor, ids=ids, only_unmarked=args.unmarked)
    info = culture.get_round(ws.db, rid)
    if args.json:
        return _show(args, info)
    print(f"Đã đánh dấu {group(out.count)} trường hợp “{args.result}”.")
    print(_line(info))
    return 0


def _post(args, ws) -> int:
    from desktop.app import culture

    return _show(args, culture.record_posting(ws.db, _round_id(args, ws), _date(args.posted_from, "Ngày niêm yết"),
                                              ws.actor, args.complaints))


def _finish(args, ws) -> int:
    from desktop.app import culture

    info, warning = culture.finish(ws.db, _round_id(args, ws), _date(args.date, "Ngày kết thúc"), ws.actor)
    return _show(args, info, warning)


def _file(args, ws) -> int:
    from desktop.app import culture

    return _show(args, culture.record_file_complete(ws.db, _round_id(args, ws), _date(args.date, "Ngày nhận đủ hồ sơ"),
                                                    ws.actor))


def _issued(args, info, warning: str = "") -> int:
    if args.json:
        print(json.dumps({**info.as_dict(), "warning": warning}, ensure_ascii=False, indent=2, default=str))
        return 0
    number = f" số {info.number_text}" if info.number_text else ""
    print(f"Đã ban hành {info.kind_label.lower()}{number} ngày {info.issued_on:%d/%m/%Y} (mã văn bản {info.id}, "
          f"{group(info.row_count)} dòng); in lại: python -m desktop print {info.id} --out tep.pdf.")
    if warning:
        print(f"Lưu ý: {warning}")
    return 0


def _reopen(args, ws) -> int:
    from desktop.app import culture

    info = culture.reopen(ws.db, _round_id(args, ws), args.reason, ws.actor, for_replacement=args.replace)
    then = (f"Sau khi sửa và kết thúc bình xét: python -m desktop documents supersede {info.decision_doc_id} --change "
            "thay_the --reason \"…\"." if info.decision_doc_id else "")
    return _show(args, info, then)


def _minutes(args, ws) -> int:
    from desktop.app import culture_issue

    return _issued(args, culture_issue.issue_minutes(ws.db, _round_id(args, ws), ws.actor))


def _issue(args, ws) -> int:
    from desktop.app import culture_issue

    info, warning = culture_issue.issue_decision(
        ws.db, _round_id(args, ws), _date(args.date, "Ngày ký"), ws.actor, signer_name=args.signer,
        signer_title=args.signer_title, authority_prefix="KT." if args.kt else "", catalog=ws.catalog,
        number=args.number)
    return _issued(args, info, warning)


def _print(args, ws) -> int:
    from desktop.app import culture_issue
    from desktop.reports.documents import to_pdf

    out = Path(args.out)
    doc = culture_issue.document(ws.db, _round_id(args, ws), args.what,
                                 _date(args.date, "Ngày ký") if args.date else None, ws.catalog)
    try:
        to_pdf(doc, out)
    except OSError as exc:
        raise UserError(f"Không ghi được tệp {out}: {exc.strerror or exc}.") from None
    print(f"Đã in {out}.")
    return 0


HANDLERS = {"list": _list, "villages": _villages, "open": _open, "meeting": _meeting, "mark": _mark, "post": _post,
            "finish": _finish, "file": _file, "reopen": _reopen, "minutes": _minutes, "issue": _issue, "print": _print}


def cmd_culture(args, ws) -> int:
    return HANDLERS[args.culture_command](args, ws)


COMMANDS = [
    Command("culture", AREA, "bình xét Gia đình văn hóa theo thôn, tổ dân phố và Thôn, tổ dân phố văn hóa (Nghị định "
            "86/2023/NĐ-CP): mở đợt, đánh dấu hàng loạt, niêm yết, kết thúc, ban hành, in", cmd_culture,
            arguments=_arguments),
]
