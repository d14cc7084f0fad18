"""The statistics report and the award register, rendered (plain data in, files out).

The statistics forms are wide: the PDF is A4 landscape, each form on its own pages, in the decree 30
layout (header, title, the table whose header repeats, notes, the signatures of the person who made
the form and of the head of the unit). The workbook has one sheet per form, numbers as numbers and
empty cells where the data do not say, the header frozen and printed on every page.

The register (sổ theo dõi khen thưởng) is a list grouped per subject (``desktop.reports.documents.ListDoc``,
portrait) and a flat workbook (one row per award, filterable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from desktop.core.statistics import StatTable
from desktop.reports import fonts
from desktop.reports.layout import (
    LEFT_COL,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    RIGHT_COL,
    Col,
    Issuer,
    Progress,
    Signature,
    data_table,
    date_line,
    date_short,
    esc,
    header_block,
    signature_block,
    styles,
    title_block,
    write_file,
)
from desktop.shared.fmt import group

PAGE_W, PAGE_H = landscape(A4)
WIDE_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT        # 252 mm


@dataclass
class StatReport:
    """The year's statistics report of a commune or of the province: the counted forms."""

    issuer: Issuer
    unit_name: str
    year: int
    start: dt.date
    end: dt.date
    deadline: dt.date
    legal_basis: str
    tables: list[StatTable]
    province: bool = False
    date: dt.date = field(default_factory=dt.date.today)

    @property
    def period_text(self) -> str:
        return f"Năm {self.year} (số liệu từ ngày {date_short(self.start)} đến ngày {date_short(self.end)})"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    return group(v) if isinstance(v, int) else str(v)


# --------------------------------------------------------------------------- PDF


class _Landscape(BaseDocTemplate):
    def __init__(self, target, title: str, progress: Progress | None, cancelled: Callable[[], bool] | None):
        super().__init__(target, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, creator="Thi đua Bắc Ninh",
                         producer="Thi đua Bắc Ninh (ReportLab)", lang="vi-VN", invariant=1,
                         initialFontName=fonts.REGULAR, initialFontSize=13)
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, WIDE_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page)])
        self._progress = progress
        self._cancelled = cancelled

    def _page(self, canv, doc) -> None:
        n = canv.getPageNumber()
        if n >= 2:
            font, size = styles().page_no_font
            canv.setFont(font, size)
            canv.drawCentredString(MARGIN_LEFT + WIDE_W / 2, PAGE_H - MARGIN_TOP + 6 * mm, str(n))

    def afterPage(self) -> None:
        from desktop.reports.layout import Cancelled

        if self._cancelled is not None and self._cancelled():
            raise Cancelled()
        if self._progress is not None:
            self._progress(self.page, self.page + 1)


def _wide(t: Flowable, left: float = LEFT_COL + 20 * mm) -> Flowable:
    """A header or signature table of the portrait layout stretched over the landscape width: the left
    column ``left`` wide, the right one takes the rest."""
    table = t._content[0] if isinstance(t, KeepTogether) else t  # the signature block keeps itself together
    table._argW = [left, WIDE_W - left]
    return t


def _columns(t: StatTable) -> list[Col]:
    values = len(t.headers) - t.lead
    if t.headers[1] == "Mã số":  # a form of the circular: the line's label, its code, the values
        return [Col(t.headers[0], max(3.0, values * 0.6), "L"), Col(t.headers[1], 0.5, "C")] + [
            Col(h, 1.5 if len(h) > 40 else 1.0, "R") for h in t.headers[t.lead:]]
    first = Col(t.headers[0], 0.6 if t.headers[0] == "STT" else 0.9, "C")
    label = Col(t.headers[1], max(3.0, values * 0.45), "L")
    return [first, label] + [Col(h, 1.4 if len(h) > 24 else 1.0, "R") for h in t.headers[t.lead:]]


def _pdf_rows(t: StatTable) -> list[list[str]]:
    """The rows as printed: a group heading is one line across the table ("I. Khen thưởng cấp xã")."""
    out = []
    for i, row in enumerate(t.rows):
        if i in t.spans:
            out.append([f"{row[0]}. {row[1]}" if row[1] else str(row[0])] + [""] * (len(row) - 1))
        else:
            out.append([_cell(v) for v in row])
    return out


