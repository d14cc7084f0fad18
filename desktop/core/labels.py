"""Names of the record kinds in navigation order. Kept apart from desktop.core.records (which needs
SQLAlchemy) so the window's frame can be drawn before the database layer is imported."""

from __future__ import annotations

NAV_ORDER = ("person", "household", "collective", "rating", "discipline", "initiative",
             "registration", "achievement", "indicator", "council")

KIND_LABELS = {
    "person": "Cá nhân",
    "household": "Hộ gia đình",
    "collective": "Tập thể",
    "rating": "Xếp loại hằng năm",
    "discipline": "Kỷ luật",
    "initiative": "Sáng kiến, đề tài",
    "registration": "Đăng ký thi đua",
    "achievement": "Thành tích",
    "indicator": "Chỉ tiêu",
    "council": "Hội đồng thi đua",
}
