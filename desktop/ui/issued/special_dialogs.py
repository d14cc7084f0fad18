"""The forms of the awards besides the year-end review and of the year's launch plan, opened from the
"Văn bản đã ban hành" page: ``SpecialAwardDialog`` (Khen thưởng chuyên đề, đột xuất: the occasion,
the theme, each subject picked with its achievements ticked, the money shown) and ``LaunchPlanDialog``
(Kế hoạch phát động thi đua: title, launch date, registration deadline, the sections, the province's
targets to include). Each stays open until its act is issued: ``submitted`` carries the values, the
page issues it and closes the dialog, or shows the refusal in it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.shared.fmt import group
from desktop.ui.dialog_parts import problem_line, submit_buttons
from desktop.ui.i18n import QT_TR_NOOP, tr
from desktop.ui.issued.dialogs import _date_edit, _pydate
from desktop.ui.screen import fit_to_screen
from desktop.ui.widgets import SubjectPicker

OCCASION_WORDS = {"chuyen_de": QT_TR_NOOP("Khen thưởng chuyên đề"), "dot_xuat": QT_TR_NOOP("Khen thưởng đột xuất")}
THEME_WORDS = {"chuyen_de": QT_TR_NOOP("Phong trào, chuyên đề:"), "dot_xuat": QT_TR_NOOP("Sự việc, thành tích:")}
SECTION_WORDS = {"aims": QT_TR_NOOP("Mục đích, yêu cầu"), "contents": QT_TR_NOOP("Nội dung thi đua"),
                 "targets": QT_TR_NOOP("Chỉ tiêu thi đua"), "rewards": QT_TR_NOOP("Hình thức khen thưởng"),
                 "organisation": QT_TR_NOOP("Tổ chức thực hiện")}
ID_ROLE = Qt.ItemDataRole.UserRole


class SpecialAwardDialog(QDialog):
    """``subject_wanted(subject, on)`` asks the page for a subject's achievements and money (it calls
    ``add_subject``); ``submitted(occasion, theme, on, signer, signer_title, awardees)`` with
    awardees [(subject, (achievement ids))]."""

    subject_wanted = Signal(object, object)
    submitted = Signal(str, str, object, str, str, object)

    def __init__(self, parent, records, signer: str = ""):
        super().__init__(parent)
        self.setWindowTitle(tr("Khen thưởng chuyên đề, đột xuất"))
        lay = QVBoxLayout(self)
        hint = QLabel(tr("Giấy khen của Chủ tịch UBND xã ngoài tổng kết năm. Mỗi thành tích chỉ được khen một hình "
                         "thức: thành tích đã khen (kể cả trong quyết định tổng kết) không chọn được."))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        form = QFormLayout()
        self.occasion = QComboBox()
        for key, word in OCCASION_WORDS.items():
            self.occasion.addItem(tr(word), key)
        self.occasion.setCurrentIndex(1)
        form.addRow(tr("Loại khen thưởng:"), self.occasion)
        self.theme_label = QLabel()
        self.theme = QLineEdit()
        self.theme.setPlaceholderText(tr("Ví dụ: cứu người trong lũ ngày 12/9/2026"))
        form.addRow(self.theme_label, self.theme)
        self.on = _date_edit(dt.date.today())
        form.addRow(tr("Ngày ký:"), self.on)
        self.signer = QLineEdit(signer)
        self.signer_title = QLineEdit(tr("Chủ tịch"))
        form.addRow(tr("Người ký:"), self.signer)
        form.addRow(tr("Chức vụ người ký:"), self.signer_title)
        lay.addLayout(form)
        pick = QHBoxLayout()
        self.picker = SubjectPicker(records, ("person", "collective", "household"))
        self.add_button = QPushButton(tr("Thêm đối tượng"))
        self.remove_button = QPushButton(tr("Bỏ đối tượng"))
        pick.addWidget(self.picker, 1)
        pick.addWidget(self.add_button)
        pick.addWidget(self.remove_button)
        lay.addLayout(pick)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("Đối tượng, thành tích"), tr("Ngày đạt"), tr("Đã khen"),
                                   tr("Tiền thưởng (đồng)")])
        self.tree.setColumnWidth(0, 380)
        lay.addWidget(self.tree, 1)
        self.money = QLabel(" ")
        lay.addWidget(self.money)
        self.message = problem_line()
        lay.addWidget(self.message)
        buttons, self.ok_button = submit_buttons(self, tr("Ban hành…"), self.submit)
        lay.addWidget(buttons)
        self.amounts: dict[tuple[str, int], int] = {}
        self.occasion.currentIndexChanged.connect(lambda _i: self._occasion_changed())
        self.add_button.clicked.connect(self.want_subject)
        self.remove_button.clicked.connect(self.remove_subject)
        self.tree.itemChanged.connect(lambda *_: self._show_money())
        self._occasion_changed()
        fit_to_screen(self, 900, 640)

    def _occasion_changed(self) -> None:
        self.theme_label.setText(tr(THEME_WORDS[self.occasion.currentData()]))

    def want_subject(self) -> None:
        subject = self.picker.value()
        if subject is None:
            self.show_error(tr("Hãy gõ tên rồi chọn đối tượng trong danh sách gợi ý."))
            return
        if subject in self.amounts:
            self.show_error(tr("Đối tượng này đã có trong danh sách."))
            return
        self.message.setText(" ")
        self.subject_wanted.emit(subject, _pydate(self.on))

    def add_subject(self, subject: tuple[str, int], name: str, achievements: list, amount: int) -> None:
        """One subject and its achievements [(id, description, date, rewarded by)]; the free ones ticked."""
        self.amounts[subject] = amount
        top = QTreeWidgetItem([name, "", "", group(amount) if amount else tr("không kèm tiền")])
        top.setData(0, ID_ROLE, subject)
        self.tree.blockSignals(True)
        self.tree.addTopLevelItem(top)
        for aid, text, on, used in achievements:
            child = QTreeWidgetItem([text, f"{on:%d/%m/%Y}" if on else "", used, ""])
            child.setData(0, ID_ROLE, aid)
            child.setToolTip(0, text)
            if used:
                child.setFlags(child.flags() & ~Qt.ItemFlag.ItemIsUserCheckable & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Checked)
            top.addChild(child)
        if not achievements:
            top.addChild(QTreeWidgetItem([tr("(chưa có thành tích: hãy nhập thành tích trước)"), "", "", ""]))
        top.setExpanded(True)
        self.tree.blockSignals(False)
        self.picker.set_value(None)
        self._show_money()

    def remove_subject(self) -> None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is not None:
            self.amounts.pop(item.data(0, ID_ROLE), None)
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
            self._show_money()

    def awardees(self) -> list[tuple[tuple[str, int], tuple[int, ...]]]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            assert top is not None
            children = [c for c in (top.child(j) for j in range(top.childCount())) if c is not None]
            ids = tuple(c.data(0, ID_ROLE) for c in children if c.checkState(0) == Qt.CheckState.Checked)
            out.append((top.data(0, ID_ROLE), ids))
        return out

    def _show_money(self) -> None:
        chosen = [s for s, ids in self.awardees() if ids]
        total = sum(self.amounts.get(s, 0) for s in chosen)
        self.money.setText(tr("{count} đối tượng được khen; tổng tiền thưởng {amount} đồng.").format(
            count=len(chosen), amount=group(total)))

    def submit(self) -> None:
        self.message.setText(" ")
        self.submitted.emit(self.occasion.currentData(), self.theme.text().strip(), _pydate(self.on),
                            self.signer.text().strip(), self.signer_title.text().strip(), self.awardees())

    def working(self) -> None:
        self.ok_button.setEnabled(False)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.ok_button.setEnabled(True)


class LaunchPlanDialog(QDialog):
    """``submitted(title, launched_on, deadline, sections, targets, signer)``: sections {key: paragraphs}."""

    submitted = Signal(str, object, object, object, object, str)

    def __init__(self, parent, year: int, defaults: dict[str, list[str]], targets: list[tuple[int, str]],
                 signer: str = ""):
        super().__init__(parent)
        self.year = year
        self.setWindowTitle(tr("Kế hoạch phát động thi đua năm {year}").format(year=year))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit(tr("Phát động phong trào thi đua yêu nước năm {year}").format(year=year))
        form.addRow(tr("Tên kế hoạch:"), self.title)
        start = dt.date(year, 1, 15) if dt.date.today().year != year else dt.date.today()
        self.launched_on = _date_edit(start)
        form.addRow(tr("Ngày phát động:"), self.launched_on)
        self.deadline = _date_edit(start + dt.timedelta(days=30))
        self.deadline.setToolTip(tr("Đăng ký sau ngày này vẫn được lưu, nhưng phần mềm nhắc là đăng ký muộn."))
        form.addRow(tr("Hạn đăng ký thi đua:"), self.deadline)
        self.signer = QLineEdit(signer)
        form.addRow(tr("Người ký:"), self.signer)
        lay.addLayout(form)
        self.tabs = QTabWidget()
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, word in SECTION_WORDS.items():
            page = QWidget()
            inner = QVBoxLayout(page)
            edit = QPlainTextEdit("\n".join(defaults.get(key, [])))
            edit.setToolTip(tr("Mỗi dòng là một đoạn của kế hoạch"))
            self.texts[key] = edit
            if key == "targets":
                inner.addWidget(QLabel(tr("Chọn chỉ tiêu của tỉnh đưa vào kế hoạch (ghi nguyên văn):")))
                self.targets = QListWidget()
                for code, text in targets:
                    item = QListWidgetItem(f"({code}) {text}")
                    item.setData(ID_ROLE, code)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Unchecked)
                    self.targets.addItem(item)
                inner.addWidget(self.targets, 2)
                inner.addWidget(QLabel(tr("Chỉ tiêu riêng của xã (mỗi dòng một chỉ tiêu):")))
            inner.addWidget(edit, 1)
            self.tabs.addTab(page, tr(word))
        lay.addWidget(self.tabs, 1)
        self.message = problem_line()
        lay.addWidget(self.message)
        buttons, self.ok_button = submit_buttons(self, tr("Ban hành…"), self.submit)
        lay.addWidget(buttons)
        fit_to_screen(self, 820, 620)

    def chosen_targets(self) -> tuple[int, ...]:
        return tuple(self.targets.item(i).data(ID_ROLE) for i in range(self.targets.count())
                     if self.targets.item(i).checkState() == Qt.CheckState.Checked)

    def submit(self) -> None:
        self.message.setText(" ")
        sections = {k: [line for line in e.toPlainText().splitlines() if line.strip()] for k, e in self.texts.items()}
        self.submitted.emit(self.title.text(), _pydate(self.launched_on), _pydate(self.deadline), sections,
                            self.chosen_targets(), self.signer.text().strip())

    def working(self) -> None:
        self.ok_button.setEnabled(False)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.ok_button.setEnabled(True)


__all__ = ["SpecialAwardDialog", "LaunchPlanDialog"]
