"""Certificates (Giấy khen, giấy chứng nhận danh hiệu): one sheet per award, drawn at positions in mm.

Two ways: on the province's pre-printed blanks (phôi) only the fields are printed, each at its place
on the sheet, moved by the printer's calibration offset; on plain paper the whole design is drawn
(frame, national name and motto, the awarding authority, the heading) with the same fields. A test
page with crosshairs at known positions and rulers lets the officer measure a printer's offset.

Handed plain data: the sheet's layout (``Sheet``, from resources/awards/certificate.json, read by
desktop.app.certificates) and the texts of each certificate (``Certificate``). Positions are mm from
the sheet's left and top edges to the baseline of a field's first line; x is the centre of a centred
field, the right end of a right-aligned one. The fonts are embedded (desktop.reports.fonts)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.reports import fonts
from desktop.reports.layout import write_file
from desktop.shared.text import nfc, scrub

MM = 72 / 25.4
ALIGNS = ("left", "center", "right")
STYLES = {"regular": fonts.REGULAR, "bold": fonts.BOLD, "italic": fonts.ITALIC, "bold_italic": fonts.BOLD_ITALIC}
MIN_SIZE_PT = 8


@dataclass(frozen=True)
class Field:
    """One line (or a few wrapped lines) of the certificate at its place on the sheet."""

    key: str               # "name", "unit", "reason", "decision", "date_line", "signer_title", ...
    x_mm: float
    y_mm: float
    width_mm: float
    size_pt: float
    style: str = "regular"
    align: str = "center"
    color: str = "#000000"
    max_lines: int = 1
    leading_mm: float = 0.0   # between wrapped lines; 0: 1.25 × the font size
    rule: bool = False        # a short line under the text (the motto)


@dataclass(frozen=True)
class Frame:
    outer_mm: float = 8
    inner_mm: float = 12
    color: str = "#b8860b"
    accent: str = "#c00000"


@dataclass(frozen=True)
class Sheet:
    width_mm: float
    height_mm: float
    fields: tuple[Field, ...]
    frame: Frame | None = None     # plain paper: the border is drawn


@dataclass(frozen=True)
class Certificate:
    """The texts of one certificate, by field key (a key the sheet does not place is not printed)."""

    texts: dict[str, str] = field(default_factory=dict)
    label: str = ""               # the subject, for messages


@dataclass(frozen=True)
class Placed:
    """A line as drawn: its text, font, size and the start of its baseline in mm from the top left."""

    key: str
    text: str
    font: str
    size_pt: float
    x_mm: float
    y_mm: float


def _width_pt(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def _wrap(text: str, font: str, size: float, width_pt: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and _width_pt(trial, font, size) > width_pt:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def fit(f: Field, text: str) -> tuple[float, list[str]]:
    """The font size and lines of ``text`` in ``f``: its own size when it fits its width in at most
    ``max_lines`` lines, else smaller (down to 8 pt), else the last line cut with an ellipsis."""
    fonts.register()
    font = STYLES.get(f.style, fonts.REGULAR)
    width = f.width_mm * MM
    explicit = [nfc(scrub(p)) for p in text.split("\n") if p.strip()]
    size = f.size_pt
    while True:
        lines = [x for part in explicit for x in _wrap(part, font, size, width)]
        if len(lines) <= max(f.max_lines, len(explicit)) and all(_width_pt(x, font, size) <= width for x in lines):
            return size, lines
        if size - 0.5 < MIN_SIZE_PT:
            break
        size -= 0.5
    keep = lines[:max(f.max_lines, len(explicit), 1)]
    for i, line in enumerate(keep):  # cut what still does not fit: the last line kept, a word too long
        if i < len(keep) - 1 and _width_pt(line, font, size) <= width:
            continue
        while line and _width_pt(line + "…", font, size) > width:
            line = line[:-1]
        keep[i] = line.rstrip() + "…"
    return size, keep


def place(sheet: Sheet, cert: Certificate, offset_mm: tuple[float, float] = (0.0, 0.0)) -> list[Placed]:
    """Every line of ``cert`` on ``sheet`` as drawn, moved by ``offset_mm`` (x right, y down)."""
    dx, dy = offset_mm
    out: list[Placed] = []
    for f in sheet.fields:
        text = cert.texts.get(f.key, "")
        if not text.strip():
            continue
        font = STYLES.get(f.style, fonts.REGULAR)
        size, lines = fit(f, text)
        leading = f.leading_mm or size * 1.25 / MM
        for i, line in enumerate(lines):
            w = _width_pt(line, font, size) / MM
            x = f.x_mm - (w / 2 if f.align == "center" else w if f.align == "right" else 0)
            out.append(Placed(f.key, line, font, size, x + dx, f.y_mm + i * leading + dy))
    return out


def _color(c, value: str, stroke: bool = False) -> None:
    from reportlab.lib.colors import HexColor

    (c.setStrokeColor if stroke else c.setFillColor)(HexColor(value))


def _draw_frame(c, sheet: Sheet) -> None:
    frame = sheet.frame
    assert frame is not None
    w, h = sheet.width_mm * MM, sheet.height_mm * MM
    o, i = frame.outer_mm * MM, frame.inner_mm * MM
    _color(c, frame.color, stroke=True)
    c.setLineWidth(3)
    c.rect(o, o, w - 2 * o, h - 2 * o)
    c.setLineWidth(0.8)
    c.rect(o + 5, o + 5, w - 2 * o - 10, h - 2 * o - 10)
    _color(c, frame.accent, stroke=True)
    c.setLineWidth(1.2)
    c.rect(i, i, w - 2 * i, h - 2 * i)
    # a diamond in each corner, between the gold lines and the red one
    _color(c, frame.accent)
    r = (i - o) * 0.55
    for cx, cy in ((i, i), (w - i, i), (i, h - i), (w - i, h - i)):
        p = c.beginPath()
        p.moveTo(cx, cy - r)
        p.lineTo(cx + r, cy)
        p.lineTo(cx, cy + r)
        p.lineTo(cx - r, cy)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
    c.setStrokeColorRGB(0, 0, 0)
    c.setFillColorRGB(0, 0, 0)


def _draw_lines(c, sheet: Sheet, cert: Certificate, offset_mm: tuple[float, float]) -> None:
    h = sheet.height_mm * MM
    colors = {f.key: f.color for f in sheet.fields}
    rules = {f.key for f in sheet.fields if f.rule}
    for p in place(sheet, cert, offset_mm):
        _color(c, colors.get(p.key, "#000000"))
        c.setFont(p.font, p.size_pt)
        c.drawString(p.x_mm * MM, h - p.y_mm * MM, p.text)
        if p.key in rules:  # the motto's line: as wide as the text, 2 mm under it
            w = _width_pt(p.text, p.font, p.size_pt)
            c.setLineWidth(0.7)
            y = h - (p.y_mm + 2.2) * MM
            c.line(p.x_mm * MM, y, p.x_mm * MM + w, y)
    c.setFillColorRGB(0, 0, 0)


def _canvas(buf, sheet: Sheet, title: str):
    from reportlab.pdfgen.canvas import Canvas

    fonts.register()
    c = Canvas(buf, pagesize=(sheet.width_mm * MM, sheet.height_mm * MM), pageCompression=1,
               initialFontName=fonts.REGULAR)  # else the page refers to an unembedded Helvetica
    c.setTitle(title)
    c.setAuthor("Thi đua Bắc Ninh")  # i18n: keep (printed document metadata)
    return c


def _finish(c, buf, out: Path | str | None) -> bytes:
    c.save()
    data = buf.getvalue()
    if out is not None:
        write_file(Path(out), data)
    return data


def render(sheet: Sheet, certificates: Sequence[Certificate], offset_mm: tuple[float, float] = (0.0, 0.0),
           out: Path | str | None = None, title: str = "Giấy khen") -> bytes:
    """One page per certificate; the frame when ``sheet`` has one (plain paper)."""
    buf = io.BytesIO()
    c = _canvas(buf, sheet, title)
    for cert in certificates:
        if sheet.frame is not None:
            _draw_frame(c, sheet)
        _draw_lines(c, sheet, cert, offset_mm)
        c.showPage()
    return _finish(c, buf, out)


def _cross(c, sheet: Sheet, x_mm: float, y_mm: float, offset_mm: tuple[float, float]) -> None:
    h = sheet.height_mm * MM
    x, y = (x_mm + offset_mm[0]) * MM, h - (y_mm + offset_mm[1]) * MM
    arm = 8 * MM
    c.setLineWidth(0.3)
    c.line(x - arm, y, x + arm, y)
    c.line(x, y - arm, x, y + arm)
    c.circle(x, y, 3 * MM)
    c.setFont(fonts.REGULAR, 9)
    c.drawString(x + 2 * MM, y + 2 * MM, f"x = {x_mm:g} mm, y = {y_mm:g} mm")


def _rulers(c, sheet: Sheet, every_mm: float, offset_mm: tuple[float, float]) -> None:
    """Ticks every mm along the top and left edges (longer each 5 and each ``every_mm``, numbered),
    drawn through the same offset as the fields: where "0" lands shows the printer's shift."""
    h = sheet.height_mm * MM
    dx, dy = offset_mm
    c.setLineWidth(0.25)
    c.setFont(fonts.REGULAR, 6.5)
    for n in range(0, int(sheet.width_mm) + 1):
        x = (n + dx) * MM
        long = 6 if n % every_mm == 0 else 4 if n % 5 == 0 else 2.5
        c.line(x, h - (dy + 0) * MM, x, h - (dy + long) * MM)
        if n % every_mm == 0 and n:
            c.drawCentredString(x, h - (dy + long + 2.5) * MM, str(n))
    for n in range(0, int(sheet.height_mm) + 1):
        y = h - (n + dy) * MM
        long = 6 if n % every_mm == 0 else 4 if n % 5 == 0 else 2.5
        c.line(dx * MM, y, (dx + long) * MM, y)
        if n % every_mm == 0 and n:
            c.drawString((dx + long + 1) * MM, y - 2, str(n))


