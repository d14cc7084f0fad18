"""The tables of the review page: candidates, council attendance, ballots, decisions, subjects and
their award history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.review.common import (
    MARKS,
    STATUS_COLORS,
    SUBJECT_WORDS,
    Column,
    ObjectTableModel,
    _Index,
    _money,
    _pct,
)


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
        if self.c.elsewhere:
            return "elsewhere"
        return "blocked" if self.voted_down else self.c.status

    @property
    def status_label(self) -> str:
        from desktop.core.review import STATUS_LABELS

        if self.decided:
            return tr("Đã có quyết định khen thưởng")
        if self.c.elsewhere:
            return tr("Do {authority} quyết định").format(authority=self.c.authority)
        if self.voted_down:
            return tr("Không đạt tỷ lệ phiếu bầu")
        return tr(STATUS_LABELS[self.c.status])

    def __getattr__(self, name):  # name, title_name, findings, subject, ...
        return getattr(self.c, name)

    def ballot_text(self) -> str:
        if self.c.elsewhere:
            return ""
        if self.rule is None:
            return tr("Không cần")
        if self.ballot is None:
            return tr("Cần từ {percent}: chưa bỏ phiếu").format(percent=_pct(float(self.rule.min_percent)))
        text = tr("Đạt ({yes}/{total})") if self.ballot["passed"] else tr("Không đạt ({yes}/{total})")
        return text.format(yes=self.ballot["yes"], total=self.ballot["members_total"])

    def reason(self) -> str:
        if self.decided:
            return self.decided
        if self.c.elsewhere:
            f = next((f for f in self.c.findings if f.rule == "authority"), None)
            if f is not None:
                return tr("{reason} [Căn cứ: {source}]").format(reason=f.reason, source=f.source)
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
               lambda r: tr("Nơi khác quyết định") if r.c.elsewhere else tr("Xã quyết định") if r.commune_decides
               else tr("Đề nghị cấp trên")),
        Column(QT_TR_NOOP("Kết quả xét"), lambda r: f"{MARKS[r.state]} {r.status_label}",
               lambda r: {"ok": 0, "warning": 1, "blocked": 2, "done": 3, "elsewhere": 4}[r.state], _findings_tip),
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
        Column(QT_TR_NOOP("Kết quả của tỉnh"), lambda d: _outcomes(d)),
    ]


def _outcomes(d) -> str:
    """A proposal's answers in one cell: "2 được tặng, 1 trả lại" ("" for a decision of the commune)."""
    if d.kind != "proposal":
        return ""
    accepted = sum(1 for r in d.rows if r.outcome == "accepted")
    returned = sum(1 for r in d.rows if r.outcome == "returned")
    if not accepted and not returned:
        return tr("Chưa có")
    text = tr("{accepted} được tặng, {returned} trả lại").format(accepted=accepted, returned=returned)
    waiting = len(d.rows) - accepted - returned
    return text + (tr(", {count} chưa có").format(count=waiting) if waiting else "")


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


