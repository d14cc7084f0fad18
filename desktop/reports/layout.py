"""The layout engine: administrative documents in the decree 30/2020/NĐ-CP layout (appendix I).

A4 portrait, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Liberation Serif (Times New
Roman metrics) embedded; the header block (issuing body with a short rule under it, left; national
name and motto with a rule, right; number line and place-and-date line under them); title and
summary; body 14 pt justified with a first-line indent; page numbers centred at the top from page 2;
tables whose header rows repeat on every page and whose cells wrap; the signature block with its
authority prefix and "Nơi nhận".

Everything here is plain ReportLab (no Qt): documents are built from flowables and rendered with
``render``, which reports progress per page and can be cancelled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.reports import fonts
from desktop.shared import fmt
from desktop.shared.errors import UserError
from desktop.shared.text import scrub

PAGE_W, PAGE_H = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
LEFT_COL = 66 * mm                             # issuing body, number line, "Nơi nhận"
RIGHT_COL = TEXT_W - LEFT_COL                  # national name, date line, signature

NBSP = "\u00a0"
RULE_SHARE = 0.4                               # a rule under a line: 1/3 to 1/2 of its length (decree 30)

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """Rendering was cancelled by the officer."""


# --------------------------------------------------------------------------- text helpers


class Markup(str):
    """Text already in Paragraph markup (not escaped again): e.g. group rows mixing bold and italic."""


def nfc(text: Any) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def esc(text: Any) -> str:
    """Paragraph markup for plain text: NFC, XML-escaped, line breaks kept; a control, bidi or
    invisible character (desktop.shared.text rule) shows as U+FFFD instead of reordering or hiding text."""
    if isinstance(text, Markup):
        return nfc(text)
    return escape(scrub(text)).replace("\n", "<br/>")


def two(n: int) -> str:
    return f"{n:02d}"


def date_line(place: str, date: dt.date) -> str:
    """"Tiên Du, ngày 05 tháng 12 năm 2026": days under 10 and months 1–2 take a leading zero."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{nfc(place)}, ngày {date.day:02d} tháng {month} năm {date.year}"


