"""Vietnamese text helpers: NFC storage, accent-free search keys, and the one text rule every field
obeys (``text_problem``), at the commune's forms and spreadsheets and again at the province's
verifier (docs/bundle-format.md §3)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.shared.i18n import QT_TR_NOOP, tr

_SPACES = re.compile(r"\s+")
# Letters that do not decompose into base + combining mark under NFD.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})

# --------------------------------------------------------------------------- the text rule
#
# Forbidden in every text field (inclusive code point ranges). Tab is refused too, also in multi-line
# fields: the forms and the spreadsheet import turn tabs into spaces before checking, so only a forged
# or hand-made file ever carries one. The only line break allowed is U+000A, and only in multi-line
# fields. Text must also be in Unicode NFC. docs/bundle-format.md §3 lists the same ranges.
CONTROL_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x001F),   # C0 controls (NUL, tab, CR, ESC, ...); U+000A allowed in multi-line fields only
    (0x007F, 0x009F),   # DEL and the C1 controls (U+0085 NEL included)
    (0x2028, 0x2029),   # line and paragraph separators: the only line break is U+000A
)
BIDI_RANGES: tuple[tuple[int, int], ...] = (
    (0x061C, 0x061C),   # Arabic letter mark
    (0x200E, 0x200F),   # left-to-right / right-to-left marks
    (0x202A, 0x202E),   # embeddings and overrides (LRE RLE PDF LRO RLO)
    (0x2066, 0x2069),   # isolates (LRI RLI FSI PDI)
)
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),   # soft hyphen
    (0x180E, 0x180E),   # Mongolian vowel separator
    (0x200B, 0x200D),   # zero-width space, non-joiner, joiner
    (0x2060, 0x2065),   # word joiner, invisible operators (U+2065 unassigned)
    (0x206A, 0x206F),   # deprecated format characters
    (0xFEFF, 0xFEFF),   # zero-width no-break space (byte order mark)
    (0xFFF9, 0xFFFB),   # interlinear annotation
    (0xE0000, 0xE007F),  # tag characters
)
SURROGATES = (0xD800, 0xDFFF)  # never in valid UTF-8; a Python str can hold a lone one
NEWLINE = 0x000A

_MESSAGES = {
    "control": QT_TR_NOOP("có ký tự điều khiển {code} ở vị trí {position}"),
    "newline": QT_TR_NOOP("có dấu xuống dòng ở vị trí {position} (trường này chỉ được một dòng)"),
    "bidi": QT_TR_NOOP("có ký tự định hướng chữ (bidi) {code} ở vị trí {position}"),
    "invisible": QT_TR_NOOP("có ký tự vô hình (zero-width) {code} ở vị trí {position}"),
    "surrogate": QT_TR_NOOP("có ký tự hỏng (nửa cặp UTF-16) {code} ở vị trí {position}"),
    "not_nfc": QT_TR_NOOP("chưa ở dạng chuẩn Unicode NFC (chữ có dấu bị tách thành chữ và dấu rời)"),
}


def _table(*groups: tuple[tuple[tuple[int, int], ...], str]) -> dict[int, str]:
    out: dict[int, str] = {}
    for ranges, what in groups:
        for lo, hi in ranges:
            for cp in range(lo, hi + 1):
                out[cp] = what
    return out


_FORBIDDEN: dict[int, str] = _table((CONTROL_RANGES, "control"), (BIDI_RANGES, "bidi"),
                                    (INVISIBLE_RANGES, "invisible"), ((SURROGATES,), "surrogate"))
_FORBIDDEN[NEWLINE] = "newline"
# the same sets as regular expressions: one pass at C speed finds the first forbidden character
_FORBIDDEN_RE = re.compile("[" + "".join(
    f"\\U{lo:08x}" + (f"-\\U{hi:08x}" if hi != lo else "")
    for lo, hi in (*CONTROL_RANGES, *BIDI_RANGES, *INVISIBLE_RANGES, SURROGATES)) + "]")
_FORBIDDEN_MULTILINE_RE = re.compile("[" + "".join(
    f"\\U{lo:08x}" + (f"-\\U{hi:08x}" if hi != lo else "")
    for lo, hi in ((0x0000, 0x0009), (0x000B, 0x001F), *CONTROL_RANGES[1:], *BIDI_RANGES, *INVISIBLE_RANGES,
                   SURROGATES)) + "]")


@dataclass(frozen=True)
class TextDefect:
    """The first thing wrong with a text: ``what`` is control | newline | bidi | invisible | surrogate |
    not_nfc; ``char`` and ``position`` (1-based, in characters) are None for not_nfc."""

    what: str
    char: str | None = None
    position: int | None = None

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}" if self.char is not None else ""

    def message(self, translate: bool = False) -> str:
        template = _MESSAGES[self.what]
        if translate:
            template = tr(template)
        return template.format(code=self.code, position=self.position)


def text_defect(value: str, multiline: bool = False) -> TextDefect | None:
    """The first defect of ``value`` under the text rule, or None when it is fine."""
    m = (_FORBIDDEN_MULTILINE_RE if multiline else _FORBIDDEN_RE).search(value)
    if m is not None:
        ch = m.group()
        return TextDefect(_FORBIDDEN[ord(ch)], ch, m.start() + 1)
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return TextDefect("not_nfc")
    return None


def text_problem(value: str, multiline: bool = False, translate: bool = False) -> str | None:
    """None when ``value`` obeys the text rule, else a short description of its first defect, e.g.
    "có ký tự điều khiển U+001B ở vị trí 5" — Vietnamese (as data files and the verifier speak), or in
    the interface language with ``translate`` (the commune's forms)."""
    d = text_defect(value, multiline)
    return d.message(translate) if d is not None else None


def one_line(value: object, limit: int = 80) -> str:
    """``value`` made safe to show on one line (a terminal, a table cell, a dialog): NFC; every line
    break, tab and other whitespace control becomes a space, every other forbidden character U+FFFD (so
    a forged text shows it was tampered with instead of reordering or hiding what follows); runs of
    spaces collapsed; cut to ``limit`` characters, the last being "…" when cut."""
    if value is None:
        return ""
    text = _SPACES.sub(" ", str(value))
    cut = limit > 0 and len(text) > 4 * limit + 64
    if cut:  # a huge value: only its beginning can be shown
        text = text[: 4 * limit + 64]
    out = []
    for ch in text:
        what = _FORBIDDEN.get(ord(ch))
        if what is None:
            out.append(ch)
        elif ch.isspace() or what == "newline":
            out.append(" ")
        else:
            out.append("\ufffd")
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", "".join(out))).strip()
    if cut or (limit > 0 and len(text) > limit):
        text = text[: limit - 1].rstrip() + "…"
    return text


def scrub(value: object, multiline: bool = True) -> str:
    """``value`` made harmless for a document or a spreadsheet cell, whatever it holds (data stored
    before the text rule, say): NFC, every character the rule forbids replaced by U+FFFD, line breaks
    kept when ``multiline``. Text that obeys the rule comes back unchanged."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return (_FORBIDDEN_MULTILINE_RE if multiline else _FORBIDDEN_RE).sub("\ufffd", text)


def nfc(text: str | None) -> str:
    """Normalise to NFC and collapse runs of whitespace; None becomes ''."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def fold(text: str | None) -> str:
    """Accent-free, lower-case key: 'Nguyễn Văn Ánh' and its NFD form both give 'nguyen van anh'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_SPECIAL).casefold()).strip()


def given_name_key(full_name: str) -> str:
    """Sort key the way Vietnamese lists are sorted: by given name (last word), then the full name."""
    key = fold(full_name)
    parts = key.split(" ")
    return f"{parts[-1]} {key}" if parts else key


def like_pattern(query: str) -> str:
    """SQL LIKE pattern for a folded query, with LIKE wildcards escaped (escape char '\\')."""
    q = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"


__all__ = ["nfc", "fold", "given_name_key", "like_pattern", "text_problem", "text_defect", "TextDefect",
           "one_line", "scrub", "CONTROL_RANGES", "BIDI_RANGES", "INVISIBLE_RANGES", "SURROGATES"]
