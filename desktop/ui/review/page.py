"""The review page: the year, the summary and the four tabs, loading the year off the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.errors import UserError
from desktop.shared.fmt import group
from desktop.ui import events, prompts
from desktop.ui.i18n import tr
from desktop.ui.review.candidates import CandidatesTab
from desktop.ui.review.common import _message
from desktop.ui.review.decisions_controller import DecisionsController
from desktop.ui.review.decisions_view import DecisionsView
from desktop.ui.review.history import HistoryTab
from desktop.ui.review.meeting_controller import MeetingController
from desktop.ui.review.meeting_view import MeetingView
from desktop.ui.review.models import CandidateRow
from desktop.ui.tasks import run_task


class ReviewPage(CandidatesTab, MeetingView, MeetingController, DecisionsView, DecisionsController, HistoryTab,
                 QWidget):
    """The "Bình xét" page. ``busy`` is True while a background job runs (tests wait on it)."""

    loaded = Signal()

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.busy = False
        self.result = None                 # ReviewResult of the year
        self.rows: list[CandidateRow] = []
        self.meetings: list = []
        self.last_outcome = None           # BallotOutcome of the last recorded tally
        self.last_decision = None          # DecisionInfo of the last decision or proposal
        self._pending_reload = False

        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(tr("Bình xét thi đua, khen thưởng cuối năm"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(QLabel(tr("Năm bình xét:")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.valueChanged.connect(lambda _v: self.reload())
        top.addWidget(self.year)
        self.reload_button = QPushButton(tr("Xét lại"))
        self.reload_button.clicked.connect(self.reload)
        top.addWidget(self.reload_button)
        lay.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)

        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        self._build_candidates_tab()
        self._build_meeting_tab()
        self._build_decision_tab()
        self._build_history_tab()

    # ------------------------------------------------------------------ loading
    def review(self):
        """The review wired to issue its acts as records (a decision is frozen as it is made), with the
        catalog in use: the one the province sent last (Nhận tệp từ Sở Nội vụ…), else the shipped one."""
        from desktop.app.catalogs import catalog_in_use
        from desktop.app.issuing_review import review

        w = self.window_
        return review(w.db, w.records.actor if w.records else "", catalog_in_use(w.db, w.paths.data_dir))

    def _council(self) -> list[tuple[int, str, str]]:
        try:
            return self.review().council()
        except UserError:
            return []

    def refresh(self) -> None:
        """Called when the page is shown."""
        self.reload()
        if not self.subj_model.items:
            self.search_subjects()
        if not self.signer.text():
            try:
                from desktop.app.sources import Context

                self.signer.setText(Context(self.window_.db).chairman)
            except UserError:
                pass

    def _set_busy(self, on: bool) -> None:
        self.busy = on
        for b in (self.reload_button, self.decision_button, self.proposal_button):
            b.setEnabled(not on)

    def announce(self) -> None:
        """Say that the review's data changed (a meeting, a ballot, a decision, award history)."""
        self.window_.events.emit_changed({events.REVIEW})

    def reload(self) -> None:
        """Check the year again off the GUI thread (the database may have changed anywhere)."""
        if self.busy:
            self._pending_reload = True
            return
        review = self.review()
        year = self.year.value()
        self.summary.setText(tr("Đang xét các trường hợp năm {year}…").format(year=year))

        def work(_p, _c):
            result = review.check(year)
            meetings = review.meetings(year)
            decisions = review.decisions(year)
            return result, meetings, decisions, review.catalog

        def done(out) -> None:
            self._set_busy(False)
            result, meetings, decisions, cat = out
            if year != self.year.value():  # the officer changed the year meanwhile
                self.reload()
                return
            self._loaded(result, meetings, decisions, cat)
            if self._pending_reload:
                self._pending_reload = False
                self.reload()

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            self.summary.setText(_message(exc))
            prompts.error(self, tr("Không xét được"), _message(exc))

        self._set_busy(True)
        run_task(work, done, failed)

    @staticmethod
    def _salary_text(cat, on) -> str:
        try:
            sal = cat.base_salary(on)
        except Exception:  # CatalogError: no rate for that date; the findings say so where it matters
            return tr("chưa có mức lương cơ sở cho ngày xét")
        return tr("lương cơ sở {amount} đồng (từ {date})").format(amount=group(sal.amount),
                                                                  date=f"{sal.from_:%d/%m/%Y}")

    def _loaded(self, result, meetings, decisions, cat) -> None:
        self.result = result
        self.meetings = meetings
        self.catalog = cat
        self.rows = [CandidateRow(c, cat.titles[c.title_code].ballot
                                  if c.title_code in cat.titles and not c.elsewhere else None, None)
                     for c in result.candidates]
        self._apply_ballots()
        self._fill_candidates()
        self._fill_meetings()
        self.dec_model.set_items(decisions)
        self.dec_view.resizeColumnsToContents()
        self._show_outcomes()
        self._update_number_hint()
        self.loaded.emit()

    def _apply_ballots(self) -> None:
        """Each candidate's latest tally of the year (a later meeting's replaces an earlier one)."""
        latest = {}
        for m in self.meetings:
            for b in m.ballots:
                latest[(b["subject"], b["title_code"])] = {**b, "members_total": m.members_total}
        for r in self.rows:
            r.ballot = latest.get((r.subject, r.title_code))
        self._fill_candidates_keep()
        self._update_summary()

    def _update_summary(self) -> None:
        """The header counts the rows as the table shows them: a candidate with a decision already is
        "đã có quyết định", one voted down "chưa đủ điều kiện"."""
        result = self.result
        if result is None:
            return
        counts = Counter(r.state for r in self.rows)
        self.summary.setText(tr(
            "Năm {year}: {total} trường hợp – đủ điều kiện {ok}, Hội đồng cần xem xét {warning}, chưa đủ điều kiện "
            "{blocked}, đã có quyết định {done}, nơi khác quyết định {elsewhere}. Danh mục danh hiệu phiên bản "
            "{version}; {salary}. Mỗi lý do ghi rõ căn cứ; di chuột hoặc chọn một dòng để xem.").format(
                year=result.year, total=len(self.rows), ok=counts["ok"], warning=counts["warning"],
                blocked=counts["blocked"], done=counts["done"], elsewhere=counts["elsewhere"],
                version=result.catalog_version,
                salary=self._salary_text(self.catalog, result.on)))


def install(window) -> None:
    if window.is_province:
        return
    page = ReviewPage(window)
    window.extensions.review = page
    # reloaded when first shown and after a change of what a review reads; its own changes it reloads
    # after itself, and says them (events.REVIEW) to the pages that show decisions; a document issued,
    # corrected or replaced elsewhere (events.DOCUMENTS) changes its decisions and frozen meetings; the
    # province's answer or catalog received (events.RECEIVED) changes its proposals' outcomes and its rules
    window.add_page("review", tr("Bình xét"), page,
                    events.RECORDS | {events.WORKSPACE, events.BACKUP, events.IMPORT, events.DOCUMENTS,
                                      events.RECEIVED})
