"""Word copies of every document: the ReportLab story that ``documents.to_pdf`` lays out, translated
element by element into a .docx (python-docx), so the text is the PDF's by construction.

What each part of the story becomes:

- ``Paragraph``: a Word paragraph in a named paragraph style made once from its ReportLab style (body,
  heading, title, the header's parts, cells ...; Vietnamese names a clerk finds in Word's style list).
  Runs carry direct bold or italic only where the markup differs from the style (``<b>Điều 1.</b>``);
  ``<br/>`` is a line break.
- ``Table``: a table with fixed column widths, its spans merged, its ReportLab lines as cell borders
  (none for the header and signature blocks), header rows repeated on every page (``w:tblHeader``),
  rows never split across pages; a cell's plain string gets the cell style of its alignment.
- ``Rule``: an empty paragraph with a bottom border, indented to the rule's width and centred.
- ``Spacer``: space before the next paragraph (an empty paragraph of that height before a table or
  at the end of a cell: the signature's space). ``PageBreak``: a page break. ``CondPageBreak``: none.
- ``QrCode``: the same QR code as a PNG picture of the same size.

The page is the decree 30/2020/NĐ-CP setup: A4, margins top 20, bottom 20, left 30, right 15 mm,
Times New Roman (the PDF's Liberation Serif has its metrics), the page number centred at the top from
page 2 (a PAGE field in the header; the first page has its own, empty header).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import _Cell
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.fonts import ps2tt
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from desktop.reports import layout as L
from desktop.reports.layout import Cancelled, DocMeta, Progress

log = logging.getLogger(__name__)

FONT = "Times New Roman"
LANG = "vi-VN"
PT = 20  # twentieths of a point (dxa) per point

# The Word names of the layout's paragraph styles (desktop.reports.layout.Styles), as the clerk sees
# them in Word's style list. A style the layout adds later without a name here is named after its
# ReportLab name ("TĐ …"), so nothing is lost, only less well named.
STYLE_NAMES = {
    "body": "TĐ Nội dung",
    "body_noindent": "TĐ Nội dung không thụt đầu dòng",
    "basis": "TĐ Căn cứ ban hành",
    "heading": "TĐ Đề mục",
    "heading_c": "TĐ Đề mục giữa",
    "body_c": "TĐ Nội dung giữa",
    "italic_c": "TĐ Ghi chú giữa",
    "small_italic": "TĐ Ghi chú",
    "title": "TĐ Tên loại văn bản",
    "summary": "TĐ Trích yếu",
    "body_sup": "TĐ Cơ quan chủ quản",
    "body_name": "TĐ Cơ quan ban hành",
    "nation": "TĐ Quốc hiệu",
    "motto": "TĐ Tiêu ngữ",
    "number": "TĐ Số, ký hiệu",
    "about": "TĐ Trích yếu công văn",
    "place_date": "TĐ Địa danh, ngày tháng",
    "sig": "TĐ Quyền hạn, chức vụ người ký",
    "sig_name": "TĐ Họ tên người ký",
    "sig_note": "TĐ Ghi chú chữ ký",
    "recip_head": "TĐ Nơi nhận",
    "recip": "TĐ Nơi nhận - mục",
    "cell": "TĐ Ô bảng",
    "cell_c": "TĐ Ô bảng giữa",
    "cell_r": "TĐ Ô bảng phải",
    "cell_b": "TĐ Ô bảng đậm",
    "head": "TĐ Tiêu đề cột",
    "colno": "TĐ Số thứ tự cột",
    "caption": "TĐ Chú thích",
    "kv": "TĐ Thông tin",
    "qrcap": "TĐ Mã kiểm tra",
}
RULE_STYLE = "TĐ Đường kẻ ngắn"
SPACE_STYLE = "TĐ Khoảng cách"
# headings stay with what follows (a cell's lines are kept together by its row, never split)
KEEP_WITH_NEXT = {"heading", "heading_c", "title", "summary"}
ALIGN = {TA_CENTER: WD_ALIGN_PARAGRAPH.CENTER, TA_RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
         TA_JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY}
VALIGN = {"MIDDLE": WD_CELL_VERTICAL_ALIGNMENT.CENTER, "BOTTOM": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}
BORDER_SIDES = ("top", "left", "bottom", "right")
BORDER_ROOM = 1.0  # points of side padding a bordered cell gives back to its text (see _table_frame)


def to_docx(doc: Any, out: Path | str | None = None, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None) -> bytes:
    """The Word copy of ``doc`` (any document ``documents.to_pdf`` prints): the .docx bytes, also
    written to ``out`` when given (a temporary file and a rename, as the PDF)."""
    from desktop.reports.documents import story_of

    story, meta = story_of(doc)
    return render_docx(story, meta, out, progress, cancelled)


def render_docx(story: list[Flowable], meta: DocMeta, out: Path | str | None = None,
                progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> bytes:
    writer = _Writer(meta)
    total = len(story)
    for i, flowable in enumerate(story, 1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        writer.add(flowable, writer.body)
        if progress is not None and (i % 20 == 0 or i == total):
            progress(i, total)
    writer.close(writer.body)
    if writer.body.last_table:  # Word ends a document with a paragraph: a 1 pt one, not a 14 pt line
        writer.space(writer.body, 1)  # that would push the signature's row onto a page of its own
    data = writer.save()
    if out is not None:
        L.write_file(Path(out), data)
    return data


# --------------------------------------------------------------------------- containers


@dataclass
class _Box:
    """Where paragraphs and tables go (the document body or a table cell) and how wide it is."""

    target: Any                 # docx Document or _Cell
    width: float                # points
    pending: float = 0.0        # a Spacer's height, waiting for the next paragraph
    last_table: bool = False    # the last thing added was a table (two tables in a row would merge)
    fresh: list = field(default_factory=list)   # a cell's own empty first paragraph, used first

    def new_paragraph(self):
        if self.fresh:
            return self.fresh.pop()
        return self.target.add_paragraph()


class _Writer:
    def __init__(self, meta: DocMeta):
        self.doc = new_document()
        self.styles: dict[str, str] = {}        # ReportLab style name -> Word style name
        self.ids: dict[str, str] = {}           # Word style name -> style id
        self.before: dict[str, float] = {}      # Word style name -> its space before (points)
        self._setup_document(meta)
        self.body = _Box(self.doc, L.TEXT_W)

    # ------------------------------------------------------------------ page and styles
    def _setup_document(self, meta: DocMeta) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance, section.footer_distance = Mm(10), Mm(10)
        section.different_first_page_header_footer = True
        page_no = section.header.paragraphs[0]
        page_no.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(page_no, L.styles().page_no_font[1])
        self._defaults()
        props = self.doc.core_properties
        props.title, props.subject, props.author = meta.title, meta.subject, meta.author or "Thi đua Bắc Ninh"
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)  # not the template's 2013 and "python-docx"
        props.created = props.modified = now
        props.last_modified_by = props.author
        props.keywords, props.language = meta.keywords, LANG
        props.comments = "Bản Word của văn bản in từ phần mềm Thi đua Bắc Ninh"
        rels = self.doc.part.package.rels  # python-docx's template carries a picture of its own sample
        for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
            del rels[rid]  # a dict of rId: relationship; an unreferenced part is not written

    def _defaults(self) -> None:
        """Times New Roman 14 pt, Vietnamese, for the whole document (the styles inherit it)."""
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))  # python-docx's template has them
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        fonts = rpr.find(qn("w:rFonts"))
        for attr in list(fonts.attrib):  # the template's theme fonts would win over a named font
            del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), LANG)
        lang.set(qn("w:eastAsia"), LANG)
        ppr = defaults.find(qn("w:pPrDefault"))
        spacing = ppr.find(f"{qn('w:pPr')}/{qn('w:spacing')}") if ppr is not None else None
        if spacing is not None:  # the template's 10 pt after and 1.15 lines: single, nothing after
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(14)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        header = self.doc.styles["Header"]
        header.font.size = Pt(L.styles().page_no_font[1])
        rule = self.doc.styles.add_style(RULE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        rule.style_id = "TDRule"
        rule.base_style = normal
        rule.font.size = Pt(1)
        rule.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        rule.paragraph_format.line_spacing = Pt(1)
        space = self.doc.styles.add_style(SPACE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        space.style_id = "TDSpace"
        space.base_style = normal
        space.font.size = Pt(1)
        self.ids.update({RULE_STYLE: "TDRule", SPACE_STYLE: "TDSpace"})

    def style(self, ps: ParagraphStyle) -> str:
        """The Word paragraph style for ``ps`` (made the first time it is seen)."""
        known = self.styles.get(ps.name)
        if known is not None:
            return known
        name = STYLE_NAMES.get(ps.name)
        if name is None:
            parent = getattr(ps, "parent", None)
            base = STYLE_NAMES.get(parent.name) if parent is not None else None
            name = f"{base} {ps.fontSize:g}" if base else f"TĐ {ps.name}"
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = "TD" + "".join(ch for ch in ps.name.title() if ch.isalnum())
        style.base_style = self.doc.styles["Normal"]
        style.quick_style = True
        _, bold, italic = _face(ps.fontName)
        style.font.size = Pt(ps.fontSize)
        style.font.bold, style.font.italic = bool(bold), bool(italic)
        pf = style.paragraph_format
        pf.alignment = ALIGN.get(ps.alignment, WD_ALIGN_PARAGRAPH.LEFT)
        pf.first_line_indent = Pt(ps.firstLineIndent) if ps.firstLineIndent else None
        pf.left_indent = Pt(ps.leftIndent) if ps.leftIndent else None
        pf.right_indent = Pt(ps.rightIndent) if ps.rightIndent else None
        pf.space_before, pf.space_after = Pt(ps.spaceBefore or 0), Pt(ps.spaceAfter or 0)
        # ReportLab's leading over Word's single line of Times New Roman (1.15 × the size)
        pf.line_spacing = round(max(1.0, ps.leading / (ps.fontSize * 1.15)), 2)
        pf.keep_with_next = ps.name in KEEP_WITH_NEXT or None
        pf.widow_control = True
        self.styles[ps.name] = name
        self.ids[name] = style.style_id
        self.before[name] = float(ps.spaceBefore or 0)
        return name

    def set_style(self, p, name: str) -> None:
        p._p.style = self.ids[name]

    # ------------------------------------------------------------------ the story
    def add(self, f: Any, box: _Box) -> None:
        if f is None or f == "":
            return
        if isinstance(f, (list, tuple)):
            for x in f:
                self.add(x, box)
        elif isinstance(f, str):
            self.text(f, L.styles().cell, box)
        elif isinstance(f, Paragraph):
            self.paragraph(f, box)
        elif isinstance(f, Table):
            self.table(f, box)
        elif isinstance(f, L.Rule):
            self.rule(f, box)
        elif isinstance(f, L.QrCode):
            self.qr(f, box)
        elif isinstance(f, PageBreak):
            self.page_break(box)
        elif isinstance(f, CondPageBreak):  # a Spacer in ReportLab: tested first; Word breaks by itself
            return
        elif isinstance(f, Spacer):
            box.pending += float(f.height)
        elif isinstance(f, L.SectionStart):  # where an attached list's own page numbers start: Word numbers on
            return
        elif hasattr(f, "_content"):      # KeepTogether, KeepInFrame and the like
            self.add(list(f._content), box)
        else:
            log.warning("docx: %s has no Word form; left out", type(f).__name__)

    def _paragraph_in(self, box: _Box, style: str):
        p = box.new_paragraph()
        self.set_style(p, style)
        if box.pending:
            p.paragraph_format.space_before = Pt(self.before.get(style, 0.0) + box.pending)
            box.pending = 0.0
        box.last_table = False
        return p

    def paragraph(self, para: Paragraph, box: _Box, ps: ParagraphStyle | None = None) -> None:
        ps = ps or para.style
        p = self._paragraph_in(box, self.style(ps))
        _, s_bold, s_italic = _face(ps.fontName)
        runs: list[tuple[str, bool, bool, float]] = []
        for frag in getattr(para, "frags", []):
            if getattr(frag, "lineBreak", False):
                runs.append(("\n", False, False, ps.fontSize))
                continue
            text = getattr(frag, "text", "")
            if not text:
                continue
            bold = bool(getattr(frag, "bold", 0)) or bool(_face(frag.fontName)[1])
            italic = bool(getattr(frag, "italic", 0)) or bool(_face(frag.fontName)[2])
            size = float(getattr(frag, "fontSize", ps.fontSize))
            if runs and runs[-1][0] != "\n" and runs[-1][1:] == (bold, italic, size):
                runs[-1] = (runs[-1][0] + text, bold, italic, size)
            else:
                runs.append((text, bold, italic, size))
        for text, bold, italic, size in runs:
            if text == "\n":
                p.add_run().add_break(WD_BREAK.LINE)
                continue
            run = p.add_run(L.nfc(text))
            if bold != bool(s_bold):
                run.bold = bold
            if italic != bool(s_italic):
                run.italic = italic
            if abs(size - ps.fontSize) > 0.01:
                run.font.size = Pt(size)

    def text(self, text: str, ps: ParagraphStyle, box: _Box, bold: bool = False, size: float | None = None) -> None:
        """A table cell's plain string (ReportLab draws it in the cell's font, one line per \\n)."""
        p = self._paragraph_in(box, self.style(ps))
        for i, line in enumerate(L.nfc(text).split("\n")):
            if i:
                p.add_run().add_break(WD_BREAK.LINE)
            run = p.add_run(line)
            if bold and not _face(ps.fontName)[1]:
                run.bold = True
            if size is not None and abs(size - ps.fontSize) > 0.01:
                run.font.size = Pt(size)

    def rule(self, r: L.Rule, box: _Box) -> None:
        p = box.new_paragraph()
        self.set_style(p, RULE_STYLE)
        _border(p._p.get_or_add_pPr(), "w:pBdr", {"bottom": r.thickness})  # before w:spacing, w:ind
        side = max(0.0, (box.width - r.rule_w) / 2)
        pf = p.paragraph_format
        pf.left_indent = pf.right_indent = Pt(side)
        pf.space_before = Pt(r.space_before + box.pending)
        pf.space_after = Pt(r.space_after)
        box.pending = 0.0
        box.last_table = False

    def qr(self, q: L.QrCode, box: _Box) -> None:
        p = self._paragraph_in(box, SPACE_STYLE)
        p.paragraph_format.alignment = (WD_ALIGN_PARAGRAPH.LEFT if getattr(q, "hAlign", "CENTER") == "LEFT"
                                        else WD_ALIGN_PARAGRAPH.CENTER)
        p.add_run().add_picture(io.BytesIO(qr_png(q.payload)), width=Pt(q.size), height=Pt(q.size))

    def page_break(self, box: _Box) -> None:
        p = box.new_paragraph()
        self.set_style(p, SPACE_STYLE)
        p.add_run().add_break(WD_BREAK.PAGE)
        box.pending = 0.0
        box.last_table = False

    def close(self, box: _Box) -> None:
        """A Spacer left at the end of a box (the signature's space) becomes an empty paragraph."""
        if box.pending:
            self.space(box, box.pending)

    def space(self, box: _Box, height: float) -> None:
        """An empty paragraph ``height`` points high."""
        p = box.new_paragraph()
        self.set_style(p, SPACE_STYLE)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(max(height, 1))
        box.pending = 0.0
        box.last_table = False

    # ------------------------------------------------------------------ tables
    def table(self, t: Table, box: _Box) -> None:
        rows, widths = t._cellvalues, [float(w) for w in t._colWidths]
        if not rows or not widths:
            return
        if box.last_table or box.pending:  # two tables one after the other would become one in Word
            self.space(box, box.pending)
        n_rows, n_cols = len(rows), len(widths)
        if box.target is self.doc:
            table = self.doc.add_table(rows=n_rows, cols=n_cols)
        else:  # a cell: python-docx adds the table and an empty paragraph after it (Word wants one)
            table = box.target.add_table(n_rows, n_cols)
            if box.fresh:  # the cell's own empty first paragraph would stand above the table
                first = box.fresh.pop()._p
                first.getparent().remove(first)
        box.last_table = True
        _table_frame(table, widths, t)
        grid = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
        spans = _merge_spans(grid, t._spanCmds, widths)
        _borders(table._tbl, grid, t._linecmds)
        head = t.repeatRows if isinstance(t.repeatRows, int) else len(t.repeatRows or ())
        for r, tr in enumerate(table._tbl.tr_lst):
            trpr = tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))
            if r < head:
                trpr.append(OxmlElement("w:tblHeader"))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                span = spans.get((r, c), 1)
                if span:
                    self.cell(_Cell(grid[r][c], table), value, t._cellStyles[r][c], widths, c, span)

    def cell(self, cell, value: Any, cs: Any, widths: list[float], c: int, span: int) -> None:
        width = sum(widths[c:c + span]) - float(cs.leftPadding) - float(cs.rightPadding)
        box = _Box(cell, width, fresh=[cell.paragraphs[0]])
        if cs.valign in VALIGN:
            cell.vertical_alignment = VALIGN[cs.valign]
        if isinstance(value, (str, int, float)):
            s = L.styles()
            ps = {"CENTER": s.cell_c, "CENTRE": s.cell_c, "RIGHT": s.cell_r}.get(str(cs.alignment).upper(), s.cell)
            self.text(str(value), ps, box, bold=bool(_face(cs.fontname)[1]), size=float(cs.fontsize))
        else:
            self.add(value, box)
        self.close(box)
        if box.fresh:  # nothing was written: the cell keeps its one (required) empty paragraph
            self.set_style(box.fresh[0], SPACE_STYLE)

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


