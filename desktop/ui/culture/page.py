"""What the cultural titles' page does: load the villages and the round of the chosen title, year and
village, record each step, mark households in bulk (all, those not marked, the selected rows, a CSV
list), issue the minutes and the decision and print them. Reads through ``run_query``; writes through
``run_change`` (the workspace queue, off the GUI thread), each saying the "culture" kind changed."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import Signal

from desktop.ui import events, file_dialogs, prompts
from desktop.ui.culture.view import STATUS_WORDS, CultureView, pydate, qdate
from desktop.ui.i18n import tr
from desktop.ui.models import ObjectRole
from desktop.ui.tasks import failure_message, run_change, run_query

log = logging.getLogger(__name__)
CHANGED = frozenset({"culture", events.DOCUMENTS})


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class CulturePage(CultureView):
    """The page. ``busy`` while loading, ``loaded`` after each load; ``round`` the round shown (or
    None); ``last_warning`` the last warning the data asked to show (tests read them)."""

    loaded = Signal()
    changed_done = Signal()

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.busy = False
        self.round = None
        self.last_warning = ""
        self._pending = False
        self._villages_loaded = False
        self.title.currentIndexChanged.connect(lambda _i: self._title_changed())
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.village.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.textChanged.connect(lambda _t: self.reload())
        self.result_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.open_button.clicked.connect(lambda: self.open_round())
        self.meeting_button.clicked.connect(lambda: self.save_meeting())
        self.post_button.clicked.connect(lambda: self.save_posting())
        self.finish_button.clicked.connect(lambda: self.finish())
        self.file_button.clicked.connect(lambda: self.file_complete())
        self.issue_button.clicked.connect(lambda: self.issue_decision())
        self.all_pass.clicked.connect(lambda: self.mark("dat", None))
        self.unmarked_pass.clicked.connect(lambda: self.mark("dat", None, only_unmarked=True))
        self.selected_pass.clicked.connect(lambda: self.mark("dat", self.selected_ids()))
        self.selected_fail.clicked.connect(lambda: self.mark("khong_dat", self.selected_ids()))
        self.from_file.clicked.connect(lambda: self.mark_from_file())
        self.minutes_button.clicked.connect(lambda: self.issue_minutes())
        self.reopen_button.clicked.connect(lambda: self.reopen())
        self.print_minutes.clicked.connect(lambda: self.print_doc("minutes"))
        self.print_decision.clicked.connect(lambda: self.print_doc("decision"))
        self._show_round(None)

    # ------------------------------------------------------------------ state
    def _actor(self) -> str:
        w = self.window_
        return w.records.actor if w.records else ""

    def title_code(self) -> str:
        return str(self.title.currentData())

    def village_id(self) -> int | None:
        if self.title_code() != "GDVH":
            return None
        v = self.village.currentData()
        return int(v) if v is not None else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.index(r, 0).data(ObjectRole).id for r in rows]

    def _title_changed(self) -> None:
        self.village.setEnabled(self.title_code() == "GDVH")
        self.reload()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        self._villages_loaded = False
        self.reload()

    def reload(self) -> None:
        if self.busy:
            self._pending = True
            return
        db, year, code = self.window_.db, self.year.value(), self.title_code()
        need_villages = not self._villages_loaded
        village = None if need_villages else self.village_id()
        search, result = self.search.text(), self.result_filter.currentData()
        self.busy = True

        def work(_p, _c):
            from desktop.app import culture

            villages = culture.villages(db) if need_villages else None
            vid = village
            if need_villages and code == "GDVH":
                vid = villages[0].id if villages else None
            found = culture.find_round(db, year, code, vid) if (code != "GDVH" or vid is not None) else None
            lines = culture.subjects(db, found.id, search, result) if found else []
            return villages, found, lines

        def done(out) -> None:
            self.busy = False
            villages, found, lines = out
            if villages is not None:
                self._fill_villages(villages)
            if self._pending:
                self._pending = False
                self.reload()
                return
            self._show_round(found)
            self.model.set_items(lines)
            self.count.setText(tr("{n} dòng").format(n=len(lines)))
            self.loaded.emit()

        def failed(exc: Exception) -> None:
            self.busy = False
            self.problem.setText(failure_message(exc))
            self.loaded.emit()

        run_query(work, done, owner=self, on_error=failed)

    def _fill_villages(self, villages) -> None:
        keep = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        for v in villages:
            self.village.addItem(tr("{name} ({n} hộ)").format(name=v.name, n=v.households), v.id)
        i = self.village.findData(keep)
        self.village.setCurrentIndex(i if i >= 0 else 0)
        self.village.blockSignals(False)
        self._villages_loaded = True

    def _show_round(self, r) -> None:
        self.round = r
        editable = r is not None and r.status == "open"
        for b in self.step_buttons():
            b.setEnabled(r is not None)
        self.open_button.setEnabled(r is None)
        for b in (self.meeting_button, self.post_button, self.finish_button, self.all_pass, self.unmarked_pass,
                  self.selected_pass, self.selected_fail, self.from_file):
            b.setEnabled(editable)
        self.file_button.setEnabled(r is not None and r.status == "finished")
        self.reopen_button.setEnabled(r is not None and r.status != "open")
        self.issue_button.setEnabled(r is not None and r.status == "finished")
        if r is None:
            self.status.setText(tr("Chưa mở đợt bình xét cho lựa chọn này. Bấm “Mở đợt bình xét”."))
            for label in (self.posting_info, self.finish_info, self.decision_info):
                label.setText("")
            return
        self.meeting_on.setDate(qdate(r.meeting_on))
        self.chair.setText(r.chair_name)
        self.front.setText(r.front_members)
        self.attendance.setValue(r.attendance or 0)
        self.posted_from.setDate(qdate(r.posted_from or r.meeting_on))
        self.finished_on.setDate(qdate(r.finished_on or r.earliest_finish))
        self.file_on.setDate(qdate(r.file_complete_on or r.finished_on))
        self.decision_on.setDate(qdate(r.decision_date or r.file_complete_on))
        self.posting_info.setText(
            tr("Niêm yết đến hết ngày {until}; kết thúc bình xét từ ngày {earliest}.").format(
                until=_d(r.posted_until), earliest=_d(r.earliest_finish)) if r.posted_from
            else tr("Chưa niêm yết danh sách."))
        self.finish_info.setText(
            (tr("Hạn hoàn thành bình xét: {date}.").format(date=_d(r.review_deadline)) if r.review_deadline else "")
            + (" " + tr("Đã kết thúc ngày {date}.").format(date=_d(r.finished_on)) if r.finished_on else ""))
        self.decision_info.setText(
            tr("Quyết định {no} ngày {date}.").format(no=r.decision_no, date=_d(r.decision_date)) if r.decision_no
            else tr("Hạn ra quyết định: {date}.").format(date=_d(r.decision_due)) if r.decision_due else "")
        self.status.setText(tr("{status} – đạt {ok}, không đạt {no}, chưa đánh dấu {left} trên {total}.").format(
            status=tr(STATUS_WORDS.get(r.status, r.status)), ok=r.counts.get("dat", 0),
            no=r.counts.get("khong_dat", 0), left=r.unmarked, total=r.subjects))

    # ------------------------------------------------------------------ changes
    def _change(self, work, title: str, after=None) -> None:
        self.problem.setText(" ")

        def done(result) -> None:
            if after is not None:
                after(result)
            self.reload()
            self.changed_done.emit()

        def failed(exc: Exception) -> None:
            if not hasattr(exc, "message"):
                log.error("culture page action failed", exc_info=exc)
            self.problem.setText(failure_message(exc))
            prompts.error(self, title, failure_message(exc))
            self.changed_done.emit()

        run_change(work, done, owner=self, events=self.window_.events, kinds=CHANGED, on_error=failed)

    def _rid(self) -> int | None:
        return self.round.id if self.round is not None else None

    def reopen(self) -> None:
        """Open a finished round again to correct its marks, with the reason; a decision in force is then
        replaced by a new act (Văn bản đã ban hành › Đính chính, thay thế)."""
        r = self.round
        if r is None:
            return
        label = tr("Lý do mở lại đợt bình xét:")
        if r.decision_no:
            label = tr("Quyết định {number} còn hiệu lực: sau khi sửa kết quả, ban hành quyết định thay thế tại trang "
                       "“Văn bản đã ban hành”.\nLý do mở lại đợt bình xét:").format(number=r.decision_no)
        reason = prompts.text(self, tr("Mở lại đợt bình xét"), label)
        if reason is None:
            return
        db, rid, actor, replace = self.window_.db, r.id, self._actor(), bool(r.decision_no)

        def work(_p, _c):
            from desktop.app import culture

            return culture.reopen(db, rid, reason, actor, for_replacement=replace)

        self._change(work, tr("Không mở lại được đợt bình xét"))

    def open_round(self) -> None:
        db, year, code, vid, actor = self.window_.db, self.year.value(), self.title_code(), self.village_id(), \
            self._actor()

        def work(_p, _c):
            from desktop.app import culture

            return culture.open_round(db, year, code, vid, actor)

        self._change(work, tr("Không mở được đợt bình xét"))

    def save_meeting(self) -> None:
        db, rid, actor = self.window_.db, self._rid(), self._actor()
        on, chair, front = pydate(self.meeting_on), self.chair.text(), self.front.text()
        attendance = self.attendance.value() or None
        if rid is None:
            return

        def work(_p, _c):
            from desktop.app import culture

            return culture.record_meeting(db, rid, on, actor, chair=chair, front_members=front, attendance=attendance)

        self._change(work, tr("Không ghi được cuộc họp"))

    def save_posting(self) -> None:
        db, rid, actor, on = self.window_.db, self._rid(), self._actor(), pydate(self.posted_from)
        if rid is None:
            return

        def work(_p, _c):
            from desktop.app import culture

            return culture.record_posting(db, rid, on, actor)

        self._change(work, tr("Không ghi được ngày niêm yết"))

    def _warn(self, warning: str) -> None:
        self.last_warning = warning
        if warning:
            prompts.inform(self, tr("Lưu ý về thời hạn"), warning)

    def finish(self) -> None:
        db, rid, actor, on = self.window_.db, self._rid(), self._actor(), pydate(self.finished_on)
        if rid is None:
            return

        def work(_p, _c):
            from desktop.app import culture

            return culture.finish(db, rid, on, actor)

        self._change(work, tr("Không kết thúc được bình xét"), after=lambda out: self._warn(out[1]))

    def file_complete(self) -> None:
        db, rid, actor, on = self.window_.db, self._rid(), self._actor(), pydate(self.file_on)
        if rid is None:
            return

        def work(_p, _c):
            from desktop.app import culture

            return culture.record_file_complete(db, rid, on, actor)

        self._change(work, tr("Không ghi được ngày nhận đủ hồ sơ"))

    def mark(self, result: str, ids: list[int] | None, only_unmarked: bool = False) -> None:
        db, rid, actor = self.window_.db, self._rid(), self._actor()
        if rid is None:
            return
        if ids is not None and not ids:
            prompts.error(self, tr("Chưa chọn dòng"), tr("Hãy chọn một hoặc nhiều dòng trong bảng."))
            return

        def work(_p, _c):
            from desktop.app import culture

            return culture.mark(db, rid, result, actor, ids=ids, only_unmarked=only_unmarked)

        self._change(work, tr("Không đánh dấu được"))

    def mark_from_file(self, path: Path | None = None) -> None:
        if path is None:
            path = file_dialogs.open_file(self, "culture-csv", tr("Chọn tệp CSV danh sách mã hộ"),
                                          tr("Tệp CSV (*.csv);;Mọi tệp (*)"))
            if path is None:
                return
        db, rid, actor, chosen = self.window_.db, self._rid(), self._actor(), path
        if rid is None:
            return

        def work(_p, _c):
            from desktop.app import culture

            return culture.mark(db, rid, "dat", actor, ids=culture.ids_from_csv(chosen))

        self._change(work, tr("Không đánh dấu được theo danh sách"))

    def issue_minutes(self) -> None:
        db, rid, actor = self.window_.db, self._rid(), self._actor()
        if rid is None:
            return

        def work(_p, _c):
            from desktop.app import culture_issue

            return culture_issue.issue_minutes(db, rid, actor)

        self._change(work, tr("Không ban hành được biên bản"))

    def issue_decision(self) -> None:
        db, rid, actor, on = self.window_.db, self._rid(), self._actor(), pydate(self.decision_on)
        data_dir = self.window_.paths.data_dir
        if rid is None or not prompts.ask(self, tr("Ban hành quyết định"), tr(
                "Ban hành quyết định tặng danh hiệu ký ngày {date}? Số quyết định được lấy từ sổ văn bản và không "
                "thay đổi được; lịch sử khen thưởng của các trường hợp đạt được ghi cùng lúc.").format(
                date=_d(on))):
            return

        def work(_p, _c):
            from desktop.app import culture_issue
            from desktop.app.catalogs import catalog_in_use

            return culture_issue.issue_decision(db, rid, on, actor, catalog=catalog_in_use(db, data_dir))

        self._change(work, tr("Không ban hành được quyết định"), after=lambda out: self._warn(out[1]))

    def print_doc(self, which: str) -> None:
        db, rid, on = self.window_.db, self._rid(), pydate(self.decision_on)
        data_dir = self.window_.paths.data_dir
        if rid is None:
            return

        def work(progress, cancelled):
            from desktop.app import culture_issue
            from desktop.app.catalogs import catalog_in_use
            from desktop.reports.documents import story_of, to_pdf

            doc = culture_issue.document(db, rid, which, on, catalog_in_use(db, data_dir))
            return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled), doc

        stem = "bien-ban" if which == "minutes" else "quyet-dinh"  # i18n: keep (file name)
        self.window_.extensions.reports.run(work, f"{stem}-van-hoa-{self.year.value()}-{rid}.pdf")


__all__ = ["CulturePage"]
