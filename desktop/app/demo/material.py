"""What the sample data is made of: Vietnamese names with their frequencies, village, company and
street names, CCCD birth-province codes, and the texts of achievements, initiatives, pledges and
indicators. Data only (no randomness here)."""

from __future__ import annotations

import unicodedata
from itertools import accumulate


def _nfc(items):
    return tuple(unicodedata.normalize("NFC", s) for s in items)


# --------------------------------------------------------------------------- name material

# (family name, weight) — frequencies roughly as in the Red River delta
_FAMILY = (
    ("Nguyễn", 34), ("Trần", 10), ("Lê", 8), ("Phạm", 6), ("Hoàng", 4), ("Vũ", 4), ("Đặng", 2.5),
    ("Bùi", 2.5), ("Đỗ", 2.5), ("Ngô", 2.5), ("Dương", 1.5), ("Hồ", 1), ("Lý", 0.8), ("Đào", 1.5),
    ("Đinh", 1.2), ("Trịnh", 1), ("Phan", 1.5), ("Nghiêm", 1), ("Lương", 0.8), ("Chu", 0.8),
    ("Tạ", 0.8), ("Phùng", 0.6), ("Đàm", 0.5), ("Kiều", 0.5), ("Lưu", 0.6), ("Cao", 0.8),
    ("Mai", 0.6), ("Khúc", 0.3), ("Hà", 0.8), ("Vương", 0.4), ("Đoàn", 0.8),
)
FAMILY_NAMES = _nfc(f for f, _ in _FAMILY)
_FAMILY_CUM = tuple(accumulate(w for _, w in _FAMILY))

MALE_MIDDLE = _nfc((
    "Đức", "Minh", "Quang", "Hữu", "Xuân", "Tiến", "Thành", "Công", "Mạnh", "Duy", "Trọng",
    "Hoàng", "Tuấn", "Ngọc", "Đình", "Bá", "Hải", "Việt", "Anh", "Gia", "Thế", "Khắc",
))
FEMALE_MIDDLE = _nfc((
    "Ngọc", "Thu", "Thanh", "Phương", "Hồng", "Kim", "Mai", "Thúy", "Bích", "Hải", "Khánh",
    "Diệu", "Minh", "Lan", "Thảo", "Hà", "Quỳnh", "Bảo", "Vân", "Thùy",
))
FEMALE_SECOND = _nfc(("Thu", "Thanh", "Minh", "Ngọc", "Hồng", "Kim", "Bích", "Thúy", "Lan", "Phương"))
MALE_GIVEN = _nfc((
    "An", "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hùng", "Huy", "Hưng",
    "Khánh", "Khoa", "Kiên", "Long", "Lâm", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc",
    "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng",
    "Việt", "Vinh", "Vũ", "Hoàng", "Hậu", "Định", "Giang", "Hiển", "Lợi", "Lực", "Thịnh",
    "Trường", "Tú", "Duy", "Khải", "Chiến", "Công", "Doanh", "Hòa", "Bảo", "Đông", "Thái",
))
FEMALE_GIVEN = _nfc((
    "An", "Anh", "Bích", "Châm", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Hòa", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Ly", "Mai",
    "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Thảo", "Thắm",
    "Thanh", "Thơm", "Thu", "Thúy", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Xuân",
    "Hậu", "Lụa", "Nhàn", "Lý", "Tâm",
))
VAN, THI = _nfc(("Văn", "Thị"))

