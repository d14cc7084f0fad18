"""The year-end review (bình xét) in the window: candidates with each finding's reason and source, the
council meeting with attendance, the secret-ballot tally per candidate against ALL council members,
the commune's decision and the proposal to the province (numbered from the year's register and
printed through the 'Văn bản' preview), and award history per person or collective across years.

Installed as a window extension: ``install(window)``; not in a province workspace. ``window.db`` and
``window.records`` are read at the moment of use (a restore replaces them). Eligibility checks and
documents run off the GUI thread through ``run_task``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.models import Column, ObjectRole, ObjectTableModel, SortRole  # noqa: F401  (SortRole: importable here)
from desktop.ui.models import Index as _Index
from desktop.ui.tasks import run_task
from desktop.shared.fmt import group


STATUS_COLORS = {"ok": "#1b5e20", "warning": "#8a5a00", "blocked": "#b00020", "done": "#1f4e99"}
MARKS = {"ok": "✔", "warning": "?", "blocked": "✘", "done": "★"}
SUBJECT_WORDS = {"person": QT_TR_NOOP("Cá nhân"), "collective": QT_TR_NOOP("Tập thể"),
                 "household": QT_TR_NOOP("Hộ gia đình")}
PREFIX_LABELS = [("TM.", QT_TR_NOOP("TM. (thay mặt Ủy ban nhân dân)")), ("KT.", QT_TR_NOOP("KT. (ký thay Chủ tịch)")),
                 ("Q.", QT_TR_NOOP("Q. (quyền Chủ tịch)")), ("TL.", QT_TR_NOOP("TL. (thừa lệnh)")),
                 ("TUQ.", QT_TR_NOOP("TUQ. (thừa ủy quyền)")), ("", QT_TR_NOOP("(không ghi thẩm quyền)"))]


def _message(exc: Exception) -> str:
    return exc.message if isinstance(exc, UserError) else tr("Lỗi không mong muốn: {error}").format(error=exc)


def _pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",").replace(",0", "") + " %"


def _money(n: int | None) -> str:
    return group(n)


def open_csv(parent) -> Path | None:
    """Ask for the CSV file of earlier years' awards (tests replace this)."""
    from desktop.ui import file_dialogs

    return file_dialogs.open_file(parent, file_dialogs.CSV, tr("Nhập lịch sử khen thưởng các năm trước"),
                                  tr("Tệp CSV (*.csv)"))


# =========================================================================== table models


# Column and ObjectTableModel: desktop.ui.models (the one base of the window's object tables)


def _findings_tip(c) -> str:
    lines = [f"{c.name} – {c.title_name}: {c.status_label}"]
    for f in c.findings:
        line = f"{MARKS[f.status]} {f.reason}"
        if f.source:
            line += "\n    " + tr("Căn cứ: {source}").format(source=f.source)
        lines.append(line)
    return "\n".join(lines)


class CandidateRow:
    """A candidate of the review with what the page adds: the ballot rule and the recorded tally."""

    def __init__(self, c, ballot_rule, ballot: dict | None):
        self.c = c
        self.rule = ballot_rule           # BallotRule when a secret ballot is required, else None
        self.ballot = ballot              # the latest recorded tally of the year, or None

    @property
    def decided(self) -> str:
        """The award of this year already in the history (a decision was made), else ""."""
        f = self.c.decided
        return f.reason if f is not None else ""

    @property
    def voted_down(self) -> bool:
        return self.rule is not None and self.ballot is not None and not self.ballot["passed"]

    @property
    def state(self) -> str:
        if self.decided:
            return "done"
        return "blocked" if self.voted_down else self.c.status

    @property
    def status_label(self) -> str:
        from desktop.core.review import STATUS_LABELS

        if self.decided:
            return tr("Đã có quyết định khen thưởng")
        if self.voted_down:
            return tr("Không đạt tỷ lệ phiếu bầu")
        return tr(STATUS_LABELS[self.c.status])

    def __getattr__(self, name):  # name, title_name, findings, subject, ...
        return getattr(self.c, name)

    def ballot_text(self) -> str:
        if self.rule is None:
            return tr("Không cần")
        if self.ballot is None:
            return tr("Cần từ {percent}: chưa bỏ phiếu").format(percent=_pct(float(self.rule.min_percent)))
        text = tr("Đạt ({yes}/{total})") if self.ballot["passed"] else tr("Không đạt ({yes}/{total})")
        return text.format(yes=self.ballot["yes"], total=self.ballot["members_total"])

    def reason(self) -> str:
        if self.decided:
            return self.decided
        if self.voted_down:
            return tr("{reason} [Căn cứ: {source}]").format(reason=self.ballot["reason"], source=self.rule.source)
        text = self.c.summary()
        if self.c.status != "ok":
            src = next((f.source for f in self.c.findings if f.status == self.c.status and f.source), "")
            if src:
                text = tr("{reason} [Căn cứ: {source}]").format(reason=text, source=src)
        return text


