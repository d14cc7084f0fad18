"""Helpers for checking PDFs: text (pypdf), fonts, page size, where things are printed (pypdfium2)."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

MM = 72 / 25.4


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def page_number(data: bytes, index: int) -> str:
    """The text printed in the top margin of page ``index`` (its page number), or ""."""
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(data)).pages[index]
    top = float(page.mediabox.height) - 20 * MM   # the body starts 20 mm below the top edge
    found: list[str] = []

    def visit(text, cm, tm, _font, _size):
        y = cm[5] + tm[5] * (cm[3] or 1)
        if text.strip() and y > top:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def fonts_of(data: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font used on any page."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        res = page.get("/Resources") or {}
        for _name, ref in (res.get("/Font") or {}).items():
            font = ref.get_object()
            base = str(font.get("/BaseFont"))
            embedded = False
            for desc_font in [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]:
                fd = desc_font.get("/FontDescriptor")
                if fd is not None:
                    fd = fd.get_object()
                    embedded = embedded or any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((base, embedded))
    return out


def object_boxes(data: bytes):
    """(page index, left, bottom, right, top) of every drawn object, in points."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            page = doc[i]
            for obj in page.get_objects(max_depth=3):
                l, b, r, t = obj.get_bounds()
                yield i, l, b, r, t, obj.type
    finally:
        doc.close()


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(data)).pages]


BASE14 = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica", "Helvetica-Bold",
          "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier", "Courier-Bold", "Courier-Oblique",
          "Courier-BoldOblique", "Symbol", "ZapfDingbats"}


def assert_decree30_pdf(data: bytes, *texts: str) -> list[str]:
    """The checks every document passes; returns the pages' text."""
    pages = pdf_text(data)
    whole = flat(" ".join(pages))
    assert unicodedata.is_normalized("NFC", whole)
    for t in texts:
        assert flat(unicodedata.normalize("NFC", t)) in whole, t
    fonts = fonts_of(data)
    assert fonts
    for base, embedded in fonts:
        assert embedded, base
        assert base.lstrip("/").split("+")[-1] not in BASE14, base
    for w, h in page_sizes(data):
        assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1
    for page, left, bottom, right, top, _type in object_boxes(data):
        assert left >= 30 * MM - 0.6, (page, left / MM)
        assert right <= (210 - 15) * MM + 0.6, (page, right / MM)
        assert bottom >= 20 * MM - 0.6, (page, bottom / MM)
    return pages


@pytest.fixture
def demo_db(workspace):
    from desktop.app import demo

    demo.fill(workspace, people=300, seed=3)
    return workspace
