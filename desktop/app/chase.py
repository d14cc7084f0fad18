"""The provincial clerk's chase list (Qt-free): the communes that have not sent their file for the year,
or whose last file was refused, each with who to call (the officer's latest contact,
desktop.app.contacts) and what to tell them, in plain words. Printable as a decree 30 list (Sở Nội vụ
as issuer) and exportable to Excel; the window's board, ``province chase`` and the tests read the
same ``View``.

"Sent" is desktop.app.received's one definition (the commune's signed time, or the clerk's date for a
file that came by post); a refusal is desktop.app.batch's (the last refused or held file not followed
by an accepted one, the province's own trouble left out). The deadline is the award file's of the year
(resources/plan/deadlines.json, ``award_file``)."""

from __future__ import annotations

import datetime as dt

from desktop.app import received
from desktop.app.contacts import all_contacts
from desktop.app.periods import deadline_of
from desktop.app.province_views import CODE, UNIT, View
from desktop.core.units import bac_ninh_units
from desktop.shared.fmt import vn_today
from desktop.shared.i18n import QT_TR_NOOP

# What the clerk tells the commune, per refusal code (desktop.bundle BundleRefused.code): what happened
# and what the commune does, in the officer's words. Codes not listed fall back to GENERIC.
ADVICE = {
    "gap": QT_TR_NOOP("Sở chưa nhận tệp gửi trước tệp này. Đề nghị xã gửi lại cả các tệp trước (mục Gửi Sở, "
                      "danh sách tệp đã xuất) rồi gửi lại tệp này."),
    "fork": QT_TR_NOOP("Xã đã xuất hai tệp khác nhau cùng số thứ tự (có thể dùng hai máy hoặc khôi phục bản sao "
                       "lưu cũ). Đề nghị xã gọi Sở trước khi xuất tệp mới."),
    "rollback": QT_TR_NOOP("Tệp cũ hơn tệp Sở đã nhận (có thể xã đã khôi phục bản sao lưu cũ). Đề nghị xã gọi Sở "
                           "để được hướng dẫn."),
    "unknown_key": QT_TR_NOOP("Máy của xã chưa đăng ký khóa với Sở. Đề nghị xã gửi tệp đăng ký khóa và đọc vân "
                              "tay qua điện thoại."),
    "revoked_key": QT_TR_NOOP("Khóa ký của xã đã bị thu hồi. Đề nghị xã đăng ký khóa mới với Sở rồi xuất lại tệp."),
    "expired_key": QT_TR_NOOP("Khóa ký của xã đã hết hạn. Đề nghị xã đổi khóa (đăng ký khóa mới) rồi xuất lại tệp."),
    "wrong_commune_key": QT_TR_NOOP("Tệp được ký bằng khóa của đơn vị khác. Đề nghị xã kiểm tra máy đang dùng và "
                                    "xuất lại tệp từ máy của xã."),
    "wrong_recipient": QT_TR_NOOP("Tệp được mã hóa cho khóa khác, không phải khóa của Sở. Đề nghị xã cài lại tệp "
                                  "khóa công khai của Sở rồi xuất lại tệp."),
    "extra_recipients": QT_TR_NOOP("Tệp được mã hóa cho cả người ngoài Sở. Đề nghị xã xuất lại tệp bằng phần mềm."),
    "not_encrypted": QT_TR_NOOP("Tệp chưa được mã hóa. Đề nghị xã xuất lại tệp bằng phần mềm."),
    "tampered": QT_TR_NOOP("Tệp bị hỏng hoặc bị sửa trên đường gửi. Đề nghị xã chép lại tệp từ máy của xã và gửi "
                           "lại (không mở, không sửa tệp)."),
    "truncated": QT_TR_NOOP("Tệp bị cắt cụt (chép chưa hết). Đề nghị xã chép lại tệp và gửi lại."),
    "bad_magic": QT_TR_NOOP("Tệp gửi đến không phải tệp dữ liệu thi đua. Đề nghị xã gửi đúng tệp ThiDua_….tdkt."),
    "too_large": QT_TR_NOOP("Tệp quá lớn. Đề nghị xã gọi Sở để được hướng dẫn."),
    "bomb": QT_TR_NOOP("Tệp quá lớn khi giải nén. Đề nghị xã gọi Sở để được hướng dẫn."),
    "bad_field": QT_TR_NOOP("Có bản ghi không hợp lệ trong tệp. Đề nghị xã mở phần mềm, sửa bản ghi được báo lỗi "
                            "rồi xuất lại tệp."),
    "resume_required": QT_TR_NOOP("Sau khi đăng ký lại khóa, tệp đầu tiên phải mang mã nối tiếp do Sở cấp. Sở gửi "
                                  "điểm nối tiếp cho xã; xã nhận rồi xuất lại tệp."),
    "held": QT_TR_NOOP("Tệp đang được Sở giữ lại chờ xác minh (sau khi đổi khóa, tệp xóa hoặc sửa nhiều dữ liệu). "
                       "Gọi xã xác nhận trước khi nhập."),
}
GENERIC = QT_TR_NOOP("Tệp không đọc được hoặc không đúng định dạng. Đề nghị xã xuất lại tệp bằng phần mềm và gửi "
                     "lại.")
NOT_SENT = QT_TR_NOOP("Chưa nhận được tệp dữ liệu năm {year}. Đề nghị xã xuất tệp (mục Gửi Sở) và gửi về Sở Nội vụ "
                      "trước ngày {deadline}.")
