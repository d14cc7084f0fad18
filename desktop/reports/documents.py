"""Every printed document as a plain dataclass and a builder that lays it out with ``layout``.

The dataclasses hold only text and numbers, so any module can fill them: ``sources`` fills the
lists, reports and achievement reports from the commune's records; the year-end review (decisions,
minutes, ballots, proposals) will fill its own. ``to_pdf(doc, out)`` renders any of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from desktop.reports.achievement_docs import AchievementReportDoc, achievement_story, dotted
from desktop.reports.layout import (
    LEFT_COL,
    TEXT_W,
    Col,
    DocMeta,
    Issuer,
    Markup,
    Progress,
    SectionStart,
    Signature,
    canonical_digest,
    check_block,
    data_table,
    date_line,
    date_short,
    esc,
    header_block,
    kv_table,
    money,
    nfc,
    number_line,
    paragraphs,
    render,
    signature_block,
    styles,
    title_block,
    tstyle,
)
from desktop.reports.plan_docs import PlanDoc, plan_story
from desktop.shared.fmt import group

# --------------------------------------------------------------------------- lists


@dataclass
class ListDoc:
    """A list (danh sách): of registrations, of commended people, of candidates...

    Rows are lists of display strings matching ``columns``; rows whose index is in ``spans`` are group
    headings printed across the table. The QR code carries the SHA-256 of the list's data."""

    title: str
    subtitle: list[str]
    columns: list[Col]
    rows: list[list[str]]
    issuer: Issuer | None = None
    date: dt.date | None = None
    attached_to: str = ""             # "(Kèm theo Quyết định số 05/QĐ-UBND ngày …)"
    notes: list[str] = field(default_factory=list)   # lines under the table ("Danh sách có 12 cá nhân.")
    signature: Signature | None = None
    spans: list[int] = field(default_factory=list)
    file_id: str = ""                 # id of the data file this list was exported with
    kind_code: str = "DS"
    bold_rows: list[int] = field(default_factory=list)   # subtotal and total rows

    def data(self) -> dict:
        return {"title": self.title, "subtitle": self.subtitle, "columns": [c.label for c in self.columns],
                "rows": self.rows, "attached_to": self.attached_to}

    def digest(self) -> str:
        return canonical_digest(self.data())

    @property
    def entries(self) -> int:
        return len(self.rows) - len(self.spans)


def list_story(doc: ListDoc, with_header: bool = True, with_check: bool = True) -> list[Flowable]:
    """The list; ``with_check``: with the QR code and digest of its data (a list sent with the data file;
    never on an attached list of a legal act, whose text is the act's)."""
    s = styles()
    out: list[Flowable] = []
    if with_header:
        out.append(header_block(doc.issuer, None,
                                date_line(doc.issuer.place, doc.date) if (doc.issuer and doc.date) else None))
    out += title_block(doc.title, doc.subtitle, rule=not doc.attached_to)
    if doc.attached_to:
        out.append(Paragraph(esc(doc.attached_to), s.italic_c))
        out.append(Spacer(1, 6 * mm))
    out.append(data_table(doc.columns, doc.rows, spans=doc.spans, bold_rows=doc.bold_rows))
    out.append(Spacer(1, 3 * mm))
    for n in doc.notes:
        out.append(Paragraph(esc(n), s.small_italic))
    qr = check_block(doc.digest(), doc.entries, doc.file_id) if with_check else None
    if qr or doc.signature is not None:
        out.append(signature_block(doc.signature, left=qr))
    return out


def attached(story: list[Flowable]) -> list[Flowable]:
    """An attached list on a new page, numbering its pages on its own."""
    return [SectionStart(), PageBreak(), *story]


# --------------------------------------------------------------------------- decision

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass
class AwardRow:
    name: str
    unit: str            # unit (collective) or address (village) of the person / household
    title: str           # "Lao động tiên tiến"
    amount: int | None = None  # bonus in đồng
    note: str = ""


