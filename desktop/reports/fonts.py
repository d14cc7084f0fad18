"""The document font: Liberation Serif 2 (metric-compatible with Times New Roman, full Vietnamese
glyphs, SIL OFL 1.1; licence in resources/fonts). Registered once with ReportLab as TrueType, so
every PDF embeds (a subset of) it; the base-14 Times has no Vietnamese letters."""

from __future__ import annotations

import threading

from desktop.shared.paths import resources_dir

FAMILY = "LiberationSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_lock = threading.Lock()
_done = False


def fonts_dir():
    return resources_dir() / "fonts"


def register() -> str:
    """Register the four faces and the family mapping (for <b>/<i> in paragraphs); idempotent and
    safe from a worker thread. Returns the family name."""
    global _done
    if _done:
        return FAMILY
    with _lock:
        if _done:
            return FAMILY
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = fonts_dir()
        for name, file in _FILES.items():
            path = folder / file
            if not path.is_file():
                from desktop.shared.errors import UserError

                raise UserError(f"Thiếu tệp phông chữ {path}. Hãy cài lại phần mềm.")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        _done = True
    return FAMILY
