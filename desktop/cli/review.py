"""Headless commands of the year-end review: ``python -m desktop review check --year 2026 --json``.

Declared in the command registry (desktop.cli.registry): every subcommand but ``catalog`` needs a commune.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from desktop.cli.registry import Command
from desktop.shared.errors import UserError
from desktop.shared.fmt import group
from desktop.shared.text import one_line

MARKS = {"ok": "[Đạt]", "warning": "[Xem xét]", "blocked": "[Chưa đạt]", "decided": "[Đã có QĐ]"}


def _date(text: str) -> dt.date:
    from desktop.core.records import parse_date

    try:
        d = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if d is None:
        raise argparse.ArgumentTypeError("chưa nhập ngày")
    return d


def _arguments(p) -> None:
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
    d.add_argument("--prefix", default=None,
                   help="thẩm quyền ký: \"\" (Chủ tịch ký), KT. (Phó Chủ tịch ký thay), Q., TM. (thay mặt UBND). "
                        "Mặc định theo loại văn bản: quyết định khen thưởng do Chủ tịch ký (CHỦ TỊCH), tờ trình "
                        "thay mặt Ủy ban nhân dân (TM. ỦY BAN NHÂN DÂN)")
    d.add_argument("--number", type=int, help="số văn bản (mặc định: số tiếp theo trong sổ của năm)")
    d.add_argument("--proposal", action="store_true", help="lập tờ trình đề nghị cấp trên thay vì quyết định")
    d.add_argument("--meeting", type=int, help="mã cuộc họp Hội đồng (mặc định: các cuộc họp của năm, "
                                               "biên bản dẫn cuộc họp mới nhất)")
    d.add_argument("--include-warnings", action="store_true",
                   help="đưa cả các trường hợp Hội đồng đã xem xét, xác nhận")
    d.add_argument("--draft", metavar="TỆP.pdf",
                   help="chỉ in bản nháp ra tệp PDF (không lấy số, không lưu gì) để xem trước khi ban hành")
    common(d)

    _act_arguments(rs, common)

    h = rs.add_parser("history-import", help="nhập lịch sử khen thưởng các năm trước từ tệp CSV")
    h.add_argument("file")
    h.add_argument("--catalog", metavar="THƯ_MỤC")

    co = rs.add_parser("council", help="danh sách thành viên Hội đồng Thi đua - Khen thưởng (mã dùng cho lệnh meeting)")
    common(co)

    m = rs.add_parser("meeting", help="ghi cuộc họp Hội đồng và thành viên có mặt, vắng mặt")
    m.add_argument("--year", type=int, required=True, help="năm bình xét")
    m.add_argument("--date", type=_date, required=True, help="ngày họp, dạng ngày/tháng/năm")
    m.add_argument("--present", type=int, nargs="+", metavar="MÃ", help="mã thành viên có mặt (xem: review council)")
    m.add_argument("--all-present", action="store_true", help="tất cả thành viên có mặt")
    m.add_argument("--written", type=int, nargs="*", default=[], metavar="MÃ",
                   help="mã thành viên vắng mặt có phiếu bầu bằng văn bản")
    m.add_argument("--place", default="", help="địa điểm họp")
    m.add_argument("--chu-tri", dest="chair", type=int, metavar="MÃ",
                   help="mã thành viên có mặt chủ trì cuộc họp (xem: review council)")
    m.add_argument("--thu-ky", dest="secretary", type=int, metavar="MÃ",
                   help="mã thành viên có mặt làm thư ký, ghi và ký biên bản")
    common(m)

    ms = rs.add_parser("meetings", help="các cuộc họp của năm với kết quả bỏ phiếu")
    ms.add_argument("--year", type=int, required=True)
    common(ms)

    b = rs.add_parser("ballot", help="ghi kết quả kiểm phiếu kín cho một đối tượng")
    b.add_argument("--meeting", type=int, required=True, help="mã cuộc họp (in ra khi ghi cuộc họp)")
    b.add_argument("--candidate", required=True, metavar="LOẠI:MÃ",
                   help="đối tượng: person:MÃ, collective:MÃ hoặc household:MÃ")
    b.add_argument("--title", required=True, help="mã danh hiệu, ví dụ CSTDCS, CO_TD_TINH")
    b.add_argument("--yes", type=int, required=True, help="số phiếu đồng ý")
    b.add_argument("--no", type=int, default=0, help="số phiếu không đồng ý")
    b.add_argument("--invalid", type=int, default=0, help="số phiếu không hợp lệ")
    common(b)

    ds = rs.add_parser("decisions", help="các quyết định, tờ trình đã lập của năm")
    ds.add_argument("--year", type=int, required=True)
    common(ds)

    hi = rs.add_parser("history", help="lịch sử khen thưởng của một cá nhân, tập thể qua các năm")
    hi.add_argument("--candidate", required=True, metavar="LOẠI:MÃ", help="person:MÃ, collective:MÃ, household:MÃ")
    common(hi)


def _act_arguments(rs, common) -> None:
    """The review's acts besides the decision: the minutes issued, a show of hands on a whole list."""
    mi = rs.add_parser("minutes", help="ban hành biên bản cuộc họp Hội đồng (lấy số; kết quả biểu quyết, bỏ phiếu "
                                       "của cuộc họp không sửa được nữa)")
    mi.add_argument("--meeting", type=int, required=True, help="mã cuộc họp (xem: review meetings)")
    mi.add_argument("--number", type=int, help="số biên bản (mặc định: số tiếp theo trong sổ của năm)")
    common(mi)

    vl = rs.add_parser("vote-list", help="ghi kết quả biểu quyết (giơ tay) của Hội đồng cho cả danh sách một danh "
                                         "hiệu: mọi trường hợp đủ điều kiện của danh hiệu đó")
    vl.add_argument("--meeting", type=int, required=True, help="mã cuộc họp")
    vl.add_argument("--title", required=True, help="mã danh hiệu, ví dụ LDTT, GDVH")
    vl.add_argument("--yes", type=int, required=True, help="số thành viên đồng ý")
    vl.add_argument("--no", type=int, default=0, help="số thành viên không đồng ý")
    vl.add_argument("--invalid", type=int, default=0, help="số phiếu không hợp lệ")
    common(vl)


