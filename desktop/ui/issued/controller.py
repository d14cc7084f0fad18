"""What the "Văn bản đã ban hành" page's buttons do: load the register, reprint an issued document from
its frozen content (checked against its SHA-256), show its detail, correct, replace or repeal it by a
new act, and issue the movement report. Reads go through ``run_query``, writes through ``run_change``
(the workspace queue), each saying ``events.DOCUMENTS`` to the pages that show documents."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Signal

from desktop.shared.errors import UserError
from desktop.ui import events, prompts
from desktop.ui.i18n import tr
from desktop.ui.issued.dialogs import REPEALABLE, ChangeDialog, DetailDialog, ReportDialog
from desktop.ui.issued.view import ALL_YEARS, CHANGE_WORDS, IssuedView, kind_word, number_word
from desktop.ui.tasks import failure_message, run_change, run_query

log = logging.getLogger(__name__)


def _in_dialog(dlg):
    """A failure said in the dialog's message line; a bug logged first (its words name the log)."""

    def shown(exc: Exception) -> None:
        if not isinstance(exc, UserError):
            log.error("issued documents action failed", exc_info=exc)
        dlg.show_error(failure_message(exc))

    return shown


def _period_word(period: str) -> str:
    return tr("sơ kết 6 tháng đầu năm") if period == "H1" else tr("tổng kết năm")


def _file_name(info) -> str:
    """"quyet-dinh-01-2026.pdf": the kind and number, in the file-name alphabet."""
    stem = {"decision": "quyet-dinh", "proposal": "to-trinh", "minutes": "bien-ban", "report": "bao-cao",  # i18n: keep
            "ballots": "phieu-bau", "cover_letter": "cong-van", "repeal": "quyet-dinh-bai-bo",  # i18n: keep
            "launch_plan": "ke-hoach"}.get(
        info.kind, "van-ban")
    number = f"-{info.number:02d}" if info.number is not None else f"-ma-{info.id}"
    return f"{stem}{number}-{info.issue_year}.pdf"