VILLAGE_BASES = _nfc((
    "Đông", "Đoài", "Trung", "Lũng Giang", "Ngô Nội", "Duệ Khánh", "Đông Phù", "Vĩnh Phục",
    "Tam Tảo", "Bất Lự", "Phúc Nghiêm", "Lạc Thổ", "Ngọc Xuyên", "Đại Vi", "Tiêu Long",
    "Hoài Thượng", "Yên Mẫn", "Cẩm Giang", "Đình Cả", "Mai Động", "Thụ Ninh", "Phù Lưu",
    "Kim Đôi", "Hữu Chấp", "Xuân Ổ", "Khúc Toại", "Đông Xá", "Phương Vĩ", "Chi Long", "Cổ Mễ",
    "Thượng Đồng", "Hạ Giang", "Ngọc Tháp", "Bảo Tháp", "An Phú", "Tân Lập", "Đồng Xép",
    "Quan Đình", "Lương Xá", "Yên Việt", "Cung Kiệm", "Trung Bạn", "Nghĩa Lập", "Liên Ấp",
    "Đông Côi", "Song Hồ", "Khám Lạng", "Phú Mẫn", "Vân Khám", "Ngăm Lương", "Tam Sơn",
    "Hương Mạc", "Đa Hội", "Trà Xuyên", "Mão Điền", "Hoàng Kênh", "Đình Tổ", "Thái Bảo",
    "Hòa Đình", "Khả Lý", "Đông Yên", "Nội Trì",
))
TRADES = _nfc((
    "May mặc", "Cơ khí", "Điện tử", "Gỗ mỹ nghệ", "Thực phẩm", "Bao bì", "Xây dựng",
    "Vật liệu xây dựng", "Thương mại và Dịch vụ", "Gốm sứ", "Dệt may", "Vận tải", "Đúc đồng",
    "Nhựa", "Giấy",
))
BRANDS = _nfc((
    "Hoàng Long", "Minh Phát", "Thành Công", "Phú Thịnh", "An Phát", "Hưng Thịnh", "Kinh Bắc",
    "Đông Á", "Việt Hàn", "Tân Tiến", "Quang Minh", "Hải Đăng", "Bảo Ngọc", "Trường Sơn",
    "Đại Thành", "Thuận Phát", "Nam Việt",
))
STREETS = _nfc(("Nguyễn Gia Thiều", "Lý Thái Tổ", "Trần Hưng Đạo", "Ngô Gia Tự", "Huyền Quang",
                "Lê Văn Thịnh", "Kinh Dương Vương", "Hai Bà Trưng", "Thiên Đức", "Lạc Long Quân"))

# Province code of birth registration: mostly old Bắc Ninh (027) and old Bắc Giang (024)
_PREFIXES = ("027", "024", "001", "019", "020", "022", "030", "033", "034", "036", "038")
_PREFIX_CUM = tuple(accumulate((62, 22, 4, 2, 1, 2, 2, 2, 1, 1, 1)))


# --------------------------------------------------------------------------- text material

SUB_AREAS_BY_DOMAIN = {
    "van_phong": ("1.4.1", "1.4.2", "1.4.3", "1.3.1"),
    "kinh_te": ("1.1.1", "1.1.3", "1.1.4", "1.1.5", "1.1.6"),
    "van_hoa": ("1.2.1", "1.2.4", "1.2.5"),
    "hanh_chinh": ("1.4.1", "1.4.2", "1.4.3"),
    "quan_su": ("1.5.1",),
    "cong_an": ("1.5.2", "1.5.3", "1.5.4"),
    "y_te": ("1.2.3",),
    "doan_the": ("1.3.2", "1.2.4", "1.3.3"),
    "giao_duc": ("1.2.2",),
    "doanh_nghiep": ("1.1.3", "1.1.2", "1.1.5"),
    "htx": ("1.1.3", "1.1.2"),
    "village": ("1.2.1", "1.1.6", "1.5.2", "1.5.4", "1.2.4"),
    "household": ("1.1.3", "1.2.4", "1.1.6", "1.2.1"),
    "citizen": ("1.1.3", "1.2.4"),
}