def _review(ws, args):
    """The review of the workspace, wired to issue its acts as records (desktop.app.issuing)."""
    from desktop.app.issuing_review import review
    from desktop.core.catalog import load_catalog

    catalog = load_catalog(Path(args.catalog)) if getattr(args, "catalog", None) else ws.catalog
    return review(ws.db, ws.actor, catalog)


def cmd_review(args, ws) -> int:
    return {"check": _check, "catalog": _catalog, "decide": _decide, "history-import": _history_import,
            "council": _council, "meeting": _meeting, "meetings": _meetings, "ballot": _ballot,
            "decisions": _decisions, "history": _history, "minutes": _minutes,
            "vote-list": _vote_list}[args.review_command](args, ws)


def _check(args, ws) -> int:
    from desktop.core.review import DECIDED, STATUS_LABELS

    result = _review(ws, args).check(args.year, args.on, args.all)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"Bình xét năm {result.year} (ngày xét {result.on:%d/%m/%Y}), danh mục phiên bản {result.catalog_version}, "
          f"lương cơ sở {result.salary_version}: {len(result.candidates)} trường hợp.")
    for c in result.candidates:
        origin = "" if c.registered else " – phần mềm gợi ý"
        label = "Đã có quyết định khen thưởng" if c.state == DECIDED else STATUS_LABELS[c.status]
        print(f"\n{MARKS[c.state]} {c.name} – {c.title_name} ({c.authority}){origin}: {label}")
        for f in c.findings:
            print(f"    {MARKS[f.status]} {f.reason}" + (f" [Căn cứ: {f.source}]" if f.source else ""))
    return 0


def _catalog(args, ws) -> int:
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
                        "bonus_multiples": {k: str(v) for k, v in t.bonus_multiples.items()},
                        "commune_vote": t.commune_vote, "selection": t.selection,
                        "ballot_min_percent": str(cat.ballot_rule(t.code).min_percent) if t.commune_vote else None,
                        "ballots_above": [{"council": b.council, "secret": b.secret, "min_percent": str(b.min_percent),
                                           "source": b.source} for b in t.ballots_above],
                        "authority_rules": [{"decided_by": cat.authority_name(r.decided_by), "instead": r.instead,
                                             "employer_kinds": list(r.employer_kinds), "categories": list(r.categories),
                                             "collective_kinds": list(r.collective_kinds), "source": r.source}
                                            for r in t.authority_rules],
                        "procedure": t.procedure, "rewards_achievements": t.rewards_achievements,
                        "source": t.source, "criteria": list(t.criteria)} for t in cat.titles.values()],
        }, ensure_ascii=False, indent=2))
        return 0
    verified = "" if salary.verified else " (chưa xác minh)"
    print(f"Danh mục phiên bản {cat.version} ({cat.directory})")
    amount = group(salary.amount)
    print(f"Lương cơ sở hôm nay: {amount} đồng từ {salary.from_:%d/%m/%Y}, {salary.source}{verified}")
    for t in cat.titles.values():
        print(f"  {t.code:<11} {_title_line(cat, t)}; áp dụng từ {t.valid_from:%d/%m/%Y}")
    return 0


