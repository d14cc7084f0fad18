"""Vietnamese for the strings Qt itself shows (context menus, standard buttons).

Qt ships no Vietnamese qtbase translation, so without this a Vietnamese window would show
"Copy", "Paste", "Cancel" in English. The table is small and covers what this app's widgets show.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

QT_STRINGS = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "Cắ&t",
    "&Copy": "&Sao chép",
    "Copy &Link Location": "Sao chép địa chỉ liên kết",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    "&Yes": "&Có",
    "&No": "&Không",
    "Yes": "Có",
    "No": "Không",
    "OK": "Đồng ý",
    "&OK": "&Đồng ý",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "Close": "Đóng",
    "&Close": "&Đóng",
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Discard": "Bỏ",
    "Apply": "Áp dụng",
    "Help": "Trợ giúp",
    "Open": "Mở",
    "&Open": "&Mở",
    "Look in:": "Tìm trong:",
    "File &name:": "&Tên tệp:",
    "Files of type:": "Loại tệp:",
    "Back": "Quay lại",
    "Forward": "Tiếp",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "List View": "Xem dạng danh sách",
    "Detail View": "Xem chi tiết",
    "Name": "Tên",
    "Size": "Kích thước",
    "Date Modified": "Ngày sửa",
    "Type": "Loại",
}


class VietnameseQtTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 (Qt API)
        return QT_STRINGS.get(source_text, "")

    def isEmpty(self) -> bool:  # noqa: N802
        return False
