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
    # the review's acts a data file carries (format version 3, desktop.bundle.review_codec): named in
    # import summaries and the cover letter, never in the navigation (NAV_ORDER)
    "document": QT_TR_NOOP("Văn bản đã ban hành"),
    "meeting": QT_TR_NOOP("Cuộc họp Hội đồng Thi đua - Khen thưởng"),
    "ballot": QT_TR_NOOP("Kết quả bỏ phiếu"),
    "decision": QT_TR_NOOP("Quyết định khen thưởng"),
    "proposal": QT_TR_NOOP("Tờ trình đề nghị"),
    "decision_row": QT_TR_NOOP("Dòng quyết định khen thưởng"),
    "proposal_row": QT_TR_NOOP("Dòng tờ trình đề nghị"),
    "award": QT_TR_NOOP("Khen thưởng đã nhận"),
}

# The one message for a data folder that holds no commune yet, and the one for a database that is not
# the province's (every headless command and the application layer refuse with these: desktop.app.workspace).
NOT_SET_UP = QT_TR_NOOP("Chưa khởi tạo dữ liệu xã, phường. Hãy chạy: python -m desktop init --commune MÃ "
                        "--officer \"HỌ TÊN\"")
NOT_PROVINCE = QT_TR_NOOP("Đây không phải dữ liệu của Sở Nội vụ. Hãy khởi tạo bằng lệnh: province init --key-out TỆP")


def household_name(head_name: str, head_sex: str | None) -> str:
    """A household as an award list prints it: "Hộ ông Nguyễn Văn Tùng", "Hộ bà Lê Thị Hạnh" when the
    head is among the household's people (their sex is known), else "Hộ gia đình Nguyễn Văn Tùng"."""
    word = {"nam": "ông", "nu": "bà"}.get(head_sex or "")  # i18n: keep (printed, stored)
    return f"Hộ {word} {head_name}" if word else f"Hộ gia đình {head_name}"  # i18n: keep (printed, stored)