def _title_line(cat, t) -> str:
    """One title of ``review catalog``: who decides, the money per subject type, how the commune's
    council votes (or that it does not), the rules of the councils above, who decides instead."""
    from desktop.core import choices as C

    words = {"person": "cá nhân", "collective": "tập thể", "household": "hộ"}
    money = "; ".join(f"{words[k]} {str(v).replace('.', ',')}" for k, v in t.bonus_multiples.items())
    parts = [f"{t.name} – {cat.authority_name(t.decided_by)} quyết định"]
    if money:
        parts.append(f"thưởng × lương cơ sở: {money}")
    if t.procedure:
        parts.append("công nhận theo trình tự riêng")
    elif not t.commune_vote:
        parts.append(f"Hội đồng xã không bỏ phiếu ({t.selection})")
    else:
        ballot = cat.ballot_rule(t.code)
        how = "bỏ phiếu kín" if ballot.secret else "biểu quyết"
        parts.append(f"Hội đồng xã {how} từ {str(ballot.min_percent).replace('.', ',')} % tổng số thành viên")
    for b in t.ballots_above:
        parts.append(f"Hội đồng cấp {'tỉnh' if b.council == 'tinh' else 'Cụm, Khối'} từ "
                     f"{str(b.min_percent).replace('.', ',')} %")
    for r in t.authority_rules:
        instead = f" ({r.instead})" if r.instead else ""
        whom = [C.label(C.PERSON_CATEGORY, c).lower() for c in r.categories] \
            + [f"người làm việc tại {C.label(C.COLLECTIVE_KIND, k).lower()}" for k in r.employer_kinds] \
            + [C.label(C.COLLECTIVE_KIND, k).lower() for k in r.collective_kinds]
        parts.append(f"{cat.authority_name(r.decided_by)} quyết định{instead} cho {', '.join(whom)}")
    return "; ".join(parts)


def _decide(args, ws) -> int:
    from desktop.app import issuing

    decide = dict(year=args.year, signed_on=args.signed_on, signer_name=args.signer, signer_title=args.signer_title,
                  authority_prefix=args.prefix, number=args.number, meeting_id=args.meeting,
                  include_warnings=args.include_warnings, kind="proposal" if args.proposal else "decision")
    if args.draft:
        return _draft(args, ws, decide)
    info = _review(ws, args).decide(**decide)
    issued = issuing.of_source(ws.db, "review_decision", info.id)
    if args.json:
        print(json.dumps({**info.as_dict(), "document": issued.as_dict() if issued else None}, ensure_ascii=False,
                         indent=2, default=str))
        return 0
    what = "Tờ trình" if info.kind == "proposal" else "Quyết định"
    number = issued.number_text if issued else info.number_text
    print(f"Đã ban hành {what.lower()} số {number} ngày {info.signed_on:%d/%m/%Y}, {len(info.rows)} trường hợp "
          f"(danh mục {info.catalog_version}); mã văn bản {issued.id if issued else '?'}, in lại: python -m desktop "
          f"print {issued.id if issued else 'MÃ'} --out tep.pdf.")
    for r in info.rows:
        money = f": {group(r.amount)} đồng" if r.amount else ""
        print(f"  {r.name} – {r.title_name}{money}")
    for title, n, amount in info.totals_by_title():
        if info.kind == "decision":
            print(f"Cộng {title}: {group(n)} trường hợp, {group(amount)} đồng")
        else:
            print(f"Cộng {title}: {n} trường hợp")
    if info.kind == "decision":
        print(f"Tổng số tiền thưởng: {group(info.total_amount)} đồng")
    for note in info.notes:
        print(f"Lưu ý: {note}")
    if info.left_out:
        print(f"Không đưa vào ({len(info.left_out)} trường hợp):", file=sys.stderr)
        for name, title, reason in info.left_out:
            print(f"  {name} – {title}: {reason}", file=sys.stderr)
    return 0


