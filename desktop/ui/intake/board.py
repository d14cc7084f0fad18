"""The clerk's submission board: the 99 units, who has sent what for the period shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app.batch import REASON_LABELS
from desktop.ui import prompts
from desktop.ui.bundle_ui import _RowsModel, _table
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.intake.common import _refresh_views
from desktop.ui.intake.enrol import enrol_commune, save_public_key
from desktop.ui.intake.import_dialog import open_import_dialog
from desktop.ui.intake.keys import KeyHistoryDialog, open_key_history
from desktop.ui.intake.receipts import reprint_receipt


class BoardModel(_RowsModel):
    headers = (QT_TR_NOOP("Mã"), QT_TR_NOOP("Xã, phường"), QT_TR_NOOP("Khóa"), QT_TR_NOOP("Tệp gần nhất"),
               QT_TR_NOOP("Kỳ"), QT_TR_NOOP("Xã gửi lúc (giờ Việt Nam)"), QT_TR_NOOP("Số bản ghi"),
               QT_TR_NOOP("Tình hình nộp kỳ đang xem"))


STATUS_LABELS = {"on_time": QT_TR_NOOP("Đúng hạn"), "late": QT_TR_NOOP("Nộp muộn"), "missing": QT_TR_NOOP("Chưa nộp"),
                 "overdue": QT_TR_NOOP("Quá hạn, chưa nộp"), "refused": QT_TR_NOOP("Đã gửi, bị từ chối")}
STATUS_COLORS = {"on_time": None, "late": "#b35c00", "missing": "#b00020", "overdue": "#b00020", "refused": "#8a5a00"}


class ProvincePage(QWidget):
    """The submission board: the 99 units, who has sent what. Who has sent for a period, and whether on
    time, is desktop.app.received's one definition (the same as the Tổng hợp page and the headless
    ``province view board``), every time in Vietnam time."""

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        lay = QVBoxLayout(self)
        title = QLabel(tr("Tiếp nhận dữ liệu các xã, phường"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        lay.addWidget(title)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Kỳ:")))
        self.period = QComboBox()
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top.addWidget(self.period)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        lay.addLayout(top)
        row = QHBoxLayout()
        self.chase_button = QPushButton(tr("Danh sách cần nhắc…"))
        self.chase_button.setToolTip(tr("Các xã, phường chưa nộp tệp của năm hoặc có tệp gần nhất bị từ chối: "
                                        "người cần gọi và nội dung cần báo; in hoặc xuất Excel."))
        top.addWidget(self.chase_button)
        self.import_button = QPushButton(tr("Nhập tệp của các xã…"))
        self.enrol_button = QPushButton(tr("Đăng ký khóa của xã…"))
        self.key_button = QPushButton(tr("Lưu tệp khóa công khai của Sở…"))
        self.keys_button = QPushButton(tr("Khóa của xã đang chọn…"))
        self.receipt_button = QPushButton(tr("In lại biên nhận…"))
        self.post_button = QPushButton(tr("Ngày nhận qua bưu điện…"))
        self.post_button.setToolTip(tr("Ghi ngày Sở nhận tệp gửi qua bưu điện (theo dấu bưu điện hoặc sổ công văn "
                                       "đến) cho xã đang chọn: ngày này thay ngày xã ký trong tệp khi xét hạn nộp."))
        for b in (self.import_button, self.enrol_button, self.key_button, self.keys_button, self.receipt_button,
                  self.post_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.model = BoardModel(self)
        self.view = _table(self.model)
        lay.addWidget(self.view, 1)
        self.import_button.clicked.connect(lambda: open_import_dialog(self.window_))
        self.enrol_button.clicked.connect(lambda: enrol_commune(self.window_))
        self.key_button.clicked.connect(lambda: save_public_key(self.window_))
        self.keys_button.clicked.connect(self.open_keys)
        self.receipt_button.clicked.connect(self.reprint_receipt)
        self.post_button.clicked.connect(self.enter_received_date)
        self.chase_button.clicked.connect(self.open_chase)
        self.view.doubleClicked.connect(lambda _i: self.open_commune())  # the commune's page (files, keys, contact)
        self.period.activated.connect(lambda _i: self.refresh())

    def selected_code(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return str(self.model.rows[rows[0].row()][0]) if rows else None

    def reprint_receipt(self) -> Path | None:
        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("In lại biên nhận"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return None
        return reprint_receipt(self.window_, code)

    def enter_received_date(self) -> bool:
        from desktop.ui.received_dialog import enter_received_date

        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("Ngày nhận qua bưu điện"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return False
        if enter_received_date(self, self.window_.db, code):
            _refresh_views(self.window_)
            return True
        return False

    def open_keys(self) -> KeyHistoryDialog | None:
        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("Khóa của xã"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return None
        return open_key_history(self.window_, code)

    def open_commune(self):
        from desktop.ui.intake.commune_page import open_commune_page

        code = self.selected_code()
        if code is None:
            prompts.inform(self, tr("Trang của xã"), tr("Hãy chọn một xã, phường trong bảng trước."))
            return None
        return open_commune_page(self.window_, code)

    def open_chase(self):
        from desktop.ui.intake.chase import open_chase

        return open_chase(self.window_)

    def _fill_periods(self, db) -> str:
        from desktop.app import received
        from desktop.app.periods import default_deadline, period_name

        chosen = self.period.currentData()
        periods = received.held_periods(db)
        now = received.current_period()
        if now not in periods:
            periods = sorted(periods + [now], key=default_deadline, reverse=True)
        if chosen not in periods:
            chosen = received.board_period(db)
        self.period.blockSignals(True)
        self.period.clear()
        for p in periods:
            self.period.addItem(period_name(p), p)
        self.period.setCurrentIndex(periods.index(chosen))
        self.period.blockSignals(False)
        return chosen

    def refresh(self) -> None:
        from desktop.app import province, received
        from desktop.app import province_views as consolidate
        from desktop.app.batch import pending_refusals
        from desktop.core.units import bac_ninh_units

        db = self.window_.db
        data = province.stats(db)
        period = self._fill_periods(db)
        board = consolidate.board(db, period)
        per = {u["code"]: u for u in board.data["units"]}
        latest = {f.commune_code: f for f in received.file_times(db)}  # in sequence order: the last stays
        refused = pending_refusals(db, period)  # a refused file is not "sent nothing"; the period shown
        rows, colors = [], []
        for u in bac_ninh_units():
            st = data.get(u.code, {})
            seq = st.get("last_sequence") or 0
            f = latest.get(u.code)
            status = per[u.code]["status"]
            last = tr("Số {sequence}").format(sequence=seq) if seq else tr("Chưa nộp")
            r = refused.get(u.code)
            if r is not None:
                reason = tr(r.label) if r.code in REASON_LABELS else r.label
                last = (tr("Số {sequence}; tệp gửi sau bị từ chối: {reason}").format(sequence=seq, reason=reason)
                        if seq else tr("Đã gửi, bị từ chối: {reason}").format(reason=reason))
            rows.append((u.code, u.name, tr("Đã đăng ký") if st.get("enrolled") else tr("Chưa"), last,
                         st.get("period") or "", received.vn_text(f.sent_at) if f else "",
                         sum(st.get("counts", {}).values()) or "", tr(STATUS_LABELS[status])))
            colors.append("#8a5a00" if r is not None else STATUS_COLORS[status])
        self.model.set_rows(rows, colors)
        self.view.resizeColumnsToContents()
        counts = board.data["counts"]
        sent = board.data["sent"]
        self.summary.setText(tr("Hạn nộp {deadline}: đã nhận dữ liệu của {sent}/99 đơn vị (đúng hạn {on_time}, muộn "
                                "{late}); còn {missing} đơn vị chưa nộp (tô đỏ). Ngày nộp là ngày xã gửi tệp, giờ Việt "
                                "Nam.").format(
            deadline=dt.date.fromisoformat(board.data["deadline"]).strftime("%d/%m/%Y"), sent=sent,
            on_time=counts.get("on_time", 0), late=counts.get("late", 0),
            missing=counts.get("missing", 0) + counts.get("overdue", 0))
            + (" " + tr("{count} đơn vị có tệp bị từ chối (tô nâu).").format(count=len(refused)) if refused else ""))


