"""The "Gia đình văn hóa, Thôn văn hóa" page of a commune: the cultural titles' own procedure (decree
86/2023/NĐ-CP, desktop.app.culture) — a village picker, the round's dates with the deadline checks,
the household table (virtualised, filtered in SQL), bulk marking, and the minutes and decision issued
and printed.

``view`` holds the widgets, ``page`` what the buttons do (through desktop.ui.tasks, off the GUI thread)."""

from __future__ import annotations

from desktop.ui import events
from desktop.ui.culture.page import CulturePage
from desktop.ui.i18n import tr

__all__ = ["CulturePage", "install"]

CULTURE = "culture"   # the kind of data this page changes (and shows)


def install(window) -> None:
    if window.is_province:
        return
    page = CulturePage(window)
    window.add_page("culture", tr("Gia đình, thôn văn hóa"), page,
                    frozenset({CULTURE, "household", "collective", events.DOCUMENTS, events.BACKUP, events.WORKSPACE}))
