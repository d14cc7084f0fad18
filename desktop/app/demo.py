"""Synthetic sample data for a commune workspace (``python -m desktop demo``), Qt-free.

Deterministic: the same seed on the same starting workspace gives the same rows; only the
created/updated timestamps (the moment of the run) differ. Every date in the data comes from the
seeded generator and fixed years (2024-2026), never from the clock.

Fast: rows are built as plain dicts with their ids assigned here, then bulk-inserted in batches
inside one transaction (no per-row ORM objects, one audit entry per table), so 50,000 people take
seconds.

Calling it again appends: commune units and villages that already exist (same name and kind) are
reused and only their rank-and-file seats get new people, villages are added as the population
grows, indicators already present are not duplicated, and new CCCD numbers avoid every number
already in the file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Callable

from sqlalchemy import func, insert, select

from desktop.core import choices as C
from desktop.shared.errors import UserError
from desktop.core.plan import default_plan
from desktop.core.records import BULK_RECORD_ID, NAV_ORDER, search_key_for
from desktop.shared.text import given_name_key
from desktop.store.models import (
    Achievement,
    AuditEntry,
    Collective,
    CouncilMember,
    Discipline,
    Household,
    Indicator,
    Initiative,
    Person,
    Rating,
    Registration,
    utcnow,
)

ACTOR = "Dữ liệu mẫu"
PLAN_YEAR = 2026
RATING_YEARS = (2024, 2025, 2026)
LAST_DAY = dt.date(2026, 10, 31)   # no generated event lies after this day
PEOPLE_PER_VILLAGE = 500
BATCH = 5000

Progress = Callable[[int, int], None]


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


# --------------------------------------------------------------------------- unit templates


@dataclass(frozen=True)
class Seat:
    position: str
    category: str
    count: int = 1
    many: bool = False            # rank-and-file: scaled with population, refilled on a later run
    sex: str | None = None        # required sex
    female_share: float = 0.5
    born: tuple[int, int] = (1966, 2003)


@dataclass
class UnitPlan:
    name: str
    kind: str
    domain: str
    seats: tuple[Seat, ...] = ()
    leader_position: str = ""
    address: str = ""
    phone: str = ""
    id: int = 0
    new: bool = True
    leader_name: str = ""
    members: list[int] = field(default_factory=list)


def _unit_templates(unit_name: str, is_ward: bool, people_total: int) -> list[UnitPlan]:
    lw = "phường" if is_ward else "xã"
    short = unit_name.split(" ", 1)[1] if " " in unit_name else unit_name
    cb, cc, vc, ld, nd, cs = "can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong", "nong_dan", "chien_si"
    units = [
        UnitPlan(f"Văn phòng HĐND và UBND {lw}", "co_quan", "van_phong", (
            Seat(f"Bí thư Đảng ủy, Chủ tịch HĐND {lw}", cb, born=(1966, 1980)),
            Seat(f"Phó Chủ tịch HĐND {lw}", cb),
            Seat(f"Chủ tịch UBND {lw}", cb, born=(1966, 1982)),
            Seat(f"Phó Chủ tịch UBND {lw}", cb, 2),
            Seat("Chánh Văn phòng HĐND và UBND", cc),
            Seat("Phó Chánh Văn phòng HĐND và UBND", cc),
            Seat("Chuyên viên Văn phòng HĐND và UBND", cc, 6, many=True),
            Seat("Văn thư - Lưu trữ", cc, 1, female_share=0.8),
            Seat("Kế toán ngân sách", cc, 2, many=True, female_share=0.7),
        ), "Chánh Văn phòng HĐND và UBND"),
        UnitPlan("Phòng Kinh tế, Hạ tầng và Đô thị" if is_ward else "Phòng Kinh tế", "co_quan", "kinh_te", (
            Seat("Trưởng phòng", cc), Seat("Phó Trưởng phòng", cc),
            Seat("Chuyên viên", cc, 7, many=True),
        ), "Trưởng phòng"),
        UnitPlan("Phòng Văn hóa - Xã hội", "co_quan", "van_hoa", (
            Seat("Trưởng phòng", cc), Seat("Phó Trưởng phòng", cc),
            Seat("Chuyên viên", cc, 6, many=True, female_share=0.6),
        ), "Trưởng phòng"),
        UnitPlan(f"Trung tâm Phục vụ hành chính công {lw}", "co_quan", "hanh_chinh", (
            Seat("Giám đốc", cc), Seat("Phó Giám đốc", cc),
            Seat("Viên chức tiếp nhận và trả kết quả", vc, 5, many=True, female_share=0.7),
        ), "Giám đốc"),
        UnitPlan(f"Ban Chỉ huy Quân sự {lw}", "co_quan", "quan_su", (
            Seat("Chỉ huy trưởng", cs, sex="nam"), Seat("Chỉ huy phó", cs, 2, sex="nam"),
        ), "Chỉ huy trưởng"),
        UnitPlan(f"Công an {lw} {short}", "co_quan", "cong_an", (
            Seat(f"Trưởng Công an {lw}", cs, sex="nam"), Seat(f"Phó Trưởng Công an {lw}", cs, 2, sex="nam"),
            Seat("Cán bộ Công an", cs, 10, many=True, female_share=0.15),
        ), f"Trưởng Công an {lw}"),
        UnitPlan(f"Trạm Y tế {lw} {short}", "tram_y_te", "y_te", (
            Seat("Trưởng Trạm Y tế", vc), Seat("Phó Trưởng Trạm Y tế", vc),
            Seat("Bác sĩ", vc, 2, many=True), Seat("Y sĩ", vc, 3, many=True, female_share=0.7),
            Seat("Điều dưỡng", vc, 3, many=True, female_share=0.8),
            Seat("Nữ hộ sinh", vc, 1, sex="nu"), Seat("Dược sĩ", vc, 1, female_share=0.7),
        ), "Trưởng Trạm Y tế"),
        UnitPlan(f"Ủy ban Mặt trận Tổ quốc Việt Nam {lw} {short}", "doan_the", "doan_the", (
            Seat("Chủ tịch Ủy ban MTTQ", cb, born=(1966, 1980)), Seat("Phó Chủ tịch Ủy ban MTTQ", cb, 2),
        ), "Chủ tịch Ủy ban MTTQ"),
        UnitPlan(f"Đoàn Thanh niên Cộng sản Hồ Chí Minh {lw} {short}", "doan_the", "doan_the", (
            Seat("Bí thư Đoàn", cb, born=(1990, 2000)), Seat("Phó Bí thư Đoàn", cb, born=(1992, 2003)),
        ), "Bí thư Đoàn"),
        UnitPlan(f"Hội Liên hiệp Phụ nữ {lw} {short}", "doan_the", "doan_the", (
            Seat("Chủ tịch Hội Liên hiệp Phụ nữ", cb, sex="nu"),
            Seat("Phó Chủ tịch Hội Liên hiệp Phụ nữ", cb, sex="nu"),
        ), "Chủ tịch Hội Liên hiệp Phụ nữ"),
        UnitPlan(f"Hội Cựu chiến binh {lw} {short}", "doan_the", "doan_the", (
            Seat("Chủ tịch Hội Cựu chiến binh", cb, sex="nam", born=(1966, 1972)),
            Seat("Phó Chủ tịch Hội Cựu chiến binh", cb, sex="nam", born=(1966, 1975)),
        ), "Chủ tịch Hội Cựu chiến binh"),
    ]
    if not is_ward:
        units.append(UnitPlan(f"Hội Nông dân {lw} {short}", "doan_the", "doan_the", (
            Seat("Chủ tịch Hội Nông dân", cb, born=(1966, 1980)), Seat("Phó Chủ tịch Hội Nông dân", cb),
        ), "Chủ tịch Hội Nông dân"))
    per_level = max(1, round(people_total / 6000))
    for level, teachers, female in (("Mầm non", 22, 1.0), ("Tiểu học", 28, 0.8), ("THCS", 32, 0.7)):
        for i in range(per_level):
            name = f"Trường {level} {short}" + (f" số {i + 1}" if i else "")
            units.append(UnitPlan(name, "truong_hoc", "giao_duc", (
                Seat("Hiệu trưởng", vc, born=(1966, 1982), female_share=female),
                Seat("Phó Hiệu trưởng", vc, 2, female_share=female),
                Seat("Giáo viên", vc, teachers, many=True, sex="nu" if female == 1.0 else None,
                     female_share=female),
                Seat("Nhân viên", ld, 3, many=True, female_share=0.6),
            ), "Hiệu trưởng"))
    for i in range(max(2, round(people_total / 2500))):
        trade = TRADES[i % len(TRADES)]
        brand = BRANDS[(i + i // len(TRADES)) % len(BRANDS)]
        suffix = f" {i // (len(TRADES) * len(BRANDS)) + 1}" if i >= len(TRADES) * len(BRANDS) else ""
        form = "Công ty Cổ phần" if i % 3 == 1 else "Công ty TNHH"
        units.append(UnitPlan(f"{form} {trade} {brand}{suffix}", "doanh_nghiep", "doanh_nghiep", (
            Seat("Giám đốc", ld, born=(1966, 1988), female_share=0.3),
            Seat("Kế toán", ld, female_share=0.8),
            Seat("Công nhân", ld, 60, many=True, female_share=0.55),
        ), "Giám đốc"))
    for i in range(max(1, round(people_total / 5000))):
        if is_ward:
            name = f"HTX dịch vụ tổng hợp {short}" + (f" số {i + 1}" if i else "")
        else:
            base = VILLAGE_BASES[i % len(VILLAGE_BASES)]
            name = f"HTX dịch vụ nông nghiệp {base}" + (f" {i // len(VILLAGE_BASES) + 1}" if i >= len(VILLAGE_BASES) else "")
        units.append(UnitPlan(name, "hop_tac_xa", "htx", (
            Seat("Giám đốc HTX", ld, born=(1966, 1985), female_share=0.3),
            Seat("Kế toán HTX", ld, female_share=0.8),
            Seat("Thành viên HTX", nd, 10, many=True),
        ), "Giám đốc HTX"))
    return units


def _village_names(is_ward: bool, count: int) -> list[str]:
    if is_ward:
        return [f"Tổ dân phố số {i + 1}" for i in range(count)]
    out = []
    for i in range(count):
        base = VILLAGE_BASES[i % len(VILLAGE_BASES)]
        rnd = i // len(VILLAGE_BASES)
        out.append(f"Thôn {base}" + (f" {rnd + 1}" if rnd else ""))
    return out


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


# --------------------------------------------------------------------------- generator


class _Gen:
    def __init__(self, rng: random.Random, taken_cccd: set[str]):
        self.r = rng
        self.taken = taken_cccd
        self._sort_keys: dict[str, str] = {}
        self._keys: dict[tuple, str] = {}

    # ---- small helpers ---------------------------------------------------------------------
    def family(self) -> str:
        return FAMILY_NAMES[bisect.bisect_right(_FAMILY_CUM, self.r.random() * _FAMILY_CUM[-1])]

    def name(self, sex: str, year: int, family: str | None = None) -> str:
        r = self.r
        family = family or self.family()
        if sex == "nam":
            p_common = 0.75 if year < 1975 else 0.45 if year < 1990 else 0.25
            middle = VAN if r.random() < p_common else r.choice(MALE_MIDDLE)
            given = r.choice(MALE_GIVEN)
            while given == middle:
                given = r.choice(MALE_GIVEN)
        else:
            p_common = 0.85 if year < 1975 else 0.6 if year < 1990 else 0.35
            if r.random() < p_common:
                middle = THI if r.random() < 0.8 else f"{THI} {r.choice(FEMALE_SECOND)}"
            else:
                middle = r.choice(FEMALE_MIDDLE)
            given = r.choice(FEMALE_GIVEN)
            while middle.endswith(given):
                given = r.choice(FEMALE_GIVEN)
        return f"{family} {middle} {given}"

    def date_in(self, year: int, first: dt.date | None = None, last: dt.date | None = None) -> dt.date:
        lo = (first or dt.date(year, 1, 1)).toordinal()
        hi = min(last or dt.date(year, 12, 31), LAST_DAY)
        return dt.date.fromordinal(lo + self.r.randrange(hi.toordinal() - lo + 1))

    def cccd(self, sex: str, year: int) -> str:
        prefix = _PREFIXES[bisect.bisect_right(_PREFIX_CUM, self.r.random() * _PREFIX_CUM[-1])]
        head = f"{prefix}{(year // 100 - 19) * 2 + (1 if sex == 'nu' else 0)}{year % 100:02d}"
        while True:
            num = f"{head}{self.r.randrange(1_000_000):06d}"
            if num not in self.taken:
                self.taken.add(num)
                return num

    def phone(self) -> str:
        return f"{self.r.choice(('03', '08', '09'))}{self.r.randrange(100_000_000):08d}"

    def sort_key(self, full_name: str) -> str:
        k = self._sort_keys.get(full_name)
        if k is None:
            k = self._sort_keys[full_name] = given_name_key(full_name)
        return k

    def key(self, kind_key: str, **values: str) -> str:
        """records.search_key_for, memoised for the many repeated texts (pledges, notes)."""
        ck = (kind_key, *values.items())
        k = self._keys.get(ck)
        if k is None:
            k = search_key_for(kind_key, values)
            if len(self._keys) < 50_000:
                self._keys[ck] = k
        return k


@dataclass(slots=True)
class _P:
    """A person being generated (inserted later as a dict)."""

    name: str
    sex: str
    birth: dt.date
    household: int      # index into households
    category: str = ""
    position: str = ""
    unit: int = -1      # index into units; -1: lives in the village (set from the household)
    id: int = 0


def _max_id(s, model) -> int:
    return int(s.scalar(select(func.coalesce(func.max(model.id), 0))) or 0)


def fill(db, people: int, seed: int = 1, progress: Progress | None = None) -> dict[str, int]:
    """Append synthetic, deterministic sample data for ``people`` persons. Returns counts per kind."""
    if people < 0:
        raise ValueError("people must be >= 0")
    ws = db.workspace()
    if ws is None:
        raise UserError("Chưa khởi tạo dữ liệu xã, phường. Hãy chạy lệnh init trước khi tạo dữ liệu mẫu.")
    unit_name = ws.unit_name
    is_ward = unit_name.startswith("Phường")
    lw = "phường" if is_ward else "xã"
    short = unit_name.split(" ", 1)[1] if " " in unit_name else unit_name
    counts = {k: 0 for k in NAV_ORDER}
    now = utcnow()
    stamp = {"created_at": now, "updated_at": now}

    with db.session() as s:
        conn = s.connection()
        raw = conn.connection.dbapi_connection
        if not getattr(raw, "in_transaction", True):
            # take the write lock first so the ids read below stay ours until commit
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            rows = _build(s, people, seed, unit_name, is_ward, lw, short, stamp, counts)
            total = sum(len(v) for _, v in rows)
            done = 0
            if progress:
                progress(0, total)
            for model, items in rows:
                for i in range(0, len(items), BATCH):
                    chunk = items[i:i + BATCH]
                    # render_nulls: without it the ORM drops None values and splits a batch into a new
                    # statement at every change in which columns are NULL (one subject of three...)
                    s.execute(insert(model).execution_options(render_nulls=True), chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            audit = []
            for model, items in rows:
                if items:
                    audit.append({
                        "actor": ACTOR, "table_name": model.__tablename__, "record_id": BULK_RECORD_ID,
                        "action": "import", "at": now,
                        "changes": json.dumps({"count": len(items), "first_id": items[0]["id"],
                                               "last_id": items[-1]["id"], "seed": seed, "people": people},
                                              ensure_ascii=False),
                    })
            if audit:
                s.execute(insert(AuditEntry), audit)
            s.commit()
        except BaseException:
            s.rollback()
            raise
    return counts


def _build(s, people: int, seed: int, unit_name: str, is_ward: bool, lw: str, short: str,
           stamp: dict, counts: dict[str, int]) -> list[tuple[type, list[dict[str, Any]]]]:
    live_people = int(s.scalar(select(func.count()).select_from(Person).where(Person.deleted_at.is_(None))) or 0)
    ids = {m: _max_id(s, m) for m in (Collective, Household, Person, Rating, Discipline, Initiative,
                                      Registration, Achievement, Indicator, CouncilMember)}
    # the same seed on a workspace that already holds people must not repeat the same names
    rng = random.Random(seed * 1_000_003 + ids[Person])
    taken = set(s.scalars(select(Person.cccd).where(Person.cccd.is_not(None))))
    g = _Gen(rng, taken)
    r = rng

    def next_id(model) -> int:
        ids[model] += 1
        return ids[model]

    # ---- collectives: units and villages, reusing those already there --------------------------
    existing = {(n, k): (i, leader) for i, n, k, leader in s.execute(
        select(Collective.id, Collective.name, Collective.kind, Collective.leader_name)
        .where(Collective.deleted_at.is_(None)).order_by(Collective.id))}
    total_people = live_people + people
    units = _unit_templates(unit_name, is_ward, total_people)
    village_kind = "to_dan_pho" if is_ward else "thon"
    n_villages = max(1, round(total_people / PEOPLE_PER_VILLAGE)) if people else 0
    villages = [UnitPlan(n, village_kind, "village") for n in _village_names(is_ward, n_villages)]
    for u in [*units, *villages]:
        hit = existing.get((u.name, u.kind))
        if hit:
            u.id, u.new, u.leader_name = hit[0], False, hit[1]
    if people == 0:
        units = [u for u in units if not u.new]

    # ---- households and their adult members --------------------------------------------------
    persons: list[_P] = []
    households: list[dict[str, Any]] = []   # village index, head person index, members
    while len(persons) < people:
        h = len(households)
        vi = r.randrange(len(villages))
        head_sex = "nam" if r.random() < 0.8 else "nu"
        head_year = r.randint(1950, 1985) if r.random() < 0.8 else r.randint(1986, 2000)
        family = g.family()
        members = [_P(g.name(head_sex, head_year, family if head_sex == "nam" else None), head_sex,
                      g.date_in(head_year), h)]
        size = r.choices((1, 2, 3, 4, 5, 6), (10, 30, 25, 20, 10, 5))[0]
        if size >= 2 and r.random() < 0.9:
            sp_sex = "nu" if head_sex == "nam" else "nam"
            sp_year = min(2005, max(1950, head_year + r.randint(-2, 6) * (1 if head_sex == "nam" else -1)))
            members.append(_P(g.name(sp_sex, sp_year), sp_sex, g.date_in(sp_year), h))
        kid_family = family if head_sex == "nam" else g.family()
        mother_year = head_year
        minors = 0
        while len(members) < size:
            y = mother_year + r.randint(20, 36)
            if y > 2005:
                minors += 1
                if minors > 3:
                    break
                continue
            sx = "nam" if r.random() < 0.5 else "nu"
            members.append(_P(g.name(sx, y, kid_family), sx, g.date_in(y), h))
        if head_year >= 1975:
            minors += r.choice((0, 1, 1, 2, 2, 3))
        members = members[: people - len(persons)]
        households.append({"village": vi, "head": len(persons), "members": len(members) + min(minors, 4)})
        persons.extend(members)

    # ---- seats: officials, teachers, workers... drawn from working-age residents ----------------
    scale = min(1.0, max(0.12, total_people / 15000))
    pool_m = [i for i, p in enumerate(persons) if p.sex == "nam" and 1966 <= p.birth.year <= 2003]
    pool_f = [i for i, p in enumerate(persons) if p.sex == "nu" and 1966 <= p.birth.year <= 2003]
    r.shuffle(pool_m)
    r.shuffle(pool_f)

    def take(seat: Seat) -> int | None:
        if seat.sex:
            pools = [pool_m if seat.sex == "nam" else pool_f]
        else:
            first = pool_f if r.random() < seat.female_share else pool_m
            pools = [first, pool_m if first is pool_f else pool_f]
        lo, hi = seat.born
        for pool in pools:
            for back in range(1, min(len(pool), 60) + 1):
                idx = pool[-back]
                if lo <= persons[idx].birth.year <= hi:
                    pool[-back] = pool[-1]
                    pool.pop()
                    return idx
        return None

    for ui, u in enumerate(units):
        for seat in u.seats:
            if not u.new and not seat.many:
                continue
            n = max(1, round(seat.count * scale * r.uniform(0.7, 1.3))) if seat.many else seat.count
            for _ in range(n):
                idx = take(seat)
                if idx is None:
                    break
                p = persons[idx]
                p.category, p.position, p.unit = seat.category, seat.position, ui
                u.members.append(idx)
                if u.new and not u.leader_name and seat.position == u.leader_position:
                    u.leader_name = p.name

    # villagers
    ward = is_ward  # short alias for the many branches below
    for p in persons:
        if p.category:
            continue
        age = PLAN_YEAR - p.birth.year
        x = r.random()
        if age >= 62:
            if not ward and x < 0.35:
                p.category, p.position = "nong_dan", "Nông dân"
            else:
                p.category = "nhan_dan"
                p.position = "Hưu trí" if r.random() < 0.7 else r.choice(VILLAGER_JOBS["nhan_dan"])
        else:
            if ward:
                p.category = "nong_dan" if x < 0.05 else "nguoi_lao_dong" if x < 0.35 else "nhan_dan"
            else:
                p.category = "nong_dan" if x < 0.5 else "nguoi_lao_dong" if x < 0.7 else "nhan_dan"
            p.position = r.choice(VILLAGER_JOBS[p.category])

    # village heads
    by_village: dict[int, list[int]] = {}
    for h in households:
        by_village.setdefault(h["village"], []).append(h["head"])
    for vi, v in enumerate(villages):
        if not v.new or vi not in by_village:
            continue
        heads = [i for i in by_village[vi] if persons[i].unit < 0 and 1960 <= persons[i].birth.year <= 1990]
        if heads:
            p = persons[r.choice(heads)]
            p.position = "Tổ trưởng tổ dân phố" if ward else "Trưởng thôn"
            v.leader_name = p.name

    # ---- collective rows ---------------------------------------------------------------------
    coll_rows: list[dict[str, Any]] = []
    for u in [*units, *villages]:
        if not u.new:
            continue
        u.id = next_id(Collective)
        if u.kind in C.VILLAGE_KINDS:
            address = f"{u.name}, {unit_name}"
        elif u.kind in ("co_quan", "doan_the", "tram_y_te"):
            address = f"Trụ sở UBND {lw} {short}" if u.kind != "tram_y_te" else f"{r.choice(villages).name}, {unit_name}"
        else:
            address = f"{r.choice(villages).name}, {unit_name}"
        phone = f"0222 3{r.randrange(1_000_000):06d}" if u.kind not in C.VILLAGE_KINDS else (
            g.phone() if r.random() < 0.5 else "")
        coll_rows.append({
            "id": u.id, "name": u.name, "kind": u.kind, "address": address, "leader_name": u.leader_name,
            "phone": phone, "note": "", **stamp,
            "search_key": g.key("collective", name=u.name, leader_name=u.leader_name, address=address),
        })

    # ---- household rows ------------------------------------------------------------------------
    hh_rows: list[dict[str, Any]] = []
    for h in households:
        h["id"] = next_id(Household)
        head = persons[h["head"]]
        village = villages[h["village"]]
        if ward:
            address = f"Số {r.randint(1, 250)} {r.choice(STREETS)}, {village.name}, {unit_name}"
        else:
            address = f"{village.name}, {unit_name}"
        phone = g.phone() if r.random() < 0.6 else ""
        hh_rows.append({
            "id": h["id"], "head_name": head.name, "village_id": village.id, "address": address,
            "members": h["members"], "phone": phone, "note": "", **stamp,
            "search_key": g.key("household", head_name=head.name, address=address, phone=phone),
        })

    # ---- person rows ---------------------------------------------------------------------------
    p_rows: list[dict[str, Any]] = []
    for p in persons:
        p.id = next_id(Person)
        cccd = g.cccd(p.sex, p.birth.year) if r.random() < 0.98 else None
        phone = g.phone() if r.random() < 0.55 else ""
        coll = units[p.unit].id if p.unit >= 0 else villages[households[p.household]["village"]].id
        p_rows.append({
            "id": p.id, "full_name": p.name, "sex": p.sex, "birth_date": p.birth, "cccd": cccd,
            "position": p.position, "collective_id": coll, "household_id": households[p.household]["id"],
            "category": p.category, "phone": phone, "note": "", **stamp,
            "search_key": search_key_for("person", {"full_name": p.name, "cccd": cccd,
                                                 "position": p.position, "phone": phone}),
            "sort_key": g.sort_key(p.name),
        })

    # ---- council (only when the workspace has hardly any) ---------------------------------------
    council_rows: list[dict[str, Any]] = []
    live_council = list(s.execute(select(CouncilMember.role, CouncilMember.sort_order)
                                  .where(CouncilMember.deleted_at.is_(None))))
    if len(live_council) < 3 and units and units[0].new:
        roles_there = {role for role, _ in live_council}
        order = max([o for _, o in live_council] + [0])
        by_pos: dict[tuple[str, str], _P] = {}   # (unit name, position) -> first holder
        for u in units:
            for idx in u.members:
                by_pos.setdefault((u.name, persons[idx].position), persons[idx])
        office = units[0].name
        here = f"{lw} {short}"
        wanted = [  # (council role, unit, seat position, position shown in the council list)
            ("Chủ tịch Hội đồng", office, f"Chủ tịch UBND {lw}", f"Chủ tịch UBND {here}"),
            ("Phó Chủ tịch Hội đồng", office, f"Phó Chủ tịch UBND {lw}", f"Phó Chủ tịch UBND {here}"),
            ("Phó Chủ tịch Hội đồng", f"Ủy ban Mặt trận Tổ quốc Việt Nam {here}", "Chủ tịch Ủy ban MTTQ",
             f"Chủ tịch Ủy ban MTTQ Việt Nam {here}"),
            ("Ủy viên thường trực", office, "Chánh Văn phòng HĐND và UBND", "Chánh Văn phòng HĐND và UBND"),
            ("Ủy viên", "Phòng Văn hóa - Xã hội", "Trưởng phòng", "Trưởng phòng Văn hóa - Xã hội"),
            ("Ủy viên", f"Công an {here}", f"Trưởng Công an {lw}", f"Trưởng Công an {here}"),
            ("Ủy viên", f"Hội Liên hiệp Phụ nữ {here}", "Chủ tịch Hội Liên hiệp Phụ nữ",
             f"Chủ tịch Hội Liên hiệp Phụ nữ {here}"),
            ("Ủy viên", f"Đoàn Thanh niên Cộng sản Hồ Chí Minh {here}", "Bí thư Đoàn", f"Bí thư Đoàn {here}"),
            ("Thư ký", office, "Chuyên viên Văn phòng HĐND và UBND", "Chuyên viên Văn phòng HĐND và UBND"),
        ]
        for role, where, seat_position, position in wanted:
            if role == "Chủ tịch Hội đồng" and role in roles_there:
                continue
            p = by_pos.get((where, seat_position))
            if p is None:
                continue
            order += 1
            council_rows.append({
                "id": next_id(CouncilMember), "full_name": p.name, "role": role, "position": position,
                "sort_order": order, **stamp,
                "search_key": g.key("council", full_name=p.name, role=role, position=position),
            })

    # ---- ratings: officials, civil servants, public employees; unit collectives ---------------
    rating_rows: list[dict[str, Any]] = []
    levels = ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")
    good: set[int] = set()   # person ids rated excellent in 2025

    def rating_row(year: int, rating: str, person_id=None, collective_id=None) -> dict[str, Any]:
        note = r.choice(RATING_NOTES)
        return {"id": next_id(Rating), "person_id": person_id, "collective_id": collective_id,
                "household_id": None, "year": year, "rating": rating, "note": note, **stamp,
                "search_key": g.key("rating", note=note)}

    for p in persons:
        if p.category not in ("can_bo", "cong_chuc", "vien_chuc"):
            continue
        t = r.random()
        weights = (60, 40, 0, 0) if t < 0.2 else (10, 78, 11, 1) if t < 0.88 else (0, 35, 57, 8)
        for year in RATING_YEARS:
            lv = r.choices(levels, weights)[0]
            if year == 2025 and lv == "xuat_sac":
                good.add(p.id)
            rating_rows.append(rating_row(year, lv, person_id=p.id))
    for u in units:
        if u.new and u.kind in ("co_quan", "truong_hoc", "tram_y_te", "doan_the") and r.random() < 0.85:
            for year in RATING_YEARS:
                rating_rows.append(rating_row(year, r.choices(levels, (35, 55, 10, 0))[0], collective_id=u.id))

    # ---- discipline ----------------------------------------------------------------------------
    disc_rows: list[dict[str, Any]] = []
    staff = [p for p in persons if p.category in ("can_bo", "cong_chuc", "vien_chuc", "chien_si")]
    n_disc = min(len(staff), max(3 if len(staff) >= 20 else 1, len(staff) // 40))
    for i, p in enumerate(r.sample(staff, n_disc)):
        decided = i % 3 != 2
        year = r.choice((2025, 2026)) if decided else 2026
        start = g.date_in(year)
        reason = r.choice(DISCIPLINE_REASONS if decided else PENDING_REASONS)
        if decided:
            status = "da_ky_luat"
            level = r.choices(("khien_trach", "canh_cao", "ha_bac_luong"), (65, 30, 5))[0]
            decision_no = f"{r.randint(5, 480)}/QĐ-UBND"
            end = start + dt.timedelta(days=365 if level == "khien_trach" else 548)
        else:
            status = r.choice(("dang_xem_xet", "dang_dieu_tra", "khieu_nai"))
            level, decision_no, end = "", "", None
        disc_rows.append({
            "id": next_id(Discipline), "person_id": p.id, "collective_id": None, "status": status,
            "level": level, "decision_no": decision_no, "start_date": start, "end_date": end,
            "reason": reason, **stamp,
            "search_key": g.key("discipline", decision_no=decision_no, reason=reason),
        })

    # ---- initiatives ---------------------------------------------------------------------------
    init_rows: list[dict[str, Any]] = []
    innovators: set[int] = set()
    for p in staff:
        dom = units[p.unit].domain if p.unit >= 0 else ""
        titles = INITIATIVE_TITLES.get(dom)
        if not titles or r.random() > 0.22:
            continue
        year = r.choices(RATING_YEARS, (25, 45, 30))[0]
        title = r.choice(titles).format(g=r.randint(1, 5), lw=f"{lw} {short}")
        kind = "de_tai" if r.random() < 0.1 else "sang_kien"
        x = r.random()
        scope = "co_so" if x < 0.85 else "tinh" if x < 0.98 else "toan_quoc"
        if scope == "co_so":
            body = r.choice((f"Hội đồng sáng kiến cấp cơ sở {lw} {short}", f"UBND {lw} {short}"))
            decision = f"{r.randint(10, 480)}/QĐ-UBND"
        elif scope == "tinh":
            body = r.choice(("Hội đồng sáng kiến tỉnh Bắc Ninh", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh"))
            decision = f"{r.randint(100, 2500)}/QĐ-{'UBND' if body.startswith('Hội') else 'SKHCN'}"
        else:
            body, decision = "Bộ Khoa học và Công nghệ", f"{r.randint(100, 3000)}/QĐ-BKHCN"
        on = g.date_in(year, first=dt.date(year, 9, 1))
        innovators.add(p.id)
        init_rows.append({
            "id": next_id(Initiative), "person_id": p.id, "kind": kind, "title": title, "year": year,
            "scope": scope, "recognised_by": body, "recognised_on": on, "decision_no": decision, **stamp,
            "search_key": g.key("initiative", title=title, recognised_by=body, decision_no=decision),
        })

    # ---- registrations for the plan year ------------------------------------------------------
    reg_rows: list[dict[str, Any]] = []
    reg_first, reg_last = dt.date(PLAN_YEAR, 1, 5), dt.date(PLAN_YEAR, 3, 31)

    def reg(code: str, pledge: str, person_id=None, collective_id=None, household_id=None) -> None:
        reg_rows.append({
            "id": next_id(Registration), "person_id": person_id, "collective_id": collective_id,
            "household_id": household_id, "year": PLAN_YEAR, "title_code": code, "pledge": pledge,
            "registered_on": g.date_in(PLAN_YEAR, reg_first, reg_last), **stamp,
            "search_key": g.key("registration", pledge=pledge),
        })

    for p in persons:
        if p.category in ("can_bo", "cong_chuc", "vien_chuc", "chien_si"):
            if r.random() < 0.95:
                cstd = (p.id in good or p.id in innovators) and r.random() < 0.7
                reg("CSTDCS" if cstd else "LDTT", r.choice(PERSON_PLEDGES), person_id=p.id)
        elif p.unit >= 0 and r.random() < 0.6:
            reg("LDTT", r.choice(PERSON_PLEDGES), person_id=p.id)
        elif p.unit < 0 and p.category in ("nong_dan", "nguoi_lao_dong") and r.random() < 0.04:
            reg("LDTT", r.choice(PERSON_PLEDGES), person_id=p.id)
    for u in units:
        if u.new and r.random() < 0.85:
            reg("TTLDTT", r.choice(COLLECTIVE_PLEDGES), collective_id=u.id)
    for v in villages:
        if v.new and r.random() < 0.9:
            reg("THON_VH", r.choice(VILLAGE_PLEDGES), collective_id=v.id)
    for h in households:
        if r.random() < 0.85:
            reg("GDVH", r.choice(HOUSEHOLD_PLEDGES), household_id=h["id"])

    # ---- achievements ------------------------------------------------------------------------
    ach_rows: list[dict[str, Any]] = []

    def achieve(domain: str, person_id=None, collective_id=None, household_id=None) -> None:
        sub = r.choice(SUB_AREAS_BY_DOMAIN[domain])
        year = PLAN_YEAR if r.random() < 0.7 else PLAN_YEAR - 1
        text = r.choice(ACHIEVEMENT_TEXTS[sub]).format(
            n=r.randint(2, 15), n2=r.randint(3, 20), p=r.randint(5, 30), p2=r.randint(90, 99),
            m=r.randint(20, 900), y=year, y1=year - 1, lw=lw)
        x = r.random()
        evidence = (f"Báo cáo số {r.randint(10, 300)}/BC-UBND" if x < 0.3
                    else f"Quyết định số {r.randint(10, 900)}/QĐ-UBND" if x < 0.5 else "")
        ach_rows.append({
            "id": next_id(Achievement), "person_id": person_id, "collective_id": collective_id,
            "household_id": household_id, "year": year, "area_code": sub.rsplit(".", 1)[0],
            "sub_area_code": sub, "description": text, "achieved_on": g.date_in(year), "evidence": evidence,
            **stamp, "search_key": g.key("achievement", description=text, evidence=evidence),
        })

    for p in persons:
        if p.unit >= 0:
            if (p.category in ("can_bo", "cong_chuc", "vien_chuc", "chien_si") and r.random() < 0.3) or (
                    r.random() < 0.03):
                achieve(units[p.unit].domain, person_id=p.id)
        elif r.random() < 0.01:
            achieve("citizen", person_id=p.id)
    for u in units:
        if u.new:
            for _ in range(r.randint(1, 2)):
                achieve(u.domain, collective_id=u.id)
    for v in villages:
        if v.new:
            achieve("village", collective_id=v.id)
    for h in households:
        if r.random() < 0.02:
            achieve("household", household_id=h["id"])

    # ---- indicators: the 15 targets, both periods, where missing --------------------------------
    ind_rows: list[dict[str, Any]] = []
    have = set(s.execute(select(Indicator.target_code, Indicator.period)
                         .where(Indicator.year == PLAN_YEAR, Indicator.deleted_at.is_(None))))
    plan = default_plan()
    if people:
        nv = str(len(villages))
        for t in plan.targets:
            name, unit, target, h1, year_est = INDICATORS.get(t.code, (t.short, t.unit, t.high, "", ""))
            for period in ("H1", "Y"):
                if (t.code, period) in have:
                    continue
                fmt = {"lw": lw, "nv": nv, "nv1": str(max(0, len(villages) - 1))}
                n = name.format(**fmt)
                actual = (h1 if period == "H1" else year_est).format(**fmt)
                note = "Số liệu thực hiện 6 tháng đầu năm" if period == "H1" else "Ước thực hiện cả năm"
                ind_rows.append({
                    "id": next_id(Indicator), "year": PLAN_YEAR, "target_code": t.code, "period": period,
                    "name": n, "unit": unit, "target_value": target.format(**fmt), "actual_value": actual,
                    "note": note, **stamp, "search_key": g.key("indicator", name=n, note=note),
                })

    out = [
        (Collective, coll_rows), (Household, hh_rows), (Person, p_rows), (CouncilMember, council_rows),
        (Rating, rating_rows), (Discipline, disc_rows), (Initiative, init_rows),
        (Registration, reg_rows), (Achievement, ach_rows), (Indicator, ind_rows),
    ]
    key_of = {Person: "person", Household: "household", Collective: "collective", Rating: "rating",
              Discipline: "discipline", Initiative: "initiative", Registration: "registration",
              Achievement: "achievement", Indicator: "indicator", CouncilMember: "council"}
    for model, items in out:
        counts[key_of[model]] = len(items)
    return out


__all__ = ["fill", "ACTOR"]
