"""The first-run wizard, the view: commune or province machine, 1. the unit (filtered as one types),
2. the officer, 3. the council, 4. the key's passphrase and the province's key with its fingerprint;
which boxes show and what the labels say. What the buttons do is in desktop.ui.first_run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.app.workspace import CouncilSeat
from desktop.bundle.keys import MIN_PASSPHRASE_LENGTH
from desktop.core import choices as C
from desktop.core.units import Unit
from desktop.ui.i18n import tr
from desktop.ui.models import UnitListModel
from desktop.ui.screen import fit_to_screen

CHAIR = "Chủ tịch Hội đồng"  # i18n: keep (role code)
VICE_CHAIR = "Phó Chủ tịch Hội đồng"  # i18n: keep (role code)
MEMBER = "Ủy viên"  # i18n: keep (role code)


class CouncilRow(QWidget):
    def __init__(self, on_remove, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("Họ và tên"))
        self.role = QComboBox()
        for code, label in C.COUNCIL_ROLE:
            self.role.addItem(label, code)
        self.position = QLineEdit()
        self.position.setPlaceholderText(tr("Chức vụ"))
        self.position.setToolTip(tr("Chức vụ, ví dụ: Chủ tịch UBND xã"))
        remove = QPushButton(tr("Bỏ"))
        remove.setToolTip(tr("Bỏ thành viên này"))
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


class FirstRunView(QDialog):
    """The first-run widgets; the controller (first_run.FirstRunDialog) connects buttons, choose_key_button."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Khởi tạo dữ liệu thi đua của xã, phường"))
        outer = QVBoxLayout(self)
        # The form scrolls when the screen is short (1366×768 laptops): squeezed, Qt would draw the
        # unit list over its label instead.
        page = QScrollArea()
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        page.setWidget(content)
        outer.addWidget(page, 1)
        lay = QVBoxLayout(content)
        lay.setContentsMargins(0, 0, 0, 0)
        mode_row = QVBoxLayout()  # stacked: the province choice is long, in English more so
        self.mode_commune = QRadioButton(tr("Máy của xã, phường"))
        self.mode_province = QRadioButton(tr("Máy của Sở Nội vụ (tiếp nhận, tổng hợp dữ liệu các xã)"))
        self.mode_commune.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.mode_commune)
        group.addButton(self.mode_province)
        mode_row.addWidget(self.mode_commune)
        mode_row.addWidget(self.mode_province)
        lay.addLayout(mode_row)
        intro = QLabel(tr(
            "<b>Chào mừng!</b> Đây là lần đầu phần mềm chạy trên máy này. Hãy chọn xã, phường của mình "
            "trong danh sách 99 đơn vị hành chính của tỉnh Bắc Ninh, nhập họ tên cán bộ phụ trách "
            "công tác thi đua, khen thưởng và các thành viên Hội đồng Thi đua - Khen thưởng."))
        intro.setWordWrap(True)
        lay.addWidget(intro)

        self._add_commune_boxes(lay)
        self._add_key_box(lay)
        self.mode_province.toggled.connect(self._mode_changed)
        self.council_rows: list[CouncilRow] = []
        first = self.add_council_row()
        first.role.setCurrentIndex(first.role.findData(CHAIR))
        self.add_council_row().role.setCurrentIndex(first.role.findData(VICE_CHAIR))

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        outer.addWidget(self.error_label)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(tr("Bắt đầu sử dụng"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        outer.addWidget(self.buttons)
        fit_to_screen(self, 860, 820)

        self.unit_filter.textChanged.connect(self.units.set_filter)
        self.unit_view.selectionModel().currentChanged.connect(self._unit_changed)
        self.units.modelReset.connect(self._reselect)
        self._unit: Unit | None = None

    def _add_commune_boxes(self, lay: QVBoxLayout) -> None:
        """1. the unit, 2. the officer, 3. the council (hidden on the province's machine)."""
        unit_box = QGroupBox(tr("1. Xã, phường"))
        ul = QVBoxLayout(unit_box)
        self.unit_filter = QLineEdit()
        self.unit_filter.setPlaceholderText(tr("Gõ tên để lọc, có dấu hoặc không dấu (ví dụ: tien du)"))
        self.unit_filter.setClearButtonEnabled(True)
        self.units = UnitListModel(self)
        self.unit_view = QListView()
        self.unit_view.setModel(self.units)
        self.unit_view.setMinimumHeight(160)
        self.unit_chosen = QLabel(tr("Chưa chọn xã, phường."))
        ul.addWidget(self.unit_filter)
        ul.addWidget(self.unit_view)
        ul.addWidget(self.unit_chosen)
        lay.addWidget(unit_box, 2)

        officer_box = QGroupBox(tr("2. Cán bộ phụ trách"))
        ol = QFormLayout(officer_box)
        self.officer = QLineEdit()
        self.officer.setPlaceholderText(tr("Họ và tên, ví dụ: Nguyễn Thị Hoa"))
        ol.addRow(tr("Họ và tên *"), self.officer)
        self.officer_phone = QLineEdit()
        self.officer_phone.setPlaceholderText(tr("Để Sở gọi khi cần, ví dụ: 0912 345 678"))
        self.officer_phone.setMaxLength(20)
        ol.addRow(tr("Điện thoại"), self.officer_phone)
        self.officer_email = QLineEdit()
        self.officer_email.setPlaceholderText(tr("Ví dụ: thidua@tiendu.bacninh.gov.vn"))
        self.officer_email.setMaxLength(254)
        ol.addRow(tr("Thư điện tử"), self.officer_email)
        lay.addWidget(officer_box)

        council_box = QGroupBox(tr("3. Hội đồng Thi đua - Khen thưởng (có thể bổ sung sau)"))
        cl = QVBoxLayout(council_box)
        self.rows_host = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_host)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_host)
        cl.addWidget(scroll)
        add = QPushButton(tr("Thêm thành viên"))
        add.clicked.connect(lambda: self.add_council_row())
        cl.addWidget(add, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(council_box, 2)
        self.commune_boxes = [unit_box, officer_box, council_box]

    def _add_key_box(self, lay: QVBoxLayout) -> None:
        """4. The signing key's passphrase and the province's public key with its fingerprint."""
        key_box = QGroupBox(tr("4. Bảo vệ khóa ký và khóa của Sở Nội vụ"))
        kl = QFormLayout(key_box)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(tr("Không bắt buộc; nên đặt nếu máy dùng chung (ít nhất {minimum} ký tự)")
                                           .format(minimum=MIN_PASSPHRASE_LENGTH))
        self.passphrase2 = QLineEdit()
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        kl.addRow(tr("Mật khẩu khóa"), self.passphrase)
        kl.addRow(tr("Nhập lại mật khẩu"), self.passphrase2)
        key_row = QHBoxLayout()
        self.key_label = QLabel(tr("Chưa chọn (có thể cài sau, khi gửi dữ liệu)"))
        self.key_label.setWordWrap(True)
        self.choose_key_button = QPushButton(tr("Chọn tệp khóa của Sở…"))
        key_row.addWidget(self.key_label, 1)
        key_row.addWidget(self.choose_key_button)
        # a key file proves nothing by itself (anyone can make one): the officer types the fingerprint
        # the province reads out by phone, unless this build pins the province's key
        self.province_fingerprint = QLineEdit()
        self.province_fingerprint.setPlaceholderText(tr("Vân tay do Sở Nội vụ đọc qua điện thoại: XXXX-XXXX-…"))
        self.province_fingerprint.setEnabled(False)
        self.key_row_widget = QWidget()
        self.key_row_widget.setLayout(key_row)
        self.key_row_label = QLabel(tr("Khóa công khai của Sở"))
        kl.addRow(self.key_row_label, self.key_row_widget)
        self.fingerprint_label = QLabel(tr("Vân tay khóa của Sở"))
        kl.addRow(self.fingerprint_label, self.province_fingerprint)
        lay.addWidget(key_box)

    def _mode_changed(self, province: bool) -> None:
        for box in self.commune_boxes:
            box.setVisible(not province)
        self.key_row_label.setVisible(not province)
        self.key_row_widget.setVisible(not province)
        self.fingerprint_label.setVisible(not province)
        self.province_fingerprint.setVisible(not province)

    def show_province_key(self, name: str, fingerprint: str, needs_typed_fingerprint: bool) -> None:
        """The province key chosen: ask for its fingerprint by phone, or say the build pins it."""
        self.province_fingerprint.setEnabled(needs_typed_fingerprint)
        if needs_typed_fingerprint:
            self.key_label.setText(tr("{name} – hãy gọi điện cho Sở Nội vụ và gõ vân tay khóa Sở đọc vào ô dưới "
                                      "đây.").format(name=name))
            self.province_fingerprint.setFocus()
        else:
            self.key_label.setText(tr("{name} – vân tay {fingerprint} (đúng khóa ghi sẵn trong bộ cài)").format(
                name=name, fingerprint=fingerprint))

    def add_council_row(self) -> CouncilRow:
        row = CouncilRow(self._remove_row)
        row.role.setCurrentIndex(row.role.findData(MEMBER))
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
            self.unit_chosen.setText(tr("Đã chọn: <b>{name}</b> (mã {code})").format(name=unit.name, code=unit.code))

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