@dataclass
class DecisionDoc:
    """Award decision (Quyết định khen thưởng) with its attached list."""

    issuer: Issuer
    number: int | None
    date: dt.date
    summary: str                      # "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2026"
    decider: str                      # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN DU"
    bases: list[str]                  # "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    articles: list[str]               # article texts without "Điều n."
    rows: list[AwardRow]
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    archive: str = "VT"
    list_title: str = "DANH SÁCH"
    list_subtitle: list[str] = field(default_factory=list)
    file_id: str = ""
    with_list: bool = True            # a repeal (bãi bỏ) has no attached list

    @property
    def number_text(self) -> str:
        return number_line(self.number, "QĐ", self.issuer.code)

    def attached_list(self) -> ListDoc:
        cols = [Col("STT", 0.6, "C"), Col("Họ và tên / Tên tập thể", 2.6), Col("Đơn vị, địa chỉ", 2.6),
                Col("Danh hiệu, hình thức khen thưởng", 2.2), Col("Số tiền thưởng (đồng)", 1.5, "R")]
        groups: dict[str, list[AwardRow]] = {}
        for r in self.rows:
            groups.setdefault(r.title, []).append(r)
        rows: list[list[str]] = []
        spans: list[int] = []
        bold: list[int] = []
        if len(groups) == 1:
            rows = [[str(i), r.name, r.unit, r.title, _amount(r.amount)] for i, r in enumerate(self.rows, 1)]
        else:  # one part per title, numbered I, II, ..., each with its subtotal
            for g, (title, items) in enumerate(groups.items(), 1):
                spans.append(len(rows))
                mark = _ROMAN[g - 1] if g <= len(_ROMAN) else str(g)
                rows.append([f"{mark}. {title} ({len(items)})", "", "", "", ""])
                rows += [[str(i), r.name, r.unit, r.title, _amount(r.amount)] for i, r in enumerate(items, 1)]
                bold.append(len(rows))
                rows.append(["", f"Cộng mục {mark}", f"{len(items)} đối tượng", "",
                             _amount(sum(r.amount or 0 for r in items))])
        total = sum(r.amount or 0 for r in self.rows)
        bold.append(len(rows))
        rows.append(["", "Tổng cộng", f"{len(self.rows)} đối tượng", "", _amount(total)])
        num = self.number_text.removeprefix("Số:").strip(" ")  # a draft keeps its no-break gap
        attached = (f"(Kèm theo Quyết định số {num} ngày {date_short(self.date)} của "
                    f"Chủ tịch {self.issuer.name or 'Ủy ban nhân dân'})")
        return ListDoc(title=self.list_title, subtitle=self.list_subtitle, columns=cols, rows=rows,
                       issuer=self.issuer, attached_to=attached, file_id=self.file_id, spans=spans,
                       bold_rows=bold)


def _amount(n: int | None) -> str:
    """A row's bonus, or nothing for a title without one (never a 0 in the amount column)."""
    return money(n) if n else ""


def decision_story(doc: DecisionDoc) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [header_block(doc.issuer, doc.number_text, date_line(doc.issuer.place, doc.date))]
    out += title_block("QUYẾT ĐỊNH", [doc.summary])
    out.append(Paragraph(esc(doc.decider), s.heading_c))
    out += paragraphs(doc.bases, s.basis)
    out.append(Spacer(1, 2 * mm))
    out.append(Paragraph("QUYẾT ĐỊNH:", s.heading_c))
    last = len(doc.articles)
    for i, text in enumerate(doc.articles, 1):
        text = nfc(text)
        if i == last and not text.endswith("./."):
            text = text.rstrip(".") + "./."
        out.append(Paragraph(f"<b>Điều {i}.</b> {esc(text)}", s.body))
    out.append(signature_block(doc.signature, doc.recipients, doc.archive))
    if doc.with_list:
        out += attached(list_story(doc.attached_list(), with_header=True, with_check=False))
    return out


# --------------------------------------------------------------------------- minutes and ballots


@dataclass
class CouncilSeatLine:
    name: str
    role: str            # "Chủ tịch Hội đồng"
    position: str = ""   # "Chủ tịch UBND xã"
    present: bool = True
    written_vote: bool = False   # absent, voted in writing
    # "Ông" / "Bà" by the member's sex, "" when unknown (the name alone); minutes frozen before the
    # member's sex was kept have neither and reprint with "Ông (bà)"
    honorific: str = "Ông (bà)"