def test_page(sheet: Sheet, crosses_mm: Sequence[tuple[float, float]], lines: Sequence[str],
              offset_mm: tuple[float, float] = (0.0, 0.0), every_mm: float = 10,
              out: Path | str | None = None) -> bytes:
    """The calibration page: rulers, crosshairs at ``crosses_mm`` (each labelled with its intended
    position), the frame of each field placed at its position, and ``lines`` of instructions."""
    buf = io.BytesIO()
    c = _canvas(buf, sheet, "Trang thử in phôi")
    h = sheet.height_mm * MM
    _rulers(c, sheet, every_mm, offset_mm)
    for x, y in crosses_mm:
        if 0 <= x <= sheet.width_mm and 0 <= y <= sheet.height_mm:
            _cross(c, sheet, x, y, offset_mm)
    c.setDash(2, 2)
    c.setStrokeColorRGB(0.55, 0.55, 0.55)
    for f in sheet.fields:  # where each field's baseline runs
        left = f.x_mm - (f.width_mm / 2 if f.align == "center" else f.width_mm if f.align == "right" else 0)
        y = h - (f.y_mm + offset_mm[1]) * MM
        c.line((left + offset_mm[0]) * MM, y, (left + f.width_mm + offset_mm[0]) * MM, y)
        c.setFont(fonts.ITALIC, 7)
        c.drawString((left + offset_mm[0]) * MM, y + 1.5, f.key)
    c.setDash()
    c.setStrokeColorRGB(0, 0, 0)
    c.setFont(fonts.REGULAR, 10)
    y = h - 192 * MM   # between the body's lines and the signature, left of it
    for line in lines:
        c.drawString(30 * MM, y, nfc(scrub(line)))
        y -= 5 * MM
    c.showPage()
    return _finish(c, buf, out)


__all__ = ["Field", "Frame", "Sheet", "Certificate", "Placed", "fit", "place", "render", "test_page", "MM"]
