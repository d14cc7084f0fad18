"""The council's show of hands on a whole list (all the Lao động tiên tiến at once): the title, from
those the catalog has voted by show of hands, and the tally, recorded for every eligible candidate of
that title (``Meetings.record_votes``, as ``review vote-list`` does)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from desktop.ui.dialog_parts import problem_line, submit_buttons
from desktop.ui.i18n import tr
from desktop.ui.screen import fit_to_screen


def hands_titles(rows, catalog) -> list[tuple[str, str, list]]:
    """(code, name, eligible subjects) of each title of the year's candidates that the council votes
    on by show of hands; eligible: every finding met (as the command line counts them)."""
    from desktop.core.review import OK

    out: dict[str, tuple[str, list]] = {}
    for r in rows:
        code = r.title_code
        if code not in catalog.titles or catalog.ballot_rule(code).secret:
            continue
        name, subjects = out.setdefault(code, (r.title_name, []))
        if r.c.status == OK:
            subjects.append(r.subject)
    return [(code, name, subjects) for code, (name, subjects) in out.items()]


class VoteListDialog(QDialog):
    """``submitted(title_code, subjects, yes, no, invalid)``; stays open until the page says it is done."""

    submitted = Signal(str, object, int, int, int)

    def __init__(self, parent, meeting, titles: list[tuple[str, str, list]]):
        super().__init__(parent)
        self.meeting = meeting
        self.titles = titles
        self.setWindowTitle(tr("Biểu quyết cả danh sách"))
        lay = QVBoxLayout(self)
        hint = QLabel(tr("Hội đồng họp ngày {date} biểu quyết (giơ tay) một lần cho cả danh sách một danh hiệu: kết "
                         "quả được ghi cho mọi trường hợp đủ điều kiện của danh hiệu đó.").format(
                             date=f"{meeting.held_on:%d/%m/%Y}"))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        form = QFormLayout()
        self.title = QComboBox()
        for code, name, subjects in titles:
            self.title.addItem(tr("{title} – {count} trường hợp đủ điều kiện").format(title=name, count=len(subjects)),
                               code)
        form.addRow(tr("Danh hiệu:"), self.title)
        self.yes, self.no, self.invalid = QSpinBox(), QSpinBox(), QSpinBox()
        for label, box in ((tr("Đồng ý:"), self.yes), (tr("Không đồng ý:"), self.no),
                           (tr("Không hợp lệ:"), self.invalid)):
            box.setRange(0, 999)
            form.addRow(label, box)
        self.yes.setValue(meeting.voting)
        lay.addLayout(form)
        self.message = problem_line()
        lay.addWidget(self.message)
        buttons, self.ok_button = submit_buttons(self, tr("Ghi kết quả biểu quyết"), self.submit)
        lay.addWidget(buttons)
        fit_to_screen(self, 540, 340)

    def subjects(self) -> list:
        i = self.title.currentIndex()
        return self.titles[i][2] if 0 <= i < len(self.titles) else []

    def submit(self) -> bool:
        code = self.title.currentData()
        subjects = self.subjects()
        if not subjects:
            self.show_error(tr("Không có trường hợp nào đủ điều kiện danh hiệu này để biểu quyết."))
            return False
        self.message.setText(" ")
        self.submitted.emit(code, subjects, self.yes.value(), self.no.value(), self.invalid.value())
        return True

    def working(self) -> None:
        """The change runs: not asked twice."""
        self.ok_button.setEnabled(False)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.ok_button.setEnabled(True)
