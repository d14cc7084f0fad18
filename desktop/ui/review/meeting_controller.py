"""Tab 2 of the review page, the actions: record the meeting and a tally (one candidate's, or the
council's show of hands on a whole list), issue and print the minutes, print the slips."""

from __future__ import annotations

import datetime as dt

from desktop.shared.errors import UserError
from desktop.ui import events, prompts
from desktop.ui.i18n import tr
from desktop.ui.review.common import STATUS_COLORS, _message, _selected
from desktop.ui.tasks import run_change


class MeetingController:
    """Mixin of ReviewPage: what the meeting tab's buttons do."""

    def save_meeting(self) -> int | None:
        w = self.window_
        items = self.att_model.items
        present = [a["member_id"] for a in items if a["present"]]
        written = [a["member_id"] for a in items if not a["present"] and a["written_vote"]]
        q = self.meeting_date.date()
        held_on = dt.date(q.year(), q.month(), q.day())
        year = self.year.value()
        if held_on.year not in (year, year + 1):
            prompts.error(self, tr("Chưa ghi được cuộc họp"),
                          tr("Ngày họp {date} không thuộc đợt bình xét năm {year}.").format(
                              date=f"{held_on:%d/%m/%Y}", year=year))
            return None
        try:
            mid = self.review().open_meeting(year, held_on, present, written, place=self.meeting_place.text(),
                                             chair=self.chair_combo.currentData(),
                                             secretary=self.secretary_combo.currentData())
        except UserError as exc:
            prompts.error(self, tr("Chưa ghi được cuộc họp"), exc.message)
            return None
        w.statusBar().showMessage(tr("Đã ghi cuộc họp ngày {date}.").format(date=f"{held_on:%d/%m/%Y}"), 8000)
        self.meetings = self.review().meetings(year)
        self._fill_meetings(mid)
        self.announce()
        return mid

    def record_ballot(self):
        """Store the tally for the selected candidate; below the threshold it is kept for the minutes
        and refused with the rule and its source."""
        m = self.current_meeting()
        r = _selected(self.ballot_view)
        if m is None:
            prompts.error(self, tr("Chưa có cuộc họp"), tr("Hãy ghi cuộc họp Hội đồng trước khi nhập kết quả kiểm phiếu."))
            return None
        if r is None:
            prompts.error(self, tr("Chưa chọn trường hợp"), tr("Hãy chọn người, tập thể cần ghi kết quả kiểm phiếu."))
            return None
        try:
            out = self.review().record_ballot(m.id, r.subject, r.title_code, self.yes.value(), self.no.value(),
                                              self.invalid.value())
        except UserError as exc:
            prompts.error(self, tr("Chưa ghi được kết quả"), exc.message)
            return None
        self.last_outcome = out
        text = f"{r.name} – {r.title_name}: {out.reason}\n" + tr("Căn cứ: {source}").format(source=out.source)
        self.ballot_info.setText(text)
        self.ballot_info.setStyleSheet(f"color: {STATUS_COLORS['ok' if out.passed else 'blocked']};")
        if not out.passed:
            prompts.error(self, tr("Không đạt tỷ lệ phiếu"),
                          text + "\n" + tr("Kết quả đã được ghi vào biên bản; trường hợp này không được đưa vào "
                                           "quyết định, tờ trình."))
        key = (r.subject, r.title_code)
        self.meetings = self.review().meetings(self.year.value())
        self._apply_ballots()
        self._fill_meetings(m.id)
        row = next((i for i, x in enumerate(self.ballot_model.items) if (x.subject, x.title_code) == key), None)
        if row is not None:
            self.ballot_view.selectRow(row)
        self.announce()
        return out

    def print_minutes(self) -> None:
        m = self.current_meeting()
        if m is None:
            prompts.error(self, tr("Chưa có cuộc họp"), tr("Hãy ghi cuộc họp Hội đồng trước khi in biên bản."))
            return
        db, year, mid = self.window_.db, self.year.value(), m.id

        def work(progress, cancelled):
            from desktop.app import review_sources as review_docs
            from desktop.reports.documents import story_of, to_pdf

            doc = review_docs.minutes_doc(db, year, mid)
            return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled), doc

        self.window_.extensions.reports.run(work, f"bien-ban-hop-{m.held_on:%Y-%m-%d}.pdf")

    def issue_minutes(self) -> None:
        """Issue the selected meeting's minutes (a BB number; its votes frozen), after a confirmation."""
        m = self.current_meeting()
        if m is None:
            prompts.error(self, tr("Chưa có cuộc họp"), tr("Hãy ghi cuộc họp Hội đồng trước khi ban hành biên bản."))
            return
        if not prompts.ask(self, tr("Ban hành biên bản"), tr(
                "Ban hành biên bản cuộc họp Hội đồng ngày {date} với {count} kết quả biểu quyết, bỏ phiếu đã ghi? "
                "Biên bản được lấy số trong sổ văn bản năm {year}. Sau khi ban hành, kết quả biểu quyết, bỏ phiếu "
                "của cuộc họp này không sửa được nữa.").format(date=f"{m.held_on:%d/%m/%Y}", count=len(m.ballots),
                                                               year=m.held_on.year), danger=True):
            return
        w, mid = self.window_, m.id
        db, actor, catalog = w.db, w.records.actor if w.records else "", self.review().catalog
        self.issue_minutes_button.setEnabled(False)  # not asked twice; the reload says what it is after

        def work(_p, _c):
            from desktop.app.issuing_review import issue_minutes

            return issue_minutes(db, mid, actor, catalog)

        def done(info) -> None:
            text = tr("Đã ban hành biên bản số {number} ngày {date} (mã văn bản {id}).").format(
                number=info.number_text, date=f"{info.issued_on:%d/%m/%Y}", id=info.id)
            w.statusBar().showMessage(text, 10000)
            prompts.inform(self, tr("Đã ban hành biên bản"), text + " " + tr(
                "In lại: nút “In biên bản họp…” hoặc trang “Văn bản đã ban hành”."))

        def failed(exc: Exception) -> None:
            self._show_frozen(self.current_meeting())
            prompts.error(self, tr("Chưa ban hành được biên bản"), _message(exc))

        run_change(work, done, owner=self, events=w.events, kinds={events.REVIEW, events.DOCUMENTS}, job="decision",
                   on_error=failed)

    def open_vote_list(self):
        """The show-of-hands dialog for the selected meeting (None when there is nothing to vote on)."""
        from desktop.ui.review.vote_list import VoteListDialog, hands_titles

        m = self.current_meeting()
        if m is None:
            prompts.error(self, tr("Chưa có cuộc họp"), tr("Hãy ghi cuộc họp Hội đồng trước khi nhập kết quả biểu quyết."))
            return None
        titles = hands_titles(self.rows, self.catalog)
        if not titles:
            prompts.error(self, tr("Không có danh hiệu biểu quyết"),
                          tr("Năm {year} không có danh hiệu nào Hội đồng biểu quyết giơ tay.").format(
                              year=self.year.value()))
            return None
        dlg = VoteListDialog(self, m, titles)
        dlg.submitted.connect(lambda code, subjects, yes, no, invalid:
                              self.record_list(dlg, code, subjects, yes, no, invalid))
        self.vote_list_dialog = dlg
        dlg.open()
        return dlg

    def record_list(self, dlg, code: str, subjects: list, yes: int, no: int, invalid: int) -> None:
        w, mid, review = self.window_, dlg.meeting.id, self.review()
        name = review.catalog.title_name(code)
        dlg.working()

        def work(_p, _c):
            return review.record_votes(mid, subjects, code, yes, no, invalid)

        def done(out) -> None:
            dlg.accept()
            self.meetings = self.review().meetings(self.year.value())
            self._apply_ballots()
            self._fill_meetings(mid)
            text = tr("{title}: đã ghi kết quả biểu quyết cho {count} trường hợp. {reason}").format(
                title=name, count=len(subjects), reason=out[0].reason)
            self.ballot_info.setText(text + "\n" + tr("Căn cứ: {source}").format(source=out[0].source))
            self.ballot_info.setStyleSheet(f"color: {STATUS_COLORS['ok' if out[0].passed else 'blocked']};")
            w.statusBar().showMessage(text, 10000)

        def failed(exc: Exception) -> None:
            dlg.show_error(_message(exc))

        run_change(work, done, owner=self, events=w.events, kinds={events.REVIEW}, on_error=failed)

    def print_slips(self) -> None:
        self.window_.extensions.reports.print_kind("ballots", year=self.year.value())

