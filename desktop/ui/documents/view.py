"""The widgets of the 'Văn bản' menu: the small prompts (tests replace them), the Excel import wizard's
dialog (kind, file, column mapping, problems, buttons), the menu itself and the progress dialog shown
while a document is built. What the actions do is in desktop.ui.documents.controller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.labels import KIND_LABELS
from desktop.ui import file_dialogs
from desktop.ui.i18n import tr
from desktop.ui.screen import fit_to_screen

# ---------------------------------------------------------------------------- small prompts (tests replace)


def ask_year(parent, title: str) -> int | None:
    year, ok = QInputDialog.getInt(parent, title, tr("Năm:"), dt.date.today().year, 1945, 2100)
    return year if ok else None


def ask_title(parent, choices: list[tuple[str, str, int]]) -> str | None:
    items = [f"{name} ({n})" for _c, name, n in choices]  # title names are data
    item, ok = QInputDialog.getItem(parent, tr("Danh sách theo danh hiệu"), tr("Danh hiệu:"), items, 0, False)
    return choices[items.index(item)][0] if ok and item in items else None


def save_path(parent, title: str, suggested: str, filt: str) -> Path | None:
    """Where to save; the dialog opens in the folder last used for files of that type."""
    purpose = file_dialogs.EXCEL_EXPORT if suggested.lower().endswith(".xlsx") else file_dialogs.PDF
    return file_dialogs.save_file(parent, purpose, title, suggested, filt)


def open_path(parent, title: str, filt: str) -> Path | None:
    return file_dialogs.open_file(parent, file_dialogs.EXCEL_IMPORT, title, filt)


def kind_name(spec) -> str:
    """The import kind's name in the interface language, lower case ("cá nhân"): the record kind's
    navigation label when it is the same words as the spreadsheet module's label, else that label."""
    label = KIND_LABELS.get(spec.kind, "")
    return tr(label).lower() if label.lower() == spec.label else spec.label


# ---------------------------------------------------------------------------- Excel import wizard