ACHIEVEMENT_TEXTS = {
    "1.1.1": ("Tham mưu hoàn thành giải phóng mặt bằng {n} dự án trọng điểm trên địa bàn đúng tiến độ",
              "Góp phần nâng Chỉ số hài lòng của người dân (SIPAS) của {lw} đạt {p2}%"),
    "1.1.2": ("Chuyển đổi {n} ha đất lúa kém hiệu quả sang trồng rau an toàn theo tiêu chuẩn VietGAP",
              "Áp dụng mô hình kinh tế tuần hoàn trong sản xuất, giảm {p}% chi phí đầu vào"),
    "1.1.3": ("Doanh thu năm {y} tăng {p}% so với năm trước, tạo việc làm ổn định cho {n} lao động",
              "Phát triển kinh tế gia đình, thu nhập đạt {m} triệu đồng/năm",
              "Sản phẩm đạt chứng nhận OCOP 3 sao cấp tỉnh năm {y}"),
    "1.1.4": ("Thu ngân sách nhà nước trên địa bàn đạt {p2}% dự toán năm {y}",
              "Không để phát sinh nợ đọng xây dựng cơ bản trong năm {y}"),
    "1.1.5": ("Thu hút {n} dự án đầu tư mới với tổng vốn đăng ký {m} tỷ đồng",
              "Mở rộng nhà xưởng, đầu tư dây chuyền mới trị giá {m} tỷ đồng"),
    "1.1.6": ("Tổ chức {n} đợt ra quân vệ sinh môi trường, thu gom {m} tấn rác thải",
              "Xử lý dứt điểm {n} trường hợp vi phạm đất đai phát sinh mới"),
    "1.2.1": ("Đạt giải Nhì Liên hoan dân ca Quan họ Bắc Ninh năm {y}",
              "Tổ chức thành công Hội thi văn nghệ - thể thao chào mừng Ngày hội Đại đoàn kết toàn dân tộc",
              "Duy trì {n} câu lạc bộ văn hóa, văn nghệ, thể thao hoạt động thường xuyên"),
    "1.2.2": ("Có {n} học sinh đạt giải trong kỳ thi học sinh giỏi cấp tỉnh năm học {y1} - {y}",
              "Trường được công nhận đạt chuẩn quốc gia mức độ 2",
              "Tỷ lệ học sinh hoàn thành chương trình lớp học đạt {p2}%"),
    "1.2.3": ("Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt {p2}%",
              "Khám sàng lọc, quản lý {m} người mắc bệnh không lây nhiễm",
              "Không để dịch bệnh bùng phát trên địa bàn trong năm {y}"),
    "1.2.4": ("Vận động hỗ trợ xây dựng {n} nhà Đại đoàn kết cho hộ nghèo, hộ có hoàn cảnh khó khăn",
              "Giới thiệu việc làm cho {m} lao động",
              "Giúp {n} hộ thoát nghèo bền vững"),
    "1.2.5": ("Ứng dụng phần mềm quản lý hồ sơ điện tử, rút ngắn {p}% thời gian xử lý công việc",
              "Chuyển giao {n} tiến bộ kỹ thuật vào sản xuất nông nghiệp"),
    "1.3.1": ("Sắp xếp, kiện toàn tổ chức bộ máy theo mô hình chính quyền địa phương 2 cấp, bảo đảm hoạt động thông suốt",),
    "1.3.2": ("Kết nạp {n} hội viên mới, đạt {p2}% kế hoạch năm {y}",
              "Tổ chức {n} buổi tuyên truyền, vận động hội viên thực hiện chủ trương của Đảng, pháp luật của Nhà nước"),
    "1.3.3": ("Tổ chức đối thoại với Nhân dân, giải quyết dứt điểm {n} kiến nghị của cử tri",),
    "1.4.1": ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt {p2}%",
              "Số hóa {m} hồ sơ, kết quả giải quyết thủ tục hành chính"),
    "1.4.2": ("Rà soát, đề xuất đơn giản hóa {n} thủ tục hành chính",),
    "1.4.3": ("Tiếp nhận, giải quyết {m} hồ sơ thủ tục hành chính, 100% đúng và trước hạn",),
    "1.5.1": ("Hoàn thành 100% chỉ tiêu giao quân năm {y}",
              "Lực lượng dân quân được kiểm tra huấn luyện đạt loại giỏi"),
    "1.5.2": ("Phát hiện, bắt giữ {n} vụ, {n2} đối tượng phạm tội về ma túy",
              "Giữ vững địa bàn không có ma túy, không có tụ điểm phức tạp về an ninh trật tự"),
    "1.5.3": ("Không để xảy ra tai nạn giao thông nghiêm trọng trên địa bàn năm {y}",
              "Tuyên truyền an toàn giao thông cho {m} lượt người dân và học sinh"),
    "1.5.4": ("Không để xảy ra cháy, nổ gây thiệt hại về người và tài sản",
              "Thành lập, duy trì {n} tổ liên gia an toàn phòng cháy, chữa cháy"),
    "1.5.5": ("Phối hợp đón tiếp {n} đoàn khách quốc tế đến thăm, làm việc tại địa phương",),
}