def _form_story(r: StatReport, t: StatTable, signer: Signature | None) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [_wide(header_block(r.issuer, None, date_line(r.issuer.place, r.date)))]
    out += title_block(t.title, [r.period_text])
    receiver = "Bộ Nội vụ" if r.province else "Sở Nội vụ tỉnh Bắc Ninh"
    form = f"Biểu số: {t.code}" if t.code else "Bảng tổng hợp theo danh hiệu (không phải biểu của Thông tư)"
    info = (f"{form}. Căn cứ: {r.legal_basis}. Đơn vị báo cáo: {r.issuer.name or r.unit_name}. "
            f"Đơn vị nhận báo cáo: {receiver}. Hạn gửi: {date_short(r.deadline)}."
            + (f" Đơn vị tính: {t.unit}." if t.unit else ""))
    out.append(Paragraph(esc(info), s.small_italic))
    out.append(Spacer(1, 3 * mm))
    out.append(data_table(_columns(t), _pdf_rows(t), total_width=WIDE_W, spans=t.spans, bold_rows=t.bold_rows,
                          font_size=11))
    out.append(Spacer(1, 2 * mm))
    for n in t.notes:
        out.append(Paragraph(esc(n), s.small_italic))
    maker = Signature("NGƯỜI LẬP BIỂU", note="(Ký, ghi rõ họ tên)")
    head = signer or Signature("CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN")
    out.append(_wide(signature_block(head, left=maker), WIDE_W / 2))
    return out


