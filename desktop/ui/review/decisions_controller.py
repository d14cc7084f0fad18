"""Tab 3 of the review page, the actions: make the decision or the proposal, print or reprint it."""

from __future__ import annotations

import datetime as dt

from desktop.shared.errors import UserError
from desktop.ui import events, prompts
from desktop.ui.i18n import tr
from desktop.ui.review.common import PREFIX_AUTO, _message, _selected
from desktop.ui.tasks import run_task


class DecisionsController:
    """Mixin of ReviewPage: what the decision tab's buttons do."""

    def _decide_args(self, kind: str) -> tuple[dict, dict]:
        """(plan arguments, decide arguments) of the document as the tab says it."""
        q = self.signed_on.date()
        on = dt.date(q.year(), q.month(), q.day())
        m = self.current_meeting() or (self.meetings[-1] if self.meetings else None)
        plan_args = dict(year=self.year.value(), signed_on=on, meeting_id=m.id if m is not None else None,
                         include_warnings=self.include_warnings.isChecked(), kind=kind)
        prefix = self.prefix.currentData()
        args = dict(plan_args, signer_name=self.signer.text(), signer_title=self.signer_title.text(),
                    authority_prefix=None if prefix == PREFIX_AUTO else prefix, number=self.number.value() or None)
        return plan_args, args

    def show_draft(self, kind: str) -> None:
        """The decision (or proposal) as "Lập…" would issue it, in the preview: no number, nothing stored."""
        w = self.window_
        _plan, args = self._decide_args(kind)
        args["number"] = None
        db, actor, catalog = w.db, w.records.actor if w.records else "", self.review().catalog

        def work(progress, cancelled):
            from desktop.app.issuing_review import draft
            from desktop.reports.documents import story_of, to_pdf

            doc = draft(db, actor, catalog, **args)
            return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled), doc

        name = "du-thao-quyet-dinh" if kind == "decision" else "du-thao-to-trinh"  # i18n: keep (file name)
        w.extensions.reports.run(work, f"{name}-{args['year']}.pdf")

    def make_document(self, kind: str) -> None:
        """Build and store the decision (or proposal) off the GUI thread, then show it in the preview."""
        w = self.window_
        plan_args, args = self._decide_args(kind)
        year, on = plan_args["year"], plan_args["signed_on"]
        review = self.review()
        title = tr("Chưa lập được quyết định khen thưởng") if kind == "decision" else \
            tr("Chưa lập được tờ trình đề nghị cấp trên")

        def planned(plan) -> None:
            # the count the officer confirms is what decide() takes with the same arguments
            self._set_busy(False)
            if not plan.chosen:
                prompts.error(self, title, plan.refusal(kind, year))
            elif prompts.ask(self, tr("Lập văn bản"), self._question(kind, year, on, plan)):
                self._set_busy(True)
                run_task(work, done, failed, owner=self, workspace="decision")  # never beside a backup
                return
            if self._pending_reload:  # asked for while the plan was counted
                self._pending_reload = False
                self.reload()

        def work(_p, _c):
            return review.decide(**args)

        def done(info) -> None:
            self._set_busy(False)
            self.last_decision = info
            self.number.setValue(0)
            self._show_left_out(info)
            made = tr("Đã lập quyết định số {number}.") if kind == "decision" else tr("Đã lập tờ trình số {number}.")
            w.statusBar().showMessage(made.format(number=info.number_text), 10000)
            # this page reloads on it (it follows DOCUMENTS), the register and decisions pages too
            w.events.emit_changed({events.REVIEW, events.DOCUMENTS})
            self.print_decision(info)

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            prompts.error(self, title, _message(exc))

        self._set_busy(True)
        run_task(lambda _p, _c: review.plan(**plan_args), planned, failed)

    def print_decision(self, info) -> None:
        db = self.window_.db
        kind, year, number = info.kind, info.year, info.number

        def work(progress, cancelled):
            from desktop.app import issuing
            from desktop.reports.documents import story_of, to_pdf

            issuing.adopt_earlier_decisions(db)  # a decision of an earlier release is frozen first
            issued = issuing.of_source(db, "review_decision", info.id)
            if issued is None:
                raise UserError(tr("Không tìm thấy bản đã ban hành của văn bản này."))
            doc = issuing.document(db, issued.id)  # the frozen act, whatever changed since
            return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled), doc

        name = "quyet-dinh" if kind == "decision" else "to-trinh"
        self.window_.extensions.reports.run(work, f"{name}-{number:02d}-{year}.pdf")

    def reprint(self) -> None:
        d = _selected(self.dec_view)
        if d is None:
            prompts.error(self, tr("Chưa chọn văn bản"), tr("Hãy chọn quyết định hoặc tờ trình cần in lại."))
            return
        self.print_decision(d)