class CandidatesModel(ObjectTableModel):
    columns = [
        Column(QT_TR_NOOP("Họ và tên / Tên tập thể"), lambda r: r.name, lambda r: r.name.lower(), _findings_tip),
        Column(QT_TR_NOOP("Đối tượng"), lambda r: tr(SUBJECT_WORDS[r.subject_type]) if r.subject_type in SUBJECT_WORDS
               else ""),
        Column(QT_TR_NOOP("Danh hiệu, hình thức"), lambda r: r.title_name),
        Column(QT_TR_NOOP("Cấp quyết định"),
               lambda r: tr("Xã quyết định") if r.commune_decides else tr("Đề nghị cấp trên")),
        Column(QT_TR_NOOP("Kết quả xét"), lambda r: f"{MARKS[r.state]} {r.status_label}",
               lambda r: {"ok": 0, "warning": 1, "blocked": 2, "done": 3}[r.state], _findings_tip),
        Column(QT_TR_NOOP("Bỏ phiếu kín"), lambda r: r.ballot_text()),
        Column(QT_TR_NOOP("Ưu tiên khi bằng nhau"), lambda r: r.c.priority),
        Column(QT_TR_NOOP("Lý do và căn cứ"), lambda r: r.reason(), None, _findings_tip),
    ]

    def color(self, obj) -> str | None:
        return STATUS_COLORS.get(obj.state)