@dataclass
class BallotResult:
    name: str
    unit: str
    title: str
    yes: int
    members: int         # ALL council members (the 80 % / 90 % rules count every member)
    passed: bool

    @property
    def percent(self) -> str:
        if not self.members:
            return ""
        return f"{100 * self.yes / self.members:.1f}".replace(".", ",") + "%"


@dataclass
class MinutesDoc:
    """Minutes of the council meeting (Biên bản họp Hội đồng Thi đua - Khen thưởng) with the tally."""

    issuer: Issuer
    number: int | None
    date: dt.date
    year: int
    start: str                      # "08 giờ 00"
    end: str                        # "11 giờ 30"
    venue: str                      # "Hội trường Ủy ban nhân dân xã Tiên Du"
    seats: list[CouncilSeatLine]
    chair: str
    secretary: str
    contents: list[str]             # discussion paragraphs
    results: list[BallotResult]             # secret ballots
    conclusion: list[str] = field(default_factory=list)
    hands: list[BallotResult] = field(default_factory=list)   # show-of-hands votes, kept apart
    # added with the council rule; minutes frozen before it have neither and reprint as they were
    quorum: str = ""                        # "Có mặt 6/9 thành viên Hội đồng, đủ 2/3 …"
    chair_title: str = "CHỦ TỊCH HỘI ĐỒNG"  # "CHỦ TRÌ" when another member chaired the meeting
    chair_honorific: str = "Ông (bà)"       # as CouncilSeatLine.honorific
    secretary_honorific: str = "Ông (bà)"   # secretary "": nobody who attended is known to take the minutes


def _named(honorific: str, name: str) -> str:
    return f"{honorific} {name}" if honorific else name


_TO_FILL = "........................................"


def minutes_story(doc: MinutesDoc) -> list[Flowable]:
    s = styles()
    # a draft leaves room to write the number in (spaces would collapse in the printed line)
    number = number_line(doc.number, "BB", doc.issuer.code) if doc.number is not None else \
        f"Số: ......../BB-{doc.issuer.code}"
    out: list[Flowable] = [header_block(doc.issuer, number, date_line(doc.issuer.place, doc.date))]
    out += title_block("BIÊN BẢN", [f"Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm {doc.year}"])
    d = doc.date
    out.append(Paragraph(esc(f"Vào hồi {doc.start}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}, "
                             f"tại {doc.venue}, {doc.issuer.name or 'Hội đồng'} tổ chức họp xét khen thưởng "
                             f"năm {doc.year}."), s.body))
    present = [x for x in doc.seats if x.present]
    absent = [x for x in doc.seats if not x.present]
    out.append(Paragraph("I. THÀNH PHẦN", s.heading))
    out.append(Paragraph(esc(f"Tổng số thành viên Hội đồng: {len(doc.seats)}; có mặt: {len(present)}; "
                             f"vắng mặt: {len(absent)}."), s.body))
    for x in present:
        out.append(Paragraph(esc(f"- {_named(x.honorific, x.name)}, {x.position + ', ' if x.position else ''}"
                                 f"{x.role};"), s.body))
    for x in absent:
        how = " (vắng mặt, có phiếu bầu bằng văn bản)" if x.written_vote else " (vắng mặt)"
        out.append(Paragraph(esc(f"- {_named(x.honorific, x.name)}, {x.role}{how};"), s.body))
    if doc.quorum:
        out.append(Paragraph(esc(doc.quorum), s.body))
    secretary = _named(doc.secretary_honorific, doc.secretary) if doc.secretary else _TO_FILL
    out.append(Paragraph(esc(f"Chủ trì: {_named(doc.chair_honorific, doc.chair)}. Thư ký: {secretary}."), s.body))
    out.append(Paragraph("II. NỘI DUNG", s.heading))
    out += paragraphs(doc.contents)
    parts = [("KẾT QUẢ BIỂU QUYẾT", "Số thành viên đồng ý", doc.hands), ("KẾT QUẢ BỎ PHIẾU KÍN", "Số phiếu đồng ý",
                                                                       doc.results)]
    roman = iter(("III", "IV"))
    for heading, yes_label, results in parts:
        if not results and (heading != "KẾT QUẢ BỎ PHIẾU KÍN" or doc.hands):
            continue
        out.append(Paragraph(f"{next(roman)}. {heading}", s.heading))
        cols = [Col("STT", 0.75, "C"), Col("Họ và tên / Tên tập thể", 2.4), Col("Đơn vị", 2.1),
                Col("Danh hiệu đề nghị", 1.95), Col(yes_label, 1.1, "C"), Col("Tỷ lệ / tổng số thành viên", 1.3, "C"),
                Col("Kết quả", 1.1, "C")]
        rows = [[str(i), r.name, r.unit, r.title, f"{r.yes}/{r.members}", r.percent,
                 "Đạt" if r.passed else "Không đạt"] for i, r in enumerate(results, 1)]
        out.append(data_table(cols, rows))
        out.append(Spacer(1, 3 * mm))
    out += paragraphs(doc.conclusion)
    out.append(Paragraph(esc(f"Cuộc họp kết thúc vào hồi {doc.end} cùng ngày. Biên bản đã được đọc lại, "
                             "các thành viên dự họp nhất trí thông qua./."), s.body))
    # nobody known to have taken the minutes: whoever did signs and writes their name
    clerk = Signature("THƯ KÝ", doc.secretary) if doc.secretary else Signature("THƯ KÝ", note="(Ký, ghi rõ họ tên)")
    out.append(signature_block(Signature(doc.chair_title, doc.chair), left=clerk))
    return out


