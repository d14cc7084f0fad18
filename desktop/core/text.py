"""Vietnamese text helpers: NFC storage and accent-free search keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Letters that do not decompose into base + combining mark under NFD.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


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