def statistics_pdf(r: StatReport, out: Path | str | None = None, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> bytes:
    import io

    signer = Signature("GIÁM ĐỐC") if r.province else None
    story: list[Flowable] = []
    for i, t in enumerate(r.tables):
        if i:
            story.append(PageBreak())
        story += _form_story(r, t, signer)
    buf = io.BytesIO()
    _Landscape(buf, f"Báo cáo thống kê thi đua, khen thưởng năm {r.year}", progress, cancelled).build(story)
    data = buf.getvalue()
    if out is not None:
        write_file(Path(out), data)
    return data


# --------------------------------------------------------------------------- xlsx


def _sheet(wb, name: str, title_lines: Sequence[str], headers: Sequence[str], rows: Sequence[Sequence[Any]],
           widths: Sequence[int], bold_rows: Sequence[int] = (), text_columns: Sequence[int] = ()) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from desktop.reports.xlsx import _print_setup, _typed_cell, append_heading, col_letter, safe_cell, sheet_title

    ws = wb.create_sheet(sheet_title(name))
    for i, w in enumerate(widths):
        ws.column_dimensions[col_letter(i)].width = w
    header_row = len(title_lines) + 2
    _print_setup(ws, header_row, widths)
    if not title_lines:
        ws.append([])  # the header stays on row len(title_lines) + 2
    append_heading(ws, title_lines, headers)
    bold = Font(bold=True)
    strong = set(bold_rows)
    for n, row in enumerate(rows):
        cells: list[Any] = []
        for i, v in enumerate(row):
            if v is None:  # the data do not say: an empty cell, not a zero
                cells.append(None)
                continue
            if n in strong:  # subtotals, the total, group headings
                c = WriteOnlyCell(ws, value=safe_cell(v))
                c.font = bold
                cells.append(c)
            else:
                cells.append(_typed_cell(ws, v, i in text_columns))
        ws.append(cells)
    ws.auto_filter.ref = f"A{header_row}:{col_letter(len(headers) - 1)}{header_row + max(len(rows), 1)}"


def statistics_xlsx(r: StatReport, path: Path) -> None:
    from openpyxl import Workbook

    from desktop.reports.xlsx import save_workbook

    _check_folder(path)
    wb = Workbook(write_only=True)
    for t in r.tables:
        form = f"Biểu số: {t.code}" if t.code else "Bảng tổng hợp của phần mềm (không phải biểu của Thông tư)"
        lines = [r.issuer.name or r.unit_name, form, t.title, r.period_text, f"Căn cứ: {r.legal_basis}",
                 f"Hạn gửi: {date_short(r.deadline)}", *([f"Đơn vị tính: {t.unit}"] if t.unit else []), *t.notes]
        rows = [[None if v == "" and i >= t.lead else v for i, v in enumerate(row)] for row in t.rows]
        matrix = t.headers[1] == "Mã số"
        widths = ([60, 8] if matrix else [8, 46]) + [14] * (len(t.headers) - t.lead)
        _sheet(wb, t.sheet or t.code.split("/")[0], lines, t.headers, rows, widths, t.bold_rows + t.spans,
               text_columns=(1,) if matrix else (0,))
    save_workbook(wb, path)


def _check_folder(path: Path) -> None:
    from desktop.shared.errors import UserError

    if not path.parent.is_dir():
        raise UserError(f"Thư mục {path.parent} không tồn tại. Hãy tạo thư mục đó hoặc chọn nơi lưu khác.")


# --------------------------------------------------------------------------- the award register


@dataclass(frozen=True)
class RegisterEntry:
    subject_type: str
    subject_id: int
    name: str
    unit: str                 # the person's unit and position, the household's or collective's address
    year: int
    title: str
    decision_no: str
    decision_date: dt.date | None
    issuer: str               # "Chủ tịch UBND xã Tiên Du"
    amount: int | None


@dataclass
class RegisterReport:
    issuer: Issuer
    unit_name: str
    entries: list[RegisterEntry]
    year_from: int | None = None
    year_to: int | None = None
    date: dt.date = field(default_factory=dt.date.today)

    @property
    def span_text(self) -> str:
        if self.year_from and self.year_to:
            return f"Từ năm {self.year_from} đến năm {self.year_to}"
        if self.year_from:
            return f"Từ năm {self.year_from}"
        if self.year_to:
            return f"Đến năm {self.year_to}"
        return "Các năm"


SUBJECT_WORDS = {"person": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}
REGISTER_COLUMNS = [Col("STT", 0.65, "C"), Col("Năm", 0.6, "C"), Col("Danh hiệu, hình thức khen thưởng", 2.6),
                    Col("Số, ngày quyết định", 1.7), Col("Cấp quyết định", 1.7), Col("Tiền thưởng (đồng)", 1.1, "R")]


def register_list(r: RegisterReport):
    """The register as a printed list: a heading row per subject, its awards by year under it."""
    from desktop.reports.documents import ListDoc

    rows: list[list[str]] = []
    spans = []
    subjects = 0
    key = None
    n = 0
    for e in r.entries:
        if (e.subject_type, e.subject_id) != key:
            key = (e.subject_type, e.subject_id)
            subjects += 1
            spans.append(len(rows))
            rows.append([f"{subjects}. {e.name} ({SUBJECT_WORDS.get(e.subject_type, '')})"
                         + (f" — {e.unit}" if e.unit else ""), "", "", "", "", ""])
            n = 0
        n += 1
        when = e.decision_no + (f", ngày {date_short(e.decision_date)}" if e.decision_date else "")
        rows.append([str(n), str(e.year), e.title, when, e.issuer, group(e.amount) if e.amount else ""])
    notes = [f"Sổ có {len(r.entries)} lượt khen thưởng của {subjects} đối tượng."]
    return ListDoc(title="SỔ THEO DÕI KHEN THƯỞNG", subtitle=[r.span_text], columns=REGISTER_COLUMNS, rows=rows,
                   issuer=r.issuer, date=r.date, notes=notes, spans=spans, kind_code="SO",
                   signature=Signature("CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN"))


def register_pdf(r: RegisterReport, out: Path | str | None = None, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> bytes:
    from desktop.reports.documents import to_pdf

    return to_pdf(register_list(r), out, progress, cancelled)


def register_xlsx(r: RegisterReport, path: Path) -> None:
    from openpyxl import Workbook

    from desktop.reports.xlsx import save_workbook

    _check_folder(path)
    wb = Workbook(write_only=True)
    headers = ["STT", "Đối tượng", "Loại", "Đơn vị, địa chỉ", "Năm", "Danh hiệu, hình thức khen thưởng",
               "Số quyết định", "Ngày quyết định", "Cấp quyết định", "Tiền thưởng (đồng)"]
    rows = [[i, e.name, SUBJECT_WORDS.get(e.subject_type, ""), e.unit, e.year, e.title, e.decision_no,
             e.decision_date, e.issuer, e.amount] for i, e in enumerate(r.entries, 1)]
    _sheet(wb, "Sổ khen thưởng", [r.issuer.name or r.unit_name, "SỔ THEO DÕI KHEN THƯỞNG", r.span_text], headers,
           rows, [6, 28, 12, 30, 7, 34, 16, 13, 26, 14], text_columns=(6,))
    save_workbook(wb, path)


__all__ = ["RegisterEntry", "RegisterReport", "StatReport", "register_list", "register_pdf", "register_xlsx",
           "statistics_pdf", "statistics_xlsx", "RIGHT_COL"]