@dataclass
class BallotCandidate:
    name: str
    unit: str
    title: str


@dataclass
class BallotDoc:
    """Secret-ballot slips (phiếu bầu), one per council member (anonymous: no voter name)."""

    issuer: Issuer
    year: int
    date: dt.date | None
    candidates: list[BallotCandidate]
    copies: int
    rule_note: str = ("Đánh dấu “X” vào một trong hai cột “Đồng ý” hoặc “Không đồng ý” của từng người, "
                      "tập thể. Phiếu đánh dấu cả hai cột hoặc không đánh dấu được tính là không đồng ý.")
    source_note: str = ""
    # the layout: 1 as slips were issued before (numbered "Phiếu số 1/9", and reprinted so), 2 anonymous
    # slips, all alike, whose second column names the candidate's position and unit
    form: int = 1


def ballot_story(doc: BallotDoc) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    cols = [Col("STT", 0.6, "C"), Col("Họ và tên / Tên tập thể", 2.4), Col("Đơn vị" if doc.form < 2 else
                                                                            "Chức vụ, đơn vị", 2.3),
            Col("Danh hiệu đề nghị", 2.4), Col("Đồng ý", 0.9, "C"), Col("Không đồng ý", 1.0, "C")]
    rows = [[str(i), c.name, c.unit, c.title, "", ""] for i, c in enumerate(doc.candidates, 1)]
    for copy in range(max(1, doc.copies)):
        if copy:
            out.append(PageBreak())
        out.append(header_block(doc.issuer, None,
                                date_line(doc.issuer.place, doc.date) if doc.date else None))
        out += title_block("PHIẾU BẦU", [f"Bình xét danh hiệu thi đua năm {doc.year}"])
        out.append(Paragraph(esc(doc.rule_note), s.small_italic))
        if doc.source_note:
            out.append(Paragraph(esc(doc.source_note), s.small_italic))
        out.append(Spacer(1, 3 * mm))
        out.append(data_table(cols, rows, number_row=False))
        if doc.form < 2:
            out.append(Spacer(1, 4 * mm))
            out.append(Paragraph(esc(f"Phiếu số {copy + 1}/{max(1, doc.copies)}"), s.italic_c))
    return out


# --------------------------------------------------------------------------- proposal


@dataclass
class ProposalDoc:
    """Proposal to the province (tờ trình) with its candidate list."""

    issuer: Issuer
    number: int | None
    date: dt.date
    summary: str                     # "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2026"
    to: list[str]                    # "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh"
    body: list[str]
    rows: list[AwardRow]
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    archive: str = "VT"
    file_id: str = ""


