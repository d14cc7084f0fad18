"""Fixed choice lists (codes stored, Vietnamese labels shown). The list of titles is the catalog's
(desktop/core/catalog.py: ``title_choices``), the one reader of resources/catalog/titles.json."""

from __future__ import annotations

SEX = (("nam", "Nam"), ("nu", "Nữ"))

PERSON_CATEGORY = (
    ("can_bo", "Cán bộ"),
    ("cong_chuc", "Công chức"),
    ("vien_chuc", "Viên chức"),
    ("nguoi_lao_dong", "Người lao động"),
    ("nong_dan", "Nông dân"),
    ("nhan_dan", "Nhân dân"),
    ("chien_si", "Chiến sĩ lực lượng vũ trang"),
)

COLLECTIVE_KIND = (
    ("co_quan", "Cơ quan, đơn vị thuộc xã"),
    ("luc_luong_vu_trang", "Đơn vị Quân sự, Công an"),
    ("doan_the", "Mặt trận, đoàn thể"),
    ("thon", "Thôn"),
    ("to_dan_pho", "Tổ dân phố"),
    ("truong_hoc", "Trường học"),
    ("tram_y_te", "Trạm y tế"),
    ("doanh_nghiep", "Doanh nghiệp"),
    ("hop_tac_xa", "Hợp tác xã"),
    ("khac", "Khác"),
)
VILLAGE_KINDS = ("thon", "to_dan_pho")

# a collective dissolved or merged (the 2025 reorganisation) stays for history, out of new links
COLLECTIVE_STATUS = (
    ("active", "Đang hoạt động"),
    ("dissolved", "Đã giải thể"),
    ("merged", "Đã sáp nhập"),
)
ENDED_STATUSES = ("dissolved", "merged")

RATING = (
    ("xuat_sac", "Hoàn thành xuất sắc nhiệm vụ"),
    ("tot", "Hoàn thành tốt nhiệm vụ"),
    ("hoan_thanh", "Hoàn thành nhiệm vụ"),
    ("khong_hoan_thanh", "Không hoàn thành nhiệm vụ"),
)

DISCIPLINE_STATUS = (
    ("da_ky_luat", "Đã bị kỷ luật"),
    ("dang_xem_xet", "Đang xem xét kỷ luật"),
    ("dang_dieu_tra", "Đang bị điều tra, thanh tra"),
    ("khieu_nai", "Đang có đơn khiếu nại, tố cáo chưa giải quyết"),
)

DISCIPLINE_LEVEL = (
    ("khien_trach", "Khiển trách"),
    ("canh_cao", "Cảnh cáo"),
    ("ha_bac_luong", "Hạ bậc lương"),
    ("giang_chuc", "Giáng chức"),
    ("cach_chuc", "Cách chức"),
    ("buoc_thoi_viec", "Buộc thôi việc"),
)

INITIATIVE_KIND = (("sang_kien", "Sáng kiến"), ("de_tai", "Đề tài nghiên cứu khoa học"))
INITIATIVE_SCOPE = (("co_so", "Cấp cơ sở"), ("tinh", "Cấp tỉnh"), ("toan_quoc", "Toàn quốc"))

SUBJECT_TYPE = (("person", "Cá nhân"), ("collective", "Tập thể"), ("household", "Hộ gia đình"))

COUNCIL_ROLE = (
    ("Chủ tịch Hội đồng", "Chủ tịch Hội đồng"),
    ("Phó Chủ tịch Hội đồng", "Phó Chủ tịch Hội đồng"),
    ("Ủy viên thường trực", "Ủy viên thường trực"),
    ("Ủy viên", "Ủy viên"),
    ("Thư ký", "Thư ký"),
)


def label(choices: tuple[tuple[str, str], ...], code: str | None) -> str:
    if not code:
        return ""
    return dict(choices).get(code, code)
