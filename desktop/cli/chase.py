"""Headless province commands of the clerk's follow-up: ``province chase`` (the communes to call: not
sent for the year, or last file refused, with their contact and what to tell them; as text, JSON, a
decree 30 list in PDF or an Excel sheet) and ``province history CODE`` (every file of one commune,
accepted or refused, its keys and its contact)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.shared.fmt import vn_text


def add_arguments(psub) -> None:
    pc = psub.add_parser("chase", help="danh sách xã, phường cần nhắc: chưa nộp tệp của năm hoặc tệp gần nhất bị từ "
                                       "chối, kèm người liên hệ và nội dung cần báo")
    pc.add_argument("--year", type=int, help="năm (mặc định: năm nay)")
    pc.add_argument("--json", action="store_true")
    pc.add_argument("--pdf", metavar="TỆP", help="in danh sách ra PDF (thể thức Nghị định 30)")
    pc.add_argument("--xlsx", metavar="TỆP", help="ghi danh sách ra tệp Excel")
    ph = psub.add_parser("history", help="mọi tệp một xã đã gửi (đã nhận, bị từ chối), khóa và người liên hệ")
    ph.add_argument("code", help="mã đơn vị 5 chữ số")
    ph.add_argument("--json", action="store_true")


def _chase(args, ws) -> int:
    from desktop.app.chase import chase, chase_doc
    from desktop.reports import province_sheets

    view = chase(ws.db, args.year)
    if args.pdf:
        from desktop.reports.documents import to_pdf

        to_pdf(chase_doc(view), Path(args.pdf))
    if args.xlsx:
        province_sheets.write_xlsx(view, args.xlsx)
    if args.json:
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(view.title)
    for line in view.subtitle:
        print(line)
    for r in view.rows:
        who = ", ".join(x for x in r[3:6] if x) or "chưa có thông tin liên hệ"
        print(f"{r[0]} {r[1]}: {r[2]}. Liên hệ: {who}. {r[6]}")
    print(view.summary)
    for label, f in (("PDF", args.pdf), ("Excel", args.xlsx)):
        if f:
            print(f"Đã ghi {label}: {f}")
    return 0


OUTCOME = {"accepted": "đã nhận", "refused": "bị từ chối", "held": "giữ lại chờ xác minh"}


def _history(args, ws) -> int:
    from desktop.app.commune_history import history

    h = history(ws.db, args.code)
    if args.json:
        print(json.dumps(h.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"{h.name} (mã {h.code})")
    c = h.contact
    print("Liên hệ: " + (", ".join(x for x in (c.contact.name, c.contact.phone, c.contact.email) if x)
                         if c else "chưa có"))
    print(f"Tệp đã gửi: {len(h.files)}")
    for f in h.files:
        seq = f"tệp số {f.sequence}" if f.sequence else "tệp"
        line = f"  {vn_text(f.at)}  {seq} kỳ {f.period or '?'}: {OUTCOME[f.outcome]}"
        if f.records is not None:
            line += f", {f.records} bản ghi"
        if f.sha256:
            line += f", SHA-256 {f.sha256}"
        if f.reason:
            line += f". {f.tell}"
        print(line)
    print(f"Khóa: {len(h.keys)}")
    for k in h.keys:
        print(f"  {k.fingerprint}  {k.status}, {k.files} tệp")
    return 0


HANDLERS = {"chase": _chase, "history": _history}
