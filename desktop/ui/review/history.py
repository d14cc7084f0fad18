"""Tab 4 of the review page: award history per person or collective across years."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.i18n import tr
from desktop.ui.review.common import SUBJECT_WORDS, _selected, _view
from desktop.ui.review.models import HistoryModel, SubjectsModel


def open_csv(parent) -> Path | None:
    """Ask for the CSV file of earlier years' awards (tests replace this)."""
    from desktop.ui import file_dialogs

    return file_dialogs.open_file(parent, file_dialogs.CSV, tr("Nhập lịch sử khen thưởng các năm trước"),
                                  tr("Tệp CSV (*.csv)"))



class HistoryTab:
    """Mixin of ReviewPage: search a subject, show, add and import its award history."""

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
        self.announce()
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
        self.announce()
        return n

