"""Headless commands of the awards besides the year-end review and of the year's launch plan:
``khen-thuong dot-xuat|chuyen-de`` (the chairman's Giấy khen, each subject with the achievements it is
rewarded for), ``khen-thuong thanh-tich`` (a subject's achievements and whether each is rewarded
already), ``plan launch`` (the kế hoạch phát động with its registration deadline)."""

from __future__ import annotations

import datetime as dt
import json

from desktop.cli.registry import Command
from desktop.shared.errors import UserError
from desktop.shared.fmt import group

AREA = "Bình xét thi đua, khen thưởng"
OCCASION_OF = {"dot-xuat": "dot_xuat", "chuyen-de": "chuyen_de"}


def _date(text: str | None, what: str) -> dt.date:
    from desktop.core.records import parse_date

    if not text:
        return dt.date.today()
    try:
        return parse_date(text) or dt.date.today()
    except ValueError as exc:
        raise UserError(f"{what}: {exc}") from None


def _award_arguments(p) -> None:
    sub = p.add_subparsers(dest="special_command", required=True, metavar="LỆNH")
    for name, what in (("dot-xuat", "khen thưởng đột xuất"), ("chuyen-de", "khen thưởng chuyên đề, theo đợt")):
        a = sub.add_parser(name, help=f"ban hành quyết định tặng Giấy khen {what} (lấy số QĐ, lưu nguyên nội dung)")
        a.add_argument("--theme", required=True, help="phong trào, chuyên đề hoặc sự việc được khen thưởng")
        a.add_argument("--award", required=True, action="append", metavar="LOẠI:MÃ=TT[,TT]",
                       help="đối tượng và mã các thành tích được khen, ví dụ person:12=5,6 (lặp lại cho mỗi đối tượng)")
        a.add_argument("--date", help="ngày ký, dạng ngày/tháng/năm (mặc định hôm nay)")
        a.add_argument("--signer", required=True, help="họ tên người ký")
        a.add_argument("--signer-title", default="Chủ tịch", help="chức vụ người ký (mặc định: Chủ tịch)")
        a.add_argument("--authority", default="", choices=("", "TM.", "KT.", "Q.", "TL.", "TUQ."),
                       help="thẩm quyền ký (mặc định: không ghi)")
        a.add_argument("--number", type=int, help="số quyết định (mặc định: số tiếp theo trong sổ của năm)")
        a.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    t = sub.add_parser("thanh-tich", help="các thành tích của một đối tượng và thành tích nào đã được khen")
    t.add_argument("subject", metavar="LOẠI:MÃ", help="person:MÃ, collective:MÃ hoặc household:MÃ")
    t.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def _awardee(text: str):
    from desktop.cli.review import _subject
    from desktop.core.review.special import Awardee

    who, _, what = text.partition("=")
    ids = [x.strip() for x in what.split(",") if x.strip()]
    if not ids or not all(x.isascii() and x.isdigit() and len(x) <= 12 for x in ids):
        raise UserError(f"“{text[:60]}”: ghi đối tượng và mã thành tích dạng person:12=5,6 (mã thành tích xem bằng "
                        "lệnh khen-thuong thanh-tich person:12).")
    return Awardee(_subject(who), tuple(int(x) for x in ids))


def cmd_award(args, ws) -> int:
    if args.special_command == "thanh-tich":
        return _achievements(args, ws)
    from desktop.app.special_awards import award

    awardees = [_awardee(x) for x in args.award]
    info, issued = award(ws.db, ws.actor, OCCASION_OF[args.special_command], args.theme, _date(args.date, "Ngày ký"),
                         args.signer, awardees, signer_title=args.signer_title, authority_prefix=args.authority,
                         number=args.number, catalog=ws.catalog)
    if args.json:
        print(json.dumps({"document": issued.as_dict(), "rows": [r.__dict__ for r in info.rows]},
                         ensure_ascii=False, indent=2, default=str))
        return 0
    money = f", tổng tiền thưởng {group(info.total_amount)} đồng" if info.total_amount else ""
    print(f"Đã ban hành quyết định số {issued.number_text} (mã {issued.id}) ngày {issued.issued_on:%d/%m/%Y}: "
          f"{issued.title}; {len(info.rows)} đối tượng{money}. In: python -m desktop print {issued.id} --out qd.pdf")
    return 0