def proposal_story(doc: ProposalDoc) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [header_block(doc.issuer, number_line(doc.number, "TTr", doc.issuer.code),
                                        date_line(doc.issuer.place, doc.date))]
    out += title_block("TỜ TRÌNH", [doc.summary])
    out += kiinh_gui(doc.to)
    out += paragraphs(doc.body)
    out.append(signature_block(doc.signature, doc.recipients, doc.archive))
    cols = [Col("STT", 0.6, "C"), Col("Họ và tên / Tên tập thể", 2.6), Col("Đơn vị, địa chỉ", 2.6),
            Col("Hình thức đề nghị", 2.2), Col("Ghi chú", 1.5)]
    rows = [[str(i), r.name, r.unit, r.title, r.note] for i, r in enumerate(doc.rows, 1)]
    num = number_line(doc.number, "TTr", doc.issuer.code).removeprefix("Số:").strip(" ")
    lst = ListDoc(title="DANH SÁCH", subtitle=["Đề nghị khen thưởng"], columns=cols, rows=rows, issuer=doc.issuer,
                  attached_to=f"(Kèm theo Tờ trình số {num} ngày {date_short(doc.date)} của {doc.issuer.name})",
                  file_id=doc.file_id)
    out += attached(list_story(lst, with_check=False))
    return out


