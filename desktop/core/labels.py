"""Names of the record kinds in navigation order. Kept apart from desktop.core.records (which needs
SQLAlchemy) so the window's frame can be drawn before the database layer is imported."""

from __future__ import annotations

from desktop.shared.i18n import QT_TR_NOOP

NAV_ORDER = ("person", "household", "collective", "rating", "discipline", "initiative",
             "registration", "achievement", "indicator", "council")

# Vietnamese as data (command line, Excel export, documents); the window shows tr(KIND_LABELS[key]).
KIND_LABELS = {
    "person": QT_TR_NOOP("Cá nhân"),
    "household": QT_TR_NOOP("Hộ gia đình"),
    "collective": QT_TR_NOOP("Tập thể"),
    "rating": QT_TR_NOOP("Xếp loại hằng năm"),
    "discipline": QT_TR_NOOP("Kỷ luật"),
    "initiative": QT_TR_NOOP("Sáng kiến, đề tài"),
    "registration": QT_TR_NOOP("Đăng ký thi đua"),
    "achievement": QT_TR_NOOP("Thành tích"),
    "indicator": QT_TR_NOOP("Chỉ tiêu"),
    "council": QT_TR_NOOP("Hội đồng thi đua"),
}

# The one message for a data folder that holds no commune yet, and the one for a database that is not
# the province's (every headless command and the application layer refuse with these: desktop.app.workspace).
NOT_SET_UP = QT_TR_NOOP("Chưa khởi tạo dữ liệu xã, phường. Hãy chạy: python -m desktop init --commune MÃ "
                        "--officer \"HỌ TÊN\"")
NOT_PROVINCE = QT_TR_NOOP("Đây không phải dữ liệu của Sở Nội vụ. Hãy khởi tạo bằng lệnh: province init --key-out TỆP")
