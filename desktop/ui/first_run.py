"""First start: choose the commune or ward from the official list, the officer, the council."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import choices as C
from desktop.core.errors import UserError, ValidationError
from desktop.core.units import Unit
from desktop.core.workspace import CouncilSeat, init_workspace
from desktop.store.db import Database
from desktop.ui import prompts
from desktop.ui.models import UnitListModel


class CouncilRow(QWidget):
    def __init__(self, on_remove, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Họ và tên")
        self.role = QComboBox()
        for code, label in C.COUNCIL_ROLE:
            self.role.addItem(label, code)
        self.position = QLineEdit()
        self.position.setPlaceholderText("Chức vụ")
        self.position.setToolTip("Chức vụ, ví dụ: Chủ tịch UBND xã")
        remove = QPushButton("Bỏ")
        remove.setToolTip("Bỏ thành viên này")
        remove.clicked.connect(lambda: on_remove(self))
        lay.addWidget(self.name, 3)
        lay.addWidget(self.role, 2)
        lay.addWidget(self.position, 3)
        lay.addWidget(remove)

    def seat(self) -> CouncilSeat | None:
        name = self.name.text().strip()
        if not name and not self.position.text().strip():
            return None
        return CouncilSeat(name, self.role.currentData(), self.position.text().strip())


class FirstRunDialog(QDialog):
    """Creates the workspace. After ``accept()`` the database holds the commune, officer and council."""

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Khởi tạo dữ liệu thi đua của xã, phường")
        self.resize(760, 640)
        lay = QVBoxLayout(self)
        intro = QLabel(
            "<b>Chào mừng!</b> Đây là lần đầu phần mềm chạy trên máy này. Hãy chọn xã, phường của mình "
            "trong danh sách 99 đơn vị hành chính của tỉnh Bắc Ninh, nhập họ tên cán bộ phụ trách "
            "công tác thi đua, khen thưởng và các thành viên Hội đồng Thi đua - Khen thưởng.")
        intro.setWordWrap(True)
        lay.addWidget(intro)

        unit_box = QGroupBox("1. Xã, phường")
        ul = QVBoxLayout(unit_box)
        self.unit_filter = QLineEdit()
        self.unit_filter.setPlaceholderText("Gõ tên để lọc, có dấu hoặc không dấu (ví dụ: tien du)")
        self.unit_filter.setClearButtonEnabled(True)
        self.units = UnitListModel(self)
        self.unit_view = QListView()
        self.unit_view.setModel(self.units)
        self.unit_view.setMinimumHeight(160)
        self.unit_chosen = QLabel("Chưa chọn xã, phường.")
        ul.addWidget(self.unit_filter)
        ul.addWidget(self.unit_view)
        ul.addWidget(self.unit_chosen)
        lay.addWidget(unit_box, 2)

        officer_box = QGroupBox("2. Cán bộ phụ trách")
        ol = QFormLayout(officer_box)
        self.officer = QLineEdit()
        self.officer.setPlaceholderText("Họ và tên, ví dụ: Nguyễn Thị Hoa")
        ol.addRow("Họ và tên *", self.officer)
        lay.addWidget(officer_box)

        council_box = QGroupBox("3. Hội đồng Thi đua - Khen thưởng (có thể bổ sung sau)")
        cl = QVBoxLayout(council_box)
        self.rows_host = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_host)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_host)
        cl.addWidget(scroll)
        add = QPushButton("Thêm thành viên")
        add.clicked.connect(lambda: self.add_council_row())
        cl.addWidget(add, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(council_box, 2)
        self.council_rows: list[CouncilRow] = []
        first = self.add_council_row()
        first.role.setCurrentIndex(first.role.findData("Chủ tịch Hội đồng"))
        self.add_council_row().role.setCurrentIndex(first.role.findData("Phó Chủ tịch Hội đồng"))

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        lay.addWidget(self.error_label)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Bắt đầu sử dụng", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Thoát", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.finish)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

        self.unit_filter.textChanged.connect(self.units.set_filter)
        self.unit_view.selectionModel().currentChanged.connect(self._unit_changed)
        self.units.modelReset.connect(self._reselect)
        self._unit: Unit | None = None

    def add_council_row(self) -> CouncilRow:
        row = CouncilRow(self._remove_row)
        row.role.setCurrentIndex(row.role.findData("Ủy viên"))
        self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
        self.council_rows.append(row)
        return row

    def _remove_row(self, row: CouncilRow) -> None:
        self.council_rows.remove(row)
        row.setParent(None)
        row.deleteLater()

    def _unit_changed(self, current, _previous) -> None:
        unit = self.units.unit_at(current.row()) if current.isValid() else None
        if unit is not None:
            self._unit = unit
            self.unit_chosen.setText(f"Đã chọn: <b>{unit.name}</b> (mã {unit.code})")

    def _reselect(self) -> None:
        if self._unit is not None:
            row = self.units.row_of(self._unit.code)
            if row is not None:
                self.unit_view.setCurrentIndex(self.units.index(row, 0))

    def choose_unit(self, code: str) -> bool:
        self.unit_filter.clear()
        row = self.units.row_of(code)
        if row is None:
            return False
        self.unit_view.setCurrentIndex(self.units.index(row, 0))
        return True

    @property
    def unit(self) -> Unit | None:
        return self._unit

    def finish(self) -> bool:
        problems = []
        if self._unit is None:
            problems.append("Chưa chọn xã, phường trong danh sách.")
        if not self.officer.text().strip():
            problems.append("Chưa nhập họ tên cán bộ phụ trách.")
        seats = [s for s in (r.seat() for r in self.council_rows) if s is not None]
        for i, s in enumerate(seats, 1):
            if not s.full_name:
                problems.append(f"Thành viên Hội đồng thứ {i} chưa có họ tên.")
        if problems:
            self.error_label.setText("\n".join(problems))
            return False
        assert self._unit is not None
        try:
            init_workspace(self.db, self._unit.code, self.officer.text(), seats)
        except ValidationError as exc:
            self.error_label.setText("\n".join(exc.errors.values()))
            return False
        except UserError as exc:
            prompts.error(self, "Không khởi tạo được", exc.message)
            return False
        self.accept()
        return True