INITIATIVE_TITLES = {
    "giao_duc": ("Một số biện pháp nâng cao chất lượng dạy học môn Toán lớp {g}",
                 "Một số biện pháp rèn kỹ năng đọc hiểu cho học sinh lớp {g}",
                 "Ứng dụng công nghệ thông tin trong tổ chức hoạt động trải nghiệm cho học sinh",
                 "Một số biện pháp giáo dục kỹ năng sống cho trẻ mẫu giáo 5 - 6 tuổi",
                 "Nâng cao hiệu quả bồi dưỡng học sinh giỏi môn Tiếng Anh"),
    "y_te": ("Nâng cao tỷ lệ tiêm chủng đầy đủ cho trẻ dưới 1 tuổi tại Trạm Y tế {lw}",
             "Quản lý bệnh nhân tăng huyết áp tại cộng đồng bằng hồ sơ sức khỏe điện tử"),
    "hanh_chinh": ("Giải pháp số hóa hồ sơ hộ tịch tại Bộ phận một cửa {lw}",
                   "Hướng dẫn người dân nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia"),
    "van_phong": ("Ứng dụng Zalo OA trong tiếp nhận phản ánh, kiến nghị của người dân",
                  "Xây dựng quy trình quản lý văn bản điện tử liên thông giữa các phòng, ban {lw}"),
    "kinh_te": ("Giải pháp nâng cao tỷ lệ thu ngân sách nhà nước trên địa bàn {lw}",
                "Ứng dụng bản đồ số trong quản lý đất đai, trật tự xây dựng"),
    "van_hoa": ("Giải pháp nâng cao chất lượng phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”",
                "Chi trả trợ cấp xã hội không dùng tiền mặt cho đối tượng bảo trợ xã hội"),
    "cong_an": ("Ứng dụng dữ liệu dân cư trong quản lý cư trú trên địa bàn {lw}",
                "Mô hình “Camera an ninh” góp phần bảo đảm trật tự, an toàn xã hội"),
    "quan_su": ("Nâng cao chất lượng huấn luyện lực lượng dân quân thường trực",),
    "doan_the": ("Mô hình “Chi hội phụ nữ tiết kiệm” giúp hội viên phát triển kinh tế",
                 "Vận động đoàn viên thanh niên tham gia chuyển đổi số cộng đồng"),
}

DISCIPLINE_REASONS = _nfc((
    "Vi phạm quy định về thời giờ làm việc",
    "Chậm giải quyết hồ sơ thủ tục hành chính, để quá hạn nhiều lần",
    "Thiếu trách nhiệm trong quản lý đất đai, trật tự xây dựng",
    "Vi phạm quy chế làm việc của cơ quan",
))
PENDING_REASONS = _nfc((
    "Có đơn phản ánh về thái độ ứng xử với người dân, đang được xác minh",
    "Liên quan đến vụ việc đang được thanh tra, chưa có kết luận",
    "Đang bị xem xét trách nhiệm do để xảy ra sai sót trong hồ sơ đất đai",
))

