"""The commune's units as planned before any row is written: each with its seats (positions, how
many, who may hold them), and the names of the villages or residential groups."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.app.demo.material import BRANDS, TRADES, VILLAGE_BASES


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


def _commune_offices(unit_name: str, is_ward: bool) -> list[UnitPlan]:
    """The offices, the police, the health station and the mass organisations: one of each."""
    lw = "phường" if is_ward else "xã"
    short = unit_name.split(" ", 1)[1] if " " in unit_name else unit_name
    cb, cc, vc, cs = "can_bo", "cong_chuc", "vien_chuc", "chien_si"
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
        UnitPlan(f"Ban Chỉ huy Quân sự {lw}", "luc_luong_vu_trang", "quan_su", (
            Seat("Chỉ huy trưởng", cs, sex="nam"), Seat("Chỉ huy phó", cs, 2, sex="nam"),
        ), "Chỉ huy trưởng"),
        UnitPlan(f"Công an {lw} {short}", "luc_luong_vu_trang", "cong_an", (
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
    return units


def _schools(short: str, people_total: int) -> list[UnitPlan]:
    vc, ld = "vien_chuc", "nguoi_lao_dong"
    units = []
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
    return units


def _companies(people_total: int) -> list[UnitPlan]:
    ld = "nguoi_lao_dong"
    units = []
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
    return units


def _cooperatives(short: str, is_ward: bool, people_total: int) -> list[UnitPlan]:
    ld, nd = "nguoi_lao_dong", "nong_dan"
    units = []
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


def _unit_templates(unit_name: str, is_ward: bool, people_total: int) -> list[UnitPlan]:
    short = unit_name.split(" ", 1)[1] if " " in unit_name else unit_name
    return [*_commune_offices(unit_name, is_ward), *_schools(short, people_total), *_companies(people_total),
            *_cooperatives(short, is_ward, people_total)]


def _village_names(is_ward: bool, count: int) -> list[str]:
    if is_ward:
        return [f"Tổ dân phố số {i + 1}" for i in range(count)]
    out = []
    for i in range(count):
        base = VILLAGE_BASES[i % len(VILLAGE_BASES)]
        rnd = i // len(VILLAGE_BASES)
        out.append(f"Thôn {base}" + (f" {rnd + 1}" if rnd else ""))
    return out
