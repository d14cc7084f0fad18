"""Interface language for strings that the data layer words (field labels, validation messages).

The source language of every string is Vietnamese. ``tr`` marks a string for Qt's lupdate (the
extraction step in installer/translations.py) and, at run time, passes it to the active translator:
none in the command line and in a Vietnamese window (the text is returned as written), Qt's
QTranslator with the compiled English catalogue when the officer chose English
(desktop.ui.i18n.apply_language). ``QT_TR_NOOP`` only marks a string kept in a table; the window
translates it where it is shown, so printed documents and data files keep the Vietnamese wording.

Rules, checked by tests/ui/test_i18n.py: the argument is one literal string (no f-string, no
variable); values go in afterwards with ``.format(name=...)`` and the translation keeps the same
``{name}`` fields.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str, str | None, int], str] | None = None


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """The text in the interface language. ``disambiguation`` tells apart two uses of the same
    Vietnamese words; ``n`` selects a plural form (``%n`` in the text), as in Qt's own tr()."""
    if _translate is None:
        return text.replace("%n", str(n)) if n >= 0 else text
    return _translate(text, disambiguation, n)


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """Mark a string for translation without translating it here."""
    return text


def install(translate: Callable[[str, str | None, int], str] | None) -> None:
    """Route ``tr`` through ``translate`` (None: back to the Vietnamese source text)."""
    global _translate
    _translate = translate


def active() -> bool:
    return _translate is not None
