"""The achievement report of an individual or a collective (báo cáo thành tích) on the standard form,
and the dotted lines a document leaves where only a person can write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from desktop.reports.layout import (
    TEXT_W,
    Col,
    Issuer,
    Signature,
    data_table,
    date_line,
    esc,
    header_block,
    nfc,
    paragraphs,
    signature_block,
    styles,
    title_block,
)


@dataclass
class AchievementReportDoc:
    """Achievement report of an individual or a collective (báo cáo thành tích) on the standard form
    (resources/forms/achievement_report.json): what the records hold, and dotted lines where only a
    person can write (the duty, the achievements, the functions of a collective)."""

    subject_type: str                 # "person" | "collective"
    name: str
    proposed: str                     # "Chiến sĩ thi đua cơ sở", chosen by the officer (default the registered)
    year: int
    place: str
    date: dt.date
    profile: list[tuple[str, str]]    # (label, value) lines of section I; "" values print as dotted lines
    situation: list[str]              # for a collective: its situation
    ratings: list[tuple[str, str]]    # (year, rating label)
    achievements: list[tuple[str, str, str]]   # (year, area, description)
    initiatives: list[tuple[str, str, str, str]]  # (title, year, scope, decision)
    titles_received: list[tuple[str, str, str]] = field(default_factory=list)  # (year, title, decision, issuer)
    awards_received: list[tuple[str, str, str]] = field(default_factory=list)  # (year, form, decision, issuer)
    reporter_name: str = ""           # who signs the report (the person; a collective's head)
    unit_line: str = ""               # the unit (a person's workplace, the collective itself); "\n" splits lines
    superior: str = ""                # the body above it (header line above the unit)
    form_number: str = ""             # "Mẫu số 02"
    proposed_kind: str = "danh_hieu"  # danh_hieu (a title) | hinh_thuc (a form of award: Giấy khen…)
    duty: str = ""                    # person: nhiệm vụ được giao; collective: chức năng, nhiệm vụ


def dotted(lines: int = 2, lead: str = "", indent: float = 0.0) -> str:
    """Dotted lines to write on by hand, each the width of the text (the first after ``lead`` and a
    first-line ``indent`` in points), joined by new lines."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.reports import fonts

    s = styles()
    size = s.body_noindent.fontSize
    dot = stringWidth(".", fonts.REGULAR, size)
    first = int((TEXT_W - indent - stringWidth(nfc(lead), fonts.REGULAR, size) - 4) / dot) - 1
    rest = int((TEXT_W - 4) / dot) - 1
    return "\n".join(["." * first] + ["." * rest] * (lines - 1))


def _write_in(out: list[Flowable], text: str, lines: int = 2) -> None:
    """``text``, or dotted lines where only a person can write it."""
    s = styles()
    if text.strip():
        out += paragraphs([text])
    else:
        out.append(Paragraph(esc(dotted(lines)).replace("\n", "<br/>"), s.body_noindent))


def _profile(out: list[Flowable], pairs: list[tuple[str, str]]) -> None:
    """"- Quê quán: xã Tiên Du, tỉnh Bắc Ninh" lines; an empty value is a dotted line to fill in."""
    s = styles()
    for label, value in pairs:
        lead = f"- {label} "
        out.append(Paragraph(esc(lead + (value or dotted(1, lead))), s.body_noindent))


def _achievement_title(doc: AchievementReportDoc) -> list[str]:
    if not doc.proposed:
        return [f"ĐỀ NGHỊ TẶNG {'.' * 60}", f"NĂM {doc.year}"]
    what = f"DANH HIỆU “{doc.proposed.upper()}”" if doc.proposed_kind == "danh_hieu" else doc.proposed.upper()
    return [f"ĐỀ NGHỊ TẶNG {what}", f"NĂM {doc.year}"]


