"""The window's named extension points: what a feature package installs and others read back.

Each feature module in main_window.UI_EXTENSIONS has ``install(window)``. What one of them offers to
the others is set here, typed, instead of as loose attributes on the window: the documents'
preview and printing (``reports``, from desktop.ui.reports_ui), the review page (``review``, from
desktop.ui.review) and the register of issued documents (``issued``, desktop.ui.issued). Each is None
until installed, and stays None where it does not apply (the province has no commune review; its
documents are on its own pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.ui.issued import IssuedPage
    from desktop.ui.reports_ui import ReportsExtension
    from desktop.ui.review import ReviewPage
    from desktop.ui.statistics_ui import StatisticsExtension


@dataclass
class Extensions:
    reports: ReportsExtension | None = None
    review: ReviewPage | None = None
    issued: IssuedPage | None = None
    statistics: StatisticsExtension | None = None   # the statistics report, the award register