class AttendanceModel(ObjectTableModel):
    """Council members with two checkable columns: present, absent with a written vote."""

    PRESENT, WRITTEN = 2, 3
    columns = [Column(QT_TR_NOOP("Họ và tên"), lambda m: m["name"]),
               Column(QT_TR_NOOP("Chức danh trong Hội đồng"), lambda m: m["role"]),
               Column(QT_TR_NOOP("Có mặt"), lambda m: ""),
               Column(QT_TR_NOOP("Vắng, có phiếu bằng văn bản"), lambda m: "")]
    editable = True

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.CheckStateRole and index.column() in (self.PRESENT, self.WRITTEN):
            m = self.items[index.row()]
            on = m["present"] if index.column() == self.PRESENT else m["written_vote"]
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return super().data(index, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and index.column() in (self.PRESENT, self.WRITTEN) and self.editable:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or not self.editable \
                or index.column() not in (self.PRESENT, self.WRITTEN):
            return False
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        m = self.items[index.row()]
        if index.column() == self.PRESENT:
            m["present"] = on
            if on:
                m["written_vote"] = False
        else:
            m["written_vote"] = on
            if on:
                m["present"] = False
        left, right = self.index(index.row(), self.PRESENT), self.index(index.row(), self.WRITTEN)
        self.dataChanged.emit(left, right, [Qt.ItemDataRole.CheckStateRole])
        return True


class BallotsModel(ObjectTableModel):
    """Candidates whose title needs a secret ballot, with the threshold on ALL council members."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.members_total = 0

    def threshold(self, r: CandidateRow) -> str:
        import math
        from decimal import Decimal

        pct = _pct(float(r.rule.min_percent))
        if not self.members_total:
            return tr("Từ {percent} tổng số thành viên").format(percent=pct)
        need = math.ceil(Decimal(self.members_total) * r.rule.min_percent / 100 - Decimal("1e-9"))
        return tr("Từ {percent}: ít nhất {need}/{total} phiếu").format(percent=pct, need=need, total=self.members_total)

    @property
    def columns(self):  # type: ignore[override]
        return [
            Column(QT_TR_NOOP("Họ và tên / Tên tập thể"), lambda r: r.name, lambda r: r.name.lower(), _findings_tip),
            Column(QT_TR_NOOP("Danh hiệu"), lambda r: r.title_name),
            Column(QT_TR_NOOP("Ngưỡng phiếu đồng ý"), self.threshold, None,
                   lambda r: tr("Căn cứ: {source}").format(source=r.rule.source)),
            Column(QT_TR_NOOP("Kết quả kiểm phiếu"), lambda r: r.ballot_text(), None,
                   lambda r: r.ballot["reason"] if r.ballot else None),
            Column(QT_TR_NOOP("Ưu tiên khi bằng nhau"), lambda r: r.c.priority),
        ]

    def color(self, obj) -> str | None:
        if obj.ballot is None:
            return None
        return STATUS_COLORS["ok" if obj.ballot["passed"] else "blocked"]


class DecisionsModel(ObjectTableModel):
    columns = [
        Column(QT_TR_NOOP("Văn bản"), lambda d: tr("Quyết định") if d.kind == "decision" else tr("Tờ trình")),
        Column(QT_TR_NOOP("Số"), lambda d: d.number_text, lambda d: (d.kind, d.number)),
        Column(QT_TR_NOOP("Ngày ký"), lambda d: f"{d.signed_on:%d/%m/%Y}", lambda d: d.signed_on),
        Column(QT_TR_NOOP("Người ký"),
               lambda d: " ".join(x for x in (d.authority_prefix, d.signer_title, d.signer_name) if x)),
        Column(QT_TR_NOOP("Số trường hợp"), lambda d: len(d.rows), lambda d: len(d.rows), align="R"),
        Column(QT_TR_NOOP("Tổng tiền thưởng (đồng)"), lambda d: _money(d.total_amount) if d.kind == "decision" else "",
               lambda d: d.total_amount, align="R"),
    ]


class SubjectsModel(ObjectTableModel):
    columns = [Column(QT_TR_NOOP("Họ và tên / Tên tập thể"), lambda s: s[2]),
               Column(QT_TR_NOOP("Đối tượng"), lambda s: tr(SUBJECT_WORDS[s[0]])),
               Column(QT_TR_NOOP("Đơn vị, loại"), lambda s: s[3])]


class HistoryModel(ObjectTableModel):
    columns = [
        Column(QT_TR_NOOP("Năm"), lambda h: h["year"], lambda h: h["year"], align="C"),
        Column(QT_TR_NOOP("Danh hiệu, hình thức"), lambda h: h["title_name"]),
        Column(QT_TR_NOOP("Số quyết định"), lambda h: h["decision_no"]),
        Column(QT_TR_NOOP("Ngày quyết định"), lambda h: f"{h['decision_date']:%d/%m/%Y}" if h["decision_date"] else "",
               lambda h: h["decision_date"] or dt.date.min),
        Column(QT_TR_NOOP("Nguồn"), lambda h: h["source_label"]),
    ]


def _view(model: QAbstractTableModel, stretch: int | None = None) -> QTableView:
    v = QTableView()
    v.setModel(model)
    v.setSortingEnabled(True)
    v.setAlternatingRowColors(True)
    v.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    v.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    v.verticalHeader().setVisible(False)
    v.setWordWrap(False)
    h = v.horizontalHeader()
    h.setStretchLastSection(True)
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return v


def _selected(view: QTableView) -> Any:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return view.model().data(rows[0], ObjectRole) if rows else None


# =========================================================================== the page


class ReviewPage(QWidget):
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

    # ------------------------------------------------------------------ tab 1: candidates
    def _build_candidates_tab(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Hiện:")))
        self.filter = QComboBox()
        for key, label in (("", tr("Tất cả trường hợp")), ("ok", tr("Đủ điều kiện")),
                           ("warning", tr("Hội đồng cần xem xét")), ("blocked", tr("Chưa đủ điều kiện")),
                           ("ballot", tr("Cần bỏ phiếu kín")), ("done", tr("Đã có quyết định"))):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(lambda _i: self._fill_candidates())
        bar.addWidget(self.filter)
        bar.addStretch(1)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.cand_model = CandidatesModel(self)
        self.cand_view = _view(self.cand_model)
        self.cand_view.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # eligible first, in the check's order
        self.cand_view.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        split.addWidget(self.cand_view)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(tr("Chọn một dòng để xem từng tiêu chuẩn, lý do và căn cứ."))
        split.addWidget(self.detail)
        split.setSizes([420, 220])
        lay.addWidget(split, 1)
        self.tabs.addTab(w, tr("1. Đối tượng và tiêu chuẩn"))

    def _show_detail(self) -> None:
        r = _selected(self.cand_view)
        if r is None:
            self.detail.clear()
            return
        e = html.escape
        parts = [f"<h3>{e(r.name)} – {e(r.title_name)}</h3>",
                 f"<p>{e(r.detail)}" + (" · " if r.detail else "")
                 + tr("{authority} quyết định").format(authority=e(r.authority))
                 + ("" if r.registered else " · <i>" + tr("phần mềm gợi ý (không đăng ký)") + "</i>") + "</p>",
                 f"<p><b style='color:{STATUS_COLORS[r.state]}'>{e(r.status_label)}</b></p><ul>"]
        for f in r.findings:
            src = ("<br><span style='color:#555'>" + tr("Căn cứ: {source}").format(source=e(f.source)) + "</span>"
                   if f.source else "")
            parts.append(f"<li><span style='color:{STATUS_COLORS[f.status]}'>{MARKS[f.status]}</span> "
                         f"{e(f.reason)}{src}</li>")
        parts.append("</ul>")
        if r.rule is not None:
            parts.append(tr("<p>Cần bỏ phiếu kín: từ {percent} tổng số thành viên Hội đồng đồng ý ({source}). "
                            "Kết quả: {result}</p>").format(
                percent=_pct(float(r.rule.min_percent)), source=e(r.rule.source),
                result=e(r.ballot["reason"] if r.ballot else tr("chưa bỏ phiếu"))))
        if r.c.priority:
            parts.append("<p>" + tr("Ưu tiên khi bằng nhau: {priority}.").format(priority=e(r.c.priority)) + "</p>")
        self.detail.setHtml("".join(parts))

    def _fill_candidates(self) -> None:
        key = self.filter.currentData()
        if key == "ballot":
            items = [r for r in self.rows if r.rule is not None]
        elif key:
            items = [r for r in self.rows if r.state == key]
        else:
            items = list(self.rows)
        self.cand_model.set_items(items)
        h = self.cand_view.horizontalHeader()
        self.cand_model.sort(h.sortIndicatorSection(), h.sortIndicatorOrder())
        self.cand_view.resizeColumnsToContents()
        for col in (0, 2, 3, 5):
            self.cand_view.setColumnWidth(col, min(self.cand_view.columnWidth(col), 260))
        self.detail.clear()

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
        buttons = QHBoxLayout()
        self.save_meeting_button = QPushButton(tr("Ghi cuộc họp"))
        self.save_meeting_button.clicked.connect(self.save_meeting)
        self.minutes_button = QPushButton(tr("In biên bản họp…"))
        self.minutes_button.clicked.connect(self.print_minutes)
        self.slips_button = QPushButton(tr("In phiếu bầu…"))
        self.slips_button.clicked.connect(self.print_slips)
        buttons.addWidget(self.save_meeting_button)
        buttons.addWidget(self.minutes_button)
        buttons.addWidget(self.slips_button)
        buttons.addStretch(1)
        ll.addLayout(buttons)
        lay.addWidget(left, 2)

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
        self.ballot_info = QLabel(tr("Chọn một trường hợp, nhập số phiếu theo biên bản kiểm phiếu."))
        self.ballot_info.setWordWrap(True)
        self.ballot_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.ballot_info)
        lay.addWidget(right, 3)
        self.tabs.addTab(w, tr("2. Họp Hội đồng và bỏ phiếu"))

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
            self.save_meeting_button.setEnabled(bool(council))
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
        self.ballot_button.setEnabled(m is not None)
        self.minutes_button.setEnabled(m is not None)
        self._fill_ballots()

    def _attendance_info(self) -> None:
        items = self.att_model.items
        present = sum(1 for a in items if a["present"])
        written = sum(1 for a in items if not a["present"] and a["written_vote"])
        absent = len(items) - present
        if not items:
            self.att_info.setText("<span style='color:#b00020'>"
                                  + tr("Chưa có thành viên Hội đồng. Hãy nhập danh sách "
                                       "ở trang “Hội đồng thi đua” trước.") + "</span>")
            return
        if written:
            text = tr("Tổng số thành viên: {total}; có mặt: {present}; vắng: {absent} "
                      "(trong đó {written} bỏ phiếu bằng văn bản).")
        else:
            text = tr("Tổng số thành viên: {total}; có mặt: {present}; vắng: {absent}.")
        self.att_info.setText(text.format(total=len(items), present=present, absent=absent, written=written))

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
            mid = self.review().open_meeting(year, held_on, present, written, place=self.meeting_place.text())
        except UserError as exc:
            prompts.error(self, tr("Chưa ghi được cuộc họp"), exc.message)
            return None
        w.statusBar().showMessage(tr("Đã ghi cuộc họp ngày {date}.").format(date=f"{held_on:%d/%m/%Y}"), 8000)
        self.meetings = self.review().meetings(year)
        self._fill_meetings(mid)
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
        return out

    # ------------------------------------------------------------------ tab 3: decision and proposal
    def _build_decision_tab(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        box = QGroupBox(tr("Lập văn bản"))
        form = QFormLayout(box)
        self.signed_on = QDateEdit()
        self.signed_on.setCalendarPopup(True)
        self.signed_on.setDisplayFormat("dd/MM/yyyy")
        self.signed_on.setDate(QDate.currentDate())
        self.signed_on.dateChanged.connect(lambda _d: self._update_number_hint())
        form.addRow(tr("Ngày ký:"), self.signed_on)
        self.signer = QLineEdit()
        form.addRow(tr("Người ký:"), self.signer)
        self.signer_title = QLineEdit("Chủ tịch")  # i18n: keep (printed on the document)
        form.addRow(tr("Chức vụ người ký:"), self.signer_title)
        self.prefix = QComboBox()
        for code, label in PREFIX_LABELS:
            self.prefix.addItem(tr(label), code)
        form.addRow(tr("Thẩm quyền ký:"), self.prefix)
        self.number = QSpinBox()
        self.number.setRange(0, 9999)
        self.number.setSpecialValueText(tr("Tự động"))
        form.addRow(tr("Số văn bản:"), self.number)
        self.number_hint = QLabel()
        form.addRow("", self.number_hint)
        self.include_warnings = QCheckBox(tr("Đưa cả các trường hợp “Hội đồng cần xem xét” (Hội đồng đã xác nhận)"))
        form.addRow("", self.include_warnings)
        row = QHBoxLayout()
        self.decision_button = QPushButton(tr("Lập quyết định…"))
        self.decision_button.setToolTip(tr("Quyết định của Chủ tịch UBND xã cho các danh hiệu do xã quyết định, "
                                           "kèm danh sách và tiền thưởng"))
        self.decision_button.clicked.connect(lambda: self.make_document("decision"))
        self.proposal_button = QPushButton(tr("Lập tờ trình…"))
        self.proposal_button.setToolTip(tr("Tờ trình đề nghị Chủ tịch UBND tỉnh khen thưởng các trường hợp do cấp trên "
                                           "quyết định"))
        self.proposal_button.clicked.connect(lambda: self.make_document("proposal"))
        row.addWidget(self.decision_button)
        row.addWidget(self.proposal_button)
        row.addStretch(1)
        form.addRow("", row)
        lay.addWidget(box)
        self.left_out = QTextBrowser()
        self.left_out.setMaximumHeight(150)
        self.left_out.setPlaceholderText(tr("Sau khi lập văn bản, các trường hợp không được đưa vào và lý do hiện ở đây."))
        lay.addWidget(self.left_out)
        lay.addWidget(QLabel(tr("Quyết định, tờ trình đã lập trong năm:")))
        self.dec_model = DecisionsModel(self)
        self.dec_view = _view(self.dec_model)
        lay.addWidget(self.dec_view, 1)
        row2 = QHBoxLayout()
        self.reprint_button = QPushButton(tr("In lại văn bản đã chọn…"))
        self.reprint_button.clicked.connect(self.reprint)
        row2.addWidget(self.reprint_button)
        row2.addStretch(1)
        lay.addLayout(row2)
        self.tabs.addTab(w, tr("3. Quyết định và tờ trình"))

    def _update_number_hint(self) -> None:
        q = self.signed_on.date()
        on = dt.date(q.year(), q.month(), q.day())
        try:
            rv = self.review()
            nd, np_ = rv.next_number("decision", on), rv.next_number("proposal", on)
        except UserError:
            return
        self.number_hint.setText(tr("Số tiếp theo trong sổ văn bản năm {year}: quyết định {decision}/QĐ-UBND, "
                                    "tờ trình {proposal}/TTr-UBND.").format(year=on.year, decision=nd, proposal=np_))

    def make_document(self, kind: str) -> None:
        """Build and store the decision (or proposal) off the GUI thread, then show it in the preview."""
        w = self.window_
        q = self.signed_on.date()
        on = dt.date(q.year(), q.month(), q.day())
        year = self.year.value()
        m = self.current_meeting() or (self.meetings[-1] if self.meetings else None)
        number = self.number.value() or None
        plan_args = dict(year=year, signed_on=on, meeting_id=m.id if m is not None else None,
                         include_warnings=self.include_warnings.isChecked(), kind=kind)
        args = dict(plan_args, signer_name=self.signer.text(), signer_title=self.signer_title.text(),
                    authority_prefix=self.prefix.currentData(), number=number)
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
            self.reload()
            self.print_decision(info)

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            prompts.error(self, title, _message(exc))

        self._set_busy(True)
        run_task(lambda _p, _c: review.plan(**plan_args), planned, failed)

    @staticmethod
    def _question(kind: str, year: int, on: dt.date, plan) -> str:
        """The confirmation: the number of cases the document will hold, counted by the rule decide() uses."""
        if kind == "decision":
            text = tr("Lập quyết định khen thưởng năm {year}, ký ngày {date}? Văn bản sẽ được lấy số trong sổ "
                      "văn bản.")
        else:
            text = tr("Lập tờ trình đề nghị cấp trên năm {year}, ký ngày {date}? Văn bản sẽ được lấy số trong sổ "
                      "văn bản.")
        parts = [text.format(year=year, date=f"{on:%d/%m/%Y}"),
                 tr("Văn bản gồm {count} trường hợp.").format(count=len(plan.chosen))]
        if plan.warnings:
            parts.append(tr("Trong đó {count} trường hợp “Hội đồng cần xem xét” (Hội đồng đã xác nhận).")
                         .format(count=plan.warnings))
        if plan.left_out:
            parts.append(tr("Không đưa vào {count} trường hợp (chưa đủ điều kiện, chưa đạt hoặc chưa bỏ phiếu kín, "
                            "đã có quyết định); danh sách và lý do hiện sau khi lập.").format(count=len(plan.left_out)))
        if plan.other_document:  # every case is accounted for: the rest belong to the other document
            parts.append(tr("{count} trường hợp khác thuộc thẩm quyền cấp trên, được đưa vào tờ trình đề nghị, "
                            "không vào quyết định này.").format(count=plan.other_document) if kind == "decision" else
                         tr("{count} trường hợp khác do Chủ tịch UBND xã quyết định, được đưa vào quyết định khen "
                            "thưởng của xã, không vào tờ trình này.").format(count=plan.other_document))
        return " ".join(parts)

    def _show_left_out(self, info) -> None:
        e = html.escape
        if info.kind == "decision":
            head = tr("<p><b>Quyết định số {number}</b>: %n trường hợp, tổng tiền thưởng {amount} đồng.</p>", "",
                      len(info.rows))
        else:
            head = tr("<p><b>Tờ trình số {number}</b>: %n trường hợp.</p>", "", len(info.rows))
        parts = [head.format(number=e(info.number_text), amount=_money(info.total_amount))]
        for n in info.notes:
            parts.append("<p style='color:#8a5a00'>" + tr("Lưu ý: {note}").format(note=e(n)) + "</p>")
        if info.left_out:
            parts.append("<p>" + tr("Không đưa vào ({count} trường hợp):").format(count=len(info.left_out)) + "</p><ul>")
            parts += [f"<li>{e(n)} – {e(t)}: {e(r)}</li>" for n, t, r in info.left_out]
            parts.append("</ul>")
        self.left_out.setHtml("".join(parts))

    def print_decision(self, info) -> None:
        db = self.window_.db
        kind, year, number = info.kind, info.year, info.number

        def work(progress, cancelled):
            from desktop.reports import review_docs
            from desktop.reports.documents import story_of, to_pdf

            doc = review_docs.build(db, kind, year, number=number)
            return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled)

        name = "quyet-dinh" if kind == "decision" else "to-trinh"
        self.window_.extensions.reports.run(work, f"{name}-{number:02d}-{year}.pdf")

    def reprint(self) -> None:
        d = _selected(self.dec_view)
        if d is None:
            prompts.error(self, tr("Chưa chọn văn bản"), tr("Hãy chọn quyết định hoặc tờ trình cần in lại."))
            return
        self.print_decision(d)

    def print_minutes(self) -> None:
        m = self.current_meeting()
        if m is None:
            prompts.error(self, tr("Chưa có cuộc họp"), tr("Hãy ghi cuộc họp Hội đồng trước khi in biên bản."))
            return
        db, year, mid = self.window_.db, self.year.value(), m.id

        def work(progress, cancelled):
            from desktop.reports import review_docs
            from desktop.reports.documents import story_of, to_pdf

            doc = review_docs.minutes_doc(db, year, mid)
            return story_of(doc)[1].title, to_pdf(doc, progress=progress, cancelled=cancelled)

        self.window_.extensions.reports.run(work, f"bien-ban-hop-{m.held_on:%Y-%m-%d}.pdf")

    def print_slips(self) -> None:
        self.window_.extensions.reports.print_kind("ballots", year=self.year.value())

    # ------------------------------------------------------------------ tab 4: award history
    def _build_history_tab(self) -> None:
        w = QWidget()
        lay = QHBoxLayout(w)
        left = QVBoxLayout()
        self.subject_search = QLineEdit()
        self.subject_search.setPlaceholderText(tr("Tìm cá nhân, tập thể (gõ không dấu cũng được)…"))
        self.subject_search.textChanged.connect(lambda _t: self.search_subjects())
        left.addWidget(self.subject_search)
        self.subj_model = SubjectsModel(self)
        self.subj_view = _view(self.subj_model)
        self.subj_view.selectionModel().selectionChanged.connect(lambda *_: self.show_history())
        left.addWidget(self.subj_view, 1)
        self.import_button = QPushButton(tr("Nhập lịch sử các năm trước từ tệp CSV…"))
        self.import_button.setToolTip(tr("Tệp CSV (UTF-8) có các cột: loai, ma_dinh_danh, ho_ten, nam, ma_danh_hieu, "
                                         "so_quyet_dinh, ngay_quyet_dinh"))
        self.import_button.clicked.connect(lambda: self.import_history())
        left.addWidget(self.import_button)
        lay.addLayout(left, 2)
        right = QVBoxLayout()
        self.history_title = QLabel(tr("Chọn một cá nhân, tập thể để xem các danh hiệu, hình thức khen thưởng qua các năm."))
        self.history_title.setWordWrap(True)
        right.addWidget(self.history_title)
        self.hist_model = HistoryModel(self)
        self.hist_view = _view(self.hist_model)
        right.addWidget(self.hist_view, 1)
        add = QGroupBox(tr("Thêm khen thưởng năm trước cho đối tượng đang chọn"))
        af = QHBoxLayout(add)
        self.hist_year = QSpinBox()
        self.hist_year.setRange(1945, 2100)
        self.hist_year.setValue(dt.date.today().year - 1)
        self.hist_title = QComboBox()
        self.hist_title.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.hist_no = QLineEdit()
        self.hist_no.setPlaceholderText(tr("Số quyết định, ví dụ 12/QĐ-UBND"))
        self.hist_add = QPushButton(tr("Thêm"))
        self.hist_add.clicked.connect(self.add_history)
        for label, wid in ((tr("Năm:"), self.hist_year), (tr("Danh hiệu:"), self.hist_title),
                           (tr("Số QĐ:"), self.hist_no)):
            af.addWidget(QLabel(label))
            af.addWidget(wid)
        af.addWidget(self.hist_add)
        right.addWidget(add)
        lay.addLayout(right, 3)
        self.tabs.addTab(w, tr("4. Lịch sử khen thưởng"))

    def search_subjects(self) -> None:
        recs = self.window_.records
        text = self.subject_search.text()
        items = []
        for kind in ("person", "collective"):
            page = recs.search_page(kind, text, limit=100)
            for row in page.rows:
                shown = recs.display_row(kind, row)
                items.append((kind, row[0], shown[0], ", ".join(x for x in shown[1:4] if x)[:120]))
        self.subj_model.set_items(items)
        self.subj_view.resizeColumnsToContents()
        self.subj_view.setColumnWidth(0, min(self.subj_view.columnWidth(0), 240))

    def show_history(self) -> None:
        s = _selected(self.subj_view)
        if s is None:
            return
        try:
            rows = self.review().history((s[0], s[1]))
        except UserError as exc:
            prompts.error(self, tr("Không xem được lịch sử"), exc.message)
            return
        self.hist_model.set_items(rows)
        self.hist_view.resizeColumnsToContents()
        years = sorted({h["year"] for h in rows})
        n = len(rows)
        if not years:
            text = tr("<b>{name}</b> ({subject}): %n lần được khen thưởng.", "", n)
        elif len(years) == 1:
            text = tr("<b>{name}</b> ({subject}): %n lần được khen thưởng, năm {first}.", "", n)
        else:
            text = tr("<b>{name}</b> ({subject}): %n lần được khen thưởng, từ năm {first} đến năm {last}.", "", n)
        self.history_title.setText(text.format(name=html.escape(s[2]), subject=tr(SUBJECT_WORDS[s[0]]).lower(),
                                               first=years[0] if years else "", last=years[-1] if years else ""))
        cat = self.review().catalog
        keep = self.hist_title.currentData()
        self.hist_title.clear()
        for code, t in cat.titles.items():
            if s[0] in t.for_:
                self.hist_title.addItem(t.name, code)
        self.hist_title.setCurrentIndex(max(self.hist_title.findData(keep), 0))

    def add_history(self) -> bool:
        s = _selected(self.subj_view)
        if s is None:
            prompts.error(self, tr("Chưa chọn đối tượng"), tr("Hãy chọn cá nhân, tập thể cần thêm lịch sử khen thưởng."))
            return False
        try:
            self.review().add_history((s[0], s[1]), self.hist_year.value(), self.hist_title.currentData() or "",
                                      self.hist_no.text())
        except UserError as exc:
            prompts.error(self, tr("Chưa thêm được"), exc.message)
            return False
        self.hist_no.clear()
        self.show_history()
        self.reload()
        return True

    def import_history(self, path: Path | None = None) -> int:
        path = path or open_csv(self)
        if path is None:
            return 0
        try:
            n = self.review().import_history_csv(path)
        except UserError as exc:
            prompts.error(self, tr("Không nhập được lịch sử khen thưởng"), exc.message)
            return 0
        prompts.inform(self, tr("Đã nhập"),
                       tr("Đã nhập %n dòng lịch sử khen thưởng từ {file}.", "", n).format(file=path.name))
        self.show_history()
        self.reload()
        return n

    # ------------------------------------------------------------------ loading
    def review(self):
        from desktop.core.review import Review

        w = self.window_
        return Review(w.db.session, w.records.actor if w.records else "")

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
        self.rows = [CandidateRow(c, cat.titles[c.title_code].ballot if c.title_code in cat.titles else None, None)
                     for c in result.candidates]
        self._apply_ballots()
        self._fill_candidates()
        self._fill_meetings()
        self.dec_model.set_items(decisions)
        self.dec_view.resizeColumnsToContents()
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
            "{blocked}, đã có quyết định {done}. Danh mục danh hiệu phiên bản {version}; {salary}. Mỗi lý do ghi rõ "
            "căn cứ; di chuột hoặc chọn một dòng để xem.").format(
                year=result.year, total=len(self.rows), ok=counts["ok"], warning=counts["warning"],
                blocked=counts["blocked"], done=counts["done"], version=result.catalog_version,
                salary=self._salary_text(self.catalog, result.on)))

    def _fill_candidates_keep(self) -> None:
        sel = _selected(self.cand_view)
        self._fill_candidates()
        if sel is not None:
            row = next((i for i, x in enumerate(self.cand_model.items)
                        if (x.subject, x.title_code) == (sel.subject, sel.title_code)), None)
            if row is not None:
                self.cand_view.selectRow(row)


def install(window) -> None:
    if window.is_province:
        return
    page = ReviewPage(window)
    window.extensions.review = page
    window.add_page("review", tr("Bình xét"), page)