def date_short(date: dt.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""


def number_line(number: int | None, code: str, body_code: str = "UBND") -> str:
    """"Số: 05/QĐ-UBND"; without a number (draft), the gap is left for the clerk to write in."""
    suffix = f"{code}-{body_code}" if code else body_code
    if number is None:
        return f"Số:{NBSP * 10}/{suffix}"  # no-break spaces: a Paragraph would fold plain ones into one
    return f"Số: {two(number)}/{suffix}"


def money(amount: int | float | None) -> str:
    """2340000 -> "2.340.000" (Vietnamese thousands separator)."""
    return fmt.money(amount)


# --------------------------------------------------------------------------- styles


class Styles:
    """Paragraph styles of the layout (built after the fonts are registered)."""

    def __init__(self) -> None:
        fonts.register()
        R, B, I, BI = fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC

        def st(name, font=R, size=14, align=TA_LEFT, leading=None, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.22,
                                  alignment=align, **kw)

        self.body = st("body", align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6)
        self.body_noindent = st("body_noindent", align=TA_JUSTIFY, spaceAfter=6)
        # decree 30: the "Căn cứ" paragraphs at least 6 pt apart
        self.basis = st("basis", font=I, align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6)
        # a heading never ends a page: it goes with what follows it
        self.heading = st("heading", font=B, align=TA_LEFT, spaceBefore=6, spaceAfter=4, keepWithNext=1)
        self.heading_c = st("heading_c", font=B, align=TA_CENTER, spaceBefore=6, spaceAfter=6, keepWithNext=1)
        self.body_c = st("body_c", align=TA_CENTER)
        self.italic_c = st("italic_c", font=I, align=TA_CENTER, size=14)    # "(Kèm theo …)"
        self.small_italic = st("small_italic", font=I, size=12, align=TA_JUSTIFY)
        self.title = st("title", font=B, size=14, align=TA_CENTER, spaceBefore=14, keepWithNext=1)
        self.summary = st("summary", font=B, size=14, align=TA_CENTER, keepWithNext=1)
        # header block
        self.body_sup = st("body_sup", size=13, align=TA_CENTER, leading=15)
        self.body_name = st("body_name", font=B, size=13, align=TA_CENTER, leading=15)
        self.nation = st("nation", font=B, size=12, align=TA_CENTER, leading=15)
        self.motto = st("motto", font=B, size=13, align=TA_CENTER, leading=15)
        self.number = st("number", size=13, align=TA_CENTER, leading=16)
        self.about = st("about", size=12, align=TA_CENTER, leading=14)
        self.place_date = st("place_date", font=I, size=14, align=TA_CENTER, leading=16)
        # signature block
        self.sig = st("sig", font=B, size=14, align=TA_CENTER, leading=17)
        self.sig_name = st("sig_name", font=B, size=14, align=TA_CENTER)
        self.sig_note = st("sig_note", font=I, size=13, align=TA_CENTER)
        self.recip_head = st("recip_head", font=BI, size=12, leading=14)
        self.recip = st("recip", size=11, leading=13)
        # tables
        self.cell = st("cell", size=12, leading=14)
        self.cell_c = st("cell_c", size=12, leading=14, align=TA_CENTER)
        self.cell_r = st("cell_r", size=12, leading=14, align=TA_RIGHT)
        self.cell_b = st("cell_b", font=B, size=12, leading=14)
        self.head = st("head", font=B, size=12, leading=14, align=TA_CENTER)
        self.colno = st("colno", font=I, size=11, leading=13, align=TA_CENTER)
        self.caption = st("caption", font=I, size=10, leading=12, align=TA_CENTER)
        self.page_no_font = (R, 13)


_styles: Styles | None = None


def styles() -> Styles:
    global _styles
    if _styles is None:
        _styles = Styles()
    return _styles


# --------------------------------------------------------------------------- document parts


@dataclass
class Issuer:
    """The issuing body as the header prints it.

    ``body`` lines are printed bold in capitals ("ỦY BAN NHÂN DÂN" / "XÃ TIÊN DU"); ``superior`` (the
    body directly above, e.g. "UBND XÃ TIÊN DU" over its council) regular above them. ``place`` is
    the commune's own name for the date line; ``code`` the body's abbreviation in numbers ("UBND")."""

    body: list[str]
    place: str
    code: str = "UBND"
    superior: str = ""
    name: str = ""        # "Ủy ban nhân dân xã Tiên Du", in running text

    @classmethod
    def commune(cls, unit_name: str) -> Issuer:
        """The commune People's Committee: "ỦY BAN NHÂN DÂN" / "XÃ TIÊN DU", place "Tiên Du"."""
        from desktop.core.units import Unit

        unit = Unit(code="", name=unit_name, kind="")
        return cls(body=["ỦY BAN NHÂN DÂN", unit_name.upper()], place=unit.short_name,
                   name=f"Ủy ban nhân dân {lower_first(unit_name)}")

    @classmethod
    def council(cls, unit_name: str) -> Issuer:
        from desktop.core.units import Unit

        unit = Unit(code="", name=unit_name, kind="")
        return cls(body=["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"], superior=f"UBND {unit_name.upper()}",
                   place=unit.short_name, code="HĐTĐKT",
                   name=f"Hội đồng Thi đua - Khen thưởng {lower_first(unit_name)}")


def lower_first(name: str) -> str:
    """"Xã Tiên Du" -> "xã Tiên Du" (the kind word is lower case inside a sentence)."""
    return name[:1].lower() + name[1:] if name else name


@dataclass
class Signature:
    """Signature block: authority prefix line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), the signer's
    title ("CHỦ TỊCH"), their name. An empty name leaves the space for a handwritten one."""

    title: str
    name: str = ""
    authority: str = ""
    note: str = ""        # "(Ký, ghi rõ họ tên)" under the title on forms

    def lines(self) -> list[str]:
        """The authority lines (one per line of ``authority``: "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH")
        and the title."""
        return [*(x for x in self.authority.split("\n") if x), *([self.title] if self.title else [])]


def tstyle(commands: list) -> TableStyle:
    """A TableStyle whose cell font is the document font (ReportLab's default is Helvetica, which
    would be referenced, unembedded, by every table)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR, 12), *commands])


class Rule(Flowable):
    """A centred horizontal rule of a given width (the short lines under the header parts)."""

    def __init__(self, width: float, thickness: float = 0.6, space_before: float = 4, space_after: float = 3):
        super().__init__()
        self.rule_w = width
        self.thickness = thickness
        self.space_before = space_before
        self.space_after = space_after

    def wrap(self, avail_w, avail_h):
        self._avail = avail_w
        return avail_w, self.space_before + self.space_after + self.thickness

    def draw(self):
        x0 = (self._avail - self.rule_w) / 2
        y = self.space_after
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, y, x0 + self.rule_w, y)


def _text_w(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def header_block(issuer: Issuer | None, number: str | None, date_text: str | None,
                 about: str = "") -> Table:
    """Header per decree 30: issuing body (left) and national name with motto (right), the number
    line under the body and the place-and-date line under the motto, on the same line."""
    s = styles()
    left: list[Flowable] = []
    if issuer is not None:
        if issuer.superior:
            left.append(Paragraph(esc(issuer.superior), s.body_sup))
        for line in issuer.body:
            left.append(Paragraph(esc(line), s.body_name))
        widest = max(_text_w(nfc(x), fonts.BOLD, 13) for x in issuer.body)
        left.append(Rule(widest * RULE_SHARE))  # decree 30: 1/3 to 1/2 of the line above
    nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = "Độc lập - Tự do - Hạnh phúc"
    right: list[Flowable] = [
        Paragraph(nation, s.nation),
        Paragraph(motto, s.motto),
        Rule(_text_w(motto, fonts.BOLD, 13)),
    ]
    below_left: list[Flowable] = []
    if number:
        below_left.append(Paragraph(esc(number), s.number))
    if about:
        below_left.append(Paragraph(esc(about), s.about))
    below_right: list[Flowable] = [Paragraph(esc(date_text), s.place_date)] if date_text else []
    t = Table([[left, right], [below_left, below_right]], colWidths=[LEFT_COL, RIGHT_COL])
    t.setStyle(tstyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return t


def title_block(kind: str, summary: Sequence[str] | str = (), rule: bool = True) -> list[Flowable]:
    """Document kind in capitals ("QUYẾT ĐỊNH") and the summary line(s) under it, with a short rule."""
    s = styles()
    out: list[Flowable] = [Paragraph(esc(kind), s.title)]
    lines = [summary] if isinstance(summary, str) else list(summary)
    for line in lines:
        if line:
            out.append(Paragraph(esc(line), s.summary))
    if rule:
        s_font = styles().summary
        line = max([min(_text_w(nfc(x), s_font.fontName, s_font.fontSize), TEXT_W) for x in lines if x]
                   or [_text_w(nfc(kind), s.title.fontName, s.title.fontSize)])
        out.append(Rule(line * RULE_SHARE, space_before=3, space_after=8))  # 1/3 to 1/2 of the summary's line
    return out


def paragraphs(texts: Iterable[str], style: ParagraphStyle | None = None) -> list[Flowable]:
    st = style or styles().body
    return [Paragraph(esc(t), st) for t in texts if t is not None]


def recipients_block(recipients: Sequence[str], archive: str = "VT") -> list[Flowable]:
    """"Nơi nhận:" (12 pt bold italic) and its entries (11 pt), each "- …;", the last "- Lưu: VT, …."."""
    s = styles()
    out: list[Flowable] = [Paragraph("Nơi nhận:", s.recip_head)]
    for r in recipients:
        r = nfc(r).strip().rstrip(";.")
        out.append(Paragraph(esc(f"- {r};"), s.recip))
    out.append(Paragraph(esc(f"- Lưu: {archive}."), s.recip))
    return out


def signature_cell(sig: Signature, sign_space: float = 24 * mm) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [Paragraph(esc(x.upper()), s.sig) for x in sig.lines()]
    if sig.note:
        out.append(Paragraph(esc(sig.note), s.sig_note))
    out.append(Spacer(1, sign_space))
    if sig.name:
        out.append(Paragraph(esc(sig.name), s.sig_name))
    return out


def signature_block(sig: Signature | None, recipients: Sequence[str] | None = None, archive: str = "VT",
                    left: Signature | list[Flowable] | None = None, place_date: str = "") -> Flowable:
    """The closing block: "Nơi nhận" (or a second signature, or e.g. a QR code) on the left, the
    signature on the right: one row, never split, and never alone on a page (``render`` keeps it with
    the paragraph before it)."""
    s = styles()
    left_cell: list[Flowable] = []
    if isinstance(left, Signature):
        left_cell = signature_cell(left)
    elif left:
        left_cell = list(left)
    if recipients is not None:
        if left_cell:
            left_cell.append(Spacer(1, 4 * mm))
        left_cell += recipients_block(recipients, archive)
    right_cell: list[Flowable] = []
    if place_date:
        right_cell.append(Paragraph(esc(place_date), s.place_date))
    if sig is not None:
        right_cell += signature_cell(sig)
    t = Table([[left_cell, right_cell]], colWidths=[LEFT_COL + 6 * mm, RIGHT_COL - 6 * mm])
    t.setStyle(tstyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
    ]))
    t.is_signature = True  # render() keeps it with the paragraph before it
    return t


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Col:
    """A list column: header label, relative width, alignment (L, C, R)."""

    label: str
    width: float = 1.0
    align: str = "L"


def col_widths(cols: Sequence[Col], total: float = TEXT_W) -> list[float]:
    weights = sum(c.width for c in cols) or 1.0
    return [total * c.width / weights for c in cols]


CELL_PAD = 6.5    # left and right padding of a data cell and a hair


def fit_tokens(widths: list[float], rows: Sequence[Sequence[Any]], spans: Iterable[int],
               font_size: float) -> list[float]:
    """``widths`` widened where a column's widest unbreakable value (a number, "1000", "11.530.000": no
    space to wrap at) would not fit, taking the room from the widest other column: "1000" never wraps
    into "100/0"."""
    skip = set(spans)
    need = [0.0] * len(widths)
    for i, row in enumerate(rows):
        if i in skip:
            continue
        for ci, v in enumerate(row[:len(widths)]):
            text = "" if isinstance(v, Markup) else nfc(v)
            if text and " " not in text and len(text) <= 16:
                need[ci] = max(need[ci], stringWidth(text, fonts.BOLD, font_size) + CELL_PAD + 1)
    out = list(widths)
    for ci, n in enumerate(need):
        if n > out[ci]:
            donor = max((k for k in range(len(out)) if k != ci), key=lambda k: out[k], default=None)
            if donor is None or out[donor] - (n - out[ci]) < 20 * mm:
                continue
            out[donor] -= n - out[ci]
            out[ci] = n
    return out


def data_table(cols: Sequence[Col], rows: Sequence[Sequence[Any]], *, number_row: bool = True,
               total_width: float = TEXT_W, bold_rows: Iterable[int] = (), spans: Iterable[int] = (),
               font_size: float = 12) -> Table:
    """A bordered table whose header rows repeat on every page and whose cells wrap (Paragraph
    cells: plain strings would overflow into the next column). ``spans``: row indexes printed as one
    cell across the table (group headings); ``bold_rows`` in bold (totals)."""
    s = styles()
    cell = {"L": s.cell, "C": s.cell_c, "R": s.cell_r}
    if font_size != 12:
        cell = {k: ParagraphStyle(f"{v.name}{font_size}", parent=v, fontSize=font_size,
                                  leading=font_size * 1.17) for k, v in cell.items()}
    header = [Paragraph(esc(c.label), s.head) for c in cols]
    data: list[list[Any]] = [header]
    if number_row:
        data.append([Paragraph(f"({i})", s.colno) for i in range(1, len(cols) + 1)])
    head_rows = len(data)
    bold = set(bold_rows)
    span_set = set(spans)
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    widths = fit_tokens(col_widths(cols, total_width), rows, spans, font_size)
    # A cell whose text fits on one line is drawn as a plain string (cheap); only text that needs
    # wrapping becomes a Paragraph. Wrapping every cell as a Paragraph costs 2–3× for long lists.
    room = [w - CELL_PAD for w in widths]
    align = {"L": "LEFT", "C": "CENTER", "R": "RIGHT"}
    for ci, c in enumerate(cols):
        commands.append(("ALIGN", (ci, head_rows), (ci, -1), align.get(c.align, "LEFT")))
    commands += [("FONT", (0, head_rows), (-1, -1), fonts.REGULAR, font_size, font_size * 1.17)]
    for i, row in enumerate(rows):
        r = head_rows + i
        if i in span_set:
            head = row[0] if isinstance(row[0], Markup) else f"<b>{esc(row[0])}</b>"
            data.append([Paragraph(nfc(head), s.cell)] + [""] * (len(cols) - 1))
            commands.append(("SPAN", (0, r), (-1, r)))
            continue
        is_bold = i in bold
        font = fonts.BOLD if is_bold else fonts.REGULAR
        if is_bold:
            commands.append(("FONT", (0, r), (-1, r), fonts.BOLD, font_size, font_size * 1.17))
        out_row: list[Any] = []
        for ci, (c, v) in enumerate(zip(cols, row)):
            if isinstance(v, Markup):
                out_row.append(Paragraph(nfc(v), cell[c.align]))
                continue
            text = nfc(v)
            if "\n" not in text and stringWidth(text, font, font_size) <= room[ci]:
                out_row.append(text)
            else:
                t = esc(text)
                out_row.append(Paragraph(f"<b>{t}</b>" if is_bold else t, cell[c.align]))
        data.append(out_row)
    cls = LongTable if len(rows) > 60 else Table
    t = cls(data, colWidths=widths, repeatRows=head_rows, splitByRow=1)
    t.setStyle(tstyle(commands))
    return t


def kv_table(pairs: Sequence[tuple[str, str]], key_width: float = 55 * mm) -> Table:
    """Label: value lines (e.g. the CV part of an achievement report), no borders."""
    s = styles()
    st = ParagraphStyle("kv", parent=s.body_noindent, spaceAfter=0)
    data = [[Paragraph(esc(k), st), Paragraph(esc(v), st)] for k, v in pairs]
    t = Table(data, colWidths=[key_width, TEXT_W - key_width])
    t.setStyle(tstyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return t


# --------------------------------------------------------------------------- QR check code


def canonical_digest(payload: Any) -> str:
    """SHA-256 of data as canonical JSON (NFC text, sorted keys, no spaces): the same rows give the
    same digest on every machine, so a paper list can be checked against the electronic one."""
    def norm(x: Any) -> Any:
        if isinstance(x, str):
            return nfc(x)
        if isinstance(x, dict):
            return {nfc(k): norm(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [norm(v) for v in x]
        if isinstance(x, (dt.date, dt.datetime)):
            return x.isoformat()
        return x

    raw = json.dumps(norm(payload), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def qr_payload(digest: str, rows: int, file_id: str = "") -> str:
    parts = ["THIDUA-BN", "v1", f"sha256={digest}", f"n={rows}"]
    if file_id:
        parts.append(f"file={file_id}")
    return "|".join(parts)


class QrCode(Flowable):
    """A QR code of ``payload`` with an optional caption under it."""

    def __init__(self, payload: str, size: float = 26 * mm):
        super().__init__()
        self.payload = payload
        self.size = size

    def wrap(self, avail_w, avail_h):
        self._avail = avail_w
        return self.size, self.size

    def draw(self):
        from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

        qr = QRCode(None, QRErrorCorrectLevel.M)
        qr.addData(self.payload)
        qr.make()
        n = qr.getModuleCount()
        quiet = 2
        cell = self.size / (n + 2 * quiet)
        c = self.canv
        c.setFillColor(colors.black)
        for r in range(n):
            for col in range(n):
                if qr.isDark(r, col):
                    c.rect((col + quiet) * cell, self.size - (r + quiet + 1) * cell, cell, cell, stroke=0, fill=1)


def check_block(digest: str, rows: int, file_id: str = "") -> list[Flowable]:
    """QR code and the digest written out under it (for checking by eye or by a phone)."""
    s = styles()
    text = f"Mã kiểm tra dữ liệu (SHA-256):<br/>{digest[:32]}<br/>{digest[32:]}"
    if file_id:
        text += f"<br/>Tệp dữ liệu: {esc(file_id)}"
    q = QrCode(qr_payload(digest, rows, file_id))
    q.hAlign = "LEFT"
    cap = ParagraphStyle("qrcap", parent=s.caption, alignment=TA_LEFT, fontSize=8, leading=10)
    return [q, Spacer(1, 1 * mm), Paragraph(text, cap)]


# --------------------------------------------------------------------------- rendering


@dataclass
class DocMeta:
    title: str
    subject: str = ""
    author: str = ""
    keywords: str = ""
    estimated_pages: int = 1
    page_numbers: bool = True   # False: a stack of identical sheets (ballot slips: nothing tells one from another)


class _Template(BaseDocTemplate):
    def __init__(self, target, meta: DocMeta, progress: Progress | None, cancelled: Callable[[], bool] | None):
        super().__init__(
            target, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=meta.title, subject=meta.subject, author=meta.author,
            keywords=meta.keywords, creator="Thi đua Bắc Ninh", producer="Thi đua Bắc Ninh (ReportLab)",
            lang="vi-VN", invariant=1, initialFontName=fonts.REGULAR, initialFontSize=13,
        )
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page)])
        self._progress = progress
        self._cancelled = cancelled
        self._estimate = max(1, meta.estimated_pages)
        self._page_numbers = meta.page_numbers

    def _page(self, canv, doc) -> None:
        # page numbers centred in the top margin, from page 2 of the document or of an attached list
        n = canv.getPageNumber() - getattr(canv, SectionStart.ATTR, 1) + 1
        if n >= 2 and self._page_numbers:
            font, size = styles().page_no_font
            canv.setFont(font, size)
            canv.drawCentredString(MARGIN_LEFT + TEXT_W / 2, PAGE_H - MARGIN_TOP + 6 * mm, str(n))

    def afterPage(self) -> None:
        n = self.page
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()
        if self._progress is not None:
            self._estimate = max(self._estimate, n + 1)
            self._progress(n, self._estimate)


class SectionStart(Flowable):
    """Placed just before the page break that starts a part numbering its pages on its own (an attached
    list): the next page is that part's first, with no number; the one after it "2". (It says so on the
    page before, so the number drawn when a page begins is right.)"""

    ATTR = "_thidua_section_first_page"

    def wrap(self, avail_w, avail_h):
        return 0, 0

    def draw(self):
        setattr(self.canv, self.ATTR, self.canv.getPageNumber() + 1)


def keep_closings(story: list[Flowable]) -> list[Flowable]:
    """``story`` with each signature block kept on the page of the paragraph before it (the spacers
    between them too): a signature never stands alone on a page under the last article."""
    for i, f in enumerate(story):
        if not getattr(f, "is_signature", False):
            continue
        j = i - 1
        while j >= 0 and isinstance(story[j], Spacer):
            story[j].keepWithNext = 1
            j -= 1
        if j >= 0 and isinstance(story[j], Paragraph):  # not a table: a long list would move to a new page
            story[j].keepWithNext = 1
    return story


def render(story: list[Flowable], meta: DocMeta, out: Path | str | None = None,
           progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> bytes:
    """Lay out ``story`` and return the PDF bytes (also written to ``out`` when given, via a temporary
    file and a rename so a half-written PDF never sits under the final name)."""
    buf = io.BytesIO()
    doc = _Template(buf, meta, progress, cancelled)
    doc.build(keep_closings(story))
    data = buf.getvalue()
    if progress is not None:
        progress(doc.page, doc.page)
    if out is not None:
        write_file(Path(out), data)
    return data


def write_file(path: Path, data: bytes) -> None:
    import os

    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Không ghi được tệp {path}: tệp đang mở trong chương trình khác hoặc thư mục "
                        "không cho phép ghi. Hãy đóng tệp hoặc chọn nơi lưu khác.") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from None


__all__ = [
    "Issuer", "Signature", "Markup", "Col", "Rule", "QrCode", "DocMeta", "Cancelled", "render", "styles",
    "header_block", "title_block", "signature_block", "recipients_block", "data_table", "kv_table",
    "check_block", "canonical_digest", "qr_payload", "date_line", "number_line", "money", "esc", "nfc",
    "paragraphs", "TEXT_W", "LEFT_COL", "RIGHT_COL", "MARGIN_LEFT", "MARGIN_RIGHT", "MARGIN_TOP",
    "MARGIN_BOTTOM", "lower_first", "date_short", "field", "SectionStart", "keep_closings",
]