PERSON_PLEDGES = _nfc((
    "Hoàn thành xuất sắc nhiệm vụ được giao; chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "Phấn đấu hoàn thành tốt nhiệm vụ, tích cực tham gia các phong trào thi đua; không vi phạm kỷ luật.",
    "Thực hiện tốt nội quy, quy chế của cơ quan; tích cực học tập nâng cao trình độ chuyên môn.",
))
COLLECTIVE_PLEDGES = _nfc((
    "Phấn đấu hoàn thành xuất sắc các chỉ tiêu, nhiệm vụ năm 2026; 100% cá nhân hoàn thành nhiệm vụ, không có ai bị kỷ luật.",
    "Đoàn kết, thực hiện tốt nhiệm vụ chính trị được giao; tích cực hưởng ứng phong trào thi đua yêu nước.",
))
VILLAGE_PLEDGES = _nfc((
    "Xây dựng khu dân cư văn hóa: đời sống kinh tế ổn định, an ninh trật tự bảo đảm, môi trường xanh, sạch, đẹp.",
    "Giữ vững danh hiệu văn hóa; 90% hộ gia đình đạt danh hiệu Gia đình văn hóa.",
))
HOUSEHOLD_PLEDGES = _nfc((
    "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước; gia đình no ấm, tiến bộ, hạnh phúc.",
    "Đoàn kết, tương trợ trong cộng đồng; thực hiện nếp sống văn minh, giữ gìn vệ sinh môi trường.",
    "Phát triển kinh tế gia đình, nuôi dạy con cái chăm ngoan, học giỏi; tham gia tốt các hoạt động ở thôn, tổ dân phố.",
))
RATING_NOTES = _nfc(("", "", "", "", "Theo kết quả đánh giá, xếp loại chất lượng cuối năm",
                     "Đã được Hội đồng đánh giá thống nhất"))

VILLAGER_JOBS = {
    "nong_dan": _nfc(("Nông dân", "Trồng lúa", "Trồng rau màu", "Chăn nuôi", "Nuôi trồng thủy sản")),
    "nhan_dan": _nfc(("Kinh doanh", "Buôn bán nhỏ", "Lao động tự do", "Thợ mộc", "Thợ may", "Nội trợ",
                      "Thợ xây", "Lái xe")),
    "nguoi_lao_dong": _nfc(("Công nhân", "Công nhân khu công nghiệp", "Nhân viên văn phòng", "Kỹ thuật viên")),
}

# (name, unit, target value, H1 actual, year estimate) per province target, as the commune reports them
INDICATORS = {
    1: ("Tốc độ tăng giá trị sản xuất trên địa bàn {lw}", "%", "12,5", "6,3", "12,8"),
    2: ("Thu nhập bình quân đầu người", "triệu đồng/người", "85", "41", "86"),
    3: ("Tỷ lệ lao động qua đào tạo", "%", "80", "76", "80,5"),
    4: ("Tổng vốn đầu tư xây dựng cơ bản trên địa bàn", "tỷ đồng", "150", "64", "152"),
    5: ("Số công trình đầu tư công hoàn thành, đưa vào sử dụng", "công trình", "6", "2", "6"),
    6: ("Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận, giải quyết trực tuyến", "%", "80", "72", "81"),
    7: ("Số doanh nghiệp, hộ kinh doanh có sản phẩm xuất khẩu", "đơn vị", "5", "4", "5"),
    8: ("Thu ngân sách nhà nước trên địa bàn", "triệu đồng", "45.000", "21.500", "46.200"),
    9: ("Tỷ lệ đường giao thông ngõ, xóm được cứng hóa", "%", "100", "97", "100"),
    10: ("Số hộ nghèo theo chuẩn nghèo đa chiều", "hộ", "0", "3", "0"),
    11: ("Tỷ lệ đất giao thông so với đất xây dựng", "%", "25", "22", "23"),
    12: ("Tỷ lệ hộ dân sử dụng nước sạch đạt quy chuẩn", "%", "96,4", "94,1", "96,5"),
    13: ("Số thôn, tổ dân phố không có ma túy", "thôn, tổ dân phố", "{nv}", "{nv1}", "{nv}"),
    14: ("Tỷ lệ diện tích bàn giao mặt bằng các dự án trọng điểm trên địa bàn", "%", "100", "65", "100"),
    15: ("Số tiêu chí đô thị văn minh đạt được", "tiêu chí", "9", "7", "9"),
}