class IssuedPage(IssuedView):
    """The page. ``busy`` is True while the register loads; ``loaded`` after each load (tests wait on
    them); ``dialog`` is the dialog opened last (tests fill it in)."""

    loaded = Signal()

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.busy = False
        self.items: list = []
        self.dialog = None
        self._pending = False
        self._select_after: int | None = None
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.kind.currentIndexChanged.connect(lambda _i: self.fill(self.items))
        self.table.doubleClicked.connect(lambda _i: self.show_detail())
        self.reprint_button.clicked.connect(lambda: self.reprint())
        self.detail_button.clicked.connect(lambda: self.show_detail())
        self.change_button.clicked.connect(lambda: self.open_change())
        self.report_button.clicked.connect(lambda: self.open_report())
        self.special_button.clicked.connect(lambda: self.open_special())
        self.plan_button.clicked.connect(lambda: self.open_plan())
        self.certificates_button.clicked.connect(lambda: self.open_certificates())

    def _actor(self) -> str:
        w = self.window_
        return w.records.actor if w.records else ""

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Called when the page is shown and after a change of what it shows."""
        self.reload()

    def reload(self) -> None:
        if self.busy:
            self._pending = True
            return
        db = self.window_.db
        year = self.year.value() if self.year.value() != ALL_YEARS else None
        self.busy = True

        def work(_p, _c):
            from desktop.app import issuing

            return issuing.list_documents(db, year)

        def done(items) -> None:
            self.busy = False
            if self._pending:
                self._pending = False
                self.reload()
                return
            self.items = items
            self.fill(items)
            if self._select_after is not None:
                self.select_id(self._select_after)
                self._select_after = None
            self.loaded.emit()

        def failed(exc: Exception) -> None:
            self.busy = False
            self.info.setText(failure_message(exc))
            prompts.error(self, tr("Không đọc được sổ văn bản"), failure_message(exc))

        run_query(work, done, owner=self, on_error=failed)

    def _chosen(self, info):
        info = info or self.selected()
        if info is None:
            prompts.error(self, tr("Chưa chọn văn bản"), tr("Hãy chọn một văn bản trong bảng."))
        return info

    # ------------------------------------------------------------------ reprint and detail
    def reprint(self, info=None) -> None:
        """The frozen document in the preview (refused, in words, when its hash does not match)."""
        info = self._chosen(info)
        if info is None:
            return
        db, doc_id = self.window_.db, info.id

        def work(progress, cancelled):
            from desktop.app import issuing
            from desktop.reports.documents import story_of, to_pdf

            doc = issuing.document(db, doc_id)
            return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled), doc

        self.window_.extensions.reports.run(work, _file_name(info))

    def show_detail(self, info=None) -> None:
        info = self._chosen(info)
        if info is None:
            return
        db, doc_id = self.window_.db, info.id

        def work(_p, _c):
            from desktop.app import issuing

            now = issuing.get(db, doc_id)
            old = issuing.get(db, now.replaces_id) if now.replaces_id else None
            return now, issuing.rows_of(db, doc_id), old

        def done(out) -> None:
            now, rows, old = out
            self.dialog = DetailDialog(self, now, rows, old)
            self.dialog.open()

        run_query(work, done, owner=self, title=tr("Không xem được văn bản"))

    # ------------------------------------------------------------------ corrections, replacements, repeals
    def open_change(self, info=None) -> ChangeDialog | None:
        info = self._chosen(info)
        if info is None:
            return None
        if not info.in_force:
            prompts.error(self, tr("Văn bản đã hết hiệu lực"),
                          tr("Văn bản {number} đã hết hiệu lực; hãy thay đổi văn bản đang có hiệu lực.").format(
                              number=number_word(info)))
            return None
        dlg = ChangeDialog(self, info)
        dlg.submitted.connect(lambda kind, reason, on, signer: self.supersede(dlg, kind, reason, on, signer))
        self.dialog = dlg
        dlg.open()
        return dlg

    @staticmethod
    def _change_question(info, change_kind: str, on: dt.date) -> str:
        what = tr("Lập văn bản {change} {kind} số {number} ngày {date}, ký ngày {on}?").format(
            change=tr(CHANGE_WORDS[change_kind]).lower(), kind=kind_word(info.kind).lower(),
            number=number_word(info), date=f"{info.issued_on:%d/%m/%Y}", on=f"{on:%d/%m/%Y}")
        if change_kind == "dinh_chinh":
            effect = tr("Văn bản cũ vẫn còn hiệu lực và được giữ nguyên trong sổ; văn bản đính chính lấy số mới.")
        else:
            effect = tr("Văn bản cũ hết hiệu lực nhưng vẫn được giữ nguyên trong sổ.")
        parts = [what, effect]
        if info.kind in REPEALABLE and change_kind == "bai_bo":
            parts.append(tr("Các khen thưởng ghi theo quyết định này bị thu hồi khỏi lịch sử khen thưởng."))
        elif info.kind in REPEALABLE:
            parts.append(tr("Các khen thưởng ghi theo quyết định cũ được thu hồi; quyết định mới ghi lại khen thưởng "
                            "của mình."))
        elif info.kind == "minutes":
            parts.append(tr("Biên bản mới ghi lại đúng các kết quả biểu quyết, bỏ phiếu đã chốt, kèm lý do."))
        return " ".join(parts)

    def supersede(self, dlg: ChangeDialog, change_kind: str, reason: str, on: dt.date, signer: str) -> None:
        info = dlg.info
        if not prompts.ask(self, tr("Thay đổi văn bản đã ban hành"), self._change_question(info, change_kind, on),
                           danger=True):
            return
        db, actor, doc_id = self.window_.db, self._actor(), info.id
        dlg.working()

        def work(_p, _c):
            from desktop.app.issuing_review import supersede

            return supersede(db, doc_id, change_kind, reason, actor, on=on, signer_name=signer or None)

        def done(new) -> None:
            dlg.accept()
            self._select_after = new.id
            self.window_.statusBar().showMessage(tr("Đã ban hành {kind} số {number} (mã {id}).").format(
                kind=kind_word(new.kind).lower(), number=number_word(new), id=new.id), 10000)

        run_change(work, done, owner=self, events=self.window_.events, kinds={events.DOCUMENTS, events.REVIEW},
                   job="decision", on_error=_in_dialog(dlg))

    # ------------------------------------------------------------------ awards besides the year-end, the plan
    def open_special(self):
        """The form of a Giấy khen by theme or ad hoc (desktop.ui.issued.special_actions)."""
        from desktop.ui.issued.special_actions import open_special

        return open_special(self)

    def open_plan(self):
        """The form of the year's launch plan."""
        from desktop.ui.issued.special_actions import open_plan

        return open_plan(self)

    def open_certificates(self, info=None):
        """The Giấy khen of the selected award decision (desktop.ui.issued.certificates)."""
        from desktop.ui.issued.certificates import open_certificates

        info = self._chosen(info)
        return open_certificates(self, info) if info is not None else None

    # ------------------------------------------------------------------ the movement report
    def open_report(self) -> ReportDialog:
        year = self.year.value() if self.year.value() != ALL_YEARS else dt.date.today().year
        dlg = ReportDialog(self, year)
        dlg.submitted.connect(lambda y, period, on: self.issue_report(dlg, y, period, on))
        self.dialog = dlg
        dlg.open()
        return dlg

    def issue_report(self, dlg: ReportDialog, year: int, period: str, on: dt.date) -> None:
        db = self.window_.db

        def work(_p, _c):
            from desktop.app import issuing

            return [d for d in issuing.list_documents(db, year, "report")
                    if d.year == year and d.source_kind == f"report:{period}" and d.in_force]

        def asked(already) -> None:
            text = tr("Ban hành báo cáo {period} {year}, ký ngày {date}? Báo cáo được lấy số trong sổ văn bản năm "
                      "{sign_year} và lưu nguyên nội dung theo số liệu hôm nay.").format(
                period=_period_word(period), year=year, date=f"{on:%d/%m/%Y}", sign_year=on.year)
            if already:
                text += " " + tr("Đã có báo cáo này: số {number} ngày {date}. Nếu báo cáo đó sai, hãy chọn nó rồi "
                                 "“Đính chính, thay thế, bãi bỏ…” thay vì ban hành báo cáo mới.").format(
                    number=number_word(already[-1]), date=f"{already[-1].issued_on:%d/%m/%Y}")
            if prompts.ask(self, tr("Ban hành báo cáo"), text, danger=bool(already)):
                self._issue_report(dlg, year, period, on)

        run_query(work, asked, owner=self, on_error=_in_dialog(dlg))

    def _issue_report(self, dlg: ReportDialog, year: int, period: str, on: dt.date) -> None:
        db, actor = self.window_.db, self._actor()
        texts = dlg.texts()
        dlg.working()

        def work(_p, _c):
            from desktop.app import issuing_docs

            return issuing_docs.issue_report(db, year, period, on, actor, texts=texts)

        def done(new) -> None:
            dlg.accept()
            self._select_after = new.id
            self.window_.statusBar().showMessage(tr("Đã ban hành báo cáo số {number} (mã {id}).").format(
                number=number_word(new), id=new.id), 10000)
            self.reprint(new)

        run_change(work, done, owner=self, events=self.window_.events, kinds={events.DOCUMENTS}, job="decision",
                   on_error=_in_dialog(dlg))