NOT_SENT_LATE = QT_TR_NOOP("Đã quá hạn {deadline}, chưa nhận được tệp dữ liệu năm {year}. Đề nghị xã xuất tệp và "
                           "gửi ngay.")
WHY = {"missing": QT_TR_NOOP("Chưa nộp"), "overdue": QT_TR_NOOP("Quá hạn, chưa nộp"),
       "refused": QT_TR_NOOP("Tệp bị từ chối"), "held": QT_TR_NOOP("Tệp bị giữ lại")}
HEADERS = [CODE, UNIT, QT_TR_NOOP("Tình hình"), QT_TR_NOOP("Cán bộ"), QT_TR_NOOP("Điện thoại"),
           QT_TR_NOOP("Thư điện tử"), QT_TR_NOOP("Nội dung cần báo")]


def advice(code: str) -> str:
    """What to tell a commune whose file was refused with ``code`` (QT_TR_NOOP-marked Vietnamese)."""
    return ADVICE.get(code, GENERIC)


def chase(db, year: int | None = None, today: dt.date | None = None) -> View:
    """The chase list of ``year`` (default: this year in Vietnam time): the communes whose last file was
    refused or held, then those that sent nothing, each in the official order."""
    from desktop.app.batch import pending_refusals
    from desktop.app.province import require_province

    require_province(db)
    today = today or vn_today()
    year = year or today.year
    period = str(year)
    deadline = deadline_of(period, "award_file")
    per = received.period_units(db, period, deadline, today)
    refused = pending_refusals(db, period)
    contacts = all_contacts(db)
    rows, status, data = [], [], []
    for u in bac_ninh_units():
        p, r = per[u.code], refused.get(u.code)
        if p.files and r is None:
            continue
        if r is not None:
            why = "held" if r.code == "held" else "refused"
            tell = advice(r.code)
        else:
            why = p.status
            tell = (NOT_SENT_LATE if why == "overdue" else NOT_SENT).format(
                year=year, deadline=f"{deadline:%d/%m/%Y}")
        c = contacts.get(u.code)
        name, phone, email = (c.contact.name, c.contact.phone, c.contact.email) if c else ("", "", "")
        rows.append([u.code, u.name, WHY[why], name, phone, email, tell])
        status.append(why)
        data.append({"code": u.code, "name": u.name, "status": why, "sent_before": bool(p.files),
                     "contact": c.as_json() if c else None, "tell": tell,
                     "refusal": r.as_json() if r is not None else None})
    # refused files first (each needs its own call and words), then those that sent nothing, each group in
    # the official order
    order = sorted(range(len(rows)), key=lambda i: status[i] not in ("refused", "held"))
    rows, status, data = [rows[i] for i in order], [status[i] for i in order], [data[i] for i in order]
    n_refused = sum(1 for s in status if s in ("refused", "held"))
    summary = (f"Hạn nộp hồ sơ {deadline:%d/%m/%Y}: còn {len(rows)} đơn vị cần nhắc ({len(rows) - n_refused} chưa "
               f"nộp, {n_refused} có tệp bị từ chối hoặc giữ lại).")
    return View(kind="chase", title="DANH SÁCH ĐƠN VỊ CẦN NHẮC NỘP TỆP DỮ LIỆU",
                subtitle=[f"Năm {year}, hạn nộp hồ sơ đề nghị khen thưởng {deadline:%d/%m/%Y}",
                          f"Lập ngày {today:%d/%m/%Y}"],
                headers=list(HEADERS), rows=rows, status=status, summary=summary,
                widths=[8, 24, 18, 22, 16, 28, 60],
                data={"year": year, "deadline": deadline.isoformat(), "units": data}, marked=[2, 6])


def chase_doc(view: View, date: dt.date | None = None):
    """The chase list on paper: a decree 30 list, Sở Nội vụ as issuer (desktop.reports ListDoc)."""
    from desktop.reports.documents import ListDoc
    from desktop.reports.layout import Col, Issuer, Signature
    from desktop.shared.errors import UserError

    if not view.rows:
        raise UserError(f"Không có đơn vị nào cần nhắc năm {view.data['year']}: mọi xã, phường đã nộp tệp.")
    cols = [Col("STT", 0.5, "C"), Col("Xã, phường", 1.5), Col("Tình hình", 1.1), Col("Cán bộ, liên hệ", 2.0),
            Col("Nội dung cần báo", 3.2)]
    rows = []
    for i, r in enumerate(view.rows, 1):
        contact = "; ".join(x for x in (r[3], r[4], r[5]) if x) or "Chưa có thông tin liên hệ"
        rows.append([str(i), f"{r[1]} ({r[0]})", r[2], contact, r[6]])
    issuer = Issuer(body=["SỞ NỘI VỤ"], superior="UBND TỈNH BẮC NINH", place="Bắc Ninh", code="SNV",
                    name="Sở Nội vụ tỉnh Bắc Ninh")
    return ListDoc(title="DANH SÁCH", subtitle=["Đơn vị cần nhắc nộp tệp dữ liệu thi đua, khen thưởng",
                                                 view.subtitle[0]],
                   columns=cols, rows=rows, issuer=issuer, date=date or vn_today(), notes=[view.summary],
                   signature=Signature("NGƯỜI LẬP DANH SÁCH", note="(Ký, ghi rõ họ tên)"), kind_code="DS")