# --------------------------------------------------------------------------- table details


def _table_frame(table, widths: list[float], t: Table) -> None:
    """Fixed layout, the PDF's column widths, its alignment and cell padding."""
    tbl = table._tbl
    table.autofit = False
    table.alignment = {"LEFT": WD_TABLE_ALIGNMENT.LEFT, "RIGHT": WD_TABLE_ALIGNMENT.RIGHT}.get(
        str(getattr(t, "hAlign", "CENTER")).upper(), WD_TABLE_ALIGNMENT.CENTER)
    tblpr = tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(round(sum(widths) * PT)))
    tblw.set(qn("w:type"), "dxa")
    tblpr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    cs = t._cellStyles[0][0]
    mar = OxmlElement("w:tblCellMar")
    # Word takes half of each side's border from the text's room too: the side padding gives it back,
    # so a label that just fits the PDF's column ("Đồng ý", "Kết quả") is not broken over two lines
    side = BORDER_ROOM if t._linecmds else 0.0
    for name, value in (("top", cs.topPadding), ("left", max(0.0, float(cs.leftPadding) - side)),
                        ("bottom", cs.bottomPadding), ("right", max(0.0, float(cs.rightPadding) - side))):
        el = OxmlElement(f"w:{name}")
        el.set(qn("w:w"), str(round(float(value) * PT)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    look = tblpr.find(qn("w:tblLook"))  # the schema's order: …, w:tblLayout, w:tblCellMar, w:tblLook
    if look is not None:
        look.addprevious(mar)
    else:
        tblpr.append(mar)
    for col, w in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = Twips(round(w * PT))
    for tr in tbl.tr_lst:
        for tc, w in zip(tr.tc_lst, widths, strict=True):
            tc.width = Twips(round(w * PT))


def _cell_range(cmd: tuple, n_rows: int, n_cols: int) -> tuple[int, int, int, int]:
    (c0, r0), (c1, r1) = cmd[1], cmd[2]
    c0, c1 = (c + n_cols if c < 0 else c for c in (c0, c1))
    r0, r1 = (r + n_rows if r < 0 else r for r in (r0, r1))
    return min(r0, r1), max(r0, r1), min(c0, c1), max(c0, c1)


def _merge_spans(grid: list[list], spans: list, widths: list[float]) -> dict[tuple[int, int], int]:
    """Merge each SPAN in the XML (w:gridSpan across, w:vMerge down); returns (row, col): the number of
    columns the cell there covers, 0 for a cell merged into another (left out when filling)."""
    n_rows, n_cols = len(grid), len(widths)
    out: dict[tuple[int, int], int] = {}
    for cmd in spans or ():
        r0, r1, c0, c1 = _cell_range(cmd, n_rows, n_cols)
        if (r0, c0) == (r1, c1) or r1 >= n_rows or c1 >= n_cols:
            continue
        for r in range(r0, r1 + 1):
            first = grid[r][c0]
            if c1 > c0:
                first.grid_span = c1 - c0 + 1
                first.width = Twips(round(sum(widths[c0:c1 + 1]) * PT))
                for c in range(c0 + 1, c1 + 1):
                    first.getparent().remove(grid[r][c])
                    out[(r, c)] = 0
            if r1 > r0:
                first.vMerge = "restart" if r == r0 else "continue"
            out[(r, c0)] = (c1 - c0 + 1) if r == r0 else 0
    return out


def _borders(tbl, grid: list[list], linecmds: list) -> None:
    """ReportLab's GRID, BOX, INNERGRID and LINE… commands as borders: a GRID over the whole table as
    the table's own borders (one element, not one per cell), the others on the cells they cover."""
    n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
    sides: dict[tuple[int, int], dict[str, float]] = {}
    for cmd in linecmds or ():
        op, weight = str(cmd[0]).upper(), float(cmd[3]) if len(cmd) > 3 else 0.5
        if weight <= 0:
            continue
        r0, r1, c0, c1 = _cell_range(cmd, n_rows, n_cols)
        if op == "GRID" and (r0, c0, r1, c1) == (0, 0, n_rows - 1, n_cols - 1):
            _table_borders(tbl.tblPr, weight)
            continue
        for r in range(r0, min(r1, n_rows - 1) + 1):
            for c in range(c0, min(c1, n_cols - 1) + 1):
                edge = {"top": r == r0, "bottom": r == r1, "left": c == c0, "right": c == c1}
                for side in BORDER_SIDES:
                    if (op == "GRID" or (op in ("BOX", "OUTLINE") and edge[side])
                            or (op == "INNERGRID" and not edge[side])
                            or (op, side) in (("LINEABOVE", "top"), ("LINEBELOW", "bottom"),
                                              ("LINEBEFORE", "left"), ("LINEAFTER", "right"))):
                        sides.setdefault((r, c), {})[side] = weight
    for (r, c), found in sides.items():
        _border(grid[r][c].get_or_add_tcPr(), "w:tcBorders", found)


def _table_borders(tblpr, weight: float) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in (*BORDER_SIDES, "insideH", "insideV"):
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), str(max(2, round(weight * 8))))  # eighths of a point
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "000000")
        borders.append(b)
    later = [el for el in tblpr if el.tag in {qn("w:shd"), qn("w:tblLayout"), qn("w:tblCellMar"), qn("w:tblLook")}]
    if later:  # the schema's order: …, w:tblInd, w:tblBorders, w:shd, w:tblLayout, …
        later[0].addprevious(borders)
    else:
        tblpr.append(borders)


