"""The ``Review`` use-case class: eligibility, council meetings and ballots, decisions and proposals,
award history. Each group of use cases lives in its own module; this class joins them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlalchemy.orm import Session

from desktop.core.catalog import Catalog, load_catalog
from desktop.core.review.decisions import ActRecorder, Decisions
from desktop.core.review.history import History
from desktop.core.review.meetings import Meetings
from desktop.core.review.ranking import check_year
from desktop.core.review.results import ReviewResult
from desktop.store.models import AuditEntry


class Review(Meetings, Decisions, History):
    """Use cases of the year-end review. ``actor`` goes into the change history."""

    def __init__(self, session_factory: Callable[[], Session], actor: str = "", catalog: Catalog | None = None,
                 recorder: ActRecorder | None = None):
        self._sf = session_factory
        self._recorder = recorder
        self.actor = actor or "Không rõ"  # i18n: keep (stored in the change history)
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        return self._catalog or load_catalog()

    def _audit(self, s: Session, table: str, record_id: int, action: str, changes: dict) -> None:
        s.add(AuditEntry(actor=self.actor, table_name=table, record_id=record_id, action=action,
                         changes=json.dumps(changes, ensure_ascii=False, default=str)))

    # ---- eligibility --------------------------------------------------------------------------
    def check(self, year: int, on: dt.date | None = None, include_all: bool = False) -> ReviewResult:
        with self._sf() as s:
            return check_year(s, year, self.catalog, on, include_all)
