"""Tab 3 of the review page, the widgets: the signer, the number and the documents made in the year."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.errors import UserError
from desktop.ui.i18n import tr
from desktop.ui.review.common import PREFIX_LABELS, _money, _selected, _view
from desktop.ui.review.models import DecisionsModel


class DecisionsView:
    """Mixin of ReviewPage: the decision tab's layout and texts."""

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
        self.draft_decision_button = QPushButton(tr("Xem bản nháp quyết định…"))
        self.draft_decision_button.setToolTip(tr("Quyết định như khi lập, nhưng chưa lấy số và không lưu gì"))
        self.draft_decision_button.clicked.connect(lambda: self.show_draft("decision"))
        self.draft_proposal_button = QPushButton(tr("Xem bản nháp tờ trình…"))
        self.draft_proposal_button.setToolTip(tr("Tờ trình như khi lập, nhưng chưa lấy số và không lưu gì"))
        self.draft_proposal_button.clicked.connect(lambda: self.show_draft("proposal"))
        # each document's draft first, then the act itself; two short rows fit a narrow window
        row.addWidget(self.draft_decision_button)
        row.addWidget(self.decision_button)
        row.addStretch(1)
        form.addRow("", row)
        row = QHBoxLayout()
        row.addWidget(self.draft_proposal_button)
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
        self.outcomes = QTextBrowser()  # the province's answer on each row of the selected proposal
        self.outcomes.setMaximumHeight(160)
        self.outcomes.setPlaceholderText(tr("Chọn một tờ trình để xem kết quả khen thưởng của tỉnh từng trường "
                                            "hợp (sau khi nhận tệp kết quả từ Sở Nội vụ)."))
        lay.addWidget(self.outcomes)
        self.dec_view.selectionModel().selectionChanged.connect(lambda *_a: self._show_outcomes())
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
                                    "tờ trình {proposal}/TTr-UBND.").format(year=on.year, decision=f"{nd:02d}",
                                                                             proposal=f"{np_:02d}"))

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

    def _show_outcomes(self) -> None:
        """The selected proposal's rows, each with the province's answer (or that none came yet)."""
        d = _selected(self.dec_view)
        if d is None or d.kind != "proposal":
            self.outcomes.clear()
            return
        e = html.escape
        parts = ["<p><b>" + e(tr("Kết quả của tỉnh – tờ trình số {number}:").format(number=d.number_text)) + "</b></p><ul>"]
        for r in d.rows:
            text = r.outcome_text or tr("Chưa có kết quả của tỉnh")
            color = {"accepted": "#1b5e20", "returned": "#b00020"}.get(r.outcome, "#555555")
            parts.append(f"<li>{e(r.name)} – {e(r.title_name)}: <span style='color:{color}'>{e(text)}</span></li>")
        parts.append("</ul>")
        self.outcomes.setHtml("".join(parts))

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