def _received(out: list[Flowable], heading: str, what: str, rows: list[tuple[str, str, str]]) -> None:
    s = styles()
    out.append(Paragraph(esc(heading), s.body_noindent))
    if rows:
        out.append(data_table([Col("Năm", 0.8, "C"), Col(what, 2.6),
                               Col("Số, ngày, tháng, năm của quyết định; cơ quan ban hành quyết định", 4.2)],
                              [list(r) for r in rows], number_row=False))
    else:
        out.append(Paragraph("Chưa có.", s.body))


def achievement_story(doc: AchievementReportDoc) -> list[Flowable]:
    s = styles()
    person = doc.subject_type == "person"
    out: list[Flowable] = []
    if doc.form_number:
        out.append(Paragraph(f"<b>{esc(doc.form_number)}</b>", ParagraphStyle("form", parent=s.body_noindent,
                                                                           alignment=2)))
    issuer = Issuer(body=doc.unit_line.upper().split("\n"), superior=doc.superior.upper(), place=doc.place) \
        if doc.unit_line else None
    out.append(header_block(issuer, None, date_line(doc.place, doc.date)))
    out += title_block("BÁO CÁO THÀNH TÍCH", _achievement_title(doc))
    out.append(Paragraph("I. SƠ LƯỢC LÝ LỊCH" if person else "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", s.heading))
    if not person:
        out.append(Paragraph("1. Đặc điểm, tình hình", s.body_noindent))
    _profile(out, doc.profile)
    out += paragraphs(doc.situation)
    if not person:
        out.append(Paragraph("2. Chức năng, nhiệm vụ", s.body_noindent))
        _write_in(out, doc.duty, 3)
    out.append(Paragraph("II. THÀNH TÍCH ĐẠT ĐƯỢC", s.heading))
    if person:
        out.append(Paragraph("1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận", s.body_noindent))
        _write_in(out, doc.duty, 3)
        out.append(Paragraph("2. Thành tích đạt được của cá nhân", s.body_noindent))
    sub = iter("abc")
    out.append(Paragraph(f"{'' if person else '1. '}{next(sub) + ') ' if person else ''}Kết quả xếp loại "
                         "chất lượng", s.body_noindent))
    if doc.ratings:
        out.append(data_table([Col("Năm", 1, "C"), Col("Mức xếp loại", 4)], [list(r) for r in doc.ratings],
                              number_row=False))
    else:
        _write_in(out, "")
    out.append(Paragraph(f"{next(sub) + ') ' if person else '2. '}Thành tích trong các lĩnh vực thi đua",
                         s.body_noindent))
    if doc.achievements:
        out.append(data_table([Col("Năm", 0.8, "C"), Col("Lĩnh vực", 2.2), Col("Thành tích", 5)],
                              [list(a) for a in doc.achievements], number_row=False))
    else:
        _write_in(out, "", 4)
    if person:
        out.append(Paragraph(f"{next(sub)}) Sáng kiến, đề tài nghiên cứu khoa học", s.body_noindent))
        if doc.initiatives:
            out.append(data_table([Col("Tên sáng kiến, đề tài", 4), Col("Năm", 0.8, "C"), Col("Phạm vi", 1.2, "C"),
                                   Col("Quyết định công nhận", 2)], [list(i) for i in doc.initiatives],
                                  number_row=False))
        else:
            out.append(Paragraph("Chưa có.", s.body))
    out.append(Paragraph("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", s.heading))
    _received(out, "1. Danh hiệu thi đua", "Danh hiệu thi đua", doc.titles_received)
    _received(out, "2. Hình thức khen thưởng", "Hình thức khen thưởng", doc.awards_received)
    if person:
        left = Signature("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", note="(Ký, đóng dấu)")
        right = Signature("NGƯỜI BÁO CÁO THÀNH TÍCH", doc.reporter_name, note="(Ký, ghi rõ họ và tên)")
    else:
        left = Signature("THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN", note="(Ký, đóng dấu)")
        right = Signature("THỦ TRƯỞNG ĐƠN VỊ", doc.reporter_name, note="(Ký, đóng dấu)")
    out.append(signature_block(right, left=left))
    return out


__all__ = ["AchievementReportDoc", "achievement_story", "dotted"]