def _border(parent, tag: str, sides: dict[str, float]) -> None:
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for side in BORDER_SIDES:
        if side in sides:
            b = OxmlElement(f"w:{side}")
            b.set(qn("w:val"), "single")
            b.set(qn("w:sz"), str(max(2, round(sides[side] * 8))))  # eighths of a point
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
            el.append(b)


def _face(font_name: str) -> tuple[str, int, int]:
    """(family, bold, italic) of a registered ReportLab font name."""
    try:
        return ps2tt(font_name)
    except ValueError:
        low = font_name.lower()
        return font_name, int("bold" in low), int("italic" in low or "oblique" in low)


def _page_field(paragraph, size: float) -> None:
    """A PAGE field (the page number, as Word counts it) in ``paragraph``."""
    run = paragraph.add_run()
    run.font.size = Pt(size)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            if text == " PAGE ":
                el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)


# --------------------------------------------------------------------------- QR code as a PNG


def qr_png(payload: str, scale: int = 8, quiet: int = 2) -> bytes:
    """The QR code ReportLab draws for ``payload`` (same encoder, level M, same quiet zone) as a
    black-and-white PNG: no imaging library needed."""
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    qr = QRCode(None, QRErrorCorrectLevel.M)
    qr.addData(payload)
    qr.make()
    n = qr.getModuleCount()
    side = (n + 2 * quiet) * scale
    raw = bytearray()
    for y in range(side):
        r = y // scale - quiet
        raw.append(0)  # filter: none
        for x in range(side):
            col = x // scale - quiet
            dark = 0 <= r < n and 0 <= col < n and qr.isDark(r, col)
            raw.append(0 if dark else 255)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    dpi = round(side / (26 / 25.4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", round(dpi / 0.0254), round(dpi / 0.0254), 1))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


__all__ = ["to_docx", "render_docx", "qr_png", "STYLE_NAMES"]