def kiinh_gui(to: list[str]) -> list[Flowable]:
    """"Kính gửi: …" centred (one recipient) or as a list (several)."""
    s = styles()
    if len(to) == 1:
        return [Paragraph(esc(f"Kính gửi: {to[0]}"), s.body_c), Spacer(1, 4 * mm)]
    t = Table([[Paragraph("Kính gửi:", s.body_noindent), [Paragraph(esc(f"- {x};"), s.body_noindent) for x in to]]],
              colWidths=[28 * mm, 100 * mm], hAlign="CENTER")
    t.setStyle(tstyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [t, Spacer(1, 3 * mm)]


# --------------------------------------------------------------------------- reports with indicators


@dataclass
class IndicatorRow:
    target_code: int
    target_text: str          # the province target, verbatim from the plan
    target_note: str          # e.g. the reversed range note of target (2)
    name: str                 # the commune's indicator ("" when none under this target)
    unit: str = ""
    planned: str = ""
    actual: str = ""
    note: str = ""


@dataclass
class ReportDoc:
    """Interim (sơ kết) or annual (tổng kết) report of the emulation movement with the indicators."""

    issuer: Issuer
    number: int | None
    date: dt.date
    year: int
    period: str                     # "H1" | "Y"
    sections: list[tuple[str, list[str]]]
    indicators: list[IndicatorRow]
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    archive: str = "VT"
    # added with the report's full outline; reports frozen before have neither and reprint as they were
    table_after: int = -1     # the indicator table follows section ``table_after`` (-1: after all of them)
    table_source: str = ""    # the plan the targets are quoted from
    texts: dict[str, list[str]] = field(default_factory=dict)  # the officer's parts (paragraphs), for a correction

    @property
    def summary(self) -> str:
        what = "Sơ kết 6 tháng đầu năm" if self.period == "H1" else "Tổng kết"
        return f"{what} {self.year} phong trào thi đua yêu nước" if self.period == "H1" else \
            f"Tổng kết phong trào thi đua yêu nước năm {self.year}"


def indicator_table(rows: list[IndicatorRow]) -> Table:
    cols = [Col("STT", 0.6, "C"), Col("Chỉ tiêu của xã", 3.0), Col("Đơn vị tính", 1.1, "C"),
            Col("Kế hoạch", 1.1, "R"), Col("Thực hiện", 1.1, "R"), Col("Ghi chú", 2.0)]  # numbers: right
    data: list[list[str]] = []
    spans: list[int] = []
    current = None
    n = 0
    for r in rows:
        if r.target_code != current:
            current = r.target_code
            text = f"<b>Mục tiêu ({r.target_code}) của tỉnh:</b> {esc(r.target_text)}"
            if r.target_note:
                text += f"<br/><i>Lưu ý: {esc(r.target_note)}</i>"
            spans.append(len(data))
            data.append([Markup(text)] + [""] * 5)
        if r.name:
            n += 1
            data.append([str(n), r.name, r.unit, r.planned, r.actual, r.note])
        else:
            data.append(["", "Xã chưa đặt chỉ tiêu cụ thể theo mục tiêu này", "", "", "", ""])
    return data_table(cols, data, spans=spans)


def _indicator_block(doc: ReportDoc) -> list[Flowable]:
    s = styles()
    period = "6 tháng đầu năm" if doc.period == "H1" else "năm"
    source = doc.table_source or ("Kế hoạch phát động phong trào thi đua yêu nước năm 2026 của UBND tỉnh Bắc Ninh, "
                                  "mục II.2.2")
    return [CondPageBreak(60 * mm),
            Paragraph(esc(f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {period.upper()} {doc.year} THEO MỤC TIÊU CỦA TỈNH"),
                      s.heading_c),
            Paragraph(esc(f"(Mục tiêu của tỉnh ghi nguyên văn {source})"), s.italic_c),
            Spacer(1, 3 * mm), indicator_table(doc.indicators)]


def report_story(doc: ReportDoc) -> list[Flowable]:
    s = styles()
    number = number_line(doc.number, "BC", doc.issuer.code)
    if doc.number is None and doc.table_after >= 0:  # a draft: room to write the number in
        number = f"Số: ......../BC-{doc.issuer.code}"
    out: list[Flowable] = [header_block(doc.issuer, number, date_line(doc.issuer.place, doc.date))]
    out += title_block("BÁO CÁO", [doc.summary])
    for i, (heading, texts) in enumerate(doc.sections):
        if heading:
            out.append(Paragraph(esc(heading), s.heading))
        out += paragraphs(texts)
        if i == doc.table_after:
            out += [*_indicator_block(doc), Spacer(1, 3 * mm)]
    if not 0 <= doc.table_after < len(doc.sections):
        out += _indicator_block(doc)
    out.append(signature_block(doc.signature, doc.recipients, doc.archive))
    return out


# --------------------------------------------------------------------------- achievement reports


# --------------------------------------------------------------------------- cover letter and enrolment


@dataclass
class CoverLetterDoc:
    """The cover letter (công văn) sent with a data file: its name, SHA-256, totals and a QR code."""

    issuer: Issuer
    number: int | None
    date: dt.date
    year: int
    file_name: str
    sha256: str
    counts: list[tuple[str, int]]     # ("Cá nhân", 512)
    signature: Signature
    to: list[str] = field(default_factory=lambda: ["Sở Nội vụ tỉnh Bắc Ninh"])
    file_id: str = ""
    officer: str = ""
    officer_phone: str = ""
    recipients: list[str] = field(default_factory=list)
    archive: str = "VT"


def cover_letter_story(doc: CoverLetterDoc) -> list[Flowable]:
    s = styles()
    about = f"V/v gửi tệp dữ liệu thi đua, khen thưởng năm {doc.year}"
    out: list[Flowable] = [header_block(doc.issuer, number_line(doc.number, "", doc.issuer.code),
                                        date_line(doc.issuer.place, doc.date), about=about)]
    out.append(Spacer(1, 6 * mm))
    out += kiinh_gui(doc.to)
    out.append(Paragraph(esc(f"{doc.issuer.name} gửi kèm công văn này tệp dữ liệu thi đua, khen thưởng năm "
                             f"{doc.year} của địa phương, gồm các thông tin sau:"), s.body))
    total = sum(n for _, n in doc.counts)
    rows = [[str(i), label, group(n)] for i, (label, n) in enumerate(doc.counts, 1)]
    rows.append(["", "Tổng số bản ghi", group(total)])
    out.append(kv_table([("Tên tệp:", doc.file_name), ("Mã tệp:", doc.file_id or "(không có)"),
                         ("Mã kiểm tra SHA-256:", grouped(doc.sha256))], key_width=50 * mm))
    out.append(Spacer(1, 2 * mm))
    out.append(data_table([Col("STT", 0.6, "C"), Col("Loại dữ liệu", 4), Col("Số bản ghi", 1.4, "R")], rows,
                          number_row=False, bold_rows=[len(rows) - 1]))
    out.append(Spacer(1, 3 * mm))
    contact = f", điện thoại {doc.officer_phone}" if doc.officer_phone else ""
    out += paragraphs([
        "Đề nghị Quý cơ quan đối chiếu mã kiểm tra SHA-256 và số bản ghi ghi trên công văn này (hoặc quét mã QR) "
        "với tệp dữ liệu nhận được trước khi nhập vào hệ thống.",
        (f"Cán bộ phụ trách: {doc.officer}{contact}." if doc.officer else ""),
        f"{doc.issuer.name} trân trọng đề nghị Quý cơ quan tiếp nhận./.",
    ])
    qr = check_block(doc.sha256, total, doc.file_id)
    out.append(signature_block(doc.signature, doc.recipients, doc.archive, left=qr))
    return out


@dataclass
class EnrolmentDoc:
    """Enrolment sheet of the key that signs the commune's data files (fingerprint on paper)."""

    issuer: Issuer
    date: dt.date
    unit_code: str
    unit_name: str
    fingerprint: str
    created: str
    officer: str
    signature: Signature
    public_key_sha256: str = ""   # full SHA-256 of the raw public key, carried by the QR code


def grouped(hex_text: str, size: int = 8) -> str:
    """A long hex string in groups ("ab12cd34 ef56…") so it wraps between groups and reads aloud."""
    h = hex_text.replace(" ", "")
    return " ".join(h[i:i + size] for i in range(0, len(h), size))


def enrolment_story(doc: EnrolmentDoc) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [header_block(doc.issuer, None, date_line(doc.issuer.place, doc.date))]
    out += title_block("PHIẾU ĐĂNG KÝ KHÓA KÝ TỆP DỮ LIỆU", [f"{doc.unit_name} (mã {doc.unit_code})"])
    fp = doc.fingerprint.replace(" ", "").replace("-", "").upper()
    grouped = "-".join(fp[i:i + 4] for i in range(0, len(fp), 4))  # as the screens show it
    out.append(kv_table([("Đơn vị:", f"{doc.unit_name} (mã {doc.unit_code})"), ("Ngày tạo khóa:", doc.created),
                         ("Cán bộ tạo khóa:", doc.officer), ("Dấu vân tay của khóa:", grouped)], key_width=50 * mm))
    out += paragraphs(["Cán bộ xã đọc dấu vân tay trên qua điện thoại; cán bộ Sở Nội vụ đối chiếu với dấu vân tay "
                       "hiện trên máy của Sở trước khi đăng ký khóa.",
                       "Đề nghị Sở Nội vụ lưu phiếu này để đối chiếu khi cần. Mã QR chứa mã băm SHA-256 đầy đủ "
                       "của khóa công khai."])
    qr = check_block(doc.public_key_sha256.lower(), 0, "") if len(doc.public_key_sha256) == 64 else []
    out.append(signature_block(doc.signature, left=qr or [Spacer(1, 1)]))
    return out


@dataclass
class ReceiptDoc:
    """The province's receipt of a commune's data file, on paper (the signed JSON goes to the commune)."""

    issuer: Issuer
    date: dt.date
    unit_code: str
    unit_name: str
    sequence: int
    period: str
    file_sha256: str
    received: str            # "14:05 ngày 05/12/2026" (Vietnam time)
    records: int
    signature: Signature


def receipt_story(doc: ReceiptDoc) -> list[Flowable]:
    out: list[Flowable] = [header_block(doc.issuer, None, date_line(doc.issuer.place, doc.date))]
    out += title_block("GIẤY BIÊN NHẬN TỆP DỮ LIỆU THI ĐUA, KHEN THƯỞNG", [f"{doc.unit_name} (mã {doc.unit_code})"])
    period = f"6 tháng đầu năm {doc.period[:4]}" if doc.period.endswith("-H1") else f"năm {doc.period[:4]}"
    out.append(kv_table([("Đơn vị gửi:", f"{doc.unit_name} (mã {doc.unit_code})"), ("Tệp số:", str(doc.sequence)),
                         ("Kỳ báo cáo:", period), ("Thời điểm tiếp nhận:", doc.received),
                         ("Số bản ghi:", group(doc.records)),
                         ("Mã kiểm tra SHA-256:", grouped(doc.file_sha256))], key_width=50 * mm))
    out += paragraphs([f"{doc.issuer.name} xác nhận đã tiếp nhận tệp dữ liệu nêu trên. Tệp đã được kiểm tra chữ ký "
                       "số, tính toàn vẹn và thứ tự trong chuỗi tệp của đơn vị trước khi nhập."])
    out.append(signature_block(doc.signature, left=check_block(doc.file_sha256, doc.records, "")))
    return out


# --------------------------------------------------------------------------- dispatch

Document = ListDoc | DecisionDoc | MinutesDoc | BallotDoc | ProposalDoc | ReportDoc | AchievementReportDoc | \
    CoverLetterDoc | EnrolmentDoc | ReceiptDoc | PlanDoc


def story_of(doc: Document) -> tuple[list[Flowable], DocMeta]:
    from desktop.reports import culture_docs  # the cultural titles' minutes and decision (subclasses)

    if isinstance(doc, culture_docs.CULTURE_DOCS):
        return culture_docs.story_of(doc)
    if isinstance(doc, ListDoc):
        rows = len(doc.rows)
        return list_story(doc), DocMeta(" ".join([doc.title, *doc.subtitle]), estimated_pages=1 + rows // 22)
    if isinstance(doc, DecisionDoc):
        return decision_story(doc), DocMeta(f"Quyết định {doc.summary}", estimated_pages=2 + len(doc.rows) // 22)
    if isinstance(doc, MinutesDoc):
        return minutes_story(doc), DocMeta(f"Biên bản họp Hội đồng Thi đua - Khen thưởng năm {doc.year}",
                                           estimated_pages=2 + len(doc.results) // 20)
    if isinstance(doc, BallotDoc):
        return ballot_story(doc), DocMeta(f"Phiếu bầu năm {doc.year}", estimated_pages=doc.copies,
                                          page_numbers=doc.form < 2)
    if isinstance(doc, ProposalDoc):
        return proposal_story(doc), DocMeta(f"Tờ trình {doc.summary}", estimated_pages=2 + len(doc.rows) // 22)
    if isinstance(doc, ReportDoc):
        return report_story(doc), DocMeta(f"Báo cáo {doc.summary}", estimated_pages=4)
    if isinstance(doc, AchievementReportDoc):
        return achievement_story(doc), DocMeta(f"Báo cáo thành tích {doc.name}", estimated_pages=2)
    if isinstance(doc, CoverLetterDoc):
        return cover_letter_story(doc), DocMeta(f"Công văn gửi tệp dữ liệu {doc.file_name}")
    if isinstance(doc, EnrolmentDoc):
        return enrolment_story(doc), DocMeta("Phiếu đăng ký khóa ký tệp dữ liệu")
    if isinstance(doc, ReceiptDoc):
        return receipt_story(doc), DocMeta(f"Biên nhận tệp số {doc.sequence} của {doc.unit_name}")
    if isinstance(doc, PlanDoc):
        return plan_story(doc), DocMeta(f"Kế hoạch {doc.title}", estimated_pages=3)
    raise TypeError(f"not a document: {type(doc).__name__}")


def to_pdf(doc: Document, out: Path | str | None = None, progress: Progress | None = None,
           cancelled: Callable[[], bool] | None = None) -> bytes:
    story, meta = story_of(doc)
    return render(story, meta, out, progress, cancelled)


__all__ = [
    "ListDoc", "AwardRow", "DecisionDoc", "CouncilSeatLine", "BallotResult", "MinutesDoc", "BallotCandidate",
    "BallotDoc", "ProposalDoc", "IndicatorRow", "ReportDoc", "AchievementReportDoc", "CoverLetterDoc",
    "EnrolmentDoc", "ReceiptDoc", "PlanDoc", "Document", "story_of", "to_pdf", "Markup", "LEFT_COL", "TEXT_W",
]