def _draft(args, ws, decide: dict) -> int:
    from desktop.app.issuing_review import draft
    from desktop.reports.documents import to_pdf

    if Path(args.draft).suffix.lower() != ".pdf":
        raise UserError("Tệp bản nháp phải có đuôi .pdf.")
    decide.pop("number")
    doc = draft(ws.db, ws.actor, ws.catalog, **decide)
    to_pdf(doc, Path(args.draft))
    print(f"Đã ghi bản nháp {args.draft} ({len(doc.rows)} trường hợp); chưa lấy số, chưa lưu gì.")
    return 0


def _minutes(args, ws) -> int:
    from desktop.app.issuing_review import issue_minutes

    info = issue_minutes(ws.db, args.meeting, ws.actor, ws.catalog, args.number)
    if args.json:
        print(json.dumps(info.as_dict(), ensure_ascii=False, indent=2, default=str))
        return 0
    print(f"Đã ban hành biên bản số {info.number_text} ngày {info.issued_on:%d/%m/%Y} ({info.row_count} kết quả "
          f"biểu quyết, bỏ phiếu); mã văn bản {info.id}, in: python -m desktop print {info.id} --out bien-ban.pdf.")
    return 0


def _vote_list(args, ws) -> int:
    from desktop.core.review import OK

    rv = _review(ws, args)
    meeting = rv.meeting(args.meeting)
    result = rv.check(meeting.year, meeting.held_on)
    subjects = [c.subject for c in result.candidates if c.title_code == args.title and c.status == OK]
    if not subjects:
        raise UserError(f"Không có trường hợp nào đủ điều kiện danh hiệu {args.title} năm {meeting.year} để biểu "
                        "quyết.")
    out = rv.record_votes(args.meeting, subjects, args.title, args.yes, args.no, args.invalid)
    if args.json:
        print(json.dumps({"recorded": len(subjects), **out[0].as_dict()}, ensure_ascii=False, indent=2))
        return 0 if out[0].passed else 1
    print(f"Đã ghi kết quả cho {len(subjects)} trường hợp {rv.catalog.title_name(args.title)}: {out[0].reason}")
    return 0 if out[0].passed else 1


def _history_import(args, ws) -> int:
    n = _review(ws, args).import_history_csv(Path(args.file))
    print(f"Đã nhập {n} dòng lịch sử khen thưởng.")
    return 0


SUBJECT_WORDS = {"person": "person", "ca-nhan": "person", "collective": "collective", "tap-the": "collective",
                 "household": "household", "ho": "household"}


def _subject(text: str) -> tuple[str, int]:
    kind, _, ident = text.partition(":")
    st = SUBJECT_WORDS.get(kind.strip().lower())
    ident = ident.strip(" ")
    if st is None or not (ident.isascii() and ident.isdigit() and len(ident) <= 12):  # not "١٢", not "12\n"
        from desktop.shared.text import one_line

        raise UserError(f"Đối tượng “{one_line(text, 40)}” không hợp lệ: ghi dạng person:MÃ, collective:MÃ hoặc "
                        "household:MÃ (mã xem bằng lệnh review check --json).")
    return st, int(ident)


def _council(args, ws) -> int:
    members = _review(ws, args).council()
    if args.json:
        print(json.dumps([{"id": i, "name": n, "role": r} for i, n, r in members], ensure_ascii=False, indent=2))
        return 0
    if not members:
        print("Chưa có thành viên Hội đồng. Hãy nhập Hội đồng trong phần mềm trước.", file=sys.stderr)
        return 1
    print(f"Hội đồng Thi đua - Khen thưởng: {len(members)} thành viên")
    for i, n, r in members:
        print(f"  {i:>4}  {n} – {r}")
    return 0


def _print_meeting(info, catalog) -> None:
    absent = [a for a in info.attendance if not a["present"]]
    written = [a for a in absent if a["written_vote"]]
    print(f"Cuộc họp mã {info.id} ngày {info.held_on:%d/%m/%Y} (năm bình xét {info.year})"
          + (f", tại {info.place}" if info.place else "")
          + f": {info.members_total} thành viên, có mặt {info.present}, vắng {len(absent)}"
          + (f" ({len(written)} bỏ phiếu bằng văn bản)" if written else "")
          + "".join(f", {label} {name}" for label, name in (
              ("chủ trì", info.member_name(info.chair_member_id)),
              ("thư ký", info.member_name(info.secretary_member_id))) if name) + ".")
    for b in info.ballots:
        mark = "[Đạt]" if b["passed"] else "[Không đạt]"
        st, sid = b["subject"]
        print(f"  {mark} {st}:{sid} – {catalog.title_name(b['title_code'])}: {b['reason']}")