def _achievements(args, ws) -> int:
    from desktop.cli.review import _subject
    from desktop.core.review.special import SpecialAwards

    items = SpecialAwards(ws.db.session, ws.actor, ws.catalog).achievements(_subject(args.subject))
    if args.json:
        print(json.dumps([{"id": i, "description": d, "achieved_on": on.isoformat() if on else None,
                           "rewarded_by": used} for i, d, on, used in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("Đối tượng này chưa có thành tích nào.")
    for i, d, on, used in items:
        when = f" ({on:%d/%m/%Y})" if on else ""
        print(f"{i:>6}  {d[:70]}{when} – " + (f"đã khen: {used}" if used else "chưa khen"))
    return 0


def _plan_arguments(p) -> None:
    sub = p.add_subparsers(dest="plan_command", required=True, metavar="LỆNH")
    a = sub.add_parser("launch", help="ban hành kế hoạch phát động thi đua của năm (lấy số KH), có hạn đăng ký thi đua")
    a.add_argument("--year", type=int, default=dt.date.today().year)
    a.add_argument("--title", help="tên kế hoạch (mặc định: Phát động phong trào thi đua yêu nước năm …)")
    a.add_argument("--date", help="ngày ban hành, phát động (mặc định hôm nay)")
    a.add_argument("--deadline", required=True, help="hạn đăng ký thi đua, dạng ngày/tháng/năm (tính cả ngày hạn)")
    a.add_argument("--target", type=int, action="append", default=[], metavar="SỐ",
                   help="chỉ tiêu của tỉnh (1–15) đưa vào kế hoạch; lặp lại cho mỗi chỉ tiêu")
    a.add_argument("--section", action="append", default=[], metavar="PHẦN=ĐOẠN",
                   help="thay nội dung một phần bằng các đoạn ghi ở đây (aims, contents, targets, rewards, "
                        "organisation), ví dụ aims=\"…\"; lặp lại cho mỗi đoạn. Phần không ghi: nội dung mặc định")
    a.add_argument("--signer", required=True, help="họ tên người ký")
    a.add_argument("--signer-title", default="Chủ tịch", help="chức vụ người ký (mặc định: Chủ tịch)")
    a.add_argument("--number", type=int, help="số kế hoạch (mặc định: số tiếp theo trong sổ của năm)")
    a.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def cmd_plan(args, ws) -> int:
    from desktop.app.special_awards import issue_plan, plan_defaults
    from desktop.core.launch_plan import SECTION_KEYS, PlanInput

    sections = plan_defaults(ws.db, args.year)
    given: dict[str, list[str]] = {}
    for text in args.section:
        key, _, para = text.partition("=")
        if key.strip() not in SECTION_KEYS:
            raise UserError(f"Phần “{key[:30]}” không có; ghi một trong: {', '.join(SECTION_KEYS)}, ví dụ aims=\"…\".")
        given.setdefault(key.strip(), []).append(para)
    sections.update(given)
    plan = PlanInput(args.year, args.title or f"Phát động phong trào thi đua yêu nước năm {args.year}",
                     _date(args.date, "Ngày phát động"), _date(args.deadline, "Hạn đăng ký"), sections,
                     tuple(args.target))
    info = issue_plan(ws.db, ws.actor, plan, args.signer, args.signer_title, args.number)
    if args.json:
        print(json.dumps(info.as_dict(), ensure_ascii=False, indent=2, default=str))
        return 0
    print(f"Đã ban hành kế hoạch số {info.number_text} (mã {info.id}) ngày {info.issued_on:%d/%m/%Y}, hạn đăng ký "
          f"thi đua {plan.registration_deadline:%d/%m/%Y}. In: python -m desktop print {info.id} --out ke-hoach.pdf")
    return 0


COMMANDS = [
    Command("khen-thuong", AREA, "khen thưởng chuyên đề, đột xuất (Giấy khen của Chủ tịch UBND xã)", cmd_award,
            arguments=_award_arguments),
    Command("plan", AREA, "kế hoạch phát động phong trào thi đua của năm, hạn đăng ký thi đua", cmd_plan,
            arguments=_plan_arguments),
]
