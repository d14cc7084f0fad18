"""Tab 2 of the review page, the widgets: the council meeting with attendance and the ballot table."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.catalog import CouncilRule
from desktop.core.review import attendance_problem, quorum_line, seat_problems
from desktop.shared.errors import UserError
from desktop.ui.dialog_parts import problem_line
from desktop.ui.i18n import tr
from desktop.ui.review.common import _selected, _view
from desktop.ui.review.models import AttendanceModel, BallotsModel, CandidateRow


class MeetingView:
    """Mixin of ReviewPage: the meeting tab's layout and what it shows."""

    # ------------------------------------------------------------------ tab 2: meeting and ballots
    def _build_meeting_tab(self) -> None:
        w = QWidget()
        lay = QHBoxLayout(w)
        left = QGroupBox(tr("Cuộc họp Hội đồng Thi đua - Khen thưởng"))
        ll = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Cuộc họp:")))
        self.meeting_combo = QComboBox()
        self.meeting_combo.currentIndexChanged.connect(lambda _i: self._meeting_changed())
        row.addWidget(self.meeting_combo, 1)
        ll.addLayout(row)
        form = QFormLayout()
        self.meeting_date = QDateEdit()
        self.meeting_date.setCalendarPopup(True)
        self.meeting_date.setDisplayFormat("dd/MM/yyyy")
        self.meeting_date.setDate(QDate.currentDate())
        form.addRow(tr("Ngày họp:"), self.meeting_date)
        self.meeting_place = QLineEdit()
        self.meeting_place.setPlaceholderText(tr("ví dụ: Hội trường Ủy ban nhân dân xã"))
        form.addRow(tr("Địa điểm:"), self.meeting_place)
        ll.addLayout(form)
        members = QLabel(tr("Thành viên Hội đồng (tỷ lệ phiếu tính trên tất cả thành viên, kể cả người vắng):"))
        members.setWordWrap(True)
        ll.addWidget(members)
        self.att_model = AttendanceModel(self)
        self.att_view = _view(self.att_model)
        self.att_view.setEditTriggers(QTableView.EditTrigger.AllEditTriggers)
        ll.addWidget(self.att_view, 1)
        self.att_info = QLabel()
        self.att_info.setWordWrap(True)
        ll.addWidget(self.att_info)
        self.att_model.dataChanged.connect(lambda *_: self._attendance_info())
        ll.addLayout(self._build_seats())
        buttons = QHBoxLayout()
        self.save_meeting_button = QPushButton(tr("Ghi cuộc họp"))
        self.save_meeting_button.clicked.connect(self.save_meeting)
        self.minutes_button = QPushButton(tr("In biên bản họp…"))
        self.minutes_button.clicked.connect(self.print_minutes)
        self.slips_button = QPushButton(tr("In phiếu bầu…"))
        self.slips_button.clicked.connect(self.print_slips)
        self.issue_minutes_button = QPushButton(tr("Ban hành biên bản…"))
        self.issue_minutes_button.setToolTip(tr("Lấy số biên bản trong sổ văn bản và lưu nguyên nội dung; sau đó kết "
                                                "quả biểu quyết, bỏ phiếu của cuộc họp không sửa được nữa"))
        self.issue_minutes_button.clicked.connect(self.issue_minutes)
        buttons.addWidget(self.save_meeting_button)
        buttons.addWidget(self.minutes_button)
        buttons.addWidget(self.slips_button)
        buttons.addStretch(1)
        ll.addLayout(buttons)
        minutes = QHBoxLayout()  # a row of its own: the tab stays narrow enough for a 1366-pixel screen
        minutes.addWidget(self.issue_minutes_button)
        minutes.addStretch(1)
        ll.addLayout(minutes)
        lay.addWidget(left, 2)
        lay.addWidget(self._build_ballot_box(), 3)
        self.tabs.addTab(w, tr("2. Họp Hội đồng và bỏ phiếu"))

    def _build_seats(self) -> QFormLayout:
        """Who chairs and who takes the minutes (members present only), and the red line saying why the
        meeting cannot be recorded yet (below the quorum, no secretary who attended)."""
        seats = QFormLayout()
        self.chair_combo = QComboBox()
        self.chair_combo.setToolTip(tr("Thành viên Hội đồng có mặt chủ trì cuộc họp và ký biên bản"))
        self.secretary_combo = QComboBox()
        self.secretary_combo.setToolTip(tr("Thành viên Hội đồng có mặt làm thư ký: ghi và ký biên bản"))
        for combo in (self.chair_combo, self.secretary_combo):
            combo.currentIndexChanged.connect(lambda _i: self._check_meeting())
        seats.addRow(tr("Chủ trì:"), self.chair_combo)
        seats.addRow(tr("Thư ký:"), self.secretary_combo)
        self.meeting_problem = problem_line()
        seats.addRow(self.meeting_problem)
        return seats

    def _council_rule(self) -> CouncilRule:
        cat = getattr(self, "catalog", None)  # set when the year is loaded
        return cat.council if cat is not None else CouncilRule()

    def _fill_seats(self, m) -> None:
        """The pickers: for a new meeting the members marked present (the choice kept while they stay
        present; at first the council's chairman and its secretary); a recorded meeting shows its own."""
        items = self.att_model.items
        for combo, default_role, recorded in (
                (self.chair_combo, "Chủ tịch Hội đồng",  # i18n: keep (the council role as stored)
                 m.chair_member_id if m is not None else None),
                (self.secretary_combo, "Thư ký",  # i18n: keep (the council role as stored)
                 m.secretary_member_id if m is not None else None)):
            was = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("— chọn thành viên có mặt —"), None)
            if m is None:
                for a in items:
                    if a["present"]:
                        combo.addItem(a["name"], a["member_id"])
                pick = was if was is not None and combo.findData(was) > 0 else \
                    next((a["member_id"] for a in items if a["present"] and a["role"] == default_role), None)
            else:
                name = m.member_name(recorded)
                if name:
                    combo.addItem(name, recorded)
                pick = recorded if name else None
            combo.setCurrentIndex(max(combo.findData(pick), 0) if pick is not None else 0)
            combo.setEnabled(m is None)
            combo.blockSignals(False)

    def _check_meeting(self) -> None:
        """The red line and the save button of a new meeting: below the quorum, or without a chair and a
        secretary who attended (when the catalog asks for them), the meeting cannot be recorded."""
        if self.current_meeting() is not None:
            self.meeting_problem.setText(" ")
            return
        items = self.att_model.items
        present = {a["member_id"] for a in items if a["present"]}
        written = sum(1 for a in items if not a["present"] and a["written_vote"])
        rule = self._council_rule()
        problem = ""
        if items and present:
            problem = attendance_problem(rule, len(items), len(present), written) or next(iter(seat_problems(
                rule, {a["member_id"]: a["name"] for a in items}, present, self.chair_combo.currentData(),
                self.secretary_combo.currentData()).values()), "")
        elif items:
            problem = tr("Chưa đánh dấu thành viên nào có mặt.")
        self.meeting_problem.setText(problem or " ")
        self.save_meeting_button.setEnabled(bool(items) and not problem)

    def _build_ballot_box(self) -> QGroupBox:
        """The right half: the candidates to vote on, one tally or a whole list's, and why not once the
        minutes are issued."""
        right = QGroupBox(tr("Kiểm phiếu kín từng trường hợp"))
        rl = QVBoxLayout(right)
        self.ballot_model = BallotsModel(self)
        self.ballot_view = _view(self.ballot_model)
        self.ballot_view.selectionModel().selectionChanged.connect(lambda *_: self._ballot_selected())
        rl.addWidget(self.ballot_view, 1)
        entry = QHBoxLayout()
        self.yes = QSpinBox()
        self.no = QSpinBox()
        self.invalid = QSpinBox()
        for label, box in ((tr("Đồng ý:"), self.yes), (tr("Không đồng ý:"), self.no),
                           (tr("Không hợp lệ:"), self.invalid)):
            box.setRange(0, 999)
            entry.addWidget(QLabel(label))
            entry.addWidget(box)
        self.ballot_button = QPushButton(tr("Ghi kết quả kiểm phiếu"))
        self.ballot_button.clicked.connect(self.record_ballot)
        entry.addWidget(self.ballot_button)
        entry.addStretch(1)
        rl.addLayout(entry)
        hands = QHBoxLayout()
        self.vote_list_button = QPushButton(tr("Biểu quyết cả danh sách…"))
        self.vote_list_button.setToolTip(tr("Ghi một kết quả biểu quyết giơ tay cho mọi trường hợp đủ điều kiện của "
                                            "một danh hiệu (ví dụ Lao động tiên tiến)"))
        self.vote_list_button.clicked.connect(self.open_vote_list)
        hands.addWidget(self.vote_list_button)
        hands.addStretch(1)
        rl.addLayout(hands)
        self.frozen_info = QLabel()
        self.frozen_info.setWordWrap(True)
        self.frozen_info.setStyleSheet("color: #1f4e99;")
        self.frozen_info.setVisible(False)
        rl.addWidget(self.frozen_info)
        self.ballot_info = QLabel(tr("Chọn một trường hợp, nhập số phiếu theo biên bản kiểm phiếu."))
        self.ballot_info.setWordWrap(True)
        self.ballot_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.ballot_info)
        return right

    def current_meeting(self):
        i = self.meeting_combo.currentIndex()
        mid = self.meeting_combo.itemData(i) if i >= 0 else None
        return next((m for m in self.meetings if m.id == mid), None)

    def _fill_meetings(self, select_id: int | None = None) -> None:
        cur = select_id if select_id is not None else (self.current_meeting().id if self.current_meeting() else None)
        self.meeting_combo.blockSignals(True)
        self.meeting_combo.clear()
        for m in self.meetings:
            self.meeting_combo.addItem(tr("Họp ngày {date} – có mặt {present}/{total}").format(
                date=f"{m.held_on:%d/%m/%Y}", present=m.present, total=m.members_total), m.id)
        self.meeting_combo.addItem(tr("＋ Cuộc họp mới…"), None)
        idx = next((i for i, m in enumerate(self.meetings) if m.id == cur), len(self.meetings) - 1)
        self.meeting_combo.setCurrentIndex(max(idx, 0) if self.meetings else 0)
        self.meeting_combo.blockSignals(False)
        self._meeting_changed()

    def _meeting_changed(self) -> None:
        m = self.current_meeting()
        if m is None:  # a new meeting: every current council member, present by default
            council = self._council()
            self.att_model.editable = True
            self.att_model.set_items([{"member_id": i, "name": n, "role": r, "present": True, "written_vote": False}
                                      for i, n, r in council])
            self.meeting_date.setEnabled(True)
            self.meeting_place.setEnabled(True)
            self.meeting_place.clear()
            self.ballot_model.members_total = len(council)
        else:
            roles = {i: r for i, _n, r in self._council()}
            self.att_model.editable = False
            self.att_model.set_items([{**a, "role": roles.get(a["member_id"], "")} for a in m.attendance])
            self.meeting_date.setDate(QDate(m.held_on.year, m.held_on.month, m.held_on.day))
            self.meeting_date.setEnabled(False)
            self.meeting_place.setText(m.place)
            self.meeting_place.setEnabled(False)
            self.save_meeting_button.setEnabled(False)
            self.ballot_model.members_total = m.members_total
        self.att_view.resizeColumnsToContents()
        self.att_view.setColumnWidth(AttendanceModel.PRESENT, 70)
        self._attendance_info()
        self.minutes_button.setEnabled(m is not None)
        self._show_frozen(m)
        self._fill_ballots()

    def _show_frozen(self, m) -> None:
        """Once the meeting's minutes are issued its votes are frozen: the inputs are off, and a line
        says why and what to do instead."""
        issued = self.issued_minutes(m) if m is not None else None
        open_ = m is not None and issued is None
        for widget in (self.yes, self.no, self.invalid, self.ballot_button, self.vote_list_button,
                       self.issue_minutes_button):
            widget.setEnabled(open_)
        self.frozen_info.setVisible(issued is not None)
        if issued is not None:
            self.frozen_info.setText(tr(
                "Biên bản cuộc họp này đã ban hành (số {number} ngày {date}): kết quả biểu quyết, bỏ phiếu không sửa "
                "được nữa. Nếu ghi sai, hãy lập biên bản đính chính ở trang “Văn bản đã ban hành”; nếu Hội đồng họp "
                "lại, hãy ghi cuộc họp mới.").format(number=issued.number_text or issued.id,
                                                     date=f"{issued.issued_on:%d/%m/%Y}"))

    def issued_minutes(self, m):
        """The issued minutes of meeting ``m`` (IssuedInfo), or None while its votes may still change."""
        from desktop.app import issuing

        try:
            return issuing.of_source(self.window_.db, "review_meeting", m.id)
        except UserError:
            return None

    def _attendance_info(self) -> None:
        items = self.att_model.items
        present = sum(1 for a in items if a["present"])
        written = sum(1 for a in items if not a["present"] and a["written_vote"])
        absent = len(items) - present
        if not items:
            self.att_info.setText("<span style='color:#b00020'>"
                                  + tr("Chưa có thành viên Hội đồng. Hãy nhập danh sách "
                                       "ở trang “Hội đồng thi đua” trước.") + "</span>")
            self._fill_seats(self.current_meeting())
            self._check_meeting()
            return
        if written:
            text = tr("Tổng số thành viên: {total}; có mặt: {present}; vắng: {absent} "
                      "(trong đó {written} bỏ phiếu bằng văn bản).")
        else:
            text = tr("Tổng số thành viên: {total}; có mặt: {present}; vắng: {absent}.")
        text = text.format(total=len(items), present=present, absent=absent, written=written)
        m = self.current_meeting()
        rule = self._council_rule()
        if m is None and not attendance_problem(rule, len(items), present, written):
            text += " " + quorum_line(rule, len(items), present, written)
        self.att_info.setText(text)
        self._fill_seats(m)
        self._check_meeting()

    def _fill_ballots(self) -> None:
        m = self.current_meeting()
        tallies = {}
        if m is not None:
            for b in m.ballots:
                tallies[(b["subject"], b["title_code"])] = {**b, "members_total": m.members_total}
        items = []
        for r in self.rows:
            tally = tallies.get((r.subject, r.title_code)) if m is not None else None
            if r.rule is None or (r.c.status == "blocked" and tally is None and not r.decided):
                continue
            items.append(CandidateRow(r.c, r.rule, tallies.get((r.subject, r.title_code))
                                      if m is not None else None))
        self.ballot_model.set_items(items)
        self.ballot_view.resizeColumnsToContents()
        for col, most in ((0, 200), (1, 170), (2, 210)):
            self.ballot_view.setColumnWidth(col, min(self.ballot_view.columnWidth(col), most))

    def _ballot_selected(self) -> None:
        r = _selected(self.ballot_view)
        if r is None:
            return
        if r.ballot:
            self.yes.setValue(r.ballot["yes"])
            self.no.setValue(r.ballot["no"])
            self.invalid.setValue(r.ballot["invalid"])
            self.ballot_info.setText(r.ballot["reason"] + "\n" + tr("Căn cứ: {source}").format(source=r.rule.source))
        else:
            self.yes.setValue(0)
            self.no.setValue(0)
            self.invalid.setValue(0)
            self.ballot_info.setText(tr("{name} – {title}: {threshold} (Căn cứ: {source}).").format(
                name=r.name, title=r.title_name, threshold=self.ballot_model.threshold(r), source=r.rule.source))