def _meeting(args, ws) -> int:
    rv = _review(ws, args)
    present = [m[0] for m in rv.council()] if args.all_present else (args.present or [])
    if args.all_present:
        present = [i for i in present if i not in set(args.written)]
    mid = rv.open_meeting(args.year, args.date, present, args.written, place=args.place, chair=args.chair,
                          secretary=args.secretary)
    info = rv.meeting(mid)
    if args.json:
        print(json.dumps({"id": info.id, "year": info.year, "held_on": info.held_on.isoformat(),
                          "members_total": info.members_total, "present": info.present, "voting": info.voting,
                          "chair_member_id": info.chair_member_id, "secretary_member_id": info.secretary_member_id,
                          "attendance": info.attendance}, ensure_ascii=False, indent=2))
        return 0
    seats = "".join(f", {label} {name}" for label, name in (
        ("chủ trì", info.member_name(info.chair_member_id)), ("thư ký", info.member_name(info.secretary_member_id)))
        if name)
    print(f"Đã ghi cuộc họp mã {info.id}: {info.members_total} thành viên, có mặt {info.present}, "
          f"bỏ phiếu (kể cả bằng văn bản) {info.voting}{seats}.")
    return 0


def _meetings(args, ws) -> int:
    rv = _review(ws, args)
    items = rv.meetings(args.year)
    cat = rv.catalog
    if args.json:
        print(json.dumps([{"id": m.id, "held_on": m.held_on.isoformat(), "place": m.place,
                           "members_total": m.members_total, "attendance": m.attendance,
                           "ballots": [{**b, "subject": list(b["subject"])} for b in m.ballots]}
                          for m in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(f"Năm {args.year} chưa có cuộc họp Hội đồng nào.")
        return 0
    for m in items:
        _print_meeting(m, cat)
    return 0


def _ballot(args, ws) -> int:
    subject = _subject(args.candidate)
    out = _review(ws, args).record_ballot(args.meeting, subject, args.title, args.yes, args.no, args.invalid)
    if args.json:
        print(json.dumps(out.as_dict(), ensure_ascii=False, indent=2))
        return 0 if out.passed else 1
    if out.passed:
        print(f"{out.reason} [Căn cứ: {out.source}]")
        return 0
    print(f"Đã ghi kết quả vào biên bản. {out.reason} [Căn cứ: {out.source}]", file=sys.stderr)
    return 1


def _decisions(args, ws) -> int:
    items = _review(ws, args).decisions(args.year)
    if args.json:
        print(json.dumps([d.as_dict() for d in items], ensure_ascii=False, indent=2, default=str))
        return 0
    if not items:
        print(f"Năm {args.year} chưa có quyết định, tờ trình nào.")
        return 0
    for d in items:
        what = "Tờ trình" if d.kind == "proposal" else "Quyết định"
        money = f", tổng tiền thưởng {group(d.total_amount)} đồng" if d.total_amount else ""
        print(f"{what} số {d.number_text} ngày {d.signed_on:%d/%m/%Y}, người ký {d.authority_prefix + ' ' if d.authority_prefix else ''}"
              f"{d.signer_title} {d.signer_name}: {len(d.rows)} trường hợp{money}.")
        if d.kind == "proposal":  # the province's answer on each row, once its results file is received
            for r in d.rows:
                print(f"  - {r.name} – {r.title_name}: {one_line(r.outcome_text, 300) or 'chưa có kết quả của tỉnh'}")
    return 0


def _history(args, ws) -> int:
    subject = _subject(args.candidate)
    rows = _review(ws, args).history(subject)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    if not rows:
        print("Chưa có lịch sử khen thưởng.")
        return 0
    for h in rows:
        no = f" ({h['decision_no']})" if h["decision_no"] else ""
        print(f"  {h['year']}  {h['title_name']}{no} – {h['source_label']}")
    return 0


COMMANDS = [
    Command("review", "Bình xét thi đua, khen thưởng", "bình xét thi đua, khen thưởng cuối năm", cmd_review,
            needs=lambda args: "none" if args.review_command == "catalog" else "commune", arguments=_arguments),
]
