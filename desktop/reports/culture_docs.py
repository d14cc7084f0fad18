"""Documents of the cultural titles' procedure (decree 86/2023/NĐ-CP), laid out in the decree 30 form:
the minutes of the village meeting that reviews Gia đình văn hóa (Mẫu số 03) or of the commune council
that reviews Thôn, tổ dân phố văn hóa (Mẫu số 06), with the list of results, and the chairman's
decision (Mẫu số 10 for Gia đình văn hóa) with its attached list grouped by village.

Built from plain data (``MinutesInput``, ``DecisionInput``: desktop.app.culture fills them); nothing
here opens a database. The documents are dataclasses of desktop.reports.documents' kinds (a minutes,
a decision) so that they are frozen at issue and reprinted identical (desktop.reports.frozen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.reports import review_docs
from desktop.reports.documents import AwardRow, DecisionDoc, ListDoc, MinutesDoc, decision_story
from desktop.reports.layout import (
    Col,
    DocMeta,
    Issuer,
    Signature,
    data_table,
    date_line,
    date_short,
    esc,
    header_block,
    lower_first,
    number_line,
    paragraphs,
    signature_block,
    styles,
    title_block,
)

LAW = "Nghị định số 86/2023/NĐ-CP ngày 07 tháng 12 năm 2023 của Chính phủ"
RESULT_WORDS = {"dat": "Đạt", "khong_dat": "Không đạt", "chua_xet": "Chưa xét"}


@dataclass
class CultureMinutesDoc(MinutesDoc):
    """Minutes of a review meeting of a cultural title, with its form number and its list."""

    form_line: str = ""                    # "Mẫu số 03 – Phụ lục IV Nghị định 86/2023/NĐ-CP"
    summary: str = ""
    opening: list[str] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    columns: list[Col] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    left_title: str = "THƯ KÝ"
    right_title: str = "CHỦ TRÌ"
    number_code: str = ""                  # "BB" when the commune's register numbers it


@dataclass
class CultureDecisionDoc(DecisionDoc):
    """The chairman's decision recognising a cultural title, its list grouped by village (no money
    column when the title carries none)."""

    form_line: str = ""
    with_money: bool = False
    subject_label: str = "Họ và tên chủ hộ"

    def attached_list(self) -> ListDoc:
        if self.with_money:
            return super().attached_list()
        cols = [Col("STT", 0.6, "C"), Col(self.subject_label, 3.0), Col("Địa chỉ", 3.0), Col("Ghi chú", 1.4)]
        rows = [[str(i), r.name, r.unit, r.note] for i, r in enumerate(self.rows, 1)]
        num = self.number_text.removeprefix("Số:").strip(" ")  # a draft keeps its no-break gap
        attached = (f"(Kèm theo Quyết định số {num} ngày {date_short(self.date)} của "
                    f"Chủ tịch {self.issuer.name or 'Ủy ban nhân dân'})")
        return ListDoc(title=self.list_title, subtitle=self.list_subtitle, columns=cols, rows=rows,
                       issuer=self.issuer, attached_to=attached,
                       notes=[f"Danh sách có {len(self.rows)} trường hợp."])


CULTURE_DOCS = (CultureMinutesDoc, CultureDecisionDoc)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class MarkLine:
    name: str            # household head or village
    detail: str          # address, or the village's kind
    result: str          # dat | khong_dat | chua_xet
    votes: int | None = None
    note: str = ""


@dataclass(frozen=True)
class MinutesInput:
    title_code: str
    title_name: str
    form_code: str
    year: int
    unit_name: str             # "Xã Tiên Du"
    village_name: str          # "" for the commune council
    meeting_on: dt.date
    place: str
    chair: str
    secretary: str
    front_members: str
    attendance: int | None
    lines: Sequence[MarkLine]
    criteria: Sequence[str]
    posted_from: dt.date | None = None
    posted_until: dt.date | None = None
    complaints: str = ""
    number: int | None = None
    notes: Sequence[str] = ()  # a correction or replacement: the line naming the minutes it changes, and why


@dataclass(frozen=True)
class DecisionInput:
    title_code: str
    title_name: str
    form_code: str
    year: int
    unit_name: str
    number: int | None
    signed_on: dt.date
    signer_name: str
    signer_title: str
    authority_prefix: str
    village_names: Sequence[str]
    rows: Sequence[AwardRow]
    minutes_line: str          # "Biên bản họp bình xét … ngày …"
    file_complete_on: dt.date | None
    law_source: str
    with_money: bool = False
    money_article: str = ""
    replaces_article: str = ""   # "Quyết định này thay thế (đính chính) Quyết định số … Lý do: …"


def _form_line(code: str) -> str:
    return f"Mẫu số {code} – Phụ lục IV {LAW.split(' ngày')[0].removeprefix('Nghị định số ')}" \
        if code else ""


def minutes(m: MinutesInput) -> CultureMinutesDoc:
    unit_lower = lower_first(m.unit_name)
    passed = [x for x in m.lines if x.result == "dat"]
    if m.village_name:   # Mẫu 03: the village's meeting with the Mặt trận working group
        issuer = Issuer(body=[m.village_name.upper()], place=Issuer.commune(m.unit_name).place, code="",
                        superior=f"UBND {m.unit_name.upper()}", name=m.village_name)
        who = (f"{m.village_name} tổ chức họp bình xét danh hiệu “{m.title_name}” năm {m.year}, do Trưởng thôn "
               f"(Tổ trưởng tổ dân phố) chủ trì, phối hợp với Ban Công tác Mặt trận và các tổ chức đoàn thể.")
        cols = [Col("STT", 0.6, "C"), Col("Họ và tên chủ hộ", 2.6), Col("Địa chỉ", 2.4), Col("Số phiếu", 1.0, "C"),
                Col("Kết quả", 1.2, "C"), Col("Ghi chú", 1.2)]
        left, right = "THƯ KÝ", "TRƯỞNG THÔN, TỔ TRƯỞNG TỔ DÂN PHỐ"
    else:                # Mẫu 06: the commune council's review of the villages
        issuer = Issuer.council(m.unit_name)
        who = (f"Hội đồng Thi đua - Khen thưởng {unit_lower} họp đánh giá, bình xét danh hiệu “{m.title_name}” "
               f"năm {m.year} đối với các thôn, tổ dân phố.")
        cols = [Col("STT", 0.6, "C"), Col("Thôn, tổ dân phố", 3.0), Col("Loại", 1.6), Col("Số phiếu", 1.0, "C"),
                Col("Kết quả", 1.2, "C"), Col("Ghi chú", 1.2)]
        left, right = "THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"
    opening = [f"Vào hồi ...... giờ ......, ngày {m.meeting_on:%d} tháng {m.meeting_on:%m} năm {m.meeting_on.year}, "
               f"tại {m.place or unit_lower}, {who}"]
    # the names as typed (the sex of a village's chair is not recorded: no "Ông (bà)"); dots to write in
    attendees = [f"Chủ trì: {m.chair or '.' * 30}.", f"Thư ký: {m.secretary or '.' * 30}."]
    if m.front_members:
        attendees.append(f"Đại diện Ban Công tác Mặt trận, các tổ chức đoàn thể: {m.front_members}.")
    if m.attendance:
        attendees.append(f"Số người dự họp: {m.attendance}.")
    contents = ["Cuộc họp đối chiếu với các tiêu chuẩn của danh hiệu theo " + LAW + ":",
                *[f"- {c}" for c in m.criteria]]
    if m.posted_from:
        until = f" đến hết ngày {date_short(m.posted_until)}" if m.posted_until else ""
        contents.append(f"Danh sách được niêm yết công khai từ ngày {date_short(m.posted_from)}{until}.")
    if m.complaints:
        contents.append(f"Ý kiến, kiến nghị trong thời gian niêm yết: {m.complaints}")
    contents += list(m.notes)
    rows = [[str(i), x.name, x.detail, "" if x.votes is None else str(x.votes), RESULT_WORDS.get(x.result, x.result),
             x.note] for i, x in enumerate(m.lines, 1)]
    conclusion = [f"Kết quả: {len(passed)}/{len(m.lines)} trường hợp đạt danh hiệu “{m.title_name}” năm {m.year}, "
                  "đề nghị Chủ tịch Ủy ban nhân dân " + unit_lower + " xem xét, quyết định."]
    return CultureMinutesDoc(
        issuer=issuer, number=m.number, date=m.meeting_on, year=m.year, start="...... giờ ......",
        end="...... giờ ......", venue=m.place, seats=[], chair=m.chair, secretary=m.secretary, contents=contents,
        results=[], conclusion=conclusion, form_line=_form_line(m.form_code),
        summary=f"Họp bình xét danh hiệu “{m.title_name}” năm {m.year}", opening=opening, attendees=attendees,
        columns=cols, rows=rows, left_title=left, right_title=right, number_code="BB" if m.number else "")


def minutes_story(doc: CultureMinutesDoc) -> list[Flowable]:
    s = styles()
    number = number_line(doc.number, doc.number_code, doc.issuer.code) if doc.number else None
    out: list[Flowable] = []
    if doc.form_line:
        out.append(Paragraph(esc(doc.form_line), s.caption))
    out.append(header_block(doc.issuer, number, date_line(doc.issuer.place, doc.date)))
    out += title_block("BIÊN BẢN", [doc.summary])
    out += paragraphs(doc.opening)
    out.append(Paragraph("I. THÀNH PHẦN", s.heading))
    out += paragraphs(doc.attendees, s.body_noindent)
    out.append(Paragraph("II. NỘI DUNG", s.heading))
    out += paragraphs(doc.contents, s.body_noindent)
    out.append(Paragraph("III. KẾT QUẢ BÌNH XÉT", s.heading))
    out.append(data_table(doc.columns, doc.rows))
    out.append(Spacer(1, 3))
    out += paragraphs(doc.conclusion)
    out.append(Paragraph(esc("Cuộc họp kết thúc vào hồi ...... giờ ...... cùng ngày. Biên bản đã được đọc lại, những "
                             "người dự họp nhất trí thông qua./."), s.body))
    out.append(signature_block(Signature(doc.right_title, doc.chair), left=Signature(doc.left_title, doc.secretary)))
    return out


def decision(d: DecisionInput) -> CultureDecisionDoc:
    unit_lower = lower_first(d.unit_name)
    where = (f" tại {', '.join(d.village_names)}" if 0 < len(d.village_names) <= 3 else "")
    summary = f"Về việc tặng danh hiệu “{d.title_name}” năm {d.year}{where}"
    bases = [
        *review_docs.award_bases(d.signed_on, "culture_decision"),
        f"Căn cứ {d.minutes_line};" if d.minutes_line else "",
        (f"Xét hồ sơ đề nghị nhận đủ ngày {date_short(d.file_complete_on)} và đề nghị của công chức phụ trách "
         "công tác văn hóa, thi đua, khen thưởng.") if d.file_complete_on else
        "Xét đề nghị của công chức phụ trách công tác văn hóa, thi đua, khen thưởng.",
    ]
    subject = "hộ gia đình" if d.title_code == "GDVH" else "thôn, tổ dân phố"
    art1 = (f"Tặng danh hiệu “{d.title_name}” năm {d.year} cho {len(d.rows)} {subject} có tên trong danh sách "
            "kèm theo.")
    articles = [art1]
    if d.money_article:
        articles.append(d.money_article)
    if d.replaces_article:
        articles.append(d.replaces_article)
    articles.append("Quyết định này có hiệu lực kể từ ngày ký.")
    articles.append(f"Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {unit_lower}, công chức phụ trách công "
                    f"tác văn hóa - xã hội, Trưởng các thôn, tổ dân phố và các {subject} có tên tại Điều 1 chịu "
                    "trách nhiệm thi hành Quyết định này.")
    sig_title = (d.signer_title or "Chủ tịch").upper()
    signature = (Signature(sig_title, d.signer_name, authority="KT. CHỦ TỊCH") if d.authority_prefix == "KT."
                 else Signature(sig_title, d.signer_name))
    return CultureDecisionDoc(
        issuer=Issuer.commune(d.unit_name), number=d.number, date=d.signed_on, summary=summary,
        decider=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {d.unit_name.upper()}", bases=[b for b in bases if b],
        articles=articles, rows=list(d.rows), signature=signature,
        recipients=[f"Như Điều {len(articles)}", "Ủy ban Mặt trận Tổ quốc Việt Nam " + unit_lower, "Lưu hồ sơ thi đua"],
        archive="VT, VHXH", list_title="DANH SÁCH",
        list_subtitle=[f"{subject[0].upper()}{subject[1:]} được tặng danh hiệu “{d.title_name}” năm {d.year}"],
        form_line=_form_line(d.form_code), with_money=d.with_money,
        subject_label="Họ và tên chủ hộ" if d.title_code == "GDVH" else "Thôn, tổ dân phố")


def repeal(unit_name: str, number: int | None, on: dt.date, old_number: str, old_date: dt.date, old_title: str,
           reason: str, signature: Signature) -> DecisionDoc:
    """The chairman's decision repealing (bãi bỏ) the cultural title decision ``old_number``: the review's
    decision of repeal (no list, no money) on the bases of this procedure."""
    doc = review_docs.repeal(unit_name, number, on, old_number, old_date, old_title, reason, signature)
    bases = [*review_docs.award_bases(on, "culture_repeal"),
             "Xét đề nghị của công chức phụ trách công tác văn hóa, thi đua, khen thưởng."]
    return replace(doc, bases=bases, archive="VT, VHXH")


def decision_culture_story(doc: CultureDecisionDoc) -> list[Flowable]:
    out: list[Flowable] = []
    if doc.form_line:
        out.append(Paragraph(esc(doc.form_line), styles().caption))
    out += decision_story(doc)
    return out


def story_of(doc: CultureMinutesDoc | CultureDecisionDoc) -> tuple[list[Flowable], DocMeta]:
    if isinstance(doc, CultureMinutesDoc):
        return minutes_story(doc), DocMeta(f"Biên bản {doc.summary}", estimated_pages=2 + len(doc.rows) // 22)
    return decision_culture_story(doc), DocMeta(f"Quyết định {doc.summary}", estimated_pages=2 + len(doc.rows) // 22)


__all__ = ["CultureMinutesDoc", "CultureDecisionDoc", "CULTURE_DOCS", "MarkLine", "MinutesInput", "DecisionInput",
           "minutes", "decision", "repeal", "story_of", "RESULT_WORDS"]
