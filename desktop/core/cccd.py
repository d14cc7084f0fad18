"""Citizen identity number (CCCD / số định danh cá nhân) checks.

Layout (circular 59/2021/TT-BCA): digits 1-3 province code of birth registration, digit 4 century and
sex (1900s: 0 male / 1 female, 2000s: 2 / 3, 2100s: 4 / 5, 2200s: 6 / 7, 2300s: 8 / 9),
digits 5-6 the last two digits of the birth year, digits 7-12 random.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass

from desktop.shared.i18n import tr
from desktop.shared.paths import resources_dir
from desktop.shared.text import one_line

MALE = "nam"
FEMALE = "nu"


@dataclass(frozen=True)
class CccdInfo:
    province_code: str
    century_start: int
    sex: str
    year_suffix: int

    @property
    def birth_year_candidates(self) -> int:
        return self.century_start + self.year_suffix


def format_error(cccd: str) -> str | None:
    """Return a message (in the interface language) if the text is not a well-formed CCCD, else None."""
    if len(cccd) != 12 or not cccd.isascii() or not cccd.isdigit():  # ASCII 0-9 only, not "٠١٢"
        shown = one_line(cccd, 21)  # never echo a control character to the screen or terminal
        return tr(
            "Số CCCD “{number}” không hợp lệ: phải gồm đúng 12 chữ số (hiện có {length} ký tự). "
            "Hãy kiểm tra lại trên thẻ căn cước."
        ).format(number=shown, length=len(cccd))
    return None


def parse(cccd: str) -> CccdInfo:
    digit = int(cccd[3])
    return CccdInfo(
        province_code=cccd[:3],
        century_start=1900 + 100 * (digit // 2),
        sex=MALE if digit % 2 == 0 else FEMALE,
        year_suffix=int(cccd[4:6]),
    )


def consistency_warnings(cccd: str, sex: str | None, birth_date: dt.date | None) -> list[str]:
    """Warnings (not errors) when a well-formed CCCD contradicts the recorded sex or birth year."""
    if format_error(cccd):
        return []
    info = parse(cccd)
    out: list[str] = []
    if sex in (MALE, FEMALE) and sex != info.sex:
        if info.sex == MALE:  # the number says male, the record says female
            text = tr("Chữ số thứ 4 của CCCD ({digit}) ứng với giới tính nam, nhưng hồ sơ ghi nữ. "
                      "Kiểm tra lại giới tính hoặc số CCCD; nếu đúng như thẻ thì có thể lưu.")
        else:
            text = tr("Chữ số thứ 4 của CCCD ({digit}) ứng với giới tính nữ, nhưng hồ sơ ghi nam. "
                      "Kiểm tra lại giới tính hoặc số CCCD; nếu đúng như thẻ thì có thể lưu.")
        out.append(text.format(digit=cccd[3]))
    if birth_date is not None:
        if birth_date.year != info.birth_year_candidates:
            out.append(tr(
                "CCCD mã hóa năm sinh {coded_year} (chữ số 4–6: {digits}), "
                "nhưng ngày sinh ghi năm {recorded_year}. Kiểm tra lại ngày sinh hoặc số CCCD."
            ).format(coded_year=info.birth_year_candidates, digits=cccd[3:6], recorded_year=birth_date.year))
    return out


@functools.cache
def province_codes() -> frozenset[str]:
    """The province codes a CCCD begins with (resources/records/cccd.json, with its source line)."""
    data = json.loads((resources_dir() / "records" / "cccd.json").read_text(encoding="utf-8"))
    codes = data["province_codes"]["codes"]
    if not codes or not all(isinstance(c, str) and len(c) == 3 and c.isdigit() for c in codes):
        raise ValueError("resources/records/cccd.json: province_codes.codes must be three-digit texts")
    return frozenset(codes)


def province_known(cccd: str) -> bool:
    """Whether a well-formed CCCD begins with a province code of birth registration that exists."""
    return format_error(cccd) is None and cccd[:3] in province_codes()
