"""The earlier-awards CSV obeys the one text rule too: ASCII years, no control, bidi or invisible
character in what is stored, and no message echoes one."""

from __future__ import annotations

import pytest

from desktop.shared.errors import UserError

HEAD = "loai,ma_dinh_danh,ho_ten,nam,ma_danh_hieu,so_quyet_dinh,ngay_quyet_dinh\n"


@pytest.mark.parametrize("row, fragment", [
    ("person,,Đặng Thị Đào,٢٠٢٤,CSTDCS,12/QĐ-UBND,10/12/2024", "Dòng 2: năm “٢٠٢٤” phải là 4 chữ số"),
    ("person,,Đặng Thị Đào,,CSTDCS,12/QĐ-UBND,10/12/2024", "Dòng 2: năm “” phải là 4 chữ số"),
    ("person,,Đặng Thị Đào,2024,CSTDCS,12/QĐ\u202e-UBND,10/12/2024", "Dòng 2, cột “so_quyet_dinh”: có ký tự định hướng"),
    ("person,,Đặng Thị Đào,2024,CSTDCS,12/QĐ\x1b[2J,10/12/2024", "Dòng 2, cột “so_quyet_dinh”: có ký tự điều khiển U+001B"),
    ("person,,Không\x1b[2J Có Ai,2024,CSTDCS,12/QĐ-UBND,10/12/2024", "Dòng 2: không tìm thấy đối tượng"),
])
def test_a_bad_row_is_refused_naming_it_and_nothing_goes_in(commune, tmp_path, row, fragment):
    p = commune.person("Đặng Thị Đào", rating="xuat_sac")
    f = tmp_path / "lich_su.csv"
    f.write_text(HEAD + row + "\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        commune.review.import_history_csv(f)
    assert fragment in info.value.message
    assert "\x1b" not in info.value.message and "\u202e" not in info.value.message
    assert commune.review.history(("person", p)) == []
