"""Tab 1 of the review page: the candidates with each finding's reason and source."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.i18n import tr
from desktop.ui.review.common import MARKS, STATUS_COLORS, _pct, _selected, _view
from desktop.ui.review.models import CandidatesModel


class CandidatesTab:
    """Mixin of ReviewPage: the candidates table, its filter and the detail of the selected row."""

    # ------------------------------------------------------------------ tab 1: candidates
    def _build_candidates_tab(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Hiện:")))
        self.filter = QComboBox()
        for key, label in (("", tr("Tất cả trường hợp")), ("ok", tr("Đủ điều kiện")),
                           ("warning", tr("Hội đồng cần xem xét")), ("blocked", tr("Chưa đủ điều kiện")),
                           ("ballot", tr("Cần bỏ phiếu kín")), ("done", tr("Đã có quyết định")),
                           ("elsewhere", tr("Nơi khác quyết định"))):
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


    def _fill_candidates_keep(self) -> None:
        sel = _selected(self.cand_view)
        self._fill_candidates()
        if sel is not None:
            row = next((i for i, x in enumerate(self.cand_model.items)
                        if (x.subject, x.title_code) == (sel.subject, sel.title_code)), None)
            if row is not None:
                self.cand_view.selectRow(row)