class ImportView(QDialog):
    """The wizard's widgets: the kind and file (and its empty template), how rows of stored records are
    taken, the column mapping, the check's summary, why the import is not possible yet, the problems and
    the changes, and the import / cancel buttons. ``kinds`` is (key, spec) of every kind that can be
    imported."""

    def __init__(self, kinds, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Nhập danh sách từ Excel"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for key, spec in kinds:
            self.kind.addItem(kind_name(spec).capitalize(), key)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind, 1)
        self.template_btn = QPushButton(tr("Tải tệp mẫu…"))
        self.template_btn.setToolTip(tr("Tệp Excel trống có đúng tên các cột, chú thích cách ghi và danh sách chọn; "
                                        "điền rồi nhập lại ở đây."))
        kind_row.addWidget(self.template_btn)
        form.addRow(tr("Loại dữ liệu:"), kind_row)
        file_row = QHBoxLayout()
        self.file_label = QLabel(tr("(chưa chọn tệp)"))
        self.pick_btn = QPushButton(tr("Chọn tệp .xlsx…"))
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.pick_btn)
        form.addRow(tr("Tệp:"), file_row)
        mode_row = QHBoxLayout()
        self.add_only = QRadioButton(tr("Chỉ thêm mới"))
        self.add_update = QRadioButton(tr("Thêm mới và cập nhật"))
        self.add_only.setChecked(True)
        self.add_only.setToolTip(tr("Dòng của bản ghi đã có trong dữ liệu được bỏ qua."))
        self.add_update.setToolTip(tr("Dòng của bản ghi đã có (cá nhân: cùng số CCCD, hoặc cùng họ tên và ngày sinh; "
                                      "hộ: cùng chủ hộ, thôn và địa chỉ; tập thể: cùng tên) cập nhật bản ghi đó; ô "
                                      "trống giữ nguyên dữ liệu đã có. Xem các thay đổi trước khi nhập."))
        mode_row.addWidget(self.add_only)
        mode_row.addWidget(self.add_update)
        mode_row.addStretch(1)
        form.addRow(tr("Cách nhập:"), mode_row)
        lay.addLayout(form)
        lay.addWidget(QLabel(tr("Ghép cột: chọn cột của tệp ứng với từng thông tin (tự đoán theo tên cột).")))
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([tr("Thông tin"), tr("Cột trong tệp")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.mapping, 1)
        self.check_btn = QPushButton(tr("Kiểm tra dữ liệu"))
        self.check_btn.setEnabled(False)
        lay.addWidget(self.check_btn)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.blocked = QLabel()      # why "Nhập vào dữ liệu" cannot be pressed
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("color: #b00020;")
        self.blocked.hide()
        lay.addWidget(self.blocked)
        self.tabs = QTabWidget()
        self.problems = QListWidget()
        self.changes = QTableWidget(0, 5)
        self.changes.setHorizontalHeaderLabels([tr("Dòng"), tr("Bản ghi"), tr("Thông tin"), tr("Hiện có"),
                                                tr("Trong tệp")])
        self.changes.horizontalHeader().setStretchLastSection(True)
        self.changes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.changes.verticalHeader().hide()   # the sheet's row number is the first column
        self.tabs.addTab(self.problems, tr("Lỗi, cảnh báo"))
        self.tabs.addTab(self.changes, tr("Thay đổi"))
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox()
        self.import_btn = buttons.addButton(tr("Nhập vào dữ liệu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_btn.setEnabled(False)
        self.cancel_btn = buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_btn.clicked.connect(self.reject)
        lay.addWidget(buttons)
        fit_to_screen(self, 780, 700)

    def clear_check(self) -> None:
        """A new file, kind or mode: nothing checked yet."""
        self.import_btn.setEnabled(False)
        self.problems.clear()
        self.changes.setRowCount(0)
        self.tabs.setTabText(0, tr("Lỗi, cảnh báo"))
        self.tabs.setTabText(1, tr("Thay đổi"))
        self.blocked.hide()

    def show_unreadable(self, message: str) -> None:
        self.check_btn.setEnabled(False)
        self.summary.setText(message)

    def show_plan(self, path: Path, plan, spec) -> None:
        """The file read: its name and row count, one row per field with the file's columns to choose
        from (the guessed one chosen)."""
        self.file_label.setText(tr("{file} – %n dòng", "", len(plan.rows)).format(file=path.name))
        self.mapping.setRowCount(len(spec.fields))
        for r, f in enumerate(spec.fields):
            self.mapping.setItem(r, 0, QTableWidgetItem(tr(f.label) + (" *" if f.required else "")))
            combo = QComboBox()
            combo.addItem(tr("(không nhập)"), None)
            for i, h in enumerate(plan.headers):
                combo.addItem(h or tr("Cột {number}").format(number=i + 1), i)
            idx = plan.mapping.get(f.name)
            combo.setCurrentIndex(0 if idx is None else idx + 1)
            self.mapping.setCellWidget(r, 1, combo)
        self.check_btn.setEnabled(True)
        self.summary.setText(tr("Kiểm tra trước khi nhập; chưa có gì được ghi."))

    def chosen_columns(self, spec) -> dict[str, Any]:
        """Field name -> the column chosen for it (None: not imported)."""
        return {f.name: self.mapping.cellWidget(r, 1).currentData()  # type: ignore[attr-defined]
                for r, f in enumerate(spec.fields)}

    def show_check(self, summary: str, problems: list[str], changes: list[tuple], blocked: str) -> None:
        """The check's result: ``changes`` (row, record, field, stored, in the file); ``blocked`` says why
        nothing can be imported ("" when it can)."""
        self.summary.setText(summary)
        self.problems.clear()
        self.problems.addItems(problems)
        self.changes.setRowCount(len(changes))
        for r, row in enumerate(changes):
            for c, v in enumerate(row):
                self.changes.setItem(r, c, QTableWidgetItem(str(v)))
        self.changes.resizeColumnsToContents()
        self.tabs.setTabText(0, tr("Lỗi, cảnh báo ({count})").format(count=len(problems)))
        self.tabs.setTabText(1, tr("Thay đổi ({count})").format(count=len(changes)))
        if changes and not problems:
            self.tabs.setCurrentIndex(1)
        self.blocked.setText(blocked)
        self.blocked.setVisible(bool(blocked))
        self.import_btn.setEnabled(not blocked)


class AchievementDialog(QDialog):
    """The achievement report of the selected person or collective: the year and the title or form of
    award proposed (the officer's choice; by default the one registered for the year)."""

    def __init__(self, subject: str, choices: tuple[tuple[str, str], ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Báo cáo thành tích"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Báo cáo thành tích của: {name}").format(name=subject)))
        self.year = QSpinBox()
        self.year.setRange(1945, 2100)
        self.year.setValue(dt.date.today().year)
        form.addRow(tr("Năm:"), self.year)
        self.title = QComboBox()
        self.title.addItem(tr("Danh hiệu đã đăng ký trong năm"), None)
        for code, name in choices:
            self.title.addItem(name, code)  # title names are data
        form.addRow(tr("Đề nghị tặng:"), self.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Lập báo cáo"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        fit_to_screen(self, 520, 200)

    def chosen(self) -> tuple[int, str | None]:
        return self.year.value(), self.title.currentData()


# ---------------------------------------------------------------------------- the menu, the progress dialog


def add_documents_menu(window, slots: dict[str, Callable[[], Any]]) -> dict[str, QAction]:
    """The 'Văn bản' menu in the window's menu bar; ``slots`` says what each entry does."""
    menu = window.menuBar().addMenu(tr("&Văn bản"))
    actions: dict[str, QAction] = {}

    def add(key: str, text: str) -> None:
        a = QAction(text, window)
        a.triggered.connect(slots[key])
        menu.addAction(a)
        actions[key] = a

    add("registrations", tr("Danh sách đăng ký thi đua của năm…"))
    add("list", tr("Danh sách đăng ký theo danh hiệu…"))
    add("report_h1", tr("Báo cáo sơ kết 6 tháng (bản nháp)…"))
    add("report_y", tr("Báo cáo tổng kết năm (bản nháp)…"))
    add("issue_report", tr("Ban hành báo cáo (lấy số)…"))
    add("ballots", tr("Phiếu bầu Hội đồng thi đua…"))
    add("achievement", tr("Báo cáo thành tích của cá nhân, tập thể đang chọn…"))
    menu.addSeparator()
    add("import", tr("Nhập danh sách từ Excel…"))
    add("export", tr("Xuất bảng đang xem ra Excel…"))
    return actions


def build_progress(parent) -> QProgressDialog:
    """The window-modal progress dialog shown while a document is built (after 300 ms)."""
    dlg = QProgressDialog(tr("Đang dựng văn bản…"), tr("Dừng"), 0, 0, parent)
    dlg.setWindowTitle(tr("Đang xử lý"))
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(300)
    return dlg


def show_page_progress(dlg: QProgressDialog, done: int, total: int) -> None:
    dlg.setMaximum(total)
    dlg.setLabelText(tr("Đang dựng văn bản: trang {page}…").format(page=done))
    dlg.setValue(done)
